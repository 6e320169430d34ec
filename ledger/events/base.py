"""The base every payload model shares: strict, frozen, unknown fields rejected, validators built on first use."""

from typing import ClassVar

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
