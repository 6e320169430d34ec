"""Growth brought current through its accumulator (GrowthKind) equals `GrowthSpec.compute` of the whole log.

Pingxiang's Douyin follower growth for 2026 (schemes/files/pingxiang-market.toml `follower_growth`): the last
reading in the year against the last one before it, else against the first in the year when there are two. A
log is stored as a fresh fold would store it, then new events are absorbed exactly as `refresh` does
(`accumulate.update`, the state read back from its JSON); the value, its events and detail must be the fold's,
the accumulator the one a fresh fold builds, and the indicator is recomputed from its typed events (dirty) only
where the baseline before the year is retired.
"""

from __future__ import annotations

import json

import pytest

from ledger.envelope import Event
from projections import accumulate
from projections.facts import facts_from_log
from projections.indicators import IndicatorValue, compute, horizon
from projections.periods import Period
from schemes.model import get_scheme

SCHEME = get_scheme("pingxiang-market")
SPECS = {"follower_growth": SCHEME.indicators["follower_growth"]}
PERIOD = Period.year(2026)
UNTIL = horizon(SPECS, PERIOD, None)
CTX = accumulate.Ctx(PERIOD, SCHEME.id, PERIOD.end, UNTIL.isoformat())


def _event(seq: int, etype: str, on: str, payload: dict) -> Event:
    return Event(seq, f"e{seq}", etype, 1, "px", on, f"2027-03-01T00:00:00.{seq:06d}+08:00", "op", payload,
                 site_seq=seq)  # fmt: skip


def reading(seq: int, on: str, value: int | str, platform: str = "douyin") -> Event:
    return _event(seq, "metric_recorded", on, {"metric": "followers", "platform": platform, "value": value})


def correct(seq: int, target: int, **changes: object) -> Event:
    return _event(
        seq, "correction", "2026-07-01", {"target": f"e{target}", "changes": changes, "reason": "r"}
    )


def retract(seq: int, target: int) -> Event:
    return _event(seq, "retraction", "2026-07-01", {"target": f"e{target}", "reason": "r"})


def _fold(log: list[Event]) -> tuple[dict[str, IndicatorValue], accumulate.State]:
    """What GrowthSpec.compute gives for the log, and the state a fresh fold stores beside it."""
    facts = facts_from_log(log, UNTIL, SCHEME.late_policy)
    values = compute(SPECS, facts.events, PERIOD, scheme=SCHEME.id)
    return values, accumulate.build(SPECS, facts.events, log, CTX)


def _stored(state: accumulate.State) -> accumulate.State:
    restored = accumulate.State.from_json(json.loads(json.dumps(state.to_json())))
    assert restored is not None
    return restored


CASES = [
    pytest.param(
        [], [reading(1, "2026-03-03", 1000)], None, (1,), False, id="one-reading-in-the-year-no-growth"
    ),
    pytest.param(
        [reading(1, "2026-03-03", 1000)],
        [reading(2, "2026-06-30", 1500), reading(3, "2026-04-01", 1200)],
        "50.0",
        (1, 2),
        False,
        id="no-reading-before-two-in-the-year-the-first-is-the-baseline",
    ),
    pytest.param(
        [reading(1, "2025-12-31", "1000")],
        [
            reading(2, "2026-01-01", "1100.0"),
            reading(3, "2027-01-03", 5000),
            reading(4, "2026-12-31", 9000, platform="official_account"),
        ],
        "10.0",
        (1, 2),
        False,
        id="the-first-day-is-in-the-year-the-next-year-and-other-platforms-are-not",
    ),  # fmt: skip
    pytest.param(
        [reading(1, "2025-12-31", 0)], [reading(2, "2026-06-30", 10)], None, (1, 2), False, id="baseline-zero"
    ),
    pytest.param(
        [reading(1, "2025-11-20", 800), reading(2, "2025-12-31", 1000), reading(3, "2026-06-30", 1100)],
        [retract(4, 2)],
        "37.500",
        (1, 3),
        True,
        id="retracting-the-baseline-before-the-year-recomputes",
    ),
    pytest.param(
        [reading(1, "2025-12-31", 1000), reading(2, "2026-03-03", 1100), reading(3, "2026-06-30", 1200)],
        [retract(4, 3)],
        "10.0",
        (1, 2),
        False,
        id="retracting-the-latest-reading-in-the-year",
    ),
    pytest.param(
        [reading(1, "2025-12-31", 1000), reading(2, "2026-06-30", 1200)],
        [correct(3, 2, value="900")],
        "-10.0",
        (1, 2),
        False,
        id="correcting-the-latest-value",
    ),
    pytest.param(
        [reading(1, "2026-03-03", 1000), reading(2, "2026-06-30", 1500)],
        [correct(3, 1, value=1200)],
        "25.00",
        (1, 2),
        False,
        id="correcting-the-first-value-in-the-year-without-one-before",
    ),
    pytest.param(
        [reading(1, "2026-03-03", 1000), reading(2, "2026-06-30", 1500), reading(3, "2026-09-30", 1800)],
        [correct(4, 2, occurred_at="2025-12-31")],
        "20.0",
        (2, 3),
        False,
        id="moving-a-reading-before-the-year-makes-it-the-baseline",
    ),
]


@pytest.mark.parametrize(("first", "new", "growth", "events", "dirty"), CASES)
def test_growth_brought_current_equals_the_fold(
    first: list[Event], new: list[Event], growth: str | None, events: tuple[int, ...], dirty: bool
) -> None:
    log = first + new
    values, state = _fold(first)
    by_id, by_seq = {e.id: e for e in log}, {e.seq: e for e in log}
    upd = accumulate.advance(SPECS, values, _stored(state), new, CTX, by_id.get, by_seq.get)
    assert upd is not None and upd.dirty == ({"follower_growth"} if dirty else set())
    kept = _stored(state)
    got = accumulate.update(SPECS, values, kept, new, CTX, lookup=by_id.get, get=by_seq.get,
                            typed_log=lambda types: [e for e in log if e.type in types], derived=False)  # fmt: skip
    ref_values, ref_state = _fold(log)
    assert got is not None
    value, ref = got["follower_growth"], ref_values["follower_growth"]
    assert value == ref
    assert str(value.value) == str(ref.value)  # the same exponent, not only an equal number
    assert (None if value.value is None else str(value.value), value.events) == (growth, events)
    assert json.dumps(kept.to_json()) == json.dumps(ref_state.to_json())
    assert kept.acc["follower_growth"] is not None  # kept, also where it was recomputed
