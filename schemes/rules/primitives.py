"""Rule primitives: pure functions from numbers to points. Every primitive takes Decimals and returns Decimals."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Literal

from projections.numbers import ZERO, floor_div
from schemes.bands import Band

__all__ = ["Band", "capped", "deduct_floored", "per_unit_points", "quota_grades", "rank_points", "shortfall",
           "tier_points"]  # fmt: skip


def tier_points(
    value: Decimal, bands: Sequence[Band], otherwise: Decimal = ZERO
) -> tuple[Decimal, Band | None]:
    """The first band (in document order) that holds the value; `otherwise` when none does."""
    for band in bands:
        if band.holds(value):
            return band.points, band
    return otherwise, None


def per_unit_points(count: Decimal, per: Decimal, each: Decimal, cap: Decimal | None, *, offset: Decimal = ZERO,
                    partial: bool = False) -> Decimal:  # fmt: skip
    """ "每5单0.4分": whole units of `per` beyond `offset`, times `each`, capped. 150 orders, per 5, 0.4 -> 12."""
    units = max(ZERO, count - offset)
    units = units / per if partial else floor_div(units, per)
    points = units * each
    return min(points, cap) if cap is not None else points


def deduct_floored(max_points: Decimal, deduction: Decimal) -> Decimal:
    """ "直至扣完该项为止": the item never goes below zero."""
    return max(ZERO, max_points - deduction)


def capped(value: Decimal, cap: Decimal | None) -> Decimal:
    return value if cap is None else min(value, cap)


def shortfall(value: Decimal, target: Decimal) -> Decimal:
    return max(ZERO, target - value)


def rank_points(values: Mapping[str, Decimal | None], top: Decimal, step: Decimal, floor: Decimal,
                qualifies: Callable[[str], bool], ties: Literal["shared", "dense"] = "shared"
                ) -> dict[str, tuple[Decimal, int | None]]:  # fmt: skip
    """Rank-based points: the best qualifying unit gets `top`, each rank lower `step` less, not below `floor`.

    Ties: units with equal values share the better rank; with "shared" (competition ranking, 1,1,3) the next
    unit drops by as many ranks as units ahead of it; with "dense" (1,1,2) by one. Non-qualifying units get 0.
    """
    ranked = sorted(
        ((v, s) for s, v in values.items() if v is not None and qualifies(s)), key=lambda p: -p[0]
    )
    out: dict[str, tuple[Decimal, int | None]] = {s: (ZERO, None) for s in values}
    rank, dense, previous = 0, 0, None
    for position, (value, site) in enumerate(ranked, start=1):
        if value != previous:
            rank, dense, previous = position, dense + 1, value
        place = rank if ties == "shared" else dense
        out[site] = (max(floor, top - step * (place - 1)), place)
    return out


def quota_grades(ranked: Sequence[str], quotas: Sequence[tuple[str, Decimal]], rest: str,
                 eligible: Callable[[str], bool], *, totals: Mapping[str, Decimal] | None = None,
                 ties: Literal["next_grade", "exceed"] = "next_grade") -> dict[str, str]:  # fmt: skip
    """Grades by quota in rank order: e.g. A <= 10%, B <= 20%, C <= 30% of units; the rest get `rest`.

    A quota's seat count is floor(share x units) ("不超过"): with 12 units, A has 1 seat, B 2, C 3.
    Ineligible units (unqualified) never take a quota seat. With `totals`, units with equal totals are one
    group graded together: "next_grade" moves a group that does not fit in the seats left down to the next
    grade (seats stay empty, the quota is a ceiling); "exceed" gives the whole group the grade.
    """
    n = len(ranked)
    seats = [(grade, int(floor_div(share * n, Decimal(1)))) for grade, share in quotas]
    grades: dict[str, str] = {}
    groups: list[list[str]] = []
    for site in (s for s in ranked if eligible(s)):
        if groups and totals is not None and totals[groups[-1][0]] == totals[site]:
            groups[-1].append(site)
        else:
            groups.append([site])
    for grade, count in seats:
        left = count
        while groups and left > 0 and (len(groups[0]) <= left or ties == "exceed"):
            group = groups.pop(0)
            for site in group:
                grades[site] = grade
            left -= len(group)
    for site in ranked:
        grades.setdefault(site, rest)
    return grades
