"""Bringing every site current on PostgreSQL, right after the ledger was moved there: the same 1,000 spread events
as bench/flat.py, on a throwaway cluster (tests/pgcluster.py) with autovacuum off, so that the table is analysed
only if `opsledger migrate` analysed it (issue 15).

    python bench/pg_refresh.py LEDGER --keys KEYS [--trials 5] [--before REV]

Each tree (this checkout, and REV exported with `git archive`) migrates LEDGER into a database of its own with
`opsledger migrate --from LEDGER --to URL`, replays it and imports the appended events (not timed); then, per
trial and interleaved, the refresh call runs in a fresh process on a `CREATE DATABASE ... TEMPLATE` copy of its
tree's database: its wall and CPU seconds, and the entries it had to fold (0, or the figure is not a refresh).
Medians per tree. With autovacuum on, whether the table is analysed by the time of the refresh depends on how
long the migrate and replay took (about a minute after a bulk load): off, the figures say what the code does.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

import gen  # noqa: E402
import pgcluster  # noqa: E402
from ab import PY, ROOT, cpu_of  # noqa: E402
from flat import REFRESH  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ledger", type=Path)
    parser.add_argument("--keys", type=Path, default=HERE / "out" / "keys")
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--before", default=None, metavar="REV", help="also run this revision, interleaved")
    args = parser.parse_args()
    gen.use_keys(args.keys)
    tmp = Path(tempfile.mkdtemp(prefix="opsledger-pgrefresh-"))
    appends = tmp / "append.jsonl"
    records = gen.appended(1000, 100, seed=4242, spread=True, id_prefix="ab")
    appends.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    signing = ["--buyer", gen.BUYER, "--keys-dir", str(args.keys)]
    trees = {"now": ROOT}
    if args.before:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.before], check=True, capture_output=True
        )
        (tmp / "before").mkdir()
        subprocess.run(["tar", "-x", "-C", str(tmp / "before")], input=archive.stdout, check=True)
        trees[args.before] = tmp / "before"
    cluster = pgcluster.start(settings=("autovacuum=off",))
    try:
        bases = {}
        for i, (label, tree) in enumerate(trees.items()):
            bases[label] = f"base{i}"
            cluster.admin(
                f"CREATE DATABASE {bases[label]} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
            )
            url = cluster.url(bases[label])
            cpu_of([PY, "-m", "cli", "migrate", "--from", str(args.ledger.resolve()), "--to", url], tree)
            cpu_of([PY, "-m", "cli", "--db", url, "replay"], tree)
            cpu_of([PY, "-m", "cli", "--db", url, "import", str(appends), *signing], tree)
        got: dict[str, dict[str, list[float]]] = {label: {} for label in trees}
        for trial in range(args.trials):
            for label, tree in trees.items():
                cluster.admin(f"CREATE DATABASE run TEMPLATE {bases[label]}")
                try:
                    out, cpu = cpu_of([PY, "-c", REFRESH, cluster.url("run")], tree)
                finally:
                    cluster.admin("DROP DATABASE run")
                res = json.loads(out.strip().splitlines()[-1])
                if res["entries"]:
                    raise SystemExit(f"ABORT: {label} folded {res['entries']} entries afresh: not a refresh")
                r = got[label]
                r.setdefault("refresh_s", []).append(res["seconds"])
                r.setdefault("refresh_cpu_s", []).append(res["cpu"])
                r.setdefault("process_cpu_s", []).append(cpu)
            print(f"trial {trial + 1}/{args.trials} done", file=sys.stderr, flush=True)
    finally:
        cluster.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    report = {label: {k: round(statistics.median(v), 4) for k, v in r.items()} for label, r in got.items()}
    print(json.dumps({"ledger": str(args.ledger), "trials": args.trials, **report}, indent=1))


if __name__ == "__main__":
    main()
