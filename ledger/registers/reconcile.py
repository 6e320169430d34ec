"""Re-importing an edited register: which rows are new, which changed, which are unchanged, which vanished.

A table with an `identity` (a 编号 column, or 日期 + 名称) gives each row's event an idempotency key made of
the site, the table and the identity (`reg:SITE:TABLE:IDENTITY`, hashed), so the event a row made is found
again whatever else in the row changed. On re-import a row whose event is stored and whose cells changed
becomes a `correction` of that event (the changed fields only; the original stays in the log), an unchanged
row adds nothing, and an event whose row is gone is reported missing and retracted only when asked
(`--retract-missing`). The plan is built before anything is written, so `--dry-run` can print it, and its
drafts are then appended in one transaction.

Events imported before the table declared an identity (content-derived keys, `reg-<digest>-<n>`) are
recognised by the identity computed from their current fields, when every identity column maps to a field:
a changed row corrects them too. They are never reported missing (which table made them cannot be told).

Memory: the plan holds a draft for every new or changed row (not for unchanged ones) and, per site, the
stored events of the mapping's types; a register of 10,000 rows is a few MB.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Literal

from ledger.envelope import Draft, Event, canonical_json
from ledger.errors import LedgerError
from ledger.importer import make_draft
from ledger.messages import Message, msg
from ledger.registers.mapping import RegisterMapping, Table
from ledger.registers.reader import KEY_PREFIX, Row, SheetReport, event_identity
from ledger.view import Amendments

if TYPE_CHECKING:
    from ledger.ledger import Ledger

IDENTITY_PREFIX = "reg:"
_GENERATION = re.compile(r"^(.*)\.(\d+)$")


def _h(text: str, n: int) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:n]


def identity_key(site: str, table: Table, identity: str, generation: int = 1) -> str:
    """The idempotency key of the event a row with this identity makes (generation > 1: the row came back
    after its earlier event was retracted)."""
    key = f"{IDENTITY_PREFIX}{site}:{_h(table.scope, 8)}:{_h(identity, 24)}"
    return key if generation == 1 else f"{key}.{generation}"


@dataclass(frozen=True)
class Step:
    """One thing the import will do. `row` is what the register says (None for a retraction)."""

    kind: Literal["new", "correction", "retraction"]
    where: str
    number: int  # the row number in its sheet (0 for a retraction: its row is gone)
    draft: Draft
    row: Draft | None
    target: Event | None = None  # the stored event (as it stands now) a correction or retraction is about
    changes: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan:
    """What importing a register will do, before anything is written."""

    file: str
    steps: list[Step] = field(default_factory=list)
    unchanged_rows: list[str] = field(default_factory=list)  # where each unchanged row was read
    missing: list[tuple[Table, Event]] = field(default_factory=list)  # stored events whose row is gone
    reports: list[SheetReport] = field(default_factory=list)
    without_identity: list[str] = field(default_factory=list)  # tables read with content keys only

    @property
    def unchanged(self) -> int:
        return len(self.unchanged_rows)

    @property
    def new(self) -> int:
        return sum(s.kind == "new" for s in self.steps)

    @property
    def corrected(self) -> int:
        return sum(s.kind == "correction" for s in self.steps)

    def summary(self) -> str:
        return f"{self.new} new, {self.corrected} corrected, {self.unchanged} unchanged, {len(self.missing)} missing"

    def drafts(self) -> Iterator[tuple[int, Draft]]:
        """(step number, draft) for `Ledger.append_many`; `explain` turns 'line N' back into the row."""
        for number, step in enumerate(self.steps, start=1):
            yield number, step.draft

    def explain(self, err: LedgerError) -> LedgerError:
        """A store error about step N, reworded to name the register row it came from."""
        said = err.args[0] if err.args else None
        if (
            isinstance(said, Message) and said.id == "at.line"
        ):  # the appender's "line N: ..." (ledger/messages)
            number, inner = int(said.values["line"]), said.values["error"]
        else:
            match = re.match(r"^line (\d+): (.*)$", str(err), flags=re.S)
            if not match:
                return err
            number, inner = int(match.group(1)), match.group(2)
        if not 0 < number <= len(self.steps):
            return err
        return LedgerError(msg("reg.at", where=self.steps[number - 1].where, error=inner))


@dataclass
class _Stored:
    """One site's stored events of the mapping's types, as they stand now, indexed the ways rows look for them."""

    by_key: dict[str, Event] = field(default_factory=dict)  # idempotency key -> live event (current view)
    generations: dict[str, int] = field(default_factory=dict)  # identity key -> highest generation stored
    live: dict[str, tuple[str, Event]] = field(default_factory=dict)  # identity key -> (its key, live event)
    stored: dict[str, Event] = field(
        default_factory=dict
    )  # event id -> the event as stored (for occurred_at)
    legacy: list[Event] = field(default_factory=list)  # live events with content-derived keys
    ids: set[str] = field(default_factory=set)


def _load(ledger: Ledger, site: str, types: list[str]) -> _Stored:
    out = _Stored()
    amendments = Amendments()
    facts: list[Event] = []
    for event in ledger.events(site=site, types=[*types, "correction", "retraction"]):
        if event.type in ("correction", "retraction"):
            amendments.add(event)
        else:
            facts.append(event)
    for event in facts:
        out.ids.add(event.id)
        out.stored[event.id] = event
        key = event.idempotency_key or ""
        current = amendments.apply(event)
        if key.startswith(IDENTITY_PREFIX):
            match = _GENERATION.match(key)
            base, generation = (match.group(1), int(match.group(2))) if match else (key, 1)
            out.generations[base] = max(out.generations.get(base, 0), generation)
            if current is not None:
                out.live[base] = (key, current)
        if current is None:
            continue
        if key:
            out.by_key[key] = current
        if key.startswith(KEY_PREFIX):
            out.legacy.append(current)
    return out


class _Planner:
    def __init__(self, ledger: Ledger, mapping: RegisterMapping, file: str, actor: str) -> None:
        self.ledger = ledger
        self.types = sorted({t for table in mapping.tables for t in table.event_types()})
        self.file = file
        self.actor = actor
        self.sites: dict[str, _Stored] = {}
        self.legacy: dict[tuple[str, str], dict[str, Event]] = {}  # (site, scope) -> identity -> event
        self.seen: dict[str, str] = {}  # identity key or idempotency key -> where it was first read
        self.spans: dict[tuple[str, str], tuple[str, str]] = {}  # (site, scope) -> first and last date read
        self.plan = Plan(file)

    def stored(self, site: str) -> _Stored:
        if site not in self.sites:
            self.sites[site] = _load(self.ledger, site, self.types)
        return self.sites[site]

    def add(self, row: Row) -> None:
        draft = row.draft
        if row.identity is None:
            self._plain(row)
            return
        key = identity_key(draft.site, row.table, row.identity)
        if key in self.seen:
            headers = " + ".join(row.table.identity)
            raise LedgerError(
                msg("reg.same_identity", where=row.where, headers=headers, other=self.seen[key])
            )
        self.seen[key] = row.where
        day = draft.occurred_at[:10]
        first, last = self.spans.get((draft.site, row.table.scope), (day, day))
        self.spans[(draft.site, row.table.scope)] = (min(first, day), max(last, day))
        stored = self.stored(draft.site)
        found = stored.live.get(key)
        original = found[1] if found else self._legacy(row)
        if original is None:
            generation = stored.generations.get(key, 0) + 1
            self._step("new", row, draft.replace(idempotency_key=identity_key(
                draft.site, row.table, row.identity, generation)))  # fmt: skip
            return
        if original.type != draft.type:
            raise LedgerError(msg("reg.type_changed", where=row.where, was=original.type, seq=original.seq,
                                  now=draft.type))  # fmt: skip
        changes = _changes(original, draft)
        if not changes:
            self.plan.unchanged_rows.append(row.where)
            return
        before = ", ".join(f"{k} {_shown(original, k)} → {_text(v)}" for k, v in changes.items())
        reason = f"register {row.where} changed: {before}"
        base = found[0] if found else (original.idempotency_key or original.id)
        digest = _h(canonical_json([original.occurred_at, original.payload, changes]), 16)
        correction = make_draft(
            type="correction", site=draft.site, occurred_at=stored.stored[original.id].occurred_at,
            actor=self.actor, payload={"target": original.id, "changes": changes, "reason": reason[:500]},
            idempotency_key=f"{base}~{digest}",
        )  # fmt: skip
        self._step("correction", row, correction, original, changes)

    def _legacy(self, row: Row) -> Event | None:
        """A live event imported with a content-derived key whose fields give this row's identity."""
        site, table = row.draft.site, row.table
        cache_key = (site, table.scope)
        if cache_key not in self.legacy:
            index: dict[str, Event] = {}
            for event in self.stored(site).legacy:
                if event.type in table.event_types():
                    identity = event_identity(table, event.occurred_at, event.payload)
                    if identity is not None:
                        index.setdefault(identity, event)
            self.legacy[cache_key] = index
        return self.legacy[cache_key].get(row.identity or "")

    def _plain(self, row: Row) -> None:
        """A row without identity: new unless its key (content-derived or mapped) or id is stored already."""
        draft = row.draft
        if row.table.scope not in self.plan.without_identity:
            self.plan.without_identity.append(row.table.scope)
        mark = draft.idempotency_key or f"id:{draft.id}"
        if mark in self.seen:
            raise LedgerError(msg("reg.same_key", where=row.where, other=self.seen[mark],
                                  what=msg("reg.what.id") if draft.id else msg("reg.what.key")))  # fmt: skip
        self.seen[mark] = row.where
        stored = self.stored(draft.site)
        known = (draft.idempotency_key in stored.by_key) if draft.idempotency_key else False
        if draft.id is not None:
            known = known or draft.id in stored.ids or self.ledger.get_by_id(draft.id) is not None
        if known:
            self.plan.unchanged_rows.append(row.where)
        else:
            self._step("new", row, draft)

    def _step(self, kind: Literal["new", "correction"], row: Row, draft: Draft, target: Event | None = None,
              changes: dict[str, Any] | None = None) -> None:  # fmt: skip
        self.plan.steps.append(Step(kind, row.where, row.number, draft, row.draft, target, changes or {}))

    def finish(self, tables: list[Table], present: set[str], site: str | None, retract: bool) -> Plan:
        """Find the missing rows: stored events of the tables this register holds (`present`, by scope) whose
        identity no row had, for every site a row named and the import's default site."""
        by_scope = {t.scope: t for t in tables if t.identity}
        read = present
        if site is not None:
            self.stored(site)
        for site, stored in self.sites.items():
            for scope, table in by_scope.items():
                if scope not in read:
                    continue  # the sheet is not in this register: nothing of it is missing
                first, last = self.spans.get((site, scope), ("", ""))
                if table.missing == "months" and first:
                    y, m = int(last[:4]), int(last[5:7])
                    first, last = first[:8] + "01", f"{last[:8]}{calendar.monthrange(y, m)[1]:02d}"
                for identity_base, (_, event) in sorted(stored.live.items(), key=lambda kv: kv[1][1].seq):
                    if not identity_base.startswith(f"{IDENTITY_PREFIX}{site}:{_h(scope, 8)}:"):
                        continue
                    if identity_base in self.seen:
                        continue
                    if table.missing == "months" and not (first <= event.occurred_at[:10] <= last):
                        continue
                    self.plan.missing.append((table, event))
        if retract:
            for table, event in self.plan.missing:
                original = self.sites[event.site].stored[event.id]
                draft = make_draft(
                    type="retraction", site=event.site, occurred_at=original.occurred_at, actor=self.actor,
                    payload={"target": event.id, "reason": f"no longer in register {self.file} ({table.name})"},
                    idempotency_key=f"{original.idempotency_key}~gone",
                )  # fmt: skip
                self.plan.steps.append(Step("retraction", str(msg("reg.missing_from", seq=event.seq, table=table.name)), 0,
                                            draft, None, event))  # fmt: skip
        return self.plan


def _text(value: Any) -> str:
    return value if isinstance(value, str) else canonical_json(value)


def _shown(original: Event, key: str) -> str:
    return _text(original.occurred_at if key == "occurred_at" else original.payload.get(key))


def _same(a: Any, b: Any) -> bool:
    """Equal, or the same number written differently (Decimal fields are stored as text: "3200" and "3200.00")."""
    if a == b:
        return True
    if isinstance(a, str) and isinstance(b, str):
        try:
            return Decimal(a) == Decimal(b)
        except InvalidOperation:
            return False
    return False


def _changes(original: Event, row: Draft) -> dict[str, Any]:
    """The fields the row says differently from the event as it stands now (a field the stored payload lacks,
    from an older catalog version, differs only if the row gives it a value)."""
    out: dict[str, Any] = {}
    for name, value in row.payload.items():
        if name not in original.payload:
            if value is not None:
                out[name] = value
        elif not _same(original.payload[name], value):
            out[name] = value
    if row.occurred_at != original.occurred_at:
        out["occurred_at"] = row.occurred_at
    return out


def plan_register(ledger: Ledger, rows: Iterable[Row], mapping: RegisterMapping, *, file: str, actor: str,
                  site: str | None = None, retract_missing: bool = False) -> Plan:  # fmt: skip
    """Read every row of a register and decide, against the stored events, what importing it will do."""
    planner = _Planner(ledger, mapping, file, actor)
    for row in rows:
        planner.add(row)
    reports: list[SheetReport] = list(getattr(rows, "reports", []))
    present = (
        {r.scope for r in reports if r.sheet is not None} if reports else {t.scope for t in mapping.tables}
    )
    plan = planner.finish(mapping.tables, present, site, retract_missing)
    plan.reports = reports
    return plan
