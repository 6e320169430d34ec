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

import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ledger.digests import sha256
from ledger.envelope import canonical_json
from ledger.errors import LedgerError
from ledger.messages import msg, os_reason

# cryptography is imported where a key is used, and pathlib where a key file is, so writing an operator's event
# loads neither (issue 15).
if TYPE_CHECKING:
    from pathlib import Path

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

_ACTOR_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,79}$")


def keys_dir(explicit: str | Path | None = None) -> Path:
    """Where key files live: the explicit directory, else OPSLEDGER_KEYS, else ~/.opsledger/keys."""
    from pathlib import Path  # here: an operator's `log` holds a KeysDir and never asks for it

    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("OPSLEDGER_KEYS")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".opsledger" / "keys"


def _stem(actor: str) -> str:
    if not _ACTOR_FILE.match(actor) or ".." in actor:
        raise LedgerError(msg("key.bad_name", actor=repr(actor)))
    return actor


def private_path(actor: str, directory: str | Path | None = None) -> Path:
    return keys_dir(directory) / f"{_stem(actor)}.pem"


def public_path(actor: str, directory: str | Path | None = None) -> Path:
    return keys_dir(directory) / f"{_stem(actor)}.pub"


def public_hex(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The raw 32-byte public key as 64 lowercase hex characters (the form events carry)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def fingerprint(public_key_hex: str) -> str:
    """A short, readable name for a public key: the first 16 hex digits of its sha256, in groups of 4."""
    digest = sha256(bytes.fromhex(public_key_hex)).hexdigest()[:16]
    return ":".join(digest[i : i + 4] for i in range(0, 16, 4))


def new_key(actor: str, directory: str | Path | None = None) -> tuple[Path, str]:
    """Create a key pair for `actor`; refuse to overwrite an existing one. Returns (private path, public hex)."""
    folder = keys_dir(directory)
    priv, pub = private_path(actor, folder), public_path(actor, folder)
    if priv.exists():
        raise LedgerError(msg("key.exists", path=priv, actor=actor))
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

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
        raise LedgerError(msg("key.exists", path=priv, actor=actor)) from None
    except OSError as err:
        raise LedgerError(msg("key.cannot_write", folder=folder, reason=os_reason(err))) from None
    return priv, public_hex(key)


def load_private(actor: str, directory: str | Path | None = None) -> Ed25519PrivateKey:
    """The actor's private key; errors if it is missing, unreadable, too open, or not an Ed25519 key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = private_path(actor, directory)
    try:
        mode = path.stat().st_mode
        data = path.read_bytes()
    except FileNotFoundError:
        raise LedgerError(msg("key.missing", actor=actor, path=path)) from None
    except OSError as err:
        raise LedgerError(msg("key.cannot_read", path=path, reason=os_reason(err))) from None
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise LedgerError(msg("key.too_open", path=path, mode=f"{stat.S_IMODE(mode):o}"))
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as err:
        raise LedgerError(msg("key.unusable", path=path, error=err)) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise LedgerError(msg("key.not_ed25519", path=path))
    return key


def signing_bytes(fields: dict[str, Any]) -> bytes:
    """The exact bytes signed: canonical JSON (sorted keys, no spaces, UTF-8) of the fields."""
    return canonical_json(fields).encode("utf-8")


def sign(key: Ed25519PrivateKey, fields: dict[str, Any]) -> str:
    """Ed25519 signature over the canonical bytes of `fields`, as 128 hex characters."""
    return key.sign(signing_bytes(fields)).hex()


def verify(public_key_hex: str, fields: dict[str, Any], signature_hex: str) -> bool:
    """True only if `signature_hex` is the holder of `public_key_hex` signing exactly these fields."""
    return verify_bytes(public_key_hex, signing_bytes(fields), signature_hex)


def verify_bytes(public_key_hex: str, data: bytes, signature_hex: str) -> bool:
    """True only if `signature_hex` is the holder of `public_key_hex` signing exactly `data`."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex))
        public.verify(bytes.fromhex(signature_hex), data)
    except (InvalidSignature, ValueError):
        return False
    return True


class KeySigner:
    """A private key in hand, as the appender's Signer: signs acts as its owner."""

    def __init__(self, key: Ed25519PrivateKey, owner: str = "") -> None:
        self._key = key
        self.owner = owner
        self.public_hex = public_hex(key)

    @classmethod
    def load(cls, actor: str, directory: str | Path | None = None) -> KeySigner:
        return cls(load_private(actor, directory), actor)

    @classmethod
    def from_seed(cls, seed: bytes, owner: str = "") -> KeySigner:
        """A deterministic key from 32 bytes (the demo's keys, so the same seed gives the same ledger)."""
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return cls(Ed25519PrivateKey.from_private_bytes(sha256(seed).digest()), owner)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_hex)

    def sign_bytes(self, data: bytes) -> str:
        return self._key.sign(data).hex()

    def sign_fields(self, fields: dict[str, Any]) -> str:
        return self._key.sign(signing_bytes(fields)).hex()


class KeysDir(Mapping[str, "KeySigner"]):
    """The keys a writer holds, from the keys directory, loaded only when an act needs one: an operator's
    event never reads a key file or loads the cryptography library.

    A key is looked up by its public key, which is how the appender asks for the one with authority: first among
    `names` (the actor's own, `--buyer`'s), then among every key pair in the directory (an assessor importing a
    file of their own findings, a buyer holding several sites' keys): whoever holds a key file holds the key."""

    def __init__(self, names: Iterable[str], directory: str | Path | None = None) -> None:
        self.names = [n for n in dict.fromkeys(names) if n]
        self.directory = directory
        self._loaded: dict[str, KeySigner] | None = None

    def _load(self) -> dict[str, KeySigner]:
        if self._loaded is None:
            self._loaded = {}
            for name in self.names:
                if (
                    _ACTOR_FILE.match(name)
                    and ".." not in name
                    and private_path(name, self.directory).exists()
                ):
                    signer = KeySigner.load(name, self.directory)
                    self._loaded[signer.public_hex] = signer
        return self._loaded

    def __getitem__(self, public_key: str) -> KeySigner:
        loaded = self._load()
        if public_key not in loaded:
            folder = keys_dir(self.directory)
            for pub in sorted(folder.glob("*.pub")) if folder.is_dir() else ():
                try:
                    found = pub.read_text(encoding="ascii").strip() == public_key
                except (OSError, UnicodeDecodeError):
                    continue
                if found and private_path(pub.stem, self.directory).exists():
                    signer = KeySigner.load(pub.stem, self.directory)
                    if signer.public_hex == public_key:
                        loaded[public_key] = signer
                        break
        return loaded[public_key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


def read_public(value: str, directory: str | Path | None = None) -> str:
    """A public key given as 64 hex characters, a .pub file, or an actor name with a .pub in the keys directory."""
    from pathlib import Path

    text = value.strip().lower()
    if re.fullmatch(r"[0-9a-f]{64}", text):
        return text
    candidates = [Path(value).expanduser()]
    if _ACTOR_FILE.match(value):
        candidates.append(public_path(value, directory))
    for path in candidates:
        if path.is_file():
            try:
                content = path.read_text(encoding="ascii").strip().lower()
            except (OSError, UnicodeDecodeError) as err:
                reason = os_reason(err) if isinstance(err, OSError) else str(err)
                raise LedgerError(msg("key.pub_unreadable", path=str(path), reason=reason)) from None
            if re.fullmatch(r"[0-9a-f]{64}", content):
                return content
            raise LedgerError(msg("key.pub_bad", path=path))
    raise LedgerError(msg("key.pub_none", value=value))
