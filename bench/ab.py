"""Before/after in one run, interleaved: the library figures issue 15's changes touch (no floor exists for them,
so the earlier code, on the same machine at the same moment, is the comparison).

    python bench/run.py --events 200000            # once: bench/out/main.db (or pass --db)
    python bench/ab.py --before REV [--db bench/out/main.db] [--trials 3]

For each trial and each tree (this checkout and REV, exported with `git archive` into a temporary directory),
alternating, on copies of the same ledger whose stored projection that tree replayed itself:
  * refresh    1,000 new events spread over every site (bench/gen.py appended, the same file for both trees,
               appended with `opsledger import`, not timed), then `bench/lib.py refresh-all`: every site's stored
               entries brought to the head. Reported: the library call's seconds, the process CPU (rusage) and
               how many entries had to be folded. In the first trial each tree's `bench/lib.py check` then
               compares every refreshed entry with the reference fold (aborts on a mismatch).
  * score      the same appends, then `bench/lib.py score` of chifeng-001 2026-Q3 (what issue 7 called the
               incremental update): the library call's seconds.
  * dashboard  the web dashboard's library call (web.services.Services.dashboard, Pingxiang's year on an
               `opsledger demo` ledger) right after one logged job fair, as in bench/web.py, in-process: median
               wall and CPU of 7 after one warm-up.
  * verify     `opsledger verify` of the ledger itself (`python -m cli --db DB verify`, whole process: wall and
               CPU from rusage), each run right after bench/floors.py verify (read + json decode + sha256 chain, the
               floor bench/run.py uses) on the same file, so each tree has its ratio to a floor taken beside it.
               Both trees must print the same totals line. `--only verify` runs this stage alone (no replay, no
               demo: verify reads nothing else).
  * verify-pg  (`--only verify-pg`) the same ledger copied into a throwaway PostgreSQL cluster (tests/pgcluster.py,
               the server's default durability; `opsledger migrate --from DB --to URL` by this checkout), then
               each tree's `opsledger verify` of it, interleaved. No floor: the earlier code is the comparison.
Medians over the trials. The outputs must agree between trees (the score total, and bench/run.py's gate checks
the stored projection against the reference fold): a faster path that changed a value would show here.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import gen  # noqa: E402

PY = sys.executable
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
OUT = HERE / "out" / "ab"

DASHBOARD = """
import json, statistics, sys, time
from datetime import date
from schemes import actions
from web.services import Services
svc = Services(sys.argv[1])
wall, cpu = [], []
for i in range(8):
    actions.log_event(svc.ledger(), actions.Writer("op"), "job_fair_held", "pingxiang-hr-market", "2026-11-26",
        {"title": f"ab {i}", "format": "offline", "kind": "daily", "companies": 40, "jobs": 950, "visitors": 230})
    w, c = time.perf_counter(), time.process_time()
    data = svc.dashboard("pingxiang-hr-market", "2026", None, date(2026, 11, 26))
    if i:
        wall.append(time.perf_counter() - w); cpu.append(time.process_time() - c)
print(json.dumps({"wall": statistics.median(wall), "cpu": statistics.median(cpu), "total": str(data["card"].total)}))
"""


def cpu_of(cmd: list[str], cwd: Path) -> tuple[str, float]:
    """Run a child; its stdout and its own CPU seconds (user + system, from os.wait4)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed: {' '.join(cmd)}\n{err.read().decode(errors='replace')[-1500:]}")
        return out.read().decode(), usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], cwd: Path) -> tuple[str, float, float]:
    """Run a child; its stdout, wall seconds and its own CPU seconds."""
    start = time.perf_counter()
    out, cpu = cpu_of(cmd, cwd)
    return out, time.perf_counter() - start, cpu


def verify_stage(db: Path, tree: Path, got: dict[str, list[float]], heads: set[str]) -> None:
    """One floor run, then this tree's `opsledger verify`, on the same file."""
    _, floor_wall, floor_cpu = timed([PY, str(HERE / "floors.py"), "verify", str(db)], ROOT)
    out, wall, cpu = timed([PY, "-m", "cli", "--db", str(db), "verify"], tree)
    got.setdefault("verify_floor_s", []).append(floor_wall)
    got.setdefault("verify_floor_cpu_s", []).append(floor_cpu)
    got.setdefault("verify_s", []).append(wall)
    got.setdefault("verify_cpu_s", []).append(cpu)
    got.setdefault("verify_ratio_vs_floor", []).append(floor_wall / wall)
    got.setdefault("verify_cpu_ratio_vs_floor", []).append(floor_cpu / cpu)
    heads.add(out.splitlines()[0])


def verify_pg(
    args: argparse.Namespace, trees: dict[str, Path], results: dict[str, dict[str, list[float]]],
    totals: dict[str, set[str]],
) -> None:  # fmt: skip
    """The ledger in a throwaway PostgreSQL cluster, each tree's `opsledger verify` of it, interleaved."""
    sys.path.insert(0, str(ROOT / "tests"))
    import pgcluster

    cluster = pgcluster.start(settings=())
    try:
        cluster.admin(
            "CREATE DATABASE ab_verify TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
        )
        url = cluster.url("ab_verify")
        cpu_of([PY, "-m", "cli", "migrate", "--from", str(args.db), "--to", url], ROOT)
        for trial in range(args.trials):
            for label, tree in trees.items():
                out, wall, cpu = timed([PY, "-m", "cli", "--db", url, "verify"], tree)
                results[label].setdefault("verify_pg_s", []).append(wall)
                results[label].setdefault("verify_pg_cpu_s", []).append(cpu)
                totals[label].add(out.splitlines()[0])
                print(f"trial {trial + 1}/{args.trials} {label} done", file=sys.stderr, flush=True)
    finally:
        cluster.stop()


def copy(src: Path, dst: Path) -> Path:
    if Path(src).resolve() == Path(dst).resolve():
        # The copy starts by removing what it overwrites: copying a ledger onto itself would delete it.
        raise SystemExit(f"{src} is the file it would be copied to: pass a ledger outside {Path(dst).parent}")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{dst}{suffix}").unlink(missing_ok=True)
    shutil.copy(src, dst)
    return dst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, metavar="REV")
    parser.add_argument("--db", type=Path, default=HERE / "out" / "main.db")
    parser.add_argument(
        "--keys", type=Path, default=HERE / "out" / "keys", help="the keys the ledger was built with"
    )
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--only", choices=["verify", "verify-pg"], default=None, help="run this stage alone")
    args = parser.parse_args()
    args.db = args.db.resolve()  # the earlier tree runs in a directory of its own
    OUT.mkdir(parents=True, exist_ok=True)
    gen.use_keys(args.keys)
    appends = OUT / "append.jsonl"
    records = gen.appended(1000, args.sites, seed=4242, spread=True, id_prefix="ab")
    appends.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    signing = ["--buyer", gen.BUYER, "--keys-dir", str(args.keys)]
    tmp = tempfile.mkdtemp(prefix="opsledger-ab-")
    try:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.before], check=True, capture_output=True
        )
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        trees = {"now": ROOT, args.before: Path(tmp)}
        results: dict[str, dict[str, list[float]]] = {label: {} for label in trees}
        totals: dict[str, set[str]] = {label: set() for label in trees}
        if args.only == "verify":
            for trial in range(args.trials):
                for label, tree in trees.items():
                    verify_stage(args.db, tree, results[label], totals[label])
                    print(f"trial {trial + 1}/{args.trials} {label} done", file=sys.stderr, flush=True)
            trees = {}  # nothing else to run
        elif args.only == "verify-pg":
            verify_pg(args, trees, results, totals)
            trees = {}
        bases, demos = {}, {}
        for label, tree in trees.items():
            name = label.replace("/", "_")
            bases[label] = copy(args.db, OUT / f"base-{name}.db")
            cpu_of([PY, "-m", "cli", "--db", str(bases[label]), "replay"], tree)
            demos[label] = OUT / f"demo-{name}.db"
            cpu_of([PY, "-m", "cli", "--db", str(demos[label]), "demo", "--force"], tree)
        for trial in range(args.trials if trees else 0):
            for label, tree in trees.items():
                name = label.replace("/", "_")
                got = results[label]
                for what in ("refresh", "score"):
                    db = copy(bases[label], OUT / f"run-{name}.db")
                    cpu_of([PY, "-m", "cli", "--db", str(db), "import", str(appends), *signing], tree)
                    if what == "refresh":
                        out, cpu = cpu_of([PY, str(tree / "bench" / "lib.py"), "refresh-all", str(db)], tree)
                        res = json.loads(out.strip().splitlines()[-1])
                        got.setdefault("refresh_s", []).append(res["seconds"])
                        got.setdefault("refresh_process_cpu_s", []).append(cpu)
                        got.setdefault("refresh_entries_folded", []).append(res["entries"])
                        if trial == 0:  # before any figure is reported: every refreshed entry == the fold
                            out, _ = cpu_of([PY, str(tree / "bench" / "lib.py"), "check", str(db)], tree)
                            check = json.loads(out.strip().splitlines()[-1])
                            if check["mismatches"]:
                                raise SystemExit(
                                    f"ABORT: {label}: stored != reference fold: {check['mismatches'][:3]}"
                                )
                            totals[label].add(f"checked {check['entries']} entries, 0 mismatches")
                    else:
                        out, _ = cpu_of([PY, str(tree / "bench" / "lib.py"), "score", str(db), "chifeng-001",
                                         "2026-Q3"], tree)  # fmt: skip
                        res = json.loads(out.strip().splitlines()[-1])
                        got.setdefault("score_after_appends_s", []).append(res["times"][0])
                        totals[label].add(f"chifeng-001 2026-Q3 {res['total']}")
                dash = copy(demos[label], OUT / f"dash-{name}.db")
                out, _ = cpu_of([PY, "-c", DASHBOARD, str(dash)], tree)
                res = json.loads(out.strip().splitlines()[-1])
                got.setdefault("dashboard_wall_s", []).append(res["wall"])
                got.setdefault("dashboard_cpu_s", []).append(res["cpu"])
                totals[label].add(f"pingxiang 2026 {res['total']}")
                verify_stage(bases[label], tree, got, totals[label])
                print(f"trial {trial + 1}/{args.trials} {label} done", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if len({frozenset(t) for t in totals.values()}) != 1:
        raise SystemExit(f"ABORT: the trees disagree on a score: {totals}")
    report = {
        "load_avg_end": round(os.getloadavg()[0], 2),
        "trials": args.trials,
        "agreed": sorted(totals["now"]),
    }
    for label, got in results.items():
        report[label] = {k: round(statistics.median(v), 4) for k, v in got.items()}
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
