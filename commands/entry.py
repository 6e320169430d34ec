"""opsledger's entry point: one `opsledger log` without loading click, everything else through cli.py.

`opsledger log` is what an operator runs many times a day, and click's import is a third of its start-up (issue 15:
`log` within three times a bare `python` + one SQLite insert). Here a `log` whose arguments are plain (the
group's --db and --lang, log's own options, FIELD=VALUE arguments) is read without click and runs the very body
the click `log` command runs (`log_one`; commands/writing.py). Anything else (another command, --help, --version,
an unknown or repeated option, a value beginning with "-", `--`, a missing TYPE, --site or --on, --schemes-dir, a
PostgreSQL URL, where the writer is the database login, a terminal that does not take UTF-8) is left to click,
which says what it says today: this reader never refuses, it only declines. tests/test_cli_entry.py checks that
every command line it accepts is the one click parses.

`opsledger score` to the terminal is read the same way (`quick_score`), on a SQLite file or a PostgreSQL URL: a
site's or a cohort's scorecard, as a table or JSON, runs `score_cards` and `print_scores`, the body the click
`score` runs too (commands/reading.py). It runs with the scheme file's models as plain classes
(projections/modelbase.py): it validates nothing, reading the scheme checked and kept when it was last loaded
(schemes/cache.py), and importing pydantic and building its models was half of a `score` (issue 15: within 150
ms). When no checked copy is kept (a scheme edited, opsledger upgraded), the command is run again from the start
with pydantic (OPSLEDGER_QUICK_SCORE=0 turns the quick score off). A process whose models are pydantic's already
(the tests' own, running the CLI in-process) keeps them: its `score` goes through click.

This is also the one place errors become messages (`guarded`): every LedgerError (and the upper layers' errors,
which subclass it) is one line on stderr and exit status 1; cli.py adds click's own errors to it.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from ledger.ledger import Ledger
    from schemes.actions import Writer

DEFAULT_DB = "opsledger.db"

# The command line click would read, as far as this reader reads it. tests/test_cli_entry.py checks these names
# against the click commands' own parameters, so an option added to `log` (commands/writing.py) fails a test
# until it is added here (or declined).
GROUP_OPTIONS = ("--db", "--lang")
LOG_OPTIONS = ("--site", "--on", "--key", "--covers", "--keys-dir", "--actor")
LOG_MULTIPLE = ("--evidence",)
LOG_FLAGS = ("--allow-future", "--confirm")
LANGS = ("zh", "en")
SCORE_OPTIONS = ("--site", "--period", "--scheme", "--as-of", "--assessed-on", "--format")
SCORE_FORMATS = ("table", "json")  # the file formats (xlsx, csv, pdf) load their writers: click's
QUICK_SCORE = "OPSLEDGER_QUICK_SCORE"  # "0": `score` through click, with pydantic's models


class QuickLog:
    """One `opsledger log`, as click would have parsed it. (A plain class: a NamedTuple is generated code,
    compiled as the module loads, a millisecond of every `log`.)"""

    __slots__ = ("actor", "allow_future", "confirm", "covers", "db", "event_type", "evidence", "fields", "key",
                 "keys_dir", "lang", "on", "site")  # fmt: skip

    def __init__(
        self, db: str, lang: str | None, event_type: str, fields: tuple[str, ...], site: str, on: str,
        key: str | None, covers: str | None, evidence: tuple[str, ...], allow_future: bool, confirm: bool,
        keys_dir: str | None, actor: str | None,
    ) -> None:  # fmt: skip
        self.db, self.lang, self.event_type, self.fields, self.site, self.on = (
            db,
            lang,
            event_type,
            fields,
            site,
            on,
        )
        self.key, self.covers, self.evidence, self.allow_future = key, covers, evidence, allow_future
        self.confirm, self.keys_dir, self.actor = confirm, keys_dir, actor


class QuickScore:
    """One `opsledger score` to the terminal, as click would have parsed it."""

    __slots__ = ("as_of", "assessed_on", "db", "fmt", "lang", "period", "scheme_id", "site")

    def __init__(self, db: str, lang: str | None, site: str | None, period: str, scheme_id: str | None,
                 as_of: str | None, assessed_on: str | None, fmt: str) -> None:  # fmt: skip
        self.db, self.lang, self.site, self.period, self.scheme_id = db, lang, site, period, scheme_id
        self.as_of, self.assessed_on, self.fmt = as_of, assessed_on, fmt


def _options(args: Sequence[str], valued: Sequence[str], multiple: Sequence[str] = (),
             flags: Sequence[str] = (), stop_at_word: bool = False) -> tuple[dict[str, Any], list[str]] | None:  # fmt: skip
    """Options and the words between them, or None for anything this reader leaves to click. With
    `stop_at_word`, reading stops at the first word (a group's options come before its command)."""
    found: dict[str, Any] = {}
    words: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if not arg.startswith("-"):
            if stop_at_word:
                return found, list(args[i:])
            words.append(arg)
            i += 1
            continue
        name, eq, value = arg.partition("=")
        if name in flags:
            if eq or name in found:
                return None
            found[name] = True
            i += 1
            continue
        if name not in valued and name not in multiple:
            return None  # -h, --help, --version, `--`, "-", a misspelt option: click's to say
        if not eq:
            if i + 1 >= len(args):
                return None
            value = args[i + 1]
            i += 1
        i += 1
        if value.startswith("-"):
            return None  # click would take it as the value; a typo more often than not, and click's to judge
        if name in multiple:
            found.setdefault(name, []).append(value)
        elif name in found:
            return None  # click keeps the last; an operator who typed --site twice should see what click does
        else:
            found[name] = value
    return found, words


def _group(
    argv: Sequence[str], env: Mapping[str, str], command: str, server: bool = False
) -> tuple[str, str | None, list[str]] | None:
    """The ledger, the language and the words after `command`, when the line is `command` with plain group
    options on a local ledger file (or, with `server`, a PostgreSQL URL too) and a UTF-8 terminal; else None
    (click reads it)."""
    group = _options(argv, GROUP_OPTIONS, stop_at_word=True)
    if group is None:
        return None
    group_options, rest = group
    if not rest or rest[0] != command:
        return None
    if env.get("OPSLEDGER_SCHEMES"):
        return None  # the click group checks the directory as it starts (schemes.model, with pydantic)
    lang = group_options.get("--lang")
    if lang is not None and lang not in LANGS:
        return None
    # An option given on the line wins over its variable, and an empty variable counts as unset (click's way).
    db = group_options["--db"] if "--db" in group_options else env.get("OPSLEDGER_DB") or DEFAULT_DB
    from ledger.store import is_server_url

    if is_server_url(db) and not server:
        return None  # a `log` there is written as the database login (commands/base.py, Context.login)
    if not (_utf8(sys.stdout) and _utf8(sys.stderr)):
        return None
    return db, lang, rest[1:]


def quick_log(argv: Sequence[str], env: Mapping[str, str]) -> QuickLog | None:
    """`argv` as click would parse it, if it is a plain `log`; else None (click reads it)."""
    found = _group(argv, env, "log")
    if found is None:
        return None
    db, lang, rest = found
    parsed = _options(rest, LOG_OPTIONS, LOG_MULTIPLE, LOG_FLAGS)
    if parsed is None:
        return None
    options, words = parsed
    if not words or "--site" not in options or "--on" not in options:
        return None  # click says which is missing
    actor = options["--actor"] if "--actor" in options else env.get("OPSLEDGER_ACTOR") or None
    return QuickLog(
        db=db, lang=lang, event_type=words[0], fields=tuple(words[1:]), site=options["--site"],
        on=options["--on"], key=options.get("--key"), covers=options.get("--covers"),
        evidence=tuple(options.get("--evidence", ())), allow_future=bool(options.get("--allow-future")),
        confirm=bool(options.get("--confirm")), keys_dir=options.get("--keys-dir"), actor=actor,
    )  # fmt: skip


def quick_score(argv: Sequence[str], env: Mapping[str, str]) -> QuickScore | None:
    """`argv` as click would parse it, if it is a `score` to the terminal; else None (click reads it)."""
    found = _group(argv, env, "score", server=True)  # a score reads as no one: PostgreSQL as well
    if found is None:
        return None
    db, lang, rest = found
    parsed = _options(rest, SCORE_OPTIONS)
    if parsed is None:
        return None
    options, words = parsed
    fmt = options.get("--format", "table")
    if words or "--period" not in options or fmt not in SCORE_FORMATS:
        return None  # a stray word, no --period, a file format or an unknown one: click says what it says
    if "--site" not in options and "--scheme" not in options:
        return None  # click's usage error names the two
    return QuickScore(
        db=db, lang=lang, site=options.get("--site"), period=options["--period"], scheme_id=options.get("--scheme"),
        as_of=options.get("--as-of"), assessed_on=options.get("--assessed-on"), fmt=fmt,
    )  # fmt: skip


def _utf8(stream: Any) -> bool:
    encoding = getattr(stream, "encoding", None) or ""
    return encoding.lower().replace("-", "").replace("_", "") == "utf8"


# -- what `log` does, whichever reader read its line -----------------------------------------------------------


def default_actor() -> str:
    """--actor, else OPSLEDGER_ACTOR, else the OS user."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name (containers): still say who, never fail
        return "unknown"


def writer_for(name: str, keys_dir: str | None = None, buyer: str | None = None) -> Writer:
    """The writer `name` (each face resolves who that is) and the keys they hold: their own key file and
    --buyer's, read only if an act needs one."""
    from ledger.keys import KeysDir
    from schemes.actions import Writer

    return Writer(name, KeysDir([name, buyer or ""], keys_dir))


def log_one(
    open_ledger: Callable[[], Ledger], writer: Callable[[], Writer], event_type: str, fields: Sequence[str],
    site: str, on: str, key: str | None, covers: str | None, evidence: Sequence[str], allow_future: bool,
    confirm: bool, echo: Callable[..., None],
) -> None:  # fmt: skip
    """`opsledger log`: one event appended, its warnings said, its seq and hash printed. The ledger and the
    writer are opened in the order click's command always opened them (after the fields are read), so the
    first mistake named is the same whichever reader read the line."""
    from ledger.errors import DuplicateEvent
    from ledger.importer import parse_assignments
    from ledger.messages import msg, text
    from schemes import actions

    payload = parse_assignments(fields)
    done = actions.log_event(
        open_ledger(), writer(), event_type, site, on, payload, key=key, evidence=evidence,
        covers=covers, allow_future=allow_future, confirm=confirm,
    )  # fmt: skip
    for message in done.warnings:
        echo(text(msg("cli.warning", warning=message)), err=True)
    if done.duplicate:
        what, where = msg("dup.what.key", value=key), msg("dup.where.seq", seq=done.event.seq)
        raise DuplicateEvent(msg("dup.duplicate", what=what, where=where), done.event.seq)
    echo(f"appended seq {done.event.seq} hash {done.event.hash}")


def calendar_day(text: str, option: str) -> str:
    """A date option (--from, --to, --assessed-on) as an ISO date, within the dates a ledger holds."""
    from datetime import date

    from ledger import limits
    from ledger.errors import LedgerError
    from ledger.messages import msg

    try:
        return limits.check_date(date.fromisoformat(text), option).isoformat()
    except ValueError:
        raise LedgerError(msg("date.bad_option", option=option, text=limits.quote(text))) from None


def score_cards(ledger: Ledger, site: str | None, period: str, scheme_id: str | None, as_of: str | None,
                assessed_on: str | None) -> list[Any]:  # fmt: skip
    """`opsledger score`: the site's scorecard, or (no site) every scorecard of the cohort scheme `scheme_id`
    (the caller has refused neither given)."""
    from datetime import date

    from schemes import service

    assessed = date.fromisoformat(calendar_day(assessed_on, "--assessed-on")) if assessed_on else None
    if site is None:
        assert scheme_id is not None
        as_of_text = service.proj.as_of_text(as_of)
        return service.score_cohort(ledger, scheme_id, period, as_of=as_of_text, assessed_on=assessed)
    return [service.score_site(ledger, site, period, scheme_id=scheme_id, as_of=as_of, assessed_on=assessed)]


def print_scores(
    cards: Sequence[Any], cohort: bool, fmt: str, as_of: str | None, echo: Callable[..., None]
) -> None:
    """Scorecards on the terminal: JSON, or the table (a cohort's standings first), said to be the ledger as it
    stood when replayed --as-of."""
    from schemes.reports import text as render

    if fmt == "json":
        echo(json_text([c.to_json() for c in cards] if cohort else cards[0].to_json()))
        return
    if as_of:
        from ledger.messages import msg, text
        from projections.facts import as_of_text

        echo(text(msg("cmd.score.as_of", when=as_of_text(as_of))))
    echo(render.cohort_text(list(cards)) if cohort else render.scorecard_text(cards[0]))


def json_text(value: Any) -> str:
    """One JSON document, UTF-8, Decimals as strings."""
    import json

    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


def line(message: Any = "", err: bool = False) -> None:
    """One line to stdout (or stderr), its control characters escaped (ledger.limits.printable), as the click
    commands' `echo` (commands/terminal.py) writes it; only on a stream `quick_log` found to take UTF-8."""
    from ledger.limits import printable

    stream = sys.stderr if err else sys.stdout
    stream.write((printable(message) if isinstance(message, str) else str(message)) + "\n")
    stream.flush()


def _use_lang(lang: str | None) -> None:
    """--lang for this command, as the group's option sets it (commands/base.py)."""
    if lang:
        from ledger.messages import set_lang

        set_lang(lang)


def run_quick(command: QuickLog) -> None:
    from ledger.ledger import Ledger

    _use_lang(command.lang)
    opened: list[Ledger] = []

    def open_ledger() -> Ledger:
        opened.append(Ledger(command.db))
        return opened[-1]

    try:
        log_one(
            open_ledger, lambda: writer_for(command.actor or default_actor(), command.keys_dir), command.event_type,
            command.fields, command.site, command.on, command.key, command.covers, command.evidence,
            command.allow_future, command.confirm, line,
        )  # fmt: skip
    finally:
        for ledger in opened:
            ledger.close()


def run_score(command: QuickScore) -> None:
    from ledger.ledger import Ledger
    from projections.modelbase import NeedsValidation

    _use_lang(command.lang)
    ledger = Ledger(command.db)
    try:
        try:
            cards = score_cards(ledger, command.site, command.period, command.scheme_id, command.as_of,
                                command.assessed_on)  # fmt: skip
        except NeedsValidation:  # before anything is printed: see _again_with_pydantic
            ledger.close()
            _again_with_pydantic()
        print_scores(cards, command.site is None, command.fmt, command.as_of, line)
    finally:
        ledger.close()


def _again_with_pydantic() -> NoReturn:
    """This process has the plain models and the scheme must be checked: the same command, from the start, in a
    process with pydantic's (nothing was printed or written that it will not print or write again)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, *sys.orig_argv[1:]], {**os.environ, QUICK_SCORE: "0"})


def _plain_models() -> bool:
    """Whether this process may read schemes with the plain models: not when told otherwise, nor when any model
    module is loaded already (a process that has validated a scheme, as the tests' in-process CLI has), nor when
    nothing can be kept (OPSLEDGER_CACHE=off, no home directory) or nothing has been (no cache directory yet, as
    on the first `score` after installing), nor where a kept scheme is never read (no POSIX file owners, as on
    Windows: schemes/cache.py `_own`): the plain process could only run the command again."""
    if os.environ.get(QUICK_SCORE) == "0" or not hasattr(os, "getuid"):
        return False
    from schemes import cache

    folder = cache.directory()
    if folder is None or not os.path.isdir(folder):
        return False
    from projections import modelbase

    return modelbase.use_plain()


# -- the one place errors become messages ----------------------------------------------------------------------


def guarded(body: Callable[[], None], echo: Callable[..., None] = line) -> None:
    """Runs a command: whatever happens, the user sees one line on stderr and a non-zero exit, never a
    traceback: the project's errors as they are, a full disk or an unwritable output as what it is, and
    anything else as an internal error to report (OPSLEDGER_DEBUG=1 shows its traceback). The fuzz tests
    (tests/test_fuzz_cli.py) fail on any internal error, so the last net is not a way to hide one. cli.py
    handles click's own errors inside `body`."""
    from ledger.errors import DuplicateEvent, LedgerError
    from ledger.messages import msg, text

    try:
        try:
            body()
        finally:
            sys.stdout.flush()  # a full disk behind stdout surfaces here, not as a warning at exit
    except DuplicateEvent as dup:
        echo(str(dup), err=True)
        sys.exit(0)
    except LedgerError as err:
        echo(text(msg("cli.error", error=one_line(clipped(text(err))))), err=True)
        sys.exit(1)
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

            where = f" {clipped(repr(err.filename))}" if err.filename else ""
            echo(
                text(msg("cli.error", error=msg("cli.cannot_rw", where=where, reason=os_reason(err)))),
                err=True,
            )
        sys.exit(1)
    except Exception as err:  # noqa: BLE001 - the last net: one line, never a traceback
        if os.environ.get("OPSLEDGER_DEBUG"):
            raise
        _drop_stdout()
        what = f"{type(err).__name__}: {one_line(clipped(text(err)))}"
        echo(text(msg("cli.error", error=msg("cli.internal", what=what))), err=True)
        sys.exit(70)


def one_line(text: str) -> str:
    return " ".join(text.split("\n")) if "\n" in text else text


def clipped(text: str) -> str:
    """A message that quotes the user's input ('...') quotes at most ~80 characters of it."""
    import re

    from ledger.limits import QUOTE
    from ledger.messages import msg
    from ledger.messages import text as said

    long_quote = re.compile("'([^'\\n]{%d,})'|\"([^\"\\n]{%d,})\"" % (QUOTE + 1, QUOTE + 1))  # noqa: UP031
    text = long_quote.sub(
        lambda m: (
            f"{m.group()[: QUOTE + 1]}…{m.group()[0]} ({said(msg('cmd.characters', n=len(m.group()) - 2))})"
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


def main() -> None:
    """`opsledger` (and `python -m cli`)."""
    command = quick_log(sys.argv[1:], os.environ)
    if command is not None:
        guarded(lambda: run_quick(command))
        return
    scoring = quick_score(sys.argv[1:], os.environ)
    if scoring is not None and _plain_models():
        guarded(lambda: run_score(scoring))
        return
    from cli import main as full

    full()


if __name__ == "__main__":
    main()
