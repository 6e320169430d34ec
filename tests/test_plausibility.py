"""Plausibility (issue 14 §7): future dates refused unless --allow-future, dates before the first contract
warned, figures over 100x the largest the site's scheme sets refused unless --confirm; the same per import row.

Targets by hand from schemes/files/pingxiang-market.toml: an offline daily fair's companies are measured by
indicators.daily_fairs (criteria companies = 35, "平均每场参会企业不少于35家") and indicators.daily_big_fairs
(companies ≥ 50, 加分项 1 "超50家规模"): the largest is 50, so the bound is 100 × 50 = 5000. Livestream viewers:
recruit.livestream deducts below 120001 a year (全年直播场观 12万人次 "以上"), bound 12,000,100. Shaxian's
followers reading (metric = followers) tops out at the 4000-follower band of promotion.followers: bound 400000.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import cli_ok, run_cli

from ledger.envelope import Draft, now
from schemes import cache
from schemes.locate import digest
from schemes.model import get_scheme, scheme_paths
from schemes.plausibility import (
    Gate,
    bounds_of,
    check,
    decode,
    encode,
    field_targets,
    largest,
    scheme_in_force,
)

TODAY = date(2026, 6, 10)


class Deal:
    def __init__(self, scheme: str, start: str, end: str | None = None) -> None:
        self.scheme, self.start = scheme, date.fromisoformat(start)
        self.end = date.fromisoformat(end) if end else None


PX = [Deal("pingxiang-market", "2026-01-01")]


def fair(on: str = "2026-03-05", **payload: Any) -> Draft:
    body = {
        "title": "周四专场",
        "format": "offline",
        "kind": "daily",
        "companies": 36,
        "jobs": 950,
        "visitors": 210,
    }
    return Draft(type="job_fair_held", site="px", occurred_at=on, actor="zhang", payload={**body, **payload})


@pytest.fixture(scope="module")
def pingxiang():
    return get_scheme("pingxiang-market")


@pytest.mark.parametrize(
    ("on", "refused"),
    [("2026-06-10", False), ("2026-06-11", False), ("2026-06-11T23:59", False), ("2026-06-12", True),
     ("2062-03-05", True)],
)  # fmt: skip
def test_a_date_after_today_plus_one_day_is_refused(pingxiang, on: str, refused: bool) -> None:
    verdict = check(fair(on), TODAY, PX, pingxiang)
    assert bool(verdict.refusals) is refused
    if refused:
        stored = fair(on).occurred_at  # as the ledger writes it: 2026-06-12, or a time with +08:00
        assert verdict.refusals[0] == (f"occurred_at {stored} is in the future (today is 2026-06-10): fix the "
                                       "date, or pass --allow-future if it is right")  # fmt: skip
    assert check(fair(on), TODAY, PX, pingxiang, allow_future=True).refusals == ()


@pytest.mark.parametrize(
    ("on", "warned"), [("2001-03-05", True), ("2025-12-31", True), ("2026-01-01", False)]
)
def test_a_date_before_the_first_contract_is_warned(pingxiang, on: str, warned: bool) -> None:
    verdict = check(fair(on), TODAY, PX, pingxiang)
    assert verdict.refusals == ()
    assert verdict.warnings == ((f"occurred_at {on} is before px's first contract (from 2026-01-01): no assessment "
                                 "period counts it",) if warned else ())  # fmt: skip


def test_bookkeeping_and_sites_without_contracts_are_not_warned(pingxiang) -> None:
    site = Draft(
        type="site_registered", site="px", occurred_at="2025-06-01", actor="a", payload={"name": "x"}
    )
    assert check(site, TODAY, PX, pingxiang).warnings == ()
    assert check(fair("2001-03-05"), TODAY, [], None).warnings == ()


def test_the_targets_are_read_from_the_scheme(pingxiang) -> None:
    targets = field_targets(pingxiang)
    offline = {"kind": "daily", "format": "offline"}
    assert largest(targets, "job_fair_held", "companies", offline).value == 50
    assert largest(targets, "job_fair_held", "jobs", offline).value == 900  # criteria jobs = 900; gt 900
    assert largest(targets, "livestream_run", "viewers", {}).value == 120001
    # An online fair: the scheme only measures offline ones, but companies are companies: the largest of all.
    assert largest(targets, "job_fair_held", "companies", {"kind": "daily", "format": "online"}).value == 50
    assert largest(targets, "job_fair_held", "title", offline) is None
    followers = field_targets(get_scheme("shaxian-gig"))
    assert largest(followers, "metric_recorded", "value", {"metric": "followers"}).value == 4000
    # Another metric: the followers' target says nothing about it.
    assert largest(followers, "metric_recorded", "value", {"metric": "platform_visits"}) is None


@pytest.mark.parametrize(
    ("companies", "refused"), [(36, False), (5000, False), (5001, True), (3600000, True)]
)  # fmt: skip
def test_a_figure_over_100_times_the_largest_target_needs_confirm(
    pingxiang, companies: int, refused: bool
) -> None:
    verdict = check(fair(companies=companies), TODAY, PX, pingxiang)
    assert bool(verdict.refusals) is refused
    if refused:
        assert verdict.refusals == (f"companies={companies} is more than 100× the largest figure pingxiang-market "
                                    "sets for it (50, indicator daily_big_fairs): fix it, or pass --confirm if it "
                                    "is right",)  # fmt: skip
    assert check(fair(companies=companies), TODAY, PX, pingxiang, confirm=True).refusals == ()


def test_a_field_the_scheme_never_measures_has_no_bound(pingxiang) -> None:
    draft = Draft(type="gig_deal_completed", site="px", occurred_at="2026-03-05", actor="a",
                  payload={"worker": "w", "employer": "e", "amount_yuan": "99999999"})  # fmt: skip
    assert check(draft, TODAY, PX, pingxiang) == check(draft, TODAY, PX, pingxiang, confirm=True)
    assert check(draft, TODAY, PX, pingxiang).refusals == ()


def test_the_scheme_in_force_on_the_day_is_the_one_used() -> None:
    deals = [Deal("shaxian-gig", "2025-01-01", "2025-12-31"), Deal("pingxiang-market", "2026-01-01")]
    assert scheme_in_force(deals, date(2025, 6, 1)) == "shaxian-gig"
    assert scheme_in_force(deals, date(2026, 6, 1)) == "pingxiang-market"
    assert scheme_in_force(deals, date(2024, 6, 1)) == "shaxian-gig"  # before any: the first
    assert scheme_in_force([], date(2026, 6, 1)) is None


def test_corrections_and_retractions_are_not_checked_themselves(pingxiang) -> None:
    retraction = Draft(type="retraction", site="px", occurred_at="2062-01-01", actor="a",
                       payload={"target": "x", "reason": "r"})  # fmt: skip
    assert check(retraction, TODAY, PX, pingxiang) == check(
        retraction, TODAY, PX, pingxiang, allow_future=True
    )


def test_scheme_thresholds_are_positive_figures(pingxiang) -> None:
    for targets in field_targets(pingxiang).values():
        assert all(t.value > 0 and isinstance(t.value, Decimal) for t in targets)


# -- through the command line ------------------------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.db"
    cli_ok(path, "init")
    cli_ok(path, "site", "add", "px", "--name", "萍乡", "--on", "2026-01-01")
    cli_ok(
        path,
        "contract",
        "add",
        "px",
        "--scheme",
        "pingxiang-market",
        "--start",
        "2026-01-01",
        "--fee",
        "3000000",
    )
    return path


FAIR_ARGS = ("title=周四专场", "format=offline", "kind=daily", "jobs=950", "visitors=210")


def count(db: Path) -> int:
    return len(
        cli_ok(db, "events", "--site", "px", "--type", "job_fair_held", "--format", "jsonl").splitlines()
    )


def test_log_refuses_a_future_date_unless_allowed(db: Path) -> None:
    later = (now().date() + timedelta(days=5)).isoformat()
    result = run_cli("--db", db, "log", "job_fair_held", "--site", "px", "--on", later, *FAIR_ARGS, "companies=36",
                     cwd=db.parent)  # fmt: skip
    assert result.code == 1
    assert result.err == (f"error: occurred_at {later} is in the future (today is {now().date().isoformat()}): fix "
                          "the date, or pass --allow-future if it is right\n")  # fmt: skip
    assert count(db) == 0
    cli_ok(
        db,
        "log",
        "job_fair_held",
        "--site",
        "px",
        "--on",
        later,
        *FAIR_ARGS,
        "companies=36",
        "--allow-future",
    )
    assert count(db) == 1


def test_log_refuses_an_absurd_figure_unless_confirmed(db: Path) -> None:
    args = ("log", "job_fair_held", "--site", "px", "--on", "2026-03-05", *FAIR_ARGS, "companies=3600000")
    result = run_cli("--db", db, *args, cwd=db.parent)
    assert result.code == 1
    assert result.err.startswith(
        "error: companies=3600000 is more than 100× the largest figure pingxiang-market"
    )
    assert count(db) == 0
    cli_ok(db, *args, "--confirm")
    assert count(db) == 1


def test_log_warns_before_the_first_contract_and_stores(db: Path) -> None:
    result = run_cli("--db", db, "log", "job_fair_held", "--site", "px", "--on", "2025-12-30", *FAIR_ARGS,
                     "companies=36", cwd=db.parent)  # fmt: skip
    assert result.code == 0
    assert result.err == ("warning: occurred_at 2025-12-30 is before px's first contract (from 2026-01-01): no "
                          "assessment period counts it\n")  # fmt: skip
    assert count(db) == 1


def line(on: str, companies: int) -> str:
    return json.dumps({"type": "job_fair_held", "site": "px", "occurred_at": on,
                       "payload": {"title": f"{on} 专场", "format": "offline", "kind": "daily", "companies": companies,
                                   "jobs": 950, "visitors": 210}}, ensure_ascii=False) + "\n"  # fmt: skip


def test_import_reports_every_refused_line_and_imports_nothing_then_warns_once_it_stands(
    db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "register.jsonl"
    path.write_text(line("2026-03-05", 36) + line("2062-03-05", 36) + line("2025-12-01", 36)
                    + line("2026-03-12", 3600000), encoding="utf-8")  # fmt: skip
    result = run_cli("--db", db, "import", path, cwd=tmp_path)
    assert result.code == 1
    errors = result.err.splitlines()
    assert errors[0].startswith("refused: line 2: occurred_at 2062-03-05 is in the future")
    assert errors[1].startswith("refused: line 4: companies=3600000 is more than 100×")
    assert errors[2] == ("error: 2 row(s) refused as implausible (line 2 and 1 more); nothing was imported: fix them, "
                         "or pass --allow-future / --confirm if they are right")  # fmt: skip
    assert len(errors) == 3  # a warning is moot while nothing is stored: said once the import stands
    assert count(db) == 0
    done = run_cli("--db", db, "import", path, "--allow-future", "--confirm", cwd=tmp_path)
    assert done.code == 0, done.err
    assert done.err.splitlines() == [
        "warning: line 3: occurred_at 2025-12-01 is before px's first contract (from 2026-01-01): no assessment "
        "period counts it"
    ]
    assert count(db) == 4


def test_a_register_row_is_refused_by_sheet_and_row(db: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "日常招聘会"
    ws.append(["日期", "名称", "形式", "类型", "参会企业数", "提供岗位数", "入场人数"])
    ws.append(["2026-03-05", "第10期", "线下", "日常", 40, 950, 210])
    ws.append(["2062/3/5", "第11期", "线下", "日常", 40, 950, 210])
    register = tmp_path / "台账.xlsx"
    wb.save(register)
    mapping = Path(__file__).resolve().parent.parent / "data" / "mappings" / "job-fair-register.toml"
    result = run_cli("--db", db, "import", register, "--map", mapping, "--site", "px", cwd=tmp_path)
    assert result.code == 1
    assert result.err.splitlines()[0].startswith("refused: 台账.xlsx sheet 日常招聘会 row 3: occurred_at 2062-03-05 is "
                                                 "in the future")  # fmt: skip
    assert result.err.splitlines()[-1].startswith("error: 1 row(s) refused as implausible (台账.xlsx sheet 日常招聘会 "
                                                  "row 3); nothing was imported")  # fmt: skip
    dry = run_cli("--db", db, "import", register, "--map", mapping, "--site", "px", "--dry-run", cwd=tmp_path)
    assert dry.code == 1  # a dry run says the same before anything would be written
    assert count(db) == 0


# -- the bounds kept by the scheme file's hash (schemes/cache.py): the same targets, never stale -----------------


def gate(schemes_dir: Path | None = None) -> Gate:
    return Gate(None, schemes_dir=schemes_dir)  # type: ignore[arg-type]  # bounds() reads no ledger


@pytest.mark.parametrize("scheme_id", sorted(scheme_paths()))
def test_the_bounds_kept_are_the_bounds_derived_for_every_scheme(
    scheme_id: str, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    scheme = get_scheme(scheme_id)
    assert (
        digest(Path(scheme.path)) == scheme.sha256
    )  # the key a `log` computes is the hash the loader stamps
    derived = bounds_of(scheme)
    assert decode(scheme_id, json.loads(json.dumps(encode(derived)))) == derived
    assert gate().bounds(scheme_id) == derived  # no entry yet: derived, then kept
    assert list(tmp_path.glob(f"bounds-{scheme_id}-{scheme.sha256}-*.json"))
    assert gate().bounds(scheme_id) == derived  # read back


def kept(folder: Path, scheme_id: str) -> Path:
    (path,) = folder.glob(f"bounds-{scheme_id}-*.json")
    return path


def test_an_edited_scheme_file_is_bounded_by_its_new_targets(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    mine = tmp_path / "schemes"
    mine.mkdir()
    source = scheme_paths()["pingxiang-market"].read_text(encoding="utf-8")
    (mine / "pingxiang-market.toml").write_text(source, encoding="utf-8")
    offline = {"kind": "daily", "format": "offline"}
    assert (
        largest(gate(mine).bounds("pingxiang-market").targets, "job_fair_held", "companies", offline).value
        == 50
    )
    edited = source.replace("companies = { ge = 50 }", "companies = { ge = 70 }", 1)
    assert edited != source
    (mine / "pingxiang-market.toml").write_text(edited, encoding="utf-8")
    assert (
        largest(gate(mine).bounds("pingxiang-market").targets, "job_fair_held", "companies", offline).value
        == 70
    )
    # A holiday table beside the file is part of its version too (it changes the scheme's sha256).
    (mine / "holidays-2031.toml").write_text('holidays = ["2031-01-01"]\n', encoding="utf-8")
    assert len(list((tmp_path / "cache").glob("bounds-pingxiang-market-*.json"))) == 2
    gate(mine).bounds("pingxiang-market")
    assert len(list((tmp_path / "cache").glob("bounds-pingxiang-market-*.json"))) == 3


def test_bounds_kept_by_other_code_or_damaged_are_derived_afresh(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    derived = gate().bounds("pingxiang-market")
    path = kept(tmp_path, "pingxiang-market")
    entry = json.loads(path.read_text(encoding="utf-8"))
    assert "schemes/plausibility.py" in entry["modules"] and "schemes/model.py" in entry["modules"]
    sha = entry["sha256"]
    assert cache.get("bounds", "pingxiang-market", sha) is not None
    # A module edited (or upgraded) since the entry was written: its size or mtime differs.
    for change in ({"schemes/plausibility.py": [1, 1]}, {"projections/indicators/base.py": [1, 1]},
                   {"schemes/gone.py": [1, 1]}):  # fmt: skip
        path.write_text(json.dumps({**entry, "modules": {**entry["modules"], **change}}), encoding="utf-8")
        assert cache.get("bounds", "pingxiang-market", sha) is None
        assert gate().bounds("pingxiang-market") == derived  # derived again, and kept again
        assert cache.get("bounds", "pingxiang-market", sha) is not None
    # Bounds that are not what the code derives: never served when the entry is damaged.
    for damage in (
        "{",
        json.dumps({**entry, "value": [["job_fair_held"]]}),
        json.dumps({**entry, "format": 0}),
    ):
        path.write_text(damage, encoding="utf-8")
        assert gate().bounds("pingxiang-market") == derived


def test_a_cache_that_cannot_be_written_or_is_off_changes_nothing(tmp_path: Path, monkeypatch) -> None:
    derived = bounds_of(get_scheme("pingxiang-market"))
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    for value in (str(blocker / "cache"), "off"):
        monkeypatch.setenv(cache.ENV, value)
        assert gate().bounds("pingxiang-market") == derived
    assert gate().bounds("no-such-scheme") is None


def test_log_bounds_by_a_buyers_edited_scheme_at_once(db: Path, tmp_path: Path) -> None:
    mine = tmp_path / "schemes"
    mine.mkdir()
    source = scheme_paths()["pingxiang-market"].read_text(encoding="utf-8")
    (mine / "pingxiang-market.toml").write_text(source, encoding="utf-8")
    args = (
        "--schemes-dir",
        mine,
        "--db",
        db,
        "log",
        "job_fair_held",
        "--site",
        "px",
        "--on",
        "2026-03-05",
        *FAIR_ARGS,
    )
    assert run_cli(*args, "companies=5001", cwd=db.parent).code == 1  # over 100 x 50
    assert run_cli(*args, "companies=5000", cwd=db.parent).code == 0  # the bounds are kept now
    (mine / "pingxiang-market.toml").write_text(source.replace("companies = { ge = 50 }", "companies = { ge = 40 }", 1),
                                                encoding="utf-8")  # fmt: skip
    refused = run_cli(*args, "companies=4500", cwd=db.parent)
    assert refused.code == 1 and "(50, indicator daily_big_fairs)" not in refused.err
    assert (
        "companies=4500 is more than 100× the largest figure pingxiang-market sets for it (40," in refused.err
    )
