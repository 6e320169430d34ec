"""Gaps: for every item not at full marks, what would raise it, by how much and by when, and which evidence is missing.

Pure: a scorecard, the indicator values behind it, the scheme and the attached evidence in; a `GapReport` out.
The rules already say what would raise each item (`Outcome.gaps`, carried in `ItemScore.gaps`); this module puts
them in the operator's terms ("4 more livestreams by 2026-12-31: +4", "follow-up rate 86% -> 90%: +0.8"),
adds the deadline (the period's last day), sorts the items by the points still available and lists the
佐证材料 the document asks for that no backing event carries (envelope references and `evidence_attached`).

For a period still running (today inside it) `project` re-scores the period at the current pace: every count,
sum and per-event indicator is scaled to the whole period (value x days / days elapsed, over the indicator's
own window), weeks and months that have not ended yet are not counted as missed (cadence indicators), derived
ratios and totals are recomputed from the projected parts, and everything else (states, latest readings,
judgements, findings) stays as it is. It is labelled "PROJECTION at current pace / 按当前进度预测" wherever shown.

`site_gaps` is the one function here that reads the ledger (the CLI calls it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from ledger.evidence import Attached
from ledger.messages import Message, current_lang, msg
from projections.indicators import IndicatorValue, pace_factor
from projections.indicators import project as project_values
from projections.numbers import ZERO, fmt, round_half_up
from projections.periods import Period
from schemes.display import number, shown
from schemes.engine import ItemScore, Scorecard, score
from schemes.model import Scheme, SchemeError
from schemes.rules import Gap

PROJECTION_LABEL = "PROJECTION at current pace / 按当前进度预测"


@dataclass(frozen=True)
class Action:
    """One thing that would raise an item: `gain` points (0: needed too, together with the item's others)."""

    indicator: str
    current: Decimal | None
    need: Decimal | None
    target: Decimal | None
    gain: Decimal
    zh: str
    en: str


@dataclass(frozen=True)
class ItemGap:
    id: str
    block: str
    kind: str  # the block's kind: base, bonus or penalty
    title: str
    title_en: str
    points: Decimal
    max_points: Decimal
    available: Decimal  # points still to win (for a deduction: the points it took)
    actions: tuple[Action, ...]
    explanation_en: str
    evidence_asked: tuple[str, ...]
    evidence_missing: tuple[str, ...]
    events: int
    explanation_zh: str = ""

    @property
    def together(self) -> bool:
        """Several actions of which some earn nothing alone: all are needed for the item's points."""
        return len(self.actions) > 1 and any(a.gain == 0 for a in self.actions)

    @property
    def alternatives(self) -> bool:
        """Several actions that each reach (nearly) all the points: any one of them will do."""
        gains = [a.gain for a in self.actions]
        return len(gains) > 1 and all(g > 0 for g in gains) and sum(gains, ZERO) > self.available


@dataclass(frozen=True)
class ProjectedValue:
    indicator: str
    label_zh: str
    label_en: str
    current: Decimal | None
    projected: Decimal | None


@dataclass(frozen=True)
class Projection:
    """The period re-scored at the current pace (see the module docstring)."""

    today: date
    elapsed_days: int
    period_days: int
    values: list[ProjectedValue]
    total: Decimal
    grade: str | None
    grade_en: str | None
    items: list[tuple[str, Decimal, Decimal]]  # (item, points now, points projected) where they differ


@dataclass
class GapReport:
    site: str
    scheme: str
    scheme_title: str
    period: str
    start: date
    end: date
    today: date
    total: Decimal
    max_total: Decimal
    grade: str | None
    grade_en: str | None
    items: list[ItemGap]  # base items not at full marks, most points available first
    bonus: list[ItemGap]  # bonus items with room left in their block
    deductions: list[ItemGap]  # penalty items (and zero-max items) that took points
    evidence_only: list[ItemGap]  # items at full marks whose asked-for evidence is not attached
    projection: Projection | None = None
    notes: list[Message] = field(default_factory=list)  # said in the reader's language in text
    places: int | None = None  # the scheme's display_places: points in text as `opsledger score` shows them

    @property
    def running(self) -> bool:
        return self.start <= self.today <= self.end

    def to_json(self) -> dict[str, Any]:
        def item(i: ItemGap) -> dict[str, Any]:
            return {
                "id": i.id, "block": i.block, "kind": i.kind, "title": i.title, "title_en": i.title_en,
                "points": fmt(i.points), "max_points": fmt(i.max_points), "available": fmt(i.available),
                "together": i.together, "alternatives": i.alternatives, "explanation_en": i.explanation_en,
                "actions": [{"indicator": a.indicator, "current": _j(a.current), "need": _j(a.need),
                             "target": _j(a.target), "gain": fmt(a.gain), "zh": a.zh, "en": a.en} for a in i.actions],
                "evidence_asked": list(i.evidence_asked), "evidence_missing": list(i.evidence_missing),
                "events": i.events,
            }  # fmt: skip

        out: dict[str, Any] = {
            "site": self.site, "scheme": self.scheme, "scheme_title": self.scheme_title, "period": self.period,
            "start": self.start.isoformat(), "end": self.end.isoformat(), "deadline": self.end.isoformat(),
            "today": self.today.isoformat(), "running": self.running, "total": fmt(self.total),
            "max_total": fmt(self.max_total), "grade": self.grade, "grade_en": self.grade_en,
            "items": [item(i) for i in self.items], "bonus": [item(i) for i in self.bonus],
            "deductions": [item(i) for i in self.deductions],
            "evidence_only": [item(i) for i in self.evidence_only], "projection": None,
            "notes": [f"{n.render('en')} / {n.render('zh')}" for n in self.notes],  # as before: both
        }  # fmt: skip
        if self.projection is not None:
            p = self.projection
            out["projection"] = {
                "label": PROJECTION_LABEL, "today": p.today.isoformat(), "elapsed_days": p.elapsed_days,
                "period_days": p.period_days, "total": fmt(p.total), "grade": p.grade, "grade_en": p.grade_en,
                "values": [{"indicator": v.indicator, "label_en": v.label_en, "current": _j(v.current),
                            "projected": _j(v.projected)} for v in p.values],
                "items": [{"id": i, "points": fmt(now), "projected": fmt(then)} for i, now, then in p.items],
            }  # fmt: skip
        return out


def _j(value: Decimal | None) -> str | None:
    return None if value is None else fmt(value)


# -- wording ----------------------------------------------------------------------------------------------


def _labels(scheme: Scheme, name: str) -> tuple[str, str, str, str]:
    spec = scheme.indicators.get(name)
    if spec is None:
        return name, name, "", ""
    return spec.label_zh or name, spec.label_en or name, spec.unit_zh, spec.unit_en


def _percent(scheme: Scheme, name: str) -> bool:
    spec = scheme.indicators.get(name)
    return spec is not None and spec.in_percent()


def _criteria(scheme: Scheme, name: str) -> tuple[str, str]:
    """' (each with ≥35 companies, ≥900 jobs, ≥200 visitors)' for per-event indicators."""
    spec = scheme.indicators.get(name)
    return spec.requirement() if spec is not None else ("", "")


def action_for(gap: Gap, scheme: Scheme, values: Mapping[str, IndicatorValue], deadline: date) -> Action:
    """A rule's Gap in the operator's terms, with the deadline."""
    zh_label, en_label, unit_zh, _ = _labels(scheme, gap.indicator)
    iv = values.get(gap.indicator)
    current = iv.value if iv is not None else None
    gain = number(gap.gain, scheme.display_places)  # as `score` shows points (Wujiang: 2 places)
    by = deadline.isoformat()
    if gap.need is None:  # a judgement, a threshold to qualify: the rule's own words
        zh, en = f"{gap.zh}：+{gain}", f"{gap.en}: +{gain}"
    elif gap.target is not None and _percent(scheme, gap.indicator):
        now = shown(current if current is not None else ZERO)
        zh = f"{zh_label} {now}% → {fmt(gap.target)}%（截至 {by}）：+{gain}"
        en = f"{en_label} {now}% -> {fmt(gap.target)}% by {by}: +{gain}"
    elif gap.target is not None and gap.need > 0:
        crit_zh, crit_en = _criteria(scheme, gap.indicator)
        zh = f"截至 {by} 再增加{zh_label} {shown(gap.need)}{unit_zh}{crit_zh}：+{gain}"
        en = f"{shown(gap.need)} more {en_label}{crit_en} by {by}: +{gain}"
    else:  # a count of shortfalls or findings that cost points (months without a livestream, per-fair misses)
        zh = f"{gap.zh}：{shown(gap.need)}，最多可挽回 +{gain}"
        en = f"{gap.en.split(' (recovers')[0]}: {shown(gap.need)} counted, up to +{gain}"
    return Action(gap.indicator, current, gap.need, gap.target, gap.gain, zh, en)


def covers(ask: str, file: Attached) -> bool:
    """The same test as `opsledger evidence`: attached for that requirement, or named with its text."""
    from schemes.audit import covers as audit_covers

    return audit_covers(ask, file)


def missing_evidence(item: ItemScore, attached: Mapping[int, Sequence[Attached]]) -> tuple[str, ...]:
    """The item's 佐证材料 that no file on its backing events covers."""
    files = [f for seq in item.events for f in attached.get(seq, ())]
    return tuple(ask for ask in item.evidence if not any(covers(ask, f) for f in files))


# -- the gap list -----------------------------------------------------------------------------------------


def item_gaps(
    card: Scorecard,
    scheme: Scheme,
    values: Mapping[str, IndicatorValue],
    deadline: date,
    attached: Mapping[int, Sequence[Attached]],
) -> tuple[list[ItemGap], list[ItemGap], list[ItemGap], list[ItemGap]]:
    """(base items not at full marks, bonus items with room, deductions taken, full marks but evidence missing)."""
    room = {b.id: (b.cap - b.points if b.cap is not None else None) for b in card.blocks}
    base: list[ItemGap] = []
    bonus: list[ItemGap] = []
    deductions: list[ItemGap] = []
    evidence_only: list[ItemGap] = []
    for item in card.items:
        kind = scheme.block(item.block).kind
        missing = missing_evidence(item, attached)
        if item.points < 0 or kind == "penalty":
            available = -item.points
        else:
            available = item.max_points - item.points
            if kind == "bonus" and room.get(item.block) is not None:
                available = min(available, max(ZERO, room[item.block] or ZERO))
        # A rule's gain never exceeds what the item (and a bonus block's room) can still give.
        actions = tuple(action_for(g.replace(gain=min(g.gain, max(available, ZERO))), scheme, values, deadline)
                        for g in item.gaps)  # fmt: skip
        found = ItemGap(item.id, item.block, kind, item.title, item.title_en, item.points, item.max_points,
                        available, actions, item.explanation_en, item.evidence, missing, len(item.events),
                        item.explanation_zh)  # fmt: skip
        if item.points < 0 or kind == "penalty":
            if item.points < 0:
                deductions.append(found)
        elif available > 0:
            (bonus if kind == "bonus" else base).append(found)
        elif missing and item.max_points > 0:
            evidence_only.append(replace(found, available=ZERO))
    order = {item.id: n for n, item in enumerate(card.items)}
    base.sort(key=lambda g: (-g.available, order[g.id]))
    bonus.sort(key=lambda g: (-g.available, order[g.id]))
    deductions.sort(key=lambda g: (-g.available, order[g.id]))
    evidence_only.sort(key=lambda g: (-g.points, order[g.id]))
    return base, bonus, deductions, evidence_only


# -- the projection -------------------------------------------------------------------------------------


def projected_values(
    scheme: Scheme, values: Mapping[str, IndicatorValue], period: Period, today: date
) -> dict[str, IndicatorValue]:
    """Every indicator at the period's end at the current pace: each kind's own `project` (see the module
    docstring), derived ratios and totals recomputed from the projected parts."""
    return project_values(scheme.indicators, values, period, today)


def _same(a: Decimal | None, b: Decimal | None) -> bool:
    """Equal to 4 decimal places (a ratio of two projected counts is the same ratio, give or take rounding)."""
    if a is None or b is None:
        return a is b
    return round_half_up(a, 4) == round_half_up(b, 4)


def project(
    scheme: Scheme,
    card: Scorecard,
    values: Mapping[str, IndicatorValue],
    period: Period,
    today: date,
    *,
    index: int | None = None,
    cohort: Mapping[str, Mapping[str, IndicatorValue]] | None = None,
) -> Projection | None:
    """The period re-scored at the current pace; None unless today is inside the period."""
    if not period.start <= today <= period.end:
        return None
    mine = projected_values(scheme, values, period, today)
    if cohort:
        from schemes.cohort import rank_cohort

        every = {
            s: (mine if s == card.site else projected_values(scheme, v, period, today))
            for s, v in cohort.items()
        }
        cards = [score(scheme, s, str(period), every[s], index=index, cohort=every) for s in sorted(every)]
        cards = rank_cohort(scheme, cards, every)
        later = next(c for c in cards if c.site == card.site)
    else:
        later = score(scheme, card.site, str(period), mine, index=index)
    changed = [
        (i.id, i.points, later.item(i.id).points) for i in card.items if later.item(i.id).points != i.points
    ]
    shown_values = []
    for name in sorted(scheme.indicators):
        before, after = values.get(name), mine.get(name)
        if before is None or after is None or _same(before.value, after.value):
            continue
        zh, en, _, _ = _labels(scheme, name)
        shown_values.append(ProjectedValue(name, zh, en, before.value, after.value))
    return Projection(today, period.elapsed_days(today), period.days, shown_values, later.total, later.grade,
                      later.grade_en, changed)  # fmt: skip


def report(
    card: Scorecard,
    scheme: Scheme,
    values: Mapping[str, IndicatorValue],
    period: Period,
    today: date,
    attached: Mapping[int, Sequence[Attached]],
    *,
    index: int | None = None,
    cohort: Mapping[str, Mapping[str, IndicatorValue]] | None = None,
) -> GapReport:
    """Everything `opsledger gaps` shows, from a scorecard and the values behind it."""
    base, bonus, deductions, evidence_only = item_gaps(card, scheme, values, period.end, attached)
    out = GapReport(card.site, card.scheme, card.scheme_title, str(period), period.start, period.end, today,
                    card.total, card.max_total, card.grade, card.grade_en, base, bonus, deductions, evidence_only)  # fmt: skip
    out.projection = project(scheme, card, values, period, today, index=index, cohort=cohort)
    out.places = scheme.display_places
    if today < period.start:
        out.notes.append(msg("gaps.not_started", start=period.start))
    elif today > period.end:
        out.notes.append(msg("gaps.ended", end=period.end))
    pending = [str(e["seq"]) for e in card.late if "pending" in str(e.get("status", ""))]
    if pending:
        out.notes.append(msg("gaps.late_pending", seqs=", ".join(pending)))
    return out


# -- text -----------------------------------------------------------------------------------------------


def _t(key: str, **values: Any) -> str:
    return str(msg(key, **values))


def _item_lines(g: ItemGap, english: bool, places: int | None) -> list[str]:
    def pt(value: Decimal) -> str:
        return number(value, places)

    pts = f"{pt(g.points)}/{pt(g.max_points)}" if g.max_points else pt(g.points)
    sign = "-" if g.kind == "penalty" or g.points < 0 else "+"
    title = g.title_en if english and g.title_en else g.title
    lines = [f"{sign}{pt(g.available):<6} {g.id}  {title}  ({pts})"]
    if g.together:
        lines.append("         " + _t("gaps.together", points=pt(g.available)))
    elif g.alternatives:
        lines.append("         " + _t("gaps.alternatives"))
    for a in g.actions:
        lines.append(f"         {a.en if english else a.zh}")
    if not g.actions:
        lines.append(f"         {g.explanation_en if english or not g.explanation_zh else g.explanation_zh}")
    if g.evidence_missing:
        lines.append("         " + _t("gaps.evidence_missing", files="; ".join(g.evidence_missing)))
    return lines


def gaps_text(r: GapReport) -> str:
    """The gap report for a terminal, in the reader's language (JSON keeps both)."""
    english = current_lang() == "en"

    def grade_of(grade: str | None, grade_en: str | None) -> str:
        return f"{grade} ({grade_en})" if english and grade_en else grade or ""

    def pt(value: Decimal) -> str:
        return number(value, r.places)

    def estimate(value: Decimal) -> str:
        # A projection pro-rates counts to the period's end, so its points carry spurious places (Pingxiang
        # 96.615 from 54.3 fairs): shown to the scheme's display places, else to one place like the
        # projected values themselves. JSON keeps the exact figures.
        return pt(value) if r.places is not None else shown(value)

    grade = _t("gaps.grade", grade=grade_of(r.grade, r.grade_en)) if r.grade else ""
    lines = [
        r.scheme_title,
        _t("gaps.head", site=r.site, scheme=r.scheme, period=r.period, start=r.start, end=r.end),
        _t("gaps.total", total=pt(r.total), max=pt(r.max_total), grade=grade, today=r.today),
    ]
    lines += [_t("gaps.note", note=n) for n in r.notes]
    p = r.projection
    if p is not None:
        grade_p = _t("gaps.projected_grade", grade=grade_of(p.grade, p.grade_en)) if p.grade else ""
        lines += ["", _t("gaps.projection", day=p.elapsed_days, days=p.period_days, total=estimate(p.total),
                         grade=grade_p, now=pt(r.total))]  # fmt: skip
        for v in p.values:
            label = v.label_en if english else v.label_zh
            lines.append(f"    {label}: {shown(v.current)} -> {shown(v.projected)}")
        for item, now, then in p.items:
            lines.append("    " + _t("gaps.projected_item", item=item, now=pt(now), then=estimate(then)))
    sections = (("gaps.items", r.items), ("gaps.bonus", r.bonus), ("gaps.deductions", r.deductions))
    for title, items in sections:
        if items:
            lines += ["", _t(title)]
            for g in items:
                lines += _item_lines(g, english, r.places)
    if r.evidence_only:
        lines += ["", _t("gaps.evidence_only")]
        for g in r.evidence_only:
            title = g.title_en if english and g.title_en else g.title
            lines.append(f"{pt(g.points):<7} {g.id}  {title}: {'; '.join(g.evidence_missing)}")
    if not (r.items or r.bonus or r.deductions):
        lines += ["", _t("gaps.all_full")]
    return "\n".join(lines)


# -- I/O: the one function that reads the ledger --------------------------------------------------------


def site_gaps(
    ledger: Any, site: str, period_text: str, today: date, scheme_id: str | None = None
) -> GapReport:
    """Score (site, period) now and build its gap report, with the evidence attached to its events."""
    from ledger import evidence
    from schemes import service

    target = service.resolve(ledger, site, period_text, scheme_id)
    parts = service.longer_period(target)
    if parts:  # gaps and projections are per assessed period: each has its own table and deadline
        named = ", ".join(str(p) for p in parts)
        raise SchemeError(
            f"{target.scheme.id} is assessed each {target.scheme.assessed_every}: ask for the gaps of {named}"
        )
    card = service.score_site(ledger, site, period_text, scheme_id=scheme_id)
    values, _ = service.current_values(ledger, target, site, None)
    cohort = None
    if target.scheme.cohort:
        cohort = {s: (values if s == site else service.current_values(ledger, target, s, None)[0])
                  for s in service.cohort_sites(ledger, target.scheme.id, target.period)}  # fmt: skip
    seqs = {s for item in card.items for s in item.events}
    attached = evidence.attached_to(ledger, seqs, site)
    return report(
        card, target.scheme, values, target.period, today, attached, index=target.index, cohort=cohort
    )


__all__ = ["PROJECTION_LABEL", "GapReport", "gaps_text", "pace_factor", "project", "report", "site_gaps"]
