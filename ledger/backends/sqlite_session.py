"""A SQLite write session: the file's one write lock (BEGIN IMMEDIATE) already held, heads read once, rows
appended with executemany."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence

from ledger.backends.rows import COLUMNS, event_row, row_event
from ledger.backends.sqlite_errors import translate
from ledger.envelope import Event
from ledger.store import Found, Head, check_continues, check_copied

INSERT = f"INSERT INTO events ({COLUMNS}) VALUES ({','.join('?' * 18)})"


def head_of(conn: sqlite3.Connection, site: str, path: str) -> Head:
    with translate(path):
        row = conn.execute(
            "SELECT site_seq, hash, recorded_at, seq FROM events WHERE site = ? ORDER BY site_seq DESC LIMIT 1",
            (site,),
        ).fetchone()
    return Head(*row) if row else Head()


def get_by_id(conn: sqlite3.Connection, event_id: str, site: str | None, path: str) -> Event | None:
    sql = (
        f"SELECT {COLUMNS} FROM events WHERE id = ?"
        + (" AND site = ?" if site else "")
        + " ORDER BY seq LIMIT 1"
    )
    with translate(path):
        row = conn.execute(sql, (event_id, site) if site else (event_id,)).fetchone()
    return row_event(row) if row else None


class Session:
    """A write transaction on the SQLite file (already holding the one write lock)."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self._conn = conn
        self._path = path
        self._heads: dict[str, Head] = {}

    def lock(self, sites: Iterable[str]) -> None:
        return None  # BEGIN IMMEDIATE holds the whole file

    def head(self, site: str) -> Head:
        if site not in self._heads:
            self._heads[site] = head_of(self._conn, site, self._path)
        return self._heads[site]

    def find(
        self, site: str, ids: Iterable[str], keys: Iterable[str]
    ) -> tuple[dict[str, Event], dict[str, Event]]:
        return self._lookup(site, "id", list(ids)), self._lookup(site, "idempotency_key", list(keys))

    def find_many(self, wanted: Mapping[str, tuple[Sequence[str], Sequence[str]]]) -> tuple[Found, Found]:
        """Ids of every site in one query (on the `id` index), not one per site: an import's chunk of a thousand
        events over a hundred sites asked a hundred times (issue 15). A stored event with a wanted id at another
        site is not the one wanted (ids are unique per site) and is left out. Keys stay per site: their only
        index is (site, idempotency_key)."""
        sites_of: dict[str, set[str]] = {}
        for site, (ids, _) in wanted.items():
            for event_id in ids:
                sites_of.setdefault(event_id, set()).add(site)
        by_id: Found = {}
        values = list(sites_of)
        for i in range(0, len(values), 500):
            part = values[i : i + 500]
            sql = f"SELECT {COLUMNS} FROM events WHERE id IN ({','.join('?' * len(part))})"
            for row in self._conn.execute(sql, part):
                event = row_event(row)
                if event.site in sites_of[event.id]:
                    by_id[(event.site, event.id)] = event
        by_key: Found = {}
        for site, (_, keys) in wanted.items():
            if keys:
                by_key.update(
                    {(site, k): e for k, e in self._lookup(site, "idempotency_key", list(keys)).items()}
                )
        return by_id, by_key

    def _lookup(self, site: str, column: str, values: list[str]) -> dict[str, Event]:
        out: dict[str, Event] = {}
        for i in range(0, len(values), 500):
            part = values[i : i + 500]
            sql = f"SELECT {COLUMNS} FROM events WHERE site = ? AND {column} IN ({','.join('?' * len(part))})"
            for row in self._conn.execute(sql, [site, *part]):
                event = row_event(row)
                out[event.id if column == "id" else event.idempotency_key or ""] = event
        return out

    def get_by_id(self, event_id: str, site: str | None = None) -> Event | None:
        return get_by_id(self._conn, event_id, site, self._path)

    def insert(self, rows: Sequence[Event]) -> list[int]:
        if not rows:
            return []
        for row in rows:
            head = self.head(row.site)
            check_continues(row, head)
            self._heads[row.site] = Head(row.site_seq, row.hash, row.recorded_at)
        first = (self._conn.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]) + 1
        self._conn.executemany(INSERT, [(first + i, *event_row(r)[1:]) for i, r in enumerate(rows)])
        seqs = list(range(first, first + len(rows)))
        # Each site's last seq, in one pass over the rows (not one pass per site).
        last = {r.site: s for s, r in zip(seqs, rows, strict=True)}
        for site, seq in last.items():
            h = self._heads[site]
            self._heads[site] = Head(h.site_seq, h.hash, h.recorded_at, seq)
        return seqs

    def copy(self, rows: Sequence[Event]) -> None:
        if not rows:
            return
        last = self._conn.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0]
        skipped = 0
        for row in rows:
            check_copied(row, self.head(row.site), last)
            skipped += row.seq - last - 1
            last = row.seq
            self._heads[row.site] = Head(row.site_seq, row.hash, row.recorded_at, row.seq)
        with translate(self._path):
            self._conn.executemany(INSERT, [(r.seq, *event_row(r)[1:]) for r in rows])
            if skipped:
                self._conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('seq_skipped', ?) ON CONFLICT (key) DO UPDATE "
                    "SET value = CAST(value AS INTEGER) + excluded.value",
                    (skipped,),
                )
