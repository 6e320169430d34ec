"""The event-store contract: one set of tests, run unchanged against every backend (SQLite, PostgreSQL, memory).

The pattern of pyeventsourcing's recorder test cases: each test opens a fresh store through the `backend`
fixture and checks one promise of `ledger.store.EventStore`: round trips, idempotency, duplicate ids per site,
expected-head conflicts, as-of reads, append-only storage, chain verification, per-site chains, the cache,
records, evidence blobs, copying stored rows, and concurrent writers. A backend is done when it passes this
file unchanged. Tampering goes around the store through `Raw`, a per-backend handle on the storage itself
(sqlite3 on the file, psycopg as the superuser); the memory store has no storage to go around.
"""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from freezegun import freeze_time

from ledger.backends.memory import MemoryStore
from ledger.envelope import GENESIS, Draft, Event
from ledger.errors import DuplicateEvent, LedgerError
from ledger.ledger import Ledger
from ledger.store import CacheEntry, EventStore, Head, HeadConflict, Restamp, append_rows, open_store

BACKENDS = ["sqlite", "postgres", "memory"]


class Raw:
    """Storage access that bypasses the store: what someone with the file or a database login can do."""

    events = "events"

    def execute(self, sql: str) -> list[tuple]:
        raise NotImplementedError

    def count(self) -> int:
        return self.execute(f"SELECT COUNT(*) FROM {self.events}")[0][0]


class SQLiteRaw(Raw):
    def __init__(self, path: Path) -> None:
        self.path = path

    def execute(self, sql: str) -> list[tuple]:
        conn = sqlite3.connect(self.path, isolation_level=None)
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()

    # TRUNCATE in SQLite is an unqualified DELETE (its truncate optimisation is off while a trigger exists).
    changes = {"UPDATE": "UPDATE events SET payload = '{}' WHERE seq = 2", "DELETE": "DELETE FROM events WHERE seq = 2",
               "TRUNCATE": "DELETE FROM events"}  # fmt: skip

    def unguard(self) -> None:
        self.execute("DROP TRIGGER events_no_update")
        self.execute("DROP TRIGGER events_no_delete")

    def corrupt_blob(self, store: EventStore, sha: str) -> None:
        path = store.blob_root / sha[:2] / sha  # type: ignore[attr-defined]
        path.chmod(0o644)
        path.write_bytes(b"not the evidence")


class PostgresRaw(Raw):
    events = "opsledger.events"
    changes = {"UPDATE": "UPDATE opsledger.events SET payload = '{}' WHERE seq = 2",
               "DELETE": "DELETE FROM opsledger.events WHERE seq = 2", "TRUNCATE": "TRUNCATE opsledger.events"}  # fmt: skip

    def __init__(self, url: str) -> None:
        self.url = url

    def execute(self, sql: str) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            cur = conn.execute(sql.encode())
            return cur.fetchall() if cur.description else []

    def unguard(self) -> None:
        self.execute("ALTER TABLE opsledger.events DISABLE TRIGGER USER")

    def corrupt_blob(self, store: EventStore, sha: str) -> None:
        self.execute(f"UPDATE opsledger.blobs SET content = 'not the evidence'::bytea WHERE sha256 = '{sha}'")


class Backend:
    """One backend under test: opens its store (fresh and empty), and the raw handle on it (None: memory)."""

    def __init__(self, name: str, target: str, raw: Raw | None) -> None:
        self.name = name
        self.target = target
        self.raw = raw
        self._memory: MemoryStore | None = None
        self.opened: list[EventStore] = []

    def store(self) -> EventStore:
        """The store (a new handle on the same storage each call; the memory store is one object)."""
        if self.name == "memory":
            self._memory = self._memory or MemoryStore()
            return self._memory
        store = open_store(self.target, create=True)
        self.opened.append(store)
        return store

    def ledger(self) -> Ledger:
        return Ledger(self.store())


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    if request.param == "sqlite":
        path = tmp_path / "contract.db"
        chosen = Backend("sqlite", str(path), SQLiteRaw(path))
    elif request.param == "postgres":
        url = request.getfixturevalue("pg_url")
        chosen = Backend("postgres", url, PostgresRaw(url))
    else:
        chosen = Backend("memory", "memory:", None)
    yield chosen
    for store in chosen.opened:
        store.close()


# -- helpers ------------------------------------------------------------------------------------------------


def site(name: str, on: str = "2026-01-01") -> Draft:
    return Draft(
        type="site_registered", site=name, occurred_at=on, actor="op", payload={"name": f"站点 {name}"}
    )


def worker(where: str, n: int | str, on: str = "2026-03-05", **envelope: Any) -> Draft:
    return Draft(type="gig_worker_registered", site=where, occurred_at=on, actor=envelope.pop("actor", "op"),
                 payload={"worker": f"W-{n}"}, **envelope)  # fmt: skip


def numbered(drafts: list[Draft]) -> list[tuple[int, Draft]]:
    return list(enumerate(drafts, start=1))


def chain_ok(events: list[Event]) -> bool:
    """Each event links to the previous one of its site: site_seq 1, 2, ... and prev_hash = that event's hash."""
    heads: dict[str, Event] = {}
    for e in events:
        before = heads.get(e.site)
        if (e.site_seq, e.prev_hash) != ((before.site_seq + 1, before.hash) if before else (1, GENESIS)):
            return False
        heads[e.site] = e
    return True


# -- append and read ----------------------------------------------------------------------------------------


def test_appended_events_read_back_exactly(backend):
    ledger = backend.ledger()
    ledger.append(site("a"))
    evidence = ({"file_name": "签到表.pdf", "sha256": "ab" * 32},)
    written = [
        ledger.append(worker("a", 1, idempotency_key="k-1", id="ev-1")),
        ledger.append(worker("a", "二", on="2026-03-06T09:30", evidence=evidence, covers="2026-03")),
    ]
    reopened = backend.store()
    for event in written:
        assert reopened.get(event.seq) == event
        assert reopened.get_by_id(event.id) == event
        assert reopened.get_by_id(event.id, "a") == event
    assert list(reopened.events(site="a"))[1:] == written
    assert list(reopened.chain("a"))[1:] == written
    assert written[1].payload == {"worker": "W-二"} and written[1].evidence == evidence
    assert written[1].occurred_at == "2026-03-06T09:30:00+08:00" and written[1].covers == "2026-03"
    assert reopened.last() == written[1]
    assert reopened.get(999) is None and reopened.get(0) is None and reopened.get(2**70) is None
    assert reopened.get_by_id("nope") is None and reopened.get_by_id("ev-1", "b") is None


def test_events_filter_by_site_type_dates_and_seq(backend):
    ledger = backend.ledger()
    ledger.append_many(numbered([site("a"), site("b")]))
    days = ["2026-03-01", "2026-03-02", "2026-03-03"]
    ledger.append_many(numbered([worker(s, f"{s}{d}", on=d) for d in days for s in ("a", "b")]))
    store = backend.store()
    everything = list(store.events())
    assert [e.seq for e in everything] == sorted(e.seq for e in everything) and len(everything) == 8
    assert [e.payload["worker"] for e in store.events(site="a", types=["gig_worker_registered"])] == [
        f"W-a{d}" for d in days
    ]
    assert {e.site for e in store.events(sites=["a", "b"])} == {"a", "b"}
    assert [e.occurred_on for e in store.events(site="b", start="2026-03-02", end="2026-03-02")] == [
        "2026-03-02"
    ]
    third = everything[2].seq
    assert [e.seq for e in store.events(after_seq=third, upto_seq=everything[5].seq)] == [
        e.seq for e in everything[3:6]
    ]
    assert list(store.events(types=["site_registered"], sites=["b"]))[0].site == "b"
    # A site's events after a place in its chain (a cache entry's checkpoint), alone or with an upper seq.
    a = [e for e in everything if e.site == "a"]
    assert list(store.events(site="a", after_site_seq=2)) == a[2:]
    assert list(store.events(site="a", after_site_seq=1, upto_seq=a[2].seq)) == a[1:3]
    assert list(store.events(site="a", after_site_seq=len(a))) == []
    assert store.site_stats() == {"a": (4, "2026-01-01", "2026-03-03"), "b": (4, "2026-01-01", "2026-03-03")}


def test_amending_finds_the_corrections_and_retractions_naming_given_events(backend):
    """What amends a few known events (a site's contracts), found by target without reading every amendment;
    an id is unique per site only, so an amendment at another site naming the same id is found too."""
    ledger = backend.ledger()
    ledger.append_many(numbered([site("a"), site("b")]))
    a1, a2, b1 = (
        ledger.append(worker(s, n, id=i)) for s, n, i in (("a", 1, "w1"), ("a", 2, "w2"), ("b", 3, "w1"))
    )

    def amend(kind: str, target: Event, **extra: Any) -> Event:
        payload = {"target": target.id, "reason": "复核", **extra}
        return ledger.append(
            Draft(type=kind, site=target.site, occurred_at="2026-03-02", actor="op", payload=payload)
        )

    fix_a1 = amend("correction", a1, changes={"worker": "W-x"})
    amend("correction", a2, changes={"worker": "W-y"})
    undo_fix = amend("retraction", fix_a1)
    gone_b1 = amend("retraction", b1)
    store = backend.store()
    assert list(store.amending({"w1"})) == [fix_a1, gone_b1]
    assert list(store.amending({fix_a1.id})) == [undo_fix]
    assert list(store.amending(set())) == [] and list(store.amending({"nothing"})) == []


def test_a_failed_session_writes_nothing(backend):
    ledger = backend.ledger()
    ledger.append(site("a"))
    with pytest.raises(LedgerError, match="unknown site 'b'"):
        ledger.append_many(numbered([worker("a", 1), worker("a", 2), worker("b", 3)]))
    with pytest.raises(RuntimeError), backend.store().write() as tx:
        tx.lock(["a"])
        head = tx.head("a")
        row = ledger.store.get(head.seq).replace(id="x", site_seq=head.site_seq + 1, prev_hash=head.hash)
        tx.insert([row])
        raise RuntimeError("the caller fails after inserting")
    assert [e.site_seq for e in backend.store().events()] == [1]


# -- idempotency and duplicates -----------------------------------------------------------------------------


def test_same_key_same_content_is_stored_once_other_content_is_a_conflict(backend):
    ledger = backend.ledger()
    ledger.append_many(numbered([site("a"), site("b")]))
    first = ledger.append(worker("a", 1, idempotency_key="k"))
    with pytest.raises(DuplicateEvent) as dup:
        ledger.append(worker("a", 1, idempotency_key="k"))
    assert dup.value.seq == first.seq
    again = ledger.append_many(numbered([worker("a", 1, idempotency_key="k"), worker("a", 2)]))
    assert (again.added, again.duplicates) == (1, 1)
    with pytest.raises(LedgerError, match="^conflict: idempotency key 'k' is already stored"):
        ledger.append(worker("a", 99, idempotency_key="k"))
    other_site = ledger.append(worker("b", 99, idempotency_key="k"))  # keys belong to a site
    assert other_site.site == "b"
    assert sum(1 for e in backend.store().events() if e.idempotency_key == "k") == 2


def test_event_ids_are_unique_per_site(backend):
    ledger = backend.ledger()
    ledger.append_many(numbered([site("a"), site("b")]))
    ledger.append(worker("a", 1, id="same"))
    with pytest.raises(DuplicateEvent):
        ledger.append(worker("a", 1, id="same"))
    ledger.append(worker("b", 1, id="same"))
    # the store itself refuses a second row with an id its site already has, whoever built the row
    stored = backend.store().get_by_id("same", "a")
    with pytest.raises(LedgerError), backend.store().write() as tx:
        head = tx.head("a")
        tx.insert([stored.replace(site_seq=head.site_seq + 1, prev_hash=head.hash, hash="f" * 64)])
    assert [e.site for e in backend.store().events() if e.id == "same"] == ["a", "b"]


def test_find_many_looks_up_ids_and_keys_site_by_site(backend):
    ledger = backend.ledger()
    ledger.append_many(numbered([site("a"), site("b")]))
    a_id = ledger.append(worker("a", 1, id="same"))
    b_id = ledger.append(worker("b", 1, id="same"))
    a_key = ledger.append(worker("a", 2, idempotency_key="k"))
    b_only = ledger.append(worker("b", 3, id="only-b", idempotency_key="kb"))
    with backend.store().write() as tx:
        by_id, by_key = tx.find_many(
            {"a": (["same", "only-b", "none"], ["k", "kb"]), "b": (["same"], ["kb", "k"])}
        )
        assert by_id == {("a", "same"): a_id, ("b", "same"): b_id}  # an id or key belongs to its site
        assert by_key == {("a", "k"): a_key, ("b", "kb"): b_only}
        assert tx.find_many({}) == ({}, {})
        assert tx.find_many({"a": ([], [])}) == ({}, {})
        assert tx.find_many({"b": (["only-b"], [])}) == ({("b", "only-b"): b_only}, {})


# -- expected heads -----------------------------------------------------------------------------------------


def test_append_rows_against_a_stale_head_conflicts_and_writes_nothing(backend):
    ledger = backend.ledger()
    ledger.append(site("a"))
    store = backend.store()
    seen = store.head("a")
    template = ledger.append(worker("a", 1))  # another writer moves the head on
    row = template.replace(id="late", site_seq=seen.site_seq + 1, prev_hash=seen.hash)
    with pytest.raises(HeadConflict, match="moved on"):
        append_rows(store, [row], {"a": seen})
    now = store.head("a")
    fresh = template.replace(id="fresh", site_seq=now.site_seq + 1, prev_hash=now.hash, hash="e" * 64)
    [seq] = append_rows(store, [fresh], {"a": now})
    assert store.head("a") == Head(now.site_seq + 1, "e" * 64, template.recorded_at, seq)
    assert [e.id for e in store.events(site="a")][1:] == [template.id, "fresh"]


def test_a_row_that_does_not_continue_its_chain_is_refused(backend):
    ledger = backend.ledger()
    ledger.append(site("a"))
    event = ledger.append(worker("a", 1))
    store = backend.store()
    for bad in (event.replace(id="skip", site_seq=event.site_seq + 2, prev_hash=event.hash),
                event.replace(id="fork", site_seq=event.site_seq + 1, prev_hash=event.prev_hash),
                event.replace(id="again", site_seq=event.site_seq)):  # fmt: skip
        with pytest.raises(HeadConflict), store.write() as tx:
            tx.insert([bad])
    assert store.head("a").site_seq == 2


# -- as-of reads ----------------------------------------------------------------------------------------------


def test_as_of_reads_see_what_was_recorded_by_then(backend):
    ledger = backend.ledger()
    with freeze_time("2026-03-01T09:00:00+08:00"):
        ledger.append(site("a"))
    with freeze_time("2026-03-05T09:00:00+08:00"):
        early = ledger.append(worker("a", 1, on="2026-03-04"))
    with freeze_time("2026-03-10T09:00:00+08:00"):
        ledger.append(worker("a", 2, on="2026-03-09"))
    store = backend.store()
    as_of = "2026-03-07T00:00:00.000000+08:00"
    assert [e.payload.get("worker") for e in store.events(as_of=as_of)] == [None, "W-1"]
    assert store.seq_at(as_of) == early.seq
    assert store.seq_at("2026-02-01T00:00:00.000000+08:00") == 0
    assert store.last_occurred_on(as_of) == "2026-03-04"
    assert store.last_occurred_on() == "2026-03-09"


# -- append-only storage ------------------------------------------------------------------------------------


@pytest.mark.parametrize("change", ["UPDATE", "DELETE", "TRUNCATE"])
def test_changing_stored_events_behind_the_store_is_refused(backend, change):
    ledger = backend.ledger()
    ledger.append(site("a"))
    ledger.append(worker("a", 1))
    if backend.raw is None:  # nothing to go around: the interface has no way to change or remove an event
        mutators = [
            m for m in dir(backend.store()) if m.split("_")[0] in ("update", "delete", "remove", "truncate")
        ]
        assert mutators == []
        return
    with pytest.raises(Exception, match="append-only"):
        backend.raw.execute(backend.raw.changes[change])
    assert backend.raw.count() == 2
    assert ledger.verify().count == 2


def test_verify_names_an_event_changed_behind_the_store(backend):
    ledger = backend.ledger()
    ledger.append(site("a"))
    for n in range(3):
        ledger.append(worker("a", n))
    assert ledger.verify().count == 4
    if backend.raw is None:
        edited = [e.replace(payload={"worker": "W-x"}) if e.site_seq == 3 else e for e in ledger.events()]
        tampered = Ledger(MemoryStore.of(edited))
    else:
        backend.raw.unguard()
        backend.raw.execute(
            f"UPDATE {backend.raw.events} SET payload = '{{\"worker\":\"W-x\"}}' WHERE site = 'a' AND site_seq = 3"
        )
        tampered = backend.ledger()
    with pytest.raises(
        LedgerError, match=r"^chain broken at seq \d+ \(site a #3\): its content does not match its hash$"
    ):
        tampered.verify()


def test_integrity_problems_name_a_dropped_guard(backend):
    store = backend.store()
    Ledger(store).append(site("a"))
    assert store.integrity_problems() == []
    if backend.raw is None:
        return  # no guards to drop
    backend.raw.unguard()
    problems = backend.store().integrity_problems()
    assert problems and all("events" in p for p in problems)
    with pytest.raises(LedgerError, match="trigger events_no_update is"):
        backend.ledger().verify()


# -- chains -------------------------------------------------------------------------------------------------


def test_each_site_has_its_own_chain(backend):
    ledger = backend.ledger()
    ledger.append_many(numbered([site("a"), site("b"), site("c")]))
    ledger.append_many(numbered([worker(s, n) for n in range(4) for s in ("a", "b")]))
    store = backend.store()
    events = list(store.events())
    assert chain_ok(events)
    assert {s: [e.site_seq for e in events if e.site == s] for s in "abc"} == {
        "a": [1, 2, 3, 4, 5], "b": [1, 2, 3, 4, 5], "c": [1]
    }  # fmt: skip
    heads = store.heads()
    assert set(heads) == {"a", "b", "c"}
    for s, head in heads.items():
        last = [e for e in events if e.site == s][-1]
        assert head == Head(last.site_seq, last.hash, last.recorded_at, last.seq) == store.head(s)
    assert store.head("nowhere") == Head()
    assert list(store.chain("a", upto_site_seq=2)) == [e for e in events if e.site == "a"][:2]
    status = ledger.verify()
    assert (status.count, status.head_seq, status.head_hash) == (11, events[-1].seq, events[-1].hash)
    assert ledger.verify(sites=["c"]).count == 1


def test_rows_are_every_stored_row_as_stored_in_seq_order(backend):
    """What verify reads in one pass: the columns as stored, nothing decoded; it agrees with the per-site
    reading."""
    from ledger.backends.rows import event_row

    ledger = backend.ledger()
    ledger.append_many(numbered([site("a"), site("b")]))
    ledger.append_many(numbered([worker(s, n, evidence=({"file_name": "表.pdf", "sha256": "ab" * 32},))
                                 for n in range(3) for s in ("b", "a")]))  # fmt: skip
    store = backend.store()
    events = list(store.events())
    assert [tuple(r) for r in store.rows()] == [event_row(e) for e in events]
    assert [tuple(r) for r in store.rows(["b"])] == [event_row(e) for e in events if e.site == "b"]
    assert list(store.rows([])) == []
    assert ledger.verify() == ledger._verify_by_site(None, None, {})
    assert ledger.verify(upto_seq=events[4].seq) == ledger._verify_by_site(events[4].seq, None, {})


# -- cache, records, blobs -----------------------------------------------------------------------------------


def test_cache_entries_put_get_replace_list_and_clear(backend):
    store = backend.store()
    one = CacheEntry("shaxian-gig", "a", "2026", 5, "h" * 64, '{"x": "1"}')
    two = CacheEntry("shaxian-gig", "b", "2026", 7, "i" * 64, '{"y": "量"}')
    assert store.cache_put([one, two]) is True
    assert backend.store().cache_get("shaxian-gig", "a", "2026") == one
    assert store.cache_get("shaxian-gig", "a", "2027") is None
    newer = one.replace(site_seq=6, data='{"x": "2"}')
    assert store.cache_put([newer]) is True and store.cache_put([]) is True
    assert store.cache_list() == [newer, two]
    # one batch: an entry replaced by a longer one, a new entry, and the same key twice (the last one stands)
    longer = two.replace(site_seq=8, data='{"y": "量量量"}')
    three = CacheEntry("wujiang-alliance", "c", "2026", 1, "j" * 64, "{}")
    again = three.replace(site_seq=2, data='{"z": 1}')
    assert store.cache_put([longer, three, again]) is True
    assert backend.store().cache_list() == [newer, longer, again]
    assert store.cache_clear() is True
    assert store.cache_list() == []


def test_cache_texts_reads_the_rows_of_many_keys_at_once(backend):
    """An entry's seq chunks are read in one query: the data of each key stored, nothing for the others, and
    nothing of another scheme or site under the same key."""
    store = backend.store()
    keys = [f"2026|k#n.s.{i:04d}" for i in range(1200)]  # more than one batch of bound parameters
    rows = [CacheEntry("wujiang-alliance", "a", key, 5, "h" * 64, f"1,{i}") for i, key in enumerate(keys)]
    others = [CacheEntry("shaxian-gig", "a", keys[0], 5, "h" * 64, "other scheme"),
              CacheEntry("wujiang-alliance", "b", keys[1], 5, "h" * 64, "other site")]  # fmt: skip
    assert store.cache_put([*rows, *others]) is True
    got = backend.store().cache_texts("wujiang-alliance", "a", [*keys[::2], "2026|k#n.s.none"])
    assert got == {key: f"1,{i}" for i, key in enumerate(keys) if i % 2 == 0}
    assert store.cache_texts("wujiang-alliance", "a", []) == {}


def test_cache_stamps_and_restamps_move_checkpoints_not_data(backend):
    """A refresh moves the checkpoint of an entry none of the new events can count in (`Restamp`): only an
    entry still at the old checkpoint moves; its data stays as stored; stamps are read without data."""
    store = backend.store()
    one = CacheEntry("wujiang-alliance", "a", "2025", 5, "h" * 64, '{"x": "1"}')
    two = CacheEntry("wujiang-alliance", "a", "2026", 5, "h" * 64, '{"y": "2"}')
    moved_on = CacheEntry("wujiang-alliance", "a", "2024", 6, "k" * 64, "{}")  # another writer stored it at 6
    other = CacheEntry("shaxian-gig", "a", "2025", 5, "h" * 64, "{}")
    assert store.cache_put([one, two, moved_on, other]) is True
    assert store.cache_stamps("wujiang-alliance", "a", ["2025", "2024", "nothing"]) == {
        "2025": (5, "h" * 64), "2024": (6, "k" * 64)}  # fmt: skip
    newer = two.replace(site_seq=7, head_hash="m" * 64, data='{"y": "3"}')
    moves = [
        Restamp("wujiang-alliance", "a", key, 5, "h" * 64, 7, "m" * 64) for key in ("2025", "2024", "none")
    ]
    assert store.cache_put([newer], moves) is True
    assert backend.store().cache_list() == [
        other,
        moved_on,  # not at the old checkpoint: left as the other writer stored it
        one.replace(site_seq=7, head_hash="m" * 64),  # moved, its data untouched
        newer,
    ]
    assert "none" not in backend.store().cache_stamps("wujiang-alliance", "a", ["none"])  # nothing created
    assert store.cache_put([], []) is True


def test_records_by_namespace(backend):
    store = backend.store()
    store.record_put("accounts", "li", '{"role": "assessor"}')
    store.record_put("accounts", "ann", "1")
    store.record_put("settings", "li", "other namespace")
    store.record_put("accounts", "ann", "2")
    assert backend.store().record_get("accounts", "ann") == "2"
    assert store.record_list("accounts") == {"ann": "2", "li": '{"role": "assessor"}'}
    store.record_delete("accounts", "li")
    store.record_delete("accounts", "nobody")
    assert (
        store.record_list("accounts") == {"ann": "2"}
        and store.record_get("settings", "li") == "other namespace"
    )
    assert store.record_namespaces() == ["accounts", "settings"]


def test_blobs_are_kept_by_content_hash(backend, tmp_path):
    store = backend.store()
    source = tmp_path / "签到表.pdf"
    source.write_bytes(b"%PDF-1.4 evidence")
    sha = store.blob_put(source)
    assert sha == hashlib.sha256(b"%PDF-1.4 evidence").hexdigest()
    assert store.blob_put(source) == sha  # the same content is kept once
    assert backend.store().blob_get(sha) == b"%PDF-1.4 evidence"
    assert store.blob_status(sha) == "stored"
    assert store.blob_status("0" * 64) == "missing" and store.blob_get("0" * 64) is None
    with pytest.raises(LedgerError, match="cannot read|no such file"):
        store.blob_put(tmp_path / "absent.pdf")
    if backend.raw is None:
        store._blobs[sha] = b"not the evidence"  # type: ignore[attr-defined]
    else:
        backend.raw.corrupt_blob(store, sha)
    assert store.blob_status(sha) == "corrupt"


# -- copying a ledger (migrate) ---------------------------------------------------------------------------


@pytest.mark.parametrize("source_kind", ["memory", "sqlite"])
def test_copied_rows_keep_seq_and_hashes_and_new_events_follow(backend, source_kind, tmp_path):
    source = Ledger(
        MemoryStore() if source_kind == "memory" else open_store(tmp_path / "src.db", create=True)
    )
    source.append_many(numbered([site("a"), site("b")]))
    source.append_many(numbered([worker(s, n) for n in range(3) for s in ("b", "a")]))
    original = list(source.events())
    target = backend.store()
    with target.write() as tx:
        tx.copy(original[:5])
        tx.copy(original[5:])
    assert list(backend.store().events()) == original
    assert backend.ledger().verify().sites == source.verify().sites
    added = Ledger(target).append(worker("a", "new"))
    assert added.seq > original[-1].seq and added.site_seq == 5
    source.close()


def test_copy_refuses_rows_out_of_order_or_off_the_chain(backend):
    source = Ledger(MemoryStore())
    source.append_many(numbered([site("a"), worker("a", 1), worker("a", 2)]))
    rows = list(source.events())
    target = backend.store()
    with pytest.raises(HeadConflict), target.write() as tx:
        tx.copy([rows[0], rows[2]])  # #2 skipped
    with pytest.raises(LedgerError, match="seq order"), target.write() as tx:
        tx.copy([rows[0], rows[1].replace(seq=rows[0].seq)])
    assert list(backend.store().events()) == []


# -- concurrency --------------------------------------------------------------------------------------------

WRITERS, PER_WRITER, BATCH, SITES = 8, 1000, 25, ("s0", "s1", "s2", "s3")

WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    sys.path.insert(0, sys.argv[5])
    from test_store_contract import write_share
    from ledger.ledger import Ledger

    target, k, go = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    ledger = Ledger(target)
    Path(sys.argv[4]).touch()
    while not go.exists():  # start together
        time.sleep(0.001)
    began, ended = write_share(ledger, k)
    print("done", k, began, ended)
    """
)


def write_share(ledger: Ledger, k: int) -> tuple[float, float]:
    """Writer k's 1,000 events in batches of 25: half at its own site (two writers share each site), half at
    the next one (multi-site batches). Returns the wall-clock times its first append began and its last
    one ended, so the test can show the writers were at work at the same time."""
    mine, next_site = SITES[k % len(SITES)], SITES[(k + 1) % len(SITES)]
    began = time.time()
    for start in range(0, PER_WRITER, BATCH):
        drafts = [worker(mine if n % 2 else next_site, f"{k}-{n}", actor=f"w{k}", idempotency_key=f"{k}-{n}")
                  for n in range(start, start + BATCH)]  # fmt: skip
        ledger.append_many(numbered(drafts))
    return began, time.time()


def test_concurrent_writers_lose_nothing_and_never_fork_a_chain(backend, tmp_path):
    ledger = backend.ledger()
    ledger.append_many(numbered([site(s) for s in SITES]))
    if backend.name == "memory":  # one process: threads share the store
        spans: list[tuple[float, float]] = []
        # All begin together, as the processes below wait for `go`: a thread started first could otherwise finish
        # its share before the last one was started (seen on a loaded machine).
        start = threading.Barrier(WRITERS)

        def share(k: int) -> None:
            start.wait(timeout=600)
            spans.append(write_share(ledger, k))

        threads = [threading.Thread(target=share, args=(k,)) for k in range(WRITERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
    else:
        go = tmp_path / "go"
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    WRITER,
                    backend.target,
                    str(k),
                    str(go),
                    str(tmp_path / f"ready-{k}"),
                    str(Path(__file__).parent),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            for k in range(WRITERS)
        ]
        deadline = time.monotonic() + 120
        while not all((tmp_path / f"ready-{k}").exists() for k in range(WRITERS)):
            assert time.monotonic() < deadline and all(p.poll() is None for p in procs), (
                "writers did not start"
            )
            time.sleep(0.01)
        go.touch()
        spans = []
        for proc in procs:
            out, err = proc.communicate(timeout=900)
            assert proc.returncode == 0 and out.startswith("done"), err[-2000:]
            spans.append((float(out.split()[2]), float(out.split()[3])))
    store = backend.store()
    events = list(store.events())
    written = [e for e in events if e.type == "gig_worker_registered"]
    assert len(written) == WRITERS * PER_WRITER
    assert {e.idempotency_key for e in written} == {
        f"{k}-{n}" for k in range(WRITERS) for n in range(PER_WRITER)
    }
    assert chain_ok(events)
    # Not a concurrency test unless every writer was at work while every other was: the last to begin began
    # before the first to finish finished. (How often commits alternate is up to the lock's fairness: SQLite's
    # busy handler lets the writer that just committed take the lock again while the others sleep, so a
    # count of switches between writers is no guard: CI once saw 10 where a quiet machine sees hundreds.)
    assert len(spans) == WRITERS
    assert max(began for began, _ in spans) < min(ended for _, ended in spans), (
        f"the writers ran one after the other: {sorted(spans)}"
    )
    for k in range(WRITERS):  # each writer's events in its own order
        order = [int(e.payload["worker"].split("-")[2]) for e in written if e.actor == f"w{k}"]
        assert order == list(range(PER_WRITER))
    status = Ledger(store).verify()
    assert status.count == len(SITES) + WRITERS * PER_WRITER
    assert {s: h.site_seq for s, h in status.sites.items()} == {s: 1 + 2 * PER_WRITER for s in SITES}


def test_a_reader_saving_the_cache_never_fails_while_a_writer_holds_the_store(backend):
    writer = backend.store()
    Ledger(writer).append(site("a"))
    reader = backend.store()
    entry = CacheEntry("shaxian-gig", "a", "2026", 1, "h" * 64, "{}")
    if backend.name == "memory":
        assert reader.cache_put([entry]) is True
        return
    with writer.write() as tx:
        tx.lock(["a"])
        tx.head("a")
        started = time.monotonic()
        saved = reader.cache_put([entry])  # True where the backend lets it through, False where it is busy
        assert isinstance(saved, bool) and time.monotonic() - started < 5
        assert reader.head("a").site_seq == 1  # and reading goes on


def test_an_import_read_in_a_second_process_is_the_same_on_every_backend(backend, tmp_path, monkeypatch):
    """ledger/import_pipeline.py reads a large file in a forked process that never touches the store: every backend
    takes the rows in the same order, and a bad line still leaves the ledger as it was."""
    import json

    from ledger import import_pipeline
    from schemes import actions

    monkeypatch.setattr(import_pipeline, "PIPELINE_MIN_BYTES", 0)
    ledger = backend.ledger()
    ledger.append(site("a"))
    lines = [json.dumps({"id": f"w{n}", "type": "gig_worker_registered", "site": "a", "occurred_at": "2026-02-01",
                         "actor": "op", "payload": {"worker": f"W-{n}"}}) for n in range(1200)]  # fmt: skip
    good = tmp_path / "good.jsonl"
    good.write_text("\n".join(lines) + "\n", encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        "\n".join([*(x.replace('"id": "w', '"id": "v') for x in lines[:1100]), '{"type": 1}']) + "\n",
        encoding="utf-8",
    )
    with pytest.raises(LedgerError, match="^line 1101: "):
        actions.import_events(ledger, actions.Writer("op"), bad, None)
    assert ledger.verify().count == 1
    result = actions.import_events(ledger, actions.Writer("op"), good, None)
    assert (result.added, ledger.verify().count) == (1200, 1201)
    assert [e.id for e in ledger.events()][1:] == [f"w{n}" for n in range(1200)]
