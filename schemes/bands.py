"""Bands: a range of values with open or closed edges, and the check that a table of them has no holes.

Tier rules (points by band), settlement shares (pay by band) and grades all read a value against a table of
bands. A table with a hole or an overlap silently scores a value the document never meant to, so scheme files
are checked with `coverage` when they are loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from ledger.messages import Message, msg
from ledger.record import Record
from projections.numbers import fmt


class Band(Record):
    """A tier: [min, max] with open or closed edges (None = unbounded) earning `points`."""

    points: Decimal
    min: Decimal | None = None
    max: Decimal | None = None
    min_open: bool = False
    max_open: bool = False

    def holds(self, value: Decimal) -> bool:
        if self.min is not None and (value <= self.min if self.min_open else value < self.min):
            return False
        if self.max is not None and (value >= self.max if self.max_open else value > self.max):
            return False
        return True

    def describe(self) -> str:
        lo = "" if self.min is None else f"{'>' if self.min_open else '≥'}{fmt(self.min)}"
        hi = "" if self.max is None else f"{'<' if self.max_open else '≤'}{fmt(self.max)}"
        return " ".join(p for p in (lo, hi) if p) or "any"


def _has_value(lo: Decimal, lo_open: bool, hi: Decimal, hi_open: bool, integral: bool) -> bool:
    """Whether the range between lo and hi (with those edges) holds any value (any whole number if integral)."""
    if not integral:
        return lo < hi or (lo == hi and not lo_open and not hi_open)
    whole_lo, whole_hi = lo == lo.to_integral_value(), hi == hi.to_integral_value()
    first = (lo + 1 if lo_open else lo) if whole_lo else lo.to_integral_value(rounding=ROUND_CEILING)
    last = (hi - 1 if hi_open else hi) if whole_hi else hi.to_integral_value(rounding=ROUND_FLOOR)
    return first <= last


def coverage(
    bands: Sequence[Band], *, lowest: Decimal | None = None, integral: bool = False, outer: bool = True
) -> list[Message]:
    """What a band table leaves uncovered or covers twice, as short catalogue messages ('no band covers [2400,
    2500)').

    `lowest` is the least value the input can take (0 for counts and rates; None: unbounded below);
    `integral` says the input is a whole number (a hole between 0 and 1 holds no count); `outer=False` checks
    only between the bands (a tier rule's `otherwise` covers what lies beyond them).
    """
    problems: list[Message] = []
    for i, a in enumerate(bands):
        for b in bands[i + 1 :]:
            lo, lo_open = _later_lower(a, b)
            hi, hi_open = _earlier_upper(a, b)
            if lo is None or hi is None or _has_value(lo, lo_open, hi, hi_open, integral):
                where = _range(lo, lo_open, hi, hi_open)
                problems.append(msg("sf.band.overlap", a=a.describe(), b=b.describe(), where=where))
    ordered = sorted(bands, key=lambda b: (b.min is not None, b.min or Decimal(0), b.min_open))
    if not ordered:
        return problems
    first = ordered[0]
    below = lowest is None or _has_value(lowest, False, first.min or lowest, not first.min_open, integral)
    if outer and first.min is not None and below:
        problems.append(msg("sf.band.hole", where=_range(lowest, False, first.min, not first.min_open)))
    reach, reach_open = first.max, first.max_open
    for band in ordered[1:]:
        if reach is None:
            break
        if band.min is not None and (
            band.min > reach or (band.min == reach and band.min_open and reach_open)
        ):
            if _has_value(reach, not reach_open, band.min, not band.min_open, integral):
                problems.append(
                    msg("sf.band.hole", where=_range(reach, not reach_open, band.min, not band.min_open))
                )
        if band.max is None:
            reach = None
        elif band.max > reach or (band.max == reach and not band.max_open):
            reach, reach_open = band.max, band.max_open
    if outer and reach is not None:
        problems.append(msg("sf.band.hole", where=_range(reach, not reach_open, None, False)))
    return problems


def _later_lower(a: Band, b: Band) -> tuple[Decimal | None, bool]:
    """The greater of two lower edges (None: both unbounded)."""
    if a.min is None:
        return b.min, b.min_open
    if b.min is None or a.min > b.min:
        return a.min, a.min_open
    if b.min > a.min:
        return b.min, b.min_open
    return a.min, a.min_open or b.min_open


def _earlier_upper(a: Band, b: Band) -> tuple[Decimal | None, bool]:
    if a.max is None:
        return b.max, b.max_open
    if b.max is None or a.max < b.max:
        return a.max, a.max_open
    if b.max < a.max:
        return b.max, b.max_open
    return a.max, a.max_open or b.max_open


def _range(lo: Decimal | None, lo_open: bool, hi: Decimal | None, hi_open: bool) -> str:
    if lo is not None and hi is not None and lo == hi:
        return fmt(lo)
    left = "(-∞" if lo is None else f"{'(' if lo_open else '['}{fmt(lo)}"
    right = "∞)" if hi is None else f"{fmt(hi)}{')' if hi_open else ']'}"
    return f"{left}, {right}"
