"""The command line as operators use it: real SQLite files, `python -m cli` in subprocesses where the
process boundary matters (exit codes, stderr, no traceback), in-process through `cli_entry.main` elsewhere."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from freezegun import freeze_time

SITE = "wujiang-park"
FAIR = ["title=春风行动", "format=offline", "kind=themed", "companies=40", "jobs=300", "visitors=500"]


def log_fair(inv, db, *extra):
    return inv("--db", db, "log", "job_fair_held", "--site", SITE, "--on", "2026-03-05", *FAIR, *extra)


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line]


def fair_line(n: int, companies: object = 40, **envelope: object) -> str:
    record = {"id": f"fair-{n:05d}", "type": "job_fair_held", "site": SITE, "occurred_at": "2026-03-05",
              "actor": "ann", "payload": {"title": f"fair {n}", "format": "offline", "kind": "daily",
                                          "companies": companies, "jobs": 10, "visitors": 20}, **envelope}  # fmt: skip
    return json.dumps(record, ensure_ascii=False) + "\n"


# -- writing ----------------------------------------------------------------------------------------------


def test_init_then_site_add_then_log(tmp_path, sh):
    db = tmp_path / "l.db"
    assert sh("--db", db, "init") == (0, f"created ledger {db}\n", "")
    added = sh(
        "--db",
        db,
        "site",
        "add",
        SITE,
        "--name",
        "吴江人力资源产业园",
        "--kind",
        "park",
        "--on",
        "2026-01-02",
    )
    assert added.code == 0 and added.out.startswith(
        f"registered site {SITE} (吴江人力资源产业园): seq 1 hash "
    )
    logged = sh("--db", db, "log", "job_fair_held", "--site", SITE, "--on", "2026-03-05", *FAIR)
    assert logged.code == 0 and logged.err == ""
    head = sh("--db", db, "verify").out.split("head hash ")[1].split(";")[0]
    assert logged.out == f"appended seq 2 hash {head}\n"
    [site_event, event] = jsonl(sh("--db", db, "events", "--format", "jsonl").out)
    assert site_event["payload"] == {"name": "吴江人力资源产业园", "kind": "park"}
    assert event["payload"]["companies"] == 40 and event["payload"]["title"] == "春风行动"  # lax: "40" -> 40
    assert event["actor"] == "tester"  # from OPSLEDGER_ACTOR
    again = sh("--db", db, "init")
    assert again == (0, f"ledger {db} already exists (2 events); nothing changed\n", "")


def test_actor_option_and_os_user_fallback(db, cli_inproc):
    assert log_fair(cli_inproc, db, "--actor", "王五").code == 0
    assert cli_inproc("--db", db, "log", "gig_worker_registered", "--site", SITE, "--on", "2026-03-05",
                      "worker=W-1", env={"OPSLEDGER_ACTOR": None}).code == 0  # fmt: skip
    import cli

    actors = [e["actor"] for e in jsonl(cli_inproc("--db", db, "events", "--format", "jsonl").out)]
    assert actors[1:] == ["王五", cli.default_actor()]


def test_json_values_and_datetimes(db, cli_inproc):
    result = cli_inproc("--db", db, "log", "correction", "--site", SITE, "--on", "2026-03-05", "target=nope",
                        'changes={"companies": 1}', "reason=x")  # fmt: skip
    assert (result.code, result.err) == (1, "error: correction: target event nope is not in this ledger\n")
    ok = cli_inproc("--db", db, "log", "livestream_run", "--site", SITE, "--on", "2026-03-06T19:30", "title=直播",
                    "viewers=1200", "peak_met=false")  # fmt: skip
    assert ok.code == 0, ok.err
    event = jsonl(cli_inproc("--db", db, "events", "--format", "jsonl", "--type", "livestream_run").out)[0]
    assert event["occurred_at"] == "2026-03-06T19:30:00+08:00"
    assert event["payload"]["peak_met"] is False and event["payload"]["viewers"] == 1200


def test_evidence_is_hashed(tmp_path, db, cli_inproc):
    photo = tmp_path / "签到表.jpg"
    photo.write_bytes(b"\x89PNG fake image" * 1000)
    assert log_fair(cli_inproc, db, "--evidence", photo).code == 0
    event = jsonl(cli_inproc("--db", db, "events", "--format", "jsonl", "--type", "job_fair_held").out)[0]
    assert event["evidence"] == [
        {"file_name": "签到表.jpg", "sha256": hashlib.sha256(photo.read_bytes()).hexdigest()}
    ]


def test_same_key_twice_stores_one_event(db, sh):
    first = sh(
        "--db", db, "log", "job_fair_held", "--site", SITE, "--on", "2026-03-05", *FAIR, "--key", "fair-0305"
    )
    assert first.code == 0
    second = sh(
        "--db", db, "log", "job_fair_held", "--site", SITE, "--on", "2026-03-05", *FAIR, "--key", "fair-0305"
    )
    assert second == (
        0,
        "",
        "duplicate: idempotency key 'fair-0305' is already stored as seq 2; nothing appended\n",
    )
    assert sh("--db", db, "verify").out.startswith("ok: 2 events, head seq 2, ")


def test_correct_and_retract(db, cli_inproc):
    assert log_fair(cli_inproc, db).code == 0
    assert cli_inproc("--db", db, "log", "gig_worker_registered", "--site", SITE, "--on", "2026-03-05",
                      "worker=W-1").code == 0  # fmt: skip
    fixed = cli_inproc(
        "--db", db, "correct", "2", "companies=45", "occurred_at=2026-03-06", "--reason", "miscounted"
    )
    assert (
        fixed.code == 0
        and fixed.out.startswith("appended seq 4 hash ")
        and fixed.out.endswith(" (corrects seq 2)\n")
    )
    gone = cli_inproc("--db", db, "retract", "3", "--reason", "entered twice")
    assert gone.code == 0 and gone.out.endswith(" (retracts seq 3)\n")

    log = jsonl(cli_inproc("--db", db, "events", "--format", "jsonl").out)
    assert [e["type"] for e in log] == ["site_registered", "job_fair_held", "gig_worker_registered", "correction",
                                        "retraction"]  # fmt: skip
    assert log[1]["payload"]["companies"] == 40  # the original stays
    assert log[3]["payload"] == {"target": log[1]["id"], "changes": {"companies": 45, "occurred_at": "2026-03-06"},
                                 "reason": "miscounted"}  # fmt: skip
    assert log[3]["occurred_at"] == "2026-03-05" and log[3]["site"] == SITE

    from ledger.ledger import Ledger
    from ledger.view import current_view

    view = current_view(Ledger(db).events())
    assert [(e.type, e.occurred_at, e.payload.get("companies")) for e in view] == [
        ("site_registered", "2026-01-01", None), ("job_fair_held", "2026-03-06", 45),
    ]  # fmt: skip

    table = cli_inproc("--db", db, "events").out.splitlines()
    assert "corrected #4" in table[2] and "retracted #5" in table[3]
    assert "target=#2" in table[4] and "target=#3" in table[5]


def test_role_grant_enables_assessor_only_events(db, cli_inproc):
    args = [
        "--db",
        db,
        "log",
        "inspection_finding",
        "--site",
        SITE,
        "--on",
        "2026-03-07",
        "kind=false_information",
        "reason=两条岗位信息过期",
    ]
    refused = cli_inproc(*args, "--actor", "wang")
    assert refused == (1, "", "error: inspection_finding is assessor-only and 'wang' is not an assessor for site "
                              f"'{SITE}': the buyer runs `opsledger role grant wang --role assessor --site {SITE} "
                              "--key wang.pub --buyer NAME` first\n")  # fmt: skip
    no_root = cli_inproc("--db", db, "role", "grant", "wang", "--role", "assessor", "--site", SITE)
    assert no_root.code == 1 and "the site has no contract yet, so no buyer key to sign it" in no_root.err
    contract = ("contract", "add", SITE, "--scheme", "shaxian-gig", "--start", "2026-01-01", "--fee", "1000")
    assert cli_inproc("--db", db, *contract).code == 0  # signed by OPSLEDGER_BUYER's key: the site's root
    granted = cli_inproc("--db", db, "role", "grant", "wang", "--role", "assessor", "--site", SITE)
    assert granted.code == 0 and granted.out.endswith(f"(wang is assessor for {SITE})\n")
    assert cli_inproc(*args, "--actor", "wang").code == 0
    # The operator, on its own machine (its own keys only), signs a grant of its own: only the buyer's key may.
    own = db.parent / "operator-keys"
    assert cli_inproc("keys", "new", "--actor", "tester", "--keys-dir", own).code == 0
    promoted = cli_inproc("--db", db, "role", "grant", "tester", "--role", "assessor", "--site", SITE, "--buyer",
                          "tester", "--keys-dir", own)  # fmt: skip
    assert promoted.code == 1 and "actor_role_granted must be signed by the buyer's key" in promoted.err


# -- one-line errors --------------------------------------------------------------------------------------

ERRORS = [
    pytest.param(["log", "job_fair", "--site", SITE, "--on", "2026-03-05"],
                 "error: unknown event type 'job_fair': did you mean 'job_fair_held'? (`opsledger catalog` lists the types)",
                 id="unknown-type"),
    pytest.param(["log", "job_fair_held", "--site", SITE, "--on", "2026-03-05", *FAIR[:3], "companies=many", *FAIR[4:]],
                 "error: job_fair_held: companies: Input should be a valid integer, unable to parse string as an integer",
                 id="bad-field"),
    pytest.param(["log", "job_fair_held", "--site", SITE, "--on", "2026-03-05", *FAIR, "colour=red"],
                 "error: job_fair_held: colour: unknown field (not in this event type; see `opsledger catalog`)",
                 id="unknown-field"),
    pytest.param(["log", "job_fair_held", "--site", SITE, "--on", "2026-03-05", *FAIR[:5]],
                 "error: job_fair_held: visitors: missing (required)", id="missing-field"),
    pytest.param(["log", "job_fair_held", "--site", SITE, "--on", "2026-02-30", *FAIR],
                 "error: bad date '2026-02-30': use YYYY-MM-DD (or YYYY-MM-DDTHH:MM)", id="bad-date"),
    pytest.param(["log", "job_fair_held", "--site", "wujiang-prak", "--on", "2026-03-05", *FAIR],
                 "error: unknown site 'wujiang-prak': did you mean 'wujiang-park'?", id="site-typo"),
    pytest.param(["log", "job_fair_held", "--site", "suzhou", "--on", "2026-03-05", *FAIR],
                 "error: unknown site 'suzhou': register it with `opsledger site add`", id="site-unknown"),
    pytest.param(["log", "job_fair_held", "--site", SITE, "--on", "2026-03-05", "companies"],
                 "error: bad argument 'companies': give payload fields as field=value (e.g. companies=40)",
                 id="malformed-argument"),
    pytest.param(["log", "job_fair_held", "--site", SITE, "--on", "2026-03-05", *FAIR, "--evidence", "missing.pdf"],
                 "error: cannot read evidence file 'missing.pdf': No such file or directory", id="evidence-missing"),
    pytest.param(["correct", "99", "companies=1", "--reason", "x"],
                 "error: no event with sequence number 99 (the ledger holds 1..1)", id="unknown-seq-correct"),
    pytest.param(["retract", "0", "--reason", "x"],
                 "error: no event with sequence number 0 (the ledger holds 1..1)", id="unknown-seq-retract"),
    pytest.param(["correct", "1", "--reason", "x"], "error: give at least one field=value to change", id="no-changes"),
    pytest.param(["retract", "1", "--reason", ""],
                 "error: retraction: reason: String should have at least 1 character", id="empty-reason"),
    pytest.param(["site", "add", SITE, "--name", "again"], f"error: site '{SITE}' is already registered",
                 id="site-twice"),
    pytest.param(["events", "--type", "livestream"],
                 "error: unknown event type 'livestream': did you mean 'livestream_run'? (`opsledger catalog` lists the types)",
                 id="events-unknown-type"),
    pytest.param(["events", "--site", "wujiang"], "error: unknown site 'wujiang': did you mean 'wujiang-park'?",
                 id="events-site-typo"),
    pytest.param(["events", "--from", "2026-13-01"], "error: --from: bad date '2026-13-01': use YYYY-MM-DD",
                 id="events-bad-from"),
    pytest.param(["events", "--as-of", "yesterday"],
                 "error: bad date/time 'yesterday': use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]", id="bad-as-of"),
    pytest.param(["import", "nope.jsonl"], "error: cannot read 'nope.jsonl': No such file or directory",
                 id="import-missing-file"),
    pytest.param(["import", "events.txt"],
                 "error: cannot tell the format of 'events.txt' from its name: pass --format jsonl or --format csv",
                 id="import-unknown-extension"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), ERRORS)
def test_user_mistakes_are_one_line_errors(db, cli_inproc, args, message):
    result = cli_inproc("--db", db, *args)
    assert (result.code, result.out, result.err) == (1, "", message + "\n")


def test_errors_in_a_real_process_have_no_traceback(tmp_path, db, sh):
    before = sh("--db", db, "verify").out
    for args in (["log", "job_fair", "--site", SITE, "--on", "2026-03-05"],
                 ["log", "job_fair_held", "--site", "wujiang-prak", "--on", "2026-03-05", *FAIR],
                 ["retract", "7", "--reason", "x"]):  # fmt: skip
        result = sh("--db", db, *args)
        assert result.code == 1 and result.out == ""
        assert result.err.count("\n") == 1 and result.err.startswith("error: "), result.err
    assert sh("--db", db, "verify").out == before  # nothing was appended


@pytest.mark.parametrize(
    "args",
    [["events"], ["verify"], ["sites"], ["log", "job_fair_held", "--site", SITE, "--on", "2026-03-05", *FAIR],
     ["import", "x.jsonl"], ["correct", "1", "a=1", "--reason", "x"], ["retract", "1", "--reason", "x"],
     ["site", "add", SITE, "--name", "x"], ["role", "grant", "wang", "--role", "assessor", "--site", SITE]],
)  # fmt: skip
def test_missing_ledger_is_an_error_and_is_not_created(tmp_path, cli_inproc, args):
    path = tmp_path / "nowhere.db"
    result = cli_inproc("--db", path, *args)
    assert (result.code, result.err) == (
        1,
        f"error: no ledger at {path}: run `opsledger init` (or pass --db PATH)\n",
    )
    assert not path.exists()


def test_missing_ledger_in_a_real_process(tmp_path, sh):
    result = sh("verify", env={**os.environ, "OPSLEDGER_DB": str(tmp_path / "gone.db")})
    assert result == (
        1,
        "",
        f"error: no ledger at {tmp_path / 'gone.db'}: run `opsledger init` (or pass --db PATH)\n",
    )
    assert not (tmp_path / "gone.db").exists() and not (tmp_path / "opsledger.db").exists()


def test_a_file_that_is_not_a_ledger(tmp_path, cli_inproc):
    junk = tmp_path / "notes.db"
    junk.write_text("hello, not sqlite at all" * 100)
    result = cli_inproc("--db", junk, "verify")
    assert result.code == 1 and result.err.startswith(f"error: {junk}: not an opsledger database (")


def test_the_installed_opsledger_script(tmp_path):
    script = shutil.which("opsledger") or str(Path(sys.executable).with_name("opsledger"))
    env = {**os.environ, "OPSLEDGER_DB": str(tmp_path / "s.db")}
    proc = subprocess.run([script, "init"], env=env, capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout == f"created ledger {tmp_path / 's.db'}\n"
    proc = subprocess.run([script, "log", "nope", "--site", "x", "--on", "2026-03-05"], env=env, capture_output=True,
                          text=True)  # fmt: skip
    assert (proc.returncode, proc.stderr) == (
        1,
        "error: unknown event type 'nope': run `opsledger catalog` to list the types\n",
    )


def test_cli_module_imports_no_heavy_modules():
    """`opsledger log` must start fast: the catalog (pydantic) loads only inside commands."""
    code = "import sys, cli; heavy = [m for m in ('pydantic', 'sqlite_utils', 'ledger.events') if m in sys.modules]; print(heavy)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout == "[]\n"


# -- verify ---------------------------------------------------------------------------------------------


def test_verify_names_the_tampered_seq(db, sh):
    for n in range(6):
        assert (
            sh(
                "--db",
                db,
                "log",
                "gig_worker_registered",
                "--site",
                SITE,
                "--on",
                "2026-03-05",
                f"worker=W-{n}",
            ).code
            == 0
        )
    assert sh("--db", db, "verify").out.startswith("ok: 7 events, head seq 7, head hash ")
    conn = sqlite3.connect(db)
    conn.executescript("DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;")
    conn.execute("UPDATE events SET payload = replace(payload, 'W-3', 'W-8') WHERE seq = 5")  # one byte
    conn.commit()
    conn.close()
    assert sh("--db", db, "verify") == (
        1,
        "",
        f"error: chain broken at seq 5 (site {SITE} #5): its content does not match its hash\n",
    )


def test_verify_as_of(tmp_path, cli_inproc):
    db = tmp_path / "asof.db"
    with freeze_time("2026-03-01T09:00:00+08:00"):
        cli_inproc("--db", db, "init")
        cli_inproc("--db", db, "site", "add", SITE, "--name", "吴江")
    with freeze_time("2026-03-05T10:00:00+08:00"):
        assert log_fair(cli_inproc, db).code == 0
    with freeze_time("2026-03-08T10:00:00+08:00"):
        assert log_fair(cli_inproc, db).code == 0
    full = cli_inproc("--db", db, "verify").out
    assert full.startswith("ok: 3 events, head seq 3, head hash ")
    early = cli_inproc("--db", db, "verify", "--as-of", "2026-03-06")
    second_hash = jsonl(cli_inproc("--db", db, "events", "--format", "jsonl").out)[1]["hash"]
    assert (
        early.out
        == f"ok: 2 events, head seq 2, head hash {second_hash}; 1 site chain:\n  {SITE}: #2 {second_hash}; no buyer key yet (no signed contract)\n"
    )
    assert cli_inproc("--db", db, "verify", "--as-of", "2026-03-05T10:00").out.startswith(
        "ok: 2 events, head seq 2"
    )
    none = cli_inproc("--db", db, "verify", "--as-of", "2026-02-28T08:00")
    assert none.out == "ok: 0 events, head seq 0, head hash ; 0 site chains:\n"


# -- import ---------------------------------------------------------------------------------------------


def test_atomic_import_of_a_large_file_with_one_bad_line(tmp_path, db, sh):
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n in range(1, 20001):
            out.write(fair_line(n, companies="many" if n == 10001 else 40))
    result = sh("--db", db, "import", path)
    assert result == (1, "", "error: line 10001: job_fair_held: companies: Input should be a valid integer, "
                             "unable to parse string as an integer\n")  # fmt: skip
    assert sh("--db", db, "verify").out.startswith("ok: 1 events, head seq 1, ")  # nothing imported

    with path.open("r+", encoding="utf-8") as f:  # fix that one line and import again
        lines = f.readlines()
        lines[10000] = fair_line(10001)
        f.seek(0)
        f.writelines(lines)
        f.truncate()
    first = sh("--db", db, "import", path)
    head = sh("--db", db, "verify").out.split("head hash ")[1].split(";")[0]
    assert first == (0, f"imported 20000 events (0 duplicates skipped); head seq 20001 hash {head}\n", "")
    second = sh("--db", db, "import", path)
    assert second == (0, f"imported 0 events (20000 duplicates skipped); head seq 20001 hash {head}\n", "")


def test_import_invalid_json_line(tmp_path, db, cli_inproc):
    path = tmp_path / "e.jsonl"
    path.write_text(fair_line(1) + "\n" + '{"type": "job_fair_held",\n' + fair_line(3), encoding="utf-8")
    result = cli_inproc("--db", db, "import", path)
    assert (
        result.err
        == "error: line 3: not valid JSON (Expecting property name enclosed in double quotes at column 26)\n"
    )
    assert result.code == 1


def test_import_memory_does_not_grow_with_file_size(tmp_path, db):
    from ledger.importer import open_events
    from ledger.ledger import Ledger

    def peak_for(lines: int) -> int:
        path = tmp_path / f"{lines}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for n in range(lines):
                out.write(fair_line(n, id=f"{lines}-{n}"))
        store = Ledger(db)
        tracemalloc.start()
        store.append_many(open_events(path, actor="x"))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        store.close()
        return peak

    small, large = peak_for(2000), peak_for(16000)
    assert large < small * 1.5, (small, large)


def test_import_csv_written_by_hand(tmp_path, db, cli_inproc):
    path = tmp_path / "fairs.csv"
    path.write_text(
        "type,site,on,title,format,kind,companies,jobs,visitors\n"
        "job_fair_held,wujiang-park,2026-03-10,校园招聘,offline,campus,12,80,300\n"
        "\n"
        "job_fair_held,wujiang-park,2026-03-11,校园招聘,offline,campus,twelve,80,300\n",
        encoding="utf-8-sig",
    )
    result = cli_inproc("--db", db, "import", path)
    assert result.err == ("error: line 4: job_fair_held: companies: Input should be a valid integer, unable to parse "
                          "string as an integer\n")  # fmt: skip
    path.write_text(path.read_text(encoding="utf-8-sig").replace("twelve", "13"), encoding="utf-8-sig")
    assert cli_inproc("--db", db, "import", path).out.startswith("imported 2 events (0 duplicates skipped); ")
    fairs = jsonl(cli_inproc("--db", db, "events", "--format", "jsonl", "--type", "job_fair_held").out)
    assert [(f["occurred_at"], f["payload"]["companies"], f["actor"]) for f in fairs] == [
        ("2026-03-10", 12, "tester"), ("2026-03-11", 13, "tester"),
    ]  # fmt: skip


def populate(cli_inproc, db, tmp_path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"evidence")
    assert log_fair(cli_inproc, db, "--key", "k-1", "--evidence", photo).code == 0
    assert cli_inproc("--db", db, "log", "livestream_run", "--site", SITE, "--on", "2026-03-06T19:30",
                      "title=直播, \"带岗\"", "viewers=1200").code == 0  # fmt: skip
    assert cli_inproc("--db", db, "log", "revenue_reported", "--site", SITE, "--on", "2026-03-31",
                      "institution=某公司", "month=2026-03", "amount_yuan=350000.50").code == 0  # fmt: skip
    assert cli_inproc("--db", db, "correct", "2", "companies=45", "--reason", "miscounted").code == 0
    assert cli_inproc("--db", db, "retract", "3", "--reason", "test stream").code == 0


ENVELOPE = ("id", "type", "site", "occurred_at", "actor", "payload", "evidence", "idempotency_key")


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_import_round_trip(tmp_path, db, cli_inproc, fmt):
    populate(cli_inproc, db, tmp_path)
    exported = tmp_path / f"export.{fmt}"
    exported.write_bytes(cli_inproc("--db", db, "events", "--format", fmt).out.encode("utf-8-sig"))
    fresh = tmp_path / "fresh.db"
    assert cli_inproc("--db", fresh, "init").code == 0
    imported = cli_inproc("--db", fresh, "import", exported, "--actor", "importer")
    assert imported.out.startswith("imported 6 events (0 duplicates skipped); head seq 6 hash ")
    assert cli_inproc("--db", fresh, "verify").out.startswith("ok: 6 events, head seq 6, ")

    original = jsonl(cli_inproc("--db", db, "events", "--format", "jsonl").out)
    copied = jsonl(cli_inproc("--db", fresh, "events", "--format", "jsonl").out)
    assert [{k: e[k] for k in ENVELOPE} for e in copied] == [{k: e[k] for k in ENVELOPE} for e in original]
    again = cli_inproc("--db", fresh, "import", exported)
    assert again.out.startswith("imported 0 events (6 duplicates skipped); head seq 6 hash ")


def test_csv_export_is_utf8_with_bom(tmp_path, db, sh, cli_inproc):
    populate(cli_inproc, db, tmp_path)
    proc = subprocess.run([sys.executable, "-m", "cli", "--db", str(db), "events", "--format", "csv"],
                          capture_output=True, cwd=tmp_path, check=True)  # fmt: skip
    assert proc.stdout.startswith(b"\xef\xbb\xbfseq,id,type,version,site,occurred_at,recorded_at,actor,")
    rows = list(csv.DictReader(io.StringIO(proc.stdout.decode("utf-8-sig"), newline="")))
    assert len(rows) == 6
    assert json.loads(rows[1]["payload"])["title"] == "春风行动"
    assert json.loads(rows[1]["evidence"])[0]["file_name"] == "photo.jpg"
    assert (
        rows[2]["payload"].startswith('{"companies_reached":0') and '直播, \\"带岗\\"' in rows[2]["payload"]
    )


# -- reading ----------------------------------------------------------------------------------------------


def test_events_filters(tmp_path, db, ledger, cli_inproc, new_draft):
    assert (
        cli_inproc(
            "--db", db, "site", "add", "pingxiang", "--name", "萍乡零工市场", "--on", "2026-01-01"
        ).code
        == 0
    )
    with freeze_time("2026-03-05T10:00:00+08:00"):
        ledger.append(new_draft())
    with freeze_time("2026-03-09T10:00:00+08:00"):
        ledger.append(
            new_draft(type="gig_worker_registered", payload={"worker": "W"}, occurred_at="2026-03-08")
        )
        ledger.append(new_draft(type="gig_worker_registered", payload={"worker": "P"}, site="pingxiang",
                                occurred_at="2026-03-08"))  # fmt: skip

    def seqs(*args):
        result = cli_inproc("--db", db, "events", "--format", "jsonl", *args)
        assert result.code == 0, result.err
        return [e["seq"] for e in jsonl(result.out)]

    assert seqs() == [1, 2, 3, 4, 5]
    assert seqs("--site", "pingxiang") == [2, 5]
    assert seqs("--type", "gig_worker_registered") == [4, 5]
    assert seqs("--type", "gig_worker_registered", "--type", "job_fair_held", "--site", SITE) == [3, 4]
    assert seqs("--from", "2026-03-06") == [4, 5]
    assert seqs("--to", "2026-03-05") == [1, 2, 3]
    assert seqs("--from", "2026-03-05", "--to", "2026-03-05") == [3]
    assert seqs("--as-of", "2026-03-06") == [3]
    assert seqs("--as-of", "2026-03-09T09:59") == [3]
    table = cli_inproc("--db", db, "events", "--site", "pingxiang", "--type", "job_fair_held")
    assert table.out.splitlines()[-1] == "(no events match)"


def test_events_table(db, cli_inproc):
    assert log_fair(cli_inproc, db).code == 0
    lines = cli_inproc("--db", db, "events").out.splitlines()
    assert lines[0].split() == ["seq", "occurred", "site", "type", "actor", "status", "payload"]
    assert lines[2].split()[:5] == ["2", "2026-03-05", SITE, "job_fair_held", "tester"]
    assert "companies=40" in lines[2] and "title=春风行动" in lines[2]


def test_sites_table(db, cli_inproc):
    assert log_fair(cli_inproc, db).code == 0
    assert (
        cli_inproc("--db", db, "site", "add", "shaxian", "--name", "沙县零工市场", "--on", "2026-02-01").code
        == 0
    )
    assert cli_inproc("--db", db, "sites").out.splitlines() == [
        "site          events  first       last        name",
        "shaxian            1  2026-02-01  2026-02-01  沙县零工市场",
        "wujiang-park       2  2026-01-01  2026-03-05  吴江人力资源产业园",
    ]


def test_no_sites_yet(tmp_path, cli_inproc):
    path = tmp_path / "empty.db"
    cli_inproc("--db", path, "init")
    assert (
        cli_inproc("--db", path, "sites").out
        == "no sites registered: add one with `opsledger site add SITE --name NAME`\n"
    )
