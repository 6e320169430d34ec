"""Roles and sign-off (issues 5 and 12): assessor-only events refused from operators with nothing appended;
Ed25519 keys delegated by the buyer; sign-offs nobody else can forge; `audit` proves a sign-off or names what
breaks it and what changed since. (Forgeries written behind the store's back: tests/test_trust.py.)

Scheme: shaxian-gig, year 2026. With no events at all the year scores 18 (site.incidents 5 "全年0案件得5分",
site.no_fees 3, info.truthfulness 5 "全年无虚假信息得5分", disputes 5 "全年15件以下纠纷得5分"). Clauses used:
  * 场地运营管理 第1行 (site.rules, 2 分): the assessor's judgement met -> 2.
  * 场地运营管理 第8行 (site.incidents): "全年0案件得5分，1-5件得4分".
So with the judgement met and one fight on record: 18 + 2 - 1 = 19, grade 较差 ("70分以下").
"""

from __future__ import annotations

import os
import sqlite3
import stat
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import add_event as add
from conftest import ensure_key, keyring_for, sx_ledger
from freezegun import freeze_time

from ledger import keys
from ledger.envelope import Draft, Event
from ledger.errors import LedgerError
from ledger.events import ASSESSOR_ONLY_TYPES
from ledger.ledger import Ledger
from schemes import audit
from schemes.model import FILES, get_scheme

SITE = "sx"


@pytest.fixture
def setup(tmp_path: Path):
    """A Shaxian site with an operator's facts, assessor alice delegated by the buyer, one judgement."""
    key_dir = keyring_for("alice")  # what alice holds: her own key only
    with freeze_time("2026-01-01T09:00:00+08:00"):
        ledger = sx_ledger(tmp_path / "l.db")
        add(ledger, "actor_role_granted", "2026-01-01", {"actor": "op", "role": "operator"}, actor="buyer")
        registered = audit.key_registrations(ledger, SITE, "alice")
    with freeze_time("2026-03-01T09:00:00+08:00"):
        fight = add(ledger, "site_incident", "2026-03-01", {"kind": "fight", "description": "斗殴"})
        add(ledger, "assessor_judgement", "2026-06-01",
            {"scheme": "shaxian-gig", "item": "site.rules", "met": True, "reason": "制度已上墙"}, actor="alice")  # fmt: skip
    yield ledger, key_dir, fight, registered[0]
    ledger.close()


def sign(ledger: Ledger, key_dir: dict, **kw) -> Event:
    with freeze_time("2027-01-05T10:00:00+08:00"):
        event, card = audit.sign_off(ledger, SITE, "2026", "alice", keys=key_dir, **kw)
    assert card.total == Decimal(19)  # see the module docstring
    return event


# -- assessor-only events --------------------------------------------------------------------------------------


def examples(ledger: Ledger) -> dict[str, dict]:
    """A valid payload for every assessor-only type; the set must equal the catalog's (a new type fails here)."""
    some = next(iter(ledger.events(site=SITE, types=["site_incident"])))
    return {
        "assessor_judgement": {"scheme": "shaxian-gig", "item": "site.layout", "met": True, "reason": "整洁"},
        "assessor_rating": {"scheme": "shaxian-gig", "item": "site.layout", "ratings": {"整洁": 4}, "reason": "现场评分"},
        "inspection_finding": {"kind": "false_information", "count": 2, "reason": "两条岗位信息过期"},
        "period_closed": {"period": "2026"},
        "late_event_accepted": {"target": some.id, "reason": "同意"},
        "score_signed_off": {"scheme": "shaxian-gig", "period": "2026", "total": "100", "grade": "优秀",
                             "head_hash": "a" * 64, "head_seq": 1, "scheme_hash": "b" * 64,
                             "as_of": "2027-01-01T00:00:00.000000+08:00", "signature": "c" * 128},
    }  # fmt: skip


def refusal(etype: str, actor: str = "op") -> str:
    return (
        f"{etype} is assessor-only and {actor!r} is not an assessor for site 'sx': the buyer runs "
        f"`opsledger role grant {actor} --role assessor --site sx --key {actor}.pub --buyer NAME` first"
    )


@pytest.mark.parametrize("etype", sorted(ASSESSOR_ONLY_TYPES))
def test_an_operator_is_refused_every_assessor_only_event_and_nothing_is_appended(setup, etype) -> None:
    ledger = setup[0]
    payloads = examples(ledger)
    assert set(payloads) == ASSESSOR_ONLY_TYPES
    head = ledger.head()
    with pytest.raises(LedgerError) as err:
        add(ledger, etype, "2026-06-01", payloads[etype], actor="op")
    assert str(err.value) == refusal(etype)
    assert ledger.head() == head
    # The same payload from the assessor is accepted (the refusal was about the role, nothing else).
    assert add(ledger, etype, "2026-06-01", payloads[etype], actor="alice").type == etype


@pytest.mark.parametrize("etype", sorted(ASSESSOR_ONLY_TYPES))
def test_the_cli_log_command_refuses_them_too(setup, etype, cli_inproc) -> None:
    import json

    ledger = setup[0]
    payload = examples(ledger)[etype]
    args = [f"{k}={json.dumps(v) if not isinstance(v, str) else v}" for k, v in payload.items()]
    head = ledger.head()
    result = cli_inproc(
        "--db", ledger.path, "log", etype, "--site", SITE, "--on", "2026-06-01", *args, "--actor", "op"
    )
    assert (result.code, result.out, result.err) == (1, "", f"error: {refusal(etype)}\n")
    assert ledger.head() == head


def test_operator_commands_close_accept_signoff_are_refused_with_nothing_appended(setup, cli_inproc) -> None:
    ledger, key_dir, fight, _ = setup
    head = ledger.head()
    db = ledger.path
    for args, etype in (
        (["close", "--site", SITE, "--period", "2026", "--early"], "period_closed"),
        (["accept", str(fight.seq), "--reason", "x"], "late_event_accepted"),
        (["signoff", "--site", SITE, "--period", "2026"], "score_signed_off"),
    ):
        result = cli_inproc("--db", db, *args, "--actor", "op")
        assert (result.code, result.err) == (1, f"error: {refusal(etype)}\n"), args
    assert ledger.head() == head


def test_an_operator_cannot_correct_or_retract_an_assessors_event(setup) -> None:
    ledger = setup[0]
    judgement = next(iter(ledger.events(types=["assessor_judgement"])))
    head = ledger.head()
    for etype, payload in (
        ("correction", {"target": judgement.id, "changes": {"met": False}, "reason": "改判"}),
        ("retraction", {"target": judgement.id, "reason": "撤销"}),
    ):
        with pytest.raises(LedgerError) as err:
            add(ledger, etype, "2026-06-01", payload, actor="op")
        assert str(err.value) == refusal(f"{etype} of assessor_judgement events")
    assert ledger.head() == head
    fix = add(ledger, "correction", "2026-06-01", {"target": judgement.id, "changes": {"shortfalls": 0}, "reason": "补"},
              actor="alice")  # fmt: skip
    with pytest.raises(LedgerError, match="retraction of assessor_judgement events is assessor-only"):
        add(ledger, "retraction", "2026-06-01", {"target": fix.id, "reason": "撤回更正"}, actor="op")


def test_keys_are_no_longer_registered_first_come(setup) -> None:
    """Schema 1 let anyone register a key under an assessor's name; keys are now delegated by the buyer only."""
    ledger = setup[0]
    head = ledger.head()
    for actor in ("op", "alice"):
        with pytest.raises(
            LedgerError, match="assessor_key_registered: keys are no longer registered first come"
        ):
            add(
                ledger,
                "assessor_key_registered",
                "2026-06-01",
                {"actor": "alice", "public_key": "d" * 64},
                actor=actor,
            )
    assert ledger.head() == head


def test_only_the_buyers_key_grants_roles(setup) -> None:
    """Every grant on a site with a contract is signed by the buyer's key: neither an operator nor an assessor can
    promote anyone (or demote the assessor), whatever name they type."""
    ledger = setup[0]
    head = ledger.head()
    for actor, holding in (("op", ("op",)), ("alice", ("alice",)), ("buyer", ("op", "alice"))):
        grant = Draft(type="actor_role_granted", site=SITE, occurred_at="2026-02-01", actor=actor,
                      payload={"actor": "op", "role": "assessor", "public_key": ensure_key("op").public_hex})  # fmt: skip
        with pytest.raises(LedgerError, match="actor_role_granted must be signed by the buyer's key"):
            ledger.append(grant, keyring_for(*holding))
    assert ledger.head() == head
    ok = ledger.append(grant, keyring_for("buyer"))
    assert ok.signer == ensure_key("buyer").public_hex and ledger.roles().is_assessor("op", SITE)


def test_a_site_without_a_contract_has_no_buyer_to_grant_roles(setup) -> None:
    ledger = setup[0]
    ledger.append(Draft(type="site_registered", site="yy", occurred_at="2026-02-01", actor="op",
                        payload={"name": "二号园区"}))  # fmt: skip
    with pytest.raises(LedgerError, match="the site has no contract yet, so no buyer key to sign it"):
        add(
            ledger,
            "actor_role_granted",
            "2026-02-01",
            {"actor": "alice", "role": "assessor"},
            site="yy",
            actor="buyer",
        )


def test_key_files_are_private_and_never_overwritten(tmp_path: Path) -> None:
    private, public = keys.new_key("bob", tmp_path)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert (tmp_path / "bob.pub").read_text().strip() == public and len(public) == 64
    assert keys.public_hex(keys.load_private("bob", tmp_path)) == public
    with pytest.raises(LedgerError, match="already exists"):
        keys.new_key("bob", tmp_path)
    os.chmod(private, 0o644)
    with pytest.raises(LedgerError, match="readable by others"):
        keys.load_private("bob", tmp_path)
    with pytest.raises(LedgerError, match="no signing key for carol"):
        keys.load_private("carol", tmp_path)
    with pytest.raises(LedgerError, match="cannot name a key file"):
        keys.new_key("../evil", tmp_path)


def test_signatures_cover_every_signed_field() -> None:
    signer = keys.KeySigner.from_seed(b"signatures test")
    fields = {"purpose": audit.PURPOSE, "site": SITE, "total": "19", "head_seq": 7}
    signature = signer.sign_fields(fields)
    public = signer.public_hex
    assert keys.verify(public, fields, signature)
    for name, value in (("site", "sy"), ("total", "19.0"), ("head_seq", 8)):
        assert not keys.verify(public, {**fields, name: value}, signature), name
    assert not keys.verify(keys.KeySigner.from_seed(b"another").public_hex, fields, signature)
    assert not keys.verify(public, fields, "00" * 64)


# -- sign-off and audit ----------------------------------------------------------------------------------------


def test_a_genuine_sign_off_audits_valid(setup) -> None:
    ledger, key_dir, fight, registered = setup
    event = sign(ledger, key_dir)
    p = event.payload
    assert (p["total"], p["grade"], p["head_seq"]) == ("19", "较差", event.seq - 1)
    assert p["head_hash"] == ledger.get(event.seq - 1).hash == event.prev_hash
    assert event.signer == ensure_key("alice").public_hex  # the envelope is signed with her delegated key too
    assert p["scheme_hash"] == get_scheme("shaxian-gig").sha256
    [result] = audit.audit(ledger, SITE, "2026")
    assert result.ok, result.failures
    assert [c.name for c in result.checks] == ["signature", "chain", "head", "scheme", "score"]
    assert result.key is not None and result.key.seq == registered.seq
    assert result.recomputed is not None and result.recomputed.total == 19
    assert result.changes == [] and result.current is not None and result.current.total == 19


def forged(
    ledger: Ledger, payload: dict, actor: str = "alice", holding: tuple[str, ...] = ("alice",)
) -> Event:
    with freeze_time("2027-01-06T10:00:00+08:00"):
        draft = Draft(
            type="score_signed_off", site=SITE, occurred_at="2027-01-06", actor=actor, payload=payload
        )
        return ledger.append(draft, keyring_for(*holding))


def test_a_sign_off_made_with_another_key_is_refused(setup) -> None:
    """mallory typed alice's name and signed with her own key: refused, nothing appended (schema 1 stored it and
    only `audit` caught it)."""
    ledger, *_ = setup
    mallory = ensure_key("mallory")
    head_seq, head_hash = ledger.head()
    card = audit.score_upto(ledger, SITE, "2026", head_seq)
    payload = audit.signoff_payload(SITE, card, get_scheme("shaxian-gig").sha256, head_seq, head_hash,
                                    ledger.get(head_seq).recorded_at, mallory)  # fmt: skip
    with pytest.raises(
        LedgerError, match=r"score_signed_off must be signed by the assessor's key .* not at hand"
    ):
        forged(ledger, payload, holding=("mallory",))
    assert ledger.head() == (head_seq, head_hash)


def test_an_altered_total_signed_by_the_assessor_fails_the_payload_signature(setup) -> None:
    """alice herself re-uses her signed payload with a better total: her envelope signature is hers, but the
    payload's own signature (over the score) no longer verifies, and the score does not recompute."""
    ledger, key_dir, *_ = setup
    genuine = sign(ledger, key_dir)
    forged(ledger, {**genuine.payload, "total": "95", "grade": "优秀"})  # copied signature, better score
    first, second = audit.audit(ledger, SITE, "2026")
    assert first.ok
    assert [c.name for c in second.failures] == ["signature", "score"]
    head = genuine.payload["head_seq"]
    assert (
        f"recomputed from events 1..{head}: total 19 较差, but the sign-off says 95 优秀"
        in second.failures[1].detail
    )


def test_a_wrong_score_signed_with_the_right_key_fails_the_recomputation(setup) -> None:
    """An assessor (or anyone holding the key) signing a score the events do not support is caught too."""
    ledger, key_dir, *_ = setup
    head_seq, head_hash = ledger.head()
    card = audit.score_upto(ledger, SITE, "2026", head_seq).replace(total=Decimal(90), grade="优秀")
    payload = audit.signoff_payload(SITE, card, get_scheme("shaxian-gig").sha256, head_seq, head_hash,
                                    ledger.get(head_seq).recorded_at, ensure_key("alice"))  # fmt: skip
    forged(ledger, payload)
    [result] = audit.audit(ledger, SITE, "2026")
    assert [c.name for c in result.failures] == ["score"]
    assert result.failures[0].detail.endswith("total 19 较差, but the sign-off says 90 优秀")


def test_an_altered_scheme_file_is_named(setup, tmp_path: Path) -> None:
    ledger, key_dir, *_ = setup
    schemes = tmp_path / "schemes"
    schemes.mkdir()
    path = schemes / "shaxian-gig.toml"
    path.write_bytes((FILES / "shaxian-gig.toml").read_bytes())
    sign(ledger, key_dir, schemes_dir=schemes)
    assert audit.audit(ledger, SITE, "2026", schemes_dir=schemes)[0].ok
    # The buyer's file is edited afterwards: site.rules now worth 4 points instead of 2 (and the block's cap
    # raised to match, or the file would not load: items must add up to their block's cap).
    text = path.read_text(encoding="utf-8")
    edited = text.replace('source = "评分表 运营服务/场地运营管理 第1行 (2分)"\nmax_points = "2"',
                          'source = "评分表 运营服务/场地运营管理 第1行 (2分)"\nmax_points = "4"')  # fmt: skip
    path.write_text(
        edited.replace('kind = "base"\ncap = "100"', 'kind = "base"\ncap = "102"'), encoding="utf-8"
    )
    assert path.read_text(encoding="utf-8") != text
    [result] = audit.audit(ledger, SITE, "2026", schemes_dir=schemes)
    assert [c.name for c in result.failures] == ["scheme", "score"]
    assert "scheme file shaxian-gig.toml has sha256" in result.failures[0].detail
    assert "the scheme was changed after the sign-off" in result.failures[0].detail


def test_a_later_event_that_changes_the_score_is_named_item_by_item(setup) -> None:
    ledger, key_dir, fight, _ = setup
    sign(ledger, key_dir)
    with freeze_time("2027-02-01T10:00:00+08:00"):
        retraction = add(ledger, "retraction", "2026-03-01", {"target": fight.id, "reason": "误报"})
        add(
            ledger, "livestream_run", "2027-01-10", {"title": "明年", "viewers": 1}
        )  # another year: no effect
    [result] = audit.audit(ledger, SITE, "2026")
    assert result.ok  # the sign-off is still genuine for what it signed
    assert result.later_events == 2
    assert [s.event.seq for s in result.changes] == [retraction.seq]
    [change] = result.changes[0].items
    # "全年0案件得5分，1-5件得4分": 1 case -> 0 cases, 4 -> 5 points; the total 19 -> 20.
    assert (change.id, change.before, change.after) == ("site.incidents", 4, 5)
    assert (result.changes[0].total_before, result.changes[0].total_after) == (19, 20)
    text = audit.audit_text([result])
    assert f"seq {retraction.seq}" in text and "site.incidents: 4 → 5 points (incidents 1 → 0)" in text
    assert "now: total 20 较差 (signed 19 较差)" in text and "verdict: VALID" in text


def test_tampering_with_the_database_breaks_the_chain_check(setup) -> None:
    ledger, key_dir, fight, _ = setup
    sign(ledger, key_dir)
    conn = sqlite3.connect(ledger.path)
    conn.execute("DROP TRIGGER events_no_update")
    conn.execute("UPDATE events SET payload = replace(payload, 'fight', 'other') WHERE seq = ?", (fight.seq,))
    conn.commit()
    conn.close()
    [result] = audit.audit(ledger, SITE, "2026")
    assert [c.name for c in result.failures] == ["chain", "score"]
    assert (
        result.failures[0].detail
        == f"chain broken at seq {fight.seq} (site {SITE} #{fight.site_seq}): its content does not match its hash"
    )


def test_sign_off_mistakes_are_one_line_errors(setup, tmp_path: Path) -> None:
    ledger, key_dir, *_ = setup
    add(ledger, "actor_role_granted", "2026-01-01", {"actor": "bob", "role": "operator"}, actor="buyer")
    with pytest.raises(LedgerError, match="score_signed_off is assessor-only and 'bob' is not an assessor"):
        audit.sign_off(ledger, SITE, "2026", "bob", keys=keyring_for("bob"))
    with pytest.raises(
        LedgerError, match=r"alice's delegated key on site sx is .* and it is not in the keys"
    ):
        audit.sign_off(ledger, SITE, "2026", "alice", keys=keyring_for("bob"))
    with pytest.raises(LedgerError, match="no sign-off for site sx period 2026"):
        audit.audit(ledger, SITE, "2026")


def test_cli_keys_signoff_audit_end_to_end(tmp_path: Path, sh) -> None:
    db, key_dir = tmp_path / "cli.db", tmp_path / "k"
    env_args = ("--db", db)
    # The buyer's and the assessor's keys are made on their own machines (here: their own directory).
    assert sh("keys", "new", "--actor", "city-bureau", "--keys-dir", key_dir).code == 0
    assert sh("keys", "new", "--actor", "alice", "--keys-dir", key_dir).code == 0
    steps = [
        ("init",),
        ("site", "add", SITE, "--name", "沙县零工市场", "--on", "2026-01-01", "--actor", "op"),
        ("contract", "add", SITE, "--scheme", "shaxian-gig", "--start", "2026-01-01", "--fee", "100000",
         "--buyer", "city-bureau", "--keys-dir", key_dir),
        ("role", "grant", "alice", "--role", "assessor", "--site", SITE, "--key", key_dir / "alice.pub",
         "--buyer", "city-bureau", "--keys-dir", key_dir),
        ("log", "site_incident", "--site", SITE, "--on", "2026-03-01", "kind=fight", "description=斗殴", "--actor", "op"),
        ("log", "assessor_judgement", "--site", SITE, "--on", "2026-06-01", "scheme=shaxian-gig", "item=site.rules",
         "met=true", "reason=制度已上墙", "--actor", "alice", "--keys-dir", key_dir),
        ("signoff", "--site", SITE, "--period", "2026", "--actor", "alice", "--keys-dir", key_dir),
    ]  # fmt: skip
    for args in steps:
        result = sh(*env_args, *args)
        assert result.code == 0, (args, result.err)
    assert "signed sx 2026 (shaxian-gig): total 19 较差" in result.out
    assert stat.S_IMODE((key_dir / "alice.pem").stat().st_mode) == 0o600
    shown = sh("keys", "show", "--actor", "alice", "--keys-dir", key_dir)
    assert shown.code == 0 and shown.out.startswith("alice ")
    result = sh(*env_args, "audit", "--site", SITE, "--period", "2026")
    assert result.code == 0, result.err
    assert "ok   signature" in result.out and "verdict: VALID" in result.out
    # The operator types alice's name: refused, whichever way it is written.
    judged = ("log", "assessor_judgement", "--site", SITE, "--on", "2026-06-02", "scheme=shaxian-gig",
              "item=site.layout", "met=true", "reason=x", "--actor", "alice")  # fmt: skip
    refused = sh(*env_args, *judged, "--keys-dir", tmp_path / "operator-keys")
    assert refused.code == 1 and "assessor_judgement must be signed by the assessor's key" in refused.err
