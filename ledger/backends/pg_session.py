"""A PostgreSQL write session: per-site advisory locks, heads read under them, rows appended by COPY."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import psycopg

from ledger.backends import pg_schema as S
from ledger.backends.pg_errors import translate
from ledger.backends.rows import COLUMNS, event_row, row_event
from ledger.envelope import Event
from ledger.store import Found, Head, check_continues, check_copied

EVENTS = f"{S.SCHEMA}.events"
# Every (site, id) and (site, idempotency key) of an import's chunk in one statement: the pairs arrive as two
# arrays each and are joined to the unique indexes on (site, id) and (site, idempotency_key); `k` says which.
_FIND_MANY = (
    f"SELECT 0 AS k, {COLUMNS} FROM {EVENTS} JOIN unnest(%s::text[], %s::text[]) AS w(s, v) "
    "ON site = w.s AND id = w.v "
    f"UNION ALL SELECT 1 AS k, {COLUMNS} FROM {EVENTS} JOIN unnest(%s::text[], %s::text[]) AS w(s, v) "
    "ON site = w.s AND idempotency_key = w.v"
).encode()
_INSERT_ONE = (
    f"INSERT INTO {EVENTS} ({COLUMNS.removeprefix('seq, ')}) VALUES ({', '.join(['%s'] * 17)}) RETURNING seq"
).encode()


def site_lock_key(site: str) -> int:
    """The advisory-lock key of a site's chain: 64 bits of a hash (a collision only makes two sites share)."""
    digest = hashlib.sha256(b"opsledger site\0" + site.encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def read_head(conn: psycopg.Connection, site: str, where: str) -> Head:
    with translate(where):
        row = conn.execute(
            f"SELECT site_seq, hash, recorded_at, seq FROM {EVENTS} WHERE site = %s ORDER BY site_seq DESC LIMIT 1",
            (site,),
        ).fetchone()
    return Head(*row) if row else Head()


def get_by_id(conn: psycopg.Connection, event_id: str, site: str | None, where: str) -> Event | None:
    sql = (
        f"SELECT {COLUMNS} FROM {EVENTS} WHERE id = %s"
        + (" AND site = %s" if site else "")
        + " ORDER BY seq LIMIT 1"
    )
    with translate(where):
        row = conn.execute(sql.encode(), (event_id, site) if site else (event_id,)).fetchone()
    return row_event(row) if row else None


class Session:
    """A write transaction: per-site advisory locks, heads read under them, rows appended by COPY."""

    def __init__(self, conn: psycopg.Connection, where: str) -> None:
        self._conn = conn
        self._where = where
        self._heads: dict[str, Head] = {}
        self._locked: set[str] = set()
        self.loaded = 0  # rows appended by COPY: a bulk load has the table analysed when it commits

    def lock(self, sites: Iterable[str]) -> None:
        # One global order (by key) in every session: two multi-site batches never wait for each other in a cycle.
        # A later call locking more sites can still meet another writer in a cycle; PostgreSQL then aborts one of
        # them and it surfaces as a retryable HeadConflict.
        new = sorted({s for s in sites if s not in self._locked}, key=site_lock_key)
        with translate(self._where):
            for site in new:
                self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (site_lock_key(site),))
        self._locked.update(new)

    def head(self, site: str) -> Head:
        if site not in self._heads:
            self.lock([site])  # a head read without the lock could be stale by the time we append
            self._heads[site] = read_head(self._conn, site, self._where)
        return self._heads[site]

    def find(
        self, site: str, ids: Iterable[str], keys: Iterable[str]
    ) -> tuple[dict[str, Event], dict[str, Event]]:
        return self._lookup(site, "id", list(ids)), self._lookup(site, "idempotency_key", list(keys))

    def find_many(self, wanted: Mapping[str, tuple[Sequence[str], Sequence[str]]]) -> tuple[Found, Found]:
        """One round trip for a chunk's lookups at every site (an import's chunk of 1,000 events spans up to a
        hundred sites: one `find` per site was a round trip each, a fifth of a PostgreSQL import's time)."""
        pairs: tuple[list[str], list[str], list[str], list[str]] = ([], [], [], [])
        for site, (ids, keys) in wanted.items():
            pairs[0].extend([site] * len(ids))
            pairs[1].extend(ids)
            pairs[2].extend([site] * len(keys))
            pairs[3].extend(keys)
        by_id: Found = {}
        by_key: Found = {}
        if not pairs[1] and not pairs[3]:
            return by_id, by_key
        with translate(self._where):
            rows = self._conn.execute(_FIND_MANY, pairs).fetchall()
        for kind, *row in rows:
            event = row_event(row)
            if kind == 0:
                by_id[(event.site, event.id)] = event
            else:
                by_key[(event.site, event.idempotency_key or "")] = event
        return by_id, by_key

    def _lookup(self, site: str, column: str, values: list[str]) -> dict[str, Event]:
        if not values:
            return {}
        sql = f"SELECT {COLUMNS} FROM {EVENTS} WHERE site = %s AND {column} = ANY(%s)"
        with translate(self._where):
            rows = self._conn.execute(sql.encode(), (site, values)).fetchall()
        events = [row_event(r) for r in rows]
        return {(e.id if column == "id" else e.idempotency_key or ""): e for e in events}

    def get_by_id(self, event_id: str, site: str | None = None) -> Event | None:
        return get_by_id(self._conn, event_id, site, self._where)

    def insert(self, rows: Sequence[Event]) -> list[int]:
        if not rows:
            return []
        for row in rows:
            head = self.head(row.site)
            check_continues(row, head)
            self._heads[row.site] = Head(row.site_seq, row.hash, row.recorded_at)
        if len(rows) == 1:  # an operator's one event: one round trip (the sequence fills seq)
            with translate(self._where):
                seqs = [self._conn.execute(_INSERT_ONE, event_row(rows[0])[1:]).fetchone()[0]]
            self._heads[rows[0].site] = Head(rows[0].site_seq, rows[0].hash, rows[0].recorded_at, seqs[0])
            return seqs
        with translate(self._where):
            seqs = sorted(
                r[0]
                for r in self._conn.execute(
                    f"SELECT nextval('{S.SCHEMA}.event_seq') FROM generate_series(1, %s)", (len(rows),)
                )
            )
        self._copy_in([(seq, *event_row(r)[1:]) for seq, r in zip(seqs, rows, strict=True)])
        for seq, row in zip(seqs, rows, strict=True):
            self._heads[row.site] = Head(row.site_seq, row.hash, row.recorded_at, seq)
        return seqs

    def copy(self, rows: Sequence[Event]) -> None:
        if not rows:
            return
        self.lock({r.site for r in rows})
        with translate(self._where):
            last = self._conn.execute(f"SELECT COALESCE(MAX(seq), 0) FROM {EVENTS}").fetchone()[0]
        for row in rows:
            check_copied(row, self.head(row.site), last)
            last = row.seq
            self._heads[row.site] = Head(row.site_seq, row.hash, row.recorded_at, row.seq)
        self._copy_in([event_row(r) for r in rows])
        with translate(self._where):  # new events continue after the copied seqs
            self._conn.execute(
                f"SELECT setval('{S.SCHEMA}.event_seq', GREATEST(%s, nextval('{S.SCHEMA}.event_seq')))",
                (last,),
            )

    def _copy_in(self, values: list[tuple[Any, ...]]) -> None:
        self.loaded += len(values)
        with translate(self._where), self._conn.cursor() as cur:
            with cur.copy(f"COPY {EVENTS} ({COLUMNS}) FROM STDIN".encode()) as copy:
                for value in values:
                    copy.write_row(value)
