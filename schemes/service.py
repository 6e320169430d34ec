"""The scoring service: find a site's contract and scheme, fold its events, score. I/O lives here, not in rules."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ledger.envelope import Event
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from ledger.messages import Both, Message, msg
from ledger.store import CacheEntry, Head
from projections import accumulate, cache
from projections import facts as proj
from projections.indicators import IndicatorValue, horizon
from projections.periods import Period, period_of, tiles
from schemes.cohort import standings
from schemes.engine import Scorecard, Standing, finish, score, sum_of_periods
from schemes.model import Scheme, SchemeError, get_scheme, scheme_paths
from schemes.money.card import money_for


@dataclass(frozen=True)
class Target:
    """What is being scored: the scheme, the period and, where items vary by quarter, its contract index."""

    scheme: Scheme
    period: Period
    index: int | None
    contract: proj.Contract | None


_LOADED: dict[tuple[str, int, int], Scheme] = {}


def _scheme(scheme_id: str, schemes_dir: Path | None = None, paths: dict[str, Path] | None = None) -> Scheme:
    """get_scheme, parsed once per file version (path, mtime, size): scoring every site re-reads no TOML.
    `paths`: the scheme files already listed (`replay_keys` lists them once, not once per contract)."""
    path = (scheme_paths(schemes_dir) if paths is None else paths).get(scheme_id)
    if path is None:
        return get_scheme(scheme_id, schemes_dir)  # raises the usual "unknown scheme" error
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _LOADED:
        _LOADED[key] = get_scheme(scheme_id, schemes_dir)
    return _LOADED[key]


def months_between(a: date, b: date) -> int:
    return (b.year - a.year) * 12 + (b.month - a.month)


def contract_index(scheme: Scheme, contract: proj.Contract | None, period: Period) -> int | None:
    """Which quarter (or half) of the contract year a period is: Chifeng's items differ by quarter.

    Counted from the contract start; beyond year one the same table repeats (the seed only gives year one).
    """
    if scheme.assessed_every not in ("quarter", "half"):
        return None
    size = 3 if scheme.assessed_every == "quarter" else 6
    per_year = 12 // size
    start = contract.start if contract else date(period.start.year, 1, 1)
    offset = max(0, months_between(start, period.start))
    return offset // size % per_year + 1


def resolve(
    ledger: Ledger,
    site: str,
    period_text: str,
    scheme_id: str | None = None,
    as_of: str | None = None,
    schemes_dir: Path | None = None,
) -> Target:
    """The scheme in force for a site and period (the contract's, unless `scheme_id` overrides)."""
    known = ledger.registered_sites()
    if site not in known:
        close = difflib.get_close_matches(site, sorted(known), n=1)
        if close:
            raise SchemeError(msg("site.unknown", site=site, hint=msg("site.did_you_mean", close=close[0])))
        raise SchemeError(msg("site.unknown_bare", site=site))
    deals = proj.contracts(ledger, site, as_of)
    contract: proj.Contract | None = None
    if period_text[:1] in ("Y", "C"):
        if not deals:
            raise SchemeError(
                msg("contract.relative", period=period_text, why=no_contract(ledger, site, as_of))
            )
        contract = deals[-1]
        period = Period.parse_relative(period_text, contract.start)
    else:
        period = Period.parse(period_text)
        in_force = [c for c in deals if c.in_force(period)]
        contract = in_force[-1] if in_force else (deals[-1] if deals else None)
    if scheme_id is None:
        if contract is None:
            raise SchemeError(no_contract(ledger, site, as_of))
        scheme_id = contract.scheme
    scheme = _scheme(scheme_id, schemes_dir)
    return Target(scheme, period, contract_index(scheme, contract, period), contract)


def no_contract(ledger: Ledger, site: str, as_of: str | None) -> Message:
    """Why a site has no contract to score under. As of a past instant, a contract (or the site itself) recorded
    later is named: the answer is a later --as-of, not a new contract."""
    if as_of is not None:
        later = [e for e in ledger.events(site=site, types=["site_registered", "contract_signed"])
                 if e.recorded_at > as_of]  # fmt: skip
        if later and later[0].type == "site_registered":
            return msg("contract.site_later", site=repr(site), as_of=as_of, at=later[0].recorded_at)
        contracts = [e for e in later if e.type == "contract_signed"]
        if contracts:
            first = contracts[0]
            return msg("contract.later", site=repr(site), as_of=as_of, seq=first.seq, scheme=first.payload["scheme"],
                       start=first.payload["start"], at=first.recorded_at)  # fmt: skip
    return msg("contract.none", site=site)


def indicator_values(
    ledger: Ledger, target: Target, site: str, as_of: str | None = None, assessed_on: date | None = None
) -> tuple[dict[str, IndicatorValue], proj.SiteFacts]:
    """Fold the site's facts for the target period (the pure reference path; no cache)."""
    log = list(ledger.events(site=site, as_of=as_of))
    return fold_log(target, log, assessed_on)


def fold_log(
    target: Target, log: list[Event], assessed_on: date | None = None
) -> tuple[dict[str, IndicatorValue], proj.SiteFacts]:
    """Indicator values and facts for a target period from a site's log (pure: events in, values out)."""
    until = horizon(target.scheme.indicators, target.period, assessed_on)
    facts = proj.facts_from_log(log, until, target.scheme.late_policy)
    values = proj.fold(target.scheme.indicators, facts, target.period, target.scheme.id, assessed_on,
                       calendar=target.scheme.work_calendar())  # fmt: skip
    return values, facts


def projection_key(target: Target, assessed_on: date | None) -> str:
    """The stored projection's period key: label, exact dates and the assessment date (durations read it)."""
    # The scheme file's hash is part of the key, so editing a scheme never serves values folded for the old one.
    return f"{target.period}|{target.period.start}|{target.period.end}|{assessed_on or ''}|{target.scheme.sha256[:16]}"


LATE = "__late__"
# The global seq of the head an entry was folded at (its site_seq and hash are the store's own columns): where the
# events it has not seen start, so it can be brought current from those events alone.
HEAD = "__head__"
# The accumulators the entry's values were read off (projections/accumulate/), with the bookkeeping of the
# current view they need: what lets new events update the entry without reading the site's log.
ACC = "__acc__"


_CTX: dict[tuple[str, Period, date | None], accumulate.Ctx] = {}


def _ctx(target: Target, assessed_on: date | None) -> accumulate.Ctx:
    """An entry's fixed inputs, worked out once per scheme file version, period and assessment date."""
    key = (target.scheme.sha256, target.period, assessed_on)
    if key not in _CTX:
        until = horizon(target.scheme.indicators, target.period, assessed_on)
        _CTX[key] = accumulate.Ctx(
            target.period, target.scheme.id, assessed_on or target.period.end, until.isoformat()
        )
    return _CTX[key]


def _to_store(
    target: Target,
    values: dict[str, IndicatorValue],
    facts: proj.SiteFacts,
    head: Head,
    state: accumulate.State,
) -> dict[str, IndicatorValue]:
    """The values to cache: the indicators, under LATE what the scorecard needs of late events, under HEAD where
    the entry was folded, under ACC its accumulators. Derived indicators (ratios, totals) are left out: each lists
    every event of its parts, and is worked out from them when the entry is read (`_served`)."""
    specs = target.scheme.indicators
    late = IndicatorValue(
        None,
        tuple(e.seq for e in facts.late),
        {"accepted": sorted(facts.accepted & {e.id for e in facts.late}), "changes": facts.changes},
    )
    return {
        **_underived(specs, values),
        LATE: late,
        HEAD: IndicatorValue(None, (head.seq,)),
        ACC: IndicatorValue(None, (), state.to_json()),
    }


def fold_entry(
    target: Target, log: list[Event], head: Head, assessed_on: date | None = None
) -> tuple[dict[str, IndicatorValue], proj.SiteFacts, dict[str, IndicatorValue]]:
    """A fold from the site's log (up to `head`), and the entry that stores it (values, late events, head and
    the accumulators built from the same facts)."""
    values, facts = fold_log(target, log, assessed_on)
    state = accumulate.build(target.scheme.indicators, facts.events, log, _ctx(target, assessed_on))
    return values, facts, _to_store(target, values, facts, head, state)


def _underived(specs: Mapping[str, Any], values: Mapping[str, IndicatorValue]) -> dict[str, IndicatorValue]:
    return {n: v for n, v in values.items() if n not in specs or not specs[n].derived}


def _served(
    target: Target, values: dict[str, IndicatorValue], assessed_on: date | None
) -> dict[str, IndicatorValue]:
    """A stored entry's values as a fold gives them: seqs as tuples, the derived indicators worked out."""
    out = cache.plain(values)
    if any(spec.derived for spec in target.scheme.indicators.values()):
        out = accumulate.derive(target.scheme.indicators, out, _ctx(target, assessed_on), assessed_on,
                                target.scheme.work_calendar())  # fmt: skip
    return out


Reader = Callable[[int], list[Event]]


def _reader(ledger: Ledger, site: str, head: Head) -> Reader:
    """The site's events after a global seq up to `head`, read once for every entry of the site (they were
    mostly folded at the same head)."""
    memo: list[tuple[int, list[Event]]] = []

    def read(after: int) -> list[Event]:
        if memo and memo[0][0] <= after:
            return [e for e in memo[0][1] if e.seq > after]
        events = list(ledger.events(site=site, after_seq=after, upto_seq=head.seq))
        memo[:] = [(after, events)]
        return events

    return read


def _stored(
    ledger: Ledger,
    target: Target,
    site: str,
    key: str,
    head: Head,
    assessed_on: date | None,
    read: Reader | None = None,
    save: list[CacheEntry] | None = None,
) -> dict[str, IndicatorValue] | None:
    """The stored entry's values brought to `head`: as stored when folded at exactly that head, else updated from
    the events after the entry's own head (`_advance`), and stored again (or added to `save`, for the caller to
    store in one write). None: fold afresh."""
    try:
        entry = ledger.store.cache_get(target.scheme.id, site, key)
    except LedgerError:
        return None  # a damaged cache page: the cache is not the record, fold afresh (as cache.get)
    if entry is None:
        return None
    if (entry.site_seq, entry.head_hash) == (head.site_seq, head.hash):
        values = cache.values_of(entry, lazy=save is not None)
        if values is None:
            return None
        if save is not None:
            return {}  # current already: `refresh` has nothing to do
        values.pop(ACC, None)
        return _served(target, values, assessed_on)
    if not 0 <= entry.site_seq < head.site_seq:
        return None
    if save is not None and _carried(ledger, target, site, key, entry, head, assessed_on, read, save):
        return {}  # carried forward as text: `refresh` does not read the values
    values = cache.values_of(entry, lazy=True)  # the seq lists stay text: appended to, not read
    mark = None if values is None else values.get(HEAD)
    if values is None or mark is None or len(mark.events) != 1:
        return None
    values = _underived(target.scheme.indicators, values)  # an entry stored before they were left out
    new = (read or _reader(ledger, site, head))(next(iter(mark.events)))
    # Exactly the events after the entry's head in this site's chain (a rewritten chain fails the hash test).
    if (len(new) != head.site_seq - entry.site_seq or new[0].site_seq != entry.site_seq + 1
            or new[0].prev_hash != entry.head_hash or new[-1].hash != head.hash):  # fmt: skip
        return None
    ctx = _ctx(target, assessed_on)
    if proj.beyond(new, date.fromisoformat(ctx.until)):
        values[HEAD] = IndicatorValue(None, (head.seq,))  # nothing new can count: carried forward as it was
    else:
        updated = _advance(ledger, target, site, head, values, new, ctx, assessed_on)
        if updated is None:
            return None
        values = updated
    if save is not None:
        save.append(CacheEntry(target.scheme.id, site, key, head.site_seq, head.hash, cache.encode(values)))
        return {}  # `refresh` reads nothing back: the seq lists are not made tuples, nor the derived worked out
    cache.put(ledger.store, target.scheme.id, site, key, head, values)
    values.pop(ACC, None)
    return _served(target, values, assessed_on)


# How `cache.encode` writes HEAD (sort_keys, default separators, one seq as SeqText "1:SEQ:SEQ"): found exactly once,
# an entry can be re-stamped at a new head without decoding it, giving the very text encoding it again would.
_HEAD_TEXT = re.compile(r'"__head__": \[null, "1:(\d+):(\d+)", \{\}\]')
_HEAD_KEY = '"__head__": '


def _head_text(data: str) -> re.Match[str] | None:
    """HEAD in an entry's text, when it is there exactly once. Found with `str.find` and matched where it is:
    a regular expression searching the whole text cost more than anything else in carrying a past entry
    forward (Wujiang's entries are hundreds of kilobytes at a million events)."""
    at = data.find(_HEAD_KEY)
    if at < 0 or data.find(_HEAD_KEY, at + 1) >= 0:
        return None
    return _HEAD_TEXT.match(data, at)


def _carried(
    ledger: Ledger,
    target: Target,
    site: str,
    key: str,
    entry: CacheEntry,
    head: Head,
    assessed_on: date | None,
    read: Reader | None,
    save: list[CacheEntry],
) -> bool:
    """Carry an entry forward when none of the site's new events can count in it (`facts.beyond`), re-stamping
    its HEAD in the stored text: most of a refresh's entries (past periods) cost no decode and no encode."""
    found = _head_text(entry.data)
    if found is None or found.group(1) != found.group(2):
        return False
    new = (read or _reader(ledger, site, head))(int(found.group(1)))
    if (len(new) != head.site_seq - entry.site_seq or new[0].site_seq != entry.site_seq + 1
            or new[0].prev_hash != entry.head_hash or new[-1].hash != head.hash):  # fmt: skip
        return False
    if not proj.beyond(new, date.fromisoformat(_ctx(target, assessed_on).until)):
        return False
    at = found.span(1)[0], found.span(2)[1]
    data = entry.data[: at[0]] + f"{head.seq}:{head.seq}" + entry.data[at[1] :]
    save.append(CacheEntry(target.scheme.id, site, key, head.site_seq, head.hash, data))
    return True


def _advance(
    ledger: Ledger,
    target: Target,
    site: str,
    head: Head,
    values: dict[str, IndicatorValue],
    new: list[Event],
    ctx: accumulate.Ctx,
    assessed_on: date | None,
) -> dict[str, IndicatorValue] | None:
    """An entry updated by the site's new events through its accumulators; indicators that cannot be adjusted
    are recomputed from the site's events of their own types (plus what decides the current view). None when
    the entry has no accumulators or the new events need the late split: fold afresh."""
    acc = values.get(ACC)
    state = None if acc is None else accumulate.State.from_json(acc.detail)
    if state is None:
        return None
    specs = target.scheme.indicators
    by_id = {e.id: e for e in new}
    by_seq = {e.seq: e for e in new}

    def lookup(event_id: str) -> Event | None:
        return by_id.get(event_id) or ledger.get_by_id(event_id, site)

    def get(seq: int) -> Event | None:
        return by_seq.get(seq) or ledger.store.get(seq)

    def typed_log(types: list[str]) -> list[Event]:
        return list(ledger.events(site=site, types=types, upto_seq=head.seq))

    out = accumulate.update(specs, values, state, new, ctx, lookup=lookup, get=get, typed_log=typed_log,
                            policy=target.scheme.late_policy, assessed_on=assessed_on,
                            calendar=target.scheme.work_calendar(), derived=False)  # fmt: skip
    if out is None:
        return None
    return {**out, LATE: values[LATE], HEAD: IndicatorValue(None, (head.seq,)),
            ACC: IndicatorValue(None, (), state.to_json())}  # fmt: skip


def current_values(
    ledger: Ledger, target: Target, site: str, assessed_on: date | None, schemes_dir: Path | None = None
) -> tuple[dict[str, IndicatorValue], proj.SiteFacts]:
    """Indicator values at the site's current head: from the cache when they hold there (folded at that head, or
    brought to it from the events since), else folded afresh (and cached, when the ledger can be written now)."""
    head = ledger.site_head(site)
    key = projection_key(target, assessed_on)
    values = _stored(ledger, target, site, key, head, assessed_on)
    if values is None:
        log = list(ledger.events(site=site, upto_seq=head.seq))
        fresh, facts, stored = fold_entry(target, log, head, assessed_on)
        cache.put(ledger.store, target.scheme.id, site, key, head, stored)
        return fresh, facts
    values.pop(HEAD, None)
    late = values.pop(LATE, IndicatorValue(None))
    late_events = [ledger.get(seq) for seq in late.events]
    accepted = frozenset(late.detail.get("accepted", ()))
    return values, proj.SiteFacts([], late_events, accepted, dict(late.detail.get("changes", {})))


def replay_keys(ledger: Ledger, schemes_dir: Path | None = None) -> list[tuple[str, str, Target]]:
    """Every assessment period of every contract, from its start to its end or the last event."""
    last = ledger.store.last_occurred_on()
    if last is None:
        return []
    keys: list[tuple[str, str, Target]] = []
    paths = scheme_paths(schemes_dir)
    loaded: dict[str, Scheme] = {}  # each scheme file looked at once, not once per contract
    # Every site's contracts from one read of the contract, correction and retraction events, not one read per
    # site: the same events, in the same order per site, without a hundred queries (issue 15).
    logs: dict[str, list[Event]] = {site: [] for site in ledger.registered_sites()}
    for e in ledger.events(types=["contract_signed", "correction", "retraction"]):
        if e.site in logs:
            logs[e.site].append(e)
    for site, log in logs.items():
        for c in proj.contracts_from(log):
            scheme = loaded.get(c.scheme) or loaded.setdefault(
                c.scheme, _scheme(c.scheme, schemes_dir, paths)
            )
            stop = min(c.end or date.fromisoformat(last), date.fromisoformat(last))
            period = period_of(scheme.assessed_every, c.start)
            while period.start <= stop:
                target = Target(scheme, period, None, c)
                keys.append((site, projection_key(target, None), target))
                period = period.next()
    return keys


def refresh(ledger: Ledger, schemes_dir: Path | None = None) -> int:
    """Bring every assessment period's cached entry to its site's head; returns how many had to be folded.

    An entry is brought current from the site's new events alone (see `_stored`); the others of a site (no
    accumulators yet, or events the late split must judge) are folded from one read of its log, as `replay`
    does."""
    folded = 0
    by_site: dict[str, list[tuple[str, Target]]] = {}
    for site, key, target in replay_keys(ledger, schemes_dir):
        by_site.setdefault(site, []).append((key, target))
    save: list[CacheEntry] = []  # written in one transaction at the end: one commit, not one per entry
    for site, entries in by_site.items():
        head = ledger.site_head(site)
        read = _reader(ledger, site, head)
        log: list[Event] | None = None
        for key, target in entries:
            if _stored(ledger, target, site, key, head, None, read, save) is not None:
                continue
            if log is None:
                log = list(ledger.events(site=site, upto_seq=head.seq))
            _, _, stored = fold_entry(target, log, head)
            save.append(
                CacheEntry(target.scheme.id, site, key, head.site_seq, head.hash, cache.encode(stored))
            )
            folded += 1
    if save:
        ledger.store.cache_put(save)
    return folded


def replay(
    ledger: Ledger, schemes_dir: Path | None = None, progress: Callable[[int, int], None] | None = None
) -> int:
    """Fold every assessment period of every contract afresh and store it (`opsledger replay`)."""
    keys = replay_keys(ledger, schemes_dir)
    ledger.store.cache_clear()
    total = len(keys)
    by_site: dict[str, list[tuple[str, Target]]] = {}
    for site, key, target in keys:
        by_site.setdefault(site, []).append((key, target))
    done = 0
    for site, entries in sorted(by_site.items()):
        head = ledger.site_head(site)
        log = list(
            ledger.events(site=site, upto_seq=head.seq)
        )  # one read per site, every period folds from it
        for key, target in entries:
            _, _, stored = fold_entry(target, log, head)
            cache.put(ledger.store, target.scheme.id, site, key, head, stored)
            done += 1
            if progress:
                progress(done, total)
    return total


def cohort_sites(ledger: Ledger, scheme_id: str, period: Period, as_of: str | None = None) -> list[str]:
    """Every site whose contract in force for the period is under this scheme (Wujiang scores them together)."""
    out = []
    for site in ledger.registered_sites():
        for c in proj.contracts(ledger, site, as_of):
            if c.scheme == scheme_id and c.in_force(period):
                out.append(site)
                break
    return sorted(out)


def score_site(
    ledger: Ledger,
    site: str,
    period_text: str,
    *,
    scheme_id: str | None = None,
    as_of: str | None = None,
    schemes_dir: Path | None = None,
    assessed_on: date | None = None,
) -> Scorecard:
    """Score one site for one period, as recorded by `as_of` (None: now)."""
    as_of = proj.as_of_text(as_of)
    target = resolve(ledger, site, period_text, scheme_id, as_of, schemes_dir)
    parts = longer_period(target)
    if parts:  # the year of a quarterly scheme: each quarter on its own table, added up (issue 11 §5)
        cards = [score_site(ledger, site, str(p), scheme_id=target.scheme.id, as_of=as_of, schemes_dir=schemes_dir,
                            assessed_on=assessed_on) for p in parts]  # fmt: skip
        whole = sum_of_periods(target.scheme, site, str(target.period), cards)
        contract = target.contract
        price = None if contract is None else (lambda c: money_for(target.scheme, c, contract, target.period))
        return finish(whole, late=[e for c in cards for e in c.late], price=price)
    if target.scheme.cohort:
        cards = score_cohort(ledger, target.scheme.id, period_text, as_of=as_of, schemes_dir=schemes_dir,
                             assessed_on=assessed_on, _target=target)  # fmt: skip
        for card in cards:
            if card.site == site:
                return card
        raise SchemeError(msg("cohort.not_in", site=repr(site), scheme=target.scheme.id, period=period_text))
    values, facts = _values(ledger, target, site, as_of, assessed_on, schemes_dir)
    card = score(target.scheme, site, str(target.period), values, index=target.index)
    return _annotate(card, facts, target)


def longer_period(target: Target) -> list[Period] | None:
    """The assessed periods a longer period is made of, when the scheme adds them up; a SchemeError naming them
    when it does not (scoring a quarterly scheme's Q1 table over a whole year would be wrong, silently)."""
    if target.scheme.cohort:
        return None
    parts = tiles(target.period, target.scheme.assessed_every)
    if not parts:
        return None
    if target.scheme.longer_periods == "refuse":
        named = ", ".join(str(p) for p in parts)
        words = {"month": "月", "quarter": "季度", "half": "半年", "year": "年", "week": "周", "span": "时段"}
        every, kind = target.scheme.assessed_every, target.period.kind
        raise SchemeError(msg("period.longer", scheme=target.scheme.id, every=Both(words.get(every, every), every),
                              kind=Both(words.get(kind, kind), kind), named=named))  # fmt: skip
    return parts


def score_cohort(
    ledger: Ledger,
    scheme_id: str,
    period_text: str,
    *,
    as_of: str | None = None,
    schemes_dir: Path | None = None,
    assessed_on: date | None = None,
    _target: Target | None = None,
) -> list[Scorecard]:
    """Score every unit under a cohort scheme together, ranked by total (best first)."""
    scheme = _target.scheme if _target else _scheme(scheme_id, schemes_dir)
    period = _target.period if _target else Period.parse(period_text)
    sites = cohort_sites(ledger, scheme.id, period, as_of)
    if not sites:
        raise SchemeError(msg("cohort.empty", scheme=scheme.id, period=period))
    target = Target(scheme, period, None, None)
    values: dict[str, dict[str, IndicatorValue]] = {}
    facts: dict[str, proj.SiteFacts] = {}
    for site in sites:
        values[site], facts[site] = _values(ledger, target, site, as_of, assessed_on, schemes_dir)
    cards = [score(scheme, s, str(period), values[s], cohort=values) for s in sites]
    placed = standings(scheme, cards, values)
    out = []
    for card in sorted(cards, key=lambda c: (placed[c.site].rank or 0, c.site)):
        # each unit's own contract, so the money lines say what its grade means
        deals = [c for c in proj.contracts(ledger, card.site, as_of)
                 if c.scheme == scheme.id and c.in_force(period)]  # fmt: skip
        target_ = Target(scheme, period, None, deals[-1] if deals else None)
        out.append(_annotate(card, facts[card.site], target_, placed[card.site]))
    return out


def _values(
    ledger: Ledger,
    target: Target,
    site: str,
    as_of: str | None,
    assessed_on: date | None,
    schemes_dir: Path | None,
) -> tuple[dict[str, IndicatorValue], proj.SiteFacts]:
    """Now: the stored projection (kept current incrementally); as of a past instant: a fresh fold."""
    if as_of is None:
        return current_values(ledger, target, site, assessed_on, schemes_dir)
    return indicator_values(ledger, target, site, as_of, assessed_on)


def late_status(event_id: str, facts: proj.SiteFacts, policy: str) -> str:
    """How a late event stands: itself recorded after the close, or a correction/retraction of it recorded after."""
    kind = facts.changes.get(event_id)
    if kind is None:
        if event_id in facts.accepted:
            return "accepted"
        return "counted (scheme policy)" if policy == "include" else "late, pending review"
    if event_id in facts.accepted:
        return f"{kind} recorded after the close: accepted"
    if policy == "include":
        return f"{kind} recorded after the close: applied (scheme policy)"
    return f"{kind} recorded after the close, pending review (counted as it stood at the close)"


def _annotate(
    card: Scorecard, facts: proj.SiteFacts, target: Target, standing: Standing | None = None
) -> Scorecard:
    """The frozen scorecard with its standing, late events and money (engine.finish combines them)."""
    late = [
        {"seq": e.seq, "type": e.type, "occurred_at": e.occurred_at, "recorded_at": e.recorded_at,
         "status": late_status(e.id, facts, target.scheme.late_policy)}
        for e in facts.late
        if target.period.contains(e.occurred_on)
    ]  # fmt: skip
    contract = target.contract
    price = None if contract is None else (lambda c: money_for(target.scheme, c, contract, target.period))
    return finish(card, standing=standing, late=late, price=price)
