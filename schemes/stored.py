"""The stored projection: each assessment period's indicator values kept in the store's cache with the
accumulators they were read off, brought current from a site's new events alone (`refresh`), folded afresh by
`replay`, and read back by scoring (`current_values`). The cache is not the record: an entry that cannot be
brought current is folded again from the log (schemes/targets.py `fold_log`, the reference)."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from ledger.envelope import Event
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from ledger.store import CacheEntry, Head, Restamp
from projections import accumulate, cache
from projections import facts as proj
from projections.indicators import IndicatorValue, reach
from projections.periods import Period
from schemes import stored_rows
from schemes.entry_keys import contract_events as contract_events
from schemes.entry_keys import replay_keys
from schemes.targets import Target, fold_log, projection_key

LATE = "__late__"
# Where entries stored before accumulator version 7 kept the global seq of their checkpoint: dropped when such an
# entry is served (it is folded afresh when an event that counts in it arrives).
OLD_HEAD = "__head__"
# The accumulators the entry's values were read off (projections/accumulate/), with the bookkeeping of the
# current view they need: what lets new events update the entry without reading the site's log.
ACC = "__acc__"


class Idle:
    """What `_advance` gives for an entry none of the new events changes."""


IDLE = Idle()

_CTX: dict[tuple[str, Period, date | None], accumulate.Ctx] = {}


def _ctx(target: Target, assessed_on: date | None) -> accumulate.Ctx:
    """An entry's fixed inputs, worked out once per scheme file version, period and assessment date."""
    key = (target.scheme.sha256, target.period, assessed_on)
    if key not in _CTX:
        reached = reach(target.scheme.indicators, target.period, assessed_on)  # as `fold_log` reads the log
        _CTX[key] = accumulate.Ctx(
            target.period, target.scheme.id, assessed_on or target.period.end, reached.until, reached
        )
    return _CTX[key]


def _to_store(
    target: Target,
    values: dict[str, IndicatorValue],
    facts: proj.SiteFacts,
    head: Head,
    state: accumulate.State,
) -> dict[str, IndicatorValue]:
    """The values to cache: the indicators, under LATE what the scorecard needs of late events, under ACC its
    accumulators. Derived indicators (ratios, totals) are left out: each lists every event of its parts, and is
    worked out from them when the entry is read (`_served`). Where the entry was folded is the row's checkpoint
    (site_seq, head_hash), not part of its data: an entry none of the new events can count in has its checkpoint
    moved (`Restamp`) without its data being read or written."""
    specs = target.scheme.indicators
    late = IndicatorValue(
        None,
        tuple(e.seq for e in facts.late),
        {"accepted": sorted(facts.accepted & {e.id for e in facts.late}), "changes": facts.changes},
    )
    return {
        **_underived(specs, values),
        LATE: late,
        ACC: IndicatorValue(None, (), state.to_json()),
    }


def fold_entry(
    target: Target, log: list[Event], head: Head, assessed_on: date | None = None
) -> tuple[dict[str, IndicatorValue], proj.SiteFacts, dict[str, IndicatorValue]]:
    """A fold from the site's log (up to `head`), and the entry that stores it (values, late events, head and
    the accumulators built from the same facts)."""
    values, facts = fold_log(target, log, assessed_on)
    state = accumulate.build(target.scheme.indicators, facts.events, log, _ctx(target, assessed_on))
    return values, facts, _to_store(target, values, facts, head, state)


def _underived(specs: Mapping[str, Any], values: Mapping[str, IndicatorValue]) -> dict[str, IndicatorValue]:
    return {n: v for n, v in values.items() if n not in specs or not specs[n].derived}


def _served(
    target: Target, values: dict[str, IndicatorValue], assessed_on: date | None, chunks: stored_rows.Chunks
) -> dict[str, IndicatorValue] | None:
    """A stored entry's values as a fold gives them: seqs as tuples, the derived indicators worked out. None
    when a sealed chunk of a seq list cannot be read as it was written (fold afresh)."""
    chunks.fetch(values)
    try:
        out = cache.plain(values)
    except LookupError:
        return None
    out.pop(OLD_HEAD, None)
    if any(spec.derived for spec in target.scheme.indicators.values()):
        out = accumulate.derive(target.scheme.indicators, out, _ctx(target, assessed_on), assessed_on,
                                target.scheme.work_calendar())  # fmt: skip
    return out


def _acc(values: Mapping[str, IndicatorValue]) -> dict[str, Any] | None:
    """The accumulators in an entry's values (`State.to_json()["acc"]`), if it has any."""
    acc = values.get(ACC)
    inner = acc.detail.get("acc") if acc is not None and isinstance(acc.detail, dict) else None
    return inner if isinstance(inner, dict) else None


def _with_parts(ledger: Ledger, scheme: str, site: str, key: str, values: dict[str, IndicatorValue]) -> None:
    """An entry's stored parts lists (stable buckets) made readable from their rows (`projections.parts.Parts`)."""
    acc = _acc(values)
    if acc is not None:
        stored_rows.attach_parts(ledger, scheme, site, key, acc)


def _rows(
    target: Target,
    site: str,
    key: str,
    head: Head,
    values: dict[str, IndicatorValue],
    read: Mapping[str, IndicatorValue] | None = None,
) -> list[CacheEntry]:
    return cache.rows(target.scheme.id, site, key, head, values, _acc(values), read)


Reader = Callable[[int], list[Event]]


def _reader(ledger: Ledger, site: str, head: Head) -> Reader:
    """The site's events after a place in its chain (a checkpoint's site_seq) up to `head`, read once for every
    entry of the site (they were mostly stored at the same checkpoint)."""
    memo: list[tuple[int, list[Event]]] = []

    def read(after: int) -> list[Event]:
        if memo and memo[0][0] <= after:
            return [e for e in memo[0][1] if e.site_seq > after]
        events = list(ledger.events(site=site, after_site_seq=after, upto_seq=head.seq))
        memo[:] = [(after, events)]
        return events

    return read


def _since(read: Reader, site_seq: int, head_hash: str, head: Head) -> list[Event] | None:
    """The site's events after a checkpoint, up to `head`: exactly those that continue its chain from there
    (a rewritten chain fails the hash test), else None."""
    if not 0 <= site_seq < head.site_seq:
        return None
    new = read(site_seq)
    if (len(new) != head.site_seq - site_seq or new[0].site_seq != site_seq + 1
            or new[0].prev_hash != head_hash or new[-1].hash != head.hash):  # fmt: skip
        return None
    return new


def _restamp(target: Target, site: str, key: str, entry: tuple[int, str], head: Head) -> Restamp:
    return Restamp(target.scheme.id, site, key, entry[0], entry[1], head.site_seq, head.hash)


def _stored(
    ledger: Ledger,
    target: Target,
    site: str,
    key: str,
    head: Head,
    assessed_on: date | None,
    read: Reader | None = None,
    save: list[CacheEntry] | None = None,
    moves: list[Restamp] | None = None,
) -> dict[str, IndicatorValue] | None:
    """The stored entry's values brought to `head`: as stored when folded at exactly that head, else updated from
    the events after the entry's checkpoint (`_advance`), and stored again (or added to `save`, for the caller to
    store in one write; an entry none of the new events changes has its checkpoint moved, or added to `moves`).
    None: fold afresh (and, with `save`, for an entry whose checkpoint can just move: the caller moves those
    first, `refresh`)."""
    try:
        entry = ledger.store.cache_get(target.scheme.id, site, key)
    except LedgerError:
        return None  # a damaged cache page: the cache is not the record, fold afresh
    if entry is None:
        return None
    if (entry.site_seq, entry.head_hash) == (head.site_seq, head.hash):
        chunks = stored_rows.Chunks(ledger, target.scheme.id, site, key)
        values = cache.values_of(entry, lazy=True, load=chunks)
        if values is None:
            return None
        if save is not None:
            return {}  # current already: `refresh` has nothing to do
        values.pop(ACC, None)
        return _served(target, values, assessed_on, chunks)
    new = _since(read or _reader(ledger, site, head), entry.site_seq, entry.head_hash, head)
    if new is None:
        return None
    # The seq lists stay text, appended to, not read; their sealed chunks are read only to be served.
    chunks = stored_rows.Chunks(ledger, target.scheme.id, site, key)
    values = cache.values_of(entry, lazy=True, load=chunks)
    if values is None:
        return None
    ctx = _ctx(target, assessed_on)
    if proj.beyond(new, ctx.horizon()):  # nothing new can count: the checkpoint moves
        if save is not None:
            return None
        ledger.store.cache_put([], [_restamp(target, site, key, (entry.site_seq, entry.head_hash), head)])
        values.pop(ACC, None)
        return _served(target, values, assessed_on, chunks)
    values = _underived(target.scheme.indicators, values)  # an entry stored before they were left out
    _with_parts(ledger, target.scheme.id, site, key, values)
    updated = _advance(ledger, target, site, head, values, new, ctx, assessed_on)
    if updated is None:
        return None
    if updated is IDLE:  # none of the new events changes a value or the state: the checkpoint moves
        move = _restamp(target, site, key, (entry.site_seq, entry.head_hash), head)
        if moves is not None:
            moves.append(move)
            return {}
        ledger.store.cache_put([], [move])
        values.pop(ACC, None)
        return _served(target, values, assessed_on, chunks)
    try:
        rows = _rows(target, site, key, head, updated, values)  # the chunks it seals, not those it read
    except LookupError:
        return None  # a part to be written again cannot be read back: fold afresh
    if save is not None:
        save.extend(rows)
        return {}  # `refresh` reads nothing back: the seq lists are not made tuples, nor the derived worked out
    ledger.store.cache_put(rows)
    updated.pop(ACC, None)
    return _served(target, updated, assessed_on, chunks)


def _advance(
    ledger: Ledger,
    target: Target,
    site: str,
    head: Head,
    values: dict[str, IndicatorValue],
    new: list[Event],
    ctx: accumulate.Ctx,
    assessed_on: date | None,
) -> dict[str, IndicatorValue] | Idle | None:
    """An entry updated by the site's new events through its accumulators; indicators that cannot be adjusted
    are recomputed from the site's events of their own types (plus what decides the current view). IDLE when
    none of them changes anything the entry holds (a fair outside every window its indicators read, a report on
    another year's month): the entry stands as stored. None when the entry has no accumulators or the new events
    need the late split: fold afresh."""
    acc = values.get(ACC)
    state = None if acc is None else accumulate.State.from_json(acc.detail)
    if state is None:
        return None
    specs = target.scheme.indicators
    by_id = {e.id: e for e in new}
    by_seq = {e.seq: e for e in new}

    def lookup(event_id: str) -> Event | None:
        return by_id.get(event_id) or ledger.get_by_id(event_id, site)

    def get(seq: int) -> Event | None:
        return by_seq.get(seq) or ledger.store.get(seq)

    def typed_log(types: list[str]) -> list[Event]:
        return list(ledger.events(site=site, types=types, upto_seq=head.seq))

    upd = accumulate.advance(specs, values, state, new, ctx, lookup, get)
    if upd is None:
        return None
    if not upd.changed:
        return IDLE
    out = accumulate.complete(specs, values, state, upd, ctx, typed_log=typed_log, policy=target.scheme.late_policy,
                              assessed_on=assessed_on, calendar=target.scheme.work_calendar(), derived=False)  # fmt: skip
    if out is None:
        return None
    return {**out, LATE: values[LATE], ACC: IndicatorValue(None, (), state.to_json())}


def current_values(
    ledger: Ledger, target: Target, site: str, assessed_on: date | None, schemes_dir: Path | None = None
) -> tuple[dict[str, IndicatorValue], proj.SiteFacts]:
    """Indicator values at the site's current head: from the cache when they hold there (folded at that head, or
    brought to it from the events since), else folded afresh (and cached, when the ledger can be written now)."""
    head = ledger.site_head(site)
    key = projection_key(target, assessed_on)
    values = _stored(ledger, target, site, key, head, assessed_on)
    if values is None:
        log = list(ledger.events(site=site, upto_seq=head.seq))
        fresh, facts, stored = fold_entry(target, log, head, assessed_on)
        ledger.store.cache_put(_rows(target, site, key, head, stored))
        return fresh, facts
    late = values.pop(LATE, IndicatorValue(None))
    late_events = [ledger.get(seq) for seq in late.events]
    accepted = frozenset(late.detail.get("accepted", ()))
    return values, proj.SiteFacts([], late_events, accepted, dict(late.detail.get("changes", {})))


def served(ledger: Ledger, target: Target, site: str, assessed_on: date | None = None) -> bool:
    """Whether the cache serves this entry as it stands: folded at the site's head and readable whole (its parts
    and seq chunks as written). What a check needs beside the values' equality with the fold: an entry that
    cannot be served is folded afresh, and the values agree even then."""
    head = ledger.site_head(site)
    key = projection_key(target, assessed_on)
    try:
        entry = ledger.store.cache_get(target.scheme.id, site, key)
    except LedgerError:
        return False
    if entry is None or (entry.site_seq, entry.head_hash) != (head.site_seq, head.hash):
        return False
    return _stored(ledger, target, site, key, head, assessed_on) is not None


def refresh(ledger: Ledger, schemes_dir: Path | None = None) -> int:
    """Bring every assessment period's cached entry to its site's head; returns how many had to be folded.

    An entry is brought current from the site's new events alone (see `_stored`); the others of a site (no
    accumulators yet, or events the late split must judge) are folded from one read of its log, as `replay`
    does."""
    enabled = gc.isenabled()
    # What a refresh makes (entries decoded, accumulators, the rows to write) holds no reference cycles, and at a
    # million events the cyclic collector's passes over it were 2% of the call's instructions and grew with the
    # entries (issue 15): paused for the call, and on again as it was found.
    gc.disable()
    try:
        return _refresh(ledger, schemes_dir)
    finally:
        if enabled:
            gc.enable()


def _refresh(ledger: Ledger, schemes_dir: Path | None) -> int:
    folded = 0
    by_site: dict[str, list[tuple[str, Target]]] = {}
    for site, key, target in replay_keys(ledger, schemes_dir):
        by_site.setdefault(site, []).append((key, target))
    save: list[CacheEntry] = []  # written in one transaction at the end: one commit, not one per entry
    moves: list[Restamp] = []
    for site, entries in by_site.items():
        head = ledger.site_head(site)
        read = _reader(ledger, site, head)
        stamps = stored_rows.stamps(ledger, site, entries)
        log: list[Event] | None = None
        closed = _closed(ledger, site, head)
        for key, target in entries:
            stamp = stamps.get((target.scheme.id, key))
            if stamp == (head.site_seq, head.hash):
                continue  # current already
            if stamp is not None:
                # An entry none of the site's new events can count in (a past period, mostly) or change has its
                # checkpoint moved, its data neither read nor written: what carrying it forward cost grew with the log.
                new = _since(read, *stamp, head)
                ctx = _ctx(target, None)
                if new is not None and accumulate.passes_by(target.scheme.indicators, ctx, new, closed):
                    moves.append(_restamp(target, site, key, stamp, head))
                    continue
            if _stored(ledger, target, site, key, head, None, read, save, moves) is not None:
                continue
            if log is None:
                log = list(ledger.events(site=site, upto_seq=head.seq))
            _, _, stored = fold_entry(target, log, head)
            save.extend(_rows(target, site, key, head, stored))
            folded += 1
    if save or moves:
        ledger.store.cache_put(save, moves)
    return folded


def _closed(ledger: Ledger, site: str, head: Head) -> Callable[[], list[Period]]:
    """Every period of the site an assessor ever closed (reopened ones too: a fact dated in one may be late),
    read when first asked for and once per site."""
    return functools.cache(lambda: [Period.parse(e.payload["period"])
                          for e in ledger.events(site=site, types=["period_closed"], upto_seq=head.seq)])  # fmt: skip


def replay(
    ledger: Ledger, schemes_dir: Path | None = None, progress: Callable[[int, int], None] | None = None
) -> int:
    """Fold every assessment period of every contract afresh and store it (`opsledger replay`)."""
    keys = replay_keys(ledger, schemes_dir)
    ledger.store.cache_clear()
    total = len(keys)
    by_site: dict[str, list[tuple[str, Target]]] = {}
    for site, key, target in keys:
        by_site.setdefault(site, []).append((key, target))
    done = 0
    for site, entries in sorted(by_site.items()):
        head = ledger.site_head(site)
        log = list(
            ledger.events(site=site, upto_seq=head.seq)
        )  # one read per site, every period folds from it
        for key, target in entries:
            _, _, stored = fold_entry(target, log, head)
            ledger.store.cache_put(_rows(target, site, key, head, stored))
            done += 1
            if progress:
                progress(done, total)
    return total
