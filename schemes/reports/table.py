"""A scorecard laid out as the seed's own 评分表: the one table the xlsx, CSV, HTML and PDF outputs render.

`scorecard_table(card, scheme)` lays a scorecard out the way the assessment documents print their 评分表:
类别 / 考核内容 / 具体指标 / 佐证材料 / 评分标准 / 基准分 / 评分, with the explanation (说明) and the events
behind each score (依据事件) beside it, one section row per block, and the subtotals, total, grade,
consequences and money at the bottom. Consecutive items of a block with the same 类别 merge vertically in
that column, and with the same 类别 and 考核内容 in the 考核内容 column, as the documents merge them.

Pure: a scorecard and its scheme in, rows out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from projections.numbers import fmt, plain
from schemes.display import number, one_language, parts_text
from schemes.engine import Scorecard
from schemes.late import late_line
from schemes.model import Scheme, interpretation_in

COLUMNS = ("类别", "考核内容", "具体指标", "佐证材料", "评分标准", "基准分", "评分", "说明", "依据事件")


COLUMNS_EN = ("category", "content", "indicator", "evidence", "criterion", "max points", "points",
              "explanation", "events")  # fmt: skip


CATEGORY, CONTENT, TITLE, EVIDENCE, CRITERION, MAX, POINTS, EXPLANATION, EVENTS = range(len(COLUMNS))


CELL_LIMIT = 32767  # characters an Excel cell holds


@dataclass(frozen=True)
class TableRow:
    """One row of the printed table.

    kind "item": `values` has one entry per COLUMNS (依据事件 condensed to runs, the whole list in
    `events`; 说明 in Chinese then English, the Chinese alone in `explanation_zh`). "section": a block's
    title row (`label`). "total": a summary row at the bottom: `label`, then `max`/`points` (either may be
    None) and `note`; `role` says what the row adds up ("subtotal" of `block`, "total", or "").
    """

    kind: Literal["item", "section", "total"]
    values: tuple[Any, ...] = ()
    label: str = ""
    max: Any = None
    points: Any = None
    note: str = ""
    item: str = ""
    block: str = ""
    events: tuple[int, ...] = ()
    explanation_zh: str = ""
    role: Literal["subtotal", "total", ""] = ""
    # The scheme's reading of the item's clause (`interpretation_zh` / `interpretation`), in the report's
    # language (Chinese unless English is asked for): the files print it as a 解读 note.
    interpretation: str = ""


@dataclass
class Table:
    title: str
    subtitle: str
    rows: list[TableRow]
    # Vertical merges: (column index, first row index, last row index) into `rows`, inclusive.
    merges: list[tuple[int, int, int]] = field(default_factory=list)
    places: int | None = None  # the scheme's display_places
    # How the total is made from the subtotals (the spreadsheet's 总分 formula): the data-fraud deduction,
    # the scheme's cap and floor.
    fraud: Decimal = Decimal(0)
    max_total: Decimal | None = None
    floor_total: Decimal | None = None

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


def interpreted(table: Table) -> list[TableRow]:
    """The item rows that carry an interpretation, in table order: the notes the files number 1, 2, 3..."""
    return [row for row in table.rows if row.kind == "item" and row.interpretation]


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


def condensed_events(seqs: Sequence[int], limit: int = 36) -> str:
    """依据事件 for a printed cell: '12-15, 31, 40-44（共 17 个）'; past `limit` characters of runs the rest
    is left to the full list: '3, 7-9, 12 …（共 2612 个，见全表）'."""
    if not seqs:
        return ""
    runs = seq_ranges(seqs).split(", ")
    shown: list[str] = []
    used = 0
    for run in runs:
        if shown and used + len(run) + 2 > limit:
            return f"{', '.join(shown)} …（共 {len(set(seqs))} 个，见全表）"
        shown.append(run)
        used += len(run) + 2
    return f"{', '.join(shown)}（共 {len(set(seqs))} 个）"


def _clip(text: str, limit: int = CELL_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _evidence(asks: Sequence[str]) -> str:
    """The document's numbered list: '1. 现场照片\n2. 设备清单' (one entry stays unnumbered)."""
    if len(asks) <= 1:
        return "".join(asks)
    return "\n".join(f"{n}. {a}" for n, a in enumerate(asks, start=1))


def cell_number(value: Decimal) -> Decimal:
    """Points as a number a spreadsheet keeps exact: 3, 0.5, 110.8168 (no trailing zeros, never -0)."""
    return Decimal(0) if value == 0 else Decimal(plain(value))


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
            spec.criterion if spec else "", cell_number(item.max_points) if item.max_points else None,
            cell_number(item.points), f"{item.explanation_zh}\n{item.explanation_en}", condensed_events(item.events),
        )  # fmt: skip
        rows.append(TableRow("item", values, item=item.id, block=item.block, events=item.events,
                             explanation_zh=item.explanation_zh, interpretation=interpretation_in(item)))  # fmt: skip
    # Section rows end every run, so a merge never crosses a block.
    merges = _runs(rows, CATEGORY, lambda r: r.values[CATEGORY])
    merges += _runs(
        rows, CONTENT, lambda r: (r.values[CATEGORY], r.values[CONTENT]) if r.values[CONTENT] else ""
    )
    rows.extend(_summary_rows(card, scheme.display_places))
    who = f"{card.site}（{site_name}）" if site_name and site_name != card.site else card.site
    subtitle = f"站点 {who} · 考核期 {card.period} · 方案 {card.scheme}"
    if card.rank is not None:
        subtitle += f" · 排名 {card.rank}/{card.cohort_size}"
    fraud = sum((b.points for b in card.blocks), Decimal(0)) - card.raw_total
    return Table(card.scheme_title, subtitle, rows, sorted(merges), scheme.display_places, fraud,
                 scheme.max_total, scheme.floor_total)  # fmt: skip


def _summary_rows(card: Scorecard, places: int | None) -> list[TableRow]:
    out: list[TableRow] = []
    for block in card.blocks:
        note = ""
        if block.raw != block.points:
            note = f"原始 {number(block.raw, places)}，按上限 {number(block.cap, places)} 计"
        # 基准分 of a subtotal: the most a block gives; a penalty block's cap is what it can take (said in words)
        cap = cell_number(block.cap) if block.cap is not None and block.kind != "penalty" else None
        out.append(TableRow("total", label=f"{block.title} 小计", max=cap, points=cell_number(block.points),
                            note=note, block=block.id, role="subtotal"))  # fmt: skip
    for note in card.notes:
        out.append(TableRow("total", label="备注", note=note))
    note = parts_text(card, places)  # '基础 25/25 + 加分 2': a total above 基准分 explained
    if card.raw_total != card.total:
        note = "；".join(filter(None, (note, f"原始合计 {number(card.raw_total, places)}")))
    out.append(TableRow("total", label="总分", max=cell_number(card.max_total), points=cell_number(card.total),
                        note=note, role="total"))  # fmt: skip
    if card.grade:
        out.append(TableRow("total", label="等次", points=card.grade, note=card.grade_en or ""))
    if card.rank is not None:
        out.append(TableRow("total", label="排名", points=f"{card.rank}/{card.cohort_size}"))
    for c in card.consequences:
        out.append(TableRow("total", label="后果", note=f"{c['zh']}\n{c['en']}"))
    for line in card.money.get("lines", ()):
        out.append(TableRow("total", label="金额", note=one_language(str(line))))
    for e in card.late:
        out.append(TableRow("total", label="迟报事件",
                            note=late_line(e)))  # fmt: skip
    return out
