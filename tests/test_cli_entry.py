"""The entry point's quick `log` (commands/entry.py, issue 15): every command line it runs without click is the command
click would have run, and every other line goes to click.

Each case runs both ways in this process, up to the one call they share (`log_one`), with the ledger and the
writer replaced by recorders: the database, the language, every argument and the actor must be the same. The
real runs (a subprocess `opsledger log` without click, its messages) are in test_startup.py and every CLI test,
which run through the same entry.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import set_env
from hypothesis import given, settings
from hypothesis import strategies as st

import cli
import commands.base
import commands.writing
from commands import entry as cli_entry
from ledger.messages import current_lang, use_lang

LOG = ["log", "gig_job_posted", "employer=沙县小吃集团", "positions=2", "--site", "wj", "--on", "2026-11-20"]


class Stop(Exception):
    """Raised by the recording `log_one` once it has what the command would have done."""


class Recorded(dict):
    pass


def install_recorder(monkeypatch: pytest.MonkeyPatch) -> Recorded:
    """Both readers' shared body, ledger and writer replaced by recorders of what they were given."""
    seen = Recorded()

    class FakeLedger:
        def __init__(self, db: str, create: bool = False) -> None:
            seen["db"] = db

        def close(self) -> None:
            pass

    def fake_log_one(open_ledger: Any, writer: Any, *args: Any) -> None:
        open_ledger()
        names = ("event_type", "fields", "site", "on", "key", "covers", "evidence", "allow_future", "confirm")
        seen.update(
            {
                name: tuple(v) if isinstance(v, list | tuple) else v
                for name, v in zip(names, args[:-1], strict=True)  # the last: how each face prints
            }
        )
        seen["writer"] = writer()
        seen["lang"] = current_lang()
        raise Stop

    import ledger.ledger

    monkeypatch.setattr(ledger.ledger, "Ledger", FakeLedger)
    monkeypatch.setattr(cli_entry, "log_one", fake_log_one)
    monkeypatch.setattr(commands.writing, "log_one", fake_log_one)  # where click's `log` finds it

    def fake_writer(
        name: str, keys_dir: str | None = None, buyer: str | None = None
    ) -> tuple[str | None, ...]:
        return name, keys_dir, buyer

    monkeypatch.setattr(cli_entry, "writer_for", fake_writer)
    monkeypatch.setattr(commands.base, "writer_for", fake_writer)
    return seen


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorded]:
    yield install_recorder(monkeypatch)


ENV_NAMES = ("OPSLEDGER_DB", "OPSLEDGER_ACTOR", "OPSLEDGER_SCHEMES", "OPSLEDGER_LANG")


def both_ways(argv: list[str], env: dict[str, str], recorder: Recorded,
              monkeypatch: pytest.MonkeyPatch) -> tuple[dict | None, dict | None]:  # fmt: skip
    """What the quick reader would run (None: it declines) and what click would (None: click refuses)."""
    set_env(monkeypatch, ENV_NAMES, env)
    quick = cli_entry.quick_log(argv, os.environ)
    quick_seen = None
    if quick is not None:
        recorder.clear()
        with use_lang(None), pytest.raises(Stop):
            cli_entry.run_quick(quick)
        quick_seen = dict(recorder)
    recorder.clear()
    with use_lang(None):
        try:
            cli.cli.main(argv, prog_name="opsledger", standalone_mode=False)
        except Stop:
            pass
        except Exception:  # click's usage errors, the ledger's refusals: click refused the line
            return quick_seen, None
        click_seen = dict(recorder) or None
    return quick_seen, click_seen


ACCEPTED = [
    pytest.param(LOG, {}, id="plain"),
    pytest.param(["--db", "x.db", *LOG], {}, id="db"),
    pytest.param(["--db=x.db", "--lang", "en", *LOG], {}, id="db= and lang"),
    pytest.param(["--lang=zh", *LOG], {"OPSLEDGER_LANG": "en"}, id="lang on the line beats the variable"),
    pytest.param(LOG, {"OPSLEDGER_DB": "env.db", "OPSLEDGER_ACTOR": "王五"}, id="variables"),
    pytest.param(
        ["--db", "line.db", *LOG, "--actor", "张三"],
        {"OPSLEDGER_DB": "env.db", "OPSLEDGER_ACTOR": "王五"},
        id="the line beats the variables",
    ),  # fmt: skip
    pytest.param(LOG, {"OPSLEDGER_DB": "", "OPSLEDGER_ACTOR": ""}, id="empty variables are unset"),
    pytest.param([*LOG, "--actor", ""], {"OPSLEDGER_ACTOR": "王五"}, id="an empty actor on the line"),
    pytest.param(
        [
            "log",
            "--site",
            "wj",
            "gig_job_posted",
            "--on=2026-11-20",
            "employer=x",
            "--key",
            "k-1",
            "positions=2",
        ],
        {},
        id="options among the fields",
    ),  # fmt: skip
    pytest.param(
        [*LOG, "--evidence", "a.jpg", "--evidence=b.pdf", "--covers", "2026-11", "--keys-dir", "k"],
        {},
        id="evidence twice, covers, keys-dir",
    ),  # fmt: skip
    pytest.param([*LOG, "--allow-future", "--confirm"], {}, id="flags"),
    pytest.param(["log", "job_fair_held", "--site", "", "--on", ""], {}, id="empty values"),
    pytest.param(
        ["log", "t", "a=--x", "--site", "s", "--on", "d"], {}, id="a field whose value begins with -"
    ),
    pytest.param(
        ["log", "t", "--site", "s", "--on", "d", "=", "x="], {}, id="malformed fields reach the command"
    ),
]


@pytest.mark.parametrize(("argv", "env"), ACCEPTED)
def test_a_plain_log_is_run_without_click_exactly_as_click_runs_it(
    argv: list[str], env: dict[str, str], recorder: Recorded, monkeypatch: pytest.MonkeyPatch
) -> None:
    quick, by_click = both_ways(argv, env, recorder, monkeypatch)
    assert quick is not None, "the quick reader declined a plain log"
    assert quick == by_click


DECLINED = [
    pytest.param(["--help"], {}, id="help"),
    pytest.param(["--version"], {}, id="version"),
    pytest.param(["events"], {}, id="another command"),
    pytest.param(["-h", *LOG], {}, id="short help before the command"),
    pytest.param([*LOG, "--help"], {}, id="help after the command"),
    pytest.param([*LOG, "-h"], {}, id="short help after the command"),
    pytest.param([*LOG, "--site", "other"], {}, id="an option given twice (click keeps the last)"),
    pytest.param([*LOG, "--key", "-k"], {}, id="a value beginning with -"),
    pytest.param([*LOG, "--colour"], {}, id="an unknown option"),
    pytest.param([*LOG, "--confirm=yes"], {}, id="a flag given a value"),
    pytest.param(["log", "t", "--on", "d"], {}, id="no --site"),
    pytest.param(["log", "--site", "s", "--on", "d"], {}, id="no type"),
    pytest.param([*LOG, "--", "x=1"], {}, id="end of options"),
    pytest.param([*LOG, "-"], {}, id="a lone dash"),
    pytest.param([*LOG, "--key"], {}, id="an option without its value"),
    pytest.param(["--lang", "fr", *LOG], {}, id="a language click refuses"),
    pytest.param(["--schemes-dir", "s", *LOG], {}, id="schemes-dir on the line"),
    pytest.param(LOG, {"OPSLEDGER_SCHEMES": "s"}, id="schemes-dir in the environment"),
    pytest.param(["--db", "postgresql://u@h/db", *LOG], {}, id="PostgreSQL: the actor is the login"),
    pytest.param(["--db", "-x.db", *LOG], {}, id="a ledger path beginning with -"),
]


@pytest.mark.parametrize(("argv", "env"), DECLINED)
def test_anything_but_a_plain_log_is_left_to_click(
    argv: list[str], env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    set_env(monkeypatch, ENV_NAMES, env)
    assert cli_entry.quick_log(argv, os.environ) is None


@pytest.mark.parametrize(
    ("reader", "argv"),
    [
        pytest.param(cli_entry.quick_log, LOG, id="log"),
        pytest.param(cli_entry.quick_score, ["score", "--site", "s", "--period", "2026-Q3"], id="score"),
    ],
)
def test_a_terminal_that_does_not_take_utf8_is_left_to_click(
    reader: Any, argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Latin1:
        encoding = "latin-1"

    monkeypatch.setattr(sys, "stdout", Latin1())
    assert reader(argv, {}) is None


def opts(command: Any) -> set[str]:
    return {name for param in command.params for name in getattr(param, "opts", []) if name.startswith("-")}


def test_the_quick_reader_knows_every_option_of_log_and_of_the_group_or_declines_it() -> None:
    """An option added to `log` (commands/writing.py) fails here until cli_entry reads it (or declines it):
    otherwise the quick reader would decline every line that uses it, silently slow, or worse, a new flag would be
    refused."""
    assert opts(cli.cli.commands["log"]) == {
        *cli_entry.LOG_OPTIONS,
        *cli_entry.LOG_MULTIPLE,
        *cli_entry.LOG_FLAGS,
    }
    assert opts(cli.cli) == {*cli_entry.GROUP_OPTIONS, "--schemes-dir", "--version"}


TOKENS = ["log", "events", "t", "x=1", "a=-1", "", "-", "--", "-h", "--help", "--version", "--site", "--site=s",
          "--on", "--on=d", "--key", "--key=k", "--covers", "--evidence", "--evidence=e", "--keys-dir", "--actor",
          "--actor=", "--allow-future", "--confirm", "--confirm=1", "--db", "--db=d.db", "--lang", "--lang=en",
          "--lang=xx", "en", "zh", "--schemes-dir", "--nosuch", "-x", "s", "d"]  # fmt: skip


@settings(max_examples=int(os.environ.get("OPSLEDGER_ENTRY_EXAMPLES", "400")), deadline=None)
@given(argv=st.lists(st.sampled_from(TOKENS), max_size=12), actor=st.sampled_from(["", "王五", None]))
def test_any_line_the_quick_reader_takes_is_the_line_click_runs(argv: list[str], actor: str | None) -> None:
    """Over command lines built from the options' names, values and the tokens that trip parsers: whenever the
    quick reader takes a line, click runs the same command with the same arguments."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        seen = install_recorder(monkeypatch)
        env = {} if actor is None else {"OPSLEDGER_ACTOR": actor}
        quick, by_click = both_ways(argv, env, seen, monkeypatch)
        if quick is not None:
            assert quick == by_click, argv
