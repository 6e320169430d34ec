"""Indicator specs (declared in scheme files) and the pure fold that computes them from events.

`compute(specs, events, period, ...)` takes the current view of one site's events and returns a value per
indicator. No database, no clock: events in, values out. Every kind implements one interface (`base.Spec`):
compute, references, reads, project, horizon; docs/scheme-reference.md lists them with their parameters.
"""

from projections.indicators.assessor import FindingSpec, JudgementSpec, RatingsSpec
from projections.indicators.base import (
    Fold,
    IndicatorValue,
    Reads,
    Selector,
    Spec,
    condition_values,
    covered,
    matches,
    pace_factor,
    within,
)
from projections.indicators.derived import RatioSpec, TotalSpec, ratio, total
from projections.indicators.fold import (
    KINDS,
    IndicatorSpec,
    Reach,
    compute,
    compute_periods,
    horizon,
    project,
    reach,
    references,
)
from projections.indicators.tallies import (
    AverageSpec,
    CountSpec,
    DistinctSpec,
    GrowthSpec,
    LatestSpec,
    SumSpec,
    SurveySpec,
)
from projections.indicators.timing import (
    CadenceSpec,
    DeadlinesSpec,
    DurationsSpec,
    PerEventSpec,
    StableSpec,
    StateSpec,
)

_ratio = ratio  # the names the seed tests import
_total = total

__all__ = [
    "KINDS", "AverageSpec", "CadenceSpec", "CountSpec", "DeadlinesSpec", "DistinctSpec", "DurationsSpec",
    "FindingSpec", "Fold", "GrowthSpec", "IndicatorSpec", "IndicatorValue", "JudgementSpec", "LatestSpec",
    "PerEventSpec", "RatingsSpec", "RatioSpec", "Reach", "Reads", "Selector", "Spec", "StableSpec", "StateSpec", "SumSpec",
    "SurveySpec", "TotalSpec", "compute", "compute_periods", "condition_values", "covered", "horizon", "matches", "pace_factor",
    "project", "ratio", "reach", "references", "total", "within",
]  # fmt: skip
