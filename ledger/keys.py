"""Assessors' Ed25519 key pairs: created and kept as files, used to sign and verify score sign-offs.

The cryptography is pyca/cryptography (the `cryptography` package): maintained by the Python Cryptographic
Authority, backed by OpenSSL, audited and shipped as wheels for every platform, and already a dependency.
Ed25519 because keys are 32 bytes (they fit in an event as 64 hex characters), signatures are deterministic
(no random nonce to get wrong) and verification needs nothing but the public key.

Files, in the keys directory (`--keys-dir`, else OPSLEDGER_KEYS, else ~/.opsledger/keys):
  <actor>.pem   the private key, PKCS#8 PEM, mode 0600 (refused if group or others can read it)
  <actor>.pub   the public key as 64 hex characters (safe to hand out)
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ledger.envelope import canonical_json
from ledger.errors import LedgerError

_ACTOR_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,79}$")


def keys_dir(explicit: str | Path | None = None) -> Path:
    """Where key files live: the explicit directory, else OPSLEDGER_KEYS, else ~/.opsledger/keys."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("OPSLEDGER_KEYS")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".opsledger" / "keys"


def _stem(actor: str) -> str:
    if not _ACTOR_FILE.match(actor) or ".." in actor:
        raise LedgerError(
            f"actor {actor!r} cannot name a key file: use letters, digits and _ . @ - (e.g. zhang.wei)"
        )
    return actor


def private_path(actor: str, directory: str | Path | None = None) -> Path:
    return keys_dir(directory) / f"{_stem(actor)}.pem"


def public_path(actor: str, directory: str | Path | None = None) -> Path:
    return keys_dir(directory) / f"{_stem(actor)}.pub"


def public_hex(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The raw 32-byte public key as 64 lowercase hex characters (the form events carry)."""
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def fingerprint(public_key_hex: str) -> str:
    """A short, readable name for a public key: the first 16 hex digits of its sha256, in groups of 4."""
    digest = hashlib.sha256(bytes.fromhex(public_key_hex)).hexdigest()[:16]
    return ":".join(digest[i : i + 4] for i in range(0, 16, 4))


def new_key(actor: str, directory: str | Path | None = None) -> tuple[Path, str]:
    """Create a key pair for `actor`; refuse to overwrite an existing one. Returns (private path, public hex)."""
    folder = keys_dir(directory)
    priv, pub = private_path(actor, folder), public_path(actor, folder)
    if priv.exists():
        raise LedgerError(
            f"{priv} already exists: {actor} already has a key (a signing key is never overwritten; "
            "use another --keys-dir or move the old key away first)"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        # O_EXCL: never clobber a key another process created meanwhile; 0600 from the first byte.
        fd = os.open(priv, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
        os.chmod(priv, 0o600)  # in case a umask or filesystem widened it
        pub.write_text(public_hex(key) + "\n", encoding="ascii")
    except FileExistsError:
        raise LedgerError(f"{priv} already exists: {actor} already has a key") from None
    except OSError as err:
        raise LedgerError(f"cannot write key files in {folder}: {err.strerror or err}") from None
    return priv, public_hex(key)


def load_private(actor: str, directory: str | Path | None = None) -> Ed25519PrivateKey:
    """The actor's private key; errors if it is missing, unreadable, too open, or not an Ed25519 key."""
    path = private_path(actor, directory)
    try:
        mode = path.stat().st_mode
        data = path.read_bytes()
    except FileNotFoundError:
        raise LedgerError(
            f"no signing key for {actor} at {path}: run `opsledger keys new --actor {actor} --site SITE` "
            "(or pass --keys-dir / set OPSLEDGER_KEYS)"
        ) from None
    except OSError as err:
        raise LedgerError(f"cannot read {path}: {err.strerror or err}") from None
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise LedgerError(
            f"{path} is readable by others (mode {stat.S_IMODE(mode):o}): run `chmod 600 {path}`"
        )
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as err:
        raise LedgerError(f"{path} is not a usable private key ({err})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise LedgerError(f"{path} is not an Ed25519 private key")
    return key


def signing_bytes(fields: dict[str, Any]) -> bytes:
    """The exact bytes signed: canonical JSON (sorted keys, no spaces, UTF-8) of the fields."""
    return canonical_json(fields).encode("utf-8")


def sign(key: Ed25519PrivateKey, fields: dict[str, Any]) -> str:
    """Ed25519 signature over the canonical bytes of `fields`, as 128 hex characters."""
    return key.sign(signing_bytes(fields)).hex()


def verify(public_key_hex: str, fields: dict[str, Any], signature_hex: str) -> bool:
    """True only if `signature_hex` is the holder of `public_key_hex` signing exactly these fields."""
    try:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex))
        public.verify(bytes.fromhex(signature_hex), signing_bytes(fields))
    except (InvalidSignature, ValueError):
        return False
    return True
