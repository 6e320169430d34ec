"""Working days in mainland China: weekdays that are not statutory holidays, plus the weekend days worked in
lieu (调休).

The dates come from the `chinese_calendar` package (PyPI `chinesecalendar`), which publishes each year's
State Council arrangement; a year it does not cover yet is refused with a one-line error naming the year,
unless the buyer supplies that year's table as data (`holidays-YYYY.toml` beside the scheme files:
`holidays = ["2027-01-01", ...]` and `workdays = ["2027-02-07", ...]`). Pure given the tables: no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache

from ledger.errors import LedgerError
from ledger.messages import msg
from ledger.record import Record, factory

ONE_DAY = timedelta(days=1)


class CalendarError(LedgerError):
    """A working-day count that cannot be made: a year no table covers."""


class YearTable(Record):
    """One year's arrangement: the holidays (on any day) and the weekend days that are worked (调休)."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]


@cache
def _package() -> tuple[dict[int, YearTable], tuple[int, int]]:
    import chinese_calendar

    years: dict[int, tuple[set[date], set[date]]] = {}
    for day in chinese_calendar.holidays:
        years.setdefault(day.year, (set(), set()))[0].add(day)
    for day in chinese_calendar.workdays:
        years.setdefault(day.year, (set(), set()))[1].add(day)
    # A year the package has no holiday in is not covered (every year has 元旦 and 春节).
    tables = {y: YearTable(y, frozenset(h), frozenset(w)) for y, (h, w) in years.items() if h}
    return tables, (min(tables), max(tables))


class WorkCalendar(Record):
    """The package's tables, with a buyer's own tables for years it does not cover (theirs win)."""

    extra: Mapping[int, YearTable] = factory(dict)

    def table(self, year: int) -> YearTable:
        if year in self.extra:
            return self.extra[year]
        tables, (first, last) = _package()
        if year not in tables:
            raise CalendarError(msg("cal.unknown_year", year=year, first=first, last=last))
        return tables[year]

    def is_workday(self, day: date) -> bool:
        t = self.table(day.year)
        if day in t.workdays:
            return True
        return day.weekday() < 5 and day not in t.holidays

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after `start` (n = 0: `start` itself when it is a working day, else the next)."""
        day = start
        if n == 0:
            while not self.is_workday(day):
                day += ONE_DAY
            return day
        counted = 0
        while counted < n:
            day += ONE_DAY
            if self.is_workday(day):
                counted += 1
        return day

    def workdays_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        n, day = 0, start
        while day < end:
            day += ONE_DAY
            if self.is_workday(day):
                n += 1
        return n


def add_days(calendar: WorkCalendar | None, start: date, n: int, unit: str) -> date:
    """`start` plus n calendar or working days."""
    if unit == "working":
        return (calendar or WorkCalendar()).add_workdays(start, n)
    return start + timedelta(days=n)


def days_between(calendar: WorkCalendar | None, start: date, end: date, unit: str) -> int:
    if unit == "working":
        return (calendar or WorkCalendar()).workdays_between(start, end)
    return (end - start).days


def year_table(year: int, holidays: list[str], workdays: list[str]) -> YearTable:
    """A buyer's table for one year, checked: every date in that year, no date both a holiday and a workday."""
    try:
        h = frozenset(date.fromisoformat(d) for d in holidays)
        w = frozenset(date.fromisoformat(d) for d in workdays)
    except (TypeError, ValueError) as err:
        raise CalendarError(msg("cal.bad_date", year=year, error=err)) from None
    stray = sorted(d for d in h | w if d.year != year)
    if stray:
        raise CalendarError(msg("cal.stray", year=year, day=stray[0]))
    both = sorted(h & w)
    if both:
        raise CalendarError(msg("cal.both", year=year, day=both[0]))
    return YearTable(year, h, w)
