"""What every rule kind is: it reads indicator values and says how many points they earn and why (`evaluate`),
which indicators it reads (`inputs`), what figure it asks of each (`asks`, drawn on report charts) and what
would raise it (the `gaps` of its outcome). Callers ask the rule; no caller re-encodes a rule's meaning.
"""

# No `from __future__ import annotations` here: pydantic reads this module's model annotations as the objects
# they are, instead of compiling and evaluating each one from a string when `score` loads it (issue 15).

from collections.abc import Mapping
from decimal import Decimal

from ledger.record import Record, factory
from projections.indicators import IndicatorValue
from projections.modelbase import BaseModel, ConfigDict
from projections.numbers import ZERO, fmt


class Outcome(Record):
    """Points with the reason, in Chinese and English; `gaps` say what would raise them."""

    points: Decimal
    zh: str
    en: str
    gaps: tuple["Gap", ...] = ()


class Gap(Record):
    """What would raise an item: `need` more of an indicator (or a rate of `target`) earns `gain`."""

    indicator: str
    need: Decimal | None
    target: Decimal | None
    gain: Decimal
    zh: str
    en: str


class RuleContext(Record, frozen=False):
    """What a rule sees: its item's indicator values, labels, the item's maximum, and the cohort if any."""

    inputs: Mapping[str, IndicatorValue]
    max_points: Decimal
    labels: Mapping[str, tuple[str, str, str, str]] = factory(dict)  # zh, en, unit_zh, unit_en
    site: str = ""
    cohort: Mapping[str, Mapping[str, IndicatorValue]] = factory(dict)

    def value(self, name: str) -> Decimal | None:
        return self.inputs[name].value

    def num(self, name: str) -> Decimal:
        v = self.inputs[name].value
        return ZERO if v is None else v

    def said(self, name: str) -> tuple[str, str]:
        """'入驻机构 24 家' / '24 resident institutions' for an indicator's current value."""
        zh, en, uzh, uen = self.labels.get(name, (name, name, "", ""))
        v = self.inputs[name].value
        if v is None:
            return f"{zh}无记录", f"no {en} recorded"
        return f"{zh} {fmt(v)}{uzh}", f"{en} {fmt(v)}{(' ' + uen) if uen else ''}"


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    note: str = ""  # the interpretation taken, with the clause it reads (shown in `scheme show`)

    def inputs(self) -> list[str]:
        raise NotImplementedError

    def evaluate(self, ctx: RuleContext) -> Outcome:
        raise NotImplementedError

    def asks(self, name: str, value: Decimal | None, max_points: Decimal) -> list["RuleTarget"]:
        """The figures this rule asks of indicator `name` (a report draws them as the line to reach)."""
        return []

    def details(self) -> list[tuple[str, str]]:
        """(indicator, detail key) pairs the rule reads from indicators' details (checked at load)."""
        return []


class RuleTarget(Record):
    """A figure a rule asks of an indicator over the period: reach it, or (ceiling) stay at or under it."""

    value: Decimal
    ceiling: bool
    zh: str
    en: str
