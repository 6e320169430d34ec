"""The SQLite event store: append-only (enforced by triggers), hash-chained, safe for concurrent writers.

All storage errors are translated into LedgerError here, in `_translate`, so no sqlite3 exception leaks out.
"""

from __future__ import annotations

import difflib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from ledger.envelope import (
    GENESIS,
    Draft,
    Event,
    canonical_bytes,
    canonical_json,
    event_hash,
    format_instant,
    normalise_occurred,
    now,
    validate_payload,
)
from ledger.errors import DuplicateEvent, LedgerError
from ledger.events import ASSESSOR_ONLY_TYPES, CATALOG, META_TYPES
from ledger.roles import Roles, fold_roles

if TYPE_CHECKING:
    import sqlite_utils

SCHEMA_VERSION = 1
BATCH = 1000
# Page cache for one import (KiB; SQLite's default is 2 MiB). An import is one transaction, so nothing is
# checkpointed until it commits: with the default cache the six indexes' pages (the prev_hash index is filled
# in random order) are spilled and read back over and over. 64 MiB took a million-event import from 62 s to
# 50 s; peak RSS stays near 120 MB whatever the file size (the cache is bounded).
IMPORT_CACHE_KIB = 65536

_TRIGGERS = """
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only: append a correction instead'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only: append a retraction instead'); END;
"""

_COLUMNS = (
    "seq, id, type, version, site, occurred_at, occurred_on, recorded_at, actor, payload, evidence, "
    "idempotency_key, prev_hash, hash"
)


@dataclass(frozen=True)
class AppendResult:
    added: int
    duplicates: int
    first_seq: int | None
    last_seq: int | None
    head_hash: str


@dataclass(frozen=True)
class ChainStatus:
    count: int
    head_seq: int
    head_hash: str


@dataclass(frozen=True)
class SiteSummary:
    site: str
    name: str
    events: int
    first: str | None
    last: str | None


@contextmanager
def _translate(path: Path) -> Iterator[None]:
    """Storage errors become one-line LedgerErrors (the one place this happens)."""
    try:
        yield
    except sqlite3.IntegrityError as err:
        raise LedgerError(f"{path}: refused by the database: {err}") from None
    except sqlite3.OperationalError as err:
        text = str(err)
        if "locked" in text or "busy" in text:
            raise LedgerError(
                f"{path}: the ledger is busy (another writer held it too long); try again"
            ) from None
        if "append-only" in text:
            raise LedgerError(f"{path}: {text}") from None
        raise LedgerError(f"{path}: database error: {text}") from None
    except sqlite3.DatabaseError as err:
        raise LedgerError(f"{path}: not an opsledger database ({err})") from None


def _row_to_event(row: tuple[Any, ...]) -> Event:
    return Event(
        seq=row[0], id=row[1], type=row[2], version=row[3], site=row[4], occurred_at=row[5],
        recorded_at=row[7], actor=row[8], payload=json.loads(row[9]),
        evidence=() if row[10] == "[]" else tuple(json.loads(row[10])),
        idempotency_key=row[11], prev_hash=row[12], hash=row[13],
    )  # fmt: skip


class Ledger:
    """One SQLite file holding the event log (and, beside it, projections written by upper layers)."""

    def __init__(self, path: str | Path, *, create: bool = False) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            raise LedgerError(f"no ledger at {self.path}: run `opsledger init` (or pass --db PATH)")
        with _translate(self.path):
            conn = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
            self._conn = conn
            self._db: sqlite_utils.Database | None = None
            conn.execute("PRAGMA recursive_triggers=on")  # as sqlite_utils.Database(conn) sets it
            conn.execute("PRAGMA busy_timeout = 60000")
            if create:
                self._create_schema()
            elif not self._has_events():
                raise LedgerError(
                    f"{self.path} is not an opsledger ledger: run `opsledger init` to create one"
                )
            conn.execute("PRAGMA synchronous = FULL")

    @property
    def db(self) -> sqlite_utils.Database:
        """The sqlite_utils view of the connection, imported on first use (so `opsledger log` never loads it)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self._conn)
        return self._db

    @property
    def conn(self) -> sqlite3.Connection:
        return self._conn

    def _has_events(self) -> bool:
        sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'"
        return self._conn.execute(sql).fetchone() is not None

    def close(self) -> None:
        self.conn.close()

    # -- schema -----------------------------------------------------------------------------------------

    def _create_schema(self) -> None:
        self.db.enable_wal()
        if self.db["events"].exists():
            return
        self.db["events"].create(
            {
                "seq": int, "id": str, "type": str, "version": int, "site": str, "occurred_at": str,
                "occurred_on": str, "recorded_at": str, "actor": str, "payload": str, "evidence": str,
                "idempotency_key": str, "prev_hash": str, "hash": str,
            },
            pk="seq",
            not_null={"id", "type", "version", "site", "occurred_at", "occurred_on", "recorded_at", "actor",
                      "payload", "evidence", "prev_hash", "hash"},
        )  # fmt: skip
        table = self.db["events"]
        table.create_index(["id"], unique=True)
        table.create_index(["idempotency_key"], unique=True)
        table.create_index(["prev_hash"], unique=True)  # two events can never share a parent: no fork
        table.create_index(["site", "occurred_on"])
        table.create_index(["type", "site"])
        table.create_index(["recorded_at"])
        self.db["meta"].insert({"key": "schema_version", "value": str(SCHEMA_VERSION)}, pk="key")
        self.conn.executescript(_TRIGGERS)

    # -- writing ----------------------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[_WriteContext]:
        """One IMMEDIATE transaction: takes the write lock first, so the head we chain onto stays the head."""
        with _translate(self.path):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                ctx = _WriteContext(self)
                yield ctx
                ctx.flush()
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise

    def append(self, draft: Draft) -> Event:
        """Validate and append one event; DuplicateEvent if its idempotency key or id is already stored."""
        with self._write() as ctx:
            seq = ctx.add(draft)
        if seq is None:
            raise AssertionError("unreachable: duplicates raise")
        return self.get(seq)

    def append_many(
        self, drafts: Iterable[tuple[int, Draft]], progress: Callable[[int], None] | None = None
    ) -> AppendResult:
        """Append (line number, draft) pairs in ONE transaction: any bad line rolls everything back.

        Events whose id is already in the ledger are skipped as duplicates, so re-importing adds nothing.
        """
        previous = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        self.conn.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
        try:
            return self._append_many(drafts, progress)
        finally:
            self.conn.execute(f"PRAGMA cache_size = {previous}")

    def _append_many(
        self, drafts: Iterable[tuple[int, Draft]], progress: Callable[[int], None] | None
    ) -> AppendResult:
        with self._write() as ctx:
            stream = iter(drafts)
            while True:
                # A chunk at a time, so its ids and keys are looked up in one query each (ctx.prefetch). A
                # reading error is raised only after the lines before it, as reading line by line would.
                chunk, error = _take(stream, BATCH)
                ctx.prefetch([draft for _, draft in chunk])
                for line, draft in chunk:
                    try:
                        ctx.add(draft, skip_duplicates=True)
                    except LedgerError as err:
                        raise LedgerError(f"line {line}: {err}") from None
                    if progress and (ctx.added + ctx.duplicates) % BATCH == 0:
                        progress(ctx.added + ctx.duplicates)
                if error is not None:
                    raise error
                if len(chunk) < BATCH:
                    break
        return AppendResult(ctx.added, ctx.duplicates, ctx.first_seq, ctx.last_seq, ctx.head_hash)

    # -- reading ----------------------------------------------------------------------------------------

    def head(self) -> tuple[int, str]:
        row = self.conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
        return (row[0], row[1]) if row else (0, GENESIS)

    def get(self, seq: int) -> Event:
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM events WHERE seq = ?", (seq,)).fetchone()
        if row is None:
            last = self.head()[0]
            raise LedgerError(f"no event with sequence number {seq} (the ledger holds 1..{last})")
        return _row_to_event(row)

    def get_by_id(self, event_id: str) -> Event | None:
        row = self.conn.execute(f"SELECT {_COLUMNS} FROM events WHERE id = ?", (event_id,)).fetchone()
        return _row_to_event(row) if row else None

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
    ) -> Iterator[Event]:
        """Stream events in sequence order; `start`/`end` are inclusive occurred dates, `as_of` a recorded instant."""
        clauses, params = ["seq > ?"], [after_seq]
        if upto_seq is not None:
            clauses.append("seq <= ?")
            params.append(upto_seq)
        site_list = [site] if site else list(sites or [])
        if site_list:
            clauses.append(f"site IN ({','.join('?' * len(site_list))})")
            params.extend(site_list)
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
        sql = f"SELECT {_COLUMNS} FROM events WHERE {' AND '.join(clauses)} ORDER BY seq"
        with _translate(self.path):
            for row in self.conn.execute(sql, params):
                yield _row_to_event(row)

    def seq_at(self, as_of: str) -> int:
        """The last sequence number recorded by an instant (0 if none)."""
        row = self.conn.execute("SELECT MAX(seq) FROM events WHERE recorded_at <= ?", (as_of,)).fetchone()
        return row[0] or 0

    def registered_sites(self) -> dict[str, str]:
        """site id -> display name, from site_registered events."""
        rows = self.conn.execute(
            "SELECT site, payload FROM events WHERE type = 'site_registered' ORDER BY seq"
        )
        return {site: json.loads(payload)["name"] for site, payload in rows}

    def sites(self) -> list[SiteSummary]:
        names = self.registered_sites()
        stats = {
            site: (n, first, last)
            for site, n, first, last in self.conn.execute(
                "SELECT site, COUNT(*), MIN(occurred_on), MAX(occurred_on) FROM events GROUP BY site"
            )
        }
        return [SiteSummary(s, names[s], *stats.get(s, (0, None, None))) for s in sorted(names)]

    def roles(self) -> Roles:
        rows = self.conn.execute(
            "SELECT site, payload FROM events WHERE type = 'actor_role_granted' ORDER BY seq"
        )
        return fold_roles((site, json.loads(payload)) for site, payload in rows)

    def verify(self, upto_seq: int | None = None) -> ChainStatus:
        """Recompute every hash from the genesis; LedgerError naming the first bad sequence number."""
        prev, count, last_seq, expected_seq = GENESIS, 0, 0, 1
        bounded = upto_seq is not None  # upto_seq=0 (as of before the first event) verifies nothing
        sql = (
            "SELECT seq, id, type, version, site, occurred_at, recorded_at, actor, payload, evidence, "
            "idempotency_key, prev_hash, hash FROM events"
            + (" WHERE seq <= ?" if bounded else "")
            + " ORDER BY seq"
        )
        with _translate(self.path):
            cursor = self.conn.execute(sql, (upto_seq,) if bounded else ())
            body_of, hash_of = canonical_bytes, event_hash  # locals: this loop runs once per stored event
            while rows := cursor.fetchmany(BATCH):
                for (
                    seq,
                    eid,
                    etype,
                    ver,
                    site,
                    occ,
                    rec,
                    actor,
                    payload,
                    evidence,
                    key,
                    prev_hash,
                    digest,
                ) in rows:
                    if seq != expected_seq:
                        raise LedgerError(
                            f"chain broken at seq {expected_seq}: event missing (next stored is {seq})"
                        )
                    if prev_hash != prev:
                        raise LedgerError(
                            f"chain broken at seq {seq}: prev_hash does not match event {seq - 1}"
                        )
                    body = body_of(seq, eid, etype, ver, site, occ, rec, actor, payload, evidence, key, prev)
                    if hash_of(body) != digest:
                        raise LedgerError(f"chain broken at seq {seq}: its content does not match its hash")
                    prev, count, last_seq, expected_seq = digest, count + 1, seq, seq + 1
        return ChainStatus(count, last_seq, prev)


def _take(stream: Iterator[tuple[int, Draft]], n: int) -> tuple[list[tuple[int, Draft]], Exception | None]:
    """Up to n items from the stream, and the error that stopped it early (raised by the caller later)."""
    chunk: list[tuple[int, Draft]] = []
    try:
        for item in stream:
            chunk.append(item)
            if len(chunk) == n:
                break
    except Exception as err:  # noqa: BLE001 - handed back, raised after the lines read before it
        return chunk, err
    return chunk, None


class _WriteContext:
    """State of one write transaction: the head, known sites and roles, the pending batch."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.conn = ledger.conn
        self.seq, self.head_hash = ledger.head()
        self.sites = set(ledger.registered_sites())
        self.roles = ledger.roles()
        self.batch: list[tuple[Any, ...]] = []
        self.pending: dict[str, tuple[str, str, str]] = {}  # id -> (type, site, occurred_at) not yet flushed
        self.keys: set[str] = set()
        # Ids and keys of the current chunk already looked up (prefetch): stored ones with their seq, and those
        # known absent (an absent one is dropped from the set when it is flushed, so the set never goes stale).
        self.stored_ids: dict[str, int] = {}
        self.absent_ids: set[str] = set()
        self.stored_keys: dict[str, int] = {}
        self.absent_keys: set[str] = set()
        self.added = self.duplicates = 0
        self.first_seq: int | None = None
        self.last_seq: int | None = None
        self.recorded_at = format_instant(now())

    def _known(self, event_id: str) -> tuple[str, str, str] | None:
        if event_id in self.pending:
            return self.pending[event_id]
        row = self.conn.execute(
            "SELECT type, site, occurred_at FROM events WHERE id = ?", (event_id,)
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def prefetch(self, drafts: list[Draft]) -> None:
        """Look up a chunk's ids and idempotency keys in one query each, instead of one SELECT per event."""
        self.stored_ids, self.absent_ids = self._lookup("id", [d.id for d in drafts if d.id is not None])
        keys = [d.idempotency_key for d in drafts if d.idempotency_key is not None]
        self.stored_keys, self.absent_keys = self._lookup("idempotency_key", keys)

    def _lookup(self, column: str, values: list[str]) -> tuple[dict[str, int], set[str]]:
        if not values:
            return {}, set()
        unique = list(dict.fromkeys(values))
        sql = f"SELECT {column}, seq FROM events WHERE {column} IN ({','.join('?' * len(unique))})"
        stored = dict(self.conn.execute(sql, unique).fetchall())
        return stored, {v for v in unique if v not in stored}

    def _stored_seq(self, column: str, value: str) -> int | None:
        """The seq of the stored event with this id or key, if any (from the prefetch when it has the answer)."""
        if column == "id":
            stored, absent = self.stored_ids, self.absent_ids
        else:
            stored, absent = self.stored_keys, self.absent_keys
        if value in absent:
            return None
        if value in stored:
            return stored[value]
        row = self.conn.execute(f"SELECT seq FROM events WHERE {column} = ?", (value,)).fetchone()
        return row[0] if row else None

    def add(self, draft: Draft, *, skip_duplicates: bool = False) -> int | None:
        if draft.idempotency_key is not None:
            if draft.idempotency_key in self.keys:
                return self._duplicate(skip_duplicates, f"idempotency key {draft.idempotency_key!r}", None)
            seq = self._stored_seq("idempotency_key", draft.idempotency_key)
            if seq is not None:
                return self._duplicate(skip_duplicates, f"idempotency key {draft.idempotency_key!r}", seq)
        if draft.id is not None:
            if draft.id in self.pending:
                return self._duplicate(skip_duplicates, f"event id {draft.id}", None)
            seq = self._stored_seq("id", draft.id)
            if seq is not None:
                return self._duplicate(skip_duplicates, f"event id {draft.id}", seq)
        self._check_site(draft)
        payload = validate_payload(draft.type, draft.payload)
        payload = self._check_target(draft, payload)
        self.roles.check(draft.type, draft.actor, draft.site)
        if draft.type == "assessor_key_registered":
            self.roles.check_key(payload["actor"], draft.actor, draft.site)
        if draft.type == "actor_role_granted":
            self.roles.grant(payload["actor"], payload["role"], draft.site)
        return self._stage(draft, payload)

    def _duplicate(self, skip: bool, what: str, seq: int | None) -> None:
        if skip:
            self.duplicates += 1
            return None
        raise DuplicateEvent(f"duplicate: {what} is already stored as seq {seq}; nothing appended", seq or 0)

    def _check_site(self, draft: Draft) -> None:
        if draft.type == "site_registered":
            if draft.site in self.sites:
                raise LedgerError(f"site {draft.site!r} is already registered")
            self.sites.add(draft.site)
            return
        if draft.site not in self.sites:
            close = difflib.get_close_matches(draft.site, sorted(self.sites), n=1)
            hint = f"did you mean {close[0]!r}?" if close else "register it with `opsledger site add`"
            raise LedgerError(f"unknown site {draft.site!r}: {hint}")

    def _check_target(self, draft: Draft, payload: dict[str, Any]) -> dict[str, Any]:
        """Meta events must point at an event of the same site; a correction's changes are stored validated."""
        if draft.type not in META_TYPES:
            return payload
        target = self._known(payload["target"])
        if target is None:
            raise LedgerError(f"{draft.type}: target event {payload['target']} is not in this ledger")
        target_type, target_site, _ = target
        if target_site != draft.site:
            raise LedgerError(
                f"{draft.type}: target event {payload['target']} belongs to site {target_site!r}"
            )
        # Correcting or retracting an assessor's event is itself assessor-only (else an operator could void
        # a judgement or a sign-off); attaching evidence to it is open to anyone.
        guarded = target_type
        if target_type == "correction":  # retracting a correction of an assessor's event is guarded too
            inner = self._known(self._original_payload(payload["target"])["target"])
            guarded = inner[0] if inner else target_type
        if draft.type in ("correction", "retraction") and guarded in ASSESSOR_ONLY_TYPES:
            self.roles.check(guarded, draft.actor, draft.site, doing=f"{draft.type} of {guarded} events")
        # A retraction may void a correction (undoing it); nothing else may point at a ledger-maintenance event.
        if target_type in META_TYPES and not (draft.type == "retraction" and target_type == "correction"):
            raise LedgerError(f"{draft.type}: cannot point at a {target_type} event")
        if draft.type != "correction":
            return payload
        changes = dict(payload["changes"])
        if not changes:
            raise LedgerError("correction: give at least one field=value to change")
        when = changes.pop("occurred_at", None)
        merged = validate_payload(target_type, {**self._original_payload(payload["target"]), **changes})
        clean = {k: merged[k] for k in changes}
        if when is not None:
            clean["occurred_at"] = normalise_occurred(str(when))
        return {**payload, "changes": clean}

    def _original_payload(self, event_id: str) -> dict[str, Any]:
        for row in self.batch:
            if row[1] == event_id:
                return json.loads(row[9])
        row = self.conn.execute("SELECT payload FROM events WHERE id = ?", (event_id,)).fetchone()
        return json.loads(row[0])

    def _stage(self, draft: Draft, payload: dict[str, Any]) -> int:
        self.seq += 1
        event_id = draft.id or uuid4().hex
        payload_json = canonical_json(payload)
        evidence_json = canonical_json([e.model_dump() for e in draft.evidence]) if draft.evidence else "[]"
        version = CATALOG[draft.type].version
        body = canonical_bytes(
            self.seq, event_id, draft.type, version, draft.site, draft.occurred_at, self.recorded_at,
            draft.actor, payload_json, evidence_json, draft.idempotency_key, self.head_hash,
        )  # fmt: skip
        digest = event_hash(body)
        self.batch.append((
            self.seq, event_id, draft.type, version, draft.site, draft.occurred_at, draft.occurred_at[:10],
            self.recorded_at, draft.actor, payload_json, evidence_json, draft.idempotency_key, self.head_hash, digest,
        ))  # fmt: skip
        self.pending[event_id] = (draft.type, draft.site, draft.occurred_at)
        if draft.idempotency_key is not None:
            self.keys.add(draft.idempotency_key)
        self.head_hash = digest
        self.added += 1
        self.first_seq = self.first_seq or self.seq
        self.last_seq = self.seq
        if len(self.batch) >= BATCH:
            self.flush()
        return self.seq

    def flush(self) -> None:
        if self.batch:
            self.conn.executemany(
                f"INSERT INTO events ({_COLUMNS}) VALUES ({','.join('?' * 14)})", self.batch
            )
            if self.absent_ids or self.absent_keys:  # now stored: a later duplicate must find them
                for row in self.batch:
                    self.absent_ids.discard(row[1])
                    if row[11] is not None:
                        self.absent_keys.discard(row[11])
            self.batch.clear()
            self.pending.clear()
            self.keys.clear()
