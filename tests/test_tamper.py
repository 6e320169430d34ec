"""The tamper suite (issue 12 §5): someone with the SQLite file and no key drops the append-only triggers and
changes one column of one row; for every column of every row of a small ledger, `verify` names it. The
projection cache, which is derived and not hashed, is checked by `verify --deep` (each entry refolded at its
checkpoint): an edit there is found, or leaves an entry `score` never serves. A cut-short log and a re-hashed
tail pass `verify` (nothing inside the file can show them) and are caught by a checkpoint (test_checkpoint.py).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tamper
from conftest import add_event as add
from conftest import keyring_for, sx_ledger
from freezegun import freeze_time

from ledger.envelope import Draft
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from schemes import audit, service
from schemes.audit import deep

SITE = "sx"
PERIOD = "2026-Q1"


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> Path:
    """Two sites; contract, grant, operator events with a key, a correction, evidence, a judgement, a close and
    a sign-off; every assessment period's projection cached."""
    path = tmp_path_factory.mktemp("tamper") / "l.db"
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
        add(ledger, "gig_worker_registered", "2026-01-21", {"worker": "W-1"},
            evidence=({"file_name": "登记表.jpg", "sha256": "ab" * 32},))  # fmt: skip
        add(
            ledger,
            "correction",
            "2026-01-20",
            {"target": deal.id, "changes": {"amount_yuan": "180"}, "reason": "复核"},
        )
        ledger.append(Draft(type="gig_job_posted", site=SITE, occurred_at="2026-02-01T10:30", actor="op",
                            payload={"employer": "E-1", "positions": 3}, idempotency_key="job-1", covers="2026-01"))  # fmt: skip
    with freeze_time("2026-04-02T09:00:00+08:00"):
        add(ledger, "assessor_judgement", "2026-03-31",
            {"scheme": "shaxian-gig", "item": "site.rules", "met": True, "reason": "制度已上墙"}, actor="alice")  # fmt: skip
        add(ledger, "period_closed", "2026-04-02", {"period": PERIOD}, actor="alice")
        audit.sign_off(ledger, SITE, PERIOD, "alice", keys=keyring_for("alice"))
    service.replay(ledger)
    assert ledger.store.cache_list()
    ledger.close()
    return path


def copy_of(original: Path, tmp_path: Path) -> Path:
    path = tmp_path / "t.db"
    shutil.copy(original, path)
    return path


@pytest.mark.parametrize("column", tamper.NAMES)
def test_a_change_to_any_column_of_any_row_is_named_by_verify(
    original: Path, tmp_path: Path, column: str
) -> None:
    rows = tamper.rows(original)
    missed = []
    for row in rows:
        path = copy_of(original, tmp_path)
        tamper.set_column(path, row["seq"], column, tamper.other_value(column, row, rows))
        ledger = Ledger(path)
        try:
            ledger.verify()
            missed.append(row["seq"])
        except LedgerError:
            pass
        finally:
            ledger.close()
    assert not missed, f"changing {column} of seq {missed} went unnoticed"


def test_the_untouched_ledger_verifies_deeply(original: Path, tmp_path: Path) -> None:
    ledger = Ledger(copy_of(original, tmp_path))
    assert ledger.verify().count == len(tamper.rows(original))
    lines = deep.verify_deep(ledger)
    assert lines[0].startswith(
        f"deep: {len(tamper.rows(original))} payloads valid and within the ledger's bounds; "
    )
    ledger.close()


def test_dropped_triggers_are_named(original: Path, tmp_path: Path) -> None:
    path = copy_of(original, tmp_path)
    tamper.connect(path).close()  # drops them
    with pytest.raises(
        LedgerError, match="trigger events_no_update is missing: the events table is no longer append-only"
    ):
        Ledger(path).verify()


def test_a_cache_multiplied_by_ten_with_its_checkpoint_kept_is_served_by_score_and_found_by_verify_deep(
    original: Path, tmp_path: Path
) -> None:
    """`score` trusts an entry whose checkpoint is the site's head (that is what the cache is for); only a refold
    can tell its values were edited: `verify --deep` does."""
    path = copy_of(original, tmp_path)
    ledger = Ledger(path)
    honest = service.score_site(ledger, SITE, PERIOD)
    assert tamper.edit_cache(path, tamper.times_ten) > 0
    with pytest.raises(
        LedgerError,
        match=r"verify --deep: cache entry shaxian-gig sx .* is .* in the cache, .* refolded: the cache was edited",
    ):
        deep.verify_deep(ledger)
    service.replay(ledger)  # the remedy: rebuild the cache from the chain
    assert service.score_site(ledger, SITE, PERIOD).total == honest.total
    deep.verify_deep(ledger)
    ledger.close()


def _cache_edits() -> dict[str, Callable[[dict[str, Any]], dict[str, Any]]]:
    def key(part: int, value: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
        def change(entry: dict[str, Any]) -> dict[str, Any]:
            parts = entry["key"].split("|")
            parts[part] = value
            return {**entry, "key": "|".join(parts)}

        return change

    return {
        "data": lambda e: {**e, "data": json.dumps(tamper.times_ten(json.loads(e["data"])), sort_keys=True)},
        "data emptied": lambda e: {**e, "data": "{}"},
        "site_seq": lambda e: {**e, "site_seq": e["site_seq"] - 1},
        "site_seq past the head": lambda e: {**e, "site_seq": e["site_seq"] + 5},
        "head_hash": lambda e: {**e, "head_hash": "0" * 64},
        "site": lambda e: {**e, "site": "other"},
        "scheme": lambda e: {**e, "scheme": "pingxiang-market"},
        "key label": key(0, "2025"),
        "key dates": key(1, "2026-02-01"),
        "key assessed on": key(3, "2026-12-31"),
        "key scheme hash": key(4, "0" * 16),
    }


@pytest.mark.parametrize("edit", list(_cache_edits()))
def test_a_cache_edit_is_found_or_never_served(original: Path, tmp_path: Path, edit: str) -> None:
    import sqlite3

    path = copy_of(original, tmp_path)
    ledger = Ledger(path)
    keys = [(e.scheme, e.site, e.key) for e in ledger.store.cache_list()]
    honest = {p: service.score_site(ledger, SITE, p).to_json() for p in ("2026-Q1", "2026-Q2", "2026")}
    conn = sqlite3.connect(path, isolation_level=None)
    columns = ("scheme", "site", "key", "site_seq", "head_hash", "data")
    found = 0
    for scheme, site, key in keys:
        row = dict(zip(columns, conn.execute(
            "SELECT scheme, site, key, site_seq, head_hash, data FROM projection WHERE scheme=? AND site=? AND key=?",
            (scheme, site, key)).fetchone(), strict=True))  # fmt: skip
        new = _cache_edits()[edit](row)
        conn.execute("DELETE FROM projection WHERE scheme=? AND site=? AND key=?", (scheme, site, key))
        conn.execute("INSERT OR REPLACE INTO projection VALUES (?,?,?,?,?,?)", tuple(new[c] for c in columns))
        try:
            deep.verify_deep(ledger)
        except LedgerError:
            found += 1
            continue
        # Not found: then it must be an entry no score serves (or one that says what a fold says).
        assert {p: service.score_site(ledger, SITE, p).to_json() for p in honest} == honest, (edit, key)
    conn.close()
    ledger.close()
    if edit in ("data", "data emptied", "site_seq", "head_hash", "key label", "key dates"):
        assert found == len(keys), f"verify --deep missed {len(keys) - found} of {len(keys)} edits of {edit}"
