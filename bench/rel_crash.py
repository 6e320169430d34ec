"""bench/reliability.py, the storage experiments: kill -9, concurrent writers, a reader during a long write, a
full disk, a read-only ledger, foreign and damaged files."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import textwrap
import time
from pathlib import Path

from rel_common import PY, ROOT, SITE, Result, Work, count, deep_ok

from ledger.errors import LedgerError


def _kill(
    work: Work, args: list[str], db: Path, *, after: float | None = None, wal_bytes: int | None = None
) -> float:
    """Start `opsledger ARGS` and SIGKILL it after `after` seconds, or as soon as its WAL holds `wal_bytes` (a kill
    inside the commit: the import is one transaction, written to the WAL when it commits). Returns when it died."""
    started = time.monotonic()
    proc = subprocess.Popen([PY, "-m", "cli", "--db", str(db), *args], cwd=ROOT, env=work.env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    wal = Path(f"{db}-wal")
    while proc.poll() is None:
        now = time.monotonic() - started
        if after is not None and now >= after:
            break
        if wal_bytes is not None and wal.exists() and wal.stat().st_size >= wal_bytes:
            break
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    return time.monotonic() - started


def crash_import(work: Work, trials: int, events: int = 10_000) -> Result:
    """kill -9 during `opsledger import` of one file (one transaction): afterwards none or all of it, verified;
    the same import run again to the end leaves exactly all of it."""
    result = Result()
    base = work.ledger(work.dir / "crash-base.db")
    before = count(base) or 0
    file = work.jsonl(work.dir / "crash.jsonl", events)
    timing = work.dir / "crash-timing.db"
    shutil.copy(base, timing)
    took = work.cli(timing, "import", file).seconds
    chooser = random.Random(7)
    outcomes = {"none": 0, "all": 0, "mid-commit kills": 0}
    for trial in range(trials):
        db = work.dir / f"crash-{trial}.db"
        shutil.copy(base, db)
        if trial % 3 == 2:  # one kill in three aimed at the commit itself
            _kill(work, ["import", str(file)], db, wal_bytes=chooser.randrange(4096, 2_000_000))
            outcomes["mid-commit kills"] += 1
        else:
            _kill(work, ["import", str(file)], db, after=chooser.uniform(0.05, 1.0) * took)
        held = count(db)
        torn = held not in (before, before + events)
        state = "none" if held == before else "all" if held == before + events else "torn"
        outcomes[state] = outcomes.get(state, 0) + 1
        again = work.cli(db, "import", file)
        lost = again.code != 0 or count(db) != before + events
        result.add(
            not torn and not lost, f"trial {trial}: {held} events after the kill, rerun {again.err.strip()}"
        )
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    result.notes.insert(
        0, ", ".join(f"{k} {v}" for k, v in outcomes.items()) + f"; a whole import took {took:.1f} s"
    )
    return result


def crash_fold(work: Work, kind: str, trials: int, events: int = 20_000) -> Result:
    """kill -9 during `opsledger replay` or `score` (which write the projection cache): the chain verifies, every
    cached entry left equals a fresh fold at its checkpoint (verify --deep), and the command then runs to the end."""
    result = Result()
    base = work.dir / "fold-base.db"
    if not base.exists():
        work.ledger(base, events=events)
    before = count(base)
    args = (
        ["replay"] if kind == "replay" else ["score", "--site", SITE, "--period", "2026", "--format", "json"]
    )
    timing = work.dir / "fold-timing.db"
    shutil.copy(base, timing)
    took = work.cli(timing, *args).seconds
    chooser = random.Random(kind)
    for trial in range(trials):
        db = work.dir / f"fold-{kind}-{trial}.db"
        shutil.copy(base, db)
        _kill(work, args, db, after=chooser.uniform(0.05, 1.0) * took)
        intact = count(db) == before and deep_ok(db)
        finished = work.cli(db, *args).code == 0 and deep_ok(db)
        result.add(intact and finished, f"trial {trial}: intact={intact} finished={finished}")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    result.notes.insert(0, f"a whole {kind} took {took:.1f} s")
    return result


WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from ledger.envelope import Draft
    from ledger.ledger import Ledger
    db, name, n, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    ledger = Ledger(db)
    (go.parent / f"ready-{name}").touch()
    while not go.exists():
        time.sleep(0.001)
    for i in range(n):
        ledger.append(Draft(type="gig_worker_registered", site="sx", occurred_at="2026-03-05", actor=name,
                            payload={"worker": f"{name}-{i}"}, idempotency_key=f"{name}-{i}"))
    """
)


def concurrent_writers(work: Work, writers: int, each: int) -> Result:
    """Writers in separate processes appending to one site at once: every event arrives exactly once, in one
    unforked chain. A trial is one writer's events."""
    result = Result()
    db = work.ledger(work.dir / "writers.db")
    go = work.dir / "go"
    go.unlink(missing_ok=True)
    names = [f"w{i}" for i in range(writers)]
    procs = [subprocess.Popen([PY, "-c", WRITER, str(db), n, str(each), str(go)], cwd=ROOT, env=work.env(),
                              stderr=subprocess.PIPE) for n in names]  # fmt: skip
    while not all((work.dir / f"ready-{n}").exists() for n in names):
        time.sleep(0.01)
    go.touch()
    codes = [p.wait(timeout=1800) for p in procs]
    total = count(db)
    conn = sqlite3.connect(db)
    for name, code in zip(names, codes, strict=True):
        got = conn.execute(
            "SELECT COUNT(DISTINCT idempotency_key) FROM events WHERE actor = ?", (name,)
        ).fetchone()[0]
        result.add(code == 0 and got == each, f"{name}: exit {code}, {got} of {each} events")
    conn.close()
    result.notes.insert(0, f"{writers} writers x {each} events: chain verifies with {total} events "
                           f"({3 + writers * each} expected)")  # fmt: skip
    if total != 3 + writers * each:
        result.failures += 1
    return result


BUSY_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from ledger.envelope import Draft
    from ledger.ledger import Ledger
    db, stop = sys.argv[1], Path(sys.argv[2])
    ledger = Ledger(db)
    ledger.append(Draft(type="site_registered", site="busy", occurred_at="2026-01-01", actor="op",
                        payload={"name": "busy"}))
    batch = 0
    while not stop.exists():
        # One transaction after another, each 1,000 events at another site and one at the scored site (so every
        # score folds afresh and tries to save its fold while the lock is held). A breath between them, as
        # operators' imports have; without it SQLite's busy wait lets one writer run alone.
        batch += 1
        drafts = [Draft(type="gig_worker_registered", site="busy", occurred_at="2026-03-05", actor="op",
                        payload={"worker": f"B{batch}-{n}"}) for n in range(1000)]
        drafts.append(Draft(type="gig_worker_registered", site="sx", occurred_at="2026-03-05", actor="op",
                            payload={"worker": f"S{batch}"}))
        ledger.append_many(enumerate(drafts))
        time.sleep(0.05)
    print(batch)
    """
)


def score_while_writing(work: Work, runs: int) -> Result:
    """`opsledger score` processes while another process commits transactions one after another (each moving the
    scored site's head, so each score folds afresh and tries to save its fold): none fails, none says 'database
    is locked'."""
    result = Result()
    db = work.ledger(work.dir / "busy.db", events=200)
    stop = work.dir / "busy-stop"
    stop.unlink(missing_ok=True)
    writer = subprocess.Popen([PY, "-c", BUSY_WRITER, str(db), str(stop)], cwd=ROOT, env=work.env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    time.sleep(2)
    while result.trials < runs and writer.poll() is None:
        run = work.cli(db, "score", "--site", SITE, "--period", "2026")
        result.add(run.code == 0 and "locked" not in run.err and "busy" not in run.err, run.err.strip())
    stop.touch()
    out, err = writer.communicate(timeout=600)
    if writer.returncode != 0:
        result.failures += 1
        result.notes.append(f"the writer failed: {err.strip()[-300:]}")
    result.notes.insert(0, f"the writer committed {out.strip() or '?'} transactions of 1,001 events meanwhile; "
                           f"the ledger verifies with {count(db)} events")  # fmt: skip
    return result


def disk_full(work: Work, trials: int) -> Result:
    """An import onto a small tmpfs that fills up: 'the disk is full', one line, nothing written, chain intact."""
    result = Result()
    if os.geteuid() != 0:
        result.notes.append("skipped: mounting a tmpfs needs root")
        return result
    file = work.jsonl(work.dir / "full.jsonl", 20_000, prefix="F" * 60)
    for trial in range(trials):
        mount = work.dir / f"tmpfs-{trial}"
        mount.mkdir()
        size = 256 + 96 * trial  # KiB: from a few events' room to a few thousand
        if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}k", "tmpfs", str(mount)]).returncode:
            result.notes.append("skipped: cannot mount a tmpfs")
            return result
        try:
            try:
                db = work.ledger(mount / "l.db")
            except LedgerError as err:  # not even room for the empty ledger: not a trial
                result.notes.append(f"{size} KiB: no room for the ledger itself ({err})")
                continue
            before = count(db)
            run = work.cli(db, "import", file)
            ok = run.code == 1 and "the disk is full" in run.err and run.one_line and count(db) == before
            result.add(ok, f"{size} KiB: exit {run.code}: {run.err.strip()}")
        finally:
            if subprocess.run(["umount", str(mount)]).returncode:
                subprocess.run(["umount", "-l", str(mount)])
    return result


def read_only(work: Work) -> Result:
    """Reading a ledger this process may not write: every reading command works and the file is unchanged."""
    result = Result()
    rw = work.dir / "ro-source"
    rw.mkdir()
    work.ledger(rw / "l.db", events=500)
    target = rw / "l.db"
    mount = None
    if os.geteuid() == 0:
        mount = work.dir / "ro"
        mount.mkdir()
        if subprocess.run(["mount", "--bind", "-o", "ro", str(rw), str(mount)]).returncode == 0:
            target = mount / "l.db"
        else:
            mount = None
    if mount is None:
        rw.chmod(0o555)
    before = target.read_bytes()
    try:
        commands = [
            ["score", "--site", SITE, "--period", "2026"], ["gaps", "--site", SITE, "--period", "2026"],
            ["payout", "--site", SITE, "--year", "2026"], ["report", "--site", SITE, "--period", "2026", "--out",
            str(work.dir / "ro-report.html")], ["replay"], ["verify", "--deep"], ["events", "--format", "jsonl"],
            ["evidence", "--site", SITE, "--period", "2026"],
        ]  # fmt: skip
        for args in commands:
            run = work.cli(target, *args)
            result.add(run.code == 0 and target.read_bytes() == before, f"{args[0]}: {run.err.strip()}")
    finally:
        if mount is not None:
            if subprocess.run(["umount", str(mount)]).returncode:
                subprocess.run(["umount", "-l", str(mount)])
        rw.chmod(0o755)
    return result


def foreign_files(work: Work) -> Result:
    """Files that are not opsledger ledgers, under every kind of command: refused in one line, left unchanged
    byte for byte, no -wal or -shm created beside them."""
    result = Result()
    variants = {
        "events table": ["CREATE TABLE events (x)", "INSERT INTO events VALUES (1)"],
        "events and meta tables": ["CREATE TABLE events (x)", "CREATE TABLE meta (x)"],
        "events with our columns": ["CREATE TABLE events (seq INTEGER PRIMARY KEY, site TEXT, hash TEXT)"],
        "another application": ["CREATE TABLE orders (x)"],
        "not SQLite": None,
        "random bytes": None,
    }
    commands = [["init"], ["events"], ["verify"], ["score", "--site", SITE, "--period", "2026"],
                ["log", "gig_worker_registered", "--site", SITE, "--on", "2026-03-05", "worker=W"]]  # fmt: skip
    for name, sql in variants.items():
        for args in commands:
            folder = work.dir / f"foreign-{len(result.notes)}-{result.trials}"
            folder.mkdir()
            path = folder / "theirs.db"
            if sql is None:
                path.write_bytes(b"hello, not a database\n" if name == "not SQLite" else os.urandom(8192))
            else:
                conn = sqlite3.connect(path)
                for statement in sql:
                    conn.execute(statement)
                conn.commit()
                conn.close()
            original = path.read_bytes()
            run = work.cli(path, *args)
            ok = (
                run.code != 0
                and run.one_line
                and path.read_bytes() == original
                and len(list(folder.iterdir())) == 1
            )
            result.add(ok, f"{name}, {args[0]}: exit {run.code}: {run.err.strip()}")
    return result


def corrupt_pages(work: Work, trials: int) -> Result:
    """Random bytes written into a random page of a ledger: every command answers in one line, and `verify --deep`
    either names the damage or the ledger still reads back exactly as before (the bytes hit free space)."""
    result = Result()
    source = work.ledger(work.dir / "pages.db", events=3000)
    work.cli(source, "replay")
    conn = sqlite3.connect(source)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    original = work.cli(source, "events", "--format", "jsonl").out
    pages = source.stat().st_size // 4096
    chooser = random.Random(3)
    found = harmless = 0
    for trial in range(trials):
        db = work.dir / f"pages-{trial}.db"
        shutil.copy(source, db)
        with open(db, "r+b") as handle:
            handle.seek(chooser.randrange(1, pages) * 4096 + chooser.randrange(0, 3800))
            handle.write(os.urandom(chooser.randrange(1, 256)))
        runs = [work.cli(db, *args) for args in (["verify", "--deep"], ["score", "--site", SITE, "--period", "2026"],
                                                  ["events"], ["log", "gig_worker_registered", "--site", SITE,
                                                               "--on", "2026-03-05", "worker=W"])]  # fmt: skip
        one_line = all(r.one_line for r in runs)
        if runs[0].code != 0:
            found += 1
            ok = one_line
        else:
            harmless += 1
            ok = one_line and work.cli(db, "events", "--format", "jsonl").out.startswith(original)
        result.add(ok, f"trial {trial}: " + " | ".join(r.err.strip()[:80] for r in runs))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    result.notes.insert(0, f"damage named by verify --deep {found}, bytes nothing reads {harmless}")
    return result
