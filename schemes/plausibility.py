"""Plausibility: dates and figures that are almost certainly typos, stopped before they are stored.

A ledger that scores money must not take `2062-03-05` or `companies=3600000` without a word: the event would
silently fall out of (or into) a score. Three rules, pure functions of the draft, today, the site's contracts
and the scheme in force:

- future: an event dated after today (plus `FUTURE_SLACK_DAYS`, for a clock or time zone a day off) is
  refused unless the writer says `--allow-future`.
- before the first contract: an event dated before the site's first contract starts is stored with a
  warning (no assessment period counts it; a history loaded on purpose is legitimate).
- magnitude: a figure more than `MAGNITUDE_FACTOR` times the largest target the site's scheme sets for that
  field of that event type is refused unless the writer says `--confirm`. The targets are read from the
  scheme file (`field_targets`): per-event criteria (每场 ≥35 家), field filters (companies ≥ 35), cadence
  minimums on a field (每月 ≥400 岗位), and every threshold of a rule over an indicator that adds up or reads
  that field (全年 ≥10000 岗位). A field the scheme never measures has no bound here.

Both parameters are module constants a buyer could set otherwise; the factor 100 follows the issue's example
(3600000 companies against a 35-company criterion), and is loose on purpose: a genuine record fair of 50x the
criterion still passes without ceremony.

`Gate` is the I/O edge: it reads a site's contracts from the ledger once and checks drafts. The scheme's targets
(`Bounds`) are pure data of the scheme file, kept by the file's hash (schemes/cache.py), so an operator's `log`
does not load the scheme model to check one event (issue 15); they are derived again whenever the file or the
code that derives them changes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ledger.aliases import field_name
from ledger.catalog_index import META_TYPES
from ledger.envelope import Draft, now
from ledger.messages import Message, msg, text
from ledger.record import Record, factory
from projections.filters import matches
from projections.numbers import fmt
from schemes.errors import SchemeError

# The scheme model, the indicator kinds and the rules are imported where a scheme's targets are derived
# (`field_targets`), not here: a `log` whose bounds are kept (schemes/cache.py) never loads them.
if TYPE_CHECKING:
    from pathlib import Path

    from pydantic import BaseModel

    from ledger.ledger import Ledger
    from projections.indicators import IndicatorSpec, Selector
    from schemes.model import Scheme

R = TypeVar("R", bound=tuple[Any, ...])  # a row of an import: (key, draft, ...)

FUTURE_SLACK_DAYS = 1
MAGNITUDE_FACTOR = Decimal(100)
# Bookkeeping events: dated when they were done, never "before the contract" in a meaningful sense.
ADMIN_TYPES = frozenset({"site_registered", "contract_signed", "actor_role_granted", "assessor_key_registered",
                         "period_closed", "score_signed_off"})  # fmt: skip


class PlausibilityError(SchemeError):
    """A draft refused as implausible (a future date, a figure far beyond what the scheme measures)."""


class ContractLike(Protocol):
    scheme: str
    start: date
    end: date | None


class Target(Record):
    """A figure a scheme sets for one field of one event type, where it sets it, and for which events (the
    selector's non-numeric filters: a target for metric_recorded.value where metric = followers says nothing
    about another metric)."""

    value: Decimal
    source: Message  # 'indicator daily_fairs, each event', 'item recruit.livestream, indicator livestream_viewers'

    where: Mapping[str, Any] = factory(dict)


Targets = Mapping[tuple[str, str], Sequence[Target]]


class Bounds(Record):
    """What the magnitude rule reads of a scheme: its id and the targets it sets per (event type, field). Derived
    from the scheme (`bounds_of`), or read back from schemes/cache.py by the scheme file's hash (`Gate`)."""

    scheme: str
    targets: Targets


class Verdict(Record):
    refusals: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


_QUIET = Verdict()


# -- what a scheme measures ----------------------------------------------------------------------------------


def _num(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        out = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return out if out.is_finite() else None


def _selectors(spec: IndicatorSpec) -> list[Selector]:
    from projections.indicators import Selector, StableSpec, StateSpec

    if isinstance(spec, StateSpec):
        return [s for s in (spec.enter, spec.leave) if s is not None]
    if isinstance(spec, StableSpec):
        return [s for s in (spec.start, spec.end, spec.only_if) if s is not None]
    return [spec] if isinstance(spec, Selector) else []


def _where_targets(selector: Selector) -> Iterator[tuple[str, Decimal]]:
    for name, cond in selector.where.items():
        if isinstance(cond, dict):
            for op, expected in cond.items():
                if op in ("ge", "gt", "le", "lt") and (n := _num(expected)) is not None:
                    yield name, n
        elif (n := _num(cond)) is not None:
            yield name, n


def rule_thresholds(rule: BaseModel, item_max: Decimal) -> dict[str, list[Decimal]]:
    """Indicator name -> every figure a rule compares it with (band edges, minimums, targets, units to cap)."""
    from pydantic import BaseModel

    from schemes.rules import PerUnit

    out: dict[str, list[Decimal]] = {}

    def walk(node: Any, inputs: list[str]) -> None:
        if isinstance(node, list | tuple):
            for child in node:
                walk(child, inputs)
            return
        if not isinstance(node, BaseModel):
            return
        own = getattr(node, "input", None)
        if isinstance(own, str):
            inputs = [own]
        elif isinstance(own, list):
            inputs = [str(i) for i in own]
        figures = [getattr(node, n, None) for n in ("min", "max", "below", "above", "at_least")]
        if isinstance(node, PerUnit) and node.points > 0:  # the count that reaches the cap
            cap = node.cap if node.cap is not None else item_max
            figures.append(Decimal(math.ceil(cap / node.points)) * node.per + node.offset)
        for figure in figures:
            if isinstance(figure, Decimal):
                for name in inputs:
                    out.setdefault(name, []).append(figure)
        qualify, qualify_min = getattr(node, "qualify_input", None), getattr(node, "qualify_min", None)
        if isinstance(qualify, str) and isinstance(qualify_min, Decimal):
            out.setdefault(qualify, []).append(qualify_min)
        for name in type(node).model_fields:
            walk(getattr(node, name), inputs)

    walk(rule, [])
    return out


def field_targets(scheme: Scheme) -> dict[tuple[str, str], list[Target]]:
    """(event type, payload field) -> the figures the scheme sets for it (see the module docstring)."""
    from projections.indicators import AverageSpec, CadenceSpec, LatestSpec, PerEventSpec, SumSpec, TotalSpec
    from schemes.evidence_match import kind_filter

    found: dict[tuple[str, str], list[Target]] = {}

    def note(selector: Selector, name: str, value: Decimal, source: Message) -> None:
        if value > 0:
            for event_type in selector.types():
                found.setdefault((event_type, name), []).append(Target(value, source, kind_filter(selector)))

    for ind, spec in scheme.indicators.items():
        for selector in _selectors(spec):
            for name, value in _where_targets(selector):
                note(selector, name, value, msg("plaus.src.indicator", ind=ind))
        if isinstance(spec, PerEventSpec):
            for name, value in spec.criteria.items():
                note(spec, name, value, msg("plaus.src.each", ind=ind))
        if isinstance(spec, CadenceSpec) and spec.field:
            note(
                spec,
                spec.field,
                Decimal(spec.at_least),
                msg("plaus.src.every", ind=ind, every=spec.every),
            )

    def fields_of(name: str, depth: int = 0) -> list[tuple[Selector, str]]:
        spec = scheme.indicators.get(name)
        if isinstance(spec, SumSpec | AverageSpec | LatestSpec | CadenceSpec) and getattr(
            spec, "field", None
        ):
            return [(spec, str(spec.field))]
        if isinstance(spec, TotalSpec) and depth < 10:
            return [f for part in spec.of for f in fields_of(part, depth + 1)]
        return []  # counts, distinct values, ratios and growth rates are not figures of one event's field

    for item in scheme.items:
        for ind, figures in rule_thresholds(item.rule, item.max_points).items():
            for selector, name in fields_of(ind):
                note(selector, name, max(figures), msg("plaus.src.item", item=item.id, ind=ind))
    return found


def bounds_of(scheme: Scheme) -> Bounds:
    return Bounds(scheme.id, field_targets(scheme))


# -- kept by the scheme file's hash (schemes/cache.py) ---------------------------------------------------------


def encode(bounds: Bounds) -> list[list[Any]] | None:
    """Bounds as JSON data; None when a value would not come back the same (a filter value JSON cannot carry):
    such bounds are derived by every command rather than kept."""
    data = [[event_type, name, str(t.value), t.source.id, dict(t.source.values), dict(t.where)]
            for (event_type, name), targets in bounds.targets.items() for t in targets]  # fmt: skip
    try:
        same = decode(bounds.scheme, json.loads(json.dumps(data, ensure_ascii=False))) == bounds
    except (TypeError, ValueError):
        return None
    return data if same else None


def decode(scheme_id: str, data: Any) -> Bounds | None:
    """The bounds `encode` kept; None for data it did not write (a damaged entry is derived afresh)."""
    targets: dict[tuple[str, str], list[Target]] = {}
    try:
        for event_type, name, value, source, values, where in data:
            # Message, not msg(): msg() would load the whole catalogue to check an id this entry got from a
            # message. An entry is read only while every module loaded when it was derived is unchanged, the
            # catalogue's areas among them (schemes/cache.py), so its ids are still the catalogue's.
            if type(source) is not str or type(values) is not dict or type(where) is not dict:
                return None
            target = Target(Decimal(value), Message(source, values), where)
            targets.setdefault((event_type, name), []).append(target)
    except (TypeError, ValueError, KeyError, ArithmeticError):
        return None
    return Bounds(scheme_id, targets)


# Filters that say WHICH quantity a figure is (a metric_recorded value is followers or visits or yuan), as opposed
# to which kind of event carries the same quantity (an online fair's companies are still companies).
MEASURE_FIELDS = frozenset({"metric", "survey", "item", "scheme"})


def largest(targets: Targets, event_type: str, name: str, payload: Mapping[str, Any]) -> Target | None:
    """The largest target for this field among those whose filters the event matches; when none matches (an
    online fair, where the scheme only counts offline ones), the largest among those measuring the same
    quantity (filters on MEASURE_FIELDS still hold: another metric's target says nothing about this one)."""
    candidates = targets.get((event_type, name), ())
    fitting = [t for t in candidates if matches(payload, t.where)]
    if not fitting:
        fitting = [t for t in candidates
                   if matches(payload, {k: v for k, v in t.where.items() if k in MEASURE_FIELDS})]  # fmt: skip
    return max(fitting, key=lambda t: t.value) if fitting else None


# -- the rules -------------------------------------------------------------------------------------------


def scheme_in_force(contracts: Sequence[ContractLike], day: date) -> str | None:
    """The scheme of the contract covering the day (the latest such), else of the nearest one before it, else
    of the first contract; None without contracts."""
    covering = [c for c in contracts if c.start <= day and (c.end is None or day <= c.end)]
    if covering:
        return covering[-1].scheme
    before = [c for c in contracts if c.start <= day]
    if before:
        return max(before, key=lambda c: c.start).scheme
    return min(contracts, key=lambda c: c.start).scheme if contracts else None


def check(draft: Draft, today: date, contracts: Sequence[ContractLike], scheme: Scheme | Bounds | None, *,
          allow_future: bool = False, confirm: bool = False) -> Verdict:  # fmt: skip
    """The refusals and warnings for one draft (meta events are checked through the event they amend). The
    figures are bounded by the scheme in force, or by its bounds as kept (the same targets: `bounds_of`)."""
    if draft.type in META_TYPES:
        return Verdict()
    refusals: list[str] = []
    warnings: list[str] = []
    day = date.fromisoformat(draft.occurred_at[:10])
    latest = today + timedelta(days=FUTURE_SLACK_DAYS)
    if day > latest and not allow_future:
        refusals.append(text(msg("plaus.future", on=draft.occurred_at, today=today.isoformat())))
    if contracts and draft.type not in ADMIN_TYPES:
        first = min(c.start for c in contracts)
        if day < first:
            warnings.append(
                text(
                    msg(
                        "plaus.before_contract",
                        on=draft.occurred_at,
                        site=draft.site,
                        first=first.isoformat(),
                    )
                )
            )
    if scheme is not None and not confirm:
        bounds = scheme if isinstance(scheme, Bounds) else bounds_of(scheme)
        targets = bounds.targets
        for name, value in draft.payload.items():
            if (draft.type, name) not in targets:  # most fields: nothing the scheme sets for them
                continue
            target = largest(targets, draft.type, name, draft.payload)
            figure = _num(value) if target is not None else None
            if target is None or figure is None:
                continue
            if figure > target.value * MAGNITUDE_FACTOR:
                refusals.append(text(msg("plaus.magnitude", field=field_name(draft.type, name), value=fmt(figure),
                                         factor=fmt(MAGNITUDE_FACTOR), scheme=bounds.scheme, target=fmt(target.value),
                                         source=target.source)))  # fmt: skip
    return Verdict(tuple(refusals), tuple(warnings))


# -- the I/O edge ------------------------------------------------------------------------------------------


class Gate:
    """Checks drafts against their site's contracts and scheme, read from the ledger once per site. The scheme's
    bounds are read from schemes/cache.py by the scheme file's hash, and derived from the scheme (then kept)
    only when no entry is there for this version of the file and of the code: an operator's `log` then loads
    neither the scheme model nor the indicator kinds."""

    def __init__(
        self, ledger: Ledger, allow_future: bool = False, confirm: bool = False, today: date | None = None,
        schemes_dir: Path | None = None,
    ) -> None:  # fmt: skip
        self.ledger = ledger
        self.allow_future = allow_future
        self.confirm = confirm
        self.today = today
        self.schemes_dir = schemes_dir
        self._sites: dict[str, list[ContractLike]] = {}
        self._bounds: dict[str, Bounds | None] = {}
        self._days: dict[tuple[str, str], tuple[Bounds | None, bool, frozenset[str]]] = {}
        self._today: date | None = None

    def bounds(self, scheme_id: str) -> Bounds | None:
        """The bounds of scheme `scheme_id`; None when it cannot be loaded (a contract naming an unknown or
        broken scheme: nothing to bound by)."""
        if scheme_id not in self._bounds:
            self._bounds[scheme_id] = self._load(scheme_id)
        return self._bounds[scheme_id]

    def _load(self, scheme_id: str) -> Bounds | None:
        from schemes import cache, locate

        try:
            path = locate.scheme_files(self.schemes_dir).get(scheme_id)
            sha256 = locate.digest(path) if path is not None else None
        except (SchemeError, OSError):
            path = sha256 = None  # get_scheme below says the same (no such directory, an unreadable file)
        if sha256 is not None:
            kept = cache.get("bounds", scheme_id, sha256)
            bounds = decode(scheme_id, kept) if kept is not None else None
            if bounds is not None:
                return bounds
        from schemes.model import get_scheme

        try:
            scheme = get_scheme(scheme_id, self.schemes_dir)
        except SchemeError:
            return None
        bounds = bounds_of(scheme)
        data = encode(bounds)
        if data is not None and scheme.sha256 == sha256:  # the file read is the file hashed: keep them
            cache.put("bounds", scheme_id, sha256, data)
        return bounds

    def verdict(self, draft: Draft) -> Verdict:
        if draft.type in META_TYPES:
            return Verdict()
        if draft.site not in self._sites:
            from projections.contracts import contracts

            self._sites[draft.site] = list(contracts(self.ledger, draft.site))
        deals = self._sites[draft.site]
        if self._today is None:  # the clock read once per gate (one command), not once per row
            self._today = self.today or now().date()
        # A site's contracts are read once, so what `check` reads of a day is the same for every row of that site
        # and day (an import repeats a few hundred days): the scheme in force, and whether the day alone is
        # quiet (not in the future, not before the first contract).
        key = (draft.site, draft.occurred_at[:10])
        known = self._days.get(key)
        if known is None:
            day = date.fromisoformat(key[1])
            scheme_id = scheme_in_force(deals, day)
            bounds = self.bounds(scheme_id) if scheme_id else None
            future = day > self._today + timedelta(days=FUTURE_SLACK_DAYS) and not self.allow_future
            early = bool(deals) and day < min(c.start for c in deals)
            measured = (
                frozenset() if bounds is None or self.confirm else frozenset(t for t, _ in bounds.targets)
            )
            known = self._days[key] = (bounds, not future and not early, measured)
        bounds, quiet, measured = known
        if quiet and draft.type not in measured:
            return _QUIET  # what `check` finds for it: nothing (it takes the other rows)
        return check(draft, self._today, deals, bounds, allow_future=self.allow_future, confirm=self.confirm)

    def screen(self, rows: Iterable[R], report: Callable[[str, str, str], None],
               where: Callable[[Any], str] = str) -> Iterator[R]:  # fmt: skip
        """Check every row of an import, (key, draft, ...), passing the rows on as they are: `report(where(key),
        'refused' | 'warning', message)` for each finding; after the last row, one PlausibilityError if any row
        was refused (the import's transaction then rolls back: nothing is written)."""
        refused: list[str] = []
        flags: set[str] = set()
        for row in rows:
            key, draft = row[0], row[1]
            verdict = self.verdict(draft)
            if verdict.refusals or verdict.warnings:
                place = where(key)
                for message in verdict.refusals:
                    flags |= {f for f in ("--allow-future", "--confirm") if f in message}
                    report(place, "refused", message)
                for message in verdict.warnings:
                    report(place, "warning", message)
                if verdict.refusals:
                    refused.append(place)
            yield row
        if refused:
            named = " / ".join(f for f in ("--allow-future", "--confirm") if f in flags)
            more = msg("plaus.more", n=len(refused) - 1) if len(refused) > 1 else ""
            raise PlausibilityError(
                msg("plaus.rows", n=len(refused), first=refused[0], more=more, flags=named)
            )
