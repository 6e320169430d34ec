"""Scorecards as xlsx workbooks that print: the seed's 评分表 (schemes/reports/table.py) on an A4 landscape
sheet, the full 依据事件 list on a second sheet, and the scheme's interpretation of each item (解读) on a third.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from ledger.messages import msg
from schemes.engine import Scorecard
from schemes.model import Scheme
from schemes.reports.stamp import SIGNATURE, Stamp
from schemes.reports.table import (
    COLUMNS,
    EXPLANATION,
    MAX,
    POINTS,
    TITLE,
    Table,
    cell_number,
    interpreted,
    scorecard_table,
)
from schemes.reports.xlsx_events import events_sheet
from schemes.reports.xlsx_formulas import formulas, with_cached_values
from schemes.reports.xlsx_layout import (
    HEADER_PT,
    LINE_PT,
    MAX_ROW_PT,
    PAD_PT,
    TITLE_PT,
    WIDTHS,
    layout,
    scale_for,
    text_height,
)
from schemes.reports.xlsx_style import heading, number_format_for, print_setup, styles

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


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


def fill_sheet(ws: Worksheet, table: Table, stamp: Stamp | None = None, *, kinds: dict[str, str] | None = None,
               caps: dict[str, Decimal | None] | None = None) -> dict[str, Decimal]:  # fmt: skip
    """Write a Table onto an empty worksheet; returns the cached values of the formulas it wrote."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break

    s = styles()
    ncol = len(COLUMNS)
    last = get_column_letter(ncol)
    number_format = number_format_for(table.places)
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
    print_setup(ws, f"A1:{last}{end}", table.subtitle, landscape=True, scale=scale_for(WIDTHS))
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    return cached


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
    if interpreted(table):
        notes_sheet(wb.create_sheet(NOTES_SHEET), table)
    wb.properties.title = f"{card.scheme_title} {card.site} {card.period}"
    return Book(wb, [cached, {}])


NOTES_SHEET = "解读"
# 编号, 具体指标, 解读: as wide in all as the 依据事件 sheet, so it prints at the same scale
NOTE_WIDTHS = (22, 24, 81)


def notes_sheet(ws: Worksheet, table: Table) -> None:
    """The scheme's interpretation of each item on the 评分表 (解读: how it reads the document's clause, which the
    score follows), in the report's language, one row per item in table order."""
    from openpyxl.utils import get_column_letter

    heads = ("编号 item", "具体指标 indicator", "解读 interpretation")
    s = heading(ws, f"{table.title} · {msg('report.interpretation')}", heads)
    r = 2
    for row in interpreted(table):
        r += 1
        values = (row.item, row.values[TITLE], row.interpretation)
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=col, value=value)
            cell.font, cell.border, cell.alignment = s["body"], s["border"], s["top"]
        need = max(text_height(str(v), w) for v, w in zip(values, NOTE_WIDTHS, strict=True))
        ws.row_dimensions[r].height = round(min(max(need, LINE_PT + PAD_PT), MAX_ROW_PT), 1)
    for col, units in enumerate(NOTE_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = units
    print_setup(ws, f"A1:C{r}", table.subtitle, landscape=True, scale=scale_for(NOTE_WIDTHS))
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"


RANK_WIDTHS = (6, 14, 30, 9, 6)  # 排名, 站点, 名称, 总分, 等次; then 11 per block


def ranking_sheet(ws: Worksheet, cards: Sequence[Scorecard], scheme: Scheme, names: dict[str, str]) -> None:
    """The cohort's ranking: rank, unit, total, grade and each block's subtotal, on one A4 landscape page."""
    from openpyxl.utils import get_column_letter

    s = styles()
    blocks = [b.title for b in cards[0].blocks] if cards else []
    heads = ["排名", "站点", "名称", "总分", "等次", *blocks]
    widths = [*RANK_WIDTHS, *(11 for _ in blocks)]
    last = get_column_letter(len(heads))
    ws.append([scheme.title])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font, ws["A1"].alignment = s["title"], s["centre"]
    ws.append([f"方案 {scheme.id} · 考核期 {cards[0].period if cards else ''} · {len(cards)} 家单位"])
    ws.merge_cells(f"A2:{last}2")
    ws["A2"].font, ws["A2"].alignment = s["body"], s["centre"]
    ws.append(heads)
    ws.row_dimensions[1].height, ws.row_dimensions[2].height = TITLE_PT, HEADER_PT
    ws.row_dimensions[3].height = (
        max(text_height(h, w) for h, w in zip(heads, widths, strict=True)) + 4
    )  # bold
    for card in cards:
        ws.append([card.rank, card.site, names.get(card.site, ""), cell_number(card.total), card.grade or "",
                   *(cell_number(b.points) for b in card.blocks)])  # fmt: skip
    for row in ws.iter_rows(min_row=3, max_row=3 + len(cards)):
        for cell in row:
            head = cell.row == 3
            cell.font, cell.border, cell.alignment = s["bold" if head else "body"], s["border"], s["centre"]
            if head:
                cell.fill = s["head_fill"]
            elif isinstance(cell.value, Decimal):
                cell.number_format = number_format_for(scheme.display_places)
    for col, units in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = units
    print_setup(
        ws, f"A1:{last}{3 + len(cards)}", f"{scheme.id} · 排名", landscape=True, scale=scale_for(widths)
    )
    ws.print_title_rows = "3:3"


def cohort_workbook(cards: Sequence[Scorecard], scheme: Scheme, site_names: dict[str, str] | None = None,
                    stamps: dict[str, Stamp] | None = None) -> Book:  # fmt: skip
    """A ranking sheet (排名), then one 评分表 sheet per unit in rank order, each with its site's stamp."""
    names = site_names or {}
    wb = new_workbook()
    ws = wb.active
    ws.title = "排名"
    ranking_sheet(ws, cards, scheme, names)
    kinds, caps = _block_rules(scheme)
    cached: list[dict[str, Decimal]] = [{}]
    for card in cards:
        sheet = wb.create_sheet(sheet_title(f"{card.rank} {card.site}", wb.sheetnames))
        table = scorecard_table(card, scheme, names.get(card.site, ""))
        cached.append(fill_sheet(sheet, table, (stamps or {}).get(card.site), kinds=kinds, caps=caps))
    if cards and interpreted(
        notes := scorecard_table(cards[0], scheme)
    ):  # the units share the scheme's items
        notes_sheet(wb.create_sheet(sheet_title(NOTES_SHEET, wb.sheetnames)), notes)
        cached.append({})
    return Book(wb, cached)


def workbook_bytes(book: Book) -> bytes:
    buffer = io.BytesIO()
    book.wb.save(buffer)
    return with_cached_values(buffer.getvalue(), book.cached)
