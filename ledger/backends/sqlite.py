"""The SQLite store: one file, the embedded default (no server). WAL, synchronous=FULL, append-only by triggers.

SQLite has one writer at a time, so a write session takes the whole file (BEGIN IMMEDIATE) and `lock(sites)`
has nothing more to do. Readers never block on it (WAL). Every sqlite3 exception becomes a LedgerError in
`sqlite_errors.translate`, the one place this happens for this backend. The tables and triggers are in
`sqlite_schema`, the write session in `sqlite_session`, the projection cache and small records in `sqlite_cache`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ledger import limits
from ledger.backends.rows import COLUMNS, row_event
from ledger.backends.sqlite_cache import BUSY_MS, CACHE_BUSY_MS, SQLiteCache
from ledger.backends.sqlite_errors import translate
from ledger.backends.sqlite_schema import AMENDS_INDEX, AMENDS_INDEX_SQL, SCHEMA, TRIGGERS
from ledger.backends.sqlite_session import Session, head_of
from ledger.backends.sqlite_session import get_by_id as _get_by_id
from ledger.envelope import Event
from ledger.errors import LedgerError
from ledger.messages import msg, os_reason
from ledger.pathtext import path_text
from ledger.store import (
    SCHEMA_VERSION,
    Head,
)

if TYPE_CHECKING:
    from pathlib import Path

# Page cache for a write session (KiB; SQLite's default is 2 MiB). An import is one transaction, so nothing is
# checkpointed until it commits: with the default cache the indexes' pages are spilled and read back over and
# over. 64 MiB took a million-event import from 62 s to 50 s; peak RSS stays bounded (the cache is bounded).
WRITE_CACHE_KIB = 65536
ROWS_BATCH = 1000  # rows fetched at a time by `rows` (memory stays flat whatever the ledger's size)

# The last occurred date over every site: a loose index scan, two index probes per site (the next site, its last
# day on events_site_day) where MAX(occurred_on) over the table reads the whole index, which grew with the log
# and was most of what `refresh` spent outside the sites it brings current (issue 15).
_LAST_OCCURRED = """
WITH RECURSIVE s(site) AS (
    SELECT (SELECT site FROM events ORDER BY site LIMIT 1)
    UNION ALL
    SELECT (SELECT e.site FROM events e WHERE e.site > s.site ORDER BY e.site LIMIT 1) FROM s WHERE s.site IS NOT NULL
)
SELECT MAX((SELECT MAX(d.occurred_on) FROM events d WHERE d.site = s.site)) FROM s WHERE s.site IS NOT NULL
"""


class SQLiteStore(SQLiteCache):
    """An opsledger ledger in one SQLite file."""

    def __init__(self, path: str | Path, *, create: bool = False) -> None:
        # The file's name as text (`file`), its Path made only when asked for (`path`): an operator's `log` opens
        # a ledger without loading pathlib (issue 15). `url` is the text str(Path(path)) gives.
        self.file = path_text(os.fspath(path))
        self.url = self.file
        self.login = None  # anyone who can write the file writes as whoever they say
        exists = os.path.exists(self.file)
        if not create and not exists:
            raise LedgerError(msg("db.none", path=self.file))
        self.read_only = exists and not _writable(self.file)
        self.created = False  # True when this open created the ledger's tables
        self._amends: bool | None = None  # whether the amendments' target index is there (`_amends_indexed`)
        if create and self.read_only:
            raise LedgerError(msg("db.read_only_create", path=self.file))
        with translate(self.file):
            self._conn = self._connect()
            if create and not self._has_table("events"):
                if self._has_any_table():
                    raise LedgerError(msg("db.foreign", path=self.file))
                self._create()
            self._check_schema()
            if not self.read_only:
                self._conn.execute("PRAGMA synchronous = FULL")

    @property
    def path(self) -> Path:
        from pathlib import Path

        return Path(self.file)

    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            # mode=ro still needs the WAL index; immutable=1 reads the file as it is (nobody can write it here).
            uri = f"file:{os.path.realpath(self.file)}?mode=ro&immutable=1"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        else:
            conn = sqlite3.connect(
                self.file, timeout=BUSY_MS / 1000, isolation_level=None, check_same_thread=False
            )
            conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        return conn

    # -- schema ---------------------------------------------------------------------------------------------

    def _has_table(self, name: str) -> bool:
        sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        return self._conn.execute(sql, (name,)).fetchone() is not None

    def _has_any_table(self) -> bool:
        return self._conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None

    def _create(self) -> None:
        # The journal mode is set only on a file that is ours (a foreign file is refused before this).
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            if self._has_table("events"):  # created meanwhile by another process
                self._conn.execute("ROLLBACK")
                return
            for statement in [
                *SCHEMA.split(";\n"),
                *TRIGGERS.values(),
            ]:  # not executescript: it would commit
                if statement.strip():
                    self._conn.execute(statement)
            self._conn.execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
            self._conn.execute("INSERT INTO meta (key, value) VALUES ('format', 'opsledger')")
            self._conn.execute("COMMIT")
            self.created = True
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise

    def _check_schema(self) -> None:
        if not self._has_table("events"):
            raise LedgerError(msg("db.not_ledger", path=self.file))
        version = self.schema_version()
        if version is None:
            raise LedgerError(msg("db.no_format", path=self.file))
        if version == 1:
            raise LedgerError(msg("db.schema_one", path=self.file))
        if version != SCHEMA_VERSION:
            raise LedgerError(
                msg("db.schema_other", path=self.file, version=version, expected=SCHEMA_VERSION)
            )

    def schema_version(self) -> int | None:
        if not self._has_table("meta"):
            return None
        try:
            row = self._conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            return int(row[0]) if row else None
        except (sqlite3.OperationalError, ValueError, TypeError):
            return None  # another application's meta table

    def integrity_problems(self) -> list[str]:
        problems = []
        with translate(self.file):
            present = {
                r[0] for r in self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            }
            # seq is not hashed (it orders sites' chains against each other), but it is derived: the store
            # numbers rows max + 1 inside the write lock and never deletes one, so the seqs are exactly 1..N --
            # except the numbers a copy from PostgreSQL kept skipped (its sequence skips what a rolled-back
            # transaction took), which `copy` counts in meta.seq_skipped.
            count, high = self._conn.execute("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM events").fetchone()
            skipped = self._skipped()
        for name in TRIGGERS:
            if name not in present:
                problems.append(str(msg("db.trigger_missing", name=name)))
        if high - count != skipped:
            kept = msg("db.seq_skipped", skipped=skipped) if skipped else ""
            problems.append(str(msg("db.seq_gap", high=high, count=count, kept=kept, n=count + skipped)))
        return problems

    def _skipped(self) -> int:
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'seq_skipped'").fetchone()
        return int(row[0]) if row else 0

    def deep_problems(self) -> list[str]:
        """SQLite's own page-by-page check (every b-tree, every index entry against its row): `verify --deep`."""
        with translate(self.file):
            rows = [r[0] for r in self._conn.execute("PRAGMA integrity_check(20)")]
        if rows == ["ok"]:
            return []
        return [str(msg("db.page_damaged", detail=limits.quote(r))) for r in rows]

    def close(self) -> None:
        self._conn.close()

    # -- writing --------------------------------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One IMMEDIATE transaction: the write lock first, so the heads read inside stay the heads."""
        if self.read_only:
            raise LedgerError(msg("db.read_only", path=self.file))
        with translate(self.file):
            previous = self._conn.execute("PRAGMA cache_size").fetchone()[0]
            self._conn.execute(f"PRAGMA cache_size = -{WRITE_CACHE_KIB}")
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield Session(self._conn, self.file)
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    try:
                        self._conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass  # the original error says what happened; SQLite has rolled back already
                raise
            finally:
                self._conn.execute(f"PRAGMA cache_size = {previous}")

    # -- reading --------------------------------------------------------------------------------------------

    def heads(self) -> dict[str, Head]:
        sql = (
            "SELECT e.site, e.site_seq, e.hash, e.recorded_at, e.seq FROM events e "
            "JOIN (SELECT site, MAX(site_seq) AS n FROM events GROUP BY site) h "
            "ON e.site = h.site AND e.site_seq = h.n"
        )
        return {site: Head(n, digest, rec, seq) for site, n, digest, rec, seq in self._query(sql)}

    def head(self, site: str) -> Head:
        return head_of(self._conn, site, self.file)

    def last(self) -> Event | None:
        rows = self._query(f"SELECT {COLUMNS} FROM events ORDER BY seq DESC LIMIT 1")
        return row_event(rows[0]) if rows else None

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
        clauses, params = ["seq > ?"], [after_seq]
        if after_site_seq > 0:
            clauses.append("site_seq > ?")
            params.append(after_site_seq)
        if upto_seq is not None:
            clauses.append("seq <= ?")
            params.append(upto_seq)
        site_list = [site] if site else list(sites or [])
        if site_list:
            clauses.append(f"site IN ({','.join('?' * len(site_list))})")
            params.extend(site_list)
        if len(site_list) == 1 and after_seq > 0 and not types:
            # A site's events after one of its own (a stored projection's head): the same rows, read from that
            # event's place in the (site, site_seq) index, where `site = ?` alone made SQLite walk the site's every
            # entry and sort the few after it (what `refresh` paid per site, growing with the log). A site's
            # site_seq grows with seq (each row continues its chain), so the clause only says what seq > ? does.
            clauses.append(
                "site_seq > COALESCE((SELECT a.site_seq FROM events a WHERE a.seq = ? AND a.site = ?), 0)"
            )
            params.extend([after_seq, site_list[0]])
        type_list = list(types or [])
        if type_list:
            clauses.append(f"type IN ({','.join('?' * len(type_list))})")
            params.extend(type_list)
        if start:
            clauses.append("occurred_on >= ?")
            params.append(start)
        if end:
            clauses.append("occurred_on <= ?")
            params.append(end)
        if as_of:
            clauses.append("recorded_at <= ?")
            params.append(as_of)
        sql = f"SELECT {COLUMNS} FROM events WHERE {' AND '.join(clauses)} ORDER BY seq"
        with translate(self.file):
            cursor = self._conn.execute(sql, params)
            while rows := cursor.fetchmany(1000):
                for row in rows:
                    yield row_event(row)

    def amending(self, targets: Collection[str]) -> Iterator[Event]:
        wanted = sorted(set(targets))
        # On the amendments' target index (sqlite_schema.AMENDS_INDEX), named because SQLite, without statistics,
        # prefers the (type, site) index and reads every amendment; without it (a read-only copy of a ledger
        # created before it), every amendment's target read by SQLite's JSON functions, not by Python.
        on = f"INDEXED BY {AMENDS_INDEX} " if self._amends_indexed() else ""
        found: list[Any] = []
        for i in range(0, len(wanted), 500):  # within SQLite's limit on bound parameters
            chunk = wanted[i : i + 500]
            found += self._query(
                f"SELECT {COLUMNS} FROM events {on}WHERE type IN ('correction', 'retraction') "
                f"AND json_extract(payload, '$.target') IN ({','.join('?' * len(chunk))})",
                chunk,
            )
        return (row_event(row) for row in sorted(found, key=lambda row: row[0]))

    def _amends_indexed(self) -> bool:
        """Whether the amendments' target index is there, made now (once, for a ledger created before it) when
        this process may write the file and nobody else is writing it; a few hundred milliseconds at a million
        events. A ledger that cannot be written now (read-only, busy, a damaged payload) is read without it, as
        before."""
        if self._amends is None:
            sql = "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?"
            self._amends = self._conn.execute(sql, (AMENDS_INDEX,)).fetchone() is not None
            if not self._amends and not self.read_only and not self._conn.in_transaction:
                # Made only if the file is free now: a reader does not wait a minute behind a long import for it.
                self._conn.execute(f"PRAGMA busy_timeout = {CACHE_BUSY_MS}")
                try:
                    self._conn.execute(AMENDS_INDEX_SQL)
                    self._amends = True
                except sqlite3.Error:
                    pass  # asked again by the next process that looks for amendments
                finally:
                    self._conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        return self._amends

    def get(self, seq: int) -> Event | None:
        if not 0 < seq < 2**63:
            return None
        rows = self._query(f"SELECT {COLUMNS} FROM events WHERE seq = ?", (seq,))
        return row_event(rows[0]) if rows else None

    def get_by_id(self, event_id: str, site: str | None = None) -> Event | None:
        return _get_by_id(self._conn, event_id, site, self.file)

    def chain(self, site: str, upto_site_seq: int | None = None) -> Iterator[Event]:
        sql = f"SELECT {COLUMNS} FROM events WHERE site = ?" + (
            " AND site_seq <= ?" if upto_site_seq is not None else ""
        )
        sql += " ORDER BY site_seq"
        params: tuple[Any, ...] = (site,) if upto_site_seq is None else (site, upto_site_seq)
        with translate(self.file):
            cursor = self._conn.execute(sql, params)
            while rows := cursor.fetchmany(1000):
                for row in rows:
                    if row[7] != row[6][:10]:
                        raise LedgerError(msg("db.row_edited", site=site, n=row[2], seq=row[0],
                                              stored=repr(row[7]), hashed=repr(row[6])))  # fmt: skip
                    yield row_event(row)

    def rows(self, sites: Iterable[str] | None = None) -> Iterator[Sequence[Any]]:
        # The table in rowid (= seq) order: one sequential read, where each site's chain in site_seq order is an
        # index walk with a lookup of the row per event (a quarter of verify's time at 200,000 events).
        site_list = None if sites is None else list(sites)
        if site_list == []:
            return
        sql = f"SELECT {COLUMNS} FROM events"
        if site_list:
            sql += f" WHERE site IN ({','.join('?' * len(site_list))})"
        with translate(self.file):
            cursor = self._conn.execute(sql + " ORDER BY seq", site_list or ())
            while batch := cursor.fetchmany(ROWS_BATCH):
                yield from batch

    def seq_at(self, as_of: str) -> int:
        return self._query("SELECT MAX(seq) FROM events WHERE recorded_at <= ?", (as_of,))[0][0] or 0

    def site_stats(self) -> dict[str, tuple[int, str | None, str | None]]:
        sql = "SELECT site, COUNT(*), MIN(occurred_on), MAX(occurred_on) FROM events GROUP BY site"
        return {site: (n, first, last) for site, n, first, last in self._query(sql)}

    def last_occurred_on(self, as_of: str | None = None) -> str | None:
        if as_of is None:
            return self._query(_LAST_OCCURRED)[0][0]
        return self._query("SELECT MAX(occurred_on) FROM events WHERE recorded_at <= ?", (as_of,))[0][0]

    # -- evidence files -------------------------------------------------------------------------------------

    # ledger.blobs (and pathlib with it) loads when a file is kept or read: most commands keep none.

    @property
    def blob_root(self) -> Path:
        from ledger import blobs

        return blobs.store_dir(self.file)

    def blob_put(self, source: Path) -> str:
        from ledger import blobs

        return blobs.put(self.blob_root, source)

    def blob_get(self, sha256: str) -> bytes | None:
        from ledger import blobs

        path = blobs.blob_path(self.blob_root, sha256)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as err:
            raise LedgerError(msg("db.evidence_unreadable", sha=sha256[:12], reason=os_reason(err))) from None

    def blob_status(self, sha256: str) -> str:
        from ledger import blobs

        return blobs.check(self.blob_root, sha256)


def _writable(file: str) -> bool:
    """Whether this process may write the ledger (and, for WAL, create files beside it)."""
    return os.access(file, os.W_OK) and os.access(os.path.dirname(file) or ".", os.W_OK)
