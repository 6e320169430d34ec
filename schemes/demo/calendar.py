"""The demo year's calendar: which days are working days, and the seeded pickers that place events on them.

Working days are Monday to Friday outside New Year's Day, the Spring Festival week and the National Day week
(the markets close then). This is the demo's own simple model of the year, not the State Council's holiday
arrangement (no 调休 weekends): it only decides when the simulated operators work.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache

# 春节 (Spring Festival): the week the markets close. Other years: mid-February.
SPRING_FESTIVAL = {2024: date(2024, 2, 10), 2025: date(2025, 1, 29), 2026: date(2026, 2, 17),
                   2027: date(2027, 2, 6), 2028: date(2028, 1, 26)}  # fmt: skip


@lru_cache(maxsize=8)
def _holidays(year: int) -> frozenset[date]:
    spring = SPRING_FESTIVAL.get(year, date(year, 2, 12))
    days = {date(year, 1, 1)}
    days.update(spring + timedelta(n) for n in range(-2, 6))
    days.update(date(year, 10, d) for d in range(1, 8))
    return frozenset(days)


def holiday(d: date) -> bool:
    """New Year's Day, the Spring Festival week and the National Day week."""
    return d in _holidays(d.year)


def working(d: date) -> bool:
    return d.weekday() < 5 and not holiday(d)


def next_working_day(d: date) -> date:
    """The first working day after d (what 'the next morning' means at an office)."""
    d += timedelta(1)
    while not working(d):
        d += timedelta(1)
    return d


class Calendar:
    """One demo year and its random source: every date the plans ask for comes from here, in a fixed order."""

    def __init__(self, year: int, rng: random.Random) -> None:
        self.year = year
        self.rng = rng
        first, last = date(year, 1, 1), date(year, 12, 31)
        self.days = [first + timedelta(n) for n in range((last - first).days + 1)]
        self._workdays = {m: [d for d in self.days if d.month == m and working(d)] for m in range(1, 13)}
        self._windows: dict[tuple[date, date, bool], list[date]] = {}

    def day(self, month: int, day: int) -> date:
        return date(self.year, month, day)

    def workdays(self, month: int) -> list[date]:
        return self._workdays[month]

    def month_end(self, month: int) -> date:
        nxt = date(self.year + 1, 1, 1) if month == 12 else date(self.year, month + 1, 1)
        return nxt - timedelta(1)

    def window(self, start: date, end: date, workdays_only: bool = True) -> list[date]:
        key = (start, end, workdays_only)
        if key not in self._windows:
            span = [start + timedelta(n) for n in range((end - start).days + 1)]
            self._windows[key] = [d for d in span if not workdays_only or working(d)]
        return self._windows[key]

    # -- seeded pickers -----------------------------------------------------------------------------------------

    def spread(self, n: int, weights: Sequence[int] | None = None) -> list[date]:
        """n working days through the year (repeats allowed), months weighted (default: equal), in date order."""
        months = self.rng.choices(range(1, 13), weights=list(weights or [1] * 12), k=n)
        return sorted(self.rng.choice(self._workdays[m]) for m in months)

    def within(self, n: int, start: date, end: date, workdays_only: bool = True) -> list[date]:
        """n days between start and end (repeats allowed), in date order."""
        pool = self.window(start, end, workdays_only)
        return sorted(self.rng.choice(pool) for _ in range(n))
