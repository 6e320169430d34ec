"""An operator's writes from the web app: events logged from the Log page (checked for plausibility, evidence
kept), corrections, retractions, attachments, and the day's events as the page lists them."""

from __future__ import annotations

import tempfile
import uuid
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from ledger.catalog_index import META_TYPES
from ledger.envelope import SHANGHAI, Event, format_instant
from ledger.errors import DuplicateEvent, LedgerError
from ledger.messages import msg
from web.services.base import FORM_NAMESPACE, OPERATOR_TYPES, Base, TodayEvent, safe_name, today, type_name


class Writes(Base):
    # -- logging ------------------------------------------------------------------------------------------

    def evidence_asks(self, site: str, event_type: str) -> list[tuple[str, str]]:
        """(item title, 佐证材料) the site's scheme asks for from items that read this event type."""
        scheme = self.scheme_for(site)
        if scheme is None:
            return []
        from projections.indicators import Selector, references

        def reads(name: str, seen: set[str]) -> bool:
            if name in seen or name not in scheme.indicators:
                return False
            seen.add(name)
            spec = scheme.indicators[name]
            selectors = [spec] if isinstance(spec, Selector) else []
            selectors += [getattr(spec, a) for a in ("enter", "leave", "start", "end", "only_if")
                          if isinstance(getattr(spec, a, None), Selector)]  # fmt: skip
            if any(event_type in s.types() for s in selectors):
                return True
            return any(reads(ref, seen) for ref in references(spec))

        out: list[tuple[str, str]] = []
        for item in scheme.items:
            if item.evidence and any(reads(n, set()) for n in item.rule.inputs()):
                out += [(item.title, ask) for ask in item.evidence]
        return list(dict.fromkeys(out))

    def log_event(
        self, site: str, event_type: str, occurred: str, payload: dict[str, Any], actor: str, form_key: str,
        files: list[tuple[str, bytes, str]],
    ) -> tuple[Event, bool]:  # fmt: skip
        """Append one event and its evidence (file name, bytes, 佐证材料) in ONE transaction.

        The event id and every attachment id derive from the form's key, so a double tap or a resubmitted
        form finds them stored and adds nothing: returns (event, True) then.
        """
        from ledger.blobs import file_sha256
        from ledger.evidence import keep_files
        from ledger.importer import make_draft
        from schemes import actions

        if event_type not in OPERATOR_TYPES:
            raise LedgerError(msg("web.cannot_log", type=type_name(event_type)))
        ledger = self.ledger()
        event_id = str(uuid.uuid5(FORM_NAMESPACE, form_key))
        existing = ledger.get_by_id(event_id)
        if existing is not None:
            if (
                existing.site != site or existing.type != event_type
            ):  # a key replayed elsewhere: never say where
                raise LedgerError(msg("web.form_used"))
            return existing, True
        drafts = [make_draft(id=event_id, type=event_type, site=site, occurred_at=occurred, actor=actor,
                             payload=payload, idempotency_key=f"web-{form_key}")]  # fmt: skip
        with tempfile.TemporaryDirectory() as tmp:
            paths = []
            for n, (name, data, requirement) in enumerate(files, 1):
                path = Path(tmp) / f"{n}" / safe_name(name)
                path.parent.mkdir()
                path.write_bytes(data)
                paths.append(path)
                body = {"target": event_id, "file_name": path.name, "sha256": file_sha256(path)}
                if requirement:
                    body["requirement"] = requirement
                drafts.append(make_draft(id=str(uuid.uuid5(FORM_NAMESPACE, f"{form_key}/{n}")),
                                         type="evidence_attached", site=site, occurred_at=drafts[0].occurred_at,
                                         actor=actor, payload=body))  # fmt: skip
            try:
                # One transaction for the event and its tagged files (actions.log_event keeps files untagged).
                result = actions.import_drafts(ledger, actions.Writer(actor), enumerate(drafts, 1))
            except DuplicateEvent:
                result = None
            if result is not None and result.added:
                keep_files(ledger, paths)  # kept by the store once the events stand
        event = ledger.get_by_id(event_id)
        if event is None:
            raise LedgerError(msg("web.not_stored"))
        return event, result is None or result.added == 0

    def correct(self, site: str, seq: int, changes: dict[str, Any], reason: str, actor: str) -> Event:
        from schemes import actions

        target = self.site_event(site, seq)
        if target.type in META_TYPES or target.type not in OPERATOR_TYPES:
            raise LedgerError(msg("web.cannot_correct", seq=seq, type=type_name(target.type)))
        return actions.correct(self.ledger(), actions.Writer(actor), seq, changes, reason)

    def retract(self, site: str, seq: int, reason: str, actor: str) -> Event:
        from schemes import actions

        target = self.site_event(site, seq)
        if target.type not in OPERATOR_TYPES:
            raise LedgerError(msg("web.cannot_retract", seq=seq, type=type_name(target.type)))
        return actions.retract(self.ledger(), actions.Writer(actor), seq, reason)

    def attach(self, site: str, seq: int, name: str, data: bytes, requirement: str, actor: str) -> Event:
        from schemes import actions

        self.site_event(site, seq)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / safe_name(name)
            path.write_bytes(data)
            return actions.attach(self.ledger(), actions.Writer(actor), seq, path, requirement)

    def todays_events(self, site: str, day: date | None = None, limit: int = 30) -> list[TodayEvent]:
        """The site's last `limit` operator events recorded today (Asia/Shanghai), as they stand now, newest first.

        Bounded: an import can record thousands of events in a day; the page is for what a clerk just did.
        """
        from ledger.view import Amendments

        ledger = self.ledger()
        day = day or today()
        before = ledger.seq_at(format_instant(datetime.combine(day, time.min, SHANGHAI)))
        # Read back from the site's head in growing windows of global seqs until `limit` of today's operator
        # events are found or the day's start is reached: a day of imports is never read whole.
        last = ledger.site_head(site).seq
        window, recorded = 256, []
        while True:
            since = max(before, last - window)
            recorded = [e for e in ledger.events(site=site, after_seq=since)
                        if e.recorded_at[:10] == day.isoformat() and e.type in OPERATOR_TYPES]  # fmt: skip
            if len(recorded) >= limit or since == before:
                break
            window *= 4
        recorded = recorded[-limit:]
        amend = Amendments()
        files: dict[str, list[str]] = {}
        ids = {e.id for e in recorded}
        first = min((e.seq for e in recorded), default=last)  # amendments always come after their target
        for e in ledger.events(
            site=site, types=["correction", "retraction", "evidence_attached"], after_seq=first
        ):
            if e.payload.get("target") in ids:
                if e.type == "evidence_attached":
                    files.setdefault(e.payload["target"], []).append(e.payload["file_name"])
                else:
                    amend.add(e)
        out = []
        for e in recorded:
            if e.type not in OPERATOR_TYPES:
                continue
            now_e = amend.apply(e)
            out.append(TodayEvent(now_e or e, now_e is None, bool(now_e and now_e.amended_by),
                                  [r["file_name"] for r in e.evidence] + files.get(e.id, [])))  # fmt: skip
        return list(reversed(out))
