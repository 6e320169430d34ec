"""The operator's and assessor's writing commands: log, correct, retract, import, attach."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from commands.base import (
    SEQ,
    Context,
    ProgressBar,
    actor_option,
    buyer_option,
    cli,
    keys_dir_option,
    pass_ctx,
    plausibility_options,
    say,
    words,
    writer_of,
)
from commands.entry import log_one
from commands.help import argument, option
from commands.terminal import echo


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
    # The body commands/entry.py runs for a plain `log` without click: one implementation, whichever reader read the line.
    log_one(
        ctx.ledger, lambda: writer_of(actor, keys_dir), event_type, fields, site, on, key, covers, evidence,
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
    event = actions.correct(ctx.ledger(), writer_of(actor, keys_dir, buyer), seq, fields, reason)
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

    event = actions.retract(ctx.ledger(), writer_of(actor, keys_dir, buyer), seq, reason)
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
    writer = writer_of(actor, keys_dir, buyer)
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
        with ProgressBar(words("cmd.import.progress")) as progress:
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
    with ProgressBar(words("cmd.import.progress")) as progress:
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

    event = actions.attach(ctx.ledger(), writer_of(actor), seq, Path(file), requirement)
    requirement = event.payload.get("requirement", "")
    say("cmd.attach.done", file=event.payload["file_name"], sha256=event.payload["sha256"], target=seq,
        seq=event.seq, hash=event.hash, requirement=words("cmd.attach.for", requirement=requirement) if requirement else "")  # fmt: skip
