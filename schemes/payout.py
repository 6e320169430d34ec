"""What a score means in money, per scheme: the `[payout]` table of each scheme file.

Two layers:
  * pure money math (no I/O, no clock): the `*_terms` parsers, `chifeng_*`, `dongsheng_*`, `pingxiang_*`,
    `shaxian_*` functions, `money_for` (one scorecard) and `summarise` (a contract year);
  * `year_summary`, the only function here that reads the ledger: it scores each assessment of a
    contract year through `schemes.service.score_site` and hands the cards to `summarise`.

Money is Decimal yuan. Every amount shown or paid is rounded to 0.01 yuan with ROUND_HALF_UP (四舍五入),
once, at the amount itself; sums are sums of rounded amounts, so printed lines add up exactly.

Seed readings taken here (each is also printed where it applies, and pinned in tests/test_payout.py):
  P1 Chifeng (000): "每季度考核分值低于20分，扣除本年服务费的20%" is read per quarter: every quarter below 20
     deducts 20% of the year's fee again (a year can lose 80%). `deduction_once_a_year = true` reads it as at
     most once a year. "低于" is strict: 20 deducts nothing, 15 deducts but does not allow termination.
     The contract's fee is taken as the year's fee (本年服务费): the document covers contract year one.
  P2 Dongsheng (001): "实际得分*100%*60%*总体运营费" means score/100 x 60% x fee (a score of 75 pays 45%).
     The half-year evaluation applies the same formula to the half-year scorecard and pays at most 50% of the
     fee; the annual assessment's "剩余运营费用" is the year's entitlement (the formula on the annual
     scorecard) less what the half-year evaluation paid, never below zero; a half-year payment above the
     year's entitlement is shown as overpaid, not clawed back (the document does not say it is).
  P3 Pingxiang (002): the bands "95分以上" / "85-94分" / "84分及以下" leave (94, 95) and (84, 85) undefined.
     `gap_rule = "threshold"` (default): a band runs from its minimum up to the next band's minimum, so 94.5
     pays 95% and 84.5 pays 84.5% (score/100) -- the same reading as shaxian-gig's satisfaction bands.
     `gap_rule = "round"`: round the total half-up to whole points first (94.5 -> 95 -> 100%; 84.5 -> 85 -> 95%).
     "按最终分数占总分比例" uses the exact total over `total_points` (default 100 = 35 + 50 + 15).
  P4 Shaxian (003): 合同金额 and 中标价 are the same number (the contract's fee). The year's entitlement is the
     network construction fee in full plus grade% x (fee - network fee) ("按中标价扣除网络建设费的 ...%";
     `network_fee_paid_in_full = false` drops the network fee). The 尾款 after month 12 is the entitlement less
     the installments; if that is negative the final payment is 0 and the difference is shown as overpaid
     (the document does not say it is recovered). Installments fall due the day after month k of service ends
     (运营服务期满k个月后). Contract years 2 and 3 have no schedule (第二、三年的支付方式另行商议).
  P5 Wujiang (004): no fee formula; the grade decides the share of the year's budgeted reward.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from projections.facts import Contract
from projections.numbers import ZERO, fmt
from projections.periods import Period, add_months, contract_months
from schemes.engine import Scorecard
from schemes.model import Scheme, SchemeError

if TYPE_CHECKING:
    from ledger.ledger import Ledger

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ROUNDING_NOTE = "金额按元保留两位小数、四舍五入 / amounts in yuan, rounded to 0.01 half up"
NOTE_KEYS = frozenset({"interpretation", "note", "notes"})
CHIFENG_EACH = (
    "每个低于20分的季度各扣一次（一年最多扣4次） / each quarter below 20 deducts again (up to 4 times a year)"
)
CHIFENG_ONCE = "一年最多扣一次 / deducted at most once a year"
READINGS = frozenset({CHIFENG_EACH, CHIFENG_ONCE})  # printed once in a year summary, not under every quarter


# -- numbers -------------------------------------------------------------------------------------------


def yuan(value: Decimal) -> Decimal:
    """Yuan to the fen (0.01), ROUND_HALF_UP: 0.005 -> 0.01."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def pct_of(fee: Decimal, pct: Decimal) -> Decimal:
    """pct% of fee, rounded to the fen."""
    return yuan(fee * pct / HUNDRED)


def money(value: Decimal) -> str:
    """'75,000.00'."""
    return f"{yuan(value):,.2f}"


# -- the [payout] tables ------------------------------------------------------------------------------


def _table(scheme: Scheme, known: set[str], *, strict: bool = True) -> Mapping[str, Any]:
    table = scheme.payout
    if strict:
        extra = sorted(set(table) - known - NOTE_KEYS - {"kind"})
        if extra:
            raise SchemeError(
                f"{scheme.id}: [payout] has unknown key {extra[0]!r} for kind {table['kind']!r}: "
                f"known keys are {', '.join(sorted(known))}"
            )
    return table


def _num(scheme: Scheme, where: str, raw: Any) -> Decimal:
    if isinstance(raw, float | bool):
        raise SchemeError(f'{scheme.id}: [payout] {where}: write numbers as strings ("{raw}"), not floats')
    try:
        return Decimal(str(raw).strip())
    except InvalidOperation:
        raise SchemeError(f"{scheme.id}: [payout] {where}: not a number: {raw!r}") from None


def _dec(scheme: Scheme, table: Mapping[str, Any], key: str, default: str | None = None) -> Decimal:
    if key not in table:
        if default is None:
            raise SchemeError(f"{scheme.id}: [payout] needs {key} for kind {table['kind']!r}")
        return Decimal(default)
    return _num(scheme, key, table[key])


def _bool(scheme: Scheme, table: Mapping[str, Any], key: str, default: bool) -> bool:
    raw = table.get(key, default)
    if not isinstance(raw, bool):
        raise SchemeError(f"{scheme.id}: [payout] {key}: use true or false, not {raw!r}")
    return raw


@dataclass(frozen=True)
class ChifengTerms:
    deduction_below: Decimal = Decimal(20)
    deduction_pct: Decimal = Decimal(20)  # of the year's fee
    terminate_below: Decimal = Decimal(15)
    once_a_year: bool = False  # P1: False = every quarter below 20 deducts again


@dataclass(frozen=True)
class DongshengTerms:
    base_block: str = "base"
    additional_block: str = "additional"
    base_share_pct: Decimal = Decimal(40)
    base_bands: tuple[tuple[Decimal, Decimal], ...] = (
        (Decimal(60), Decimal(10)), (Decimal(80), Decimal(20)), (Decimal(90), Decimal(30)), (Decimal(100), Decimal(40)),
    )  # fmt: skip  # (upper bound inclusive, % of the whole fee)
    additional_share_pct: Decimal = Decimal(60)
    half_year_cap_pct: Decimal = Decimal(50)


@dataclass(frozen=True)
class PingxiangTerms:
    full_pay_min: Decimal = Decimal(95)
    reduced_pay_min: Decimal = Decimal(85)
    reduced_pay_pct: Decimal = Decimal(95)
    total_points: Decimal = HUNDRED
    gap_rule: str = "threshold"  # P3: or "round"


@dataclass(frozen=True)
class ShaxianTerms:
    installments: tuple[tuple[int, Decimal], ...] = (
        (1, Decimal("0.15")), (3, Decimal("0.15")), (6, Decimal("0.20")), (9, Decimal("0.20")),
    )  # fmt: skip  # (after month k of service, fraction of the fee)
    final_after_months: int = 12
    network_fee_paid_in_full: bool = True  # P4


Terms = ChifengTerms | DongshengTerms | PingxiangTerms | ShaxianTerms | None

KINDS = ("chifeng_quarterly", "dongsheng_split", "pingxiang_bands", "shaxian_installments", "wujiang_grade")


def terms_for(scheme: Scheme) -> Terms:
    """The scheme's `[payout]` table, validated; None for wujiang_grade or a scheme without one."""
    table = scheme.payout
    if not table:
        return None
    kind = table.get("kind")
    if kind == "chifeng_quarterly":
        t = _table(
            scheme,
            {"deduction_below", "deduction_pct_of_year_fee", "terminate_below", "deduction_once_a_year"},
        )
        return ChifengTerms(
            _dec(scheme, t, "deduction_below"), _dec(scheme, t, "deduction_pct_of_year_fee"),
            _dec(scheme, t, "terminate_below"), _bool(scheme, t, "deduction_once_a_year", False),
        )  # fmt: skip
    if kind == "dongsheng_split":
        t = _table(scheme, {"base_block", "additional_block", "base_share_pct", "base_bands", "additional_share_pct",
                            "half_year_cap_pct"})  # fmt: skip
        bands = _bands(scheme, t.get("base_bands"))
        terms = DongshengTerms(
            str(t.get("base_block", "base")), str(t.get("additional_block", "additional")),
            _dec(scheme, t, "base_share_pct"), bands, _dec(scheme, t, "additional_share_pct"),
            _dec(scheme, t, "half_year_cap_pct"),
        )  # fmt: skip
        if bands[-1][1] != terms.base_share_pct:
            raise SchemeError(
                f"{scheme.id}: [payout] base_bands top band pays {bands[-1][1]}%, but base_share_pct is {terms.base_share_pct}"
            )
        for block in (terms.base_block, terms.additional_block):
            if block not in {b.id for b in scheme.blocks}:
                raise SchemeError(f"{scheme.id}: [payout] names block {block!r}, which is not in [[blocks]]")
        return terms
    if kind == "pingxiang_bands":
        t = _table(scheme, {"full_pay_min", "reduced_pay_min", "reduced_pay_pct", "total_points", "gap_rule"})
        gap = t.get("gap_rule", "threshold")
        if gap not in ("threshold", "round"):
            raise SchemeError(f'{scheme.id}: [payout] gap_rule: use "threshold" or "round", not {gap!r}')
        return PingxiangTerms(
            _dec(scheme, t, "full_pay_min"), _dec(scheme, t, "reduced_pay_min"), _dec(scheme, t, "reduced_pay_pct"),
            _dec(scheme, t, "total_points", "100"), gap,
        )  # fmt: skip
    if kind == "shaxian_installments":
        t = _table(scheme, {"installments", "final_after_months", "network_fee_paid_in_full"})
        installments = _installments(scheme, t.get("installments"))
        final = t.get("final_after_months", 12)
        if not isinstance(final, int) or isinstance(final, bool) or final <= installments[-1][0]:
            raise SchemeError(
                f"{scheme.id}: [payout] final_after_months must be a whole month after the last installment"
            )
        return ShaxianTerms(installments, final, _bool(scheme, t, "network_fee_paid_in_full", True))
    if kind == "wujiang_grade":
        return None  # grades and quotas are the cohort's business (schemes/cohort.py); no money formula
    raise SchemeError(f"{scheme.id}: [payout] kind {kind!r} is not known: use one of {', '.join(KINDS)}")


def _bands(scheme: Scheme, raw: Any) -> tuple[tuple[Decimal, Decimal], ...]:
    if not isinstance(raw, list) or not raw:
        raise SchemeError(
            f'{scheme.id}: [payout] base_bands: give [["60", "10"], ...] (upper bound inclusive, % of fee)'
        )
    out = []
    for pair in raw:
        if not isinstance(pair, list) or len(pair) != 2:
            raise SchemeError(f"{scheme.id}: [payout] base_bands: each band is [upper, pct], got {pair!r}")
        out.append((_num(scheme, "base_bands", pair[0]), _num(scheme, "base_bands", pair[1])))
    if [u for u, _ in out] != sorted({u for u, _ in out}):
        raise SchemeError(f"{scheme.id}: [payout] base_bands: upper bounds must increase")
    return tuple(out)


def _installments(scheme: Scheme, raw: Any) -> tuple[tuple[int, Decimal], ...]:
    if not isinstance(raw, list) or not raw:
        raise SchemeError(
            f'{scheme.id}: [payout] installments: give [[1, "0.15"], ...] (after month k, fraction of fee)'
        )
    out = []
    for pair in raw:
        if not isinstance(pair, list) or len(pair) != 2 or not isinstance(pair[0], int) or pair[0] < 1:
            raise SchemeError(f"{scheme.id}: [payout] installments: each is [month, fraction], got {pair!r}")
        out.append((pair[0], _num(scheme, "installments", pair[1])))
    if [m for m, _ in out] != sorted({m for m, _ in out}):
        raise SchemeError(f"{scheme.id}: [payout] installments: months must increase")
    if not all(ZERO < f <= 1 for _, f in out) or sum(f for _, f in out) > 1:
        raise SchemeError(
            f"{scheme.id}: [payout] installments: fractions must be in (0, 1] and add up to at most 1"
        )
    return tuple(out)


# -- Chifeng (000): 每季度考核分值低于20分，扣除本年服务费的20%；低于15分，采购人有权解除合同 ----------------------


@dataclass(frozen=True)
class ChifengQuarter:
    total: Decimal
    deducts: bool
    terminable: bool


def chifeng_quarter(total: Decimal, terms: ChifengTerms) -> ChifengQuarter:
    """'低于' is strict: 20 deducts nothing, 19.99 deducts; 15 is not terminable, 14.99 is."""
    return ChifengQuarter(total, total < terms.deduction_below, total < terms.terminate_below)


def chifeng_year(
    fee: Decimal, totals: Sequence[Decimal], terms: ChifengTerms
) -> tuple[list[Decimal], Decimal]:
    """Each quarter's deduction in yuan and what the year's fee comes to after them (never below 0).

    P1: every quarter below the threshold deducts `deduction_pct` of the year's fee again, unless
    `once_a_year`, when only the first such quarter does.
    """
    each = pct_of(fee, terms.deduction_pct)
    out: list[Decimal] = []
    taken = False
    for total in totals:
        hit = chifeng_quarter(total, terms).deducts and not (taken and terms.once_a_year)
        taken = taken or hit
        out.append(each if hit else ZERO)
    return out, max(ZERO, yuan(fee) - sum(out, ZERO))


def _chifeng_lines(card: Scorecard, fee: Decimal, terms: ChifengTerms, period: Period) -> dict[str, Any]:
    q = chifeng_quarter(card.total, terms)
    each = pct_of(fee, terms.deduction_pct)
    lines = [f"本年服务费 {money(fee)} 元 / the year's service fee {money(fee)} yuan"]
    if not _is_quarter(period):
        lines.append(
            f"扣减按每季度得分计算（本期 {period} 不是季度） / the deduction is judged on each quarter's score "
            f"({period} is not a quarter): see `opsledger payout`"
        )
        return {"kind": "chifeng_quarterly", "deduction_pct": "0", "deduction_yuan": "0.00", "terminable": False,
                "lines": lines}  # fmt: skip
    if q.deducts:
        lines.append(
            f"本季度 {fmt(card.total)} 分，低于 {fmt(terms.deduction_below)} 分：扣除本年服务费的 {fmt(terms.deduction_pct)}% = "
            f"{money(each)} 元 / quarter score {fmt(card.total)} is below {fmt(terms.deduction_below)}: "
            f"{fmt(terms.deduction_pct)}% of the year's fee is deducted = {money(each)} yuan"
        )
        lines.append(CHIFENG_ONCE if terms.once_a_year else CHIFENG_EACH)
    else:
        lines.append(
            f"本季度 {fmt(card.total)} 分，不低于 {fmt(terms.deduction_below)} 分：不扣服务费 / quarter score "
            f"{fmt(card.total)} is not below {fmt(terms.deduction_below)}: no deduction"
        )
    if q.terminable:
        lines.append(
            f"低于 {fmt(terms.terminate_below)} 分：采购人有权解除合同，另行采购 / below {fmt(terms.terminate_below)}: "
            "the buyer may terminate the contract and procure again"
        )
    return {
        "kind": "chifeng_quarterly",
        "deduction_pct": str(terms.deduction_pct if q.deducts else ZERO),
        "deduction_yuan": str(each if q.deducts else yuan(ZERO)),
        "terminable": q.terminable,
        "lines": lines,
    }


# -- Dongsheng (001): 基础指标 40% 分档；附加指标 60% x 得分；半年最高 50% ------------------------------------------


@dataclass(frozen=True)
class DongshengPay:
    base_score: Decimal
    additional_score: Decimal
    base_pct: Decimal  # % of the whole fee from the base block's band
    additional_pct: Decimal  # % of the whole fee from the additional block
    base_yuan: Decimal
    additional_yuan: Decimal

    @property
    def total_pct(self) -> Decimal:
        return self.base_pct + self.additional_pct

    @property
    def total(self) -> Decimal:
        return self.base_yuan + self.additional_yuan


def dongsheng_base_pct(score: Decimal, terms: DongshengTerms) -> Decimal:
    """The first band whose (inclusive) upper bound the score does not exceed; above the top band: the top band.

    说明: 60 分及以下 10%，60~80（含）20%，80~90（含）30%，90~100（含）40%.
    """
    for upper, pct in terms.base_bands:
        if score <= upper:
            return pct
    return terms.base_bands[-1][1]


def dongsheng_band_label(score: Decimal, terms: DongshengTerms) -> str:
    lower: Decimal | None = None
    for upper, _ in terms.base_bands:
        if score <= upper or upper == terms.base_bands[-1][0]:
            return f"{fmt(upper)} 分及以下" if lower is None else f"{fmt(lower)}~{fmt(upper)}（含）"
        lower = upper
    return ""  # unreachable


def dongsheng_entitlement(
    fee: Decimal, base: Decimal, additional: Decimal, terms: DongshengTerms
) -> DongshengPay:
    """What a scorecard's two block scores are worth (P2: additional pays share% x score/100, score capped at 100)."""
    base_pct = dongsheng_base_pct(base, terms)
    capped = min(max(additional, ZERO), HUNDRED)
    add_pct = terms.additional_share_pct * capped / HUNDRED
    return DongshengPay(base, additional, base_pct, add_pct, pct_of(fee, base_pct), pct_of(fee, add_pct))


def dongsheng_half_year_payment(fee: Decimal, pay: DongshengPay, terms: DongshengTerms) -> Decimal:
    """半年评估 ... 最高支付整体运营费用的 50%."""
    return min(pay.total, pct_of(fee, terms.half_year_cap_pct))


def dongsheng_annual_payment(year_pay: DongshengPay, paid_at_half_year: Decimal) -> tuple[Decimal, Decimal]:
    """年度考核 ... 支付剩余运营费用: (payment, overpaid at the half-year), P2."""
    rest = year_pay.total - paid_at_half_year
    return yuan(max(ZERO, rest)), yuan(max(ZERO, -rest))


def _block_points(card: Scorecard, block: str) -> Decimal:
    for b in card.blocks:
        if b.id == block:
            return b.points
    raise SchemeError(f"{card.scheme}: the scorecard has no block {block!r} named in [payout]")


def _dongsheng_pay_lines(fee: Decimal, pay: DongshengPay, terms: DongshengTerms) -> list[str]:
    return [
        f"基础指标 {fmt(pay.base_score)} 分 → {dongsheng_band_label(pay.base_score, terms)} 档：整体运营费用的 {fmt(pay.base_pct)}% = "
        f"{money(pay.base_yuan)} 元 / base block {fmt(pay.base_score)} → its band pays {fmt(pay.base_pct)}% of the fee "
        f"(of {fmt(terms.base_share_pct)}%) = {money(pay.base_yuan)} yuan",
        f"附加指标 {fmt(pay.additional_score)} 分 → {fmt(terms.additional_share_pct)}% × {fmt(min(max(pay.additional_score, ZERO), HUNDRED))}/100 = "
        f"{fmt(pay.additional_pct)}% = {money(pay.additional_yuan)} 元 / additional block {fmt(pay.additional_score)} → "
        f"{fmt(terms.additional_share_pct)}% × score/100 = {fmt(pay.additional_pct)}% of the fee = {money(pay.additional_yuan)} yuan",
    ]


def _dongsheng_lines(card: Scorecard, fee: Decimal, terms: DongshengTerms, period: Period) -> dict[str, Any]:
    pay = dongsheng_entitlement(
        fee, _block_points(card, terms.base_block), _block_points(card, terms.additional_block), terms
    )
    lines = [
        f"整体运营费用 {money(fee)} 元 / operating fee {money(fee)} yuan",
        *_dongsheng_pay_lines(fee, pay, terms),
    ]
    out: dict[str, Any] = {"kind": "dongsheng_split", "base_pct": str(pay.base_pct), "additional_pct": str(pay.additional_pct),
                           "entitlement_yuan": str(pay.total)}  # fmt: skip
    if _months(period) == 6:
        paid = dongsheng_half_year_payment(fee, pay, terms)
        cap = pct_of(fee, terms.half_year_cap_pct)
        capped = "，受半年上限限制" if pay.total > cap else ""
        capped_en = ", held to the half-year cap" if pay.total > cap else ""
        lines.append(
            f"半年评估：按得分 {money(pay.total)} 元，最高支付 {fmt(terms.half_year_cap_pct)}% = {money(cap)} 元，本次支付 {money(paid)} 元{capped} / "
            f"half-year evaluation: the scores are worth {money(pay.total)}, at most {fmt(terms.half_year_cap_pct)}% = {money(cap)} "
            f"is paid now: {money(paid)} yuan{capped_en}"
        )
        out.update(assessment="half_year", payment_yuan=str(paid), cap_yuan=str(cap))
    elif _months(period) == 12:
        lines.append(
            f"年度考核：全年应付 {money(pay.total)} 元（{fmt(pay.total_pct)}%），本次支付剩余运营费用 = {money(pay.total)} − 半年评估已付"
            f"（见 opsledger payout） / annual assessment: the year is worth {money(pay.total)} yuan ({fmt(pay.total_pct)}%); "
            "this payment is that less what the half-year evaluation paid (see `opsledger payout`)"
        )
        out.update(assessment="annual")
    else:
        lines.append(
            f"付款只在半年评估和年度考核时计算（本期 {period}） / payments are made on the half-year evaluation and the annual "
            f"assessment only ({period} is neither): the amounts above are indicative"
        )
        out.update(assessment="other")
    out["lines"] = lines
    return out


# -- Pingxiang (002): 95分以上 100%；85-94分 95%；84分及以下 按分数比例 ---------------------------------------------


def pingxiang_pay_pct(total: Decimal, terms: PingxiangTerms) -> tuple[Decimal, str]:
    """(% of the fee, which band) for a total, with P3's reading of the (94, 95) and (84, 85) gaps."""
    banded = total.quantize(Decimal(1), rounding=ROUND_HALF_UP) if terms.gap_rule == "round" else total
    if banded >= terms.full_pay_min:
        return HUNDRED, "full"
    if banded >= terms.reduced_pay_min:
        return terms.reduced_pay_pct, "reduced"
    return max(ZERO, total) * HUNDRED / terms.total_points, "proportional"


def _pingxiang_lines(card: Scorecard, fee: Decimal, terms: PingxiangTerms) -> dict[str, Any]:
    pct, band = pingxiang_pay_pct(card.total, terms)
    paid = pct_of(fee, pct)
    t = fmt(card.total)
    if band == "full":
        zh, en = (
            f"{fmt(terms.full_pay_min)}分以上，按100%结算",
            f"{fmt(terms.full_pay_min)} or more pays 100%",
        )
    elif band == "reduced":
        zh = f"{fmt(terms.reduced_pay_min)}-{fmt(terms.full_pay_min - 1)}分，按{fmt(terms.reduced_pay_pct)}%结算"
        en = f"{fmt(terms.reduced_pay_min)} to below {fmt(terms.full_pay_min)} pays {fmt(terms.reduced_pay_pct)}%"
    else:
        zh = f"{fmt(terms.reduced_pay_min - 1)}分及以下，按最终分数占总分比例 {t}/{fmt(terms.total_points)} = {fmt(pct)}%"
        en = (
            f"below {fmt(terms.reduced_pay_min)} pays score/total {t}/{fmt(terms.total_points)} = {fmt(pct)}%"
        )
    lines = [
        f"服务费 {money(fee)} 元 / service fee {money(fee)} yuan",
        f"总分 {t}：{zh}，结算 {money(paid)} 元 / total {t}: {en}: {money(paid)} yuan",
    ]
    in_gap = any(e - 1 < card.total < e for e in (terms.full_pay_min, terms.reduced_pay_min))
    if in_gap:
        rule = (
            "按下限门槛计（未达下一档下限即属本档） / read by thresholds: a score short of a band's minimum is in the band below"
            if terms.gap_rule == "threshold"
            else "先四舍五入到整数分再分档 / rounded half up to whole points before banding"
        )
        lines.append(f"{t} 分落在文件未定义的分数段：{rule}")
    if paid < yuan(fee):
        lines.append(
            f"少付 {money(yuan(fee) - paid)} 元 / {money(yuan(fee) - paid)} yuan less than the full fee"
        )
    return {
        "kind": "pingxiang_bands",
        "pay_pct": str(pct),
        "band": band,
        "payment_yuan": str(paid),
        "lines": lines,
    }


# -- Shaxian (003): 1/3/6/9 个月分期，12个月后按等次拨付尾款 -------------------------------------------------------


@dataclass(frozen=True)
class Installment:
    after_month: int
    fraction: Decimal
    due: date  # the day after month k of service ends
    yuan: Decimal


def shaxian_schedule(fee: Decimal, start: date, terms: ShaxianTerms) -> list[Installment]:
    """运营服务期满k个月后拨付中标价的 x%: due the day after `contract_months(start, k)` ends."""
    return [
        Installment(k, f, contract_months(start, k).end + timedelta(days=1), yuan(fee * f))
        for k, f in terms.installments
    ]


def shaxian_entitlement(
    fee: Decimal, network_fee: Decimal, grade_pct: Decimal, terms: ShaxianTerms
) -> Decimal:
    """按中标价扣除网络建设费的 grade% 给予支付 (+ the network fee itself, P4)."""
    graded = pct_of(fee - network_fee, grade_pct)
    return graded + (yuan(network_fee) if terms.network_fee_paid_in_full else ZERO)


def shaxian_final(entitlement: Decimal, paid: Decimal) -> tuple[Decimal, Decimal]:
    """(尾款, overpaid): the entitlement less the installments, never below 0 (P4)."""
    rest = entitlement - paid
    return yuan(max(ZERO, rest)), yuan(max(ZERO, -rest))


def _grade_pct(scheme: Scheme, card: Scorecard) -> Decimal:
    for g in scheme.grades:
        if g.label == card.grade:
            if g.pay_pct is None:
                raise SchemeError(f"{scheme.id}: grade {g.label!r} has no pay_pct")
            return g.pay_pct
    raise SchemeError(f"{scheme.id}: the scorecard has no grade with a pay_pct (grade {card.grade!r})")


def contract_year_of(contract: Contract, period: Period) -> int:
    """1 for the first twelve months from the contract start, 2 for the next twelve, ..."""
    months = (period.start.year - contract.start.year) * 12 + period.start.month - contract.start.month
    if period.start.day < contract.start.day:
        months -= 1
    return max(0, months) // 12 + 1


def _shaxian_lines(
    scheme: Scheme, card: Scorecard, contract: Contract, terms: ShaxianTerms, period: Period
) -> dict[str, Any]:
    fee, net = contract.fee_yuan, contract.network_fee_yuan
    lines = [
        f"中标价（合同金额）{money(fee)} 元，其中网络建设费 {money(net)} 元 / fee {money(fee)} yuan, of which network construction {money(net)}"
    ]
    year_no = contract_year_of(contract, period)
    out: dict[str, Any] = {"kind": "shaxian_installments", "contract_year": year_no}
    if year_no > 1:
        lines.append(
            f"合同第{year_no}年：第二、三年的支付方式另行商议，文件未规定 / contract year {year_no}: the document leaves the "
            "second and third years' payments to be agreed"
        )
        out["lines"] = lines
        return out
    schedule = shaxian_schedule(fee, contract.start, terms)
    for inst in schedule:
        lines.append(
            f"服务满{inst.after_month}个月后（{inst.due} 起）拨付 {fmt(inst.fraction * HUNDRED)}% = {money(inst.yuan)} 元 / "
            f"after month {inst.after_month} (from {inst.due}): {fmt(inst.fraction * HUNDRED)}% = {money(inst.yuan)} yuan"
        )
    paid = sum((i.yuan for i in schedule), ZERO)
    grade_pct = _grade_pct(scheme, card)
    entitled = shaxian_entitlement(fee, net, grade_pct, terms)
    final, over = shaxian_final(entitled, paid)
    final_due = contract_months(contract.start, terms.final_after_months).end + timedelta(days=1)
    net_zh = f"网络建设费 {money(net)} + " if terms.network_fee_paid_in_full else ""
    net_en = f"network fee {money(net)} + " if terms.network_fee_paid_in_full else ""
    lines.append(
        f"等次 {card.grade}：{net_zh}{fmt(grade_pct)}% × (中标价 − 网络建设费 {money(fee - net)}) = {money(entitled)} 元 / "
        f"grade {card.grade_en}: {net_en}{fmt(grade_pct)}% × (fee − network fee) = {money(entitled)} yuan"
    )
    lines.append(
        f"尾款（服务满{terms.final_after_months}个月后，{final_due} 起）= {money(entitled)} − 已拨 {money(paid)} = {money(final)} 元 / "
        f"final payment (after month {terms.final_after_months}, from {final_due}) = {money(entitled)} − {money(paid)} paid = {money(final)} yuan"
    )
    if over:
        lines.append(
            f"分期已多拨 {money(over)} 元，文件未规定是否追回 / the installments overpaid {money(over)} yuan; the document does not say it is recovered"
        )
    if entitled < yuan(fee):
        lines.append(
            f"全年少付 {money(yuan(fee) - entitled)} 元 / {money(yuan(fee) - entitled)} yuan less than the full fee"
        )
    if not _months(period) == 12:
        lines.append(
            f"尾款按年度考核等次计算（本期 {period} 不是一年） / the final payment follows the annual assessment's grade ({period} is not a year)"
        )
    out.update(
        grade_pct=str(grade_pct), entitlement_yuan=str(entitled), installments_yuan=str(paid), final_yuan=str(final),
        overpaid_yuan=str(over), final_due=str(final_due),
        schedule=[{"after_month": i.after_month, "due": str(i.due), "pct": str(i.fraction * HUNDRED), "yuan": str(i.yuan)} for i in schedule],
        lines=lines,
    )  # fmt: skip
    return out


# -- Wujiang (004): 等次由预算决定金额 --------------------------------------------------------------------------


def _wujiang_lines(card: Scorecard) -> dict[str, Any]:
    rank = f"（第 {card.rank}/{card.cohort_size} 名）" if card.rank is not None else ""
    rank_en = f" (rank {card.rank} of {card.cohort_size})" if card.rank is not None else ""
    grade = card.grade or "未评定"
    return {
        "kind": "wujiang_grade",
        "grade": card.grade,
        "lines": [
            f"等次 {grade}{rank}：奖励金额按考核结果及当年度财政预算分配，文件未规定金额 / grade {card.grade_en or card.grade or 'none'}"
            f"{rank_en}: the reward is shared out from the year's budget by grade; the document sets no amount"
        ],
    }


# -- one scorecard ------------------------------------------------------------------------------------


def _months(period: Period) -> int | None:
    """Whole months the period spans when it runs from a day to the day before the same day n months later."""
    for n in (1, 3, 6, 12):
        if add_months(period.start, n) - timedelta(days=1) == period.end:
            return n
    return None


def _is_quarter(period: Period) -> bool:
    return _months(period) == 3


def money_for(scheme: Scheme, card: Scorecard, contract: Contract, period: Period) -> dict[str, Any]:
    """What one scorecard means in yuan under the scheme's `[payout]` table.

    Always has `kind`, `fee_yuan`, `rounding` and `lines` (one-line strings, Chinese / English, printed by
    `score`); the rest depends on the kind. Pure: the contract and period are passed in.
    """
    terms = terms_for(scheme)
    fee = contract.fee_yuan
    kind = scheme.payout.get("kind")
    if isinstance(terms, ChifengTerms):
        out = _chifeng_lines(card, fee, terms, period)
    elif isinstance(terms, DongshengTerms):
        out = _dongsheng_lines(card, fee, terms, period)
    elif isinstance(terms, PingxiangTerms):
        out = _pingxiang_lines(card, fee, terms)
    elif isinstance(terms, ShaxianTerms):
        out = _shaxian_lines(scheme, card, contract, terms, period)
    elif kind == "wujiang_grade":
        out = _wujiang_lines(card)
    else:  # no [payout] table: the consequence rows' deductions, as before
        pct = sum((Decimal(c["fee_deduction_pct"]) for c in card.consequences), ZERO)
        lines = (
            [f"扣除服务费 {fmt(pct)}% = {money(pct_of(fee, pct))} 元 / {fmt(pct)}% of the fee deducted"]
            if pct
            else []
        )
        out = {"kind": None, "deduction_pct": str(pct), "lines": lines}
    lines = out.pop("lines")
    if lines and kind != "wujiang_grade":
        lines.append(ROUNDING_NOTE)
    return {
        "kind": out.pop("kind"),
        "fee_yuan": str(yuan(fee)),
        "rounding": "0.01 yuan, ROUND_HALF_UP",
        **out,
        "lines": lines,
    }


# -- a contract year ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    """One assessment in the year: its label, period text and scorecard (None: the period has not ended)."""

    label: str
    period_text: str
    period: Period
    card: Scorecard | None


@dataclass(frozen=True)
class Payment:
    label: str
    yuan: Decimal | None  # None: not known yet (the assessment has not happened) or not set by the document
    due: date | None
    status: str  # "due", "scheduled", "after the assessment", "pending assessment", "set by budget"
    basis: str


@dataclass(frozen=True)
class Deduction:
    label: str
    yuan: Decimal
    why: str


@dataclass
class YearSummary:
    site: str
    scheme: str
    scheme_title: str
    year: str
    contract_year: int
    period: Period
    fee_yuan: Decimal
    network_fee_yuan: Decimal
    assessments: list[Assessment]
    payments: list[Payment]
    deductions: list[Deduction]
    notes: list[str] = field(default_factory=list)
    today: date | None = None

    @property
    def total_due(self) -> Decimal:
        """Payments known and fallen due by `today` (installments after today are scheduled, not due)."""
        return sum((p.yuan for p in self.payments if p.yuan is not None and p.status != "scheduled"), ZERO)

    @property
    def total_paid(self) -> Decimal:
        return sum((p.yuan for p in self.payments if p.yuan is not None), ZERO)

    @property
    def total_deducted(self) -> Decimal:
        return sum((d.yuan for d in self.deductions), ZERO)

    @property
    def complete(self) -> bool:
        return all(a.card is not None for a in self.assessments) and all(
            p.yuan is not None for p in self.payments
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "scheme": self.scheme,
            "scheme_title": self.scheme_title,
            "year": self.year,
            "contract_year": self.contract_year,
            "period": {
                "label": str(self.period),
                "start": str(self.period.start),
                "end": str(self.period.end),
            },
            "fee_yuan": str(yuan(self.fee_yuan)),
            "network_fee_yuan": str(yuan(self.network_fee_yuan)),
            "rounding": "0.01 yuan, ROUND_HALF_UP",
            "assessments": [
                {
                    "label": a.label,
                    "period": a.period_text,
                    "start": str(a.period.start),
                    "end": str(a.period.end),
                    "total": None if a.card is None else str(a.card.total),
                    "grade": None if a.card is None else a.card.grade,
                    "rank": None if a.card is None else a.card.rank,
                    "money": None if a.card is None else a.card.to_json()["money"],
                }
                for a in self.assessments
            ],  # fmt: skip
            "payments": [
                {
                    "label": p.label,
                    "yuan": None if p.yuan is None else str(p.yuan),
                    "due": None if p.due is None else str(p.due),
                    "status": p.status,
                    "basis": p.basis,
                }
                for p in self.payments
            ],  # fmt: skip
            "total_paid_yuan": str(yuan(self.total_paid)),
            "total_due_yuan": str(yuan(self.total_due)),
            "today": None if self.today is None else str(self.today),
            "complete": self.complete,
            "deductions": [{"label": d.label, "yuan": str(d.yuan), "why": d.why} for d in self.deductions],
            "total_deducted_yuan": str(yuan(self.total_deducted)),
            "notes": self.notes,
        }


def _status(due: date | None, today: date) -> str:
    if due is None:
        return "after the assessment"
    return "due" if due <= today else "scheduled"


def summarise(
    scheme: Scheme, contract: Contract, year: str, contract_year: int, period: Period,
    assessments: list[Assessment], today: date,
) -> YearSummary:  # fmt: skip
    """The year's payments and deductions from its scorecards (pure; `year_summary` does the scoring)."""
    fee = contract.fee_yuan
    out = YearSummary(site=contract.site, scheme=scheme.id, scheme_title=scheme.title, year=year,
                      contract_year=contract_year, period=period, fee_yuan=fee, network_fee_yuan=contract.network_fee_yuan,
                      assessments=assessments, payments=[], deductions=[], today=today)  # fmt: skip
    terms = terms_for(scheme)
    done = [a for a in assessments if a.card is not None]
    pending = [a for a in assessments if a.card is None]
    for a in pending:
        out.notes.append(
            f"{a.label} {a.period_text} 尚未结束（{a.period.end} 止），未评分 / has not ended (ends {a.period.end}): not scored"
        )
    if isinstance(terms, ChifengTerms):
        _summarise_chifeng(out, terms, assessments, today)
    elif isinstance(terms, DongshengTerms):
        _summarise_dongsheng(out, terms, assessments, today)
    elif isinstance(terms, PingxiangTerms):
        _summarise_pingxiang(out, terms, assessments[0], today)
    elif isinstance(terms, ShaxianTerms):
        _summarise_shaxian(out, scheme, contract, terms, assessments[0], today)
    else:
        for a in done:
            out.payments.append(Payment(
                f"{a.label} 奖励 reward", None, None, "set by budget",
                f"等次 {a.card.grade or '未评定'}：按当年度财政预算分配 / grade {a.card.grade_en or a.card.grade or 'none'}: "
                "shared out from the year's budget",
            ))  # fmt: skip
        out.notes.append(
            "文件未规定金额：奖励按考核结果及当年度财政预算分配 / the document sets no amount: the reward comes from the year's budget by grade"
        )
    return out


def _summarise_chifeng(
    out: YearSummary, terms: ChifengTerms, assessments: list[Assessment], today: date
) -> None:
    fee = out.fee_yuan
    scored = [a for a in assessments if a.card is not None]
    cuts, payable = chifeng_year(fee, [a.card.total for a in scored], terms)  # type: ignore[union-attr]
    for a, cut in zip(scored, cuts, strict=True):
        q = chifeng_quarter(a.card.total, terms)  # type: ignore[union-attr]
        if cut:
            out.deductions.append(Deduction(
                f"{a.label} {a.period_text}", cut,
                f"季度得分 {fmt(q.total)} 低于 {fmt(terms.deduction_below)}：扣除本年服务费的 {fmt(terms.deduction_pct)}% / "
                f"quarter score {fmt(q.total)} below {fmt(terms.deduction_below)}: {fmt(terms.deduction_pct)}% of the year's fee",
            ))  # fmt: skip
        elif q.deducts:
            out.notes.append(
                f"{a.label} 得分 {fmt(q.total)} 低于 {fmt(terms.deduction_below)}，但一年只扣一次 / below the threshold, but deducted once a year only"
            )
        if q.terminable:
            out.notes.append(
                f"{a.label} 得分 {fmt(q.total)} 低于 {fmt(terms.terminate_below)}：采购人有权解除合同，另行采购 / score below "
                f"{fmt(terms.terminate_below)}: the buyer may terminate the contract"
            )
    out.notes.append(
        "每个低于20分的季度各扣一次（P1） / each quarter below 20 deducts again (reading P1)" if not terms.once_a_year
        else "一年最多扣一次 / deducted at most once a year"
    )  # fmt: skip
    complete = len(scored) == len(assessments)
    out.payments.append(Payment(
        "本年服务费（扣减后） year's fee after deductions", payable if complete else None, None,
        "after the assessment" if complete else "pending assessment",
        f"{money(fee)} − 扣减 {money(sum(cuts, ZERO))}；文件未规定付款时间 / {money(fee)} less deductions; the document sets no payment dates",
    ))  # fmt: skip


def _summarise_dongsheng(
    out: YearSummary, terms: DongshengTerms, assessments: list[Assessment], today: date
) -> None:
    fee = out.fee_yuan
    half, annual = assessments
    paid_half = ZERO
    if half.card is not None:
        pay = dongsheng_entitlement(
            fee,
            _block_points(half.card, terms.base_block),
            _block_points(half.card, terms.additional_block),
            terms,
        )
        paid_half = dongsheng_half_year_payment(fee, pay, terms)
        out.payments.append(Payment(
            f"半年评估 half-year evaluation {half.period_text}", paid_half, None, _status(None, today),
            f"基础 {fmt(pay.base_pct)}% + 附加 {fmt(pay.additional_pct)}% = {money(pay.total)}，最高 {fmt(terms.half_year_cap_pct)}% / "
            f"base {fmt(pay.base_pct)}% + additional {fmt(pay.additional_pct)}% = {money(pay.total)}, capped at {fmt(terms.half_year_cap_pct)}%",
        ))  # fmt: skip
    else:
        out.payments.append(
            Payment(f"半年评估 half-year evaluation {half.period_text}", None, None, "pending assessment", "")
        )
    if annual.card is None:
        out.payments.append(
            Payment(f"年度考核 annual assessment {annual.period_text}", None, None, "pending assessment", "")
        )
        return
    year = dongsheng_entitlement(
        fee,
        _block_points(annual.card, terms.base_block),
        _block_points(annual.card, terms.additional_block),
        terms,
    )
    rest, over = dongsheng_annual_payment(year, paid_half)
    out.payments.append(Payment(
        f"年度考核 annual assessment {annual.period_text}", rest, None, _status(None, today),
        f"全年应付 {money(year.total)} − 半年已付 {money(paid_half)}（剩余运营费用） / the year's {money(year.total)} less "
        f"{money(paid_half)} paid at the half-year",
    ))  # fmt: skip
    base_lost = terms.base_share_pct - year.base_pct
    if base_lost:
        out.deductions.append(Deduction(
            "基础指标 base block", pct_of(fee, base_lost),
            f"年度基础指标 {fmt(year.base_score)} 分 → {dongsheng_band_label(year.base_score, terms)} 档付 {fmt(year.base_pct)}%，"
            f"不是 {fmt(terms.base_share_pct)}% / base {fmt(year.base_score)} falls in the band paying {fmt(year.base_pct)}% "
            f"instead of {fmt(terms.base_share_pct)}%",
        ))  # fmt: skip
    add_lost = yuan(fee) - pct_of(fee, terms.base_share_pct) - year.additional_yuan
    if add_lost:
        out.deductions.append(Deduction(
            "附加指标 additional block", add_lost,
            f"年度附加指标 {fmt(year.additional_score)}/100 → 付 {fmt(year.additional_pct)}%，不是 {fmt(terms.additional_share_pct)}% / "
            f"additional {fmt(year.additional_score)}/100 pays {fmt(year.additional_pct)}% of {fmt(terms.additional_share_pct)}%",
        ))  # fmt: skip
    if over:
        out.notes.append(
            f"半年评估多付 {money(over)} 元（高于全年应付），文件未规定是否追回 / the half-year payment exceeded the year's "
            f"entitlement by {money(over)} yuan; the document does not say it is recovered"
        )


def _summarise_pingxiang(out: YearSummary, terms: PingxiangTerms, a: Assessment, today: date) -> None:
    if a.card is None:
        out.payments.append(Payment(f"年度 {a.period_text}", None, None, "pending assessment", ""))
        return
    pct, _ = pingxiang_pay_pct(a.card.total, terms)
    paid = pct_of(out.fee_yuan, pct)
    out.payments.append(Payment(
        f"年度服务费 annual fee {a.period_text}", paid, None, _status(None, today),
        f"总分 {fmt(a.card.total)} → {fmt(pct)}% / total {fmt(a.card.total)} pays {fmt(pct)}%",
    ))  # fmt: skip
    if paid < yuan(out.fee_yuan):
        out.deductions.append(Deduction(
            "绩效结算 performance band", yuan(out.fee_yuan) - paid,
            f"总分 {fmt(a.card.total)} 按 {fmt(pct)}% 结算（{fmt(terms.full_pay_min)}分以上才按100%） / total {fmt(a.card.total)} "
            f"pays {fmt(pct)}% (100% needs {fmt(terms.full_pay_min)})",
        ))  # fmt: skip


def _summarise_shaxian(
    out: YearSummary, scheme: Scheme, contract: Contract, terms: ShaxianTerms, a: Assessment, today: date
) -> None:  # fmt: skip
    if out.contract_year > 1:
        out.notes.append(
            "第二、三年的支付方式另行商议：文件未规定 / years two and three: payments to be agreed, not in the document"
        )
        return
    schedule = shaxian_schedule(contract.fee_yuan, contract.start, terms)
    for inst in schedule:
        out.payments.append(Payment(
            f"服务满{inst.after_month}个月 after month {inst.after_month}", inst.yuan, inst.due, _status(inst.due, today),
            f"中标价的 {fmt(inst.fraction * HUNDRED)}% / {fmt(inst.fraction * HUNDRED)}% of the fee",
        ))  # fmt: skip
    final_due = contract_months(contract.start, terms.final_after_months).end + timedelta(days=1)
    label = (
        f"尾款（服务满{terms.final_after_months}个月） final payment after month {terms.final_after_months}"
    )
    if a.card is None:
        out.payments.append(
            Payment(label, None, final_due, "pending assessment", "按年度考核等次 / by the annual grade")
        )
        return
    paid = sum((i.yuan for i in schedule), ZERO)
    grade_pct = _grade_pct(scheme, a.card)
    entitled = shaxian_entitlement(contract.fee_yuan, contract.network_fee_yuan, grade_pct, terms)
    final, over = shaxian_final(entitled, paid)
    out.payments.append(Payment(
        label, final, final_due, _status(final_due, today),
        f"等次 {a.card.grade} {fmt(grade_pct)}%：应付 {money(entitled)} − 已拨 {money(paid)} / grade {a.card.grade_en} "
        f"{fmt(grade_pct)}%: {money(entitled)} less {money(paid)} in installments",
    ))  # fmt: skip
    lost = yuan(contract.fee_yuan) - entitled
    if lost > 0:
        base = "中标价扣除网络建设费" if terms.network_fee_paid_in_full else "中标价"
        out.deductions.append(Deduction(
            f"等次 grade {a.card.grade}", lost,
            f"总分 {fmt(a.card.total)}，等次 {a.card.grade}：按{base}的 {fmt(grade_pct)}% 支付 / total {fmt(a.card.total)}, "
            f"grade {a.card.grade_en}: {fmt(grade_pct)}% of the fee net of the network fee",
        ))  # fmt: skip
    if over:
        out.notes.append(
            f"分期已多拨 {money(over)} 元，文件未规定是否追回 / installments overpaid {money(over)} yuan; recovery not in the document"
        )
    for c in a.card.consequences:
        if c.get("terminable"):
            out.notes.append(f"{c['zh']} / {c['en']}")


def _detail(money_: Mapping[str, Any]) -> list[str]:
    """A scorecard's money lines without the fee header, the installment schedule and the rounding note
    (the summary prints those once)."""
    lines = list(money_.get("lines", []))
    if money_.get("kind") not in (None, "wujiang_grade"):
        lines = lines[1:]
    return [line for line in lines if line != ROUNDING_NOTE and not line.startswith("服务满")]


def summary_text(s: YearSummary) -> str:
    """The year summary as plain text (the CLI prints it)."""
    lines = [
        s.scheme_title,
        f"site {s.site} · scheme {s.scheme} · year {s.year} (contract year {s.contract_year}: {s.period.start} .. {s.period.end})",
        f"合同金额 fee {money(s.fee_yuan)} 元"
        + (f" · 网络建设费 network fee {money(s.network_fee_yuan)} 元" if s.network_fee_yuan else ""),
        "",
        "考核 assessments",
    ]
    seen: set[str] = set()
    for a in s.assessments:
        if a.card is None:
            lines.append(f"  {a.label:<10} {a.period_text:<10} not yet assessed (ends {a.period.end})")
            continue
        extra = f" · grade {a.card.grade}" if a.card.grade else ""
        extra += f" · rank {a.card.rank}/{a.card.cohort_size}" if a.card.rank is not None else ""
        lines.append(
            f"  {a.label:<10} {a.period_text:<10} total {fmt(a.card.total)}/{fmt(a.card.max_total)}{extra}"
        )
        for line in _detail(a.card.money):
            if line not in seen:  # a reading repeated under every quarter is printed once
                lines.append(f"      {line}")
                if line in READINGS:
                    seen.add(line)
    lines += ["", "付款 payments"]
    for p in s.payments:
        amount = "—" if p.yuan is None else money(p.yuan)
        due = f" {p.due}" if p.due else ""
        lines.append(f"  {p.label}: {amount} 元 [{p.status}{due}]" + (f"  {p.basis}" if p.basis else ""))
    lines.append(
        f"  合计 total paid: {money(s.total_paid)} 元"
        + ("" if s.complete else " (so far: some amounts are not known yet)")
    )
    if s.total_due != s.total_paid:
        lines.append(f"  其中已到期 of which due by {s.today}: {money(s.total_due)} 元")
    lines += ["", "扣减 deductions"]
    if not s.deductions:
        lines.append("  (none)")
    for d in s.deductions:
        lines.append(f"  {d.label}: −{money(d.yuan)} 元  {d.why}")
    if s.deductions:
        lines.append(f"  合计 total deducted: {money(s.total_deducted)} 元")
    if s.notes:
        lines += ["", "说明 notes", *(f"  {n}" for n in s.notes)]
    lines += ["", ROUNDING_NOTE]
    return "\n".join(lines)


# -- I/O: score the year's assessments ---------------------------------------------------------------


def parse_year(text: str) -> tuple[str, int]:
    """'2026' -> ('calendar', 2026); 'Y2' -> ('contract', 2)."""
    t = text.strip()
    if t[:1] in ("Y", "y") and t[1:].isdigit() and int(t[1:]) >= 1:
        return "contract", int(t[1:])
    if len(t) == 4 and t.isdigit() and int(t) >= 1:
        return "calendar", int(t)
    raise SchemeError(
        f"bad year {text!r}: use a calendar year (2026: the contract year that begins in it) or a contract year (Y1)"
    )


def _pick_contract(deals: list[Contract], site: str, how: str, n: int) -> tuple[Contract, int]:
    if not deals:
        raise SchemeError(
            f"site {site!r} has no contract: run `opsledger contract add {site} --scheme ID --start DATE --fee YUAN`"
        )
    if how == "contract":
        return deals[-1], n
    for c in reversed(deals):
        k = n - c.start.year + 1
        if k >= 1 and (c.end is None or add_months(c.start, 12 * (k - 1)) <= c.end):
            return c, k
    starts = ", ".join(str(c.start) for c in deals)
    raise SchemeError(f"site {site!r} has no contract year beginning in {n} (contracts start {starts})")


def assessment_plan(
    scheme: Scheme, contract: Contract, year_no: int, *, latest: bool = True
) -> tuple[Period, list[tuple[str, str]]]:
    """The contract year's span and its assessments as (label, period text for `score_site`).

    Contracts starting on 1 January use calendar periods (2026-Q1, 2026-H1, 2026); others use the contract-
    relative forms (Y1-Q1, C+6m, C+12m), which exist for halves and years in contract year 1 only. Cohort
    schemes (Wujiang) are scored on the calendar year their rules name.
    """
    start = add_months(contract.start, 12 * (year_no - 1))
    span = Period.span(start, add_months(contract.start, 12 * year_no) - timedelta(days=1), f"Y{year_no}")
    aligned = contract.start.month == 1 and contract.start.day == 1
    cal = start.year
    if scheme.cohort:
        return Period.year(cal), [("年度 year", str(cal))]
    kind = scheme.payout.get("kind")
    if kind == "chifeng_quarterly" or (not kind and scheme.assessed_every == "quarter"):
        texts = [f"{cal}-Q{q}" if aligned else f"Y{year_no}-Q{q}" for q in range(1, 5)]
        if not aligned and not latest:
            raise SchemeError(
                f"contract-relative quarters count from the latest contract; {contract.site}'s contract of {contract.start} is not it"
            )
        return span, [(f"Q{q}", t) for q, t in enumerate(texts, start=1)]
    if not aligned and (year_no > 1 or not latest):
        raise SchemeError(
            f"contract year {year_no} of the contract starting {contract.start}: half-years and years of a contract that does "
            "not start on 1 January have a period form only in the latest contract's year 1 (C+6m, C+12m)"
        )
    if kind == "dongsheng_split" or (not kind and scheme.assessed_every == "half"):
        return span, [
            ("半年 H1", f"{cal}-H1" if aligned else "C+6m"),
            ("年度 year", str(cal) if aligned else "C+12m"),
        ]
    return span, [("年度 year", str(cal) if aligned else "C+12m")]


def year_summary(
    ledger: Ledger,
    site: str,
    year: str,
    *,
    today: date,
    as_of: str | None = None,
    schemes_dir: Path | None = None,
) -> YearSummary:
    """Score every assessment of the site's contract year (periods that have ended by `today`) and sum the money."""
    import difflib

    from projections import facts as proj
    from schemes.model import get_scheme
    from schemes.service import score_site

    known = ledger.registered_sites()
    if site not in known:
        close = difflib.get_close_matches(site, sorted(known), n=1)
        raise SchemeError(f"unknown site {site!r}" + (f": did you mean {close[0]!r}?" if close else ""))
    how, n = parse_year(year)
    deals = proj.contracts(ledger, site, proj.as_of_text(as_of))
    contract, year_no = _pick_contract(deals, site, how, n)
    scheme = get_scheme(contract.scheme, schemes_dir)
    span, plan = assessment_plan(scheme, contract, year_no, latest=contract is deals[-1])
    assessments = []
    for label, text in plan:
        period = Period.parse_relative(text, contract.start) if text[:1] in ("Y", "C") else Period.parse(text)
        card = None
        if period.end < today:
            card = score_site(ledger, site, text, scheme_id=scheme.id, as_of=as_of, schemes_dir=schemes_dir)
        assessments.append(Assessment(label, text, period, card))
    return summarise(scheme, contract, year, year_no, span, assessments, today)
