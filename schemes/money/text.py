"""A contract year's money as plain text (`opsledger payout`): each assessment with its money lines (a reading
repeated under every assessment printed once), the payments, the deductions and the notes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ledger.messages import CATALOGUE, msg
from schemes.money.amounts import money

if TYPE_CHECKING:
    from schemes.money.year import YearSummary


def _detail(money_: dict[str, Any]) -> list[str]:
    """A scorecard's money lines without the fee header, the installment schedule and the rounding note
    (the summary prints those once)."""
    skip = set(money_.get("year_skip", ()))
    return [str(line) for line in money_.get("lines", []) if line not in skip]


def _t(key: str, **values: Any) -> str:
    return str(msg(key, **values))


def status_text(status: str) -> str:
    """A payment's status in the reader's language (the id stays in JSON, where scripts read it)."""
    key = f"payout.status.{status}"
    return _t(key) if key in CATALOGUE else status


def summary_text(s: YearSummary) -> str:
    """The year summary as plain text in the current language (the CLI prints it). The money layer's labels
    and notes carry both languages as data and are printed as they are."""
    from schemes.display import one_language, total_text

    p = s.period
    lines = [
        s.scheme_title,
        _t(
            "payout.header",
            site=s.site,
            scheme=s.scheme,
            year=s.year,
            contract_year=s.contract_year,
            start=p.start,
            end=p.end,
        ),
        _t("payout.fee", fee=money(s.fee_yuan))
        + (_t("payout.network_fee", fee=money(s.network_fee_yuan)) if s.network_fee_yuan else ""),
        "",
        _t("payout.assessments"),
    ]
    once: set[str] = set()
    for a in s.assessments:
        if a.card is None:
            lines.append(f"  {a.label:<10} {a.period_text:<10} {_t('payout.not_assessed', end=a.period.end)}")
            continue
        extra = _t("payout.grade", grade=a.card.grade) if a.card.grade else ""
        if a.card.rank is not None:
            extra += _t("payout.rank", rank=a.card.rank, size=a.card.cohort_size)
        total = total_text(a.card, s.display_places)  # '25/25 + 2', not '27/25'
        lines.append(f"  {a.label:<10} {a.period_text:<10} {_t('payout.total', total=total)}{extra}")
        readings = set(a.card.money.get("readings", ()))
        for line in _detail(a.card.money):
            if line in once:
                continue  # a reading repeated under every assessment is printed once
            lines.append(f"      {one_language(line)}")
            if line in readings:
                once.add(line)
    lines += ["", _t("payout.payments")]
    for pay in s.payments:
        amount = "—" if pay.yuan is None else money(pay.yuan)
        due = f" {pay.due}" if pay.due else ""
        lines.append(
            f"  {pay.label}: {amount} 元 [{status_text(pay.status)}{due}]"
            + (f"  {one_language(pay.basis)}" if pay.basis else "")
        )
    lines.append(
        "  " + _t("payout.total_paid", yuan=money(s.total_paid)) + ("" if s.complete else _t("payout.so_far"))
    )
    if s.total_due != s.total_paid:
        lines.append("  " + _t("payout.due_by", today=s.today, yuan=money(s.total_due)))
    lines += ["", _t("payout.deductions")]
    if not s.deductions:
        lines.append("  " + _t("payout.none"))
    for d in s.deductions:
        lines.append(f"  {d.label}: −{money(d.yuan)} 元  {one_language(d.why)}")
    if s.deductions:
        lines.append("  " + _t("payout.total_deducted", yuan=money(s.total_deducted)))
    notes = [n for n in dict.fromkeys(s.notes) if n not in once]  # a reading already printed is not repeated
    if notes:
        lines += ["", _t("payout.notes"), *(f"  {one_language(n)}" for n in notes)]
    lines += ["", _t("payout.rounding")]
    return "\n".join(lines)
