"""What someone holding the SQLite file (but no key) can do to it, for the tamper and checkpoint tests: drop the
append-only triggers, edit any column, cut the log short, rewrite a tail and re-hash it so every chain check
still passes. Plain sqlite3 on purpose: this is the attacker's side, not the store's."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ledger.backends.sqlite import COLUMNS, TRIGGERS, row_event
from ledger.envelope import Event, canonical_json, event_hash

NAMES = [c.strip() for c in COLUMNS.split(",")]


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for name in TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    return conn


def restore_triggers(conn: sqlite3.Connection) -> None:
    """Put the guards back, so only the edit itself is left for verification to find."""
    for sql in TRIGGERS.values():
        conn.execute(sql)


def rows(path: Path) -> list[dict[str, Any]]:
    conn = sqlite3.connect(path)
    out = [
        dict(zip(NAMES, r, strict=True)) for r in conn.execute(f"SELECT {COLUMNS} FROM events ORDER BY seq")
    ]
    conn.close()
    return out


def set_column(path: Path, seq: int, column: str, value: Any) -> None:
    conn = connect(path)
    conn.execute(f"UPDATE events SET {column} = ? WHERE seq = ?", (value, seq))
    restore_triggers(conn)
    conn.close()


def truncate(path: Path, site: str, keep: int) -> None:
    """Remove a site's events after #keep (and nothing else)."""
    conn = connect(path)
    conn.execute("DELETE FROM events WHERE site = ? AND site_seq > ?", (site, keep))
    restore_triggers(conn)
    conn.close()


def rewrite_tail(path: Path, site: str, from_site_seq: int, change: Callable[[Event], Event]) -> None:
    """Change the site's event #from_site_seq with `change`, then re-hash it and every later event of the site so
    the chain is whole again: what `verify` alone cannot tell from the original."""
    conn = connect(path)
    chain = [row_event(r) for r in conn.execute(
        f"SELECT {COLUMNS} FROM events WHERE site = ? ORDER BY site_seq", (site,))]  # fmt: skip
    prev = chain[from_site_seq - 2].hash if from_site_seq > 1 else "0" * 64
    for e in chain[from_site_seq - 1 :]:
        new = change(e) if e.site_seq == from_site_seq else e
        new = new.replace(prev_hash=prev)
        new = new.replace(hash=event_hash(new.body()))
        conn.execute(
            "UPDATE events SET payload = ?, occurred_at = ?, occurred_on = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            (
                canonical_json(new.payload),
                new.occurred_at,
                new.occurred_at[:10],
                new.prev_hash,
                new.hash,
                e.seq,
            ),
        )
        prev = new.hash
    restore_triggers(conn)
    conn.close()


def edit_cache(path: Path, change: Callable[[dict[str, Any]], dict[str, Any]]) -> int:
    """Rewrite every projection entry's data in place (checkpoints untouched); returns how many. An entry's
    parts (rows keyed `KEY#...`, stable buckets) are not entries and are left as they are."""
    conn = sqlite3.connect(path, isolation_level=None)
    entries = conn.execute(
        "SELECT scheme, site, key, data FROM projection WHERE key NOT LIKE '%#%'"
    ).fetchall()
    for scheme, site, key, data in entries:
        conn.execute(
            "UPDATE projection SET data = ? WHERE scheme = ? AND site = ? AND key = ?",
            (json.dumps(change(json.loads(data)), ensure_ascii=False, sort_keys=True), scheme, site, key),
        )
    conn.close()
    return len(entries)


def times_ten(data: dict[str, Any]) -> dict[str, Any]:
    """Every numeric indicator value multiplied by 10 (what issue 12 found `score` would print)."""
    out = {}
    for name, (value, events, detail) in data.items():
        if value is not None:
            value = str(float(value) * 10) if "." in value else str(int(value) * 10)
        out[name] = [value, events, detail]
    return out


def other_value(column: str, row: dict[str, Any], rows: list[dict[str, Any]]) -> Any:
    """A different value of the same kind for one column of one row."""
    last = max(r["seq"] for r in rows)
    if column == "seq":
        return last + 7
    if column == "site_seq":
        return row[column] + 1000  # a free number: UNIQUE (site, site_seq) refuses a taken one by itself
    if column == "version":
        return row[column] + 1
    if column == "site":
        return "forged"
    if column in ("prev_hash", "hash"):
        return ("f" if row[column][0] != "f" else "e") + row[column][1:]
    if column == "signature":
        return "ab" * 64 if row[column] != "ab" * 64 else "cd" * 64
    if column == "signer":
        return "ab" * 32 if row[column] != "ab" * 32 else "cd" * 32
    if column == "payload":
        payload = json.loads(row["payload"])
        payload["reason" if "reason" in payload else next(iter(payload))] = "篡改"
        return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if column == "evidence":
        return json.dumps([{"file_name": "x.jpg", "sha256": "cd" * 32}]) if row[column] == "[]" else "[]"
    if column == "covers":
        return "2026-Q4" if row[column] != "2026-Q4" else None
    if column == "occurred_at":
        return "2026-12-31" if row[column] != "2026-12-31" else "2026-12-30"
    if column == "occurred_on":
        return "2099-12-31"
    if column == "recorded_at":
        return row[column].replace("2026-", "2025-", 1)
    if column == "type":
        return "gig_worker_registered" if row[column] != "gig_worker_registered" else "gig_job_posted"
    if column == "idempotency_key":
        return "forged-key" if row[column] != "forged-key" else None
    return f"{row[column]}-x"  # id, actor
