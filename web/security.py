"""Sessions, CSRF tokens, the login rate limit and the signing keys the server holds for assessors.

Sessions are server-side: the browser holds only a random 256-bit token (HttpOnly, SameSite=Lax, Secure
behind https); the session itself (user, CSRF token, times) lives in this process's memory. Chosen over
signed cookies because logout and a password change must end a session at once, which a signed cookie
cannot do without a server-side list anyway. The cost: a restart logs everyone out, and the app runs as
one process (uvicorn's default; SQLite wants one writer process per ledger anyway).

CSRF: every session, anonymous ones included (the login form), carries a random token; every POST must
echo it in the `csrf` form field or the `X-CSRF-Token` header (htmx requests), compared in constant time.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger.errors import LedgerError

IDLE_SECONDS = 8 * 3600  # a working day
MAX_SECONDS = 7 * 24 * 3600


@dataclass
class Session:
    token: str
    csrf: str
    user: str | None = None
    created: float = field(default_factory=time.monotonic)
    seen: float = field(default_factory=time.monotonic)
    flash: list[tuple[str, str]] = field(default_factory=list)  # (kind, message) shown once
    uploads: dict[str, dict[str, str]] = field(default_factory=dict)  # register previews awaiting commit
    # The user's signing key, unlocked with their password at login and held in server memory only for this
    # session (never written anywhere): an assessor's acts are signed with it (ledger/trust.py).
    signer: Any = None


class Sessions:
    """token -> Session, in memory, thread-safe; idle and old sessions expire."""

    def __init__(self) -> None:
        self._by_token: dict[str, Session] = {}
        self._lock = threading.Lock()

    def new(self, user: str | None = None) -> Session:
        session = Session(secrets.token_urlsafe(32), secrets.token_urlsafe(32), user)
        with self._lock:
            self._by_token[session.token] = session
        return session

    def get(self, token: str | None) -> Session | None:
        if not token:
            return None
        with self._lock:
            session = self._by_token.get(token)
            if session is None:
                return None
            clock = time.monotonic()
            if clock - session.seen > IDLE_SECONDS or clock - session.created > MAX_SECONDS:
                del self._by_token[token]
                return None
            session.seen = clock
            return session

    def drop(self, token: str) -> None:
        with self._lock:
            self._by_token.pop(token, None)

    def drop_user(self, user: str, keep: str | None = None) -> int:
        """End every session of a user (but `keep`): after a password change."""
        with self._lock:
            gone = [t for t, s in self._by_token.items() if s.user == user and t != keep]
            for t in gone:
                del self._by_token[t]
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
        raise LedgerError("the password does not unlock the signing key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise LedgerError("the stored signing key is not an Ed25519 key")
    return key


def reencrypt(old_password: str, new_password: str):  # type: ignore[no-untyped-def]
    """A function re-wrapping a PEM from the old password to the new one (for Accounts.set_password)."""

    def rewrap(pem: str) -> str:
        return encrypt_key(decrypt_key(pem, old_password), new_password)

    return rewrap
