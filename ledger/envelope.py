"""The one event envelope, its canonical serialisation and the hash chain over it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ledger import limits
from ledger.aliases import field_name, resolve_payload, type_name
from ledger.errors import LedgerError
from ledger.events import CATALOG, payload_adapter
from ledger.labels import choices
from ledger.messages import Message, msg
from ledger.messages.pydantic import pydantic_message

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


class EvidenceRef(BaseModel):
    """A reference to a supporting file (佐证材料) by name and content hash."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    file_name: str = Field(min_length=1, max_length=255)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class Draft(BaseModel):
    """What a writer supplies; the store adds seq, recorded_at, prev_hash and hash."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    type: str
    site: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    occurred_at: str
    actor: str = Field(min_length=1, max_length=80)
    payload: dict[str, Any]
    evidence: tuple[EvidenceRef, ...] = ()
    idempotency_key: str | None = Field(default=None, min_length=1, max_length=200)
    id: str | None = Field(default=None, min_length=1, max_length=80)
    # The period the event reports on when it differs from the day it happened (a March report handed in on
    # 3 April covers '2026-03'); None: the period of occurred_at.
    covers: str | None = Field(default=None, pattern=COVERS_PATTERN)
    # An act signed before it reaches the appender (an imported export, an upload): the signer's public key and
    # the Ed25519 signature over `signing_bytes`. Otherwise the appender signs with the writer's key if needed.
    signer: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    signature: str | None = Field(default=None, pattern=r"^[0-9a-f]{128}$")

    @field_validator("occurred_at", mode="before")
    @classmethod
    def _occurred(cls, value: Any) -> str:
        try:
            return normalise_occurred(value)
        except LedgerError as err:
            raise ValueError(str(err)) from None

    @field_validator("actor", "id", "idempotency_key")
    @classmethod
    def _name(cls, value: str | None) -> str | None:
        """Names are shown on terminals and pages: no control characters (ledger/limits.py)."""
        if value is not None:
            try:
                limits.check_name(value)
            except LedgerError as err:
                raise ValueError(str(err)) from None
        return value


def validate_payload(event_type: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Validate a payload against its type's model; return its canonical JSON-ready form (without `type`).
    Fields and closed values may be named by their Chinese labels (ledger/aliases.py); ids are stored."""
    model_class = CATALOG.get(event_type)
    if model_class is None:
        raise LedgerError(msg("type.unknown", name=limits.quote(event_type), hint=msg("type.list_hint")))
    payload = resolve_payload(event_type, payload)
    try:  # the bounds first (ledger/limits.py): depth, text, numbers, dates, as given ...
        limits.check_value(payload)
    except LedgerError as err:
        raise LedgerError(msg("at.type", type=type_name(event_type), error=err)) from None
    if "type" not in payload:  # fast path: the type's own model (what the union picks), about 3x cheaper
        try:
            model = model_class.__pydantic_validator__.validate_python(payload)
        except ValidationError:
            model = None  # the union below reports it, with the same message as ever
        if model is not None:
            _bounded(event_type, model)
            data = model_class.__pydantic_serializer__.to_python(model, mode="json")
            del data["type"]
            return data
    try:
        model = payload_adapter().validate_python({**payload, "type": event_type})
    except ValidationError as err:
        raise LedgerError(
            msg("at.type", type=type_name(event_type), error=describe_validation(err, event_type))
        ) from None
    _bounded(event_type, model)
    data = model.model_dump(mode="json")
    del data["type"]
    return data


def _bounded(event_type: str, model: Any) -> None:
    """... and again as validated (a '1e999999999' text is a Decimal now; a date is a date)."""
    try:
        limits.check_model(model)
    except LedgerError as err:
        raise LedgerError(msg("at.type", type=type_name(event_type), error=err)) from None


def describe_validation(err: ValidationError, event_type: str = "") -> Message:
    """First pydantic error as 'field: what was wrong' on one line (the field by its Chinese label too). A field
    the type does not have is named before the fields missing: it is most likely one of them, misspelt."""
    errors = err.errors()
    first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = ".".join(str(p) for p in first["loc"] if p != first.get("input", object()))
    loc = loc.split(".", 1)[1] if loc.count(".") and loc.split(".", 1)[0] in CATALOG else loc
    if first["type"] == "extra_forbidden":
        what = msg("field.unknown", fields=_fields_of(event_type))
    elif first["type"] == "missing":
        what = msg("field.missing")
    else:
        what = pydantic_message(first, _choices_at(event_type, first["loc"]))
    if not loc:
        return what
    return msg("at.field", field=field_name(event_type, loc) if "." not in loc else loc, error=what)


def _fields_of(event_type: str) -> Any:
    """An event type's fields by id and Chinese label, for the Chinese refusal of an unknown one."""
    from ledger.labels import field_label
    from ledger.messages import listing

    model = CATALOG.get(event_type)
    names = [f for f in (model.model_fields if model else ()) if f != "type"]
    return listing(f"{f}（{field_label(event_type, f)[0]}）" for f in names)


def _choices_at(event_type: str, loc: tuple[Any, ...]) -> list[tuple[str, str, str]] | None:
    """The closed values of the field an error is about (the union reports it as (type, field))."""
    model = CATALOG.get(event_type)
    field = str(loc[-1]) if loc else ""
    if model is None or field not in model.model_fields or field == "type":
        return None
    return choices(event_type, field)


@dataclass(frozen=True, slots=True)
class Event:
    """A stored event: the envelope every layer reads. `payload` is the validated JSON form."""

    seq: int
    id: str
    type: str
    version: int
    site: str
    occurred_at: str
    recorded_at: str
    actor: str
    payload: dict[str, Any]
    evidence: tuple[dict[str, str], ...] = ()
    idempotency_key: str | None = None
    prev_hash: str = GENESIS
    hash: str = ""
    amended_by: tuple[int, ...] = field(default=(), compare=False)  # seqs of corrections applied (view only)
    site_seq: int = 0  # position in the site's own chain (1 = its site_registered event)
    covers: str | None = None
    signer: str | None = None
    signature: str | None = None
    # canonical_json(payload) when the writer has it already (the appender hashes it, then the store keeps the
    # same text): computed once per event instead of twice. None elsewhere; `with_payload` drops it.
    payload_json: str | None = field(default=None, compare=False, repr=False)

    @property
    def occurred_on(self) -> str:
        """The local calendar date the event happened on (YYYY-MM-DD)."""
        return self.occurred_at[:10]

    def with_payload(self, payload: dict[str, Any], occurred_at: str, amended_by: tuple[int, ...]) -> Event:
        return replace(
            self, payload=payload, occurred_at=occurred_at, amended_by=amended_by, payload_json=None
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
    return hashlib.sha256(canonical).hexdigest()
