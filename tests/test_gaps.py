"""`opsledger gaps`: what would raise each item, by how much and by when, the evidence still missing, and the
projection at the current pace, on hand-built ledgers whose figures are worked out from the seed's clauses.

Shaxian (003_239ac606f421815b.txt, 沙县区零工市场运营绩效考核评分表) and Chifeng Q1 (000_b2b754025e659534.txt)
are used because their scheme files are settled; every expected gain below cites its row.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from conftest import keyring_for, signed_drafts
from conftest import run_cli as conftest_run_cli

from ledger.envelope import Draft, EvidenceRef
from ledger.ledger import Ledger

D = Decimal
SITE = "shaxian-t"
OP = "op-shaxian"
# An envelope evidence reference's sha256 (the file itself is not needed to count as attached).
SHOT = "a" * 64
LABEL = "PROJECTION at current pace / 按当前进度预测"


def build(path: Path, site: str, scheme: str, events: Iterable[tuple[str, str, dict[str, Any]]],
          evidence: dict[int, list[str]] | None = None) -> Path:  # fmt: skip
    """A ledger with one site under `scheme` from 2026-01-01 and the given (type, date, payload) events."""
    ledger = Ledger(path, create=True)
    drafts = [
        Draft(type="site_registered", site=site, occurred_at="2025-12-20", actor=OP, payload={"name": "测试站点"}),
        Draft(type="contract_signed", site=site, occurred_at="2025-12-20", actor=OP,
              payload={"scheme": scheme, "start": "2026-01-01", "fee_yuan": "1000000"}),
    ]  # fmt: skip
    for n, (event_type, on, payload) in enumerate(events):
        refs = tuple(EvidenceRef(file_name=name, sha256=SHOT) for name in (evidence or {}).get(n, ()))
        drafts.append(
            Draft(type=event_type, site=site, occurred_at=on, actor=OP, payload=payload, evidence=refs)
        )
    ledger.append_many(enumerate(signed_drafts(drafts), start=1), keys=keyring_for())
    ledger.close()
    return path


@pytest.fixture(scope="module", autouse=True)
def _forget_schemes_gaps() -> Iterator[None]:
    """The CLI imports schemes.gaps lazily; forget it afterwards, so later tests find the interpreter as they
    would running alone (tests/test_report.py hides the module to exercise its fallback)."""
    yield
    import schemes

    sys.modules.pop("schemes.gaps", None)
    if "gaps" in vars(schemes):
        delattr(schemes, "gaps")


# `python -m cli ARGS` in a subprocess, as an operator's shell runs it: .code, .out, .err.
run_cli = partial(conftest_run_cli, timeout=600)


def gaps_json(cli: Callable[..., Any], db: Path, site: str, period: str, today: str) -> dict[str, Any]:
    result = cli("--db", db, "gaps", "--site", site, "--period", period, "--today", today, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def item(report: dict[str, Any], item_id: str) -> dict[str, Any]:
    for section in ("items", "bonus", "deductions", "evidence_only"):
        for entry in report[section]:
            if entry["id"] == item_id:
                return entry
    raise AssertionError(f"{item_id} not listed")


# -- a finished year: exact gains -------------------------------------------------------------------------


def year_events() -> list[tuple[str, str, dict[str, Any]]]:
    events: list[tuple[str, str, dict[str, Any]]] = []
    for month in range(1, 9):  # 8 livestreams, one in each of January..August
        events.append(("livestream_run", f"2026-{month:02d}-10", {"title": f"{month}月直播", "viewers": 900}))
    for name in ("林晓燕", "陈志强"):  # two full-time staff
        events.append(("staff_joined", "2026-01-02", {"name": name}))
    events.append(("metric_recorded", "2026-12-31", {"metric": "followers", "value": 2600}))
    for n in range(20):  # 17 of 20 satisfied: 85%
        events.append(("survey_response", "2026-11-20",
                       {"survey": "gig_satisfaction", "respondent": f"R{n}", "satisfied": n < 17}))  # fmt: skip
    events.append(("activity_held", "2026-05-20", {"kind": "short_term_staffing", "title": "协调短期用工"}))
    return events


@pytest.fixture(scope="module")
def year_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gaps") / "shaxian.db"
    # Screenshots (直播截图) on the first three livestreams' envelopes; no 直播记录 yet.
    return build(
        path, SITE, "shaxian-gig", year_events(), {n: [f"2026-0{n + 1}直播截图.png"] for n in range(3)}
    )


def test_exact_gains_from_the_clauses(year_db: Path, cli: Callable[..., Any]) -> None:
    report = gaps_json(cli, year_db, SITE, "2026", "2027-01-10")
    assert report["deadline"] == "2026-12-31" and report["running"] is False and report["projection"] is None
    # 直播情况 (12分): "每月开展各类直播活动1场以上，全年总计需达到12场。每少一场扣1分" — 8 held, 4 months without.
    live = item(report, "livestream")
    assert (live["points"], live["available"]) == ("8", "4")
    texts = [a["en"] for a in live["actions"]]
    assert "4 more livestreams by 2026-12-31: +4" in texts
    assert "months without a livestream: 4 counted, up to +4" in texts
    # 配置3人以上专职工作人员 (5分, flag at 3): 2 staff.
    assert [a["en"] for a in item(report, "site.staff")["actions"]] == [
        "1 more full-time staff by 2026-12-31: +5"
    ]
    # 公众号关注程度: 2000-3000人 5分, 3000-4000人 8分 — 2600 followers.
    assert [a["en"] for a in item(report, "promotion.followers")["actions"]] == [
        "400 more official-account followers by 2026-12-31: +3"
    ]
    # 满意度90%以上得5分，80-89%得4分 — 17/20 = 85%.
    assert [a["en"] for a in item(report, "site.satisfaction")["actions"]] == [
        "satisfaction rate 85% -> 90% by 2026-12-31: +1"
    ]
    # 加分 协调企业解决短期用工: 每次加0.5分，最高不超过2分 — 1 done.
    assert [a["en"] for a in item(report, "bonus.short_term")["actions"]] == [
        "3 more short-term staffing solved for companies by 2026-12-31: +1.5"
    ]
    # 交易笔数: 500条以下不得分, 1000条以下得5分 — none: 501 more reach the 5-point band (500 itself earns 0).
    assert [a["en"] for a in item(report, "info.deals")["actions"]] == [
        "501 more gig deals completed by 2026-12-31: +5"
    ]
    # 信息系统主要功能 (8分): no judgement yet.
    assert [a["en"] for a in item(report, "network.functions")["actions"]] == [
        "needs an assessor's judgement: +8"
    ]


def test_sorted_by_points_available(year_db: Path, cli: Callable[..., Any]) -> None:
    report = gaps_json(cli, year_db, SITE, "2026", "2027-01-10")
    available = [D(i["available"]) for i in report["items"]]
    assert available == sorted(available, reverse=True)
    # job posts and deals (10 each) first, in the table's order; then the 8-point system functions.
    assert [i["id"] for i in report["items"][:3]] == ["info.job_posts", "info.deals", "network.functions"]
    # Items at full marks are not in the gap list (no disputes: 15件以下 5分).
    assert "disputes" not in [i["id"] for i in report["items"]]


def test_missing_evidence_from_envelopes_and_attachments(
    year_db: Path, tmp_path: Path, cli: Callable[..., Any]
) -> None:
    report = gaps_json(cli, year_db, SITE, "2026", "2027-01-10")
    # 直播情况 asks for 直播记录 and 直播截图: the screenshots are on the envelopes, the record is missing.
    assert item(report, "livestream")["evidence_missing"] == ["直播记录"]
    assert item(report, "site.staff")["evidence_missing"] == ["人员花名册", "劳动合同"]
    # Full marks but nothing attached: listed apart, with the points at stake.
    assert item(report, "disputes")["evidence_missing"] == ["纠纷处理台账"]
    copy = tmp_path / "copy.db"
    copy.write_bytes(year_db.read_bytes())
    record = tmp_path / "直播台账.xlsx"
    record.write_bytes(b"livestream register")
    attached = cli("--db", copy, "attach", "5", record, "--for", "直播记录", "--actor", OP)
    assert attached.code == 0, attached.err
    after = gaps_json(cli, copy, SITE, "2026", "2027-01-10")
    assert item(after, "livestream")["evidence_missing"] == []


def test_text_output_in_a_subprocess(year_db: Path, tmp_path: Path) -> None:
    result = run_cli(
        "--db", year_db, "gaps", "--site", SITE, "--period", "2026", "--today", "2027-01-10", cwd=tmp_path
    )
    assert result.code == 0, result.err
    out = result.out
    assert "deadline 2026-12-31" in out and "PROJECTION" not in out  # the period has ended: no projection
    assert "+4      livestream  " in out and "(8/12)" in out
    assert "         4 more livestreams by 2026-12-31: +4" in out and "截至" not in out
    assert "evidence not attached: 直播记录" in out
    assert out.index("info.job_posts") < out.index("network.functions") < out.index("site.staff")
    # Chinese first (issue 14 §5): the same report in Chinese, each line in one language
    zh = run_cli("--db", year_db, "--lang", "zh", "gaps", "--site", SITE, "--period", "2026", "--today", "2027-01-10",
                 cwd=tmp_path).out  # fmt: skip
    assert "截止 2026-12-31" in zh and "+4      livestream  日常直播开展情况  (8/12)" in zh
    assert "         截至 2026-12-31 再增加直播 4场：+4" in zh and "more livestreams" not in zh
    assert "缺佐证材料：直播记录" in zh and "说明：考核期已于 2026-12-31 结束：各项截止日期已过" in zh


def test_unknown_site_is_one_line(year_db: Path, cli: Callable[..., Any]) -> None:
    result = cli("--db", year_db, "gaps", "--site", "shaxian-x", "--period", "2026")
    assert result.code == 1 and result.err.startswith("error: unknown site 'shaxian-x'")
    assert result.err.count("\n") == 1


# -- Chifeng Q1: a deduction per missing media report -----------------------------------------------------


def test_chifeng_media_reports(tmp_path: Path, cli: Callable[..., Any]) -> None:
    db = build(tmp_path / "chifeng.db", "chifeng-t", "chifeng-park",
               [("media_report", "2026-02-24", {"level": "provincial", "outlet": "内蒙古日报", "title": "园区建设"})])  # fmt: skip
    report = gaps_json(cli, db, "chifeng-t", "2026-Q1", "2026-04-15")
    # 第一季度 国家级、省级媒体宣传推广3次（国家级1次，省级2次）(6分), 2 points per report missing: 1 provincial held.
    media = item(report, "q1.media")
    assert (media["points"], media["available"]) == ("2", "4")
    assert [a["en"] for a in media["actions"]] == [
        "1 more national media reports by 2026-03-31: +2",
        "1 more provincial (regional) media reports by 2026-03-31: +2",
    ]
    assert report["notes"] == [
        "the period ended 2026-03-31: deadlines have passed / 考核期已于 2026-03-31 结束：各项截止日期已过"
    ]


# -- a running year: the projection at the current pace ---------------------------------------------------


def running_events() -> list[tuple[str, str, dict[str, Any]]]:
    events: list[tuple[str, str, dict[str, Any]]] = []
    for month in (1, 2):
        events.append(("livestream_run", f"2026-{month:02d}-10", {"title": "直播", "viewers": 900}))
    days = [date(2026, 1, 2).toordinal() + n % 70 for n in range(300)]  # 2 January .. 12 March
    for n, day in enumerate(days):
        on = date.fromordinal(day).isoformat()
        events.append(("gig_worker_registered", on, {"worker": f"W{n:04d}"}))
        if n < 250:
            events.append(("gig_job_posted", on, {"employer": "沙县小吃"}))
        if n < 120:
            events.append(("gig_deal_completed", on, {"worker": f"W{n:04d}", "employer": "沙县小吃"}))
    return events


@pytest.fixture(scope="module")
def running_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("gaps") / "running.db", SITE, "shaxian-gig", running_events())


def test_projection_at_the_current_pace(running_db: Path, cli: Callable[..., Any]) -> None:
    # 14 March 2026 is day 31 + 28 + 14 = 73 of 365: the pace factor is 365 / 73 = 5 exactly.
    report = gaps_json(cli, running_db, SITE, "2026", "2026-03-14")
    p = report["projection"]
    assert report["running"] is True and p["label"] == LABEL
    assert (p["elapsed_days"], p["period_days"]) == (73, 365)
    values = {v["indicator"]: (v["current"], v["projected"]) for v in p["values"]}
    assert values["livestreams"] == ("2", "10")
    assert values["deals"] == ("120", "600")
    assert values["job_posts"] == ("250", "1250")
    assert values["workers_registered"] == ("300", "1500")
    # March..December are not over: not counted as missed.
    assert values["livestream_empty_months"] == ("10", "0")
    items = {i["id"]: (i["points"], i["projected"]) for i in p["items"]}
    # 直播: now 12 - 10 (ten months without) = 2; at the pace 10 held, 2 short of 12, no month missed yet: 10.
    assert items["livestream"] == ("2", "10")
    # 交易笔数 600: "1000条以下得5分"; 岗位信息发布 1250: "1500条以下得5分"; 个人信息收集 1500: "2000条以下得3分".
    assert items["info.deals"] == ("0", "5")
    assert items["info.job_posts"] == ("0", "5")
    assert items["info.workers"] == ("0", "3")
    assert D(p["total"]) - D(report["total"]) == 8 + 5 + 5 + 3
    assert set(items) == {"livestream", "info.deals", "info.job_posts", "info.workers"}


def test_projection_rounds_the_pace_to_cents(running_db: Path, cli: Callable[..., Any]) -> None:
    # 15 March is day 74: 2 livestreams x 365 / 74 = 9.8648... -> 9.86 (two places, half up).
    report = gaps_json(cli, running_db, SITE, "2026", "2026-03-15")
    values = {v["indicator"]: v["projected"] for v in report["projection"]["values"]}
    assert values["livestreams"] == "9.86"
    assert values["deals"] == str((D(120) * 365 / 74).quantize(D("0.01")))


def test_projection_is_labelled_in_text_and_follows_the_clock(
    running_db: Path, cli: Callable[..., Any]
) -> None:
    freezegun = pytest.importorskip("freezegun")
    with freezegun.freeze_time("2026-03-14 10:00:00+08:00"):
        result = cli("--db", running_db, "gaps", "--site", SITE, "--period", "2026")
    assert result.code == 0, result.err
    assert "PROJECTION at current pace: day 73 of 365" in result.out  # the label JSON carries is LABEL
    assert "    livestreams: 2 -> 10" in result.out
    assert "    item livestream: 2 -> 10" in result.out


def test_pace_factor_edges() -> None:
    from schemes import gaps

    assert gaps.pace_factor(date(2026, 1, 1), date(2026, 12, 31), date(2025, 12, 31)) is None
    assert gaps.pace_factor(date(2026, 1, 1), date(2026, 12, 31), date(2026, 1, 1)) == 365
    assert gaps.pace_factor(date(2026, 1, 1), date(2026, 12, 31), date(2027, 3, 1)) == 1


# -- points in text as `opsledger score` shows them ----------------------------------------------------------


def _report(places: int | None, total: str, projected: str) -> Any:
    from schemes.gaps import GapReport, ItemGap, Projection

    insurance = ItemGap("org.insurance", "org", "base", "为来吴务工人员购买商业保险", "Commercial insurance",
                        D("1.8936"), D(3), D("1.1064"), (), "36.2% insured", (), (), 4)  # fmt: skip
    report = GapReport("u03", "wujiang-alliance", "细则", "2026", date(2026, 1, 1), date(2026, 12, 31),
                       date(2026, 12, 2), D(total), D(100), None, None, [insurance], [], [], [])  # fmt: skip
    report.projection = Projection(date(2026, 12, 2), 336, 365, [], D(projected), None, None,
                                   [("org.insurance", D("1.8936"), D("2.0571"))])  # fmt: skip
    report.places = places
    return report


@pytest.mark.parametrize(
    ("places", "total", "projected", "item", "then"),
    [
        # Wujiang declares display_places = 2 (W4's ratio-weighted points run to four places): its gaps read
        # as its scorecard does, 74.8936 -> 74.89, half up (1.1064 -> 1.11, 2.0571 -> 2.06, 74.8996 -> 74.9).
        (2, "74.89 / 100", "74.9", "+1.11   org.insurance  Commercial insurance  (1.89/3)", "1.89 -> 2.06"),
        # No display places: the scorecard's exact points; the projection, an estimate from pro-rated counts,
        # to one place like the projected values (96.615 -> 96.6).
        (
            None,
            "74.8936 / 100",
            "96.6",
            "+1.1064 org.insurance  Commercial insurance  (1.8936/3)",
            "1.8936 -> 2.1",
        ),
    ],
)
def test_text_shows_points_to_the_schemes_display_places(
    places: int | None, total: str, projected: str, item: str, then: str
) -> None:
    from schemes.gaps import gaps_text

    text = gaps_text(_report(places, "74.8936", "74.8996" if places else "96.615")).splitlines()
    assert f"total {total} · today 2026-12-02" in text
    assert any(line.endswith(f"projected total {projected} (now {total.split()[0]})") for line in text)
    assert item in text
    assert f"    item org.insurance: {then}" in text
