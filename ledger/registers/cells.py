"""Cells as operators type them, turned into what the catalog expects. Pure functions, no I/O.

Registers (台账) are typed by hand in Excel or WPS, so the same figure arrives in many shapes: `40`, `４０`
(full-width, from a Chinese input method), `1,200`, `210人`, `1.2万`; the same date as a date cell,
`2026/3/5`, `2026年3月5日`, `20260305` or `46086` (the day number Excel stores, shown when the cell's format
is lost). Each reading below is one the register's reader would otherwise refuse; none guesses between two
plausible meanings (`3/5` needs the table's `year`; `2026` alone is never a serial date).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from ledger import limits
from ledger.envelope import normalise_occurred
from ledger.errors import LedgerError
from ledger.messages import msg


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
    """Headers compare without whitespace or line breaks, full-width forms folded: '参会\\n企业数（家）' is
    '参会企业数(家)'."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell_text(value)))


def fold(text: str) -> str:
    """Full-width digits, letters, brackets and spaces as their ASCII forms (NFKC), outer spaces dropped."""
    return unicodedata.normalize("NFKC", text).strip()


# -- dates -----------------------------------------------------------------------------------------------

_FULL_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?$"
)
_SHORT_DATE = re.compile(r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")  # 20260305
# Excel's day numbers: 1 is 1900-01-01 and, because Excel keeps Lotus 1-2-3's phantom 1900-02-29, day 0
# is 1899-12-30 for every date after February 1900. Five digits cover 1975-01-01 (27395) to 2173 (99999):
# a register's dates, and never a four-digit year.
_SERIAL = re.compile(r"^(\d{5})(?:\.(\d+))?$")
EXCEL_EPOCH = date(1899, 12, 30)


def excel_serial(text: str) -> date | datetime | None:
    """46086 -> 2026-03-05; 46086.5 -> 2026-03-05 12:00; anything else -> None."""
    match = _SERIAL.match(text)
    if not match:
        return None
    day = EXCEL_EPOCH + timedelta(days=int(match.group(1)))
    if not match.group(2) or not int(match.group(2)):
        return day
    seconds = round(float("0." + match.group(2)) * 86400)
    return datetime.combine(day, time(0)) + timedelta(seconds=seconds)


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2})?)?$")


def parse_day(text: str, year: int | None) -> str:
    """2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日 (optionally with HH:MM), 20260305, Excel's 46086;
    3月5日 or 3/5 with the table's `year`. Full-width digits are read as digits."""
    text = fold(text)
    short = _SHORT_DATE.match(text)
    if short and year is None:
        raise LedgerError(msg("reg.no_year", text=limits.quote(text)))
    match = _FULL_DATE.match(text) or _COMPACT_DATE.match(text)
    serial = excel_serial(text)
    try:
        if match:
            y, m, d, *clock = match.groups()
            day = date(int(y), int(m), int(d))
            if not clock or clock[0] is None:
                return day.isoformat()
            hh, mm, ss = clock
            return normalise_occurred(datetime.combine(day, time(int(hh), int(mm), int(ss or 0))).isoformat())
        if serial is not None:  # as text: a naive time is Asia/Shanghai's, like every date typed here
            return normalise_occurred(serial.isoformat())
        if short and year is not None:
            return date(year, int(short.group(1)), int(short.group(2))).isoformat()
        if _ISO.match(text):
            return normalise_occurred(text)
    except (ValueError, OverflowError, LedgerError):
        pass
    raise LedgerError(msg("reg.not_date", text=limits.quote(text)))


# -- numbers ---------------------------------------------------------------------------------------------

# Units written after a figure in registers. Any of them is accepted on any numeric field: a register's
# column header already says what it counts, and 人 in a 参会企业数 column is a slip of the pen, not a
# different quantity. 万 (ten thousand) is a multiplier, never dropped: 1.2万人次 is 12000.
UNITS = ("人次", "万元", "元", "人", "名", "家", "个", "场", "次", "条", "岗", "份", "户", "项", "万")
_UNIT = re.compile(r"^(.*?)\s*(" + "|".join(UNITS) + r")$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def clean_number(text: str) -> str:
    """A figure as the catalog reads it: '４０' -> '40', '1,200' -> '1200', '210人' -> '210',
    '1.2万' -> '12000', '￥3,200元' -> '3200'. Text that is not such a figure is returned folded but otherwise
    unchanged, for the payload's validation to refuse with its own message."""
    folded = re.sub(r"\s+", "", fold(text)).lstrip("¥")  # NFKC turns ￥ into ¥
    number, multiplier = folded, 1
    for _ in range(2):  # 1.2万人次: the unit, then the 万 before it
        unit = _UNIT.match(number)
        if unit and unit.group(1):
            number = unit.group(1)
            if unit.group(2).startswith("万"):
                multiplier *= 10000
    if _THOUSANDS.match(number):
        number = number.replace(",", "")
    if not _PLAIN.match(number):
        return folded
    if multiplier == 1:
        return number
    try:
        value = Decimal(number) * multiplier
    except InvalidOperation:
        return folded
    return format(value.normalize(), "f")


# -- rows that are not records -----------------------------------------------------------------------------

# Footer and total lines operators put under a register. A row is a footer when its first non-empty cell
# starts with one of the signature words followed by a colon, a space or nothing (填表人：张三, 审核人 李四),
# or when any cell is exactly a total word (合计, 小 计, 总计：). A merged footer row (填表人…审核人… across
# the whole width) reads its text in every cell, so it is caught by its first cell.
SIGNATURES = ("填表人", "制表人", "填报人", "审核人", "审批人", "复核人", "负责人", "单位负责人", "统计人",
              "经办人", "联系人", "联系电话", "填表日期", "制表日期", "填报日期", "审核日期", "填报单位",
              "单位盖章", "盖章", "说明", "备注", "注")  # fmt: skip
TOTALS = ("合计", "小计", "总计", "共计")
_SIGNATURE = re.compile(r"^(" + "|".join(sorted(SIGNATURES, key=len, reverse=True)) + r")(\s|[:：]|$)")
_TOTAL = re.compile(r"^(" + "|".join(TOTALS) + r")[:：]?$")


def footer_word(cells: list[str], extra: tuple[str, ...] = ()) -> str | None:
    """The signature or total word that makes this row a footer, or None for a record (or a blank row)."""
    texts = [fold(c) for c in cells]
    first = next((t for t in texts if t), "")
    match = _SIGNATURE.match(first)
    if match:
        return match.group(1)
    for text in texts:
        squeezed = re.sub(r"\s+", "", text)
        total = _TOTAL.match(squeezed)
        if total:
            return total.group(1)
        if squeezed and squeezed in extra:
            return squeezed
    for word in extra:
        if first.startswith(word):
            return word
    return None
