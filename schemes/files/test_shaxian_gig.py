"""Table-driven cases for shaxian-gig.toml: indicator values in, points per item out.

Every expected number is worked out by hand from the 评分表 of the seed (003_239ac606f421815b.txt,
附件：沙县区零工市场运营绩效考核评分表); each item's group quotes the clause it reads (`CLAUSE`), and a
test checks that quote is still the item's criterion in the scheme file. A buyer who edits a band in the
scheme file edits the case here too: `test_every_item_has_cases` refuses an item without cases.

Band edges follow decision D1 written at the top of the scheme file:
  * 以上/以下 include the number itself (民法典 第1259条);
  * an edge claimed by two bands goes to the band better for the operator (民法典 第498条, against the drafter).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from projections.indicators import IndicatorValue, compute
from projections.periods import Period
from schemes.engine import grade_for, score, score_item
from schemes.model import Scheme, get_scheme

SCHEME_ID = "shaxian-gig"
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "003_239ac606f421815b.txt"


@pytest.fixture(scope="module")
def scheme() -> Scheme:
    return get_scheme(SCHEME_ID)


def iv(value: Any) -> IndicatorValue:
    """An indicator value backed by one event (so the rule, not the no-data path, decides)."""
    return IndicatorValue(None if value is None else Decimal(str(value)), events=(1,))


def judged(met: bool, shortfalls: int = 0, reason: str = "现场检查") -> IndicatorValue:
    """The latest assessor_judgement on an item, as the judgement indicator folds it."""
    return IndicatorValue(Decimal(shortfalls), events=(1,), detail={"met": met, "reason": reason})


NO_JUDGEMENT = IndicatorValue(None)

# Every indicator at a value that earns the item's maximum: the baseline each case edits.
FULL: dict[str, IndicatorValue] = {
    "j_system_functions": judged(True),
    "j_system_maintenance": judged(True),
    "j_rules_posted": judged(True),
    "j_layout": judged(True),
    "j_infrastructure": judged(True),
    "j_fire": judged(True),
    "j_licence": judged(True),
    "staff_full_time": iv(3),
    "satisfied": iv(95),
    "surveyed": iv(100),
    "satisfaction_rate": iv(95),
    "incidents": iv(0),
    "illegal_fees": iv(0),
    "workers_registered": iv(2600),
    "job_posts": iv(2100),
    "deals": iv(1600),
    "false_info": iv(0),
    "livestreams": iv(12),
    "livestream_empty_months": iv(0),
    "disputes": iv(3),
    "followers": iv(4200),
    "enterprise_job_info": iv(10),
    "short_term_staffing": iv(4),
    "interprovincial": iv(1),
}

# item id -> (the clause quoted from the 评分表, [(case id, indicator values, expected points), ...])
TABLE: dict[str, tuple[str, list[tuple[str, dict[str, Any], str]]]] = {
    "network.functions": (
        # 8 functions listed for 8 points, no partial scale: 1 point per function found missing (file's reading).
        "信息系统主要功能有发包方岗位任务订单、接包方接任务订单、价格确认、雇主支付款项、双方签订电子合同（含保险）、工资结算 、数据存储反馈及统计分析、任务未完成协商及投诉等功能。",
        [
            ("met-8", {"j_system_functions": judged(True)}, "8"),
            ("one-function-missing-7", {"j_system_functions": judged(False, 1)}, "7"),
            ("three-missing-5", {"j_system_functions": judged(False, 3)}, "5"),
            ("all-eight-missing-0", {"j_system_functions": judged(False, 8)}, "0"),
            ("nine-missing-floored-0", {"j_system_functions": judged(False, 9)}, "0"),
            # An assessor who says "not met" without counting shortfalls has found at least one missing.
            ("not-met-uncounted-is-one-7", {"j_system_functions": judged(False, 0)}, "7"),
            ("no-judgement-0", {"j_system_functions": NO_JUDGEMENT}, "0"),
        ],
    ),
    "network.maintenance": (
        # 功能/数据库/平台技术/网络安全: four kinds for 3 points -> 0.75 per kind not done (file's reading).
        "系统功能维护、数据库维护、平台技术维护、网络安全维护。",
        [
            ("met-3", {"j_system_maintenance": judged(True)}, "3"),
            ("one-kind-missing-2.25", {"j_system_maintenance": judged(False, 1)}, "2.25"),
            ("two-missing-1.5", {"j_system_maintenance": judged(False, 2)}, "1.5"),
            ("three-missing-0.75", {"j_system_maintenance": judged(False, 3)}, "0.75"),
            ("four-missing-0", {"j_system_maintenance": judged(False, 4)}, "0"),
            ("five-missing-floored-0", {"j_system_maintenance": judged(False, 5)}, "0"),
            ("no-judgement-0", {"j_system_maintenance": NO_JUDGEMENT}, "0"),
        ],
    ),
    "site.rules": (
        "有制定日常管理服务制度，相关规章制度、岗位职责等上墙制度，公布有关行政监督部门和投诉电话。",
        [
            ("met-2", {"j_rules_posted": judged(True)}, "2"),
            ("not-met-0", {"j_rules_posted": judged(False)}, "0"),
            ("not-met-with-shortfalls-0", {"j_rules_posted": judged(False, 2)}, "0"),
            ("no-judgement-0", {"j_rules_posted": NO_JUDGEMENT}, "0"),
        ],
    ),
    "site.layout": (
        "场地的布置是否合理、清洁，有零工登记、用工等候、维权调解等区域。",
        [
            ("met-3", {"j_layout": judged(True)}, "3"),
            ("not-met-0", {"j_layout": judged(False)}, "0"),
            ("no-judgement-0", {"j_layout": NO_JUDGEMENT}, "0"),
        ],
    ),
    "site.infrastructure": (
        "有办公设备、软件维护、网络、通讯等基础设施。",
        [
            ("met-3", {"j_infrastructure": judged(True)}, "3"),
            ("not-met-0", {"j_infrastructure": judged(False)}, "0"),
            ("no-judgement-0", {"j_infrastructure": NO_JUDGEMENT}, "0"),
        ],
    ),
    "site.fire_safety": (
        "场地是否有消毒设施，是否符合国家安全消防条件，配备消防设施。",
        [
            ("met-3", {"j_fire": judged(True)}, "3"),
            ("not-met-0", {"j_fire": judged(False, 1)}, "0"),
            ("no-judgement-0", {"j_fire": NO_JUDGEMENT}, "0"),
        ],
    ),
    "site.staff": (
        "有配置3人以上专职工作人员。",
        [
            ("0-staff-0", {"staff_full_time": iv(0)}, "0"),
            ("2-staff-0", {"staff_full_time": iv(2)}, "0"),
            ("3-staff-5-以上-includes-3", {"staff_full_time": iv(3)}, "5"),
            ("4-staff-5", {"staff_full_time": iv(4)}, "5"),
        ],
    ),
    "site.licence": (
        "是否有独立法人资质、营业执照、健全的服务能力，具备政策咨询、信息对接、技能培训等服务。",
        [
            ("met-3", {"j_licence": judged(True)}, "3"),
            ("not-met-0", {"j_licence": judged(False)}, "0"),
            ("no-judgement-0", {"j_licence": NO_JUDGEMENT}, "0"),
        ],
    ),
    "site.satisfaction": (
        "满意度90%以上得5分，满意度80-89%得4分，满意度70-79%得3分，满意度60-69%得2分,满意度60%以下不得分",
        [
            ("0pct-0", {"satisfaction_rate": iv(0)}, "0"),
            ("59.9pct-0-60以下", {"satisfaction_rate": iv("59.9")}, "0"),
            ("60pct-2-D1-edge-to-60-69", {"satisfaction_rate": iv(60)}, "2"),
            ("69.99pct-2-up-to-next-band", {"satisfaction_rate": iv("69.99")}, "2"),
            ("70pct-3", {"satisfaction_rate": iv(70)}, "3"),
            ("79.5pct-3-not-rounded-up", {"satisfaction_rate": iv("79.5")}, "3"),
            ("80pct-4", {"satisfaction_rate": iv(80)}, "4"),
            ("89.5pct-4-not-rounded-up", {"satisfaction_rate": iv("89.5")}, "4"),
            ("89.99pct-4", {"satisfaction_rate": iv("89.99")}, "4"),
            ("90pct-5-以上-includes-90", {"satisfaction_rate": iv(90)}, "5"),
            ("100pct-5", {"satisfaction_rate": iv(100)}, "5"),
            ("no-responses-0", {"satisfaction_rate": IndicatorValue(None)}, "0"),
        ],
    ),
    "site.incidents": (
        "全年0案件得5分，1-5件得4分，5件以上不得分",
        [
            ("0-cases-5", {"incidents": iv(0)}, "5"),
            ("1-case-4", {"incidents": iv(1)}, "4"),
            ("4-cases-4", {"incidents": iv(4)}, "4"),
            ("5-cases-4-D1-edge-to-1-5", {"incidents": iv(5)}, "4"),
            ("6-cases-0", {"incidents": iv(6)}, "0"),
        ],
    ),
    "site.no_fees": (
        "严禁向零工和用工主体变相收取职业介绍费用。",
        [
            ("none-3", {"illegal_fees": iv(0)}, "3"),
            ("one-case-0", {"illegal_fees": iv(1)}, "0"),
            ("two-cases-0", {"illegal_fees": iv(2)}, "0"),
        ],
    ),
    "info.workers": (
        "1000条以下不得分，2000条以下得3分，2000-2500条得4分，2500条以上得5分",
        [
            ("999-0", {"workers_registered": iv(999)}, "0"),
            ("1000-0-1000条以下", {"workers_registered": iv(1000)}, "0"),
            ("1001-3", {"workers_registered": iv(1001)}, "3"),
            ("1999-3-2000条以下", {"workers_registered": iv(1999)}, "3"),
            ("2000-4-D1-edge-to-2000-2500", {"workers_registered": iv(2000)}, "4"),
            ("2001-4", {"workers_registered": iv(2001)}, "4"),
            ("2499-4", {"workers_registered": iv(2499)}, "4"),
            ("2500-5-D1-edge-to-2500以上", {"workers_registered": iv(2500)}, "5"),
            ("2501-5", {"workers_registered": iv(2501)}, "5"),
        ],
    ),
    "info.job_posts": (
        "1000条以下不得分，1500条以下得5分，1500-2000条得8分，2000条以上得10分",
        [
            ("999-0", {"job_posts": iv(999)}, "0"),
            ("1000-0-1000条以下", {"job_posts": iv(1000)}, "0"),
            ("1001-5", {"job_posts": iv(1001)}, "5"),
            ("1499-5", {"job_posts": iv(1499)}, "5"),
            ("1500-8-D1-edge-to-1500-2000", {"job_posts": iv(1500)}, "8"),
            ("1501-8", {"job_posts": iv(1501)}, "8"),
            ("1999-8", {"job_posts": iv(1999)}, "8"),
            ("2000-10-D1-edge-to-2000以上", {"job_posts": iv(2000)}, "10"),
            ("2001-10", {"job_posts": iv(2001)}, "10"),
        ],
    ),
    "info.deals": (
        "500条以下不得分，1000条以下得5分，1000-1500条得8分，1500条以上得10分",
        [
            ("499-0", {"deals": iv(499)}, "0"),
            ("500-0-500条以下", {"deals": iv(500)}, "0"),
            ("501-5", {"deals": iv(501)}, "5"),
            ("999-5", {"deals": iv(999)}, "5"),
            ("1000-8-D1-edge-to-1000-1500", {"deals": iv(1000)}, "8"),
            ("1001-8", {"deals": iv(1001)}, "8"),
            ("1499-8", {"deals": iv(1499)}, "8"),
            ("1500-10-D1-edge-to-1500以上", {"deals": iv(1500)}, "10"),
            ("1501-10", {"deals": iv(1501)}, "10"),
        ],
    ),
    "info.truthfulness": (
        "全年无虚假信息得5分，1-5条得4分，5-10条得3分，10条以上不得分",
        [
            ("0-5", {"false_info": iv(0)}, "5"),
            ("1-4", {"false_info": iv(1)}, "4"),
            ("5-4-D1-edge-to-1-5", {"false_info": iv(5)}, "4"),
            ("6-3", {"false_info": iv(6)}, "3"),
            ("10-3-D1-edge-to-5-10", {"false_info": iv(10)}, "3"),
            ("11-0", {"false_info": iv(11)}, "0"),
        ],
    ),
    "livestream": (
        "每月开展各类直播活动1场以上，全年总计需达到12场。每少一场扣1分，扣完为止。",
        [
            ("12-held-every-month-12", {"livestreams": iv(12), "livestream_empty_months": iv(0)}, "12"),
            ("30-held-every-month-12", {"livestreams": iv(30), "livestream_empty_months": iv(0)}, "12"),
            ("11-held-one-empty-month-11", {"livestreams": iv(11), "livestream_empty_months": iv(1)}, "11"),
            # max-of-two reading: 10 held, 2 empty months is 2 missing, not 2 + 2 (the sum would give 8).
            (
                "10-held-2-empty-months-10-not-8",
                {"livestreams": iv(10), "livestream_empty_months": iv(2)},
                "10",
            ),
            # 12 crammed into January: the year total is met but 11 months had none -> -11.
            ("12-all-in-january-1", {"livestreams": iv(12), "livestream_empty_months": iv(11)}, "1"),
            ("30-held-2-empty-months-10", {"livestreams": iv(30), "livestream_empty_months": iv(2)}, "10"),
            # The year-total term binds when fewer months are checked (a part-year score so far): 6 held in
            # 6 covered months is still 6 short of 12 -> -6.
            ("6-held-no-empty-month-6", {"livestreams": iv(6), "livestream_empty_months": iv(0)}, "6"),
            ("none-12-empty-months-0", {"livestreams": iv(0), "livestream_empty_months": iv(12)}, "0"),
            ("deduction-floored-at-0", {"livestreams": iv(0), "livestream_empty_months": iv(13)}, "0"),
        ],
    ),
    "disputes": (
        "全年15件以下纠纷得5分，15-20件纠纷得4分,20件以上纠纷得3分，25件以上纠纷不得分",
        [
            ("0-5", {"disputes": iv(0)}, "5"),
            ("15-5-D1-edge-to-15件以下", {"disputes": iv(15)}, "5"),
            ("16-4", {"disputes": iv(16)}, "4"),
            ("20-4-D1-edge-to-15-20", {"disputes": iv(20)}, "4"),
            ("21-3", {"disputes": iv(21)}, "3"),
            ("25-3-D1-edge-to-20以上", {"disputes": iv(25)}, "3"),
            ("26-0", {"disputes": iv(26)}, "0"),
        ],
    ),
    "promotion.followers": (
        "1500人以下不得分，2000-3000人关注得5分，3000-4000人关注得8分，4000人以上关注得10分",
        [
            ("0-0", {"followers": iv(0)}, "0"),
            ("1500-0-1500人以下", {"followers": iv(1500)}, "0"),
            ("1501-0-gap-1500-2000-undefined", {"followers": iv(1501)}, "0"),
            ("1999-0-gap-1500-2000-undefined", {"followers": iv(1999)}, "0"),
            ("2000-5", {"followers": iv(2000)}, "5"),
            ("2999-5", {"followers": iv(2999)}, "5"),
            ("3000-8-D1-edge-to-3000-4000", {"followers": iv(3000)}, "8"),
            ("3999-8", {"followers": iv(3999)}, "8"),
            ("4000-10-D1-edge-to-4000以上", {"followers": iv(4000)}, "10"),
            ("4001-10", {"followers": iv(4001)}, "10"),
            ("no-reading-0", {"followers": IndicatorValue(None)}, "0"),
        ],
    ),
    "bonus.job_info": (
        "协助发布企业招工信息1次加0.1分，最高1分。",
        [
            ("0-0", {"enterprise_job_info": iv(0)}, "0"),
            ("1-0.1", {"enterprise_job_info": iv(1)}, "0.1"),
            ("3-0.3-exact-decimal", {"enterprise_job_info": iv(3)}, "0.3"),
            ("9-0.9", {"enterprise_job_info": iv(9)}, "0.9"),
            ("10-1.0", {"enterprise_job_info": iv(10)}, "1.0"),
            ("11-1.0-cap-最高1分", {"enterprise_job_info": iv(11)}, "1.0"),
            ("50-1.0-cap", {"enterprise_job_info": iv(50)}, "1.0"),
        ],
    ),
    "bonus.short_term": (
        "每协助企业解决短期用工一次加0.5分，最高不超过2分。",
        [
            ("0-0", {"short_term_staffing": iv(0)}, "0"),
            ("1-0.5", {"short_term_staffing": iv(1)}, "0.5"),
            ("3-1.5", {"short_term_staffing": iv(3)}, "1.5"),
            ("4-2", {"short_term_staffing": iv(4)}, "2"),
            ("5-2-cap-最高不超过2分", {"short_term_staffing": iv(5)}, "2"),
        ],
    ),
    "bonus.interprovincial": (
        "协调做好省际用工服务。开展一次以上加2分。",
        [
            ("0-0", {"interprovincial": iv(0)}, "0"),
            ("1-2-一次以上-includes-one", {"interprovincial": iv(1)}, "2"),
            ("3-2", {"interprovincial": iv(3)}, "2"),
        ],
    ),
}

CASES = [
    pytest.param(item_id, inputs, Decimal(expected), id=f"{item_id}:{case_id}")
    for item_id, (_, cases) in TABLE.items()
    for case_id, inputs, expected in cases
]


@pytest.mark.parametrize(("item_id", "inputs", "expected"), CASES)
def test_item_points(
    scheme: Scheme, item_id: str, inputs: dict[str, IndicatorValue], expected: Decimal
) -> None:
    result = score_item(scheme, scheme.item(item_id), {**FULL, **inputs}, "sx")
    assert result.points == expected, result.explanation
    assert result.explanation_zh and result.explanation_en


def test_every_item_has_cases(scheme: Scheme) -> None:
    """A buyer who adds or renames an item in the scheme file must add its cases here."""
    assert [i.id for i in scheme.items] == list(TABLE)


@pytest.mark.parametrize("item_id", list(TABLE))
def test_cited_clause_is_the_items_criterion(scheme: Scheme, item_id: str) -> None:
    """The quote each case group cites is still the criterion the scheme file scores."""
    assert TABLE[item_id][0] in scheme.item(item_id).criterion


@pytest.mark.skipif(not SEED.exists(), reason="seed texts live outside the repository")
def test_every_criterion_is_quoted_from_the_seed(scheme: Scheme) -> None:
    text = SEED.read_text(encoding="utf-8")
    for item in scheme.items:
        assert item.criterion.rstrip("。") in text, item.id


def test_full_values_earn_every_items_maximum(scheme: Scheme) -> None:
    for item in scheme.items:
        assert score_item(scheme, item, FULL, "sx").points == item.max_points, item.id


def test_the_table_is_100_plus_5(scheme: Scheme) -> None:
    """合计 100+5: the base rows sum to 100, the bonus rows to 5, and the total is capped at 105."""
    base = sum(i.max_points for i in scheme.items if i.block == "operations")
    bonus = sum(i.max_points for i in scheme.items if i.block == "bonus")
    assert (base, bonus) == (Decimal(100), Decimal(5))
    assert scheme.block("bonus").cap == Decimal(5)
    assert scheme.max_total == Decimal(105)


# -- whole scorecards ---------------------------------------------------------------------------------


def test_full_marks_total_105_and_excellent(scheme: Scheme) -> None:
    card = score(scheme, "sx", "2026", FULL)
    assert card.total == Decimal(105)
    assert card.max_total == Decimal(100)  # the base table; the bonus adds at most 5 on top
    bonus = next(b for b in card.blocks if b.id == "bonus")
    assert (bonus.raw, bonus.points) == (Decimal(5), Decimal(5))
    assert (card.grade, card.grade_en) == ("优秀", "excellent")
    assert card.consequences == []


def test_bonus_items_above_their_caps_still_add_5(scheme: Scheme) -> None:
    """Each bonus row has its own cap (最高1分, 最高不超过2分, 加2分): far more activity still adds 5."""
    values = {**FULL, "enterprise_job_info": iv(40), "short_term_staffing": iv(9), "interprovincial": iv(6)}
    card = score(scheme, "sx", "2026", values)
    assert next(b for b in card.blocks if b.id == "bonus").points == Decimal(5)
    assert card.total == Decimal(105)


def test_bonus_block_cap_binds_when_lowered(scheme: Scheme) -> None:
    """The block cap is applied by the engine: a buyer who caps the bonus at 3 gets 3, not the rows' 5."""
    blocks = [b if b.id != "bonus" else b.model_copy(update={"cap": Decimal(3)}) for b in scheme.blocks]
    card = score(scheme.model_copy(update={"blocks": blocks}), "sx", "2026", FULL)
    bonus = next(b for b in card.blocks if b.id == "bonus")
    assert (bonus.raw, bonus.points) == (Decimal(5), Decimal(3))
    assert card.total == Decimal(103)


# 89.5 = 100 - 3 (three functions missing) - 2 (1500 job posts: 8 of 10) - 6 (six months without a
# livestream) + 0.5 (one short-term staffing); + 0.5 more (two) makes 90.0.
NEAR_90 = {
    **FULL,
    "j_system_functions": judged(False, 3),
    "job_posts": iv(1500),
    "livestreams": iv(8),
    "livestream_empty_months": iv(6),
    "enterprise_job_info": iv(0),
    "short_term_staffing": iv(1),
    "interprovincial": iv(0),
}


def test_89_5_is_good_not_excellent(scheme: Scheme) -> None:
    """ "优秀（90分以上）", "良好（80-89分）": 89.5 falls between; it has not reached 90, so 良好."""
    card = score(scheme, "sx", "2026", NEAR_90)
    assert card.total == Decimal("89.5")
    assert (card.grade, card.grade_en) == ("良好", "good")


def test_90_is_excellent(scheme: Scheme) -> None:
    """ "90分以上" includes 90 (D1)."""
    card = score(scheme, "sx", "2026", {**NEAR_90, "short_term_staffing": iv(2)})
    assert card.total == Decimal(90)
    assert card.grade == "优秀"


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        pytest.param("105", "优秀", id="105-优秀"),
        pytest.param("90", "优秀", id="90-优秀-90分以上-includes-90"),
        pytest.param("89.99", "良好", id="89.99-良好"),
        pytest.param("89.5", "良好", id="89.5-良好-not-rounded-to-90"),
        pytest.param("80", "良好", id="80-良好-80-89分"),
        pytest.param("79.99", "合格", id="79.99-合格"),
        pytest.param("70", "合格", id="70-合格-D1-edge-to-70-79分"),
        pytest.param("69.99", "较差", id="69.99-较差-70分以下"),
        pytest.param("0", "较差", id="0-较差"),
    ],
)
def test_grade_bands(scheme: Scheme, total: str, grade: str) -> None:
    """四、2. 优秀（90分以上）100%，良好（80-89分）90%，合格（70-79分）80%，较差（70分以下）70%."""
    found = grade_for(scheme.grades, Decimal(total))
    assert found is not None and found.label == grade
    assert found.pay_pct == {"优秀": 100, "良好": 90, "合格": 80, "较差": 70}[grade]


def test_poor_total_is_terminable_and_pass_needs_a_plan(scheme: Scheme) -> None:
    """较差: 拨付运营经费70%，终止服务协议; 合格: 并制定提升方案."""
    # 69.25 = 100 - 8 (functions) - 10 (deals < 500) - 12 (no livestream) - 0.75 (one maintenance) + 0 bonus
    poor = {**FULL, "j_system_functions": judged(False, 8), "deals": iv(400), "livestreams": iv(0),
            "livestream_empty_months": iv(12), "j_system_maintenance": judged(False, 1),
            "enterprise_job_info": iv(0), "short_term_staffing": iv(0), "interprovincial": iv(0)}  # fmt: skip
    card = score(scheme, "sx", "2026", poor)
    assert card.total == Decimal("69.25")
    assert card.grade == "较差"
    assert any(c["terminable"] and "终止服务协议" in c["zh"] for c in card.consequences)
    # 75.25 = the same + 6 (6 months with a livestream, 6 held: max(12-6, 6) = 6 off)
    passing = {**poor, "livestreams": iv(6), "livestream_empty_months": iv(6)}
    card = score(scheme, "sx", "2026", passing)
    assert card.total == Decimal("75.25")
    assert card.grade == "合格"
    assert [c["terminable"] for c in card.consequences] == [False]
    assert "提升方案" in card.consequences[0]["zh"]


# -- no data is not zero ------------------------------------------------------------------------------


# With no events at all: "0 cases" rows (incidents, fees, false info, disputes) are scored by their rule,
# as zero recorded cases, but every explanation says nothing was recorded.
NO_DATA_POINTS = {"site.incidents": "5", "site.no_fees": "3", "info.truthfulness": "5", "disputes": "5"}


def test_empty_log_scores_and_says_no_events(scheme: Scheme) -> None:
    values = compute(scheme.indicators, [], Period.year(2026), scheme=SCHEME_ID)
    card = score(scheme, "sx", "2026", values)
    for item in card.items:
        assert item.points == Decimal(NO_DATA_POINTS.get(item.id, "0")), item.id
        assert item.events == ()
        said = item.explanation_zh + " / " + item.explanation_en
        assert any(m in said for m in ("无相关记录", "无记录", "尚无评估判定")), (item.id, said)
        assert re.search(r"no events recorded|no .+ recorded|no assessor judgement", said), (item.id, said)
    assert card.total == Decimal(18)  # 5 + 3 + 5 + 5
    assert card.grade == "较差"
    for item_id in NO_DATA_POINTS:  # the scheme states how these rows score without events
        assert "无相关记录" in scheme.item(item_id).interpretation, item_id


def test_count_item_without_events_says_so_rather_than_zero(scheme: Scheme) -> None:
    values = {**FULL, "workers_registered": IndicatorValue(Decimal(0))}
    item = score_item(scheme, scheme.item("info.workers"), values, "sx")
    assert item.points == 0
    assert item.explanation_zh.startswith("无相关记录")
    assert item.explanation_en.startswith("no events recorded")
    # The flag is about events, not the value: 5 recorded registrations also score 0, without the flag.
    values = {**FULL, "workers_registered": iv(5)}
    assert not score_item(scheme, scheme.item("info.workers"), values, "sx").explanation_zh.startswith(
        "无相关记录"
    )


def test_no_survey_says_no_rate_recorded(scheme: Scheme) -> None:
    values = {**FULL, "satisfaction_rate": IndicatorValue(None), "satisfied": IndicatorValue(Decimal(0)),
              "surveyed": IndicatorValue(Decimal(0))}  # fmt: skip
    item = score_item(scheme, scheme.item("site.satisfaction"), values, "sx")
    assert item.points == 0
    assert "满意度无记录" in item.explanation_zh
    assert "no satisfaction rate recorded" in item.explanation_en


def test_no_judgement_says_an_assessor_is_needed(scheme: Scheme) -> None:
    item = score_item(scheme, scheme.item("site.layout"), {**FULL, "j_layout": NO_JUDGEMENT}, "sx")
    assert item.points == 0
    assert "尚无评估判定" in item.explanation_zh
    assert "no assessor judgement" in item.explanation_en


# -- the interpretations written in the scheme file ---------------------------------------------------


def test_d1_is_written_in_the_file_and_cited_by_the_edge_items(scheme: Scheme) -> None:
    text = Path(scheme.path).read_text(encoding="utf-8")
    assert "decision D1" in text and "第1259条" in text and "第498条" in text
    for item_id in ("site.staff", "site.satisfaction", "site.incidents", "info.workers", "info.job_posts",
                    "info.deals", "info.truthfulness", "disputes", "promotion.followers",
                    "bonus.interprovincial"):  # fmt: skip
        assert "D1" in scheme.item(item_id).interpretation, item_id


def test_follower_gap_interpretation_is_written(scheme: Scheme) -> None:
    note = scheme.item("promotion.followers").interpretation
    assert "1501-1999" in note and "GAP" in note


def test_livestream_max_of_two_interpretation_is_written(scheme: Scheme) -> None:
    rule = scheme.item("livestream").rule
    # one shortfall counted once: both terms are in one group, only the larger deducts
    assert rule.kind == "deductions" and len({t.group for t in rule.terms}) == 1 and rule.terms[0].group
    assert "larger of" in scheme.item("livestream").interpretation


def test_a_buyer_who_reads_the_follower_gap_as_5_points_flips_one_band(
    scheme: Scheme, tmp_path: Path
) -> None:
    """The gap is a parameter: the 1500-2000 gap band's points set to 5 score 1501-1999 at 5."""
    text = Path(scheme.path).read_text(encoding="utf-8")
    old = '{ min = "1500", min_open = true, max = "2000", max_open = true, points = "0"'
    assert text.count(old) == 1
    (tmp_path / f"{SCHEME_ID}.toml").write_text(
        text.replace(old, '{ min = "1500", min_open = true, max = "2000", max_open = true, points = "5"'),
        encoding="utf-8",
    )
    buyer = get_scheme(SCHEME_ID, tmp_path)
    item = buyer.item("promotion.followers")
    for followers, points in ((1500, "0"), (1501, "5"), (1999, "5"), (2000, "5"), (3000, "8")):
        assert score_item(buyer, item, {**FULL, "followers": iv(followers)}, "sx").points == Decimal(points)
