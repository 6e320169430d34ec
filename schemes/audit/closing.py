"""Closing periods and late events: an assessor closes (site, period), events inside it recorded afterwards are
flagged late, and an assessor may accept one so that it counts."""

from __future__ import annotations

from ledger.catalog_index import META_TYPES
from ledger.envelope import Event, now
from ledger.errors import LedgerError
from ledger.importer import make_draft
from ledger.ledger import Ledger
from ledger.messages import msg
from ledger.trust import Keyring
from ledger.view import current_view
from projections import facts as proj
from projections.periods import Period, PeriodError
from schemes.audit.replay import known_site


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
        raise PeriodError(msg("close.bad_period", period=repr(period_text))) from None
    for done in closes(ledger, site):
        if str(Period.parse(done.payload["period"])) == str(period):
            raise LedgerError(
                msg("close.already", site=site, period=period, seq=done.seq, at=done.recorded_at)
            )
    today = now().date()
    if period.end >= today and not early:
        raise PeriodError(msg("close.not_ended", period=period, end=period.end))
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
        raise LedgerError(msg("accept.meta", seq=seq, type=event.type))
    facts = late_facts(ledger, event.site)
    late_ids = {e.id for e in facts.late}
    if event.id not in late_ids:
        live = {e.id for e in current_view(ledger.events(site=event.site))}
        if event.id not in live:
            raise LedgerError(msg("accept.retracted", seq=seq))
        raise LedgerError(msg("accept.not_late", seq=seq, on=event.occurred_on))
    if event.id in facts.accepted:
        done = next(
            e
            for e in ledger.events(site=event.site, types=["late_event_accepted"])
            if e.payload["target"] == event.id
        )
        raise LedgerError(msg("accept.already", seq=seq, done=done.seq))
    draft = make_draft(
        type="late_event_accepted", site=event.site, occurred_at=event.occurred_at, actor=actor,
        payload={"target": event.id, "reason": reason},
    )  # fmt: skip
    return ledger.append(draft, keys)
