"""Is bringing every site current flat in the log's size? The same 1,000 spread events (bench/ab.py's file)
appended to ledgers of different sizes, then `bench/lib.py refresh-all`, interleaved across the ledgers.

    python bench/flat.py bench/out/s50k/main.db bench/out/main.db [--trials 3]

Each ledger is copied and replayed by this checkout first (its stored projection with accumulators), then per
trial copied again, the events imported (not timed) and refresh-all run in a fresh process: the library call's
seconds, the process CPU and the entries that had to be folded afresh. Medians per ledger.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen  # noqa: E402
from ab import PY, ROOT, copy, cpu_of  # noqa: E402

OUT = HERE / "out" / "flat"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dbs", nargs="+", type=Path)
    parser.add_argument("--keys", type=Path, default=HERE / "out" / "keys")
    parser.add_argument("--trials", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    gen.use_keys(args.keys)
    appends = OUT / "append.jsonl"
    records = gen.appended(1000, 100, seed=4242, spread=True, id_prefix="ab")
    appends.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    signing = ["--buyer", gen.BUYER, "--keys-dir", str(args.keys)]
    bases = {}
    for i, db in enumerate(args.dbs):
        bases[db] = copy(db, OUT / f"base-{i}.db")
        cpu_of([PY, "-m", "cli", "--db", str(bases[db]), "replay"], ROOT)
    got: dict[Path, dict[str, list[float]]] = {db: {} for db in args.dbs}
    for trial in range(args.trials):
        for i, db in enumerate(args.dbs):
            run = copy(bases[db], OUT / f"run-{i}.db")
            cpu_of([PY, "-m", "cli", "--db", str(run), "import", str(appends), *signing], ROOT)
            out, cpu = cpu_of([PY, str(HERE / "lib.py"), "refresh-all", str(run)], ROOT)
            res = json.loads(out.strip().splitlines()[-1])
            got[db].setdefault("refresh_s", []).append(res["seconds"])
            got[db].setdefault("process_cpu_s", []).append(cpu)
            got[db].setdefault("entries_folded", []).append(res["entries"])
            print(f"trial {trial + 1}/{args.trials} {db} done", file=sys.stderr, flush=True)
    report = {str(db): {k: round(statistics.median(v), 4) for k, v in r.items()} for db, r in got.items()}
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
