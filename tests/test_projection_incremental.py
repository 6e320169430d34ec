"""An entry brought current through its accumulators equals the pure fold of the whole log, and so does what it
stores (issue 15).

Pure, no ledger: for every indicator of the five scheme files, hypothesis writes random logs of the events they
read (payloads drawn from the indicators' own selectors, numbers with and without decimals, keys from small
pools), with corrections of dates and fields, retractions of facts and of corrections, an assessor's closes and
acceptances (late events), reports covering an earlier period and events past the horizon. The log is cut into
chunks: the entry is built from the first, then each chunk goes through `accumulate.update` exactly as the
service drives it (values and accumulators read back from their stored JSON each time), falling back to a fresh
fold where `update` declines. After every chunk the values must equal the pure fold of the log so far, and the
accumulators must equal those a fresh fold builds, byte for byte (a replay stores the same entry). Seq lists are
cut into chunks after every few seqs here (`small_chunks`), so the sealed chunks a refresh appends to, and the
ones it must read back to retire a seq, are exercised by logs this short.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.envelope import Event
from projections import accumulate, cache, parts, seqlists, startlists
from projections.facts import facts_from_log
from projections.indicators import IndicatorValue, compute, horizon
from projections.indicators.assessor import FindingSpec, JudgementSpec, RatingsSpec
from projections.indicators.tallies import SurveySpec
from projections.periods import Period
from schemes.model import get_scheme

SCHEMES = ["chifeng-park", "dongsheng-talent", "pingxiang-market", "shaxian-gig", "wujiang-alliance"]
KEYS = ["a", "b", "c"]
NUMBERS = [0, 1, 3, 7, 40, 400, 950, "1.5", "2.25", "0.10", "12"]
DATES = ["2025-11-20", "2025-12-31", "2026-01-05", "2026-02-28", "2026-03-31", "2026-04-01", "2026-05-17",
         "2026-06-30", "2026-07-01T09:30:00+08:00", "2026-08-08", "2026-09-30", "2026-10-10", "2026-12-31",
         "2027-01-03", "2027-02-10"]  # fmt: skip
CLOSES = ["2026-Q1", "2026-03", "2026-Q2", "2026"]
COVERS = ["2026-03", "2026-Q1", "2026-06", "2026-12"]


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of two seqs (or start list items) and more, one seq in four ending one: the short lists these logs
    make are chunked."""
    monkeypatch.setattr(seqlists, "CHUNK_MIN", 2)
    monkeypatch.setattr(seqlists, "CHUNK_MASK", 3)
    monkeypatch.setattr(startlists, "ITEM_CHUNK_MIN", 2)
    monkeypatch.setattr(startlists, "ITEM_CHUNK_MASK", 3)


@dataclass(frozen=True)
class Shape:
    """How to draw a payload of one event type: fields with the values worth trying."""

    fields: dict[str, list[Any]]


def _condition_values(cond: Any) -> list[Any]:
    if isinstance(cond, list):
        return [*cond, "other"]
    if isinstance(cond, dict):
        out: list[Any] = []
        for op, v in cond.items():
            if op == "in":
                out += list(v)
            elif op == "ne":
                out += [v, "other"]
            else:  # a threshold: just under, on and over it, as the number was written
                n = Decimal(str(v))
                out += [type(v)(x) if isinstance(v, int) else str(x) for x in (n - 1, n, n + 1)]
        return out
    return [cond, "other"] if not isinstance(cond, bool) else [True, False]


@lru_cache
def _scheme(scheme_id: str) -> Any:
    return get_scheme(scheme_id)


@lru_cache
def shapes(scheme_id: str, focus: str | None = None) -> dict[str, Shape]:
    """Per event type the indicators read (or only the `focus` indicator): each field they filter on, total, key
    or date by, with candidates."""
    scheme = _scheme(scheme_id)
    numeric: set[str] = set()
    periods: set[str] = set()
    for spec in scheme.indicators.values():
        for name in ("field",):
            if getattr(spec, name, None):
                numeric.add(getattr(spec, name))
        numeric.update(getattr(spec, "criteria", None) or {})
        if getattr(spec, "covers_field", None):
            periods.add(spec.covers_field)
    out: dict[str, dict[str, list[Any]]] = {}
    chosen = [scheme.indicators[focus]] if focus else list(scheme.indicators.values())
    for spec in chosen:
        if isinstance(spec, JudgementSpec | RatingsSpec | FindingSpec | SurveySpec):
            continue  # their payloads are drawn below, by type
        for reads in spec.reads():
            for t in reads.types:
                fields = out.setdefault(t, {})
                for f, cond in reads.where.items():
                    fields.setdefault(f, []).extend(_condition_values(cond))
                for f in reads.fields:
                    if f in reads.where:
                        continue
                    if f in periods:
                        fields.setdefault(f, []).extend(COVERS)
                    elif f in numeric:
                        fields.setdefault(f, []).extend(NUMBERS)
                    else:
                        fields.setdefault(f, []).extend(KEYS)
    if "assessor_judgement" in out:
        # A count or sum over judgements (Chifeng's 其他 bonus and penalty lines read their points) draws only
        # the fields it reads; a judgement always has a verdict, shortfalls and a reason (the catalog requires or
        # fills them), and the fold reads them whenever the judgement counts for a judgement indicator too.
        out["assessor_judgement"].setdefault("met", [True, False])
        out["assessor_judgement"].setdefault("shortfalls", [0, 1, 2])  # stored with its default when left out
        out["assessor_judgement"].setdefault("reason", ["r"])
    items = sorted({s.item for s in chosen if isinstance(s, JudgementSpec)})
    if items:
        out["assessor_judgement"] = {"scheme": [scheme.id, "other"], "item": items, "met": [True, False],
                                     "shortfalls": [0, 1, 2], "reason": ["r"], "points": [None, "2", "0.5"]}  # fmt: skip
    finds = sorted({k for s in chosen if isinstance(s, FindingSpec) for k in s.kinds()})
    if finds:
        out["inspection_finding"] = {"kind": [*finds, "other"], "count": [1, 2, 5], "item": ["", "x", "y"]}
    surveys = sorted({s.survey for s in chosen if isinstance(s, SurveySpec)})
    if surveys:
        out["survey_response"] = {"survey": [*surveys, "other"], "satisfied": [True, False, None],
                                  "score": [None, 3, 5, "4.5"]}  # fmt: skip
        out["survey_summary"] = {"survey": [*surveys, "other"], "respondents": [1, 4, 10],
                                 "satisfied": [None, 0, 1, 3], "mean_score": [None, "4.2", 3]}  # fmt: skip
    return {
        t: Shape({f: list(dict.fromkeys(map(json.dumps, vs))) for f, vs in fields.items()})
        for t, fields in out.items()
    }


def payload(shape: Shape, draw: Any) -> dict[str, Any]:
    return {f: json.loads(draw(st.sampled_from(vs))) for f, vs in shape.fields.items()}


@st.composite
def logs(draw: Any, scheme_id: str, focus: str | None = None) -> list[dict[str, Any]]:
    """Actions: a fact (maybe covering an earlier period), a correction (date or a field), a retraction (of a
    fact or a correction), a close, an acceptance; resolved against the log by `_events`. A log is drawn for one
    indicator: the types it reads, with payloads from its own filters (plus one other type), so that facts meet
    (the same keys, a reading and the one it displaces) while every indicator is still compared. Only some logs
    have closes (everything after a close folds afresh, so a log with none exercises the accumulators most).
    `focus` names the indicator (else one is drawn)."""
    scheme = _scheme(scheme_id)
    if focus is None:
        focus = draw(st.sampled_from(sorted(n for n, s in scheme.indicators.items() if not s.derived)))
    everything = shapes(scheme_id)
    kinds = {**everything, **shapes(scheme_id, focus)}  # the focus indicator's own filters for its types
    types = sorted(shapes(scheme_id, focus)) + draw(st.lists(st.sampled_from(sorted(everything)), max_size=1))
    closing = ["close", "accept"] if draw(st.integers(0, 3)) == 0 else []
    out = []
    for _ in range(draw(st.integers(1, 40))):
        what = draw(
            st.sampled_from(["fact"] * 5 + ["correct", "correct", "retract", "retract", "covers", *closing])
        )
        if what in ("fact", "covers"):
            t = draw(st.sampled_from(types))
            out.append({"do": what, "type": t, "on": draw(st.sampled_from(DATES)), "payload": payload(kinds[t], draw),
                        "covers": draw(st.sampled_from(COVERS)) if what == "covers" else None})  # fmt: skip
        elif what == "correct":
            pick = draw(st.integers(0, 10_000))
            if draw(st.booleans()):
                out.append(
                    {"do": what, "pick": pick, "changes": {"occurred_at": draw(st.sampled_from(DATES))}}
                )
            else:
                out.append({"do": what, "pick": pick, "field": draw(st.integers(0, 10_000)),
                            "value": draw(st.integers(0, 10_000))})  # fmt: skip
        elif what == "retract":
            out.append({"do": what, "pick": draw(st.integers(0, 10_000)), "fix": draw(st.booleans())})
        elif what == "close":
            out.append({"do": what, "period": draw(st.sampled_from(CLOSES))})
        else:
            out.append({"do": what, "pick": draw(st.integers(0, 10_000))})
    return out


def _events(actions: list[dict[str, Any]], kinds: dict[str, Shape]) -> list[Event]:
    """The log the actions write, as the ledger would accept it (a correction names a fact and gives a field a
    value of its kind, a retraction names a fact or a correction, nothing names a retraction; an acceptance
    names a fact)."""
    log: list[Event] = []

    def add(etype: str, on: str, body: dict[str, Any], covers: str | None = None, actor: str = "op") -> None:
        seq = len(log) + 1
        log.append(Event(seq, f"e{seq}", etype, 1, "s", on, f"2027-03-01T00:00:{seq:02d}.{seq:06d}+08:00", actor,
                         body, site_seq=seq, covers=covers))  # fmt: skip

    for a in actions:
        facts = [e for e in log if e.type not in accumulate.AMEND_TYPES]
        fixes = [e for e in log if e.type == "correction"]
        if a["do"] in ("fact", "covers"):
            on = "2027-01-15" if a["covers"] else a["on"]
            add(a["type"], on, dict(a["payload"]), a["covers"])
        elif a["do"] == "correct" and facts:
            target = facts[a["pick"] % len(facts)]
            if "changes" in a:
                changes = dict(a["changes"])
            elif target.payload:
                name = sorted(target.payload)[a["field"] % len(target.payload)]
                pool = kinds[target.type].fields[name]
                changes = {name: json.loads(pool[a["value"] % len(pool)])}
            else:
                continue
            add("correction", target.occurred_at, {"target": target.id, "changes": changes, "reason": "r"})
        elif a["do"] == "retract" and (facts or fixes):
            pool = fixes if a["fix"] and fixes else facts
            if pool:
                add("retraction", "2026-06-01", {"target": pool[a["pick"] % len(pool)].id, "reason": "r"})
        elif a["do"] == "close":
            add("period_closed", "2027-01-05", {"period": a["period"]}, actor="alice")
        elif a["do"] == "accept" and facts:
            add(
                "late_event_accepted",
                "2027-01-06",
                {"target": facts[a["pick"] % len(facts)].id},
                actor="alice",
            )
    return log


def _period(scheme: Any, pick: int) -> Period:
    if scheme.assessed_every == "quarter":
        return Period.quarter(2026, pick % 4 + 1)
    if scheme.assessed_every == "half":
        return Period.half(2026, pick % 2 + 1)
    return Period.year(2026)


def _fold(scheme: Any, log: list[Event], period: Period, assessed_on: date | None) -> tuple[dict, dict]:
    """The reference: the pure fold of the log, and the entry a fresh fold stores (values + accumulators)."""
    until = horizon(scheme.indicators, period, assessed_on)
    facts = facts_from_log(log, until, scheme.late_policy)
    values = compute(scheme.indicators, facts.events, period, scheme=scheme.id, assessed_on=assessed_on,
                     calendar=scheme.work_calendar())  # fmt: skip
    ctx = _ctx(scheme, period, assessed_on)
    state = accumulate.build(scheme.indicators, facts.events, log, ctx)
    return values, state.to_json()


def _ctx(scheme: Any, period: Period, assessed_on: date | None) -> accumulate.Ctx:
    until = horizon(scheme.indicators, period, assessed_on)
    return accumulate.Ctx(period, scheme.id, assessed_on or period.end, until.isoformat())


# (owner, field, index) of a part; (owner, "s", digest) of a seq chunk, or of a start list's ("workers_placed.st")
Rows = dict[tuple[str, str, Any], str]


def _stored(scheme: Any, values: dict[str, IndicatorValue], state: dict[str, Any], rows: Rows) -> str:
    """An entry as the service stores it: the derived indicators left out (worked out when it is read), and the
    parts its accumulators keep apart (stable buckets) and its seq lists' sealed chunks written to `rows`."""
    kept = {n: v for n, v in values.items() if not scheme.indicators[n].derived}
    for owner, field, i, text in parts.part_rows(state["acc"]):
        rows[owner, field, i] = text
    for owner, token, text in parts.list_chunk_rows(state["acc"]):
        rows[owner, "s", token] = text
    for owner, token, text in cache.seq_chunks(cache.seqtexts(kept)):
        rows[owner, "s", token] = text
    return cache.encode({**kept, "__acc__": IndicatorValue(None, (), state)})


def _parts_hold(data: str, rows: Rows) -> None:
    """Every part, seq chunk and start list chunk the entry names is in `rows`, with the text it was written
    with."""
    stored = json.loads(data)
    for owner, field, i, token in parts.part_tokens(stored["__acc__"][2]["acc"]):
        assert parts.digest(rows[owner, field, i]) == token
    for owner, token in parts.list_chunk_tokens(stored["__acc__"][2]["acc"]):
        assert parts.digest(rows[owner, "s", token]) == token
    for name, (_, events, _) in stored.items():
        for token in seqlists.SeqText.parse(events).sealed:
            assert parts.digest(rows[name, "s", token]) == token


def _read(data: str, rows: Rows) -> tuple[dict[str, IndicatorValue], accumulate.State]:
    """As `refresh` reads an entry: the seq lists left as stored text, to be appended to (their sealed chunks
    read from `rows` when a seq must be retired); parts from `rows`."""
    values = cache.decode(data, lazy=True, load=lambda owner, token: rows.get((owner, "s", token)))
    parts.attach_parts(values["__acc__"].detail["acc"], lambda owner, field, i: rows.get((owner, field, i)),
                       lambda owner, token: rows.get((owner, "s", token)))  # fmt: skip
    state = accumulate.State.from_json(values.pop("__acc__").detail)
    assert state is not None
    return values, state


def bring_current(scheme: Any, log: list[Event], cuts: list[int], period: Period, assessed_on: date | None):
    """Yield (values kept incrementally, reference values, stored text, reference stored text, updated?) after
    each chunk of the log."""
    ctx = _ctx(scheme, period, assessed_on)
    values, state = _fold(scheme, log[: cuts[0]], period, assessed_on)
    rows: Rows = {}  # the entry's part rows, kept and overwritten as a store keeps them
    data = _stored(scheme, values, state, rows)
    for before, upto in zip(cuts, cuts[1:], strict=False):
        prefix = log[:upto]
        by_id = {e.id: e for e in prefix}
        by_seq = {e.seq: e for e in prefix}
        kept, st_ = _read(data, rows)
        out = accumulate.update(
            scheme.indicators, kept, st_, prefix[before:], ctx, lookup=by_id.get, get=by_seq.get,
            typed_log=lambda types, prefix=prefix: [e for e in prefix if e.type in types],
            policy=scheme.late_policy, assessed_on=assessed_on, calendar=scheme.work_calendar(), derived=False,
        )  # fmt: skip
        ref_values, ref_state = _fold(scheme, prefix, period, assessed_on)
        if out is None:  # the service folds afresh
            out, state_json, full = ref_values, ref_state, ref_values
        else:
            state_json = st_.to_json()
            full = accumulate.derive(
                scheme.indicators, cache.plain(out), ctx, assessed_on, scheme.work_calendar()
            )
        data = _stored(scheme, out, state_json, rows)
        _parts_hold(data, rows)
        ref_rows: Rows = {}
        ref_data = _stored(scheme, ref_values, ref_state, ref_rows)
        _parts_hold(ref_data, ref_rows)
        yield full, ref_values, data, ref_data, out is not ref_values


def _check(scheme_id: str, actions: list[dict[str, Any]], cuts: list[int], pick: int, assessed: bool) -> int:
    scheme = _scheme(scheme_id)
    log = _events(actions, shapes(scheme.id))
    points = sorted({0, len(log), *(c % (len(log) + 1) for c in cuts)})
    period = _period(scheme, pick)
    assessed_on = date(2027, 3, 1) if assessed else None
    updated = 0
    for out, ref, data, ref_data, incremental in bring_current(scheme, log, points, period, assessed_on):
        assert out == ref
        assert data == ref_data
        updated += incremental
    return updated


@pytest.mark.parametrize("scheme_id", SCHEMES)
def test_accumulators_equal_the_pure_fold_and_a_fresh_entry(scheme_id: str) -> None:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        actions=logs(scheme_id),
        cuts=st.lists(st.integers(0, 60), min_size=1, max_size=6),
        pick=st.integers(0, 3),
        assessed=st.booleans(),
    )
    def run(actions: list[dict[str, Any]], cuts: list[int], pick: int, assessed: bool) -> None:
        _check(scheme_id, actions, cuts, pick, assessed)

    run()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    actions=logs("pingxiang-market", "follower_growth"),
    cuts=st.lists(st.integers(0, 60), min_size=1, max_size=6),
    assessed=st.booleans(),
)
def test_growth_readings_brought_current_equal_the_pure_fold(
    actions: list[dict[str, Any]], cuts: list[int], assessed: bool
) -> None:
    """Pingxiang's follower growth, which a drawn focus seldom picks: readings before the year and in it (some 0),
    moved across its start, corrected to another value, retracted, and their corrections retracted."""
    _check("pingxiang-market", actions, cuts, 0, assessed)


def test_plain_new_facts_are_absorbed_without_a_fold() -> None:
    """The common case really is incremental: new facts of every type a scheme reads, no closes, no changes."""
    for scheme_id in SCHEMES:
        actions = [
            {"do": "fact", "type": t, "on": "2026-05-17", "covers": None,
             "payload": {f: json.loads(vs[0]) for f, vs in shape.fields.items()}}
            for t, shape in sorted(shapes(scheme_id).items())
        ] * 2  # fmt: skip
        assert _check(scheme_id, actions, [len(actions) // 2], 0, False) == 2, scheme_id  # both chunks


def test_a_correction_and_a_retraction_are_adjusted_without_a_fold() -> None:
    scheme = get_scheme("shaxian-gig")
    actions = [
        {
            "do": "fact",
            "type": "livestream_run",
            "on": "2026-03-05",
            "covers": None,
            "payload": {"title": "t"},
        },
        {
            "do": "fact",
            "type": "livestream_run",
            "on": "2026-04-05",
            "covers": None,
            "payload": {"title": "t"},
        },
        {"do": "correct", "pick": 0, "changes": {"occurred_at": "2027-02-10"}},
        {"do": "retract", "pick": 1, "fix": False},
        {"do": "retract", "pick": 0, "fix": True},
    ]
    log = _events(actions, shapes(scheme.id))
    updated = list(bring_current(scheme, log, [2, 3, 4, 5], Period.year(2026), None))
    assert [u[-1] for u in updated] == [True, True, True]
    assert [u[0]["livestreams"].value for u in updated] == [1, 0, 1]


def test_stable_people_move_between_the_lists_as_the_fold_counts_them() -> None:
    """Wujiang's stable counts brought current by events naming a few people, each chunk absorbed (not folded):
    an end that makes a stable person unstable (one on the very day of the start too), an earlier start moving a
    person's first start within the year and then before it, a confirmation making an unmatched person count."""

    def fact(etype: str, on: str, **payload: Any) -> dict[str, Any]:
        return {"do": "fact", "type": etype, "on": on, "covers": None, "payload": payload}

    def insured(p: str, on: str) -> dict[str, Any]:
        return fact("employee_insured", on, kind="social", person=p)

    def ended(p: str, on: str) -> dict[str, Any]:
        return fact("insurance_ended", on, kind="social", person=p)

    def confirmed(p: str, on: str) -> dict[str, Any]:
        return fact("worker_dispatched", on, channel="labour_base", worker=p)

    actions = [
        *(insured("a", "2026-02-01"), confirmed("a", "2026-02-02"), insured("b", "2026-03-01")),
        *(confirmed("b", "2026-03-02"), insured("c", "2026-04-01")),
        *(ended("a", "2026-05-01"), insured("b", "2026-01-15"), confirmed("c", "2026-04-03")),
        *(insured("d", "2026-05-05"), confirmed("d", "2026-05-06")),
        *(ended("d", "2026-05-05"), insured("a", "2025-12-01"), ended("b", "2026-01-15")),
    ]
    assert _check("wujiang-alliance", actions, [5, 10], 0, True) == 3


def test_people_started_after_everyone_listed_are_appended_and_earlier_ones_inserted() -> None:
    """Wujiang's started and stable lists are ordered by first start: a person started after everyone listed is
    appended to the list's text (and their seq to the value's), one started earlier is inserted where the fold
    puts them; either way the entry brought current equals a fresh fold's, byte for byte."""

    def person(p: str, on: str) -> list[dict[str, Any]]:
        confirmed = {"channel": "labour_base", "worker": p}
        insured = {"kind": "social", "person": p}
        return [{"do": "fact", "type": "worker_dispatched", "on": "2026-01-02", "covers": None, "payload": confirmed},
                {"do": "fact", "type": "employee_insured", "on": on, "covers": None, "payload": insured}]  # fmt: skip

    actions = [
        *person("a", "2026-02-01"), *person("b", "2026-03-01"),  # the entry's first fold
        *person("c", "2026-04-01"), *person("d", "2026-02-15"),  # appended, then one inserted before b
        *person("e", "2026-04-01"), *person("f", "2026-06-01"),  # the same day as c, a later seq: appended
        *person("g", "2026-01-10"), *person("h", "2026-07-01"),  # inserted first, then appended
    ]  # fmt: skip
    # Four chunks after the first fold (the log is cut at 4, 8 and 12 of its 16 events), each absorbed.
    assert _check("wujiang-alliance", actions, [4, 8, 12], 0, True) == 4


def test_survey_answers_without_a_score_are_kept_until_a_score_arrives() -> None:
    """Chifeng's satisfaction (seed 001 考核评分表, 满意度: the mean score of the resident institutions' survey)
    has no value while no answer carries a score, and its value then lists no events: the accumulator keeps the
    answers itself. When a scored answer arrives, the value lists every answer of the survey, the unscored ones
    too, as the fold does (mean 80 over the one score)."""

    def answer(who: str, on: str, **given: Any) -> dict[str, Any]:
        payload = {"survey": "resident_satisfaction", "respondent": who, **given}
        return {"do": "fact", "type": "survey_response", "on": on, "covers": None, "payload": payload}

    actions = [
        answer("a", "2026-03-02", satisfied=True), answer("b", "2026-03-03", satisfied=False),  # no score yet
        answer("c", "2026-03-04", score=80), answer("d", "2026-03-05", satisfied=True),
    ]  # fmt: skip
    scheme = _scheme("chifeng-park")
    log = _events(actions, shapes(scheme.id))
    chunks = list(bring_current(scheme, log, [2, 3, 4], Period.year(2026), None))
    assert [c[-1] for c in chunks] == [True, True]  # each brought current, not folded afresh
    for out, ref, data, ref_data, _ in chunks:
        assert out == ref and data == ref_data
    assert chunks[0][0]["satisfaction"].value == 80 and chunks[0][0]["satisfaction"].events == (1, 2, 3)
    assert chunks[1][0]["satisfaction"].events == (1, 2, 3, 4)


@given(
    people=st.dictionaries(
        st.one_of(st.text(max_size=8), st.integers(-5, 10**6), st.none()).map(
            lambda v: json.dumps(v, ensure_ascii=False)
        ),
        st.fixed_dictionaries(
            {},
            optional={
                "f": st.tuples(
                    st.sampled_from(["2026-03-05", "2026-03-05T08:30:00+08:00"]), st.integers(1, 10**7)
                ).map(list),
                "e": st.dictionaries(
                    st.sampled_from(["2026-01-02", "2026-12-31"]), st.integers(1, 3), min_size=1
                ),
                "o": st.integers(1, 4),
            },
        ).filter(bool),
        max_size=6,
    ),
    items=st.lists(
        st.tuples(
            st.sampled_from(["2026-03-05", "2026-03-05T08:30:00+08:00", "x|;%~,="]), st.integers(1, 99)
        ).map(list)
    ),
)
def test_stable_buckets_and_lists_read_back_as_written(
    people: dict[str, Any], items: list[list[Any]]
) -> None:
    """A stable count's bucket and lists are kept so that the entry's JSON escapes nothing in them; any key (a
    string with quotes, backslashes or control characters in it, one like an int's JSON, an int, null) and any date
    comes back as it went in."""
    from projections.accumulate import stable

    text = stable._bucket_text({stable._key_text(key): rec for key, rec in people.items()})
    # Nothing to escape, as an entry is encoded, when no key as the bucket keeps it (its text, or "=" and its JSON
    # for a key that is not a plain string or begins with "=") holds a quote, a backslash or a control character.
    if all(c.isprintable() and c not in "'\"\\" for k in people for c in stable._key_text(k)):
        assert json.dumps(text, ensure_ascii=False)[1:-1] == text
    assert {stable._key_of(key): rec for key, rec in stable._bucket_of(text).items()} == people
    listed = startlists.StartList.of(items)
    rows = dict(listed.new_chunks(""))
    assert startlists.StartList.parse(listed.text(), lambda owner, token: rows.get(token)).tolist() == items
    for text in [listed.text(), *rows.values()]:  # no date or key here holds a quote or a backslash
        assert json.dumps(text, ensure_ascii=False)[1:-1] == text
