"""The Log page: an operator records what happened, from a phone, and fixes today's records.

The form for each event type is generated from its catalog model (web/forms.py). Every form carries a
fresh key; the event id is derived from it, so a double tap or a re-sent form stores one event. After a
save the browser is redirected (POST/redirect/GET), so reloading never re-submits.
"""

from __future__ import annotations

import functools
import uuid
from datetime import date
from typing import Any

from starlette.datastructures import UploadFile
from starlette.responses import Response

from ledger.events import CATALOG
from ledger.labels import choices, field_label
from ledger.payloads import validate_payload
from web.core import BadRequest, Ctx, page
from web.forms import field_errors, field_name, form_fields, payload_from_form
from web.services import OPERATOR_TYPES, today

ENVELOPE = ("_on", "_type", "_key", "_requirement", "_files", "csrf", "reason")
MAX_KEY = 80


def type_label(c: Ctx, event_type: str) -> str:
    model = CATALOG[event_type]
    return model.label_zh if c.lang == "zh" and model.label_zh else event_type.replace("_", " ")


def type_options(c: Ctx) -> list[tuple[str, str]]:
    return sorted(((t, type_label(c, t)) for t in OPERATOR_TYPES), key=lambda p: p[1])


def parse_day(c: Ctx, text: str) -> tuple[str | None, str]:
    """(date, error message): a calendar date, not after today."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        return None, c.t("log.bad_date")
    if day > today():
        return None, c.t("log.future_date")
    return day.isoformat(), ""


async def _form_context(c: Ctx, site: str, event_type: str | None, values: dict[str, Any] | None = None,
                        errors: dict[str, str] | None = None) -> dict[str, Any]:  # fmt: skip
    fields = form_fields(event_type, c.lang) if event_type else []
    asks = await c.call(c.services.evidence_asks, site, event_type) if event_type else []
    return {
        "site": site, "event_type": event_type, "fields": fields, "asks": asks,
        "values": values or {f.name: f.default for f in fields}, "errors": errors or {},
        "form_key": uuid.uuid4().hex, "on": (values or {}).get("_on", today().isoformat()),
        "types": type_options(c), "type_label": type_label(c, event_type) if event_type else "",
        "has_contract": await c.call(c.services.scheme_for, site) is not None,
    }  # fmt: skip


def _checked_type(event_type: str) -> str | None:
    if not event_type:
        return None
    if event_type not in OPERATOR_TYPES:
        raise BadRequest("log.bad_type")
    return event_type


def display_helpers(c: Ctx, site: str = "") -> dict[str, Any]:
    """Names for today's list: types, fields and values in the reader's language."""

    def field_names(event_type: str, name: str) -> str:
        zh, en, _, _ = field_label(event_type, name)
        return zh if c.lang == "zh" else en

    def value_names(event_type: str, name: str, value: Any) -> str:
        if isinstance(value, bool):
            return c.t("yes" if value else "no")
        if name in CATALOG[event_type].model_fields:
            for v, zh, en in choices(event_type, name) or ():
                if v == str(value):
                    return zh if c.lang == "zh" else en
        return "—" if value is None else str(value)

    return {
        "field_names": field_names,
        "asks_for": functools.lru_cache(maxsize=None)(
            lambda event_type: c.services.evidence_asks(site, event_type) if site else []
        ),
        "value_names": value_names, "correct_fields": lambda event_type: form_fields(event_type, c.lang),
    }  # fmt: skip


@page
async def log_page(c: Ctx) -> Response:
    site = c.request.path_params["site"]
    c.need("operator", site)
    event_type = _checked_type(c.request.query_params.get("type", ""))
    data = await _form_context(c, site, event_type)
    data["today_events"] = await c.call(c.services.todays_events, site)
    return c.render("log.html", **data, **display_helpers(c, site))


@page
async def log_form(c: Ctx) -> Response:
    """The form alone (htmx swaps it in when the type changes)."""
    site = c.request.path_params["site"]
    c.need("operator", site)
    event_type = _checked_type(c.request.query_params.get("type", ""))
    return c.render("_log_form.html", **await _form_context(c, site, event_type))


async def _uploads(c: Ctx, site: str, event_type: str | None) -> list[tuple[str, bytes, str]]:
    """The uploaded files with the 佐证材料 they are for: one of the scheme's own asks, or none. A tag that
    matches nothing the scheme asks for would be stored and never counted, so it is refused."""
    assert c.form is not None
    requirement = c.field("_requirement")
    if requirement:
        asks = await c.call(c.services.evidence_asks, site, event_type) if event_type else []
        if requirement not in {ask for _, ask in asks}:
            raise BadRequest("log.bad_requirement")
    out = []
    for item in c.form.getlist("_files"):
        if isinstance(item, UploadFile) and item.filename:
            data = await item.read()
            if data:
                out.append((item.filename, data, requirement))
    return out


@page
async def log_post(c: Ctx) -> Response:
    site = c.request.path_params["site"]
    user = c.need("operator", site)
    event_type = _checked_type(c.field("_type"))
    key = c.field("_key")
    if not event_type or not key or len(key) > MAX_KEY:
        raise BadRequest("error.bad_request")
    values = {k: v for k, v in c.form.multi_items() if isinstance(v, str)} if c.form else {}
    payload = payload_from_form(event_type, values)
    errors = field_errors(event_type, payload, c.lang)
    day, day_error = parse_day(c, c.field("_on"))
    if day_error:
        errors["_on"] = day_error
    if errors or day is None:
        data = await _form_context(c, site, event_type, values, errors)
        data["form_key"] = key  # the same form: its key must survive a correction of its fields
        data["today_events"] = await c.call(c.services.todays_events, site)
        data["form_error"] = c.t("log.fix")
        return c.render("log.html", 422, **data, **display_helpers(c, site))
    files = await _uploads(c, site, event_type)
    event, duplicate = await c.call(
        c.services.log_event, site, event_type, day, payload, user.name, key, files
    )
    c.flash(c.t("log.duplicate" if duplicate else "log.saved", n=event.seq), "warn" if duplicate else "ok")
    return c.redirect(f"/s/{site}/log?type={event_type}")


def _seq(c: Ctx) -> int:
    try:
        seq = int(c.request.path_params["seq"])
    except (KeyError, ValueError):
        raise BadRequest("error.bad_request") from None
    if not 0 < seq < 2**62:
        raise BadRequest("error.bad_request")
    return seq


@page
async def correct_post(c: Ctx) -> Response:
    site = c.request.path_params["site"]
    user = c.need("operator", site)
    seq = _seq(c)
    reason = c.field("reason").strip()
    event = await c.call(c.services.site_event, site, seq)
    current = {e.event.seq: e.event for e in await c.call(c.services.todays_events, site)}.get(seq, event)
    values = {k: v for k, v in c.form.multi_items() if isinstance(v, str)} if c.form else {}
    wanted = payload_from_form(event.type, values)
    merged = {**current.payload, **wanted}
    errors = field_errors(event.type, merged, c.lang)
    if not reason:
        errors["reason"] = c.t("log.reason_required")
    day, day_error = parse_day(c, c.field("_on", current.occurred_on))
    if day_error:
        errors["_on"] = day_error
    if errors:
        first = next(iter(errors.items()))
        c.flash(
            f"#{seq} {c.t('field_error', field=field_name(event.type, first[0], c.lang), message=first[1])}",
            "error",
        )
        return c.redirect(f"/s/{site}/log?type={event.type}")
    clean = validate_payload(event.type, merged)  # the stored form of each value (ints, decimals as text)
    changes = {k: clean[k] for k in wanted if k in clean and clean[k] != current.payload.get(k)}
    if day and day != current.occurred_on:
        changes["occurred_at"] = day
    if not changes:
        c.flash(c.t("log.nothing_changed"), "warn")
        return c.redirect(f"/s/{site}/log?type={event.type}")
    done = await c.call(c.services.correct, site, seq, changes, reason, user.name)
    c.flash(c.t("log.correct_saved", n=done.seq))
    return c.redirect(f"/s/{site}/log?type={event.type}")


@page
async def retract_post(c: Ctx) -> Response:
    site = c.request.path_params["site"]
    user = c.need("operator", site)
    seq = _seq(c)
    reason = c.field("reason").strip()
    if not reason:
        c.flash(c.t("log.reason_required"), "error")
        return c.redirect(f"/s/{site}/log")
    done = await c.call(c.services.retract, site, seq, reason, user.name)
    c.flash(c.t("log.retract_saved", n=done.seq))
    return c.redirect(f"/s/{site}/log")


@page
async def attach_post(c: Ctx) -> Response:
    site = c.request.path_params["site"]
    user = c.need("operator", site)
    seq = _seq(c)
    target = await c.call(c.services.site_event, site, seq)
    files = await _uploads(c, site, target.type)
    if not files:
        raise BadRequest("reg.need_file")
    last = None
    for name, data, requirement in files:
        last = await c.call(c.services.attach, site, seq, name, data, requirement, user.name)
    assert last is not None
    c.flash(c.t("log.attached", n=last.seq))
    return c.redirect(f"/s/{site}/log")
