"""Incremental projections: what a stored entry keeps beside its values so that new events bring it current
without reading the site's log (issue 15).

A stored entry's values are the pure fold (`projections.indicators.compute`) of the site's facts. Beside them
the entry keeps, per indicator of a kind that can be adjusted, an accumulator (JSON data): the running sums,
distinct values, per-bucket tallies, per-item tallies and winning readings the fold would compute. A fact that
now counts is absorbed (+1), a fact that stops counting (retracted, or the old version of a corrected fact) is
retired (-1), each through the same filter the kind's `compute` applies, and the values are read off the
accumulators. The event seqs a tally lists are its value's own `events` (and a per-event check's misses its
value's detail), so the accumulator does not store them twice.

Where a kind cannot be adjusted exactly (the latest reading or judgement is retired; a state at the period's end,
stable employment, durations, deadlines, growth and ratings depend on the order of everything before), the
indicator is marked dirty and the caller recomputes just it from the site's events of its own types. Whatever
the late split would have to judge (a close, an acceptance, a new fact inside a closed period, a correction or
retraction on a site with closes) makes `advance` give up, and the caller folds the entry afresh.

The pure fold stays the reference: tests/test_projection_property.py checks that entries kept this way equal
the fold and a replay from zero, byte for byte.
"""

from __future__ import annotations

import json
import zlib
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from ledger.envelope import Event
from ledger.view import Amendments
from projections.cache import SeqText
from projections.facts import ADMIN_TYPES, closures, facts_from_log
from projections.indicators.assessor import FindingSpec, JudgementSpec
from projections.indicators.base import Fold, IndicatorValue, Selector, Spec, covered, matches, native, within
from projections.indicators.fold import compute, resolve
from projections.indicators.tallies import (
    AverageSpec,
    CountSpec,
    DistinctSpec,
    LatestSpec,
    SumSpec,
    SurveySpec,
)
from projections.indicators.timing import CadenceSpec, PerEventSpec, StableSpec, StateSpec, _day_of, buckets
from projections.numbers import ZERO, round_half_up, to_decimal
from projections.periods import Period, add_months
from projections.workdays import WorkCalendar

VERSION = 2  # 2: stable counts keep their people in buckets (StableKind)
# The types whose events decide what counts (the current view and the late split), read with an indicator's own
# types when it is recomputed alone.
AMEND_TYPES = ("correction", "retraction", "period_closed", "late_event_accepted")


class Unadjustable(Exception):
    """This event cannot be absorbed or retired exactly: the indicator is recomputed from its typed events."""


@dataclass(frozen=True)
class Ctx:
    """The entry's fixed inputs: the period, the scheme, the assessment date and the horizon."""

    period: Period
    scheme: str
    assessed: date
    until: str  # the last occurred date that counts (an event covering a period counts whatever its date)

    def counts(self, event: Event) -> bool:
        return event.occurred_on <= self.until or event.covers is not None

    def window(self, spec: Spec) -> tuple[str, str]:
        key = (self.period, spec.window)
        hit = _WINDOWS.get(key)
        if hit is None:
            start, end = spec.window_dates(self.period)
            hit = _WINDOWS[key] = (start.isoformat(), end.isoformat())
        return hit


_WINDOWS: dict[tuple[Period, str], tuple[str, str]] = {}


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


class Kind:
    def open(self, spec: Any, ctx: Ctx, value: IndicatorValue | None, acc: Any) -> dict[str, Any]:
        raise NotImplementedError

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


class CountKind(Kind):
    def open(self, spec: CountSpec, ctx: Ctx, value: IndicatorValue | None, acc: Any) -> dict[str, Any]:
        return {"s": _seqs(value), "g": dict(acc["g"]) if acc else {}}

    def step(self, spec: CountSpec, ctx: Ctx, w: dict[str, Any], event: Event, sign: int) -> None:
        if not _hit(spec, event, *ctx.window(spec), spec.covers_field):
            return
        _seq(w["s"], event.seq, sign)
        if spec.group_by is not None:
            _tally(w["g"], str(event.payload.get(spec.group_by)), sign)

    def close(self, spec: CountSpec, ctx: Ctx, w: dict[str, Any]) -> tuple[IndicatorValue, Any]:
        seqs = _out(w["s"])
        if spec.group_by is None:
            return IndicatorValue(Decimal(len(seqs)), seqs), {}
        groups, cap = w["g"], spec.cap_each
        capped = sum((Decimal(n) if cap is None else min(Decimal(n), cap) for n in groups.values()), ZERO)
        detail = {"groups": dict(sorted(groups.items())), "uncapped": len(seqs)}
        return IndicatorValue(capped, seqs, detail), {"g": dict(sorted(groups.items()))}


class SumKind(Kind):
    def open(self, spec: SumSpec, ctx: Ctx, value: IndicatorValue | None, acc: Any) -> dict[str, Any]:
        return {"s": _seqs(value), "t": dict(acc["t"], x=dict(acc["t"]["x"])) if acc else _dsum()}

    def step(self, spec: SumSpec, ctx: Ctx, w: dict[str, Any], event: Event, sign: int) -> None:
        if not _hit(spec, event, *ctx.window(spec), spec.covers_field):
            return
        _seq(w["s"], event.seq, sign)
        _dadd(w["t"], to_decimal(event.payload.get(spec.field) or 0), sign)

    def close(self, spec: SumSpec, ctx: Ctx, w: dict[str, Any]) -> tuple[IndicatorValue, Any]:
        return IndicatorValue(_dval(w["t"]), _out(w["s"])), {"t": w["t"]}


class DistinctKind(Kind):
    def open(self, spec: DistinctSpec, ctx: Ctx, value: IndicatorValue | None, acc: Any) -> dict[str, Any]:
        return {"s": _seqs(value), "v": dict(acc["v"]) if acc else {}}

    def step(self, spec: DistinctSpec, ctx: Ctx, w: dict[str, Any], event: Event, sign: int) -> None:
        if not _hit(spec, event, *ctx.window(spec), spec.covers_field):
            return
        _seq(w["s"], event.seq, sign)
        _tally(w["v"], _key(event.payload.get(spec.field)), sign)

    def close(self, spec: DistinctSpec, ctx: Ctx, w: dict[str, Any]) -> tuple[IndicatorValue, Any]:
        return IndicatorValue(Decimal(len(w["v"])), _out(w["s"])), {"v": w["v"]}


class AverageKind(Kind):
    def open(self, spec: AverageSpec, ctx: Ctx, value: IndicatorValue | None, acc: Any) -> dict[str, Any]:
        return {"s": _seqs(value), "t": dict(acc["t"], x=dict(acc["t"]["x"])) if acc else _dsum()}

    def step(self, spec: AverageSpec, ctx: Ctx, w: dict[str, Any], event: Event, sign: int) -> None:
        if not _hit(spec, event, *ctx.window(spec), spec.covers_field):
            return
        if event.payload.get(spec.field) is None:
            return
        _seq(w["s"], event.seq, sign)
        _dadd(w["t"], to_decimal(event.payload[spec.field]), sign)

    def close(self, spec: AverageSpec, ctx: Ctx, w: dict[str, Any]) -> tuple[IndicatorValue, Any]:
        seqs = _out(w["s"])
        if not seqs:
            return IndicatorValue(None), {"t": w["t"]}
        mean = _dval(w["t"]) / len(seqs)
        if spec.round_places is not None:
            mean = round_half_up(mean, spec.round_places)
        return IndicatorValue(mean, seqs, {"raw_mean": str(mean), "n": len(seqs)}), {"t": w["t"]}


class PerEventKind(Kind):
    """The misses are the value's own detail: nothing is stored beside it."""

    def open(self, spec: PerEventSpec, ctx: Ctx, value: IndicatorValue | None, acc: Any) -> dict[str, Any]:
        misses = {} if value is None else {m["seq"]: m for m in value.detail.get("misses", ())}
        return {"s": _seqs(value), "m": misses}

    def step(self, spec: PerEventSpec, ctx: Ctx, w: dict[str, Any], event: Event, sign: int) -> None:
        if not _hit(spec, event, *ctx.window(spec), spec.covers_field):
            return
        _seq(w["s"], event.seq, sign)
        missed = [f for f, least in spec.criteria.items() if to_decimal(event.payload.get(f) or 0) < least]
        if sign < 0:
            had = w["m"].pop(event.seq, None)
            if (had is None) != (not missed):
                raise Unadjustable
        elif missed:
            w["m"][event.seq] = {"seq": event.seq, "missed": missed, "title": event.payload.get("title", "")}

    def close(self, spec: PerEventSpec, ctx: Ctx, w: dict[str, Any]) -> tuple[IndicatorValue, Any]:
        misses = [w["m"][s] for s in sorted(w["m"])]
        seqs = _out(w["s"])
        detail = {"met_all": len(seqs) - len(misses), "sub_misses": sum(len(m["missed"]) for m in misses),
                  "events_short": len(misses), "misses": misses}  # fmt: skip
        return IndicatorValue(Decimal(len(seqs)), seqs, detail), {}


class CadenceKind(Kind):
    """A tally (or a sum of the field) per bucket, keyed by the bucket's first day."""

    def open(self, spec: CadenceSpec, ctx: Ctx, value: IndicatorValue | None, acc: Any) -> dict[str, Any]:
        tallies = (
            {}
            if not acc
            else {k: (dict(v, x=dict(v["x"])) if isinstance(v, dict) else v) for k, v in acc["b"].items()}
        )
        return {"s": _seqs(value), "b": tallies}

    def step(self, spec: CadenceSpec, ctx: Ctx, w: dict[str, Any], event: Event, sign: int) -> None:
        period = ctx.period
        if not _hit(spec, event, period.start.isoformat(), period.end.isoformat(), spec.covers_field):
            return
        _seq(w["s"], event.seq, sign)
        day = _day_of(event, spec.covers_field)
        bucket = next((b for b in _buckets(period, spec.every) if b.contains(day)), None)
        if bucket is None:
            return
        key = bucket.start.isoformat()
        if spec.field is None:
            n = w["b"].get(key, 0) + sign
            if n < 0:
                raise Unadjustable
            if n:
                w["b"][key] = n
            else:
                w["b"].pop(key, None)
            return
        acc = w["b"].setdefault(key, _dsum())
        _dadd(acc, to_decimal(event.payload.get(spec.field) or 0), sign)
        if not acc["x"]:
            del w["b"][key]

    def close(self, spec: CadenceSpec, ctx: Ctx, w: dict[str, Any]) -> tuple[IndicatorValue, Any]:
        short: list[dict[str, Any]] = []
        checked = 0
        missing = ZERO
        for bucket in _buckets(ctx.period, spec.every):
            if spec.every == "week" and spec.partial == "skip" and bucket.days < 7:
                continue
            checked += 1
            got = w["b"].get(bucket.start.isoformat())
            if spec.field is None:
                n = Decimal(got or 0)
            else:
                n = ZERO if got is None else _dval(got)
            if n < spec.at_least:
                missing += spec.at_least - n
                short.append({"bucket": str(bucket), "count": native(n), "start": bucket.start.isoformat()})
        detail = {"short": short, "checked": checked, "missing": native(missing)}
        return IndicatorValue(Decimal(len(short)), _out(w["s"]), detail), {"b": w["b"]}


_BUCKETS: dict[tuple[Period, str], list[Period]] = {}


def _buckets(period: Period, every: str) -> list[Period]:
    key = (period, every)
    if key not in _BUCKETS:
        _BUCKETS[key] = buckets(period, every)
    return _BUCKETS[key]


class FindingKind(Kind):
    def open(self, spec: FindingSpec, ctx: Ctx, value: IndicatorValue | None, acc: Any) -> dict[str, Any]:
        return {"s": _seqs(value), "n": acc["n"] if acc else 0, "i": dict(acc["i"]) if acc else {}}

    def step(self, spec: FindingSpec, ctx: Ctx, w: dict[str, Any], event: Event, sign: int) -> None:
        if event.type != "inspection_finding" or not within(event, *ctx.window(spec)):
            return
        if event.payload["kind"] not in spec.kinds():
            return
        if spec.item is not None and event.payload.get("item") != spec.item:
            return
        item, count = event.payload.get("item", ""), event.payload["count"]
        if not isinstance(item, str) or not isinstance(count, int) or isinstance(count, bool):
            raise Unadjustable
        _seq(w["s"], event.seq, sign)
        _tally(w["i"], item, sign)
        w["n"] += sign * count

    def close(self, spec: FindingSpec, ctx: Ctx, w: dict[str, Any]) -> tuple[IndicatorValue, Any]:
        items = sorted(set(w["i"]) - {""})
        return IndicatorValue(Decimal(w["n"]), _out(w["s"]), {"items": items}), {"n": w["n"], "i": w["i"]}


class SurveyKind(Kind):
    """Its events are listed even when the mean score has no data (and its value lists none): kept here."""

    def open(self, spec: SurveySpec, ctx: Ctx, value: IndicatorValue | None, acc: Any) -> dict[str, Any]:
        if not acc:
            return {"s": [], "sm": [], "p": 0, "a": 0, "h": 0, "n": 0, "t": _dsum()}
        return {**acc, "s": list(acc["s"]), "sm": list(acc["sm"]), "t": dict(acc["t"], x=dict(acc["t"]["x"]))}

    def step(self, spec: SurveySpec, ctx: Ctx, w: dict[str, Any], event: Event, sign: int) -> None:
        answers, summaries = _survey_selectors(spec)
        start, end = ctx.window(spec)
        p = event.payload
        if _hit(answers, event, start, end):
            _seq(w["s"], event.seq, sign)
            w["p"] += sign
            if p.get("satisfied") is not None:
                w["a"] += sign
                w["h"] += sign if p["satisfied"] else 0
            if p.get("score") is not None:
                w["n"] += sign
                _dadd(w["t"], to_decimal(p["score"]), sign)
        elif _hit(summaries, event, start, end):
            _seq(w["s"], event.seq, sign)
            _seq(w["sm"], event.seq, sign)
            people = int(p["respondents"])
            w["p"] += sign * people
            if p.get("satisfied") is not None:
                w["a"] += sign * people
                w["h"] += sign * int(p["satisfied"])
            if p.get("mean_score") is not None:
                w["n"] += sign * people
                _dadd(w["t"], to_decimal(p["mean_score"]) * people, sign)

    def close(self, spec: SurveySpec, ctx: Ctx, w: dict[str, Any]) -> tuple[IndicatorValue, Any]:
        people, asked_n, happy, scored_n = w["p"], w["a"], w["h"], w["n"]
        detail = {"respondents": people, "satisfied": happy, "asked": asked_n, "n": scored_n,
                  "summaries": list(w["sm"])}  # fmt: skip
        value: Decimal | None
        if spec.measure == "respondents":
            value = Decimal(people)
        elif spec.measure == "asked":
            value = Decimal(asked_n)
        elif spec.measure == "satisfied":
            value = Decimal(happy)
        elif spec.measure == "rate":
            value = Decimal(happy) / Decimal(asked_n) * 100 if asked_n else None
        else:
            value = _dval(w["t"]) / Decimal(scored_n) if scored_n else None
        if value is not None and spec.round_places is not None:
            value = round_half_up(value, spec.round_places)
        acc = dict(w)
        if spec.measure == "mean_score" and value is None:
            return IndicatorValue(None), acc
        return IndicatorValue(value, _out(w["s"]), detail), acc


_SURVEY: dict[str, tuple[Selector, Selector]] = {}


def _survey_selectors(spec: SurveySpec) -> tuple[Selector, Selector]:
    if spec.survey not in _SURVEY:
        _SURVEY[spec.survey] = spec._selectors()
    return _SURVEY[spec.survey]


class LatestKind(Kind):
    """The winning reading (latest by occurred_at, then seq); retiring the winner cannot be adjusted."""

    def open(self, spec: LatestSpec, ctx: Ctx, value: IndicatorValue | None, acc: Any) -> dict[str, Any]:
        return {"w": list(acc["w"]) if acc and acc["w"] else None}

    def step(self, spec: LatestSpec, ctx: Ctx, w: dict[str, Any], event: Event, sign: int) -> None:
        if not _hit(spec, event) or event.occurred_on > ctx.window(spec)[1]:
            return
        best = w["w"]
        if sign < 0:
            if best is not None and best[1] == event.seq:
                raise Unadjustable
            return
        if best is None or (event.occurred_at, event.seq) > (best[0], best[1]):
            try:
                reading = str(to_decimal(event.payload[spec.field]))
            except Exception:
                raise Unadjustable from None
            w["w"] = [event.occurred_at, event.seq, reading]

    def close(self, spec: LatestSpec, ctx: Ctx, w: dict[str, Any]) -> tuple[IndicatorValue, Any]:
        best = w["w"]
        if best is None:
            return IndicatorValue(None), {"w": None}
        return IndicatorValue(Decimal(best[2]), (best[1],)), {"w": best}


class JudgementKind(Kind):
    """The assessor's latest judgement on the item; retiring it cannot be adjusted."""

    def open(self, spec: JudgementSpec, ctx: Ctx, value: IndicatorValue | None, acc: Any) -> dict[str, Any]:
        return {"w": list(acc["w"]) if acc and acc["w"] else None}

    def step(self, spec: JudgementSpec, ctx: Ctx, w: dict[str, Any], event: Event, sign: int) -> None:
        if event.type != "assessor_judgement" or not within(event, *ctx.window(spec)):
            return
        p = event.payload
        if p["item"] != spec.item or (ctx.scheme and p["scheme"] != ctx.scheme):
            return
        best = w["w"]
        if sign < 0:
            if best is not None and best[1] == event.seq:
                raise Unadjustable
            return
        if best is None or (event.occurred_at, event.seq) > (best[0], best[1]):
            points = p.get("points")
            w["w"] = [event.occurred_at, event.seq, str(Decimal(p["shortfalls"])), p["met"], p["reason"],
                      event.actor, None if points is None else str(points)]  # fmt: skip

    def close(self, spec: JudgementSpec, ctx: Ctx, w: dict[str, Any]) -> tuple[IndicatorValue, Any]:
        best = w["w"]
        if best is None:
            return IndicatorValue(None), {"w": None}
        _, seq, shortfalls, met, reason, actor, points = best
        detail = {"met": met, "reason": reason, "actor": actor}
        if points is not None:
            detail["points"] = points
        return IndicatorValue(Decimal(shortfalls), (seq,), detail), {"w": best}


class LatestPerKind(Kind):
    """A count or sum keeping only the latest event per key and covered period (`latest_per`): the winner per key
    (occurred_at, seq, amount); a later event displaces it exactly, retiring the winner cannot be adjusted."""

    def open(self, spec: Any, ctx: Ctx, value: IndicatorValue | None, acc: Any) -> dict[str, Any]:
        if not acc:
            return {"s": [], "k": {}, "t": _dsum()}
        return {"s": _seqs(value), "k": dict(acc["k"]), "t": dict(acc["t"], x=dict(acc["t"]["x"]))}

    def step(self, spec: Any, ctx: Ctx, w: dict[str, Any], event: Event, sign: int) -> None:
        if not _hit(spec, event, *ctx.window(spec), spec.covers_field):
            return
        span = covered(event, spec.covers_field)
        key = json.dumps(
            [
                *(_key(event.payload.get(f)) for f in spec.latest_per),
                span.label if span else event.occurred_on,
            ],
            ensure_ascii=False,
        )
        best = w["k"].get(key)
        if sign < 0:
            if best is not None and best[1] == event.seq:
                raise Unadjustable
            return
        if best is not None and (event.occurred_at, event.seq) <= (best[0], best[1]):
            return
        amount = to_decimal(event.payload.get(spec.field) or 0) if isinstance(spec, SumSpec) else ZERO
        if best is not None:
            _seq(w["s"], best[1], -1)
            _dadd(w["t"], Decimal(best[2]), -1)
        _seq(w["s"], event.seq, 1)
        _dadd(w["t"], amount, 1)
        w["k"][key] = [event.occurred_at, event.seq, str(amount)]

    def close(self, spec: Any, ctx: Ctx, w: dict[str, Any]) -> tuple[IndicatorValue, Any]:
        seqs = _out(w["s"])
        value = _dval(w["t"]) if isinstance(spec, SumSpec) else Decimal(len(seqs))
        return IndicatorValue(value, seqs), {"k": w["k"], "t": w["t"]}


class StateKind(Kind):
    """Keys present at the end: per key only its timeline's last event matters (occurred_at, seq, and whether it
    entered or left); retiring that last event cannot be adjusted. `n` counts the timeline (none: no data)."""

    def open(self, spec: StateSpec, ctx: Ctx, value: IndicatorValue | None, acc: Any) -> dict[str, Any]:
        return {"k": dict(acc["k"]) if acc else {}, "n": acc["n"] if acc else 0}

    def step(self, spec: StateSpec, ctx: Ctx, w: dict[str, Any], event: Event, sign: int) -> None:
        if event.occurred_on > ctx.window(spec)[1]:
            return
        flags = [0] if _hit(spec.enter, event) else []
        if spec.leave is not None and _hit(spec.leave, event):
            flags.append(1)  # after the enter: the fold's sort is stable and lists the leaves second
        for flag in flags:
            w["n"] += sign
            key = _key(event.payload.get(spec.key))
            item = [event.occurred_at, event.seq, flag]
            best = w["k"].get(key)
            if sign < 0:
                if best is None or best == item:
                    raise Unadjustable
            elif best is None or item > best:
                w["k"][key] = item

    def close(self, spec: StateSpec, ctx: Ctx, w: dict[str, Any]) -> tuple[IndicatorValue, Any]:
        acc = {"k": w["k"], "n": w["n"]}
        if not w["n"]:
            return IndicatorValue(ZERO), acc
        present = {k: best[1] for k, best in w["k"].items() if best[2] == 0}
        detail = {"present": sorted(str(json.loads(k)) for k in present)}
        return IndicatorValue(Decimal(len(present)), tuple(sorted(present.values())), detail), acc


@lru_cache(maxsize=65536)
def _due(on: str, months: int) -> str:
    return add_months(date.fromisoformat(on), months).isoformat()


# A stable count's people are kept in buckets by key, each bucket one JSON text: a refresh parses and writes again
# only the buckets of the people its events name, where the accumulator was one map of everyone ever started
# (Wujiang's entries were mostly that, and each refresh decoded, copied, sorted and encoded all of it: issue 15).
STABLE_BUCKETS = 64


def _bucket(key: str) -> int:
    return zlib.crc32(key.encode("utf-8")) % STABLE_BUCKETS


def _text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class StableKind(Kind):
    """Per key (in its bucket) its first start (occurred_at, seq; retiring it cannot be adjusted), the dates its
    ends occurred on and how many confirming (`only_if`) events name it; beside them the people first started in
    the window, sorted by that start, and those of them stable, as [occurred_at, seq] lists. An event moves only
    the people it names from one list to the other; the value is the chosen list's seqs, in the fold's order."""

    def open(self, spec: StableSpec, ctx: Ctx, value: IndicatorValue | None, acc: Any) -> dict[str, Any]:
        if not acc:
            acc = {"b": ["{}"] * STABLE_BUCKETS, "st": "[]", "sb": "[]", "n": [0, 0, 0]}
        return {"b": list(acc["b"]), "open": {}, "st": acc["st"], "sb": acc["sb"], "n": list(acc["n"]),
                "events": None if value is None else value.events}  # fmt: skip

    def _record(self, w: dict[str, Any], key: str) -> dict[str, Any]:
        i = _bucket(key)
        bucket = w["open"].get(i)
        if bucket is None:
            bucket = w["open"][i] = json.loads(w["b"][i])
        return bucket.setdefault(key, {})

    def _status(self, spec: StableSpec, ctx: Ctx, rec: Mapping[str, Any]) -> tuple[int, Any]:
        """0 not started in the window, 1 unmatched (no confirmation), 2 started, 3 started and stable."""
        first = rec.get("f")
        if first is None:
            return 0, None
        on = first[0][:10]
        start, end = ctx.window(spec)
        if not start <= on <= end:
            return 0, None
        if spec.only_if is not None and not rec.get("o"):
            return 1, None
        due = _due(on, spec.months)
        if due > ctx.assessed.isoformat() or any(on <= stop < due for stop in rec.get("e", ())):
            return 2, first
        return 3, first

    def _list(self, w: dict[str, Any], name: str) -> list[list[Any]]:
        if isinstance(w[name], str):
            w[name] = json.loads(w[name])
        return w[name]

    def _move(self, w: dict[str, Any], old: tuple[int, Any], new: tuple[int, Any]) -> None:
        if old == new:
            return
        counts = w["n"]  # started, stable, unmatched
        counts[0] += (new[0] >= 2) - (old[0] >= 2)
        counts[1] += (new[0] == 3) - (old[0] == 3)
        counts[2] += (new[0] == 1) - (old[0] == 1)
        for name, least in (("st", 2), ("sb", 3)):
            if old[0] >= least:
                items = self._list(w, name)
                i = bisect_left(items, old[1])
                if i == len(items) or items[i] != old[1]:
                    raise Unadjustable
                del items[i]
            if new[0] >= least:
                insort(self._list(w, name), new[1])

    def _change(
        self, spec: StableSpec, ctx: Ctx, w: dict[str, Any], key: str, edit: Callable[[dict], None]
    ) -> None:
        rec = self._record(w, key)
        old = self._status(spec, ctx, rec)
        edit(rec)
        self._move(w, old, self._status(spec, ctx, rec))
        if not rec:
            del w["open"][_bucket(key)][key]

    def step(self, spec: StableSpec, ctx: Ctx, w: dict[str, Any], event: Event, sign: int) -> None:
        horizon = ctx.assessed.isoformat()
        if _hit(spec.start, event) and event.occurred_on <= horizon:
            item = [event.occurred_at, event.seq]

            def start(rec: dict[str, Any]) -> None:
                best = rec.get("f")
                if sign < 0:
                    if best is None or best == item:
                        raise Unadjustable
                elif best is None or item < best:
                    rec["f"] = item

            self._change(spec, ctx, w, _key(event.payload.get(spec.key)), start)
        if _hit(spec.end, event) and event.occurred_on <= horizon:

            def end(rec: dict[str, Any]) -> None:
                days = rec.setdefault("e", {})
                _tally(days, event.occurred_on, sign)
                if not days:
                    del rec["e"]

            self._change(spec, ctx, w, _key(event.payload.get(spec.end_key or spec.key)), end)
        if (
            spec.only_if is not None
            and _hit(spec.only_if, event)
            and event.occurred_on <= ctx.window(spec)[1]
        ):

            def confirm(rec: dict[str, Any]) -> None:
                n = rec.get("o", 0) + sign
                if n < 0:
                    raise Unadjustable
                if n:
                    rec["o"] = n
                else:
                    rec.pop("o", None)

            self._change(spec, ctx, w, _key(event.payload.get(spec.only_if_key or spec.key)), confirm)

    def close(self, spec: StableSpec, ctx: Ctx, w: dict[str, Any]) -> tuple[IndicatorValue, Any]:
        buckets = list(w["b"])
        for i, bucket in w["open"].items():
            buckets[i] = _text(bucket)
        chosen = "st" if spec.count == "started" else "sb"
        events = w["events"]
        if events is None or not isinstance(w[chosen], str):  # the chosen list moved: its seqs, in its order
            events = tuple(seq for _, seq in self._list(w, chosen))
        started, stable, unmatched = w["n"]
        detail = {
            "started": started,
            "stable": stable,
            "as_of": ctx.assessed.isoformat(),
            "unmatched": unmatched,
        }
        acc = {"b": buckets, "st": w["st"] if isinstance(w["st"], str) else _text(w["st"]),
               "sb": w["sb"] if isinstance(w["sb"], str) else _text(w["sb"]), "n": [started, stable, unmatched]}  # fmt: skip
        return IndicatorValue(Decimal(started if chosen == "st" else stable), events, detail), acc


KINDS: dict[type, Kind] = {
    CountSpec: CountKind(), SumSpec: SumKind(), DistinctSpec: DistinctKind(), AverageSpec: AverageKind(),
    PerEventSpec: PerEventKind(), CadenceSpec: CadenceKind(), FindingSpec: FindingKind(), SurveySpec: SurveyKind(),
    LatestSpec: LatestKind(), JudgementSpec: JudgementKind(), StateSpec: StateKind(), StableSpec: StableKind(),
}  # fmt: skip
_LATEST_PER = LatestPerKind()


_KIND_OF: dict[int, tuple[Spec, Kind | None]] = {}


def kind_of(spec: Spec) -> Kind | None:
    """The accumulator of a spec's kind; None for kinds recomputed from their typed events (and for a count with
    `group_by` keeping only the latest event per key). Memoised per spec object (scheme files are loaded once)."""
    hit = _KIND_OF.get(id(spec))
    if hit is not None and hit[0] is spec:
        return hit[1]
    kind = _kind_of(spec)
    _KIND_OF[id(spec)] = (spec, kind)
    return kind


def _kind_of(spec: Spec) -> Kind | None:
    if spec.derived:
        return None
    if getattr(spec, "latest_per", None):
        plain = type(spec) is SumSpec or (type(spec) is CountSpec and spec.group_by is None)
        return _LATEST_PER if plain else None
    return KINDS.get(type(spec))


def types_of(spec: Spec) -> frozenset[str]:
    """The event types a spec reads (what marks a spec without an accumulator dirty)."""
    return frozenset(t for r in spec.reads() for t in r.types)


# -- the entry's state -----------------------------------------------------------------------------------------


@dataclass
class State:
    """What an entry keeps beside its values: the accumulators, the live corrections per fact (fact id -> the
    corrections' seqs, in log order), the retracted facts and the closes in force (period label, seq)."""

    acc: dict[str, Any] = field(default_factory=dict)
    fixes: dict[str, list[int]] = field(default_factory=dict)
    gone: set[str] = field(default_factory=set)
    closes: list[tuple[str, int]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        # Stable counts over the same starts and ends (Wujiang's placed and stable workers) keep equal, large
        # accumulators: the second is stored as a reference to the first ({"=": name}).
        acc: dict[str, Any] = {}
        seen: list[tuple[str, Any]] = []
        for name in sorted(self.acc):
            value = self.acc[name]
            if isinstance(value, dict) and "st" in value:
                same = next((n for n, v in seen if v == value), None)
                if same is not None:
                    acc[name] = {"=": same}
                    continue
                seen.append((name, value))
            acc[name] = value
        return {"v": VERSION, "acc": acc, "fixes": self.fixes, "gone": sorted(self.gone),
                "closes": [list(c) for c in self.closes]}  # fmt: skip

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> State | None:
        if not isinstance(data, Mapping) or data.get("v") != VERSION:
            return None
        acc = dict(data["acc"])
        for name, value in acc.items():
            if isinstance(value, dict) and set(value) == {"="}:
                acc[name] = acc[value["="]]  # shared: `open` copies before it changes anything
        return cls(acc, {k: list(v) for k, v in data["fixes"].items()}, set(data["gone"]),
                   [(str(p), int(s)) for p, s in data["closes"]])  # fmt: skip


def build(specs: Mapping[str, Spec], counted: Iterable[Event], log: Sequence[Event], ctx: Ctx) -> State:
    """The state of an entry folded afresh: accumulators absorbing the counted facts, bookkeeping from the log."""
    typed: dict[str, list[Event]] = {}
    for e in counted:
        typed.setdefault(e.type, []).append(e)
    state = State()
    for name, spec in specs.items():
        acc = rebuild(spec, ctx, [e for t in sorted(types_of(spec)) for e in typed.get(t, ())])
        if acc is not None:
            state.acc[name] = acc
    corrections: dict[str, list[Event]] = {}
    retracted: set[str] = set()
    for e in log:
        if e.type == "correction":
            corrections.setdefault(e.payload["target"], []).append(e)
        elif e.type == "retraction":
            retracted.add(e.payload["target"])
    fixes = {t: [c.seq for c in cs if c.id not in retracted] for t, cs in corrections.items()}
    state.fixes = {t: s for t, s in fixes.items() if s}
    fixed = {c.id for cs in corrections.values() for c in cs}
    state.gone = retracted - fixed
    state.closes = [(c.period.label, c.seq) for c in closures(log)]
    return state


def rebuild(spec: Spec, ctx: Ctx, counted: Iterable[Event]) -> Any:
    """One indicator's accumulator from the counted facts; None when its kind has none or cannot hold them."""
    kind = kind_of(spec)
    if kind is None:
        return None
    try:
        w = kind.open(spec, ctx, None, None)
        for e in counted:
            kind.step(spec, ctx, w, e, 1)
        return kind.close(spec, ctx, w)[1]
    except Unadjustable:
        return None


_PLANS: dict[int, tuple[Mapping[str, Spec], dict[str, list[str]]]] = {}


def _readers(specs: Mapping[str, Spec]) -> dict[str, list[str]]:
    """Event type -> the non-derived indicators that read it (cached per specs mapping)."""
    hit = _PLANS.get(id(specs))
    if hit is not None and hit[0] is specs:
        return hit[1]
    out: dict[str, list[str]] = {}
    for name, spec in specs.items():
        if spec.derived:
            continue
        for t in sorted(types_of(spec)):
            out.setdefault(t, []).append(name)
    _PLANS[id(specs)] = (specs, out)
    return out


@dataclass
class Update:
    """What `advance` did: the working states of the indicators it adjusted and the ones left dirty."""

    open: dict[str, dict[str, Any]]
    dirty: set[str]


def advance(
    specs: Mapping[str, Spec],
    values: Mapping[str, IndicatorValue],
    state: State,
    new: Sequence[Event],
    ctx: Ctx,
    lookup: Callable[[str], Event | None],
    get: Callable[[int], Event | None],
) -> Update | None:
    """Absorb a site's new events (in seq order) into an entry's state; None when the entry must be folded
    afresh (something the late split decides, or a correction whose target cannot be found).

    `lookup` finds an event of the site by id, `get` by seq (corrections and the facts they amend)."""
    readers = _readers(specs)
    upd = Update({}, set())

    def step(version: Event | None, sign: int) -> None:
        if version is None or not ctx.counts(version):
            return
        for name in readers.get(version.type, ()):
            if name in upd.dirty:
                continue
            spec = specs[name]
            kind = kind_of(spec)
            if kind is None or name not in state.acc:
                upd.dirty.add(name)
                continue
            w = upd.open.get(name)
            if w is None:
                w = upd.open[name] = kind.open(spec, ctx, values.get(name), state.acc[name])
            try:
                kind.step(spec, ctx, w, version, sign)
            except Unadjustable:
                upd.dirty.add(name)
                upd.open.pop(name, None)

    def version(fact: Event) -> Event | None:
        if fact.id in state.gone:
            return None
        seqs = state.fixes.get(fact.id)
        if not seqs:
            return fact
        amend = Amendments()
        for seq in seqs:
            fix = get(seq)
            if fix is None:
                raise LookupError(seq)
            amend.add(fix)
        return amend.apply(fact)

    try:
        for e in new:
            if e.type in ("period_closed", "late_event_accepted"):
                return None
            if e.type == "evidence_attached":
                continue
            if e.type in ("correction", "retraction"):
                if state.closes:
                    return None  # a change of a fact of a closed period is late: the late split decides
                target = lookup(e.payload["target"])
                if target is None or target.type in ADMIN_TYPES or target.type == "contract_signed":
                    return None
                if e.type == "correction":
                    if target.type in (
                        "correction",
                        "retraction",
                        "evidence_attached",
                        "late_event_accepted",
                    ):
                        return None
                    before = version(target)
                    state.fixes.setdefault(target.id, []).append(e.seq)
                    step(before, -1)
                    step(version(target), 1)
                elif target.type == "correction":
                    fact = lookup(target.payload["target"])
                    fixes = state.fixes.get(fact.id, []) if fact is not None else []
                    if fact is None or target.seq not in fixes:
                        return None
                    before = version(fact)
                    fixes.remove(target.seq)
                    if not fixes:
                        del state.fixes[fact.id]
                    step(before, -1)
                    step(version(fact), 1)
                elif target.type in ("retraction", "evidence_attached", "late_event_accepted"):
                    return None
                else:
                    before = version(target)
                    state.gone.add(target.id)
                    step(before, -1)
                continue
            if state.closes and e.type not in ADMIN_TYPES:
                day = e.occurred_on
                if any(Period.parse(label).contains(day) for label, _ in state.closes):
                    return None  # recorded after the close of its period: late
            step(e, 1)
    except LookupError:
        return None
    return upd


def finish(
    specs: Mapping[str, Spec], values: Mapping[str, IndicatorValue], state: State, upd: Update, ctx: Ctx
) -> dict[str, IndicatorValue]:
    """The non-derived values after `advance`: adjusted ones read off their accumulators (which are stored back
    into `state`), untouched ones as they were; dirty ones are left out, for the caller to recompute."""
    out = {n: v for n, v in values.items() if n in specs and not specs[n].derived and n not in upd.dirty}
    for name, w in upd.open.items():
        kind = kind_of(specs[name])
        assert kind is not None  # only kinds with an accumulator are opened
        value, acc = kind.close(specs[name], ctx, w)
        out[name] = value
        state.acc[name] = acc
    return out


def update(
    specs: Mapping[str, Spec],
    values: Mapping[str, IndicatorValue],
    state: State,
    new: Sequence[Event],
    ctx: Ctx,
    *,
    lookup: Callable[[str], Event | None],
    get: Callable[[int], Event | None],
    typed_log: Callable[[list[str]], list[Event]],
    policy: str = "exclude",
    assessed_on: date | None = None,
    calendar: WorkCalendar | None = None,
    derived: bool = True,
) -> dict[str, IndicatorValue] | None:
    """Every indicator of an entry after the site's new events: `advance`, then the dirty indicators recomputed
    by the pure fold from `typed_log(types)` (the site's events of their types and of AMEND_TYPES, up to the new
    head) and their accumulators rebuilt, then the derived ones (`derived=False`: left out, as a stored entry
    leaves them; `derive` adds them when the entry is read). `state` is updated in place. None: fold afresh."""
    upd = advance(specs, values, state, new, ctx, lookup, get)
    if upd is None:
        return None
    out = finish(specs, values, state, upd, ctx)
    if upd.dirty:
        types = set(AMEND_TYPES).union(*(types_of(specs[n]) for n in upd.dirty))
        facts = facts_from_log(typed_log(sorted(types)), date.fromisoformat(ctx.until), policy)
        part = {n: specs[n] for n in sorted(upd.dirty)}
        out.update(compute(part, facts.events, ctx.period, scheme=ctx.scheme, assessed_on=assessed_on,
                           calendar=calendar))  # fmt: skip
        for name, spec in part.items():
            rebuilt = rebuild(spec, ctx, facts.events)
            if rebuilt is None:
                state.acc.pop(name, None)
            else:
                state.acc[name] = rebuilt
    return derive(specs, out, ctx, assessed_on, calendar) if derived else out


def derive(
    specs: Mapping[str, Spec],
    values: dict[str, IndicatorValue],
    ctx: Ctx,
    assessed_on: date | None,
    calendar: WorkCalendar | None,
) -> dict[str, IndicatorValue]:
    """The derived indicators (ratios, totals) added to the others, as the fold computes them from the values."""
    return resolve(specs, Fold({}, ctx.period, ctx.scheme, ctx.assessed, {}, calendar, assessed_on), values)
