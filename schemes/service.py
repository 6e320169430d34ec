"""Scoring: a site's scorecard for a period (a longer period added up from its assessed ones, a cohort scheme's
units ranked together), with its late events and money. The values come from the stored projection
(schemes/stored.py) now, or a fresh fold as of a past instant (schemes/targets.py); rules and money are pure
(schemes/engine.py, schemes/money/). The names the faces call on the other two are re-exported here."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ledger.ledger import Ledger
from ledger.messages import Both, msg
from projections import facts as proj
from projections.indicators import IndicatorValue
from projections.periods import Period, tiles
from schemes.cohort import standings
from schemes.engine import Scorecard, Standing, finish, score, sum_of_periods
from schemes.model import SchemeError
from schemes.money.card import money_for
from schemes.stored import ACC, LATE, current_values, fold_entry, refresh, replay, replay_keys
from schemes.targets import (
    Target,
    contract_index,
    fold_log,
    indicator_values,
    load_scheme,
    no_contract,
    projection_key,
    resolve,
)

__all__ = [
    "ACC",
    "LATE",
    "Target",
    "cohort_sites",
    "contract_index",
    "current_values",
    "fold_entry",
    "fold_log",
    "indicator_values",
    "late_status",
    "annotate",
    "load_scheme",
    "longer_period",
    "no_contract",
    "projection_key",
    "refresh",
    "replay",
    "replay_keys",
    "resolve",
    "score_cohort",
    "score_site",
]


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
    return annotate(card, facts, target)


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
    scheme = _target.scheme if _target else load_scheme(scheme_id, schemes_dir)
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
        out.append(annotate(card, facts[card.site], target_, placed[card.site]))
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


def annotate(
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
