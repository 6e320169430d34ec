"""The ledger as the rest of the code sees it: one store (any backend) and the appender that writes to it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from ledger import limits, trust
from ledger.envelope import Draft, Event
from ledger.errors import LedgerError
from ledger.messages import msg
from ledger.record import Record
from ledger.roles import Roles
from ledger.state import STATE_TYPES, State
from ledger.store import EventStore, Head, open_store
from ledger.trust import Keyring, SiteTrust

if TYPE_CHECKING:  # the chain walk loads when a verify asks for it, the write path on the first write
    from pathlib import Path

    from ledger.appender import Appender, AppendResult, Check, Numbered
    from ledger.chain import ChainStatus


class SiteSummary(Record):
    site: str
    name: str
    events: int
    first: str | None
    last: str | None


class Ledger:
    """A store and its appender. Open with a path or URL (`Ledger('park.db')`, `Ledger('postgresql://...')`)."""

    def __init__(self, target: str | Path | EventStore, *, create: bool = False) -> None:
        self.store: EventStore = (
            target if isinstance(target, EventStore) else open_store(target, create=create)
        )
        self._appender: Appender | None = None

    @classmethod
    def of(cls, events: Iterable[Event]) -> Ledger:
        """A read-only ledger holding exactly these stored events (an as-of replay, a bundle), in memory."""
        from ledger.backends.memory import MemoryStore

        return cls(MemoryStore.of(events))

    @property
    def url(self) -> str:
        return self.store.url

    @property
    def path(self) -> Path | None:
        """The SQLite file, for a file-backed ledger."""
        from pathlib import Path

        path = getattr(self.store, "path", None)
        return path if isinstance(path, Path) else None

    def close(self) -> None:
        self.store.close()

    # -- writing --------------------------------------------------------------------------------------------

    @property
    def appender(self) -> Appender:
        """Made on the first write: a command that only reads (score, verify, a report) never loads the write
        path (the payload checks, aliases, the catalog), about a tenth of its start-up (bench/startup.py)."""
        if self._appender is None:
            from ledger.appender import Appender

            self._appender = Appender(self.store)
        return self._appender

    def append(self, draft: Draft, keys: Keyring | None = None, check: Check | None = None) -> Event:
        """Validate and append one event; DuplicateEvent if its idempotency key or id is already stored.
        `keys` holds the private keys to sign acts that need a signature (ledger/trust.py); `check` is an upper
        layer's own check of each draft (ledger/appender.py)."""
        return self.appender.append(draft, keys, check)

    def append_many(
        self,
        drafts: Iterable[Numbered],
        progress: Callable[[int], None] | None = None,
        keys: Keyring | None = None,
        recorded_at: datetime | None = None,
        check: Check | None = None,
    ) -> AppendResult:
        """(line number, draft) pairs in ONE transaction; duplicates (same content) are skipped.
        `recorded_at` replaces the clock for this batch: only for building a history (the demo, tests)."""
        return self.appender.append_many(drafts, progress, keys=keys, recorded_at=recorded_at, check=check)

    def append_history(
        self,
        days: Iterable[tuple[datetime, Iterable[Numbered]]],
        progress: Callable[[int], None] | None = None,
        keys: Keyring | None = None,
    ) -> AppendResult:
        """Batches of (line number, draft) pairs, each stamped with its own recorded_at, in ONE transaction.
        Only for building a history (the demo's year, tests); a user's event is always stamped by the clock."""
        return self.appender.append_history(days, progress, keys=keys)

    # -- reading --------------------------------------------------------------------------------------------

    def head(self) -> tuple[int, str]:
        """The last global seq and its event's hash ((0, '') on an empty ledger)."""
        last = self.store.last()
        return (last.seq, last.hash) if last else (0, "")

    def site_head(self, site: str) -> Head:
        return self.store.head(site)

    def get(self, seq: int) -> Event:
        # Out of every store's range (ledger/limits.py) is simply not there: no backend is asked for 2**63.
        event = self.store.get(seq) if 0 < seq <= limits.SEQ_MAX else None
        if event is None:
            last = self.head()[0]
            raise LedgerError(msg("seq.unknown", seq=seq, last=last))
        return event

    def get_by_id(self, event_id: str, site: str | None = None) -> Event | None:
        return self.store.get_by_id(event_id, site)

    def events(
        self,
        *,
        site: str | None = None,
        sites: Iterable[str] | None = None,
        types: Iterable[str] | None = None,
        start: str | None = None,
        end: str | None = None,
        as_of: str | None = None,
        after_seq: int = 0,
        upto_seq: int | None = None,
        after_site_seq: int = 0,
    ) -> Iterator[Event]:
        """Events in sequence order; `start`/`end` are inclusive occurred dates, `as_of` a recorded instant,
        `after_site_seq` a place in each event's site chain (see EventStore.events)."""
        return self.store.events(
            site=site, sites=sites, types=types, start=start, end=end, as_of=as_of, after_seq=after_seq,
            upto_seq=upto_seq, after_site_seq=after_site_seq,
        )  # fmt: skip

    def seq_at(self, as_of: str) -> int:
        """The last sequence number recorded by an instant (0 if none)."""
        return self.store.seq_at(as_of)

    def state(self) -> State:
        return State.fold(self.store.events(types=STATE_TYPES))

    def registered_sites(self) -> dict[str, str]:
        """site id -> display name, from site_registered events."""
        return self.state().sites

    def is_registered(self, site: str) -> bool:
        """Whether `site` is registered: its own site_registered event, not every site's state folded (a `score`
        of one site at a city's hundred sites read 200 state events for this)."""
        return next(iter(self.store.events(site=site, types=["site_registered"])), None) is not None

    def roles(self) -> Roles:
        return self.state().roles

    def sites(self) -> list[SiteSummary]:
        names = self.registered_sites()
        stats = self.store.site_stats()
        return [SiteSummary(s, names[s], *stats.get(s, (0, None, None))) for s in sorted(names)]

    def known_site(self, site: str) -> None:
        """LedgerError with a suggestion if `site` is not registered."""
        sites = self.registered_sites()
        if site not in sites:
            import difflib  # only for a mistake's suggestion

            close = difflib.get_close_matches(site, sorted(sites), n=1)
            if close:
                raise LedgerError(
                    msg("site.unknown", site=site, hint=msg("site.did_you_mean", close=close[0]))
                )
            raise LedgerError(msg("site.unknown_bare", site=site))

    def verify(self, upto_seq: int | None = None, sites: Iterable[str] | None = None) -> ChainStatus:
        """Recompute every site's chain (up to a global seq); LedgerError naming the first bad event.

        One pass over the stored rows in seq order checks every chain at once (ledger.chain.scan); if anything
        there is not as it should be, the chains are read again site by site (verify_site), which names it:
        what a ledger is accepted or refused for, and the message, are the per-site reading's."""
        from ledger.chain import ChainStatus, scan

        sites = None if sites is None else list(sites)
        # A migrated site's ledger_migrated event comes after the schema-1 events it vouches for: known before
        # the chain is read, so those (unsigned) acts are taken as legacy, not refused (ledger/trust.py).
        markers: dict[str, list[Event]] = {}
        for e in self.store.events(sites=sites, types=["ledger_migrated"]):
            markers.setdefault(e.site, []).append(e)
        checked = {site: trust.migrated(markers.get(site, [])) for site in sorted(sites or ())}

        def trust_for(site: str) -> SiteTrust:
            if site not in checked:
                checked[site] = trust.migrated(markers.get(site, []))
            return checked[site]

        try:
            heads = scan(self.store.rows(sites), trust_for, upto_seq)
        except Exception:  # noqa: BLE001 -- whatever it was, the per-site reading below reports it as it always has
            heads = None
        if heads is None:
            return self._verify_by_site(upto_seq, sites, markers)
        self._integrity()
        # No count check here: the pass read every stored row (of these sites), each in its site's chain.
        heads = dict(sorted(heads.items()))
        if sites is None:
            checked = dict(sorted(checked.items()))
        last = max(heads.values(), key=lambda h: h.seq, default=Head())
        count = sum(h.site_seq for h in heads.values())
        return ChainStatus(count, last.seq, last.hash if last.seq else "", heads, checked)

    def _verify_by_site(
        self, upto_seq: int | None, sites: Iterable[str] | None, markers: dict[str, list[Event]]
    ) -> ChainStatus:
        """Each site's chain in site_seq order through verify_site: the reading that names what is wrong."""
        from ledger.chain import ChainStatus, verify_site

        heads: dict[str, Head] = {}
        checked: dict[str, SiteTrust] = {}
        count = 0
        names = sorted(sites) if sites is not None else sorted(self.store.heads())
        for site in names:
            signatures = checked[site] = trust.migrated(markers.get(site, []))
            head = verify_site(site, signatures.watch(self.store.chain(site)), upto_seq)
            if head.site_seq:
                heads[site] = head
                count += head.site_seq
        self._integrity()  # after the chains: a broken chain is the more precise news
        last = max(heads.values(), key=lambda h: h.seq, default=Head())
        if sites is None:
            total = sum(n for n, _, _ in self.store.site_stats().values())
            if upto_seq is None and total != count:
                raise LedgerError(msg("chain.count", total=total, count=count))
        return ChainStatus(count, last.seq, last.hash if last.seq else "", heads, checked)

    def _integrity(self) -> None:
        problems = self.store.integrity_problems()
        if problems:
            raise LedgerError(problems[0])
