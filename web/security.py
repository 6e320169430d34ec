"""Sessions, CSRF tokens, the login rate limit and the signing keys the server holds for assessors.

Sessions are server-side: the browser holds only a random 256-bit token (HttpOnly, SameSite=Lax, Secure
behind https); the session itself (user, CSRF token, times, one-time messages) is a record in the ledger
store, under the token's hash. Chosen over signed cookies because logout and a password change must end a
session at once, which a signed cookie cannot do without a server-side list anyway.

The login rate limit is kept in each worker process's memory (with N workers an address gets N x 5 tries).

CSRF: every session, anonymous ones included (the login form), carries a random token; every POST must
echo it in the `csrf` form field or the `X-CSRF-Token` header (htmx requests), compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.errors import LedgerError
from ledger.messages import msg

IDLE_SECONDS = 8 * 3600  # a working day
ANONYMOUS_IDLE_SECONDS = 3600  # a login form left open
MAX_SECONDS = 7 * 24 * 3600
TOUCH_SECONDS = 300  # `seen` is written back at most this often (a session read is not a write)
NAMESPACE = "web.sessions"


@dataclass
class Session:
    token: str
    csrf: str
    user: str | None = None
    created: float = field(default_factory=time.time)
    seen: float = field(default_factory=time.time)
    flash: list[tuple[str, str]] = field(default_factory=list)  # (kind, message) shown once
    uploads: dict[str, dict[str, str]] = field(default_factory=dict)  # register previews awaiting commit
    # The user's signing key, unlocked with their password at login and held in server memory only for this
    # session (never written anywhere): an assessor's acts are signed with it (ledger/trust.py).
    signer: Any = None

    def to_json(self) -> str:
        return json.dumps({"csrf": self.csrf, "user": self.user, "created": self.created, "seen": self.seen,
                           "flash": self.flash, "uploads": self.uploads}, ensure_ascii=False)  # fmt: skip

    @classmethod
    def from_json(cls, token: str, raw: str) -> Session | None:
        try:
            d = json.loads(raw)
            return cls(token, d["csrf"], d["user"], float(d["created"]), float(d["seen"]),
                       [(k, m) for k, m in d["flash"]], dict(d["uploads"]))  # fmt: skip
        except (ValueError, KeyError, TypeError):
            return None  # an unreadable session is no session: log in again

    def expired(self, clock: float) -> bool:
        idle = IDLE_SECONDS if self.user else ANONYMOUS_IDLE_SECONDS
        return clock - self.seen > idle or clock - self.created > MAX_SECONDS


def _key(token: str) -> str:
    """Sessions are stored under the token's hash: whoever reads the store does not get live tokens."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


class Sessions:
    """token -> Session, kept in the ledger store's records area (namespace web.sessions).

    In the store rather than in memory so that a restart does not log everyone out and several worker
    processes (`opsledger serve --workers N`) share them; logout and a password change delete them at once.
    """

    def __init__(self, store: Callable[[], Any]) -> None:
        self._store = store
        self._purged = 0.0
        # Unlocked signing keys never leave this process's memory (never written to the store): token hash ->
        # (user, signer). Another worker, or this one after a restart, asks for the password again.
        self._signers: dict[str, tuple[str | None, Any]] = {}
        self._lock = threading.Lock()

    def set_signer(self, session: Session, signer: Any) -> None:
        session.signer = signer
        with self._lock:
            if signer is None:
                self._signers.pop(_key(session.token), None)
            else:
                self._signers[_key(session.token)] = (session.user, signer)

    def save(self, session: Session) -> None:
        self._store().record_put(NAMESPACE, _key(session.token), session.to_json())

    def new(self, user: str | None = None) -> Session:
        session = Session(secrets.token_urlsafe(32), secrets.token_urlsafe(32), user)
        self.save(session)
        if time.time() - self._purged > 3600:
            self.purge()
        return session

    def get(self, token: str | None) -> Session | None:
        if not token or len(token) > 100:
            return None
        raw = self._store().record_get(NAMESPACE, _key(token))
        session = Session.from_json(token, raw) if raw is not None else None
        if session is None:
            return None
        clock = time.time()
        if session.expired(clock):
            self.drop(token)
            return None
        if clock - session.seen > TOUCH_SECONDS:
            session.seen = clock
            self.save(session)
        with self._lock:
            held = self._signers.get(_key(token))
        session.signer = held[1] if held and held[0] == session.user else None
        return session

    def drop(self, token: str) -> None:
        with self._lock:
            self._signers.pop(_key(token), None)
        self._store().record_delete(NAMESPACE, _key(token))

    def _each(self) -> list[tuple[str, dict[str, Any]]]:
        out = []
        for key, raw in self._store().record_list(NAMESPACE).items():
            try:
                out.append((key, json.loads(raw)))
            except ValueError:
                out.append((key, {}))
        return out

    def drop_user(self, user: str, keep: str | None = None) -> int:
        """End every session of a user (but `keep`): after a password change."""
        kept = _key(keep) if keep else None
        gone = [k for k, d in self._each() if d.get("user") == user and k != kept]
        with self._lock:
            for key in [k for k, (u, _) in self._signers.items() if u == user and k != kept]:
                del self._signers[key]
        for key in gone:
            self._store().record_delete(NAMESPACE, key)
        return len(gone)

    def purge(self) -> int:
        """Delete expired sessions (at most hourly, from `new`)."""
        self._purged = clock = time.time()
        gone = []
        for key, d in self._each():
            try:
                idle = IDLE_SECONDS if d.get("user") else ANONYMOUS_IDLE_SECONDS
                if clock - float(d["seen"]) > idle or clock - float(d["created"]) > MAX_SECONDS:
                    gone.append(key)
            except (KeyError, TypeError, ValueError):
                gone.append(key)
        with self._lock:
            for key in gone:
                self._signers.pop(key, None)
        for key in gone:
            self._store().record_delete(NAMESPACE, key)
        return len(gone)


def csrf_ok(session: Session | None, sent: str | None) -> bool:
    return bool(session and sent) and hmac.compare_digest(session.csrf, sent or "")


class RateLimit:
    """At most `limit` failed attempts per key in `window` seconds (per client address and per user name)."""

    def __init__(self, limit: int = 5, window: float = 300.0) -> None:
        self.limit, self.window = limit, window
        self._fails: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, clock: float) -> deque[float]:
        fails = self._fails.setdefault(key, deque())
        while fails and clock - fails[0] > self.window:
            fails.popleft()
        return fails

    def blocked(self, *keys: str) -> float:
        """Seconds to wait if any key is over the limit, else 0."""
        clock = time.monotonic()
        with self._lock:
            waits = [
                self.window - (clock - f[0]) for k in keys if len(f := self._recent(k, clock)) >= self.limit
            ]
        return max(waits, default=0.0)

    def fail(self, *keys: str) -> None:
        clock = time.monotonic()
        with self._lock:
            for k in keys:
                self._recent(k, clock).append(clock)

    def reset(self, key: str) -> None:
        with self._lock:
            self._fails.pop(key, None)


# -- assessors' signing keys held by the server ------------------------------------------------------------


def new_encrypted_key(password: str) -> tuple[Ed25519PrivateKey, str]:
    """A fresh Ed25519 key and its PKCS#8 PEM encrypted with the password."""
    key = Ed25519PrivateKey.generate()
    return key, encrypt_key(key, password)


def encrypt_key(key: Ed25519PrivateKey, password: str) -> str:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(password.encode("utf-8")),
    )
    return pem.decode("ascii")


def decrypt_key(pem: str, password: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem.encode("ascii"), password=password.encode("utf-8"))
    except (ValueError, TypeError):
        raise LedgerError(msg("web.key_locked")) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise LedgerError(msg("web.key_not_ed25519"))
    return key


def reencrypt(old_password: str, new_password: str):  # type: ignore[no-untyped-def]
    """A function re-wrapping a PEM from the old password to the new one (for Accounts.set_password)."""

    def rewrap(pem: str) -> str:
        return encrypt_key(decrypt_key(pem, old_password), new_password)

    return rewrap
