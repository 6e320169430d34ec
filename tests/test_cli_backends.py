"""The command line on both SQL backends: the same commands in real subprocesses, the same results.

Each test runs once on a SQLite file and once on a fresh PostgreSQL database. Who writes is the one difference
users see: on SQLite `OPSLEDGER_ACTOR` names the actor; on PostgreSQL the actor is the login role, so the
helper logs in as a role of that name (a member of opsledger_user) instead, and `init` runs as the owner.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import Result, cli_env, run_cli

from ledger.backends.pg_schema import USER_ROLE

SITE = "sx"


class Target:
    """A ledger the CLI is pointed at: `run(*args, actor=NAME)` is `opsledger --db LEDGER ARGS` as NAME."""

    def __init__(self, kind: str, workdir: Path, cluster: Any = None, dbname: str = "") -> None:
        self.kind, self.workdir, self.cluster, self.dbname = kind, workdir, cluster, dbname
        self.path = workdir / "cli.db"

    @property
    def db(self) -> str:
        """What `--db` is given by the ledger's owner."""
        return str(self.path) if self.kind == "sqlite" else self.cluster.url(self.dbname)

    def run(self, *args: Any, actor: str | None = "tester", timeout: float = 600) -> Result:
        env = cli_env(OPSLEDGER_ACTOR=actor or "tester")
        db = self.db
        if self.kind == "postgres":
            del env["OPSLEDGER_ACTOR"]  # refused there: the login is the actor
            if actor is not None:
                db = self.cluster.url(self.dbname, self.cluster.login_role(actor, USER_ROLE))
        return run_cli("--db", db, *args, cwd=self.workdir, env=env, timeout=timeout)

    def ok(self, *args: Any, actor: str | None = "tester") -> str:
        result = self.run(*args, actor=actor)
        assert result.code == 0, f"opsledger {' '.join(map(str, args))} as {actor}: {result.err}"
        return result.out

    def jsonl(self, *args: Any) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.ok("events", "--format", "jsonl", *args).splitlines()]


def make_target(kind: str, request: pytest.FixtureRequest, workdir: Path) -> Target:
    if kind == "sqlite":
        return Target(kind, workdir)
    cluster = request.getfixturevalue("pg_cluster")
    name = cluster.create_database("cli")
    request.addfinalizer(lambda: cluster.drop_database(name))
    return Target(kind, workdir, cluster, name)


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Target:
    """An initialised, empty ledger on each backend."""
    chosen = make_target(request.param, request, tmp_path)
    chosen.ok("init", actor=None)
    return chosen


def contracted(target: Target) -> None:
    """The Shaxian gig market, its contract signed by the buyer's key, and alice as its assessor (the buyer
    delegates alice's key; the test keys live in conftest's KEYS_DIR, named by OPSLEDGER_KEYS)."""
    target.ok("site", "add", SITE, "--name", "沙县零工市场", "--on", "2026-01-01", actor="op")
    target.ok(
        "contract",
        "add",
        SITE,
        "--scheme",
        "shaxian-gig",
        "--start",
        "2026-01-01",
        "--fee",
        "100000",
        actor="op",
    )
    target.ok(
        "role", "grant", "alice", "--role", "assessor", "--site", SITE, "--on", "2026-01-01", actor="buyer"
    )


# -- writing and reading ----------------------------------------------------------------------------------


def test_init_log_events_and_verify(target: Target) -> None:
    again = target.run("init", actor=None)
    assert (
        again.code == 0
        and again.out.startswith("ledger ")
        and "already exists (0 events); nothing changed" in again.out
    )
    assert "s3cret" not in again.out
    target.ok("site", "add", SITE, "--name", "沙县零工市场", "--on", "2026-01-01", actor="op")
    logged = target.ok(
        "log", "gig_worker_registered", "--site", SITE, "--on", "2026-03-05", "worker=W-1", actor="ann"
    )
    assert re.fullmatch(r"appended seq 2 hash [0-9a-f]{64}\n", logged)
    events = target.jsonl()
    assert [(e["type"], e["actor"], e["site_seq"]) for e in events] == [
        ("site_registered", "op", 1), ("gig_worker_registered", "ann", 2)
    ]  # fmt: skip
    verified = target.ok("verify")
    first, chain = verified.splitlines()
    assert first == f"ok: 2 events, head seq 2, head hash {events[1]['hash']}; 1 site chain:"
    assert chain.startswith(f"  {SITE}: #2 {events[1]['hash']}")


def test_import_correct_and_retract(target: Target, tmp_path: Path) -> None:
    contracted(target)
    lines = tmp_path / "workers.jsonl"
    lines.write_text("".join(json.dumps({"type": "gig_worker_registered", "site": SITE, "occurred_at": "2026-03-05",
                                         "payload": {"worker": f"W-{n}"}, "idempotency_key": f"w-{n}"}) + "\n"
                             for n in range(50)), encoding="utf-8")  # fmt: skip
    assert target.ok("import", lines, actor="ann").startswith("imported 50 events")
    assert "imported 0 events" in target.ok("import", lines, actor="ann")  # idempotent
    first = target.jsonl("--type", "gig_worker_registered")[0]
    assert first["actor"] == "ann"
    target.ok("correct", first["seq"], "worker=W-0b", "--reason", "typo", actor="ann")
    target.ok("retract", first["seq"] + 1, "--reason", "duplicate", actor="ann")
    shown = target.ok("events", "--site", SITE, "--type", "gig_worker_registered")
    assert "corrected #" in shown and "retracted #" in shown
    assert target.ok("verify").startswith("ok: 55 events, ")


def test_an_operator_cannot_write_an_assessors_event(target: Target) -> None:
    contracted(target)
    refused = target.run("log", "assessor_judgement", "--site", SITE, "--on", "2026-06-01", "scheme=shaxian-gig",
                         "item=site.rules", "met=true", "reason=ok", actor="ann")  # fmt: skip
    assert refused.code == 1 and refused.err.count("\n") == 1 and "assessor" in refused.err
    assert len(target.jsonl()) == 3


def test_assessor_keys_signoff_audit_evidence_and_bundle(target: Target, tmp_path: Path) -> None:
    contracted(target)
    photo = tmp_path / "现场照片-制度.jpg"
    photo.write_bytes(b"wall")
    target.ok(
        "log",
        "site_incident",
        "--site",
        SITE,
        "--on",
        "2026-03-01",
        "kind=fight",
        "description=斗殴",
        actor="op",
    )
    target.ok("log", "assessor_judgement", "--site", SITE, "--on", "2026-06-01", "scheme=shaxian-gig", "item=site.rules",
              "met=true", "reason=制度已上墙", "--evidence", photo, actor="alice")  # fmt: skip
    signed = target.ok("signoff", "--site", SITE, "--period", "2026", actor="alice")
    assert "signed sx 2026 (shaxian-gig): total 19 较差" in signed
    closed = target.ok(
        "close", "--site", SITE, "--period", "2026", "--reason", "年度考核", "--early", actor="alice"
    )
    assert re.match(r"closed sx 2026: seq \d+ recorded ", closed)
    late = target.ok("log", "activity_held", "--site", SITE, "--on", "2026-06-01", "kind=short_term_staffing",
                     "title=补录", actor="op")  # fmt: skip
    late_seq = int(late.split()[2])
    assert f"seq {late_seq} activity_held occurred 2026-06-01" in target.ok(
        "score", "--site", SITE, "--period", "2026"
    )
    accepted = target.ok("accept", late_seq, "--reason", "核实", actor="alice")
    assert accepted.startswith(f"accepted late seq {late_seq}: seq ")
    audited = target.ok("audit", "--site", SITE, "--period", "2026")
    assert "ok   signature" in audited and "verdict: VALID" in audited
    listing = target.ok("evidence", "--site", SITE, "--period", "2026")
    assert (
        "现场照片-制度.jpg" in listing and "[stored]" in listing
    )  # kept by the store: a file or the database
    bundle = tmp_path / "bundle"
    target.ok("export", "--site", SITE, "--period", "2026", "--out", bundle)
    checked = run_cli("verify-bundle", bundle, cwd=tmp_path)
    assert checked.code == 0 and checked.out.endswith(f"ok: bundle {bundle} verifies\n"), checked.err


# -- PostgreSQL: the actor is the login ------------------------------------------------------------------


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_typed_actor_is_refused_on_postgresql(
    request: pytest.FixtureRequest, tmp_path: Path, how: str
) -> None:
    pg = make_target("postgres", request, tmp_path)
    pg.ok("init", actor=None)
    url = pg.cluster.url(pg.dbname, pg.cluster.login_role("ann", USER_ROLE))
    env = cli_env()
    args = ["--db", url, "site", "add", SITE, "--name", "沙县"]
    if how == "option":
        del env["OPSLEDGER_ACTOR"]
        args += ["--actor", "li"]
    refused = run_cli(*args, cwd=tmp_path, env=env)
    assert refused.code == 1 and refused.out == ""
    assert refused.err == (
        "error: --actor/OPSLEDGER_ACTOR cannot be used with a PostgreSQL ledger: events are recorded as the database "
        "login ('ann'); log in as another role to write as someone else (and unset OPSLEDGER_ACTOR)\n"
    )
    assert pg.jsonl() == []


# -- the demo: the same scorecards on both backends -----------------------------------------------------


def without_location(text: str) -> list[str]:
    """The demo's summary without the lines naming where the ledger and its checkpoints are."""
    where = ("demo ledger ", "opsledger --db", "checkpoints of every site: ")
    return [line for line in text.splitlines() if not any(w in line for w in where)]


def test_the_demo_on_postgresql_scores_like_the_demo_on_sqlite(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    sqlite_target = make_target("sqlite", request, tmp_path / "s")
    pg = make_target("postgres", request, tmp_path / "p")
    for t in (sqlite_target, pg):
        t.workdir.mkdir()
    outputs = {}
    for t in (sqlite_target, pg):
        result = run_cli("demo", "--db", t.db, "--seed", "7", cwd=t.workdir, timeout=900)
        assert result.code == 0, result.err
        outputs[t.kind] = result.out
    assert without_location(outputs["postgres"]) == without_location(outputs["sqlite"])
    assert (
        "score --site" in outputs["postgres"] and "'postgresql://" in outputs["postgres"]
    )  # next: quoted URL
    for args in (("--site", "shaxian-gig-market", "--period", "2026"), ("--site", "chifeng-hr-park", "--period", "2026-Q2"),
                 ("--scheme", "wujiang-alliance", "--period", "2026")):  # fmt: skip
        cards = [
            json.loads(t.ok("score", *args, "--format", "json", actor=None)) for t in (sqlite_target, pg)
        ]
        assert cards[0] == cards[1], args
        texts = [t.ok("score", *args, actor="buyer") for t in (sqlite_target, pg)]
        assert texts[0] == texts[1], args
    pg_events = pg.jsonl()
    assert pg_events == sqlite_target.jsonl()  # the demo is deterministic: seqs, instants, hashes and all
    for args in (("sites",), ("gaps", "--site", "pingxiang-hr-market", "--period", "2026", "--today", "2027-01-10"),
                 ("payout", "--site", "shaxian-gig-market", "--year", "2026", "--on", "2027-03-01"),
                 ("evidence", "--site", "shaxian-gig-market", "--period", "2026"),
                 ("score", "--site", "dongsheng-talent-center", "--period", "2026-H1", "--format", "csv"),
                 ("diff", "--site", "pingxiang-hr-market", "--period", "2026-Q2", "--from", "2026-07-05",
                  "--to", "2026-10-01")):  # fmt: skip
        outputs = [t.ok(*args, actor=None) for t in (sqlite_target, pg)]
        assert outputs[0] == outputs[1], args
    assert pg.ok("verify").startswith(f"ok: {len(pg_events)} events, ")
    again = run_cli("demo", "--db", pg.db, "--force", cwd=pg.workdir)
    assert again.code == 1 and "--force cannot empty a PostgreSQL ledger" in again.err
