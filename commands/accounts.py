"""The web app's face on the command line: serve, and the web accounts (user add, passwd, list)."""

from __future__ import annotations

from pathlib import Path

import click

from commands.base import Context, cli, known_site, pass_ctx, say, words
from commands.help import argument, option
from commands.terminal import echo


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
            known_site(ledger, site_id)
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
