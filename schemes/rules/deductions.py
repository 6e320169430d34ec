"""Rules that take points away: deductions from an item's max (floored at zero) and penalties below zero."""

# No `from __future__ import annotations` here: pydantic reads this module's model annotations as the objects
# they are, instead of compiling and evaluating each one from a string when `score` loads it (issue 15).

from decimal import Decimal
from typing import Literal

from projections.dec import Dec
from projections.modelbase import BaseModel, ConfigDict
from projections.numbers import ZERO, floor_div, fmt
from schemes.rules.base import Gap, Outcome, Rule, RuleContext, RuleTarget
from schemes.rules.primitives import capped, deduct_floored, shortfall


class Term(BaseModel):
    """One deduction: `each` per unit of the input (or of its shortfall below `below`), capped at `cap`.

    `fixed` deducts a flat amount once the units are positive; `per` groups units; `whole` floors the units
    (whole percentage points); `detail` reads a field of the indicator's detail instead of its value.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    input: str
    detail: str | None = None
    below: Dec | None = None
    above: Dec | None = None
    each: Dec = ZERO
    fixed: Dec | None = None
    per: Dec = Decimal(1)
    whole: bool = True
    cap: Dec | None = None
    label_zh: str = ""
    label_en: str = ""
    # Terms sharing a non-empty group are readings of one shortfall that must not be counted twice: only the
    # largest of them counts (Pingxiang: 150 livestreams a year and at least 3 every week are one
    # "每少完成一场直播任务"; Shaxian: 12 livestreams a year and at least one every month).
    group: str = ""

    def units(self, ctx: RuleContext) -> Decimal:
        if self.detail:
            raw = ctx.inputs[self.input].detail.get(self.detail, 0)
            value = Decimal(len(raw)) if isinstance(raw, list) else Decimal(raw)
        else:
            value = ctx.num(self.input)
        if self.below is not None:
            value = shortfall(value, self.below)
        elif self.above is not None:
            value = max(ZERO, value - self.above)
        return floor_div(value, self.per) if self.whole else value / self.per

    def deduction(self, ctx: RuleContext) -> Decimal:
        units = self.units(ctx)
        if self.fixed is not None:
            return self.fixed if units > 0 else ZERO
        return capped(units * self.each, self.cap)


class Deductions(Rule):
    """Start from the item's max and subtract each term, the total capped at `cap`, never below zero."""

    kind: Literal["deductions"]
    terms: list[Term]
    cap: Dec | None = None

    def inputs(self) -> list[str]:
        return sorted({t.input for t in self.terms})

    def evaluate(self, ctx: RuleContext) -> Outcome:
        parts_zh, parts_en, gaps = [], [], []
        total = ZERO
        amounts = [term.deduction(ctx) for term in self.terms]
        largest: dict[str, int] = {}  # group -> index of the term that counts (the first largest)
        for i, term in enumerate(self.terms):
            if term.group and (term.group not in largest or amounts[i] > amounts[largest[term.group]]):
                largest[term.group] = i
        # A term is never said to take more than the rule can (its cap, the item's maximum): 150 livestreams
        # missing at 0.5 each read "扣 6 分（已达上限）" on a 10-point item capped at 6, not "扣 75 分".
        limit = ctx.max_points if self.cap is None else min(self.cap, ctx.max_points)
        for i, (term, d) in enumerate(zip(self.terms, amounts, strict=True)):
            counted = not term.group or largest[term.group] == i
            if d > 0:
                units = term.units(ctx)
                zh, en = ctx.said(term.input)
                lz = term.label_zh or zh
                le = term.label_en or en
                shown = min(d, limit)
                full_zh, full_en = ("（已达上限）", " (the most it can take)") if d > limit else ("", "")
                if counted:
                    parts_zh.append(f"{lz}：扣 {fmt(shown)} 分{full_zh}")
                    parts_en.append(f"{le}: -{fmt(shown)}{full_en}")
                    gaps.append(Gap(term.input, units * term.per, term.below, shown,
                                    f"{lz}（可挽回 {fmt(shown)} 分）", f"{le} (recovers up to {fmt(shown)})"))  # fmt: skip
                else:
                    parts_zh.append(f"{lz}：{fmt(shown)} 分，与同组较大者不重复扣")
                    parts_en.append(f"{le}: {fmt(shown)}, not counted twice (the larger reading applies)")
                    if d == amounts[largest[term.group]]:  # an equal reading: either way recovers the points
                        gaps.append(Gap(term.input, units * term.per, term.below, shown,
                                        f"{lz}（可挽回 {fmt(shown)} 分）", f"{le} (recovers up to {fmt(shown)})"))  # fmt: skip
            if counted:
                total += d
        total = capped(total, self.cap)
        pts = deduct_floored(ctx.max_points, total)
        cap_zh = f"（最多扣 {fmt(self.cap)} 分）" if self.cap is not None else "（扣完为止）"
        cap_en = f" (at most -{fmt(self.cap)})" if self.cap is not None else " (floored at zero)"
        if not parts_zh:
            return Outcome(pts, f"无扣分项，得 {fmt(pts)} 分", f"no deductions: {fmt(pts)}")
        return Outcome(pts, f"{'；'.join(parts_zh)}{cap_zh}，得 {fmt(pts)} 分",
                       f"{'; '.join(parts_en)}{cap_en}: {fmt(pts)}", tuple(gaps))  # fmt: skip

    def asks(self, name: str, value: Decimal | None, max_points: Decimal) -> list[RuleTarget]:
        return [RuleTarget(t.below, False, f"少于 {fmt(t.below)} 扣分", f"below {fmt(t.below)} deducts")
                for t in self.terms if t.input == name and t.below is not None and not t.detail]  # fmt: skip

    def details(self) -> list[tuple[str, str]]:
        return [(t.input, t.detail) for t in self.terms if t.detail]


class Penalty(Rule):
    """Negative points: `each` per occurrence (capped at `cap`, unbounded without), or `points` once at `at_least`."""

    kind: Literal["penalty"]
    input: str
    each: Dec = ZERO
    cap: Dec | None = None
    at_least: Dec | None = None
    points: Dec | None = None

    def inputs(self) -> list[str]:
        return [self.input]

    def evaluate(self, ctx: RuleContext) -> Outcome:
        n = ctx.num(self.input)
        zh, en = ctx.said(self.input)
        if self.at_least is not None:
            hit = n >= self.at_least
            d = (self.points or ZERO) if hit else ZERO
            return Outcome(-d if d else ZERO, f"{zh}，{'达到' if hit else '未达到'} {fmt(self.at_least)}，扣 {fmt(d)} 分",
                           f"{en}, {'reaches' if hit else 'below'} {fmt(self.at_least)}: {_minus(d)}")  # fmt: skip
        d = capped(n * self.each, self.cap)
        cap_zh = f"（最多扣 {fmt(self.cap)} 分）" if self.cap is not None else "（不封顶）"
        cap_en = f" (at most -{fmt(self.cap)})" if self.cap is not None else " (unbounded)"
        return Outcome(-d if d else ZERO, f"{zh}，每次扣 {fmt(self.each)} 分{cap_zh}，扣 {fmt(d)} 分",
                       f"{en}, -{fmt(self.each)} each{cap_en}: {_minus(d)}")  # fmt: skip


def _minus(d: Decimal) -> str:
    """A deduction in English text: '-2', and '0' for none (never '-0')."""
    return f"-{fmt(d)}" if d else "0"
