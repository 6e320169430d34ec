"""Incremental projections: what a stored entry keeps beside its values so that new events bring it current
without reading the site's log (issue 15).

A stored entry's values are the pure fold (`projections.indicators.compute`) of the site's facts. Beside them
the entry keeps, per indicator of a kind that can be adjusted, an accumulator (JSON data): the running sums,
distinct values, per-bucket tallies, per-item tallies and winning readings the fold would compute. A fact that
now counts is absorbed (+1), a fact that stops counting (retracted, or the old version of a corrected fact) is
retired (-1), each through the same filter the kind's `compute` applies, and the values are read off the
accumulators. The event seqs a tally lists are its value's own `events` (and a per-event check's misses its
value's detail), so the accumulator does not store them twice.

Where a kind cannot be adjusted exactly (the latest reading or judgement, or growth's last reading before its
window, is retired; a state at the period's end, stable employment, durations, deadlines and ratings depend on
the order of everything before), the indicator is marked dirty and the caller recomputes just it from the
site's events of its own types. Whatever the late split would have to judge (a close, an acceptance, a new fact
inside a closed period, a correction or retraction on a site with closes) makes `advance` give up, and the caller
folds the entry afresh.

The kinds live in their own modules (`base`: what they share; `counts`; `readings`: kinds that keep a winner;
`stable`; `kinds`: which a spec has); this module keeps the entry's state and brings it current.

The pure fold stays the reference: tests/test_projection_property.py checks that entries kept this way equal
the fold and a replay from zero, byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from ledger.envelope import Event
from ledger.record import Record, factory
from ledger.view import Amendments
from projections.accumulate.base import Ctx, Unadjustable, Windowed
from projections.accumulate.kinds import kind_of, types_of
from projections.facts import ADMIN_TYPES, closures, facts_from_log
from projections.indicators.base import Fold, IndicatorValue, Spec
from projections.indicators.fold import compute, resolve
from projections.periods import Period
from projections.workdays import WorkCalendar

__all__ = [
    "AMEND_TYPES", "VERSION", "Ctx", "State", "Unadjustable", "Update", "advance", "build", "complete", "derive", "finish",
    "kind_of", "passes_by", "rebuild", "types_of", "update",
]  # fmt: skip

VERSION = 11  # 2: stable counts keep their people in buckets (StableKind); 4: their texts need no escapes;
# 5: growth readings kept (GrowthKind); 6: the buckets are kept in cache rows of their own (projections/parts.py); 7: the
# entry no longer holds its checkpoint's seq (schemes/stored.py moves checkpoints without rewriting data); 8: long seq
# lists keep their sealed chunks in cache rows of their own (projections/seqlists.py); 9: a stable count's started
# and stable lists likewise (projections/startlists.py), and a survey's seqs are not kept twice (SurveyKind); 10:
# digests in base64 (projections/parts.py), a parts list's digests one string, seq lists cut in shorter chunks; 11:
# each event type read up to its own horizon (`projections.indicators.Reach`), not the furthest indicator's.
# Entries stored by an earlier version are folded afresh when an event that counts in them arrives.

# The types whose events decide what counts (the current view and the late split), read with an indicator's own
# types when it is recomputed alone.
AMEND_TYPES = ("correction", "retraction", "period_closed", "late_event_accepted")


# -- the entry's state -----------------------------------------------------------------------------------------


class State(Record, frozen=False):
    """What an entry keeps beside its values: the accumulators, the live corrections per fact (fact id -> the
    corrections' seqs, in log order), the retracted facts and the closes in force (period label, seq)."""

    acc: dict[str, Any] = factory(dict)
    fixes: dict[str, list[int]] = factory(dict)
    gone: set[str] = factory(set)
    closes: list[tuple[str, int]] = factory(list)

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


def passes_by(
    specs: Mapping[str, Spec], ctx: Ctx, new: Sequence[Event], closed: Callable[[], Sequence[Period]]
) -> bool:
    """Whether an entry as stored still holds after `new`, judged without reading it (`facts.beyond` and more):
    every new event is a plain fact (no covered period in its envelope, not a correction, retraction, close or
    acceptance), and either beyond its type's horizon or read only by windowed kinds that do not absorb it (`Windowed.absorbs`: what each one's
    `step` would leave alone) and dated in no period of the site ever closed (`closed()`, asked for only then: a
    fact dated in a closed period is late, and the late events are the entry's too).

    What this spares: a revenue report (read up to any date, `projections.indicators.Reach`) on this year's month
    reached every earlier period's entry, which was then read whole to learn that nothing in it changes, a cost
    that grew with the periods behind a site (issue 15)."""
    readers = _readers(specs)
    for e in new:
        if e.covers is not None or e.type in AMEND_TYPES:
            return False
        if not ctx.counts(e):
            continue  # beyond its type's horizon: not among the entry's facts at all
        for name in readers.get(e.type, ()):
            kind = kind_of(specs[name])
            if not isinstance(kind, Windowed) or kind.absorbs(specs[name], ctx, e):
                return False
        if any(period.contains(e.occurred_on) for period in closed()):
            return False
    return True


class Update(Record, frozen=False):
    """What `advance` did: the working states of the indicators it adjusted and the ones left dirty."""

    open: dict[str, dict[str, Any]]
    dirty: set[str]
    amended: bool = False  # a correction or retraction changed the state's fixes or retracted facts

    @property
    def changed(self) -> bool:
        """Whether the entry as stored no longer holds: else none of the new events changes a value or the
        state, and only its checkpoint has to move (schemes/stored.py)."""
        return bool(self.open or self.dirty or self.amended)


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
                if not kind.absorbs(spec, ctx, version):
                    continue  # outside what it counts (a report on another year's month): left closed
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
                upd.amended = True
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
    **options: Any,
) -> dict[str, IndicatorValue] | None:
    """Every indicator of an entry after the site's new events: `advance`, then `complete` (given `options`, its
    keywords: the dirty indicators recomputed by the pure fold from `typed_log(types)`, the site's events of their
    types and of AMEND_TYPES up to the new head, and their accumulators rebuilt, then the derived ones unless
    `derived=False`, as a stored entry leaves them). `state` is updated in place. None: fold afresh."""
    upd = advance(specs, values, state, new, ctx, lookup, get)
    if upd is None:
        return None
    return complete(specs, values, state, upd, ctx, **options)


def complete(
    specs: Mapping[str, Spec],
    values: Mapping[str, IndicatorValue],
    state: State,
    upd: Update,
    ctx: Ctx,
    *,
    typed_log: Callable[[list[str]], list[Event]],
    policy: str = "exclude",
    assessed_on: date | None = None,
    calendar: WorkCalendar | None = None,
    derived: bool = True,
) -> dict[str, IndicatorValue] | None:
    """`update` after its `advance`: the adjusted values read off, the dirty ones recomputed, the derived ones
    added (`derived=True`). None: fold afresh."""
    try:
        out = finish(specs, values, state, upd, ctx)
    except LookupError:
        return None  # a sealed chunk cannot be read as written (`Chunked.chunk`): fold afresh
    if upd.dirty:
        types = set(AMEND_TYPES).union(*(types_of(specs[n]) for n in upd.dirty))
        facts = facts_from_log(typed_log(sorted(types)), ctx.horizon(), policy)
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
