"""How numbers read on a scorecard (issue 14, display): no '-0', a scheme's display precision, a total over
its maximum shown as its parts, deductions never said to be larger than the item can lose, chart targets
without '10000.1人次' artefacts.

Expected texts come from the seeds' own clauses, quoted beside each case.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from projections.indicators import IndicatorValue
from schemes.display import number, pace, parts_text, total_line, total_text
from schemes.engine import BlockTotal, Scorecard, score_item
from schemes.model import get_scheme

D = Decimal
MINUS_ZERO = re.compile(r"(?<![\d.])[-−]0(?![\d.])")  # '-0' as a number, not '-0.5' or '2026-01'


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        pytest.param("-0", None, "0", id="negative-zero"),
        pytest.param("-0.00", None, "0", id="negative-zero-with-places"),
        pytest.param("-0.001", 2, "0", id="rounds-to-negative-zero"),
        pytest.param("110.8168", 2, "110.82", id="wujiang-total-to-2-places"),
        pytest.param("104.912", 2, "104.91", id="third-place-down"),
        pytest.param("0.125", 2, "0.13", id="half-up-not-bankers"),
        pytest.param("88", 2, "88", id="whole-stays-whole"),
        pytest.param("80.50", 2, "80.5", id="no-trailing-zero"),
        pytest.param("110.8168", None, "110.8168", id="no-places-keeps-four"),
        pytest.param("12.0", None, "12", id="integral"),
        pytest.param("-2", None, "-2", id="a-real-deduction"),
    ],
)
def test_number(value: str, places: int | None, shown: str) -> None:
    assert number(D(value), places) == shown


def _card(
    blocks: list[tuple[str, str, str]], total: str, max_total: str = "25", raw: str | None = None
) -> Scorecard:
    return Scorecard(
        scheme="chifeng-park", scheme_title="t", site="s", period="2026-Q4", items=[],
        blocks=[BlockTotal(b, b, kind, D(p), D(p), None) for b, kind, p in blocks],
        raw_total=D(raw or total), total=D(total), max_total=D(max_total), grade=None, grade_en=None,
        consequences=[],
    )  # fmt: skip


@pytest.mark.parametrize(
    ("blocks", "total", "compact", "line"),
    [
        # Chifeng 评分表: a quarter is out of 25 (基础分); 特殊分 加分项 adds on top (上限 30).
        pytest.param([("performance", "base", "25"), ("bonus", "bonus", "2")], "27", "25/25 + 2",
                     "27（基础 25/25 + 加分 2）", id="bonus-beyond-the-maximum"),
        pytest.param([("performance", "base", "22"), ("bonus", "bonus", "0"), ("penalty", "penalty", "0")], "22",
                     "22/25", "22 / 25", id="plain"),
        # 特殊分 减分项: 入驻机构有效投诉，每次扣2分 (one complaint).
        pytest.param([("performance", "base", "23"), ("penalty", "penalty", "-2")], "21", "23/25 − 2",
                     "21（基础 23/25 − 减分 2）", id="penalty"),
        pytest.param([("performance", "base", "24"), ("bonus", "bonus", "2"), ("penalty", "penalty", "-1")], "25",
                     "24/25 + 2 − 1", "25（基础 24/25 + 加分 2 − 减分 1）", id="both"),
    ],
)  # fmt: skip
def test_total_shown_as_its_parts(blocks: Any, total: str, compact: str, line: str) -> None:
    card = _card(blocks, total)
    assert total_text(card) == compact
    assert total_line(card) == line


def test_total_not_split_when_parts_do_not_add_up() -> None:
    """A data-fraud deduction (or a cap) comes off the total, not a block: the parts would not add up."""
    card = _card([("performance", "base", "25"), ("bonus", "bonus", "2")], "22", raw="22")
    assert total_text(card) == "22/25" and parts_text(card) == ""


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        # Pingxiang 直播: 场观 "大于12万" is encoded as at least 120001; January's pro-rated share.
        pytest.param(D(120001) / 12, "10000", id="big-target-whole"),
        pytest.param(D(120001) * 11 / 12, "110001", id="big-target-november"),
        pytest.param(D(150) / 12, "13", id="livestreams-a-month"),
        pytest.param(D(1) / 12, "0.1", id="one-a-year-in-january"),
        pytest.param(D(2) * 3 / 12, "0.5", id="small-target"),
    ],
)
def test_pro_rated_targets_read_cleanly(value: Decimal, shown: str) -> None:
    assert pace(value) == shown


def _values(names: list[str], value: str, **detail: Any) -> dict[str, IndicatorValue]:
    return {n: IndicatorValue(D(value), events=(1,), detail=dict(detail)) for n in names}


def test_a_deduction_is_never_said_larger_than_the_item() -> None:
    """Pingxiang 直播带岗 (10分): '每少完成一场直播任务，扣0.5分…最高扣6分'. No livestream in a year of 150 is
    75 points of shortfall; the explanation says 扣 6 分 (the most it can take), never 扣 75 分."""
    scheme = get_scheme("pingxiang-market")
    item = scheme.item("recruit.livestream")
    values = _values(item.rule.inputs(), "0", missing=156, short=[])
    scored = score_item(scheme, item, values, "px")
    assert scored.points == 4  # 10 - 6
    said = [D(x) for x in re.findall(r"扣 ([\d.]+) 分", scored.explanation_zh)]
    assert said and max(said) <= item.max_points, scored.explanation_zh
    assert "75" not in scored.explanation_zh and "已达上限" in scored.explanation_zh
    taken = [D(x) for x in re.findall(r"-([\d.]+)", scored.explanation_en)]
    assert taken and max(taken) <= item.max_points, scored.explanation_en
    assert all(g.gain <= item.max_points for g in scored.gaps)


@pytest.mark.parametrize("item_id", ["penalty.complaints", "penalty.safety", "penalty.other"])
def test_no_penalty_reads_zero_not_minus_zero(item_id: str) -> None:
    """Chifeng 特殊分 减分项 with nothing to deduct: '扣 0 分' / ': 0', and the points are a plain 0."""
    scheme = get_scheme("chifeng-park")
    item = scheme.item(item_id)
    scored = score_item(scheme, item, _values(item.rule.inputs(), "0"), "cf")
    assert str(scored.points) == "0"
    assert not MINUS_ZERO.search(scored.explanation_en), scored.explanation_en
    assert not MINUS_ZERO.search(scored.explanation_zh), scored.explanation_zh
