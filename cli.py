"""opsledger's command line: parses and prints; the library in ledger/, projections/, schemes/ does the work.

Heavy modules are imported inside commands so `opsledger log` starts fast. Every LedgerError (and the
upper layers' errors, which subclass it) becomes one line on stderr and exit status 1, in `main` only.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from ledger.ledger import Ledger

DEFAULT_DB = "opsledger.db"


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
            self.fail(f"{limits.quote(value)} is not a sequence number (1..{limits.SEQ_MAX})", param, ctx)
        if number > limits.SEQ_MAX:  # 0 passes: the ledger then says which numbers it holds
            self.fail(f"{number} is not a sequence number (1..{limits.SEQ_MAX})", param, ctx)
        return number


SEQ = SeqType()


def _set_lang(value: str | None) -> None:
    """--lang fixes the language of every message for the rest of the command (ledger/messages)."""
    if value:
        from ledger.messages import set_lang

        set_lang(value)


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
    help="The ledger: a SQLite file, or postgresql://user@host/dbname. Also OPSLEDGER_DB.",
)
@click.option(
    "--schemes-dir",
    envvar="OPSLEDGER_SCHEMES",
    default=None,
    metavar="DIR",
    help="A buyer's own scheme files, beside the built-in ones (theirs win on the same id). Also OPSLEDGER_SCHEMES.",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    expose_value=False,
    is_eager=True,
    callback=lambda _ctx, _param, value: _set_lang(value),
    help="Messages in Chinese (zh) or English (en). Else OPSLEDGER_LANG, else the locale (LC_ALL/LC_MESSAGES/LANG "
    "starting with en: English), else Chinese.",
)
@click.version_option("0.1.0", prog_name="opsledger")
@click.pass_context
def cli(click_ctx: click.Context, db: str, schemes_dir: str | None) -> None:
    """opsledger: an append-only, tamper-evident ledger of operations, scored under the buyer's scheme."""
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


@cli.command()
@pass_ctx
def init(ctx: Context) -> None:
    """Create an empty ledger: a SQLite file (WAL mode, append-only triggers), or on PostgreSQL the opsledger
    schema, its triggers and the grants to the roles opsledger_user and opsledger_app (run as the owner)."""
    from ledger.store import is_server_url

    server = is_server_url(ctx.db)
    existed = not server and ctx.db_path.exists()
    ledger = ctx.ledger(create=True)
    head_seq, _ = ledger.head()
    if server and not getattr(ledger.store, "created", True):
        echo(f"ledger {ledger.url} already exists ({head_seq} events); nothing changed")
    elif existed and not getattr(ledger.store, "created", False):
        echo(f"ledger {ctx.db_path} already exists ({head_seq} events); nothing changed")
    else:
        echo(f"created ledger {ledger.url}")


def echo_json(value: Any) -> None:
    """One JSON document on stdout, UTF-8, Decimals as strings."""
    import json

    echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


# -- shared bits ----------------------------------------------------------------------------------------

# Closed sets repeated here (not imported) so `--help` and `log` never load the catalog just to build the
# option list; tests/test_catalog.py checks they match ledger.events.
SITE_KINDS = ("park", "talent_center", "employment_market", "gig_market", "alliance_unit")
ROLES = ("operator", "assessor")
META = ("correction", "retraction", "evidence_attached", "late_event_accepted")

actor_option = click.option(
    "--actor",
    envvar="OPSLEDGER_ACTOR",
    default=None,
    help="Who writes this (else OPSLEDGER_ACTOR, else the OS user).",
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
    command = click.option("--confirm", is_flag=True,
                           help="Store figures far beyond anything the site's scheme measures (100x its targets).")(command)  # fmt: skip
    return click.option("--allow-future", is_flag=True, help="Store events dated after today.")(command)


def _warn(message: Any) -> None:
    from ledger.messages import msg, text

    echo(text(msg("cli.warning", warning=message)), err=True)


keys_dir_option = click.option(
    "--keys-dir",
    default=None,
    metavar="DIR",
    help="Key files (default OPSLEDGER_KEYS, else ~/.opsledger/keys).",
)
buyer_option = click.option(
    "--buyer",
    envvar="OPSLEDGER_BUYER",
    default=None,
    metavar="NAME",
    help="The buyer whose key (NAME.pem in the keys directory) signs this (else OPSLEDGER_BUYER).",
)


def _writer(
    actor: str | None, keys_dir: str | None = None, buyer: str | None = None, default: str | None = None
) -> Any:
    """The actor and the keys they hold: their own key file and --buyer's, read only if an act needs one."""
    from ledger.keys import KeysDir
    from schemes.actions import Writer

    name = _actor(actor, default)
    return Writer(name, KeysDir([name, buyer or ""], keys_dir))


def _today() -> str:
    from ledger.envelope import now

    return now().date().isoformat()


def _day(text: str, option: str) -> str:
    """A --from/--to calendar date."""
    from datetime import date

    from ledger import limits
    from ledger.errors import LedgerError
    from ledger.messages import msg

    try:
        return limits.check_date(date.fromisoformat(text), option).isoformat()
    except ValueError:
        from ledger.messages import msg

        raise LedgerError(msg("date.bad_option", option=option, text=limits.quote(text))) from None


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


# -- sites and roles ------------------------------------------------------------------------------------


@cli.group()
def site() -> None:
    """Register the sites (parks, markets, centres, alliance units) events are about."""


@site.command("add")
@click.argument("site_id", metavar="SITE")
@click.option("--name", required=True, help="Display name, e.g. 吴江人力资源产业园.")
@click.option("--kind", type=click.Choice(SITE_KINDS), default=None, help="What kind of site it is.")
@click.option("--on", "on", default=None, metavar="DATE", help="Date it joined the ledger (default today).")
@actor_option
@pass_ctx
def site_add(
    ctx: Context, site_id: str, name: str, kind: str | None, on: str | None, actor: str | None
) -> None:
    """Register SITE (a short id such as wujiang-park): itself an event."""
    from schemes import actions

    event = actions.register_site(ctx.ledger(), _writer(actor), site_id, name, kind, on)
    echo(f"registered site {site_id} ({name}): seq {event.seq} hash {event.hash}")


@cli.command()
@pass_ctx
def sites(ctx: Context) -> None:
    """The registered sites with their event counts and date ranges."""
    summaries = ctx.ledger().sites()
    if not summaries:
        echo("no sites registered: add one with `opsledger site add SITE --name NAME`")
        return
    width = max(4, *(len(s.site) for s in summaries))
    echo(f"{'site':<{width}}  {'events':>6}  {'first':<10}  {'last':<10}  name")
    for s in summaries:
        echo(f"{s.site:<{width}}  {s.events:>6}  {s.first or '-':<10}  {s.last or '-':<10}  {s.name}")


@cli.group()
def role() -> None:
    """Grant actors roles (assessor-only events need an assessor)."""


@role.command("grant")
@click.argument("grantee", metavar="ACTOR")
@click.option("--role", "role_name", required=True, type=click.Choice(ROLES), help="The role to grant.")
@click.option("--site", required=True, help="The site the role applies to.")
@click.option("--key", "key", default=None, metavar="PUB",
              help="An assessor's public key: a .pub file or 64 hex characters (default ACTOR.pub in the keys dir).")  # fmt: skip
@click.option("--on", "on", default=None, metavar="DATE", help="Date of the grant (default today).")
@buyer_option
@keys_dir_option
@actor_option
@pass_ctx
def role_grant(
    ctx: Context, grantee: str, role_name: str, site: str, key: str | None, on: str | None, buyer: str | None,
    keys_dir: str | None, actor: str | None,
) -> None:  # fmt: skip
    """The buyer makes ACTOR an operator or an assessor of a site (signed with --buyer's key); an assessor's
    grant delegates their public key, which then signs their judgements, closes and sign-offs."""
    from ledger.keys import public_path, read_public
    from schemes import actions

    public = None
    if role_name == "assessor":
        public = (
            read_public(key, keys_dir) if key else read_public(str(public_path(grantee, keys_dir)), keys_dir)
        )
    writer = _writer(actor, keys_dir, buyer, default=buyer)
    event = actions.grant_role(ctx.ledger(), writer, grantee, role_name, site, public_key=public, on=on)
    echo(f"appended seq {event.seq} hash {event.hash} ({grantee} is {role_name} for {site})")


# -- writing --------------------------------------------------------------------------------------------


@cli.command()
@click.argument("event_type", metavar="TYPE")
@click.argument("fields", nargs=-1, metavar="[FIELD=VALUE]...")
@click.option("--site", required=True, help="The registered site the event is about.")
@click.option("--on", "on", required=True, metavar="DATE", help="When it happened: YYYY-MM-DD[THH:MM].")
@click.option("--key", default=None, help="Idempotency key: the same key twice stores one event.")
@click.option("--covers", default=None, metavar="PERIOD",
              help="The period it reports on, when not the day it happened (2026-03, 2026-Q1, 2026-H1, 2026).")  # fmt: skip
@click.option(
    "--evidence", multiple=True, metavar="FILE", help="A supporting file to reference (repeatable)."
)
@plausibility_options
@keys_dir_option
@actor_option
@pass_ctx
def log(
    ctx: Context, event_type: str, fields: tuple[str, ...], site: str, on: str, key: str | None,
    covers: str | None, evidence: tuple[str, ...], allow_future: bool, confirm: bool, keys_dir: str | None,
    actor: str | None,
) -> None:  # fmt: skip
    """Append one event of TYPE; payload fields as FIELD=VALUE (`opsledger catalog` lists them)."""
    from ledger.errors import DuplicateEvent
    from ledger.importer import parse_assignments
    from schemes import actions

    payload = parse_assignments(fields)
    done = actions.log_event(
        ctx.ledger(), _writer(actor, keys_dir), event_type, site, on, payload, key=key,
        evidence=[Path(p) for p in evidence], covers=covers, allow_future=allow_future, confirm=confirm,
    )  # fmt: skip
    for message in done.warnings:
        _warn(message)
    if done.duplicate:
        from ledger.messages import msg

        what, where = msg("dup.what.key", value=key), msg("dup.where.seq", seq=done.event.seq)
        raise DuplicateEvent(msg("dup.duplicate", what=what, where=where), done.event.seq)
    echo(f"appended seq {done.event.seq} hash {done.event.hash}")


@cli.command()
@click.argument("seq", type=SEQ)
@click.argument("changes", nargs=-1, metavar="FIELD=VALUE...")
@click.option("--reason", required=True, help="Why the original was wrong.")
@buyer_option
@keys_dir_option
@actor_option
@pass_ctx
def correct(
    ctx: Context, seq: int, changes: tuple[str, ...], reason: str, buyer: str | None, keys_dir: str | None,
    actor: str | None,
) -> None:  # fmt: skip
    """Supersede fields of event SEQ (occurred_at=DATE moves it); the original stays in the log."""
    from ledger.importer import parse_assignments
    from schemes import actions

    fields = parse_assignments(changes)
    event = actions.correct(ctx.ledger(), _writer(actor, keys_dir, buyer), seq, fields, reason)
    echo(f"appended seq {event.seq} hash {event.hash} (corrects seq {seq})")


@cli.command()
@click.argument("seq", type=SEQ)
@click.option("--reason", required=True, help="Why the event is void.")
@buyer_option
@keys_dir_option
@actor_option
@pass_ctx
def retract(
    ctx: Context, seq: int, reason: str, buyer: str | None, keys_dir: str | None, actor: str | None
) -> None:
    """Void event SEQ; the original stays in the log."""
    from schemes import actions

    event = actions.retract(ctx.ledger(), _writer(actor, keys_dir, buyer), seq, reason)
    echo(f"appended seq {event.seq} hash {event.hash} (retracts seq {seq})")


@cli.command("import")
@click.argument("file", metavar="FILE")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default=None,
              help="File format (default: from the extension).")  # fmt: skip
@click.option("--map", "map_file", default=None, metavar="MAPPING",
              help="FILE is a register (台账, .xlsx or .csv) read through this mapping (see data/mappings/).")  # fmt: skip
@click.option("--site", default=None, help="With --map: the site every row is about (unless a column says).")
@click.option("--dry-run", is_flag=True, help="With --map: print what the import would do; write nothing.")
@click.option("--retract-missing", is_flag=True,
              help="With --map: retract the events of rows no longer in the register (else only reported).")  # fmt: skip
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
    """Append every event in a JSONL or CSV file (or a register with --map), all or nothing; events already stored are skipped."""
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
        with _Progress("importing") as progress:
            result = actions.import_events(ledger, writer, file, fmt, progress=progress, **checks)
        for finding in warnings:
            _row_finding(*finding)
        head_seq, head_hash = ledger.head()
        echo(
            f"imported {result.added} events ({result.duplicates} duplicates skipped); "
            f"head seq {head_seq} hash {head_hash}"
        )
        return
    if fmt is not None:
        raise LedgerError(msg("cli.format_with_map"))
    with _Progress("importing") as progress:
        done = actions.import_register(ledger, writer, file, map_file, site=site, dry_run=dry_run,
                                       retract_missing=retract_missing, progress=progress, **checks)  # fmt: skip
    plan = done.plan
    for finding in warnings:
        _row_finding(*finding)
    echo("read: " + ", ".join(r.describe() for r in plan.reports))
    echo(plan.summary())
    for table, event in plan.missing:
        title = (
            event.payload.get("title") or event.payload.get("worker") or event.payload.get("employer") or ""
        )
        echo(
            f"  missing from {table.name}: seq {event.seq} {event.occurred_at} {event.type} {title}".rstrip()
        )
    if plan.missing and not retract_missing:
        echo("  (kept: pass --retract-missing to retract them)")
    if plan.without_identity:
        echo(f"  ({', '.join(plan.without_identity)}: no identity in the mapping, so a changed row imports as "
                   "new and a removed one goes unnoticed)")  # fmt: skip
    if done.appended is None:
        echo("dry run: nothing written")
        return
    head_seq, head_hash = ledger.head()
    echo(f"imported {done.appended.added} events; head seq {head_seq} hash {head_hash}")


def _row_finding(where: str, level: str, message: Any) -> None:
    from ledger.messages import msg, text

    echo(text(msg(f"cli.row.{level}", where=where, message=message)), err=True)


# -- reading --------------------------------------------------------------------------------------------


@cli.command()
@click.option("--site", default=None, help="Only this site.")
@click.option("--type", "types", multiple=True, metavar="TYPE", help="Only this type (repeatable).")
@click.option("--from", "start", default=None, metavar="DATE", help="Occurred on or after (YYYY-MM-DD).")
@click.option("--to", "end", default=None, metavar="DATE", help="Occurred on or before (YYYY-MM-DD).")
@click.option("--as-of", "as_of", default=None, metavar="DATETIME", help="As recorded by this instant.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table",
              show_default=True, help="jsonl and csv re-import with `opsledger import`.")  # fmt: skip
@click.option("--out", default=None, metavar="FILE", help="Write the jsonl or csv here instead of stdout.")
@pass_ctx
def events(
    ctx: Context, site: str | None, types: tuple[str, ...], start: str | None, end: str | None,
    as_of: str | None, fmt: str, out: str | None,
) -> None:  # fmt: skip
    """The raw log (corrections and retractions included), filtered."""
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
    header = f"{'seq':>{seq_w}}  {'occurred':<16}  {'site':<{site_w}}  {'type':<22}  {'actor':<12}  {'status':<15}  payload"
    echo(header)
    shown = 0
    for event in stream:
        status = ""
        if event.id in amendments.retracted:
            status = f"retracted #{amendments.retracted[event.id].seq}"
        else:
            live = amendments.apply(event)
            if live is not None and live.amended_by:
                status = "corrected #" + ",".join(str(s) for s in live.amended_by)
        payload = dict(event.payload)
        if event.type in META and "target" in payload:
            target = ledger.get_by_id(payload["target"])
            ref = f"#{target.seq}" if target else payload["target"]
            payload = {"target": ref, **{k: v for k, v in payload.items() if k != "target"}}
        occurred = event.occurred_at[:16].replace("T", " ")
        echo(
            f"{event.seq:>{seq_w}}  {occurred:<16}  {event.site:<{site_w}}  {event.type:<22}  "
            f"{event.actor:<12}  {status:<15}  {_summary(payload)}"
        )
        shown += 1
    if not shown:
        echo("(no events match)")


@cli.command()
@click.option(
    "--as-of", "as_of", default=None, metavar="DATETIME", help="Verify the chain as recorded by then."
)
@click.option("--trust-key", "trust_keys", multiple=True, metavar="FINGERPRINT",
              help="The buyer's key fingerprint (or public key) every site must be rooted in, and whose key (or a "
                   "key it delegated) must have signed the head being checked (repeatable).")  # fmt: skip
@click.option("--against", multiple=True, metavar="FILE",
              help="Checkpoints the buyer kept (`opsledger checkpoint`): the ledger must still hold exactly each "
                   "signed prefix (repeatable).")  # fmt: skip
@click.option("--deep", is_flag=True,
              help="Also refold every stored projection entry and compare it with the cache, re-validate every "
                   "payload against the catalog and the ledger's bounds, and check the database file page by page.")  # fmt: skip
@pass_ctx
def verify(
    ctx: Context, as_of: str | None, trust_keys: tuple[str, ...], against: tuple[str, ...], deep: bool
) -> None:
    """Recompute every site's hash chain and re-check every signature; exit 1 naming the first bad event.
    Each site's line names the buyer key its chain is rooted in: compare it with the buyer out of band, or pass
    --trust-key to have it checked. --against FILE proves the ledger still holds what the buyer's checkpoints
    signed (a rewritten or truncated tail is caught)."""
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
        echo(
            f"every site's chain is rooted in a trusted key ({', '.join(trust_keys)}) and its head is signed by it"
        )


@cli.command("checkpoint")
@click.option("--site", required=True, help="The site whose chain to checkpoint.")
@click.option("--out", default=None, metavar="FILE", help="Append the checkpoint to FILE (else print it).")
@click.option("--assessor", default=None, metavar="NAME",
              help="Sign with this assessor's delegated key instead of the buyer's.")  # fmt: skip
@buyer_option
@keys_dir_option
@pass_ctx
def checkpoint_cmd(
    ctx: Context, site: str, out: str | None, assessor: str | None, buyer: str | None, keys_dir: str | None
) -> None:
    """Print a signed checkpoint of SITE's chain (its length, head hash and the time), signed with the buyer's key
    (--buyer NAME) or an assessor's delegated key (--assessor NAME). The buyer keeps it where the operator cannot
    reach it: `opsledger verify --against FILE` later proves the ledger still holds exactly that prefix."""
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
    echo(f"appended checkpoint {c.site} #{c.size} {c.head_hash} ({c.time}) signed by {name} to {out}")


@cli.command()
@click.option("--db", "db", default=None, metavar="FILE",
              help="A schema-1 (wave one) ledger file to upgrade (else the global --db / OPSLEDGER_DB).")  # fmt: skip
@click.option("--from", "source", default=None, metavar="URL",
              help="The ledger to copy into --to: a SQLite file or postgresql://...")  # fmt: skip
@click.option("--to", "target", default=None, metavar="URL",
              help="A new, empty ledger to write into (with --db: instead of upgrading in place).")  # fmt: skip
@click.option("--checkpoints", "checkpoints_path", default=None, metavar="FILE",
              help="Where the buyer's checkpoints of every upgraded site's new head go (default: the new file's "
                   "name with -checkpoints.txt, or migrated-checkpoints.txt for a server ledger).")  # fmt: skip
@buyer_option
@keys_dir_option
@actor_option
@pass_ctx
def migrate(
    ctx: Context, db: str | None, source: str | None, target: str | None, checkpoints_path: str | None,
    buyer: str | None, keys_dir: str | None, actor: str | None,
) -> None:  # fmt: skip
    """Upgrade a schema-1 ledger (one global chain) to per-site chains, or copy a ledger between backends.

    \b
    migrate --db old.db --buyer NAME             upgrade old.db in place (the old file kept as old.db.schema1)
    migrate --db old.db --to new.db --buyer NAME  write the upgraded ledger to a new file or postgresql:// URL
    migrate --from a.db --to postgresql://...     copy a schema-2 ledger exactly (SQLite <-> PostgreSQL)

    The old chain is verified first (nothing is written if it fails), each site's events are re-chained in order
    onto the site's own chain, every recorded value kept, and the new chains are verified before the new file
    replaces the old one. Schema 1 had no buyer keys, so the upgrade is the buyer's act: --buyer's key signs each
    site's ledger_migrated event and becomes the site's root of trust; acts recorded under schema 1 stay unsigned
    (verify lists them) and keys assessors registered themselves then keep signing until the buyer delegates
    another. A ledger already at schema 2 is left as it is."""
    from ledger import migrate as moving
    from ledger import upgrade
    from ledger.errors import LedgerError

    if source and db:
        raise LedgerError("give --db FILE (upgrade a schema-1 file) or --from URL --to URL (copy), not both")
    if source and not target:
        raise LedgerError(
            "give --to: the new, empty ledger to copy into, e.g. --to postgresql://user@host/dbname"
        )
    if source and str(source).removeprefix("sqlite:///") == str(target).removeprefix("sqlite:///"):
        raise LedgerError("--from and --to name the same ledger")
    parent = click.get_current_context().parent
    given = parent is not None and parent.get_parameter_source("db") != click.core.ParameterSource.DEFAULT
    old = db or source or (ctx.db if given else None)
    if old is None:
        raise LedgerError(
            "give --db FILE to upgrade a schema-1 ledger, or --from URL --to URL to copy a ledger between backends"
        )
    if upgrade.schema_of(old) == 2:
        if source:
            with _Progress("copying") as progress:
                result = moving.copy_ledger(source, str(target), progress=progress)
            echo(moving.copy_text(result))
            return
        echo(f"{old} is already at schema 2 (per-site chains): nothing to migrate")
        return
    if not buyer:
        raise LedgerError(
            "upgrading a schema-1 ledger is the buyer's act: pass --buyer NAME (or set OPSLEDGER_BUYER); its key "
            "signs each site's ledger_migrated event and becomes the site's root of trust"
        )
    from ledger.keys import KeySigner

    signer = KeySigner.load(buyer, keys_dir)
    with _Progress("migrating") as progress:
        done = upgrade.upgrade(old, target, signer, _actor(actor, default=buyer), progress=progress)
    for line in upgrade.upgrade_text(done, buyer):
        echo(line)
    if done.sites:
        where = Path(checkpoints_path) if checkpoints_path else upgrade.checkpoints_path(done)
        upgrade.write_checkpoints(done, buyer, signer, where)
        echo(f"the buyer's signed checkpoints of every site's new head: {where} (keep it where the operator cannot "
             f"reach it; `opsledger verify --trust-key FP --against {where}`)")  # fmt: skip


# -- the catalog ----------------------------------------------------------------------------------------


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: each type's payload JSON Schema.")  # fmt: skip
def catalog(fmt: str) -> None:
    """The event types and their fields."""
    import inspect

    from ledger.events import CATALOG

    if fmt == "json":
        echo_json({name: model.model_json_schema() for name, model in CATALOG.items()})
        return
    from ledger.labels import choices, field_label

    for name, model in CATALOG.items():
        schema = model.model_json_schema()
        defs = schema.get("$defs", {})
        required = set(schema.get("required", ()))
        flag = "  [assessor only]" if model.assessor_only else ""
        echo(f"{name}  {model.label_zh}{flag}")
        echo(f"  {inspect.cleandoc(model.__doc__ or '')}")
        props = {k: v for k, v in schema.get("properties", {}).items() if k != "type"}
        width = max((len(k) for k in props), default=0)
        labels = {k: field_label(name, k)[0] for k in props}
        label_width = max((_width(v) for v in labels.values()), default=0)
        for field_name, prop in props.items():
            # Both names are typed the same way: `log job_fair_held 形式=线下` is `format=offline`.
            closed = choices(name, field_name)
            text = (
                ("one of " + "|".join(f"{v}={zh}" for v, zh, _ in closed))
                if closed
                else _schema_type(prop, defs)
            )
            if closed and "null" in {p.get("type") for p in prop.get("anyOf", ())}:
                text += " (or empty)"
            label = labels[field_name]
            text = f"{label}{' ' * (label_width - _width(label))}  {text}"
            unit = _schema_unit(prop)
            if unit:
                text += f", {unit}"
            if field_name in required:
                text += "; required"
            elif "default" in prop:
                text += "; default " + _show(prop["default"])
            echo(f"    {field_name:<{width}}  {text}")
        echo("")


def _width(text: str) -> int:
    """Columns a text takes on a terminal: a Chinese character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if value == "":
        return '""'
    return str(value).lower() if isinstance(value, bool) else str(value)


def _schema_unit(prop: dict[str, Any]) -> str | None:
    if "unit" in prop:
        return str(prop["unit"])
    for option in prop.get("anyOf", ()):
        if "unit" in option:
            return str(option["unit"])
    return None


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
        text = ("decimal" + _bounds(options[0])) if kinds == {"number", "string"} else (
            " or ".join(_schema_type(p, defs) for p in options)
        )  # fmt: skip
        return text + (" (or empty)" if optional else "")
    if "enum" in prop:
        return "one of " + "|".join(str(v) for v in prop["enum"])
    if "const" in prop:
        return f"always {prop['const']}"
    if prop.get("format") == "date":
        return "date (YYYY-MM-DD)"
    names = {"integer": "integer", "string": "text", "boolean": "true/false", "number": "number",
             "object": "JSON object", "array": "JSON list"}  # fmt: skip
    text = names.get(prop.get("type", ""), "any")
    if "pattern" in prop:
        text += f" matching {prop['pattern']}"
    return text + _bounds(prop)


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
        return f" ({prop.get('minLength', 0)}-{prop['maxLength']} chars)"
    return ""


# -- contracts, schemes and scores ---------------------------------------------------------------------


@cli.group()
def contract() -> None:
    """Contracts: which scheme scores a site, from when, for what fee."""


@contract.command("add")
@click.argument("site_id", metavar="SITE")
@click.option("--scheme", "scheme_id", required=True, help="Scheme id (see `opsledger schemes`).")
@click.option("--start", required=True, metavar="DATE", help="Contract start date (YYYY-MM-DD).")
@click.option("--fee", required=True, metavar="YUAN", help="Contract fee in yuan (中标价/合同金额).")
@click.option("--end", default=None, metavar="DATE", help="Contract end date, if known.")
@click.option(
    "--network-fee",
    default="0",
    metavar="YUAN",
    help="Network construction fee excluded from graded pay (Shaxian).",
)
@buyer_option
@keys_dir_option
@actor_option
@pass_ctx
def contract_add(
    ctx: Context, site_id: str, scheme_id: str, start: str, fee: str, end: str | None, network_fee: str,
    buyer: str | None, keys_dir: str | None, actor: str | None,
) -> None:  # fmt: skip
    """Append a contract signed by the buyer (--buyer NAME: its key is the site's root of trust): the site is
    scored under SCHEME from START for FEE."""
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
    echo(
        f"appended seq {event.seq} hash {event.hash} (signed by {buyer}'s key {event.signer and event.signer[:16]}…)"
    )


@cli.command("schemes")
def schemes_list() -> None:
    """List the scheme files: id, period, items, title, and where a buyer's file comes from."""
    from schemes.model import FILES, get_scheme, scheme_paths

    for scheme_id, path in scheme_paths().items():
        scheme = get_scheme(scheme_id)
        where = "" if path.parent == FILES else f"  ({path})"
        echo(
            f"{scheme_id:18} every {scheme.assessed_every:8} {len(scheme.items):3} items  {scheme.title}{where}"
        )


@cli.group("scheme")
def scheme_group() -> None:
    """Inspect, check and test one scheme."""


@scheme_group.command("check")
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
def scheme_check(path: Path) -> None:
    """Print every problem of a scheme file at once (file, item, line); exit 1 if any is an error."""
    from schemes.filecheck import check_text, errors
    from schemes.model import holiday_paths, holiday_tables

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        from ledger.errors import LedgerError
        from ledger.messages import msg, os_reason

        reason = os_reason(err) if isinstance(err, OSError) else str(err)
        raise LedgerError(msg("cli.cannot_read_scheme", path=path, reason=reason)) from None
    extra, _ = holiday_tables(holiday_paths(path))
    scheme, problems = check_text(text, path.name, extra_calendar=extra)
    for problem in problems:
        echo(str(problem))
    bad = errors(problems)
    warned = len(problems) - len(bad)
    if bad:
        echo(f"{path.name}: {len(bad)} error(s), {warned} warning(s)", err=True)
        sys.exit(1)
    assert scheme is not None
    echo(f"{path.name}: ok ({len(scheme.items)} items, {len(scheme.indicators)} indicators"
               f"{f', {warned} warning(s)' if warned else ''})")  # fmt: skip


@scheme_group.command("test")
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
def scheme_test(path: Path) -> None:
    """Run a scheme's cases (FILE: the scheme file, with ID.cases.toml beside it, or the cases file)."""
    from schemes.cases import report, run_file

    scheme, results = run_file(path)
    echo(report(scheme, results))
    if not all(r.ok for r in results):
        sys.exit(1)


@scheme_group.command("show")
@click.argument("scheme_id", metavar="ID")
def scheme_show(scheme_id: str) -> None:
    """Print a scheme readably: every item, its rule, evidence and interpretation."""
    from schemes.model import get_scheme
    from schemes.reports.text import scheme_text

    echo(scheme_text(get_scheme(scheme_id)))


@cli.command()
@click.option("--site", default=None, help="The site to score (omit for a cohort scheme to rank every unit).")
@click.option(
    "--period",
    required=True,
    help="2026-03, 2026-Q3, 2026-H1, 2026, or Y1-Q2 / C+6m from the contract start.",
)
@click.option(
    "--scheme", "scheme_id", default=None, help="Score under this scheme instead of the contract's."
)
@click.option("--as-of", default=None, metavar="DATETIME", help="Only events recorded by this instant count.")
@click.option(
    "--assessed-on", default=None, metavar="DATE", help="Assessment date for durations (default: period end)."
)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "xlsx", "csv", "pdf"]), default="table", show_default=True,
              help="xlsx: the document's 评分表 as a workbook, A4 landscape (needs --out); pdf: the 评分表 on A4, "
                   "ready to sign and stamp (needs --out); csv: one row per item, UTF-8 with BOM.")  # fmt: skip
@click.option(
    "--out", default=None, metavar="FILE", help="Write the xlsx, pdf or csv here (csv: default stdout)."
)
@pass_ctx
def score(ctx: Context, site: str | None, period: str, scheme_id: str | None, as_of: str | None,
          assessed_on: str | None, fmt: str, out: str | None) -> None:  # fmt: skip
    """Score a site for a period and say why: points per item, the events behind them, total, grade, money."""
    from datetime import date

    from schemes import service
    from schemes.reports import text as render

    _check_out(fmt, out)
    ledger = ctx.ledger()
    assessed = date.fromisoformat(_day(assessed_on, "--assessed-on")) if assessed_on else None
    if site is None:
        if scheme_id is None:
            raise click.UsageError("give --site, or --scheme for a whole cohort")
        cards = service.score_cohort(
            ledger, scheme_id, period, as_of=service.proj.as_of_text(as_of), assessed_on=assessed
        )
        if fmt in ("xlsx", "csv", "pdf"):
            _scorecards_out(ledger, cards, fmt, out, cohort=True, as_of=as_of)
        elif fmt == "json":
            echo_json([c.to_json() for c in cards])
        else:
            _as_recorded_by(as_of)
            echo(render.cohort_text(cards))
        return
    card = service.score_site(ledger, site, period, scheme_id=scheme_id, as_of=as_of, assessed_on=assessed)
    if fmt in ("xlsx", "csv", "pdf"):
        _scorecards_out(ledger, [card], fmt, out, as_of=as_of)
    elif fmt == "json":
        echo_json(card.to_json())
    else:
        _as_recorded_by(as_of)
        echo(render.scorecard_text(card))


def _as_recorded_by(as_of: str | None) -> None:
    """A scorecard replayed --as-of says so first: it is the ledger as it stood then, not now."""
    if as_of:
        from projections.facts import as_of_text

        echo(f"as recorded by {as_of_text(as_of)}: events recorded later are not counted\n")


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
    what = f"{len(cards)} scorecards" if cohort else f"scorecard {cards[0].site} {cards[0].period}"
    echo(f"wrote {what} to {path}")


@cli.command()
@click.option("--site", required=True, help="The site.")
@click.option("--period", required=True, help="2026, 2026-Q3, 2026-03, 2026-H1 or Y1-Q2.")
@click.option(
    "--out", required=True, metavar="FILE", help="The HTML file to write (self-contained: opens offline)."
)
@click.option(
    "--scheme", "scheme_id", default=None, help="Score under this scheme instead of the contract's."
)
@click.option("--today", default=None, metavar="DATE",
              help="Take this as today (default: today in Asia/Shanghai): later months are drawn as not yet happened.")  # fmt: skip
@pass_ctx
def report(ctx: Context, site: str, period: str, out: str, scheme_id: str | None, today: str | None) -> None:
    """One HTML page: the scorecard, each key indicator against its target month by month, cadence, gaps, evidence."""
    from datetime import date

    from schemes.display import number
    from schemes.reports import page

    day = date.fromisoformat(_day(today, "--today") if today else _today())
    path, built = page.write(ctx.ledger(), site, period, out, today=day, scheme_id=scheme_id)
    card = built.card
    total = number(card.total, built.scheme.display_places)
    echo(f"wrote {path}: {card.site} {card.period} total {total}, "
               f"{len(built.charts)} indicator charts, {len(built.cadence)} cadence charts")  # fmt: skip


@cli.command()
@click.option("--site", required=True, help="The site whose contract year to summarise.")
@click.option("--year", required=True, metavar="YEAR", help="2026 (contract year beginning in 2026) or Y1.")
@click.option("--as-of", default=None, metavar="DATETIME", help="Only events recorded by this instant count.")
@click.option("--on", "on_day", default=None, metavar="DATE", help="What is due by then (default: today).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_ctx
def payout(ctx: Context, site: str, year: str, as_of: str | None, on_day: str | None, fmt: str) -> None:
    """A contract year in money: each assessment, each payment, the total paid, the deductions and why."""
    from datetime import date

    from schemes.money import year as pay

    today = date.fromisoformat(_day(on_day, "--on") if on_day else _today())
    summary = pay.year_summary(ctx.ledger(), site, year, today=today, as_of=as_of)
    if fmt == "json":
        echo_json(summary.to_json())
    else:
        echo(pay.summary_text(summary))


@cli.command()
@click.option(
    "--as-of",
    default=None,
    metavar="DATETIME",
    help="Fold the log as recorded by this instant (prints, stores nothing).",
)
@pass_ctx
def replay(ctx: Context, as_of: str | None) -> None:
    """Rebuild every stored projection from zero (or fold as of an instant and print the totals)."""
    from schemes import service

    ledger = ctx.ledger()
    if as_of:
        from projections.numbers import fmt
        from schemes.audit import replay_as_of

        for card in replay_as_of(
            ledger, as_of
        ):  # every assessment period of every contract, as recorded then
            grade = f" {card.grade}" if card.grade else ""
            late = f" ({len(card.late)} late)" if card.late else ""
            echo(f"{card.site:16} {card.scheme:18} {card.period:8} total {fmt(card.total)}{grade}{late}")
        return
    with _Progress("replaying") as progress:
        n = service.replay(ledger, progress=progress)
    seq, digest = ledger.head()
    if ledger.store.read_only:
        echo(f"folded {n} projection entries from zero up to seq {seq} ({digest[:16]}); the ledger is read-only "
             "here, so the stored cache was left as it was")  # fmt: skip
        return
    echo(f"replayed {n} projection entries from zero up to seq {seq} ({digest[:16]})")


# -- the demo and the gaps ------------------------------------------------------------------------------


@cli.command()
@click.option("--db", "db_path", default=None, metavar="PATH",
              help="Ledger file to build (default: the global --db, OPSLEDGER_DB, else ./opsledger.db).")  # fmt: skip
@click.option(
    "--seed", default=1, show_default=True, type=int, help="Random seed: the same seed, the same events."
)
@click.option(
    "--year", default=2026, show_default=True, type=int, help="The calendar year the demo operates."
)
@click.option(
    "--force", is_flag=True, help="Delete an existing ledger at PATH first (only an opsledger ledger)."
)
@click.option("--checkpoints", "checkpoints_path", default=None, metavar="FILE",
              help="Where the buyer's checkpoints of every site go (default: PATH with -checkpoints.txt, "
                   "or demo-checkpoints.txt for a server ledger).")  # fmt: skip
@pass_ctx
def demo(
    ctx: Context, db_path: str | None, seed: int, year: int, force: bool, checkpoints_path: str | None
) -> None:
    """Build a realistic demo ledger and print every site's scorecard and the Wujiang ranking.

    One site under each of the five schemes (a cohort of 12 Wujiang units), a whole year of daily operations,
    corrections, a retraction, a late event, complaints, assessors' judgements and contracts with fees. Written
    day by day: each day's events are recorded the next working morning (late ones later), so --as-of, diff and
    audit show the year's history. Deterministic: the same --seed gives the same ledger (events, ids, order,
    recorded times, hashes). Refuses a non-empty ledger unless --force.
    """
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
    with _Progress("building the demo") as progress:
        result = generator.build(ledger, seed=seed, year=year, progress=progress)
    lines, cohort = generator.summaries(ledger, year)
    echo(generator.summary_text(result, lines, cohort))
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
        raise LedgerError(f"cannot write {str(where)!r}: {err.strerror or err}") from None
    echo(f"\nthe buyer's signed checkpoints of every site: {where} (`opsledger verify --against {where}`)")


@cli.command()
@click.option("--site", required=True, help="The site.")
@click.option("--period", required=True, help="2026, 2026-Q3, 2026-03, 2026-H1 or Y1-Q2.")
@click.option("--today", default=None, metavar="DATE",
              help="Take this as today (default: today in Asia/Shanghai): a period still running gets a projection.")  # fmt: skip
@click.option(
    "--scheme", "scheme_id", default=None, help="Score under this scheme instead of the contract's."
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_ctx
def gaps(ctx: Context, site: str, period: str, today: str | None, scheme_id: str | None, fmt: str) -> None:
    """What would raise each item not at full marks, by how much and by when; missing evidence; a projection."""
    from datetime import date

    from schemes import gaps as gap_report

    day = date.fromisoformat(_day(today, "--today") if today else _today())
    report = gap_report.site_gaps(ctx.ledger(), site, period, day, scheme_id=scheme_id)
    if fmt == "json":
        echo_json(report.to_json())
    else:
        echo(gap_report.gaps_text(report))


# -- auditors: keys, closing periods, sign-off, audit, diff, evidence, bundles --------------------------


@cli.group()
def keys() -> None:
    """Assessors' Ed25519 signing keys."""


@keys.command("new")
@keys_dir_option
@actor_option
def keys_new(keys_dir: str | None, actor: str | None) -> None:
    """Create ACTOR's Ed25519 key pair in the keys directory (a buyer's or an assessor's). The private key never
    leaves it; hand the .pub file (or the fingerprint) to whoever must trust it: an assessor's to the buyer, who
    delegates it with `role grant --role assessor --key`, a buyer's to the auditors (`verify --trust-key`)."""
    from ledger import keys as k

    private, public = k.new_key(_key_owner(actor), keys_dir)
    echo(f"created {private} (private, mode 600) and {private.with_suffix('.pub')}")
    echo(f"public key {public} fingerprint {k.fingerprint(public)}")


@keys.command("show")
@keys_dir_option
@actor_option
def keys_show(keys_dir: str | None, actor: str | None) -> None:
    """Print ACTOR's public key and fingerprint (what to give an auditor out of band)."""
    from ledger import keys as k

    name = _key_owner(actor)
    public = k.public_hex(k.load_private(name, keys_dir))
    echo(f"{name} {public} fingerprint {k.fingerprint(public)}")


@cli.command()
@click.option("--site", required=True, help="The site.")
@click.option("--period", required=True, help="A calendar period: 2026-03, 2026-Q2, 2026-H1, 2026.")
@click.option("--reason", default="", help="Why (optional).")
@click.option("--early", is_flag=True, help="Close a period that has not ended yet.")
@keys_dir_option
@actor_option
@pass_ctx
def close(
    ctx: Context, site: str, period: str, reason: str, early: bool, keys_dir: str | None, actor: str | None
) -> None:
    """Close (SITE, PERIOD): events inside it recorded from now on are late (assessors only, signed)."""
    from schemes import audit

    w = _writer(actor, keys_dir)
    event = audit.close_period(ctx.ledger(), site, period, w.actor, reason, early=early, keys=w.keys)
    echo(f"closed {site} {event.payload['period']}: seq {event.seq} recorded {event.recorded_at}")


@cli.command()
@click.argument("seq", type=SEQ)
@click.option("--reason", required=True, help="Why the late event is accepted.")
@keys_dir_option
@actor_option
@pass_ctx
def accept(ctx: Context, seq: int, reason: str, keys_dir: str | None, actor: str | None) -> None:
    """Accept the late event SEQ (and its late corrections): it counts from now on (assessors only, signed)."""
    from schemes import audit

    w = _writer(actor, keys_dir)
    event = audit.accept_late(ctx.ledger(), seq, w.actor, reason, keys=w.keys)
    echo(f"accepted late seq {seq}: seq {event.seq} hash {event.hash}")


@cli.command()
@click.option("--site", required=True, help="The site.")
@click.option("--period", required=True, help="The period to sign off.")
@click.option(
    "--scheme", "scheme_id", default=None, help="Score under this scheme instead of the contract's."
)
@keys_dir_option
@actor_option
@pass_ctx
def signoff(
    ctx: Context, site: str, period: str, scheme_id: str | None, keys_dir: str | None, actor: str | None
) -> None:
    """Score (SITE, PERIOD) now, sign it with ACTOR's key and append the sign-off (assessors only)."""
    from projections.numbers import fmt
    from schemes import audit

    w = _writer(actor, keys_dir)
    event, card = audit.sign_off(ctx.ledger(), site, period, w.actor, keys=w.keys, scheme_id=scheme_id)
    p = event.payload
    grade = f" {card.grade}" if card.grade else ""
    echo(f"signed {site} {p['period']} ({p['scheme']}): total {fmt(card.total)}{grade}")
    echo(f"  over ledger head seq {p['head_seq']} {p['head_hash']} (as of {p['as_of']})")
    echo(f"  scheme file sha256 {p['scheme_hash']}")
    echo(f"appended seq {event.seq} hash {event.hash}")
    if card.late:
        echo(f"note: {len(card.late)} late event(s) listed on the scorecard (see `opsledger score`)")


@cli.command("audit")
@click.option("--site", required=True, help="The site.")
@click.option("--period", required=True, help="The period signed off.")
@click.option("--scheme", "scheme_id", default=None, help="The scheme, if not the contract's.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_ctx
def audit_cmd(ctx: Context, site: str, period: str, scheme_id: str | None, fmt: str) -> None:
    """Re-verify every sign-off of (SITE, PERIOD) and show what later events changed; exit 1 if one is invalid."""
    from ledger.errors import LedgerError
    from ledger.messages import msg
    from schemes import audit

    results = audit.audit(ctx.ledger(), site, period, scheme_id=scheme_id)
    if fmt == "json":
        echo_json(audit.audit_json(results))
    else:
        echo(audit.audit_text(results))
    bad = [r for r in results if not r.ok]
    if bad:
        first = bad[0].failures[0]
        raise LedgerError(
            msg("cli.signoff_invalid", seq=bad[0].event.seq, name=first.name, detail=first.detail)
        )


@cli.command()
@click.option("--site", required=True, help="The site.")
@click.option("--period", required=True, help="The period.")
@click.option("--from", "t1", required=True, metavar="DATETIME", help="The earlier instant.")
@click.option("--to", "t2", required=True, metavar="DATETIME", help="The later instant.")
@click.option(
    "--scheme", "scheme_id", default=None, help="Score under this scheme instead of the contract's."
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_ctx
def diff(ctx: Context, site: str, period: str, t1: str, t2: str, scheme_id: str | None, fmt: str) -> None:
    """What was recorded, corrected or retracted between two instants, and how each changed the scorecard."""
    from schemes import audit

    result = audit.diff(ctx.ledger(), site, period, t1, t2, scheme_id=scheme_id)
    if fmt == "json":
        echo_json(audit.diff_json(result))
    else:
        echo(audit.diff_text(result))


@cli.command()
@click.argument("seq", type=SEQ)
@click.argument("file", metavar="FILE")
@click.option("--for", "requirement", default="", metavar="TEXT",
              help="Which 佐证材料 it is: its number or part of its text, e.g. 现场照片 (refused, with the list, if none or two match).")  # fmt: skip
@actor_option
@pass_ctx
def attach(ctx: Context, seq: int, file: str, requirement: str, actor: str | None) -> None:
    """Attach FILE as evidence to event SEQ (kept by the ledger's store under its content hash)."""
    from schemes import actions

    event = actions.attach(ctx.ledger(), _writer(actor), seq, Path(file), requirement)
    requirement = event.payload.get("requirement", "")
    echo(f"attached {event.payload['file_name']} sha256 {event.payload['sha256']} to seq {seq}: "
               f"seq {event.seq} hash {event.hash}" + (f" (for {requirement})" if requirement else ""))  # fmt: skip


@cli.command()
@click.option("--site", required=True, help="The site.")
@click.option("--period", required=True, help="The period.")
@click.option(
    "--scheme", "scheme_id", default=None, help="Score under this scheme instead of the contract's."
)
@pass_ctx
def evidence(ctx: Context, site: str, period: str, scheme_id: str | None) -> None:
    """Per scheme item: the evidence the document asks for, what is attached, what is missing."""
    from schemes import audit

    card, report = audit.evidence_report(ctx.ledger(), site, period, scheme_id=scheme_id)
    echo(audit.evidence_text(card, report))


@cli.command()
@click.option("--site", required=True, help="The site.")
@click.option("--period", required=True, help="The period.")
@click.option("--out", required=True, metavar="DIR", help="A new (or empty) directory for the bundle.")
@click.option(
    "--scheme", "scheme_id", default=None, help="Score under this scheme instead of the contract's."
)
@pass_ctx
def export(ctx: Context, site: str, period: str, out: str, scheme_id: str | None) -> None:
    """Write a self-contained audit bundle: events, scheme, scorecard, sign-offs, keys, evidence."""
    from schemes import audit

    echo(audit.export_text(audit.export(ctx.ledger(), site, period, out, scheme_id=scheme_id)))


@cli.command("verify-bundle")
@click.argument("directory", metavar="DIR")
@click.option("--trust-key", "trust", multiple=True, metavar="KEY",
              help="An assessor key (hex or fingerprint) confirmed out of band (repeatable).")  # fmt: skip
def verify_bundle(directory: str, trust: tuple[str, ...]) -> None:
    """Check a bundle without the original database; exit 1 naming the part that fails."""
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
    echo(f"ok: bundle {directory} verifies")


# -- the web app and its accounts -----------------------------------------------------------------------


@cli.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to bind (0.0.0.0: every interface)."
)
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--behind-tls", is_flag=True, help="A TLS proxy is in front: secure cookies, no plain-HTTP warning."
)
@click.option(
    "--mappings", default=None, metavar="DIR", help="Register mappings offered on the Registers page."
)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (sessions are kept in the ledger's store, so they share them).")  # fmt: skip
@pass_ctx
def serve(ctx: Context, host: str, port: int, behind_tls: bool, mappings: str | None, workers: int) -> None:
    """Serve the web app over this ledger (prints the URL, and a first admin login if there is no account)."""
    from web.serve import serve as run

    default = Path("data/mappings")
    run(ctx.db, host, port, behind_tls=behind_tls,
        mappings_dir=mappings or (str(default) if default.is_dir() else None), workers=workers)  # fmt: skip


@cli.group()
def user() -> None:
    """Web app accounts (kept in the ledger's store)."""


@user.command("add")
@click.argument("name")
@click.option(
    "--role", "role_name", required=True, type=click.Choice(["admin", "operator", "assessor", "viewer"])
)
@click.option(
    "--site",
    "sites",
    multiple=True,
    metavar="SITE",
    help="Site the role applies to (repeatable; '*' every site).",
)
@pass_ctx
def user_add(ctx: Context, name: str, role_name: str, sites: tuple[str, ...]) -> None:
    """Create an account; the password is prompted (or read as one line from standard input)."""
    from web.accounts import Accounts
    from web.serve import read_password

    ledger = ctx.ledger()
    known = ledger.registered_sites()
    for site_id in sites:
        if site_id != "*":
            _known_site(ledger, site_id)
    grants = [(role_name, s) for s in sites] or [(role_name, "")]
    account = Accounts(lambda: ctx.ledger().store).add(name, read_password(), grants)
    echo(f"added user {account.name}: {account.roles_text()}")
    if role_name == "assessor":
        roles = ledger.roles()
        for site_id in [s for s in sites if s != "*"] or sorted(known):
            if not roles.is_assessor(name, site_id):
                echo(f"note: the ledger does not list {name} as an assessor for {site_id} yet: an assessor "
                           f"there runs `opsledger role grant {name} --role assessor --site {site_id}`", err=True)  # fmt: skip


@user.command("passwd")
@click.argument("name")
@pass_ctx
def user_passwd(ctx: Context, name: str) -> None:
    """Set a new password for an account (prompted, or one line on standard input)."""
    from web.accounts import AccountError, Accounts
    from web.serve import read_password

    accounts = Accounts(lambda: ctx.ledger().store)
    account = accounts.get(name)
    if account is None:
        raise AccountError(f"no user {name!r}")
    if account.key_pem:
        raise AccountError(f"{name} has a signing key held by the server, encrypted with the old password: "
                           "change the password on the web page (修改密码), which re-encrypts it")  # fmt: skip
    accounts.set_password(name, read_password())
    echo(f"password of {name} changed")


@user.command("list")
@pass_ctx
def user_list(ctx: Context) -> None:
    """The accounts and their roles."""
    from web.accounts import Accounts

    for account in Accounts(lambda: ctx.ledger().store).all():
        key = " (signing key held)" if account.key_pem else ""
        echo(f"{account.name:20} {account.roles_text()}{key}")


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
        lambda m: f"{m.group()[: QUOTE + 1]}…{m.group()[0]} ({len(m.group()) - 2:,} characters)", text
    )
    return text if len(text) <= 20 * QUOTE else text[: 20 * QUOTE] + "…"


def _drop_stdout() -> None:
    """Discard what is still buffered for a stdout that cannot take it, so exiting does not fail again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    main()
