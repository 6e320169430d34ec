"""The current view: the log's facts with corrections applied and retractions removed, derived, never stored."""

from __future__ import annotations

from collections.abc import Iterable

from ledger.catalog_index import META_TYPES
from ledger.envelope import Event, normalise_occurred
from ledger.record import Record, factory


class Amendments(Record, frozen=False):
    """Corrections and retractions keyed by the id of the event they point at."""

    corrections: dict[str, list[Event]] = factory(dict)
    retracted: dict[str, Event] = factory(dict)

    def add(self, event: Event) -> None:
        if event.type == "correction":
            self.corrections.setdefault(event.payload["target"], []).append(event)
        elif event.type == "retraction":
            self.retracted[event.payload["target"]] = event

    def apply(self, event: Event) -> Event | None:
        """The event as it stands now: None if retracted, else its payload with live corrections merged."""
        if event.id in self.retracted:
            return None
        fixes = [c for c in self.corrections.get(event.id, ()) if c.id not in self.retracted]
        if not fixes:
            return event
        payload, occurred_at = dict(event.payload), event.occurred_at
        for fix in fixes:  # in log order: a later correction wins
            changes = dict(fix.payload["changes"])
            if "occurred_at" in changes:
                occurred_at = normalise_occurred(changes.pop("occurred_at"))
            payload.update(changes)
        return event.with_payload(payload, occurred_at, tuple(f.seq for f in fixes))


def current_view(events: Iterable[Event]) -> list[Event]:
    """Fold a log (in sequence order) into its live fact events; pure: events in, events out."""
    facts: list[Event] = []
    amendments = Amendments()
    for event in events:
        if event.type in META_TYPES:
            amendments.add(event)
        else:
            facts.append(event)
    live = (amendments.apply(e) for e in facts)
    return [e for e in live if e is not None]
