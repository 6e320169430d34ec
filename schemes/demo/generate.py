"""Reading the plans into drafts: every event of the demo, each with the day it was written down.

Pure (no ledger): `generate(seed, year)` gives the same drafts, ids and order for the same seed. Every random
value comes from one `random.Random(seed)` in the order the plans are read; every id is a uuid5 of the seed,
the year and a counter.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ledger.envelope import Draft, EvidenceRef
from schemes.demo import plan as p
from schemes.demo import values as val
from schemes.demo.calendar import Calendar
from schemes.demo.plans import all_plans
from schemes.demo.sites import ASSESSOR, BUYER, DemoSite, demo_keys, demo_sites
from schemes.demo.when import Day
from schemes.model import get_scheme

NAMESPACE = uuid.UUID("5f6c7a52-3b1e-4f0e-9a57-0b1d2c3e4f50")  # the demo's uuid5 namespace (any fixed uuid)


@dataclass
class Log:
    """Drafts in the order they were created, each with the day it was written down; the one random source."""

    seed: int
    year: int
    rows: list[tuple[date, int, Draft]] = field(default_factory=list)  # (day logged, counter, draft)
    files: dict[str, bytes] = field(
        default_factory=dict
    )  # sha256 -> content of the evidence files referenced
    by_site: dict[str, list[Draft]] = field(default_factory=dict)
    counter: int = 0

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.cal = Calendar(self.year, self.rng)

    def new_id(self) -> str:
        self.counter += 1
        return str(uuid.uuid5(NAMESPACE, f"{self.seed}:{self.year}:{self.counter}"))

    def add(self, event_type: str, site: str, on: date, payload: dict[str, Any], actor: str,
            evidence: Iterable[str] = (), logged: date | None = None) -> Draft:  # fmt: skip
        draft = Draft(type=event_type, site=site, occurred_at=on, actor=actor, payload=payload,
                      evidence=tuple(self.evidence(name) for name in evidence), id=self.new_id())  # fmt: skip
        self.rows.append((max(logged or on, on), self.counter, draft))
        self.by_site.setdefault(site, []).append(draft)
        return draft

    def evidence(self, file_name: str) -> EvidenceRef:
        """A reference to a small generated file (its bytes are kept so the build can store them)."""
        content = f"opsledger demo evidence\n{file_name}\n".encode()
        sha = hashlib.sha256(content).hexdigest()
        self.files[sha] = content
        return EvidenceRef(file_name=file_name, sha256=sha)

    def logged(self) -> list[tuple[date, Draft]]:
        """Every draft with the day it was written down, in the order written (that day, then creation)."""
        return [(day, draft) for day, _, draft in sorted(self.rows, key=lambda r: (r[0], r[1]))]

    def drafts(self) -> list[Draft]:
        return [draft for _, draft in self.logged()]

    # -- registration -------------------------------------------------------------------------------------------

    def register(self, site: DemoSite) -> None:
        """Site, contract (with its fee) and the assessor's role, all in the last days of the year before."""
        on = date(self.year - 1, 12, 20)
        buyer, assessor = demo_keys(self.seed)
        self.add("site_registered", site.id, on, {"name": site.name, "kind": site.kind}, BUYER)
        self.add("contract_signed", site.id, on, {"scheme": site.scheme, "start": f"{self.year}-01-01",
                 "end": f"{self.year}-12-31", "fee_yuan": site.fee_yuan, "network_fee_yuan": site.network_fee_yuan,
                 "buyer_key": buyer.public_hex}, BUYER)  # fmt: skip
        self.add("actor_role_granted", site.id, on,
                 {"actor": ASSESSOR, "role": "assessor", "public_key": assessor.public_hex}, BUYER)  # fmt: skip


class Where:
    """What a date rule may look at: the calendar, the drawing context and the site's events so far."""

    def __init__(self, log: Log, site: DemoSite, ctx: val.Ctx) -> None:
        self.log, self.site, self.ctx, self.cal = log, site, ctx, log.cal

    def events(self) -> list[Draft]:
        return self.log.by_site.get(self.site.id, [])


class Reader:
    """Reads one site's plan into the log."""

    def __init__(self, log: Log, site: DemoSite) -> None:
        self.log, self.site = log, site
        self.ctx = val.Ctx(log.rng, log.year, site.scheme)
        self.year_end = date(log.year, 12, 31)

    def actor(self, by: str) -> str:
        return {p.OPERATOR: self.site.operator, p.ASSESSOR: ASSESSOR, p.BUYER: BUYER}[by]

    def day(self, on: Day | p.LastYear) -> date:
        if isinstance(on, p.LastYear):
            return date(self.log.year - 1, on.month, on.day)
        return self.log.cal.day(*on)

    def when_logged(self, happened: date, logged: int | Day | None) -> date:
        if logged is None:
            return happened
        return happened + timedelta(logged) if isinstance(logged, int) else self.log.cal.day(*logged)

    def fields(self, fields: Any, preset: dict[str, Any] | None = None) -> dict[str, Any]:
        preset = preset or {}
        out = {k: val.draw(v, self.ctx) for k, v in fields.items() if k not in preset}
        return {**out, **preset}

    def read(self, row: p.Row) -> None:
        if isinstance(row, p.Once):
            self.once(row)
        else:
            self.stream(row)

    def once(self, row: p.Once) -> None:
        on = self.day(row.on)
        self.ctx.day, self.ctx.n, self.ctx.parent = on, 1, None
        draft = self.log.add(row.type, self.site.id, on, self.fields(row.fields), self.actor(row.by), row.evidence,
                             self.when_logged(on, row.logged))  # fmt: skip
        self.later(draft, on, row.later)

    def stream(self, row: p.Stream) -> None:
        self.ctx.parent = None
        pairs = row.when.dates(Where(self.log, self.site, self.ctx))
        for value in [*row.fields.values(), row.evidence]:
            if isinstance(value, val.Value):
                value.start(self.ctx, len(pairs))
        tweaks = {(t.at if t.at > 0 else len(pairs) + 1 + t.at): t for t in row.tweaks}
        for n, (on, preset) in enumerate(pairs, start=1):
            self.ctx.day, self.ctx.n, self.ctx.k, self.ctx.parent = on, n, 1, None
            payload = self.fields(row.fields, preset)
            proof = val.draw(row.evidence, self.ctx)
            tweak = tweaks.get(n)
            if tweak is not None:
                payload.update(tweak.set)
            logged = self.when_logged(on, tweak.logged) if tweak is not None else None
            draft = self.log.add(row.type, self.site.id, on, payload, self.actor(row.by),
                                 () if proof is None else (proof,), logged)  # fmt: skip
            for then in row.then:
                self.follow(draft, on, then)
            if tweak is not None:
                self.later(draft, on, tweak.later)

    def follow(self, parent: Draft, on: date, then: p.Then) -> None:
        if then.chance < 1 and self.log.rng.random() >= then.chance:
            return
        for k in range(1, val.draw(then.times, self.ctx) + 1):
            self.ctx.k, self.ctx.parent = k, parent
            when = on + timedelta(val.draw(then.after, self.ctx))
            self.ctx.day = when
            payload = self.fields(then.fields)
            if when <= self.year_end:  # drawn all the same, so the rest of the year stays as it was
                self.log.add(then.type, self.site.id, when, payload, self.actor(p.OPERATOR))
        self.ctx.parent = None

    def later(self, target: Draft, on: date, later: p.Later) -> None:
        assert target.id is not None
        if later.fix is not None:
            self.log.add("correction", self.site.id, on, {"target": target.id, "changes": dict(later.fix.changes),
                         "reason": later.fix.reason}, target.actor, logged=self.when_logged(on, later.fix.after))  # fmt: skip
        if later.void is not None:
            self.log.add("retraction", self.site.id, on, {"target": target.id, "reason": later.void.reason},
                         target.actor, logged=self.when_logged(on, later.void.after))  # fmt: skip
        if later.attach is not None:
            name = val.draw(later.attach.file, self.ctx)
            requirement = get_scheme(self.site.scheme).item(later.attach.item).evidence[0]
            ref = self.log.evidence(name)
            self.log.add("evidence_attached", self.site.id, on, {"target": target.id, "file_name": name,
                         "sha256": ref.sha256, "requirement": requirement}, target.actor,
                         logged=self.when_logged(on, later.attach.after))  # fmt: skip


def generate(seed: int, year: int) -> Log:
    """Every event of the demo (pure: no ledger)."""
    log = Log(seed, year)
    sites = {s.id: s for s in demo_sites()}
    for site in sites.values():
        log.register(site)
    for site_plan in all_plans():
        reader = Reader(log, sites[site_plan.site])
        for row in site_plan.rows:
            reader.read(row)
    return log
