"""`score --format pdf`: the printed scorecard (schemes/reports/print_html.py) as an A4 PDF, by WeasyPrint.

Why WeasyPrint and not a browser's print: it implements CSS paged media (page size, margin boxes with
'第 N 页，共 M 页', a header row repeated on every page, rows kept whole) in-process, from Python, with no
browser to install, start and sandbox on an assessor's or a server's machine, and the same input gives
the same pages. It draws with Pango and fontconfig, so Chinese needs a CJK font installed: the page asks
for Noto Sans CJK SC (Debian: fonts-noto-cjk).
"""

from __future__ import annotations

from collections.abc import Sequence

from ledger.errors import LedgerError
from ledger.messages import msg
from schemes.engine import Scorecard
from schemes.model import Scheme
from schemes.reports.print_html import document, notes_section, ranking_section, scorecard_section
from schemes.reports.stamp import Stamp


def html_to_pdf(page: str) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as err:  # OSError: the Pango library it draws with is missing
        raise LedgerError(msg("report.no_pdf", error=str(err))) from None
    return HTML(string=page).write_pdf()


def scorecards_pdf(cards: Sequence[Scorecard], scheme: Scheme, names: dict[str, str] | None = None,
                   stamps: dict[str, Stamp] | None = None, *, cohort: bool = False) -> bytes:  # fmt: skip
    """One scorecard, or a cohort's ranking page and then each unit's scorecard (in rank order), as a PDF."""
    names = names or {}
    stamps = stamps or {}
    sections = [ranking_section(cards, scheme, names)] if cohort else []
    sections += [scorecard_section(c, scheme, names.get(c.site, ""), stamps.get(c.site), notes=not cohort)
                 for c in cards]  # fmt: skip
    if cohort:
        sections.append(notes_section(cards[0], scheme))
    first = cards[0]
    title = f"{scheme.title} {first.period}" if cohort else f"{scheme.title} {first.site} {first.period}"
    return html_to_pdf(document(title, sections))
