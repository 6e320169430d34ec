"""Verifying hash chains: pure functions over events in chain order, used for a store and for a bundle alike."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ledger.envelope import GENESIS, Event, event_hash
from ledger.errors import LedgerError
from ledger.store import Head


@dataclass(frozen=True)
class ChainStatus:
    """What a verification found intact: how many events, the last global seq and its hash, each site's head."""

    count: int
    head_seq: int
    head_hash: str
    sites: dict[str, Head] = field(default_factory=dict)


def verify_site(
    site: str, chain: Iterable[Event], upto_seq: int | None = None, *, whole: bool = True
) -> Head:
    """Recompute a site's chain from its first event; LedgerError naming the first bad event.

    `whole=False` accepts a chain that starts later than #1 (a bundle's segment after a checkpoint): the first
    event's prev_hash is then taken on trust, to be compared with the checkpoint by the caller.
    """
    head = Head()
    expected = 1
    last_seq = 0
    for e in chain:
        if upto_seq is not None and e.seq > upto_seq:
            break
        where = f"site {site} #{e.site_seq}"
        if e.site != site:
            raise LedgerError(f"seq {e.seq} ({where}): belongs to site {e.site!r}, not {site!r}")
        if head.site_seq == 0 and not whole:
            expected, head = e.site_seq, Head(e.site_seq - 1, e.prev_hash)
        if e.site_seq != expected:
            raise LedgerError(
                f"chain broken at seq {e.seq} (site {site} #{e.site_seq}): #{expected} is missing before it"
            )
        if e.site_seq == 1 and e.type != "site_registered":
            raise LedgerError(
                f"seq {e.seq} ({where}): a site's chain starts with its site_registered event, not {e.type}"
            )
        if e.prev_hash != head.hash or (e.site_seq == 1 and e.prev_hash != GENESIS):
            raise LedgerError(
                f"chain broken at seq {e.seq} ({where}): prev_hash does not match #{e.site_seq - 1}"
            )
        if event_hash(e.body()) != e.hash:
            raise LedgerError(f"chain broken at seq {e.seq} ({where}): its content does not match its hash")
        if e.seq <= last_seq:
            raise LedgerError(
                f"seq {e.seq} ({where}): not after #{e.site_seq - 1}'s seq {last_seq}: rows were reordered"
            )
        head, expected, last_seq = Head(e.site_seq, e.hash, e.recorded_at, e.seq), expected + 1, e.seq
    return head
