"""Money under the five seeds' [payout] pieces (schemes/money/): every band edge worked out by hand from the seed
clause.

Yuan are Decimal, rounded to 0.01 with ROUND_HALF_UP. Fees are chosen so the arithmetic is easy to check.
Scorecards are built by hand (only the fields money reads: total, blocks, grade, rank, consequences), so these
tests do not depend on how the scheme files score items; the last tests run `opsledger payout` end to end.
The payout tables below are the seeds' own pieces (schemes/files/*.toml), written as data.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from conftest import Result, cli_env, run_cli

from ledger.messages import use_lang
from projections.facts import Contract
from projections.periods import Period
from schemes.engine import BlockTotal, Scorecard, grade_for
from schemes.model import Block, Scheme, SchemeError, get_scheme, load_scheme
from schemes.money import amounts, math
from schemes.money import card as pay_card
from schemes.money import year as pay
from schemes.money.pieces import Deduction, Installments, Interim, Settlement

REPO = Path(__file__).resolve().parents[1]


# -- builders -----------------------------------------------------------------------------------------


def scheme(
    payout: dict[str, Any],
    *,
    scheme_id: str = "test-scheme",
    cohort: bool = False,
    grades=(),
    every: str = "year",
) -> Scheme:
    return Scheme(
        id=scheme_id, title="测试方案", seed="test", assessed_every=every, cohort=cohort, indicators={},
        blocks=[Block(id="base", title="基础"), Block(id="additional", title="附加")], items=[],
        grades=list(grades), payout=payout,
    )  # fmt: skip


# The chifeng-park consequence rows (C3): below 20 costs 20% of the year's fee (the deduction piece), below 15
# the buyer may terminate. The engine puts them on a scorecard whose total is below them.
BELOW_20 = {"below": "20", "zh": "本季度考核分值低于20分，扣除本年服务费的20%", "en": "below 20",
            "fee_deduction_pct": "20", "terminable": False}  # fmt: skip
BELOW_15 = {"below": "15", "zh": "本季度考核分值低于15分，采购人有权解除合同，另行采购", "en": "below 15: the buyer may terminate",
            "fee_deduction_pct": "0", "terminable": True}  # fmt: skip


def chifeng_consequences(total: str) -> list[dict[str, Any]]:
    return [c for c in (BELOW_20, BELOW_15) if D(total) < D(c["below"])]


def card(
    total: str = "0",
    *,
    base: str | None = None,
    additional: str | None = None,
    grade: str | None = None,
    grade_en: str | None = None,
    rank: int | None = None,
    size: int | None = None,
    period: str = "2026",
    consequences: list[dict[str, Any]] | None = None,
) -> Scorecard:
    blocks = []
    if base is not None:
        blocks.append(BlockTotal("base", "基础", "base", D(base), D(base), D(100)))
    if additional is not None:
        blocks.append(BlockTotal("additional", "附加", "base", D(additional), D(additional), D(100)))
    return Scorecard(
        scheme="test-scheme", scheme_title="测试方案", site="s1", period=period, items=[], blocks=blocks,
        raw_total=D(total), total=D(total), max_total=D(100), grade=grade, grade_en=grade_en,
        consequences=consequences or [], rank=rank, cohort_size=size,
    )  # fmt: skip


def contract(
    fee: str, network: str = "0", start: str = "2026-01-01", scheme_id: str = "test-scheme"
) -> Contract:
    return Contract("s1", scheme_id, date.fromisoformat(start), None, D(fee), D(network), 1)


def priced(sch: Scheme, c: Scorecard, deal: Contract, period: Period) -> Scorecard:
    """The scorecard with its money, as the service combines them."""
    return c.replace(money=pay_card.money_for(sch, c, deal, period))


CHIFENG_DEDUCTION = {"kind": "deduction", "below": "20", "pct": "20"}
CHIFENG = {"pieces": [CHIFENG_DEDUCTION, {"kind": "settlement", "shares": [{"pct": "100", "scale": "full"}]}]}
DONGSHENG_SETTLEMENT = {"kind": "settlement", "shares": [
    {"pct": "40", "scored_by": "base", "scale": "bands", "bands": [
        {"max": "60", "pay_pct": "10"}, {"min": "60", "min_open": True, "max": "80", "pay_pct": "20"},
        {"min": "80", "min_open": True, "max": "90", "pay_pct": "30"}, {"min": "90", "min_open": True, "pay_pct": "40"}]},
    {"pct": "60", "scored_by": "additional", "scale": "proportional", "points": "100"},
]}  # fmt: skip
DONGSHENG = {"pieces": [{"kind": "interim", "after_months": 6, "cap_pct": "50"}, DONGSHENG_SETTLEMENT]}
PINGXIANG_BANDS = [
    {"min": "95", "pay_pct": "100"},
    {"min": "85", "max": "95", "max_open": True, "pay_pct": "95", "label": "85-94分"},
    {"max": "85", "max_open": True, "proportional": True},
]
PINGXIANG_SHARE = {"pct": "100", "scale": "bands", "bands": PINGXIANG_BANDS, "undefined": [["94", "95"], ["84", "85"]],
                   "gap_reading": "按下限门槛计 / read by thresholds"}  # fmt: skip
PINGXIANG = {"pieces": [{"kind": "settlement", "shares": [PINGXIANG_SHARE]}]}
# gap_rule "round" (P3, the other reading): round to whole points, then the document's bands as written
PINGXIANG_ROUND = {"pieces": [{"kind": "settlement", "shares": [{"pct": "100", "scale": "bands", "round_places": 0, "bands": [
    {"min": "95", "pay_pct": "100"}, {"min": "85", "max": "94", "pay_pct": "95"},
    {"max": "84", "proportional": True}, {"min": "84", "min_open": True, "max": "85", "max_open": True, "proportional": True},
    {"min": "94", "min_open": True, "max": "95", "max_open": True, "pay_pct": "95"}]}]}]}  # fmt: skip
SHAXIAN_INSTALLMENTS = {"kind": "installments", "schedule": [
    {"at": 1, "pct": "15"}, {"at": 3, "pct": "15"}, {"at": 6, "pct": "20"}, {"at": 9, "pct": "20"}],
    "contract_years": [1]}  # fmt: skip
SHAXIAN_SETTLEMENT = {"kind": "settlement", "due_after_months": 12, "contract_years": [1], "exempt": "network_fee",
                      "shares": [{"pct": "100", "scale": "grade"}]}  # fmt: skip
SHAXIAN = {
    "pieces": [SHAXIAN_INSTALLMENTS, SHAXIAN_SETTLEMENT],
    "other_years": "第二、三年的支付方式另行商议 / to be agreed",
}


def toml_value(value: Any) -> str:
    """Just enough TOML to write a payout table into a scheme file (strings, ints, bools, lists, tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"


def load_with_payout(tmp_path: Path, table: dict[str, Any]) -> Scheme:
    """A minimal scheme file with this [payout] table, loaded as `opsledger` loads a buyer's file."""
    text = "\n".join([
        'id = "test-scheme"', 'title = "测试"', 'seed = "test"', 'assessed_every = "year"', "indicators = {}",
        'blocks = [{ id = "base", title = "基础" }, { id = "additional", title = "附加" }]', "items = []",
        f"payout = {toml_value(table)}",
    ])  # fmt: skip
    path = tmp_path / "test-scheme.toml"
    path.write_text(text, encoding="utf-8")
    return load_scheme(path)


# -- rounding -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.005", "0.01"),
        ("0.004", "0.00"),
        ("2.675", "2.68"),
        ("-0.005", "-0.01"),
        ("49999.9995", "50000.00"),
    ],
)
def test_yuan_rounds_to_the_fen_half_up(value: str, expected: str) -> None:
    # 四舍五入 at 0.01 yuan, not banker's rounding (2.675 -> 2.68, not 2.67)
    assert amounts.yuan(D(value)) == D(expected)
    assert str(amounts.yuan(D(value))) == expected


def test_pct_of_rounds_once_at_the_amount() -> None:
    # 15% of 333,333.33 = 49,999.9995 -> 50,000.00; 15% of 123,456.78 = 18,518.517 -> 18,518.52
    assert amounts.pct_of(D("333333.33"), D(15)) == D("50000.00")
    assert amounts.pct_of(D("123456.78"), D(15)) == D("18518.52")


# -- the [payout] tables ------------------------------------------------------------------------------


def test_each_scheme_files_payout_pieces_read_as_the_seed_says() -> None:
    # the values each seed's clause gives (see each scheme file's [payout] interpretation)
    chifeng = get_scheme("chifeng-park").payout
    cut = chifeng.one(Deduction)
    assert (cut.below, cut.pct, cut.once_a_year, cut.cap_pct) == (D(20), D(20), False, None)  # P1
    assert [(s.pct, s.scale) for s in chifeng.one(Settlement).shares] == [(D(100), "full")]

    dongsheng = get_scheme("dongsheng-talent").payout
    assert (dongsheng.one(Interim).after_months, dongsheng.one(Interim).cap_pct) == (6, D(50))
    base, additional = dongsheng.one(Settlement).shares
    assert (base.pct, base.scored_by, [b.pay_pct for b in base.bands]) == (
        D(40),
        "base",
        [D(10), D(20), D(30), D(40)],
    )
    assert [(b.min, b.max) for b in base.bands] == [
        (None, D(60)),
        (D(60), D(80)),
        (D(80), D(90)),
        (D(90), None),
    ]
    assert (additional.pct, additional.scored_by, additional.scale, additional.points) == (
        D(60), "additional", "proportional", D(100),
    )  # fmt: skip

    [share] = get_scheme("pingxiang-market").payout.one(Settlement).shares
    assert [(b.min, b.pay_pct, b.proportional) for b in share.bands] == [
        (D(95), D(100), False), (D(85), D(95), False), (None, None, True),
    ]  # fmt: skip
    assert (share.points, share.round_places) == (D(100), None)  # P3: thresholds, the exact total

    shaxian = get_scheme("shaxian-gig").payout
    assert [(s.at, s.pct) for s in shaxian.one(Installments).schedule] == [
        (1, D(15)), (3, D(15)), (6, D(20)), (9, D(20)),
    ]  # fmt: skip
    settle = shaxian.one(Settlement)
    assert (settle.due_after_months, settle.exempt, settle.exempt_paid, settle.contract_years) == (
        12, "network_fee", True, [1],
    )  # fmt: skip
    assert [p.kind for p in get_scheme("wujiang-alliance").payout.pieces] == ["budget_share"]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"pieces": [{**CHIFENG_DEDUCTION, "below": 20.0}]}, "write fractional numbers as strings"),
        ({"pieces": [{**CHIFENG_DEDUCTION, "deduction_pct": "20"}]}, "unknown key 'deduction_pct'"),
        ({"pieces": [{"kind": "deduction", "below": "20"}]}, "needs pct"),
        (
            {
                "pieces": [
                    {
                        "kind": "settlement",
                        "shares": [
                            {
                                **DONGSHENG_SETTLEMENT["shares"][0],
                                "bands": [
                                    {"max": "60", "pay_pct": "10"},
                                    {"min": "60", "min_open": True, "max": "80", "pay_pct": "20"},
                                    {"min": "80", "min_open": True, "pay_pct": "30"},
                                ],
                            },
                            DONGSHENG_SETTLEMENT["shares"][1],
                        ],
                    }
                ]
            },
            "top band pays 30%",
        ),
        (
            {
                "pieces": [
                    {
                        "kind": "settlement",
                        "shares": [
                            {
                                **DONGSHENG_SETTLEMENT["shares"][0],
                                "bands": [{"max": "80", "pay_pct": "10"}, {"min": "60", "pay_pct": "40"}],
                            },
                            DONGSHENG_SETTLEMENT["shares"][1],
                        ],
                    }
                ]
            },
            "overlap",
        ),
        (
            {
                "pieces": [
                    {
                        "kind": "settlement",
                        "shares": [
                            {**DONGSHENG_SETTLEMENT["shares"][0], "scored_by": "basic"},
                            DONGSHENG_SETTLEMENT["shares"][1],
                        ],
                    }
                ]
            },
            "block 'basic'",
        ),
        (
            {"pieces": [{"kind": "settlement", "shares": [{**PINGXIANG_SHARE, "round_places": -1}]}]},
            "round_places",
        ),
        (
            {
                "pieces": [
                    {**SHAXIAN_INSTALLMENTS, "schedule": [{"at": 1, "pct": "60"}, {"at": 3, "pct": "60"}]}
                ]
            },
            "more than 100%",
        ),
        (
            {"pieces": [SHAXIAN_INSTALLMENTS, {**SHAXIAN_SETTLEMENT, "due_after_months": 6}]},
            "due_after_months",
        ),
        ({"pieces": [{"kind": "lump_sum"}]}, "kind 'lump_sum' is not known"),
    ],
    ids=[
        "float",
        "unknown-key",
        "missing",
        "top-band",
        "bands-overlap",
        "unknown-block",
        "round-places",
        "over-100pct",
        "due-before-last-installment",
        "unknown-kind",
    ],  # fmt: skip
)
def test_a_bad_payout_table_is_a_one_line_scheme_error(
    tmp_path: Path, table: dict[str, Any], message: str
) -> None:
    with pytest.raises(SchemeError, match=message.replace("(", r"\(")) as err:
        load_with_payout(tmp_path, table)
    assert "\n" not in str(err.value) and re.match(r"test-scheme.toml:\d+: payout", str(err.value))


def test_interpretations_are_allowed_in_a_payout_table_and_on_every_piece(tmp_path: Path) -> None:
    """Each with its Chinese text (interpretation_zh): one without it is refused (tests/test_interpretations.py)."""
    table = {"interpretation": "per quarter", "interpretation_zh": "按季度",
             "pieces": [{**CHIFENG_DEDUCTION, "interpretation": "P1", "interpretation_zh": "P1：按季度"}]}  # fmt: skip
    assert load_with_payout(tmp_path, table).payout.one(Deduction).interpretation == "P1"


# -- chifeng-park (000): 每季度考核分值低于20分，扣除本年服务费的20%；低于15分，采购人有权解除合同，另行采购 ------------


@pytest.mark.parametrize(
    ("total", "deducts", "terminable"),
    [
        ("25", False, False),
        ("20", False, False),  # 低于20: strict, 20 itself is not below
        ("19.99", True, False),
        ("19.5", True, False),
        ("15", True, False),  # 低于15: 15 deducts (below 20) but is not below 15
        ("14.99", True, True),
        ("14", True, True),
        ("0", True, True),
    ],
    ids=lambda v: str(v),
)
def test_chifeng_quarter_edges(total: str, deducts: bool, terminable: bool) -> None:
    # through the real scheme file: its deduction piece and its consequence rows
    sch = get_scheme("chifeng-park")
    assert math.deducts(sch.payout.one(Deduction), D(total)) is deducts
    rows = [c for c in sch.consequences if D(total) < c.below]
    assert any(c.terminable for c in rows) is terminable


def test_chifeng_quarter_19_5_costs_20pct_of_the_years_fee() -> None:
    # fee 800,000 a year; Q2 scores 19.5 < 20: 20% x 800,000 = 160,000.00
    money = pay_card.money_for(
        scheme(CHIFENG, every="quarter"), card("19.5", period="2026-Q2", consequences=chifeng_consequences("19.5")),
        contract("800000"), Period.parse("2026-Q2"),
    )  # fmt: skip
    assert money["pieces"] == ["deduction", "settlement"]
    assert money["deduction_yuan"] == "160000.00"
    assert money["deduction_pct"] == "20"
    assert money["terminable"] is False
    assert any("160,000.00" in line and "19.5" in line for line in money["lines"])


def test_chifeng_quarter_14_is_terminable_and_20_costs_nothing() -> None:
    q2 = Period.parse("2026-Q2")
    low = pay_card.money_for(scheme(CHIFENG, every="quarter"), card("14", period="2026-Q2", consequences=chifeng_consequences("14")),
                             contract("800000"), q2)  # fmt: skip
    assert low["terminable"] is True and low["deduction_yuan"] == "160000.00"
    assert any("解除合同" in line for line in low["lines"])
    ok = pay_card.money_for(
        scheme(CHIFENG, every="quarter"), card("20", period="2026-Q2"), contract("800000"), q2
    )
    assert ok["terminable"] is False and ok["deduction_yuan"] == "0.00"


def test_chifeng_contract_quarter_counts_as_a_quarter() -> None:
    # contract-relative quarter Y1-Q1 of a contract starting 2026-03-15: 2026-03-15 .. 2026-06-14
    period = Period.parse_relative("Y1-Q1", "2026-03-15")
    sch = scheme(CHIFENG, every="quarter")
    money = pay_card.money_for(sch, card("18"), contract("800000", start="2026-03-15"), period)
    assert money["deduction_yuan"] == "160000.00" and money["projection"] is False


def test_chifeng_a_year_card_does_not_claim_a_deduction() -> None:
    # the year is not a period chifeng-park assesses: its money is labelled a projection (issue 11 §5)
    sch = scheme(CHIFENG, every="quarter")
    money = pay_card.money_for(sch, card("18"), contract("800000"), Period.parse("2026"))
    assert money["deduction_yuan"] == "0.00"
    assert money["projection"] is True
    assert any("not a quarter" in line for line in money["lines"])


def test_chifeng_two_quarters_below_20_deduct_twice() -> None:
    # P1, per quarter: Q2 19.5 and Q3 18 each deduct 20% of 800,000 = 160,000; 800,000 - 320,000 = 480,000
    piece = scheme(CHIFENG, every="quarter").payout.one(Deduction)
    cuts = math.year_deductions(piece, D(800000), [D(23), D("19.5"), D(18), D(20)])
    assert cuts == [D(0), D("160000.00"), D("160000.00"), D(0)]
    assert math.settle(D("800000.00"), D(0), sum(cuts))[0] == D("480000.00")


def test_chifeng_four_quarters_below_20_lose_80pct() -> None:
    piece = scheme(CHIFENG, every="quarter").payout.one(Deduction)
    cuts = math.year_deductions(piece, D(800000), [D(10), D(19), D(19), D(19)])
    assert sum(cuts) == D("640000.00") and math.settle(D("800000.00"), D(0), sum(cuts))[0] == D("160000.00")


def test_chifeng_once_a_year_reading_is_a_parameter() -> None:
    piece = scheme({"pieces": [{**CHIFENG_DEDUCTION, "once_a_year": True}]}).payout.one(Deduction)
    cuts = math.year_deductions(piece, D(800000), [D(23), D("19.5"), D(18), D(20)])
    assert cuts == [D(0), D("160000.00"), D(0), D(0)] and D(800000) - sum(cuts) == D("640000.00")


def test_a_deduction_cap_is_a_parameter() -> None:
    # cap_pct = 30: 20% + 20% would be 40% of 800,000; the year's deductions stop at 240,000
    piece = scheme({"pieces": [{**CHIFENG_DEDUCTION, "cap_pct": "30"}]}).payout.one(Deduction)
    assert math.year_deductions(piece, D(800000), [D(10), D(19), D(25)]) == [
        D("160000.00"),
        D("80000.00"),
        D(0),
    ]


def chifeng_year(totals: list[tuple[str, str]], today: date) -> pay.YearSummary:
    sch = scheme(CHIFENG, every="quarter")
    assessments = []
    for i, (label, total) in enumerate(totals, start=1):
        period = Period.quarter(2026, i)
        c = priced(
            sch,
            card(total, period=str(period), consequences=chifeng_consequences(total)),
            contract("800000"),
            period,
        )
        assessments.append(pay.Assessment(label, str(period), period, c))
    return pay.summarise(sch, contract("800000"), "2026", 1, Period.year(2026), assessments, today)


def test_chifeng_year_summary() -> None:
    s = chifeng_year([("Q1", "23"), ("Q2", "19.5"), ("Q3", "14"), ("Q4", "21")], date(2027, 1, 10))
    assert [d.yuan for d in s.deductions] == [D("160000.00"), D("160000.00")]
    assert s.total_deducted == D("320000.00")
    assert s.total_paid == D("480000.00") and s.complete
    assert any("解除合同" in n and "Q3" in n for n in s.notes)
    text = pay.summary_text(s)
    assert "480,000.00" in text and "−160,000.00" in text


def test_chifeng_pending_quarter_leaves_the_year_open() -> None:
    sch = scheme(CHIFENG, every="quarter")
    assessments = [pay.Assessment("Q1", "2026-Q1", Period.quarter(2026, 1), card("19"))]
    assessments += [pay.Assessment(f"Q{q}", f"2026-Q{q}", Period.quarter(2026, q), None) for q in (2, 3, 4)]
    s = pay.summarise(sch, contract("800000"), "2026", 1, Period.year(2026), assessments, date(2026, 4, 2))
    assert s.total_deducted == D("160000.00")
    assert s.payments[0].yuan is None and not s.complete


# -- dongsheng-talent (001): 说明 under each table, 第七条 ----------------------------------------------------


def dongsheng_worth(fee: str, base: str, additional: str) -> math.Entitlement:
    settlement = scheme(DONGSHENG).payout.one(Settlement)
    return math.entitlement(settlement, card(base=base, additional=additional), D(fee), D(0), None)


@pytest.mark.parametrize(
    ("base", "pct", "yuan"),
    [
        ("0", "10", "100000.00"),
        ("60", "10", "100000.00"),  # 60 分及以下 -> 10%
        ("60.01", "20", "200000.00"),  # 60~80（含）
        ("80", "20", "200000.00"),  # 80 含 in 60~80
        ("80.5", "30", "300000.00"),  # 80~90（含）
        ("90", "30", "300000.00"),
        ("90.01", "40", "400000.00"),  # 90~100（含）
        ("100", "40", "400000.00"),
    ],
    ids=lambda v: str(v),
)
def test_dongsheng_base_bands(base: str, pct: str, yuan: str) -> None:
    # fee 1,000,000: the base block's band pays pct% of the whole fee
    got = dongsheng_worth("1000000", base, "0").shares[0]
    assert got.pct == D(pct)
    assert got.yuan == D(yuan)


@pytest.mark.parametrize(
    ("additional", "yuan"),
    [("0", "0.00"), ("75", "450000.00"), ("100", "600000.00"), ("33.33", "199980.00"), ("120", "600000.00")],
    ids=lambda v: str(v),
)
def test_dongsheng_additional_pays_60pct_times_score(additional: str, yuan: str) -> None:
    # 实际得分*100%*60%*总体运营费: 75 -> 0.6 x 0.75 x 1,000,000 = 450,000; 33.33 -> 0.6 x 0.3333 x 1e6 = 199,980
    # (score read as score/100, P2; the block cannot exceed 100, so 120 pays as 100)
    assert dongsheng_worth("1000000", "0", additional).shares[1].yuan == D(yuan)


def test_dongsheng_half_year_is_capped_at_50pct() -> None:
    # H1: base 95 -> 40% + additional 50 -> 30% = 70% = 700,000, but 半年评估 pays at most 50% = 500,000
    sch = scheme(DONGSHENG)
    money = pay_card.money_for(
        sch, card(base="95", additional="50"), contract("1000000"), Period.parse("2026-H1")
    )
    assert money["assessment"] == "interim"
    assert money["entitlement_yuan"] == "700000.00"
    assert money["payment_yuan"] == "500000.00" and money["cap_yuan"] == "500000.00"


def test_dongsheng_half_year_below_the_cap_pays_the_formula() -> None:
    # H1: base 50 -> 10% + additional 20 -> 12% = 22% = 220,000 < 500,000
    money = pay_card.money_for(
        scheme(DONGSHENG), card(base="50", additional="20"), contract("1000000"), Period.parse("2026-H1")
    )
    assert money["payment_yuan"] == "220000.00"


def test_dongsheng_year_summary_pays_the_rest_at_the_annual_assessment() -> None:
    # H1 (95, 50) pays 500,000 (capped). Year: base 85 -> 30% = 300,000, additional 75 -> 45% = 450,000,
    # entitlement 750,000; 剩余运营费用 = 750,000 - 500,000 = 250,000. Lost: base 40-30 = 10% = 100,000,
    # additional 60-45 = 15% = 150,000; paid 750,000 + lost 250,000 = the fee.
    sch = scheme(DONGSHENG)
    h1 = pay.Assessment("H1", "2026-H1", Period.parse("2026-H1"), card(base="95", additional="50"))
    yr = pay.Assessment("year", "2026", Period.parse("2026"), card(base="85", additional="75"))
    s = pay.summarise(sch, contract("1000000"), "2026", 1, Period.year(2026), [h1, yr], date(2027, 1, 5))
    assert [p.yuan for p in s.payments] == [D("500000.00"), D("250000.00")]
    assert s.total_paid == D("750000.00")
    assert [d.yuan for d in s.deductions] == [D("100000.00"), D("150000.00")]
    assert s.total_paid + s.total_deducted == D("1000000.00")


def test_dongsheng_half_year_overpayment_is_shown_not_clawed_back() -> None:
    # H1 (95, 50) paid 500,000; year base 55 -> 10% + additional 50 -> 30% = 400,000: the annual payment is 0
    # and 100,000 is reported as overpaid (P2: the document does not say it is recovered)
    sch = scheme(DONGSHENG)
    h1 = pay.Assessment("H1", "2026-H1", Period.parse("2026-H1"), card(base="95", additional="50"))
    yr = pay.Assessment("year", "2026", Period.parse("2026"), card(base="55", additional="50"))
    s = pay.summarise(sch, contract("1000000"), "2026", 1, Period.year(2026), [h1, yr], date(2027, 1, 5))
    assert s.payments[1].yuan == D(0)
    assert any("100,000.00" in n and "exceeded" in n for n in s.notes)


def test_dongsheng_annual_card_says_the_half_year_payment_comes_off() -> None:
    money = pay_card.money_for(
        scheme(DONGSHENG), card(base="85", additional="75"), contract("1000000"), Period.parse("2026")
    )
    assert money["assessment"] == "assessment" and money["entitlement_yuan"] == "750000.00"
    assert "payment_yuan" not in money


# -- pingxiang-market (002): 95分以上 100%；85-94 分 95%；84分及以下按最终分数占总分比例 --------------------------


def pingxiang_pct(table: dict[str, Any], total: str) -> D:
    [share] = scheme(table).payout.one(Settlement).shares
    return math.share_pct(share, card(total), None)[0]


@pytest.mark.parametrize(
    ("total", "pct", "yuan"),
    [
        ("103", "100", "1000000.00"),  # bonus beyond 100 still pays 100%
        ("95", "100", "1000000.00"),  # 95分以上 includes 95
        ("94.99", "95", "950000.00"),  # gap (94, 95): threshold reading, below 95 -> 95%
        ("94.5", "95", "950000.00"),
        ("94", "95", "950000.00"),  # 85-94 分
        ("85", "95", "950000.00"),
        ("84.99", "84.99", "849900.00"),  # gap (84, 85): below 85 -> proportional
        ("84.5", "84.5", "845000.00"),
        ("84", "84", "840000.00"),  # 84分及以下: 84/100
        ("60.125", "60.125", "601250.00"),
    ],
    ids=lambda v: str(v),
)
def test_pingxiang_bands_threshold_reading(total: str, pct: str, yuan: str) -> None:
    got = pingxiang_pct(PINGXIANG, total)
    assert got == D(pct)
    assert amounts.pct_of(D(1000000), got) == D(yuan)


@pytest.mark.parametrize(
    ("total", "pct"),
    [("94.5", "100"), ("94.49", "95"), ("84.5", "95"), ("84.4", "84.4"), ("95", "100")],
    ids=lambda v: str(v),
)
def test_pingxiang_round_reading_is_a_parameter(total: str, pct: str) -> None:
    # round_places = 0: the total is rounded half up to whole points before banding (94.5 -> 95 -> 100%);
    # the proportional band still pays the exact score (最终分数): 84.4 -> 84 -> 84.4%
    assert pingxiang_pct(PINGXIANG_ROUND, total) == D(pct)


def test_pingxiang_real_file_pays_by_thresholds() -> None:
    [share] = get_scheme("pingxiang-market").payout.one(Settlement).shares
    assert [math.share_pct(share, card(t), None)[0] for t in ("95", "94.5", "85", "84.5")] == [
        D(100), D(95), D(95), D("84.5"),
    ]  # fmt: skip


def test_pingxiang_money_lines_say_how_the_gap_was_read() -> None:
    money = pay_card.money_for(scheme(PINGXIANG), card("94.5"), contract("1000000"), Period.parse("2026"))
    assert money["payment_yuan"] == "950000.00" and money["band"] == "85-94分"
    assert any("未定义" in line and "thresholds" in line for line in money["lines"])
    whole = pay_card.money_for(scheme(PINGXIANG), card("94"), contract("1000000"), Period.parse("2026"))
    assert not any("未定义" in line for line in whole["lines"])


def test_pingxiang_year_summary() -> None:
    # 84 -> 840,000 paid, 160,000 deducted
    a = pay.Assessment("year", "2026", Period.parse("2026"), card("84"))
    s = pay.summarise(
        scheme(PINGXIANG), contract("1000000"), "2026", 1, Period.year(2026), [a], date(2027, 1, 5)
    )
    assert s.total_paid == D("840000.00") and s.total_deducted == D("160000.00")


# -- shaxian-gig (003): 四、拨付标准和方式 -----------------------------------------------------------------


SHAXIAN_GRADES = [
    ("优秀", "excellent", "100"),
    ("良好", "good", "90"),
    ("合格", "pass", "80"),
    ("较差", "poor", "70"),
]


@pytest.mark.parametrize(
    ("grade", "entitled", "final"),
    [
        # fee 500,000, network 100,000; installments 15+15+20+20 = 70% = 350,000
        ("优秀", "500000.00", "150000.00"),  # 100,000 + 100% x 400,000 = 500,000; 500,000 - 350,000
        ("良好", "460000.00", "110000.00"),  # 100,000 + 90% x 400,000 = 460,000
        ("合格", "420000.00", "70000.00"),  # 100,000 + 80% x 400,000 = 420,000
        ("较差", "380000.00", "30000.00"),  # 100,000 + 70% x 400,000 = 380,000
    ],
)
def test_shaxian_final_payment_by_grade(grade: str, entitled: str, final: str) -> None:
    grades = [pay_grade(g) for g in SHAXIAN_GRADES]
    sch = scheme(SHAXIAN, grades=grades)
    en = next(e for z, e, _ in SHAXIAN_GRADES if z == grade)
    money = pay_card.money_for(
        sch, card("0", grade=grade, grade_en=en), contract("500000", "100000"), Period.parse("2026")
    )
    assert money["installments_yuan"] == "350000.00"
    assert money["entitlement_yuan"] == entitled
    assert money["payment_yuan"] == final and money["overpaid_yuan"] == "0.00"


def pay_grade(g: tuple[str, str, str]):
    from schemes.model import Grade

    return Grade(min=D(0), label=g[0], label_en=g[1], pay_pct=D(g[2]))


def test_shaxian_schedule_dates_from_the_contract_start() -> None:
    # 运营服务期满k个月后: a contract starting 2026-01-15 completes month 1 on 2026-02-14, so it falls due 02-15
    sch = scheme(SHAXIAN, grades=[pay_grade(g) for g in SHAXIAN_GRADES])
    money = pay_card.money_for(sch, card("0", grade="合格", grade_en="pass"), contract("500000", "100000", "2026-01-15"),
                               Period.span("2026-01-15", "2027-01-14"))  # fmt: skip
    assert [(s["at"], s["due"], s["yuan"]) for s in money["schedule"]] == [
        (1, "2026-02-15", "75000.00"), (3, "2026-04-15", "75000.00"),
        (6, "2026-07-15", "100000.00"), (9, "2026-10-15", "100000.00"),
    ]  # fmt: skip
    assert money["due"] == "2027-01-15"


def test_shaxian_without_the_network_fee_a_poor_grade_is_overpaid() -> None:
    # exempt_paid = false: 较差 70% x (500,000 - 100,000) = 280,000 < 350,000 paid: final 0, 70,000 overpaid
    table = {**SHAXIAN, "pieces": [SHAXIAN_INSTALLMENTS, {**SHAXIAN_SETTLEMENT, "exempt_paid": False}]}
    sch = scheme(table, grades=[pay_grade(g) for g in SHAXIAN_GRADES])
    money = pay_card.money_for(
        sch, card("0", grade="较差", grade_en="poor"), contract("500000", "100000"), Period.parse("2026")
    )
    assert (money["entitlement_yuan"], money["payment_yuan"], money["overpaid_yuan"]) == (
        "280000.00",
        "0.00",
        "70000.00",
    )
    assert any("70,000.00" in line and "recovered" in line for line in money["lines"])


@pytest.mark.parametrize(
    ("total", "grade", "final"),
    [("90", "优秀", "150000.00"), ("89.99", "良好", "110000.00"), ("80", "良好", "110000.00"),
     ("79.5", "合格", "70000.00"), ("70", "合格", "70000.00"), ("69.99", "较差", "30000.00")],
)  # fmt: skip
def test_shaxian_grade_edges_through_the_real_scheme(total: str, grade: str, final: str) -> None:
    # 优秀（90分以上）, 良好（80-89分）, 合格（70-79分）, 较差（70分以下）: the scheme file's grades decide the 尾款
    sch = get_scheme("shaxian-gig")
    g = grade_for(sch.grades, D(total))
    assert g is not None and g.label == grade
    money = pay_card.money_for(sch, card(total, grade=g.label, grade_en=g.label_en), contract("500000", "100000"),
                               Period.parse("2026"))  # fmt: skip
    assert money["payment_yuan"] == final


def test_shaxian_second_year_has_no_schedule() -> None:
    # 第二、三年的支付方式另行商议
    sch = scheme(SHAXIAN, grades=[pay_grade(g) for g in SHAXIAN_GRADES])
    money = pay_card.money_for(sch, card("95", grade="优秀", grade_en="excellent"), contract("500000", "100000"),
                               Period.parse("2027"))  # fmt: skip
    assert money["contract_year"] == 2 and "schedule" not in money
    assert any("另行商议" in line for line in money["lines"])


def test_shaxian_summary_separates_due_from_scheduled() -> None:
    sch = scheme(SHAXIAN, grades=[pay_grade(g) for g in SHAXIAN_GRADES])
    a = pay.Assessment("year", "2026", Period.parse("2026"), None)
    s = pay.summarise(sch, contract("500000", "100000"), "2026", 1, Period.year(2026), [a], date(2026, 5, 1))
    assert [p.status for p in s.payments] == ["due", "due", "scheduled", "scheduled", "pending assessment"]
    assert s.total_paid == D("350000.00") and s.total_due == D("150000.00") and not s.complete


# -- wujiang-alliance (004): 根据考核结果及当年度财政预算的奖励金额数，进行A、B、C、D、E等级的数量分配 --------------------


def test_wujiang_money_is_the_grade_and_the_budget() -> None:
    sch = scheme({"pieces": [{"kind": "budget_share"}]}, cohort=True)
    money = pay_card.money_for(
        sch, card("88", grade="B", grade_en="B", rank=2, size=12), contract("0"), Period.parse("2022")
    )
    assert money["pieces"] == ["budget_share"] and money["grade"] == "B"
    assert len(money["lines"]) == 1 and "第 2/12 名" in money["lines"][0] and "budget" in money["lines"][0]
    s = pay.summarise(sch, contract("0"), "2022", 1, Period.year(2022),
                      [pay.Assessment("year", "2022", Period.year(2022), card("88", grade="B"))], date(2023, 1, 5))  # fmt: skip
    assert s.payments[0].yuan is None and s.payments[0].status == "set by budget"


def test_a_scheme_without_a_payout_table_falls_back_to_its_consequence_rows() -> None:
    c = card(
        "10",
        consequences=[{"fee_deduction_pct": "20", "zh": "", "en": "", "below": "20", "terminable": False}],
    )
    money = pay_card.money_for(scheme({}), c, contract("800000"), Period.parse("2026"))
    assert money["pieces"] == [] and money["deduction_pct"] == "20"


# -- a sixth combination: prepaid quarters and a graded remainder (no Python, only pieces) ------------------


def test_quarterly_prepayments_and_a_graded_remainder() -> None:
    # 15% prepaid at the start of each quarter (60%); the remaining 40% paid by grade after the year:
    # fee 1,000,000, grade 良好 pays 90% of the remainder = 360,000; the year pays 600,000 + 360,000 = 960,000
    table = {"pieces": [
        {"kind": "installments", "by": "quarter", "due": "start",
         "schedule": [{"at": q, "pct": "15"} for q in (1, 2, 3, 4)]},
        {"kind": "settlement", "shares": [{"pct": "60", "scale": "full"}, {"pct": "40", "scale": "grade"}]},
    ]}  # fmt: skip
    sch = scheme(table, grades=[pay_grade(g) for g in SHAXIAN_GRADES])
    year = pay.Assessment("year", "2026", Period.parse("2026"), card("85", grade="良好", grade_en="good"))
    s = pay.summarise(sch, contract("1000000"), "2026", 1, Period.year(2026), [year], date(2027, 1, 5))
    assert [(str(p.due), p.yuan) for p in s.payments[:4]] == [
        ("2026-01-01", D("150000.00")), ("2026-04-01", D("150000.00")),
        ("2026-07-01", D("150000.00")), ("2026-10-01", D("150000.00")),
    ]  # fmt: skip
    assert s.payments[4].yuan == D("360000.00")
    assert s.total_paid == D("960000.00") and s.total_deducted == D("40000.00")


def test_month_zero_is_paid_on_the_first_day() -> None:
    table = {
        "pieces": [{"kind": "installments", "schedule": [{"at": 0, "pct": "30"}, {"at": 6, "pct": "30"}]}]
    }
    dues = math.schedule(scheme(table).payout.one(Installments), D(100000), date(2026, 3, 15), 1)
    assert [(d.due, d.yuan) for d in dues] == [
        (date(2026, 3, 15), D("30000.00")),
        (date(2026, 9, 15), D("30000.00")),
    ]


# -- the contract year and its assessments ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parsed"), [("2026", ("calendar", 2026)), ("Y1", ("contract", 1)), ("y3", ("contract", 3))]
)
def test_parse_year(text: str, parsed: tuple[str, int]) -> None:
    assert pay.parse_year(text) == parsed


@pytest.mark.parametrize("text", ["26", "Y0", "2026-Q1", "year"])
def test_parse_year_refuses(text: str) -> None:
    with pytest.raises(SchemeError, match="bad year"):
        pay.parse_year(text)


def test_assessment_plan_per_scheme() -> None:
    jan = contract("1", start="2026-01-01")
    mid = contract("1", start="2026-03-15")
    quarterly = scheme(CHIFENG, every="quarter")
    assert pay.assessment_plan(quarterly, jan, 1)[1] == [(f"Q{q}", f"2026-Q{q}") for q in range(1, 5)]
    assert pay.assessment_plan(quarterly, mid, 2)[1] == [(f"Q{q}", f"Y2-Q{q}") for q in range(1, 5)]
    assert [t for _, t in pay.assessment_plan(scheme(DONGSHENG), jan, 1)[1]] == ["2026-H1", "2026"]
    assert [t for _, t in pay.assessment_plan(scheme(DONGSHENG), mid, 1)[1]] == ["C+6m", "C+12m"]
    span, plan = pay.assessment_plan(scheme(SHAXIAN, grades=[pay_grade(g) for g in SHAXIAN_GRADES]), mid, 1)
    assert (span.start, span.end, plan) == (date(2026, 3, 15), date(2027, 3, 14), [("年度 year", "C+12m")])
    with pytest.raises(SchemeError, match="contract year 2"):
        pay.assessment_plan(scheme(PINGXIANG), mid, 2)
    wujiang = scheme({"pieces": [{"kind": "budget_share"}]}, cohort=True)
    assert pay.assessment_plan(wujiang, mid, 1)[1] == [("年度 year", "2026")]


# -- the CLI, end to end --------------------------------------------------------------------------------


def run(tmp_path: Path, *args: Any) -> Result:
    """`python -m cli --db TMP_PATH/l.db ARGS` in a subprocess from the repository root: .code, .out, .err."""
    return run_cli("--db", tmp_path / "l.db", *args, cwd=REPO, env=cli_env(PYTHONPATH=str(REPO)))


@pytest.fixture
def shaxian_db(tmp_path: Path) -> Path:
    for args in (
        ("init",),
        ("site", "add", "sx", "--name", "沙县区零工市场", "--kind", "gig_market", "--on", "2026-01-01"),
        ("contract", "add", "sx", "--scheme", "shaxian-gig", "--start", "2026-01-01", "--fee", "500000",
         "--network-fee", "100000"),
    ):  # fmt: skip
        done = run(tmp_path, *args)
        assert done.code == 0, done.err
    return tmp_path


def test_cli_payout_for_a_shaxian_year(shaxian_db: Path) -> None:
    # An empty log scores well below 70 (较差, 70%): installments 75,000 + 75,000 + 100,000 + 100,000 = 350,000;
    # entitlement 100,000 + 70% x 400,000 = 380,000; 尾款 30,000; deducted 500,000 - 380,000 = 120,000.
    done = run(
        shaxian_db, "payout", "--site", "sx", "--year", "2026", "--on", "2027-01-05", "--format", "json"
    )
    assert done.code == 0, done.err
    out = json.loads(done.out)
    assert out["assessments"][0]["grade"] == "较差"
    assert D(out["assessments"][0]["total"]) < 70
    assert [p["yuan"] for p in out["payments"]] == [
        "75000.00",
        "75000.00",
        "100000.00",
        "100000.00",
        "30000.00",
    ]
    assert [p["due"] for p in out["payments"]] == [
        "2026-02-01",
        "2026-04-01",
        "2026-07-01",
        "2026-10-01",
        "2027-01-01",
    ]
    assert out["total_paid_yuan"] == "380000.00" and out["total_deducted_yuan"] == "120000.00"
    assert out["complete"] is True

    text = run(shaxian_db, "payout", "--site", "sx", "--year", "Y1", "--on", "2027-01-05")
    assert text.code == 0, text.err
    assert "total paid: 380,000.00 元" in text.out
    assert "−120,000.00" in text.out and "the service agreement is terminated" in text.out


def test_cli_payout_before_the_year_ends(shaxian_db: Path) -> None:
    # on 2026-05-01 months 1 and 3 have fallen due (150,000); the year is not scored yet
    done = run(
        shaxian_db, "payout", "--site", "sx", "--year", "2026", "--on", "2026-05-01", "--format", "json"
    )
    assert done.code == 0, done.err
    out = json.loads(done.out)
    assert out["assessments"][0]["total"] is None
    assert out["total_due_yuan"] == "150000.00" and out["complete"] is False


def test_cli_score_shows_the_money(shaxian_db: Path) -> None:
    done = run(shaxian_db, "score", "--site", "sx", "--period", "2026", "--format", "json")
    assert done.code == 0, done.err
    money = json.loads(done.out)["money"]
    assert money["pieces"] == ["installments", "settlement"] and money["payment_yuan"] == "30000.00"
    text = run(shaxian_db, "score", "--site", "sx", "--period", "2026")
    assert "\nmoney\n" in text.out and "30,000.00" in text.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--site", "sxx", "--year", "2026"), "error: unknown site 'sxx': did you mean 'sx'?"),
        (("--site", "sx", "--year", "20x6"), "error: bad year '20x6'"),
        (("--site", "sx", "--year", "2024"), "error: site 'sx' has no contract year beginning in 2024"),
        (("--site", "sx", "--year", "2026", "--on", "2026-13-01"), "error: --on: bad date"),
    ],
)
def test_cli_payout_errors_are_one_line(shaxian_db: Path, args: tuple[str, ...], message: str) -> None:
    done = run(shaxian_db, "payout", *args)
    assert done.code == 1
    assert done.err.startswith(message) and "Traceback" not in done.err
    assert len(done.err.strip().splitlines()) == 1


def test_summary_text_prints_identical_quarters_but_the_reading_once() -> None:
    # Q2 and Q3 both score 0: both deductions are printed; the per-quarter reading (P1) only once
    s = chifeng_year([("Q1", "21"), ("Q2", "0"), ("Q3", "0"), ("Q4", "21")], date(2027, 1, 10))
    with use_lang("zh"):
        text = pay.summary_text(s)
    assert text.count("本次考核 0 分，低于 20 分") == 2
    reading = pay_card.deduction_reading(scheme(CHIFENG, every="quarter").payout.one(Deduction))
    assert text.count(reading.split(" / ")[0]) == 1  # printed in the reader's language (Chinese here)


@pytest.mark.parametrize(
    ("scheme_id", "labels"),
    [
        ("chifeng-park", ["Q1", "Q2", "Q3", "Q4"]),
        ("dongsheng-talent", ["半年 H1", "年度 year"]),
        ("pingxiang-market", ["年度 year"]),
        ("wujiang-alliance", ["年度 year"]),
    ],
)
def test_cli_payout_runs_for_every_encoded_scheme(tmp_path: Path, scheme_id: str, labels: list[str]) -> None:
    # An empty log under each real scheme file: the year's assessments are the ones the seed names, and
    # what is paid plus what is deducted is the fee (no overpayment is possible from an empty log).
    for args in (
        ("init",),
        ("site", "add", "u1", "--name", "单位", "--on", "2026-01-01"),
        ("contract", "add", "u1", "--scheme", scheme_id, "--start", "2026-01-01", "--fee", "800000"),
    ):
        done = run(tmp_path, *args)
        assert done.code == 0, done.err
    done = run(tmp_path, "payout", "--site", "u1", "--year", "2026", "--on", "2027-01-05", "--format", "json")
    assert done.code == 0, done.err
    out = json.loads(done.out)
    assert [a["label"] for a in out["assessments"]] == labels
    assert all(a["total"] is not None for a in out["assessments"])
    if scheme_id == "wujiang-alliance":
        assert out["payments"][0]["status"] == "set by budget" and out["total_paid_yuan"] == "0.00"
    else:
        assert D(out["total_paid_yuan"]) + D(out["total_deducted_yuan"]) == D("800000.00")
    text = run(tmp_path, "payout", "--site", "u1", "--year", "2026", "--on", "2027-01-05")
    assert text.code == 0 and "\npayments\n" in text.out


def test_cli_payout_speaks_chinese_by_default(shaxian_db: Path) -> None:
    # issue 14 §5: the frame around the figures is in the reader's language; statuses are named, ids stay in JSON
    args = ("payout", "--site", "sx", "--year", "Y1", "--on", "2027-01-05")
    zh = run(shaxian_db, "--lang", "zh", *args)
    assert zh.code == 0, zh.err
    assert "付款合计：380,000.00 元" in zh.out and "扣减合计：120,000.00 元" in zh.out
    assert "[已到期 2026-02-01]" in zh.out and "total paid" not in zh.out and "[due" not in zh.out
    en = run(shaxian_db, "--lang", "en", *args)
    assert "total paid: 380,000.00 元" in en.out and "[due 2026-02-01]" in en.out
