"""Stable employment (Wujiang's 稳定人数): per person the first start, the ends and the confirmations, kept in
buckets so a refresh touches only the people its events name."""

from __future__ import annotations

import json
import zlib
from bisect import bisect_left, insort
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ledger.envelope import Event
from projections.accumulate.base import Ctx, Kind, Unadjustable, _hit, _key, _tally
from projections.indicators.base import IndicatorValue
from projections.indicators.timing import StableSpec
from projections.parts import Parts
from projections.periods import add_months
from projections.seqlists import SeqText
from projections.startlists import StartList, swapped_json, unswapped


@lru_cache(maxsize=65536)
def _due(on: str, months: int) -> str:
    return add_months(date.fromisoformat(on), months).isoformat()


# A stable count's people are kept in buckets by key, each bucket one JSON text in a cache row of its own (`Parts`):
# a refresh reads, parses and writes again only the buckets of the people its events name, where the accumulator
# was one map of everyone ever started (Wujiang's entries were mostly that, and each refresh decoded, copied,
# sorted and encoded all of it: issue 15). More buckets, fewer people parsed per event; the entry keeps a digest
# per bucket (about 19 bytes each).
STABLE_BUCKETS = 256
EMPTY = "{}"


def _bucket(key: str) -> int:
    return zlib.crc32(key.encode("utf-8")) % STABLE_BUCKETS


# A bucket is a JSON text in a cache row of its own, with its two quote characters swapped (`swapped_json`, a
# bijection), as the started and stable lists are (`StartList`, projections/startlists.py: their open chunks sit in
# the entry's JSON, where a swapped text has nothing to escape). A bucket's keys are the payload values themselves,
# not their JSON (a string as it is; an int or null, or a string beginning with "=", as "=" and its JSON), and a
# bucket is worked on as it is stored, keyed by those key texts: only the key an event names is converted (one per
# event), where converting every key of every bucket read and written grew with the people in a bucket.


def _key_text(key: str) -> str:
    if key[:2] == '"=' or key[:1] != '"':
        return "=" + key
    return json.loads(key)


def _key_of(text: str) -> str:
    return text[1:] if text[:1] == "=" else json.dumps(text, ensure_ascii=False)


def _bucket_text(bucket: Mapping[str, Any]) -> str:
    """A bucket's stored text; `bucket` is keyed by key texts (`_key_text`)."""
    return swapped_json(bucket)


def _bucket_of(text: str) -> dict[str, Any]:
    """A bucket's people by key text."""
    return unswapped(text)


def _start_list(stored: Any) -> StartList:
    """A started or stable list as the accumulator holds it: read from its rows (`parts.attach_parts`), or as
    decoded JSON (its chunks then cannot be read: a refresh that needs them folds afresh)."""
    if isinstance(stored, StartList):
        return stored
    if isinstance(stored, dict) and set(stored) == {"l"} and isinstance(stored["l"], str):
        return StartList.parse(stored["l"])
    raise Unadjustable  # kept as an earlier version kept it: rebuilt from the typed events


class StableKind(Kind):
    """Per key (in its bucket) its first start (occurred_at, seq; retiring it cannot be adjusted), the dates its
    ends occurred on and how many confirming (`only_if`) events name it; beside them the people first started in
    the window, sorted by that start, and those of them stable, as [occurred_at, seq] lists. An event moves only
    the people it names from one list to the other; the value is the chosen list's seqs, in the fold's order."""

    def open(self, spec: StableSpec, ctx: Ctx, value: IndicatorValue | None, acc: Any) -> dict[str, Any]:
        if not acc:
            acc = {
                "b": Parts.blank(STABLE_BUCKETS, EMPTY),
                "st": StartList(),
                "sb": StartList(),
                "n": [0, 0, 0],
            }
        if not isinstance(acc["b"], Parts) or len(acc["b"]) != STABLE_BUCKETS:
            raise Unadjustable  # buckets as an earlier version kept them: rebuilt from the typed events
        started, stable = _start_list(acc["st"]), _start_list(acc["sb"])
        return {"b": acc["b"], "open": {}, "st": started, "sb": stable, "n": list(acc["n"]),
                "events": None if value is None else value.events, "st+": [], "sb+": [],
                "was": {"st": started, "sb": stable}}  # fmt: skip

    def _record(self, w: dict[str, Any], key: str) -> dict[str, Any]:
        i = _bucket(key)
        bucket = w["open"].get(i)
        if bucket is None:
            bucket = w["open"][i] = _bucket_of(w["b"][i])
        return bucket.setdefault(_key_text(key), {})

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
        """The list read whole (its chunks too) to be edited in the middle."""
        if isinstance(w[name], StartList):
            w[name] = w[name].tolist()
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
                listed = w[name]
                if isinstance(listed, StartList):
                    # A person first started after everyone listed (most new people): appended to the list's open
                    # chunk, and their seq to the value's, where reading and writing the whole list grew with the
                    # period's people (issue 15).
                    last = listed.last()
                    if last is None or new[1] > last:
                        w[name] = listed.extended([new[1]])
                        w[name + "+"].append(new[1][1])
                        continue
                insort(self._list(w, name), new[1])

    def _change(
        self, spec: StableSpec, ctx: Ctx, w: dict[str, Any], key: str, edit: Callable[[dict], None]
    ) -> None:
        rec = self._record(w, key)
        old = self._status(spec, ctx, rec)
        edit(rec)
        self._move(w, old, self._status(spec, ctx, rec))
        if not rec:
            del w["open"][_bucket(key)][_key_text(key)]

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
        buckets = w["b"].replaced({i: _bucket_text(bucket) for i, bucket in w["open"].items()})
        chosen = "st" if spec.count == "started" else "sb"
        events = w["events"]
        if events is None or not isinstance(
            w[chosen], StartList
        ):  # the chosen list moved: its seqs, in its order
            events = tuple(seq for _, seq in self._list(w, chosen))
        elif w[chosen + "+"]:  # people appended to it only: their seqs appended to the value's
            events = (events if isinstance(events, SeqText) else SeqText.of(tuple(events))).extended(
                w[chosen + "+"]
            )
        started, stable, unmatched = w["n"]
        detail = {
            "started": started,
            "stable": stable,
            "as_of": ctx.assessed.isoformat(),
            "unmatched": unmatched,
        }
        acc = {
            "b": buckets,
            "st": self._stored(w, "st"),
            "sb": self._stored(w, "sb"),
            "n": [started, stable, unmatched],
        }
        return IndicatorValue(Decimal(started if chosen == "st" else stable), events, detail), acc

    def _stored(self, w: dict[str, Any], name: str) -> StartList:
        """The list to store: appended to, or made again from the edited list (the chunks the list as read had
        stored are not written again, `StartList.new_chunks`)."""
        listed = w[name]
        if isinstance(listed, StartList):
            return listed
        was = w["was"][name]
        return StartList.of(listed, was.known, was.owner)
