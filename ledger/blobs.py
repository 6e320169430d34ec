"""A content-addressed file store: each file kept once under its sha256 (`<root>/<sha[:2]>/<sha>`), never
overwritten or deleted, always re-checkable against its name. The SQLite backend keeps evidence files this way
beside the ledger (`<db stem>.evidence/`), and an audit bundle's `evidence/` directory has the same layout."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ledger.errors import LedgerError
from ledger.messages import msg, os_reason

CHUNK = 1 << 20
_SHA = re.compile(r"^[0-9a-f]{64}$")


def store_dir(db_path: str | Path) -> Path:
    """`<db stem>.evidence` in the database's directory."""
    db = Path(db_path)
    return db.with_name(f"{db.stem}.evidence")


def blob_path(root: str | Path, sha256: str) -> Path:
    """Where a file with this content hash lives under an evidence root (a store or a bundle's evidence/)."""
    if not _SHA.match(sha256):
        raise LedgerError(msg("blob.bad_sha", sha=sha256))
    return Path(root) / sha256[:2] / sha256


def file_sha256(path: str | Path) -> str:
    import hashlib  # here: a file is bulk hashing (ledger/digests.py), and a `log` without one never loads it

    digest = hashlib.sha256()
    try:
        with Path(path).open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    except OSError as err:
        raise LedgerError(msg("file.cannot_read", path=str(path), reason=os_reason(err))) from None
    return digest.hexdigest()


def put(root: str | Path, source: str | Path) -> str:
    """Copy `source` into the store under its sha256 (hashing while copying); return the sha256."""
    root = Path(root)
    src = Path(source)
    if not src.is_file():
        raise LedgerError(msg("file.missing" if not src.exists() else "file.not_file", path=str(src)))
    import hashlib  # here, not at the top: a `log` without files never needs them (issue 15: start-up)
    import tempfile

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
        raise LedgerError(msg("blob.cannot_store", path=str(src), root=root, reason=os_reason(err))) from None
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
    import shutil  # here, not at the top: bundles need it, a `log` does not

    try:
        shutil.copyfile(src, dest)
    except OSError as err:
        raise LedgerError(msg("blob.cannot_copy", sha=sha256[:12], reason=os_reason(err))) from None
    return dest
