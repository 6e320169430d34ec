"""Events about the ledger itself: migration markers, evidence attached later, corrections and retractions."""

from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from ledger.events.base import PayloadModel
from ledger.events.vocab import Text

Hash64 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class LegacySignoff(BaseModel):
    """A sign-off recorded under schema 1, as the migration found it: its old chain hash, who signed with which
    key, the head it signed and its signature (which still verifies over the carried-over payload)."""

    # Built on first use, like the payload models (ledger/events/base.py): only a migration marker carries it.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    seq: Annotated[int, Field(ge=1)]
    hash: Hash64  # the sign-off event's own hash in the old chain
    actor: Annotated[str, Field(min_length=1, max_length=80)]
    public_key: Hash64 | None = None  # the key the actor had registered on the site before it (None: none)
    head_seq: Annotated[int, Field(ge=0)]
    head_hash: Hash64
    signature: Annotated[str, Field(pattern=r"^[0-9a-f]{128}$")]


class LedgerMigrated(PayloadModel):
    """A site's chain was moved to a new ledger schema: the events before it were recorded under the old rules.

    Written by `opsledger migrate` as the last event of each site's new chain, it ties the new chain to the old one
    (the old chain's head and the hashes old sign-offs signed) so audits of old sign-offs still hold. It is the
    buyer's act: signed by the key it names (`buyer_key`), which becomes the site's root of trust (ledger/trust.py)."""

    type: Literal["ledger_migrated"] = "ledger_migrated"
    label_zh: ClassVar[str] = "账本升级"
    from_schema: Annotated[int, Field(ge=1)]
    to_schema: Annotated[int, Field(ge=2)]
    old_head_seq: Annotated[int, Field(ge=0)]  # the old (global) chain's head, verified before the migration
    old_head_hash: Hash64
    # seq -> schema-1 hash, for every head an old sign-off of this site signed
    signed_heads: dict[str, Hash64] = {}
    # the buyer who signed the migration: the site's root of trust from here on
    buyer_key: Hash64 | None = None
    # This site's events in the old chain: how many, their (global, unchanged) seq range, the last one's old hash.
    old_events: Annotated[int, Field(ge=0)] = 0
    old_first_seq: Annotated[int, Field(ge=0)] = 0
    old_last_seq: Annotated[int, Field(ge=0)] = 0
    old_site_head_hash: Hash64 | None = None
    signoffs: list[LegacySignoff] = []


class EvidenceAttached(PayloadModel):
    """Evidence (佐证材料) attached to an earlier event after the fact."""

    type: Literal["evidence_attached"] = "evidence_attached"
    label_zh: ClassVar[str] = "补充佐证材料"
    target: Annotated[str, Field(min_length=1)]
    file_name: Text
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    # Which of the scheme item's 佐证材料 this file is (e.g. "现场照片"); "" = not said. Lets
    # `opsledger evidence` tell what the document asks for from what is attached.
    requirement: Annotated[str, Field(max_length=200)] = ""


class Correction(PayloadModel):
    """Supersedes fields of an earlier event's payload; the original stays in the log."""

    type: Literal["correction"] = "correction"
    label_zh: ClassVar[str] = "更正"
    target: Annotated[str, Field(min_length=1)]
    changes: dict[str, Any]
    reason: Text


class Retraction(PayloadModel):
    """Voids an earlier event; the original stays in the log."""

    type: Literal["retraction"] = "retraction"
    label_zh: ClassVar[str] = "撤回"
    target: Annotated[str, Field(min_length=1)]
    reason: Text
