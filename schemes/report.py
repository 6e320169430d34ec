"""`opsledger report`: one self-contained HTML page a buyer or an operator would rather look at.

The page holds the scorecard in the document's table shape (schemes/export.py's table, merged cells as
rowspans), a chart per key indicator against its target month by month, cadence charts (e.g. livestreams
per week against 3), the gaps list (schemes/gaps.py) and the evidence checklist (schemes/audit.py).

Self-contained: CSS inline, charts as inline SVG drawn here, no script, no font or image fetched, so the
file opens offline. Chinese renders through a font-family stack starting with 'Noto Sans CJK SC' and
ending in the generic sans-serif.

Charts. Key indicators are the count, sum and per-event indicators (period window) that items' rules read
and for which the rule names a target:
  tiers       the next band up from the value now (the top band's minimum once reached); for bands where
              less is better (incidents, disputes) the best band's maximum, drawn as a ceiling;
  per_unit    the count that reaches the item's cap;  flag: its minimum;  all_or_nothing and services
              checks: their minimums;  deductions: a term's `below`;  sum: its terms'.
Each month's bar is the cumulative value at that month's end (recounted from the site's current view of
events with the indicator's own definition); the dashed line is the target pro-rated in equal monthly
shares: after month k of M, target x k / M. A month after `today` is drawn empty (not yet happened).
Cadence charts recount each week (or month, quarter) with the cadence indicator's own selector and draw
its minimum as a line; a partial week the indicator skips is grey.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal
from pathlib import Path
from typing import Any

from ledger.store import Ledger
from projections import store as proj
from projections.indicators import CadenceSpec, CountSpec, PerEventSpec, SumSpec, compute
from projections.numbers import ZERO, fmt, round_half_up, to_decimal
from projections.periods import Period
from schemes import audit, service
from schemes.engine import ItemScore, Scorecard
from schemes.export import CATEGORY, COLUMNS, CONTENT, EVENTS, MAX, POINTS, Table, scorecard_table
from schemes.model import Item, Scheme
from schemes.rules import AllOrNothing, Deductions, Flag, PerUnit, Services, Sum, Tiers

FONTS = (
    "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"
)
CHARTED = (CountSpec, SumSpec, PerEventSpec)


# -- targets from rules ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A figure an item's rule asks of an indicator over the period."""

    value: Decimal
    ceiling: bool  # True: stay at or under it (fewer is better)
    zh: str
    en: str
    item: str


def _tiers_target(rule: Tiers, value: Decimal | None, item: Item) -> Target | None:
    top = max(rule.bands, key=lambda b: b.points)
    if top.min is not None and top.max is None:  # more is better
        now = value if value is not None else ZERO
        points = next((b.points for b in rule.bands if b.band().holds(now)), rule.otherwise)
        better = [b for b in rule.bands if b.points > points and b.min is not None]
        if better:
            nxt = min(better, key=lambda b: b.min or ZERO)
            assert nxt.min is not None
            need = nxt.min + (1 if nxt.min_open else 0)
            return Target(need, False, f"下一档 {nxt.label or nxt.band().describe()}：{fmt(nxt.points)} 分",
                          f"next band {nxt.band().describe()}: {fmt(nxt.points)} points", item.id)  # fmt: skip
        return Target(top.min + (1 if top.min_open else 0), False,
                      f"最高档 {top.label or top.band().describe()}（已达到）", f"top band {top.band().describe()} (reached)",
                      item.id)  # fmt: skip
    if top.max is not None and top.min is None:  # fewer is better: the ceiling of the band held now
        now = value if value is not None else ZERO
        held = next((b for b in rule.bands if b.band().holds(now) and b.max is not None), top)
        assert held.max is not None
        limit = held.max - (1 if held.max_open else 0)
        word = "保持" if held is not top else "上限"
        return Target(limit, True, f"{word} {held.label or held.band().describe()}：{fmt(held.points)} 分",
                      f"keep within {held.band().describe()}: {fmt(held.points)} points", item.id)  # fmt: skip
    return None


def targets_for(item: Item, name: str, value: Decimal | None) -> list[Target]:
    """What the item's rule asks of indicator `name` (see the module docstring)."""
    out: list[Target] = []

    def visit(rule: Any, cap: Decimal) -> None:
        if isinstance(rule, Tiers) and rule.input == name:
            found = _tiers_target(rule, value, item)
            if found:
                out.append(found)
        elif isinstance(rule, PerUnit) and rule.input == name:
            top = rule.cap if rule.cap is not None else cap
            shares = top / rule.points
            # whole units of `per` unless the rule pays part units: 5 points at 3 each needs 2 (not 1.67)
            shares = (
                round_half_up(shares, 2) if rule.partial else shares.to_integral_value(rounding=ROUND_CEILING)
            )
            units = shares * rule.per + rule.offset
            out.append(
                Target(
                    units,
                    False,
                    f"满 {fmt(top)} 分需 {fmt(units)}",
                    f"{fmt(units)} reach the cap {fmt(top)}",
                    item.id,
                )
            )
        elif isinstance(rule, Flag) and rule.input == name:
            out.append(Target(rule.min, False, f"达到 {fmt(rule.min)}", f"reach {fmt(rule.min)}", item.id))
        elif isinstance(rule, Deductions):
            for term in rule.terms:
                if term.input == name and term.below is not None and not term.detail:
                    out.append(
                        Target(
                            term.below,
                            False,
                            f"少于 {fmt(term.below)} 扣分",
                            f"below {fmt(term.below)} deducts",
                            item.id,
                        )
                    )
        elif isinstance(rule, AllOrNothing):
            out.extend(
                Target(t.min, False, f"需 ≥{fmt(t.min)}", f"needs ≥{fmt(t.min)}", item.id)
                for t in rule.targets
                if t.input == name
            )
        elif isinstance(rule, Services):
            for service_ in rule.services:
                for check in service_.checks:
                    if check.input == name and check.min is not None:
                        out.append(Target(check.min, False, f"{service_.name_zh}：需 ≥{fmt(check.min)}",
                                          f"{service_.name_en or service_.name_zh}: needs ≥{fmt(check.min)}", item.id))  # fmt: skip
        elif isinstance(rule, Sum):
            for term in rule.terms:
                visit(term, getattr(term, "cap", None) or cap)

    visit(item.rule, item.max_points)
    return out


# -- the data behind the page ----------------------------------------------------------------------------


@dataclass
class Chart:
    name: str  # the indicator
    title: str
    subtitle: str
    svg: str
    items: list[str]


@dataclass
class Report:
    card: Scorecard
    scheme: Scheme
    site_name: str
    period: Period
    today: date
    table: Table
    charts: list[Chart]
    cadence: list[Chart]
    evidence: list[audit.ItemEvidence]
    gaps: Any = None  # schemes.gaps.GapReport when that module is present
    item_gaps: list[ItemScore] = field(default_factory=list)  # the fallback: the engine's own gaps
    head: tuple[int, str] = (0, "")


def _label(scheme: Scheme, name: str) -> tuple[str, str, str]:
    spec = scheme.indicators[name]
    return spec.label_zh or name, spec.label_en or name, spec.unit_zh


def _month_label(month: Period) -> str:
    return f"{month.start.month}月"


def key_charts(
    scheme: Scheme, card: Scorecard, facts: proj.SiteFacts, period: Period, today: date
) -> list[Chart]:
    """A chart per charted indicator with a target, in the order the items first read them."""
    items = {i.id: i for i in scheme.items}
    scored = [i for i in card.items if i.id in items]
    order: dict[str, list[ItemScore]] = {}
    for item in scored:
        for name in items[item.id].rule.inputs():
            spec = scheme.indicators[name]
            if isinstance(spec, CHARTED) and spec.window == "period":
                order.setdefault(name, []).append(item)
    months = period.months()
    charts = []
    for name, readers in order.items():
        value = readers[0].inputs.get(name)
        targets = [t for r in readers for t in targets_for(items[r.id], name, value)]
        if not targets:
            continue
        spec = scheme.indicators[name]
        per_month = [
            compute({name: spec}, facts.events, m, scheme=scheme.id)[name].value or ZERO for m in months
        ]
        zh, en, unit = _label(scheme, name)
        target = max(targets, key=lambda t: (not t.ceiling, t.value))
        svg = target_svg(
            [_month_label(m) for m in months], per_month, [m.start > today for m in months], target, unit
        )
        shown = "；".join(dict.fromkeys(f"{t.zh}（{t.item}）" for t in targets))
        total = sum(per_month, ZERO)
        sub = f"本期 {fmt(total)}{unit} · 目标 {fmt(target.value)}{unit} · {shown}"
        charts.append(Chart(name, f"{zh} / {en}", sub, svg, [r.id for r in readers]))
    return charts


def cadence_charts(
    scheme: Scheme, card: Scorecard, facts: proj.SiteFacts, period: Period, today: date
) -> list[Chart]:
    """A chart per cadence indicator an item reads: each week (month, quarter) against its minimum."""
    items = {i.id: i for i in scheme.items}
    seen: dict[str, list[str]] = {}
    for item in card.items:
        for name in items[item.id].rule.inputs() if item.id in items else ():
            if isinstance(scheme.indicators[name], CadenceSpec):
                seen.setdefault(name, []).append(item.id)
    charts = []
    for name, readers in seen.items():
        spec = scheme.indicators[name]
        assert isinstance(spec, CadenceSpec)
        buckets = {"week": period.weeks, "month": period.months, "quarter": period.quarters}[spec.every]()
        hits = [e for e in spec.pick(facts.events) if period.contains(e.occurred_on)]
        bars = []
        for bucket in buckets:
            inside = [e for e in hits if bucket.contains(e.occurred_on)]
            n = (
                Decimal(len(inside))
                if spec.field is None
                else sum((to_decimal(e.payload.get(spec.field) or 0) for e in inside), ZERO)
            )
            if bucket.start > today:
                status = "future"
            elif spec.every == "week" and spec.partial == "skip" and bucket.days < 7:
                status = "skipped"
            elif bucket.end > today:
                status = "running"
            else:
                status = "ok" if n >= spec.at_least else "short"
            label = _month_label(bucket) if spec.every == "month" else str(bucket).split("-")[-1]
            bars.append((label, n, status, str(bucket)))
        zh, en, unit = _label(scheme, name)
        every = {"week": "周", "month": "月", "quarter": "季度"}[spec.every]
        what = f"每{every}{'合计 ' + spec.field if spec.field else '次数'}"
        short = sum(1 for b in bars if b[2] == "short")
        svg = cadence_svg(bars, Decimal(spec.at_least))
        sub = f"{what}，每{every}至少 {spec.at_least} · 不足的{every}：{short} 个（{', '.join(readers)}）"
        charts.append(Chart(name, f"{zh} / {en}", sub, svg, readers))
    return charts


def build(
    ledger: Ledger, site: str, period_text: str, *, today: date, scheme_id: str | None = None
) -> Report:
    """Score (site, period) and gather everything the page shows."""
    target = service.resolve(ledger, site, period_text, scheme_id)
    card, evidence = audit.evidence_report(ledger, site, period_text, scheme_id=scheme_id)
    scheme = target.scheme
    facts = proj.site_facts(ledger, site, target.period.end, None, scheme.late_policy)
    name = ledger.registered_sites().get(site, "")
    report = Report(
        card, scheme, name, target.period, today, scorecard_table(card, scheme, name),
        key_charts(scheme, card, facts, target.period, today), cadence_charts(scheme, card, facts, target.period, today),
        evidence, head=ledger.head(),
    )  # fmt: skip
    try:
        from schemes import gaps
    except ImportError:  # schemes/gaps.py not present: the engine's own gaps
        report.item_gaps = sorted(
            (i for i in card.items if i.gaps), key=lambda i: -sum((g.gain for g in i.gaps), ZERO)
        )
    else:
        report.gaps = gaps.site_gaps(ledger, site, period_text, today, scheme_id=scheme_id)
    return report


# -- SVG -------------------------------------------------------------------------------------------------

W, H = 640, 230
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 18, 30
STUB = 1.5  # drawn height of a zero bar


def nice_scale(value: Decimal, ticks: int = 4) -> tuple[Decimal, Decimal]:
    """An axis (top, step) covering the value in about `ticks` steps of 1, 2 or 5 x 10^k, at least 1."""
    raw = max(value, Decimal(1)) / ticks
    exp = raw.adjusted()
    step = Decimal(10).scaleb(exp + 1)
    for k in (exp, exp + 1):
        for base in (Decimal(1), Decimal(2), Decimal(5)):
            if base.scaleb(k) >= raw:
                step = min(step, base.scaleb(k))
    step = max(step, Decimal(1))  # counts and sums of whole things: no 0.5 gridlines
    top = (value / step).to_integral_value(rounding=ROUND_CEILING) * step
    return (top if top > 0 else step), step


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _axis(value: Decimal) -> tuple[list[str], Any]:
    """Gridlines with labels up to a round top at or above `value`, and the y mapping."""
    top, step = nice_scale(value)
    plot_h = H - TOP - BOTTOM

    def y(v: Decimal) -> float:
        return TOP + plot_h * (1 - float(v / top))

    parts = []
    for i in range(int(top / step) + 1):
        v = step * i
        yy = y(v)
        parts.append(f'<line class="grid" x1="{LEFT}" y1="{yy:.1f}" x2="{W - RIGHT}" y2="{yy:.1f}"/>')
        parts.append(
            f'<text class="tick" x="{LEFT - 6}" y="{yy + 4:.1f}" text-anchor="end">{_e(fmt(v))}</text>'
        )
    return parts, y


def target_svg(labels: Sequence[str], per_month: Sequence[Decimal], future: Sequence[bool], target: Target,
               unit: str = "") -> str:  # fmt: skip
    """Cumulative value at each month's end (bars) against the pro-rated target (dashed line)."""
    n = len(labels)
    cumulative, running = [], ZERO
    for v in per_month:
        running += v
        cumulative.append(running)
    parts, y = _axis(max([target.value, *cumulative]) * Decimal("1.08"))
    slot = (W - LEFT - RIGHT) / max(n, 1)
    bar = slot * 0.6
    goal = [target.value * (k + 1) / n for k in range(n)]
    for k in range(n):
        x = LEFT + slot * k + (slot - bar) / 2
        cx = LEFT + slot * k + slot / 2
        y0, y1 = y(ZERO), y(cumulative[k])
        if future[k]:
            cls = "bar future"
        elif target.ceiling:
            cls = "bar ok" if cumulative[k] <= goal[k] else "bar short"
        else:
            cls = "bar ok" if cumulative[k] >= goal[k] else "bar short"
        tip = f"{labels[k]}：本月 {fmt(per_month[k])}{unit}，累计 {fmt(cumulative[k])}{unit}，累计目标 {fmt(goal[k].quantize(Decimal('0.1')))}{unit}"
        height = max(
            y0 - y1, STUB
        )  # a zero is drawn as a thin stub on the axis: the month is counted, not missing
        if future[k]:
            parts.append(
                f'<rect class="{cls}" x="{x:.1f}" y="{TOP}" width="{bar:.1f}" height="{y0 - TOP:.1f}"><title>{_e(labels[k])}：尚未到来</title></rect>'
            )
        else:
            parts.append(
                f'<rect class="{cls} mark" x="{x:.1f}" y="{y0 - height:.1f}" width="{bar:.1f}" height="{height:.1f}"><title>{_e(tip)}</title></rect>'
            )
            if per_month[k]:
                parts.append(
                    f'<text class="value" x="{cx:.1f}" y="{y1 - 4:.1f}" text-anchor="middle">+{_e(fmt(per_month[k]))}</text>'
                )
        parts.append(
            f'<text class="tick" x="{cx:.1f}" y="{H - BOTTOM + 16}" text-anchor="middle">{_e(labels[k])}</text>'
        )
    points = " ".join(f"{LEFT + slot * k + slot / 2:.1f},{y(goal[k]):.1f}" for k in range(n))
    start = f"{LEFT:.1f},{y(ZERO):.1f} " if n > 1 else f"{LEFT:.1f},{y(goal[0]):.1f} "
    parts.append(
        f'<polyline class="target mark" points="{start}{points}"><title>{_e(target.zh)} / {_e(target.en)}</title></polyline>'
    )
    word = "上限" if target.ceiling else "目标"
    parts.append(
        f'<text class="goal" x="{W - RIGHT:.1f}" y="{y(target.value) - 6:.1f}" text-anchor="end">{word} {_e(fmt(target.value))}{_e(unit)}</text>'
    )
    parts.append(f'<line class="axis" x1="{LEFT}" y1="{y(ZERO):.1f}" x2="{W - RIGHT}" y2="{y(ZERO):.1f}"/>')
    return _svg(parts, f"cumulative against target {fmt(target.value)}")


def cadence_svg(bars: Sequence[tuple[str, Decimal, str, str]], at_least: Decimal) -> str:
    """One bar per bucket (ok / short / skipped partial week / running / future) and the minimum as a line."""
    n = len(bars)
    parts, y = _axis(max([at_least * Decimal("1.5"), *(b[1] for b in bars)]))
    slot = (W - LEFT - RIGHT) / max(n, 1)
    bar = max(slot * 0.7, 1.0)
    every = max(1, n // 13)  # at most ~13 labels
    status_zh = {
        "ok": "达标",
        "short": "不足",
        "skipped": "不完整周，不考核",
        "running": "进行中",
        "future": "尚未到来",
    }
    for k, (label, value, status, name) in enumerate(bars):
        x = LEFT + slot * k + (slot - bar) / 2
        cx = LEFT + slot * k + slot / 2
        y0, y1 = y(ZERO), y(value)
        tip = f"{name}：{fmt(value)}（{status_zh[status]}）"
        if status == "future":
            parts.append(
                f'<rect class="bar future" x="{x:.1f}" y="{TOP}" width="{bar:.1f}" height="{y0 - TOP:.1f}"><title>{_e(tip)}</title></rect>'
            )
        else:
            height = max(y0 - y1, STUB)
            parts.append(
                f'<rect class="bar {status} mark" x="{x:.1f}" y="{y0 - height:.1f}" width="{bar:.1f}" height="{height:.1f}"><title>{_e(tip)}</title></rect>'
            )
        if k % every == 0:
            parts.append(
                f'<text class="tick" x="{cx:.1f}" y="{H - BOTTOM + 16}" text-anchor="middle">{_e(label)}</text>'
            )
    yy = y(at_least)
    parts.append(
        f'<line class="target mark" x1="{LEFT}" y1="{yy:.1f}" x2="{W - RIGHT}" y2="{yy:.1f}"><title>至少 {_e(fmt(at_least))}</title></line>'
    )
    parts.append(
        f'<text class="goal" x="{W - RIGHT:.1f}" y="{yy - 6:.1f}" text-anchor="end">至少 {_e(fmt(at_least))}</text>'
    )
    parts.append(f'<line class="axis" x1="{LEFT}" y1="{y(ZERO):.1f}" x2="{W - RIGHT}" y2="{y(ZERO):.1f}"/>')
    return _svg(parts, f"each bucket against at least {fmt(at_least)}")


def _svg(parts: Iterable[str], label: str) -> str:
    body = "".join(parts)
    return (f'<svg class="chart" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" '
            f'aria-label="{_e(label)}" xmlns="http://www.w3.org/2000/svg">{body}</svg>')  # fmt: skip


# -- HTML ------------------------------------------------------------------------------------------------

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
    out += [f"<th>{_e(c)}</th>" for c in COLUMNS]
    out.append("</tr></thead><tbody>")
    classes = {CATEGORY: "cat", CONTENT: "content", 2: "title", 3: "evidence pre", 4: "crit", MAX: "num", POINTS: "",
               7: "expl pre", EVENTS: "seq"}  # fmt: skip
    ncol = len(COLUMNS)
    for n, row in enumerate(table.rows):
        if row.kind == "section":
            out.append(f'<tr class="section"><td colspan="{ncol}">{_e(row.label)}</td></tr>')
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
                    cells.append(f'<td class="{cls}"{rs} title="{_e(text[:4000])}">{_e(shown)}</td>')
                    continue
                cells.append(f'<td class="{cls}"{rs}>{_e(text)}</td>')
            out.append(f'<tr class="item" id="item-{_e(row.item)}">{"".join(cells)}</tr>')
        else:
            span = table.label_span(n)
            label = f'<td class="label" colspan="{MAX}" rowspan="{span}">{_e(row.label)}</td>' if span else ""
            mx = "" if row.max is None else fmt(row.max) if isinstance(row.max, Decimal) else str(row.max)
            pts = (
                ""
                if row.points is None
                else fmt(row.points)
                if isinstance(row.points, Decimal)
                else str(row.points)
            )
            out.append(f'<tr class="total">{label}<td class="num">{_e(mx)}</td><td class="num"><b>{_e(pts)}</b></td>'
                       f'<td class="expl pre" colspan="{ncol - POINTS - 1}">{_e(row.note)}</td></tr>')  # fmt: skip
    out.append("</tbody></table>")
    return "".join(out)


def _charts_html(charts: Sequence[Chart], legend: str) -> str:
    if not charts:
        return '<p class="sub">（无）</p>'
    figures = [
        f'<figure id="chart-{_e(c.name)}"><h3>{_e(c.title)}</h3><figcaption>{_e(c.subtitle)}</figcaption>{c.svg}</figure>'
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
            lines = "".join(f'<div>{_e(g.zh)} <span class="en">{_e(g.en)}</span></div>' for g in item.gaps)
            lis.append(f'<li><span class="gain">+{_e(fmt(gain))}</span><b>{_e(item.title)}</b> '
                       f'（{_e(fmt(item.points))}/{_e(fmt(item.max_points))}）{lines}</li>')  # fmt: skip
        return f'<ul class="gaps">{"".join(lis)}</ul>'
    from schemes.gaps import PROJECTION_LABEL

    parts = []
    if r.notes:
        parts.append("".join(f'<p class="sub">{_e(n)}</p>' for n in r.notes))
    p = r.projection
    if p is not None:
        grade = f"，等次 {p.grade}" if p.grade else ""
        rows = "".join(f"<li>{_e(v.label_zh)} / {_e(v.label_en)}：{_e(_short(v.current))} → {_e(_short(v.projected))}</li>"
                       for v in p.values)  # fmt: skip
        parts.append(f'<div class="projection"><b>{_e(PROJECTION_LABEL)}</b>：第 {p.elapsed_days}/{p.period_days} 天，'
                     f"预计总分 {_e(fmt(p.total))}{_e(grade)}（当前 {_e(fmt(r.total))}）<ul>{rows}</ul></div>")  # fmt: skip
    sections = (("未得满分的项目（按可得分排序）/ items not at full marks", r.items, "+"),
                ("加分项 / bonus still open", r.bonus, "+"), ("已扣分 / deductions taken", r.deductions, "-"))  # fmt: skip
    for title, items, sign in sections:
        if not items:
            continue
        lis = []
        for g in items:
            acts = "".join(f'<div>{_e(a.zh)}<br><span class="en">{_e(a.en)}</span></div>' for a in g.actions)
            if not g.actions:
                acts = f'<div class="en">{_e(g.explanation_en)}</div>'
            how = ""
            if g.together:
                how = '<div class="en">以下各项须全部完成 / all of these are needed</div>'
            elif g.alternatives:
                how = '<div class="en">以下任一途径（不累加）/ any one of these</div>'
            missing = (f'<div class="en">缺佐证材料 / evidence not attached：{_e("；".join(g.evidence_missing))}</div>'
                       if g.evidence_missing else "")  # fmt: skip
            pts = f"{fmt(g.points)}/{fmt(g.max_points)}" if g.max_points else fmt(g.points)
            lis.append(f'<li><span class="gain">{sign}{_e(fmt(g.available))}</span><b>{_e(g.title)}</b> '
                       f'<span class="sub">{_e(g.id)} · {_e(pts)}</span>{how}{acts}{missing}</li>')  # fmt: skip
        parts.append(f'<h3>{_e(title)}</h3><ul class="gaps">{"".join(lis)}</ul>')
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
            asks.append(f"<div>{mark} {_e(ask)}</div>")
        files = (
            "".join(
                f'<div>#{f.target_seq} {_e(f.file_name)} <span class="sub">{_e(f.sha256[:12])}… [{_e(state)}]'
                f"{(' → ' + _e(covered)) if covered else ''}</span></div>"
                for f, state, covered in item.attached
            )
            or '<span class="sub">无 / none</span>'
        )
        bare = f"{len(item.bare)} / {len(item.events)}" if item.events else "—"
        rows.append(f"<tr><td>{_e(item.title)}<div class=\"sub\">{_e(item.id)}</div></td><td>{''.join(asks)}</td>"
                    f"<td>{files}</td><td class=\"num\">{_e(bare)}</td></tr>")  # fmt: skip
    head = "<tr><th>具体指标</th><th>佐证材料（文件要求）</th><th>已附文件</th><th>无佐证的事件</th></tr>"
    return f'<table class="evidence"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def render(report: Report) -> str:
    """The whole page as one HTML string."""
    card = report.card
    who = f"{report.site_name}（{card.site}）" if report.site_name else card.site
    grade = f'<div class="card"><div class="sub">等次 grade</div><div class="big">{_e(card.grade)}</div>' \
            f'<div class="sub">{_e(card.grade_en or "")}</div></div>' if card.grade else ""  # fmt: skip
    rank = (f'<div class="card"><div class="sub">排名 rank</div><div class="big">{card.rank}/{card.cohort_size}</div></div>'
            if card.rank is not None else "")  # fmt: skip
    consequences = "".join(f'<div class="card bad"><div class="sub">后果 consequence</div><div>{_e(c["zh"])}</div>'
                           f'<div class="sub">{_e(c["en"])}</div></div>' for c in card.consequences)  # fmt: skip
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
<h1>{_e(card.scheme_title)}</h1>
<div class="sub">站点 site <b>{_e(who)}</b> · 考核期 period <b>{_e(card.period)}</b>（{report.period.start} 至 {report.period.end}）· 方案 scheme {_e(card.scheme)}</div>
<div class="summary">
<div class="card"><div class="sub">总分 total</div><div class="big">{_e(fmt(card.total))} <span class="sub">/ {_e(fmt(card.max_total))}</span></div></div>
{grade}{rank}{consequences}
</div>
{late}
</header>
<section id="scorecard"><h2>评分表 scorecard</h2>{table_html(report.table, frozenset(b.id for b in report.scheme.blocks if b.kind == "bonus"))}</section>
<section id="indicators"><h2>关键指标 key indicators, month by month</h2>{_charts_html(report.charts, legend_t)}</section>
<section id="cadence"><h2>频次 cadence</h2>{_charts_html(report.cadence, legend_c)}</section>
<section id="gaps"><h2>差距 gaps: what would raise the score</h2>{_gaps_html(report)}</section>
<section id="evidence"><h2>佐证材料清单 evidence checklist</h2>{_evidence_html(report)}</section>
<footer>opsledger · ledger head seq {seq} hash {_e(digest)} · scheme file sha256 {_e(report.scheme.sha256)} · today {report.today}</footer>
"""
    title = f"{card.scheme_title} · {card.site} · {card.period}"
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{_e(title)}</title>'
            f"<style>{CSS}</style></head><body>{body}</body></html>\n")  # fmt: skip


def write(ledger: Ledger, site: str, period_text: str, out: str | Path, *, today: date,
          scheme_id: str | None = None) -> tuple[Path, Report]:  # fmt: skip
    """Build and write the page; a one-line error if the file cannot be written."""
    from schemes.export import write_file

    report = build(ledger, site, period_text, today=today, scheme_id=scheme_id)
    return write_file(out, render(report).encode("utf-8")), report
