"""When a stream's events happen: each rule gives (day, preset fields) pairs in date order, drawing from the
demo year's calendar. `where` is the generator's view of the year and of the site's events so far
(generate.Where)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from schemes.demo.values import ALL_MONTHS, draw

Day = tuple[int, int]  # (month, day) in the demo's year


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
