"""Which accumulator a spec's kind has (None: recomputed from its typed events), and the types it reads."""

from __future__ import annotations

from projections.accumulate.base import Kind
from projections.accumulate.counts import (
    AverageKind,
    CadenceKind,
    CountKind,
    DistinctKind,
    FindingKind,
    PerEventKind,
    SumKind,
    SurveyKind,
)
from projections.accumulate.readings import GrowthKind, JudgementKind, LatestKind, LatestPerKind, StateKind
from projections.accumulate.stable import StableKind
from projections.indicators.assessor import FindingSpec, JudgementSpec
from projections.indicators.base import Spec
from projections.indicators.tallies import (
    AverageSpec,
    CountSpec,
    DistinctSpec,
    GrowthSpec,
    LatestSpec,
    SumSpec,
    SurveySpec,
)
from projections.indicators.timing import CadenceSpec, PerEventSpec, StableSpec, StateSpec

KINDS: dict[type, Kind] = {
    CountSpec: CountKind(), SumSpec: SumKind(), DistinctSpec: DistinctKind(), AverageSpec: AverageKind(),
    PerEventSpec: PerEventKind(), CadenceSpec: CadenceKind(), FindingSpec: FindingKind(), SurveySpec: SurveyKind(),
    LatestSpec: LatestKind(), JudgementSpec: JudgementKind(), StateSpec: StateKind(), StableSpec: StableKind(),
    GrowthSpec: GrowthKind(),
}  # fmt: skip
_LATEST_PER = LatestPerKind()


_KIND_OF: dict[int, tuple[Spec, Kind | None]] = {}


def kind_of(spec: Spec) -> Kind | None:
    """The accumulator of a spec's kind; None for kinds recomputed from their typed events (and for a count with
    `group_by` keeping only the latest event per key). Memoised per spec object (scheme files are loaded once)."""
    hit = _KIND_OF.get(id(spec))
    if hit is not None and hit[0] is spec:
        return hit[1]
    kind = _kind_of(spec)
    _KIND_OF[id(spec)] = (spec, kind)
    return kind


def _kind_of(spec: Spec) -> Kind | None:
    if spec.derived:
        return None
    if getattr(spec, "latest_per", None):
        plain = type(spec) is SumSpec or (type(spec) is CountSpec and spec.group_by is None)
        return _LATEST_PER if plain else None
    return KINDS.get(type(spec))


def types_of(spec: Spec) -> frozenset[str]:
    """The event types a spec reads (what marks a spec without an accumulator dirty)."""
    return frozenset(t for r in spec.reads() for t in r.types)
