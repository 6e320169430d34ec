"""Self-contained audit bundles: export a (site, period) with everything needed to check it on another machine.

A bundle directory holds:

  bundle.json        what it is: site, period, scheme, each chain's head (site_seq, hash, global seq), the
                     sha256 of every other file, the evidence index
  events.jsonl       the site's whole chain, from its registration (#1) to its head at export, one
                     `Event.to_record()` a line (envelope, payload, site_seq, prev_hash, hash); for a cohort scheme
                     (units ranked against each other) every unit's chain, since the rank reads them all
  scheme/<id>.toml   the scheme file, byte for byte
  scorecard.json     the scorecard at the chain's head (`score --format json`)
  signoffs.json      the sign-offs of this (site, period), each with the public key that verifies it
  keys/<actor>.pub   those public keys (hex), for convenience; the authority is the key event in the chain
  evidence/<sha[:2]>/<sha>   the evidence files referenced by the site's events for the period
  README.md          how to verify, and what a bundle proves and what it cannot

Each site has its own hash chain (each event's hash covers the previous event of the same site and its own
content), so a site's chain from its registration to its head can be checked on its own, and the buyer of one
contract never receives another operator's events (except the units of one cohort scheme, scored together).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from ledger import blobs, keys, limits
from ledger.chain import is_trusted, verify_site
from ledger.envelope import Event, format_instant, now, validate_payload
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from ledger.trust import SiteTrust
from projections.numbers import fmt
from schemes import audit, service
from schemes.audit import Check
from schemes.model import get_scheme

FORMAT = "opsledger-bundle/2"

PROVES = [
    "Every event from the site's registration up to each sign-off's head is exactly as it was in the ledger when "
    "the assessor signed: none altered, added, removed or reordered (the hash chain ends at the signed head hash).",
    "Each sign-off was made with the private key whose public key the assessor registered in the chain, over "
    "exactly the site, period, scheme, total, grade, ledger head and scheme-file hash it states.",
    "The scheme file in the bundle is the one the assessor signed (its sha256 is in the signature).",
    "The signed total follows from those events under that scheme file: it is recomputed from the bundle alone.",
    "Each evidence file included is the file the events reference (by sha256).",
]
CANNOT_PROVE = [
    "Events after the last sign-off's head are checked only for internal consistency: nothing signed covers them, "
    "so whoever exported the bundle could have cut events off its end. Compare the bundle's head hash with "
    "`opsledger verify` on the original ledger.",
    "Whose key it is: actor names are not authenticated and a key is trusted on first registration. A bundle forged "
    "entirely (with its own key registration) is self-consistent; confirm the key fingerprint with the assessor "
    "out of band, or pass it with --trust-key.",
    "That the events are true, or that recorded_at times are real: times come from the writer's clock (no "
    "trusted timestamping); the chain proves order and integrity, not truth.",
    "That another version of opsledger scores the same way: the engine's code is not part of the signature.",
    "Evidence the ledger's store did not hold at export (listed as not included).",
]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write(path: Path, data: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return _sha(data)


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n").encode(
        "utf-8"
    )


@dataclass
class ExportSummary:
    out: Path
    site: str
    period: str
    scheme: str
    first_seq: int
    last_seq: int
    head_hash: str
    events: int
    signoffs: int
    evidence_included: int
    evidence_missing: int
    total: Decimal


def _evidence_refs(
    ledger: Ledger, site: str, card_events: set[int], period: Any, upto: int
) -> list[dict[str, Any]]:
    """Evidence on the site's events that back the scorecard or occurred in the period (envelope + attached)."""
    chosen: dict[str, Event] = {}
    for e in ledger.events(site=site, upto_seq=upto):
        if e.seq in card_events or period.contains(e.occurred_on):
            chosen[e.id] = e
    refs: dict[str, dict[str, Any]] = {}
    for e in chosen.values():
        for r in e.evidence:
            refs.setdefault(r["sha256"], {"sha256": r["sha256"], "file_name": r["file_name"], "events": []})
            refs[r["sha256"]]["events"].append(e.seq)
    for a in ledger.events(site=site, types=["evidence_attached"], upto_seq=upto):
        target = chosen.get(a.payload["target"])
        if target is not None:
            sha = a.payload["sha256"]
            refs.setdefault(sha, {"sha256": sha, "file_name": a.payload["file_name"], "events": []})
            refs[sha]["events"].append(target.seq)
    return [refs[k] for k in sorted(refs)]


def export(
    ledger: Ledger, site: str, period_text: str, out: str | Path, *, scheme_id: str | None = None,
    schemes_dir: Path | None = None,
) -> ExportSummary:  # fmt: skip
    """Write a self-contained bundle for (site, period) into the directory `out` (new or empty)."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise LedgerError(f"{out} exists and is not an empty directory: choose a new --out")
    audit.known_site(ledger, site)
    label = audit.period_label(ledger, site, period_text, scheme_id)
    sites = audit.scope_sites(ledger, site, label, scheme_id, schemes_dir)
    status = ledger.verify(sites=sites)  # never export a chain that is already broken
    head_seq = status.head_seq
    head_hash = status.sites[site].hash
    records = list(ledger.events(sites=sites, upto_seq=head_seq))
    first_seq = records[0].seq
    card = audit.score_upto(ledger, site, label, head_seq, scheme_id=scheme_id, schemes_dir=schemes_dir)
    scheme = get_scheme(card.scheme, schemes_dir)
    target_period = service.resolve(ledger, site, label, scheme_id, None, schemes_dir).period

    files: dict[str, str] = {}
    try:
        out.mkdir(parents=True, exist_ok=True)
        lines = "".join(json.dumps(e.to_record(), ensure_ascii=False) + "\n" for e in records)
        files["events.jsonl"] = _write(out / "events.jsonl", lines.encode("utf-8"))
        scheme_rel = f"scheme/{scheme.id}.toml"
        files[scheme_rel] = _write(out / scheme_rel, Path(scheme.path).read_bytes())
        files["scorecard.json"] = _write(out / "scorecard.json", _json_bytes(card.to_json()))
        signed = []
        for s in audit.signoffs(ledger, site, label):
            record = audit.signing_key(ledger, site, s.actor, before_seq=s.seq)
            key = None
            if record is not None:
                key = {"actor": s.actor, "public_key": record.public_key, "fingerprint": record.fingerprint,
                       "registered_seq": record.seq}  # fmt: skip
                rel = f"keys/{keys.public_path(s.actor, '.').name}"
                files[rel] = _write(out / rel, (record.public_key + "\n").encode("ascii"))
            signed.append(
                {
                    "seq": s.seq,
                    "actor": s.actor,
                    "recorded_at": s.recorded_at,
                    "payload": s.payload,
                    "key": key,
                }
            )
        files["signoffs.json"] = _write(out / "signoffs.json", _json_bytes(signed))
        index = []
        for ref in _evidence_refs(
            ledger, site, {s for i in card.items for s in i.events}, target_period, head_seq
        ):
            state = ledger.store.blob_status(ref["sha256"])
            if state == "stored":
                data = ledger.store.blob_get(ref["sha256"]) or b""
                _write(blobs.blob_path(out / "evidence", ref["sha256"]), data)
                files[f"evidence/{ref['sha256'][:2]}/{ref['sha256']}"] = ref["sha256"]
            index.append({**ref, "included": state == "stored", "store": state})
        _write(out / "README.md", _readme(site, label, scheme.id).encode("utf-8"))
        manifest = {
            "format": FORMAT,
            "site": site,
            "period": label,
            "scheme": scheme.id,
            "sites": sites,
            "chains": {
                s: {"site_seq": h.site_seq, "head_hash": h.hash, "last_seq": h.seq}
                for s, h in status.sites.items()
            },
            "scorecard_seq": head_seq,
            "files": files,
            "evidence": index,
            "exported_at": format_instant(now()),
        }
        _write(out / "bundle.json", _json_bytes(manifest))
    except OSError as err:
        raise LedgerError(f"cannot write the bundle in {out}: {err.strerror or err}") from None
    included = sum(1 for r in index if r["included"])
    return ExportSummary(out, site, label, scheme.id, first_seq, head_seq, head_hash, len(records), len(signed),
                         included, len(index) - included, card.total)  # fmt: skip


def _readme(site: str, period: str, scheme_id: str) -> str:
    proves = "\n".join(f"- {p}" for p in PROVES)
    cannot = "\n".join(f"- {p}" for p in CANNOT_PROVE)
    return f"""# opsledger audit bundle: {site}, {period} ({scheme_id})

Check it on any machine with opsledger installed (the original database is not needed):

    opsledger verify-bundle THIS_DIRECTORY [--trust-key FINGERPRINT_OR_HEX]

## What a verified bundle proves

{proves}

## What it cannot prove

{cannot}
"""


# -- verification -------------------------------------------------------------------------------------------


@dataclass
class BundleReport:
    path: Path
    site: str
    period: str
    scheme: str
    checks: list[Check] = field(default_factory=list)
    signoffs: list[audit.SignoffAudit] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]


class _ChainHead(BaseModel):
    site_seq: int = Field(ge=0, le=limits.SEQ_MAX)
    head_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    last_seq: int = Field(default=0, ge=0, le=limits.SEQ_MAX)


class _EvidenceRef(BaseModel):
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    file_name: str = ""
    events: list[int] = []
    included: bool = False
    store: str = ""


class Manifest(BaseModel):
    """bundle.json's shape: checked before anything in it is used (a malformed bundle is one line, not a crash)."""

    model_config = ConfigDict(extra="allow", strict=True)
    format: Literal["opsledger-bundle/2"]
    site: str = Field(min_length=1, max_length=limits.NAME_MAX)
    period: str = Field(min_length=1, max_length=40)
    scheme: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    sites: list[str] = []
    chains: dict[str, _ChainHead]
    files: dict[str, str]
    scorecard_seq: int = Field(ge=0, le=limits.SEQ_MAX)
    evidence: list[_EvidenceRef] = []


class _Record(BaseModel):
    """One line of events.jsonl as `Event.to_record()` writes it, types checked (a forged line is one error)."""

    model_config = ConfigDict(extra="ignore", strict=True)
    seq: int = Field(ge=1, le=limits.SEQ_MAX)
    id: str
    type: str
    version: int = Field(ge=1, le=1000)
    site: str
    occurred_at: str
    recorded_at: str
    actor: str
    payload: dict[str, Any]
    evidence: list[dict[str, str]]
    idempotency_key: str | None
    prev_hash: str
    hash: str
    site_seq: int = Field(ge=1, le=limits.SEQ_MAX)
    covers: str | None = None
    signer: str | None = None
    signature: str | None = None


class _Signoff(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)
    seq: int
    actor: str
    payload: dict[str, Any]
    key: dict[str, Any] | None = None


_SignoffList = TypeAdapter(list[_Signoff])


def _event(record: Any) -> Event:
    r = _Record.model_validate(record)
    return Event(
        seq=r.seq, id=r.id, type=r.type, version=r.version, site=r.site, occurred_at=r.occurred_at,
        recorded_at=r.recorded_at, actor=r.actor, payload=r.payload, evidence=tuple(r.evidence),
        idempotency_key=r.idempotency_key, prev_hash=r.prev_hash, hash=r.hash, site_seq=r.site_seq, covers=r.covers,
        signer=r.signer, signature=r.signature,
    )  # fmt: skip


def _load_events(path: Path) -> list[Event]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise LedgerError(f"events.jsonl: cannot read it ({err})") from None
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(_event(limits.loads(line, f"events.jsonl line {number}")))
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise LedgerError(
                f"events.jsonl line {number}: not an event record ({where}: {first['msg']})"
            ) from None
    return out


def check_chains(events: list[Event], chains: dict[str, Any]) -> Check:
    """Each site's chain: from its registration, contiguous, every hash recomputed, ending at the stated head."""
    name = "events.jsonl"
    if not events:
        return Check(name, False, "no events")
    by_site: dict[str, list[Event]] = {}
    for e in events:
        by_site.setdefault(e.site, []).append(e)
    if set(by_site) != set(chains):
        return Check(
            name, False, f"holds the chains of {sorted(by_site)}, bundle.json lists {sorted(chains)}"
        )
    parts = []
    for site, chain in sorted(by_site.items()):
        try:
            head = verify_site(site, sorted(chain, key=lambda e: e.site_seq))
        except LedgerError as err:
            return Check(name, False, str(err))
        stated = chains[site]
        if (head.site_seq, head.hash) != (int(stated["site_seq"]), stated["head_hash"]):
            return Check(name, False, f"the chain of {site} ends at #{head.site_seq} ({head.hash[:16]}…), bundle.json "
                                      f"says #{stated['site_seq']} ({str(stated['head_hash'])[:16]}…)")  # fmt: skip
        parts.append(f"{site} #1..#{head.site_seq} (head {head.hash[:16]}…)")
    return Check(name, True, "hash chain verifies: " + "; ".join(parts))


def check_payloads(events: list[Event]) -> Check | None:
    """Every payload must be what the catalog validates it to (the store only ever writes that form)."""
    for e in events:
        try:
            clean = validate_payload(e.type, e.payload)
        except LedgerError as err:
            return Check("events.jsonl", False, f"seq {e.seq}: not a valid event: {err}")
        if e.type != "correction" and clean != e.payload:
            return Check(
                "events.jsonl", False, f"seq {e.seq}: its payload is not in the catalog's canonical form"
            )
    return None


def _trusted(record: audit.KeyRecord | None, trust: list[str], root: str | None) -> bool:
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
        checked = SiteTrust()
        try:
            for e in sorted(chain, key=lambda e: e.site_seq):
                checked.feed(e)
        except LedgerError as err:
            return Check("events.jsonl", False, str(err)), roots
        roots[site] = checked.authority.root
    return None, roots


def verify_bundle(directory: str | Path, *, trust_keys: list[str] | None = None) -> BundleReport:
    """Check a bundle on its own: files, chains, signatures, scheme hash, recomputed score, evidence."""
    root = Path(directory)
    try:
        raw = limits.loads((root / "bundle.json").read_text(encoding="utf-8"), "bundle.json")
        manifest = Manifest.model_validate(raw).model_dump()
    except (OSError, UnicodeDecodeError) as err:
        raise LedgerError(f"{root} is not an opsledger bundle (bundle.json: {err})") from None
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise LedgerError(
            f"{root} is not an opsledger bundle (bundle.json: {where}: {first['msg']})"
        ) from None
    site, label, scheme_id = manifest["site"], manifest["period"], manifest["scheme"]
    chains, files = manifest["chains"], manifest["files"]
    report = BundleReport(root, site, label, scheme_id)
    checks = report.checks

    # 1. Every file is the one bundle.json lists (accidental damage; the checks below catch deliberate edits).
    for rel, sha in sorted(files.items()):
        path = root / rel
        if not path.is_file():
            checks.append(Check(rel, False, "listed in bundle.json but missing"))
        elif blobs.file_sha256(path) != sha:
            checks.append(
                Check(
                    rel,
                    False,
                    f"sha256 {blobs.file_sha256(path)[:16]}… differs from bundle.json's {sha[:16]}…",
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
        checks.append(Check("events.jsonl", False, f"cannot be loaded: {err}"))
        return report

    # 3. Sign-offs: signature with the registered key, signed head in the chain, scheme hash, recomputed score.
    chained = audit.signoffs(ledger, site, label)
    trusted_signoffs = 0
    for s in chained:
        try:
            result = audit.audit_signoff(ledger, s, chain, schemes_dir=schemes_dir)
        except (LedgerError, KeyError, ValueError, TypeError) as err:  # a forged sign-off payload
            checks.append(
                Check(f"sign-off seq {s.seq}", False, f"cannot be checked: {type(err).__name__}: {err}")
            )
            continue
        report.signoffs.append(result)
        for c in result.checks:
            if c is chain:
                continue
            part = {"signature": f"signature of sign-off seq {s.seq}", "head": f"signed head of seq {s.seq}",
                    "scheme": f"scheme/{scheme_id}.toml", "score": f"signed score of seq {s.seq}"}[c.name]  # fmt: skip
            checks.append(Check(part, c.ok, c.detail))
        if trust_keys:
            ok = _trusted(result.key, trust_keys, roots.get(site))
            fp = result.key.fingerprint if result.key else "none"
            checks.append(Check(f"key of seq {s.seq}", ok, f"{s.actor}'s key {fp} "
                                + ("is" if ok else "is NOT") + " one of the trusted keys or delegated by one"))  # fmt: skip
            trusted_signoffs += ok and result.ok
    checks.extend(_check_signoffs_file(root, chained, ledger))
    if trust_keys and not trusted_signoffs:
        # --trust-key vouches for the head a trusted key signed: a bundle with no such sign-off (cut before it,
        # or signed by someone else) has nothing the auditor trusts in it.
        checks.append(Check("trusted sign-off", False, f"no valid sign-off of {site} {label} in the bundle is signed "
                            "by a trusted key or one it delegated: nothing in it is vouched for (a bundle cut "
                            "before the sign-off?)"))  # fmt: skip

    # 4. The scorecard, recomputed from the bundle's events alone.
    checks.append(
        _check_scorecard(root, ledger, site, label, scheme_id, schemes_dir, int(manifest["scorecard_seq"]))
    )

    # 5. Evidence files against the references in the (chain-checked) events.
    checks.extend(_check_evidence(root, events, manifest.get("evidence", [])))
    if not chained:
        checks.append(Check("signoffs", True, f"no sign-off of {site} {label} in the bundle: only the chain and the "
                                              "score are checked"))  # fmt: skip
    return report


def _check_signoffs_file(root: Path, chained: list[Event], ledger: Ledger) -> list[Check]:
    try:
        listed = _SignoffList.validate_python(
            limits.loads((root / "signoffs.json").read_text(encoding="utf-8"), "signoffs.json")
        )
        by_seq = {s.seq: s.model_dump() for s in listed}
    except (OSError, UnicodeDecodeError, LedgerError) as err:
        return [Check("signoffs.json", False, f"unreadable ({err})")]
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return [Check("signoffs.json", False, f"not a list of sign-offs ({where}: {first['msg']})")]
    out = []
    for s in chained:
        entry = by_seq.pop(s.seq, None)
        if entry is None:
            out.append(
                Check("signoffs.json", False, f"the sign-off at seq {s.seq} is in the chain but not listed")
            )
            continue
        diffs = sorted(k for k in set(s.payload) | set(entry.get("payload", {}))
                       if s.payload.get(k) != entry.get("payload", {}).get(k))  # fmt: skip
        if diffs or entry.get("actor") != s.actor:
            out.append(Check("signoffs.json", False, f"entry for seq {s.seq} differs from the chain's score_signed_off "
                                                     f"event ({', '.join(diffs) or 'actor'})"))  # fmt: skip
        record = audit.signing_key(ledger, s.site, s.actor, before_seq=s.seq)
        key = entry.get("key") or {}
        if record is not None and key.get("public_key") != record.public_key:
            out.append(Check("signoffs.json", False, f"the key listed for seq {s.seq} is not the key {s.actor} "
                                                     f"registered in the chain (seq {record.seq})"))  # fmt: skip
        if record is not None:
            pub = root / "keys" / keys.public_path(s.actor, ".").name
            if (
                pub.is_file()
                and pub.read_text(encoding="ascii", errors="replace").strip() != record.public_key
            ):
                out.append(
                    Check(
                        f"keys/{pub.name}",
                        False,
                        f"differs from the key {s.actor} registered at seq {record.seq}",
                    )
                )
    for seq in by_seq:
        out.append(Check("signoffs.json", False, f"lists a sign-off at seq {seq} that is not in the chain"))
    if not out:
        out.append(
            Check("signoffs.json", True, f"{len(chained)} sign-off(s), identical to the chain's events")
        )
    return out


def _check_scorecard(
    root: Path, ledger: Ledger, site: str, label: str, scheme_id: str, schemes_dir: Path, seq: int
) -> Check:
    try:
        stated = limits.loads((root / "scorecard.json").read_text(encoding="utf-8"), "scorecard.json")
    except (OSError, UnicodeDecodeError, LedgerError) as err:
        return Check("scorecard.json", False, f"unreadable ({err})")
    if not isinstance(stated, dict):
        return Check("scorecard.json", False, "not a scorecard (a JSON object)")
    try:
        card = audit.score_upto(ledger, site, label, seq, scheme_id=scheme_id, schemes_dir=schemes_dir)
    except LedgerError as err:
        return Check("scorecard.json", False, f"the score cannot be recomputed from the bundle: {err}")
    fresh = json.loads(_json_bytes(card.to_json()))
    if fresh == stated:
        return Check("scorecard.json", True, f"recomputed from the bundle's events (1..{seq}): total {fmt(card.total)} "
                                             f"{card.grade or ''}, identical")  # fmt: skip
    wrong = [
        i["id"] for i, j in zip(fresh.get("items", []), stated.get("items", []) or [], strict=False) if i != j
    ]
    what = (
        f"total {stated.get('total')} vs recomputed {fresh['total']}"
        if stated.get("total") != fresh["total"]
        else ""
    )
    what = (
        ", ".join(x for x in (what, f"items {', '.join(wrong)}" if wrong else "") if x)
        or "other fields differ"
    )
    return Check("scorecard.json", False, f"does not match the score recomputed from the events ({what})")


def _check_evidence(root: Path, events: list[Event], index: list[dict[str, Any]]) -> list[Check]:
    referenced = {r["sha256"] for e in events for r in e.evidence}
    referenced |= {e.payload["sha256"] for e in events if e.type == "evidence_attached"}
    out, good, missing = [], 0, 0
    present = {p.name for p in (root / "evidence").glob("*/*") if p.is_file()}
    for sha in sorted(present):
        rel = f"evidence/{sha[:2]}/{sha}"
        if sha not in referenced:
            out.append(Check(rel, False, "not referenced by any event in the chain"))
        elif blobs.file_sha256(root / rel) != sha:
            out.append(Check(rel, False, "its content does not match its sha256 (the file was altered)"))
        else:
            good += 1
    for ref in index:
        if ref.get("included") and ref["sha256"] not in present:
            out.append(
                Check(
                    f"evidence/{ref['sha256'][:2]}/{ref['sha256']}", False, "listed as included but missing"
                )
            )
        elif not ref.get("included"):
            missing += 1
    if not any(not c.ok for c in out):
        note = f"; {missing} referenced file(s) were not in the ledger's store at export" if missing else ""
        out.append(Check("evidence", True, f"{good} file(s) match the sha256 their events reference{note}"))
    return out


def export_text(s: ExportSummary) -> str:
    return "\n".join([
        f"wrote {s.out}: {s.site} {s.period} ({s.scheme})",
        f"  events.jsonl   {s.events} events (seq {s.first_seq}..{s.last_seq}), the site's head {s.head_hash}",
        f"  scorecard.json total {fmt(s.total)}",
        f"  signoffs.json  {s.signoffs} sign-off(s)",
        f"  evidence/      {s.evidence_included} file(s)"
        + (f"; {s.evidence_missing} referenced file(s) not in the store, listed in bundle.json" if s.evidence_missing else ""),
        f"check it anywhere with: opsledger verify-bundle {s.out}",
    ])  # fmt: skip


def report_text(r: BundleReport) -> str:
    lines = [f"bundle {r.path}: {r.site} {r.period} ({r.scheme})"]
    for c in r.checks:
        lines.append(f"  {'ok  ' if c.ok else 'FAIL'} {c.name}: {c.detail}")
    for s in r.signoffs:
        if s.key is not None:
            lines.append(f"  sign-off seq {s.event.seq} by {s.event.actor}: key {s.key.fingerprint} — confirm it with "
                         f"{s.event.actor} out of band (or pass --trust-key)")  # fmt: skip
        for step in s.changes:
            lines.append(
                f"  after sign-off seq {s.event.seq}, seq {step.event.seq} {step.label}: {step.total_text()}"
            )
    lines.append("")
    lines.append("A verified bundle proves:")
    lines += [f"  - {p}" for p in PROVES]
    lines.append("It cannot prove:")
    lines += [f"  - {p}" for p in CANNOT_PROVE]
    return "\n".join(lines)
