"""Reading a site's facts out of the ledger, and keeping computed indicator values in the same SQLite file.

The stored values are a cache of the pure fold in `projections.indicators.compute`, with a checkpoint (the
last sequence number folded). `refresh` recomputes only the (site, period) entries touched by newer events;
`rebuild` recomputes everything from zero. Both must agree with a fresh fold: a property test checks it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
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


def as_of_text(as_of: str | None) -> str | None:
    """A user's --as-of value as the ledger's recorded_at form (None = now, everything recorded)."""
    return format_instant(parse_instant(as_of)) if as_of else None


def contracts(ledger: Ledger, site: str, as_of: str | None = None) -> list[Contract]:
    view = current_view(ledger.events(site=site, types=["contract_signed", "correction", "retraction"], as_of=as_of))
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
    return [Closure(Period.parse(e.payload["period"]), e.recorded_at, e.seq) for e in events if e.type == "period_closed"]


def split_late(view: list[Event], raw: Iterable[Event], policy: str) -> SiteFacts:
    """Flag events recorded after an assessor closed the period they occurred in.

    Late events are listed separately; under the "exclude" policy they count only once an assessor accepts
    them (late_event_accepted). Ledger-administration events (closes, sign-offs, roles) are never late.
    """
    raw = list(raw)
    closes = closures(raw)
    accepted = frozenset(e.payload["target"] for e in raw if e.type == "late_event_accepted")
    if not closes:
        return SiteFacts(view, [], accepted)
    admin = {"period_closed", "score_signed_off", "actor_role_granted", "assessor_key_registered", "site_registered"}
    counted, late = [], []
    for e in view:
        is_late = e.type not in admin and any(
            c.period.contains(e.occurred_on) and e.recorded_at > c.recorded_at for c in closes
        )
        # A correction recorded after the close also makes its target late, as the view now differs.
        if not is_late and e.amended_by:
            amended_at = {r.seq: r.recorded_at for r in raw if r.seq in e.amended_by}
            is_late = any(
                c.period.contains(e.occurred_on) and t > c.recorded_at for c in closes for t in amended_at.values()
            )
        if is_late:
            late.append(e)
            if policy == "include" or e.id in accepted:
                counted.append(e)
        else:
            counted.append(e)
    return SiteFacts(counted, late, accepted)


def site_facts(ledger: Ledger, site: str, until: date, as_of: str | None = None, policy: str = "exclude") -> SiteFacts:
    """A site's live events that occurred up to `until`, as recorded by `as_of`."""
    raw = list(ledger.events(site=site, end=until.isoformat(), as_of=as_of))
    extra = [e for e in ledger.events(site=site, types=["period_closed", "late_event_accepted"], as_of=as_of)
             if e.occurred_on > until.isoformat()]  # fmt: skip
    raw_all = raw + extra
    return split_late(current_view(raw), raw_all, policy)


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
            {"scheme": str, "site": str, "period": str, "name": str, "value": str, "events": str, "detail": str},
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
    return IndicatorValue(None if value is None else Decimal(value), tuple(json.loads(events)), json.loads(detail))


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


def refresh(ledger: Ledger, recompute: Computer, wanted: Iterable[tuple[str, str, str]] = ()) -> int:
    """Bring stored values up to the ledger head: recompute entries of sites touched since the checkpoint.

    Returns the number of entries recomputed. `wanted` adds entries to keep (e.g. the one being scored).
    """
    _ensure(ledger)
    head, _ = ledger.head()
    since = checkpoint(ledger)
    touched = {r[0] for r in ledger.conn.execute("SELECT DISTINCT site FROM events WHERE seq > ?", (since,))}
    present = set(entries(ledger))
    todo = {e for e in present if e[1] in touched} | {w for w in wanted if w not in present}
    if not todo and since == head:
        return 0
    with ledger.conn:
        ledger.conn.execute("BEGIN")
        for scheme, site, period in sorted(todo):
            values = recompute(scheme, site, period)
            ledger.conn.execute(f"DELETE FROM {_TABLE} WHERE scheme = ? AND site = ? AND period = ?", (scheme, site, period))
            if values is not None:
                save(ledger, scheme, site, period, values)
        _set_checkpoint(ledger, head)
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
    return n


def dump(ledger: Ledger) -> dict[tuple[str, str, str], dict[str, Any]]:
    """Every stored value, for comparing a refreshed projection with a rebuilt one."""
    _ensure(ledger)
    out: dict[tuple[str, str, str], dict[str, Any]] = {}
    for scheme, site, period, name, value, events, detail in ledger.conn.execute(f"SELECT * FROM {_TABLE}"):
        out.setdefault((scheme, site, period), {})[name] = (value, events, detail)
    return out


__all__ = ["horizon"]
