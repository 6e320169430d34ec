"""The vocabulary a demo year is written in: events on fixed days, streams of events on a rhythm, and what
becomes of some of them later (a correction, a retraction, evidence handed in afterwards).

A site's plan is a table of these rows (`plans/`); `generate.py` reads the rows in order and draws every random
value from the one seeded source, so the same seed gives the same events. A field's value is a constant or one
of the kinds in `values.py`, drawn for each event; a stream's days come from a rule in `when.py`. Nothing here
knows a scheme: the plans say which event types, how many, when and with what figures; the scheme files alone
decide what they are worth.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from schemes.demo.values import OwnScheme
from schemes.demo.when import Day, When

# Who logs a row: the site's operator (the default), the buyer's assessor, or the buyer.
OPERATOR, ASSESSOR, BUYER = "operator", "assessor", "buyer"


@dataclass(frozen=True)
class LastYear:
    """A day in the year before the demo's (a reading the year's growth is measured from)."""

    month: int
    day: int


# -- what becomes of an event later ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Fix:
    """A correction of the event, logged `after` days after it happened (or on that day of the year)."""

    changes: Mapping[str, Any]
    after: int | Day
    reason: str


@dataclass(frozen=True)
class Void:
    """A retraction of the event, logged `after` days after it happened (or on that day of the year)."""

    after: int | Day
    reason: str


@dataclass(frozen=True)
class Attach:
    """Evidence handed in afterwards for the first 佐证材料 the scheme item asks for."""

    after: int | Day
    file: Any  # a file name (a Fmt is drawn)
    item: str


@dataclass(frozen=True)
class Later:
    """Corrections, retractions and evidence attached later, for one event."""

    fix: Fix | None = None
    void: Void | None = None
    attach: Attach | None = None


# -- rows ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Once:
    """One event on a fixed day. `logged`: when it was written down (days after, or a day), if not that day."""

    type: str
    on: Day | LastYear
    fields: Mapping[str, Any] = field(default_factory=dict)
    by: str = OPERATOR
    evidence: tuple[str, ...] = ()
    logged: int | Day | None = None
    later: Later = Later()


@dataclass(frozen=True)
class Then:
    """Events that follow each event of a stream: `times` of them, `after` days later, with probability
    `chance` (drawn once per parent). A follow-on that would fall after the demo's year has not happened yet."""

    type: str
    fields: Mapping[str, Any] = field(default_factory=dict)
    after: Any = 0
    chance: float = 1.0
    times: Any = 1


@dataclass(frozen=True)
class Tweak:
    """The `at`-th event of a stream (1-based; -1 the last) differs: `set` overrides drawn fields (a borderline
    or mistyped figure), `logged` writes it down late (days after, or on a day), `later` says what happens to it
    afterwards."""

    at: int
    set: Mapping[str, Any] = field(default_factory=dict)
    logged: int | Day | None = None
    later: Later = Later()


@dataclass(frozen=True)
class Stream:
    """Events of one type on a rhythm (`when`), each with its fields drawn; `evidence` a file name per event
    (None: none handed in)."""

    type: str
    when: When
    fields: Mapping[str, Any] = field(default_factory=dict)
    evidence: Any = None
    then: tuple[Then, ...] = ()
    tweaks: tuple[Tweak, ...] = ()
    by: str = OPERATOR


Row = Once | Stream


@dataclass(frozen=True)
class Plan:
    """A site's year: its rows, read in order."""

    site: str
    rows: tuple[Row, ...]


# -- assessors' rows -------------------------------------------------------------------------------------------


def judge(on: Day, item: str, met: bool, reason: str, shortfalls: int = 0) -> Once:
    """An assessor's judgement on a qualitative item, with its reason."""
    return Once("assessor_judgement", on, {"scheme": OwnScheme(), "item": item, "met": met, "shortfalls": shortfalls,
                                           "reason": reason}, by=ASSESSOR)  # fmt: skip


def judged(on: Day, *rows: tuple[str, bool, str]) -> tuple[Once, ...]:
    """Several judgements made on one day: (item, met, reason) rows."""
    return tuple(judge(on, item, met, reason) for item, met, reason in rows)


def finding(on: Day, kind: str, reason: str, count: int = 1, item: str = "", later: Later = Later()) -> Once:
    """An assessor's inspection finding (日常督导)."""
    return Once("inspection_finding", on, {"kind": kind, "count": count, "item": item, "reason": reason},
                by=ASSESSOR, later=later)  # fmt: skip


def complaint(on: Day, complainant: str, subject: str, valid: bool | None = None) -> Once:
    fields: dict[str, Any] = {"complainant": complainant, "subject": subject}
    if valid is not None:
        fields["valid"] = valid
    return Once("complaint_filed", on, fields)
