"""What each event did to a scorecard: item-by-item differences, the event-at-a-time walk, and `diff` between
two instants (`opsledger diff`; the sign-off audit walks the events recorded since a sign-off the same way)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from ledger.catalog_index import META_TYPES
from ledger.envelope import Event
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from ledger.messages import Message, msg
from projections import facts as proj
from projections.indicators import horizon
from projections.numbers import fmt
from schemes import service
from schemes.audit.replay import _score, _score_target, known_site, period_label, scope_sites
from schemes.engine import Scorecard
from schemes.late import status_text

# Events that can change a period's score even when dated after it (they act on other events or on the period).
ALWAYS_RELEVANT = frozenset(
    {"correction", "retraction", "period_closed", "late_event_accepted", "contract_signed"}
)

RESOLVE_TYPES = frozenset({"contract_signed", "correction", "retraction", "site_registered"})


@dataclass(frozen=True)
class ItemChange:
    id: str
    before: Decimal | None  # None: the item was not on that scorecard
    after: Decimal | None
    inputs_before: dict[str, Decimal | None]
    inputs_after: dict[str, Decimal | None]

    def text(self) -> str:
        pts = msg("chg.points", before=fmt(self.before), after=fmt(self.after))
        moved = [
            f"{name} {fmt(self.inputs_before.get(name))} → {fmt(self.inputs_after.get(name))}"
            for name in sorted(set(self.inputs_before) | set(self.inputs_after))
            if self.inputs_before.get(name) != self.inputs_after.get(name)
        ]
        said = msg("chg.moved", moved=joined(moved)) if moved else ""
        return str(msg("chg.item", id=self.id, points=pts, moved=said))


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
            msg("chg.grade", before=self.grade_before, after=self.grade_after)
            if self.grade_before != self.grade_after
            else ""
        )
        return str(msg("chg.total", before=fmt(self.total_before), after=fmt(self.total_after), grade=grade))


def describe(ledger: Ledger, event: Event) -> str:
    """'recorded job_fair_held', 'correction of #12 (viewers=80)', 'retraction of #14', ... in the reader's
    language (rendered now: a step's label is printed with the report it is made for)."""
    return str(_described(ledger, event))


def _described(ledger: Ledger, event: Event) -> Message:
    p = event.payload
    if event.type in META_TYPES or event.type == "late_event_accepted":
        target = ledger.get_by_id(p["target"])
        ref = f"#{target.seq} {target.type}" if target else p["target"]
        if event.type == "correction":
            changes = ", ".join(f"{k}={v}" for k, v in p["changes"].items())
            return msg("chg.correction", ref=ref, changes=changes, reason=p["reason"])
        if event.type == "retraction":
            return msg("chg.retraction", ref=ref, reason=p["reason"])
        if event.type == "late_event_accepted":
            return msg("chg.late_accepted", ref=ref, reason=p["reason"])
        return msg("chg.evidence", ref=ref, file=p["file_name"])
    if event.type == "period_closed":
        return msg("chg.closed", period=p["period"])
    if event.type == "score_signed_off":
        return msg("chg.signoff", period=p["period"], scheme=p["scheme"], total=p["total"])
    if event.type == "assessor_judgement":
        return msg("chg.judgement", item=p["item"], met=str(p["met"]).lower(), shortfalls=p["shortfalls"])
    return msg("chg.recorded", type=event.type, occurred=event.occurred_at)


def joined(parts: Sequence[str | Message]) -> str | Message:
    """Parts as one value, separated by semicolons in the reader's language."""
    out: str | Message = parts[0] if parts else ""
    for part in parts[1:]:
        out = msg("audit.sep", a=out, b=part)
    return out


def _late_status(card: Scorecard, ledger: Ledger, event: Event) -> str | None:
    seqs = {event.seq}
    if "target" in event.payload:
        target = ledger.get_by_id(event.payload["target"])
        if target:
            seqs.add(target.seq)
    for late in card.late:
        if late["seq"] in seqs:
            return f"#{late['seq']} {status_text(late)}"
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
        raise LedgerError(msg("diff.dates"))
    if a >= b:
        raise LedgerError(msg("diff.order", start=t1, end=t2))
    known_site(ledger, site)
    label = period_label(ledger, site, period_text, scheme_id)
    sites = scope_sites(ledger, site, label, scheme_id, schemes_dir)
    everything = list(ledger.events(sites=sites, as_of=b))
    base = [e for e in everything if e.recorded_at <= a]
    window = [e for e in everything if e.recorded_at > a]
    if not any(e.type == "site_registered" and e.site == site for e in base):
        raise LedgerError(msg("diff.site_later", site=site, at=a))
    before, after, steps, outside = walk(
        base, window, site, label, scheme_id=scheme_id, schemes_dir=schemes_dir, keep_unchanged=True
    )
    return Diff(site, label, a, b, before, after, steps, outside)
