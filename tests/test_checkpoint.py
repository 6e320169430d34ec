"""Checkpoints the buyer keeps (issue 12 §2): a signed note in the shape of a C2SP tlog-checkpoint, and
`verify --against FILE`, which proves the ledger still holds exactly the signed prefix.

What `verify` alone cannot see (the log cut short after the last sign-off, a tail rewritten and re-hashed) a
checkpoint catches; a checkpoint altered in any field, or signed by a key the buyer never delegated, proves
nothing and is refused; `--trust-key` passes only when the trusted key (or one it delegated) signed the head.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
from pathlib import Path

import pytest
import tamper
from conftest import add_event as add
from conftest import ensure_key, keyring_for, sx_ledger
from freezegun import freeze_time

from ledger import checkpoint
from ledger.errors import LedgerError
from ledger.keys import fingerprint, verify_bytes
from ledger.ledger import Ledger
from schemes import audit

SITE = "sx"


@pytest.fixture
def ledger(tmp_path: Path):
    """The Shaxian site with its contract and alice delegated (#1..#3), then three operator events (#4..#6)."""
    with freeze_time("2026-01-01T09:00:00+08:00"):
        opened = sx_ledger(tmp_path / "l.db")
    with freeze_time("2026-03-01T09:00:00+08:00"):
        for n in range(3):
            add(opened, "gig_worker_registered", "2026-03-01", {"worker": f"W-{n}"})
    yield opened
    opened.close()


def buyer_checkpoint(ledger: Ledger) -> checkpoint.SignedCheckpoint:
    with freeze_time("2026-03-02T10:00:00+08:00"):
        return checkpoint.issue(ledger.store, SITE, "buyer", ensure_key("buyer"))


# -- the format -----------------------------------------------------------------------------------------------


def test_a_checkpoint_is_a_signed_note_of_the_site_its_length_head_hash_and_time(ledger) -> None:
    signed = buyer_checkpoint(ledger)
    head = ledger.site_head(SITE)
    note = signed.note()
    text, sig = note.split("\n\n")
    assert text.split("\n") == [
        "opsledger/sx",
        "6",
        base64.b64encode(bytes.fromhex(head.hash)).decode(),
        "time 2026-03-02T10:00:00.000000+08:00",
    ]
    # The signature line is the signed-note form: em dash, key name, base64(key ID || Ed25519 signature), where the
    # key ID is SHA-256(name || 0x0A || 0x01 || public key)[:4] and the signature covers the text with its newline.
    dash, name, blob = sig.rstrip("\n").split(" ")
    raw = base64.b64decode(blob)
    buyer = ensure_key("buyer").public_hex
    assert (dash, name) == ("\u2014", "buyer")
    assert raw[:4] == hashlib.sha256(b"buyer\n\x01" + bytes.fromhex(buyer)).digest()[:4]
    assert verify_bytes(buyer, (text + "\n").encode(), raw[4:].hex())
    assert checkpoint.parse(note) == signed


def test_several_checkpoints_in_one_file_are_each_read(ledger, tmp_path: Path) -> None:
    first = buyer_checkpoint(ledger)
    with freeze_time("2026-03-05T09:00:00+08:00"):
        add(ledger, "gig_worker_registered", "2026-03-05", {"worker": "W-9"})
    second = buyer_checkpoint(ledger)
    data = (first.note() + second.note()).replace("\n", "\r\n").encode()  # saved by a Windows editor
    assert checkpoint.parse_file(data) == [first, second]


# -- against the ledger ---------------------------------------------------------------------------------------


def test_the_untouched_ledger_holds_the_checkpointed_prefix_and_later_events_are_counted(ledger) -> None:
    signed = buyer_checkpoint(ledger)
    with freeze_time("2026-03-05T09:00:00+08:00"):
        add(ledger, "gig_worker_registered", "2026-03-05", {"worker": "W-9"})
    proof = checkpoint.prove(ledger.store, signed)
    assert proof.role == "buyer" and proof.signer == ensure_key("buyer").public_hex
    assert "the ledger holds exactly that prefix; 1 event since, signed by nobody yet" in proof.line()


def test_a_log_cut_short_after_the_checkpoint_passes_verify_but_not_the_checkpoint(ledger) -> None:
    signed = buyer_checkpoint(ledger)
    tamper.truncate(ledger.path, SITE, keep=4)
    assert ledger.verify().count == 4  # what is left is a whole, valid chain
    with pytest.raises(
        LedgerError, match=r"now ends at #4: events #5\.\.#6, which the checkpoint signed, were removed"
    ):
        checkpoint.prove(ledger.store, signed)


@pytest.mark.parametrize("at", [4, 6])
def test_a_tail_rewritten_and_rehashed_passes_verify_but_not_the_checkpoint(ledger, at: int) -> None:
    signed = buyer_checkpoint(ledger)
    tamper.rewrite_tail(ledger.path, SITE, at, lambda e: e.replace(payload={"worker": "W-forged"}))
    assert ledger.verify().count == 6
    with pytest.raises(
        LedgerError, match=r"the chain's #6 is .*, the checkpoint signed .*: the log was rewritten"
    ):
        checkpoint.prove(ledger.store, signed)


def _edit(note: str, line: int, new: str) -> str:
    lines = note.split("\n")
    lines[line] = new
    return "\n".join(lines)


def _resigned(note: str, **changes: bytes) -> str:
    """The note with the signature line's key ID or signature bytes replaced."""
    dash, name, blob = note.split("\n")[5].split(" ")
    raw = base64.b64decode(blob)
    key_id, sig = changes.get("key_id", raw[:4]), changes.get("sig", raw[4:])
    return _edit(note, 5, f"{dash} {name} {base64.b64encode(key_id + sig).decode()}")


TAMPERED = {
    "origin": (lambda n: _edit(n, 0, "opsledger/other"), "the ledger has no site 'other'"),
    "size smaller": (lambda n: _edit(n, 1, "5"), "altered after it was signed"),
    "size larger": (lambda n: _edit(n, 1, "7"), "altered after it was signed"),
    "size with a leading zero": (lambda n: _edit(n, 1, "06"), "is not a chain length"),
    "hash": (lambda n: _edit(n, 2, base64.b64encode(b"\x01" * 32).decode()), "altered after it was signed"),
    "hash not 32 bytes": (
        lambda n: _edit(n, 2, base64.b64encode(b"\x01" * 31).decode()),
        "not the base64 of a 32",
    ),
    "time": (lambda n: _edit(n, 3, "time 2026-03-09T10:00:00.000000+08:00"), "altered after it was signed"),
    "time malformed": (lambda n: _edit(n, 3, "time yesterday"), "bad date/time"),
    "key name": (lambda n: n.replace("\u2014 buyer ", "\u2014 city "), "with no key this site's chain knows"),
    "key id": (lambda n: _resigned(n, key_id=b"\0\0\0\0"), "with no key this site's chain knows"),
    "signature": (lambda n: _resigned(n, sig=b"\1" * 64), "altered after it was signed"),
    "signature cut": (lambda n: _resigned(n, sig=b"\1" * 63), "not a base64 Ed25519 signature"),
    "no signature": (lambda n: n.split("\n\n")[0] + "\n", "no blank line before its signature lines"),
    "extra line": (lambda n: n.replace("\ntime", "\nnote hello\ntime"), "5 text lines"),
    "control character": (lambda n: n.replace("opsledger/sx", "opsledger/sx\x1b"), "control character"),
}


@pytest.mark.parametrize("field", list(TAMPERED))
def test_a_checkpoint_altered_in_any_field_is_refused(ledger, field: str) -> None:
    change, message = TAMPERED[field]
    note = change(buyer_checkpoint(ledger).note())
    with pytest.raises(LedgerError, match=message):
        for signed in checkpoint.parse_file(note.encode()):
            checkpoint.prove(ledger.store, signed)


def test_a_checkpoint_signed_by_a_key_the_buyer_never_delegated_proves_nothing(ledger) -> None:
    mallory = ensure_key("mallory")
    with pytest.raises(
        LedgerError, match="mallory's key .* is neither the buyer key of sx nor a key the buyer"
    ):
        checkpoint.issue(ledger.store, SITE, "mallory", mallory)
    # Written by hand under the buyer's name: the key ID names no key the chain knows.
    forged = checkpoint.sign(checkpoint.make(SITE, ledger.site_head(SITE)), "buyer", mallory)
    with pytest.raises(LedgerError, match="signed by buyer, with no key this site's chain knows at #6"):
        checkpoint.prove(ledger.store, forged)


def test_an_assessors_checkpoint_is_trusted_through_the_buyer_who_delegated_her_key(ledger) -> None:
    signed = checkpoint.issue(ledger.store, SITE, "alice", ensure_key("alice"))
    proof = checkpoint.prove(ledger.store, signed)
    assert proof.role == "assessor alice"
    assert checkpoint.trusted_proof(proof, [fingerprint(ensure_key("buyer").public_hex)])
    assert not checkpoint.trusted_proof(proof, [fingerprint(ensure_key("mallory").public_hex)])


# -- the command line -----------------------------------------------------------------------------------------


def test_verify_trust_key_passes_only_when_the_trusted_key_signed_the_head(
    ledger, tmp_path: Path, sh
) -> None:
    buyer = fingerprint(ensure_key("buyer").public_hex)
    db = ledger.path
    unsigned = sh("--db", db, "verify", "--trust-key", buyer)
    assert unsigned.code == 1
    assert unsigned.err.startswith("error: site sx: its head #6 is signed by no trusted key")
    kept = tmp_path / "checkpoints.txt"
    made = sh("--db", db, "checkpoint", "--site", SITE, "--buyer", "buyer", "--out", kept)
    assert made.code == 0 and made.out.startswith("appended checkpoint sx #6 ")
    result = sh("--db", db, "verify", "--against", kept, "--trust-key", buyer)
    assert result.code == 0, result.err
    assert "  sx: #6 is signed by a trusted key (checkpoint of " in result.out
    mallory = sh(
        "--db", db, "verify", "--against", kept, "--trust-key", fingerprint(ensure_key("mallory").public_hex)
    )
    assert mallory.code == 1 and "not a trusted key" in mallory.err
    # A sign-off that ends the chain vouches for the head it signed without a checkpoint.
    with freeze_time("2027-01-05T10:00:00+08:00"):
        audit.sign_off(ledger, SITE, "2026", "alice", keys=keyring_for("alice"))
    signed = sh("--db", db, "verify", "--trust-key", buyer)
    assert signed.code == 0, signed.err
    assert "  sx: #7 is a sign-off signed by " in signed.out


def test_verify_against_names_a_truncation_in_one_line(ledger, tmp_path: Path, sh) -> None:
    kept = tmp_path / "cp.txt"
    kept.write_text(buyer_checkpoint(ledger).note(), encoding="utf-8")
    tamper.truncate(ledger.path, SITE, keep=5)
    result = sh("--db", ledger.path, "verify", "--against", kept)
    assert result.code == 1 and result.err.count("\n") == 1
    assert "were removed (the log was truncated)" in result.err
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(b"\xff\xfe not a checkpoint")
    bad = sh("--db", ledger.path, "verify", "--against", garbage)
    assert bad.code == 1 and "not UTF-8 text" in bad.err and bad.err.count("\n") == 1


# -- bundles --------------------------------------------------------------------------------------------------


def test_a_bundle_cut_before_the_sign_off_fails_trust_key_and_one_after_it_passes(
    ledger, tmp_path: Path
) -> None:
    buyer = fingerprint(ensure_key("buyer").public_hex)
    with freeze_time("2027-01-04T10:00:00+08:00"):
        audit.export(ledger, SITE, "2026", tmp_path / "before")
    with freeze_time("2027-01-05T10:00:00+08:00"):
        audit.sign_off(ledger, SITE, "2026", "alice", keys=keyring_for("alice"))
        audit.export(ledger, SITE, "2026", tmp_path / "after")
    before = audit.verify_bundle(tmp_path / "before", trust_keys=[buyer])
    assert not before.ok and [c.name for c in before.failures] == ["trusted sign-off"]
    assert audit.verify_bundle(tmp_path / "before").ok  # without --trust-key it checks what is there
    assert audit.verify_bundle(tmp_path / "after", trust_keys=[buyer]).ok
    other = audit.verify_bundle(
        tmp_path / "after", trust_keys=[fingerprint(ensure_key("mallory").public_hex)]
    )
    assert not other.ok and {c.name for c in other.failures} == {"key of seq 7", "trusted sign-off"}


def test_a_bundle_with_an_unsigned_judgement_inside_is_refused(ledger, tmp_path: Path) -> None:
    """A bundle is re-hashed by whoever forges it; its signature rules still hold along the chain."""
    import json

    with freeze_time("2027-01-05T10:00:00+08:00"):
        audit.export(ledger, SITE, "2026", tmp_path / "b")
    copy = tmp_path / "forged"
    shutil.copytree(tmp_path / "b", copy)
    records = [json.loads(x) for x in (copy / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    records[-1].update(type="assessor_judgement", actor="alice", payload={
        "scheme": "shaxian-gig", "item": "site.rules", "met": True, "reason": "x", "shortfalls": 0, "points": None})  # fmt: skip
    (copy / "events.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8"
    )
    report = audit.verify_bundle(copy)
    assert not report.ok
    assert any("assessor_judgement must be signed by the assessor's key" in c.detail for c in report.failures)
