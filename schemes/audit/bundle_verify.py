"""`opsledger verify-bundle`: check a bundle on its own (files, chains, signatures, scheme hash, recomputed
score, evidence), without the original database."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ledger import blobs, keys, limits
from ledger.chain import is_trusted, verify_site
from ledger.envelope import Event
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from ledger.messages import Message, listing, msg
from ledger.messages.pydantic import pydantic_message
from ledger.payloads import validate_payload
from ledger.trust import migrated
from projections.numbers import fmt
from schemes.audit.bundle import _json_bytes
from schemes.audit.bundle_format import Manifest, _load_events, _SignoffList
from schemes.audit.changes import joined
from schemes.audit.delegation import KeyRecord, signing_key
from schemes.audit.replay import score_upto
from schemes.audit.signoff import signoffs
from schemes.audit.signoff_audit import Check, SignoffAudit, audit_signoff


@dataclass
class BundleReport:
    path: Path
    site: str
    period: str
    scheme: str
    checks: list[Check] = field(default_factory=list)
    signoffs: list[SignoffAudit] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]


def check_chains(events: list[Event], chains: dict[str, Any]) -> Check:
    """Each site's chain: from its registration, contiguous, every hash recomputed, ending at the stated head."""
    name = "events.jsonl"
    if not events:
        return Check(name, False, msg("audit.no_events"))
    by_site: dict[str, list[Event]] = {}
    for e in events:
        by_site.setdefault(e.site, []).append(e)
    if set(by_site) != set(chains):
        return Check(name, False, msg("audit.chains_differ", held=sorted(by_site), listed=sorted(chains)))
    parts = []
    for site, chain in sorted(by_site.items()):
        try:
            head = verify_site(site, sorted(chain, key=lambda e: e.site_seq))
        except LedgerError as err:
            return Check(name, False, msg("audit.error", error=err))
        stated = chains[site]
        if (head.site_seq, head.hash) != (int(stated["site_seq"]), stated["head_hash"]):
            return Check(name, False, msg("audit.chain_end", site=site, n=head.site_seq, hash=head.hash[:16],
                                          stated=stated["site_seq"], stated_hash=str(stated["head_hash"])[:16]))  # fmt: skip
        parts.append(msg("audit.chain_part", site=site, n=head.site_seq, hash=head.hash[:16]))
    return Check(name, True, msg("audit.chains_ok", parts=joined(parts)))


def check_payloads(events: list[Event]) -> Check | None:
    """Every payload must be what the catalog validates it to (the store only ever writes that form)."""
    for e in events:
        try:
            clean = validate_payload(e.type, e.payload)
        except LedgerError as err:
            return Check("events.jsonl", False, msg("audit.not_valid_event", seq=e.seq, error=err))
        if e.type != "correction" and clean != e.payload:
            return Check("events.jsonl", False, msg("audit.not_canonical", seq=e.seq))
    return None


def _trusted(record: KeyRecord | None, trust: list[str], root: str | None) -> bool:
    """A sign-off's key is trusted if it is one of the trusted keys, or was delegated (by a buyer-signed grant
    the chain check verified) under a buyer key that is."""
    if record is None:
        return False
    return is_trusted(record.public_key, trust) or is_trusted(root, trust)


def check_signatures(events: list[Event]) -> tuple[Check | None, dict[str, str | None]]:
    """Every signature rule of ledger/trust.py along each chain (a forged act inside a bundle is named); returns
    a failing Check or None, and each site's buyer key (its root of trust) as the chain ends."""
    roots: dict[str, str | None] = {}
    by_site: dict[str, list[Event]] = {}
    for e in events:
        by_site.setdefault(e.site, []).append(e)
    for site, chain in sorted(by_site.items()):
        checked = migrated(chain)
        try:
            for e in sorted(chain, key=lambda e: e.site_seq):
                checked.feed(e)
        except LedgerError as err:
            return Check("events.jsonl", False, msg("audit.error", error=err)), roots
        roots[site] = checked.authority.root
    return None, roots


def verify_bundle(directory: str | Path, *, trust_keys: list[str] | None = None) -> BundleReport:
    """Check a bundle on its own: files, chains, signatures, scheme hash, recomputed score, evidence."""
    root = Path(directory)
    try:
        raw = limits.loads((root / "bundle.json").read_text(encoding="utf-8"), "bundle.json")
        manifest = Manifest.model_validate(raw).model_dump()
    except (OSError, UnicodeDecodeError) as err:
        raise LedgerError(msg("bundle.not_bundle", root=root, error=str(err))) from None
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise LedgerError(
            msg("bundle.not_bundle_at", root=root, where=where, error=pydantic_message(first))
        ) from None
    site, label, scheme_id = manifest["site"], manifest["period"], manifest["scheme"]
    chains, files = manifest["chains"], manifest["files"]
    report = BundleReport(root, site, label, scheme_id)
    checks = report.checks

    # 1. Every file is the one bundle.json lists (accidental damage; the checks below catch deliberate edits).
    for rel, sha in sorted(files.items()):
        path = root / rel
        if not path.is_file():
            checks.append(Check(rel, False, msg("audit.file_missing")))
        elif blobs.file_sha256(path) != sha:
            checks.append(
                Check(
                    rel, False, msg("audit.file_differs", got=blobs.file_sha256(path)[:16], listed=sha[:16])
                )
            )

    # 2. The chains.
    events = _load_events(root / "events.jsonl")
    chain = check_chains(events, chains)
    checks.append(chain)
    forged, roots = check_signatures(events)
    if forged is not None:
        checks.append(forged)
    invalid = check_payloads(events)
    if invalid is not None:  # a forged payload the catalog refuses: scoring it would prove nothing
        checks.append(invalid)
        return report

    schemes_dir = root / "scheme"
    try:
        ledger = Ledger.of(events)
    except LedgerError as err:
        checks.append(Check("events.jsonl", False, msg("audit.cannot_load", error=err)))
        return report

    # 3. Sign-offs: signature with the registered key, signed head in the chain, scheme hash, recomputed score.
    chained = signoffs(ledger, site, label)
    trusted_signoffs = 0
    for s in chained:
        try:
            result = audit_signoff(ledger, s, chain, schemes_dir=schemes_dir)
        except (LedgerError, KeyError, ValueError, TypeError) as err:  # a forged sign-off payload
            checks.append(
                Check(
                    msg("audit.name.signoff", seq=s.seq),
                    False,
                    msg("audit.cannot_check", kind=type(err).__name__, error=err),
                )
            )
            continue
        report.signoffs.append(result)
        for c in result.checks:
            if c is chain:
                continue
            part = {"signature": msg("audit.name.signature", seq=s.seq), "head": msg("audit.name.head", seq=s.seq),
                    "scheme": f"scheme/{scheme_id}.toml", "score": msg("audit.name.score", seq=s.seq)}[c.name]  # fmt: skip
            checks.append(Check(part, c.ok, c.detail))
        if trust_keys:
            ok = _trusted(result.key, trust_keys, roots.get(site))
            fp = result.key.fingerprint if result.key else msg("audit.none")
            said = msg("audit.key_trusted" if ok else "audit.key_untrusted", actor=s.actor, fp=fp)
            checks.append(Check(msg("audit.name.key", seq=s.seq), ok, said))
            trusted_signoffs += ok and result.ok
    checks.extend(_check_signoffs_file(root, chained, ledger))
    if trust_keys and not trusted_signoffs:
        # --trust-key vouches for the head a trusted key signed: a bundle with no such sign-off (cut before it,
        # or signed by someone else) has nothing the auditor trusts in it.
        checks.append(
            Check(msg("audit.name.trusted"), False, msg("audit.no_trusted_signoff", site=site, label=label))
        )

    # 4. The scorecard, recomputed from the bundle's events alone.
    checks.append(
        _check_scorecard(root, ledger, site, label, scheme_id, schemes_dir, int(manifest["scorecard_seq"]))
    )

    # 5. Evidence files against the references in the (chain-checked) events.
    checks.extend(_check_evidence(root, events, manifest.get("evidence", [])))
    if not chained:
        checks.append(
            Check(msg("audit.name.signoffs"), True, msg("audit.no_signoff", site=site, label=label))
        )
    return report


def _check_signoffs_file(root: Path, chained: list[Event], ledger: Ledger) -> list[Check]:
    try:
        listed = _SignoffList.validate_python(
            limits.loads((root / "signoffs.json").read_text(encoding="utf-8"), "signoffs.json")
        )
        by_seq = {s.seq: s.model_dump() for s in listed}
    except (OSError, UnicodeDecodeError, LedgerError) as err:
        return [Check("signoffs.json", False, msg("audit.unreadable", error=err))]
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return [
            Check(
                "signoffs.json",
                False,
                msg("audit.not_signoff_list", where=where, error=pydantic_message(first)),
            )
        ]
    out = []
    for s in chained:
        entry = by_seq.pop(s.seq, None)
        if entry is None:
            out.append(Check("signoffs.json", False, msg("audit.signoff_unlisted", seq=s.seq)))
            continue
        diffs = sorted(k for k in set(s.payload) | set(entry.get("payload", {}))
                       if s.payload.get(k) != entry.get("payload", {}).get(k))  # fmt: skip
        if diffs or entry.get("actor") != s.actor:
            out.append(Check("signoffs.json", False, msg("audit.signoff_entry_differs", seq=s.seq,
                                                         fields=", ".join(diffs) or "actor")))  # fmt: skip
        record = signing_key(ledger, s.site, s.actor, before_seq=s.seq)
        key = entry.get("key") or {}
        if record is not None and key.get("public_key") != record.public_key:
            out.append(Check("signoffs.json", False, msg("audit.listed_key_differs", seq=s.seq, actor=s.actor,
                                                         key_seq=record.seq)))  # fmt: skip
        if record is not None:
            pub = root / "keys" / keys.public_path(s.actor, ".").name
            if (
                pub.is_file()
                and pub.read_text(encoding="ascii", errors="replace").strip() != record.public_key
            ):
                out.append(
                    Check(f"keys/{pub.name}", False, msg("audit.pub_differs", actor=s.actor, seq=record.seq))
                )
    for seq in by_seq:
        out.append(Check("signoffs.json", False, msg("audit.signoff_extra", seq=seq)))
    if not out:
        out.append(Check("signoffs.json", True, msg("audit.signoffs_ok", n=len(chained))))
    return out


def _check_scorecard(
    root: Path, ledger: Ledger, site: str, label: str, scheme_id: str, schemes_dir: Path, seq: int
) -> Check:
    try:
        stated = limits.loads((root / "scorecard.json").read_text(encoding="utf-8"), "scorecard.json")
    except (OSError, UnicodeDecodeError, LedgerError) as err:
        return Check("scorecard.json", False, msg("audit.unreadable", error=err))
    if not isinstance(stated, dict):
        return Check("scorecard.json", False, msg("audit.not_scorecard"))
    try:
        card = score_upto(ledger, site, label, seq, scheme_id=scheme_id, schemes_dir=schemes_dir)
    except LedgerError as err:
        return Check("scorecard.json", False, msg("audit.cannot_recompute", error=err))
    fresh = json.loads(_json_bytes(card.to_json()))
    if fresh == stated:
        return Check("scorecard.json", True, msg("audit.score_identical", seq=seq, total=fmt(card.total),
                                                 grade=card.grade or ""))  # fmt: skip
    wrong = [
        i["id"] for i, j in zip(fresh.get("items", []), stated.get("items", []) or [], strict=False) if i != j
    ]
    parts: list[Message] = []
    if stated.get("total") != fresh["total"]:
        parts.append(msg("audit.total_differs", stated=stated.get("total"), fresh=fresh["total"]))
    if wrong:
        parts.append(msg("audit.items_differ", items=", ".join(wrong)))
    what = listing(parts) if parts else msg("audit.other_fields")
    return Check("scorecard.json", False, msg("audit.score_differs", what=what))


def _check_evidence(root: Path, events: list[Event], index: list[dict[str, Any]]) -> list[Check]:
    referenced = {r["sha256"] for e in events for r in e.evidence}
    referenced |= {e.payload["sha256"] for e in events if e.type == "evidence_attached"}
    out, good, missing = [], 0, 0
    present = {p.name for p in (root / "evidence").glob("*/*") if p.is_file()}
    for sha in sorted(present):
        rel = f"evidence/{sha[:2]}/{sha}"
        if sha not in referenced:
            out.append(Check(rel, False, msg("audit.unreferenced")))
        elif blobs.file_sha256(root / rel) != sha:
            out.append(Check(rel, False, msg("audit.altered")))
        else:
            good += 1
    for ref in index:
        if ref.get("included") and ref["sha256"] not in present:
            out.append(
                Check(f"evidence/{ref['sha256'][:2]}/{ref['sha256']}", False, msg("audit.included_missing"))
            )
        elif not ref.get("included"):
            missing += 1
    if not any(not c.ok for c in out):
        note = msg("audit.evidence_note", n=missing) if missing else ""
        out.append(Check(msg("audit.name.evidence"), True, msg("audit.evidence_ok", good=good, note=note)))
    return out
