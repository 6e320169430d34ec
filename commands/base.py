"""What every command shares: the `opsledger` group and its options, the command's `Context` (where the
ledger is), catalogue lines (`say`, `words`), and the options and helpers several commands take (the actor,
keys, dates, a known site, a progress bar).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from commands.entry import DEFAULT_DB, default_actor, json_text, writer_for
from commands.help import Group, option, show_version, use_lang
from commands.terminal import echo

if TYPE_CHECKING:
    from ledger.ledger import Ledger


class Context:
    """What every command needs: where the ledger is."""

    def __init__(self, db: str) -> None:
        self.db = db  # a file path (SQLite) or a postgresql:// URL
        self.db_path = Path(db)
        self._ledger: Ledger | None = None

    def ledger(self, create: bool = False) -> Ledger:
        from ledger.ledger import Ledger

        if self._ledger is None:
            self._ledger = Ledger(self.db, create=create)
        return self._ledger

    def login(self, given: str | None) -> str:
        """The actor on a PostgreSQL ledger: the database login, which the database enforces on every event;
        a name typed with --actor or OPSLEDGER_ACTOR would be refused by it, so it is refused here first."""
        from ledger.errors import LedgerError
        from ledger.messages import msg

        login = self.ledger().store.login
        if given:
            from ledger.messages import msg

            raise LedgerError(msg("cli.pg_actor", login=repr(login)))
        return login or default_actor()

    def close(self) -> None:
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None


pass_ctx = click.make_pass_decorator(Context)


class SeqType(click.ParamType):
    """An event's sequence number: digits, within what a store can hold (ledger/limits.py), checked before
    Python parses a number of any length."""

    name = "SEQ"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        from ledger import limits

        if isinstance(value, int):
            number = value
        elif isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 19:
            number = int(value)
        else:
            self.fail(words("cmd.not_seq", value=limits.quote(value), max=limits.SEQ_MAX), param, ctx)
        if number > limits.SEQ_MAX:  # 0 passes: the ledger then says which numbers it holds
            self.fail(words("cmd.not_seq", value=number, max=limits.SEQ_MAX), param, ctx)
        return number


SEQ = SeqType()


@click.group("opsledger", cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@option(
    "--db",
    envvar="OPSLEDGER_DB",
    default=DEFAULT_DB,
    show_default=True,
)
@option(
    "--schemes-dir",
    envvar="OPSLEDGER_SCHEMES",
    default=None,
    metavar="DIR",
)
@option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    expose_value=False,
    is_eager=True,
    callback=lambda _ctx, _param, value: use_lang(value),
)
# Not click's version_option: it too asks gettext for its words as the module loads (see get_help_option).
@option("--version", is_flag=True, expose_value=False, is_eager=True, callback=show_version)
@click.pass_context
def cli(click_ctx: click.Context, db: str, schemes_dir: str | None) -> None:
    if schemes_dir:
        from schemes.model import ENV, scheme_dirs

        scheme_dirs(
            Path(schemes_dir)
        )  # a directory that does not exist is refused here, before anything runs
        os.environ[ENV] = (
            schemes_dir  # every command that loads a scheme reads it (schemes.model.scheme_dirs)
        )
    click_ctx.obj = Context(db)
    click_ctx.call_on_close(click_ctx.obj.close)


def say(message_id: str, err: bool = False, **values: Any) -> None:
    """One line from the catalogue (ledger/messages/commands.py), in the reader's language."""
    from ledger.messages import msg, text

    echo(text(msg(message_id, **values)), err=err)


def words(message_id: str, **values: Any) -> str:
    """A catalogue text in the reader's language, to build a line or a table heading from."""
    from ledger.messages import msg, text

    return text(msg(message_id, **values))


def echo_json(value: Any) -> None:
    """One JSON document on stdout, UTF-8, Decimals as strings."""
    echo(json_text(value))


# Closed sets repeated here (not imported) so `--help` and `log` never load the catalog just to build the
# option list; tests/test_catalog.py checks they match ledger.events.
SITE_KINDS = ("park", "talent_center", "employment_market", "gig_market", "alliance_unit")


ROLES = ("operator", "assessor")


META = ("correction", "retraction", "evidence_attached", "late_event_accepted")


actor_option = option(
    "--actor",
    envvar="OPSLEDGER_ACTOR",
    default=None,
)


def _server_context() -> Context | None:
    """The command's Context when its ledger is on a server (PostgreSQL), else None."""
    from ledger.store import is_server_url

    click_ctx = click.get_current_context(silent=True)
    context = click_ctx.find_object(Context) if click_ctx else None
    return context if context is not None and is_server_url(context.db) else None


def actor_name(actor: str | None, default: str | None = None) -> str:
    """Who writes: --actor, else OPSLEDGER_ACTOR, else `default` (the buyer, for the buyer's acts), else the OS
    user; on PostgreSQL the database login, and a typed name is refused."""
    server = _server_context()
    if server is not None:
        return server.login(actor)
    return actor or default or default_actor()


def key_owner(actor: str | None) -> str:
    """Whose key file a keys command means: --actor (a file name, never written to the ledger), else the
    database login on PostgreSQL (the name that signs there), else the OS user."""
    server = _server_context()
    return actor or (server.login(None) if server is not None else default_actor())


def plausibility_options(command: Any) -> Any:
    """--allow-future and --confirm: what `log` and `import` need to store what looks like a typo."""
    command = option("--confirm", is_flag=True)(command)  # fmt: skip
    return option("--allow-future", is_flag=True)(command)


keys_dir_option = option(
    "--keys-dir",
    default=None,
    metavar="DIR",
)


buyer_option = option(
    "--buyer",
    envvar="OPSLEDGER_BUYER",
    default=None,
    metavar="NAME",
)


def writer_of(
    actor: str | None, keys_dir: str | None = None, buyer: str | None = None, default: str | None = None
) -> Any:
    """The actor (`actor_name`) and the keys they hold: their own key file and --buyer's, read only if an act needs
    one."""
    return writer_for(actor_name(actor, default), keys_dir, buyer)


def today_text() -> str:
    from ledger.envelope import now

    return now().date().isoformat()


def as_of_text(text: str | None) -> str | None:
    """--as-of as the fixed-width recorded_at text it is compared with."""
    if text is None:
        return None
    from ledger.envelope import format_instant, parse_instant

    return format_instant(parse_instant(text))


def known_site(ledger: Ledger, site: str) -> None:
    """A filter on a site that was never registered is a typo: say so instead of printing nothing."""
    import difflib

    from ledger.errors import LedgerError
    from ledger.messages import msg

    sites = ledger.registered_sites()
    if site not in sites:
        close = difflib.get_close_matches(site, sorted(sites), n=1)
        from ledger.messages import msg

        hint = msg("site.did_you_mean", close=close[0]) if close else msg("site.list_hint")
        raise LedgerError(msg("site.unknown", site=site, hint=hint))


class ProgressBar:
    """`with ProgressBar("importing") as tick:` a rich progress bar on stderr, only while stdout and stderr are
    both terminals; otherwise `tick` is None and nothing is printed (rich is not even imported).
    `tick(done)` or `tick(done, total)`: a bar without a total just counts."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> Any:
        if not (sys.stdout.isatty() and sys.stderr.isatty()):
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=Console(stderr=True), transient=True)  # fmt: skip
        self.bar.start()
        self.task = self.bar.add_task(self.label, total=None)
        return self.tick

    def tick(self, done: int, total: int | None = None) -> None:
        self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
