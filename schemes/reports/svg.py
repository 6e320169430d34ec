"""Inline SVG bar charts for the HTML report: no script, no fetched font, so the page opens offline."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from decimal import ROUND_CEILING, Decimal
from typing import Any

from projections.numbers import ZERO, fmt
from schemes.display import pace
from schemes.reports.targets import Target

FONTS = (
    "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"
)


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


def esc(text: Any) -> str:
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
            f'<text class="tick" x="{LEFT - 6}" y="{yy + 4:.1f}" text-anchor="end">{esc(fmt(v))}</text>'
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
        tip = f"{labels[k]}：本月 {fmt(per_month[k])}{unit}，累计 {fmt(cumulative[k])}{unit}，累计目标 {pace(goal[k])}{unit}"
        height = max(
            y0 - y1, STUB
        )  # a zero is drawn as a thin stub on the axis: the month is counted, not missing
        if future[k]:
            parts.append(
                f'<rect class="{cls}" x="{x:.1f}" y="{TOP}" width="{bar:.1f}" height="{y0 - TOP:.1f}"><title>{esc(labels[k])}：尚未到来</title></rect>'
            )
        else:
            parts.append(
                f'<rect class="{cls} mark" x="{x:.1f}" y="{y0 - height:.1f}" width="{bar:.1f}" height="{height:.1f}"><title>{esc(tip)}</title></rect>'
            )
            if per_month[k]:
                parts.append(
                    f'<text class="value" x="{cx:.1f}" y="{y1 - 4:.1f}" text-anchor="middle">+{esc(fmt(per_month[k]))}</text>'
                )
        parts.append(
            f'<text class="tick" x="{cx:.1f}" y="{H - BOTTOM + 16}" text-anchor="middle">{esc(labels[k])}</text>'
        )
    points = " ".join(f"{LEFT + slot * k + slot / 2:.1f},{y(goal[k]):.1f}" for k in range(n))
    start = f"{LEFT:.1f},{y(ZERO):.1f} " if n > 1 else f"{LEFT:.1f},{y(goal[0]):.1f} "
    parts.append(
        f'<polyline class="target mark" points="{start}{points}"><title>{esc(target.zh)} / {esc(target.en)}</title></polyline>'
    )
    word = "上限" if target.ceiling else "目标"
    parts.append(
        f'<text class="goal" x="{W - RIGHT:.1f}" y="{y(target.value) - 6:.1f}" text-anchor="end">{word} {esc(fmt(target.value))}{esc(unit)}</text>'
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
                f'<rect class="bar future" x="{x:.1f}" y="{TOP}" width="{bar:.1f}" height="{y0 - TOP:.1f}"><title>{esc(tip)}</title></rect>'
            )
        else:
            height = max(y0 - y1, STUB)
            parts.append(
                f'<rect class="bar {status} mark" x="{x:.1f}" y="{y0 - height:.1f}" width="{bar:.1f}" height="{height:.1f}"><title>{esc(tip)}</title></rect>'
            )
        if k % every == 0:
            parts.append(
                f'<text class="tick" x="{cx:.1f}" y="{H - BOTTOM + 16}" text-anchor="middle">{esc(label)}</text>'
            )
    yy = y(at_least)
    parts.append(
        f'<line class="target mark" x1="{LEFT}" y1="{yy:.1f}" x2="{W - RIGHT}" y2="{yy:.1f}"><title>至少 {esc(fmt(at_least))}</title></line>'
    )
    parts.append(
        f'<text class="goal" x="{W - RIGHT:.1f}" y="{yy - 6:.1f}" text-anchor="end">至少 {esc(fmt(at_least))}</text>'
    )
    parts.append(f'<line class="axis" x1="{LEFT}" y1="{y(ZERO):.1f}" x2="{W - RIGHT}" y2="{y(ZERO):.1f}"/>')
    return _svg(parts, f"each bucket against at least {fmt(at_least)}")


def _svg(parts: Iterable[str], label: str) -> str:
    body = "".join(parts)
    return (f'<svg class="chart" viewBox="0 0 {W} {H}" width="{W}" height="{H}" role="img" '
            f'aria-label="{esc(label)}" xmlns="http://www.w3.org/2000/svg">{body}</svg>')  # fmt: skip
