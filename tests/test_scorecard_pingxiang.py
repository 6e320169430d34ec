"""One whole-year Pingxiang scorecard, built from a realistic event log through the real CLI (subprocesses).

The log: 2026 at the 萍乡市湘赣边人力资源市场 imported from a generated JSONL file (staff, fairs, follow-ups,
livestreams, videos, the gig market, training, meetings, awards, complaints), one daily fair typed in and
corrected, one duplicate fair typed in and retracted, then the assessor's judgement and inspection findings
(five typed in with `opsledger log`, the rest imported from the assessor's inspection register). Every item's points and the total are worked out by hand below, quoting the
评分标准 of the seed (002_24ed14f25ec16d36.txt, 附件《基础运营服务绩效考核评分表》) and the readings P1-P4 of
schemes/files/pingxiang-market.toml. A data-fraud finding logged afterwards zeroes one item and costs 5 more.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from conftest import cli_contracted_site, cli_ok

SITE = "pingxiang"
OPERATOR = "op-wang"
ASSESSOR = "assessor-liu"
BUYER = "buyer-rsj"
SCHEME = "pingxiang-market"
D = Decimal


# `python -m cli --db DB ARGS` in a subprocess (from DB's directory); fails the test on a non-zero exit.
run = partial(cli_ok, actor=OPERATOR)


def record(type_: str, on: str | date, **payload: Any) -> dict[str, Any]:
    day = on.isoformat() if isinstance(on, date) else on
    return {"type": type_, "site": SITE, "occurred_at": day, "actor": OPERATOR, "payload": payload}


def monday_of_week(week: int) -> date:
    """Monday of ISO week `week` of 2026 (W01 starts on Monday 2025-12-29; 2026-01-01 is a Thursday)."""
    return date(2025, 12, 29) + timedelta(weeks=week - 1)


def fair(on: date, kind: str, companies: int, jobs: int, visitors: int, **extra: Any) -> dict[str, Any]:
    return record("job_fair_held", on, title=extra.pop("title", f"{kind} {on}"), format=extra.pop("format", "offline"),
                  kind=kind, companies=companies, jobs=jobs, visitors=visitors, **extra)  # fmt: skip


THURSDAYS = [date(2026, 1, 8) + timedelta(weeks=i) for i in range(45)]

# Daily fairs that differ from the ordinary 40 companies / 1000 jobs / 220 visitors (index into THURSDAYS).
DAILY_SPECIAL = {
    0: (55, 1200, 260), 1: (55, 1200, 260), 2: (55, 1200, 260), 3: (55, 1200, 260), 4: (55, 1200, 260),
    5: (55, 1200, 260),  # six big fairs: > 50 companies, jobs and visitors above 900 / 200
    6: (50, 901, 201),  # big at the edge: 50 companies counts (超过50家以上 read for the operator)
    7: (60, 900, 300),  # not big: 900 jobs is not 高于 900 (but it meets the 900 criterion)
    8: (30, 1000, 220),  # 1 figure missed (companies)
    9: (40, 850, 180),  # 2 figures missed (jobs, visitors)
    10: (34, 890, 220),  # 2 figures missed (companies, jobs)
}  # fmt: skip
CORRECTED_FAIR = 11  # typed in with visitors 180, then corrected to 210: no figure missed
DUPLICATE_OF = 0  # a second copy of the first big fair, typed in and retracted


def livestreams() -> list[dict[str, Any]]:
    """Three a week (Tue-Thu) in each full ISO week W02-W52, with the exceptions below, plus one in each
    part-week (Fri 2 Jan, Tue 29 Dec). W08 (Spring Festival) has 1, W40 (National Day) 2, and in W20 two of the
    three had their viewing peak fall short. Hosts: 2 director livestreams, 3 section-chief / company-HR."""
    hosts = {(10, 0): "director", (36, 0): "director", (15, 0): "section_chief", (25, 0): "enterprise_hr",
             (45, 0): "section_chief"}  # fmt: skip
    out = [record("livestream_run", "2026-01-02", title="新年直播带岗", viewers=800, jobs_posted=200,
                  companies_reached=1)]  # fmt: skip
    for week in range(2, 53):
        count = {8: 1, 40: 2}.get(week, 3)
        for n in range(count):
            day = monday_of_week(week) + timedelta(days=1 + n)
            out.append(record("livestream_run", day, title=f"直播带岗 W{week:02d}-{n + 1}", viewers=800,
                              jobs_posted=200, companies_reached=1, host=hosts.get((week, n), "staff"),
                              peak_met=not (week == 20 and n < 2)))  # fmt: skip
    out.append(record("livestream_run", "2026-12-29", title="年终直播", viewers=800, jobs_posted=200,
                      companies_reached=1))  # fmt: skip
    return out


def follow_ups(scope: str, due: int, reached: int, month: int) -> list[dict[str, Any]]:
    return [
        record("follow_up_call", date(2026, month, 1 + i % 28), scope=scope, contact=f"{scope}-{i:03d}",
               reached=i < reached)
        for i in range(due)
    ]  # fmt: skip


def year_log() -> list[dict[str, Any]]:
    log: list[dict[str, Any]] = []
    # -- staff: 9 full-time from 2 Jan (4 of them the livestream team), one intern; three leave.
    for name, role in (("王强", "management"), ("李敏", "operations"), ("赵丽", "operations"),
                       ("孙涛", "operations"), ("周婷", "front_desk"), ("吴昊", "livestream"),
                       ("郑爽", "livestream"), ("冯磊", "livestream"), ("陈晨", "livestream")):  # fmt: skip
        log.append(record("staff_joined", "2026-01-02", name=name, role=role))
    log.append(record("staff_joined", "2026-03-01", name="实习生小刘", role="other", full_time=False))
    log.append(record("staff_left", "2026-06-30", name="赵丽"))
    log.append(record("staff_left", "2026-08-31", name="孙涛"))
    log.append(record("staff_left", "2026-10-31", name="陈晨"))
    # -- 一、3: company visits every month but March and July; quarterly analyses for Q1, Q2, Q4.
    for month in (1, 2, 4, 5, 6, 8, 9, 10, 11, 12):
        log.append(
            record("activity_held", date(2026, month, 12), kind="company_visit", title="园区企业用工走访")
        )
    log.append(record("activity_held", "2026-05-20", kind="company_visit", title="园区企业用工走访（补充）"))
    for on, q in (("2026-04-05", 1), ("2026-07-06", 2), ("2026-12-28", 4)):
        log.append(
            record("deliverable_submitted", on, kind="quarterly_analysis", title=f"第{q}季度用工分析报告")
        )
    # -- 一、4 and 二、4: follow-ups (due, reached).
    log += follow_ups("fair_company", 200, 184, 3)  # 92%
    log += follow_ups("fair_jobseeker", 300, 261, 4)  # 87%
    log += follow_ups("gig_worker", 90, 80, 5)  # 88.89%
    log += follow_ups("front_desk", 50, 45, 6)  # 90%
    log += follow_ups("online_company", 100, 89, 7)  # 89%
    log += follow_ups("online_jobseeker", 150, 150, 8)  # 100%
    # -- 二、1 daily fairs on Thursdays (the corrected one and the duplicate are typed in later).
    for i, thursday in enumerate(THURSDAYS[:40]):
        if i != CORRECTED_FAIR:
            log.append(
                fair(
                    thursday, "daily", *DAILY_SPECIAL.get(i, (40, 1000, 220)), title=f"日常专场招聘会 {i + 1}"
                )
            )
    for i in range(10):  # the online twins of the first ten: not offline, not counted
        log.append(fair(THURSDAYS[i], "daily", 12, 300, 50, format="online", title=f"线上同步招聘会 {i + 1}"))
    # -- 二、2 themed fairs: 13 events, the 春风行动 fair doubled (counts 2), one short of 50 companies.
    themed = [("2026-02-26", 120, 2500, 1000, 2), ("2026-03-12", 48, 1100, 500, 1)]
    themed += [(f"2026-{m:02d}-18", 60, 1200, 500, 1) for m in (1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)]
    for on, companies, jobs, visitors, doubled in themed:
        log.append(fair(date.fromisoformat(on), "themed", companies, jobs, visitors, doubled=doubled))
    for m in (6, 7, 10, 11):  # campus fairs and 10210 industry fairs are not among the 12
        log.append(fair(date(2026, m, 22), "campus", 30, 400, 300))
    for m in (4, 8, 11):
        log.append(fair(date(2026, m, 25), "industry", 80, 2000, 900))
    # -- 二、3 outbound: 4 trips.
    for on in ("2026-03-20", "2026-05-15", "2026-09-18", "2026-11-06"):
        log.append(fair(date.fromisoformat(on), "outbound", 15, 300, 120, title=f"赴外招聘 {on}"))
    # -- 二、5 livestreams, videos, Douyin followers.
    log += livestreams()
    for i in range(175):
        log.append(record("video_published", date(2026, 1, 3) + timedelta(days=2 * i), kind="short_video",
                          title=f"岗位短视频 {i + 1}", platform="douyin"))  # fmt: skip
    log.append(record("video_published", "2026-06-01", kind="park_image", title="市场形象宣传片"))
    log.append(record("metric_recorded", "2025-12-31", metric="followers", value="20000", platform="douyin"))
    log.append(record("metric_recorded", "2026-06-30", metric="followers", value="21000", platform="douyin"))
    log.append(record("metric_recorded", "2026-12-31", metric="followers", value="22000", platform="douyin"))
    log.append(
        record("metric_recorded", "2026-12-31", metric="followers", value="5000", platform="official_account")
    )
    # -- 二、6 gig market: openings on the platforms per month, skills training, supply-demand analyses.
    for month in range(1, 13):
        posts = {2: [100, 100, 100, 80], 3: [100, 100, 100, 150]}.get(month, [100, 100, 100, 100])
        for n, positions in enumerate(posts):
            log.append(record("gig_job_posted", date(2026, month, 3 + n), employer=f"零工用工单位{n}",
                              positions=positions))  # fmt: skip
    log.append(record("gig_job_posted", "2026-02-20", employer="未上平台的单位", positions=40,
                      on_provincial_platform=False))  # fmt: skip
    for month in range(1, 13):
        sizes = {2: [60], 8: [60, 45]}.get(month, [60, 60])
        for n, size in enumerate(sizes):
            log.append(record("activity_held", date(2026, month, 8 + 10 * n), kind="gig_skills_training",
                              title="灵活就业技能培训", participants=size))  # fmt: skip
    for on in ("2026-03-30", "2026-09-29", "2026-12-22"):
        log.append(
            record("deliverable_submitted", on, kind="gig_supply_demand_analysis", title=f"零工供求分析 {on}")
        )
    for i in range(20):
        log.append(record("gig_worker_registered", date(2026, 1 + i % 12, 15), worker=f"gw{i:03d}"))
        log.append(
            record("job_recommended", date(2026, 1 + i % 12, 16), person=f"gw{i:03d}", channel="gig", count=3)
        )
    # -- 三: business training, coverage, contest, trainer class; monthly data meetings but February.
    log.append(
        record(
            "activity_held", "2026-04-16", kind="business_training", title="点亮万家 第一期", participants=120
        )
    )
    log.append(
        record(
            "activity_held", "2026-10-15", kind="business_training", title="点亮万家 第二期", participants=110
        )
    )
    log.append(record("metric_recorded", "2026-12-15", metric="business_training_coverage_pct", value="78"))
    log.append(record("activity_held", "2026-06-10", kind="competition_prep", title="市级业务竞赛备战省赛"))
    log.append(
        record("activity_held", "2026-05-21", kind="youth_trainer_class", title="青年求职能力实训师资班")
    )
    for month in (1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12):
        log.append(
            record("activity_held", date(2026, month, 28), kind="data_meeting", title=f"{month}月数据汇报会")
        )
        log.append(record("deliverable_submitted", date(2026, month, 28), kind="monthly_data_report",
                          title=f"{month}月分析报告"))  # fmt: skip
    # -- 四: a provincial commendation, a city one (earns nothing), an adopted innovation.
    log.append(record("award_received", "2026-09-10", level="provincial", title="全省就业服务先进集体"))
    log.append(record("award_received", "2026-11-20", level="city", title="市级优秀服务窗口"))
    log.append(record("award_received", "2026-12-05", level="city", title="零工驿站夜市模式推广",
                      kind="innovation_adopted"))  # fmt: skip
    # -- 五: 3 valid complaints, 1 found invalid, 1 still pending.
    for i, on in enumerate(("2026-03-03", "2026-06-09", "2026-10-21")):
        log.append(
            record("complaint_filed", on, complainant=f"求职者{i}", subject="岗位信息与实际不符", valid=True)
        )
    log.append(record("complaint_filed", "2026-07-07", complainant="企业甲", subject="展位安排", valid=False))
    log.append(record("complaint_filed", "2026-12-30", complainant="求职者丁", subject="排队时间长"))
    return log


# The assessor's judgement and findings (type, date, fields): the first five typed in with `opsledger log`,
# the rest imported from the assessor's own inspection register (a JSONL file written as the assessor).
TYPED = 5
ASSESSOR_EVENTS = [
    ("assessor_judgement", "2026-12-20", {"scheme": SCHEME, "item": "ops.services", "met": "false", "shortfalls": "2",
                                          "reason": "法律援助咨询未开展；政策宣介不到位"}),
    ("inspection_finding", "2026-04-02", {"kind": "duty_unclear", "reason": "档案管理职责未明确到人"}),
    ("inspection_finding", "2026-08-11", {"kind": "feedback_unhandled", "count": "2", "reason": "小程序两条留言未回复"}),
    ("inspection_finding", "2026-10-09", {"kind": "worker_not_recommended", "count": "3",
                                          "reason": "3名登记零工未推荐岗位"}),
    ("inspection_finding", "2026-12-10", {"kind": "report_error", "count": "2", "reason": "11月分析报告两处数据错误"}),
    ("inspection_finding", "2026-07-10", {"kind": "data_error", "reason": "6月就业报表求职人数填报错误"}),
    ("inspection_finding", "2026-05-11", {"kind": "info_late_or_false", "reason": "公众号岗位信息逾期未更新"}),
    ("inspection_finding", "2026-03-17", {"kind": "env_dirty", "reason": "二楼大厅地面脏乱"}),
    ("inspection_finding", "2026-09-22", {"kind": "env_dirty", "reason": "卫生间有异味"}),
    ("inspection_finding", "2026-11-03", {"kind": "utilities_left_on", "reason": "下班后会议室空调未关"}),
    ("inspection_finding", "2026-06-15", {"kind": "facility_unrepaired", "reason": "监控探头故障7个工作日未修"}),
    ("inspection_finding", "2026-08-25", {"kind": "recommendation_short", "reason": "一名线上求职者仅推荐2次"}),
]  # fmt: skip


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("pingxiang") / "pingxiang.db"
    run(db, "init")
    # The buyer's first grant sets up the assessor.
    cli_contracted_site(run, db, SITE, name="萍乡市湘赣边人力资源市场", kind="employment_market", on="2026-01-01",
                        scheme=SCHEME, fee="3000000", assessor=ASSESSOR, grant_actor=BUYER)  # fmt: skip
    events = year_log()
    path = db.parent / "year-2026.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in events), encoding="utf-8")
    assert run(db, "import", str(path), "--allow-future").startswith(f"imported {len(events)} events")
    # One daily fair typed in with 180 visitors, then corrected to 210; one duplicate typed in and retracted.
    thursday = THURSDAYS[CORRECTED_FAIR].isoformat()
    out = run(db, "log", "job_fair_held", "title=日常专场招聘会 12", "format=offline", "kind=daily", "companies=40",
              "jobs=1000", "visitors=180", "--site", SITE, "--on", thursday)  # fmt: skip
    corrected = re.search(r"appended seq (\d+)", out).group(1)  # type: ignore[union-attr]
    run(db, "correct", corrected, "visitors=210", "--reason", "签到表复核：接待210人次")
    first = THURSDAYS[DUPLICATE_OF].isoformat()
    out = run(db, "log", "job_fair_held", "title=日常专场招聘会 1", "format=offline", "kind=daily", "companies=55",
              "jobs=1200", "visitors=260", "--site", SITE, "--on", first)  # fmt: skip
    duplicate = re.search(r"appended seq (\d+)", out).group(1)  # type: ignore[union-attr]
    run(db, "retract", duplicate, "--reason", "重复录入")
    for type_, on, fields in ASSESSOR_EVENTS[:TYPED]:
        args = [f"{k}={v}" for k, v in fields.items()]
        run(db, "log", type_, *args, "--site", SITE, "--on", on, "--allow-future", actor=ASSESSOR)
    register = db.parent / "inspections-2026.jsonl"
    rows = [{**record(t, on, **{k: int(v) if k == "count" else v for k, v in f.items()}), "actor": ASSESSOR}
            for t, on, f in ASSESSOR_EVENTS[TYPED:]]  # fmt: skip
    register.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert run(db, "import", str(register), "--allow-future", actor=ASSESSOR).startswith(
        f"imported {len(rows)} events"
    )
    card = json.loads(run(db, "score", "--site", SITE, "--period", "2026", "--format", "json"))
    table = run(db, "score", "--site", SITE, "--period", "2026")
    return {"db": db, "card": card, "table": table}


# Worked by hand, item by item (评分标准 quoted):
EXPECTED = {
    # 一、1 (5分) "缺1名专职人员或1项核心职责未明确，扣1分，扣完为止": on 31 Dec 王强, 李敏, 周婷, 吴昊, 郑爽,
    # 冯磊 are full-time (赵丽, 孙涛, 陈晨 left; the intern is not full-time) = 6, one short of 7 (-1); one
    # duty_unclear finding (-1) -> 3.
    "ops.staff": "3",
    # 一、2 (5分) "每缺1项服务，扣1分…最多扣3分": the assessor judged 2 services short -> 3.
    "ops.services": "3",
    # 一、3 (5分) "未按月走访，每次扣1分；无季度分析报告，扣1分；数据遗漏/错误，每处扣0.5分": no visit in March
    # and July (-2), no Q3 report (-1, read per quarter), one data error (-0.5) -> 1.5.
    "ops.research": "1.5",
    # 一、4 (5分) "回访覆盖率90%…每减少1个百分点扣0.2分，最高扣3分": fair companies 184/200 = 92%, fair jobseekers
    # 261/300 = 87% (3 points: 0.6), gig 80/90 = 88.89% (1 whole point: 0.2), front desk 45/50 = 90%; the lowest
    # rate counts once -> 5 - 0.6 = 4.4 (each scope separately would give 4.2).
    "ops.follow_up": "4.4",
    # 一、5 (5分) "信息发布不及时/虚假，每条扣0.5分；未处理反馈，每条扣0.5分": 1 late post, 2 unhandled -> 3.5.
    "ops.publicity": "3.5",
    # 一、6 (10分) "每发现一次环境脏乱，每次扣1分；设施故障…每处扣1分；…水电未及时关闭…扣0.5分；最高扣6分":
    # 2 dirty (-2), 1 fault (-1), 1 utilities (-0.5) -> 6.5.
    "ops.environment": "6.5",
    # 二、1 (10分) "缺少一场扣0.5分；每场次如有未完成指标项，按每项指标扣0.5分": 40 offline daily fairs (the
    # duplicate retracted, the online twins not offline) >= 38; figures missed: fair 9 companies 30 (1), fair 10
    # jobs 850 and visitors 180 (2), fair 11 companies 34 and jobs 890 (2); fair 12 corrected to 210 visitors
    # (0) -> 5 x 0.5 = 2.5 -> 7.5.
    "recruit.daily_fairs": "7.5",
    # 二、2 (10分): 13 themed fairs, the doubled one counting 2 -> 14 >= 12; one fair of 48 companies (1 figure)
    # -> 9.5. Campus and industry fairs are not counted.
    "recruit.themed_fairs": "9.5",
    # 二、3 (5分) "每缺1场，扣1分": 4 outbound trips -> 4.
    "recruit.outbound": "4",
    # 二、4 (5分): online companies 89/100 = 89% (1 point below 90: -0.5); online jobseekers 150/150 = 100%; one
    # recommendation short (-0.5) -> 4.
    "recruit.online": "4",
    # 二、5 (10分): team 3 on 31 Dec (陈晨 left) -1; livestreams: 152 held, 2 with peak short -> 150 completed
    # (the year's 150 met), but the weeks: W08 has 1 (2 missing), W40 2 (1), W20 1 completed (2) -> 5 missing
    # x 0.5 = 2.5 (the larger of 0 and 2.5); views 152 x 800 = 121,600 > 120,000; videos 175, 6 short of the
    # 181 that 大于180 needs -0.6; companies reached 152 >= 100; followers 20,000 -> 22,000 = +10% (及以上);
    # jobs 152 x 200 = 30,400; directors 2; section-chief/HR 3 (-0.5) -> 10 - 1 - 2.5 - 0.6 - 0.5 = 5.4.
    "recruit.livestream": "5.4",
    # 二、6 (10分): February has 380 openings on the platforms (the 40 off them do not count; March's 450 is
    # above the 400 read as the threshold) -0.2; training short in February (1 session) and August (45
    # trainees in one) -0.4; no Q2 supply-demand analysis -0.5; 3 workers not recommended -0.3 -> 8.6.
    "recruit.gig": "8.6",
    # 三、1 (5分) "覆盖率不达标，扣0.5分": 2 sessions, coverage 78% (< 80) -0.5, contest prepared -> 4.5.
    "promo.business_training": "4.5",
    # 三、2 (5分) "未协助遴选培育职业指导师，扣2分": trainer class held, no advisor cultivation -> 3.
    "promo.job_skills_training": "3",
    # 三、3 (5分) "未按月召开，每次扣1分…内容缺失/错误，每处扣0.5分": no February meeting (-1), 2 errors (-1) -> 3.
    "promo.data_meetings": "3",
    # 四、1 "日常招聘会参加企业超过50家以上…每次可加0.5分": 7 big daily fairs (6 + the 50/901/201 one; the
    # retracted duplicate not counted; 60/900/300 not above 900 jobs) = 3.5; themed fairs meeting every figure
    # by multiple: 14 - 1 = 13, one beyond 12 = 0.5 -> 4.
    "bonus.overachievement": "4",
    # 四、2 "获省部级表彰，加2分；创新举措落地且有实效，加2分": provincial 2 + adopted innovation 2 (the city
    # commendation earns nothing) -> 4.
    "bonus.innovation": "4",
    # 五、1 "每发生1起有效投诉，扣0.5分": 3 valid (the invalid and the pending one do not count) -> -1.5.
    "penalty.complaints": "-1.5",
}
# 一 3 + 3 + 1.5 + 4.4 + 3.5 + 6.5 = 21.9; 二 7.5 + 9.5 + 4 + 4 + 5.4 + 8.6 = 39; 三 4.5 + 3 + 3 = 10.5;
# 四 4 + 4 = 8 (cap 10); 五 -1.5 (cap 10). Total 21.9 + 39 + 10.5 + 8 - 1.5 = 77.9.
TOTAL = D("77.9")


def points(card: dict[str, Any]) -> dict[str, Decimal]:
    return {i["id"]: D(i["points"]) for i in card["items"]}


def test_every_item_as_worked_by_hand(ledger: dict[str, Any]) -> None:
    assert points(ledger["card"]) == {k: D(v) for k, v in EXPECTED.items()}


def test_blocks_and_total(ledger: dict[str, Any]) -> None:
    card = ledger["card"]
    blocks = {b["id"]: D(b["points"]) for b in card["blocks"]}
    assert blocks == {
        "ops": D("21.9"),
        "recruit": D(39),
        "promo": D("10.5"),
        "bonus": D(8),
        "penalty": D("-1.5"),
    }
    assert D(card["total"]) == TOTAL
    assert D(card["max_total"]) == 100
    assert (card["scheme"], card["site"], card["period"], card["grade"]) == (SCHEME, SITE, "2026", None)
    # "评分84分及以下，服务费用按最终分数占总分比例拨付服务费": 77.9% of 3,000,000 = 2,337,000.00.
    assert D(card["money"]["payment_yuan"]) == D("2337000.00")


def test_explanations_name_the_shortfalls(ledger: dict[str, Any]) -> None:
    """A user reading the card sees why: the weekly reading that counted, the rates, the months."""
    items = {i["id"]: i for i in ledger["card"]["items"]}
    live = items["recruit.livestream"]["explanation_zh"]
    assert "每周不足3场所缺场次：扣 2.5 分" in live
    assert "直播团队人员 3人" in live and "发布视频 175条" in live
    fu = items["ops.follow_up"]
    assert D(fu["inputs"]["fu_fair_jobseeker_rate"]) == 87 and D(fu["inputs"]["fu_gig_worker_rate"]) == D(
        "88.89"
    )
    assert "不重复扣" in fu["explanation_zh"]
    assert items["ops.services"]["explanation_zh"].startswith("评估判定 2 项未足额")
    # The backing events: the 40 daily fairs live in the view (the retracted duplicate is not among them).
    assert len(items["recruit.daily_fairs"]["events"]) == 40


def test_table_output_reads_as_a_scorecard(ledger: dict[str, Any]) -> None:
    table = ledger["table"]
    assert "萍乡市湘赣边人力资源市场" in table
    # The total with its parts (base out of 100, bonus, penalties), which add up to it.
    parts = re.search(r"(?:总分|total)\s+77\.9（基础 ([\d.]+)/100 \+ 加分 ([\d.]+) − 减分 ([\d.]+)）", table)
    assert parts and D(parts[1]) + D(parts[2]) - D(parts[3]) == D("77.9")
    assert "recruit.livestream" in table and "5.4/10" in table


def test_data_fraud_zeroes_the_sub_item_and_costs_5_more(ledger: dict[str, Any]) -> None:
    """五、2 "一经发现，该项二级指标不得分，额外扣5分": the assessor finds a fabricated sign-in sheet for an
    outbound trip; 外出招聘活动 (4) scores 0 and 5 more are lost: 77.9 - 4 - 5 = 68.9."""
    db = ledger["db"].parent / "fraud.db"
    shutil.copyfile(ledger["db"], db)
    run(db, "log", "inspection_finding", "kind=data_fraud", "item=recruit.outbound",
        "reason=赴外招聘签到表系伪造", "--site", SITE, "--on", "2026-12-29", "--allow-future", actor=ASSESSOR)  # fmt: skip
    card = json.loads(run(db, "score", "--site", SITE, "--period", "2026", "--format", "json"))
    got = points(card)
    assert got["recruit.outbound"] == 0
    assert {k: v for k, v in got.items() if k != "recruit.outbound"} == {
        k: D(v) for k, v in EXPECTED.items() if k != "recruit.outbound"
    }
    assert D(card["total"]) == D("68.9")
    assert D(card["money"]["payment_yuan"]) == D("2067000.00")  # 68.9% of the fee
    assert any("数据造假" in n for n in card["notes"])
