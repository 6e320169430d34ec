"""ledger/shapes.py, the event catalog compiled to plain data, against the pydantic models it is compiled from.

The write path reads the catalog from ledger/shapes.py so that `opsledger log` never imports pydantic (issue 15).
That is only sound while the file says what the models say: these tests fail when it is stale (a model changed
without `python -m ledger.events.compile`), when the compiler describes a field differently from the models (field
order, closed values, the labels table's keys, versions, defaults), when it drops a constraint it does not model
instead of marking the field "other", and when importing the compiled catalog starts to load pydantic after all.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import types
import typing
from decimal import Decimal
from enum import Enum, StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

import pytest
from pydantic import Field, TypeAdapter, field_validator

from ledger import labels
from ledger.events import CATALOG, compile
from ledger.events.base import PayloadModel
from ledger.shapes import TYPES

ROOT = Path(__file__).resolve().parent.parent
FIELDS = [(t, f) for t, model in CATALOG.items() for f in model.model_fields if f != "type"]


# -- the file is what the generator writes now -------------------------------------------------------------


def test_checked_in_shapes_equal_what_the_compiler_renders_now() -> None:
    """A model edited without recompiling would leave the write path reading old fields and bounds."""
    checked_in = compile.SHAPES_PATH.read_text(encoding="utf-8")
    assert checked_in == compile.render(), (
        "ledger/shapes.py is stale: run `python -m ledger.events.compile` and commit the result"
    )


def test_render_is_deterministic() -> None:
    """Two runs give the same bytes, so the freshness check above never flickers."""
    assert compile.render() == compile.render()


@pytest.mark.skipif(importlib.util.find_spec("ruff") is None, reason="ruff is not installed")
def test_rendered_file_is_left_alone_by_ruff_format() -> None:
    """The generated layout must be what `ruff format` keeps, or the formatter and the freshness test would fight."""
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", "ledger/shapes.py", "-"],
        input=compile.render(),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == compile.render()


# -- the compiled catalog agrees with the models --------------------------------------------------------------


def test_every_catalog_type_is_compiled_in_catalog_order() -> None:
    assert list(TYPES) == list(CATALOG)


@pytest.mark.parametrize("event_type", list(CATALOG))
def test_type_properties_and_field_order_match_the_model(event_type: str) -> None:
    """Version, Chinese label and who may write it are read from the shapes by the write path; the field order is
    the order a form shows and the JSON form holds."""
    model, shape = CATALOG[event_type], TYPES[event_type]
    assert shape["version"] == model.version
    assert shape["label_zh"] == model.label_zh
    assert shape["assessor_only"] is model.assessor_only
    assert list(shape["fields"]) == [name for name in model.model_fields if name != "type"]


def _inner(annotation: Any) -> Any:
    """Optional/Annotated unwrapped, written here again (not imported) so the check below is independent."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            rest = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(rest) != 1:
                return annotation
            annotation = rest[0]
        else:
            return annotation


def model_choice_key(event_type: str, field: str) -> str | None:
    """What ledger/labels.py::choice_key returned when it read the models (before it read the shapes)."""
    inner = _inner(CATALOG[event_type].model_fields[field].annotation)
    if isinstance(inner, type) and issubclass(inner, Enum):
        return inner.__name__
    if typing.get_origin(inner) is Literal:
        return f"{event_type}.{field}"
    return None


def model_allowed_values(event_type: str, field: str) -> list[str] | None:
    """What ledger/labels.py::allowed_values returned when it read the models."""
    inner = _inner(CATALOG[event_type].model_fields[field].annotation)
    if isinstance(inner, type) and issubclass(inner, Enum):
        return [str(m.value) for m in inner]
    if typing.get_origin(inner) is Literal:
        return [str(v) for v in typing.get_args(inner)]
    return None


@pytest.mark.parametrize(("event_type", "field"), FIELDS)
def test_closed_values_and_their_labels_key_match_the_models(event_type: str, field: str) -> None:
    """Forms, aliases and the labels table look closed values up by these; a mismatch would offer a value the
    model refuses or label none."""
    shape = TYPES[event_type]["fields"][field]
    assert shape.get("choice_key") == model_choice_key(event_type, field)
    assert shape.get("choices") == model_allowed_values(event_type, field)
    assert labels.choice_key(event_type, field) == model_choice_key(event_type, field)
    assert labels.allowed_values(event_type, field) == model_allowed_values(event_type, field)


@pytest.mark.parametrize(("event_type", "field"), FIELDS)
def test_default_and_nullability_match_the_model(event_type: str, field: str) -> None:
    """A missing field is filled with `default` by the quick validator: it must be the model's default in the JSON
    form pydantic dumps it in; `nullable` must be exactly whether the model takes None."""
    info = CATALOG[event_type].model_fields[field]
    shape = TYPES[event_type]["fields"][field]
    if info.is_required():
        assert "default" not in shape
    else:
        assert shape["default"] == TypeAdapter(info.annotation).dump_python(info.default, mode="json")
    try:
        TypeAdapter(info.rebuild_annotation()).validate_python(None)
        takes_none = True
    except ValueError:
        takes_none = False
    assert shape.get("nullable", False) is takes_none


@pytest.mark.parametrize("event_type", list(CATALOG))
def test_checked_whole_exactly_when_the_model_has_validators(event_type: str) -> None:
    """The quick validator checks fields one by one; a model-level rule (a survey needs an answer) is pydantic's."""
    decorators = CATALOG[event_type].__pydantic_decorators__
    has_validators = bool(decorators.model_validators or decorators.field_validators or decorators.validators)
    assert TYPES[event_type]["checked_whole"] is has_validators


def test_job_fair_held_compiles_to_the_documented_shape() -> None:
    """One type spelt out in full: the format other modules (ledger/catalog_index.py, ledger/quick.py) read."""
    assert TYPES["job_fair_held"] == {
        "version": 1,
        "label_zh": "举办招聘会",
        "assessor_only": False,
        "meta": False,
        "checked_whole": False,
        "fields": {
            "title": {"kind": "str", "min_length": 1, "max_length": 500},
            "format": {"kind": "choice", "choices": ["online", "offline"], "choice_key": "Format"},
            "kind": {
                "kind": "choice",
                "choices": ["daily", "themed", "campus", "outbound", "industry", "matchmaking"],
                "choice_key": "FairKind",
            },
            "companies": {"kind": "int", "ge": 0},
            "jobs": {"kind": "int", "ge": 0},
            "visitors": {"kind": "int", "ge": 0},
            "wujiang_companies": {"kind": "int", "ge": 0, "nullable": True, "default": None},
            "doubled": {"kind": "int", "ge": 1, "default": 1},
        },
    }


@pytest.mark.parametrize(
    ("event_type", "field", "expected"),
    [
        ("worker_dispatched", "rating", {"kind": "int", "ge": 1, "le": 5, "nullable": True, "default": None}),
        ("contract_signed", "fee_yuan", {"kind": "decimal", "ge": 0}),
        ("contract_signed", "start", {"kind": "date"}),
        ("contract_signed", "buyer_key", {"kind": "str", "pattern": "^[0-9a-f]{64}$", "nullable": True, "default": None}),
        ("survey_response", "score", {"kind": "decimal", "ge": 0, "le": 100, "nullable": True, "default": None}),
        ("livestream_run", "host", {"kind": "choice", "default": "staff", "choices": ["staff", "director", "section_chief", "enterprise_hr"], "choice_key": "Host"}),
        ("video_published", "minutes", {"kind": "decimal", "ge": 0, "default": "0"}),
        ("ledger_migrated", "signed_heads", {"kind": "other", "default": {}}),
        ("ledger_migrated", "signoffs", {"kind": "other", "default": []}),
        ("correction", "changes", {"kind": "other"}),
        ("assessor_rating", "ratings", {"kind": "other"}),
    ],
)  # fmt: skip
def test_constraints_of_optional_and_nested_fields_are_compiled(
    event_type: str, field: str, expected: dict[str, Any]
) -> None:
    """Bounds inside `Annotated[...] | None` live on the inner annotation, not the model field: they must be found
    there; dicts, lists and nested models are "other" (the quick validator never takes them)."""
    assert TYPES[event_type]["fields"][field] == expected


# -- what the compiler does with what it does not model -----------------------------------------------------------


class Tint(Enum):
    one = 1


class Probe(PayloadModel):
    """Constructs no catalog model uses today: each must compile to "other", never to a kind with a bound lost."""

    type: Literal["probe"] = "probe"
    even: Annotated[int, Field(multiple_of=2)]
    ratio: float
    money: Annotated[Decimal, Field(max_digits=5)]
    exact: Annotated[str, Field(strict=True)]
    half: Annotated[int, Field(gt=0.5)]
    unanchored: Annotated[str, Field(pattern=r"[0-9]+")]
    wide: Annotated[str, Field(pattern=r"^[a-z年]+$", max_length=3)] | None = None
    either: int | str = 0
    tint: Tint = Tint.one
    flag: Annotated[bool, Field(strict=True)] = False
    stamp: Annotated[int, Field(ge=0)] | Annotated[str, Field(min_length=1)] = 0


@pytest.mark.parametrize("field", [f for f in Probe.model_fields if f != "type"])
def test_unmodelled_constraints_make_the_field_other(field: str) -> None:
    """Dropping a bound silently would let the quick validator accept what pydantic refuses."""
    assert compile.field_shape("probe", field, Probe.model_fields[field])["kind"] == "other"


def test_a_kind_with_bounds_keeps_every_bound() -> None:
    class Bounded(PayloadModel):
        type: Literal["bounded"] = "bounded"
        n: Annotated[int, Field(ge=-3, le=7, gt=-4, lt=8)]
        d: Annotated[Decimal, Field(ge=Decimal("0.5"), le=10)] | None = None

    assert compile.field_shape("bounded", "n", Bounded.model_fields["n"]) == {
        "kind": "int",
        "ge": -3,
        "le": 7,
        "gt": -4,
        "lt": 8,
    }
    assert compile.field_shape("bounded", "d", Bounded.model_fields["d"]) == {
        "kind": "decimal",
        "ge": "0.5",
        "le": 10,
        "nullable": True,
        "default": None,
    }


def test_validators_and_unusual_config_mark_the_type_checked_whole() -> None:
    class Validated(PayloadModel):
        type: Literal["validated"] = "validated"
        name: str

        @field_validator("name")
        @classmethod
        def _upper(cls, value: str) -> str:
            return value.upper()

    class Stripping(PayloadModel):
        model_config = {**PayloadModel.model_config, "str_strip_whitespace": True}
        type: Literal["stripping"] = "stripping"
        name: str

    class Plain(PayloadModel):
        type: Literal["plain"] = "plain"
        name: str

    assert compile.checked_whole(Validated)
    assert compile.checked_whole(Stripping)
    assert not compile.checked_whole(Plain)


def test_a_field_the_format_cannot_describe_stops_the_compiler() -> None:
    """An alias or a default factory changes what the payload holds in ways the shapes have no word for: the
    compiler refuses rather than write something wrong."""

    class Aliased(PayloadModel):
        type: Literal["aliased"] = "aliased"
        name: str = Field(alias="名称")
        tags: list[str] = Field(default_factory=list)

    with pytest.raises(TypeError, match="alias"):
        compile.field_shape("aliased", "name", Aliased.model_fields["name"])
    with pytest.raises(TypeError, match="default_factory"):
        compile.field_shape("aliased", "tags", Aliased.model_fields["tags"])


class Colour(StrEnum):
    red = "red"


def test_closed_values_of_an_enum_default_compile_to_its_value() -> None:
    class Painted(PayloadModel):
        type: Literal["painted"] = "painted"
        colour: Colour = Colour.red

    assert compile.field_shape("painted", "colour", Painted.model_fields["colour"]) == {
        "kind": "choice",
        "default": "red",
        "choices": ["red"],
        "choice_key": "Colour",
    }


# -- importing the compiled catalog stays pydantic-free ------------------------------------------------------------


def test_quick_and_shapes_import_neither_pydantic_nor_the_models() -> None:
    """The point of the compiled catalog: a fresh interpreter that imports them has loaded no pydantic module and
    nothing under ledger.events (whose __init__ imports pydantic)."""
    probe = (
        "import json, sys\n"
        "import ledger.quick, ledger.shapes\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('pydantic') or m.startswith('ledger.events'))))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []


def test_the_write_paths_type_sets_are_the_catalogs() -> None:
    """ledger/catalog_index.py reads who may write a type, and which types are about other events, from the
    compiled file: the same sets the models define."""
    from ledger import catalog_index, events

    assert catalog_index.META_TYPES == events.META_TYPES
    assert catalog_index.ASSESSOR_ONLY_TYPES == events.ASSESSOR_ONLY_TYPES
    assert {t: catalog_index.version(t) for t in events.CATALOG} == {
        t: m.version for t, m in events.CATALOG.items()
    }
    assert catalog_index.labelled_types() == {t: m.label_zh for t, m in events.CATALOG.items() if m.label_zh}
