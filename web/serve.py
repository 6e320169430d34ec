"""`opsledger serve` and `opsledger user ...`: starting the app and managing accounts from the command line.

Kept out of cli.py so the CLI stays a thin table of commands and never imports Starlette unless serving.
"""

from __future__ import annotations

import getpass
import secrets
import sys
from pathlib import Path
from typing import TextIO

from ledger.messages import msg, text
from web.accounts import Account, AccountError, Accounts

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def read_password(prompt: str | None = None, stdin: TextIO | None = None) -> str:
    """Prompted twice on a terminal; otherwise one line from standard input (scripts, CI)."""
    stream = stdin or sys.stdin
    if stream.isatty():
        first = getpass.getpass(prompt or text(msg("serve.password_prompt")))
        if first != getpass.getpass(text(msg("serve.password_again"))):
            raise AccountError(msg("serve.passwords_differ"))
        return first
    line = stream.readline()
    if not line:
        raise AccountError(msg("serve.no_password"))
    return line.rstrip("\r\n")


def host_warning(host: str, behind_tls: bool) -> str | None:
    if host in LOCAL_HOSTS or behind_tls:
        return None
    return text(msg("serve.plain_http", host=host))


def first_admin(db_path: str | Path) -> tuple[Account, str] | None:
    """On a ledger with no accounts yet, an `admin` account with a random password (printed once)."""
    from ledger.ledger import Ledger

    ledger = Ledger(db_path)
    try:
        accounts = Accounts(lambda: ledger.store)
        if not accounts.empty():
            return None
        password = secrets.token_urlsafe(12)
        return accounts.add("admin", password, [("admin", "*")]), password
    finally:
        ledger.close()


def serve(db_path: str | Path, host: str, port: int, *, behind_tls: bool, mappings_dir: str | None,
          workers: int = 1) -> None:  # fmt: skip
    """Run uvicorn: one process, or `workers` processes sharing the ledger (sessions live in its store)."""
    import os

    import uvicorn

    from web.app import create_app

    app = create_app(db_path, mappings_dir=mappings_dir, secure_cookies=behind_tls)  # fails early: no ledger
    warning = host_warning(host, behind_tls)
    if warning:
        print(warning, file=sys.stderr)
    created = first_admin(db_path)
    shown = "localhost" if host in ("0.0.0.0", "::") else host
    where = db_path if "://" not in str(db_path) else str(db_path).split("@")[-1]  # no password in the log
    print(text(msg("serve.serving", where=where, url=f"http://{shown}:{port}/")), flush=True)
    if created:
        print(text(msg("serve.first_login", password=created[1])), flush=True)
    if workers <= 1:
        uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=behind_tls)
        return
    os.environ.update({"OPSLEDGER_WEB_DB": str(db_path), "OPSLEDGER_WEB_MAPPINGS": mappings_dir or "",
                       "OPSLEDGER_WEB_TLS": "1" if behind_tls else "0"})  # fmt: skip
    uvicorn.run("web.app:app_from_env", factory=True, workers=workers, host=host, port=port, log_level="warning",
                proxy_headers=behind_tls)  # fmt: skip
