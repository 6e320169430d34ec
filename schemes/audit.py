"""The auditor's workflow: close periods, accept late events, sign scores off, audit sign-offs, diff two instants.

Everything here is computed from the log. Two bounds are used, and they are not the same thing:

* **as of an instant** (`score --as-of`, `diff --from/--to`): the events whose `recorded_at` is at or before it,
  with corrections and retractions as recorded by then.
* **as of a sequence number** (sign-offs): the events with `seq <= head_seq`. A sign-off signs the ledger head
  it read (head_seq and its hash), and its `as_of` is that head event's `recorded_at`. `recorded_at` is taken
  under the write lock, so the two bounds select the same events, except that several events can share one
  instant (one import is one instant); the sequence number is the exact one, so audits use it.

Scoring "as of seq N" or "one event at a time" scores an in-memory ledger (`Ledger.of`) holding the chosen
events with their original sequence numbers, times and hashes, by the ordinary service.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ledger import evidence as ev
from ledger import keys, limits
from ledger.chain import ChainStatus
from ledger.envelope import Event, now
from ledger.errors import LedgerError
from ledger.events import META_TYPES
from ledger.importer import make_draft
from ledger.ledger import Ledger
from ledger.trust import Keyring
from ledger.view import current_view
from projections import facts as proj
from projections.indicators import horizon
from projections.numbers import fmt
from projections.periods import Period, PeriodError, period_of
from schemes import service
from schemes.engine import Scorecard, score
from schemes.model import SchemeError, get_scheme

PURPOSE = "opsledger score sign-off v1"
FAR_FUTURE = limits.DATE_MAX.isoformat()  # "as of" after every event (all are within the ledger's dates)
# Events that can change a period's score even when dated after it (they act on other events or on the period).
ALWAYS_RELEVANT = frozenset(
    {"correction", "retraction", "period_closed", "late_event_accepted", "contract_signed"}
)


def _score(
    ledger: Ledger, site: str, period: str, scheme_id: str | None, schemes_dir: Path | None
) -> Scorecard:
    """A fresh fold of everything in the (replica) ledger."""
    return service.score_site(
        ledger, site, period, scheme_id=scheme_id, as_of=FAR_FUTURE, schemes_dir=schemes_dir
    )


RESOLVE_TYPES = frozenset({"contract_signed", "correction", "retraction", "site_registered"})


def _score_target(
    ledger: Ledger,
    target: service.Target,
    site: str,
    period: str,
    scheme_id: str | None,
    schemes_dir: Path | None,
) -> Scorecard:
    """`_score` with the scheme already resolved (walk scores many times; re-reading the TOML each time is slow).

    The same steps as `service.score_site` for a non-cohort scheme with an as-of; cohorts take the full path.
    """
    if target.scheme.cohort:
        return _score(ledger, site, period, scheme_id, schemes_dir)
    values, facts = service.indicator_values(ledger, target, site, proj.as_of_text(FAR_FUTURE), None)
    card = score(target.scheme, site, str(target.period), values, index=target.index)
    return service._annotate(card, facts, target)


def scope_sites(
    ledger: Ledger, site: str, period_text: str, scheme_id: str | None = None, schemes_dir: Path | None = None
) -> list[str]:
    """The sites whose events a site's score reads: itself, or every unit of a cohort scheme (ranked together)."""
    target = service.resolve(ledger, site, period_text, scheme_id, None, schemes_dir)
    if not target.scheme.cohort:
        return [site]
    return sorted({site, *service.cohort_sites(ledger, target.scheme.id, target.period)})


def score_upto(
    ledger: Ledger, site: str, period_text: str, upto_seq: int, *, scheme_id: str | None = None,
    schemes_dir: Path | None = None,
) -> Scorecard:  # fmt: skip
    """The scorecard from exactly the events with seq <= upto_seq."""
    sites = scope_sites(ledger, site, period_text, scheme_id, schemes_dir)
    replica = Ledger.of(ledger.events(sites=sites, upto_seq=upto_seq))
    return _score(replica, site, period_text, scheme_id, schemes_dir)


def period_label(ledger: Ledger, site: str, period_text: str, scheme_id: str | None = None) -> str:
    """The period as the ledger writes it ('2026-q2' -> '2026-Q2'; contract-relative forms kept)."""
    return str(service.resolve(ledger, site, period_text, scheme_id).period)


def _same_period(a: str, b: str) -> bool:
    try:
        return str(Period.parse(a)) == str(Period.parse(b))
    except PeriodError:
        return a == b


# -- item-by-item differences between two scorecards --------------------------------------------------------


@dataclass(frozen=True)
class ItemChange:
    id: str
    before: Decimal | None  # None: the item was not on that scorecard
    after: Decimal | None
    inputs_before: dict[str, Decimal | None]
    inputs_after: dict[str, Decimal | None]

    def text(self) -> str:
        pts = f"{fmt(self.before)} → {fmt(self.after)} points"
        moved = [
            f"{name} {fmt(self.inputs_before.get(name))} → {fmt(self.inputs_after.get(name))}"
            for name in sorted(set(self.inputs_before) | set(self.inputs_after))
            if self.inputs_before.get(name) != self.inputs_after.get(name)
        ]
        return f"{self.id}: {pts}" + (f" ({'; '.join(moved)})" if moved else "")


def compare(before: Scorecard, after: Scorecard) -> list[ItemChange]:
    """Items whose points or indicator inputs differ, in the scheme's order."""
    old = {i.id: i for i in before.items}
    new = {i.id: i for i in after.items}
    order = [i.id for i in after.items] + [i for i in old if i not in new]
    out = []
    for item_id in order:
        a, b = old.get(item_id), new.get(item_id)
        pa, pb = (a.points if a else None), (b.points if b else None)
        ia, ib = (a.inputs if a else {}), (b.inputs if b else {})
        if pa != pb or ia != ib:
            out.append(ItemChange(item_id, pa, pb, dict(ia), dict(ib)))
    return out


@dataclass
class Step:
    """One event and what it did to the scorecard."""

    event: Event
    label: str
    items: list[ItemChange]
    total_before: Decimal
    total_after: Decimal
    grade_before: str | None
    grade_after: str | None
    late_before: str | None = None  # the event's (or its target's) late status on the scorecard, if listed
    late_after: str | None = None

    @property
    def changed(self) -> bool:
        return (
            bool(self.items) or self.total_before != self.total_after or self.late_before != self.late_after
        )

    def total_text(self) -> str:
        grade = (
            f" ({self.grade_before} → {self.grade_after})" if self.grade_before != self.grade_after else ""
        )
        return f"total {fmt(self.total_before)} → {fmt(self.total_after)}{grade}"


def describe(ledger: Ledger, event: Event) -> str:
    """'recorded job_fair_held', 'correction of #12 (viewers=80)', 'retraction of #14', ..."""
    p = event.payload
    if event.type in META_TYPES or event.type == "late_event_accepted":
        target = ledger.get_by_id(p["target"])
        ref = f"#{target.seq} {target.type}" if target else p["target"]
        if event.type == "correction":
            changes = ", ".join(f"{k}={v}" for k, v in p["changes"].items())
            return f"correction of {ref} ({changes}): {p['reason']}"
        if event.type == "retraction":
            return f"retraction of {ref}: {p['reason']}"
        if event.type == "late_event_accepted":
            return f"late event {ref} accepted: {p['reason']}"
        return f"evidence attached to {ref}: {p['file_name']}"
    if event.type == "period_closed":
        return f"period {p['period']} closed"
    if event.type == "score_signed_off":
        return f"sign-off of {p['period']} ({p['scheme']}): total {p['total']}"
    if event.type == "assessor_judgement":
        return (
            f"assessor judgement on {p['item']} (met={str(p['met']).lower()}, shortfalls={p['shortfalls']})"
        )
    return f"recorded {event.type} (occurred {event.occurred_at})"


def _late_status(card: Scorecard, ledger: Ledger, event: Event) -> str | None:
    seqs = {event.seq}
    if "target" in event.payload:
        target = ledger.get_by_id(event.payload["target"])
        if target:
            seqs.add(target.seq)
    for late in card.late:
        if late["seq"] in seqs:
            return f"#{late['seq']} {late['status']}"
    return None


def _relevant(event: Event, until: date) -> bool:
    # An event dated later that covers an earlier period (a March report handed in in April) counts there.
    return event.type in ALWAYS_RELEVANT or event.occurred_on <= until.isoformat() or event.covers is not None


def walk(
    base: Iterable[Event], steps: Iterable[Event], site: str, period_text: str, *, scheme_id: str | None = None,
    schemes_dir: Path | None = None, keep_unchanged: bool = False,
) -> tuple[Scorecard, Scorecard, list[Step], int]:  # fmt: skip
    """Score `base`, then add `steps` one at a time (in order) and record what each changed.

    Returns (first card, last card, steps, number of events skipped because they could not touch the period).
    """
    out: list[Step] = []
    skipped = 0
    replica = Ledger.of(base)
    card = first = _score(replica, site, period_text, scheme_id, schemes_dir)
    target = service.resolve(replica, site, period_text, scheme_id, None, schemes_dir)
    until = horizon(target.scheme.indicators, target.period, None)
    for event in steps:
        replica.store.load([event])  # type: ignore[attr-defined]  # Ledger.of holds a MemoryStore
        if not _relevant(event, until):
            skipped += 1
            continue
        if event.type in RESOLVE_TYPES:  # may change the contract, hence the scheme or the period
            target = service.resolve(replica, site, period_text, scheme_id, None, schemes_dir)
            until = horizon(target.scheme.indicators, target.period, None)
        after = _score_target(replica, target, site, period_text, scheme_id, schemes_dir)
        step = Step(
            event, describe(replica, event), compare(card, after), card.total, after.total,
            card.grade, after.grade, _late_status(card, replica, event), _late_status(after, replica, event),
        )  # fmt: skip
        if step.changed or keep_unchanged:
            out.append(step)
        card = after
    return first, card, out, skipped


# -- closing periods and late events -------------------------------------------------------------------------


def known_site(ledger: Ledger, site: str) -> None:
    ledger.known_site(site)


def closes(ledger: Ledger, site: str, as_of: str | None = None) -> list[Event]:
    return list(ledger.events(site=site, types=["period_closed"], as_of=as_of))


def close_period(
    ledger: Ledger,
    site: str,
    period_text: str,
    actor: str,
    reason: str = "",
    *,
    early: bool = False,
    keys: Keyring | None = None,
) -> Event:
    """An assessor closes (site, period): events inside it recorded from now on are flagged late."""
    known_site(ledger, site)
    ledger.roles().check("period_closed", actor, site)
    try:
        period = Period.parse(period_text)
    except PeriodError:
        raise PeriodError(
            f"bad period {period_text!r}: close takes a calendar period (2026-03, 2026-Q2, 2026-H1, 2026)"
        ) from None
    for done in closes(ledger, site):
        if str(Period.parse(done.payload["period"])) == str(period):
            raise LedgerError(
                f"{site} {period} is already closed (seq {done.seq}, recorded {done.recorded_at})"
            )
    today = now().date()
    if period.end >= today and not early:
        raise PeriodError(
            f"{period} has not ended yet (last day {period.end}): close it after that, or pass --early"
        )
    draft = make_draft(
        type="period_closed", site=site, occurred_at=today.isoformat(), actor=actor,
        payload={"period": str(period), "reason": reason},
    )  # fmt: skip
    return ledger.append(draft, keys)


def late_facts(ledger: Ledger, site: str) -> proj.SiteFacts:
    """The site's whole current view split into counted and late (policy 'exclude')."""
    raw = list(ledger.events(site=site))
    return proj.split_late(raw, "exclude")


def accept_late(ledger: Ledger, seq: int, actor: str, reason: str, keys: Keyring | None = None) -> Event:
    """An assessor accepts a late event: it counts from now on under an 'exclude' policy."""
    event = ledger.get(seq)
    ledger.roles().check("late_event_accepted", actor, event.site)
    if event.type in META_TYPES:
        raise LedgerError(f"seq {seq} is a {event.type}: accept the event it points at instead")
    facts = late_facts(ledger, event.site)
    late_ids = {e.id for e in facts.late}
    if event.id not in late_ids:
        live = {e.id for e in current_view(ledger.events(site=event.site))}
        if event.id not in live:
            raise LedgerError(f"seq {seq} was retracted: there is nothing to accept")
        raise LedgerError(
            f"seq {seq} is not late: no close of a period containing {event.occurred_on} was recorded before it "
            "(or its corrections)"
        )
    if event.id in facts.accepted:
        done = next(
            e
            for e in ledger.events(site=event.site, types=["late_event_accepted"])
            if e.payload["target"] == event.id
        )
        raise LedgerError(f"seq {seq} was already accepted (seq {done.seq})")
    draft = make_draft(
        type="late_event_accepted", site=event.site, occurred_at=event.occurred_at, actor=actor,
        payload={"target": event.id, "reason": reason},
    )  # fmt: skip
    return ledger.append(draft, keys)


# -- keys ------------------------------------------------------------------------------------------------------


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


# -- sign-off --------------------------------------------------------------------------------------------------


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
    from ledger.envelope import validate_payload

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
        raise LedgerError(
            f"the buyer has delegated no key to {actor} on site {site}: the buyer runs `opsledger role grant {actor} "
            f"--role assessor --site {site} --key {actor}.pub --buyer NAME`"
        )
    signer = keys.get(record.public_key)
    if signer is None:
        raise LedgerError(
            f"{actor}'s delegated key on site {site} is {record.fingerprint} (seq {record.seq}), and it is not in the "
            "keys directory: sign on the machine that holds it (--keys-dir / OPSLEDGER_KEYS)"
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


# -- audit -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


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
            Check(
                "signature",
                False,
                f"{event.actor} had no key registered on site {site} before seq {event.seq}",
            )
        )
    elif keys.verify(record.public_key, signed_fields(site, p), p["signature"]):
        checks.append(Check("signature", True, f"Ed25519 signature verifies with {event.actor}'s key {record.fingerprint} "
                                               f"(registered at seq {record.seq})"))  # fmt: skip
    else:
        checks.append(Check("signature", False, f"signature does not verify with {event.actor}'s key {record.fingerprint} "
                                                f"(registered at seq {record.seq}): signed with another key, or the "
                                                "signed fields were altered"))  # fmt: skip
    checks.append(chain)
    head_seq = int(p["head_seq"])
    try:
        head = ledger.get(head_seq)
    except LedgerError:
        head = None
    if head is None:
        checks.append(Check("head", False, f"the signed head seq {head_seq} is not in the ledger"))
    elif head.hash != p["head_hash"]:
        checks.append(Check("head", False, f"ledger hash at seq {head_seq} is {head.hash[:16]}…, the sign-off signed "
                                           f"{p['head_hash'][:16]}…"))  # fmt: skip
    elif head.recorded_at != p["as_of"]:
        checks.append(
            Check(
                "head",
                False,
                f"as_of {p['as_of']} is not when seq {head_seq} was recorded ({head.recorded_at})",
            )
        )
    else:
        checks.append(Check("head", True, f"ledger hash at seq {head_seq} matches the signed head ({p['head_hash'][:16]}…), "
                                          f"recorded {p['as_of']}"))  # fmt: skip
    try:
        scheme = get_scheme(p["scheme"], schemes_dir)
    except SchemeError as err:
        scheme = None
        checks.append(Check("scheme", False, str(err)))
    if scheme is not None:
        if scheme.sha256 == p["scheme_hash"]:
            checks.append(
                Check(
                    "scheme",
                    True,
                    f"scheme file {Path(scheme.path).name} sha256 {scheme.sha256[:16]}… matches",
                )
            )
        else:
            checks.append(Check("scheme", False, f"scheme file {Path(scheme.path).name} has sha256 {scheme.sha256[:16]}…, "
                                                 f"the sign-off signed {p['scheme_hash'][:16]}…: the scheme was changed "
                                                 "after the sign-off"))  # fmt: skip
    recomputed = current = None
    changes: list[Step] = []
    later = 0
    if scheme is not None and head is not None:
        recomputed = score_upto(
            ledger, site, p["period"], head_seq, scheme_id=p["scheme"], schemes_dir=schemes_dir
        )
        signed = (Decimal(p["total"]), p["grade"] or None)
        got = (recomputed.total, recomputed.grade)
        if got == signed:
            checks.append(Check("score", True, f"recomputed from events 1..{head_seq}: total {fmt(got[0])}"
                                               f"{' ' + got[1] if got[1] else ''} = signed"))  # fmt: skip
        else:
            checks.append(Check("score", False, f"recomputed from events 1..{head_seq}: total {fmt(got[0])} "
                                                f"{got[1] or ''}, but the sign-off says {fmt(signed[0])} {signed[1] or ''}"))  # fmt: skip
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
        return Check(what, False, str(status_or_error))
    s = status_or_error
    return Check(
        what, True, f"hash chain verifies: {s.count} events, head seq {s.head_seq} ({s.head_hash[:16]}…)"
    )


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
        raise LedgerError(
            f"no sign-off for site {site} period {label}: an assessor runs "
            f"`opsledger signoff --site {site} --period {label} --actor NAME` first"
        )
    try:
        chain = chain_check(ledger.verify())
    except LedgerError as err:
        chain = chain_check(err)
    return [audit_signoff(ledger, e, chain, schemes_dir=schemes_dir) for e in found]


# -- diff between two instants ---------------------------------------------------------------------------------


@dataclass
class Diff:
    site: str
    period: str
    t1: str
    t2: str
    before: Scorecard
    after: Scorecard
    steps: list[Step]
    outside: int  # site events recorded in the window that cannot touch the period (dated after it)


def diff(
    ledger: Ledger, site: str, period_text: str, t1: str, t2: str, *, scheme_id: str | None = None,
    schemes_dir: Path | None = None,
) -> Diff:  # fmt: skip
    """What was recorded, corrected or retracted between two instants, and what each did to the scorecard."""
    a, b = proj.as_of_text(t1), proj.as_of_text(t2)
    if a is None or b is None:
        raise LedgerError("--from and --to each need a date or date/time (YYYY-MM-DD or YYYY-MM-DDTHH:MM)")
    if a >= b:
        raise LedgerError(f"--from {t1} must be before --to {t2}")
    known_site(ledger, site)
    label = period_label(ledger, site, period_text, scheme_id)
    sites = scope_sites(ledger, site, label, scheme_id, schemes_dir)
    everything = list(ledger.events(sites=sites, as_of=b))
    base = [e for e in everything if e.recorded_at <= a]
    window = [e for e in everything if e.recorded_at > a]
    if not any(e.type == "site_registered" and e.site == site for e in base):
        raise LedgerError(f"site {site} was not registered yet at {a}: pick a later --from")
    before, after, steps, outside = walk(
        base, window, site, label, scheme_id=scheme_id, schemes_dir=schemes_dir, keep_unchanged=True
    )
    return Diff(site, label, a, b, before, after, steps, outside)


# -- evidence --------------------------------------------------------------------------------------------------


@dataclass
class ItemEvidence:
    id: str
    title: str
    points: Decimal
    max_points: Decimal
    asks: list[str]
    events: list[int]
    attached: list[
        tuple[ev.Attached, str, str]
    ]  # (file, status in the store, the requirement it covers or '')
    missing: list[str]
    bare: list[int]  # backing events with no evidence at all


def covers(ask: str, file: ev.Attached) -> bool:
    """A file covers a requirement if it was attached `--for` it, or its file name contains the requirement's
    text (compared with full-width forms and brackets folded: schemes/evidence_match.py)."""
    from schemes.evidence_match import covers as matched

    return matched(ask, file.requirement, file.file_name)


def evidence_report(
    ledger: Ledger,
    site: str,
    period_text: str,
    *,
    scheme_id: str | None = None,
    schemes_dir: Path | None = None,
) -> tuple[Scorecard, list[ItemEvidence]]:
    """Per scheme item: the evidence the document asks for, what is attached to its events, what is missing."""
    card = service.score_site(
        ledger, site, period_text, scheme_id=scheme_id, as_of=FAR_FUTURE, schemes_dir=schemes_dir
    )
    seqs = {s for item in card.items for s in item.events}
    files = ev.attached_to(ledger, seqs, site)
    out = []
    for item in card.items:
        here = [f for s in item.events for f in files.get(s, [])]
        attached = []
        for f in here:
            covered = next((a for a in item.evidence if covers(a, f)), "")
            attached.append((f, ledger.store.blob_status(f.sha256), covered))
        missing = [a for a in item.evidence if not any(covers(a, f) for f in here)]
        bare = [s for s in item.events if not files.get(s)]
        out.append(ItemEvidence(item.id, item.title, item.points, item.max_points, list(item.evidence),
                                list(item.events), attached, missing, bare))  # fmt: skip
    return card, out


# -- replay as of an instant -----------------------------------------------------------------------------------


def assessment_periods(
    ledger: Ledger, as_of: str | None = None, schemes_dir: Path | None = None
) -> Iterator[tuple[str, str, Period]]:
    """(site, scheme, period) for every assessment period of every contract, as recorded by `as_of`."""
    text = ledger.store.last_occurred_on(as_of)
    if text is None:
        return
    last = date.fromisoformat(text)
    for site in sorted(ledger.registered_sites()):
        for deal in proj.contracts(ledger, site, as_of):
            scheme = get_scheme(deal.scheme, schemes_dir)
            stop = min(deal.end or last, last)
            period = period_of(scheme.assessed_every, deal.start)
            while period.start <= stop:
                yield site, deal.scheme, period
                period = period.next()


def replay_as_of(ledger: Ledger, as_of: str, schemes_dir: Path | None = None) -> list[Scorecard]:
    """Every assessment period's scorecard, folded from the log as recorded by `as_of` (nothing stored)."""
    at = proj.as_of_text(as_of)
    registered = {e.site for e in ledger.events(types=["site_registered"], as_of=at)}
    return [
        service.score_site(ledger, site, str(period), scheme_id=scheme_id, as_of=at, schemes_dir=schemes_dir)
        for site, scheme_id, period in assessment_periods(ledger, at, schemes_dir)
        if site in registered
    ]


# -- text renderings (the CLI prints these) --------------------------------------------------------------------


def _grade(card: Scorecard | None) -> str:
    return f" {card.grade}" if card is not None and card.grade else ""


def step_lines(step: Step) -> list[str]:
    e = step.event
    head = f"  seq {e.seq} [{e.recorded_at}] {e.actor}: {step.label}"
    if not step.changed:
        return [head, "      no change to the scorecard"]
    out = [head]
    out += [f"      {c.text()}" for c in step.items]
    if step.late_before != step.late_after:
        out.append(f"      late: {step.late_after or 'no longer listed'}")
    out.append(f"      {step.total_text()}")
    return out


def audit_text(results: list[SignoffAudit]) -> str:
    lines: list[str] = []
    for r in results:
        p, e = r.event.payload, r.event
        lines.append(
            f"sign-off seq {e.seq} by {e.actor} ({e.recorded_at}): {p['scheme']} {e.site} {p['period']} "
            f"total {fmt(Decimal(p['total']))}{' ' + p['grade'] if p['grade'] else ''}, head seq {p['head_seq']}"
        )
        if r.key is not None:
            lines.append(
                f"  key {r.key.fingerprint} ({r.key.public_key}) — confirm it with {e.actor} out of band"
            )
        for k in r.ignored_keys:
            lines.append(
                f"  note: another key {k.fingerprint} was registered for {e.actor} at seq {k.seq}; ignored"
            )
        if r.withdrawn_by is not None:
            lines.append(f"  note: this sign-off was withdrawn (retracted) at seq {r.withdrawn_by}")
        for c in r.checks:
            lines.append(f"  {'ok  ' if c.ok else 'FAIL'} {c.name:<9} {c.detail}")
        if r.current is None:
            lines.append("")
            continue
        lines.append(f"  since the sign-off: {r.later_events} event(s) recorded for the scope")
        if not r.changes:
            lines.append(
                f"  none changes the scorecard: now {fmt(r.current.total)}{_grade(r.current)}, as signed"
            )
        else:
            lines.append(f"  {len(r.changes)} change the scorecard (each applied in order):")
            for step in r.changes:
                lines += step_lines(step)
            lines.append(
                f"  now: total {fmt(r.current.total)}{_grade(r.current)} (signed {fmt(Decimal(p['total']))}"
                f"{' ' + p['grade'] if p['grade'] else ''})"
            )
        verdict = "VALID" if r.ok else "INVALID: " + "; ".join(c.name for c in r.failures)
        lines.append(f"  verdict: {verdict}")
        lines.append("")
    return "\n".join(lines).rstrip()


def step_json(step: Step) -> dict[str, Any]:
    return {
        "seq": step.event.seq, "type": step.event.type, "recorded_at": step.event.recorded_at,
        "actor": step.event.actor, "what": step.label, "changed": step.changed,
        "items": [{"id": c.id, "before": fmt(c.before) if c.before is not None else None,
                   "after": fmt(c.after) if c.after is not None else None,
                   "inputs_before": {k: None if v is None else fmt(v) for k, v in c.inputs_before.items()},
                   "inputs_after": {k: None if v is None else fmt(v) for k, v in c.inputs_after.items()}}
                  for c in step.items],
        "total_before": fmt(step.total_before), "total_after": fmt(step.total_after),
        "grade_before": step.grade_before, "grade_after": step.grade_after, "late": step.late_after,
    }  # fmt: skip


def audit_json(results: list[SignoffAudit]) -> list[dict[str, Any]]:
    return [
        {"seq": r.event.seq, "actor": r.event.actor, "payload": r.event.payload, "valid": r.ok,
         "key": None if r.key is None else {"public_key": r.key.public_key, "fingerprint": r.key.fingerprint,
                                            "registered_seq": r.key.seq},
         "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in r.checks],
         "recomputed_total": None if r.recomputed is None else fmt(r.recomputed.total),
         "current_total": None if r.current is None else fmt(r.current.total),
         "changes": [step_json(s) for s in r.changes], "withdrawn_by": r.withdrawn_by}
        for r in results
    ]  # fmt: skip


def diff_text(d: Diff) -> str:
    lines = [
        f"{d.site} {d.period} ({d.before.scheme}) from {d.t1} to {d.t2}",
        f"  at {d.t1}: total {fmt(d.before.total)}{_grade(d.before)}",
    ]
    if not d.steps:
        lines.append("  no event recorded in between touches this period")
    for step in d.steps:
        lines += step_lines(step)
    if d.outside:
        lines.append(
            f"  ({d.outside} other event(s) recorded in between are dated after the period and cannot touch it)"
        )
    lines.append(f"  at {d.t2}: total {fmt(d.after.total)}{_grade(d.after)}")
    return "\n".join(lines)


def diff_json(d: Diff) -> dict[str, Any]:
    return {
        "site": d.site, "period": d.period, "scheme": d.before.scheme, "from": d.t1, "to": d.t2,
        "before": {"total": fmt(d.before.total), "grade": d.before.grade},
        "after": {"total": fmt(d.after.total), "grade": d.after.grade},
        "events": [step_json(s) for s in d.steps], "outside": d.outside,
    }  # fmt: skip


def evidence_text(card: Scorecard, report: list[ItemEvidence]) -> str:
    lines = [f"{card.site} {card.period} ({card.scheme}): evidence per item"]
    for item in report:
        lines.append("")
        events = ", ".join(f"#{s}" for s in item.events[:12]) + (" …" if len(item.events) > 12 else "")
        lines.append(
            f"{item.id}  {item.title}  ({fmt(item.points)}/{fmt(item.max_points)}; events {events or 'none'})"
        )
        lines.append(
            f"  asks for: {'、'.join(item.asks) if item.asks else '(the document names no evidence)'}"
        )
        if item.attached:
            for f, state, covered in item.attached:
                via = "" if f.via_seq == f.target_seq else f", attached by #{f.via_seq}"
                label = f" → {covered}" if covered else (f" (for {f.requirement})" if f.requirement else "")
                lines.append(
                    f"  attached: #{f.target_seq} {f.file_name} sha256 {f.sha256[:12]}… [{state}{via}]{label}"
                )
        else:
            lines.append("  attached: nothing")
        if not item.events:
            lines.append("  missing: " + ("、".join(item.missing) + " (no events back this item yet)" if item.missing
                                          else "nothing asked"))  # fmt: skip
        else:
            lines.append(f"  missing: {'、'.join(item.missing) if item.missing else 'nothing'}")
            if item.bare:
                lines.append(f"  events with no evidence at all: {', '.join(f'#{s}' for s in item.bare)}")
    return "\n".join(lines)
