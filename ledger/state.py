"""The small read model writes are checked against: registered sites, roles and registered keys.

Folded from the ledger's administration events only (a few per site), so loading it costs little even on a
large ledger, and it is the same on every backend. The appender keeps it current as it stages a batch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ledger.envelope import Event
from ledger.roles import Roles

STATE_TYPES = ("site_registered", "actor_role_granted", "assessor_key_registered")


@dataclass
class State:
    """What a writer may do, as the log stands."""

    sites: dict[str, str] = field(default_factory=dict)  # site id -> display name
    roles: Roles = field(default_factory=Roles)
    keys: dict[tuple[str, str], str] = field(default_factory=dict)  # (actor, site) -> public key hex

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
        elif e.type == "assessor_key_registered":
            self.keys.setdefault((p["actor"], e.site), p["public_key"])
