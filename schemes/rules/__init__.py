"""Rule kinds (one per `kind` in a scheme file's items): each reads indicator values, calls a primitive and says
in Chinese and English why the points are what they are, what it asks of each indicator and what would raise
it. docs/scheme-reference.md lists every kind with its parameters.

    primitives   pure number functions (tier_points, per_unit_points, rank_points, quota_grades, ...)
    base         Outcome, Gap, RuleTarget, RuleContext, and the Rule interface
    counting     tiers, per_unit, flag, all_or_nothing, proportional
    deductions   deductions (terms, groups that count one shortfall once), penalty
    judged       judgement (met, shortfalls, or the assessor's points)
    ranked       rank (cohort)
    composite    sum, services
"""

from __future__ import annotations

from typing import Annotated, Any

from projections.modelbase import Field
from schemes.bands import Band
from schemes.rules.base import Gap, Outcome, Rule, RuleContext, RuleTarget
from schemes.rules.composite import Check, Service, Services, Sum
from schemes.rules.counting import AllOrNothing, BandSpec, Flag, PerUnit, Proportional, Target, Tiers
from schemes.rules.deductions import Deductions, Penalty, Term
from schemes.rules.judged import Judgement
from schemes.rules.primitives import (
    capped,
    deduct_floored,
    per_unit_points,
    quota_grades,
    rank_points,
    shortfall,
    tier_points,
)
from schemes.rules.ranked import Rank

RuleSpec = Annotated[
    Tiers
    | PerUnit
    | Flag
    | AllOrNothing
    | Deductions
    | Judgement
    | Penalty
    | Rank
    | Sum
    | Services
    | Proportional,
    Field(discriminator="kind"),
]
KINDS: tuple[type[Rule], ...] = (Tiers, PerUnit, Flag, AllOrNothing, Proportional, Deductions, Penalty, Judgement,
                                 Rank, Sum, Services)  # fmt: skip


def describe_rule(rule: Any) -> str:
    """A compact one-line summary of a rule's parameters for `scheme show`."""
    # mode="json": nested decimals print as '3', not Decimal('3')
    data = rule.model_dump(mode="json", exclude_defaults=True, exclude={"note"})
    return ", ".join(f"{k}={v}" for k, v in data.items())


def walk(rule: Rule) -> list[Rule]:
    """The rule and every rule inside it (a sum's terms)."""
    return [rule, *(t for term in getattr(rule, "terms", ()) if isinstance(term, Rule) for t in walk(term))]


__all__ = [
    "KINDS", "AllOrNothing", "Band", "BandSpec", "Check", "Deductions", "Flag", "Gap", "Judgement", "Outcome",
    "Penalty", "PerUnit", "Proportional", "Rank", "Rule", "RuleContext", "RuleSpec", "RuleTarget", "Service",
    "Services", "Sum", "Target", "Term", "Tiers", "capped", "deduct_floored", "describe_rule", "per_unit_points",
    "quota_grades", "rank_points", "shortfall", "tier_points", "walk",
]  # fmt: skip
