"""Commands about a ledger as a whole: init, site add, sites, migrate, replay, demo."""

from __future__ import annotations

from pathlib import Path

import click

from commands.base import (
    SITE_KINDS,
    Context,
    ProgressBar,
    actor_name,
    actor_option,
    buyer_option,
    cli,
    keys_dir_option,
    pass_ctx,
    say,
    today_text,
    words,
    writer_of,
)
from commands.help import argument, option
from commands.terminal import echo, pad


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

    event = actions.register_site(ctx.ledger(), writer_of(actor), site_id, name, kind, on)
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
            with ProgressBar(words("cmd.migrate.copying")) as progress:
                result = moving.copy_ledger(source, str(target), progress=progress)
            echo(moving.copy_text(result))
            return
        say("cmd.migrate.at_schema_2", ledger=old)
        return
    if not buyer:
        raise LedgerError(msg("cmd.migrate.buyer"))
    from ledger.keys import KeySigner

    signer = KeySigner.load(buyer, keys_dir)
    with ProgressBar(words("cmd.migrate.migrating")) as progress:
        done = upgrade.upgrade(old, target, signer, actor_name(actor, default=buyer), progress=progress)
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
    with ProgressBar(words("cmd.replay.progress")) as progress:
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
    with ProgressBar(words("cmd.demo.progress")) as progress:
        result = generator.build(ledger, seed=seed, year=year, progress=progress)
    lines, cohort = generator.summaries(ledger, year)
    echo(generator.summary_text(result, lines, cohort, date.fromisoformat(today_text())))
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
