"""Scorecards as xlsx workbooks: the seed's 评分表 (schemes/reports/table.py) on a worksheet.

openpyxl is imported only when a workbook is made.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from schemes.engine import Scorecard
from schemes.model import Scheme
from schemes.reports.table import (
    COLUMNS,
    EVENTS,
    EXPLANATION,
    MAX,
    POINTS,
    Table,
    cell_number,
    scorecard_table,
)

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet


WIDTHS = (16, 24, 26, 26, 48, 8, 8, 52, 18)  # characters; CJK text takes about two per character


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="999999")
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "wrap": Alignment(wrap_text=True, vertical="center"),
        "centre": Alignment(wrap_text=True, vertical="center", horizontal="center"),
        "flat": Alignment(
            wrap_text=False, vertical="center"
        ),  # long seq lists run on instead of growing the row
        "title": Font(bold=True, size=14),
        "bold": Font(bold=True),
        "head_fill": PatternFill("solid", fgColor="D9D9D9"),
        "section_fill": PatternFill("solid", fgColor="DDEBF7"),
        "total_fill": PatternFill("solid", fgColor="F2F2F2"),
    }


def _style(cell: Any, **attrs: Any) -> None:
    for name, value in attrs.items():
        setattr(cell, name, value)


def fill_sheet(ws: Worksheet, table: Table) -> None:
    """Write a Table onto an empty worksheet: title, subtitle, headers, rows, merges, widths, print setup."""
    from openpyxl.utils import get_column_letter

    s = _styles()
    ncol = len(COLUMNS)
    last = get_column_letter(ncol)
    ws.append([table.title])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = s["title"]
    ws["A1"].alignment = s["centre"]
    ws.append([table.subtitle])
    ws.merge_cells(f"A2:{last}2")
    ws["A2"].alignment = s["centre"]
    ws.append(list(COLUMNS))
    for col in range(1, ncol + 1):
        _style(
            ws.cell(row=3, column=col),
            font=s["bold"],
            fill=s["head_fill"],
            border=s["border"],
            alignment=s["centre"],
        )
    first = 4  # worksheet row of table.rows[0]
    for n, row in enumerate(table.rows):
        r = first + n
        if row.kind == "section":
            ws.cell(row=r, column=1, value=row.label)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncol)
            for col in range(1, ncol + 1):
                cell = ws.cell(row=r, column=col)
                _style(cell, font=s["bold"], fill=s["section_fill"], border=s["border"], alignment=s["wrap"])
        elif row.kind == "item":
            for col, value in enumerate(row.values, start=1):
                cell = ws.cell(row=r, column=col, value=value)
                cell.border = s["border"]
                cell.alignment = (
                    s["centre"] if col - 1 in (MAX, POINTS) else s["flat"] if col - 1 == EVENTS else s["wrap"]
                )
        else:
            span = table.label_span(n)
            if span:
                ws.cell(row=r, column=1, value=row.label)
                ws.merge_cells(start_row=r, start_column=1, end_row=r + span - 1, end_column=MAX)
            ws.cell(row=r, column=MAX + 1, value=row.max)
            ws.cell(row=r, column=POINTS + 1, value=row.points)
            ws.cell(row=r, column=EXPLANATION + 1, value=row.note or None)
            ws.merge_cells(start_row=r, start_column=EXPLANATION + 1, end_row=r, end_column=ncol)
            for col in range(1, ncol + 1):
                cell = ws.cell(row=r, column=col)
                cell.border, cell.fill = s["border"], s["total_fill"]
                cell.alignment = s["centre"] if col - 1 in (MAX, POINTS) else s["wrap"]
                if col == 1:
                    cell.font = s["bold"]
    for col, top, bottom in table.merges:
        ws.merge_cells(
            start_row=first + top, start_column=col + 1, end_row=first + bottom, end_column=col + 1
        )
    for col, chars in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = chars
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


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


def scorecard_workbook(card: Scorecard, scheme: Scheme, site_name: str = "") -> Workbook:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "评分表"
    fill_sheet(ws, scorecard_table(card, scheme, site_name))
    wb.properties.creator = "opsledger"
    wb.properties.title = f"{card.scheme_title} {card.site} {card.period}"
    return wb


def cohort_workbook(
    cards: Sequence[Scorecard], scheme: Scheme, site_names: dict[str, str] | None = None
) -> Workbook:
    """A ranking sheet (排名), then one 评分表 sheet per unit in rank order."""
    from openpyxl import Workbook

    names = site_names or {}
    wb = Workbook()
    ws = wb.active
    ws.title = "排名"
    blocks = [b.title for b in cards[0].blocks] if cards else []
    ws.append([scheme.title])
    ws.append([f"方案 {scheme.id} · 考核期 {cards[0].period if cards else ''} · {len(cards)} 家单位"])
    ws.append(["排名", "站点", "名称", "总分", "等次", *blocks])
    for card in cards:
        ws.append([card.rank, card.site, names.get(card.site, ""), cell_number(card.total), card.grade or "",
                   *(cell_number(b.points) for b in card.blocks)])  # fmt: skip
    ws["A1"].font = _styles()["title"]
    for card in cards:
        sheet = wb.create_sheet(sheet_title(f"{card.rank} {card.site}", wb.sheetnames))
        fill_sheet(sheet, scorecard_table(card, scheme, names.get(card.site, "")))
    wb.properties.creator = "opsledger"
    return wb


def workbook_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
