"""Scorecards to files: `score --format xlsx|csv` picks the writer; one-line errors for unwritable places."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ledger.errors import LedgerError
from schemes.engine import Scorecard
from schemes.model import Scheme
from schemes.reports.csvfile import cohort_rows, csv_bytes, scorecard_rows
from schemes.reports.xlsx import cohort_workbook, scorecard_workbook, workbook_bytes


def write_file(path: str | Path, data: bytes) -> Path:
    """Write bytes to `path` (replacing it), with a one-line error for an unwritable place."""
    target = Path(path)
    try:
        target.write_bytes(data)
    except OSError as err:
        raise LedgerError(f"cannot write {str(target)!r}: {err.strerror or err}") from None
    return target


def scorecards_file(cards: Sequence[Scorecard], scheme: Scheme, fmt: str, *, cohort: bool = False,
                    site_names: dict[str, str] | None = None) -> bytes:  # fmt: skip
    """`score --format xlsx|csv`: one site's scorecard (or a whole ranked cohort) as file bytes."""
    names = site_names or {}
    if fmt == "csv":
        rows = cohort_rows(cards, scheme) if cohort else scorecard_rows(cards[0], scheme)
        return csv_bytes(rows)
    if fmt == "xlsx":
        card = cards[0]
        wb = (
            cohort_workbook(cards, scheme, names)
            if cohort
            else scorecard_workbook(card, scheme, names.get(card.site, ""))
        )
        return workbook_bytes(wb)
    raise LedgerError(f"unknown spreadsheet format {fmt!r}: use xlsx or csv")
