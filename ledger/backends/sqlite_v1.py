"""Reading a schema-1 SQLite file (wave one: one global hash chain), for `opsledger migrate` only.

Nothing here writes events: the file is opened read-only while it is verified and copied, and only the swap at
the end of an in-place upgrade touches it (`settle`, which folds its write-ahead log into the file so the file
can be renamed whole). Every sqlite3 error becomes a LedgerError here, as in the schema-2 backend.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ledger.errors import LedgerError
from ledger.legacy import V1Row
from ledger.messages import msg

# The schema-1 columns, in the order of ledger.legacy.V1Row (the order the old code hashed them in, with
# occurred_on, which it derived and did not hash, left out).
_COLUMNS = (
    "seq, id, type, version, site, occurred_at, recorded_at, actor, payload, evidence, idempotency_key, "
    "prev_hash, hash"
)


@contextmanager
def _translate(path: Path) -> Iterator[None]:
    try:
        yield
    except sqlite3.OperationalError as err:
        text = str(err)
        if "locked" in text or "busy" in text:
            raise LedgerError(msg("db.busy_v1", path=path)) from None
        raise LedgerError(msg("db.error", path=path, detail=text)) from None
    except sqlite3.DatabaseError as err:
        raise LedgerError(msg("db.not_opsledger_db", path=path, detail=str(err))) from None


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    return conn.execute(sql, (name,)).fetchone() is not None


class SchemaOneFile:
    """A wave-one ledger file, read-only: its schema version, its rows in seq order."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise LedgerError(msg("upgrade.no_ledger", path=self.path))
        with _translate(self.path):
            # Read-only. With no write-ahead log beside it, the file is read as it is (immutable: no -wal/-shm
            # files are created next to a ledger that is only being read); a log left there must be read too.
            wal = Path(f"{self.path}-wal")
            mode = "mode=ro" if wal.exists() and wal.stat().st_size else "mode=ro&immutable=1"
            self._conn = sqlite3.connect(
                f"file:{self.path.resolve()}?{mode}", uri=True, isolation_level=None, timeout=60
            )

    def close(self) -> None:
        self._conn.close()

    def schema_version(self) -> int | None:
        """1 or 2 for an opsledger file; None for any other SQLite file."""
        with _translate(self.path):
            if not _has_table(self._conn, "events") or not _has_table(self._conn, "meta"):
                return None
            row = self._conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        try:
            return int(row[0]) if row else None
        except ValueError:
            return None

    def rows(self, upto_seq: int | None = None) -> Iterator[V1Row]:
        """Every event row in seq order, as stored (payload and evidence as their stored JSON text)."""
        sql = f"SELECT {_COLUMNS} FROM events" + (" WHERE seq <= ?" if upto_seq is not None else "")
        with _translate(self.path):
            cursor = self._conn.execute(sql + " ORDER BY seq", () if upto_seq is None else (upto_seq,))
            while batch := cursor.fetchmany(1000):
                for row in batch:
                    yield V1Row(*row)

    def head(self) -> tuple[int, str]:
        """The last seq and its stored hash ((0, '') when empty): to see that nothing moved since it was read."""
        with _translate(self.path):
            row = self._conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
        return (row[0], row[1]) if row else (0, "")


def settle(path: str | Path) -> None:
    """Fold the file's write-ahead log into it and leave rollback-journal mode, so that the file alone holds the
    ledger and can be renamed: a `-wal` left behind would otherwise be replayed into whatever file takes its name."""
    path = Path(path)
    if not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists():
        return  # nothing beside it: the file is the whole ledger, kept byte for byte
    with _translate(path):
        conn = sqlite3.connect(path, isolation_level=None, timeout=60)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode = DELETE")
        finally:
            conn.close()
