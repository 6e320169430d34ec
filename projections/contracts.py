"""A site's contracts, from its log: what the scheme layer scores under and the plausibility gate of every
`opsledger log` bounds by, in a module of its own so that reading them does not load the indicator kinds."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from ledger.envelope import Event
from ledger.record import Record
from ledger.view import current_view

if TYPE_CHECKING:
    from ledger.ledger import Ledger
    from projections.periods import Period


class Contract(Record):
    """A site's contract in force: its scheme, start date and fee (from a contract_signed event)."""

    site: str
    scheme: str
    start: date
    end: date | None
    fee_yuan: Decimal
    network_fee_yuan: Decimal
    seq: int

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def in_force(self, period: Period) -> bool:
        """In force at the period's first or last day: the contract a period is scored under."""
        return self.covers(period.start) or self.covers(period.end)


def contracts_from(log: Iterable[Event]) -> list[Contract]:
    """The contracts in a site's log (corrections applied, retracted ones gone), in the order signed."""
    view = current_view(e for e in log if e.type in ("contract_signed", "correction", "retraction"))
    out = []
    for e in view:
        if e.type == "contract_signed":
            p = e.payload
            out.append(Contract(
                e.site, p["scheme"], date.fromisoformat(p["start"]), date.fromisoformat(p["end"]) if p.get("end") else None,
                Decimal(p["fee_yuan"]), Decimal(p.get("network_fee_yuan") or 0), e.seq,
            ))  # fmt: skip
    return out


def contracts(ledger: Ledger, site: str, as_of: str | None = None) -> list[Contract]:
    return contracts_from(
        ledger.events(site=site, types=["contract_signed", "correction", "retraction"], as_of=as_of)
    )
