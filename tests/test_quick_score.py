"""The entry point's quick `score` (commands/entry.py, issue 15): every command line it runs without click is the
command click would have run, and every other line goes to click.

As for the quick `log` (test_cli_entry.py), each case runs both ways in this process up to the call they share
(`score_cards`), with the ledger replaced by a recorder: the database, the language and every argument must be
the same. The real runs, with the plain scheme models, are in test_plain_models.py; a terminal that does not take
UTF-8 is declined by both readers (test_cli_entry.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import set_env
from hypothesis import given, settings
from hypothesis import strategies as st

import cli
import commands.reading
from commands import entry as cli_entry
from ledger.messages import current_lang, use_lang

SCORE = ["score", "--site", "chifeng-hr-park", "--period", "2026-Q3"]


class Stop(Exception):
    """Raised by the recording `score_cards` once it has what the command would have done."""


def install_recorder(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    class FakeLedger:
        def __init__(self, db: str, create: bool = False) -> None:
            seen["db"] = db

        def close(self) -> None:
            pass

    def fake_score_cards(ledger: Any, *args: Any) -> list[Any]:
        names = ("site", "period", "scheme_id", "as_of", "assessed_on")
        seen.update(zip(names, args, strict=True))
        seen["lang"] = current_lang()
        raise Stop

    import ledger.ledger

    monkeypatch.setattr(ledger.ledger, "Ledger", FakeLedger)
    monkeypatch.setattr(cli_entry, "score_cards", fake_score_cards)
    monkeypatch.setattr(commands.reading, "score_cards", fake_score_cards)  # where click's `score` finds it
    return seen


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    yield install_recorder(monkeypatch)


ENV_NAMES = ("OPSLEDGER_DB", "OPSLEDGER_SCHEMES", "OPSLEDGER_LANG")


def both_ways(argv: list[str], env: dict[str, str], seen: dict[str, Any],
              monkeypatch: pytest.MonkeyPatch) -> tuple[dict | None, dict | None]:  # fmt: skip
    """What the quick reader would run (None: it declines) and what click would (None: click refuses)."""
    set_env(monkeypatch, ENV_NAMES, env)
    quick = cli_entry.quick_score(argv, os.environ)
    quick_seen = None
    if quick is not None:
        seen.clear()
        with use_lang(None), pytest.raises(Stop):
            cli_entry.run_score(quick)
        quick_seen = {**seen, "format": quick.fmt}
    seen.clear()
    with use_lang(None):
        try:
            cli.cli.main(argv, prog_name="opsledger", standalone_mode=False)
        except Stop:
            pass
        except Exception:  # click's usage errors, the ledger's refusals: click refused the line
            return quick_seen, None
    if not seen:
        return quick_seen, None
    fmt = "table"
    for i, arg in enumerate(argv):  # the format click was given: the last --format, as click keeps it
        if arg == "--format" and i + 1 < len(argv):
            fmt = argv[i + 1]
        elif arg.startswith("--format="):
            fmt = arg.partition("=")[2]
    return quick_seen, {**seen, "format": fmt}


ACCEPTED = [
    pytest.param(SCORE, {}, id="plain"),
    pytest.param(["--db", "x.db", "--lang", "en", *SCORE], {}, id="db and lang"),
    pytest.param(
        ["--db=x.db", "--lang=zh", *SCORE], {"OPSLEDGER_LANG": "en"}, id="lang on the line beats the variable"
    ),  # fmt: skip
    pytest.param(SCORE, {"OPSLEDGER_DB": "env.db"}, id="the variable's ledger"),
    pytest.param(SCORE, {"OPSLEDGER_DB": ""}, id="an empty variable is unset"),
    pytest.param([*SCORE, "--format", "json"], {}, id="json"),
    pytest.param([*SCORE, "--format=table"], {}, id="table"),
    pytest.param(
        [*SCORE, "--as-of", "2026-10-01", "--assessed-on=2026-10-15"], {}, id="as-of and assessed-on"
    ),
    pytest.param(["score", "--period", "2026", "--scheme", "wujiang-alliance"], {}, id="a cohort"),
    pytest.param([*SCORE, "--scheme", "chifeng-park"], {}, id="a site and its scheme"),
    pytest.param(["score", "--period", "2026-Q5", "--site", "x"], {}, id="a bad period reaches the command"),
    pytest.param(["score", "--site", "", "--period", ""], {}, id="empty values"),
    pytest.param([*SCORE, "--assessed-on", "someday"], {}, id="a bad date reaches the command"),
    pytest.param(["--db", "postgresql://u@h/db", *SCORE], {}, id="PostgreSQL (a score reads as no one)"),
]


@pytest.mark.parametrize(("argv", "env"), ACCEPTED)
def test_a_score_to_the_terminal_is_run_without_click_exactly_as_click_runs_it(
    argv: list[str], env: dict[str, str], recorder: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    quick, by_click = both_ways(argv, env, recorder, monkeypatch)
    assert quick is not None, "the quick reader declined a plain score"
    assert quick == by_click


DECLINED = [
    pytest.param([*SCORE, "--help"], {}, id="help"),
    pytest.param([*SCORE, "--format", "pdf", "--out", "a.pdf"], {}, id="a file format"),
    pytest.param([*SCORE, "--format", "csv"], {}, id="csv to the terminal (its writer is click's)"),
    pytest.param([*SCORE, "--out", "a.xlsx"], {}, id="--out"),
    pytest.param([*SCORE, "--format", "yaml"], {}, id="an unknown format"),
    pytest.param(["score", "--period", "2026"], {}, id="neither site nor scheme"),
    pytest.param(["score", "--site", "s"], {}, id="no period"),
    pytest.param([*SCORE, "extra"], {}, id="a stray word"),
    pytest.param([*SCORE, "--site", "other"], {}, id="an option given twice"),
    pytest.param([*SCORE, "--as-of", "-1"], {}, id="a value beginning with -"),
    pytest.param([*SCORE, "--colour"], {}, id="an unknown option"),
    pytest.param(["--lang", "fr", *SCORE], {}, id="a language click refuses"),
    pytest.param(["--schemes-dir", "s", *SCORE], {}, id="schemes-dir on the line"),
    pytest.param(SCORE, {"OPSLEDGER_SCHEMES": "s"}, id="schemes-dir in the environment"),
]


@pytest.mark.parametrize(("argv", "env"), DECLINED)
def test_anything_but_a_score_to_the_terminal_is_left_to_click(
    argv: list[str], env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    set_env(monkeypatch, ENV_NAMES, env)
    assert cli_entry.quick_score(argv, os.environ) is None


def test_the_quick_reader_knows_every_option_of_score_or_declines_it() -> None:
    """An option added to `score` (commands/reading.py) fails here until cli_entry reads it or declines it."""
    options = {name for param in cli.cli.commands["score"].params for name in getattr(param, "opts", [])}
    assert options == {*cli_entry.SCORE_OPTIONS, "--out"}  # --out: files are click's


def test_a_process_that_has_its_own_models_keeps_them() -> None:
    """The tests' process chose pydantic's models (conftest.py): an in-process `score` cannot make them plain,
    and goes through click."""
    assert cli_entry._plain_models() is False


TOKENS = ["score", "log", "--site", "--site=s", "s", "--period", "2026-Q3", "--period=2026", "--scheme", "w",
          "--as-of", "2026-10-01", "--assessed-on", "--format", "json", "table", "pdf", "--format=json", "--out",
          "-", "--", "-h", "--help", "--db", "--db=d.db", "--lang", "en", "--lang=xx", "--nosuch", ""]  # fmt: skip


OPTIONS = [
    "--site",
    "--period",
    "--scheme",
    "--as-of",
    "--assessed-on",
    "--format",
    "--out",
    "--db",
    "--lang",
]
VALUES = [
    "s",
    "2026-Q3",
    "2026",
    "w",
    "2026-10-01",
    "json",
    "table",
    "pdf",
    "en",
    "xx",
    "",
    "-",
    "-1",
    "--help",
]
PAIRS = st.tuples(st.sampled_from(OPTIONS[2:]), st.sampled_from(VALUES)).map(list)  # beside --site, --period
WORDS = st.one_of(
    st.sampled_from(TOKENS).map(lambda token: [token]),
    st.tuples(st.sampled_from(OPTIONS), st.sampled_from(VALUES)).map(list),  # an option and a value for it
    st.tuples(st.sampled_from(OPTIONS), st.sampled_from(VALUES)).map(lambda pair: ["=".join(pair)]),
)


@settings(max_examples=int(os.environ.get("OPSLEDGER_ENTRY_EXAMPLES", "400")), deadline=None)
@given(
    argv=st.one_of(
        st.lists(st.sampled_from(TOKENS), max_size=12),
        # most random lines are no `score` at all: these begin as one, with options and values among the tokens
        st.lists(WORDS, max_size=6).map(lambda parts: ["score", "--period", "2026-Q3", *sum(parts, [])]),
        st.lists(PAIRS, max_size=4).map(
            lambda parts: ["score", "--site", "s", "--period", "2026", *sum(parts, [])]
        ),
    )
)
def test_any_score_line_the_quick_reader_takes_is_the_line_click_runs(argv: list[str]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        seen = install_recorder(monkeypatch)
        quick, by_click = both_ways(argv, {}, seen, monkeypatch)
        if quick is not None:
            assert quick == by_click, argv
