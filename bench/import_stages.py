"""What bounds `opsledger import`: the CPU each stage of the two-process import costs an event, beside the floors'.

    python bench/import_stages.py FILE KEYS_DIR [--runs 3] [--peer-python bench/out/peer-venv/bin/python]

FILE is a bench/gen.py log (bench/run.py writes one under its --workdir, with the keys it was made with in
KEYS_DIR). Each run, in a fresh process each, on a fresh ledger or floor file:

  reader    the second process's work alone: read, decode, envelope (Draft) and payload validation, canonical
            payload JSON, pickled in chunks as it is sent (ledger/import_pipeline.py `_read_in_child`), no pipe
  import    the import as `opsledger import` runs it (schemes.actions.import_events): this process's CPU
            (unpickling, the gate, duplicate/site/role/target checks, chain and hash, the inserts) and the
            reading process's CPU, from rusage, and the wall time
  inline    the same import with the file read in this process (PIPELINE_MIN_BYTES raised): one core's cost
  floor     bench/floors.py import, and with the same 64 MiB page cache (--cache-kib 65536); the peer if given
  floor_pipeline  bench/floors.py pipeline (same cache): a second process builds the floor's rows, this one only
            inserts them: the ceiling of any two-process import on this schema and durability, validating nothing

CPU per event is printed for each (medians); with two free cores the import can go no faster than its slower
process, on one core no faster than both together. Times include each process's start (imports).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def child(mode: str, file: str, keys: str, db: str) -> None:
    """One measurement in this (fresh) process; prints one JSON line."""
    sys.path.insert(0, str(ROOT))
    from ledger import import_pipeline, importer

    t0 = time.perf_counter()
    if mode == "reader":
        n = 0
        chunk: list = []
        for number, draft in importer.open_events(file, actor="bench"):
            chunk.append((number, draft, import_pipeline.check_payload(draft)))
            n += 1
            if len(chunk) >= import_pipeline.PIPELINE_CHUNK:
                pickle.dumps(("rows", chunk), pickle.HIGHEST_PROTOCOL)
                chunk = []
        pickle.dumps(("rows", chunk), pickle.HIGHEST_PROTOCOL)
    else:
        from ledger.keys import KeysDir
        from ledger.ledger import Ledger
        from schemes import actions

        if mode == "inline":
            import_pipeline.PIPELINE_MIN_BYTES = 1 << 62
        ledger = Ledger(db, create=True)
        writer = actions.Writer("bench", KeysDir(["bench", "buyer-bench"], keys))
        n = actions.import_events(ledger, writer, file, None).added
    wall = time.perf_counter() - t0
    own = _cpu(resource.getrusage(resource.RUSAGE_SELF))
    reader = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN))
    print(json.dumps({"mode": mode, "events": n, "wall": wall, "cpu": own, "reader_cpu": reader}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file")
    parser.add_argument("keys")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peer-python", default=None)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.file, args.keys, args.child[1])
        return
    work = Path(tempfile.mkdtemp(prefix="import-stages-", dir=HERE / "out"))
    template = work / "template.db"
    subprocess.run([sys.executable, "-m", "cli", "--db", str(template), "init"], cwd=ROOT, env=ENV, check=True,
                   capture_output=True)  # fmt: skip
    rows: dict[str, list[dict]] = {}

    def fresh(path: Path) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)

    def timed(cmd: list[str]) -> dict:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, env=ENV, capture_output=True)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode:
            raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.decode()[-2000:]}")
        return {"wall": wall, "cpu": _cpu(after) - _cpu(before),
                "line": json.loads(proc.stdout.decode().strip().splitlines()[-1])}  # fmt: skip

    me = [sys.executable, str(Path(__file__).resolve()), args.file, args.keys]
    for r in range(args.runs):
        print(f"run {r + 1}/{args.runs}", file=sys.stderr, flush=True)
        for mode in ("reader", "import", "inline"):
            db = work / f"{mode}.db"
            fresh(db)
            rows.setdefault(mode, []).append(timed([*me, "--child", mode, str(db)]))
        for name, mode, extra in (
            ("floor", "import", []),
            ("floor_same_cache", "import", ["--cache-kib", "65536"]),
            ("floor_pipeline", "pipeline", ["--cache-kib", "65536"]),
        ):
            db = work / "floor.db"
            fresh(db)
            subprocess.run(
                [sys.executable, str(HERE / "floors.py"), "schema", str(template), str(db)], check=True,
                capture_output=True,
            )  # fmt: skip
            rows.setdefault(name, []).append(
                timed([sys.executable, str(HERE / "floors.py"), mode, str(db), args.file, *extra])
            )
        if args.peer_python:
            db = work / "peer.db"
            fresh(db)
            rows.setdefault("peer", []).append(
                timed([args.peer_python, str(HERE / "peer.py"), str(db), args.file])
            )
    n = rows["import"][0]["line"]["events"]
    med = statistics.median
    out: dict[str, dict[str, float]] = {}
    for name, runs in rows.items():
        fig = {
            "wall_s": med(x["wall"] for x in runs),
            "cpu_us_per_event": 1e6 * med(x["cpu"] for x in runs) / n,
        }
        if name in ("import", "inline"):
            fig["main_cpu_us_per_event"] = 1e6 * med(x["line"]["cpu"] for x in runs) / n
            fig["reader_cpu_us_per_event"] = 1e6 * med(x["line"]["reader_cpu"] for x in runs) / n
        fig["events_per_s"] = n / fig["wall_s"]
        out[name] = fig
    print(
        json.dumps({"events": n, "runs": args.runs, "load_avg": os.getloadavg()[0], "stages": out}, indent=1)
    )
    for suffix in ("template.db", "reader.db", "import.db", "inline.db", "floor.db", "peer.db"):
        fresh(work / suffix)
    try:
        for leftover in work.iterdir():
            leftover.unlink()
        work.rmdir()
    except OSError:
        pass


if __name__ == "__main__":
    main()
