"""One whole-quarter Chifeng scorecard (2026-Q3), built from a realistic event log through the real CLI.

The park's operator logs a first half-year of context (platforms built, campus fairs, livestreams, counters)
and a third quarter of work, imported from a JSONL file; an assessor is granted the role and types in the
qualitative judgements with `opsledger log`; then one correction (the September 就业和流动 tally, across the
40000 edge), one correction by the assessor (a complaint found valid) and one retraction (a duplicate
school-enterprise event, down to the 4 the clause asks for). Every item's points and the total are worked
out by hand below, citing the 第三季度考核标准 and the 特殊分 table of the seed (000_b2b754025e659534.txt);
decisions C1-C9 are those of schemes/files/chifeng-park.toml.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from conftest import cli_contracted_site, cli_ok, seq_of

SITE = "chifeng-park"
OPERATOR = "op-wang"
ASSESSOR = "assessor-zhao"
SCHEME = "chifeng-park"
FEE = "2000000"


# `python -m cli --db DB ARGS` in a subprocess (from DB's directory); fails the test on a non-zero exit.
run = partial(cli_ok, actor=OPERATOR)


def spread(n: int, first: date, last: date) -> list[str]:
    """n dates spread evenly from `first` to `last`."""
    days = (last - first).days
    return [(first + timedelta(days=i * days // max(1, n - 1))).isoformat() for i in range(n)]


def record(
    type_: str, on: str, actor: str = OPERATOR, id_: str | None = None, **payload: Any
) -> dict[str, Any]:
    rec = {"type": type_, "site": SITE, "occurred_at": on, "actor": actor, "payload": payload}
    return {**rec, "id": id_} if id_ else rec


def metric(
    on: str, name: str, value: int | str, platform: str | None = None, id_: str | None = None
) -> dict[str, Any]:
    extra = {"platform": platform} if platform else {}
    return record("metric_recorded", on, id_=id_, metric=name, value=str(value), **extra)


def activity(on: str, kind: str, title: str, id_: str | None = None, **more: Any) -> dict[str, Any]:
    return record("activity_held", on, id_=id_, kind=kind, title=title, **more)


Q3_START, Q3_END = date(2026, 7, 1), date(2026, 9, 30)
MONTH_ENDS = ("2026-07-31", "2026-08-31", "2026-09-30")


def first_half() -> list[dict[str, Any]]:
    """January-June: the context Q3 reads (platforms built, year-to-date counts, earlier readings)."""
    log = [record("institution_entered", "2026-01-05", institution=f"入驻机构{i:02d}") for i in range(1, 24)]
    log += [
        record("deliverable_submitted", "2026-03-01", kind="platform_built", title="事业单位招考平台上线",
               platform="exam"),
        record("deliverable_submitted", "2026-04-15", kind="platform_built", title="就业云平台上线",
               platform="employment_cloud"),
        record("deliverable_submitted", "2026-04-15", kind="platform_built", title="人力资源共享服务平台上线",
               platform="hr_sharing"),
        record("deliverable_submitted", "2026-05-20", kind="platform_built", title="人才治理平台上线",
               platform="talent_governance"),
    ]  # fmt: skip
    # 12 带企进校 campus fairs from March to June (they count toward the platform's 20, year to date).
    for i, on in enumerate(spread(12, date(2026, 3, 2), date(2026, 6, 26)), start=1):
        log.append(record("job_fair_held", on, title=f"带企进校招聘会{i}", format="offline", kind="campus",
                          companies=12, jobs=300, visitors=400))  # fmt: skip
    log.append(record("job_fair_held", "2026-06-30", title="春季综合招聘会", format="offline", kind="themed",
                      companies=60, jobs=900, visitors=2000))  # Q2: not a Q3 fair  # fmt: skip
    for i, on in enumerate(spread(10, date(2026, 4, 20), date(2026, 6, 25)), start=1):
        log.append(record("livestream_run", on, title=f"直播带岗{i}", viewers=250))
    log += [
        metric("2026-06-30", "employment_flow", 9000),  # Q2's tally
        metric("2026-06-30", "new_media_reach", 150000),
        metric("2026-06-30", "policy_pushes", 8000),
        record(
            "site_incident", "2026-05-10", kind="safety_accident", description="二楼走廊地面湿滑致访客摔伤"
        ),
        activity("2026-06-20", "forum", "上半年行业交流会", participants=600),
    ]
    return log


def third_quarter() -> list[dict[str, Any]]:
    """July-September 2026 at the park, and a few records on either side that must not count."""
    log: list[dict[str, Any]] = []
    # 入驻机构服务情况(6): a 520-person forum and a smaller one, a "走出去" talk, 3 medium salons, 4 small ones
    # and a large salon (which does not fill a small salon's slot, C5).
    log += [
        activity("2026-09-12", "forum", "赤峰人力资源服务业发展论坛", participants=520, scale="large"),
        activity("2026-07-20", "forum", "人力资源服务创新沙龙论坛", participants=480),
        activity("2026-08-25", "outreach_visit", "组团赴呼和浩特人力资源服务产业园座谈", participants=18),
    ]
    for i, on in enumerate(("2026-07-10", "2026-08-14", "2026-09-18"), start=1):
        log.append(activity(on, "salon", f"HR负责人中型沙龙{i}", scale="medium", participants=60))
    for i, on in enumerate(spread(4, Q3_START, Q3_END), start=1):
        log.append(activity(on, "salon", f"小型座谈{i}", scale="small", participants=20))
    log.append(activity("2026-09-26", "salon", "人力资源服务大型沙龙", scale="large", participants=300))
    # 就业引才服务情况(10), service 1: 22 fairs (8 campus), 131 companies, 9400 visitors; 8 talent events x 75.
    for i, on in enumerate(spread(22, Q3_START, Q3_END)):
        log.append(record("job_fair_held", on, title=f"招聘会{i + 1}", format="online" if i % 2 else "offline",
                          kind="campus" if i < 8 else ("matchmaking" if i % 3 == 0 else "themed"),
                          companies=5 + i % 3, jobs=100, visitors=580 if i == 21 else 420))  # fmt: skip
    log.append(record("job_fair_held", "2026-10-01", title="国庆专场", format="offline", kind="campus",
                      companies=40, jobs=600, visitors=1500))  # Q4  # fmt: skip
    for i, on in enumerate(spread(8, date(2026, 7, 5), date(2026, 9, 25)), start=1):
        log.append(activity(on, "talent_recruitment", f"引才招考活动{i}", participants=75))
    # Services 2, 4, 5: monthly tallies (C8); the September employment tally is corrected later.
    log += [
        metric("2026-07-31", "employment_flow", 14000),
        metric("2026-08-31", "employment_flow", 13000),
        metric("2026-09-30", "employment_flow", 12500, id_="flow-sep"),
    ]
    for on, leaders, ability, guidance in zip(
        MONTH_ENDS, (15, 15, 10), (130, 130, 120), (500, 500, 600), strict=True
    ):
        log += [
            metric(on, "industry_leaders_trained", leaders),
            metric(on, "ability_trainees", ability),
            metric(on, "college_guidance", guidance),
        ]
    for i, on in enumerate(("2026-07-08", "2026-08-06", "2026-09-03", "2026-09-24"), start=1):
        log.append(activity(on, "school_enterprise", f"校企对接会{i}", partner="赤峰学院"))
    log.append(activity("2026-09-24", "school_enterprise", "校企对接会4", id_="dup-se", partner="赤峰学院"))
    # 数字化平台 (9): 10 livestreams of 300 viewers and one of 180; the platforms' counters.
    for i, on in enumerate(spread(10, Q3_START, Q3_END), start=1):
        log.append(record("livestream_run", on, title=f"线上直播招聘会{i}", viewers=300, jobs_posted=80))
    log.append(record("livestream_run", "2026-09-29", title="夜场直播", viewers=180))
    log += [
        metric("2026-09-30", "new_media_reach", 215000),
        metric("2026-09-30", "enterprises_digitized", 1050),
        metric("2026-09-30", "efficiency_gain_pct", 22),
        metric("2026-09-30", "policy_pushes", 10200),
        metric("2026-09-30", "subsidized_enterprises", 1000),
        metric("2026-09-30", "exam_notifications", 2400),
        metric("2026-09-30", "exam_registrations", 4100),
        metric("2026-09-30", "exam_hires", 2000),
        metric("2026-09-30", "platform_visits", 5000, "employment_cloud"),  # another platform's visits
    ]
    for on, cloud_jobs, visits, hr_jobs, resumes in zip(
        MONTH_ENDS,
        (520, 610, 480),
        (21000, 20000, 23000),
        (1100, 1000, 1200),
        (10000, 11000, 12000),
        strict=True,
    ):
        log += [
            metric(on, "platform_jobs_posted", cloud_jobs, "employment_cloud"),
            metric(on, "platform_visits", visits, "hr_sharing"),
            metric(on, "platform_jobs_posted", hr_jobs, "hr_sharing"),
            metric(on, "resumes_pushed", resumes),
        ]
    # 特殊分: a complaint pending (found valid later), one found invalid; an incident with no deduction;
    # a provincial-honour talent, a provincial patent; a city award in October (Q4).
    log += [
        record("complaint_filed", "2026-08-03", id_="complaint-1", complainant="入驻机构07",
               subject="会议室预约多次被占用"),
        record("complaint_filed", "2026-09-05", complainant="入驻机构12", subject="停车位不足", valid=False),
        record("site_incident", "2026-09-09", kind="other", description="宣传物料错印园区名称"),
        record("talent_engaged", "2026-08-18", kind="provincial_honour", name="李教授（自治区草原英才）"),
        record("innovation_recorded", "2026-09-01", kind="patent", level="provincial",
               title="人才数据清洗方法（自治区专利）"),
        record("award_received", "2026-10-15", level="city", title="市级优秀人力资源服务园区"),
        record("media_report", "2026-08-10", level="national", outlet="中国组织人事报", title="赤峰产业园见闻"),
        record("revenue_reported", "2026-07-31", institution="入驻机构01", month="2026-07", amount_yuan="8000000"),
    ]  # fmt: skip
    return log


# Assessor judgements typed in with `opsledger log` (item, date, met, shortfalls, reason).
JUDGEMENTS = [
    ("q3.employment.mechanism", "2026-09-28", True, 0, "人才管理制度汇编及信息化平台已建成"),
    ("q3.platform.talent_governance", "2026-09-28", True, 0, "压测支持百万级数据多维分析"),
]


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("chifeng") / "chifeng.db"
    run(db, "init")
    cli_contracted_site(run, db, SITE, name="赤峰人力资源服务产业园", kind="park", on="2026-01-01", scheme=SCHEME,
                        fee=FEE, assessor=ASSESSOR)  # fmt: skip
    log = first_half() + third_quarter()
    path = db.parent / "chifeng-2026.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in log), encoding="utf-8")
    assert run(db, "import", str(path)).startswith(f"imported {len(log)} events")
    before = json.loads(run(db, "events", "--site", SITE, "--format", "jsonl").splitlines()[-1])[
        "recorded_at"
    ]
    for item, on, met, shortfalls, reason in JUDGEMENTS:
        run(db, "log", "assessor_judgement", f"scheme={SCHEME}", f"item={item}", f"met={str(met).lower()}",
            f"shortfalls={shortfalls}", f"reason={reason}", "--site", SITE, "--on", on, actor=ASSESSOR)  # fmt: skip
    run(
        db,
        "correct",
        str(seq_of(db, SITE, "flow-sep", actor=OPERATOR)),
        "value=13000",
        "--reason",
        "9月台账漏计500人次，按原始台账更正",
    )
    run(db, "correct", str(seq_of(db, SITE, "complaint-1", actor=OPERATOR)), "valid=true", "--reason", "采购人核实为有效投诉",
        actor=ASSESSOR)  # fmt: skip
    run(db, "retract", str(seq_of(db, SITE, "dup-se", actor=OPERATOR)), "--reason", "校企对接会4重复录入")
    card = json.loads(run(db, "score", "--site", SITE, "--period", "2026-Q3", "--format", "json"))
    return {"db": db, "card": card, "before": before}


def num(text: str) -> Decimal:
    return Decimal(text).normalize()


def points(card: dict[str, Any]) -> dict[str, Decimal]:
    return {i["id"]: num(i["points"]) for i in card["items"]}


# Worked by hand, item by item (clauses quoted). Contract from 2026-01-01: 2026-Q3 is contract quarter 3, so
# the 第三季度 table applies (C1), with the special items of every quarter.
EXPECTED = {
    # "中型（3场）、小型（5场）...大型...论坛（参会人数达500人）...“走出去”...座谈（不少于1场）。共（大、中、小）型活动
    # 3项服务，有1项未足额提供扣2分": large = the 520-person forum (the 480 one does not reach 500) + the
    # outreach talk: met; 3 medium: met; 4 small (the large salon does not fill a small slot): short -> 6 - 2 = 4.
    "q3.events": "4",
    # "共5项服务，有1项未足额提供扣2分" (10分):
    #  1. fairs 22 >= 20 (the June and October fairs are outside Q3); talent events 8 >= 8; companies
    #     7x(5+6+7) + 5 = 131 >= 100; participants 21x420 + 580 = 9400 visitors + 8x75 = 600 = 10000 >= 10000: met.
    #  2. 14000 + 13000 + 13000 (corrected from 12500) = 40000, "40000人次以上": met (June's 9000 is Q2's).
    #  3. assessor judged met.
    #  4. leaders 15+15+10 = 40 >= 40, but ability 130+130+120 = 380 < 400: short.
    #  5. school-enterprise 5 logged, 1 duplicate retracted = 4 >= 4; guidance 500+500+600 = 1600 >= 1500: met.
    #  One service short -> 10 - 2 = 8.
    "q3.employment": "8",
    # 人才治理平台 (2分): built 2026-05-20 (before the quarter's end) + judged effective -> 2.
    "q3.platform.talent_governance": "2",
    # 就业云平台 (3分): built; campus fairs year to date 12 + 8 = 20; livestreams with >= 200 viewers 10 + 10 = 20
    # (the 180-viewer one does not count and does not void the rest); reach 215000 >= 200000; but
    # "月度岗位招聘数量500人": September's reading is 480 -> 未足额完成不得分 -> 0.
    "q3.platform.employment_cloud": "0",
    # 人力资源共享服务平台 (2分): built; 1050 >= 1000; 22% >= 20%; visits 21000/20000/23000 each >= 20000;
    # jobs 1100/1000/1200 each >= 1000; resumes 10000/11000/12000 each >= 10000; pushes 10200 >= 10000 (the
    # latest reading); subsidised 1000 >= 1000 -> 2.
    "q3.platform.hr_sharing": "2",
    # 事业单位招考平台 (2分): built; 2400 >= 2000; 4100 >= 4000; 2000 >= 2000 -> 2.
    "q3.platform.exam": "2",
    # "每收到入驻机构一次有效投诉，扣2分": the August complaint found valid (the September one is not) -> -2.
    "penalty.complaints": "-2",
    # "每发生一宗安全管理责任事故，扣5分": the accident of 2026-05-10 is Q2's -> 0.
    "penalty.safety": "0",
    # "其他不良影响和事故，视情况给予一定的减分": an incident was logged but the assessor deducted nothing -> 0.
    "penalty.other": "0",
    # "市级2分，省级5分，国家级10分": the city award of 2026-10-15 is Q4's -> 0.
    "bonus.awards": "0",
    # "引进具备省级荣誉称号的高端人才加1分": 1 -> 1.
    "bonus.talents": "1",
    # "每获得1项...省（自治区）级专利证书...加1分": 1 -> 1.
    "bonus.innovation": "1",
    # "视情况给予一定加分": no assessor bonus -> 0.
    "bonus.other": "0",
}
# Table 4 + 8 + 2 + 0 + 2 + 2 = 18; bonus 1 + 1 = 2 (cap 30); penalties -2; total 18 + 2 - 2 = 18 (cap 100).
# "每季度考核分值低于20分，扣除本年服务费的20%": 18 < 20 -> 20% of 2,000,000 = 400,000 yuan; 18 is not below 15.


def test_every_item_scores_as_worked_by_hand(ledger: dict[str, Any]) -> None:
    assert points(ledger["card"]) == {k: num(v) for k, v in EXPECTED.items()}


def test_total_blocks_consequences_and_money(ledger: dict[str, Any]) -> None:
    card = ledger["card"]
    assert (card["scheme"], card["site"], card["period"]) == (SCHEME, SITE, "2026-Q3")
    blocks = {b["id"]: (num(b["raw"]), num(b["points"])) for b in card["blocks"]}
    assert blocks == {"performance": (18, 18), "bonus": (2, 2), "penalty": (-2, -2)}
    assert num(card["total"]) == 18 and num(card["max_total"]) == 25
    assert [c["below"] for c in card["consequences"]] == ["20"]
    assert not any(c["terminable"] for c in card["consequences"])
    money = card["money"]
    assert money["pieces"] == ["deduction", "settlement"] and money["assessment"] == "assessment"
    assert num(money["deduction_yuan"]) == num("400000")


def test_items_show_their_inputs_and_the_events_behind_them(ledger: dict[str, Any]) -> None:
    items = {i["id"]: i for i in ledger["card"]["items"]}
    inputs = items["q3.employment"]["inputs"]
    assert {k: num(v) for k, v in inputs.items() if v is not None} == {
        "fairs": 22, "talent_events": 8, "fair_companies": 131, "fair_visitors": 9400,
        "talent_event_participants": 600, "employment_flow": 40000, "j_talent_mechanism": 0,
        "leaders_trained": 40, "ability_trainees": 380, "school_enterprise": 4, "college_guidance": 1600,
    }  # fmt: skip
    assert "4.行业领军人才及职业能力提升培养" in items["q3.employment"]["explanation"]
    assert "职业综合能力提升培养 380人（需 ≥400）" in items["q3.employment"]["explanation"]
    assert {k: num(v) for k, v in items["q3.events"]["inputs"].items()} == {
        "forums_500": 1, "outreach": 1, "salons_medium": 3, "salons_small": 4,
    }  # fmt: skip
    cloud = items["q3.platform.employment_cloud"]
    assert num(cloud["inputs"]["campus_fairs_to_date"]) == 20
    assert num(cloud["inputs"]["livestreams_200_to_date"]) == 20
    assert num(cloud["inputs"]["cloud_jobs_short_months"]) == 1
    assert "就业云平台岗位招聘数量不足500人的月份 1个月（需 ≤0）" in cloud["explanation"]
    # The talent-governance item is backed by the platform_built event and the assessor's judgement.
    assert len(items["q3.platform.talent_governance"]["events"]) == 2
    assert len(items["penalty.complaints"]["events"]) == 1
    for item in items.values():
        assert item["explanation"] and item["source"], item["id"]


def test_before_the_assessor_and_the_fixes_the_quarter_could_be_terminated(ledger: dict[str, Any]) -> None:
    """As recorded before the judgements and fixes: employment loses services 2 (39500 < 40000), 3 (no
    judgement yet) and 4 -> 10 - 6 = 4; talent governance has no judgement -> 0; the complaint was pending -> 0.
    Table 4 + 4 + 0 + 0 + 2 + 2 = 12, bonus 2: total 14, below 15: 20% of the fee AND the buyer may terminate."""
    out = run(ledger["db"], "score", "--site", SITE, "--period", "2026-Q3", "--format", "json",
              "--as-of", ledger["before"])  # fmt: skip
    before = json.loads(out)
    got = points(before)
    assert (got["q3.employment"], got["q3.platform.talent_governance"], got["penalty.complaints"]) == (
        4,
        0,
        0,
    )
    assert num(before["total"]) == 14
    assert [c["below"] for c in before["consequences"]] == ["20", "15"]
    assert any(c["terminable"] for c in before["consequences"])


def test_other_quarters_use_their_own_tables(ledger: dict[str, Any]) -> None:
    # 2026-Q2 is contract quarter 2: the 第二季度 table (7 items) and the special items; the safety accident of
    # 2026-05-10 costs 5 there ("每发生一宗安全管理责任事故，扣5分").
    q2 = json.loads(run(ledger["db"], "score", "--site", SITE, "--period", "2026-Q2", "--format", "json"))
    ids = [i["id"] for i in q2["items"]]
    assert [i for i in ids if i.startswith("q")] == [
        "q2.seminars", "q2.matchmaking", "q2.salons", "q2.safety", "q2.facilities", "q2.enterprise_films", "q2.media",
    ]  # fmt: skip
    assert num(points(q2)["penalty.safety"]) == -5


def test_table_output_explains_every_item_in_chinese_and_english(ledger: dict[str, Any]) -> None:
    # each explanation in the reader's language (issue 14 §5): Chinese with --lang zh, English with en
    text = run(ledger["db"], "--lang", "zh", "score", "--site", SITE, "--period", "2026-Q3")
    english = run(ledger["db"], "score", "--site", SITE, "--period", "2026-Q3")
    assert "赤峰人力资源服务产业园运营服务项目绩效考核评分表" in text
    for item_id in EXPECTED:
        assert item_id[:23] in text and item_id[:23] in english  # the table clips ids to 24 columns
    assert "小型沙龙、座谈5场（小型人力资源沙龙、座谈 4场（需 ≥5））" in text
    assert "1 of 3 services short" in english and "1 of 3 services short" not in text
    assert "入驻机构有效投诉 1次，每次扣 2 分（不封顶），扣 2 分" in text
    assert "18" in text and "20%" in text


def test_scheme_show_prints_the_interpretations() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPSLEDGER_")}
    proc = subprocess.run([sys.executable, "-m", "cli", "scheme", "show", SCHEME], capture_output=True, env=env,
                          timeout=300)  # fmt: skip
    text = proc.stdout.decode("utf-8")
    assert proc.returncode == 0, proc.stderr.decode("utf-8")
    for item in ("q1.institutions", "q2.media", "q3.platform.hr_sharing", "q4.revenue", "bonus.other"):
        assert item in text
    # Chinese by default (these are Chinese readers; ledger/messages), English with --lang en
    assert "解读：对包含该季度的整个自然年内 revenue_reported.amount_yuan 求和" in text
    english = subprocess.run([sys.executable, "-m", "cli", "--lang", "en", "scheme", "show", SCHEME], capture_output=True,
                             env=env, timeout=300).stdout.decode("utf-8")  # fmt: skip
    assert "interpretation: Sum of revenue_reported.amount_yuan over the calendar year" in english
    assert "低于 20：本季度考核分值低于20分，扣除本年服务费的20%" in text
