"""`opsledger migrate --from URL --to URL`: a ledger moved between SQLite and PostgreSQL, both ways, keeps every
event exactly (global seq, site_seq, recorded_at, actors, signatures, hashes), its evidence files and records;
both sides verify to the same heads; a sign-off made before the move still audits VALID after it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import psycopg
import pytest
from conftest import cli_env, run_cli

from ledger.ledger import Ledger

SITE = "sx"


def opsledger(db: str | Path, *args: object, cwd: Path, actor: str = "op") -> str:
    """The CLI as `actor` on a SQLite file; on PostgreSQL as the URL's login (the superuser here)."""
    env = cli_env(OPSLEDGER_ACTOR=actor)
    if str(db).startswith("postgresql://"):
        del env["OPSLEDGER_ACTOR"]
    result = run_cli("--db", db, *args, cwd=cwd, env=env)
    assert result.code == 0, (args, result.err)
    return result.out


def events(db: str | Path, cwd: Path) -> list[dict]:
    return [json.loads(line) for line in opsledger(db, "events", "--format", "jsonl", cwd=cwd).splitlines()]


@pytest.fixture
def signed(tmp_path: Path) -> Path:
    """A SQLite ledger with a contract, an assessor, evidence files, a judgement, a sign-off and a record."""
    db, photo = tmp_path / "a.db", tmp_path / "现场照片.jpg"
    photo.write_bytes(b"wall")
    ledger_file = tmp_path / "台账.pdf"
    ledger_file.write_bytes(b"incident register")
    steps = [
        ("op", "init"),
        ("op", "site", "add", SITE, "--name", "沙县零工市场", "--on", "2026-01-01"),
        ("op", "site", "add", "other", "--name", "另一个站点", "--on", "2026-01-01"),
        ("op", "contract", "add", SITE, "--scheme", "shaxian-gig", "--start", "2026-01-01", "--fee", "100000"),
        ("buyer", "role", "grant", "alice", "--role", "assessor", "--site", SITE, "--on", "2026-01-01"),
        ("op", "log", "site_incident", "--site", SITE, "--on", "2026-03-01", "kind=fight", "description=斗殴"),
        ("op", "log", "gig_worker_registered", "--site", "other", "--on", "2026-03-02", "worker=W-1"),
        ("alice", "log", "assessor_judgement", "--site", SITE, "--on", "2026-06-01", "scheme=shaxian-gig",
         "item=site.rules", "met=true", "reason=制度已上墙", "--evidence", photo),
        ("op", "attach", "5", ledger_file, "--for", "事件登记台账"),
        ("alice", "signoff", "--site", SITE, "--period", "2026"),
    ]  # fmt: skip
    for actor, *args in steps:
        opsledger(db, *args, cwd=tmp_path, actor=actor)
    ledger = Ledger(db)
    ledger.store.record_put("web.accounts", "alice", '{"role": "assessor"}')
    ledger.close()
    return db


def test_sqlite_to_postgresql_and_back_keeps_every_event_exactly(
    signed: Path, pg_url: str, tmp_path: Path
) -> None:
    moved = run_cli("migrate", "--from", signed, "--to", pg_url, cwd=tmp_path)
    assert moved.code == 0, moved.err
    original = events(signed, tmp_path)
    assert events(pg_url, tmp_path) == original  # seq, site_seq, recorded_at, actor, signature, hashes: all
    lines = moved.out.splitlines()
    assert lines[0].startswith(
        f"copied {len(original)} events (2 site chains), 2 evidence files and 1 records from "
    )
    source_line, target_line = lines[1], lines[2]
    assert source_line.removeprefix("source: ") == target_line.removeprefix("target: ")
    assert source_line == (f"source: ok: {len(original)} events, head seq {original[-1]['seq']}, "
                           f"head hash {original[-1]['hash']}")  # fmt: skip
    for site in ("other", SITE):
        last = [e for e in original if e["site"] == site][-1]
        assert f"  {site}: #{last['site_seq']} {last['hash']} = #{last['site_seq']} {last['hash']}" in lines
    assert opsledger(pg_url, "verify", cwd=tmp_path) == opsledger(signed, "verify", cwd=tmp_path)
    audited = opsledger(pg_url, "audit", "--site", SITE, "--period", "2026", cwd=tmp_path)
    assert "verdict: VALID" in audited  # the signature made on SQLite verifies on PostgreSQL
    listing = opsledger(pg_url, "evidence", "--site", SITE, "--period", "2026", cwd=tmp_path)
    assert listing.count("[stored") == 2 and "missing]" not in listing
    assert Ledger(pg_url).store.record_get("web.accounts", "alice") == '{"role": "assessor"}'

    back = tmp_path / "b.db"
    returned = run_cli("migrate", "--from", pg_url, "--to", f"sqlite:///{back}", cwd=tmp_path)
    assert returned.code == 0, returned.err
    assert events(back, tmp_path) == original
    assert opsledger(back, "evidence", "--site", SITE, "--period", "2026", cwd=tmp_path) == listing
    # life goes on at the new home: the next event continues both chains' numbering
    added = opsledger(pg_url, "log", "gig_worker_registered", "--site", "other", "--on", "2026-03-03", "worker=W-2",
                      cwd=tmp_path)  # fmt: skip
    assert added.startswith(f"appended seq {original[-1]['seq'] + 1} ")


def test_gaps_in_a_postgresql_sequence_are_kept(pg_url: str, tmp_path: Path) -> None:
    """PostgreSQL's global seq has gaps where a transaction rolled back: the copy keeps the numbers as they are."""
    opsledger(pg_url, "init", cwd=tmp_path)
    ledger = Ledger(pg_url)
    from ledger.envelope import Draft

    ledger.append(
        Draft(
            type="site_registered", site=SITE, occurred_at="2026-01-01", actor="op", payload={"name": "沙县"}
        )
    )
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(
            "SELECT nextval('opsledger.event_seq') FROM generate_series(1, 5)"
        )  # a rolled-back batch
    later = ledger.append(Draft(type="gig_worker_registered", site=SITE, occurred_at="2026-03-01", actor="op",
                                payload={"worker": "W-1"}))  # fmt: skip
    ledger.close()
    assert later.seq == 7
    copy = tmp_path / "copy.db"
    assert run_cli("migrate", "--from", pg_url, "--to", copy, cwd=tmp_path).code == 0
    assert [e["seq"] for e in events(copy, tmp_path)] == [1, 7]
    assert opsledger(copy, "log", "gig_worker_registered", "--site", SITE, "--on", "2026-03-02", "worker=W-2",
                     cwd=tmp_path).startswith("appended seq 8 ")  # fmt: skip


def test_a_target_that_is_not_empty_is_refused(signed: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    opsledger(other, "init", cwd=tmp_path)
    opsledger(other, "site", "add", "mine", "--name", "我的", cwd=tmp_path)
    refused = run_cli("migrate", "--from", signed, "--to", other, cwd=tmp_path)
    assert refused.code == 1
    assert (
        refused.err
        == f"error: the target {other} is not empty (it ends at seq 1): migrate into a new, empty ledger\n"
    )
    assert len(events(other, tmp_path)) == 1


def test_a_source_that_fails_verification_is_refused_and_nothing_is_copied(
    signed: Path, tmp_path: Path
) -> None:
    import sqlite3

    conn = sqlite3.connect(signed)
    conn.executescript(
        'DROP TRIGGER events_no_update; UPDATE events SET payload = \'{"worker":"W-9"}\' WHERE seq = 6;'
    )
    conn.close()
    target = tmp_path / "new.db"
    refused = run_cli("migrate", "--from", signed, "--to", target, cwd=tmp_path)
    assert refused.code == 1 and refused.err.count("\n") == 1
    assert re.match(rf"error: the source {re.escape(str(signed))} fails verification, nothing was copied: chain broken "
                    r"at seq 6 \(site other #2\)", refused.err)  # fmt: skip
    assert not target.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [((), "error: give --db FILE to upgrade a schema-1 ledger, or --from URL --to URL to copy a ledger between "
          "backends\n"),
     (("--from", "a.db", "--to", "sqlite:///a.db"), "error: --from and --to name the same ledger\n")],
)  # fmt: skip
def test_mistakes_are_one_line(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    result = run_cli("migrate", *args, cwd=tmp_path)
    assert (result.code, result.err) == (1, message)


@pytest.mark.parametrize("bulk", [1, 10_000])
def test_a_bulk_load_into_postgresql_leaves_the_events_table_analysed(
    signed: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch, bulk: int
) -> None:
    """A migrate appends its events by COPY in one transaction; one of BULK rows or more has the table analysed
    when it commits, so the planner knows how many rows a seq range holds (unanalysed, reading a site's new events
    walked a bitmap of the whole primary key: issue 15). A smaller one leaves it to autovacuum."""
    from ledger import migrate
    from ledger.backends import postgres

    monkeypatch.setattr(postgres, "BULK", bulk)  # the fixture's ledger is ten events, not ten thousand
    migrate.copy_ledger(str(signed), pg_url)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        reltuples = conn.execute(
            f"SELECT reltuples FROM pg_class WHERE oid = '{postgres.EVENTS}'::regclass"
        ).fetchone()
    # Analysed: the catalog holds the table's row count. Never analysed since it was created: -1.
    assert reltuples == ((len(events(signed, signed.parent)),) if bulk == 1 else (-1,))
