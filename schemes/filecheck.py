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
from ledger.messages import Message, listing, msg, text
from projections.indicators import condition_values
from projections.numbers import ZERO, fmt
from schemes.bands import coverage
from schemes.errors import SchemeError
from schemes.filelines import Locator, Placed, Problem, edges, errors, needles, place, section
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


def _mean(word: str, known: Iterable[str]) -> Message | str:
    close = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.6)
    return msg("scheme.did_you_mean", close=repr(close[0])) if close else ""


def _fields(event_type: str) -> list[str]:
    return [f for f in CATALOG[event_type].model_fields if f != "type"]


# -- the checks -------------------------------------------------------------------------------------------------


class Checker:
    def __init__(self, scheme: Scheme, loc: Locator, file: str) -> None:
        self.scheme, self.loc, self.file = scheme, loc, file
        self.found: list[Problem] = []

    def add(
        self,
        at: tuple[Any, ...],
        where: Message,
        said: Message,
        clues: Sequence[Any] = (),
        *,
        warn: bool = False,
    ) -> None:
        found = [n for n in clues if isinstance(n, str) and " = " in n]  # already a needle ('max = "5"')
        plain = [n for n in clues if not (isinstance(n, str) and " = " in n)]
        self.found.append(Problem(self.file, where, self.loc.line(at, found + needles(*plain)), said,
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
            at, where = ("indicators", name), msg("sf.at.indicator", indicator=name)
            for reads in spec.reads():
                role = msg("sf.role", role=reads.role) if reads.role else ""
                for t in reads.types:
                    if t not in CATALOG:
                        self.add(
                            at, where, msg("sf.no_type", type=repr(t), role=role, hint=_mean(t, CATALOG)), [t]
                        )
                        continue
                    for f in dict.fromkeys([*reads.where, *reads.fields]):
                        if f not in CATALOG[t].model_fields or f == "type":
                            said = msg(
                                "sf.no_field", type=t, field=repr(f), role=role, hint=_mean(f, _fields(t))
                            )
                            self.add(at, where, said, [f])
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
                            said = msg("sf.never", field=f"{names}.{f}", value=repr(value), hint=hint)
                            self.add(at, where, said, [value])
            kind = spec.kind
            if kind == "findings":  # its kinds are checked above, as inspection_finding.kind values
                if spec.item is not None and spec.item not in items:
                    said = msg("sf.not_item", item=repr(spec.item), hint=_mean(spec.item, items))
                    self.add(at, where, said, [spec.item])
            elif kind == "survey":
                known = allowed_values("survey_response", "survey") or set()
                if spec.survey not in known:
                    said = msg("sf.no_survey", survey=repr(spec.survey), hint=_mean(spec.survey, known))
                    self.add(at, where, said, [spec.survey])
            elif kind in ("judgement", "ratings"):
                key = spec.item
                if not any(key == i or key.startswith((i + "/", i + ".")) for i in items):
                    self.add(
                        at, where, msg("sf.not_item_part", item=repr(key), hint=_mean(key, items)), [key]
                    )
            for ref in spec.references():
                if ref not in self.scheme.indicators:  # the model refuses these first; kept for completeness
                    self.add(at, where, msg("sf.undeclared_ref", ref=repr(ref)), [ref])

    def items(self) -> None:
        specs = self.scheme.indicators
        for n, item in enumerate(self.scheme.items):
            at, where = ("items", n), msg("sf.at.item", item=item.id)
            for rule in walk(item.rule):
                for name, key in rule.details():
                    keys = type(specs[name]).detail_keys if name in specs else ()
                    if key not in keys:
                        known = listing(keys) if keys else msg("sf.none")
                        said = msg(
                            "sf.no_detail",
                            key=repr(key),
                            indicator=repr(name),
                            known=known,
                            hint=_mean(key, keys),
                        )
                        self.add(at, where, said, [key])
                if isinstance(rule, Judgement) and specs[rule.input].kind != "judgement":
                    said = msg("sf.judgement_input", input=repr(rule.input), kind=specs[rule.input].kind)
                    self.add(at, where, said, [rule.input])
                if isinstance(rule, Services):
                    for service in rule.services:
                        for check in service.checks:
                            if check.judged and specs[check.names()[0]].kind != "judgement":
                                said = msg("sf.judged_check", check=repr(check.names()[0]))
                                self.add(at, where, said, [check.names()[0]])
                if isinstance(rule, Tiers):
                    self.tiers(at, where, rule)

    def tiers(self, at: tuple[Any, ...], where: Message, rule: Tiers) -> None:
        spec = self.scheme.indicators[rule.input]
        bands = [b.band() for b in rule.bands]
        integral = spec.is_integral(int_field)
        inner = coverage(bands, lowest=spec.lowest, integral=integral, outer=False)
        every = coverage(bands, lowest=spec.lowest, integral=integral)
        for hole in inner:
            self.add(at, where, msg("sf.tiers", input=rule.input, hole=hole), edges(text(hole, "en")))
        if "otherwise" not in rule.model_fields_set:
            for hole in (h for h in every if h not in inner):
                said = msg("sf.tiers_outer", input=rule.input, hole=hole)
                self.add(at, where, said, edges(text(hole, "en")))

    def grades(self) -> None:
        s = self.scheme
        if not s.grades:
            return
        mins = [g.min for g in s.grades]
        if len(set(mins)) != len(mins):
            self.add(("grades", 0), msg("sf.at.grades"), msg("sf.grades_same"), ["min"])
        floor = s.floor_total if s.floor_total is not None else ZERO
        if min(mins) > floor:
            said = msg("sf.grades_gap", floor=fmt(floor), min=fmt(min(mins)))
            self.add(("grades", mins.index(min(mins))), msg("sf.at.grades"), said, ["min"])
        top = s.max_total if s.max_total is not None else s.max_base
        for n, g in enumerate(s.grades):
            grade = msg("sf.at.grade", grade=g.label)
            if g.min > top:
                self.add(("grades", n), grade, msg("sf.grade_above", min=fmt(g.min), top=fmt(top)), ["min"])
            if g.pay_pct is not None and not ZERO <= g.pay_pct <= 100:
                self.add(("grades", n), grade, msg("sf.pay_pct"), ["pay_pct"])
        for n, v in enumerate(s.vetoes):
            if v.grade is not None and v.grade not in {g.label for g in s.grades}:
                said = msg(
                    "sf.no_grade", grade=repr(v.grade), hint=_mean(v.grade, [g.label for g in s.grades])
                )
                self.add(("vetoes", n), msg("sf.at.veto", veto=v.id), said, [v.grade])

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
                    when = msg("sf.block_when", q=q) if q is not None else ""
                    said = msg("sf.block_sum", total=fmt(total), when=when, cap=fmt(block.cap))
                    self.add(("blocks", n), msg("sf.at.block", block=block.id), said, ["cap"])
        if s.max_total is not None:
            base = sum((b.cap or ZERO for b in s.blocks if b.kind == "base"), ZERO)
            if base > s.max_total:
                said = msg("sf.cap_bites", base=fmt(base), max=fmt(s.max_total))
                self.add((), msg("sf.at.key", key="max_total"), said, ["max_total"], warn=True)

    def money(self) -> None:
        s = self.scheme
        cuts = s.payout.of(Deduction)
        for n, c in enumerate(s.consequences):
            if not c.fee_deduction_pct:
                continue
            same = [d for d in cuts if d.below == c.below and d.pct == c.fee_deduction_pct]
            where = msg("sf.at.key", key="consequences")
            if cuts and not same:
                said = msg("sf.deduct_differs", below=fmt(c.below), pct=fmt(c.fee_deduction_pct))
                self.add(("consequences", n), where, said, ["fee_deduction_pct"])
            elif not cuts and s.payout.pieces:
                said = msg("sf.deduct_unpaid", below=fmt(c.below), pct=fmt(c.fee_deduction_pct))
                self.add(("consequences", n), where, said, ["fee_deduction_pct"], warn=True)

    def unused(self) -> None:
        s = self.scheme
        read = {n for i in s.items for n in i.rule.inputs()}
        read |= {r for spec in s.indicators.values() for r in spec.references()}
        read |= {c.input for c in (s.cohort_grading.conditions if s.cohort_grading else ()) if c.input}
        read |= {v.input for v in [*s.vetoes, *s.voids]}
        for name in s.indicators:
            if name not in read:
                self.add(
                    ("indicators", name), msg("sf.at.indicator", indicator=name), msg("sf.unused"), warn=True
                )


def check_text(
    source: str, file: str, *, extra_calendar: dict[str, Any] | None = None
) -> tuple[Scheme | None, list[Problem]]:
    """Parse and check a scheme file's text: (the scheme, or None when it cannot be built; every problem).
    `extra_calendar` holds holiday tables from the scheme's directory (the file's own years win)."""
    loc = Locator(source)
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as err:
        m = re.search(r"line (\d+)", str(err))
        return None, [Problem(file, "", int(m.group(1)) if m else None, msg("sf.not_toml", error=str(err)))]
    if extra_calendar:
        data["calendar"] = {**extra_calendar, **data.get("calendar", {})}
    try:
        scheme = Scheme.model_validate(data)
    except ValidationError as err:
        out = []
        for e in err.errors():
            where, said = locate(data, tuple(e["loc"])), message(e)
            at = section(tuple(e["loc"]))
            key = next(
                (p for p in reversed(e["loc"]) if isinstance(p, str) and not p.startswith("function")), None
            )
            look = needles(key)
            if e["type"].startswith("union_tag"):
                look = ["kind =", *look]
            if not e["loc"]:  # a check across the file: its error names the item, indicator or table
                raised = (e.get("ctx") or {}).get("error")
                if isinstance(raised, Placed):
                    at, where, said, look = place(data, raised)
                else:
                    at, where, look = (), "", []
            out.append(Problem(file, where, loc.line(at, look), said))
        return None, out
    found = Checker(scheme, loc, file).run()
    found += untranslated(data, loc, file)
    try:
        calendar_for(scheme.calendar)
    except SchemeError as err:
        found.append(Problem(file, msg("sf.at.key", key="calendar"), loc.line(("calendar",)), err))
    return scheme, found


def summary(file: str, scheme: Scheme | None, problems: list[Problem]) -> Message:
    """The line `scheme check` ends with: how many errors and warnings, or that the file can be used."""
    bad = errors(problems)
    warned = len(problems) - len(bad)
    if bad or scheme is None:
        return msg("sf.summary.bad", name=file, errors=len(bad), warnings=warned)
    more = msg("sf.summary.warned", n=warned) if warned else ""
    return msg(
        "sf.summary.ok", name=file, items=len(scheme.items), indicators=len(scheme.indicators), warned=more
    )


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
                where = locate(root, path) or msg("sf.at.top")
                line = loc.line(section(path), ["interpretation ="])
                out.append(Problem(file, where, line, msg("scheme.untranslated")))
            for key, value in data.items():
                walk(value, (*path, key))
        elif isinstance(data, list):
            for n, value in enumerate(data):
                walk(value, (*path, n))

    walk(root, ())
    return out


__all__ = ["Checker", "Problem", "allowed_values", "check_text", "errors", "int_field", "summary"]
