"""What every accumulator kind shares: the entry's fixed inputs (`Ctx`), exact decimal sums that can be
retired, tallies, seq lists a refresh appends to (`Tail`), the kind interface (`Kind`) and the filters a
kind applies the way its `compute` does."""

from __future__ import annotations

import json
from bisect import bisect_left, insort
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from ledger.envelope import Event
from ledger.record import Record
from projections.indicators.base import IndicatorValue, Selector, Spec, matches, within
from projections.indicators.fold import Reach
from projections.periods import Period
from projections.seqlists import SeqText


class Unadjustable(Exception):
    """This event cannot be absorbed or retired exactly: the indicator is recomputed from its typed events."""


class Ctx(Record):
    """The entry's fixed inputs: the period, the scheme, the assessment date and the horizon."""

    period: Period
    scheme: str
    assessed: date
    until: str  # the last occurred date that counts (an event covering a period counts whatever its date)
    # Each type's own horizon, where the entry has one (`projections.indicators.Reach`): `until` is then the
    # horizon of the types no indicator reads, and `facts_from_log` was given the same reach.
    reach: Reach | None = None

    def counts(self, event: Event) -> bool:
        last = self.until if self.reach is None else self.reach.of(event.type)
        return event.occurred_on <= last or event.covers is not None

    def horizon(self) -> date | Reach:
        """What `facts_from_log` and `beyond` take for this entry."""
        return date.fromisoformat(self.until) if self.reach is None else self.reach

    def __init__(
        self, period: Period, scheme: str, assessed: date, until: str, reach: Reach | None = None
    ) -> None:
        self.__dict__.update(period=period, scheme=scheme, assessed=assessed, until=until, reach=reach)
        # The window's dates per `spec.window` (they depend on nothing else: `Spec.window_dates`), worked out once
        # per entry's inputs: every event every indicator absorbs asks for them. Not a field: not compared,
        # hashed or shown.
        self.__dict__["_windows"] = {}

    def window(self, spec: Spec) -> tuple[str, str]:
        windows = self.__dict__["_windows"]
        hit = windows.get(spec.window)
        if hit is None:
            start, end = spec.window_dates(self.period)
            hit = windows[spec.window] = (start.isoformat(), end.isoformat())
        return hit


# -- exact decimal sums ----------------------------------------------------------------------------------------
# A fold adds amounts to ZERO: the total's exponent is the least of theirs (and 0), so "1.50" + "2" is "3.50".
# Retiring 1.50 must then give "2", as a fold of "2" alone would: the exponents still present are tallied.


def _dsum() -> dict[str, Any]:
    return {"t": "0", "x": {}}


def _dadd(acc: dict[str, Any], amount: Decimal, sign: int) -> None:
    exp = amount.as_tuple().exponent
    if not isinstance(exp, int):
        raise Unadjustable  # NaN or infinity: the fold's own arithmetic decides
    try:
        total = Decimal(acc["t"]) + amount if sign > 0 else Decimal(acc["t"]) - amount
        _tally(acc["x"], str(exp), sign)
        least = min([0, *(int(x) for x in acc["x"])])
        acc["t"] = str(total.quantize(Decimal(1).scaleb(least)))
    except InvalidOperation:
        raise Unadjustable from None


def _dval(acc: Mapping[str, Any]) -> Decimal:
    return Decimal(acc["t"])


def _tally(counts: dict[str, int], key: str, sign: int) -> None:
    n = counts.get(key, 0) + sign
    if n < 0:
        raise Unadjustable  # retiring what was never absorbed: the state does not match, recompute
    if n:
        counts[key] = n
    else:
        counts.pop(key, None)


class Tail:
    """A stored seq list (SeqText) being brought current without reading it: the seqs absorbed after its last one
    are kept apart and appended as text at the end. Anything else (a seq at or before the last absorbed, one of
    the stored seqs retired) reads the list once and carries on as a plain sorted list, exactly as `_seq` does."""

    __slots__ = ("base", "full", "more")

    def __init__(self, base: SeqText) -> None:
        self.base = base
        self.more: list[int] = []
        self.full: list[int] | None = None

    def step(self, seq: int, sign: int) -> None:
        if self.full is None:
            last = self.more[-1] if self.more else (self.base.last if self.base.n else None)
            if sign > 0 and (last is None or seq >= last):
                self.more.append(seq)  # where insort would put it: after every seq up to it
                return
            if sign < 0 and self.more and seq > self.base.last:
                i = bisect_left(self.more, seq)
                if i == len(self.more) or self.more[i] != seq:
                    raise Unadjustable
                del self.more[i]
                return
            self.full = self.base.tolist() + self.more
        _seq(self.full, seq, sign)

    def done(self) -> SeqText:
        return SeqText.of(self.full) if self.full is not None else self.base.extended(self.more)

    def __len__(self) -> int:
        return len(self.full) if self.full is not None else self.base.n + len(self.more)


def _seq(seqs: list[int] | Tail, seq: int, sign: int) -> None:
    if isinstance(seqs, Tail):
        seqs.step(seq, sign)
        return
    if sign > 0:
        insort(seqs, seq)
        return
    i = bisect_left(seqs, seq)
    if i == len(seqs) or seqs[i] != seq:
        raise Unadjustable
    del seqs[i]


def _key(value: Any) -> str:
    """A payload value as a JSON key, for the kinds that tally values (a bool would collide with 1 in a set)."""
    if value is None or (isinstance(value, str | int) and not isinstance(value, bool)):
        return json.dumps(value, ensure_ascii=False)
    raise Unadjustable


def _hit(
    spec: Selector, event: Event, start: str | None = None, end: str | None = None, covers: str | None = None
) -> bool:
    """`Fold.typed`'s filter for one event (a selector without `latest_per`)."""
    if event.type not in spec.types():
        return False
    if start is not None and end is not None and not within(event, start, end, covers):
        return False
    return not spec.where or matches(event.payload, spec.where)


# -- the kinds -------------------------------------------------------------------------------------------------
# Each kind: `open` a working state from the stored value and accumulator (None, None: empty), `step` an event
# version in (+1) or out (-1), `close` to the value and the accumulator to store. The working state is a dict.


def _wins(best: Sequence[Any] | None, event: Event, sign: int) -> bool:
    """Whether `event` becomes the winning reading over `best` ([occurred_at, seq, ...]; the latest by
    occurred_at, then seq). Retiring the winner cannot be adjusted (the runner-up is not kept); retiring any
    other event, or absorbing an earlier one, changes nothing."""
    if sign < 0:
        if best is not None and best[1] == event.seq:
            raise Unadjustable
        return False
    return best is None or (event.occurred_at, event.seq) > (best[0], best[1])


class Kind:
    def open(self, spec: Any, ctx: Ctx, value: IndicatorValue | None, acc: Any) -> dict[str, Any]:
        raise NotImplementedError

    def absorbs(self, spec: Any, ctx: Ctx, event: Event) -> bool:
        """Whether `step` can change anything for this event version (False: `advance` leaves the accumulator
        closed, neither decoded into a working state nor stored again). True unless a kind knows better."""
        return True

    def step(self, spec: Any, ctx: Ctx, w: dict[str, Any], event: Event, sign: int) -> None:
        raise NotImplementedError

    def close(self, spec: Any, ctx: Ctx, w: dict[str, Any]) -> tuple[IndicatorValue, Any]:
        raise NotImplementedError


def _seqs(value: IndicatorValue | None) -> list[int] | Tail:
    if value is None:
        return []
    if isinstance(value.events, SeqText):
        return Tail(value.events)  # as stored: appended to, not read
    return list(value.events)


def _out(seqs: list[int] | Tail) -> Any:
    """A working list's seqs for the value: a tuple, or the SeqText a Tail ends as (encoded as it is)."""
    return seqs.done() if isinstance(seqs, Tail) else tuple(seqs)


class Windowed(Kind):
    """A kind whose `step` ignores every event outside the spec's window as the fold filters it (`_hit` with the
    window's dates and the spec's covering field): such an event leaves its accumulator closed."""

    def absorbs(self, spec: Any, ctx: Ctx, event: Event) -> bool:
        return _hit(spec, event, *ctx.window(spec), spec.covers_field)
