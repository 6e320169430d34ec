"""Rules made of other rules or of several checks: a capped sum of sub-rules, and "共N项服务" services."""

# No `from __future__ import annotations` here: pydantic reads this module's model annotations as the objects
# they are, instead of compiling and evaluating each one from a string when `score` loads it (issue 15).

from decimal import Decimal
from typing import Annotated, Literal

from projections.dec import Dec
from projections.modelbase import BaseModel, ConfigDict, Field
from projections.numbers import ZERO, fmt
from schemes.rules.base import Gap, Outcome, Rule, RuleContext, RuleTarget
from schemes.rules.counting import Flag, PerUnit, Proportional, Tiers
from schemes.rules.deductions import Penalty
from schemes.rules.judged import Judgement
from schemes.rules.primitives import capped, deduct_floored


class Sum(Rule):
    """Sum of sub-rules (each with its own cap), the total capped at `cap` (default: the item's max)."""

    kind: Literal["sum"]
    terms: list[
        Annotated[PerUnit | Flag | Tiers | Penalty | Judgement | Proportional, Field(discriminator="kind")]
    ]
    cap: Dec | None = None

    def inputs(self) -> list[str]:
        return sorted({i for t in self.terms for i in t.inputs()})

    def evaluate(self, ctx: RuleContext) -> Outcome:
        cap = self.cap if self.cap is not None else ctx.max_points
        outcomes = []
        for term in self.terms:
            term_cap = getattr(term, "cap", None)
            sub = RuleContext(
                ctx.inputs, term_cap if term_cap is not None else cap, ctx.labels, ctx.site, ctx.cohort
            )
            outcomes.append(term.evaluate(sub))
        raw = sum((o.points for o in outcomes), ZERO)
        pts = capped(raw, cap) if raw >= 0 else raw
        over = f"（合计 {fmt(raw)}，上限 {fmt(cap)}）" if raw > cap else ""
        over_en = f" (sum {fmt(raw)}, capped at {fmt(cap)})" if raw > cap else ""
        return Outcome(
            pts,
            "；".join(o.zh for o in outcomes) + over,
            "; ".join(o.en for o in outcomes) + over_en,
            tuple(g for o in outcomes for g in o.gaps),
        )

    def asks(self, name: str, value: Decimal | None, max_points: Decimal) -> list[RuleTarget]:
        cap = self.cap if self.cap is not None else max_points
        return [a for t in self.terms for a in t.asks(name, value, getattr(t, "cap", None) or cap)]


class Check(BaseModel):
    """One sub-target of a service: the input (a list is added up) at least `min` and/or at most `max`; with
    `judged`, the input is a `judgement` indicator and the check holds when the assessor's latest judgement is met."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    input: str | list[str]
    min: Dec | None = None
    max: Dec | None = None
    judged: bool = False
    label_zh: str = ""
    label_en: str = ""

    def names(self) -> list[str]:
        return [self.input] if isinstance(self.input, str) else list(self.input)

    def value(self, ctx: RuleContext) -> Decimal | None:
        values = [ctx.value(n) for n in self.names()]
        if all(v is None for v in values):
            return None
        return sum((v for v in values if v is not None), ZERO)

    def met(self, ctx: RuleContext) -> bool:
        if self.judged:
            iv = ctx.inputs[self.names()[0]]
            return iv.value is not None and iv.value == 0 and bool(iv.detail.get("met"))
        value = self.value(ctx)
        if value is None:
            return False
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)

    def said(self, ctx: RuleContext) -> tuple[str, str]:
        """'就业和流动人数 38000人次（需 ≥40000）' / 'employment and mobility 38000 (needs ≥40000)'."""
        first = self.names()[0]
        zh0, en0, uzh, uen = ctx.labels.get(first, (first, first, "", ""))
        zh, en = self.label_zh or zh0, self.label_en or en0
        if self.judged:
            iv = ctx.inputs[first]
            if iv.value is None:
                return f"{zh}：尚无评估判定", f"{en}: no assessor judgement yet"
            verdict = "达标" if self.met(ctx) else "未达标"
            reason = iv.detail.get("reason", "")
            return (
                f"{zh}：评估判定{verdict}（{reason}）",
                f"{en}: assessor judged {'met' if self.met(ctx) else 'not met'} ({reason})",
            )
        value = self.value(ctx)
        need = " ".join(p for p in (f"≥{fmt(self.min)}" if self.min is not None else "",
                                    f"≤{fmt(self.max)}" if self.max is not None else "") if p)  # fmt: skip
        shown = "无记录" if value is None else f"{fmt(value)}{uzh}"
        shown_en = "none recorded" if value is None else f"{fmt(value)}{(' ' + uen) if uen else ''}"
        return f"{zh} {shown}（需 {need}）", f"{en} {shown_en} (needs {need})"


class Service(BaseModel):
    """One of the "共N项服务": provided only when every one of its checks holds."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    name_zh: str
    name_en: str = ""
    checks: list[Check]


class Services(Rule):
    """ "共N项服务，有1项未足额提供扣X分，直至扣完该项为止": `each` off the item's max per service not fully
    provided (a service with several sub-targets is short when any of them is missed), floored at zero.
    Without `each` the item is all-or-nothing ("未足额完成不得分"): any service short scores zero."""

    kind: Literal["services"]
    services: list[Service]
    each: Dec | None = None

    def inputs(self) -> list[str]:
        return sorted({n for s in self.services for c in s.checks for n in c.names()})

    def asks(self, name: str, value: Decimal | None, max_points: Decimal) -> list[RuleTarget]:
        return [RuleTarget(c.min, False, f"{s.name_zh}：需 ≥{fmt(c.min)}", f"{s.name_en or s.name_zh}: needs ≥{fmt(c.min)}")
                for s in self.services for c in s.checks if c.input == name and c.min is not None]  # fmt: skip

    def evaluate(self, ctx: RuleContext) -> Outcome:
        short = [(s, [c for c in s.checks if not c.met(ctx)]) for s in self.services]
        short = [(s, missed) for s, missed in short if missed]
        n = len(self.services)
        pts = (
            (ZERO if short else ctx.max_points)
            if self.each is None
            else deduct_floored(ctx.max_points, self.each * len(short))
        )
        if not short:
            what = f"全部 {n} 项服务足额提供" if n > 1 else "足额完成"
            return Outcome(
                pts,
                f"{what}，得 {fmt(pts)} 分",
                f"{'all ' + str(n) + ' services' if n > 1 else 'fully'} provided: {fmt(pts)}",
            )
        parts_zh = [f"{s.name_zh}（{'；'.join(c.said(ctx)[0] for c in missed)}）" for s, missed in short]
        parts_en = [
            f"{s.name_en or s.name_zh} ({'; '.join(c.said(ctx)[1] for c in missed)})" for s, missed in short
        ]
        gaps = []
        for s, missed in short:
            c = missed[0]
            value = c.value(ctx) if not c.judged else None
            need = c.min - value if (value is not None and c.min is not None and value < c.min) else None
            # One gap per short service; with several sub-targets missed, its words list them all (no one need).
            need = need if len(missed) == 1 else None
            gain = self.each if self.each is not None else (ctx.max_points if len(short) == 1 else ZERO)
            gaps.append(Gap(c.names()[0], need, c.min, min(gain, ctx.max_points),
                            f"补足 {s.name_zh}：{'；'.join(m.said(ctx)[0] for m in missed)}",
                            f"complete {s.name_en or s.name_zh}: {'; '.join(m.said(ctx)[1] for m in missed)}"))  # fmt: skip
        if self.each is None:
            return Outcome(
                pts,
                f"未足额完成不得分：{'；'.join(parts_zh)}",
                f"all-or-nothing, short: {'; '.join(parts_en)}",
                tuple(gaps),
            )
        return Outcome(
            pts,
            f"共 {n} 项服务，{len(short)} 项未足额：{'；'.join(parts_zh)}；每项扣 {fmt(self.each)} 分（扣完为止），得 {fmt(pts)} 分",
            f"{len(short)} of {n} services short: {'; '.join(parts_en)}; -{fmt(self.each)} each (floored at 0): {fmt(pts)}",
            tuple(gaps),
        )
