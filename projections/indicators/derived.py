"""Indicators computed from other indicators: ratios and totals (resolved after the ones they read)."""

# No `from __future__ import annotations` here: pydantic reads this module's model annotations as the objects
# they are, instead of compiling and evaluating each one from a string when `score` loads it (issue 15).

from collections.abc import Mapping
from decimal import Decimal
from typing import ClassVar, Literal

from projections.dec import Dec
from projections.indicators.base import Fold, IndicatorValue, Spec, text
from projections.numbers import ZERO, round_half_up


class RatioSpec(Spec):
    """numerator / denominator of two other indicators, as a percentage unless `percent` is false."""

    kind: Literal["ratio"]
    numerator: str
    denominator: str
    percent: bool = True
    times: str | None = None  # multiply by a third indicator: Wujiang's "(stable / placed) x stable"
    integral: ClassVar[bool] = False
    derived: ClassVar[bool] = True
    detail_keys: ClassVar[tuple[str, ...]] = ("numerator", "denominator", "times")

    def references(self) -> list[str]:
        return [self.numerator, self.denominator] + ([self.times] if self.times else [])

    def in_percent(self) -> bool:
        return self.unit_en == "%" or self.percent

    def compute(self, fold: Fold) -> IndicatorValue:
        return ratio(self, fold.values)


class TotalSpec(Spec):
    """Sum of other indicators (None counts as 0; all None is None), capped at `cap`."""

    kind: Literal["total"]
    of: list[str]
    cap: Dec | None = None
    integral: ClassVar[bool] = False
    derived: ClassVar[bool] = True
    detail_keys: ClassVar[tuple[str, ...]] = ("parts", "uncapped")

    def references(self) -> list[str]:
        return list(self.of)

    def compute(self, fold: Fold) -> IndicatorValue:
        return total(self, fold.values)


def ratio(spec: RatioSpec, values: Mapping[str, IndicatorValue]) -> IndicatorValue:
    num, den = values[spec.numerator], values[spec.denominator]
    events = tuple(sorted(set(num.events) | set(den.events)))
    if num.value is None or den.value is None or den.value == 0:
        return IndicatorValue(None, events, {"numerator": text(num.value), "denominator": text(den.value)})
    value = num.value / den.value * (100 if spec.percent else 1)
    detail = {"numerator": text(num.value), "denominator": text(den.value), "derived": True}
    if spec.times is not None:
        times = values[spec.times]
        events = tuple(sorted(set(events) | set(times.events)))
        value *= times.value if times.value is not None else ZERO
        detail["times"] = text(times.value)
    if spec.round_places is not None:
        value = round_half_up(value, spec.round_places)
    return IndicatorValue(value, events, detail)


def total(spec: TotalSpec, values: Mapping[str, IndicatorValue]) -> IndicatorValue:
    parts = [values[n] for n in spec.of]
    events = tuple(sorted({s for v in parts for s in v.events}))
    detail: dict[str, object] = {"parts": {n: text(values[n].value) for n in spec.of}, "derived": True}
    if all(v.value is None for v in parts):
        return IndicatorValue(None, events, detail)
    value: Decimal = sum((v.value for v in parts if v.value is not None), ZERO)
    if spec.cap is not None and value > spec.cap:
        detail["uncapped"] = text(value)
        value = spec.cap
    return IndicatorValue(value, events, detail)
