"""`opsledger evidence`: per scheme item, the evidence the document asks for, what is attached, what is missing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ledger import evidence as ev
from ledger.ledger import Ledger
from schemes import service
from schemes.audit.replay import FAR_FUTURE
from schemes.engine import Scorecard


@dataclass
class ItemEvidence:
    id: str
    title: str
    points: Decimal
    max_points: Decimal
    asks: list[str]
    events: list[int]
    attached: list[
        tuple[ev.Attached, str, str]
    ]  # (file, status in the store, the requirement it covers or '')
    missing: list[str]
    bare: list[int]  # backing events with no evidence at all


def covers(ask: str, file: ev.Attached) -> bool:
    """A file covers a requirement if it was attached `--for` it, or its file name contains the requirement's
    text (compared with full-width forms and brackets folded: schemes/evidence_match.py)."""
    from schemes.evidence_match import covers as matched

    return matched(ask, file.requirement, file.file_name)


def evidence_report(
    ledger: Ledger,
    site: str,
    period_text: str,
    *,
    scheme_id: str | None = None,
    schemes_dir: Path | None = None,
) -> tuple[Scorecard, list[ItemEvidence]]:
    """Per scheme item: the evidence the document asks for, what is attached to its events, what is missing."""
    card = service.score_site(
        ledger, site, period_text, scheme_id=scheme_id, as_of=FAR_FUTURE, schemes_dir=schemes_dir
    )
    seqs = {s for item in card.items for s in item.events}
    files = ev.attached_to(ledger, seqs, site)
    out = []
    for item in card.items:
        here = [f for s in item.events for f in files.get(s, [])]
        attached = []
        for f in here:
            covered = next((a for a in item.evidence if covers(a, f)), "")
            attached.append((f, ledger.store.blob_status(f.sha256), covered))
        missing = [a for a in item.evidence if not any(covers(a, f) for f in here)]
        bare = [s for s in item.events if not files.get(s)]
        out.append(ItemEvidence(item.id, item.title, item.points, item.max_points, list(item.evidence),
                                list(item.events), attached, missing, bare))  # fmt: skip
    return card, out
