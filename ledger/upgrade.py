"""Upgrading a schema-1 ledger (wave one: one global hash chain) to schema 2 (per-site chains, signed acts):
`opsledger migrate --db old.db [--to NEW] --buyer NAME`.

The old chain is verified first, with the bytes schema 1 hashed (`ledger.legacy`); if it does not verify nothing
is written. Each site's events are then re-chained, in their old order, onto the site's own chain: global seq, id,
type, version, site, occurred_at, recorded_at, actor, evidence and idempotency key are kept, and the payload every
recorded value of it (in the current catalog's form: a field added since wave one, all of them optional, appears
with its default, as every reader of a payload expects; a recorded value this opsledger would read differently
is refused, never changed). Only the chain position (site_seq, prev_hash, hash) is new, and the old rows are
verified again as they are copied. Each site's chain then ends with one `ledger_migrated`
event: the old chain's head, the site's old seq range and last old hash, and every old sign-off of the site (its
old hash, the head it signed, its signature), so an assessor can still check a signature made over the old chain.

Trust. Schema 1 had no buyer keys: its contracts and role grants were signed by nobody, and assessors registered
their own keys. The migration is therefore the buyer's act: `--buyer NAME` signs each site's `ledger_migrated`
event, which names that key as `buyer_key`, and from there on it is the site's root of trust (every later
contract and grant must be signed by it). The events before it stay exactly as recorded; verification lists
their acts as "recorded under schema 1, unsigned" rather than refusing them, and keys assessors registered
themselves under schema 1 stay valid on their sites until the buyer delegates another (ledger/trust.py).

In place, the new ledger is built in a hidden file beside the old one, verified, and renamed over it (atomic on
one filesystem); the old file is kept as `<name>.schema1`. A failure at any step leaves the old file as it was.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import uuid4

from ledger import blobs, trust
from ledger.backends.sqlite_v1 import SchemaOneFile, settle
from ledger.chain import ChainStatus
from ledger.envelope import (
    GENESIS,
    Event,
    event_hash,
    format_instant,
    now,
)
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from ledger.legacy import V1Chain, V1Row, V1Status
from ledger.messages import Message, msg
from ledger.payloads import validate_payload
from ledger.store import Head, is_server_url

CHUNK = 5000
BACKUP_SUFFIX = ".schema1"


class AlreadyCurrent(LedgerError):
    """The ledger is at schema 2 already: nothing to migrate (not a failure)."""


@dataclass
class SiteMove:
    """One site's move: its old events and sign-offs, and where its new chain ends."""

    site: str
    old_events: int = 0
    old_first_seq: int = 0
    old_last_seq: int = 0
    old_last_hash: str = ""
    head: Head = field(default_factory=Head)
    signoffs: list[dict[str, Any]] = field(default_factory=list)
    legacy_keys: dict[str, str] = field(default_factory=dict)  # actor -> first self-registered public key


@dataclass(frozen=True)
class UpgradeResult:
    source: str
    target: str
    backup: Path | None  # the kept schema-1 file (in place only)
    old: V1Status
    new: ChainStatus
    sites: dict[str, SiteMove]
    buyer_key: str
    blobs: int = 0
    blobs_missing: list[str] = field(default_factory=list)


def schema_of(target: str) -> int | None:
    """1 or 2 for an opsledger SQLite file, None for another file; 2 for a server ledger (schema 1 was SQLite only)."""
    if is_server_url(target):
        return 2
    path = Path(target.removeprefix("sqlite:///"))
    if not path.exists():
        raise LedgerError(msg("upgrade.no_ledger", path=path))
    old = SchemaOneFile(path)
    try:
        return old.schema_version()
    finally:
        old.close()


def upgrade(
    source: str,
    target: str | None,
    buyer: trust.Signer,
    actor: str,
    progress: Callable[[int, int], None] | None = None,
) -> UpgradeResult:
    """Move the schema-1 ledger at `source` to schema 2: in place (target None) or into a new ledger at `target`."""
    src = Path(source.removeprefix("sqlite:///"))
    version = schema_of(str(src))
    if version == 2:
        raise AlreadyCurrent(msg("upgrade.current", src=src))
    if version != 1:
        raise LedgerError(msg("upgrade.not_ledger", src=src))
    backup = src.with_name(src.name + BACKUP_SUFFIX) if target is None else None
    if backup is not None and (backup.exists() or backup.is_symlink()):
        raise LedgerError(msg("upgrade.backup_exists", backup=backup))
    if target is not None and _same_file(src, target):
        raise LedgerError(msg("upgrade.to_is_source"))
    old = SchemaOneFile(src)
    try:
        try:
            status, wanted = _survey(old)
        except LedgerError as err:
            raise LedgerError(msg("upgrade.v1_fails", src=src, error=err)) from None
        if target is None or not is_server_url(target):
            final = src if target is None else Path(target.removeprefix("sqlite:///"))
            return _into_file(old, status, wanted, final, backup, buyer, actor, progress)
        return _into_server(old, status, wanted, target, buyer, actor, progress)
    finally:
        old.close()


def _same_file(src: Path, target: str) -> bool:
    if is_server_url(target):
        return False
    other = Path(target.removeprefix("sqlite:///"))
    return other.exists() and other.resolve() == src.resolve()


def _survey(old: SchemaOneFile) -> tuple[V1Status, set[int]]:
    """Verify the whole old chain; and which seqs old sign-offs signed as their head (recorded in the markers)."""
    chain, wanted = V1Chain(), set()
    for row in old.rows():
        chain.feed(row)
        if row.type == "score_signed_off":
            wanted.add(int(json.loads(row.payload)["head_seq"]))
    return chain.status(), wanted


# -- building the new ledger ------------------------------------------------------------------------------


def _into_file(
    old: SchemaOneFile, status: V1Status, wanted: set[int], final: Path, backup: Path | None,
    buyer: trust.Signer, actor: str, progress: Callable[[int, int], None] | None,
) -> UpgradeResult:  # fmt: skip
    """Build beside the final file, verify, then rename into place (keeping the old file first when in place)."""
    if backup is None and (final.exists() or final.is_symlink()):
        raise LedgerError(msg("upgrade.final_exists", final=final))
    tmp = final.with_name(f".{final.name}.upgrading")
    _remove_sqlite(tmp)  # a leftover of an interrupted run: never a ledger anyone uses
    try:
        dst = Ledger(tmp, create=True)
        try:
            moves = _write(old, status, wanted, dst, buyer, actor, progress)
        finally:
            dst.close()
        new = _check(Ledger(tmp), status, moves, msg("upgrade.new_ledger", where=final))
        if Path(f"{tmp}-wal").exists() and Path(f"{tmp}-wal").stat().st_size:
            raise LedgerError(msg("upgrade.wal_left", tmp=tmp))
        copied, missing = (0, []) if backup is not None else _copy_blobs(old.path, blobs.store_dir(final))
        if old.head() != (status.head_seq, status.head_hash):
            raise LedgerError(msg("upgrade.changed", path=old.path))
        if backup is not None:
            old.close()
            settle(old.path)  # its WAL folded in: the file alone is the old ledger, and no -wal outlives it
            try:
                os.link(old.path, backup)
            except OSError:
                shutil.copy2(old.path, backup)
        os.replace(tmp, final)
    except BaseException:
        _remove_sqlite(tmp)
        raise
    target = str(final)
    return UpgradeResult(str(old.path), target, backup, status, new, moves, buyer.public_hex, copied, missing)


def _into_server(
    old: SchemaOneFile, status: V1Status, wanted: set[int], url: str, buyer: trust.Signer, actor: str,
    progress: Callable[[int, int], None] | None,
) -> UpgradeResult:  # fmt: skip
    """Into a new, empty PostgreSQL ledger, in one transaction (a failure leaves it empty)."""
    dst = Ledger(url, create=True)
    try:
        last = dst.store.last()
        if last is not None:
            raise LedgerError(msg("upgrade.target_not_empty", url=dst.url, seq=last.seq))
        moves = _write(old, status, wanted, dst, buyer, actor, progress)
        new = _check(dst, status, moves, msg("upgrade.new_ledger", where=dst.url), close=False)
        copied, missing = _copy_blobs(old.path, None, dst)
        return UpgradeResult(
            str(old.path), dst.url, None, status, new, moves, buyer.public_hex, copied, missing
        )
    finally:
        dst.close()


def _write(
    old: SchemaOneFile, status: V1Status, wanted: set[int], dst: Ledger, buyer: trust.Signer, actor: str,
    progress: Callable[[int, int], None] | None,
) -> dict[str, SiteMove]:  # fmt: skip
    """Every old event re-chained per site, then one signed ledger_migrated per site: one transaction."""
    moves: dict[str, SiteMove] = {}
    heads: dict[str, Head] = {}
    head_hashes: dict[int, str] = {}
    again = V1Chain()  # the rows read now are the rows verified before: checked again as they go by
    done = 0
    with dst.store.write() as tx:
        chunk: list[Event] = []
        for row in old.rows(upto_seq=status.head_seq):
            again.feed(row)
            if row.seq in wanted:
                head_hashes[row.seq] = row.hash
            event = _rechain(row, heads.get(row.site, Head()))
            heads[row.site] = Head(event.site_seq, event.hash, event.recorded_at, event.seq)
            _note(moves.setdefault(row.site, SiteMove(row.site)), row, event)
            chunk.append(event)
            if len(chunk) == CHUNK:
                tx.copy(chunk)
                done += len(chunk)
                chunk = []
                if progress:
                    progress(done, status.count)
        if again.status() != status:
            raise LedgerError(msg("upgrade.changed", path=old.path))
        markers = []
        recorded_at, today = format_instant(now()), now().date().isoformat()
        for i, site in enumerate(sorted(moves)):
            marker = _marker(moves[site], status, head_hashes, heads[site], status.head_seq + 1 + i,
                             recorded_at, today, buyer, actor)  # fmt: skip
            moves[site].head = Head(marker.site_seq, marker.hash, marker.recorded_at, marker.seq)
            markers.append(marker)
        tx.copy([*chunk, *markers])
        if progress:
            progress(status.count, status.count)
    return moves


def _rechain(row: V1Row, head: Head) -> Event:
    """A schema-1 row as the next event of its site's chain, every recorded value kept."""
    recorded = json.loads(row.payload)
    try:  # what this opsledger cannot read is refused, not carried over blind
        payload = validate_payload(row.type, recorded)
    except LedgerError as err:
        raise LedgerError(msg("upgrade.unreadable", seq=row.seq, error=err)) from None
    if row.type == "correction":  # its changes were validated against its target when it was recorded
        payload = recorded
    for name, value in recorded.items():
        if payload.get(name, ...) != value:
            raise LedgerError(msg("upgrade.reads_differently", seq=row.seq, type=row.type, name=name,
                                  read=repr(payload.get(name)), value=repr(value)))  # fmt: skip
    event = Event(
        seq=row.seq, id=row.id, type=row.type, version=row.version, site=row.site, occurred_at=row.occurred_at,
        recorded_at=row.recorded_at, actor=row.actor, payload=payload,
        evidence=() if row.evidence == "[]" else tuple(json.loads(row.evidence)),
        idempotency_key=row.idempotency_key, site_seq=head.site_seq + 1, prev_hash=head.hash,
    )  # fmt: skip
    if event.site_seq == 1 and row.type != "site_registered":
        raise LedgerError(msg("upgrade.unregistered", seq=row.seq, site=repr(row.site)))
    return event.replace(hash=event_hash(event.body()))


def _note(move: SiteMove, row: V1Row, event: Event) -> None:
    move.old_events += 1
    move.old_first_seq = move.old_first_seq or row.seq
    move.old_last_seq, move.old_last_hash = row.seq, row.hash
    if row.type == "assessor_key_registered" and event.actor == event.payload["actor"]:
        move.legacy_keys.setdefault(event.actor, event.payload["public_key"])  # schema 1 trusted the first
    elif row.type == "score_signed_off":
        p = event.payload
        move.signoffs.append({
            "seq": row.seq, "hash": row.hash, "actor": row.actor, "public_key": move.legacy_keys.get(row.actor),
            "head_seq": int(p["head_seq"]), "head_hash": p["head_hash"], "signature": p["signature"],
        })  # fmt: skip


def _marker(
    move: SiteMove, status: V1Status, head_hashes: dict[int, str], head: Head, seq: int, recorded_at: str,
    today: str, buyer: trust.Signer, actor: str,
) -> Event:  # fmt: skip
    """The site's ledger_migrated event, signed by the buyer (whose key it names)."""
    payload = validate_payload("ledger_migrated", {
        "from_schema": 1, "to_schema": 2, "old_head_seq": status.head_seq, "old_head_hash": status.head_hash,
        # the hash the verified old chain has at each head a sign-off signed (compare with what it signed)
        "signed_heads": {str(s["head_seq"]): head_hashes.get(s["head_seq"], GENESIS) for s in move.signoffs},
        "buyer_key": buyer.public_hex, "old_events": move.old_events, "old_first_seq": move.old_first_seq,
        "old_last_seq": move.old_last_seq, "old_site_head_hash": move.old_last_hash, "signoffs": move.signoffs,
    })  # fmt: skip
    event = Event(
        seq=seq, id=uuid4().hex, type="ledger_migrated", version=1, site=move.site, occurred_at=today,
        recorded_at=recorded_at, actor=actor, payload=payload, site_seq=head.site_seq + 1, prev_hash=head.hash,
    )  # fmt: skip
    signed = trust.sign(event, buyer)
    return signed.replace(hash=event_hash(signed.body()))


def _check(
    dst: Ledger, status: V1Status, moves: dict[str, SiteMove], what: Message, close: bool = True
) -> ChainStatus:
    """The new chains verify (hashes and signatures) and end at the markers."""
    try:
        try:
            new = dst.verify()
        except LedgerError as err:
            raise LedgerError(msg("upgrade.check_fails", what=what, error=err)) from None
        heads = {site: (m.head.site_seq, m.head.hash) for site, m in moves.items()}
        if {site: (h.site_seq, h.hash) for site, h in new.sites.items()} != heads:
            raise LedgerError(msg("upgrade.check_heads", what=what))
        return new
    finally:
        if close:
            dst.close()


def _copy_blobs(src: Path, root: Path | None, dst: Ledger | None = None) -> tuple[int, list[str]]:
    """Evidence files the events reference, from beside the old file into the new ledger's store (`dst`) or the
    evidence directory `root` of a new file."""
    old_root = blobs.store_dir(src)
    copied, missing = 0, []
    for sha in sorted(_referenced(src)):
        if blobs.check(old_root, sha) != "stored":
            missing.append(sha)  # never stored beside the old file (kept elsewhere), or corrupt
            continue
        path = blobs.blob_path(old_root, sha)
        got = dst.store.blob_put(path) if dst is not None else blobs.put(root or old_root, path)
        if got != sha:
            raise LedgerError(msg("migrate.blob_changed", sha=sha[:12]))
        copied += 1
    return copied, missing


def _referenced(src: Path) -> Iterator[str]:
    old = SchemaOneFile(src)
    try:
        seen: set[str] = set()
        for row in old.rows():
            for ref in json.loads(row.evidence):
                seen.add(ref["sha256"])
            if row.type == "evidence_attached":
                seen.add(json.loads(row.payload)["sha256"])
        yield from seen
    finally:
        old.close()


def _remove_sqlite(path: Path) -> None:
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        leftover.unlink(missing_ok=True)
