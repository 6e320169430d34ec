"""An event as a database row and back: the column list and conversions both SQL backends share."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ledger.envelope import Event, canonical_json
from ledger.errors import LedgerError
from ledger.messages import msg

COLUMNS = (
    "seq, site, site_seq, id, type, version, occurred_at, occurred_on, covers, recorded_at, actor, "
    "idempotency_key, signer, signature, payload, evidence, prev_hash, hash"
)
OCCURRED_AT, OCCURRED_ON = 6, 7  # positions in COLUMNS: occurred_on is derived, checked when a chain is read


def row_event(row: Sequence[Any]) -> Event:
    try:
        payload = json.loads(row[14])
        evidence = () if row[15] == "[]" else tuple(json.loads(row[15]))
    except (ValueError, TypeError):
        # Not the JSON the appender stored and hashed: edited behind the store's back (said, not a traceback).
        where = msg("chain.where", site=row[1], n=row[2])
        raise LedgerError(msg("chain.hash", seq=row[0], where=where)) from None
    return Event(
        seq=row[0], id=row[3], type=row[4], version=row[5], site=row[1], occurred_at=row[6],
        recorded_at=row[9], actor=row[10], payload=payload, evidence=evidence,
        idempotency_key=row[11], prev_hash=row[16], hash=row[17], site_seq=row[2], covers=row[8],
        signer=row[12], signature=row[13],
    )  # fmt: skip


def event_row(e: Event) -> tuple[Any, ...]:
    """The row of an event, its seq first (None: the store assigns it)."""
    return (
        e.seq or None, e.site, e.site_seq, e.id, e.type, e.version, e.occurred_at, e.occurred_at[:10], e.covers,
        e.recorded_at, e.actor, e.idempotency_key, e.signer, e.signature, e.json_of_payload(),
        canonical_json(list(e.evidence)) if e.evidence else "[]", e.prev_hash, e.hash,
    )  # fmt: skip
