"""The fast paths added for issue 7 behave exactly like the plain ones (no timings here: bench/ measures).

* import looks duplicates up per 1,000-line chunk: a duplicate more than a chunk after its first copy, or of a
  stored event, is still skipped, and the first bad line is still the one named;
* a score refreshes only its own site's cached entries (each entry carries the site head it was folded at), and
  the values are the reference fold's;
* a replay reads each site's log once: its values equal the reference fold for every period.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import shaxian_sites

from ledger.appender import BATCH
from ledger.envelope import Draft, Event
from ledger.errors import LedgerError
from ledger.importer import open_events
from ledger.ledger import Ledger
from projections import cache
from projections.indicators import compute, compute_periods
from schemes import service


def _post(i: int, site: str = "sx", event_id: str | None = None) -> dict:
    return {"id": event_id or f"e{i}", "type": "gig_job_posted", "site": site, "occurred_at": "2026-03-01",
            "actor": "op", "payload": {"employer": "沙县小吃集团", "positions": 1}}  # fmt: skip


def _write(path: Path, records: list[dict | str]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records),
                    encoding="utf-8")  # fmt: skip
    return path


def test_duplicates_across_chunks_and_of_stored_events_are_skipped(tmp_path: Path) -> None:
    ledger = shaxian_sites(tmp_path / "l.db")
    ledger.append_many(open_events(_write(tmp_path / "a.jsonl", [_post(0, event_id="stored")]), actor="op"))
    # e5 again after 1,500 lines (its first copy was flushed in between), and the stored event once more.
    records = [_post(i) for i in range(BATCH + 500)] + [_post(5), _post(0, event_id="stored")]
    result = ledger.append_many(open_events(_write(tmp_path / "b.jsonl", records), actor="op"))
    assert (result.added, result.duplicates) == (BATCH + 500, 2)
    again = ledger.append_many(open_events(tmp_path / "b.jsonl", actor="op"))  # re-import adds nothing
    assert (again.added, again.duplicates) == (0, BATCH + 502)
    assert ledger.verify().count == 4 + 1 + BATCH + 500


def test_the_first_bad_line_is_named_even_when_a_later_line_cannot_be_read(tmp_path: Path) -> None:
    """Lines are read a chunk ahead: a reading error at line 8 must wait until lines 1-7 have been appended."""
    ledger = shaxian_sites(tmp_path / "l.db")
    records: list[dict | str] = [_post(i) for i in range(10)]
    records[4] = _post(4, site="nowhere")  # line 5: unknown site (found when appending)
    records[7] = "{not json"  # line 8: found when reading, which happens first
    with pytest.raises(LedgerError, match=r"^line 5: unknown site 'nowhere'"):
        ledger.append_many(open_events(_write(tmp_path / "c.jsonl", records), actor="op"))
    records[4] = _post(4)
    with pytest.raises(LedgerError, match=r"^line 8: not valid JSON"):
        ledger.append_many(open_events(_write(tmp_path / "d.jsonl", records), actor="op"))
    assert ledger.head()[0] == 4  # all or nothing


def _livestreams(ledger: Ledger, site: str, months: range) -> None:
    for month in months:
        ledger.append(Draft(type="livestream_run", site=site, occurred_at=f"2026-{month:02d}-10", actor="op",
                            payload={"title": "直播", "viewers": 10}))  # fmt: skip


def _stored_livestreams(ledger: Ledger, site: str) -> str | None:
    """The cached livestream count, or 'stale' when the entry was folded at an older head of the site."""
    target = service.resolve(ledger, site, "2026")
    entry = ledger.store.cache_get("shaxian-gig", site, service.projection_key(target, None))
    if entry is None:
        return None
    head = ledger.site_head(site)
    if (entry.site_seq, entry.head_hash) != (head.site_seq, head.hash):
        return "stale"
    return str(cache.decode(entry.data)["livestreams"].value)


def test_a_score_refreshes_its_own_site_only(tmp_path: Path) -> None:
    ledger = shaxian_sites(tmp_path / "l.db")
    _livestreams(ledger, "sx", range(1, 4))
    _livestreams(ledger, "sy", range(1, 3))
    service.replay(ledger)
    assert (_stored_livestreams(ledger, "sx"), _stored_livestreams(ledger, "sy")) == ("3", "2")
    _livestreams(ledger, "sx", range(4, 6))
    _livestreams(ledger, "sy", range(3, 8))
    # 评分表 直播情况: one a month, "每少一场扣1分" from 12: sx has 5 months -> 12 - 7 = 5.
    assert service.score_site(ledger, "sx", "2026").item("livestream").points == 5
    assert _stored_livestreams(ledger, "sx") == "5"
    assert _stored_livestreams(ledger, "sy") == "stale"  # not scored yet: left for its own turn, never served
    # sy: 7 months -> 12 - 5 = 7.
    assert service.score_site(ledger, "sy", "2026").item("livestream").points == 7
    assert _stored_livestreams(ledger, "sy") == "7"
    for site in ("sx", "sy"):
        target = service.resolve(ledger, site, "2026")
        fast, _ = service.current_values(ledger, target, site, None)
        reference, _ = service.indicator_values(ledger, target, site)
        assert fast == reference


def test_replay_from_one_read_per_site_equals_the_reference_fold(tmp_path: Path) -> None:
    ledger = shaxian_sites(tmp_path / "l.db")
    _livestreams(ledger, "sx", range(1, 13))
    moved = ledger.append(Draft(type="livestream_run", site="sx", occurred_at="2027-01-10", actor="op",
                                payload={"title": "明年", "viewers": 1}))  # fmt: skip
    # A correction dated in 2026 moving a 2027 event into 2026: the one-read path must fetch its target too.
    ledger.append(Draft(type="correction", site="sx", occurred_at="2026-12-30", actor="op",
                        payload={"target": moved.id, "changes": {"occurred_at": "2026-12-20"}, "reason": "日期错"}))  # fmt: skip
    _livestreams(ledger, "sy", range(1, 3))
    service.replay(ledger)
    for site in ("sx", "sy"):
        target = service.resolve(ledger, site, "2026")
        entry = ledger.store.cache_get("shaxian-gig", site, service.projection_key(target, None))
        reference, _ = service.indicator_values(ledger, target, site)
        assert entry is not None
        stored = cache.decode(entry.data)
        stored.pop(service.LATE)
        stored.pop(service.ACC)  # and the accumulators its values were read off
        as_stored = {n: (v.value, v.events) for n, v in stored.items()}
        # Derived indicators (ratios, totals) are not stored: they are worked out from the others when read.
        derived = {n for n, spec in target.scheme.indicators.items() if spec.derived}
        assert derived and not derived & set(as_stored)
        assert as_stored == {n: (v.value, v.events) for n, v in reference.items() if n not in derived}
        served, _ = service.current_values(ledger, target, site, None)
        assert {n: (v.value, v.events) for n, v in served.items()} == {
            n: (v.value, v.events) for n, v in reference.items()
        }
    assert _stored_livestreams(ledger, "sx") == "13"


def test_indicators_computed_for_many_periods_at_once_equal_one_period_at_a_time(tmp_path: Path) -> None:
    """A dashboard's monthly chart bars come from compute_periods (events grouped once): every indicator of the
    scheme, derived ones included, must equal compute for each month on its own."""
    ledger = shaxian_sites(tmp_path / "l.db", sites=("sx",))
    _livestreams(ledger, "sx", range(1, 13, 2))
    for month, n in ((2, 1), (2, 2), (5, 3), (11, 4)):
        ledger.append(Draft(type="gig_deal_completed", site="sx", occurred_at=f"2026-{month:02d}-0{n}", actor="op",
                            payload={"worker": f"w{n}", "employer": "沙县小吃集团"}))  # fmt: skip
    target = service.resolve(ledger, "sx", "2026")
    _, facts = service.indicator_values(ledger, target, "sx")
    months = target.period.months()
    specs = target.scheme.indicators
    together = compute_periods(specs, facts.events, months, scheme=target.scheme.id)
    assert together == [compute(specs, facts.events, m, scheme=target.scheme.id) for m in months]
    assert [v["livestreams"].value for v in together][:3] == [1, 0, 1]  # one in each odd month


def test_each_sites_contracts_are_read_from_the_contracts_and_what_amends_them_alone(tmp_path: Path) -> None:
    """`refresh` finds every site's contracts from the contract events and the corrections and retractions that
    reach them (a retraction of a correction of a contract included), not from every amendment in the ledger:
    the contracts are those the site's whole log gives."""
    from conftest import keyring_for

    from projections.contracts import contracts_from
    from schemes.entry_keys import contract_events

    ledger = shaxian_sites(tmp_path / "l.db", ("sx", "sy", "sz"))
    by_site = {c.site: c for c in ledger.events(types=["contract_signed"])}

    def amend(kind: str, target: Event, **payload: object) -> Event:
        draft = Draft(type=kind, site=target.site, occurred_at="2026-03-02", actor="b",
                      payload={"target": target.id, "reason": "复核", **payload})  # fmt: skip
        return ledger.append(draft, keyring_for())

    ended = amend("correction", by_site["sx"], changes={"end": "2026-06-30"})  # sx's contract ends mid-year
    amend("retraction", ended)  # ... and that is taken back: it runs on
    amend("correction", by_site["sy"], changes={"fee_yuan": "80000"})  # sy's fee corrected
    amend("retraction", by_site["sz"])  # sz's contract withdrawn
    post = ledger.append(Draft(type="gig_job_posted", site="sx", occurred_at="2026-03-01", actor="op",
                               payload={"employer": "沙县小吃集团", "positions": 1}))  # fmt: skip
    amend("correction", post, changes={"positions": 2})  # a fact's correction: nothing to do with contracts
    found = contract_events(ledger)
    assert all(e.payload.get("target") != post.id for e in found)
    for site in ("sx", "sy", "sz"):
        whole = list(ledger.events(site=site, types=["contract_signed", "correction", "retraction"]))
        assert contracts_from(e for e in found if e.site == site) == contracts_from(whole)
    assert [c.end for c in contracts_from(e for e in found if e.site == "sx")] == [None]
    assert [str(c.fee_yuan) for c in contracts_from(e for e in found if e.site == "sy")] == ["80000"]
    assert contracts_from(e for e in found if e.site == "sz") == []
    assert len(found) == 3 + 4  # the three contracts and the four amendments that reach them


def test_one_events_append_reads_its_own_sites_state_and_still_suggests_any_site(tmp_path: Path) -> None:
    """An operator's `log` is checked against its site's registration, roles, contracts and keys, so it reads
    that site's state events only: its cost does not grow with the sites a city contracts (issue 15). A batch
    (an import) may hold any site and reads them all. A misspelt site is still matched against every site."""
    ledger = shaxian_sites(tmp_path / "l.db", sites=("sx", "sy", "sz"))
    asked: list[tuple[str, ...] | None] = []
    events = ledger.store.events

    def spy(**options: object) -> object:
        if options.get("types") is not None and "site_registered" in options["types"]:  # type: ignore[operator]
            sites = options.get("sites")
            asked.append(None if sites is None else tuple(sites))  # type: ignore[arg-type]
        return events(**options)

    ledger.store.events = spy  # type: ignore[method-assign]
    ledger.append(Draft(**{k: v for k, v in _post(1, site="sy").items() if k != "id"}))
    ledger.append_many([(1, Draft(**_post(2, site="sz")))])
    with pytest.raises(LedgerError, match="'sz'"):
        ledger.append(Draft(**_post(3, site="sz9")))
    assert asked[0] == ("sy", "*") and asked[1] is None
    sy = [e for e in ledger.store.events(site="sy") if e.type == "gig_job_posted"]
    assert [e.payload["positions"] for e in sy] == [1]


def test_a_score_checks_its_site_by_that_sites_registration_and_still_suggests_a_misspelt_one(
    tmp_path: Path,
) -> None:
    """`score` for one site asks whether that site is registered from its own rows, not by folding every site's
    state events (200 at a city's hundred sites); a misspelt site is still matched against every site."""
    from schemes.errors import SchemeError
    from schemes.targets import check_site

    ledger = shaxian_sites(tmp_path / "l.db", sites=("sx", "sy", "sz"))
    asked: list[dict[str, object]] = []
    events = ledger.store.events

    def spy(**options: object) -> object:
        asked.append(options)
        return events(**options)

    ledger.store.events = spy  # type: ignore[method-assign]
    check_site(ledger, "sy")
    assert [(o.get("site"), o.get("sites")) for o in asked] == [("sy", None)]
    with pytest.raises(SchemeError, match="'sz'"):
        check_site(ledger, "sz9")
