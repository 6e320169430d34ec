"""Scoring from a chosen part of the log: up to a sequence number, or as recorded by an instant.

Everything the auditor's commands show is computed from the log. Two bounds are used, and they are not the same
thing:

* **as of an instant** (`score --as-of`, `diff --from/--to`): the events whose `recorded_at` is at or before it,
  with corrections and retractions as recorded by then.
* **as of a sequence number** (sign-offs): the events with `seq <= head_seq`. A sign-off signs the ledger head
  it read (head_seq and its hash), and its `as_of` is that head event's `recorded_at`. `recorded_at` is taken
  under the write lock, so the two bounds select the same events, except that several events can share one
  instant (one import is one instant); the sequence number is the exact one, so audits use it.

Scoring "as of seq N" or "one event at a time" scores an in-memory ledger (`Ledger.of`) holding the chosen
events with their original sequence numbers, times and hashes, by the ordinary service.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ledger import limits
from ledger.ledger import Ledger
from projections import facts as proj
from projections.periods import Period, PeriodError, period_of
from schemes import service
from schemes.engine import Scorecard, score
from schemes.model import get_scheme

FAR_FUTURE = limits.DATE_MAX.isoformat()  # "as of" after every event (all are within the ledger's dates)


def _score(
    ledger: Ledger, site: str, period: str, scheme_id: str | None, schemes_dir: Path | None
) -> Scorecard:
    """A fresh fold of everything in the (replica) ledger."""
    return service.score_site(
        ledger, site, period, scheme_id=scheme_id, as_of=FAR_FUTURE, schemes_dir=schemes_dir
    )


def _score_target(
    ledger: Ledger,
    target: service.Target,
    site: str,
    period: str,
    scheme_id: str | None,
    schemes_dir: Path | None,
) -> Scorecard:
    """`_score` with the scheme already resolved (walk scores many times; re-reading the TOML each time is slow).

    The same steps as `service.score_site` for a non-cohort scheme with an as-of; cohorts take the full path.
    """
    if target.scheme.cohort:
        return _score(ledger, site, period, scheme_id, schemes_dir)
    values, facts = service.indicator_values(ledger, target, site, proj.as_of_text(FAR_FUTURE), None)
    card = score(target.scheme, site, str(target.period), values, index=target.index)
    return service.annotate(card, facts, target)


def scope_sites(
    ledger: Ledger, site: str, period_text: str, scheme_id: str | None = None, schemes_dir: Path | None = None
) -> list[str]:
    """The sites whose events a site's score reads: itself, or every unit of a cohort scheme (ranked together)."""
    target = service.resolve(ledger, site, period_text, scheme_id, None, schemes_dir)
    if not target.scheme.cohort:
        return [site]
    return sorted({site, *service.cohort_sites(ledger, target.scheme.id, target.period)})


def score_upto(
    ledger: Ledger, site: str, period_text: str, upto_seq: int, *, scheme_id: str | None = None,
    schemes_dir: Path | None = None,
) -> Scorecard:  # fmt: skip
    """The scorecard from exactly the events with seq <= upto_seq."""
    sites = scope_sites(ledger, site, period_text, scheme_id, schemes_dir)
    replica = Ledger.of(ledger.events(sites=sites, upto_seq=upto_seq))
    return _score(replica, site, period_text, scheme_id, schemes_dir)


def period_label(ledger: Ledger, site: str, period_text: str, scheme_id: str | None = None) -> str:
    """The period as the ledger writes it ('2026-q2' -> '2026-Q2'; contract-relative forms kept)."""
    return str(service.resolve(ledger, site, period_text, scheme_id).period)


def _same_period(a: str, b: str) -> bool:
    try:
        return str(Period.parse(a)) == str(Period.parse(b))
    except PeriodError:
        return a == b


def known_site(ledger: Ledger, site: str) -> None:
    ledger.known_site(site)


def assessment_periods(
    ledger: Ledger, as_of: str | None = None, schemes_dir: Path | None = None
) -> Iterator[tuple[str, str, Period]]:
    """(site, scheme, period) for every assessment period of every contract, as recorded by `as_of`."""
    text = ledger.store.last_occurred_on(as_of)
    if text is None:
        return
    last = date.fromisoformat(text)
    for site in sorted(ledger.registered_sites()):
        for deal in proj.contracts(ledger, site, as_of):
            scheme = get_scheme(deal.scheme, schemes_dir)
            stop = min(deal.end or last, last)
            period = period_of(scheme.assessed_every, deal.start)
            while period.start <= stop:
                yield site, deal.scheme, period
                period = period.next()


def replay_as_of(ledger: Ledger, as_of: str, schemes_dir: Path | None = None) -> list[Scorecard]:
    """Every assessment period's scorecard, folded from the log as recorded by `as_of` (nothing stored)."""
    at = proj.as_of_text(as_of)
    registered = {e.site for e in ledger.events(types=["site_registered"], as_of=at)}
    return [
        service.score_site(ledger, site, str(period), scheme_id=scheme_id, as_of=at, schemes_dir=schemes_dir)
        for site, scheme_id, period in assessment_periods(ledger, at, schemes_dir)
        if site in registered
    ]
