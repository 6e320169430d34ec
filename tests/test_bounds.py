"""Zero tracebacks, bounded input (issue 12 §4): the declared bounds (ledger/limits.py) at their edges, and what a
user sees when the file, the disk or the terminal is not what the ledger expects: a foreign or damaged database, a
read-only ledger, a full disk, a writer holding the database, control characters in stored names.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
import tamper
from conftest import cli_env, invoke_cli, sx_ledger
from freezegun import freeze_time

from ledger import limits
from ledger.envelope import Draft, normalise_occurred, parse_instant
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from ledger.payloads import validate_payload

SITE = "sx"
ROOT = Path(__file__).parent.parent


# -- the bounds ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,stored",
    [
        ("2000-01-01", "2000-01-01"),
        ("2099-12-31", "2099-12-31"),
        ("2000-01-01T00:00+08:00", "2000-01-01T00:00:00+08:00"),
        (
            "1999-12-31T17:00-00:00",
            "2000-01-01T01:00:00+08:00",
        ),  # its own date is 1999, its Shanghai date 2000
        ("2099-12-31T15:59+00:00", "2099-12-31T23:59:00+08:00"),
    ],
)
def test_dates_inside_the_range_are_kept_in_shanghai_time(text: str, stored: str) -> None:
    assert normalise_occurred(text) == stored


@pytest.mark.parametrize(
    "text",
    [
        "1999-12-31", "2100-01-01", "9999-12-31", "0001-01-01",
        "0001-01-01T00:00+09:00",  # shifting it to Shanghai time would fall off the calendar's start
        "9999-12-31T23:00-05:00",  # ... or its end
        "2000-01-01T00:30+09:00",  # 1999-12-31 in Shanghai
        "2099-12-31T23:30-05:00",  # 2100-01-01 in Shanghai
    ],
)  # fmt: skip
def test_dates_outside_the_range_are_refused_with_the_range_named(text: str) -> None:
    with pytest.raises(LedgerError, match=r"outside the ledger's dates \(2000-01-01\.\.2099-12-31\)"):
        normalise_occurred(text)
    with pytest.raises(LedgerError, match="outside the ledger's dates"):
        parse_instant(text)  # --as-of, --from, --to


@pytest.mark.parametrize(
    "amount,ok",
    [
        ("999999999999999.999999", True),
        ("1000000000000000", False),
        ("1e15", False),
        ("1e999999999", False),
        ("0.000001", True),
        ("0.0000001", False),
        ("1.50000000", True),  # trailing zeros are not precision
        ("-0", True),
    ],
)
def test_decimals_within_the_declared_magnitude_and_precision(amount: str, ok: bool) -> None:
    payload = {"worker": "W", "employer": "E", "amount_yuan": amount}
    if ok:
        assert Decimal(validate_payload("gig_deal_completed", payload)["amount_yuan"]) == Decimal(amount)
    else:
        with pytest.raises(
            LedgerError, match="gig_deal_completed: amount_yuan: .*(too large|decimal places)"
        ):
            validate_payload("gig_deal_completed", payload)


@pytest.mark.parametrize(
    "value,message",
    [
        ("[" * 40 + "]" * 40, "nested too deeply"),
        ("[" * 100_000, "nested too deeply"),  # json.loads would raise RecursionError
        ("[" + "1" * 5000 + "]", "Exceeds the limit"),  # Python's 4,300-digit int limit, as a message
        ("[NaN]", "NaN is not a number this ledger accepts"),
        ("[1e999]", "inf is not a finite number"),
        ('{"x": "a\\udcffb"}', "lone surrogate"),
        ('{"x": "\\u001b[2K"}', "control character"),
        ("[" + '"x",' * 10_001 + '"x"]', "too many entries"),
    ],
)
def test_json_values_are_bounded(value: str, message: str) -> None:
    with pytest.raises(LedgerError, match=re.escape(message)):
        limits.loads(value, "payload")


@pytest.mark.parametrize("name", ["op\x1b[2K\r", "a\nb", "\u202eevil", "x\udcff", "x" * 201])
def test_names_carry_no_control_characters(name: str) -> None:
    with pytest.raises(ValueError):
        Draft(type="gig_worker_registered", site=SITE, occurred_at="2026-03-05", actor=name, payload={})


@pytest.mark.parametrize("name", [True, False], ids=["name", "free text"])
def test_every_refused_character_is_one_isprintable_says_false_to(name: bool) -> None:
    """check_text and printable search only text str.isprintable() refuses: exact only while every character
    the patterns refuse is non-printable, tested here over the whole BMP and beyond."""
    refused = [c for c in map(chr, range(0x110000)) if limits._bad(name).search(c)]
    assert len(refused) == (32 if name else 30) + 33 + 5 + 4 + 2048
    assert not any(c.isprintable() for c in refused)
    assert limits.check_text("招聘会\t上午" if not name else "招聘会", name=name)


def test_errors_quote_at_most_80_characters_of_the_input() -> None:
    shown = limits.quote("x" * 10_000_000)
    assert shown.startswith("'" + "x" * 80 + "'…") and shown.endswith("(10,000,000 characters)")
    result = invoke_cli("--db", "nowhere.db", "events", "--site", "y" * 100_000)
    assert result.code == 1 and len(result.err) < 300


def test_terminal_output_escapes_control_characters(tmp_path: Path) -> None:
    """A name written behind the store's back (the appender refuses it) is shown escaped, never executed."""
    with freeze_time("2026-03-01T09:00:00+08:00"):
        ledger = sx_ledger(tmp_path / "l.db")
    seq = ledger.head()[0]
    ledger.close()
    tamper.set_column(tmp_path / "l.db", seq, "actor", "op\x1b[2K\r")
    result = invoke_cli("--db", tmp_path / "l.db", "events")
    assert "\x1b" not in result.out and "\r" not in result.out
    assert "op\\x1b[2K\\x0d" in result.out


def test_every_line_the_cli_prints_goes_through_its_escaping_echo() -> None:
    files = [ROOT / "cli.py", *(ROOT / "commands").glob("*.py")]
    source = "".join(f.read_text(encoding="utf-8") for f in files)
    assert source.count("click.echo(") == 1  # inside echo() itself (commands/terminal.py)
    # The entry point's quick `log` (commands/entry.py) prints through its own `line`, which escapes the same way.
    entry = (ROOT / "commands" / "entry.py").read_text(encoding="utf-8")
    assert entry.count(".write(") == 1 and "print(" not in entry and "printable(message)" in entry


# -- files that are not (or no longer) a ledger --------------------------------------------------------------


def foreign(path: Path, *tables: str) -> bytes:
    conn = sqlite3.connect(path)
    for table in tables:
        conn.execute(f"CREATE TABLE {table} (x)")
        conn.execute(f"INSERT INTO {table} VALUES (1)")
    conn.commit()
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize("tables", [("events",), ("events", "meta"), ("orders",)])
@pytest.mark.parametrize(
    "command", [["init"], ["events"], ["verify"], ["log", "x", "--site", SITE, "--on", "2026-03-05"]]
)
def test_a_foreign_sqlite_file_is_refused_before_anything_is_changed(tmp_path: Path, tables, command) -> None:
    path = tmp_path / "theirs.db"
    original = foreign(path, *tables)
    result = invoke_cli("--db", path, *command)
    assert result.code == 1 and result.err.count("\n") == 1
    assert "not an opsledger ledger" in result.err or "another application's database" in result.err
    assert path.read_bytes() == original  # not even switched to WAL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["theirs.db"]


def test_damaged_pages_are_one_line_and_verify_deep_finds_them(tmp_path: Path) -> None:
    with freeze_time("2026-03-01T09:00:00+08:00"):
        ledger = sx_ledger(tmp_path / "l.db")
        for n in range(300):
            ledger.append(Draft(type="gig_worker_registered", site=SITE, occurred_at="2026-03-01", actor="op",
                                payload={"worker": f"W-{n} " + "填" * 40}))  # fmt: skip
    ledger.close()
    conn = sqlite3.connect(tmp_path / "l.db")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    pages = (tmp_path / "l.db").stat().st_size // 4096
    original = invoke_cli("--db", tmp_path / "l.db", "events", "--format", "jsonl").out
    chooser = random.Random(12)
    for trial in range(6):
        path = tmp_path / f"d{trial}.db"
        shutil.copy(tmp_path / "l.db", path)
        with open(path, "r+b") as handle:
            handle.seek(chooser.randrange(1, pages) * 4096 + 100)
            handle.write(bytes(chooser.randrange(256) for _ in range(200)))
        for command in (["verify", "--deep"], ["score", "--site", SITE, "--period", "2026"], ["events"]):
            result = invoke_cli("--db", path, *command)
            assert "internal error" not in result.err and result.err.count("\n") <= 1, result.err
        # Damage is found, or it hit bytes nothing reads (free space in a page): the ledger reads back the same.
        if invoke_cli("--db", path, "verify", "--deep").code == 0:
            assert invoke_cli("--db", path, "events", "--format", "jsonl").out == original


# -- read-only, busy, full -----------------------------------------------------------------------------------


@pytest.fixture
def read_only_copy(tmp_path: Path):
    """The demo-like ledger in a directory this process cannot write (a read-only bind mount as root, whom file
    modes do not stop; chmod otherwise)."""
    (tmp_path / "rw").mkdir()
    with freeze_time("2026-03-01T09:00:00+08:00"):
        ledger = sx_ledger(tmp_path / "rw" / "l.db")
        for n in range(5):
            ledger.append(Draft(type="gig_worker_registered", site=SITE, occurred_at="2026-03-01", actor="op",
                                payload={"worker": f"W-{n}"}))  # fmt: skip
    ledger.close()
    ro = tmp_path / "ro"
    ro.mkdir()
    if os.geteuid() == 0:
        mounted = subprocess.run(
            ["mount", "--bind", "-o", "ro", str(tmp_path / "rw"), str(ro)], capture_output=True
        )
        if mounted.returncode != 0:
            pytest.skip("cannot bind-mount read-only here")
        yield ro / "l.db"
        if subprocess.run(["umount", str(ro)], capture_output=True).returncode:
            subprocess.run(["umount", "-l", str(ro)], check=False)
    else:
        (tmp_path / "rw").chmod(0o555)
        (tmp_path / "rw" / "l.db").chmod(0o444)
        yield tmp_path / "rw" / "l.db"
        (tmp_path / "rw").chmod(0o755)


@pytest.mark.parametrize(
    "command",
    [
        ["score", "--site", SITE, "--period", "2026"],
        ["gaps", "--site", SITE, "--period", "2026", "--today", "2026-06-01"],
        ["payout", "--site", SITE, "--year", "2026", "--on", "2026-06-01"],
        ["replay"],
        ["verify", "--deep"],
    ],
)
def test_a_read_only_ledger_can_be_read_and_folded_without_writing_the_cache(read_only_copy, command) -> None:
    before = read_only_copy.read_bytes()
    result = invoke_cli("--db", read_only_copy, *command)
    assert result.code == 0, result.err
    assert read_only_copy.read_bytes() == before
    appended = invoke_cli("--db", read_only_copy, "log", "gig_worker_registered", "--site", SITE, "--on", "2026-03-05",
                          "worker=W")  # fmt: skip
    assert appended.code == 1 and "read-only" in appended.err


def test_report_on_a_read_only_ledger(read_only_copy, tmp_path: Path) -> None:
    result = invoke_cli("--db", read_only_copy, "report", "--site", SITE, "--period", "2026", "--out",
                        tmp_path / "r.html", "--today", "2026-06-01")  # fmt: skip
    assert result.code == 0, result.err


def test_disk_full_says_disk_full_and_writes_nothing(tmp_path: Path) -> None:
    if os.geteuid() != 0 or sys.platform != "linux":
        pytest.skip("mounting a small tmpfs needs root on Linux")
    disk = tmp_path / "small"
    disk.mkdir()
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(disk)], capture_output=True
    ).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        with freeze_time("2026-03-01T09:00:00+08:00"):
            sx_ledger(disk / "l.db").close()
        lines = [f'{{"type":"gig_worker_registered","site":"sx","occurred_at":"2026-03-01","payload":{{"worker":"{"W" * 100}-{n}"}}}}'
                 for n in range(4000)]  # fmt: skip
        (tmp_path / "big.jsonl").write_text("\n".join(lines), encoding="utf-8")
        before = verified_count(disk / "l.db")
        result = invoke_cli("--db", disk / "l.db", "import", tmp_path / "big.jsonl")
        assert result.code == 1 and "the disk is full: nothing was written" in result.err, result.err
        assert verified_count(disk / "l.db") == before
    finally:
        if subprocess.run(["umount", str(disk)], capture_output=True).returncode:
            subprocess.run(["umount", "-l", str(disk)], check=False)  # still busy: detach it anyway


def verified_count(path: Path) -> int:
    ledger = Ledger(path)
    try:
        return ledger.verify().count
    finally:
        ledger.close()


def test_score_while_another_process_imports_never_says_locked(tmp_path: Path) -> None:
    with freeze_time("2026-03-01T09:00:00+08:00"):
        sx_ledger(tmp_path / "l.db").close()
    lines = [f'{{"type":"gig_worker_registered","site":"sx","occurred_at":"2026-03-01","payload":{{"worker":"W-{n}"}}}}'
             for n in range(10_000)]  # fmt: skip
    (tmp_path / "big.jsonl").write_text("\n".join(lines), encoding="utf-8")
    writer = subprocess.Popen([sys.executable, "-m", "cli", "--db", str(tmp_path / "l.db"), "import",
                               str(tmp_path / "big.jsonl")], cwd=ROOT, env=cli_env(), stderr=subprocess.PIPE)  # fmt: skip
    results = []
    deadline = time.monotonic() + 300
    while writer.poll() is None and time.monotonic() < deadline:
        results.append(invoke_cli("--db", tmp_path / "l.db", "score", "--site", SITE, "--period", "2026"))
    assert writer.wait(timeout=300) == 0, writer.stderr.read() if writer.stderr else ""
    assert results and all(r.code == 0 for r in results), [r.err for r in results if r.code]
    assert not any("locked" in r.err or "busy" in r.err for r in results)
