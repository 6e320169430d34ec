"""Assessment periods: calendar months, quarters, half-years, years, ISO weeks and contract-relative spans.

Pure date arithmetic, no clock: every "today" is passed in. All dates are Asia/Shanghai local dates,
end dates are inclusive.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Literal

from ledger.envelope import SHANGHAI
from ledger.errors import LedgerError
from ledger.messages import msg
from ledger.record import Record

Kind = Literal["month", "quarter", "half", "year", "week", "span"]
CalendarKind = Literal["month", "quarter", "half", "year"]

_CALENDAR = re.compile(r"([0-9]{4})(?:-([0-9]{2})|-([Qq])([0-9])|-([Hh])([0-9]))?")
_RELATIVE = re.compile(r"[Yy]([1-9][0-9]*)-[Qq]([0-9])|[Cc]\+([1-9][0-9]*)[Mm]")
_ONE_DAY = timedelta(days=1)


class PeriodError(LedgerError):
    """A period that cannot be parsed or built; `str(err)` is the one-line message."""


class Period(Record):
    """A closed range of local dates [start, end] with a kind and a printable label.

    `full` is False when the period was clipped from its natural extent (a week or month cut at the
    edge of a larger period by `weeks()`/`months()`/`quarters()`).
    """

    kind: Kind
    label: str
    start: date
    end: date
    full: bool = True

    # Its own __init__, eq and hash (a record's are generic): periods are made, compared and looked up by the
    # thousand while a ledger is folded. A record, not a dataclass: `score` then loads no `dataclasses` (issue 15).
    def __init__(self, kind: Kind, label: str, start: date, end: date, full: bool = True) -> None:
        if end < start:
            raise PeriodError(msg("period.backwards", label=repr(label), end=end, start=start))
        self.__dict__.update(kind=kind, label=label, start=start, end=end, full=full)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.kind, self.label, self.start, self.end, self.full) == (
            other.kind, other.label, other.start, other.end, other.full,  # type: ignore[attr-defined]
        )  # fmt: skip

    def __hash__(self) -> int:
        return hash((self.kind, self.label, self.start, self.end, self.full))

    def __str__(self) -> str:
        return self.label

    # --- construction -------------------------------------------------------------------------

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        _check_year(year)
        if not 1 <= month <= 12:
            raise PeriodError(msg("period.bad_month", month=month))
        return cls("month", f"{year:04d}-{month:02d}", date(year, month, 1), _month_end(year, month))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        _check_year(year)
        if not 1 <= quarter <= 4:
            raise PeriodError(msg("period.bad_quarter", quarter=quarter))
        first = 3 * quarter - 2
        return cls("quarter", f"{year:04d}-Q{quarter}", date(year, first, 1), _month_end(year, first + 2))

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        _check_year(year)
        if not 1 <= half <= 2:
            raise PeriodError(msg("period.bad_half", half=half))
        first = 6 * half - 5
        return cls("half", f"{year:04d}-H{half}", date(year, first, 1), _month_end(year, first + 5))

    @classmethod
    def year(cls, year: int) -> Period:
        _check_year(year)
        return cls("year", f"{year:04d}", date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def span(cls, start: date | str, end: date | str, label: str | None = None) -> Period:
        """An arbitrary inclusive range; the label defaults to 'START..END'."""
        first, last = as_date(start), as_date(end)
        return cls("span", label if label is not None else f"{first}..{last}", first, last)

    @classmethod
    def parse(cls, text: str) -> Period:
        """'2026-03', '2026-Q3' (or q), '2026-H1' (or h) or '2026'; anything else is a PeriodError."""
        match = _CALENDAR.fullmatch(text)
        if match is None:
            raise PeriodError(msg("period.bad", text=repr(text)))
        year, month, q, quarter, h, half = match.groups()
        try:
            if month is not None:
                return cls.month(int(year), int(month))
            if q is not None:
                return cls.quarter(int(year), int(quarter))
            if h is not None:
                return cls.half(int(year), int(half))
            return cls.year(int(year))
        except PeriodError:
            raise PeriodError(msg("period.bad", text=repr(text))) from None

    @classmethod
    def parse_relative(cls, text: str, contract_start: date | str) -> Period:
        """'Y1-Q2' (quarter 2 of contract year 1) or 'C+6m' (the first 6 months of service)."""
        match = _RELATIVE.fullmatch(text)
        if match is None:
            raise PeriodError(msg("period.bad_relative", text=repr(text)))
        year, quarter, months = match.groups()
        if months is not None:
            return contract_months(contract_start, int(months))
        if not 1 <= int(quarter) <= 4:
            raise PeriodError(msg("period.bad_relative", text=repr(text)))
        return contract_quarter(contract_start, int(quarter), year=int(year))

    # --- questions ----------------------------------------------------------------------------

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date | str) -> bool:
        """Whether a local date falls in the period; strings compare on their first 10 chars."""
        return self.start <= as_date(day) <= self.end

    def contains_period(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    def elapsed_days(self, today: date | str) -> int:
        """Days of the period up to and including `today`: 0 before the start, `days` after the end."""
        day = as_date(today)
        if day < self.start:
            return 0
        return min(self.days, (day - self.start).days + 1)

    def remaining_days(self, today: date | str) -> int:
        """Days of the period after `today`: `days` before the start, 0 from the last day on."""
        return self.days - self.elapsed_days(today)

    # --- subdivision --------------------------------------------------------------------------

    def months(self) -> list[Period]:
        """Calendar months overlapping the period, in order, the first and last clipped to it."""
        return self._cover(lambda day: period_of("month", day))

    def quarters(self) -> list[Period]:
        """Calendar quarters overlapping the period, in order, the first and last clipped to it."""
        return self._cover(lambda day: period_of("quarter", day))

    def weeks(self) -> list[Period]:
        """ISO Monday-Sunday weeks overlapping the period, clipped to it (clipped ones have full=False).

        Labels are ISO week labels ('2026-W01'), so a week starting in late December may carry the
        next year's number and one ending in early January the previous year's.
        """
        return self._cover(_iso_week)

    def _cover(self, whole_of: Callable[[date], Period]) -> list[Period]:
        pieces: list[Period] = []
        day = self.start
        while True:
            whole = whole_of(day)
            pieces.append(whole._clip(self))
            if whole.end >= self.end:
                return pieces
            day = whole.end + _ONE_DAY

    def _clip(self, outer: Period) -> Period:
        if outer.contains_period(self):
            return self
        return self.replace(start=max(self.start, outer.start), end=min(self.end, outer.end), full=False)

    # --- stepping -----------------------------------------------------------------------------

    def previous(self) -> Period:
        return self._step(-1)

    def next(self) -> Period:
        return self._step(1)

    def _step(self, by: int) -> Period:
        year, month = self.start.year, self.start.month
        if self.kind == "month":
            y, m = divmod(year * 12 + month - 1 + by, 12)
            return Period.month(y, m + 1)
        if self.kind == "quarter":
            y, q = divmod(year * 4 + (month - 1) // 3 + by, 4)
            return Period.quarter(y, q + 1)
        if self.kind == "half":
            y, h = divmod(year * 2 + (month - 1) // 6 + by, 2)
            return Period.half(y, h + 1)
        if self.kind == "year":
            return Period.year(year + by)
        raise PeriodError(msg("period.no_step", label=repr(self.label), kind=self.kind))


# --- module helpers -----------------------------------------------------------------------------


def as_date(day: date | str) -> date:
    """A local date from a date, a datetime (taken in Asia/Shanghai if aware) or the first 10 chars of a string."""
    if isinstance(day, datetime):
        return (day.astimezone(SHANGHAI) if day.tzinfo is not None else day).date()
    if isinstance(day, date):
        return day
    try:
        return date.fromisoformat(day[:10])
    except (TypeError, ValueError):
        raise PeriodError(msg("period.bad_date", day=repr(day))) from None


def add_months(day: date | str, n: int) -> date:
    """The same day of the month n months later, clamped to that month's end (Jan 31 + 1 -> Feb 28/29)."""
    start = as_date(day)
    year, month0 = divmod(start.year * 12 + start.month - 1 + n, 12)
    _check_year(year)
    return date(year, month0 + 1, min(start.day, _month_end(year, month0 + 1).day))


def period_of(kind: CalendarKind, day: date | str) -> Period:
    """The calendar month, quarter, half-year or year containing `day`."""
    d = as_date(day)
    if kind == "month":
        return Period.month(d.year, d.month)
    if kind == "quarter":
        return Period.quarter(d.year, (d.month - 1) // 3 + 1)
    if kind == "half":
        return Period.half(d.year, (d.month - 1) // 6 + 1)
    if kind == "year":
        return Period.year(d.year)
    raise PeriodError(msg("period.bad_kind", kind=repr(kind)))


def contract_months(start: date | str, n: int) -> Period:
    """The first n months of service from `start`: start .. the day before `add_months(start, n)`."""
    if n < 1:
        raise PeriodError(msg("period.bad_length", n=n))
    first = as_date(start)
    return Period.span(first, add_months(first, n) - _ONE_DAY, f"C+{n}m")


def contract_quarter(start: date | str, quarter: int, *, year: int = 1) -> Period:
    """Quarter 1..4 of contract year `year` (1 = the first twelve months from `start`), label 'Y1-Q2'."""
    if not 1 <= quarter <= 4 or year < 1:
        raise PeriodError(msg("period.bad_contract_quarter", year=year, quarter=quarter))
    months_before = 12 * (year - 1) + 3 * (quarter - 1)
    first = add_months(start, months_before)
    return Period.span(first, add_months(start, months_before + 3) - _ONE_DAY, f"Y{year}-Q{quarter}")


def tiles(period: Period, kind: CalendarKind) -> list[Period] | None:
    """The calendar `kind` periods that exactly tile a longer period (2026 -> its four quarters); None when the
    period is not longer than one of them or they do not tile it (a quarter of a yearly scheme, a span)."""
    if period.kind not in ("month", "quarter", "half", "year"):
        return None
    first = period_of(kind, period.start)
    if first.end >= period.end or first.start != period.start:
        return None
    out = [first]
    while out[-1].end < period.end:
        out.append(out[-1].next())
    return out if out[-1].end == period.end else None


def remaining_fraction(period: Period, today: date | str) -> Decimal:
    """The share of the period's days still to come after `today`: 1 before the start, 0 from its last day."""
    return Decimal(period.remaining_days(today)) / Decimal(period.days)


def _iso_week(day: date) -> Period:
    year, week, weekday = day.isocalendar()
    monday = day - timedelta(days=weekday - 1)
    return Period("week", f"{year:04d}-W{week:02d}", monday, monday + timedelta(days=6))


def _month_end(year: int, month: int) -> date:
    return date(year, month, monthrange(year, month)[1])


def _check_year(year: int) -> None:
    if not 1 <= year <= 9999:
        raise PeriodError(msg("period.bad_year", year=year))
