"""Library-level measurements, each run in a fresh process by bench/run.py (so its peak RSS is its own).

    python bench/lib.py check DB [--limit N]         # fast path == reference fold, for every projection entry
    python bench/lib.py score DB SITE PERIOD [--repeat K]
    python bench/lib.py score-year DB YEAR           # every site for a year (every assessment period in it)
    python bench/lib.py refresh-all DB               # every touched site's stored entries brought to the head
    python bench/lib.py verify-site DB SITE          # one site's chain (Ledger.verify(sites=[SITE])), as a
                                                     # one-site bundle checks it before exporting
    python bench/lib.py overview DB DAY              # the buyer's all-sites overview page's library call

Each prints one JSON line. Times are taken around the library calls only (imports excluded, stated so in
RESULTS.md); the CLI figures next to them in the report are whole-process wall times.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ledger.ledger import Ledger  # noqa: E402
from schemes import service, stored  # noqa: E402
from schemes.model import get_scheme  # noqa: E402


def _norm(values: dict) -> dict:
    """An indicator value as the stored projection can hold it: value, event seqs, detail as JSON."""
    out = {}
    for name, v in values.items():
        if name == service.LATE:
            continue
        detail = json.loads(json.dumps(v.detail, ensure_ascii=False, default=str, sort_keys=True))
        out[name] = (
            None if v.value is None else str(v.value),
            tuple(v.events),
            json.dumps(detail, sort_keys=True),
        )
    return out


def check(db: str, limit: int | None) -> dict:
    """For every (scheme, site, period) a replay stores: current_values (the stored projection, refreshed)
    and indicator_values (the pure reference fold) must give identical indicator values, and the stored entry
    must be served as it stands (`unserved`: entries current_values had to fold afresh, whose values agree with
    the fold whatever the cache held)."""
    ledger = Ledger(db)
    keys = service.replay_keys(ledger)
    if limit:
        step = max(1, len(keys) // limit)
        keys = keys[::step][:limit]
    mismatches = []
    unserved = []
    t0 = time.perf_counter()
    for site, _key, target in keys:
        scheme_id = target.scheme.id
        label = str(target.period)
        if not stored.served(ledger, target, site):
            unserved.append({"scheme": scheme_id, "site": site, "period": label})
        fast, fast_facts = service.current_values(ledger, target, site, None)
        ref, ref_facts = service.indicator_values(ledger, target, site, None, None)
        a, b = _norm(fast), _norm(ref)
        late_a = sorted(e.seq for e in fast_facts.late)
        late_b = sorted(e.seq for e in ref_facts.late)
        if a != b or late_a != late_b:
            names = sorted(n for n in set(a) | set(b) if a.get(n) != b.get(n))
            mismatches.append({"scheme": scheme_id, "site": site, "period": label, "indicators": names[:5],
                               "late": late_a != late_b})  # fmt: skip
    return {
        "mode": "check",
        "entries": len(keys),
        "mismatches": mismatches,
        "unserved": unserved,
        "seconds": time.perf_counter() - t0,
    }


def score(db: str, site: str, period: str, repeat: int) -> dict:
    ledger = Ledger(db)
    times = []
    total = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        card = service.score_site(ledger, site, period)
        times.append(time.perf_counter() - t0)
        total = str(card.total)
    return {"mode": "score", "site": site, "period": period, "times": times, "total": total}


def year_periods(scheme, year: int) -> list[str]:
    if scheme.assessed_every == "quarter":
        return [f"{year}-Q{q}" for q in range(1, 5)]
    if scheme.assessed_every == "half":
        return [f"{year}-H1", f"{year}-H2"]
    return [str(year)]


def score_year(db: str, year: int) -> dict:
    """Every site scored for every assessment period of the year; a cohort scheme is scored once, together."""
    ledger = Ledger(db)
    t0 = time.perf_counter()
    cards = 0
    cohorts_done = set()
    schemes: dict = {}
    for site in sorted(ledger.registered_sites()):
        deals = service.proj.contracts(ledger, site)
        if not deals:
            continue
        scheme = schemes.get(deals[-1].scheme) or schemes.setdefault(
            deals[-1].scheme, get_scheme(deals[-1].scheme)
        )
        if scheme.cohort:
            if scheme.id not in cohorts_done:
                cohorts_done.add(scheme.id)
                cards += len(service.score_cohort(ledger, scheme.id, str(year)))
            continue
        for period in year_periods(scheme, year):
            service.score_site(ledger, site, period)
            cards += 1
    return {"mode": "score-year", "year": year, "cards": cards, "seconds": time.perf_counter() - t0}


def refresh_all(db: str) -> dict:
    """Bring every site's stored entries to the head (what scoring every site would do, without the scoring)."""
    ledger = Ledger(db)
    t0 = time.perf_counter()
    n = service.refresh(ledger)
    return {"mode": "refresh-all", "entries": n, "seconds": time.perf_counter() - t0}


def verify_site(db: str, site: str) -> dict:
    """One site's chain recomputed and its signatures checked: what `opsledger bundle --site` runs first."""
    ledger = Ledger(db)
    t0 = time.perf_counter()
    status = ledger.verify(sites=[site])
    return {"mode": "verify-site", "site": site, "events": status.count, "seconds": time.perf_counter() - t0}


def overview(db: str, day: str) -> dict:
    """The buyer's overview (web/pages/overview.py): every site's latest period scored with its trend over the
    three before it, and the cohort ranked; the buyer sees every site. Cold: projections as the ledger holds
    them, in a new process, as the page's first request after a restart finds them."""
    from web.services import Services

    services = Services(db)
    t0 = time.perf_counter()
    sites = sorted(services.sites())
    rows, cohort, _ = services.overview(date.fromisoformat(day), sites)
    seconds = time.perf_counter() - t0
    totals = {r["site"]: [r.get("period"), str(r["card"].total) if r.get("card") else None] for r in rows}
    return {
        "mode": "overview",
        "sites": len(rows),
        "cohort": len(cohort),
        "totals": totals,
        "seconds": seconds,
    }


def main(argv: list[str]) -> None:
    mode = argv[0]
    if mode == "refresh-all":
        out = refresh_all(argv[1])
    elif mode == "verify-site":
        out = verify_site(argv[1], argv[2])
    elif mode == "overview":
        out = overview(argv[1], argv[2])
    elif mode == "check":
        limit = int(argv[argv.index("--limit") + 1]) if "--limit" in argv else None
        out = check(argv[1], limit)
    elif mode == "score":
        repeat = int(argv[argv.index("--repeat") + 1]) if "--repeat" in argv else 1
        out = score(argv[1], argv[2], argv[3], repeat)
    elif mode == "score-year":
        out = score_year(argv[1], int(argv[2]))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
    _ = date
