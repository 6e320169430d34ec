"""psycopg's exceptions as one-line LedgerErrors saying what to fix: the one place this happens for PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from ledger.backends import pg_schema as S
from ledger.errors import LedgerError
from ledger.messages import Message, msg
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
    if state == S.APPEND_ONLY:  # the trigger's RAISE: a retraction for a delete, a correction for an update
        return LedgerError(msg("db.no_delete" if "retraction" in message else "db.no_update", path=where))
    if state == S.NOT_CHAINED:
        return HeadConflict(msg("db.conflict_maybe", path=where, detail=message))
    if state in (S.NOT_LOGIN, S.BAD_DAY):
        said = "db.refused_login" if state == S.NOT_LOGIN else "db.refused_day"
        return LedgerError(msg(said, path=where, detail=message))
    if state == "23505":  # unique violation
        constraint = (diag.constraint_name if diag is not None else None) or ""
        if constraint in ("events_site_seq", "events_site_prev_hash", "events_pkey"):
            return HeadConflict(msg("db.conflict_plain", path=where))
        if constraint == "events_site_id":
            return LedgerError(msg("db.refused_id", path=where))
        if constraint == "events_site_key":
            return LedgerError(msg("db.refused_key", path=where))
        return LedgerError(msg("db.refused", path=where, detail=message))
    if state in RETRY:
        return HeadConflict(msg("db.busy_server", path=where, detail=message))
    if state == "42501":  # insufficient privilege
        return LedgerError(
            msg("pg.permission", url=where, detail=message, user_role=S.USER_ROLE, app_role=S.APP_ROLE)
        )
    if state == "25006":  # read-only transaction (a standby)
        return LedgerError(msg("pg.standby", url=where))
    if state.startswith("53"):
        what = msg("pg.disk_full" if state == "53100" else "pg.out_of_resources")
        return LedgerError(msg("pg.resources", url=where, what=what, detail=message))
    if state.startswith(("08", "28", "3D", "57P")) or (
        isinstance(err, psycopg.OperationalError) and not state
    ):
        return LedgerError(connection_message(err, where))
    return LedgerError(msg("db.error", path=where, detail=message))


def connection_message(err: psycopg.Error, where: str) -> Message:
    """Why a connection failed, and what to do about it (libpq's own words are matched here, in English: the
    messages this opsledger prints are the catalogue's)."""
    text = str(err)
    state = getattr(err, "sqlstate", None) or ""
    if state == "3D000" or "does not exist" in text and "database" in text:
        name = _quoted(text, "database")
        return msg("pg.no_database", url=where, name=name, bare=name.strip(chr(34)))
    if "role" in text and "does not exist" in text:
        return msg("pg.no_role", url=where, name=_quoted(text, "role"))
    if state == "28P01" or "password authentication failed" in text:
        return msg("pg.bad_password", url=where)
    if "no password supplied" in text:
        return msg("pg.needs_password", url=where)
    if state == "28000" or "no pg_hba.conf entry" in text:
        return msg("pg.hba", url=where, detail=first_line(err))
    if "Connection refused" in text or "No such file or directory" in text:
        return msg("pg.no_server", url=where)
    if "could not translate host name" in text or "Name or service not known" in text:
        return msg("pg.unknown_host", url=where)
    if "timeout" in text.lower():
        return msg("pg.timeout", url=where)
    if "invalid" in text and ("URI" in text or "connection option" in text or "dsn" in text.lower()):
        return msg("pg.bad_url", url=where, detail=first_line(err))
    return msg("pg.cannot_connect", url=where, detail=first_line(err))


def _quoted(text: str, word: str) -> str:
    found = re.search(rf'{word} "([^"]*)"', text)
    return f'"{found.group(1)}"' if found else "?"
