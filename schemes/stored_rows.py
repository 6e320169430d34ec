"""An entry's rows beyond its own, read back from the store: the parts its accumulators keep apart (a stable
count's buckets, projections/parts.py, and its start lists' sealed chunks, projections/startlists.py) and the
sealed chunks of its seq lists (projections/seqlists.py). Each is checked against the digest the entry keeps by
the code that reads it; here they are only fetched."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ledger.errors import LedgerError
from ledger.ledger import Ledger
from projections import parts
from projections.indicators import IndicatorValue
from projections.seqlists import SeqText
from schemes.targets import Target


def row_text(ledger: Ledger, scheme: str, site: str) -> Callable[[str], str | None]:
    """Reads a cache row's text by key (an entry's part or chunk); None when it is missing or cannot be read."""

    def read(key: str) -> str | None:
        try:
            entry = ledger.store.cache_get(scheme, site, key)
        except LedgerError:
            return None  # a damaged page: the digest check fails and the entry is folded afresh
        return None if entry is None else entry.data

    return read


class Chunks:
    """An entry's sealed seq chunks, read from their rows: those of every list it serves in one query (`fetch`:
    a site-quarter at a million events names dozens, each a round trip on PostgreSQL), any other one by one (a
    `projections.cache.ChunkLoad`)."""

    def __init__(self, ledger: Ledger, scheme: str, site: str, key: str) -> None:
        self.ledger, self.scheme, self.site, self.key = ledger, scheme, site, key
        self.read = row_text(ledger, scheme, site)
        self.texts: dict[str, str] = {}

    def __call__(self, owner: str, token: str) -> str | None:
        key = parts.chunk_key(self.key, owner, token)
        text = self.texts.get(key)
        return text if text is not None else self.read(key)

    def fetch(self, values: Mapping[str, IndicatorValue]) -> None:
        keys = [parts.chunk_key(self.key, name, token) for name, v in values.items()
                if isinstance(v.events, SeqText) for token in v.events.sealed
                if token not in (v.events.texts or ())]  # fmt: skip
        if keys:
            try:
                self.texts.update(self.ledger.store.cache_texts(self.scheme, self.site, keys))
            except LedgerError:
                pass  # a damaged page: read one by one, and the digest check decides


def attach_parts(ledger: Ledger, scheme: str, site: str, key: str, acc: dict[str, Any]) -> None:
    """An entry's stored parts lists and start lists (its accumulators `acc`, as decoded) made readable from
    their rows."""
    read = row_text(ledger, scheme, site)
    parts.attach_parts(acc, lambda owner, field, index: read(parts.part_key(key, owner, field, index)),
                       lambda owner, token: read(parts.chunk_key(key, owner, token)))  # fmt: skip


def stamps(
    ledger: Ledger, site: str, entries: list[tuple[str, Target]]
) -> dict[tuple[str, str], tuple[int, str]]:
    """(scheme, key) -> the checkpoint of each of the site's stored entries, read without their data."""
    keys: dict[str, list[str]] = {}
    for key, target in entries:
        keys.setdefault(target.scheme.id, []).append(key)
    try:
        return {(scheme, key): stamp for scheme, ks in keys.items()
                for key, stamp in ledger.store.cache_stamps(scheme, site, ks).items()}  # fmt: skip
    except LedgerError:
        return {}  # a damaged cache page: each entry goes the long way (and is folded afresh)
