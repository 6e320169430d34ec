"""A stable count's buckets kept in cache rows of their own (projections/cache.py `Parts`, issue 15).

Wujiang's placed and stable workers (seed 004, 二.1: 当年度首次进吴参保人数 and 稳定就业): every person first
insured is kept in the entry's accumulator, so the accumulator grows with the log. Its buckets live in rows of
their own and the entry keeps a digest of each: a refresh reads and writes the buckets of the people its events
name, and a bucket that is missing or edited is never served (the entry is folded afresh) and is named by
`verify --deep`.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import add_event
from freezegun import freeze_time

from ledger.errors import LedgerError
from ledger.ledger import Ledger
from projections import parts
from projections.accumulate.stable import STABLE_BUCKETS, _bucket
from schemes import service, stored, targets
from schemes.audit import deep

SITE = "wj"
SCHEME = "wujiang-alliance"
PEOPLE = 40


def _hire(ledger: Ledger, person: str, on: str) -> None:
    """A worker dispatched from a labour base and first insured the same day (二.1's placed worker)."""
    add_event(ledger, "worker_dispatched", on,
              {"worker": person, "employer": "盛虹集团", "channel": "labour_base", "base": "基地1"}, site=SITE)  # fmt: skip
    add_event(
        ledger,
        "employee_insured",
        on,
        {"person": person, "employer": "盛虹集团", "kind": "social"},
        site=SITE,
    )


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One Wujiang unit, contracted for 2026, with 40 workers placed in the first half; its projection stored."""
    path = tmp_path_factory.mktemp("parts") / "l.db"
    with freeze_time("2026-07-01T09:00:00+08:00"):
        ledger = Ledger(path, create=True)
        add_event(ledger, "site_registered", "2026-01-01", {"name": "吴江运营单位"}, site=SITE)
        add_event(ledger, "contract_signed", "2026-01-01",
                  {"scheme": SCHEME, "start": "2026-01-01", "fee_yuan": "100000"}, site=SITE)  # fmt: skip
        for i in range(PEOPLE):
            _hire(ledger, f"p{i:03d}", f"2026-{1 + i % 6:02d}-10")
        service.replay(ledger)
        ledger.close()
    return path


def _rows(path: Path) -> dict[str, tuple[int, str]]:
    """The scheme's cache rows: key -> (the site_seq it was written at, its text)."""
    ledger = Ledger(path)
    try:
        return {e.key: (e.site_seq, e.data) for e in ledger.store.cache_list() if e.scheme == SCHEME}
    finally:
        ledger.close()


def _placed(ledger: Ledger) -> str:
    """Workers placed in 2026, as the stored projection serves them (what `score` reads)."""
    target = targets.resolve(ledger, SITE, "2026", None, None, None)
    values, _ = stored.current_values(ledger, target, SITE, None)
    return str(values["workers_placed"].value)


def test_the_buckets_are_rows_of_their_own_and_the_entry_keeps_their_digests(original: Path) -> None:
    rows = _rows(original)
    kept = {k: v for k, v in rows.items() if "#" in k}
    # Every non-empty bucket of the workers' accumulator (placed and stable share it) is a row, named by its
    # entry's key; 40 people over 256 buckets fill at most 40 of them.
    buckets = {k for k in kept if "#workers_placed.b." in k}
    assert 0 < len(buckets) <= PEOPLE < STABLE_BUCKETS
    entry = next(v for k, (_, v) in rows.items() if k.startswith("2026|") and "#" not in k)
    for key, (_, text) in kept.items():
        assert parts.digest(text) in entry or not key.startswith("2026|")
    assert not any(text in entry for _, text in kept.values())  # the buckets' texts are not in the entry


def test_a_refresh_writes_the_bucket_of_the_person_its_event_names_and_nothing_else(
    original: Path, tmp_path: Path
) -> None:
    path = tmp_path / "l.db"
    path.write_bytes(original.read_bytes())
    before = _rows(path)
    with freeze_time("2026-07-02T09:00:00+08:00"):
        ledger = Ledger(path)
        _hire(ledger, "new-1", "2026-07-01")
        service.refresh(ledger)
        ledger.close()
    after = _rows(path)
    changed = sorted(k for k in after if "#" in k and after[k] != before.get(k))  # written again, or new
    # The person's bucket, under the one accumulator placed and stable workers share.
    year = next(k for k in before if k.startswith("2026|") and "#" not in k)
    assert changed == [f"{year}#workers_placed.b.{_bucket(_json('new-1'))}"]
    ledger = Ledger(path)
    assert _placed(ledger) == str(PEOPLE + 1)  # 二.1: one more worker first insured this year
    ledger.close()


def _json(person: str) -> str:
    """A payload value as the accumulator keys it (its JSON)."""
    return f'"{person}"'


@pytest.mark.parametrize("edit", ["changed", "deleted"])
def test_an_edited_or_missing_bucket_is_named_by_verify_deep_and_never_served(
    original: Path, tmp_path: Path, edit: str
) -> None:
    path = tmp_path / "l.db"
    path.write_bytes(original.read_bytes())
    target = f"#workers_placed.b.{_bucket(_json('p000'))}"
    conn = sqlite3.connect(path, isolation_level=None)
    key = next(
        k
        for (k,) in conn.execute("SELECT key FROM projection")
        if k.startswith("2026|") and k.endswith(target)
    )
    if edit == "changed":  # p000 taken out of the bucket: a worker fewer, if it were believed
        conn.execute("UPDATE projection SET data = '{}' WHERE key = ?", (key,))
    else:
        conn.execute("DELETE FROM projection WHERE key = ?", (key,))
    conn.close()
    ledger = Ledger(path)
    with pytest.raises(LedgerError, match=r"its part workers_placed\.b\.\d+ .*: the cache was edited"):
        deep.verify_deep(ledger)
    # A new event naming a person of that bucket: the bucket cannot be read back as written, so the entry is
    # folded afresh from the log, and p000 still counts (first insured in January; 二.1 counts the placed).
    with freeze_time("2026-07-02T09:00:00+08:00"):
        add_event(ledger, "insurance_ended", "2026-07-01", {"person": "p000", "kind": "social"}, site=SITE)
        service.refresh(ledger)
    assert _placed(ledger) == str(PEOPLE)
    deep.verify_deep(ledger)  # the refold wrote the bucket again
    ledger.close()


def test_an_entry_stored_by_earlier_code_is_served_checked_by_value_and_folded_afresh_when_it_must_change(
    original: Path, tmp_path: Path
) -> None:
    """Entries written before accumulator version 7 kept their head's global seq in their data (`__head__`) and
    an older accumulator: such an entry is served (without that bookkeeping), `verify --deep` compares it by its
    values, moving past it leaves it as it is, and an event that counts in it has it folded afresh."""
    path = tmp_path / "l.db"
    path.write_bytes(original.read_bytes())
    conn = sqlite3.connect(path, isolation_level=None)
    key, site_seq, data = next(
        (k, n, d) for k, n, d in conn.execute("SELECT key, site_seq, data FROM projection") if k.startswith("2026|")
        and "#" not in k
    )  # fmt: skip
    old = json.loads(data)
    old["__acc__"][2]["v"] = 4
    seq = conn.execute("SELECT seq FROM events WHERE site = ? AND site_seq = ?", (SITE, site_seq)).fetchone()[
        0
    ]
    old["__head__"] = [None, f"1:{seq}:{seq}", {}]
    conn.execute("UPDATE projection SET data = ? WHERE key = ?", (json.dumps(old, ensure_ascii=False), key))
    conn.close()
    ledger = Ledger(path)
    assert _placed(ledger) == str(PEOPLE)
    target = targets.resolve(ledger, SITE, "2026", None, None, None)
    served, _ = stored.current_values(ledger, target, SITE, None)
    assert "__head__" not in served
    deep.verify_deep(ledger)
    with freeze_time("2026-07-02T09:00:00+08:00"):
        _hire(ledger, "new-2", "2026-07-01")
        assert service.refresh(ledger) == 1  # the old accumulator cannot be brought current: folded afresh
    assert _placed(ledger) == str(PEOPLE + 1)
    entry = ledger.store.cache_get(SCHEME, SITE, key)
    assert entry is not None and "__head__" not in json.loads(entry.data)
    deep.verify_deep(ledger)
    ledger.close()


def _stable(ledger: Ledger) -> str:
    """Workers stable as of the end of 2026, as the stored projection serves them."""
    target = targets.resolve(ledger, SITE, "2026", None, None, None)
    values, _ = stored.current_values(ledger, target, SITE, None)
    return str(values["workers_stable"].value)


def test_the_started_and_stable_lists_keep_their_sealed_chunks_in_rows_of_their_own(original: Path) -> None:
    """40 people are more than one chunk of a start list (projections/startlists.py): the entry names the sealed
    ones by digest, each a row of its own, and holds only the open chunk's people."""
    rows = _rows(original)
    year = next(k for k in rows if k.startswith("2026|") and "#" not in k)
    entry = rows[year][1]
    for name in ("st", "sb"):
        chunks = {
            k: text for k, (_, text) in rows.items() if k.startswith(f"{year}#workers_placed.{name}.s.")
        }
        assert chunks
        for key, text in chunks.items():
            assert key.rsplit(".", 1)[1] == parts.digest(text) and parts.digest(text) in entry
            assert text not in entry


@pytest.mark.parametrize("edit", ["changed", "deleted"])
def test_an_edited_or_missing_list_chunk_is_named_by_verify_deep_and_never_served(
    original: Path, tmp_path: Path, edit: str
) -> None:
    path = tmp_path / "l.db"
    path.write_bytes(original.read_bytes())
    conn = sqlite3.connect(path, isolation_level=None)
    key, text = next(
        (k, d) for k, d in conn.execute("SELECT key, data FROM projection")
        if k.startswith("2026|") and "#workers_placed.sb.s." in k
    )  # fmt: skip
    if edit == "changed":  # the first stable person's start moved a day: the same count, other people
        conn.execute("UPDATE projection SET data = ? WHERE key = ?", (text.replace("-10'", "-11'", 1), key))
    else:
        conn.execute("DELETE FROM projection WHERE key = ?", (key,))
    conn.close()
    ledger = Ledger(path)
    with pytest.raises(
        LedgerError, match=r"stable count's list workers_placed\.sb is missing or not the text"
    ):
        deep.verify_deep(ledger)
    # p000 (insured 2026-01-10) leaves insurance before six months: taken out of the stable list, which must be
    # read whole to do it; it cannot be read as written, so the entry is folded afresh from the log (二.2: 39 of
    # the 40 stay six months, as of the year's end).
    assert _stable(ledger) == str(PEOPLE)  # all 40 insured by 2026-06-10: six months by the year's end
    with freeze_time("2026-07-02T09:00:00+08:00"):
        add_event(ledger, "insurance_ended", "2026-07-01", {"person": "p000", "kind": "social"}, site=SITE)
        assert service.refresh(ledger) == 1
    assert _stable(ledger) == str(PEOPLE - 1)
    deep.verify_deep(ledger)  # the refold wrote the list's chunks again
    ledger.close()
