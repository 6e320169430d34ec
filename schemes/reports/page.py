"""`opsledger report`: gather what the HTML page shows (schemes/reports/html_page.py draws it).

The page holds the scorecard in the document's table shape (schemes/reports/table.py), a chart per key
indicator against its target month by month and cadence charts (schemes/reports/charts.py), the gaps list
(schemes/gaps.py) and the evidence checklist (schemes/audit/evidence.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ledger.ledger import Ledger
from projections import facts as proj
from projections.numbers import ZERO
from projections.periods import Period
from schemes import audit, service
from schemes.engine import ItemScore, Scorecard
from schemes.model import Scheme
from schemes.reports.charts import Chart, cadence_charts, key_charts
from schemes.reports.stamp import Stamp, stamp_for
from schemes.reports.table import Table, scorecard_table


@dataclass
class Report:
    card: Scorecard
    scheme: Scheme
    site_name: str
    period: Period
    today: date
    table: Table
    charts: list[Chart]
    cadence: list[Chart]
    evidence: list[audit.ItemEvidence]
    gaps: Any = None  # schemes.gaps.GapReport when that module is present
    item_gaps: list[ItemScore] = field(default_factory=list)  # the fallback: the engine's own gaps
    stamp: Stamp | None = None  # the site's chain head and the scheme file's hash (the page's footer)


def build(
    ledger: Ledger, site: str, period_text: str, *, today: date, scheme_id: str | None = None
) -> Report:
    """Score (site, period) and gather everything the page shows."""
    target = service.resolve(ledger, site, period_text, scheme_id)
    card, evidence = audit.evidence_report(ledger, site, period_text, scheme_id=scheme_id)
    scheme = target.scheme
    facts = proj.site_facts(ledger, site, target.period.end, None, scheme.late_policy)
    name = ledger.registered_sites().get(site, "")
    report = Report(
        card, scheme, name, target.period, today, scorecard_table(card, scheme, name),
        key_charts(scheme, card, facts, target.period, today), cadence_charts(scheme, card, facts, target.period, today),
        evidence, stamp=stamp_for(ledger, site, scheme),
    )  # fmt: skip
    try:
        from schemes import gaps
    except ImportError:  # schemes/gaps.py not present: the engine's own gaps
        report.item_gaps = sorted(
            (i for i in card.items if i.gaps), key=lambda i: -sum((g.gain for g in i.gaps), ZERO)
        )
    else:
        report.gaps = gaps.site_gaps(ledger, site, period_text, today, scheme_id=scheme_id)
    return report


def write(ledger: Ledger, site: str, period_text: str, out: str | Path, *, today: date,
          scheme_id: str | None = None) -> tuple[Path, Report]:  # fmt: skip
    """Build and write the page; a one-line error if the file cannot be written."""
    from schemes.reports.files import write_file
    from schemes.reports.html_page import render

    report = build(ledger, site, period_text, today=today, scheme_id=scheme_id)
    return write_file(out, render(report).encode("utf-8")), report
