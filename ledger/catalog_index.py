"""What the event catalog holds, read without pydantic: type names, versions, labels, fields and closed values.

The catalog's models (ledger/events/) are the reference, but importing pydantic and defining 53 models costs more
than the rest of `opsledger log` together (issue 15: start-up). Everything the write path asks of the catalog
before a payload is validated (is this a type, who may write it, its version, its Chinese name, its fields, which
of them are closed sets or yes/no) is answered here from `ledger/shapes.py`, the catalog compiled to plain data
(`python -m ledger.events.compile`; tests/test_shapes.py fails when it is stale).
"""

from __future__ import annotations

from typing import Any

from ledger.shapes import TYPES

# Events about other events (they carry a target, not a fact of their own) and the types only an assessor may
# write: the sets ledger/events/ defines, as compiled.
META_TYPES = frozenset(name for name, shape in TYPES.items() if shape["meta"])
ASSESSOR_ONLY_TYPES = frozenset(name for name, shape in TYPES.items() if shape["assessor_only"])


def known(event_type: str) -> bool:
    return event_type in TYPES


def version(event_type: str) -> int:
    return int(TYPES[event_type]["version"])


def label_zh(event_type: str) -> str:
    """The Chinese name of an event type ('' if it has none or is not catalogued)."""
    shape = TYPES.get(event_type)
    return str(shape["label_zh"]) if shape else ""


def labelled_types() -> dict[str, str]:
    """type id -> its Chinese name, for the types that have one."""
    return {name: shape["label_zh"] for name, shape in TYPES.items() if shape["label_zh"]}


def fields(event_type: str) -> dict[str, dict[str, Any]]:
    """A type's payload fields in declaration order (without `type`), each with its compiled shape."""
    return TYPES[event_type]["fields"]  # type: ignore[no-any-return]


def is_bool(event_type: str, field: str) -> bool:
    return fields(event_type)[field]["kind"] == "bool"


def allowed_values(event_type: str, field: str) -> list[str] | None:
    """The values a closed field accepts, in declaration order; None for an open field."""
    return fields(event_type)[field].get("choices")


def choice_key(event_type: str, field: str) -> str | None:
    """The labels table a closed field's values are named in (ledger/labels.py CHOICES); None if open."""
    return fields(event_type)[field].get("choice_key")
