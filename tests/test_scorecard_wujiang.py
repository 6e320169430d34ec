"""wujiang-alliance through the real CLI: a cohort of 12 operating units scored together for 2022.

Seed: shared/seeds/004_c6a020ec11deaec1.txt (the seeds README maps it to wujiang-alliance) (2022年“乐业吴江”就业协作联盟运营单位绩效考核细则).
The ledger is built the way a buyer would: init, site add x12, contract add x12, role grant (assessor) x12,
then one generated JSONL of the year's events imported; scored with `opsledger score` in subprocesses.

Every expected number below is worked out by hand in the comments from the seed's clauses.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from conftest import cli_contracted_site, cli_db, cli_ok

ROOT = Path(__file__).resolve().parents[1]
SCHEME = "wujiang-alliance"
ASSESSOR = "rsj-assessor"  # 区人社局 assessor
UNITS = [f"U{i}" for i in range(1, 13)]


# `python -m cli --db DB ARGS` as the buyer from the repository root: run -> .code/.out/.err, ok -> stdout.
run = partial(cli_db, actor="buyer", cwd=ROOT)
ok = partial(cli_ok, actor="buyer", cwd=ROOT)


# -- the year's events, per unit --------------------------------------------------------------------------
#
# Defaults (every unit unless its entry says otherwise):
#   3 bases (一.1: 12), 2 offline outbound trips with 6 Wujiang companies (一.2: 8), no poor evaluations,
#   台账 met (一.3: 5); every worker dispatched (labour_base) and first insured the same day between January and
#   June 2022; half the workers (rounded up) with commercial accident insurance (四.2: >= 50% -> 3);
#   4 express deliveries rated 5 stars (三.1: 20); organisation and reporting judged met (四.1: 10, 四.3: 2).
#   So every unit starts from (一) 25 + (三) 20 + (四) 15 = 60 before (二), bonus lines and (五).

DEFAULTS: dict[str, Any] = {
    "bases": 3, "trips_off": 2, "trips_on": 0, "poor": {}, "ledger": True, "workers": 0, "unstable": 0,
    "late_h2": 0, "commercial": None, "express": [5, 5, 5, 5], "ratings": [], "management": True,
    "reporting": True, "complaints": [], "disputes": [], "credit": [], "incidents": [], "trainees": 0,
    "trainees_off_list": 0, "interns": 0, "unmatched": 0, "weak_trip": False, "old_worker": False,
    "duplicate_base": False,
}  # fmt: skip

COHORT: dict[str, dict[str, Any]] = {
    # 7 bases (+ a second agreement with one partner, + one signed in 2021): 一.1 12, bonus min(4x4, 12) = 12.
    # 3 offline + 1 online trip: counted 3 + min(1, 1) = 4 -> 一.2 8, bonus 4 x (4-2) = 8.
    # Poor evaluations: trip 1 six (capped at 5), trip 2 one -> -6. 100 workers, 10 leave within six months
    # -> stable 90; 49 commercial -> 49% -> 3 - 0.08 = 2.92. One worker first insured in 2021 is not counted.
    "U1": {"bases": 7, "duplicate_base": True, "trips_off": 3, "trips_on": 1, "poor": {1: 6, 2: 1},
           "workers": 100, "unstable": 10, "commercial": 49, "ratings": [("2022-12-20", "4.9")], "old_worker": True},
    # 95 workers, 15 leave -> stable 80; 9 deliveries at 5 stars + 2 at 3 stars -> 20 + bonus 2 x 5 = 10.
    "U2": {"workers": 95, "unstable": 15, "commercial": 48, "express": [5] * 9 + [3, 3],
           "ratings": [("2022-12-20", "4.8")]},
    # 90 workers, all stable, 10 of them first insured 2022-09-10 (stable only from 2023-03-10); HR credit C.
    "U3": {"workers": 90, "late_h2": 10, "commercial": 45, "ratings": [("2022-12-20", "4.7")],
           "credit": [("hr_service", "C")]},
    # 90 workers, 45 leave -> 45/90 = 50.00% exactly (qualifies); commercial 45/90 = 50% -> 3.
    "U4": {"workers": 90, "unstable": 45, "commercial": 45, "ratings": [("2022-12-20", "4.6")]},
    # 80 workers, 41 leave -> 39/80 = 48.75% < 50%: stability 0. 6 complaints, 2 found invalid -> 4: no penalty.
    "U5": {"workers": 80, "unstable": 41, "commercial": 40, "ratings": [("2022-12-20", "4.5")],
           "complaints": [None, None, True, True, False, False]},
    # 70 workers, 10 leave -> 60; a major social incident: unqualified and disqualified.
    "U6": {"workers": 70, "unstable": 10, "commercial": 35, "ratings": [("2022-12-20", "4.4")],
           "incidents": ["major_social_incident"]},
    # 60 workers all stable; 4 offline trips -> 8 + bonus 8; 5 complaints (2 valid, 3 pending) -> -5.
    "U7": {"workers": 60, "commercial": 30, "trips_off": 4, "ratings": [("2022-12-20", "4.4")],
           "complaints": [True, True, None, None, None]},
    # 45 workers + 3 trainees on the official list + 2 interns = 50 (a trainee off the list does not count);
    # all stable (one intern leaves after 7 months). Commercial 23/45 = 51.11%. Credit B and A: no effect.
    "U8": {"workers": 45, "trainees": 3, "trainees_off_list": 1, "interns": 2, "commercial": 23,
           "ratings": [("2022-12-20", "4.2")], "credit": [("labour_dispatch", "B"), ("hr_service", "A")]},
    # 49 workers (+1 insured but never in the dispatch information: not confirmed) -> under 50: 二.1 0.
    # Trips: 2 online -> only one counts -> 一.2 4; an offline trip with 4 Wujiang companies does not count.
    # 台账 judged not met -> 一.3 0. Rating exactly 4.0 -> ranked.
    "U9": {"workers": 49, "unmatched": 1, "trips_off": 0, "trips_on": 2, "weak_trip": True, "ledger": False,
           "commercial": 25, "ratings": [("2022-12-20", "4.0")]},
    # 40 workers, 10 leave -> 30/40 = 75% -> value 22.5 (ties U4). Deliveries 5, 4, 4 stars count, 3 does not:
    # 三.1 15. Ratings: 4.5 in June, 3.9 in December, 4.9 in January 2023 -> 3.9 at year end: no bonus.
    "U10": {"workers": 40, "unstable": 10, "commercial": 20, "express": [5, 4, 4, 3],
            "ratings": [("2022-06-20", "4.5"), ("2022-12-20", "3.9"), ("2023-01-15", "4.9")]},
    # 30 workers all stable; a collective dispute lost (-10), an individual one lost (-5), one won.
    "U11": {"workers": 30, "commercial": 15, "ratings": [("2022-12-20", "4.1")],
            "disputes": [("collective", "lost"), ("individual", "lost"), ("individual", "won")]},
    # 20 workers, 10 leave -> 50% -> value 5; 4 bases -> bonus 4; no platform rating.
    "U12": {"workers": 20, "unstable": 10, "commercial": 10, "bases": 4},
}  # fmt: skip


def unit_events(site: str, cfg: dict[str, Any]) -> list[dict[str, Any]]:
    c = {**DEFAULTS, **cfg}
    out: list[dict[str, Any]] = []

    def ev(
        kind: str, on: str, payload: dict[str, Any], actor: str | None = None, eid: str | None = None
    ) -> None:
        rec: dict[str, Any] = {"type": kind, "site": site, "occurred_at": on, "payload": payload}
        if actor:
            rec["actor"] = actor
        if eid:
            rec["id"] = eid
        out.append(rec)

    for i in range(c["bases"]):
        ev("base_agreement_signed", f"2022-03-{i + 1:02d}",
           {"kind": "labour" if i % 2 == 0 else "gov_school", "partner": f"{site}-基地{i + 1}"})  # fmt: skip
    if c["duplicate_base"]:  # a renewed agreement with base 1: still one base
        ev("base_agreement_signed", "2022-08-01", {"kind": "labour", "partner": f"{site}-基地1"})
        ev(
            "base_agreement_signed", "2021-11-01", {"kind": "labour", "partner": f"{site}-旧基地"}
        )  # last year
    trip_no = 0
    for fmt_, n in (("offline", c["trips_off"]), ("online", c["trips_on"])):
        for _ in range(n):
            trip_no += 1
            ev("job_fair_held", f"2022-{3 + trip_no:02d}-15",
               {"title": f"赴外招聘{trip_no}", "format": fmt_, "kind": "outbound", "companies": 8, "jobs": 200,
                "visitors": 300, "wujiang_companies": 6 if fmt_ == "offline" else 5},
               eid=f"{site}-trip-{trip_no}")  # fmt: skip
    if c["weak_trip"]:
        ev("job_fair_held", "2022-10-15", {"title": "赴外招聘（企业不足）", "format": "offline", "kind": "outbound",
                                           "companies": 4, "jobs": 80, "visitors": 100, "wujiang_companies": 4})  # fmt: skip
    for trip, n in c["poor"].items():
        for j in range(n):
            ev("trip_evaluation", f"2022-{3 + trip:02d}-20",
               {"trip": f"{site}-trip-{trip}", "company": f"企业{j}", "overall": "poor"})  # fmt: skip
        ev(
            "trip_evaluation",
            f"2022-{3 + trip:02d}-20",
            {"trip": f"{site}-trip-{trip}", "company": "企业好", "overall": "good"},
        )
    workers = c["workers"]
    for i in range(workers):
        person = f"{site}-w{i:03d}"
        late = i >= workers - c["late_h2"]
        month = 9 if late else 1 + i % 6
        on = f"2022-{month:02d}-10"
        ev(
            "worker_dispatched",
            on,
            {"worker": person, "employer": "盛虹集团", "channel": "labour_base", "base": f"{site}-基地1"},
        )
        ev("employee_insured", on, {"person": person, "employer": "盛虹集团", "kind": "social"})
        if i < c["unstable"]:  # insurance stops two months later: not stable
            ev("insurance_ended", f"2022-{month + 2:02d}-10", {"person": person, "kind": "social"})
    commercial = c["commercial"] if c["commercial"] is not None else (workers + 1) // 2
    for i in range(commercial):
        ev("employee_insured", f"2022-{1 + i % 6:02d}-11",
           {"person": f"{site}-w{i:03d}", "employer": "盛虹集团", "kind": "commercial_accident"})  # fmt: skip
    if c["old_worker"]:  # first insured in Wujiang in 2021: not a 2022 arrival, though insured again in 2022
        ev(
            "worker_dispatched",
            "2021-10-10",
            {"worker": f"{site}-old", "employer": "恒力集团", "channel": "labour_base"},
        )
        ev(
            "employee_insured",
            "2021-11-01",
            {"person": f"{site}-old", "employer": "恒力集团", "kind": "social"},
        )
        ev(
            "employee_insured",
            "2022-02-01",
            {"person": f"{site}-old", "employer": "盛虹集团", "kind": "social"},
        )
    for i in range(c["unmatched"]):  # insured, never in the monthly dispatch information
        ev(
            "employee_insured",
            "2022-04-10",
            {"person": f"{site}-x{i}", "employer": "盛虹集团", "kind": "social"},
        )
    for i in range(c["trainees"]):
        ev("intern_placed", "2022-03-10", {"student": f"{site}-t{i}", "kind": "trainee", "school": "贵州职院",
                                           "employer": "亨通集团", "on_official_list": True})  # fmt: skip
    for i in range(c["trainees_off_list"]):
        ev("intern_placed", "2022-03-10", {"student": f"{site}-tx{i}", "kind": "trainee", "school": "贵州职院",
                                           "employer": "亨通集团", "on_official_list": False})  # fmt: skip
    for i in range(c["interns"]):
        ev("intern_placed", "2022-03-10", {"student": f"{site}-i{i}", "kind": "intern", "school": "贵州职院",
                                           "employer": "亨通集团"})  # fmt: skip
    if c["interns"]:
        ev("internship_ended", "2022-10-10", {"student": f"{site}-i0"})  # after seven months: still stable
    for j, stars in enumerate(c["express"]):
        ev("worker_dispatched", f"2022-{1 + j % 12:02d}-20",
           {"worker": f"{site}-e{j}", "employer": "缺工企业", "channel": "express_hiring", "rating": stars})  # fmt: skip
    for on, value in c["ratings"]:
        ev("metric_recorded", on, {"metric": "platform_rating", "value": value})
    for j, valid in enumerate(c["complaints"]):
        payload: dict[str, Any] = {"complainant": f"务工人员{j}", "subject": "工资发放"}
        if valid is not None:
            payload["valid"] = valid
        ev("complaint_filed", f"2022-{1 + j:02d}-05", payload)
    for j, (kind, outcome) in enumerate(c["disputes"]):
        ev(
            "dispute_resolved",
            f"2022-{5 + j:02d}-05",
            {"case": f"{site}-case{j}", "kind": kind, "outcome": outcome},
        )
    for scheme, grade in c["credit"]:
        ev("credit_rated", "2022-07-01", {"scheme": scheme, "grade": grade})
    for kind in c["incidents"]:
        ev("site_incident", "2022-08-08", {"kind": kind, "description": "群体性上访"})
    for item, met in (("annual.ledger", c["ledger"]), ("org.management", c["management"]),
                      ("org.reporting", c["reporting"])):  # fmt: skip
        ev("assessor_judgement", "2022-12-28",
           {"scheme": SCHEME, "item": item, "met": met, "reason": "资料齐全" if met else "缺事前报备与影像资料"},
           actor=ASSESSOR)  # fmt: skip
    return out


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("wujiang") / "alliance.db"
    ok(db, "init")
    for i, site in enumerate(UNITS, start=1):
        # Each unit gets the buyer's assessor; the first grant on a site may come from anyone (ledger/roles.py).
        cli_contracted_site(ok, db, site, name=f"联盟运营单位{i}", kind="alliance_unit", on="2022-01-01",
                            scheme=SCHEME, fee="0", assessor=ASSESSOR)  # fmt: skip
    lines = [json.dumps(e, ensure_ascii=False) for site in UNITS for e in unit_events(site, COHORT[site])]
    jsonl = db.parent / "wujiang-2022.jsonl"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = ok(db, "import", str(jsonl))
    assert f"imported {len(lines)} events" in out
    return db


# -- hand-worked results (--assessed-on 2023-06-30, when every 2022 arrival has had six months) -----------
#
# 二.1 placed (units with >= 50 ranked, 25 - 1.5 per rank, floor 5, ties shared):
#   U1 100 #1 25 · U2 95 #2 23.5 · U3 90 and U4 90 tie #3 22 · U5 80 #5 19 · U6 70 #6 17.5 · U7 60 #7 16 ·
#   U8 50 #8 14.5 · U9 49, U10 40, U11 30, U12 20: under 50 -> 0.
# 二.2 stability value = (stable/placed) x stable for units with share >= 50% (15 - 1 per rank, floor 5):
#   U3 90 #1 15 · U1 81 #2 14 · U2 80x80/95 = 67.3684 #3 13 · U7 60 #4 12 · U6 3600/70 = 51.4286 #5 11 ·
#   U8 50 #6 10 · U9 49 #7 9 · U11 30 #8 8 · U4 22.5 and U10 22.5 tie #9 7 · U12 5 #11 max(5, 15-10) = 5 ·
#   U5 48.75% -> 0.
# 三 bonus 2, platform rating >= 4 ranked (10 - 1 per rank, floor 0, ties shared):
#   U1 4.9 10 · U2 4.8 9 · U3 4.7 8 · U4 4.6 7 · U5 4.5 6 · U6 4.4 and U7 4.4 tie #6 5 · U8 4.2 #8 3 ·
#   U11 4.1 #9 2 · U9 4.0 #10 1 · U10 3.9 -> 0 · U12 no rating -> 0.
#
# Totals (base 60 = 25 + 20 + 15 unless noted):
#   U1  (一) 12+8-6+5 = 19, (二) 25+14, (三) 20, (四) 10+2.92+2, bonus 12+8+0+10 = 30      -> 122.92
#   U2  25 + (23.5+13) + 20 + 15 + bonus (10 express + 9 platform)                          -> 115.5
#   U3  25 + (22+15) + 20 + 15 + 8                                                          -> 105   (HR credit C: E)
#   U4  25 + (22+7) + 20 + 15 + 7                                                           -> 96
#   U5  25 + (19+0) + 20 + 15 + 6                                                           -> 85
#   U6  25 + (17.5+11) + 20 + 15 + 5                                                        -> 93.5  (major incident: E, disqualified)
#   U7  25 + (16+12) + 20 + 15 + (8 trips + 5 platform) - 5 complaints                      -> 96
#   U8  25 + (14.5+10) + 20 + 15 + 3                                                        -> 87.5
#   U9  (一) 12+4+0 = 16 + (0+9) + 20 + 15 + 1                                             -> 61
#   U10 25 + (0+7) + 15 + 15 + 0                                                            -> 62
#   U11 25 + (0+8) + 20 + 15 + 2 - 10 - 5                                                   -> 55    (below 60: E)
#   U12 25 + (0+5) + 20 + 15 + 4 bases bonus                                                -> 69
#
# Ranking by total (ties share the better rank): U1 1, U2 2, U3 3, U4 4, U7 4, U6 6, U8 7, U5 8, U12 9,
# U10 10, U9 11, U11 12.
# Quota (五): 12 units -> A floor(1.2) = 1, B floor(2.4) = 2, C floor(3.6) = 3 seats; E units take none.
#   A: U1. B: U2 takes one seat; U4 and U7 tie for the one seat left and do not both fit -> both move to C.
#   C: U4, U7, U8 (3 seats). D: U5, U12, U10, U9. E (unqualified): U3, U6, U11.

EXPECTED = {
    # site: (rank, total, grade, hr.placed, hr.stability, bonus.platform)
    "U1": (1, "122.92", "A", "25", "14", "10"),
    "U2": (2, "115.5", "B", "23.5", "13", "9"),
    "U3": (3, "105", "E", "22", "15", "8"),
    "U4": (4, "96", "C", "22", "7", "7"),
    "U7": (4, "96", "C", "16", "12", "5"),
    "U6": (6, "93.5", "E", "17.5", "11", "5"),
    "U8": (7, "87.5", "C", "14.5", "10", "3"),
    "U5": (8, "85", "D", "19", "0", "6"),
    "U12": (9, "69", "D", "0", "5", "0"),
    "U10": (10, "62", "D", "0", "7", "0"),
    "U9": (11, "61", "D", "0", "9", "1"),
    "U11": (12, "55", "E", "0", "8", "2"),
}


def cohort_json(db: Path, *extra: str) -> dict[str, dict[str, Any]]:
    out = ok(db, "score", "--scheme", SCHEME, "--period", "2022", "--format", "json", *extra)
    cards = json.loads(out)
    assert [c["site"] for c in cards] == list(EXPECTED), "cards come in rank order (ties by site id)"
    return {c["site"]: c for c in cards}


def items(card: dict[str, Any]) -> dict[str, Decimal]:
    return {i["id"]: Decimal(i["points"]) for i in card["items"]}


def test_cohort_ranks_grades_and_rank_items(ledger: Path) -> None:
    cards = cohort_json(ledger, "--assessed-on", "2023-06-30")
    for site, (rank, total, grade, placed, stability, platform) in EXPECTED.items():
        card = cards[site]
        got = items(card)
        assert (card["rank"], Decimal(card["total"]), card["grade"]) == (rank, Decimal(total), grade), site
        assert card["cohort_size"] == 12
        assert got["hr.placed"] == Decimal(placed), site
        assert got["hr.stability"] == Decimal(stability), site
        assert got["bonus.platform"] == Decimal(platform), site


def test_cohort_item_details(ledger: Path) -> None:
    cards = cohort_json(ledger, "--assessed-on", "2023-06-30")
    u1, u2, u7, u8, u9, u10, u11, u12 = (
        items(cards[s]) for s in ("U1", "U2", "U7", "U8", "U9", "U10", "U11", "U12")
    )
    # 一.1: 7 distinct bases (the renewal is the same base; 2021's is last year) -> 12 + bonus 12 (cap).
    assert (u1["annual.bases"], u1["bonus.bases"]) == (12, 12)
    assert (u12["annual.bases"], u12["bonus.bases"]) == (12, 4)  # 4 bases: one beyond three
    # 一.2: 3 offline + 1 online -> 4 counted -> 8 + bonus 8; poor: min(6, 5) + 1 = -6.
    assert (u1["annual.trips"], u1["bonus.trips"], u1["annual.trip_reviews"]) == (8, 8, -6)
    # U9: 2 online -> one counts -> 4; the offline trip with 4 Wujiang companies does not count; 台账 not met.
    assert (u9["annual.trips"], u9["bonus.trips"], u9["annual.ledger"]) == (4, 0, 0)
    # 三.1: U2 9 deliveries at 5 stars (the two at 3 stars do not count) -> 20 + 2 x 5 = 10.
    assert (u2["express.deliveries"], u2["bonus.express"]) == (20, 10)
    # U10: 5, 4, 4 stars count, 3 does not -> 15; rating 3.9 at year end -> no platform bonus.
    assert (u10["express.deliveries"], u10["bonus.platform"]) == (15, 0)
    # 四.2: U1 49% -> 3 - 0.08 x 1 = 2.92; U8 23/45 = 51.11% -> 3.
    assert (u1["org.insurance"], u8["org.insurance"]) == (Decimal("2.92"), 3)
    # 五: U7 5 complaints -> -5; U11 collective -10, individual -5 (the won case costs nothing).
    assert u7["neg.complaints"] == -5
    assert (u11["neg.collective"], u11["neg.individual"], u11["neg.complaints"]) == (-10, -5, 0)
    # U8's 50 = 45 workers + 3 listed trainees + 2 interns (the unlisted trainee is not counted).
    placed = next(i for i in cards["U8"]["items"] if i["id"] == "hr.placed")
    assert placed["inputs"]["placed"] == "50"
    u9_placed = next(i for i in cards["U9"]["items"] if i["id"] == "hr.placed")
    assert u9_placed["inputs"]["placed"] == "49"  # the insured-but-never-dispatched worker is not confirmed


def test_conditions_in_notes_and_consequences(ledger: Path) -> None:
    cards = cohort_json(ledger, "--assessed-on", "2023-06-30")
    u3, u6, u11, u1 = cards["U3"], cards["U6"], cards["U11"], cards["U1"]
    assert [c["conditions"] for c in u3["consequences"]] == [["hr_credit_c"]]
    assert not any(c["terminable"] for c in u3["consequences"])
    assert [c["conditions"] for c in u6["consequences"]] == [["major_incident"], ["major_incident"]]
    assert [c["terminable"] for c in u6["consequences"]] == [False, True]
    assert any("取消" in n for n in u6["notes"])
    assert [c["conditions"] for c in u11["consequences"]] == [["total_below_60"]]
    assert u11["consequences"][0]["below"] == "60"
    assert u1["consequences"] == []
    # U4 and U7 tie at 96 for the one B seat left: the card says why both are C (and U8, with no tie, has no note)
    for site, other in (("U4", "U7"), ("U7", "U4")):
        assert any(
            f"与 {other} 并列第 4 名：B 级剩余名额容不下并列的 2 家，按“不超过”整体列入 C 级" in n
            for n in cards[site]["notes"]
        )
    assert not any("并列" in n for n in cards["U8"]["notes"])


def test_cohort_text(ledger: Path) -> None:
    out = ok(ledger, "score", "--scheme", SCHEME, "--period", "2022", "--assessed-on", "2023-06-30")
    lines = out.splitlines()
    assert "12 units" in lines[1]
    start = next(n for n, ln in enumerate(lines) if ln.startswith("-----")) + 1
    table = [ln.split() for ln in lines[start : start + 12]]
    assert [(row[0], row[1], row[2], row[3]) for row in table] == [
        (str(r), s, t, g) for s, (r, t, g, *_) in EXPECTED.items()
    ]
    row = {r[1]: r for r in table}
    assert row["U6"][-2:] == ["major_incident", "(disqualified)"]
    assert row["U3"][-1] == "hr_credit_c" and row["U11"][-1] == "total_below_60" and row["U1"][-1] == "-"
    assert "seats A 1, B 2, C 3" in out
    # each unit's items follow the table, in rank order
    assert out.index("#1 U1 ·") < out.index("#4 U4 ·") < out.index("#4 U7 ·") < out.index("#12 U11 ·")
    u1 = out[out.index("#1 U1 ·") : out.index("#2 U2 ·")]
    assert "bases 12, trips 8, trip_reviews -6, ledger 5" in u1
    assert "placed 25, stability 14" in u1


def test_one_unit_in_the_cohort_context(ledger: Path) -> None:
    out = ok(ledger, "score", "--site", "U3", "--period", "2022", "--assessed-on", "2023-06-30")
    assert "rank 3 of 12" in out
    assert f"{'grade':<24} E (unqualified (不合格))" in out
    zh = ok(
        ledger, "--lang", "zh", "score", "--site", "U3", "--period", "2022", "--assessed-on", "2023-06-30"
    )
    assert f"{'等次':<22} E\n" in zh and "第 3 名（共 12 家）" in zh  # 等次 is 4 columns wide in a terminal
    assert "人力资源服务机构信用等级评价为C级" in zh
    assert "等次 E（第 3/12 名）" in zh  # the money section reads the unit's own contract and its grade
    assert "hr.placed" in zh and "排名第 3" in zh  # the placed rank (tied with U4) is explained
    card = json.loads(ok(ledger, "score", "--site", "U3", "--period", "2022", "--assessed-on", "2023-06-30",
                         "--format", "json"))  # fmt: skip
    assert (card["rank"], card["cohort_size"], card["total"], card["grade"]) == (3, 12, "105", "E")


def test_default_assessment_date_is_the_period_end(ledger: Path) -> None:
    # Without --assessed-on, stability is counted at 2022-12-31: U3's ten workers first insured 2022-09-10 are
    # not six months in yet. U3: 80/90 = 88.89% -> value 0.8889 x 80 = 71.1111 -> second behind U1's 81:
    # U1 stability 15, U3 14. U1 total 122.92 + 1 = 123.92; U3 105 - 1 = 104 (still rank 3).
    cards = cohort_json(ledger)
    assert items(cards["U1"])["hr.stability"] == 15
    assert items(cards["U3"])["hr.stability"] == 14
    assert (Decimal(cards["U1"]["total"]), Decimal(cards["U3"]["total"])) == (
        Decimal("123.92"),
        Decimal("104"),
    )
    u3 = next(i for i in cards["U3"]["items"] if i["id"] == "hr.stability")
    assert u3["inputs"]["stability_value"] == "71.1111"


def test_unknown_site_is_a_one_line_error(ledger: Path) -> None:
    proc = run(ledger, "score", "--site", "U99", "--period", "2022")
    assert proc.code == 1
    assert proc.err.startswith("error: unknown site 'U99'") and "Traceback" not in proc.err
