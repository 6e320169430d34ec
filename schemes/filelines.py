"""Where a problem in a scheme file is: the file, the table (item, indicator, payout piece) and the line.

TOML parsers give no line numbers, so the text is scanned: the table a location is in (the n-th [[items]],
[indicators.NAME], the n-th [[payout.pieces]]), then the first line inside it naming the culprit (a key or a
quoted value). schemes/filecheck.py finds the problems; this module says where they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Literal

from ledger.messages import Message, msg, text
from ledger.record import Record


class Problem(Record):
    """One problem of a scheme file. `where` and `message` are catalogue messages (or plain text, or an error
    carrying one), rendered when printed: in the language of whoever reads them."""

    file: str
    where: Any
    line: int | None
    message: Any
    severity: Literal["error", "warning"] = "error"

    def as_message(self) -> Message:
        """'FILE:LINE: [warning: ]WHERE: MESSAGE' as one message (a load error keeps it unrendered)."""
        return msg(
            "sf.problem",
            place=f"{self.file}:{self.line}" if self.line else self.file,
            kind=msg("sf.problem.warning") if self.severity == "warning" else "",
            where=msg("sf.problem.where", where=self.where) if self.where else "",
            message=self.message,
        )

    def __str__(self) -> str:
        return text(self.as_message())


class Placed(ValueError):
    """A check across the whole file (schemes/model.py Scheme) that is about one table: its `kind` ('item',
    'indicator', 'veto', 'void', 'payout', 'cohort_condition'), the table's id and the names to find its line
    by. pydantic reports it with no location, so `place` puts it where it belongs."""

    def __init__(self, kind: str, name: str, error: Message, clues: Iterable[Any] = ()) -> None:
        self.kind, self.name, self.error, self.clues = kind, name, error, tuple(clues)
        super().__init__(msg("sf.placed", where=where_of(kind, name), error=error))


def where_of(kind: str, name: str) -> Message:
    """The words for a table of the file: 'item q1.deals' / '考核项 q1.deals'."""
    if kind == "item":
        return msg("sf.at.item", item=name)
    if kind == "indicator":
        return msg("sf.at.indicator", indicator=name)
    if kind == "veto":
        return msg("sf.at.veto", veto=name)
    if kind == "void":
        return msg("sf.at.void")
    if kind == "cohort_condition":
        return msg("sf.at.cohort_condition", id=name)
    return msg("sf.at.key", key=kind)


# -- finding lines ----------------------------------------------------------------------------------------

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")


class Locator:
    """Line numbers in a scheme file's text: the table an error is in, and the line naming the culprit."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers = [(n, m.group(1)) for n, line in enumerate(self.lines, 1) if (m := _HEADER.match(line))]

    def _range(self, section: tuple[Any, ...]) -> tuple[int, int]:
        """[first line, last line] of the table a location is in (1-based)."""
        if not section:
            return 1, (self.headers[0][0] - 1 if self.headers else len(self.lines))
        name = section[0]
        if name == "indicators" and len(section) > 1:
            wanted = [f"indicators.{section[1]}"]
        elif name == "payout" and len(section) > 2 and section[1] == "pieces" and isinstance(section[2], int):
            return self._nth("payout.pieces", section[2])
        elif len(section) > 1 and isinstance(section[1], int):
            return self._nth(name, section[1])
        else:
            wanted = [name]
        for i, (n, header) in enumerate(self.headers):
            if header in wanted or any(header.startswith(w + ".") for w in wanted):
                return n, self._end(i)
        return 1, len(self.lines)

    def _nth(self, header: str, index: int) -> tuple[int, int]:
        found = [i for i, (_, h) in enumerate(self.headers) if h == header]
        if index < len(found):
            i = found[index]
            return self.headers[i][0], self._end(i)
        return 1, len(self.lines)

    def _end(self, i: int) -> int:
        """The last line of the table at header index i: up to the next header that is not its own sub-table."""
        own = self.headers[i][1]
        for n, header in self.headers[i + 1 :]:
            if not header.startswith(own + "."):
                return n - 1
        return len(self.lines)

    def line(self, section: tuple[Any, ...], needles: Iterable[str] = ()) -> int:
        """The first line in the section holding a needle (a key or a quoted value), else the table's first."""
        first, last = self._range(section)
        for needle in needles:
            for n in range(first, last + 1):
                if needle and needle in self.lines[n - 1]:
                    return n
        return first


def needles(*names: Any) -> list[str]:
    out = []
    for name in names:
        if name is None:
            continue
        if isinstance(name, str):
            out += [f'"{name}"', f"{name} =", name]
        else:
            out.append(str(name))
    return out


def edges(hole: str) -> list[str]:
    """Needles for the band lines a hole or overlap is between: 'max = "2400"', 'min = "2500"', ..."""
    numbers = re.findall(r"-?\d+(?:\.\d+)?", hole.split(":")[-1])
    return [f'{k} = "{n}"' for n in numbers for k in ("max", "min")] + ["bands"]


def place(data: dict[str, Any], error: Placed) -> tuple[tuple[Any, ...], Message, Message, list[str]]:
    """(section, where, message, needles) for a whole-file check's error."""
    clues = [n for q in error.clues for n in needles(q)]
    kind, name = error.kind, error.name
    if kind == "item":
        ids = [i.get("id") for i in data.get("items", [])]
        at: tuple[Any, ...] = ("items", ids.index(name)) if name in ids else ()
    elif kind == "indicator":
        at = ("indicators", name)
    elif kind == "payout":
        at = ("payout",)
    elif kind == "veto":
        ids = [v.get("id") for v in data.get("vetoes", [])]
        at = ("vetoes", ids.index(name)) if name in ids else ()
    else:
        at = ()
    return at, where_of(kind, name), error.error, clues


def section(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    if not loc:
        return ()
    if loc[0] == "indicators" and len(loc) > 1:
        return ("indicators", loc[1])
    if loc[0] == "payout" and len(loc) > 2 and loc[1] == "pieces":
        return ("payout", "pieces", loc[2])
    if len(loc) > 1 and isinstance(loc[1], int):
        return (loc[0], loc[1])
    return (loc[0],) if isinstance(loc[0], str) and loc[0] in ("payout", "cohort_grading") else ()


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]
