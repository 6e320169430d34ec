"""Indicators about time: who is present at the end, how often, each event against its minimums, how long
people stay, how long cases take, whether each period's report came in time."""

# No `from __future__ import annotations` here: pydantic reads this module's model annotations as the objects
# they are, instead of compiling and evaluating each one from a string when `score` loads it (issue 15).

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, ClassVar, Literal

from ledger import catalog_index
from projections.dec import Dec
from projections.indicators.base import (
    Fold,
    IndicatorValue,
    Reads,
    Selector,
    Spec,
    covered,
    native,
    selector_reads,
    seqs,
)
from projections.modelbase import Field
from projections.numbers import ZERO, fmt, to_decimal
from projections.periods import Period, add_months, period_of
from projections.workdays import WorkCalendar, add_days, days_between


class StateSpec(Spec):
    """Keys present at the period's last day: entered (ever, up to the end) and not left since."""

    kind: Literal["state_at_end"]
    enter: Selector
    leave: Selector | None = None
    key: str
    detail_keys: ClassVar[tuple[str, ...]] = ("present",)

    def reads(self) -> list[Reads]:
        out = [selector_reads(self.enter, "enter", [self.key])]
        if self.leave is not None:
            out.append(selector_reads(self.leave, "leave", [self.key]))
        return out

    def compute(self, fold: Fold) -> IndicatorValue:
        end = fold.window(self)[1]
        timeline = [(e, True) for e in fold.typed(self.enter) if e.occurred_on <= end]
        if self.leave is not None:
            timeline += [(e, False) for e in fold.typed(self.leave) if e.occurred_on <= end]
        timeline.sort(key=lambda pair: (pair[0].occurred_at, pair[0].seq))
        present: dict[Any, int] = {}
        for event, entering in timeline:
            key = event.payload.get(self.key)
            if entering:
                present[key] = event.seq
            else:
                present.pop(key, None)
        if not timeline:
            return IndicatorValue(ZERO)
        return IndicatorValue(
            Decimal(len(present)), tuple(sorted(present.values())), {"present": sorted(map(str, present))}
        )


def _day_of(event: Any, covers_field: str | None) -> date | str:
    """The day an event counts on in a bucket: the first day of the period it covers, else the day it happened."""
    span = covered(event, covers_field)
    return span.start if span is not None else event.occurred_on


def buckets(period: Period, every: str) -> list[Period]:
    return {"week": period.weeks, "month": period.months, "quarter": period.quarters}[every]()


class CadenceSpec(Spec, Selector):
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
    detail_keys: ClassVar[tuple[str, ...]] = ("short", "checked", "missing")

    def reads(self) -> list[Reads]:
        return [selector_reads(self, extra=[self.field] if self.field else [])]

    def compute(self, fold: Fold) -> IndicatorValue:
        period = fold.period
        hits = fold.typed(self, period.start.isoformat(), period.end.isoformat())
        short: list[dict[str, Any]] = []
        checked = 0
        missing = ZERO
        for bucket in buckets(period, self.every):
            if self.every == "week" and self.partial == "skip" and bucket.days < 7:
                continue
            checked += 1
            inside = [e for e in hits if bucket.contains(_day_of(e, self.covers_field))]
            if self.field is None:
                n = Decimal(len(inside))
            else:
                n = sum((to_decimal(e.payload.get(self.field) or 0) for e in inside), ZERO)
            if n < self.at_least:
                missing += self.at_least - n
                short.append({"bucket": str(bucket), "count": native(n), "start": bucket.start.isoformat()})
        detail = {"short": short, "checked": checked, "missing": native(missing)}
        return IndicatorValue(Decimal(len(short)), seqs(hits), detail)

    def project(self, value: IndicatorValue, fold: Fold, today: date) -> IndicatorValue:
        """Short buckets that have ended by today: the later ones are assumed kept up at the current pace."""
        ends = {str(b): b.end for b in buckets(fold.period, self.every)}
        short = [s for s in value.detail.get("short", ()) if ends.get(s["bucket"], fold.period.end) < today]
        missing = sum((Decimal(self.at_least) - Decimal(str(s["count"])) for s in short), ZERO)
        return IndicatorValue(
            Decimal(len(short)), value.events, {**value.detail, "short": short, "missing": native(missing)}
        )


class PerEventSpec(Spec, Selector):
    """Each matching event is checked against minimum figures: value = events held; detail has the misses."""

    kind: Literal["per_event"]
    criteria: dict[str, Dec]
    paced: ClassVar[bool] = True
    charted: ClassVar[bool] = True
    detail_keys: ClassVar[tuple[str, ...]] = ("met_all", "sub_misses", "events_short", "misses")

    def reads(self) -> list[Reads]:
        return [selector_reads(self, extra=list(self.criteria))]

    def requirement(self) -> tuple[str, str]:
        """' (each with ≥35 companies, ≥900 jobs, ≥200 visitors)'."""
        if not self.criteria:
            return "", ""
        parts = [f"{name} ≥{fmt(minimum)}" for name, minimum in self.criteria.items()]
        return f"（每场{'、'.join(self._zh(name, minimum) for name, minimum in self.criteria.items())}）", (
            f" (each with {', '.join(parts)})"
        )

    def _zh(self, name: str, minimum: Decimal) -> str:
        """'参会企业≥35家': a field in a Chinese sentence by its catalog label and unit, never its id."""
        from ledger.labels import field_label

        types = [t for t in self.types() if catalog_index.known(t) and name in catalog_index.fields(t)]
        if not types:
            return f"{name} ≥{fmt(minimum)}"
        label, _, unit, _ = field_label(types[0], name)
        return f"{label}≥{fmt(minimum)}{unit.split('/')[0]}"

    def compute(self, fold: Fold) -> IndicatorValue:
        hits = fold.typed(self, *fold.window(self))
        misses: list[dict[str, Any]] = []
        met_all = 0
        for e in hits:
            missed = [
                f for f, minimum in self.criteria.items() if to_decimal(e.payload.get(f) or 0) < minimum
            ]
            if missed:
                misses.append({"seq": e.seq, "missed": missed, "title": e.payload.get("title", "")})
            else:
                met_all += 1
        sub_misses = sum(len(m["missed"]) for m in misses)
        detail = {"met_all": met_all, "sub_misses": sub_misses, "events_short": len(misses), "misses": misses}
        return IndicatorValue(Decimal(len(hits)), seqs(hits), detail)


class StableSpec(Spec):
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
    detail_keys: ClassVar[tuple[str, ...]] = ("started", "stable", "as_of", "unmatched")

    def reads(self) -> list[Reads]:
        out = [
            selector_reads(self.start, "start", [self.key]),
            selector_reads(self.end, "end", [self.end_key or self.key]),
        ]
        if self.only_if is not None:
            out.append(selector_reads(self.only_if, "only_if", [self.only_if_key or self.key]))
        return out

    def horizon(self, period: Period, assessed: date | None) -> date:
        return max(period.end, assessed or period.end)

    def compute(self, fold: Fold) -> IndicatorValue:
        start, end = fold.window(self)
        horizon = fold.assessed.isoformat()
        starts = sorted(
            (e for e in fold.typed(self.start) if e.occurred_on <= horizon), key=lambda e: e.occurred_at
        )
        first: dict[Any, Any] = {}
        for e in starts:
            first.setdefault(e.payload.get(self.key), e)
        ends: dict[Any, list[str]] = defaultdict(list)
        for e in fold.typed(self.end):
            if e.occurred_on <= horizon:
                ends[e.payload.get(self.end_key or self.key)].append(e.occurred_on)
        known = None
        if self.only_if is not None:
            key_name = self.only_if_key or self.key
            known = {x.payload.get(key_name) for x in fold.typed(self.only_if) if x.occurred_on <= end}
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
            due = add_months(date.fromisoformat(e.occurred_on), self.months)
            if due > fold.assessed:
                continue  # not yet six months by the assessment date
            if not any(e.occurred_on <= stop < due.isoformat() for stop in ends.get(key, ())):
                stable.append(e.seq)
        detail = {"started": len(started), "stable": len(stable), "as_of": horizon, "unmatched": unmatched}
        if self.count == "started":
            return IndicatorValue(Decimal(len(started)), tuple(started), detail)
        return IndicatorValue(Decimal(len(stable)), tuple(stable), detail)


class DurationsSpec(Spec):
    """Cases opened in the period (a `start` event) and the time until their `end` event with the same key:
    complaint received -> closed, dispute filed -> resolved. A case counts as late when it closed more than
    `within` days after it opened, or is still open when that limit has passed by the assessment date; days are
    calendar days or working days (Chinese statutory holidays skipped, 调休 weekend days counted).

    count "late" (default): late cases; "on_time": closed within the limit; "cases": every case opened.
    """

    kind: Literal["durations"]
    start: Selector
    end: Selector
    key: str
    end_key: str | None = None
    within: int = Field(ge=0)
    days: Literal["calendar", "working"] = "calendar"
    count: Literal["late", "on_time", "cases"] = "late"
    detail_keys: ClassVar[tuple[str, ...]] = ("late", "open", "on_time", "pending", "cases")

    def reads(self) -> list[Reads]:
        return [
            selector_reads(self.start, "start", [self.key]),
            selector_reads(self.end, "end", [self.end_key or self.key]),
        ]

    def horizon(self, period: Period, assessed: date | None) -> date:
        last = self.window_dates(period)[1]
        # The day after the last case's limit (working days span holidays: a generous calendar margin).
        slack = self.within * 2 + 20 if self.days == "working" else self.within + 1
        return max(last + timedelta(days=slack), assessed or last)

    def compute(self, fold: Fold) -> IndicatorValue:
        start, end = fold.window(self)
        opened = fold.typed(self.start, start, end)
        closes: dict[Any, list[Any]] = defaultdict(list)
        for e in fold.typed(self.end):
            closes[e.payload.get(self.end_key or self.key)].append(e)
        late: list[dict[str, Any]] = []
        on_time: list[int] = []
        pending: list[dict[str, Any]] = []
        for e in opened:
            key = e.payload.get(self.key)
            began = date.fromisoformat(e.occurred_on)
            due = add_days(fold.calendar, began, self.within, self.days)
            after = [c for c in closes.get(key, ()) if c.occurred_on >= e.occurred_on]
            if after:
                stop = min(after, key=lambda c: (c.occurred_at, c.seq))
                took = days_between(fold.calendar, began, date.fromisoformat(stop.occurred_on), self.days)
                if took > self.within:
                    late.append({"seq": e.seq, "key": str(key), "opened": e.occurred_on, "closed": stop.occurred_on,
                                 "days": took, "due": due.isoformat()})  # fmt: skip
                else:
                    on_time.append(e.seq)
            elif due < fold.judged_at(self):
                late.append({"seq": e.seq, "key": str(key), "opened": e.occurred_on, "closed": None,
                             "due": due.isoformat()})  # fmt: skip
            else:
                pending.append(
                    {"seq": e.seq, "key": str(key), "opened": e.occurred_on, "due": due.isoformat()}
                )
        detail = {"late": late, "on_time": len(on_time), "pending": pending, "cases": len(opened), "unit": self.days,
                  "within": self.within, "open": sum(1 for x in late if x["closed"] is None)}  # fmt: skip
        value = {"late": len(late), "on_time": len(on_time), "cases": len(opened)}[self.count]
        return IndicatorValue(Decimal(value), seqs(opened), detail)

    def project(self, value: IndicatorValue, fold: Fold, today: date) -> IndicatorValue:
        """Cases still open whose limit has not passed by today are not late yet."""
        if self.count != "late":
            return value
        late = [
            x for x in value.detail.get("late", ()) if x["closed"] is not None or x["due"] < today.isoformat()
        ]
        return value.replace(value=Decimal(len(late)), detail={**value.detail, "late": late})


class DeadlinesSpec(Spec, Selector):
    """Each month (quarter, half, year) of the period needs a matching event that covers it, handed in by day
    `due_day` of the next one: calendar day N ("by the 5th of the next month"), or with days = "working", the
    N-th working day of the next one. Value: the periods whose report is missing or late by the assessment
    date; a period whose due date has not come yet is pending, not missing.

    An event covers the period in its envelope `covers` (or in the payload field `covers_field`); one without
    is listed in detail["uncovered"] and counts for no period.
    """

    kind: Literal["deadlines"]
    every: Literal["month", "quarter", "half", "year"]
    due_day: int = Field(ge=1, le=31)
    days: Literal["calendar", "working"] = "calendar"
    detail_keys: ClassVar[tuple[str, ...]] = ("late", "missing", "pending", "on_time", "uncovered", "checked")

    def reads(self) -> list[Reads]:
        return [selector_reads(self)]

    def periods(self, period: Period) -> list[Period]:
        """The whole months (quarters, ...) inside the period that each need their report."""
        out, p = [], period_of(self.every, period.start)
        while p.start <= period.end:
            if period.contains_period(p):
                out.append(p)
            p = p.next()
        return out

    def due(self, bucket: Period, calendar: WorkCalendar | None = None) -> date:
        """Day N of the period after the bucket (the month's last day if it has fewer), or its N-th working day."""
        nxt = bucket.end + timedelta(days=1)
        if self.days == "working":
            first = add_days(calendar, nxt, 0, "working")
            return add_days(calendar, first, self.due_day - 1, "working")
        last = (add_months(nxt, 1) - timedelta(days=1)).day
        return nxt.replace(day=min(self.due_day, last))

    def horizon(self, period: Period, assessed: date | None) -> date:
        buckets_ = self.periods(period)
        if not buckets_:
            return max(period.end, assessed or period.end)
        # Calendar days: the day after the last report's due date, when every deadline has passed.
        if self.days == "calendar":
            return max(self.due(buckets_[-1]) + timedelta(days=1), assessed or period.end)
        return max(buckets_[-1].end + timedelta(days=self.due_day * 2 + 20), assessed or period.end)

    def compute(self, fold: Fold) -> IndicatorValue:
        hits = fold.typed(self)
        by_period: dict[str, list[Any]] = defaultdict(list)
        uncovered: list[int] = []
        for e in hits:
            span = covered(e, self.covers_field)
            if span is None:
                uncovered.append(e.seq)
            else:
                by_period[span.label].append(e)
        late: list[dict[str, Any]] = []
        missing: list[dict[str, Any]] = []
        pending: list[dict[str, Any]] = []
        on_time: list[str] = []
        used: list[int] = []
        checked = self.periods(fold.period)
        for bucket in checked:
            due = self.due(bucket, fold.calendar)
            reports = sorted(by_period.get(bucket.label, ()), key=lambda e: (e.occurred_at, e.seq))
            first = reports[0] if reports else None
            if first is not None:
                used.append(first.seq)
            if first is not None and first.occurred_on <= due.isoformat():
                on_time.append(bucket.label)
            elif first is not None:
                late.append(
                    {
                        "bucket": bucket.label,
                        "seq": first.seq,
                        "on": first.occurred_on,
                        "due": due.isoformat(),
                    }
                )
            elif due < fold.judged_at(self):
                missing.append({"bucket": bucket.label, "due": due.isoformat()})
            else:
                pending.append({"bucket": bucket.label, "due": due.isoformat()})
        detail = {"late": late, "missing": missing, "pending": pending, "on_time": len(on_time),
                  "uncovered": uncovered, "checked": len(checked)}  # fmt: skip
        return IndicatorValue(Decimal(len(late) + len(missing)), tuple(sorted(used)), detail)

    def project(self, value: IndicatorValue, fold: Fold, today: date) -> IndicatorValue:
        """A report not yet due by today is not missing yet."""
        missing = [m for m in value.detail.get("missing", ()) if m["due"] < today.isoformat()]
        late = list(value.detail.get("late", ()))
        return value.replace(
            value=Decimal(len(late) + len(missing)), detail={**value.detail, "missing": missing}
        )
