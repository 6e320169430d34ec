"""Assessment periods: parsing, boundaries, subdivision into months/weeks, contract-relative spans."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from ledger.errors import LedgerError
from projections.periods import (
    Period,
    PeriodError,
    add_months,
    contract_months,
    contract_quarter,
    period_of,
    remaining_fraction,
)

D = date.fromisoformat
FORMS = "use 2026-03 (month), 2026-Q3 (quarter), 2026-H1 (half-year) or 2026 (year)"


def assert_partition(whole: Period, pieces: list[Period]) -> None:
    """Pieces are contiguous, in order, inside `whole`, and cover it exactly."""
    assert pieces[0].start == whole.start
    assert pieces[-1].end == whole.end
    for before, after in zip(pieces, pieces[1:], strict=False):
        assert after.start == before.end + timedelta(days=1)
    assert sum(p.days for p in pieces) == whole.days


@pytest.mark.parametrize(
    ("text", "canonical", "kind", "start", "end"),
    [
        ("2026-03", "2026-03", "month", "2026-03-01", "2026-03-31"),
        ("2026-Q3", "2026-Q3", "quarter", "2026-07-01", "2026-09-30"),
        ("2026-q3", "2026-Q3", "quarter", "2026-07-01", "2026-09-30"),
        ("2026-H1", "2026-H1", "half", "2026-01-01", "2026-06-30"),
        ("2026-h2", "2026-H2", "half", "2026-07-01", "2026-12-31"),
        ("2026", "2026", "year", "2026-01-01", "2026-12-31"),
    ],
)
def test_parse_gives_kind_and_bounds_and_prints_back_canonically(text, canonical, kind, start, end):
    period = Period.parse(text)
    assert (period.kind, period.start, period.end) == (kind, D(start), D(end))
    assert str(period) == period.label == canonical
    assert Period.parse(str(period)) == period


@pytest.mark.parametrize(
    "text", ["2026-13", "2026-00", "2026-Q5", "2026-Q0", "2026-H3", "26", "2026-1", "", " 2026"]
)
def test_parse_rejects_anything_else_with_the_accepted_forms(text):
    with pytest.raises(PeriodError) as caught:
        Period.parse(text)
    assert str(caught.value) == f"bad period {text!r}: {FORMS}"
    assert isinstance(caught.value, LedgerError)


def test_parse_rejection_message_matches_the_documented_example():
    with pytest.raises(
        PeriodError, match=r"^bad period '2026-13': use 2026-03 \(month\), .* or 2026 \(year\)$"
    ):
        Period.parse("2026-13")


@pytest.mark.parametrize(
    ("period", "start", "end", "days"),
    [
        (Period.month(2026, 2), "2026-02-01", "2026-02-28", 28),
        (Period.month(2028, 2), "2028-02-01", "2028-02-29", 29),
        (Period.month(2026, 12), "2026-12-01", "2026-12-31", 31),
        (Period.quarter(2028, 1), "2028-01-01", "2028-03-31", 91),
        (Period.quarter(2026, 1), "2026-01-01", "2026-03-31", 90),
        (Period.quarter(2026, 4), "2026-10-01", "2026-12-31", 92),
        (Period.half(2026, 1), "2026-01-01", "2026-06-30", 181),
        (Period.half(2026, 2), "2026-07-01", "2026-12-31", 184),
        (Period.year(2026), "2026-01-01", "2026-12-31", 365),
        (Period.year(2028), "2028-01-01", "2028-12-31", 366),
    ],
)
def test_calendar_periods_start_end_and_day_count(period, start, end, days):
    assert (period.start, period.end, period.days) == (D(start), D(end), days)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Period.month(2026, 13), "bad month 13: use 1..12"),
        (lambda: Period.quarter(2026, 5), "bad quarter 5: use 1..4"),
        (lambda: Period.half(2026, 0), "bad half-year 0: use 1 or 2"),
        (lambda: Period.year(0), "bad year 0: use 1..9999"),
        (
            lambda: Period.span("2026-03-02", "2026-03-01", "x"),
            "bad period 'x': ends 2026-03-01 before it starts 2026-03-02",
        ),
    ],
)
def test_constructors_reject_impossible_periods(build, message):
    with pytest.raises(PeriodError, match=f"^{re.escape(message)}$"):
        build()


def test_weeks_of_2026_start_and_end_with_partial_iso_weeks():
    weeks = Period.year(2026).weeks()
    first, last = weeks[0], weeks[-1]
    assert (first.label, first.start, first.end, first.days, first.full) == (
        "2026-W01",
        D("2026-01-01"),
        D("2026-01-04"),
        4,
        False,
    )
    assert (last.label, last.start, last.end, last.days, last.full) == (
        "2026-W53",
        D("2026-12-28"),
        D("2026-12-31"),
        4,
        False,
    )
    assert len(weeks) == 53
    assert all(w.full and w.days == 7 and w.start.weekday() == 0 for w in weeks[1:-1])
    assert [w.label for w in weeks[:3]] == ["2026-W01", "2026-W02", "2026-W03"]


@pytest.mark.parametrize("text", ["2026", "2027", "2028", "2026-Q3", "2026-02", "2026-H2"])
def test_weeks_partition_the_period_exactly(text):
    period = Period.parse(text)
    weeks = period.weeks()
    assert_partition(period, weeks)
    assert all(w.kind == "week" and w.full == (w.days == 7) for w in weeks)


def test_week_starting_in_previous_iso_year_keeps_its_iso_label():
    # 2027-01-01 is a Friday: it belongs to ISO week 2026-W53.
    first = Period.year(2027).weeks()[0]
    assert (first.label, first.start, first.end) == ("2026-W53", D("2027-01-01"), D("2027-01-03"))


def test_months_of_q3_are_july_to_september_whole():
    months = Period.parse("2026-Q3").months()
    assert [(m.label, m.start, m.end, m.full) for m in months] == [
        ("2026-07", D("2026-07-01"), D("2026-07-31"), True),
        ("2026-08", D("2026-08-01"), D("2026-08-31"), True),
        ("2026-09", D("2026-09-01"), D("2026-09-30"), True),
    ]
    assert months == [Period.month(2026, m) for m in (7, 8, 9)]


def test_months_of_a_contract_span_are_clipped_at_both_ends():
    months = contract_months(D("2026-03-15"), 3).months()
    assert [(m.label, m.start, m.end, m.full) for m in months] == [
        ("2026-03", D("2026-03-15"), D("2026-03-31"), False),
        ("2026-04", D("2026-04-01"), D("2026-04-30"), True),
        ("2026-05", D("2026-05-01"), D("2026-05-31"), True),
        ("2026-06", D("2026-06-01"), D("2026-06-14"), False),
    ]
    assert_partition(contract_months(D("2026-03-15"), 3), months)


def test_quarters_of_a_year_are_its_four_calendar_quarters():
    assert [q.label for q in Period.year(2026).quarters()] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert_partition(Period.year(2026), Period.year(2026).quarters())


@pytest.mark.parametrize(
    ("day", "n", "after"),
    [
        ("2026-01-31", 1, "2026-02-28"),
        ("2028-01-31", 1, "2028-02-29"),
        ("2026-03-31", 1, "2026-04-30"),
        ("2026-08-31", 6, "2027-02-28"),
        ("2026-11-15", 3, "2027-02-15"),
        ("2026-03-15", -3, "2025-12-15"),
    ],
)
def test_add_months_keeps_the_day_of_month_clamped_to_month_end(day, n, after):
    assert add_months(D(day), n) == D(after)


@pytest.mark.parametrize(
    ("start", "n", "end"),
    [
        ("2026-01-01", 1, "2026-01-31"),
        ("2026-01-01", 3, "2026-03-31"),
        ("2026-01-01", 12, "2026-12-31"),
        ("2026-03-15", 1, "2026-04-14"),
        ("2026-03-15", 3, "2026-06-14"),
        ("2026-03-15", 6, "2026-09-14"),
        ("2026-03-15", 9, "2026-12-14"),
        ("2026-03-15", 12, "2027-03-14"),
        # a start on the 31st: "one month later" is Feb 28 (clamped), so month one ends the day before
        ("2026-01-31", 1, "2026-02-27"),
        ("2028-01-31", 1, "2028-02-28"),
        ("2026-01-31", 3, "2026-04-29"),
        ("2026-01-31", 12, "2027-01-30"),
        ("2026-03-31", 1, "2026-04-29"),
        ("2026-03-31", 12, "2027-03-30"),
    ],
)
def test_contract_months_run_from_start_to_the_day_before_n_months_later(start, n, end):
    period = contract_months(D(start), n)
    assert (period.label, period.start, period.end) == (f"C+{n}m", D(start), D(end))


@pytest.mark.parametrize(
    "start", ["2026-01-01", "2026-03-15", "2026-01-31", "2026-08-31", "2027-02-28", "2028-02-29"]
)
def test_contract_milestones_nest_and_year_one_is_a_whole_year(start):
    spans = [contract_months(start, n) for n in (1, 3, 6, 9, 12)]
    assert all(a.end < b.end and b.contains_period(a) for a, b in zip(spans, spans[1:], strict=False))
    assert spans[-1].days in (365, 366)


def test_contract_months_rejects_zero_months():
    with pytest.raises(PeriodError, match=r"^bad contract length 0: use 1 month or more$"):
        contract_months(D("2026-03-15"), 0)


@pytest.mark.parametrize(
    ("q", "start", "end"),
    [
        (1, "2026-03-15", "2026-06-14"),
        (2, "2026-06-15", "2026-09-14"),
        (3, "2026-09-15", "2026-12-14"),
        (4, "2026-12-15", "2027-03-14"),
    ],
)
def test_contract_quarter_counts_from_the_contract_start(q, start, end):
    period = contract_quarter(D("2026-03-15"), q)
    assert (period.label, period.start, period.end) == (f"Y1-Q{q}", D(start), D(end))


@pytest.mark.parametrize("start", ["2026-03-15", "2026-01-31", "2026-11-30", "2028-02-29"])
def test_contract_quarters_partition_contract_year_one(start):
    assert_partition(contract_months(start, 12), [contract_quarter(start, q) for q in (1, 2, 3, 4)])


def test_contract_year_two_follows_year_one():
    assert contract_quarter("2026-03-15", 1, year=2) == Period.span("2027-03-15", "2027-06-14", "Y2-Q1")


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("Y1-Q2", "Y1-Q2", "2026-06-15", "2026-09-14"),
        ("y1-q4", "Y1-Q4", "2026-12-15", "2027-03-14"),
        ("C+6m", "C+6m", "2026-03-15", "2026-09-14"),
        ("C+1m", "C+1m", "2026-03-15", "2026-04-14"),
    ],
)
def test_parse_relative_resolves_against_the_contract_start(text, label, start, end):
    period = Period.parse_relative(text, D("2026-03-15"))
    assert (period.label, period.start, period.end) == (label, D(start), D(end))


@pytest.mark.parametrize("text", ["Y1-Q5", "Y0-Q1", "C+0m", "C+6", "C6m", "2026-Q1", ""])
def test_parse_relative_rejects_anything_else_with_the_accepted_forms(text):
    with pytest.raises(PeriodError) as caught:
        Period.parse_relative(text, D("2026-03-15"))
    assert str(caught.value) == (
        f"bad contract period {text!r}: use Y1-Q2 (quarter of contract year 1) or C+6m (first 6 months of service)"
    )


@pytest.mark.parametrize(
    ("day", "inside"),
    [
        ("2026-06-30", False),
        ("2026-07-01", True),
        ("2026-09-30", True),
        ("2026-10-01", False),
        ("2026-07-01T00:00:00+08:00", True),
        ("2026-09-30T23:59:59+08:00", True),
        ("2026-10-01T00:00:00+08:00", False),
        (date(2026, 7, 1), True),
        (date(2026, 10, 1), False),
        (datetime(2026, 9, 30, 23, 59), True),
        # 16:30 UTC on Sep 30 is 00:30 on Oct 1 in Shanghai
        (datetime(2026, 9, 30, 16, 30, tzinfo=UTC), False),
    ],
)
def test_contains_is_inclusive_at_both_edges(day, inside):
    assert Period.parse("2026-Q3").contains(day) is inside


def test_contains_rejects_a_malformed_date():
    with pytest.raises(PeriodError, match=r"^bad date '2026-7-1': use YYYY-MM-DD$"):
        Period.parse("2026-Q3").contains("2026-7-1")


@pytest.mark.parametrize(
    ("outer", "inner", "expected"),
    [
        ("2026-Q3", "2026-07", True),
        ("2026-Q3", "2026-09", True),
        ("2026-Q3", "2026-10", False),
        ("2026", "2026-H2", True),
        ("2026-H1", "2026", False),
        ("2026-Q3", "2026-Q3", True),
    ],
)
def test_contains_period(outer, inner, expected):
    assert Period.parse(outer).contains_period(Period.parse(inner)) is expected


def test_a_week_straddling_new_year_is_not_inside_either_year():
    straddling = Period("week", "2026-W53", D("2026-12-28"), D("2027-01-03"))
    assert not Period.year(2026).contains_period(straddling)
    assert not Period.year(2027).contains_period(straddling)


@pytest.mark.parametrize(
    ("text", "previous", "following"),
    [
        ("2026-01", "2025-12", "2026-02"),
        ("2026-12", "2026-11", "2027-01"),
        ("2026-Q1", "2025-Q4", "2026-Q2"),
        ("2026-Q4", "2026-Q3", "2027-Q1"),
        ("2026-H1", "2025-H2", "2026-H2"),
        ("2026-H2", "2026-H1", "2027-H1"),
        ("2026", "2025", "2027"),
    ],
)
def test_previous_and_next_step_one_period_of_the_same_kind(text, previous, following):
    period = Period.parse(text)
    assert period.previous() == Period.parse(previous)
    assert period.next() == Period.parse(following)


def test_a_span_has_no_previous_or_next():
    with pytest.raises(PeriodError, match=r"^period 'C\+3m' is a span: previous/next work only for months"):
        contract_months("2026-03-15", 3).next()


@pytest.mark.parametrize(
    ("kind", "label"),
    [("month", "2026-08"), ("quarter", "2026-Q3"), ("half", "2026-H2"), ("year", "2026")],
)
def test_period_of_finds_the_calendar_period_containing_a_day(kind, label):
    assert period_of(kind, D("2026-08-15")) == Period.parse(label)
    assert period_of(kind, "2026-08-15T09:30:00+08:00") == Period.parse(label)


@pytest.mark.parametrize(
    ("today", "elapsed", "remaining"),
    [
        ("2026-02-28", 0, Decimal(1)),
        ("2026-03-01", 1, Decimal(30) / Decimal(31)),
        ("2026-03-10", 10, Decimal(21) / Decimal(31)),
        ("2026-03-31", 31, Decimal(0)),
        ("2026-04-05", 31, Decimal(0)),
    ],
)
def test_elapsed_days_count_today_and_remaining_fraction_is_what_is_left(today, elapsed, remaining):
    march = Period.month(2026, 3)
    assert march.elapsed_days(today) == elapsed
    assert march.remaining_days(today) == 31 - elapsed
    assert remaining_fraction(march, D(today)) == remaining
