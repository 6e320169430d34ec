"""Re-importing an edited register (issue 14 §4): a changed row corrects its event, an unchanged row adds
nothing, a vanished row is reported (and retracted only with --retract-missing), `--dry-run` says so first.

The real CLI in subprocesses on real SQLite files; registers are the shipped example (identity 日期 + 名称 in
data/mappings/job-fair-register.toml) edited with openpyxl, and small workbooks built here with a 编号 column.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import cli_ok, run_cli
from openpyxl import Workbook, load_workbook

ROOT = Path(__file__).resolve().parent.parent
FAIRS_XLSX = ROOT / "data" / "examples" / "job-fair-register.xlsx"
FAIRS_MAP = ROOT / "data" / "mappings" / "job-fair-register.toml"
SITE = "px"


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


def log(db: Path, *types: str) -> list[dict[str, Any]]:
    args = [a for t in types for a in ("--type", t)]
    out = cli_ok(db, "events", "--site", SITE, *args, "--format", "jsonl")
    return [json.loads(line) for line in out.splitlines()]


def import_(db: Path, register: Path, mapping: Path = FAIRS_MAP, *extra: str) -> Any:
    result = run_cli("--db", db, "import", register, "--map", mapping, "--site", SITE, *extra, cwd=db.parent)
    assert result.code == 0, result.err
    return result.out.splitlines()


def edited(tmp_path: Path, name: str, edit: Any) -> Path:
    path = tmp_path / name
    shutil.copy(FAIRS_XLSX, path)
    wb = load_workbook(path)
    edit(wb)
    wb.save(path)
    return path


def daily_fairs_q1(db: Path) -> tuple[str, int]:
    card = json.loads(cli_ok(db, "score", "--site", SITE, "--period", "2026-Q1", "--format", "json"))
    item = next(i for i in card["items"] if i["id"] == "recruit.daily_fairs")
    return item["inputs"]["daily_fairs"], item["details"]["daily_fairs"]["sub_misses"]


def test_an_edited_cell_corrects_its_event_once(db: Path, tmp_path: Path) -> None:
    """The issue's case: one cell changed and re-imported must not count the fair twice.

    Row 13 of 日常招聘会 is 第11期日常招聘会 (2026-03-17, an offline daily fair) with 34 companies: under
    recruit.daily_fairs ("每场次如有未完成指标项，按每项指标扣0.5分") it is one of Q1's 11 offline daily fairs and
    misses one figure (companies < 35; its jobs 923 and visitors 297 meet 900 and 200). Edited to 36 it is
    still one fair, now missing nothing: 11 fairs, one figure fewer missed.
    """
    assert import_(db, FAIRS_XLSX)[1] == "41 new, 0 corrected, 0 unchanged, 0 missing"
    fairs, misses = daily_fairs_q1(db)
    assert fairs == "11"
    register = edited(tmp_path, "招聘会台账-改.xlsx", lambda wb: wb["日常招聘会"].__setitem__("D13", 36))
    head = cli_ok(db, "verify")
    preview = import_(db, register, FAIRS_MAP, "--dry-run")
    assert preview[1:] == ["0 new, 1 corrected, 40 unchanged, 0 missing", "dry run: nothing written"]
    assert cli_ok(db, "verify") == head  # nothing appended
    assert import_(db, register)[1] == "0 new, 1 corrected, 40 unchanged, 0 missing"
    [fix] = log(db, "correction")
    original = next(e for e in log(db, "job_fair_held") if e["payload"]["title"] == "第11期日常招聘会")
    assert fix["payload"]["target"] == original["id"] and fix["payload"]["changes"] == {"companies": 36}
    assert fix["payload"]["reason"] == ("register 招聘会台账-改.xlsx sheet 日常招聘会 row 13 changed: "
                                        "companies 34 → 36")  # fmt: skip
    assert daily_fairs_q1(db) == ("11", misses - 1)
    assert len(log(db, "job_fair_held")) == 28
    # The same edited register again: nothing to do.
    assert import_(db, register)[1] == "0 new, 0 corrected, 41 unchanged, 0 missing"
    # Editing it back corrects it back (a new correction: the log keeps both steps).
    assert import_(db, FAIRS_XLSX)[1] == "0 new, 1 corrected, 40 unchanged, 0 missing"
    assert [c["payload"]["changes"] for c in log(db, "correction")] == [{"companies": 36}, {"companies": 34}]
    assert daily_fairs_q1(db) == ("11", misses)


def test_a_vanished_row_is_reported_and_retracted_only_when_asked(db: Path, tmp_path: Path) -> None:
    import_(db, FAIRS_XLSX)

    # Row 4 of 专场招聘会 is 民营企业服务月专场招聘会 (2026-03-17); a new fair is added at the bottom.
    def edit(wb: Any) -> None:
        ws = wb["专场招聘会"]
        ws.delete_rows(4)
        ws.append(["2026/6/16", "高校毕业生夏季招聘会", "校园", "线下", 66, 1500, 1100, ""])

    register = edited(tmp_path, "台账-6月.xlsx", edit)
    gone = next(e for e in log(db, "job_fair_held") if e["payload"]["title"] == "民营企业服务月专场招聘会")
    out = import_(db, register)
    assert out[1] == "1 new, 0 corrected, 40 unchanged, 1 missing"
    assert (
        out[2]
        == f"  missing from 专场招聘会: seq {gone['seq']} 2026-03-17 job_fair_held 民营企业服务月专场招聘会"
    )
    assert out[3] == "  (kept: pass --retract-missing to retract them)"
    assert log(db, "retraction") == []
    preview = import_(db, register, FAIRS_MAP, "--retract-missing", "--dry-run")
    assert (
        preview[1] == "0 new, 0 corrected, 41 unchanged, 1 missing"
        and preview[-1] == "dry run: nothing written"
    )
    assert log(db, "retraction") == []
    out = import_(db, register, FAIRS_MAP, "--retract-missing")
    assert out[1] == "0 new, 0 corrected, 41 unchanged, 1 missing"
    [retraction] = log(db, "retraction")
    assert retraction["payload"] == {
        "target": gone["id"],
        "reason": "no longer in register 台账-6月.xlsx (专场招聘会)",
    }
    assert import_(db, register)[1] == "0 new, 0 corrected, 41 unchanged, 0 missing"
    # The row comes back (the older register): a new event, under a new key; the retracted one stays retracted.
    back = import_(db, FAIRS_XLSX)
    assert back[1] == "1 new, 0 corrected, 40 unchanged, 1 missing"  # the June fair is not in the older file
    fairs = [e for e in log(db, "job_fair_held") if e["payload"]["title"] == "民营企业服务月专场招聘会"]
    assert len(fairs) == 2 and fairs[1]["idempotency_key"] == fairs[0]["idempotency_key"] + ".2"


def numbered_register(path: Path, rows: list[tuple[Any, ...]]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "日常招聘会"
    ws.append(["编号", "日期", "名称", "形式", "类型", "参会企业数", "提供岗位数", "入场人数"])
    for row in rows:
        ws.append(list(row))
    wb.save(path)


@pytest.fixture
def numbered_map(tmp_path: Path) -> Path:
    """The shipped mapping with 日常招聘会 identified by its 编号 column (not mapped to any field)."""
    text = FAIRS_MAP.read_text(encoding="utf-8")
    first = text.index('identity = ["日期", "名称"]')
    mapping = tmp_path / "numbered.toml"
    mapping.write_text(text[:first] + 'identity = ["编号"]' + text[first + len('identity = ["日期", "名称"]'):],
                       encoding="utf-8")  # fmt: skip
    return mapping


def test_a_numbered_register_corrects_dates_and_names_too(
    db: Path, tmp_path: Path, numbered_map: Path
) -> None:
    register = tmp_path / "台账.xlsx"
    numbered_register(register, [("RC-01", "2026-03-03", "第1期", "线下", "日常", 40, 950, 210),
                                 ("RC-02", "2026-03-10", "第2期", "线下", "日常", 36, 920, 230)])  # fmt: skip
    assert import_(db, register, numbered_map)[1] == "2 new, 0 corrected, 0 unchanged, 0 missing"
    numbered_register(register, [("RC-01", "2026-03-04", "第1期（改期）", "线下", "日常", 40, 950, 210),
                                 ("RC-02", "2026-03-10", "第2期", "线下", "日常", 36, 920, 230)])  # fmt: skip
    assert import_(db, register, numbered_map)[1] == "0 new, 1 corrected, 1 unchanged, 0 missing"
    [fix] = log(db, "correction")
    assert fix["payload"]["changes"] == {"title": "第1期（改期）", "occurred_at": "2026-03-04"}


def test_two_rows_with_one_identity_are_refused(db: Path, tmp_path: Path, numbered_map: Path) -> None:
    register = tmp_path / "台账.xlsx"
    numbered_register(register, [("RC-01", "2026-03-03", "第1期", "线下", "日常", 40, 950, 210),
                                 ("RC-01", "2026-03-10", "第2期", "线下", "日常", 36, 920, 230)])  # fmt: skip
    result = run_cli("--db", db, "import", register, "--map", numbered_map, "--site", SITE, cwd=tmp_path)
    assert result.code == 1
    assert result.err == ("error: 台账.xlsx sheet 日常招聘会 row 3: same 编号 as 台账.xlsx sheet 日常招聘会 row 2: two "
                          "rows cannot be one record (make them differ, or add a 编号 column to the mapping's "
                          "identity)\n")  # fmt: skip
    assert log(db, "job_fair_held") == []


def test_an_empty_identity_cell_is_refused(db: Path, tmp_path: Path, numbered_map: Path) -> None:
    register = tmp_path / "台账.xlsx"
    numbered_register(register, [(None, "2026-03-03", "第1期", "线下", "日常", 40, 950, 210)])
    result = run_cli("--db", db, "import", register, "--map", numbered_map, "--site", SITE, cwd=tmp_path)
    assert result.err == ("error: 台账.xlsx sheet 日常招聘会 row 2 column A (编号): empty, but 编号 identifies the row "
                          "(identity = 编号 in the mapping): fill it in\n")  # fmt: skip


def test_missing_within_months_leaves_other_months_alone(
    db: Path, tmp_path: Path, numbered_map: Path
) -> None:
    """A register kept one file per month (missing = "months"): March's file says nothing about February."""
    monthly = tmp_path / "monthly.toml"
    text = numbered_map.read_text(encoding="utf-8")
    monthly.write_text(
        text.replace('identity = ["编号"]', 'identity = ["编号"]\nmissing = "months"'), encoding="utf-8"
    )
    february, march = tmp_path / "2月.xlsx", tmp_path / "3月.xlsx"
    numbered_register(february, [("F-1", "2026-02-03", "二月第1期", "线下", "日常", 40, 950, 210)])
    numbered_register(march, [("M-1", "2026-03-03", "三月第1期", "线下", "日常", 40, 950, 210),
                              ("M-2", "2026-03-31", "三月第2期", "线下", "日常", 40, 950, 210)])  # fmt: skip
    import_(db, february, monthly)
    import_(db, march, monthly)
    numbered_register(march, [("M-1", "2026-03-03", "三月第1期", "线下", "日常", 40, 950, 210)])
    out = import_(db, march, monthly)
    assert out[1] == "0 new, 0 corrected, 1 unchanged, 1 missing"  # M-2 (31 March), not February's F-1
    assert "三月第2期" in out[2]
    # With the default (the register is the whole record), February's row is missing from March's file too.
    out = import_(db, march, numbered_map)
    assert out[1] == "0 new, 0 corrected, 1 unchanged, 2 missing"


def test_a_row_that_changes_kind_is_refused_with_what_to_do(db: Path, tmp_path: Path) -> None:
    gig_map = tmp_path / "gig.toml"
    text = (ROOT / "data" / "mappings" / "gig-market-register.toml").read_text(encoding="utf-8")
    gig_map.write_text(text.replace('type_column = "业务类型"', 'type_column = "业务类型"\nidentity = ["编号"]'),
                       encoding="utf-8")  # fmt: skip
    register = tmp_path / "gig.csv"
    head = "编号,日期,业务类型,零工姓名,用工单位,岗位数,省级平台发布,成交金额（元）\r\n"
    register.write_text(head + "G1,2026-03-02,求职登记,刘建国,,,,\r\n", encoding="utf-8-sig")
    import_(db, register, gig_map)
    seq = log(db, "gig_worker_registered")[0]["seq"]
    register.write_text(head + "G1,2026-03-02,成交,刘建国,萍乡市物流园,,,900\r\n", encoding="utf-8-sig")
    result = run_cli("--db", db, "import", register, "--map", gig_map, "--site", SITE, cwd=tmp_path)
    assert result.code == 1
    assert result.err == (f"error: gig.csv row 2: this row made a gig_worker_registered event (seq {seq}) and now reads "
                          f"gig_deal_completed: a correction cannot change an event's type; retract seq {seq} "
                          f"(`opsledger retract {seq} --reason ...`) and import again\n")  # fmt: skip
    cli_ok(db, "retract", str(seq), "--reason", "登记错了类型")
    assert import_(db, register, gig_map)[1] == "1 new, 0 corrected, 0 unchanged, 0 missing"


def test_events_imported_before_the_mapping_had_an_identity_are_recognised(db: Path, tmp_path: Path) -> None:
    """Imported with the old mapping (content keys), re-imported edited with the identity: corrected, not doubled."""
    old_map = tmp_path / "old.toml"
    old_map.write_text(FAIRS_MAP.read_text(encoding="utf-8").replace('identity = ["日期", "名称"]\n', "")
                       .replace('identity = ["日期", "直播主题"]\n', ""), encoding="utf-8")  # fmt: skip
    out = import_(db, FAIRS_XLSX, old_map)
    assert out[1] == "41 new, 0 corrected, 0 unchanged, 0 missing"
    assert out[2].startswith("  (日常招聘会, 专场招聘会, 直播带岗: no identity in the mapping")
    register = edited(tmp_path, "改.xlsx", lambda wb: wb["日常招聘会"].__setitem__("D13", 36))
    assert import_(db, register)[1] == "0 new, 1 corrected, 40 unchanged, 0 missing"
    assert len(log(db, "job_fair_held")) == 28


# -- event files without ids --------------------------------------------------------------------------------


def fair_line(title: str, companies: Any = 40) -> str:
    return json.dumps({"type": "job_fair_held", "site": SITE, "occurred_at": "2026-03-05",
                       "payload": {"title": title, "format": "offline", "kind": "daily", "companies": companies,
                                   "jobs": 950, "visitors": 210}}, ensure_ascii=False) + "\n"  # fmt: skip


def test_jsonl_without_ids_reimports_as_nothing(db: Path, tmp_path: Path) -> None:
    """The README's promise: re-importing adds nothing. Identical lines are two events (the file says two)."""
    path = tmp_path / "register.jsonl"
    path.write_text(fair_line("A") + fair_line("B") + fair_line("B"), encoding="utf-8")
    first = run_cli("--db", db, "import", path, cwd=tmp_path)
    assert first.out.startswith("imported 3 events (0 duplicates skipped)"), first.err
    again = run_cli("--db", db, "import", path, cwd=tmp_path, env=None)
    assert again.out.startswith("imported 0 events (3 duplicates skipped)")
    # "40" and 40 are the same figure: the key is made from the validated payload.
    path.write_text(fair_line("A", "40"), encoding="utf-8")
    assert run_cli("--db", db, "import", path, cwd=tmp_path).out.startswith(
        "imported 0 events (1 duplicates skipped)"
    )
    # Another actor importing the same file adds nothing either (the actor is not part of what happened).
    result = cli_ok(db, "import", path, actor="li")
    assert result.startswith("imported 0 events (1 duplicates skipped)")
    # A line added to the file is added.
    path.write_text(fair_line("A") + fair_line("C"), encoding="utf-8")
    assert run_cli("--db", db, "import", path, cwd=tmp_path).out.startswith(
        "imported 1 events (1 duplicates skipped)"
    )
    assert [e["payload"]["title"] for e in log(db, "job_fair_held")] == ["A", "B", "B", "C"]


def test_csv_events_without_ids_reimport_as_nothing(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "fairs.csv"
    path.write_text("type,site,on,title,format,kind,companies,jobs,visitors\n"
                    f"job_fair_held,{SITE},2026-03-10,校园招聘,offline,campus,12,80,300\n", encoding="utf-8")  # fmt: skip
    assert cli_ok(db, "import", path).startswith("imported 1 events (0 duplicates skipped)")
    assert cli_ok(db, "import", path).startswith("imported 0 events (1 duplicates skipped)")


@pytest.mark.parametrize("flag", ["--dry-run", "--retract-missing"])
def test_register_only_flags_need_a_mapping(db: Path, tmp_path: Path, flag: str) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(fair_line("A"), encoding="utf-8")
    result = run_cli("--db", db, "import", path, flag, cwd=tmp_path)
    assert result.code == 1
    assert result.err == f"error: {flag} goes with --map (an event file names each event's site and id)\n"


def test_the_web_preview_and_commit_plan_the_same_way(db: Path, tmp_path: Path) -> None:
    """web/services/ goes through the same plan: an edited register previews as one correction and commits it."""
    from web.services import Services

    services = Services(db, mappings_dir=FAIRS_MAP.parent)
    import_(db, FAIRS_XLSX)
    register = edited(tmp_path, "改.xlsx", lambda wb: wb["日常招聘会"].__setitem__("D13", 36))
    preview = services.register_preview(SITE, register, FAIRS_MAP, "tester", "t")
    assert (len(preview.new), len(preview.corrections), len(preview.duplicates), preview.errors) == (
        0,
        1,
        40,
        [],
    )
    assert preview.corrections[0][0] == 13 and preview.corrections[0][1].payload["changes"] == {
        "companies": 36
    }
    assert services.register_commit(SITE, register, FAIRS_MAP, "tester").added == 1
    assert [c["payload"]["changes"] for c in log(db, "correction")] == [{"companies": 36}]
    services.ledger().close()
