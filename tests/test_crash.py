"""Crash tests (issue 12 §5): `kill -9` at a random point of an import, a replay and a score, in a real process on a
real SQLite file. Afterwards the ledger verifies, holds either none or all of the import (one transaction), every
cached projection entry still equals a fresh fold at its checkpoint, and running the command again finishes the job.

A few kills per CI run at seeded points; bench/reliability.py kills many more at random points.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import cli_env, sx_ledger
from freezegun import freeze_time

from ledger.ledger import Ledger
from schemes.audit import deep

SITE = "sx"
EVENTS = 4000
TRIALS = int(os.environ.get("OPSLEDGER_CRASH_TRIALS", "3"))
ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("crash")
    with freeze_time("2026-01-01T09:00:00+08:00"):
        ledger = sx_ledger(tmp / "base.db")
    ledger.close()
    lines = (
        json.dumps(
            {
                "type": "gig_worker_registered",
                "site": SITE,
                "occurred_at": f"2026-{n % 11 + 1:02d}-10",
                "actor": "op",
                "payload": {"worker": f"W-{n}"},
                "idempotency_key": f"w-{n}",
            }
        )  # fmt: skip
        for n in range(EVENTS)
    )
    (tmp / "workers.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"db": tmp / "base.db", "file": tmp / "workers.jsonl"}


def count(db: Path) -> int:
    ledger = Ledger(db)
    try:
        return ledger.verify().count  # the whole chain recomputed, every signature re-checked
    finally:
        ledger.close()


def command(kind: str, db: Path, file: Path) -> list[str]:
    args = {"import": ["import", str(file)], "replay": ["replay"],
            "score": ["score", "--site", SITE, "--period", "2026", "--format", "json"]}[kind]  # fmt: skip
    return [sys.executable, "-m", "cli", "--db", str(db), *args]


def run_to_end(kind: str, db: Path, file: Path) -> float:
    started = time.monotonic()
    done = subprocess.run(command(kind, db, file), cwd=ROOT, env=cli_env(), capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode()
    return time.monotonic() - started


def kill_at(kind: str, db: Path, file: Path, delay: float) -> int:
    proc = subprocess.Popen(command(kind, db, file), cwd=ROOT, env=cli_env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    return proc.wait(timeout=60)


@pytest.mark.parametrize("kind", ["import", "replay", "score"])
def test_kill_9_at_a_random_point_loses_nothing_and_tears_nothing(base, tmp_path: Path, kind: str) -> None:
    before = count(base["db"])
    full = base["db"].with_name(f"full-{kind}.db")
    if not full.exists():  # a ledger with the import in it, for replay and score to work on
        shutil.copy(base["db"], full)
        run_to_end("import", full, base["file"])
    start = base["db"] if kind == "import" else full
    timing = tmp_path / "timing.db"
    shutil.copy(start, timing)
    duration = run_to_end(kind, timing, base["file"])
    chooser = random.Random(f"{kind}-crash")  # seeded: the same kill points every CI run
    for trial in range(TRIALS):
        db = tmp_path / f"trial-{trial}.db"
        shutil.copy(start, db)
        delay = chooser.uniform(0.1, 1.0) * duration
        kill_at(kind, db, base["file"], delay)
        held = count(db)
        if kind == "import":
            assert held in (before, before + EVENTS), (
                f"kill after {delay:.2f}s of {duration:.2f}s: {held} events"
            )
        else:
            assert held == before + EVENTS
        ledger = Ledger(db)
        deep.verify_deep(ledger)  # every cached entry left behind equals a fresh fold at its checkpoint
        ledger.close()
        run_to_end(kind, db, base["file"])  # and the job can be done again, to the end
        assert count(db) == before + EVENTS
