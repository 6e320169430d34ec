"""Which stored projection entries a ledger calls for: one per assessment period of every contract of every
registered site, from the contract's start to its end or the ledger's last event (`replay_keys`), found from
one read of the contracts and of what amends them (`contract_events`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ledger.envelope import Event
from ledger.ledger import Ledger
from projections import facts as proj
from projections.periods import period_of
from schemes.model import Scheme, scheme_paths
from schemes.targets import Target, load_scheme, projection_key


def replay_keys(ledger: Ledger, schemes_dir: Path | None = None) -> list[tuple[str, str, Target]]:
    """Every assessment period of every contract, from its start to its end or the last event."""
    last = ledger.store.last_occurred_on()
    if last is None:
        return []
    keys: list[tuple[str, str, Target]] = []
    paths = scheme_paths(schemes_dir)
    loaded: dict[str, Scheme] = {}  # each scheme file looked at once, not once per contract
    # Every site's contracts from one read of the contracts and what amends them, not one read per site (issue 15).
    logs: dict[str, list[Event]] = {site: [] for site in ledger.registered_sites()}
    for e in contract_events(ledger):
        if e.site in logs:
            logs[e.site].append(e)
    for site, log in logs.items():
        for c in proj.contracts_from(log):
            scheme = loaded.get(c.scheme) or loaded.setdefault(
                c.scheme, load_scheme(c.scheme, schemes_dir, paths)
            )
            stop = min(c.end or date.fromisoformat(last), date.fromisoformat(last))
            period = period_of(scheme.assessed_every, c.start)
            while period.start <= stop:
                target = Target(scheme, period, None, c)
                keys.append((site, projection_key(target, None), target))
                period = period.next()
    return keys


def contract_events(ledger: Ledger) -> list[Event]:
    """The contract_signed events and every correction and retraction that amends one (or amends one of those),
    in seq order: what `contracts_from` reads of each site's log. Found by their targets, where reading every
    correction and retraction of the ledger grew with the log (most amend the daily facts)."""
    found = {e.seq: e for e in ledger.events(types=["contract_signed"])}
    targets = {e.id for e in found.values()}
    while targets:
        more = [e for e in ledger.store.amending(targets) if e.seq not in found]
        found.update((e.seq, e) for e in more)
        targets = {e.id for e in more}
    return [found[seq] for seq in sorted(found)]
