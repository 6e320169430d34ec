"""Turning what people type or hand over (key=value arguments, JSONL and CSV files) into Drafts.

Files are streamed: `open_events` returns a generator of (line number, Draft) pairs that reads one line
(one CSV record) at a time, so memory does not grow with the file. Every mistake is a LedgerError whose
message names the line and the field; payloads themselves are validated by the store when appended.

A large file is read in a second process: ledger/import_pipeline.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from ledger import catalog_index, limits
from ledger.aliases import resolve_payload, resolve_type, type_label
from ledger.digests import sha256
from ledger.envelope import Draft, canonical_json, normalise_occurred
from ledger.errors import LedgerError
from ledger.messages import Both, msg, os_reason
from ledger.messages import text as text_of
from ledger.payloads import validate_payload

if TYPE_CHECKING:
    from pathlib import Path

    from pydantic import ValidationError

FORMATS = ("jsonl", "csv")
_EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv"}

# Keys of an exported record (`opsledger events --format jsonl`) that a Draft carries ...
ENVELOPE_KEYS = (
    "id", "type", "site", "occurred_at", "actor", "payload", "evidence", "idempotency_key", "covers", "signer",
    "signature",
)  # fmt: skip
# ... and those this ledger recomputes when it re-chains the event (ignored on import).
RECOMPUTED_KEYS = frozenset({"seq", "site_seq", "version", "recorded_at", "prev_hash", "hash"})

Lines = Iterator[tuple[int, Draft]]
_LINE_BYTES = 4 * limits.LINE_MAX  # UTF-8 takes at most 4 bytes a character


# -- key=value arguments --------------------------------------------------------------------------------


def parse_value(key: str, text: str) -> Any:
    """A typed value stays a string for pydantic to coerce ("40" -> 40); `[...]`/`{...}` is parsed as JSON."""
    if text[:1] in ("[", "{"):
        return limits.loads(text, key)  # bounded: size, nesting, digits (ledger/limits.py)
    return text


def parse_assignments(args: Iterable[str]) -> dict[str, Any]:
    """`field=value` arguments into a payload dict; a malformed or repeated field is an error."""
    fields: dict[str, Any] = {}
    for arg in args:
        limits.check_line(arg, "argument")
        key, sep, text = arg.partition("=")
        key = key.strip()
        if not sep or not key:
            raise LedgerError(msg("arg.bad", arg=limits.quote(arg)))
        if key in fields:
            raise LedgerError(msg("arg.twice", key=limits.quote(key)))
        fields[key] = parse_value(key, text)
    return fields


# -- envelope checks ------------------------------------------------------------------------------------


def check_type(name: str) -> str:
    """The event type's id, given its id or its Chinese label (举办招聘会); an unknown name is an error that
    suggests the closest catalogued id or label."""
    resolved = resolve_type(name)
    if catalog_index.known(resolved):
        return resolved
    labels = {label: type_id for type_id, label in catalog_index.labelled_types().items()}
    import difflib  # a suggestion is made only for a mistake: not on every `log` (issue 15: start-up)

    close = difflib.get_close_matches(name, sorted(catalog_index.TYPES) + sorted(labels), n=1)
    if not close:
        raise LedgerError(msg("type.unknown", name=limits.quote(name), hint=msg("type.list_hint")))
    found = labels.get(close[0], close[0])
    label = type_label(found)
    suggestion = Both(f"{found!r}（{label}）" if label else repr(found), repr(found))
    raise LedgerError(
        msg("type.unknown", name=limits.quote(name), hint=msg("type.did_you_mean", close=suggestion))
    )


def describe_draft_error(err: ValidationError) -> Any:
    """First envelope error as 'field: what was wrong' on one line."""
    from ledger.messages.pydantic import pydantic_message

    first = err.errors()[0]
    loc = ".".join(str(part) for part in first["loc"])
    if first["type"] == "missing":
        what: Any = msg("field.missing")
    elif first["type"] == "extra_forbidden":
        what = msg("key.unknown")
    elif first["type"] == "value_error" and "error" in (first.get("ctx") or {}):
        what = first["ctx"]["error"]  # our own message, rendered in the reader's language
    else:
        what = pydantic_message(first)
    return msg("at.field", field=loc, error=what) if loc else what


def make_draft(**fields: Any) -> Draft:
    """A Draft, with envelope mistakes (bad site id, bad date, missing actor...) as one-line LedgerErrors."""
    occurred = fields.get("occurred_at")
    if occurred is not None and not isinstance(occurred, str):
        shown = (
            str(occurred) if len(str(occurred)) <= limits.QUOTE else limits.quote(occurred)
        )  # a number as typed
        raise LedgerError(msg("date.not_text", value=shown))
    if isinstance(occurred, str):
        try:
            fields["occurred_at"] = normalise_occurred(occurred)
        except LedgerError as err:
            raise LedgerError(msg("at.field", field="occurred_at", error=err)) from None
    if isinstance(fields.get("type"), str):
        fields["type"] = check_type(fields["type"])
        if isinstance(
            fields.get("payload"), dict
        ):  # Chinese field names and values become ids here, so every
            fields["payload"] = resolve_payload(fields["type"], fields["payload"])  # check after reads ids
    try:
        return Draft.of(**fields)
    except ValueError as err:  # pydantic's ValidationError is one: only the reference model raises it
        from pydantic import ValidationError

        if not isinstance(err, ValidationError):
            raise
        raise LedgerError(describe_draft_error(err)) from None


def file_evidence(path: str | Path) -> dict[str, str]:
    """An evidence reference: the file's name and the sha256 of its content (read in chunks)."""
    import hashlib  # a file: bulk from the first byte (ledger/digests.py)
    from pathlib import Path

    path = Path(path)
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except OSError as err:
        raise LedgerError(msg("evidence.cannot_read", path=str(path), reason=os_reason(err))) from None
    return {"file_name": path.name, "sha256": digest.hexdigest()}


# -- files ----------------------------------------------------------------------------------------------


def guess_format(path: str | Path) -> str:
    from pathlib import Path

    fmt = _EXTENSIONS.get(Path(path).suffix.lower())
    if fmt is None:
        raise LedgerError(msg("import.no_format", path=str(path)))
    return fmt


def open_events(path: str | Path, fmt: str | None = None, *, actor: str) -> Lines:
    """Open a JSONL or CSV file and stream it as (line number, Draft); `actor` fills records without one."""
    fmt = fmt or guess_format(path)
    if fmt not in FORMATS:
        raise LedgerError(msg("import.bad_format", fmt=fmt))
    try:
        handle = open(path, "rb")  # closed by _closing when the stream ends or is dropped
    except OSError as err:
        raise LedgerError(msg("file.cannot_read", path=str(path), reason=os_reason(err))) from None
    parse = parse_jsonl if fmt == "jsonl" else parse_csv
    return _closing(handle, parse(_decoded(handle), actor=actor))


def _closing(handle: IO[bytes], lines: Lines) -> Lines:
    with handle:
        yield from lines


def _decoded(handle: IO[bytes]) -> Iterator[str]:
    """The file's lines as text, one at a time (a UTF-8 BOM is dropped); bytes that are not UTF-8 are an
    error naming their line (decoding per line, not per buffer, so the line number is exact)."""
    number = 0
    while raw := handle.readline(_LINE_BYTES + 1):
        number += 1
        if len(raw) > _LINE_BYTES:  # read in bounded pieces: a file without newlines never fills memory
            raise LedgerError(msg("import.line_too_long", line=number, max=f"{limits.LINE_MAX:,}"))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise LedgerError(msg("import.not_utf8", line=number)) from None
        yield text.removeprefix("\ufeff") if number == 1 else text


class ContentKeys:
    """Idempotency keys for records that carry neither an id nor a key, so re-importing a file adds nothing.

    The key is derived from what the event says (type, site, occurred_at, validated payload, evidence; not
    the actor, which an import fills in) plus its occurrence number among identical records of the same file:
    two identical lines are two events (the file says two), and the same file imported again makes the same
    keys. Memory: one 64-bit fingerprint per record for the length of an import (about 60 MB for a million
    id-less records; exported files carry ids and skip this). A fingerprint collision only gives a record
    occurrence 2 instead of 1, deterministically: nothing is lost.
    """

    PREFIX = "imp-"

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.repeats: dict[int, int] = {}

    def __call__(self, draft: Draft) -> Draft:
        if draft.id is not None or draft.idempotency_key is not None:
            return draft
        try:
            payload: Any = validate_payload(draft.type, draft.payload)  # "40" and 40 are the same figure
        except LedgerError:
            payload = draft.payload  # the store refuses it with its own message
        evidence = [e.as_dict() for e in draft.evidence]
        digest = sha256(
            canonical_json([draft.type, draft.site, draft.occurred_at, payload, evidence]).encode()
        ).digest()
        short = int.from_bytes(digest[:8], "big")
        if short in self.seen:
            occurrence = self.repeats.get(short, 1) + 1
            self.repeats[short] = occurrence
        else:
            self.seen.add(short)
            occurrence = 1
        return draft.replace(idempotency_key=f"{self.PREFIX}{digest.hex()[:40]}-{occurrence}")


def parse_jsonl(lines: Iterable[str], *, actor: str) -> Lines:
    """One exported record per line (see `Event.to_record`); blank lines are skipped. A record with neither
    id nor idempotency_key gets a content-derived key (`ContentKeys`)."""
    keys = ContentKeys()
    for number, line in enumerate(lines, start=1):
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        try:  # bounded: size, nesting, digits (ledger/limits.py)
            record = limits.loads(text)
        except LedgerError:  # the same check again, naming the line: the label is rendered only when needed
            limits.loads(text, text_of(msg("at.line_only", line=number)))
            raise
        if not isinstance(record, dict):
            raise LedgerError(msg("import.not_object", line=number, got=type(record).__name__))
        yield number, keys(_record_draft(number, record, actor))


def _record_draft(number: int, record: dict[str, Any], actor: str) -> Draft:
    fields: dict[str, Any] = {}
    for key, value in record.items():
        if key in RECOMPUTED_KEYS:
            continue
        if key not in ENVELOPE_KEYS:
            raise LedgerError(
                msg("import.unknown_key", line=number, key=limits.quote(key), keys=", ".join(ENVELOPE_KEYS))
            )
        fields[key] = value
    if fields.get("actor") is None:
        fields["actor"] = actor
    if fields.get("evidence") is None:
        fields.pop("evidence", None)
    try:
        return make_draft(**fields)
    except LedgerError as err:
        raise LedgerError(msg("at.line", line=number, error=err)) from None


CSV_ENVELOPE = ("type", "site", "occurred_at", "on", "actor", "id", "idempotency_key", "evidence")


def parse_csv(lines: Iterable[str], *, actor: str) -> Lines:
    """A header row, then one event per row.

    Envelope columns are type, site, occurred_at (or on), actor, id, idempotency_key and evidence (JSON).
    A row with neither id nor idempotency_key gets a content-derived key (`ContentKeys`).
    Either a `payload` column holds the payload as JSON, or every other non-empty cell is a payload field
    (a `payload.NAME` column is always a payload field, e.g. `payload.actor` for a role grant). Columns an
    export carries but this ledger recomputes (seq, version, recorded_at, prev_hash, hash) are ignored.
    """
    import csv  # only a CSV import reads it, not every `log`

    reader = csv.reader(lines)
    keys = ContentKeys()
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        return
    except csv.Error as err:
        raise LedgerError(msg("import.bad_csv", line=1, error=err)) from None
    _check_header(header)
    has_payload = "payload" in header
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise LedgerError(msg("import.bad_csv", line=reader.line_num, error=err)) from None
        number = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise LedgerError(msg("import.too_many_cells", line=number, cells=len(row), columns=len(header)))
        try:
            draft = _row_draft(dict(zip(header, row, strict=False)), has_payload, actor)
        except LedgerError as err:
            raise LedgerError(msg("at.line", line=number, error=err)) from None
        yield number, keys(draft)


def _check_header(header: list[str]) -> None:
    seen: set[str] = set()
    for name in header:
        if not name:
            raise LedgerError(msg("import.column_unnamed"))
        if name in seen:
            raise LedgerError(msg("import.column_twice", name=limits.quote(name)))
        seen.add(name)
    if "occurred_at" in seen and "on" in seen:
        raise LedgerError(msg("import.on_and_occurred"))
    if "payload" in seen:
        extra = sorted(seen - set(CSV_ENVELOPE) - RECOMPUTED_KEYS - {"payload"})
        if extra:
            raise LedgerError(msg("import.not_envelope", name=limits.quote(extra[0])))


def _row_draft(cells: dict[str, str], has_payload: bool, actor: str) -> Draft:
    fields: dict[str, Any] = {}
    payload: dict[str, Any] = {}
    for column, raw in cells.items():
        text = raw.strip()
        if not text or column in RECOMPUTED_KEYS:
            continue
        if column == "payload":
            payload = limits.loads(text, "payload")
            if not isinstance(payload, dict):
                raise LedgerError(msg("import.payload_object"))
        elif column == "evidence":
            if not text.startswith("["):
                raise LedgerError(msg("import.evidence_list"))
            fields["evidence"] = parse_value("evidence", text)
        elif column in CSV_ENVELOPE:
            fields["occurred_at" if column == "on" else column] = text
        else:
            name = column.removeprefix("payload.")
            payload[name] = parse_value(name, text)
    fields["payload"] = payload
    fields.setdefault("actor", actor)
    return make_draft(**fields)
