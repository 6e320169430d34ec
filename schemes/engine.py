"""Scoring: indicator values in, an explained scorecard out. Pure: no database, no clock.

A scorecard is built once by `score` and frozen. What is not the site's own scoring -- its standing in a
cohort (rank, quota grade, conditions met), the late events behind the period, and what it means in money --
are separate values combined in one function, `finish`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from ledger.record import Record, factory, fields_of
from projections.indicators import IndicatorValue
from projections.numbers import ZERO, fmt, plain
from schemes.model import Grade, Item, Scheme
from schemes.rules import Gap, Outcome, RuleContext


class ItemScore(Record):
    id: str
    block: str
    category: str
    title: str
    title_en: str
    points: Decimal
    max_points: Decimal
    inputs: dict[str, Decimal | None]
    explanation_zh: str
    explanation_en: str
    events: tuple[int, ...]
    evidence: tuple[str, ...]
    source: str
    interpretation: str = ""
    interpretation_zh: str = ""
    gaps: tuple[Gap, ...] = ()
    # What the indicators found beyond their value: the weeks that fell short, the fairs that missed a
    # sub-target, the people counted as stable. Auditors ask "which ones?", so it travels with the item.
    details: dict[str, Any] = factory(dict)

    @property
    def explanation(self) -> str:
        return f"{self.explanation_zh} / {self.explanation_en}"


class BlockTotal(Record):
    id: str
    title: str
    kind: str
    raw: Decimal
    points: Decimal
    cap: Decimal | None


class Scorecard(Record):
    """The explained result for one site and period (frozen: see `finish` for rank, late events and money)."""

    scheme: str
    scheme_title: str
    site: str
    period: str
    items: list[ItemScore]
    blocks: list[BlockTotal]
    raw_total: Decimal
    total: Decimal
    max_total: Decimal
    grade: str | None
    grade_en: str | None
    consequences: list[dict[str, Any]]
    notes: list[str] = factory(list)
    rank: int | None = None
    cohort_size: int | None = None
    money: dict[str, Any] = factory(dict)
    late: list[dict[str, Any]] = factory(list)
    vetoes: list[dict[str, Any]] = factory(list)  # the vetoes (否决项) that forced the total to 0

    def item(self, item_id: str) -> ItemScore:
        return next(i for i in self.items if i.id == item_id)

    def to_json(self) -> dict[str, Any]:
        """The documented JSON shape (`score --format json`)."""
        return {
            "scheme": self.scheme,
            "scheme_title": self.scheme_title,
            "site": self.site,
            "period": self.period,
            "total": plain(self.total),
            "raw_total": plain(self.raw_total),
            "max_total": plain(self.max_total),
            "grade": self.grade,
            "grade_en": self.grade_en,
            "rank": self.rank,
            "cohort_size": self.cohort_size,
            "consequences": self.consequences,
            "money": _jsonable(self.money),
            "blocks": [_jsonable(fields_of(b)) for b in self.blocks],
            "items": [
                {
                    "id": i.id,
                    "block": i.block,
                    "category": i.category,
                    "title": i.title,
                    "title_en": i.title_en,
                    "points": plain(i.points),
                    "max_points": plain(i.max_points),
                    "inputs": {k: (None if v is None else plain(v)) for k, v in i.inputs.items()},
                    "details": i.details,
                    "explanation": i.explanation,
                    "explanation_zh": i.explanation_zh,
                    "explanation_en": i.explanation_en,
                    "events": list(i.events),
                    "evidence": list(i.evidence),
                    "source": i.source,
                    "interpretation": i.interpretation,
                    "interpretation_zh": i.interpretation_zh,
                }
                for i in self.items
            ],
            "late": self.late,
            "vetoes": self.vetoes,
            "notes": self.notes,
        }


def _keys_sorted(value: Any) -> Any:
    """An indicator's detail with every table's keys in sorted order, as a stored entry gives it back (its JSON is
    canonical): a value folded just now and the same value read from the store then make the same scorecard, byte
    for byte in `score --format json`, instead of listing the same keys in another order the first time."""
    if isinstance(value, Mapping):
        return {k: _keys_sorted(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list):
        return [_keys_sorted(v) for v in value]
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def applies(item: Item, index: int | None) -> bool:
    """Items listed for some quarters (Chifeng) apply only there; `index` None means score every item."""
    return not item.applies_in or index is None or index in item.applies_in


def _labels(scheme: Scheme) -> dict[str, tuple[str, str, str, str]]:
    return {n: (s.label_zh or n, s.label_en or n, s.unit_zh, s.unit_en) for n, s in scheme.indicators.items()}


def score_item(
    scheme: Scheme,
    item: Item,
    values: Mapping[str, IndicatorValue],
    site: str,
    cohort: Mapping[str, Mapping[str, IndicatorValue]] | None = None,
    voided: Mapping[str, str] | None = None,
) -> ItemScore:
    """One item's points, explanation, backing events and gaps. `voided` maps item ids to why they score zero."""
    names = item.rule.inputs()
    used = {n: values[n] for n in names}
    ctx = RuleContext(used, item.max_points, _labels(scheme), site, cohort or {})
    no_events = all(not v.events for v in used.values())
    if voided and item.id in voided:
        zh, en = voided[item.id].split(" / ", 1)
        outcome = Outcome(ZERO, f"{zh}，该项不得分", f"{en}: the item scores zero")
    elif no_events and item.no_data != "rule":
        pts = item.max_points if item.no_data == "full" else ZERO
        outcome = Outcome(
            pts,
            f"无相关记录，按方案规定得 {fmt(pts)} 分",
            f"no events recorded: scored {fmt(pts)} as the scheme says",
        )
    else:
        outcome = item.rule.evaluate(ctx)
        quiet = any(
            v.value is None or v.detail.get("derived") for v in used.values()
        )  # rule already says "no data"
        if no_events and not quiet:
            outcome = Outcome(
                outcome.points, "无相关记录；" + outcome.zh, "no events recorded; " + outcome.en, outcome.gaps
            )
    events = tuple(sorted({s for v in used.values() for s in v.events}))
    return ItemScore(
        id=item.id, block=item.block, category=item.category, title=item.title, title_en=item.title_en,
        points=outcome.points, max_points=item.max_points, inputs={n: v.value for n, v in used.items()},
        explanation_zh=outcome.zh, explanation_en=outcome.en, events=events, evidence=tuple(item.evidence),
        source=item.source, interpretation=item.interpretation,
        interpretation_zh=item.interpretation_zh, gaps=outcome.gaps,
        details={n: _keys_sorted(v.detail) for n, v in used.items() if v.detail},
    )  # fmt: skip


def grade_for(grades: Sequence[Grade], total: Decimal) -> Grade | None:
    """The first grade (highest minimum first) whose minimum the total reaches."""
    for grade in sorted(grades, key=lambda g: -g.min):
        if total >= grade.min:
            return grade
    return None


def voided_items(scheme: Scheme, values: Mapping[str, IndicatorValue]) -> dict[str, tuple[str, str, Decimal]]:
    """item id -> (zh, en, penalty) for every item a [[voids]] finding names."""
    out: dict[str, tuple[str, str, Decimal]] = {}
    for void in scheme.voids:
        found = values.get(void.input)
        for item_id in found.detail.get("items", ()) if found is not None else ():
            out.setdefault(item_id, (void.zh, void.en, void.penalty_each))
    return out


def vetoes_met(scheme: Scheme, values: Mapping[str, IndicatorValue]) -> list[dict[str, Any]]:
    """The [[vetoes]] whose indicator reached its threshold, with the events behind them."""
    out = []
    for veto in scheme.vetoes:
        v = values.get(veto.input)
        if v is not None and v.value is not None and v.value >= veto.at_least:
            out.append({"id": veto.id, "zh": veto.zh, "en": veto.en, "source": veto.source,
                        "value": plain(v.value), "events": list(v.events)})  # fmt: skip
    return out


def failing_grade(scheme: Scheme, veto_grade: str | None) -> Grade | None:
    """The grade a veto forces: the one it names, else the lowest."""
    if veto_grade is not None:
        return next(g for g in scheme.grades if g.label == veto_grade)
    return min(scheme.grades, key=lambda g: g.min) if scheme.grades else None


def score(
    scheme: Scheme,
    site: str,
    period: str,
    values: Mapping[str, IndicatorValue],
    *,
    index: int | None = None,
    cohort: Mapping[str, Mapping[str, IndicatorValue]] | None = None,
) -> Scorecard:
    """Score one site: every applicable item, block caps, voided items, the total cap, vetoes, the grade and
    the consequences."""
    void = voided_items(scheme, values)
    why = {i: f"{zh} / {en}" for i, (zh, en, _) in void.items()}
    items = [score_item(scheme, i, values, site, cohort, why) for i in scheme.items if applies(i, index)]
    blocks: list[BlockTotal] = []
    for block in scheme.blocks:
        raw = sum((i.points for i in items if i.block == block.id), ZERO)
        pts = raw
        if block.cap is not None:
            pts = max(raw, -block.cap) if block.kind == "penalty" else min(raw, block.cap)
        blocks.append(BlockTotal(block.id, block.title, block.kind, raw, pts, block.cap))
    raw_total = sum((b.points for b in blocks), ZERO)
    notes: list[str] = []
    scored = {i.id for i in items}
    for zh, en in dict.fromkeys((zh, en) for i, (zh, en, _) in void.items() if i in scored):
        named = sorted(i for i, (z, _, _) in void.items() if z == zh and i in scored)
        penalty = sum((void[i][2] for i in named), ZERO)
        raw_total -= penalty
        extra = f"，另扣 {fmt(penalty)} 分" if penalty else ""
        notes.append(
            f"{zh}：{', '.join(named)} 不得分{extra} / {en}: {', '.join(named)} score zero"
            + (f", -{fmt(penalty)}" if penalty else "")
        )
    total = raw_total
    if scheme.max_total is not None and total > scheme.max_total:
        notes.append(
            f"总分 {fmt(raw_total)} 超过上限，按 {fmt(scheme.max_total)} 计 / capped at {fmt(scheme.max_total)}"
        )
        total = scheme.max_total
    if scheme.floor_total is not None and total < scheme.floor_total:
        total = scheme.floor_total
    max_total = sum((i.max_points for i in items if scheme.block(i.block).kind == "base"), ZERO)
    grade = grade_for(scheme.grades, total)
    vetoes = vetoes_met(scheme, values)
    if vetoes:
        first = next(v for v in scheme.vetoes if v.id == vetoes[0]["id"])
        grade = failing_grade(scheme, first.grade)
        for v in vetoes:
            notes.append(f"否决项 {v['id']}（{v['source']}）：{v['zh']}，总分按 0 计 / veto {v['id']}: {v['en']}; "
                         f"the total counts as 0 (items scored {fmt(total)})")  # fmt: skip
        total = ZERO
    consequences = [
        {"below": str(c.below), "zh": c.zh, "en": c.en, "fee_deduction_pct": str(c.fee_deduction_pct),
         "terminable": c.terminable}
        for c in scheme.consequences
        if total < c.below
    ]  # fmt: skip
    return Scorecard(
        scheme=scheme.id, scheme_title=scheme.title, site=site, period=period, items=items, blocks=blocks,
        raw_total=raw_total, total=total, max_total=max_total, grade=grade.label if grade else None,
        grade_en=grade.label_en if grade else None, consequences=consequences, notes=notes, vetoes=vetoes,
    )  # fmt: skip


def sum_of_periods(scheme: Scheme, site: str, period: str, cards: Sequence[Scorecard]) -> Scorecard:
    """A period longer than the one assessed (`longer_periods = "sum"`): each assessed period scored on its own
    table, added up. Items keep their period in the id ('2026-Q1:q1.institutions'); the total is the sum of the
    parts' totals, capped at max_total; consequences stay the parts' own (they are judged per assessed period)."""
    items = [i.replace(id=f"{c.period}:{i.id}") for c in cards for i in c.items]
    blocks = []
    for block in scheme.blocks:
        parts = [b for c in cards for b in c.blocks if b.id == block.id]
        cap = None if block.cap is None else block.cap * len(cards)
        blocks.append(BlockTotal(block.id, block.title, block.kind, sum((b.raw for b in parts), ZERO),
                                 sum((b.points for b in parts), ZERO), cap))  # fmt: skip
    raw_total = sum((c.total for c in cards), ZERO)
    total = raw_total
    labels = " + ".join(f"{c.period} {fmt(c.total)}" for c in cards)
    notes = [f"{period} 按各考核期之和计：{labels} = {fmt(raw_total)} / {period} is the sum of the periods the scheme "
             f"assesses, each on its own table: {labels} = {fmt(raw_total)}"]  # fmt: skip
    if scheme.max_total is not None and total > scheme.max_total:
        notes.append(
            f"总分 {fmt(raw_total)} 超过上限，按 {fmt(scheme.max_total)} 计 / capped at {fmt(scheme.max_total)}"
        )
        total = scheme.max_total
    if scheme.floor_total is not None and total < scheme.floor_total:
        total = scheme.floor_total
    grade = grade_for(scheme.grades, total)
    consequences = [
        {**q, "zh": f"{c.period}：{q['zh']}", "en": f"{c.period}: {q['en']}"}
        for c in cards
        for q in c.consequences
    ]
    return Scorecard(
        scheme=scheme.id, scheme_title=scheme.title, site=site, period=period, items=items, blocks=blocks,
        raw_total=raw_total, total=total, max_total=sum((c.max_total for c in cards), ZERO),
        grade=grade.label if grade else None, grade_en=grade.label_en if grade else None, consequences=consequences,
        notes=notes + [n for c in cards for n in c.notes], vetoes=[v for c in cards for v in c.vetoes],
    )  # fmt: skip


class Standing(Record):
    """A unit's place among the units scored with it (schemes/cohort.py): rank, the grade its quota gives it,
    and the notes and consequences of the conditions it meets."""

    rank: int | None
    size: int
    grade: str | None = None
    grade_en: str | None = None
    regraded: bool = False  # the cohort's quota decides the grade (else the scheme's grade bands stand)
    notes: tuple[str, ...] = ()
    consequences: tuple[dict[str, Any], ...] = ()


def finish(
    card: Scorecard,
    *,
    standing: Standing | None = None,
    late: Sequence[dict[str, Any]] = (),
    price: Callable[[Scorecard], dict[str, Any]] | None = None,
) -> Scorecard:
    """The one place a scorecard gains what is not its own scoring: its standing in a cohort, the late events
    of its period, and its money -- priced last, on the card with its standing, since the grade decides it."""
    out = card
    if standing is not None:
        out = out.replace(
            rank=standing.rank, cohort_size=standing.size,
            grade=standing.grade if standing.regraded else out.grade,
            grade_en=standing.grade_en if standing.regraded else out.grade_en,
            notes=[*out.notes, *standing.notes], consequences=[*out.consequences, *standing.consequences],
        )  # fmt: skip
    if late:
        out = out.replace(late=list(late))
    if price is not None:
        out = out.replace(money=price(out))
    return out
