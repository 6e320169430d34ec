"""SHA-256 without loading OpenSSL, for the few hashes one command takes (issue 15).

hashlib's sha256 is OpenSSL's: about three times as fast on an event's bytes (0.7 against 2.2 µs on this
project's bench machine), but importing hashlib loads libcrypto, about 3 ms of every `opsledger log`, which hashes
one event, a scheme file's name and a key's. Python carries its own SHA-256 (`_sha256` on 3.11, `_sha2` from
3.12), which gives the same digests. `sha256()` is that one for a process's first few hashes and hashlib's from
then on, so a command that hashes in bulk (an import) pays the 3 ms once and hashes at OpenSSL's speed.
Hashing a file (evidence, a ledger's blobs) and verifying a chain use hashlib directly: those are bulk from the
first byte.
"""

from __future__ import annotations

from typing import Any

try:
    from _sha256 import sha256 as _own  # Python 3.11
except ImportError:  # pragma: no cover - 3.12 and later, or a build without it
    try:
        from _sha2 import sha256 as _own  # type: ignore[no-redef]
    except ImportError:
        _own = None  # type: ignore[assignment]

# After this many hashes a process is hashing in bulk: hashlib's from the next one on.
SMALL_HASHES = 32
_taken = 0
_bulk: Any = None


def sha256(data: bytes = b"") -> Any:
    """A SHA-256 hash object of `data`, as `hashlib.sha256(data)` (`update`, `digest`, `hexdigest`)."""
    global _taken, _bulk
    if _bulk is None:
        _taken += 1
        if _taken <= SMALL_HASHES and _own is not None:
            return _own(data)
        import hashlib

        _bulk = hashlib.sha256
    return _bulk(data)
