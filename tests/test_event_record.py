"""The stored `Event` (ledger/envelope.py) is written by hand so `opsledger log` need not import `dataclasses`
(issue 15); it must behave as the frozen, slotted dataclass it replaced. Each behaviour is checked against that
dataclass, declared here with the same fields, defaults and field options."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any

import pytest

from ledger.envelope import GENESIS, Event
from ledger.record import FrozenInstanceError


@dataclasses.dataclass(frozen=True, slots=True)
class Reference:
    seq: int
    id: str
    type: str
    version: int
    site: str
    occurred_at: str
    recorded_at: str
    actor: str
    payload: Any
    evidence: tuple[dict[str, str], ...] = ()
    idempotency_key: str | None = None
    prev_hash: str = GENESIS
    hash: str = ""
    amended_by: tuple[int, ...] = dataclasses.field(default=(), compare=False)
    site_seq: int = 0
    covers: str | None = None
    signer: str | None = None
    signature: str | None = None
    payload_json: str | None = dataclasses.field(default=None, compare=False, repr=False)


REQUIRED = (7, "e-7", "job_fair_held", 1, "wj", "2026-03-05", "2026-03-05T18:00:00.000000+08:00", "王五")
FULL: dict[str, Any] = {
    "evidence": ({"file_name": "a.jpg", "sha256": "0" * 64},), "idempotency_key": "k-1", "prev_hash": "p" * 64,
    "hash": "h" * 64, "amended_by": (9,), "site_seq": 3, "covers": "2026-03", "signer": "s", "signature": "g",
    "payload_json": '{"companies":36}',
}  # fmt: skip


def both(payload: Any = "companies=36", **options: Any) -> tuple[Event, Reference]:
    return Event(*REQUIRED, payload, **options), Reference(*REQUIRED, payload, **options)


def values(record: Any) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(Reference)}


@pytest.mark.parametrize("options", [{}, FULL], ids=["defaults", "every field"])
def test_an_event_takes_its_fields_and_defaults_as_the_dataclass_did(options: dict[str, Any]) -> None:
    event, reference = both(**options)
    assert values(event) == values(reference)
    assert Event.__match_args__ == Reference.__match_args__


def test_an_event_needs_its_required_fields_and_takes_no_other() -> None:
    with pytest.raises(TypeError):
        Event(*REQUIRED)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Event(*REQUIRED, {}, colour="red")  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("change", "equal"),
    [({"amended_by": (4,)}, True), ({"payload_json": "{}"}, True), ({"hash": "x"}, False),
     ({"payload": "other"}, False), ({"site_seq": 4}, False)],
)  # fmt: skip
def test_equality_and_hash_leave_out_the_view_only_fields_as_the_dataclass_did(
    change: dict[str, Any], equal: bool
) -> None:
    hashable = {**FULL, "evidence": ()}  # a real event's evidence holds dicts: unhashable, as its payload
    event, reference = both(**hashable)
    other_event, other_reference = both(**{**hashable, **change})
    assert (event == other_event) is equal is (reference == other_reference)
    assert hash(event) == hash(reference) and hash(other_event) == hash(other_reference)
    assert event != reference  # another class, even with the same fields


def test_an_event_with_a_dict_payload_is_unhashable_as_the_dataclass_was() -> None:
    event, reference = both({"companies": 36})
    with pytest.raises(TypeError):
        hash(reference)
    with pytest.raises(TypeError):
        hash(event)


def test_the_repr_names_the_same_fields_as_the_dataclass_did() -> None:
    event, reference = both(**FULL)
    assert repr(event) == repr(reference).replace("Reference(", "Event(", 1)


def test_an_event_refuses_assignment_and_deletion() -> None:
    event, _ = both()
    with pytest.raises(FrozenInstanceError):
        event.hash = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):  # what dataclasses' own FrozenInstanceError is too
        del event.site  # type: ignore[misc]
    with pytest.raises(AttributeError):
        event.colour = "red"  # type: ignore[attr-defined]
    assert event.hash == ""


def test_an_event_pickles_and_copies_with_every_field() -> None:
    event, _ = both({"companies": 36}, **FULL)
    for copied in (
        pickle.loads(pickle.dumps(event, pickle.HIGHEST_PROTOCOL)),
        copy.copy(event),
        copy.deepcopy(event),
    ):
        assert type(copied) is Event and values(copied) == values(event)


def test_replace_is_dataclasses_replace() -> None:
    event, reference = both(**FULL)
    changes = {"seq": 8, "payload": {"x": 1}, "payload_json": None}
    assert values(event.replace(**changes)) == values(dataclasses.replace(reference, **changes))
    assert values(event) == values(reference)  # the original unchanged
    with pytest.raises(TypeError):
        event.replace(colour="red")


def test_a_new_event_id_is_a_random_version_4_uuid_as_uuid4_hex_writes_it() -> None:
    import uuid

    from ledger.appender import new_event_id

    ids = [new_event_id() for _ in range(2000)]
    assert len(set(ids)) == len(ids)
    for made in ids:
        parsed = uuid.UUID(hex=made)
        assert parsed.hex == made and parsed.version == 4 and parsed.variant == uuid.RFC_4122
    # every one of the 122 random bits varies (a mask written wrong would pin some)
    ones = [sum(int(made, 16) >> bit & 1 for made in ids) for bit in range(128)]
    fixed = {bit for bit, n in enumerate(ones) if n in (0, len(ids))}
    assert fixed == {76, 77, 78, 79, 62, 63}


def test_the_first_hashes_and_the_bulk_ones_are_hashlibs_sha256(monkeypatch: pytest.MonkeyPatch) -> None:
    """ledger/digests.py: Python's own SHA-256 for a process's first hashes (no OpenSSL to load for one `log`),
    hashlib's from then on; the digests are SHA-256's either way."""
    import hashlib
    import random

    from ledger import digests

    monkeypatch.setattr(digests, "_taken", 0)
    monkeypatch.setattr(digests, "_bulk", None)
    rng = random.Random(15)
    inputs = [b"", b"abc", *(rng.randbytes(rng.randrange(1, 5000)) for _ in range(2 * digests.SMALL_HASHES))]
    kinds = set()
    for data in inputs:
        made = digests.sha256(data)
        kinds.add(type(made))
        assert made.hexdigest() == hashlib.sha256(data).hexdigest()
    streamed = digests.sha256()
    streamed.update(b"a")
    streamed.update(b"bc")
    assert streamed.digest() == hashlib.sha256(b"abc").digest()
    assert type(made) is type(hashlib.sha256())  # bulk: OpenSSL's
    assert len(kinds) == 2  # and the first ones were not
