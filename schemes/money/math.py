"""Pure money arithmetic on payout pieces: what a scorecard's shares are worth, a year's deductions, the
installment schedule. Numbers in, numbers out; the wording lives in `card` and `year`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from ledger.messages import msg
from ledger.record import Record
from projections.numbers import ZERO, fmt
from projections.periods import add_months, contract_months, contract_quarter
from schemes.engine import Scorecard
from schemes.errors import SchemeError
from schemes.money.amounts import HUNDRED, pct_of, yuan
from schemes.money.pieces import Deduction, Installments, PayBand, Settlement, Share

# -- shares and the settlement ---------------------------------------------------------------------------


class SharePay(Record):
    """What one share of a scorecard is worth: `pct` of the graded amount, `yuan` of at most `most`."""

    share: Share
    score: Decimal | None  # None for a full share (no score read) and a grade share (the grade is read)
    grade: str | None
    pct: Decimal
    yuan: Decimal
    most: Decimal  # the share's whole worth; the shares' `most` add up exactly to the graded amount
    band: PayBand | None
    in_gap: bool  # the score lies in a range the document leaves undefined (see Share.undefined)

    @property
    def lost(self) -> Decimal:
        return self.most - self.yuan


class Entitlement(Record):
    """What a scorecard is worth under the settlement's shares: the exempt amount plus every share."""

    exempt: Decimal  # paid in full whatever the score (0 when there is none or it is not paid)
    exempt_unpaid: Decimal  # an exempt amount the settlement does not pay at all (exempt_paid = false)
    graded: Decimal  # the amount the shares divide
    shares: tuple[SharePay, ...]

    @property
    def total(self) -> Decimal:
        return self.exempt + sum((s.yuan for s in self.shares), ZERO)

    @property
    def total_pct(self) -> Decimal:
        return sum((s.pct for s in self.shares), ZERO)


def score_of(card: Scorecard, scored_by: str) -> Decimal:
    """The total, or a block's points."""
    if scored_by == "total":
        return card.total
    for block in card.blocks:
        if block.id == scored_by:
            return block.points
    raise SchemeError(msg("pay.no_block", scheme=card.scheme, block=repr(scored_by)))


def clamp(score: Decimal, points: Decimal) -> Decimal:
    """The score held to 0..points (a block cannot earn more than its whole share, nor less than nothing)."""
    return min(max(score, ZERO), points)


def band_for(share: Share, score: Decimal) -> tuple[PayBand, Decimal]:
    """(the band the score falls in, the score it was banded on: rounded first when `round_places` says so)."""
    banded = score
    if share.round_places is not None:
        banded = score.quantize(Decimal(1).scaleb(-share.round_places), rounding=ROUND_HALF_UP)
    for band in share.bands:
        if band.band().holds(banded):
            return band, banded
    raise SchemeError(msg("pay.no_band", score=fmt(banded)))  # the load check refuses tables with holes


def share_pct(
    share: Share, card: Scorecard, grade_pct: Decimal | None
) -> tuple[Decimal, Decimal | None, PayBand | None]:
    """(% of the graded amount this share pays, the score read, the band)."""
    if share.scale == "full":
        return share.pct, None, None
    if share.scale == "grade":
        if grade_pct is None:
            raise SchemeError(msg("pay.grade_no_pct", scheme=card.scheme, grade=repr(card.grade)))
        return share.pct * grade_pct / HUNDRED, None, None
    score = score_of(card, share.scored_by)
    if share.scale == "proportional":
        return share.pct * clamp(score, share.points) / share.points, score, None
    band, _ = band_for(share, score)
    if band.proportional:
        return share.pct * clamp(score, share.points) / share.points, score, band
    assert band.pay_pct is not None
    return band.pay_pct, score, band


def entitlement(
    settlement: Settlement, card: Scorecard, fee: Decimal, network_fee: Decimal, grade_pct: Decimal | None
) -> Entitlement:
    """What the scorecard is worth. Each share is rounded to the fen at its amount; the shares' maxima are
    allocated so they add up to the graded amount exactly (the last takes the rounding remainder)."""
    exempt = network_fee if settlement.exempt == "network_fee" else ZERO
    graded = yuan(fee - exempt)
    pays: list[SharePay] = []
    allotted = ZERO
    for n, share in enumerate(settlement.shares):
        pct, score, band = share_pct(share, card, grade_pct)
        most = graded - allotted if n == len(settlement.shares) - 1 else pct_of(graded, share.pct)
        allotted += most
        in_gap = score is not None and any(lo < score < hi for lo, hi in share.undefined)
        pays.append(SharePay(share, score, card.grade if share.scale == "grade" else None, pct,
                             pct_of(graded, pct), most, band, in_gap))  # fmt: skip
    paid_exempt = yuan(exempt) if settlement.exempt_paid else ZERO
    unpaid = ZERO if settlement.exempt_paid else yuan(exempt)
    return Entitlement(paid_exempt, unpaid, graded, tuple(pays))


def settle(entitled: Decimal, paid_before: Decimal, deducted: Decimal) -> tuple[Decimal, Decimal]:
    """(the settlement payment, the overpayment): entitlement less what was paid and deducted, floored at 0."""
    rest = entitled - paid_before - deducted
    return yuan(max(ZERO, rest)), yuan(max(ZERO, -rest))


def interim_payment(worth: Decimal, fee: Decimal, cap_pct: Decimal | None) -> Decimal:
    """An interim assessment pays what its scorecard is worth, at most cap_pct of the fee."""
    return worth if cap_pct is None else min(worth, pct_of(fee, cap_pct))


# -- deductions ------------------------------------------------------------------------------------------


def deducts(piece: Deduction, total: Decimal) -> bool:
    """'低于' is strict: a total equal to `below` deducts nothing."""
    return total < piece.below


def year_deductions(piece: Deduction, fee: Decimal, totals: Sequence[Decimal]) -> list[Decimal]:
    """Each assessment's deduction in yuan, in order: `pct` of the year's fee for each total below the
    threshold; with `once_a_year` only the first; never more than `cap_pct` of the fee in all."""
    each = pct_of(fee, piece.pct)
    most = pct_of(fee, piece.cap_pct) if piece.cap_pct is not None else None
    out: list[Decimal] = []
    taken = ZERO
    for total in totals:
        hit = deducts(piece, total) and not (taken and piece.once_a_year)
        amount = each if hit else ZERO
        if most is not None:
            amount = min(amount, max(ZERO, most - taken))
        taken += amount
        out.append(amount)
    return out


# -- installments ----------------------------------------------------------------------------------------


class Due(Record):
    """One scheduled installment of a contract year."""

    at: int
    by: str
    pct: Decimal
    due: date
    yuan: Decimal

    def label(self) -> tuple[str, str]:
        if self.by == "quarter":
            return f"第{self.at}季度", f"quarter {self.at}"
        if self.at == 0:
            return "签约时", "on signing"
        return f"服务满{self.at}个月", f"after month {self.at}"


def year_start(contract_start: date, year_no: int) -> date:
    return add_months(contract_start, 12 * (year_no - 1))


def after_months(contract_start: date, year_no: int, months: int) -> date:
    """The day after month `months` of the contract year's service ends (运营服务期满k个月后); k = 0: its first day."""
    start = year_start(contract_start, year_no)
    if months == 0:
        return start
    return contract_months(start, months).end + timedelta(days=1)


def schedule(piece: Installments, fee: Decimal, contract_start: date, year_no: int) -> list[Due]:
    """The installments of contract year `year_no` (empty when the piece does not apply that year)."""
    if piece.contract_years and year_no not in piece.contract_years:
        return []
    out = []
    for step in piece.schedule:
        if piece.by == "month":
            due = after_months(contract_start, year_no, step.at)
        else:
            quarter = contract_quarter(contract_start, step.at, year=year_no)
            due = quarter.start if piece.due == "start" else quarter.end + timedelta(days=1)
        out.append(Due(step.at, piece.by, step.pct, due, pct_of(fee, step.pct)))
    return out
