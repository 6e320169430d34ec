"""The report as one self-contained HTML page: CSS inline, charts as inline SVG, no script, no font or image
fetched, so the file opens offline. Chinese renders through a font-family stack starting with
'Noto Sans CJK SC' and ending in the generic sans-serif.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from projections.numbers import ZERO, fmt, round_half_up
from schemes.reports.charts import Chart
from schemes.reports.page import Report
from schemes.reports.svg import FONTS, esc
from schemes.reports.table import CATEGORY, COLUMNS, CONTENT, EVENTS, MAX, POINTS, Table

CSS = f"""
* {{ box-sizing: border-box; }}
body {{ font-family: {FONTS}; margin: 0; padding: 24px 32px; color: #1f2328; background: #fff; font-size: 14px; line-height: 1.5; }}
h1 {{ font-size: 22px; margin: 0 0 4px; }}
h2 {{ font-size: 18px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #d0d7de; }}
h3 {{ font-size: 15px; margin: 0; }}
.sub {{ color: #57606a; }}
.summary {{ display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }}
.card {{ border: 1px solid #d0d7de; border-radius: 6px; padding: 10px 16px; min-width: 140px; }}
.card .big {{ font-size: 26px; font-weight: 700; }}
.card.bad {{ border-color: #cf222e; background: #fff5f5; }}
table {{ border-collapse: collapse; width: 100%; font-size: 12.5px; }}
th, td {{ border: 1px solid #afb8c1; padding: 4px 6px; vertical-align: middle; }}
th {{ background: #eaeef2; }}
tr.section td {{ background: #ddebf7; font-weight: 700; }}
tr.total td {{ background: #f6f8fa; }}
tr.total td.label {{ font-weight: 700; }}
td.num {{ text-align: center; white-space: nowrap; }}
td.full {{ background: #dafbe1; }} td.part {{ background: #fff8c5; }} td.zero {{ background: #ffebe9; }}
td.crit, td.expl {{ font-size: 11.5px; color: #333; }}
td.seq {{ font-size: 11px; color: #57606a; }}
.pre {{ white-space: pre-line; }}
.charts {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 16px; }}
figure {{ margin: 0; border: 1px solid #d0d7de; border-radius: 6px; padding: 10px; }}
figcaption {{ font-size: 12px; color: #57606a; margin: 2px 0 6px; }}
svg.chart {{ width: 100%; height: auto; font-family: {FONTS}; }}
svg .grid {{ stroke: #eaeef2; }} svg .axis {{ stroke: #57606a; }}
svg .tick {{ font-size: 11px; fill: #57606a; }} svg .value {{ font-size: 10px; fill: #1f2328; }}
svg .goal {{ font-size: 11px; fill: #bc4c00; font-weight: 700; }}
svg .bar.ok {{ fill: #2da44e; }} svg .bar.short {{ fill: #e16f24; }} svg .bar.running {{ fill: #54aeff; }}
svg .bar.skipped {{ fill: #afb8c1; }} svg .bar.future {{ fill: none; stroke: #d0d7de; stroke-dasharray: 3 3; }}
svg .target {{ fill: none; stroke: #bc4c00; stroke-width: 2; stroke-dasharray: 6 4; }}
.legend {{ font-size: 12px; color: #57606a; margin: 4px 0 12px; }}
.legend span {{ display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 12px; vertical-align: -1px; }}
ul.gaps {{ padding-left: 0; list-style: none; }}
ul.gaps > li {{ border-left: 4px solid #e16f24; padding: 6px 10px; margin: 8px 0; background: #fafbfc; }}
ul.gaps li .gain {{ font-weight: 700; color: #bc4c00; margin-right: 8px; }}
ul.gaps li .en {{ color: #57606a; font-size: 12px; }}
.projection {{ border: 1px dashed #8250df; background: #fbf7ff; padding: 8px 12px; border-radius: 6px; }}
.yes {{ color: #1a7f37; font-weight: 700; }} .no {{ color: #cf222e; font-weight: 700; }}
footer {{ margin-top: 32px; font-size: 11px; color: #57606a; }}
@media print {{ body {{ padding: 0; }} .charts {{ grid-template-columns: 1fr; }} figure, tr {{ break-inside: avoid; }} }}
"""


def _cell_class(row_values: Sequence[Any], bonus: bool = False) -> str:
    pts, top = row_values[POINTS], row_values[MAX]
    if top is None or top == 0 or (bonus and pts <= 0):  # a bonus not (yet) earned is not a failing
        return "num"
    if pts >= top:
        return "num full"
    return "num zero" if pts <= 0 else "num part"


def table_html(table: Table, bonus_blocks: frozenset[str] = frozenset()) -> str:
    widths = (7, 10, 10, 11, 24, 4, 4, 21, 9)  # percent of the table, per column of COLUMNS
    cols = "".join(f'<col style="width:{w}%">' for w in widths)
    out = [f'<table class="scorecard"><colgroup>{cols}</colgroup><thead><tr>']
    out += [f"<th>{esc(c)}</th>" for c in COLUMNS]
    out.append("</tr></thead><tbody>")
    classes = {CATEGORY: "cat", CONTENT: "content", 2: "title", 3: "evidence pre", 4: "crit", MAX: "num", POINTS: "",
               7: "expl pre", EVENTS: "seq"}  # fmt: skip
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
                    _cell_class(row.values, row.block in bonus_blocks)
                    if col == POINTS
                    else classes.get(col, "")
                )
                text = "" if value is None else (fmt(value) if isinstance(value, Decimal) else str(value))
                if col == EVENTS and text:  # a year of events: the first runs shown, the whole list on hover
                    runs = text.split(", ")
                    shown = ", ".join(runs[:3]) + (f" … (+{len(runs) - 3})" if len(runs) > 3 else "")
                    cells.append(f'<td class="{cls}"{rs} title="{esc(text[:4000])}">{esc(shown)}</td>')
                    continue
                cells.append(f'<td class="{cls}"{rs}>{esc(text)}</td>')
            out.append(f'<tr class="item" id="item-{esc(row.item)}">{"".join(cells)}</tr>')
        else:
            span = table.label_span(n)
            label = (
                f'<td class="label" colspan="{MAX}" rowspan="{span}">{esc(row.label)}</td>' if span else ""
            )
            mx = "" if row.max is None else fmt(row.max) if isinstance(row.max, Decimal) else str(row.max)
            pts = (
                ""
                if row.points is None
                else fmt(row.points)
                if isinstance(row.points, Decimal)
                else str(row.points)
            )
            out.append(f'<tr class="total">{label}<td class="num">{esc(mx)}</td><td class="num"><b>{esc(pts)}</b></td>'
                       f'<td class="expl pre" colspan="{ncol - POINTS - 1}">{esc(row.note)}</td></tr>')  # fmt: skip
    out.append("</tbody></table>")
    return "".join(out)


def _charts_html(charts: Sequence[Chart], legend: str) -> str:
    if not charts:
        return '<p class="sub">（无）</p>'
    figures = [
        f'<figure id="chart-{esc(c.name)}"><h3>{esc(c.title)}</h3><figcaption>{esc(c.subtitle)}</figcaption>{c.svg}</figure>'
        for c in charts
    ]
    return f'<div class="legend">{legend}</div><div class="charts">{"".join(figures)}</div>'


def _short(value: Decimal | None) -> str:
    """A projected figure to two decimals (a pace, not a count)."""
    return "—" if value is None else fmt(round_half_up(value, 2))


def _gaps_html(report: Report) -> str:
    r = report.gaps
    if r is None:  # fallback: the engine's ItemScore.gaps
        if not report.item_gaps:
            return "<p>各项均已得满分 / every item is at full marks</p>"
        lis = []
        for item in report.item_gaps:
            gain = sum((g.gain for g in item.gaps), ZERO)
            lines = "".join(f'<div>{esc(g.zh)} <span class="en">{esc(g.en)}</span></div>' for g in item.gaps)
            lis.append(f'<li><span class="gain">+{esc(fmt(gain))}</span><b>{esc(item.title)}</b> '
                       f'（{esc(fmt(item.points))}/{esc(fmt(item.max_points))}）{lines}</li>')  # fmt: skip
        return f'<ul class="gaps">{"".join(lis)}</ul>'
    from schemes.gaps import PROJECTION_LABEL

    parts = []
    if r.notes:
        parts.append("".join(f'<p class="sub">{esc(n)}</p>' for n in r.notes))
    p = r.projection
    if p is not None:
        grade = f"，等次 {p.grade}" if p.grade else ""
        rows = "".join(f"<li>{esc(v.label_zh)} / {esc(v.label_en)}：{esc(_short(v.current))} → {esc(_short(v.projected))}</li>"
                       for v in p.values)  # fmt: skip
        parts.append(f'<div class="projection"><b>{esc(PROJECTION_LABEL)}</b>：第 {p.elapsed_days}/{p.period_days} 天，'
                     f"预计总分 {esc(fmt(p.total))}{esc(grade)}（当前 {esc(fmt(r.total))}）<ul>{rows}</ul></div>")  # fmt: skip
    sections = (("未得满分的项目（按可得分排序）/ items not at full marks", r.items, "+"),
                ("加分项 / bonus still open", r.bonus, "+"), ("已扣分 / deductions taken", r.deductions, "-"))  # fmt: skip
    for title, items, sign in sections:
        if not items:
            continue
        lis = []
        for g in items:
            acts = "".join(
                f'<div>{esc(a.zh)}<br><span class="en">{esc(a.en)}</span></div>' for a in g.actions
            )
            if not g.actions:
                acts = f'<div class="en">{esc(g.explanation_en)}</div>'
            how = ""
            if g.together:
                how = '<div class="en">以下各项须全部完成 / all of these are needed</div>'
            elif g.alternatives:
                how = '<div class="en">以下任一途径（不累加）/ any one of these</div>'
            missing = (f'<div class="en">缺佐证材料 / evidence not attached：{esc("；".join(g.evidence_missing))}</div>'
                       if g.evidence_missing else "")  # fmt: skip
            pts = f"{fmt(g.points)}/{fmt(g.max_points)}" if g.max_points else fmt(g.points)
            lis.append(f'<li><span class="gain">{sign}{esc(fmt(g.available))}</span><b>{esc(g.title)}</b> '
                       f'<span class="sub">{esc(g.id)} · {esc(pts)}</span>{how}{acts}{missing}</li>')  # fmt: skip
        parts.append(f'<h3>{esc(title)}</h3><ul class="gaps">{"".join(lis)}</ul>')
    if not (r.items or r.bonus or r.deductions):
        parts.append("<p>各项均已得满分 / every item is at full marks</p>")
    return "".join(parts)


def _evidence_html(report: Report) -> str:
    rows = []
    for item in report.evidence:
        if not item.asks and not item.attached:
            continue
        asks = []
        for ask in item.asks or ["（文件未列明）"]:
            have = ask not in item.missing and bool(item.asks)
            mark = '<span class="yes">✓ 已附</span>' if have else '<span class="no">✗ 缺</span>'
            asks.append(f"<div>{mark} {esc(ask)}</div>")
        files = (
            "".join(
                f'<div>#{f.target_seq} {esc(f.file_name)} <span class="sub">{esc(f.sha256[:12])}… [{esc(state)}]'
                f"{(' → ' + esc(covered)) if covered else ''}</span></div>"
                for f, state, covered in item.attached
            )
            or '<span class="sub">无 / none</span>'
        )
        bare = f"{len(item.bare)} / {len(item.events)}" if item.events else "—"
        rows.append(f"<tr><td>{esc(item.title)}<div class=\"sub\">{esc(item.id)}</div></td><td>{''.join(asks)}</td>"
                    f"<td>{files}</td><td class=\"num\">{esc(bare)}</td></tr>")  # fmt: skip
    head = "<tr><th>具体指标</th><th>佐证材料（文件要求）</th><th>已附文件</th><th>无佐证的事件</th></tr>"
    return f'<table class="evidence"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def render(report: Report) -> str:
    """The whole page as one HTML string."""
    card = report.card
    who = f"{report.site_name}（{card.site}）" if report.site_name else card.site
    grade = f'<div class="card"><div class="sub">等次 grade</div><div class="big">{esc(card.grade)}</div>' \
            f'<div class="sub">{esc(card.grade_en or "")}</div></div>' if card.grade else ""  # fmt: skip
    rank = (f'<div class="card"><div class="sub">排名 rank</div><div class="big">{card.rank}/{card.cohort_size}</div></div>'
            if card.rank is not None else "")  # fmt: skip
    consequences = "".join(f'<div class="card bad"><div class="sub">后果 consequence</div><div>{esc(c["zh"])}</div>'
                           f'<div class="sub">{esc(c["en"])}</div></div>' for c in card.consequences)  # fmt: skip
    late = ("<p class=\"no\">迟报事件 late events: " + "；".join(f"seq {e['seq']} {e['type']} ({e['status']})" for e in card.late) + "</p>"
            if card.late else "")  # fmt: skip
    legend_t = (
        '<span style="background:#2da44e"></span>达到累计目标 <span style="background:#e16f24"></span>低于累计目标'
        '<span style="border:2px dashed #bc4c00;height:0"></span>目标按月平均分摊（第k月末 = 目标 × k / 月数）'
    )
    legend_c = (
        '<span style="background:#2da44e"></span>达标 <span style="background:#e16f24"></span>不足 '
        '<span style="background:#54aeff"></span>进行中 <span style="background:#afb8c1"></span>不完整周（不考核）'
    )
    seq, digest = report.head
    body = f"""
<header>
<h1>{esc(card.scheme_title)}</h1>
<div class="sub">站点 site <b>{esc(who)}</b> · 考核期 period <b>{esc(card.period)}</b>（{report.period.start} 至 {report.period.end}）· 方案 scheme {esc(card.scheme)}</div>
<div class="summary">
<div class="card"><div class="sub">总分 total</div><div class="big">{esc(fmt(card.total))} <span class="sub">/ {esc(fmt(card.max_total))}</span></div></div>
{grade}{rank}{consequences}
</div>
{late}
</header>
<section id="scorecard"><h2>评分表 scorecard</h2>{table_html(report.table, frozenset(b.id for b in report.scheme.blocks if b.kind == "bonus"))}</section>
<section id="indicators"><h2>关键指标 key indicators, month by month</h2>{_charts_html(report.charts, legend_t)}</section>
<section id="cadence"><h2>频次 cadence</h2>{_charts_html(report.cadence, legend_c)}</section>
<section id="gaps"><h2>差距 gaps: what would raise the score</h2>{_gaps_html(report)}</section>
<section id="evidence"><h2>佐证材料清单 evidence checklist</h2>{_evidence_html(report)}</section>
<footer>opsledger · ledger head seq {seq} hash {esc(digest)} · scheme file sha256 {esc(report.scheme.sha256)} · today {report.today}</footer>
"""
    title = f"{card.scheme_title} · {card.site} · {card.period}"
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{esc(title)}</title>'
            f"<style>{CSS}</style></head><body>{body}</body></html>\n")  # fmt: skip
