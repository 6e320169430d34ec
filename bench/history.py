"""A ledger whose extra size is all history: a base ledger, then N more events dated in its first half-year.

    python bench/history.py BASE.db OUT.db --events 950000 [--keys bench/out/keys]

bench/gen.py makes a bigger log by packing more events into the same months, so a ledger of a million events
has twenty times the events of one of 50,000 in every period, the one a refresh brings current included. What
"flat as the log grows" asks (issue 15) is the other way to grow: years of history behind the same present.
This copies BASE (a bench/gen.py ledger, e.g. the 50,000-event one), writes N events over 2025-07-01..2025-12-31
(the generator's own mix and sites, ids prefixed "h", no assessor's acts: the base already closed and judged
those quarters) and imports them with `opsledger import --confirm` (the generator's livestream viewers exceed a
hundred times some schemes' targets now and then). The periods after 2025 are then exactly the base's, so
bench/flat.py over BASE and OUT measures what the history alone adds to bringing every site current.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen  # noqa: E402

ASSESSOR_TYPES = ("period_closed", "assessor_judgement", "inspection_finding", "late_event_accepted",
                  "score_signed_off")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--events", type=int, default=950_000)
    parser.add_argument("--keys", type=Path, default=HERE / "out" / "keys")
    parser.add_argument("--seed", type=int, default=99)
    args = parser.parse_args()
    if args.out.resolve() == args.base.resolve():
        raise SystemExit("OUT must be another file than BASE")
    gen.use_keys(args.keys)
    file = args.out.with_suffix(".history.jsonl")
    written = 0
    with open(file, "w", encoding="utf-8") as handle:
        for rec in gen.records(args.events, 100, seed=args.seed, start=date(2025, 7, 1), end=date(2025, 12, 31),
                               id_prefix="h", with_setup=False):  # fmt: skip
            if rec["type"] in ASSESSOR_TYPES:
                continue
            handle.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
            written += 1
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.out}{suffix}").unlink(missing_ok=True)
    shutil.copy(args.base, args.out)
    subprocess.run([sys.executable, "-m", "cli", "--db", str(args.out), "import", str(file), "--confirm",
                    "--actor", "bench", "--buyer", gen.BUYER, "--keys-dir", str(args.keys)],
                   cwd=HERE.parent, check=True)  # fmt: skip
    file.unlink()
    print(json.dumps({"base": str(args.base), "out": str(args.out), "history_events": written}))


if __name__ == "__main__":
    main()
