#!/bin/sh
# Builds schema1.db: a small wave-1 (schema 1, one global hash chain) ledger, written by the wave-1 CLI itself.
# Run with the `opsledger` of commit 524808f (the last schema-1 commit) on PATH, in an empty directory:
#   git worktree add --detach /tmp/wave1 524808f && python3 -m venv /tmp/v1 && /tmp/v1/bin/pip install -e /tmp/wave1
#   PATH=/tmp/v1/bin:$PATH sh tests/data/make-schema1.sh && cp schema1.db tests/data/
set -eu
export OPSLEDGER_DB=schema1.db OPSLEDGER_KEYS=keys OPSLEDGER_ACTOR=zhang
run() { echo "+ opsledger $*" >&2; opsledger "$@"; }
run init
run site add sx --name 沙县区零工市场 --kind gig_market --on 2026-01-01
run site add px --name 萍乡市湘赣边人力资源市场 --kind employment_market --on 2026-01-01
run site add wj-1 --name 吴江盛泽人力资源服务站 --kind alliance_unit --on 2026-01-01
run contract add sx --scheme shaxian-gig --start 2026-01-01 --fee 500000
run contract add px --scheme pingxiang-market --start 2026-01-01 --fee 3000000
run role grant alice --role assessor --site sx --on 2026-01-02
run keys new --actor alice --site sx
# sx: three full-time staff, two incidents (one corrected to a kind the 评分表 row does not list), five survey
# answers (four satisfied), followers, three short-term staffing services, two workers (one retracted duplicate)
for name in 林一 林二 林三; do run log staff_joined --site sx --on 2026-01-05 name=$name full_time=true; done
run log site_incident --site sx --on 2026-03-01 kind=fight description=两名零工斗殴
run log site_incident --site sx --on 2026-04-11 kind=extortion description=疑似勒索
run correct 12 kind=other --reason "复核：口角纠纷，非敲诈勒索"
for i in 1 2 3 4; do run log survey_response --site sx --on 2026-06-0$i survey=gig_satisfaction respondent=R$i satisfied=true; done
run log survey_response --site sx --on 2026-06-05 survey=gig_satisfaction respondent=R5 satisfied=false
run log metric_recorded --site sx --on 2026-11-30 metric=followers value=3200 platform=official_account
for i in 1 2 3; do run log activity_held --site sx --on 2026-0$((i + 6))-15 kind=short_term_staffing title=短期用工$i; done
run log gig_worker_registered --site sx --on 2026-05-01 worker=W-1
run log gig_worker_registered --site sx --on 2026-05-01 worker=W-1
run retract 24 --reason "重复录入"
# px and wj-1: a few events of other sites interleaved in the one global chain
run log job_fair_held --site px --on 2026-03-05 title=周四专场 format=offline kind=daily companies=36 jobs=950 visitors=210 --key px-fair-0305
run log job_fair_held --site px --on 2026-03-12 title=周四专场 format=offline kind=daily companies=30 jobs=800 visitors=150
run correct 27 companies=40 --reason "recounted the sign-in sheet"
# alice judges one qualitative item and signs the year off (schema 1 signed the global head)
run log assessor_judgement --site sx --on 2026-11-30 --actor alice scheme=shaxian-gig item=site.rules met=true reason=制度已上墙
run log gig_worker_registered --site wj-1 --on 2026-02-01 worker=W-9  # the global head when alice signs: another site's event
run signoff --site sx --period 2026 --actor alice
run log job_fair_held --site px --on 2026-11-20 title=冬季专场 format=offline kind=daily companies=50 jobs=1200 visitors=400
run verify
