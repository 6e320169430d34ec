"""Rule primitives and rule specs (schemes/rules.py), and the Decimal helpers they stand on (projections/numbers.py).

Each case is named for the behaviour it pins; where a behaviour comes from a seed clause, the clause is quoted.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from projections.dec import Dec
from projections.indicators import IndicatorValue
from projections.numbers import floor_div, fmt, round_half_up, to_decimal
from schemes.rules import (
    Band,
    RuleContext,
    RuleSpec,
    capped,
    deduct_floored,
    describe_rule,
    per_unit_points,
    quota_grades,
    rank_points,
    shortfall,
    tier_points,
)

D = Decimal
RULE = TypeAdapter(RuleSpec)


def rule(**spec: Any) -> Any:
    """A rule spec as a scheme file writes it (fractions as strings)."""
    return RULE.validate_python(spec)


def iv(value: Any, **detail: Any) -> IndicatorValue:
    return IndicatorValue(None if value is None else D(str(value)), events=(1,), detail=detail)


def ctx(max_points: Any = 10, **inputs: IndicatorValue) -> RuleContext:
    labels = {name: (f"{name}指标", name, "个", "units") for name in inputs}
    return RuleContext(inputs, D(str(max_points)), labels, site="s1")


# -- tier_points / Band ---------------------------------------------------------------------------------

CLOSED = Band(D(4), min=D(1), max=D(5))
OPEN = Band(D(4), min=D(1), max=D(5), min_open=True, max_open=True)


@pytest.mark.parametrize(
    ("band", "value", "holds"),
    [
        pytest.param(CLOSED, "0.99", False, id="closed-below-min"),
        pytest.param(CLOSED, "1", True, id="closed-min-included"),
        pytest.param(CLOSED, "5", True, id="closed-max-included"),
        pytest.param(CLOSED, "5.01", False, id="closed-above-max"),
        pytest.param(OPEN, "1", False, id="open-min-excluded"),
        pytest.param(OPEN, "1.01", True, id="open-just-above-min"),
        pytest.param(OPEN, "4.99", True, id="open-just-below-max"),
        pytest.param(OPEN, "5", False, id="open-max-excluded"),
        pytest.param(Band(D(1)), "-1000", True, id="unbounded-holds-anything"),
        pytest.param(Band(D(1), min=D(10)), "1e9", True, id="min-only-unbounded-above"),
        pytest.param(Band(D(1), max=D(10)), "-3", True, id="max-only-unbounded-below"),
    ],
)
def test_band_edges(band: Band, value: str, holds: bool) -> None:
    assert band.holds(D(value)) is holds


def test_band_describe_shows_open_and_closed_edges() -> None:
    assert (CLOSED.describe(), OPEN.describe(), Band(D(1)).describe()) == ("≥1 ≤5", ">1 <5", "any")


BANDS = [
    Band(D(3), min=D(30)),
    Band(D(2), min=D(20), max=D(30), max_open=True),
    Band(D(1), min=D(10), max=D(20)),
]


@pytest.mark.parametrize(
    ("value", "points"),
    [
        pytest.param("9", "0", id="below-every-band-otherwise"),
        pytest.param("10", "1", id="lowest-band-closed-min"),
        pytest.param("20", "2", id="overlap-at-20-first-band-in-order-wins"),
        pytest.param("29.99", "2", id="open-max-just-below"),
        pytest.param("30", "3", id="open-max-goes-to-next-band"),
    ],
)
def test_tier_points_first_matching_band_in_document_order(value: str, points: str) -> None:
    got, _ = tier_points(D(value), BANDS)
    assert got == D(points)


def test_tier_points_returns_otherwise_and_no_band() -> None:
    assert tier_points(D(5), BANDS, otherwise=D("-1")) == (D(-1), None)
    assert tier_points(D(25), BANDS)[1] is BANDS[1]


# -- per_unit_points ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "per", "each", "cap", "expected"),
    [
        pytest.param(150, 5, "0.4", None, "12", id="每5单0.4分-150-orders-exactly-12"),
        pytest.param(14, 5, "0.4", None, "0.8", id="每5单0.4分-14-orders-two-whole-units-0.8"),
        pytest.param(4, 5, "0.4", None, "0", id="每5单-4-orders-no-whole-unit"),
        pytest.param(15, 5, "0.4", None, "1.2", id="每5单-15-orders-exactly-three-units"),
        pytest.param(1000, 5, "0.4", 20, "20", id="cap-binds"),
        pytest.param(250, 5, "0.4", 20, "20", id="cap-reached-exactly"),
        pytest.param(245, 5, "0.4", 20, "19.6", id="just-below-cap"),
        pytest.param(11, 1, "0.1", 1, "1", id="1次加0.1分-最高1分-11-is-1"),
        pytest.param(0, 1, "0.5", 2, "0", id="zero-count-zero-points"),
    ],
)
def test_per_unit_points(count: int, per: int, each: str, cap: int | None, expected: str) -> None:
    got = per_unit_points(D(count), D(per), D(each), None if cap is None else D(cap))
    assert got == D(expected)
    assert isinstance(got, Decimal)


def test_per_unit_150_orders_is_exactly_12_not_a_float_near_it() -> None:
    got = per_unit_points(D(150), D(5), D("0.4"), None)
    assert got == D("12") and fmt(got) == "12"
    assert 3 * 0.4 != 1.2  # what binary floats say of 15 orders (3 units x 0.4)
    assert per_unit_points(D(15), D(5), D("0.4"), None) == D("1.2")


def test_per_unit_offset_counts_only_beyond_it() -> None:
    assert per_unit_points(D(12), D(1), D("0.5"), None, offset=D(10)) == D(1)
    assert per_unit_points(D(8), D(1), D("0.5"), None, offset=D(10)) == D(0)  # never negative


def test_per_unit_partial_units_are_prorated() -> None:
    assert per_unit_points(D(7), D(5), D("0.4"), None, partial=True) == D("0.56")


def test_decimal_exactness_through_per_unit() -> None:
    """0.1 + 0.2 is 0.3: one notice and two notices at 0.1 each add up exactly."""
    one = per_unit_points(D(1), D(1), D("0.1"), None)
    two = per_unit_points(D(2), D(1), D("0.1"), None)
    assert one + two == D("0.3")
    assert per_unit_points(D(3), D(1), D("0.1"), None) == D("0.3")
    assert 0.1 + 0.2 != 0.3


# -- deduct_floored, capped, shortfall ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("max_points", "deduction", "expected"),
    [
        pytest.param(10, 3, 7, id="partial-deduction"),
        pytest.param(10, 10, 0, id="deducted-exactly-to-zero"),
        pytest.param(10, 12, 0, id="直至扣完该项为止-floored-at-zero"),
        pytest.param(10, 0, 10, id="no-deduction"),
    ],
)
def test_deduct_floored(max_points: int, deduction: int, expected: int) -> None:
    assert deduct_floored(D(max_points), D(deduction)) == D(expected)


def test_capped_and_shortfall() -> None:
    assert capped(D(5), None) == D(5)
    assert capped(D(5), D(3)) == D(3)
    assert shortfall(D(8), D(12)) == D(4)
    assert shortfall(D(13), D(12)) == D(0)


# -- rank_points ----------------------------------------------------------------------------------------

TIED = {"a": D(10), "b": D(10), "c": D(8), "d": D(5)}


def everyone(_: str) -> bool:
    return True


@pytest.mark.parametrize(
    ("ties", "expected"),
    [
        pytest.param(
            "shared", {"a": ("10", 1), "b": ("10", 1), "c": ("6", 3), "d": ("4", 4)}, id="shared-1-1-3-4"
        ),
        pytest.param(
            "dense", {"a": ("10", 1), "b": ("10", 1), "c": ("8", 2), "d": ("6", 3)}, id="dense-1-1-2-3"
        ),
    ],
)
def test_rank_points_ties(ties: Any, expected: dict[str, tuple[str, int]]) -> None:
    got = rank_points(TIED, D(10), D(2), D(0), everyone, ties)
    assert got == {s: (D(p), r) for s, (p, r) in expected.items()}


def test_rank_points_never_below_the_floor() -> None:
    values = {f"u{i}": D(100 - i) for i in range(6)}
    got = rank_points(values, D(10), D(2), D(4), everyone)
    assert [got[f"u{i}"][0] for i in range(6)] == [D(10), D(8), D(6), D(4), D(4), D(4)]


def test_rank_points_non_qualifying_and_missing_units_get_zero_and_no_rank() -> None:
    values = {"a": D(50), "b": D(40), "c": D(30), "none": None}
    got = rank_points(values, D(10), D(2), D(0), lambda s: s != "a")
    assert got["a"] == (D(0), None)  # the best value, but it does not qualify
    assert got["none"] == (D(0), None)
    assert got["b"] == (D(10), 1) and got["c"] == (D(8), 2)  # ranks close up behind it


# -- quota_grades ---------------------------------------------------------------------------------------

QUOTAS = [("A", D("0.1")), ("B", D("0.2")), ("C", D("0.3"))]


def test_quota_grades_12_units_a1_b2_c3() -> None:
    """不超过 10%/20%/30% of 12 units: floor(1.2) = 1 A, floor(2.4) = 2 B, floor(3.6) = 3 C, the rest D."""
    ranked = [f"u{i:02d}" for i in range(1, 13)]
    grades = quota_grades(ranked, QUOTAS, "D", everyone)
    assert [grades[u] for u in ranked] == ["A", "B", "B", "C", "C", "C"] + ["D"] * 6


def test_quota_grades_ineligible_units_take_no_seat() -> None:
    ranked = [f"u{i:02d}" for i in range(1, 13)]
    grades = quota_grades(ranked, QUOTAS, "D", lambda s: s != "u01")
    assert grades["u01"] == "D"
    assert grades["u02"] == "A"
    assert [grades[u] for u in ranked[2:7]] == ["B", "B", "C", "C", "C"]


def test_quota_grades_too_few_units_for_a_seat() -> None:
    grades = quota_grades(["x", "y", "z"], QUOTAS, "D", everyone)  # 0.3, 0.6, 0.9 seats: none
    assert set(grades.values()) == {"D"}


# -- rule specs: tiers ----------------------------------------------------------------------------------

TIERS = rule(
    kind="tiers",
    input="n",
    bands=[
        {"min": "30", "points": "3", "label": "30家以上"},
        {"min": "20", "max": "30", "max_open": True, "points": "2", "label": "20-29家"},
        {"min": "10", "min_open": True, "max": "20", "max_open": True, "points": "1"},
    ],
)


@pytest.mark.parametrize(
    ("value", "points", "label"),
    [
        pytest.param(35, "3", "30家以上", id="top-band"),
        pytest.param(24, "2", "20-29家", id="middle-band-label-in-explanation"),
        pytest.param(10, "0", ("不在任何一档", "no band"), id="open-min-edge-falls-through"),
        pytest.param(11, "1", ">10 <20", id="unlabelled-band-described"),
    ],
)
def test_tiers_evaluate(value: int, points: str, label: str | tuple[str, str]) -> None:
    out = TIERS.evaluate(ctx(3, n=iv(value)))
    assert out.points == D(points)
    # A band's own label is the document's words, the same in both; "no band" is said in each language.
    zh, en = label if isinstance(label, tuple) else (label, label)
    assert zh in out.zh and en in out.en
    assert f"n指标 {value}个" in out.zh


def test_tiers_gap_names_the_next_band() -> None:
    out = TIERS.evaluate(ctx(3, n=iv(24)))
    assert [(g.need, g.target, g.gain) for g in out.gaps] == [(D(6), D(30), D(1))]
    out = TIERS.evaluate(ctx(3, n=iv(10)))  # the next band starts above 10 (open): 1 more reaches it
    assert out.gaps[0].need == D(1)


def test_tiers_no_value_scores_otherwise_and_says_no_record() -> None:
    spec = rule(kind="tiers", input="n", bands=[{"min": "0", "points": "3"}], otherwise="0")
    out = spec.evaluate(ctx(3, n=IndicatorValue(None)))
    assert out.points == 0
    assert "n指标无记录" in out.zh and "no n recorded" in out.en


# -- per_unit -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "count", "points"),
    [
        pytest.param({"per": "5", "points": "0.4"}, 150, "12", id="每5单0.4分-cap-defaults-to-item-max-20"),
        pytest.param({"per": "5", "points": "0.4"}, 600, "20", id="item-max-caps"),
        pytest.param({"points": "0.5", "offset": "10"}, 14, "2", id="offset-4-beyond-10-at-0.5"),
        pytest.param({"points": "0.5", "offset": "10"}, 9, "0", id="offset-not-reached"),
        pytest.param({"points": "0.5", "cap": "2"}, 5, "2", id="own-cap-below-item-max"),
    ],
)
def test_per_unit_evaluate(spec: dict[str, Any], count: int, points: str) -> None:
    out = rule(kind="per_unit", input="n", **spec).evaluate(ctx(20, n=iv(count)))
    assert out.points == D(points)


def test_per_unit_explains_offset_and_cap() -> None:
    out = rule(kind="per_unit", input="n", points="0.5", offset="10").evaluate(ctx(20, n=iv(14)))
    assert "超出10的部分" in out.zh and "beyond 10" in out.en and "上限 20" in out.zh
    assert out.gaps and out.gaps[0].gain == D(18)


def test_per_unit_gap_counts_whole_units_to_the_cap() -> None:
    out = rule(kind="per_unit", input="n", per="5", points="0.4", cap="2").evaluate(ctx(20, n=iv(14)))
    assert out.points == D("0.8")
    assert out.gaps[0].need == D(11)  # 25 orders reach 5 units x 0.4 = 2


# -- flag -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "value", "points"),
    [
        pytest.param({}, 0, "0", id="default-min-1-not-reached"),
        pytest.param({}, 1, "5", id="default-min-1-earns-item-max"),
        pytest.param({"min": "3"}, 2, "0", id="min-3-two-short"),
        pytest.param({"min": "3"}, 3, "5", id="min-3-includes-3"),
        pytest.param({"min": "1", "points": "2"}, 4, "2", id="own-points"),
    ],
)
def test_flag_evaluate(spec: dict[str, Any], value: int, points: str) -> None:
    out = rule(kind="flag", input="n", **spec).evaluate(ctx(5, n=iv(value)))
    assert out.points == D(points)
    assert bool(out.gaps) is (out.points == 0)


# -- all_or_nothing -------------------------------------------------------------------------------------

AON = rule(kind="all_or_nothing", targets=[{"input": "a", "min": "35"}, {"input": "b", "min": "900"}])


@pytest.mark.parametrize(
    ("a", "b", "points"),
    [
        pytest.param(35, 900, "4", id="every-target-met-exactly"),
        pytest.param(34, 900, "0", id="one-missed-未足额完成不得分"),
        pytest.param(0, 0, "0", id="all-missed"),
    ],
)
def test_all_or_nothing(a: int, b: int, points: str) -> None:
    out = AON.evaluate(ctx(4, a=iv(a), b=iv(b)))
    assert out.points == D(points)
    if points == "0":
        assert "未足额完成不得分" in out.zh


def test_all_or_nothing_gap_lists_each_missed_target() -> None:
    out = AON.evaluate(ctx(4, a=iv(30), b=iv(800)))
    assert [(g.indicator, g.need) for g in out.gaps] == [("a", D(5)), ("b", D(100))]


# -- deductions -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "inputs", "points"),
    [
        pytest.param({"terms": [{"input": "x", "each": "1"}]}, {"x": 3}, "7", id="each-per-unit"),
        pytest.param({"terms": [{"input": "x", "each": "1"}]}, {"x": 0}, "10", id="nothing-to-deduct"),
        pytest.param({"terms": [{"input": "x", "each": "1"}]}, {"x": 14}, "0", id="扣完为止-floored-at-zero"),
        pytest.param(
            {"terms": [{"input": "x", "each": "2", "cap": "5"}]}, {"x": 4}, "5", id="term-cap-5-of-8"
        ),
        pytest.param(
            {"terms": [{"input": "x", "fixed": "3"}]}, {"x": 7}, "7", id="fixed-once-whatever-the-count"
        ),
        pytest.param({"terms": [{"input": "x", "fixed": "3"}]}, {"x": 0}, "10", id="fixed-not-triggered"),
        pytest.param(
            {"terms": [{"input": "x", "each": "1", "per": "5"}]}, {"x": 14}, "8", id="per-5-two-groups"
        ),
        pytest.param(
            {"terms": [{"input": "r", "below": "90", "each": "1"}]},
            {"r": "85.5"},
            "6",
            id="below-90-by-4.5-whole-points-4",
        ),  # fmt: skip
        pytest.param(
            {"terms": [{"input": "r", "below": "90", "each": "1", "whole": False}]},
            {"r": "85.5"},
            "5.5",
            id="below-90-by-4.5-fractional",
        ),  # fmt: skip
        pytest.param(
            {"terms": [{"input": "r", "below": "90", "each": "1"}]},
            {"r": "95"},
            "10",
            id="above-the-rate-no-deduction",
        ),  # fmt: skip
        pytest.param(
            {"terms": [{"input": "x", "above": "5", "each": "1"}]}, {"x": 7}, "8", id="above-5-by-2"
        ),
        pytest.param(
            {"terms": [{"input": "x", "each": "2"}, {"input": "y", "each": "1"}]},
            {"x": 2, "y": 3},
            "3",
            id="sum-of-terms",
        ),  # fmt: skip
        pytest.param(
            {"terms": [{"input": "x", "each": "2"}, {"input": "y", "each": "1"}], "cap": "6"},
            {"x": 2, "y": 3},
            "4",
            id="rule-cap-6-of-7",
        ),  # fmt: skip
        pytest.param(
            {"terms": [{"input": "x", "each": "1", "group": "g"}, {"input": "y", "each": "1", "group": "g"}]},
            {"x": 3, "y": 5},
            "5",
            id="one-group-counts-a-shortfall-once",
        ),  # fmt: skip
    ],
)
def test_deductions(spec: dict[str, Any], inputs: dict[str, Any], points: str) -> None:
    out = rule(kind="deductions", **spec).evaluate(ctx(10, **{k: iv(v) for k, v in inputs.items()}))
    assert out.points == D(points)


def test_deductions_detail_counts_a_list() -> None:
    spec = rule(kind="deductions", terms=[{"input": "fairs", "detail": "misses", "each": "0.5"}])
    out = spec.evaluate(ctx(10, fairs=iv(20, misses=[{"seq": 1}, {"seq": 2}, {"seq": 3}])))
    assert out.points == D("8.5")


def test_deductions_explain_each_term_and_the_floor() -> None:
    spec = rule(
        kind="deductions", terms=[{"input": "x", "each": "1", "label_zh": "缺岗", "label_en": "missing"}]
    )
    out = spec.evaluate(ctx(10, x=iv(3)))
    assert "缺岗：扣 3 分" in out.zh and "扣完为止" in out.zh
    assert "missing: -3" in out.en and "floored at zero" in out.en
    assert spec.evaluate(ctx(10, x=iv(0))).zh.startswith("无扣分项")
    capped_spec = rule(kind="deductions", terms=[{"input": "x", "each": "1"}], cap="2")
    assert "最多扣 2 分" in capped_spec.evaluate(ctx(10, x=iv(3))).zh


# -- judgement ------------------------------------------------------------------------------------------


def judged(met: bool, shortfalls: int = 0) -> IndicatorValue:
    return IndicatorValue(D(shortfalls), events=(1,), detail={"met": met, "reason": "现场检查"})


@pytest.mark.parametrize(
    ("spec", "value", "points"),
    [
        pytest.param({}, judged(True), "3", id="met-earns-max"),
        pytest.param({}, judged(False), "0", id="without-each-not-met-is-zero"),
        pytest.param({}, judged(False, 2), "0", id="without-each-shortfalls-still-zero"),
        pytest.param({"each": "0.75"}, judged(True), "3", id="with-each-met-earns-max"),
        pytest.param({"each": "0.75"}, judged(False, 2), "1.5", id="with-each-two-short"),
        pytest.param({"each": "0.75"}, judged(True, 1), "2.25", id="with-each-met-but-one-short-deducts"),
        pytest.param(
            {"each": "0.75"}, judged(False, 0), "2.25", id="with-each-not-met-uncounted-is-one-short"
        ),
        pytest.param({"each": "1"}, judged(False, 9), "0", id="with-each-floored-at-zero"),
        pytest.param({}, IndicatorValue(None), "0", id="no-judgement-zero-by-default"),
        pytest.param(
            {"no_judgement": "full"}, IndicatorValue(None), "3", id="no-judgement-full-when-scheme-says"
        ),
        pytest.param({"each": "1"}, IndicatorValue(None), "0", id="with-each-no-judgement-zero"),
    ],
)
def test_judgement(spec: dict[str, Any], value: IndicatorValue, points: str) -> None:
    out = rule(kind="judgement", input="j", **spec).evaluate(ctx(3, j=value))
    assert out.points == D(points)


def test_judgement_explanations() -> None:
    assert "尚无评估判定" in rule(kind="judgement", input="j").evaluate(ctx(3, j=IndicatorValue(None))).zh
    out = rule(kind="judgement", input="j").evaluate(ctx(3, j=judged(False)))
    assert "未达标（现场检查）" in out.zh and "not met" in out.en
    out = rule(kind="judgement", input="j", each="0.75").evaluate(ctx(3, j=judged(False, 2)))
    assert "2 项未足额" in out.zh and "-0.75 each" in out.en


# -- penalty --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "n", "points"),
    [
        pytest.param({"each": "2"}, 7, "-14", id="unbounded-有效投诉-2-each"),
        pytest.param({"each": "2"}, 0, "0", id="none-no-penalty"),
        pytest.param({"each": "2", "cap": "5"}, 7, "-5", id="capped-at-5"),
        pytest.param({"each": "2", "cap": "5"}, 2, "-4", id="below-the-cap"),
        pytest.param({"at_least": "3", "points": "10"}, 2, "0", id="at-least-3-not-reached"),
        pytest.param({"at_least": "3", "points": "10"}, 3, "-10", id="at-least-3-reached-once"),
        pytest.param({"at_least": "3", "points": "10"}, 9, "-10", id="at-least-not-per-occurrence"),
    ],
)
def test_penalty(spec: dict[str, Any], n: int, points: str) -> None:
    out = rule(kind="penalty", input="n", **spec).evaluate(ctx(0, n=iv(n)))
    assert out.points == D(points)


def test_penalty_explains_bounded_or_not() -> None:
    assert "不封顶" in rule(kind="penalty", input="n", each="2").evaluate(ctx(0, n=iv(1))).zh
    assert "最多扣 5 分" in rule(kind="penalty", input="n", each="2", cap="5").evaluate(ctx(0, n=iv(1))).zh


# -- rank -----------------------------------------------------------------------------------------------


def cohort_ctx(site: str, cohort: dict[str, dict[str, IndicatorValue]]) -> RuleContext:
    return RuleContext(cohort[site], D(10), {"v": ("得分", "score", "", ""), "q": ("人数", "people", "", "")},
                       site=site, cohort=cohort)  # fmt: skip


COHORT = {
    "a": {"v": iv(90), "q": iv(50)},
    "b": {"v": iv(90), "q": iv(50)},
    "c": {"v": iv(80), "q": iv(50)},
    "d": {"v": iv(99), "q": iv(10)},  # best value, below the qualifying threshold
}


@pytest.mark.parametrize(
    ("ties", "site", "points", "place"),
    [
        pytest.param("shared", "a", "10", 1, id="shared-tie-at-top"),
        pytest.param("shared", "c", "6", 3, id="shared-third-after-a-tie"),
        pytest.param("dense", "c", "8", 2, id="dense-second-after-a-tie"),
    ],
)
def test_rank_evaluate(ties: str, site: str, points: str, place: int) -> None:
    spec = rule(kind="rank", input="v", top="10", step="2", qualify_input="q", qualify_min="20", ties=ties)
    out = spec.evaluate(cohort_ctx(site, COHORT))
    assert out.points == D(points)
    assert f"排名第 {place}" in out.zh


def test_rank_non_qualifying_unit_scores_zero() -> None:
    spec = rule(kind="rank", input="v", top="10", step="2", qualify_input="q", qualify_min="20")
    out = spec.evaluate(cohort_ctx("d", COHORT))
    assert out.points == 0
    assert "未达基础条件" in out.zh and "需 ≥20" in out.zh


def test_rank_floor_and_a_unit_alone() -> None:
    spec = rule(kind="rank", input="v", top="10", step="4", floor="3")
    assert spec.evaluate(cohort_ctx("c", COHORT)).points == D(3)  # rank 4 of 4: 10 - 12 -> floor 3
    alone = RuleContext({"v": iv(1)}, D(10), {}, site="solo")
    assert spec.evaluate(alone).points == D(10)  # no cohort: the unit ranks first among itself


# -- sum ------------------------------------------------------------------------------------------------

SUM = rule(
    kind="sum",
    cap="4",
    terms=[
        {"kind": "per_unit", "input": "a", "points": "1", "cap": "3"},
        {"kind": "flag", "input": "b", "points": "2"},
    ],
)


@pytest.mark.parametrize(
    ("a", "b", "points"),
    [
        pytest.param(1, 0, "1", id="one-term"),
        pytest.param(2, 1, "4", id="both-terms-reach-the-cap"),
        pytest.param(5, 1, "4", id="term-cap-3-plus-2-capped-at-4"),
        pytest.param(0, 0, "0", id="nothing"),
    ],
)
def test_sum_with_cap(a: int, b: int, points: str) -> None:
    assert SUM.evaluate(ctx(10, a=iv(a), b=iv(b))).points == D(points)


def test_sum_explains_the_cap_and_every_term() -> None:
    out = SUM.evaluate(ctx(10, a=iv(5), b=iv(1)))
    assert "合计 5，上限 4" in out.zh and "capped at 4" in out.en
    assert out.zh.count("；") >= 1


def test_sum_default_cap_is_the_item_max_and_terms_without_cap_use_it() -> None:
    spec = rule(kind="sum", terms=[{"kind": "per_unit", "input": "a", "points": "1"}])
    assert spec.evaluate(ctx(6, a=iv(9))).points == D(6)


def test_sum_with_a_penalty_can_go_negative() -> None:
    spec = rule(kind="sum", terms=[{"kind": "flag", "input": "b", "points": "1"},
                                   {"kind": "penalty", "input": "c", "each": "2"}])  # fmt: skip
    assert spec.evaluate(ctx(5, b=iv(1), c=iv(2))).points == D(-3)


def test_sum_inputs_are_the_union_of_its_terms() -> None:
    assert SUM.inputs() == ["a", "b"]


# -- scheme-file parsing of rule specs -------------------------------------------------------------------


def test_rule_spec_refuses_a_float_fraction() -> None:
    with pytest.raises(ValidationError, match="write fractional numbers as strings"):
        rule(kind="per_unit", input="n", points=0.4)


def test_rule_spec_refuses_unknown_fields_and_kinds() -> None:
    with pytest.raises(ValidationError):
        rule(kind="flag", input="n", minimum="3")
    with pytest.raises(ValidationError):
        rule(kind="guess", input="n")


def test_describe_rule_is_one_line_of_parameters() -> None:
    text = describe_rule(rule(kind="flag", input="staff", min="3"))
    assert "input=staff" in text and "min=3" in text and "\n" not in text


# -- projections/numbers.py -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        pytest.param("2.5", 0, "3", id="四舍五入-2.5-is-3-not-bankers-2"),
        pytest.param("0.5", 0, "1", id="0.5-is-1"),
        pytest.param("3.5", 0, "4", id="3.5-is-4"),
        pytest.param("2.4999", 0, "2", id="below-half-down"),
        pytest.param("90.45", 1, "90.5", id="90.45-at-one-place-is-90.5"),
        pytest.param("90.44", 1, "90.4", id="90.44-at-one-place-is-90.4"),
        pytest.param("-2.5", 0, "-3", id="negative-half-away-from-zero"),
    ],
)
def test_round_half_up(value: str, places: int, expected: str) -> None:
    got = round_half_up(D(value), places)
    assert got == D(expected) and str(got) == expected


def test_round_half_up_differs_from_python_round() -> None:
    assert round(2.5) == 2 and round_half_up(D("2.5")) == 3


DEC = TypeAdapter(Dec)


@pytest.mark.parametrize("value", [0.1, 3.0, float("nan")], ids=["0.1", "3.0", "nan"])
def test_dec_refuses_floats(value: float) -> None:
    with pytest.raises(ValidationError, match="write fractional numbers as strings"):
        DEC.validate_python(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.4", "0.4"), (" 12 ", "12"), (3, "3"), (D("1.25"), "1.25")],
    ids=["string", "padded-string", "int", "decimal"],
)
def test_dec_accepts_strings_ints_and_decimals(value: Any, expected: str) -> None:
    assert DEC.validate_python(value) == D(expected)


def test_dec_refuses_text_that_is_not_a_number() -> None:
    with pytest.raises(ValidationError, match="not a number"):
        DEC.validate_python("abc")


def test_to_decimal_refuses_floats_and_reads_bools() -> None:
    with pytest.raises(TypeError):
        to_decimal(0.1)
    assert to_decimal(True) == 1 and to_decimal("0.1") + to_decimal("0.2") == D("0.3")


@pytest.mark.parametrize(
    ("value", "per", "units"),
    [(14, 5, 2), (15, 5, 3), (4, 5, 0), ("4.5", 1, 4)],
    ids=["14/5", "15/5", "4/5", "4.5/1"],
)
def test_floor_div_whole_units(value: Any, per: int, units: int) -> None:
    assert floor_div(D(str(value)), D(per)) == D(units)


@pytest.mark.parametrize(
    ("value", "text"),
    [(D("12.0"), "12"), (D("0.40"), "0.4"), (D("1E+1"), "10"), (D("2.25"), "2.25"), (None, "—")],
    ids=["12.0", "0.40", "1E+1", "2.25", "none"],
)
def test_fmt_drops_trailing_zeros(value: Decimal | None, text: str) -> None:
    assert fmt(value) == text
