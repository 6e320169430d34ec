"""Scorecards as CSV: one row per item (the table's columns, then its block and item id), UTF-8 with BOM."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from schemes.display import number
from schemes.engine import Scorecard
from schemes.model import Scheme
from schemes.reports.table import COLUMNS, scorecard_table

# CSV has no section rows: each item row also says its block and item id (after the table's own columns).
CSV_COLUMNS = (*COLUMNS, "板块", "编号")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return number(value)
    return str(value)


def scorecard_rows(card: Scorecard, scheme: Scheme) -> list[list[str]]:
    """One row per item: the table's columns, then its block (板块) and item id (编号); header first."""
    table = scorecard_table(card, scheme)
    blocks = {b.id: b.title for b in scheme.blocks}
    out = [list(CSV_COLUMNS)]
    for row in table.rows:
        if row.kind == "item":
            out.append([_text(v) for v in row.values] + [blocks.get(row.block, row.block), row.item])
    return out


def cohort_rows(cards: Sequence[Scorecard], scheme: Scheme) -> list[list[str]]:
    """Every unit's item rows, in rank order, with the unit (站点) and its rank (排名) after the item id."""
    out = [[*CSV_COLUMNS, "站点", "排名"]]
    for card in cards:
        for row in scorecard_rows(card, scheme)[1:]:
            out.append([*row, card.site, str(card.rank or "")])
    return out


def csv_bytes(rows: Iterable[Sequence[str]]) -> bytes:
    """UTF-8 with a BOM (utf-8-sig) and CRLF line ends, so Excel and WPS open Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")
