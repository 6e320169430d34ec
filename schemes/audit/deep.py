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
from collections.abc import Mapping
from datetime import date
from typing import Any

from ledger import limits
from ledger.envelope import Event, normalise_occurred
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from ledger.messages import Message, msg
from ledger.payloads import validate_payload
from ledger.store import CacheEntry, Head
from projections import accumulate, cache
from projections.facts import contracts
from projections.indicators import IndicatorValue
from projections.parts import chunk_key, digest, list_chunk_tokens, part_key, part_tokens
from projections.periods import Period, PeriodError
from schemes.model import SchemeError, get_scheme
from schemes.stored import ACC, OLD_HEAD, fold_entry
from schemes.targets import Target

SHOW = 5  # problems listed before the count of the rest


def verify_deep(ledger: Ledger) -> list[str]:
    """The lines `verify --deep` prints; LedgerError naming the first problem (and how many there are)."""
    problems: list[str | Message] = []
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
        more = (
            msg("deep.more", n=len(problems) - 1, rest=_joined(problems[1:SHOW])) if len(problems) > 1 else ""
        )
        raise LedgerError(msg("deep.failed", problem=problems[0], more=more))
    said = msg("deep.skipped", skipped=skipped) if skipped else ""
    ok = "deep.ok_one" if entries == 1 else "deep.ok"
    lines = [str(msg(ok, n=checked_events, entries=entries, skipped=said))]
    if deep is not None:
        lines.append(str(msg("deep.pages_ok")))
    return lines


def _joined(problems: list[str | Message]) -> str | Message:
    """The problems as one value, separated by semicolons in the reader's language."""
    joined = problems[0]
    for problem in problems[1:]:
        joined = msg("deep.sep", a=joined, b=problem)
    return joined


def event_problem(e: Event) -> Message | None:
    """Why a stored event could not have been appended as it is (None if it could)."""
    where = msg("deep.where", seq=e.seq, site=e.site, site_seq=e.site_seq)
    try:
        if normalise_occurred(e.occurred_at) != e.occurred_at:
            return msg("deep.bad_occurred", where=where, value=limits.quote(e.occurred_at))
        limits.check_name(e.actor, "actor")
        limits.check_name(e.id, "id")
        if e.idempotency_key is not None:
            limits.check_name(e.idempotency_key, "idempotency_key")
        clean = validate_payload(e.type, e.payload)
    except LedgerError as err:
        return msg("deep.at", where=where, error=err)
    if e.type != "correction" and clean != e.payload:
        return msg("deep.payload_changed", where=where)
    return None


def check_cache(ledger: Ledger) -> tuple[int, int, list[str | Message]]:
    """Refold every cached entry at its checkpoint: (entries compared, entries skipped, problems)."""
    entries = ledger.store.cache_list()
    by_site: dict[str, list[CacheEntry]] = {}
    # An entry's parts (stable buckets) are checked with the entry.
    parts: dict[tuple[str, str, str], str] = {}
    for entry in entries:
        if "#" in entry.key:
            parts[entry.scheme, entry.site, entry.key] = entry.data
        else:
            by_site.setdefault(entry.site, []).append(entry)
    compared = skipped = 0
    problems: list[str | Message] = []
    for site, site_entries in sorted(by_site.items()):
        log = list(ledger.events(site=site))
        by_site_seq = {e.site_seq: e for e in log}
        for entry in site_entries:
            name = msg("deep.cache_name", scheme=entry.scheme, site=site, label=entry.key.split("|", 1)[0])
            at = by_site_seq.get(entry.site_seq)
            if at is None or at.hash != entry.head_hash:
                problems.append(
                    msg("deep.cache_not_in_chain", name=name, seq=entry.site_seq, hash=entry.head_hash[:16])
                )
                continue
            target, assessed_on, wrong = _target(ledger, entry)
            if wrong:
                problems.append(msg("deep.cache_edited", name=name, wrong=wrong))
                continue
            if target is None:
                skipped += 1
                continue
            prefix = [e for e in log if e.seq <= at.seq]
            _, _, entry_values = fold_entry(
                target, prefix, Head(at.site_seq, at.hash, at.recorded_at, at.seq), assessed_on
            )
            fresh = json.loads(cache.encode(entry_values))
            try:
                stored = json.loads(entry.data)
            except ValueError:
                stored = None
            if _earlier_format(stored):
                load = _row_loader(entry, parts)
                stored, fresh = (
                    _comparable(stored, target, load=load),
                    _comparable(fresh, target, entry_values),
                )
            differs = (_difference(stored, fresh) or _parts_differ(entry, stored, parts)
                       or _chunks_differ(entry, stored, parts))  # fmt: skip
            if differs:
                problems.append(msg("deep.cache_differs", name=name, seq=entry.site_seq, differs=differs))
            compared += 1
    return compared, skipped, problems


def _parts_differ(entry: CacheEntry, stored: Any, parts: dict[tuple[str, str, str], str]) -> Message | str:
    """'' if every part the entry names is stored with the text it was written with (its digest)."""
    inner = _acc_detail(stored).get("acc")
    if not isinstance(inner, dict):
        return ""
    for owner, field, i, token in part_tokens(inner):
        text = parts.get((entry.scheme, entry.site, part_key(entry.key, owner, field, i)))
        if text is None or digest(text) != token:
            return msg("deep.part_differs", part=f"{owner}.{field}.{i}")
    for owner, token in list_chunk_tokens(inner):
        text = parts.get((entry.scheme, entry.site, chunk_key(entry.key, owner, token)))
        if text is None or digest(text) != token:
            return msg("deep.list_chunk_differs", name=owner, chunk=token)
    return ""


def _chunks_differ(entry: CacheEntry, stored: Any, rows: dict[tuple[str, str, str], str]) -> Message | str:
    """'' if every sealed chunk of a seq list the entry names is stored with the text it was written with."""
    if not isinstance(stored, dict):
        return ""
    for name, item in sorted(stored.items()):
        if not (isinstance(item, list) and len(item) == 3 and isinstance(item[1], str)):
            continue
        try:
            sealed = cache.SeqText.parse(item[1]).sealed
        except LookupError:
            continue  # not a seq list as this code writes it: the comparison with the fold has said so
        for token in sealed:
            text = rows.get((entry.scheme, entry.site, chunk_key(entry.key, name, token)))
            if text is None or digest(text) != token:
                return msg("deep.chunk_differs", name=name, chunk=token)
    return ""


def _target(ledger: Ledger, entry: CacheEntry) -> tuple[Target | None, date | None, Message | str]:
    """The scheme and period an entry was folded for, from its key (service.projection_key), and a problem if
    the key is not one a fold writes. No target and no problem: folded under a scheme file that has changed
    since (its key's hash differs), an entry no score serves."""
    parts = entry.key.split("|")
    if len(parts) != 5:
        return None, None, msg("deep.key_not_projection")
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
        return None, None, msg("deep.key_dates")
    period = _period(ledger, entry.site, label)
    if period is None or (period.start, period.end) != (first, last):
        return None, None, msg("deep.key_period", label=repr(label), start=start, end=end)
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


def _acc_detail(stored: Any) -> dict[str, Any]:
    """The accumulators' detail of a stored entry (decoded JSON), {} when it has none in that shape."""
    acc = stored.get(ACC) if isinstance(stored, dict) else None
    return acc[2] if isinstance(acc, list) and len(acc) == 3 and isinstance(acc[2], dict) else {}


def _earlier_format(stored: Any) -> bool:
    """An entry stored by earlier code (seqs as JSON lists, accumulators of an earlier version): its values are
    still served, and a refresh folds it afresh, so it is compared by its values, not by its bytes."""
    if not isinstance(stored, dict):
        return False
    version = _acc_detail(stored).get("v")
    return version != accumulate.VERSION or any(isinstance(v, list) and len(v) == 3 and isinstance(v[1], list)
                                                for v in stored.values())  # fmt: skip


def _row_loader(entry: CacheEntry, rows: dict[tuple[str, str, str], str]) -> cache.ChunkLoad:
    """An entry's sealed seq chunks, read from the cache rows listed."""
    return lambda name, token: rows.get((entry.scheme, entry.site, chunk_key(entry.key, name, token)))


def _comparable(
    entry: Any,
    target: Target,
    values: Mapping[str, IndicatorValue] | None = None,
    load: cache.ChunkLoad | None = None,
) -> Any:
    """An entry's indicators as values, seq lists and details: no accumulators, no derived indicators (earlier
    code stored them; they are worked out when an entry is read), no head (earlier code kept its checkpoint's
    global seq in the data, `stored.OLD_HEAD`). A long seq list's sealed chunks are not in the entry's JSON:
    they are taken from `values` (the entry's values as folded) or read through `load`."""
    if not isinstance(entry, dict):
        return entry
    out: dict[str, Any] = {}
    for name, item in entry.items():
        spec = target.scheme.indicators.get(name)
        if name in (ACC, OLD_HEAD) or (spec is not None and spec.derived):
            continue
        if isinstance(item, list) and len(item) == 3 and isinstance(item[1], str):
            if values is not None and name in values:
                item = [item[0], list(values[name].events), item[2]]
            else:
                try:
                    item = [item[0], cache.SeqText.parse(item[1], load, name).tolist(), item[2]]
                except LookupError:
                    pass  # left as it is: it differs
        out[name] = item
    return out


def _difference(stored: Any, fresh: dict[str, Any]) -> Message | str:
    """'' if equal; else the first indicator that differs, with both values."""
    if not isinstance(stored, dict):
        return msg("deep.not_projection")
    for name in sorted(set(stored) | set(fresh)):
        if stored.get(name) != fresh.get(name):
            mine, theirs = _shown(stored.get(name)), _shown(fresh.get(name))
            return msg("deep.indicator_differs", name=name, mine=mine, theirs=theirs)
    return ""


def _shown(value: Any) -> str | Message:
    if isinstance(value, list) and value:
        return str(value[0]) if value[0] is not None else msg("deep.none")
    return msg("deep.absent") if value is None else limits.quote(json.dumps(value, ensure_ascii=False), 40)
