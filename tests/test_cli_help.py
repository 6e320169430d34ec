"""The command line in Chinese first, English on request (issue 14 §5): every `--help` text, success line and table
heading comes from the catalogue (ledger/messages/help.py, commands.py) in both languages; what scripts parse
(`appended seq N hash H`) is the same in both; the command line's own code (cli.py, commands/) holds no English
sentence for the reader."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

import cli
from ledger.messages import CATALOGUE, use_lang
from tests.conftest import SITE, invoke_cli

ROOT = Path(__file__).resolve().parent.parent
HAN = re.compile(r"[\u4e00-\u9fff]")


def _walk(command: click.Command, path: str) -> list[tuple[str, click.Command]]:
    found = [(path, command)]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        found += _walk(sub, f"{path} {name}")
    return found


COMMANDS = _walk(cli.cli, "opsledger")


def _params(path: str, command: click.Command) -> list[click.Parameter]:
    ctx = cli.HelpContext(command, info_name=path.rsplit(" ", 1)[-1])
    return command.get_params(ctx)  # with the --help option click adds


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_option_and_argument_has_help_in_both_languages(
    path: str, command: click.Command
) -> None:
    texts = {}
    for lang in ("zh", "en"):
        with use_lang(lang):
            texts[lang] = [("", command.help)] + [(cli.param_key(p), p.help) for p in _params(path, command)]
    missing = [
        f"{path} {name}".strip() for name, said in texts["zh"] + texts["en"] if not (said or "").strip()
    ]
    assert missing == [], f"no help text in ledger/messages/help.py for {missing}"
    for (name, zh), (_, en) in zip(texts["zh"], texts["en"], strict=True):
        assert HAN.search(zh or ""), f"{path} {name}: the Chinese help is not Chinese: {zh!r}"
        assert zh != en, f"{path} {name}"


def test_every_help_entry_belongs_to_a_command_or_a_parameter() -> None:
    """A renamed option would leave its text behind, and the command its help."""
    known = set()
    for path, command in COMMANDS:
        known.add(path)
        known |= {f"{path} {cli.param_key(p)}" for p in _params(path, command)}
        known |= {f"* {cli.param_key(p)}" for p in _params(path, command)}
    entries = {key for key in CATALOGUE if key.startswith(("opsledger", "* "))}
    assert sorted(entries - known) == []


def _help(*args: str, **env: str | None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("OPSLEDGER_", "LC_", "LANG"))}
    environ.update({k: v for k, v in env.items() if v is not None})
    return subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, text=True, env=environ,
                          encoding="utf-8", cwd=ROOT, timeout=120)  # fmt: skip


def _zh(key: str) -> str:
    return CATALOGUE[key][0]


def _en(key: str) -> str:
    return CATALOGUE[key][1]


def test_log_help_is_chinese_by_default_and_english_with_the_variable() -> None:
    chinese = _help("log", "--help", LANG="C.UTF-8")
    assert chinese.returncode == 0, chinese.stderr
    assert chinese.stdout.startswith("用法：opsledger log [OPTIONS] TYPE [FIELD=VALUE]...")
    for heading in ("参数：", "选项：", "事件所涉及的已登记站点。", "[必填]", "显示本帮助并退出。"):
        assert heading in chinese.stdout
    assert "Usage" not in chinese.stdout and "Options" not in chinese.stdout
    english = _help("log", "--help", OPSLEDGER_LANG="en")
    assert english.returncode == 0, english.stderr
    assert english.stdout.startswith("Usage: opsledger log [OPTIONS] TYPE [FIELD=VALUE]...")
    assert "The registered site the event is about.  [required]" in english.stdout
    assert not HAN.search(english.stdout.replace("举办招聘会", "").replace("企业数", ""))


@pytest.mark.parametrize(("args", "env", "lang"), [
    pytest.param(["--help"], {}, "zh", id="nothing set"),
    pytest.param(["--help"], {"LANG": "en_US.UTF-8"}, "en", id="an English locale"),
    pytest.param(["--lang", "en", "--help"], {}, "en", id="--lang en --help"),
    pytest.param(["--help", "--lang", "en"], {}, "en", id="--help --lang en"),
    pytest.param(["--lang", "zh", "site", "add", "-h"], {"OPSLEDGER_LANG": "en"}, "zh", id="--lang beats the variable"),
])  # fmt: skip
def test_the_help_follows_lang_the_variable_and_the_locale(
    args: list[str], env: dict[str, str], lang: str
) -> None:
    done = _help(*args, **env)
    assert done.returncode == 0, done.stderr
    expected = {"zh": _zh, "en": _en}[lang]
    assert done.stdout.startswith(expected("help.usage"))
    command = "opsledger site add" if "site" in args else "opsledger"
    assert expected(command)[:20] in done.stdout


def test_chinese_help_fits_the_terminal_it_is_printed_on() -> None:
    """click counts a Chinese character as one column and breaks lines at spaces only."""
    from schemes.reports.textwidth import width

    for args in (["--help"], ["verify", "--help"], ["migrate", "--help"], ["score", "--help"]):
        done = _help(*args, COLUMNS="80")
        lines = [line for line in done.stdout.splitlines() if not line.lstrip().startswith("migrate --")]
        assert max(width(line) for line in lines) <= 80, args


def test_the_receipt_scripts_parse_is_the_same_in_both_languages_and_the_rest_follows_the_reader(
    db: Path,
) -> None:
    fair = ["job_fair_held", "--site", SITE, "--on", "2026-03-05", "title=专场", "format=offline", "kind=daily",
            "companies=36", "jobs=950", "visitors=210"]  # fmt: skip
    zh = invoke_cli("--db", db, "--lang", "zh", "log", *fair, "--key", "a")
    en = invoke_cli("--db", db, "--lang", "en", "log", *fair, "--key", "b")
    assert re.fullmatch(r"appended seq 2 hash [0-9a-f]{64}\n", zh.out), zh
    assert re.fullmatch(r"appended seq 3 hash [0-9a-f]{64}\n", en.out), en
    sites = {
        lang: invoke_cli("--db", db, "--lang", lang, "sites").out.splitlines()[0] for lang in ("zh", "en")
    }
    assert sites["en"].split() == ["site", "events", "first", "last", "name"]
    assert sites["zh"].split() == ["站点", "事件数", "最早", "最晚", "名称"]
    table = invoke_cli("--db", db, "--lang", "zh", "events").out.splitlines()
    assert table[0].split() == ["序号", "发生时间", "站点", "类型", "记录人", "状态", "内容"]
    assert invoke_cli("--db", db, "--lang", "zh", "events", "--type", "correction").out.splitlines()[1] == (
        "（没有符合条件的事件）"
    )


# -- the command line's code itself: no sentence for the reader outside the catalogue -------------------------

# Output calls whose literal text reaches the reader, and the calls that raise an error the user reads.
PRINTS = {"echo", "secho", "say"}
ENGLISH = re.compile(r"[A-Za-z]{2,}[ ,;:]+[A-Za-z]{2,}")  # two English words in a row: a sentence, not an id
# Lines scripts read, the same in both languages: a write's receipt, and `--version`'s line as click words it.
RECEIPT = re.compile(
    r"^appended seq \{x\} hash \{x\}( \((corrects|retracts) seq \{x\}\)|\{x\})?$|^opsledger, version \{x\}$"
)


def _literal(node: ast.AST) -> str:
    """The text written in the source of a string or f-string (placeholders as {})."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{x}" for v in node.values)
    if isinstance(node, ast.BinOp):
        return _literal(node.left) + _literal(node.right)
    return ""


def _offences(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for keyword in node.keywords:
            if keyword.arg == "help" and _literal(keyword.value):
                found.append(f"line {node.lineno}: help= {_literal(keyword.value)!r}")
        if name in PRINTS or name.endswith(("Error", "Exception")):
            for arg in node.args:
                said = _literal(arg)
                if ENGLISH.search(re.sub(r"\{[^}]*\}", "", said)) and not RECEIPT.match(said):
                    found.append(f"line {node.lineno}: {name}({said!r})")
    return found


def test_the_command_line_passes_no_english_sentence_to_the_reader() -> None:
    files = [ROOT / "cli.py", *sorted((ROOT / "commands").glob("*.py"))]
    assert any("@cli.command" in f.read_text(encoding="utf-8") for f in files), "the scan found no commands"
    found = [
        f"{path.name} {offence}" for path in files for offence in _offences(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_check_finds_what_it_looks_for() -> None:
    code = """
@option("--x", help="Only this site.")
def f():
    echo(f"imported {n} events")
    click.echo("done: nothing written")
    raise LedgerError("give --to: the new ledger")
    echo(f"appended seq {e.seq} hash {e.hash}")
    echo(f"{name}  {label}")
"""
    assert [o.split(":")[0] for o in _offences(code)] == ["line 2", "line 4", "line 5", "line 6"]


@pytest.mark.parametrize("width", range(20, 70, 3))
def test_chinese_wrapping_never_splits_a_word_before_closing_punctuation(width: int) -> None:
    # '…dbname。' at a line's end: the word goes down with the '。', never its last letter alone ('dbnam' / 'e。')
    from cli import _wrap

    text = "账本：一个 SQLite 文件，或 postgresql://user@host/dbname。也可用 OPSLEDGER_DB 设置。"
    lines = [line.strip() for line in _wrap(text, width).splitlines()]
    for word in ("SQLite", "postgresql://user@host/dbname", "OPSLEDGER_DB"):
        assert any(word in line for line in lines), (width, lines)
    assert not any(line[0] in "，。、；：！？）" for line in lines if line), (width, lines)


def test_version_is_the_line_click_printed_in_either_language() -> None:
    # cli.py makes its own --version (click's asks gettext for its words as the module loads: issue 15).
    for lang in ("zh", "en"):
        result = invoke_cli("--lang", lang, "--version")
        assert (result.code, result.out) == (0, "opsledger, version 0.1.0\n")


@pytest.mark.parametrize(("lang", "said"), [("zh", "这是一个目录"), ("en", "Is a directory")])
def test_a_directory_given_as_a_scheme_file_is_refused_in_the_readers_language(
    tmp_path: Path, lang: str, said: str
) -> None:
    result = invoke_cli("--lang", lang, "scheme", "check", tmp_path)
    assert result.code == 1 and said in result.err and str(tmp_path) in result.err, result
