"""Dates in the fold (issue 11 §2): events counted by the period they cover, later reports superseding earlier
ones, durations between paired events in calendar or working days, report deadlines, survey aggregates and
weighted ratings -- and the working-day calendar they stand on (projections/workdays.py).

2026 国庆: 1-7 October off; Sunday 20 September and Saturday 10 October are worked (调休).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pydantic import TypeAdapter

from ledger.envelope import Event
from projections.indicators import IndicatorSpec, IndicatorValue, compute, project
from projections.periods import Period
from projections.workdays import CalendarError, WorkCalendar, year_table

D = Decimal
SPEC = TypeAdapter(IndicatorSpec)
YEAR = Period.year(2026)


def ev(seq: int, type_: str, on: str, covers: str | None = None, **payload: Any) -> Event:
    return Event(seq=seq, id=f"e{seq}", type=type_, version=1, site="s1", occurred_at=on,
                 recorded_at=f"2027-01-31T00:00:{seq % 60:02d}.000000+08:00", actor="op", payload=payload,
                 covers=covers)  # fmt: skip


def one(spec: dict[str, Any], events: list[Event], period: Period = YEAR, **kw: Any) -> IndicatorValue:
    return compute({"x": SPEC.validate_python(spec)}, events, period, **kw)["x"]


# -- working days -------------------------------------------------------------------------------------------------

CAL = WorkCalendar()


@pytest.mark.parametrize(
    ("day", "works"),
    [("2026-09-30", True), ("2026-10-01", False), ("2026-10-07", False), ("2026-10-08", True),
     ("2026-10-10", True), ("2026-10-11", False), ("2026-09-20", True), ("2026-09-19", False)],
    ids=["wed-before", "national-day", "last-holiday", "back-to-work", "调休-saturday-worked", "sunday", "调休-sunday",
         "plain-saturday"],
)  # fmt: skip
def test_working_days_follow_the_state_councils_arrangement(day: str, works: bool) -> None:
    assert CAL.is_workday(date.fromisoformat(day)) is works


def test_three_working_days_after_30_september_end_on_10_october() -> None:
    assert CAL.add_workdays(date(2026, 9, 30), 3) == date(2026, 10, 10)
    assert CAL.workdays_between(date(2026, 9, 30), date(2026, 10, 9)) == 2


def test_a_year_the_package_does_not_cover_is_one_line_naming_it() -> None:
    with pytest.raises(CalendarError, match="working days in 2031 are not known") as err:
        CAL.is_workday(date(2031, 5, 1))
    assert "holidays-2031.toml" in str(err.value) and "\n" not in str(err.value)


def test_a_buyers_table_covers_a_missing_year() -> None:
    cal = WorkCalendar({2031: year_table(2031, ["2031-05-01", "2031-05-02"], ["2031-05-10"])})
    assert not cal.is_workday(date(2031, 5, 1)) and cal.is_workday(date(2031, 5, 10))  # a Saturday worked


@pytest.mark.parametrize(
    ("holidays", "workdays", "said"),
    [
        (["2031-13-01"], [], "bad date"),
        (["2032-01-01"], [], "is not in 2031"),
        (["2031-05-01"], ["2031-05-01"], "both"),
    ],
)
def test_a_bad_buyer_table_is_refused(holidays: list[str], workdays: list[str], said: str) -> None:
    with pytest.raises(CalendarError, match=said):
        year_table(2031, holidays, workdays)


# -- covers and supersession ----------------------------------------------------------------------------------------

REPORTS = {"kind": "count", "type": "deliverable_submitted", "where": {"kind": "monthly_report"}}


def test_a_report_counts_in_the_period_it_covers_not_the_day_it_came() -> None:
    march = ev(1, "deliverable_submitted", "2026-04-03", covers="2026-03", kind="monthly_report", title="3月")
    assert one(REPORTS, [march], Period.quarter(2026, 1)).value == 1
    assert one(REPORTS, [march], Period.quarter(2026, 2)).value == 0


def test_a_covered_year_counts_only_in_a_window_that_holds_all_of_it() -> None:
    annual = ev(
        1, "deliverable_submitted", "2027-01-10", covers="2026", kind="work_summary", title="年度总结"
    )
    spec = {"kind": "count", "type": "deliverable_submitted"}
    assert one(spec, [annual], YEAR).value == 1
    assert one(spec, [annual], Period.quarter(2026, 4)).value == 0


def test_a_later_report_for_the_same_institution_and_month_replaces_the_earlier() -> None:
    spec = {"kind": "sum", "type": "revenue_reported", "field": "amount_yuan", "covers_field": "month",
            "latest_per": ["institution"]}  # fmt: skip
    events = [
        ev(1, "revenue_reported", "2026-04-02", institution="甲", month="2026-03", amount_yuan="100"),
        ev(
            2, "revenue_reported", "2026-04-20", institution="甲", month="2026-03", amount_yuan="120"
        ),  # replaces 1
        ev(3, "revenue_reported", "2026-04-02", institution="乙", month="2026-03", amount_yuan="50"),
        ev(4, "revenue_reported", "2026-05-02", institution="甲", month="2026-04", amount_yuan="70"),
    ]
    assert one(spec, events, Period.quarter(2026, 1)).value == D(170)  # 120 + 50; April's 70 is Q2
    without = {k: v for k, v in spec.items() if k != "latest_per"}
    assert one(without, events, Period.quarter(2026, 1)).value == D(270)  # counted twice without it


# -- durations ------------------------------------------------------------------------------------------------------

COMPLAINTS = {"kind": "durations", "start": {"type": "complaint_filed"}, "end": {"type": "complaint_closed"},
              "key": "case", "within": 3}  # fmt: skip


def filed(seq: int, on: str, case: str) -> Event:
    return ev(seq, "complaint_filed", on, case=case, complainant="甲", subject="乙")


def closed(seq: int, on: str, case: str) -> Event:
    return ev(seq, "complaint_closed", on, case=case)


@pytest.mark.parametrize(
    ("days", "late"),
    [("calendar", 2), ("working", 0)],
    ids=["calendar-days-count-the-holiday", "working-days-skip-it"],
)
def test_durations_across_national_day(days: str, late: int) -> None:
    # A: 30 Sep -> 9 Oct is 9 calendar days, 2 working; B: 30 Sep -> 10 Oct is 10 calendar days, 3 working
    events = [filed(1, "2026-09-30", "A"), closed(2, "2026-10-09", "A"), filed(3, "2026-09-30", "B"),
              closed(4, "2026-10-10", "B")]  # fmt: skip
    got = one({**COMPLAINTS, "days": days}, events, calendar=CAL)
    assert got.value == late


def test_an_open_case_is_late_once_its_limit_has_passed_and_pending_before() -> None:
    events = [filed(1, "2026-10-12", "D")]  # due 3 working days later: 15 October
    late = one({**COMPLAINTS, "days": "working"}, events, calendar=CAL, assessed_on=date(2026, 10, 16))
    pending = one({**COMPLAINTS, "days": "working"}, events, calendar=CAL, assessed_on=date(2026, 10, 14))
    assert (late.value, len(late.detail["late"])) == (1, 1) and late.detail["late"][0]["closed"] is None
    assert (pending.value, len(pending.detail["pending"])) == (0, 1)


def test_a_close_for_another_case_does_not_close_this_one() -> None:
    events = [filed(1, "2026-03-02", "A"), closed(2, "2026-03-03", "B")]
    assert one(COMPLAINTS, events, assessed_on=date(2026, 3, 31)).value == 1


# -- deadlines ------------------------------------------------------------------------------------------------------

DEADLINES = {"kind": "deadlines", "type": "deliverable_submitted", "where": {"kind": "monthly_report"},
             "every": "month", "due_day": 5}  # fmt: skip


def report(seq: int, on: str, covers: str | None) -> Event:
    return ev(seq, "deliverable_submitted", on, covers=covers, kind="monthly_report", title="月报")


@pytest.mark.parametrize(
    ("on", "late"),
    [("2026-02-05", 0), ("2026-02-06", 1), ("2026-01-20", 0)],
    ids=["the-5th-is-in-time", "the-6th-is-late", "early-is-in-time"],
)
def test_a_monthly_report_is_due_by_the_5th_of_the_next_month(on: str, late: int) -> None:
    got = one(DEADLINES, [report(1, on, "2026-01")], Period.month(2026, 1))
    assert got.value == late


def test_a_missing_report_counts_once_its_due_date_has_passed() -> None:
    q1 = Period.quarter(2026, 1)
    events = [report(1, "2026-02-03", "2026-01"), report(2, "2026-03-03", "2026-02")]  # March's never came
    assert one(DEADLINES, events, q1).value == 1  # judged once every deadline has passed (5 April)
    early = one(DEADLINES, events, q1, assessed_on=date(2026, 4, 3))
    assert early.value == 0 and early.detail["pending"][0]["bucket"] == "2026-03"


def test_a_report_without_covers_counts_for_no_month_and_is_listed() -> None:
    got = one(DEADLINES, [report(1, "2026-02-03", None)], Period.month(2026, 1))
    assert got.value == 1 and got.detail["uncovered"] == [1]


def test_working_day_deadlines_count_from_the_first_working_day() -> None:
    # September's report by the 3rd working day of October 2026: 8, 9, 10 October -> due 10 October
    spec = {**DEADLINES, "due_day": 3, "days": "working"}
    assert one(spec, [report(1, "2026-10-10", "2026-09")], Period.month(2026, 9), calendar=CAL).value == 0
    assert one(spec, [report(1, "2026-10-12", "2026-09")], Period.month(2026, 9), calendar=CAL).value == 1


def test_a_running_period_does_not_count_reports_not_yet_due() -> None:
    spec = SPEC.validate_python(DEADLINES)
    values = compute({"x": spec}, [report(1, "2026-02-03", "2026-01")], YEAR)
    later = project({"x": spec}, values, YEAR, date(2026, 4, 1))["x"]
    assert values["x"].value == 11 and later.value == 1  # only February's (due 5 March) has passed by 1 April


# -- surveys and ratings ------------------------------------------------------------------------------------------


def test_a_survey_summary_counts_where_its_answers_would() -> None:
    events = [ev(1, "survey_summary", "2026-11-01", survey="gig_satisfaction", respondents=80, satisfied=70),
              ev(2, "survey_response", "2026-11-02", survey="gig_satisfaction", respondent="R1", satisfied=False),
              ev(3, "survey_response", "2026-11-02", survey="gig_satisfaction", respondent="R2", satisfied=True,
                 score="60")]  # fmt: skip
    survey = {"kind": "survey", "survey": "gig_satisfaction"}
    assert one({**survey, "measure": "asked"}, events).value == 82
    assert one({**survey, "measure": "satisfied"}, events).value == 71
    assert one({**survey, "measure": "rate", "round_places": 2}, events).value == D("86.59")  # 71 / 82
    assert one({**survey, "measure": "mean_score"}, events).value == D(60)  # only R2 gave a score


def test_weighted_ratings_are_the_share_of_the_best_rating() -> None:
    spec = {"kind": "ratings", "item": "service", "aspects": {"a": "2", "b": "1"}, "scale_max": 5}
    rated = [
        ev(
            1,
            "assessor_rating",
            "2026-12-01",
            scheme="",
            item="service",
            ratings={"a": 4, "b": 3},
            reason="r",
        )
    ]
    got = one(spec, rated)
    assert got.value == D(11) / D(15) * 100 and got.detail["weighted"] == "11"  # (4x2 + 3x1) / (5x2 + 5x1)
