"""Decimal helpers shared by indicators and rules: points are decimal, never binary floats."""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from ledger.messages import msg

ZERO = Decimal(0)


def to_decimal(value: Any) -> Decimal:
    """Exact conversion; floats are refused because 0.1 as a float is not 0.1."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        return Decimal(value.strip())
    raise TypeError(msg("num.type", value=repr(value)))


def round_half_up(value: Decimal, places: int = 0) -> Decimal:
    """四舍五入: 2.5 -> 3, 90.45 -> 90.5 at one place (not banker's rounding)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def floor_div(value: Decimal, per: Decimal) -> Decimal:
    """Whole units of `per` in `value` ("每5单": 14 orders are 2 units)."""
    return (value / per).to_integral_value(rounding=ROUND_FLOOR)


def plain(value: Decimal) -> str:
    """Exact text without trailing zeros or exponent (JSON output): 12.0 -> '12', 89.4444... stays whole."""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def fmt(value: Decimal | None) -> str:
    """Human form without trailing zeros: 12.0 -> '12', 0.40 -> '0.4'."""
    if value is None:
        return "—"
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    text = format(value.normalize(), "f")
    # A rate like 161/180 = 89.444...% is shown to 2 places (四舍五入); the exact value is what is scored.
    if len(text.split(".")[1]) > 4:
        return format(round_half_up(value, 2).normalize(), "f")
    return text
