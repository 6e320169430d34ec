"""The storage and audit side speaks the reader's language (issue 14 §5): every error, problem and report row of
ledger/ and schemes/audit/ comes from the message catalogue, and what `verify`, `verify --deep` and
`verify-bundle` print about a tampered ledger or a cut bundle is Chinese by default and English when asked.

The scan below reads the source: a `raise`, an error built to be raised or returned, a `Check(...)` row or an
`.append(...)` to a list of lines that carries an English sentence (a string literal or an f-string) fails, naming
the file and line. Strings that are SQL (they hold an operator or a placeholder) and a programmer's own errors
(AssertionError, AttributeError, NotImplementedError, TypeError) are not messages.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
import tamper
from conftest import add_event as add
from conftest import cli_env, keyring_for, run_cli, sx_ledger
from freezegun import freeze_time

from ledger.ledger import Ledger
from schemes import audit, service

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted(
    p for p in [*(ROOT / "ledger").rglob("*.py"), *(ROOT / "schemes" / "audit").rglob("*.py")]
    if "messages" not in p.relative_to(ROOT).parts
    # The catalog compiler writes Python source (ledger/shapes.py) at development time: its lines are code.
    and p.relative_to(ROOT).as_posix() != "ledger/events/compile.py"
)  # fmt: skip
HAN = re.compile(r"[\u4e00-\u9fff]")
# A TypeError says a value had the wrong type: a programmer's error, or a signal its caller catches.
# FrozenInstanceError is dataclasses' AttributeError for assigning to a frozen record (ledger/record.py).
PROGRAMMER_ERRORS = {
    "AssertionError",
    "AttributeError",
    "FrozenInstanceError",
    "NotImplementedError",
    "TypeError",
}
ERRORS = {
    "LedgerError",
    "HeadConflict",
    "DuplicateEvent",
    "ValueError",
    "KeyError",
    "RuntimeError",
}
LINE_BUILDERS = {"append", "extend", "insert", "Check"}
SQL = re.compile(r"\?|%s|[<>=]|\b(?:IN|ANY|SELECT|FROM|WHERE|AND|OR)\b")


def words_of(template: str) -> list[str]:
    """The English words of a message text: what is left once names, files, options and commands are removed."""
    text = re.sub(r"`[^`]*`|'[^']*'|--[a-z-]+|\S*[./_#]\S*|\{\}", " ", template)
    return re.findall(r"\b[A-Za-z]{3,}\b", text)


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _texts(node: ast.AST) -> list[tuple[int, str]]:
    """The string literals and f-strings (as templates, `{}` for each value) in `node`, leaving out the id a
    `msg()` call names."""
    if isinstance(node, ast.Call) and _name(node) in ("msg", "pair"):
        return [t for value in [*node.args[1:], *(k.value for k in node.keywords)] for t in _texts(value)]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [(node.lineno, node.value)]
    if isinstance(node, ast.JoinedStr):
        parts = [v.value if isinstance(v, ast.Constant) else "{}" for v in node.values]
        return [(node.lineno, "".join(str(p) for p in parts))]
    return [t for child in ast.iter_child_nodes(node) for t in _texts(child)]


def _sentence(text: str) -> bool:
    """English words in something other than a bare name ('target', 'events.jsonl') or SQL."""
    return bool(words_of(text)) and not re.fullmatch(r"[\w.-]*", text) and not SQL.search(text)


def english_in(source: str) -> list[tuple[int, str]]:
    """(line, text) of every English sentence raised, built into an error or appended as a printed line."""
    found = []
    for node in ast.walk(ast.parse(source)):
        carried: list[ast.AST] = []
        if isinstance(node, ast.Raise) and node.exc is not None:
            if not (isinstance(node.exc, ast.Call) and _name(node.exc) in PROGRAMMER_ERRORS):
                carried.append(node.exc)
        elif isinstance(node, ast.Call) and (_name(node) in LINE_BUILDERS or _name(node) in ERRORS):
            carried += [*node.args, *(k.value for k in node.keywords)]
        elif isinstance(node, ast.AugAssign) and isinstance(node.value, ast.List | ast.ListComp):
            carried.append(node.value)  # lines += [f"..."]
        for value in carried:
            found += [(line, t) for line, t in _texts(value) if _sentence(t)]
    return sorted(set(found))


def test_the_scan_finds_an_english_sentence_and_passes_a_catalogue_message() -> None:
    assert english_in('raise LedgerError(f"{path}: the disk is full")') == [(1, "{}: the disk is full")]
    assert english_in('lines.append("deep: pages check out")') == [(1, "deep: pages check out")]
    assert english_in('out.append(Check(rel, False, "listed in bundle.json but missing"))')
    assert english_in('return LedgerError(f"{where}: {message}; retry")')
    assert english_in('raise LedgerError(msg("db.disk_full", path=path))') == []
    assert english_in('raise LedgerError(msg("x", detail="said in English here"))')  # a value counts too
    assert english_in('clauses.append("site IN (" + marks + ")")') == []  # SQL
    assert english_in('raise AssertionError("unreachable: a row would have been found")') == []
    assert english_in('raise LedgerError(f"{where}: empty")')  # one word is enough in a sentence
    assert english_in('out.append(("target", seq))') == []  # a name


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_storage_and_audit_modules_say_nothing_outside_the_catalogue(path: Path) -> None:
    found = english_in(path.read_text(encoding="utf-8"))
    assert found == [], "\n".join(f"{path.relative_to(ROOT)}:{line}: {text!r}" for line, text in found)


# -- through the real CLI ------------------------------------------------------------------------------------


def chinese_env() -> dict[str, str]:
    """The environment of a Chinese user who set nothing: no OPSLEDGER_LANG, a C locale (a bare server)."""
    env = {k: v for k, v in cli_env().items() if k not in ("OPSLEDGER_LANG", "LC_ALL", "LC_MESSAGES")}
    env["LANG"] = "C.UTF-8"
    return env


def english_env() -> dict[str, str]:
    return cli_env(OPSLEDGER_LANG="en")


def english_sentences(text: str) -> list[str]:
    """Runs of three English words or more, outside quoted values (SQLite's own words, a name)."""
    text = re.sub(r"'[^']*'|`[^`]*`", " ", text)
    return re.findall(r"\b[a-z]{2,}(?: [a-z]{2,}){2,}\b", text)


@pytest.fixture(scope="module")
def signed(tmp_path_factory) -> Path:
    """The Shaxian site with an incident, a judgement, a sign-off of 2026 and its scores cached."""
    path = tmp_path_factory.mktemp("speaks") / "l.db"
    with freeze_time("2026-03-01T09:00:00+08:00"):
        ledger = sx_ledger(path)
        add(ledger, "site_incident", "2026-03-01", {"kind": "fight", "description": "斗殴"})
        add(ledger, "assessor_judgement", "2026-06-01",
            {"scheme": "shaxian-gig", "item": "site.rules", "met": True, "reason": "制度已上墙"}, actor="alice")  # fmt: skip
    with freeze_time("2027-01-05T10:00:00+08:00"):
        audit.sign_off(ledger, "sx", "2026", "alice", keys=keyring_for("alice"))
        service.replay(ledger)
    assert ledger.store.cache_list()
    ledger.close()
    return path


def copy_of(original: Path, tmp_path: Path) -> Path:
    path = tmp_path / "t.db"
    shutil.copy(original, path)
    return path


def both(db: Path, *args: str) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    """The same command run by a Chinese user who set nothing, then with OPSLEDGER_LANG=en."""
    zh = run_cli("--db", db, *args, cwd=db.parent, env=chinese_env())
    en = run_cli("--db", db, *args, cwd=db.parent, env=english_env())
    return zh, en


def test_verify_of_an_edited_row_is_chinese_by_default_and_english_when_asked(
    signed: Path, tmp_path: Path
) -> None:
    path = copy_of(signed, tmp_path)
    incident = next(r for r in tamper.rows(path) if r["type"] == "site_incident")
    tamper.set_column(path, incident["seq"], "payload", json.dumps({"kind": "other", "description": "无事"}))
    zh, en = both(path, "verify")
    assert zh.code == 1 and en.code == 1
    assert zh.err.count("\n") == 1 and HAN.search(zh.err) and english_sentences(zh.err) == [], zh.err
    assert f"序号 {incident['seq']}" in zh.err and "内容与其哈希不符" in zh.err
    assert (
        f"chain broken at seq {incident['seq']}" in en.err and "its content does not match its hash" in en.err
    )


def test_verify_without_its_guards_is_chinese_by_default_and_english_when_asked(
    signed: Path, tmp_path: Path
) -> None:
    path = copy_of(signed, tmp_path)
    tamper.connect(path).close()  # drops the append-only triggers, edits nothing
    zh, en = both(path, "verify")
    assert zh.code == 1 and "触发器 events_no_update 不见了" in zh.err and english_sentences(zh.err) == [], (
        zh.err
    )
    assert "trigger events_no_update is missing: the events table is no longer append-only" in en.err


def test_verify_deep_of_an_edited_cache_is_chinese_by_default_and_english_when_asked(
    signed: Path, tmp_path: Path
) -> None:
    path = copy_of(signed, tmp_path)
    ok_zh, ok_en = both(path, "verify", "--deep")
    assert ok_zh.code == 0 and ok_en.code == 0, ok_zh.err
    assert "深度校验：" in ok_zh.out and "数据库文件的页和索引完好" in ok_zh.out
    assert "deep: the database file's pages and indexes check out" in ok_en.out
    assert tamper.edit_cache(path, tamper.times_ten) > 0
    zh, en = both(path, "verify", "--deep")
    assert zh.code == 1 and en.code == 1
    assert "深度校验（verify --deep）：缓存条目 shaxian-gig sx" in zh.err and "缓存被改动过" in zh.err, zh.err
    assert english_sentences(zh.err) == [], zh.err
    assert "verify --deep: cache entry shaxian-gig sx" in en.err and "the cache was edited" in en.err


def test_verify_deep_shows_sqlites_own_words_inside_a_chinese_sentence(signed: Path, tmp_path: Path) -> None:
    """An index whose entries no longer match its rows: SQLite's integrity_check names each row in English, which
    is what an administrator searches for; it is quoted as it is, inside the reader's sentence."""
    path = copy_of(signed, tmp_path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(
        "PRAGMA writable_schema = ON"
    )  # the index on id now claims to be on actor: every entry is wrong
    conn.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX events_id ON events (actor)' WHERE name = 'events_id'"
    )
    conn.close()
    zh, en = both(path, "verify", "--deep")
    assert zh.code == 1 and en.code == 1
    assert "数据库文件已损坏：SQLite 逐页检查报告 'row 1 missing from index events_id'" in zh.err, zh.err
    assert "另有" in zh.err and english_sentences(zh.err) == [], zh.err
    assert "the database file is damaged: 'row 1 missing from index events_id'" in en.err
    assert " (and " in en.err


def test_a_cut_bundle_fails_in_chinese_by_default_and_in_english_when_asked(
    signed: Path, tmp_path: Path
) -> None:
    ledger = Ledger(signed)
    out = tmp_path / "bundle"
    audit.export(ledger, "sx", "2026", out)
    ledger.close()
    events = (out / "events.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (out / "events.jsonl").write_text("".join(events[:-1]), encoding="utf-8")  # the last event cut off
    zh = run_cli("verify-bundle", out, cwd=tmp_path, env=chinese_env())
    en = run_cli("verify-bundle", out, cwd=tmp_path, env=english_env())
    assert zh.code == 1 and en.code == 1
    rows = [line for line in zh.out.splitlines() if line.startswith(("  通过", "  失败"))]
    assert rows and any(line.startswith("  失败 events.jsonl：") for line in rows), zh.out
    assert any("与 bundle.json 中的" in line for line in rows), zh.out
    assert "核验通过的材料包能证明：" in zh.out and "它不能证明：" in zh.out
    for line in [*rows, zh.err]:
        assert english_sentences(line) == [], line
    assert "  FAIL events.jsonl: " in en.out and "differs from bundle.json's" in en.out
    assert "A verified bundle proves:" in en.out and "It cannot prove:" in en.out


def test_the_bundle_readme_is_chinese_then_english(signed: Path, tmp_path: Path) -> None:
    """The bundle is handed on: its README says the same in both languages whoever exported it."""
    ledger = Ledger(signed)
    readmes = []
    for lang in ("zh", "en"):
        out = tmp_path / lang
        os.environ["OPSLEDGER_LANG"] = lang
        try:
            audit.export(ledger, "sx", "2026", out)
        finally:
            os.environ["OPSLEDGER_LANG"] = "en"
        readmes.append((out / "README.md").read_text(encoding="utf-8"))
    ledger.close()
    assert readmes[0] == readmes[1]
    zh, en = readmes[0].split("\n# opsledger audit bundle")
    assert "核验通过的材料包能证明什么" in zh and "What a verified bundle proves" in en


# -- PostgreSQL's refusals: its own words kept as a value, the sentence in the reader's language ------------------


class _Diag:
    def __init__(self, message: str, constraint: str | None) -> None:
        self.message_primary, self.constraint_name = message, constraint


class _ServerError(Exception):
    """What psycopg hands the store: a SQLSTATE, the server's primary message, the constraint it names."""

    def __init__(self, sqlstate: str, message: str, constraint: str | None = None) -> None:
        super().__init__(message)
        self.sqlstate, self.diag = sqlstate, _Diag(message, constraint)


@pytest.mark.parametrize(
    ("sqlstate", "message", "constraint", "zh", "en"),
    [
        ("OLAPP", "events are append-only: append a retraction instead", None,
         "事件只能追加，不能删除", "u: events are append-only: append a retraction instead"),
        ("OLACT", 'the actor of an event must be the database role that writes it: "ann" is logged in', None,
         "事件的 actor 必须是写入它的数据库登录角色", 'u: refused by the database: the actor of an event must be'),
        ("OLCHN", "site a #3: does not continue the chain", None,
         "新事件接不上链（数据库的原话：site a #3: does not continue the chain）",
         "u: site a #3: does not continue the chain; another writer may have extended the chain first (retry)"),
        ("23505", "duplicate key", "events_site_key", "该幂等键已存在",
         "u: refused by the database: that idempotency key is already stored"),
        ("40P01", "deadlock detected", None, "账本正忙（deadlock detected）",
         "u: the ledger is busy (deadlock detected); nothing was written: try again"),
        ("42501", "permission denied for table events", None, "权限不足（permission denied for table events）",
         "u: permission denied (permission denied for table events): the login role needs membership in"),
        ("53100", "could not extend file", None, "磁盘已满", "u: the disk is full (could not extend file)"),
        ("3D000", 'database "x" does not exist', None, "数据库 \"x\" 不存在",
         'u: database "x" does not exist: create it (`createdb x`), then `opsledger init`'),
    ],
)  # fmt: skip
def test_postgres_refusals_are_said_in_the_readers_language(
    sqlstate: str, message: str, constraint: str | None, zh: str, en: str
) -> None:
    from ledger.backends.pg_errors import as_ledger_error
    from ledger.messages import text

    err = as_ledger_error(_ServerError(sqlstate, message, constraint), "u")  # type: ignore[arg-type]
    assert zh in text(err, "zh") and HAN.search(text(err, "zh")), text(err, "zh")
    assert text(err, "en").startswith(en), text(err, "en")
