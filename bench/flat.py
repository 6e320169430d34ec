"""Is bringing every site current flat in the log's size? The same 1,000 spread events (bench/ab.py's file)
appended to ledgers of different sizes, then `bench/lib.py refresh-all`, interleaved across the ledgers (and,
with --before, across this checkout and an earlier revision).

    python bench/flat.py bench/out/s50k/main.db bench/out/main.db [--trials 3] [--before REV]

Two ways for a log to grow: bench/gen.py's bigger ledgers pack more events into the same months (every period,
the one brought current included, holds more), and bench/history.py adds years of history behind the same
present (a base ledger plus events dated before its periods of interest). Pass both kinds to tell the cost of a
fuller period from the cost of a longer log.

Each ledger is copied and replayed by each tree first (its stored projection with accumulators, as that tree
stores it), then per trial copied again, the events imported (not timed) and refresh-all's library call run in a
fresh process: its wall seconds and its own CPU seconds, the process CPU and the entries that had to be folded
afresh. Medians per ledger
and tree, and each tree's ratio of the largest ledger's figure to the smallest's (1.0 is flat).

Before any figure is reported, each tree's first refreshed copy of each ledger goes through that tree's
`bench/lib.py check`: every stored entry, as the refresh left it, must equal the reference fold of the log
(aborts otherwise).

With --instructions, also the refresh call's instructions, counted by valgrind (callgrind): the child is run
under it twice on the same imported copy, once making the call and once doing everything else (start, imports,
opening the ledger), and the difference is the call's. Unlike CPU seconds on a shared machine, the count does
not move with the load (PYTHONHASHSEED is fixed; two runs of the same tree differ by well under 1%), so it shows
a change of a few percent that the timings cannot. It counts user-space instructions only: what the kernel
does for the writes is not in it (the CPU seconds have it). It runs after the timed trials, so each tree's
scheme cache is warm (a cold one is rebuilt inside the call and costs hundreds of millions of instructions).
Debian's valgrind; about a minute a ledger of a million events.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen  # noqa: E402
from ab import ENV, PY, ROOT, copy, cpu_of  # noqa: E402

OUT = HERE / "out" / "flat"

# The library call as bench/lib.py refresh-all makes it, run in the tree's own directory (its code first on the
# path), with the call's own CPU beside its wall time: on a shared machine the wall time is mostly the wait for a
# core, the CPU time is what the call costs.
REFRESH = """
import json, sys, time
from ledger.ledger import Ledger
from schemes import service
ledger = Ledger(sys.argv[1])
wall, cpu = time.perf_counter(), time.process_time()
n = service.refresh(ledger) if len(sys.argv) < 3 else 0
print(json.dumps({"entries": n, "seconds": time.perf_counter() - wall, "cpu": time.process_time() - cpu}))
"""


def instructions(tree: Path, db: Path, run: Path) -> int:
    """The refresh call's user-space instructions: callgrind's count of the child making it, less the count of
    the child doing everything else (`--instructions`). Each run starts from a fresh copy of `db`."""
    counts = []
    for skip in (False, True):
        copy(db, run)
        cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", PY, "-c", REFRESH, str(run)]
        proc = subprocess.run(cmd + (["skip"] if skip else []), cwd=tree, capture_output=True, text=True,
                              env={**ENV, "PYTHONHASHSEED": "0"})  # fmt: skip
        found = re.search(r"Collected : (\d+)", proc.stderr)
        if proc.returncode != 0 or found is None:
            raise SystemExit(f"valgrind failed on {db}: {proc.stderr[-800:]}")
        counts.append(int(found.group(1)))
    return counts[0] - counts[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dbs", nargs="+", type=Path)
    parser.add_argument("--keys", type=Path, default=HERE / "out" / "keys")
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--before", default=None, metavar="REV", help="also run this revision, interleaved")
    parser.add_argument(
        "--instructions", action="store_true", help="also count the call's instructions (valgrind)"
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    gen.use_keys(args.keys)
    appends = OUT / "append.jsonl"
    records = gen.appended(1000, 100, seed=4242, spread=True, id_prefix="ab")
    appends.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    signing = ["--buyer", gen.BUYER, "--keys-dir", str(args.keys)]
    tmp = tempfile.mkdtemp(prefix="opsledger-flat-")
    try:
        trees = {"now": ROOT}
        if args.before:
            archive = subprocess.run(
                ["git", "-C", str(ROOT), "archive", args.before], check=True, capture_output=True
            )
            subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
            trees[args.before] = Path(tmp)
        bases = {}
        for label, tree in trees.items():
            for i, db in enumerate(args.dbs):
                bases[label, db] = copy(db.resolve(), OUT / f"base-{label}-{i}.db")
                cpu_of([PY, "-m", "cli", "--db", str(bases[label, db]), "replay"], tree)
        got: dict[tuple[str, Path], dict[str, list[float]]] = {k: {} for k in bases}
        checked: dict[tuple[str, Path], dict] = {}
        for trial in range(args.trials):
            for i, db in enumerate(args.dbs):
                for label, tree in trees.items():
                    run = copy(bases[label, db], OUT / f"run-{label}-{i}.db")
                    cpu_of([PY, "-m", "cli", "--db", str(run), "import", str(appends), *signing], tree)
                    out, cpu = cpu_of([PY, "-c", REFRESH, str(run)], tree)
                    res = json.loads(out.strip().splitlines()[-1])
                    if (label, db) not in checked:
                        out, _ = cpu_of([PY, str(tree / "bench" / "lib.py"), "check", str(run)], tree)
                        check = json.loads(out.strip().splitlines()[-1])
                        if check["mismatches"]:
                            raise SystemExit(
                                f"ABORT: {label} {db}: stored != reference fold: {check['mismatches'][:3]}"
                            )
                        if check.get("unserved"):  # an earlier tree's check may not report it
                            raise SystemExit(
                                f"ABORT: {label} {db}: not served from the cache: {check['unserved'][:3]}"
                            )
                        # An earlier tree's check may not look for entries it could not serve: None, not 0.
                        unserved = len(check["unserved"]) if "unserved" in check else None
                        checked[label, db] = {
                            "entries": check["entries"],
                            "mismatches": 0,
                            "unserved": unserved,
                        }
                    r = got[label, db]
                    r.setdefault("refresh_s", []).append(res["seconds"])
                    r.setdefault("refresh_cpu_s", []).append(res["cpu"])
                    r.setdefault("process_cpu_s", []).append(cpu)
                    r.setdefault("entries_folded", []).append(res["entries"])
                    print(f"trial {trial + 1}/{args.trials} {label} {db} done", file=sys.stderr, flush=True)
        if args.instructions:
            for i, db in enumerate(args.dbs):
                for label, tree in trees.items():
                    # The copy the timed trials refreshed, imported again from its base (imports are not counted).
                    run = copy(bases[label, db], OUT / f"run-{label}-{i}.db")
                    cpu_of([PY, "-m", "cli", "--db", str(run), "import", str(appends), *signing], tree)
                    imported = copy(run, OUT / f"imported-{label}-{i}.db")
                    got[label, db]["refresh_instructions"] = [instructions(tree, imported, run)]
                    imported.unlink()
                    print(f"instructions {label} {db} done", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report: dict[str, dict] = {}
    for (label, db), r in got.items():
        report.setdefault(label, {})[str(db)] = {
            **{k: round(statistics.median(v), 4) for k, v in r.items()},
            "checked": checked[label, db],
        }
    for by_db in report.values():
        small, large = by_db[str(args.dbs[0])], by_db[str(args.dbs[-1])]
        by_db["ratio_largest_to_smallest"] = {
            k: round(large[k] / small[k], 2)
            for k in ("refresh_s", "refresh_cpu_s", "process_cpu_s", "refresh_instructions")
            if small.get(k)
        }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
