"""Closing periods and late events (issue 5).

An assessor closes (site, period). Events that occur inside it but are recorded after the close are accepted
(never refused or lost) but flagged late: listed separately and, under the scheme's default policy "exclude",
not counted until an assessor accepts them; under "include" they count. Corrections and retractions recorded
after the close are late changes: held back (the event counts as it stood at the close) until accepted.

Scheme: shaxian-gig, year 2026. Clauses (评分表, seed 003):
  * 加分项目 第2行 (bonus.short_term): "每协助企业解决短期用工一次加0.5分，最高不超过2分" — each short-term
    staffing activity adds 0.5.
  * 场地运营管理 第8行 (site.incidents): "全年0案件得5分，1-5件得4分" — 0 cases 5, 1 case 4.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import add_event as add
from conftest import keyring_for, sx_ledger
from freezegun import freeze_time

from ledger.envelope import Draft, Event
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from projections.periods import PeriodError
from schemes import audit, service
from schemes.model import FILES

ALICE = keyring_for("alice")  # what the assessor holds: her delegated key
SITE = "sx"
CLOSE = "2027-01-05T10:00:00+08:00"
BEFORE = "2027-01-05T09:59:59.999999+08:00"  # 1 µs before the close
AFTER = "2027-01-05T10:00:00.000001+08:00"  # 1 µs after


def staffing(ledger: Ledger, on: str = "2026-06-01") -> Event:
    return add(ledger, "activity_held", on, {"kind": "short_term_staffing", "title": "协助企业短期用工"})


@pytest.fixture
def ledger(ledger_target: str):
    """On SQLite and on PostgreSQL (the same tests, each backend)."""
    with freeze_time("2026-01-01T09:00:00+08:00"):
        opened = sx_ledger(ledger_target)
        staffing(opened, "2026-02-01")  # counted: 0.5
    yield opened
    opened.close()


def bonus(ledger: Ledger, schemes_dir: Path | None = None, as_of: str | None = None) -> Decimal:
    return (
        service.score_site(ledger, SITE, "2026", schemes_dir=schemes_dir, as_of=as_of)
        .item("bonus.short_term")
        .points
    )


def late(ledger: Ledger, schemes_dir: Path | None = None) -> list[tuple[int, str]]:
    card = service.score_site(ledger, SITE, "2026", schemes_dir=schemes_dir)
    return [(e["seq"], e["status"]) for e in card.late]


def close(ledger: Ledger) -> Event:
    with freeze_time(CLOSE):
        return audit.close_period(ledger, SITE, "2026", "alice", "年度考核", keys=ALICE)


def test_one_microsecond_before_the_close_counts_after_is_late_until_accepted(ledger) -> None:
    with freeze_time(BEFORE):
        on_time = staffing(ledger)
    closed = close(ledger)
    with freeze_time(AFTER):
        late_one = staffing(ledger)  # accepted by the ledger: nothing is refused
    assert ledger.get(late_one.seq).type == "activity_held"
    # 0.5 (Feb) + 0.5 (recorded 1 µs before the close) = 1; the late one is held back.
    assert bonus(ledger) == Decimal("1")
    assert late(ledger) == [(late_one.seq, "late, pending review")]
    assert on_time.seq < closed.seq < late_one.seq
    with freeze_time("2027-01-06T09:00:00+08:00"):
        accepted = audit.accept_late(ledger, late_one.seq, "alice", "材料补交，核实无误", keys=ALICE)
    assert accepted.type == "late_event_accepted" and accepted.payload["target"] == late_one.id
    assert bonus(ledger) == Decimal("1.5")
    assert late(ledger) == [(late_one.seq, "accepted")]
    # As of before the acceptance, the late event was still held back; as of before the close, not yet recorded.
    assert bonus(ledger, as_of="2027-01-05T23:00:00+08:00") == Decimal("1")
    assert bonus(ledger, as_of=BEFORE) == Decimal("1")


def test_an_event_at_the_very_instant_of_the_close_but_written_after_it_is_late(ledger) -> None:
    """Ties in time are ordered by sequence number: written after the close means late."""
    with freeze_time(CLOSE):
        audit.close_period(ledger, SITE, "2026", "alice", keys=ALICE)
        same_instant = staffing(ledger)
    assert late(ledger) == [(same_instant.seq, "late, pending review")]
    assert bonus(ledger) == Decimal("0.5")


def test_events_outside_the_closed_period_are_not_late(ledger) -> None:
    close(ledger)
    with freeze_time(AFTER):
        next_year = staffing(ledger, "2027-01-03")
    assert late(ledger) == []
    card = service.score_site(ledger, SITE, "2027")
    assert (
        card.item("bonus.short_term").points == Decimal("0.5")
        and next_year.seq in card.item("bonus.short_term").events
    )


def test_late_policy_include_counts_late_events(ledger, tmp_path: Path) -> None:
    schemes = tmp_path / "schemes"
    schemes.mkdir()
    text = (FILES / "shaxian-gig.toml").read_text(encoding="utf-8")
    assert 'late_policy = "exclude"' in text
    (schemes / "shaxian-gig.toml").write_text(
        text.replace('late_policy = "exclude"', 'late_policy = "include"'), encoding="utf-8"
    )
    close(ledger)
    with freeze_time(AFTER):
        late_one = staffing(ledger)
    assert bonus(ledger) == Decimal("0.5")  # the real file: excluded
    assert bonus(ledger, schemes) == Decimal("1")  # include: counted, still listed
    assert late(ledger, schemes) == [(late_one.seq, "counted (scheme policy)")]


def test_a_correction_after_the_close_is_held_back_until_accepted(ledger) -> None:
    with freeze_time("2026-03-01T09:00:00+08:00"):
        fight = add(ledger, "site_incident", "2026-03-01", {"kind": "fight", "description": "斗殴"})
    close(ledger)
    assert service.score_site(ledger, SITE, "2026").item("site.incidents").points == 4  # 1 case
    with freeze_time(AFTER):
        ledger.append(Draft(type="correction", site=SITE, occurred_at=fight.occurred_at, actor="op",
                            payload={"target": fight.id, "changes": {"kind": "other"}, "reason": "不是斗殴"}))  # fmt: skip
    card = service.score_site(ledger, SITE, "2026")
    assert card.item("site.incidents").points == 4  # counted as it stood at the close
    assert [(e["seq"], e["status"]) for e in card.late] == [
        (fight.seq, "correction recorded after the close, pending review (counted as it stood at the close)")
    ]
    with freeze_time("2027-01-06T09:00:00+08:00"):
        audit.accept_late(ledger, fight.seq, "alice", "核实为口角", keys=ALICE)
    card = service.score_site(ledger, SITE, "2026")
    assert card.item("site.incidents").points == 5  # 0 cases
    assert [e["status"] for e in card.late] == ["correction recorded after the close: accepted"]


def test_a_retraction_after_the_close_is_held_back_until_accepted(ledger) -> None:
    with freeze_time("2026-03-01T09:00:00+08:00"):
        fight = add(ledger, "site_incident", "2026-03-01", {"kind": "fight", "description": "斗殴"})
    close(ledger)
    with freeze_time(AFTER):
        ledger.append(Draft(type="retraction", site=SITE, occurred_at=fight.occurred_at, actor="op",
                            payload={"target": fight.id, "reason": "不算"}))  # fmt: skip
    assert service.score_site(ledger, SITE, "2026").item("site.incidents").points == 4  # still 1 case
    assert (
        late(ledger)[0][1]
        == "retraction recorded after the close, pending review (counted as it stood at the close)"
    )
    with freeze_time("2027-01-06T09:00:00+08:00"):
        audit.accept_late(ledger, fight.seq, "alice", "同意撤回", keys=ALICE)
    assert service.score_site(ledger, SITE, "2026").item("site.incidents").points == 5


def test_retracting_the_close_reopens_the_period(ledger) -> None:
    closed = close(ledger)
    with freeze_time(AFTER):
        late_one = staffing(ledger)
        assert late(ledger) == [(late_one.seq, "late, pending review")]
        ledger.append(Draft(type="retraction", site=SITE, occurred_at=closed.occurred_at, actor="alice",
                            payload={"target": closed.id, "reason": "提前关闭，重新开放"}), ALICE)  # fmt: skip
    assert late(ledger) == [] and bonus(ledger) == Decimal("1")


def test_stored_projection_and_fresh_fold_agree_on_late_events(ledger) -> None:
    close(ledger)
    with freeze_time(AFTER):
        staffing(ledger)
    cached = service.score_site(ledger, SITE, "2026")  # the incremental projection
    fresh = service.score_site(ledger, SITE, "2026", as_of="2099-01-01")
    assert cached.to_json() == fresh.to_json()


def test_close_mistakes_are_one_line_errors(ledger) -> None:
    with (
        freeze_time("2026-06-01T10:00:00+08:00"),
        pytest.raises(PeriodError, match=r"2026 has not ended yet \(last day 2026-12-31\)"),
    ):
        audit.close_period(ledger, SITE, "2026", "alice", keys=ALICE)
    with freeze_time("2026-06-01T10:00:00+08:00"):
        early = audit.close_period(ledger, SITE, "2026-Q1", "alice", keys=ALICE)
    assert early.payload["period"] == "2026-Q1"
    with freeze_time("2026-06-01T10:00:00+08:00"), pytest.raises(LedgerError, match="already closed"):
        audit.close_period(ledger, SITE, "2026-q1", "alice", keys=ALICE)
    with pytest.raises(PeriodError, match="close takes a calendar period"):
        audit.close_period(ledger, SITE, "Y1-Q2", "alice", keys=ALICE)
    with pytest.raises(LedgerError, match="unknown site 'sxx': did you mean 'sx'"):
        audit.close_period(ledger, "sxx", "2026", "alice", keys=ALICE)


def test_accept_mistakes_are_one_line_errors(ledger) -> None:
    on_time = staffing(ledger)
    closed = close(ledger)
    with pytest.raises(LedgerError, match=f"seq {on_time.seq} is not late"):
        audit.accept_late(ledger, on_time.seq, "alice", "x", keys=ALICE)
    with pytest.raises(LedgerError, match="accept the event it points at"):
        fix = ledger.append(Draft(type="evidence_attached", site=SITE, occurred_at=on_time.occurred_at, actor="op",
                                  payload={"target": on_time.id, "file_name": "a.jpg", "sha256": "a" * 64}))  # fmt: skip
        audit.accept_late(ledger, fix.seq, "alice", "x", keys=ALICE)
    with freeze_time(AFTER):
        late_one = staffing(ledger)
    audit.accept_late(ledger, late_one.seq, "alice", "ok", keys=ALICE)
    with pytest.raises(LedgerError, match=f"seq {late_one.seq} was already accepted"):
        audit.accept_late(ledger, late_one.seq, "alice", "again", keys=ALICE)
    assert closed.seq < late_one.seq


@pytest.fixture
def sqlite_ledger(tmp_path: Path):
    """The same ledger in a SQLite file, for the CLI test that names actors with --actor (on PostgreSQL the
    actor is the login: test_cli_backends.py runs close and accept there)."""
    with freeze_time("2026-01-01T09:00:00+08:00"):
        opened = sx_ledger(tmp_path / "l.db")
        staffing(opened, "2026-02-01")
    yield opened
    opened.close()


def test_cli_close_score_lists_late_and_accept(sqlite_ledger, sh) -> None:
    db = sqlite_ledger.path
    result = sh(
        "--db",
        db,
        "close",
        "--site",
        SITE,
        "--period",
        "2026",
        "--actor",
        "alice",
        "--reason",
        "年度考核",
        "--early",  # the subprocess runs on the real clock, which may be inside 2026
    )
    assert result.code == 0, result.err
    assert result.out.startswith("closed sx 2026: seq 5 recorded ")
    result = sh("--db", db, "log", "activity_held", "--site", SITE, "--on", "2026-06-01", "kind=short_term_staffing",
                "title=补录", "--actor", "op")  # fmt: skip
    assert result.code == 0 and result.out.startswith("appended seq 6 ")
    table = sh("--db", db, "score", "--site", SITE, "--period", "2026").out
    assert "late events (recorded after the period was closed)" in table
    assert "seq 6 activity_held occurred 2026-06-01" in table and "late, pending review" in table
    result = sh("--db", db, "accept", "6", "--reason", "核实", "--actor", "alice")
    assert result.code == 0, result.err
    assert result.out.startswith("accepted late seq 6: seq 7 ")
    table = sh("--db", db, "score", "--site", SITE, "--period", "2026").out
    assert "seq 6 activity_held occurred 2026-06-01" in table and ": accepted" in table
    zh = sh("--db", db, "--lang", "zh", "score", "--site", SITE, "--period", "2026").out
    assert "序号 6 activity_held，发生于 2026-06-01" in zh and "：已认可" in zh and "accepted" not in zh
    again = sh("--db", db, "accept", "6", "--reason", "again", "--actor", "alice")
    assert again.code == 1 and again.err == "error: seq 6 was already accepted (seq 7)\n"
