"""A stable count's people in the order they first started (`StartList`): [occurred_at, seq] items a refresh
appends to, with the part of a long list that no longer changes sealed in chunks, each kept in a cache row of
its own (issue 15).

Wujiang's placed and stable workers, trainees and interns (seed 004, 二.1 and 二.2) keep two such lists per
indicator: the people first started in the year, and those of them stable. Kept whole in the entry, they were a
quarter of the bytes every refresh decoded, encoded and wrote at a million events, and they grow with the
year's people. Now the entry keeps a list's open chunk (the items after its last boundary) and the digests of the
chunks before it, as `projections/seqlists.py` does for a value's seqs, and cut the same way (content-defined, on
each item's seq), so a list built by appending is stored as the very bytes a fold of it stores.

An item's text is its JSON with the two quote characters swapped (`swapped_json`): nothing in it is escaped when
the entry's JSON holds it, so reading it back is a C translation and json.loads.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from projections.parts import digest
from projections.seqlists import Chunked, Load, cuts, sealed_of, split

# Items are 20-odd characters where a seq's difference is 3 or 4, so a list's chunks are shorter than a seq
# list's: about 48 items, the open chunk about 700 characters on average. Read at call time (tests set them small).
ITEM_CHUNK_MIN = 16
ITEM_CHUNK_MASK = 31

_SWAP = str.maketrans("\"'", "'\"")


def swapped_json(data: Any) -> str:
    """`data`'s canonical JSON with " and ' swapped: a bijection, so swapping again gives the JSON back."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).translate(_SWAP)


def unswapped(text: str) -> Any:
    return json.loads(text.translate(_SWAP))


def _item_text(item: Sequence[Any]) -> str:
    return swapped_json(list(item))


class StartList(Chunked):
    """[occurred_at, seq] items, sorted, as an entry stores them: "N:BODY", or "N:@D1+D2@BODY" when the list has
    sealed chunks (their digests in list order), where BODY is the open chunk's items' texts joined by commas; a
    sealed chunk's text is its items' texts joined the same way. An entry's JSON holds it as {"l": text}.

    `extended` appends items after the last (a new starter: most of what a refresh does to a list), writing the
    open chunk and the chunks it seals only. Anything else reads the whole list (`tolist`) and the caller makes a
    new one from it (`of`): its chunks that were stored already (`known`, the digests of the list as it was read)
    are not written again. A chunk that is missing, or is not the text the entry was written with, raises
    LookupError: the entry is folded afresh."""

    __slots__ = ("_raw", "body", "known", "load", "n", "owner", "sealed", "texts")

    def __init__(
        self,
        n: int = 0,
        body: str = "",
        sealed: tuple[str, ...] = (),
        texts: dict[str, str] | None = None,
        load: Load | None = None,
        owner: str = "",
        known: frozenset[str] = frozenset(),
    ) -> None:
        self._raw: str | None = None
        self.n, self.body, self.sealed, self.texts = n, body, sealed, texts
        self.load, self.owner, self.known = load, owner, known

    @classmethod
    def of(
        cls, items: Sequence[Sequence[Any]], known: frozenset[str] = frozenset(), owner: str = ""
    ) -> StartList:
        """The list of these (sorted) items; `known`: digests of chunks already stored under `owner`."""
        if not items:
            return cls(known=known, owner=owner)
        texts = [_item_text(item) for item in items]
        chunks, body = split("", texts, cuts([item[1] for item in items], 0, ITEM_CHUNK_MIN, ITEM_CHUNK_MASK))
        sealed = tuple(digest(text) for text in chunks)
        return cls(len(items), body, sealed, dict(zip(sealed, chunks, strict=True)), None, owner, known)

    @classmethod
    def parse(cls, text: str, load: Load | None = None, owner: str = "") -> StartList:
        """A list as an entry stores it, its chunks read through `load` under `owner` (the indicator and the
        list: "workers_placed.st"); it is stored again as the same text unless it changes. A text that is not
        one raises LookupError."""
        try:
            count, body = text.split(":", 1)
            n = int(count)
            sealed, body = sealed_of(body)
        except ValueError:
            raise LookupError(f"not a start list: {text[:40]!r}") from None
        obj = cls(n, body, sealed, None, load, owner, frozenset(sealed))
        obj._raw = text
        return obj

    def text(self) -> str:
        if self._raw is not None:
            return self._raw
        if self.sealed:
            return f"{self.n}:@{'+'.join(self.sealed)}@{self.body}"
        return f"{self.n}:{self.body}"

    def to_json(self) -> dict[str, str]:
        return {"l": self.text()}

    def last(self) -> list[Any] | None:
        """The last item, read from the end of the open chunk (or of the last sealed chunk when the open one is
        empty); None when the list is empty."""
        tail = self.body or (self.chunk(self.sealed[-1]) if self.sealed else "")
        return unswapped(tail[tail.rindex("[") :]) if tail else None

    def extended(self, items: Sequence[Sequence[Any]]) -> StartList:
        """These items appended after the last (the caller checks they sort after it); the chunks that close are
        sealed where a fold of the whole list would close them."""
        if not items:
            return self
        held = self.body.count("[")  # an item's text is a JSON array of a date and a seq: one "[" each
        texts = [_item_text(item) for item in items]
        chunks, body = split(
            self.body, texts, cuts([item[1] for item in items], held, ITEM_CHUNK_MIN, ITEM_CHUNK_MASK)
        )
        sealed = tuple(digest(text) for text in chunks)
        return StartList(self.n + len(items), body, self.sealed + sealed,
                         {**(self.texts or {}), **dict(zip(sealed, chunks, strict=True))}, self.load, self.owner,
                         self.known)  # fmt: skip

    def tolist(self) -> list[list[Any]]:
        pieces = [self.chunk(key) for key in self.sealed]
        if self.body:
            pieces.append(self.body)
        items = unswapped(f"[{','.join(pieces)}]")
        if len(items) != self.n:
            raise LookupError(f"start list of {self.owner} does not match its count")
        return items

    def new_chunks(self, owner: str) -> list[tuple[str, str]]:
        """(digest, text) of the sealed chunks to write when the list is stored under `owner`: those not stored
        there already. A chunk neither stored nor made here raises LookupError (fold afresh)."""
        if self._raw is not None and owner == self.owner:
            return []  # as it was read: the entry that names its chunks was stored with them
        stored = self.known if owner == self.owner else frozenset()
        out: list[tuple[str, str]] = []
        for key in dict.fromkeys(self.sealed):
            if key not in stored:
                out.append((key, self.chunk(key)))
        return out

    def __len__(self) -> int:
        return self.n

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StartList):
            return (self.n, self.sealed, self.body) == (other.n, other.sealed, other.body)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.n, self.sealed, self.body))

    def __repr__(self) -> str:
        return f"StartList({self.text()[:60]!r})"
