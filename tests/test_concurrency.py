"""Two operators writing at once: real processes appending in loops lose nothing and never fork the chain."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time

SITE = "wujiang-park"

WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from ledger.envelope import Draft
    from ledger.ledger import Ledger

    db, name, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    ledger = Ledger(db)
    (go.parent / f"ready-{name}").touch()
    while not go.exists():  # start together
        time.sleep(0.001)
    began = time.time()
    for n in range(count):
        ledger.append(Draft(type="gig_worker_registered", site="wujiang-park", occurred_at="2026-03-05",
                            actor=name, payload={"worker": f"{name}-{n}"}, idempotency_key=f"{name}-{n}"))
        time.sleep(0.002)  # an operator's loop breathes; without it SQLite's busy wait lets one writer run alone
    print("done", name, began, time.time())
    """
)


def start_writers(db, tmp_path, names, count):
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), name, str(count), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for name in names
    ]
    deadline = time.monotonic() + 120
    while not all((tmp_path / f"ready-{name}").exists() for name in names):  # both have opened the ledger
        assert time.monotonic() < deadline, "writers did not start"
        time.sleep(0.01)
    go.touch()  # release them at once
    return procs


def test_two_concurrent_writers_lose_nothing_and_never_fork(tmp_path, db, sh):
    procs = start_writers(db, tmp_path, ["ann", "bob"], 200)
    spans = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert out.startswith("done")
        spans.append((float(out.split()[2]), float(out.split()[3])))

    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT seq, actor, payload, prev_hash FROM events ORDER BY seq").fetchall()
    conn.close()
    assert [r[0] for r in rows] == list(range(1, 402))  # site + 2 x 200, no gaps
    for name in ("ann", "bob"):
        workers = [r[2] for r in rows if r[1] == name]
        assert workers == [f'{{"worker":"{name}-{n}"}}' for n in range(200)]  # each writer's events, in order
    assert len({r[3] for r in rows}) == len(rows)  # no two events share a parent
    # A concurrency test only if each writer was at work while the other was (how often their commits
    # alternate is up to the lock's fairness, so it is no guard).
    assert max(b for b, _ in spans) < min(e for _, e in spans), (
        f"the writers ran one after the other: {spans}"
    )
    assert sh("--db", db, "verify").out.startswith("ok: 401 events, head seq 401, ")


def test_concurrent_cli_writers(tmp_path, db, sh):
    """The same through the command line: two shells running `opsledger log` in a loop."""
    loop = textwrap.dedent(
        """
        import subprocess, sys
        db, name = sys.argv[1], sys.argv[2]
        for n in range(15):
            subprocess.run([sys.executable, "-m", "cli", "--db", db, "log", "gig_worker_registered", "--site",
                            "wujiang-park", "--on", "2026-03-05", f"worker={name}-{n}", "--actor", name], check=True,
                           capture_output=True)
        """
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", loop, str(db), name], cwd=tmp_path) for name in ("ann", "bob")
    ]
    for proc in procs:
        assert proc.wait(timeout=300) == 0
    status = sh("--db", db, "verify")
    assert status.code == 0 and status.out.startswith("ok: 31 events, head seq 31, ")
    conn = sqlite3.connect(db)
    assert conn.execute(
        "SELECT COUNT(DISTINCT prev_hash), COUNT(DISTINCT payload) FROM events"
    ).fetchone() == (31, 31)
    conn.close()
