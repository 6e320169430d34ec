"""`opsledger demo`: how long a new user waits for the first command, and what each part costs.

    python bench/demo.py [--runs 3] [--seed 1] [--before REV]

Figures (median of --runs, each in a fresh ledger under bench/out/demo/):
  * cli        `python -m cli demo` as a user runs it, whole-process wall time (imports and printing included);
  * generate   reading the plans into drafts (no ledger);
  * history    `Ledger.append_history`: the year written morning by morning, each batch stamped, one transaction;
  * floor      the same drafts in one plain `Ledger.append_many` (no stamps): what writing them costs at least;
  * summaries  every scorecard and the cohort, as the demo prints them.
The ratio history/floor is the price of the recorded times. With --before REV, the same CLI figure for the demo
of that git revision (run from a temporary worktree), so a change can be measured before and after in one run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ledger.ledger import Ledger  # noqa: E402
from ledger.trust import keyring  # noqa: E402
from schemes import demo  # noqa: E402

OUT = ROOT / "bench" / "out" / "demo"


def fresh(name: str) -> Path:
    path = OUT / name
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)
    shutil.rmtree(path.with_suffix(".evidence"), ignore_errors=True)
    return path


def cli_seconds(cwd: Path, seed: int) -> float:
    db = fresh("cli.db")
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cli", "demo", "--db", str(db), "--seed", str(seed)], cwd=cwd,
                   check=True, capture_output=True)  # fmt: skip
    return time.perf_counter() - t


def phases(seed: int) -> dict[str, float]:
    t = time.perf_counter()
    log = demo.generate(seed, 2026)
    generate = time.perf_counter() - t
    batches = demo.mornings(log)
    keys = keyring(demo.demo_keys(seed))
    numbered, line = [], 0
    for instant, drafts in batches:
        numbered.append((instant, list(enumerate(drafts, start=line + 1))))
        line += len(drafts)
    ledger = Ledger(fresh("history.db"), create=True)
    t = time.perf_counter()
    ledger.append_history(numbered, keys=keys)
    history = time.perf_counter() - t
    t = time.perf_counter()
    demo.summaries(ledger, 2026)
    summaries = time.perf_counter() - t
    ledger.close()
    floor_ledger = Ledger(fresh("floor.db"), create=True)
    t = time.perf_counter()
    floor_ledger.append_many([pair for _, day in numbered for pair in day], keys=keys)
    floor = time.perf_counter() - t
    floor_ledger.close()
    return {"events": line, "mornings": len(batches), "generate": generate, "history": history, "floor": floor,
            "summaries": summaries}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--before", default=None, metavar="REV", help="also time the demo of this git revision"
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    runs = [phases(args.seed) for _ in range(args.runs)]
    result: dict[str, object] = {"events": runs[0]["events"], "mornings": runs[0]["mornings"]}
    for key in ("generate", "history", "floor", "summaries"):
        result[key] = round(statistics.median(r[key] for r in runs), 3)
    result["history/floor"] = round(float(result["history"]) / float(result["floor"]), 2)  # type: ignore[arg-type]
    result["cli"] = round(statistics.median(cli_seconds(ROOT, args.seed) for _ in range(args.runs)), 2)
    if args.before:
        with tempfile.TemporaryDirectory() as tmp:
            tree = Path(tmp) / "before"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), args.before],
                           check=True, capture_output=True)  # fmt: skip
            try:
                result[f"cli@{args.before}"] = round(
                    statistics.median(cli_seconds(tree, args.seed) for _ in range(args.runs)), 2
                )
            finally:
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=True
                )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
