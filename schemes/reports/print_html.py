"""The scorecard as a printed page (HTML + CSS paged media), for the PDF writer (schemes/reports/pdf.py).

A4 landscape: the seed's 评分表 (类别 / 考核内容 / 具体指标 / 佐证材料 / 评分标准 / 基准分 / 评分) with the
Chinese explanation and the condensed 依据事件 in a 说明 column, the header row repeated on every page, rows
kept whole; then the subtotals, the total (with its parts when a bonus takes it past the maximum), the
grade, the consequences and the money; then the verification line and the lines to sign and stamp.
The page footer carries the site, the period and '第 N 页，共 M 页'.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ledger.messages import msg
from schemes.display import number, total_line
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
    interpreted,
    scorecard_table,
)

FONTS = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif"
SHOWN = COLUMNS[: EXPLANATION + 1]  # 依据事件 goes under the explanation, not in a column of its own
WIDTHS = (7, 12, 11, 11, 25, 4.5, 4.5, 25)  # percent of the table, per column of SHOWN

CSS = f"""
@page {{
  size: A4 landscape; margin: 12mm 11mm 15mm 11mm;
  @bottom-left {{ content: string(site); font: 8pt {FONTS}; color: #444; }}
  @bottom-right {{ content: "第 " counter(page) " 页，共 " counter(pages) " 页"; font: 8pt {FONTS}; color: #444; }}
}}
html {{ font-family: {FONTS}; font-size: 9pt; line-height: 1.35; color: #000; }}
body {{ margin: 0; }}
section.card {{ break-before: page; }}
section.card:first-of-type {{ break-before: auto; }}
h1 {{ font-size: 15pt; text-align: center; margin: 0 0 2mm; string-set: site attr(data-footer); }}
.sub {{ text-align: center; margin: 0 0 3mm; }}
.summary {{ display: flex; gap: 4mm; margin: 0 0 3mm; }}
.summary div {{ border: 0.6pt solid #000; padding: 1.5mm 3mm; }}
.summary b {{ font-size: 12pt; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; }}
th, td {{ border: 0.5pt solid #000; padding: 1mm 1.2mm; vertical-align: middle; overflow-wrap: anywhere; }}
thead {{ display: table-header-group; }}
th {{ background: #e6e6e6; font-weight: bold; text-align: center; }}
tr {{ break-inside: avoid; }}
tr.section td {{ background: #eef3fa; font-weight: bold; }}
tr.total td {{ background: #f4f4f4; }}
tr.total td.label {{ font-weight: bold; }}
td.num {{ text-align: center; white-space: nowrap; }}
td.pre {{ white-space: pre-line; }}
.seq {{ display: block; color: #333; font-size: 7.5pt; margin-top: 0.8mm; }}
.verify {{ font-size: 7pt; color: #333; margin: 3mm 0 0; overflow-wrap: anywhere; }}
.sign {{ margin: 8mm 0 0; font-size: 10.5pt; break-inside: avoid; }}
table.rank {{ table-layout: auto; }}
table.rank td, table.rank th {{ text-align: center; }}
table.rank td {{ white-space: nowrap; }}
.notes h2 {{ font-size: 10.5pt; margin: 6mm 0 2mm; break-after: avoid; }}
.notes ol {{ margin: 0; padding-left: 7mm; }}
.notes li {{ margin: 0 0 1.2mm; orphans: 2; widows: 2; }}
.notes .id {{ color: #444; font-size: 7.5pt; margin: 0 1.5mm; }}
"""


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _cell(value: Any, places: int | None) -> str:
    if isinstance(value, Decimal):
        return number(value, places)
    return "" if value is None else str(value)


def table_html(table: Table) -> str:
    """The 评分表; an item with an interpretation says which note holds it (the notes follow the table)."""
    note_of = {row.item: n for n, row in enumerate(interpreted(table), start=1)}
    cols = "".join(f'<col style="width:{w}%">' for w in WIDTHS)
    head = "".join(f"<th>{esc(c)}</th>" for c in SHOWN)
    out = [f"<table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>"]
    ncol = len(SHOWN)
    for n, row in enumerate(table.rows):
        if row.kind == "section":
            out.append(f'<tr class="section"><td colspan="{ncol}">{esc(row.label)}</td></tr>')
        elif row.kind == "item":
            cells = []
            for col in range(EXPLANATION):
                span = table.span(col, n)
                if span == 0:
                    continue
                rs = f' rowspan="{span}"' if span > 1 else ""
                cls = "num" if col in (MAX, POINTS) else "pre"
                text = _cell(row.values[col], table.places)
                cells.append(
                    f'<td class="{cls}"{rs}>{"<b>" + esc(text) + "</b>" if col == POINTS else esc(text)}</td>'
                )
            seqs = row.values[-1]
            events = f'<span class="seq">依据事件：{esc(seqs)}</span>' if seqs else ""
            if row.item in note_of:
                events += (
                    f'<span class="seq">{esc(msg("report.interpretation_ref", n=note_of[row.item]))}</span>'
                )
            cells.append(f'<td class="pre">{esc(row.explanation_zh)}{events}</td>')
            out.append(f'<tr class="item">{"".join(cells)}</tr>')
        else:
            span = table.label_span(n)
            if row.max is None and row.points is None:  # money, consequences, notes: words across the table
                label = f'<td class="label" rowspan="{span}">{esc(row.label)}</td>' if span else ""
                out.append(
                    f'<tr class="total">{label}<td class="pre" colspan="{ncol - 1}">{esc(row.note)}</td></tr>'
                )
                continue
            label = (
                f'<td class="label" colspan="{MAX}" rowspan="{span}">{esc(row.label)}</td>' if span else ""
            )
            out.append(f'<tr class="total">{label}<td class="num">{esc(_cell(row.max, table.places))}</td>'
                       f'<td class="num"><b>{esc(_cell(row.points, table.places))}</b></td>'
                       f'<td class="pre">{esc(row.note)}</td></tr>')  # fmt: skip
    out.append("</tbody></table>")
    return "".join(out)


def _summary(card: Scorecard, places: int | None) -> str:
    boxes = [f"<div>总分 <b>{esc(total_line(card, places))}</b></div>"]
    if card.grade:
        boxes.append(f"<div>等次 <b>{esc(card.grade)}</b></div>")
    if card.rank is not None:
        boxes.append(f"<div>排名 <b>{card.rank}/{card.cohort_size}</b></div>")
    return f'<div class="summary">{"".join(boxes)}</div>'


def notes_html(table: Table) -> str:
    """The scheme's interpretations of the items on the table, numbered as the table's 说明 cells refer to them,
    in the report's language; nothing if no item carries one."""
    rows = interpreted(table)
    if not rows:
        return ""
    items = "".join(f'<li><b>{esc(r.values[TITLE])}</b><span class="id">{esc(r.item)}</span> {esc(r.interpretation)}</li>'
                    for r in rows)  # fmt: skip
    return f'<div class="notes"><h2>{esc(msg("report.interpretations"))}</h2><ol>{items}</ol></div>'


def scorecard_section(
    card: Scorecard, scheme: Scheme, site_name: str = "", stamp: Stamp | None = None, *, notes: bool = True
) -> str:
    """One site's printed scorecard: the table, the verification and signature lines, then (unless `notes` is
    False: a cohort prints them once, `notes_section`) the interpretations the table refers to."""
    table = scorecard_table(card, scheme, site_name)
    footer = f"{card.site} {site_name} · 考核期 {card.period} · {scheme.id}"
    verify = f'<p class="verify">{esc(stamp.line())}</p>' if stamp is not None else ""
    return (f'<section class="card"><h1 data-footer="{esc(footer)}">{esc(table.title)}</h1>'
            f'<p class="sub">{esc(table.subtitle)}</p>{_summary(card, table.places)}{table_html(table)}'
            f'{verify}<p class="sign">{esc(SIGNATURE)}</p>{notes_html(table) if notes else ""}</section>')  # fmt: skip


def ranking_section(cards: Sequence[Scorecard], scheme: Scheme, names: dict[str, str]) -> str:
    """A cohort's ranking page: rank, unit, total, grade, block subtotals."""
    places = scheme.display_places
    blocks = [b.title for b in cards[0].blocks]
    head = "".join(f"<th>{esc(h)}</th>" for h in ("排名", "站点", "名称", "总分", "等次", *blocks))
    rows = "".join(
        "<tr>" + "".join(f"<td>{esc(v)}</td>" for v in (
            c.rank, c.site, names.get(c.site, ""), number(c.total, places), c.grade or "",
            *(number(b.points, places) for b in c.blocks))) + "</tr>"
        for c in cards
    )  # fmt: skip
    footer = f"{scheme.id} · 考核期 {cards[0].period} · 排名"
    return (f'<section class="card"><h1 data-footer="{esc(footer)}">{esc(scheme.title)}</h1>'
            f'<p class="sub">方案 {esc(scheme.id)} · 考核期 {esc(cards[0].period)} · {len(cards)} 家单位</p>'
            f'<table class="rank"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></section>')  # fmt: skip


def notes_section(card: Scorecard, scheme: Scheme) -> str:
    """A cohort's interpretations, once after every unit's scorecard (the units share the scheme's items)."""
    notes = notes_html(scorecard_table(card, scheme))
    if not notes:
        return ""
    footer = f"{scheme.id} · 考核期 {card.period} · {msg('report.interpretation')}"
    return f'<section class="card"><h1 data-footer="{esc(footer)}">{esc(scheme.title)}</h1>{notes}</section>'


def document(title: str, sections: Sequence[str]) -> str:
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f"<style>{CSS}</style></head><body>{''.join(sections)}</body></html>")  # fmt: skip
