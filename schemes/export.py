"""Scorecards as spreadsheets: the seed's own table shape, as an xlsx workbook or a CSV file.

`scorecard_table(card, scheme)` lays a scorecard out the way the assessment documents print their 评分表:
类别 / 考核内容 / 具体指标 / 佐证材料 / 评分标准 / 基准分 / 评分, with the explanation (说明) and the events
behind each score (依据事件) beside it, one section row per block, and the subtotals, total, grade,
consequences and money at the bottom. Consecutive items of a block with the same 类别 merge vertically in
that column, and with the same 类别 and 考核内容 in the 考核内容 column, as the documents merge them.

The xlsx and CSV writers and the HTML report (schemes/report.py) all render that one table. Pure: a
scorecard and its scheme in, bytes or rows out; openpyxl is imported only when a workbook is made.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ledger.errors import LedgerError
from projections.numbers import fmt
from schemes.engine import Scorecard
from schemes.model import Scheme

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

COLUMNS = ("类别", "考核内容", "具体指标", "佐证材料", "评分标准", "基准分", "评分", "说明", "依据事件")
COLUMNS_EN = ("category", "content", "indicator", "evidence", "criterion", "max points", "points",
              "explanation", "events")  # fmt: skip
CATEGORY, CONTENT, TITLE, EVIDENCE, CRITERION, MAX, POINTS, EXPLANATION, EVENTS = range(len(COLUMNS))
# CSV has no section rows: each item row also says its block and item id (after the table's own columns).
CSV_COLUMNS = (*COLUMNS, "板块", "编号")
CELL_LIMIT = 32767  # characters an Excel cell holds


@dataclass(frozen=True)
class TableRow:
    """One row of the printed table.

    kind "item": `values` has one entry per COLUMNS. "section": a block's title row (`label`).
    "total": a summary row at the bottom: `label`, then `max`/`points` (either may be None) and `note`.
    """

    kind: Literal["item", "section", "total"]
    values: tuple[Any, ...] = ()
    label: str = ""
    max: Any = None
    points: Any = None
    note: str = ""
    item: str = ""
    block: str = ""


@dataclass
class Table:
    title: str
    subtitle: str
    rows: list[TableRow]
    # Vertical merges: (column index, first row index, last row index) into `rows`, inclusive.
    merges: list[tuple[int, int, int]] = field(default_factory=list)

    def span(self, column: int, row: int) -> int:
        """How many rows the cell at (row, column) spans: 1 if unmerged, 0 if covered by a merge above."""
        for col, first, last in self.merges:
            if col == column and first <= row <= last:
                return last - first + 1 if row == first else 0
        return 1

    def label_span(self, row: int) -> int:
        """A summary row's label spans the run of summary rows with the same label (the money lines share
        one 金额 cell): the run's length on its first row, 0 on the others."""
        rows = self.rows
        label = rows[row].label
        if row > 0 and rows[row - 1].kind == "total" and rows[row - 1].label == label:
            return 0
        n = 1
        while row + n < len(rows) and rows[row + n].kind == "total" and rows[row + n].label == label:
            n += 1
        return n


def seq_ranges(seqs: Iterable[int]) -> str:
    """Sequence numbers as compact runs: [3, 4, 5, 9] -> '3-5, 9' (a year of events stays one cell)."""
    ordered = sorted(set(seqs))
    parts: list[str] = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        parts.append(str(ordered[i]) if i == j else f"{ordered[i]}-{ordered[j]}")
        i = j + 1
    return ", ".join(parts)


def _clip(text: str, limit: int = CELL_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _evidence(asks: Sequence[str]) -> str:
    """The document's numbered list: '1. 现场照片\n2. 设备清单' (one entry stays unnumbered)."""
    if len(asks) <= 1:
        return "".join(asks)
    return "\n".join(f"{n}. {a}" for n, a in enumerate(asks, start=1))


def _points(value: Decimal) -> Decimal:
    """Points as a number a spreadsheet keeps exact: 3, 0.5, 12.75 (no trailing zeros)."""
    return Decimal(fmt(value))


def _runs(rows: Sequence[TableRow], column: int, key: Any) -> list[tuple[int, int, int]]:
    """Vertical merges in `column`: maximal runs of consecutive item rows with the same non-empty key."""
    out: list[tuple[int, int, int]] = []
    first = None
    for n in range(len(rows) + 1):
        here = key(rows[n]) if n < len(rows) and rows[n].kind == "item" else None
        if first is not None and here != key(rows[first]):
            if n - 1 > first:
                out.append((column, first, n - 1))
            first = None
        if first is None and here:
            first = n
    return out


def scorecard_table(card: Scorecard, scheme: Scheme, site_name: str = "") -> Table:
    """The scorecard laid out as the document's 评分表 (see the module docstring)."""
    known = {i.id: i for i in scheme.items}
    block_of = {b.id: b for b in scheme.blocks}
    rows: list[TableRow] = []
    current: str | None = None
    for item in card.items:
        if item.block != current:
            current = item.block
            block = block_of.get(item.block)
            title = block.title if block else item.block
            cap = f"（上限 {fmt(block.cap)} 分）" if block is not None and block.cap is not None else ""
            rows.append(TableRow("section", label=f"{title}{cap}", block=item.block))
        spec = known.get(item.id)
        values = (
            item.category, spec.content if spec else "", item.title, _evidence(item.evidence),
            spec.criterion if spec else "", _points(item.max_points) if item.max_points else None,
            _points(item.points), f"{item.explanation_zh}\n{item.explanation_en}", _clip(seq_ranges(item.events)),
        )  # fmt: skip
        rows.append(TableRow("item", values, item=item.id, block=item.block))
    # Section rows end every run, so a merge never crosses a block.
    merges = _runs(rows, CATEGORY, lambda r: r.values[CATEGORY])
    merges += _runs(
        rows, CONTENT, lambda r: (r.values[CATEGORY], r.values[CONTENT]) if r.values[CONTENT] else ""
    )
    rows.extend(_summary_rows(card))
    who = f"{card.site}（{site_name}）" if site_name and site_name != card.site else card.site
    subtitle = f"站点 {who} · 考核期 {card.period} · 方案 {card.scheme}"
    if card.rank is not None:
        subtitle += f" · 排名 {card.rank}/{card.cohort_size}"
    return Table(card.scheme_title, subtitle, rows, sorted(merges))


def _summary_rows(card: Scorecard) -> list[TableRow]:
    out: list[TableRow] = []
    for block in card.blocks:
        note = f"原始 {fmt(block.raw)}，按上限 {fmt(block.cap)} 计" if block.raw != block.points else ""
        cap = _points(block.cap) if block.cap is not None else None
        out.append(
            TableRow("total", label=f"{block.title} 小计", max=cap, points=_points(block.points), note=note)
        )
    for note in card.notes:
        out.append(TableRow("total", label="备注", note=note))
    out.append(TableRow("total", label="总分", max=_points(card.max_total), points=_points(card.total),
                        note="" if card.raw_total == card.total else f"原始合计 {fmt(card.raw_total)}"))  # fmt: skip
    if card.grade:
        out.append(TableRow("total", label="等次", points=card.grade, note=card.grade_en or ""))
    if card.rank is not None:
        out.append(TableRow("total", label="排名", points=f"{card.rank}/{card.cohort_size}"))
    for c in card.consequences:
        out.append(TableRow("total", label="后果", note=f"{c['zh']}\n{c['en']}"))
    for line in card.money.get("lines", ()):
        out.append(TableRow("total", label="金额", note=str(line)))
    for e in card.late:
        out.append(TableRow("total", label="迟报事件",
                            note=f"seq {e['seq']} {e['type']} occurred {e['occurred_at']} recorded {e['recorded_at']}: {e['status']}"))  # fmt: skip
    return out


# -- CSV ------------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return fmt(value)
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


# -- xlsx -----------------------------------------------------------------------------------------------

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
        ws.append([card.rank, card.site, names.get(card.site, ""), _points(card.total), card.grade or "",
                   *(_points(b.points) for b in card.blocks)])  # fmt: skip
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
