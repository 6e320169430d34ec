"""The shapes of a bundle's files as they are read back (bundle.json, events.jsonl, signoffs.json): each checked
before anything in it is used, so a malformed or forged bundle is one line, not a crash."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from ledger import limits
from ledger.envelope import Event
from ledger.errors import LedgerError
from ledger.messages import msg
from ledger.messages.pydantic import pydantic_message


class _ChainHead(BaseModel):
    site_seq: int = Field(ge=0, le=limits.SEQ_MAX)
    head_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    last_seq: int = Field(default=0, ge=0, le=limits.SEQ_MAX)


class _EvidenceRef(BaseModel):
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    file_name: str = ""
    events: list[int] = []
    included: bool = False
    store: str = ""


class Manifest(BaseModel):
    """bundle.json's shape: checked before anything in it is used (a malformed bundle is one line, not a crash)."""

    model_config = ConfigDict(extra="allow", strict=True)
    format: Literal["opsledger-bundle/2"]
    site: str = Field(min_length=1, max_length=limits.NAME_MAX)
    period: str = Field(min_length=1, max_length=40)
    scheme: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    sites: list[str] = []
    chains: dict[str, _ChainHead]
    files: dict[str, str]
    scorecard_seq: int = Field(ge=0, le=limits.SEQ_MAX)
    evidence: list[_EvidenceRef] = []


class _Record(BaseModel):
    """One line of events.jsonl as `Event.to_record()` writes it, types checked (a forged line is one error)."""

    model_config = ConfigDict(extra="ignore", strict=True)
    seq: int = Field(ge=1, le=limits.SEQ_MAX)
    id: str
    type: str
    version: int = Field(ge=1, le=1000)
    site: str
    occurred_at: str
    recorded_at: str
    actor: str
    payload: dict[str, Any]
    evidence: list[dict[str, str]]
    idempotency_key: str | None
    prev_hash: str
    hash: str
    site_seq: int = Field(ge=1, le=limits.SEQ_MAX)
    covers: str | None = None
    signer: str | None = None
    signature: str | None = None


class _Signoff(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)
    seq: int
    actor: str
    payload: dict[str, Any]
    key: dict[str, Any] | None = None


_SignoffList = TypeAdapter(list[_Signoff])


def _event(record: Any) -> Event:
    r = _Record.model_validate(record)
    return Event(
        seq=r.seq, id=r.id, type=r.type, version=r.version, site=r.site, occurred_at=r.occurred_at,
        recorded_at=r.recorded_at, actor=r.actor, payload=r.payload, evidence=tuple(r.evidence),
        idempotency_key=r.idempotency_key, prev_hash=r.prev_hash, hash=r.hash, site_seq=r.site_seq, covers=r.covers,
        signer=r.signer, signature=r.signature,
    )  # fmt: skip


def _load_events(path: Path) -> list[Event]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise LedgerError(msg("bundle.events_unreadable", error=str(err))) from None
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(_event(limits.loads(line, msg("bundle.events_line", line=number))))
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise LedgerError(
                msg("bundle.not_event", line=number, where=where, error=pydantic_message(first))
            ) from None
    return out
