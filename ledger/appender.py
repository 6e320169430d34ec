"""Turning drafts into chained rows: every domain rule of writing, the same on every backend.

The appender opens one write session on the store, locks the sites it writes, reads the small state model
(sites, roles, keys) and each site's head, and checks each draft: duplicates (same idempotency key or id: the
same content is a duplicate, different content a conflict), registered site, payload against its model,
correction/retraction targets, roles. Only then does it compute the row (site_seq, prev_hash, hash) and hand it
to the store, whose one rule is that the row continues its site's chain. A failure anywhere rolls the whole
batch back.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from ledger import trust
from ledger.aliases import resolve_payload
from ledger.catalog_index import ASSESSOR_ONLY_TYPES, META_TYPES
from ledger.catalog_index import version as type_version
from ledger.envelope import (
    Draft,
    Event,
    canonical_bytes,
    canonical_json,
    event_hash,
    format_instant,
    normalise_occurred,
    now,
    stored_text,
)
from ledger.errors import DuplicateEvent, LedgerError
from ledger.messages import msg
from ledger.payloads import validate_payload
from ledger.record import Record
from ledger.roles import ALL_SITES
from ledger.state import STATE_TYPES, State
from ledger.store import EventStore, Head, WriteSession

BATCH = 1000


class AppendResult(Record):
    added: int
    duplicates: int
    first_seq: int | None
    last_seq: int | None
    head_hash: str  # the hash of the last event appended ('' when nothing was)
    events: tuple[Event, ...] = ()  # the stored events, when the caller asked to keep them


Numbered = tuple[int, Draft]
# A numbered draft whose payload was already validated where the file was read (ledger/importer.py `checked`, a
# worker process): the validated payload and its canonical JSON, or the error its validation raised, which is
# raised here, at its line, in the order the checks below have always run in.
Checked = tuple[dict[str, Any], str] | LedgerError
# A check of the layers above (the scheme in force for an assessor's act), run on each draft after the ledger's
# own checks, with the state as it stands inside the batch (contracts and grants earlier in the same file count).
Check = Callable[[Draft, dict[str, Any], State], None]


class Appender:
    """Appends drafts to a store under the ledger's rules."""

    def __init__(self, store: EventStore, clock: Callable[[], Any] = now) -> None:
        self.store = store
        self.clock = clock

    def append(self, draft: Draft, keys: trust.Keyring | None = None, check: Check | None = None) -> Event:
        """One event; DuplicateEvent if it is already stored (same id or key, same content)."""
        result = self._write(
            [(None, [(0, draft)])], None, True, False, False, keys, check, sites=(draft.site,)
        )
        return result.events[0]

    def append_many(
        self,
        drafts: Iterable[Numbered],
        progress: Callable[[int], None] | None = None,
        *,
        keep: bool = False,
        skip_duplicates: bool = True,
        numbered: bool = True,
        keys: trust.Keyring | None = None,
        recorded_at: datetime | None = None,
        check: Check | None = None,
    ) -> AppendResult:
        """(line number, draft) pairs in ONE transaction: any bad line rolls everything back.

        Events already stored (same id or idempotency key, same content) are skipped as duplicates, so
        re-importing adds nothing; the same id or key with other content is refused. Acts that must be signed
        (ledger/trust.py) and come unsigned are signed with the key from `keys` that has authority for them.
        `recorded_at` stamps the batch with that instant instead of the clock's (see `append_history`).
        """
        return self._write([(recorded_at, drafts)], progress, keep, skip_duplicates, numbered, keys, check)

    def append_history(
        self,
        days: Iterable[tuple[datetime, Iterable[Numbered]]],
        progress: Callable[[int], None] | None = None,
        *,
        keys: trust.Keyring | None = None,
    ) -> AppendResult:
        """Batches of (line number, draft) pairs, each stamped with its own recorded_at instead of the clock's,
        in ONE transaction: a history built forwards, the same as appending each batch with the clock set to
        its instant, at the cost of one commit. The instants may not go back along a site's chain.

        It exists to build a history: `opsledger demo` writes its year morning by morning, and tests build
        ledgers as they stood on past dates. No command or page passes a user's value here: an event a user
        writes is always stamped by the clock.
        """
        return self._write(days, progress, False, True, True, keys, None)

    def _write(
        self,
        days: Iterable[tuple[datetime | None, Iterable[Numbered]]],
        progress: Callable[[int], None] | None,
        keep: bool,
        skip_duplicates: bool,
        numbered: bool,
        keys: trust.Keyring | None,
        check: Check | None,
        sites: tuple[str, ...] | None = None,
    ) -> AppendResult:
        stamps: dict[datetime, str] = {}
        with self.store.write() as tx:
            # `is None`, not `or`: asking a KeysDir its length loads every key file it names and the
            # cryptography library, which an operator's unsigned event never needs.
            batch = _Batch(tx, self._state(sites), self.clock, skip_duplicates, {} if keys is None else keys,
                           site_names=lambda: sorted(self.store.heads()))  # fmt: skip
            batch.check = check
            stream = ((instant, pair) for instant, drafts in days for pair in drafts)
            while True:
                chunk, error = _take(stream, BATCH)
                batch.prefetch([row[1] for _, row in chunk])
                for instant, row in chunk:
                    line, draft = row[0], row[1]
                    if instant is not None and instant not in stamps:
                        stamps[instant] = format_instant(instant)
                    batch.given = None if instant is None else stamps[instant]
                    try:
                        batch.add(draft, row[2] if len(row) > 2 else None)  # type: ignore[misc]
                    except DuplicateEvent:
                        raise
                    except LedgerError as err:
                        raise (
                            LedgerError(msg("at.line", line=line, error=err)) if numbered else err
                        ) from None
                    if progress and (batch.added + batch.duplicates) % BATCH == 0:
                        progress(batch.added + batch.duplicates)
                batch.flush(keep)
                if error is not None:
                    raise error
                if len(chunk) < BATCH:
                    break
        return batch.result()

    def _state(self, sites: tuple[str, ...] | None) -> State:
        """The state the checks read, folded from state events: every site's for a batch that may hold any site,
        only the named sites' (and grants to all sites) for one event. What an event is checked against is its
        own site's registration, roles, contracts and keys, so one `log` reads its site's few state events, not
        every site's: its cost does not grow with the number of sites a city contracts (issue 15)."""
        if sites is None:
            return State.fold(self.store.events(types=STATE_TYPES))
        return State.fold(self.store.events(types=STATE_TYPES, sites=[*sites, ALL_SITES]))


Stamped = tuple[datetime | None, Numbered]  # a numbered draft and the recorded_at it gets (None: the clock's)


def _take(stream: Iterator[Stamped], n: int) -> tuple[list[Stamped], Exception | None]:
    """Up to n items from the stream, and the error that stopped it early (raised after the lines before it)."""
    chunk: list[Stamped] = []
    try:
        for item in stream:
            chunk.append(item)
            if len(chunk) == n:
                break
    except Exception as err:  # noqa: BLE001 - handed back, raised after the lines read before it
        return chunk, err
    return chunk, None


def same_content(stored: Event, draft: Draft, payload: dict[str, Any]) -> bool:
    """Whether a draft says what a stored event says (who typed it and when it was recorded aside)."""
    if (stored.type, stored.occurred_at, stored.covers) != (draft.type, draft.occurred_at, draft.covers):
        return False
    if list(stored.evidence) != [e.as_dict() for e in draft.evidence]:
        return False
    if draft.type == "correction":  # the stored changes are the validated subset of what was typed
        keys = ("target", "reason")
        return all(stored.payload.get(k) == payload.get(k) for k in keys) and set(
            stored.payload["changes"]
        ) == set(payload["changes"])
    return canonical_json(stored.payload) == canonical_json(payload)


class _Batch:
    """One write session's staging area: state, heads and the rows not yet handed to the store."""

    def __init__(
        self,
        tx: WriteSession,
        state: State,
        clock: Callable[[], Any],
        skip_duplicates: bool,
        keys: trust.Keyring,
        site_names: Callable[[], list[str]],
    ) -> None:
        self.tx = tx
        self.keys = keys
        self.check: Check | None = None
        # Every registered site, read only for a mistake's "did you mean" (the state may hold this event's site alone).
        self.site_names = site_names
        self.state = state
        self.clock = clock
        self.recorded_at = format_instant(clock())
        self.locked: set[str] = set()
        self.skip_duplicates = skip_duplicates
        self.rows: list[Event] = []
        self.kept: list[Event] = []
        self.heads: dict[str, Head] = {}
        self.staged_ids: dict[tuple[str, str], Event] = {}
        self.staged_keys: dict[tuple[str, str], Event] = {}
        self.stored_ids: dict[tuple[str, str], Event] = {}
        self.stored_keys: dict[tuple[str, str], Event] = {}
        self.looked_up: set[tuple[str, str, str]] = set()
        self.added = self.duplicates = 0
        self.first_seq: int | None = None
        self.last_seq: int | None = None
        self.last_hash = ""
        # The recorded_at a history gives the next draft (append_history), instead of the clock's reading.
        self.given: str | None = None

    # -- lookups --------------------------------------------------------------------------------------------

    def prefetch(self, drafts: list[Draft]) -> None:
        """Look up a chunk's ids and keys per site in one query each, instead of one per event."""
        by_site: dict[str, tuple[list[str], list[str]]] = {}
        for d in drafts:
            ids, keys = by_site.setdefault(d.site, ([], []))
            if d.id is not None and ("id", d.site, d.id) not in self.looked_up:
                ids.append(d.id)
            if d.idempotency_key is not None and ("key", d.site, d.idempotency_key) not in self.looked_up:
                keys.append(d.idempotency_key)
        sites = sorted(by_site)
        self.tx.lock(sites)
        if not self.locked.issuperset(sites):
            # The clock is read again once a new site's lock is held: on PostgreSQL a writer may wait for a
            # site's lock while another appends there at a later instant. Read after the lock, recorded_at
            # keeps increasing along every chain, so an as-of read sees a prefix of each.
            # (A history's drafts carry their own instants in `given`, which this never overrides.)
            self.locked.update(sites)
            self.recorded_at = format_instant(self.clock())
        wanted = {site: pair for site, pair in by_site.items() if pair[0] or pair[1]}
        if wanted:
            found_ids, found_keys = self.tx.find_many(wanted)
            self.stored_ids.update(found_ids)
            self.stored_keys.update(found_keys)
        for site, (ids, keys) in wanted.items():
            self.looked_up.update(("id", site, i) for i in ids)
            self.looked_up.update(("key", site, k) for k in keys)

    def _stored(self, kind: str, site: str, value: str) -> Event | None:
        table = self.stored_ids if kind == "id" else self.stored_keys
        if (kind, site, value) not in self.looked_up:
            ids, keys = ([value], []) if kind == "id" else ([], [value])
            found_ids, found_keys = self.tx.find(site, ids, keys)
            table.update({(site, v): e for v, e in (found_ids if kind == "id" else found_keys).items()})
            self.looked_up.add((kind, site, value))
        return table.get((site, value))

    def _known(self, site: str, event_id: str) -> Event | None:
        return self.staged_ids.get((site, event_id)) or self.tx.get_by_id(event_id, site)

    # -- checks ---------------------------------------------------------------------------------------------

    def add(self, draft: Draft, checked: Checked | None = None) -> None:
        if draft.type == "ledger_migrated":  # its chain position means "everything before came from schema 1"
            raise LedgerError(msg("append.migrated_only"))
        if checked is None:
            payload = validate_payload(draft.type, draft.payload)
            payload_json = None
        elif isinstance(checked, LedgerError):
            raise checked
        else:
            payload, payload_json = checked
        if self._duplicate(draft, payload):
            return
        self._check_site(draft)
        payload, target, inner = self._check_target(draft, payload)
        if draft.type in META_TYPES:
            payload_json = None  # a correction's changes are stored validated: another payload than was read
        self.state.roles.check(draft.type, draft.actor, draft.site)
        if self.check is not None:
            self.check(draft, payload, self.state)
        who = trust.required(draft.type, payload, target, inner)
        if who is None and draft.signature is None and draft.type != "assessor_key_registered":
            # Nothing to sign or check (trust.check passes an unsigned event nobody must sign, but for that
            # refused type): the event is built once, with its hash.
            self._stage(self._event(draft, payload, payload_json, hashed=True))
            return
        event = self._event(draft, payload, payload_json)
        if who is not None and event.signature is None:
            event = self._sign(event, who)
        trust.check(event, who, self.state.trust(draft.site))
        self._stage(_with_hash(event))

    def _sign(self, event: Event, who: str) -> Event:
        want = trust.expected_key(who, event.type, event.payload, event.actor, self.state.trust(event.site))
        signer = self.keys.get(want)
        if signer is None:
            which = "sign.not_at_hand.buyer" if who == trust.BUYER else "sign.not_at_hand.assessor"
            raise LedgerError(msg(which, type=event.type, fp=keys_fingerprint(want)))
        return trust.sign(event, signer)

    def _duplicate(self, draft: Draft, payload: dict[str, Any]) -> bool:
        """True if the draft is already stored (or staged) with the same content; LedgerError if with other."""
        for kind, value in (("key", draft.idempotency_key), ("id", draft.id)):
            if value is None:
                continue
            staged = (self.staged_keys if kind == "key" else self.staged_ids).get((draft.site, value))
            stored = staged or self._stored(kind, draft.site, value)
            if stored is None:
                continue
            what = msg("dup.what.key", value=value) if kind == "key" else msg("dup.what.id", value=value)
            where = msg("dup.where.seq", seq=stored.seq) if stored.seq else msg("dup.where.batch")
            if not same_content(stored, draft, payload):
                raise LedgerError(
                    msg("dup.conflict", what=what, where=where, type=stored.type, on=stored.occurred_at)
                )
            if not self.skip_duplicates:
                raise DuplicateEvent(msg("dup.duplicate", what=what, where=where), stored.seq)
            self.duplicates += 1
            return True
        return False

    def _check_site(self, draft: Draft) -> None:
        if draft.type == "site_registered":
            if draft.site in self.state.sites:
                raise LedgerError(msg("site.already", site=draft.site))
            return
        if draft.site not in self.state.sites:
            import difflib  # only for a mistake's suggestion

            close = difflib.get_close_matches(draft.site, self.site_names(), n=1)
            hint = msg("site.did_you_mean", close=close[0]) if close else msg("site.register_hint")
            raise LedgerError(msg("site.unknown", site=draft.site, hint=hint))

    def _check_target(
        self, draft: Draft, payload: dict[str, Any]
    ) -> tuple[dict[str, Any], Event | None, Event | None]:
        """Meta events point at an event of the same site; a correction's changes are stored validated.

        Returns the payload to store, the target and (when the target is a correction) the target's target."""
        if draft.type not in META_TYPES:
            return payload, None, None
        target = self._known(draft.site, payload["target"])
        if target is None:
            other = self.tx.get_by_id(payload["target"])
            if other is not None:
                raise LedgerError(
                    msg("target.other_site", type=draft.type, target=payload["target"], site=other.site)
                )
            raise LedgerError(msg("target.missing", type=draft.type, target=payload["target"]))
        # Correcting or retracting an assessor's event is itself assessor-only (else an operator could void a
        # judgement or a sign-off); attaching evidence to it is open to anyone.
        guarded = target.type
        inner = None
        if target.type == "correction":  # retracting a correction of an assessor's event is guarded too
            inner = self._known(draft.site, target.payload["target"])
            guarded = inner.type if inner else target.type
        if draft.type in ("correction", "retraction") and guarded in ASSESSOR_ONLY_TYPES:
            self.state.roles.check(
                guarded, draft.actor, draft.site, doing=msg("role.doing", type=draft.type, guarded=guarded)
            )
        # A retraction may void a correction (undoing it); nothing else may point at a ledger-maintenance event.
        if target.type in META_TYPES and not (draft.type == "retraction" and target.type == "correction"):
            raise LedgerError(msg("target.meta", type=draft.type, target_type=target.type))
        if draft.type != "correction":
            return payload, target, inner
        changes = resolve_payload(target.type, payload["changes"])  # Chinese field names and values too
        if not changes:
            raise LedgerError(msg("correction.empty"))
        when = changes.pop("occurred_at", None)
        if "type" in changes:
            raise LedgerError(msg("correction.type"))
        if target.type == "contract_signed" and "buyer_key" in changes:
            raise LedgerError(msg("correction.buyer_key"))
        merged = validate_payload(target.type, {**target.payload, **changes})
        clean = {k: merged[k] for k in changes}
        if when is not None:
            clean["occurred_at"] = normalise_occurred(str(when))
        return {**payload, "changes": clean}, target, inner

    # -- staging --------------------------------------------------------------------------------------------

    def _head(self, site: str) -> Head:
        if site not in self.heads:
            self.heads[site] = self.tx.head(site)
        return self.heads[site]

    def _event(
        self, draft: Draft, payload: dict[str, Any], payload_json: str | None, hashed: bool = False
    ) -> Event:
        """The event as it will be stored: with its hash when `hashed`, else without (an act to sign first)."""
        head = self._head(draft.site)
        recorded_at = self.given or self.recorded_at
        if self.given is not None and head.recorded_at > self.given:
            raise LedgerError(msg("history.backwards", at=self.given, site=draft.site, last=head.recorded_at))
        if payload_json is None:
            payload_json = canonical_json(payload)
        event_id, site_seq = draft.id or new_event_id(), head.site_seq + 1
        evidence = tuple(e.as_dict() for e in draft.evidence) if draft.evidence else ()
        version = type_version(draft.type)
        digest = ""
        if hashed:
            digest = event_hash(_body(
                draft.site, site_seq, event_id, draft.type, version, draft.occurred_at, draft.covers, recorded_at,
                draft.actor, draft.idempotency_key, draft.signer, draft.signature, head.hash, payload_json,
                canonical_json(list(evidence)) if evidence else "[]",
            ))  # fmt: skip
        return Event(
            seq=0, id=event_id, type=draft.type, version=version,
            site=draft.site, occurred_at=draft.occurred_at, recorded_at=recorded_at,
            actor=draft.actor, payload=payload, evidence=evidence,
            idempotency_key=draft.idempotency_key, prev_hash=head.hash, hash=digest, site_seq=site_seq,
            covers=draft.covers, signer=draft.signer, signature=draft.signature, payload_json=payload_json,
        )  # fmt: skip

    def _stage(self, event: Event) -> None:
        self.heads[event.site] = Head(event.site_seq, event.hash, event.recorded_at)
        self.rows.append(event)
        self.staged_ids[(event.site, event.id)] = event
        if event.idempotency_key is not None:
            self.staged_keys[(event.site, event.idempotency_key)] = event
        if event.type in STATE_TYPES:  # State.apply changes nothing for any other type
            self.state.apply(event)
        self.added += 1
        if len(self.rows) >= BATCH:
            self.flush(False)

    def flush(self, keep: bool) -> None:
        if not self.rows:
            return
        seqs = self.tx.insert(self.rows)
        self.first_seq = self.first_seq or seqs[0]
        self.last_seq = seqs[-1]
        self.last_hash = self.rows[-1].hash
        if keep:
            self.kept.extend(r.replace(seq=s) for r, s in zip(self.rows, seqs, strict=True))
        for r in self.rows:  # now stored: a later duplicate must look them up again
            self.looked_up.discard(("id", r.site, r.id))
            if r.idempotency_key is not None:
                self.looked_up.discard(("key", r.site, r.idempotency_key))
        self.rows.clear()
        self.staged_ids.clear()
        self.staged_keys.clear()

    def result(self) -> AppendResult:
        return AppendResult(
            self.added, self.duplicates, self.first_seq, self.last_seq, self.last_hash, tuple(self.kept)
        )


def new_event_id() -> str:
    """A fresh event id: a random (version 4) UUID's 32 hex digits, what `uuid.uuid4().hex` gives. Made here
    because importing `uuid` loads `platform` and more, a few milliseconds of every `opsledger log` (issue 15)."""
    raw = bytearray(os.urandom(16))
    raw[6] = raw[6] & 0x0F | 0x40  # version 4
    raw[8] = raw[8] & 0x3F | 0x80  # the RFC 4122 variant
    return raw.hex()


def keys_fingerprint(public_hex: str) -> str:
    from ledger.keys import fingerprint

    return fingerprint(public_hex)


def _with_hash(e: Event) -> Event:
    return e.replace(hash=event_hash(e.body()))


def _body(*fields: Any) -> bytes:
    """`canonical_bytes` of a row about to be stored, through `stored_text` (the same characters, built field by
    field, about four times faster); the reference encoder for any value that function does not take."""
    try:
        return stored_text(*fields).encode()
    except TypeError:
        return canonical_bytes(*fields)
