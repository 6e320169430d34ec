"""The reliability and security sweep of issue 12, as one script: every experiment with its trials and failures.

    python bench/reliability.py             # the counts in bench/RELIABILITY.md (about half an hour on 2 cores)
    python bench/reliability.py --quick     # a few trials of each (a few minutes)
    python bench/reliability.py --only crash-import,fuzz

It writes bench/RELIABILITY.md (the table, the machine, the command) and bench/out/reliability.json; its work
files live in bench/out/reliability/ (ignored by git). Real processes on real files throughout: `kill -9` of
`opsledger` children, concurrent writer processes, a tmpfs that fills up (root only: `mount -t tmpfs`), a
read-only bind mount, damaged pages, a foreign SQLite file. The fuzz runs tests/test_fuzz_cli.py (hypothesis,
random seeds, OPSLEDGER_FUZZ_EXAMPLES inputs per command) through `cli.main` in one process and counts every input.

A failure is what the issue counts as one: a traceback or internal error, more than one line on stderr, a bad
input accepted, a ledger changed by a failed command, an event lost or torn by a kill, a tampering not detected,
a forgery accepted, 'database is locked'.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import rel_crash as crash  # noqa: E402
import rel_trust as trust  # noqa: E402
from rel_common import ROOT, Result, Work  # noqa: E402


def fuzz(work: Work, examples: int) -> Result:
    """tests/test_fuzz_cli.py with random seeds: every command's inputs, each logged and counted."""
    result = Result()
    log = work.dir / "fuzz.jsonl"
    log.unlink(missing_ok=True)
    env = {**os.environ, "OPSLEDGER_FUZZ_LOG": str(log), "OPSLEDGER_FUZZ_RANDOM": "1",
           "OPSLEDGER_FUZZ_EXAMPLES": str(examples)}  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_fuzz_cli.py"],
                          cwd=ROOT, env=env, capture_output=True, text=True)  # fmt: skip
    commands: dict[str, int] = {}
    refused = 0
    for line in log.read_text(encoding="utf-8").splitlines() if log.exists() else []:
        entry = json.loads(line)
        commands[entry["command"]] = commands.get(entry["command"], 0) + 1
        err = entry["err"]
        bad = ("Traceback (most recent" in err or "internal error" in err or err.count("\n") > 1 or entry["changed"]
               or entry["code"] not in (0, 1, 2) or (entry["must_fail"] and entry["code"] == 0))  # fmt: skip
        refused += entry["code"] != 0
        result.add(not bad, f"{entry['command']}: exit {entry['code']} {err.strip()}")
    if done.returncode != 0:
        result.failures += 1
        result.notes.append(
            "pytest: " + done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
        )
    result.notes.insert(0, f"{refused} refused in one line, {result.trials - refused} accepted; per command: "
                           + ", ".join(f"{k} {v}" for k, v in sorted(commands.items())))  # fmt: skip
    return result


def experiments(quick: bool) -> dict[str, tuple[str, Callable[[Work], Result]]]:
    n = (lambda full, small: small) if quick else (lambda full, small: full)  # noqa: E731
    return {
        "crash-import": (
            "kill -9 during `opsledger import` (10,000 events, one transaction); a third aimed at the commit",
            lambda w: crash.crash_import(w, n(95, 6)),
        ),
        "crash-replay": (
            "kill -9 during `opsledger replay`",
            lambda w: crash.crash_fold(w, "replay", n(35, 3)),
        ),
        "crash-score": ("kill -9 during `opsledger score`", lambda w: crash.crash_fold(w, "score", n(34, 3))),
        "writers": (
            "concurrent writer processes on one site (one trial = one writer's events)",
            lambda w: crash.concurrent_writers(w, n(8, 3), n(1500, 100)),
        ),
        "busy": (
            "`score` while another process commits transactions one after another (each moving the scored head)",
            lambda w: crash.score_while_writing(w, n(160, 8)),
        ),
        "disk-full": ("import onto a tmpfs that fills up", lambda w: crash.disk_full(w, n(12, 3))),
        "read-only": ("reading commands on a read-only ledger", crash.read_only),
        "foreign": ("foreign and non-SQLite files under init/events/verify/score/log", crash.foreign_files),
        "pages": ("random bytes written into a random page", lambda w: crash.corrupt_pages(w, n(60, 6))),
        "tamper": (
            "one column of one row changed (triggers dropped), every column of every row",
            trust.tamper_columns,
        ),
        "checkpoints": (
            "log cut short / tail rewritten and re-hashed after a checkpoint; altered or forged "
            "checkpoints; --trust-key on an unsigned head",
            trust.checkpoints,
        ),
        "cache": (
            "projection cache edited in place (x10; checkpoint pushed past the head; other hash)",
            trust.cache,
        ),
        "impersonation": (
            "operator typing the assessor's or buyer's name, every path; acts inserted by SQL with a "
            "valid hash",
            trust.impersonation,
        ),
        "bundles": (
            "each bundle file altered by one byte; a bundle cut before the sign-off with --trust-key",
            trust.bundles,
        ),
        "openssl": (
            "sign-off and checkpoint signatures checked with `openssl pkeyutl -verify`",
            trust.openssl,
        ),
        "poison": ("issue 12's crashing and poisonous inputs, then every reading command", trust.poison),
        "fuzz": (
            "hypothesis fuzz of every command's inputs (types, fields, dates, numbers, unicode, CSV/JSONL/xlsx, "
            "bundle and checkpoint shapes)",
            lambda w: fuzz(w, n(100, 15)),
        ),
    }


def machine() -> str:
    cpu = "unknown"
    try:
        cpu = next(x.split(":", 1)[1].strip() for x in Path("/proc/cpuinfo").read_text().splitlines()
                   if x.startswith("model name"))  # fmt: skip
    except (OSError, StopIteration):
        pass
    return (f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
            f"{platform.platform()}, load average {os.getloadavg()[0]:.1f} at the start")  # fmt: skip


def report(rows: list[tuple[str, str, Result]], command: str, header: str, took: float) -> str:
    lines = [
        "# Reliability and security sweep (issue 12)",
        "",
        "Produced by one script; the counts below are from the command shown, on the machine shown. A failure is what",
        "issue 12 counts as one: a traceback or internal error, more than one line on stderr, bad input accepted, a",
        "ledger changed by a failed command, an event lost or torn by a kill, tampering not detected, a forgery",
        "accepted, 'database is locked'.",
        "",
        "```",
        command,
        "```",
        "",
        header,
        "",
        "| experiment | what | trials | failures | seen |",
        "|---|---|---:|---:|---|",
    ]
    for key, what, r in rows:
        seen = "; ".join(n.replace("|", "\\|").replace("\n", " ") for n in r.notes[:3]) or ""
        lines.append(f"| {key} | {what} | {r.trials} | {r.failures} | {seen} |")
    total_t, total_f = sum(r.trials for _, _, r in rows), sum(r.failures for _, _, r in rows)
    lines += ["", f"Total: {total_t} trials, {total_f} failures, in {took / 60:.0f} minutes.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a few trials of each experiment")
    parser.add_argument("--only", default="", help="comma-separated experiment names")
    parser.add_argument("--out", default=str(HERE / "RELIABILITY.md"), help="where to write the table")
    args = parser.parse_args()
    chosen = experiments(args.quick)
    names = [n for n in args.only.split(",") if n] or list(chosen)
    unknown = sorted(set(names) - set(chosen))
    if unknown:
        raise SystemExit(f"unknown experiment(s) {', '.join(unknown)}: choose from {', '.join(chosen)}")
    work = Work(HERE / "out" / "reliability")
    header = f"Machine: {machine()}."
    started = time.monotonic()
    rows = []
    for name in names:
        what, experiment = chosen[name]
        t0 = time.monotonic()
        print(f"{name}: {what} ...", file=sys.stderr, flush=True)
        result = experiment(work)
        result.seconds = time.monotonic() - t0
        print(f"  {result.trials} trials, {result.failures} failures ({result.seconds:.0f} s) "
              f"{'; '.join(result.notes[:3])}", file=sys.stderr, flush=True)  # fmt: skip
        rows.append((name, what, result))
    command = "python bench/reliability.py" + (" --quick" if args.quick else "") + (
        f" --only {args.only}" if args.only else "")  # fmt: skip
    text = report(rows, command, header, time.monotonic() - started)
    Path(args.out).write_text(text, encoding="utf-8")
    (HERE / "out" / "reliability.json").write_text(json.dumps(
        {n: {"trials": r.trials, "failures": r.failures, "notes": r.notes, "seconds": r.seconds} for n, _, r in rows},
        ensure_ascii=False, indent=2), encoding="utf-8")  # fmt: skip
    print(text)
    if any(r.failures for _, _, r in rows):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
