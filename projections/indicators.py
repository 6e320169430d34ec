"""Indicator specs (declared in scheme files) and the pure fold that computes them from events.

`compute(specs, events, period, ...)` takes the current view of one site's events and returns a value per
indicator. No database, no clock: events in, values out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ledger.envelope import Event
from projections.numbers import ZERO, Dec, round_half_up, to_decimal
from projections.periods import Period


@dataclass(frozen=True)
class IndicatorValue:
    """One indicator for one (site, period). `value` None means no data, which is not zero."""

    value: Decimal | None
    events: tuple[int, ...] = ()
    detail: Mapping[str, Any] = field(default_factory=dict)

    @property
    def no_data(self) -> bool:
        return self.value is None or (not self.events and not self.detail.get("derived"))


# -- filters ---------------------------------------------------------------------------------------------

Scalar = str | int | bool
Condition = Scalar | list[Scalar] | dict[Literal["ge", "gt", "le", "lt", "ne", "in"], Any]


def _num(value: Any) -> Decimal | None:
    try:
        return to_decimal(value)
    except Exception:
        return None


def matches(payload: Mapping[str, Any], where: Mapping[str, Condition]) -> bool:
    """Field filters: equality, membership (a list) or comparisons ({ge = 35})."""
    for name, cond in where.items():
        actual = payload.get(name)
        if isinstance(cond, list):
            if actual not in cond:
                return False
        elif isinstance(cond, dict):
            for op, expected in cond.items():
                if op == "in":
                    if actual not in expected:
                        return False
                    continue
                if op == "ne":
                    if actual == expected:
                        return False
                    continue
                a, b = _num(actual), _num(expected)
                if a is None or b is None:
                    return False
                if not {"ge": a >= b, "gt": a > b, "le": a <= b, "lt": a < b}[op]:
                    return False
        elif actual != cond:
            return False
    return True


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    label_zh: str = ""
    label_en: str = ""
    unit_zh: str = ""
    unit_en: str = ""
    # "period" counts inside the scored period; "year" the calendar year containing it (Chifeng Q4 revenue
    # "按全年算"); "to_date" from the start of that year to the period's end.
    window: Literal["period", "year", "to_date"] = "period"
    round_places: int | None = None  # 四舍五入 at this many decimals, where the document says so


class Selector(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    type: str | list[str]
    where: dict[str, Condition] = {}

    def types(self) -> list[str]:
        return [self.type] if isinstance(self.type, str) else list(self.type)

    def pick(self, events: Iterable[Event]) -> list[Event]:
        wanted = set(self.types())
        return [e for e in events if e.type in wanted and matches(e.payload, self.where)]


class CountSpec(_Spec, Selector):
    """Number of matching events; with `group_by` and `cap_each`, each group counts at most `cap_each`.

    Wujiang: poor company evaluations of outbound trips, -1 each but "每次赴外招聘最多扣5分" (group_by = "trip").
    """

    kind: Literal["count"]
    group_by: str | None = None
    cap_each: Dec | None = None


class SumSpec(_Spec, Selector):
    """Sum of a numeric payload field over matching events."""

    kind: Literal["sum"]
    field: str


class DistinctSpec(_Spec, Selector):
    """Number of distinct values of a field (e.g. people, companies)."""

    kind: Literal["distinct"]
    field: str


class AverageSpec(_Spec, Selector):
    """Mean of a numeric field; None when nothing matched."""

    kind: Literal["average"]
    field: str


class RatioSpec(_Spec):
    """numerator / denominator of two other indicators, as a percentage unless `percent` is false."""

    kind: Literal["ratio"]
    numerator: str
    denominator: str
    percent: bool = True
    times: str | None = None  # multiply by a third indicator: Wujiang's "(stable / placed) x stable"


class TotalSpec(_Spec):
    """Sum of other indicators (None counts as 0; all None is None), capped at `cap`."""

    kind: Literal["total"]
    of: list[str]
    cap: Dec | None = None


class StateSpec(_Spec):
    """Keys present at the period's last day: entered (ever, up to the end) and not left since."""

    kind: Literal["state_at_end"]
    enter: Selector
    leave: Selector | None = None
    key: str


class LatestSpec(_Spec, Selector):
    """The last reading of a field on or before the period's end (a follower count, a rating)."""

    kind: Literal["latest"]
    field: str


class GrowthSpec(_Spec, Selector):
    """Growth in percent of a reading: last reading in the period vs. the last reading before it starts."""

    kind: Literal["growth"]
    field: str


class CadenceSpec(_Spec, Selector):
    """How many weeks, months or quarters of the period had fewer than `at_least` matching events.

    With `field`, each bucket adds up that payload field instead of counting events (Pingxiang: at least 400
    gig openings posted every month). detail["missing"] is the total shortfall over the short buckets.
    """

    kind: Literal["cadence"]
    every: Literal["week", "month", "quarter"]
    at_least: int
    field: str | None = None
    # A partial week at a period edge (2026 starts on a Thursday): "skip" it, or "require" the full count.
    partial: Literal["skip", "require"] = "skip"


class PerEventSpec(_Spec, Selector):
    """Each matching event is checked against minimum figures: value = events held; detail has the misses."""

    kind: Literal["per_event"]
    criteria: dict[str, Dec]


class StableSpec(_Spec):
    """People whose first start (in the period) was followed by `months` months without an end.

    Wujiang: "稳定人数" = insured for six months after first being insured in Wujiang, as of the assessment date.
    """

    kind: Literal["stable"]
    start: Selector
    end: Selector
    key: str
    end_key: str | None = None
    months: int = 6
    # "started" counts the people first started in the period instead (进吴人数), so both share one definition.
    count: Literal["stable", "started"] = "stable"
    # Only people who also appear in an `only_if` event on or before the period's end (keyed by `only_if_key`,
    # default `key`) count: Wujiang confirms arrivals only if they are in the monthly dispatch information.
    only_if: Selector | None = None
    only_if_key: str | None = None


class JudgementSpec(_Spec):
    """The latest assessor judgement on a scheme item in the period: value = shortfalls, detail.met."""

    kind: Literal["judgement"]
    item: str


class FindingSpec(_Spec):
    """Sum of `count` over inspection findings of the given kinds (optionally for one item)."""

    kind: Literal["findings"]
    finding: str | list[str]
    item: str | None = None


IndicatorSpec = Annotated[
    CountSpec | SumSpec | DistinctSpec | AverageSpec | RatioSpec | StateSpec | LatestSpec | GrowthSpec
    | CadenceSpec | PerEventSpec | StableSpec | JudgementSpec | FindingSpec | TotalSpec,
    Field(discriminator="kind"),
]  # fmt: skip


# -- the fold --------------------------------------------------------------------------------------------


def _seqs(events: Sequence[Event]) -> tuple[int, ...]:
    return tuple(e.seq for e in events)


def _window(spec: _Spec, period: Period) -> tuple[str, str]:
    if spec.window == "year":
        return f"{period.start.year}-01-01", f"{period.end.year}-12-31"
    if spec.window == "to_date":
        return f"{period.start.year}-01-01", period.end.isoformat()
    return period.start.isoformat(), period.end.isoformat()


def _in(events: Iterable[Event], start: str, end: str) -> list[Event]:
    return [e for e in events if start <= e.occurred_on <= end]


def _add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(d, day.day))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def compute(
    specs: Mapping[str, IndicatorSpec],
    events: Sequence[Event],
    period: Period,
    *,
    scheme: str = "",
    assessed_on: date | None = None,
) -> dict[str, IndicatorValue]:
    """Fold one site's current-view events (occurred up to the horizon) into indicator values for a period."""
    by_type: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        by_type[event.type].append(event)
    assessed = assessed_on or period.end
    values: dict[str, IndicatorValue] = {}
    for name, spec in specs.items():
        if not isinstance(spec, RatioSpec | TotalSpec):
            values[name] = _compute_one(spec, by_type, period, scheme, assessed)
    # Derived indicators (ratios, totals) may refer to each other: resolve them in dependency order.
    pending = {n: s for n, s in specs.items() if isinstance(s, RatioSpec | TotalSpec)}
    while pending:
        ready = [n for n, s in pending.items() if all(r in values for r in references(s))]
        if not ready:
            raise ValueError(f"indicators {', '.join(sorted(pending))} refer to each other in a cycle")
        for name in ready:
            spec = pending.pop(name)
            values[name] = _ratio(spec, values) if isinstance(spec, RatioSpec) else _total(spec, values)
    return values


def references(spec: IndicatorSpec) -> list[str]:
    """The other indicators a derived indicator reads."""
    if isinstance(spec, RatioSpec):
        return [spec.numerator, spec.denominator] + ([spec.times] if spec.times else [])
    if isinstance(spec, TotalSpec):
        return list(spec.of)
    return []


def _typed(
    by_type: Mapping[str, list[Event]], selector: Selector, start: str | None = None, end: str | None = None
) -> list[Event]:
    """The selector's events in log order; with start/end, only those occurred in [start, end] (the window is
    applied before the field filters: the same events as `_in(_typed(...), start, end)`, fewer `matches`)."""
    out: list[Event] = []
    for t in selector.types():
        out.extend(by_type.get(t, ()))
    if len(selector.types()) > 1:
        out.sort(key=lambda e: e.seq)
    if start is not None and end is not None:
        out = _in(out, start, end)
    return [e for e in out if matches(e.payload, selector.where)] if selector.where else out


def _compute_one(
    spec: IndicatorSpec, by_type: Mapping[str, list[Event]], period: Period, scheme: str, assessed: date
) -> IndicatorValue:
    start, end = _window(spec, period)
    if isinstance(spec, CountSpec):
        hits = _typed(by_type, spec, start, end)
        if spec.group_by is None:
            return IndicatorValue(Decimal(len(hits)), _seqs(hits))
        groups: dict[str, int] = defaultdict(int)
        for e in hits:
            groups[str(e.payload.get(spec.group_by))] += 1
        cap = spec.cap_each
        capped = sum((Decimal(n) if cap is None else min(Decimal(n), cap) for n in groups.values()), ZERO)
        detail = {"groups": dict(sorted(groups.items())), "uncapped": len(hits)}
        return IndicatorValue(capped, _seqs(hits), detail)
    if isinstance(spec, SumSpec):
        hits = _typed(by_type, spec, start, end)
        total = sum((to_decimal(e.payload.get(spec.field) or 0) for e in hits), ZERO)
        return IndicatorValue(total, _seqs(hits))
    if isinstance(spec, DistinctSpec):
        hits = _typed(by_type, spec, start, end)
        return IndicatorValue(Decimal(len({e.payload.get(spec.field) for e in hits})), _seqs(hits))
    if isinstance(spec, AverageSpec):
        hits = [e for e in _typed(by_type, spec, start, end) if e.payload.get(spec.field) is not None]
        if not hits:
            return IndicatorValue(None)
        mean = sum((to_decimal(e.payload[spec.field]) for e in hits), ZERO) / len(hits)
        if spec.round_places is not None:
            mean = round_half_up(mean, spec.round_places)
        return IndicatorValue(mean, _seqs(hits), {"raw_mean": str(mean), "n": len(hits)})
    if isinstance(spec, StateSpec):
        return _state(spec, by_type, end)
    if isinstance(spec, LatestSpec):
        hits = [e for e in _typed(by_type, spec) if e.occurred_on <= end]
        if not hits:
            return IndicatorValue(None)
        last = max(hits, key=lambda e: (e.occurred_at, e.seq))
        return IndicatorValue(to_decimal(last.payload[spec.field]), (last.seq,))
    if isinstance(spec, GrowthSpec):
        return _growth(spec, by_type, start, end)
    if isinstance(spec, CadenceSpec):
        return _cadence(spec, by_type, period)
    if isinstance(spec, PerEventSpec):
        return _per_event(spec, _typed(by_type, spec, start, end))
    if isinstance(spec, StableSpec):
        return _stable(spec, by_type, start, end, assessed)
    if isinstance(spec, JudgementSpec):
        hits = [
            e
            for e in _in(by_type.get("assessor_judgement", ()), start, end)
            if e.payload["item"] == spec.item and (not scheme or e.payload["scheme"] == scheme)
        ]
        if not hits:
            return IndicatorValue(None)
        last = max(hits, key=lambda e: (e.occurred_at, e.seq))
        return IndicatorValue(
            Decimal(last.payload["shortfalls"]),
            (last.seq,),
            {"met": last.payload["met"], "reason": last.payload["reason"], "actor": last.actor},
        )
    if isinstance(spec, FindingSpec):
        kinds = [spec.finding] if isinstance(spec.finding, str) else spec.finding
        hits = [
            e
            for e in _in(by_type.get("inspection_finding", ()), start, end)
            if e.payload["kind"] in kinds and (spec.item is None or e.payload.get("item") == spec.item)
        ]
        items = sorted({e.payload.get("item", "") for e in hits} - {""})
        return IndicatorValue(Decimal(sum(e.payload["count"] for e in hits)), _seqs(hits), {"items": items})
    raise AssertionError(f"unhandled indicator kind {spec.kind}")


def _s(value: Decimal | None) -> str | None:
    """Details stay JSON-native (strings for decimals) so a stored projection reads back identical."""
    return None if value is None else str(value)


def _ratio(spec: RatioSpec, values: Mapping[str, IndicatorValue]) -> IndicatorValue:
    num, den = values[spec.numerator], values[spec.denominator]
    events = tuple(sorted(set(num.events) | set(den.events)))
    if num.value is None or den.value is None or den.value == 0:
        return IndicatorValue(None, events, {"numerator": _s(num.value), "denominator": _s(den.value)})
    ratio = num.value / den.value * (100 if spec.percent else 1)
    detail = {"numerator": _s(num.value), "denominator": _s(den.value), "derived": True}
    if spec.times is not None:
        times = values[spec.times]
        events = tuple(sorted(set(events) | set(times.events)))
        ratio *= times.value if times.value is not None else ZERO
        detail["times"] = _s(times.value)
    if spec.round_places is not None:
        ratio = round_half_up(ratio, spec.round_places)
    return IndicatorValue(ratio, events, detail)


def _total(spec: TotalSpec, values: Mapping[str, IndicatorValue]) -> IndicatorValue:
    parts = [values[n] for n in spec.of]
    events = tuple(sorted({s for v in parts for s in v.events}))
    detail = {"parts": {n: _s(values[n].value) for n in spec.of}, "derived": True}
    if all(v.value is None for v in parts):
        return IndicatorValue(None, events, detail)
    total = sum((v.value for v in parts if v.value is not None), ZERO)
    if spec.cap is not None and total > spec.cap:
        detail["uncapped"] = _s(total)
        total = spec.cap
    return IndicatorValue(total, events, detail)


def _state(spec: StateSpec, by_type: Mapping[str, list[Event]], end: str) -> IndicatorValue:
    timeline = [(e, True) for e in _typed(by_type, spec.enter) if e.occurred_on <= end]
    if spec.leave is not None:
        timeline += [(e, False) for e in _typed(by_type, spec.leave) if e.occurred_on <= end]
    timeline.sort(key=lambda pair: (pair[0].occurred_at, pair[0].seq))
    present: dict[Any, int] = {}
    for event, entering in timeline:
        key = event.payload.get(spec.key)
        if entering:
            present[key] = event.seq
        else:
            present.pop(key, None)
    if not timeline:
        return IndicatorValue(ZERO)
    return IndicatorValue(
        Decimal(len(present)), tuple(sorted(present.values())), {"present": sorted(map(str, present))}
    )


def _growth(spec: GrowthSpec, by_type: Mapping[str, list[Event]], start: str, end: str) -> IndicatorValue:
    readings = sorted(
        (e for e in _typed(by_type, spec) if e.occurred_on <= end), key=lambda e: (e.occurred_at, e.seq)
    )
    before = [e for e in readings if e.occurred_on < start]
    during = [e for e in readings if e.occurred_on >= start]
    # Baseline: the last reading before the period; without one, the first reading inside it.
    base = before[-1] if before else (during[0] if len(during) > 1 else None)
    if base is None or not during:
        return IndicatorValue(None, _seqs(during))
    first, last = to_decimal(base.payload[spec.field]), to_decimal(during[-1].payload[spec.field])
    if first == 0:
        return IndicatorValue(None, (base.seq, during[-1].seq), {"baseline": _s(first), "latest": _s(last)})
    growth = (last - first) / first * 100
    return IndicatorValue(growth, (base.seq, during[-1].seq), {"baseline": _s(first), "latest": _s(last)})


def _native(value: Decimal) -> int | str:
    """A whole number as an int, else its decimal text (details stay JSON-native)."""
    return int(value) if value == value.to_integral_value() else str(value)


def _cadence(spec: CadenceSpec, by_type: Mapping[str, list[Event]], period: Period) -> IndicatorValue:
    buckets = {"week": period.weeks, "month": period.months, "quarter": period.quarters}[spec.every]()
    hits = _typed(by_type, spec, period.start.isoformat(), period.end.isoformat())
    short: list[dict[str, Any]] = []
    checked = 0
    missing = ZERO
    for bucket in buckets:
        if spec.every == "week" and spec.partial == "skip" and bucket.days < 7:
            continue
        checked += 1
        inside = [e for e in hits if bucket.contains(e.occurred_on)]
        if spec.field is None:
            n = Decimal(len(inside))
        else:
            n = sum((to_decimal(e.payload.get(spec.field) or 0) for e in inside), ZERO)
        if n < spec.at_least:
            missing += spec.at_least - n
            short.append({"bucket": str(bucket), "count": _native(n), "start": bucket.start.isoformat()})
    detail = {"short": short, "checked": checked, "missing": _native(missing)}
    return IndicatorValue(Decimal(len(short)), _seqs(hits), detail)


def _per_event(spec: PerEventSpec, hits: list[Event]) -> IndicatorValue:
    misses: list[dict[str, Any]] = []
    met_all = 0
    for e in hits:
        missed = [f for f, minimum in spec.criteria.items() if to_decimal(e.payload.get(f) or 0) < minimum]
        if missed:
            misses.append({"seq": e.seq, "missed": missed, "title": e.payload.get("title", "")})
        else:
            met_all += 1
    sub_misses = sum(len(m["missed"]) for m in misses)
    return IndicatorValue(
        Decimal(len(hits)),
        _seqs(hits),
        {"met_all": met_all, "sub_misses": sub_misses, "events_short": len(misses), "misses": misses},
    )


def _stable(
    spec: StableSpec, by_type: Mapping[str, list[Event]], start: str, end: str, assessed: date
) -> IndicatorValue:
    horizon = assessed.isoformat()
    starts = sorted(
        (e for e in _typed(by_type, spec.start) if e.occurred_on <= horizon), key=lambda e: e.occurred_at
    )
    first: dict[Any, Event] = {}
    for e in starts:
        first.setdefault(e.payload.get(spec.key), e)
    ends: dict[Any, list[str]] = defaultdict(list)
    for e in _typed(by_type, spec.end):
        if e.occurred_on <= horizon:
            ends[e.payload.get(spec.end_key or spec.key)].append(e.occurred_on)
    known = None
    if spec.only_if is not None:
        key_name = spec.only_if_key or spec.key
        known = {x.payload.get(key_name) for x in _typed(by_type, spec.only_if) if x.occurred_on <= end}
    stable: list[int] = []
    started: list[int] = []
    unmatched = 0
    for key, e in first.items():
        if not (start <= e.occurred_on <= end):
            continue  # only people first started in the period ("当年度首次进吴")
        if known is not None and key not in known:
            unmatched += 1
            continue  # not in the monthly dispatch information: not confirmed
        started.append(e.seq)
        began = date.fromisoformat(e.occurred_on)
        due = _add_months(began, spec.months)
        if due > assessed:
            continue  # not yet six months by the assessment date
        if not any(e.occurred_on <= stop < due.isoformat() for stop in ends.get(key, ())):
            stable.append(e.seq)
    detail = {"started": len(started), "stable": len(stable), "as_of": horizon, "unmatched": unmatched}
    if spec.count == "started":
        return IndicatorValue(Decimal(len(started)), tuple(started), detail)
    return IndicatorValue(Decimal(len(stable)), tuple(stable), detail)


def horizon(specs: Mapping[str, IndicatorSpec], period: Period, assessed_on: date | None) -> date:
    """The last occurred date any indicator reads (stable counts look past the period to the assessment)."""
    last = period.end
    if any(getattr(s, "window", "period") == "year" for s in specs.values()):
        last = max(last, date(period.end.year, 12, 31))
    if assessed_on and any(isinstance(s, StableSpec) for s in specs.values()):
        last = max(last, assessed_on)
    return last + timedelta(days=0)
