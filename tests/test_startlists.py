"""A stable count's started and stable lists as an entry stores them (projections/startlists.py, issue 15): people
in the order they first started, cut into chunks where their seqs say, so that a list a refresh appends to and
the same list folded from scratch are the same text, and a middle edit writes only the chunks it changes."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projections import startlists
from projections.parts import digest
from projections.startlists import StartList

OWNER = "workers_placed.st"
DAYS = ["2026-01-01", "2026-01-02", "2026-03-05T08:30:00+08:00", "2026-07-01", "2026-12-31"]
# People by first start: [occurred_at, seq], sorted as the stable kind keeps them (by date, then seq).
starts = st.lists(
    st.tuples(st.sampled_from(DAYS), st.integers(1, 10**6)).map(list), max_size=300, unique_by=lambda i: i[1]
).map(sorted)


def _read(entry: str, rows: dict[str, str]) -> StartList:
    return StartList.parse(entry, lambda owner, token: rows.get(token) if owner == OWNER else None, OWNER)


@pytest.fixture(params=[(2, 3), (16, 31)], ids=["tiny", "as-shipped"])
def chunking(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    least, mask = request.param
    monkeypatch.setattr(startlists, "ITEM_CHUNK_MIN", least)
    monkeypatch.setattr(startlists, "ITEM_CHUNK_MASK", mask)
    return least, mask


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=starts, data=st.data())
def test_appending_gives_the_text_a_fold_gives(chunking: tuple[int, int], items: list[list], data) -> None:
    """Built by refreshes that each append the people started after everyone listed, or folded at once: the same
    entry text, the same chunk rows, and the list reads back from what the store keeps."""
    pieces = sorted(set(data.draw(st.lists(st.integers(0, len(items)), max_size=6))) | {0, len(items)})
    built = StartList.of(items[: pieces[1]] if len(pieces) > 1 else [])
    rows = dict(built.new_chunks(OWNER))
    entry = built.text()
    for a, b in zip(pieces[1:], pieces[2:], strict=False):
        before = _read(entry, rows)
        if items[a:b]:
            assert before.last() == (items[a - 1] if a else None)
        after = before.extended(items[a:b])
        rows.update(after.new_chunks(OWNER))
        entry = after.text()
    whole = StartList.of(items)
    assert entry == whole.text()
    assert _read(entry, rows).tolist() == items
    assert {t: rows[t] for t in whole.sealed} == dict(whole.new_chunks(OWNER))


def test_the_last_person_is_read_from_the_last_chunk_when_the_open_one_is_empty(
    chunking: tuple[int, int],
) -> None:
    items = [["2026-02-01", seq] for seq in range(1, 3000)]
    cut = StartList.of(items).sealed
    assert cut
    # The list up to the end of its first chunk: everything sealed, nothing open.
    first = len(json.loads(f"[{StartList.of(items).texts[cut[0]].translate(startlists._SWAP)}]"))
    sealed_only = StartList.of(items[:first])
    assert sealed_only.body == "" and sealed_only.sealed == cut[:1]
    rows = dict(sealed_only.new_chunks(OWNER))
    assert _read(sealed_only.text(), rows).last() == items[first - 1]
    with pytest.raises(LookupError):
        _read(sealed_only.text(), {}).last()  # the chunk is gone: the entry is folded afresh


def test_the_entry_keeps_the_open_chunk_and_the_digests_only() -> None:
    """At the shipped sizes, a year of 2,000 people keeps under a tenth of its list in the entry."""
    items = [[f"2026-{1 + i // 200:02d}-01", 100 * i + 7] for i in range(2000)]
    whole = StartList.of(items)
    assert len(whole.text()) < len(startlists.swapped_json(items)) / 10


def test_a_person_removed_in_the_middle_rewrites_only_the_chunks_near_them(chunking: tuple[int, int]) -> None:
    """A stable person whose insurance ends early leaves the stable list: made again from the edited list, the
    list writes the chunks that changed, not those before the person, which the store holds already."""
    items = [["2026-03-01", 3 * i + 1] for i in range(4000)]
    before = StartList.of(items)
    rows = dict(before.new_chunks(OWNER))
    read = _read(before.text(), rows)
    edited = read.tolist()
    del edited[len(edited) // 2]
    after = StartList.of(edited, read.known, read.owner)
    written = after.new_chunks(OWNER)
    assert 0 < len(written) < 5
    assert all(token not in rows for token, _ in written)
    rows.update(written)
    assert _read(after.text(), rows).tolist() == edited


@pytest.mark.parametrize("damage", ["missing", "edited"])
def test_a_chunk_missing_or_edited_cannot_be_read(damage: str) -> None:
    items = [["2026-03-01", i] for i in range(1, 2000)]
    whole = StartList.of(items)
    rows = dict(whole.new_chunks(OWNER))
    token = whole.sealed[0]
    if damage == "missing":
        del rows[token]
    else:
        rows[token] = rows[token].replace("2026-03-01", "2026-03-02", 1)  # one person's start moved a day
        assert digest(rows[token]) != token
    with pytest.raises(LookupError):
        _read(whole.text(), rows).tolist()


@pytest.mark.parametrize("text", ["", "x", "3", "two:[]", "2:@abc"])
def test_a_text_that_is_not_a_start_list_cannot_be_read(text: str) -> None:
    with pytest.raises(LookupError):
        StartList.parse(text)


def test_a_count_that_does_not_match_the_items_cannot_be_read() -> None:
    entry = StartList.of([["2026-01-01", 5], ["2026-01-02", 9]]).text()
    with pytest.raises(LookupError):
        StartList.parse("3" + entry[1:]).tolist()


def test_nothing_in_a_list_is_escaped_in_the_entry_json() -> None:
    text = StartList.of([["2026-03-05T08:30:00+08:00", 12], ["2026-03-06", 13]]).text()
    assert json.dumps(text, ensure_ascii=False)[1:-1] == text
