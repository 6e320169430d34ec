"""Reading a site's facts out of the ledger, and keeping computed indicator values in the same SQLite file.

The stored values are a cache of the pure fold in `projections.indicators.compute`, with a checkpoint (the
last sequence number folded). `refresh` recomputes only the (site, period) entries touched by newer events;
`rebuild` recomputes everything from zero. Both must agree with a fresh fold: a property test checks it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ledger.envelope import Event, format_instant, parse_instant
from ledger.store import Ledger
from ledger.view import current_view
from projections.indicators import IndicatorSpec, IndicatorValue, compute, horizon
from projections.periods import Period

_TABLE = "projection_values"
_CHECKPOINT = "projection_checkpoint"


@dataclass(frozen=True)
class Contract:
    """A site's contract in force: its scheme, start date and fee (from a contract_signed event)."""

    site: str
    scheme: str
    start: date
    end: date | None
    fee_yuan: Decimal
    network_fee_yuan: Decimal
    seq: int

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def in_force(self, period: Period) -> bool:
        """In force at the period's first or last day: the contract a period is scored under."""
        return self.covers(period.start) or self.covers(period.end)


@dataclass(frozen=True)
class Closure:
    """A (site, period) closed by an assessor at an instant; events recorded later inside it are late."""

    period: Period
    recorded_at: str
    seq: int


@dataclass(frozen=True)
class SiteFacts:
    """One site's current view, split into the events that count and the late ones held back."""

    events: list[Event]
    late: list[Event]
    accepted: frozenset[str]
    # Listed late events whose lateness is a correction or retraction recorded after the close (id -> kind);
    # absent: the event itself was recorded late.
    changes: dict[str, str] = field(default_factory=dict)


def as_of_text(as_of: str | None) -> str | None:
    """A user's --as-of value as the ledger's recorded_at form (None = now, everything recorded)."""
    return format_instant(parse_instant(as_of)) if as_of else None


def contracts(ledger: Ledger, site: str, as_of: str | None = None) -> list[Contract]:
    view = current_view(
        ledger.events(site=site, types=["contract_signed", "correction", "retraction"], as_of=as_of)
    )
    out = []
    for e in view:
        if e.type == "contract_signed":
            p = e.payload
            out.append(Contract(
                site, p["scheme"], date.fromisoformat(p["start"]), date.fromisoformat(p["end"]) if p.get("end") else None,
                Decimal(p["fee_yuan"]), Decimal(p.get("network_fee_yuan") or 0), e.seq,
            ))  # fmt: skip
    return out


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


def site_facts(ledger: Ledger, site: str, until: date, as_of: str | None = None, policy: str = "exclude",
               log: list[Event] | None = None) -> SiteFacts:  # fmt: skip
    """A site's live events that occurred up to `until`, as recorded by `as_of`.

    `log` is the site's whole log in sequence order (`ledger.events(site=site)`), when the caller already holds
    it (folding several periods of a site from one read); it is filtered here exactly as the queries below filter.
    """
    horizon = until.isoformat()
    if log is not None and as_of is None:
        return _facts_from_log(log, horizon, policy)
    raw = list(ledger.events(site=site, end=horizon, as_of=as_of))
    # Ledger events dated after the horizon still count: corrections and retractions carry whatever date their
    # writer gave them (an import may date one the day it was written), and closes/acceptances concern earlier
    # periods. A correction may also move an event dated after the horizon into it: fetch such targets too.
    extra = [e for e in ledger.events(site=site, types=["period_closed", "late_event_accepted", "correction",
                                                         "retraction"], as_of=as_of)
             if e.occurred_on > horizon]  # fmt: skip
    have = {e.id for e in raw} | {e.id for e in extra}
    for fix in [e for e in raw + extra if e.type == "correction" and "occurred_at" in e.payload["changes"]]:
        target = ledger.get_by_id(fix.payload["target"])
        if target is not None and target.id not in have and (as_of is None or target.recorded_at <= as_of):
            extra.append(target)
            have.add(target.id)
    facts = split_late(raw + extra, policy)
    counted = [e for e in facts.events if e.occurred_on <= horizon]
    return SiteFacts(counted, facts.late, facts.accepted, facts.changes)


def _facts_from_log(log: list[Event], horizon: str, policy: str) -> SiteFacts:
    """site_facts over a site's whole log held in memory (everything recorded): the same selection, no queries."""
    raw = [e for e in log if e.occurred_on <= horizon]
    extra = [e for e in log if e.type in _UNDATED and e.occurred_on > horizon]
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
    counted = [e for e in facts.events if e.occurred_on <= horizon]
    return SiteFacts(counted, facts.late, facts.accepted, facts.changes)


def fold(
    specs: Mapping[str, IndicatorSpec],
    facts: SiteFacts,
    period: Period,
    scheme: str,
    assessed_on: date | None = None,
) -> dict[str, IndicatorValue]:
    return compute(specs, facts.events, period, scheme=scheme, assessed_on=assessed_on)


# -- the stored projection ------------------------------------------------------------------------------


def _ensure(ledger: Ledger) -> None:
    db = ledger.db
    if not db[_TABLE].exists():
        db[_TABLE].create(
            {
                "scheme": str,
                "site": str,
                "period": str,
                "name": str,
                "value": str,
                "events": str,
                "detail": str,
            },
            pk=("scheme", "site", "period", "name"),
        )
    if not db[_CHECKPOINT].exists():
        db[_CHECKPOINT].create({"name": str, "seq": int}, pk="name")


def checkpoint(ledger: Ledger) -> int:
    _ensure(ledger)
    row = ledger.conn.execute(f"SELECT seq FROM {_CHECKPOINT} WHERE name = 'indicators'").fetchone()
    return row[0] if row else 0


def _encode(value: IndicatorValue) -> tuple[str | None, str, str]:
    return (
        None if value.value is None else str(value.value),
        json.dumps(list(value.events)),
        json.dumps(value.detail, ensure_ascii=False, default=str, sort_keys=True),
    )


def _decode(value: str | None, events: str, detail: str) -> IndicatorValue:
    return IndicatorValue(
        None if value is None else Decimal(value), tuple(json.loads(events)), json.loads(detail)
    )


def stored(ledger: Ledger, scheme: str, site: str, period: str) -> dict[str, IndicatorValue] | None:
    _ensure(ledger)
    rows = ledger.conn.execute(
        f"SELECT name, value, events, detail FROM {_TABLE} WHERE scheme = ? AND site = ? AND period = ?",
        (scheme, site, period),
    ).fetchall()
    if not rows:
        return None
    return {name: _decode(v, ev, d) for name, v, ev, d in rows}


def save(ledger: Ledger, scheme: str, site: str, period: str, values: Mapping[str, IndicatorValue]) -> None:
    _ensure(ledger)
    ledger.conn.executemany(
        f"INSERT OR REPLACE INTO {_TABLE} (scheme, site, period, name, value, events, detail) VALUES (?,?,?,?,?,?,?)",
        [(scheme, site, period, name, *_encode(v)) for name, v in values.items()],
    )


def _set_checkpoint(ledger: Ledger, seq: int) -> None:
    ledger.conn.execute(f"INSERT OR REPLACE INTO {_CHECKPOINT} (name, seq) VALUES ('indicators', ?)", (seq,))


Computer = Callable[[str, str, str], Mapping[str, IndicatorValue] | None]


def entries(ledger: Ledger) -> list[tuple[str, str, str]]:
    _ensure(ledger)
    return [tuple(r) for r in ledger.conn.execute(f"SELECT DISTINCT scheme, site, period FROM {_TABLE}")]  # type: ignore[misc]


def _site_marks(ledger: Ledger) -> dict[str, int]:
    """Per-site checkpoints: a site refreshed on its own is current up to its mark (beyond the global one)."""
    rows = ledger.conn.execute(f"SELECT name, seq FROM {_CHECKPOINT} WHERE name LIKE 'site:%'")
    return {name[5:]: seq for name, seq in rows}


def refresh(
    ledger: Ledger,
    recompute: Computer,
    wanted: Iterable[tuple[str, str, str]] = (),
    sites: Iterable[str] | None = None,
) -> int:
    """Bring stored values up to the ledger head: recompute entries of sites touched since the checkpoint.

    Returns the number of entries recomputed. `wanted` adds entries to keep (e.g. the one being scored).
    `sites` limits the work to those sites (an entry depends on its own site's events only): their entries are
    brought to the head and a per-site mark says so; other touched sites wait for their own turn. Once no
    touched site is left behind, the global checkpoint moves to the head and the marks are dropped.
    """
    _ensure(ledger)
    head, _ = ledger.head()
    since = checkpoint(ledger)
    marks = _site_marks(ledger)
    # A range on the primary key, grouped here: grouping in SQL makes SQLite scan the whole (site, date) index.
    last: dict[str, int] = {}
    for site, seq in ledger.conn.execute("SELECT site, seq FROM events WHERE seq > ?", (since,)):
        last[site] = seq
    touched = {site for site, seq in last.items() if seq > marks.get(site, since)}
    scope = touched if sites is None else touched & set(sites)
    behind = touched - scope
    present = set(entries(ledger))
    todo = {e for e in present if e[1] in scope} | {w for w in wanted if w not in present}
    if not todo and (since == head or (behind and not scope)):
        return 0
    with ledger.conn:
        ledger.conn.execute("BEGIN")
        for scheme, site, period in sorted(todo):
            values = recompute(scheme, site, period)
            ledger.conn.execute(
                f"DELETE FROM {_TABLE} WHERE scheme = ? AND site = ? AND period = ?", (scheme, site, period)
            )
            if values is not None:
                save(ledger, scheme, site, period, values)
        if behind:
            ledger.conn.executemany(f"INSERT OR REPLACE INTO {_CHECKPOINT} (name, seq) VALUES (?, ?)",
                                    [(f"site:{site}", head) for site in scope])  # fmt: skip
        else:
            _set_checkpoint(ledger, head)
            ledger.conn.execute(f"DELETE FROM {_CHECKPOINT} WHERE name LIKE 'site:%'")
    return len(todo)


def rebuild(ledger: Ledger, recompute: Computer, keys: Iterable[tuple[str, str, str]],
            progress: Callable[[int], None] | None = None) -> int:  # fmt: skip
    """Drop every stored value and recompute the given entries from zero."""
    _ensure(ledger)
    head, _ = ledger.head()
    n = 0
    with ledger.conn:
        ledger.conn.execute("BEGIN")
        ledger.conn.execute(f"DELETE FROM {_TABLE}")
        for scheme, site, period in keys:
            values = recompute(scheme, site, period)
            if values is not None:
                save(ledger, scheme, site, period, values)
            n += 1
            if progress:
                progress(n)
        _set_checkpoint(ledger, head)
        ledger.conn.execute(f"DELETE FROM {_CHECKPOINT} WHERE name LIKE 'site:%'")
    return n


def dump(ledger: Ledger) -> dict[tuple[str, str, str], dict[str, Any]]:
    """Every stored value, for comparing a refreshed projection with a rebuilt one."""
    _ensure(ledger)
    out: dict[tuple[str, str, str], dict[str, Any]] = {}
    for scheme, site, period, name, value, events, detail in ledger.conn.execute(f"SELECT * FROM {_TABLE}"):
        out.setdefault((scheme, site, period), {})[name] = (value, events, detail)
    return out


__all__ = ["horizon"]
