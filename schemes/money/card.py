"""One scorecard's money: what its total means in yuan under the scheme's [payout] pieces (`money_for`).

Pure: the scheme, the scorecard, the contract and the period in; a JSON-ready dict out. Every line is one
string, Chinese / English, printed by `score` under 金额 money.

A period that is not one the scheme assesses (a quarter of an annual scheme, the year of a quarterly one) is
still priced, as if it were the assessment, but every such money table says `projection: true` and its first
line says so: the money of an assessment period is what the contract pays, anything else is an estimate.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from projections.facts import Contract
from projections.numbers import ZERO, fmt
from projections.periods import Period, add_months
from schemes.engine import Scorecard
from schemes.model import Scheme
from schemes.money import math
from schemes.money.amounts import ROUNDING, ROUNDING_NOTE, money, pct_of, yuan
from schemes.money.pieces import BudgetShare, Deduction, Installments, Interim, Settlement

MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}
WHAT = {"month": ("月", "a month"), "quarter": ("季度", "a quarter"), "half": ("半年", "a half-year"),
        "year": ("年度", "a year")}  # fmt: skip


def months_spanned(period: Period) -> int | None:
    """Whole months the period spans when it runs from a day to the day before the same day n months later."""
    for n in range(1, 13):
        if add_months(period.start, n) - timedelta(days=1) == period.end:
            return n
    return None


def contract_year_of(contract: Contract, period: Period) -> int:
    """1 for the first twelve months from the contract start, 2 for the next twelve, ..."""
    months = (period.start.year - contract.start.year) * 12 + period.start.month - contract.start.month
    if period.start.day < contract.start.day:
        months -= 1
    return max(0, months) // 12 + 1


def role(scheme: Scheme, contract: Contract, period: Period) -> str:
    """'interim' (the interim assessment's period), 'assessment' (one period of `assessed_every`) or
    'projection' (any other period: its money is an estimate)."""
    n = months_spanned(period)
    interim = scheme.payout.one(Interim)
    start = math.year_start(contract.start, contract_year_of(contract, period))
    if interim is not None and n == interim.after_months and period.start == start:
        return "interim"
    if n == MONTHS[scheme.assessed_every]:
        return "assessment"
    return "projection"


def assessed_periods(scheme: Scheme) -> tuple[str, str]:
    """'季度' / 'a quarter' (and the interim assessment, if any): what a period must be to be assessed."""
    zh, en = WHAT[scheme.assessed_every]
    interim = scheme.payout.one(Interim)
    if interim is not None:
        zh = f"前{interim.after_months}个月（中期）或{zh}"
        en = f"the first {interim.after_months} months (interim) or {en}"
    return zh, en


def deduction_reading(piece: Deduction) -> str:
    """How often the deduction applies; printed once in a year summary, not under every assessment."""
    if piece.once_a_year:
        return "一年最多扣一次 / deducted at most once a year"
    return (
        f"每次考核低于{fmt(piece.below)}分各扣一次 / each assessment below {fmt(piece.below)} deducts again"
    )


def grade_pct(scheme: Scheme, card: Scorecard) -> Decimal | None:
    for g in scheme.grades:
        if g.label == card.grade:
            return g.pay_pct
    return None


def share_lines(fee: Decimal, ent: math.Entitlement) -> list[str]:
    """One line per share: the score (or grade), the band, the % of the graded amount and the yuan."""
    lines = []
    for s in ent.shares:
        zh, en = s.share.label()
        if s.share.scale == "full":
            lines.append(
                f"{zh}：全额 {fmt(s.pct)}% = {money(s.yuan)} 元 / {en}: paid in full, {fmt(s.pct)}% = {money(s.yuan)} yuan"
            )
        elif s.share.scale == "grade":
            lines.append(
                f"{zh}：等次 {s.grade} 付 {fmt(s.pct)}% = {money(s.yuan)} 元 / {en}: grade {s.grade} pays {fmt(s.pct)}% "
                f"= {money(s.yuan)} yuan"
            )
        elif s.band is not None and not s.band.proportional:
            lines.append(
                f"{zh} {fmt(s.score)} 分 → {s.band.describe()} 档：付 {fmt(s.pct)}%（本份额 {fmt(s.share.pct)}%）= "
                f"{money(s.yuan)} 元 / {en} {fmt(s.score)} falls in {s.band.describe()}: pays {fmt(s.pct)}% "
                f"(of a {fmt(s.share.pct)}% share) = {money(s.yuan)} yuan"
            )
        else:
            held = math.clamp(s.score or ZERO, s.share.points)
            band = f"{s.band.describe()}：" if s.band is not None else ""
            lines.append(
                f"{zh} {fmt(s.score)} 分 → {band}{fmt(s.share.pct)}% × {fmt(held)}/{fmt(s.share.points)} = {fmt(s.pct)}% = "
                f"{money(s.yuan)} 元 / {en} {fmt(s.score)}: {fmt(s.share.pct)}% × score/{fmt(s.share.points)} = "
                f"{fmt(s.pct)}% = {money(s.yuan)} yuan"
            )
        if s.in_gap:
            lines.append(f"{fmt(s.score)} 分落在文件未定义的分数段：{s.share.gap_reading}")
    if ent.exempt:
        lines.insert(0, f"免于考核的网络建设费 {money(ent.exempt)} 元全额支付 / network construction fee {money(ent.exempt)} "
                        "yuan paid in full, whatever the score")  # fmt: skip
    if ent.exempt_unpaid:
        lines.insert(0, f"网络建设费 {money(ent.exempt_unpaid)} 元不予支付 / network construction fee "
                        f"{money(ent.exempt_unpaid)} yuan is not paid")  # fmt: skip
    graded = " − 网络建设费" if ent.exempt or ent.exempt_unpaid else ""
    graded_en = " less the network fee" if ent.exempt or ent.exempt_unpaid else ""
    lines.append(
        f"应付 {money(ent.total)} 元（考核金额 = 合同金额{graded} {money(ent.graded)} 元的 {fmt(ent.total_pct)}%"
        f"{' + 网络建设费' if ent.exempt else ''}） / worth {money(ent.total)} yuan ({fmt(ent.total_pct)}% of the fee{graded_en}"
        f"{', plus the network fee' if ent.exempt else ''})"
    )
    return lines


def money_for(scheme: Scheme, card: Scorecard, contract: Contract, period: Period) -> dict[str, Any]:
    """What one scorecard means in yuan (see the module docstring).

    Always has `pieces`, `fee_yuan`, `rounding`, `contract_year`, `assessment` ('interim', 'assessment' or
    'projection'), `projection`, `terminable` and `lines`; the rest depends on the pieces.
    """
    fee, net = contract.fee_yuan, contract.network_fee_yuan
    payout = scheme.payout
    year_no = contract_year_of(contract, period)
    kind = role(scheme, contract, period)
    out: dict[str, Any] = {
        "pieces": [p.kind for p in payout.pieces], "fee_yuan": str(yuan(fee)), "rounding": ROUNDING,
        "contract_year": year_no, "assessment": kind, "projection": kind == "projection",
        "terminable": any(bool(c.get("terminable")) for c in card.consequences),
    }  # fmt: skip
    budget = payout.one(BudgetShare) is not None  # a share of a budget: no fee to state, nothing to round
    header = (f"合同金额 {money(fee)} 元" + (f"，其中网络建设费 {money(net)} 元" if net else "")
              + f" / fee {money(fee)} yuan" + (f", of which network construction {money(net)}" if net else ""))  # fmt: skip
    lines = [] if budget else [header]
    # The fee, the schedule and the rounding note: a year summary prints them once for the whole year.
    skip = {header, ROUNDING_NOTE}
    readings: list[str] = []  # printed once in a year summary, not under every assessment
    if kind == "projection":
        zh, en = assessed_periods(scheme)
        lines.insert(0, f"预测：{period} 不是本方案的考核期（{zh}），以下金额仅供参考 / PROJECTION: {period} is not {en}, "
                        "the period this scheme assesses; the amounts below are an estimate")  # fmt: skip
    if not payout.pieces:
        _fallback(out, lines, card, fee)
    elif not payout.covers_year(year_no):
        lines.append(
            payout.other_years
            or f"合同第{year_no}年：文件未规定付款 / contract year {year_no}: no payment terms"
        )
    else:
        before = len(lines)
        paid_before = _installments(out, lines, payout.of(Installments), fee, contract, year_no)
        skip.update(lines[before:])
        for piece in payout.of(Deduction):
            readings.append(_deduction(out, lines, piece, card, fee, kind))
        settlement = payout.one(Settlement)
        interim = payout.one(Interim)
        # The settlement pays the year's worth less what was paid before it; with interim payments or
        # deductions, those depend on other scorecards, so only `opsledger payout` can say the amount.
        depends = interim is not None or bool(payout.of(Deduction))
        if settlement is not None and kind == "interim" and interim is not None:
            _interim(out, lines, scheme, settlement, interim, card, contract)
        elif settlement is not None and (kind == "projection" or scheme.assessed_every == "year"):
            _settlement(out, lines, scheme, settlement, card, contract, year_no, paid_before, depends)
        if budget:
            _budget(out, lines, card)
    for c in card.consequences:
        if c.get("terminable"):
            lines.append(f"{c['zh']} / {c['en']}")
    if not budget:
        lines.append(ROUNDING_NOTE)
    out["readings"] = readings
    out["year_skip"] = [line for line in lines if line in skip]
    out["lines"] = lines
    return out


def _fallback(out: dict[str, Any], lines: list[str], card: Scorecard, fee: Decimal) -> None:
    """No [payout] pieces: the consequence rows' fee deductions, as the scorecard states them."""
    pct = sum((Decimal(c["fee_deduction_pct"]) for c in card.consequences), ZERO)
    out["deduction_pct"] = str(pct)
    if pct:
        lines.append(
            f"扣除服务费 {fmt(pct)}% = {money(pct_of(fee, pct))} 元 / {fmt(pct)}% of the fee deducted"
        )


def _installments(out: dict[str, Any], lines: list[str], pieces: list[Installments], fee: Decimal,
                  contract: Contract, year_no: int) -> Decimal:  # fmt: skip
    """The year's schedule in lines and fields; returns the sum of every installment of the year."""
    dues = [d for p in pieces for d in math.schedule(p, fee, contract.start, year_no)]
    if not pieces:
        return ZERO
    for d in dues:
        zh, en = d.label()
        lines.append(f"{zh}（{d.due} 起）拨付 {fmt(d.pct)}% = {money(d.yuan)} 元 / {en} (from {d.due}): "
                     f"{fmt(d.pct)}% = {money(d.yuan)} yuan")  # fmt: skip
    paid = sum((d.yuan for d in dues), ZERO)
    out["schedule"] = [
        {"at": d.at, "by": d.by, "due": str(d.due), "pct": str(d.pct), "yuan": str(d.yuan)} for d in dues
    ]
    out["installments_yuan"] = str(paid)
    return paid


def _deduction(out: dict[str, Any], lines: list[str], piece: Deduction, card: Scorecard, fee: Decimal,
               kind: str) -> str:  # fmt: skip
    each = pct_of(fee, piece.pct)
    reading = deduction_reading(piece)
    if kind != "assessment":
        out.update(deduction_pct="0", deduction_yuan="0.00")
        lines.append(f"扣减按每次考核的得分计算，本期不是考核期 / the deduction is judged on each assessment's score, "
                     f"and {card.period} is not one: see `opsledger payout`")  # fmt: skip
        return reading
    hit = math.deducts(piece, card.total)
    out.update(deduction_pct=str(piece.pct if hit else ZERO), deduction_yuan=str(each if hit else yuan(ZERO)))
    if hit:
        lines.append(
            f"本次考核 {fmt(card.total)} 分，低于 {fmt(piece.below)} 分：扣除本年服务费的 {fmt(piece.pct)}% = {money(each)} 元 / "
            f"score {fmt(card.total)} is below {fmt(piece.below)}: {fmt(piece.pct)}% of the year's fee is deducted = "
            f"{money(each)} yuan"
        )
        lines.append(reading)
    else:
        lines.append(f"本次考核 {fmt(card.total)} 分，不低于 {fmt(piece.below)} 分：不扣服务费 / score {fmt(card.total)} "
                     f"is not below {fmt(piece.below)}: no deduction")  # fmt: skip
    return reading


def _interim(out: dict[str, Any], lines: list[str], scheme: Scheme, settlement: Settlement, interim: Interim,
             card: Scorecard, contract: Contract) -> None:  # fmt: skip
    ent = math.entitlement(
        settlement, card, contract.fee_yuan, contract.network_fee_yuan, grade_pct(scheme, card)
    )
    paid = math.interim_payment(ent.total, contract.fee_yuan, interim.cap_pct)
    lines.extend(share_lines(contract.fee_yuan, ent))
    name = interim.label_zh or "中期评估"
    out.update(entitlement_yuan=str(ent.total), payment_yuan=str(paid))
    if interim.cap_pct is not None:
        cap = pct_of(contract.fee_yuan, interim.cap_pct)
        held = "，受上限限制" if ent.total > cap else ""
        held_en = ", held to the cap" if ent.total > cap else ""
        out["cap_yuan"] = str(cap)
        lines.append(
            f"{name}：按得分 {money(ent.total)} 元，最高支付 {fmt(interim.cap_pct)}% = {money(cap)} 元，本次支付 {money(paid)} 元{held} / "
            f"interim assessment: the scores are worth {money(ent.total)}, at most {fmt(interim.cap_pct)}% = {money(cap)} "
            f"is paid now: {money(paid)} yuan{held_en}"
        )
    else:
        lines.append(f"{name}：本次支付 {money(paid)} 元 / interim assessment: {money(paid)} yuan paid now")


def _settlement(out: dict[str, Any], lines: list[str], scheme: Scheme, settlement: Settlement, card: Scorecard,
                contract: Contract, year_no: int, paid_before: Decimal, depends: bool) -> None:  # fmt: skip
    if settlement.contract_years and year_no not in settlement.contract_years:
        return
    ent = math.entitlement(
        settlement, card, contract.fee_yuan, contract.network_fee_yuan, grade_pct(scheme, card)
    )
    lines.extend(share_lines(contract.fee_yuan, ent))
    out.update(entitlement_yuan=str(ent.total), shares=[
        {"label": s.share.label()[1], "pct": str(s.pct), "yuan": str(s.yuan), "of_yuan": str(s.most),
         "band": s.band.describe() if s.band else None, "grade": s.grade} for s in ent.shares])  # fmt: skip
    bands = [s.band.describe() for s in ent.shares if s.band is not None]
    if bands:
        out["band"] = bands[0]
    due = (
        math.after_months(contract.start, year_no, settlement.due_after_months)
        if settlement.due_after_months
        else None
    )
    name = settlement.label_zh or "结算"
    name_en = settlement.label_en or "settlement"
    when = f"（{due} 起）" if due else ""
    when_en = f" (from {due})" if due else ""
    if depends:
        lines.append(
            f"{name}{when} = 应付 {money(ent.total)} − 本年已付及扣减（见 opsledger payout） / {name_en}{when_en} = "
            f"{money(ent.total)} less what the year paid and deducted before it (see `opsledger payout`)"
        )
    else:
        final, over = math.settle(ent.total, paid_before, ZERO)
        out.update(payment_yuan=str(final), overpaid_yuan=str(over))
        lines.append(
            f"{name}{when} = {money(ent.total)} − 已拨 {money(paid_before)} = {money(final)} 元 / {name_en}{when_en} = "
            f"{money(ent.total)} − {money(paid_before)} paid = {money(final)} yuan"
        )
        if over:
            lines.append(f"已多拨 {money(over)} 元，文件未规定是否追回 / overpaid {money(over)} yuan; the document does not "
                         "say it is recovered")  # fmt: skip
    if due is not None:
        out["due"] = str(due)
    short = yuan(contract.fee_yuan) - ent.total
    if short > 0:
        lines.append(f"全年少付 {money(short)} 元 / {money(short)} yuan less than the full fee")


def _budget(out: dict[str, Any], lines: list[str], card: Scorecard) -> None:
    rank = f"（第 {card.rank}/{card.cohort_size} 名）" if card.rank is not None else ""
    rank_en = f" (rank {card.rank} of {card.cohort_size})" if card.rank is not None else ""
    grade = card.grade or "未评定"
    out["grade"] = card.grade
    lines.append(
        f"等次 {grade}{rank}：奖励金额按考核结果及当年度财政预算分配，文件未规定金额 / grade {card.grade_en or card.grade or 'none'}"
        f"{rank_en}: the reward is shared out from the year's budget by grade; the document sets no amount"
    )
