"""Field filters on an event's payload (`where = {kind = "daily", companies = {ge = 35}}`): the one test every
indicator selector applies, in a module of its own so a caller that only filters payloads (the plausibility gate
of every `opsledger log`) does not load the indicator kinds."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal

from projections.numbers import to_decimal

Scalar = str | int | bool
Condition = Scalar | list[Scalar] | dict[Literal["ge", "gt", "le", "lt", "ne", "in"], Any]


def _num(value: Any) -> Decimal | None:
    try:
        return to_decimal(value)
    except Exception:
        return None


def matches(payload: Mapping[str, Any], where: Mapping[str, Condition]) -> bool:
    """Field filters: equality, membership (a list) or comparisons ({ge = 35})."""
    for name, cond in where.items():
        actual = payload.get(name)
        if isinstance(cond, list):
            if actual not in cond:
                return False
        elif isinstance(cond, dict):
            for op, expected in cond.items():
                if op == "in":
                    if actual not in expected:
                        return False
                    continue
                if op == "ne":
                    if actual == expected:
                        return False
                    continue
                a, b = _num(actual), _num(expected)
                if a is None or b is None:
                    return False
                if not {"ge": a >= b, "gt": a > b, "le": a <= b, "lt": a < b}[op]:
                    return False
        elif actual != cond:
            return False
    return True
