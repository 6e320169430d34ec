"""Shared parts of bench/reliability.py: a work directory, test keys, the CLI as a real process, small ledgers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # tests/tamper.py: the attacker's edits, shared with the tamper suite

from ledger.envelope import Draft  # noqa: E402
from ledger.keys import KeySigner  # noqa: E402
from ledger.ledger import Ledger  # noqa: E402

SITE = "sx"
PY = sys.executable


@dataclass
class Result:
    """One experiment's outcome: how many trials, how many failed (what the issue counts), and what was seen."""

    trials: int = 0
    failures: int = 0
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, ok: bool, note: str = "") -> None:
        self.trials += 1
        if not ok:
            self.failures += 1
            if note and len(self.notes) < 5:
                self.notes.append(note[:300])


class Work:
    """The experiment's directory (bench/out/reliability), its keys and the CLI environment."""

    def __init__(self, base: Path) -> None:
        self.dir = base
        shutil.rmtree(base, ignore_errors=True)
        base.mkdir(parents=True)
        self.keys = base / "keys"
        self.keys.mkdir()
        for name in ("buyer", "alice", "op", "mallory"):
            self.key(name)

    def key(self, name: str) -> KeySigner:
        from cryptography.hazmat.primitives import serialization

        signer = KeySigner.from_seed(f"opsledger reliability key {name}".encode(), name)
        pem = self.keys / f"{name}.pem"
        if not pem.exists():
            data = signer._key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
            pem.write_bytes(data)
            os.chmod(pem, 0o600)
            (self.keys / f"{name}.pub").write_text(signer.public_hex + "\n", encoding="ascii")
        return signer

    def keyring(self, *names: str) -> dict[str, KeySigner]:
        return {s.public_hex: s for s in (self.key(n) for n in names)}

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("OPSLEDGER_")}
        # OPSLEDGER_LANG=en: the trials match the English wording of refusals (messages are Chinese by default)
        env.update({"OPSLEDGER_ACTOR": "op", "OPSLEDGER_KEYS": str(self.keys), "OPSLEDGER_BUYER": "buyer",
                    "OPSLEDGER_LANG": "en", "PYTHONIOENCODING": "utf-8", **extra})  # fmt: skip
        return env

    def cli(self, db: Path, *args: Any, actor: str = "op", timeout: float = 900, **env: str) -> Run:
        started = time.monotonic()
        proc = subprocess.run([PY, "-m", "cli", "--db", str(db), *map(str, args)], cwd=ROOT,
                              env=self.env(OPSLEDGER_ACTOR=actor, **env), capture_output=True, timeout=timeout)  # fmt: skip
        return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"),
                   time.monotonic() - started)  # fmt: skip

    def ledger(self, path: Path, *, events: int = 0) -> Path:
        """A Shaxian site (contract signed by the buyer, alice delegated as assessor) and `events` operator events."""
        ledger = Ledger(path, create=True)
        try:
            self.append(
                ledger, "site_registered", {"name": "沙县零工市场", "kind": "gig_market"}, on="2026-01-01"
            )
            self.append(ledger, "contract_signed", {"scheme": "shaxian-gig", "start": "2026-01-01", "fee_yuan": "3000000",
                                                    "buyer_key": self.key("buyer").public_hex}, on="2026-01-01", actor="buyer")  # fmt: skip
            self.append(ledger, "actor_role_granted", {"actor": "alice", "role": "assessor",
                                                       "public_key": self.key("alice").public_hex}, on="2026-01-01", actor="buyer")  # fmt: skip
            if events:
                drafts = [(n, Draft(type="gig_worker_registered", site=SITE, occurred_at=f"2026-{n % 11 + 1:02d}-10",
                                    actor="op", payload={"worker": f"W-{n}"})) for n in range(events)]  # fmt: skip
                ledger.append_many(drafts)
        finally:
            ledger.close()  # also when the disk is full: a tmpfs with an open file cannot be unmounted
        return path

    def append(self, ledger: Ledger, etype: str, payload: dict[str, Any], *, on: str = "2026-03-01",
               actor: str = "op") -> Any:  # fmt: skip
        draft = Draft(type=etype, site=SITE, occurred_at=on, actor=actor, payload=payload)
        return ledger.append(draft, self.keyring("buyer", "alice"))

    def jsonl(self, path: Path, n: int, prefix: str = "J") -> Path:
        lines = (json.dumps({"type": "gig_worker_registered", "site": SITE, "occurred_at": f"2026-{i % 11 + 1:02d}-11",
                             "actor": "op", "payload": {"worker": f"{prefix}-{i}"}, "idempotency_key": f"{prefix}-{i}"})
                 for i in range(n))  # fmt: skip
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float

    @property
    def one_line(self) -> bool:
        """The user-facing promise: no traceback, no internal error, at most one line on stderr."""
        return (
            "Traceback (most recent" not in self.err
            and "internal error" not in self.err
            and self.err.count("\n") <= 1
        )


def count(path: Path) -> int | None:
    """The verified event count (every chain and signature recomputed), or None if verification fails."""
    from ledger.errors import LedgerError

    try:
        ledger = Ledger(path)
    except LedgerError:
        return None
    try:
        return ledger.verify().count
    except LedgerError:
        return None
    finally:
        ledger.close()


def deep_ok(path: Path) -> bool:
    from ledger.errors import LedgerError
    from schemes.audit import deep

    ledger = Ledger(path)
    try:
        deep.verify_deep(ledger)
        return True
    except LedgerError:
        return False
    finally:
        ledger.close()
