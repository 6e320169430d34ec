"""SQLite and PostgreSQL side by side in one run (issue 10): import, verify, score and 8 concurrent writers.

    python bench/backends.py                          # 50,000 events over 100 sites, 3 runs: a few minutes
    python bench/backends.py --events 200000 --json   # the figures as one JSON object on stdout

PostgreSQL is a throwaway cluster started here with Debian's binaries and the server's DEFAULT durability
(fsync, synchronous_commit and full_page_writes on; the test suite's cluster turns them off), on a unix socket;
or the server OPSLEDGER_BENCH_PG names (a superuser URL; a database is created and dropped there). SQLite runs
with opsledger's settings (WAL, synchronous=FULL). Both on the same disk, same machine, interleaved run by run.

What is measured (medians of --runs; every figure on both backends, the ratio is PostgreSQL / SQLite in speed):
  1. import: `opsledger import FILE` (whole process) into a new ledger. Floors: the same stored rows (already
     chained and hashed, read from the imported SQLite ledger) written by a bare script in one transaction:
     executemany into SQLite, COPY into PostgreSQL, both into opsledger's own schema with its triggers.
  2. verify: `opsledger verify` (whole process).
  3. score: one site-quarter as a whole `opsledger score` process, and every site for the year through the
     library in one process (bench/lib.py score-year), projections current (after `opsledger replay`).
  4. writers: W processes (default 8) appending E events each, one event per transaction (`Ledger.append`, an
     operator logging), released together: once each at its own site, once all at the same site; events per
     second over the whole, next to one writer alone appending W x E events.
  5. migrate: `opsledger migrate --from SQLITE --to POSTGRESQL` of the imported ledger, events per second.
Before any time is reported the scorecards of every site-year are compared between the two backends (they
must be equal) and both ledgers must verify.
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

WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    sys.path.insert(0, sys.argv[6])
    from ledger.envelope import Draft
    from ledger.ledger import Ledger

    db, name, site, count, go = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), Path(sys.argv[5])
    ledger = Ledger(db)
    (go.parent / f"ready-{name}").touch()
    while not go.exists():
        time.sleep(0.001)
    for n in range(count):
        ledger.append(Draft(type="gig_worker_registered", site=site, occurred_at="2026-03-05", actor=name,
                            payload={"worker": f"{name}-{n}"}))
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
        walls: dict[str, list[float]] = {"sqlite": [], "postgres": []}
        floors: dict[str, list[float]] = {"sqlite": [], "postgres": []}
        mains = {}
        for r in range(self.args.runs):
            for kind in ("sqlite", "postgres"):
                say(f"import run {r + 1}/{self.args.runs}: {kind}")
                db = self.new(kind, f"main_{kind}")
                self.cli(db, "init")
                walls[kind].append(self.cli(db, "import", str(file), *self.signing)["wall"])
                mains[kind] = db
            for kind in ("sqlite", "postgres"):
                target = self.new(kind, f"floor_{kind}")
                self.cli(target, "init")
                floors[kind].append(float(run([PY, "-c", FLOOR, mains["sqlite"], kind, target])["out"]))
        f, n = self.f, self.args.events
        for kind in walls:
            f[f"import_{kind}_eps"] = n / med(walls[kind])
            f[f"import_floor_{kind}_eps"] = n / med(floors[kind])
            f[f"import_{kind}_vs_floor"] = f[f"import_{kind}_eps"] / f[f"import_floor_{kind}_eps"]
        f["import_pg_vs_sqlite"] = f["import_postgres_eps"] / f["import_sqlite_eps"]
        self.raw["import"] = walls
        self.raw["import_floor"] = floors
        return mains

    # -- correctness gate ---------------------------------------------------------------------------------

    def same_scores(self, mains: dict[str, str]) -> None:
        say("checking: both ledgers verify and every site-year scores the same on both")
        cards = {}
        for kind, db in mains.items():
            self.cli(db, "verify")
            self.cli(db, "replay")
            cards[kind] = json.loads(run([PY, "-c", CARDS, db, str(YEAR), str(HERE), str(ROOT)])["out"])
        if cards["sqlite"] != cards["postgres"]:
            differ = [k for k in cards["sqlite"] if cards["sqlite"][k] != cards["postgres"].get(k)]
            raise SystemExit(f"ABORT: scorecards differ between the backends: {differ[:5]}; no time reported")
        self.raw["scorecards_compared"] = len(cards["sqlite"])

    # -- 2. verify, 3. score ------------------------------------------------------------------------------

    def bench_read(self, mains: dict[str, str]) -> None:
        site, period = SITE_QUARTER
        for db in mains.values():
            self.cli(db, "score", "--site", site, "--period", period)  # projections current
        verify: dict[str, list[float]] = {"sqlite": [], "postgres": []}
        score: dict[str, list[float]] = {"sqlite": [], "postgres": []}
        year: dict[str, list[float]] = {"sqlite": [], "postgres": []}
        for r in range(self.args.runs):
            say(f"verify and score run {r + 1}/{self.args.runs}")
            for kind, db in mains.items():
                verify[kind].append(self.cli(db, "verify")["wall"])
                score[kind].append(self.cli(db, "score", "--site", site, "--period", period)["wall"])
                result = run([PY, str(HERE / "lib.py"), "score-year", db, str(YEAR)])
                year[kind].append(json.loads(result["out"].strip().splitlines()[-1])["seconds"])
        f = self.f
        for kind in mains:
            f[f"verify_{kind}_s"] = med(verify[kind])
            f[f"score_cli_{kind}_s"] = med(score[kind])
            f[f"score_year_{kind}_s"] = med(year[kind])
        f["verify_pg_vs_sqlite"] = f["verify_sqlite_s"] / f["verify_postgres_s"]
        f["score_cli_pg_vs_sqlite"] = f["score_cli_sqlite_s"] / f["score_cli_postgres_s"]
        f["score_year_pg_vs_sqlite"] = f["score_year_sqlite_s"] / f["score_year_postgres_s"]
        self.raw.update({"verify": verify, "score_cli": score, "score_year": year})

    # -- 4. concurrent writers ----------------------------------------------------------------------------

    def writers(self, kind: str, writers: int, per: int, same_site: bool) -> float:
        """Events per second of `writers` processes appending `per` events each, one per transaction."""
        db = self.new(kind, f"writers_{kind}")
        self.cli(db, "init")
        from ledger.envelope import Draft
        from ledger.ledger import Ledger

        ledger = Ledger(db)
        sites = ["w0"] if same_site else [f"w{k}" for k in range(writers)]
        ledger.append_many(
            (
                i,
                Draft(
                    type="site_registered",
                    site=s,
                    occurred_at="2026-01-01",
                    actor="bench",
                    payload={"name": s},
                ),
            )
            for i, s in enumerate(sites)
        )
        ledger.close()
        go = self.out / "go"
        go.unlink(missing_ok=True)
        for ready in self.out.glob("ready-*"):
            ready.unlink()
        procs = [
            subprocess.Popen(
                [PY, "-c", WRITER, db, f"op{k}", sites[0 if same_site else k], str(per), str(go), str(ROOT)],
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
        check = Ledger(db).verify()
        if check.count != len(sites) + writers * per:
            raise SystemExit(
                f"ABORT: {kind} writers: {check.count} events, expected {len(sites) + writers * per}"
            )
        return writers * per / wall

    def bench_writers(self) -> None:
        w, per = self.args.writers, self.args.per_writer
        results: dict[str, list[float]] = {}
        for r in range(self.args.runs):
            for kind in ("sqlite", "postgres"):
                say(f"writers run {r + 1}/{self.args.runs}: {kind}")
                for label, writers, count, same in (("one", 1, w * per, True), ("sites", w, per, False),
                                                    ("same", w, per, True)):  # fmt: skip
                    results.setdefault(f"{label}_{kind}", []).append(self.writers(kind, writers, count, same))
        f = self.f
        f["writers"], f["per_writer"] = w, per
        for key, values in results.items():
            f[f"writers_{key}_eps"] = med(values)
        for label in ("one", "sites", "same"):
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
        self.f["migrate_sqlite_to_pg_eps"] = self.args.events / med(walls)
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
        mains = self.bench_import(file)
        self.same_scores(mains)
        self.bench_read(mains)
        self.bench_writers()
        self.bench_migrate(mains)
        self.f["machine"]["load_avg_end"] = os.getloadavg()[0]
        self.f["raw"] = self.raw
        self.f["command"] = " ".join(["python", "bench/backends.py", *sys.argv[1:]])
        return self.f


def report(f: dict[str, Any]) -> str:
    def row(name: str, key: str, unit: str, ratio: str, faster: str = "") -> str:
        s, p = f[key.format("sqlite")], f[key.format("postgres")]
        fmt = "{:,.0f}" if unit == "ev/s" else "{:.2f}"
        return (
            f"{name:<34} {fmt.format(s):>10} {unit:<5} {fmt.format(p):>10} {unit:<5} {f[ratio]:.2f}x {faster}"
        )

    lines = [
        f"SQLite vs PostgreSQL: {f['events']:,} events, {f['sites']} sites, median of {f['runs']} runs "
        f"(ratio: PostgreSQL speed / SQLite speed)",
        f"{'':<34} {'SQLite':>16} {'PostgreSQL':>16}",
        row("import (opsledger import)", "import_{}_eps", "ev/s", "import_pg_vs_sqlite"),
        f"{'  floor (stored rows, one tx)':<34} {f['import_floor_sqlite_eps']:>10,.0f} ev/s  "
        f"{f['import_floor_postgres_eps']:>10,.0f} ev/s  (import / floor: SQLite {f['import_sqlite_vs_floor']:.2f}x, "
        f"PostgreSQL {f['import_postgres_vs_floor']:.2f}x)",
        row("verify (opsledger verify)", "verify_{}_s", "s", "verify_pg_vs_sqlite"),
        row("score one site-quarter (CLI)", "score_cli_{}_s", "s", "score_cli_pg_vs_sqlite"),
        row("score every site-year (library)", "score_year_{}_s", "s", "score_year_pg_vs_sqlite"),
        row("1 writer, 1 event per tx", "writers_one_{}_eps", "ev/s", "writers_one_pg_vs_sqlite"),
        row(
            f"{f['writers']} writers, own sites", "writers_sites_{}_eps", "ev/s", "writers_sites_pg_vs_sqlite"
        ),
        row(f"{f['writers']} writers, same site", "writers_same_{}_eps", "ev/s", "writers_same_pg_vs_sqlite"),
        f"migrate SQLite -> PostgreSQL: {f['migrate_sqlite_to_pg_eps']:,.0f} ev/s",
    ]
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
    parser.add_argument("--workdir", default=str(HERE / "out" / "backends"), help="where files go")
    args = parser.parse_args()
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
