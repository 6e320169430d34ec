"""The printed forms the CLI shows: audit, diff and evidence reports (text and JSON), bundle export and
verification."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Any

from ledger.messages import CATALOGUE, Message, msg, text
from projections.numbers import fmt
from schemes.audit.bundle import CANNOT_PROVE, PROVES, ExportSummary
from schemes.audit.bundle_verify import BundleReport
from schemes.audit.changes import Diff, Step, joined
from schemes.audit.evidence import ItemEvidence
from schemes.audit.signoff_audit import SignoffAudit
from schemes.engine import Scorecard


def _grade(card: Scorecard | None) -> str:
    return f" {card.grade}" if card is not None and card.grade else ""


def step_lines(step: Step) -> list[str]:
    e = step.event
    head = text(msg("chg.step", seq=e.seq, recorded=e.recorded_at, actor=e.actor, label=step.label))
    if not step.changed:
        return [head, text(msg("chg.no_change"))]
    out = [head]
    out += [f"      {c.text()}" for c in step.items]
    if step.late_before != step.late_after:
        out.append(text(msg("chg.late", late=step.late_after or msg("chg.late_gone"))))
    out.append(f"      {step.total_text()}")
    return out


def _mark(ok: bool) -> Message:
    return msg("audit.ok" if ok else "audit.fail")


def part_name(name: str) -> str | Message:
    """A sign-off's checked part ('signature', 'head', ...) as the reader's word; any other name as it is."""
    key = f"audit.part.{name}"
    return msg(key) if key in CATALOGUE else name


def _padded(value: Any, width: int) -> str:
    """`value` rendered and padded to `width` terminal columns (a Chinese character takes two)."""
    shown = text(value)
    columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in shown)
    return shown + " " * max(0, width - columns)


def audit_text(results: list[SignoffAudit]) -> str:
    lines: list[str | Message] = []
    for r in results:
        p, e = r.event.payload, r.event
        grade = " " + p["grade"] if p["grade"] else ""
        lines.append(msg("audit.signoff_head", seq=e.seq, actor=e.actor, recorded=e.recorded_at, scheme=p["scheme"],
                         site=e.site, period=p["period"], total=fmt(Decimal(p["total"])), grade=grade,
                         head=p["head_seq"]))  # fmt: skip
        if r.key is not None:
            lines.append(
                msg("audit.confirm_key", fp=r.key.fingerprint, public=r.key.public_key, actor=e.actor)
            )
        for k in r.ignored_keys:
            lines.append(msg("audit.other_key", fp=k.fingerprint, actor=e.actor, seq=k.seq))
        if r.withdrawn_by is not None:
            lines.append(msg("audit.withdrawn", seq=r.withdrawn_by))
        for c in r.checks:
            lines.append(msg("audit.row_signoff", mark=_mark(c.ok), name=_padded(part_name(c.name), 9),
                             detail=c.detail))  # fmt: skip
        if r.current is None:
            lines.append("")
            continue
        lines.append(msg("audit.since", n=r.later_events))
        if not r.changes:
            lines.append(msg("audit.unchanged", total=fmt(r.current.total), grade=_grade(r.current)))
        else:
            lines.append(msg("audit.changed", n=len(r.changes)))
            for step in r.changes:
                lines += step_lines(step)
            lines.append(msg("audit.now", total=fmt(r.current.total), grade=_grade(r.current),
                             signed=fmt(Decimal(p["total"])), signed_grade=grade))  # fmt: skip
        failed = [part_name(c.name) for c in r.failures]
        lines.append(msg("audit.valid") if r.ok else msg("audit.invalid", parts=joined(failed)))
        lines.append("")
    return "\n".join(text(line) for line in lines).rstrip()


def step_json(step: Step) -> dict[str, Any]:
    return {
        "seq": step.event.seq, "type": step.event.type, "recorded_at": step.event.recorded_at,
        "actor": step.event.actor, "what": step.label, "changed": step.changed,
        "items": [{"id": c.id, "before": fmt(c.before) if c.before is not None else None,
                   "after": fmt(c.after) if c.after is not None else None,
                   "inputs_before": {k: None if v is None else fmt(v) for k, v in c.inputs_before.items()},
                   "inputs_after": {k: None if v is None else fmt(v) for k, v in c.inputs_after.items()}}
                  for c in step.items],
        "total_before": fmt(step.total_before), "total_after": fmt(step.total_after),
        "grade_before": step.grade_before, "grade_after": step.grade_after, "late": step.late_after,
    }  # fmt: skip


def audit_json(results: list[SignoffAudit]) -> list[dict[str, Any]]:
    return [
        {"seq": r.event.seq, "actor": r.event.actor, "payload": r.event.payload, "valid": r.ok,
         "key": None if r.key is None else {"public_key": r.key.public_key, "fingerprint": r.key.fingerprint,
                                            "registered_seq": r.key.seq},
         "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in r.checks],
         "recomputed_total": None if r.recomputed is None else fmt(r.recomputed.total),
         "current_total": None if r.current is None else fmt(r.current.total),
         "changes": [step_json(s) for s in r.changes], "withdrawn_by": r.withdrawn_by}
        for r in results
    ]  # fmt: skip


def diff_text(d: Diff) -> str:
    lines: list[str | Message] = [
        msg("diff.head", site=d.site, period=d.period, scheme=d.before.scheme, t1=d.t1, t2=d.t2),
        msg("diff.at", t=d.t1, total=fmt(d.before.total), grade=_grade(d.before)),
    ]
    if not d.steps:
        lines.append(msg("diff.none"))
    for step in d.steps:
        lines += step_lines(step)
    if d.outside:
        lines.append(msg("diff.outside", n=d.outside))
    lines.append(msg("diff.at", t=d.t2, total=fmt(d.after.total), grade=_grade(d.after)))
    return "\n".join(text(line) for line in lines)


def diff_json(d: Diff) -> dict[str, Any]:
    return {
        "site": d.site, "period": d.period, "scheme": d.before.scheme, "from": d.t1, "to": d.t2,
        "before": {"total": fmt(d.before.total), "grade": d.before.grade},
        "after": {"total": fmt(d.after.total), "grade": d.after.grade},
        "events": [step_json(s) for s in d.steps], "outside": d.outside,
    }  # fmt: skip


def evidence_text(card: Scorecard, report: list[ItemEvidence]) -> str:
    lines: list[str | Message] = [msg("ev.head", site=card.site, period=card.period, scheme=card.scheme)]
    for item in report:
        lines.append("")
        events = ", ".join(f"#{s}" for s in item.events[:12]) + (" …" if len(item.events) > 12 else "")
        lines.append(msg("ev.item", id=item.id, title=item.title, points=fmt(item.points),
                         max=fmt(item.max_points), events=events or msg("ev.none")))  # fmt: skip
        lines.append(msg("ev.asks", asks="、".join(item.asks) if item.asks else msg("ev.asks_nothing")))
        if item.attached:
            for f, state, covered in item.attached:
                via = "" if f.via_seq == f.target_seq else msg("ev.via", seq=f.via_seq)
                label = (
                    msg("ev.covers", covered=covered)
                    if covered
                    else (msg("ev.for", requirement=f.requirement) if f.requirement else "")
                )
                shown = msg(f"ev.state.{state}") if f"ev.state.{state}" in CATALOGUE else state
                lines.append(msg("ev.attached", seq=f.target_seq, file=f.file_name, sha=f.sha256[:12], state=shown,
                                 via=via, label=label))  # fmt: skip
        else:
            lines.append(msg("ev.attached_nothing"))
        missing = "、".join(item.missing)
        if not item.events:
            said = msg("ev.missing_unbacked", missing=missing) if item.missing else msg("ev.nothing_asked")
            lines.append(msg("ev.missing", missing=said))
        else:
            lines.append(msg("ev.missing", missing=missing or msg("ev.nothing")))
            if item.bare:
                lines.append(msg("ev.bare", seqs=", ".join(f"#{s}" for s in item.bare)))
    return "\n".join(text(line) for line in lines)


def export_text(s: ExportSummary) -> str:
    missing = msg("export.evidence_missing", n=s.evidence_missing) if s.evidence_missing else ""
    return "\n".join(text(line) for line in [
        msg("export.wrote", out=s.out, site=s.site, period=s.period, scheme=s.scheme),
        msg("export.events", n=s.events, first=s.first_seq, last=s.last_seq, hash=s.head_hash),
        msg("export.total", total=fmt(s.total)),
        msg("export.signoffs", n=s.signoffs),
        msg("export.evidence", n=s.evidence_included, missing=missing),
        msg("export.check", out=s.out),
    ])  # fmt: skip


def report_text(r: BundleReport) -> str:
    """`verify-bundle`'s report: a row per checked part, in the reader's language."""
    lines: list[str | Message] = [
        msg("bundle.report", path=r.path, site=r.site, period=r.period, scheme=r.scheme)
    ]
    for c in r.checks:
        lines.append(msg("audit.row", mark=_mark(c.ok), name=c.name, detail=c.detail))
    for s in r.signoffs:
        if s.key is not None:
            lines.append(
                msg("bundle.confirm_key", seq=s.event.seq, actor=s.event.actor, fp=s.key.fingerprint)
            )
        for step in s.changes:
            lines.append(msg("bundle.after_signoff", signoff=s.event.seq, seq=step.event.seq, label=step.label,
                             total=step.total_text()))  # fmt: skip
    lines.append("")
    lines.append(msg("bundle.proves"))
    lines += [msg("bundle.item", text=p) for p in PROVES]
    lines.append(msg("bundle.cannot_prove"))
    lines += [msg("bundle.item", text=p) for p in CANNOT_PROVE]
    return "\n".join(text(line) for line in lines)
