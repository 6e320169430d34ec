"""The workbook's second sheet, 依据事件: every item's events in full (the 评分表 condenses them to runs and a
count), with the English title and explanation the Chinese table leaves out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from schemes.engine import Scorecard
from schemes.reports.table import Table, seq_ranges
from schemes.reports.textwidth import wrapped_lines
from schemes.reports.xlsx_layout import LATIN, LINE_PT, MAX_ROW_PT, PAD_PT, capacity, scale_for, text_height
from schemes.reports.xlsx_style import cell_text, heading, print_setup

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


EVENT_WIDTHS = (16, 20, 7, 44, 40)


EVENT_LINES = 6  # a year of events is split over continuation rows of this many lines, so pages fill


def event_chunks(seqs: Sequence[int], units: float = EVENT_WIDTHS[3]) -> list[str]:
    """An item's sequence-number runs cut into pieces of at most EVENT_LINES wrapped lines each."""
    runs = seq_ranges(seqs).split(", ") if seqs else [""]
    chunks: list[str] = []
    current: list[str] = []
    for run in runs:
        if current and wrapped_lines(", ".join([*current, run]), capacity(units), LATIN) > EVENT_LINES:
            chunks.append(", ".join(current) + ",")
            current = []
        current.append(run)
    chunks.append(", ".join(current))
    return chunks


def events_sheet(ws: Worksheet, table: Table, card: Scorecard) -> None:
    """Every item's 依据事件 in full, with the English explanation: what the table condenses."""
    from openpyxl.utils import get_column_letter

    english = {i.id: (i.title_en, i.explanation_en) for i in card.items}
    heads = ("编号 item", "具体指标", "事件数", "依据事件（全部序号）events", "说明（英文）explanation")
    s = heading(ws, f"{table.title} · 依据事件", heads)
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
            need = max(text_height(cell_text(v), w) for v, w in zip(values, EVENT_WIDTHS, strict=True))
            ws.row_dimensions[r].height = round(min(max(need, LINE_PT + PAD_PT), MAX_ROW_PT), 1)
    for col, units in enumerate(EVENT_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = units
    print_setup(ws, f"A1:E{r}", table.subtitle, landscape=True, scale=scale_for(EVENT_WIDTHS))
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
