"""SQLite and PostgreSQL side by side in one run (issues 10 and 15): import, verify (whole ledger and one
site), score, the buyer's overview and 8 concurrent writers, on the same ledger on both backends.

    python bench/backends.py                          # 50,000 events over 100 sites, 3 runs: a few minutes
    python bench/backends.py --events 200000 --json   # the figures as one JSON object on stdout
    python bench/backends.py --events 1000000 --runs 1 --skip floor,migrate   # issue 15 at scale
    python bench/backends.py --events 10000000 --runs 1 --only postgres --skip floor,migrate   # 10M, one backend

PostgreSQL is a throwaway cluster started here with Debian's binaries and the server's DEFAULT durability
(fsync, synchronous_commit and full_page_writes on; the test suite's cluster turns them off), on a unix socket;
or the server OPSLEDGER_BENCH_PG names (a superuser URL; a database is created and dropped there). SQLite runs
with opsledger's settings (WAL, synchronous=FULL). Both on the same disk, same machine, interleaved run by run.

What is measured (medians of --runs; every figure on both backends, the ratio is PostgreSQL / SQLite in speed):
  1. import: `opsledger import FILE` (whole process) into a new ledger. Floors: the same stored rows (already
     chained and hashed, read from the imported SQLite ledger) written by a bare script in one transaction:
     executemany into SQLite, COPY into PostgreSQL, both into opsledger's own schema with its triggers.
  2. verify: `opsledger verify` (whole process); and one site's chain through the library (bench/lib.py
     verify-site: `Ledger.verify(sites=[SITE])`, what `opsledger bundle --site` checks before it exports), for
     the site with the most events.
  3. score: one site-quarter as a whole `opsledger score` process, and every site for the year through the
     library in one process (bench/lib.py score-year), projections current (after `opsledger replay`).
     The buyer's overview: the web app's all-sites page (web.services.Services.overview through bench/lib.py
     overview: every contracted site's latest period scored, its trend over the three before, the cohort
     ranked) in a new process, on OVERVIEW_DAY.
  4. writers: W processes (default 8) appending E events each, one event per transaction (`Ledger.append`, an
     operator logging), released together: once each at its own site, once all at the same site; events per
     second over the whole, next to one writer alone appending W x E events. They append to the imported
     ledger (W of its sites, or its busiest), so the figure is a writer's at the ledger's size; the sites they
     wrote must verify afterwards, with every event counted.
  5. migrate: `opsledger migrate --from SQLITE --to POSTGRESQL` of the imported ledger, events per second.
Before any time is reported the scorecards of every site-year are compared between the two backends (they
must be equal) and both ledgers must verify. With `--only postgres` (or sqlite) one backend runs: a ledger too
large to import twice (10M events: 48 minutes per import on the machine of bench/RESULTS.md); its gate is then `opsledger
verify` and, for --check entries spread over the sites, the stored projection against the pure reference fold
(bench/lib.py check), and its figures are set beside the other backend's from an earlier run by hand. `--skip floor,migrate,writers` leaves stages out (at a million
events the floors and the migrate each cost as much as an import). Every figure records the load average
when it was taken: the machine is shared, so read the ratios between backends measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))

import gen  # noqa: E402
import pgcluster  # noqa: E402
from run import OPSLEDGER, PY, machine, run, say  # noqa: E402

SITE_QUARTER = ("chifeng-001", "2026-Q3")
YEAR = 2026
OVERVIEW_DAY = "2026-11-26"  # the generated log runs to 2026-10-31: the latest period is 2026-Q4 (or 2026)
STAGES = ("floor", "migrate", "writers")

WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    sys.path.insert(0, sys.argv[6])
    from ledger.envelope import Draft
    from ledger.ledger import Ledger

    db, name, site, count, go = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), Path(sys.argv[5])
    tag = sys.argv[7]
    ledger = Ledger(db)
    (go.parent / f"ready-{name}").touch()
    while not go.exists():
        time.sleep(0.001)
    for n in range(count):
        ledger.append(Draft(type="gig_worker_registered", site=site, occurred_at="2026-03-05", actor=name,
                            payload={"worker": f"{name}-{tag}-{n}"}))
    """
)

CARDS = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, sys.argv[3])
    sys.path.insert(0, sys.argv[4])
    from lib import year_periods
    from ledger.ledger import Ledger
    from schemes import service
    from schemes.model import get_scheme

    ledger, out = Ledger(sys.argv[1]), {}
    for site in sorted(ledger.registered_sites()):
        deals = service.proj.contracts(ledger, site)
        if deals and not get_scheme(deals[-1].scheme).cohort:
            for period in year_periods(get_scheme(deals[-1].scheme), int(sys.argv[2])):
                card = service.score_site(ledger, site, period)
                out[f"{site} {period}"] = [str(card.total), card.grade]
    print(json.dumps(out, ensure_ascii=False))
    """
)

FLOOR = textwrap.dedent(
    """
    import sqlite3, sys, time
    source, kind, target = sys.argv[1], sys.argv[2], sys.argv[3]
    cols = ("seq, site, site_seq, id, type, version, occurred_at, occurred_on, covers, recorded_at, actor, "
            "idempotency_key, signer, signature, payload, evidence, prev_hash, hash")
    rows = sqlite3.connect(source).execute(f"SELECT {cols} FROM events ORDER BY seq").fetchall()
    t0 = time.perf_counter()
    if kind == "sqlite":
        conn = sqlite3.connect(target, isolation_level=None)
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("BEGIN")
        conn.executemany(f"INSERT INTO events ({cols}) VALUES ({','.join('?' * 18)})", rows)
        conn.execute("COMMIT")
    else:
        import psycopg
        with psycopg.connect(target) as conn, conn.cursor() as cur:
            with cur.copy(f"COPY opsledger.events ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    print(time.perf_counter() - t0)
    """
)


def med(values: list[float]) -> float:
    return statistics.median(values)


class Backends:
    def __init__(self, args: argparse.Namespace, cluster: pgcluster.Cluster) -> None:
        self.args, self.cluster = args, cluster
        self.out = Path(args.workdir).resolve()
        self.out.mkdir(parents=True, exist_ok=True)
        os.environ["BENCH_TMP"] = str(self.out)
        self.f: dict[str, Any] = {"events": args.events, "sites": args.sites, "runs": args.runs}
        self.raw: dict[str, Any] = {}
        self.signing: list[str] = []
        self.load: dict[str, float] = {}  # stage -> 1-minute load average when it ended
        self.runs_done = 0
        self.kinds: tuple[str, ...] = tuple(k for k in ("sqlite", "postgres") if k in args.only)

    def mark(self, stage: str) -> None:
        """Note the load average, and write what is known so far (a long run stopped midway keeps it)."""
        self.load[stage] = round(os.getloadavg()[0], 2)
        partial = {
            **self.f,
            "load": self.load,
            "raw": self.raw,
            "stage": stage,
            "at": time.strftime("%H:%M:%S"),
        }
        (self.out / f"partial-{self.args.events}.json").write_text(json.dumps(partial, indent=1, default=str))

    # -- targets ------------------------------------------------------------------------------------------

    def new_sqlite(self, name: str) -> str:
        path = self.out / f"{name}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return str(path)

    def new_pg(self, name: str) -> str:
        dbname = f"bench_{name}"
        self.cluster.drop_database(dbname)
        self.cluster.admin(f'CREATE DATABASE "{dbname}" TEMPLATE template0 ENCODING \'UTF8\' LC_COLLATE \'C\' '
                           "LC_CTYPE 'C'")  # fmt: skip
        return self.cluster.url(dbname)

    def new(self, kind: str, name: str) -> str:
        return self.new_sqlite(name) if kind == "sqlite" else self.new_pg(name)

    def cli(self, db: str, *args: str) -> dict[str, Any]:
        return run([*OPSLEDGER, "--db", db, *args])

    # -- 1. import and its floors -------------------------------------------------------------------------

    def bench_import(self, file: Path) -> dict[str, str]:
        walls: dict[str, list[float]] = {k: [] for k in self.kinds}
        cpus: dict[str, list[float]] = {k: [] for k in self.kinds}
        floors: dict[str, list[float]] = {k: [] for k in self.kinds}
        mains = {}
        for r in range(self.args.runs):
            for kind in self.kinds:
                say(f"import run {r + 1}/{self.args.runs}: {kind}")
                db = self.new(kind, f"main_{kind}")
                self.cli(db, "init")
                done = self.cli(db, "import", str(file), *self.signing)
                walls[kind].append(done["wall"])
                cpus[kind].append(done["cpu"])
                mains[kind] = db
                self.mark(f"import {kind} run {r + 1}")
            if "floor" in self.args.skip:
                continue
            for kind in self.kinds:
                target = self.new(kind, f"floor_{kind}")
                self.cli(target, "init")
                floors[kind].append(float(run([PY, "-c", FLOOR, mains["sqlite"], kind, target])["out"]))
        f, n = self.f, self.args.events
        for kind in walls:
            f[f"import_{kind}_eps"] = n / med(walls[kind])
            # The importing process's own CPU (user + system, from rusage) over its wall time: near 1.0 it is
            # bound by its own Python work; the rest is waiting (for the server, the disk, or another process).
            f[f"import_{kind}_client_cpu_share"] = med(cpus[kind]) / med(walls[kind])
            if floors[kind]:
                f[f"import_floor_{kind}_eps"] = n / med(floors[kind])
                f[f"import_{kind}_vs_floor"] = f[f"import_{kind}_eps"] / f[f"import_floor_{kind}_eps"]
        if len(self.kinds) == 2:
            f["import_pg_vs_sqlite"] = f["import_postgres_eps"] / f["import_sqlite_eps"]
        if "sqlite" in mains:
            f["size_sqlite_mb"] = (
                sum(
                    Path(f"{mains['sqlite']}{s}").stat().st_size
                    for s in ("", "-wal")
                    if Path(f"{mains['sqlite']}{s}").exists()
                )
                / 2**20
            )
        if "postgres" in mains:
            dbname = "bench_main_postgres"
            f["size_postgres_mb"] = self.cluster.admin("SELECT pg_database_size(%s)", dbname)[0][0] / 2**20
            f["size_postgres_events_mb"] = (
                self.cluster.admin("SELECT pg_total_relation_size('opsledger.events')", dbname=dbname)[0][0]
                / 2**20
            )
        self.raw["import"] = walls
        self.raw["import_cpu"] = cpus
        self.raw["import_floor"] = floors
        return mains

    # -- correctness gate ---------------------------------------------------------------------------------

    def same_scores(self, mains: dict[str, str]) -> None:
        if len(mains) == 1:
            self.one_backend_gate(mains)
            return
        say("checking: both ledgers verify and every site-year scores the same on both")
        cards = {}
        for kind, db in mains.items():
            self.cli(db, "verify")
            self.timed_replay(kind, db)
            cards[kind] = json.loads(run([PY, "-c", CARDS, db, str(YEAR), str(HERE), str(ROOT)])["out"])
        self.mark("verify + replay + every site-year (gate)")
        self.f["replay_pg_vs_sqlite"] = self.f["replay_sqlite_s"] / self.f["replay_postgres_s"]
        if cards["sqlite"] != cards["postgres"]:
            differ = [k for k in cards["sqlite"] if cards["sqlite"][k] != cards["postgres"].get(k)]
            raise SystemExit(f"ABORT: scorecards differ between the backends: {differ[:5]}; no time reported")
        self.raw["scorecards_compared"] = len(cards["sqlite"])

    def timed_replay(self, kind: str, db: str) -> None:
        """`opsledger replay`: every stored projection folded afresh from the whole log (what a new deployment
        or a changed scheme costs once); recorded as a figure of its own."""
        self.f[f"replay_{kind}_s"] = self.cli(db, "replay")["wall"]
        self.mark(f"replay {kind}")

    def one_backend_gate(self, mains: dict[str, str]) -> None:
        """One backend, nothing to compare it with: the ledger must verify, and entries spread over the sites,
        as the stored projection holds them after a replay, must equal the pure reference fold of the log."""
        ((kind, db),) = mains.items()
        say(
            f"checking: the {kind} ledger verifies and {self.args.check} stored entries equal the reference fold"
        )
        self.cli(db, "verify")
        self.mark(f"verify {kind} (gate)")
        self.timed_replay(kind, db)
        check = self.lib("check", db, "--limit", str(self.args.check))
        if check["mismatches"] or not check["entries"]:
            raise SystemExit(f"ABORT: stored != reference fold: {check['mismatches'][:3]}; no time reported")
        self.raw["entries_checked_against_fold"] = check["entries"]
        self.mark("stored entries == reference fold (gate)")

    # -- 2. verify, 3. score ------------------------------------------------------------------------------

    def bench_read(self, mains: dict[str, str]) -> None:
        site, period = SITE_QUARTER
        for db in mains.values():
            self.cli(db, "score", "--site", site, "--period", period)  # projections current
        from ledger.ledger import Ledger

        stats = Ledger(mains[self.kinds[0]]).store.site_stats()
        busiest = max(sorted(stats), key=lambda s: stats[s][0])
        self.f["verify_site"], self.f["verify_site_events"] = busiest, stats[busiest][0]
        names = ("verify", "verify_site", "score_cli", "score_year", "overview")
        got: dict[str, dict[str, list[float]]] = {n: {k: [] for k in self.kinds} for n in names}
        overviews = {}
        for r in range(self.args.runs):
            say(f"verify and score run {r + 1}/{self.args.runs}")
            for kind, db in mains.items():
                got["verify"][kind].append(self.cli(db, "verify")["wall"])
                self.mark(f"verify {kind} run {r + 1}")
                got["verify_site"][kind].append(self.lib("verify-site", db, busiest)["seconds"])
                got["score_cli"][kind].append(
                    self.cli(db, "score", "--site", site, "--period", period)["wall"]
                )
                got["score_year"][kind].append(self.lib("score-year", db, str(YEAR))["seconds"])
                result = self.lib("overview", db, OVERVIEW_DAY)
                got["overview"][kind].append(result["seconds"])
                overviews[kind] = result["totals"]
                self.mark(f"score and overview {kind} run {r + 1}")
        if len(overviews) == 2 and overviews["sqlite"] != overviews["postgres"]:
            raise SystemExit("ABORT: the overview differs between the backends; no time reported")
        f = self.f
        f["overview_sites"] = len(overviews[self.kinds[0]])
        for name in names:
            for kind in mains:
                f[f"{name}_{kind}_s"] = med(got[name][kind])
            if len(mains) == 2:
                f[f"{name}_pg_vs_sqlite"] = f[f"{name}_sqlite_s"] / f[f"{name}_postgres_s"]
        self.raw.update(got)

    def lib(self, *args: str) -> dict[str, Any]:
        return json.loads(run([PY, str(HERE / "lib.py"), *args])["out"].strip().splitlines()[-1])

    # -- 4. concurrent writers ----------------------------------------------------------------------------

    def writers(self, kind: str, db: str, writers: int, per: int, sites: list[str], tag: str) -> float:
        """Events per second of `writers` processes appending `per` events each, one per transaction, to the
        ledger `db` at `sites` (one each, or all at sites[0])."""
        from ledger.ledger import Ledger

        ledger = Ledger(db)
        before = {s: ledger.store.head(s).site_seq for s in sites}
        ledger.close()
        same_site = len(sites) == 1
        go = self.out / "go"
        go.unlink(missing_ok=True)
        for ready in self.out.glob("ready-*"):
            ready.unlink()
        procs = [
            subprocess.Popen(
                [
                    PY,
                    "-c",
                    WRITER,
                    db,
                    f"op{k}",
                    sites[0 if same_site else k],
                    str(per),
                    str(go),
                    str(ROOT),
                    tag,
                ],
                cwd=ROOT,
            )  # fmt: skip
            for k in range(writers)
        ]
        while not all((self.out / f"ready-op{k}").exists() for k in range(writers)):
            if any(p.poll() not in (None, 0) for p in procs):
                raise SystemExit("a writer failed to start")
            time.sleep(0.01)
        t0 = time.perf_counter()
        go.touch()
        for p in procs:
            if p.wait() != 0:
                raise SystemExit(f"a writer failed ({kind})")
        wall = time.perf_counter() - t0
        ledger = Ledger(db)
        check = ledger.verify(sites=sites)  # the chains they extended, recomputed
        added = sum(check.sites[s].site_seq - before[s] for s in sites)
        ledger.close()
        if added != writers * per:
            raise SystemExit(f"ABORT: {kind} writers: {added} events added, expected {writers * per}")
        return writers * per / wall

    def bench_writers(self, mains: dict[str, str]) -> None:
        from ledger.ledger import Ledger

        w, per = self.args.writers, self.args.per_writer
        stats = Ledger(mains[self.kinds[0]]).store.site_stats()
        ranked = sorted(sorted(stats), key=lambda s: -stats[s][0])  # the busiest sites: the largest chains
        own, same = ranked[:w], ranked[:1]
        results: dict[str, list[float]] = {}
        for r in range(self.args.runs):
            for kind in self.kinds:
                say(f"writers run {r + 1}/{self.args.runs}: {kind}")
                for label, writers, count, sites in (("one", 1, w * per, same), ("sites", w, per, own),
                                                     ("same", w, per, same)):  # fmt: skip
                    eps = self.writers(kind, mains[kind], writers, count, sites, f"{label}{r}")
                    results.setdefault(f"{label}_{kind}", []).append(eps)
                self.mark(f"writers {kind} run {r + 1}")
        f = self.f
        f["writers"], f["per_writer"] = w, per
        for key, values in results.items():
            f[f"writers_{key}_eps"] = med(values)
        for label in ("one", "sites", "same"):
            if len(self.kinds) == 2:
                f[f"writers_{label}_pg_vs_sqlite"] = (
                    f[f"writers_{label}_postgres_eps"] / f[f"writers_{label}_sqlite_eps"]
                )
        self.raw["writers"] = results

    # -- 5. migrate ---------------------------------------------------------------------------------------

    def bench_migrate(self, mains: dict[str, str]) -> None:
        walls = []
        for r in range(self.args.runs):
            say(f"migrate run {r + 1}/{self.args.runs}")
            target = self.new_pg("migrated")
            walls.append(run([*OPSLEDGER, "migrate", "--from", mains["sqlite"], "--to", target])["wall"])
        from ledger.ledger import Ledger

        count = sum(n for n, _, _ in Ledger(mains["sqlite"]).store.site_stats().values())
        self.f["migrate_sqlite_to_pg_eps"] = count / med(walls)
        self.raw["migrate"] = walls

    def go(self) -> dict[str, Any]:
        self.f["machine"] = machine()
        # The contracts and the assessor's grant in the log name the bench's keys (bench/gen.py use_keys), and
        # the import signs them with the buyer's: a new key pair, a new file.
        keys = self.out / "keys"
        self.signing = ["--buyer", gen.BUYER, "--keys-dir", str(keys)]
        keyed = gen.use_keys(keys)[gen.BUYER][:8]
        file = self.out / f"events-{self.args.events}-{self.args.sites}-{keyed}.jsonl"
        if not file.exists():
            say(f"generating {self.args.events} events over {self.args.sites} sites")
            gen.write(file, self.args.events, self.args.sites)
        self.mark("generated")
        mains = self.bench_import(file)
        self.same_scores(mains)
        self.bench_read(mains)
        if "writers" not in self.args.skip:
            self.bench_writers(mains)
        if "migrate" not in self.args.skip:
            self.bench_migrate(mains)
        self.f["machine"]["load_avg_end"] = os.getloadavg()[0]
        self.f["load"] = self.load
        self.f["raw"] = self.raw
        self.f["command"] = " ".join(["python", "bench/backends.py", *sys.argv[1:]])
        return self.f


def report(f: dict[str, Any]) -> str:
    def row(name: str, key: str, unit: str, ratio: str, faster: str = "") -> str:
        fmt = "{:,.0f}" if unit == "ev/s" else "{:.2f}"
        s, p = (fmt.format(f[key.format(k)]) if key.format(k) in f else "-" for k in ("sqlite", "postgres"))
        times = f"{f[ratio]:.2f}x" if ratio in f else ""  # one backend run: no ratio
        return f"{name:<34} {s:>10} {unit:<5} {p:>10} {unit:<5} {times} {faster}"

    def pair(key: str, fmt: str) -> str:
        return "".join(
            f"{fmt.format(f[key.format(k)]) if key.format(k) in f else '-':>10}       "
            for k in ("sqlite", "postgres")
        )

    lines = [
        f"SQLite vs PostgreSQL: {f['events']:,} events, {f['sites']} sites, median of {f['runs']} runs "
        f"(ratio: PostgreSQL speed / SQLite speed)",
        f"{'':<34} {'SQLite':>16} {'PostgreSQL':>16}",
        row("import (opsledger import)", "import_{}_eps", "ev/s", "import_pg_vs_sqlite"),
        f"{'  its own CPU / its wall time':<34} {pair('import_{}_client_cpu_share', '{:.2f}')}",
    ]
    if "import_floor_sqlite_eps" in f:
        lines.append(
            f"{'  floor (stored rows, one tx)':<34} {f['import_floor_sqlite_eps']:>10,.0f} ev/s  "
            f"{f['import_floor_postgres_eps']:>10,.0f} ev/s  (import / floor: SQLite "
            f"{f['import_sqlite_vs_floor']:.2f}x, PostgreSQL {f['import_postgres_vs_floor']:.2f}x)"
        )
    lines += [
        f"{'size (file; database) MB':<34} {pair('size_{}_mb', '{:,.0f}')}",
        row("replay (opsledger replay)", "replay_{}_s", "s", "replay_pg_vs_sqlite"),
        row("verify (opsledger verify)", "verify_{}_s", "s", "verify_pg_vs_sqlite"),
        row(
            f"verify one site ({f['verify_site_events']:,} ev, library)",
            "verify_site_{}_s",
            "s",
            "verify_site_pg_vs_sqlite",
        ),  # fmt: skip
        row("score one site-quarter (CLI)", "score_cli_{}_s", "s", "score_cli_pg_vs_sqlite"),
        row("score every site-year (library)", "score_year_{}_s", "s", "score_year_pg_vs_sqlite"),
        row(
            f"buyer's overview, {f['overview_sites']} sites (library)",
            "overview_{}_s",
            "s",
            "overview_pg_vs_sqlite",
        ),  # fmt: skip
    ]
    if "writers" in f:
        lines += [
            row("1 writer, 1 event per tx", "writers_one_{}_eps", "ev/s", "writers_one_pg_vs_sqlite"),
            row(
                f"{f['writers']} writers, own sites",
                "writers_sites_{}_eps",
                "ev/s",
                "writers_sites_pg_vs_sqlite",
            ),  # fmt: skip
            row(
                f"{f['writers']} writers, same site",
                "writers_same_{}_eps",
                "ev/s",
                "writers_same_pg_vs_sqlite",
            ),  # fmt: skip
        ]
    if "migrate_sqlite_to_pg_eps" in f:
        lines.append(f"migrate SQLite -> PostgreSQL: {f['migrate_sqlite_to_pg_eps']:,.0f} ev/s")
    lines.append(
        "load average (1 min) after each stage: " + ", ".join(f"{k} {v}" for k, v in f["load"].items())
    )
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
    parser.add_argument("--writers", type=int, default=8, help="concurrent writer processes (default 8)")
    parser.add_argument(
        "--per-writer", type=int, default=250, help="events each writer appends (default 250)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument(
        "--skip", default="", help=f"stages to leave out, comma-separated: {', '.join(STAGES)} (default none)"
    )
    parser.add_argument("--workdir", default=str(HERE / "out" / "backends"), help="where files go")
    parser.add_argument(
        "--only", default="sqlite,postgres", help="backends to run, comma-separated (default both)"
    )
    parser.add_argument(
        "--check",
        type=int,
        default=20,
        help="with one backend: entries checked against the fold (default 20)",
    )
    args = parser.parse_args()
    args.only = [k for k in args.only.split(",") if k]
    if not args.only or set(args.only) - {"sqlite", "postgres"}:
        parser.error("--only: sqlite, postgres or both")
    args.skip = {s for s in args.skip.split(",") if s}
    if args.skip - set(STAGES):
        parser.error(
            f"--skip: unknown stage {', '.join(sorted(args.skip - set(STAGES)))}; stages: {', '.join(STAGES)}"
        )
    if len(args.only) == 1 and {"floor", "migrate"} - args.skip:
        parser.error(
            "--only one backend: add --skip floor,migrate (both need the SQLite and PostgreSQL ledgers)"
        )
    named = os.environ.get("OPSLEDGER_BENCH_PG")
    cluster = pgcluster.from_url(named) if named else pgcluster.start(settings=())
    try:
        figures = Backends(args, cluster).go()
    finally:
        cluster.stop()
    (Path(args.workdir) / f"results-{args.events}.json").write_text(
        json.dumps(figures, indent=1, ensure_ascii=False)
    )
    print(json.dumps(figures, ensure_ascii=False) if args.json else report(figures))


if __name__ == "__main__":
    main()
