"""Money for the five schemes (schemes/payout.py): every band edge worked out by hand from the seed clause.

Yuan are Decimal, rounded to 0.01 with ROUND_HALF_UP. Fees are chosen so the arithmetic is easy to check.
Scorecards are built by hand (only the fields money reads: total, blocks, grade, rank), so these tests do
not depend on how the scheme files score items; the last tests run `opsledger payout` end to end.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from conftest import Result, cli_env, run_cli

from projections.facts import Contract
from projections.periods import Period
from schemes import payout as pay
from schemes.engine import BlockTotal, Scorecard, grade_for
from schemes.model import Block, Scheme, SchemeError, get_scheme

REPO = Path(__file__).resolve().parents[1]


# -- builders -----------------------------------------------------------------------------------------


def scheme(
    payout: dict[str, Any], *, scheme_id: str = "test-scheme", cohort: bool = False, grades=()
) -> Scheme:
    return Scheme(
        id=scheme_id, title="测试方案", seed="test", assessed_every="year", cohort=cohort, indicators={},
        blocks=[Block(id="base", title="基础"), Block(id="additional", title="附加")], items=[],
        grades=list(grades), payout=payout,
    )  # fmt: skip


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


CHIFENG = {"kind": "chifeng_quarterly", "deduction_below": "20", "deduction_pct_of_year_fee": "20",
           "terminate_below": "15"}  # fmt: skip
DONGSHENG = {"kind": "dongsheng_split", "base_block": "base", "additional_block": "additional", "base_share_pct": "40",
             "base_bands": [["60", "10"], ["80", "20"], ["90", "30"], ["100", "40"]], "additional_share_pct": "60",
             "half_year_cap_pct": "50"}  # fmt: skip
PINGXIANG = {
    "kind": "pingxiang_bands",
    "full_pay_min": "95",
    "reduced_pay_min": "85",
    "reduced_pay_pct": "95",
}
SHAXIAN = {
    "kind": "shaxian_installments",
    "installments": [[1, "0.15"], [3, "0.15"], [6, "0.20"], [9, "0.20"]],
}


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
    assert pay.yuan(D(value)) == D(expected)
    assert str(pay.yuan(D(value))) == expected


def test_pct_of_rounds_once_at_the_amount() -> None:
    # 15% of 333,333.33 = 49,999.9995 -> 50,000.00; 15% of 123,456.78 = 18,518.517 -> 18,518.52
    assert pay.pct_of(D("333333.33"), D(15)) == D("50000.00")
    assert pay.pct_of(D("123456.78"), D(15)) == D("18518.52")


# -- the [payout] tables ------------------------------------------------------------------------------


EXPECTED_TERMS = {
    "chifeng-park": pay.ChifengTerms(D(20), D(20), D(15), False),
    "dongsheng-talent": pay.DongshengTerms(),
    "pingxiang-market": pay.PingxiangTerms(D(95), D(85), D(95)),
    "shaxian-gig": pay.ShaxianTerms(),
    "wujiang-alliance": None,
}


@pytest.mark.parametrize("scheme_id", sorted(EXPECTED_TERMS))
def test_each_scheme_files_payout_table_reads_as_the_seed_says(scheme_id: str) -> None:
    # the values each seed's clause gives (see the module docstring of schemes/payout.py)
    loaded = get_scheme(scheme_id)
    terms = pay.terms_for(loaded)
    expected = EXPECTED_TERMS[scheme_id]
    if scheme_id == "pingxiang-market":
        assert isinstance(terms, pay.PingxiangTerms)
        assert (terms.full_pay_min, terms.reduced_pay_min, terms.reduced_pay_pct, terms.total_points) == (
            D(95), D(85), D(95), D(100),
        )  # fmt: skip
    else:
        assert terms == expected
    assert loaded.payout["kind"] in pay.KINDS


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({**CHIFENG, "deduction_below": 20.0}, "write numbers as strings"),
        ({**CHIFENG, "deduction_pct": "20"}, "unknown key 'deduction_pct'"),
        (
            {"kind": "chifeng_quarterly", "deduction_below": "20", "terminate_below": "15"},
            "needs deduction_pct_of_year_fee",
        ),
        ({**DONGSHENG, "base_bands": [["60", "10"], ["80", "20"], ["100", "30"]]}, "top band pays 30%"),
        ({**DONGSHENG, "base_bands": [["80", "10"], ["60", "20"]]}, "upper bounds must increase"),
        ({**DONGSHENG, "base_block": "basic"}, "block 'basic'"),
        ({**PINGXIANG, "gap_rule": "operator"}, "gap_rule"),
        ({**SHAXIAN, "installments": [[1, "0.6"], [3, "0.6"]]}, "add up to at most 1"),
        ({**SHAXIAN, "final_after_months": 6}, "final_after_months"),
        ({"kind": "lump_sum"}, "kind 'lump_sum' is not known"),
    ],
)
def test_a_bad_payout_table_is_a_one_line_scheme_error(table: dict[str, Any], message: str) -> None:
    with pytest.raises(SchemeError, match=message.replace("(", r"\(")):
        pay.terms_for(scheme(table))


def test_notes_are_allowed_in_any_payout_table() -> None:
    assert pay.terms_for(scheme({**CHIFENG, "interpretation": "per quarter"})) == pay.ChifengTerms()


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
    q = pay.chifeng_quarter(D(total), pay.ChifengTerms())
    assert (q.deducts, q.terminable) == (deducts, terminable)


def test_chifeng_quarter_19_5_costs_20pct_of_the_years_fee() -> None:
    # fee 800,000 a year; Q2 scores 19.5 < 20: 20% x 800,000 = 160,000.00
    money = pay.money_for(
        scheme(CHIFENG), card("19.5", period="2026-Q2"), contract("800000"), Period.parse("2026-Q2")
    )
    assert money["kind"] == "chifeng_quarterly"
    assert money["deduction_yuan"] == "160000.00"
    assert money["deduction_pct"] == "20"
    assert money["terminable"] is False
    assert any("160,000.00" in line and "19.5" in line for line in money["lines"])


def test_chifeng_quarter_14_is_terminable_and_20_costs_nothing() -> None:
    q2 = Period.parse("2026-Q2")
    low = pay.money_for(scheme(CHIFENG), card("14", period="2026-Q2"), contract("800000"), q2)
    assert low["terminable"] is True and low["deduction_yuan"] == "160000.00"
    assert any("解除合同" in line for line in low["lines"])
    ok = pay.money_for(scheme(CHIFENG), card("20", period="2026-Q2"), contract("800000"), q2)
    assert ok["terminable"] is False and ok["deduction_yuan"] == "0.00"


def test_chifeng_contract_quarter_counts_as_a_quarter() -> None:
    # contract-relative quarter Y1-Q1 of a contract starting 2026-03-15: 2026-03-15 .. 2026-06-14
    period = Period.parse_relative("Y1-Q1", "2026-03-15")
    money = pay.money_for(scheme(CHIFENG), card("18"), contract("800000", start="2026-03-15"), period)
    assert money["deduction_yuan"] == "160000.00"


def test_chifeng_a_year_card_does_not_claim_a_deduction() -> None:
    money = pay.money_for(scheme(CHIFENG), card("18"), contract("800000"), Period.parse("2026"))
    assert money["deduction_yuan"] == "0.00"
    assert any("not a quarter" in line for line in money["lines"])


def test_chifeng_two_quarters_below_20_deduct_twice() -> None:
    # P1, per quarter: Q2 19.5 and Q3 18 each deduct 20% of 800,000 = 160,000; 800,000 - 320,000 = 480,000
    cuts, payable = pay.chifeng_year(D(800000), [D(23), D("19.5"), D(18), D(20)], pay.ChifengTerms())
    assert cuts == [D(0), D("160000.00"), D("160000.00"), D(0)]
    assert payable == D("480000.00")


def test_chifeng_four_quarters_below_20_lose_80pct() -> None:
    cuts, payable = pay.chifeng_year(D(800000), [D(10), D(19), D(19), D(19)], pay.ChifengTerms())
    assert sum(cuts) == D("640000.00") and payable == D("160000.00")


def test_chifeng_once_a_year_reading_is_a_parameter() -> None:
    terms = pay.terms_for(scheme({**CHIFENG, "deduction_once_a_year": True}))
    cuts, payable = pay.chifeng_year(D(800000), [D(23), D("19.5"), D(18), D(20)], terms)
    assert cuts == [D(0), D("160000.00"), D(0), D(0)] and payable == D("640000.00")


def test_chifeng_year_summary() -> None:
    sch = scheme(CHIFENG)
    quarters = [("Q1", "23"), ("Q2", "19.5"), ("Q3", "14"), ("Q4", "21")]
    assessments = []
    for i, (label, total) in enumerate(quarters, start=1):
        period = Period.quarter(2026, i)
        c = card(total, period=str(period))
        c.money = pay.money_for(sch, c, contract("800000"), period)
        assessments.append(pay.Assessment(label, str(period), period, c))
    s = pay.summarise(sch, contract("800000"), "2026", 1, Period.year(2026), assessments, date(2027, 1, 10))
    assert [d.yuan for d in s.deductions] == [D("160000.00"), D("160000.00")]
    assert s.total_deducted == D("320000.00")
    assert s.total_paid == D("480000.00") and s.complete
    assert any("解除合同" in n and "Q3" in n for n in s.notes)
    text = pay.summary_text(s)
    assert "480,000.00" in text and "−160,000.00" in text


def test_chifeng_pending_quarter_leaves_the_year_open() -> None:
    sch = scheme(CHIFENG)
    assessments = [pay.Assessment("Q1", "2026-Q1", Period.quarter(2026, 1), card("19"))]
    assessments += [pay.Assessment(f"Q{q}", f"2026-Q{q}", Period.quarter(2026, q), None) for q in (2, 3, 4)]
    s = pay.summarise(sch, contract("800000"), "2026", 1, Period.year(2026), assessments, date(2026, 4, 2))
    assert s.total_deducted == D("160000.00")
    assert s.payments[0].yuan is None and not s.complete


# -- dongsheng-talent (001): 说明 under each table, 第七条 ----------------------------------------------------


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
    got = pay.dongsheng_entitlement(D(1000000), D(base), D(0), pay.DongshengTerms())
    assert got.base_pct == D(pct)
    assert got.base_yuan == D(yuan)


@pytest.mark.parametrize(
    ("additional", "yuan"),
    [("0", "0.00"), ("75", "450000.00"), ("100", "600000.00"), ("33.33", "199980.00"), ("120", "600000.00")],
    ids=lambda v: str(v),
)
def test_dongsheng_additional_pays_60pct_times_score(additional: str, yuan: str) -> None:
    # 实际得分*100%*60%*总体运营费: 75 -> 0.6 x 0.75 x 1,000,000 = 450,000; 33.33 -> 0.6 x 0.3333 x 1e6 = 199,980
    # (score read as score/100, P2; the block cannot exceed 100, so 120 pays as 100)
    got = pay.dongsheng_entitlement(D(1000000), D(0), D(additional), pay.DongshengTerms())
    assert got.additional_yuan == D(yuan)


def test_dongsheng_half_year_is_capped_at_50pct() -> None:
    # H1: base 95 -> 40% + additional 50 -> 30% = 70% = 700,000, but 半年评估 pays at most 50% = 500,000
    sch = scheme(DONGSHENG)
    money = pay.money_for(sch, card(base="95", additional="50"), contract("1000000"), Period.parse("2026-H1"))
    assert money["assessment"] == "half_year"
    assert money["entitlement_yuan"] == "700000.00"
    assert money["payment_yuan"] == "500000.00" and money["cap_yuan"] == "500000.00"


def test_dongsheng_half_year_below_the_cap_pays_the_formula() -> None:
    # H1: base 50 -> 10% + additional 20 -> 12% = 22% = 220,000 < 500,000
    money = pay.money_for(
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
    money = pay.money_for(
        scheme(DONGSHENG), card(base="85", additional="75"), contract("1000000"), Period.parse("2026")
    )
    assert money["assessment"] == "annual" and money["entitlement_yuan"] == "750000.00"
    assert "payment_yuan" not in money


# -- pingxiang-market (002): 95分以上 100%；85-94 分 95%；84分及以下按最终分数占总分比例 --------------------------


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
    terms = pay.terms_for(scheme(PINGXIANG))
    assert terms.gap_rule == "threshold"
    got, _ = pay.pingxiang_pay_pct(D(total), terms)
    assert got == D(pct)
    assert pay.pct_of(D(1000000), got) == D(yuan)


@pytest.mark.parametrize(
    ("total", "pct"),
    [("94.5", "100"), ("94.49", "95"), ("84.5", "95"), ("84.4", "84.4"), ("95", "100")],
    ids=lambda v: str(v),
)
def test_pingxiang_round_reading_is_a_parameter(total: str, pct: str) -> None:
    # gap_rule = "round": the total is rounded half up to whole points before banding (94.5 -> 95 -> 100%);
    # the proportional band still pays the exact score (最终分数): 84.4 -> 84 -> 84.4%
    terms = pay.terms_for(scheme({**PINGXIANG, "gap_rule": "round"}))
    assert pay.pingxiang_pay_pct(D(total), terms)[0] == D(pct)


def test_pingxiang_money_lines_say_how_the_gap_was_read() -> None:
    money = pay.money_for(scheme(PINGXIANG), card("94.5"), contract("1000000"), Period.parse("2026"))
    assert money["payment_yuan"] == "950000.00" and money["band"] == "reduced"
    assert any("未定义" in line and "thresholds" in line for line in money["lines"])
    whole = pay.money_for(scheme(PINGXIANG), card("94"), contract("1000000"), Period.parse("2026"))
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
    money = pay.money_for(
        sch, card("0", grade=grade, grade_en=en), contract("500000", "100000"), Period.parse("2026")
    )
    assert money["installments_yuan"] == "350000.00"
    assert money["entitlement_yuan"] == entitled
    assert money["final_yuan"] == final and money["overpaid_yuan"] == "0.00"


def pay_grade(g: tuple[str, str, str]):
    from schemes.model import Grade

    return Grade(min=D(0), label=g[0], label_en=g[1], pay_pct=D(g[2]))


def test_shaxian_schedule_dates_from_the_contract_start() -> None:
    # 运营服务期满k个月后: a contract starting 2026-01-15 completes month 1 on 2026-02-14, so it falls due 02-15
    sch = scheme(SHAXIAN, grades=[pay_grade(g) for g in SHAXIAN_GRADES])
    money = pay.money_for(sch, card("0", grade="合格", grade_en="pass"), contract("500000", "100000", "2026-01-15"),
                          Period.span("2026-01-15", "2027-01-14"))  # fmt: skip
    assert [(s["after_month"], s["due"], s["yuan"]) for s in money["schedule"]] == [
        (1, "2026-02-15", "75000.00"), (3, "2026-04-15", "75000.00"),
        (6, "2026-07-15", "100000.00"), (9, "2026-10-15", "100000.00"),
    ]  # fmt: skip
    assert money["final_due"] == "2027-01-15"


def test_shaxian_without_the_network_fee_a_poor_grade_is_overpaid() -> None:
    # network_fee_paid_in_full = false: 较差 70% x (500,000 - 100,000) = 280,000 < 350,000 paid: final 0, 70,000 overpaid
    sch = scheme(
        {**SHAXIAN, "network_fee_paid_in_full": False}, grades=[pay_grade(g) for g in SHAXIAN_GRADES]
    )
    money = pay.money_for(
        sch, card("0", grade="较差", grade_en="poor"), contract("500000", "100000"), Period.parse("2026")
    )
    assert (money["entitlement_yuan"], money["final_yuan"], money["overpaid_yuan"]) == (
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
    money = pay.money_for(sch, card(total, grade=g.label, grade_en=g.label_en), contract("500000", "100000"),
                          Period.parse("2026"))  # fmt: skip
    assert money["final_yuan"] == final


def test_shaxian_second_year_has_no_schedule() -> None:
    # 第二、三年的支付方式另行商议
    sch = scheme(SHAXIAN, grades=[pay_grade(g) for g in SHAXIAN_GRADES])
    money = pay.money_for(sch, card("95", grade="优秀", grade_en="excellent"), contract("500000", "100000"),
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
    # extra quota keys in the table belong to the cohort ranking, not to the money
    sch = scheme({"kind": "wujiang_grade", "a_max_pct": "10"}, cohort=True)
    money = pay.money_for(
        sch, card("88", grade="B", grade_en="B", rank=2, size=12), contract("0"), Period.parse("2022")
    )
    assert money["kind"] == "wujiang_grade" and money["grade"] == "B"
    assert len(money["lines"]) == 1 and "第 2/12 名" in money["lines"][0] and "budget" in money["lines"][0]
    s = pay.summarise(sch, contract("0"), "2022", 1, Period.year(2022),
                      [pay.Assessment("year", "2022", Period.year(2022), card("88", grade="B"))], date(2023, 1, 5))  # fmt: skip
    assert s.payments[0].yuan is None and s.payments[0].status == "set by budget"


def test_a_scheme_without_a_payout_table_falls_back_to_its_consequence_rows() -> None:
    c = card(
        "10",
        consequences=[{"fee_deduction_pct": "20", "zh": "", "en": "", "below": "20", "terminable": False}],
    )
    money = pay.money_for(scheme({}), c, contract("800000"), Period.parse("2026"))
    assert money["kind"] is None and money["deduction_pct"] == "20"


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
    assert pay.assessment_plan(scheme(CHIFENG), jan, 1)[1] == [(f"Q{q}", f"2026-Q{q}") for q in range(1, 5)]
    assert pay.assessment_plan(scheme(CHIFENG), mid, 2)[1] == [(f"Q{q}", f"Y2-Q{q}") for q in range(1, 5)]
    assert [t for _, t in pay.assessment_plan(scheme(DONGSHENG), jan, 1)[1]] == ["2026-H1", "2026"]
    assert [t for _, t in pay.assessment_plan(scheme(DONGSHENG), mid, 1)[1]] == ["C+6m", "C+12m"]
    span, plan = pay.assessment_plan(scheme(SHAXIAN), mid, 1)
    assert (span.start, span.end, plan) == (date(2026, 3, 15), date(2027, 3, 14), [("年度 year", "C+12m")])
    with pytest.raises(SchemeError, match="contract year 2"):
        pay.assessment_plan(scheme(PINGXIANG), mid, 2)
    wujiang = scheme({"kind": "wujiang_grade"}, cohort=True)
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
    assert "合计 total paid: 380,000.00 元" in text.out
    assert "−120,000.00" in text.out and "终止服务协议" in text.out


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
    assert money["kind"] == "shaxian_installments" and money["final_yuan"] == "30000.00"
    text = run(shaxian_db, "score", "--site", "sx", "--period", "2026")
    assert "金额 money" in text.out and "30,000.00" in text.out


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
    sch = scheme(CHIFENG)
    assessments = []
    for q, total in ((1, "21"), (2, "0"), (3, "0"), (4, "21")):
        period = Period.quarter(2026, q)
        c = card(total, period=str(period))
        c.money = pay.money_for(sch, c, contract("800000"), period)
        assessments.append(pay.Assessment(f"Q{q}", str(period), period, c))
    s = pay.summarise(sch, contract("800000"), "2026", 1, Period.year(2026), assessments, date(2027, 1, 10))
    text = pay.summary_text(s)
    assert text.count("本季度 0 分，低于 20 分") == 2
    assert text.count(pay.CHIFENG_EACH) == 1


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
    assert text.code == 0 and "付款 payments" in text.out
