"""The indicator interface: what every indicator kind in a scheme file is, reads and produces.

An indicator spec (one `[indicators.NAME]` table) is a pydantic model with a `kind`. Every kind answers the
same questions, so no caller asks "which kind is this?":

    compute(fold)              its value for one site and period, from the events in `fold`
    references()               the other indicators it is derived from (ratios, totals)
    reads()                    the event types and payload fields it reads (checked against the catalog)
    project(value, fold, today) its value at the period's end at the current pace (gaps, for a running period)
    horizon(period, assessed)  the last day whose events it can read (deadlines and durations look past the end)

Facts about the kind's values (whole numbers? can they be negative? which detail keys?) are class attributes,
so the scheme checker and the rules read them instead of re-encoding them.
"""

# No `from __future__ import annotations` here: pydantic reads this module's model annotations as the objects
# they are, instead of compiling and evaluating each one from a string when `score` loads it (issue 15).

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, ClassVar, Literal

from ledger.envelope import Event
from ledger.record import Record, factory
from projections.filters import Condition, matches
from projections.modelbase import BaseModel, ConfigDict
from projections.numbers import ZERO, round_half_up
from projections.periods import Period, PeriodError
from projections.workdays import WorkCalendar


class IndicatorValue(Record):
    """One indicator for one (site, period). `value` None means no data, which is not zero."""

    value: Decimal | None
    events: tuple[int, ...] = ()
    detail: Mapping[str, Any] = factory(dict)

    # Its own __init__ (a record's is generic): values are made by the thousand while a ledger is folded.
    def __init__(self, value: Decimal | None, events: tuple[int, ...] = (),
                 detail: Mapping[str, Any] | None = None) -> None:  # fmt: skip
        self.__dict__.update(value=value, events=events, detail={} if detail is None else detail)

    @property
    def no_data(self) -> bool:
        return self.value is None or (not self.events and not self.detail.get("derived"))


# -- filters ---------------------------------------------------------------------------------------------


def condition_values(cond: Condition) -> list[Any]:
    """The literal values a condition compares a field with (for checking them against the catalog)."""
    if isinstance(cond, list):
        return list(cond)
    if isinstance(cond, dict):
        out: list[Any] = []
        for op, expected in cond.items():
            out.extend(expected if op == "in" and isinstance(expected, list) else [expected])
        return out
    return [cond]


@lru_cache(maxsize=4096)
def _period(label: str) -> Period | None:
    try:
        return Period.parse(label)
    except PeriodError:
        return None


def covered(event: Event, covers_field: str | None = None) -> Period | None:
    """The period an event reports on: the envelope's `covers`, else (for a type that carries it, such as
    revenue_reported.month) the payload field the indicator names; None: the day it occurred."""
    if event.covers:
        return _period(event.covers)
    if covers_field:
        raw = event.payload.get(covers_field)
        return _period(str(raw)) if raw else None
    return None


def within(event: Event, start: str, end: str, covers_field: str | None = None) -> bool:
    """Whether an event counts in [start, end]: by the period it covers when it says, else by its date.

    A March report handed in on 3 April covers 2026-03 and counts in Q1; December's revenue reported in January
    counts in December's year. A covered period counts in a window only when it lies wholly inside it.
    """
    span = covered(event, covers_field)
    if span is None:
        return start <= event.occurred_on <= end
    return start <= span.start.isoformat() and span.end.isoformat() <= end


class Selector(BaseModel):
    """Which events: one type or several, with field filters. `covers_field` names a payload field holding the
    period an event reports on (revenue_reported.month) for types whose writers put it there; `latest_per`
    keeps, for each value of those fields and covered period, only the latest event: a second report for the
    same institution and month supersedes the first instead of adding to it."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    type: str | list[str]
    where: dict[str, Condition] = {}
    covers_field: str | None = None
    latest_per: list[str] = []

    def types(self) -> list[str]:
        return [self.type] if isinstance(self.type, str) else list(self.type)

    def fields(self) -> list[str]:
        return [*self.where, *([self.covers_field] if self.covers_field else []), *self.latest_per]

    def pick(self, events: Iterable[Event]) -> list[Event]:
        wanted = set(self.types())
        return [e for e in events if e.type in wanted and matches(e.payload, self.where)]


class Reads(Record):
    """What a spec reads from the log: a selector (event types, filters) and the payload fields it takes."""

    role: str  # "", "enter", "leave", "start", "end", "only_if"
    types: tuple[str, ...]
    where: Mapping[str, Condition]
    fields: tuple[str, ...]


class Fold(Record):
    """Everything an indicator may read for one site and period (built once per fold by `compute`)."""

    by_type: Mapping[str, Sequence[Event]]
    period: Period
    scheme: str
    assessed: date
    values: Mapping[str, IndicatorValue] = factory(dict)  # derived indicators read the others
    calendar: WorkCalendar | None = None
    assessed_on: date | None = None  # the assessment date asked for (None: `assessed` is the period's end)

    def judged_at(self, spec: "Spec") -> date:
        """When deadlines are judged: the assessment date asked for, else once every deadline has passed."""
        return self.assessed_on or spec.horizon(self.period, None)

    def window(self, spec: "Spec") -> tuple[str, str]:
        start, end = spec.window_dates(self.period)
        return start.isoformat(), end.isoformat()

    def typed(self, selector: Selector, start: str | None = None, end: str | None = None) -> list[Event]:
        """The selector's events in log order; with start/end, only those counting in [start, end] (by date, or
        by the period they cover); with `latest_per`, only the latest for each key and covered period."""
        out: list[Event] = []
        for t in selector.types():
            out.extend(self.by_type.get(t, ()))
        if len(selector.types()) > 1:
            out.sort(key=lambda e: e.seq)
        if start is not None and end is not None:
            out = [e for e in out if within(e, start, end, selector.covers_field)]
        out = [e for e in out if matches(e.payload, selector.where)] if selector.where else out
        if selector.latest_per:
            latest: dict[tuple[Any, ...], Event] = {}
            for e in sorted(out, key=lambda e: (e.occurred_at, e.seq)):
                span = covered(e, selector.covers_field)
                key = (
                    *(e.payload.get(f) for f in selector.latest_per),
                    span.label if span else e.occurred_on,
                )
                latest[key] = e
            keep = {e.seq for e in latest.values()}
            out = [e for e in out if e.seq in keep]
        return out


def seqs(events: Sequence[Event]) -> tuple[int, ...]:
    return tuple(e.seq for e in events)


def native(value: Decimal) -> int | str:
    """A whole number as an int, else its decimal text (details stay JSON-native)."""
    return int(value) if value == value.to_integral_value() else str(value)


def text(value: Decimal | None) -> str | None:
    """Details stay JSON-native (strings for decimals) so a stored projection reads back identical."""
    return None if value is None else str(value)


def pace_factor(start: date, end: date, today: date) -> Decimal | None:
    """days in [start, end] / days elapsed by today (today included); None before the start."""
    if today < start:
        return None
    elapsed = (min(today, end) - start).days + 1
    return Decimal((end - start).days + 1) / Decimal(elapsed)


class Spec(BaseModel):
    """The base of every indicator kind (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    label_zh: str = ""
    label_en: str = ""
    unit_zh: str = ""
    unit_en: str = ""
    # "period" counts inside the scored period; "year" the calendar year containing it (Chifeng Q4 revenue
    # "按全年算"); "to_date" from the start of that year to the period's end.
    window: Literal["period", "year", "to_date"] = "period"
    round_places: int | None = None  # 四舍五入 at this many decimals, where the document says so

    integral: ClassVar[bool] = True  # values are whole numbers (a band hole between 0 and 1 holds none)
    lowest: ClassVar[Decimal | None] = ZERO  # the least value (None: may be negative)
    derived: ClassVar[bool] = False  # computed from other indicators, after them
    paced: ClassVar[bool] = False  # a running period's value scales to the period's end at the current pace
    charted: ClassVar[bool] = False  # a tally a report can draw month by month
    detail_keys: ClassVar[tuple[str, ...]] = ()  # what `detail` holds (deduction terms may read these)

    def window_dates(self, period: Period) -> tuple[date, date]:
        if self.window == "year":
            return date(period.start.year, 1, 1), date(period.end.year, 12, 31)
        if self.window == "to_date":
            return date(period.start.year, 1, 1), period.end
        return period.start, period.end

    def compute(self, fold: Fold) -> IndicatorValue:
        raise NotImplementedError

    def references(self) -> list[str]:
        return []

    def reads(self) -> list[Reads]:
        return []

    def horizon(self, period: Period, assessed: date | None) -> date:
        """The last occurred date to read: the window's end, or (a selector whose events carry the period they
        cover in a payload field, such as revenue_reported.month) any date, since the report may come later."""
        if getattr(self, "covers_field", None):
            return date(9999, 12, 31)
        return self.window_dates(period)[1]

    def project(self, value: IndicatorValue, fold: Fold, today: date) -> IndicatorValue:
        """The value at the period's end at the current pace: tallies scale by days in the window / days
        elapsed; everything else stays as it is (a state, a reading, a judgement does not grow with time)."""
        if not self.paced or value.value is None:
            return value
        start, end = self.window_dates(fold.period)
        factor = pace_factor(start, end, today)
        if factor is None:
            return value
        return value.replace(value=round_half_up(value.value * factor, 2))

    def in_percent(self) -> bool:
        """Whether the value is a percentage (gaps say "86% -> 90%", not "4 more")."""
        return self.unit_en == "%"

    def requirement(self) -> tuple[str, str]:
        """What each counted event must meet, in words (per-event minimums); empty for other kinds."""
        return "", ""

    def is_integral(self, int_field: Any) -> bool:
        """Whether values are whole numbers; `int_field(type, field)` says whether a payload field is an int."""
        return self.integral


def selector_reads(selector: Selector, role: str = "", extra: Sequence[str] = ()) -> Reads:
    return Reads(role, tuple(selector.types()), dict(selector.where), tuple([*selector.fields(), *extra]))
