"""Cells as operators type them (ledger/registers/cells.py): dates, figures and footer rows, one case per shape.

Expected dates are worked out by hand: Excel counts days from 1899-12-30 (day 1 is 1900-01-01, and Excel keeps
Lotus 1-2-3's phantom 1900-02-29), so 46086 = 1899-12-30 + 46086 days = 2026-03-05; 45658 = 2025-01-01.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ledger.errors import LedgerError
from ledger.registers.cells import clean_number, excel_serial, footer_word, header_text, parse_day


def test_excel_epoch_matches_the_hand_count() -> None:
    # 2026-03-05 is 46086 days after 1899-12-30: 2 days to 1900-01-01, 126 years of 365 days to 2026-01-01 with
    # 31 leap days (1904..2024; 1900 is not one), and 63 days of 2026 before 5 March (31 + 28 + 4).
    assert 2 + 126 * 365 + 31 + 63 == 46086
    assert date(1899, 12, 30) + timedelta(days=46086) == date(2026, 3, 5)


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("46086", None, "2026-03-05"),  # an Excel date number whose cell lost its date format
        ("45658", None, "2025-01-01"),
        ("46086.5", None, "2026-03-05T12:00:00+08:00"),  # half a day: noon
        ("46086.0", None, "2026-03-05"),
        ("36526", None, "2000-01-01"),  # the first day within the ledger's bounds (ledger/limits.py)
        ("20260305", None, "2026-03-05"),  # yyyymmdd as some registers write it
        ("２０２６年３月５日", None, "2026-03-05"),  # full-width digits from a Chinese input method
        ("２０２６－０３－０５", None, "2026-03-05"),
        ("2026 年 3 月 5 日", None, "2026-03-05"),
        ("3月5日", 2026, "2026-03-05"),
    ],
)
def test_dates_operators_type(text: str, year: int | None, expected: str) -> None:
    assert parse_day(text, year) == expected


@pytest.mark.parametrize("text", ["2026", "4608", "123456", "20261305", "46086.5.1", "3/5/2026x"])
def test_what_is_not_a_date_is_refused_not_guessed(text: str) -> None:
    """Four digits are a year, never a day number; six digits are neither; a 13th month is not a date."""
    with pytest.raises(LedgerError, match="not a date"):
        parse_day(text, None)


def test_serial_reading_is_only_for_five_digits() -> None:
    assert excel_serial("9999") is None and excel_serial("100000") is None and excel_serial("46O86") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("４０", "40"),
        ("1,200", "1200"),
        ("1，200", "1200"),  # a full-width comma
        ("12,345,678", "12345678"),
        ("1,200.5", "1200.5"),
        ("210人", "210"),
        ("36家", "36"),
        ("1800人次", "1800"),
        ("3场", "3"),
        ("12 个", "12"),
        ("1.2万", "12000"),  # 万 multiplies, never dropped
        ("1.2万人次", "12000"),
        ("3万元", "30000"),
        ("￥3,200元", "3200"),
        ("０.５万", "5000"),
    ],
)
def test_figures_operators_type(text: str, expected: str) -> None:
    assert clean_number(text) == expected


@pytest.mark.parametrize("text", ["12,00", "1,2345", "四十", "40左右", "约40", "40-50"])
def test_what_is_not_a_figure_is_left_for_validation_to_refuse(text: str) -> None:
    """Misplaced separators and words are not read as some number: the payload's validation refuses them."""
    assert not clean_number(text).isdigit()


@pytest.mark.parametrize(
    ("cells", "word"),
    [
        (
            ["填表人：张三", "填表人：张三", "填表人：张三"],
            "填表人",
        ),  # a merged footer row reads its text everywhere
        (["", "审核人:李四", "", "日期"], "审核人"),
        (["填表人 张三", "", "审核人 李四"], "填表人"),
        (["合计", "合计", "", "812"], "合计"),
        (["", "小 计", "40"], "小计"),
        (["总计：", "", "812"], "总计"),
        (["填表日期：2026年6月30日"], "填表日期"),
        (["说明：本表按月汇总"], "说明"),
        (["注：线上招聘会不计入"], "注"),
    ],
)
def test_footer_rows(cells: list[str], word: str) -> None:
    assert footer_word(cells) == word


@pytest.mark.parametrize(
    "cells",
    [
        ["2026-03-05", "注册会计师专场招聘会", "36"],  # 注 starts a word here, not a note
        ["2026-03-05", "说明会", "36"],
        ["1月", "2026-01-06", "第1期日常招聘会", "39"],
        ["2026-03-05", "合计发放岗位", "36"],  # a title containing 合计, not a total line
        ["", "", ""],
    ],
)
def test_records_are_not_footers(cells: list[str]) -> None:
    assert footer_word(cells) is None


def test_a_mapping_can_add_footer_words() -> None:
    assert footer_word(["制表单位：萍乡市人力资源市场"], ("制表单位",)) == "制表单位"
    assert footer_word(["制表单位：萍乡市人力资源市场"]) is None


def test_headers_compare_without_spaces_and_full_width_forms() -> None:
    assert header_text(" 参会\n企业数（家） ") == header_text("参会企业数(家)") == "参会企业数(家)"
