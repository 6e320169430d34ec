"""Events of parks and institutions: entries and exits, revenue, surveys, publicity, deliverables, activities."""

from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from ledger.events.base import PayloadModel
from ledger.events.vocab import (
    ActivityKind,
    DeliverableKind,
    Format,
    Level,
    People,
    Platform,
    Ref,
    SurveyKind,
    Text,
    Yuan,
)
from ledger.messages import msg


class InstitutionEntered(PayloadModel):
    """A resident institution (入驻机构) moves into the park, with its agreement."""

    type: Literal["institution_entered"] = "institution_entered"
    label_zh: ClassVar[str] = "机构入驻"
    institution: Text
    registered_locally: bool = False


class InstitutionLeft(PayloadModel):
    """A resident institution leaves the park."""

    type: Literal["institution_left"] = "institution_left"
    label_zh: ClassVar[str] = "机构迁出"
    institution: Text
    reason: str = ""


class RevenueReported(PayloadModel):
    """One resident institution's revenue for one month (营业收入, yuan)."""

    type: Literal["revenue_reported"] = "revenue_reported"
    label_zh: ClassVar[str] = "营业收入申报"
    institution: Text
    month: Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
    amount_yuan: Yuan


class SurveyResponse(PayloadModel):
    """One respondent's satisfaction answer: a 0-100 score, a satisfied yes/no, or both."""

    type: Literal["survey_response"] = "survey_response"
    label_zh: ClassVar[str] = "满意度调查答卷"
    survey: SurveyKind
    respondent: Ref
    score: Annotated[Decimal, Field(ge=0, le=100)] | None = None
    satisfied: bool | None = None

    @model_validator(mode="after")
    def _needs_an_answer(self) -> "SurveyResponse":
        if self.score is None and self.satisfied is None:
            raise ValueError(msg("ev.survey_answer"))
        return self


class SurveySummary(PayloadModel):
    """A survey's aggregate where the operator has no individual answers (a third party's report): how many
    answered, how many were satisfied, the mean score. Counts wherever the answers it summarises would."""

    type: Literal["survey_summary"] = "survey_summary"
    label_zh: ClassVar[str] = "满意度调查汇总"
    survey: SurveyKind
    respondents: Annotated[int, Field(ge=1, json_schema_extra={"unit": "people (人)"})]
    satisfied: People | None = None
    mean_score: Annotated[Decimal, Field(ge=0, le=100)] | None = None
    source: str = ""  # who ran the survey

    @model_validator(mode="after")
    def _figures(self) -> "SurveySummary":
        if self.satisfied is None and self.mean_score is None:
            raise ValueError(msg("ev.summary_figures"))
        if self.satisfied is not None and self.satisfied > self.respondents:
            raise ValueError(
                msg("ev.summary_exceeds", satisfied=self.satisfied, respondents=self.respondents)
            )
        return self


class MediaReport(PayloadModel):
    """Publicity in official media (国家级/省级官方报刊、网站)."""

    type: Literal["media_report"] = "media_report"
    label_zh: ClassVar[str] = "媒体宣传报道"
    level: Level
    outlet: Text
    title: Text
    url: str = ""


class InfoPublished(PayloadModel):
    """A post on the official account, mini-program or park system (信息发布)."""

    type: Literal["info_published"] = "info_published"
    label_zh: ClassVar[str] = "信息发布"
    channel: Platform
    title: Text


class VideoPublished(PayloadModel):
    """A promotional film or short video, with its specification."""

    type: Literal["video_published"] = "video_published"
    label_zh: ClassVar[str] = "视频发布"
    kind: Literal["park_image", "enterprise_image", "short_video"]
    title: Text
    width: Annotated[int, Field(ge=0)] = 0
    height: Annotated[int, Field(ge=0)] = 0
    minutes: Annotated[Decimal, Field(ge=0)] = Decimal(0)
    platform: str = ""


class DeliverableSubmitted(PayloadModel):
    """A document or system handed over (plan, report, ledger, platform)."""

    type: Literal["deliverable_submitted"] = "deliverable_submitted"
    label_zh: ClassVar[str] = "提交成果"
    kind: DeliverableKind
    title: Text
    platform: Platform | None = None


class ActivityHeld(PayloadModel):
    """An activity of a kind from a closed list, with its scale and attendance."""

    type: Literal["activity_held"] = "activity_held"
    label_zh: ClassVar[str] = "举办活动"
    kind: ActivityKind
    title: Text
    participants: People = 0
    scale: Literal["small", "medium", "large"] | None = None
    format: Format = Format.offline
    partner: str = ""
