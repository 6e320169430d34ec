"""What assessors record about a scheme's items: judgements (met, shortfalls, points), ratings of named aspects,
and inspection findings. They are filtered by the scheme id and item, and window by the period they cover."""

# No `from __future__ import annotations` here: pydantic reads this module's model annotations as the objects
# they are, instead of compiling and evaluating each one from a string when `score` loads it (issue 15).

from decimal import Decimal
from typing import ClassVar, Literal

from ledger.messages import msg
from projections.dec import Dec
from projections.indicators.base import Fold, IndicatorValue, Reads, Spec, seqs, within
from projections.modelbase import model_validator
from projections.numbers import ZERO, to_decimal


class JudgementSpec(Spec):
    """The latest assessor judgement on a scheme item in the period: value = shortfalls, detail.met (and the
    assessor's `points` where the item lets the assessor give them)."""

    kind: Literal["judgement"]
    item: str
    detail_keys: ClassVar[tuple[str, ...]] = ("met", "reason", "actor", "points")

    def reads(self) -> list[Reads]:
        return [
            Reads(
                "", ("assessor_judgement",), {}, ("scheme", "item", "met", "shortfalls", "reason", "points")
            )
        ]

    def compute(self, fold: Fold) -> IndicatorValue:
        start, end = fold.window(self)
        hits = [
            e for e in fold.by_type.get("assessor_judgement", ())
            if within(e, start, end) and e.payload["item"] == self.item
            and (not fold.scheme or e.payload["scheme"] == fold.scheme)
        ]  # fmt: skip
        if not hits:
            return IndicatorValue(None)
        last = max(hits, key=lambda e: (e.occurred_at, e.seq))
        points = last.payload.get("points")
        detail = {"met": last.payload["met"], "reason": last.payload["reason"], "actor": last.actor}
        if points is not None:
            detail["points"] = str(points)
        return IndicatorValue(Decimal(last.payload["shortfalls"]), (last.seq,), detail)


class FindingSpec(Spec):
    """Sum of `count` over inspection findings of the given kinds (optionally for one item)."""

    kind: Literal["findings"]
    finding: str | list[str]
    item: str | None = None
    detail_keys: ClassVar[tuple[str, ...]] = ("items",)

    def kinds(self) -> list[str]:
        return [self.finding] if isinstance(self.finding, str) else list(self.finding)

    def reads(self) -> list[Reads]:
        return [Reads("", ("inspection_finding",), {"kind": self.kinds()}, ("kind", "count", "item"))]

    def compute(self, fold: Fold) -> IndicatorValue:
        start, end = fold.window(self)
        kinds = self.kinds()
        hits = [
            e for e in fold.by_type.get("inspection_finding", ())
            if within(e, start, end) and e.payload["kind"] in kinds
            and (self.item is None or e.payload.get("item") == self.item)
        ]  # fmt: skip
        items = sorted({e.payload.get("item", "") for e in hits} - {""})
        return IndicatorValue(Decimal(sum(e.payload["count"] for e in hits)), seqs(hits), {"items": items})


class RatingsSpec(Spec):
    """An assessor's latest rating of an item's named aspects on a declared scale (assessor_rating), weighted:
    value = Σ(rating × weight) / Σ(top of scale × weight) × 100, the share of the best possible rating in
    percent (a `proportional` rule turns it into points). Ratings outside the scale are refused when logged."""

    kind: Literal["ratings"]
    item: str
    aspects: dict[str, Dec]  # aspect -> weight
    scale_min: int = 1
    scale_max: int = 5
    integral: ClassVar[bool] = False
    detail_keys: ClassVar[tuple[str, ...]] = ("ratings", "weighted", "best", "reason", "missing")

    @model_validator(mode="after")
    def _scale(self) -> "RatingsSpec":
        if not self.aspects:
            raise ValueError(msg("ind.aspects_empty"))
        if any(w <= 0 for w in self.aspects.values()):
            raise ValueError(msg("ind.aspects_weight"))
        if self.scale_max <= self.scale_min:
            raise ValueError(msg("ind.scale"))
        return self

    def reads(self) -> list[Reads]:
        return [Reads("", ("assessor_rating",), {}, ("scheme", "item", "ratings", "reason"))]

    def compute(self, fold: Fold) -> IndicatorValue:
        start, end = fold.window(self)
        hits = [
            e for e in fold.by_type.get("assessor_rating", ())
            if within(e, start, end) and e.payload["item"] == self.item
            and (not fold.scheme or e.payload["scheme"] == fold.scheme)
        ]  # fmt: skip
        if not hits:
            return IndicatorValue(None)
        last = max(hits, key=lambda e: (e.occurred_at, e.seq))
        given = {k: to_decimal(v) for k, v in last.payload["ratings"].items()}
        weighted = sum((given.get(a, ZERO) * w for a, w in self.aspects.items()), ZERO)
        best = sum((Decimal(self.scale_max) * w for w in self.aspects.values()), ZERO)
        detail = {"ratings": {k: str(v) for k, v in given.items()}, "weighted": str(weighted), "best": str(best),
                  "reason": last.payload.get("reason", ""), "missing": sorted(set(self.aspects) - set(given))}  # fmt: skip
        return IndicatorValue(weighted / best * 100, (last.seq,), detail)
