"""Checking a scheme file: every problem at once, each with the file, the item (or indicator, piece...) and the
line, so a buyer writing a new contract fixes them in one pass (`opsledger scheme check FILE`).

Errors make the file unusable (loading refuses it with the first one): the TOML and its types, every event
type, payload field, enum value, finding kind, survey and detail key named against the event catalog, band
tables with holes or overlaps, grades that leave totals ungraded, block caps the items do not add up to,
deductions stated twice in disagreement. Warnings are printed by `scheme check` only: indicators nothing reads,
a total cap that bites.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import types
import typing
from collections.abc import Iterable, Sequence
from enum import Enum
from typing import Any, Literal

from pydantic import ValidationError

from ledger.events import CATALOG
from ledger.messages import msg, text
from projections.indicators import condition_values
from projections.numbers import ZERO, fmt
from schemes.bands import coverage
from schemes.errors import SchemeError
from schemes.filelines import Locator, Problem, edges, errors, needles, place, section
from schemes.model import Scheme, calendar_for, locate, message
from schemes.money.pieces import Deduction
from schemes.rules import Judgement, Services, Tiers, walk

# -- the event catalog ----------------------------------------------------------------------------------------


def _strip(annotation: Any) -> list[Any]:
    """The concrete types an annotation allows (Annotated and Optional unwrapped)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _strip(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for a in typing.get_args(annotation) for t in _strip(a) if t is not type(None)]
    return [annotation]


def allowed_values(event_type: str, name: str) -> set[Any] | None:
    """The closed set of values a payload field takes (an enum, a Literal, a bool); None when it is open."""
    model = CATALOG[event_type]
    out: set[Any] = set()
    for t in _strip(model.model_fields[name].annotation):
        if isinstance(t, type) and issubclass(t, Enum):
            out |= {m.value for m in t}
        elif typing.get_origin(t) is Literal:
            out |= set(typing.get_args(t))
        elif t is bool:
            out |= {True, False}
        else:
            return None
    return out


def int_field(event_type: str, name: str) -> bool:
    model = CATALOG.get(event_type)
    if model is None or name not in model.model_fields:
        return False
    kinds = _strip(model.model_fields[name].annotation)
    return all(t is int for t in kinds)


def _mean(word: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.6)
    return f": did you mean {close[0]!r}?" if close else ""


def _fields(event_type: str) -> list[str]:
    return [f for f in CATALOG[event_type].model_fields if f != "type"]


# -- the checks -------------------------------------------------------------------------------------------------


class Checker:
    def __init__(self, scheme: Scheme, loc: Locator, file: str) -> None:
        self.scheme, self.loc, self.file = scheme, loc, file
        self.found: list[Problem] = []

    def add(
        self, at: tuple[Any, ...], where: str, msg: str, clues: Sequence[Any] = (), *, warn: bool = False
    ) -> None:
        found = [n for n in clues if isinstance(n, str) and " = " in n]  # already a needle ('max = "5"')
        plain = [n for n in clues if not (isinstance(n, str) and " = " in n)]
        self.found.append(Problem(self.file, where, self.loc.line(at, found + needles(*plain)), msg,
                                  "warning" if warn else "error"))  # fmt: skip

    def run(self) -> list[Problem]:
        self.indicators()
        self.items()
        self.grades()
        self.blocks()
        self.money()
        self.unused()
        return self.found

    def indicators(self) -> None:
        items = {i.id for i in self.scheme.items}
        for name, spec in self.scheme.indicators.items():
            at, where = ("indicators", name), f"indicator {name}"
            for reads in spec.reads():
                role = f" ({reads.role})" if reads.role else ""
                for t in reads.types:
                    if t not in CATALOG:
                        self.add(
                            at, where, f"event type {t!r}{role} is not in the catalog{_mean(t, CATALOG)}", [t]
                        )
                        continue
                    for f in dict.fromkeys([*reads.where, *reads.fields]):
                        if f not in CATALOG[t].model_fields or f == "type":
                            self.add(at, where, f"{t} has no field {f!r}{role}{_mean(f, _fields(t))}", [f])
                # A value needs to be one some type of the selector can take (several types share a where).
                for f, cond in reads.where.items():
                    sets = [
                        allowed_values(t, f)
                        for t in reads.types
                        if t in CATALOG and f in CATALOG[t].model_fields
                    ]
                    if not sets or any(a is None for a in sets):
                        continue
                    allowed = set().union(*[a for a in sets if a is not None])
                    literal = condition_values(cond) if not isinstance(cond, dict) else [
                        v for op, vals in cond.items() if op in ("in", "ne")
                        for v in (vals if isinstance(vals, list) else [vals])]  # fmt: skip
                    for value in literal:
                        if value not in allowed:
                            hint = _mean(str(value), [str(a) for a in allowed if not isinstance(a, bool)])
                            names = "/".join(t for t in reads.types if t in CATALOG)
                            self.add(at, where, f"{names}.{f} is never {value!r}{hint}", [value])
            kind = spec.kind
            if kind == "findings":  # its kinds are checked above, as inspection_finding.kind values
                if spec.item is not None and spec.item not in items:
                    self.add(
                        at,
                        where,
                        f"item {spec.item!r} is not an item of this scheme{_mean(spec.item, items)}",
                        [spec.item],
                    )
            elif kind == "survey":
                known = allowed_values("survey_response", "survey") or set()
                if spec.survey not in known:
                    self.add(
                        at,
                        where,
                        f"survey {spec.survey!r} is not in the catalog{_mean(spec.survey, known)}",
                        [spec.survey],
                    )
            elif kind in ("judgement", "ratings"):
                key = spec.item
                if not any(key == i or key.startswith((i + "/", i + ".")) for i in items):
                    self.add(
                        at,
                        where,
                        f"item {key!r} is not an item (or item/part) of this scheme{_mean(key, items)}",
                        [key],
                    )
            for ref in spec.references():
                if ref not in self.scheme.indicators:  # the model refuses these first; kept for completeness
                    self.add(at, where, f"refers to undeclared indicator {ref!r}", [ref])

    def items(self) -> None:
        specs = self.scheme.indicators
        for n, item in enumerate(self.scheme.items):
            at, where = ("items", n), f"item {item.id}"
            for rule in walk(item.rule):
                for name, key in rule.details():
                    keys = type(specs[name]).detail_keys if name in specs else ()
                    if key not in keys:
                        known = ", ".join(keys) or "none"
                        self.add(at, where, f"detail {key!r} of indicator {name!r} does not exist (it has: {known}){_mean(key, keys)}",
                                 [key])  # fmt: skip
                if isinstance(rule, Judgement) and specs[rule.input].kind != "judgement":
                    self.add(
                        at,
                        where,
                        f"a judgement rule reads {rule.input!r}, a {specs[rule.input].kind} indicator",
                        [rule.input],
                    )
                if isinstance(rule, Services):
                    for service in rule.services:
                        for check in service.checks:
                            if check.judged and specs[check.names()[0]].kind != "judgement":
                                self.add(at, where, f"check {check.names()[0]!r} is judged but is not a judgement indicator",
                                         [check.names()[0]])  # fmt: skip
                if isinstance(rule, Tiers):
                    self.tiers(at, where, rule)

    def tiers(self, at: tuple[Any, ...], where: str, rule: Tiers) -> None:
        spec = self.scheme.indicators[rule.input]
        bands = [b.band() for b in rule.bands]
        integral = spec.is_integral(int_field)
        inner = coverage(bands, lowest=spec.lowest, integral=integral, outer=False)
        every = coverage(bands, lowest=spec.lowest, integral=integral)
        for hole in inner:
            self.add(at, where, f"tiers on {rule.input}: {hole}", edges(hole))
        if "otherwise" not in rule.model_fields_set:
            for hole in (h for h in every if h not in inner):
                self.add(at, where, f"tiers on {rule.input}: {hole}; add a band, or write `otherwise` (the points there)",
                         edges(hole))  # fmt: skip

    def grades(self) -> None:
        s = self.scheme
        if not s.grades:
            return
        mins = [g.min for g in s.grades]
        if len(set(mins)) != len(mins):
            self.add(("grades", 0), "grades", "two grades start at the same score", ["min"])
        floor = s.floor_total if s.floor_total is not None else ZERO
        if min(mins) > floor:
            self.add(("grades", mins.index(min(mins))), "grades",
                     f"totals from {fmt(floor)} to below {fmt(min(mins))} get no grade: the lowest grade must start at {fmt(floor)} or less",
                     ["min"])  # fmt: skip
        top = s.max_total if s.max_total is not None else s.max_base
        for n, g in enumerate(s.grades):
            if g.min > top:
                self.add(
                    ("grades", n),
                    f"grade {g.label}",
                    f"starts at {fmt(g.min)}, above the most a total can be ({fmt(top)})",
                    ["min"],
                )
            if g.pay_pct is not None and not ZERO <= g.pay_pct <= 100:
                self.add(("grades", n), f"grade {g.label}", "pay_pct must be 0..100", ["pay_pct"])
        for n, v in enumerate(s.vetoes):
            if v.grade is not None and v.grade not in {g.label for g in s.grades}:
                self.add(("vetoes", n), f"veto {v.id}", f"grade {v.grade!r} is not a grade{_mean(v.grade, [g.label for g in s.grades])}",
                         [v.grade])  # fmt: skip

    def blocks(self) -> None:
        s = self.scheme
        quarters = sorted({q for i in s.items for q in i.applies_in}) or [None]
        for n, block in enumerate(s.blocks):
            if block.kind != "base" or block.cap is None:
                continue
            for q in quarters:
                inside = [
                    i
                    for i in s.items
                    if i.block == block.id and (q is None or not i.applies_in or q in i.applies_in)
                ]
                total = sum((i.max_points for i in inside), ZERO)
                if inside and total != block.cap:
                    when = f" in period {q}" if q is not None else ""
                    self.add(("blocks", n), f"block {block.id}",
                             f"its items' max_points add up to {fmt(total)}{when}, but its cap is {fmt(block.cap)}", ["cap"])  # fmt: skip
        if s.max_total is not None:
            base = sum((b.cap or ZERO for b in s.blocks if b.kind == "base"), ZERO)
            if base > s.max_total:
                self.add((), "max_total", f"the base blocks give up to {fmt(base)}, above max_total {fmt(s.max_total)}: the cap bites",
                         ["max_total"], warn=True)  # fmt: skip

    def money(self) -> None:
        s = self.scheme
        cuts = s.payout.of(Deduction)
        for n, c in enumerate(s.consequences):
            if not c.fee_deduction_pct:
                continue
            same = [d for d in cuts if d.below == c.below and d.pct == c.fee_deduction_pct]
            if cuts and not same:
                self.add(("consequences", n), "consequences",
                         f"below {fmt(c.below)} deducts {fmt(c.fee_deduction_pct)}% here but the [payout] deduction piece says otherwise",
                         ["fee_deduction_pct"])  # fmt: skip
            elif not cuts and s.payout.pieces:
                self.add(("consequences", n), "consequences",
                         f"below {fmt(c.below)} says {fmt(c.fee_deduction_pct)}% is deducted, but no [payout] deduction piece takes it",
                         ["fee_deduction_pct"], warn=True)  # fmt: skip

    def unused(self) -> None:
        s = self.scheme
        read = {n for i in s.items for n in i.rule.inputs()}
        read |= {r for spec in s.indicators.values() for r in spec.references()}
        read |= {c.input for c in (s.cohort_grading.conditions if s.cohort_grading else ()) if c.input}
        read |= {v.input for v in [*s.vetoes, *s.voids]}
        for name in s.indicators:
            if name not in read:
                self.add(("indicators", name), f"indicator {name}", "nothing reads it (no item, veto, void or other indicator)",
                         warn=True)  # fmt: skip


def check_text(
    text: str, file: str, *, extra_calendar: dict[str, Any] | None = None
) -> tuple[Scheme | None, list[Problem]]:
    """Parse and check a scheme file's text: (the scheme, or None when it cannot be built; every problem).
    `extra_calendar` holds holiday tables from the scheme's directory (the file's own years win)."""
    loc = Locator(text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        m = re.search(r"line (\d+)", str(err))
        return None, [Problem(file, "", int(m.group(1)) if m else None, f"not valid TOML: {err}")]
    if extra_calendar:
        data["calendar"] = {**extra_calendar, **data.get("calendar", {})}
    try:
        scheme = Scheme.model_validate(data)
    except ValidationError as err:
        out = []
        for e in err.errors():
            where, msg = locate(data, tuple(e["loc"])), message(e)
            at = section(tuple(e["loc"]))
            key = next(
                (p for p in reversed(e["loc"]) if isinstance(p, str) and not p.startswith("function")), None
            )
            look = needles(key)
            if e["type"].startswith("union_tag"):
                look = ["kind =", *look]
            if not e["loc"]:  # a check across the file: its message names the item, indicator or table
                at, where, msg, look = place(data, msg)
            out.append(Problem(file, where, loc.line(at, look), msg))
        return None, out
    found = Checker(scheme, loc, file).run()
    found += untranslated(data, loc, file)
    try:
        calendar_for(scheme.calendar)
    except SchemeError as err:
        found.append(Problem(file, "calendar", loc.line(("calendar",)), str(err)))
    return scheme, found


def untranslated(root: dict[str, Any], loc: Locator, file: str) -> list[Problem]:
    """Every table with an `interpretation` and no `interpretation_zh`: the people who read the scorecard read
    Chinese, so an interpretation they cannot read is refused like any other mistake in the file."""
    out: list[Problem] = []

    def walk(data: Any, path: tuple[Any, ...]) -> None:
        if isinstance(data, dict):
            if (
                str(data.get("interpretation") or "").strip()
                and not str(data.get("interpretation_zh") or "").strip()
            ):
                out.append(Problem(file, locate(root, path) or "top level", loc.line(section(path), ["interpretation ="]),
                                   text(msg("scheme.untranslated"))))  # fmt: skip
            for key, value in data.items():
                walk(value, (*path, key))
        elif isinstance(data, list):
            for n, value in enumerate(data):
                walk(value, (*path, n))

    walk(root, ())
    return out


__all__ = ["Checker", "Problem", "allowed_values", "check_text", "errors", "int_field"]
