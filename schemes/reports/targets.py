"""Targets from rules: the figure an item's rule asks of an indicator, drawn as the line on its chart.

tiers       the next band up from the value now (the top band's minimum once reached); for bands where
            less is better (incidents, disputes) the best band's maximum, drawn as a ceiling;
per_unit    the count that reaches the item's cap;  flag: its minimum;  all_or_nothing and services
            checks: their minimums;  deductions: a term's `below`;  sum: its terms'.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Any

from projections.numbers import ZERO, fmt, round_half_up
from schemes.model import Item
from schemes.rules import AllOrNothing, Deductions, Flag, PerUnit, Services, Sum, Tiers


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
