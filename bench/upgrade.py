"""Upgrading a schema-1 ledger (`opsledger migrate --db OLD --to NEW`), against a floor measured in the same run.

    python bench/upgrade.py OLD.db            # OLD.db: a wave-one ledger, e.g. the wave-one demo (below); 3 runs

A schema-1 file can only be written by wave-one code, so the input is made with it, once:

    git worktree add --detach /tmp/wave1 524808f && python3 -m venv /tmp/v1 && /tmp/v1/bin/pip install -e /tmp/wave1
    /tmp/v1/bin/opsledger --db demo1.db demo --seed 7

What is measured (medians of --runs, whole processes, the file in the page cache after a first untimed run):
  upgrade: `opsledger migrate --db OLD --to NEW.db --buyer B` (verify the old chain, re-chain, sign one event per
           site, write, verify the new chains and recompute the old one from them).
  floor:   `opsledger migrate --from NEW.db --to COPY.db` of the result: the same events copied exactly between
           two schema-2 files (verify, write, verify), the nearest thing opsledger already does.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def opsledger(*args: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "cli", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"opsledger {' '.join(args)} failed: {proc.stderr.strip()}")
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("old", type=Path, help="a schema-1 (wave-one) ledger file")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="opsledger-bench-upgrade-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "OPSLEDGER_KEYS": str(work / "keys"), "OPSLEDGER_ACTOR": "bench"}
        env.pop("OPSLEDGER_DB", None)
        opsledger("keys", "new", "--actor", "bench-buyer", env=env)
        upgrades, floors = [], []
        for run in range(args.runs + 1):  # the first run warms the page cache and is not counted
            new, copy = work / f"new{run}.db", work / f"copy{run}.db"
            up = opsledger(
                "migrate", "--db", str(args.old), "--to", str(new), "--buyer", "bench-buyer", env=env
            )
            floor = opsledger("migrate", "--from", str(new), "--to", str(copy), env=env)
            if run:
                upgrades.append(up)
                floors.append(floor)
            for path in (new, copy):
                path.unlink()
        events = sum(1 for _ in _count(args.old))
        up, floor = statistics.median(upgrades), statistics.median(floors)
        print(f"schema-1 ledger {args.old} ({events:,} events, {args.old.stat().st_size / 1e6:.1f} MB), "
              f"median of {args.runs} runs")  # fmt: skip
        print(f"  upgrade (migrate --db --to):      {up:6.2f} s  {events / up:10,.0f} ev/s")
        print(f"  floor (schema-2 copy, same rows): {floor:6.2f} s  {events / floor:10,.0f} ev/s")
        print(f"  ratio upgrade / floor: {up / floor:.2f}")


def _count(path: Path):  # type: ignore[no-untyped-def]
    import sqlite3

    conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro&immutable=1", uri=True)
    try:
        yield from conn.execute("SELECT seq FROM events")
    finally:
        conn.close()


if __name__ == "__main__":
    main()
