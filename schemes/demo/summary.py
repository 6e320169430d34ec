"""What `opsledger demo` prints: every site's scorecard as `opsledger score` computes it, and the Wujiang
cohort in rank order, then the commands to look further."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ledger.events import CATALOG
from ledger.ledger import Ledger
from ledger.messages import Both, current_lang, msg, text
from projections.numbers import fmt
from schemes import display
from schemes.demo.build import DemoResult
from schemes.demo.sites import CHIFENG, DONGSHENG, PINGXIANG, SHAXIAN
from schemes.engine import Scorecard
from schemes.late import status_text
from schemes.model import get_scheme
from schemes.reports.textwidth import pad, width


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


def _yuan(value: Any) -> str:
    return f"{Decimal(str(value)):,.2f}"


def _say(message_id: str, **values: Any) -> str:
    return text(msg(message_id, **values))


def money_line(card: Scorecard) -> str:
    """The one money figure that matters for the scorecard, from its payout kind's fields (`score` prints all)."""
    m = card.money
    if m.get("deduction_yuan") is not None and not m.get("projection"):
        if Decimal(m["deduction_yuan"]):
            return _say(
                "demo.money.deducted", pct=fmt(Decimal(m["deduction_pct"])), yuan=_yuan(m["deduction_yuan"])
            )
        return _say("demo.money.no_deduction", fee=_yuan(m["fee_yuan"]))
    if m.get("entitlement_yuan") is not None:
        worth = _say("demo.money.worth", yuan=_yuan(m["entitlement_yuan"]), fee=_yuan(m["fee_yuan"]))
        if m.get("payment_yuan") is not None:
            due = _say("demo.money.due", due=m["due"]) if m.get("due") else ""
            return _say("demo.money.pays", worth=worth, yuan=_yuan(m["payment_yuan"]), due=due)
        return worth
    lines = [str(x) for x in m.get("lines", ())]
    return lines[1] if len(lines) > 1 else (lines[0] if lines else "-")


def _type_name(event_type: str) -> Both | str:
    model = CATALOG.get(event_type)
    return Both(model.label_zh or event_type, event_type) if model is not None else event_type


def _right(value: str, cols: int) -> str:
    return " " * max(0, cols - width(value)) + value


def past_year(today: date) -> int:
    """The latest year whose demo history is all recorded by `today`: a year's history ends in the next
    January (its last days and late reports are recorded on the following working mornings; tests/test_demo.py
    pins that it ends before 1 February)."""
    return today.year - 1 if today >= date(today.year, 2, 1) else today.year - 2


def summary_text(
    result: DemoResult, lines: list[Line], cohort: list[Scorecard], today: date | None = None
) -> str:
    """The summary in the current language (`--lang`, OPSLEDGER_LANG, the locale; Chinese by default); columns
    padded by display width, so a Chinese heading or grade lines up like a Latin one.

    With `today`, a year whose history runs past it is said to be so: the demo writes a whole calendar year,
    and events recorded after today are made up (an as-of read between today and then, or an event logged now
    into this ledger, sits among them), so the reader is told which past year to ask for instead."""
    english = current_lang() == "en"
    first, last = result.first_recorded.date(), result.last_recorded.date()
    col = {name: _say(f"demo.col.{name}") for name in ("site", "scheme", "period", "total", "grade", "money",
                                                        "rank", "unit", "conditions")}  # fmt: skip
    out = [
        _say("demo.head", path=result.path, events=result.events, seed=result.seed, year=result.year),
        _say("demo.recorded", first=first, last=last),
        "",
        f"{pad(col['site'], 24)} {pad(col['scheme'], 17)} {pad(col['period'], 8)} {_right(col['total'], 18)}  "
        f"{pad(col['grade'], 10)} {col['money']}",
    ]
    for line in lines:
        card = line.card
        total = display.total_text(card, get_scheme(card.scheme).display_places)  # '25/25 + 2', not '27/25'
        grade = f"{card.grade or '-'}" + (f" ({card.grade_en})" if card.grade_en and english else "")
        out.append(f"{pad(line.site, 24)} {pad(line.scheme, 17)} {pad(line.period, 8)} {_right(total, 18)}  "
                   f"{pad(grade, 10)} {money_line(card)}")  # fmt: skip
        for late in card.late:
            out.append(
                f"{'':24} "
                + _say(
                    "demo.late",
                    seq=late["seq"],
                    type=_type_name(late["type"]),
                    on=late["occurred_at"],
                    status=status_text(late),
                )
            )
    out += ["", _say("demo.cohort", year=result.year, n=len(cohort))]
    out.append(f"  {pad(col['rank'], 5)} {pad(col['unit'], 14)} {_right(col['total'], 7)}  {pad(col['grade'], 5)}  "
               f"{col['conditions']}")  # fmt: skip
    places = get_scheme(cohort[0].scheme).display_places if cohort else None
    for card in cohort:
        met = sorted({str(cid) for c in card.consequences for cid in c.get("conditions", ())})
        shown = display.number(card.total, places)
        out.append(
            f"  {card.rank!s:<5} {card.site:<14} {shown:>7}  {pad(card.grade or '-', 5)}  {', '.join(met) or '-'}"
        )
    db = shlex.quote(str(result.path))  # a server URL has ? and & in it
    y = result.year
    out += [
        "",
        _say("demo.next"),
        f"  opsledger --db {db} score --site {SHAXIAN.id} --period {y}",
        f"  opsledger --db {db} gaps --site {PINGXIANG.id} --period {y}",
        f"  opsledger --db {db} score --scheme wujiang-alliance --period {y}",
        f"  opsledger --db {db} events --site {CHIFENG.id} --type correction",
        f"  opsledger --db {db} score --site {PINGXIANG.id} --period {y}-Q2 --as-of {y}-07-05",
        f"  opsledger --db {db} diff --site {PINGXIANG.id} --period {y}-Q2 --from {y}-07-05 --to {y}-10-01",
        f"  opsledger --db {db} score --site {DONGSHENG.id} --period {y}-H1",
    ]
    if today is not None and last > today:  # last, so the table above reads the same on any day
        out += ["", _say("demo.unfinished", year=result.year, today=today, past=past_year(today)).strip()]
    return "\n".join(out)


def checkpoints_text(where: object) -> str:
    """The line naming the buyer's checkpoints file the demo wrote, in the current language."""
    return _say("demo.checkpoints", where=where)


def building_label() -> str:
    """The progress bar's label while the demo is written, in the current language."""
    return _say("demo.building")
