"""The assessor's page: judge qualitative items, record findings, close periods, accept late events, sign off.

Only accounts holding the assessor role on the site reach these routes (not admins: an assessor's act is
the assessor's own, and the ledger checks the same person holds the assessor role there).

Sign-off: the server holds the assessor's Ed25519 private key encrypted with the assessor's password
(web/accounts.py) and unlocks it for one sign-off when the assessor types the password. Chosen over
"sign with the CLI and upload" because the assessors this page is for do not use a command line; the key
still never exists unencrypted outside the request that signs, and the server never stores the password.
An assessor who prefers to keep the key off the server signs with `opsledger signoff` on the same ledger.
"""

from __future__ import annotations

from starlette.responses import Response

from ledger.keys import fingerprint, public_hex
from web.core import BadRequest, Ctx, page, unlock_signer
from web.forms import field_errors, field_name, form_fields, payload_from_form
from web.pages.log import _seq, parse_day
from web.security import new_encrypted_key
from web.services import today


def _site(c: Ctx) -> tuple[str, str]:
    site = c.request.path_params["site"]
    user = c.need("assessor", site, admin_ok=False)
    return site, user.name


@page
async def assess_page(c: Ctx) -> Response:
    site, name = _site(c)
    periods = await c.call(c.services.periods, site, None, 8)
    period = c.request.query_params.get("period") or (
        periods[1] if len(periods) > 1 else periods[0] if periods else ""
    )
    card = None
    error = ""
    if period:
        try:
            card = await c.call(c.services.scorecard, site, period)
        except Exception as err:  # noqa: BLE001 (a LedgerError shown beside the forms, not instead of them)
            error = str(err)
    items = await c.call(c.services.judgement_items, site)
    scheme = await c.call(c.services.scheme_for, site)
    key = await c.call(c.services.registered_key, site, name)
    held = c.user.key_public if c.user else ""
    return c.render(
        "assess.html", site=site, periods=periods, period=period, card=card, error=error, items=items,
        finding_fields=form_fields("inspection_finding", c.lang), closes=await c.call(c.services.closes, site),
        signoffs=await c.call(c.services.signoffs, site), key=key, held=held,
        held_fp=fingerprint(held) if held else "", today=today().isoformat(),
        points={i.id: i.points for i in card.items} if card else {},
        scheme_items=[(i.id, i.title) for i in scheme.items] if scheme else [],
        ledger_assessor=await c.call(c.services.is_ledger_assessor, site, name),
    )  # fmt: skip


def _back(site: str, period: str) -> str:
    return f"/s/{site}/assess" + (f"?period={period}" if period else "")


@page
async def judgement(c: Ctx) -> Response:
    site, name = _site(c)
    reason = c.field("reason").strip()
    met = c.field("met")
    if met not in ("true", "false"):
        raise BadRequest("err.bool_parsing")
    payload = {"scheme": "x", "item": c.field("item"), "met": met, "shortfalls": c.field("shortfalls") or "0",
               "reason": reason, **({"points": c.field("points")} if c.field("points").strip() else {})}  # fmt: skip
    errors = field_errors("assessor_judgement", payload, c.lang)
    if errors:
        field, message = next(iter(errors.items()))
        wrong = c.t("field_error", field=field_name("assessor_judgement", field, c.lang), message=message)
        c.flash(f"{c.t('ass.judgements')} · {wrong}", "error")
        return c.redirect(_back(site, c.field("period")))
    event = await c.call(c.services.judge, site, payload["item"], met == "true", int(payload["shortfalls"]),
                         payload.get("points"), reason, name, today().isoformat(), c.keys())  # fmt: skip
    c.flash(c.t("ass.judged", n=event.seq))
    return c.redirect(_back(site, c.field("period")))


@page
async def finding(c: Ctx) -> Response:
    site, name = _site(c)
    values = {k: v for k, v in c.form.multi_items() if isinstance(v, str)} if c.form else {}
    payload = payload_from_form("inspection_finding", values)
    errors = field_errors("inspection_finding", payload, c.lang)
    day, day_error = parse_day(c, c.field("_on", today().isoformat()))
    if errors or day is None:
        field, message = next(iter(errors.items())) if errors else ("_on", day_error)
        wrong = c.t("field_error", field=field_name("inspection_finding", field, c.lang), message=message)
        c.flash(f"{c.t('ass.findings')} · {wrong}", "error")
        return c.redirect(_back(site, c.field("period")))
    event = await c.call(c.services.finding, site, payload, name, day, c.keys())
    c.flash(c.t("ass.finding_saved", n=event.seq))
    return c.redirect(_back(site, c.field("period")))


@page
async def close(c: Ctx) -> Response:
    site, name = _site(c)
    period = c.field("period")
    event = await c.call(
        c.services.close, site, period, name, c.field("reason").strip(), c.field("early") == "1", c.keys()
    )
    c.flash(c.t("ass.closed", n=event.seq))
    return c.redirect(_back(site, period))


@page
async def accept(c: Ctx) -> Response:
    site, name = _site(c)
    seq = _seq(c)
    reason = c.field("reason").strip()
    if not reason:
        c.flash(c.t("log.reason_required"), "error")
        return c.redirect(_back(site, c.field("period")))
    event = await c.call(c.services.accept, site, seq, name, reason, c.keys())
    c.flash(c.t("ass.accepted", n=event.seq))
    return c.redirect(_back(site, c.field("period")))


@page
async def create_key(c: Ctx) -> Response:
    """Create the assessor's key (held encrypted with their password) if needed and unlock it for this session.

    The buyer then delegates its public key on the site (a buyer-signed grant, ledger/trust.py): until then the
    ledger refuses acts signed with it, and the page shows the fingerprint to hand the buyer."""
    site, name = _site(c)
    password = c.field("password")
    if await c.call(c.state.accounts.verify, name, password) is None:
        c.flash(c.t("password.wrong"), "error")
        return c.redirect(_back(site, c.field("period")))
    assert c.user is not None
    if c.user.key_pem:
        public = c.user.key_public
    else:
        key, pem = await c.call(new_encrypted_key, password)
        public = public_hex(key)
        await c.call(c.state.accounts.set_key, name, public, pem)
        c.user = c.state.accounts.get(name) or c.user
    if c.session is not None:
        c.state.sessions.set_signer(c.session, unlock_signer(c.user, password))
    c.flash(c.t("ass.key_created", n=fingerprint(public)))
    return c.redirect(_back(site, c.field("period")))


@page
async def signoff(c: Ctx) -> Response:
    site, name = _site(c)
    period = c.field("period")
    password = c.field("password")
    assert c.user is not None
    if not c.user.key_pem or await c.call(c.state.accounts.verify, name, password) is None:
        c.flash(c.t("password.wrong") if c.user.key_pem else c.t("ass.key_none"), "error")
        return c.redirect(_back(site, period))
    signer = await c.call(unlock_signer, c.user, password)
    event, card = await c.call(
        c.services.sign_off, site, period, name, {signer.public_hex: signer} if signer else {}
    )
    from projections.numbers import fmt

    c.flash(c.t("ass.signed", n=f"{fmt(card.total)} {card.grade or ''}".strip(), seq=event.seq))
    return c.redirect(_back(site, period))
