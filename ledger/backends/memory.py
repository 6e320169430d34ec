"""The in-memory store: for tests, bundle verification and as-of replays (a chosen set of events scored as a
ledger, with their original seqs, times and hashes). Same contract as the database stores; nothing on disk.

`MemoryStore.of(events)` holds events that need not form whole chains (a bundle carries one site's events; an
as-of replay stops mid-chain): it is then read-only, since appending needs a whole chain to continue.
"""

from __future__ import annotations

import hashlib
import threading
from bisect import bisect_right
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from ledger.backends.rows import event_row
from ledger.envelope import Event
from ledger.errors import LedgerError
from ledger.messages import msg, os_reason
from ledger.store import CacheEntry, Found, Head, Restamp, check_continues, check_copied, find_each


class MemoryStore:
    """Events in a list (global seq order), with indexes by id and per-site chains."""

    def __init__(self) -> None:
        self.url = "memory:"
        self.read_only = False
        self.login = None
        self._events: list[Event] = []
        self._seqs: list[int] = []
        self._by_seq: dict[int, Event] = {}
        self._by_id: dict[str, Event] = {}
        self._by_key: dict[tuple[str, str], Event] = {}
        self._chains: dict[str, list[Event]] = {}
        self._cache: dict[tuple[str, str, str], CacheEntry] = {}
        self._records: dict[tuple[str, str], str] = {}
        self._blobs: dict[str, bytes] = {}
        self._lock = threading.RLock()

    @classmethod
    def of(cls, events: Iterable[Event], *, read_only: bool = True) -> MemoryStore:
        """A store holding these stored events as they are (seq, hashes kept), for scoring and checking."""
        store = cls()
        store.load(events)
        store.read_only = read_only
        return store

    def load(self, events: Iterable[Event]) -> None:
        """Add stored events as they are (seq, hashes kept), after those held: a replay stepping forward."""
        for e in sorted(events, key=lambda e: e.seq):
            self._add(e)

    def _add(self, e: Event) -> None:
        if self._seqs and e.seq <= self._seqs[-1]:
            raise LedgerError(msg("mem.order", seq=e.seq, last=self._seqs[-1]))
        self._events.append(e)
        self._seqs.append(e.seq)
        self._by_seq[e.seq] = e
        self._by_id.setdefault(e.id, e)
        if e.idempotency_key is not None:
            self._by_key.setdefault((e.site, e.idempotency_key), e)
        self._chains.setdefault(e.site, []).append(e)

    def close(self) -> None:
        return None

    def integrity_problems(self) -> list[str]:
        return []

    # -- writing --------------------------------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[_Session]:
        if self.read_only:
            raise LedgerError(msg("mem.read_only"))
        with self._lock:
            session = _Session(self)
            yield session
            for e in session.pending:  # commit: only when the block ended without an exception
                self._add(e)

    # -- reading --------------------------------------------------------------------------------------------

    def heads(self) -> dict[str, Head]:
        return {site: _head_of(chain[-1]) for site, chain in self._chains.items() if chain}

    def head(self, site: str) -> Head:
        chain = self._chains.get(site)
        return _head_of(chain[-1]) if chain else Head()

    def last(self) -> Event | None:
        return self._events[-1] if self._events else None

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
        site_set = {site} if site else set(sites or [])
        type_set = set(types or [])
        source: Iterable[Event]
        if len(site_set) == 1:
            source = self._chains.get(next(iter(site_set)), [])
        else:
            source = self._events[bisect_right(self._seqs, after_seq) :]
        for e in source:
            if (
                e.seq <= after_seq
                or (upto_seq is not None and e.seq > upto_seq)
                or e.site_seq <= after_site_seq
            ):
                continue
            if (site_set and e.site not in site_set) or (type_set and e.type not in type_set):
                continue
            day = e.occurred_at[:10]
            if (start and day < start) or (end and day > end) or (as_of and e.recorded_at > as_of):
                continue
            yield e

    def amending(self, targets: Collection[str]) -> Iterator[Event]:
        wanted = set(targets)
        return (e for e in list(self._events)
                if e.type in ("correction", "retraction") and e.payload.get("target") in wanted)  # fmt: skip

    def get(self, seq: int) -> Event | None:
        return self._by_seq.get(seq)

    def get_by_id(self, event_id: str, site: str | None = None) -> Event | None:
        e = self._by_id.get(event_id)
        if e is not None and site is not None and e.site != site:
            return next((x for x in self._chains.get(site, []) if x.id == event_id), None)
        return e

    def chain(self, site: str, upto_site_seq: int | None = None) -> Iterator[Event]:
        for e in self._chains.get(site, []):
            if upto_site_seq is not None and e.site_seq > upto_site_seq:
                return
            yield e

    def rows(self, sites: Iterable[str] | None = None) -> Iterator[Sequence[object]]:
        site_set = None if sites is None else set(sites)
        for e in list(self._events):
            if site_set is None or e.site in site_set:
                yield event_row(e)

    def seq_at(self, as_of: str) -> int:
        best = 0
        for e in self._events:
            if e.recorded_at <= as_of:
                best = e.seq
        return best

    def site_stats(self) -> dict[str, tuple[int, str | None, str | None]]:
        out = {}
        for site, chain in self._chains.items():
            days = [e.occurred_at[:10] for e in chain]
            out[site] = (len(chain), min(days), max(days))
        return out

    def last_occurred_on(self, as_of: str | None = None) -> str | None:
        days = (e.occurred_at[:10] for e in self._events if as_of is None or e.recorded_at <= as_of)
        return max(days, default=None)

    # -- cache, records, blobs ------------------------------------------------------------------------------

    def cache_get(self, scheme: str, site: str, key: str) -> CacheEntry | None:
        return self._cache.get((scheme, site, key))

    def cache_stamps(self, scheme: str, site: str, keys: Sequence[str]) -> dict[str, tuple[int, str]]:
        found = (self._cache.get((scheme, site, key)) for key in keys)
        return {e.key: (e.site_seq, e.head_hash) for e in found if e is not None}

    def cache_texts(self, scheme: str, site: str, keys: Sequence[str]) -> dict[str, str]:
        found = (self._cache.get((scheme, site, key)) for key in keys)
        return {e.key: e.data for e in found if e is not None}

    def cache_put(self, entries: Sequence[CacheEntry], restamps: Sequence[Restamp] = ()) -> bool:
        if self.read_only:
            return not entries and not restamps
        for e in entries:
            self._cache[(e.scheme, e.site, e.key)] = e
        for r in restamps:
            old = self._cache.get((r.scheme, r.site, r.key))
            if old is not None and (old.site_seq, old.head_hash) == (r.site_seq, r.head_hash):
                self._cache[(r.scheme, r.site, r.key)] = old.replace(
                    site_seq=r.to_site_seq, head_hash=r.to_hash
                )
        return True

    def cache_list(self) -> list[CacheEntry]:
        return [self._cache[k] for k in sorted(self._cache)]

    def cache_clear(self) -> bool:
        self._cache.clear()
        return True

    def record_get(self, namespace: str, key: str) -> str | None:
        return self._records.get((namespace, key))

    def record_put(self, namespace: str, key: str, value: str) -> None:
        self._records[(namespace, key)] = value

    def record_delete(self, namespace: str, key: str) -> None:
        self._records.pop((namespace, key), None)

    def record_namespaces(self) -> list[str]:
        return sorted({ns for ns, _ in self._records})

    def record_list(self, namespace: str) -> dict[str, str]:
        return {k: v for (ns, k), v in sorted(self._records.items()) if ns == namespace}

    def blob_put(self, source: Path) -> str:
        try:
            data = Path(source).read_bytes()
        except OSError as err:
            raise LedgerError(msg("file.cannot_read", path=str(source), reason=os_reason(err))) from None
        sha = hashlib.sha256(data).hexdigest()
        self._blobs.setdefault(sha, data)
        return sha

    def blob_get(self, sha256: str) -> bytes | None:
        return self._blobs.get(sha256)

    def blob_status(self, sha256: str) -> str:
        data = self._blobs.get(sha256)
        if data is None:
            return "missing"
        return "stored" if hashlib.sha256(data).hexdigest() == sha256 else "corrupt"


def _head_of(e: Event) -> Head:
    return Head(e.site_seq, e.hash, e.recorded_at, e.seq)


class _Session:
    """Rows staged in memory; the store adds them when the session ends without an exception."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self.pending: list[Event] = []
        self._heads: dict[str, Head] = {}
        self._ids: dict[tuple[str, str], Event] = {}
        self._keys: dict[tuple[str, str], Event] = {}

    def lock(self, sites: Iterable[str]) -> None:
        return None  # the store's lock is held for the whole session

    def head(self, site: str) -> Head:
        return self._heads.get(site) or self._store.head(site)

    def find(
        self, site: str, ids: Iterable[str], keys: Iterable[str]
    ) -> tuple[dict[str, Event], dict[str, Event]]:
        found_ids, found_keys = {}, {}
        for i in ids:
            e = self._ids.get((site, i)) or self._store.get_by_id(i, site)
            if e is not None and e.site == site:
                found_ids[i] = e
        for k in keys:
            e = self._keys.get((site, k)) or self._store._by_key.get((site, k))
            if e is not None:
                found_keys[k] = e
        return found_ids, found_keys

    def find_many(self, wanted: Mapping[str, tuple[Sequence[str], Sequence[str]]]) -> tuple[Found, Found]:
        return find_each(self, wanted)

    def get_by_id(self, event_id: str, site: str | None = None) -> Event | None:
        for (s, i), e in self._ids.items():
            if i == event_id and (site is None or s == site):
                return e
        return self._store.get_by_id(event_id, site)

    def insert(self, rows: Sequence[Event]) -> list[int]:
        last = self.pending[-1].seq if self.pending else (self._store._seqs[-1] if self._store._seqs else 0)
        seqs = []
        for row in rows:
            head = self.head(row.site)
            check_continues(row, head)
            if (row.site, row.id) in self._ids or self._store.get_by_id(row.id, row.site) is not None:
                raise LedgerError(msg("mem.id_stored", id=row.id, site=row.site))
            key = (row.site, row.idempotency_key or "")
            if row.idempotency_key is not None and (key in self._keys or key in self._store._by_key):
                raise LedgerError(msg("mem.key_stored", key=repr(row.idempotency_key)))
            last += 1
            # Stored as a SQL store keeps it: the payload is the stored text's, not a cached copy of it that an
            # edit of the payload (a test's tampering) would leave behind.
            stored = row.replace(seq=last, payload_json=None)
            self.pending.append(stored)
            self._ids[(row.site, row.id)] = stored
            if row.idempotency_key is not None:
                self._keys[key] = stored
            self._heads[row.site] = _head_of(stored)
            seqs.append(last)
        return seqs

    def copy(self, rows: Sequence[Event]) -> None:
        last = self.pending[-1].seq if self.pending else (self._store._seqs[-1] if self._store._seqs else 0)
        for row in rows:
            check_copied(row, self.head(row.site), last)
            if (row.site, row.id) in self._ids or self._store.get_by_id(row.id, row.site) is not None:
                raise LedgerError(msg("mem.id_stored", id=row.id, site=row.site))
            last = row.seq
            self.pending.append(row)
            self._ids[(row.site, row.id)] = row
            if row.idempotency_key is not None:
                self._keys[(row.site, row.idempotency_key)] = row
            self._heads[row.site] = _head_of(row)
