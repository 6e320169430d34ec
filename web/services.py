"""The web app's one door into the library: every read and write the pages make goes through here.

Why a module of its own: nothing else in web/ touches the library's write path, so a change there is local
to this file. Operators' writes go through the library's use-cases (schemes/actions.py: correct, retract,
attach, import); assessors' acts through schemes.audit and the appender, signed with the key the session
unlocked. It holds no scoring or storage logic: it picks the library function,
passes the logged-in user as the actor, and shapes results for templates.

Each worker thread opens its own Ledger (one SQLite connection per thread; a connection is never shared
between threads that may write at the same time).
"""

from __future__ import annotations

import io
import shutil
import tempfile
import threading
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from ledger.envelope import SHANGHAI, Event, format_instant, now
from ledger.errors import DuplicateEvent, LedgerError
from ledger.events import ASSESSOR_ONLY_TYPES, CATALOG, META_TYPES
from ledger.ledger import Ledger
from ledger.messages import Both, msg, text

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


class Services:
    """The library, as the pages need it, for one ledger file."""

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

    def site_event(self, site: str, seq: int) -> Event:
        """An event of this site (a seq of another site is 'not found', never shown)."""
        event = self.ledger().get(seq)
        if event.site != site:
            raise LedgerError(msg("web.no_event", seq=seq, site=site))
        return event

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

    # -- reading scores ----------------------------------------------------------------------------------

    def scorecard(self, site: str, period: str, as_of: str | None = None) -> Any:
        from schemes import service

        return service.score_site(self.ledger(), site, period, as_of=as_of)

    def dashboard(self, site: str, period: str, as_of: str | None, day: date) -> dict[str, Any]:
        """Everything the site dashboard shows, from the library's scoring, gaps, report and audit code."""
        from projections import facts as proj
        from schemes import service
        from schemes.reports.charts import cadence_charts, key_charts
        from schemes.reports.html_page import table_html
        from schemes.reports.table import scorecard_table

        ledger = self.ledger()
        at = proj.as_of_text(as_of)
        target = service.resolve(ledger, site, period, None, at)
        card = service.score_site(ledger, site, period, as_of=at)
        scheme = target.scheme
        name = self.sites().get(site, "")
        facts = proj.site_facts(ledger, site, target.period.end, at, scheme.late_policy)
        bonus = frozenset(b.id for b in scheme.blocks if b.kind == "bonus")
        out: dict[str, Any] = {
            "card": card, "scheme": scheme, "period": target.period, "site_name": name,
            "table_html": table_html(scorecard_table(card, scheme, name), bonus, notes="inline"),
            "charts": key_charts(scheme, card, facts, target.period, day),
            "cadence": cadence_charts(scheme, card, facts, target.period, day),
            "gaps": None, "evidence": [], "as_of": at,
        }  # fmt: skip
        if at is None:  # gaps and the evidence checklist are about what to do now
            from schemes import gaps

            report = out["gaps"] = gaps.site_gaps(ledger, site, period, day)
            # Missing evidence from the gap report (the same check as `opsledger evidence`, already made there,
            # so the dashboard folds the site once less): items with points open and items at full marks.
            out["evidence"] = [
                {"title": g.title, "missing": g.evidence_missing}
                for g in [*report.items, *report.bonus, *report.deductions, *report.evidence_only]
                if g.evidence_missing
            ]
        return out

    def overview(self, day: date, visible: list[str]) -> tuple[list[dict[str, Any]], list[Any], Any]:
        """Every visible site: scheme, latest period, total, grade, money, trend; and the ranked cohort."""
        from projections import facts as proj
        from projections.periods import Period
        from schemes import service

        ledger = self.ledger()
        names = self.sites()
        rows: list[dict[str, Any]] = []
        cohort_cards: list[Any] = []
        cohort_scheme = None
        cohort_cache: dict[str, dict[str, Any]] = {}
        for site in visible:
            scheme = self.scheme_for(site, day)
            row: dict[str, Any] = {"site": site, "name": names.get(site, ""), "scheme": scheme, "trend": []}
            rows.append(row)
            if scheme is None:
                continue
            periods = self.periods(site, day, back=3)
            deals = proj.contracts(ledger, site)
            for n, label in enumerate(periods):
                if n and not any(c.in_force(Period.parse(label)) for c in deals):
                    row["trend"].append((label, None))  # before the contract: nothing to score, not a zero
                    continue
                try:
                    if scheme.cohort:
                        if label not in cohort_cache:
                            cards = service.score_cohort(ledger, scheme.id, label)
                            cohort_cache[label] = {c.site: c for c in cards}
                            if n == 0:
                                cohort_cards, cohort_scheme = cards, scheme
                        card = cohort_cache[label].get(site)
                    else:
                        card = service.score_site(ledger, site, label)
                except LedgerError as err:
                    card = None
                    if n == 0:
                        row["error"] = str(err)
                if n == 0:
                    row["period"], row["card"] = label, card
                row["trend"].append((label, card.total if card else None))
            row["trend"].reverse()
        return rows, cohort_cards, cohort_scheme

    # -- assessors ----------------------------------------------------------------------------------------

    def judgement_items(self, site: str) -> list[Any]:
        """The scheme items an assessor judges (their rule reads a judgement indicator)."""
        from projections.indicators import JudgementSpec

        scheme = self.scheme_for(site)
        if scheme is None:
            return []
        judged = {spec.item for spec in scheme.indicators.values() if isinstance(spec, JudgementSpec)}
        return [i for i in scheme.items if i.id in judged]

    def judge(self, site: str, item: str, met: bool, shortfalls: int, points: str | None, reason: str,
              actor: str, on: str, keys: Any = None) -> Event:  # fmt: skip
        scheme = self.scheme_for(site)
        if scheme is None:
            raise LedgerError(msg("web.no_contract", site=site))
        scheme.item(item)  # unknown item: SchemeError, never stored and ignored
        payload: dict[str, Any] = {"scheme": scheme.id, "item": item, "met": met, "shortfalls": shortfalls,
                                   "reason": reason}  # fmt: skip
        if points:
            payload["points"] = points
        self.ledger().roles().check("assessor_judgement", actor, site)
        return self._assessor_act("assessor_judgement", site, on, payload, actor, keys)

    def _assessor_act(self, event_type: str, site: str, on: str, payload: dict[str, Any], actor: str,
                      keys: Any) -> Event:  # fmt: skip
        """Through the library's write use-case: checked against the scheme in force, signed with the user's key."""
        from schemes import actions

        return actions.log_event(
            self.ledger(), actions.Writer(actor, keys or {}), event_type, site, on, payload
        ).event

    def finding(self, site: str, payload: dict[str, Any], actor: str, on: str, keys: Any = None) -> Event:
        if payload.get("item"):
            scheme = self.scheme_for(site)
            if scheme is not None:
                scheme.item(payload["item"])
        self.ledger().roles().check("inspection_finding", actor, site)
        return self._assessor_act("inspection_finding", site, on, payload, actor, keys)

    def close(self, site: str, period: str, actor: str, reason: str, early: bool, keys: Any = None) -> Event:
        from schemes import audit

        return audit.close_period(self.ledger(), site, period, actor, reason, early=early, keys=keys)

    def accept(self, site: str, seq: int, actor: str, reason: str, keys: Any = None) -> Event:
        from schemes import audit

        self.site_event(site, seq)
        return audit.accept_late(self.ledger(), seq, actor, reason, keys=keys)

    def closes(self, site: str) -> list[Event]:
        from schemes import audit

        return audit.closes(self.ledger(), site)

    def signoffs(self, site: str) -> list[Event]:
        return list(self.ledger().events(site=site, types=["score_signed_off"]))

    def registered_key(self, site: str, actor: str) -> Any:
        from schemes import audit

        return audit.signing_key(self.ledger(), site, actor)

    def sign_off(self, site: str, period: str, actor: str, keys: Any) -> tuple[Event, Any]:
        from schemes import audit

        return audit.sign_off(self.ledger(), site, period, actor, keys=keys)

    def is_ledger_assessor(self, site: str, actor: str) -> bool:
        return self.ledger().roles().is_assessor(actor, site)

    # -- registers ----------------------------------------------------------------------------------------

    def mappings(self) -> dict[str, Path]:
        folder = self.mappings_dir
        return {p.stem: p for p in sorted(folder.glob("*.toml"))} if folder and folder.is_dir() else {}

    def register_preview(self, site: str, register: Path, mapping: Path, actor: str, token: str) -> Preview:
        """Plan the register without writing (schemes/actions.import_register): new rows, corrected rows, rows already
        stored, and the errors (a mistake by sheet, row and column, or every implausible row)."""
        from schemes.actions import Writer, import_register

        out = Preview(token, register.name)

        def refused(where: str, level: str, message: str) -> None:
            if level == "refused":
                out.errors.append(text(msg("web.row", where=where, message=message)))

        try:
            plan = import_register(self.ledger(), Writer(actor), register, mapping, site=site, dry_run=True,
                                   report=refused).plan  # fmt: skip
        except LedgerError as err:
            if not out.errors:
                out.errors.append(text(err))
            return out
        for step in plan.steps:
            if step.draft.site != site:
                out.errors.append(
                    text(
                        msg("web.row_site", where=step.where, site=repr(step.draft.site), expected=repr(site))
                    )
                )
            elif step.kind == "new":
                out.new.append((step.number, step.draft))
            elif step.kind == "correction":
                out.corrections.append((step.number, step.draft))
        out.duplicates = [(0, where) for where in plan.unchanged_rows]
        out.rows = len(out.new) + len(out.corrections) + len(out.duplicates)
        return out

    def register_commit(self, site: str, register: Path, mapping: Path, actor: str) -> Any:
        """Append the register's plan in one transaction (all or nothing; unchanged rows add nothing)."""
        from schemes.actions import Writer, import_register

        done = import_register(self.ledger(), Writer(actor), register, mapping, site=site, dry_run=True)
        wrong = [s.where for s in done.plan.steps if s.draft.site != site]
        if wrong:
            raise LedgerError(msg("web.row_other_site", where=wrong[0]))
        appended = import_register(self.ledger(), Writer(actor), register, mapping, site=site).appended
        assert appended is not None
        return appended

    # -- audit --------------------------------------------------------------------------------------------

    def verify(self) -> Any:
        return self.ledger().verify()

    def diff(self, site: str, period: str, t1: str, t2: str) -> Any:
        from schemes import audit

        return audit.diff(self.ledger(), site, period, t1, t2)

    def bundle_zip(self, site: str, period: str) -> tuple[str, bytes]:
        """An export bundle (schemes.audit.export) as a zip, built in a temporary directory."""
        from schemes import audit

        tmp = Path(tempfile.mkdtemp(prefix="opsledger-bundle-"))
        try:
            out = tmp / "bundle"
            summary = audit.export(self.ledger(), site, period, out)
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in sorted(out.rglob("*")):
                    if path.is_file():
                        archive.write(path, f"{site}-{summary.period}/{path.relative_to(out)}")
            return f"{site}-{summary.period}-bundle.zip", buffer.getvalue()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def safe_name(name: str) -> str:
    """An uploaded file's name without directories or control characters (never empty)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    clean = "".join(c for c in base if c.isprintable() and c not in '<>:"|?*').strip(" .")
    return clean[:120] or "file"
