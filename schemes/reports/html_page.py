"""The report as one self-contained HTML page: CSS inline, charts as inline SVG, no script, no font or image
fetched, so the file opens offline. Chinese renders through a font-family stack starting with
'Noto Sans CJK SC' and ending in the generic sans-serif.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ledger.messages import msg
from projections.numbers import ZERO, round_half_up
from schemes.display import number, parts_text
from schemes.late import status_text
from schemes.reports.charts import Chart
from schemes.reports.html_scorecard import cards_html, table_html
from schemes.reports.html_style import CSS
from schemes.reports.page import Report
from schemes.reports.svg import esc
from schemes.reports.table import TITLE, interpreted


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
    return "—" if value is None else number(round_half_up(value, 2))


def _gaps_html(report: Report) -> str:
    places = report.scheme.display_places

    def fmt(value: Decimal | None) -> str:  # points as the scheme shows them (Wujiang: 2 places), never -0
        return number(value, places)

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
        rows.append(f'<tr><td data-label="具体指标">{esc(item.title)}<div class="sub">{esc(item.id)}</div></td>'
                    f'<td data-label="佐证材料（文件要求）">{"".join(asks)}</td><td data-label="已附文件">{files}</td>'
                    f'<td class="num" data-label="无佐证的事件">{esc(bare)}</td></tr>')  # fmt: skip
    head = "<tr><th>具体指标</th><th>佐证材料（文件要求）</th><th>已附文件</th><th>无佐证的事件</th></tr>"
    return f'<table class="evidence"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def _notes_html(report: Report) -> str:
    """The scheme's interpretation of each item, in the report's language, each linked from its row's 说明."""
    rows = interpreted(report.table)
    if not rows:
        return ""
    items = "".join(f'<li id="interp-{esc(r.item)}"><b>{esc(r.values[TITLE])}</b> <span class="sub">{esc(r.item)}</span>'
                    f'<div>{esc(r.interpretation)}</div></li>' for r in rows)  # fmt: skip
    return (f'<section id="interpretations"><h2>{esc(msg("report.interpretations"))}</h2>'
            f'<ol class="interpretations">{items}</ol></section>')  # fmt: skip


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
    late = ("<p class=\"no\">迟报事件 late events: " + "；".join(f"seq {e['seq']} {e['type']} ({status_text(e)})" for e in card.late) + "</p>"
            if card.late else "")  # fmt: skip
    legend_t = (
        '<span style="background:#2da44e"></span>达到累计目标 <span style="background:#e16f24"></span>低于累计目标'
        '<span style="border:2px dashed #bc4c00;height:0"></span>目标按月平均分摊（第k月末 = 目标 × k / 月数）'
    )
    legend_c = (
        '<span style="background:#2da44e"></span>达标 <span style="background:#e16f24"></span>不足 '
        '<span style="background:#54aeff"></span>进行中 <span style="background:#afb8c1"></span>不完整周（不考核）'
    )
    places = report.scheme.display_places
    said = parts_text(card, places)
    if said:  # '27' with '基础 25/25 + 加分 2' under it, never '27 / 25'
        total, parts = esc(number(card.total, places)), f'<div class="sub">{esc(said)}</div>'
    else:
        total, parts = (
            f'{esc(number(card.total, places))} <span class="sub">/ {esc(number(card.max_total, places))}</span>',
            "",
        )
    bonus = frozenset(b.id for b in report.scheme.blocks if b.kind == "bonus")
    body = f"""
<header>
<h1>{esc(card.scheme_title)}</h1>
<div class="sub">站点 site <b>{esc(who)}</b> · 考核期 period <b>{esc(card.period)}</b>（{report.period.start} 至 {report.period.end}）· 方案 scheme {esc(card.scheme)}</div>
<div class="summary">
<div class="card"><div class="sub">总分 total</div><div class="big">{total}</div>{parts}</div>
{grade}{rank}{consequences}
</div>
{late}
</header>
<section id="scorecard"><h2>评分表 scorecard</h2><div class="scorecard-pair">{table_html(report.table, bonus, notes="link")}{cards_html(report.table, bonus)}</div></section>
{_notes_html(report)}
<section id="indicators"><h2>关键指标 key indicators, month by month</h2>{_charts_html(report.charts, legend_t)}</section>
<section id="cadence"><h2>频次 cadence</h2>{_charts_html(report.cadence, legend_c)}</section>
<section id="gaps"><h2>差距 gaps: what would raise the score</h2>{_gaps_html(report)}</section>
<section id="evidence"><h2>佐证材料清单 evidence checklist</h2>{_evidence_html(report)}</section>
<footer>opsledger · {esc(report.stamp.line() if report.stamp else "")} · today {report.today}</footer>
"""
    title = f"{card.scheme_title} · {card.site} · {card.period}"
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{esc(title)}</title>'
            f"<style>{CSS}</style></head><body>{body}</body></html>\n")  # fmt: skip
