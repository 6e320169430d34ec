"""What `opsledger migrate` hands its user once a schema-1 ledger is rechained (ledger/upgrade.py): the buyer's
signed checkpoints of the new heads, and the lines it prints."""

from __future__ import annotations

from pathlib import Path

from ledger import keys, trust
from ledger.errors import LedgerError
from ledger.ledger import Ledger
from ledger.messages import Message, msg, os_reason
from ledger.store import is_server_url
from ledger.upgrade import UpgradeResult


def checkpoints_path(result: UpgradeResult) -> Path:
    """Where the buyer's checkpoints of the new heads go by default: beside the new file (`park-checkpoints.txt`),
    or `migrated-checkpoints.txt` here for a server ledger (as `opsledger demo` does)."""
    if is_server_url(result.target):
        return Path("migrated-checkpoints.txt")
    target = Path(result.target)
    return target.with_name(target.stem + "-checkpoints.txt")


def write_checkpoints(result: UpgradeResult, name: str, buyer: trust.Signer, path: Path) -> int:
    """Append the buyer-signed checkpoint of every migrated site's new head (its ledger_migrated event) to `path`:
    what `verify --trust-key FP --against FILE` needs to vouch for heads no sign-off ends. Returns how many."""
    from ledger import checkpoint

    ledger = Ledger(result.target)
    try:
        notes = [checkpoint.issue(ledger.store, site, name, buyer).note() for site in sorted(result.sites)]
    finally:
        ledger.close()
    try:
        with path.open("a", encoding="utf-8", newline="\n") as handle:
            handle.write("".join(notes))
    except OSError as err:
        raise LedgerError(
            msg("upgrade.checkpoints_unwritten", path=repr(str(path)), reason=os_reason(err))
        ) from None
    return len(notes)


# -- what the command prints -----------------------------------------------------------------------------


def upgrade_text(result: UpgradeResult, buyer_name: str) -> list[str]:
    o, n = result.old, result.new
    fp = keys.fingerprint(result.buyer_key)
    many = "s" if len(result.sites) != 1 else ""
    said: list[Message] = [
        msg("upgrade.v1_ok", count=o.count, seq=o.head_seq, hash=o.head_hash),
        msg("upgrade.rechained", n=len(result.sites), s=many, buyer=buyer_name, fp=fp)
        if result.sites
        else msg("upgrade.nothing_rechained"),
    ]
    lines = [str(m) for m in said]
    for site, m in sorted(result.sites.items()):
        line = str(msg("upgrade.site", site=site, first=m.old_first_seq, last=m.old_last_seq, n=m.old_events,
                       site_seq=m.head.site_seq, hash=m.head.hash))  # fmt: skip
        if m.signoffs:
            line += str(
                msg("upgrade.site_signoffs", n=len(m.signoffs), s="s" if len(m.signoffs) != 1 else "")
            )
        lines.append(line)
    lines.append(str(msg("upgrade.v2_ok", count=n.count, seq=n.head_seq, hash=n.head_hash)))
    legacy = sum(len(t.legacy_unsigned) for t in n.trust.values())
    if legacy:
        lines.append(str(msg("upgrade.legacy", n=legacy)))
    for site, m in sorted(result.sites.items()):
        for who, key in sorted(m.legacy_keys.items()):
            lines.append(str(msg("upgrade.legacy_key", who=who, fp=keys.fingerprint(key), site=site)))
    if result.blobs or result.blobs_missing:
        missing = msg("upgrade.blobs_missing", n=len(result.blobs_missing)) if result.blobs_missing else ""
        lines.append(str(msg("upgrade.blobs", n=result.blobs, missing=missing)))
    if result.backup is not None:
        lines.append(str(msg("upgrade.in_place", target=result.target, backup=result.backup)))
    else:
        lines.append(str(msg("upgrade.wrote", target=result.target, source=result.source)))
    return lines
