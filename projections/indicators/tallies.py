"""Tallies and readings over a selector's events: count, sum, distinct, average, latest, growth, survey."""

# No `from __future__ import annotations` here: pydantic reads this module's model annotations as the objects
# they are, instead of compiling and evaluating each one from a string when `score` loads it (issue 15).

from collections import defaultdict
from decimal import Decimal
from typing import Any, ClassVar, Literal

from projections.dec import Dec
from projections.indicators.base import (
    Fold,
    IndicatorValue,
    Reads,
    Selector,
    Spec,
    selector_reads,
    seqs,
    text,
)
from projections.numbers import ZERO, round_half_up, to_decimal


class CountSpec(Spec, Selector):
    """Number of matching events; with `group_by` and `cap_each`, each group counts at most `cap_each`.

    Wujiang: poor company evaluations of outbound trips, -1 each but "每次赴外招聘最多扣5分" (group_by = "trip").
    """

    kind: Literal["count"]
    group_by: str | None = None
    cap_each: Dec | None = None
    charted: ClassVar[bool] = True
    detail_keys: ClassVar[tuple[str, ...]] = ("groups", "uncapped")

    @property
    def paced(self) -> bool:  # type: ignore[override]
        return self.group_by is None  # a capped group count does not scale

    def reads(self) -> list[Reads]:
        return [selector_reads(self, extra=[self.group_by] if self.group_by else [])]

    def compute(self, fold: Fold) -> IndicatorValue:
        hits = fold.typed(self, *fold.window(self))
        if self.group_by is None:
            return IndicatorValue(Decimal(len(hits)), seqs(hits))
        groups: dict[str, int] = defaultdict(int)
        for e in hits:
            groups[str(e.payload.get(self.group_by))] += 1
        cap = self.cap_each
        capped = sum((Decimal(n) if cap is None else min(Decimal(n), cap) for n in groups.values()), ZERO)
        return IndicatorValue(
            capped, seqs(hits), {"groups": dict(sorted(groups.items())), "uncapped": len(hits)}
        )


class SumSpec(Spec, Selector):
    """Sum of a numeric payload field over matching events."""

    kind: Literal["sum"]
    field: str
    paced: ClassVar[bool] = True
    charted: ClassVar[bool] = True

    def reads(self) -> list[Reads]:
        return [selector_reads(self, extra=[self.field])]

    def is_integral(self, int_field: Any) -> bool:
        return all(int_field(t, self.field) for t in self.types())

    def compute(self, fold: Fold) -> IndicatorValue:
        hits = fold.typed(self, *fold.window(self))
        total = sum((to_decimal(e.payload.get(self.field) or 0) for e in hits), ZERO)
        return IndicatorValue(total, seqs(hits))


class DistinctSpec(Spec, Selector):
    """Number of distinct values of a field (e.g. people, companies)."""

    kind: Literal["distinct"]
    field: str

    def reads(self) -> list[Reads]:
        return [selector_reads(self, extra=[self.field])]

    def compute(self, fold: Fold) -> IndicatorValue:
        hits = fold.typed(self, *fold.window(self))
        return IndicatorValue(Decimal(len({e.payload.get(self.field) for e in hits})), seqs(hits))


class AverageSpec(Spec, Selector):
    """Mean of a numeric field; None when nothing matched."""

    kind: Literal["average"]
    field: str
    integral: ClassVar[bool] = False
    detail_keys: ClassVar[tuple[str, ...]] = ("raw_mean", "n")

    def reads(self) -> list[Reads]:
        return [selector_reads(self, extra=[self.field])]

    def compute(self, fold: Fold) -> IndicatorValue:
        hits = [e for e in fold.typed(self, *fold.window(self)) if e.payload.get(self.field) is not None]
        if not hits:
            return IndicatorValue(None)
        mean = sum((to_decimal(e.payload[self.field]) for e in hits), ZERO) / len(hits)
        if self.round_places is not None:
            mean = round_half_up(mean, self.round_places)
        return IndicatorValue(mean, seqs(hits), {"raw_mean": str(mean), "n": len(hits)})


class LatestSpec(Spec, Selector):
    """The last reading of a field on or before the period's end (a follower count, a rating)."""

    kind: Literal["latest"]
    field: str

    def reads(self) -> list[Reads]:
        return [selector_reads(self, extra=[self.field])]

    def is_integral(self, int_field: Any) -> bool:
        return all(int_field(t, self.field) for t in self.types())

    def compute(self, fold: Fold) -> IndicatorValue:
        end = fold.window(self)[1]
        hits = [e for e in fold.typed(self) if e.occurred_on <= end]
        if not hits:
            return IndicatorValue(None)
        last = max(hits, key=lambda e: (e.occurred_at, e.seq))
        return IndicatorValue(to_decimal(last.payload[self.field]), (last.seq,))


class GrowthSpec(Spec, Selector):
    """Growth in percent of a reading: last reading in the period vs. the last reading before it starts."""

    kind: Literal["growth"]
    field: str
    integral: ClassVar[bool] = False
    lowest: ClassVar[Decimal | None] = None
    detail_keys: ClassVar[tuple[str, ...]] = ("baseline", "latest")

    def reads(self) -> list[Reads]:
        return [selector_reads(self, extra=[self.field])]

    def compute(self, fold: Fold) -> IndicatorValue:
        start, end = fold.window(self)
        readings = sorted(
            (e for e in fold.typed(self) if e.occurred_on <= end), key=lambda e: (e.occurred_at, e.seq)
        )
        before = [e for e in readings if e.occurred_on < start]
        during = [e for e in readings if e.occurred_on >= start]
        # Baseline: the last reading before the period; without one, the first reading inside it.
        base = before[-1] if before else (during[0] if len(during) > 1 else None)
        if base is None or not during:
            return IndicatorValue(None, seqs(during))
        first, last = to_decimal(base.payload[self.field]), to_decimal(during[-1].payload[self.field])
        detail = {"baseline": text(first), "latest": text(last)}
        if first == 0:
            return IndicatorValue(None, (base.seq, during[-1].seq), detail)
        return IndicatorValue((last - first) / first * 100, (base.seq, during[-1].seq), detail)


class SurveySpec(Spec):
    """A satisfaction survey, from individual answers (survey_response) and from summaries where the operator
    only has the aggregate (survey_summary: respondents, satisfied, mean score): a summary counts wherever the
    answers it summarises would.

    measure "respondents": people who answered; "asked": those who answered the satisfied question;
    "satisfied": those satisfied; "rate": satisfied / asked x 100; "mean_score": the mean score, each summary
    weighted by its respondents.
    """

    kind: Literal["survey"]
    survey: str
    measure: Literal["respondents", "asked", "satisfied", "rate", "mean_score"]
    detail_keys: ClassVar[tuple[str, ...]] = ("respondents", "asked", "satisfied", "n", "summaries")

    @property
    def integral(self) -> bool:  # type: ignore[override]
        return self.measure in ("respondents", "asked", "satisfied")

    def _selectors(self) -> tuple[Selector, Selector]:
        where = {"survey": self.survey}
        # Values this spec vouches for (two type names, its own validated survey): made without validation, as
        # a `score` with the plain models (projections/modelbase.py) can make them too.
        return (Selector.model_construct(type="survey_response", where=where),
                Selector.model_construct(type="survey_summary", where=where))  # fmt: skip

    def reads(self) -> list[Reads]:
        answers, summaries = self._selectors()
        return [
            selector_reads(answers, extra=["satisfied", "score"]),
            selector_reads(summaries, extra=["respondents", "satisfied", "mean_score"]),
        ]

    def compute(self, fold: Fold) -> IndicatorValue:
        answers_sel, summaries_sel = self._selectors()
        start, end = fold.window(self)
        answers = fold.typed(answers_sel, start, end)
        summaries = fold.typed(summaries_sel, start, end)
        hits = sorted(answers + summaries, key=lambda e: e.seq)
        people = len(answers) + sum(int(e.payload["respondents"]) for e in summaries)
        asked = [e for e in answers if e.payload.get("satisfied") is not None]
        asked_n = len(asked) + sum(
            int(e.payload["respondents"]) for e in summaries if e.payload.get("satisfied") is not None
        )
        happy = sum(1 for e in asked if e.payload["satisfied"]) + sum(
            int(e.payload["satisfied"]) for e in summaries if e.payload.get("satisfied") is not None
        )
        scored = [e for e in answers if e.payload.get("score") is not None]
        weighted = [e for e in summaries if e.payload.get("mean_score") is not None]
        scored_n = len(scored) + sum(int(e.payload["respondents"]) for e in weighted)
        score_sum = sum((to_decimal(e.payload["score"]) for e in scored), ZERO) + sum(
            (to_decimal(e.payload["mean_score"]) * int(e.payload["respondents"]) for e in weighted), ZERO
        )
        detail = {"respondents": people, "satisfied": happy, "asked": asked_n, "n": scored_n,
                  "summaries": [e.seq for e in summaries]}  # fmt: skip
        value: Decimal | None
        if self.measure == "respondents":
            value = Decimal(people)
        elif self.measure == "asked":
            value = Decimal(asked_n)
        elif self.measure == "satisfied":
            value = Decimal(happy)
        elif self.measure == "rate":
            value = Decimal(happy) / Decimal(asked_n) * 100 if asked_n else None
        else:
            value = score_sum / Decimal(scored_n) if scored_n else None
        if value is not None and self.round_places is not None:
            value = round_half_up(value, self.round_places)
        if self.measure == "mean_score" and value is None:
            return IndicatorValue(None)  # no answer with a score: no data, not zero
        return IndicatorValue(value, seqs(hits), detail)
