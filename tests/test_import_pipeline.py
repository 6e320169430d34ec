"""A large import reads its file in a second process (ledger/import_pipeline.py `checked_events`): the same events are
stored, the same line is named by the same one-line error, nothing is written when a line fails, and no reading
process is left behind. Each test runs the import both ways (PIPELINE_MIN_BYTES 0: every file is read in the
second process; huge: none is) and compares. No timings here: bench/run.py measures the import.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
from pathlib import Path

import pytest
from conftest import shaxian_sites

from ledger import import_pipeline
from ledger.appender import BATCH
from ledger.envelope import Draft
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from ledger.messages import text
from schemes import actions

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="the second process is forked"
)

WAYS = ("second process", "this process")


def _post(i: int, site: str = "sx", **payload: object) -> dict:
    return {"id": f"e{i}", "type": "gig_job_posted", "site": site, "occurred_at": "2026-03-01", "actor": "op",
            "payload": {"employer": "沙县小吃集团", "positions": 1 + i % 7, **payload}}  # fmt: skip


def _write(path: Path, records: list[dict | str]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records),
                    encoding="utf-8")  # fmt: skip
    return path


def _import(
    tmp_path: Path, way: str, name: str, file: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Ledger, object]:
    """Import `file` into a fresh ledger one way; (the ledger, the result or the error raised)."""
    monkeypatch.setattr(import_pipeline, "PIPELINE_MIN_BYTES", 0 if way == WAYS[0] else 1 << 60)
    ledger = shaxian_sites(tmp_path / f"{name}-{WAYS.index(way)}.db")
    try:
        outcome: object = actions.import_events(ledger, actions.Writer("op"), file, None)
    except LedgerError as err:
        outcome = err
    assert multiprocessing.active_children() == []  # no reading process left, whatever happened
    return ledger, outcome


def _both(
    tmp_path: Path, name: str, file: Path, monkeypatch: pytest.MonkeyPatch
) -> list[tuple[Ledger, object]]:
    return [_import(tmp_path, way, name, file, monkeypatch) for way in WAYS]


def _stored(ledger: Ledger) -> list[tuple]:
    """What was stored, but for the ids the appender drew at random (events given none)."""
    return [(e.seq, e.site, e.site_seq, e.id if e.id[1:].isdigit() else "", e.type, e.payload, e.idempotency_key)
            for e in ledger.events()]  # fmt: skip


def test_the_second_process_is_used_for_a_large_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = _write(tmp_path / "a.jsonl", [_post(i) for i in range(10)])
    monkeypatch.setattr(import_pipeline, "PIPELINE_MIN_BYTES", 0)
    rows = import_pipeline.checked_events(file, actor="op")
    first = next(rows)
    assert len(first) == 3 and first[0] == 1  # (line, draft, checked): checked where it was read
    assert first[2] == import_pipeline.check_payload(first[1])
    rows.close()
    assert multiprocessing.active_children() == []
    monkeypatch.setattr(import_pipeline, "PIPELINE_MIN_BYTES", 1 << 60)
    assert len(next(import_pipeline.checked_events(file, actor="op"))) == 2


@pytest.mark.skipif(sys.platform != "linux", reason="a pipe's size is set on Linux only")
def test_the_reading_process_runs_chunks_ahead_of_the_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer's work comes in bursts (a batch's inserts and commit). The reader must not stand idle through
    them waiting for the writer to take one chunk: it reads, checks and sends several chunks (here the whole
    file, four chunks) before the writer takes the first row. Through a 64 KiB pipe it stopped at the first."""
    file = _write(tmp_path / "a.jsonl", [_post(i) for i in range(4 * import_pipeline.PIPELINE_CHUNK)])
    monkeypatch.setattr(import_pipeline, "PIPELINE_MIN_BYTES", 0)
    rows = import_pipeline.checked_events(file, actor="op")
    try:
        rows.process.join(timeout=60)  # type: ignore[attr-defined]
        assert rows.process.exitcode == 0  # type: ignore[attr-defined]  # done reading: it sent 'end'
        assert [row[0] for row in rows] == list(range(1, 4 * import_pipeline.PIPELINE_CHUNK + 1))
    finally:
        rows.close()  # type: ignore[attr-defined]
    assert multiprocessing.active_children() == []


def test_closing_before_the_first_row_stops_the_reading_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = _write(tmp_path / "a.jsonl", [_post(i) for i in range(3 * BATCH)])
    monkeypatch.setattr(import_pipeline, "PIPELINE_MIN_BYTES", 0)
    rows = import_pipeline.checked_events(file, actor="op")
    assert len(multiprocessing.active_children()) == 1
    rows.close()  # an import that failed before reading a line (a read-only ledger, a busy one)
    assert multiprocessing.active_children() == []

    def refuses(*_: object, **__: object) -> None:  # a ledger that cannot be written: nothing is read
        raise LedgerError(text("busy"))

    ledger = shaxian_sites(tmp_path / "l.db")
    monkeypatch.setattr(ledger, "append_many", refuses)
    with pytest.raises(LedgerError, match="busy"):
        actions.import_events(ledger, actions.Writer("op"), file, None)
    assert multiprocessing.active_children() == []


def test_same_events_stored_either_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Over several chunks of both the pipe and the appender, two sites, id-less lines (content keys), a
    # duplicate of an earlier line (skipped), a correction and a retraction.
    records: list[dict | str] = [_post(i, "sx" if i % 3 else "sy") for i in range(2 * BATCH + 300)]
    records += [_post(5), {k: v for k, v in _post(9001).items() if k != "id"}, "",
                {k: v for k, v in _post(9001).items() if k != "id"}]  # fmt: skip
    records += [{"type": "correction", "site": "sx", "occurred_at": "2026-03-02", "actor": "op",
                 "payload": {"target": "e1", "changes": {"positions": 3}, "reason": "recount"}},
                {"type": "retraction", "site": "sx", "occurred_at": "2026-03-02", "actor": "op",
                 "payload": {"target": "e2", "reason": "typed twice"}}]  # fmt: skip
    file = _write(tmp_path / "a.jsonl", records)
    (piped, a), (inline, b) = _both(tmp_path, "same", file, monkeypatch)
    assert not isinstance(a, Exception), a
    assert (a.added, a.duplicates) == (b.added, b.duplicates) == (2 * BATCH + 300 + 4, 1)
    assert _stored(piped) == _stored(inline)
    assert piped.verify().count == inline.verify().count


def test_csv_either_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = ["type,site,on,actor,employer,positions"] + [f"零工岗位发布,sx,2026-03-0{1 + i % 9},op,沙县小吃{i},{i + 1}"
                                                         for i in range(1200)]  # fmt: skip
    file = tmp_path / "a.csv"
    file.write_text("\n".join(rows) + "\n", encoding="utf-8")
    (piped, a), (inline, b) = _both(tmp_path, "csv", file, monkeypatch)
    assert not isinstance(a, Exception), a
    assert a.added == b.added == 1200
    assert _stored(piped) == _stored(inline)


BAD_LINES = {
    "envelope": '{"id": "x", "type": "gig_job_posted", "site": "sx", "occurred_at": "2026-13-01", "actor": "op", '
    '"payload": {"employer": "e", "positions": 1}}',
    "payload": json.dumps(_post(99999, positions="many")),
    "unknown field": json.dumps(_post(99999, employerr="e")),
    "json": '{"id": "x", "type": ',
    "not an object": "[1, 2]",
    "unknown key": json.dumps({**_post(99999), "colour": "red"}),
    "conflict": json.dumps(_post(3, positions=6)),  # e3 again with other content: refused by the appender
    "site": json.dumps(_post(99999, site="sz")),
    "migrated": json.dumps({**_post(99999), "type": "ledger_migrated"}),
}


@pytest.mark.parametrize("kind", sorted(BAD_LINES))
@pytest.mark.parametrize("at", [5, BATCH + 700])
def test_a_bad_line_is_named_the_same_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, at: int
) -> None:
    records: list[dict | str] = [_post(i) for i in range(at - 1)] + [BAD_LINES[kind]]
    records += [_post(i) for i in range(at, at + 2 * BATCH)]  # lines after it: still being read when it fails
    file = _write(tmp_path / "a.jsonl", records)
    (piped, a), (inline, b) = _both(tmp_path, "bad", file, monkeypatch)
    assert isinstance(a, LedgerError) and isinstance(b, LedgerError), (a, b)
    assert type(a) is type(b)
    assert text(a, "en") == text(b, "en") and text(a, "zh") == text(b, "zh")
    assert f"line {at}:" in text(a, "en")
    assert (
        piped.verify().count == inline.verify().count == 4
    )  # the two sites and their contracts: nothing more


def test_a_refusal_of_the_gate_is_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records = [_post(i) for i in range(1500)]
    records[700] = {**_post(700), "occurred_at": "2099-03-01"}  # the future: refused after the last line
    file = _write(tmp_path / "a.jsonl", records)
    (piped, a), (inline, b) = _both(tmp_path, "gate", file, monkeypatch)
    assert isinstance(a, LedgerError) and text(a, "en") == text(b, "en")
    assert "line 701" in text(a, "en")
    assert piped.verify().count == 4


def test_the_reading_process_dying_is_an_error_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = import_pipeline.check_payload

    def dies_at_line_900(draft: Draft) -> object:  # what the second process runs (forked with this patch)
        if draft.id == "e899":
            os._exit(3)
        return real(draft)

    monkeypatch.setattr(import_pipeline, "check_payload", dies_at_line_900)
    file = _write(tmp_path / "a.jsonl", [_post(i) for i in range(3 * BATCH)])
    ledger, outcome = _import(tmp_path, WAYS[0], "dies", file, monkeypatch)
    assert isinstance(outcome, LedgerError)
    assert text(outcome, "en").startswith(
        f"the process reading {str(file)!r} stopped unexpectedly (after line "
    )
    assert ledger.verify().count == 4


def test_cli_import_through_the_second_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli) -> None:
    monkeypatch.setattr(import_pipeline, "PIPELINE_MIN_BYTES", 0)
    db = tmp_path / "l.db"
    shaxian_sites(db).close()
    good = _write(tmp_path / "good.jsonl", [_post(i) for i in range(1200)])
    bad = _write(tmp_path / "bad.jsonl", [_post(i) for i in range(2000, 2900)] + [BAD_LINES["payload"]])
    result = cli("--db", db, "import", bad)
    assert result.code != 0 and result.out == ""
    assert result.err.count("\n") == 1 and "line 901:" in result.err, result.err
    result = cli("--db", db, "import", good)
    assert result.code == 0, result.err
    assert "imported 1200 events" in result.out
    assert cli("--db", db, "verify").code == 0
    assert multiprocessing.active_children() == []
