"""Each event type is read up to its own horizon (`projections.indicators.Reach`, issue 15).

Chifeng's yearly revenue (seed 001, the revenue row: "按全年算", each report counted in the month it reports on)
counts a report whenever it is handed in, so one horizon for the whole scheme was 9999-12-31: a job fair logged
today reached back into every quarter since the contract began, and a refresh read and wrote every past quarter's
stored entry again. Per type, a fact no indicator of a period can count is left out of that period's facts, and
its stored entry is carried past it unread. What must not change is anything a scorecard shows: the values of
every indicator, and the late events of the period.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import add_event, keyring_for, with_test_keys

from ledger.envelope import Draft, Event
from ledger.ledger import Ledger
from projections import accumulate
from projections import facts as proj
from projections.indicators import compute, horizon, reach
from projections.periods import Period
from schemes import service, stored
from schemes.model import get_scheme
from schemes.targets import Target

CHIFENG = get_scheme("chifeng-park")
SITE = "cf"
FAIR = {
    "title": "招聘会",
    "format": "offline",
    "kind": "daily",
    "companies": 30,
    "jobs": 300,
    "visitors": 500,
}


@pytest.mark.parametrize(
    ("event_type", "period", "last"),
    [
        # The revenue row counts a report in the month it covers, whenever it was handed in.
        pytest.param("revenue_reported", "2025-Q3", "9999-12-31", id="revenue-any-date"),
        # Activities are also counted over the calendar year containing the quarter (its yearly rows).
        pytest.param("activity_held", "2025-Q3", "2025-12-31", id="activities-the-year"),
        pytest.param("activity_held", "2026-Q4", "2026-12-31", id="activities-q4-is-the-year-end"),
        # Read by the quarter's rows only: the quarter's end.
        pytest.param("job_fair_held", "2025-Q3", "2025-09-30", id="fairs-the-quarter"),
        # Read by no indicator of the scheme: the period's end.
        pytest.param("gig_deal_completed", "2025-Q3", "2025-09-30", id="unread-type"),
    ],
)
def test_each_type_reaches_as_far_as_the_indicators_that_read_it(
    event_type: str, period: str, last: str
) -> None:
    got = reach(CHIFENG.indicators, Period.parse(period), None)
    assert got.of(event_type) == last
    assert got.last == horizon(CHIFENG.indicators, Period.parse(period), None).isoformat()


@pytest.mark.parametrize(
    "scheme", ["wujiang-alliance", "pingxiang-market", "shaxian-gig", "dongsheng-talent"]
)
def test_a_scheme_without_a_covering_field_reaches_one_date_for_every_type(scheme: str) -> None:
    """The four other seeds read every type up to the same date, so nothing changes for them."""
    specs = get_scheme(scheme).indicators
    period = Period.parse("2026-H1" if scheme == "dongsheng-talent" else "2026")
    got = reach(specs, period, None)
    assert (got.until, dict(got.by_type)) == (horizon(specs, period, None).isoformat(), {})


def ev(seq: int, type_: str, on: str, covers: str | None = None, **payload: Any) -> Event:
    return Event(seq=seq, id=f"e{seq}", type=type_, version=1, site=SITE, occurred_at=on,
                 recorded_at=f"2026-02-20T00:00:{seq % 60:02d}.000000+08:00", actor="op", payload=payload,
                 covers=covers)  # fmt: skip


REPORT = {"institution": "乙公司", "amount_yuan": "2500000"}
Q3 = Period.parse("2025-Q3")
CTX_Q3 = stored._ctx(Target(CHIFENG, Q3, None, None), None)


@pytest.mark.parametrize(
    ("event", "closed", "carried"),
    [
        # The quarter's rows read fairs up to its end (reach): a fair in 2026 is not among its facts.
        pytest.param(ev(1, "job_fair_held", "2026-02-20", **FAIR), [], True, id="fair-beyond-reach"),
        # Revenue counts in the month it covers: January 2026 is in no window of 2025-Q3 (the year 2025).
        pytest.param(ev(2, "revenue_reported", "2026-02-20", month="2026-01", **REPORT), [], True,
                     id="report-on-another-year"),
        pytest.param(ev(3, "revenue_reported", "2026-02-20", month="2025-08", **REPORT), [], False,
                     id="report-on-its-year"),
        # Dated in a closed quarter: late, and the late events are every entry's that reads the type.
        pytest.param(ev(4, "revenue_reported", "2026-02-20", month="2026-01", **REPORT), ["2026-Q1"], False,
                     id="report-dated-in-a-closed-quarter"),
        pytest.param(ev(5, "revenue_reported", "2026-02-20", month="2026-01", **REPORT), ["2025-Q4"], True,
                     id="another-quarter-closed"),
        # An envelope's covered period, and what reaches back, are left to the fold.
        pytest.param(ev(6, "job_fair_held", "2026-02-20", covers="2025-Q3", **FAIR), [], False, id="covers"),
        pytest.param(ev(7, "correction", "2026-02-20", target="e1", changes={"jobs": 1}, reason="r"), [], False,
                     id="correction"),
    ],
)  # fmt: skip
def test_an_entry_is_carried_past_facts_it_cannot_count(
    event: Event, closed: list[str], carried: bool
) -> None:
    periods = [Period.parse(p) for p in closed]
    assert accumulate.passes_by(CHIFENG.indicators, CTX_Q3, [event], lambda: periods) is carried


def _event(ledger: Ledger, etype: str, on: str, payload: dict) -> None:
    ledger.append(Draft(type=etype, site=SITE, occurred_at=on, actor="t", payload=payload))


def _chifeng(path: Path) -> Ledger:
    ledger = Ledger(path, create=True)
    _event(ledger, "site_registered", "2025-07-01", {"name": "赤峰"})
    ledger.append(Draft(type="contract_signed", site=SITE, occurred_at="2025-07-01", actor="t",
                        payload=with_test_keys("contract_signed", {"scheme": "chifeng-park", "start": "2025-07-01",
                                                                   "fee_yuan": "100"})), keyring_for())  # fmt: skip
    add_event(ledger, "actor_role_granted", "2025-07-01", {"actor": "alice", "role": "assessor"},
              actor="buyer", site=SITE)  # fmt: skip
    for on in ("2025-08-05", "2025-11-05", "2026-02-05"):
        _event(ledger, "job_fair_held", on, FAIR)
        _event(
            ledger, "activity_held", on, {"kind": "policy_briefing", "title": "政策宣讲", "participants": 40}
        )
    _event(ledger, "revenue_reported", "2025-09-10", {"institution": "甲公司", "month": "2025-08",
                                                      "amount_yuan": "1000000"})  # fmt: skip
    return ledger


def _entries(ledger: Ledger) -> dict[str, str]:
    """Each stored period entry's data, by its period label."""
    out = {}
    for site, key, target in service.replay_keys(ledger):
        entry = ledger.store.cache_get(target.scheme.id, site, key)
        assert entry is not None
        out[str(target.period)] = entry.data
    return out


def _current(ledger: Ledger) -> None:
    """Every entry at the site's head and equal to the pure fold of the whole log."""
    head = ledger.site_head(SITE)
    for site, key, target in service.replay_keys(ledger):
        entry = ledger.store.cache_get(target.scheme.id, site, key)
        assert (entry.site_seq, entry.head_hash) == (head.site_seq, head.hash)
        served, served_facts = service.current_values(ledger, target, site, None)
        fresh, fresh_facts = service.indicator_values(ledger, target, site)
        assert served == fresh, target.period
        assert [e.seq for e in served_facts.late] == [e.seq for e in fresh_facts.late], target.period


def test_a_fair_logged_today_leaves_past_quarters_unread(tmp_path: Path) -> None:
    """A job fair in the current quarter counts in no past quarter: their entries' checkpoints move, their data
    is neither read nor written (the same bytes), and every entry still equals the fold."""
    ledger = _chifeng(tmp_path / "c.db")
    service.replay(ledger)
    before = _entries(ledger)
    _event(ledger, "job_fair_held", "2026-02-20", FAIR)
    read, _ = _refresh_spied(ledger)
    after = _entries(ledger)
    past = [p for p in before if p < "2026-Q1"]
    assert past == ["2025-Q3", "2025-Q4"]
    assert all(after[p] == before[p] for p in past)
    assert not [k for k in read if k.startswith(("2025-Q3", "2025-Q4"))]
    assert after["2026-Q1"] != before["2026-Q1"]
    _current(ledger)


def test_a_late_revenue_report_still_reaches_back_into_its_quarter(tmp_path: Path) -> None:
    """September's revenue reported in February counts in 2025's year (the revenue row: each report in the month
    it reports on), so the past quarters' entries are brought current with it."""
    ledger = _chifeng(tmp_path / "c.db")
    service.replay(ledger)
    target = service.resolve(ledger, SITE, "2025-Q3")
    was = service.current_values(ledger, target, SITE, None)[0]["revenue_year"].value
    _event(ledger, "revenue_reported", "2026-02-20", {"institution": "乙公司", "month": "2025-09",
                                                      "amount_yuan": "2500000"})  # fmt: skip
    service.refresh(ledger)
    now = service.current_values(ledger, target, SITE, None)[0]["revenue_year"].value
    assert (was, now) == (1000000, 3500000)
    _current(ledger)


def test_a_report_on_this_years_month_leaves_last_years_quarters_as_stored(tmp_path: Path) -> None:
    """A revenue report can count in any quarter (its reach is unbounded); but one on January 2026 counts in no
    2025 window (the revenue row sums the year containing the quarter), and it is late nowhere: 2025's entries are
    neither read nor written (the same bytes), only their checkpoints move."""
    ledger = _chifeng(tmp_path / "c.db")
    service.replay(ledger)
    before = _entries(ledger)
    _event(ledger, "revenue_reported", "2026-02-20", {"institution": "乙公司", "month": "2026-01",
                                                      "amount_yuan": "2500000"})  # fmt: skip
    read, written = _refresh_spied(ledger)
    after = _entries(ledger)
    assert not [k for k in read + written if k.startswith(("2025-Q3", "2025-Q4"))]
    assert (after["2025-Q3"], after["2025-Q4"]) == (before["2025-Q3"], before["2025-Q4"])
    assert after["2026-Q1"] != before["2026-Q1"]
    _current(ledger)
    target = service.resolve(ledger, SITE, "2026-Q1")
    assert service.current_values(ledger, target, SITE, None)[0]["revenue_year"].value == 2500000


def test_a_report_dated_in_a_closed_quarter_is_late_in_every_entry_that_reads_it(tmp_path: Path) -> None:
    """A report handed in on 20 November 2025 on October's revenue, recorded after the assessor closed 2025-Q4,
    counts in no 2026 window but is late (seed 001's quarterly close: what is recorded after it is held back until
    accepted). The 2026 entries that read revenue reports cannot be carried past it unread: their late events are
    the fold's."""
    ledger = _chifeng(tmp_path / "c.db")
    _event(ledger, "job_fair_held", "2026-01-10", FAIR)
    service.replay(ledger)
    add_event(ledger, "period_closed", "2026-01-05", {"period": "2025-Q4"}, actor="alice", site=SITE)
    service.refresh(ledger)
    _event(ledger, "revenue_reported", "2025-11-20", {"institution": "丙公司", "month": "2025-10",
                                                      "amount_yuan": "700000"})  # fmt: skip
    service.refresh(ledger)
    _current(ledger)
    target = service.resolve(ledger, SITE, "2026-Q1")
    late = service.current_values(ledger, target, SITE, None)[1].late
    assert [e.type for e in late] == ["revenue_reported"]


def _refresh_spied(ledger: Ledger) -> tuple[list[str], list[str]]:
    """`service.refresh`, and the keys of the cache rows it read and of those it wrote (the store's own calls)."""
    read: list[str] = []
    written: list[str] = []
    get, put = ledger.store.cache_get, ledger.store.cache_put

    def reading(scheme: str, site: str, key: str) -> Any:
        read.append(key)
        return get(scheme, site, key)

    def writing(entries: Any, moves: Any = ()) -> Any:
        written.extend(e.key for e in entries)
        return put(entries, moves)

    ledger.store.cache_get, ledger.store.cache_put = reading, writing  # type: ignore[method-assign]
    try:
        service.refresh(ledger)
    finally:
        del ledger.store.cache_get, ledger.store.cache_put
    return read, written


def test_the_fold_by_each_types_horizon_equals_the_fold_by_one(tmp_path: Path) -> None:
    """Whatever a log holds, leaving out the facts dated after their type's horizon changes no value and no late
    event of the period: checked on the demo ledger, every site and period of the five seeds (closes, late
    events, corrections, reports handed in after their month)."""
    from schemes.demo.build import build

    ledger = Ledger(tmp_path / "demo.db", create=True)
    build(ledger)
    checked = 0
    for site, _key, target in service.replay_keys(ledger):
        log = list(ledger.events(site=site))
        one = proj.facts_from_log(
            log, horizon(target.scheme.indicators, target.period, None), target.scheme.late_policy
        )
        each = proj.facts_from_log(
            log, reach(target.scheme.indicators, target.period, None), target.scheme.late_policy
        )
        assert _fold(target, each) == _fold(target, one), (site, target.period)
        assert _late_in(target, each) == _late_in(target, one), (site, target.period)
        checked += 1
    assert checked >= 19  # every period entry the demo stores


def _fold(target: Any, facts: proj.SiteFacts) -> dict[str, Any]:
    return compute(target.scheme.indicators, facts.events, target.period, scheme=target.scheme.id,
                   calendar=target.scheme.work_calendar())  # fmt: skip


def _late_in(target: Any, facts: proj.SiteFacts) -> list[int]:
    """The late events a scorecard of the period lists (`service.annotate`: those dated in the period)."""
    return [e.seq for e in facts.late if target.period.contains(e.occurred_on)]
