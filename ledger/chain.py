"""Verifying hash chains: pure functions over events in chain order, used for a store and for a bundle alike."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

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
    trust: dict[str, Any] = field(default_factory=dict)  # site -> ledger.trust.SiteTrust (roots, legacy acts)


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


def normalise_fingerprint(text: str) -> str:
    """A trusted key as typed: a fingerprint with or without colons, or the 64-hex public key."""
    return text.strip().lower().replace(":", "")


def is_trusted(public_hex: str | None, trusted: list[str]) -> bool:
    from ledger.keys import fingerprint

    if not public_hex:
        return False
    wanted = {normalise_fingerprint(t) for t in trusted}
    return public_hex in wanted or fingerprint(public_hex).replace(":", "") in wanted


def check_trusted(status: ChainStatus, trusted: list[str]) -> None:
    """LedgerError unless every verified site's root (the buyer's key) is one of the trusted keys."""
    for site, checked in sorted(status.trust.items()):
        root = checked.authority.root
        if not is_trusted(root, trusted):
            got = checked.authority.fingerprint or "no buyer key (no signed contract)"
            raise LedgerError(f"site {site}: its chain is rooted in {got}, which is not a trusted key")


def status_lines(status: ChainStatus) -> list[str]:
    """What `opsledger verify` prints: the totals, then each site's head and the buyer key it is rooted in."""
    n = len(status.sites)
    lines = [
        f"ok: {status.count} events, head seq {status.head_seq}, head hash {status.head_hash}; "
        f"{n} site chain{'s' if n != 1 else ''}:"
    ]
    for site, head in sorted(status.sites.items()):
        checked = status.trust.get(site)
        root = checked.authority.fingerprint if checked else None
        line = f"  {site}: #{head.site_seq} {head.hash}"
        line += f"; buyer key {root}" if root else "; no buyer key yet (no signed contract)"
        if checked and checked.signed:
            line += f"; {checked.signed} signed act{'s' if checked.signed != 1 else ''} verified"
        lines.append(line)
        if checked and checked.legacy_unsigned:
            lines.append(f"    note: {len(checked.legacy_unsigned)} act(s) recorded under schema 1 carry no signature "
                         f"(before the migration; seq {checked.legacy_unsigned[0]}...)")  # fmt: skip
    return lines
