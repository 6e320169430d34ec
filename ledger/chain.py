"""Verifying hash chains: pure functions over events in chain order (a store's, a bundle's) and over a store's rows
in seq order (verify's one pass, `scan`)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ledger.backends.rows import row_event
from ledger.envelope import GENESIS, Event, event_hash, stored_text
from ledger.errors import LedgerError
from ledger.messages import msg
from ledger.store import Head
from ledger.trust import READ_TYPES, SiteTrust


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
        if head.site_seq == 0 and not whole:
            expected, head = e.site_seq, Head(e.site_seq - 1, e.prev_hash)
        if (
            e.site != site
            or e.site_seq != expected
            or (e.site_seq == 1 and e.type != "site_registered")
            or e.prev_hash != head.hash
            or (e.site_seq == 1 and e.prev_hash != GENESIS)
            or event_hash(e.body()) != e.hash
            or e.seq <= last_seq
        ):
            _broken(site, e, expected, head, last_seq)  # the message is built only for a broken chain
        head, expected, last_seq = Head(e.site_seq, e.hash, e.recorded_at, e.seq), expected + 1, e.seq
    return head


def _broken(site: str, e: Event, expected: int, head: Head, last_seq: int) -> None:
    """Raise the LedgerError naming what is wrong with `e`, the checks in verify_site's order."""
    where = msg("chain.where", site=site, n=e.site_seq)
    if e.site != site:
        raise LedgerError(msg("chain.wrong_site", seq=e.seq, where=where, site=e.site, expected=site))
    if e.site_seq != expected:
        raise LedgerError(msg("chain.missing", seq=e.seq, where=where, expected=expected))
    if e.site_seq == 1 and e.type != "site_registered":
        raise LedgerError(msg("chain.first", seq=e.seq, where=where, type=e.type))
    if e.prev_hash != head.hash or (e.site_seq == 1 and e.prev_hash != GENESIS):
        raise LedgerError(msg("chain.prev", seq=e.seq, where=where, prev=e.site_seq - 1))
    if event_hash(e.body()) != e.hash:
        raise LedgerError(msg("chain.hash", seq=e.seq, where=where))
    raise LedgerError(msg("chain.reordered", seq=e.seq, where=where, prev=e.site_seq - 1, last=last_seq))


def scan(
    rows: Iterable[Sequence[Any]], trust_for: Callable[[str], SiteTrust], upto_seq: int | None = None
) -> dict[str, Head] | None:
    """Every site's chain checked in ONE pass over the stored rows in global seq order (the store's `rows`):
    each site's head is kept as its rows go by. None at the first row that is not as it should be, without
    saying what: `verify_site` over that site's chain then names it, so a broken ledger costs a second reading
    and an intact one is read once, table order, nothing decoded that nothing needs.

    It proves what `verify_site` over each site's chain proves, row for row:
    * each site's rows, in seq order, are its #1, #2, ... (so chain order and seq order agree: nothing
      reordered, nothing missing), #1 a site_registered whose prev_hash is GENESIS, each prev_hash the hash
      before it;
    * every hash recomputed from what is stored: the stored payload and evidence text is hashed as it is (it
      is the canonical JSON the appender hashed; a row edited after it no longer matches). A row whose text is
      not that (never written by a store) is decoded and re-encoded canonically, as `Event.body` does;
    * the derived occurred_on equals the hashed occurred_at's date, for every row (as `chain` checks each
      row it reads, one past `upto_seq` included: this checks them all, so it refuses a little more and the
      per-site reading has the last word);
    * every signature rule (ledger/trust.py): each site's SiteTrust is fed every event whose type or
      signature it reads (READ_TYPES, or signed), in chain order; the others leave it as it was, so they are not
      decoded at all.
    Any exception (a column of an unexpected type, an undecodable payload, a refused signature) is the caller's
    cue to read the per-site way, which reports it as it always has.
    """
    sha256 = hashlib.sha256
    heads: dict[str, tuple[int, str, str, int]] = {}  # site -> (site_seq, hash, recorded_at, seq)
    later: set[str] = set()  # sites with rows after upto_seq
    start = (0, GENESIS, "", 0)
    for row in rows:
        (seq, site, n, eid, etype, version, occurred_at, occurred_on, covers, recorded_at, actor, key, signer,
         signature, payload, evidence, prev_hash, digest) = row  # fmt: skip
        if occurred_on != occurred_at[:10]:
            return None
        if upto_seq is not None and seq > upto_seq:
            later.add(site)
            continue
        last = heads.get(site, start)
        if n != last[0] + 1 or prev_hash != last[1] or (n == 1 and etype != "site_registered"):
            return None
        text = stored_text(site, n, eid, etype, version, occurred_at, covers, recorded_at, actor, key, signer,
                           signature, prev_hash, payload, evidence)  # fmt: skip
        if sha256(text.encode()).hexdigest() != digest:
            event = row_event(row)
            if event_hash(event.body()) != digest:
                return None
        if signature is not None or etype in READ_TYPES:
            trust_for(site).feed(row_event(row))
        heads[site] = (n, digest, recorded_at, seq)
    for site in later.union(heads):
        trust_for(
            site
        )  # every site read has its trust state, whether or not it was fed (the caller lists them)
    return {site: Head(*h) for site, h in heads.items()}


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
