"""Cell styles and page setup shared by the workbook's sheets (openpyxl imported only when used)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


FONT, SIZE = "等线", 10


def styles() -> dict[str, Any]:
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


def heading(ws: Worksheet, title: str, heads: Sequence[str]) -> dict[str, Any]:
    """A second sheet's title row and its bold, shaded column headings (rows 1 and 2); the styles, for the rows
    that follow."""
    s = styles()
    ws.append([title])
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
    return s


def cell_text(value: Any) -> str:
    return "" if value is None else str(value)


def number_format_for(places: int | None) -> str:
    return "General" if places is None else "0." + "0" * places if places else "0"


def print_setup(ws: Worksheet, area: str, left: str, *, landscape: bool, scale: int) -> None:
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
