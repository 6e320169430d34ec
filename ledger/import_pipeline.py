"""Reading a large import file in a second process while this one checks, chains and writes (issue 15).

`checked_events` reads a large file in a second process (`_Pipeline`): there each line is decoded, its envelope
and its payload validated and the payload's canonical JSON made, while this process checks and writes the lines
before it. Each line's outcome comes back in file order and is acted on at that line, so what is written and
what is refused are the same as reading the file here (ledger/importer.py reads and parses it either way).
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ledger.envelope import Draft, canonical_json
from ledger.errors import LedgerError
from ledger.importer import Lines, open_events
from ledger.messages import Both, msg
from ledger.messages import text as text_of
from ledger.payloads import validate_payload

# A file this size or larger is read in a second process (`checked_events`); a smaller one here (starting the
# process costs more than it saves: about 1 MiB is 3,000 events).
PIPELINE_MIN_BYTES = 1 << 20
PIPELINE_CHUNK = 500  # lines per message from the reading process: few messages, little held in between


def checked_events(path: str | Path, fmt: str | None = None, *, actor: str) -> Iterator[tuple[Any, ...]]:
    """The file's events as (line number, Draft) pairs, as `open_events` reads them; for a file of at least
    PIPELINE_MIN_BYTES on a machine with two cores or more, read in a second process as (line number, Draft,
    checked) triples, `checked` being the payload validated (`validate_payload`) with its canonical JSON, or the
    error its validation raised (`ledger.appender.Checked`: the appender raises it at that line, after the checks
    that come before validation). An error reading the file is raised at its line, after the lines before it.

    Close the stream when done with it (the caller's `finally`): that stops the second process if the import
    stopped early; it also stops when this process exits, and on its own when the file is read."""
    lines = open_events(
        path, fmt, actor=actor
    )  # the file's own errors (no such file, format) are raised here
    if not _worth_a_second_process(path):
        return lines
    return _Pipeline(lines, str(path))


def _worth_a_second_process(path: str | Path) -> bool:
    try:
        size = os.path.getsize(path)
    except OSError:
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    import multiprocessing

    return size >= PIPELINE_MIN_BYTES and cores >= 2 and "fork" in multiprocessing.get_all_start_methods()


def check_payload(draft: Draft) -> Any:
    """What the appender would make of the draft's payload: (validated payload, its canonical JSON), or the
    LedgerError validation raises."""
    try:
        payload = validate_payload(draft.type, draft.payload)
    except LedgerError as err:
        return err
    return payload, canonical_json(payload)


class _Pipeline:
    """A forked process reads and checks the lines, this one receives them in order (a one-way pipe, chunks of
    PIPELINE_CHUNK pickled triples, then 'end' or the error that stopped the reading).

    Fork, not spawn: the child already holds the opened file and every module, and starts in milliseconds. The
    child touches nothing of the parent's but the file and the pipe: not the store, not stdout. It ignores
    Ctrl-C (the parent stops it), and it ends when the parent closes the pipe or exits (a write to a pipe
    nobody reads fails)."""

    def __init__(self, lines: Lines, path: str) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.path = path
        for stream in (sys.stdout, sys.stderr):  # else the child, flushing its copy on exit, prints it again
            if stream is not None:
                stream.flush()
        self.reader, writer = context.Pipe(duplex=False)
        _widen(writer)
        self.process = context.Process(target=_read_in_child, args=(lines, self.reader, writer), daemon=True)
        self.process.start()
        writer.close()
        lines.close()  # this process's copy of the generator (and the file handle it holds)
        self.closed = False
        self.rows = self.stream()

    # An iterator whose close() stops the reading process even when nothing was read yet (the import failed before
    # its first line: a read-only ledger, a busy one), which closing an unstarted generator would not.
    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return self

    def __next__(self) -> tuple[Any, ...]:
        return next(self.rows)

    def stream(self) -> Iterator[tuple[Any, ...]]:
        last = 0
        try:
            while True:
                try:
                    kind, value = pickle.loads(self.reader.recv_bytes())
                except (EOFError, OSError):
                    raise LedgerError(msg("import.reader_lost", path=self.path, line=last)) from None
                if kind == "rows":
                    for row in value:
                        last = row[0]
                        yield row
                elif kind == "error":
                    raise value
                else:
                    return
        finally:
            self._stop()

    def close(self) -> None:
        self.rows.close()  # a generator stopped at a row runs its `finally`; one never started does not
        self._stop()

    def _stop(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.reader.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.process.close()


# The pipe holds this much (Linux's default is 64 KiB, less than one pickled chunk): the reading process runs
# several chunks ahead of this one instead of waiting at each chunk for this one to take it. This process's work
# comes in bursts (a batch's inserts, its commit), and with one chunk in the pipe the reader stood idle through
# each burst and this process then waited for the reader: two processes used 1.3 cores and went no faster than
# one (bench/RESULTS.md, "The import's pipe").
PIPE_BYTES = 1 << 20


def _widen(connection: Any) -> None:
    """Ask for a PIPE_BYTES pipe (Linux only; elsewhere, or above the system's limit, the pipe stays as it is)."""
    import fcntl

    setting = getattr(fcntl, "F_SETPIPE_SZ", None)
    if setting is None:
        return
    try:
        fcntl.fcntl(connection.fileno(), setting, PIPE_BYTES)
    except OSError:
        pass  # over /proc/sys/fs/pipe-max-size for an unprivileged user: the default pipe still works


def _read_in_child(lines: Lines, reader: Any, writer: Any) -> None:
    reader.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    chunk: list[tuple[int, Draft, Any]] = []
    try:
        try:
            for number, draft in lines:
                chunk.append((number, draft, check_payload(draft)))
                if len(chunk) >= PIPELINE_CHUNK:
                    writer.send_bytes(pickle.dumps(("rows", chunk), pickle.HIGHEST_PROTOCOL))
                    chunk = []
        except Exception as err:  # noqa: BLE001 - raised by the parent at its line, after the lines before it
            writer.send_bytes(pickle.dumps(("rows", chunk), pickle.HIGHEST_PROTOCOL))
            writer.send_bytes(_pickled_error(err))
            return
        writer.send_bytes(pickle.dumps(("rows", chunk), pickle.HIGHEST_PROTOCOL))
        writer.send_bytes(pickle.dumps(("end", None)))
    except OSError:
        return  # the parent stopped reading (it failed at an earlier line, or exited): nothing more to say


def _pickled_error(err: Exception) -> bytes:
    """The error as the parent will raise it: itself, or (if it does not survive pickling) a LedgerError with
    the same text in both languages."""
    try:
        data = pickle.dumps(("error", err), pickle.HIGHEST_PROTOCOL)
        pickle.loads(data)
        return data
    except Exception:  # noqa: BLE001 - any value the message carries that pickle refuses
        same = Both(text_of(err, "zh"), text_of(err, "en"))
        return pickle.dumps(("error", LedgerError(same)), pickle.HIGHEST_PROTOCOL)
