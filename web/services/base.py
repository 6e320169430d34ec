"""What every part of the web app's door into the library shares: the ledger per worker thread, the sites,
their schemes and periods, and the small shapes and helpers the pages use."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ledger.envelope import Event, now
from ledger.errors import LedgerError
from ledger.events import ASSESSOR_ONLY_TYPES, CATALOG, META_TYPES
from ledger.ledger import Ledger
from ledger.messages import Both, msg

# Types an operator records on the Log page: facts, not the ledger's own bookkeeping or assessors' acts.
ADMIN_TYPES = frozenset(
    {"site_registered", "contract_signed", "actor_role_granted", "assessor_key_registered"}
)
OPERATOR_TYPES = tuple(t for t in CATALOG if t not in ADMIN_TYPES | ASSESSOR_ONLY_TYPES | META_TYPES)
# A form's key becomes the event id through this namespace: a second submit of the same form is the same event.
FORM_NAMESPACE = uuid.UUID("0b6f1e0c-5a52-4c55-9d0e-7f3c2a1b9e44")


def type_name(event_type: str) -> Both | str:
    """An event type as a refusal names it: its Chinese label in Chinese, its wire name in English."""
    model = CATALOG.get(event_type)
    return Both(model.label_zh or event_type, event_type) if model is not None else event_type


def today() -> date:
    return now().date()


@dataclass
class TodayEvent:
    event: Event  # as it stands now (corrections applied)
    retracted: bool
    corrected: bool
    evidence: list[str] = field(default_factory=list)


@dataclass
class Preview:
    """What committing a register would do: counts by kind, and the rows behind them."""

    token: str
    file_name: str
    rows: int = 0
    new: list[tuple[int, Any]] = field(default_factory=list)  # (row number, Draft)
    duplicates: list[tuple[int, Any]] = field(default_factory=list)
    corrections: list[tuple[int, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # sheet / row / column precise messages


class Base:
    """The ledger as the pages need it, for one ledger file (one Ledger per worker thread)."""

    def __init__(self, db_path: str | Path, *, mappings_dir: str | Path | None = None) -> None:
        self.target = str(db_path)  # a SQLite file or a store URL (postgresql://...)
        self.mappings_dir = Path(mappings_dir) if mappings_dir else None
        self._local = threading.local()
        Ledger(self.target).close()  # fail at start, with the one-line message, if there is no ledger

    def ledger(self) -> Ledger:
        ledger = getattr(self._local, "ledger", None)
        if ledger is None:
            ledger = self._local.ledger = Ledger(self.target)
        return ledger

    # -- sites, contracts, periods ------------------------------------------------------------------------

    def sites(self) -> dict[str, str]:
        return self.ledger().registered_sites()

    def scheme_for(self, site: str, on: date | None = None) -> Any:
        """The scheme of the site's contract in force on a day (else its latest contract), or None."""
        from projections import facts as proj
        from schemes.targets import load_scheme

        deals = proj.contracts(self.ledger(), site)
        if not deals:
            return None
        day = on or today()
        current = [c for c in deals if c.covers(day)]
        return load_scheme((current or deals)[-1].scheme)

    def current_period(self, site: str, on: date | None = None) -> str | None:
        from projections.periods import period_of

        scheme = self.scheme_for(site, on)
        return str(period_of(scheme.assessed_every, on or today())) if scheme else None

    def periods(self, site: str, on: date | None = None, back: int = 4) -> list[str]:
        """The current assessment period and the `back` before it (for pickers and trends)."""
        from projections.periods import period_of

        scheme = self.scheme_for(site, on)
        if scheme is None:
            return []
        period = period_of(scheme.assessed_every, on or today())
        out = [period]
        for _ in range(back):
            out.append(out[-1].previous())
        return [str(p) for p in out]

    def site_event(self, site: str, seq: int) -> Event:
        """An event of this site (a seq of another site is 'not found', never shown)."""
        event = self.ledger().get(seq)
        if event.site != site:
            raise LedgerError(msg("web.no_event", seq=seq, site=site))
        return event


def safe_name(name: str) -> str:
    """An uploaded file's name without directories or control characters (never empty)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    clean = "".join(c for c in base if c.isprintable() and c not in '<>:"|?*').strip(" .")
    return clean[:120] or "file"
