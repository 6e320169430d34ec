"""A small real ledger and accounts for the web app's tests (route tests and the browser test share it)."""

from __future__ import annotations

import re
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from conftest import keyring_for, with_test_keys

from ledger.importer import make_draft
from ledger.keys import public_hex
from ledger.ledger import Ledger
from web.accounts import Accounts
from web.security import new_encrypted_key

PX, SX = "px-market", "sx-gig"
PASSWORDS = {"admin": "admin-pass-1", "op": "op-pass-123", "li": "li-pass-123", "viewer": "viewer-pass-1",
             "opsx": "opsx-pass-123"}  # fmt: skip
FAIRS = 30  # daily fairs already logged at px: 8 short of the 38 the Pingxiang scheme asks (二、1)


_TEMPLATE: list[Path] = []


def build(db: Path) -> Path:
    """A copy of the test ledger (and its accounts) at `db`: built once per test run, copied after."""
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="opsledger-webkit-"))
        _TEMPLATE.append(_build(folder / "template.db"))
    template = _TEMPLATE[0]
    shutil.copyfile(template, db)  # the accounts are in the same file (the store's records)
    return db


def _build(db: Path) -> Path:
    """px-market (pingxiang-market) with 30 full daily fairs, sx-gig (shaxian-gig); li assesses both."""
    ledger = Ledger(db, create=True)
    drafts = []

    def add(event_type: str, site: str, on: str, payload: dict[str, Any], actor: str = "buyer") -> None:
        drafts.append(make_draft(type=event_type, site=site, occurred_at=on, actor=actor, payload=payload))

    add(
        "site_registered", PX, "2026-01-01", {"name": "萍乡市湘赣边人力资源市场", "kind": "employment_market"}
    )
    add("site_registered", SX, "2026-01-01", {"name": "沙县区零工市场", "kind": "gig_market"})
    add(
        "contract_signed",
        PX,
        "2026-01-01",
        {"scheme": "pingxiang-market", "start": "2026-01-01", "fee_yuan": "1000000"},
    )
    add(
        "contract_signed",
        SX,
        "2026-01-01",
        {"scheme": "shaxian-gig", "start": "2026-01-01", "fee_yuan": "500000"},
    )
    add("actor_role_granted", PX, "2026-01-01", {"actor": "li", "role": "assessor"})
    add("actor_role_granted", SX, "2026-01-01", {"actor": "li", "role": "assessor"}, actor="buyer")
    day = date(2026, 1, 8)
    for n in range(FAIRS):
        add("job_fair_held", PX, (day + timedelta(days=10 * n)).isoformat(),
            {"title": f"周四专场{n + 1}", "format": "offline", "kind": "daily", "companies": 40, "jobs": 950,
             "visitors": 230}, actor="op")  # fmt: skip
    # li's signing key is held by the server, encrypted with li's password (web/security.py), and the buyer's
    # grants delegate its public key: li's judgements, closes and sign-offs are signed with it.
    li_key, li_pem = new_encrypted_key(PASSWORDS["li"])
    li_public = public_hex(li_key)
    drafts = [
        d.replace(payload={**with_test_keys(d.type, d.payload), "public_key": li_public})
        if d.type == "actor_role_granted" else d.replace(payload=with_test_keys(d.type, d.payload))
        for d in drafts
    ]  # fmt: skip
    ledger.append_many(enumerate(drafts, 1), keys=keyring_for("buyer"))
    accounts = Accounts(lambda: ledger.store)
    accounts.add("admin", PASSWORDS["admin"], [("admin", "*")])
    accounts.add("op", PASSWORDS["op"], [("operator", PX)])
    accounts.add("opsx", PASSWORDS["opsx"], [("operator", SX)])
    accounts.add("li", PASSWORDS["li"], [("assessor", PX), ("assessor", SX)])
    accounts.set_key("li", li_public, li_pem)
    accounts.add("viewer", PASSWORDS["viewer"], [("viewer", "*")])
    ledger.close()
    return db


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)
