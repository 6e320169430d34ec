"""The projection cache: indicator values folded for a (scheme, site, period key), kept in the store with the
site head they were folded at.

An entry is served only while its site's chain still ends at that head (same site_seq and hash); anything else,
an entry of a site that moved on, a checkpoint past the head, or a head whose hash differs after a rewrite, is
folded afresh. Saving is best-effort: a read-only ledger or a busy writer leaves the cache as it was and the
reader still gets its fresh fold.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from itertools import accumulate
from typing import Any

from ledger.store import CacheEntry, Head
from projections.indicators import IndicatorValue
from projections.parts import Parts, part_key, part_rows

Values = dict[str, IndicatorValue]


class SeqText:
    """A value's event seqs (sorted) as an entry stores them: one JSON string, "N:LAST:D1,D2,...", the count, the
    last seq and the differences from one seq to the next (the first from zero).

    What a refresh does to most lists is append the new events' seqs, all after the last one: with the count and
    the last seq at the front, that is text appended, and a list is neither parsed nor written number by number
    (it was: every entry a refresh updated decoded and re-encoded every seq its period had counted, so its cost
    grew with the log; issue 15). The text of a list is the same whichever way it was built, so an entry brought
    current stores the very bytes a fold stores."""

    __slots__ = ("body", "last", "n")

    def __init__(self, n: int = 0, last: int = 0, body: str = "") -> None:
        self.n, self.last, self.body = n, last, body

    @classmethod
    def of(cls, seqs: Sequence[int]) -> SeqText:
        if not seqs:
            return cls()
        return cls(len(seqs), seqs[-1], _deltas(0, seqs))

    @classmethod
    def parse(cls, text: str) -> SeqText:
        if not text:
            return cls()
        n, last, body = text.split(":", 2)
        return cls(int(n), int(last), body)

    def text(self) -> str:
        return f"{self.n}:{self.last}:{self.body}" if self.n else ""

    def extended(self, more: Sequence[int]) -> SeqText:
        """These seqs appended (sorted, none before the last: the caller checks)."""
        if not more:
            return self
        if not self.n:
            return SeqText.of(more)
        return SeqText(self.n + len(more), more[-1], f"{self.body},{_deltas(self.last, more)}")

    def tolist(self) -> list[int]:
        return list(accumulate(map(int, self.body.split(",")))) if self.n else []

    def __len__(self) -> int:
        return self.n

    def __iter__(self) -> Iterator[int]:
        return iter(self.tolist())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SeqText):
            return (self.n, self.last, self.body) == (other.n, other.last, other.body)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.n, self.last, self.body))

    def __repr__(self) -> str:
        return f"SeqText({self.text()!r})"


def _deltas(last: int, seqs: Sequence[int]) -> str:
    return ",".join(str(b - a) for a, b in zip((last, *seqs), seqs, strict=False))


def _default(value: Any) -> Any:
    if isinstance(value, Parts):
        return value.to_json()
    return str(value)


def _events_text(events: Any) -> str:
    return (events if isinstance(events, SeqText) else SeqText.of(tuple(events))).text()


def encode(values: Mapping[str, IndicatorValue]) -> str:
    return json.dumps(
        {name: [None if v.value is None else str(v.value), _events_text(v.events), v.detail]
         for name, v in values.items()},
        ensure_ascii=False, default=_default, sort_keys=True,
    )  # fmt: skip


def _events_of(raw: Any, lazy: bool) -> Any:
    """Stored events: the text (or, in an entry stored before it, a JSON list) as a tuple, or kept as text."""
    if isinstance(raw, str):
        text = SeqText.parse(raw)
        return text if lazy else tuple(text.tolist())
    if not isinstance(raw, list):
        raise TypeError(raw)
    return SeqText.of(raw) if lazy else tuple(raw)


def decode(data: str, lazy: bool = False) -> Values:
    """An entry's values; `lazy`: each value's events left as their SeqText (what a refresh appends to), else a
    tuple of seqs, as the fold gives them."""
    raw: dict[str, list[Any]] = json.loads(data)
    return {
        name: IndicatorValue(None if value is None else Decimal(value), _events_of(events, lazy), detail)
        for name, (value, events, detail) in raw.items()
    }


def plain(values: Mapping[str, IndicatorValue]) -> Values:
    """Values with every SeqText made a tuple of seqs (what scoring reads)."""
    return {
        name: IndicatorValue(v.value, tuple(v.events.tolist()), v.detail)
        if isinstance(v.events, SeqText)
        else v
        for name, v in values.items()
    }


def values_of(entry: CacheEntry, lazy: bool = False) -> Values | None:
    """An entry's values (`decode`); None when its data cannot be read."""
    try:
        return decode(entry.data, lazy)
    except (ValueError, TypeError, KeyError, ArithmeticError):
        return None  # a damaged entry is folded afresh, never served


def rows(
    scheme: str,
    site: str,
    key: str,
    head: Head,
    values: Mapping[str, IndicatorValue],
    acc: Mapping[str, Any] | None = None,
) -> list[CacheEntry]:
    """The rows that store an entry: its own, and those of the parts its accumulators `acc` changed (`Parts`).
    Raises LookupError when a part to be written cannot be read back (the entry must be folded afresh)."""
    out = [CacheEntry(scheme, site, key, head.site_seq, head.hash, encode(values))]
    if acc:
        out.extend(CacheEntry(scheme, site, part_key(key, owner, field, i), head.site_seq, head.hash, text)
                   for owner, field, i, text in part_rows(acc))  # fmt: skip
    return out
