"""Cohort rules: points by rank among the units scored together (Wujiang)."""

# No `from __future__ import annotations` here: pydantic reads this module's model annotations as the objects
# they are, instead of compiling and evaluating each one from a string when `score` loads it (issue 15).

from collections.abc import Mapping
from typing import Literal

from projections.dec import Dec
from projections.indicators import IndicatorValue
from projections.numbers import ZERO, fmt
from schemes.rules.base import Gap, Outcome, Rule, RuleContext
from schemes.rules.primitives import rank_points


class Rank(Rule):
    """Cohort rank: top unit `top`, each rank lower `step` less down to `floor`; units failing `qualify` get 0."""

    kind: Literal["rank"]
    input: str
    top: Dec
    step: Dec
    floor: Dec = ZERO
    qualify_input: str | None = None
    qualify_min: Dec | None = None
    qualify_open: bool = False  # the threshold itself does not qualify (strictly above `qualify_min`)
    ties: Literal["shared", "dense"] = "shared"

    def inputs(self) -> list[str]:
        return [self.input] + ([self.qualify_input] if self.qualify_input else [])

    def _qualifies(self, values: Mapping[str, IndicatorValue]) -> bool:
        if self.qualify_input is None or self.qualify_min is None:
            return True
        v = values[self.qualify_input].value
        return v is not None and (v > self.qualify_min if self.qualify_open else v >= self.qualify_min)

    def evaluate(self, ctx: RuleContext) -> Outcome:
        cohort = ctx.cohort or {ctx.site: ctx.inputs}
        table = rank_points(
            {s: vals[self.input].value for s, vals in cohort.items()},
            self.top, self.step, self.floor,
            lambda s: self._qualifies(cohort[s]), self.ties,
        )  # fmt: skip
        pts, place = table.get(ctx.site, (ZERO, None))
        zh, en = ctx.said(self.input)
        if place is None:
            q = ctx.said(self.qualify_input) if self.qualify_input else (zh, en)
            sign = ">" if self.qualify_open else "≥"
            need = f"（需 {sign}{fmt(self.qualify_min)}）" if self.qualify_min is not None else ""
            return Outcome(ZERO, f"{q[0]}{need}，未达基础条件，得 0 分", f"{q[1]}: below the threshold, 0",
                           (self._qualify_gap(ctx, cohort),))  # fmt: skip
        ranked = sum(1 for _, p in table.values() if p is not None)
        among_zh = (
            f"达标的 {ranked} 家（共 {len(cohort)} 家）" if ranked < len(cohort) else f"{len(cohort)} 家"
        )
        among_en = f"{ranked} qualifying of {len(cohort)}" if ranked < len(cohort) else f"{len(cohort)}"
        # What the next rank up takes: drawing level with the nearest better unit shares its rank (ties shared).
        mine = ctx.value(self.input)
        ahead = [(v, table[s][1]) for s, vals in cohort.items() if table[s][1] is not None
                 and (v := vals[self.input].value) is not None and mine is not None and v > mine]  # fmt: skip
        gaps: tuple[Gap, ...] = ()
        if ahead:
            level, rank = min(ahead, key=lambda a: a[0])
            gain = max(self.floor, self.top - self.step * ((rank or 1) - 1)) - pts
            if gain > 0 and mine is not None:
                gaps = (Gap(self.input, level - mine, level, gain, f"追平排名第 {rank} 的单位（{fmt(level)}）",
                            f"draw level with rank {rank} ({fmt(level)})"),)  # fmt: skip
        return Outcome(pts, f"{zh}，在{among_zh}中排名第 {place}，得 {fmt(pts)} 分",
                       f"{en}, rank {place} of {among_en}: {fmt(pts)}", gaps)  # fmt: skip

    def _qualify_gap(self, ctx: RuleContext, cohort: Mapping[str, Mapping[str, IndicatorValue]]) -> Gap:
        """Reaching the threshold: the points the unit would get there, ranked against the others as they stand."""
        name = self.qualify_input or self.input
        gain = self.floor
        current = ctx.inputs[name].value
        if self.qualify_min is not None and not self.qualify_open:
            trial = dict(cohort)
            trial[ctx.site] = {**cohort.get(ctx.site, ctx.inputs), name: IndicatorValue(self.qualify_min)}
            if trial[ctx.site][self.input].value is not None:
                table = rank_points({s: v[self.input].value for s, v in trial.items()}, self.top, self.step,
                                    self.floor, lambda s: self._qualifies(trial[s]), self.ties)  # fmt: skip
                gain = table[ctx.site][0]
        need = self.qualify_min - current if (self.qualify_min is not None and current is not None) else None
        return Gap(name, need if need is not None and need > 0 else None, self.qualify_min, gain,
                   f"达到基础条件 {fmt(self.qualify_min)}", f"reach the threshold {fmt(self.qualify_min)}")  # fmt: skip
