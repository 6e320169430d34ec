"""A value's seq list as an entry stores it (projections/seqlists.py, issue 15): cut into chunks where its seqs
say, so that a list built by appending and the same list folded from scratch are the same text, and the chunks
a refresh does not touch are never written again."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projections import seqlists
from projections.parts import digest
from projections.seqlists import SeqText

increasing = st.lists(st.integers(1, 40), min_size=0, max_size=400).map(
    lambda steps: [sum(steps[: i + 1]) for i in range(len(steps))]
)
# A stable count's value lists its people in the order they first started, not by seq: appended to all the same.
any_order = st.lists(st.integers(1, 10**6), max_size=400)


def _stored(text: SeqText) -> tuple[str, dict[str, str]]:
    """What the store keeps of a list: the entry's text, and the chunk rows (digest -> text)."""
    return text.text(), dict(text.new_chunks(frozenset()))


def _read(entry: str, rows: dict[str, str]) -> SeqText:
    return SeqText.parse(entry, lambda owner, token: rows.get(token), "livestreams")


@pytest.fixture(params=[(2, 3), (16, 63), (32, 127)], ids=["tiny", "as-shipped", "large"])
def chunking(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """Chunk sizes from a few seqs to twice the shipped ones: the properties hold for any."""
    least, mask = request.param
    monkeypatch.setattr(seqlists, "CHUNK_MIN", least)
    monkeypatch.setattr(seqlists, "CHUNK_MASK", mask)
    return least, mask


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seqs=st.one_of(increasing, any_order), cut=st.integers(0, 400), data=st.data())
def test_appending_gives_the_text_a_fold_gives(
    chunking: tuple[int, int], seqs: list[int], cut: int, data
) -> None:
    """Built in pieces (each refresh appends what its events add) or at once (a fold): the same text, the same
    chunks, and the list reads back from what the store keeps."""
    cut = min(cut, len(seqs))
    pieces = sorted(set(data.draw(st.lists(st.integers(0, len(seqs)), max_size=6))) | {0, cut, len(seqs)})
    built = SeqText.of(seqs[: pieces[1]] if len(pieces) > 1 else [])
    rows: dict[str, str] = dict(built.new_chunks(frozenset()))
    entry = built.text()
    for a, b in zip(pieces[1:], pieces[2:], strict=False):
        before = _read(entry, rows)
        after = before.extended(seqs[a:b])
        rows.update(after.new_chunks(frozenset(before.sealed)))
        entry = after.text()
    whole = SeqText.of(seqs)
    assert entry == whole.text()
    assert _read(entry, rows).tolist() == seqs
    assert {t: rows[t] for t in whole.sealed} == dict(whole.new_chunks(frozenset()))


def test_a_chunk_holds_at_least_the_least_number_of_seqs_and_ends_where_its_last_seq_says(
    chunking: tuple[int, int],
) -> None:
    least, mask = chunking
    seqs = list(range(1, 5001))
    text = SeqText.of(seqs)
    rows = dict(text.new_chunks(frozenset()))
    assert text.sealed  # 5,000 seqs are never one open chunk at these sizes
    start = 0
    for token in text.sealed:
        n = len(rows[token].split(","))
        assert n >= least
        end = seqs[start + n - 1]
        assert not (end * seqlists._MIX >> 16) & mask  # a boundary seq closes the chunk
        start += n
    assert start + (len(text.body.split(",")) if text.body else 0) == len(seqs)


def test_the_entry_keeps_the_open_chunk_and_the_digests_only() -> None:
    """At the shipped sizes, a list of 5,000 seqs one apart keeps under a tenth of its text in the entry."""
    seqs = list(range(1, 5001))
    whole = ",".join(["1"] * 5000)
    entry = SeqText.of(seqs).text()
    assert len(entry) < len(whole) / 10


def test_a_seq_inserted_in_the_middle_leaves_the_chunks_before_it_alone(chunking: tuple[int, int]) -> None:
    seqs = list(range(10, 40_000, 7))
    middle = len(seqs) // 2
    before = SeqText.of(seqs)
    after = SeqText.of(sorted([*seqs, seqs[middle] + 1]))
    kept = 0
    for a, b in zip(before.sealed, after.sealed, strict=False):
        if a != b:
            break
        kept += 1
    assert kept > 0 and kept < len(before.sealed)
    # The chunks before the insertion are the same rows; what a refresh writes is only what changed.
    assert len(after.new_chunks(frozenset(before.sealed))) < len(after.sealed) - kept + 4


def test_seqs_in_any_order_read_back_as_they_were(chunking: tuple[int, int]) -> None:
    """A stable count lists people in the order they started, not by seq: differences may be negative."""
    seqs = [50, 12, 700, 701, 3, 9999, 4, *range(20_000, 20_400, 3), 15]
    entry, rows = _stored(SeqText.of(seqs))
    assert _read(entry, rows).tolist() == seqs


@pytest.mark.parametrize("damage", ["missing", "edited"])
def test_a_chunk_missing_or_edited_cannot_be_read(damage: str) -> None:
    seqs = [3 * i + (i % 2) for i in range(1, 3001)]  # differences alternate: 2, 4, 2, 4, ...
    entry, rows = _stored(SeqText.of(seqs))
    token = next(iter(rows))
    if damage == "missing":
        del rows[token]
    else:
        # Two differences swapped: the same count and the same last seq, one seq moved. Only the digest tells.
        rows[token] = rows[token].replace("2,4", "4,2", 1)
        assert rows[token] != dict(SeqText.of(seqs).new_chunks(frozenset()))[token]
        assert digest(rows[token]) != token
    with pytest.raises(LookupError):
        _read(entry, rows).tolist()


@pytest.mark.parametrize("text", ["x", "3:abc:1,1,1", "2:5:@nope", "1"])
def test_a_text_that_is_not_a_seq_list_is_refused_as_unreadable(text: str) -> None:
    with pytest.raises(LookupError):
        SeqText.parse(text).tolist()


def test_a_count_that_does_not_match_the_list_is_unreadable() -> None:
    entry = SeqText.of([1, 2, 3]).text()
    with pytest.raises(LookupError):
        SeqText.parse("4" + entry[1:]).tolist()
