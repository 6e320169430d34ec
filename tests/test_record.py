"""ledger/record.py: records that behave as the frozen dataclasses they replace on the write path (issue 15)."""

from __future__ import annotations

import copy
import pickle

import pytest

from ledger.messages import Both, Message
from ledger.record import FrozenInstanceError, Record, factory, fields_of
from ledger.store import Head
from ledger.trust import Authority, SiteTrust


class Point(Record):
    x: int
    y: int = 0
    tags: list[str] = factory(list)


class Labelled(Point):
    label: str = ""


class Tally(Record, frozen=False):
    count: int = 0
    seen: set[str] = factory(set)


def test_fields_are_the_annotations_in_order_with_their_defaults() -> None:
    assert Point._fields == ("x", "y", "tags")
    assert Point(1) == Point(1, 0, []) == Point(x=1, tags=[])
    assert Point.__match_args__ == ("x", "y", "tags")


def test_a_subclass_adds_its_fields_after_its_parents() -> None:
    assert Labelled._fields == ("x", "y", "tags", "label")
    assert repr(Labelled(1, label="a")) == "Labelled(x=1, y=0, tags=[], label='a')"


def test_a_factory_default_is_made_afresh_for_each_record() -> None:
    first, second = Point(1), Point(1)
    first.tags.append("a")
    assert second.tags == [] and Point(1).tags == []


@pytest.mark.parametrize(
    ("args", "kwargs", "said"),
    [
        ((), {}, "missing field 'x'"),
        ((1, 2, [], 4), {}, "takes 3 fields, 4 were given"),
        ((1,), {"x": 2}, "'x' given twice"),
        ((1,), {"z": 2}, "'z' not a field"),
    ],
)
def test_wrong_arguments_are_a_type_error_naming_the_field(args: tuple, kwargs: dict, said: str) -> None:
    with pytest.raises(TypeError, match=said):
        Point(*args, **kwargs)


def test_a_field_without_a_default_may_not_follow_one_with_a_default() -> None:
    with pytest.raises(TypeError, match="'b' has no default"):

        class Bad(Record):
            a: int = 0
            b: int


def test_equal_by_class_and_fields_and_hashed_by_fields() -> None:
    assert Head(3, "ab") == Head(3, "ab") and hash(Head(3, "ab")) == hash(Head(3, "ab"))
    assert Head(3, "ab") != Head(4, "ab")
    assert Point(1) != Labelled(1)  # another class, even with the same leading fields
    assert Both("甲", "a") != ("甲", "a")  # not a tuple
    assert len({Head(3, "ab"), Head(3, "ab"), Head(4, "ab")}) == 2


def test_a_record_refuses_assignment_and_deletion_as_a_frozen_dataclass() -> None:
    head = Head(3, "ab")
    with pytest.raises(FrozenInstanceError):
        head.site_seq = 4  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del head.hash  # type: ignore[misc]
    assert head == Head(3, "ab")


def test_replace_changes_the_named_fields_only() -> None:
    head = Head(3, "ab", "2026-01-01T00:00:00+08:00", 9)
    assert head.replace(site_seq=4) == Head(4, "ab", "2026-01-01T00:00:00+08:00", 9)
    assert head.site_seq == 3
    with pytest.raises(TypeError):  # Head writes its own __init__ (hot): Python's own message
        head.replace(size=1)
    point = Labelled(1, 2, ["t"], "a")
    assert point.replace(label="b") == Labelled(1, 2, ["t"], "b")
    with pytest.raises(TypeError, match="not a field"):
        point.replace(size=1)


@pytest.mark.parametrize(
    "value",
    [Head(3, "ab"), Message("site.unknown", {"site": "x"}), Labelled(1, 2, ["t"], "a"), Tally(2, {"a"})],
    ids=["head", "message", "subclass", "mutable"],
)
def test_a_record_survives_pickling_and_copying(value: Record) -> None:
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        assert pickle.loads(pickle.dumps(value, protocol)) == value
    assert copy.copy(value) == value and copy.deepcopy(value) == value


def test_a_mutable_record_takes_assignment_and_is_not_hashable() -> None:
    tally = Tally()
    tally.count += 1
    tally.seen.add("a")
    assert tally == Tally(1, {"a"})
    with pytest.raises(TypeError, match="unhashable"):
        hash(tally)


def test_a_site_trust_reprs_every_field_so_a_change_shows() -> None:
    # tests/test_verify_scan.py compares reprs to show a scan left the state untouched.
    state = SiteTrust(Authority(root="ab"))
    before = repr(state)
    state.authority.delegated["alice"] = "cd"
    assert repr(state) != before and "delegated={'alice': 'cd'}" in repr(state)


def test_fields_of_gives_the_fields_in_order_one_level_deep() -> None:
    inner = Point(1)
    outer = Labelled(2, 3, [inner], "x")  # type: ignore[list-item]
    assert fields_of(outer) == {"x": 2, "y": 3, "tags": [inner], "label": "x"}
    assert list(fields_of(outer)) == ["x", "y", "tags", "label"]
    assert fields_of(outer)["tags"][0] is inner  # not copied into a dict, as dataclasses.asdict would
