"""The bounds of what the ledger accepts, declared and checked in this one module.

Every value that enters (an envelope, a payload, a line of an import, a command-line option) passes through
these checks before it is validated further, so that nothing stored can later break a fold, a report or a
replay: a decimal of a billion digits, a date in the year 9999, a string with terminal escapes, a JSON value
nested ten thousand deep. Each bound is a declared constant; a value outside it is refused with one line that
names the field and quotes at most QUOTE characters of what was given.

Why these bounds:
* Dates 2000-01-01..2099-12-31 (Asia/Shanghai, after applying a given offset): the contracts this ledger
  scores are this century's; the calendar's own edges (year 1, year 9999) are where date arithmetic
  overflows (a period after 9999-12-31, a time zone shift before 0001-01-01).
* Decimals below 10**15 in magnitude with at most 6 decimal places: a fee of a thousand trillion yuan is not
  a mistake a bound hides, and 15 + 6 digits stay exact inside Python's default 28-digit decimal context, so
  sums and products of stored values never round or overflow.
* Integers (counts) below 10**15, and sequence numbers within SQLite's signed 64-bit range.
* Text: a string at most TEXT_MAX characters, no lone surrogates (they cannot be written as UTF-8), no control
  characters (tab and newline are allowed inside free text, never in names), no bidirectional overrides.
* JSON nested at most DEPTH_MAX deep with at most ITEMS_MAX entries per object or list, and one input line
  (a JSONL record, a CSV record, a FIELD=VALUE argument) at most LINE_MAX characters.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import cache
from typing import Any

from ledger.errors import LedgerError

DATE_MIN = date(2000, 1, 1)
DATE_MAX = date(2099, 12, 31)
DECIMAL_DIGITS = 15  # |value| < 10**DECIMAL_DIGITS
DECIMAL_PLACES = 6
INT_MAX = 10**15 - 1
SEQ_MAX = 2**63 - 1  # SQLite's INTEGER PRIMARY KEY and PostgreSQL's bigint
TEXT_MAX = 10_000
NAME_MAX = 200  # actor, site, event id, idempotency key
DEPTH_MAX = 16
ITEMS_MAX = 10_000
LINE_MAX = 1_000_000
QUOTE = 80

RANGE = f"{DATE_MIN.isoformat()}..{DATE_MAX.isoformat()}"
_EARLIEST, _LATEST = DATE_MIN - timedelta(days=1), DATE_MAX + timedelta(days=1)  # any offset shifts < 1 day

# C0 controls but tab and newline, DEL, C1 controls; bidirectional embeddings, overrides and isolates (they
# reorder what a terminal or a page shows); lone surrogates (not encodable as UTF-8). Every one of them is a
# character str.isprintable() says False to, so text it passes is never searched: the patterns are compiled on
# first use (about 0.3 ms each, paid by an operator's `log` only when a value holds a tab, a newline or worse).
_FREE_TEXT_CLASS = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
_NAME_CLASS = "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"


@cache
def _bad(name: bool) -> re.Pattern[str]:
    """The characters a name (`name`) or free text may not hold."""
    return re.compile(_NAME_CLASS if name else _FREE_TEXT_CLASS)


_QUANTUM = Decimal(1).scaleb(-DECIMAL_PLACES)


def quote(value: object, limit: int = QUOTE) -> str:
    """A user's input as an error message shows it: repr-escaped and cut to `limit` characters (the length
    said in the current language)."""
    text = value if isinstance(value, str) else str(value)
    if len(text) <= limit:
        return repr(text)
    return str(_said("lim.quoted_long", shown=repr(text[:limit]), n=f"{len(text):,}"))


def _label(where: str) -> Any:
    """The place an error is about, as its message's prefix ('companies: ' / '参会企业：' is the caller's word)."""
    from ledger.messages import msg

    return msg("lim.at", where=where) if where else ""


def _said(key: str, **values: Any) -> Any:
    from ledger.messages import msg

    return msg(key, **values)


# -- text -------------------------------------------------------------------------------------------------


def check_text(value: str, where: str = "", *, max_len: int = TEXT_MAX, name: bool = False) -> str:
    """A string within bounds: length, no control characters (a name allows no tab or newline either), no
    bidirectional overrides, no lone surrogates."""
    if len(value) > max_len:
        raise LedgerError(_said("lim.too_long", at=_label(where), n=f"{len(value):,}", most=f"{max_len:,}"))
    bad = None if value.isprintable() else _bad(name).search(value)
    if bad is not None:
        char = bad.group()
        what = _said("lim.surrogate") if "\ud800" <= char <= "\udfff" else _said("lim.control")
        raise LedgerError(
            _said("lim.bad_char", at=_label(where), value=quote(value), what=what, code=f"{ord(char):04X}")
        )
    return value


def check_name(value: str, where: str = "", max_len: int = NAME_MAX) -> str:
    """An actor, site, id or key: bounded text without any control character."""
    return check_text(value, where, max_len=max_len, name=True)


# -- numbers ----------------------------------------------------------------------------------------------


def check_decimal(value: Decimal, where: str = "") -> Decimal:
    """A finite decimal below 10**DECIMAL_DIGITS with at most DECIMAL_PLACES places."""
    if not value.is_finite():
        raise LedgerError(_said("lim.not_finite", at=_label(where), value=quote(value)))
    if value and value.adjusted() >= DECIMAL_DIGITS:
        raise LedgerError(_said("lim.too_large", at=_label(where), value=quote(value), digits=DECIMAL_DIGITS))
    if value.as_tuple().exponent < -DECIMAL_PLACES:  # type: ignore[operator]
        try:
            exact = value.quantize(_QUANTUM) == value
        except InvalidOperation:
            exact = False
        if not exact:
            raise LedgerError(
                _said("lim.places", at=_label(where), value=quote(value), places=DECIMAL_PLACES)
            )
    return value


def check_int(value: int, where: str = "", *, low: int = -INT_MAX, high: int = INT_MAX) -> int:
    if not low <= value <= high:
        raise LedgerError(
            _said("lim.range", at=_label(where), value=quote(value), low=f"{low:,}", high=f"{high:,}")
        )
    return value


def check_float(value: float, where: str = "") -> float:
    if not math.isfinite(value):
        raise LedgerError(_said("lim.not_finite", at=_label(where), value=repr(value)))
    if abs(value) >= 10**DECIMAL_DIGITS:
        raise LedgerError(_said("lim.too_large", at=_label(where), value=repr(value), digits=DECIMAL_DIGITS))
    return value


def check_seq(value: int, what: Any = None) -> int:
    """A sequence number a store can hold: 1..2**63-1. `what` names it in the message (a Message, or a name
    kept as it is); 'sequence number' / '序号' by default."""
    if not 1 <= value <= SEQ_MAX:
        raise LedgerError(
            _said(
                "lim.seq",
                what=_said("lim.what_seq") if what is None else what,
                value=quote(value),
                most=SEQ_MAX,
            )
        )
    return value


# -- dates ------------------------------------------------------------------------------------------------


def check_date(value: date, where: str = "") -> date:
    """A calendar date inside DATE_MIN..DATE_MAX."""
    day = value.date() if isinstance(value, datetime) else value
    if not DATE_MIN <= day <= DATE_MAX:
        raise LedgerError(_said("lim.dates", at=_label(where), day=day.isoformat(), range=RANGE))
    return value


def check_moment(value: datetime, where: str = "") -> datetime:
    """A datetime whose own calendar date is within a day of the range, checked BEFORE any time zone conversion
    (converting 0001-01-01T00:00+09:00 or 9999-12-31T23:00-05:00 would overflow the calendar); the caller checks
    the converted (Asia/Shanghai) date with check_date."""
    day = value.date()
    if not _EARLIEST <= day <= _LATEST:
        raise LedgerError(_said("lim.dates", at=_label(where), day=day.isoformat(), range=RANGE))
    return value


# -- JSON and nested values -------------------------------------------------------------------------------


def check_line(text: str, where: str = "") -> str:
    if len(text) > LINE_MAX:
        raise LedgerError(_said("lim.line_long", at=_label(where), n=f"{len(text):,}", most=f"{LINE_MAX:,}"))
    return text


def loads(text: str, where: str = "") -> Any:
    """json.loads within the bounds: size, nesting (no RecursionError), integer digits (no 4,300-digit
    ValueError), finite numbers only (no NaN or Infinity), and every value checked by `check_value`."""
    check_line(text, where)
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        raise LedgerError(_said("lim.bad_json", at=_label(where), error=err.msg, col=err.colno)) from None
    except RecursionError:
        raise LedgerError(_said("lim.json_deep", at=_label(where), most=DEPTH_MAX)) from None
    except ValueError as err:  # an integer beyond Python's digit limit, or NaN/Infinity (parse_constant)
        raise LedgerError(_said("lim.json_unusable", at=_label(where), error=_first_line(err))) from None
    return check_value(value, where)


def _no_constant(name: str) -> Any:
    raise ValueError(_said("lim.constant", name=name))


def _first_line(err: BaseException) -> str:
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    return text if len(text) <= 2 * QUOTE else text[: 2 * QUOTE] + "…"


def check_value(value: Any, where: str = "", _depth: int = 0) -> Any:
    """A JSON-like value (dicts, lists, strings, numbers, dates) within every bound, walked once.

    Hot on import (every payload passes here): plain text, small ints, booleans and None are checked inline and a
    field's path is spelt out only when something is wrong."""
    if _depth > DEPTH_MAX:
        raise LedgerError(_said("lim.deep", at=_label(where), most=DEPTH_MAX))
    kind = type(value)
    if kind is dict or isinstance(value, Mapping):
        if len(value) > ITEMS_MAX:
            raise LedgerError(
                _said("lim.entries", at=_label(where), n=f"{len(value):,}", most=f"{ITEMS_MAX:,}")
            )
        for key, item in value.items():
            if type(key) is not str:
                raise LedgerError(_said("lim.key_type", at=_label(where), kind=type(key).__name__))
            if len(key) > QUOTE or not key.isprintable() and _bad(True).search(key):
                check_name(key, where, max_len=QUOTE)
            _check_item(item, where, key, _depth)
    elif kind is list or kind is tuple:
        if len(value) > ITEMS_MAX:
            raise LedgerError(
                _said("lim.entries", at=_label(where), n=f"{len(value):,}", most=f"{ITEMS_MAX:,}")
            )
        for item in value:
            _check_item(item, where, None, _depth)
    else:
        _check_leaf(value, where)
    return value


def _check_item(item: Any, where: str, key: str | None, depth: int) -> None:
    kind = type(item)
    if kind is str:
        # isprintable() is one C pass and False for every character refused (controls, surrogates, bidi
        # formatting); what it also flags (a tab, an ideographic space) is looked at by the pattern.
        if len(item) <= TEXT_MAX and (item.isprintable() or _bad(False).search(item) is None):
            return
    elif kind is int:
        if -INT_MAX <= item <= INT_MAX:
            return
    elif kind is bool or item is None:
        return
    path = where if key is None else (f"{where}.{key}" if where else key)
    if kind is dict or kind is list or kind is tuple or isinstance(item, Mapping):
        check_value(item, path, depth + 1)
    else:
        _check_leaf(item, path)


def _check_leaf(value: Any, where: str) -> None:
    if isinstance(value, str):
        check_text(value, where)
    elif isinstance(value, bool) or value is None or isinstance(value, Enum):
        pass
    elif isinstance(value, int):
        check_int(value, where)
    elif isinstance(value, float):
        check_float(value, where)
    elif isinstance(value, Decimal):
        check_decimal(value, where)
    elif isinstance(value, date):
        check_date(value, where)


def check_model(model: Any, where: str = "") -> None:
    """Every field of a validated pydantic model (the typed form: Decimals, dates, ints) within bounds."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        kind = type(value)
        if value is None or kind is str or kind is bool or isinstance(value, Enum):
            continue  # text was checked on the way in (check_value); enums are closed sets
        if kind is int and -INT_MAX <= value <= INT_MAX:
            continue
        _check_item(value, where, name, 1)


# -- showing text -----------------------------------------------------------------------------------------


def printable(text: str) -> str:
    """Text safe to print on a terminal: control characters (but newline and tab), bidirectional overrides and
    lone surrogates shown as escapes (`\\x1b`), so a stored name like 'op\\x1b[2K\\r' cannot rewrite the screen."""
    # What free text may not hold is what a terminal must not receive raw.
    if text.isprintable() or _bad(False).search(text) is None:
        return text
    return _bad(False).sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
