"""bench/reliability.py, the trust experiments: tampering with every column, checkpoints against truncation and
re-hashed tails, the projection cache, impersonation, bundles, openssl, poison values."""

from __future__ import annotations

import base64
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import tamper
from rel_common import SITE, Result, Work, count, deep_ok

from ledger import checkpoint
from ledger.envelope import Draft, Event, event_hash
from ledger.keys import fingerprint
from ledger.ledger import Ledger
from ledger.trust import sign
from schemes import audit, service


def varied_ledger(work: Work, path: Path) -> Path:
    """Two sites; operator events with a key, covers, evidence and a correction; a judgement, a close and a
    sign-off; every assessment period cached."""
    work.ledger(path)
    ledger = Ledger(path)
    ledger.append(Draft(type="site_registered", site="other", occurred_at="2026-01-01", actor="op",
                        payload={"name": "别处"}))  # fmt: skip
    ledger.append(Draft(type="contract_signed", site="other", occurred_at="2026-01-01", actor="buyer",
                        payload={"scheme": "chifeng-park", "start": "2026-01-01", "fee_yuan": "800000",
                                 "buyer_key": work.key("buyer").public_hex}), work.keyring("buyer"))  # fmt: skip
    ledger.append(Draft(type="institution_entered", site="other", occurred_at="2026-05-01", actor="op",
                        payload={"institution": "某人力资源公司", "registered_locally": True}))  # fmt: skip
    deal = work.append(
        ledger, "gig_deal_completed", {"worker": "W-1", "employer": "E-1", "amount_yuan": "150"}
    )
    ledger.append(Draft(type="gig_worker_registered", site=SITE, occurred_at="2026-01-21T10:30", actor="op",
                        payload={"worker": "W-1"}, evidence=({"file_name": "登记表.jpg", "sha256": "ab" * 32},),
                        idempotency_key="w-1", covers="2026-01"))  # fmt: skip
    work.append(
        ledger, "correction", {"target": deal.id, "changes": {"amount_yuan": "180"}, "reason": "复核"}
    )
    work.append(ledger, "assessor_judgement", {"scheme": "shaxian-gig", "item": "site.rules", "met": True,
                                               "reason": "制度已上墙"}, actor="alice")  # fmt: skip
    work.append(ledger, "period_closed", {"period": "2026-Q1"}, actor="alice", on="2026-04-02")
    audit.sign_off(ledger, SITE, "2026-Q1", "alice", keys=work.keyring("alice"))
    service.replay(ledger)
    ledger.close()
    return path


def tamper_columns(work: Work) -> Result:
    """Every column of every row changed, one at a time, triggers dropped: `verify` names each."""
    result = Result()
    original = varied_ledger(work, work.dir / "tamper.db")
    rows = tamper.rows(original)
    for column in tamper.NAMES:
        for row in rows:
            db = work.dir / "tamper-trial.db"
            shutil.copy(original, db)
            try:
                tamper.set_column(db, row["seq"], column, tamper.other_value(column, row, rows))
            except sqlite3.IntegrityError:
                result.add(True)  # the database's own constraints refused it
                continue
            result.add(count(db) is None, f"{column} of seq {row['seq']} went unnoticed")
    db = work.dir / "tamper-trial.db"
    shutil.copy(original, db)
    tamper.connect(db).close()  # triggers dropped, nothing else
    result.add(count(db) is None, "dropped triggers went unnoticed")
    result.notes.insert(0, f"{len(rows)} rows x {len(tamper.NAMES)} columns, and the triggers dropped")
    return result


def checkpoints(work: Work) -> Result:
    """A checkpoint at the head, then the log cut short after it at every point, or its tail rewritten and re-hashed
    from every point: `verify` alone passes each (nothing in the file shows it), `verify --against` fails each."""
    result = Result()
    source = work.ledger(work.dir / "cp.db", events=12)
    note = work.dir / "cp.txt"
    made = work.cli(source, "checkpoint", "--site", SITE, "--buyer", "buyer", "--out", note)
    assert made.code == 0, made.err
    size = checkpoint.parse_file(note.read_bytes())[0].checkpoint.size
    passed_plain = 0
    for keep in range(3, size):
        db = work.dir / "cp-trial.db"
        shutil.copy(source, db)
        tamper.truncate(db, SITE, keep)
        passed_plain += work.cli(db, "verify").code == 0
        against = work.cli(db, "verify", "--against", note)
        result.add(
            against.code == 1 and "were removed" in against.err, f"cut to #{keep}: {against.err.strip()}"
        )
    for at in range(4, size + 1):
        db = work.dir / "cp-trial.db"
        shutil.copy(source, db)
        tamper.rewrite_tail(db, SITE, at, lambda e: e.replace(payload={"worker": "W-forged"}))
        passed_plain += work.cli(db, "verify").code == 0
        against = work.cli(db, "verify", "--against", note)
        result.add(
            against.code == 1 and "rewritten" in against.err, f"rewritten from #{at}: {against.err.strip()}"
        )
    result.notes.insert(0, f"plain `verify` passed {passed_plain} of these {result.trials} altered logs")
    text = note.read_text(encoding="utf-8")
    mutations = {"size": (f"\n{size}\n", f"\n{size - 1}\n"), "time": ("time 20", "time 21"),
                 "name": ("— buyer", "— city"), "origin": ("opsledger/sx", "opsledger/other")}  # fmt: skip
    for name, (old, new) in mutations.items():
        bad = work.dir / f"cp-{name}.txt"
        bad.write_text(text.replace(old, new, 1), encoding="utf-8")
        run = work.cli(source, "verify", "--against", bad)
        result.add(run.code == 1 and run.one_line, f"checkpoint {name} altered: {run.err.strip()}")
    forged = checkpoint.sign(
        checkpoint.make(SITE, Ledger(source).site_head(SITE)), "buyer", work.key("mallory")
    )
    (work.dir / "cp-forged.txt").write_text(forged.note(), encoding="utf-8")
    run = work.cli(source, "verify", "--against", work.dir / "cp-forged.txt")
    result.add(run.code == 1 and "no key this site's chain knows" in run.err, f"forged: {run.err.strip()}")
    buyer = fingerprint(work.key("buyer").public_hex)
    unsigned = work.cli(source, "verify", "--trust-key", buyer)
    result.add(unsigned.code == 1, "verify --trust-key passed a head nobody signed")
    vouched = work.cli(source, "verify", "--trust-key", buyer, "--against", note)
    result.add(vouched.code == 0, f"verify --trust-key --against failed: {vouched.err.strip()}")
    return result


def cache(work: Work) -> Result:
    """The projection cache edited in place. Multiplied by 10 with its checkpoint kept, `score` serves it (it is
    what a cache is for) and `verify --deep` finds it; a checkpoint pushed past the head is never served."""
    result = Result()
    source = varied_ledger(work, work.dir / "cache.db")
    honest = json.loads(work.cli(source, "score", "--site", SITE, "--period", "2026", "--format", "json").out)
    db = work.dir / "cache-x10.db"
    shutil.copy(source, db)
    entries = tamper.edit_cache(db, tamper.times_ten)
    served = (
        json.loads(work.cli(db, "score", "--site", SITE, "--period", "2026", "--format", "json").out)
        != honest
    )
    deep = work.cli(db, "verify", "--deep")
    result.add(deep.code == 1 and "the cache was edited" in deep.err, f"x10: {deep.err.strip()}")
    conn = sqlite3.connect(source)
    keys = conn.execute("SELECT key FROM projection").fetchall()
    conn.close()
    for (key,) in keys:
        for edit in ("past the head", "other hash"):
            db = work.dir / "cache-trial.db"
            shutil.copy(source, db)
            conn = sqlite3.connect(db, isolation_level=None)
            change = (
                "site_seq = site_seq + 5" if edit == "past the head" else "head_hash = '" + "0" * 64 + "'"
            )
            conn.execute(f"UPDATE projection SET {change}, data = ? WHERE key = ?", ("{}", key))
            conn.close()
            found = not deep_ok(db)  # before score, which replaces the entry with a fresh fold
            again = json.loads(
                work.cli(db, "score", "--site", SITE, "--period", "2026", "--format", "json").out
            )
            result.add(again == honest and found, f"{edit} {key}: served={again != honest} found={found}")
    result.notes.insert(0, f"{entries} entries x10: score served the edited values: {'yes' if served else 'no'} "
                           "(by design: the checkpoint matches); verify --deep found them")  # fmt: skip
    return result


def impersonation(work: Work) -> Result:
    """An operator with only their own key typing the assessor's or the buyer's name, through every path; and acts
    written behind the store's back with a correctly computed hash."""
    result = Result()
    db = varied_ledger(work, work.dir / "imp.db")
    own = work.dir / "operator-keys"
    own.mkdir()
    shutil.copy(work.keys / "op.pem", own / "op.pem")
    shutil.copy(work.keys / "op.pub", own / "op.pub")
    mine = {"OPSLEDGER_KEYS": str(own), "OPSLEDGER_BUYER": ""}
    judge = ["log", "assessor_judgement", "--site", SITE, "--on", "2026-06-01", "scheme=shaxian-gig", "item=site.rules",
             "met=true", "reason=x"]  # fmt: skip
    line = json.dumps({"type": "assessor_judgement", "site": SITE, "occurred_at": "2026-06-01", "actor": "alice",
                       "payload": {"scheme": "shaxian-gig", "item": "site.rules", "met": True, "reason": "x"}})  # fmt: skip
    (work.dir / "imp.jsonl").write_text(line + "\n", encoding="utf-8")
    contract = next(e for e in Ledger(db).events(site=SITE, types=["contract_signed"]))
    judgement = next(e for e in Ledger(db).events(site=SITE, types=["assessor_judgement"]))
    attempts = {
        "--actor alice": (judge + ["--actor", "alice"], "op"),
        "OPSLEDGER_ACTOR=alice": (judge, "alice"),
        "JSONL import as alice": (["import", work.dir / "imp.jsonl"], "op"),
        "close as alice": (["close", "--site", SITE, "--period", "2026-Q2", "--early"], "alice"),
        "signoff as alice": (["signoff", "--site", SITE, "--period", "2026-Q1"], "alice"),
        "grant itself assessor": (
            [
                "role",
                "grant",
                "op",
                "--role",
                "assessor",
                "--site",
                SITE,
                "--key",
                own / "op.pub",
                "--buyer",
                "op",
            ],
            "op",
        ),  # fmt: skip
        "correct the contract fee": (["correct", contract.seq, "fee_yuan=99999999", "--reason", "x"], "op"),
        "retract the judgement": (["retract", judgement.seq, "--reason", "x"], "op"),
        "first-come key for li": (["signoff", "--site", SITE, "--period", "2026-Q1"], "li"),
    }
    work.cli(
        db, "keys", "new", "--actor", "li", "--keys-dir", own
    )  # li's key, made by the operator: first come
    before = count(db)
    for name, (args, actor) in attempts.items():
        run = work.cli(db, *args, actor=actor, **mine)
        result.add(
            run.code == 1 and run.one_line and count(db) == before,
            f"{name}: exit {run.code} {run.err.strip()}",
        )
    forged = Event(seq=0, id="forged", type="assessor_judgement", version=1, site=SITE, occurred_at="2026-06-01",
                   recorded_at="2026-06-01T10:00:00.000000+08:00", actor="alice",
                   payload={"scheme": "shaxian-gig", "item": "site.rules", "met": True, "reason": "x", "points": None,
                            "shortfalls": 0})  # fmt: skip
    behind = {
        "unsigned judgement": forged,
        "judgement signed by mallory": sign(forged, work.key("mallory")),
        "alice's signature on other content": sign(forged, work.key("alice")).replace(
            payload={**forged.payload, "met": False}
        ),  # fmt: skip
        "fee correction": forged.replace(
            type="correction",
            actor="op",
            payload={"target": contract.id, "changes": {"fee_yuan": "99999999"}, "reason": "x"},
        ),  # fmt: skip
    }
    for name, event in behind.items():
        trial = work.dir / "imp-trial.db"
        shutil.copy(db, trial)
        _insert_rehashed(trial, event)
        run = work.cli(trial, "verify")
        result.add(run.code == 1 and "seq" in run.err, f"{name} by SQL: {run.err.strip()}")
    return result


def _insert_rehashed(path: Path, event: Event) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    site_seq, prev = conn.execute("SELECT site_seq, hash FROM events WHERE site = ? ORDER BY site_seq DESC LIMIT 1",
                                  (event.site,)).fetchone()  # fmt: skip
    row = event.replace(site_seq=site_seq + 1, prev_hash=prev)
    row = row.replace(hash=event_hash(row.body()))
    seq = conn.execute("SELECT MAX(seq) FROM events").fetchone()[0] + 1
    conn.execute("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", (
        seq, row.site, row.site_seq, row.id, row.type, row.version, row.occurred_at, row.occurred_at[:10], row.covers,
        row.recorded_at, row.actor, row.idempotency_key, row.signer, row.signature,
        json.dumps(row.payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")), "[]", row.prev_hash,
        row.hash))  # fmt: skip
    conn.close()


def bundles(work: Work) -> Result:
    """Every part of an exported bundle altered in turn: `verify-bundle` fails naming it; a bundle cut before the
    sign-off fails `--trust-key`; the untouched bundle passes it."""
    result = Result()
    db = varied_ledger(work, work.dir / "bundle.db")
    cut = work.dir / "bundle-cut"
    ledger = Ledger(db)
    signoff = next(iter(ledger.events(site=SITE, types=["score_signed_off"])))
    ledger.close()
    whole = work.dir / "bundle-whole"
    assert work.cli(db, "export", "--site", SITE, "--period", "2026-Q1", "--out", whole).code == 0
    buyer = fingerprint(work.key("buyer").public_hex)
    result.add(
        work.cli(db, "verify-bundle", whole, "--trust-key", buyer).code == 0, "the untouched bundle failed"
    )
    files = sorted(p for p in whole.rglob("*") if p.is_file() and p.name != "README.md")
    for path in files:
        rel = path.relative_to(whole)
        copy = work.dir / "bundle-trial"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(whole, copy)
        target = copy / rel
        data = bytearray(target.read_bytes())
        middle = len(data) // 2
        data[middle] = (data[middle] + 1) % 128 or 49  # one byte changed, still ASCII
        target.write_bytes(bytes(data))
        run = work.cli(db, "verify-bundle", copy)
        result.add(run.code == 1 and run.one_line, f"{rel}: exit {run.code} {run.err.strip()}")
    # A bundle cut before the sign-off: the same chain without its last events, bundle.json re-stated to match.
    shutil.copytree(whole, cut)
    lines = (cut / "events.jsonl").read_text(encoding="utf-8").splitlines()
    kept = [x for x in lines if json.loads(x)["seq"] < signoff.seq]
    (cut / "events.jsonl").write_text("\n".join(kept) + "\n", encoding="utf-8")
    manifest = json.loads((cut / "bundle.json").read_text(encoding="utf-8"))
    last = {json.loads(x)["site"]: json.loads(x) for x in kept}
    manifest["chains"] = {s: {"site_seq": r["site_seq"], "head_hash": r["hash"], "last_seq": r["seq"]}
                          for s, r in last.items()}  # fmt: skip
    manifest["scorecard_seq"] = max(r["seq"] for r in last.values())
    (cut / "signoffs.json").write_text("[]\n", encoding="utf-8")
    import hashlib

    for rel in ("events.jsonl", "signoffs.json"):
        manifest["files"][rel] = hashlib.sha256((cut / rel).read_bytes()).hexdigest()
    (cut / "bundle.json").write_text(json.dumps(manifest), encoding="utf-8")
    trusted = work.cli(db, "verify-bundle", cut, "--trust-key", buyer)
    result.add(trusted.code == 1 and "trusted sign-off" in trusted.err, f"cut bundle: {trusted.err.strip()}")
    return result


def openssl(work: Work) -> Result:
    """A sign-off's and a checkpoint's Ed25519 signatures verify with `openssl pkeyutl -verify` (no opsledger)."""
    result = Result()
    if shutil.which("openssl") is None:
        result.notes.append("skipped: no openssl")
        return result
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    db = varied_ledger(work, work.dir / "ossl.db")
    ledger = Ledger(db)
    s = next(iter(ledger.events(site=SITE, types=["score_signed_off"])))
    signed = checkpoint.issue(ledger.store, SITE, "buyer", work.key("buyer"))
    ledger.close()
    from ledger.keys import signing_bytes

    cases = {
        "sign-off": (
            work.key("alice").public_hex,
            signing_bytes(audit.signed_fields(SITE, s.payload)),
            bytes.fromhex(s.payload["signature"]),
        ),  # fmt: skip
        "checkpoint": (
            work.key("buyer").public_hex,
            signed.checkpoint.text().encode(),
            base64.b64decode(signed.note().split("\n")[5].split(" ")[2])[4:],
        ),  # fmt: skip
    }
    for name, (public, message, signature) in cases.items():
        pem = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public)).public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)  # fmt: skip
        for suffix, data in (("pub.pem", pem), ("msg", message), ("sig", signature)):
            (work.dir / f"ossl-{name}.{suffix}").write_bytes(data)
        run = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", work.dir / f"ossl-{name}.pub.pem",
                              "-rawin", "-in", work.dir / f"ossl-{name}.msg", "-sigfile", work.dir / f"ossl-{name}.sig"],
                             capture_output=True, text=True)  # fmt: skip
        result.add(
            run.returncode == 0 and "Verified Successfully" in run.stdout, f"{name}: {run.stdout}{run.stderr}"
        )
    return result


POISON = [
    ["log", "gig_deal_completed", "--site", SITE, "--on", "2026-03-05", "worker=W", "employer=E", "amount_yuan=1e999999999"],
    ["contract", "add", SITE, "--scheme", "shaxian-gig", "--start", "2026-01-01", "--fee", "1e999999999"],
    ["log", "gig_worker_registered", "--site", SITE, "--on", "9999-12-31", "worker=W"],
    ["log", "gig_worker_registered", "--site", SITE, "--on", "0001-01-01T00:00+09:00", "worker=W"],
    ["log", "gig_worker_registered", "--site", SITE, "--on", "9999-12-31T23:00-05:00", "worker=W"],
    ["log", "gig_worker_registered", "--site", SITE, "--on", "2026-03-05", "worker=" + "[" * 5000],
    ["log", "gig_worker_registered", "--site", SITE, "--on", "2026-03-05", "worker=[" + "1" * 5000 + "]"],
    ["log", "gig_worker_registered", "--site", SITE, "--on", "2026-03-05", "worker=a\udcffb"],
    ["log", "gig_worker_registered", "--site", SITE, "--on", "2026-03-05", "worker=W", "--actor", "op\x1b[2K\r"],
    ["correct", str(2**63), "worker=W", "--reason", "x"],
    ["correct", "4", "type=livestream_run", "--reason", "x"],
    ["diff", "--site", SITE, "--period", "2026", "--from", "", "--to", "2026-05-01"],
    ["events", "--format", "jsonl", "--out", "/dev/full"],
    ["events", "--site", "x" * 100_000],  # (a single argument is limited to 128 KiB by the kernel)
]  # fmt: skip
AFTER = [["score", "--site", SITE, "--period", "2026"], ["gaps", "--site", SITE, "--period", "2026"],
         ["payout", "--site", SITE, "--year", "2026"], ["replay"], ["verify", "--deep"]]  # fmt: skip


def poison(work: Work) -> Result:
    """The inputs issue 12 found accepted or crashing: each refused in one short line, nothing stored, and every
    command still works afterwards."""
    result = Result()
    db = work.ledger(work.dir / "poison.db", events=20)
    before = count(db)
    for args in POISON:
        run = work.cli(db, *args)
        short = len(run.err) < 400
        result.add(run.code != 0 and run.one_line and short and count(db) == before,
                   f"{' '.join(a[:30] for a in args)}: exit {run.code} {run.err.strip()[:200]}")  # fmt: skip
    for args in AFTER:
        run = work.cli(db, *args)
        result.add(run.code == 0, f"{args[0]} after the poison: {run.err.strip()}")
    conflict = [work.cli(db, "log", "gig_worker_registered", "--site", SITE, "--on", "2026-03-05", f"worker={w}",
                         "--key", "k-1") for w in ("A", "B")]  # fmt: skip
    result.add(conflict[0].code == 0 and conflict[1].code == 1 and "conflict" in conflict[1].err,
               f"same key, other content: {conflict[1].err.strip()}")  # fmt: skip
    return result
