"""Reading a register's sheets: rows streamed with merged cells filled down, and each mapping table matched
to its sheet (by name, else by the headers it holds).

Reading streams: xlsx through openpyxl's read-only mode (one row at a time), CSV through the csv module.
Read-only mode does not expose merged cells, so before streaming a sheet we scan that sheet's XML once
with iterparse and keep only its <mergeCell ref="A3:A9"/> ranges: memory grows with the number of merged
ranges, not with the sheet (a normal openpyxl load would hold every cell, hundreds of bytes each). The cost
is a second decompress-and-parse pass over the sheet XML. While streaming, a merged range's top-left value
is copied into every cell of the range (a merged 月份 or 类型 column fills down; a merged footer row reads its
text in every cell).
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree import ElementTree

from ledger.errors import LedgerError
from ledger.messages import msg, os_reason
from ledger.registers.cells import header_text
from ledger.registers.mapping import Table

HEADER_SEARCH = 20  # rows searched for a table's headers when its header_row does not hold them

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


def open_book(path: Path) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise LedgerError(msg("sheet.not_xlsx", name=path.name, error=str(err))) from None


def xlsx_rows(book: Any, path: Path, name: str) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) of one sheet, merged ranges filled."""
    sheet = book[name]
    sheet.reset_dimensions()  # trust the rows themselves, not a possibly stale <dimension> tag
    fill = FillDown(merged_ranges(path, name))
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield number, fill(number, list(values))


def csv_rows(path: Path, encoding: str) -> Iterator[tuple[int, list[Any]]]:
    try:
        handle = open(path, encoding=encoding, newline="")
    except OSError as err:
        raise LedgerError(msg("sheet.cannot_read", path=repr(str(path)), reason=os_reason(err))) from None
    except LookupError:
        raise LedgerError(msg("sheet.bad_encoding", encoding=repr(encoding))) from None
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
                    msg("sheet.bad_text", name=path.name, row=number + 1, encoding=encoding)
                ) from None
            except csv.Error as err:
                raise LedgerError(
                    msg("sheet.bad_csv", name=path.name, row=number + 1, error=str(err))
                ) from None
            number += 1
            yield number, list(row)


# -- finding the header row and the sheet ----------------------------------------------------------------


def header_index(row: list[Any]) -> dict[str, int]:
    """Header text -> column index (the first column when a header repeats)."""
    found: dict[str, int] = {}
    for index, value in enumerate(row):
        text = header_text(value)
        if text and text not in found:
            found[text] = index
    return found


def holds_headers(row: list[Any], table: Table) -> bool:
    found = header_index(row)
    return all(header_text(h) in found for h in table.headers())


def header_row(rows: list[tuple[int, list[Any]]], table: Table) -> int | None:
    """The row holding every header the table reads: its `header_row` if it does, else the first that does."""
    by_number = dict(rows)
    if table.header_row in by_number and holds_headers(by_number[table.header_row], table):
        return table.header_row
    return next((n for n, row in rows if holds_headers(row, table)), None)


def _head(book: Any, path: Path, name: str) -> list[tuple[int, list[Any]]]:
    rows = []
    for number, row in xlsx_rows(book, path, name):
        rows.append((number, row))
        if number >= HEADER_SEARCH:
            break
    return rows


def match_sheets(book: Any, path: Path, tables: list[Table]) -> list[str | None]:
    """The workbook sheet each table reads (None: not in this register).

    By name first (a table without `sheet` takes the first sheet); a table whose sheet is not there takes the
    one other sheet whose first rows hold all its headers, so a register saved as Sheet1 still reads. Two
    tables claiming one sheet by its headers, or one table finding its headers on two sheets, is refused:
    which one it is cannot be told from the file.
    """
    names = list(book.sheetnames)
    chosen: list[str | None] = []
    for table in tables:
        if table.sheet is None:
            chosen.append(names[0] if names else None)
        else:
            chosen.append(table.sheet if table.sheet in names else None)
    claimed = {c for c in chosen if c is not None}
    heads: dict[str, list[tuple[int, list[Any]]]] = {}
    candidates: dict[int, list[str]] = {}
    for i, table in enumerate(tables):
        if chosen[i] is not None:
            continue
        found = []
        for name in names:
            if name in claimed:
                continue
            if name not in heads:
                heads[name] = _head(book, path, name)
            if header_row(heads[name], table) is not None:
                found.append(name)
        candidates[i] = found
    for i, found in candidates.items():
        table = tables[i]
        if len(found) > 1:
            raise LedgerError(msg("sheet.ambiguous", name=path.name, table=repr(table.name),
                                  found=", ".join(found)))  # fmt: skip
        if found:
            rivals = [tables[j].name for j, other in candidates.items() if j != i and found[0] in other]
            if rivals:
                raise LedgerError(msg("sheet.two_tables", name=path.name, sheet=repr(found[0]),
                                      table=repr(table.name), rival=repr(rivals[0])))  # fmt: skip
            chosen[i] = found[0]
    return chosen
