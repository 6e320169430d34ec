"""Fuzzing every command's inputs (issue 12 §5): types, fields, dates, numbers, unicode, CSV/JSONL/xlsx quirks,
bundle and checkpoint shapes, thrown at the real CLI entry point (`cli_entry.main`, where errors become one line).

For every input: no traceback and no internal error, at most one line on stderr, and when the command fails,
the ledger holds exactly the events it held before (nothing half-written). Inputs that must be refused (a
date outside 2000..2099, a decimal beyond the declared bounds, a control character in a name) are refused
with a non-zero exit.

A few hundred examples run in CI (the same ones every run); OPSLEDGER_FUZZ_EXAMPLES=N runs N per command and
OPSLEDGER_FUZZ_RANDOM=1 draws new ones (bench/reliability.py does both and counts every input through
OPSLEDGER_FUZZ_LOG). The CLI runs in this process (cli_entry.main through click's runner, the entry point the console
script calls), which is what makes hundreds of inputs cheap; the other tests run it in real processes.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import ensure_key, invoke_cli
from freezegun import freeze_time
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from ledger.events import CATALOG

EXAMPLES = int(os.environ.get("OPSLEDGER_FUZZ_EXAMPLES", "20"))
SITE = "sx"
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("OPSLEDGER_FUZZ_RANDOM") is None,  # CI: the same inputs every run
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
    # Shrinking a failure through a real ledger takes minutes: CI reports the input as found
    # (OPSLEDGER_FUZZ_SHRINK=1 minimises it).
    phases=[Phase.explicit, Phase.reuse, Phase.generate]
    + ([Phase.shrink] if os.environ.get("OPSLEDGER_FUZZ_SHRINK") else []),
)

# -- values that broke something once, or sit on an edge -----------------------------------------------------

EDGE_DATES = [
    "9999-12-31", "0001-01-01", "0001-01-01T00:00+09:00", "9999-12-31T23:00-05:00", "2000-01-01T00:30+09:00",
    "2099-12-31T23:30-05:00", "1999-12-31", "2100-01-01", "2026-02-30", "2026-13-01", "20260305", "2026-3-5",
    "2026-03-05T25:00", "2026-03-05T10:00+24:00", "2026-03-05T10:00Z", "", " ", "today", "2026-03-05\x00",
    "２０２６-03-05", "2026-03-05T10:00:00.123456789",
]  # fmt: skip
EDGE_NUMBERS = [
    "1e999999999", "-1e999999999", "1E+308", "NaN", "nan", "Infinity", "-Infinity", "1" * 5000, "1" * 4000,
    "9" * 19, "0.0000001", "1e-7", "-0", "0", "-1", "1_000", " 5 ", "５", "0x10", "1e15", "999999999999999",
    "999999999999999.999999", "3000000", "12.5", "",
]  # fmt: skip
EDGE_TEXT = [
    "op\x1b[2K\r", "\udcff", "a\udcffb", "\u202eevil", "x" * 20000, "\x00", "line\nbreak", "tab\there", "'\"",
    "[" * 3000, "{" * 50, "[" * 20 + "]" * 20, '{"a":' * 30 + "1" + "}" * 30, "[1e999999999]", "[" + "1" * 5000 + "]",
    "{}", "[]", "null", "true", "沙县零工市场", "🙂", "\ufeff", "a=b=c", "=", "==",
]  # fmt: skip


def text() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(EDGE_TEXT), st.text(max_size=30), st.sampled_from(EDGE_NUMBERS))


def value() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(EDGE_NUMBERS), st.sampled_from(EDGE_DATES), st.sampled_from(EDGE_TEXT),
        st.integers().map(str), st.decimals(allow_nan=True, allow_infinity=True).map(str), st.text(max_size=20),
        st.sampled_from(["online", "offline", "daily", "themed", "true", "false", "W-1", "E-1", "douyin"]),
    )  # fmt: skip


def date_text() -> st.SearchStrategy[str]:
    instants = st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat())
    days = st.dates().map(lambda d: d.isoformat())
    return st.one_of(st.sampled_from(EDGE_DATES), instants, days, st.text(max_size=12))


def json_value(depth: int = 3) -> st.SearchStrategy[Any]:
    leaves = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20), st.sampled_from(EDGE_NUMBERS),
        st.sampled_from(EDGE_DATES),
    )  # fmt: skip
    return st.recursive(leaves, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                        st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                        max_leaves=8)  # fmt: skip


# -- the ledger under fuzz ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict[str, Path]:
    """A ledger with a contracted site, an assessor, a few events, a sign-off; an exported bundle; a checkpoint."""
    tmp = tmp_path_factory.mktemp("fuzz")
    db = tmp / "l.db"
    ensure_key("alice")

    def ok(*args: Any, actor: str = "op") -> str:
        result = invoke_cli("--db", db, *args, env={"OPSLEDGER_ACTOR": actor})
        assert result.code == 0, (args, result.err)
        return result.out

    with freeze_time("2026-01-01T09:00:00+08:00"):
        ok("init")
        ok("site", "add", SITE, "--name", "沙县零工市场", "--kind", "gig_market", "--on", "2026-01-01")
        ok("contract", "add", SITE, "--scheme", "shaxian-gig", "--start", "2026-01-01", "--fee", "3000000")
        ok("role", "grant", "alice", "--role", "assessor", "--site", SITE, "--on", "2026-01-01")
    with freeze_time("2026-03-02T09:00:00+08:00"):
        ok("log", "gig_worker_registered", "--site", SITE, "--on", "2026-03-01", "worker=W-1")
        ok("log", "gig_deal_completed", "--site", SITE, "--on", "2026-03-01", "worker=W-1", "employer=E-1",
           "amount_yuan=150")  # fmt: skip
    with freeze_time("2027-01-05T10:00:00+08:00"):
        ok("signoff", "--site", SITE, "--period", "2026", actor="alice")
        ok("export", "--site", SITE, "--period", "2026", "--out", tmp / "bundle")
        (tmp / "cp.txt").write_text(ok("checkpoint", "--site", SITE, "--buyer", "buyer"), encoding="utf-8")
    (tmp / "photo.jpg").write_bytes(b"\xff\xd8 a photo")
    return {"db": db, "tmp": tmp, "bundle": tmp / "bundle", "checkpoint": tmp / "cp.txt"}


def state(db: Path) -> tuple[int, str]:
    conn = sqlite3.connect(db)
    row = conn.execute("SELECT COUNT(*), COALESCE(MAX(hash || seq), '') FROM events").fetchone()
    conn.close()
    return row[0], row[1]


def run(world: dict[str, Path], *args: Any, actor: str = "op", must_fail: bool = False) -> Any:
    """The command through the entry point; the properties every input must keep."""
    before = state(world["db"])
    result = invoke_cli("--db", world["db"], *args, env={"OPSLEDGER_ACTOR": actor})
    shown = " ".join(str(a)[:60] for a in args)
    if os.environ.get("OPSLEDGER_FUZZ_LOG"):  # bench/reliability.py counts every input and what it did
        with open(os.environ["OPSLEDGER_FUZZ_LOG"], "a", encoding="utf-8") as log:
            log.write(json.dumps({"command": str(args[0]), "code": result.code, "err": result.err[:300],
                                  "changed": result.code != 0 and state(world["db"]) != before,
                                  "must_fail": must_fail}, ensure_ascii=False) + "\n")  # fmt: skip
    assert "Traceback (most recent" not in result.err, f"{shown}\n{result.err}"
    assert "internal error" not in result.err, f"{shown}\n{result.err}"
    assert result.err.count("\n") <= 1, f"{shown}: more than one line on stderr:\n{result.err[:2000]}"
    assert result.code in (0, 1, 2), f"{shown}: exit {result.code}"
    if result.code != 0:
        assert result.err.startswith("error: "), f"{shown}: {result.err[:300]}"
        assert len(result.err) < 2000, (
            f"{shown}: the error echoes the input back ({len(result.err)} characters)"
        )
        assert state(world["db"]) == before, f"{shown}: failed but changed the ledger"
    if must_fail:
        assert result.code != 0, f"{shown}: accepted input that must be refused"
    return result


# -- writing --------------------------------------------------------------------------------------------------

TYPES = sorted(CATALOG)


@st.composite
def log_args(draw: st.DrawFn) -> list[str]:
    event_type = draw(st.one_of(st.sampled_from(TYPES), text()))
    names = list(CATALOG[event_type].model_fields) if event_type in CATALOG else []
    fields = draw(st.dictionaries(st.one_of(st.sampled_from(names or ["x"]), text()), value(), max_size=6))
    args = ["log", event_type, "--site", draw(st.sampled_from([SITE, SITE, "nosuch", "\x1b", "x" * 500])),
            "--on", draw(date_text())]  # fmt: skip
    args += [f"{k}={v}" for k, v in fields.items()]
    if draw(st.booleans()):
        args += ["--key", draw(text())]
    if draw(st.booleans()):
        args += [
            "--covers",
            draw(st.one_of(st.sampled_from(["2026-03", "2026-Q1", "2026", "2026-Q5"]), text())),
        ]
    return args


@FUZZ
# The actor arrives in OPSLEDGER_ACTOR: an environment variable cannot hold a NUL (the OS refuses to set one).
@given(
    args=log_args(),
    actor=st.one_of(st.just("op"), st.just("alice"), text().filter(lambda t: "\x00" not in t)),
)
def test_log(world, args: list[str], actor: str) -> None:
    run(world, *args, actor=actor)


@FUZZ
@given(amount=st.sampled_from(["1e999999999", "1e15", "-1", "NaN", "1" * 5000, "0.0000001"]),
       on=st.sampled_from(["9999-12-31", "0001-01-01T00:00+09:00", "9999-12-31T23:00-05:00", "1999-12-31"]))  # fmt: skip
def test_values_outside_the_declared_bounds_are_refused(world, amount: str, on: str) -> None:
    run(world, "log", "gig_deal_completed", "--site", SITE, "--on", "2026-03-05", "worker=W", "employer=E",
        f"amount_yuan={amount}", must_fail=True)  # fmt: skip
    run(world, "log", "gig_worker_registered", "--site", SITE, "--on", on, "worker=W", must_fail=True)
    run(world, "contract", "add", SITE, "--scheme", "shaxian-gig", "--start", "2026-01-01", "--fee", amount,
        must_fail=True)  # fmt: skip
    run(world, "log", "gig_worker_registered", "--site", SITE, "--on", "2026-03-05", "worker=W", "--actor",
        "op\x1b[2K\r", must_fail=True)  # fmt: skip


@FUZZ
@given(
    fee=value(),
    start=date_text(),
    end=st.one_of(st.none(), date_text()),
    network=st.one_of(st.none(), value()),
)
def test_contract_add(world, fee: str, start: str, end: str | None, network: str | None) -> None:
    args = ["contract", "add", SITE, "--scheme", "shaxian-gig", "--start", start, "--fee", fee]
    args += ["--end", end] if end is not None else []
    args += ["--network-fee", network] if network is not None else []
    run(world, *args)


@FUZZ
@given(site=text(), name=text(), kind=st.one_of(st.none(), text(), st.just("park")), on=date_text())
def test_site_add(world, site: str, name: str, kind: str | None, on: str) -> None:
    run(world, "site", "add", site, "--name", name, "--on", on, *(["--kind", kind] if kind else []))


@FUZZ
@given(seq=st.one_of(st.sampled_from(["1", "5", "0", "-1", str(2**63), str(2**63 - 1), "9" * 5000, "", "x"]),
                     st.integers().map(str)),
       command=st.sampled_from(["correct", "retract", "accept", "attach"]),
       fields=st.lists(st.one_of(st.just("type=livestream_run"), st.just("occurred_at=9999-12-31"),
                                 st.just("amount_yuan=1e999999999"), st.tuples(text(), value()).map("=".join)),
                       max_size=3),
       reason=text())  # fmt: skip
def test_commands_on_a_sequence_number(world, seq: str, command: str, fields: list[str], reason: str) -> None:
    if command == "correct":
        run(world, "correct", seq, *fields, "--reason", reason)
    elif command == "retract":
        run(world, "retract", seq, "--reason", reason)
    elif command == "accept":
        run(world, "accept", seq, "--reason", reason, actor="alice")
    else:
        run(world, "attach", seq, world["tmp"] / "photo.jpg", "--for", reason)


def test_correcting_the_type_of_an_event_is_refused(world) -> None:
    result = run(world, "correct", "5", "type=livestream_run", "--reason", "x", must_fail=True)
    assert "the type of an event cannot be corrected" in result.err


# -- importing ------------------------------------------------------------------------------------------------

ENVELOPE = ["type", "site", "occurred_at", "actor", "payload", "evidence", "idempotency_key", "id", "covers", "seq",
            "signer", "signature", "hash"]  # fmt: skip


@st.composite
def jsonl_line(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(EDGE_TEXT + ["[1,2]", '"text"', "1e999999999", "{" * 5000]))
    record: dict[str, Any] = {"type": draw(st.sampled_from(TYPES)), "site": SITE, "occurred_at": draw(date_text()),
                              "payload": draw(st.dictionaries(text(), json_value(), max_size=4))}  # fmt: skip
    if draw(st.booleans()):
        record["payload"] = {"worker": draw(text())}
        record["type"] = "gig_worker_registered"
    for key in draw(st.lists(st.sampled_from(ENVELOPE), max_size=3)):
        record[key] = draw(json_value())
    return json.dumps(record, ensure_ascii=draw(st.booleans()))


@FUZZ
@given(lines=st.lists(jsonl_line(), min_size=1, max_size=4), crlf=st.booleans(), bom=st.booleans())
def test_import_jsonl(world, tmp_path_factory, lines: list[str], crlf: bool, bom: bool) -> None:
    path = tmp_path_factory.mktemp("jsonl") / "events.jsonl"
    data = ("\r\n" if crlf else "\n").join(lines).encode("utf-8", "surrogatepass")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    run(world, "import", path)


@FUZZ
@given(header=st.lists(st.one_of(st.sampled_from(["type", "site", "on", "occurred_at", "worker", "payload",
                                                  "payload.worker", "evidence", "actor", "id", "seq"]), text()),
                       min_size=1, max_size=6),
       rows=st.lists(st.lists(st.one_of(value(), st.just("gig_worker_registered"), st.just(SITE)), max_size=7),
                     max_size=4),
       crlf=st.booleans(), bom=st.booleans(), raw=st.one_of(st.none(), st.binary(max_size=200)))  # fmt: skip
def test_import_csv(world, tmp_path_factory, header, rows, crlf: bool, bom: bool, raw: bytes | None) -> None:
    path = tmp_path_factory.mktemp("csv") / "events.csv"
    if raw is not None:
        path.write_bytes(raw)
    else:
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n" if crlf else "\n").writerows([header, *rows])
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8", "surrogatepass"))
    run(world, "import", path)


XLSX_HEADERS = ["日期", "名称", "形式", "类型", "参会企业数", "提供岗位数", "入场人数"]


@FUZZ
@given(rows=st.lists(st.lists(st.one_of(st.none(), st.integers(-10**20, 10**20), st.floats(allow_nan=False),
                                        st.datetimes(), st.dates(), value(), st.sampled_from(["线下", "日常", "合计"])),
                              min_size=7, max_size=7), min_size=1, max_size=3),
       sheet=st.sampled_from(["日常招聘会", "Sheet1"]), title=st.booleans())  # fmt: skip
def test_import_an_xlsx_register(
    world, tmp_path_factory, rows: list[list[Any]], sheet: str, title: bool
) -> None:
    from openpyxl import Workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(["招聘会台账"] if title else [])
    ws.append(XLSX_HEADERS)
    try:
        for row in rows:
            ws.append([c.replace("\udcff", "?") if isinstance(c, str) else c for c in row])
    except (IllegalCharacterError, ValueError):
        return  # openpyxl itself cannot write it: no such file can reach opsledger
    path = tmp_path_factory.mktemp("xlsx") / "台账.xlsx"
    book.save(path)
    mapping = Path(__file__).parent.parent / "data" / "mappings" / "job-fair-register.toml"
    run(world, "import", path, "--map", mapping, "--site", SITE)


# -- reading --------------------------------------------------------------------------------------------------

PERIODS = ["2026", "2026-Q1", "2026-H2", "2026-03", "Y1-Q2", "C+6m", "C+99999999999m", "Y99999999-Q1", "9999",
           "0000", "2026-Q5", "", "2026-W10", "y1-q1"]  # fmt: skip


@FUZZ
@given(command=st.sampled_from(["score", "gaps", "evidence", "report", "audit", "diff", "export"]),
       period=st.one_of(st.sampled_from(PERIODS), text()), site=st.sampled_from([SITE, "nosuch", "x" * 300]),
       as_of=st.one_of(st.none(), date_text()), other=st.one_of(st.none(), date_text()),
       fmt=st.sampled_from(["table", "json", "csv"]))  # fmt: skip
def test_reading_commands(world, tmp_path_factory, command, period, site, as_of, other, fmt) -> None:
    out = tmp_path_factory.mktemp("out")
    args = [command, "--site", site, "--period", period]
    if command == "score":
        args += ["--format", fmt] + (["--as-of", as_of] if as_of is not None else [])
        args += ["--assessed-on", other] if other is not None else []
    elif command == "gaps":
        args += ["--today", as_of] if as_of is not None else []
    elif command == "report":
        args += ["--out", out / "r.html"] + (["--today", as_of] if as_of is not None else [])
    elif command == "diff":
        args += ["--from", as_of or "", "--to", other or ""]
    elif command == "export":
        args += ["--out", out / "b"]
    run(world, *args)


@FUZZ
@given(site=st.one_of(st.none(), st.sampled_from([SITE, "nosuch"])), types=st.lists(text(), max_size=2),
       start=st.one_of(st.none(), date_text()), end=st.one_of(st.none(), date_text()),
       as_of=st.one_of(st.none(), date_text()), fmt=st.sampled_from(["table", "jsonl", "csv"]),
       year=st.one_of(st.sampled_from(["2026", "Y1", "Y0", "9999", "0", "Y99999999999"]), text()))  # fmt: skip
def test_events_payout_verify_replay(world, site, types, start, end, as_of, fmt, year) -> None:
    args = ["events", "--format", fmt] + (["--site", site] if site else [])
    for name in types:
        args += ["--type", name]
    args += (["--from", start] if start is not None else []) + (["--to", end] if end is not None else [])
    args += ["--as-of", as_of] if as_of is not None else []
    run(world, *args)
    run(world, "payout", "--site", SITE, "--year", year, *(["--as-of", as_of] if as_of is not None else []))
    run(world, "verify", *(["--as-of", as_of] if as_of is not None else []))
    run(world, "replay", *(["--as-of", as_of] if as_of is not None else []))


def test_writing_output_to_a_full_disk_says_so(world) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    for args in (["events", "--format", "jsonl", "--out", "/dev/full"],
                 ["score", "--site", SITE, "--period", "2026", "--format", "csv", "--out", "/dev/full"],
                 ["report", "--site", SITE, "--period", "2026", "--out", "/dev/full"]):  # fmt: skip
        result = run(world, *args, must_fail=True)
        assert "No space left on device" in result.err or "disk is full" in result.err, result.err


# -- bundles and checkpoints ----------------------------------------------------------------------------------

BUNDLE_KEYS = ["format", "site", "period", "scheme", "chains", "files", "scorecard_seq", "evidence", "sites"]


@FUZZ
@given(part=st.sampled_from(["bundle.json", "events.jsonl", "signoffs.json", "scorecard.json"]),
       key=st.sampled_from(BUNDLE_KEYS), replacement=json_value(), whole=st.booleans(), raw=st.binary(max_size=64))  # fmt: skip
def test_verify_bundle_on_malformed_parts(
    world, tmp_path_factory, part, key, replacement, whole, raw
) -> None:
    copy = tmp_path_factory.mktemp("bundle") / "b"
    shutil.copytree(world["bundle"], copy)
    path = copy / part
    if part == "bundle.json" and not whole:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        manifest[key] = replacement
        path.write_text(json.dumps(manifest), encoding="utf-8")
    elif part == "events.jsonl" and not whole:
        lines = path.read_text(encoding="utf-8").splitlines()
        record = json.loads(lines[-1])
        record[key if key in record else "payload"] = replacement
        path.write_text("\n".join([*lines[:-1], json.dumps(record)]) + "\n", encoding="utf-8")
    else:
        path.write_bytes(raw if whole else json.dumps(replacement).encode())
    run(world, "verify-bundle", copy, "--trust-key", "0000:0000:0000:0000")


@FUZZ
@given(line=st.integers(0, 6), replacement=st.one_of(text(), st.sampled_from(["", "0", "7", "—", "time 9999-12-31"])),
       raw=st.one_of(st.none(), st.binary(max_size=100)))  # fmt: skip
def test_verify_against_malformed_checkpoints(
    world, tmp_path_factory, line: int, replacement: str, raw
) -> None:
    path = tmp_path_factory.mktemp("cp") / "cp.txt"
    if raw is not None:
        path.write_bytes(raw)
    else:
        lines = world["checkpoint"].read_text(encoding="utf-8").split("\n")
        lines[line] = replacement
        path.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
    run(world, "verify", "--against", path)
