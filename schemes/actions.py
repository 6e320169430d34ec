"""The write use-cases: what operators, buyers and assessors do to the ledger, for every face (CLI, web).

Each takes the ledger, a `Writer` (the actor recorded on the events and the private keys they hold) and the
user's values, checks what only the scheme layer can check, and appends through the ledger's appender, which
applies the ledger's own rules (sites, roles, targets, signatures, duplicates). Faces parse and print; they never
build drafts themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from ledger.appender import AppendResult, Check, Numbered
from ledger.envelope import Event, normalise_occurred, now
from ledger.errors import DuplicateEvent, LedgerError
from ledger.importer import check_type, file_evidence, make_draft
from ledger.ledger import Ledger
from ledger.messages import msg, text
from ledger.record import Record, factory
from ledger.state import State
from ledger.trust import Keyring, Signer, keyring

if TYPE_CHECKING:
    from pathlib import Path

if TYPE_CHECKING:  # the register reader and the scheme layer load only when an import or a check needs them
    from ledger.registers import Plan


class Writer(Record):
    """Who writes: the name recorded on the events, and the private keys they hold for acts that are signed
    (a buyer's key for contracts and grants, an assessor's delegated key for judgements, closes, sign-offs)."""

    actor: str
    keys: Keyring = factory(dict)

    @classmethod
    def with_keys(cls, actor: str, signers: Iterable[Signer]) -> Writer:
        return cls(actor, keyring(signers))


class Appended(Record):
    """An appended event, or the stored one an idempotent retry found (duplicate=True)."""

    event: Event
    duplicate: bool = False
    warnings: tuple[
        str, ...
    ] = ()  # plausibility warnings (a date before the first contract): stored, but said


def today() -> str:
    return now().date().isoformat()


def register_site(
    ledger: Ledger, writer: Writer, site: str, name: str, kind: str | None = None, on: str | None = None
) -> Event:
    """A site (park, market, centre, alliance unit) joins the ledger: the first event of its chain."""
    payload = {"name": name, **({"kind": kind} if kind else {})}
    draft = make_draft(
        type="site_registered", site=site, occurred_at=normalise_occurred(on or today()), actor=writer.actor,
        payload=payload,
    )  # fmt: skip
    return ledger.append(draft, writer.keys)


def grant_role(
    ledger: Ledger, writer: Writer, grantee: str, role: str, site: str, *, public_key: str | None = None,
    on: str | None = None,
) -> Event:  # fmt: skip
    """The buyer makes `grantee` an operator or an assessor of a site; an assessor's grant delegates their key."""
    payload: dict[str, Any] = {"actor": grantee, "role": role}
    if role == "assessor":
        if not public_key:
            raise LedgerError(msg("grant.needs_key", grantee=grantee))
        payload["public_key"] = public_key
    draft = make_draft(
        type="actor_role_granted", site=site, occurred_at=normalise_occurred(on or today()), actor=writer.actor,
        payload=payload,
    )  # fmt: skip
    return ledger.append(draft, writer.keys)


def sign_contract(
    ledger: Ledger, writer: Writer, site: str, scheme_id: str, start: str, fee: str, *, end: str | None = None,
    network_fee: str = "0", buyer_key: str | None = None, schemes_dir: Path | None = None,
) -> Event:  # fmt: skip
    """The buyer's contract: the scheme that scores the site, from when, for what fee; signed by the buyer."""
    from schemes.model import get_scheme

    get_scheme(scheme_id, schemes_dir)  # refuse a scheme id that does not exist before writing anything
    payload: dict[str, Any] = {
        "scheme": scheme_id,
        "start": start,
        "fee_yuan": fee,
        "network_fee_yuan": network_fee,
    }
    if end:
        payload["end"] = end
    if buyer_key:
        payload["buyer_key"] = buyer_key
    draft = make_draft(
        type="contract_signed", site=site, occurred_at=start, actor=writer.actor, payload=payload
    )
    return ledger.append(draft, writer.keys)


# schemes.checks.CHECKED repeated here (tests/test_startup.py checks they match): telling that an operator's
# event needs no scheme check must not import the scheme layer.
CHECKED_TYPES = frozenset({"assessor_judgement", "assessor_rating", "inspection_finding"})


def scheme_check(schemes_dir: Path | None = None) -> Check:
    """An assessor's judgement, rating or finding is checked against the scheme of the contract in force for its
    site on its date (as the batch stands, so a file that signs the contract first is read in order): an item,
    part or finding kind the scheme would never count is refused with "did you mean", never stored and ignored
    (schemes/checks.py)."""

    def check(draft: Any, payload: dict[str, Any], state: State) -> None:
        if draft.type not in CHECKED_TYPES:
            return
        # Loaded only for an assessor's act: an operator's `opsledger log` never imports the scheme layer
        # (schemes.model pulls in every rule and indicator kind, most of the command's start-up).
        from schemes.checks import check_assessor_payload
        from schemes.model import get_scheme

        day = draft.occurred_at[:10]
        scheme_id = state.scheme_on(draft.site, day)
        if scheme_id is None:
            raise LedgerError(msg("act.no_contract", type=draft.type, site=repr(draft.site), day=day))
        check_assessor_payload(get_scheme(scheme_id, schemes_dir), draft.type, payload)

    return check


def log_event(
    ledger: Ledger, writer: Writer, event_type: str, site: str, on: str, fields: Mapping[str, Any], *,
    key: str | None = None, evidence: Iterable[str | Path] = (), covers: str | None = None, allow_future: bool = False,
    confirm: bool = False,
) -> Appended:  # fmt: skip
    """One event of `event_type`, with files as evidence (kept once the event stands). A retry with the same
    idempotency key and content finds the stored event instead of adding one. Checked for plausibility first
    (schemes/plausibility.py): a future date needs `allow_future`, an absurd figure `confirm`."""
    check_type(event_type)
    if evidence:
        from pathlib import Path  # here: most events carry no file, and `log` loads no pathlib (issue 15)

        files = [Path(p) for p in evidence]
    else:
        files = []
    refs = [file_evidence(p) for p in files]
    draft = make_draft(
        type=event_type, site=site, occurred_at=normalise_occurred(on), actor=writer.actor, payload=dict(fields),
        evidence=refs, idempotency_key=key, covers=covers,
    )  # fmt: skip
    from schemes.plausibility import Gate, PlausibilityError

    verdict = Gate(ledger, allow_future=allow_future, confirm=confirm).verdict(draft)
    if verdict.refusals:
        raise PlausibilityError(verdict.refusals[0])
    try:
        event = ledger.append(draft, writer.keys, scheme_check())
    except DuplicateEvent as dup:
        return Appended(ledger.get(dup.seq), duplicate=True)
    if files:  # the evidence store loads only when there is a file to keep (issue 15: `log` start-up)
        from ledger.evidence import keep_files

        keep_files(ledger, files)
    return Appended(event, warnings=verdict.warnings)


def correct(ledger: Ledger, writer: Writer, seq: int, changes: Mapping[str, Any], reason: str) -> Event:
    """Supersede fields of event `seq` (occurred_at moves it); the original stays in the log."""
    if not changes:
        raise LedgerError(msg("correction.empty_bare"))
    target = ledger.get(seq)
    draft = make_draft(
        type="correction", site=target.site, occurred_at=target.occurred_at, actor=writer.actor,
        payload={"target": target.id, "changes": dict(changes), "reason": reason},
    )  # fmt: skip
    return ledger.append(draft, writer.keys)


def retract(ledger: Ledger, writer: Writer, seq: int, reason: str) -> Event:
    """Void event `seq`; the original stays in the log."""
    target = ledger.get(seq)
    draft = make_draft(
        type="retraction", site=target.site, occurred_at=target.occurred_at, actor=writer.actor,
        payload={"target": target.id, "reason": reason},
    )  # fmt: skip
    return ledger.append(draft, writer.keys)


def attach(ledger: Ledger, writer: Writer, seq: int, file: Path, requirement: str = "") -> Event:
    """Attach a file as evidence to event `seq` (kept by the store once the attachment stands). `requirement`
    (the number or a part of the text of one of the 佐证材料 of the items the event backs) is stored as that
    entry's own text, or refused with the list (schemes/evidence_match.py)."""
    from ledger import evidence

    if requirement:
        from schemes.evidence_match import requirement_for

        requirement = requirement_for(ledger, seq, requirement)
    return evidence.attach(ledger, seq, file, writer.actor, requirement, keys=writer.keys)


def import_drafts(
    ledger: Ledger, writer: Writer, drafts: Iterable[Numbered], progress: Any = None
) -> AppendResult:
    """Append a file's drafts in one transaction (all or nothing); duplicates skipped. Assessors' acts in the file
    are checked against the scheme in force like logged ones (the error names the line)."""
    return ledger.append_many(drafts, progress, keys=writer.keys, check=scheme_check())


# -- imports: an event file or a register, checked for plausibility, in one transaction ---------------------
#
# A register is planned first (ledger/registers/reconcile.py: new, corrected, unchanged and missing rows), the
# plan's rows are screened (schemes/plausibility.py), and only then is anything appended: a dry run stops before
# the append, a refused row stops the whole import. An event file streams: its lines are screened on the way
# into the one transaction, which a refused line rolls back.

# (where, 'refused' | 'warning', message): how a face hears about each implausible row as it is found.
Report = Callable[[str, str, str], None]


class RegisterImport(Record):
    plan: Plan
    appended: AppendResult | None  # None for a dry run


def import_register(
    ledger: Ledger, writer: Writer, file: str | Path, mapping_file: str | Path, *, site: str | None = None,
    dry_run: bool = False, retract_missing: bool = False, allow_future: bool = False, confirm: bool = False,
    report: Report | None = None, progress: Any = None,
) -> RegisterImport:  # fmt: skip
    """Plan a register against the ledger, screen its rows, and (unless `dry_run`) append the plan at once."""
    from pathlib import Path

    from ledger.registers import load_mapping, plan_register
    from ledger.registers.reader import RegisterReader
    from schemes.plausibility import Gate

    mapping = load_mapping(mapping_file)
    reader = RegisterReader(file, mapping, actor=writer.actor, site=site, ledger=ledger)
    plan = plan_register(ledger, reader, mapping, file=Path(file).name, actor=writer.actor,
                         site=site or mapping.site, retract_missing=retract_missing)  # fmt: skip
    gate = Gate(ledger, allow_future=allow_future, confirm=confirm)
    rows = ((step.where, step.row) for step in plan.steps if step.row is not None)
    for _ in gate.screen(rows, report or (lambda *_: None)):
        pass  # raises after the last row if any was refused: nothing has been written
    if dry_run:
        return RegisterImport(plan, None)
    try:
        appended = ledger.append_many(plan.drafts(), progress, keys=writer.keys, check=scheme_check())
    except LedgerError as err:
        raise plan.explain(err) from None
    return RegisterImport(plan, appended)


def import_events(
    ledger: Ledger, writer: Writer, file: str | Path, fmt: str | None, *, allow_future: bool = False,
    confirm: bool = False, report: Report | None = None, progress: Any = None,
) -> AppendResult:  # fmt: skip
    """Stream a JSONL or CSV event file into one transaction, each line screened on the way in."""
    from schemes.plausibility import Gate

    gate = Gate(ledger, allow_future=allow_future, confirm=confirm)
    from ledger.import_pipeline import checked_events

    lines = checked_events(file, fmt, actor=writer.actor)  # a large file is read in a second process
    screened = gate.screen(
        lines, report or (lambda *_: None), where=lambda number: text(msg("at.line_only", line=number))
    )
    try:
        return ledger.append_many(screened, progress, keys=writer.keys, check=scheme_check())
    finally:
        lines.close()  # stops the reading process when a line stopped the import


def parse_day(text: str, option: str = "date") -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise LedgerError(msg("date.bad_option", option=option, text=repr(text))) from None
