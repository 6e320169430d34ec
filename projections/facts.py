"""A site's facts: its contracts, closes and current view with late events held back, from its log.

The functions here are pure (events in, facts out), except the loader at the end (`site_facts`, and
`contracts` from projections/contracts.py), which read one site's log from a ledger and hand it to them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date

from ledger.envelope import Event, format_instant, parse_instant
from ledger.ledger import Ledger
from ledger.record import Record, factory
from ledger.view import current_view

# A site's contracts live in their own light module (the plausibility gate of every `log` reads them); named here
# too, where the scheme layer has always found them.
from projections.contracts import Contract as Contract
from projections.contracts import contracts as contracts
from projections.contracts import contracts_from as contracts_from
from projections.indicators import IndicatorSpec, IndicatorValue, Reach, compute
from projections.periods import Period
from projections.workdays import WorkCalendar

_TABLE = "projection_values"
_CHECKPOINT = "projection_checkpoint"


class Closure(Record):
    """A (site, period) closed by an assessor at an instant; events recorded later inside it are late."""

    period: Period
    recorded_at: str
    seq: int


class SiteFacts(Record):
    """One site's current view, split into the events that count and the late ones held back."""

    events: list[Event]
    late: list[Event]
    accepted: frozenset[str]
    # Listed late events whose lateness is a correction or retraction recorded after the close (id -> kind);
    # absent: the event itself was recorded late.
    changes: dict[str, str] = factory(dict)


def as_of_text(as_of: str | None) -> str | None:
    """A user's --as-of value as the ledger's recorded_at form (None = now, everything recorded)."""
    return format_instant(parse_instant(as_of)) if as_of else None


def closures(events: Iterable[Event]) -> list[Closure]:
    """The period closes in a log; an assessor's retraction of a close reopens the period."""
    events = list(events)
    reopened = {e.payload["target"] for e in events if e.type == "retraction"}
    return [
        Closure(Period.parse(e.payload["period"]), e.recorded_at, e.seq)
        for e in events
        if e.type == "period_closed" and e.id not in reopened
    ]


ADMIN_TYPES = frozenset(
    {"period_closed", "score_signed_off", "actor_role_granted", "assessor_key_registered", "site_registered"}
)


def split_late(raw: Iterable[Event], policy: str) -> SiteFacts:
    """A site's log (in sequence order) into its current view, with what was recorded after a close held back.

    An assessor's close freezes a (site, period) as recorded at that instant. Anything recorded later that
    would change it is late: a fact occurring inside the period, or a correction or retraction of an event
    dated inside it (before or after the correction). Late events are listed; under the scheme's "include"
    policy they count, under "exclude" (the default) they count only once an assessor accepts the event
    (late_event_accepted names the fact; accepting it also accepts its late corrections and retraction).
    Until then a late fact is left out, and a late correction or retraction is not applied: the event counts
    as it stood at the close. Administration events (closes, sign-offs, roles, keys, sites) are never late.
    """
    raw = sorted(raw, key=lambda e: e.seq)
    closes = closures(raw)
    accepted = frozenset(e.payload["target"] for e in raw if e.type == "late_event_accepted")
    if not closes:
        return SiteFacts(current_view(raw), [], accepted)

    # "Recorded after the close" is decided by sequence number: recorded_at is taken under the write lock, so
    # seq order is recording order, and it also orders events written within the same microsecond.
    def closed_before(day: str, seq: int) -> bool:
        return any(c.period.contains(day) and seq > c.seq for c in closes)

    by_id = {e.id: e for e in raw}
    dates: dict[str, set[str]] = {}  # fact id -> every date it has had (original and corrected)
    changes: dict[str, str] = {}
    kept: list[Event] = []
    for e in raw:
        if e.type not in ("correction", "retraction"):
            dates.setdefault(e.id, set()).add(e.occurred_on)
            kept.append(e)
            continue
        target = by_id.get(e.payload["target"])
        fact = (
            by_id.get(target.payload["target"])
            if target is not None and target.type == "correction"
            else target
        )
        if fact is None or fact.type in ADMIN_TYPES:
            kept.append(e)
            continue
        seen = dates.setdefault(fact.id, {fact.occurred_on})
        moved = e.payload.get("changes", {}).get("occurred_at") if e.type == "correction" else None
        new = {str(moved)[:10]} if moved else set()
        if any(closed_before(day, e.seq) for day in seen | new):
            changes.setdefault(fact.id, "retraction" if e.type == "retraction" else "correction")
            if policy != "include" and fact.id not in accepted:
                continue  # held back: not applied until accepted
        seen |= new
        kept.append(e)
    view = current_view(kept)
    counted, late, listed = [], [], set()
    for e in view:
        if e.type not in ADMIN_TYPES and closed_before(e.occurred_on, e.seq):
            changes.pop(e.id, None)  # the event itself is late: that says it all
            late.append(e)
            listed.add(e.id)
            if policy == "include" or e.id in accepted:
                counted.append(e)
        else:
            counted.append(e)
            if e.id in changes:
                late.append(e)
                listed.add(e.id)
    # Facts whose late retraction was applied (accepted, or the scheme counts late changes) are listed too.
    late += [by_id[i] for i in changes if i not in listed]
    late.sort(key=lambda e: e.seq)
    return SiteFacts(counted, late, accepted, {i: k for i, k in changes.items() if i in {e.id for e in late}})


_UNDATED = ("period_closed", "late_event_accepted", "correction", "retraction")


def facts_from_log(log: list[Event], until: date | Reach, policy: str = "exclude") -> SiteFacts:
    """A site's live events that occurred up to `until`, from its log (in sequence order, as recorded by the
    instant the caller chose). `until` is one date for every type, or a period's `Reach` (each type's own).

    Ledger events dated after the horizon still count: corrections and retractions carry whatever date their
    writer gave them, and closes/acceptances concern earlier periods. A correction may also move an event dated
    after the horizon into it: such targets are taken too.
    """
    of = _horizon_of(until)
    # An event dated after the horizon that covers an earlier period (a March report handed in on 3 April,
    # December's revenue reported in January) still counts: the indicators window it by the period it covers.
    raw = [e for e in log if e.occurred_on <= of(e.type) or e.covers is not None]
    extra = [e for e in log if e.type in _UNDATED and e.occurred_on > of(e.type)]
    have = {e.id for e in raw} | {e.id for e in extra}
    fixes = [e for e in raw + extra if e.type == "correction" and "occurred_at" in e.payload["changes"]]
    if fixes:
        by_id = {e.id: e for e in log}
        for fix in fixes:
            target = by_id.get(fix.payload["target"])
            if target is not None and target.id not in have:
                extra.append(target)
                have.add(target.id)
    facts = split_late(raw + extra, policy)
    counted = [e for e in facts.events if e.occurred_on <= of(e.type) or e.covers is not None]
    return SiteFacts(counted, facts.late, facts.accepted, facts.changes)


def _horizon_of(until: date | Reach) -> Callable[[str], str]:
    """An event type's horizon (ISO date text) under one date for every type or a `Reach`."""
    if isinstance(until, Reach):
        return until.of
    text = until.isoformat()
    return lambda _type: text


def beyond(events: Iterable[Event], until: date | Reach) -> bool:
    """Whether appending `events` to a log leaves `facts_from_log(log, until)` as it was, whatever the log: each is
    dated after its type's horizon, covers no period and is none of the events that reach back (corrections,
    retractions, closes, acceptances). `facts_from_log` leaves such events out, and no earlier correction can
    pull one in (a correction names an event stored before it). A stored projection entry is then still exact
    at the new head, so it is carried forward without reading the site's log (schemes.stored)."""
    of = _horizon_of(until)
    return all(e.occurred_on > of(e.type) and e.covers is None and e.type not in _UNDATED for e in events)


def fold(
    specs: Mapping[str, IndicatorSpec],
    facts: SiteFacts,
    period: Period,
    scheme: str,
    assessed_on: date | None = None,
    calendar: WorkCalendar | None = None,
) -> dict[str, IndicatorValue]:
    return compute(specs, facts.events, period, scheme=scheme, assessed_on=assessed_on, calendar=calendar)


# -- loaders: the only functions here that read a ledger ---------------------------------------------------


def site_facts(
    ledger: Ledger, site: str, until: date, as_of: str | None = None, policy: str = "exclude"
) -> SiteFacts:
    """`facts_from_log` over the site's log as recorded by `as_of` (None: everything)."""
    return facts_from_log(list(ledger.events(site=site, as_of=as_of)), until, policy)
