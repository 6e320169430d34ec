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

from ledger.store import CacheEntry, Head
from projections.indicators import IndicatorValue
from projections.parts import ChunkLoad, Parts, chunk_key, list_chunk_rows, part_key, part_rows
from projections.seqlists import SeqText
from projections.startlists import StartList

Values = dict[str, IndicatorValue]


def _default(value: Any) -> Any:
    if isinstance(value, Parts | StartList):
        return value.to_json()
    return str(value)


def _seqtext(events: Any) -> SeqText:
    return events if isinstance(events, SeqText) else SeqText.of(tuple(events))


def _encode(values: Mapping[str, IndicatorValue], texts: Mapping[str, SeqText]) -> str:
    return json.dumps(
        {name: [None if v.value is None else str(v.value), texts[name].text(), v.detail]
         for name, v in values.items()},
        ensure_ascii=False, default=_default, sort_keys=True,
    )  # fmt: skip


def encode(values: Mapping[str, IndicatorValue]) -> str:
    """An entry's JSON text (its long seq lists' sealed chunks named by digest: `rows` writes them)."""
    return _encode(values, seqtexts(values))


def _events_of(raw: Any, lazy: bool, load: ChunkLoad | None, name: str) -> Any:
    """Stored events: the text (or, in an entry stored before it, a JSON list) as a tuple, or kept as text."""
    if isinstance(raw, str):
        text = SeqText.parse(raw, load, name)
        return text if lazy else tuple(text.tolist())
    if not isinstance(raw, list):
        raise TypeError(raw)
    return SeqText.of(raw) if lazy else tuple(raw)


def decode(data: str, lazy: bool = False, load: ChunkLoad | None = None) -> Values:
    """An entry's values; `lazy`: each value's events left as their SeqText (what a refresh appends to, its
    sealed chunks read through `load` when needed), else a tuple of seqs, as the fold gives them (LookupError:
    a sealed chunk cannot be read as it was written)."""
    raw: dict[str, list[Any]] = json.loads(data)
    return {
        name: IndicatorValue(
            None if value is None else Decimal(value), _events_of(events, lazy, load, name), detail
        )
        for name, (value, events, detail) in raw.items()
    }


def plain(values: Mapping[str, IndicatorValue]) -> Values:
    """Values with every SeqText made a tuple of seqs (what scoring reads). LookupError: a sealed chunk cannot be
    read as it was written (the entry must be folded afresh)."""
    return {
        name: IndicatorValue(v.value, tuple(v.events.tolist()), v.detail)
        if isinstance(v.events, SeqText)
        else v
        for name, v in values.items()
    }


def values_of(entry: CacheEntry, lazy: bool = False, load: ChunkLoad | None = None) -> Values | None:
    """An entry's values (`decode`); None when its data cannot be read."""
    try:
        return decode(entry.data, lazy, load)
    except (ValueError, TypeError, LookupError, ArithmeticError):
        return None  # a damaged entry (or a sealed chunk of it) is folded afresh, never served


def seq_chunks(
    texts: Mapping[str, SeqText], read: Mapping[str, IndicatorValue] | None = None
) -> list[tuple[str, str, str]]:
    """(indicator, digest, text) of the sealed chunks of these seq lists that the entry as it was read (`read`:
    its values) did not name already: the chunk rows to write. A list stored as it was read names none.
    LookupError: a chunk neither stored nor made here."""
    out: list[tuple[str, str, str]] = []
    for name, text in texts.items():
        if text.as_read() or not text.sealed:
            continue
        old = None if read is None else read.get(name)
        named = old.events.sealed if old is not None and isinstance(old.events, SeqText) else ()
        out.extend((name, token, chunk) for token, chunk in text.new_chunks(frozenset(named)))
    return out


def seqtexts(values: Mapping[str, IndicatorValue]) -> dict[str, SeqText]:
    """Each value's seq list as an entry stores it."""
    return {name: _seqtext(v.events) for name, v in values.items()}


def rows(
    scheme: str,
    site: str,
    key: str,
    head: Head,
    values: Mapping[str, IndicatorValue],
    acc: Mapping[str, Any] | None = None,
    read: Mapping[str, IndicatorValue] | None = None,
) -> list[CacheEntry]:
    """The rows that store an entry: its own; those of its seq lists' sealed chunks the entry as it was read
    (`read`, its values) did not name (`seq_chunks`); and those of the parts its accumulators `acc` changed
    (`Parts`) and of the start list chunks they sealed (`StartList`). Raises LookupError when a chunk or part to
    be written cannot be read back (the entry must be folded afresh)."""
    texts = seqtexts(values)
    out = [CacheEntry(scheme, site, key, head.site_seq, head.hash, _encode(values, texts))]
    out.extend(CacheEntry(scheme, site, chunk_key(key, name, token), head.site_seq, head.hash, chunk)
               for name, token, chunk in seq_chunks(texts, read))  # fmt: skip
    if acc:
        out.extend(CacheEntry(scheme, site, part_key(key, owner, field, i), head.site_seq, head.hash, text)
                   for owner, field, i, text in part_rows(acc))  # fmt: skip
        out.extend(CacheEntry(scheme, site, chunk_key(key, owner, token), head.site_seq, head.hash, text)
                   for owner, token, text in list_chunk_rows(acc))  # fmt: skip
    return out
