"""The floors the benchmark compares opsledger against: the least work that produces the same result.

    python bench/floors.py import DB FILE [--commit-every-batch] [--cache-kib N]  # same rows, same table, chain
    python bench/floors.py inserts DB FILE [--cache-kib N]        # the same, only the inserts timed (rows built first)
    python bench/floors.py pipeline DB FILE [--cache-kib N]       # the same rows built in a second process, piped
    python bench/floors.py verify DB [--no-decode]                 # read + json decode + sha256 chain check
    python bench/floors.py schema TEMPLATE_DB DB                     # copy opsledger's schema into an empty DB

Each prints one JSON line. No validation, no duplicate checks, no roles, no signatures: this is what a
hand-rolled script that trusted its input would do, on the same schema (table, indexes and triggers copied
from a fresh opsledger ledger), journal_mode=WAL, synchronous=FULL, executemany in batches of 1,000, each
site's hash chain kept as the store keeps it (site_seq, prev_hash per site).
"""

from __future__ import annotations

import hashlib
import json
import pickle
import sqlite3
import sys
from collections.abc import Iterator
from typing import Any

GENESIS = "0" * 64
BATCH = 1000
RECORDED = "2026-11-21T12:00:00.000000+08:00"
_DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_CANON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def copy_schema(template: str, path: str) -> None:
    src = sqlite3.connect(template)
    ddl = [
        sql for (sql,) in src.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid")
    ]
    src.close()
    conn = connect(path)
    for sql in ddl:
        conn.execute(sql)
    conn.close()


# The stored columns in the store's order (ledger/backends/sqlite.py COLUMNS) and the hashed form
# (ledger/envelope.py canonical_bytes): FORMAT, site, site_seq, id, type, version, occurred_at, covers,
# recorded_at, actor, idempotency_key, signer, signature, prev_hash, then payload and evidence JSON.
COLUMNS = (
    "seq, site, site_seq, id, type, version, occurred_at, occurred_on, covers, recorded_at, actor, "
    "idempotency_key, signer, signature, payload, evidence, prev_hash, hash"
)
FORMAT = "opsledger/2"


def floor_rows(file: str) -> Iterator[tuple[Any, ...]]:
    """The file's rows as the store keeps them: each site's own chain (the store's rule), no validation, no
    duplicate or role checks."""
    seq = 0
    heads: dict[str, tuple[int, str]] = {}
    sha256 = hashlib.sha256
    with open(file, encoding="utf-8") as handle:
        for line in handle:
            r = json.loads(line)
            seq += 1
            payload = _CANON(r["payload"])
            eid, etype, site, occ, actor = r["id"], r["type"], r["site"], r["occurred_at"], r["actor"]
            n, prev = heads.get(site, (0, GENESIS))
            n += 1
            head = _DUMPS(
                [FORMAT, site, n, eid, etype, 1, occ, None, RECORDED, actor, None, None, None, prev]
            )
            digest = sha256(f"{head[:-1]},{payload},[]]".encode()).hexdigest()
            heads[site] = (n, digest)
            yield (seq, site, n, eid, etype, 1, occ, occ[:10], None, RECORDED, actor, None, None, None, payload,
                   "[]", prev, digest)  # fmt: skip


INSERT = f"INSERT INTO events ({COLUMNS}) VALUES ({','.join('?' * 18)})"


def floor_import(path: str, file: str, commit_every_batch: bool = False, cache_kib: int = 0) -> int:
    """Read, chain and insert the file in one process, a batch at a time."""
    conn = connect(path)
    if cache_kib:  # the same page cache opsledger's import uses (ledger/backends/sqlite.py WRITE_CACHE_KIB)
        conn.execute(f"PRAGMA cache_size = -{cache_kib}")
    seq, batch = 0, []
    conn.execute("BEGIN")
    for row in floor_rows(file):
        seq += 1
        batch.append(row)
        if len(batch) == BATCH:
            conn.executemany(INSERT, batch)
            batch.clear()
            if commit_every_batch:
                conn.execute("COMMIT")
                conn.execute("BEGIN")
    if batch:
        conn.executemany(INSERT, batch)
    conn.execute("COMMIT")
    conn.close()
    return seq


def floor_inserts(path: str, file: str, cache_kib: int = 0) -> dict[str, float]:
    """SQLite's part alone: every row built first (not timed), then only the inserts and the commit, timed. What
    one writing process must spend an event whatever else is done elsewhere: the bound of any import into this
    table with this durability (there is one writer)."""
    import resource
    import time

    rows = list(floor_rows(file))
    conn = connect(path)
    if cache_kib:
        conn.execute(f"PRAGMA cache_size = -{cache_kib}")
    before, start = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    conn.execute("BEGIN")
    for i in range(0, len(rows), BATCH):
        conn.executemany(INSERT, rows[i : i + BATCH])
    conn.execute("COMMIT")
    wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF)
    conn.close()
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    n = len(rows)
    return {"events": n, "events_per_s": round(n / wall), "wall_us_per_event": round(1e6 * wall / n, 1),
            "cpu_us_per_event": round(1e6 * cpu / n, 1)}  # fmt: skip


def send_rows(file: str) -> None:
    """The reading half of `floor_pipeline`, run in its own process: the rows of `floor_rows`, pickled to standard
    output a batch at a time."""
    out = sys.stdout.buffer
    batch: list[tuple[Any, ...]] = []
    for row in floor_rows(file):
        batch.append(row)
        if len(batch) == BATCH:
            pickle.dump(batch, out, pickle.HIGHEST_PROTOCOL)
            batch = []
    pickle.dump(batch, out, pickle.HIGHEST_PROTOCOL)
    out.flush()


def floor_pipeline(path: str, file: str, cache_kib: int = 0) -> dict[str, float]:
    """The fastest two-process import of this file into this table: a second process reads, decodes, chains and
    hashes (no validation, no checks of any kind) and pipes ready rows; this process only unpickles and inserts.
    Whatever an import validates, it can go no faster than this on the same schema and durability; on two cores
    it is the ceiling of any import that splits its work across two processes (issue 15: what bounds it)."""
    import resource
    import subprocess
    import time

    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, __file__, "send-rows", file], stdout=subprocess.PIPE, bufsize=1 << 20
    )
    assert child.stdout is not None
    conn = connect(path)
    if cache_kib:
        conn.execute(f"PRAGMA cache_size = -{cache_kib}")
    stream = child.stdout
    n = 0
    conn.execute("BEGIN")
    while True:
        try:
            batch = pickle.load(stream)
        except EOFError:
            break
        conn.executemany(INSERT, batch)
        n += len(batch)
    conn.execute("COMMIT")
    conn.close()
    if child.wait():
        raise SystemExit("the reading process failed")
    wall = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"events": n, "events_per_s": round(n / wall), "wall_us_per_event": round(1e6 * wall / n, 1),
            "writer_cpu_us_per_event": round(1e6 * (own.ru_utime + own.ru_stime) / n, 1),
            "reader_cpu_us_per_event": round(1e6 * (kids.ru_utime + kids.ru_stime) / n, 1)}  # fmt: skip


def floor_verify(path: str, decode: bool = True) -> int:
    """Recompute every site's chain: the same canonical form, decoding each payload and evidence first."""
    conn = sqlite3.connect(path)
    cursor = conn.execute(
        "SELECT seq, site, site_seq, id, type, version, occurred_at, covers, recorded_at, actor, idempotency_key, "
        "signer, signature, payload, evidence, prev_hash, hash FROM events ORDER BY seq"
    )
    heads: dict[str, tuple[int, str]] = {}
    count, sha256, loads = 0, hashlib.sha256, json.loads
    while rows := cursor.fetchmany(BATCH):
        for (seq, site, n, eid, etype, ver, occ, covers, rec, actor, key, signer, signature, payload, evidence,
             prev_hash, digest) in rows:  # fmt: skip
            if decode:
                loads(payload)
                loads(evidence)
            last, prev = heads.get(site, (0, GENESIS))
            head = _DUMPS(
                [FORMAT, site, n, eid, etype, ver, occ, covers, rec, actor, key, signer, signature, prev]
            )
            if (
                n != last + 1
                or prev_hash != prev
                or sha256(f"{head[:-1]},{payload},{evidence}]".encode()).hexdigest() != digest
            ):
                raise SystemExit(f"chain broken at {seq}")
            heads[site] = (n, digest)
            count += 1
    return count


def main(argv: list[str]) -> None:
    mode = argv[0]
    if mode == "schema":
        copy_schema(argv[1], argv[2])
        n = 0
    elif mode == "import":
        cache = int(argv[argv.index("--cache-kib") + 1]) if "--cache-kib" in argv else 0
        n = floor_import(argv[1], argv[2], "--commit-every-batch" in argv, cache)
    elif mode == "inserts":
        cache = int(argv[argv.index("--cache-kib") + 1]) if "--cache-kib" in argv else 0
        print(json.dumps({"mode": mode, **floor_inserts(argv[1], argv[2], cache)}))
        return
    elif mode == "pipeline":
        cache = int(argv[argv.index("--cache-kib") + 1]) if "--cache-kib" in argv else 0
        print(json.dumps({"mode": mode, **floor_pipeline(argv[1], argv[2], cache)}))
        return
    elif mode == "send-rows":
        send_rows(argv[1])
        return
    elif mode == "verify":
        n = floor_verify(argv[1], "--no-decode" not in argv)
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    print(json.dumps({"mode": mode, "events": n}))


if __name__ == "__main__":
    main(sys.argv[1:])
