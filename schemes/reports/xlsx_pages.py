"""Where the 评分表 sheet's pages break, decided here rather than by the spreadsheet.

A merged 类别 or 考核内容 cell that runs across a page break is printed by LibreOffice (and Excel) as one
text centred over the whole merged range: half of it lands under the next page's repeated header row or in
the footer. So the sheet's page breaks are planned from the row heights it sets (which the spreadsheet
uses as given, at 100 %), written as manual breaks, and every vertical merge is cut at them, its text
repeated at the top of each page's part, as one would lay the table out by hand.

Pure: row heights in, page starts and cut merges out.
"""

from __future__ import annotations

from collections.abc import Sequence

# A4 landscape is 595.3 pt high; the sheet's margins are 0.5 in at the top and 0.6 in at the bottom (the
# header and footer sit inside them). 24 pt are kept in hand for a spreadsheet's own rounding.
PAGE_BODY_PT = 595.3 - (0.5 + 0.6) * 72 - 24


def page_starts(heights: Sequence[float], first_page_used: float, repeated: float,
                body: float = PAGE_BODY_PT) -> list[int]:  # fmt: skip
    """Indices into `heights` of the rows that begin a new page, filling each page greedily: the first page
    already holds `first_page_used` points (title, subtitle, header row), every later one `repeated` (the
    header row printed again). A row taller than a page gets a page of its own."""
    starts: list[int] = []
    used = first_page_used
    for n, h in enumerate(heights):
        if used + h > body and used > repeated:
            starts.append(n)
            used = repeated
        used += h
    return starts


def pieces(runs: Sequence[tuple[int, int, int]], starts: Sequence[int]) -> list[tuple[int, int, int]]:
    """(column, first, last) runs cut at the page starts. A piece is merged if it has more than one row;
    either way its first cell carries the run's text again."""
    out: list[tuple[int, int, int]] = []
    for col, first, last in runs:
        edges = [first, *(s for s in starts if first < s <= last), last + 1]
        out += [(col, a, b - 1) for a, b in zip(edges, edges[1:], strict=False)]
    return out
