"""Registers (台账) in: `opsledger import FILE --map MAPPING` for the shipped xlsx and CSV examples.

Expected figures are read straight from the example files with openpyxl's normal (not read-only) load and
the csv module, independently of ledger/registers.py; the mappings are data/mappings/*.toml.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli as conftest_run_cli
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent.parent
FAIRS_XLSX = ROOT / "data" / "examples" / "job-fair-register.xlsx"
FAIRS_MAP = ROOT / "data" / "mappings" / "job-fair-register.toml"
GIG_CSV = ROOT / "data" / "examples" / "gig-market-register.csv"
GIG_MAP = ROOT / "data" / "mappings" / "gig-market-register.toml"
SITE = "px"


# `python -m cli ARGS` in a subprocess, as an operator's shell runs it: .code, .out, .err.
run_cli = partial(conftest_run_cli, timeout=600)


@pytest.fixture
def db(cli: Any, tmp_path: Path) -> Path:
    path = tmp_path / "ledger.db"
    assert cli("--db", path, "init").code == 0
    added = cli("--db", path, "site", "add", SITE, "--name", "萍乡市湘赣边人力资源市场", "--on", "2026-01-01")
    assert added.code == 0, added.err
    return path


def events(cli: Any, db: Path, *types: str) -> list[dict[str, Any]]:
    args = [a for t in types for a in ("--type", t)]
    out = cli("--db", db, "events", "--site", SITE, *args, "--format", "jsonl").out
    return [json.loads(line) for line in out.splitlines()]


def count(cli: Any, db: Path) -> int:
    return len(events(cli, db))


def import_(cli: Any, db: Path, register: Path, mapping: Path, *extra: str) -> Any:
    return cli("--db", db, "import", register, "--map", mapping, "--site", SITE, *extra)


def sheet_rows(sheet: str) -> list[tuple[Any, ...]]:
    """The data rows of an example sheet (below the title and header rows, above 合计), read independently."""
    ws = load_workbook(FAIRS_XLSX)[sheet]
    rows = [r for r in ws.iter_rows(min_row=3, values_only=True) if any(v is not None for v in r)]
    return [r for r in rows if "合计" not in r]


# -- the shipped examples -----------------------------------------------------------------------------------


def test_job_fair_register_imports_every_sheet(cli: Any, db: Path, tmp_path: Path) -> None:
    result = run_cli("--db", db, "import", FAIRS_XLSX, "--map", FAIRS_MAP, "--site", SITE, cwd=tmp_path)
    assert result.code == 0, result.err
    daily, special, live = sheet_rows("日常招聘会"), sheet_rows("专场招聘会"), sheet_rows("直播带岗")
    assert (len(daily), len(special), len(live)) == (22, 6, 13)
    # The 合计 row under the daily fairs is a footer: skipped by rule, and said so.
    assert result.out.splitlines()[:3] == ["read: 日常招聘会 22 (skipped: 合计 1), 专场招聘会 6, 直播带岗 13",
                                           "41 new, 0 corrected, 0 unchanged, 0 missing",
                                           result.out.splitlines()[2]]  # fmt: skip
    assert result.out.splitlines()[2].startswith("imported 41 events; head seq 42 ")
    fairs = events(cli, db, "job_fair_held")
    first = fairs[0]
    # Row 3 of 日常招聘会: 1月 | 2026-01-06 | 第1期日常招聘会 | 39 | 913 | 227 | 线下 | 日常
    assert first["occurred_at"] == "2026-01-06" and first["actor"] == "tester"
    assert first["payload"] == {"title": "第1期日常招聘会", "format": "offline", "kind": "daily", "companies": 39,
                                "jobs": 913, "visitors": 227, "wujiang_companies": None, "doubled": 1}  # fmt: skip
    # 类型 is one merged cell (H3:H24) holding 日常: every daily row reads it (filled down), not only row 3.
    assert [f["payload"]["kind"] for f in fairs[:22]] == ["daily"] * 22
    assert [f["payload"]["companies"] for f in fairs[:22]] == [r[3] for r in daily]
    assert (
        sum(f["payload"]["format"] == "online" for f in fairs[:22]) == sum(r[6] == "线上" for r in daily) == 2
    )
    kinds = {"主题": "themed", "校园": "campus", "赴外": "outbound", "行业": "industry"}
    assert [f["payload"]["kind"] for f in fairs[22:]] == [kinds[r[2]] for r in special]
    assert [f["occurred_at"] for f in fairs[22:]] == [r[0].date().isoformat() for r in special]
    # 平台 is merged in two runs (C3:C8 抖音, C9:C15 视频号): each row takes its run's value.
    streams = events(cli, db, "livestream_run")
    assert [s["payload"]["platform"] for s in streams] == ["douyin"] * 6 + ["wechat_channels"] * 7
    hosts = {"工作人员": "staff", "局长": "director", "科长": "section_chief", "企业HR": "enterprise_hr"}
    assert [s["payload"]["host"] for s in streams] == [hosts[r[3]] for r in live]
    assert [s["payload"]["viewers"] for s in streams] == [r[4] for r in live]


def test_gig_market_register_imports_each_row_as_its_kind(cli: Any, db: Path) -> None:
    result = import_(cli, db, GIG_CSV, GIG_MAP)
    assert result.code == 0, result.err
    with GIG_CSV.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    kinds = Counter(r["业务类型"] for r in rows)
    assert result.out.splitlines()[:2] == [f"read: gig-market-register.csv {len(rows)}",
                                           f"{len(rows)} new, 0 corrected, 0 unchanged, 0 missing"]  # fmt: skip
    assert f"imported {len(rows)} events;" in result.out
    stored = events(cli, db, "gig_worker_registered", "gig_job_posted", "gig_deal_completed")
    by_type = Counter(e["type"] for e in stored)
    assert by_type == {"gig_worker_registered": kinds["求职登记"], "gig_job_posted": kinds["岗位发布"],
                       "gig_deal_completed": kinds["成交"]}  # fmt: skip
    posts = {e["payload"]["employer"]: e["payload"] for e in stored if e["type"] == "gig_job_posted"}
    assert posts["芦溪县家政服务中心"] == {
        "employer": "芦溪县家政服务中心",
        "positions": 4,
        "on_provincial_platform": False,
    }
    assert (
        posts["萍乡经开区电子厂"]["positions"] == 20
        and posts["萍乡经开区电子厂"]["on_provincial_platform"] is True
    )
    deals = [e for e in stored if e["type"] == "gig_deal_completed"]
    assert {d["payload"]["worker"]: d["payload"]["amount_yuan"] for d in deals}["周玉梅"] == "3200"
    assert deals[0]["occurred_at"] == "2026-03-04"


def test_reimport_adds_nothing_and_a_longer_register_adds_only_new_rows(
    cli: Any, db: Path, tmp_path: Path
) -> None:
    assert import_(cli, db, FAIRS_XLSX, FAIRS_MAP).code == 0
    before = count(cli, db)
    again = import_(cli, db, FAIRS_XLSX, FAIRS_MAP)
    assert again.code == 0, again.err
    assert again.out.splitlines()[1] == "0 new, 0 corrected, 41 unchanged, 0 missing"
    assert "imported 0 events;" in again.out
    assert count(cli, db) == before
    # The operator keeps the register going: one more special fair at the bottom, saved under another name.
    longer = tmp_path / "招聘会台账-6月.xlsx"
    wb = load_workbook(FAIRS_XLSX)
    ws = wb["专场招聘会"]
    ws.append([None, "高校毕业生夏季招聘会", "校园", "线下", 66, 1500, 1100, ""])
    ws.cell(row=ws.max_row, column=1).value = "2026/6/16"
    wb.save(longer)
    grown = import_(cli, db, longer, FAIRS_MAP)
    assert grown.code == 0, grown.err
    assert grown.out.splitlines()[1] == "1 new, 0 corrected, 41 unchanged, 0 missing"
    added = events(cli, db, "job_fair_held")[-1]
    assert added["occurred_at"] == "2026-06-16" and added["payload"]["kind"] == "campus"


def test_identical_rows_both_count_and_still_reimport_as_nothing(cli: Any, db: Path, tmp_path: Path) -> None:
    """Two identical lines are two events (the register says two); keys carry the occurrence number."""
    register = tmp_path / "gig.csv"
    line = "2026-03-02,成交,陈秀英,萍乡市安源区物业公司,,,180,\r\n"
    register.write_text("日期,业务类型,零工姓名,用工单位,岗位数,省级平台发布,成交金额（元）,备注\r\n" + line * 2,
                        encoding="utf-8-sig")  # fmt: skip
    assert (
        import_(cli, db, register, GIG_MAP).out.splitlines()[1]
        == "2 new, 0 corrected, 0 unchanged, 0 missing"
    )
    assert (
        import_(cli, db, register, GIG_MAP).out.splitlines()[1]
        == "0 new, 0 corrected, 2 unchanged, 0 missing"
    )
    keys = [e["idempotency_key"] for e in events(cli, db, "gig_deal_completed")]
    assert keys[0].startswith("reg-") and keys[0].endswith("-1") and keys[1] == keys[0][:-1] + "2"


# -- mistakes: nothing is imported, and the message says exactly where ------------------------------------


def broken_copy(tmp_path: Path, sheet: str, cell: str, value: Any) -> Path:
    path = tmp_path / "job-fair-register.xlsx"
    shutil.copy(FAIRS_XLSX, path)
    wb = load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "message"),
    [
        (
            "日常招聘会",
            "D17",
            "四十家",
            "job-fair-register.xlsx sheet 日常招聘会 row 17 column D (参会企业数): companies: Input should be a valid "
            "integer, unable to parse string as an integer",
        ),
        (
            "日常招聘会",
            "G12",
            "现场",
            "job-fair-register.xlsx sheet 日常招聘会 row 12 column G (形式): '现场' is not one of 线上, 线下",
        ),
        (
            "日常招聘会",
            "B9",
            "2026-02-30",
            "job-fair-register.xlsx sheet 日常招聘会 row 9 column B (日期): occurred_at: not a date: '2026-02-30' "
            "(write 2026-03-05, 2026/3/5, 2026年3月5日 or a date cell)",
        ),
        (
            "日常招聘会",
            "F20",
            None,
            "job-fair-register.xlsx sheet 日常招聘会 row 20 column F (入场人数): visitors: missing (required): the cell is empty",
        ),
        (
            "专场招聘会",
            "E5",
            -3,
            "job-fair-register.xlsx sheet 专场招聘会 row 5 column E (参会企业数): companies: Input should be greater than "
            "or equal to 0",
        ),
        (
            "直播带岗",
            "D11",
            "实习生",
            "job-fair-register.xlsx sheet 直播带岗 row 11 column D (主播): '实习生' is not one of 工作人员, 局长, 主任, 科长, 企业HR",
        ),
    ],
    ids=[
        "D17-not-an-integer",
        "G12-untranslated",
        "B9-not-a-date",
        "F20-empty",
        "sheet2-negative",
        "sheet3-host",
    ],
)
def test_bad_cell_imports_nothing_and_names_sheet_row_column_field(
    cli: Any, db: Path, tmp_path: Path, sheet: str, cell: str, value: Any, message: str
) -> None:
    before = count(cli, db)
    result = import_(cli, db, broken_copy(tmp_path, sheet, cell, value), FAIRS_MAP)
    assert result.code == 1
    assert result.err == f"error: {message}\n"
    assert (
        count(cli, db) == before
    )  # all or nothing: the good rows before it (and the earlier sheets) are not kept


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "2026-03-05,求职登记,李桂兰,湘东区建材市场,,,,",
            "gig.csv row 3 column D (用工单位): employer: gig_worker_registered has no such field (leave the cell empty on "
            "零工登记 rows)",
        ),
        (
            "2026-03-05,退款,李桂兰,,,,,",
            "gig.csv row 3 column B (业务类型): '退款' is not one of 求职登记, 零工登记, 岗位发布, 成交, 交易完成",
        ),
        (
            "2026-03-05,岗位发布,,湘东区建材市场,5,也许,,",
            "gig.csv row 3 column F (省级平台发布): '也许' is not one of 是, 否",
        ),
        (
            "2026-03-05,成交,王德明,,,,240,",
            "gig.csv row 3 column D (用工单位): employer: missing (required): the cell is empty",
        ),
    ],
    ids=["field-the-type-lacks", "unknown-kind", "untranslated-bool", "missing-employer"],
)
def test_bad_csv_row_names_row_and_column(
    cli: Any, db: Path, tmp_path: Path, line: str, message: str
) -> None:
    register = tmp_path / "gig.csv"
    register.write_text("日期,业务类型,零工姓名,用工单位,岗位数,省级平台发布,成交金额（元）,备注\r\n"
                        "2026-03-02,求职登记,刘建国,,,,,\r\n" + line + "\r\n", encoding="utf-8-sig")  # fmt: skip
    result = import_(cli, db, register, GIG_MAP)
    assert result.code == 1
    assert result.err == f"error: {message}\n"
    assert count(cli, db) == 1


def test_unknown_site(cli: Any, db: Path, tmp_path: Path) -> None:
    result = cli("--db", db, "import", GIG_CSV, "--map", GIG_MAP, "--site", "pxx")
    assert result.code == 1
    assert result.err == "error: unknown site 'pxx': did you mean 'px'?\n"
    # A site column: the row and column that name it.
    register = tmp_path / "two-sites.csv"
    register.write_text("日期,站点,业务类型,零工姓名,用工单位,岗位数,省级平台发布,成交金额（元）\r\n"
                        "2026-03-02,px,求职登记,刘建国,,,,\r\n2026-03-03,萍乡,求职登记,陈秀英,,,,\r\n", encoding="utf-8-sig")  # fmt: skip
    mapping = tmp_path / "sites.toml"
    mapping.write_text(GIG_MAP.read_text(encoding="utf-8").replace('"日期" = "occurred_at"', '"日期" = "occurred_at"\n"站点" = "site"'),
                       encoding="utf-8")  # fmt: skip
    result = cli("--db", db, "import", register, "--map", mapping)
    assert result.err == ("error: two-sites.csv row 3 column B (站点): unknown site '萍乡': register it with "
                          "`opsledger site add` (`opsledger sites` lists them)\n")  # fmt: skip
    assert count(cli, db) == 1


def test_gbk_csv_says_which_encoding_to_set(cli: Any, db: Path, tmp_path: Path) -> None:
    """Excel's "CSV (逗号分隔)" on Chinese Windows writes GBK: the error says what to set; with it, it imports."""
    register = tmp_path / "gig-gbk.csv"
    register.write_bytes(GIG_CSV.read_text(encoding="utf-8-sig").encode("gbk"))
    result = import_(cli, db, register, GIG_MAP)
    assert result.code == 1
    assert 'set encoding = "gb18030" in the mapping' in result.err and result.err.count("\n") == 1
    mapping = tmp_path / "gbk.toml"
    mapping.write_text(GIG_MAP.read_text(encoding="utf-8").replace('encoding = "utf-8-sig"', 'encoding = "gb18030"'),
                       encoding="utf-8")  # fmt: skip
    again = import_(cli, db, register, mapping)
    assert again.code == 0, again.err
    assert "imported 28 events;" in again.out


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            ('"参会企业数" = "companies"', '"参会企业数" = "companys"'),
            "job.toml: table 日常招聘会: column '参会企业数' maps to 'companys', which job_fair_held has no field of "
            "(did you mean 'companies'?)",
        ),
        (
            ('type = "livestream_run"', 'type = "livestream"'),
            "job.toml: table 直播带岗: unknown event type 'livestream' (did you mean 'livestream_run'?)",
        ),
        (
            ('"日期" = "occurred_at"\n"直播主题"', '"日期" = "title"\n"直播主题"'),
            "job.toml: table 直播带岗: columns '日期' and '直播主题' both map to 'title'",
        ),
        (
            (
                'header_row = 2\nidentity = ["日期", "直播主题"]',
                'header_rows = 2\nidentity = ["日期", "直播主题"]',
            ),
            "job.toml: tables.2.header_rows: unknown key",
        ),
    ],
    ids=["field-typo", "type-typo", "two-columns-one-field", "unknown-key"],
)
def test_mapping_mistakes_name_the_file_and_table(
    cli: Any, db: Path, tmp_path: Path, edit: tuple[str, str], message: str
) -> None:
    text = FAIRS_MAP.read_text(encoding="utf-8")
    assert edit[0] in text
    mapping = tmp_path / "job.toml"
    mapping.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    result = import_(cli, db, FAIRS_XLSX, mapping)
    assert result.code == 1
    assert result.err == f"error: {message}\n"


def test_missing_header_is_named_with_the_closest_one(cli: Any, db: Path, tmp_path: Path) -> None:
    path = broken_copy(tmp_path, "日常招聘会", "F2", "入场人次")
    result = import_(cli, db, path, FAIRS_MAP)
    assert result.err == ("error: job-fair-register.xlsx sheet 日常招聘会 row 2: no column headed '入场人数' "
                          "(did you mean '入场人次'?)\n")  # fmt: skip
    assert count(cli, db) == 1


def test_options_that_do_not_go_together(cli: Any, db: Path) -> None:
    result = cli("--db", db, "import", GIG_CSV, "--site", SITE)
    assert result.err == "error: --site goes with --map (an event file names each event's site and id)\n"
    result = cli("--db", db, "import", GIG_CSV, "--map", GIG_MAP, "--format", "csv")
    assert result.err.startswith("error: --format is for event files; with --map")


# -- the pieces ------------------------------------------------------------------------------------------------


def test_merged_ranges_streamed_match_a_full_load() -> None:
    """The iterparse pass finds exactly the ranges openpyxl's normal (whole-sheet) load reports."""
    from ledger.registers import merged_ranges

    wb = load_workbook(FAIRS_XLSX)
    for ws in wb:
        full = sorted(tuple(r.bounds) for r in ws.merged_cells.ranges)
        assert sorted(merged_ranges(FAIRS_XLSX, ws.title)) == full
    assert (8, 3, 8, 24) in merged_ranges(FAIRS_XLSX, "日常招聘会")  # 类型: H3:H24


def test_fill_down_copies_the_top_left_value() -> None:
    from ledger.registers import FillDown

    fill = FillDown([(1, 2, 1, 4), (2, 5, 3, 5)])  # A2:A4 and B5:C5
    rows = {n: fill(n, row) for n, row in enumerate([["h", "x"], ["1月", "a"], [None, "b"], [None, "c"],
                                                     ["2月", "合计", None], ["2月", "d"]], start=1)}  # fmt: skip
    assert [rows[n][0] for n in range(1, 7)] == ["h", "1月", "1月", "1月", "2月", "2月"]
    assert rows[5] == ["2月", "合计", "合计"]
    assert rows[6] == ["2月", "d"]


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("2026-03-05", None, "2026-03-05"),
        ("2026/3/5", None, "2026-03-05"),
        ("2026.3.5", None, "2026-03-05"),
        ("2026年3月5日", None, "2026-03-05"),
        ("2026-03-05 14:30", None, "2026-03-05T14:30:00+08:00"),
        ("3月5日", 2026, "2026-03-05"),
        ("3/5", 2026, "2026-03-05"),
    ],
)
def test_dates_as_registers_write_them(text: str, year: int | None, expected: str) -> None:
    from ledger.registers import parse_day

    assert parse_day(text, year) == expected


def test_a_date_without_a_year_needs_one() -> None:
    from ledger.errors import LedgerError
    from ledger.registers import parse_day

    with pytest.raises(LedgerError, match="has no year: set year = 2026 on this table"):
        parse_day("3月5日", None)


def test_cells_as_text() -> None:
    from datetime import datetime

    from ledger.registers import cell_text, column_letter, header_text

    assert cell_text(40.0) == "40"
    assert (
        cell_text(0.1 + 0.2) == "0.3"
    )  # Excel's float noise, cut at 15 significant digits as Excel shows it
    assert cell_text(datetime(2026, 3, 5)) == "2026-03-05"
    assert cell_text(True) == "true" and cell_text(None) == ""
    assert header_text(" 参会\n企业数 ") == "参会企业数"
    assert [column_letter(i) for i in (0, 3, 25, 26, 27)] == ["A", "D", "Z", "AA", "AB"]


# -- the README's example files --------------------------------------------------------------------------------


def test_the_readme_register_and_event_file_import_as_the_readme_says(tmp_path: Path) -> None:
    """data/examples/招聘会台账.xlsx and register.jsonl, with the README's site (px-market); counts read here
    with openpyxl's normal load and json, independently of the importer."""
    from conftest import cli_ok

    examples = ROOT / "data" / "examples"
    db = tmp_path / "park.db"
    cli_ok(db, "init")
    cli_ok(
        db, "site", "add", "px-market", "--name", "萍乡市湘赣边人力资源市场", "--kind", "employment_market"
    )
    cli_ok(db, "contract", "add", "px-market", "--scheme", "pingxiang-market", "--start", "2026-01-01", "--fee", "3000000")  # fmt: skip
    lines = (examples / "register.jsonl").read_text(encoding="utf-8").splitlines()
    assert all("id" not in json.loads(line) for line in lines)
    assert cli_ok(db, "import", examples / "register.jsonl").startswith(
        f"imported {len(lines)} events (0 duplicates"
    )
    assert cli_ok(db, "import", examples / "register.jsonl").startswith(
        f"imported 0 events ({len(lines)} duplicates"
    )
    wb = load_workbook(examples / "招聘会台账.xlsx")
    daily = [r for r in wb["日常招聘会"].iter_rows(min_row=3, values_only=True) if r[2]]
    special = [r for r in wb["专场招聘会"].iter_rows(min_row=3, values_only=True) if r[1]]
    live = [r for r in wb["Sheet1"].iter_rows(min_row=2, values_only=True) if r[1]]
    out = cli_ok(
        db, "import", examples / "招聘会台账.xlsx", "--map", FAIRS_MAP, "--site", "px-market"
    ).splitlines()
    assert out[0] == (f"read: 日常招聘会 {len(daily)} (skipped: 合计 1, 填表人 1), 专场招聘会 {len(special)}, "
                      f"Sheet1 (as 直播带岗) {len(live)} (skipped: 审核人 1)")  # fmt: skip
    assert out[1] == f"{len(daily) + len(special) + len(live)} new, 0 corrected, 0 unchanged, 0 missing"
    fairs = {e["payload"]["title"]: e for e in
             (json.loads(x) for x in cli_ok(db, "events", "--type", "job_fair_held", "--format", "jsonl").splitlines())}  # fmt: skip
    # The cells typed the awkward ways (make_examples.py): a day number, a date in words, ４０, 1,200, 210人.
    assert daily[1][1] == 46212 and fairs["第28期日常招聘会"]["occurred_at"] == "2026-07-09"
    assert daily[2][1] == "2026年7月16日" and fairs["第29期日常招聘会"]["occurred_at"] == "2026-07-16"
    assert daily[3][3] == "４０" and fairs["第30期日常招聘会"]["payload"]["companies"] == 40
    assert daily[4][4] == "1,200" and fairs["第31期日常招聘会"]["payload"]["jobs"] == 1200
    assert daily[5][5] == "210人" and fairs["第32期日常招聘会"]["payload"]["visitors"] == 210
    again = cli_ok(
        db, "import", examples / "招聘会台账.xlsx", "--map", FAIRS_MAP, "--site", "px-market", "--dry-run"
    )
    assert again.splitlines()[1:] == [f"0 new, 0 corrected, {out[1].split()[0]} unchanged, 0 missing",
                                      "dry run: nothing written"]  # fmt: skip
