"""What the PostgreSQL store keeps beside the record: the projection cache (best effort: a reader never fails
because of it, a writer holding its rows makes it give up after CACHE_LOCK_TIMEOUT) and small records. A mixin of
`PostgresStore`, whose pooled connections and translated reads it uses."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import psycopg

from ledger.backends import pg_schema as S
from ledger.errors import LedgerError
from ledger.store import CacheEntry, Restamp

CACHE_LOCK_TIMEOUT = "250ms"  # a reader saving its fold waits this long at most


class PgCache:
    """The projection cache and small records of a PostgreSQL ledger (see the module docstring)."""

    _cache_writable: bool
    if TYPE_CHECKING:  # provided by PostgresStore

        def _conn(self) -> AbstractContextManager[psycopg.Connection]: ...

        def _rows(
            self, sql: str, params: Sequence[Any] = (), *, prepare: bool | None = None
        ) -> list[Any]: ...

        def _exec(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    # -- projection cache (best effort: a reader never fails because of it) ---------------------------------

    def cache_get(self, scheme: str, site: str, key: str) -> CacheEntry | None:
        rows = self._rows(
            f"SELECT site_seq, head_hash, data FROM {S.SCHEMA}.projection WHERE scheme = %s AND site = %s AND key = %s",
            (scheme, site, key),
        )
        return CacheEntry(scheme, site, key, *rows[0]) if rows else None

    def cache_stamps(self, scheme: str, site: str, keys: Sequence[str]) -> dict[str, tuple[int, str]]:
        rows = self._rows(
            f"SELECT key, site_seq, head_hash FROM {S.SCHEMA}.projection "
            "WHERE scheme = %s AND site = %s AND key = ANY(%s)",
            (scheme, site, list(keys)),
        )
        return {key: (n, digest) for key, n, digest in rows}

    def cache_texts(self, scheme: str, site: str, keys: Sequence[str]) -> dict[str, str]:
        rows = self._rows(
            f"SELECT key, data FROM {S.SCHEMA}.projection WHERE scheme = %s AND site = %s AND key = ANY(%s)",
            (scheme, site, list(keys)),
        )
        return dict(rows)

    def cache_put(self, entries: Sequence[CacheEntry], restamps: Sequence[Restamp] = ()) -> bool:
        if not (entries or restamps):
            return True
        if not self._cache_writable:
            return False
        sql = (
            f"INSERT INTO {S.SCHEMA}.projection (scheme, site, key, site_seq, head_hash, data) "
            "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (scheme, site, key) DO UPDATE SET "
            "site_seq = EXCLUDED.site_seq, head_hash = EXCLUDED.head_hash, data = EXCLUDED.data"
        )
        try:
            with self._conn() as conn, conn.transaction():
                conn.execute(f"SET LOCAL lock_timeout = '{CACHE_LOCK_TIMEOUT}'")
                with conn.cursor() as cur:
                    if entries:
                        cur.executemany(
                            sql.encode(),
                            [(e.scheme, e.site, e.key, e.site_seq, e.head_hash, e.data) for e in entries],
                        )
                    if restamps:
                        cur.executemany(
                            f"UPDATE {S.SCHEMA}.projection SET site_seq = %s, head_hash = %s WHERE scheme = %s "
                            "AND site = %s AND key = %s AND site_seq = %s AND head_hash = %s",
                            [(r.to_site_seq, r.to_hash, r.scheme, r.site, r.key, r.site_seq, r.head_hash)
                             for r in restamps],
                        )  # fmt: skip
            return True
        except (psycopg.Error, LedgerError):
            return (
                False  # busy, no privilege or no server: the fold was served fresh, the cache stays as it was
            )

    def cache_list(self) -> list[CacheEntry]:
        rows = self._rows(
            f"SELECT scheme, site, key, site_seq, head_hash, data FROM {S.SCHEMA}.projection ORDER BY 1, 2, 3"
        )
        return [CacheEntry(*r) for r in rows]

    def cache_clear(self) -> bool:
        if not self._cache_writable:
            return False
        try:
            self._exec(f"DELETE FROM {S.SCHEMA}.projection")
        except LedgerError:
            return False
        return True

    # -- records --------------------------------------------------------------------------------------------

    def record_get(self, namespace: str, key: str) -> str | None:
        rows = self._rows(
            f"SELECT value FROM {S.SCHEMA}.records WHERE namespace = %s AND key = %s", (namespace, key)
        )
        return rows[0][0] if rows else None

    def record_put(self, namespace: str, key: str, value: str) -> None:
        self._exec(
            f"INSERT INTO {S.SCHEMA}.records (namespace, key, value) VALUES (%s, %s, %s) "
            "ON CONFLICT (namespace, key) DO UPDATE SET value = EXCLUDED.value",
            (namespace, key, value),
        )

    def record_delete(self, namespace: str, key: str) -> None:
        self._exec(f"DELETE FROM {S.SCHEMA}.records WHERE namespace = %s AND key = %s", (namespace, key))

    def record_namespaces(self) -> list[str]:
        return [r[0] for r in self._rows(f"SELECT DISTINCT namespace FROM {S.SCHEMA}.records ORDER BY 1")]

    def record_list(self, namespace: str) -> dict[str, str]:
        rows = self._rows(
            f"SELECT key, value FROM {S.SCHEMA}.records WHERE namespace = %s ORDER BY key", (namespace,)
        )
        return dict(rows)
