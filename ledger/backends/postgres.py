"""The PostgreSQL store: one database shared by every writer of a city-wide deployment (psycopg 3).

Writers at different sites never wait for each other: a write session is one READ COMMITTED transaction that
takes a transaction-level advisory lock per site it writes (in one global order, so multi-site batches do not
deadlock), reads each site's head under that lock and appends rows continuing it. The global `seq` comes from a
sequence: unique, and increasing along every site's chain, but with gaps where a transaction rolled back, and
writers at different sites may commit out of seq order. The database guards itself (pg_schema): append-only
triggers, a chain check on insert, the actor bound to the login role, INSERT-only grants.

Connections come from a small pool in the store: point reads run in autocommit; each streamed read (`events`,
`chain`) gets a connection of its own holding a server-side cursor in a read-only transaction, so a reader can
interleave other reads and never loads a million rows into memory. Every psycopg error becomes a LedgerError in
pg_errors, the one place this happens for this backend.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

from ledger.backends import pg_schema as S
from ledger.backends.pg_cache import PgCache
from ledger.backends.pg_errors import connection_message, first_line, redact, translate
from ledger.backends.pg_session import EVENTS, Session, get_by_id, read_head, site_lock_key
from ledger.backends.rows import COLUMNS, OCCURRED_AT, OCCURRED_ON, row_event
from ledger.envelope import Event
from ledger.errors import LedgerError
from ledger.messages import msg, os_reason
from ledger.store import SCHEMA_VERSION, Head

FETCH = 2000  # rows per round trip of a streamed read
IDLE = 4  # connections kept open for reuse
LOCK_TIMEOUT = "60s"  # a writer waits this long for a site another writer holds, then gives up (retryable)
# Rows a transaction appends by COPY (a migrate, a large import) after which the events table is analysed.
BULK = 10_000
COLUMN_LIST = COLUMNS.split(", ")
# Every site once, by a loose index scan over (site, ...): two index probes per site, however many events.
_SITES = f"""WITH RECURSIVE s(site) AS (
                (SELECT site FROM {EVENTS} ORDER BY site LIMIT 1)
                UNION ALL
                SELECT (SELECT e.site FROM {EVENTS} e WHERE e.site > s.site ORDER BY e.site LIMIT 1)
                FROM s WHERE s.site IS NOT NULL
            )"""


class PostgresStore(PgCache):
    """An opsledger ledger in a PostgreSQL database (schema `opsledger`)."""

    def __init__(self, url: str, *, create: bool = False) -> None:
        self._dsn = url
        self.url = redact(url)
        self._idle: list[psycopg.Connection] = []
        self._pool_lock = threading.Lock()
        self._closed = False
        self.created = False
        with self._conn() as conn, translate(self.url):
            if create:
                self.created = self._create(conn)
            self._check_schema(conn)
            login, can_insert, can_cache, standby = conn.execute(
                f"SELECT session_user, has_table_privilege('{EVENTS}', 'INSERT'), "
                f"has_table_privilege('{S.SCHEMA}.projection', 'INSERT'), pg_is_in_recovery()"
            ).fetchone()
        self.login: str | None = login
        self.read_only = bool(standby or not can_insert)
        self._cache_writable = bool(can_cache and not standby)

    # -- connections ----------------------------------------------------------------------------------------

    def _connect(self) -> psycopg.Connection:
        try:
            conn = psycopg.connect(
                self._dsn, autocommit=True, connect_timeout=10, application_name="opsledger"
            )
            conn.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
            return conn
        except psycopg.Error as err:
            raise LedgerError(connection_message(err, self.url)) from None

    def _take(self) -> psycopg.Connection:
        if self._closed:
            raise LedgerError(msg("pg.closed", url=self.url))
        with self._pool_lock:
            while self._idle:
                conn = self._idle.pop()
                if not conn.closed:
                    return conn
        return self._connect()

    def _give(self, conn: psycopg.Connection) -> None:
        _rollback(conn)
        with self._pool_lock:
            if not conn.closed and not self._closed and len(self._idle) < IDLE:
                self._idle.append(conn)
                return
        conn.close()

    @contextmanager
    def _conn(self) -> Iterator[psycopg.Connection]:
        conn = self._take()
        try:
            yield conn
        finally:
            self._give(conn)

    def close(self) -> None:
        with self._pool_lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    # -- schema ---------------------------------------------------------------------------------------------

    def _create(self, conn: psycopg.Connection) -> bool:
        """Create the schema if it is not there (one transaction; concurrent inits wait for each other)."""
        try:
            return self._create_schema(conn)
        except psycopg.errors.InsufficientPrivilege as err:
            raise LedgerError(msg("pg.init_owner", url=self.url, detail=first_line(err))) from None

    def _create_schema(self, conn: psycopg.Connection) -> bool:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (site_lock_key("\0init"),))
            if _has_schema(conn):
                return False
            self._ensure_roles(conn)
            for statement in [*S.TABLES, *S.FUNCTIONS, *S.TRIGGERS.values(), *S.GRANTS]:
                conn.execute(statement.encode())
            conn.execute(
                f"INSERT INTO {S.SCHEMA}.meta (key, value) VALUES ('schema_version', %s), ('format', 'opsledger')",
                (str(SCHEMA_VERSION),),
            )
        return True

    def _ensure_roles(self, conn: psycopg.Connection) -> None:
        existing = {r[0] for r in conn.execute("SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)",
                                               ([S.USER_ROLE, S.APP_ROLE],))}  # fmt: skip
        missing = [r for r in (S.USER_ROLE, S.APP_ROLE) if r not in existing]
        if missing:
            user, may = conn.execute(
                "SELECT session_user, rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = session_user"
            ).fetchone()
            if not may:
                raise LedgerError(
                    msg(
                        "pg.roles_missing",
                        url=self.url,
                        user=user,
                        user_role=S.USER_ROLE,
                        app_role=S.APP_ROLE,
                    )
                )
            for role in missing:
                conn.execute(f"CREATE ROLE {role} NOLOGIN".encode())
        member = conn.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", (S.APP_ROLE, S.USER_ROLE)).fetchone()[0]
        if not member:
            conn.execute(f"GRANT {S.USER_ROLE} TO {S.APP_ROLE}".encode())

    def _check_schema(self, conn: psycopg.Connection) -> None:
        if not _has_schema(conn):
            raise LedgerError(msg("pg.no_ledger", url=self.url))
        row = conn.execute(f"SELECT value FROM {S.SCHEMA}.meta WHERE key = 'schema_version'").fetchone()
        if row is None or row[0] != str(SCHEMA_VERSION):
            found = row[0] if row else msg("pg.schema_none")
            raise LedgerError(msg("pg.schema", url=self.url, found=found, expected=SCHEMA_VERSION))

    def integrity_problems(self) -> list[str]:
        with self._conn() as conn, translate(self.url):
            state = dict(conn.execute(S.TRIGGER_STATE).fetchall())
            wide = conn.execute(S.WIDE_GRANTS).fetchall()
        problems = []
        for name in S.TRIGGERS:
            if name not in state:
                problems.append(str(msg("pg.trigger_missing", name=name)))
            elif state[name] not in ("O", "A"):
                problems.append(str(msg("pg.trigger_disabled", name=name)))
        problems += [str(msg("pg.wide_grant", role=role, privilege=privilege)) for role, privilege in wide]
        return problems

    # -- writing --------------------------------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction on a connection of its own; per-site locks are taken by the session's `lock`."""
        if self.read_only:
            raise LedgerError(msg("pg.read_only", url=self.url, login=repr(self.login), role=S.USER_ROLE))
        with self._conn() as conn:
            with translate(self.url):
                conn.execute("BEGIN")
            try:
                session = Session(conn, self.url)
                yield session
            except BaseException:
                _rollback(conn)
                raise
            with translate(self.url):
                conn.execute("COMMIT")
            if session.loaded >= BULK:
                _analyse(conn)

    # -- reading --------------------------------------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[Any] = (), *, prepare: bool | None = None) -> list[Any]:
        with self._conn() as conn, translate(self.url):
            return conn.execute(sql.encode(), params, prepare=prepare).fetchall()

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> None:
        with self._conn() as conn, translate(self.url):
            conn.execute(sql.encode(), params)

    def _stream(self, sql: str, params: Sequence[Any]) -> Iterator[Any]:
        """Rows of one query (ending in ORDER BY), from one snapshot. Most reads are small (a site's state, one
        site's quarter): one round trip fetches up to FETCH rows and, if that was all, they are the answer.
        A longer result is read afresh through a server-side cursor on a connection of its own (nothing has
        been yielded yet, so the rows still come from one snapshot), FETCH at a time.

        The probe is never a prepared statement: psycopg prepares a query on its fifth run, and PostgreSQL may
        then plan it once for any values. For `type = ANY($2) ... ORDER BY seq LIMIT 2001` that generic plan
        walks the primary key and filters, reading the whole table to find the few hundred events of the
        state types each `append` folds (0.4 s at 200,000 events, growing with the ledger); planned with the
        values it reads the (type, site) index and sorts (0.5 ms)."""
        first = self._rows(f"{sql} LIMIT {FETCH + 1}", params, prepare=False)
        if len(first) <= FETCH:
            yield from first
            return
        del first
        conn = self._take()
        try:
            with translate(self.url):
                conn.execute("BEGIN READ ONLY")
                # A cursor is planned for its first tenth (cursor_tuple_fraction 0.1): for one site's rows in seq
                # order that is the primary key walked from the start with the site as a filter, the whole table
                # read for one site's events (11.4 s for 131,357 events at 10M). Every caller reads the cursor to
                # its end, so it is planned for all its rows, as the probe was: the site's index and a sort.
                conn.execute("SET LOCAL cursor_tuple_fraction = 1.0")
                cursor = conn.cursor(name="opsledger_read")
                cursor.itersize = FETCH
                cursor.execute(sql.encode(), params)
            while True:
                with translate(self.url):
                    rows = cursor.fetchmany(FETCH)
                if not rows:
                    break
                yield from rows
            with translate(self.url):
                cursor.close()
                conn.execute("COMMIT")
        finally:
            self._give(conn)

    def heads(self) -> dict[str, Head]:
        # A loose index scan over (site, site_seq): two index probes per site, whatever the events count.
        sql = f"""
            {_SITES}
            SELECT h.site, h.site_seq, h.hash, h.recorded_at, h.seq FROM s CROSS JOIN LATERAL (
                SELECT site, site_seq, hash, recorded_at, seq FROM {EVENTS} e
                WHERE e.site = s.site ORDER BY e.site_seq DESC LIMIT 1
            ) h"""
        return {site: Head(n, digest, rec, seq) for site, n, digest, rec, seq in self._rows(sql)}

    def head(self, site: str) -> Head:
        with self._conn() as conn:
            return read_head(conn, site, self.url)

    def last(self) -> Event | None:
        rows = self._rows(f"SELECT {COLUMNS} FROM {EVENTS} ORDER BY seq DESC LIMIT 1")
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
        # No "seq > 0" when nothing is skipped: a range the planner need not weigh (see `write`).
        clauses: list[str] = ["seq > %s"] if after_seq > 0 else ["TRUE"]
        params: list[Any] = [after_seq] if after_seq > 0 else []
        if after_site_seq > 0:
            clauses.append("site_seq > %s")
            params.append(min(after_site_seq, 2**63 - 1))
        if upto_seq is not None:
            clauses.append("seq <= %s")
            params.append(min(upto_seq, 2**63 - 1))
        site_list = [site] if site else list(sites or [])
        if site_list:
            clauses.append("site = ANY(%s)")
            params.append(site_list)
        type_list = list(types or [])
        if type_list:
            clauses.append("type = ANY(%s)")
            params.append(type_list)
        for clause, value in (
            ("occurred_on >= %s", start),
            ("occurred_on <= %s", end),
            ("recorded_at <= %s", as_of),
        ):
            if value:
                clauses.append(clause)
                params.append(value)
        sql = f"SELECT {COLUMNS} FROM {EVENTS} WHERE {' AND '.join(clauses)} ORDER BY seq"
        return (row_event(row) for row in self._stream(sql, params))

    def amending(self, targets: Collection[str]) -> Iterator[Event]:
        sql = (
            f"SELECT {COLUMNS} FROM {EVENTS} WHERE type IN ('correction', 'retraction') "
            "AND (payload::jsonb ->> 'target') = ANY(%s) ORDER BY seq"
        )
        return (row_event(row) for row in self._stream(sql, [sorted(set(targets))]))

    def get(self, seq: int) -> Event | None:
        if not 0 < seq < 2**63:
            return None
        rows = self._rows(f"SELECT {COLUMNS} FROM {EVENTS} WHERE seq = %s", (seq,))
        return row_event(rows[0]) if rows else None

    def get_by_id(self, event_id: str, site: str | None = None) -> Event | None:
        with self._conn() as conn:
            return get_by_id(conn, event_id, site, self.url)

    def chain(self, site: str, upto_site_seq: int | None = None) -> Iterator[Event]:
        sql = f"SELECT {COLUMNS} FROM {EVENTS} WHERE site = %s"
        params: list[Any] = [site]
        if upto_site_seq is not None:
            sql += " AND site_seq <= %s"
            params.append(upto_site_seq)
        for row in self._stream(sql + " ORDER BY site_seq", params):
            if row[OCCURRED_ON] != row[OCCURRED_AT][:10]:
                raise LedgerError(msg("db.row_edited", site=site, n=row[2], seq=row[0],
                                      stored=repr(row[OCCURRED_ON]), hashed=repr(row[OCCURRED_AT])))  # fmt: skip
            yield row_event(row)

    def rows(self, sites: Iterable[str] | None = None) -> Iterator[Sequence[Any]]:
        site_list = None if sites is None else list(sites)
        if site_list == []:
            return iter(())
        sql = f"SELECT {COLUMNS} FROM {EVENTS}" + (" WHERE site = ANY(%s)" if site_list else "")
        return self._stream(sql + " ORDER BY seq", [site_list] if site_list else [])

    def seq_at(self, as_of: str) -> int:
        return self._rows(f"SELECT MAX(seq) FROM {EVENTS} WHERE recorded_at <= %s", (as_of,))[0][0] or 0

    def site_stats(self) -> dict[str, tuple[int, str | None, str | None]]:
        sql = f"SELECT site, COUNT(*), MIN(occurred_on), MAX(occurred_on) FROM {EVENTS} GROUP BY site"
        return {site: (n, first, last) for site, n, first, last in self._rows(sql)}

    def last_occurred_on(self, as_of: str | None = None) -> str | None:
        if as_of is None:
            # A loose index scan, as `heads`: the last day of each site on events_site_day, not the whole index.
            sql = f"""
                {_SITES}
                SELECT MAX((SELECT MAX(d.occurred_on) FROM {EVENTS} d WHERE d.site = s.site))
                FROM s WHERE s.site IS NOT NULL"""
            return self._rows(sql)[0][0]
        return self._rows(f"SELECT MAX(occurred_on) FROM {EVENTS} WHERE recorded_at <= %s", (as_of,))[0][0]

    # -- evidence files, in the database (every server-side writer sees the same files) ---------------------

    def blob_put(self, source: Path) -> str:
        try:
            data = Path(source).read_bytes()
        except OSError as err:
            raise LedgerError(msg("file.cannot_read", path=str(source), reason=os_reason(err))) from None
        sha = hashlib.sha256(data).hexdigest()
        self._exec(
            f"INSERT INTO {S.SCHEMA}.blobs (sha256, size, content) VALUES (%s, %s, %s) "
            "ON CONFLICT (sha256) DO NOTHING",
            (sha, len(data), data),
        )
        return sha

    def blob_get(self, sha256: str) -> bytes | None:
        rows = self._rows(f"SELECT content FROM {S.SCHEMA}.blobs WHERE sha256 = %s", (sha256,))
        return bytes(rows[0][0]) if rows else None

    def blob_status(self, sha256: str) -> str:
        data = self.blob_get(sha256)
        if data is None:
            return "missing"
        return "stored" if hashlib.sha256(data).hexdigest() == sha256 else "corrupt"


def _has_schema(conn: psycopg.Connection) -> bool:
    sql = "SELECT 1 FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid WHERE n.nspname = %s AND c.relname = 'meta'"
    return conn.execute(sql, (S.SCHEMA,)).fetchone() is not None


def _analyse(conn: psycopg.Connection) -> None:
    """The events table analysed after a bulk load. Until it is, the planner guesses how many rows a seq range
    holds: right after `opsledger migrate` filled it, reading a site's new events (every refresh does, once per
    site) ANDed a bitmap of the whole primary key and took 9 ms at 200,000 events where it takes 0.5 ms analysed,
    growing with the ledger (issue 15), until autovacuum analysed the table a minute or so later. Best effort: the
    load is committed already, so a failure here is left to autovacuum, as is a login that does not own the
    table (PostgreSQL skips it with a warning)."""
    try:
        conn.execute(f"ANALYZE {EVENTS}")
    except psycopg.Error:
        _rollback(conn)


def _rollback(conn: psycopg.Connection) -> None:
    try:
        if not conn.closed and conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            conn.execute("ROLLBACK")
    except psycopg.Error:
        conn.close()  # the connection is gone: the server has rolled back already
