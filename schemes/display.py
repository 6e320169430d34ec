"""Numbers as people read them on paper and screen; the exact values stay in JSON and in the scoring.

Three habits of the raw numbers read wrongly on a printed scorecard, so every renderer goes through here:
  - a deduction of nothing is Decimal('-0'), printed '-0';
  - a cohort scheme's ratio-weighted points run to four places (Wujiang 110.8168): a scheme declares
    `display_places` and points are shown rounded half up (四舍五入) to that many places;
  - a quarter's total over its maximum (Chifeng: 25 base points plus a 2-point bonus) printed '27/25'
    reads as a mistake: the total is shown as its parts, '25/25 + 2'.

It sits in schemes/, not in reports/, because the money text (`opsledger payout`) and the demo summary print
totals too, and money is a lower concern than the reports that render it.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ledger.messages import current_lang
from projections.numbers import ZERO, fmt, round_half_up
from schemes.engine import Scorecard
from schemes.model import Scheme


def places_of(scheme: Scheme | None) -> int | None:
    return scheme.display_places if scheme is not None else None


def number(value: Decimal | None, places: int | None = None) -> str:
    """'12', '0.5', '110.82' (places=2), never '-0'; None is '—'."""
    if value is None:
        return "—"
    if places is not None:
        value = round_half_up(value, places)
    if value == 0:  # -0 and -0.00 included
        value = ZERO
    return fmt(value)


def shown(value: Decimal | None) -> str:
    """A counted or projected value for people: whole numbers as they are, fractions to one decimal place."""
    if value is None:
        return "—"
    return fmt(value) if value == value.to_integral_value() else fmt(round_half_up(value, 1))


def parts(card: Scorecard) -> tuple[Decimal, Decimal, Decimal] | None:
    """(base, bonus, penalty) points when they add up to the total, else None (a total cap or floor, or a
    data-fraud deduction, took it elsewhere: then only the total is meaningful)."""
    base = sum((b.points for b in card.blocks if b.kind == "base"), ZERO)
    bonus = sum((b.points for b in card.blocks if b.kind == "bonus"), ZERO)
    penalty = sum((b.points for b in card.blocks if b.kind == "penalty"), ZERO)
    return (base, bonus, penalty) if base + bonus + penalty == card.total else None


def total_text(card: Scorecard, places: int | None = None) -> str:
    """'22/25'; with a bonus or a penalty taken, the parts: '25/25 + 2', '24/25 + 2 − 1'."""
    split = parts(card)
    top = number(card.max_total, places)
    if split is None or (split[1] == 0 and split[2] == 0):
        return f"{number(card.total, places)}/{top}"
    base, bonus, penalty = split
    text = f"{number(base, places)}/{top}"
    if bonus:
        text += f" + {number(bonus, places)}"
    if penalty:
        text += f" − {number(-penalty, places)}"
    return text


def parts_text(card: Scorecard, places: int | None = None) -> str:
    """'基础 25/25 + 加分 2 − 减分 1', or '' when there is no bonus or penalty to spell out."""
    split = parts(card)
    if split is None or (split[1] == 0 and split[2] == 0):
        return ""
    base, bonus, penalty = split
    said = f"基础 {number(base, places)}/{number(card.max_total, places)}"
    if bonus:
        said += f" + 加分 {number(bonus, places)}"
    if penalty:
        said += f" − 减分 {number(-penalty, places)}"
    return said


def total_line(card: Scorecard, places: int | None = None) -> str:
    """The total for a summary line: '27（基础 25/25 + 加分 2）', or '22 / 25'."""
    said = parts_text(card, places)
    if said:
        return f"{number(card.total, places)}（{said}）"
    return f"{number(card.total, places)} / {number(card.max_total, places)}"


def pace(value: Decimal) -> str:
    """A pro-rated target (target x k / months) for a chart label: whole units from 10 up ('10000', not
    '10000.1'), one decimal below ('0.3' of a yearly report by March)."""
    return number(value, 0 if abs(value) >= 10 else 1)


_HAN = re.compile(r"[\u4e00-\u9fff]")


def one_language(line: str, lang: str | None = None) -> str:
    """'中文 / English' (how the money layer writes a line, JSON keeps it whole) as the reader's side only.

    A line is split only when it has exactly one ' / ' with Chinese before it and no Chinese-only text after it;
    anything else (a line in one language, a fraction written '22 / 25') is printed as it is, never cut wrong.
    """
    if line.count(" / ") != 1:
        return line
    zh, en = line.split(" / ")
    if not _HAN.search(zh) or not re.search(r"[A-Za-z]{2}", en):
        return line
    return en if (lang or current_lang()) == "en" else zh
