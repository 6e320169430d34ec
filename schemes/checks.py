"""Checking an assessor's act against the scheme in force before it is logged: a judgement, rating or finding the
scheme would never count is refused with "did you mean", never stored and ignored.

`check_assessor_payload(scheme, event_type, payload)` is pure (the write use-case passes the scheme in force for
the event's site and date) and raises SchemeError with one line saying what to fix:

  assessor_judgement  the scheme id; the item (or item/part) one of its judgement indicators reads; `points` only
                      where the item takes the assessor's points, within [0, max] (refused where the document
                      says all-or-nothing, "未足额完成不得分"); `shortfalls` only where the rule counts them.
  assessor_rating     the scheme id; the item one of its ratings indicators reads; every aspect it declares rated,
                      none it does not, each on its scale.
  inspection_finding  a finding kind the scheme reads; an `item` only where it reads one (a void needs it).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ledger.messages import msg
from projections.numbers import ZERO, fmt, to_decimal
from schemes.errors import SchemeError
from schemes.model import Scheme
from schemes.rules import Judgement, Rule, Services, walk

CHECKED = frozenset({"assessor_judgement", "assessor_rating", "inspection_finding"})


def _mean(word: str, known: Iterable[str]) -> Any:
    close = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.5)
    return msg("scheme.did_you_mean", close=repr(close[0])) if close else ""


@dataclass(frozen=True)
class Judged:
    """What a scheme does with a judgement on one key: points accepted up to `most` (None: no upper bound)?"""

    points: bool
    most: Decimal | None
    shortfalls: bool
    why_not: Any = ""  # a catalogue message (ledger/messages) when points are refused


def judged_keys(scheme: Scheme) -> dict[str, Judged]:
    """Every item (or item/part) a judgement is read for, and what the rules reading it accept."""
    out: dict[str, Judged] = {}
    readers: dict[str, list[tuple[Rule, Decimal]]] = {}
    for item in scheme.items:
        for rule in walk(item.rule):
            worth = getattr(rule, "points", None) if isinstance(rule, Judgement) else None
            for name in rule.inputs():
                readers.setdefault(name, []).append((rule, worth if worth is not None else item.max_points))
    for name, spec in scheme.indicators.items():
        if spec.kind == "judgement":
            rules = readers.get(name, [])
            judgements = [(r, m) for r, m in rules if isinstance(r, Judgement)]
            takes_points = bool(judgements) and all(not r.all_or_nothing for r, _ in judgements)
            why = ""
            if any(r.all_or_nothing for r, _ in judgements):
                why = msg("act.all_or_nothing")
            elif any(isinstance(r, Services) for r, _ in rules):
                why = msg("act.service")
            most = min((m for _, m in judgements), default=None)
            counts_short = any(r.each is not None for r, _ in judgements)
            out[spec.item] = Judged(takes_points, most, counts_short, why)
        elif getattr(spec, "type", None) == "assessor_judgement" and getattr(spec, "field", None) == "points":
            key = spec.where.get("item")  # type: ignore[union-attr]
            if isinstance(key, str):
                maxima = [m for rule, m in readers.get(name, []) if m > 0]
                out.setdefault(key, Judged(True, max(maxima) if maxima else None, False))
    return out


def _scheme_id(scheme: Scheme, payload: Mapping[str, Any]) -> None:
    if payload.get("scheme") != scheme.id:
        raise SchemeError(msg("act.other_scheme", given=repr(payload.get("scheme")), scheme=repr(scheme.id)))


def check_assessor_payload(scheme: Scheme, event_type: str, payload: Mapping[str, Any]) -> None:
    """Refuse an assessor's act the scheme in force would not count (see the module docstring)."""
    if event_type == "assessor_judgement":
        _judgement(scheme, payload)
    elif event_type == "assessor_rating":
        _rating(scheme, payload)
    elif event_type == "inspection_finding":
        _finding(scheme, payload)


def _judgement(scheme: Scheme, payload: Mapping[str, Any]) -> None:
    _scheme_id(scheme, payload)
    keys = judged_keys(scheme)
    key = str(payload.get("item", ""))
    if key not in keys:
        raise SchemeError(msg("act.no_judgement", scheme=scheme.id, item=repr(key), hint=_mean(key, keys)))
    judged = keys[key]
    points = payload.get("points")
    if points is not None:
        if not judged.points:
            raise SchemeError(
                msg("act.item", scheme=scheme.id, item=key, error=judged.why_not or msg("act.met_only"))
            )
        given = to_decimal(points)
        if given < ZERO or (judged.most is not None and given > judged.most):
            top = fmt(judged.most) if judged.most is not None else msg("act.no_bound")
            raise SchemeError(msg("act.item", scheme=scheme.id, item=key,
                                  error=msg("act.points_range", points=fmt(given), top=top)))  # fmt: skip
    shortfalls = int(payload.get("shortfalls") or 0)
    if shortfalls and not judged.shortfalls:
        raise SchemeError(msg("act.item", scheme=scheme.id, item=key, error=msg("act.no_shortfalls")))
    if shortfalls and payload.get("met"):
        raise SchemeError(
            msg("act.item", scheme=scheme.id, item=key, error=msg("act.met_short", n=shortfalls))
        )


def _rating(scheme: Scheme, payload: Mapping[str, Any]) -> None:
    _scheme_id(scheme, payload)
    specs = {s.item: s for s in scheme.indicators.values() if s.kind == "ratings"}
    key = str(payload.get("item", ""))
    if key not in specs:
        raise SchemeError(msg("act.no_rating", scheme=scheme.id, item=repr(key), hint=_mean(key, specs)))
    spec = specs[key]
    ratings = dict(payload.get("ratings") or {})
    for aspect, value in ratings.items():
        if aspect not in spec.aspects:  # type: ignore[attr-defined]
            raise SchemeError(msg("act.item", scheme=scheme.id, item=key, error=msg("act.no_aspect", aspect=repr(aspect),
                                  hint=_mean(aspect, spec.aspects))))  # type: ignore[attr-defined]  # fmt: skip
        if not spec.scale_min <= int(value) <= spec.scale_max:  # type: ignore[attr-defined]
            raise SchemeError(msg("act.item", scheme=scheme.id, item=key, error=msg("act.scale", aspect=aspect, value=value,
                                  low=spec.scale_min, high=spec.scale_max)))  # type: ignore[attr-defined]  # fmt: skip
    missing = [a for a in spec.aspects if a not in ratings]  # type: ignore[attr-defined]
    if missing:
        raise SchemeError(
            msg("act.item", scheme=scheme.id, item=key, error=msg("act.rate_all", missing=", ".join(missing)))
        )


def _finding(scheme: Scheme, payload: Mapping[str, Any]) -> None:
    kind = str(payload.get("kind", ""))
    readers = [(n, s) for n, s in scheme.indicators.items() if s.kind == "findings" and kind in s.kinds()]  # type: ignore[attr-defined]
    if not readers:
        known = {k for s in scheme.indicators.values() if s.kind == "findings" for k in s.kinds()}  # type: ignore[attr-defined]
        raise SchemeError(msg("act.no_finding", scheme=scheme.id, kind=repr(kind), hint=_mean(kind, known)))
    item = str(payload.get("item") or "")
    voided = {v.input for v in scheme.voids}
    wants_item = any(n in voided or s.item is not None for n, s in readers)  # type: ignore[attr-defined]
    items = {i.id for i in scheme.items}
    if wants_item and not item:
        raise SchemeError(msg("act.finding_item", scheme=scheme.id, kind=kind))
    if item and not wants_item:
        raise SchemeError(msg("act.finding_no_item", scheme=scheme.id, kind=kind))
    if item and item not in items:
        raise SchemeError(msg("act.no_item", scheme=scheme.id, item=repr(item), hint=_mean(item, items)))
    for name, spec in readers:
        if spec.item is not None and item and item != spec.item and name not in voided:  # type: ignore[attr-defined]
            raise SchemeError(
                msg("act.finding_other", scheme=scheme.id, kind=kind, only=repr(spec.item), item=repr(item))
            )  # type: ignore[attr-defined]
