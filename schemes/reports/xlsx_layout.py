"""The 评分表 sheet on paper: column widths, row heights from the wrapped text, and the page breaks.

Row heights: a spreadsheet does not grow the rows openpyxl writes, so each row gets the height of its
tallest cell: the text's wrapped lines at its column's width (a CJK character is two columns, a Latin
character or digit 1.25), at the measured line pitch; a merged cell's text is spread over the rows it spans.

Page breaks: a merged 类别 or 考核内容 cell that runs across a page break is printed by LibreOffice (and
Excel) as one text centred over the whole merged range: half of it lands under the next page's repeated
header row or in the footer. So the breaks are planned here from those heights (which the spreadsheet uses
as given, at 100 %), written as manual breaks, and every vertical merge is cut at them, its text repeated at
the top of each page's part, as one would lay the table out by hand.

Pure: a Table in, numbers out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from schemes.reports.table import COLUMNS, EXPLANATION, MAX, Table
from schemes.reports.textwidth import wrapped_lines

# Column widths in the default font's digits (Arial 10: about one Latin character, half a CJK character
# at the 10 pt body font). 129 units are ~760 pt: A4 landscape holds 784 pt between 0.4-inch margins.
WIDTHS = (7, 17, 12, 13, 28, 6, 6, 27, 13)


LINE_PT = 14.5  # one wrapped line of 10 pt CJK text (Noto/DengXian line spacing is ~1.4 em)


PAD_PT = 5.0


LATIN = 1.25  # a Latin character or digit, in half-CJK columns (DejaVu Sans digits are 6.4 pt at 10 pt)


MAX_ROW_PT = 409.0  # Excel's largest row height


PRINTABLE_PT = 297 / 25.4 * 72 - 2 * 0.4 * 72  # A4 landscape width between 0.4-inch margins


# A4 landscape is 595.3 pt high; the sheet's margins are 0.5 in at the top and 0.6 in at the bottom (the
# header and footer sit inside them). 24 pt are kept in hand for a spreadsheet's own rounding.
PAGE_BODY_PT = 595.3 - (0.5 + 0.6) * 72 - 24


def column_pt(units: float) -> float:
    """A column of width w is about w digits of the default font plus padding: Excel rounds Arial 10's digit
    to 7 px (5.25 pt), LibreOffice keeps 5.56 pt; the wider reading, so the table fits both."""
    return units * 5.6 + 4


def capacity(units: float) -> float:
    """Display columns of text a cell of `units` width holds at 10 pt (a CJK character is 10 pt = 2 columns),
    less the cell's padding and a character's slack: a line may not start with '，' or '。', so a wrap can
    move one more character down (measured in LibreOffice: 15 CJK characters in a 29-unit column)."""
    return max(2.0, (column_pt(units) - 10) / 5.2)


def text_height(text: str, units: float) -> float:
    """Points a wrapped cell of this text needs at this width."""
    if not text:
        return 0.0
    return wrapped_lines(text, capacity(units), LATIN) * LINE_PT + PAD_PT


def scale_for(widths: Sequence[float]) -> int:
    """The print scale (%) at which these columns fit A4 landscape: 100 when they do, never below 60."""
    need = sum(column_pt(w) for w in widths)
    return max(60, min(100, math.floor(PRINTABLE_PT / need * 100)))


TITLE_PT, HEADER_PT = 28.0, LINE_PT + PAD_PT  # rows 1-2 (title, subtitle) and the header row 3


@dataclass
class Layout:
    """The table on paper: row heights, the rows that begin a page, and the merges cut at those pages."""

    heights: list[float]
    starts: list[int]
    merges: list[tuple[int, int, int]]  # (column, first, last) of 类别/考核内容, in table rows
    labels: list[tuple[int, int, int]]  # (0, first, last) of the summary rows sharing one label


def _label_runs(table: Table) -> list[tuple[int, int, int]]:
    return [(0, n, n + table.label_span(n) - 1) for n, row in enumerate(table.rows)
            if row.kind == "total" and table.label_span(n)]  # fmt: skip


def _spans(runs: Sequence[tuple[int, int, int]]) -> dict[tuple[int, int], int]:
    out: dict[tuple[int, int], int] = {}
    for col, first, last in runs:
        out[(col, first)] = last - first + 1
        for k in range(first + 1, last + 1):
            out[(col, k)] = 0
    return out


def _display(row: Any, col: int, places: int | None) -> str:
    """The text a cell shows (points as the number format shows them; 说明 in Chinese)."""
    if col == EXPLANATION:
        return row.explanation_zh
    value = row.values[col]
    if isinstance(value, Decimal):
        return f"{value:.{places}f}" if places is not None else str(value)
    return "" if value is None else str(value)


def _heights(
    table: Table, merges: Sequence[tuple[int, int, int]], labels: Sequence[tuple[int, int, int]]
) -> list[float]:
    """Each table row's height: its tallest cell, then merged cells' deficits spread over their rows."""
    ncol = len(COLUMNS)
    span, label_span = _spans(merges), _spans(labels)
    heights: list[float] = []
    for n, row in enumerate(table.rows):
        if row.kind == "section":
            need = text_height(row.label, sum(WIDTHS))
        elif row.kind == "item":
            need = max(text_height(_display(row, col, table.places), WIDTHS[col])
                       for col in range(ncol) if span.get((col, n), 1) == 1)  # fmt: skip
        else:
            own_label = label_span.get((0, n), 1) == 1
            need = max(text_height(row.note, sum(WIDTHS[EXPLANATION:])),
                       text_height(row.label, sum(WIDTHS[:MAX])) if own_label else 0)  # fmt: skip
        heights.append(max(need, LINE_PT + PAD_PT))
    for col, top, bottom in merges:  # a merged 类别/考核内容 cell: its text over the rows it spans
        need = text_height(_display(table.rows[top], col, table.places), WIDTHS[col])
        have = sum(heights[top : bottom + 1])
        if need > have:
            extra = (need - have) / (bottom - top + 1)
            for k in range(top, bottom + 1):
                heights[k] += extra
    return [min(h, MAX_ROW_PT) for h in heights]


def page_starts(heights: Sequence[float], first_page_used: float, repeated: float,
                body: float = PAGE_BODY_PT) -> list[int]:  # fmt: skip
    """Indices into `heights` of the rows that begin a new page, filling each page greedily: the first page
    already holds `first_page_used` points (title, subtitle, header row), every later one `repeated` (the
    header row printed again). A row taller than a page gets a page of its own."""
    starts: list[int] = []
    used = first_page_used
    for n, h in enumerate(heights):
        if used + h > body and used > repeated:
            starts.append(n)
            used = repeated
        used += h
    return starts


def pieces(runs: Sequence[tuple[int, int, int]], starts: Sequence[int]) -> list[tuple[int, int, int]]:
    """(column, first, last) runs cut at the page starts. A piece is merged if it has more than one row;
    either way its first cell carries the run's text again."""
    out: list[tuple[int, int, int]] = []
    for col, first, last in runs:
        edges = [first, *(s for s in starts if first < s <= last), last + 1]
        out += [(col, a, b - 1) for a, b in zip(edges, edges[1:], strict=False)]
    return out


def layout(table: Table) -> Layout:
    """Heights and page breaks, settled together: cutting a merge at a page break can make its rows
    taller (its text over fewer rows), which can move the break; a few rounds settle it."""
    labels = _label_runs(table)
    merges, cut_labels = list(table.merges), labels
    starts: list[int] = []
    for _ in range(8):
        heights = _heights(table, [m for m in merges if m[2] > m[1]], [m for m in cut_labels if m[2] > m[1]])
        again = page_starts(heights, TITLE_PT + 2 * HEADER_PT, HEADER_PT)
        if again == starts:
            break
        starts = again
        merges, cut_labels = pieces(table.merges, starts), pieces(labels, starts)
    return Layout(heights, starts, merges, cut_labels)
