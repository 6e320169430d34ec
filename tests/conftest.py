"""Shared helpers for the ledger tests: real SQLite files in tmp_path, the real CLI in or out of process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest

SITE = "wujiang-park"
ACTOR = "tester"


class Result(NamedTuple):
    """Exit status, stdout and stderr: compares equal to a plain (code, out, err) tuple."""

    code: int
    out: str
    err: str


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPSLEDGER_")}
    env.update({"OPSLEDGER_ACTOR": ACTOR, "PYTHONIOENCODING": "utf-8", **extra})
    return env


def run_cli(*args: Any, cwd: Path, env: dict[str, str] | None = None, timeout: float = 300) -> Result:
    """`python -m cli ARGS` in a real subprocess (what an operator's shell does)."""
    proc = subprocess.run(
        [sys.executable, "-m", "cli", *map(str, args)],
        cwd=cwd,
        env=env or cli_env(),
        capture_output=True,
        timeout=timeout,
    )
    return Result(proc.returncode, proc.stdout.decode("utf-8-sig"), proc.stderr.decode("utf-8"))


def invoke_cli(*args: Any, env: dict[str, str | None] | None = None) -> Result:
    """The CLI in this process, through `cli.main` (where errors become one-line messages)."""
    from click.testing import CliRunner

    import cli

    runner = CliRunner()
    isolated_env: dict[str, str | None] = {"OPSLEDGER_ACTOR": ACTOR, "OPSLEDGER_DB": None, **(env or {})}
    saved = sys.argv
    with runner.isolation(env=isolated_env) as (out, err, _):
        sys.argv = ["opsledger", *map(str, args)]
        try:
            cli.main()
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        finally:
            sys.argv = saved
            sys.stdout.flush()
            sys.stderr.flush()
        return Result(code, out.getvalue().decode("utf-8-sig"), err.getvalue().decode("utf-8"))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """An initialised ledger file with one registered site."""
    path = tmp_path / "ledger.db"
    assert invoke_cli("--db", path, "init").code == 0
    result = invoke_cli(
        "--db", path, "site", "add", SITE, "--name", "吴江人力资源产业园", "--on", "2026-01-01"
    )
    assert result.code == 0, result.err
    return path


@pytest.fixture
def ledger(db: Path):
    from ledger.store import Ledger

    opened = Ledger(db)
    yield opened
    opened.close()


@pytest.fixture
def sh(tmp_path: Path) -> Callable[..., Result]:
    """run_cli bound to tmp_path as the working directory."""

    def run(*args: Any, env: dict[str, str] | None = None) -> Result:
        return run_cli(*args, cwd=tmp_path, env=env)

    return run


@pytest.fixture
def cli_inproc() -> Callable[..., Result]:
    """invoke_cli as a fixture (test modules do not import conftest)."""
    return invoke_cli


def fair(companies: Any = 40, **overrides: Any) -> dict[str, Any]:
    """A valid job_fair_held payload."""
    payload = {"title": "春风行动", "format": "offline", "kind": "themed", "companies": companies,
               "jobs": 300, "visitors": 500}  # fmt: skip
    payload.update(overrides)
    return payload


@pytest.fixture
def fair_payload() -> Callable[..., dict[str, Any]]:
    return fair


@pytest.fixture
def new_draft() -> Callable[..., Any]:
    """A Draft for SITE on 2026-03-05 by ACTOR; a job fair unless told otherwise."""
    from ledger.envelope import Draft

    def build(
        event_type: str = "job_fair_held", payload: dict[str, Any] | None = None, **envelope: Any
    ) -> Draft:
        fields = {"type": event_type, "site": SITE, "occurred_at": "2026-03-05", "actor": ACTOR,
                  "payload": fair() if payload is None else payload, **envelope}  # fmt: skip
        return Draft(**fields)

    return build
