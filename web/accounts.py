"""Accounts for the web app: who may log in, with which password, in which role on which site.

Passwords are stored only as argon2id hashes (argon2-cffi's PasswordHasher with its RFC 9106 defaults):
argon2 is the memory-hard winner of the Password Hashing Competition, so a stolen ledger costs an attacker memory and time per guess, and the library rehashes when its parameters are raised.

An account's grants are (role, site) pairs; site "*" means every site. Roles: admin (everything, every site,
manages accounts), operator (logs and imports for its sites), assessor (judges, closes, accepts and signs
for its sites), viewer (reads dashboards, the overview and the audit pages of its sites).

An assessor's Ed25519 signing key, when created through the web app, is kept here as PKCS#8 PEM encrypted
with the assessor's own password (cryptography's BestAvailableEncryption: scrypt-derived key, AES-256-CBC).
The server can use it only while the assessor types the password for a sign-off; the stored record alone
does not give the key away. Changing the password re-encrypts it.

Storage: the ledger store's records area (namespace `web.accounts`, one record per account, JSON), so the
accounts travel with the ledger on every backend (a SQLite file, PostgreSQL). Writes that read first (a
password change, a key) are serialised in this process by a lock; the app runs as one process.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ledger.envelope import format_instant, now
from ledger.errors import LedgerError
from ledger.messages import msg

ROLES = ("admin", "operator", "assessor", "viewer")
ALL = "*"
MIN_PASSWORD = 8
MAX_PASSWORD = 256
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,79}$")
_HASHER = PasswordHasher()
# Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY = _HASHER.hash("not a password of anyone")


class AccountError(LedgerError):
    """A bad account name, role, site or password: one line, like every other error."""


@dataclass
class Account:
    name: str
    password_hash: str
    grants: list[tuple[str, str]] = field(default_factory=list)  # (role, site)
    created: str = ""
    key_public: str = ""  # the assessor's signing key held by the server (hex), if any
    key_pem: str = ""  # its private half, PEM encrypted with the user's password

    @property
    def is_admin(self) -> bool:
        return ("admin", ALL) in self.grants or any(r == "admin" for r, _ in self.grants)

    def has(self, role: str, site: str | None = None) -> bool:
        """Whether the account holds `role` (on `site`, or on any site if None); admin holds every role."""
        if self.is_admin:
            return True
        return any(r == role and (site is None or s in (site, ALL)) for r, s in self.grants)

    def holds(self, role: str, site: str) -> bool:
        """The role granted on this site (or every site) itself; admin does not count (assessors' acts)."""
        return any(r == role and s in (site, ALL) for r, s in self.grants)

    def can_see(self, site: str) -> bool:
        return self.is_admin or any(s in (site, ALL) for _, s in self.grants)

    def sites(self, known: list[str]) -> list[str]:
        """The known sites this account may see, in the order given."""
        return [s for s in known if self.can_see(s)]

    def roles_text(self) -> str:
        return ", ".join(f"{r}@{s}" for r, s in self.grants)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "password_hash": self.password_hash, "grants": [list(g) for g in self.grants],
                "created": self.created, "key_public": self.key_public, "key_pem": self.key_pem}  # fmt: skip

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Account:
        return cls(data["name"], data["password_hash"], [(r, s) for r, s in data.get("grants", [])],
                   data.get("created", ""), data.get("key_public", ""), data.get("key_pem", ""))  # fmt: skip


def check_name(name: str) -> str:
    if not _NAME.match(name or "") or ".." in name:
        raise AccountError(msg("user.bad_name", name=repr(name[:80])))
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(msg("user.password_short", n=MIN_PASSWORD))
    if len(password) > MAX_PASSWORD:
        raise AccountError(msg("user.password_long", n=MAX_PASSWORD))
    return password


def check_grant(role: str, site: str) -> tuple[str, str]:
    if role not in ROLES:
        raise AccountError(msg("user.bad_role", role=repr(role), roles=", ".join(ROLES)))
    if role == "admin":
        return ("admin", ALL)
    if not site:
        raise AccountError(msg("user.needs_site", role=role))
    return (role, site)


class Accounts:
    """The accounts, one record each in the store's records area."""

    NAMESPACE = "web.accounts"

    def __init__(self, store: Callable[[], Any]) -> None:
        self._store = store  # a function: each thread uses its own connection
        self._lock = threading.Lock()

    def _decode(self, raw: str) -> Account:
        try:
            return Account.from_json(json.loads(raw))
        except (ValueError, KeyError, TypeError):
            raise AccountError(msg("user.unreadable")) from None

    def _put(self, account: Account) -> None:
        self._store().record_put(
            self.NAMESPACE, account.name, json.dumps(account.to_json(), ensure_ascii=False)
        )

    # -- reading ----------------------------------------------------------------------------------------

    def all(self) -> list[Account]:
        return [self._decode(raw) for _, raw in sorted(self._store().record_list(self.NAMESPACE).items())]

    def get(self, name: str) -> Account | None:
        raw = self._store().record_get(self.NAMESPACE, name)
        return None if raw is None else self._decode(raw)

    def empty(self) -> bool:
        return not self._store().record_list(self.NAMESPACE)

    def verify(self, name: str, password: str) -> Account | None:
        """The account if the password is right, else None (same work either way)."""
        account = self.get(name) if len(name) <= 80 else None
        try:
            _HASHER.verify(account.password_hash if account else _DUMMY, password[:MAX_PASSWORD])
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if account is None:
            return None
        if _HASHER.check_needs_rehash(account.password_hash):
            with self._lock:
                account.password_hash = _HASHER.hash(password)
                self._put(account)
        return account

    # -- writing ----------------------------------------------------------------------------------------

    def add(self, name: str, password: str, grants: list[tuple[str, str]]) -> Account:
        check_name(name)
        check_password(password)
        clean = [check_grant(r, s) for r, s in grants]
        if not clean:
            raise AccountError(msg("user.needs_role"))
        digest = _HASHER.hash(password)
        with self._lock:
            if self.get(name) is not None:
                raise AccountError(msg("user.exists", name=repr(name)))
            account = Account(name, digest, list(dict.fromkeys(clean)), format_instant(now()))
            self._put(account)
        return account

    def _change(self, name: str) -> Account:
        account = self.get(name)
        if account is None:
            raise AccountError(msg("user.none", name=repr(name)))
        return account

    def grant(self, name: str, role: str, site: str) -> Account:
        grant = check_grant(role, site)
        with self._lock:
            account = self._change(name)
            if grant not in account.grants:
                account.grants.append(grant)
                self._put(account)
            return account

    def set_password(self, name: str, new: str, *, reencrypt: Callable[[str], str] | None = None) -> None:
        """Store a new hash; `reencrypt(old_pem) -> new_pem` re-wraps a held signing key in the same write."""
        check_password(new)
        digest = _HASHER.hash(new)
        with self._lock:
            account = self._change(name)
            if account.key_pem and reencrypt is not None:
                account.key_pem = reencrypt(account.key_pem)
            account.password_hash = digest
            self._put(account)

    def set_key(self, name: str, public_hex: str, encrypted_pem: str) -> None:
        with self._lock:
            account = self._change(name)
            if account.key_pem:
                raise AccountError(msg("user.has_key", name=name))
            account.key_public, account.key_pem = public_hex, encrypted_pem
            self._put(account)
