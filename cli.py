"""opsledger's command line: parses and prints; the library in ledger/, projections/, schemes/ does the work.

The commands live in `commands/`, one module per concern (help texts and the command classes, what every command
shares, then ledgers, writing, reading, audit, trust, catalogs, web accounts); importing them here adds each to
the one `opsledger` group. This module is the entry point (`opsledger` is `cli:main`, `python -m cli` runs it) and
the one place errors are turned into messages: every LedgerError (and the upper layers' errors, which subclass
it) becomes one line on stderr and exit status 1, in `main` only. Heavy modules are imported inside commands so
`opsledger log` starts fast; every help text and printed line comes from the message catalogue (ledger/messages).
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Any

import click

# Importing each module adds its commands to the group.
from commands import accounts, audit, catalogs, ledgers, reading, trust, writing  # noqa: F401
from commands.help import HelpContext, param_key, wrap_text
from commands.shared import META, ROLES, SITE_KINDS, cli, default_actor, echo, words

__all__ = [
    "META", "ROLES", "SITE_KINDS", "HelpContext", "cli", "default_actor", "main", "param_key", "wrap_text",
]  # fmt: skip


# -- the entry point: the one place errors become messages -----------------------------------------------------


def main() -> None:
    """Console entry point: turns the project's errors into one-line messages (the only place that does).

    Whatever happens, the user sees one line on stderr and a non-zero exit, never a traceback: the project's
    errors and click's usage errors as they are, a full disk or an unwritable output as what it is, and anything
    else as an internal error to report (OPSLEDGER_DEBUG=1 shows its traceback). The fuzz tests
    (tests/test_fuzz_cli.py) fail on any internal error, so this last line is a net, not a way to hide one.
    """
    from ledger.errors import DuplicateEvent, LedgerError
    from ledger.messages import msg, text

    try:
        try:
            cli.main(standalone_mode=False, prog_name="opsledger")
        finally:
            sys.stdout.flush()  # a full disk behind stdout surfaces here, not as a warning at exit
    except DuplicateEvent as dup:
        echo(str(dup), err=True)
        sys.exit(0)
    except LedgerError as err:
        echo(text(msg("cli.error", error=_one_line(_clipped(text(err))))), err=True)
        sys.exit(1)
    except click.exceptions.Abort:
        echo(text(msg("cli.aborted")), err=True)
        sys.exit(1)
    except click.UsageError as err:
        # click's own message names the option or argument; one line, with where to look for the rest.
        command = err.ctx.command_path if err.ctx else "opsledger"
        usage = msg(
            "cli.usage", error=_click_message(_one_line(_clipped(err.format_message()))), command=command
        )
        echo(text(msg("cli.error", error=usage)), err=True)
        sys.exit(err.exit_code)
    except click.ClickException as err:
        echo(text(msg("cli.error", error=_one_line(_clipped(err.format_message())))), err=True)
        sys.exit(err.exit_code)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except BrokenPipeError:
        # stdout closed early (`opsledger events | head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except KeyboardInterrupt:
        echo(text(msg("cli.interrupted")), err=True)
        sys.exit(130)
    except OSError as err:
        _drop_stdout()
        if err.errno == errno.ENOSPC:
            echo(text(msg("cli.error", error=msg("cli.disk_full"))), err=True)
        else:
            from ledger.messages import os_reason

            where = f" {_clipped(repr(err.filename))}" if err.filename else ""
            echo(
                text(msg("cli.error", error=msg("cli.cannot_rw", where=where, reason=os_reason(err)))),
                err=True,
            )
        sys.exit(1)
    except Exception as err:  # noqa: BLE001 - the last net: one line, never a traceback
        if os.environ.get("OPSLEDGER_DEBUG"):
            raise
        _drop_stdout()
        what = f"{type(err).__name__}: {_one_line(_clipped(text(err)))}"
        echo(text(msg("cli.error", error=msg("cli.internal", what=what))), err=True)
        sys.exit(70)


# click's own usage errors, recognised by their (English) wording and said again from the catalogue, so a Chinese
# reader gets them in Chinese too; anything else click says is shown as click said it.
_CLICK = (
    (r"No such option '(?P<option>[^']+)'\.(?: Did you mean '(?P<close>[^']+)'\?)?", "click.no_option"),
    (r"No such option '(?P<option>[^']+)'\. \(Did you mean one of: (?P<close>.+)\?\)", "click.no_option"),
    (
        r"Invalid value for '(?P<option>[^']+)': '(?P<value>[^']*)' is not one of (?P<choices>.+)\.",
        "click.not_choice",
    ),
    (r"Missing option '(?P<option>[^']+)'\.", "click.missing_option"),
    (r"Missing argument '(?P<argument>[^']+)'\.", "click.missing_argument"),
    (r"Got unexpected extra arguments? \((?P<arguments>.+)\)", "click.extra"),
    (r"No such command '(?P<command>[^']+)'\.", "click.no_command"),
    (r"Option '(?P<option>[^']+)' requires an argument\.", "click.needs_value"),
    (r"Invalid value for '(?P<option>[^']+)': (?P<detail>.+)", "click.invalid"),
)


def _click_message(said: str) -> Any:
    import re

    from ledger.messages import current_lang, msg

    if current_lang() == "en":
        return said  # click's own words
    for pattern, key in _CLICK:
        found = re.fullmatch(pattern, said, flags=re.S)
        if found:
            values = {k: v for k, v in found.groupdict().items() if k != "close"}
            close = found.group("close") if "close" in found.groupdict() else None
            if key == "click.no_option":
                return msg(key, hint=msg("click.close", close=close.strip("'")) if close else "", **values)
            return msg(key, **values)
    return said


def _one_line(text: str) -> str:
    return " ".join(text.split("\n")) if "\n" in text else text


def _clipped(text: str) -> str:
    """A message that quotes the user's input ('...') quotes at most ~80 characters of it."""
    import re

    from ledger.limits import QUOTE

    long_quote = re.compile("'([^'\\n]{%d,})'|\"([^\"\\n]{%d,})\"" % (QUOTE + 1, QUOTE + 1))  # noqa: UP031
    text = long_quote.sub(
        lambda m: (
            f"{m.group()[: QUOTE + 1]}…{m.group()[0]} ({words('cmd.characters', n=len(m.group()) - 2)})"
        ),
        text,
    )
    return text if len(text) <= 20 * QUOTE else text[: 20 * QUOTE] + "…"


def _drop_stdout() -> None:
    """Discard what is still buffered for a stdout that cannot take it, so exiting does not fail again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":  # `python -m cli`
    main()
