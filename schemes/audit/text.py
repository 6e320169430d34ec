"""The printed forms the CLI shows: audit, diff and evidence reports (text and JSON), bundle export and
verification."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from projections.numbers import fmt
from schemes.audit.bundle import CANNOT_PROVE, PROVES, ExportSummary
from schemes.audit.bundle_verify import BundleReport
from schemes.audit.changes import Diff, Step
from schemes.audit.evidence import ItemEvidence
from schemes.audit.signoff_audit import SignoffAudit
from schemes.engine import Scorecard


def _grade(card: Scorecard | None) -> str:
    return f" {card.grade}" if card is not None and card.grade else ""


def step_lines(step: Step) -> list[str]:
    e = step.event
    head = f"  seq {e.seq} [{e.recorded_at}] {e.actor}: {step.label}"
    if not step.changed:
        return [head, "      no change to the scorecard"]
    out = [head]
    out += [f"      {c.text()}" for c in step.items]
    if step.late_before != step.late_after:
        out.append(f"      late: {step.late_after or 'no longer listed'}")
    out.append(f"      {step.total_text()}")
    return out


def audit_text(results: list[SignoffAudit]) -> str:
    lines: list[str] = []
    for r in results:
        p, e = r.event.payload, r.event
        lines.append(
            f"sign-off seq {e.seq} by {e.actor} ({e.recorded_at}): {p['scheme']} {e.site} {p['period']} "
            f"total {fmt(Decimal(p['total']))}{' ' + p['grade'] if p['grade'] else ''}, head seq {p['head_seq']}"
        )
        if r.key is not None:
            lines.append(
                f"  key {r.key.fingerprint} ({r.key.public_key}) — confirm it with {e.actor} out of band"
            )
        for k in r.ignored_keys:
            lines.append(
                f"  note: another key {k.fingerprint} was registered for {e.actor} at seq {k.seq}; ignored"
            )
        if r.withdrawn_by is not None:
            lines.append(f"  note: this sign-off was withdrawn (retracted) at seq {r.withdrawn_by}")
        for c in r.checks:
            lines.append(f"  {'ok  ' if c.ok else 'FAIL'} {c.name:<9} {c.detail}")
        if r.current is None:
            lines.append("")
            continue
        lines.append(f"  since the sign-off: {r.later_events} event(s) recorded for the scope")
        if not r.changes:
            lines.append(
                f"  none changes the scorecard: now {fmt(r.current.total)}{_grade(r.current)}, as signed"
            )
        else:
            lines.append(f"  {len(r.changes)} change the scorecard (each applied in order):")
            for step in r.changes:
                lines += step_lines(step)
            lines.append(
                f"  now: total {fmt(r.current.total)}{_grade(r.current)} (signed {fmt(Decimal(p['total']))}"
                f"{' ' + p['grade'] if p['grade'] else ''})"
            )
        verdict = "VALID" if r.ok else "INVALID: " + "; ".join(c.name for c in r.failures)
        lines.append(f"  verdict: {verdict}")
        lines.append("")
    return "\n".join(lines).rstrip()


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
    lines = [
        f"{d.site} {d.period} ({d.before.scheme}) from {d.t1} to {d.t2}",
        f"  at {d.t1}: total {fmt(d.before.total)}{_grade(d.before)}",
    ]
    if not d.steps:
        lines.append("  no event recorded in between touches this period")
    for step in d.steps:
        lines += step_lines(step)
    if d.outside:
        lines.append(
            f"  ({d.outside} other event(s) recorded in between are dated after the period and cannot touch it)"
        )
    lines.append(f"  at {d.t2}: total {fmt(d.after.total)}{_grade(d.after)}")
    return "\n".join(lines)


def diff_json(d: Diff) -> dict[str, Any]:
    return {
        "site": d.site, "period": d.period, "scheme": d.before.scheme, "from": d.t1, "to": d.t2,
        "before": {"total": fmt(d.before.total), "grade": d.before.grade},
        "after": {"total": fmt(d.after.total), "grade": d.after.grade},
        "events": [step_json(s) for s in d.steps], "outside": d.outside,
    }  # fmt: skip


def evidence_text(card: Scorecard, report: list[ItemEvidence]) -> str:
    lines = [f"{card.site} {card.period} ({card.scheme}): evidence per item"]
    for item in report:
        lines.append("")
        events = ", ".join(f"#{s}" for s in item.events[:12]) + (" …" if len(item.events) > 12 else "")
        lines.append(
            f"{item.id}  {item.title}  ({fmt(item.points)}/{fmt(item.max_points)}; events {events or 'none'})"
        )
        lines.append(
            f"  asks for: {'、'.join(item.asks) if item.asks else '(the document names no evidence)'}"
        )
        if item.attached:
            for f, state, covered in item.attached:
                via = "" if f.via_seq == f.target_seq else f", attached by #{f.via_seq}"
                label = f" → {covered}" if covered else (f" (for {f.requirement})" if f.requirement else "")
                lines.append(
                    f"  attached: #{f.target_seq} {f.file_name} sha256 {f.sha256[:12]}… [{state}{via}]{label}"
                )
        else:
            lines.append("  attached: nothing")
        if not item.events:
            lines.append("  missing: " + ("、".join(item.missing) + " (no events back this item yet)" if item.missing
                                          else "nothing asked"))  # fmt: skip
        else:
            lines.append(f"  missing: {'、'.join(item.missing) if item.missing else 'nothing'}")
            if item.bare:
                lines.append(f"  events with no evidence at all: {', '.join(f'#{s}' for s in item.bare)}")
    return "\n".join(lines)


def export_text(s: ExportSummary) -> str:
    return "\n".join([
        f"wrote {s.out}: {s.site} {s.period} ({s.scheme})",
        f"  events.jsonl   {s.events} events (seq {s.first_seq}..{s.last_seq}), the site's head {s.head_hash}",
        f"  scorecard.json total {fmt(s.total)}",
        f"  signoffs.json  {s.signoffs} sign-off(s)",
        f"  evidence/      {s.evidence_included} file(s)"
        + (f"; {s.evidence_missing} referenced file(s) not in the store, listed in bundle.json" if s.evidence_missing else ""),
        f"check it anywhere with: opsledger verify-bundle {s.out}",
    ])  # fmt: skip


def report_text(r: BundleReport) -> str:
    lines = [f"bundle {r.path}: {r.site} {r.period} ({r.scheme})"]
    for c in r.checks:
        lines.append(f"  {'ok  ' if c.ok else 'FAIL'} {c.name}: {c.detail}")
    for s in r.signoffs:
        if s.key is not None:
            lines.append(f"  sign-off seq {s.event.seq} by {s.event.actor}: key {s.key.fingerprint} — confirm it with "
                         f"{s.event.actor} out of band (or pass --trust-key)")  # fmt: skip
        for step in s.changes:
            lines.append(
                f"  after sign-off seq {s.event.seq}, seq {step.event.seq} {step.label}: {step.total_text()}"
            )
    lines.append("")
    lines.append("A verified bundle proves:")
    lines += [f"  - {p}" for p in PROVES]
    lines.append("It cannot prove:")
    lines += [f"  - {p}" for p in CANNOT_PROVE]
    return "\n".join(lines)
