"""Yuan: Decimal, rounded to the fen (0.01) with ROUND_HALF_UP (四舍五入) once, at the amount itself.

Sums are sums of rounded amounts, so printed lines add up exactly.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ROUNDING = "0.01 yuan, ROUND_HALF_UP"
ROUNDING_NOTE = "金额按元保留两位小数、四舍五入 / amounts in yuan, rounded to 0.01 half up"


def yuan(value: Decimal) -> Decimal:
    """Yuan to the fen (0.01), ROUND_HALF_UP: 0.005 -> 0.01."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def pct_of(amount: Decimal, pct: Decimal) -> Decimal:
    """pct% of an amount, rounded to the fen."""
    return yuan(amount * pct / HUNDRED)


def money(value: Decimal) -> str:
    """'75,000.00'."""
    return f"{yuan(value):,.2f}"
