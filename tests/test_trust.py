"""Impersonation (issue 12): the buyer's key is the root of trust. Typing an assessor's name gets an operator
nothing, through any path (CLI, environment, JSONL import, the library); keys are delegated by the buyer, not
registered first come; and an act written behind the store's back with a correctly computed hash is still caught
by `verify`, because its signature is missing or made with a key that has no authority.

Scheme: shaxian-gig. 场地运营管理 第1行 (site.rules, 2 分) is an assessor's judgement: met -> 2, else 0.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import add_event as add
from conftest import ensure_key, keyring_for, sx_ledger
from freezegun import freeze_time

from ledger import trust
from ledger.envelope import Draft, Event, event_hash
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from schemes import service

SITE = "sx"
JUDGEMENT = {"scheme": "shaxian-gig", "item": "site.rules", "met": True, "reason": "制度已上墙"}


@pytest.fixture
def ledger(tmp_path: Path):
    with freeze_time("2026-01-01T09:00:00+08:00"):
        opened = sx_ledger(tmp_path / "l.db", fee="3000000")  # the buyer's contract; alice delegated
    yield opened
    opened.close()


def rules_points(ledger: Ledger) -> object:
    return service.score_site(ledger, SITE, "2026").item("site.rules").points


def behind_the_back(path: Path, event: Event) -> None:
    """Append a row with plain SQL, its site_seq, prev_hash and hash computed correctly: what someone holding the
    database file (but no key) can do."""
    conn = sqlite3.connect(path)
    site_seq, prev = conn.execute(
        "SELECT site_seq, hash FROM events WHERE site = ? ORDER BY site_seq DESC LIMIT 1", (event.site,)
    ).fetchone()
    row = event.replace(site_seq=site_seq + 1, prev_hash=prev)
    row = row.replace(hash=event_hash(row.body()))
    conn.execute(
        "INSERT INTO events (site, site_seq, id, type, version, occurred_at, occurred_on, covers, recorded_at, actor, "
        "idempotency_key, signer, signature, payload, evidence, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (row.site, row.site_seq, row.id, row.type, row.version, row.occurred_at, row.occurred_at[:10], row.covers,
         row.recorded_at, row.actor, row.idempotency_key, row.signer, row.signature,
         json.dumps(row.payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")), "[]", row.prev_hash,
         row.hash),
    )  # fmt: skip
    conn.commit()
    conn.close()


def judgement_event(actor: str = "alice", **changes: object) -> Event:
    return Event(seq=0, id="forged-judgement", type="assessor_judgement", version=1, site=SITE,
                 occurred_at="2026-06-01", recorded_at="2026-06-01T10:00:00.000000+08:00", actor=actor,
                 payload={**JUDGEMENT, "points": None, "shortfalls": 0}, **changes)  # type: ignore[arg-type]  # fmt: skip


# -- typing a name gets nothing --------------------------------------------------------------------------------


def test_the_library_refuses_an_assessors_act_without_her_key(ledger) -> None:
    head = ledger.head()
    draft = Draft(
        type="assessor_judgement", site=SITE, occurred_at="2026-06-01", actor="alice", payload=JUDGEMENT
    )
    with pytest.raises(
        LedgerError, match="assessor_judgement must be signed by the assessor's key .* not at hand"
    ):
        ledger.append(draft, keyring_for("op"))  # the operator's own keys
    with pytest.raises(LedgerError, match="is signed by .*, but only the assessor's key .* may sign it"):
        mallory = ensure_key("mallory")
        forged = draft.replace(signer=mallory.public_hex)
        event = trust.sign(judgement_event(signer=mallory.public_hex), mallory)
        ledger.append(forged.replace(signature=event.signature, id=event.id))
    assert ledger.head() == head and rules_points(ledger) == 0


@pytest.mark.parametrize("how", ["--actor", "OPSLEDGER_ACTOR"])
def test_the_cli_refuses_an_operator_typing_the_assessors_name(ledger, tmp_path: Path, sh, how) -> None:
    own = tmp_path / "operator-keys"  # the operator's machine: its own key, not alice's
    assert sh("keys", "new", "--actor", "op", "--keys-dir", own).code == 0
    args = ["--db", ledger.path, "log", "assessor_judgement", "--site", SITE, "--on", "2026-06-01",
            "scheme=shaxian-gig", "item=site.rules", "met=true", "reason=制度已上墙", "--keys-dir", own]  # fmt: skip
    env = None
    if how == "--actor":
        args += ["--actor", "alice"]
    else:
        from conftest import cli_env

        env = cli_env(OPSLEDGER_ACTOR="alice")
    result = sh(*args, env=env)
    assert result.code == 1
    assert result.err.startswith("error: assessor_judgement must be signed by the assessor's key ")
    assert result.err.count("\n") == 1 and rules_points(ledger) == 0


def test_a_jsonl_import_under_the_assessors_name_is_refused_whole(ledger, tmp_path: Path, sh) -> None:
    own = tmp_path / "operator-keys"
    assert sh("keys", "new", "--actor", "op", "--keys-dir", own).code == 0
    lines = [
        {"type": "gig_worker_registered", "site": SITE, "occurred_at": "2026-06-01", "actor": "op",
         "payload": {"worker": "W-1"}},
        {"type": "assessor_judgement", "site": SITE, "occurred_at": "2026-06-01", "actor": "alice", "payload": JUDGEMENT},
    ]  # fmt: skip
    path = tmp_path / "day.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    head = ledger.head()
    result = sh("--db", ledger.path, "import", path, "--keys-dir", own)
    assert result.code == 1 and result.err.startswith("error: line 2: assessor_judgement must be signed by")
    assert ledger.head() == head  # all or nothing: the good first line is not stored either


# -- keys are delegated by the buyer ---------------------------------------------------------------------------


def test_first_come_key_registration_is_refused(ledger) -> None:
    """Schema 1: an operator registered a key 'for li' on a site where li had none, then signed as li."""
    mallory = ensure_key("mallory")
    with pytest.raises(LedgerError, match="keys are no longer registered first come"):
        add(ledger, "assessor_key_registered", "2026-06-01", {"actor": "li", "public_key": mallory.public_hex},
            actor="li")  # fmt: skip


def test_a_forged_delegation_is_refused(ledger) -> None:
    """A grant delegating the operator's own key as an assessor's, signed with anything but the buyer's key."""
    grant = Draft(type="actor_role_granted", site=SITE, occurred_at="2026-06-01", actor="buyer",
                  payload={"actor": "li", "role": "assessor", "public_key": ensure_key("mallory").public_hex})  # fmt: skip
    for holding in (("mallory",), ("alice",), ("op", "mallory")):
        with pytest.raises(LedgerError, match="actor_role_granted must be signed by the buyer's key"):
            ledger.append(grant, keyring_for(*holding))
    assert not ledger.roles().is_assessor("li", SITE)


def test_an_operator_cannot_correct_the_contract_fee(ledger) -> None:
    contract = next(iter(ledger.events(site=SITE, types=["contract_signed"])))
    fix = Draft(type="correction", site=SITE, occurred_at="2026-06-01", actor="op",
                payload={"target": contract.id, "changes": {"fee_yuan": "99999999"}, "reason": "补充协议"})  # fmt: skip
    with pytest.raises(LedgerError, match="correction must be signed by the buyer's key"):
        ledger.append(fix, keyring_for("op", "alice"))
    # The buyer can (it is the buyer's contract), and the payout follows the corrected fee.
    assert ledger.append(fix, keyring_for("buyer")).signer == ensure_key("buyer").public_hex


def test_the_buyers_key_cannot_be_corrected_away(ledger) -> None:
    contract = next(iter(ledger.events(site=SITE, types=["contract_signed"])))
    fix = Draft(type="correction", site=SITE, occurred_at="2026-06-01", actor="buyer",
                payload={"target": contract.id, "changes": {"buyer_key": ensure_key("mallory").public_hex},
                         "reason": "换钥"})  # fmt: skip
    with pytest.raises(LedgerError, match="the buyer's key is handed over by a new contract it signs"):
        ledger.append(fix, keyring_for("buyer"))


# -- behind the store's back: verify catches what the appender would have refused --------------------------------


def test_an_unsigned_judgement_inserted_by_sql_with_a_valid_hash_is_flagged(ledger, sh) -> None:
    behind_the_back(ledger.path, judgement_event())
    assert rules_points(ledger) == 2  # the score believes the row...
    with pytest.raises(LedgerError, match=r"^seq \d+ \(site sx #\d+\): assessor_judgement must be signed by the "
                                          r"assessor's key .*, and is not$"):  # fmt: skip
        ledger.verify()  # ... verify does not
    result = sh("--db", ledger.path, "verify")
    assert result.code == 1 and "assessor_judgement must be signed" in result.err


def test_a_judgement_signed_by_a_key_without_authority_is_flagged(ledger) -> None:
    mallory = ensure_key("mallory")
    behind_the_back(ledger.path, trust.sign(judgement_event(), mallory))
    with pytest.raises(
        LedgerError, match="is signed by .*, but only the assessor's key .* may sign it on this site"
    ):
        ledger.verify()


def test_a_genuine_signature_moved_onto_other_content_is_flagged(ledger) -> None:
    alice = ensure_key("alice")
    genuine = trust.sign(judgement_event(), alice)
    altered = genuine.replace(payload={**genuine.payload, "item": "site.layout"})
    behind_the_back(ledger.path, altered)
    with pytest.raises(LedgerError, match="assessor_judgement: its signature does not verify"):
        ledger.verify()


def test_a_contract_fee_raised_by_sql_is_flagged(ledger) -> None:
    contract = next(iter(ledger.events(site=SITE, types=["contract_signed"])))
    fix = Event(seq=0, id="fee-fix", type="correction", version=1, site=SITE, occurred_at="2026-06-01",
                recorded_at="2026-06-01T10:00:00.000000+08:00", actor="op",
                payload={"target": contract.id, "changes": {"fee_yuan": "99999999"}, "reason": "x"})  # fmt: skip
    behind_the_back(ledger.path, fix)
    with pytest.raises(LedgerError, match="correction must be signed by the buyer's key"):
        ledger.verify()


def test_verify_names_each_sites_buyer_key_and_checks_the_trusted_one(ledger, sh, tmp_path: Path) -> None:
    from ledger.keys import fingerprint

    buyer = fingerprint(ensure_key("buyer").public_hex)
    result = sh("--db", ledger.path, "verify")
    assert result.code == 0 and "sx: #3 " in result.out and f"buyer key {buyer}" in result.out
    # --trust-key vouches only for a head the trusted key signed: the chain ends in a grant, which signs no head.
    unsigned = sh("--db", ledger.path, "verify", "--trust-key", buyer)
    assert unsigned.code == 1 and "its head #3 is signed by no trusted key" in unsigned.err
    kept = tmp_path / "checkpoints.txt"
    assert sh("--db", ledger.path, "checkpoint", "--site", SITE, "--buyer", "buyer", "--out", kept).code == 0
    assert sh("--db", ledger.path, "verify", "--trust-key", buyer, "--against", kept).code == 0
    wrong = sh("--db", ledger.path, "verify", "--trust-key", fingerprint(ensure_key("mallory").public_hex))
    assert (
        wrong.code == 1
        and wrong.err == f"error: site sx: its chain is rooted in {buyer}, which is not a trusted key\n"
    )
