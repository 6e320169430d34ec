"""Before/after in one run, interleaved: the library figures issue 15's changes touch (no floor exists for them,
so the earlier code, on the same machine at the same moment, is the comparison).

    python bench/run.py --events 200000            # once: bench/out/main.db (or pass --db)
    python bench/ab.py --before REV [--db bench/out/main.db] [--trials 3]

For each trial and each tree (this checkout and REV, exported with `git archive` into a temporary directory),
alternating, on copies of the same ledger whose stored projection that tree replayed itself:
  * refresh    1,000 new events spread over every site (bench/gen.py appended, the same file for both trees,
               appended with `opsledger import`, not timed), then `bench/lib.py refresh-all`: every site's stored
               entries brought to the head. Reported: the library call's seconds, the process CPU (rusage) and
               how many entries had to be folded.
  * score      the same appends, then `bench/lib.py score` of chifeng-001 2026-Q3 (what issue 7 called the
               incremental update): the library call's seconds.
  * dashboard  the web dashboard's library call (web.services.Services.dashboard, Pingxiang's year on an
               `opsledger demo` ledger) right after one logged job fair, as in bench/web.py, in-process: median
               wall and CPU of 7 after one warm-up.
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


def copy(src: Path, dst: Path) -> Path:
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
    args = parser.parse_args()
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
        bases, demos = {}, {}
        for label, tree in trees.items():
            name = label.replace("/", "_")
            bases[label] = copy(args.db, OUT / f"base-{name}.db")
            cpu_of([PY, "-m", "cli", "--db", str(bases[label]), "replay"], tree)
            demos[label] = OUT / f"demo-{name}.db"
            cpu_of([PY, "-m", "cli", "--db", str(demos[label]), "demo", "--force"], tree)
        results: dict[str, dict[str, list[float]]] = {label: {} for label in trees}
        totals: dict[str, set[str]] = {label: set() for label in trees}
        for trial in range(args.trials):
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
