"""What is being scored: a site's contract and the scheme in force for a period, and the pure fold of its log for
that period (the reference the stored projection is checked against). No scoring here (schemes/service.py) and
no stored entries (schemes/stored.py)."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

from ledger.envelope import Event
from ledger.ledger import Ledger
from ledger.messages import Message, msg
from ledger.record import Record
from projections import facts as proj
from projections.indicators import IndicatorValue, reach
from projections.periods import Period
from schemes.model import Scheme, SchemeError, get_scheme, scheme_paths


class Target(Record):
    """What is being scored: the scheme, the period and, where items vary by quarter, its contract index."""

    scheme: Scheme
    period: Period
    index: int | None
    contract: proj.Contract | None


_LOADED: dict[tuple[str, int, int], Scheme] = {}


def load_scheme(
    scheme_id: str, schemes_dir: Path | None = None, paths: dict[str, Path] | None = None
) -> Scheme:
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


def check_site(ledger: Ledger, site: str) -> None:
    """A SchemeError naming the closest registered site when `site` is not one."""
    if ledger.is_registered(site):
        return
    known = ledger.registered_sites()
    if site not in known:
        close = difflib.get_close_matches(site, sorted(known), n=1)
        if close:
            raise SchemeError(msg("site.unknown", site=site, hint=msg("site.did_you_mean", close=close[0])))
        raise SchemeError(msg("site.unknown_bare", site=site))


def resolve(
    ledger: Ledger,
    site: str,
    period_text: str,
    scheme_id: str | None = None,
    as_of: str | None = None,
    schemes_dir: Path | None = None,
) -> Target:
    """The scheme in force for a site and period (the contract's, unless `scheme_id` overrides)."""
    check_site(ledger, site)
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
    scheme = load_scheme(scheme_id, schemes_dir)
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
    # Each event type up to its own horizon: an event no indicator can count is left out of the facts.
    facts = proj.facts_from_log(log, reach(target.scheme.indicators, target.period, assessed_on),
                                target.scheme.late_policy)  # fmt: skip
    values = proj.fold(target.scheme.indicators, facts, target.period, target.scheme.id, assessed_on,
                       calendar=target.scheme.work_calendar())  # fmt: skip
    return values, facts


def projection_key(target: Target, assessed_on: date | None) -> str:
    """The stored projection's period key: label, exact dates and the assessment date (durations read it)."""
    # The scheme file's hash is part of the key, so editing a scheme never serves values folded for the old one.
    return f"{target.period}|{target.period.start}|{target.period.end}|{assessed_on or ''}|{target.scheme.sha256[:16]}"
