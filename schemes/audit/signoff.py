"""Signing a score off: the statement an assessor signs (the score, the ledger head, the scheme file), its
signature with the delegated key, and the sign-offs of a period."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ledger import keys
from ledger.envelope import Event, now
from ledger.errors import LedgerError
from ledger.importer import make_draft
from ledger.ledger import Ledger
from ledger.messages import msg
from ledger.trust import Keyring
from projections.numbers import fmt
from schemes.audit.delegation import signing_key
from schemes.audit.replay import _same_period, known_site, period_label, score_upto
from schemes.engine import Scorecard
from schemes.model import get_scheme

PURPOSE = "opsledger score sign-off v1"


def signed_fields(site: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Exactly what the signature covers (canonical JSON of this dict): the score, the head and the scheme."""
    return {
        "purpose": PURPOSE,
        "site": site,
        "scheme": payload["scheme"],
        "period": payload["period"],
        "total": str(payload["total"]),
        "grade": payload["grade"],
        "head_hash": payload["head_hash"],
        "head_seq": int(payload["head_seq"]),
        "scheme_hash": payload["scheme_hash"],
        "as_of": payload["as_of"],
    }


def signoff_payload(
    site: str, card: Scorecard, scheme_hash: str, head_seq: int, head_hash: str, as_of: str, signer: Any,
) -> dict[str, Any]:  # fmt: skip
    """The score_signed_off payload, signed over its canonical (validated) form."""
    from ledger.payloads import validate_payload

    unsigned = {
        "scheme": card.scheme, "period": card.period, "total": fmt(card.total), "grade": card.grade or "",
        "head_hash": head_hash, "head_seq": head_seq, "scheme_hash": scheme_hash, "as_of": as_of,
        "signature": "0" * 128,
    }  # fmt: skip
    clean = validate_payload("score_signed_off", unsigned)
    return {**clean, "signature": signer.sign_bytes(keys.signing_bytes(signed_fields(site, clean)))}


def sign_off(
    ledger: Ledger, site: str, period_text: str, actor: str, *, keys: Keyring,
    scheme_id: str | None = None, schemes_dir: Path | None = None,
) -> tuple[Event, Scorecard]:  # fmt: skip
    """Score (site, period) over the ledger as it stands, sign it with the actor's delegated key, append it."""
    known_site(ledger, site)
    ledger.roles().check("score_signed_off", actor, site)
    record = signing_key(ledger, site, actor)
    if record is None:
        raise LedgerError(msg("signoff.no_key", actor=actor, site=site))
    signer = keys.get(record.public_key)
    if signer is None:
        raise LedgerError(
            msg("signoff.key_elsewhere", actor=actor, site=site, fp=record.fingerprint, seq=record.seq)
        )
    # The sign-off signs the site's own chain as it ends now (its last event's global seq, hash and time):
    # what a bundle of this site alone can check.
    site_head = ledger.site_head(site)
    head_seq, head_hash, as_of = site_head.seq, site_head.hash, site_head.recorded_at
    label = period_label(ledger, site, period_text, scheme_id)
    card = score_upto(ledger, site, label, head_seq, scheme_id=scheme_id, schemes_dir=schemes_dir)
    scheme = get_scheme(card.scheme, schemes_dir)
    payload = signoff_payload(site, card, scheme.sha256, head_seq, head_hash, as_of, signer)
    draft = make_draft(
        type="score_signed_off", site=site, occurred_at=now().date().isoformat(), actor=actor, payload=payload
    )
    return ledger.append(draft, keys), card


def signoffs(ledger: Ledger, site: str, period_text: str) -> list[Event]:
    return [
        e
        for e in ledger.events(site=site, types=["score_signed_off"])
        if _same_period(e.payload["period"], period_text)
    ]
