"""The evidence store (佐证材料): files kept content-addressed beside the ledger, attached by events.

Layout: for a ledger `path/to/opsledger.db` the files live in `path/to/opsledger.evidence/<sha[:2]>/<sha>`,
named by the sha256 of their bytes, so one file is stored once however often it is attached, a stored file can
always be re-checked against its name, and the events that reference it (by name and sha256) are the index.
The store never deletes or overwrites: a file already present with the right content is left alone.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ledger.envelope import Event
from ledger.errors import LedgerError
from ledger.importer import make_draft
from ledger.store import Ledger

CHUNK = 1 << 20
_SHA = re.compile(r"^[0-9a-f]{64}$")


def store_dir(db_path: str | Path) -> Path:
    """`<db stem>.evidence` in the database's directory."""
    db = Path(db_path)
    return db.with_name(f"{db.stem}.evidence")


def blob_path(root: str | Path, sha256: str) -> Path:
    """Where a file with this content hash lives under an evidence root (a store or a bundle's evidence/)."""
    if not _SHA.match(sha256):
        raise LedgerError(f"bad sha256 {sha256!r}: 64 lowercase hex characters expected")
    return Path(root) / sha256[:2] / sha256


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    try:
        with Path(path).open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    except OSError as err:
        raise LedgerError(f"cannot read {str(path)!r}: {err.strerror or err}") from None
    return digest.hexdigest()


def put(root: str | Path, source: str | Path) -> str:
    """Copy `source` into the store under its sha256 (hashing while copying); return the sha256."""
    root = Path(root)
    src = Path(source)
    if not src.is_file():
        raise LedgerError(f"no such file {str(src)!r}" if not src.exists() else f"{str(src)!r} is not a file")
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=root)
        tmp = Path(tmp_name)
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as out, src.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
        sha = digest.hexdigest()
        final = blob_path(root, sha)
        if final.exists() and file_sha256(final) == sha:
            tmp.unlink()
            return sha
        final.parent.mkdir(exist_ok=True)
        os.chmod(tmp, 0o444)
        os.replace(tmp, final)  # atomic: a reader never sees half a file under its hash
    except OSError as err:
        raise LedgerError(f"cannot store {str(src)!r} in {root}: {err.strerror or err}") from None
    return sha


def check(root: str | Path, sha256: str) -> str:
    """'stored' if the file is present with the right content, 'missing' if absent, 'corrupt' otherwise."""
    path = blob_path(root, sha256)
    if not path.is_file():
        return "missing"
    return "stored" if file_sha256(path) == sha256 else "corrupt"


def copy_out(root: str | Path, sha256: str, dest_root: str | Path) -> Path:
    """Copy one stored file into another content-addressed tree (a bundle's evidence/ directory)."""
    src = blob_path(root, sha256)
    dest = blob_path(dest_root, sha256)
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        shutil.copyfile(src, dest)
    except OSError as err:
        raise LedgerError(f"cannot copy evidence {sha256[:12]}…: {err.strerror or err}") from None
    return dest


@dataclass(frozen=True)
class Attached:
    """One evidence file on an event: from its envelope or from a later evidence_attached event."""

    target_seq: int
    file_name: str
    sha256: str
    requirement: str  # which 佐证材料 of the scheme it is meant to be ('' = not said)
    via_seq: int  # the event carrying the reference (the target itself for envelope evidence)


def attach(ledger: Ledger, seq: int, source: str | Path, actor: str, requirement: str = "") -> Event:
    """Store a file and append an evidence_attached event pointing at event `seq` (same site)."""
    target = ledger.get(seq)
    sha = put(store_dir(ledger.path), source)
    payload = {"target": target.id, "file_name": Path(source).name, "sha256": sha}
    if requirement:
        payload["requirement"] = requirement
    draft = make_draft(
        type="evidence_attached",
        site=target.site,
        occurred_at=target.occurred_at,
        actor=actor,
        payload=payload,
    )
    return ledger.append(draft)


def attached_to(
    ledger: Ledger, seqs: set[int], site: str, upto_seq: int | None = None
) -> dict[int, list[Attached]]:
    """Every evidence file on the given events of a site: envelope references and later attachments."""
    out: dict[int, list[Attached]] = {s: [] for s in seqs}
    ids: dict[str, int] = {}
    for seq in seqs:
        event = ledger.get(seq)
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
