"""What `opsledger demo` prints: every site's scorecard as `opsledger score` computes it, and the Wujiang
cohort in rank order, then the commands to look further."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ledger.ledger import Ledger
from projections.numbers import fmt
from schemes import display
from schemes.demo.build import DemoResult
from schemes.demo.sites import CHIFENG, DONGSHENG, PINGXIANG, SHAXIAN
from schemes.engine import Scorecard
from schemes.model import get_scheme


@dataclass(frozen=True)
class Line:
    """One summary line: a site's scorecard for one period."""

    site: str
    scheme: str
    period: str
    card: Scorecard


def summaries(ledger: Ledger, year: int) -> tuple[list[Line], list[Scorecard]]:
    """Each site's scorecard(s) as `opsledger score` computes them, and the Wujiang cohort in rank order."""
    from schemes import service

    lines: list[Line] = []
    for site in (CHIFENG, DONGSHENG, PINGXIANG, SHAXIAN):
        periods = [f"{year}-Q{q}" for q in range(1, 5)] if site is CHIFENG else [str(year)]
        for period in periods:
            lines.append(Line(site.id, site.scheme, period, service.score_site(ledger, site.id, period)))
    cohort = service.score_cohort(ledger, "wujiang-alliance", str(year))
    return lines, cohort


def _yuan(text: Any) -> str:
    return f"{Decimal(str(text)):,.2f}"


def money_line(card: Scorecard) -> str:
    """The one money figure that matters for the scorecard, from its payout kind's fields (`score` prints all)."""
    m = card.money
    if m.get("deduction_yuan") is not None and not m.get("projection"):
        if Decimal(m["deduction_yuan"]):
            return f"below the threshold: {fmt(Decimal(m['deduction_pct']))}% of the year's fee deducted = {_yuan(m['deduction_yuan'])}"
        return f"no deduction (year's fee {_yuan(m['fee_yuan'])})"
    if m.get("entitlement_yuan") is not None:
        worth = f"worth {_yuan(m['entitlement_yuan'])} of {_yuan(m['fee_yuan'])}"
        if m.get("payment_yuan") is not None:
            due = f" from {m['due']}" if m.get("due") else ""
            return f"{worth}; pays {_yuan(m['payment_yuan'])} now{due}"
        return worth
    lines = [str(x) for x in m.get("lines", ())]
    return lines[1] if len(lines) > 1 else (lines[0] if lines else "-")


def summary_text(result: DemoResult, lines: list[Line], cohort: list[Scorecard]) -> str:
    first, last = result.first_recorded.date(), result.last_recorded.date()
    out = [
        f"demo ledger {result.path}: {result.events} events, seed {result.seed}, year {result.year}",
        f"  recorded day by day from {first} to {last}, each day's events the next working morning (late ones",
        "  later); the same seed gives the same ledger, hashes included",
        "",
        f"{'site':<24} {'scheme':<17} {'period':<8} {'total':>16}  {'grade':<10} money",
    ]
    for line in lines:
        card = line.card
        total = display.total_text(card, get_scheme(card.scheme).display_places)  # '25/25 + 2', not '27/25'
        grade = f"{card.grade or '-'}" + (f" ({card.grade_en})" if card.grade_en else "")
        out.append(
            f"{line.site:<24} {line.scheme:<17} {line.period:<8} {total:>16}  {grade:<10} {money_line(card)}"
        )
        for late in card.late:
            out.append(
                f"{'':24} late: seq {late['seq']} {late['type']} occurred {late['occurred_at']}: {late['status']}"
            )
    out += ["", f"乐业吴江 cohort (wujiang-alliance {result.year}), {len(cohort)} units in rank order:"]
    out.append(f"  {'rank':<5} {'unit':<14} {'total':>7}  grade  conditions")
    places = get_scheme(cohort[0].scheme).display_places if cohort else None
    for card in cohort:
        met = sorted({str(cid) for c in card.consequences for cid in c.get("conditions", ())})
        shown = display.number(card.total, places)
        out.append(
            f"  {card.rank!s:<5} {card.site:<14} {shown:>7}  {card.grade or '-':<5}  {', '.join(met) or '-'}"
        )
    db = shlex.quote(str(result.path))  # a server URL has ? and & in it
    y = result.year
    out += [
        "",
        "next:",
        f"  opsledger --db {db} score --site {SHAXIAN.id} --period {y}",
        f"  opsledger --db {db} gaps --site {PINGXIANG.id} --period {y}",
        f"  opsledger --db {db} score --scheme wujiang-alliance --period {y}",
        f"  opsledger --db {db} events --site {CHIFENG.id} --type correction",
        f"  opsledger --db {db} score --site {PINGXIANG.id} --period {y}-Q2 --as-of {y}-07-05",
        f"  opsledger --db {db} diff --site {PINGXIANG.id} --period {y}-Q2 --from {y}-07-05 --to {y}-10-01",
        f"  opsledger --db {db} score --site {DONGSHENG.id} --period {y}-H1",
    ]
    return "\n".join(out)
