"""A long seq list's sealed chunks kept in cache rows of their own (projections/seqlists.py, issue 15), through
the library on a real SQLite ledger.

Shaxian's livestreams (seed 003, 评分表 运营服务/直播情况: 每月开展各类直播活动1场以上，全年总计需达到12场) count
every livestream_run of the year, and the value lists each one's seq. With 600 livestreams that list is cut into
chunks: the entry keeps the open chunk and the digests of the sealed ones, a refresh appends to the open chunk
and writes only the chunks it seals, and a chunk that is missing or edited is never served (the entry is folded
afresh) and is named by `verify --deep`.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import add_event, sx_ledger
from freezegun import freeze_time

from ledger.envelope import Draft
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from projections import parts
from projections.seqlists import SeqText
from schemes import service, stored, targets
from schemes.audit import deep

SITE = "sx"
SCHEME = "shaxian-gig"
HELD = 600


def _day(i: int) -> str:
    return f"2026-{1 + i % 6:02d}-{1 + i % 28:02d}"


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Shaxian site with 600 livestreams in the first half of 2026, its projection stored."""
    path = tmp_path_factory.mktemp("chunks") / "l.db"
    with freeze_time("2026-07-01T09:00:00+08:00"):
        ledger = sx_ledger(path)
        for i in range(HELD):
            add_event(ledger, "livestream_run", _day(i), {"title": f"直播{i}", "viewers": 10})
        service.replay(ledger)
        ledger.close()
    return path


def _copy(original: Path, tmp_path: Path) -> Path:
    path = tmp_path / "l.db"
    path.write_bytes(original.read_bytes())
    return path


def _rows(path: Path) -> dict[str, str]:
    """The scheme's cache rows of the 2026 entry (the entry and its parts): key -> text."""
    return {k: text for k, (_, text) in _stamped(path).items()}


def _stamped(path: Path) -> dict[str, tuple[int, str]]:
    """The same rows with the site_seq each was written at: a row written again carries the newer one."""
    conn = sqlite3.connect(path)
    try:
        return {k: (n, d) for k, n, d in conn.execute(
            "SELECT key, site_seq, data FROM projection WHERE scheme = ?", (SCHEME,)) if k.startswith("2026|")}  # fmt: skip
    finally:
        conn.close()


def _entry(rows: dict[str, str]) -> tuple[str, dict]:
    key = next(k for k in rows if "#" not in k)
    return key, json.loads(rows[key])


def _livestreams(ledger: Ledger) -> tuple[str, int]:
    """The year's livestreams as the stored projection serves them (what `score` reads): value, seqs listed."""
    target = targets.resolve(ledger, SITE, "2026", None, None, None)
    values, _ = stored.current_values(ledger, target, SITE, None)
    return str(values["livestreams"].value), len(values["livestreams"].events)


def test_a_long_list_keeps_its_open_chunk_in_the_entry_and_the_rest_in_rows(original: Path) -> None:
    rows = _rows(original)
    key, entry = _entry(rows)
    text = SeqText.parse(entry["livestreams"][1])
    assert text.n == HELD and text.sealed
    chunks = {k: v for k, v in rows.items() if "#livestreams.s." in k}
    # One row per distinct chunk (a row is named by its text's digest: chunks of equal differences are one row).
    assert set(chunks) == {parts.chunk_key(key, "livestreams", t) for t in text.sealed}
    # The entry holds a fraction of the list: the whole list, as one text, is more than three times its open
    # chunk and digests.
    read = SeqText.parse(
        entry["livestreams"][1], lambda o, t: chunks[parts.chunk_key(key, o, t)], "livestreams"
    )
    whole = SeqText.of(read.tolist())
    assert len(",".join([*(read.chunk(t) for t in text.sealed), text.body])) > 3 * len(text.text())
    assert whole == text
    ledger = Ledger(original)
    assert stored.served(ledger, targets.resolve(ledger, SITE, "2026", None, None, None), SITE)
    assert _livestreams(ledger) == (str(HELD), HELD)  # every livestream of the year counts
    ledger.close()


def test_a_refresh_appends_to_the_open_chunk_and_writes_no_sealed_chunk_again(
    original: Path, tmp_path: Path
) -> None:
    path = _copy(original, tmp_path)
    before = _stamped(path)
    with freeze_time("2026-07-02T09:00:00+08:00"):
        ledger = Ledger(path)
        for i in range(40):
            add_event(ledger, "livestream_run", "2026-07-01", {"title": f"七月{i}", "viewers": 10})
            service.refresh(ledger)
        ledger.close()
    stamped = _stamped(path)
    after = {k: text for k, (_, text) in stamped.items()}
    # Every chunk row that was there is there as it was written, not written again (its site_seq is the old
    # one); the new ones are those the entry names now.
    assert all(stamped[k] == v for k, v in before.items() if "#livestreams.s." in k)
    key, entry = _entry(after)
    text = SeqText.parse(entry["livestreams"][1])
    named = {parts.chunk_key(key, "livestreams", t) for t in text.sealed}
    assert {k for k in after if "#livestreams.s." in k} == named
    ledger = Ledger(path)
    assert _livestreams(ledger) == (str(HELD + 40), HELD + 40)
    # What the refreshes stored is what a fold from zero stores.
    service.replay(ledger)
    ledger.close()
    assert _rows(path)[key] == after[key]


def test_retracting_a_livestream_of_a_sealed_chunk_rewrites_that_chunk(
    original: Path, tmp_path: Path
) -> None:
    path = _copy(original, tmp_path)
    with freeze_time("2026-07-02T09:00:00+08:00"):
        ledger = Ledger(path)
        first = next(e for e in ledger.events(site=SITE, types=["livestream_run"]))
        ledger.append(Draft(type="retraction", site=SITE, occurred_at="2026-07-01", actor="t",
                            payload={"target": first.id, "reason": "重复录入"}))  # fmt: skip
        service.refresh(ledger)
        assert _livestreams(ledger) == (str(HELD - 1), HELD - 1)  # a retracted fact no longer counts
        refreshed = _rows(path)
        service.replay(ledger)
        ledger.close()
    key, _ = _entry(refreshed)
    assert _rows(path)[key] == refreshed[key]


@pytest.mark.parametrize("edit", ["changed", "deleted"])
def test_an_edited_or_missing_chunk_is_named_by_verify_deep_and_never_served(
    original: Path, tmp_path: Path, edit: str
) -> None:
    path = _copy(original, tmp_path)
    key = next(k for k in _rows(path) if "#livestreams.s." in k)
    conn = sqlite3.connect(path, isolation_level=None)
    if edit == "changed":  # the chunk's first livestream dropped: one fewer, if it were believed
        conn.execute("UPDATE projection SET data = substr(data, instr(data, ',') + 1) WHERE key = ?", (key,))
    else:
        conn.execute("DELETE FROM projection WHERE key = ?", (key,))
    conn.close()
    ledger = Ledger(path)
    with pytest.raises(
        LedgerError, match=r"a sealed chunk \([A-Za-z0-9_-]{11}\) of the events list of livestreams"
    ):
        deep.verify_deep(ledger)
    # Served from the log, not from the damaged cache: still every livestream.
    assert not stored.served(ledger, targets.resolve(ledger, SITE, "2026", None, None, None), SITE)
    assert _livestreams(ledger) == (str(HELD), HELD)
    ledger.close()


@pytest.mark.parametrize("garbled", ["not a list", "599:", "600:x:1,1"])
def test_an_entry_whose_events_text_is_not_a_list_is_never_served_and_is_folded_afresh(
    original: Path, tmp_path: Path, garbled: str
) -> None:
    """A value's events text is read only when the value is (refresh leaves the untouched ones as text): one
    that is not a seq list is found when it is read, and the entry is folded afresh, never served as it is."""
    path = _copy(original, tmp_path)
    rows = _rows(path)
    key, entry = _entry(rows)
    entry["livestreams"][1] = garbled
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE projection SET data = ? WHERE key = ?", (json.dumps(entry, ensure_ascii=False), key))
    conn.close()
    ledger = Ledger(path)
    target = targets.resolve(ledger, SITE, "2026", None, None, None)
    with pytest.raises(LedgerError, match="livestreams"):
        deep.verify_deep(ledger)
    assert not stored.served(ledger, target, SITE)
    # A livestream more: the refresh must append to the list it cannot read, so it folds the entry afresh.
    with freeze_time("2026-07-02T09:00:00+08:00"):
        add_event(ledger, "livestream_run", "2026-07-01", {"title": "直播加场", "viewers": 10})
        assert service.refresh(ledger) == 1
    assert stored.served(ledger, target, SITE)
    # 评分表 直播情况: every livestream of the year counts, the new one too.
    assert _livestreams(ledger) == (str(HELD + 1), HELD + 1)
    deep.verify_deep(ledger)
    ledger.close()
