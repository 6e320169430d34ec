"""opsledger's command line: parses and prints; the library in ledger/, projections/, schemes/ does the work.

One module, in sections by concern (help texts, what the commands share, then ledgers, writing, reading, audit,
trust, catalogs, web accounts), ending with the entry point's click half. `opsledger` is `cli_entry:main`, which
runs a plain `opsledger log` without loading click and everything else through `main` here; `python -m cli` runs
the same entry. Errors become messages in one place (cli_entry.guarded, with click's own errors added in `main`):
every LedgerError (and the upper layers' errors, which subclass it) becomes one line on stderr and exit status 1.
Heavy modules are imported inside commands so each command loads what it uses; every help text and printed line
comes from the message catalogue (ledger/messages).
"""

from __future__ import annotations

if __name__ == "__main__":  # `python -m cli`: the entry point (a plain `log` without click), never this copy
    from cli_entry import main as _entry_main

    _entry_main()
    raise SystemExit(0)

import functools
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cli_entry import (
    DEFAULT_DB,
    clipped,
    default_actor,
    guarded,
    json_text,
    log_one,
    one_line,
    print_scores,
    score_cards,
    writer_for,
)
from cli_entry import calendar_day as _day

if TYPE_CHECKING:
    from ledger.ledger import Ledger

__all__ = ["META", "ROLES", "SITE_KINDS", "HelpContext", "cli", "default_actor", "main", "param_key"]


# -- help: the catalogue's texts on click's pages --------------------------------------------------------------


def _set_lang(value: str | None) -> None:
    """--lang fixes the language of every message for the rest of the command (ledger/messages)."""
    if value:
        from ledger.messages import set_lang

        set_lang(value)


def _says(key: str) -> str:
    """A catalogue text in the current language, as written (help texts have no placeholders)."""
    from ledger.messages import CATALOGUE, current_lang

    zh, en = CATALOGUE[key]
    return en if current_lang() == "en" else zh


def _english() -> bool:
    from ledger.messages import current_lang

    return current_lang() == "en"


def param_key(param: click.Parameter) -> str:
    """How the catalogue names a parameter: an option by its long name (--site), an argument by its name."""
    if isinstance(param, click.Option):
        longs = [o for o in param.opts if o.startswith("--")]
        return (longs or param.opts)[0]
    return param.name or ""


def help_text(path: str, param: click.Parameter | None = None) -> str | None:
    """The help of command `path` ('opsledger site add') or of one of its parameters: the command's own entry,
    else the one every command taking that option shares ('* --actor'); None if the catalogue has neither."""
    from ledger.messages import CATALOGUE

    if param is None:
        return _says(path) if path in CATALOGUE else None
    name = param_key(param)
    for key in (f"{path} {name}", f"* {name}"):
        if key in CATALOGUE:
            return _says(key)
    return None


_WIDE = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"


_NO_LINE_START = set("，。、；：！？）」』》…")


def _columns(text: str) -> int:
    """Columns a text takes on a terminal: a Chinese character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _wrap(text: str, width: int, indent: str = "") -> str:
    """Chinese help wrapped to `width` columns: a line may break between any two Chinese characters (click's
    wrapper breaks at spaces only and counts a Chinese character as one column), never before closing
    punctuation; a paragraph whose first line is \\b is kept as written."""
    import re

    tokens = re.compile(f"\\s+|[{_WIDE}]|[^\\s{_WIDE}]+")
    paragraphs = []
    for paragraph in text.split("\n\n"):
        if paragraph.startswith("\b\n"):
            paragraphs.append("\n".join(indent + line for line in paragraph[2:].splitlines()))
            continue
        lines: list[str] = []
        line = ""
        for token in tokens.findall(" ".join(paragraph.splitlines())):
            if token.isspace():
                line += " " if line else ""
                continue
            if line.strip() and _columns(indent + line + token) > width:
                carried = ""
                if token in _NO_LINE_START:  # what comes before it goes down with it: a character or a word
                    word = re.search(f"[^\\s{_WIDE}]+$", line)
                    cut = word.start() if word else len(line) - 1
                    if not line[:cut].strip():  # a word as wide as the line: the mark overhangs it
                        line += token
                        continue
                    line, carried = line[:cut], line[cut:]
                lines.append(line.rstrip())
                line = carried
            line += token
        lines.append(line.rstrip())
        paragraphs.append("\n".join(indent + one for one in lines))
    return "\n\n".join(paragraphs)


class HelpFormatter(click.HelpFormatter):
    """click's help page with its own words (Usage, Options...) from the catalogue, and Chinese wrapped by
    terminal columns. In English it is click's page, word for word."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _says("help.usage") if prefix is None else prefix)

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        headings = {
            "Options": "help.options",
            "Positional arguments": "help.arguments",
            "Commands": "help.commands",
        }
        self.write_paragraph()
        heading = _says(headings[name]) if name in headings else f"{name}:"
        self.write(f"{'':>{self.current_indent}}{heading}\n")
        self.indent()
        try:
            yield
        finally:
            self.dedent()

    def write_text(self, text: str) -> None:
        if _english():
            return super().write_text(text)
        self.write(_wrap(text, self.width, " " * self.current_indent) + "\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        if _english():
            return super().write_dl(rows, col_max, col_spacing)
        rows = list(rows)
        first_col = min(max((_columns(first) for first, _ in rows), default=0), col_max) + col_spacing
        margin = " " * (first_col + self.current_indent)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if _columns(first) <= first_col - col_spacing:
                self.write(" " * (first_col - _columns(first)))
            else:
                self.write("\n" + margin)
            wrapped = _wrap(second, max(self.width - first_col - self.current_indent, 10)).splitlines()
            self.write("\n".join(wrapped[:1] + [margin + line for line in wrapped[1:]]) + "\n")


class HelpContext(click.Context):
    formatter_class = HelpFormatter


class Option(click.Option):
    """An option whose help is the catalogue's (`where`: the command path it belongs to)."""

    where = ""

    @property  # type: ignore[override]
    def help(self) -> str | None:
        return help_text(self.where, self)

    @help.setter
    def help(self, value: str | None) -> None:
        """click's own default words (--help, --version) give way to the catalogue's, like every option's."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        """click's record, its [default: ...] and [required] in the reader's language too."""
        if self.hidden:
            return None
        from ledger.messages import msg, text

        extra = self.get_help_extra(ctx)
        notes = [text(msg("help.default", default=extra["default"]))] if "default" in extra else []
        notes += [extra["range"]] if "range" in extra else []
        notes += [_says("help.required")] if "required" in extra else []
        help = self.help or ""
        if notes:
            help = f"{help}  [{'; '.join(notes)}]" if help else f"[{'; '.join(notes)}]"
        return self.get_help_spec(ctx), help


class Argument(click.Argument):
    """An argument whose help is the catalogue's."""

    where = ""

    @property  # type: ignore[override]
    def help(self) -> str | None:
        return help_text(self.where, self)

    @help.setter
    def help(self, value: str | None) -> None:
        pass


option = functools.partial(click.option, cls=Option)
VERSION = "0.1.0"


argument = functools.partial(click.argument, cls=Argument)


def _show_help(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        echo(f"opsledger, version {VERSION}", color=ctx.color)
        ctx.exit()


class Command(click.Command):
    """A command whose help is the catalogue's entry for its path ('opsledger site add'), set when a group
    adds it."""

    context_class = HelpContext
    path = ""
    _opsledger_help: Option | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.place(self.name or "")

    @property  # type: ignore[override]
    def help(self) -> str | None:
        return help_text(self.path)

    @help.setter
    def help(self, value: str | None) -> None:
        pass

    def place(self, path: str) -> None:
        self.path = path
        for param in self.params:
            param.where = path  # type: ignore[attr-defined]

    def get_short_help_str(self, limit: int = 45) -> str:
        """The command's line in its group's list: click's in English; in Chinese the first sentence, clipped
        to the columns there are (click measures words between spaces, which Chinese has none of)."""
        if _english():
            return super().get_short_help_str(limit)
        first, depth = (self.help or "").split("\n\n")[0], 0
        for i, char in enumerate(first):  # up to the first 。 or ； outside brackets
            depth += (char in "（(") - (char in "）)")
            if char in "。；" and depth == 0:
                first = first[:i]
                break
        if _columns(first) <= limit:
            return first
        while first and _columns(first + "…") > limit:
            first = first[:-1]
        return first + "…"

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        """--help, made here rather than by click's `help_option`: that one looks its English words up in
        gettext's catalogues on disk first (about a millisecond a command, and `locale` imported), for words the
        catalogue's replace anyway."""
        names = self.get_help_option_names(ctx)
        if not names or not self.add_help_option:
            return None
        if self._opsledger_help is None:
            # Its value is stored under a name no parameter of ours has, as click's own is (click 8.5).
            found = Option([*names, "_opsledger_help"], is_flag=True, expose_value=False, is_eager=True,
                           callback=_show_help)  # fmt: skip
            found.where = self.path
            self._opsledger_help = found
        return self._opsledger_help


class Group(Command, click.Group):
    """A group of commands built with these classes; its subcommands' paths follow where it is added."""

    command_class = Command
    group_class = type

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        super().add_command(cmd, name)
        if isinstance(cmd, Command):
            cmd.place(f"{self.path} {name or cmd.name}")

    def place(self, path: str) -> None:
        super().place(path)
        for name, cmd in getattr(self, "commands", {}).items():
            if isinstance(cmd, Command):
                cmd.place(f"{path} {name}")

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """`opsledger --help --lang en`: --help prints while the arguments are parsed, before --lang's own turn,
        so the language is read from them first."""
        if ctx.parent is None:
            for i, arg in enumerate(args):
                if arg in self.commands:
                    break
                if arg.startswith("--lang="):
                    _set_lang(arg.split("=", 1)[1])
                elif arg == "--lang" and i + 1 < len(args):
                    _set_lang(args[i + 1])
        return super().parse_args(ctx, args)


# -- what every command shares ---------------------------------------------------------------------------------


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


def echo(message: Any = "", err: bool = False, **options: Any) -> None:
    """click.echo with control characters escaped (ledger.limits.printable): the one way text reaches the
    terminal, so a stored actor name like 'op\\x1b[2K\\r' cannot rewrite the screen (a test greps for others)."""
    from ledger.limits import printable

    click.echo(printable(message) if isinstance(message, str) else message, err=err, **options)


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
    callback=lambda _ctx, _param, value: _set_lang(value),
)
# Not click's version_option: it too asks gettext for its words as the module loads (see get_help_option).
@option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version)
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


def pad(text: str, columns: int, right: bool = False) -> str:
    """`text` padded to `columns` terminal columns (a Chinese heading takes two a character)."""
    fill = " " * max(0, columns - _columns(text))
    return fill + text if right else text + fill


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


def _actor(actor: str | None, default: str | None = None) -> str:
    """Who writes: --actor, else OPSLEDGER_ACTOR, else `default` (the buyer, for the buyer's acts), else the OS
    user; on PostgreSQL the database login, and a typed name is refused."""
    server = _server_context()
    if server is not None:
        return server.login(actor)
    return actor or default or default_actor()


def _key_owner(actor: str | None) -> str:
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


def _writer(
    actor: str | None, keys_dir: str | None = None, buyer: str | None = None, default: str | None = None
) -> Any:
    """The actor (`_actor`) and the keys they hold: their own key file and --buyer's, read only if an act needs
    one."""
    return writer_for(_actor(actor, default), keys_dir, buyer)


def _today() -> str:
    from ledger.envelope import now

    return now().date().isoformat()


def _as_of(text: str | None) -> str | None:
    """--as-of as the fixed-width recorded_at text it is compared with."""
    if text is None:
        return None
    from ledger.envelope import format_instant, parse_instant

    return format_instant(parse_instant(text))


def _known_site(ledger: Ledger, site: str) -> None:
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


class _Utf8Out:
    """Text written as UTF-8 bytes to a binary stream, whatever the terminal's locale says."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(text.encode("utf-8"))
        return len(text)


class _Progress:
    """`with _Progress("importing") as tick:` a rich progress bar on stderr, only while stdout and stderr are
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


# -- ledgers: init, sites, migrate, replay, demo ---------------------------------------------------------------


@cli.command()
@pass_ctx
def init(ctx: Context) -> None:
    from ledger.store import is_server_url

    server = is_server_url(ctx.db)
    existed = not server and ctx.db_path.exists()
    ledger = ctx.ledger(create=True)
    head_seq, _ = ledger.head()
    if server and not getattr(ledger.store, "created", True):
        say("cmd.init.exists", ledger=ledger.url, n=head_seq)
    elif existed and not getattr(ledger.store, "created", False):
        say("cmd.init.exists", ledger=ctx.db_path, n=head_seq)
    else:
        say("cmd.init.created", ledger=ledger.url)


@cli.group()
def site() -> None:
    pass


@site.command("add")
@argument("site_id", metavar="SITE")
@option("--name", required=True)
@option("--kind", type=click.Choice(SITE_KINDS), default=None)
@option("--on", "on", default=None, metavar="DATE")
@actor_option
@pass_ctx
def site_add(
    ctx: Context, site_id: str, name: str, kind: str | None, on: str | None, actor: str | None
) -> None:
    from schemes import actions

    event = actions.register_site(ctx.ledger(), _writer(actor), site_id, name, kind, on)
    say("cmd.site.added", site=site_id, name=name, seq=event.seq, hash=event.hash)


@cli.command()
@pass_ctx
def sites(ctx: Context) -> None:
    summaries = ctx.ledger().sites()
    if not summaries:
        say("cmd.sites.none")
        return
    width = max(4, *(len(s.site) for s in summaries))
    heading = [words(f"cmd.sites.{name}") for name in ("site", "events", "first", "last", "name")]
    echo(f"{pad(heading[0], width)}  {pad(heading[1], 6, right=True)}  {pad(heading[2], 10)}  "
         f"{pad(heading[3], 10)}  {heading[4]}")  # fmt: skip
    for s in summaries:
        echo(f"{s.site:<{width}}  {s.events:>6}  {s.first or '-':<10}  {s.last or '-':<10}  {s.name}")


@cli.command()
@option("--db", "db", default=None, metavar="FILE")
@option("--from", "source", default=None, metavar="URL")
@option("--to", "target", default=None, metavar="URL")
@option("--checkpoints", "checkpoints_path", default=None, metavar="FILE")
@buyer_option
@keys_dir_option
@actor_option
@pass_ctx
def migrate(
    ctx: Context, db: str | None, source: str | None, target: str | None, checkpoints_path: str | None,
    buyer: str | None, keys_dir: str | None, actor: str | None,
) -> None:  # fmt: skip
    from ledger import migrate as moving
    from ledger import upgrade, upgrade_outputs
    from ledger.errors import LedgerError
    from ledger.messages import msg

    if source and db:
        raise LedgerError(msg("cmd.migrate.db_or_from"))
    if source and not target:
        raise LedgerError(msg("cmd.migrate.needs_to"))
    if source and str(source).removeprefix("sqlite:///") == str(target).removeprefix("sqlite:///"):
        raise LedgerError(msg("cmd.migrate.same"))
    parent = click.get_current_context().parent
    given = parent is not None and parent.get_parameter_source("db") != click.core.ParameterSource.DEFAULT
    old = db or source or (ctx.db if given else None)
    if old is None:
        raise LedgerError(msg("cmd.migrate.what"))
    if upgrade.schema_of(old) == 2:
        if source:
            with _Progress(words("cmd.migrate.copying")) as progress:
                result = moving.copy_ledger(source, str(target), progress=progress)
            echo(moving.copy_text(result))
            return
        say("cmd.migrate.at_schema_2", ledger=old)
        return
    if not buyer:
        raise LedgerError(msg("cmd.migrate.buyer"))
    from ledger.keys import KeySigner

    signer = KeySigner.load(buyer, keys_dir)
    with _Progress(words("cmd.migrate.migrating")) as progress:
        done = upgrade.upgrade(old, target, signer, _actor(actor, default=buyer), progress=progress)
    for line in upgrade_outputs.upgrade_text(done, buyer):
        echo(line)
    if done.sites:
        where = Path(checkpoints_path) if checkpoints_path else upgrade_outputs.checkpoints_path(done)
        upgrade_outputs.write_checkpoints(done, buyer, signer, where)
        say("cmd.migrate.checkpoints", where=where)


@cli.command()
@option(
    "--as-of",
    default=None,
    metavar="DATETIME",
)
@pass_ctx
def replay(ctx: Context, as_of: str | None) -> None:
    from schemes import service

    ledger = ctx.ledger()
    if as_of:
        from projections.numbers import fmt
        from schemes.audit import replay_as_of

        for card in replay_as_of(
            ledger, as_of
        ):  # every assessment period of every contract, as recorded then
            grade = f" {card.grade}" if card.grade else ""
            late = words("cmd.replay.late", n=len(card.late)) if card.late else ""
            say("cmd.replay.card", site=f"{card.site:16}", scheme=f"{card.scheme:18}", period=f"{card.period:8}",
                total=fmt(card.total), grade=grade, late=late)  # fmt: skip
        return
    with _Progress(words("cmd.replay.progress")) as progress:
        n = service.replay(ledger, progress=progress)
    seq, digest = ledger.head()
    if ledger.store.read_only:
        say("cmd.replay.read_only", n=n, seq=seq, digest=digest[:16])
        return
    say("cmd.replay.done", n=n, seq=seq, digest=digest[:16])


@cli.command()
@option("--db", "db_path", default=None, metavar="PATH")
@option("--seed", default=1, show_default=True, type=int)
@option("--year", default=2026, show_default=True, type=int)
@option("--force", is_flag=True)
@option("--checkpoints", "checkpoints_path", default=None, metavar="FILE")
@pass_ctx
def demo(
    ctx: Context, db_path: str | None, seed: int, year: int, force: bool, checkpoints_path: str | None
) -> None:
    from datetime import date

    from ledger.errors import LedgerError
    from ledger.messages import msg
    from ledger.store import is_server_url
    from schemes import demo as generator

    if db_path:
        ctx.db, ctx.db_path = db_path, Path(db_path)
    generator.check_year(year)  # before --force deletes anything
    if not is_server_url(ctx.db):
        generator.prepare(ctx.db_path, force=force)
    elif force:
        raise LedgerError(msg("cli.demo_pg_force"))
    ledger = ctx.ledger(create=True)
    with _Progress(words("cmd.demo.progress")) as progress:
        result = generator.build(ledger, seed=seed, year=year, progress=progress)
    lines, cohort = generator.summaries(ledger, year)
    echo(generator.summary_text(result, lines, cohort, date.fromisoformat(_today())))
    where = Path(
        checkpoints_path
        or (
            "demo-checkpoints.txt"
            if is_server_url(ctx.db)
            else ctx.db_path.with_name(ctx.db_path.stem + "-checkpoints.txt")
        )
    )
    try:
        where.write_text(generator.checkpoints(ledger, seed), encoding="utf-8")
    except OSError as err:
        from ledger.messages import os_reason

        raise LedgerError(
            msg("cmd.demo.cannot_write", path=repr(str(where)), reason=os_reason(err))
        ) from None
    say("cmd.demo.checkpoints", where=where)


# -- writing: log, correct, retract, import, attach ------------------------------------------------------------


@cli.command()
@argument("event_type", metavar="TYPE")
@argument("fields", nargs=-1, metavar="[FIELD=VALUE]...")
@option("--site", required=True)
@option("--on", "on", required=True, metavar="DATE")
@option("--key", default=None)
@option("--covers", default=None, metavar="PERIOD")
@option("--evidence", multiple=True, metavar="FILE")
@plausibility_options
@keys_dir_option
@actor_option
@pass_ctx
def log(
    ctx: Context, event_type: str, fields: tuple[str, ...], site: str, on: str, key: str | None,
    covers: str | None, evidence: tuple[str, ...], allow_future: bool, confirm: bool, keys_dir: str | None,
    actor: str | None,
) -> None:  # fmt: skip
    # The body cli_entry runs for a plain `log` without click: one implementation, whichever reader read the line.
    log_one(
        ctx.ledger, lambda: _writer(actor, keys_dir), event_type, fields, site, on, key, covers, evidence,
        allow_future, confirm, echo,
    )  # fmt: skip


@cli.command()
@argument("seq", type=SEQ)
@argument("changes", nargs=-1, metavar="FIELD=VALUE...")
@option("--reason", required=True)
@buyer_option
@keys_dir_option
@actor_option
@pass_ctx
def correct(
    ctx: Context, seq: int, changes: tuple[str, ...], reason: str, buyer: str | None, keys_dir: str | None,
    actor: str | None,
) -> None:  # fmt: skip
    from ledger.importer import parse_assignments
    from schemes import actions

    fields = parse_assignments(changes)
    event = actions.correct(ctx.ledger(), _writer(actor, keys_dir, buyer), seq, fields, reason)
    echo(f"appended seq {event.seq} hash {event.hash} (corrects seq {seq})")


@cli.command()
@argument("seq", type=SEQ)
@option("--reason", required=True)
@buyer_option
@keys_dir_option
@actor_option
@pass_ctx
def retract(
    ctx: Context, seq: int, reason: str, buyer: str | None, keys_dir: str | None, actor: str | None
) -> None:
    from schemes import actions

    event = actions.retract(ctx.ledger(), _writer(actor, keys_dir, buyer), seq, reason)
    echo(f"appended seq {event.seq} hash {event.hash} (retracts seq {seq})")


@cli.command("import")
@argument("file", metavar="FILE")
@option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default=None)
@option("--map", "map_file", default=None, metavar="MAPPING")
@option("--site", default=None)
@option("--dry-run", is_flag=True)
@option("--retract-missing", is_flag=True)
@plausibility_options
@buyer_option
@keys_dir_option
@actor_option
@pass_ctx
def import_(
    ctx: Context, file: str, fmt: str | None, map_file: str | None, site: str | None, dry_run: bool,
    retract_missing: bool, allow_future: bool, confirm: bool, buyer: str | None, keys_dir: str | None,
    actor: str | None,
) -> None:  # fmt: skip
    from ledger.errors import LedgerError
    from ledger.messages import msg
    from schemes import actions

    ledger = ctx.ledger()
    writer = _writer(actor, keys_dir, buyer)
    # A refused row is printed as it is found (the reasons an import fails); a warning only once the import
    # stands (when it fails, nothing was stored and the one error line is what to fix first).
    warnings: list[tuple[str, str, Any]] = []

    def report(where: str, level: str, message: Any) -> None:
        if level == "warning":
            warnings.append((where, level, message))
        else:
            _row_finding(where, level, message)

    checks = {"allow_future": allow_future, "confirm": confirm, "report": report}
    if map_file is None:
        for flag, given in (("--site", site), ("--dry-run", dry_run), ("--retract-missing", retract_missing)):
            if given:
                raise LedgerError(msg("cli.needs_map", flag=flag))
        with _Progress(words("cmd.import.progress")) as progress:
            result = actions.import_events(ledger, writer, file, fmt, progress=progress, **checks)
        for finding in warnings:
            _row_finding(*finding)
        head_seq, head_hash = ledger.head()
        say(
            "cmd.import.events",
            added=result.added,
            duplicates=result.duplicates,
            seq=head_seq,
            hash=head_hash,
        )
        return
    if fmt is not None:
        raise LedgerError(msg("cli.format_with_map"))
    with _Progress(words("cmd.import.progress")) as progress:
        done = actions.import_register(ledger, writer, file, map_file, site=site, dry_run=dry_run,
                                       retract_missing=retract_missing, progress=progress, **checks)  # fmt: skip
    plan = done.plan
    for finding in warnings:
        _row_finding(*finding)
    say("cmd.import.read", tables=", ".join(r.describe() for r in plan.reports))
    say("cmd.import.plan", new=plan.new, corrected=plan.corrected, unchanged=plan.unchanged,
        missing=len(plan.missing))  # fmt: skip
    for table, event in plan.missing:
        title = (
            event.payload.get("title") or event.payload.get("worker") or event.payload.get("employer") or ""
        )
        line = words("cmd.import.missing", table=table.name, seq=event.seq, on=event.occurred_at,
                     type=event.type, title=title)  # fmt: skip
        echo(line.rstrip())
    if plan.missing and not retract_missing:
        say("cmd.import.kept")
    if plan.without_identity:
        say("cmd.import.no_identity", tables=", ".join(plan.without_identity))
    if done.appended is None:
        say("cmd.import.dry_run")
        return
    head_seq, head_hash = ledger.head()
    say("cmd.import.register", added=done.appended.added, seq=head_seq, hash=head_hash)


def _row_finding(where: str, level: str, message: Any) -> None:
    from ledger.messages import msg, text

    echo(text(msg(f"cli.row.{level}", where=where, message=message)), err=True)


@cli.command()
@argument("seq", type=SEQ)
@argument("file", metavar="FILE")
@option("--for", "requirement", default="", metavar="TEXT")
@actor_option
@pass_ctx
def attach(ctx: Context, seq: int, file: str, requirement: str, actor: str | None) -> None:
    from schemes import actions

    event = actions.attach(ctx.ledger(), _writer(actor), seq, Path(file), requirement)
    requirement = event.payload.get("requirement", "")
    say("cmd.attach.done", file=event.payload["file_name"], sha256=event.payload["sha256"], target=seq,
        seq=event.seq, hash=event.hash, requirement=words("cmd.attach.for", requirement=requirement) if requirement else "")  # fmt: skip


# -- reading: events, score, report, payout, gaps, evidence ----------------------------------------------------


@cli.command()
@option("--site", default=None)
@option("--type", "types", multiple=True, metavar="TYPE")
@option("--from", "start", default=None, metavar="DATE")
@option("--to", "end", default=None, metavar="DATE")
@option("--as-of", "as_of", default=None, metavar="DATETIME")
@option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table",
              show_default=True)  # fmt: skip
@option("--out", default=None, metavar="FILE")
@pass_ctx
def events(
    ctx: Context, site: str | None, types: tuple[str, ...], start: str | None, end: str | None,
    as_of: str | None, fmt: str, out: str | None,
) -> None:  # fmt: skip
    from ledger.importer import check_type

    if out and fmt == "table":
        from ledger.errors import LedgerError
        from ledger.messages import msg, os_reason

        raise LedgerError(msg("cli.out_jsonl_csv"))
    types = tuple(check_type(name) for name in types)  # an id or its Chinese label (举办招聘会)
    start = _day(start, "--from") if start else None
    end = _day(end, "--to") if end else None
    recorded_by = _as_of(as_of)
    ledger = ctx.ledger()
    if site:
        _known_site(ledger, site)
    stream = ledger.events(site=site, types=types, start=start, end=end, as_of=recorded_by)
    if fmt == "table":
        _events_table(ledger, stream, site, recorded_by)
    elif out:
        try:
            handle = open(out, "wb")
        except OSError as err:
            from ledger.errors import LedgerError
            from ledger.messages import msg, os_reason

            raise LedgerError(msg("cli.cannot_write", path=repr(out), reason=os_reason(err))) from None
        with handle:
            _events_export(stream, fmt, handle)
    else:
        _events_export(stream, fmt)


def _events_export(stream: Any, fmt: str, binary: Any = None) -> None:
    """jsonl: one `Event.to_record()` a line; csv: UTF-8 with BOM, payload and evidence as JSON columns."""
    import json

    sys.stdout.flush()
    binary = binary or sys.stdout.buffer
    out = _Utf8Out(binary)
    if fmt == "jsonl":
        for event in stream:
            out.write(json.dumps(event.to_record(), ensure_ascii=False) + "\n")
    else:
        import csv

        from ledger.envelope import canonical_json

        columns = ["seq", "id", "type", "version", "site", "occurred_at", "recorded_at", "actor",
                   "idempotency_key", "evidence", "payload", "prev_hash", "hash"]  # fmt: skip
        binary.write("\ufeff".encode())
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        for event in stream:
            record = event.to_record()
            record["evidence"] = canonical_json(record["evidence"])
            record["payload"] = canonical_json(record["payload"])
            record["idempotency_key"] = record["idempotency_key"] or ""
            writer.writerow([record[c] for c in columns])
    binary.flush()


def _summary(payload: dict[str, Any], limit: int = 70) -> str:
    import json

    parts = []
    for key, value in payload.items():
        text = (
            value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        )
        parts.append(f"{key}={text}")
    line = " ".join(parts)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _events_table(ledger: Ledger, stream: Any, site: str | None, recorded_by: str | None) -> None:
    from ledger.view import Amendments

    amendments = Amendments()
    for meta in ledger.events(site=site, types=["correction", "retraction"], as_of=recorded_by):
        amendments.add(meta)
    head_seq = ledger.head()[0]
    seq_w = max(3, len(str(head_seq)))
    site_w = max(4, *(len(s) for s in ledger.registered_sites()), 4)
    heading = {name: words(f"cmd.events.{name}") for name in
               ("seq", "occurred", "site", "type", "actor", "status", "payload")}  # fmt: skip
    echo(f"{pad(heading['seq'], seq_w, right=True)}  {pad(heading['occurred'], 16)}  {pad(heading['site'], site_w)}  "
         f"{pad(heading['type'], 22)}  {pad(heading['actor'], 12)}  {pad(heading['status'], 15)}  "
         f"{heading['payload']}")  # fmt: skip
    shown = 0
    for event in stream:
        status = ""
        if event.id in amendments.retracted:
            status = words("cmd.events.retracted", seq=amendments.retracted[event.id].seq)
        else:
            live = amendments.apply(event)
            if live is not None and live.amended_by:
                status = words("cmd.events.corrected", seqs=",".join(str(s) for s in live.amended_by))
        payload = dict(event.payload)
        if event.type in META and "target" in payload:
            target = ledger.get_by_id(payload["target"])
            ref = f"#{target.seq}" if target else payload["target"]
            payload = {"target": ref, **{k: v for k, v in payload.items() if k != "target"}}
        occurred = event.occurred_at[:16].replace("T", " ")
        echo(
            f"{event.seq:>{seq_w}}  {occurred:<16}  {event.site:<{site_w}}  {event.type:<22}  "
            f"{event.actor:<12}  {pad(status, 15)}  {_summary(payload)}"
        )
        shown += 1
    if not shown:
        say("cmd.events.none")


@cli.command()
@option("--site", default=None)
@option(
    "--period",
    required=True,
)
@option("--scheme", "scheme_id", default=None)
@option("--as-of", default=None, metavar="DATETIME")
@option("--assessed-on", default=None, metavar="DATE")
@option("--format", "fmt", type=click.Choice(["table", "json", "xlsx", "csv", "pdf"]), default="table", show_default=True)  # fmt: skip
@option("--out", default=None, metavar="FILE")
@pass_ctx
def score(ctx: Context, site: str | None, period: str, scheme_id: str | None, as_of: str | None,
          assessed_on: str | None, fmt: str, out: str | None) -> None:  # fmt: skip
    # The body cli_entry runs for a `score` to the terminal without click: one implementation, either reader.
    _check_out(fmt, out)
    ledger = ctx.ledger()
    if site is None and scheme_id is None:
        if assessed_on:
            _day(assessed_on, "--assessed-on")  # the first mistake named, as before
        raise click.UsageError(words("cmd.score.site_or_scheme"))
    cards = score_cards(ledger, site, period, scheme_id, as_of, assessed_on)
    if fmt in ("xlsx", "csv", "pdf"):
        _scorecards_out(ledger, cards, fmt, out, cohort=site is None, as_of=as_of)
    else:
        print_scores(cards, site is None, fmt, as_of, echo)


def _check_out(fmt: str, out: str | None) -> None:
    """--out goes with a file format; xlsx and pdf need it (not for the terminal)."""
    from ledger.errors import LedgerError
    from ledger.messages import msg

    if fmt in ("xlsx", "pdf") and not out:
        raise LedgerError(msg("cli.needs_out", fmt=fmt))
    if out and fmt not in ("xlsx", "csv", "pdf"):
        raise LedgerError(msg("cli.out_files"))


def _scorecards_out(ledger: Ledger, cards: list[Any], fmt: str, out: str | None, cohort: bool = False,
                    as_of: str | None = None) -> None:  # fmt: skip
    from schemes.reports import files as export

    data = export.export_scorecards(ledger, cards, fmt, cohort=cohort, as_of=as_of)
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = export.write_file(out, data)
    if cohort:
        say("cmd.score.wrote_cohort", n=len(cards), path=path)
    else:
        say("cmd.score.wrote", site=cards[0].site, period=cards[0].period, path=path)


@cli.command()
@option("--site", required=True)
@option("--period", required=True)
@option("--out", required=True, metavar="FILE")
@option("--scheme", "scheme_id", default=None)
@option("--today", default=None, metavar="DATE")
@pass_ctx
def report(ctx: Context, site: str, period: str, out: str, scheme_id: str | None, today: str | None) -> None:
    from datetime import date

    from schemes.display import number
    from schemes.reports import page

    day = date.fromisoformat(_day(today, "--today") if today else _today())
    path, built = page.write(ctx.ledger(), site, period, out, today=day, scheme_id=scheme_id)
    card = built.card
    total = number(card.total, built.scheme.display_places)
    say("cmd.report.wrote", path=path, site=card.site, period=card.period, total=total, charts=len(built.charts),
        cadence=len(built.cadence))  # fmt: skip


@cli.command()
@option("--site", required=True)
@option("--year", required=True, metavar="YEAR")
@option("--as-of", default=None, metavar="DATETIME")
@option("--on", "on_day", default=None, metavar="DATE")
@option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_ctx
def payout(ctx: Context, site: str, year: str, as_of: str | None, on_day: str | None, fmt: str) -> None:
    from datetime import date

    from schemes.money import year as pay

    today = date.fromisoformat(_day(on_day, "--on") if on_day else _today())
    summary = pay.year_summary(ctx.ledger(), site, year, today=today, as_of=as_of)
    if fmt == "json":
        echo_json(summary.to_json())
    else:
        echo(pay.summary_text(summary))


@cli.command()
@option("--site", required=True)
@option("--period", required=True)
@option("--today", default=None, metavar="DATE")
@option("--scheme", "scheme_id", default=None)
@option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_ctx
def gaps(ctx: Context, site: str, period: str, today: str | None, scheme_id: str | None, fmt: str) -> None:
    from datetime import date

    from schemes import gaps as gap_report

    day = date.fromisoformat(_day(today, "--today") if today else _today())
    report = gap_report.site_gaps(ctx.ledger(), site, period, day, scheme_id=scheme_id)
    if fmt == "json":
        echo_json(report.to_json())
    else:
        echo(gap_report.gaps_text(report))


@cli.command()
@option("--site", required=True)
@option("--period", required=True)
@option("--scheme", "scheme_id", default=None)
@pass_ctx
def evidence(ctx: Context, site: str, period: str, scheme_id: str | None) -> None:
    from schemes import audit

    card, report = audit.evidence_report(ctx.ledger(), site, period, scheme_id=scheme_id)
    echo(audit.evidence_text(card, report))


# -- audit: verify, checkpoint, close, accept, signoff, audit, diff, export, verify-bundle ---------------------


@cli.command()
@option("--as-of", "as_of", default=None, metavar="DATETIME")
@option("--trust-key", "trust_keys", multiple=True, metavar="FINGERPRINT")
@option("--against", multiple=True, metavar="FILE")
@option("--deep", is_flag=True)
@pass_ctx
def verify(
    ctx: Context, as_of: str | None, trust_keys: tuple[str, ...], against: tuple[str, ...], deep: bool
) -> None:
    from ledger import checkpoint
    from ledger.chain import check_trusted, status_lines

    ledger = ctx.ledger()
    recorded_by = _as_of(as_of)
    upto = ledger.seq_at(recorded_by) if recorded_by else None
    signed = checkpoint.read_files(against)  # a bad file is refused before the long work
    status = ledger.verify(upto_seq=upto)
    for line in status_lines(status):
        echo(line)
    proofs = [checkpoint.prove(ledger.store, s) for s in signed]
    for proof in proofs:
        echo(proof.line())
    if deep:
        from schemes.audit import deep as deep_check

        for line in deep_check.verify_deep(ledger):
            echo(line)
    if trust_keys:
        check_trusted(status, list(trust_keys))
        for line in checkpoint.attest(ledger.store, status.sites, proofs, list(trust_keys)):
            echo(line)
        say("cmd.verify.trusted", keys=", ".join(trust_keys))


@cli.command("checkpoint")
@option("--site", required=True)
@option("--out", default=None, metavar="FILE")
@option("--assessor", default=None, metavar="NAME")
@buyer_option
@keys_dir_option
@pass_ctx
def checkpoint_cmd(
    ctx: Context, site: str, out: str | None, assessor: str | None, buyer: str | None, keys_dir: str | None
) -> None:
    from ledger import checkpoint
    from ledger.errors import LedgerError
    from ledger.keys import KeySigner
    from ledger.messages import msg, os_reason

    name = assessor or buyer
    if not name:
        raise LedgerError(msg("cli.checkpoint_signer"))
    ledger = ctx.ledger()
    _known_site(ledger, site)
    signed = checkpoint.issue(ledger.store, site, name, KeySigner.load(name, keys_dir))
    note = signed.note()
    if out is None:
        echo(note, nl=False)
        return
    try:
        with open(out, "a", encoding="utf-8", newline="\n") as handle:
            handle.write(note)
    except OSError as err:
        raise LedgerError(msg("cli.cannot_write", path=repr(out), reason=os_reason(err))) from None
    c = signed.checkpoint
    say(
        "cmd.checkpoint.appended", site=c.site, size=c.size, hash=c.head_hash, time=c.time, name=name, out=out
    )


@cli.command()
@option("--site", required=True)
@option("--period", required=True)
@option("--reason", default="")
@option("--early", is_flag=True)
@keys_dir_option
@actor_option
@pass_ctx
def close(
    ctx: Context, site: str, period: str, reason: str, early: bool, keys_dir: str | None, actor: str | None
) -> None:
    from schemes import audit

    w = _writer(actor, keys_dir)
    event = audit.close_period(ctx.ledger(), site, period, w.actor, reason, early=early, keys=w.keys)
    say(
        "cmd.close.done", site=site, period=event.payload["period"], seq=event.seq, recorded=event.recorded_at
    )


@cli.command()
@argument("seq", type=SEQ)
@option("--reason", required=True)
@keys_dir_option
@actor_option
@pass_ctx
def accept(ctx: Context, seq: int, reason: str, keys_dir: str | None, actor: str | None) -> None:
    from schemes import audit

    w = _writer(actor, keys_dir)
    event = audit.accept_late(ctx.ledger(), seq, w.actor, reason, keys=w.keys)
    say("cmd.accept.done", late=seq, seq=event.seq, hash=event.hash)


@cli.command()
@option("--site", required=True)
@option("--period", required=True)
@option("--scheme", "scheme_id", default=None)
@keys_dir_option
@actor_option
@pass_ctx
def signoff(
    ctx: Context, site: str, period: str, scheme_id: str | None, keys_dir: str | None, actor: str | None
) -> None:
    from projections.numbers import fmt
    from schemes import audit

    w = _writer(actor, keys_dir)
    event, card = audit.sign_off(ctx.ledger(), site, period, w.actor, keys=w.keys, scheme_id=scheme_id)
    p = event.payload
    grade = f" {card.grade}" if card.grade else ""
    say(
        "cmd.signoff.signed",
        site=site,
        period=p["period"],
        scheme=p["scheme"],
        total=fmt(card.total),
        grade=grade,
    )
    say("cmd.signoff.head", seq=p["head_seq"], hash=p["head_hash"], as_of=p["as_of"])
    say("cmd.signoff.scheme", hash=p["scheme_hash"])
    echo(f"appended seq {event.seq} hash {event.hash}")  # the receipt: the same in every language
    if card.late:
        say("cmd.signoff.late", n=len(card.late))


@cli.command("audit")
@option("--site", required=True)
@option("--period", required=True)
@option("--scheme", "scheme_id", default=None)
@option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_ctx
def audit_cmd(ctx: Context, site: str, period: str, scheme_id: str | None, fmt: str) -> None:
    from ledger.errors import LedgerError
    from ledger.messages import msg
    from schemes import audit
    from schemes.audit.text import part_name

    results = audit.audit(ctx.ledger(), site, period, scheme_id=scheme_id)
    if fmt == "json":
        echo_json(audit.audit_json(results))
    else:
        echo(audit.audit_text(results))
    bad = [r for r in results if not r.ok]
    if bad:
        first = bad[0].failures[0]
        raise LedgerError(
            msg("cli.signoff_invalid", seq=bad[0].event.seq, name=part_name(first.name), detail=first.detail)
        )


@cli.command()
@option("--site", required=True)
@option("--period", required=True)
@option("--from", "t1", required=True, metavar="DATETIME")
@option("--to", "t2", required=True, metavar="DATETIME")
@option("--scheme", "scheme_id", default=None)
@option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_ctx
def diff(ctx: Context, site: str, period: str, t1: str, t2: str, scheme_id: str | None, fmt: str) -> None:
    from schemes import audit

    result = audit.diff(ctx.ledger(), site, period, t1, t2, scheme_id=scheme_id)
    if fmt == "json":
        echo_json(audit.diff_json(result))
    else:
        echo(audit.diff_text(result))


@cli.command()
@option("--site", required=True)
@option("--period", required=True)
@option("--out", required=True, metavar="DIR")
@option("--scheme", "scheme_id", default=None)
@pass_ctx
def export(ctx: Context, site: str, period: str, out: str, scheme_id: str | None) -> None:
    from schemes import audit

    echo(audit.export_text(audit.export(ctx.ledger(), site, period, out, scheme_id=scheme_id)))


@cli.command("verify-bundle")
@argument("directory", metavar="DIR")
@option("--trust-key", "trust", multiple=True, metavar="KEY")
def verify_bundle(directory: str, trust: tuple[str, ...]) -> None:
    from ledger.errors import LedgerError
    from ledger.messages import msg
    from schemes import audit

    report = audit.verify_bundle(directory, trust_keys=list(trust))
    echo(audit.report_text(report))
    if not report.ok:
        first = report.failures[0]
        raise LedgerError(
            msg(
                "cli.bundle_failed",
                directory=directory,
                n=len(report.failures),
                name=first.name,
                detail=first.detail,
            )
        )
    say("cmd.bundle.ok", directory=directory)


# -- trust: role grant, keys, contract add ---------------------------------------------------------------------


@cli.group()
def role() -> None:
    pass


@role.command("grant")
@argument("grantee", metavar="ACTOR")
@option("--role", "role_name", required=True, type=click.Choice(ROLES))
@option("--site", required=True)
@option("--key", "key", default=None, metavar="PUB")
@option("--on", "on", default=None, metavar="DATE")
@buyer_option
@keys_dir_option
@actor_option
@pass_ctx
def role_grant(
    ctx: Context, grantee: str, role_name: str, site: str, key: str | None, on: str | None, buyer: str | None,
    keys_dir: str | None, actor: str | None,
) -> None:  # fmt: skip
    from ledger.keys import public_path, read_public
    from schemes import actions

    public = None
    if role_name == "assessor":
        public = (
            read_public(key, keys_dir) if key else read_public(str(public_path(grantee, keys_dir)), keys_dir)
        )
    writer = _writer(actor, keys_dir, buyer, default=buyer)
    event = actions.grant_role(ctx.ledger(), writer, grantee, role_name, site, public_key=public, on=on)
    echo(
        f"appended seq {event.seq} hash {event.hash}{words('cmd.role.granted', actor=grantee, role=role_name, site=site)}"
    )


@cli.group()
def contract() -> None:
    pass


@contract.command("add")
@argument("site_id", metavar="SITE")
@option("--scheme", "scheme_id", required=True)
@option("--start", required=True, metavar="DATE")
@option("--fee", required=True, metavar="YUAN")
@option("--end", default=None, metavar="DATE")
@option(
    "--network-fee",
    default="0",
    metavar="YUAN",
)
@buyer_option
@keys_dir_option
@actor_option
@pass_ctx
def contract_add(
    ctx: Context, site_id: str, scheme_id: str, start: str, fee: str, end: str | None, network_fee: str,
    buyer: str | None, keys_dir: str | None, actor: str | None,
) -> None:  # fmt: skip
    from ledger.errors import LedgerError
    from ledger.keys import KeySigner
    from ledger.messages import msg
    from schemes import actions

    if not buyer:
        raise LedgerError(msg("cli.contract_buyer"))
    buyer_key = KeySigner.load(buyer, keys_dir).public_hex
    event = actions.sign_contract(
        ctx.ledger(), _writer(actor, keys_dir, buyer, default=buyer), site_id, scheme_id, start, fee, end=end,
        network_fee=network_fee, buyer_key=buyer_key,
    )  # fmt: skip
    signed = words("cmd.contract.signed", buyer=buyer, key=event.signer and event.signer[:16])
    echo(f"appended seq {event.seq} hash {event.hash}{signed}")


@cli.group()
def keys() -> None:
    pass


@keys.command("new")
@keys_dir_option
@actor_option
def keys_new(keys_dir: str | None, actor: str | None) -> None:
    from ledger import keys as k

    private, public = k.new_key(_key_owner(actor), keys_dir)
    say("cmd.keys.created", private=private, public=private.with_suffix(".pub"))
    say("cmd.keys.public", key=public, fingerprint=k.fingerprint(public))


@keys.command("show")
@keys_dir_option
@actor_option
def keys_show(keys_dir: str | None, actor: str | None) -> None:
    from ledger import keys as k

    name = _key_owner(actor)
    public = k.public_hex(k.load_private(name, keys_dir))
    say("cmd.keys.show", name=name, key=public, fingerprint=k.fingerprint(public))


# -- catalogs and schemes --------------------------------------------------------------------------------------


@cli.command()
@option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def catalog(fmt: str) -> None:
    from ledger.events import CATALOG

    if fmt == "json":
        echo_json({name: model.model_json_schema() for name, model in CATALOG.items()})
        return
    from ledger.labels import choices, field_label

    for name, model in CATALOG.items():
        schema = model.model_json_schema()
        defs = schema.get("$defs", {})
        required = set(schema.get("required", ()))
        flag = words("cmd.catalog.assessor_only") if model.assessor_only else ""
        echo(f"{name}  {model.label_zh}{flag}")
        # Each type's sentence is a catalogue entry whose English side is the model's docstring summary
        # (ledger/messages/catalog.py; tests/test_catalog_chinese.py keeps the two equal).
        echo(f"  {words(f'event.about.{name}')}")
        props = {k: v for k, v in schema.get("properties", {}).items() if k != "type"}
        width = max((len(k) for k in props), default=0)
        labels = {k: field_label(name, k)[0] for k in props}
        label_width = max((_width(v) for v in labels.values()), default=0)
        for field_name, prop in props.items():
            # Both names are typed the same way: `log job_fair_held 形式=线下` is `format=offline`.
            closed = choices(name, field_name)
            text = (
                words("cmd.catalog.one_of", values="|".join(f"{v}={zh}" for v, zh, _ in closed))
                if closed
                else _schema_type(prop, defs)
            )
            if closed and "null" in {p.get("type") for p in prop.get("anyOf", ())}:
                text += words("cmd.catalog.or_empty")
            label = labels[field_name]
            text = f"{label}{' ' * (label_width - _width(label))}  {text}"
            unit = _schema_unit(prop)
            if unit:
                text += words("cmd.catalog.unit", unit=_unit_text(unit))
            if field_name in required:
                text += words("cmd.catalog.required")
            elif "default" in prop:
                text += words("cmd.catalog.default", value=_show(prop["default"]))
            echo(f"    {field_name:<{width}}  {text}")
        echo("")


def _width(text: str) -> int:
    """Columns a text takes on a terminal: a Chinese character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _show(value: Any) -> str:
    if value is None:
        return words("cmd.catalog.none")
    if value == "":
        return '""'
    return str(value).lower() if isinstance(value, bool) else str(value)


def _schema_unit(prop: dict[str, Any]) -> str | None:
    if "unit" in prop:
        return str(prop["unit"])
    for choice in prop.get("anyOf", ()):
        if "unit" in choice:
            return str(choice["unit"])
    return None


# The JSON schema keeps its `unit` as scripts read it ('yuan (元)'); the text names it in the reader's language.
_UNITS = {
    "yuan (元)": "event.unit.yuan",
    "people (人/人次)": "event.unit.people",
    "people (人)": "event.unit.persons",
    "companies (家)": "event.unit.companies",
    "count (个/次/条)": "event.unit.count",
}


def _unit_text(unit: str) -> str:
    """A schema unit in the reader's language; a unit without a catalogue entry as the schema writes it."""
    return words(_UNITS[unit]) if unit in _UNITS else unit


def _schema_type(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    """A JSON Schema property in a few words: 'integer ≥0', 'one of online|offline', 'decimal'..."""
    if "$ref" in prop:
        prop = {
            **defs.get(prop["$ref"].rsplit("/", 1)[-1], {}),
            **{k: v for k, v in prop.items() if k != "$ref"},
        }
    if "anyOf" in prop:
        options = [p for p in prop["anyOf"] if p.get("type") != "null"]
        optional = len(options) < len(prop["anyOf"])
        kinds = {p.get("type") for p in options}
        text = (words("cmd.catalog.decimal") + _bounds(options[0])) if kinds == {"number", "string"} else (
            words("cmd.catalog.or").join(_schema_type(p, defs) for p in options)
        )  # fmt: skip
        return text + (words("cmd.catalog.or_empty") if optional else "")
    if "enum" in prop:
        return words("cmd.catalog.one_of", values="|".join(str(v) for v in prop["enum"]))
    if "const" in prop:
        return words("cmd.catalog.always", value=prop["const"])
    if prop.get("format") == "date":
        return words("cmd.catalog.date")
    kind = prop.get("type", "")
    text = words(f"cmd.catalog.type.{kind}" if kind in _SCHEMA_TYPES else "cmd.catalog.type.any")
    if "pattern" in prop:
        text += words("cmd.catalog.matching", pattern=prop["pattern"])
    return text + _bounds(prop)


_SCHEMA_TYPES = ("integer", "string", "boolean", "number", "object", "array")


def _bounds(prop: dict[str, Any]) -> str:
    low, high = prop.get("minimum"), prop.get("maximum")
    fmt = lambda v: f"{v:g}" if isinstance(v, float) else str(v)  # noqa: E731
    if low is not None and high is not None:
        return f" {fmt(low)}..{fmt(high)}"
    if low is not None:
        return f" ≥{fmt(low)}"
    if high is not None:
        return f" ≤{fmt(high)}"
    if prop.get("maxLength"):
        return words("cmd.catalog.chars", low=prop.get("minLength", 0), high=prop["maxLength"])
    return ""


@cli.command("schemes")
def schemes_list() -> None:
    from schemes.model import FILES, get_scheme, scheme_paths

    for scheme_id, path in scheme_paths().items():
        scheme = get_scheme(scheme_id)
        where = "" if path.parent == FILES else f"  ({path})"
        line = words("cmd.schemes.line", every=f"{scheme.assessed_every:8}", items=f"{len(scheme.items):3}")
        echo(f"{scheme_id:18} {line}  {scheme.title}{where}")


@cli.group("scheme")
def scheme_group() -> None:
    pass


@scheme_group.command("check")
# Not click.Path: it asks gettext for its English name as cli.py loads (see get_help_option), and says "is a
# directory" in English. The command's own read says what is wrong with the file, in the reader's language.
@argument("path", metavar="FILE")
def scheme_check(path: str) -> None:
    from ledger.messages import text as render
    from schemes.filecheck import check_text, errors, summary
    from schemes.model import holiday_paths, holiday_tables

    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:  # a directory too: "是一个目录" / "Is a directory"
        from ledger.errors import LedgerError
        from ledger.messages import msg, os_reason

        reason = os_reason(err) if isinstance(err, OSError) else str(err)
        raise LedgerError(msg("cli.cannot_read_scheme", path=file, reason=reason)) from None
    extra, _ = holiday_tables(holiday_paths(file))
    scheme, problems = check_text(text, file.name, extra_calendar=extra)
    for problem in problems:
        echo(str(problem))
    bad = errors(problems) or scheme is None
    echo(render(summary(file.name, scheme, problems)), err=bool(bad))
    if bad:
        sys.exit(1)


@scheme_group.command("test")
@argument("path", metavar="FILE")  # not click.Path: see scheme_check
def scheme_test(path: str) -> None:
    from schemes.cases import report, run_file

    scheme, results = run_file(Path(path))
    echo(report(scheme, results))
    if not all(r.ok for r in results):
        sys.exit(1)


@scheme_group.command("show")
@argument("scheme_id", metavar="ID")
def scheme_show(scheme_id: str) -> None:
    from schemes.model import get_scheme
    from schemes.reports.text import scheme_text

    echo(scheme_text(get_scheme(scheme_id)))


# -- web accounts: serve, user ---------------------------------------------------------------------------------


@cli.command()
@option("--host", default="127.0.0.1", show_default=True)
@option("--port", default=8000, show_default=True, type=int)
@option("--behind-tls", is_flag=True)
@option("--mappings", default=None, metavar="DIR")
@option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@pass_ctx
def serve(ctx: Context, host: str, port: int, behind_tls: bool, mappings: str | None, workers: int) -> None:
    from web.serve import serve as run

    default = Path("data/mappings")
    run(ctx.db, host, port, behind_tls=behind_tls,
        mappings_dir=mappings or (str(default) if default.is_dir() else None), workers=workers)  # fmt: skip


@cli.group()
def user() -> None:
    pass


@user.command("add")
@argument("name")
@option("--role", "role_name", required=True, type=click.Choice(["admin", "operator", "assessor", "viewer"]))
@option(
    "--site",
    "sites",
    multiple=True,
    metavar="SITE",
)
@pass_ctx
def user_add(ctx: Context, name: str, role_name: str, sites: tuple[str, ...]) -> None:
    from web.accounts import Accounts
    from web.serve import read_password

    ledger = ctx.ledger()
    known = ledger.registered_sites()
    for site_id in sites:
        if site_id != "*":
            _known_site(ledger, site_id)
    grants = [(role_name, s) for s in sites] or [(role_name, "")]
    account = Accounts(lambda: ctx.ledger().store).add(name, read_password(), grants)
    say("cmd.user.added", name=account.name, roles=account.roles_text())
    if role_name == "assessor":
        roles = ledger.roles()
        for site_id in [s for s in sites if s != "*"] or sorted(known):
            if not roles.is_assessor(name, site_id):
                say("cmd.user.not_assessor", err=True, name=name, site=site_id)


@user.command("passwd")
@argument("name")
@pass_ctx
def user_passwd(ctx: Context, name: str) -> None:
    from ledger.messages import msg
    from web.accounts import AccountError, Accounts
    from web.serve import read_password

    accounts = Accounts(lambda: ctx.ledger().store)
    account = accounts.get(name)
    if account is None:
        raise AccountError(msg("user.none", name=repr(name)))
    if account.key_pem:
        raise AccountError(msg("cmd.user.key_held", name=name))
    accounts.set_password(name, read_password())
    say("cmd.user.passwd", name=name)


@user.command("list")
@pass_ctx
def user_list(ctx: Context) -> None:
    from web.accounts import Accounts

    for account in Accounts(lambda: ctx.ledger().store).all():
        key = words("cmd.user.key_held_mark") if account.key_pem else ""
        echo(f"{account.name:20} {account.roles_text()}{key}")


# -- the entry point: the one place errors become messages -----------------------------------------------------


def main() -> None:
    """The click half of the entry point (cli_entry.main sends here every command line it does not run itself):
    click's usage errors one line too, with where to look for the rest, and everything else as cli_entry.guarded
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
