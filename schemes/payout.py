"""What a score means in money, per scheme (filled in by the money issue)."""

from __future__ import annotations

from typing import Any

from projections.periods import Period
from projections.store import Contract
from schemes.engine import Scorecard
from schemes.model import Scheme


def money_for(scheme: Scheme, card: Scorecard, contract: Contract, period: Period) -> dict[str, Any]:
    """Fee consequences of one scorecard; the consequence rows of the scheme until payouts are encoded."""
    deducted = sum((int(c["fee_deduction_pct"]) for c in card.consequences), 0)
    del scheme, period
    return {"fee_yuan": contract.fee_yuan, "deduction_pct": deducted}
