"""The vocabulary a demo year is written in: events on fixed days, streams of events on a rhythm, and what
becomes of some of them later (a correction, a retraction, evidence handed in afterwards).

A site's plan is a table of these rows (`plans/`); `generate.py` reads the rows in order and draws every random
value from the one seeded source, so the same seed gives the same events. A field's value is a constant or one
of the value kinds below, drawn for each event. Nothing here knows a scheme: the plans say which event types,
how many, when and with what figures; the scheme files alone decide what they are worth.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ledger.envelope import Draft

Day = tuple[int, int]  # (month, day) in the demo's year
ALL_MONTHS = tuple(range(1, 13))

# Who logs a row: the site's operator (the default), the buyer's assessor, or the buyer.
OPERATOR, ASSESSOR, BUYER = "operator", "assessor", "buyer"


@dataclass(frozen=True)
class LastYear:
    """A day in the year before the demo's (a reading the year's growth is measured from)."""

    month: int
    day: int


# -- drawing context ----------------------------------------------------------------------------------------


@dataclass
class Ctx:
    """What a value may look at while one event is drawn."""

    rng: random.Random
    year: int
    scheme: str
    day: date = date(2000, 1, 1)
    n: int = 1  # the event's position in its stream (1-based)
    k: int = 1  # a follow-on's position among its parent's follow-ons (1-based)
    parent: Draft | None = None
    state: dict[int, Any] = field(default_factory=dict)  # per-stream state of Share and Growing values


def draw(value: Any, ctx: Ctx) -> Any:
    return value.draw(ctx) if isinstance(value, Value) else value


class Value:
    """A field value drawn per event."""

    def draw(self, ctx: Ctx) -> Any:  # pragma: no cover - every kind overrides it
        raise NotImplementedError

    def start(self, ctx: Ctx, count: int) -> None:
        """Called once before a stream of `count` events (values that spread something over a stream)."""


@dataclass(frozen=True)
class Int(Value):
    lo: int
    hi: int

    def draw(self, ctx: Ctx) -> int:
        return ctx.rng.randint(self.lo, self.hi)


@dataclass(frozen=True)
class Money(Value):
    """Yuan between lo and hi in steps (as the text the catalog takes)."""

    lo: int
    hi: int
    step: int = 1000

    def draw(self, ctx: Ctx) -> str:
        return str(ctx.rng.randrange(self.lo // self.step, self.hi // self.step + 1) * self.step)


@dataclass(frozen=True)
class Tenths(Value):
    """A decimal with one place between lo/10 and hi/10 (a rating of 4.3)."""

    lo: int
    hi: int

    def draw(self, ctx: Ctx) -> str:
        return str(Decimal(ctx.rng.randint(self.lo, self.hi)) / 10)


class Pick(Value):
    """One of the options at random (repeat an option to make it likelier)."""

    def __init__(self, *options: Any) -> None:
        self.options = options

    def draw(self, ctx: Ctx) -> Any:
        return ctx.rng.choice(self.options)


class Cycle(Value):
    """The options in turn along the stream."""

    def __init__(self, *options: Any) -> None:
        self.options = options

    def draw(self, ctx: Ctx) -> Any:
        return self.options[ctx.n % len(self.options)]


@dataclass(frozen=True)
class Chance(Value):
    """True with probability p."""

    p: float

    def draw(self, ctx: Ctx) -> bool:
        return ctx.rng.random() < self.p


class Fmt(Value):
    """A text: `template` formatted with the drawn `args` ({0}, {1}, ...) and the event's {n}, {k}, {year},
    {month}, {quarter} and {date}."""

    def __init__(self, template: str, *args: Any) -> None:
        self.template = template
        self.args = args

    def draw(self, ctx: Ctx) -> str:
        args = [draw(a, ctx) for a in self.args]
        return self.template.format(*args, n=ctx.n, k=ctx.k, year=ctx.year, month=ctx.day.month,
                                    quarter=(ctx.day.month - 1) // 3 + 1, date=ctx.day.isoformat())  # fmt: skip


class ByN(Value):
    """A value for some positions in the stream ({position: value}), the default for the others."""

    def __init__(self, values: Mapping[int, Any], default: Any) -> None:
        self.values = values
        self.default = default

    def draw(self, ctx: Ctx) -> Any:
        return draw(self.values.get(ctx.n, self.default), ctx)


class ByK(ByN):
    """As ByN, by the follow-on's position among its parent's follow-ons."""

    def draw(self, ctx: Ctx) -> Any:
        return draw(self.values.get(ctx.k, self.default), ctx)


class Nth(Value):
    """The k-th option for the k-th follow-on (five evaluations of a trip: one per company)."""

    def __init__(self, *options: Any) -> None:
        self.options = options

    def draw(self, ctx: Ctx) -> Any:
        return self.options[(ctx.k - 1) % len(self.options)]


@dataclass(frozen=True)
class Parent(Value):
    """A payload field of the event a follow-on follows (the same worker, the same case)."""

    name: str

    def draw(self, ctx: Ctx) -> Any:
        assert ctx.parent is not None
        return ctx.parent.payload[self.name]


class ParentId(Value):
    """The id of the event a follow-on follows (an evaluation names its trip)."""

    def draw(self, ctx: Ctx) -> str:
        assert ctx.parent is not None and ctx.parent.id is not None
        return ctx.parent.id


class OwnScheme(Value):
    """The site's scheme id (an assessor's judgement names it)."""

    def draw(self, ctx: Ctx) -> str:
        return ctx.scheme


@dataclass(frozen=True)
class Share(Value):
    """True for exactly round(p x count) events of the stream, at random positions: a rate that lands where
    the plan says (88% of follow-up calls reached), not wherever chance takes it."""

    p: float

    def start(self, ctx: Ctx, count: int) -> None:
        hits = round(count * self.p)
        flags = [True] * hits + [False] * (count - hits)
        ctx.rng.shuffle(flags)
        ctx.state[id(self)] = flags

    def draw(self, ctx: Ctx) -> bool:
        return bool(ctx.state[id(self)][ctx.n - 1])


@dataclass(frozen=True)
class Growing(Value):
    """A reading that grows: start plus a drawn step at each event (followers at each month's end)."""

    start_at: int
    step: Value

    def start(self, ctx: Ctx, count: int) -> None:
        ctx.state[id(self)] = self.start_at

    def draw(self, ctx: Ctx) -> int:
        ctx.state[id(self)] += draw(self.step, ctx)
        return int(ctx.state[id(self)])


@dataclass(frozen=True)
class Only(Value):
    """The value, except in other months or on every `skip_every`-th event of the stream (then no value:
    evidence not handed in)."""

    value: Any
    months: Sequence[int] = ALL_MONTHS
    skip_every: int = 0

    def draw(self, ctx: Ctx) -> Any:
        if ctx.day.month not in self.months or (self.skip_every and ctx.n % self.skip_every == 0):
            return None
        return draw(self.value, ctx)


# -- what becomes of an event later ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Fix:
    """A correction of the event, logged `after` days after it happened (or on that day of the year)."""

    changes: Mapping[str, Any]
    after: int | Day
    reason: str


@dataclass(frozen=True)
class Void:
    """A retraction of the event, logged `after` days after it happened (or on that day of the year)."""

    after: int | Day
    reason: str


@dataclass(frozen=True)
class Attach:
    """Evidence handed in afterwards for the first 佐证材料 the scheme item asks for."""

    after: int | Day
    file: Any  # a file name (a Fmt is drawn)
    item: str


@dataclass(frozen=True)
class Later:
    """Corrections, retractions and evidence attached later, for one event."""

    fix: Fix | None = None
    void: Void | None = None
    attach: Attach | None = None


# -- rows ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Once:
    """One event on a fixed day. `logged`: when it was written down (days after, or a day), if not that day."""

    type: str
    on: Day | LastYear
    fields: Mapping[str, Any] = field(default_factory=dict)
    by: str = OPERATOR
    evidence: tuple[str, ...] = ()
    logged: int | Day | None = None
    later: Later = Later()


@dataclass(frozen=True)
class Then:
    """Events that follow each event of a stream: `times` of them, `after` days later, with probability
    `chance` (drawn once per parent). A follow-on that would fall after the demo's year has not happened yet."""

    type: str
    fields: Mapping[str, Any] = field(default_factory=dict)
    after: Any = 0
    chance: float = 1.0
    times: Any = 1


@dataclass(frozen=True)
class Tweak:
    """The `at`-th event of a stream (1-based; -1 the last) differs: `set` overrides drawn fields (a borderline
    or mistyped figure), `logged` writes it down late (days after, or on a day), `later` says what happens to it
    afterwards."""

    at: int
    set: Mapping[str, Any] = field(default_factory=dict)
    logged: int | Day | None = None
    later: Later = Later()


@dataclass(frozen=True)
class Stream:
    """Events of one type on a rhythm (`when`), each with its fields drawn; `evidence` a file name per event
    (None: none handed in)."""

    type: str
    when: When
    fields: Mapping[str, Any] = field(default_factory=dict)
    evidence: Any = None
    then: tuple[Then, ...] = ()
    tweaks: tuple[Tweak, ...] = ()
    by: str = OPERATOR


Row = Once | Stream


@dataclass(frozen=True)
class Plan:
    """A site's year: its rows, read in order."""

    site: str
    rows: tuple[Row, ...]


# -- when a stream's events happen ---------------------------------------------------------------------------
# Each rule gives (day, preset fields) pairs in date order; `where` is the generator's view of the year and of
# the site's events so far (generate.Where).


class When:
    def dates(self, where: Any) -> list[tuple[date, dict[str, Any]]]:  # pragma: no cover
        raise NotImplementedError


def _plain(days: Sequence[date]) -> list[tuple[date, dict[str, Any]]]:
    return [(d, {}) for d in days]


@dataclass(frozen=True)
class Spread(When):
    """n working days through the year, months weighted (busier months weigh more)."""

    n: int
    weights: Sequence[int] | None = None

    def dates(self, where: Any) -> list[tuple[date, dict[str, Any]]]:
        return _plain(where.cal.spread(self.n, self.weights))


@dataclass(frozen=True)
class Within(When):
    """n days between two days of the year (working days only, unless told)."""

    n: int
    start: Day
    end: Day
    workdays_only: bool = True

    def dates(self, where: Any) -> list[tuple[date, dict[str, Any]]]:
        cal = where.cal
        return _plain(cal.within(self.n, cal.day(*self.start), cal.day(*self.end), self.workdays_only))


@dataclass(frozen=True)
class Blend(When):
    """n working days, each in one of the windows (weight, start, end) picked by weight."""

    n: int
    windows: tuple[tuple[float, Day, Day], ...]

    def dates(self, where: Any) -> list[tuple[date, dict[str, Any]]]:
        cal, out = where.cal, []
        for _ in range(self.n):
            roll, acc, chosen = cal.rng.random(), 0.0, self.windows[-1]
            for window in self.windows:
                acc += window[0]
                if roll < acc:
                    chosen = window
                    break
            _, start, end = chosen
            out.append(cal.within(1, cal.day(*start), cal.day(*end))[0])
        return _plain(sorted(out))


@dataclass(frozen=True)
class On(When):
    """Fixed days of the year, each `times` times."""

    days: tuple[Day, ...]
    times: int = 1

    def dates(self, where: Any) -> list[tuple[date, dict[str, Any]]]:
        return _plain(sorted(where.cal.day(*d) for d in self.days for _ in range(self.times)))


@dataclass(frozen=True)
class Several(When):
    """The days of several rules together, in date order."""

    rules: tuple[When, ...]

    def dates(self, where: Any) -> list[tuple[date, dict[str, Any]]]:
        out = [pair for rule in self.rules for pair in rule.dates(where)]
        return sorted(out, key=lambda pair: pair[0])


@dataclass(frozen=True)
class Weekly(When):
    """Every one of these weekdays (0 = Monday); on holidays too if `holidays`; `skip` days left out."""

    weekdays: tuple[int, ...]
    holidays: bool = False
    skip: tuple[Day, ...] = ()
    months: Sequence[int] = ALL_MONTHS

    def dates(self, where: Any) -> list[tuple[date, dict[str, Any]]]:
        from schemes.demo.calendar import holiday

        cal = where.cal
        skipped = {cal.day(*d) for d in self.skip}
        return _plain([d for d in cal.days if d.weekday() in self.weekdays and d.month in self.months
                       and (self.holidays or not holiday(d)) and d not in skipped])  # fmt: skip


@dataclass(frozen=True)
class MonthDay(When):
    """This day of each month (and `extra` days in some months: {month: (day, ...)})."""

    day: int
    months: Sequence[int] = ALL_MONTHS
    extra: Mapping[int, tuple[int, ...]] = field(default_factory=dict)

    def dates(self, where: Any) -> list[tuple[date, dict[str, Any]]]:
        cal = where.cal
        return _plain([cal.day(m, d) for m in self.months for d in (self.day, *self.extra.get(m, ()))])


@dataclass(frozen=True)
class Workday(When):
    """The working days at these positions in each month (0 = the first, -1 = the last; positions a month does
    not have are left out)."""

    positions: tuple[int, ...]
    months: Sequence[int] = ALL_MONTHS

    def dates(self, where: Any) -> list[tuple[date, dict[str, Any]]]:
        out = []
        for m in self.months:
            days = where.cal.workdays(m)
            out += [days[p] for p in self.positions if -len(days) <= p < len(days)]
        return _plain(out)


@dataclass(frozen=True)
class MonthEnd(When):
    """The last day of each month; with `per`, one event for each member active then (field preset)."""

    months: Sequence[int] = ALL_MONTHS
    per: Members | None = None

    def dates(self, where: Any) -> list[tuple[date, dict[str, Any]]]:
        out: list[tuple[date, dict[str, Any]]] = []
        for m in self.months:
            end = where.cal.month_end(m)
            if self.per is None:
                out.append((end, {}))
            else:
                out += [(end, {self.per.key: name}) for name in self.per.active(where, end)]
        return out


@dataclass(frozen=True)
class Members:
    """The names (payload field `key`) that joined by `joined` events and have not left by `left` events, among
    the site's events generated so far."""

    joined: str
    left: str
    key: str

    def active(self, where: Any, on: date) -> list[str]:
        names: dict[str, None] = {}
        for draft in where.events():
            if draft.occurred_at[:10] > on.isoformat():
                continue
            if draft.type == self.joined:
                names[draft.payload[self.key]] = None
            elif draft.type == self.left:
                names.pop(draft.payload[self.key], None)
        return list(names)


@dataclass(frozen=True)
class Fill(When):
    """Each month, events on random working days until their `field` adds up to the month's target
    (`chunk` per event); `targets` gives some months another target."""

    field: str
    target: Any
    chunk: Any
    targets: Mapping[int, int] = field(default_factory=dict)

    def dates(self, where: Any) -> list[tuple[date, dict[str, Any]]]:
        cal, ctx, out = where.cal, where.ctx, []
        for m in ALL_MONTHS:
            target = self.targets[m] if m in self.targets else draw(self.target, ctx)
            total = 0
            while total < target:
                size = draw(self.chunk, ctx)
                total += size
                out.append((cal.rng.choice(cal.workdays(m)), {self.field: size}))
        return sorted(out, key=lambda pair: pair[0])


# -- assessors' rows -------------------------------------------------------------------------------------------


def judge(on: Day, item: str, met: bool, reason: str, shortfalls: int = 0) -> Once:
    """An assessor's judgement on a qualitative item, with its reason."""
    return Once("assessor_judgement", on, {"scheme": OwnScheme(), "item": item, "met": met, "shortfalls": shortfalls,
                                           "reason": reason}, by=ASSESSOR)  # fmt: skip


def judged(on: Day, *rows: tuple[str, bool, str]) -> tuple[Once, ...]:
    """Several judgements made on one day: (item, met, reason) rows."""
    return tuple(judge(on, item, met, reason) for item, met, reason in rows)


def finding(on: Day, kind: str, reason: str, count: int = 1, item: str = "", later: Later = Later()) -> Once:
    """An assessor's inspection finding (日常督导)."""
    return Once("inspection_finding", on, {"kind": kind, "count": count, "item": item, "reason": reason},
                by=ASSESSOR, later=later)  # fmt: skip


def complaint(on: Day, complainant: str, subject: str, valid: bool | None = None) -> Once:
    fields: dict[str, Any] = {"complainant": complainant, "subject": subject}
    if valid is not None:
        fields["valid"] = valid
    return Once("complaint_filed", on, fields)
