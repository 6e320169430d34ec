"""`attach --for` (issue 14 §6): the number or a fragment of the 佐证材料 of the items an event backs, refused
with the list when it names none or two; attached evidence then counts in `evidence`, `gaps` and the report.

Pingxiang's lists, from schemes/files/pingxiang-market.toml (the 评分表's 佐证材料 column): an offline daily
fair backs recruit.daily_fairs (日常招聘会资料（签到表、岗位清单、现场照片）) and bonus.overachievement
(招聘活动台账); a livestream backs recruit.livestream (直播记录, 数据台账).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import cli_ok, run_cli

from ledger import evidence as ev
from schemes import audit
from schemes.evidence_match import Ask, asks_of, covers, items_for_event, normalise, resolve
from schemes.model import SchemeError, get_scheme

DAILY = "日常招聘会资料（签到表、岗位清单、现场照片）"
ASKS = [Ask(DAILY, ("recruit.daily_fairs",)), Ask("招聘活动台账", ("bonus.overachievement",))]


def test_normalise_folds_widths_brackets_and_spaces() -> None:
    assert normalise("日常招聘会资料 (签到表, 岗位清单, 现场照片)") == normalise(DAILY)
    assert normalise("【现场照片】") == normalise("[现场照片]") == normalise("（现场照片）") == "(现场照片)"
    assert normalise("ＰＤＦ 扫描件") == "pdf扫描件"


@pytest.mark.parametrize(
    ("query", "chosen"),
    [
        ("签到表", DAILY),
        ("现场照片", DAILY),  # the help's own example
        ("岗位 清单", DAILY),
        ("日常招聘会资料(签到表、岗位清单、现场照片)", DAILY),  # half-width brackets
        ("1", DAILY),
        ("２", "招聘活动台账"),  # a full-width digit
        ("台账", "招聘活动台账"),
    ],
)
def test_a_number_or_a_fragment_names_one_entry(query: str, chosen: str) -> None:
    assert resolve(query, ASKS, "event #3") == chosen


def test_an_exact_entry_wins_over_entries_containing_it() -> None:
    asks = [Ask(DAILY, ("a",)), Ask("现场照片", ("b",))]
    assert resolve("现场照片", asks, "event #3") == "现场照片"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("签名表", f"--for '签名表' matches none of the 佐证材料 event #3 backs: 1. {DAILY} (recruit.daily_fairs); "
                  "2. 招聘活动台账 (bonus.overachievement); give the number or part of the text of one of them"),
        ("招聘", f"--for '招聘' matches 2 of the 佐证材料 event #3 backs (1. {DAILY}; 2. 招聘活动台账): give its "
                "number or more of its text"),
        ("3", f"--for 3: event #3 has 2 佐证材料 to choose from: 1. {DAILY} (recruit.daily_fairs); 2. 招聘活动台账 "
              "(bonus.overachievement)"),
        ("0", f"--for 0: event #3 has 2 佐证材料 to choose from: 1. {DAILY} (recruit.daily_fairs); 2. 招聘活动台账 "
              "(bonus.overachievement)"),
    ],
)  # fmt: skip
def test_none_or_two_matches_are_refused_with_the_list(query: str, message: str) -> None:
    with pytest.raises(SchemeError) as err:
        resolve(query, ASKS, "event #3")
    assert str(err.value) == message


def test_an_event_backing_no_item_has_nothing_to_match() -> None:
    with pytest.raises(
        SchemeError, match="backs no item that asks for evidence, so --for has nothing to match"
    ):
        resolve("现场照片", [], "event #1 (site_registered, under pingxiang-market)")


def test_items_for_an_event_follow_the_indicators_it_feeds() -> None:
    scheme = get_scheme("pingxiang-market")
    offline = items_for_event(
        scheme, "job_fair_held", {"kind": "daily", "format": "offline", "companies": 20}
    )
    assert [i.id for i in offline] == [
        "recruit.daily_fairs",
        "bonus.overachievement",
    ]  # 20 < 35: still its fair
    themed = items_for_event(scheme, "job_fair_held", {"kind": "themed", "format": "offline"})
    assert [i.id for i in themed] == ["recruit.themed_fairs", "bonus.overachievement"]
    assert [a.text for a in asks_of(items_for_event(scheme, "livestream_run", {}))] == [
        "直播记录",
        "数据台账",
    ]
    shaxian = get_scheme("shaxian-gig")
    judged = items_for_event(shaxian, "assessor_judgement", {"scheme": "shaxian-gig", "item": "site.rules"})
    assert [i.id for i in judged] == ["site.rules"]


@pytest.mark.parametrize(
    ("ask", "requirement", "file_name", "covered"),
    [
        (DAILY, DAILY, "a.jpg", True),
        (DAILY, "日常招聘会资料(签到表,岗位清单,现场照片)", "a.jpg", True),
        (DAILY, "签到表", "a.jpg", True),  # attached before --for was matched: a fragment of the entry
        (DAILY, "表", "a.jpg", False),  # one character is not a requirement
        (DAILY, "", "a.jpg", False),
        ("现场照片", "", "现场照片-3月.jpg", True),  # named after the requirement
        ("现场照片", "", "照片.jpg", False),
        ("现场照片", "签到表", "x.jpg", False),
    ],
)
def test_covers(ask: str, requirement: str, file_name: str, covered: bool) -> None:
    assert covers(ask, requirement, file_name) is covered


# -- through the command line: attach, then evidence, gaps and the report count it -------------------------------


@pytest.fixture
def fair_db(tmp_path: Path) -> Path:
    db = tmp_path / "ledger.db"
    cli_ok(db, "init")
    cli_ok(db, "site", "add", "px", "--name", "萍乡", "--on", "2026-01-01")
    cli_ok(
        db,
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
    cli_ok(db, "log", "job_fair_held", "--site", "px", "--on", "2026-03-05", "title=周四专场", "format=offline",
           "kind=daily", "companies=36", "jobs=950", "visitors=210")  # fmt: skip
    (tmp_path / "sign-in.jpg").write_bytes(b"sign-in sheet")
    return db


def item_block(text: str, item: str) -> str:
    return text.split(f"{item} ", 1)[1].split("\n\n", 1)[0]


def test_attach_for_a_fragment_counts_everywhere(fair_db: Path, tmp_path: Path) -> None:
    before = cli_ok(fair_db, "evidence", "--site", "px", "--period", "2026-Q1")
    assert f"missing: {DAILY}" in item_block(before, "recruit.daily_fairs")
    gaps_before = cli_ok(fair_db, "gaps", "--site", "px", "--period", "2026-Q1")
    assert f"evidence not attached: {DAILY}" in gaps_before
    out = cli_ok(fair_db, "attach", "3", tmp_path / "sign-in.jpg", "--for", "签到表")
    assert out.rstrip().endswith(f"(for {DAILY})")
    assert f'"requirement": "{DAILY}"' in cli_ok(
        fair_db, "events", "--type", "evidence_attached", "--format", "jsonl"
    )
    listing = item_block(
        cli_ok(fair_db, "evidence", "--site", "px", "--period", "2026-Q1"), "recruit.daily_fairs"
    )
    assert f"[stored, attached by #4] → {DAILY}" in listing and "missing: nothing" in listing
    assert DAILY not in cli_ok(fair_db, "gaps", "--site", "px", "--period", "2026-Q1")
    cli_ok(fair_db, "report", "--site", "px", "--period", "2026-Q1", "--out", tmp_path / "r.html")
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    row = html.split('<div class="sub">recruit.daily_fairs</div>', 1)[1].split("</tr>", 1)[0]
    assert f'<span class="yes">✓ 已附</span> {DAILY}' in row and "sign-in.jpg" in row


def test_attach_for_nothing_or_two_is_refused_and_stores_nothing(fair_db: Path, tmp_path: Path) -> None:
    photo = tmp_path / "sign-in.jpg"
    for query, start in (("签名表", "error: --for '签名表' matches none of the 佐证材料 event #3 (job_fair_held, under "
                                    f"pingxiang-market) backs: 1. {DAILY} (recruit.daily_fairs); 2. 招聘活动台账"),
                         ("招聘", "error: --for '招聘' matches 2 of the 佐证材料")):  # fmt: skip
        result = run_cli("--db", fair_db, "attach", "3", photo, "--for", query, cwd=tmp_path)
        assert result.code == 1 and result.err.startswith(start) and result.err.count("\n") == 1, result.err
    assert cli_ok(fair_db, "events", "--type", "evidence_attached", "--format", "jsonl") == ""
    assert not (tmp_path / "ledger.evidence").exists() or not any((tmp_path / "ledger.evidence").rglob("*"))
    by_number = cli_ok(fair_db, "attach", "3", photo, "--for", "2")
    assert by_number.rstrip().endswith("(for 招聘活动台账)")


def test_attach_for_on_a_site_without_a_contract_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    cli_ok(db, "init")
    cli_ok(db, "site", "add", "px", "--name", "萍乡", "--on", "2026-01-01")
    cli_ok(db, "log", "gig_worker_registered", "--site", "px", "--on", "2026-03-05", "worker=W")
    photo = tmp_path / "p.jpg"
    photo.write_bytes(b"x")
    result = run_cli("--db", db, "attach", "2", photo, "--for", "台账", cwd=tmp_path)
    assert result.err == ("error: --for names one of the 佐证材料 of the site's scheme, and site 'px' has no contract: "
                          "add one, or attach without --for\n")  # fmt: skip
    assert cli_ok(db, "attach", "2", photo).startswith("attached p.jpg")


def test_an_attachment_made_for_a_fragment_before_still_counts(fair_db: Path, tmp_path: Path) -> None:
    """Attachments stored before --for was matched carry what was typed (签到表): a part of the entry covers it."""
    from ledger.ledger import Ledger

    ledger = Ledger(fair_db)
    try:
        ev.attach(ledger, 3, tmp_path / "sign-in.jpg", "zhang", "签到表")
        _, items = audit.evidence_report(ledger, "px", "2026-Q1")
    finally:
        ledger.close()
    daily = next(i for i in items if i.id == "recruit.daily_fairs")
    assert daily.missing == [] and [covered for _, _, covered in daily.attached] == [DAILY]
