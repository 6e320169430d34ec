"""The peer: the same JSONL rows appended through the `eventsourcing` library's SQLite application.

    python bench/peer.py DB FILE

Needs `pip install eventsourcing` in the interpreter that runs it (the benchmark only: it is not an opsledger
dependency). bench/run.py runs this with --peer-python (default: its own interpreter) and skips the peer
figure with a note if the library is missing. One aggregate per site; each batch of 1,000 rows is recorded on
the sites' aggregates and saved with one `Application.save(...)` call (one transaction), journal_mode=WAL,
synchronous=FULL (the library's defaults on this SQLite build; printed for the record).
"""

from __future__ import annotations

import json
import os
import sys

BATCH = 1000


def main(db: str, file: str) -> None:
    os.environ["PERSISTENCE_MODULE"] = "eventsourcing.sqlite"
    os.environ["SQLITE_DBNAME"] = db
    from eventsourcing.application import Application
    from eventsourcing.domain import Aggregate, event

    class SiteLog(Aggregate):
        @event("Registered")
        def __init__(self, site: str) -> None:
            self.site = site

        @event("Recorded")
        def record(self, event_id: str, kind: str, occurred_at: str, actor: str, payload: dict) -> None:
            pass  # the log is the point: no state kept in memory

    class Ledger(Application):
        pass

    app = Ledger()
    logs: dict[str, SiteLog] = {}
    touched: dict[str, SiteLog] = {}
    n = 0
    with open(file, encoding="utf-8") as handle:
        for line in handle:
            r = json.loads(line)
            site = r["site"]
            agg = logs.get(site)
            if agg is None:
                agg = logs[site] = SiteLog(site)
            agg.record(r["id"], r["type"], r["occurred_at"], r["actor"], r["payload"])
            touched[site] = agg
            n += 1
            if n % BATCH == 0:
                app.save(*touched.values())
                touched.clear()
    if touched:
        app.save(*touched.values())
    import sqlite3

    sync = sqlite3.connect(db).execute("PRAGMA synchronous").fetchone()[0]
    mode = sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0]
    print(json.dumps({"mode": "peer", "events": n, "synchronous": sync, "journal_mode": mode}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
