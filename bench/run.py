"""opsledger at scale, side by side with a floor measured in the same run on the same rows (issue 7).

    python bench/run.py                      # default size (50,000 events): about a minute or two
    python bench/run.py --events 1000000     # the issue's size
    python bench/run.py --json               # the figures as one JSON object on stdout

The peer (the `eventsourcing` library) is installed for the benchmark only, never as an opsledger dependency:

    python -m venv bench/out/peer-venv && bench/out/peer-venv/bin/pip install eventsourcing
    python bench/run.py --peer-python bench/out/peer-venv/bin/python

(or `pip install eventsourcing` into the environment that runs this script). Without it the peer figure is
skipped with a note. Everything is written under bench/out/ (ignored by git).

What is measured (medians of --runs runs; each opsledger figure next to its floor, interleaved run by run):
  1. import: `opsledger import FILE` (subprocess) vs bench/floors.py import (json decode, canonical payload,
     sha256 chain, executemany of 1,000 into the same schema in ONE transaction, WAL, synchronous=FULL),
     and vs bench/peer.py (the same rows through eventsourcing's SQLite application, batches of 1,000).
  2. one `opsledger log` (whole process) vs `python -c "import sqlite3; ...one INSERT..."`.
  3. `opsledger verify` vs bench/floors.py verify (read + json decode + sha256 chain check); also vs the same
     floor without the json decode (opsledger's verify decodes only the payloads its signature checks read:
     contracts, grants, assessor acts, corrections), reported beside it.
  4. `opsledger replay` from zero; incremental update: 1,000 new events appended (`opsledger import`, not
     timed), then the next score (library call, which refreshes the stored projection) is timed; once with
     the 1,000 spread over every site, once all at one site.
  5. score latency with projections current: one site-quarter (library call in a warm process, and the
     whole `opsledger score` process), and every site for a year (library calls, one process).
  6. peak RSS (os.wait4 of each child) of import, verify, replay and score; import and verify also at a
     tenth of the size, to show they do not grow with the file.
Before any time is reported, bench/lib.py check compares the stored projection (schemes.service.current_values)
with the reference fold (schemes.service.indicator_values) for every projection entry and aborts on a mismatch;
after the incremental update it checks again.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import gen  # noqa: E402

PY = sys.executable
_SCRIPT = Path(PY).parent / "opsledger"  # the console script a user runs (else the same entry point via -m)
# BENCH_USE_MODULE=1 runs `python -m cli` from this checkout (e.g. a worktree of an older commit).
OPSLEDGER = (
    [str(_SCRIPT)] if _SCRIPT.exists() and not os.environ.get("BENCH_USE_MODULE") else [PY, "-m", "cli"]
)
# Children run as an installed opsledger does: with bytecode caches (pip compiles an install; the first run of
# a checkout writes them). An environment with PYTHONDONTWRITEBYTECODE recompiles every module on every start,
# which added ~0.1-0.5 s to each CLI figure here and is not what a user's `opsledger log` pays.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
SITE_QUARTER = ("chifeng-001", "2026-Q3")  # the assessed park: closes, late events, judgements
YEAR = 2026


def say(*parts: Any) -> None:
    print(*parts, file=sys.stderr, flush=True)


def run(cmd: list[str], *, stdin: str | None = None) -> dict[str, Any]:
    """Run a child, return wall seconds, CPU seconds, peak RSS (MB) from its own rusage, and its stdout."""
    out = Path(os.environ.get("BENCH_TMP", "/tmp")) / f"bench-{os.getpid()}.out"
    with open(out, "wb") as handle:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=handle, stderr=subprocess.PIPE, cwd=ROOT, env=CHILD_ENV,
                                stdin=subprocess.PIPE if stdin else subprocess.DEVNULL)  # fmt: skip
        if stdin:
            proc.stdin.write(stdin.encode())  # type: ignore[union-attr]
            proc.stdin.close()  # type: ignore[union-attr]
        err = proc.stderr.read()  # type: ignore[union-attr]
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = out.read_text(encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        raise SystemExit(
            f"failed ({proc.returncode}): {' '.join(cmd)}\n{err.decode(errors='replace')[-2000:]}\n{text[-500:]}"
        )
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,
        "out": text,
    }


def last_json(text: str) -> dict[str, Any]:
    return json.loads(text.strip().splitlines()[-1])


def med(values: list[float]) -> float:
    return statistics.median(values)


def fresh(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kb = 0
    try:
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return {"nproc": os.cpu_count(), "memory_gb": round(mem_kb / 1024 / 1024, 1), "cpu": cpu,
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version, "os": platform.platform(),
            "load_avg_start": os.getloadavg()[0]}  # fmt: skip


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.out = Path(args.workdir).resolve()
        self.out.mkdir(parents=True, exist_ok=True)
        os.environ["BENCH_TMP"] = str(self.out)
        self.n = args.events
        self.runs = args.runs
        self.figures: dict[str, Any] = {"events": self.n, "sites": args.sites, "runs": self.runs}
        self.notes: list[str] = []
        self.raw: dict[str, Any] = {}
        self.keys = self.out / "keys"  # the buyer's and the assessor's key pairs (bench/gen.py use_keys)
        self.signing = ["--buyer", gen.BUYER, "--keys-dir", str(self.keys)]

    # -- inputs --------------------------------------------------------------------------------------

    def log_file(self, n: int) -> Path:
        # The file names the bench's keys: a new key, a new file.
        keyed = gen.use_keys(self.keys)[gen.BUYER][:8]
        path = self.out / f"events-{n}-{self.args.sites}-{keyed}.jsonl"
        if not path.exists():
            say(f"generating {n} events over {self.args.sites} sites -> {path}")
            tmp = path.with_suffix(".tmp")
            gen.write(tmp, n, self.args.sites)
            tmp.rename(path)
        return path

    def template(self) -> Path:
        path = self.out / "template.db"
        if not path.exists():
            run([*OPSLEDGER, "--db", str(path), "init"])
        return path

    # -- 1. import -----------------------------------------------------------------------------------

    def import_once(self, file: Path, db: Path) -> dict[str, Any]:
        fresh(db)
        run([*OPSLEDGER, "--db", str(db), "init"])
        return run([*OPSLEDGER, "--db", str(db), "import", str(file), "--actor", "bench", *self.signing])

    def floor_import_once(self, file: Path, db: Path) -> dict[str, Any]:
        fresh(db)
        run([PY, str(HERE / "floors.py"), "schema", str(self.template()), str(db)])
        return run([PY, str(HERE / "floors.py"), "import", str(db), str(file)])

    def peer_python(self) -> str | None:
        candidates = (
            [self.args.peer_python] if self.args.peer_python else [PY, str(HERE / "out/peer-venv/bin/python")]
        )
        for candidate in candidates:
            if candidate and Path(candidate).exists():
                probe = subprocess.run([candidate, "-c", "import eventsourcing"], capture_output=True)
                if probe.returncode == 0:
                    return candidate
        return None

    def bench_import(self, file: Path, main_db: Path) -> None:
        peer = None if self.args.skip_peer else self.peer_python()
        if peer is None:
            self.notes.append("peer skipped: the `eventsourcing` library is not installed (see the top of bench/run.py "
                              "for how to install it for the benchmark only)")  # fmt: skip
        ops, floor, peers = [], [], []
        runs = self.args.import_runs or self.runs
        self.figures["import_runs"] = runs
        for r in range(runs):
            say(f"import run {r + 1}/{runs}: floor, opsledger{', peer' if peer else ''}")
            floor.append(self.floor_import_once(file, self.out / "floor.db"))
            ops.append(self.import_once(file, main_db))
            if peer:
                fresh(self.out / "peer.db")
                peers.append(run([peer, str(HERE / "peer.py"), str(self.out / "peer.db"), str(file)]))
        f = self.figures
        f["import_s"] = med([x["wall"] for x in ops])
        f["import_eps"] = self.n / f["import_s"]
        f["import_floor_s"] = med([x["wall"] for x in floor])
        f["import_floor_eps"] = self.n / f["import_floor_s"]
        f["import_ratio_vs_floor"] = f["import_eps"] / f["import_floor_eps"]
        f["import_cpu_ratio_vs_floor"] = med([x["cpu"] for x in floor]) / med([x["cpu"] for x in ops])
        f["peak_rss_import_mb"] = max(x["rss_mb"] for x in ops)
        f["peak_rss_import_floor_mb"] = max(x["rss_mb"] for x in floor)
        if peers:
            f["import_peer_s"] = med([x["wall"] for x in peers])
            f["import_peer_eps"] = self.n / f["import_peer_s"]
            f["import_ratio_vs_peer"] = f["import_eps"] / f["import_peer_eps"]
            f["peak_rss_import_peer_mb"] = max(x["rss_mb"] for x in peers)
            self.raw["peer"] = last_json(peers[-1]["out"])
        else:
            f["import_ratio_vs_peer"] = None
        self.raw["import"] = {"opsledger": [x["wall"] for x in ops], "floor": [x["wall"] for x in floor],
                              "peer": [x["wall"] for x in peers]}  # fmt: skip
        # The floor committing every batch (the other reading of "batches of 1,000"), once, for the record.
        fresh(self.out / "floor.db")
        run([PY, str(HERE / "floors.py"), "schema", str(self.template()), str(self.out / "floor.db")])
        per_batch = run(
            [
                PY,
                str(HERE / "floors.py"),
                "import",
                str(self.out / "floor.db"),
                str(file),
                "--commit-every-batch",
            ]
        )
        f["import_floor_commit_every_batch_eps"] = self.n / per_batch["wall"]
        # And the floor given the same 64 MiB page cache opsledger's import sets (ledger.store.IMPORT_CACHE_KIB).
        fresh(self.out / "floor.db")
        run([PY, str(HERE / "floors.py"), "schema", str(self.template()), str(self.out / "floor.db")])
        cached = run(
            [
                PY,
                str(HERE / "floors.py"),
                "import",
                str(self.out / "floor.db"),
                str(file),
                "--cache-kib",
                "65536",
            ]
        )
        f["import_floor_same_cache_eps"] = self.n / cached["wall"]
        strictest = max(
            f["import_floor_eps"], f["import_floor_commit_every_batch_eps"], f["import_floor_same_cache_eps"]
        )
        f["import_ratio_vs_strictest_floor"] = f["import_eps"] / strictest

    # -- 2. log --------------------------------------------------------------------------------------

    def bench_log(self, main_db: Path) -> None:
        floor_db = self.out / "floor-log.db"
        fresh(floor_db)
        run([PY, str(HERE / "floors.py"), "schema", str(self.template()), str(floor_db)])
        insert = (
            "import sqlite3; c = sqlite3.connect(DB, isolation_level=None); c.execute('PRAGMA synchronous = FULL'); "
            "c.execute(\"INSERT INTO events (site, site_seq, id, type, version, occurred_at, occurred_on, recorded_at, "
            "actor, payload, evidence, prev_hash, hash) VALUES ('s', (SELECT COALESCE(MAX(site_seq), 0) + 1 FROM events "
            "WHERE site = 's'), hex(randomblob(16)), 'job_fair_held', 1, '2026-11-20', '2026-11-20', "
            "'2026-11-20T10:00:00.000000+08:00', 'a', '{}', '[]', hex(randomblob(32)), hex(randomblob(32)))\")"
        ).replace("DB", repr(str(floor_db)), 1)  # fmt: skip
        site = gen.sites_for(self.args.sites)[-1].id
        ops, floor = [], []
        for i in range(max(5, self.runs * 2)):
            floor.append(run([PY, "-c", insert])["wall"])
            ops.append(run([*OPSLEDGER, "--db", str(main_db), "log", "gig_job_posted", "employer=沙县小吃集团",
                            f"positions={i + 1}", "--site", site, "--on", "2026-11-20", "--actor", f"op-{site}"])["wall"])  # fmt: skip
        f = self.figures
        f["log_s"] = med(ops)
        f["log_floor_s"] = med(floor)
        f["log_ratio_vs_floor"] = f["log_s"] / f["log_floor_s"]
        f["python_startup_s"] = med([run([PY, "-c", "pass"])["wall"] for _ in range(5)])
        # An editable install's finder is imported by every process this python starts, the floor's too: the
        # ratio then looks better than a user's (bench/startup.py's docstring). Said, and kept with the figures.
        from startup import editable_install

        f["log_editable_install"] = editable_install()
        if f["log_editable_install"]:
            say("warning: this python has an editable install: the log floor pays its finder's imports and the "
                "log ratio looks better than a user's; bench/startup.py with a `pip install .` python measures it")  # fmt: skip

    # -- 3. verify -----------------------------------------------------------------------------------

    def bench_verify(self, main_db: Path) -> None:
        ops, floor, nodecode = [], [], []
        for r in range(self.runs):
            say(f"verify run {r + 1}/{self.runs}")
            floor.append(run([PY, str(HERE / "floors.py"), "verify", str(main_db)]))
            ops.append(run([*OPSLEDGER, "--db", str(main_db), "verify"]))
            nodecode.append(run([PY, str(HERE / "floors.py"), "verify", str(main_db), "--no-decode"]))
        f = self.figures
        f["verify_s"] = med([x["wall"] for x in ops])
        f["verify_floor_s"] = med([x["wall"] for x in floor])
        f["verify_ratio_vs_floor"] = f["verify_floor_s"] / f["verify_s"]
        f["verify_floor_nodecode_s"] = med([x["wall"] for x in nodecode])
        f["verify_ratio_vs_floor_nodecode"] = f["verify_floor_nodecode_s"] / f["verify_s"]
        f["peak_rss_verify_mb"] = max(x["rss_mb"] for x in ops)

    # -- 4. replay, correctness, incremental ---------------------------------------------------------

    def check(self, main_db: Path, when: str) -> None:
        limit = ["--limit", str(self.args.check_limit)] if self.args.check_limit else []
        say(f"checking the stored projection against the reference fold ({when})")
        result = last_json(run([PY, str(HERE / "lib.py"), "check", str(main_db), *limit])["out"])
        self.raw.setdefault("checks", []).append({"when": when, "entries": result["entries"],
                                                  "mismatches": len(result["mismatches"])})  # fmt: skip
        if result["mismatches"]:
            say(json.dumps(result["mismatches"][:10], ensure_ascii=False, indent=1))
            raise SystemExit(f"ABORT: the stored projection differs from the reference fold on "
                             f"{len(result['mismatches'])} of {result['entries']} entries ({when}); no time reported")  # fmt: skip

    def bench_replay(self, main_db: Path) -> None:
        times = []
        for r in range(self.runs):
            say(f"replay run {r + 1}/{self.runs}")
            times.append(run([*OPSLEDGER, "--db", str(main_db), "replay"]))
        self.figures["full_replay_s"] = med([x["wall"] for x in times])
        self.figures["peak_rss_replay_mb"] = max(x["rss_mb"] for x in times)
        self.raw["replay_entries"] = times[-1]["out"].strip()

    def bench_incremental(self, main_db: Path) -> None:
        """1,000 new events, then the next score: spread over every site (score the assessed park's quarter),
        and all at one gig market (score that market's year). Then, after a spread batch, the time to bring
        every site's stored entries to the head (a score only refreshes its own site)."""
        one_site = gen.sites_for(self.args.sites)[-1].id
        for spread in (True, False):
            site, period = SITE_QUARTER if spread else (one_site, str(YEAR))
            times, everything = [], []
            for r in range(self.runs):
                recs = gen.appended(1000, self.args.sites, seed=100 + r + (0 if spread else 50), spread=spread,
                                    id_prefix=f"n{'s' if spread else 'o'}{r}")  # fmt: skip
                path = self.out / "append.jsonl"
                path.write_text(
                    "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in recs), encoding="utf-8"
                )
                run([*OPSLEDGER, "--db", str(main_db), "import", str(path), *self.signing])
                res = last_json(run([PY, str(HERE / "lib.py"), "score", str(main_db), site, period])["out"])
                times.append(res["times"][0])
                if spread:
                    everything.append(
                        last_json(run([PY, str(HERE / "lib.py"), "refresh-all", str(main_db)])["out"])[
                            "seconds"
                        ]
                    )
            key = "incremental_update_s" if spread else "incremental_update_one_site_s"
            self.figures[key] = med(times)
            self.raw[key] = times
            if spread:
                self.figures["incremental_refresh_every_site_s"] = med(everything)
                self.raw["incremental_refresh_every_site_s"] = everything

    # -- 5. score ------------------------------------------------------------------------------------

    def bench_score(self, main_db: Path) -> None:
        site, period = SITE_QUARTER
        run([PY, str(HERE / "lib.py"), "score", str(main_db), site, period])  # projections current
        warm = last_json(
            run([PY, str(HERE / "lib.py"), "score", str(main_db), site, period, "--repeat", "7"])["out"]
        )
        cli = [
            run([*OPSLEDGER, "--db", str(main_db), "score", "--site", site, "--period", period])
            for _ in range(self.runs)
        ]
        years = [
            run([PY, str(HERE / "lib.py"), "score-year", str(main_db), str(YEAR)]) for _ in range(self.runs)
        ]
        f = self.figures
        f["score_site_quarter_ms"] = 1000 * med(warm["times"][1:])
        f["score_site_quarter_first_call_ms"] = 1000 * warm["times"][0]
        f["score_site_quarter_cli_ms"] = 1000 * med([x["wall"] for x in cli])
        f["score_all_site_years_s"] = med([last_json(x["out"])["seconds"] for x in years])
        f["score_all_site_years_cards"] = last_json(years[-1]["out"])["cards"]
        f["peak_rss_score_mb"] = max(x["rss_mb"] for x in cli + years)

    # -- 6. memory at a smaller size -----------------------------------------------------------------

    def bench_small(self) -> None:
        small = max(1000, self.n // 10)
        file = self.log_file(small)
        db = self.out / "small.db"
        imp = self.import_once(file, db)
        ver = run([*OPSLEDGER, "--db", str(db), "verify"])
        self.figures["small_events"] = small
        self.figures["peak_rss_import_small_mb"] = imp["rss_mb"]
        self.figures["peak_rss_verify_small_mb"] = ver["rss_mb"]
        fresh(db)

    def go(self) -> dict[str, Any]:
        self.figures["machine"] = machine()
        file = self.log_file(self.n)
        main_db = self.out / "main.db"
        stages = [s for s in self.args.only.split(",")] if self.args.only else None

        def want(stage: str) -> bool:
            return stages is None or stage in stages

        if want("import"):
            self.bench_import(file, main_db)
        elif not main_db.exists():
            self.import_once(file, main_db)
        run([*OPSLEDGER, "--db", str(main_db), "replay"])
        self.check(main_db, "after import and replay, before any figure is reported")
        if want("verify"):
            self.bench_verify(main_db)
        if want("replay"):
            self.bench_replay(main_db)
        if want("score"):
            self.bench_score(main_db)
        if want("log"):
            self.bench_log(main_db)
        if want("incremental"):
            self.bench_incremental(main_db)
            self.check(main_db, "after the incremental appends")
        if want("small"):
            self.bench_small()
        self.figures["machine"]["load_avg_end"] = os.getloadavg()[0]
        self.figures["notes"] = self.notes
        self.figures["raw"] = self.raw
        self.figures["command"] = " ".join(["python", "bench/run.py", *sys.argv[1:]])
        return self.figures


def report(f: dict[str, Any]) -> str:
    def r(key: str, fmt: str = "{:.2f}") -> str:
        value = f.get(key)
        return "n/a" if value is None else fmt.format(value)

    lines = [
        f"opsledger benchmark: {f['events']:,} events, {f['sites']} sites, median of {f['runs']} runs",
        f"import    {r('import_eps', '{:,.0f}')} ev/s   floor {r('import_floor_eps', '{:,.0f}')} ev/s   "
        f"ratio {r('import_ratio_vs_floor')}x (target >= 0.7)   peer {r('import_peer_eps', '{:,.0f}')} ev/s   "
        f"ratio {r('import_ratio_vs_peer')}x (target >= 2)",
        f"          other floors (one run each): commit every 1,000 {r('import_floor_commit_every_batch_eps', '{:,.0f}')} ev/s, "
        f"same 64 MiB cache {r('import_floor_same_cache_eps', '{:,.0f}')} ev/s; ratio vs the fastest floor "
        f"{r('import_ratio_vs_strictest_floor')}x",
        f"verify    {r('verify_s')} s   floor {r('verify_floor_s')} s   ratio {r('verify_ratio_vs_floor')}x (target >= 1.0, issue 15)"
        f"   [floor without json decode {r('verify_floor_nodecode_s')} s: {r('verify_ratio_vs_floor_nodecode')}x]",
        f"log       {r('log_s', '{:.3f}')} s   floor {r('log_floor_s', '{:.3f}')} s   ratio {r('log_ratio_vs_floor')}x (target < 3)",
        f"replay    {r('full_replay_s')} s (target < 60)",
        f"increment {r('incremental_update_s', '{:.3f}')} s after 1,000 events over every site (target < 1); "
        f"{r('incremental_update_one_site_s', '{:.3f}')} s after 1,000 at one site; every site brought current after "
        f"1,000 spread: {r('incremental_refresh_every_site_s')} s",
        f"score     site-quarter {r('score_site_quarter_ms', '{:.1f}')} ms library (target < 200); "
        f"first call {r('score_site_quarter_first_call_ms', '{:.1f}')} ms; whole CLI {r('score_site_quarter_cli_ms', '{:.0f}')} ms",
        f"          every site-year {r('score_all_site_years_s')} s for {f.get('score_all_site_years_cards', 'n/a')} scorecards (target < 10)",
        f"peak RSS  import {r('peak_rss_import_mb', '{:.0f}')} MB (at {f.get('small_events', '?')}: "
        f"{r('peak_rss_import_small_mb', '{:.0f}')} MB), verify {r('peak_rss_verify_mb', '{:.0f}')} MB "
        f"(at {f.get('small_events', '?')}: {r('peak_rss_verify_small_mb', '{:.0f}')} MB), replay "
        f"{r('peak_rss_replay_mb', '{:.0f}')} MB, score {r('peak_rss_score_mb', '{:.0f}')} MB (target < 200 import/verify)",
    ]
    lines += [f"note: {n}" for n in f.get("notes", [])]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--events", type=int, default=50_000, help="events in the generated log (default 50,000)"
    )
    parser.add_argument("--sites", type=int, default=100, help="sites across the five schemes (default 100)")
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per figure; the median is reported (default 3)"
    )
    parser.add_argument(
        "--import-runs", type=int, default=0, help="runs of the import figure (default: --runs)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument(
        "--workdir", default=str(HERE / "out"), help="where files and databases go (bench/out)"
    )
    parser.add_argument("--peer-python", default=None, help="interpreter with eventsourcing installed")
    parser.add_argument("--skip-peer", action="store_true", help="do not measure the peer")
    parser.add_argument("--check-limit", type=int, default=0, help="check only N projection entries (0: all)")
    parser.add_argument(
        "--only", default="", help="comma list of stages: import,verify,replay,score,log,incremental,small"
    )
    args = parser.parse_args()
    figures = Bench(args).go()
    (Path(args.workdir) / f"results-{args.events}.json").write_text(
        json.dumps(figures, indent=1, ensure_ascii=False)
    )
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        print(report(figures))


if __name__ == "__main__":
    main()
    _ = shutil
