"""Assessor-only events: judgements, ratings, findings, closes, acceptances and sign-offs (ledger/trust.py
requires the assessor role and, for signed acts, the assessor's key).
"""

from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from ledger.events.base import PayloadModel
from ledger.events.vocab import Count, FindingKind, Text
from ledger.messages import msg


class AssessorJudgement(PayloadModel):
    """An assessor's judgement on a qualitative scheme item: met or not, and how many services fell short."""

    type: Literal["assessor_judgement"] = "assessor_judgement"
    label_zh: ClassVar[str] = "评估判定"
    assessor_only: ClassVar[bool] = True
    scheme: str
    item: str
    met: bool
    shortfalls: Count = 0  # services or sub-requirements not (fully) provided
    reason: Text
    # Points the assessor awards or deducts where the document leaves the amount to them ("视情况给予一定加分/减分",
    # Chifeng's 其他 bonus and penalty lines); None for an ordinary met/not-met judgement.
    points: Annotated[Decimal, Field(ge=0)] | None = None


class AssessorRating(PayloadModel):
    """An assessor rates a scheme item's named aspects on the scheme's scale (e.g. 1-5); the scheme weights them."""

    type: Literal["assessor_rating"] = "assessor_rating"
    label_zh: ClassVar[str] = "评估评分"
    assessor_only: ClassVar[bool] = True
    scheme: str
    item: str
    ratings: dict[Annotated[str, Field(min_length=1, max_length=80)], Annotated[int, Field(ge=0, le=100)]]
    reason: Text

    @model_validator(mode="after")
    def _some(self) -> "AssessorRating":
        if not self.ratings:
            raise ValueError(msg("ev.ratings_empty"))
        return self


class InspectionFinding(PayloadModel):
    """Something an assessor found on inspection (每发现一次...扣分)."""

    type: Literal["inspection_finding"] = "inspection_finding"
    label_zh: ClassVar[str] = "检查发现"
    assessor_only: ClassVar[bool] = True
    kind: FindingKind
    count: Annotated[int, Field(ge=1)] = 1
    item: str = ""  # the scheme item it concerns (data fraud: the sub-item that scores zero)
    reason: Text


class PeriodClosed(PayloadModel):
    """An assessor closes a (site, period): later events inside it are flagged late."""

    type: Literal["period_closed"] = "period_closed"
    label_zh: ClassVar[str] = "关闭考核期"
    assessor_only: ClassVar[bool] = True
    period: Annotated[str, Field(min_length=4, max_length=12)]
    reason: str = ""


class LateEventAccepted(PayloadModel):
    """An assessor accepts an event recorded after its period closed."""

    type: Literal["late_event_accepted"] = "late_event_accepted"
    label_zh: ClassVar[str] = "接受迟报事件"
    assessor_only: ClassVar[bool] = True
    target: Annotated[str, Field(min_length=1)]
    reason: Text


class ScoreSignedOff(PayloadModel):
    """An assessor's signed statement of a score: tamper-evident and unforgeable."""

    type: Literal["score_signed_off"] = "score_signed_off"
    label_zh: ClassVar[str] = "评分签署"
    assessor_only: ClassVar[bool] = True
    scheme: str
    period: str
    total: Decimal
    grade: str = ""
    head_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    head_seq: Annotated[int, Field(ge=0)]
    scheme_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    as_of: str
    signature: Annotated[str, Field(pattern=r"^[0-9a-f]{128}$")]
