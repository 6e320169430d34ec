"""How a late event stands on a scorecard, said in the reader's language.

The scorecard keeps each late event's status as a stable English phrase (`score --format json` carries it and
scripts match it, e.g. "pending"); the printed scorecards (text, PDF, xlsx, HTML, the demo summary, `diff`) say
it through the message catalogue instead.
"""

from __future__ import annotations

from typing import Any

from ledger.messages import Both, Message, msg

_KINDS = {"correction": Both("更正", "correction"), "retraction": Both("撤回", "retraction")}
_PLAIN = {
    "accepted": "late.accepted",
    "counted (scheme policy)": "late.counted",
    "late, pending review": "late.pending",
}
_AFTER_CLOSE = {
    ": accepted": "late.change_accepted",
    ": applied (scheme policy)": "late.change_applied",
    ", pending review (counted as it stood at the close)": "late.change_pending",
}


def status_message(status: str) -> Message | str:
    """The catalogue message for a status `schemes.service.late_status` gives (an unknown one as it is)."""
    if status in _PLAIN:
        return msg(_PLAIN[status])
    for kind, label in _KINDS.items():
        head = f"{kind} recorded after the close"
        if status.startswith(head) and status[len(head) :] in _AFTER_CLOSE:
            return msg(_AFTER_CLOSE[status[len(head) :]], kind=label)
    return status


def late_line(entry: dict[str, Any]) -> str:
    """One late event, e.g. '序号 12 举办招聘会 发生于 … 记录于 …：迟报，待审核' (current language)."""
    return str(
        msg(
            "late.line",
            seq=entry["seq"],
            type=entry["type"],
            occurred=entry["occurred_at"],
            recorded=entry["recorded_at"],
            status=status_message(str(entry["status"])),
        )
    )


def status_text(entry: dict[str, Any]) -> str:
    return str(status_message(str(entry["status"])))
