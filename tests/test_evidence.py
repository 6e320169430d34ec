"""Evidence (佐证材料, issue 5): files stored content-addressed beside the database, attached to events after the
fact (as events), and listed per scheme item: what the document asks for, what is attached, what is missing.

Scheme: shaxian-gig. The evidence each item asks for is the scheme file's `evidence` (from the 评分表):
site.rules asks for 现场照片; site.infrastructure for 设备清单 and 现场照片; site.incidents for 事件登记台账.
"""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest
from conftest import add_event as add
from conftest import sx_ledger
from freezegun import freeze_time

from ledger import blobs
from ledger import evidence as ev
from ledger.envelope import Event
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from schemes import audit

SITE = "sx"


@pytest.fixture
def ledger(tmp_path: Path):
    with freeze_time("2026-01-01T09:00:00+08:00"):
        opened = sx_ledger(tmp_path / "l.db", fee="1")
    yield opened
    opened.close()


def judge(ledger: Ledger, item: str) -> Event:
    return add(ledger, "assessor_judgement", "2026-06-01",
               {"scheme": "shaxian-gig", "item": item, "met": True, "reason": "现场核查"}, actor="alice")  # fmt: skip


def report(ledger: Ledger) -> dict[str, audit.ItemEvidence]:
    _, items = audit.evidence_report(ledger, SITE, "2026")
    return {i.id: i for i in items}


def test_files_are_stored_once_under_their_sha256_beside_the_database(tmp_path: Path) -> None:
    root = blobs.store_dir(tmp_path / "ops.db")
    assert root == tmp_path / "ops.evidence"
    a = tmp_path / "a.jpg"
    a.write_bytes(b"photo bytes")
    b = tmp_path / "copy-of-a.jpg"
    b.write_bytes(b"photo bytes")
    sha = blobs.put(root, a)
    assert sha == hashlib.sha256(b"photo bytes").hexdigest()
    assert blobs.put(root, b) == sha  # same content, same place: stored once
    path = root / sha[:2] / sha
    assert path.read_bytes() == b"photo bytes"
    assert [p for p in root.rglob("*") if p.is_file()] == [path]
    assert not stat.S_IMODE(path.stat().st_mode) & 0o222  # read-only
    assert blobs.check(root, sha) == "stored" and blobs.check(root, "0" * 64) == "missing"
    path.chmod(0o644)
    path.write_bytes(b"altered")
    assert blobs.check(root, sha) == "corrupt"


def test_attach_copies_hashes_and_appends_an_event(ledger, tmp_path: Path) -> None:
    judgement = judge(ledger, "site.rules")
    photo = tmp_path / "wall.jpg"
    photo.write_bytes(b"rules on the wall")
    with freeze_time("2026-07-01T09:00:00+08:00"):
        event = ev.attach(ledger, judgement.seq, photo, "op", "现场照片")
    sha = blobs.file_sha256(photo)
    assert (
        event.type == "evidence_attached" and event.actor == "op"
    )  # anyone may add evidence, even to a judgement
    assert event.payload == {
        "target": judgement.id,
        "file_name": "wall.jpg",
        "sha256": sha,
        "requirement": "现场照片",
    }
    assert (blobs.store_dir(ledger.path) / sha[:2] / sha).read_bytes() == b"rules on the wall"


def test_listing_shows_asked_attached_and_missing_per_item(ledger, tmp_path: Path) -> None:
    rules = judge(ledger, "site.rules")
    infra = judge(ledger, "site.infrastructure")
    fight = add(ledger, "site_incident", "2026-03-01", {"kind": "fight", "description": "斗殴"})
    photo = tmp_path / "wall.jpg"
    photo.write_bytes(b"rules on the wall")
    ev.attach(ledger, rules.seq, photo, "op", "现场照片")
    listing = tmp_path / "设备清单-2026.xlsx"  # named after the requirement: covers it without --for
    listing.write_bytes(b"equipment list")
    ev.attach(ledger, infra.seq, listing, "op")
    items = report(ledger)
    assert items["site.rules"].asks == ["现场照片"]
    assert [(f.file_name, state, covered) for f, state, covered in items["site.rules"].attached] == [
        ("wall.jpg", "stored", "现场照片")
    ]
    assert items["site.rules"].missing == []
    assert items["site.infrastructure"].asks == ["设备清单", "现场照片"]
    assert [covered for _, _, covered in items["site.infrastructure"].attached] == ["设备清单"]
    assert items["site.infrastructure"].missing == ["现场照片"]
    assert items["site.incidents"].events == [fight.seq]
    assert items["site.incidents"].missing == ["事件登记台账"] and items["site.incidents"].bare == [fight.seq]
    assert items["site.layout"].events == [] and items["site.layout"].missing == ["现场照片"]


def test_referenced_but_not_stored_evidence_is_shown_missing_from_the_store(ledger) -> None:
    ref = {"file_name": "事件登记台账.pdf", "sha256": "e" * 64}
    add(ledger, "site_incident", "2026-03-01", {"kind": "fight", "description": "斗殴"}, evidence=[ref])
    item = report(ledger)["site.incidents"]
    assert [(f.file_name, state, covered) for f, state, covered in item.attached] == [
        ("事件登记台账.pdf", "missing", "事件登记台账")
    ]
    assert (
        item.missing == []
    )  # referenced (the requirement is named), though the file itself is not in the store


def test_attach_mistakes_are_one_line_errors(ledger, tmp_path: Path) -> None:
    rules = judge(ledger, "site.rules")
    with pytest.raises(LedgerError, match=r"no event with sequence number 99 \(the ledger holds 1\.\.4\)"):
        ev.attach(ledger, 99, tmp_path, "op")
    with pytest.raises(LedgerError, match="no such file"):
        ev.attach(ledger, rules.seq, tmp_path / "nope.jpg", "op")
    with pytest.raises(LedgerError, match="is not a file"):
        ev.attach(ledger, rules.seq, tmp_path, "op")
    photo = tmp_path / "p.jpg"
    photo.write_bytes(b"x")
    first = ev.attach(ledger, rules.seq, photo, "op")
    with pytest.raises(LedgerError, match="cannot point at a evidence_attached event"):
        ev.attach(ledger, first.seq, photo, "op")


def test_cli_log_evidence_attach_and_listing(tmp_path: Path, sh) -> None:
    db = tmp_path / "cli.db"
    photo = tmp_path / "现场照片-制度.jpg"
    photo.write_bytes(b"wall")
    ledger_steps = [
        ("init",),
        ("site", "add", SITE, "--name", "沙县零工市场", "--on", "2026-01-01", "--actor", "op"),
        ("contract", "add", SITE, "--scheme", "shaxian-gig", "--start", "2026-01-01", "--fee", "1", "--actor", "op"),
        ("role", "grant", "alice", "--role", "assessor", "--site", SITE, "--actor", "buyer"),
        ("log", "assessor_judgement", "--site", SITE, "--on", "2026-06-01", "scheme=shaxian-gig", "item=site.rules",
         "met=true", "reason=ok", "--actor", "alice", "--evidence", photo),
        ("log", "site_incident", "--site", SITE, "--on", "2026-03-01", "kind=fight", "description=斗殴", "--actor", "op"),
    ]  # fmt: skip
    for args in ledger_steps:
        result = sh("--db", db, *args)
        assert result.code == 0, (args, result.err)
    sha = ev.file_sha256(photo)
    assert (tmp_path / "cli.evidence" / sha[:2] / sha).is_file()  # log --evidence keeps the file too
    ledger_file = tmp_path / "台账.pdf"
    ledger_file.write_bytes(b"incident register")
    result = sh("--db", db, "attach", "5", ledger_file, "--for", "事件登记台账", "--actor", "op")
    assert result.code == 0, result.err
    assert result.out.startswith(f"attached 台账.pdf sha256 {ev.file_sha256(ledger_file)} to seq 5: seq 6 ")
    out = sh("--db", db, "evidence", "--site", SITE, "--period", "2026")
    assert out.code == 0, out.err
    block = out.out.split("site.rules ", 1)[1].split("\n\n", 1)[0]
    assert "asks for: 现场照片" in block
    assert f"attached: #4 现场照片-制度.jpg sha256 {sha[:12]}… [stored] → 现场照片" in block
    assert "missing: nothing" in block
    block = out.out.split("site.incidents ", 1)[1].split("\n\n", 1)[0]
    assert "[stored, attached by #6] → 事件登记台账" in block and "missing: nothing" in block
    block = out.out.split("site.layout ", 1)[1].split("\n\n", 1)[0]
    assert "missing: 现场照片 (no events back this item yet)" in block
    bad = sh("--db", db, "attach", "42", ledger_file)
    assert bad.code == 1 and bad.err == "error: no event with sequence number 42 (the ledger holds 1..6)\n"
