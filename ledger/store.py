"""The event-store interface every backend implements (SQLite, PostgreSQL, in memory), and how to open one.

A store keeps rows and enforces exactly one rule of its own: a site's next event continues that site's chain
(its `site_seq` is the head's plus one and its `prev_hash` is the head's hash). Everything a writer may or may
not write (registered sites, roles, correction targets, signatures, duplicates) is decided before the row reaches
the store, by `ledger.appender`, the same way on every backend. Beside the events a store keeps three things
that are not part of the record: the projection cache, small records (accounts), and evidence files by hash.

All of a backend's own exceptions become `LedgerError`s inside the backend module; no `sqlite3` or `psycopg`
name is imported anywhere else (a test greps for it).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from ledger.envelope import GENESIS, Event
from ledger.errors import LedgerError
from ledger.messages import msg
from ledger.record import Record

if TYPE_CHECKING:
    from pathlib import Path

SCHEMA_VERSION = 2


class Head(Record):
    """Where a site's chain ends: its last site_seq and hash (0 and GENESIS for a site with no events)."""

    site_seq: int = 0
    hash: str = GENESIS
    recorded_at: str = ""
    seq: int = 0  # the global seq of that last event

    # Written out, not Record's generic one: a Head is built per event by the writer (twice: staged, inserted)
    # and by verify's walk along each chain, where the generic __init__ cost about 1 us more each time.
    def __init__(self, site_seq: int = 0, hash: str = GENESIS, recorded_at: str = "", seq: int = 0) -> None:
        self.__dict__.update(site_seq=site_seq, hash=hash, recorded_at=recorded_at, seq=seq)


class CacheEntry(Record):
    """One stored projection entry, with the site head it was folded at (its checkpoint)."""

    scheme: str
    site: str
    key: str
    site_seq: int
    head_hash: str
    data: str  # JSON text written and read by the projections layer only


class Restamp(Record):
    """An entry found still exact at a later head of its site (none of the events since can count in it): its
    checkpoint moved from (site_seq, head_hash) to (to_site_seq, to_hash), its data left as it is. Applied only
    to an entry still at the old checkpoint (another writer may have stored a newer one)."""

    scheme: str
    site: str
    key: str
    site_seq: int
    head_hash: str
    to_site_seq: int
    to_hash: str


class HeadConflict(LedgerError):
    """A row does not continue its site's chain: another writer appended first (retry from the new head)."""


Found = dict[tuple[str, str], Event]  # (site, id or idempotency key) -> the stored event


def find_each(
    session: WriteSession, wanted: Mapping[str, tuple[Sequence[str], Sequence[str]]]
) -> tuple[Found, Found]:
    """`find_many` as one `find` per site: for a store in this process, where a lookup costs no round trip."""
    by_id: Found = {}
    by_key: Found = {}
    for site, (ids, keys) in wanted.items():
        found_ids, found_keys = session.find(site, ids, keys)
        by_id.update({(site, i): e for i, e in found_ids.items()})
        by_key.update({(site, k): e for k, e in found_keys.items()})
    return by_id, by_key


class WriteSession(Protocol):
    """One atomic write transaction. Rows inserted are visible to this session's reads at once, to others only
    after the session ends without an exception; an exception rolls everything back."""

    def lock(self, sites: Iterable[str]) -> None:
        """Take the write lock of these sites' chains (a no-op where the whole store is locked already)."""

    def head(self, site: str) -> Head:
        """The site's head as of now, inside this transaction (lock the site first)."""

    def find(
        self, site: str, ids: Iterable[str], keys: Iterable[str]
    ) -> tuple[dict[str, Event], dict[str, Event]]:
        """Stored events of a site with these ids, and with these idempotency keys."""

    def find_many(self, wanted: Mapping[str, tuple[Sequence[str], Sequence[str]]]) -> tuple[Found, Found]:
        """`find` for several sites at once (site -> (ids, keys)): found events by (site, id) and by (site, key).
        An import looks up each chunk's ids and keys this way, in one round trip where the store has a server."""

    def get_by_id(self, event_id: str, site: str | None = None) -> Event | None:
        """An event by id (within the transaction)."""

    def insert(self, rows: Sequence[Event]) -> list[int]:
        """Append rows (their `seq` is ignored); returns the global seqs assigned. HeadConflict if a row does
        not continue its site's chain."""

    def copy(self, rows: Sequence[Event]) -> None:
        """Append stored rows exactly as they are, global `seq` included (moving a ledger between backends):
        each must continue its site's chain and come after every seq already stored, else LedgerError."""


@runtime_checkable
class EventStore(Protocol):
    """The one storage interface. Read methods never write; `write()` is the only way to append."""

    url: str
    read_only: bool
    # The authenticated writer, where the store itself knows who is writing (PostgreSQL: the login role, which
    # the database enforces as every event's actor); None where the actor is whatever the caller says.
    login: str | None

    def close(self) -> None: ...

    # -- writing --------------------------------------------------------------------------------------------
    def write(self) -> AbstractContextManager[WriteSession]: ...

    # -- reading --------------------------------------------------------------------------------------------
    def heads(self) -> dict[str, Head]: ...

    def head(self, site: str) -> Head: ...

    def last(self) -> Event | None: ...

    def events(
        self,
        *,
        site: str | None = None,
        sites: Iterable[str] | None = None,
        types: Iterable[str] | None = None,
        start: str | None = None,
        end: str | None = None,
        as_of: str | None = None,
        after_seq: int = 0,
        upto_seq: int | None = None,
        after_site_seq: int = 0,
    ) -> Iterator[Event]:
        """Events in global seq order; `start`/`end` inclusive occurred dates, `as_of` a recorded instant;
        `after_site_seq`: only events past that place in their site's chain (with `site`: the site's events
        after one of its heads, read from the (site, site_seq) index)."""

    def amending(self, targets: Collection[str]) -> Iterator[Event]:
        """The corrections and retractions whose payload names one of these event ids as its target (at any
        site: ids are unique per site), in seq order: what amends a few known events, without reading every
        amendment the ledger holds."""

    def get(self, seq: int) -> Event | None: ...

    def get_by_id(self, event_id: str, site: str | None = None) -> Event | None: ...

    def chain(self, site: str, upto_site_seq: int | None = None) -> Iterator[Event]:
        """A site's events in chain order, each checked against its derived columns (LedgerError if one was
        edited behind the store's back): what verification reads."""

    def rows(self, sites: Iterable[str] | None = None) -> Iterator[Sequence[object]]:
        """Every stored row of these sites (all if None) exactly as stored, nothing decoded, in global seq
        order: a tuple in the order of ledger.backends.rows.COLUMNS. What verification reads in one pass."""

    def seq_at(self, as_of: str) -> int: ...

    def site_stats(self) -> dict[str, tuple[int, str | None, str | None]]:
        """site -> (events, first occurred date, last occurred date)."""

    def last_occurred_on(self, as_of: str | None = None) -> str | None: ...

    def integrity_problems(self) -> list[str]:
        """What the storage's own guards are missing (append-only triggers dropped, wrong schema), each a
        catalogue message rendered in the reader's language."""

    # -- projection cache -----------------------------------------------------------------------------------
    def cache_get(self, scheme: str, site: str, key: str) -> CacheEntry | None: ...

    def cache_stamps(self, scheme: str, site: str, keys: Sequence[str]) -> dict[str, tuple[int, str]]:
        """key -> (site_seq, head_hash) of each of these entries that is stored: their checkpoints, no data."""

    def cache_texts(self, scheme: str, site: str, keys: Sequence[str]) -> dict[str, str]:
        """key -> data of each of these rows that is stored: an entry's parts (its seq lists' chunks) read in one
        query where one read each was a round trip each."""

    def cache_put(self, entries: Sequence[CacheEntry], restamps: Sequence[Restamp] = ()) -> bool:
        """Store entries (replacing same keys) and move checkpoints (`Restamp`), in one transaction; False when
        the store cannot be written now (read-only, busy): a reader never fails because a writer holds the
        database."""

    def cache_list(self) -> list[CacheEntry]:
        """Every entry (with data)."""

    def cache_clear(self) -> bool: ...

    # -- small records (accounts, settings) -----------------------------------------------------------------
    def record_get(self, namespace: str, key: str) -> str | None: ...

    def record_put(self, namespace: str, key: str, value: str) -> None: ...

    def record_delete(self, namespace: str, key: str) -> None: ...

    def record_list(self, namespace: str) -> dict[str, str]: ...

    def record_namespaces(self) -> list[str]:
        """Every namespace holding a record (what a copy of the ledger must carry along)."""

    # -- evidence files, by sha256 --------------------------------------------------------------------------
    def blob_put(self, source: Path) -> str:
        """Keep a file's content under its sha256 (never overwritten); returns the sha256."""

    def blob_get(self, sha256: str) -> bytes | None: ...

    def blob_status(self, sha256: str) -> str:
        """'stored', 'missing' or 'corrupt' (present but its content no longer has that hash)."""


def append_rows(store: EventStore, rows: Sequence[Event], expected: Mapping[str, Head]) -> list[int]:
    """Append rows atomically against expected heads: HeadConflict (nothing written) if a site moved on."""
    with store.write() as tx:
        tx.lock(sorted({r.site for r in rows} | set(expected)))
        for site, head in expected.items():
            now = tx.head(site)
            if (now.site_seq, now.hash) != (head.site_seq, head.hash):
                raise HeadConflict(
                    msg("store.moved_on", site=repr(site), expected=head.site_seq, found=now.site_seq)
                )
        return tx.insert(rows)


def check_continues(row: Event, head: Head) -> None:
    """The one storage rule of an insert (every backend's `WriteSession.insert`): the row extends its site's chain
    at `head`. A HeadConflict otherwise: another writer moved the head, and the batch is retried."""
    if row.site_seq != head.site_seq + 1 or row.prev_hash != head.hash:
        raise HeadConflict(
            msg("store.not_continuing", site=repr(row.site), n=row.site_seq, head=head.site_seq)
        )


def check_copied(row: Event, head: Head, last_seq: int) -> None:
    """For `WriteSession.copy`: a copied row continues its site's chain and comes after every stored seq."""
    check_continues(row, head)
    if not last_seq < row.seq < 2**63:
        raise LedgerError(msg("store.copy_order", seq=row.seq, last=last_seq))


def is_server_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def open_store(target: str | Path, *, create: bool = False) -> EventStore:
    """A store by URL: postgresql://..., memory:, sqlite:///path, or a plain file path (SQLite)."""
    text = str(target)
    if is_server_url(text):
        from ledger.backends.postgres import PostgresStore

        return PostgresStore(text, create=create)
    if text == "memory:":
        from ledger.backends.memory import MemoryStore

        return MemoryStore()
    from ledger.backends.sqlite import SQLiteStore

    # sqlite:///a.db is a.db, sqlite:////srv/a.db is /srv/a.db (the SQLAlchemy convention)
    return SQLiteStore(text.removeprefix("sqlite:///"), create=create)
