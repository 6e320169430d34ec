"""Scorecards as xlsx workbooks that print: the seed's 评分表 (schemes/reports/table.py) on an A4 landscape
sheet, and the full 依据事件 list on a second sheet.

This is the sheet that gets printed, stamped and filed, so it is laid out for paper:
  - column widths that fit A4 landscape at a readable scale (no fit-to-width: a nine-column table with
    long criteria shrinks to a strip), the header row repeated on every page, page numbers in the footer;
  - row heights computed from the wrapped text (a spreadsheet does not grow rows that openpyxl writes):
    the widest cell of the row in display columns (a CJK character counts two) against its column's
    width, so no text overlaps the next row; merged cells spread their text over the rows they span;
  - 依据事件 condensed to runs ('12-15, 31, 40-44（共 17 个）') in the table, every sequence number on the
    依据事件 sheet, with the English explanation (the table says it in Chinese);
  - 小计 and 总分 as formulas with cached values (schemes/reports/xlsx_formulas.py);
  - the verification line and a signature line under the table (schemes/reports/stamp.py).

openpyxl is imported only when a workbook is made.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from schemes.engine import Scorecard
from schemes.model import Scheme
from schemes.reports.stamp import SIGNATURE, Stamp
from schemes.reports.table import (
    COLUMNS,
    EXPLANATION,
    MAX,
    POINTS,
    Table,
    cell_number,
    scorecard_table,
    seq_ranges,
)
from schemes.reports.textwidth import wrapped_lines
from schemes.reports.xlsx_formulas import formulas, with_cached_values
from schemes.reports.xlsx_pages import page_starts, pieces

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

# Column widths in the default font's digits (Arial 10: about one Latin character, half a CJK character
# at the 10 pt body font). 129 units are ~760 pt: A4 landscape holds 784 pt between 0.4-inch margins.
WIDTHS = (7, 17, 12, 13, 28, 6, 6, 27, 13)
FONT, SIZE = "等线", 10
LINE_PT = 14.5  # one wrapped line of 10 pt CJK text (Noto/DengXian line spacing is ~1.4 em)
PAD_PT = 5.0
LATIN = 1.25  # a Latin character or digit, in half-CJK columns (DejaVu Sans digits are 6.4 pt at 10 pt)
MAX_ROW_PT = 409.0  # Excel's largest row height
PRINTABLE_PT = 297 / 25.4 * 72 - 2 * 0.4 * 72  # A4 landscape width between 0.4-inch margins


def column_pt(units: float) -> float:
    """A column of width w is about w digits of the default font plus padding: Excel rounds Arial 10's digit
    to 7 px (5.25 pt), LibreOffice keeps 5.56 pt; the wider reading, so the table fits both."""
    return units * 5.6 + 4


def _capacity(units: float) -> float:
    """Display columns of text a cell of `units` width holds at 10 pt (a CJK character is 10 pt = 2 columns),
    less the cell's padding and a character's slack: a line may not start with '，' or '。', so a wrap can
    move one more character down (measured in LibreOffice: 15 CJK characters in a 29-unit column)."""
    return max(2.0, (column_pt(units) - 10) / 5.2)


def text_height(text: str, units: float) -> float:
    """Points a wrapped cell of this text needs at this width."""
    if not text:
        return 0.0
    return wrapped_lines(text, _capacity(units), LATIN) * LINE_PT + PAD_PT


@dataclass
class Book:
    """A workbook and the cached values of its formulas, per sheet (cell reference -> value)."""

    wb: Workbook
    cached: list[dict[str, Decimal]] = field(default_factory=list)


def new_workbook() -> Workbook:
    """A workbook whose default font is Arial 10: a spreadsheet measures column widths in the default font's
    digits, and Arial (Liberation Sans in LibreOffice, metric-compatible) measures the same everywhere, where
    the usual Calibri falls back to a wider font on machines without it."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils.indexed_list import IndexedList

    wb = Workbook()
    default = Font(name="Arial", size=10)
    wb._fonts = IndexedList([default])  # the font of the default cell format (index 0)
    wb._named_styles["Normal"].font = default  # the Normal style's, which sizes the columns
    wb.properties.creator = "opsledger"
    return wb


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "wrap": Alignment(wrap_text=True, vertical="center"),
        "top": Alignment(wrap_text=True, vertical="top"),
        "centre": Alignment(wrap_text=True, vertical="center", horizontal="center"),
        "body": Font(name=FONT, size=SIZE),
        "title": Font(name=FONT, size=14, bold=True),
        "bold": Font(name=FONT, size=SIZE, bold=True),
        "small": Font(name=FONT, size=8, color="404040"),
        "head_fill": PatternFill("solid", fgColor="D9D9D9"),
        "section_fill": PatternFill("solid", fgColor="DDEBF7"),
        "total_fill": PatternFill("solid", fgColor="F2F2F2"),
    }


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _number_format(places: int | None) -> str:
    return "General" if places is None else "0." + "0" * places if places else "0"


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


def _display(row: Any, col: int, places: int | None) -> str:
    """The text a cell shows (points as the number format shows them; 说明 in Chinese)."""
    if col == EXPLANATION:
        return row.explanation_zh
    value = row.values[col]
    if isinstance(value, Decimal):
        return f"{value:.{places}f}" if places is not None else str(value)
    return _text(value)


def scale_for(widths: Sequence[float]) -> int:
    """The print scale (%) at which these columns fit A4 landscape: 100 when they do, never below 60."""
    need = sum(column_pt(w) for w in widths)
    return max(60, min(100, math.floor(PRINTABLE_PT / need * 100)))


def fill_sheet(ws: Worksheet, table: Table, stamp: Stamp | None = None, *, kinds: dict[str, str] | None = None,
               caps: dict[str, Decimal | None] | None = None) -> dict[str, Decimal]:  # fmt: skip
    """Write a Table onto an empty worksheet; returns the cached values of the formulas it wrote."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break

    s = _styles()
    ncol = len(COLUMNS)
    last = get_column_letter(ncol)
    number_format = _number_format(table.places)
    ws.append([table.title])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font, ws["A1"].alignment = s["title"], s["centre"]
    ws.row_dimensions[1].height = TITLE_PT
    ws.append([table.subtitle])
    ws.merge_cells(f"A2:{last}2")
    ws["A2"].font, ws["A2"].alignment = s["body"], s["centre"]
    ws.append(list(COLUMNS))
    for col in range(1, ncol + 1):
        cell = ws.cell(row=3, column=col)
        cell.font, cell.fill, cell.border, cell.alignment = (
            s["bold"],
            s["head_fill"],
            s["border"],
            s["centre"],
        )
    ws.row_dimensions[2].height = ws.row_dimensions[3].height = HEADER_PT
    first = 4  # worksheet row of table.rows[0]
    points_col = get_column_letter(POINTS + 1)
    written = formulas(table, first, points_col, kinds or {}, caps or {})
    cached: dict[str, Decimal] = {}
    for n, row in enumerate(table.rows):
        r = first + n
        if row.kind == "section":
            ws.cell(row=r, column=1, value=row.label)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncol)
            for col in range(1, ncol + 1):
                cell = ws.cell(row=r, column=col)
                cell.font, cell.fill, cell.border, cell.alignment = (
                    s["bold"],
                    s["section_fill"],
                    s["border"],
                    s["wrap"],
                )
        elif row.kind == "item":
            for col in range(ncol):
                value = row.explanation_zh if col == EXPLANATION else row.values[col]
                cell = ws.cell(row=r, column=col + 1, value=value)
                cell.font, cell.border = s["body"], s["border"]
                cell.alignment = s["centre"] if col in (MAX, POINTS) else s["wrap"]
                if col in (MAX, POINTS):
                    cell.number_format = number_format
        else:
            ws.cell(row=r, column=MAX + 1, value=row.max)
            note = row.note
            if r in written:
                formula, note = written[r]
                ws.cell(row=r, column=POINTS + 1, value=f"={formula}")
                cached[f"{points_col}{r}"] = row.points
            else:
                ws.cell(row=r, column=POINTS + 1, value=row.points)
            ws.cell(row=r, column=EXPLANATION + 1, value=note or None)
            ws.merge_cells(start_row=r, start_column=EXPLANATION + 1, end_row=r, end_column=ncol)
            for col in range(1, ncol + 1):
                cell = ws.cell(row=r, column=col)
                cell.border, cell.fill = s["border"], s["total_fill"]
                cell.font = s["bold"] if col in (1, POINTS + 1) else s["body"]
                cell.alignment = s["centre"] if col - 1 in (MAX, POINTS) else s["wrap"]
                if col - 1 in (MAX, POINTS):
                    cell.number_format = number_format
    paper = layout(table)
    for (
        col,
        top,
        bottom,
    ) in paper.merges:  # item columns: every row holds its value; the merge covers the rest
        if bottom > top:
            ws.merge_cells(
                start_row=first + top, start_column=col + 1, end_row=first + bottom, end_column=col + 1
            )
    for _, top, bottom in paper.labels:  # a summary label, written again at the top of each page's part
        ws.cell(row=first + top, column=1, value=table.rows[top].label)
        ws.merge_cells(start_row=first + top, start_column=1, end_row=first + bottom, end_column=MAX)
    for n, height in enumerate(paper.heights):
        ws.row_dimensions[first + n].height = round(height, 1)
    for n in paper.starts:
        ws.row_breaks.append(Break(id=first + n - 1))  # a break after the row above
    end = first + len(table.rows)
    if stamp is not None:
        ws.cell(row=end + 1, column=1, value=stamp.line()).font = s["small"]
        ws.merge_cells(start_row=end + 1, start_column=1, end_row=end + 1, end_column=ncol)
        ws.cell(row=end + 1, column=1).alignment = s["wrap"]
        ws.row_dimensions[end + 1].height = round(text_height(stamp.line(), sum(WIDTHS) * 1.25), 1)
        ws.cell(row=end + 3, column=1, value=SIGNATURE).font = s["body"]
        ws.merge_cells(start_row=end + 3, start_column=1, end_row=end + 3, end_column=ncol)
        ws.row_dimensions[end + 3].height = 30
        end += 3
    for col, units in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = units
    _print_setup(ws, f"A1:{last}{end}", table.subtitle, landscape=True, scale=scale_for(WIDTHS))
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    return cached


def _print_setup(ws: Worksheet, area: str, left: str, *, landscape: bool, scale: int) -> None:
    ws.print_area = area
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.scale = scale
    ws.page_setup.fitToWidth = 0
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.print_options.horizontalCentered = True
    margins = ws.page_margins
    margins.left = margins.right = 0.4
    margins.top, margins.bottom, margins.header, margins.footer = 0.5, 0.6, 0.25, 0.3
    ws.oddFooter.left.text = left.replace("&", "&&")
    ws.oddFooter.left.size = 8
    ws.oddFooter.right.text = "第 &P 页，共 &N 页"
    ws.oddFooter.right.size = 8


EVENT_WIDTHS = (16, 20, 7, 44, 40)
EVENT_LINES = 6  # a year of events is split over continuation rows of this many lines, so pages fill


def event_chunks(seqs: Sequence[int], units: float = EVENT_WIDTHS[3]) -> list[str]:
    """An item's sequence-number runs cut into pieces of at most EVENT_LINES wrapped lines each."""
    runs = seq_ranges(seqs).split(", ") if seqs else [""]
    chunks: list[str] = []
    current: list[str] = []
    for run in runs:
        if current and wrapped_lines(", ".join([*current, run]), _capacity(units), LATIN) > EVENT_LINES:
            chunks.append(", ".join(current) + ",")
            current = []
        current.append(run)
    chunks.append(", ".join(current))
    return chunks


def events_sheet(ws: Worksheet, table: Table, card: Scorecard) -> None:
    """Every item's 依据事件 in full, with the English explanation: what the table condenses."""
    from openpyxl.utils import get_column_letter

    s = _styles()
    english = {i.id: (i.title_en, i.explanation_en) for i in card.items}
    heads = ("编号 item", "具体指标", "事件数", "依据事件（全部序号）events", "说明（英文）explanation")
    ws.append([f"{table.title} · 依据事件"])
    ws["A1"].font = s["title"]
    ws.append(list(heads))
    for col in range(1, len(heads) + 1):
        cell = ws.cell(row=2, column=col)
        cell.font, cell.fill, cell.border, cell.alignment = (
            s["bold"],
            s["head_fill"],
            s["border"],
            s["centre"],
        )
    r = 2
    for row in table.rows:
        if row.kind != "item":
            continue
        title_en, explanation_en = english.get(row.item, ("", ""))
        for k, chunk in enumerate(event_chunks(row.events)):
            r += 1
            values: tuple[Any, ...] = (row.item, f"{row.values[2]}\n{title_en}".strip(), len(row.events), chunk,
                                       explanation_en)  # fmt: skip
            if k:  # a continuation row: the item again, its other cells left empty
                values = (f"{row.item}（续）", "", None, chunk, "")
            for col, value in enumerate(values, start=1):
                cell = ws.cell(row=r, column=col, value=value)
                cell.font, cell.border = s["body"], s["border"]
                cell.alignment = s["centre"] if col == 3 else s["top"]
            need = max(text_height(_text(v), w) for v, w in zip(values, EVENT_WIDTHS, strict=True))
            ws.row_dimensions[r].height = round(min(max(need, LINE_PT + PAD_PT), MAX_ROW_PT), 1)
    for col, units in enumerate(EVENT_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = units
    _print_setup(ws, f"A1:E{r}", table.subtitle, landscape=True, scale=scale_for(EVENT_WIDTHS))
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"


def sheet_title(text: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique worksheet name: at most 31 characters, none of []:*?/\\."""
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in text).strip("'") or "sheet"
    name = clean[:31]
    n = 2
    while name in set(taken):
        suffix = f" ({n})"
        name = clean[: 31 - len(suffix)] + suffix
        n += 1
    return name


def _block_rules(scheme: Scheme) -> tuple[dict[str, str], dict[str, Decimal | None]]:
    return {b.id: b.kind for b in scheme.blocks}, {b.id: b.cap for b in scheme.blocks}


def scorecard_workbook(
    card: Scorecard, scheme: Scheme, site_name: str = "", stamp: Stamp | None = None
) -> Book:
    wb = new_workbook()
    ws = wb.active
    ws.title = "评分表"
    table = scorecard_table(card, scheme, site_name)
    kinds, caps = _block_rules(scheme)
    cached = fill_sheet(ws, table, stamp, kinds=kinds, caps=caps)
    events_sheet(wb.create_sheet("依据事件"), table, card)
    wb.properties.title = f"{card.scheme_title} {card.site} {card.period}"
    return Book(wb, [cached, {}])


def cohort_workbook(cards: Sequence[Scorecard], scheme: Scheme, site_names: dict[str, str] | None = None,
                    stamp: Stamp | None = None) -> Book:  # fmt: skip
    """A ranking sheet (排名), then one 评分表 sheet per unit in rank order."""
    names = site_names or {}
    s = _styles()
    wb = new_workbook()
    ws = wb.active
    ws.title = "排名"
    blocks = [b.title for b in cards[0].blocks] if cards else []
    ws.append([scheme.title])
    ws.append([f"方案 {scheme.id} · 考核期 {cards[0].period if cards else ''} · {len(cards)} 家单位"])
    ws.append(["排名", "站点", "名称", "总分", "等次", *blocks])
    for card in cards:
        ws.append([card.rank, card.site, names.get(card.site, ""), cell_number(card.total), card.grade or "",
                   *(cell_number(b.points) for b in card.blocks)])  # fmt: skip
    for row in ws.iter_rows(min_row=4, min_col=4):
        for cell in row:
            if isinstance(cell.value, Decimal):
                cell.number_format = _number_format(scheme.display_places)
    ws["A1"].font = s["title"]
    kinds, caps = _block_rules(scheme)
    cached: list[dict[str, Decimal]] = [{}]
    for card in cards:
        sheet = wb.create_sheet(sheet_title(f"{card.rank} {card.site}", wb.sheetnames))
        table = scorecard_table(card, scheme, names.get(card.site, ""))
        cached.append(fill_sheet(sheet, table, stamp, kinds=kinds, caps=caps))
    return Book(wb, cached)


def workbook_bytes(book: Book) -> bytes:
    buffer = io.BytesIO()
    book.wb.save(buffer)
    return with_cached_values(buffer.getvalue(), book.cached)
