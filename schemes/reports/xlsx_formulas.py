"""The 评分表 workbook's arithmetic as formulas, with the values cached in the file.

小计 and 总分 are formulas over the 评分 cells, so an assessor who corrects a 评分 cell in Excel, WPS or
LibreOffice gets a right subtotal and total, and a block's cap, the data-fraud deduction and the scheme's
total cap and floor stay in force. Each formula's cached value (what a viewer that does not calculate
shows, and what a program reading the file sees) is the engine's own figure. openpyxl writes formulas
without cached values, so `with_cached_values` writes them into the saved sheets' XML.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from decimal import Decimal

from projections.numbers import plain
from schemes.reports.table import Table


def ranges(column: str, rows: Sequence[int]) -> str:
    """'G5:G9,G12' for rows [5, 6, 7, 8, 9, 12]: contiguous runs as ranges, so the formula reads naturally."""
    out: list[str] = []
    ordered = sorted(rows)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        out.append(f"{column}{ordered[i]}" if i == j else f"{column}{ordered[i]}:{column}{ordered[j]}")
        i = j + 1
    return ",".join(out)


def formulas(table: Table, first_row: int, column: str, kinds: Mapping[str, str],
             caps: Mapping[str, Decimal | None]) -> dict[int, tuple[str, str]]:  # fmt: skip
    """Worksheet row -> (formula, what it does) for each 小计 and the 总分 row of `table` laid out from
    `first_row`. What it does is said in words that stay true when a 评分 cell is edited (a figure written
    beside a formula would not).

    `kinds` and `caps` give each block's kind and cap: base and bonus blocks give at most their cap
    (MIN), a penalty block takes at most its cap (MAX with minus the cap), as schemes/engine.py does.
    """
    out: dict[int, tuple[str, str]] = {}
    subtotals: list[int] = []
    for n, row in enumerate(table.rows):
        r = first_row + n
        if row.role == "subtotal":
            items = [
                first_row + k for k, x in enumerate(table.rows) if x.kind == "item" and x.block == row.block
            ]
            f = f"SUM({ranges(column, items)})" if items else "0"
            said = "本板块各项评分之和"
            cap = caps.get(row.block)
            if cap is not None and kinds.get(row.block) == "penalty":
                f, said = f"MAX({f},{plain(-cap)})", f"{said}，最多扣 {plain(cap)} 分"
            elif cap is not None:
                f, said = f"MIN({f},{plain(cap)})", f"{said}，最多 {plain(cap)} 分"
            out[r] = (f, said)
            subtotals.append(r)
        elif row.role == "total":
            f = f"SUM({ranges(column, subtotals)})" if subtotals else "0"
            said = "各板块小计之和"
            if table.fraud:
                f, said = f"{f}-{plain(table.fraud)}", f"{said}，减数据造假扣分 {plain(table.fraud)}"
            if table.max_total is not None:
                f, said = f"MIN({f},{plain(table.max_total)})", f"{said}，最高 {plain(table.max_total)} 分"
            if table.floor_total is not None:
                f, said = (
                    f"MAX({f},{plain(table.floor_total)})",
                    f"{said}，最低 {plain(table.floor_total)} 分",
                )
            out[r] = (f, said)
    return out


def with_cached_values(data: bytes, cached: Sequence[Mapping[str, Decimal]]) -> bytes:
    """The saved workbook with `cached[i]` (cell reference -> value) written into sheet i+1's formula cells."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            found = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
            if found and int(found.group(1)) <= len(cached) and cached[int(found.group(1)) - 1]:
                values = cached[int(found.group(1)) - 1]

                def fill(m: re.Match[str], values: Mapping[str, Decimal] = values) -> str:
                    value = values.get(m.group(2))
                    return m.group(0) if value is None else f"{m.group(1)}<v>{plain(value)}</v>"

                text = re.sub(r'(<c r="([A-Z]+\d+)"[^>]*><f>[^<]*</f>)<v\s*/>', fill, body.decode("utf-8"))
                body = text.encode("utf-8")
            target.writestr(info, body)
    return buffer.getvalue()
