"""opsledger's command line: parses and prints; the library in ledger/, projections/, schemes/ does the work.

Heavy modules are imported inside commands so `opsledger log` starts fast. Every LedgerError (and the
upper layers' errors, which subclass it) becomes one line on stderr and exit status 1, in `main` only.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from ledger.store import Ledger

DEFAULT_DB = "opsledger.db"


class Context:
    """What every command needs: where the ledger is."""

    def __init__(self, db: str) -> None:
        self.db_path = Path(db)

    def ledger(self, create: bool = False) -> Ledger:
        from ledger.store import Ledger

        return Ledger(self.db_path, create=create)


pass_ctx = click.make_pass_decorator(Context)


def default_actor() -> str:
    """--actor, else OPSLEDGER_ACTOR, else the OS user."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name (containers): still say who, never fail
        return "unknown"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    envvar="OPSLEDGER_DB",
    default=DEFAULT_DB,
    show_default=True,
    help="Ledger file (SQLite). Also OPSLEDGER_DB.",
)
@click.version_option("0.1.0", prog_name="opsledger")
@click.pass_context
def cli(click_ctx: click.Context, db: str) -> None:
    """opsledger: an append-only, tamper-evident ledger of operations, scored under the buyer's scheme."""
    click_ctx.obj = Context(db)


@cli.command()
@pass_ctx
def init(ctx: Context) -> None:
    """Create an empty ledger file (WAL mode, append-only triggers)."""
    existed = ctx.db_path.exists()
    ledger = ctx.ledger(create=True)
    head_seq, _ = ledger.head()
    if existed:
        click.echo(f"ledger {ctx.db_path} already exists ({head_seq} events); nothing changed")
    else:
        click.echo(f"created ledger {ctx.db_path}")


def echo_json(value: Any) -> None:
    """One JSON document on stdout, UTF-8, Decimals as strings."""
    import json

    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def main() -> None:
    """Console entry point: turns the project's errors into one-line messages (the only place that does)."""
    from ledger.errors import DuplicateEvent, LedgerError

    try:
        cli.main(standalone_mode=False)
    except DuplicateEvent as dup:
        click.echo(str(dup), err=True)
        sys.exit(0)
    except LedgerError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(1)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(1)
    except click.ClickException as err:
        err.show()
        sys.exit(err.exit_code)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except BrokenPipeError:
        # stdout closed early (`opsledger events | head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)


if __name__ == "__main__":
    main()
