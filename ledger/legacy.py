"""Schema 1 (one global chain, wave one) as it was hashed: read only by `opsledger migrate` to verify an old
ledger before moving it to per-site chains. Nothing writes this format any more."""

from __future__ import annotations

import json

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
