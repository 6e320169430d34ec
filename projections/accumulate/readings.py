"""Kinds that keep a winner: the latest reading, growth since a baseline, a judgement, the latest per key, the
state at the end. Retiring the winner cannot be adjusted (the runner-up is not kept): the indicator is recomputed
from its typed events."""

from __future__ import annotations

import json
from bisect import bisect_left, insort
from decimal import Decimal
from typing import Any

from ledger.envelope import Event
from projections.accumulate.base import (
    Ctx,
    Kind,
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
    _wins,
)
from projections.indicators.assessor import JudgementSpec
from projections.indicators.base import IndicatorValue, covered, text, within
from projections.indicators.tallies import (
    GrowthSpec,
    LatestSpec,
    SumSpec,
)
from projections.indicators.timing import StateSpec
from projections.numbers import ZERO, to_decimal


class LatestKind(Kind):
    """The winning reading (latest by occurred_at, then seq); retiring the winner cannot be adjusted."""

    def open(self, spec: LatestSpec, ctx: Ctx, value: IndicatorValue | None, acc: Any) -> dict[str, Any]:
        return {"w": list(acc["w"]) if acc and acc["w"] else None}

    def step(self, spec: LatestSpec, ctx: Ctx, w: dict[str, Any], event: Event, sign: int) -> None:
        if not _hit(spec, event) or event.occurred_on > ctx.window(spec)[1]:
            return
        if _wins(w["w"], event, sign):
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


class GrowthKind(Kind):
    """Growth of a reading (`GrowthSpec.compute`): the last reading before the window (occurred_at, seq, value;
    retiring it cannot be adjusted) and every reading inside it up to its end, sorted by (occurred_at, seq), each
    absorbed and retired exactly. The baseline is the reading before, else the first inside when there are two."""

    def open(self, spec: GrowthSpec, ctx: Ctx, value: IndicatorValue | None, acc: Any) -> dict[str, Any]:
        if not acc:
            return {"b": None, "d": []}
        return {"b": list(acc["b"]) if acc["b"] else None, "d": list(acc["d"])}

    def step(self, spec: GrowthSpec, ctx: Ctx, w: dict[str, Any], event: Event, sign: int) -> None:
        start, end = ctx.window(spec)
        if not _hit(spec, event) or event.occurred_on > end:
            return
        if event.occurred_on < start:
            if _wins(w["b"], event, sign):
                w["b"] = [event.occurred_at, event.seq, _reading(spec, event)]
            return
        during = w["d"]
        if sign > 0:
            insort(during, [event.occurred_at, event.seq, _reading(spec, event)])
            return
        i = bisect_left(during, [event.occurred_at, event.seq])  # before any [occurred_at, seq, value]
        if i == len(during) or during[i][:2] != [event.occurred_at, event.seq]:
            raise Unadjustable  # retiring what was never absorbed: the state does not match, recompute
        del during[i]

    def close(self, spec: GrowthSpec, ctx: Ctx, w: dict[str, Any]) -> tuple[IndicatorValue, Any]:
        before, during = w["b"], w["d"]
        acc = {"b": before, "d": during}
        base = before if before else (during[0] if len(during) > 1 else None)
        if base is None or not during:
            return IndicatorValue(None, tuple(r[1] for r in during)), acc
        first, last = Decimal(base[2]), Decimal(during[-1][2])
        detail = {"baseline": text(first), "latest": text(last)}
        if first == 0:
            return IndicatorValue(None, (base[1], during[-1][1]), detail), acc
        return IndicatorValue((last - first) / first * 100, (base[1], during[-1][1]), detail), acc


def _reading(spec: GrowthSpec, event: Event) -> str:
    """A reading's value as `to_decimal` parses it, as text (Decimal(text) gives it back, exponent and all)."""
    try:
        return str(to_decimal(event.payload[spec.field]))
    except Exception:
        raise Unadjustable from None


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
        if _wins(w["w"], event, sign):
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


class LatestPerKind(Windowed):
    """A count or sum keeping only the latest event per key and covered period (`latest_per`): the winner per key
    (occurred_at, seq, amount); a later event displaces it exactly, retiring the winner cannot be adjusted."""

    def open(self, spec: Any, ctx: Ctx, value: IndicatorValue | None, acc: Any) -> dict[str, Any]:
        if not acc:
            return {"s": [], "k": {}, "t": _dsum()}
        return {"s": _seqs(value), "k": dict(acc["k"]), "t": dict(acc["t"], x=dict(acc["t"]["x"]))}

    def step(self, spec: Any, ctx: Ctx, w: dict[str, Any], event: Event, sign: int) -> None:
        if not self.absorbs(spec, ctx, event):
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
        if not _wins(best, event, sign):
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
