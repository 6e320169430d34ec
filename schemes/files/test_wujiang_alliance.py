"""Table-driven cases for wujiang-alliance.toml: indicator values (or events) in, points, ranks and grades out.

Seed: 004_c6a020ec11deaec1.txt (2022年“乐业吴江”就业协作联盟运营单位绩效考核细则). Every expected number is worked
out by hand from the clause quoted beside it; no database. Readings W1-W4 are written at the top of the scheme
file: W1 "不低于/以上/及以上" include the number, "低于" excludes it; W2 ties in a rank are shared (1, 1, 3);
W3 "当年度首次进吴" = first recorded with this unit; W4 ratios to two decimals of a percent.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ledger.envelope import Event
from projections.indicators import IndicatorValue, _ratio, compute
from projections.periods import Period
from schemes.cohort import competition_ranks, rank_cohort
from schemes.engine import Scorecard, score, score_item
from schemes.model import Scheme, get_scheme
from schemes.rules import quota_grades, rank_points

SCHEME_ID = "wujiang-alliance"
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "004_c6a020ec11deaec1.txt"
YEAR = Period.parse("2022")
D = Decimal


@pytest.fixture(scope="module")
def scheme() -> Scheme:
    return get_scheme(SCHEME_ID)


def iv(value: Any) -> IndicatorValue:
    """An indicator value backed by one event (so the rule, not the no-data path, decides)."""
    return IndicatorValue(None if value is None else D(str(value)), events=(1,))


def judged(met: bool, reason: str = "台账检查") -> IndicatorValue:
    return IndicatorValue(D(0 if met else 1), events=(1,), detail={"met": met, "reason": reason})


# Every indicator at a value that earns the item's maximum (single unit: it ranks first everywhere).
FULL: dict[str, IndicatorValue] = {
    "bases": iv(3),
    "trips_counted": iv(2),
    "trip_poor_reviews": iv(0),
    "j_outbound_ledger": judged(True),
    "placed": iv(60),
    "stability_ratio": iv(100),
    "stability_value": iv(60),
    "express_deliveries": iv(4),
    "platform_rating": iv("4.5"),
    "j_management": judged(True),
    "insurance_ratio": iv(60),
    "j_reporting": judged(True),
    "lost_collective": iv(0),
    "lost_individual": iv(0),
    "complaints": iv(0),
    "major_incidents": iv(0),
    "dispatch_credit_c": iv(0),
    "hr_credit_c": iv(0),
    "hr_credit_d": iv(0),
}

# item id -> (a phrase of the seed's clause, [(case id, indicator values, expected points), ...]).
# Items scored on their own (rank items are in RANK_TABLE below, with a cohort).
TABLE: dict[str, tuple[str, list[tuple[str, dict[str, Any], str]]]] = {
    "annual.bases": (
        "每建立1个劳务基地或者政校合作基地加4分，总分12分",
        [("0 bases", {"bases": 0}, "0"), ("2 bases", {"bases": 2}, "8"), ("3 bases: full", {"bases": 3}, "12"),
         ("4 bases: still 12", {"bases": 4}, "12"), ("7 bases: still 12", {"bases": 7}, "12")],
    ),
    "bonus.bases": (
        "每额外建立1个劳务基地或者政校合作基地加4分，加分上限12分",
        [("3 bases: no bonus", {"bases": 3}, "0"), ("4 bases: one beyond 3", {"bases": 4}, "4"),
         ("6 bases: three beyond, 12", {"bases": 6}, "12"), ("7 bases: cap 12", {"bases": 7}, "12")],
    ),
    "annual.trips": (
        "每组织1次赴外招聘活动加4分，总分8分",
        [("none", {"trips_counted": 0}, "0"), ("1 trip", {"trips_counted": 1}, "4"),
         ("2 trips: full", {"trips_counted": 2}, "8"), ("3 trips: still 8", {"trips_counted": 3}, "8")],
    ),
    "bonus.trips": (
        "额外组织赴外招聘活动（须为线下模式，每次至少带5家吴江企业），每组织1次赴外招聘活动加4分，加分上限8分",
        [("2 trips: no bonus", {"trips_counted": 2}, "0"), ("3 trips", {"trips_counted": 3}, "4"),
         ("4 trips", {"trips_counted": 4}, "8"), ("5 trips: cap 8", {"trips_counted": 5}, "8")],
    ),
    "annual.trip_reviews": (
        "出现1次总评为差的，扣1分，每次赴外招聘最多扣5分",
        [("no poor evaluation", {"trip_poor_reviews": 0}, "0"), ("one", {"trip_poor_reviews": 1}, "-1"),
         ("5 (already capped per trip by the indicator)", {"trip_poor_reviews": 5}, "-5"),
         ("two trips, 5 + 2", {"trip_poor_reviews": 7}, "-7")],
    ),
    "annual.ledger": (
        "资料齐全的得5分",
        [("met", {"j_outbound_ledger": judged(True)}, "5"), ("not met", {"j_outbound_ledger": judged(False)}, "0"),
         ("no judgement yet", {"j_outbound_ledger": IndicatorValue(None)}, "0")],
    ),
    "express.deliveries": (
        "完成1次劳动力输送（2022年起，需满足企业评分4星及以上条件），得5分，总分20分",
        [("0", {"express_deliveries": 0}, "0"), ("3", {"express_deliveries": 3}, "15"),
         ("4: full", {"express_deliveries": 4}, "20"), ("5: still 20", {"express_deliveries": 5}, "20")],
    ),
    "bonus.express": (
        "在完成4次用工速递系统劳动力输送的基础上，额外使用用工速递系统完成1次输送加2分，加分上限10分",
        [("4: no bonus", {"express_deliveries": 4}, "0"), ("5: one beyond 4", {"express_deliveries": 5}, "2"),
         ("9: 10", {"express_deliveries": 9}, "10"), ("10: cap 10", {"express_deliveries": 10}, "10")],
    ),
    "org.management": (
        "妥善解决务工人员食宿和基本的生活用品等事宜得10分",
        [("met", {"j_management": judged(True)}, "10"), ("not met", {"j_management": judged(False)}, "0")],
    ),
    "org.insurance": (
        "人数达到输入总人数50%以上的，得3分。每减1个百分点减0.08分",
        [("51%", {"insurance_ratio": 51}, "3"), ("50% exactly: 以上 includes it", {"insurance_ratio": 50}, "3"),
         ("49%: one point short", {"insurance_ratio": 49}, "2.92"),
         ("49.5%: half a point, fractional", {"insurance_ratio": "49.5"}, "2.96"),
         ("48.78%", {"insurance_ratio": "48.78"}, "2.9024"),
         ("12.5%: 37.5 x 0.08 = 3", {"insurance_ratio": "12.5"}, "0"),
         ("0%: floored at 0", {"insurance_ratio": 0}, "0"),
         ("no arrivals: no share", {"insurance_ratio": IndicatorValue(None)}, "0")],
    ),
    "org.reporting": (
        "建立劳务输入统计信息报告制度，做到输送基地情况明了，输送务工人数清楚的得2分",
        [("met", {"j_reporting": judged(True)}, "2"), ("not met", {"j_reporting": judged(False)}, "0")],
    ),
    "neg.collective": (
        "发生集体劳动争议案件且败诉的，每件扣10分",
        [("none", {"lost_collective": 0}, "0"), ("one", {"lost_collective": 1}, "-10"),
         ("two", {"lost_collective": 2}, "-20")],
    ),
    "neg.individual": (
        "发生非集体劳动争议案件且败诉",
        [("none", {"lost_individual": 0}, "0"), ("one", {"lost_individual": 1}, "-5"),
         ("three", {"lost_individual": 3}, "-15")],
    ),
    "neg.complaints": (
        "被投诉累计5次及以上的，扣5分",
        [("4", {"complaints": 4}, "0"), ("5: 及以上 includes it", {"complaints": 5}, "-5"),
         ("9: once", {"complaints": 9}, "-5")],
    ),
}  # fmt: skip

RANK_ITEMS = {"hr.placed", "hr.stability", "bonus.platform"}


def values_with(changes: dict[str, Any]) -> dict[str, IndicatorValue]:
    out = dict(FULL)
    for name, value in changes.items():
        out[name] = value if isinstance(value, IndicatorValue) else iv(value)
    return out


CASES = [(item, case, changes, want) for item, (_, cases) in TABLE.items() for case, changes, want in cases]


@pytest.mark.parametrize(
    ("item_id", "case", "changes", "want"), CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES]
)
def test_item(scheme: Scheme, item_id: str, case: str, changes: dict[str, Any], want: str) -> None:
    del case
    item = scheme.item(item_id)
    assert score_item(scheme, item, values_with(changes), "U1").points == D(want)


def test_every_item_has_cases(scheme: Scheme) -> None:
    assert {i.id for i in scheme.items} == set(TABLE) | RANK_ITEMS


@pytest.mark.skipif(not SEED.exists(), reason="seed file not present")
@pytest.mark.parametrize("item_id", sorted(TABLE))
def test_clause_is_quoted_from_the_seed(scheme: Scheme, item_id: str) -> None:
    """The phrase each case group cites is in the seed and in the item's criterion (no drift)."""
    seed = re.sub(r"\s+", "", SEED.read_text(encoding="utf-8"))
    phrase = TABLE[item_id][0]
    assert phrase in seed
    assert phrase in re.sub(r"\s+", "", scheme.item(item_id).criterion)


def test_insurance_whole_points_is_a_parameter(scheme: Scheme) -> None:
    # 四（四）2 read with whole percentage points only: 49.5% has lost no whole point -> 3; 49% -> 2.92.
    item = scheme.item("org.insurance")
    term = item.rule.terms[0].model_copy(update={"whole": True})
    whole = item.model_copy(update={"rule": item.rule.model_copy(update={"terms": [term]})})
    assert score_item(scheme, whole, values_with({"insurance_ratio": "49.5"}), "U1").points == 3
    assert score_item(scheme, whole, values_with({"insurance_ratio": 49}), "U1").points == D("2.92")


# -- rank items: a cohort of units --------------------------------------------------------------------------


def cohort_of(column: dict[str, dict[str, Any]]) -> dict[str, dict[str, IndicatorValue]]:
    """site -> indicator values: FULL, with each unit's changes."""
    return {site: values_with(changes) for site, changes in column.items()}


def points(scheme: Scheme, item_id: str, cohort: dict[str, dict[str, IndicatorValue]]) -> dict[str, Decimal]:
    item = scheme.item(item_id)
    return {s: score_item(scheme, item, cohort[s], s, cohort).points for s in cohort}


def test_placed_rank_threshold_step_and_ties(scheme: Scheme) -> None:
    # 四（二）1: "人数总和不低于50人的得5分基础分 ... 最多的运营单位得25分 ... 每降低一个名次减1.5分 ...
    # 人数总和低于50的运营单位均得0分". 100 #1 25; 90, 90 tie #2 23.5 each (W2); 80 #4 25 - 4.5 = 20.5;
    # 50 #5 25 - 6 = 19 (不低于50 qualifies); 49 -> 0, and takes no rank.
    cohort = cohort_of({"A": {"placed": 100}, "B": {"placed": 90}, "C": {"placed": 90}, "D": {"placed": 80},
                        "E": {"placed": 50}, "F": {"placed": 49}})  # fmt: skip
    assert points(scheme, "hr.placed", cohort) == {
        "A": 25, "B": D("23.5"), "C": D("23.5"), "D": D("20.5"), "E": 19, "F": 0,
    }  # fmt: skip


def test_placed_rank_floor_is_the_base_5(scheme: Scheme) -> None:
    # "直至减至基础分为止": rank 14 -> 25 - 13 x 1.5 = 5.5; rank 15 -> 4 -> 5; rank 16 -> 5.
    cohort = cohort_of({f"U{i:02d}": {"placed": 200 - i} for i in range(1, 17)})
    got = points(scheme, "hr.placed", cohort)
    assert (got["U01"], got["U14"], got["U15"], got["U16"]) == (25, D("5.5"), 5, 5)


def test_placed_ties_dense_is_a_parameter(scheme: Scheme) -> None:
    # With ties = "dense" (1, 1, 2) the unit after a tie is only one rank lower: 80 would get 22, not 20.5.
    item = scheme.item("hr.placed")
    dense = item.model_copy(update={"rule": item.rule.model_copy(update={"ties": "dense"})})
    cohort = cohort_of({"A": {"placed": 100}, "B": {"placed": 90}, "C": {"placed": 90}, "D": {"placed": 80}})
    assert score_item(scheme, dense, cohort["D"], "D", cohort).points == 22


def test_stability_rank_threshold_and_ties(scheme: Scheme) -> None:
    # 四（二）2: share >= 50% ranked by (share x stable): 15, 14, ... floor 5; share below 50% -> 0.
    # A 90/90 value 90 #1 15; B 80/95 value 67.3684 #2 14; C 50.00% value 22.5 and D 75% value 22.5 tie #3 13;
    # E 49.9% -> 0 (no rank) though its value 249 x 0.499 would be the highest.
    cohort = cohort_of({
        "A": {"stability_ratio": 100, "stability_value": 90},
        "B": {"stability_ratio": "84.21", "stability_value": "67.3684"},
        "C": {"stability_ratio": "50.00", "stability_value": "22.5"},
        "D": {"stability_ratio": 75, "stability_value": "22.5"},
        "E": {"stability_ratio": "49.9", "stability_value": "124.251"},
        "F": {"stability_ratio": IndicatorValue(None), "stability_value": IndicatorValue(None)},
    })  # fmt: skip
    assert points(scheme, "hr.stability", cohort) == {"A": 15, "B": 14, "C": 13, "D": 13, "E": 0, "F": 0}


def test_stability_floor_is_the_base_5(scheme: Scheme) -> None:
    # rank 10 -> 15 - 9 = 6; rank 11 -> 5; rank 12 -> 15 - 11 = 4 -> floor 5.
    cohort = cohort_of(
        {f"U{i:02d}": {"stability_ratio": 80, "stability_value": 100 - i} for i in range(1, 13)}
    )
    got = points(scheme, "hr.stability", cohort)
    assert (got["U01"], got["U10"], got["U11"], got["U12"]) == (15, 6, 5, 5)


def test_platform_rating_rank(scheme: Scheme) -> None:
    # 四（三）加分（2）: top 10, each rank -1, "直至加0分为止"; "综合评分4分以下的运营单位不享受加分": 4.0 is ranked
    # (file's reading), 3.99 is not. 11 units rated 4.0-5.0: rank 11 -> 10 - 10 = 0.
    ratings = {f"U{i:02d}": D("5.0") - D("0.1") * (i - 1) for i in range(1, 12)}  # 5.0 ... 4.0
    ratings["U12"] = D("3.99")
    cohort = cohort_of({s: {"platform_rating": r} for s, r in ratings.items()})
    got = points(scheme, "bonus.platform", cohort)
    assert [got[f"U{i:02d}"] for i in range(1, 13)] == [10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0]
    # qualify_open = true: a buyer who reads "4分以下" as including 4 leaves U11 (4.0) out; nothing else moves.
    item = scheme.item("bonus.platform")
    strict = item.model_copy(update={"rule": item.rule.model_copy(update={"qualify_open": True})})
    out = score_item(scheme, strict, cohort["U11"], "U11", cohort)
    assert out.points == 0 and "需 >4" in out.explanation_zh


def test_platform_rating_ties_and_missing(scheme: Scheme) -> None:
    # 4.4, 4.4 tie #1 10 each; 4.2 #3 8 (shared); 4.0 exactly #4 7 ("4分以下" does not reach 4, file's reading);
    # 3.99 and no rating -> no bonus.
    cohort = cohort_of({"A": {"platform_rating": "4.4"}, "B": {"platform_rating": "4.4"},
                        "C": {"platform_rating": "4.2"}, "D": {"platform_rating": IndicatorValue(None)},
                        "E": {"platform_rating": "4.0"}, "F": {"platform_rating": "3.99"}})  # fmt: skip
    assert points(scheme, "bonus.platform", cohort) == {"A": 10, "B": 10, "C": 8, "D": 0, "E": 7, "F": 0}


def test_rank_points_primitive_ties() -> None:
    table = rank_points({"a": D(9), "b": D(9), "c": D(7), "d": None}, D(25), D("1.5"), D(5), lambda s: True)
    assert table == {"a": (25, 1), "b": (25, 1), "c": (D("22"), 3), "d": (0, None)}
    dense = rank_points({"a": D(9), "b": D(9), "c": D(7)}, D(25), D("1.5"), D(5), lambda s: True, "dense")
    assert dense["c"] == (D("23.5"), 2)


# -- whole scorecards -----------------------------------------------------------------------------------------


def test_full_card_single_unit(scheme: Scheme) -> None:
    # Alone, a unit ranks first in every rank item: 25 + (25 + 15) + 20 + 15 + platform 10 = 110 (no cap).
    card = score(scheme, "U1", "2022", FULL)
    assert card.total == 110 and card.max_total == 100


def test_total_floor_zero(scheme: Scheme) -> None:
    # (五) "分数减完为止": 20 lost collective disputes (-200) take the total to 0, not below.
    card = score(scheme, "U1", "2022", values_with({"lost_collective": 20}))
    assert card.raw_total == 110 - 200 and card.total == 0


# -- indicators from events -----------------------------------------------------------------------------------


class Log:
    """Events for one unit, numbered in order."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def add(self, event_type: str, on: str, /, eid: str | None = None, **payload: Any) -> Log:
        seq = len(self.events) + 1
        self.events.append(
            Event(
                seq, eid or f"e{seq}", event_type, 1, "U1", on, f"{on}T12:00:00.000000+08:00", "op", payload
            )
        )
        return self

    def arrival(self, person: str, on: str, dispatched: bool = True) -> Log:
        if dispatched:
            self.add("worker_dispatched", on, worker=person, employer="盛虹", channel="labour_base")
        return self.add("employee_insured", on, person=person, employer="盛虹", kind="social")

    def fold(self, scheme: Scheme, assessed_on: date | None = None) -> dict[str, IndicatorValue]:
        return compute(scheme.indicators, self.events, YEAR, scheme=SCHEME_ID, assessed_on=assessed_on)


def value(values: dict[str, IndicatorValue], name: str) -> Decimal | None:
    return values[name].value


def trip(log: Log, n: int, fmt: str, wujiang: int) -> None:
    log.add("job_fair_held", f"2022-0{n}-15", eid=f"trip{n}", title=f"trip {n}", format=fmt, kind="outbound",
            companies=10, jobs=100, visitors=100, wujiang_companies=wujiang)  # fmt: skip


@pytest.mark.parametrize(
    ("offline", "online", "counted"),
    [(2, 0, 2), (0, 2, 1), (1, 1, 2), (1, 2, 2), (2, 1, 3), (3, 2, 4), (0, 0, 0)],
)
def test_trips_counted_at_most_one_online(scheme: Scheme, offline: int, online: int, counted: int) -> None:
    # 四（一）2: "其中一次可以采取线上模式"; bonus trips "须为线下模式": online trips count once at most.
    log = Log()
    n = 0
    for fmt, k in (("offline", offline), ("online", online)):
        for _ in range(k):
            n += 1
            trip(log, n, fmt, 5)
    assert value(log.fold(scheme), "trips_counted") == counted


def test_trip_needs_five_wujiang_companies(scheme: Scheme) -> None:
    # "每次至少带5家吴江企业": 5 counts (W1), 4 does not.
    log = Log()
    trip(log, 1, "offline", 5)
    trip(log, 2, "offline", 4)
    assert value(log.fold(scheme), "trips_counted") == 1


def test_poor_reviews_capped_per_trip(scheme: Scheme) -> None:
    # "出现1次总评为差的，扣1分，每次赴外招聘最多扣5分": trip1 six poor -> 5, trip2 two poor -> 2; good ones 0.
    log = Log()
    for j in range(6):
        log.add("trip_evaluation", "2022-04-20", trip="trip1", company=f"c{j}", overall="poor")
    for j in range(2):
        log.add("trip_evaluation", "2022-05-20", trip="trip2", company=f"d{j}", overall="poor")
    log.add("trip_evaluation", "2022-05-20", trip="trip2", company="ok", overall="average")
    got = log.fold(scheme)["trip_poor_reviews"]
    assert got.value == 7 and got.detail["uncapped"] == 8


def test_bases_are_distinct_partners_in_the_year(scheme: Scheme) -> None:
    log = Log()
    log.add("base_agreement_signed", "2022-03-01", kind="labour", partner="贵州某县")
    log.add("base_agreement_signed", "2022-09-01", kind="labour", partner="贵州某县")  # renewal: same base
    log.add("base_agreement_signed", "2022-04-01", kind="gov_school", partner="某职院")
    log.add("base_agreement_signed", "2021-12-01", kind="labour", partner="去年基地")  # last year
    assert value(log.fold(scheme), "bases") == 2


def test_arrivals_first_insured_in_the_year_and_dispatched(scheme: Scheme) -> None:
    # 四（二）1: 进吴人数 = "当年度首次进吴参保人数", confirmed only when in the monthly dispatch information.
    log = Log()
    log.arrival("a", "2022-01-10")
    log.arrival("b", "2022-12-31")
    log.arrival("c", "2022-04-10", dispatched=False)  # "不在每月送工信息中体现的...不予确认"
    log.arrival("d", "2021-11-10")  # first insured last year ...
    log.add("employee_insured", "2022-03-01", person="d", employer="恒力", kind="social")  # ... insured again
    log.add(
        "employee_insured", "2022-02-01", person="a", employer="恒力", kind="social"
    )  # a second job: one person
    log.add(
        "intern_placed",
        "2022-03-01",
        student="t1",
        kind="trainee",
        school="职院",
        employer="亨通",
        on_official_list=True,
    )
    log.add(
        "intern_placed",
        "2022-03-01",
        student="t2",
        kind="trainee",
        school="职院",
        employer="亨通",
        on_official_list=False,
    )
    log.add("intern_placed", "2022-03-01", student="i1", kind="intern", school="职院", employer="亨通")
    got = log.fold(scheme)
    assert (value(got, "workers_placed"), value(got, "trainees_placed"), value(got, "interns_placed")) == (
        2,
        1,
        1,
    )
    assert value(got, "placed") == 4
    assert got["workers_placed"].detail["unmatched"] == 1


@pytest.mark.parametrize(
    ("insured", "ended", "assessed", "stable"),
    [
        ("2022-01-10", None, date(2022, 7, 10), 1),  # six months reached on the assessment date
        ("2022-01-10", None, date(2022, 7, 9), 0),  # one day short
        ("2022-01-10", "2022-07-09", date(2023, 6, 30), 0),  # stopped a day before six months
        ("2022-01-10", "2022-07-10", date(2023, 6, 30), 1),  # stopped on the day six months were full
        ("2022-06-30", None, None, 1),  # default assessment date 2022-12-31: due 2022-12-30
        ("2022-07-01", None, None, 0),  # due 2023-01-01: not yet, with the default date
        ("2022-07-01", None, date(2023, 6, 30), 1),  # what a buyer should pass for the 2022 year
    ],
)
def test_stable_six_months_as_of_the_assessment_date(
    scheme: Scheme, insured: str, ended: str | None, assessed: date | None, stable: int
) -> None:
    log = Log().arrival("a", insured)
    if ended:
        log.add("insurance_ended", ended, person="a", kind="social")
    got = log.fold(scheme, assessed)
    assert (value(got, "workers_placed"), value(got, "stable")) == (1, stable)


def test_stability_ratio_and_value(scheme: Scheme) -> None:
    # 95 arrivals, 15 stop after two months: stable 80 -> 84.21%, value (80/95) x 80 = 67.3684 (4 places).
    log = Log()
    for i in range(95):
        log.arrival(f"p{i}", f"2022-0{1 + i % 6}-10")
        if i < 15:
            log.add("insurance_ended", f"2022-0{3 + i % 6}-10", person=f"p{i}", kind="social")
    got = log.fold(scheme, date(2023, 6, 30))
    assert (value(got, "placed"), value(got, "stable")) == (95, 80)
    assert value(got, "stability_ratio") == D("84.21")
    assert value(got, "stability_value") == D("67.3684")


@pytest.mark.parametrize(("stable", "ratio"), [(499, "49.90"), (500, "50.00"), (501, "50.10")])
def test_stability_share_at_fifty_percent(scheme: Scheme, stable: int, ratio: str) -> None:
    # 1000 arrivals: 499 stable is 49.9% (below, 0 points), 500 is 50% (不低于50%, ranked).
    values = {"stable": iv(stable), "placed": iv(1000)}
    spec = scheme.indicators["stability_ratio"]
    assert _ratio(spec, values).value == D(ratio)  # the derived fold, on its own


def test_interns_stable_after_six_months(scheme: Scheme) -> None:
    # "就业见习（岗位实习）满六个月": i1 ends after seven months (stable), i2 after three (not).
    log = Log()
    log.add("intern_placed", "2022-03-01", student="i1", kind="intern", school="职院", employer="亨通")
    log.add("intern_placed", "2022-03-01", student="i2", kind="intern", school="职院", employer="亨通")
    log.add("internship_ended", "2022-10-01", student="i1")
    log.add("internship_ended", "2022-06-01", student="i2")
    got = log.fold(scheme, date(2023, 6, 30))
    assert (value(got, "interns_placed"), value(got, "interns_stable")) == (2, 1)


def test_insurance_ratio_from_events(scheme: Scheme) -> None:
    # 四（四）2: commercial accident insurance, distinct people / insured worker arrivals: 49 of 100 -> 49.00%.
    log = Log()
    for i in range(100):
        log.arrival(f"p{i}", "2022-03-10")
    for i in range(49):
        log.add(
            "employee_insured", "2022-03-11", person=f"p{i}", employer="保险公司", kind="commercial_accident"
        )
    log.add(
        "employee_insured", "2022-05-11", person="p0", employer="保险公司", kind="commercial_accident"
    )  # renewal
    got = log.fold(scheme)
    assert value(got, "insurance_ratio") == D("49.00")
    assert score_item(scheme, scheme.item("org.insurance"), {**FULL, **got}, "U1").points == D("2.92")


def test_express_deliveries_need_four_stars(scheme: Scheme) -> None:
    # "需满足企业评分4星及以上条件": 3 stars no, 4 yes, unrated no; labour-base dispatches are not express.
    log = Log()
    for j, stars in enumerate([3, 4, 5, None]):
        extra = {} if stars is None else {"rating": stars}
        log.add(
            "worker_dispatched",
            "2022-05-01",
            worker=f"e{j}",
            employer="缺工企业",
            channel="express_hiring",
            **extra,
        )
    log.add("worker_dispatched", "2022-05-01", worker="x", employer="盛虹", channel="labour_base", rating=5)
    assert value(log.fold(scheme), "express_deliveries") == 2


def test_platform_rating_is_the_last_reading_in_the_year(scheme: Scheme) -> None:
    log = Log()
    log.add("metric_recorded", "2022-06-20", metric="platform_rating", value="4.5")
    log.add("metric_recorded", "2022-12-20", metric="platform_rating", value="3.9")
    log.add("metric_recorded", "2023-01-15", metric="platform_rating", value="4.9")
    assert value(log.fold(scheme, date(2023, 6, 30)), "platform_rating") == D("3.9")


def test_negative_indicators(scheme: Scheme) -> None:
    log = Log()
    for j, valid in enumerate([None, True, False]):
        log.add(
            "complaint_filed",
            "2022-03-01",
            complainant=f"c{j}",
            subject="工资",
            **({} if valid is None else {"valid": valid}),
        )
    log.add("dispute_resolved", "2022-04-01", case="k1", kind="collective", outcome="lost")
    log.add("dispute_resolved", "2022-04-01", case="k2", kind="individual", outcome="lost")
    log.add("dispute_resolved", "2022-04-01", case="k3", kind="individual", outcome="mediated")
    log.add("credit_rated", "2022-07-01", scheme="hr_service", grade="D")
    log.add("site_incident", "2022-08-01", kind="licence_revoked", description="许可证被吊销")
    got = log.fold(scheme)
    assert value(got, "complaints") == 2  # the one found invalid is not counted
    assert (value(got, "lost_collective"), value(got, "lost_individual")) == (1, 1)
    assert (value(got, "hr_credit_d"), value(got, "hr_credit_c"), value(got, "major_incidents")) == (1, 0, 1)


# -- the cohort: ranking, conditions, quota grades -----------------------------------------------------------


def card(site: str, total: Any) -> Scorecard:
    t = D(str(total))
    return Scorecard(SCHEME_ID, "", site, "2022", [], [], t, t, D(100), None, None, [])


CLEAN = {"major_incidents": iv(0), "dispatch_credit_c": iv(0), "hr_credit_c": iv(0), "hr_credit_d": iv(0)}


def graded(
    scheme: Scheme, totals: dict[str, Any], flags: dict[str, str] | None = None
) -> dict[str, Scorecard]:
    """Rank and grade cards with these totals; `flags` sets one condition indicator to 1 for a unit."""
    values = {s: dict(CLEAN) for s in totals}
    for site, name in (flags or {}).items():
        values[site][name] = iv(1)
    return {c.site: c for c in rank_cohort(scheme, [card(s, t) for s, t in totals.items()], values)}


def grades(cards: dict[str, Scorecard]) -> str:
    return "".join(c.grade or "-" for c in cards.values())


TWELVE = {f"U{i:02d}": 100 - i for i in range(1, 13)}  # 99, 98, ... 88


def test_quota_twelve_units(scheme: Scheme) -> None:
    # 五: 12 units -> A floor(1.2) = 1, B floor(2.4) = 2, C floor(3.6) = 3, the other 6 D.
    cards = graded(scheme, TWELVE)
    assert grades(cards) == "ABBCCCDDDDDD"
    assert [c.rank for c in cards.values()] == list(range(1, 13)) and cards["U01"].cohort_size == 12


def test_quota_ten_and_nine_units(scheme: Scheme) -> None:
    # 10 units: A 1, B 2, C 3. 9 units: A floor(0.9) = 0 seats ("不超过10%"), B 1, C 2.
    ten = {f"U{i:02d}": 100 - i for i in range(1, 11)}
    assert grades(graded(scheme, ten)) == "ABBCCCDDDD"
    nine = {f"U{i:02d}": 100 - i for i in range(1, 10)}
    assert grades(graded(scheme, nine)) == "BCCDDDDDD"


def test_unqualified_units_take_no_seat(scheme: Scheme) -> None:
    # #1 has HR credit C (四（五）3) and #3 a major incident (四（五）1): both E; A goes to #2, B to #4 and #5,
    # C to #6-#8; the quota is still counted on all 12 units ("总参评数量").
    cards = graded(scheme, TWELVE, {"U01": "hr_credit_c", "U03": "major_incidents"})
    assert grades(cards) == "EAEBBCCCDDDD"
    assert cards["U01"].rank == 1  # the rank by total is kept; only the grade is E
    assert [c["terminable"] for c in cards["U01"].consequences] == [False]
    assert [c["terminable"] for c in cards["U03"].consequences] == [False, True]  # unqualified + disqualified
    assert any("取消" in n for n in cards["U03"].notes) and not any("取消" in n for n in cards["U01"].notes)


@pytest.mark.parametrize(
    ("flag", "unqualified", "disqualified"),
    [("dispatch_credit_c", True, False), ("hr_credit_c", True, False), ("hr_credit_d", True, True),
     ("major_incidents", True, True)],
)  # fmt: skip
def test_each_condition(scheme: Scheme, flag: str, unqualified: bool, disqualified: bool) -> None:
    # 四（五）1-3: each condition read from its indicator.
    cards = graded(scheme, {"A": 95, "B": 90}, {"A": flag})
    a = cards["A"]
    assert (a.grade == "E") == unqualified
    assert any(c["terminable"] for c in a.consequences) == disqualified
    assert cards["B"].consequences == []


def test_total_below_sixty(scheme: Scheme) -> None:
    # 四（五）7 "考核总分低于60分的 ... 不合格": 59.99 is E; 60 is not (低于 excludes 60, W1).
    cards = graded(scheme, {"A": 90, "B": 60, "C": "59.99"})
    assert (cards["B"].grade, cards["C"].grade) == ("D", "E")
    assert cards["C"].consequences[0]["below"] == "60" and cards["C"].consequences[0]["conditions"] == [
        "total_below_60"
    ]


def test_tie_fits_in_the_seats(scheme: Scheme) -> None:
    # #2 and #3 tie: the two B seats take both.
    totals = dict(TWELVE, U03=98)
    cards = graded(scheme, totals)
    assert [c.rank for c in cards.values()][:4] == [1, 2, 2, 4]
    assert grades(cards) == "ABBCCCDDDDDD"
    assert not any("并列" in n for c in cards.values() for n in c.notes)


def test_tie_at_a_quota_edge_moves_down_together(scheme: Scheme) -> None:
    # #3 and #4 tie for the last B seat: "不超过" -> both C (the seat stays empty), then C has 1 seat left for #5;
    # #6 onwards D. With ties = "exceed" both take B and C's 3 seats go to #5-#7.
    totals = dict(TWELVE, U04=97)
    cards = graded(scheme, totals)
    assert grades(cards) == "ABCCCDDDDDDD"
    assert any("B 级剩余名额容不下并列的 2 家" in n for n in cards["U03"].notes)
    assert any("B 级剩余名额容不下并列的 2 家" in n for n in cards["U04"].notes)
    exceed = scheme.model_copy(
        update={"cohort_grading": scheme.cohort_grading.model_copy(update={"ties": "exceed"})}
    )
    cards = graded(exceed, totals)
    assert grades(cards) == "ABBBCCCDDDDD"
    assert any("超出配额" in n for n in cards["U04"].notes)


def test_tie_for_the_top_seat(scheme: Scheme) -> None:
    # Two units tie at the top, one A seat: neither takes A; both B; then C for #3-#5.
    totals = dict(TWELVE, U02=99)
    assert grades(graded(scheme, totals)) == "BBCCCDDDDDDD"


def test_tied_group_larger_than_a_quota(scheme: Scheme) -> None:
    # #4-#7 tie (4 units) and C has 3 seats: the group does not fit, so all four are D; the units below them
    # are D too (C is the last quota, and a lower-ranked unit never takes a seat the tied group was refused):
    # the three C seats stay empty. That is the price of reading "不超过" as a hard ceiling (ties = next_grade).
    totals = dict(TWELVE, U05=96, U06=96, U07=96)
    assert grades(graded(scheme, totals)) == "ABBDDDDDDDDD"


def test_d_e_split_is_a_parameter(scheme: Scheme) -> None:
    # "其余为D、E级": E = unqualified (file's reading). A buyer who gives unqualified units D sets unqualified = "D".
    flags = {"U02": "hr_credit_c"}
    assert grades(graded(scheme, TWELVE, flags)) == "AEBBCCCDDDDD"
    as_d = scheme.model_copy(
        update={"cohort_grading": scheme.cohort_grading.model_copy(update={"unqualified": "D"})}
    )
    assert grades(graded(as_d, TWELVE, flags)) == "ADBBCCCDDDDD"


def test_quota_grades_primitive() -> None:
    quotas = [("A", D("0.1")), ("B", D("0.2")), ("C", D("0.3"))]
    ranked = [f"u{i}" for i in range(12)]
    got = quota_grades(ranked, quotas, "D", lambda s: s != "u0")
    assert "".join(got[s] for s in ranked) == "DABBCCCDDDDD"  # u0 is ineligible: the rest, never a seat
    totals = {s: D(100 - i) for i, s in enumerate(ranked)}
    totals["u3"] = totals["u2"]  # u2 and u3 tie for the last B seat: both C
    tied = quota_grades(ranked, quotas, "D", lambda s: True, totals=totals)
    assert "".join(tied[s] for s in ranked) == "ABCCCDDDDDDD"


def test_competition_ranks() -> None:
    cards = competition_ranks([card("b", 90), card("a", 100), card("c", 90), card("d", 80)])
    assert [(c.site, c.rank) for c in cards] == [("a", 1), ("b", 2), ("c", 2), ("d", 4)]


# -- scheme-file checks for the indicator kinds this scheme added ---------------------------------------------


def _with_indicators(scheme: Scheme, **extra: dict[str, Any]) -> dict[str, Any]:
    data = scheme.model_dump(mode="json", exclude={"path", "sha256"})
    data["indicators"].update(extra)
    return data


def test_derived_indicators_resolve_in_any_order(scheme: Scheme) -> None:
    # A total declared before its parts, and a ratio of a total: the fold resolves them by dependency.
    specs = {
        "both": {"kind": "total", "of": ["a_count", "b_count"]},
        "share": {"kind": "ratio", "numerator": "a_count", "denominator": "both", "times": "a_count"},
        "a_count": {"kind": "count", "type": "complaint_filed"},
        "b_count": {"kind": "count", "type": "dispute_filed"},
    }
    model = Scheme.model_validate(_with_indicators(scheme, **specs))
    log = Log()
    for j in range(3):
        log.add("complaint_filed", "2022-03-01", complainant=f"c{j}", subject="x")
    log.add("dispute_filed", "2022-03-01", case="k")
    got = compute({n: model.indicators[n] for n in specs}, log.events, YEAR)
    assert (value(got, "both"), value(got, "share")) == (4, D(225))  # 3/4 x 100 x 3


def test_derived_cycle_and_undeclared_references_are_load_errors(scheme: Scheme) -> None:
    from pydantic import ValidationError

    cycle = {"x": {"kind": "total", "of": ["y"]}, "y": {"kind": "total", "of": ["x"]}}
    with pytest.raises(ValidationError, match="cycle"):
        Scheme.model_validate(_with_indicators(scheme, **cycle))
    with pytest.raises(ValidationError, match="undeclared indicator 'nope'"):
        Scheme.model_validate(
            _with_indicators(
                scheme, z={"kind": "ratio", "numerator": "placed", "denominator": "placed", "times": "nope"}
            )
        )
    data = scheme.model_dump(mode="json", exclude={"path", "sha256"})
    data["cohort_grading"]["conditions"][0]["input"] = "nope"
    with pytest.raises(ValidationError, match="cohort condition major_incident"):
        Scheme.model_validate(data)


def test_total_of_nothing_is_no_data(scheme: Scheme) -> None:
    # A unit with no events at all: arrivals 0 (a count), ratios and the platform rating no data.
    got = Log().fold(scheme)
    assert (value(got, "placed"), value(got, "stability_ratio"), value(got, "platform_rating")) == (
        0,
        None,
        None,
    )
