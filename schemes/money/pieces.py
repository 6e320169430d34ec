"""The [payout] table of a scheme file: a list of typed pieces that combine into a contract year's money.

    [[payout.pieces]]
    kind = "installments"          # scheduled payments of a share of the fee
    kind = "interim"               # an interim assessment pays its scorecard's worth, up to a cap
    kind = "deduction"             # an assessment below a threshold costs a share of the year's fee
    kind = "settlement"            # what the year's scorecard is worth, less everything paid before
    kind = "budget_share"          # the grade decides a share of a budget set outside the contract

Every piece is validated when the scheme file is loaded (unknown keys, floats, a band table with a hole, shares
that do not add up to 100%), and every piece carries an `interpretation` where the document leaves a choice.
docs/scheme-reference.md lists each piece with its parameters and an example.
"""

# No `from __future__ import annotations` here: pydantic reads this module's model annotations as the objects
# they are, instead of compiling and evaluating each one from a string when `score` loads it (issue 15).

from decimal import Decimal
from typing import Annotated, Literal, TypeVar

from ledger.messages import msg
from projections.dec import Dec
from projections.modelbase import BaseModel, ConfigDict, Field, model_validator
from projections.numbers import ZERO, fmt
from schemes.bands import Band, coverage

HUNDRED = Decimal(100)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class PayBand(Strict):
    """A score band of a settlement share: pays `pay_pct` of the graded amount, or the score's proportion."""

    min: Dec | None = None
    max: Dec | None = None
    min_open: bool = False
    max_open: bool = False
    pay_pct: Dec | None = None  # % of the amount being graded (not of the share): the document's own figure
    proportional: bool = False  # pays share% x score / points (Pingxiang "按最终分数占总分比例")
    label: str = ""  # the document's words for the band ("85-94分")

    @model_validator(mode="after")
    def _one_way_to_pay(self) -> "PayBand":
        if (self.pay_pct is None) == (not self.proportional):
            raise ValueError(msg("pay.band_one_way"))
        return self

    def band(self) -> Band:
        return Band(self.pay_pct or ZERO, self.min, self.max, self.min_open, self.max_open)

    def describe(self) -> str:
        return self.label or self.band().describe()


class Share(Strict):
    """A share of the graded amount, paid by how one score does on a scale.

    scale "full": always paid; "proportional": pct x score / points (score held to 0..points); "grade": pct x the
    grade's `pay_pct` / 100; "bands": the band the score falls in.
    """

    pct: Dec  # % of the graded amount this share is worth (the shares add up to 100)
    scored_by: str = "total"  # "total", or the id of the block whose points decide this share
    scale: Literal["full", "proportional", "grade", "bands"]
    points: Dec = HUNDRED  # the score that earns the whole share (proportional scales and bands)
    bands: list[PayBand] = []
    round_places: int | None = Field(default=None, ge=0)  # round the score half up before banding
    # Score ranges the document leaves undefined ("85-94分" then "95分以上": 94.5 is in neither), as open
    # [above, below] pairs, and how they are read: a score inside one is said to be, with `gap_reading`.
    undefined: list[tuple[Dec, Dec]] = []
    gap_reading: str = ""
    label_zh: str = ""
    label_en: str = ""
    interpretation: str = ""
    interpretation_zh: str = ""

    @model_validator(mode="after")
    def _scale(self) -> "Share":
        if not ZERO < self.pct <= HUNDRED:
            raise ValueError(msg("pay.share_pct", pct=fmt(self.pct)))
        if (self.scale == "bands") != bool(self.bands):
            raise ValueError(msg("pay.bands_scale"))
        if self.points <= 0:
            raise ValueError(msg("pay.points"))
        for band in self.bands:
            if band.pay_pct is not None and band.pay_pct > self.pct:
                raise ValueError(
                    msg("pay.band_over", band=band.describe(), pay=fmt(band.pay_pct), pct=fmt(self.pct))
                )
        paid = [b.pay_pct for b in self.bands if b.pay_pct is not None]
        if self.bands and not any(b.proportional for b in self.bands) and max(paid) != self.pct:
            raise ValueError(msg("pay.top_band", top=fmt(max(paid)), pct=fmt(self.pct)))
        holes = coverage([b.band() for b in self.bands])
        if self.bands and holes:
            joined = holes[0]
            for hole in holes[1:]:
                joined = msg("sf.then", a=joined, b=hole)
            raise ValueError(msg("pay.score_bands", holes=joined))
        if self.undefined and not self.gap_reading:
            raise ValueError(msg("pay.undefined"))
        return self

    def label(self) -> tuple[str, str]:
        if self.label_zh or self.label_en:
            return self.label_zh or self.label_en, self.label_en or self.label_zh
        if self.scored_by == "total":
            return "总分", "total"
        return self.scored_by, f"block {self.scored_by}"


class Step(Strict):
    """One installment: `pct` of the fee at `at` (after month `at` of service, or in quarter `at`)."""

    at: int = Field(ge=0)
    pct: Dec

    @model_validator(mode="after")
    def _pct(self) -> "Step":
        if not ZERO < self.pct <= HUNDRED:
            raise ValueError(msg("pay.installment_pct", pct=fmt(self.pct)))
        return self


class _Piece(Strict):
    label_zh: str = ""
    label_en: str = ""
    interpretation: str = ""
    interpretation_zh: str = ""


_P = TypeVar("_P", bound=_Piece)


class Installments(_Piece):
    """Scheduled payments of a share of the fee, whatever the score.

    by "month": step `at = k` falls due the day after month k of the contract year's service ends (k = 0: on its
    first day, a payment on signing); by "quarter": step `at = n` is quarter n of the contract year, due on its
    first day (`due = "start"`, a prepayment) or the day after it ends (`due = "after"`).
    """

    kind: Literal["installments"]
    by: Literal["month", "quarter"] = "month"
    schedule: list[Step]
    due: Literal["start", "after"] = "after"
    contract_years: list[int] = []  # the contract years this schedule applies to; empty: every year

    @model_validator(mode="after")
    def _schedule(self) -> "Installments":
        if not self.schedule:
            raise ValueError(msg("pay.schedule_empty"))
        ats = [s.at for s in self.schedule]
        if ats != sorted(set(ats)):
            raise ValueError(msg("pay.schedule_order"))
        if self.by == "quarter" and not all(1 <= a <= 4 for a in ats):
            raise ValueError(msg("pay.schedule_quarters"))
        if self.by == "month" and not all(0 <= a <= 12 for a in ats):
            raise ValueError(msg("pay.schedule_months"))
        if sum((s.pct for s in self.schedule), ZERO) > HUNDRED:
            raise ValueError(msg("pay.schedule_over"))
        return self

    @property
    def total_pct(self) -> Decimal:
        return sum((s.pct for s in self.schedule), ZERO)


class Interim(_Piece):
    """An interim assessment of the first `after_months` months of the contract year pays its scorecard's worth
    under the settlement's shares, at most `cap_pct` of the fee (Dongsheng 半年评估 "最高支付…50%")."""

    kind: Literal["interim"]
    after_months: int = Field(ge=1, le=11)
    cap_pct: Dec | None = None


class Deduction(_Piece):
    """Each assessment whose total is below `below` (strictly) deducts `pct` of the year's fee.

    `once_a_year`: only the first such assessment of a contract year deducts; `cap_pct`: the most a year's
    deductions can take, as a % of the fee.
    """

    kind: Literal["deduction"]
    below: Dec
    pct: Dec
    once_a_year: bool = False
    cap_pct: Dec | None = None


class Settlement(_Piece):
    """What the contract year's scorecard is worth, less what was paid before it (installments, interim
    payments) and the year's deductions; never below zero (an overpayment is shown, not clawed back).

    The graded amount is the fee, less an `exempt` amount paid in full whatever the grade (the contract's
    network construction fee) when `exempt_paid`, or not paid at all when not.
    """

    kind: Literal["settlement"]
    shares: list[Share]
    exempt: Literal["network_fee"] | None = None
    exempt_paid: bool = True
    due_after_months: int | None = Field(default=None, ge=1, le=24)  # None: after the assessment
    contract_years: list[int] = []

    @model_validator(mode="after")
    def _shares(self) -> "Settlement":
        if not self.shares:
            raise ValueError(msg("pay.shares_empty"))
        total = sum((s.pct for s in self.shares), ZERO)
        if total != HUNDRED:
            raise ValueError(msg("pay.shares_sum", total=fmt(total)))
        return self

    @property
    def graded(self) -> bool:
        """Whether the amount depends on a score (any share other than `full`)."""
        return any(s.scale != "full" for s in self.shares)


class BudgetShare(_Piece):
    """No fee formula: the grade decides a share of a budget set outside the contract (Wujiang 奖励金额)."""

    kind: Literal["budget_share"]


Piece = Annotated[Installments | Interim | Deduction | Settlement | BudgetShare, Field(discriminator="kind")]
KINDS = ("installments", "interim", "deduction", "settlement", "budget_share")


class Payout(Strict):
    """A scheme's [payout] table."""

    pieces: list[Piece] = []
    # What the document says of contract years no piece covers (Shaxian "第二、三年的支付方式另行商议").
    other_years: str = ""
    interpretation: str = ""
    interpretation_zh: str = ""

    @model_validator(mode="after")
    def _combination(self) -> "Payout":
        kinds = [p.kind for p in self.pieces]
        for kind in ("settlement", "budget_share"):
            if kinds.count(kind) > 1:
                raise ValueError(msg("pay.one_piece", kind=kind))
        if "settlement" in kinds and "budget_share" in kinds:
            raise ValueError(msg("pay.settlement_and_budget"))
        if "interim" in kinds and "settlement" not in kinds:
            raise ValueError(msg("pay.interim_needs"))
        settlement = self.one(Settlement)
        months = [s.at for p in self.of(Installments) if p.by == "month" for s in p.schedule]
        if settlement is not None and settlement.due_after_months is not None and months:
            if settlement.due_after_months <= max(months):
                raise ValueError(msg("pay.due_after", due=settlement.due_after_months, month=max(months)))
        prepaid = sum((p.total_pct for p in self.pieces if isinstance(p, Installments)), ZERO)
        if prepaid > HUNDRED:
            raise ValueError(msg("pay.prepaid", pct=fmt(prepaid)))
        return self

    def of(self, kind: type[_P]) -> list[_P]:
        return [p for p in self.pieces if isinstance(p, kind)]

    def one(self, kind: type[_P]) -> _P | None:
        found = self.of(kind)
        return found[0] if found else None

    def covers_year(self, year_no: int) -> bool:
        """Whether any piece applies in contract year `year_no` (pieces without contract_years apply in all)."""
        for p in self.pieces:
            years = getattr(p, "contract_years", [])
            if not years or year_no in years:
                return True
        return False
