"""A register's rows as events: each record row becomes a `Row` holding the Draft it describes.

Every mistake names the file, the sheet, the row, the column letter and its header, and the field:
`招聘会台账.xlsx sheet 日常招聘会 row 17 column D (参会企业数): companies: Input should be a valid integer,
unable to parse string as an integer`. Payloads are validated here (so the column is known); the store
validates again when it appends. Rows that are not records are skipped by rule and counted: blank rows,
footers (填表人/审核人/合计..., see cells.footer_word) and the mapping's own `skip` texts.

A row's identity, for re-imports (see reconcile.py): with a table `identity`, the canonical text of those
cells (a mapped cell by its validated value, so 2026/3/5 and a date cell are the same day); without one, an
idempotency key derived from the event it makes (type, site, date and canonical payload, hashed) plus its
occurrence number among identical rows of the same file, so identical rows both count and renaming the
file or the sheet changes nothing. A column mapped to idempotency_key (a register's own 编号) is used
instead, prefixed with the event type so two registers numbering their rows 1, 2, 3 do not collide.

Formulas are read as the values Excel or WPS last calculated and saved (a workbook written by a script that
never calculated them reads as empty cells).
"""

from __future__ import annotations

import difflib
import hashlib
import itertools
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from ledger import limits
from ledger.aliases import field_name as field_words
from ledger.envelope import canonical_json
from ledger.errors import LedgerError
from ledger.events import CATALOG
from ledger.importer import make_draft
from ledger.labels import choices
from ledger.messages import listing, msg, text
from ledger.messages.pydantic import pydantic_message
from ledger.registers.cells import (
    cell_text,
    clean_number,
    column_letter,
    fold,
    footer_word,
    header_text,
    parse_day,
)
from ledger.registers.mapping import ENVELOPE_FIELDS, RegisterMapping, Table, load_mapping
from ledger.registers.sheets import (
    HEADER_SEARCH,
    csv_rows,
    header_index,
    header_row,
    match_sheets,
    open_book,
    xlsx_rows,
)

if TYPE_CHECKING:
    from ledger.envelope import Draft
    from ledger.ledger import Ledger

KEY_PREFIX = "reg-"


@dataclass(frozen=True)
class Row:
    """One record row of a register and the event it describes."""

    where: str  # 'file.xlsx sheet S row 17', for messages
    number: int
    table: Table
    draft: Draft
    identity: str | None  # canonical text of the identity cells; None when the table declares no identity


@dataclass
class SheetReport:
    """What was read from one mapping table: the sheet it matched, record rows, rows skipped and why."""

    table: str
    sheet: str | None  # None: not in this register
    scope: str = ""  # the table's scope (Table.scope)
    records: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # footer/total word or 'blank' -> rows

    def describe(self) -> str:
        if self.sheet is None:
            return str(msg("reg.table_absent", table=self.table))
        name = (
            self.sheet
            if self.sheet == self.table
            else msg("reg.sheet_as", sheet=self.sheet, table=self.table)
        )
        skipped = {k: v for k, v in self.skipped.items() if k != "blank"}
        extra = msg("reg.skipped", skipped=listing(f"{k} {v}" for k, v in skipped.items())) if skipped else ""
        return str(msg("reg.table_line", name=name, records=self.records, extra=extra))


class Where:
    """The position being read, for messages: 'file.xlsx sheet S row 17' (+ ' column D (header)')."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.sheet: str | None = None
        self.row = 0

    def __str__(self) -> str:
        if self.sheet:
            return text(msg("reg.where.sheet", file=self.file, sheet=self.sheet, row=self.row))
        return text(msg("reg.where", file=self.file, row=self.row))

    def at(self, column: int | None, header: str = "") -> str:
        if column is None:
            return str(self)
        return text(msg("reg.where.column", where=str(self), column=column_letter(column), header=header))


@cache
def numeric_fields(event_type: str) -> frozenset[str]:
    """Payload fields holding numbers (int or Decimal, optional or not): their cells are cleaned as figures."""
    model: type[BaseModel] = CATALOG[event_type]
    out = set()
    for name, info in model.model_fields.items():
        kinds = typing.get_args(info.annotation) or (info.annotation,)
        kinds = tuple(typing.get_args(k)[0] if typing.get_origin(k) is typing.Annotated else k for k in kinds)
        if any(k in (int, Decimal) for k in kinds):
            out.add(name)
    return frozenset(out)


def _site_hint(site: str, known: set[str]) -> Any:
    close = difflib.get_close_matches(site, sorted(known), n=1)
    return msg("site.did_you_mean", close=close[0]) if close else msg("reg.site_hint")


class RegisterReader:
    """Iterates the record rows (`Row`) of every table of a register; `reports` says what each table read."""

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
            raise LedgerError(msg("site.unknown", site=self.site, hint=_site_hint(self.site, self.sites)))
        self.where = Where(self.path.name)
        self.reports: list[SheetReport] = []
        if not self.path.exists():
            raise LedgerError(msg("file.missing", path=str(self.path)))
        if self.path.suffix.lower() == ".csv" and len(mapping.tables) != 1:
            raise LedgerError(msg("reg.csv_one_table", name=self.path.name, n=len(mapping.tables)))

    def __iter__(self) -> Iterator[Row]:
        suffix = self.path.suffix.lower()
        self.reports = []
        seen: dict[str, int] = {}  # derived key -> rows with that content so far (identical rows both count)
        if suffix == ".csv":
            table = self.mapping.tables[0]
            self.where.sheet = None
            yield from self._table(table, self.path.name, csv_rows(self.path, self.mapping.encoding), seen)
            return
        if suffix not in (".xlsx", ".xlsm"):
            raise LedgerError(msg("reg.not_xlsx", name=self.path.name))
        book = open_book(self.path)  # one read-only workbook for every table, closed when the stream ends
        try:
            sheets = match_sheets(book, self.path, self.mapping.tables)
            if all(s is None for s in sheets):
                wanted = ", ".join(t.name for t in self.mapping.tables)
                raise LedgerError(msg("reg.no_sheets", name=self.path.name, wanted=wanted,
                                      sheets=", ".join(book.sheetnames)))  # fmt: skip
            for table, name in zip(self.mapping.tables, sheets, strict=True):
                if name is None:
                    if table.required:
                        raise LedgerError(msg("reg.no_sheet", name=self.path.name, sheet=repr(table.name),
                                              sheets=", ".join(book.sheetnames)))  # fmt: skip
                    self.reports.append(SheetReport(table.name, None, table.scope))
                    continue
                self.where.sheet = name
                yield from self._table(table, name, xlsx_rows(book, self.path, name), seen)
        finally:
            book.close()

    def _table(self, table: Table, name: str, rows: Iterator[tuple[int, list[Any]]],
               seen: dict[str, int]) -> Iterator[Row]:  # fmt: skip
        report = SheetReport(table.name if table.sheet else name, name, table.scope)  # a CSV: its own name
        self.reports.append(report)
        words = self.mapping.translations(table)
        head: list[tuple[int, list[Any]]] = []  # the first rows, where the header row is looked for
        for number, row in rows:
            self.where.row = number
            head.append((number, row))
            if number >= max(table.header_row, HEADER_SEARCH):
                break
        found = header_row(head, table)
        if found is None:
            self._missing_headers(head, table)
            return
        self.where.row = found
        index = self._columns(dict(head)[found], table)
        for number, row in itertools.chain((r for r in head if r[0] > found), rows):
            self.where.row = number
            yield from self._record(table, number, row, index, words, seen, report)

    def _missing_headers(self, head: list[tuple[int, list[Any]]], table: Table) -> None:
        """No row holds every header: name the first missing one, in the row most like a header row."""
        if not head:
            where = (
                msg("reg.file_sheet", file=self.where.file, sheet=self.where.sheet)
                if self.where.sheet
                else self.where.file
            )
            raise LedgerError(msg("reg.empty", where=where))
        wanted = {header_text(h) for h in table.headers()}
        number, row = max(
            head, key=lambda r: (len(wanted & set(header_index(r[1]))), r[0] == table.header_row)
        )
        self.where.row = number
        self._columns(row, table)  # raises, naming the first header it lacks
        raise AssertionError("unreachable: a row holding every header would have been found")

    def _columns(self, header: list[Any], table: Table) -> dict[str, int]:
        """Mapped header -> column index; a mapped header missing from the row is an error naming it."""
        found = header_index(header)
        out = {}
        for name in table.headers():
            key = header_text(name)
            if key not in found:
                close = difflib.get_close_matches(key, list(found), n=1)
                hint = (
                    msg("reg.header_close", close=repr(close[0])) if close
                    else msg("reg.headers", headers=", ".join(found) or "-")
                )  # fmt: skip
                raise LedgerError(msg("reg.no_column", where=str(self.where), name=repr(name), hint=hint))
            out[name] = found[key]
        return out

    def _record(self, table: Table, number: int, row: list[Any], index: dict[str, int],
                words: dict[str, dict[str, Any]], seen: dict[str, int], report: SheetReport) -> Iterator[Row]:  # fmt: skip
        texts = [cell_text(v) for v in row]
        cells = {h: texts[i] if i < len(texts) else "" for h, i in index.items()}
        skip = next((cells[h] for h, words_ in table.skip.items() if cells[h] in words_), None)
        if skip is None:
            skip = footer_word(texts, tuple(table.footer))
        if skip is None and not any(cells[h] for h in table.columns):
            if not (table.type_column and cells[table.type_column]):
                skip = "blank"
        if skip is not None:
            report.skipped[skip] = report.skipped.get(skip, 0) + 1
            return
        draft, identity = self._draft(table, cells, index, words, seen)
        report.records += 1
        yield Row(str(self.where), number, table, draft, identity)

    def _fail(self, column: int | None, header: str, message: Any) -> LedgerError:
        return LedgerError(msg("reg.at", where=self.where.at(column, header), error=message))

    def _draft(self, table: Table, cells: dict[str, str], index: dict[str, int],
               words: dict[str, dict[str, Any]], seen: dict[str, int]) -> tuple[Draft, str | None]:  # fmt: skip
        if table.type_column is not None:
            text = cells[table.type_column]
            event_type = table.types.get(text) or table.types.get(fold(text))
            if event_type is None:
                raise self._fail(index[table.type_column], table.type_column,
                                 msg("reg.not_one_of", text=limits.quote(text), words=", ".join(table.types)) if text
                                 else msg("reg.type_empty"))  # fmt: skip
        else:
            assert table.type is not None
            event_type = table.type
        model = CATALOG[event_type]
        numeric = numeric_fields(event_type)
        envelope: dict[str, Any] = {}
        payload: dict[str, Any] = {}
        source: dict[str, str] = {}  # field -> header it came from
        for header, field_name in table.columns.items():
            text = cells[header]
            if not text:
                continue
            value: Any = text
            if field_name in words:
                value = self._translate(words[field_name], text, index[header], header)
            if field_name in numeric and isinstance(value, str):
                value = clean_number(value)
            if field_name in ENVELOPE_FIELDS:
                envelope[field_name] = value
            elif field_name not in model.model_fields:
                raise self._fail(index[header], header, msg("reg.no_field", field=field_name, type=event_type,
                                                            label=model.label_zh or event_type))  # fmt: skip
            else:
                payload[field_name] = value
            source[field_name] = header
        for name, value in {**table.constants, **table.type_constants.get(event_type, {})}.items():
            if name == "site":
                envelope.setdefault("site", value)
            else:
                payload.setdefault(name, value)
        site = envelope.get("site") or self.site
        if not site:
            raise self._fail(None, "", msg("reg.no_site"))
        if self.sites is not None and site not in self.sites:
            col = index.get(source["site"]) if "site" in source else None
            raise self._fail(
                col, source.get("site", ""), msg("site.unknown", site=site, hint=_site_hint(site, self.sites))
            )
        occurred = self._occurred(table, envelope, source, index)
        checked = self._validate(model, payload, table, source, index)
        if self.roles is not None:
            try:
                self.roles.check(event_type, self.actor, site)
            except LedgerError as err:
                raise self._fail(None, "", err) from None
        fields: dict[str, Any] = {"type": event_type, "site": site, "occurred_at": occurred, "actor": self.actor,
                                  "payload": checked}  # fmt: skip
        identity = None
        if table.identity:
            identity = self._identity(table, cells, index, occurred, checked)
        elif "id" in envelope:
            fields["id"] = str(envelope["id"])
        if "idempotency_key" in envelope:
            fields["idempotency_key"] = f"{event_type}:{envelope['idempotency_key']}"
        elif "id" not in envelope and identity is None:
            digest = hashlib.sha256(
                canonical_json([event_type, site, occurred, checked]).encode()
            ).hexdigest()[:40]
            seen[digest] = seen.get(digest, 0) + 1
            fields["idempotency_key"] = f"{KEY_PREFIX}{digest}-{seen[digest]}"
        try:
            return make_draft(**fields), identity
        except LedgerError as err:
            raise self._fail(None, "", err) from None

    def _occurred(self, table: Table, envelope: dict[str, Any], source: dict[str, str],
                  index: dict[str, int]) -> str:  # fmt: skip
        header = next(h for h, f in table.columns.items() if f == "occurred_at")
        if "occurred_at" not in envelope:
            raise self._fail(index[header], header, msg("reg.date_empty"))
        try:
            return parse_day(str(envelope["occurred_at"]), table.year)
        except LedgerError as err:
            raise self._fail(index[header], header, msg("at.field", field="occurred_at", error=err)) from None

    def _validate(self, model: type[BaseModel], payload: dict[str, Any], table: Table, source: dict[str, str],
                  index: dict[str, int]) -> dict[str, Any]:  # fmt: skip
        try:  # the ledger's bounds (ledger/limits.py) before and after the model: text, numbers, dates
            limits.check_value(payload)
            validated = model.model_validate(payload)
            limits.check_model(validated)
            return validated.model_dump(mode="json", exclude={"type"})
        except LedgerError as err:
            name = text(err, "en").split(":", 1)[0]  # the bounds name the field first (ledger/limits.py)
            header = source.get(name, "")
            raise self._fail(index.get(header) if header else None, header, err) from None
        except ValidationError as err:
            first = err.errors()[0]
            name = str(first["loc"][0]) if first["loc"] else ""
            event_type = str(model.model_fields["type"].default)
            said = field_words(event_type, name) if name in model.model_fields else name
            if first["type"] == "missing":
                mapped = next((h for h, f in table.columns.items() if f == name), None)
                why = msg("reg.missing_cell") if mapped else msg("reg.missing_column")
                raise self._fail(index[mapped] if mapped else None, mapped or "",
                                 msg("at.field", field=said, error=why)) from None  # fmt: skip
            header = source.get(name, "")
            where = index.get(header) if header else None
            closed = choices(event_type, name) if name in model.model_fields and name != "type" else None
            problem: Any = pydantic_message(first, closed)
            shown = problem if header else msg("reg.constant", error=problem)
            raise self._fail(where, header, msg("at.field", field=said, error=shown)) from None

    def _identity(self, table: Table, cells: dict[str, str], index: dict[str, int], occurred: str,
                  payload: dict[str, Any]) -> str:  # fmt: skip
        parts: list[Any] = []
        for header in table.identity:
            target = table.columns.get(header)
            if target == "occurred_at":
                parts.append(occurred)
            elif target is not None:
                parts.append(payload.get(target))
            else:
                parts.append(" ".join(fold(cells[header]).split()))
            if parts[-1] in (None, ""):
                raise self._fail(index[header], header, msg("reg.identity_empty", header=header,
                                                            identity=" + ".join(table.identity)))  # fmt: skip
        return canonical_json(parts)

    def _translate(self, table: dict[str, Any], text: str, column: int, header: str) -> Any:
        for candidate in (text, fold(text)):
            if candidate in table:
                return table[candidate]
        if text in {str(v).lower() if isinstance(v, bool) else str(v) for v in table.values()}:
            return text  # already the ledger's word (online, true)
        raise self._fail(
            column, header, msg("reg.not_one_of", text=limits.quote(text), words=", ".join(table))
        )


def event_identity(table: Table, occurred_at: str, payload: dict[str, Any]) -> str | None:
    """A stored event's identity under a table, when every identity column maps to a field (None otherwise):
    how events imported before the mapping declared an identity are recognised. Same canonical form as rows."""
    parts: list[Any] = []
    for header in table.identity:
        target = table.columns.get(header)
        if target == "occurred_at":
            parts.append(occurred_at)
        elif target is not None:
            parts.append(payload.get(target))
        else:
            return None
    return canonical_json(parts) if parts else None


def open_register(path: str | Path, mapping_path: str | Path, *, actor: str, site: str | None = None,
                  ledger: Ledger | None = None) -> RegisterReader:  # fmt: skip
    """A register and its mapping as a stream of `Row`s (nothing is read until iterated).

    Given the ledger, every check its store makes on a row is made here first, so a mistake is reported with
    its sheet, row and column rather than a bare line number.
    """
    return RegisterReader(path, load_mapping(mapping_path), actor=actor, site=site, ledger=ledger)
