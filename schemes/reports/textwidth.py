"""Display width of mixed Chinese and Latin text: a CJK character takes two columns (terminal, cell, page)."""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, cols: int) -> str:
    return text + " " * max(0, cols - width(text))


def clip(text: str, cols: int) -> str:
    out, used = "", 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > cols - 1:
            return out + "…"
        out, used = out + ch, used + w
    return out


def _tokens(paragraph: str) -> list[str]:
    """Where a line may break: after any CJK character, at spaces between Latin words."""
    out: list[str] = []
    word = ""
    for ch in paragraph:
        if unicodedata.east_asian_width(ch) in "WF":
            if word:
                out.append(word)
                word = ""
            out.append(ch)
        elif ch == " ":
            out.append(word + " ")
            word = ""
        else:
            word += ch
    if word:
        out.append(word)
    return out


def wrapped_lines(text: str, cols: float, latin: float = 1.0) -> int:
    """How many lines `text` takes wrapped at `cols` columns (CJK characters two columns wide, others
    `latin` columns: a proportional font's digits are wider than half a CJK character), the way a
    spreadsheet or browser wraps it: a Latin word moves to the next line whole unless it alone is too long."""
    cols = max(cols, 2)

    def width(text: str) -> float:
        cjk = sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")
        return 2 * cjk + latin * (len(text) - cjk)

    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0
        for token in _tokens(paragraph):
            w = width(token.rstrip(" "))
            if used and used + w > cols:
                lines += 1
                used = 0
            while w > cols:  # a word longer than a line is broken where it must
                lines += 1
                w -= cols
            used += w + (latin if token.endswith(" ") else 0)
    return lines
