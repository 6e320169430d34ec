"""Writing the demo into a ledger the way its year was lived: day by day, each day's events recorded when an
operator would have written them down.

An operator logs the day's work at the office on the next working day's morning (a weekend's or a holiday's on
the first working day after it); a correction, a retraction, evidence handed in later or an event forgotten
and logged late are recorded the morning after the day they were written down. Each morning is one batch
stamped with that morning (`Ledger.append_history`, one transaction for the year), so `score --as-of`, `diff` and `audit` see
the ledger grow as it would have, and the same seed gives the same ledger to the last hash. Only the library's
store interface is used, so the demo builds the same on every backend.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from ledger import checkpoint
from ledger.envelope import SHANGHAI, Draft
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from ledger.messages import msg
from ledger.trust import keyring
from schemes.demo.calendar import next_working_day
from schemes.demo.generate import Log, generate
from schemes.demo.sites import BUYER, DemoSite, demo_keys, demo_sites


def recorded_at(logged: date) -> datetime:
    """When the events written down for a day are recorded: the next working day's morning, between 08:30 and
    09:19 (the minute varies from day to day, the same for every run)."""
    day = next_working_day(logged)
    return datetime.combine(day, time(8, 30), SHANGHAI) + timedelta(minutes=day.toordinal() * 37 % 50)


def mornings(log: Log) -> list[tuple[datetime, list[Draft]]]:
    """The drafts grouped by the instant they are recorded, in order."""
    out: list[tuple[datetime, list[Draft]]] = []
    for day, draft in log.logged():
        instant = recorded_at(day)
        if not out or out[-1][0] != instant:
            out.append((instant, []))
        out[-1][1].append(draft)
    return out


@dataclass
class DemoResult:
    path: Path | str  # the SQLite file, or a server ledger's URL
    seed: int
    year: int
    events: int
    sites: list[DemoSite]
    first_recorded: datetime
    last_recorded: datetime


def check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise LedgerError(msg("demo.bad_year", year=year))


def prepare(path: Path, force: bool = False) -> None:
    """Make way for the demo at `path`: nothing there or an empty ledger is fine; a ledger holding events is
    refused unless `force`, which deletes it (its file and SQLite's -wal/-shm beside it, nothing else);
    anything that is not an opsledger ledger is never touched."""
    if not path.exists():
        return
    if not path.is_file():
        raise LedgerError(msg("demo.not_a_file", path=path))
    try:
        existing = Ledger(path)
    except LedgerError:
        raise LedgerError(msg("demo.not_a_ledger", path=path)) from None
    try:
        events = existing.head()[0]
    finally:
        existing.close()
    if not events:
        return
    if not force:
        raise LedgerError(msg("demo.has_events", path=path, events=events))
    for victim in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        victim.unlink(missing_ok=True)


def build(
    ledger: Ledger, seed: int = 1, year: int = 2026, progress: Callable[[int, int], None] | None = None
) -> DemoResult:
    """Write the demo into an EMPTY ledger: one batch per morning of the year, each stamped with its morning,
    in one transaction (as if appended morning by morning, at the cost of one commit)."""
    check_year(year)
    if ledger.head()[0]:
        raise LedgerError(msg("demo.not_empty", where=ledger.path or ledger.url))
    log = generate(seed, year)
    batches = mornings(log)
    total = sum(len(drafts) for _, drafts in batches)
    numbered, line = [], 0
    for instant, drafts in batches:
        numbered.append((instant, list(enumerate(drafts, start=line + 1))))
        line += len(drafts)
    tick = (lambda n: progress(n, total)) if progress else None
    ledger.append_history(numbered, tick, keys=keyring(demo_keys(seed)))
    if progress:
        progress(total, total)
    _store_files(ledger, log.files)  # once the events referencing them stand
    return DemoResult(
        ledger.path or ledger.url, seed, year, total, demo_sites(), batches[0][0], batches[-1][0]
    )


def _store_files(ledger: Ledger, files: dict[str, bytes]) -> None:
    """Put the referenced evidence files in the ledger's evidence store, so `opsledger evidence` finds them."""
    with tempfile.TemporaryDirectory() as tmp:
        for sha, content in sorted(files.items()):
            if ledger.store.blob_status(sha) == "stored":
                continue
            source = Path(tmp) / sha
            source.write_bytes(content)
            ledger.store.blob_put(source)


def checkpoints(ledger: Ledger, seed: int) -> str:
    """The buyer's signed checkpoint of every site's chain as the demo leaves it (ledger/checkpoint.py): what a
    buyer keeps out of the operator's reach, so `verify --against FILE --trust-key FP` vouches for every head."""
    buyer = demo_keys(seed)[0]
    return "".join(
        checkpoint.issue(ledger.store, site, BUYER, buyer).note()
        for site in sorted(ledger.registered_sites())
    )
