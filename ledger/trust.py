"""Who may sign what: the buyer's key is the root of trust of a site, assessors act with keys it delegated.

The rules, checked the same way when an event is appended (whatever path wrote it) and when a chain is verified:

* A site's first `contract_signed` names the buyer's public key (`buyer_key`) and is signed by it: that key is the
  site's root. The only thing an auditor must know out of band is its fingerprint (`--trust-key`).
* Every later contract, and every correction or retraction of one, is signed by the current root; a contract
  naming a new `buyer_key` (signed by the old one) hands the root over.
* An assessor is delegated by a buyer-signed `actor_role_granted` carrying the assessor's public key; any role
  grant on a site with a root is buyer-signed (else an operator could demote the assessor or promote itself).
* Every assessor act (judgement, finding, close, acceptance, sign-off), and every correction or retraction of one,
  is signed by the key the buyer delegated to that actor for that site.
* `assessor_key_registered` (schema 1: keys registered first come) is no longer accepted.

Events recorded before these rules existed (a schema-1 ledger migrated forward) are marked legacy by the site's
`ledger_migrated` event: verification lists them as unsigned, it does not count them as tampering. That event is
the buyer's act: it names `buyer_key` and is signed by it (like a first contract), and that key is the site's root
from then on (schema-1 contracts named no buyer key; they are carried over unchanged).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Protocol

from ledger import keys
from ledger.catalog_index import ASSESSOR_ONLY_TYPES
from ledger.envelope import Event
from ledger.errors import LedgerError
from ledger.messages import Message, msg
from ledger.record import Record, factory

BUYER, ASSESSOR = "buyer", "assessor"


class Signer(Protocol):
    """A private key in hand: whoever holds one can sign acts as its owner."""

    @property
    def public_hex(self) -> str: ...

    def sign_bytes(self, data: bytes) -> str: ...


Keyring = Mapping[str, Signer]  # public key hex -> signer


# The types whose events SiteTrust.feed reads: those that need a signature or change who may sign (required,
# apply, _apply_legacy), corrections and retractions (they are guarded like their target) and the refused
# schema-1 key registration. An unsigned event of any other type passes `feed` without changing anything, so a
# reader of a whole chain may skip it (verify does: it then never decodes most payloads). A signed event is
# always read, whatever its type: its signature is checked.
READ_TYPES = frozenset(
    {"contract_signed", "actor_role_granted", "ledger_migrated", "correction", "retraction",
     "assessor_key_registered"} | ASSESSOR_ONLY_TYPES
)  # fmt: skip


def keyring(signers: Iterable[Signer]) -> dict[str, Signer]:
    return {s.public_hex: s for s in signers}


class Authority(Record, frozen=False):
    """A site's trust state as its chain stands: the buyer's root key and the assessors' delegated keys."""

    root: str | None = None
    delegated: dict[str, str] = factory(dict)  # actor -> public key hex
    legacy_until: int = 0  # site_seq of the site's ledger_migrated event: events up to it predate signatures

    @property
    def fingerprint(self) -> str | None:
        return keys.fingerprint(self.root) if self.root else None


def required(
    event_type: str, payload: Mapping[str, object], target: Event | None, inner: Event | None
) -> str | None:
    """Who must sign an event of this type: BUYER, ASSESSOR or nobody (None).

    `target` is the event a correction/retraction points at, `inner` the target's own target when the target is a
    correction (retracting a correction is guarded like the event it corrected)."""
    if event_type == "contract_signed":
        return BUYER
    if event_type in ("actor_role_granted", "ledger_migrated"):
        return BUYER
    if event_type in ASSESSOR_ONLY_TYPES:
        return ASSESSOR
    if event_type in ("correction", "retraction") and target is not None:
        guarded = inner if target.type == "correction" and inner is not None else target
        return required(guarded.type, guarded.payload, None, None) if guarded.type != "correction" else None
    return None


def expected_key(
    who: str | None, event_type: str, payload: Mapping[str, object], actor: str, auth: Authority
) -> str:
    """The public key that must have signed, or a LedgerError saying why nobody can sign it yet."""
    if who == BUYER:
        if auth.root is not None:
            return auth.root
        if event_type in ("contract_signed", "ledger_migrated") and payload.get("buyer_key"):
            # the first contract (or a migration) establishes the root: signed by the key it names
            return str(payload["buyer_key"])
        if event_type == "contract_signed":
            raise LedgerError(msg("trust.first_contract"))
        raise LedgerError(msg("trust.no_contract", type=event_type))
    if who == ASSESSOR:
        key = auth.delegated.get(actor)
        if key is None:
            raise LedgerError(msg("trust.no_delegated", type=event_type, actor=actor))
        return key
    raise AssertionError(who)


def check(event: Event, who: str | None, auth: Authority) -> None:
    """Refuse an event whose signature is missing, wrong, or by a key without authority for it."""
    if event.type == "assessor_key_registered":
        raise LedgerError(msg("trust.key_registered"))
    if who is None:
        if event.signature is not None and not keys.verify_bytes(
            event.signer or "", event.signed_bytes(), event.signature
        ):
            raise LedgerError(msg("trust.bad_signature", type=event.type))
        return
    want = expected_key(who, event.type, event.payload, event.actor, auth)
    if event.signer is None or event.signature is None:
        raise LedgerError(msg("trust.unsigned", type=event.type, who=_who(who), fp=keys.fingerprint(want)))
    if event.signer != want:
        raise LedgerError(
            msg("trust.wrong_signer", type=event.type, got=keys.fingerprint(event.signer), who=_who(who),
                fp=keys.fingerprint(want))
        )  # fmt: skip
    if not keys.verify_bytes(event.signer, event.signed_bytes(), event.signature):
        raise LedgerError(msg("trust.bad_signature_with", type=event.type, fp=keys.fingerprint(event.signer)))


def _who(who: str) -> Message:
    return msg("who.buyer") if who == BUYER else msg("who.assessor")


def apply(event: Event, auth: Authority) -> None:
    """Take an accepted event into the site's trust state."""
    p = event.payload
    if event.type == "contract_signed" and p.get("buyer_key"):
        auth.root = str(p["buyer_key"])
    elif event.type == "actor_role_granted":
        if p.get("role") == "assessor" and p.get("public_key"):
            auth.delegated[str(p["actor"])] = str(p["public_key"])
        elif p.get("role") == "operator":
            auth.delegated.pop(str(p["actor"]), None)
    elif event.type == "ledger_migrated":
        auth.legacy_until = event.site_seq
        if auth.root is None and p.get("buyer_key"):
            auth.root = str(p["buyer_key"])


def sign(event: Event, signer: Signer) -> Event:
    """The event with its signer and signature filled in."""
    signed = event.replace(signer=signer.public_hex, signature=None)
    return signed.replace(signature=signer.sign_bytes(signed.signed_bytes()))


class SiteTrust(Record, frozen=False):
    """Re-checks every signature rule along a site's chain, fed one event at a time in chain order.

    It remembers only the events signatures depend on (contracts, grants, assessor acts and their corrections),
    so checking a long chain needs little memory."""

    authority: Authority = factory(Authority)
    signed: int = 0
    legacy_unsigned: list[int] = factory(list)  # seqs of pre-schema-2 acts with no signature
    _guarded: dict[str, Event] = factory(dict)

    def feed(self, e: Event) -> None:
        auth = self.authority
        target = inner = None
        if e.type in ("correction", "retraction"):
            target = self._guarded.get(str(e.payload.get("target", "")))
            if target is not None and target.type == "correction":
                inner = self._guarded.get(str(target.payload.get("target", "")))
        who = required(e.type, e.payload, target, inner)
        if who is not None or e.type in ("contract_signed", "actor_role_granted"):
            self._guarded[e.id] = e
        if e.signature is None and (e.site_seq <= auth.legacy_until or e.type == "assessor_key_registered"):
            if who is not None or e.type == "assessor_key_registered":
                self.legacy_unsigned.append(e.seq)
            _apply_legacy(e, auth)
            return
        try:
            check(e, who, auth)
        except LedgerError as err:
            raise LedgerError(
                msg("trust.at", seq=e.seq, site=e.site, site_seq=e.site_seq, error=err)
            ) from None
        if who is not None:
            self.signed += 1
        apply(e, auth)

    def watch(self, chain: Iterable[Event]) -> Iterator[Event]:
        """Pass a chain through, checking each event as it goes by (so one read serves hashes and signatures)."""
        for e in chain:
            yield e
            self.feed(e)


def migrated(events: Iterable[Event]) -> SiteTrust:
    """A SiteTrust for a site whose chain holds these events, told beforehand where its ledger_migrated event is:
    that event comes after the schema-1 acts it vouches for, so without this they would be refused as unsigned
    before it is reached. Every reader of a whole chain (verify, checkpoints, bundles) starts this way."""
    until = max((e.site_seq for e in events if e.type == "ledger_migrated"), default=0)
    return SiteTrust(Authority(legacy_until=until))


def _apply_legacy(e: Event, auth: Authority) -> None:
    """Schema-1 events: keys registered by the assessor themselves stand as delegations for what came before."""
    if e.type == "assessor_key_registered":
        auth.delegated.setdefault(str(e.payload["actor"]), str(e.payload["public_key"]))
    else:
        apply(e, auth)
