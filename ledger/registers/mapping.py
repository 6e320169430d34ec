"""The mapping file (TOML) that says how a register's sheets become events. See data/mappings/*.toml.

A mapping says which sheet holds which event type, which column header feeds which payload field (or envelope
field: site, occurred_at, id, idempotency_key), constant fields, value translations (线上 -> online, 是 ->
true), and the columns that identify a row (`identity`), so that re-importing an edited register corrects the
events its rows made instead of adding new ones.
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ledger.errors import LedgerError
from ledger.events import CATALOG, META_TYPES
from ledger.messages import Message, msg, os_reason
from ledger.messages.pydantic import pydantic_message

ENVELOPE_FIELDS = ("site", "occurred_at", "id", "idempotency_key")
# The ledger's own bookkeeping: written by its commands (site add, role grant, keys, close, signoff), never a register.
ADMIN_TYPES = frozenset({"site_registered", "actor_role_granted", "assessor_key_registered", "period_closed",
                         "score_signed_off"})  # fmt: skip


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Table(_Strict):
    """One sheet of a workbook (or the one table of a CSV file) and the events its rows make."""

    sheet: str | None = None  # the worksheet's name (None: the first sheet); ignored for CSV
    type: str | None = None  # every row makes this event type ...
    type_column: str | None = None  # ... or this column's value, translated by `types`, says which
    types: dict[str, str] = {}  # type_column value -> event type, e.g. 岗位发布 = "gig_job_posted"
    # The row holding the column headers. A hint: when that row does not hold every mapped header, the first
    # of the sheet's first 20 rows that does is used (a register saved without its title row still reads).
    header_row: int = Field(default=1, ge=1)
    year: int | None = None  # completes dates written without a year (3月5日, 3/5)
    columns: dict[str, str]  # column header -> payload field or envelope field
    constants: dict[str, Any] = {}  # fields every row gets unless its mapped cell has a value
    type_constants: dict[str, dict[str, Any]] = {}  # event type -> constants for rows of that type only
    values: dict[str, dict[str, Any]] = {}  # field -> {cell text: value}, on top of the file-wide `values`
    skip: dict[str, list[str]] = {}  # column header -> cell texts whose rows are skipped (合计, 小计)
    footer: list[str] = []  # more words that start a footer row, beyond the built-in 填表人/审核人/合计...
    # The headers whose cells identify a row across versions of the register: a 编号 column, or 日期 + 名称.
    # With it, a re-imported row whose other cells changed corrects its event; without it, a changed row
    # is a new event (the row's content is its only identity).
    identity: list[str] = []
    # Which stored rows of this table a re-import reports missing when the register no longer has them: "all"
    # (the register is the whole record of its sheet), or only those dated in the "months" its rows cover (a
    # register kept as one file per month). Only rows imported with an identity can be found missing.
    missing: Literal["all", "months"] = "all"
    # A sheet absent from the register is reported and skipped, unless the mapping says it must be there.
    required: bool = False

    def event_types(self) -> list[str]:
        return [self.type] if self.type else sorted(set(self.types.values()))

    @property
    def name(self) -> str:
        return self.sheet or "(first sheet)"

    @property
    def scope(self) -> str:
        """What a row's identity is unique within: the mapping's sheet name (not the workbook's, which may
        be Sheet1), else the event types the table makes."""
        return self.sheet or "+".join(self.event_types())

    def headers(self) -> list[str]:
        """Every header this table reads, in the order a message lists them."""
        extra = [self.type_column] if self.type_column else []
        return list(dict.fromkeys([*self.columns, *extra, *self.skip, *self.identity]))


class RegisterMapping(_Strict):
    """A mapping file: optional defaults, then one [[tables]] entry per sheet."""

    title: str = ""
    site: str | None = None  # the default site for every row (`import --site` and a site column override it)
    encoding: str = "utf-8-sig"  # CSV only: "gb18030" for a file saved by Excel as 'CSV' on Chinese Windows
    values: dict[str, dict[str, Any]] = {}  # field -> {cell text: value}, for every table
    tables: list[Table] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> RegisterMapping:
        for table in self.tables:
            _check_table(table)
        scopes = [t.scope for t in self.tables if t.identity]
        for scope in scopes:
            if scopes.count(scope) > 1:
                raise ValueError(msg("map.scope_twice", scope=repr(scope)))
        return self

    def translations(self, table: Table) -> dict[str, dict[str, Any]]:
        merged = {field: dict(words) for field, words in self.values.items()}
        for field, words in table.values.items():
            merged.setdefault(field, {}).update(words)
        return merged


def _hint(word: str, choices: list[str]) -> Message | str:
    close = difflib.get_close_matches(word, choices, n=1)
    return msg("map.did_you_mean", close=repr(close[0])) if close else ""


def _check_table(table: Table) -> None:
    where = msg("map.table", name=table.name)
    if (table.type is None) == (table.type_column is None):
        raise ValueError(msg("map.type_xor", where=where))
    if table.type_column is not None and not table.types:
        raise ValueError(msg("map.types_needed", where=where))
    for event_type in table.event_types():
        if event_type not in CATALOG:
            raise ValueError(
                msg(
                    "map.unknown_type",
                    where=where,
                    type=repr(event_type),
                    hint=_hint(event_type, sorted(CATALOG)),
                )
            )
        if event_type in META_TYPES or event_type in ADMIN_TYPES:
            raise ValueError(msg("map.not_operation", where=where, type=event_type))
    fields = {f for t in table.event_types() for f in CATALOG[t].model_fields if f != "type"}
    targets: dict[str, str] = {}
    for header, target in table.columns.items():
        if target in targets.values():
            other = next(h for h, t in targets.items() if t == target)
            raise ValueError(
                msg(
                    "map.same_target",
                    where=where,
                    other=repr(other),
                    header=repr(header),
                    target=repr(target),
                )
            )
        if target not in fields and target not in ENVELOPE_FIELDS:
            hint = _hint(target, sorted(fields | set(ENVELOPE_FIELDS)))
            raise ValueError(msg("map.no_field", where=where, header=repr(header), target=repr(target),
                                 types=" / ".join(table.event_types()), hint=hint))  # fmt: skip
        targets[header] = target
    if "occurred_at" not in targets.values():
        raise ValueError(msg("map.no_date", where=where))
    if table.type_column is not None and table.type_column in table.columns:
        raise ValueError(msg("map.type_column_mapped", where=where, column=repr(table.type_column)))
    for event_type in table.type_constants:
        if event_type not in table.event_types():
            raise ValueError(msg("map.constants_type", where=where, type=repr(event_type)))
    every = set.intersection(
        *({f for f in CATALOG[t].model_fields if f != "type"} for t in table.event_types())
    )
    for field in table.constants:
        if field not in every and field != "site":
            raise ValueError(msg("map.constant_not_common", where=where, field=repr(field),
                                 types=" / ".join(table.event_types())))  # fmt: skip
    for event_type, constants in table.type_constants.items():
        for field in constants:
            if field not in CATALOG[event_type].model_fields or field == "type":
                raise ValueError(msg("map.constants_field", where=where, type=event_type, field=repr(field)))
    for field in table.values:
        if field not in targets.values():
            raise ValueError(msg("map.values_unmapped", where=where, field=field, quoted=repr(field)))
    if len(set(table.identity)) != len(table.identity):
        raise ValueError(msg("map.identity_twice", where=where))
    for header in table.identity:
        if targets.get(header) in ("site", "id", "idempotency_key"):
            raise ValueError(
                msg("map.identity_column", where=where, header=repr(header), target=targets[header])
            )
    if table.identity and any(t in ("id", "idempotency_key") for t in targets.values()):
        raise ValueError(msg("map.identity_and_id", where=where))


def load_mapping(path: str | Path) -> RegisterMapping:
    """Read and validate a mapping file; errors name the file and the table."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except OSError as err:
        raise LedgerError(msg("map.cannot_read", path=repr(str(path)), reason=os_reason(err))) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise LedgerError(msg("map.not_toml", name=path.name, error=str(err))) from None
    try:
        return RegisterMapping.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        error: Any = pydantic_message(first)
        if first["type"] == "value_error" and "error" in (first.get("ctx") or {}):
            error = first["ctx"]["error"]  # our own refusal, a catalogue message
        elif first["type"] == "value_error":
            error = first["msg"].removeprefix("Value error, ")
        elif first["type"] == "extra_forbidden":
            error = msg("map.unknown_key")
        if loc:
            raise LedgerError(msg("map.invalid_at", name=path.name, loc=loc, error=error)) from None
        raise LedgerError(msg("map.invalid", name=path.name, error=error)) from None
