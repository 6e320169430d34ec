"""What reaches the terminal: the one `echo` every line goes through, and the columns a text takes there (a
Chinese character takes two)."""

from __future__ import annotations

from typing import Any

import click


def echo(message: Any = "", err: bool = False, **options: Any) -> None:
    """click.echo with control characters escaped (ledger.limits.printable): the one way text reaches the
    terminal, so a stored actor name like 'op\\x1b[2K\\r' cannot rewrite the screen (a test greps for others)."""
    from ledger.limits import printable

    click.echo(printable(message) if isinstance(message, str) else message, err=err, **options)


def columns(text: str) -> int:
    """Columns a text takes on a terminal: a Chinese character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """`text` padded to `width` terminal columns (a Chinese heading takes two a character)."""
    fill = " " * max(0, width - columns(text))
    return fill + text if right else text + fill


class Utf8Out:
    """Text written as UTF-8 bytes to a binary stream, whatever the terminal's locale says."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(text.encode("utf-8"))
        return len(text)
