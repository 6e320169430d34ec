"""Start-up of the commands run many times a day: `opsledger log` and `opsledger score`, whole process (issue 15).

    python bench/run.py --events 200000 --only score     # once: builds bench/out/main.db (or pass --db)
    python bench/startup.py [--db bench/out/main.db] [--runs 9] [--before REV] [--pg-url URL]

Figures (medians of --runs, wall and CPU from the child's own rusage), every command interleaved run by run so
a shared machine's load falls on all of them alike:
  * floor      `python -c "import sqlite3; ...one INSERT..."` (synchronous=FULL), as bench/run.py's log floor;
  * python     `python -c pass`;
  * log        `opsledger log gig_job_posted ...` (one event, the ledger's own checks, one commit);
  * score      `opsledger score --site chifeng-001 --period 2026-Q3` (the stored projection is current);
               each run as the console script pip writes runs it (`import re, sys; from ENTRY import main;
               sys.exit(main())`, ENTRY from the tree's pyproject.toml), from the tree's directory;
  * score-pg   with --pg-url, the same `score` on a PostgreSQL ledger holding the same sites (for instance
               `opsledger migrate --from DB --to URL`): a city's deployment;
  * imports-log / imports-score   `python -c "import ..."` of what each command cannot do without, in this tree
               only: the interpreter, the entry point (a plain `log` is read without click) and the write path
               (the use-case, the SQLite store, the compiled catalog's payload check, the plausibility gate) for
               `log`; for `score`, the modules it imports (the entry point, service and printout) with the
               scheme models as the plain classes a `score` gets when its scheme is kept checked
               (projections/modelbase.py). What bounds each command from below.
  * card-floor `python -c` importing click and pydantic, defining one strict frozen model, validating one value
               and making the floor's INSERT: no opsledger code at all. The least a command can cost while it is
               a click command validating with pydantic models, as the design card has them; printed beside the
               two targets (3x the floor for `log`, 150 ms for `score`), so a run says whether either target is
               reachable at all with those libraries on the machine it ran on. (Neither command is that any more:
               a plain `log` and a `score` to the terminal are read without click, and neither imports pydantic
               when its scheme's bounds or checked copy is kept.)
  * click-floor the same without pydantic: click imported, then the floor's INSERT. What a command parsed by
               click but validating without pydantic (validators compiled from the catalog ahead of time) could
               come down to.
With --before REV the same two commands from that git revision (exported with `git archive` into a temporary
directory, run against a copy of the same ledger), so a change is measured before and after in one run.
Children run with bytecode caches (PYTHONDONTWRITEBYTECODE removed), as an installed opsledger does; the first
round of each is a warm-up that writes them and is not counted. Targets (issue 15): log <= 3x the floor, score
<= 150 ms.

Run it with the python of an environment where opsledger is installed as a user installs it (`pip install .`),
not in editable mode: an editable install's finder is imported by `site` in every process this python starts,
the floor's too, about 10 ms (pathlib, importlib.util, urllib.parse) that a user's floor does not pay and that
makes every ratio to the floor look better than it is. The figures say which it was ("editable_install"), and
the script warns. Its commands run from the tree's directory, so the tree's code is what runs either way:

    python -m venv USER && USER/bin/pip install . && USER/bin/python bench/startup.py ...   # USER: a new venv
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

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "startup"
PY = sys.executable
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
FLOOR = (
    "import sqlite3; c = sqlite3.connect(DB, isolation_level=None); c.execute('PRAGMA synchronous = FULL'); "
    "c.execute('CREATE TABLE IF NOT EXISTS t (a)'); c.execute('INSERT INTO t VALUES (1)')"
)
CLICK_FLOOR = "import click\n" + FLOOR
CARD_FLOOR = (
    "import click, pydantic\n"
    "class E(pydantic.BaseModel, strict=True, frozen=True, extra='forbid'):\n"
    "    a: int\n"
    "E.model_validate({'a': 1})\n" + FLOOR
)


def editable_install() -> bool:
    """Whether this python's site-packages hold an editable install's hook (a `__editable__*.pth` file)."""
    import site

    return any(any(Path(d).glob("__editable__*.pth")) for d in site.getsitepackages() if Path(d).is_dir())


def entry(tree: Path) -> str:
    """The console script's code for a tree: what pip writes for its `opsledger` entry point."""
    import tomllib

    target = tomllib.loads((tree / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"][
        "opsledger"
    ]
    module, function = target.split(":")
    return f"import re, sys\nfrom {module} import {function}\nsys.exit({function}())"


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one child (CPU from its own rusage: user + system)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err.decode(errors='replace')[-1500:]}")
    return wall, usage.ru_utime + usage.ru_stime


def copy_db(db: Path, name: str) -> Path:
    target = OUT / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copy(db, target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=ROOT / "bench" / "out" / "main.db")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument(
        "--before", default=None, metavar="REV", help="also time this git revision's commands"
    )
    parser.add_argument("--log-site", default="wujiang-024", help="a registered site of the ledger")
    parser.add_argument("--score-site", default="chifeng-001")
    parser.add_argument("--period", default="2026-Q3")
    parser.add_argument(
        "--pg-url", default=None, metavar="URL", help="also time `score` on this PostgreSQL ledger"
    )
    args = parser.parse_args()
    editable = editable_install()
    if editable:
        print(f"warning: {PY} has an editable install: its floor pays the editable finder's imports and every "
              "ratio to it looks better than a user's; see this script's docstring", file=sys.stderr)  # fmt: skip
    if not args.db.exists():
        raise SystemExit(f"{args.db} does not exist: run bench/run.py first or pass --db")
    OUT.mkdir(parents=True, exist_ok=True)
    floor_db = OUT / "floor.db"
    floor_db.unlink(missing_ok=True)
    trees = {"now": ROOT}
    tmp = None
    if args.before:
        tmp = tempfile.mkdtemp(prefix="opsledger-before-")
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.before], check=True, capture_output=True
        )
        subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True)
        trees[args.before] = Path(tmp)
    try:
        commands: dict[str, tuple[list[str], Path]] = {
            "floor": ([PY, "-c", FLOOR.replace("DB", repr(str(floor_db)), 1)], ROOT),
            "python": ([PY, "-c", "pass"], ROOT),
            "card-floor": ([PY, "-c", CARD_FLOOR.replace("DB", repr(str(OUT / "card-floor.db")), 1)], ROOT),
            "click-floor": (
                [PY, "-c", CLICK_FLOOR.replace("DB", repr(str(OUT / "click-floor.db")), 1)],
                ROOT,
            ),
        }
        for label, tree in trees.items():
            db = copy_db(args.db, f"{label.replace('/', '_')}.db")
            commands[f"log@{label}"] = ([PY, "-c", entry(tree), "--db", str(db), "log", "gig_job_posted",
                                         "employer=沙县小吃集团", "positions=2", "--site", args.log_site,
                                         "--on", "2026-11-20", "--actor", "op-bench"], tree)  # fmt: skip
            commands[f"score@{label}"] = ([PY, "-c", entry(tree), "--db", str(db), "score", "--site", args.score_site,
                                           "--period", args.period], tree)  # fmt: skip
            if args.pg_url:
                commands[f"score-pg@{label}"] = ([PY, "-c", entry(tree), "--db", args.pg_url, "score", "--site",
                                                  args.score_site, "--period", args.period], tree)  # fmt: skip
        commands["imports-log"] = ([PY, "-c", "import re, commands.entry, schemes.actions, ledger.backends.sqlite, "
                                    "ledger.payloads, ledger.importer, schemes.plausibility"], ROOT)  # fmt: skip
        commands["imports-score"] = ([PY, "-c", "from projections import modelbase; modelbase.use_plain(); "
                                      "import commands.entry, schemes.service, schemes.reports.text"], ROOT)  # fmt: skip
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for round_ in range(args.runs + 1):
            for name, (cmd, cwd) in commands.items():
                result = timed(cmd, cwd)
                if round_:  # round 0 writes bytecode caches and folds the score's entry: not counted
                    times[name].append(result)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    figures: dict[str, object] = {"runs": args.runs, "load_avg": round(os.getloadavg()[0], 2), "python": PY,
                                  "editable_install": editable}  # fmt: skip
    for name, values in times.items():
        figures[name] = {"wall_ms": round(1000 * statistics.median(w for w, _ in values), 1),
                         "cpu_ms": round(1000 * statistics.median(c for _, c in values), 1)}  # fmt: skip
    floor = figures["floor"]
    for label in trees:
        log = figures[f"log@{label}"]
        figures[f"log@{label}"] = {**log, "x_floor_wall": round(log["wall_ms"] / floor["wall_ms"], 2),  # type: ignore[index]
                                   "x_floor_cpu": round(log["cpu_ms"] / floor["cpu_ms"], 2)}  # type: ignore[index]  # fmt: skip
    bound = figures["imports-log"]
    figures["imports-log"] = {**bound, "x_floor_wall": round(bound["wall_ms"] / floor["wall_ms"], 2),  # type: ignore[index]
                              "x_floor_cpu": round(bound["cpu_ms"] / floor["cpu_ms"], 2)}  # type: ignore[index]  # fmt: skip
    card = figures["card-floor"]
    figures["card-floor"] = {**card, "x_floor_wall": round(card["wall_ms"] / floor["wall_ms"], 2),  # type: ignore[index]
                             "x_floor_cpu": round(card["cpu_ms"] / floor["cpu_ms"], 2),  # type: ignore[index]
                             "log_target_wall_ms": round(3 * floor["wall_ms"], 1),  # type: ignore[index]
                             "score_target_ms": 150}  # fmt: skip
    click_only = figures["click-floor"]
    figures["click-floor"] = {**click_only, "x_floor_wall": round(click_only["wall_ms"] / floor["wall_ms"], 2),  # type: ignore[index]
                              "x_floor_cpu": round(click_only["cpu_ms"] / floor["cpu_ms"], 2)}  # type: ignore[index]  # fmt: skip
    print(json.dumps(figures, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
