"""`opsledger audit`: every sign-off of a period re-verified against the ledger as it is now (signature, signed
head, scheme file, recomputed score) and what the events recorded since did to the scorecard."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ledger import keys
from ledger.chain import ChainStatus
from ledger.envelope import Event
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from ledger.messages import Message, msg, text
from projections.numbers import fmt
from schemes.audit.changes import Step, walk
from schemes.audit.delegation import KeyRecord, key_registrations, signing_key
from schemes.audit.replay import known_site, period_label, scope_sites, score_upto
from schemes.audit.signoff import signed_fields, signoffs
from schemes.engine import Scorecard
from schemes.model import SchemeError, get_scheme


@dataclass(frozen=True, init=False)
class Check:
    """One checked part: `name` says which (a file, a sign-off's part: 'signature', 'head', 'scheme', 'score',
    'chain', which schemes/audit/text.py prints in the reader's words), `detail` what was found. Given as
    catalogue messages, both are rendered when the check is made: a report is printed in the language it was
    made in, and scripts (and `audit --format json`) read plain text."""

    name: str
    ok: bool
    detail: str

    def __init__(self, name: str | Message, ok: bool, detail: str | Message) -> None:
        object.__setattr__(self, "name", text(name))
        object.__setattr__(self, "ok", ok)
        object.__setattr__(self, "detail", text(detail))


@dataclass
class SignoffAudit:
    """One sign-off re-verified: the checks, the recomputed card, and what happened since."""

    event: Event
    key: KeyRecord | None
    checks: list[Check]
    recomputed: Scorecard | None
    current: Scorecard | None
    changes: list[Step] = field(default_factory=list)
    later_events: int = 0  # events of the scope recorded after the sign-off's head
    ignored_keys: list[KeyRecord] = field(default_factory=list)
    withdrawn_by: int | None = None

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]


def audit_signoff(
    ledger: Ledger, event: Event, chain: Check, *, schemes_dir: Path | None = None, since: bool = True
) -> SignoffAudit:
    """Re-verify one sign-off: signature, ledger head, scheme file, recomputed score; then the changes since."""
    p = event.payload
    site, checks = event.site, []
    record = signing_key(ledger, site, event.actor, before_seq=event.seq)
    others = [
        k for k in key_registrations(ledger, site, event.actor) if record is None or k.seq != record.seq
    ]
    if record is None:
        checks.append(
            Check("signature", False, msg("audit.no_key", actor=event.actor, site=site, seq=event.seq))
        )
    elif keys.verify(record.public_key, signed_fields(site, p), p["signature"]):
        checks.append(Check("signature", True, msg("audit.sig_ok", actor=event.actor, fp=record.fingerprint,
                                                   seq=record.seq)))  # fmt: skip
    else:
        checks.append(Check("signature", False, msg("audit.sig_bad", actor=event.actor, fp=record.fingerprint,
                                                    seq=record.seq)))  # fmt: skip
    checks.append(chain)
    head_seq = int(p["head_seq"])
    try:
        head = ledger.get(head_seq)
    except LedgerError:
        head = None
    # A sign-off made before a schema-1 ledger was migrated signed the old global chain's hash (its head may be
    # another site's event, absent from a one-site bundle): the site's ledger_migrated event recorded that hash.
    migrated = _migrated_head(ledger, event) if head is None or head.hash != p["head_hash"] else None
    if migrated is not None and (head is None or head.recorded_at == p["as_of"]):
        where = "" if head is not None else msg("audit.head_v1_elsewhere", seq=head_seq)
        checks.append(Check("head", True, msg("audit.head_v1", seq=head_seq, hash=p["head_hash"][:16],
                                              mseq=migrated.seq, fp=keys.fingerprint(migrated.signer or ""),
                                              where=where)))  # fmt: skip
    elif head is None:
        checks.append(Check("head", False, msg("audit.head_missing", seq=head_seq)))
    elif head.hash != p["head_hash"]:
        checks.append(Check("head", False, msg("audit.head_differs", seq=head_seq, got=head.hash[:16],
                                               signed=p["head_hash"][:16])))  # fmt: skip
    elif head.recorded_at != p["as_of"]:
        checks.append(
            Check(
                "head",
                False,
                msg("audit.head_time", as_of=p["as_of"], seq=head_seq, recorded=head.recorded_at),
            )
        )
    else:
        checks.append(Check("head", True, msg("audit.head_ok", seq=head_seq, hash=p["head_hash"][:16],
                                              as_of=p["as_of"])))  # fmt: skip
    try:
        scheme = get_scheme(p["scheme"], schemes_dir)
    except SchemeError as err:
        scheme = None
        checks.append(Check("scheme", False, msg("audit.error", error=err)))
    if scheme is not None:
        if scheme.sha256 == p["scheme_hash"]:
            checks.append(
                Check(
                    "scheme",
                    True,
                    msg("audit.scheme_ok", name=Path(scheme.path).name, sha=scheme.sha256[:16]),
                )
            )
        else:
            checks.append(Check("scheme", False, msg("audit.scheme_changed", name=Path(scheme.path).name,
                                                     sha=scheme.sha256[:16], signed=p["scheme_hash"][:16])))  # fmt: skip
    recomputed = current = None
    changes: list[Step] = []
    later = 0
    if scheme is not None and (head is not None or migrated is not None):
        recomputed = score_upto(
            ledger, site, p["period"], head_seq, scheme_id=p["scheme"], schemes_dir=schemes_dir
        )
        signed = (Decimal(p["total"]), p["grade"] or None)
        got = (recomputed.total, recomputed.grade)
        if got == signed:
            checks.append(Check("score", True, msg("audit.score_ok", seq=head_seq, total=fmt(got[0]),
                                                   grade=" " + got[1] if got[1] else "")))  # fmt: skip
        else:
            checks.append(Check("score", False, msg("audit.score_bad", seq=head_seq, total=fmt(got[0]), grade=got[1] or "",
                                                    signed=fmt(signed[0]), signed_grade=signed[1] or "")))  # fmt: skip
        if since:
            sites = scope_sites(ledger, site, p["period"], p["scheme"], schemes_dir)
            base = ledger.events(sites=sites, upto_seq=head_seq)
            rest = [e for e in ledger.events(sites=sites, after_seq=head_seq) if e.seq != event.seq]
            later = len(rest)
            _, current, changes, _ = walk(
                base, rest, site, p["period"], scheme_id=p["scheme"], schemes_dir=schemes_dir
            )
    withdrawn = next(
        (r.seq for r in ledger.events(site=site, types=["retraction"]) if r.payload["target"] == event.id),
        None,
    )
    return SignoffAudit(event, record, checks, recomputed, current, changes, later, others, withdrawn)


def chain_check(status_or_error: ChainStatus | LedgerError, what: str = "chain") -> Check:
    if isinstance(status_or_error, LedgerError):
        return Check(what, False, msg("audit.error", error=status_or_error))
    s = status_or_error
    return Check(what, True, msg("audit.chain_ok", count=s.count, seq=s.head_seq, hash=s.head_hash[:16]))


def audit(
    ledger: Ledger,
    site: str,
    period_text: str,
    *,
    scheme_id: str | None = None,
    schemes_dir: Path | None = None,
) -> list[SignoffAudit]:
    """Every sign-off of (site, period), each re-verified against the ledger as it is now."""
    known_site(ledger, site)
    label = period_label(ledger, site, period_text, scheme_id)
    found = signoffs(ledger, site, label)
    if not found:
        raise LedgerError(msg("signoff.none_for_period", site=site, label=label))
    try:
        chain = chain_check(ledger.verify())
    except LedgerError as err:
        chain = chain_check(err)
    return [audit_signoff(ledger, e, chain, schemes_dir=schemes_dir) for e in found]


def _migrated_head(ledger: Ledger, event: Event) -> Event | None:
    """The site's ledger_migrated event, when it records the sign-off's head as the old (schema-1) chain had it:
    a sign-off made before a migration signed the old chain's hash, which the migration verified and recorded."""
    p = event.payload
    for marker in ledger.events(site=event.site, types=["ledger_migrated"]):
        m = marker.payload
        recorded = m.get("signed_heads", {}).get(str(p["head_seq"]))
        if event.seq <= m.get("old_last_seq", 0) and recorded == p["head_hash"]:
            return marker
    return None
