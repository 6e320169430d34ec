"""psycopg's exceptions as one-line LedgerErrors saying what to fix: the one place this happens for PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from ledger.backends import pg_schema as S
from ledger.errors import LedgerError
from ledger.store import HeadConflict

RETRY = {
    "40001",
    "40P01",
    "55P03",
    "57014",
}  # serialization failure, deadlock, lock timeout, statement timeout


def redact(url: str) -> str:
    """The URL without its password (errors and `ledger.url` are printed)."""
    return re.sub(r"(://[^:/@?]*):[^@/?]*@", r"\1:***@", url)


def first_line(err: BaseException) -> str:
    text = str(err).strip()
    return (text.splitlines() or [type(err).__name__])[0].strip()[:300]


@contextmanager
def translate(where: str) -> Iterator[None]:
    """psycopg errors raised inside become LedgerErrors naming `where` (the redacted URL)."""
    try:
        yield
    except psycopg.Error as err:
        raise as_ledger_error(err, where) from None


def as_ledger_error(err: psycopg.Error, where: str) -> LedgerError:
    state = getattr(err, "sqlstate", None) or ""
    diag = getattr(err, "diag", None)
    message = (diag.message_primary if diag is not None and diag.message_primary else None) or first_line(err)
    if state == S.APPEND_ONLY:
        return LedgerError(f"{where}: {message}")
    if state == S.NOT_CHAINED:
        return HeadConflict(f"{where}: {message}; another writer may have extended the chain first (retry)")
    if state in (S.NOT_LOGIN, S.BAD_DAY):
        return LedgerError(f"{where}: refused by the database: {message}")
    if state == "23505":  # unique violation
        constraint = (diag.constraint_name if diag is not None else None) or ""
        if constraint in ("events_site_seq", "events_site_prev_hash", "events_pkey"):
            return HeadConflict(f"{where}: another writer extended the chain first (retry)")
        if constraint == "events_site_id":
            return LedgerError(f"{where}: refused by the database: an event with that id is already stored")
        if constraint == "events_site_key":
            return LedgerError(f"{where}: refused by the database: that idempotency key is already stored")
        return LedgerError(f"{where}: refused by the database: {message}")
    if state in RETRY:
        return HeadConflict(f"{where}: the ledger is busy ({message}); nothing was written: try again")
    if state == "42501":  # insufficient privilege
        return LedgerError(
            f"{where}: permission denied ({message}): the login role needs membership in {S.USER_ROLE} "
            f"(writing for others and the cache: {S.APP_ROLE}); ask the database owner"
        )
    if state == "25006":  # read-only transaction (a standby)
        return LedgerError(f"{where}: this server is read-only (a standby?): write to the primary")
    if state.startswith("53"):
        what = "the disk is full" if state == "53100" else "the server is out of resources"
        return LedgerError(f"{where}: {what} ({message}): nothing was written; retry when it is fixed")
    if state.startswith(("08", "28", "3D", "57P")) or (
        isinstance(err, psycopg.OperationalError) and not state
    ):
        return LedgerError(connection_message(err, where))
    return LedgerError(f"{where}: database error: {message}")


def connection_message(err: psycopg.Error, where: str) -> str:
    """Why a connection failed, and what to do about it."""
    text = str(err)
    state = getattr(err, "sqlstate", None) or ""
    if state == "3D000" or "does not exist" in text and "database" in text:
        name = _quoted(text, "database")
        return (
            f"{where}: database {name} does not exist: create it (`createdb {name.strip(chr(34))}`), "
            "then `opsledger init`"
        )
    if "role" in text and "does not exist" in text:
        return (
            f"{where}: login role {_quoted(text, 'role')} does not exist: ask the administrator to create it"
        )
    if state == "28P01" or "password authentication failed" in text:
        return f"{where}: password authentication failed: check the user and password (URL, PGPASSWORD or ~/.pgpass)"
    if "no password supplied" in text:
        return f"{where}: the server asks for a password: put it in PGPASSWORD or ~/.pgpass (or the URL)"
    if state == "28000" or "no pg_hba.conf entry" in text:
        return f"{where}: the server refuses this login ({first_line(err)}): see pg_hba.conf"
    if "Connection refused" in text or "No such file or directory" in text:
        return f"{where}: no PostgreSQL server is listening there: start it, or fix the host/port in the URL"
    if "could not translate host name" in text or "Name or service not known" in text:
        return f"{where}: unknown host: fix the host in the URL"
    if "timeout" in text.lower():
        return f"{where}: the server did not answer in time: check that it is running and reachable"
    if "invalid" in text and ("URI" in text or "connection option" in text or "dsn" in text.lower()):
        return f"{where}: bad database URL ({first_line(err)}): use postgresql://user@host/dbname"
    return f"{where}: cannot connect to PostgreSQL: {first_line(err)}"


def _quoted(text: str, word: str) -> str:
    found = re.search(rf'{word} "([^"]*)"', text)
    return f'"{found.group(1)}"' if found else "?"
