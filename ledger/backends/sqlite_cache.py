"""What the SQLite store keeps beside the record: the projection cache (best effort: a reader saving its fold
never fails because a writer holds the file) and small records (accounts, settings). A mixin of `SQLiteStore`,
which opens the connection; every sqlite3 exception is translated where the store translates them."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from ledger.backends.sqlite_errors import translate
from ledger.store import CacheEntry, Restamp

BUSY_MS = 60000  # a writer waits this long for the file, then gives up (retryable)
CACHE_BUSY_MS = 250  # a reader saving its fold waits this long at most, then leaves the cache as it was
_CACHE_UPDATE = (
    "UPDATE projection SET site_seq = ?, head_hash = ?, data = ? WHERE scheme = ? AND site = ? AND key = ?"
)
# A checkpoint moved without the data (an entry none of the site's new events can count in): the row's pages
# holding the data are not written at all, where carrying an entry forward used to write it whole again.
_CACHE_RESTAMP = (
    "UPDATE projection SET site_seq = ?, head_hash = ? "
    "WHERE scheme = ? AND site = ? AND key = ? AND site_seq = ? AND head_hash = ?"
)
_CACHE_INSERT = "INSERT INTO projection (scheme, site, key, site_seq, head_hash, data) VALUES (?,?,?,?,?,?)"


class SQLiteCache:
    """The projection cache and small records of a SQLite ledger (see the module docstring)."""

    file: str  # the ledger file's name (SQLiteStore)
    read_only: bool
    _conn: sqlite3.Connection

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        with translate(self.file):
            return self._conn.execute(sql, params).fetchall()

    # -- projection cache -----------------------------------------------------------------------------------

    def cache_get(self, scheme: str, site: str, key: str) -> CacheEntry | None:
        rows = self._query(
            "SELECT site_seq, head_hash, data FROM projection WHERE scheme = ? AND site = ? AND key = ?",
            (scheme, site, key),
        )
        return CacheEntry(scheme, site, key, *rows[0]) if rows else None

    def _keyed(self, columns: str, scheme: str, site: str, keys: Sequence[str]) -> list[Any]:
        """These columns of the rows of these keys (of one scheme and site), read in batches of bound keys."""
        rows: list[Any] = []
        for i in range(0, len(keys), 500):  # within SQLite's limit on bound parameters
            chunk = list(keys[i : i + 500])
            rows += self._query(
                f"SELECT {columns} FROM projection WHERE scheme = ? AND site = ? "
                f"AND key IN ({','.join('?' * len(chunk))})",
                (scheme, site, *chunk),
            )
        return rows

    def cache_stamps(self, scheme: str, site: str, keys: Sequence[str]) -> dict[str, tuple[int, str]]:
        return {
            key: (n, digest) for key, n, digest in self._keyed("key, site_seq, head_hash", scheme, site, keys)
        }

    def cache_texts(self, scheme: str, site: str, keys: Sequence[str]) -> dict[str, str]:
        return dict(self._keyed("key, data", scheme, site, keys))

    def cache_put(self, entries: Sequence[CacheEntry], restamps: Sequence[Restamp] = ()) -> bool:
        if self.read_only or not (entries or restamps):
            return not (entries or restamps)
        conn = self._conn
        try:
            conn.execute(f"PRAGMA busy_timeout = {CACHE_BUSY_MS}")
            conn.execute("BEGIN IMMEDIATE")
            # An existing entry is updated in place, not replaced: SQLite then rewrites only the pages of the row
            # whose bytes changed when its size is the same (an entry carried forward differs from its stored
            # text only in its head), where INSERT OR REPLACE deletes the row and writes every page of it again
            # (at a million events a refresh wrote 16.8 MB, a third of it entries carried forward).
            for e in entries:
                if not conn.execute(
                    _CACHE_UPDATE, (e.site_seq, e.head_hash, e.data, e.scheme, e.site, e.key)
                ).rowcount:
                    conn.execute(_CACHE_INSERT, (e.scheme, e.site, e.key, e.site_seq, e.head_hash, e.data))
            conn.executemany(_CACHE_RESTAMP, [(r.to_site_seq, r.to_hash, r.scheme, r.site, r.key, r.site_seq,
                                               r.head_hash) for r in restamps])  # fmt: skip
            conn.execute("COMMIT")
            return True
        except sqlite3.Error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            return False  # busy or read-only: the fold was served fresh, the cache stays as it was
        finally:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")

    def cache_list(self) -> list[CacheEntry]:
        rows = self._query(
            "SELECT scheme, site, key, site_seq, head_hash, data FROM projection ORDER BY 1, 2, 3"
        )
        return [CacheEntry(*r) for r in rows]

    def cache_clear(self) -> bool:
        if self.read_only:
            return False
        with translate(self.file):
            self._conn.execute("DELETE FROM projection")
        return True

    # -- records --------------------------------------------------------------------------------------------

    def record_get(self, namespace: str, key: str) -> str | None:
        rows = self._query("SELECT value FROM records WHERE namespace = ? AND key = ?", (namespace, key))
        return rows[0][0] if rows else None

    def record_put(self, namespace: str, key: str, value: str) -> None:
        with translate(self.file):
            self._conn.execute(
                "INSERT OR REPLACE INTO records (namespace, key, value) VALUES (?, ?, ?)",
                (namespace, key, value),
            )

    def record_delete(self, namespace: str, key: str) -> None:
        with translate(self.file):
            self._conn.execute("DELETE FROM records WHERE namespace = ? AND key = ?", (namespace, key))

    def record_namespaces(self) -> list[str]:
        return [r[0] for r in self._query("SELECT DISTINCT namespace FROM records ORDER BY 1")]

    def record_list(self, namespace: str) -> dict[str, str]:
        rows = self._query("SELECT key, value FROM records WHERE namespace = ? ORDER BY key", (namespace,))
        return dict(rows)
