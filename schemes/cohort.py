"""Cohort schemes score units against each other: rank the scorecards and, where the scheme says so, grade by quota.

Wujiang (五、考核结果运用): grades A, B, C go by quota in rank order (A <= 10%, B <= 20%, C <= 30% of all
assessed units); units meeting a (五) condition are 不合格 (unqualified: grade E, never seated) and some are
also removed from the alliance (disqualified). Pure: scorecards and indicator values in, graded cards out.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from ledger.record import Record
from projections.indicators import IndicatorValue
from schemes.engine import Scorecard, Standing, finish
from schemes.model import CohortCondition, CohortGrading, Scheme
from schemes.rules import quota_grades


class Status(Record):
    """Which (五) conditions a unit meets, and what they make it."""

    met: tuple[CohortCondition, ...]

    @property
    def unqualified(self) -> bool:
        return any(c.unqualified for c in self.met)

    @property
    def disqualified(self) -> bool:
        return any(c.disqualified for c in self.met)


def conditions_met(grading: CohortGrading, total: Decimal, values: Mapping[str, IndicatorValue]) -> Status:
    """The conditions a unit meets: an indicator reaching `at_least`, or a total below `total_below`."""
    met = []
    for cond in grading.conditions:
        if cond.total_below is not None:
            hit = total < cond.total_below
        else:
            assert cond.input is not None
            value = values[cond.input].value
            hit = value is not None and value >= cond.at_least
        if hit:
            met.append(cond)
    return Status(tuple(met))


def _order(cards: list[Scorecard]) -> list[Scorecard]:
    """Best total first; site id orders the display of ties."""
    return sorted(cards, key=lambda c: (-c.total, c.site))


def _ranks(ordered: list[Scorecard]) -> dict[str, int]:
    """Equal totals share the better rank (competition ranking: 1, 1, 3)."""
    previous, rank, out = None, 0, {}
    for position, card in enumerate(ordered, start=1):
        if card.total != previous:
            rank, previous = position, card.total
        out[card.site] = rank
    return out


def competition_ranks(cards: list[Scorecard]) -> list[Scorecard]:
    """The cards ranked by total, best first, each with its rank and the cohort's size."""
    ordered = _order(cards)
    ranks = _ranks(ordered)
    return [finish(c, standing=Standing(ranks[c.site], len(ordered))) for c in ordered]


def standings(
    scheme: Scheme, cards: list[Scorecard], values: Mapping[str, Mapping[str, IndicatorValue]]
) -> dict[str, Standing]:
    """Each unit's rank and, when the scheme has `cohort_grading`, its quota grade, notes and consequences."""
    ordered = _order(cards)
    ranks = _ranks(ordered)
    grading = scheme.cohort_grading
    if grading is None:
        return {c.site: Standing(ranks[c.site], len(ordered)) for c in ordered}
    status = {c.site: conditions_met(grading, c.total, values[c.site]) for c in ordered}
    grades = quota_grades(
        [c.site for c in ordered],
        [(q.grade, q.share) for q in grading.quotas],
        grading.rest,
        lambda site: not status[site].unqualified,
        totals={c.site: c.total for c in ordered},
        ties=grading.ties,
    )
    # The same seats handed out one unit at a time: where a unit's grade differs, the tie rule moved it.
    untied = quota_grades(
        [c.site for c in ordered],
        [(q.grade, q.share) for q in grading.quotas],
        grading.rest,
        lambda site: not status[site].unqualified,
    )
    english = {q.grade: q.label_en or q.grade for q in grading.quotas}
    english[grading.rest] = grading.rest_en or grading.rest
    seats = quota_seats(grading, len(ordered))
    out = {}
    for card in ordered:
        st = status[card.site]
        if st.unqualified:
            grade, grade_en = grading.unqualified, grading.unqualified_en or grading.unqualified
        else:
            grade = grades[card.site]
            grade_en = english.get(grade, grade)
        notes = _notes(len(ordered), st, grading, seats)
        if not st.unqualified:
            notes += _tie_note(card, ranks, ordered, status, grades, untied, grading)
        out[card.site] = Standing(ranks[card.site], len(ordered), grade, grade_en, True, tuple(notes),
                                  tuple(_consequences(st)))  # fmt: skip
    return out


def rank_cohort(
    scheme: Scheme, cards: list[Scorecard], values: Mapping[str, Mapping[str, IndicatorValue]]
) -> list[Scorecard]:
    """The cohort ranked by total (best first), each card with its standing."""
    placed = standings(scheme, cards, values)
    return [finish(c, standing=placed[c.site]) for c in _order(cards)]


def _tie_note(
    card: Scorecard,
    ranks: Mapping[str, int],
    ordered: list[Scorecard],
    status: Mapping[str, Status],
    grades: Mapping[str, str],
    untied: Mapping[str, str],
    grading: CohortGrading,
) -> list[str]:
    """Why a unit tied on the total at a quota's edge got the grade it got (nothing when the tie did not matter)."""
    tied = [c.site for c in ordered if c.total == card.total and not status[c.site].unqualified]
    if len(tied) < 2 or all(grades[s] == untied[s] for s in tied):
        return []
    others = "、".join(s for s in tied if s != card.site)
    others_en = ", ".join(s for s in tied if s != card.site)
    denied = untied[tied[0]]  # the grade the group's best unit had with seats handed out one at a time
    if grading.ties == "exceed":
        return [
            f"与 {others} 并列第 {ranks[card.site]} 名：并列单位全部列入 {grades[card.site]} 级（超出配额） / tied at rank "
            f"{ranks[card.site]} with {others_en}: all take {grades[card.site]}, beyond the quota"
        ]
    return [
        f"与 {others} 并列第 {ranks[card.site]} 名：{denied} 级剩余名额容不下并列的 {len(tied)} 家，按“不超过”整体列入 "
        f"{grades[card.site]} 级 / tied at rank {ranks[card.site]} with {others_en}: the {denied} seats left cannot take all "
        f"{len(tied)}, so the quota ceiling moves them together to {grades[card.site]}"
    ]


def quota_seats(grading: CohortGrading, units: int) -> dict[str, int]:
    """Seats per quota grade: floor(share x all assessed units)."""
    return {q.grade: int(q.share * units) for q in grading.quotas}


def _notes(size: int, st: Status, grading: CohortGrading, seats: Mapping[str, int]) -> list[str]:
    quota = "，".join(f"{g} {n} 个" for g, n in seats.items())
    quota_en = ", ".join(f"{g} {n}" for g, n in seats.items())
    notes = [
        f"等次按名次配额：共 {size} 家参评，{quota}；不合格单位不占配额 / "
        f"grades by quota in rank order: {size} units, seats {quota_en}; unqualified units take no seat"
    ]
    for cond in st.met:
        notes.append(f"{cond.zh}（{cond.source}） / {cond.en}")
    if st.unqualified:
        notes.append(
            f"当年度考核等次列为不合格，等次 {grading.unqualified} / unqualified for the year: grade {grading.unqualified}"
        )
    if st.disqualified:
        notes.append("取消“乐业吴江”就业协作联盟运营单位资格 / removed from the alliance (disqualified)")
    return notes


def _consequences(st: Status) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    if st.unqualified:
        why = "；".join(c.source for c in st.met if c.unqualified)
        out.append({
            "below": next((str(c.total_below) for c in st.met if c.total_below is not None), None),
            "zh": f"当年度考核等次列为不合格（{why}）",
            "en": f"unqualified (不合格) for the year ({why})",
            "fee_deduction_pct": "0",
            "terminable": False,
            "conditions": [c.id for c in st.met if c.unqualified],
        })  # fmt: skip
    if st.disqualified:
        why = "；".join(c.source for c in st.met if c.disqualified)
        out.append({
            "below": None,
            "zh": f"取消“乐业吴江”就业协作联盟运营单位资格（{why}）",
            "en": f"removed from the alliance: operating-unit status cancelled ({why})",
            "fee_deduction_pct": "0",
            "terminable": True,
            "conditions": [c.id for c in st.met if c.disqualified],
        })  # fmt: skip
    return out
