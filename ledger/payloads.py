"""Validating an event's payload against its type: the compiled quick check first, the pydantic model when it
cannot vouch for the payload.

The catalog's models (ledger/events/) are the reference. Building them is most of what `opsledger log` would
spend (issue 15: start-up), so a payload in the clean forms writers send (ids, "2" for a count, "12.50" for an
amount) is checked against the compiled catalog (ledger/quick.py over ledger/shapes.py), which gives exactly the
JSON form the model would; anything else (a lax form, a type checked as a whole, any mistake) goes to the model,
which also words every error. tests/test_quick_payload.py checks the two agree wherever the quick check answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ledger import catalog_index, limits
from ledger.aliases import field_name, resolve_payload, type_name
from ledger.errors import LedgerError
from ledger.labels import choices
from ledger.messages import Message, msg
from ledger.quick import quick_payload

if TYPE_CHECKING:
    from pydantic import ValidationError


def validate_payload(event_type: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Validate a payload against its type's model; return its canonical JSON-ready form (without `type`).
    Fields and closed values may be named by their Chinese labels (ledger/aliases.py); ids are stored."""
    if not catalog_index.known(event_type):
        raise LedgerError(msg("type.unknown", name=limits.quote(event_type), hint=msg("type.list_hint")))
    payload = resolve_payload(event_type, payload)
    try:  # the bounds first (ledger/limits.py): depth, text, numbers, dates, as given ...
        limits.check_value(payload)
    except LedgerError as err:
        raise LedgerError(msg("at.type", type=type_name(event_type), error=err)) from None
    quick = quick_payload(event_type, payload)
    if quick is not None:
        return quick
    return _by_model(event_type, payload)


def _by_model(event_type: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The reference: the type's own pydantic model (the union's error wording when it refuses)."""
    from pydantic import ValidationError

    from ledger.events import CATALOG, payload_adapter

    model_class = CATALOG[event_type]
    if "type" not in payload:  # the type's own model (what the union picks), about 3x cheaper than the union
        try:
            model = model_class.__pydantic_validator__.validate_python(payload)
        except ValidationError:
            model = None  # the union below reports it, with the same message as ever
        if model is not None:
            _bounded(event_type, model)
            data = model_class.__pydantic_serializer__.to_python(model, mode="json")
            del data["type"]
            return data  # type: ignore[no-any-return]
    try:
        model = payload_adapter().validate_python({**payload, "type": event_type})
    except ValidationError as err:
        raise LedgerError(
            msg("at.type", type=type_name(event_type), error=describe_validation(err, event_type))
        ) from None
    _bounded(event_type, model)
    data = model.model_dump(mode="json")
    del data["type"]
    return data  # type: ignore[no-any-return]


def _bounded(event_type: str, model: Any) -> None:
    """... and again as validated (a '1e999999999' text is a Decimal now; a date is a date)."""
    try:
        limits.check_model(model)
    except LedgerError as err:
        raise LedgerError(msg("at.type", type=type_name(event_type), error=err)) from None


def describe_validation(err: ValidationError, event_type: str = "") -> Message:
    """First pydantic error as 'field: what was wrong' on one line (the field by its Chinese label too). A field
    the type does not have is named before the fields missing: it is most likely one of them, misspelt."""
    from ledger.messages.pydantic import pydantic_message

    errors = err.errors()
    first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = ".".join(str(p) for p in first["loc"] if p != first.get("input", object()))
    loc = loc.split(".", 1)[1] if loc.count(".") and catalog_index.known(loc.split(".", 1)[0]) else loc
    if first["type"] == "extra_forbidden":
        what = msg("field.unknown", fields=_fields_of(event_type))
    elif first["type"] == "missing":
        what = msg("field.missing")
    else:
        what = pydantic_message(first, _choices_at(event_type, first["loc"]))
    if not loc:
        return what
    return msg("at.field", field=field_name(event_type, loc) if "." not in loc else loc, error=what)


def _fields_of(event_type: str) -> Any:
    """An event type's fields by id and Chinese label, for the Chinese refusal of an unknown one."""
    from ledger.labels import field_label
    from ledger.messages import listing

    names = list(catalog_index.fields(event_type)) if catalog_index.known(event_type) else []
    return listing(f"{f}（{field_label(event_type, f)[0]}）" for f in names)


def _choices_at(event_type: str, loc: tuple[Any, ...]) -> list[tuple[str, str, str]] | None:
    """The closed values of the field an error is about (the union reports it as (type, field))."""
    field = str(loc[-1]) if loc else ""
    if not catalog_index.known(event_type) or field not in catalog_index.fields(event_type):
        return None
    return choices(event_type, field)
