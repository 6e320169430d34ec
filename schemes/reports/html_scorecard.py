"""The report's scorecard in HTML, twice over: the seed's 评分表 as a table (wide screens and print), and one
card per item (screens below 600 px, where nine columns would shrink to a character or two each). The CSS
(schemes/reports/html_style.py) shows one or the other; both come from the same Table.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from ledger.messages import msg
from schemes.display import number
from schemes.reports.svg import esc
from schemes.reports.table import (
    CATEGORY,
    COLUMNS,
    CONTENT,
    CRITERION,
    EVENTS,
    EVIDENCE,
    EXPLANATION,
    MAX,
    POINTS,
    TITLE,
    Table,
    TableRow,
    interpreted,
    seq_ranges,
)

WIDTHS = (7, 10, 10, 11, 24, 4, 4, 21, 9)  # percent of the table, per column of COLUMNS


def _text(value: Any, places: int | None) -> str:
    if value is None:
        return ""
    return number(value, places) if isinstance(value, Decimal) else str(value)


def _mark(row: TableRow, bonus: bool) -> str:
    """full / part / zero: how the item did against its maximum (a bonus not earned is not a failing)."""
    pts, top = row.values[POINTS], row.values[MAX]
    if top is None or top == 0 or (bonus and pts <= 0):
        return ""
    if pts >= top:
        return "full"
    return "zero" if pts <= 0 else "part"


def _events(row: TableRow) -> str:
    """The condensed runs, every sequence number on hover."""
    shown = row.values[EVENTS]
    if not shown:
        return ""
    return f'<span title="{esc(seq_ranges(row.events)[:4000])}">{esc(shown)}</span>'


def table_html(table: Table, bonus_blocks: frozenset[str] = frozenset(), *,
               notes: Literal["", "link", "inline"] = "") -> str:  # fmt: skip
    """The 评分表; an item's interpretation in its 说明 cell: with notes="link" a link to the numbered note (the
    report's #interpretations, which prints), with "inline" the text itself behind a 解读 toggle (a web page)."""
    note_of = {row.item: n for n, row in enumerate(interpreted(table), start=1)}
    cols = "".join(f'<col style="width:{w}%">' for w in WIDTHS)
    out = [f'<table class="scorecard"><colgroup>{cols}</colgroup><thead><tr>']
    out += [f"<th>{esc(c)}</th>" for c in COLUMNS]
    out.append("</tr></thead><tbody>")
    classes = {CATEGORY: "cat", CONTENT: "content", TITLE: "title", EVIDENCE: "evidence pre", CRITERION: "crit",
               MAX: "num", EXPLANATION: "expl pre", EVENTS: "seq"}  # fmt: skip
    ncol = len(COLUMNS)
    for n, row in enumerate(table.rows):
        if row.kind == "section":
            out.append(f'<tr class="section"><td colspan="{ncol}">{esc(row.label)}</td></tr>')
        elif row.kind == "item":
            cells = []
            for col, value in enumerate(row.values):
                span = table.span(col, n)
                if span == 0:
                    continue
                rs = f' rowspan="{span}"' if span > 1 else ""
                cls = (
                    f"num {_mark(row, row.block in bonus_blocks)}".strip() if col == POINTS else classes[col]
                )
                body = _events(row) if col == EVENTS else esc(_text(value, table.places))
                if col == EXPLANATION and notes == "link" and row.interpretation:
                    body += (f'<a class="interp-ref" href="#interp-{esc(row.item)}">'
                             f'{esc(msg("report.interpretation_ref", n=note_of[row.item]))}</a>')  # fmt: skip
                elif col == EXPLANATION and notes == "inline" and row.interpretation:
                    body += (f'<details class="interp"><summary>{esc(msg("report.interpretation"))}</summary>'
                             f"<div>{esc(row.interpretation)}</div></details>")  # fmt: skip
                cells.append(f'<td class="{cls}"{rs}>{body}</td>')
            out.append(f'<tr class="item" id="item-{esc(row.item)}">{"".join(cells)}</tr>')
        else:
            span = table.label_span(n)
            label = (
                f'<td class="label" colspan="{MAX}" rowspan="{span}">{esc(row.label)}</td>' if span else ""
            )
            out.append(f'<tr class="total">{label}<td class="num">{esc(_text(row.max, table.places))}</td>'
                       f'<td class="num"><b>{esc(_text(row.points, table.places))}</b></td>'
                       f'<td class="expl pre" colspan="{ncol - POINTS - 1}">{esc(row.note)}</td></tr>')  # fmt: skip
    out.append("</tbody></table>")
    return "".join(out)


def cards_html(table: Table, bonus_blocks: frozenset[str] = frozenset()) -> str:
    """One card per item: its title and points first, then what the table's columns say, labelled, and the
    scheme's interpretation (解读) in full; a block's title above its cards; the subtotals, total, grade and
    money as a list at the end."""
    out = ['<div class="item-cards">']
    for row in table.rows:
        if row.kind == "section":
            out.append(f'<h3 class="block">{esc(row.label)}</h3>')
            continue
        if row.kind != "item":
            continue
        where = " › ".join(v for v in (row.values[CATEGORY], row.values[CONTENT]) if v)
        pts = _text(row.values[POINTS], table.places)
        top = _text(row.values[MAX], table.places)
        mark = _mark(row, row.block in bonus_blocks)
        fields = [("评分标准", esc(row.values[CRITERION])), ("说明", esc(row.values[EXPLANATION])),
                  ("佐证材料", esc(row.values[EVIDENCE])), ("依据事件", _events(row)),
                  (esc(msg("report.interpretation")), esc(row.interpretation))]  # fmt: skip
        details = "".join(f'<div class="field"><span class="name">{name}</span><div class="pre">{value}</div></div>'
                          for name, value in fields if value)  # fmt: skip
        of = f"<small> / {esc(top)}</small>" if top else ""
        place = f'<div class="where">{esc(where)}</div>' if where else ""
        out.append(f'<article class="item-card {mark}" id="card-{esc(row.item)}"><header>'
                   f'<h4>{esc(row.values[TITLE])}</h4><span class="points">{esc(pts)}{of}</span></header>'
                   f"{place}{details}</article>")  # fmt: skip
    lines = []
    for r in table.rows:
        if r.kind != "total":
            continue
        of = f" / {esc(_text(r.max, table.places))}" if r.max is not None and r.points is not None else ""
        note = f'<div class="pre note">{esc(r.note)}</div>' if r.note else ""
        lines.append(f'<div class="total-line"><span class="name">{esc(r.label)}</span>'
                     f"<span><b>{esc(_text(r.points, table.places))}</b>{of}</span>{note}</div>")  # fmt: skip
    out.append(f'<div class="totals">{"".join(lines)}</div></div>')
    return "".join(out)
