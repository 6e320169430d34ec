"""Moving a ledger between backends (`opsledger migrate --from URL --to URL`): SQLite <-> PostgreSQL, or any
two stores, every event exactly as it is.

Events are copied, not re-appended: global seq, site_seq, recorded_at, actors, signatures and hashes stay what
they were (`WriteSession.copy`), so every chain, sign-off and audit bundle made before the move still verifies
after it. The source must verify first; the target must be empty; the copy is one transaction on the target
(a failure leaves it empty); both sides are verified after, and the heads of every site chain compared. Evidence
files referenced by the events and the records (accounts) come along; the projection cache does not (it is
folded again on the target).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ledger.chain import ChainStatus
from ledger.envelope import Event
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from ledger.messages import msg
from ledger.store import Head

CHUNK = 5000


@dataclass(frozen=True)
class CopyResult:
    source: str
    target: str
    source_status: ChainStatus
    target_status: ChainStatus
    blobs: int = 0
    blobs_missing: list[str] = field(default_factory=list)  # referenced, not in the source's store either
    records: int = 0


def copy_ledger(source: str, target: str, progress: Callable[[int, int], None] | None = None) -> CopyResult:
    """Copy the ledger at `source` into a new, empty ledger at `target` and prove both end at the same heads."""
    if str(source).removeprefix("sqlite:///") == str(target).removeprefix("sqlite:///"):
        raise LedgerError(msg("migrate.same"))
    src = Ledger(source)
    try:
        try:
            before = src.verify()
        except LedgerError as err:
            raise LedgerError(msg("migrate.source_fails", url=src.url, error=err)) from None
        dst = Ledger(target, create=True)
        try:
            last = dst.store.last()
            if last is not None:
                raise LedgerError(msg("migrate.target_not_empty", url=dst.url, seq=last.seq))
            _copy_events(src, dst, before, progress)
            records = _copy_records(src, dst)
            blobs, missing = _copy_blobs(src, dst)
            try:
                after = dst.verify()
            except LedgerError as err:
                raise LedgerError(msg("migrate.copy_fails", url=dst.url, error=err)) from None
            if (after.count, after.sites) != (before.count, before.sites):
                raise LedgerError(msg("migrate.copy_heads", url=dst.url))
            return CopyResult(src.url, dst.url, before, after, blobs, missing, records)
        finally:
            dst.close()
    finally:
        src.close()


def _copy_events(
    src: Ledger, dst: Ledger, before: ChainStatus, progress: Callable[[int, int], None] | None
) -> None:
    """Every event up to the verified head, in seq order, in one transaction on the target."""
    heads: dict[str, Head] = {}
    done = 0
    with dst.store.write() as tx:
        for chunk in _chunks(src.store.events(upto_seq=before.head_seq)):
            tx.copy(chunk)
            for e in chunk:
                heads[e.site] = Head(e.site_seq, e.hash, e.recorded_at, e.seq)
            done += len(chunk)
            if progress:
                progress(done, before.count)
        if (done, heads) != (before.count, before.sites):  # raised inside: the target stays empty
            raise LedgerError(msg("migrate.source_changed", url=src.url, done=done, count=before.count))


def _chunks(events: Iterator[Event]) -> Iterator[list[Event]]:
    chunk: list[Event] = []
    for e in events:
        chunk.append(e)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _copy_records(src: Ledger, dst: Ledger) -> int:
    n = 0
    for namespace in src.store.record_namespaces():
        for key, value in src.store.record_list(namespace).items():
            dst.store.record_put(namespace, key, value)
            n += 1
    return n


def referenced_files(src: Ledger) -> list[str]:
    """The sha256 of every evidence file an event references (in its envelope or by evidence_attached)."""
    found: set[str] = set()
    for e in src.store.events():
        found.update(ref["sha256"] for ref in e.evidence)
        if e.type == "evidence_attached":
            found.add(e.payload["sha256"])
    return sorted(found)


def _copy_blobs(src: Ledger, dst: Ledger) -> tuple[int, list[str]]:
    copied, missing = 0, []
    with tempfile.TemporaryDirectory(prefix="opsledger-migrate-") as tmp:
        for sha in referenced_files(src):
            if src.store.blob_status(sha) != "stored":
                missing.append(sha)  # never stored (a reference to a file kept elsewhere), or corrupt
                continue
            staged = Path(tmp) / sha
            staged.write_bytes(src.store.blob_get(sha) or b"")
            if dst.store.blob_put(staged) != sha:
                raise LedgerError(msg("migrate.blob_changed", sha=sha[:12]))
            staged.unlink()
            copied += 1
    return copied, missing


def copy_text(result: CopyResult) -> str:
    """What `opsledger migrate --from --to` prints: both sides' verified heads, site by site."""
    s, t = result.source_status, result.target_status
    lines = [
        str(msg("migrate.copied", count=s.count, sites=len(s.sites), blobs=result.blobs, records=result.records,
                source=result.source, target=result.target)),
        str(msg("migrate.source_ok", count=s.count, seq=s.head_seq, hash=s.head_hash)),
        str(msg("migrate.target_ok", count=t.count, seq=t.head_seq, hash=t.head_hash)),
        str(msg("migrate.heads")),
    ]  # fmt: skip
    for site in sorted(s.sites):
        a, b = s.sites[site], t.sites[site]
        lines.append(f"  {site}: #{a.site_seq} {a.hash} = #{b.site_seq} {b.hash}")
    if result.blobs_missing:
        lines.append(
            str(msg("migrate.blobs_missing", n=len(result.blobs_missing), first=result.blobs_missing[0][:12]))
        )
    return "\n".join(lines)
