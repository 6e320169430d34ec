"""opsledger's command line: parses and prints; the library in ledger/, projections/, schemes/ does the work.

The commands live in commands/, a module for each concern (ledgers, writing, reading, audit, trust, catalogs, web
accounts, with the help pages and what the commands share); importing them here adds them to the `opsledger`
group. This module is the entry point's click half. `opsledger` is `commands.entry:main`, which runs a plain
`opsledger log` and a `score` to the terminal without loading click and everything else through `main` here;
`python -m cli` runs the same entry. Errors become messages in one place (commands.entry.guarded, with click's own
errors added in `main`): every LedgerError (and the upper layers' errors, which subclass it) becomes one line on
stderr and exit status 1. Heavy modules are imported inside commands so each command loads what it uses; every
help text and printed line comes from the message catalogue (ledger/messages).
"""

from __future__ import annotations

if __name__ == "__main__":  # `python -m cli`: the entry point (a plain `log` without click), never this copy
    from commands.entry import main as _entry_main

    _entry_main()
    raise SystemExit(0)

import sys
from typing import Any

import click

# Each command module adds its commands to the group as it is imported (the order does not matter: a group
# lists its commands by name).
from commands import accounts, audit, catalogs, ledgers, reading, trust, writing  # noqa: F401
from commands.base import META, ROLES, SITE_KINDS, cli
from commands.entry import clipped, default_actor, guarded, one_line
from commands.help import HelpContext, _wrap, param_key
from commands.terminal import echo

__all__ = ["META", "ROLES", "SITE_KINDS", "HelpContext", "_wrap", "cli", "default_actor", "main", "param_key"]


# -- the entry point: the one place errors become messages -----------------------------------------------------


def main() -> None:
    """The click half of the entry point (commands.entry.main sends here every command line it does not run itself):
    click's usage errors one line too, with where to look for the rest, and everything else as commands.entry.guarded
    says it."""
    guarded(_click_main, echo)


def _click_main() -> None:
    from ledger.messages import msg, text

    try:
        cli.main(standalone_mode=False, prog_name="opsledger")
    except click.exceptions.Abort:
        echo(text(msg("cli.aborted")), err=True)
        sys.exit(1)
    except click.UsageError as err:
        # click's own message names the option or argument; one line, with where to look for the rest.
        command = err.ctx.command_path if err.ctx else "opsledger"
        usage = msg(
            "cli.usage", error=_click_message(one_line(clipped(err.format_message()))), command=command
        )
        echo(text(msg("cli.error", error=usage)), err=True)
        sys.exit(err.exit_code)
    except click.ClickException as err:
        echo(text(msg("cli.error", error=one_line(clipped(err.format_message())))), err=True)
        sys.exit(err.exit_code)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)


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
    # click 8.2+ adds a close command ("Did you mean 'sites'?"), as it does for options.
    (r"No such command '(?P<command>[^']+)'\.(?: Did you mean '(?P<close>[^']+)'\?)?", "click.no_command"),
    (r"No such command '(?P<command>[^']+)'\. \(Did you mean one of: (?P<close>.+)\?\)", "click.no_command"),
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
            if key in ("click.no_option", "click.no_command"):
                return msg(key, hint=msg("click.close", close=close.strip("'")) if close else "", **values)
            return msg(key, **values)
    return said
