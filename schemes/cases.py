"""Cases as data: a scheme's clauses pinned beside it in ID.cases.toml, run by `opsledger scheme test FILE` and by
pytest (tests/test_scheme_cases.py), so a buyer writing a new file can pin its clauses the way the seeds are.

    scheme = "shaxian-gig"              # default: the file name without .cases.toml
    period = "2026"                     # the period event cases are scored for
    values = { staff_full_time = "3" }  # a baseline of indicator values every values-case starts from

    [[cases]]
    id = "site.staff/2-people-0"
    clause = "有配置3人以上专职工作人员。"  # the clause the expectation is worked out from
    values = { staff_full_time = "2" }  # indicator values: a number, or a table (met, shortfalls, points, ...)
    expect = { "site.staff" = "0" }     # item points
    expect_total = "..."                # optional: total, grade, indicator values
    expect_grade = "..."
    expect_values = { ... }

    [[cases]]
    id = "..."
    events = [{ type = "staff_joined", on = "2026-01-05", name = "张三" }, ...]   # folded by the real indicators
    assessed_on = "2027-01-10"          # optional

A values case scores every item from the baseline plus its values (an indicator given nowhere has no data);
an events case validates each event against the catalog, folds them with the scheme's own indicators and
scores the result. Every expectation is compared exactly (decimals, not floats).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from ledger.envelope import Event, normalise_occurred
from ledger.errors import LedgerError
from ledger.messages import Both, listing, msg, os_reason, text
from ledger.payloads import validate_payload
from projections.indicators import IndicatorValue, compute
from projections.numbers import fmt, to_decimal
from projections.periods import Period, PeriodError
from schemes.engine import Scorecard, score
from schemes.errors import SchemeError
from schemes.model import Scheme, get_scheme, holiday_paths, load_scheme, message

Number = str | int


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    clause: str = ""
    period: str | None = None
    index: int | None = None  # the contract quarter (or half) the items of that period are taken from
    values: dict[str, Number | dict[str, Any]] = {}
    events: list[dict[str, Any]] = []
    assessed_on: date | None = None
    expect: dict[str, Number] = {}
    expect_total: Number | None = None
    expect_grade: str | None = None
    expect_values: dict[str, Number | None] = {}


class CasesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    scheme: str | None = None
    period: str = ""
    values: dict[str, Number | dict[str, Any]] = {}
    cases: list[Case]


@dataclass
class Result:
    """A case's outcome. `failures` are catalogue messages or errors carrying one: `text(f)` renders one in the
    reader's language."""

    case: Case
    failures: list[Any] = field(default_factory=list)
    card: Scorecard | None = None

    @property
    def ok(self) -> bool:
        return not self.failures


def indicator_value(raw: Number | dict[str, Any]) -> IndicatorValue:
    """A value as a case writes it: "3" (backed by one event), or a table: {value, met, shortfalls, points,
    reason, detail, no_data}. A judgement is {met = false, shortfalls = 2}."""
    if not isinstance(raw, dict):
        return IndicatorValue(to_decimal(raw), events=(1,))
    spec = dict(raw)
    if spec.pop("no_data", False):
        return IndicatorValue(None)
    detail = dict(spec.pop("detail", {}))
    for key in ("met", "reason", "points"):
        if key in spec:
            detail[key] = str(spec.pop(key)) if key == "points" else spec.pop(key)
    if "met" in detail:
        detail.setdefault("reason", "case")
    value = spec.pop("shortfalls", spec.pop("value", 0 if "met" in detail else None))
    if spec:
        raise SchemeError(msg("case.unknown_keys", keys=listing(sorted(spec))))
    return IndicatorValue(None if value is None else to_decimal(value), events=(1,), detail=detail)


def build_events(rows: list[dict[str, Any]]) -> list[Event]:
    """Case events checked against the catalog, numbered in order (seq 1, 2, ...)."""
    out = []
    for n, row in enumerate(rows, start=1):
        data = dict(row)
        kind = data.pop("type", None)
        on = data.pop("on", None)
        if kind is None or on is None:
            raise SchemeError(msg("case.event_needs", n=n))
        covers = data.pop("covers", None)
        actor = data.pop("actor", "case")
        try:
            payload = validate_payload(str(kind), data)
            occurred = normalise_occurred(str(on))
        except LedgerError as err:
            raise SchemeError(msg("case.event_bad", n=n, error=err)) from None
        out.append(Event(seq=n, id=f"case-{n}", type=str(kind), version=1, site="case", occurred_at=occurred,
                         recorded_at=f"{occurred[:10]}T23:59:59.000000+08:00", actor=actor, payload=payload,
                         covers=covers))  # fmt: skip
    return out


def run_case(scheme: Scheme, case: Case, default_period: str, base: dict[str, Any]) -> Result:
    result = Result(case)
    try:
        period = Period.parse(case.period or default_period or str(date.today().year))
        if case.events:
            values = compute(scheme.indicators, build_events(case.events), period, scheme=scheme.id,
                             assessed_on=case.assessed_on, calendar=scheme.work_calendar())  # fmt: skip
        else:
            given = {**base, **case.values}
            unknown = sorted(set(given) - set(scheme.indicators))
            if unknown:
                raise SchemeError(msg("case.no_indicator", name=repr(unknown[0]), scheme=scheme.id))
            values = {
                n: indicator_value(given[n]) if n in given else IndicatorValue(None)
                for n in scheme.indicators
            }
        card = score(scheme, "case", str(period), values, index=case.index or default_index(scheme, period))
    except (SchemeError, PeriodError, LedgerError) as err:
        result.failures.append(err)
        return result
    result.card = card
    scored = {i.id: i for i in card.items}
    for item_id, want in case.expect.items():
        got = scored.get(item_id)
        if got is None:
            result.failures.append(msg("case.not_scored", item=item_id, period=period))
        elif got.points != to_decimal(want):
            why = Both(got.explanation_zh, got.explanation_en)
            result.failures.append(msg("case.item", item=item_id, want=want, got=fmt(got.points), why=why))
    if case.expect_total is not None and card.total != to_decimal(case.expect_total):
        result.failures.append(msg("case.total", want=case.expect_total, got=fmt(card.total)))
    if case.expect_grade is not None and card.grade != case.expect_grade:
        result.failures.append(msg("case.grade", want=case.expect_grade, got=card.grade))
    for name, want in case.expect_values.items():
        got_value = values[name].value if name in values else None
        if (got_value is None) != (want is None) or (want is not None and got_value != to_decimal(want)):
            result.failures.append(msg("case.indicator", name=name, want=want, got=fmt(got_value)))
    return result


def default_index(scheme: Scheme, period: Period) -> int | None:
    """The contract quarter (half) of a calendar quarter (half), for a contract starting on 1 January."""
    if scheme.assessed_every == period.kind and period.kind in ("quarter", "half"):
        return (period.start.month - 1) // (3 if period.kind == "quarter" else 6) + 1
    return None


def cases_path(path: Path) -> Path:
    """The cases file for a scheme file (ID.toml -> ID.cases.toml), or the path itself if it is one."""
    return path if path.name.endswith(".cases.toml") else path.with_name(f"{path.stem}.cases.toml")


def load_cases(path: Path) -> tuple[Scheme, CasesFile]:
    """A cases file and the scheme it pins: the scheme file beside it (ID.toml), else the named scheme."""
    path = cases_path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        cases = CasesFile.model_validate(data)
    except OSError as err:
        raise SchemeError(msg("case.cannot_read", path=path, reason=os_reason(err))) from None
    except tomllib.TOMLDecodeError as err:
        raise SchemeError(msg("map.not_toml", name=path.name, error=str(err))) from None
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        # Said as `scheme check` says a scheme file's ("unknown key 'value'", not pydantic's "Extra inputs ...").
        raise SchemeError(msg("case.invalid", name=path.name, where=where, error=message(first))) from None
    scheme_id = cases.scheme or path.name.removesuffix(".cases.toml")
    beside = path.with_name(f"{scheme_id}.toml")
    scheme = load_scheme(beside, holiday_paths(beside)) if beside.exists() else get_scheme(scheme_id)
    return scheme, cases


def run_file(path: Path) -> tuple[Scheme, list[Result]]:
    scheme, cases = load_cases(path)
    ids = [c.id for c in cases.cases]
    if len(set(ids)) != len(ids):
        raise SchemeError(msg("case.ids_unique", name=cases_path(path).name))
    return scheme, [run_case(scheme, c, cases.period, cases.values) for c in cases.cases]


def report(scheme: Scheme, results: list[Result]) -> str:
    """What `opsledger scheme test` prints, in the reader's language."""
    lines = [text(msg("case.report.head", scheme=scheme.id, n=len(results)))]
    for r in results:
        lines.append(text(msg("case.report.ok" if r.ok else "case.report.fail", id=r.case.id)))
        lines += [f"        {text(f)}" for f in r.failures]
    failed = sum(1 for r in results if not r.ok)
    lines.append(text(msg("case.report.tail", passed=len(results) - failed, failed=failed)))
    return "\n".join(lines)
