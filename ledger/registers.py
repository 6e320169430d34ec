"""Operators' registers (台账) in xlsx or CSV, turned into events by a small mapping file.

A mapping (TOML) says which sheet holds which event type, which column header feeds which payload field
(or envelope field: site, occurred_at, id, idempotency_key), constant fields, and value translations
(线上 -> online, 是 -> true). See data/mappings/*.toml for two worked mappings and `RegisterMapping` below
for every key.

Reading streams: xlsx through openpyxl's read-only mode (one row at a time), CSV through the csv module.
Read-only mode does not expose merged cells, so before streaming a sheet we scan that sheet's XML once
with iterparse and keep only its <mergeCell ref="A3:A9"/> ranges: memory grows with the number of merged
ranges, not with the sheet (a normal openpyxl load would hold every cell, hundreds of bytes each). The cost
is a second decompress-and-parse pass over the sheet XML. While streaming, a merged range's top-left value
is copied into every cell of the range (a merged 月份 or 类型 column fills down).

Every row becomes (row number, Draft). Mistakes name the file, the sheet, the row, the column letter and
its header, and the field: `招聘会台账.xlsx sheet 日常招聘会 row 17 column D (参会企业数): companies: Input
should be a valid integer, unable to parse string as an integer`. Payloads are validated here (so the
column is known); the store validates again when it appends.

Re-importing a register adds nothing: each row's idempotency key is derived from the event it makes
(type, site, date and canonical payload, hashed) plus its occurrence number among identical rows of the
same file, so rows appended to the register later are added, identical rows both count, and renaming the
file or the sheet changes nothing. A column mapped to idempotency_key (a register's own 编号) is used instead,
prefixed with the event type so two registers numbering their rows 1, 2, 3 do not collide. The cost: one
40-character digest per row is held for the length of an import (about 10 MB for 100k rows), and a row
whose content is later edited in the register imports as a new event (correct the stored one with
`opsledger correct` instead).

Formulas are read as the values Excel or WPS last calculated and saved (a workbook written by a script that
never calculated them reads as empty cells).
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import re
import tomllib
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ledger import limits
from ledger.envelope import canonical_json, normalise_occurred
from ledger.errors import LedgerError
from ledger.events import CATALOG, META_TYPES
from ledger.importer import make_draft

if TYPE_CHECKING:
    from ledger.envelope import Draft
    from ledger.ledger import Ledger

ENVELOPE_FIELDS = ("site", "occurred_at", "id", "idempotency_key")
# The ledger's own bookkeeping: written by its commands (site add, role grant, keys, close, signoff), never a register.
ADMIN_TYPES = frozenset({"site_registered", "actor_role_granted", "assessor_key_registered", "period_closed",
                         "score_signed_off"})  # fmt: skip
KEY_PREFIX = "reg-"


# -- the mapping file -----------------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Table(_Strict):
    """One sheet of a workbook (or the one table of a CSV file) and the events its rows make."""

    sheet: str | None = None  # the worksheet's name (None: the first sheet); ignored for CSV
    type: str | None = None  # every row makes this event type ...
    type_column: str | None = None  # ... or this column's value, translated by `types`, says which
    types: dict[str, str] = {}  # type_column value -> event type, e.g. 岗位发布 = "gig_job_posted"
    header_row: int = Field(default=1, ge=1)  # the row holding the column headers (rows above are titles)
    year: int | None = None  # completes dates written without a year (3月5日, 3/5)
    columns: dict[str, str]  # column header -> payload field or envelope field
    constants: dict[str, Any] = {}  # fields every row gets unless its mapped cell has a value
    type_constants: dict[str, dict[str, Any]] = {}  # event type -> constants for rows of that type only
    values: dict[str, dict[str, Any]] = {}  # field -> {cell text: value}, on top of the file-wide `values`
    skip: dict[str, list[str]] = {}  # column header -> cell texts whose rows are skipped (合计, 小计)

    def event_types(self) -> list[str]:
        return [self.type] if self.type else sorted(set(self.types.values()))

    @property
    def name(self) -> str:
        return self.sheet or "(first sheet)"


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
        return self

    def translations(self, table: Table) -> dict[str, dict[str, Any]]:
        merged = {field: dict(words) for field, words in self.values.items()}
        for field, words in table.values.items():
            merged.setdefault(field, {}).update(words)
        return merged


def _check_table(table: Table) -> None:
    where = f"table {table.name}"
    if (table.type is None) == (table.type_column is None):
        raise ValueError(f"{where}: give exactly one of `type` or `type_column`")
    if table.type_column is not None and not table.types:
        raise ValueError(f"{where}: `type_column` needs a [types] table (cell text -> event type)")
    for event_type in table.event_types():
        if event_type not in CATALOG:
            close = difflib.get_close_matches(event_type, sorted(CATALOG), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValueError(f"{where}: unknown event type {event_type!r}{hint}")
        if event_type in META_TYPES or event_type in ADMIN_TYPES:
            raise ValueError(
                f"{where}: {event_type} is not an operation a register records (use its own command)"
            )
    fields = {f for t in table.event_types() for f in CATALOG[t].model_fields if f != "type"}
    targets: dict[str, str] = {}
    for header, target in table.columns.items():
        if target in targets.values():
            other = next(h for h, t in targets.items() if t == target)
            raise ValueError(f"{where}: columns {other!r} and {header!r} both map to {target!r}")
        if target not in fields and target not in ENVELOPE_FIELDS:
            close = difflib.get_close_matches(target, sorted(fields | set(ENVELOPE_FIELDS)), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValueError(f"{where}: column {header!r} maps to {target!r}, which {' / '.join(table.event_types())} "
                             f"has no field of{hint}")  # fmt: skip
        targets[header] = target
    if "occurred_at" not in targets.values():
        raise ValueError(f"{where}: no column maps to occurred_at (the date each row happened)")
    if table.type_column is not None and table.type_column in table.columns:
        raise ValueError(f"{where}: {table.type_column!r} is the type column; do not map it to a field too")
    for event_type in table.type_constants:
        if event_type not in table.event_types():
            raise ValueError(f"{where}: type_constants names {event_type!r}, which this table does not make")
    every = set.intersection(
        *({f for f in CATALOG[t].model_fields if f != "type"} for t in table.event_types())
    )
    for field in table.constants:
        if field not in every and field != "site":
            raise ValueError(f"{where}: constant {field!r} is not a field of every type here "
                             f"({' / '.join(table.event_types())}): put it under type_constants")  # fmt: skip
    for event_type, constants in table.type_constants.items():
        for field in constants:
            if field not in CATALOG[event_type].model_fields or field == "type":
                raise ValueError(f"{where}: type_constants.{event_type}: {event_type} has no field {field!r}")
    for field in table.values:
        if field not in targets.values():
            raise ValueError(f"{where}: values.{field}: no column maps to {field!r}")


def load_mapping(path: str | Path) -> RegisterMapping:
    """Read and validate a mapping file; errors name the file and the table."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except OSError as err:
        raise LedgerError(f"cannot read mapping {str(path)!r}: {err.strerror or err}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise LedgerError(f"{path.name}: not valid TOML: {err}") from None
    try:
        return RegisterMapping.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        msg = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            msg = "unknown key"
        raise LedgerError(f"{path.name}: {loc + ': ' if loc else ''}{msg}") from None


# -- cells -----------------------------------------------------------------------------------------------


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (what Excel and WPS show above the column)."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a spurious '.0', Excel's float noise cut at 15 digits, dates ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".15g")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def header_text(value: Any) -> str:
    """Headers compare without whitespace or line breaks ('参会\\n企业数' is 参会企业数)."""
    return re.sub(r"\s+", "", cell_text(value))


_FULL_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?$"
)
_SHORT_DATE = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_day(text: str, year: int | None) -> str:
    """2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日 (optionally with HH:MM); 3月5日 or 3/5 with the table's `year`."""
    match = _FULL_DATE.match(text)
    try:
        if match:
            y, m, d, hh, mm, ss = match.groups()
            day = date(int(y), int(m), int(d))
            if hh is None:
                return day.isoformat()
            return normalise_occurred(datetime.combine(day, time(int(hh), int(mm), int(ss or 0))).isoformat())
        short = _SHORT_DATE.match(text)
        if short:
            if year is None:
                raise LedgerError(
                    f"date {limits.quote(text)} has no year: set year = 2026 on this table in the mapping"
                )
            return date(year, int(short.group(1)), int(short.group(2))).isoformat()
        return normalise_occurred(text)
    except ValueError:
        raise LedgerError(
            f"not a date: {limits.quote(text)} (write 2026-03-05, 2026/3/5 or 2026年3月5日)"
        ) from None


# -- merged cells (xlsx) -----------------------------------------------------------------------------------

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet name -> its XML part inside the xlsx zip (from workbook.xml and its relationships)."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PKG}Relationship")}
    parts = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        parts[sheet.get("name", "")] = path
    return parts


def merged_ranges(path: str | Path, sheet: str) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row), 1-based, of every merged range of one sheet, streaming its XML."""
    from openpyxl.utils.cell import range_boundaries

    out: list[tuple[int, int, int, int]] = []
    with zipfile.ZipFile(path) as archive:
        part = _sheet_parts(archive).get(sheet)
        if part is None:
            return out
        with archive.open(part) as xml:
            parent = None
            for event, elem in ElementTree.iterparse(xml, events=("start", "end")):
                if event == "start":
                    if elem.tag == f"{_MAIN}sheetData":
                        parent = elem
                    continue
                if elem.tag == f"{_MAIN}row" and parent is not None:
                    parent.remove(elem)  # drop each row once parsed: memory stays flat
                elif elem.tag == f"{_MAIN}mergeCell":
                    bounds = range_boundaries(elem.get("ref", ""))
                    out.append(tuple(int(b) for b in bounds))  # type: ignore[arg-type]
    return out


class FillDown:
    """Copies each merged range's top-left value into every cell of the range, row by row."""

    def __init__(self, ranges: list[tuple[int, int, int, int]]) -> None:
        self.pending = sorted(ranges, key=lambda r: r[1])
        self.active: list[tuple[int, int, int, int]] = []
        self.anchor: dict[tuple[int, int, int, int], Any] = {}

    def __call__(self, number: int, row: list[Any]) -> list[Any]:
        if not self.pending and not self.active:
            return row
        while self.pending and self.pending[0][1] <= number:
            self.active.append(self.pending.pop(0))
        self.active = [r for r in self.active if r[3] >= number]
        for rng in self.active:
            min_col, min_row, max_col, _ = rng
            if min_row == number:
                self.anchor[rng] = row[min_col - 1] if min_col - 1 < len(row) else None
            value = self.anchor.get(rng)
            if len(row) < max_col:
                row.extend([None] * (max_col - len(row)))
            for col in range(min_col, max_col + 1):
                if (col, number) != (min_col, min_row):
                    row[col - 1] = value
        return row


# -- reading rows -----------------------------------------------------------------------------------------


class Where:
    """The position being read, for messages: 'file.xlsx sheet S row 17' (+ ' column D (header)')."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.sheet: str | None = None
        self.row = 0

    def __str__(self) -> str:
        sheet = f" sheet {self.sheet}" if self.sheet else ""
        return f"{self.file}{sheet} row {self.row}"

    def at(self, column: int | None, header: str = "") -> str:
        if column is None:
            return str(self)
        return f"{self} column {column_letter(column)} ({header})"


def _open_book(path: Path) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise LedgerError(f"cannot read {path.name} as an xlsx workbook: {err}") from None


def _xlsx_rows(book: Any, path: Path, table: Table, where: Where) -> Iterator[list[Any]]:
    name = table.sheet or book.sheetnames[0]
    if name not in book.sheetnames:
        raise LedgerError(f"{path.name}: no sheet named {name!r} (sheets: {', '.join(book.sheetnames)})")
    where.sheet = name
    sheet = book[name]
    sheet.reset_dimensions()  # trust the rows themselves, not a possibly stale <dimension> tag
    fill = FillDown(merged_ranges(path, name))
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        where.row = number
        yield fill(number, list(values))


def _csv_rows(path: Path, encoding: str, where: Where) -> Iterator[list[Any]]:
    try:
        handle = open(path, encoding=encoding, newline="")
    except OSError as err:
        raise LedgerError(f"cannot read {str(path)!r}: {err.strerror or err}") from None
    except LookupError:
        raise LedgerError(f"unknown encoding {encoding!r} in the mapping") from None
    with handle:
        reader = csv.reader(handle)
        number = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError:
                raise LedgerError(
                    f"{path.name} near row {number + 1}: not valid {encoding} text (a CSV saved by Excel on Chinese "
                    f'Windows is usually GBK: set encoding = "gb18030" in the mapping)'
                ) from None
            except csv.Error as err:
                raise LedgerError(f"{path.name} row {number + 1}: not valid CSV ({err})") from None
            number += 1
            where.row = number
            yield list(row)


def _columns(header: list[Any], table: Table, where: Where) -> dict[str, int]:
    """Mapped header -> column index; a mapped header missing from the row is an error naming it."""
    found: dict[str, int] = {}
    for index, value in enumerate(header):
        text = header_text(value)
        if text and text not in found:
            found[text] = index
    wanted = dict.fromkeys([*table.columns, *([table.type_column] if table.type_column else []), *table.skip])
    out = {}
    for name in wanted:
        key = header_text(name)
        if key not in found:
            close = difflib.get_close_matches(key, list(found), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (headers: {', '.join(found) or 'none'})"
            raise LedgerError(f"{where}: no column headed {name!r}{hint}")
        out[name] = found[key]
    return out


def _site_hint(site: str, known: set[str]) -> str:
    close = difflib.get_close_matches(site, sorted(known), n=1)
    return (
        f"did you mean {close[0]!r}?"
        if close
        else "register it with `opsledger site add` (`opsledger sites` lists them)"
    )


class RegisterReader:
    """Iterates (row number, Draft) over every table of a register; `where` is the row being read."""

    def __init__(self, path: str | Path, mapping: RegisterMapping, *, actor: str, site: str | None = None,
                 ledger: Ledger | None = None) -> None:  # fmt: skip
        self.path = Path(path)
        self.mapping = mapping
        self.actor = actor
        self.site = site or mapping.site
        # With the ledger, what its store would refuse (an unknown site, an assessor-only type from someone
        # who is not an assessor there) is refused here, where the row and column are known.
        self.sites = set(ledger.registered_sites()) if ledger is not None else None
        self.roles = ledger.roles() if ledger is not None else None
        if self.site and self.sites is not None and self.site not in self.sites:
            raise LedgerError(f"unknown site {self.site!r}: {_site_hint(self.site, self.sites)}")
        self.where = Where(self.path.name)
        self.counts: dict[str, int] = {}  # tables read -> rows that made an event
        if not self.path.exists():
            raise LedgerError(f"no such file {str(self.path)!r}")
        if self.path.suffix.lower() == ".csv" and len(mapping.tables) != 1:
            raise LedgerError(
                f"{self.path.name} is a CSV file (one table) but the mapping has {len(mapping.tables)} tables"
            )

    def __iter__(self) -> Iterator[tuple[int, Draft]]:
        suffix = self.path.suffix.lower()
        if suffix == ".csv":
            yield from self._tables(None)
        elif suffix in (".xlsx", ".xlsm"):
            book = _open_book(
                self.path
            )  # one read-only workbook for every table, closed when the stream ends
            try:
                yield from self._tables(book)
            finally:
                book.close()
        else:
            raise LedgerError(
                f"cannot read {self.path.name}: registers are .xlsx or .csv files (save .xls as .xlsx)"
            )

    def _tables(self, book: Any) -> Iterator[tuple[int, Draft]]:
        seen: dict[str, int] = {}  # derived key -> rows with that content so far (identical rows both count)
        for table in self.mapping.tables:
            words = self.mapping.translations(table)
            index: dict[str, int] | None = None
            made = 0
            rows = (
                _csv_rows(self.path, self.mapping.encoding, self.where)
                if book is None
                else _xlsx_rows(book, self.path, table, self.where)
            )
            for row in rows:
                number = self.where.row
                if number < table.header_row:
                    continue
                if number == table.header_row:
                    index = _columns(row, table, self.where)
                    continue
                assert index is not None
                cells = {h: cell_text(row[i]) if i < len(row) else "" for h, i in index.items()}
                if any(cells[h] in texts for h, texts in table.skip.items()):
                    continue  # a 合计/小计 line
                if not any(cells[h] for h in table.columns) and not (
                    table.type_column and cells[table.type_column]
                ):
                    continue  # a blank line
                draft = self._draft(table, cells, index, words, seen)
                made += 1
                yield number, draft
            self.counts[self.where.sheet or self.path.name] = made

    def _fail(self, column: int | None, header: str, message: str) -> LedgerError:
        return LedgerError(f"{self.where.at(column, header)}: {message}")

    def _draft(self, table: Table, cells: dict[str, str], index: dict[str, int],
               words: dict[str, dict[str, Any]], seen: dict[str, int]) -> Draft:  # fmt: skip
        if table.type_column is not None:
            text = cells[table.type_column]
            event_type = table.types.get(text)
            if event_type is None:
                raise self._fail(index[table.type_column], table.type_column,
                                 f"{text!r} is not one of {', '.join(table.types)}" if text else "empty: which kind of record is this row?")  # fmt: skip
        else:
            assert table.type is not None
            event_type = table.type
        model = CATALOG[event_type]
        envelope: dict[str, Any] = {}
        payload: dict[str, Any] = {}
        source: dict[str, str] = {}  # field -> header it came from
        for header, field in table.columns.items():
            text = cells[header]
            if not text:
                continue
            value: Any = text
            if field in words:
                value = self._translate(words[field], text, index[header], header)
            if field in ENVELOPE_FIELDS:
                envelope[field] = value
            elif field not in model.model_fields:
                raise self._fail(index[header], header, f"{field}: {event_type} has no such field (leave the cell empty on "
                                                         f"{model.label_zh or event_type} rows)")  # fmt: skip
            else:
                payload[field] = value
            source[field] = header
        for field, value in {**table.constants, **table.type_constants.get(event_type, {})}.items():
            if field == "site":
                envelope.setdefault("site", value)
            else:
                payload.setdefault(field, value)
        site = envelope.get("site") or self.site
        if not site:
            raise self._fail(
                None, "", "no site: pass --site SITE, set site in the mapping, or map a column to site"
            )
        if self.sites is not None and site not in self.sites:
            col = index.get(source["site"]) if "site" in source else None
            raise self._fail(
                col, source.get("site", ""), f"unknown site {site!r}: {_site_hint(site, self.sites)}"
            )
        try:
            occurred = (
                parse_day(str(envelope["occurred_at"]), table.year) if "occurred_at" in envelope else None
            )
        except LedgerError as err:
            header = source["occurred_at"]
            raise self._fail(index[header], header, f"occurred_at: {err}") from None
        if occurred is None:
            header = next(h for h, f in table.columns.items() if f == "occurred_at")
            raise self._fail(
                index[header], header, "occurred_at: empty (every row needs the date it happened)"
            )
        try:  # the ledger's bounds (ledger/limits.py) before and after the model: text, numbers, dates
            limits.check_value(payload)
            validated = model.model_validate(payload)
            limits.check_model(validated)
            checked = validated.model_dump(mode="json", exclude={"type"})
        except LedgerError as err:
            field = str(err).split(":", 1)[0]
            header = source.get(field, "")
            raise self._fail(index.get(header) if header else None, header, str(err)) from None
        except ValidationError as err:
            first = err.errors()[0]
            field = str(first["loc"][0]) if first["loc"] else ""
            msg = first["msg"]
            if first["type"] == "missing":
                mapped = next((h for h, f in table.columns.items() if f == field), None)
                msg = (
                    "missing (required): the cell is empty"
                    if mapped
                    else "missing (required): no column maps to it"
                )
                raise self._fail(index[mapped] if mapped else None, mapped or "", f"{field}: {msg}") from None
            header = source.get(field, "")
            where = index.get(header) if header else None
            shown = msg if header else f"{msg} (constant in the mapping)"
            raise self._fail(where, header, f"{field}: {shown}") from None
        if self.roles is not None:
            try:
                self.roles.check(event_type, self.actor, site)
            except LedgerError as err:
                raise self._fail(None, "", str(err)) from None
        fields: dict[str, Any] = {"type": event_type, "site": site, "occurred_at": occurred, "actor": self.actor,
                                  "payload": checked}  # fmt: skip
        if "id" in envelope:
            fields["id"] = str(envelope["id"])
        if "idempotency_key" in envelope:
            fields["idempotency_key"] = f"{event_type}:{envelope['idempotency_key']}"
        elif "id" not in envelope:
            digest = hashlib.sha256(
                canonical_json([event_type, site, occurred, checked]).encode()
            ).hexdigest()[:40]
            seen[digest] = seen.get(digest, 0) + 1
            fields["idempotency_key"] = f"{KEY_PREFIX}{digest}-{seen[digest]}"
        try:
            return make_draft(**fields)
        except LedgerError as err:
            raise self._fail(None, "", str(err)) from None

    def _translate(self, table: dict[str, Any], text: str, column: int, header: str) -> Any:
        if text in table:
            return table[text]
        if text in {str(v).lower() if isinstance(v, bool) else str(v) for v in table.values()}:
            return text  # already the ledger's word (online, true)
        raise self._fail(column, header, f"{limits.quote(text)} is not one of {', '.join(table)}")


def open_register(path: str | Path, mapping_path: str | Path, *, actor: str, site: str | None = None,
                  ledger: Ledger | None = None) -> RegisterReader:  # fmt: skip
    """A register and its mapping as a stream of (row number, Draft) for `Ledger.append_many`.

    Nothing is read until iterated. Given the ledger, every check its store makes on a row is made here first,
    so a mistake is reported with its sheet, row and column rather than a bare line number.
    """
    return RegisterReader(path, load_mapping(mapping_path), actor=actor, site=site, ledger=ledger)
