"""`Dec`: the decimal field type of scheme files and indicator specs (pydantic models), apart from the helpers in
projections/numbers.py so that code needing only the helpers (the write path's plausibility check) does not
import pydantic (issue 15: start-up)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from ledger.messages import msg
from projections.modelbase import BeforeValidator
from projections.numbers import to_decimal


def _strict_decimal(value: Any) -> Decimal:
    if isinstance(value, float):
        raise ValueError(msg("num.float", value=value))
    try:
        return to_decimal(value)
    except Exception as err:  # InvalidOperation, TypeError
        raise ValueError(msg("num.bad", value=repr(value))) from err


Dec = Annotated[Decimal, BeforeValidator(_strict_decimal)]
