"""Which charts the report draws, and the numbers behind them.

Key indicators are the count, sum and per-event indicators (period window) that items' rules read and for
which the rule names a target (schemes/reports/targets.py). Each month's bar is the cumulative value at that
month's end (recounted from the site's current view of events with the indicator's own definition); the
dashed line is the target pro-rated in equal monthly shares: after month k of M, target x k / M. A month
after `today` is drawn empty (not yet happened). Cadence charts recount each week (or month, quarter) with
the cadence indicator's own selector and draw its minimum as a line; a partial week the indicator skips is
grey.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from projections import facts as proj
from projections.indicators import CadenceSpec, CountSpec, PerEventSpec, SumSpec, compute_periods
from projections.numbers import ZERO, fmt, to_decimal
from projections.periods import Period
from schemes.engine import ItemScore, Scorecard
from schemes.model import Scheme
from schemes.reports.svg import cadence_svg, target_svg
from schemes.reports.targets import targets_for

CHARTED = (CountSpec, SumSpec, PerEventSpec)


@dataclass
class Chart:
    name: str  # the indicator
    title: str
    subtitle: str
    svg: str
    items: list[str]


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
            v[name].value or ZERO
            for v in compute_periods({name: spec}, facts.events, months, scheme=scheme.id)
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
