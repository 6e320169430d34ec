"""Scorecards to files: `score --format xlsx|csv|pdf` picks the writer; one-line errors for unwritable places."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from ledger.errors import LedgerError
from ledger.ledger import Ledger
from ledger.messages import listing, msg, os_reason
from schemes.engine import Scorecard
from schemes.model import Scheme, get_scheme
from schemes.reports.csvfile import cohort_rows, csv_bytes, scorecard_rows
from schemes.reports.stamp import Stamp, stamp_for
from schemes.reports.xlsx import cohort_workbook, scorecard_workbook, workbook_bytes

FORMATS = ("xlsx", "csv", "pdf")


def write_file(path: str | Path, data: bytes) -> Path:
    """Write bytes to `path` (replacing it), with a one-line error for an unwritable place."""
    target = Path(path)
    try:
        target.write_bytes(data)
    except OSError as err:
        raise LedgerError(msg("cli.cannot_write", path=repr(str(target)), reason=os_reason(err))) from None
    return target


def scorecards_file(cards: Sequence[Scorecard], scheme: Scheme, fmt: str, *, cohort: bool = False,
                    site_names: dict[str, str] | None = None, stamps: dict[str, Stamp] | None = None) -> bytes:  # fmt: skip
    """One site's scorecard (or a whole ranked cohort) as file bytes; `stamps`: each site's verification."""
    names = site_names or {}
    stamps = stamps or {}
    card = cards[0]
    if fmt == "csv":
        rows = cohort_rows(cards, scheme) if cohort else scorecard_rows(card, scheme)
        return csv_bytes(rows)
    if fmt == "xlsx":
        if cohort:
            return workbook_bytes(cohort_workbook(cards, scheme, names, stamps))
        return workbook_bytes(
            scorecard_workbook(card, scheme, names.get(card.site, ""), stamps.get(card.site))
        )
    if fmt == "pdf":
        from schemes.reports.pdf import scorecards_pdf

        return scorecards_pdf(cards, scheme, names, stamps, cohort=cohort)
    raise LedgerError(msg("report.format", fmt=repr(fmt), formats=listing(FORMATS)))


def export_scorecards(ledger: Ledger, cards: Sequence[Scorecard], fmt: str, *, cohort: bool = False,
                      as_of: str | None = None) -> bytes:  # fmt: skip
    """`score --format xlsx|csv|pdf`: the file, each scorecard stamped with its site's chain head and the
    scheme file's hash."""
    scheme = get_scheme(cards[0].scheme)
    now = datetime.now().astimezone()
    stamps = {c.site: stamp_for(ledger, c.site, scheme, as_of, now) for c in cards}
    return scorecards_file(
        cards, scheme, fmt, cohort=cohort, site_names=ledger.registered_sites(), stamps=stamps
    )
