"""sqlite3's exceptions as one-line LedgerErrors saying what to fix: the one place this happens for SQLite."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from ledger.errors import LedgerError
from ledger.messages import Message, msg
from ledger.store import HeadConflict


@contextmanager
def translate(path: str) -> Iterator[None]:
    """sqlite3 errors become one-line LedgerErrors (the one place this happens for SQLite). SQLite's own words
    stay a value inside the sentence: they are what a database administrator searches for."""
    try:
        yield
    except sqlite3.IntegrityError as err:
        text = str(err)
        if "site_seq" in text or "prev_hash" in text:
            raise HeadConflict(msg("db.conflict", path=path, detail=text)) from None
        raise LedgerError(msg("db.refused", path=path, detail=text)) from None
    except sqlite3.OperationalError as err:
        text = str(err)
        if "Could not decode" in text or "malformed" in text:
            raise LedgerError(damaged(path, text)) from None
        if "locked" in text or "busy" in text:
            raise LedgerError(msg("db.busy", path=path)) from None
        if "readonly" in text or "read-only" in text:
            raise LedgerError(msg("db.read_only_open", path=path)) from None
        if "disk" in text and "full" in text or "SQLITE_FULL" in text:
            raise LedgerError(msg("db.disk_full", path=path)) from None
        # The triggers' RAISE: a retraction for a delete, a correction for an update.
        if "append-only" in text:
            raise LedgerError(
                msg("db.no_delete" if "retraction" in text else "db.no_update", path=path)
            ) from None
        raise LedgerError(msg("db.error", path=path, detail=text)) from None
    except sqlite3.DatabaseError as err:
        text = str(err)
        if "full" in text:
            raise LedgerError(msg("db.disk_full", path=path)) from None
        if "malformed" in text or "corrupt" in text:
            raise LedgerError(damaged(path, text)) from None
        raise LedgerError(msg("db.not_opsledger_db", path=path, detail=text)) from None
    except OSError as err:
        if err.errno == errno.ENOSPC:
            raise LedgerError(msg("db.disk_full", path=path)) from None
        raise


def damaged(path: str, text: str) -> Message:
    first = text.split(" with text ", 1)[0]  # sqlite3 quotes the undecodable bytes: they say nothing more
    return msg("db.damaged", path=path, detail=first)
