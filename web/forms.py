"""Forms generated from the catalog's pydantic models, and their errors in the reader's language.

A form field per payload field: closed sets (enums, literals) become selects showing the Chinese labels of
ledger/labels.py, booleans a 是/否 select, numbers number inputs with their unit, dates date inputs, text
text inputs. Nothing about a type is written twice: add a field to the catalog and it appears here, its
label found (or reported missing by the labels test).

Validation is the model's own (pydantic); every error is turned into a message from the i18n table, keyed by
pydantic's error type, and placed beside its field.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from ledger.events import CATALOG
from ledger.events.base import inner_type
from ledger.labels import choices, field_label
from web.i18n import t


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    unit: str
    kind: str  # text, number, decimal, date, select, bool
    required: bool
    default: str
    options: tuple[tuple[str, str], ...] = ()  # (value, label)
    minimum: str = ""
    maximum: str = ""


def _bounds(info: Any) -> tuple[str, str]:
    low = high = ""
    for meta in info.metadata:
        for attr, setter in (("ge", "low"), ("gt", "low"), ("le", "high"), ("lt", "high")):
            value = getattr(meta, attr, None)
            if value is not None:
                if setter == "low":
                    low = str(value)
                else:
                    high = str(value)
    return low, high


def form_fields(event_type: str, lang: str, skip: tuple[str, ...] = ()) -> list[FormField]:
    """The form for an event type, in the model's field order."""
    model = CATALOG[event_type]
    out = []
    for name, info in model.model_fields.items():
        if name == "type" or name in skip:
            continue
        zh, en, unit_zh, unit_en = field_label(event_type, name)
        label, unit = (zh, unit_zh) if lang == "zh" else (en, unit_en)
        required = info.is_required()
        default = "" if required or info.default is None else str(info.default).lower() if isinstance(
            info.default, bool) else str(getattr(info.default, "value", info.default))  # fmt: skip
        inner = inner_type(info.annotation)
        closed = choices(event_type, name)
        low, high = _bounds(info)
        if closed is not None:
            opts = tuple((v, z if lang == "zh" else e) for v, z, e in closed)
            out.append(FormField(name, label, unit, "select", required, default, opts))
        elif inner is bool:
            opts = (("true", t(lang, "yes")), ("false", t(lang, "no")))
            out.append(FormField(name, label, unit, "bool", required, default, opts))
        elif inner is int:
            out.append(FormField(name, label, unit, "number", required, default, (), low, high))
        elif inner is Decimal:
            out.append(FormField(name, label, unit, "decimal", required, default, (), low, high))
        elif inner is date:
            out.append(FormField(name, label, unit, "date", required, default))
        elif typing.get_origin(inner) is dict:
            continue  # corrections' change sets: never typed into a form
        else:
            out.append(FormField(name, label, unit, "text", required, default))
    return out


def payload_from_form(event_type: str, form: dict[str, str], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The payload a submitted form means: empty optional fields left out (the model's default applies)."""
    payload: dict[str, Any] = {}
    for name in CATALOG[event_type].model_fields:
        if name == "type" or name in skip:
            continue
        value = form.get(name, "")
        value = value.strip() if isinstance(value, str) else value
        if value == "":
            continue
        payload[name] = value
    return payload


def field_errors(event_type: str, payload: dict[str, Any], lang: str) -> dict[str, str]:
    """Validate a payload against its model; {field: message} in the reader's language ({} when valid)."""
    model = CATALOG[event_type]
    try:
        model.model_validate({**payload, "type": event_type})
    except ValidationError as err:
        return errors_by_field(err, lang)
    return {}


def field_name(event_type: str, name: str, lang: str) -> str:
    """A field as a one-line refusal names it, in the reader's language: the form's label, not the wire name
    ('_on' and 'reason' are the envelope's date and the reason every correction asks for)."""
    if name == "_on":
        return t(lang, "log.on")
    if name == "reason":
        return t(lang, "reason")
    zh, en, _, _ = field_label(event_type, name)
    return zh if lang == "zh" else en


def errors_by_field(err: ValidationError, lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for e in err.errors():
        loc = [str(p) for p in e["loc"] if not isinstance(p, int)]
        name = loc[0] if loc else ""
        if name and name not in out:
            out[name] = describe(e, lang)
    return out


def describe(error: Any, lang: str) -> str:
    """One pydantic error as a sentence from the i18n table."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    key = f"err.{kind}"
    bound = ctx.get(
        "ge", ctx.get("gt", ctx.get("le", ctx.get("lt", ctx.get("min_length", ctx.get("max_length", "")))))
    )
    try:
        return t(lang, key, n=bound)
    except KeyError:
        return t(lang, "err.invalid")
