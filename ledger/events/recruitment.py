"""Recruitment events: job fairs, livestreams, the gig market, recommendations, dispatch, internships, insurance."""

from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from ledger.events.base import PayloadModel
from ledger.events.vocab import (
    Companies,
    ContactScope,
    Count,
    DispatchChannel,
    FairKind,
    Format,
    Host,
    InsuranceKind,
    InternKind,
    People,
    Rating,
    Ref,
    Text,
    Yuan,
)


class JobFairHeld(PayloadModel):
    """A job fair (招聘会/双选会/对接会) with companies, jobs offered and visitors."""

    type: Literal["job_fair_held"] = "job_fair_held"
    label_zh: ClassVar[str] = "举办招聘会"
    title: Text
    format: Format
    kind: FairKind
    companies: Companies
    jobs: Count
    visitors: People
    wujiang_companies: Companies | None = None  # 赴外招聘: 吴江企业 brought along
    doubled: Annotated[int, Field(ge=1)] = (
        1  # Pingxiang bonus: a themed fair whose figures doubled counts as N
    )


class LivestreamRun(PayloadModel):
    """A recruiting livestream (直播带岗), with viewers, jobs posted and host."""

    type: Literal["livestream_run"] = "livestream_run"
    label_zh: ClassVar[str] = "直播带岗"
    title: Text
    platform: str = "douyin"
    host: Host = Host.staff
    viewers: People
    jobs_posted: Count = 0
    companies_reached: Companies = 0
    peak_met: bool = True  # 观看峰值达标 (Pingxiang counts a livestream whose peak fell short as missing)


class GigWorkerRegistered(PayloadModel):
    """A gig worker's personal information collected (个人信息收集)."""

    type: Literal["gig_worker_registered"] = "gig_worker_registered"
    label_zh: ClassVar[str] = "零工登记"
    worker: Ref


class GigJobPosted(PayloadModel):
    """A gig job posted (岗位信息发布); `positions` counts openings."""

    type: Literal["gig_job_posted"] = "gig_job_posted"
    label_zh: ClassVar[str] = "零工岗位发布"
    employer: Text
    positions: Annotated[int, Field(ge=1)] = 1
    on_provincial_platform: bool = True  # 录入市级及省级就业信息平台


class GigDealCompleted(PayloadModel):
    """A gig transaction completed (交易笔数)."""

    type: Literal["gig_deal_completed"] = "gig_deal_completed"
    label_zh: ClassVar[str] = "零工交易完成"
    worker: Ref
    employer: Text
    amount_yuan: Yuan = Decimal(0)


class JobRecommended(PayloadModel):
    """Jobs recommended to one job seeker (推荐岗位)."""

    type: Literal["job_recommended"] = "job_recommended"
    label_zh: ClassVar[str] = "推荐岗位"
    person: Ref
    channel: Literal["gig", "online_fair", "front_desk"]
    count: Annotated[int, Field(ge=1)] = 1


class FollowUpCall(PayloadModel):
    """One follow-up (回访) that was due: `reached` says whether it was done."""

    type: Literal["follow_up_call"] = "follow_up_call"
    label_zh: ClassVar[str] = "回访"
    scope: ContactScope
    contact: Ref
    reached: bool


class WorkerDispatched(PayloadModel):
    """A worker sent to an employer (进吴 / 用工速递 / 零工派遣)."""

    type: Literal["worker_dispatched"] = "worker_dispatched"
    label_zh: ClassVar[str] = "劳动力输送"
    worker: Ref
    employer: Text
    channel: DispatchChannel = DispatchChannel.labour_base
    base: str = ""  # 劳务基地
    rating: Annotated[int, Field(ge=1, le=5)] | None = None  # 用工速递: the employer's star rating


class InternPlaced(PayloadModel):
    """A trainee (就业见习) or intern (岗位实习) placed through a government-school base."""

    type: Literal["intern_placed"] = "intern_placed"
    label_zh: ClassVar[str] = "见习实习进吴"
    student: Ref
    kind: InternKind
    school: Text
    employer: Text
    on_official_list: bool = True  # 区人资中心核准名单


class InternshipEnded(PayloadModel):
    """A traineeship or internship ended."""

    type: Literal["internship_ended"] = "internship_ended"
    label_zh: ClassVar[str] = "见习实习结束"
    student: Ref


class EmployeeInsured(PayloadModel):
    """A person insured (参保): social insurance, or commercial accident insurance."""

    type: Literal["employee_insured"] = "employee_insured"
    label_zh: ClassVar[str] = "参保"
    person: Ref
    employer: Text
    kind: InsuranceKind = InsuranceKind.social


class InsuranceEnded(PayloadModel):
    """Insurance stopped (断保): ends the person's continuous insured period."""

    type: Literal["insurance_ended"] = "insurance_ended"
    label_zh: ClassVar[str] = "停保"
    person: Ref
    kind: InsuranceKind = InsuranceKind.social


class BaseAgreementSigned(PayloadModel):
    """A labour base (劳务基地) or government-school base (政校合作基地) agreement."""

    type: Literal["base_agreement_signed"] = "base_agreement_signed"
    label_zh: ClassVar[str] = "签订基地协议"
    kind: Literal["labour", "gov_school"]
    partner: Text


class TripEvaluation(PayloadModel):
    """A company's evaluation of an outbound trip (赴外招聘企业评价表)."""

    type: Literal["trip_evaluation"] = "trip_evaluation"
    label_zh: ClassVar[str] = "赴外招聘企业评价"
    trip: Annotated[str, Field(min_length=1, description="id of the outbound job_fair_held event")]
    company: Text
    overall: Rating
