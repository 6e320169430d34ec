"""The small read model writes are checked against: registered sites, roles, and each site's trust state (the
buyer's root key and the keys it delegated).

Folded from the ledger's administration events only (a few per site), so loading it costs little even on a
large ledger, and it is the same on every backend. The appender keeps it current as it stages a batch.
"""

from __future__ import annotations

from collections.abc import Iterable

from ledger import trust
from ledger.envelope import Event
from ledger.record import Record, factory
from ledger.roles import Roles

STATE_TYPES = (
    "site_registered",
    "actor_role_granted",
    "assessor_key_registered",
    "contract_signed",
    "ledger_migrated",
)


class State(Record, frozen=False):
    """What a writer may do, as the log stands."""

    sites: dict[str, str] = factory(dict)  # site id -> display name
    roles: Roles = factory(Roles)
    authority: dict[str, trust.Authority] = factory(dict)  # site -> its trust state
    # site -> (scheme, start, end) of each contract signed, in log order (the scheme layer checks assessors'
    # acts against the one in force; corrections of a contract's scheme or dates are rare and not followed here)
    contracts: dict[str, list[tuple[str, str, str | None]]] = factory(dict)

    def scheme_on(self, site: str, day: str) -> str | None:
        """The scheme of the last contract signed for `site` that covers `day` (YYYY-MM-DD), if any."""
        found = None
        for scheme, start, end in self.contracts.get(site, []):
            if start <= day and (end is None or day <= str(end)):
                found = scheme
        return found

    def trust(self, site: str) -> trust.Authority:
        return self.authority.setdefault(site, trust.Authority())

    @classmethod
    def fold(cls, events: Iterable[Event]) -> State:
        state = cls()
        for e in events:
            state.apply(e)
        return state

    def apply(self, e: Event) -> None:
        """Take one stored (or staged) event into account."""
        p = e.payload
        if e.type == "site_registered":
            self.sites.setdefault(e.site, p["name"])
        elif e.type == "actor_role_granted":
            self.roles.grant(p["actor"], p["role"], e.site)
        elif e.type == "contract_signed":
            self.contracts.setdefault(e.site, []).append((p["scheme"], str(p["start"]), p.get("end")))
        auth = self.trust(e.site)
        if e.type == "assessor_key_registered" or e.signature is None and e.site_seq <= auth.legacy_until:
            trust._apply_legacy(e, auth)
        else:
            trust.apply(e, auth)
