"""Evidence (佐证材料): files attached to events by name and sha256, kept by the store under their hash.

Each backend keeps the files its own way (beside a SQLite file, in a PostgreSQL table, in memory), always by
content hash, so one file is stored once however often it is attached and can be re-checked against its name;
the events that reference it are the index. A file is stored only after the event referencing it committed, so
a refused event leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ledger.blobs import file_sha256
from ledger.envelope import Event
from ledger.errors import LedgerError
from ledger.importer import make_draft
from ledger.ledger import Ledger
from ledger.messages import msg
from ledger.trust import Keyring


@dataclass(frozen=True)
class Attached:
    """One evidence file on an event: from its envelope or from a later evidence_attached event."""

    target_seq: int
    file_name: str
    sha256: str
    requirement: str  # which 佐证材料 of the scheme it is meant to be ('' = not said)
    via_seq: int  # the event carrying the reference (the target itself for envelope evidence)


def attach(
    ledger: Ledger,
    seq: int,
    source: str | Path,
    actor: str,
    requirement: str = "",
    keys: Keyring | None = None,
) -> Event:
    """Store a file and append an evidence_attached event pointing at event `seq` (same site)."""
    target = ledger.get(seq)
    source = Path(source)
    if not source.is_file():
        raise LedgerError(msg("file.missing" if not source.exists() else "file.not_file", path=str(source)))
    sha = file_sha256(source)
    payload = {"target": target.id, "file_name": source.name, "sha256": sha}
    if requirement:
        payload["requirement"] = requirement
    draft = make_draft(
        type="evidence_attached",
        site=target.site,
        occurred_at=target.occurred_at,
        actor=actor,
        payload=payload,
    )
    event = ledger.append(draft, keys)
    keep_files(ledger, [source])
    return event


def keep_files(ledger: Ledger, files: Iterable[Path]) -> None:
    """Store files whose events have committed; a failure here says the event stands but the file is not kept."""
    for path in files:
        try:
            ledger.store.blob_put(path)
        except LedgerError as err:
            raise LedgerError(msg("evidence.not_kept", error=err)) from None


def attached_to(
    ledger: Ledger, seqs: set[int], site: str, upto_seq: int | None = None
) -> dict[int, list[Attached]]:
    """Every evidence file on the given events of a site: envelope references and later attachments."""
    out: dict[int, list[Attached]] = {s: [] for s in seqs}
    ids: dict[str, int] = {}
    # One read of the site's events over the seqs' range, not one query per event (a dashboard asked for
    # ~1,800 one by one); a seq the read does not hold is fetched on its own, as before.
    found = (
        {
            e.seq: e
            for e in ledger.events(site=site, after_seq=min(seqs) - 1, upto_seq=max(seqs))
            if e.seq in seqs
        }
        if seqs
        else {}
    )
    for seq in seqs:
        event = found.get(seq) or ledger.get(seq)
        ids[event.id] = seq
        for ref in event.evidence:
            out[seq].append(Attached(seq, ref["file_name"], ref["sha256"], "", seq))
    for event in ledger.events(site=site, types=["evidence_attached"], upto_seq=upto_seq):
        target = ids.get(event.payload["target"])
        if target is not None:
            p = event.payload
            out[target].append(
                Attached(target, p["file_name"], p["sha256"], p.get("requirement") or "", event.seq)
            )
    return out
