"""Usage mistakes are one line on stderr, like every other user mistake (never click's multi-line usage)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CASES = [
    (["retract", "abc", "--reason", "x"], "error: Invalid value for 'SEQ': 'abc' is not a sequence number (1..9223372036854775807) (see `opsledger retract --help`)"),
    (["role", "grant", "li", "--role", "boss", "--site", "s"],
     "error: Invalid value for '--role': 'boss' is not one of 'operator', 'assessor'. (see `opsledger role grant --help`)"),
    (["log"], "error: Missing argument 'TYPE'. (see `opsledger log --help`)"),
    (["nosuch"], "error: No such command 'nosuch'. (see `opsledger --help`)"),
]  # fmt: skip


@pytest.mark.parametrize("args,message", CASES, ids=[" ".join(a) for a, _ in CASES])
def test_usage_mistake_is_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "cli", "--db", str(tmp_path / "x.db"), *args],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [message]
    assert not (tmp_path / "x.db").exists()
