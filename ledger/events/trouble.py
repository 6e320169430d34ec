"""Trouble: complaints, disputes, incidents and credit ratings, the events that cost points."""

from typing import ClassVar, Literal

from ledger.events.base import PayloadModel
from ledger.events.vocab import (
    CreditGrade,
    CreditScheme,
    DisputeKind,
    DisputeOutcome,
    IncidentKind,
    Ref,
    Text,
)


class ComplaintFiled(PayloadModel):
    """A complaint (投诉); `valid` is the buyer's finding (有效投诉), None while pending."""

    type: Literal["complaint_filed"] = "complaint_filed"
    label_zh: ClassVar[str] = "投诉"
    complainant: Text
    subject: Text
    valid: bool | None = None
    adverse_impact: bool = False  # 造成不良影响 (Pingxiang)
    case: Ref | None = None  # the complaint's number, which its complaint_closed names (办结时限)


class ComplaintClosed(PayloadModel):
    """A complaint is dealt with and closed (办结); `case` is the number its complaint_filed carries."""

    type: Literal["complaint_closed"] = "complaint_closed"
    label_zh: ClassVar[str] = "投诉办结"
    case: Ref
    resolution: str = ""


class DisputeFiled(PayloadModel):
    """A labour or service dispute (纠纷/劳动争议) is opened."""

    type: Literal["dispute_filed"] = "dispute_filed"
    label_zh: ClassVar[str] = "纠纷立案"
    case: Ref
    kind: DisputeKind = DisputeKind.individual
    parties: str = ""


class DisputeResolved(PayloadModel):
    """A dispute ends: won, lost (败诉), mediated or withdrawn."""

    type: Literal["dispute_resolved"] = "dispute_resolved"
    label_zh: ClassVar[str] = "纠纷结案"
    case: Ref
    kind: DisputeKind = DisputeKind.individual
    outcome: DisputeOutcome
    parties_satisfied: bool | None = None


class SiteIncident(PayloadModel):
    """An incident at or caused by the operator (accident, fight, illegal fee, licence revoked...)."""

    type: Literal["site_incident"] = "site_incident"
    label_zh: ClassVar[str] = "事故/事件"
    kind: IncidentKind
    description: Text


class CreditRated(PayloadModel):
    """A credit rating given to the operator in the period (信用等级评价)."""

    type: Literal["credit_rated"] = "credit_rated"
    label_zh: ClassVar[str] = "信用等级评价"
    scheme: CreditScheme
    grade: CreditGrade
