"""`opsledger migrate --db FILE`: a schema-1 ledger (wave one, one global hash chain) moves to per-site chains.

The fixture tests/data/schema1.db was written by the wave-one CLI itself (tests/data/make-schema1.sh): three sites,
a correction, a retraction, an assessor's judgement and a sign-off whose signed head is another site's event."""

from __future__ import annotations

import json
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ACTOR, BUYER, cli_env, ensure_key, run_cli

FIXTURE = Path(__file__).parent / "data" / "schema1.db"
OLD_COUNT = 32
SITES = {"sx": (1, 31, 24), "px": (2, 32, 6), "wj-1": (3, 30, 2)}  # site -> old first seq, last seq, events


def old_hash(seq: int) -> str:
    """The hash the schema-1 file stores at seq (read with plain SQLite, not through opsledger)."""
    conn = sqlite3.connect(f"file:{FIXTURE.resolve()}?mode=ro&immutable=1", uri=True)
    try:
        return conn.execute("SELECT hash FROM events WHERE seq = ?", (seq,)).fetchone()[0]
    finally:
        conn.close()


def ok(*args: object, cwd: Path, **env: str) -> str:
    result = run_cli(*args, cwd=cwd, env=cli_env(**env))
    assert result.code == 0, (args, result.err)
    return result.out


def listing(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def events(db: Path, cwd: Path, *args: str) -> list[dict]:
    out = ok("--db", db, "events", "--format", "jsonl", *args, cwd=cwd)
    return [json.loads(line) for line in out.splitlines()]


@pytest.fixture
def old(tmp_path: Path) -> Path:
    """A copy of the schema-1 fixture, alone in its directory."""
    ensure_key(BUYER)
    work = tmp_path / "work"
    work.mkdir()
    return Path(shutil.copy(FIXTURE, work / "park.db"))


@pytest.fixture
def migrated(old: Path) -> tuple[Path, str]:
    out = ok("migrate", "--db", old, cwd=old.parent)
    return old, out


def test_in_place_upgrade_keeps_the_old_file_verbatim_and_says_where(migrated: tuple[Path, str]) -> None:
    db, out = migrated
    lines = out.splitlines()
    assert lines[0] == (f"schema-1 chain verified: {OLD_COUNT} events, head seq {OLD_COUNT}, "
                        f"head hash {old_hash(OLD_COUNT)}")  # fmt: skip
    assert lines[-2] == f"upgraded {db} in place; the schema-1 file is kept as {db}.schema1"
    checkpoints = db.parent / "park-checkpoints.txt"
    assert lines[-1] == (f"the buyer's signed checkpoints of every site's new head: {checkpoints} (keep it where the "
                         f"operator cannot reach it; `opsledger verify --trust-key FP --against {checkpoints}`)")  # fmt: skip
    # no -wal, -shm or temporary file left
    assert sorted(listing(db.parent)) == ["park-checkpoints.txt", "park.db", "park.db.schema1"]
    assert (db.parent / "park.db.schema1").read_bytes() == FIXTURE.read_bytes()
    assert db.read_bytes() != FIXTURE.read_bytes()


def test_the_new_chains_verify_each_rooted_in_the_buyer_who_migrated(migrated: tuple[Path, str]) -> None:
    from ledger.keys import fingerprint

    db, _ = migrated
    buyer = fingerprint(ensure_key(BUYER).public_hex)
    out = ok("--db", db, "verify", "--trust-key", buyer, "--against", "park-checkpoints.txt", cwd=db.parent)
    out = out.splitlines()
    assert out[0].startswith(f"ok: {OLD_COUNT + 3} events, head seq {OLD_COUNT + 3}, ")
    for site, (_, _, count) in SITES.items():
        # each site: its old events, then its ledger_migrated event (the one act signed so far)
        assert any(line.startswith(f"  {site}: #{count + 1} ") and line.endswith(f"; buyer key {buyer}; 1 signed act "
                   "verified") for line in out), (site, out)  # fmt: skip
    # schema 1's unsigned acts are listed, not refused: sx's contract, grant, judgement and sign-off; px's contract
    assert (
        "    note: 5 act(s) recorded under schema 1 carry no signature (before the migration; seq 4...)"
        in out
    )
    assert (
        "    note: 1 act(s) recorded under schema 1 carry no signature (before the migration; seq 5...)"
        in out
    )
    # every new head is vouched for by the buyer's checkpoint the migration wrote
    for site, (_, _, count) in SITES.items():
        assert any(
            line.startswith(f"  {site}: #{count + 1} is signed by a trusted key (checkpoint of ")
            for line in out
        )
    assert out[-1] == f"every site's chain is rooted in a trusted key ({buyer}) and its head is signed by it"


def test_every_event_keeps_what_schema_1_recorded_and_only_its_chain_position_changes(
    migrated: tuple[Path, str],
) -> None:
    db, _ = migrated
    conn = sqlite3.connect(f"file:{FIXTURE.resolve()}?mode=ro&immutable=1", uri=True)
    rows = conn.execute(
        "SELECT seq, id, type, site, occurred_at, recorded_at, actor, idempotency_key, evidence, payload FROM events "
        "ORDER BY seq"
    ).fetchall()
    conn.close()
    new = events(db, db.parent)
    envelope = ("seq", "id", "type", "site", "occurred_at", "recorded_at", "actor", "idempotency_key")
    assert [tuple(e[k] for k in envelope) for e in new[:OLD_COUNT]] == [r[:8] for r in rows]
    assert [e["evidence"] for e in new[:OLD_COUNT]] == [json.loads(r[8]) for r in rows]
    added = set()
    for e, r in zip(new, rows, strict=False):
        recorded = json.loads(r[9])
        assert {k: e["payload"][k] for k in recorded} == recorded  # every recorded value, unchanged
        added |= {(e["type"], k, json.dumps(v)) for k, v in e["payload"].items() if k not in recorded}
    # fields added to the catalog since wave one, all optional: they appear with their defaults
    assert added == {("contract_signed", "buyer_key", "null"), ("actor_role_granted", "public_key", "null")}
    for site in SITES:
        chain = [e for e in new if e["site"] == site]
        assert [e["site_seq"] for e in chain] == list(range(1, len(chain) + 1))
        assert chain[0]["prev_hash"] == "0" * 64
        assert all(b["prev_hash"] == a["hash"] for a, b in zip(chain, chain[1:], strict=False))
        assert chain[-1]["type"] == "ledger_migrated"
    assert [e["signature"] for e in new[:OLD_COUNT]] == [None] * OLD_COUNT  # nothing signed after the fact


def test_a_bundle_of_a_migrated_site_verifies_on_its_own(migrated: tuple[Path, str]) -> None:
    db, _ = migrated
    ok("--db", db, "export", "--site", "px", "--period", "2026", "--out", "bundle", cwd=db.parent)
    out = ok("verify-bundle", "bundle", cwd=db.parent).splitlines()
    assert out[1].startswith("  ok   events.jsonl: hash chain verifies: px #1..#7 ")
    # sx's bundle holds alice's schema-1 sign-off, whose signed head (seq 30) is wj-1's event: not in the bundle,
    # vouched for by the ledger_migrated event; the score recomputes from sx's events alone
    ok("--db", db, "export", "--site", "sx", "--period", "2026", "--out", "sx-bundle", cwd=db.parent)
    sx = run_cli("verify-bundle", "sx-bundle", cwd=db.parent).out.splitlines()
    assert any(line.startswith("  ok   signed head of seq 31: signed under schema 1 over the old chain's hash at seq "
                               f"30 ({old_hash(30)[:16]}…)") and line.endswith("seq 30 is another site's event of "
                               "the old chain") for line in sx), sx  # fmt: skip
    assert "  ok   signed score of seq 31: recomputed from events 1..30: total 37.5 较差 = signed" in sx


def test_ledger_migrated_ties_each_site_to_the_old_chain_and_its_signoffs(migrated: tuple[Path, str]) -> None:
    from ledger import keys
    from schemes.audit import signed_fields

    db, _ = migrated
    markers = {e["site"]: e for e in events(db, db.parent, "--type", "ledger_migrated")}
    assert sorted(markers) == sorted(SITES)
    buyer = ensure_key(BUYER).public_hex
    for site, (first, last, count) in SITES.items():
        e = markers[site]
        assert (e["signer"], e["actor"]) == (buyer, ACTOR)  # signed by the buyer, run by whoever ran it
        p = e["payload"]
        assert (p["from_schema"], p["to_schema"], p["buyer_key"]) == (1, 2, buyer)
        assert (p["old_head_seq"], p["old_head_hash"]) == (OLD_COUNT, old_hash(OLD_COUNT))
        assert (p["old_first_seq"], p["old_last_seq"], p["old_events"]) == (first, last, count)
        assert p["old_site_head_hash"] == old_hash(last)
    assert markers["px"]["payload"]["signoffs"] == [] and markers["px"]["payload"]["signed_heads"] == {}
    # alice's schema-1 sign-off (seq 31) signed the global head, seq 30 (wj-1's event): its old hash is recorded,
    # and the signature it carries still verifies with the key alice registered then (seq 7) over its payload.
    sx = markers["sx"]["payload"]
    signoff = next(e for e in events(db, db.parent, "--type", "score_signed_off"))
    alice_key = next(e for e in events(db, db.parent, "--type", "assessor_key_registered"))["payload"][
        "public_key"
    ]
    assert sx["signed_heads"] == {"30": old_hash(30)}
    assert sx["signoffs"] == [{
        "seq": 31, "hash": old_hash(31), "actor": "alice", "public_key": alice_key, "head_seq": 30,
        "head_hash": old_hash(30), "signature": signoff["payload"]["signature"],
    }]  # fmt: skip
    assert keys.verify(alice_key, signed_fields("sx", signoff["payload"]), sx["signoffs"][0]["signature"])


# Shaxian 2026 from the fixture's events, item by item from the seed's 评分表 (003, 沙县区零工市场运营绩效考核评分表):
#   site.rules        场地运营管理 第1行 (2分): alice judged it met                                    2
#   site.staff        第5行 有配置3人以上专职工作人员 (5分): 林一 林二 林三 full time, 以上 includes 3     5
#   site.satisfaction 第7行 满意度80-89%得4分: 4 of 5 answers satisfied = 80%                          4
#   site.incidents    第8行 全年0案件得5分，1-5件得4分: the fight; the 'extortion' was corrected to other 4
#   site.no_fees      第9行 严禁变相收取职业介绍费用 (3分): none recorded                                 3
#   info.workers      个人信息收集: one worker (the duplicate retracted), under 1000                       0
#   info.truthfulness 信息及时性和真实性 (5分): no false information found                              5
#   disputes          纠纷处理 15件以下 5分: none                                                        5
#   promotion.followers 平台推广 3000-4000人 8分: 3200                                                  8
#   livestream        直播 12分: no livestream in 12 months, all 12 deducted                            0
#   judged items without a judgement, job posts, deals: 0;  运营服务 = 36
#   bonus.short_term  加分 协调企业解决短期用工 每次0.5分 (2分): three                                     1.5
# total 37.5, 等次 较差 (70分以下). The wave-one code signed the same total (the sign-off at seq 31).
HAND = {"site.rules": "2", "site.staff": "5", "site.satisfaction": "4", "site.incidents": "4", "site.no_fees": "3",
        "info.workers": "0", "info.truthfulness": "5", "disputes": "5", "promotion.followers": "8",
        "livestream": "0", "bonus.short_term": "1.5"}  # fmt: skip


def test_scores_before_and_after_are_the_seed_clause_totals(migrated: tuple[Path, str]) -> None:
    db, _ = migrated
    signed_then = next(e for e in events(db, db.parent, "--type", "score_signed_off"))["payload"]
    assert (Decimal(signed_then["total"]), signed_then["grade"]) == (
        Decimal("37.5"),
        "较差",
    )  # wave one's code
    card = json.loads(
        ok("--db", db, "score", "--site", "sx", "--period", "2026", "--format", "json", cwd=db.parent)
    )
    points = {item["id"]: Decimal(item["points"]) for item in card["items"]}
    assert {k: points[k] for k in HAND} == {k: Decimal(v) for k, v in HAND.items()}
    assert sum(v for k, v in points.items() if k not in HAND) == 0
    assert (Decimal(card["total"]), card["grade"]) == (Decimal("37.5"), "较差")


def test_audit_checks_a_schema1_signoff_against_the_old_head_the_migration_recorded(
    migrated: tuple[Path, str],
) -> None:
    db, _ = migrated
    result = run_cli("--db", db, "audit", "--site", "sx", "--period", "2026", cwd=db.parent)
    lines = result.out.splitlines()
    assert any(
        line.startswith("  ok   signature Ed25519 signature verifies with alice's key") for line in lines
    )
    assert any(line.startswith(f"  ok   head      signed under schema 1 over the old chain's hash at seq 30 "
                               f"({old_hash(30)[:16]}…), as the migration verified and recorded it") for line in lines)  # fmt: skip
    assert "  ok   score     recomputed from events 1..30: total 37.5 较差 = signed" in lines
    # the one failure is true: shaxian-gig.toml has changed since wave one signed its hash
    assert "  verdict: INVALID: scheme" in lines and result.code == 1


def test_migrating_to_a_new_file_leaves_the_old_one_untouched(old: Path) -> None:
    before = listing(old.parent)
    new = old.parent.parent / "new.db"
    out = ok("migrate", "--db", old, "--to", new, cwd=old.parent)
    assert out.splitlines()[-2] == f"wrote {new}; {old} is unchanged"
    assert (new.parent / "new-checkpoints.txt").exists()
    assert listing(old.parent) == before
    assert ok("--db", new, "verify", cwd=old.parent).startswith(f"ok: {OLD_COUNT + 3} events")


def test_a_second_run_says_the_ledger_is_already_current(migrated: tuple[Path, str]) -> None:
    db, _ = migrated
    before = listing(db.parent)
    again = run_cli("migrate", "--db", db, cwd=db.parent)
    assert (again.code, again.out, again.err) == (
        0, f"{db} is already at schema 2 (per-site chains): nothing to migrate\n", ""
    )  # fmt: skip
    assert listing(db.parent) == before


TAMPERING = [
    ("UPDATE events SET payload = replace(payload, '3200', '4200') WHERE seq = 19",
     "chain broken at seq 19: its content does not match its hash"),
    ("DELETE FROM events WHERE seq = 12", "chain broken at seq 12: event missing (next stored is 13)"),
    ("UPDATE events SET actor = 'mallory' WHERE seq = 30", "chain broken at seq 30: its content does not match its hash"),
    ("DELETE FROM events WHERE seq = 1", "chain broken at seq 1: event missing (next stored is 2)"),
]  # fmt: skip


@pytest.mark.parametrize(("sql", "why"), TAMPERING)
def test_a_tampered_old_chain_is_refused_and_nothing_is_written(old: Path, sql: str, why: str) -> None:
    conn = sqlite3.connect(old)
    conn.executescript(f"DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete; {sql};")
    conn.close()
    before = listing(old.parent)
    for args in (("--db", old), ("--db", old, "--to", old.parent / "new.db")):
        refused = run_cli("migrate", *args, cwd=old.parent)
        assert (refused.code, refused.out) == (1, "")
        assert (
            refused.err == f"error: {old}: the schema-1 chain does not verify, nothing was migrated: {why}\n"
        )
        assert listing(old.parent) == before


@pytest.mark.parametrize(
    "args",
    [("verify",), ("sites",), ("events",), ("score", "--site", "sx", "--period", "2026"), ("init",),
     ("log", "gig_worker_registered", "--site", "sx", "--on", "2026-05-02", "worker=W-2"),
     ("export", "--site", "sx", "--period", "2026", "--out", "bundle"), ("audit", "--site", "sx", "--period", "2026")],
)  # fmt: skip
def test_every_other_command_on_a_schema1_file_says_to_migrate(old: Path, args: tuple[str, ...]) -> None:
    before = listing(old.parent)
    result = run_cli("--db", old, *args, cwd=old.parent)
    assert (result.code, result.out) == (1, "")
    assert result.err == (f"error: {old} is a schema-1 ledger (one global chain): run `opsledger migrate --db {old}` "
                          "to move it to per-site chains (it is verified first)\n")  # fmt: skip
    assert listing(old.parent) == before


def test_the_upgrade_is_the_buyers_act_and_the_buyer_alone_signs_after_it(old: Path) -> None:
    from ledger.keys import fingerprint

    unsigned = run_cli("migrate", "--db", old, cwd=old.parent, env=cli_env(OPSLEDGER_BUYER=""))
    assert (unsigned.code, unsigned.err) == (1, (
        "error: upgrading a schema-1 ledger is the buyer's act: pass --buyer NAME (or set OPSLEDGER_BUYER); its key "
        "signs each site's ledger_migrated event and becomes the site's root of trust\n"))  # fmt: skip
    assert sorted(listing(old.parent)) == ["park.db"]
    ok("migrate", "--db", old, cwd=old.parent)
    # after it, every site's root is the buyer's key: mallory, holding only her own key, can neither grant a role
    # on a migrated site nor sign wj-1's first contract (wj-1 had none under schema 1)
    mallory_keys = old.parent.parent / "mallory-keys"
    ok("keys", "new", "--actor", "mallory", "--keys-dir", mallory_keys, cwd=old.parent)
    root = fingerprint(ensure_key(BUYER).public_hex)
    grant = ("--db", old, "role", "grant", "bob", "--role", "operator", "--site", "sx")
    contract = ("--db", old, "contract", "add", "wj-1", "--scheme", "wujiang-alliance", "--start", "2026-01-01",
                "--fee", "100000")  # fmt: skip
    for args, act in ((grant, "actor_role_granted"), (contract, "contract_signed")):
        refused = run_cli(*args, "--buyer", "mallory", "--keys-dir", mallory_keys, cwd=old.parent)
        assert (refused.code, refused.err) == (1, f"error: {act} must be signed by the buyer's key {root}, and that "
                                                  "key is not at hand (--buyer NAME's key file in the keys "
                                                  "directory)\n")  # fmt: skip
    assert ok(*grant, "--buyer", BUYER, cwd=old.parent).startswith(f"appended seq {OLD_COUNT + 4} ")
    ok(*contract, "--buyer", BUYER, cwd=old.parent)
    # an operator's event continues the migrated chain, and everything still verifies
    logged = ok("--db", old, "log", "gig_worker_registered", "--site", "sx", "--on", "2026-12-01", "worker=W-2",
                cwd=old.parent)  # fmt: skip
    assert logged.startswith(f"appended seq {OLD_COUNT + 6} ")
    verified = ok(
        "--db", old, "verify", "--trust-key", root, "--against", "park-checkpoints.txt", cwd=old.parent
    )
    assert verified.startswith(f"ok: {OLD_COUNT + 6} events")


def test_ledger_migrated_cannot_be_appended_by_hand(migrated: tuple[Path, str]) -> None:
    db, _ = migrated
    result = run_cli("--db", db, "log", "ledger_migrated", "--site", "sx", "--on", "2026-12-01", "from_schema=1",
                     "to_schema=2", "old_head_seq=1", f"old_head_hash={'a' * 64}", cwd=db.parent)  # fmt: skip
    assert (result.code, result.err) == (1, "error: ledger_migrated is written by `opsledger migrate` only, never "
                                            "appended\n")  # fmt: skip


def test_an_old_file_with_an_unfolded_write_ahead_log_is_upgraded_whole(old: Path) -> None:
    """A wave-one process that died with its last transaction still in park.db-wal: the log is read, folded into
    the kept file, and never left beside the new one (it would be replayed into it)."""
    import subprocess
    import sys

    script = (
        "import os, sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "conn.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "conn.execute(\"INSERT INTO meta (key, value) VALUES ('last_words', 'in the log only')\")\n"
        "os._exit(0)\n"  # no close, no checkpoint
    )
    subprocess.run([sys.executable, "-c", script, str(old)], check=True)
    assert (old.parent / "park.db-wal").stat().st_size > 0
    ok("migrate", "--db", old, cwd=old.parent)
    assert sorted(listing(old.parent)) == ["park-checkpoints.txt", "park.db", "park.db.schema1"]
    kept = sqlite3.connect(old.parent / "park.db.schema1")
    try:
        assert kept.execute("SELECT value FROM meta WHERE key = 'last_words'").fetchone() == (
            "in the log only",
        )
        assert kept.execute("SELECT COUNT(*) FROM events").fetchone() == (OLD_COUNT,)
    finally:
        kept.close()
    assert ok("--db", old, "verify", cwd=old.parent).startswith(f"ok: {OLD_COUNT + 3} events")


def test_migrating_into_postgresql_gives_the_same_chains_as_into_a_file(old: Path, pg_url: str) -> None:
    ok("migrate", "--db", old, "--to", pg_url, cwd=old.parent)
    ok("migrate", "--db", old, "--to", "new.db", cwd=old.parent)
    env = {k: v for k, v in cli_env().items() if k != "OPSLEDGER_ACTOR"}  # the login is the actor there
    on_pg = run_cli("--db", pg_url, "events", "--format", "jsonl", cwd=old.parent, env=env)
    assert on_pg.code == 0, on_pg.err
    in_file = events(old.parent / "new.db", old.parent)
    moving = (
        "id",
        "recorded_at",
        "signature",
        "hash",
        "prev_hash",
    )  # the markers' own id, time and signature
    strip = [{k: v for k, v in e.items() if k not in moving} for e in in_file]
    assert [
        {k: v for k, v in json.loads(line).items() if k not in moving} for line in on_pg.out.splitlines()
    ] == strip
    assert [json.loads(line)["hash"] for line in on_pg.out.splitlines()][:OLD_COUNT] == [
        e["hash"] for e in in_file[:OLD_COUNT]
    ]
    verified = run_cli("--db", pg_url, "verify", cwd=old.parent, env=env)
    assert verified.code == 0 and verified.out.startswith(f"ok: {OLD_COUNT + 3} events"), verified.err
