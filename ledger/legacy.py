"""Schema 1 (one global chain, wave one) as it was hashed: read only by `opsledger migrate` to verify an old
ledger before moving it to per-site chains. Nothing writes this format any more.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from ledger.envelope import GENESIS, event_hash
from ledger.errors import LedgerError
from ledger.messages import msg

SCHEMA = 1
_HEAD_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def canonical_bytes_v1(
    seq: int, event_id: str, event_type: str, version: int, site: str, occurred_at: str, recorded_at: str,
    actor: str, payload_json: str, evidence_json: str, idempotency_key: str | None, prev_hash: str,
) -> bytes:  # fmt: skip
    """Schema 1's hashed form: a JSON array in fixed field order; payload and evidence already canonical JSON."""
    head = _HEAD_ENCODE(
        [seq, event_id, event_type, version, site, occurred_at, recorded_at, actor, idempotency_key, prev_hash]
    )  # fmt: skip
    return f"{head[:-1]},{payload_json},{evidence_json}]".encode()


class V1Row(NamedTuple):
    """One stored schema-1 event, payload and evidence as their stored (canonical) JSON text."""

    seq: int
    id: str
    type: str
    version: int
    site: str
    occurred_at: str
    recorded_at: str
    actor: str
    payload: str
    evidence: str
    idempotency_key: str | None
    prev_hash: str
    hash: str

    def body(self) -> bytes:
        return canonical_bytes_v1(
            self.seq, self.id, self.type, self.version, self.site, self.occurred_at, self.recorded_at,
            self.actor, self.payload, self.evidence, self.idempotency_key, self.prev_hash,
        )  # fmt: skip


@dataclass(frozen=True)
class V1Status:
    """What the old chain's verification found intact."""

    count: int
    head_seq: int
    head_hash: str


class V1Chain:
    """Verifies schema-1 rows one at a time in seq order, as the wave-one `verify` did (seq without gaps from 1,
    each prev_hash the previous hash, each hash the sha256 of the row's canonical bytes)."""

    def __init__(self) -> None:
        self.count, self.head_seq, self.head_hash = 0, 0, GENESIS

    def feed(self, row: V1Row) -> None:
        if row.seq != self.head_seq + 1:
            raise LedgerError(msg("v1.missing", seq=self.head_seq + 1, next=row.seq))
        if row.prev_hash != self.head_hash:
            raise LedgerError(msg("v1.prev", seq=row.seq, prev=row.seq - 1))
        if event_hash(row.body()) != row.hash:
            raise LedgerError(msg("v1.hash", seq=row.seq))
        self.count, self.head_seq, self.head_hash = self.count + 1, row.seq, row.hash

    def status(self) -> V1Status:
        return V1Status(self.count, self.head_seq, self.head_hash if self.count else "")


def verify_v1(rows: Iterable[V1Row]) -> V1Status:
    """The whole old chain from its first event; LedgerError naming the first bad seq."""
    chain = V1Chain()
    for row in rows:
        chain.feed(row)
    return chain.status()
