"""The pure fold `projections.indicators.compute` over hand-built events (no database), and the current view.

2026 starts on a Thursday: ISO week 2026-W01 is Jan 1-4 (a partial week inside January), W02 is Jan 5-11.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pydantic import TypeAdapter

from ledger.envelope import Event
from ledger.view import current_view
from projections.indicators import IndicatorSpec, IndicatorValue, compute, matches
from projections.periods import Period

D = Decimal
SPEC = TypeAdapter(IndicatorSpec)
YEAR = Period.year(2026)
Q1 = Period.quarter(2026, 1)
JAN = Period.month(2026, 1)


def ev(seq: int, type_: str, on: str, actor: str = "op", **payload: Any) -> Event:
    """A stored event as the fold sees it (envelope fields the fold ignores are filled in)."""
    return Event(
        seq=seq, id=f"e{seq}", type=type_, version=1, site="s1", occurred_at=on,
        recorded_at=f"2026-12-31T00:00:{seq % 60:02d}.000000+08:00", actor=actor, payload=payload,
    )  # fmt: skip


def one(spec: dict[str, Any], events: list[Event], period: Period = YEAR, **kw: Any) -> IndicatorValue:
    return compute({"x": SPEC.validate_python(spec)}, events, period, **kw)["x"]


# -- count and filters ----------------------------------------------------------------------------------

FAIRS = [
    ev(1, "job_fair_held", "2026-01-08", companies=40, format="offline", kind="daily"),
    ev(2, "job_fair_held", "2026-02-12", companies=35, format="online", kind="daily"),
    ev(3, "job_fair_held", "2026-03-05", companies=20, format="offline", kind="themed"),
    ev(4, "job_fair_held", "2025-12-30", companies=50, format="offline", kind="daily"),  # before 2026
    ev(5, "livestream_run", "2026-01-09", viewers=300),
]


@pytest.mark.parametrize(
    ("where", "expected", "seqs"),
    [
        pytest.param({}, 3, (1, 2, 3), id="no-filter-only-the-period"),
        pytest.param({"format": "offline"}, 2, (1, 3), id="equality"),
        pytest.param({"kind": ["daily", "campus"]}, 2, (1, 2), id="list-is-membership"),
        pytest.param({"companies": {"ge": 35}}, 2, (1, 2), id="ge-35-includes-35"),
        pytest.param({"companies": {"gt": 35}}, 1, (1,), id="gt-35-excludes-35"),
        pytest.param({"companies": {"lt": 35}}, 1, (3,), id="lt"),
        pytest.param({"companies": {"le": 20}}, 1, (3,), id="le"),
        pytest.param({"format": {"ne": "online"}}, 2, (1, 3), id="ne"),
        pytest.param({"kind": {"in": ["themed"]}}, 1, (3,), id="in"),
        pytest.param({"format": "offline", "companies": {"ge": 35}}, 1, (1,), id="every-condition-must-hold"),
        pytest.param({"missing_field": {"ge": 1}}, 0, (), id="comparison-on-a-missing-field-fails"),
    ],
)
def test_count_with_where(where: dict[str, Any], expected: int, seqs: tuple[int, ...]) -> None:
    got = one({"kind": "count", "type": "job_fair_held", "where": where}, FAIRS)
    assert got.value == D(expected)
    assert got.events == seqs


def test_count_of_several_types_in_seq_order() -> None:
    got = one({"kind": "count", "type": ["livestream_run", "job_fair_held"]}, FAIRS)
    assert got.value == 4 and got.events == (1, 2, 3, 5)


def test_count_with_nothing_is_zero_backed_by_no_events() -> None:
    got = one({"kind": "count", "type": "dispute_filed"}, FAIRS)
    assert got.value == 0 and got.events == () and got.no_data


def test_matches_bool_field() -> None:
    assert matches({"satisfied": True}, {"satisfied": True})
    assert not matches({"satisfied": False}, {"satisfied": True})
    assert not matches({}, {"satisfied": [True, False]})  # a score-only answer is not a yes/no answer


# -- sum, distinct, average ------------------------------------------------------------------------------


def test_sum_of_a_field_as_decimal() -> None:
    events = [
        ev(1, "gig_deal_completed", "2026-03-01", worker="w1", amount_yuan="120.50"),
        ev(2, "gig_deal_completed", "2026-03-02", worker="w2", amount_yuan="0.1"),
        ev(3, "gig_deal_completed", "2026-03-03", worker="w1", amount_yuan="0.2"),
        ev(4, "gig_deal_completed", "2026-03-04", worker="w3"),  # no amount: counts 0
    ]
    got = one({"kind": "sum", "type": "gig_deal_completed", "field": "amount_yuan"}, events)
    assert got.value == D("120.80") and got.events == (1, 2, 3, 4)
    distinct = one({"kind": "distinct", "type": "gig_deal_completed", "field": "worker"}, events)
    assert distinct.value == 3


@pytest.mark.parametrize(
    ("scores", "places", "expected"),
    [
        pytest.param(["90", "91"], None, "90.5", id="plain-mean"),
        pytest.param(["90", "90", "91"], 1, "90.3", id="四舍五入-90.333-at-one-place"),
        pytest.param(["90.4", "90.5"], 1, "90.5", id="90.45-rounds-half-up-to-90.5"),
        pytest.param(["85", "86"], 0, "86", id="85.5-rounds-half-up-to-86"),
    ],
)
def test_average_with_round_places(scores: list[str], places: int | None, expected: str) -> None:
    events = [ev(i, "survey_response", "2026-06-01", survey="resident_satisfaction", score=s)
              for i, s in enumerate(scores, start=1)]  # fmt: skip
    spec = {"kind": "average", "type": "survey_response", "field": "score", "round_places": places}
    got = one(spec, events)
    assert got.value == D(expected)
    assert got.detail["n"] == len(scores)


def test_average_skips_events_without_the_field_and_is_none_when_empty() -> None:
    events = [ev(1, "survey_response", "2026-06-01", survey="gig_satisfaction", satisfied=True)]
    spec = {"kind": "average", "type": "survey_response", "field": "score"}
    got = one(spec, events)
    assert got.value is None and got.no_data


# -- ratio ----------------------------------------------------------------------------------------------

RATIO_SPECS = {
    "yes": {"kind": "count", "type": "survey_response", "where": {"satisfied": True}},
    "all": {"kind": "count", "type": "survey_response", "where": {"satisfied": [True, False]}},
    "rate": {"kind": "ratio", "numerator": "yes", "denominator": "all"},
    "rate1": {"kind": "ratio", "numerator": "yes", "denominator": "all", "round_places": 1},
    "share": {"kind": "ratio", "numerator": "yes", "denominator": "all", "percent": False},
}


def answers(yes: int, no: int) -> list[Event]:
    return [ev(i, "survey_response", "2026-11-01", survey="gig_satisfaction", respondent=f"r{i}", satisfied=i <= yes)
            for i in range(1, yes + no + 1)]  # fmt: skip


def ratios(events: list[Event]) -> dict[str, IndicatorValue]:
    return compute({n: SPEC.validate_python(s) for n, s in RATIO_SPECS.items()}, events, YEAR)


def test_ratio_as_percent_and_fraction() -> None:
    got = ratios(answers(2, 1))
    assert got["rate1"].value == D("66.7")
    assert got["share"].value == D(2) / D(3)
    assert got["rate"].events == (1, 2, 3)
    assert ratios(answers(9, 1))["rate"].value == D(90)


def test_ratio_with_zero_denominator_is_none_not_zero() -> None:
    got = ratios([])
    assert got["rate"].value is None
    assert got["all"].value == 0


# -- state at the end of the period ---------------------------------------------------------------------

STAFF = {
    "kind": "state_at_end",
    "enter": {"type": "staff_joined", "where": {"full_time": True}},
    "leave": {"type": "staff_left"},
    "key": "name",
}


@pytest.mark.parametrize(
    ("events", "present"),
    [
        pytest.param(
            [ev(1, "staff_joined", "2025-11-01", name="a", full_time=True)],
            ["a"],
            id="entered-before-the-period-still-there",
        ),  # fmt: skip
        pytest.param(
            [
                ev(1, "staff_joined", "2025-11-01", name="a", full_time=True),
                ev(2, "staff_left", "2026-02-01", name="a"),
            ],
            [],
            id="left-inside-the-period",
        ),  # fmt: skip
        pytest.param(
            [ev(1, "staff_joined", "2026-03-31", name="a", full_time=True)],
            ["a"],
            id="entered-on-the-last-day",
        ),  # fmt: skip
        pytest.param(
            [
                ev(1, "staff_joined", "2026-01-10", name="a", full_time=True),
                ev(2, "staff_left", "2026-04-01", name="a"),
            ],
            ["a"],
            id="left-after-the-period-end-still-counted",
        ),  # fmt: skip
        pytest.param(
            [ev(1, "staff_joined", "2026-04-01", name="a", full_time=True)], [], id="entered-after-the-period"
        ),  # fmt: skip
        pytest.param(
            [
                ev(1, "staff_joined", "2026-01-10", name="a", full_time=True),
                ev(2, "staff_left", "2026-02-01", name="a"),
                ev(3, "staff_joined", "2026-03-01", name="a", full_time=True),
            ],
            ["a"],
            id="left-and-came-back",
        ),  # fmt: skip
        pytest.param(
            [ev(1, "staff_joined", "2026-01-10", name="a", full_time=False)],
            [],
            id="enter-filter-part-time-not-counted",
        ),  # fmt: skip
    ],
)
def test_state_at_end_across_the_boundary(events: list[Event], present: list[str]) -> None:
    got = one(STAFF, events, Q1)
    assert got.value == len(present)
    if events:
        assert got.detail.get("present", []) == present


def test_state_at_end_with_no_events_is_zero() -> None:
    got = one(STAFF, [], Q1)
    assert got.value == 0 and got.events == ()


# -- latest and growth ----------------------------------------------------------------------------------

FOLLOWERS = {"kind": "latest", "type": "metric_recorded", "where": {"metric": "followers"}, "field": "value"}
GROWTH = {"kind": "growth", "type": "metric_recorded", "where": {"metric": "followers"}, "field": "value"}


def reading(seq: int, on: str, value: str, metric: str = "followers") -> Event:
    return ev(seq, "metric_recorded", on, metric=metric, value=value)


def test_latest_reading_on_or_before_the_period_end() -> None:
    events = [reading(1, "2026-01-31", "1000"), reading(2, "2026-03-31", "1800"), reading(3, "2026-04-01", "2500"),
              reading(4, "2026-03-15", "9999", metric="platform_visits")]  # fmt: skip
    got = one(FOLLOWERS, events, Q1)
    assert got.value == D(1800) and got.events == (2,)


def test_latest_reading_before_the_period_counts_and_same_day_goes_to_the_later_seq() -> None:
    assert one(FOLLOWERS, [reading(1, "2025-12-01", "700")], Q1).value == D(700)
    same_day = [reading(1, "2026-03-31", "1800"), reading(2, "2026-03-31", "1850")]
    assert one(FOLLOWERS, same_day, Q1).value == D(1850)
    assert one(FOLLOWERS, [], Q1).value is None


@pytest.mark.parametrize(
    ("events", "growth"),
    [
        pytest.param(
            [
                reading(1, "2025-12-31", "1000"),
                reading(2, "2026-02-01", "1100"),
                reading(3, "2026-03-31", "1250"),
            ],
            "25",
            id="baseline-is-the-last-reading-before",
        ),  # fmt: skip
        pytest.param(
            [
                reading(1, "2025-06-30", "800"),
                reading(2, "2025-12-31", "1000"),
                reading(3, "2026-03-31", "900"),
            ],
            "-10",
            id="negative-growth",
        ),  # fmt: skip
        pytest.param(
            [reading(1, "2026-01-05", "1000"), reading(2, "2026-03-31", "1500")],
            "50",
            id="no-reading-before-first-in-period-is-baseline",
        ),  # fmt: skip
        pytest.param([reading(1, "2026-01-05", "1000")], None, id="one-reading-no-growth"),
        pytest.param(
            [reading(1, "2025-12-31", "0"), reading(2, "2026-03-31", "10")],
            None,
            id="zero-baseline-no-growth",
        ),  # fmt: skip
        pytest.param([reading(1, "2025-12-31", "1000")], None, id="nothing-in-the-period"),
    ],
)
def test_growth(events: list[Event], growth: str | None) -> None:
    got = one(GROWTH, events, Q1)
    assert got.value == (None if growth is None else D(growth))


# -- cadence --------------------------------------------------------------------------------------------

WEEKLY = {"kind": "cadence", "type": "job_fair_held", "every": "week", "at_least": 1}


def fair(seq: int, on: str) -> Event:
    return ev(seq, "job_fair_held", on, companies=40, format="offline", kind="daily")


def test_weekly_cadence_skips_partial_weeks() -> None:
    """January 2026 has full ISO weeks W02-W04 only: Jan 1-4 (Thu-Sun) and Jan 26-31 are partial."""
    events = [fair(1, "2026-01-08"), fair(2, "2026-01-22")]  # W02 and W04; W03 (Jan 12-18) has none
    got = one(WEEKLY, events, JAN)
    assert got.value == 1
    assert got.detail["checked"] == 3
    assert [s["bucket"] for s in got.detail["short"]] == ["2026-W03"]
    assert got.detail["short"][0]["start"] == "2026-01-12"


def test_weekly_cadence_requiring_partial_weeks() -> None:
    events = [fair(1, "2026-01-08"), fair(2, "2026-01-22")]
    got = one({**WEEKLY, "partial": "require"}, events, JAN)
    assert got.detail["checked"] == 5
    assert [s["bucket"] for s in got.detail["short"]] == ["2026-W01", "2026-W03", "2026-W05"]


def test_weekly_cadence_at_least_two() -> None:
    events = [fair(1, "2026-01-05"), fair(2, "2026-01-11"), fair(3, "2026-01-12"), fair(4, "2026-01-20"),
              fair(5, "2026-01-21")]  # fmt: skip
    got = one({**WEEKLY, "at_least": 2}, events, JAN)
    assert [(s["bucket"], s["count"]) for s in got.detail["short"]] == [("2026-W03", 1)]


def test_monthly_cadence_over_a_year() -> None:
    spec = {"kind": "cadence", "type": "livestream_run", "every": "month", "at_least": 1}
    events = [
        ev(m, "livestream_run", f"2026-{m:02d}-15", viewers=100) for m in range(1, 13) if m not in (4, 8)
    ]
    events.append(ev(99, "livestream_run", "2025-12-31", viewers=1))  # outside the year
    got = one(spec, events)
    assert got.value == 2
    assert got.detail["checked"] == 12
    assert [s["bucket"] for s in got.detail["short"]] == ["2026-04", "2026-08"]
    assert 99 not in got.events


# -- per event ------------------------------------------------------------------------------------------


def test_per_event_counts_fairs_meeting_every_sub_target_and_each_miss() -> None:
    """每场不少于35家企业、900个岗位、200人次: a fair missing two figures is two sub-target misses."""
    spec = {"kind": "per_event", "type": "job_fair_held", "where": {"kind": "daily"},
            "criteria": {"companies": "35", "jobs": "900", "visitors": "200"}}  # fmt: skip
    events = [
        ev(1, "job_fair_held", "2026-01-08", kind="daily", companies=35, jobs=900, visitors=200),
        ev(2, "job_fair_held", "2026-01-15", kind="daily", companies=40, jobs=899, visitors=300),
        ev(3, "job_fair_held", "2026-01-22", kind="daily", companies=34, jobs=1000, visitors=199),
        ev(4, "job_fair_held", "2026-01-29", kind="themed", companies=1, jobs=1, visitors=1),
    ]
    got = one(spec, events, JAN)
    assert got.value == 3
    assert (got.detail["met_all"], got.detail["events_short"], got.detail["sub_misses"]) == (1, 2, 3)
    assert [(m["seq"], m["missed"]) for m in got.detail["misses"]] == [
        (2, ["jobs"]),
        (3, ["companies", "visitors"]),
    ]


# -- stable (insured six months) ------------------------------------------------------------------------

STABLE = {
    "kind": "stable",
    "start": {"type": "employee_insured"},
    "end": {"type": "insurance_ended"},
    "key": "person",
    "months": 6,
}


def insured(seq: int, on: str, person: str) -> Event:
    return ev(seq, "employee_insured", on, person=person, employer="c1")


def ended(seq: int, on: str, person: str) -> Event:
    return ev(seq, "insurance_ended", on, person=person)


STABLE_LOG = [
    insured(1, "2026-01-10", "p1"),  # six months on 2026-07-10, never ended: stable
    insured(2, "2026-03-01", "p2"),
    ended(3, "2026-05-01", "p2"),  # ended before six months: not stable
    insured(4, "2026-08-01", "p3"),  # six months fall on 2027-02-01: not yet at the end of 2026
    insured(5, "2025-06-01", "p4"),  # first insured before the period: not counted even if insured again
    insured(6, "2026-02-01", "p4"),
    insured(7, "2026-02-01", "p5"),
    ended(8, "2026-08-05", "p5"),  # ended after the six months (due 2026-08-01): still stable
]


def test_stable_six_months_after_first_start() -> None:
    got = one(STABLE, STABLE_LOG, YEAR)
    assert got.value == 2
    assert got.events == (1, 7)
    assert got.detail["started"] == 4  # p1, p2, p3, p5


def test_stable_not_counted_before_the_assessment_date_reaches_six_months() -> None:
    """p3 (insured 2026-08-01) counts once the assessment date reaches 2027-02-01, not a day before."""
    before = one(STABLE, STABLE_LOG, YEAR, assessed_on=date(2027, 1, 31))
    on_due = one(STABLE, STABLE_LOG, YEAR, assessed_on=date(2027, 2, 1))
    assert before.value == 2 and on_due.value == 3


def test_stable_ended_insurance_breaks_it_only_inside_the_six_months() -> None:
    log = [*STABLE_LOG, ended(9, "2026-12-20", "p3")]
    assert one(STABLE, log, YEAR, assessed_on=date(2027, 2, 1)).value == 2  # p3 broke it inside six months
    late = [*STABLE_LOG, ended(9, "2027-03-01", "p3")]  # after 2027-02-01 (and after the assessment)
    assert one(STABLE, late, YEAR, assessed_on=date(2027, 2, 1)).value == 3


# -- judgement and findings -----------------------------------------------------------------------------


def judgement(seq: int, on: str, met: bool, shortfalls: int = 0, item: str = "site.layout",
              scheme: str = "shaxian-gig") -> Event:  # fmt: skip
    return ev(seq, "assessor_judgement", on, actor="lin", scheme=scheme, item=item, met=met,
              shortfalls=shortfalls, reason=f"r{seq}")  # fmt: skip


def test_judgement_latest_wins() -> None:
    spec = {"kind": "judgement", "item": "site.layout"}
    events = [
        judgement(1, "2026-06-01", False, 2),
        judgement(2, "2026-11-01", True),
        judgement(3, "2026-07-01", False, 1),  # recorded later, but happened earlier
        judgement(4, "2026-12-01", False, 5, item="site.rules"),  # another item
        judgement(5, "2026-12-02", False, 5, scheme="chifeng-park"),  # another scheme
    ]
    got = one(spec, events, YEAR, scheme="shaxian-gig")
    assert got.value == 0 and got.events == (2,)
    assert got.detail == {"met": True, "reason": "r2", "actor": "lin"}


def test_judgement_same_day_goes_to_the_later_seq_and_none_is_no_data() -> None:
    spec = {"kind": "judgement", "item": "site.layout"}
    got = one(
        spec, [judgement(1, "2026-11-01", True), judgement(2, "2026-11-01", False, 1)], scheme="shaxian-gig"
    )
    assert got.value == 1 and got.detail["met"] is False
    assert one(spec, [], scheme="shaxian-gig").value is None


def finding(seq: int, on: str, kind: str, count: int, item: str = "") -> Event:
    return ev(seq, "inspection_finding", on, actor="lin", kind=kind, count=count, item=item, reason="抽查")


def test_findings_sum_their_counts_with_items_detail() -> None:
    events = [
        finding(1, "2026-03-01", "false_information", 2, item="info.workers"),
        finding(2, "2026-06-01", "false_information", 3, item="info.job_posts"),
        finding(3, "2026-07-01", "data_error", 4, item="info.workers"),
        finding(4, "2025-12-01", "false_information", 9),  # before the year
    ]
    got = one({"kind": "findings", "finding": "false_information"}, events)
    assert got.value == 5 and got.events == (1, 2)
    assert got.detail["items"] == ["info.job_posts", "info.workers"]
    both = one(
        {"kind": "findings", "finding": ["false_information", "data_error"], "item": "info.workers"}, events
    )
    assert both.value == 6 and both.events == (1, 3)


# -- windows --------------------------------------------------------------------------------------------


def test_window_year_counts_the_whole_calendar_year_for_a_quarter() -> None:
    """Chifeng Q4 revenue "按全年算": a quarter's indicator may read the year containing it."""
    events = [
        ev(i, "gig_job_posted", f"2026-{m:02d}-10", employer="c") for i, m in enumerate((1, 5, 11, 12), 1)
    ]
    events.append(ev(9, "gig_job_posted", "2027-01-02", employer="c"))
    base = {"kind": "count", "type": "gig_job_posted"}
    q4 = Period.quarter(2026, 4)
    assert one(base, events, q4).value == 2
    assert one({**base, "window": "year"}, events, q4).value == 4
    assert one({**base, "window": "to_date"}, events, Period.quarter(2026, 2)).value == 2


# -- the current view -----------------------------------------------------------------------------------


def fact(seq: int, **payload: Any) -> Event:
    return ev(seq, "gig_job_posted", "2026-03-01", employer="c", **payload)


def correction(seq: int, target: int, **changes: Any) -> Event:
    return ev(seq, "correction", "2026-03-01", target=f"e{target}", changes=changes, reason="录入错误")


def retraction(seq: int, target: int) -> Event:
    return ev(seq, "retraction", "2026-03-01", target=f"e{target}", reason="重复录入")


def test_view_correction_changes_a_field_and_records_it() -> None:
    view = current_view([fact(1, positions=1), fact(2, positions=3), correction(3, 1, positions=5)])
    assert [(e.seq, e.payload["positions"]) for e in view] == [(1, 5), (2, 3)]
    assert view[0].amended_by == (3,)
    assert view[1].amended_by == ()


def test_view_correction_can_move_an_event_in_time() -> None:
    view = current_view([fact(1), correction(2, 1, occurred_at="2026-04-02")])
    assert view[0].occurred_at == "2026-04-02"
    assert one({"kind": "count", "type": "gig_job_posted"}, view, Q1).value == 0  # moved out of Q1


def test_view_retracted_event_disappears() -> None:
    view = current_view([fact(1), fact(2), retraction(3, 1)])
    assert [e.seq for e in view] == [2]


def test_view_retracting_a_correction_restores_the_original() -> None:
    view = current_view([fact(1, positions=1), correction(2, 1, positions=5), retraction(3, 2)])
    assert view[0].payload["positions"] == 1
    assert view[0].amended_by == ()


def test_view_two_corrections_stack_in_log_order() -> None:
    log = [fact(1, positions=1, on_provincial_platform=True), correction(2, 1, positions=5, on_provincial_platform=False),
           correction(3, 1, positions=7)]  # fmt: skip
    view = current_view(log)
    assert view[0].payload == {"employer": "c", "positions": 7, "on_provincial_platform": False}
    assert view[0].amended_by == (2, 3)


def test_view_is_pure_and_drops_meta_events() -> None:
    log = [fact(1, positions=1), correction(2, 1, positions=5)]
    view = current_view(log)
    assert [e.type for e in view] == ["gig_job_posted"]
    assert log[0].payload["positions"] == 1  # the stored event is untouched


def test_view_feeds_the_fold() -> None:
    """A correction that flips a survey answer moves the rate across a band edge: 89.5% -> 90%."""
    log = answers(179, 21)  # seqs 1..179 satisfied, 180..200 not
    log = [ev(e.seq, e.type, e.occurred_at, **e.payload) for e in log]
    before = ratios(current_view(log))["rate"].value
    after = ratios(current_view([*log, correction(201, 180, satisfied=True)]))["rate"].value
    assert (before, after) == (D("89.5"), D(90))
