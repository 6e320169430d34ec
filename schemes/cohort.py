"""Cohort schemes score units against each other: rank the scorecards and, where the scheme says so, grade by quota."""

from __future__ import annotations

from collections.abc import Mapping

from projections.indicators import IndicatorValue
from schemes.engine import Scorecard
from schemes.model import Scheme


def rank_cohort(
    scheme: Scheme, cards: list[Scorecard], values: Mapping[str, Mapping[str, IndicatorValue]]
) -> list[Scorecard]:
    """Order by total, best first; equal totals share the better rank (competition ranking: 1, 1, 3)."""
    del values  # quota grading and disqualification read them (wujiang-alliance)
    ordered = sorted(cards, key=lambda c: (-c.total, c.site))
    previous, rank = None, 0
    for position, card in enumerate(ordered, start=1):
        if card.total != previous:
            rank, previous = position, card.total
        card.rank, card.cohort_size = rank, len(ordered)
    del scheme
    return ordered
