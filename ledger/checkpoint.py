"""Checkpoints the buyer keeps: a signed statement of how long a site's chain was and how it ended, at a time.

Whoever holds the database can rewrite a chain's tail and re-hash it, or cut events off its end: nothing inside
the file can show that. A checkpoint kept outside the operator's reach can. It has the shape of a transparency
log checkpoint (C2SP tlog-checkpoint, a C2SP signed note), so it is a few lines of text anyone can read, store,
mail or print:

    opsledger/px-market                                       origin: this ledger format and the site
    3002                                                      the chain's length (its head's site_seq)
    1m6tCM2q5WRvb4zgPnV7oZ6vX8tUkb3fv+I3g8Ui0pk=              the head's hash (base64 of its 32 bytes)
    time 2026-07-05T10:00:00.000000+08:00                     extension line: when it was made
                                                              (blank line)
    — city-hrss 3dd5qR2k...                                   em dash, key name, base64(key ID || signature)

One difference from a transparency log: the third line is not a Merkle root but the hash of the chain's last
event, which covers the previous event's hash and so the whole chain before it (ledger/envelope.py); proving
that a ledger still holds a checkpointed prefix therefore means recomputing the chain up to it, not an
inclusion proof. The signature is Ed25519 over the note text (every line up to and including the time line's
newline); the key ID is the first four bytes of SHA-256(key name || 0x0A || 0x01 || public key), as the
signed-note specification recommends, so a verifier finds the signing key among those it knows by name and ID.

Who may sign: the site's buyer key (its root of trust, ledger/trust.py) or a key the buyer delegated to an
assessor on that site, as the chain stands at the checkpointed head. A checkpoint signed by any other key
proves nothing and is refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ledger import keys, limits
from ledger.chain import is_trusted, verify_site
from ledger.envelope import format_instant, now, parse_instant
from ledger.errors import LedgerError
from ledger.messages import Message, msg, os_reason
from ledger.store import EventStore, Head
from ledger.trust import Authority, Signer, migrated

ORIGIN_PREFIX = "opsledger/"
DASH = "\u2014"
ED25519 = b"\x01"
MAX_BYTES = 16_384  # a note is a few hundred bytes; a file of checkpoints is refused past this per note
_WHERE = msg("ckpt.where")  # a note given without saying where it came from
MAX_SIGNATURES = 16  # the signed-note specification asks verifiers to accept at least 16
_SITE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
_KEY_NAME = re.compile(r"^[^\s+]{1,80}$")
_SIZE = re.compile(r"^(0|[1-9][0-9]{0,18})$")


@dataclass(frozen=True)
class Checkpoint:
    """What a checkpoint states: a site's chain had `size` events ending in `head_hash`, at `time`."""

    site: str
    size: int
    head_hash: str  # 64 hex
    time: str  # recorded_at form (ledger/envelope.py format_instant)

    def text(self) -> str:
        """The note text, as signed."""
        root = base64.b64encode(bytes.fromhex(self.head_hash)).decode("ascii")
        return f"{ORIGIN_PREFIX}{self.site}\n{self.size}\n{root}\ntime {self.time}\n"


@dataclass(frozen=True)
class Signature:
    name: str
    key_id: bytes  # 4 bytes
    value: bytes  # 64 bytes (Ed25519)


@dataclass(frozen=True)
class SignedCheckpoint:
    checkpoint: Checkpoint
    signatures: tuple[Signature, ...]

    def note(self) -> str:
        lines = [
            f"{DASH} {s.name} {base64.b64encode(s.key_id + s.value).decode('ascii')}" for s in self.signatures
        ]
        return self.checkpoint.text() + "\n" + "\n".join(lines) + "\n"


def key_id(name: str, public_hex: str) -> bytes:
    """The signed note's key ID: SHA-256(name || 0x0A || 0x01 || 32-byte public key)[:4]."""
    return hashlib.sha256(name.encode("utf-8") + b"\n" + ED25519 + bytes.fromhex(public_hex)).digest()[:4]


def make(site: str, head: Head, time: str | None = None) -> Checkpoint:
    if head.site_seq < 1:
        raise LedgerError(msg("ckpt.empty", site=repr(site)))
    return Checkpoint(site, head.site_seq, head.hash, time or format_instant(now()))


def sign(checkpoint: Checkpoint, name: str, signer: Signer) -> SignedCheckpoint:
    """The checkpoint signed by `signer` under the key name `name` (the buyer's or assessor's name)."""
    if not _KEY_NAME.match(name):
        raise LedgerError(msg("ckpt.bad_key_name", name=limits.quote(name)))
    signature = bytes.fromhex(signer.sign_bytes(checkpoint.text().encode("utf-8")))
    return SignedCheckpoint(checkpoint, (Signature(name, key_id(name, signer.public_hex), signature),))


# -- reading ------------------------------------------------------------------------------------------------


def parse_file(data: bytes, where: str | Message = _WHERE) -> list[SignedCheckpoint]:
    """Every checkpoint in a file (notes one after another, as `opsledger checkpoint --out FILE` appends them)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise LedgerError(msg("ckpt.not_utf8", where=where)) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")  # an editor's BOM or CRLF line ends, undone
    notes: list[list[str]] = []
    current: list[str] = []
    in_signatures = False
    for line in text.split("\n"):
        if in_signatures and not line.startswith(DASH):
            notes.append(current)
            current, in_signatures = [], False
            if not line:
                continue
        current.append(line)
        in_signatures = in_signatures or (line.startswith(DASH) and len(current) > 1 and current[-2] == "")
    if any(line for line in current):
        notes.append(current)
    if not notes:
        raise LedgerError(msg("ckpt.none_in_file", where=where))
    return [
        parse("\n".join(lines).rstrip("\n") + "\n", msg("ckpt.where_nth", where=where, n=n))
        for n, lines in enumerate(notes, 1)
    ]


def parse(note: str, where: str | Message = _WHERE) -> SignedCheckpoint:
    """One signed checkpoint, strictly: every line as `SignedCheckpoint.note()` writes it, else a LedgerError."""
    if len(note.encode("utf-8")) > MAX_BYTES:
        raise LedgerError(msg("ckpt.too_big", where=where, max=f"{MAX_BYTES:,}"))
    bad = re.search(r"[\x00-\x09\x0b-\x1f\x7f]", note)
    if bad:
        raise LedgerError(msg("ckpt.control_char", where=where, code=f"{ord(bad.group()):04X}"))
    split = note.rfind("\n\n")
    if split < 0:
        raise LedgerError(msg("ckpt.no_blank", where=where))
    body, tail = note[: split + 1], note[split + 2 :]
    lines = body.split("\n")[:-1]
    if len(lines) != 4:
        raise LedgerError(msg("ckpt.line_count", where=where, n=len(lines)))
    origin, size, root, stamp = lines
    if not origin.startswith(ORIGIN_PREFIX) or not _SITE.match(origin.removeprefix(ORIGIN_PREFIX)):
        raise LedgerError(
            msg("ckpt.bad_origin", where=where, origin=limits.quote(origin), prefix=ORIGIN_PREFIX)
        )
    if not _SIZE.match(size) or int(size) < 1:
        raise LedgerError(msg("ckpt.bad_size", where=where, size=limits.quote(size)))
    try:
        raw = base64.b64decode(root, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32 or base64.b64encode(raw).decode("ascii") != root:
        raise LedgerError(msg("ckpt.bad_hash", where=where, root=limits.quote(root)))
    if not stamp.startswith("time "):
        raise LedgerError(msg("ckpt.bad_time_line", where=where, stamp=limits.quote(stamp)))
    try:
        moment = format_instant(parse_instant(stamp.removeprefix("time ")))
    except LedgerError as err:
        raise LedgerError(msg("ckpt.at", where=where, error=err)) from None
    if moment != stamp.removeprefix("time "):
        raise LedgerError(msg("ckpt.time_form", where=where, stamp=limits.quote(stamp)))
    checkpoint = Checkpoint(origin.removeprefix(ORIGIN_PREFIX), int(size), raw.hex(), moment)
    limits.check_seq(checkpoint.size, msg("ckpt.size_of", where=where))
    signatures = [_signature(line, where) for line in tail.split("\n")[:-1]] if tail.endswith("\n") else None
    if not signatures:
        raise LedgerError(msg("ckpt.no_signature", where=where, dash=DASH))
    if len(signatures) > MAX_SIGNATURES:
        raise LedgerError(msg("ckpt.too_many_signatures", where=where, max=MAX_SIGNATURES))
    return SignedCheckpoint(checkpoint, tuple(signatures))


def _signature(line: str, where: str | Message) -> Signature:
    parts = line.split(" ")
    if len(parts) != 3 or parts[0] != DASH or not _KEY_NAME.match(parts[1]):
        raise LedgerError(msg("ckpt.bad_signature_line", where=where, line=limits.quote(line), dash=DASH))
    try:
        raw = base64.b64decode(parts[2], validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 4 + 64:
        raise LedgerError(msg("ckpt.bad_signature", where=where, name=limits.quote(parts[1])))
    return Signature(parts[1], raw[:4], raw[4:])


def signed_by(signed: SignedCheckpoint, candidates: Iterable[str]) -> str | None:
    """The public key (among `candidates`) whose signature on the checkpoint verifies; None if no signature is
    by a candidate key. A signature that names a candidate key (name and key ID) but does not verify is an error:
    the note was altered after it was signed."""
    text = signed.checkpoint.text().encode("utf-8")
    found = None
    for s in signed.signatures:
        for public in candidates:
            if key_id(s.name, public) != s.key_id:
                continue
            if not keys.verify_bytes(public, text, s.value.hex()):
                raise LedgerError(msg("ckpt.altered", site=signed.checkpoint.site, size=signed.checkpoint.size,
                                      name=s.name, fp=keys.fingerprint(public)))  # fmt: skip
            found = found or public
    return found


# -- against a ledger ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proof:
    """A checkpoint the ledger still holds: the chain's prefix up to it is intact and the signer had authority."""

    checkpoint: Checkpoint
    signer: str  # public hex
    role: str  # 'buyer' or 'assessor NAME'
    head: Head  # the site's current head
    root: str | None  # the site's buyer key at the checkpoint

    def line(self) -> str:
        c = self.checkpoint
        since = self.head.site_seq - c.size
        after = msg("ckpt.since", n=since, s="s" if since != 1 else "") if since else ""
        who = self.role.removeprefix("assessor ")
        role = msg("ckpt.role_buyer") if self.role == "buyer" else msg("ckpt.role_assessor", name=who)
        return str(msg("ckpt.proof", site=c.site, size=c.size, hash=c.head_hash[:16], time=c.time, role=role,
                       fp=keys.fingerprint(self.signer), after=after))  # fmt: skip


def prove(store: EventStore, signed: SignedCheckpoint) -> Proof:
    """Check that the store's chain of the checkpoint's site still starts with exactly the checkpointed prefix
    (recomputed, every signature rule re-checked up to it) and that the checkpoint is signed by the site's buyer
    key or a key it had delegated by then. LedgerError naming what differs: a truncation, a rewrite, a forgery."""
    c = signed.checkpoint
    head = store.head(c.site)
    label = msg("ckpt.label", site=c.site, size=c.size, time=c.time)
    if head.site_seq == 0:
        raise LedgerError(msg("ckpt.no_site", label=label, site=repr(c.site)))
    watcher = migrated(store.events(site=c.site, types=["ledger_migrated"]))
    reached = verify_site(c.site, watcher.watch(store.chain(c.site, upto_site_seq=c.size)))
    # The signature first (with the keys the chain knew at the checkpoint, or at its end if it is shorter now):
    # an altered note is named as such, not mistaken for an altered log.
    auth = watcher.authority
    signer = signed_by(signed, _authorised(auth))
    if signer is None:
        names = ", ".join(s.name for s in signed.signatures)
        raise LedgerError(msg("ckpt.unknown_key", label=label, names=names, size=c.size,
                              fp=auth.fingerprint or msg("ckpt.none")))  # fmt: skip
    if reached.site_seq < c.size:
        raise LedgerError(msg("ckpt.truncated", label=label, site=c.site, end=reached.site_seq,
                              first=reached.site_seq + 1, size=c.size))  # fmt: skip
    if reached.hash != c.head_hash:
        raise LedgerError(msg("ckpt.rewritten", label=label, size=c.size, got=reached.hash[:16],
                              signed=c.head_hash[:16]))  # fmt: skip
    role = (
        "buyer"
        if signer == auth.root
        else "assessor " + next(a for a, k in auth.delegated.items() if k == signer)
    )
    return Proof(c, signer, role, head, auth.root)


def _authorised(auth: Authority) -> list[str]:
    return [k for k in (auth.root, *auth.delegated.values()) if k]


def trusted_proof(proof: Proof, trusted: list[str]) -> bool:
    """Whether a proven checkpoint is vouched for by a trusted key: the signer itself, or the buyer key that
    delegated it (the root at the checkpoint)."""
    return is_trusted(proof.signer, trusted) or is_trusted(proof.root, trusted)


def issue(store: EventStore, site: str, name: str, signer: Signer) -> SignedCheckpoint:
    """A checkpoint of the site's chain as it ends now, signed by `signer` (named `name`), after the chain is
    verified up to it and the key is found to be the site's buyer key or one it delegated."""
    signed = sign(make(site, store.head(site)), name, signer)
    try:
        prove(store, signed)
    except LedgerError as err:
        said = err.args[0] if err.args else None
        if isinstance(said, Message) and said.id == "ckpt.unknown_key":
            raise LedgerError(msg("ckpt.not_authorised", name=name, fp=keys.fingerprint(signer.public_hex),
                                  site=site)) from None  # fmt: skip
        raise
    return signed


def signed_head(store: EventStore, head: Head) -> str | None:
    """The key that vouches for a verified chain's head without a checkpoint: the head event is a sign-off whose
    signed head is the event right before it (so its delegated key signed everything up to it). None otherwise."""
    last = store.get(head.seq) if head.seq else None
    if last is None or last.type != "score_signed_off" or last.signer is None:
        return None
    return last.signer if last.payload.get("head_hash") == last.prev_hash else None


def read_files(paths: Iterable[str]) -> list[SignedCheckpoint]:
    """The checkpoints in these files (each file one or more notes)."""
    out: list[SignedCheckpoint] = []
    for path in paths:
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_BYTES * 64 + 1)
        except OSError as err:
            raise LedgerError(
                msg("ckpt.cannot_read", path=limits.quote(path), reason=os_reason(err))
            ) from None
        if len(data) > MAX_BYTES * 64:
            raise LedgerError(msg("ckpt.too_large", path=limits.quote(path)))
        out += parse_file(data, limits.quote(path))
    return out


def attest(store: EventStore, sites: dict[str, Head], proofs: list[Proof], trusted: list[str]) -> list[str]:
    """What `verify --trust-key` adds: for every verified site, the head being checked (the newest checkpoint given
    for it, else its current head) must be signed by a trusted key: the buyer's root, or a key it delegated (a
    checkpoint, or a sign-off that ends the chain). LedgerError for the first site where it is not."""
    newest: dict[str, Proof] = {}
    for p in proofs:
        if p.checkpoint.site not in newest or p.checkpoint.size > newest[p.checkpoint.site].checkpoint.size:
            newest[p.checkpoint.site] = p
    lines = []
    for site, head in sorted(sites.items()):
        proof = newest.get(site)
        if proof is not None:
            if not trusted_proof(proof, trusted):
                raise LedgerError(msg("ckpt.untrusted_checkpoint", site=site, size=proof.checkpoint.size,
                                      fp=keys.fingerprint(proof.signer)))  # fmt: skip
            lines.append(
                str(
                    msg(
                        "ckpt.trusted_checkpoint",
                        site=site,
                        size=proof.checkpoint.size,
                        time=proof.checkpoint.time,
                    )
                )
            )
            continue
        signer = signed_head(store, head)
        if signer is None:
            raise LedgerError(msg("ckpt.untrusted_head", site=site, seq=head.site_seq))
        lines.append(
            str(msg("ckpt.trusted_signoff", site=site, seq=head.site_seq, fp=keys.fingerprint(signer)))
        )
    return lines
