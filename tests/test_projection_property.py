"""Incremental projection updates and a full replay from zero must always agree (issue 3).

Hypothesis generates logs of Shaxian-scheme events (with corrections and retractions) appended in chunks;
after every chunk the incrementally refreshed projection must equal a rebuild from zero and the pure fold. The
second test adds an assessor's closes and acceptances (late events), reports covering an earlier period and
chunks of next year's events only, over which a stored entry is carried forward without a fold (issue 15).
Both run on a Shaxian site and on a Pingxiang one, whose Douyin follower growth reads the follower readings the
logs record (before the year too, some of them 0), move across the year's start and correct to another value.
Seq lists are cut into chunks after every few seqs here (`small_chunks`), so the chunk rows a refresh writes and
reads back go through the store too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import add_event, keyring_for, sx_ledger, with_test_keys
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.envelope import Draft
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from projections import parts, seqlists
from schemes import service

SITE = "sx"
YEAR = "2026"

fact = st.one_of(
    st.builds(lambda m, d: ("livestream_run", f"2026-{m:02d}-{d:02d}", {"title": "直播", "viewers": 10}),
              st.integers(1, 12), st.integers(1, 28)),
    st.builds(lambda m, d: ("gig_deal_completed", f"2026-{m:02d}-{d:02d}", {"worker": "w", "employer": "e"}),
              st.integers(1, 12), st.integers(1, 28)),
    st.builds(lambda n: ("staff_joined", "2026-01-05", {"name": f"p{n}"}), st.integers(1, 6)),
    st.builds(lambda n: ("staff_left", "2026-06-05", {"name": f"p{n}"}), st.integers(1, 6)),
    st.builds(lambda v: ("metric_recorded", "2026-10-01", {"metric": "followers", "value": v}), st.integers(0, 5000)),
    st.just(("dispute_filed", "2026-03-03", {"case": "c1"})),
    # Outside the year: must never change the 2026 values, but does touch the site.
    st.just(("livestream_run", "2027-01-10", {"title": "next year", "viewers": 1})),
)  # fmt: skip
step = st.one_of(
    st.tuples(st.just("fact"), fact),
    st.tuples(st.just("retract"), st.integers(0, 10_000)),
    st.tuples(
        st.just("correct"),
        st.integers(0, 10_000),
        st.sampled_from(["2026-02-02", "2027-02-02", "2026-12-31", "2025-12-31"]),
    ),
    # A follower reading corrected to another value (drawn for a fact of another type: nothing is written).
    st.tuples(st.just("revalue"), st.integers(0, 10_000), st.sampled_from([0, 900, "1234.00"])),
)
# Pingxiang's logs are half Douyin follower readings (its follower growth): before the year (the baseline) and in
# it, some of them 0.
reading = st.builds(lambda on, v: ("metric_recorded", on, {"metric": "followers", "platform": "douyin", "value": v}),
                    st.sampled_from(["2025-11-20", "2025-12-31", "2026-01-01", "2026-03-03", "2026-12-31"]),
                    st.sampled_from([0, 1000, 1100, "1500.5", "2.50", 950]))  # fmt: skip
STEPS = {"shaxian-gig": step, "pingxiang-market": st.one_of(step, st.tuples(st.just("fact"), reading))}
SCHEMES = sorted(STEPS)


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of two seqs and more, one seq in four ending one: the short lists these logs make are chunked."""
    monkeypatch.setattr(seqlists, "CHUNK_MIN", 2)
    monkeypatch.setattr(seqlists, "CHUNK_MASK", 3)


def _setup(path: Path, scheme: str = "shaxian-gig", assessor: str | None = None) -> Ledger:
    ledger = Ledger(path, create=True)
    ledger.append(
        Draft(
            type="site_registered", site=SITE, occurred_at="2026-01-01", actor="t", payload={"name": "沙县"}
        )
    )
    ledger.append(Draft(type="contract_signed", site=SITE, occurred_at="2026-01-01", actor="t",
                        payload=with_test_keys("contract_signed", {"scheme": scheme, "start": "2026-01-01",
                                                                   "fee_yuan": "100"})), keyring_for())  # fmt: skip
    if assessor is not None:
        add_event(ledger, "actor_role_granted", "2026-01-01", {"actor": assessor, "role": "assessor"},
                  actor="buyer", site=SITE)  # fmt: skip
    return ledger


def _apply(ledger: Ledger, chunk: list[tuple]) -> None:
    for action in chunk:
        facts = [e for e in ledger.events(site=SITE)
                 if e.type not in ("site_registered", "contract_signed") and e.actor == "t"]  # the operator's  # fmt: skip
        if action[0] == "fact":
            etype, on, payload = action[1]
            ledger.append(Draft(type=etype, site=SITE, occurred_at=on, actor="t", payload=payload))
        elif facts and action[0] == "retract":
            target = facts[action[1] % len(facts)]
            if target.type != "retraction":
                ledger.append(Draft(type="retraction", site=SITE, occurred_at=target.occurred_at, actor="t",
                                    payload={"target": target.id, "reason": "mistake"}))  # fmt: skip
        elif facts and action[0] == "correct":
            target = facts[action[1] % len(facts)]
            if target.type not in ("retraction", "correction"):
                ledger.append(Draft(type="correction", site=SITE, occurred_at=target.occurred_at, actor="t",
                                    payload={"target": target.id, "changes": {"occurred_at": action[2]},
                                             "reason": "wrong day"}))  # fmt: skip
        elif facts and action[0] == "revalue":
            target = facts[action[1] % len(facts)]
            if target.type == "metric_recorded":
                ledger.append(Draft(type="correction", site=SITE, occurred_at=target.occurred_at, actor="t",
                                    payload={"target": target.id, "changes": {"value": action[2]},
                                             "reason": "misread"}))  # fmt: skip


@pytest.mark.parametrize("scheme", SCHEMES)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_incremental_projection_equals_full_replay(tmp_path_factory, scheme, data) -> None:
    chunks = data.draw(st.lists(st.lists(STEPS[scheme], min_size=1, max_size=8), min_size=1, max_size=5))
    ledger = _setup(tmp_path_factory.mktemp("prop") / "p.db", scheme)
    target = service.resolve(ledger, SITE, YEAR)
    key = (target.scheme.id, SITE, service.projection_key(target, None))
    for chunk in chunks:
        _apply(ledger, chunk)
        incremental, _ = service.current_values(ledger, target, SITE, None)
        fresh, _ = service.indicator_values(ledger, target, SITE)
        assert incremental == fresh
        before = ledger.store.cache_get(*key)
        assert before is not None
        head = ledger.site_head(SITE)
        assert (before.site_seq, before.head_hash) == (head.site_seq, head.hash)  # folded at the head
        service.replay(ledger)
        assert ledger.store.cache_get(*key) == before
        served, _ = service.current_values(ledger, target, SITE, None)  # from the cache this time
        assert served == fresh


def test_score_reflects_a_new_event_without_replay(tmp_path: Path) -> None:
    """The stored projection is refreshed by the next score: a 13th livestream month-spread is seen at once."""
    ledger = _setup(tmp_path / "p.db")
    for month in range(1, 12):
        ledger.append(Draft(type="livestream_run", site=SITE, occurred_at=f"2026-{month:02d}-10", actor="t",
                            payload={"title": "直播", "viewers": 1}))  # fmt: skip
    # 11 livestreams, December empty: 评分表 直播情况 "每少一场扣1分" -> 12 - 1 = 11
    assert service.score_site(ledger, SITE, YEAR).item("livestream").points == 11
    ledger.append(Draft(type="livestream_run", site=SITE, occurred_at="2026-12-10", actor="t",
                        payload={"title": "直播", "viewers": 1}))  # fmt: skip
    assert service.score_site(ledger, SITE, YEAR).item("livestream").points == 12


# -- every entry, carried forward or refolded, with closes, late events, acceptances and covering reports --------

ASSESSOR = "alice"
NEXT_YEAR = ("livestream_run", "2027-02-10", {"title": "next year", "viewers": 2})
late_step = st.one_of(
    st.tuples(st.just("close"), st.sampled_from(["2026-03", "2026-Q1", "2026"])),
    st.tuples(st.just("accept"), st.integers(0, 10_000)),
    # A December report handed in next January: dated after the 2026 horizon, but it counts in 2026.
    st.tuples(st.just("covers"), st.sampled_from(["2026-12", "2026-Q4"])),
)


def late_chunks(scheme: str) -> st.SearchStrategy[list[list[tuple]]]:
    """The scheme's steps and the late ones; chunks of next year's events alone are the ones the 2026 entry is
    carried forward over, unread."""
    return st.lists(
        st.one_of(
            st.lists(st.one_of(STEPS[scheme], late_step), min_size=1, max_size=8),
            st.lists(st.just(("fact", NEXT_YEAR)), max_size=3),
        ),
        min_size=1,
        max_size=6,
    )


def _apply_late(ledger: Ledger, chunk: list[tuple]) -> None:
    """Like _apply, plus an assessor's closes and acceptances (signed) and reports covering an earlier period;
    an act the ledger refuses (a close of a closed period, accepting an event that is not late) is skipped."""
    for action in chunk:
        mine = [e for e in ledger.events(site=SITE) if e.actor == "t"]
        if action[0] == "close":
            _try(ledger, "period_closed", "2027-01-05", {"period": action[1]}, ASSESSOR)
        elif action[0] == "accept" and mine:
            target = mine[action[1] % len(mine)]
            _try(
                ledger, "late_event_accepted", "2027-01-06", {"target": target.id, "reason": "核实"}, ASSESSOR
            )
        elif action[0] == "covers":
            ledger.append(Draft(type="livestream_run", site=SITE, occurred_at="2027-01-03", actor="t",
                                payload={"title": "补报", "viewers": 3}, covers=action[1]))  # fmt: skip
        else:
            _apply(ledger, [action])


def _try(ledger: Ledger, etype: str, on: str, payload: dict, actor: str) -> None:
    try:
        add_event(ledger, etype, on, payload, actor=actor, site=SITE)
    except LedgerError:
        pass


def _chunks_held(ledger: Ledger, scheme: str, site: str, key: str, data: str) -> None:
    """Every sealed chunk of a seq list the entry names is stored with its text (a chunk that could not be read
    would have the entry folded afresh when served, which the comparisons with the fold cannot see)."""
    for name, (_, events, _) in json.loads(data).items():
        for token in seqlists.SeqText.parse(events).sealed:
            row = ledger.store.cache_get(scheme, site, parts.chunk_key(key, name, token))
            assert row is not None and parts.digest(row.data) == token


@pytest.mark.parametrize("scheme", SCHEMES)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_entry_brought_current_equals_the_pure_fold_and_a_replay(
    tmp_path_factory, scheme, data
) -> None:
    """After each chunk, `refresh` brings every stored entry (2026, and 2027 once next year's events exist) to the
    head, carrying forward those the new events cannot change; each must equal the pure fold of the whole log
    (values, events, detail and late events), and a replay from zero must store exactly the same bytes."""
    chunks = data.draw(late_chunks(scheme))
    ledger = (
        sx_ledger(tmp_path_factory.mktemp("late") / "p.db", assessor=ASSESSOR)
        if scheme == "shaxian-gig"
        else _setup(tmp_path_factory.mktemp("late") / "p.db", scheme, assessor=ASSESSOR)
    )
    for chunk in chunks:
        _apply_late(ledger, chunk)
        service.refresh(ledger)
        stored = {}
        for site, key, target in service.replay_keys(ledger):
            head = ledger.site_head(site)
            entry = ledger.store.cache_get(target.scheme.id, site, key)
            assert entry is not None and (entry.site_seq, entry.head_hash) == (head.site_seq, head.hash)
            stored[key] = entry.data
            _chunks_held(ledger, target.scheme.id, site, key, entry.data)
            served, served_facts = service.current_values(ledger, target, site, None)
            fresh, fresh_facts = service.indicator_values(ledger, target, site)
            assert served == fresh
            assert [e.seq for e in served_facts.late] == [e.seq for e in fresh_facts.late]
            assert (served_facts.accepted, served_facts.changes) == (
                fresh_facts.accepted & {e.id for e in fresh_facts.late},
                fresh_facts.changes,
            )
        service.replay(ledger)
        for site, key, target in service.replay_keys(ledger):
            assert ledger.store.cache_get(target.scheme.id, site, key).data == stored[key]
