"""The store and the importer as a library: SQL-level immutability, the hash chain, idempotency, the
current view, atomic batches, the clock, and the streaming parsers."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest
from freezegun import freeze_time
from hypothesis import given
from hypothesis import strategies as st

from ledger.errors import DuplicateEvent, LedgerError
from ledger.importer import open_events, parse_assignments, parse_csv, parse_jsonl
from ledger.ledger import Ledger
from ledger.view import current_view

SITE = "wujiang-park"


def count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]


# -- immutability in SQLite itself ----------------------------------------------------------------------


def test_update_refused_by_plain_sqlite(ledger, db, new_draft):
    ledger.append(new_draft())
    conn = sqlite3.connect(db)
    with pytest.raises(sqlite3.DatabaseError, match="events are append-only: append a correction instead"):
        conn.execute("UPDATE events SET payload = '{}' WHERE seq = 2")
    conn.close()
    assert (
        json.loads(sqlite3.connect(db).execute("SELECT payload FROM events WHERE seq = 2").fetchone()[0])[
            "companies"
        ]
        == 40
    )


def test_delete_refused_by_plain_sqlite(ledger, db, new_draft):
    ledger.append(new_draft())
    conn = sqlite3.connect(db)
    with pytest.raises(sqlite3.DatabaseError, match="events are append-only: append a retraction instead"):
        conn.execute("DELETE FROM events WHERE seq = 1")
    conn.close()
    assert count(db) == 2


def test_a_second_child_of_one_event_is_refused(ledger, db, new_draft):
    """The chain cannot fork: prev_hash is unique, even for rows written behind the store's back."""
    ledger.append(new_draft())
    conn = sqlite3.connect(db)
    with pytest.raises(sqlite3.IntegrityError, match="prev_hash"):
        conn.execute(
            "INSERT INTO events SELECT 3, site, site_seq + 1, 'forged-id', type, version, occurred_at, occurred_on, "
            "covers, recorded_at, actor, NULL, signer, signature, payload, evidence, prev_hash, 'f' FROM events "
            "WHERE seq = 2"
        )  # a second child of event 1 (seq 2's parent), at a new position: two events share a parent
    conn.close()


# -- the hash chain ---------------------------------------------------------------------------------------


def tamper(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(
        "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;" + sql + ";"
    )  # plain sqlite3, no opsledger code
    conn.close()


def test_verify_ok_counts_and_head(ledger, new_draft):
    last = None
    for n in range(5):
        last = ledger.append(new_draft(payload={"worker": f"W-{n}"}, type="gig_worker_registered"))
    status = ledger.verify()
    assert (status.count, status.head_seq, status.head_hash) == (6, 6, last.hash)


def test_one_changed_payload_byte_is_found_at_its_seq(ledger, db, new_draft):
    for n in range(5):
        ledger.append(new_draft(payload={"title": f"fair {n}", **{"format": "offline", "kind": "daily"},
                                         "companies": 40, "jobs": 300, "visitors": 500}))  # fmt: skip
    tamper(
        db,
        "UPDATE events SET payload = replace(payload, '\"companies\":40', '\"companies\":41') WHERE seq = 4",
    )
    with pytest.raises(
        LedgerError, match=rf"^chain broken at seq 4 \(site {SITE} #4\): its content does not match its hash$"
    ):
        Ledger(db).verify()
    # the events before the bad one still chain; the dropped trigger is the one thing left to report
    with pytest.raises(
        LedgerError, match=r"^trigger events_no_update is missing: the events table is no longer"
    ):
        Ledger(db).verify(upto_seq=3)


def test_a_deleted_event_is_found(ledger, db, new_draft):
    for n in range(3):
        ledger.append(new_draft(payload={"worker": f"W-{n}"}, type="gig_worker_registered"))
    tamper(db, "DELETE FROM events WHERE seq = 2")
    with pytest.raises(
        LedgerError, match=rf"^chain broken at seq 3 \(site {SITE} #3\): #2 is missing before it$"
    ):
        Ledger(db).verify()


def test_verify_upto_zero_verifies_nothing(ledger):
    status = ledger.verify(upto_seq=0)
    assert (status.count, status.head_seq) == (0, 0)


# -- idempotency ----------------------------------------------------------------------------------------


def test_same_idempotency_key_twice_stores_one_event(ledger, db, new_draft):
    first = ledger.append(new_draft(idempotency_key="fair-2026-03-05"))
    with pytest.raises(DuplicateEvent) as dup:
        ledger.append(new_draft(idempotency_key="fair-2026-03-05"))
    assert dup.value.seq == first.seq
    assert (
        str(dup.value)
        == "duplicate: idempotency key 'fair-2026-03-05' is already stored as seq 2; nothing appended"
    )
    assert count(db) == 2


def test_same_idempotency_key_with_other_content_is_a_conflict(ledger, db, new_draft):
    ledger.append(new_draft(idempotency_key="fair-2026-03-05"))
    other = {"title": "other", "format": "online", "kind": "daily", "companies": 1, "jobs": 1, "visitors": 1}
    with pytest.raises(LedgerError, match=r"^conflict: idempotency key 'fair-2026-03-05' is already stored as seq 2 "
                                          r"with different content \(job_fair_held on 2026-03-05\)"):  # fmt: skip
        ledger.append(new_draft(payload=other, idempotency_key="fair-2026-03-05"))
    assert count(db) == 2


# -- corrections and retractions --------------------------------------------------------------------------


def test_correction_changes_the_view_not_the_log(ledger, new_draft):
    original = ledger.append(new_draft())
    ledger.append(
        new_draft(
            "correction", {"target": original.id, "changes": {"companies": "45"}, "reason": "miscounted"}
        )
    )
    view = {e.id: e for e in current_view(ledger.events())}
    assert view[original.id].payload["companies"] == 45
    assert view[original.id].amended_by == (3,)
    assert ledger.get(original.seq).payload["companies"] == 40  # the original stays, untouched
    assert [e.type for e in ledger.events()] == ["site_registered", "job_fair_held", "correction"]


def test_correction_can_move_the_date(ledger, new_draft):
    original = ledger.append(new_draft())
    ledger.append(new_draft("correction", {"target": original.id, "changes": {"occurred_at": "2026-03-06"},
                                           "reason": "wrong day"}))  # fmt: skip
    view = {e.id: e for e in current_view(ledger.events())}
    assert view[original.id].occurred_at == "2026-03-06"
    assert ledger.get(original.seq).occurred_at == "2026-03-05"


def test_a_correction_is_validated_against_the_target_type(ledger, new_draft):
    original = ledger.append(new_draft())
    with pytest.raises(LedgerError, match=r"^job_fair_held: companies: Input should be a valid integer"):
        ledger.append(new_draft("correction", {"target": original.id, "changes": {"companies": "many"},
                                               "reason": "x"}))  # fmt: skip


def test_retraction_removes_from_the_view_and_keeps_the_original(ledger, new_draft):
    original = ledger.append(new_draft())
    ledger.append(new_draft("retraction", {"target": original.id, "reason": "entered twice"}))
    assert original.id not in {e.id for e in current_view(ledger.events())}
    assert ledger.get_by_id(original.id) == original
    assert ledger.verify().count == 3


def test_retracting_a_correction_restores_the_original(ledger, new_draft):
    original = ledger.append(new_draft())
    fix = ledger.append(
        new_draft("correction", {"target": original.id, "changes": {"companies": 45}, "reason": "x"})
    )
    ledger.append(new_draft("retraction", {"target": fix.id, "reason": "the first count was right"}))
    view = {e.id: e for e in current_view(ledger.events())}
    assert view[original.id].payload["companies"] == 40


# -- atomic batches ---------------------------------------------------------------------------------------


def test_append_many_is_all_or_nothing(ledger, db, new_draft):
    drafts = [
        (n, new_draft(payload={"worker": f"W-{n}"}, type="gig_worker_registered")) for n in range(1, 3001)
    ]
    drafts[2499] = (2500, new_draft(payload={"worker": ""}, type="gig_worker_registered"))
    with pytest.raises(
        LedgerError, match=r"^line 2500: gig_worker_registered: worker: String should have at least"
    ):
        ledger.append_many(drafts)
    assert count(db) == 1
    assert ledger.verify().count == 1


# -- the clock ------------------------------------------------------------------------------------------


def test_recorded_at_is_the_frozen_clock_in_shanghai(ledger, new_draft):
    with freeze_time("2026-03-05T09:30:15+08:00"):
        event = ledger.append(new_draft())
    assert event.recorded_at == "2026-03-05T09:30:15.000000+08:00"
    with freeze_time("2026-03-05T01:30:15Z"):  # the same instant given in UTC
        later = ledger.append(new_draft(payload={"worker": "W-1"}, type="gig_worker_registered"))
    assert later.recorded_at == "2026-03-05T09:30:15.000000+08:00"


def test_as_of_filters_by_recorded_at(ledger, new_draft):
    with freeze_time("2026-03-05T10:00:00+08:00"):
        early = ledger.append(new_draft())
    with freeze_time("2026-03-07T10:00:00+08:00"):
        ledger.append(new_draft(payload={"worker": "W-1"}, type="gig_worker_registered"))
    as_of = "2026-03-06T00:00:00.000000+08:00"  # (the site itself was registered on the real clock, later)
    assert [e.seq for e in ledger.events(as_of=as_of)] == [early.seq]
    assert ledger.seq_at(as_of) == early.seq


# -- opening ----------------------------------------------------------------------------------------------


def test_opening_a_missing_ledger_does_not_create_it(tmp_path):
    path = tmp_path / "missing.db"
    with pytest.raises(LedgerError, match=r"no ledger at .*missing\.db: run `opsledger init`"):
        Ledger(path)
    assert not path.exists()


# -- the importer ---------------------------------------------------------------------------------------


def test_parse_assignments_keeps_strings_and_parses_json():
    assert parse_assignments(["companies=40", "title=a=b", 'changes={"x": 1}', "tags=[1, 2]", "empty="]) == {
        "companies": "40", "title": "a=b", "changes": {"x": 1}, "tags": [1, 2], "empty": "",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["companies"], "bad argument 'companies': give payload fields as field=value (e.g. companies=40)"),
        (["=40"], "bad argument '=40': give payload fields as field=value (e.g. companies=40)"),
        (["a=1", "a=2"], "field 'a' given twice"),
        (
            ["a={oops"],
            "a: not valid JSON (Expecting property name enclosed in double quotes at column 2)",
        ),
    ],
)
def test_parse_assignments_errors(args, message):
    with pytest.raises(LedgerError) as err:
        parse_assignments(args)
    assert str(err.value) == message


def record(**overrides):
    base = {"type": "job_fair_held", "site": SITE, "occurred_at": "2026-03-05", "actor": "ann",
            "payload": {"title": "t", "format": "offline", "kind": "daily", "companies": 1, "jobs": 2,
                        "visitors": 3}}  # fmt: skip
    base.update(overrides)
    return json.dumps(base, ensure_ascii=False) + "\n"


def test_jsonl_parser_streams_line_by_line():
    def lines():
        yield record(id="first")
        raise AssertionError("read past the first event before it was consumed")

    stream = parse_jsonl(lines(), actor="fallback")
    number, first = next(stream)
    assert (number, first.id, first.actor, first.payload["companies"]) == (1, "first", "ann", 1)


def test_open_events_reads_lazily_from_disk(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text(record(id="a") + "this line is not JSON\n", encoding="utf-8")
    stream = open_events(path, actor="x")
    assert next(stream)[1].id == "a"  # the bad second line has not been read yet
    with pytest.raises(LedgerError, match=r"^line 2: not valid JSON"):
        next(stream)


def test_jsonl_ignores_recomputed_keys_and_skips_blank_lines():
    text = "\n" + record(seq=9, hash="x", prev_hash="y", recorded_at="z", version=1, id="e1") + "   \n"
    [(number, parsed)] = list(parse_jsonl(io.StringIO(text), actor="fallback"))
    assert (number, parsed.id) == (2, "e1")


def test_jsonl_record_without_actor_takes_the_fallback():
    line = json.dumps({"type": "gig_worker_registered", "site": SITE, "occurred_at": "2026-03-05",
                       "payload": {"worker": "W"}})  # fmt: skip
    [(_, parsed)] = list(parse_jsonl([line], actor="fallback"))
    assert parsed.actor == "fallback"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"type": ', "line 1: not valid JSON (Expecting value at column 10)"),
        ("[1, 2]", "line 1: expected a JSON object (one event), got list"),
        (record(colour="red"), "line 1: unknown key 'colour' (an event has id, type, site, occurred_at, actor, "
                               "payload, evidence, idempotency_key, covers, signer, signature; fields go in payload)"),
        (record(occurred_at="2026-02-30"), "line 1: occurred_at: bad date '2026-02-30': use YYYY-MM-DD (or YYYY-MM-DDTHH:MM)"),
        (record(occurred_at=20260305), "line 1: occurred_at: must be a date text like 2026-03-05, not 20260305"),
        (record(type="job_fair"), "line 1: unknown event type 'job_fair': did you mean 'job_fair_held'? "
                                  "(`opsledger catalog` lists the types)"),
        (record(site="no spaces"), "line 1: site: String should match pattern '^[A-Za-z0-9][A-Za-z0-9_.-]*$'"),
        (record(payload=[1]), "line 1: payload: Input should be a valid dictionary"),
    ],
)  # fmt: skip
def test_jsonl_errors_name_the_line_and_field(line, message):
    with pytest.raises(LedgerError) as err:
        list(parse_jsonl([line], actor="x"))
    assert str(err.value) == message


def test_csv_with_payload_field_columns():
    text = (
        "type,site,on,title,format,kind,companies,jobs,visitors,wujiang_companies\r\n"
        "\r\n"
        "job_fair_held,wujiang-park,2026-03-05,校园招聘,offline,campus,12,80,300,\r\n"
    )
    [(number, parsed)] = list(parse_csv(io.StringIO(text, newline=""), actor="ann"))
    assert number == 3
    assert parsed.occurred_at == "2026-03-05"
    assert parsed.actor == "ann"
    assert parsed.payload == {
        "title": "校园招聘",
        "format": "offline",
        "kind": "campus",
        "companies": "12",
        "jobs": "80",
        "visitors": "300",
    }  # fmt: skip  (empty cells are left out)


def test_csv_with_a_payload_column_and_payload_dot_columns():
    text = (
        "type,site,occurred_at,actor,payload\n"
        'actor_role_granted,wujiang-park,2026-03-05,boss,"{""actor"": ""wang"", ""role"": ""assessor""}"\n'
    )
    [(_, parsed)] = list(parse_csv(io.StringIO(text), actor="x"))
    assert (parsed.actor, parsed.payload) == ("boss", {"actor": "wang", "role": "assessor"})
    text = "type,site,on,actor,payload.actor,role\nactor_role_granted,wujiang-park,2026-03-05,boss,wang,assessor\n"
    [(_, parsed)] = list(parse_csv(io.StringIO(text), actor="x"))
    assert (parsed.actor, parsed.payload) == ("boss", {"actor": "wang", "role": "assessor"})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("type,site,on,x\njob_fair_held,wujiang-park,2026-03-05,1,2\n", "line 2: 5 cells but the header names 4 columns"),
        ("type,site,on,payload,title\n", "line 1: column 'title' is not an envelope column: with a payload column, "
                                         "payload fields go inside its JSON"),
        ("type,type\n", "line 1: column 'type' appears twice"),
        ("type,site,on,payload\njob_fair_held,wujiang-park,2026-03-05,{bad\n",
         "line 2: payload: not valid JSON (Expecting property name enclosed in double quotes at column 2)"),
        ("type,site,on,title\n\njob_fair_held,wujiang-park,2026-3-5,x\n",
         "line 3: occurred_at: bad date '2026-3-5': use YYYY-MM-DD (or YYYY-MM-DDTHH:MM)"),
    ],
)  # fmt: skip
def test_csv_errors_name_the_line(text, message):
    with pytest.raises(LedgerError) as err:
        list(parse_csv(io.StringIO(text), actor="x"))
    assert str(err.value) == message


def test_csv_file_with_bom_is_read(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(
        "type,site,on,worker\ngig_worker_registered,wujiang-park,2026-03-05,W-1\n", encoding="utf-8-sig"
    )
    [(_, parsed)] = list(open_events(path, actor="x"))
    assert (parsed.type, parsed.payload) == ("gig_worker_registered", {"worker": "W-1"})


def test_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_bytes(record().encode() + b"\xff\xfe\n")
    with pytest.raises(LedgerError, match=r"^line 2: not valid UTF-8 text"):
        list(open_events(path, actor="x"))


# -- what amends a few events, found by its target (issue 15: a refresh flat in the log) ---------------------


def amended_ledger(ledger, new_draft):
    """Two fairs, one corrected and the correction retracted, the other retracted."""
    first, second = ledger.append(new_draft()), ledger.append(new_draft(payload=fair_of(41)))
    fix = ledger.append(
        new_draft("correction", {"target": first.id, "changes": {"companies": 42}, "reason": "复核"})
    )
    undo = ledger.append(new_draft("retraction", {"target": fix.id, "reason": "误改"}))
    gone = ledger.append(new_draft("retraction", {"target": second.id, "reason": "重复"}))
    return first, second, fix, undo, gone


def fair_of(companies: int) -> dict:
    from conftest import fair

    return fair(companies)


def plan(db: Path, sql: str) -> str:
    with sqlite3.connect(db) as conn:
        return " ".join(str(row[-1]) for row in conn.execute("EXPLAIN QUERY PLAN " + sql))


AMENDING = "SELECT seq FROM events INDEXED BY events_amends WHERE type IN ('correction', 'retraction') AND json_extract(payload, '$.target') IN ('x')"


def index_names(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_a_new_ledger_finds_what_amends_an_event_on_the_targets_index(ledger, db, new_draft):
    first, second, fix, undo, gone = amended_ledger(ledger, new_draft)
    assert "events_amends" in index_names(db)
    assert "USING INDEX events_amends" in plan(db, AMENDING)
    assert list(ledger.store.amending({first.id, second.id})) == [fix, gone]
    assert list(ledger.store.amending({fix.id})) == [undo]


def test_a_ledger_made_before_the_index_gets_it_once_and_answers_the_same(ledger, db, new_draft, monkeypatch):
    first, second, fix, undo, gone = amended_ledger(ledger, new_draft)
    ledger.close()
    with sqlite3.connect(db) as conn:
        conn.execute("DROP INDEX events_amends")  # as a ledger created by an earlier opsledger
    # A ledger this process may not write (an assessor's read-only copy; root may write any file, so the
    # store is told so) is answered without it, and not changed.
    import ledger.backends.sqlite as backend

    with monkeypatch.context() as patch:
        patch.setattr(backend, "_writable", lambda path: False)
        read_only = Ledger(db)
        assert read_only.store.read_only
        assert list(read_only.store.amending({first.id, second.id})) == [fix, gone]
        read_only.close()
    assert "events_amends" not in index_names(db)
    # The first process that may write the file and looks for amendments makes it.
    writable = Ledger(db)
    assert list(writable.store.amending({first.id, second.id})) == [fix, gone]
    assert list(writable.store.amending({fix.id})) == [undo]
    writable.close()
    assert "events_amends" in index_names(db)


@given(
    st.lists(st.sampled_from(["", ".", "..", "a", "b.db", "/", "//", "x y", "库"]), max_size=8).map("/".join)
)
def test_a_path_is_written_as_pathlib_writes_it(text: str) -> None:
    """ledger/pathtext.py: the SQLite store names its file without loading pathlib (issue 15: `log` start-up)."""
    from pathlib import PurePosixPath

    from ledger.pathtext import path_text

    assert path_text(text) == str(PurePosixPath(text))


def test_a_ledger_another_process_is_writing_is_answered_without_waiting_for_the_index(ledger, db, new_draft):
    """The index is made only when the file is free: a `score` does not queue behind another process's long
    import for it (SQLite's lock is waited for a quarter of a second, not the writers' minute)."""
    first, second, fix, undo, gone = amended_ledger(ledger, new_draft)
    ledger.close()
    with sqlite3.connect(db) as conn:
        conn.execute("DROP INDEX events_amends")
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        busy = Ledger(db)
        assert list(busy.store.amending({first.id, second.id})) == [fix, gone]
        busy.close()
        assert "events_amends" not in index_names(db)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    free = Ledger(db)
    assert list(free.store.amending({fix.id})) == [undo]
    free.close()
    assert "events_amends" in index_names(db)
