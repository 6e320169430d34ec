"""Rule primitives: pure functions from numbers to points, and the declarative rule specs built on them.

Every primitive takes Decimals and returns Decimals; the specs (one per `kind` in a scheme file) read
indicator values, call a primitive and say in Chinese and English why the points are what they are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from projections.indicators import IndicatorValue
from projections.numbers import ZERO, Dec, floor_div, fmt

# -- primitives -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """A tier: [min, max] with open or closed edges (None = unbounded) earning `points`."""

    points: Decimal
    min: Decimal | None = None
    max: Decimal | None = None
    min_open: bool = False
    max_open: bool = False

    def holds(self, value: Decimal) -> bool:
        if self.min is not None and (value <= self.min if self.min_open else value < self.min):
            return False
        if self.max is not None and (value >= self.max if self.max_open else value > self.max):
            return False
        return True

    def describe(self) -> str:
        lo = "" if self.min is None else f"{'>' if self.min_open else '≥'}{fmt(self.min)}"
        hi = "" if self.max is None else f"{'<' if self.max_open else '≤'}{fmt(self.max)}"
        return " ".join(p for p in (lo, hi) if p) or "any"


def tier_points(
    value: Decimal, bands: Sequence[Band], otherwise: Decimal = ZERO
) -> tuple[Decimal, Band | None]:
    """The first band (in document order) that holds the value; `otherwise` when none does."""
    for band in bands:
        if band.holds(value):
            return band.points, band
    return otherwise, None


def per_unit_points(count: Decimal, per: Decimal, each: Decimal, cap: Decimal | None, *, offset: Decimal = ZERO,
                    partial: bool = False) -> Decimal:  # fmt: skip
    """ "每5单0.4分": whole units of `per` beyond `offset`, times `each`, capped. 150 orders, per 5, 0.4 -> 12."""
    units = max(ZERO, count - offset)
    units = units / per if partial else floor_div(units, per)
    points = units * each
    return min(points, cap) if cap is not None else points


def deduct_floored(max_points: Decimal, deduction: Decimal) -> Decimal:
    """ "直至扣完该项为止": the item never goes below zero."""
    return max(ZERO, max_points - deduction)


def capped(value: Decimal, cap: Decimal | None) -> Decimal:
    return value if cap is None else min(value, cap)


def shortfall(value: Decimal, target: Decimal) -> Decimal:
    return max(ZERO, target - value)


def rank_points(values: Mapping[str, Decimal | None], top: Decimal, step: Decimal, floor: Decimal,
                qualifies: Callable[[str], bool], ties: Literal["shared", "dense"] = "shared"
                ) -> dict[str, tuple[Decimal, int | None]]:  # fmt: skip
    """Rank-based points: the best qualifying unit gets `top`, each rank lower `step` less, not below `floor`.

    Ties: units with equal values share the better rank; with "shared" (competition ranking, 1,1,3) the next
    unit drops by as many ranks as units ahead of it; with "dense" (1,1,2) by one. Non-qualifying units get 0.
    """
    ranked = sorted(
        ((v, s) for s, v in values.items() if v is not None and qualifies(s)), key=lambda p: -p[0]
    )
    out: dict[str, tuple[Decimal, int | None]] = {s: (ZERO, None) for s in values}
    rank, dense, previous = 0, 0, None
    for position, (value, site) in enumerate(ranked, start=1):
        if value != previous:
            rank, dense, previous = position, dense + 1, value
        place = rank if ties == "shared" else dense
        out[site] = (max(floor, top - step * (place - 1)), place)
    return out


def quota_grades(ranked: Sequence[str], quotas: Sequence[tuple[str, Decimal]], rest: str,
                 eligible: Callable[[str], bool], *, totals: Mapping[str, Decimal] | None = None,
                 ties: Literal["next_grade", "exceed"] = "next_grade") -> dict[str, str]:  # fmt: skip
    """Grades by quota in rank order: e.g. A <= 10%, B <= 20%, C <= 30% of units; the rest get `rest`.

    A quota's seat count is floor(share x units) ("不超过"): with 12 units, A has 1 seat, B 2, C 3.
    Ineligible units (unqualified) never take a quota seat. With `totals`, units with equal totals are one
    group graded together: "next_grade" moves a group that does not fit in the seats left down to the next
    grade (seats stay empty, the quota is a ceiling); "exceed" gives the whole group the grade.
    """
    n = len(ranked)
    seats = [(grade, int(floor_div(share * n, Decimal(1)))) for grade, share in quotas]
    grades: dict[str, str] = {}
    groups: list[list[str]] = []
    for site in (s for s in ranked if eligible(s)):
        if groups and totals is not None and totals[groups[-1][0]] == totals[site]:
            groups[-1].append(site)
        else:
            groups.append([site])
    for grade, count in seats:
        left = count
        while groups and left > 0 and (len(groups[0]) <= left or ties == "exceed"):
            group = groups.pop(0)
            for site in group:
                grades[site] = grade
            left -= len(group)
    for site in ranked:
        grades.setdefault(site, rest)
    return grades


# -- explained outcomes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """Points with the reason, in Chinese and English; `gaps` say what would raise them."""

    points: Decimal
    zh: str
    en: str
    gaps: tuple[Gap, ...] = ()


@dataclass(frozen=True)
class Gap:
    """What would raise an item: `need` more of an indicator (or a rate of `target`) earns `gain`."""

    indicator: str
    need: Decimal | None
    target: Decimal | None
    gain: Decimal
    zh: str
    en: str


@dataclass
class RuleContext:
    """What a rule sees: its item's indicator values, labels, the item's maximum, and the cohort if any."""

    inputs: Mapping[str, IndicatorValue]
    max_points: Decimal
    labels: Mapping[str, tuple[str, str, str, str]] = field(default_factory=dict)  # zh, en, unit_zh, unit_en
    site: str = ""
    cohort: Mapping[str, Mapping[str, IndicatorValue]] = field(default_factory=dict)

    def value(self, name: str) -> Decimal | None:
        return self.inputs[name].value

    def num(self, name: str) -> Decimal:
        v = self.inputs[name].value
        return ZERO if v is None else v

    def said(self, name: str) -> tuple[str, str]:
        """'入驻机构 24 家' / '24 resident institutions' for an indicator's current value."""
        zh, en, uzh, uen = self.labels.get(name, (name, name, "", ""))
        v = self.inputs[name].value
        if v is None:
            return f"{zh}无记录", f"no {en} recorded"
        return f"{zh} {fmt(v)}{uzh}", f"{en} {fmt(v)}{(' ' + uen) if uen else ''}"


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    note: str = ""  # the interpretation taken, with the clause it reads (shown in `scheme show`)

    def inputs(self) -> list[str]:
        raise NotImplementedError

    def evaluate(self, ctx: RuleContext) -> Outcome:
        raise NotImplementedError


class BandSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    points: Dec
    min: Dec | None = None
    max: Dec | None = None
    min_open: bool = False
    max_open: bool = False
    label: str = ""

    def band(self) -> Band:
        return Band(self.points, self.min, self.max, self.min_open, self.max_open)


class Tiers(_Rule):
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
        label = (spec.label or band.describe()) if spec and band else "no band"
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
            points, f"{zh}，{label} 得 {fmt(points)} 分", f"{en}, {label} earns {fmt(points)}", tuple(gaps)
        )


class PerUnit(_Rule):
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


class Flag(_Rule):
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


class Target(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    input: str
    min: Dec


class AllOrNothing(_Rule):
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


class Term(BaseModel):
    """One deduction: `each` per unit of the input (or of its shortfall below `below`), capped at `cap`.

    `fixed` deducts a flat amount once the units are positive; `per` groups units; `whole` floors the units
    (whole percentage points); `detail` reads a field of the indicator's detail instead of its value.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
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
    # Terms sharing a non-empty group are two readings of one shortfall: only the largest of them counts
    # (Pingxiang: 150 livestreams a year and at least 3 every week are one "每少完成一场直播任务").
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


class Deductions(_Rule):
    """Start from the item's max and subtract each term, the total capped at `cap`, never below zero."""

    kind: Literal["deductions"]
    terms: list[Term]
    cap: Dec | None = None
    # "sum" adds the terms; "max" takes the largest, for two readings of one shortfall that must not
    # be counted twice (Shaxian: 12 livestreams a year and at least one every month).
    combine: Literal["sum", "max"] = "sum"

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
            if counted:
                total = max(total, d) if self.combine == "max" else total + d
        total = capped(total, self.cap)
        pts = deduct_floored(ctx.max_points, total)
        cap_zh = f"（最多扣 {fmt(self.cap)} 分）" if self.cap is not None else "（扣完为止）"
        cap_en = f" (at most -{fmt(self.cap)})" if self.cap is not None else " (floored at zero)"
        if not parts_zh:
            return Outcome(pts, f"无扣分项，得 {fmt(pts)} 分", f"no deductions: {fmt(pts)}")
        return Outcome(pts, f"{'；'.join(parts_zh)}{cap_zh}，得 {fmt(pts)} 分",
                       f"{'; '.join(parts_en)}{cap_en}: {fmt(pts)}", tuple(gaps))  # fmt: skip


class Judgement(_Rule):
    """An assessor's judgement: met earns the max; otherwise `each` off per shortfall (floored), or 0."""

    kind: Literal["judgement"]
    input: str
    each: Dec | None = None
    # Most the shortfalls can take off (Pingxiang 基础服务: "每缺1项服务，扣1分…最多扣3分"); not named `cap`,
    # which a `sum` reads as a term's maximum.
    max_deduction: Dec | None = None
    no_judgement: Literal["zero", "full"] = "zero"
    # Inside a `sum`, one qualitative 给分要点 worth `points` (Dongsheng: "持续优化...3 分"), named by its label.
    points: Dec | None = None

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


class Penalty(_Rule):
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


class Rank(_Rule):
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


class Sum(_Rule):
    """Sum of sub-rules (each with its own cap), the total capped at `cap` (default: the item's max)."""

    kind: Literal["sum"]
    terms: list[Annotated[PerUnit | Flag | Tiers | Penalty | Judgement, Field(discriminator="kind")]]
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


class Check(BaseModel):
    """One sub-target of a service: the input (a list is added up) at least `min` and/or at most `max`; with
    `judged`, the input is a `judgement` indicator and the check holds when the assessor's latest judgement is met."""

    model_config = ConfigDict(extra="forbid", frozen=True)
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

    model_config = ConfigDict(extra="forbid", frozen=True)
    name_zh: str
    name_en: str = ""
    checks: list[Check]


class Services(_Rule):
    """ "共N项服务，有1项未足额提供扣X分，直至扣完该项为止": `each` off the item's max per service not fully
    provided (a service with several sub-targets is short when any of them is missed), floored at zero.
    Without `each` the item is all-or-nothing ("未足额完成不得分"): any service short scores zero."""

    kind: Literal["services"]
    services: list[Service]
    each: Dec | None = None

    def inputs(self) -> list[str]:
        return sorted({n for s in self.services for c in s.checks for n in c.names()})

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


RuleSpec = Annotated[
    Tiers | PerUnit | Flag | AllOrNothing | Deductions | Judgement | Penalty | Rank | Sum | Services,
    Field(discriminator="kind"),
]


def describe_rule(rule: Any) -> str:
    """A compact one-line summary of a rule's parameters for `scheme show`."""
    # mode="json": nested decimals print as '3', not Decimal('3')
    data = rule.model_dump(mode="json", exclude_defaults=True, exclude={"note"})
    return ", ".join(f"{k}={v}" for k, v in data.items())
