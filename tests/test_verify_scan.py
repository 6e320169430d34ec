"""Verify's one pass over the stored rows (ledger.chain.scan) and what it rests on.

`Ledger.verify` reads every row once in seq order, hashes the stored payload text as it is, builds the hashed
header field by field and hands the trust check only the events it reads; when anything is off it reads the
chains again site by site (verify_site), which names the problem. These tests pin each shortcut to the reference
it replaces: the header text to `canonical_bytes`, the skipped events to `SiteTrust.feed` leaving them alone, the
pass's result to the per-site reading's, and a ledger edited behind the store to a refusal either way.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from conftest import add_event as add
from conftest import keyring_for, sx_ledger
from freezegun import freeze_time
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger import trust
from ledger.backends.sqlite import TRIGGERS
from ledger.chain import scan, verify_site
from ledger.envelope import Event, canonical_bytes, stored_text
from ledger.errors import LedgerError
from ledger.events import CATALOG
from ledger.ledger import Ledger
from schemes import audit

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)))
maybe = st.none() | text


@settings(max_examples=300, deadline=None)
@given(fields=st.tuples(text, st.integers(1, 2**62), text, text, st.integers(0, 99), text, maybe, text, text,
                        maybe, maybe, maybe, text))  # fmt: skip
def test_the_header_built_field_by_field_is_the_encoders_text(fields: tuple) -> None:
    """Quotes, backslashes, control characters, U+2028 and any other text come out as json.JSONEncoder writes
    them (ensure_ascii=False): the same bytes are hashed, so every existing ledger still verifies."""
    payload, evidence = '{"名":"值\\n"}', "[]"
    assert stored_text(*fields, payload, evidence).encode() == canonical_bytes(*fields, payload, evidence)


@pytest.mark.parametrize("position, value", [(0, 7), (1, "1"), (1, 1.0), (1, True), (4, "1"), (6, 5),
                                             (12, None), (13, None), (14, b"{}")])  # fmt: skip
def test_a_field_of_another_type_is_refused_not_written_differently(position: int, value: object) -> None:
    """A column edited to another type behind the store's back (SQLite keeps what it is given) is a TypeError:
    the pass then takes the reference, never a text that could match a hash the encoder would not."""
    fields: list[object] = ["sx", 3, "id", "t", 1, "2026-01-01", None, "r", "a", None, None, None, "0" * 64,
                            "{}", "[]"]  # fmt: skip
    fields[position] = value
    with pytest.raises(TypeError):
        stored_text(*fields)  # type: ignore[arg-type]


def _event(etype: str, **payload: object) -> Event:
    return Event(seq=9, id=f"e-{etype}", type=etype, version=1, site="sx", occurred_at="2026-03-01",
                 recorded_at="2026-03-01T09:00:00.000000+08:00", actor="alice", payload=payload,
                 site_seq=9)  # fmt: skip


@pytest.mark.parametrize("etype", sorted(set(CATALOG) - trust.READ_TYPES))
@pytest.mark.parametrize("legacy_until", [0, 100])
def test_an_unsigned_event_of_a_type_the_trust_check_does_not_read_leaves_it_unchanged(
    etype: str, legacy_until: int
) -> None:
    """What lets the pass skip them (and their payloads): feeding one changes nothing, even with a payload naming
    a guarded target, an actor, a role and keys. A new type that needs a signature or moves keys must join
    trust.READ_TYPES, or this fails."""
    guarded = _event("assessor_judgement")
    payload = {"target": guarded.id, "actor": "bob", "role": "assessor", "public_key": "ef" * 32,
               "buyer_key": "ef" * 32}  # fmt: skip
    assert trust.required(etype, payload, guarded, None) is None
    authority = trust.Authority(root="ab" * 32, delegated={"alice": "cd" * 32}, legacy_until=legacy_until)
    state = trust.SiteTrust(authority, _guarded={guarded.id: guarded})
    before = repr(state)
    state.feed(_event(etype, **payload))
    assert repr(state) == before


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two sites interleaved; signed contract, grant and assessor acts, a correction, evidence, covers."""
    path = tmp_path_factory.mktemp("scan") / "l.db"
    with freeze_time("2026-01-01T09:00:00+08:00"):
        ledger = sx_ledger(path)
        add(ledger, "site_registered", "2026-01-01", {"name": "别处"}, site="other")
    with freeze_time("2026-02-01T09:00:00+08:00"):
        deal = add(
            ledger,
            "gig_deal_completed",
            "2026-01-20",
            {"worker": "W-1", "employer": "E-1", "amount_yuan": "150"},
        )
        add(ledger, "gig_worker_registered", "2026-01-21", {"worker": "W-2"}, site="other",
            evidence=({"file_name": "登记表.jpg", "sha256": "ab" * 32},))  # fmt: skip
        add(
            ledger,
            "correction",
            "2026-01-20",
            {"target": deal.id, "changes": {"amount_yuan": "180"}, "reason": "复核"},
        )
        add(ledger, "gig_worker_registered", "2026-01-22", {"worker": "W-3"}, site="other")
    with freeze_time("2026-04-02T09:00:00+08:00"):
        add(ledger, "assessor_judgement", "2026-03-31",
            {"scheme": "shaxian-gig", "item": "site.rules", "met": True, "reason": "制度已上墙"}, actor="alice")  # fmt: skip
        add(ledger, "period_closed", "2026-04-02", {"period": "2026-Q1"}, actor="alice")
        audit.sign_off(ledger, "sx", "2026-Q1", "alice", keys=keyring_for("alice"))
        add(ledger, "gig_worker_registered", "2026-04-01", {"worker": "W-4"}, site="other")
    ledger.close()
    return path


def _by_site(ledger: Ledger, upto_seq: int | None = None, sites: list[str] | None = None):
    markers: dict[str, list[Event]] = {}
    return ledger._verify_by_site(upto_seq, sites, markers)


def test_the_one_pass_finds_what_the_per_site_reading_finds(original: Path) -> None:
    """Heads, count and every site's trust state (root, delegations, signed acts) equal, whole and as of every
    seq, and for a chosen set of sites (one with no events)."""
    ledger = Ledger(original)
    last = ledger.head()[0]
    for upto in [None, *range(0, last + 1)]:
        assert ledger.verify(upto_seq=upto) == _by_site(ledger, upto), upto
    assert ledger.verify(sites=["other", "nowhere"]) == _by_site(ledger, sites=["other", "nowhere"])
    assert ledger.verify(sites=[]) == _by_site(ledger, sites=[])
    status = ledger.verify()
    assert status.trust["sx"].signed >= 4 and status.trust["other"].authority.root is None
    ledger.close()


def _edited(original: Path, tmp_path: Path, sql: str, *params: object) -> Ledger:
    path = tmp_path / "t.db"
    path.write_bytes(original.read_bytes())
    conn = sqlite3.connect(path, isolation_level=None)
    for name in TRIGGERS:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute(sql, params)
    for statement in TRIGGERS.values():
        conn.execute(statement)
    conn.close()
    return Ledger(path)


def test_a_payload_respaced_behind_the_store_still_verifies(original: Path, tmp_path: Path) -> None:
    """Its stored text no longer hashes as it is, so the pass decodes and re-encodes it, as the per-site reading
    always has: the content hashed is unchanged, and verify says so on both readings."""
    seq, payload = (
        sqlite3.connect(original)
        .execute("SELECT seq, payload FROM events WHERE type = 'gig_deal_completed'")
        .fetchone()
    )
    spaced = json.dumps(json.loads(payload), ensure_ascii=False, indent=2)
    ledger = _edited(original, tmp_path, "UPDATE events SET payload = ? WHERE seq = ?", spaced, seq)
    assert ledger.verify() == _by_site(ledger)
    ledger.close()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE events SET seq = seq + 100 WHERE site = 'other' AND site_seq = 2",  # out of chain order
        "UPDATE events SET site_seq = 9 WHERE site = 'other' AND site_seq = 3",  # a gap
        "UPDATE events SET payload = '{\"worker\":\"W-x\"}' WHERE site = 'other' AND site_seq = 3",
        "UPDATE events SET occurred_on = '2099-01-01' WHERE site = 'sx' AND site_seq = 4",
        "UPDATE events SET signature = NULL WHERE type = 'assessor_judgement'",
        "UPDATE events SET payload = 'not json' WHERE site = 'sx' AND site_seq = 4",
    ],
)
def test_a_row_edited_behind_the_store_is_refused_by_the_pass_and_named_per_site(
    original: Path, tmp_path: Path, sql: str
) -> None:
    ledger = _edited(original, tmp_path, sql)
    rows = list(ledger.store.rows())
    try:
        refused = scan(rows, lambda site: trust.SiteTrust()) is None
    except Exception:  # noqa: BLE001 -- a refusal too: verify then reads per site
        refused = True
    assert refused
    with pytest.raises(LedgerError) as caught:
        _by_site(ledger)
    with pytest.raises(type(caught.value), match=f"^{re.escape(str(caught.value))}$"):
        ledger.verify()  # the same refusal, word for word
    ledger.close()


def test_a_bundle_segment_still_starts_after_a_checkpoint(original: Path) -> None:
    """verify_site builds its message only for a broken chain; a segment (whole=False) still takes its first
    prev_hash on trust, and an event of another site is still named."""
    ledger = Ledger(original)
    chain = list(ledger.store.chain("other"))
    assert verify_site("other", chain[1:], whole=False).site_seq == len(chain)
    with pytest.raises(LedgerError, match="other"):
        verify_site("other", [chain[0], chain[1].replace(site="sx")])
    ledger.close()
