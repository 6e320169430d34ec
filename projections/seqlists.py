"""A value's event seqs as an entry stores them (`SeqText`): text a refresh appends to, with the part of a long
list that no longer changes sealed in chunks, each kept in a cache row of its own (issue 15).

Kept whole in the entry, every list an entry holds was decoded, encoded and written again on every refresh that
touched the entry, so at a million events most of what a refresh read and wrote was seqs it had not changed
(a period's lists fill as its log grows). Now a list's text in the entry is its open chunk: the seqs after the
last chunk boundary, a few hundred characters at most on average, and the digests of the chunks before it. A
refresh appends to the open chunk and seals it when a boundary arrives; the sealed chunks are neither read nor
written. Scoring reads them back (`tolist`), each checked against its digest: a chunk that is missing or is not
the text the entry was written with raises LookupError, and the entry is folded afresh.

Where a list is cut depends on its seqs alone (content-defined chunking): a chunk ends after a seq whose mixed
bits are zero (`cuts`), once it holds at least CHUNK_MIN seqs. So a list built by appending and the
same list folded from scratch are cut at the same places and stored as the same bytes (the property tests check
this), and a seq inserted or retired in the middle of a list changes the chunk it falls in (and now and then the
next few, until the cuts fall where they fell before), never the chunks before it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate

from projections.parts import digest

# A chunk ends after a seq whose mixed bits under CHUNK_MASK are all zero (one in CHUNK_MASK + 1), once it holds
# CHUNK_MIN seqs: about 80 seqs (300-odd characters) a chunk, its digest 12 characters in the entry. Measured on
# the 232 entries of a million-event ledger (issue 15), the entries' seq lists came to 1.39 MB at 32 and 127
# (160 a chunk: most of it open chunks), 1.0 MB at these, 0.96 MB at 16 and 31 (with three times the digests,
# which grow with the log, and the chunk rows a refresh writes). The tests set both small to cut the short lists
# they build. Read at call time, so a test can change them.
CHUNK_MIN = 16
CHUNK_MASK = 63
_MIX = 2654435761  # Knuth's multiplicative hash: spreads seqs that are regularly spaced

# A chunk's text is read through a loader: (the indicator whose list it is, its digest) -> the text stored under
# them, or None.
Load = Callable[[str, str], "str | None"]


def cuts(seqs: Sequence[int], open_n: int, least: int | None = None, mask: int | None = None) -> list[int]:
    """The indexes in `seqs` after which a chunk ends, when the open chunk already holds `open_n` seqs: after a
    seq whose mixed bits under `mask` are zero, once the chunk holds `least` (CHUNK_MIN and CHUNK_MASK unless
    given: a stable count's start lists cut their own way, projections/startlists.py)."""
    least = CHUNK_MIN if least is None else least
    mask = CHUNK_MASK if mask is None else mask
    if open_n + len(seqs) < least:
        return []  # too few to close a chunk: most lists, and most appends
    out: list[int] = []
    prev, held = -1, open_n
    for j in [j for j, s in enumerate(seqs) if not (s * _MIX >> 16) & mask]:
        if held + j - prev >= least:
            out.append(j)
            prev, held = j, 0
    return out


def split(head: str, deltas: Sequence[str], ends: Sequence[int]) -> tuple[list[str], str]:
    """The chunks `deltas` close at `ends` (`cuts`), and the open rest; `head` is the open chunk's text before them."""
    texts: list[str] = []
    start = 0
    for j in ends:
        piece = ",".join(deltas[start : j + 1])
        texts.append(f"{head},{piece}" if head else piece)
        head, start = "", j + 1
    rest = ",".join(deltas[start:])
    return texts, (f"{head},{rest}" if head and rest else head or rest)


def sealed_of(body: str) -> tuple[tuple[str, ...], str]:
    """A stored list's body split into its sealed chunks' digests ("@D1+D2@", when it has any) and its open chunk
    (ValueError: an "@" without its closing one)."""
    if body[:1] != "@":
        return (), body
    stop = body.index("@", 1)
    return tuple(body[1:stop].split("+")), body[stop + 1 :]


def _deltas(last: int, seqs: Sequence[int]) -> list[str]:
    return [str(b - a) for a, b in zip((last, *seqs), seqs, strict=False)]


class Chunked:
    """What a list kept in chunks (`SeqText`, and a stable count's `StartList`) does with its sealed chunks: read
    one through `load` under `owner`, checked against its digest, and keep it in `texts`."""

    __slots__ = ()
    texts: dict[str, str] | None
    load: Load | None
    owner: str

    def chunk(self, key: str) -> str:
        """A sealed chunk's text, checked against its digest; LookupError when it cannot be read as written."""
        if self.texts is None:
            self.texts = {}
        text = self.texts.get(key)
        if text is None:
            text = None if self.load is None else self.load(self.owner, key)
            if text is None or digest(text) != key:
                raise LookupError(f"chunk {key} of {self.owner or 'a list'}")
            self.texts[key] = text
        return text


class SeqText(Chunked):
    """A value's event seqs (in the value's order, sorted for most) as an entry stores them: "N:LAST:BODY", the
    count, the last seq and the differences from one seq to the next (the first from zero), where BODY is the
    open chunk's differences, preceded when the list has sealed chunks by "@" and their digests joined by "+"
    and "@". The sealed chunks' texts are differences too: the list is every chunk's text and the open one's,
    joined by commas.

    What a refresh does to most lists is append the new events' seqs, all after the last one (`extended`): text
    appended to the open chunk, the sealed ones untouched. The text of a list is the same whichever way it was
    built, so an entry brought current stores the very bytes a fold stores.

    A list read from an entry (`parse`) keeps its text: a refresh reads every value of an entry and touches a
    few, and the others are stored again as the text they were read as. `texts` holds the chunks' texts known
    here (made here, or read through `load` under `owner`, the indicator the list belongs to); `sealed`, their
    digests in list order."""

    __slots__ = ("_raw", "body", "last", "load", "n", "owner", "sealed", "texts")

    def __init__(
        self,
        n: int = 0,
        last: int = 0,
        body: str = "",
        sealed: tuple[str, ...] = (),
        texts: dict[str, str] | None = None,
        load: Load | None = None,
        owner: str = "",
    ) -> None:
        self._raw: str | None = None
        self.n, self.last, self.body, self.sealed = n, last, body, sealed
        self.texts = texts  # made on first use: most lists have no chunk
        self.load, self.owner = load, owner

    @classmethod
    def of(cls, seqs: Sequence[int]) -> SeqText:
        if not seqs:
            return cls()
        chunks, body = split("", _deltas(0, seqs), cuts(seqs, 0))
        sealed = tuple(digest(text) for text in chunks)
        return cls(len(seqs), seqs[-1], body, sealed, dict(zip(sealed, chunks, strict=True)))

    @classmethod
    def parse(cls, text: str, load: Load | None = None, owner: str = "") -> SeqText:
        """A list as an entry stores it (a text that is not one raises LookupError: the entry is folded afresh).
        It keeps the text, stored again as it is unless the list changes."""
        n, last, body, sealed = 0, 0, "", ()
        if text:
            try:
                count, end, body = text.split(":", 2)
                n, last = int(count), int(end)
                sealed, body = sealed_of(body)
            except ValueError:
                raise LookupError(f"not a seq list: {text[:40]!r}") from None
        obj = cls(n, last, body, sealed, None, load, owner)
        obj._raw = text
        return obj

    def text(self) -> str:
        if self._raw is not None:
            return self._raw
        if not self.n:
            return ""
        if self.sealed:
            return f"{self.n}:{self.last}:@{'+'.join(self.sealed)}@{self.body}"
        return f"{self.n}:{self.last}:{self.body}"

    def as_read(self) -> bool:
        """Whether this is a list as an entry stored it (`parse`), not one made or extended here."""
        return self._raw is not None

    def extended(self, more: Sequence[int]) -> SeqText:
        """These seqs appended at the end, in the list's own order (a sorted list's caller checks they come after
        its last; a stable count's lists are in start order); the chunks that close are sealed where a fold of the
        whole list would close them."""
        if not more:
            return self
        if not self.n:
            return SeqText.of(more)
        held = self.body.count(",") + 1 if self.body else 0
        chunks, body = split(self.body, _deltas(self.last, more), cuts(more, held))
        sealed = tuple(digest(text) for text in chunks)
        texts = {**(self.texts or {}), **dict(zip(sealed, chunks, strict=True))}
        return SeqText(self.n + len(more), more[-1], body, self.sealed + sealed, texts, self.load, self.owner)

    def tolist(self) -> list[int]:
        if not self.n:
            return []
        pieces = [self.chunk(key) for key in self.sealed]
        if self.body:
            pieces.append(self.body)
        seqs = list(accumulate(map(int, ",".join(pieces).split(","))))
        if len(seqs) != self.n or seqs[-1] != self.last:
            raise LookupError("seq list does not match its count")
        return seqs

    def new_chunks(self, stored: frozenset[str] | set[str]) -> list[tuple[str, str]]:
        """(digest, text) of the sealed chunks not among `stored` (those the entry as read named): the rows to
        write. A chunk neither stored nor made here cannot be written: LookupError (fold afresh)."""
        if self._raw is not None:
            return []  # as it was read: the entry that names its chunks was stored with them
        seen = set(stored)
        out: list[tuple[str, str]] = []
        for key in self.sealed:
            if key not in seen:
                seen.add(key)
                out.append((key, self.chunk(key)))
        return out

    def __len__(self) -> int:
        return self.n

    def __iter__(self) -> Iterator[int]:
        return iter(self.tolist())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SeqText):
            return (self.n, self.last, self.sealed, self.body) == (
                other.n,
                other.last,
                other.sealed,
                other.body,
            )
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.n, self.last, self.sealed, self.body))

    def __repr__(self) -> str:
        return f"SeqText({self.text()!r})"
