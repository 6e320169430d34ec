"""A contract year's money as plain text (`opsledger payout`): each assessment with its money lines (a reading
repeated under every assessment printed once), the payments, the deductions and the notes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from schemes.money.amounts import ROUNDING_NOTE, money

if TYPE_CHECKING:
    from schemes.money.year import YearSummary


def _detail(money_: dict[str, Any]) -> list[str]:
    """A scorecard's money lines without the fee header, the installment schedule and the rounding note
    (the summary prints those once)."""
    skip = set(money_.get("year_skip", ()))
    return [str(line) for line in money_.get("lines", []) if line not in skip]


def summary_text(s: YearSummary) -> str:
    """The year summary as plain text (the CLI prints it)."""
    from schemes.display import total_text

    lines = [
        s.scheme_title,
        f"site {s.site} · scheme {s.scheme} · year {s.year} (contract year {s.contract_year}: {s.period.start} .. {s.period.end})",
        f"合同金额 fee {money(s.fee_yuan)} 元"
        + (f" · 网络建设费 network fee {money(s.network_fee_yuan)} 元" if s.network_fee_yuan else ""),
        "",
        "考核 assessments",
    ]
    once: set[str] = set()
    for a in s.assessments:
        if a.card is None:
            lines.append(f"  {a.label:<10} {a.period_text:<10} not yet assessed (ends {a.period.end})")
            continue
        extra = f" · grade {a.card.grade}" if a.card.grade else ""
        extra += f" · rank {a.card.rank}/{a.card.cohort_size}" if a.card.rank is not None else ""
        total = total_text(a.card, s.display_places)  # '25/25 + 2', not '27/25'
        lines.append(f"  {a.label:<10} {a.period_text:<10} total {total}{extra}")
        readings = set(a.card.money.get("readings", ()))
        for line in _detail(a.card.money):
            if line in once:
                continue  # a reading repeated under every assessment is printed once
            lines.append(f"      {line}")
            if line in readings:
                once.add(line)
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
    notes = [n for n in dict.fromkeys(s.notes) if n not in once]  # a reading already printed is not repeated
    if notes:
        lines += ["", "说明 notes", *(f"  {n}" for n in notes)]
    lines += ["", ROUNDING_NOTE]
    return "\n".join(lines)
