"""A contract year in money: its assessments, each payment, each deduction and why (`opsledger payout`).

`assessment_plan`, `summarise` and `summary_text` are pure; `year_summary` is the one function here that reads
the ledger: it scores each assessment of the year that has ended through `schemes.service.score_site` and
hands the cards to `summarise`. (This module imports the service; the service imports only `money.card`, so
there is no import cycle.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ledger.messages import listing, msg
from projections import facts as proj
from projections.facts import Contract
from projections.numbers import ZERO, fmt
from projections.periods import Period, add_months
from schemes.engine import Scorecard
from schemes.errors import SchemeError
from schemes.model import Scheme, get_scheme
from schemes.money import math
from schemes.money.amounts import ROUNDING, money, yuan
from schemes.money.card import deduction_reading, grade_pct, role
from schemes.money.pieces import BudgetShare, Deduction, Installments, Interim, Settlement
from schemes.money.text import summary_text

if TYPE_CHECKING:
    from ledger.ledger import Ledger

__all__ = ["Assessment", "DeductionLine", "Payment", "YearSummary", "assessment_plan", "parse_year", "summarise",
           "summary_text", "year_summary"]  # fmt: skip


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
class DeductionLine:
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
    deductions: list[DeductionLine]
    notes: list[str] = field(default_factory=list)
    today: date | None = None
    display_places: int | None = None  # the scheme's, for the text (schemes/display.py)

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
            "site": self.site, "scheme": self.scheme, "scheme_title": self.scheme_title, "year": self.year,
            "contract_year": self.contract_year,
            "period": {"label": str(self.period), "start": str(self.period.start), "end": str(self.period.end)},
            "fee_yuan": str(yuan(self.fee_yuan)), "network_fee_yuan": str(yuan(self.network_fee_yuan)),
            "rounding": ROUNDING,
            "assessments": [
                {"label": a.label, "period": a.period_text, "start": str(a.period.start), "end": str(a.period.end),
                 "total": None if a.card is None else str(a.card.total),
                 "grade": None if a.card is None else a.card.grade, "rank": None if a.card is None else a.card.rank,
                 "money": None if a.card is None else a.card.to_json()["money"]}
                for a in self.assessments
            ],
            "payments": [
                {"label": p.label, "yuan": None if p.yuan is None else str(p.yuan),
                 "due": None if p.due is None else str(p.due), "status": p.status, "basis": p.basis}
                for p in self.payments
            ],
            "total_paid_yuan": str(yuan(self.total_paid)), "total_due_yuan": str(yuan(self.total_due)),
            "today": None if self.today is None else str(self.today), "complete": self.complete,
            "deductions": [{"label": d.label, "yuan": str(d.yuan), "why": d.why} for d in self.deductions],
            "total_deducted_yuan": str(yuan(self.total_deducted)), "notes": self.notes,
        }  # fmt: skip


def _status(due: date | None, today: date) -> str:
    if due is None:
        return "after the assessment"
    return "due" if due <= today else "scheduled"


# -- the year's assessments ---------------------------------------------------------------------------------


def parse_year(text: str) -> tuple[str, int]:
    """'2026' -> ('calendar', 2026); 'Y2' -> ('contract', 2)."""
    t = text.strip()
    if t[:1] in ("Y", "y") and t[1:].isdigit() and int(t[1:]) >= 1:
        return "contract", int(t[1:])
    if len(t) == 4 and t.isdigit() and int(t) >= 1:
        return "calendar", int(t)
    raise SchemeError(msg("pay.bad_year", text=repr(text)))


def pick_contract(deals: list[Contract], site: str, how: str, n: int) -> tuple[Contract, int]:
    if not deals:
        raise SchemeError(msg("pay.no_contract", site=repr(site), name=site))
    if how == "contract":
        return deals[-1], n
    for c in reversed(deals):
        k = n - c.start.year + 1
        if k >= 1 and (c.end is None or add_months(c.start, 12 * (k - 1)) <= c.end):
            return c, k
    starts = listing(str(c.start) for c in deals)
    raise SchemeError(msg("pay.no_year", site=repr(site), n=n, starts=starts))


def assessment_plan(
    scheme: Scheme, contract: Contract, year_no: int, *, latest: bool = True
) -> tuple[Period, list[tuple[str, str]]]:
    """The contract year's span and its assessments as (label, period text for `score_site`).

    The assessments are the interim piece's (the first k months), then every `assessed_every` period of the
    year. Contracts starting on 1 January use calendar periods (2026-Q1, 2026-H1, 2026); others use the contract-
    relative forms (Y1-Q1, C+6m, C+12m), which exist for halves and years in contract year 1 only. Cohort
    schemes are scored on the calendar year their rules name.
    """
    start = math.year_start(contract.start, year_no)
    span = Period.span(start, add_months(contract.start, 12 * year_no) - timedelta(days=1), f"Y{year_no}")
    aligned = contract.start.month == 1 and contract.start.day == 1
    cal = start.year
    if scheme.cohort:
        return Period.year(cal), [("年度 year", str(cal))]
    every = scheme.assessed_every
    if every == "quarter":
        if not aligned and not latest:
            raise SchemeError(msg("pay.relative_quarters", site=contract.site, start=contract.start))
        return span, [(f"Q{q}", f"{cal}-Q{q}" if aligned else f"Y{year_no}-Q{q}") for q in range(1, 5)]
    if not aligned and (year_no > 1 or not latest):
        raise SchemeError(msg("pay.relative_year", year=year_no, start=contract.start))
    plan: list[tuple[str, str]] = []
    interim = scheme.payout.one(Interim)
    if interim is not None:
        k = interim.after_months
        text = {3: f"{cal}-Q1", 6: f"{cal}-H1"}.get(k) if aligned else None
        label = "半年 H1" if k == 6 else f"前{k}个月 first {k} months"
        plan.append((label, text or f"C+{k}m"))
    if every == "month":
        if not aligned:
            raise SchemeError(msg("pay.monthly_jan", start=contract.start))
        plan += [(f"M{m}", f"{cal}-{m:02d}") for m in range(1, 13)]
    elif every == "half":
        plan += [("H1", f"{cal}-H1" if aligned else "C+6m")] + ([("H2", f"{cal}-H2")] if aligned else [])
    else:
        plan.append(("年度 year", str(cal) if aligned else "C+12m"))
    return span, plan


# -- the year's money ---------------------------------------------------------------------------------------


def summarise(
    scheme: Scheme, contract: Contract, year: str, contract_year: int, period: Period,
    assessments: list[Assessment], today: date,
) -> YearSummary:  # fmt: skip
    """The year's payments and deductions from its scorecards (pure; `year_summary` does the scoring)."""
    fee = contract.fee_yuan
    out = YearSummary(site=contract.site, scheme=scheme.id, scheme_title=scheme.title, year=year,
                      contract_year=contract_year, period=period, fee_yuan=fee, network_fee_yuan=contract.network_fee_yuan,
                      assessments=assessments, payments=[], deductions=[], today=today,
                      display_places=scheme.display_places)  # fmt: skip
    for a in assessments:
        if a.card is None:
            out.notes.append(
                f"{a.label} {a.period_text} 尚未结束（{a.period.end} 止），未评分 / has not ended (ends {a.period.end}): not scored"
            )
    payout = scheme.payout
    if payout.pieces and not payout.covers_year(contract_year):
        out.notes.append(
            payout.other_years
            or f"合同第{contract_year}年：文件未规定付款 / contract year {contract_year}: no payment terms"
        )
        return out
    paid = ZERO
    for piece in payout.of(Installments):
        paid += _installments(out, piece, contract, contract_year, today)
    interim = payout.one(Interim)
    settlement = payout.one(Settlement)
    if interim is not None and settlement is not None:
        paid += _interim(out, scheme, interim, settlement, contract, assessments, today)
    deducted = ZERO
    for piece in payout.of(Deduction):
        deducted += _deductions(out, piece, scheme, contract, assessments)
    if settlement is not None and (
        not settlement.contract_years or contract_year in settlement.contract_years
    ):
        _settlement(out, scheme, settlement, contract, contract_year, assessments, paid, deducted, today)
    elif payout.of(Deduction) and settlement is None:
        out.notes.append(
            "文件未规定付款方式：只列出扣减 / the document sets no payment terms: only the deductions are listed"
        )
    if payout.one(BudgetShare) is not None:
        _budget(out, assessments)
    if not payout.pieces:
        out.notes.append("方案未规定付款 / the scheme file has no [payout] pieces")
    for a in assessments:
        for c in a.card.consequences if a.card is not None else ():
            if c.get("terminable"):
                out.notes.append(
                    f"{a.label} {a.period_text}：{c['zh']} / {a.label} {a.period_text}: {c['en']}"
                )
    return out


def _installments(
    out: YearSummary, piece: Installments, contract: Contract, year_no: int, today: date
) -> Decimal:
    dues = math.schedule(piece, contract.fee_yuan, contract.start, year_no)
    for d in dues:
        zh, en = d.label()
        out.payments.append(Payment(f"{zh} {en}", d.yuan, d.due, _status(d.due, today),
                                    f"合同金额的 {fmt(d.pct)}% / {fmt(d.pct)}% of the fee"))  # fmt: skip
    return sum((d.yuan for d in dues), ZERO)


def _card_roles(
    scheme: Scheme, contract: Contract, assessments: list[Assessment], kind: str
) -> list[Assessment]:
    return [a for a in assessments if role(scheme, contract, a.period) == kind]


def _interim(out: YearSummary, scheme: Scheme, interim: Interim, settlement: Settlement, contract: Contract,
             assessments: list[Assessment], today: date) -> Decimal:  # fmt: skip
    paid = ZERO
    for a in _card_roles(scheme, contract, assessments, "interim"):
        label = f"{interim.label_zh or '中期评估'} {interim.label_en or 'interim assessment'} {a.period_text}"
        if a.card is None:
            out.payments.append(Payment(label, None, None, "pending assessment", ""))
            continue
        ent = math.entitlement(
            settlement, a.card, contract.fee_yuan, contract.network_fee_yuan, grade_pct(scheme, a.card)
        )
        pay = math.interim_payment(ent.total, contract.fee_yuan, interim.cap_pct)
        parts = " + ".join(f"{s.share.label()[0]} {fmt(s.pct)}%" for s in ent.shares)
        parts_en = " + ".join(f"{s.share.label()[1]} {fmt(s.pct)}%" for s in ent.shares)
        cap = f"，最高 {fmt(interim.cap_pct)}%" if interim.cap_pct is not None else ""
        cap_en = f", capped at {fmt(interim.cap_pct)}%" if interim.cap_pct is not None else ""
        out.payments.append(Payment(label, pay, None, _status(None, today),
                                    f"{parts} = {money(ent.total)}{cap} / {parts_en} = {money(ent.total)}{cap_en}"))  # fmt: skip
        paid += pay
    return paid


def _deductions(out: YearSummary, piece: Deduction, scheme: Scheme, contract: Contract,
                assessments: list[Assessment]) -> Decimal:  # fmt: skip
    scored = [a for a in _card_roles(scheme, contract, assessments, "assessment") if a.card is not None]
    cuts = math.year_deductions(piece, contract.fee_yuan, [a.card.total for a in scored])  # type: ignore[union-attr]
    for a, cut in zip(scored, cuts, strict=True):
        assert a.card is not None
        total = fmt(a.card.total)
        if cut:
            out.deductions.append(DeductionLine(
                f"{a.label} {a.period_text}", cut,
                f"得分 {total} 低于 {fmt(piece.below)}：扣除本年服务费的 {fmt(piece.pct)}% / score {total} below "
                f"{fmt(piece.below)}: {fmt(piece.pct)}% of the year's fee",
            ))  # fmt: skip
        elif math.deducts(piece, a.card.total):
            why = "一年只扣一次" if piece.once_a_year else "扣减已达上限"
            why_en = (
                "deducted once a year only"
                if piece.once_a_year
                else "the year's deductions reached their cap"
            )
            out.notes.append(
                f"{a.label} 得分 {total} 低于 {fmt(piece.below)}，但{why} / below the threshold, but {why_en}"
            )
    out.notes.append(deduction_reading(piece))
    return sum(cuts, ZERO)


def _settlement(out: YearSummary, scheme: Scheme, settlement: Settlement, contract: Contract, year_no: int,
                assessments: list[Assessment], paid: Decimal, deducted: Decimal, today: date) -> None:  # fmt: skip
    due = (
        math.after_months(contract.start, year_no, settlement.due_after_months)
        if settlement.due_after_months
        else None
    )
    name = f"{settlement.label_zh or '结算'} {settlement.label_en or 'settlement'}"
    finals = _card_roles(scheme, contract, assessments, "assessment")
    if settlement.graded:
        final = finals[-1] if finals else None
        ready = final is not None and final.card is not None
    else:  # a full share needs no score, but the year's assessments (and their deductions) must all be in
        final = finals[-1] if finals else None
        ready = all(a.card is not None for a in assessments)
    if not ready or final is None or final.card is None:
        basis = "按年度考核结果 / by the year's assessment" if settlement.graded else ""
        out.payments.append(Payment(name, None, due, "pending assessment", basis))
        return
    card = final.card
    ent = math.entitlement(
        settlement, card, contract.fee_yuan, contract.network_fee_yuan, grade_pct(scheme, card)
    )
    pay, over = math.settle(ent.total, paid, deducted)
    parts = " + ".join(f"{s.share.label()[0]} {fmt(s.pct)}%" for s in ent.shares)
    parts_en = " + ".join(f"{s.share.label()[1]} {fmt(s.pct)}%" for s in ent.shares)
    grade = f"等次 {card.grade}，" if card.grade else ""
    grade_en = f"grade {card.grade_en or card.grade}, " if card.grade else ""
    exempt = " + 网络建设费" if ent.exempt else ""
    basis = (f"{final.label} 总分 {fmt(card.total)}，{grade}{parts}{exempt}：应付 {money(ent.total)} − 已付 {money(paid)}"
             f" − 扣减 {money(deducted)} / {final.label} total {fmt(card.total)}, {grade_en}{parts_en}: worth "
             f"{money(ent.total)} less {money(paid)} paid and {money(deducted)} deducted")  # fmt: skip
    if not settlement.graded and not settlement.due_after_months:
        basis += "；文件未规定付款时间 / the document sets no payment date"
    out.payments.append(Payment(name, pay, due, _status(due, today), basis))
    for s in ent.shares:
        if s.lost <= 0:
            continue
        zh, en = s.share.label()
        if s.share.scale == "grade":
            label = f"等次 grade {card.grade}"
            why = f"总分 {fmt(card.total)}，等次 {card.grade}：{zh}按 {fmt(s.pct)}% 支付 / total {fmt(card.total)}, grade {card.grade_en or card.grade}: {en} pays {fmt(s.pct)}%"
        else:
            band = f"{s.band.describe()} 档" if s.band is not None else ""
            label = f"{zh} {en}"
            why = (f"{zh} {fmt(s.score)} 分 → {band}付 {fmt(s.pct)}%，不是 {fmt(s.share.pct)}% / {en} {fmt(s.score)} pays "
                   f"{fmt(s.pct)}% instead of {fmt(s.share.pct)}%")  # fmt: skip
        out.deductions.append(DeductionLine(label, s.lost, why))
    if ent.exempt_unpaid:
        out.deductions.append(DeductionLine("网络建设费 network fee", ent.exempt_unpaid,
                                            "不予支付 / not paid under this scheme's reading"))  # fmt: skip
    if over:
        out.notes.append(
            f"已多付 {money(over)} 元（高于全年应付），文件未规定是否追回 / {money(over)} yuan more was paid than the year is worth "
            "(it exceeded the year's entitlement); the document does not say it is recovered"
        )


def _budget(out: YearSummary, assessments: list[Assessment]) -> None:
    for a in assessments:
        if a.card is None:
            continue
        out.payments.append(Payment(
            f"{a.label} 奖励 reward", None, None, "set by budget",
            f"等次 {a.card.grade or '未评定'}：按当年度财政预算分配 / grade {a.card.grade_en or a.card.grade or 'none'}: "
            "shared out from the year's budget",
        ))  # fmt: skip
    out.notes.append("文件未规定金额：奖励按考核结果及当年度财政预算分配 / the document sets no amount: the reward comes "
                         "from the year's budget by grade")  # fmt: skip


# -- I/O: score the year's assessments ------------------------------------------------------------------------


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
    from schemes.service import score_site
    from schemes.targets import check_site

    check_site(ledger, site)
    how, n = parse_year(year)
    deals = proj.contracts(ledger, site, proj.as_of_text(as_of))
    contract, year_no = pick_contract(deals, site, how, n)
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
