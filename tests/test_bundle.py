"""Audit bundles (issue 5): `export` writes a self-contained directory; `verify-bundle` checks it on another machine
without the original database, and a bundle tampered in any part fails naming that part.

Scheme: shaxian-gig, year 2026; score worked out in test_roles_signoff.py's docstring: 18 with no events, +2 for
the met site.rules judgement (场地运营管理 第1行), -1 for one fight ("全年0案件得5分，1-5件得4分") = 19.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import add_event as add
from conftest import keyring_for, sx_ledger
from freezegun import freeze_time

from ledger import blobs as ev
from ledger import evidence, keys
from ledger.envelope import event_hash
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from schemes import audit
from schemes.audit import bundle_format

SITE = "sx"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """A ledger with two sites interleaved, evidence, a sign-off and a later event; and its bundle."""
    tmp = tmp_path_factory.mktemp("bundle")

    with freeze_time("2026-01-01T09:00:00+08:00"):
        ledger = Ledger(tmp / "l.db", create=True)
        add(ledger, "site_registered", "2026-01-01", {"name": "其他园区"}, site="other")
        add(ledger, "site_registered", "2026-01-01", {"name": "沙县零工市场"})
        add(
            ledger,
            "contract_signed",
            "2026-01-01",
            {"scheme": "shaxian-gig", "start": "2026-01-01", "fee_yuan": "100000"},
        )
        add(ledger, "actor_role_granted", "2026-01-01", {"actor": "alice", "role": "assessor"}, actor="buyer")
    with freeze_time("2026-03-01T09:00:00+08:00"):
        fight = add(ledger, "site_incident", "2026-03-01", {"kind": "fight", "description": "斗殴"})
        add(ledger, "livestream_run", "2026-03-02", {"title": "别处的直播", "viewers": 9}, site="other")
        judgement = add(ledger, "assessor_judgement", "2026-06-01",
                        {"scheme": "shaxian-gig", "item": "site.rules", "met": True, "reason": "制度已上墙"}, actor="alice")  # fmt: skip
        photo = tmp / "现场照片.jpg"
        photo.write_bytes(b"\xff\xd8 photo of the rules on the wall")
        evidence.attach(ledger, judgement.seq, photo, "op", "现场照片")
    with freeze_time("2027-01-05T10:00:00+08:00"):
        signoff, card = audit.sign_off(ledger, SITE, "2026", "alice", keys=keyring_for("alice"))
    assert card.total == 19
    with freeze_time("2027-02-01T10:00:00+08:00"):
        add(
            ledger, "dispute_filed", "2026-11-01", {"case": "D-9"}
        )  # after the sign-off: 1 dispute, still 5 points
    out = tmp / "bundle"
    summary = audit.export(ledger, SITE, "2026", out)
    ledger.close()
    return {
        "dir": out,
        "summary": summary,
        "fight": fight,
        "signoff": signoff,
        "photo": photo,
        "db": tmp / "l.db",
    }


def tampered(exported, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(exported["dir"], copy)
    return copy


def lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in (path / "events.jsonl").read_text(encoding="utf-8").splitlines()]


def write_lines(path: Path, records: list[dict]) -> None:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    (path / "events.jsonl").write_text(text, encoding="utf-8")


def rehash(path: Path, records: list[dict], start: int) -> None:
    """What a careful forger does: recompute every hash from `start` on and fix bundle.json to match."""
    prev = None
    for r in records:
        if r["seq"] >= start:
            r["prev_hash"] = prev if prev is not None else r["prev_hash"]
            r["hash"] = event_hash(bundle_format._event(r).body())
        prev = r["hash"]
    write_lines(path, records)
    manifest = json.loads((path / "bundle.json").read_text(encoding="utf-8"))
    manifest["chains"][records[-1]["site"]]["head_hash"] = records[-1]["hash"]
    manifest["files"]["events.jsonl"] = ev.file_sha256(path / "events.jsonl")
    (path / "bundle.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def failing(path: Path) -> dict[str, str]:
    report = audit.verify_bundle(path)
    return {c.name: c.detail for c in report.failures}


def test_the_bundle_holds_what_it_says(exported) -> None:
    out, s = exported["dir"], exported["summary"]
    names = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    sha = ev.file_sha256(exported["photo"])
    assert names == sorted(["README.md", "bundle.json", "events.jsonl", "keys/alice.pub", "scheme/shaxian-gig.toml",
                            "scorecard.json", "signoffs.json", f"evidence/{sha[:2]}/{sha}"])  # fmt: skip
    records = lines(out)
    # The site's own chain, from its registration (#1, seq 2) to its head; the other site's events interleaved
    # in the ledger are not in it (each site has its own chain).
    assert [r["site_seq"] for r in records] == list(range(1, len(records) + 1))
    assert records[0]["seq"] == 2 and records[-1]["seq"] == s.last_seq
    assert {r["site"] for r in records} == {SITE}
    assert json.loads((out / "scorecard.json").read_text(encoding="utf-8"))["total"] == "19"
    [signed] = json.loads((out / "signoffs.json").read_text(encoding="utf-8"))
    assert (
        signed["seq"] == exported["signoff"].seq
        and signed["payload"]["signature"] == exported["signoff"].payload["signature"]
    )
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "What a verified bundle proves" in readme and "What it cannot prove" in readme


def test_an_untouched_bundle_verifies_without_the_database(exported, tmp_path: Path) -> None:
    copy = tampered(exported, tmp_path)
    report = audit.verify_bundle(copy)
    assert report.ok, report.failures
    names = [c.name for c in report.checks]
    seq = exported["signoff"].seq
    assert names == ["events.jsonl", f"signature of sign-off seq {seq}", f"signed head of seq {seq}",
                     "scheme/shaxian-gig.toml", f"signed score of seq {seq}", "signoffs.json", "scorecard.json",
                     "evidence"]  # fmt: skip
    [s] = report.signoffs
    assert s.recomputed is not None and s.recomputed.total == 19
    # The dispute recorded after the sign-off moves an input, not the points: "全年15件以下纠纷得5分".
    [step] = s.changes
    assert step.event.type == "dispute_filed"
    assert [(c.id, c.before, c.after, c.inputs_before, c.inputs_after) for c in step.items] == [
        ("disputes", 5, 5, {"disputes": 0}, {"disputes": 1})
    ]


def test_the_cli_verifies_a_bundle_on_another_machine(exported, tmp_path: Path, sh) -> None:
    copy = tampered(exported, tmp_path)
    result = sh("verify-bundle", copy)  # cwd tmp_path; no --db, no database anywhere near
    assert result.code == 0, result.err
    assert result.out.rstrip().endswith(f"ok: bundle {copy} verifies")
    assert "It cannot prove:" in result.out
    trusted = keys.fingerprint((copy / "keys" / "alice.pub").read_text().strip())
    assert sh("verify-bundle", copy, "--trust-key", trusted).code == 0
    wrong = sh("verify-bundle", copy, "--trust-key", "0000:0000:0000:0000")
    assert wrong.code == 1 and "key of seq" in wrong.err and "is NOT one of the trusted keys" in wrong.err


def tamper_payload(path: Path, exported) -> None:
    text = (path / "events.jsonl").read_text(encoding="utf-8")
    assert text.count('"kind": "fight"') == 1
    (path / "events.jsonl").write_text(text.replace('"kind": "fight"', '"kind": "other"'), encoding="utf-8")


def tamper_hash(path: Path, exported) -> None:
    records = lines(path)
    r = next(r for r in records if r["seq"] == exported["fight"].seq)
    r["hash"] = "0" * 64
    write_lines(path, records)


def tamper_scheme(path: Path, exported) -> None:
    with (path / "scheme" / "shaxian-gig.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n# edited after the sign-off\n")


def tamper_scorecard(path: Path, exported) -> None:
    card = json.loads((path / "scorecard.json").read_text(encoding="utf-8"))
    card["total"] = "91"
    (path / "scorecard.json").write_text(json.dumps(card, ensure_ascii=False), encoding="utf-8")


def tamper_evidence(path: Path, exported) -> None:
    [blob] = [p for p in (path / "evidence").rglob("*") if p.is_file()]
    blob.chmod(0o644)
    blob.write_bytes(b"a different photo")


def tamper_signature(path: Path, exported) -> None:
    signed = json.loads((path / "signoffs.json").read_text(encoding="utf-8"))
    signed[0]["payload"]["signature"] = "1" * 128
    (path / "signoffs.json").write_text(json.dumps(signed), encoding="utf-8")


def tamper_missing_event(path: Path, exported) -> None:
    write_lines(path, [r for r in lines(path) if r["seq"] != exported["fight"].seq])


def tamper_signature_in_chain(path: Path, exported) -> None:
    records = lines(path)
    r = next(r for r in records if r["seq"] == exported["signoff"].seq)
    r["payload"]["signature"] = "1" * 128
    rehash(path, records, r["seq"])


def tamper_total_in_chain(path: Path, exported) -> None:
    records = lines(path)
    r = next(r for r in records if r["seq"] == exported["signoff"].seq)
    r["payload"]["total"] = "95"
    rehash(path, records, r["seq"])


def tamper_invalid_payload_rehashed(path: Path, exported) -> None:
    records = lines(path)
    r = next(r for r in records if r["seq"] == exported["fight"].seq)
    del r["payload"]["kind"]  # a payload the catalog would never have stored
    rehash(path, records, r["seq"])


@pytest.mark.parametrize(
    ("tamper", "part", "detail"),
    [
        (tamper_payload, "events.jsonl", "seq {fight} (site sx #{fight_n}): its content does not match its hash"),
        (tamper_hash, "events.jsonl", "seq {fight} (site sx #{fight_n}): its content does not match its hash"),
        (tamper_scheme, "scheme/shaxian-gig.toml", "the scheme was changed after the sign-off"),
        (tamper_scorecard, "scorecard.json", "does not match the score recomputed from the events (total 91 vs recomputed 19)"),
        (tamper_evidence, "evidence/{ev}", "its content does not match its sha256"),
        (tamper_signature, "signoffs.json", "entry for seq {signoff} differs from the chain's score_signed_off event (signature)"),
        (tamper_missing_event, "events.jsonl", "#{fight_n} is missing before it"),
        (tamper_signature_in_chain, "signature of sign-off seq {signoff}", "signature does not verify with alice's key"),
        (tamper_total_in_chain, "signature of sign-off seq {signoff}", "signature does not verify with alice's key"),
        (tamper_invalid_payload_rehashed, "events.jsonl", "seq {fight}: not a valid event: site_incident: kind: missing"),
    ],
    ids=["event-payload-byte", "event-hash", "scheme-file", "scorecard", "evidence-file", "signature",
         "event-removed", "signature-rehashed-chain", "total-rehashed-chain", "invalid-payload-rehashed"],
)  # fmt: skip
def test_a_bundle_tampered_in_any_part_fails_naming_it(
    exported, tmp_path: Path, tamper, part, detail
) -> None:
    copy = tampered(exported, tmp_path)
    assert audit.verify_bundle(copy).ok
    tamper(copy, exported)
    sha = ev.file_sha256(exported["photo"])
    fill = {"fight": exported["fight"].seq, "fight_n": exported["fight"].site_seq, "signoff": exported["signoff"].seq,
            "ev": f"{sha[:2]}/{sha}"}  # fmt: skip
    part, detail = part.format(**fill), detail.format(**fill)
    failures = failing(copy)
    assert part in failures, failures
    assert detail in failures[part]


@pytest.mark.parametrize("tamper", [tamper_payload, tamper_scorecard, tamper_signature_in_chain])
def test_the_cli_exits_non_zero_with_one_line_naming_the_part(exported, tmp_path: Path, sh, tamper) -> None:
    copy = tampered(exported, tmp_path)
    tamper(copy, exported)
    result = sh("verify-bundle", copy)
    assert result.code == 1
    assert result.err.startswith(f"error: bundle {copy} FAILED (") and result.err.count("\n") == 1
    assert "FAIL" in result.out


def test_a_bundle_shows_the_later_change_after_a_sign_off(tmp_path: Path) -> None:
    """A retraction after the sign-off: the bundle still proves the signed 19, and names what changed since."""

    with freeze_time("2026-01-01T09:00:00+08:00"):
        ledger = sx_ledger(tmp_path / "l.db", fee="1")
        fight = add(ledger, "site_incident", "2026-03-01", {"kind": "fight", "description": "斗殴"})
    with freeze_time("2027-01-05T10:00:00+08:00"):
        audit.sign_off(ledger, SITE, "2026", "alice", keys=keyring_for("alice"))
        gone = add(ledger, "retraction", "2026-03-01", {"target": fight.id, "reason": "误报"})
    audit.export(ledger, SITE, "2026", tmp_path / "b")
    report = audit.verify_bundle(tmp_path / "b")
    assert report.ok, report.failures
    [s] = report.signoffs
    assert [(st.event.seq, [(c.id, c.before, c.after) for c in st.items]) for st in s.changes] == [
        (gone.seq, [("site.incidents", 4, 5)])  # "全年0案件得5分，1-5件得4分"
    ]
    assert json.loads((tmp_path / "b" / "scorecard.json").read_text(encoding="utf-8"))["total"] == "18"


def test_export_refuses_a_non_empty_directory(exported) -> None:
    ledger = Ledger(exported["db"])
    try:
        with pytest.raises(LedgerError, match="is not an empty directory"):
            audit.export(ledger, SITE, "2026", exported["dir"])
    finally:
        ledger.close()


def test_verify_bundle_refuses_a_directory_that_is_not_a_bundle(tmp_path: Path) -> None:
    with pytest.raises(LedgerError, match="is not an opsledger bundle"):
        audit.verify_bundle(tmp_path)
