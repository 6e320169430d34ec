"""The scoring service: find a site's contract and scheme, fold its events, score. I/O lives here, not in rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ledger.store import Ledger
from projections import store as proj
from projections.indicators import IndicatorValue, horizon
from projections.periods import Period
from schemes.cohort import rank_cohort
from schemes.engine import Scorecard, score
from schemes.model import Scheme, SchemeError, get_scheme
from schemes.payout import money_for


@dataclass(frozen=True)
class Target:
    """What is being scored: the scheme, the period and, where items vary by quarter, its contract index."""

    scheme: Scheme
    period: Period
    index: int | None
    contract: proj.Contract | None


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
        import difflib

        close = difflib.get_close_matches(site, sorted(known), n=1)
        raise SchemeError(f"unknown site {site!r}" + (f": did you mean {close[0]!r}?" if close else ""))
    deals = proj.contracts(ledger, site, as_of)
    contract: proj.Contract | None = None
    if period_text[:1] in ("Y", "C"):
        if not deals:
            raise SchemeError(f"{period_text} counts from a contract start, and site {site!r} has no contract")
        contract = deals[-1]
        period = Period.parse_relative(period_text, contract.start)
    else:
        period = Period.parse(period_text)
        in_force = [c for c in deals if c.covers(period.end) or c.covers(period.start)]
        contract = in_force[-1] if in_force else (deals[-1] if deals else None)
    if scheme_id is None:
        if contract is None:
            raise SchemeError(
                f"site {site!r} has no contract: run `opsledger contract add {site} --scheme ID --start DATE --fee YUAN` "
                "or pass --scheme"
            )
        scheme_id = contract.scheme
    scheme = get_scheme(scheme_id, schemes_dir)
    return Target(scheme, period, contract_index(scheme, contract, period), contract)


def indicator_values(
    ledger: Ledger, target: Target, site: str, as_of: str | None = None, assessed_on: date | None = None
) -> tuple[dict[str, IndicatorValue], proj.SiteFacts]:
    """Fold the site's facts for the target period (the pure reference path; no cache)."""
    until = horizon(target.scheme.indicators, target.period, assessed_on)
    facts = proj.site_facts(ledger, site, until, as_of, target.scheme.late_policy)
    return proj.fold(target.scheme.indicators, facts, target.period, target.scheme.id, assessed_on), facts


def cohort_sites(ledger: Ledger, scheme_id: str, period: Period, as_of: str | None = None) -> list[str]:
    """Every site whose contract in force for the period is under this scheme (Wujiang scores them together)."""
    out = []
    for site in ledger.registered_sites():
        for c in proj.contracts(ledger, site, as_of):
            if c.scheme == scheme_id and (c.covers(period.start) or c.covers(period.end)):
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
    if target.scheme.cohort:
        cards = score_cohort(ledger, target.scheme.id, period_text, as_of=as_of, schemes_dir=schemes_dir,
                             assessed_on=assessed_on, _target=target)  # fmt: skip
        for card in cards:
            if card.site == site:
                return card
        raise SchemeError(f"site {site!r} is not in the {target.scheme.id} cohort for {period_text}")
    values, facts = indicator_values(ledger, target, site, as_of, assessed_on)
    card = score(target.scheme, site, str(target.period), values, index=target.index)
    _annotate(card, facts, target)
    return card


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
    scheme = _target.scheme if _target else get_scheme(scheme_id, schemes_dir)
    period = _target.period if _target else Period.parse(period_text)
    sites = cohort_sites(ledger, scheme.id, period, as_of)
    if not sites:
        raise SchemeError(f"no site has a {scheme.id} contract covering {period}")
    target = Target(scheme, period, None, None)
    values: dict[str, dict[str, IndicatorValue]] = {}
    facts: dict[str, proj.SiteFacts] = {}
    for site in sites:
        values[site], facts[site] = indicator_values(ledger, target, site, as_of, assessed_on)
    cards = [score(scheme, s, str(period), values[s], cohort=values) for s in sites]
    cards = rank_cohort(scheme, cards, values)
    for card in cards:
        _annotate(card, facts[card.site], target)
    return cards


def _annotate(card: Scorecard, facts: proj.SiteFacts, target: Target) -> None:
    card.late = [
        {"seq": e.seq, "type": e.type, "occurred_at": e.occurred_at, "recorded_at": e.recorded_at,
         "status": "accepted" if e.id in facts.accepted else
         ("counted (scheme policy)" if target.scheme.late_policy == "include" else "late, pending review")}
        for e in facts.late
        if target.period.contains(e.occurred_on)
    ]  # fmt: skip
    if target.contract is not None:
        card.money = money_for(target.scheme, card, target.contract, target.period)
