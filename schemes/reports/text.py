"""Plain-text renderings of schemes and scorecards (the CLI prints these; no I/O here)."""

from __future__ import annotations

from typing import Any

from ledger.messages import current_lang, msg
from projections.numbers import fmt
from schemes.display import number, one_language, total_line
from schemes.engine import Scorecard
from schemes.late import late_line
from schemes.model import Scheme, get_scheme, interpretation_line
from schemes.reports.textwidth import clip, pad
from schemes.rules import describe_rule


def _t(key: str, **values: Any) -> str:
    return str(msg(key, **values))


def scorecard_text(card: Scorecard, scheme: Scheme | None = None, *, show_events: bool = True) -> str:
    """The scorecard for a terminal; points to the scheme's `display_places` (looked up by id if not given)."""
    places = (scheme or get_scheme(card.scheme)).display_places
    english = current_lang() == "en"
    lines = [
        f"{card.scheme_title}",
        _t("text.card_head", scheme=card.scheme, site=card.site, period=card.period)
        + (_t("text.card_rank", rank=card.rank, size=card.cohort_size) if card.rank is not None else ""),
        "",
    ]
    header = f"{pad(_t('text.col.item'), 24)} {pad(_t('text.col.points'), 13)} {_t('text.col.explanation')}"
    lines += [header, "-" * 100]
    current_block = None
    for item in card.items:
        if item.block != current_block:
            current_block = item.block
            block = next(b for b in card.blocks if b.id == item.block)
            lines.append(f"[{block.title}]")
        pts = number(item.points, places)
        pts = f"{pts}/{number(item.max_points, places)}" if item.max_points else pts
        lines.append(f"{pad(clip(item.id, 24), 24)} {pad(pts, 13)} {item.title}")
        # the explanation in the reader's language (JSON keeps both)
        lines.append(f"{'':24} {'':13} {item.explanation_en if english else item.explanation_zh}")
        for detail in item.details.values():
            short = detail.get("short") or detail.get("misses")
            if short:
                shown = ", ".join(
                    str(s.get("bucket") or f"seq {s.get('seq')} ({'/'.join(s.get('missed', []))})")
                    for s in short[:8]
                )
                more = f" … ({len(short)})" if len(short) > 8 else ""
                lines.append(f"{'':24} {'':13} {_t('text.short', shown=shown + more)}")
        if show_events and item.events:
            shown = ", ".join(str(s) for s in item.events[:12]) + (" …" if len(item.events) > 12 else "")
            lines.append(f"{'':24} {'':13} {_t('text.events', shown=shown, n=len(item.events))}")
    lines.append("-" * 100)
    for block in card.blocks:
        capped = (
            _t("text.capped", raw=number(block.raw, places), cap=number(block.cap, places))
            if block.raw != block.points
            else ""
        )
        lines.append(f"{pad(block.title, 24)} {number(block.points, places)}{capped}")
    lines.extend(card.notes)
    lines.append(f"{pad(_t('text.total'), 24)} {total_line(card, places)}")
    if card.grade:
        grade = f"{card.grade} ({card.grade_en})" if english and card.grade_en else card.grade
        lines.append(f"{pad(_t('text.grade'), 24)} {grade}")
    for c in card.consequences:
        lines.append(f"{pad(_t('text.consequence'), 24)} {c['en'] if english else c['zh']}")
    money = card.money
    if money.get("lines"):
        lines.append("")
        lines.append(_t("text.money"))
        for line in money["lines"]:
            lines.append(f"  {one_language(str(line))}")
    if card.late:
        lines.append("")
        lines.append(_t("text.late"))
        for e in card.late:
            lines.append(f"  {late_line(e)}")
    return "\n".join(lines)


def cohort_text(cards: list[Scorecard], scheme: Scheme | None = None) -> str:
    """The ranking (block subtotals, grade, conditions met), then every unit's items, in rank order."""
    first = cards[0]
    places = (scheme or get_scheme(first.scheme)).display_places
    lines = [
        first.scheme_title,
        _t("text.cohort_head", scheme=first.scheme, period=first.period, n=len(cards)),
        "",
    ]
    blocks = [b.id for b in first.blocks]
    cols = [max(7, len(b) + 1) for b in blocks]
    head = " ".join(pad(b, w) for b, w in zip(blocks, cols, strict=True))
    lines.append(
        f"{pad(_t('text.col.rank'), 5)} {pad(_t('text.col.unit'), 16)} {pad(_t('text.total'), 9)} "
        f"{pad(_t('text.col.grade'), 6)} {head} {_t('text.col.conditions')}"
    )
    lines.append("-" * (40 + sum(cols) + len(cols) + 11))
    for card in cards:
        subtotal = " ".join(pad(number(b.points, places), w) for b, w in zip(card.blocks, cols, strict=True))
        met = sorted({str(cid) for c in card.consequences for cid in c.get("conditions", ())})
        gone = any(c.get("terminable") for c in card.consequences)
        flag = ", ".join(met) + (_t("text.disqualified") if gone else "")
        lines.append(
            f"{pad(str(card.rank), 5)} {pad(card.site, 16)} {pad(number(card.total, places), 9)} {pad(card.grade or '-', 6)} "
            f"{subtotal} {flag or '-'}"
        )
    lines.append("")
    lines.extend(f"{pad(b.id, 9)} {b.title}" for b in first.blocks)
    common = [n for n in first.notes if all(n in c.notes for c in cards)]  # said once, not per unit
    if common:
        lines += ["", *common]
    lines += ["", _t("text.items_per_unit")]
    for card in cards:
        grade = (
            f"{card.grade or '-'} ({card.grade_en or '-'})" if current_lang() == "en" else card.grade or "-"
        )
        lines.append(
            _t(
                "text.unit_line",
                rank=card.rank,
                site=card.site,
                total=number(card.total, places),
                grade=grade,
            )
        )
        for block in card.blocks:
            parts = ", ".join(
                f"{i.id.split('.', 1)[-1]} {number(i.points, places)}"
                for i in card.items
                if i.block == block.id
            )
            lines.append(f"    {pad(block.id, 9)} {pad(number(block.points, places), 7)} {parts}")
        for note in card.notes:
            if note not in common:
                lines.append(f"    {note}")
    return "\n".join(lines)


def scheme_text(scheme: Scheme) -> str:
    """`opsledger scheme show`: the scheme's table and rules in the reader's language; TOML keys, rule
    parameters (`kind: key=value`) and ids stay as the file writes them."""
    english = current_lang() == "en"
    lines = [
        f"{scheme.id}: {scheme.title}",
        f"  {scheme.title_en}" if scheme.title_en else "",
        "  " + _t("show.head", seed=scheme.seed, every=scheme.assessed_every, path=scheme.path),
        f"  sha256 {scheme.sha256}",
    ]
    for note in scheme.notes:
        lines.append("  " + _t("show.note", note=note))
    for block in scheme.blocks:
        cap = _t("show.cap", cap=fmt(block.cap)) if block.cap is not None else ""
        lines.append("")
        lines.append(f"[{block.id}] {block.title} {block.title_en}{cap}")
        for item in (i for i in scheme.items if i.block == block.id):
            when = _t("show.quarters", quarters=item.applies_in) if item.applies_in else ""
            lines.append(f"  {item.id}  {_t('show.points', points=fmt(item.max_points))}{when}  {item.title}")
            lines.append("      " + _t("show.criterion", text=item.criterion))
            lines.append("      " + _t("show.source", source=item.source))
            lines.append("      " + _t("show.rule", kind=item.rule.kind, params=describe_rule(item.rule)))
            if item.evidence:
                lines.append("      " + _t("show.evidence", files="; ".join(item.evidence)))
            if item.interpretation:
                lines.append(f"      {interpretation_line(item)}")
    if scheme.grades:
        lines.append("")
        lines.append(_t("show.grades", grades=", ".join(f"{g.label} ≥{fmt(g.min)}" for g in scheme.grades)))
    for c in scheme.consequences:
        lines.append(_t("show.below", below=fmt(c.below), text=c.en if english else c.zh))
    grading = scheme.cohort_grading
    if grading is not None:
        lines.append("")
        quotas = ", ".join(f"{q.grade} ≤{fmt(q.share * 100)}%" for q in grading.quotas)
        lines.append(_t("show.quotas", quotas=quotas, rest=grading.rest, unqualified=grading.unqualified,
                        ties=grading.ties))  # fmt: skip
        if grading.interpretation:
            lines.append(f"  {interpretation_line(grading)}")
        for cond in grading.conditions:
            when = f"{cond.input} ≥ {fmt(cond.at_least)}"
            if cond.total_below is not None:
                when = _t("show.total_below", below=fmt(cond.total_below))
            flags = (("show.unqualified", cond.unqualified), ("show.disqualified", cond.disqualified))
            makes = " + ".join(_t(word) for word, on in flags if on)
            lines.append("  " + _t("show.condition", id=cond.id, source=cond.source, when=when, makes=makes,
                                   text=cond.zh))  # fmt: skip
    from schemes.explain import extras

    lines += extras(scheme)  # payout pieces, vetoes, voids, longer periods, holiday tables
    return "\n".join(line for line in lines if line is not None)
