"""The envelope's reference validator: the pydantic model a Draft is checked against when the quick check in
ledger/envelope.py cannot vouch for it.

`Draft` itself is a plain frozen record (ledger/record.py), so the write path (`opsledger log`) never imports pydantic (issue 15:
start-up). Its quick check accepts only the clean forms writers send; anything else (a wrong type, a bad site id,
an unknown key, a lax form such as a date object) is handed to this model, which either normalises it exactly as
the envelope always has or raises the `ValidationError` every face already turns into a one-line message
(ledger/importer.py `describe_draft_error`). tests/test_drafts.py checks that the two agree.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ledger import limits
from ledger.envelope import COVERS_PATTERN, EvidenceRef, normalise_occurred
from ledger.errors import LedgerError


class EvidenceRefModel(BaseModel):
    """A reference to a supporting file (佐证材料) by name and content hash."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    file_name: str = Field(min_length=1, max_length=255)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class DraftModel(BaseModel):
    """What a writer supplies; the store adds seq, recorded_at, prev_hash and hash."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    type: str
    site: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    occurred_at: str
    actor: str = Field(min_length=1, max_length=80)
    payload: dict[str, Any]
    evidence: tuple[EvidenceRefModel, ...] = ()
    idempotency_key: str | None = Field(default=None, min_length=1, max_length=200)
    id: str | None = Field(default=None, min_length=1, max_length=80)
    covers: str | None = Field(default=None, pattern=COVERS_PATTERN)
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


def checked(fields: dict[str, Any]) -> dict[str, Any]:
    """A draft's fields as the reference model validates them (evidence as plain dicts), or its ValidationError."""
    evidence = fields.get("evidence")
    if isinstance(
        evidence, (list, tuple)
    ):  # the plain dataclass refs (ledger/envelope.py) as the model takes them
        fields = {**fields, "evidence": [e.as_dict() if isinstance(e, EvidenceRef) else e for e in evidence]}
    model = DraftModel(**fields)
    values = {name: getattr(model, name) for name in DraftModel.model_fields}
    values["evidence"] = tuple(ref.model_dump() for ref in model.evidence)
    return values
