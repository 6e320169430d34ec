"""Verifying hash chains: pure functions over events in chain order, used for a store and for a bundle alike."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ledger.envelope import GENESIS, Event, event_hash
from ledger.errors import LedgerError
from ledger.messages import msg
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
        where = msg("chain.where", site=site, n=e.site_seq)
        if e.site != site:
            raise LedgerError(msg("chain.wrong_site", seq=e.seq, where=where, site=e.site, expected=site))
        if head.site_seq == 0 and not whole:
            expected, head = e.site_seq, Head(e.site_seq - 1, e.prev_hash)
        if e.site_seq != expected:
            raise LedgerError(msg("chain.missing", seq=e.seq, where=where, expected=expected))
        if e.site_seq == 1 and e.type != "site_registered":
            raise LedgerError(msg("chain.first", seq=e.seq, where=where, type=e.type))
        if e.prev_hash != head.hash or (e.site_seq == 1 and e.prev_hash != GENESIS):
            raise LedgerError(msg("chain.prev", seq=e.seq, where=where, prev=e.site_seq - 1))
        if event_hash(e.body()) != e.hash:
            raise LedgerError(msg("chain.hash", seq=e.seq, where=where))
        if e.seq <= last_seq:
            raise LedgerError(
                msg("chain.reordered", seq=e.seq, where=where, prev=e.site_seq - 1, last=last_seq)
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
            got = checked.authority.fingerprint or msg("chain.no_root")
            raise LedgerError(msg("chain.untrusted", site=site, got=got))


def status_lines(status: ChainStatus) -> list[str]:
    """What `opsledger verify` prints: the totals, then each site's head and the buyer key it is rooted in."""
    n = len(status.sites)
    lines = [
        str(msg("verify.ok", count=status.count, seq=status.head_seq, hash=status.head_hash, n=n,
                s="s" if n != 1 else ""))
    ]  # fmt: skip
    for site, head in sorted(status.sites.items()):
        checked = status.trust.get(site)
        root = checked.authority.fingerprint if checked else None
        line = str(msg("verify.site", site=site, n=head.site_seq, hash=head.hash))
        line += str(msg("verify.root", fp=root) if root else msg("verify.no_root"))
        if checked and checked.signed:
            line += str(msg("verify.signed", n=checked.signed, s="s" if checked.signed != 1 else ""))
        lines.append(line)
        if checked and checked.legacy_unsigned:
            lines.append(
                str(msg("verify.legacy", n=len(checked.legacy_unsigned), first=checked.legacy_unsigned[0]))
            )
    return lines
