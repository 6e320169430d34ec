"""As-of replay (issue 5): only events recorded by an instant count, with corrections and retractions as they
stood then; `diff` explains what changed between two instants, item by item.

Scheme: shaxian-gig, year 2026. Clauses used (评分表, seed 003):
  * 场地运营管理 第8行 (site.incidents): "全年0案件得5分，1-5件得4分，5件以上不得分" — 0 cases 5 points, 1 case 4.
  * 直播情况 (livestream): "每月开展各类直播活动1场以上，全年总计需达到12场。每少一场扣1分，扣完为止" — 12 points less
    max(12 - held, months without one): one livestream in one month earns 1, two in two different months earn 2,
    two in the same month earn 1 (11 empty months).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import add_event as add
from conftest import sx_ledger
from freezegun import freeze_time

from ledger.envelope import Draft
from ledger.ledger import Ledger
from schemes import audit, service

SITE = "sx"
T0 = "2026-03-10T10:00:00+08:00"  # facts recorded
T1 = "2026-05-10T10:00:00+08:00"  # a correction
T2 = "2026-07-05T10:00:00+08:00"  # a retraction ("when we first checked it")
T3 = "2027-02-01T10:00:00+08:00"  # a year later


def new_ledger(path: Path | str) -> Ledger:
    with freeze_time("2026-01-01T09:00:00+08:00"):
        ledger = sx_ledger(path, assessor=None)
    return ledger


def points(ledger: Ledger, item: str, as_of: str | None = None) -> Decimal:
    return service.score_site(ledger, SITE, "2026", as_of=as_of).item(item).points


@pytest.fixture
def log(ledger_target: str):
    """Two fights recorded at T0; at T1 one is corrected to 'other' (no longer a counted case); at T2 the other
    is retracted. On SQLite and on PostgreSQL."""
    ledger = new_ledger(ledger_target)
    with freeze_time(T0):
        a = add(ledger, "site_incident", "2026-03-01", {"kind": "fight", "description": "两人争执"})
        b = add(ledger, "site_incident", "2026-03-02", {"kind": "fight", "description": "斗殴"})
    with freeze_time(T1):
        fix = ledger.append(Draft(type="correction", site=SITE, occurred_at=a.occurred_at, actor="op",
                                  payload={"target": a.id, "changes": {"kind": "other"}, "reason": "只是口角"}))  # fmt: skip
    with freeze_time(T2):
        gone = ledger.append(Draft(type="retraction", site=SITE, occurred_at=b.occurred_at, actor="op",
                                   payload={"target": b.id, "reason": "重复登记"}))  # fmt: skip
    yield ledger, a, b, fix, gone
    ledger.close()


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        ("2026-03-10T09:59:59.999999+08:00", "5"),  # before anything: 0 cases -> 5
        (T0, "4"),  # two fights -> "1-5件得4分"
        ("2026-05-10T09:59:59.999999+08:00", "4"),  # 1 µs before the correction: still 2 cases
        (T1, "4"),  # at the correction: 1 case, still "1-5件" -> 4
        ("2026-07-05T09:59:59.999999+08:00", "4"),  # 1 µs before the retraction: 1 case
        (T2, "5"),  # at the retraction: 0 cases -> 5
        (T3, "5"),
    ],
    ids=["before", "T0", "T1-1us", "T1", "T2-1us", "T2", "later"],
)
def test_incident_points_as_of_each_instant(log, instant, expected) -> None:
    ledger = log[0]
    assert points(ledger, "site.incidents", instant) == Decimal(expected)


def test_inputs_change_exactly_at_the_correction_and_the_retraction(log) -> None:
    ledger = log[0]

    def cases(at: str) -> Decimal | None:
        return service.score_site(ledger, SITE, "2026", as_of=at).item("site.incidents").inputs["incidents"]

    assert cases("2026-05-10T09:59:59.999999+08:00") == 2
    assert cases(T1) == 1  # the corrected fight no longer matches kind=fight
    assert cases("2026-07-05T09:59:59.999999+08:00") == 1
    assert cases(T2) == 0


def test_livestream_points_change_exactly_at_the_correction_recorded_at(tmp_path: Path) -> None:
    # 直播情况: two livestreams in two months earn 2; moved into the same month they earn 1 (11 empty months).
    ledger = new_ledger(tmp_path / "l.db")
    with freeze_time(T0):
        add(ledger, "livestream_run", "2026-03-01", {"title": "三月直播", "viewers": 50})
        april = add(ledger, "livestream_run", "2026-04-01", {"title": "四月直播", "viewers": 50})
    with freeze_time(T1):
        ledger.append(Draft(type="correction", site=SITE, occurred_at=april.occurred_at, actor="op",
                            payload={"target": april.id, "changes": {"occurred_at": "2026-03-20"}, "reason": "日期录错"}))  # fmt: skip
    assert points(ledger, "livestream", "2026-05-10T09:59:59.999999+08:00") == 2
    assert points(ledger, "livestream", T1) == 1
    assert points(ledger, "livestream") == 1  # now, through the stored projection, agrees


def test_the_q2_question_is_answered_exactly_a_year_later(tmp_path: Path) -> None:
    """ "What did the score look like on 2026-07-05, when we first checked it?" — the same scorecard, byte for byte."""
    ledger = new_ledger(tmp_path / "l.db")
    with freeze_time(T0):
        fight = add(ledger, "site_incident", "2026-03-01", {"kind": "fight", "description": "斗殴"})
        add(ledger, "livestream_run", "2026-03-01", {"title": "直播", "viewers": 50})
        add(ledger, "dispute_filed", "2026-04-01", {"case": "D-1"})
    with freeze_time(T2):
        then = service.score_site(ledger, SITE, "2026").to_json()  # what the auditor saw that day
    with freeze_time(T3):  # afterwards: history is corrected, retracted and extended
        ledger.append(Draft(type="retraction", site=SITE, occurred_at=fight.occurred_at, actor="op",
                            payload={"target": fight.id, "reason": "误报"}))  # fmt: skip
        add(ledger, "livestream_run", "2026-05-01", {"title": "补录", "viewers": 10})
        add(ledger, "gig_deal_completed", "2026-06-01", {"worker": "w", "employer": "e"})
    assert service.score_site(ledger, SITE, "2026").to_json() != then
    assert service.score_site(ledger, SITE, "2026", as_of=T2).to_json() == then
    assert (
        service.score_site(ledger, SITE, "2026", as_of="2026-07-05").to_json() == then
    )  # a bare date: its end


def test_amendments_dated_after_the_period_still_apply(tmp_path: Path) -> None:
    """A retraction or correction carries whatever date its writer gave it (an import may date it the day it was
    written); as-of folds must still apply it, and a correction may move a 2027 event into 2026."""
    ledger = new_ledger(tmp_path / "l.db")
    with freeze_time(T0):
        fight = add(ledger, "site_incident", "2026-03-01", {"kind": "fight", "description": "斗殴"})
        stream = add(ledger, "livestream_run", "2027-01-10", {"title": "直播", "viewers": 1})
    assert points(ledger, "site.incidents") == 4
    assert points(ledger, "livestream") == 0
    with freeze_time(T3):
        ledger.append(Draft(type="retraction", site=SITE, occurred_at="2027-02-01", actor="op",
                            payload={"target": fight.id, "reason": "误报"}))  # fmt: skip
        ledger.append(Draft(type="correction", site=SITE, occurred_at="2027-02-01", actor="op",
                            payload={"target": stream.id, "changes": {"occurred_at": "2026-12-10"}, "reason": "年份录错"}))  # fmt: skip
    for when in (None, T3):
        assert points(ledger, "site.incidents", when) == 5  # 0 cases
        assert points(ledger, "livestream", when) == 1  # one livestream, in December
    assert points(ledger, "site.incidents", T2) == 4 and points(ledger, "livestream", T2) == 0


def test_retracting_a_correction_restores_the_original_from_that_instant(tmp_path: Path) -> None:
    ledger = new_ledger(tmp_path / "l.db")
    with freeze_time(T0):
        fight = add(ledger, "site_incident", "2026-03-01", {"kind": "fight", "description": "斗殴"})
    with freeze_time(T1):
        fix = ledger.append(Draft(type="correction", site=SITE, occurred_at=fight.occurred_at, actor="op",
                                  payload={"target": fight.id, "changes": {"kind": "other"}, "reason": "改"}))  # fmt: skip
    with freeze_time(T2):
        ledger.append(Draft(type="retraction", site=SITE, occurred_at=fight.occurred_at, actor="op",
                            payload={"target": fix.id, "reason": "更正有误"}))  # fmt: skip
    assert [points(ledger, "site.incidents", t) for t in (T0, T1, T2)] == [4, 5, 4]


def test_diff_names_each_recorded_corrected_and_retracted_event_item_by_item(log) -> None:
    ledger, a, b, fix, gone = log
    d = audit.diff(ledger, SITE, "2026", "2026-03-01", T3)
    assert (d.before.total, d.after.total) == (Decimal(18), Decimal(18))  # 0 cases both ends (see module doc)
    by_seq = {s.event.seq: s for s in d.steps}
    assert list(by_seq) == [a.seq, b.seq, fix.seq, gone.seq]
    # Recording the first fight: 0 -> 1 case, "全年0案件得5分，1-5件得4分" -> 5 to 4.
    first = by_seq[a.seq]
    assert [(c.id, c.before, c.after) for c in first.items] == [("site.incidents", 5, 4)]
    assert first.label.startswith("recorded site_incident")
    # The second fight: 2 cases, still 4 points, the input moves.
    second = by_seq[b.seq].items
    assert [
        (c.id, c.before, c.after, c.inputs_before["incidents"], c.inputs_after["incidents"]) for c in second
    ] == [("site.incidents", 4, 4, 1, 2)]
    assert by_seq[fix.seq].label.startswith(f"correction of #{a.seq} site_incident (kind=other)")
    assert [(c.inputs_before["incidents"], c.inputs_after["incidents"]) for c in by_seq[fix.seq].items] == [
        (2, 1)
    ]
    assert by_seq[gone.seq].label == f"retraction of #{b.seq} site_incident: 重复登记"
    assert [(c.id, c.before, c.after) for c in by_seq[gone.seq].items] == [("site.incidents", 4, 5)]
    assert (by_seq[gone.seq].total_before, by_seq[gone.seq].total_after) == (17, 18)


def test_diff_window_only_and_its_end_equals_score_as_of(log) -> None:
    ledger, a, b, fix, gone = log
    d = audit.diff(ledger, SITE, "2026", "2026-05-01", T1)
    assert [s.event.seq for s in d.steps] == [fix.seq]
    assert d.after.to_json() == service.score_site(ledger, SITE, "2026", as_of=T1).to_json()
    assert d.before.to_json() == service.score_site(ledger, SITE, "2026", as_of="2026-05-01").to_json()


def test_diff_refuses_a_backwards_window(log) -> None:
    from ledger.errors import LedgerError

    with pytest.raises(LedgerError, match="must be before"):
        audit.diff(log[0], SITE, "2026", T2, T1)


# -- the CLI, in a subprocess --------------------------------------------------------------------------------


def test_cli_score_events_verify_replay_and_diff_as_of(log, sh) -> None:
    ledger, a, b, fix, gone = log
    db = ledger.path or ledger.url  # a file, or a PostgreSQL URL

    def run(db: Path | str, *args: str):
        return sh("--db", db, *args)

    before = "2026-05-10T09:59:59.999999+08:00"
    for instant, cases, pts in ((before, "2", "4"), (T1, "1", "4"), (T2, "0", "5")):
        out = run(db, "score", "--site", SITE, "--period", "2026", "--as-of", instant, "--format", "json")
        assert out.code == 0, out.err
        item = next(i for i in json.loads(out.out)["items"] if i["id"] == "site.incidents")
        assert (item["inputs"]["incidents"], item["points"]) == (cases, pts)
    table = run(db, "events", "--site", SITE, "--as-of", before).out
    assert (
        "corrected" not in table
        and "retracted" not in table
        and f"{fix.seq} " not in table.split("\n", 1)[1][:4]
    )
    table = run(db, "events", "--site", SITE, "--as-of", T1).out
    assert f"corrected #{fix.seq}" in table and "retracted" not in table
    table = run(db, "events", "--site", SITE).out
    assert f"retracted #{gone.seq}" in table
    verified = run(db, "verify", "--as-of", before)
    assert verified.code == 0 and f"ok: {a.seq + 1} events, head seq {b.seq}" in verified.out
    replayed = run(db, "replay", "--as-of", before)
    assert replayed.code == 0, replayed.err
    assert "sx               shaxian-gig        2026     total 17" in replayed.out  # 18 - 1 (incidents 4)
    assert "total 18" in run(db, "replay", "--as-of", T2).out
    diffed = run(db, "diff", "--site", SITE, "--period", "2026", "--from", before, "--to", T2)
    assert diffed.code == 0, diffed.err
    assert f"seq {gone.seq}" in diffed.out and "site.incidents: 4 → 5 points (incidents 1 → 0)" in diffed.out
    bad = run(db, "diff", "--site", SITE, "--period", "2026", "--from", T2, "--to", before)
    assert bad.code == 1 and bad.err.startswith("error: --from") and bad.err.count("\n") == 1
