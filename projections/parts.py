"""Texts an entry keeps in cache rows of their own (a stable count's buckets, and the sealed chunks of its start
lists): the entry holds a digest of each, a refresh reads and writes only the texts its events touch (issue 15).
The rows' keys and the digests are this module's; the store only sees cache rows."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

# A Parts' texts are read through a loader: (owner, field, index) -> the text stored for it, or None.
Load = Callable[[str, str, int], "str | None"]
# A sealed chunk (of a seq list or a start list) is read through a loader: (owner, digest) -> its text, or None.
ChunkLoad = Callable[[str, str], "str | None"]


def digest(text: str) -> str:
    """What an entry keeps of a part's text: enough to tell the text the entry was written with from any other
    (a part row edited, or overwritten by another writer's refresh, is found and the entry folded afresh). 64
    bits in unpadded URL-safe base64, 11 characters (hex took 16: an entry names hundreds of parts and chunks);
    its alphabet holds none of the separators the lists use (",", "+", "@", ":")."""
    raw = hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
    return base64.urlsafe_b64encode(raw)[:11].decode()


class Parts:
    """A list of texts (a stable count's buckets) an entry keeps in cache rows of its own, one row per text:
    the entry's JSON holds only their digests, joined by commas (`{"#": "digest,,digest,...", "e": empty text}`,
    an empty text's digest left out).

    Kept inside the entry, every text was read, decoded, encoded and written again on every refresh that touched
    any of them, so at a million events most of a refresh went on Wujiang's people (issue 15). Kept apart, a
    refresh reads the rows of the texts its events name (`__getitem__`, checked against the digest: a text that
    is missing or is not the one the entry was written with raises LookupError, and the entry is folded afresh)
    and writes the rows of the texts it changed (`rows`). The digests are one string in the entry, split only
    when a refresh opens the list: most refreshes of an entry leave most of its lists alone.

    `origin` is the owner (the indicator whose accumulator holds the list) the rows were read from; `changed`,
    the texts replaced since."""

    __slots__ = ("_changed", "_joined", "_load", "_texts", "_tokens", "empty", "origin")

    def __init__(
        self,
        tokens: Sequence[str] | str,
        empty: str,
        load: Callable[[int], str | None] | None = None,
        origin: str | None = None,
        texts: Mapping[int, str] | None = None,
        changed: frozenset[int] = frozenset(),
    ) -> None:
        if isinstance(tokens, str):
            self._joined: str | None = tokens
            self._tokens: list[str] | None = None
        else:
            self._joined, self._tokens = None, list(tokens)
        self.empty, self.origin = empty, origin
        self._load, self._texts, self._changed = load, dict(texts or {}), changed

    @property
    def tokens(self) -> list[str]:
        if self._tokens is None:
            self._tokens = (self._joined or "").split(",")
        return self._tokens

    def joined(self) -> str:
        if self._joined is None:
            self._joined = ",".join(self.tokens)
        return self._joined

    @classmethod
    def blank(cls, n: int, empty: str) -> Parts:
        return cls([""] * n, empty)

    def __len__(self) -> int:
        if self._tokens is None:
            return (self._joined or "").count(",") + 1
        return len(self._tokens)

    def __getitem__(self, i: int) -> str:
        text = self._texts.get(i)
        if text is None:
            token = self.tokens[i]
            if not token:
                text = self.empty
            else:
                text = None if self._load is None else self._load(i)
                if text is None or digest(text) != token:
                    raise LookupError(f"part {i} of {self.origin}")
            self._texts[i] = text
        return text

    def replaced(self, texts: Mapping[int, str]) -> Parts:
        """These texts put in their places: a new Parts (this one is shared, `State.from_json`)."""
        tokens = list(self.tokens)
        for i, text in texts.items():
            tokens[i] = "" if text == self.empty else digest(text)
        return Parts(tokens, self.empty, self._load, self.origin, {**self._texts, **texts},
                     self._changed | frozenset(texts))  # fmt: skip

    def rows(self, owner: str) -> list[tuple[int, str]]:
        """The (index, text) rows to write when the list is stored under `owner`: the changed texts when it was
        read from that owner's rows, else every text that is not empty."""
        if owner == self.origin:
            return [(i, self[i]) for i in sorted(self._changed) if self.tokens[i]]
        return [(i, self[i]) for i, token in enumerate(self.tokens) if token]

    def to_json(self) -> dict[str, Any]:
        return {"#": self.joined(), "e": self.empty}

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Parts):
            return (self.joined(), self.empty) == (other.joined(), other.empty)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Parts({sum(1 for t in self.tokens if t)} of {len(self.tokens)} from {self.origin!r})"


def _is_parts(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 2 and "#" in value and "e" in value


def _is_start_list(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and isinstance(value.get("l"), str)


def _fields(acc: Mapping[str, Any]) -> list[tuple[str, dict[str, Any], str, Any]]:
    """(owner, its fields, field, value) of the fields of an entry's accumulators (`{indicator: {field: ...}}`)
    that can be a parts list or a start list: a dict (as stored), or an object (any type but the JSON ones: a
    Parts, a StartList). One list comprehension: every refresh walks every field of every entry it reads and
    writes, and most are numbers, strings and lists."""
    return [(owner, fields, field, value) for owner, fields in acc.items() if type(fields) is dict
            for field, value in fields.items() if type(value) not in _PLAIN]  # fmt: skip


_PLAIN = frozenset({str, int, float, bool, list, type(None)})


def list_owner(owner: str, field: str) -> str:
    """The name a start list's chunks are read and written under (`chunk_key`): its indicator and field."""
    return f"{owner}.{field}"


def attach_parts(acc: Mapping[str, Any], load: Load, chunk_load: ChunkLoad | None = None) -> None:
    """In an entry's accumulators (as decoded), each stored parts list made a Parts reading its texts through
    `load`, and each start list a StartList reading its chunks through `chunk_load` (projections/startlists.py)."""
    from projections.startlists import StartList

    for owner, fields, field, value in _fields(acc):
        if _is_parts(value):
            fields[field] = Parts(value["#"], value["e"], lambda i, o=owner, f=field: load(o, f, i), owner)
        elif _is_start_list(value):
            fields[field] = StartList.parse(value["l"], chunk_load, list_owner(owner, field))


def part_rows(acc: Mapping[str, Any]) -> list[tuple[str, str, int, str]]:
    """The (owner, field, index, text) rows an entry's accumulators need written (`Parts.rows`)."""
    return [(owner, field, i, text) for owner, _, field, value in _fields(acc) if isinstance(value, Parts)
            for i, text in value.rows(owner)]  # fmt: skip


def list_chunk_rows(acc: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """The (list owner, digest, text) rows of start list chunks an entry's accumulators need written: those not
    stored already (`StartList.new_chunks`). LookupError: a chunk neither stored nor made here."""
    from projections.startlists import StartList  # it reads this module's digests: imported when first used

    out: list[tuple[str, str, str]] = []
    for owner, _, field, value in _fields(acc):
        if isinstance(value, StartList):
            name = list_owner(owner, field)
            out.extend((name, token, text) for token, text in value.new_chunks(name))
    return out


def part_tokens(acc: Mapping[str, Any]) -> list[tuple[str, str, int, str]]:
    """The (owner, field, index, digest) of every text an entry, as stored (decoded JSON), keeps apart."""
    return [(owner, field, i, t) for owner, _, field, value in _fields(acc) if _is_parts(value)
            for i, t in enumerate(Parts(value["#"], value["e"]).tokens) if t]  # fmt: skip


def list_chunk_tokens(acc: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The (list owner, digest) of every sealed start list chunk an entry, as stored (decoded JSON), names. A text
    that is not a start list names none (the comparison with the fold says it differs)."""
    from projections.startlists import StartList

    out: list[tuple[str, str]] = []
    for owner, _, field, value in _fields(acc):
        if _is_start_list(value):
            try:
                sealed = StartList.parse(value["l"]).sealed
            except LookupError:
                continue
            out.extend((list_owner(owner, field), token) for token in sealed)
    return out


def part_key(key: str, owner: str, field: str, index: int) -> str:
    """The cache key of an entry's part: the entry's key, then `#` (which no projection key holds)."""
    return f"{key}#{owner}.{field}.{index}"


def chunk_key(key: str, owner: str, token: str) -> str:
    """The cache key of a sealed chunk of an entry's seq list (projections/seqlists.py), by its digest: a chunk's
    row is never written with other text, only written again with the same."""
    return f"{key}#{owner}.s.{token}"
