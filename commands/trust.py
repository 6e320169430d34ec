"""Trust: role grant, contract add, keys new and show (the buyer's keys root every signed act)."""

from __future__ import annotations

import click

from commands.base import (
    ROLES,
    Context,
    actor_option,
    buyer_option,
    cli,
    key_owner,
    keys_dir_option,
    pass_ctx,
    say,
    words,
    writer_of,
)
from commands.help import argument, option
from commands.terminal import echo


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
    writer = writer_of(actor, keys_dir, buyer, default=buyer)
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
        ctx.ledger(), writer_of(actor, keys_dir, buyer, default=buyer), site_id, scheme_id, start, fee, end=end,
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

    private, public = k.new_key(key_owner(actor), keys_dir)
    say("cmd.keys.created", private=private, public=private.with_suffix(".pub"))
    say("cmd.keys.public", key=public, fingerprint=k.fingerprint(public))


@keys.command("show")
@keys_dir_option
@actor_option
def keys_show(keys_dir: str | None, actor: str | None) -> None:
    from ledger import keys as k

    name = key_owner(actor)
    public = k.public_hex(k.load_private(name, keys_dir))
    say("cmd.keys.show", name=name, key=public, fingerprint=k.fingerprint(public))
