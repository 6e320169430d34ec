"""Scorecards out as spreadsheets: `score --format xlsx|csv`, and `events --format csv --out`.

The workbook is read back with openpyxl and checked cell by cell: the title row, the Chinese headings, an
item's 评分, the merged 类别 (and 考核内容) cells, the block section rows and the totals. Points are worked
out by hand from the Shaxian 评分表 (seed 003_239ac606f421815b.txt) for a small ledger built here.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from conftest import keyring_for, signed_drafts
from conftest import run_cli as conftest_run_cli
from openpyxl import load_workbook

SX = "sx"
CF = "cf"
OP = "op-chen"


# `python -m cli ARGS` in a subprocess, as an operator's shell runs it: .code, .out, .err.
run_cli = partial(conftest_run_cli, timeout=600)


def _drafts(site: str, records: list[tuple[str, str, dict[str, Any]]]) -> list[Any]:
    from ledger.envelope import Draft

    return [Draft(type=t, site=site, occurred_at=on, actor=OP, payload=p) for t, on, p in records]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Shaxian gig market (2026) and a Chifeng park (Q1 2026) with a few events, built with the library."""
    from ledger.ledger import Ledger

    path = tmp_path_factory.mktemp("export") / "export.db"
    ledger = Ledger(path, create=True)
    setup = _drafts(SX, [
        ("site_registered", "2026-01-01", {"name": "沙县区零工市场", "kind": "gig_market"}),
        ("contract_signed", "2026-01-01", {"scheme": "shaxian-gig", "start": "2026-01-01", "fee_yuan": "1000000"}),
    ]) + _drafts(CF, [
        ("site_registered", "2026-01-01", {"name": "赤峰人力资源服务产业园", "kind": "park"}),
        ("contract_signed", "2026-01-01", {"scheme": "chifeng-park", "start": "2026-01-01", "fee_yuan": "2000000"}),
    ])  # fmt: skip
    work = []
    for name in ("张伟", "李娜", "王芳"):
        work.append(("staff_joined", "2026-01-05", {"name": name, "role": "operations"}))
    for month in range(1, 11):  # a livestream in each of January..October, none in November or December
        work.append(("livestream_run", f"2026-{month:02d}-15", {"title": "直播带岗", "viewers": 300}))
    for day in ("2026-03-02", "2026-05-11", "2026-09-21"):
        work.append(("activity_held", day, {"kind": "short_term_staffing", "title": "协调短期用工"}))
    ledger.append_many(enumerate(signed_drafts(setup + _drafts(SX, work)), start=1), keys=keyring_for())
    ledger.close()
    return path


def sx_points() -> dict[str, Decimal]:
    """The small Shaxian ledger's 2026 points, by hand from the 评分表:"""
    return {
        # 配置3人以上专职工作人员 (5分): 3 full-time staff, 3人以上 includes 3 -> 5.
        "site.staff": Decimal(5),
        # 场地内无打架斗殴… 全年0案件得5分 -> 5.  严禁变相收取职业介绍费用 (3分): none -> 3.
        "site.incidents": Decimal(5),
        "site.no_fees": Decimal(3),
        # 信息及时性和真实性: 全年无虚假信息得5分 -> 5.  纠纷处理: 全年15件以下纠纷得5分 (0) -> 5.
        "info.truthfulness": Decimal(5),
        "disputes": Decimal(5),
        # 直播: "每月开展各类直播活动1场以上，全年总计需达到12场。每少一场扣1分": 10 held, 2 months empty -> 12-2 = 10.
        "livestream": Decimal(10),
        # 加分: "每协助企业解决短期用工一次加0.5分，最高不超过2分": 3 -> 1.5.
        "bonus.short_term": Decimal("1.5"),
    }


def score_xlsx(db: Path, tmp_path: Path, *args: str) -> Any:
    out = tmp_path / "card.xlsx"
    result = run_cli("--db", db, "score", *args, "--format", "xlsx", "--out", out, cwd=tmp_path)
    assert result.code == 0, result.err
    assert result.out.strip() == f"wrote scorecard {args[1]} {args[3]} to {out}"
    return load_workbook(out, data_only=True)  # formulas read as their cached values


def rows_by_title(ws: Any) -> dict[str, int]:
    """具体指标 (column C) -> worksheet row, for item rows."""
    return {
        ws.cell(row=r, column=3).value: r for r in range(4, ws.max_row + 1) if ws.cell(row=r, column=3).value
    }


def merged(ws: Any) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def merged_across_pages(ws: Any, column: int, first: int, last: int) -> str:
    """The one text of rows first..last in `column`, merged except where a page breaks (the sheet's manual
    row breaks): each page's part is a merge of its rows or a single cell, and says the text again."""
    breaks = {b.id + 1 for b in ws.row_breaks.brk}  # rows that begin a page
    edges = [first, *sorted(b for b in breaks if first < b <= last), last + 1]
    parts = [(a, b - 1) for a, b in zip(edges, edges[1:], strict=False)]
    found = {str(m) for m in ws.merged_cells.ranges if m.min_col == m.max_col == column}
    letter = "ABCDEFGHI"[column - 1]
    assert all(a == b or f"{letter}{a}:{letter}{b}" in found for a, b in parts), (parts, found)
    texts = {ws.cell(row=a, column=column).value for a, _ in parts}
    assert len(texts) == 1, texts
    return str(texts.pop())


def test_xlsx_shaxian_cells_merges_and_totals(db: Path, tmp_path: Path) -> None:
    wb = score_xlsx(db, tmp_path, "--site", SX, "--period", "2026")
    ws = wb["评分表"]
    assert ws["A1"].value == "沙县区零工市场运营绩效考核评分表"
    assert ws["A2"].value == "站点 sx（沙县区零工市场） · 考核期 2026 · 方案 shaxian-gig"
    assert [c.value for c in ws[3]] == [
        "类别",
        "考核内容",
        "具体指标",
        "佐证材料",
        "评分标准",
        "基准分",
        "评分",
        "说明",
        "依据事件",
    ]
    assert {"A1:I1", "A2:I2"} <= merged(ws)
    # The first block's section row, then its first item (信息网络建设 has two rows, merged in 类别).
    assert ws["A4"].value == "运营服务（上限 100 分）" and "A4:I4" in merged(ws)
    rows = rows_by_title(ws)
    r = rows["信息系统主要功能"]
    assert r == 5 and ws.cell(row=r, column=1).value == "信息网络建设"
    assert f"A{r}:A{r + 1}" in merged(ws)
    # 场地运营管理 spans its nine rows (制度上墙 … 严禁变相收取职业介绍费用) in one merged 类别 cell, cut only
    # where a page breaks (each page's part says 场地运营管理 again).
    first, last = rows["制度上墙、公布投诉电话"], rows["严禁变相收取职业介绍费用"]
    assert last - first == 8 and merged_across_pages(ws, 1, first, last) == "场地运营管理"
    assert ws.cell(row=first + 1, column=1).value is None  # covered by the merge
    # Items: 基准分, 评分, the explanation and the events behind them.
    live = rows["日常直播开展情况"]
    assert ws.cell(row=live, column=4).value == "1. 直播记录\n2. 直播截图"
    assert ws.cell(row=live, column=5).value.startswith("考核日常直播开展情况，每月开展各类直播活动1场以上")
    assert ws.cell(row=live, column=6).value == 12
    assert ws.cell(row=live, column=7).value == 10
    assert ws.cell(row=live, column=8).value.startswith("全年直播少于12场：扣 2 分")
    seqs = ws.cell(row=live, column=9).value
    runs, count = seqs.removesuffix(" 个）").split("（共 ")
    assert count == "10" and runs.count("-") == 1 and "," not in runs  # ten consecutive imports: one run
    a, b = (int(x) for x in runs.split("-"))
    assert b - a == 9
    assert ws.cell(row=rows["协调企业解决短期用工"], column=7).value == 1.5
    for title, item_id in (("配置3人以上专职工作人员", "site.staff"), ("纠纷处理", "disputes")):
        assert Decimal(str(ws.cell(row=rows[title], column=7).value)) == sx_points()[item_id]
    # 加分项目 is its own section; its three rows share the merged 类别 加分项目.
    bonus = rows["协助发布企业招工信息"]
    assert ws.cell(row=bonus - 1, column=1).value == "加分项目（上限 5 分）"
    assert merged_across_pages(ws, 1, bonus, bonus + 2) == "加分项目"
    # Totals at the bottom: 33 base (5+5+3+5+5+10) + 1.5 bonus = 34.5, 较差 (below 70), both consequences.
    labels = {ws.cell(row=r, column=1).value: r for r in range(bonus + 3, ws.max_row + 1)}
    assert ws.cell(row=labels["运营服务 小计"], column=7).value == 33
    assert ws.cell(row=labels["加分项目 小计"], column=7).value == 1.5
    total = labels["总分"]
    assert (ws.cell(row=total, column=6).value, ws.cell(row=total, column=7).value) == (100, 34.5)
    assert f"A{total}:E{total}" in merged(ws)
    assert ws.cell(row=labels["等次"], column=7).value == "较差"
    consequences = labels["后果"]
    assert f"A{consequences}:E{consequences + 1}" in merged(ws)  # two consequence rows share one label
    assert "终止服务协议" in ws.cell(row=consequences, column=8).value
    assert "金额" in labels  # the contract's money lines


def test_xlsx_chifeng_merges_content_within_category(db: Path, tmp_path: Path) -> None:
    """Q1: 园区规划服务(5) has three rows with one 考核内容 -> merged in both A and B."""
    wb = score_xlsx(db, tmp_path, "--site", CF, "--period", "2026-Q1")
    ws = wb.active
    rows = rows_by_title(ws)
    first, last = rows["产业园运营年度计划"], rows["人力资源产业相关的调研报告"]
    assert last - first == 2
    assert f"A{first}:A{last}" in merged(ws) and f"B{first}:B{last}" in merged(ws)
    assert ws.cell(row=first, column=2).value.startswith("配合制定产业园年度计划")
    # 园区活动服务情况(8) then 园区宣传活动服务情况(4): same 考核内容 text, different 类别 -> not merged across.
    media, film = (
        rows["国家级、省级媒体宣传推广3次（国家级1次，省级2次）"],
        rows["产业园形象宣传片1个（1920*1080，不低于5分钟）"],
    )
    assert film == media + 1
    assert not any(m.startswith(f"B{media}:B{film}") or m == f"B{media - 1}:B{film}" for m in merged(ws))
    # No events in Q1: 入驻机构不足20家 -> 1 point (the lowest band).
    assert ws.cell(row=rows["入驻机构数量"], column=7).value == 1


def test_csv_scorecard_has_bom_and_round_trips(cli: Any, db: Path, tmp_path: Path) -> None:
    result = cli("--db", db, "score", "--site", SX, "--period", "2026", "--format", "csv")
    assert result.code == 0, result.err
    out = tmp_path / "card.csv"
    assert (
        cli("--db", db, "score", "--site", SX, "--period", "2026", "--format", "csv", "--out", out).code == 0
    )
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel and WPS read it as UTF-8
    text = raw.decode("utf-8-sig")
    assert text == result.out  # --out writes what stdout shows
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "类别",
        "考核内容",
        "具体指标",
        "佐证材料",
        "评分标准",
        "基准分",
        "评分",
        "说明",
        "依据事件",
        "板块",
        "编号",
    ]
    by_id = {r[-1]: r for r in rows[1:]}
    assert len(by_id) == 21  # one row per item of the Shaxian table (18 + 3 bonus)
    for item_id, pts in sx_points().items():
        assert Decimal(by_id[item_id][6]) == pts, item_id
    assert by_id["livestream"][:3] == ["直播情况", "", "日常直播开展情况"]
    assert by_id["bonus.short_term"][9] == "加分项目"
    # Round trip: what the library wrote is what csv reads back, multi-line cells included.
    from ledger.ledger import Ledger
    from schemes import service
    from schemes.model import get_scheme
    from schemes.reports import csvfile as export

    ledger = Ledger(db)
    card = service.score_site(ledger, SX, "2026")
    ledger.close()
    assert rows == export.scorecard_rows(card, get_scheme("shaxian-gig"))
    assert "\n" in by_id["livestream"][7]  # explanation: Chinese line, then English line


def test_events_csv_out_has_bom_and_reimports(cli: Any, db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    result = cli("--db", db, "events", "--site", SX, "--format", "csv", "--out", out)
    assert result.code == 0, result.err
    raw = out.read_bytes()
    assert raw.startswith("\ufeffseq,id,type".encode())
    assert raw.decode("utf-8-sig") == cli("--db", db, "events", "--site", SX, "--format", "csv").out
    assert "沙县区零工市场" in raw.decode("utf-8-sig")
    # The exported file re-imports into a fresh ledger as the same events.
    fresh = tmp_path / "fresh.db"
    assert cli("--db", fresh, "init").code == 0
    imported = cli("--db", fresh, "import", out)
    assert imported.code == 0, imported.err
    n = len(raw.decode("utf-8-sig").splitlines()) - 1
    assert imported.out.startswith(f"imported {n} events (0 duplicates skipped)")
    again = cli("--db", fresh, "events", "--site", SX, "--format", "jsonl").out.splitlines()
    original = cli("--db", db, "events", "--site", SX, "--format", "jsonl").out.splitlines()
    strip = lambda line: {k: v for k, v in json.loads(line).items() if k in ("id", "type", "payload")}  # noqa: E731
    assert [strip(x) for x in again] == [strip(x) for x in original]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("score", "--site", SX, "--period", "2026", "--format", "xlsx"),
            "error: --format xlsx needs --out FILE",
        ),
        (
            ("score", "--site", SX, "--period", "2026", "--out", "x.txt"),
            "error: --out is for --format xlsx, pdf or csv",
        ),
        (("events", "--out", "x.txt"), "error: --out is for --format jsonl or --format csv"),
    ],
    ids=["xlsx-without-out", "out-with-table", "events-out-with-table"],
)
def test_out_mistakes_are_one_line_errors(cli: Any, db: Path, args: tuple[str, ...], message: str) -> None:
    result = cli("--db", db, *args)
    assert result.code == 1
    assert result.err.startswith(message) and result.err.count("\n") == 1


def test_unwritable_out_is_a_one_line_error(cli: Any, db: Path, tmp_path: Path) -> None:
    result = cli("--db", db, "score", "--site", SX, "--period", "2026", "--format", "xlsx",
                        "--out", tmp_path / "no-such-dir" / "card.xlsx")  # fmt: skip
    assert result.code == 1
    assert result.err.startswith("error: cannot write") and result.err.count("\n") == 1


def test_seq_ranges() -> None:
    from schemes.reports.table import seq_ranges

    assert seq_ranges([]) == ""
    assert seq_ranges([9, 3, 4, 5, 5, 11, 12]) == "3-5, 9, 11-12"


def test_sheet_titles_are_valid_and_unique() -> None:
    from schemes.reports.xlsx import sheet_title

    assert sheet_title("a/b:c*d?[e]") == "a_b_c_d__e_"
    long = "x" * 40
    assert sheet_title(long) == "x" * 31
    assert sheet_title(long, ["x" * 31]) == "x" * 27 + " (2)"


def test_xlsx_subtotals_and_total_are_formulas_with_cached_values(db: Path, tmp_path: Path) -> None:
    """小计 and 总分 are formulas over the 评分 cells; a program that does not calculate reads the engine's
    figures (33, 1.5, 34.5: by hand above) from the cached values."""
    cached = score_xlsx(db, tmp_path, "--site", SX, "--period", "2026")["评分表"]
    ws = load_workbook(tmp_path / "card.xlsx")["评分表"]
    rows = rows_by_title(ws)
    labels = {ws.cell(row=r, column=1).value: r for r in range(4, ws.max_row + 1)}
    ops, bonus, total = labels["运营服务 小计"], labels["加分项目 小计"], labels["总分"]
    from schemes.model import get_scheme

    base = {i.title for i in get_scheme("shaxian-gig").items if i.block == "operations"}
    items = sorted(r for t, r in rows.items() if t in base)
    assert items == list(range(items[0], items[-1] + 1)) and len(items) == 18
    # 运营服务（上限 100 分）and 加分项目（上限 5 分）: the block caps of the 评分表.
    assert ws.cell(row=ops, column=7).value == f"=MIN(SUM(G{items[0]}:G{items[-1]}),100)"
    assert ws.cell(row=bonus, column=7).value.startswith("=MIN(SUM(") and ws.cell(
        row=bonus, column=7
    ).value.endswith(",5)")
    # The scheme caps the total at 105 (100 + 加分 up to 5).
    assert ws.cell(row=total, column=7).value == f"=MIN(SUM(G{ops}:G{bonus}),105)"
    assert [cached.cell(row=r, column=7).value for r in (ops, bonus, total)] == [33, 1.5, 34.5]


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice and poppler-utils are needed")  # fmt: skip
def test_an_assessor_editing_a_score_gets_the_right_total(db: Path, tmp_path: Path) -> None:
    """Edit two 评分 cells as an assessor would, print with LibreOffice: the subtotals and total follow.
    纠纷处理 5 -> 3: 运营服务 33 - 2 = 31. 协调企业解决短期用工 1.5 -> 9: 加分项目 is capped, '最高不超过…'
    (上限 5 分): 5. Total 31 + 5 = 36."""
    score_xlsx(db, tmp_path, "--site", SX, "--period", "2026")
    wb = load_workbook(tmp_path / "card.xlsx")
    ws = wb["评分表"]
    rows = rows_by_title(ws)
    ws.cell(row=rows["纠纷处理"], column=7).value = 3
    ws.cell(row=rows["协调企业解决短期用工"], column=7).value = 9
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)  # openpyxl drops every cached value: the spreadsheet must calculate
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(edited)], capture_output=True, timeout=300, check=True)  # fmt: skip
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "edited.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert re.search(r"运营服务 小计\s+100\s+31\s", text)
    assert re.search(r"加分项目 小计\s+5\s+5\s", text)
    assert re.search(r"总分\s+100\s+36\s", text)
