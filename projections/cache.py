"""The projection cache: indicator values folded for a (scheme, site, period key), kept in the store with the
site head they were folded at.

An entry is served only while its site's chain still ends at that head (same site_seq and hash); anything else,
an entry of a site that moved on, a checkpoint past the head, or a head whose hash differs after a rewrite, is
folded afresh. Saving is best-effort: a read-only ledger or a busy writer leaves the cache as it was and the
reader still gets its fresh fold.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ledger.errors import LedgerError
from ledger.store import CacheEntry, EventStore, Head
from projections.indicators import IndicatorValue

Values = dict[str, IndicatorValue]


def encode(values: Mapping[str, IndicatorValue]) -> str:
    return json.dumps(
        {name: [None if v.value is None else str(v.value), list(v.events), v.detail] for name, v in values.items()},
        ensure_ascii=False, default=str, sort_keys=True,
    )  # fmt: skip


def decode(data: str) -> Values:
    raw: dict[str, list[Any]] = json.loads(data)
    return {
        name: IndicatorValue(None if value is None else Decimal(value), tuple(events), detail)
        for name, (value, events, detail) in raw.items()
    }


def get(store: EventStore, scheme: str, site: str, key: str, head: Head) -> Values | None:
    """The cached values if they were folded at exactly this head, else None."""
    try:
        entry = store.cache_get(scheme, site, key)
    except LedgerError:
        return None  # a damaged cache page: the cache is not the record, fold afresh
    if entry is None or (entry.site_seq, entry.head_hash) != (head.site_seq, head.hash):
        return None
    return values_of(entry)


def values_of(entry: CacheEntry) -> Values | None:
    """An entry's values; None when its data cannot be read."""
    try:
        return decode(entry.data)
    except (ValueError, TypeError, KeyError, ArithmeticError):
        return None  # a damaged entry is folded afresh, never served


def put(
    store: EventStore, scheme: str, site: str, key: str, head: Head, values: Mapping[str, IndicatorValue]
) -> bool:
    return store.cache_put([CacheEntry(scheme, site, key, head.site_seq, head.hash, encode(values))])
