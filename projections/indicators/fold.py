"""The pure fold: one site's current-view events in, a value per indicator out. No database, no clock."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Annotated

from ledger.envelope import Event
from ledger.messages import listing, msg
from ledger.record import Record, factory
from projections.indicators.assessor import FindingSpec, JudgementSpec, RatingsSpec
from projections.indicators.base import Fold, IndicatorValue
from projections.indicators.derived import RatioSpec, TotalSpec
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
from projections.modelbase import Field
from projections.periods import Period
from projections.workdays import WorkCalendar

IndicatorSpec = Annotated[
    CountSpec | SumSpec | DistinctSpec | AverageSpec | RatioSpec | StateSpec | LatestSpec | GrowthSpec
    | CadenceSpec | PerEventSpec | StableSpec | JudgementSpec | FindingSpec | TotalSpec | SurveySpec
    | DurationsSpec | DeadlinesSpec | RatingsSpec,
    Field(discriminator="kind"),
]  # fmt: skip

KINDS: tuple[type, ...] = (
    CountSpec, SumSpec, DistinctSpec, AverageSpec, LatestSpec, GrowthSpec, SurveySpec, RatioSpec, TotalSpec,
    StateSpec, CadenceSpec, PerEventSpec, StableSpec, DurationsSpec, DeadlinesSpec, JudgementSpec, RatingsSpec,
    FindingSpec,
)  # fmt: skip


def references(spec: IndicatorSpec) -> list[str]:
    """The other indicators a derived indicator reads."""
    return spec.references()


def by_type(events: Sequence[Event]) -> dict[str, list[Event]]:
    out: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        out[event.type].append(event)
    return out


def resolve(
    specs: Mapping[str, IndicatorSpec], fold: Fold, values: dict[str, IndicatorValue]
) -> dict[str, IndicatorValue]:
    """Derived indicators (ratios, totals) may refer to each other: resolve them in dependency order."""
    pending = {n: s for n, s in specs.items() if s.derived}
    while pending:
        ready = [n for n, s in pending.items() if all(r in values for r in s.references())]
        if not ready:
            raise ValueError(msg("sf.cycle", names=listing(sorted(pending))))
        for name in ready:
            values[name] = pending.pop(name).compute(Fold(fold.by_type, fold.period, fold.scheme, fold.assessed,
                                                          values, fold.calendar, fold.assessed_on))  # fmt: skip
    return values


def compute(
    specs: Mapping[str, IndicatorSpec],
    events: Sequence[Event],
    period: Period,
    *,
    scheme: str = "",
    assessed_on: date | None = None,
    calendar: WorkCalendar | None = None,
) -> dict[str, IndicatorValue]:
    """Fold one site's current-view events (occurred up to the horizon) into indicator values for a period."""
    fold = Fold(by_type(events), period, scheme, assessed_on or period.end, {}, calendar, assessed_on)
    values = {name: spec.compute(fold) for name, spec in specs.items() if not spec.derived}
    return resolve(specs, fold, values)


def compute_periods(
    specs: Mapping[str, IndicatorSpec],
    events: Sequence[Event],
    periods: Sequence[Period],
    *,
    scheme: str = "",
    calendar: WorkCalendar | None = None,
) -> list[dict[str, IndicatorValue]]:
    """`compute` for each of several periods over the same events (a chart's months): the events are grouped by
    type once, not once per period, which was most of a dashboard's chart time (issue 15)."""
    typed = by_type(events)
    out = []
    for period in periods:
        fold = Fold(typed, period, scheme, period.end, {}, calendar, None)
        values = {name: spec.compute(fold) for name, spec in specs.items() if not spec.derived}
        out.append(resolve(specs, fold, values))
    return out


def project(
    specs: Mapping[str, IndicatorSpec],
    values: Mapping[str, IndicatorValue],
    period: Period,
    today: date,
    calendar: WorkCalendar | None = None,
) -> dict[str, IndicatorValue]:
    """Every indicator at the period's end at the current pace (each kind's `project`), derived ones recomputed
    from the projected parts."""
    fold = Fold({}, period, "", period.end, {}, calendar)
    out = {
        n: specs[n].project(v, fold, today) if n in specs and not specs[n].derived else v
        for n, v in values.items()
    }
    return resolve({n: s for n, s in specs.items() if n in values}, fold, out)


def horizon(specs: Mapping[str, IndicatorSpec], period: Period, assessed_on: date | None) -> date:
    """The last occurred date any indicator reads (stable counts look past the period to the assessment,
    deadlines and durations to their last due date)."""
    last = period.end
    for spec in specs.values():
        last = max(last, spec.horizon(period, assessed_on))
    return last


class Reach(Record):
    """How late an event of each type can occur and still count in a period's entry: `until` (the period's end)
    for a type no indicator reads, else the latest horizon of the indicators that read it.

    One horizon for every type made a whole scheme reach as far as its furthest indicator: Chifeng's monthly
    revenue reports count whenever they come (`covers_field`, horizon 9999-12-31), so every job fair, livestream
    and staff change logged today reached back into every quarter since the contract began. Each of those
    quarters' stored entries was then read and written again on every refresh, a cost that grew with the years
    behind a site (issue 15). Per type, an event dated after its type's horizon counts in no indicator: the fold
    leaves it out (`projections.facts.facts_from_log`) and a stored entry is carried past it unread."""

    until: str
    by_type: Mapping[str, str] = factory(dict)

    def __hash__(self) -> int:  # by `until` alone: `by_type` is a dict (equal reaches have equal `until`s)
        return hash(self.until)

    def of(self, event_type: str) -> str:
        return self.by_type.get(event_type, self.until)

    @property
    def last(self) -> str:
        return max(self.until, *self.by_type.values())


def reach(specs: Mapping[str, IndicatorSpec], period: Period, assessed_on: date | None) -> Reach:
    """Each event type's horizon in a period's entry (`Reach`): the latest `horizon` of the indicators whose
    selectors read the type (`Spec.reads`, every role), and the period's end for the types none reads."""
    until = period.end.isoformat()
    by_type: dict[str, str] = {}
    for spec in specs.values():
        last = spec.horizon(period, assessed_on).isoformat()
        for read in spec.reads():
            for event_type in read.types:
                by_type[event_type] = max(by_type.get(event_type, until), last)
    return Reach(until, {t: d for t, d in by_type.items() if d > until})
