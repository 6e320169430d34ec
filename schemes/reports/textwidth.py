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
