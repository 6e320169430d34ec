"""pydantic's validation errors as catalogue messages: English as pydantic says it, Chinese from its context."""

from __future__ import annotations

import re
from typing import Any

from ledger.messages import CATALOGUE, Message, listing, msg


def pydantic_message(error: Any, choices: list[tuple[str, str, str]] | None = None) -> Message:
    """One pydantic error (an item of `ValidationError.errors()`) as a message. `choices` ([(id, 中文, English)])
    names a closed field's values in Chinese when the error is about one."""
    kind = str(error.get("type", ""))
    ctx = dict(error.get("ctx") or {})
    values: dict[str, Any] = {"detail": str(error.get("msg", "")), "input": error.get("input"), **ctx}
    if kind in ("enum", "literal_error") and choices:
        values["expected"] = listing(f"{zh}（{ident}）" for ident, zh, _ in choices)
    elif kind in ("enum", "literal_error") and "expected" in ctx:
        # pydantic's "'a', 'b' or 'c'" (used by the Chinese side only): the values, listed the Chinese way.
        values["expected"] = listing(
            re.findall(r"'[^']*'|[^,' ]+", str(ctx["expected"]).replace(" or ", ", "))
        )
    if kind == "value_error" and "error" in ctx:
        values["error"] = ctx["error"]
    key = f"pyd.{kind}"
    if key not in CATALOGUE:
        return msg("pyd.other", detail=values["detail"])
    return Message(key, values)
