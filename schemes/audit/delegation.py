"""The keys the buyer delegated to assessors (buyer-signed role grants): the key that verifies an act."""

from __future__ import annotations

from dataclasses import dataclass

from ledger import keys
from ledger.ledger import Ledger


@dataclass(frozen=True)
class KeyRecord:
    actor: str
    site: str
    public_key: str
    seq: int

    @property
    def fingerprint(self) -> str:
        return keys.fingerprint(self.public_key)


def key_registrations(
    ledger: Ledger, site: str, actor: str, before_seq: int | None = None
) -> list[KeyRecord]:
    """The keys the buyer delegated to an actor on a site (buyer-signed assessor grants), in log order; in a
    ledger migrated from schema 1, also the keys assessors registered themselves back then."""
    out = []
    for e in ledger.events(site=site, types=["actor_role_granted", "assessor_key_registered"]):
        if before_seq is not None and e.seq >= before_seq:
            break
        p = e.payload
        if p["actor"] != actor:
            continue
        if e.type == "actor_role_granted" and p.get("role") == "assessor" and p.get("public_key"):
            out.append(KeyRecord(actor, site, p["public_key"], e.seq))
        elif e.type == "assessor_key_registered" and e.actor == actor:
            out.append(KeyRecord(actor, site, p["public_key"], e.seq))
    return out


def signing_key(ledger: Ledger, site: str, actor: str, before_seq: int | None = None) -> KeyRecord | None:
    """The key that verifies an actor's acts on a site at a point of the log: the latest the buyer delegated.

    Delegations are signed by the buyer (ledger/trust.py), so the latest one stands: the buyer may replace an
    assessor's lost key with a new grant. (Schema 1 trusted the first self-registered key instead.)
    """
    found = key_registrations(ledger, site, actor, before_seq)
    return found[-1] if found else None
