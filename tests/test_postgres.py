"""What only the PostgreSQL store promises, against a real server: who may write what (roles, grants, the actor
bound to the login), per-site locks that let writers at different sites pass each other, deadlocks and failed
connections as one-line errors. The behaviour every backend shares is in test_store_contract.py."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import psycopg
import pytest

from ledger.backends.pg_schema import APP_ROLE, USER_ROLE
from ledger.envelope import Draft
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from ledger.store import CacheEntry, HeadConflict, open_store
from schemes import actions


@pytest.fixture
def pg(pg_cluster, pg_url) -> Any:
    """An initialised ledger database with sites a and b; `pg.url(user)` opens it as another login role."""

    class Handle:
        url_admin = pg_url
        cluster = pg_cluster
        dbname = pg_url.split("/")[3].split("?")[0]

        def url(self, user: str) -> str:
            return pg_cluster.url(self.dbname, user)

        def role(self, name: str, *groups: str) -> str:
            return pg_cluster.login_role(name, *groups)

        def sql(self, statement: str, user: str | None = None) -> list[tuple]:
            with psycopg.connect(self.url(user) if user else pg_url, autocommit=True) as conn:
                cur = conn.execute(statement.encode())
                return cur.fetchall() if cur.description else []

    ledger = Ledger(pg_url, create=True)
    for name in ("a", "b"):
        ledger.append(Draft(type="site_registered", site=name, occurred_at="2026-01-01", actor="buyer",
                            payload={"name": name}))  # fmt: skip
    ledger.close()
    return Handle()


def fair(site: str, actor: str, n: int = 1) -> Draft:
    return Draft(type="gig_worker_registered", site=site, occurred_at="2026-03-05", actor=actor,
                 payload={"worker": f"W-{n}"})  # fmt: skip


def test_init_grants_the_user_role_select_and_insert_only(pg):
    privileges = pg.sql(
        f"SELECT p, has_table_privilege('{USER_ROLE}', 'opsledger.events', p) FROM "
        "unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p"
    )
    assert dict(privileges) == {"SELECT": True, "INSERT": True, "UPDATE": False, "DELETE": False,
                                "TRUNCATE": False, "REFERENCES": False, "TRIGGER": False}  # fmt: skip
    assert pg.sql(f"SELECT pg_has_role('{APP_ROLE}', '{USER_ROLE}', 'MEMBER')") == [(True,)]
    assert Ledger(pg.url_admin, create=True).store.created is False  # init again: nothing changes


def test_an_operator_login_writes_only_as_itself(pg):
    ann = Ledger(pg.url(pg.role("ann", USER_ROLE)))
    assert ann.store.login == "ann" and not ann.store.read_only
    assert ann.append(fair("a", "ann")).actor == "ann"
    with pytest.raises(LedgerError) as refused:
        ann.append(fair("a", "li", 2))
    message = str(refused.value)
    assert "\n" not in message and 'the actor of an event must be the database role that writes it: "ann" is logged in, ' \
        'an event names "li"' in message  # fmt: skip
    assert [e.actor for e in ann.events(site="a")] == ["buyer", "ann"]


def test_a_trusted_application_writes_for_its_users(pg):
    web = Ledger(pg.url(pg.role("webapp", APP_ROLE)))
    assert web.append(fair("a", "li")).actor == "li"


def test_plain_sql_as_an_operator_cannot_change_history_or_forge_a_row(pg):
    pg.role("ann", USER_ROLE)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        pg.sql("UPDATE opsledger.events SET actor = 'ann'", user="ann")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        pg.sql("TRUNCATE opsledger.events", user="ann")
    forged = ("INSERT INTO opsledger.events (site, site_seq, id, type, version, occurred_at, occurred_on, recorded_at, "
              "actor, payload, evidence, prev_hash, hash) SELECT site, site_seq + {step}, 'forged', type, version, "
              "occurred_at, occurred_on, recorded_at, '{actor}', payload, evidence, {prev}, 'f' FROM opsledger.events "
              "WHERE site = 'a'")  # fmt: skip
    with pytest.raises(psycopg.DatabaseError, match="the actor of an event must be the database role"):
        pg.sql(forged.format(step=1, actor="li", prev="hash"), user="ann")
    with pytest.raises(psycopg.DatabaseError, match=r"site a #3: does not continue the chain"):
        pg.sql(forged.format(step=2, actor="ann", prev="hash"), user="ann")  # skips #2
    with pytest.raises(psycopg.DatabaseError, match=r"site a #2: does not continue the chain"):
        pg.sql(forged.format(step=1, actor="ann", prev="'x'"), user="ann")  # wrong prev_hash
    assert pg.sql("SELECT COUNT(*) FROM opsledger.events") == [(2,)]
    assert Ledger(pg.url_admin).verify().count == 2


def test_init_by_a_login_that_is_not_the_owner_says_so(pg_cluster, pg_url):
    name = pg_url.split("/")[3].split("?")[0]
    pg_cluster.login_role("ann", USER_ROLE)
    with pytest.raises(
        LedgerError, match=r"`opsledger init` must run as the database's owner \(permission denied"
    ):
        Ledger(pg_cluster.url(name, "ann"), create=True)


def test_a_login_without_the_role_is_told_what_to_ask_for(pg):
    pg.role("stranger")
    with pytest.raises(
        LedgerError, match=f"permission denied .*: the login role needs membership in {USER_ROLE}"
    ):
        Ledger(pg.url("stranger"))


def test_the_cache_is_kept_only_by_trusted_applications(pg):
    entry = CacheEntry("shaxian-gig", "a", "2026", 1, "h" * 64, "{}")
    operator = open_store(pg.url(pg.role("ann", USER_ROLE)))
    assert operator.cache_put([entry]) is False and operator.cache_clear() is False  # never an error
    assert operator.cache_get("shaxian-gig", "a", "2026") is None
    app = open_store(pg.url(pg.role("webapp", APP_ROLE)))
    assert app.cache_put([entry]) is True
    assert operator.cache_get("shaxian-gig", "a", "2026") == entry  # readable by all


def test_integrity_problems_name_a_grant_that_lets_history_change(pg):
    pg.sql(f"GRANT UPDATE ON opsledger.events TO {USER_ROLE}")
    try:
        assert open_store(pg.url_admin).integrity_problems() == [  # the app role inherits it
            f"role {APP_ROLE} may UPDATE events: revoke it",
            f"role {USER_ROLE} may UPDATE events: revoke it",
        ]
    finally:
        pg.sql(f"REVOKE UPDATE ON opsledger.events FROM {USER_ROLE}")


def test_writers_at_different_sites_do_not_wait_for_each_other(pg):
    holder, other = open_store(pg.url_admin), Ledger(pg.url_admin)
    with holder.write() as tx:
        tx.lock(["a"])
        tx.head("a")
        started = time.monotonic()
        other.append(fair("b", "ann"))  # site b: not blocked by the open transaction holding site a
        assert time.monotonic() - started < 5
        blocked = threading.Thread(target=other.append, args=(fair("a", "ann", 2),))
        blocked.start()
        blocked.join(timeout=1.0)
        assert blocked.is_alive()  # site a: waits for the holder
    blocked.join(timeout=30)
    assert not blocked.is_alive()
    assert [e.site_seq for e in other.events(site="a")] == [1, 2]


def test_a_writer_that_waited_for_a_site_records_after_the_writer_it_waited_for(pg):
    """recorded_at is read once the site's lock is held: a writer whose transaction began first but appends
    second is stamped after the first append, so recorded_at increases along the chain (as-of reads see a
    prefix of it)."""
    slow, fast = Ledger(pg.url_admin), Ledger(pg.url_admin)
    begun, appended = threading.Event(), threading.Event()
    result: list[Any] = []

    def drafts() -> Any:
        begun.set()  # the slow writer's transaction is open and has read the clock once
        appended.wait(30)
        yield (1, fair("a", "ann", 2))

    writer = threading.Thread(target=lambda: result.append(slow.appender.append_many(drafts(), keep=True)))
    writer.start()
    assert begun.wait(30)
    time.sleep(0.01)
    first = fast.append(fair("a", "ann", 1))
    appended.set()
    writer.join(timeout=30)
    [second] = result[0].events
    assert second.site_seq == first.site_seq + 1 and second.recorded_at > first.recorded_at


def test_a_deadlock_between_writers_is_a_retryable_conflict(pg):
    first, second = open_store(pg.url_admin), open_store(pg.url_admin)
    outcome: dict[str, BaseException | None] = {}
    both_locked = threading.Barrier(2)

    def run(store: Any, mine: str, theirs: str) -> None:
        try:
            with store.write() as tx:
                tx.lock([mine])
                both_locked.wait(timeout=10)
                tx.lock([theirs])  # a later lock call: the one order PostgreSQL breaks by aborting one of us
        except LedgerError as err:
            outcome[mine] = err
        else:
            outcome[mine] = None

    threads = [
        threading.Thread(target=run, args=(first, "a", "b")),
        threading.Thread(target=run, args=(second, "b", "a")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    errors = [e for e in outcome.values() if e is not None]
    assert len(outcome) == 2 and len(errors) == 1
    assert (
        isinstance(errors[0], HeadConflict) and "try again" in str(errors[0]) and "\n" not in str(errors[0])
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda url: url.replace("port=5432", "port=1"), "no PostgreSQL server is listening there"),
        (lambda url: url.split("?")[0].rsplit("/", 1)[0] + "/nosuchdb?" + url.split("?")[1],
         'database "nosuchdb" does not exist: create it (`createdb nosuchdb`)'),
        (lambda url: url.replace("postgres@", "nobody@"), 'login role "nobody" does not exist'),
    ],
    ids=["no-server", "no-database", "no-role"],
)  # fmt: skip
def test_connection_problems_are_one_line_saying_what_to_fix(pg, change, expected):
    with pytest.raises(LedgerError) as failed:
        Ledger(change(pg.url_admin))
    assert expected in str(failed.value) and "\n" not in str(failed.value)


def test_an_empty_database_is_not_a_ledger_until_init(pg_cluster):
    name = pg_cluster.create_database("empty")
    try:
        with pytest.raises(LedgerError, match=r"holds no opsledger ledger: run `opsledger init`"):
            Ledger(pg_cluster.url(name))
    finally:
        pg_cluster.drop_database(name)


def test_password_in_the_url_is_never_printed(pg):
    url = pg.url_admin.replace("postgres@", "postgres:s3cret@").replace("port=5432", "port=1")
    with pytest.raises(LedgerError) as failed:
        Ledger(url)
    assert "s3cret" not in str(failed.value) and "postgres:***@" in str(failed.value)


def _index_reads(pg: Any) -> dict[str, int]:
    """Index tuples read per index of the events table, once every backend's counters have been flushed (a
    backend flushes them when it ends; the figures stop moving)."""
    sql = ("SELECT indexrelname, idx_tup_read FROM pg_stat_user_indexes WHERE relname = 'events' "
           "AND schemaname = 'opsledger'")  # fmt: skip
    last: dict[str, int] = {}
    for _ in range(50):
        now = dict(pg.sql(sql))
        if now == last:
            return now
        last = now
        time.sleep(0.3)
    return last


def test_one_sites_rows_past_the_first_probe_are_read_by_the_site_not_by_walking_the_table(pg, tmp_path):
    """A site's rows beyond the first probe come through a server-side cursor, and PostgreSQL plans a cursor
    for its first tenth: for one site in seq order that was the primary key walked from the start with the site
    as a filter, the whole table read for one site's events (11.4 s for 131,357 events at 10M events, issue 15).
    Every caller reads the cursor to its end, so it is planned for all its rows: the site's index and a sort."""
    lines = [
        json.dumps(
            {
                "type": "gig_worker_registered",
                "site": site,
                "occurred_at": f"2026-{1 + n % 9:02d}-{1 + n % 28:02d}",
                "actor": "op",
                "payload": {"worker": f"{site}-{n}"},
            }
        )  # fmt: skip
        for site, count in (("a", 2_300), ("b", 14_000))
        for n in range(count)
    ]
    file = tmp_path / "events.jsonl"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ledger = Ledger(pg.url_admin)
    actions.import_events(ledger, actions.Writer("op"), file, None)
    ledger.close()
    pg.sql("ANALYZE opsledger.events")
    before = _index_reads(pg)
    ledger = Ledger(pg.url_admin)
    checked = ledger.verify(sites=["a"])
    ledger.close()
    after = _index_reads(pg)
    assert (
        checked.sites["a"].site_seq == 2_301
    )  # registered, then the 2,300 imported: past the 2,001-row probe
    walked = after["events_pkey"] - before["events_pkey"]
    assert walked < 2_301, f"the primary key walked for one site's rows: {walked} index entries read"
