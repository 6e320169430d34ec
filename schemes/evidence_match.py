"""Which 佐证材料 an attached file is: `opsledger attach SEQ FILE --for TEXT` matched against the evidence lists
of the scheme items the event backs, and the test that says a file covers a requirement.

The scheme file lists each item's evidence as the document words it (`evidence = ["日常招聘会资料（签到表、
岗位清单、现场照片）"]`). An operator types `--for 签到表`, `--for 现场照片`, `--for 2` or the whole text with
half-width brackets; each is taken when it names exactly one entry of the list, compared with full-width and
half-width forms, bracket kinds and spaces folded (`normalise`). No match, or a match of two entries, is
refused with the list, so an attachment is never stored under a name that counts for nothing. What is stored
is the entry's own text, so `evidence`, `gaps` and the report count it without guessing.

The items an event backs are read from the scheme statically (`items_for_event`): the items whose rules read
an indicator that selects the event's type, where the event passes the indicator's non-numeric filters
(kind = daily, metric = followers). A numeric filter (companies ≥ 35) is not applied: a fair that missed the
figure is still the fair the item's evidence is about. An assessor's judgement backs the item it judges.

Pure functions, except `requirement_for` at the end (reads the event, the site's contracts and scheme).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from ledger.aliases import type_name
from ledger.messages import msg
from projections.indicators import (
    FindingSpec,
    IndicatorSpec,
    JudgementSpec,
    Selector,
    StableSpec,
    StateSpec,
    matches,
    references,
)
from schemes.model import Item, Scheme, SchemeError

if TYPE_CHECKING:
    from ledger.ledger import Ledger

_OPEN = "([{【〔〖［｛〈「『"
_CLOSE = ")]}】〕〗］｝〉」』"
_BRACKETS = str.maketrans({**dict.fromkeys(_OPEN, "("), **dict.fromkeys(_CLOSE, ")"), "、": ",", "，": ","})


def normalise(text: str) -> str:
    """For comparison only: NFKC (full-width forms as ASCII), case folded, every bracket kind as (), 、 as a
    comma, no whitespace. '日常招聘会资料（签到表、岗位清单）' and '日常招聘会资料 (签到表,岗位清单)' are equal."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_BRACKETS)
    return re.sub(r"\s+", "", folded)


@dataclass(frozen=True)
class Ask:
    """One entry of the evidence lists offered for an event, and the items that ask for it."""

    text: str
    items: tuple[str, ...]


# -- which items an event backs -------------------------------------------------------------------------------


def kind_filter(selector: Selector) -> dict[str, Any]:
    """A selector's filters that say which events (kind = daily, metric in [...]), not how big (≥ 35)."""
    out: dict[str, Any] = {}
    for name, cond in selector.where.items():
        if isinstance(cond, dict):
            kept = {op: v for op, v in cond.items() if op in ("in", "ne")}
            if kept:
                out[name] = kept
        elif isinstance(cond, bool | str | list):
            out[name] = cond
    return out


def _feeds(spec: IndicatorSpec, event_type: str, payload: Mapping[str, Any], scheme_id: str) -> bool:
    if isinstance(spec, JudgementSpec):
        return (event_type == "assessor_judgement" and payload.get("item") == spec.item
                and payload.get("scheme", scheme_id) == scheme_id)  # fmt: skip
    if isinstance(spec, FindingSpec):
        kinds = [spec.finding] if isinstance(spec.finding, str) else spec.finding
        return (event_type == "inspection_finding" and payload.get("kind") in kinds
                and (spec.item is None or payload.get("item") == spec.item))  # fmt: skip
    if isinstance(spec, StateSpec):
        selectors = [s for s in (spec.enter, spec.leave) if s is not None]
    elif isinstance(spec, StableSpec):
        selectors = [s for s in (spec.start, spec.end, spec.only_if) if s is not None]
    elif isinstance(spec, Selector):
        selectors = [spec]
    else:
        selectors = []
    return any(event_type in s.types() and matches(payload, kind_filter(s)) for s in selectors)


def items_for_event(scheme: Scheme, event_type: str, payload: Mapping[str, Any]) -> list[Item]:
    """The scheme's items whose rules read (directly, or through ratios and totals) an indicator this event
    feeds, in the scheme's order."""
    out = []
    for item in scheme.items:
        pending, seen = list(item.rule.inputs()), set()
        while pending:
            name = pending.pop()
            if name in seen or name not in scheme.indicators:
                continue
            seen.add(name)
            spec = scheme.indicators[name]
            pending.extend(references(spec))
            if _feeds(spec, event_type, payload, scheme.id):
                out.append(item)
                break
    return out


def asks_of(items: Iterable[Item]) -> list[Ask]:
    """The items' 佐证材料, each distinct text once (in first-asked order) with the items that ask for it."""
    order: dict[str, list[str]] = {}
    for item in items:
        for text in item.evidence:
            same = next((t for t in order if normalise(t) == normalise(text)), text)
            order.setdefault(same, []).append(item.id)
    return [Ask(text, tuple(ids)) for text, ids in order.items()]


# -- matching what the operator typed -------------------------------------------------------------------------


def listing(asks: Sequence[Ask]) -> str:
    return "; ".join(f"{n}. {a.text} ({', '.join(a.items)})" for n, a in enumerate(asks, start=1))


def resolve(query: str, asks: Sequence[Ask], about: Any) -> str:
    """The one entry `query` names, by number (1-based, as listed) or by its text or a part of it; else a
    SchemeError with the list. An exact match wins over partial ones (现场照片 is itself an entry, and part of
    another)."""
    if not asks:
        raise SchemeError(msg("for.nothing", about=about))
    wanted = normalise(query)
    if not wanted:
        raise SchemeError(msg("for.empty", asks=listing(asks)))
    if wanted.isdigit():
        number = int(wanted)
        if 1 <= number <= len(asks):
            return asks[number - 1].text
        raise SchemeError(msg("for.number", query=query, about=about, n=len(asks), asks=listing(asks)))
    exact = [a for a in asks if normalise(a.text) == wanted]
    if exact:
        return exact[0].text
    partial = [a for a in asks if wanted in normalise(a.text)]
    if len(partial) == 1:
        return partial[0].text
    if partial:
        numbers = [asks.index(a) + 1 for a in partial]
        choices = "; ".join(f"{n}. {a.text}" for n, a in zip(numbers, partial, strict=True))
        raise SchemeError(msg("for.several", query=repr(query), n=len(partial), about=about, choices=choices))
    raise SchemeError(msg("for.none", query=repr(query), about=about, asks=listing(asks)))


def covers(ask: str, requirement: str, file_name: str) -> bool:
    """A file covers a requirement if it was attached for it (the entry's text, compared normalised; a part of
    it of two characters or more, as attachments made before `--for` was matched may carry), or its file name
    contains the requirement's whole text."""
    want = normalise(ask)
    if not want:
        return False
    said = normalise(requirement)
    if said and (said == want or (len(said) >= 2 and said in want)):
        return True
    return want in normalise(PurePath(file_name).name)


# -- the I/O edge: the event, its site's contract and scheme --------------------------------------------------


def requirement_for(ledger: Ledger, seq: int, query: str, schemes_dir: Path | None = None) -> str:
    """The 佐证材料 entry `query` names among those of the items event `seq` backs, under the scheme of the
    contract in force on the event's date (the event as it stands, corrections applied)."""
    from ledger.view import Amendments
    from projections.facts import contracts
    from schemes.model import get_scheme
    from schemes.plausibility import scheme_in_force

    target = ledger.get(seq)
    amendments = Amendments()
    for event in ledger.events(site=target.site, types=["correction", "retraction"]):
        amendments.add(event)
    current = amendments.apply(target) or target
    deals = contracts(ledger, target.site)
    scheme_id = scheme_in_force(deals, date.fromisoformat(current.occurred_at[:10]))
    if scheme_id is None:
        raise SchemeError(msg("for.no_contract", site=repr(target.site)))
    scheme = get_scheme(scheme_id, schemes_dir)
    items = items_for_event(scheme, current.type, current.payload)
    about = msg("for.about", seq=seq, type=type_name(current.type), scheme=scheme.id)
    return resolve(query, asks_of(items), about)
