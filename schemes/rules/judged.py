"""Rules on an assessor's judgement: met, shortfalls, or the assessor's own points where the document leaves the
amount to them."""

# No `from __future__ import annotations` here: pydantic reads this module's model annotations as the objects
# they are, instead of compiling and evaluating each one from a string when `score` loads it (issue 15).

from decimal import Decimal
from typing import Literal

from projections.dec import Dec
from projections.numbers import ZERO, fmt, to_decimal
from schemes.rules.base import Gap, Outcome, Rule, RuleContext
from schemes.rules.primitives import capped, deduct_floored


class Judgement(Rule):
    """An assessor's judgement: met earns the max; otherwise `each` off per shortfall (floored), or 0.

    The assessor may instead give the points themselves, in [0, max] with a reason (`points` on the
    judgement), unless the document says the item is all-or-nothing ("未足额完成不得分": `all_or_nothing`), where
    only met or not met is accepted and a judgement with points is refused when it is logged.
    """

    kind: Literal["judgement"]
    input: str
    each: Dec | None = None
    # Most the shortfalls can take off (Pingxiang 基础服务: "每缺1项服务，扣1分…最多扣3分"); not named `cap`,
    # which a `sum` reads as a term's maximum.
    max_deduction: Dec | None = None
    no_judgement: Literal["zero", "full"] = "zero"
    # Inside a `sum`, one qualitative 给分要点 worth `points` (Dongsheng: "持续优化...3 分"), named by its label.
    points: Dec | None = None
    all_or_nothing: bool = False

    def inputs(self) -> list[str]:
        return [self.input]

    def evaluate(self, ctx: RuleContext) -> Outcome:
        if self.points is not None:
            part = RuleContext(ctx.inputs, self.points, ctx.labels, ctx.site, ctx.cohort)
            out = self.model_copy(update={"points": None}).evaluate(part)
            zh, en, _, _ = ctx.labels.get(self.input, (self.input, self.input, "", ""))
            return Outcome(out.points, f"{zh}：{out.zh}", f"{en}: {out.en}", out.gaps)
        iv = ctx.inputs[self.input]
        full = ctx.max_points
        if iv.value is None:
            pts = full if self.no_judgement == "full" else ZERO
            return Outcome(pts, f"尚无评估判定，按 {fmt(pts)} 分计", f"no assessor judgement yet: scored {fmt(pts)}",
                           (Gap(self.input, None, None, full - pts, "需评估人员判定", "needs an assessor's judgement"),))  # fmt: skip
        reason = iv.detail.get("reason", "")
        given = iv.detail.get("points")
        if given is not None and self.all_or_nothing:  # refused when logged; say so if one got in anyway
            reason += (
                "；评估给分不适用：未足额完成不得分 / the assessor's points do not apply: all-or-nothing"
            )
        elif given is not None:
            pts = min(max(to_decimal(given), ZERO), full)
            gap = (
                (
                    Gap(
                        self.input,
                        None,
                        None,
                        full - pts,
                        "需评估人员重新给分",
                        "needs the assessor's points",
                    ),
                )
                if pts < full
                else ()
            )
            return Outcome(pts, f"评估人员给分 {fmt(pts)}/{fmt(full)}（{reason}）",
                           f"assessor's points {fmt(pts)} of {fmt(full)} ({reason})", gap)  # fmt: skip
        if iv.detail.get("met") and iv.value == 0:
            return Outcome(
                full, f"评估判定达标（{reason}），得 {fmt(full)} 分", f"assessor: met ({reason}): {fmt(full)}"
            )
        if self.each is None:
            return Outcome(ZERO, f"评估判定未达标（{reason}），不得分", f"assessor: not met ({reason}): 0",
                           (Gap(self.input, None, None, full, "需整改达标", "fix and be re-judged"),))  # fmt: skip
        # "Not met" with no shortfalls counted still found something short: at least one (never the full max).
        short = iv.value if iv.value or iv.detail.get("met") else Decimal(1)
        pts = deduct_floored(full, capped(short * self.each, self.max_deduction))
        most = self.max_deduction
        cap_zh = f"（最多扣 {fmt(most)} 分）" if most is not None else ""
        cap_en = f" (at most -{fmt(most)})" if most is not None else ""
        return Outcome(
            pts,
            f"评估判定 {fmt(short)} 项未足额（{reason}），每项扣 {fmt(self.each)} 分{cap_zh}，得 {fmt(pts)} 分",
            f"assessor: {fmt(short)} short ({reason}), -{fmt(self.each)} each{cap_en}: {fmt(pts)}",
            (Gap(self.input, short, ZERO, full - pts, "补足未提供的服务", "provide the missing services"),),
        )
