"""`opsledger verify --deep`: everything derived from the chains, recomputed and compared.

`verify` recomputes the hash chains and the signatures: the record itself. What is derived from the record and
kept beside it is checked here, because it can be edited without touching a hash:

* the projection cache: `score` serves an entry only while its checkpoint (site_seq and head hash) is the site's
  head, so a stale or misplaced entry is never served; but an entry whose values were changed in place (every
  indicator multiplied by 10, the checkpoint left as it was) would be. Each entry is folded again from the events
  up to its checkpoint and compared, indicator by indicator.
* every stored payload against the catalog and the ledger's bounds (ledger/limits.py), and every envelope's
  date and names: a row written behind the appender's back can carry values the appender refuses.
* the storage itself, page by page (SQLite's integrity_check: every b-tree, every index entry against its row).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from ledger import limits
from ledger.envelope import Event, normalise_occurred, validate_payload
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from ledger.store import CacheEntry, Head
from projections import cache
from projections.facts import contracts
from projections.periods import Period, PeriodError
from schemes.model import SchemeError, get_scheme
from schemes.service import Target, _to_store, fold_log

SHOW = 5  # problems listed before the count of the rest


def verify_deep(ledger: Ledger) -> list[str]:
    """The lines `verify --deep` prints; LedgerError naming the first problem (and how many there are)."""
    problems: list[str] = []
    checked_events = 0
    for e in ledger.events():
        checked_events += 1
        problem = event_problem(e)
        if problem:
            problems.append(problem)
    entries, skipped, cache_problems = check_cache(ledger)
    problems += cache_problems
    deep = getattr(ledger.store, "deep_problems", None)
    storage = deep() if deep is not None else []
    problems += storage
    if problems:
        more = f" (and {len(problems) - 1} more: {'; '.join(problems[1:SHOW])})" if len(problems) > 1 else ""
        raise LedgerError(f"verify --deep: {problems[0]}{more}")
    lines = [
        f"deep: {checked_events} payloads valid and within the ledger's bounds; {entries} cached projection "
        f"entr{'y' if entries == 1 else 'ies'} refolded, identical"
        + (
            f" ({skipped} folded under another version of a scheme file, never served, skipped)"
            if skipped
            else ""
        )
    ]
    if deep is not None:
        lines.append("deep: the database file's pages and indexes check out")
    return lines


def event_problem(e: Event) -> str | None:
    """Why a stored event could not have been appended as it is (None if it could)."""
    where = f"seq {e.seq} (site {e.site} #{e.site_seq})"
    try:
        if normalise_occurred(e.occurred_at) != e.occurred_at:
            return f"{where}: occurred_at {limits.quote(e.occurred_at)} is not in the ledger's form"
        limits.check_name(e.actor, "actor")
        limits.check_name(e.id, "id")
        if e.idempotency_key is not None:
            limits.check_name(e.idempotency_key, "idempotency_key")
        clean = validate_payload(e.type, e.payload)
    except LedgerError as err:
        return f"{where}: {err}"
    if e.type != "correction" and clean != e.payload:
        return (
            f"{where}: its payload is not what the catalog makes of it (written behind the appender's back)"
        )
    return None


def check_cache(ledger: Ledger) -> tuple[int, int, list[str]]:
    """Refold every cached entry at its checkpoint: (entries compared, entries skipped, problems)."""
    entries = ledger.store.cache_list()
    by_site: dict[str, list[CacheEntry]] = {}
    for entry in entries:
        by_site.setdefault(entry.site, []).append(entry)
    compared = skipped = 0
    problems: list[str] = []
    for site, site_entries in sorted(by_site.items()):
        log = list(ledger.events(site=site))
        by_site_seq = {e.site_seq: e for e in log}
        for entry in site_entries:
            name = f"cache entry {entry.scheme} {site} {entry.key.split('|', 1)[0]}"
            at = by_site_seq.get(entry.site_seq)
            if at is None or at.hash != entry.head_hash:
                problems.append(f"{name}: its checkpoint #{entry.site_seq} {entry.head_hash[:16]}… is not in the "
                                "chain of the site: no fold of this ledger wrote it")  # fmt: skip
                continue
            target, assessed_on, wrong = _target(ledger, entry)
            if wrong:
                problems.append(f"{name}: {wrong}: the cache was edited")
                continue
            if target is None:
                skipped += 1
                continue
            prefix = [e for e in log if e.seq <= at.seq]
            values, facts = fold_log(target, prefix, assessed_on)
            fresh = json.loads(
                cache.encode(_to_store(values, facts, Head(at.site_seq, at.hash, at.recorded_at, at.seq)))
            )
            try:
                stored = json.loads(entry.data)
            except ValueError:
                stored = None
            differs = _difference(stored, fresh)
            if differs:
                problems.append(f"{name} (folded at #{entry.site_seq}): {differs}: the cache was edited")
            compared += 1
    return compared, skipped, problems


def _target(ledger: Ledger, entry: CacheEntry) -> tuple[Target | None, date | None, str]:
    """The scheme and period an entry was folded for, from its key (service.projection_key), and a problem if
    the key is not one a fold writes. No target and no problem: folded under a scheme file that has changed
    since (its key's hash differs), an entry no score serves."""
    parts = entry.key.split("|")
    if len(parts) != 5:
        return None, None, "its key is not a projection key"
    label, start, end, assessed, digest = parts
    try:
        scheme = get_scheme(entry.scheme)
    except (SchemeError, LedgerError):
        return None, None, ""
    if scheme.sha256[:16] != digest:
        return None, None, ""
    try:
        first, last = date.fromisoformat(start), date.fromisoformat(end)
        assessed_on = date.fromisoformat(assessed) if assessed else None
    except ValueError:
        return None, None, "its key's dates are not dates"
    period = _period(ledger, entry.site, label)
    if period is None or (period.start, period.end) != (first, last):
        return None, None, f"its key names {label!r} from {start} to {end}, which is not that period"
    return Target(scheme, period, None, None), assessed_on, ""


def _period(ledger: Ledger, site: str, label: str) -> Period | None:
    """The period a label names: a calendar period, or a contract-relative one (Y1-Q2, C+6m) from one of the
    site's contracts."""
    try:
        return Period.parse(label)
    except PeriodError:
        pass
    for contract in contracts(ledger, site):
        try:
            return Period.parse_relative(label, contract.start)
        except PeriodError:
            return None
    return None


def _difference(stored: Any, fresh: dict[str, Any]) -> str:
    """'' if equal; else the first indicator that differs, with both values."""
    if not isinstance(stored, dict):
        return "its data is not a projection"
    for name in sorted(set(stored) | set(fresh)):
        if stored.get(name) != fresh.get(name):
            mine, theirs = _shown(stored.get(name)), _shown(fresh.get(name))
            return f"indicator {name} is {mine} in the cache, {theirs} refolded"
    return ""


def _shown(value: Any) -> str:
    if isinstance(value, list) and value:
        return str(value[0]) if value[0] is not None else "none"
    return "absent" if value is None else limits.quote(json.dumps(value, ensure_ascii=False), 40)
