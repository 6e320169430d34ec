"""The assessor's audit commands: verify, checkpoint, close, accept, signoff, audit, diff, export,
verify-bundle.
"""

from __future__ import annotations

import click

from commands.base import (
    SEQ,
    Context,
    actor_option,
    as_of_text,
    buyer_option,
    cli,
    echo_json,
    keys_dir_option,
    known_site,
    pass_ctx,
    say,
    writer_of,
)
from commands.help import argument, option
from commands.terminal import echo


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
    recorded_by = as_of_text(as_of)
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
    known_site(ledger, site)
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

    w = writer_of(actor, keys_dir)
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

    w = writer_of(actor, keys_dir)
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

    w = writer_of(actor, keys_dir)
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
