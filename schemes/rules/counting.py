"""Rules on counts and rates: bands (tiers), points per unit, a flag, all-or-nothing targets, proportional."""

# No `from __future__ import annotations` here: pydantic reads this module's model annotations as the objects
# they are, instead of compiling and evaluating each one from a string when `score` loads it (issue 15).

from decimal import ROUND_CEILING, Decimal
from typing import Literal

from ledger.messages import msg, pair
from projections.dec import Dec
from projections.modelbase import BaseModel, ConfigDict, model_validator
from projections.numbers import ZERO, fmt, round_half_up
from schemes.bands import Band
from schemes.rules.base import Gap, Outcome, Rule, RuleContext, RuleTarget
from schemes.rules.primitives import per_unit_points, tier_points


class BandSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    points: Dec
    min: Dec | None = None
    max: Dec | None = None
    min_open: bool = False
    max_open: bool = False
    label: str = ""

    def band(self) -> Band:
        return Band(self.points, self.min, self.max, self.min_open, self.max_open)


class Tiers(Rule):
    """Points by the band the value falls in (first matching band in document order)."""

    kind: Literal["tiers"]
    input: str
    bands: list[BandSpec]
    otherwise: Dec = ZERO

    def inputs(self) -> list[str]:
        return [self.input]

    def evaluate(self, ctx: RuleContext) -> Outcome:
        zh, en = ctx.said(self.input)
        value = ctx.value(self.input)
        if value is None:
            return Outcome(
                self.otherwise, f"{zh}，得 {fmt(self.otherwise)} 分", f"{en}: earns {fmt(self.otherwise)}"
            )
        points, band = tier_points(value, [b.band() for b in self.bands], self.otherwise)
        spec = next((b for b in self.bands if band is not None and b.band() == band), None)
        label = label_en = (spec.label or band.describe()) if spec and band else ""
        if not (spec and band):
            label, label_en = pair("rule.no_band")
        gaps = []
        # Only bands above the value can be reached by doing more (an inverse tier, fewer incidents earning more,
        # cannot be climbed back by adding events).
        better = [b for b in self.bands if b.points > points and b.min is not None
                  and (b.min > value or (b.min == value and b.min_open))]  # fmt: skip
        if better:
            nxt = min(better, key=lambda b: b.min or ZERO)
            assert nxt.min is not None
            need = nxt.min - value + (1 if nxt.min_open else 0)
            gaps.append(Gap(self.input, need, nxt.min, nxt.points - points,
                            f"再增加 {fmt(need)}{ctx.labels.get(self.input, ('', '', '', ''))[2]} 可得 {fmt(nxt.points)} 分",
                            f"{fmt(need)} more {ctx.labels.get(self.input, (self.input, self.input, '', ''))[1]} "
                            f"reaches {nxt.label or nxt.band().describe()}: {fmt(nxt.points)} points"))  # fmt: skip
        return Outcome(
            points, f"{zh}，{label} 得 {fmt(points)} 分", f"{en}, {label_en} earns {fmt(points)}", tuple(gaps)
        )

    def asks(self, name: str, value: Decimal | None, max_points: Decimal) -> list[RuleTarget]:
        """More is better: the next band up from the value now (the top band's minimum once reached); fewer
        is better (incidents, disputes): the ceiling of the band held now."""
        if name != self.input:
            return []
        top = max(self.bands, key=lambda b: b.points)
        now = value if value is not None else ZERO
        if top.min is not None and top.max is None:
            points = next((b.points for b in self.bands if b.band().holds(now)), self.otherwise)
            better = [b for b in self.bands if b.points > points and b.min is not None]
            if better:
                nxt = min(better, key=lambda b: b.min or ZERO)
                assert nxt.min is not None
                return [RuleTarget(nxt.min + (1 if nxt.min_open else 0), False,
                                   f"下一档 {nxt.label or nxt.band().describe()}：{fmt(nxt.points)} 分",
                                   f"next band {nxt.band().describe()}: {fmt(nxt.points)} points")]  # fmt: skip
            return [RuleTarget(top.min + (1 if top.min_open else 0), False,
                               f"最高档 {top.label or top.band().describe()}（已达到）",
                               f"top band {top.band().describe()} (reached)")]  # fmt: skip
        if top.max is not None and top.min is None:
            held = next((b for b in self.bands if b.band().holds(now) and b.max is not None), top)
            assert held.max is not None
            word = "保持" if held is not top else "上限"
            return [RuleTarget(held.max - (1 if held.max_open else 0), True,
                               f"{word} {held.label or held.band().describe()}：{fmt(held.points)} 分",
                               f"keep within {held.band().describe()}: {fmt(held.points)} points")]  # fmt: skip
        return []


class PerUnit(Rule):
    """`points` for every whole `per` units (beyond `offset`), capped at `cap` (default: the item's max)."""

    kind: Literal["per_unit"]
    input: str
    per: Dec = Decimal(1)
    points: Dec
    cap: Dec | None = None
    offset: Dec = ZERO
    partial: bool = False

    def inputs(self) -> list[str]:
        return [self.input]

    def evaluate(self, ctx: RuleContext) -> Outcome:
        cap = self.cap if self.cap is not None else ctx.max_points
        count = ctx.num(self.input)
        pts = per_unit_points(count, self.per, self.points, cap, offset=self.offset, partial=self.partial)
        zh, en = ctx.said(self.input)
        per_zh = f"每{fmt(self.per)}" if self.per != 1 else "每1"
        beyond_zh = f"（超出{fmt(self.offset)}的部分）" if self.offset else ""
        beyond_en = f" beyond {fmt(self.offset)}" if self.offset else ""
        gaps: tuple[Gap, ...] = ()
        if pts < cap:
            units_to_cap = (cap / self.points) * self.per + self.offset
            if not self.partial:  # whole groups: cap 5 at 2 a unit takes 3 units, not 2.5
                units_to_cap = (cap / self.points).to_integral_value(
                    rounding=ROUND_CEILING
                ) * self.per + self.offset
            need = max(ZERO, units_to_cap - count)
            gaps = (Gap(self.input, need, units_to_cap, cap - pts,
                        f"再增加 {fmt(need)} 可达满分 {fmt(cap)}", f"{fmt(need)} more reaches the cap {fmt(cap)}"),)  # fmt: skip
        return Outcome(
            pts,
            f"{zh}，{per_zh}得 {fmt(self.points)} 分{beyond_zh}（上限 {fmt(cap)}），得 {fmt(pts)} 分",
            f"{en}, {fmt(self.points)} per {fmt(self.per)}{beyond_en} (cap {fmt(cap)}): {fmt(pts)}",
            gaps,
        )

    def asks(self, name: str, value: Decimal | None, max_points: Decimal) -> list[RuleTarget]:
        """The count that reaches the cap: whole units of `per` unless the rule pays part units (5 points at
        3 each needs 2 units, not 1.67)."""
        if name != self.input:
            return []
        top = self.cap if self.cap is not None else max_points
        shares = top / self.points
        shares = (
            round_half_up(shares, 2) if self.partial else shares.to_integral_value(rounding=ROUND_CEILING)
        )
        units = shares * self.per + self.offset
        return [
            RuleTarget(
                units, False, f"满 {fmt(top)} 分需 {fmt(units)}", f"{fmt(units)} reach the cap {fmt(top)}"
            )
        ]


class Flag(Rule):
    """All `points` (default: the item's max) when the value reaches `min` (default 1), else 0."""

    kind: Literal["flag"]
    input: str
    min: Dec = Decimal(1)
    points: Dec | None = None

    def inputs(self) -> list[str]:
        return [self.input]

    def evaluate(self, ctx: RuleContext) -> Outcome:
        full = self.points if self.points is not None else ctx.max_points
        met = ctx.num(self.input) >= self.min
        pts = full if met else ZERO
        zh, en = ctx.said(self.input)
        gaps = () if met else (Gap(self.input, self.min - ctx.num(self.input), self.min, full,
                                   f"达到 {fmt(self.min)} 得 {fmt(full)} 分", f"reach {fmt(self.min)}: +{fmt(full)}"),)  # fmt: skip
        return Outcome(
            pts,
            f"{zh}，{'达到' if met else '未达到'} {fmt(self.min)}，得 {fmt(pts)} 分",
            f"{en}, {'meets' if met else 'below'} {fmt(self.min)}: {fmt(pts)}",
            gaps,
        )

    def asks(self, name: str, value: Decimal | None, max_points: Decimal) -> list[RuleTarget]:
        if name != self.input:
            return []
        return [RuleTarget(self.min, False, f"达到 {fmt(self.min)}", f"reach {fmt(self.min)}")]


class Target(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    input: str
    min: Dec


class AllOrNothing(Rule):
    """ "未足额完成不得分": the item's max only when every target is met."""

    kind: Literal["all_or_nothing"]
    targets: list[Target]

    def inputs(self) -> list[str]:
        return [t.input for t in self.targets]

    def evaluate(self, ctx: RuleContext) -> Outcome:
        missed = [t for t in self.targets if ctx.num(t.input) < t.min]
        pts = ZERO if missed else ctx.max_points
        if not missed:
            return Outcome(pts, f"全部 {len(self.targets)} 项指标达标，得 {fmt(pts)} 分",
                           f"all {len(self.targets)} targets met: {fmt(pts)}")  # fmt: skip
        parts_zh = [f"{ctx.said(t.input)[0]}（需 {fmt(t.min)}）" for t in missed]
        parts_en = [f"{ctx.said(t.input)[1]} (needs {fmt(t.min)})" for t in missed]
        gaps = tuple(Gap(t.input, t.min - ctx.num(t.input), t.min, ctx.max_points if len(missed) == 1 else ZERO,
                         f"{ctx.said(t.input)[0]} 需达到 {fmt(t.min)}", f"{ctx.said(t.input)[1]} must reach {fmt(t.min)}")
                     for t in missed)  # fmt: skip
        return Outcome(pts, f"未足额完成不得分：{'；'.join(parts_zh)}",
                       f"all-or-nothing, missed: {'; '.join(parts_en)}", gaps)  # fmt: skip

    def asks(self, name: str, value: Decimal | None, max_points: Decimal) -> list[RuleTarget]:
        return [
            RuleTarget(t.min, False, f"需 ≥{fmt(t.min)}", f"needs ≥{fmt(t.min)}")
            for t in self.targets
            if t.input == name
        ]


class Proportional(Rule):
    """Points in proportion to the value: max x value / `of` (a completion rate against its target, a rating's
    share of the best rating), held to 0..max; `round_places` rounds the points half up (四舍五入).

    "完成率按比例得分": a 90% completion rate of a 10-point item earns 9 with of = 100; a rating at 84% earns 84%.
    """

    kind: Literal["proportional"]
    input: str
    of: Dec = Decimal(100)
    points: Dec | None = None  # default: the item's max
    round_places: int | None = None

    @model_validator(mode="after")
    def _of(self) -> "Proportional":
        if self.of <= 0:
            raise ValueError(msg("rule.of"))
        return self

    def inputs(self) -> list[str]:
        return [self.input]

    def evaluate(self, ctx: RuleContext) -> Outcome:
        full = self.points if self.points is not None else ctx.max_points
        value = ctx.num(self.input)
        share = min(max(value, ZERO), self.of) / self.of
        pts = full * share
        if self.round_places is not None:
            pts = round_half_up(pts, self.round_places)
        zh, en = ctx.said(self.input)
        gaps: tuple[Gap, ...] = ()
        if pts < full:
            gaps = (Gap(self.input, self.of - max(value, ZERO), self.of, full - pts,
                        f"达到 {fmt(self.of)} 可得满分 {fmt(full)}", f"reaching {fmt(self.of)} earns the full {fmt(full)}"),)  # fmt: skip
        return Outcome(
            pts,
            f"{zh}，按比例 {fmt(full)} × {fmt(min(max(value, ZERO), self.of))}/{fmt(self.of)}，得 {fmt(pts)} 分",
            f"{en}, in proportion: {fmt(full)} × {fmt(min(max(value, ZERO), self.of))}/{fmt(self.of)} = {fmt(pts)}",
            gaps,
        )

    def asks(self, name: str, value: Decimal | None, max_points: Decimal) -> list[RuleTarget]:
        if name != self.input:
            return []
        return [
            RuleTarget(self.of, False, f"达到 {fmt(self.of)} 得满分", f"{fmt(self.of)} earns the full points")
        ]
