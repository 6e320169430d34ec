"""A sixth scheme written as one data file (data/schemes/gig-station-annual.toml, no Python): loaded beside the
built-in schemes with --schemes-dir, scored from events logged through the real CLI, and paid: 15% prepaid at the
start of each quarter, the remaining 40% after the annual assessment at the grade's percentage.

Its clauses are pinned case by case in gig-station-annual.cases.toml (run by tests/test_scheme_cases.py); here
the whole chain runs in subprocesses, as a buyer and an operator would run it."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from conftest import cli_env, run_cli

from schemes.checks import check_assessor_payload
from schemes.model import SchemeError, get_scheme

REPO = Path(__file__).resolve().parents[1]
DIR = REPO / "data" / "schemes"
SITE = "station"


def run(db: Path, *args: object, actor: str = "zhang") -> str:
    done = run_cli("--db", db, "--schemes-dir", DIR, *args, cwd=db.parent,
                   env=cli_env(OPSLEDGER_ACTOR=actor, PYTHONPATH=str(REPO)))  # fmt: skip
    assert done.code == 0, f"{args}: {done.err}"
    return done.out


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("station") / "station.db"
    run(db, "init")
    run(db, "site", "add", SITE, "--name", "某县零工驿站", "--on", "2026-01-01")
    run(
        db,
        "contract",
        "add",
        SITE,
        "--scheme",
        "gig-station-annual",
        "--start",
        "2026-01-01",
        "--fee",
        "1000000",
    )
    run(db, "role", "grant", "li", "--role", "assessor", "--site", SITE, actor="buyer")
    # 1000 placements of 1200 (16.67 of 20); no registrations (0 of 10); 90 of 100 follow-ups reached (10);
    # one event of 60 job seekers in January only: 11 months short (0 of 10); ratings 4/5/3/4 (12.5 of 15);
    # complaint B closed after 4 working days across National Day (-2: 8 of 10); every monthly report on time
    # (10); 85% satisfied by a third party's survey (10 of 15). Total 16.67 + 0 + 10 + 0 + 12.5 + 8 + 10 + 10.
    lines = [
        {
            "type": "gig_deal_completed",
            "site": SITE,
            "occurred_at": "2026-06-01",
            "actor": "zhang",
            "payload": {"worker": f"W{n}", "employer": "某企业"},
            "idempotency_key": f"deal-{n}",
        }
        for n in range(1000)
    ]
    lines += [
        {
            "type": "follow_up_call",
            "site": SITE,
            "occurred_at": "2026-07-01",
            "actor": "zhang",
            "payload": {"scope": "gig_worker", "contact": f"C{n}", "reached": n < 90},
        }
        for n in range(100)
    ]
    lines += [
        {
            "type": "deliverable_submitted",
            "site": SITE,
            "occurred_at": f"2026-{m + 1:02d}-03",
            "covers": f"2026-{m:02d}",
            "actor": "zhang",
            "payload": {"kind": "monthly_report", "title": f"{m}月运营报告"},
        }
        for m in range(1, 12)
    ]
    lines += [{"type": "deliverable_submitted", "site": SITE, "occurred_at": "2027-01-04", "covers": "2026-12",
               "actor": "zhang", "payload": {"kind": "monthly_report", "title": "12月运营报告"}}]  # fmt: skip
    path = db.parent / "year.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    run(db, "import", path, "--allow-future")  # the year runs to 2026-12-31 (and a report due in 2027)
    run(db, "log", "job_fair_held", "--site", SITE, "--on", "2026-01-15", "title=新春招聘", "format=offline",
        "kind=daily", "companies=20", "jobs=300", "visitors=60")  # fmt: skip
    run(
        db,
        "log",
        "complaint_filed",
        "--site",
        SITE,
        "--on",
        "2026-09-29",
        "case=B",
        "complainant=求职者乙",
        "subject=岗位信息",
    )
    run(db, "log", "complaint_closed", "--site", SITE, "--on", "2026-10-10", "case=B")
    run(db, "log", "survey_summary", "--site", SITE, "--on", "2026-12-01", "survey=gig_satisfaction", "respondents=100",
        "satisfied=85", "source=县统计调查队")  # fmt: skip
    run(db, "log", "assessor_rating", "--site", SITE, "--on", "2026-12-15", "--allow-future", "scheme=gig-station-annual",
        "item=service.rating", 'ratings={"attitude": 4, "efficiency": 5, "environment": 3, "accuracy": 4}',
        "reason=年度考核组现场评分", actor="li")  # fmt: skip
    return db


def test_the_year_scores_item_by_item(station: Path) -> None:
    card = json.loads(run(station, "score", "--site", SITE, "--period", "2026", "--format", "json"))
    points = {i["id"]: D(i["points"]) for i in card["items"]}
    assert points == {
        "placement.rate": D("16.67"), "registration.rate": D(0), "follow_up": D(10), "events.monthly": D(0),
        "service.rating": D("12.5"), "complaints.timely": D(8), "reports.monthly": D(10), "satisfaction": D(10),
    }  # fmt: skip
    assert D(card["total"]) == D("67.17") and card["grade"] == "合格"  # 60（含）至80 -> 合格


def test_the_year_is_paid_quarterly_then_by_grade(station: Path) -> None:
    # 4 x 15% of 1,000,000 = 600,000 prepaid on 1 Jan, 1 Apr, 1 Jul, 1 Oct; 合格 pays 75% of the remaining 40%
    # = 300,000; the year pays 900,000 and 100,000 (25% of 400,000) is lost to the grade.
    out = json.loads(
        run(station, "payout", "--site", SITE, "--year", "2026", "--on", "2027-01-20", "--format", "json")
    )
    assert [(p["due"], p["yuan"]) for p in out["payments"][:4]] == [
        ("2026-01-01", "150000.00"), ("2026-04-01", "150000.00"), ("2026-07-01", "150000.00"), ("2026-10-01", "150000.00"),
    ]  # fmt: skip
    assert out["payments"][4]["yuan"] == "300000.00"
    assert (out["total_paid_yuan"], out["total_deducted_yuan"]) == ("900000.00", "100000.00")


def test_a_veto_fails_the_year_and_pays_half_the_remainder(station: Path, tmp_path: Path) -> None:
    # 三、一票否决: a safety accident makes the total 0 and the grade 不合格 (50% of the remaining 40% = 200,000)
    db = tmp_path / "veto.db"
    db.write_bytes(station.read_bytes())
    run(
        db,
        "log",
        "site_incident",
        "--site",
        SITE,
        "--on",
        "2026-11-02",
        "kind=safety_accident",
        "description=电梯事故",
    )
    card = json.loads(run(db, "score", "--site", SITE, "--period", "2026", "--format", "json"))
    assert (D(card["total"]), card["grade"]) == (D(0), "不合格")
    assert card["vetoes"][0]["id"] == "major_incident" and any("否决项" in n for n in card["notes"])
    out = json.loads(
        run(db, "payout", "--site", SITE, "--year", "2026", "--on", "2027-01-20", "--format", "json")
    )
    assert out["payments"][4]["yuan"] == "200000.00"


@pytest.mark.parametrize(
    ("ratings", "said"),
    [
        (
            {"attitude": 6, "efficiency": 5, "environment": 3, "accuracy": 4},
            "attitude = 6 is outside the scale 1..5",
        ),
        ({"attitude": 4, "efficency": 5, "environment": 3, "accuracy": 4}, "did you mean 'efficiency'"),
        ({"attitude": 4, "efficiency": 5, "environment": 3}, "missing accuracy"),
    ],
    ids=["off-the-scale", "misspelt-aspect", "aspect-not-rated"],
)
def test_ratings_the_scheme_would_not_count_are_refused(ratings: dict[str, int], said: str) -> None:
    scheme = get_scheme("gig-station-annual", DIR)
    payload = {"scheme": "gig-station-annual", "item": "service.rating", "ratings": ratings, "reason": "评分"}
    with pytest.raises(SchemeError, match=said):
        check_assessor_payload(scheme, "assessor_rating", payload)


def test_a_year_chinese_calendar_does_not_cover_is_one_line_naming_it(station: Path, tmp_path: Path) -> None:
    # A complaint received on 30 December 2026 is due 3 working days later, in 2027: the package covers 2026.
    db = tmp_path / "2027.db"
    db.write_bytes(station.read_bytes())
    run(
        db,
        "log",
        "complaint_filed",
        "--site",
        SITE,
        "--on",
        "2026-12-30",
        "--allow-future",
        "case=Z",
        "complainant=甲",
        "subject=乙",
    )
    done = run_cli("--db", db, "--schemes-dir", DIR, "score", "--site", SITE, "--period", "2026", cwd=db.parent,
                   env=cli_env(PYTHONPATH=str(REPO)))  # fmt: skip
    assert done.code == 1 and "Traceback" not in done.err
    assert (
        done.err.startswith("error: working days in 2027 are not known") and len(done.err.splitlines()) == 1
    )
    # The buyer supplies 2027's table beside the scheme files: the score runs.
    own = tmp_path / "schemes"
    own.mkdir()
    (own / "gig-station-annual.toml").write_bytes((DIR / "gig-station-annual.toml").read_bytes())
    (own / "holidays-2027.toml").write_text('holidays = ["2027-01-01"]\nworkdays = []\n', encoding="utf-8")
    ok = run_cli("--db", db, "--schemes-dir", own, "score", "--site", SITE, "--period", "2026", cwd=db.parent,
                 env=cli_env(PYTHONPATH=str(REPO)))  # fmt: skip
    assert ok.code == 0, ok.err
