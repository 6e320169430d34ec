"""Registers as operators really keep them, imported through the real CLI in a subprocess.

Each workbook is built here with openpyxl in tmp_path and read with the shipped mapping
(data/mappings/job-fair-register.toml). Every expected payload is written out by hand from the cells.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import cli_ok, run_cli
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
FAIRS_MAP = ROOT / "data" / "mappings" / "job-fair-register.toml"
GIG_MAP = ROOT / "data" / "mappings" / "gig-market-register.toml"
SITE = "px"
FAIR_HEAD = ["日期", "名称", "形式", "类型", "参会企业数", "提供岗位数", "入场人数"]
LIVE_HEAD = ["日期", "直播主题", "平台", "主播", "观看人次", "发布岗位数", "触达企业数"]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.db"
    cli_ok(path, "init")
    cli_ok(path, "site", "add", SITE, "--name", "萍乡市湘赣边人力资源市场", "--on", "2026-01-01")
    cli_ok(
        path,
        "contract",
        "add",
        SITE,
        "--scheme",
        "pingxiang-market",
        "--start",
        "2026-01-01",
        "--fee",
        "3000000",
    )
    return path


def stored(db: Path, event_type: str) -> list[dict[str, Any]]:
    out = cli_ok(db, "events", "--site", SITE, "--type", event_type, "--format", "jsonl")
    return [json.loads(line) for line in out.splitlines()]


def import_(db: Path, register: Path, mapping: Path = FAIRS_MAP, *extra: str) -> Any:
    return run_cli("--db", db, "import", register, "--map", mapping, "--site", SITE, *extra, cwd=db.parent)


def messy_workbook(path: Path) -> None:
    """日常招聘会 without its title row (headers in row 1, the mapping says 2), cells typed every way, a 合计
    line, a 填表人/审核人 footer merged across the width and a 填表日期 line; the livestreams on a sheet left as
    Sheet1; no 专场招聘会 sheet at all."""
    wb = Workbook()
    ws = wb.active
    ws.title = "日常招聘会"
    ws.append(FAIR_HEAD)
    ws.append([46086, "第10期日常招聘会", "线下", "日常", "４０", "1,200", "210人"])  # row 2: a day number
    ws.append(["2026年3月12日", "第11期日常招聘会", "线下", "日常", "36家", "950个", "1,250人"])  # row 3
    ws.append([datetime(2026, 3, 19), "第12期日常招聘会", "线上", "日常", 38, 1010.0, "２１５"])  # row 4
    ws.append(["合计", None, None, None, "=SUM(E2:E4)", "=SUM(F2:F4)", "=SUM(G2:G4)"])  # row 5
    ws.append(["填表人：张三      审核人：李四"])  # row 6, merged A6:G6
    ws.merge_cells("A6:G6")
    ws.append(["填表日期：2026年3月31日"])  # row 7
    live = wb.create_sheet("Sheet1")
    live.append(LIVE_HEAD)
    live.append(["20260302", "直播带岗第1场", "抖音", "工作人员", "1.2万", "１２０", "15家"])
    live.append(["2026/3/4", "直播带岗第2场", "视频号", "局长", "8,600人次", "95", "9"])
    live.append(["审核人：李四"])
    wb.save(path)


def test_a_messy_register_imports_every_record_and_skips_its_footers(db: Path, tmp_path: Path) -> None:
    register = tmp_path / "台账.xlsx"
    messy_workbook(register)
    result = import_(db, register)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == ("read: 日常招聘会 3 (skipped: 合计 1, 填表人 1, 填表日期 1), 专场招聘会: not in this register, "
                        "Sheet1 (as 直播带岗) 2 (skipped: 审核人 1)")  # fmt: skip
    assert lines[1] == "5 new, 0 corrected, 0 unchanged, 0 missing"
    fairs = [(f["occurred_at"], f["payload"]) for f in stored(db, "job_fair_held")]
    base = {"kind": "daily", "wujiang_companies": None, "doubled": 1}
    assert fairs == [
        ("2026-03-05", {**base, "title": "第10期日常招聘会", "format": "offline", "companies": 40, "jobs": 1200, "visitors": 210}),
        ("2026-03-12", {**base, "title": "第11期日常招聘会", "format": "offline", "companies": 36, "jobs": 950, "visitors": 1250}),
        ("2026-03-19", {**base, "title": "第12期日常招聘会", "format": "online", "companies": 38, "jobs": 1010, "visitors": 215}),
    ]  # fmt: skip
    streams = [(s["occurred_at"], s["payload"]) for s in stored(db, "livestream_run")]
    assert streams == [
        ("2026-03-02", {"title": "直播带岗第1场", "platform": "douyin", "host": "staff", "viewers": 12000,
                        "jobs_posted": 120, "companies_reached": 15, "peak_met": True}),
        ("2026-03-04", {"title": "直播带岗第2场", "platform": "wechat_channels", "host": "director", "viewers": 8600,
                        "jobs_posted": 95, "companies_reached": 9, "peak_met": True}),
    ]  # fmt: skip
    again = import_(db, register)
    assert again.out.splitlines()[1] == "0 new, 0 corrected, 5 unchanged, 0 missing"


def test_a_sheet_whose_headers_fit_two_tables_is_refused_by_name(db: Path, tmp_path: Path) -> None:
    """日常招聘会 and 专场招聘会 have the same headers: a lone Sheet1 with them could be either."""
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.active.append(FAIR_HEAD)
    wb.active.append(["2026-03-05", "第10期日常招聘会", "线下", "日常", 40, 1200, 210])
    register = tmp_path / "one-sheet.xlsx"
    wb.save(register)
    result = import_(db, register)
    assert result.code == 1
    assert result.err == ("error: one-sheet.xlsx: sheet 'Sheet1' has the headers of both '日常招聘会' and '专场招聘会': "
                          "rename it to the one it is\n")  # fmt: skip
    assert stored(db, "job_fair_held") == []


def test_a_register_with_none_of_the_sheets_is_refused(db: Path, tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.title = "统计"
    wb.active.append(["月份", "人数"])
    register = tmp_path / "other.xlsx"
    wb.save(register)
    result = import_(db, register)
    assert result.code == 1
    assert result.err == ("error: other.xlsx: none of the mapping's sheets (日常招聘会, 专场招聘会, 直播带岗) is in this "
                          "register, by name or by headers (sheets: 统计)\n")  # fmt: skip


def test_a_required_sheet_must_be_there(db: Path, tmp_path: Path) -> None:
    register = tmp_path / "台账.xlsx"
    messy_workbook(register)
    mapping = tmp_path / "strict.toml"
    text = FAIRS_MAP.read_text(encoding="utf-8")
    mapping.write_text(
        text.replace('sheet = "专场招聘会"\n', 'sheet = "专场招聘会"\nrequired = true\n'), encoding="utf-8"
    )
    result = import_(db, register, mapping)
    assert result.code == 1
    assert result.err == ("error: 台账.xlsx: no sheet named '专场招聘会' (sheets: 日常招聘会, Sheet1), and the mapping says "
                          "it is required\n")  # fmt: skip


@pytest.mark.parametrize(
    ("cell", "value", "message"),
    [
        (
            "E3",
            "四十家",
            "sheet 日常招聘会 row 3 column E (参会企业数): companies: Input should be a valid integer",
        ),
        (
            "F2",
            "12,00",
            "sheet 日常招聘会 row 2 column F (提供岗位数): jobs: Input should be a valid integer",
        ),
        ("A3", "2026", "sheet 日常招聘会 row 3 column A (日期): occurred_at: not a date: '2026'"),
        ("A2", "46086.5.1", "sheet 日常招聘会 row 2 column A (日期): occurred_at: not a date"),
    ],
)
def test_cells_that_are_still_not_figures_or_dates_name_the_cell(
    db: Path, tmp_path: Path, cell: str, value: str, message: str
) -> None:
    from openpyxl import load_workbook

    register = tmp_path / "台账.xlsx"
    messy_workbook(register)
    wb = load_workbook(register)
    wb["日常招聘会"][cell] = value
    wb.save(register)
    result = import_(db, register)
    assert result.code == 1 and result.err.startswith(f"error: 台账.xlsx {message}"), result.err
    assert result.err.count("\n") == 1
    assert stored(db, "job_fair_held") == [] and stored(db, "livestream_run") == []


def test_a_csv_register_reads_the_same_shapes(db: Path, tmp_path: Path) -> None:
    register = tmp_path / "gig.csv"
    register.write_text(
        "日期,业务类型,零工姓名,用工单位,岗位数,省级平台发布,成交金额（元）,备注\r\n"
        "46086,岗位发布,,萍乡经开区电子厂,２０个,是,,\r\n"
        '2026年3月6日,成交,赵海燕,萍乡经开区电子厂,,,"￥1,500元",\r\n'
        "填表人：王五,,,,,,,\r\n",
        encoding="utf-8-sig",
    )
    result = import_(db, register, GIG_MAP)
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == "read: gig.csv 2 (skipped: 填表人 1)"
    [post] = stored(db, "gig_job_posted")
    assert (post["occurred_at"], post["payload"]) == (
        "2026-03-05", {"employer": "萍乡经开区电子厂", "positions": 20, "on_provincial_platform": True},
    )  # fmt: skip
    [deal] = stored(db, "gig_deal_completed")
    assert (deal["occurred_at"], deal["payload"]["amount_yuan"]) == ("2026-03-06", "1500")
