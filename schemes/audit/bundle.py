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
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ledger import blobs, keys
from ledger.envelope import Event, format_instant, now
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from ledger.messages import msg, os_reason
from schemes import service
from schemes.audit.delegation import signing_key
from schemes.audit.replay import known_site, period_label, scope_sites, score_upto
from schemes.audit.signoff import signoffs
from schemes.model import get_scheme

FORMAT = "opsledger-bundle/2"

PROVES = [msg(f"bundle.proves.{n}") for n in range(1, 6)]
CANNOT_PROVE = [msg(f"bundle.cannot.{n}") for n in range(1, 6)]


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
        raise LedgerError(msg("bundle.out_used", out=out))
    known_site(ledger, site)
    label = period_label(ledger, site, period_text, scheme_id)
    sites = scope_sites(ledger, site, label, scheme_id, schemes_dir)
    status = ledger.verify(sites=sites)  # never export a chain that is already broken
    head_seq = status.head_seq
    head_hash = status.sites[site].hash
    records = list(ledger.events(sites=sites, upto_seq=head_seq))
    first_seq = records[0].seq
    card = score_upto(ledger, site, label, head_seq, scheme_id=scheme_id, schemes_dir=schemes_dir)
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
        for s in signoffs(ledger, site, label):
            record = signing_key(ledger, site, s.actor, before_seq=s.seq)
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
        raise LedgerError(msg("bundle.cannot_write", out=out, reason=os_reason(err))) from None
    included = sum(1 for r in index if r["included"])
    return ExportSummary(out, site, label, scheme.id, first_seq, head_seq, head_hash, len(records), len(signed),
                         included, len(index) - included, card.total)  # fmt: skip


def _readme(site: str, period: str, scheme_id: str) -> str:
    """The bundle's README, in Chinese then in English whatever the exporter reads: the bundle is handed on (to
    an assessor, an auditor), and its bytes are the same for the same ledger."""
    parts = []
    for lang in ("zh", "en"):
        proves = "\n".join(f"- {p.render(lang)}" for p in PROVES)
        cannot = "\n".join(f"- {p.render(lang)}" for p in CANNOT_PROVE)
        parts.append(msg("bundle.readme", site=site, period=period, scheme=scheme_id, proves=proves,
                         cannot=cannot).render(lang))  # fmt: skip
    return "\n".join(parts)
