"""Chinese names accepted wherever an id is: event types, payload fields and closed values by their labels.

People who record events think in the catalog's Chinese words (举办招聘会, 形式, 线下), not its wire ids
(job_fair_held, format, offline). This module reads the one label table (ledger/labels.py, the same words the
web forms show) backwards, so `opsledger log 举办招聘会 形式=线下`, an import line, a register cell or a
correction may use either; the stored event always holds the ids.

Accepted for each id: its full Chinese label, the register words in FIELD_WORDS/VALUE_WORDS, the label without a parenthesised note ("按几场计（规模翻番）"
-> "按几场计") and, for fields, each part of a label with alternatives ("名称/姓名" -> "名称", "姓名").
A word that names two things in the same place (two fields of one event type, two values of one field) is
refused with both candidates, never guessed. Booleans take 是/否 as well as true/false.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from ledger import catalog_index
from ledger.errors import LedgerError
from ledger.labels import BOOL_CHOICES, choices, field_label
from ledger.messages import Both, listing, msg
from ledger.record import Record

# Words operators write for a field or a value that are not its catalog label: the column headings of the
# registers they keep (data/mappings/ reads the same words). Only the event types that have the field accept them;
# a word that would name two fields of one type is refused as ambiguous like any other.
FIELD_WORDS: dict[str, tuple[str, ...]] = {
    "title": ("名称", "标题"),
    "kind": ("类型",),
    "companies": ("参会企业数", "企业数"),
    "jobs": ("提供岗位数", "岗位数"),
    "visitors": ("入场人数", "求职人数"),
    "jobs_posted": ("发布岗位数",),
    "viewers": ("观看人次", "观看人数"),
    "companies_reached": ("触达企业数",),
}
VALUE_WORDS: dict[str, tuple[str, ...]] = {
    "daily": ("日常", "日常招聘会"),
    "themed": ("主题", "专场", "主题招聘会"),
    "campus": ("校园", "校园招聘会"),
    "outbound": ("赴外", "赴外招聘"),
    "matchmaking": ("对接会", "双选会"),
}

_NOTE = re.compile(r"[（(][^）)]*[）)]\s*$")


def _forms(label: str, split: bool) -> set[str]:
    """The ways a label may be typed: whole, without a trailing note, and (fields) each '/' alternative."""
    forms = {label, _NOTE.sub("", label).strip()}
    if split:
        forms |= {part.strip() for form in list(forms) for part in form.split("/")}
    return {f for f in forms if f}


def _index(pairs: Iterable[tuple[str, str]], split: bool) -> dict[str, tuple[str, ...]]:
    """label form -> the ids it may name (more than one: ambiguous). Ids are not indexed: they always win."""
    found: dict[str, list[str]] = {}
    for ident, label in pairs:
        for form in _forms(label, split):
            if form != ident and ident not in found.setdefault(form, []):
                found[form].append(ident)
    return {form: tuple(ids) for form, ids in found.items()}


@cache
def _types() -> dict[str, tuple[str, ...]]:
    return _index(catalog_index.labelled_types().items(), split=False)


class _TypeNames(Record):
    """One event type's fields and closed values, by id and by label."""

    fields: frozenset[str]
    field_labels: dict[str, tuple[str, ...]]
    values: dict[str, dict[str, tuple[str, ...]]]  # field -> label form -> value ids
    ids: dict[str, frozenset[str]]  # field -> its value ids
    bools: frozenset[str]


@cache
def _names(event_type: str) -> _TypeNames:
    fields = list(catalog_index.fields(event_type))
    values: dict[str, dict[str, tuple[str, ...]]] = {}
    ids: dict[str, frozenset[str]] = {}
    for name in fields:
        table = choices(event_type, name)
        if table:
            words = [(v, w) for v, _, _ in table for w in VALUE_WORDS.get(v, ())]
            values[name] = _index([*((v, zh) for v, zh, _ in table), *words], split=False)
            ids[name] = frozenset(v for v, _, _ in table)
    bools = frozenset(f for f in fields if catalog_index.is_bool(event_type, f))
    words = [(f, w) for f in fields for w in FIELD_WORDS.get(f, ())]
    labels = _index([*((f, field_label(event_type, f)[0]) for f in fields), *words], split=True)
    return _TypeNames(frozenset(fields), labels, values, ids, bools)


def type_label(event_type: str) -> str:
    """The Chinese name of an event type ('' if the catalog has none)."""
    return catalog_index.label_zh(event_type)


def type_name(event_type: str) -> Both:
    """An event type as a message names it: '举办招聘会（job_fair_held）' in Chinese, the id in English."""
    zh = type_label(event_type)
    return Both(f"{zh}（{event_type}）" if zh else event_type, event_type)


def field_name(event_type: str, field: str) -> Both:
    """A field as a message names it: '参会企业（companies）' in Chinese, 'companies' in English."""
    zh = field_label(event_type, field)[0] if catalog_index.known(event_type) else field
    return Both(f"{zh}（{field}）" if zh != field else field, field)


def _pick(word: str, found: tuple[str, ...], what: Any, describe: Any) -> str:
    if len(found) > 1:
        raise LedgerError(
            msg("alias.ambiguous", word=word, what=what, candidates=listing(describe(i) for i in found))
        )
    return found[0]


def resolve_type(name: str) -> str:
    """An event type id, or its Chinese label ('举办招聘会' -> 'job_fair_held'); anything else unchanged (the
    caller's unknown-type check names it)."""
    if catalog_index.known(name):
        return name
    found = _types().get(name.strip())
    if not found:
        return name
    return _pick(name, found, msg("alias.what.type"), lambda t: f"{t}（{type_label(t)}）")


def resolve_field(event_type: str, name: str) -> str:
    """A field id of `event_type`, or its Chinese label; anything else unchanged (validation names it)."""
    names = _names(event_type)
    if name in names.fields:
        return name
    found = names.field_labels.get(name.strip())
    if not found:
        return name
    return _pick(name, found, msg("alias.what.field", type=event_type),
                 lambda f: f"{f}（{field_label(event_type, f)[0]}）")  # fmt: skip


def resolve_value(event_type: str, field: str, value: Any) -> Any:
    """A closed field's value id, or its Chinese label; 是/否 for a boolean; anything else unchanged."""
    if not isinstance(value, str):
        return value
    names = _names(event_type)
    if field in names.bools:
        word = value.strip()
        for ident, (zh, _) in BOOL_CHOICES.items():
            if word == zh:
                return ident
        return value
    known = names.ids.get(field)
    if known is None or value in known:
        return value
    found = names.values[field].get(value.strip())
    if not found:
        return value
    table = {v: zh for v, zh, _ in choices(event_type, field) or ()}
    return _pick(value, found, msg("alias.what.value", field=field_name(event_type, field)),
                 lambda v: f"{v}（{table.get(v, v)}）")  # fmt: skip


def resolve_payload(event_type: str, payload: Mapping[str, Any]) -> dict[str, Any]:
    """A payload with Chinese field names and values turned into ids (unknown types and words pass through,
    for the validation that follows to name). Two keys naming the same field is an error."""
    if not catalog_index.known(event_type):
        return dict(payload)
    names = _names(event_type)
    if all(k in names.fields for k in payload) and all(
        not isinstance(v, str) or (k not in names.ids or v in names.ids[k]) and k not in names.bools
        for k, v in payload.items()
    ):
        return dict(
            payload
        )  # the common case: ids throughout (imports of exported files), nothing to look up
    out: dict[str, Any] = {}
    given: dict[str, str] = {}
    for key, value in payload.items():
        field = resolve_field(event_type, key) if isinstance(key, str) else key
        if field in out:
            raise LedgerError(
                msg("alias.field_twice", field=field_name(event_type, field), first=given[field], second=key)
            )
        given[field] = key
        out[field] = resolve_value(event_type, field, value)
    return out
