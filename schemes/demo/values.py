"""The values a demo plan's fields are written with: a constant, or a kind drawn for each event from the one
seeded random source (a range, a choice, a text with the event's number or date, a share spread exactly over a
stream, a reading that grows, a field of the event a follow-on follows)."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ledger.envelope import Draft

ALL_MONTHS = tuple(range(1, 13))

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
