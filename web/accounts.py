"""Accounts for the web app: who may log in, with which password, in which role on which site.

Passwords are stored only as argon2id hashes (argon2-cffi's PasswordHasher with its RFC 9106 defaults):
argon2 is the memory-hard winner of the Password Hashing Competition, so a stolen accounts file costs an
attacker memory and time per guess, and the library rehashes when its parameters are raised.

An account's grants are (role, site) pairs; site "*" means every site. Roles: admin (everything, every site,
manages accounts), operator (logs and imports for its sites), assessor (judges, closes, accepts and signs
for its sites), viewer (reads dashboards, the overview and the audit pages of its sites).

An assessor's Ed25519 signing key, when created through the web app, is kept here as PKCS#8 PEM encrypted
with the assessor's own password (cryptography's BestAvailableEncryption: scrypt-derived key, AES-256-CBC).
The server can use it only while the assessor types the password for a sign-off; the file alone does not
give the key away. Changing the password re-encrypts it.

Storage, until the ledger's store offers a records area: one JSON file beside the ledger
(`<db stem>.accounts.json`, mode 0600), read per request, written whole to a temporary file and renamed
over the old one under an exclusive lock, so a reader never sees half a file and two writers never lose
each other's change.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ledger.envelope import format_instant, now
from ledger.errors import LedgerError

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


def accounts_path(db_path: str | Path) -> Path:
    db = Path(db_path)
    return db.with_name(f"{db.stem}.accounts.json")


def check_name(name: str) -> str:
    if not _NAME.match(name or "") or ".." in name:
        raise AccountError(f"bad user name {name[:80]!r}: use letters, digits and _ . @ - (at most 80)")
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password is too short: at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"the password is too long: at most {MAX_PASSWORD} characters")
    return password


def check_grant(role: str, site: str) -> tuple[str, str]:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    if role == "admin":
        return ("admin", ALL)
    if not site:
        raise AccountError(f"a {role} needs a site (--site SITE, or '*' for every site)")
    return (role, site)


class Accounts:
    """The accounts file: small, read whole, rewritten whole under a lock."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def _read(self) -> dict[str, Account]:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except OSError as err:
            raise AccountError(f"cannot read {self.path.name}: {err.strerror or err}") from None
        try:
            data = json.loads(raw)
            return {a["name"]: Account.from_json(a) for a in data["accounts"]}
        except (ValueError, KeyError, TypeError):
            raise AccountError(f"{self.path.name} is not an opsledger accounts file") from None

    @contextmanager
    def _locked(self) -> Iterator[dict[str, Account]]:
        """Read, let the caller change, write back atomically; all under an exclusive lock."""
        lock_path = self.path.with_name(self.path.name + ".lock")
        try:
            handle = open(lock_path, "a+")  # noqa: SIM115 (held for the block)
        except OSError as err:
            raise AccountError(f"cannot lock {lock_path.name}: {err.strerror or err}") from None
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            accounts = self._read()
            yield accounts
            self._write(accounts)

    def _write(self, accounts: dict[str, Account]) -> None:
        body = json.dumps({"format": "opsledger-accounts/1", "accounts": [a.to_json() for a in accounts.values()]},
                          ensure_ascii=False, indent=1)  # fmt: skip
        try:
            fd, tmp = tempfile.mkstemp(prefix=".accounts-", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(body)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except OSError as err:
            raise AccountError(f"cannot write {self.path.name}: {err.strerror or err}") from None

    # -- reading ----------------------------------------------------------------------------------------

    def all(self) -> list[Account]:
        return sorted(self._read().values(), key=lambda a: a.name)

    def get(self, name: str) -> Account | None:
        return self._read().get(name)

    def empty(self) -> bool:
        return not self._read()

    def verify(self, name: str, password: str) -> Account | None:
        """The account if the password is right, else None (same work either way)."""
        account = self._read().get(name)
        try:
            _HASHER.verify(account.password_hash if account else _DUMMY, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if account is None:
            return None
        if _HASHER.check_needs_rehash(account.password_hash):
            with self._locked() as accounts:
                if name in accounts:
                    accounts[name].password_hash = _HASHER.hash(password)
        return account

    # -- writing ----------------------------------------------------------------------------------------

    def add(self, name: str, password: str, grants: list[tuple[str, str]]) -> Account:
        check_name(name)
        check_password(password)
        clean = [check_grant(r, s) for r, s in grants]
        if not clean:
            raise AccountError("give a role (--role) for the new account")
        digest = _HASHER.hash(password)
        with self._locked() as accounts:
            if name in accounts:
                raise AccountError(f"user {name!r} already exists")
            account = Account(name, digest, list(dict.fromkeys(clean)), format_instant(now()))
            accounts[name] = account
        return account

    def grant(self, name: str, role: str, site: str) -> Account:
        grant = check_grant(role, site)
        with self._locked() as accounts:
            if name not in accounts:
                raise AccountError(f"no user {name!r}")
            if grant not in accounts[name].grants:
                accounts[name].grants.append(grant)
            return accounts[name]

    def set_password(self, name: str, new: str, *, reencrypt: Any = None) -> None:
        """Store a new hash; `reencrypt(old_pem) -> new_pem` re-wraps a held signing key in the same write."""
        check_password(new)
        digest = _HASHER.hash(new)
        with self._locked() as accounts:
            if name not in accounts:
                raise AccountError(f"no user {name!r}")
            account = accounts[name]
            if account.key_pem and reencrypt is not None:
                account.key_pem = reencrypt(account.key_pem)
            account.password_hash = digest

    def set_key(self, name: str, public_hex: str, encrypted_pem: str) -> None:
        with self._locked() as accounts:
            if name not in accounts:
                raise AccountError(f"no user {name!r}")
            if accounts[name].key_pem:
                raise AccountError(f"{name} already has a signing key held by the server")
            accounts[name].key_public = public_hex
            accounts[name].key_pem = encrypted_pem
