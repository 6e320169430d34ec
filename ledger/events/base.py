"""The base every payload model shares: strict, frozen, unknown fields rejected, validators built on first use."""

import types
import typing
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict


class PayloadModel(BaseModel):
    """Base of every payload: strict, frozen, unknown fields rejected."""

    # defer_build: a model's validator is built the first time it validates. A command loads the whole catalog
    # but validates one or two types (`log`) or none (`score` reads field names to check the scheme file), and
    # building all 53 validators up front was a third of the catalog's import time (issue 15).
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True, defer_build=True)
    version: ClassVar[int] = 1
    label_zh: ClassVar[str] = ""
    assessor_only: ClassVar[bool] = False


def inner_type(annotation: Any) -> Any:
    """A field's annotation without its Optional/Annotated wrappers (`Count | None` -> int): what a form control or
    the compiled catalog (ledger/events/compile.py) is built from."""
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
