"""Validate the common, clean payloads without pydantic; defer everything else to it.

Why: `opsledger log` records one event per process, and importing pydantic with the 53 payload models costs more
than the rest of the command (issue 15: start-up). Most payloads are plain: the CLI's FIELD=VALUE strings
("positions=2", "amount_yuan=12.50"), an import's JSON numbers, ids of closed values. For those this module, reading
only the compiled catalog (`ledger/shapes.py`), returns exactly what the pydantic path of
`ledger.payloads.validate_payload` returns: the payload in JSON form, every field of the type but `type`, defaults
filled in.

It is deliberately partial. `quick_payload` returns None (the caller then runs pydantic, which also words every
error) for anything but the clean forms below, so it can never accept what pydantic refuses nor return a different
dict; tests/test_quick_payload.py checks that property against the real models. The forms accepted were checked
against pydantic's lax mode; each is a subset of what pydantic accepts (pydantic also takes " 2", "1_000", "2.0",
"yes", bytes, Unicode digits...; those take the slow path):

* int: an int (not a bool), or text of ASCII digits without a sign or leading zero ("2").
* decimal: an int (not a bool), or text `123` / `12.50` (at most 15 + 6 digits); kept as given ("12.50" stays
  "12.50": pydantic keeps a Decimal's exponent and dumps it with str()).
* str: a str without lone surrogates (pydantic cannot read them); a patterned one only when ASCII and one line
  (pydantic matches with Rust's regex, whose \\d and $ differ from Python's outside that).
* bool: True/False, or the text "true"/"false" (what ledger/aliases.py makes of 是/否).
* choice: one of the allowed values, exactly. date: "YYYY-MM-DD". None where the field admits None.

The caller has already checked the payload with `ledger.limits.check_value`; the bounds `ledger.limits.check_model`
applies to the validated model (ints within INT_MAX, decimals within 15 digits and 6 places, dates within
DATE_MIN..DATE_MAX) are checked here too, by deferring when a value is outside them.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from ledger.limits import DATE_MAX, DATE_MIN, DECIMAL_DIGITS, DECIMAL_PLACES, INT_MAX, TEXT_MAX
from ledger.shapes import TYPES

_DEFER: Any = object()  # a checker's answer for "not a clean form": the caller returns None
_MISSING: Any = object()

# Clean text forms. [0-9] rather than \d: Python's \d (and pydantic's parsers) take other scripts' digits.
_INT_TEXT = re.compile(r"0|[1-9][0-9]{0,17}")
_DECIMAL_TEXT = re.compile(rf"(?:0|[1-9][0-9]{{0,{DECIMAL_DIGITS - 1}}})(?:\.[0-9]{{1,{DECIMAL_PLACES}}})?")
_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_DECIMAL_LIMIT = 10**DECIMAL_DIGITS
_BOOL_TEXT = {"true": True, "false": False}

Checker = Callable[[Any], Any]


def _bounded(spec: dict[str, Any], convert: Callable[[Any], Any]) -> Callable[[Any], bool]:
    """A test of a number against the field's ge/le/gt/lt (a Decimal bound is kept as text in the shapes)."""
    ge, le, gt, lt = (spec.get(k) for k in ("ge", "le", "gt", "lt"))
    ge, le, gt, lt = (None if b is None else convert(b) for b in (ge, le, gt, lt))

    def within(value: Any) -> bool:
        return (
            (ge is None or value >= ge)
            and (le is None or value <= le)
            and (gt is None or value > gt)
            and (lt is None or value < lt)
        )

    return within


def _int_checker(spec: dict[str, Any]) -> Checker:
    within = _bounded(spec, int)

    def check(value: Any) -> Any:
        kind = type(value)
        if kind is str:
            if _INT_TEXT.fullmatch(value) is None:
                return _DEFER
            value = int(value)
        elif kind is not int:  # a bool is an int to Python, and pydantic takes it as 0/1: not a clean form
            return _DEFER
        if not -INT_MAX <= value <= INT_MAX or not within(value):  # limits.check_model refuses beyond INT_MAX
            return _DEFER
        return value

    return check


def _decimal_checker(spec: dict[str, Any]) -> Checker:
    within = _bounded(spec, Decimal)

    def check(value: Any) -> Any:
        kind = type(value)
        if kind is str:
            if _DECIMAL_TEXT.fullmatch(value) is None:
                return _DEFER
            number = Decimal(value)  # the regex keeps it under 10**15 with at most 6 places (limits)
        elif kind is int:
            if not -_DECIMAL_LIMIT < value < _DECIMAL_LIMIT:
                return _DEFER
            number = Decimal(value)
        else:  # floats are pydantic's to convert (and round-trip through their repr)
            return _DEFER
        if not within(number):
            return _DEFER
        return str(number)  # pydantic's JSON form of a Decimal: its str(), exponent kept ("12.50", "0.0")

    return check


def _str_checker(spec: dict[str, Any]) -> Checker:
    low = spec.get("min_length", 0)
    high = min(spec.get("max_length", TEXT_MAX), TEXT_MAX)
    pattern = spec.get("pattern")
    search = None if pattern is None else re.compile(pattern).search

    def check(value: Any) -> Any:
        if type(value) is not str or not low <= len(value) <= high:
            return _DEFER
        if search is not None:
            # ASCII and one line: where Python's re and pydantic's Rust regex read the anchored pattern alike.
            if not value.isascii() or "\n" in value or search(value) is None:
                return _DEFER
        elif not value.isascii() and _SURROGATE.search(value) is not None:
            return _DEFER  # pydantic cannot turn a lone surrogate into Rust text: it refuses the value
        return value

    return check


def _bool_check(value: Any) -> Any:
    if type(value) is bool:
        return value
    if type(value) is str:
        return _BOOL_TEXT.get(value, _DEFER)
    return _DEFER


def _choice_checker(spec: dict[str, Any]) -> Checker:
    allowed = frozenset(spec["choices"])

    def check(value: Any) -> Any:
        # Exactly a str: a StrEnum member or other str subclass is left to pydantic.
        return value if type(value) is str and value in allowed else _DEFER

    return check


def _date_check(value: Any) -> Any:
    if type(value) is not str or _DATE_TEXT.fullmatch(value) is None:
        return _DEFER
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return _DEFER
    if not DATE_MIN <= day <= DATE_MAX:  # pydantic takes 0001-01-01; limits.check_model does not
        return _DEFER
    return value  # YYYY-MM-DD as parsed is its own iso form


def _other_check(value: Any) -> Any:
    return _DEFER


def _checker(spec: dict[str, Any]) -> Checker:
    kind = spec["kind"]
    if kind == "int":
        check = _int_checker(spec)
    elif kind == "decimal":
        check = _decimal_checker(spec)
    elif kind == "str":
        check = _str_checker(spec)
    elif kind == "bool":
        check = _bool_check
    elif kind == "choice":
        check = _choice_checker(spec)
    elif kind == "date":
        check = _date_check
    else:
        check = _other_check
    if not spec.get("nullable"):
        return check

    def nullable(value: Any) -> Any:
        return None if value is None else check(value)

    return nullable


# One type's fields in declaration order: (name, checker, default or _MISSING when required).
_Plan = tuple[frozenset[str], tuple[tuple[str, Checker, Any], ...]]
_PLANS: dict[str, _Plan | None] = {}


def _plan(event_type: str) -> _Plan | None:
    """The checkers of a type, built on first use (a `log` validates one type); None for a type never quick."""
    if event_type in _PLANS:
        return _PLANS[event_type]
    shape = TYPES.get(event_type)
    plan: _Plan | None = None
    if shape is not None and not shape["checked_whole"]:
        fields = shape["fields"]
        plan = (
            frozenset(fields),
            tuple((name, _checker(spec), spec.get("default", _MISSING)) for name, spec in fields.items()),
        )
    _PLANS[event_type] = plan
    return plan


def quick_payload(event_type: str, payload: dict[str, Any]) -> dict[str, Any] | None:
    """The payload's JSON form exactly as the pydantic path gives it (without `type`), or None when the payload
    is not in the clean forms this module accepts (the caller validates it with pydantic)."""
    plan = _plan(event_type)
    if plan is None or type(payload) is not dict:
        return None
    names, fields = plan
    if not names.issuperset(payload):  # an unknown key, or "type" itself: pydantic words the refusal
        return None
    out: dict[str, Any] = {}
    for name, check, default in fields:
        value = payload.get(name, _MISSING)
        if value is _MISSING:
            if default is _MISSING:
                return None  # a required field missing
            # A dict or list default is handed out as a fresh copy, never the shapes' own object.
            out[name] = copy.deepcopy(default) if type(default) in (dict, list) else default
            continue
        value = check(value)
        if value is _DEFER:
            return None
        out[name] = value
    return out
