"""Reading commands: events, score, report, payout, gaps, evidence."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from commands.base import (
    META,
    Context,
    as_of_text,
    cli,
    echo_json,
    known_site,
    pass_ctx,
    say,
    today_text,
    words,
)
from commands.entry import calendar_day as _day
from commands.entry import print_scores, score_cards
from commands.help import option
from commands.terminal import Utf8Out, echo, pad

if TYPE_CHECKING:
    from ledger.ledger import Ledger


@cli.command()
@option("--site", default=None)
@option("--type", "types", multiple=True, metavar="TYPE")
@option("--from", "start", default=None, metavar="DATE")
@option("--to", "end", default=None, metavar="DATE")
@option("--as-of", "as_of", default=None, metavar="DATETIME")
@option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table",
              show_default=True)  # fmt: skip
@option("--out", default=None, metavar="FILE")
@pass_ctx
def events(
    ctx: Context, site: str | None, types: tuple[str, ...], start: str | None, end: str | None,
    as_of: str | None, fmt: str, out: str | None,
) -> None:  # fmt: skip
    from ledger.importer import check_type

    if out and fmt == "table":
        from ledger.errors import LedgerError
        from ledger.messages import msg, os_reason

        raise LedgerError(msg("cli.out_jsonl_csv"))
    types = tuple(check_type(name) for name in types)  # an id or its Chinese label (举办招聘会)
    start = _day(start, "--from") if start else None
    end = _day(end, "--to") if end else None
    recorded_by = as_of_text(as_of)
    ledger = ctx.ledger()
    if site:
        known_site(ledger, site)
    stream = ledger.events(site=site, types=types, start=start, end=end, as_of=recorded_by)
    if fmt == "table":
        _events_table(ledger, stream, site, recorded_by)
    elif out:
        try:
            handle = open(out, "wb")
        except OSError as err:
            from ledger.errors import LedgerError
            from ledger.messages import msg, os_reason

            raise LedgerError(msg("cli.cannot_write", path=repr(out), reason=os_reason(err))) from None
        with handle:
            _events_export(stream, fmt, handle)
    else:
        _events_export(stream, fmt)


def _events_export(stream: Any, fmt: str, binary: Any = None) -> None:
    """jsonl: one `Event.to_record()` a line; csv: UTF-8 with BOM, payload and evidence as JSON columns."""
    import json

    sys.stdout.flush()
    binary = binary or sys.stdout.buffer
    out = Utf8Out(binary)
    if fmt == "jsonl":
        for event in stream:
            out.write(json.dumps(event.to_record(), ensure_ascii=False) + "\n")
    else:
        import csv

        from ledger.envelope import canonical_json

        columns = ["seq", "id", "type", "version", "site", "occurred_at", "recorded_at", "actor",
                   "idempotency_key", "evidence", "payload", "prev_hash", "hash"]  # fmt: skip
        binary.write("\ufeff".encode())
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(columns)
        for event in stream:
            record = event.to_record()
            record["evidence"] = canonical_json(record["evidence"])
            record["payload"] = canonical_json(record["payload"])
            record["idempotency_key"] = record["idempotency_key"] or ""
            writer.writerow([record[c] for c in columns])
    binary.flush()


def _summary(payload: dict[str, Any], limit: int = 70) -> str:
    import json

    parts = []
    for key, value in payload.items():
        text = (
            value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        )
        parts.append(f"{key}={text}")
    line = " ".join(parts)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _events_table(ledger: Ledger, stream: Any, site: str | None, recorded_by: str | None) -> None:
    from ledger.view import Amendments

    amendments = Amendments()
    for meta in ledger.events(site=site, types=["correction", "retraction"], as_of=recorded_by):
        amendments.add(meta)
    head_seq = ledger.head()[0]
    seq_w = max(3, len(str(head_seq)))
    site_w = max(4, *(len(s) for s in ledger.registered_sites()), 4)
    heading = {name: words(f"cmd.events.{name}") for name in
               ("seq", "occurred", "site", "type", "actor", "status", "payload")}  # fmt: skip
    echo(f"{pad(heading['seq'], seq_w, right=True)}  {pad(heading['occurred'], 16)}  {pad(heading['site'], site_w)}  "
         f"{pad(heading['type'], 22)}  {pad(heading['actor'], 12)}  {pad(heading['status'], 15)}  "
         f"{heading['payload']}")  # fmt: skip
    shown = 0
    for event in stream:
        status = ""
        if event.id in amendments.retracted:
            status = words("cmd.events.retracted", seq=amendments.retracted[event.id].seq)
        else:
            live = amendments.apply(event)
            if live is not None and live.amended_by:
                status = words("cmd.events.corrected", seqs=",".join(str(s) for s in live.amended_by))
        payload = dict(event.payload)
        if event.type in META and "target" in payload:
            target = ledger.get_by_id(payload["target"])
            ref = f"#{target.seq}" if target else payload["target"]
            payload = {"target": ref, **{k: v for k, v in payload.items() if k != "target"}}
        occurred = event.occurred_at[:16].replace("T", " ")
        echo(
            f"{event.seq:>{seq_w}}  {occurred:<16}  {event.site:<{site_w}}  {event.type:<22}  "
            f"{event.actor:<12}  {pad(status, 15)}  {_summary(payload)}"
        )
        shown += 1
    if not shown:
        say("cmd.events.none")


@cli.command()
@option("--site", default=None)
@option(
    "--period",
    required=True,
)
@option("--scheme", "scheme_id", default=None)
@option("--as-of", default=None, metavar="DATETIME")
@option("--assessed-on", default=None, metavar="DATE")
@option("--format", "fmt", type=click.Choice(["table", "json", "xlsx", "csv", "pdf"]), default="table", show_default=True)  # fmt: skip
@option("--out", default=None, metavar="FILE")
@pass_ctx
def score(ctx: Context, site: str | None, period: str, scheme_id: str | None, as_of: str | None,
          assessed_on: str | None, fmt: str, out: str | None) -> None:  # fmt: skip
    # The body commands/entry.py runs for a `score` to the terminal without click: one implementation, either reader.
    _check_out(fmt, out)
    ledger = ctx.ledger()
    if site is None and scheme_id is None:
        if assessed_on:
            _day(assessed_on, "--assessed-on")  # the first mistake named, as before
        raise click.UsageError(words("cmd.score.site_or_scheme"))
    cards = score_cards(ledger, site, period, scheme_id, as_of, assessed_on)
    if fmt in ("xlsx", "csv", "pdf"):
        _scorecards_out(ledger, cards, fmt, out, cohort=site is None, as_of=as_of)
    else:
        print_scores(cards, site is None, fmt, as_of, echo)


def _check_out(fmt: str, out: str | None) -> None:
    """--out goes with a file format; xlsx and pdf need it (not for the terminal)."""
    from ledger.errors import LedgerError
    from ledger.messages import msg

    if fmt in ("xlsx", "pdf") and not out:
        raise LedgerError(msg("cli.needs_out", fmt=fmt))
    if out and fmt not in ("xlsx", "csv", "pdf"):
        raise LedgerError(msg("cli.out_files"))


def _scorecards_out(ledger: Ledger, cards: list[Any], fmt: str, out: str | None, cohort: bool = False,
                    as_of: str | None = None) -> None:  # fmt: skip
    from schemes.reports import files as export

    data = export.export_scorecards(ledger, cards, fmt, cohort=cohort, as_of=as_of)
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = export.write_file(out, data)
    if cohort:
        say("cmd.score.wrote_cohort", n=len(cards), path=path)
    else:
        say("cmd.score.wrote", site=cards[0].site, period=cards[0].period, path=path)


@cli.command()
@option("--site", required=True)
@option("--period", required=True)
@option("--out", required=True, metavar="FILE")
@option("--scheme", "scheme_id", default=None)
@option("--today", default=None, metavar="DATE")
@pass_ctx
def report(ctx: Context, site: str, period: str, out: str, scheme_id: str | None, today: str | None) -> None:
    from datetime import date

    from schemes.display import number
    from schemes.reports import page

    day = date.fromisoformat(_day(today, "--today") if today else today_text())
    path, built = page.write(ctx.ledger(), site, period, out, today=day, scheme_id=scheme_id)
    card = built.card
    total = number(card.total, built.scheme.display_places)
    say("cmd.report.wrote", path=path, site=card.site, period=card.period, total=total, charts=len(built.charts),
        cadence=len(built.cadence))  # fmt: skip


@cli.command()
@option("--site", required=True)
@option("--year", required=True, metavar="YEAR")
@option("--as-of", default=None, metavar="DATETIME")
@option("--on", "on_day", default=None, metavar="DATE")
@option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_ctx
def payout(ctx: Context, site: str, year: str, as_of: str | None, on_day: str | None, fmt: str) -> None:
    from datetime import date

    from schemes.money import year as pay

    today = date.fromisoformat(_day(on_day, "--on") if on_day else today_text())
    summary = pay.year_summary(ctx.ledger(), site, year, today=today, as_of=as_of)
    if fmt == "json":
        echo_json(summary.to_json())
    else:
        echo(pay.summary_text(summary))


@cli.command()
@option("--site", required=True)
@option("--period", required=True)
@option("--today", default=None, metavar="DATE")
@option("--scheme", "scheme_id", default=None)
@option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_ctx
def gaps(ctx: Context, site: str, period: str, today: str | None, scheme_id: str | None, fmt: str) -> None:
    from datetime import date

    from schemes import gaps as gap_report

    day = date.fromisoformat(_day(today, "--today") if today else today_text())
    report = gap_report.site_gaps(ctx.ledger(), site, period, day, scheme_id=scheme_id)
    if fmt == "json":
        echo_json(report.to_json())
    else:
        echo(gap_report.gaps_text(report))


@cli.command()
@option("--site", required=True)
@option("--period", required=True)
@option("--scheme", "scheme_id", default=None)
@pass_ctx
def evidence(ctx: Context, site: str, period: str, scheme_id: str | None) -> None:
    from schemes import audit

    card, report = audit.evidence_report(ctx.ledger(), site, period, scheme_id=scheme_id)
    echo(audit.evidence_text(card, report))
