"""Service work events: tickets, talent and organisations served, technology services, awards, staff, metrics."""

from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from ledger.events.base import PayloadModel
from ledger.events.vocab import (
    InnovationKind,
    Level,
    Metric,
    OrgKind,
    Platform,
    ServiceKind,
    TalentKind,
    Text,
    Yuan,
)


class ServiceTicket(PayloadModel):
    """A service ticket (咨询帮办/专人盯办/全程代办工单)."""

    type: Literal["service_ticket"] = "service_ticket"
    label_zh: ClassVar[str] = "服务工单"
    kind: ServiceKind
    client: Text


class TalentEngaged(PayloadModel):
    """A talent or team recruited, reserved, trained or engaged, by kind."""

    type: Literal["talent_engaged"] = "talent_engaged"
    label_zh: ClassVar[str] = "人才引育"
    kind: TalentKind
    name: Text


class OrganizationEngaged(PayloadModel):
    """An organisation introduced, reserved, founded or landed, by kind."""

    type: Literal["organization_engaged"] = "organization_engaged"
    label_zh: ClassVar[str] = "机构/平台引育"
    kind: OrgKind
    name: Text


class TechServiceDelivered(PayloadModel):
    """A technology service (技术服务) and the turnover it brought (交易额)."""

    type: Literal["tech_service_delivered"] = "tech_service_delivered"
    label_zh: ClassVar[str] = "技术服务"
    title: Text
    amount_yuan: Yuan = Decimal(0)


class InnovationRecorded(PayloadModel):
    """A patent, academic exchange or technical result related to the project."""

    type: Literal["innovation_recorded"] = "innovation_recorded"
    label_zh: ClassVar[str] = "技术创新成果"
    kind: InnovationKind
    level: Literal["national", "provincial"]
    title: Text


class AwardReceived(PayloadModel):
    """An award or commendation from a government department (奖励荣誉/表彰)."""

    type: Literal["award_received"] = "award_received"
    label_zh: ClassVar[str] = "获得表彰"
    level: Level
    title: Text
    issuer: str = ""
    kind: Literal["honour", "innovation_adopted"] = "honour"


class StaffJoined(PayloadModel):
    """A staff member starts (专职人员 / 直播团队)."""

    type: Literal["staff_joined"] = "staff_joined"
    label_zh: ClassVar[str] = "人员到岗"
    name: Text
    role: Literal["operations", "livestream", "front_desk", "management", "other"] = "operations"
    full_time: bool = True


class StaffLeft(PayloadModel):
    """A staff member leaves."""

    type: Literal["staff_left"] = "staff_left"
    label_zh: ClassVar[str] = "人员离岗"
    name: Text


class MetricRecorded(PayloadModel):
    """A reading of a counter kept elsewhere (platform visits, followers...)."""

    type: Literal["metric_recorded"] = "metric_recorded"
    label_zh: ClassVar[str] = "指标读数"
    metric: Metric
    value: Annotated[Decimal, Field(ge=0)]
    platform: Platform | None = None
