"""Who may write what: actors' roles are themselves events, folded here into a small lookup."""

from __future__ import annotations

from collections.abc import Iterable

from ledger.catalog_index import ASSESSOR_ONLY_TYPES
from ledger.errors import LedgerError
from ledger.messages import msg
from ledger.record import Record, factory

ALL_SITES = "*"


class Roles(Record, frozen=False):
    """Assessor grants per actor; everyone else writes as an operator."""

    assessors: dict[str, set[str]] = factory(dict)  # actor -> sites (or "*")

    def grant(self, actor: str, role: str, site: str) -> None:
        if role == "assessor":
            self.assessors.setdefault(actor, set()).add(site)
        else:
            # An operator grant withdraws assessor rights for that site: one actor, one role per site.
            self.assessors.get(actor, set()).discard(site)

    def is_assessor(self, actor: str, site: str) -> bool:
        sites = self.assessors.get(actor, set())
        return site in sites or ALL_SITES in sites

    def any_assessor(self, site: str | None = None) -> bool:
        """Whether anyone is an assessor (for `site`, if given: there, or everywhere)."""
        if site is None:
            return any(self.assessors.values())
        return any(site in sites or ALL_SITES in sites for sites in self.assessors.values())

    def check(self, event_type: str, actor: str, site: str, doing: object = None) -> None:
        """Refuse assessor-only events from non-assessors (who may grant roles is ledger/trust.py's: the buyer)."""
        if event_type in ASSESSOR_ONLY_TYPES and not self.is_assessor(actor, site):
            raise LedgerError(msg("role.assessor_only", doing=doing or event_type, actor=actor, site=site))


def fold_roles(grants: Iterable[tuple[str, dict[str, str]]]) -> Roles:
    """Roles from (site, payload) pairs of actor_role_granted events, in log order."""
    roles = Roles()
    for site, payload in grants:
        roles.grant(payload["actor"], payload["role"], site)
    return roles
