"""One whole-year Shaxian scorecard, built from a realistic event log through the real CLI (subprocesses).

The log: a year (2026) of a gig market's operations imported from a JSONL file, assessor judgements typed in
with `opsledger log`, then one correction and one retraction that each move a count across a band edge.
Every item's points and the total are worked out by hand below, citing the 评分表 of the seed
(003_239ac606f421815b.txt); band edges follow decision D1 of schemes/files/shaxian-gig.toml.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import partial
from typing import Any

import pytest
from conftest import cli_contracted_site, cli_ok, seq_of

SITE = "sx"
OPERATOR = "op-chen"
ASSESSOR = "assessor-lin"
SCHEME = "shaxian-gig"


# `python -m cli --db DB ARGS` in a subprocess (from DB's directory); fails the test on a non-zero exit.
run = partial(cli_ok, actor=OPERATOR)


def spread(n: int, first: date = date(2026, 1, 1), days: int = 365) -> list[str]:
    """n dates spread evenly over `days` days from `first`."""
    return [(first + timedelta(days=i * days // n)).isoformat() for i in range(n)]


def record(type_: str, on: str, actor: str = OPERATOR, **payload: Any) -> dict[str, Any]:
    return {"type": type_, "site": SITE, "occurred_at": on, "actor": actor, "payload": payload}


def year_log() -> list[dict[str, Any]]:
    """A realistic 2026 for the 沙县区零工市场 operator (with a few records that must not count)."""
    log: list[dict[str, Any]] = []
    # Staff: three full-time from January, one leaves in June, one is replaced in October; a part-timer.
    for name in ("张伟", "李娜", "王芳"):
        log.append(record("staff_joined", "2026-01-02", name=name, role="operations"))
    log.append(record("staff_joined", "2026-02-01", name="陈静", role="front_desk", full_time=False))
    log.append(record("staff_joined", "2026-03-01", name="刘洋", role="livestream"))
    log.append(record("staff_left", "2026-06-30", name="刘洋"))
    log.append(record("staff_left", "2026-09-30", name="王芳"))
    log.append(record("staff_joined", "2026-10-08", name="赵磊", role="operations"))
    # 2000 gig workers' records, the last a duplicate registration of w0777 (retracted later).
    for i, on in enumerate(spread(1999), start=1):
        log.append(record("gig_worker_registered", on, worker=f"w{i:04d}"))
    log.append({**record("gig_worker_registered", "2026-12-30", worker="w0777"), "id": "dup-w0777"})
    for i, on in enumerate(spread(1500), start=1):
        log.append(record("gig_job_posted", on, employer=f"企业{i % 180:03d}", positions=1 + i % 4))
    for i, on in enumerate(spread(1000), start=1):
        log.append(record("gig_deal_completed", on, worker=f"w{i:04d}", employer=f"企业{i % 180:03d}",
                          amount_yuan=str(150 + i % 50)))  # fmt: skip
    # Year-end satisfaction survey: 200 answers, 179 satisfied; r200's answer is corrected later.
    for i, on in enumerate(spread(200, date(2026, 12, 1), 20), start=1):
        rec = record(
            "survey_response", on, survey="gig_satisfaction", respondent=f"r{i:03d}", satisfied=i <= 179
        )
        log.append({**rec, "id": f"survey-r{i:03d}"} if i == 200 else rec)
    for i in range(5):  # another survey kind: not the 零工和用工主体 satisfaction
        log.append(record("survey_response", "2026-06-15", survey="resident_satisfaction", respondent=f"x{i}",
                          score="60"))  # fmt: skip
    log.append(record("site_incident", "2026-04-12", kind="fight", description="两名零工因抢单发生推搡"))
    log.append(record("site_incident", "2026-09-03", kind="fight", description="等候区口角升级为打架"))
    log.append(record("site_incident", "2026-07-20", kind="safety_accident", description="雨天地滑摔倒"))
    # Livestreams: every month but August; two in March, June and December -> 14.
    for month in (1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12):
        log.append(record("livestream_run", f"2026-{month:02d}-10", title="直播带岗", viewers=300 + month))
        if month in (3, 6, 12):
            log.append(record("livestream_run", f"2026-{month:02d}-24", title="政策宣传直播", viewers=200))
    for i, on in enumerate(spread(17), start=1):
        log.append(record("dispute_filed", on, case=f"JF-{i:03d}"))
    for i, on in enumerate(spread(15, date(2026, 1, 20)), start=1):
        log.append(
            record("dispute_resolved", on, case=f"JF-{i:03d}", outcome="mediated", parties_satisfied=True)
        )
    # Official-account followers, read at each month's end: 820 in January to 3000 in December.
    for month in range(1, 13):
        end = (date(2026, month % 12 + 1, 1) if month < 12 else date(2027, 1, 1)) - timedelta(days=1)
        value = 820 + (month - 1) * 198 + (2 if month == 12 else 0)  # December: 2998 + 2 = 3000
        log.append(record("metric_recorded", end.isoformat(), metric="followers", value=str(value)))
    log.append(record("metric_recorded", "2027-01-05", metric="followers", value="3600"))  # next year
    log.append(record("metric_recorded", "2026-12-31", metric="platform_visits", value="99999"))
    for i, on in enumerate(spread(12), start=1):
        log.append(record("activity_held", on, kind="enterprise_job_info", title=f"代发企业招工信息{i}"))
    for i, on in enumerate(spread(3, date(2026, 3, 1), 200), start=1):
        log.append(
            record("activity_held", on, kind="short_term_staffing", title=f"协调短期用工{i}", participants=30)
        )
    log.append(
        record("activity_held", "2026-08-18", kind="interprovincial_service", title="赴江西省际劳务对接")
    )
    # The assessor's inspection findings (assessor-only, imported with the assessor as actor). Shaxian's
    # "发现一次扣1分" counts false information across the whole block, so a finding names no item (one naming an
    # item would be refused when logged: the scheme would never read it).
    log.append(record("inspection_finding", "2026-05-20", actor=ASSESSOR, kind="false_information", count=2,
                      reason="抽查2条零工信息与身份证不符（零工信息）"))  # fmt: skip
    log.append(record("inspection_finding", "2026-10-15", actor=ASSESSOR, kind="false_information", count=3,
                      reason="3条岗位信息已过期未下架（岗位信息）"))  # fmt: skip
    return log


# Assessor judgements typed in with `opsledger log` (item, date, met, shortfalls, reason).
JUDGEMENTS = [
    ("network.functions", "2026-12-20", False, 1, "缺少工资结算功能"),
    ("network.maintenance", "2026-12-20", True, 0, "维护记录齐全"),
    ("site.rules", "2026-12-20", True, 0, "制度上墙，公布投诉电话"),
    ("site.layout", "2026-06-30", False, 0, "未设维权调解区"),
    ("site.layout", "2026-11-30", True, 0, "已增设维权调解区"),
    ("site.infrastructure", "2026-12-20", True, 0, "设备齐全"),
    ("site.fire_safety", "2026-12-20", False, 0, "灭火器过期"),  # met or not met: shortfalls would be refused
    ("site.licence", "2026-12-20", True, 0, "营业执照、资质齐全"),
]


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("shaxian") / "shaxian.db"
    run(db, "init")
    cli_contracted_site(run, db, SITE, name="沙县区零工市场", kind="gig_market", on="2026-01-01", scheme=SCHEME,
                        fee="1000000", assessor=ASSESSOR)  # fmt: skip
    events = db.parent / "year-2026.jsonl"
    events.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in year_log()), encoding="utf-8")
    imported = run(db, "import", str(events), "--allow-future")
    assert imported.startswith(f"imported {len(year_log())} events")
    for item, on, met, shortfalls, reason in JUDGEMENTS:
        run(db, "log", "assessor_judgement", f"scheme={SCHEME}", f"item={item}", f"met={str(met).lower()}",
            f"shortfalls={shortfalls}", f"reason={reason}", "--site", SITE, "--on", on, "--allow-future", actor=ASSESSOR)  # fmt: skip
    # Everything recorded so far, before the correction and the retraction.
    last = json.loads(run(db, "events", "--site", SITE, "--format", "jsonl").splitlines()[-1])
    run(
        db,
        "correct",
        str(seq_of(db, SITE, "survey-r200", actor=OPERATOR)),
        "satisfied=true",
        "--reason",
        "录入错误：问卷原件为满意",
    )
    run(db, "retract", str(seq_of(db, SITE, "dup-w0777", actor=OPERATOR)), "--reason", "w0777 重复登记")
    card = json.loads(run(db, "score", "--site", SITE, "--period", "2026", "--format", "json"))
    return {"db": db, "card": card, "before_fixes": last["recorded_at"]}


def points(card: dict[str, Any]) -> dict[str, str]:
    return {i["id"]: i["points"] for i in card["items"]}


# Worked by hand, item by item (评分表 wording quoted):
EXPECTED = {
    # 信息系统主要功能 (8分): one of the 8 functions missing (工资结算), 1 point each -> 7.
    "network.functions": "7",
    # 系统维护 (3分): judged met -> 3.
    "network.maintenance": "3",
    # 制度上墙 (2分): met -> 2.
    "site.rules": "2",
    # 场地布置 (3分): not met in June, met in November; the latest judgement wins -> 3.
    "site.layout": "3",
    # 基础设施 (3分): met -> 3.
    "site.infrastructure": "3",
    # 消毒消防 (3分): not met (灭火器过期), all-or-nothing -> 0.
    "site.fire_safety": "0",
    # "有配置3人以上专职工作人员" (5分): on 2026-12-31 张伟, 李娜, 赵磊 are full-time (刘洋, 王芳 left; 陈静 is
    # part-time) = 3, and 3人以上 includes 3 -> 5.
    "site.staff": "5",
    # 资质 (3分): met -> 3.
    "site.licence": "3",
    # "满意度90%以上得5分，满意度80-89%得4分": 179/200 = 89.5% would earn 4; the correction makes r200
    # satisfied: 180/200 = 90% -> 5 (90%以上 includes 90). The resident_satisfaction answers do not count.
    "site.satisfaction": "5",
    # "全年0案件得5分，1-5件得4分": 2 fights (the fall is a safety accident, not in the list) -> 4.
    "site.incidents": "4",
    # 严禁变相收取职业介绍费用 (3分): no illegal_fee incident -> 3.
    "site.no_fees": "3",
    # "2000条以下得3分，2000-2500条得4分": 2000 records would earn 4 (D1); the duplicate is retracted:
    # 1999 -> 3.
    "info.workers": "3",
    # "1500-2000条得8分": 1500 posts; 1500 goes to 1500-2000 (D1) -> 8.
    "info.job_posts": "8",
    # "1000-1500条得8分": 1000 deals; 1000 goes to 1000-1500 (D1) -> 8.
    "info.deals": "8",
    # "全年无虚假信息得5分，1-5条得4分，5-10条得3分": findings of 2 + 3 = 5 records; 5 goes to 1-5 (D1) -> 4.
    "info.truthfulness": "4",
    # "每月开展各类直播活动1场以上，全年总计需达到12场。每少一场扣1分": 14 held, none in August:
    # max(12 - 14 -> 0, 1 empty month) = 1 missing -> 12 - 1 = 11.
    "livestream": "11",
    # "15-20件纠纷得4分": 17 disputes filed (resolutions are not disputes) -> 4.
    "disputes": "4",
    # "3000-4000人关注得8分": the last reading in 2026 is 3000 on 12-31 (the 2027 reading does not count);
    # 3000 goes to 3000-4000 (D1) -> 8.
    "promotion.followers": "8",
    # "协助发布企业招工信息1次加0.1分，最高1分": 12 notices -> 1.2, capped at 1.
    "bonus.job_info": "1",
    # "每协助企业解决短期用工一次加0.5分，最高不超过2分": 3 -> 1.5.
    "bonus.short_term": "1.5",
    # "协调做好省际用工服务。开展一次以上加2分": 1 -> 2.
    "bonus.interprovincial": "2",
}
# Base: 7+3+2+3+3+0+5+3+5+4+3+3+8+8+4+11+4+8 = 84; bonus 1+1.5+2 = 4.5 (under the cap of 5); total 88.5.
# "良好（80-89分）": 88.5 -> 良好, paid 90%; no consequence below 80 applies.


def test_every_item_scores_as_worked_by_hand(ledger: dict[str, Any]) -> None:
    card = ledger["card"]
    got = {k: str(_num(v)) for k, v in points(card).items()}
    assert got == {k: str(_num(v)) for k, v in EXPECTED.items()}


def _num(text: str) -> Any:
    from decimal import Decimal

    return Decimal(text).normalize()


def test_total_grade_and_consequences(ledger: dict[str, Any]) -> None:
    card = ledger["card"]
    assert (card["scheme"], card["site"], card["period"]) == (SCHEME, SITE, "2026")
    assert _num(card["total"]) == _num("88.5")
    assert _num(card["max_total"]) == _num("100")
    blocks = {b["id"]: b for b in card["blocks"]}
    assert _num(blocks["operations"]["points"]) == _num("84")
    assert _num(blocks["bonus"]["points"]) == _num("4.5")
    assert card["grade"] == "良好"
    assert card["consequences"] == []


def test_items_show_their_inputs_and_the_events_behind_them(ledger: dict[str, Any]) -> None:
    items = {i["id"]: i for i in ledger["card"]["items"]}
    assert items["info.workers"]["inputs"] == {"workers_registered": "1999"}
    assert len(items["info.workers"]["events"]) == 1999
    assert items["site.satisfaction"]["inputs"]["satisfaction_rate"] is not None
    assert _num(items["site.satisfaction"]["inputs"]["satisfaction_rate"]) == _num("90")
    assert items["livestream"]["inputs"] == {"livestream_empty_months": "1", "livestreams": "14"}
    assert items["promotion.followers"]["inputs"] == {"followers": "3000"}
    assert len(items["promotion.followers"]["events"]) == 1
    assert items["site.staff"]["inputs"] == {"staff_full_time": "3"}
    assert len(items["site.layout"]["events"]) == 1  # only the latest judgement backs it
    for item in items.values():
        assert item["explanation"], item["id"]


def test_before_the_correction_and_retraction_the_counts_sat_on_the_other_side_of_the_edges(
    ledger: dict[str, Any],
) -> None:
    """As recorded before the fixes: 179/200 = 89.5% earns 4 ("80-89%"); 2000 records earn 4 ("2000-2500条")."""
    out = run(ledger["db"], "score", "--site", SITE, "--period", "2026", "--format", "json",
              "--as-of", ledger["before_fixes"])  # fmt: skip
    before = points(json.loads(out))
    assert _num(before["site.satisfaction"]) == _num("4")
    assert _num(before["info.workers"]) == _num("4")
    assert _num(json.loads(out)["total"]) == _num("88.5")  # -1 and +1: the same total, for other reasons


def test_table_output_explains_every_item_in_chinese_and_english(ledger: dict[str, Any]) -> None:
    text = run(ledger["db"], "--lang", "zh", "score", "--site", SITE, "--period", "2026")
    english = run(ledger["db"], "score", "--site", SITE, "--period", "2026")
    assert "沙县区零工市场运营绩效考核评分表" in text
    for item_id in EXPECTED:
        assert item_id in text and item_id in english
    # The explanations, each in the reader's language (see the hand-worked EXPECTED above).
    assert "个人信息收集 1999条，2000条以下 得 3 分" in text
    assert "gig workers' records collected 1999 records" in english
    assert "满意度 90%，90%以上 得 5 分" in text
    assert "satisfaction rate 90 %" in english
    assert "无直播的月份" in text and "months without a livestream" in english
    assert "评估判定未达标（灭火器过期），不得分" in text and "assessor: not met (灭火器过期): 0" in english
    assert (
        "公众号关注人数 3000人，3000-4000人 得 8 分" in text and "official-account followers 3000" in english
    )
    assert "总分" in text and "88.5" in text and "\ntotal " in english
    assert "良好" in text and "良好 (good)" in english
