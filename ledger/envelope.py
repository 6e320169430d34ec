"""The one event envelope, its canonical serialisation and the hash chain over it."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from ledger import limits
from ledger.digests import sha256
from ledger.errors import LedgerError
from ledger.messages import msg
from ledger.record import FrozenInstanceError, Record

# China has kept one offset all year since 1991, so a fixed +08:00 is exact and needs no tz database.
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")
GENESIS = "0" * 64  # prev_hash of a site's first event (chains are per site: unique per (site, prev_hash))
# Envelope format: part of the hashed bytes, so a v1 event can never be read as a v2 one.
FORMAT = "opsledger/2"
SIGNING_PURPOSE = "opsledger-act/1"
# A calendar period label: a year, half, quarter or month ('2026', '2026-H1', '2026-Q3', '2026-03').
COVERS_PATTERN = r"^\d{4}(-H[12]|-Q[1-4]|-(0[1-9]|1[0-2]))?$"


def now() -> datetime:
    """The wall clock in Asia/Shanghai (through datetime.now, so freezegun controls it in tests)."""
    return datetime.now(SHANGHAI)


def format_instant(moment: datetime) -> str:
    """Fixed-width ISO form so instants compare correctly as text in SQL."""
    return moment.astimezone(SHANGHAI).isoformat(timespec="microseconds")


def parse_instant(text: str) -> datetime:
    """A date or datetime typed by a user; naive values are Asia/Shanghai, a bare date means its end."""
    try:
        if len(text) == 10:
            day = limits.check_date(date.fromisoformat(text))
            return datetime.combine(day, datetime.max.time(), SHANGHAI)
        moment = datetime.fromisoformat(text)
    except (ValueError, TypeError):
        raise LedgerError(msg("date.bad_instant", text=limits.quote(text))) from None
    except LedgerError as err:
        raise LedgerError(msg("date.bad_instant_why", text=limits.quote(text), error=err)) from None
    try:
        limits.check_moment(moment)
        moment = moment if moment.tzinfo else moment.replace(tzinfo=SHANGHAI)
        limits.check_date(moment.astimezone(SHANGHAI).date())
    except LedgerError as err:
        raise LedgerError(msg("date.bad_instant_why", text=limits.quote(text), error=err)) from None
    return moment


def normalise_occurred(value: str | date | datetime) -> str:
    """`occurred_at` is a date ('2026-03-05') or a datetime with its +08:00 offset."""
    if isinstance(value, datetime):
        return _local(value, value.isoformat())
    if isinstance(value, date):
        return _in_range(value, value.isoformat()).isoformat()
    if not isinstance(value, str):
        raise LedgerError(msg("date.bad_occurred", value=limits.quote(value)))
    return _normalise_text(value)


@lru_cache(maxsize=4096)  # an import repeats the same few hundred dates; errors are not cached (they raise)
def _normalise_text(value: str) -> str:
    text = value.strip()
    try:
        if len(text) == 10:
            return _in_range(date.fromisoformat(text), value).isoformat()
        moment = datetime.fromisoformat(text)
    except (ValueError, TypeError):
        raise LedgerError(msg("date.bad_occurred", value=limits.quote(value))) from None
    return _local(moment, value)


def _in_range(day: date, given: str) -> date:
    try:
        return limits.check_date(day)
    except LedgerError as err:
        raise LedgerError(msg("date.bad_why", value=limits.quote(given), error=err)) from None


def _local(moment: datetime, given: str) -> str:
    """A datetime as Asia/Shanghai text; its own date is range-checked before the zone shift can overflow,
    the local date after it."""
    try:
        limits.check_moment(moment)
    except LedgerError as err:
        raise LedgerError(msg("date.bad_why", value=limits.quote(given), error=err)) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SHANGHAI)
    local = moment.astimezone(SHANGHAI)
    _in_range(local.date(), given)
    return local.isoformat(timespec="seconds")


# Drafts and their evidence references are records (ledger/record.py: no code generated as every `opsledger log`
# loads this module), each with its own __init__ that checks what it is given. They are transient and cross the
# import's pipe in bulk: without __slots__ a record pickles through its __dict__ (C code), about twice as fast as
# a generated __setstate__.
class EvidenceRef(Record):
    """A reference to a supporting file (佐证材料) by name and content hash."""

    file_name: str
    sha256: str

    def __init__(self, file_name: str, sha256: str) -> None:
        if not _evidence_ok(file_name, sha256):
            from ledger.draft_model import EvidenceRefModel

            # The reference model raises, naming what is wrong, or takes a form the quick check left to it.
            ref = EvidenceRefModel(file_name=file_name, sha256=sha256)
            file_name, sha256 = ref.file_name, ref.sha256
        self.__dict__.update(file_name=file_name, sha256=sha256)

    def as_dict(self) -> dict[str, str]:
        return {"file_name": self.file_name, "sha256": self.sha256}


class Draft(Record):
    """What a writer supplies; the store adds seq, recorded_at, prev_hash and hash.

    A record (ledger/record.py), checked on construction: the clean forms writers send are checked here without pydantic
    (so `opsledger log` never imports it); anything else goes to the reference model (ledger/draft_model.py),
    which normalises it as the envelope always has or raises the ValidationError faces word as one line."""

    type: str
    site: str
    occurred_at: str
    actor: str
    payload: dict[str, Any]
    evidence: tuple[EvidenceRef, ...] = ()
    idempotency_key: str | None = None
    id: str | None = None
    # The period the event reports on when it differs from the day it happened (a March report handed in on
    # 3 April covers '2026-03'); None: the period of occurred_at.
    covers: str | None = None
    # An act signed before it reaches the appender (an imported export, an upload): the signer's public key and
    # the Ed25519 signature over `signing_bytes`. Otherwise the appender signs with the writer's key if needed.
    signer: str | None = None
    signature: str | None = None

    def __init__(
        self, type: str, site: str, occurred_at: str, actor: str, payload: dict[str, Any],
        evidence: tuple[EvidenceRef, ...] = (), idempotency_key: str | None = None, id: str | None = None,
        covers: str | None = None, signer: str | None = None, signature: str | None = None,
    ) -> None:  # fmt: skip
        values = self.__dict__
        values.update(
            type=type, site=site, occurred_at=occurred_at, actor=actor, payload=payload, evidence=evidence,
            idempotency_key=idempotency_key, id=id, covers=covers, signer=signer, signature=signature,
        )  # fmt: skip
        clean = _quick_draft(self)
        if clean is None:
            from ledger.draft_model import checked

            checked_values = checked(dict(values))
            refs = tuple(EvidenceRef(**ref) for ref in checked_values.pop("evidence"))
            values.update(checked_values, evidence=refs)
            return
        values["occurred_at"], values["evidence"], values["payload"] = clean

    @classmethod
    def of(cls, **fields: Any) -> Draft:
        """A Draft from keyword fields that may be missing or unknown: those go to the reference model, whose
        ValidationError names them (the dataclass would raise a bare TypeError)."""
        if not fields.keys() <= DRAFT_FIELDS or not fields.keys() >= _DRAFT_REQUIRED:
            from ledger.draft_model import checked

            checked(fields)  # raises: a field missing or unknown
        return cls(**fields)


DRAFT_FIELDS = frozenset(Draft._fields)
_DRAFT_REQUIRED = DRAFT_FIELDS - Draft._field_defaults.keys()
_SITE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX128 = re.compile(r"[0-9a-f]{128}")
_COVERS = re.compile(COVERS_PATTERN[1:-1])


def _evidence_ok(file_name: Any, sha256: Any) -> bool:
    return (
        type(file_name) is str and 1 <= len(file_name) <= 255 and type(sha256) is str
        and _HEX64.fullmatch(sha256) is not None
    )  # fmt: skip


def _name_ok(value: Any, most: int) -> bool:
    if type(value) is not str or not 1 <= len(value) <= most:
        return False
    try:
        limits.check_name(value)
    except LedgerError:
        return False
    return True


def _quick_draft(draft: Draft) -> tuple[str, tuple[EvidenceRef, ...], dict[str, Any]] | None:
    """(occurred_at normalised, evidence as EvidenceRefs, the payload copied as the model copies it) when every
    field is in a clean form the reference model would accept unchanged; None to let the reference model decide
    (and word any error). Python's fullmatch on the unanchored patterns is the Rust regex's ^...$: neither lets a
    trailing newline through. tests/test_drafts.py checks the two agree wherever this answers."""
    if not (
        type(draft.type) is str and type(draft.site) is str and 1 <= len(draft.site) <= 80
        and _SITE.fullmatch(draft.site) is not None and _name_ok(draft.actor, 80) and type(draft.payload) is dict
        and (draft.idempotency_key is None or _name_ok(draft.idempotency_key, 200))
        and (draft.id is None or _name_ok(draft.id, 80))
        and (draft.covers is None or type(draft.covers) is str and _COVERS.fullmatch(draft.covers) is not None)
        and (draft.signer is None or type(draft.signer) is str and _HEX64.fullmatch(draft.signer) is not None)
        and (draft.signature is None or type(draft.signature) is str
             and _HEX128.fullmatch(draft.signature) is not None)
        and type(draft.evidence) in (tuple, list) and all(type(key) is str for key in draft.payload)
    ):  # fmt: skip
        return None
    refs: list[EvidenceRef] = []
    for ref in draft.evidence:
        if type(ref) is EvidenceRef:
            refs.append(ref)
        elif type(ref) is dict and ref.keys() == {"file_name", "sha256"} and _evidence_ok(**ref):
            refs.append(EvidenceRef(**ref))
        else:
            return None
    try:  # what the reference model's own validator does with any value (a date, a datetime, a text)
        occurred = normalise_occurred(draft.occurred_at)
    except LedgerError:
        return None
    return occurred, tuple(refs), dict(draft.payload)


_FIELDS = ("seq", "id", "type", "version", "site", "occurred_at", "recorded_at", "actor", "payload", "evidence",
           "idempotency_key", "prev_hash", "hash", "amended_by", "site_seq", "covers", "signer", "signature",
           "payload_json")  # fmt: skip
# Compared, hashed and shown: every field but the view-only `amended_by` and the cached `payload_json`.
_COMPARED = tuple(name for name in _FIELDS if name not in ("amended_by", "payload_json"))
_set = object.__setattr__


def _frozen(name: str) -> FrozenInstanceError:
    return FrozenInstanceError(f"cannot assign to field {name!r}")


class Event:
    """A stored event: the envelope every layer reads. `payload` is the validated JSON form.

    Written out by hand rather than as a dataclass: it is the one class every command defines, and `dataclasses`
    brings `inspect` (with `ast`, `dis`, `tokenize`) with it, a tenth of an `opsledger log` (issue 15). It
    behaves as the frozen, slotted dataclass it was: fields by position or keyword with the same defaults,
    equality and hash over every field but `amended_by` and `payload_json`, a repr naming the fields, assignment
    refused, pickled by its fields; `replace(**changes)` is `dataclasses.replace`. Its `__init__` is the one
    dataclasses generated, so reading a ledger builds events as fast as before. tests/test_event_record.py pins
    all of it against a dataclass of the same fields."""

    __slots__ = _FIELDS
    __match_args__ = _FIELDS

    seq: int
    id: str
    type: str
    version: int
    site: str
    occurred_at: str
    recorded_at: str
    actor: str
    payload: dict[str, Any]
    evidence: tuple[dict[str, str], ...]
    idempotency_key: str | None
    prev_hash: str
    hash: str
    amended_by: tuple[int, ...]  # seqs of corrections applied (view only)
    site_seq: int  # position in the site's own chain (1 = its site_registered event)
    covers: str | None
    signer: str | None
    signature: str | None
    # canonical_json(payload) when the writer has it already (the appender hashes it, then the store keeps the
    # same text): computed once per event instead of twice. None elsewhere; `with_payload` drops it.
    payload_json: str | None

    def __init__(
        self, seq: int, id: str, type: str, version: int, site: str, occurred_at: str, recorded_at: str,
        actor: str, payload: dict[str, Any], evidence: tuple[dict[str, str], ...] = (),
        idempotency_key: str | None = None, prev_hash: str = GENESIS, hash: str = "",
        amended_by: tuple[int, ...] = (), site_seq: int = 0, covers: str | None = None, signer: str | None = None,
        signature: str | None = None, payload_json: str | None = None,
    ) -> None:  # fmt: skip
        _set(self, "seq", seq)
        _set(self, "id", id)
        _set(self, "type", type)
        _set(self, "version", version)
        _set(self, "site", site)
        _set(self, "occurred_at", occurred_at)
        _set(self, "recorded_at", recorded_at)
        _set(self, "actor", actor)
        _set(self, "payload", payload)
        _set(self, "evidence", evidence)
        _set(self, "idempotency_key", idempotency_key)
        _set(self, "prev_hash", prev_hash)
        _set(self, "hash", hash)
        _set(self, "amended_by", amended_by)
        _set(self, "site_seq", site_seq)
        _set(self, "covers", covers)
        _set(self, "signer", signer)
        _set(self, "signature", signature)
        _set(self, "payload_json", payload_json)

    def _compared(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in _COMPARED)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._compared() == other._compared()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._compared())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _FIELDS if name != "payload_json")
        return f"{self.__class__.__qualname__}({shown})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise _frozen(name)

    def __delattr__(self, name: str) -> None:
        raise _frozen(name)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return self.__class__, tuple(getattr(self, name) for name in _FIELDS)

    def replace(self, **changes: Any) -> Event:
        """A copy with the named fields changed (`dataclasses.replace`)."""
        for name in changes:
            if name not in _FIELDS:
                raise TypeError(f"Event has no field {name!r}")
        return self.__class__(**{name: changes.get(name, getattr(self, name)) for name in _FIELDS})

    @property
    def occurred_on(self) -> str:
        """The local calendar date the event happened on (YYYY-MM-DD)."""
        return self.occurred_at[:10]

    def with_payload(self, payload: dict[str, Any], occurred_at: str, amended_by: tuple[int, ...]) -> Event:
        return self.replace(
            payload=payload, occurred_at=occurred_at, amended_by=amended_by, payload_json=None
        )

    def to_record(self) -> dict[str, Any]:
        """The exported form: envelope and payload, one JSON object (what `events --format jsonl` writes)."""
        return {
            "seq": self.seq, "id": self.id, "type": self.type, "version": self.version, "site": self.site,
            "occurred_at": self.occurred_at, "recorded_at": self.recorded_at, "actor": self.actor,
            "payload": self.payload, "evidence": list(self.evidence), "idempotency_key": self.idempotency_key,
            "site_seq": self.site_seq, "covers": self.covers, "signer": self.signer, "signature": self.signature,
            "prev_hash": self.prev_hash, "hash": self.hash,
        }  # fmt: skip

    def body(self) -> bytes:
        """The hashed bytes of this event (see `canonical_bytes`)."""
        return canonical_bytes(
            self.site, self.site_seq, self.id, self.type, self.version, self.occurred_at, self.covers,
            self.recorded_at, self.actor, self.idempotency_key, self.signer, self.signature, self.prev_hash,
            self.json_of_payload(), canonical_json(list(self.evidence)),
        )  # fmt: skip

    def json_of_payload(self) -> str:
        """The payload's canonical JSON (the stored and hashed text)."""
        return canonical_json(self.payload) if self.payload_json is None else self.payload_json

    def signed_bytes(self) -> bytes:
        """What the signer of this act signed (see `signing_bytes`)."""
        return signing_bytes(
            self.site, self.id, self.type, self.version, self.occurred_at, self.covers, self.actor,
            self.idempotency_key, self.signer or "", canonical_json(self.payload), canonical_json(list(self.evidence)),
        )  # fmt: skip


def canonical_bytes(
    site: str, site_seq: int, event_id: str, event_type: str, version: int, occurred_at: str, covers: str | None,
    recorded_at: str, actor: str, idempotency_key: str | None, signer: str | None, signature: str | None,
    prev_hash: str, payload_json: str, evidence_json: str,
) -> bytes:  # fmt: skip
    """The hashed form: a JSON array in fixed field order, payload and evidence already canonical JSON.

    The global `seq` is not in it: it only orders sites' chains against each other (a store assigns it at
    insert), so a writer can compute the whole row, hash included, before it reaches the store.
    """
    head = _HEAD_ENCODE(
        [FORMAT, site, site_seq, event_id, event_type, version, occurred_at, covers, recorded_at, actor,
         idempotency_key, signer, signature, prev_hash]
    )  # fmt: skip
    return f"{head[:-1]},{payload_json},{evidence_json}]".encode()


def signing_bytes(
    site: str, event_id: str, event_type: str, version: int, occurred_at: str, covers: str | None, actor: str,
    idempotency_key: str | None, signer: str, payload_json: str, evidence_json: str,
) -> bytes:  # fmt: skip
    """What an act's signer signs: its content, without where the store puts it (seq, prev_hash, recorded_at),
    which the signer cannot know when concurrent writers append to the same site."""
    head = _HEAD_ENCODE(
        [SIGNING_PURPOSE, site, event_id, event_type, version, occurred_at, covers, actor, idempotency_key, signer]
    )  # fmt: skip
    return f"{head[:-1]},{payload_json},{evidence_json}]".encode()


# Built once: json.dumps with options builds a new encoder on every call (hot in import and verify).
_HEAD_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_CANONICAL_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
# What that encoder does to one string (ensure_ascii=False): the C function when there is one.
_STRING = json.encoder.c_encode_basestring or json.encoder.py_encode_basestring
_FORMAT_JSON = _STRING(FORMAT)


def stored_text(
    site: str, site_seq: int, event_id: str, event_type: str, version: int, occurred_at: str, covers: str | None,
    recorded_at: str, actor: str, idempotency_key: str | None, signer: str | None, signature: str | None,
    prev_hash: str, payload_json: str, evidence_json: str,
) -> str:  # fmt: skip
    """`canonical_bytes` of a stored row, as text, built field by field: the same characters for the types a store
    keeps (text, integer, NULL), about four times faster than the encoder over a list (verify builds one for every
    stored event). Any other type (a column edited to a number or a blob behind the store's back) is a TypeError,
    never a different text that might match: the caller then takes `canonical_bytes`, the reference."""
    if not (
        site_seq.__class__ is version.__class__ is int
        and payload_json.__class__ is evidence_json.__class__ is str
    ):
        raise TypeError("not a stored row's types")
    q = _STRING
    return (
        f"[{_FORMAT_JSON},{q(site)},{site_seq},{q(event_id)},{q(event_type)},{version},{q(occurred_at)},"
        f"{'null' if covers is None else q(covers)},{q(recorded_at)},{q(actor)},"
        f"{'null' if idempotency_key is None else q(idempotency_key)},{'null' if signer is None else q(signer)},"
        f"{'null' if signature is None else q(signature)},{q(prev_hash)},{payload_json},{evidence_json}]"
    )


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8 kept: the one serialisation used for storage and hashing."""
    return _CANONICAL_ENCODE(value)


def event_hash(canonical: bytes) -> str:
    """sha256 of the canonical event, which already contains the previous event's hash."""
    return sha256(canonical).hexdigest()
