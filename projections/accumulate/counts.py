"""Kinds that count and sum: counts, sums, distinct values, averages, per-event checks, cadence buckets,
findings and surveys. Every one can be adjusted exactly: a fact is absorbed (+1) or retired (-1)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ledger.envelope import Event
from projections.accumulate.base import (
    Ctx,
    Kind,
    Tail,
    Unadjustable,
    Windowed,
    _dadd,
    _dsum,
    _dval,
    _hit,
    _key,
    _out,
    _seq,
    _seqs,
    _tally,
)
from projections.indicators.assessor import FindingSpec
from projections.indicators.base import IndicatorValue, Selector, native, within
from projections.indicators.tallies import (
    AverageSpec,
    CountSpec,
    DistinctSpec,
    SumSpec,
    SurveySpec,
)
from projections.indicators.timing import CadenceSpec, PerEventSpec, _day_of, buckets
from projections.numbers import ZERO, round_half_up, to_decimal
from projections.periods import Period


class CountKind(Windowed):
    def open(self, spec: CountSpec, ctx: Ctx, value: IndicatorValue | None, acc: Any) -> dict[str, Any]:
        return {"s": _seqs(value), "g": dict(acc["g"]) if acc else {}}

    def step(self, spec: CountSpec, ctx: Ctx, w: dict[str, Any], event: Event, sign: int) -> None:
        if not self.absorbs(spec, ctx, event):
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


class SumKind(Windowed):
    def open(self, spec: SumSpec, ctx: Ctx, value: IndicatorValue | None, acc: Any) -> dict[str, Any]:
        return {"s": _seqs(value), "t": dict(acc["t"], x=dict(acc["t"]["x"])) if acc else _dsum()}

    def step(self, spec: SumSpec, ctx: Ctx, w: dict[str, Any], event: Event, sign: int) -> None:
        if not self.absorbs(spec, ctx, event):
            return
        _seq(w["s"], event.seq, sign)
        _dadd(w["t"], to_decimal(event.payload.get(spec.field) or 0), sign)

    def close(self, spec: SumSpec, ctx: Ctx, w: dict[str, Any]) -> tuple[IndicatorValue, Any]:
        return IndicatorValue(_dval(w["t"]), _out(w["s"])), {"t": w["t"]}


class DistinctKind(Windowed):
    def open(self, spec: DistinctSpec, ctx: Ctx, value: IndicatorValue | None, acc: Any) -> dict[str, Any]:
        return {"s": _seqs(value), "v": dict(acc["v"]) if acc else {}}

    def step(self, spec: DistinctSpec, ctx: Ctx, w: dict[str, Any], event: Event, sign: int) -> None:
        if not self.absorbs(spec, ctx, event):
            return
        _seq(w["s"], event.seq, sign)
        _tally(w["v"], _key(event.payload.get(spec.field)), sign)

    def close(self, spec: DistinctSpec, ctx: Ctx, w: dict[str, Any]) -> tuple[IndicatorValue, Any]:
        return IndicatorValue(Decimal(len(w["v"])), _out(w["s"])), {"v": w["v"]}


class AverageKind(Windowed):
    def open(self, spec: AverageSpec, ctx: Ctx, value: IndicatorValue | None, acc: Any) -> dict[str, Any]:
        return {"s": _seqs(value), "t": dict(acc["t"], x=dict(acc["t"]["x"])) if acc else _dsum()}

    def step(self, spec: AverageSpec, ctx: Ctx, w: dict[str, Any], event: Event, sign: int) -> None:
        if not self.absorbs(spec, ctx, event):
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


class PerEventKind(Windowed):
    """The misses are the value's own detail: nothing is stored beside it."""

    def open(self, spec: PerEventSpec, ctx: Ctx, value: IndicatorValue | None, acc: Any) -> dict[str, Any]:
        misses = {} if value is None else {m["seq"]: m for m in value.detail.get("misses", ())}
        return {"s": _seqs(value), "m": misses}

    def step(self, spec: PerEventSpec, ctx: Ctx, w: dict[str, Any], event: Event, sign: int) -> None:
        if not self.absorbs(spec, ctx, event):
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
        if "s" in acc:  # the value lists no events (a mean score without data): the accumulator kept them
            seqs, summaries = list(acc["s"]), list(acc["sm"])
        else:  # the value lists them: its events and its detail's summaries
            seqs, summaries = _seqs(value), list(value.detail["summaries"]) if value is not None else []
        return {**acc, "s": seqs, "sm": summaries, "t": dict(acc["t"], x=dict(acc["t"]["x"]))}

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
        acc = {k: w[k] for k in ("p", "a", "h", "n", "t")}
        if spec.measure == "mean_score" and value is None:
            # The value lists no events: the accumulator keeps them. Otherwise the value's own events and
            # summaries are what the next refresh starts from, not a second copy in the accumulator (at a million
            # events Shaxian's satisfaction lists were the entries' largest plain seq lists: issue 15).
            seqs = w["s"]
            return IndicatorValue(None), {**acc, "s": seqs.done().tolist() if isinstance(seqs, Tail) else seqs,
                                          "sm": list(w["sm"])}  # fmt: skip
        return IndicatorValue(value, _out(w["s"]), detail), acc


_SURVEY: dict[str, tuple[Selector, Selector]] = {}


def _survey_selectors(spec: SurveySpec) -> tuple[Selector, Selector]:
    if spec.survey not in _SURVEY:
        _SURVEY[spec.survey] = spec._selectors()
    return _SURVEY[spec.survey]
