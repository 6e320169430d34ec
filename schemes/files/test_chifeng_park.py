"""Table-driven cases for chifeng-park.toml: indicator values in, points per item out.

Every expected number is worked out by hand from the seed clause (000_b2b754025e659534.txt) quoted in the case id
or the comment beside it. A buyer who edits the scheme edits these cases. No database: IndicatorValues are built
by hand and scored with schemes.engine.score; the few indicator-filter cases fold hand-built events in memory.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from ledger.envelope import Event
from ledger.events import PAYLOAD_ADAPTER
from ledger.payloads import validate_payload
from projections.facts import Contract
from projections.indicators import CadenceSpec, IndicatorValue, JudgementSpec, LatestSpec, compute
from projections.periods import Period
from schemes.engine import Scorecard, score
from schemes.model import Scheme, get_scheme
from schemes.rules import Deductions, RuleContext, Services
from schemes.targets import contract_index

SCHEME = get_scheme("chifeng-park")
D = Decimal
QUARTER = {1: "2026-Q1", 2: "2026-Q2", 3: "2026-Q3", 4: "2026-Q4"}
SPECIALS = {
    "penalty.complaints", "penalty.safety", "penalty.other",
    "bonus.awards", "bonus.talents", "bonus.innovation", "bonus.other",
}  # fmt: skip


# -- building inputs -------------------------------------------------------------------------------------


def judged(met: bool = True, shortfalls: int = 0, reason: str = "现场核查") -> IndicatorValue:
    """An assessor's latest judgement on an item (what the `judgement` indicator returns)."""
    return IndicatorValue(D(shortfalls), (900,), {"met": met, "reason": reason, "actor": "assessor"})


def blank(scheme: Scheme = SCHEME) -> dict[str, IndicatorValue]:
    """Every indicator with nothing recorded: counts and sums 0, readings and judgements None, every month short."""
    out: dict[str, IndicatorValue] = {}
    for name, spec in scheme.indicators.items():
        if isinstance(spec, LatestSpec | JudgementSpec) or spec.kind == "average":
            out[name] = IndicatorValue(None)
        elif isinstance(spec, CadenceSpec):
            out[name] = IndicatorValue(D(3), (), {"short": [], "checked": 3})
        else:
            out[name] = IndicatorValue(D(0))
    return out


def inputs(**given: Any) -> dict[str, IndicatorValue]:
    """blank() with some indicators set: numbers become recorded values (backed by an event), IndicatorValues stay."""
    values = blank()
    for name, value in given.items():
        assert name in SCHEME.indicators, f"unknown indicator {name}"
        if isinstance(value, IndicatorValue) or value is None:
            values[name] = value if value is not None else IndicatorValue(None)
        else:
            values[name] = IndicatorValue(D(str(value)), (1,))
    return values


def card(quarter: int, values: Mapping[str, IndicatorValue], scheme: Scheme = SCHEME) -> Scorecard:
    return score(scheme, "chifeng", QUARTER[quarter], values, index=quarter)


def points(item: str, **given: Any) -> Decimal:
    quarter = int(item[1]) if item[0] == "q" else 3
    return card(quarter, inputs(**given)).item(item).points


# -- the scheme as a whole -------------------------------------------------------------------------------


@pytest.mark.parametrize("quarter", [1, 2, 3, 4])
def test_each_quarter_table_is_worth_25(quarter: int) -> None:
    # "第一季度考核标准（25分）" ... "第四季度考核标准（25）"
    items = [i for i in SCHEME.items if i.applies_in == [quarter]]
    assert sum(i.max_points for i in items) == 25
    assert all(i.block == "performance" and i.criterion and i.source and i.evidence for i in items)


def test_quarter_items_and_special_items() -> None:
    # Each quarter is scored on its own table plus "本项指标适用于每季度考核" (the special items, every quarter).
    counts = {1: 9, 2: 7, 3: 6, 4: 4}
    for quarter, n in counts.items():
        scored = {i.id for i in card(quarter, blank()).items}
        assert {i for i in scored if i.startswith(f"q{quarter}.")} == {
            i.id for i in SCHEME.items if i.applies_in == [quarter]
        }
        assert len(scored) == n + len(SPECIALS) and SPECIALS <= scored
    assert {i.id for i in SCHEME.items if not i.applies_in} == SPECIALS


def test_scheme_settings() -> None:
    assert SCHEME.assessed_every == "quarter" and SCHEME.max_total == 100
    assert {b.id: (b.kind, b.cap) for b in SCHEME.blocks} == {
        "performance": ("base", D(25)), "bonus": ("bonus", D(30)), "penalty": ("penalty", None),
    }  # fmt: skip
    # 每季度考核分值低于20分，扣除本年服务费的20% (P1: every such quarter); termination below 15 is a consequence row
    [cut] = [p for p in SCHEME.payout.pieces if p.kind == "deduction"]
    assert (cut.below, cut.pct, cut.once_a_year) == (D(20), D(20), False)
    [terminates] = [c for c in SCHEME.consequences if c.terminable]
    assert terminates.below == D(15)


@pytest.mark.parametrize(
    ("start", "period", "index"),
    [
        ("2026-01-01", "2026-Q1", 1),
        ("2026-01-01", "2026-Q3", 3),
        ("2026-04-01", "2026-Q2", 1),  # a contract starting in April: its first quarter is 2026-Q2 (C1)
        ("2026-04-01", "2027-Q1", 4),
        ("2026-01-01", "2027-Q1", 1),  # year two repeats the year-one tables
    ],
)
def test_contract_quarter_index(start: str, period: str, index: int) -> None:
    contract = Contract("chifeng", "chifeng-park", date.fromisoformat(start), None, D(1000000), D(0), 1)
    assert contract_index(SCHEME, contract, Period.parse(period)) == index


# == 第一季度 ===============================================================================================


# "入驻机构30家或以上 3；入驻机构达20家，不足30家 2；入驻机构不足20家 1"
@pytest.mark.parametrize(
    ("n", "expected"),
    [(0, 1), (1, 1), (19, 1), (20, 2), (21, 2), (29, 2), (30, 3), (31, 3)],
    ids=[
        "0:不足20家(by the letter)",
        "1:不足20家",
        "19:不足20家",
        "20:达20家",
        "21",
        "29:不足30家",
        "30:30家或以上",
        "31",
    ],
)
def test_q1_institutions(n: int, expected: int) -> None:
    assert points("q1.institutions", institutions=n) == expected


def test_q1_institutions_without_records_scores_by_the_letter_and_says_so() -> None:
    item = card(1, blank()).item("q1.institutions")
    assert item.points == 1 and "无相关记录" in item.explanation_zh


# "共3项服务，有1项未足额提供扣1分，直至扣完该项为止"
@pytest.mark.parametrize(
    ("ledger", "report", "reception", "expected"),
    [(1, 1, 1, 3), (0, 1, 1, 2), (1, 0, 1, 2), (1, 1, 0, 2), (0, 0, 1, 1), (0, 0, 0, 0), (4, 0, 2, 2)],
    ids=[
        "all 3",
        "no ledger -1",
        "no report -1",
        "no reception -1",
        "two missing -2",
        "none: 扣完为止 0",
        "many, one missing",
    ],
)
def test_q1_park_management(ledger: int, report: int, reception: int, expected: int) -> None:
    assert points("q1.park_management", d_management_ledger=ledger, d_performance_report=report,
                  receptions=reception) == expected  # fmt: skip


# "...及时有效发布产业园活动和相关政策动态信息。未足额完成不得分。" (2分)
@pytest.mark.parametrize(
    ("posts", "judgement", "expected"),
    [(1, judged(), 2), (0, judged(), 0), (5, judged(False, 1), 0), (5, None, 0), (5, judged(True, 1), 0)],
    ids=["post + met", "no post", "judged not met", "no judgement yet", "met but a shortfall noted"],
)
def test_q1_info_platform(posts: int, judgement: IndicatorValue | None, expected: int) -> None:
    assert points("q1.info_platform", official_account_posts=posts, j_info_platform=judgement) == expected


# "宣传推广3次（其中国家级1次，省级2次）。共3项服务，有1次未提供扣2分，直至扣完该项为止。" (6分)
@pytest.mark.parametrize(
    ("national", "provincial", "expected"),
    [(1, 2, 6), (2, 4, 6), (0, 2, 4), (1, 1, 4), (1, 0, 2), (0, 1, 2), (0, 0, 0), (3, 0, 2), (0, 3, 4)],
    ids=[
        "1+2 full",
        "more than asked",
        "national missing -2",
        "one provincial missing -2",
        "two provincial -4",
        "national and one provincial -4",
        "none -6",
        "3 national do not fill provincial slots (C5)",
        "3 provincial do not fill the national slot",
    ],  # fmt: skip
)
def test_q1_media(national: int, provincial: int, expected: int) -> None:
    assert points("q1.media", media_national=national, media_provincial=provincial) == expected


@pytest.mark.parametrize(
    ("national", "provincial", "expected"), [(3, 0, 6), (2, 0, 4), (0, 3, 4), (1, 2, 6), (0, 0, 0)]
)
def test_q1_media_substitution_alternative_from_the_interpretation(
    national: int, provincial: int, expected: int
) -> None:
    # The rule a buyer who lets a national report fill a provincial slot writes (q1.media interpretation).
    rule = Deductions.model_validate({"kind": "deductions", "terms": [
        {"input": "national", "below": "1", "each": "2", "group": "media"},
        {"input": "total", "below": "3", "each": "2", "group": "media"},
    ]})  # fmt: skip
    values = {
        "national": IndicatorValue(D(national), (1,)),
        "total": IndicatorValue(D(national + provincial), (1,)),
    }
    assert rule.evaluate(RuleContext(values, D(6))).points == expected


# "产业园形象宣传片1个...足额完成得4分，未完成不得分。"
@pytest.mark.parametrize(("films", "expected"), [(0, 0), (1, 4), (2, 4)])
def test_q1_promo_film(films: int, expected: int) -> None:
    assert points("q1.promo_film", park_films=films) == expected


@pytest.mark.parametrize(("plans", "expected"), [(0, 0), (1, 1)], ids=["制定年度计划: none 0", "one: 1"])
def test_q1_annual_plan(plans: int, expected: int) -> None:
    assert points("q1.annual_plan", d_annual_plan=plans) == expected


# "提交工作总结报告、每月运营情况汇报（共2项服务，有1项未提供扣1分，直至扣完该项为止）"
@pytest.mark.parametrize(
    ("summaries", "months_short", "expected"),
    [(1, 0, 2), (0, 0, 1), (1, 1, 1), (1, 3, 1), (0, 3, 0), (2, 0, 2)],
    ids=[
        "both",
        "no summary -1",
        "one month without a report -1",
        "no monthly reports -1",
        "neither 0",
        "two summaries",
    ],
)
def test_q1_reports(summaries: int, months_short: int, expected: int) -> None:
    assert points("q1.reports", d_work_summary=summaries, monthly_report_gaps=months_short) == expected


@pytest.mark.parametrize(("reports", "expected"), [(0, 0), (1, 2)], ids=["调研报告 none: 不得分", "one: 2"])
def test_q1_research_report(reports: int, expected: int) -> None:
    assert points("q1.research_report", d_research_report=reports) == expected


# "组建或引进...师资队伍，至少提供一次招聘活动、就业培训、政策指引和信息咨询等服务。完成即可得分，未完成不得分。"
@pytest.mark.parametrize(
    ("roster", "services", "expected"),
    [(1, 1, 2), (1, 0, 0), (0, 1, 0), (0, 0, 0), (1, 6, 2)],
    ids=["roster + one service", "no service", "no roster", "nothing", "several services"],
)
def test_q1_employment_service(roster: int, services: int, expected: int) -> None:
    assert points("q1.employment_service", d_trainer_roster=roster, q1_services=services) == expected


# == 第二季度 ===============================================================================================


# "为入驻机构承办各级高水平学术研讨和业务交流活动...未足额完成不得分。" / "...供需对接交流活动。未足额完成不得分。"
@pytest.mark.parametrize(
    ("item", "count", "judge"),
    [("q2.seminars", "seminars", "j_seminars"), ("q2.matchmaking", "supply_demand", "j_supply_demand")],
)
@pytest.mark.parametrize(
    ("held", "judgement", "expected"),
    [(1, judged(), 2), (3, judged(), 2), (0, judged(), 0), (2, judged(False, 1), 0), (2, None, 0)],
    ids=[
        "one held, judged met",
        "three, met",
        "none held (met alone is not enough, C7)",
        "judged short",
        "no judgement",
    ],
)
def test_q2_qualitative_activities(item: str, count: str, judge: str, held: int,
                                   judgement: IndicatorValue | None, expected: int) -> None:  # fmt: skip
    assert points(item, **{count: held, judge: judgement}) == expected


# "中型（2场）、小型（5场）...共2项服务，有1项未足额提供扣2分，直至扣完该项为止。" (4分)
@pytest.mark.parametrize(
    ("medium", "small", "expected"),
    [(2, 5, 4), (3, 9, 4), (1, 5, 2), (2, 4, 2), (1, 4, 0), (0, 0, 0)],
    ids=["2+5 full", "more", "1 medium: -2", "4 small: -2", "both short: 0", "none"],
)
def test_q2_salons(medium: int, small: int, expected: int) -> None:
    assert points("q2.salons", salons_medium=medium, salons_small=small) == expected


# "（共2项服务，有1项未提供扣1分，直至扣完该项为止）" (2分)
@pytest.mark.parametrize(
    ("plan", "trainings", "expected"), [(1, 1, 2), (0, 1, 1), (1, 0, 1), (0, 0, 0), (1, 4, 2)]
)
def test_q2_safety(plan: int, trainings: int, expected: int) -> None:
    assert points("q2.safety", d_emergency_plan=plan, safety_trainings=trainings) == expected


# "共2项服务，有1项未足额提供扣1.5分，直至扣完该项为止。" (3分)
@pytest.mark.parametrize(
    ("ledger", "rules", "expected"), [(1, 1, D(3)), (0, 1, D("1.5")), (1, 0, D("1.5")), (0, 0, D(0))]
)
def test_q2_facilities(ledger: int, rules: int, expected: Decimal) -> None:
    assert points("q2.facilities", d_facilities_ledger=ledger, d_rules_implementation=rules) == expected


# "优质企业形象宣传片3个...共3项服务，有1项未足额提供扣2分，直至扣完该项为止。" (6分)
@pytest.mark.parametrize(("films", "expected"), [(0, 0), (1, 2), (2, 4), (3, 6), (4, 6)])
def test_q2_enterprise_films(films: int, expected: int) -> None:
    assert points("q2.enterprise_films", enterprise_films=films) == expected


# "不少于3次（其中国家级2次，省级1次）。共3项服务，有1次未提供扣2分，直至扣完该项为止。" (6分)
@pytest.mark.parametrize(
    ("national", "provincial", "expected"),
    [(2, 1, 6), (1, 1, 4), (2, 0, 4), (0, 1, 2), (0, 0, 0), (1, 5, 4), (3, 0, 4)],
    ids=[
        "2+1 full",
        "one national short",
        "provincial missing",
        "both national missing",
        "none",
        "provincial reports do not fill a national slot (C5)",
        "3 national do not fill the provincial slot",
    ],
)
def test_q2_media(national: int, provincial: int, expected: int) -> None:
    assert points("q2.media", media_national=national, media_provincial=provincial) == expected


# == 第三季度 ===============================================================================================


# "中型（3场）、小型（5场）...大型...论坛（参会人数达500人）...“走出去”...座谈（不少于1场）。
#  共（大、中、小）型活动3项服务，有1项未足额提供扣2分，直至扣完该项为止。" (6分)
@pytest.mark.parametrize(
    ("forum", "outreach", "medium", "small", "expected"),
    [
        (1, 1, 3, 5, 6),
        (1, 0, 3, 5, 4),  # outreach belongs to the large service: -2
        (0, 1, 3, 5, 4),
        (0, 0, 3, 5, 4),  # forum and outreach missing are ONE service: -2, not -4
        (1, 1, 2, 5, 4),
        (1, 1, 3, 4, 4),
        (1, 1, 2, 4, 2),
        (0, 0, 2, 4, 0),
    ],
)
def test_q3_events(forum: int, outreach: int, medium: int, small: int, expected: int) -> None:
    assert points("q3.events", forums_500=forum, outreach=outreach, salons_medium=medium,
                  salons_small=small) == expected  # fmt: skip


Q3_EMPLOYMENT_MET = {
    "fairs": 20, "talent_events": 8, "fair_companies": 100, "fair_visitors": 9000, "talent_event_participants": 1000,
    "employment_flow": 40000, "j_talent_mechanism": judged(), "leaders_trained": 40, "ability_trainees": 400,
    "school_enterprise": 4, "college_guidance": 1500,
}  # fmt: skip


# "共5项服务，有1项未足额提供扣2分，直至扣完该项为止。" (10分); every target exactly at its minimum earns 10.
@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, 10),
        ({"fairs": 19}, 8),  # "不少于20场次"
        ({"talent_events": 7}, 8),  # "不少于8场次"
        ({"fair_companies": 99}, 8),  # "参与企业数量不低于100家"
        ({"fair_visitors": 8999}, 8),  # 8999 + 1000 = 9999 < "不低于10000人次"
        ({"fair_visitors": 10000, "talent_event_participants": 0}, 10),  # fairs alone reach 10000
        ({"fairs": 19, "talent_events": 7, "fair_companies": 0}, 8),  # three misses in ONE service: -2
        ({"employment_flow": 39999}, 8),  # "40000人次以上" (以上 includes 40000)
        ({"j_talent_mechanism": None}, 8),  # 3. qualitative: no judgement yet
        ({"j_talent_mechanism": judged(False, 1)}, 8),
        ({"leaders_trained": 39}, 8),  # "40人以上"
        ({"ability_trainees": 399}, 8),  # "400人以上"
        ({"school_enterprise": 3}, 8),  # "不低于4次"
        ({"college_guidance": 1499}, 8),  # "不少于1500人"
        ({"fairs": 0, "employment_flow": 0}, 6),
        ({"fairs": 0, "employment_flow": 0, "j_talent_mechanism": None, "leaders_trained": 0}, 2),
        (
            {
                "fairs": 0,
                "employment_flow": 0,
                "j_talent_mechanism": None,
                "leaders_trained": 0,
                "college_guidance": 0,
            },
            0,
        ),
    ],
)
def test_q3_employment(changes: dict[str, Any], expected: int) -> None:
    assert points("q3.employment", **{**Q3_EMPLOYMENT_MET, **changes}) == expected


# 人才治理平台: "完成搭建并形成有效的数据分析系统 ... 按采购人标准足额完成得满分，未足额完成不得分" (2分)
@pytest.mark.parametrize(
    ("built", "judgement", "expected"),
    [(1, judged(), 2), (0, judged(), 0), (1, judged(False, 1), 0), (1, None, 0)],
)
def test_q3_talent_governance(built: int, judgement: IndicatorValue | None, expected: int) -> None:
    assert points("q3.platform.talent_governance", built_talent_governance=built,
                  j_talent_governance=judgement) == expected  # fmt: skip


CLOUD_MET = {"built_employment_cloud": 1, "campus_fairs_to_date": 20, "livestreams_200_to_date": 20,
             "new_media_reach": 200000, "cloud_jobs_short_months": 0}  # fmt: skip


# 就业云平台 (3分): 带企进校校招聘会20场; 线上直播招聘会20场; 新媒体传播覆盖20万; 单场200人以上/场; 月度岗位招聘数量500人
@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, 3),
        ({"campus_fairs_to_date": 25, "new_media_reach": 1000000}, 3),
        ({"built_employment_cloud": 0}, 0),
        ({"campus_fairs_to_date": 19}, 0),
        ({"livestreams_200_to_date": 19}, 0),
        ({"new_media_reach": 199999}, 0),
        ({"new_media_reach": None}, 0),  # no reading: no data, not met
        ({"cloud_jobs_short_months": 1}, 0),  # one month under 500
    ],
)
def test_q3_employment_cloud(changes: dict[str, Any], expected: int) -> None:
    assert points("q3.platform.employment_cloud", **{**CLOUD_MET, **changes}) == expected


HR_MET = {"built_hr_sharing": 1, "enterprises_digitized": 1000, "efficiency_gain": 20, "visits_short_months": 0,
          "hr_jobs_short_months": 0, "resumes_short_months": 0, "policy_pushes": 10000,
          "subsidized_enterprises": 1000}  # fmt: skip


# 人力资源共享服务平台 (2分): 赋能1000家; 效率20%; 月访问量2万次; 月发布岗位1000次; 月推送简历1万份; 政策推送1万次; 补贴企业1000家
@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, 2),
        ({"built_hr_sharing": 0}, 0),
        ({"enterprises_digitized": 999}, 0),
        ({"efficiency_gain": "19.9"}, 0),
        ({"visits_short_months": 1}, 0),
        ({"hr_jobs_short_months": 2}, 0),
        ({"resumes_short_months": 3}, 0),
        ({"policy_pushes": 9999}, 0),
        ({"subsidized_enterprises": 999}, 0),
        ({"subsidized_enterprises": None}, 0),
    ],
)
def test_q3_hr_sharing(changes: dict[str, Any], expected: int) -> None:
    assert points("q3.platform.hr_sharing", **{**HR_MET, **changes}) == expected


EXAM_MET = {"built_exam": 1, "exam_notifications": 2000, "exam_registrations": 4000, "exam_hires": 2000}


# 事业单位招考平台 (2分): 考试消息通知2000次; 考生报名数量4000次; 年招考人数2000人
@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, 2),
        ({"built_exam": 0}, 0),
        ({"exam_notifications": 1999}, 0),
        ({"exam_registrations": 3999}, 0),
        ({"exam_hires": 1999}, 0),
        ({"exam_hires": 5000}, 2),
    ],  # fmt: skip
)
def test_q3_exam(changes: dict[str, Any], expected: int) -> None:
    assert points("q3.platform.exam", **{**EXAM_MET, **changes}) == expected


# == 第四季度 ===============================================================================================


# "2亿元以上 10；1-2（含）亿元 5；1（含）亿元以下 3" (按全年算)
@pytest.mark.parametrize(
    ("revenue", "expected"),
    [
        ("0", 3),
        ("99999999.99", 3),
        ("100000000", 3),  # exactly 1亿: "1（含）亿元以下"
        ("100000000.01", 5),
        ("150000000", 5),
        ("200000000", 5),  # exactly 2亿: "1-2（含）亿元"
        ("200000000.01", 10),  # "2亿元以上"
        ("350000000", 10),
    ],
)
def test_q4_revenue(revenue: str, expected: int) -> None:
    assert points("q4.revenue", revenue_year=revenue) == expected


def test_q4_revenue_without_reports_scores_by_the_letter_and_says_so() -> None:
    item = card(4, blank()).item("q4.revenue")
    assert item.points == 3 and "无相关记录" in item.explanation_zh


Q4_EMPLOYMENT_MET = {
    "fairs": 10, "talent_events": 2, "fair_companies": 30, "fair_visitors": 2500, "talent_event_participants": 500,
    "employment_flow": 10000, "leaders_trained": 10, "ability_trainees": 100, "school_enterprise_year": 1,
    "college_guidance": 500,
}  # fmt: skip


# "共4项服务，有1项未足额提供扣1.5分，直至扣完该项为止。" (6分)
@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, D(6)),
        ({"fairs": 9}, D("4.5")),  # "不少于10场次"
        ({"talent_events": 1}, D("4.5")),  # "不少于2场次"
        ({"fair_companies": 29}, D("4.5")),  # "不低于30家"
        ({"talent_event_participants": 499}, D("4.5")),  # 2500 + 499 < "不低于3000人次"
        ({"employment_flow": 9999}, D("4.5")),  # "10000人次以上"
        ({"leaders_trained": 9}, D("4.5")),  # "10人以上"
        ({"ability_trainees": 99}, D("4.5")),  # "100人以上"
        ({"school_enterprise_year": 0}, D("4.5")),  # "每年开展校企对接活动不低于1次"
        ({"college_guidance": 499}, D("4.5")),  # "不少于500人"
        ({"fairs": 0, "employment_flow": 0}, D(3)),
        ({"fairs": 0, "employment_flow": 0, "leaders_trained": 0}, D("1.5")),
        ({"fairs": 0, "employment_flow": 0, "leaders_trained": 0, "college_guidance": 0}, D(0)),
    ],
)
def test_q4_employment(changes: dict[str, Any], expected: Decimal) -> None:
    assert points("q4.employment", **{**Q4_EMPLOYMENT_MET, **changes}) == expected


# "平均分在91-100分 6；76-90分 4；61-75分 2；60分以下 0" — the indicator has already rounded (四舍五入)
@pytest.mark.parametrize(
    ("mean", "expected"),
    [(100, 6), (91, 6), (90, 4), (76, 4), (75, 2), (61, 2), (60, 0), (0, 0), (None, 0)],
    ids=["100", "91", "90", "76", "75", "61", "60 is 60分以下 (C4)", "0", "no survey"],
)
def test_q4_satisfaction(mean: int | None, expected: int) -> None:
    assert points("q4.satisfaction", satisfaction=mean) == expected


COLLAB_MET = {"built_employment_collab": 1, "built_broker_training": 1, "local_companies_linked": 50,
              "labour_agencies": 10, "brokers_trained": 300, "jobs_delivered": 5000, "vocational_trainees": 200}  # fmt: skip


# 就业协作平台 (3分): 本地企业链接50家; 劳务机构10家; 劳务经纪人300人; 效果交付岗位5000个; 职教实训200人
@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, 3),
        ({"built_employment_collab": 0}, 0),
        ({"built_broker_training": 0}, 0),
        ({"local_companies_linked": 49}, 0),
        ({"labour_agencies": 9}, 0),
        ({"brokers_trained": 299}, 0),
        ({"jobs_delivered": 4999}, 0),
        ({"vocational_trainees": 199}, 0),
        ({"vocational_trainees": None}, 0),
    ],  # fmt: skip
)
def test_q4_employment_collab(changes: dict[str, Any], expected: int) -> None:
    assert points("q4.platform.employment_collab", **{**COLLAB_MET, **changes}) == expected


# == 特殊分（每季度） =======================================================================================


@pytest.mark.parametrize(
    ("item", "indicator", "n", "expected"),
    [
        ("penalty.complaints", "valid_complaints", 0, D(0)),
        ("penalty.complaints", "valid_complaints", 1, D(-2)),  # "每收到入驻机构一次有效投诉，扣2分"
        ("penalty.complaints", "valid_complaints", 8, D(-16)),  # 不封顶
        ("penalty.safety", "safety_accidents", 1, D(-5)),  # "每发生一宗安全管理责任事故，扣5分"
        ("penalty.safety", "safety_accidents", 7, D(-35)),
        ("penalty.other", "penalty_other_points", "2.5", D("-2.5")),  # "视情况给予一定的减分"
        ("bonus.awards", "awards_city", 1, D(2)),  # "市级2分"
        ("bonus.awards", "awards_provincial", 1, D(5)),  # "省级5分"
        ("bonus.awards", "awards_national", 1, D(10)),  # "国家级10分"
        ("bonus.awards", "awards_national", 4, D(30)),  # 40 capped by the block's 30
        ("bonus.talents", "talents_national", 4, D(8)),  # "国家级...加2分"
        ("bonus.talents", "talents_national", 5, D(10)),
        ("bonus.talents", "talents_national", 6, D(10)),  # "最高10分"
        ("bonus.talents", "talents_provincial", 9, D(9)),  # "省级...加1分"
        ("bonus.talents", "talents_provincial", 11, D(10)),
        ("bonus.innovation", "innovations_national", 5, D(10)),  # "国家级...加2分"
        ("bonus.innovation", "innovations_national", 6, D(10)),  # "最高10分"
        ("bonus.innovation", "innovations_provincial", 3, D(3)),  # "省（自治区）级...加1分"
        ("bonus.other", "bonus_other_points", "1.5", D("1.5")),  # "视情况给予一定加分"
    ],
)
def test_special_items(item: str, indicator: str, n: Any, expected: Decimal) -> None:
    for quarter in (1, 2, 3, 4):  # "本项指标适用于每季度考核"
        assert card(quarter, inputs(**{indicator: n})).item(item).points == expected


def test_bonus_items_mix_and_caps() -> None:
    # talents: 4 national (8) + 3 provincial (3) = 11, "最高10分" -> 10
    assert points("bonus.talents", talents_national=4, talents_provincial=3) == 10
    # awards: 1 city + 1 provincial + 1 national = 2 + 5 + 10 = 17
    assert points("bonus.awards", awards_city=1, awards_provincial=1, awards_national=1) == 17


def total_q3(**given: Any) -> Scorecard:
    return card(3, inputs(**given))


def test_bonus_block_is_capped_at_30() -> None:
    # 加分项（30）: awards 2 national (20) + talents 10 + innovation 10 = 40 -> 30; the Q3 table scores 0 here.
    result = total_q3(awards_national=2, talents_national=5, innovations_national=5)
    bonus = next(b for b in result.blocks if b.id == "bonus")
    assert (bonus.raw, bonus.points) == (D(40), D(30))
    assert result.total == 30


def test_penalties_are_unbounded_and_the_total_can_go_negative() -> None:
    # 减分项（不封顶）: 10 valid complaints (-20) + 2 accidents (-10) + 3 discretionary = -33 against a Q3 table of 2
    result = total_q3(built_exam=1, exam_notifications=2000, exam_registrations=4000, exam_hires=2000,
                      valid_complaints=10, safety_accidents=2, penalty_other_points=3)  # fmt: skip
    penalty = next(b for b in result.blocks if b.id == "penalty")
    assert penalty.points == -33
    assert result.total == 2 - 33


def test_best_possible_quarter_is_55_so_the_100_cap_does_not_bite() -> None:
    # 25-point table in full + 加分项 capped at 30 = 55 <= 100 ("总得分（不超过100分）", C2).
    best = {**Q3_EMPLOYMENT_MET, **CLOUD_MET, **HR_MET, **EXAM_MET, "forums_500": 1, "outreach": 1, "salons_medium": 3,
            "salons_small": 5, "built_talent_governance": 1, "j_talent_governance": judged(), "awards_national": 5}  # fmt: skip
    result = total_q3(**best)
    assert [i.points for i in result.items if i.block == "performance"] == [6, 10, 2, 3, 2, 2]
    assert (result.raw_total, result.total, result.max_total) == (D(55), D(55), D(25))
    assert result.consequences == []


def test_yearly_reading_four_tables_plus_bonus_is_capped_at_100() -> None:
    # The annual reading of "总得分（不超过100分）": four full tables (4 x 25 = 100) + 30 bonus = 130 -> 100.
    # Scored with every item applying (index None) and the per-quarter block cap lifted.
    blocks = [b.model_copy(update={"cap": None}) if b.id == "performance" else b for b in SCHEME.blocks]
    yearly = SCHEME.model_copy(update={"blocks": blocks})
    full = {name: IndicatorValue(D(10**9), (1,)) for name, spec in SCHEME.indicators.items()}
    for name, spec in SCHEME.indicators.items():
        if isinstance(spec, CadenceSpec):
            full[name] = IndicatorValue(D(0), (1,))
        elif isinstance(spec, JudgementSpec):
            full[name] = judged()
    full.update(satisfaction=IndicatorValue(D(95), (1,)), valid_complaints=IndicatorValue(D(0)),
                safety_accidents=IndicatorValue(D(0)), penalty_other_points=IndicatorValue(D(0)))  # fmt: skip
    result = score(yearly, "chifeng", "2026", full, index=None)
    assert sum(i.points for i in result.items if i.block == "performance") == 100
    assert result.raw_total == 130 and result.total == 100
    assert any("超过上限" in note for note in result.notes)


# "每季度考核分值低于20分，扣除本年服务费的20%；低于15分，采购人有权解除合同"
@pytest.mark.parametrize(
    ("total", "fee_pct", "terminable"),
    [
        ("14.9", ["20", "0"], True),
        ("15", ["20"], False),
        ("19.9", ["20"], False),
        ("20", [], False),
        ("25", [], False),
    ],
    ids=["14.9: both", "15 is not below 15", "19.9: 20% of the year's fee", "20 is not below 20", "25"],
)
def test_consequences(total: str, fee_pct: list[str], terminable: bool) -> None:
    # A Q3 with nothing recorded scores 0 on its table; an assessor's discretionary bonus sets the total exactly.
    result = total_q3(bonus_other_points=total)
    assert result.total == D(total)
    assert [c["fee_deduction_pct"] for c in result.consequences] == fee_pct
    assert any(c["terminable"] for c in result.consequences) is terminable


def test_consequences_count_bonus_and_penalties() -> None:
    # Q1 table 21 (everything but the 4-point film), one valid complaint -2: 19 < 20 costs 20% of the year's fee.
    q1 = inputs(institutions=30, d_management_ledger=1, d_performance_report=1, receptions=1, official_account_posts=1,
                j_info_platform=judged(), media_national=1, media_provincial=2, d_annual_plan=1, d_work_summary=1,
                monthly_report_gaps=0, d_research_report=1, d_trainer_roster=1, q1_services=1, valid_complaints=1)  # fmt: skip
    result = card(1, q1)
    assert sum(i.points for i in result.items if i.block == "performance") == 21
    assert result.total == 19 and [c["below"] for c in result.consequences] == ["20"]


# == the `services` rule (schemes/rules.py), added for "共N项服务" =========================================


def ctx(max_points: str = "10", **values: Any) -> RuleContext:
    data = {k: (v if isinstance(v, IndicatorValue) else IndicatorValue(None if v is None else D(str(v)), (1,)))
            for k, v in values.items()}  # fmt: skip
    return RuleContext(data, D(max_points), {"a": ("甲", "a", "次", "times")})


def services_rule(each: str | None, *services: list[dict[str, Any]]) -> Services:
    body: dict[str, Any] = {"kind": "services", "services": [
        {"name_zh": f"服务{i + 1}", "checks": checks} for i, checks in enumerate(services)
    ]}  # fmt: skip
    if each is not None:
        body["each"] = each
    return Services.model_validate(body)


def test_services_rule_each_service_short_once_and_floored() -> None:
    rule = services_rule("4", [{"input": "a", "min": "2"}, {"input": "b", "min": "1"}], [{"input": "c", "min": "1"}],
                         [{"input": "d", "max": "0"}])  # fmt: skip
    assert rule.inputs() == ["a", "b", "c", "d"]
    assert rule.evaluate(ctx(a=2, b=1, c=1, d=0)).points == 10
    out = rule.evaluate(ctx(a=1, b=0, c=1, d=0))  # two misses in service 1: one service short
    assert out.points == 6 and "服务1" in out.zh and "甲 1次（需 ≥2）" in out.zh and len(out.gaps) == 1
    assert rule.evaluate(ctx(a=1, b=1, c=0, d=0)).points == 2
    assert rule.evaluate(ctx(a=0, b=0, c=0, d=1)).points == 0  # 3 x 4 = 12 > 10: 直至扣完该项为止


def test_services_rule_all_or_nothing_without_each() -> None:
    rule = services_rule(None, [{"input": "a", "min": "1"}, {"input": "b", "min": "5"}])
    assert rule.evaluate(ctx("3", a=1, b=5)).points == 3
    out = rule.evaluate(ctx("3", a=1, b=4))
    assert out.points == 0 and out.zh.startswith("未足额完成不得分")


def test_services_rule_sums_a_list_input_and_treats_no_reading_as_not_met() -> None:
    rule = services_rule("1", [{"input": ["a", "b"], "min": "10", "label_zh": "合计"}])
    assert rule.evaluate(ctx("1", a=6, b=4)).points == 1
    assert rule.evaluate(ctx("1", a=6, b=3)).points == 0
    assert rule.evaluate(ctx("1", a=10, b=None)).points == 1  # one reading missing: the other alone counts
    assert rule.evaluate(ctx("1", a=None, b=None)).points == 0  # no data is not met
    assert "合计 无记录" in rule.evaluate(ctx("1", a=None, b=None)).zh


@pytest.mark.parametrize(
    ("judgement", "expected"),
    [(judged(), 2), (judged(False, 0), 0), (judged(True, 1), 0), (IndicatorValue(None), 0)],
    ids=["met", "not met", "met with a shortfall", "no judgement"],
)
def test_services_rule_judged_check(judgement: IndicatorValue, expected: int) -> None:
    rule = services_rule(None, [{"input": "j", "judged": True}])
    out = rule.evaluate(ctx("2", j=judgement))
    assert out.points == expected
    assert ("尚无评估判定" in out.zh) is (judgement.value is None)


# == indicator filters that carry the document's specs (hand-built events, folded in memory) ================


def event(seq: int, event_type: str, on: str, /, **payload: Any) -> Event:
    return Event(seq, f"e{seq}", event_type, 1, "chifeng", on, on + "T12:00:00+08:00", "op",
                 validate_payload(event_type, payload))  # fmt: skip


def fold(period: str, *events: Event) -> dict[str, IndicatorValue]:
    return compute(SCHEME.indicators, list(events), Period.parse(period), scheme=SCHEME.id)


def video(seq: int, kind: str, width: int, height: int, minutes: str) -> Event:
    return event(seq, "video_published", "2026-02-10", kind=kind, title="宣传片", width=width, height=height,
                 minutes=minutes)  # fmt: skip


def test_film_specs() -> None:
    # "分辨率1920*1080，时长为不低于5分钟" / "分辨率1920*1080，时长为3分钟"
    got = fold("2026-Q1",
               video(1, "park_image", 1920, 1080, "5"), video(2, "park_image", 1920, 1080, "4.9"),
               video(3, "park_image", 1280, 720, "8"), video(4, "park_image", 3840, 2160, "6"),
               video(5, "enterprise_image", 1920, 1080, "3"), video(6, "enterprise_image", 1920, 1080, "2.9"),
               video(7, "enterprise_image", 1080, 1920, "3"), video(8, "short_video", 1920, 1080, "9"))  # fmt: skip
    assert got["park_films"].events == (1, 4)
    assert got["enterprise_films"].events == (5,)


def test_forum_needs_500_and_livestreams_need_200() -> None:
    got = fold("2026-Q3",
               event(1, "activity_held", "2026-08-01", kind="forum", title="论坛", participants=500),
               event(2, "activity_held", "2026-08-02", kind="forum", title="论坛", participants=499),
               event(3, "livestream_run", "2026-03-02", title="直播", viewers=200),
               event(4, "livestream_run", "2026-08-02", title="直播", viewers=199),
               event(5, "livestream_run", "2025-12-30", title="直播", viewers=900))  # fmt: skip
    assert got["forums_500"].events == (1,)  # "参会人数达500人"
    assert got["livestreams_200_to_date"].value == 1  # March counts (year to date), last year's does not


def metric(seq: int, on: str, name: str, value: str, platform: str | None = None) -> Event:
    extra = {"platform": platform} if platform else {}
    return event(seq, "metric_recorded", on, metric=name, value=value, **extra)


def test_monthly_platform_figures_need_every_month() -> None:
    # "月总体访问量2万次": July 20000, August 19999, September 25000 -> one month short
    got = fold("2026-Q3",
               metric(1, "2026-07-31", "platform_visits", "20000", "hr_sharing"),
               metric(2, "2026-08-31", "platform_visits", "19999", "hr_sharing"),
               metric(3, "2026-09-30", "platform_visits", "25000", "hr_sharing"),
               metric(4, "2026-08-15", "platform_visits", "90000", "employment_cloud"))  # fmt: skip
    assert got["visits_short_months"].value == 1
    assert [s["bucket"] for s in got["visits_short_months"].detail["short"]] == ["2026-08"]


def test_tallies_are_summed_and_counters_read_latest() -> None:
    # C8: employment_flow readings are per-interval tallies; policy_pushes is a cumulative counter.
    got = fold("2026-Q3",
               metric(1, "2026-06-30", "employment_flow", "9000"),
               metric(2, "2026-07-31", "employment_flow", "15000"),
               metric(3, "2026-08-31", "employment_flow", "15000"),
               metric(4, "2026-09-30", "employment_flow", "10000"),
               metric(5, "2026-06-30", "policy_pushes", "8000"),
               metric(6, "2026-09-15", "policy_pushes", "10500"),
               metric(7, "2026-10-02", "policy_pushes", "12000"))  # fmt: skip
    assert got["employment_flow"].value == 40000  # June's 9000 belongs to Q2
    assert got["policy_pushes"].value == D("10500")


def test_revenue_counts_the_whole_year() -> None:
    # "招商引进入驻机构营收（按全年算）": all of 2026, not just Q4
    got = fold("2026-Q4",
               event(1, "revenue_reported", "2026-01-31", institution="甲", month="2026-01", amount_yuan="60000000"),
               event(2, "revenue_reported", "2026-07-31", institution="乙", month="2026-07", amount_yuan="40000000"),
               event(3, "revenue_reported", "2026-12-31", institution="甲", month="2026-12", amount_yuan="0.01"),
               event(4, "revenue_reported", "2025-12-31", institution="甲", month="2025-12", amount_yuan="90000000"))  # fmt: skip
    assert got["revenue_year"].value == D("100000000.01")
    assert card(4, {**blank(), "revenue_year": got["revenue_year"]}).item("q4.revenue").points == 5


@pytest.mark.parametrize(
    ("scores", "mean", "expected"),
    [
        (["90", "91"], 91, 6),
        (["90", "90", "91", "91.49"], 91, 6),
        (["90.49"], 90, 4),
        (["60", "61"], 61, 2),
        (["60.4"], 60, 0),
        (["100", "100", "20"], 73, 2),
    ],  # fmt: skip
    ids=[
        "90.5 rounds up to 91",
        "90.62 -> 91",
        "90.49 -> 90",
        "60.5 -> 61",
        "60.4 -> 60: 60分以下",
        "73.3 -> 73",
    ],
)
def test_satisfaction_mean_is_rounded_half_up_first(scores: list[str], mean: int, expected: int) -> None:
    # "引进项目对提供服务的满意度平均分（如有小数点，按四舍五入计）"
    got = fold("2026-Q4", *(event(i + 1, "survey_response", "2026-11-20", survey="resident_satisfaction",
                                  respondent=f"机构{i}", score=s) for i, s in enumerate(scores)))  # fmt: skip
    assert got["satisfaction"].value == mean
    assert (
        card(4, {**blank(), "satisfaction": got["satisfaction"]}).item("q4.satisfaction").points == expected
    )


def test_discretionary_points_come_from_assessor_judgements() -> None:
    def judgement(seq: int, item: str, pts: str) -> Event:
        return event(seq, "assessor_judgement", "2026-08-20", scheme="chifeng-park", item=item, met=True,
                     reason="突出成效", points=pts)  # fmt: skip

    got = fold("2026-Q3", judgement(1, "bonus.other", "1.5"), judgement(2, "bonus.other", "2"),
               judgement(3, "penalty.other", "3"))  # fmt: skip
    assert got["bonus_other_points"].value == D("3.5")
    assert got["penalty_other_points"].value == 3
    values = {**blank(), "bonus_other_points": got["bonus_other_points"],
              "penalty_other_points": got["penalty_other_points"]}  # fmt: skip
    assert card(3, values).total == D("0.5")


def test_judgement_points_field_is_optional_and_non_negative() -> None:
    base = {
        "type": "assessor_judgement",
        "scheme": "chifeng-park",
        "item": "bonus.other",
        "met": True,
        "reason": "r",
    }
    assert PAYLOAD_ADAPTER.validate_python(base).points is None
    assert PAYLOAD_ADAPTER.validate_python({**base, "points": "1.5"}).points == D("1.5")
    with pytest.raises(ValueError):
        PAYLOAD_ADAPTER.validate_python({**base, "points": "-1"})


def test_institutions_are_counted_on_the_last_day() -> None:
    got = fold("2026-Q1",
               event(1, "institution_entered", "2025-11-01", institution="原入驻机构"),  # "含原入驻机构"
               event(2, "institution_entered", "2026-02-01", institution="甲"),
               event(3, "institution_entered", "2026-02-01", institution="乙"),
               event(4, "institution_left", "2026-03-31", institution="乙"),
               event(5, "institution_entered", "2026-04-01", institution="丙"))  # fmt: skip
    assert got["institutions"].value == 2
