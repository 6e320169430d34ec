"""The event catalog: one strict pydantic model per kind of fact the five seed schemes count.

Every payload model is frozen, forbids unknown fields and carries a `type` literal; they are joined in one
discriminated union (`Payload`). Type names are stable wire names, independent of the class names.
Counts of people are 人, companies 家, money is yuan as Decimal (never float).

The models live in modules by the area of work they record (registry, parks, recruitment, service_work,
trouble, assessor, maintenance), over the units and closed sets of `vocab`; this module joins them into the
one union and the catalog every other layer reads, and re-exports every name, so `from ledger.events import
X` is the one way in.

The write path reads these models compiled to plain data (`ledger/shapes.py`), so `opsledger log` does not import
pydantic: after adding or changing a model, run `python -m ledger.events.compile` (tests/test_shapes.py fails until
the compiled file says what the models say).
"""

from functools import lru_cache
from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from ledger.events.assessor import (
    AssessorJudgement,
    AssessorRating,
    InspectionFinding,
    LateEventAccepted,
    PeriodClosed,
    ScoreSignedOff,
)
from ledger.events.base import PayloadModel
from ledger.events.maintenance import (
    Correction,
    EvidenceAttached,
    Hash64,
    LedgerMigrated,
    LegacySignoff,
    Retraction,
)
from ledger.events.parks import (
    ActivityHeld,
    DeliverableSubmitted,
    InfoPublished,
    InstitutionEntered,
    InstitutionLeft,
    MediaReport,
    RevenueReported,
    SurveyResponse,
    SurveySummary,
    VideoPublished,
)
from ledger.events.recruitment import (
    BaseAgreementSigned,
    EmployeeInsured,
    FollowUpCall,
    GigDealCompleted,
    GigJobPosted,
    GigWorkerRegistered,
    InsuranceEnded,
    InternPlaced,
    InternshipEnded,
    JobFairHeld,
    JobRecommended,
    LivestreamRun,
    TripEvaluation,
    WorkerDispatched,
)
from ledger.events.registry import (
    ActorRoleGranted,
    AssessorKeyRegistered,
    ContractSigned,
    SiteRegistered,
)
from ledger.events.service_work import (
    AwardReceived,
    InnovationRecorded,
    MetricRecorded,
    OrganizationEngaged,
    ServiceTicket,
    StaffJoined,
    StaffLeft,
    TalentEngaged,
    TechServiceDelivered,
)
from ledger.events.trouble import (
    ComplaintClosed,
    ComplaintFiled,
    CreditRated,
    DisputeFiled,
    DisputeResolved,
    SiteIncident,
)
from ledger.events.vocab import (
    ActivityKind,
    Companies,
    ContactScope,
    Count,
    CreditGrade,
    CreditScheme,
    DeliverableKind,
    DispatchChannel,
    DisputeKind,
    DisputeOutcome,
    FairKind,
    FindingKind,
    Format,
    Host,
    IncidentKind,
    InnovationKind,
    InsuranceKind,
    InternKind,
    Level,
    Metric,
    OrgKind,
    People,
    Platform,
    Rating,
    Ref,
    Role,
    ServiceKind,
    SiteKind,
    SurveyKind,
    TalentKind,
    Text,
    Yuan,
)

__all__ = [
    "ASSESSOR_ONLY_TYPES",
    "ActivityHeld",
    "ActivityKind",
    "ActorRoleGranted",
    "AssessorJudgement",
    "AssessorKeyRegistered",
    "AssessorRating",
    "AwardReceived",
    "BaseAgreementSigned",
    "CATALOG",
    "Companies",
    "ComplaintClosed",
    "ComplaintFiled",
    "ContactScope",
    "ContractSigned",
    "Correction",
    "Count",
    "CreditGrade",
    "CreditRated",
    "CreditScheme",
    "DeliverableKind",
    "DeliverableSubmitted",
    "DispatchChannel",
    "DisputeFiled",
    "DisputeKind",
    "DisputeOutcome",
    "DisputeResolved",
    "EmployeeInsured",
    "EvidenceAttached",
    "FairKind",
    "FindingKind",
    "FollowUpCall",
    "Format",
    "GigDealCompleted",
    "GigJobPosted",
    "GigWorkerRegistered",
    "Hash64",
    "Host",
    "IncidentKind",
    "InfoPublished",
    "InnovationKind",
    "InnovationRecorded",
    "InspectionFinding",
    "InstitutionEntered",
    "InstitutionLeft",
    "InsuranceEnded",
    "InsuranceKind",
    "InternKind",
    "InternPlaced",
    "InternshipEnded",
    "JobFairHeld",
    "JobRecommended",
    "LateEventAccepted",
    "LedgerMigrated",
    "LegacySignoff",
    "Level",
    "LivestreamRun",
    "META_TYPES",
    "MediaReport",
    "Metric",
    "MetricRecorded",
    "OrgKind",
    "OrganizationEngaged",
    "PAYLOAD_MODELS",
    "Payload",
    "PayloadModel",
    "People",
    "PeriodClosed",
    "Platform",
    "Rating",
    "Ref",
    "Retraction",
    "RevenueReported",
    "Role",
    "ScoreSignedOff",
    "ServiceKind",
    "ServiceTicket",
    "SiteIncident",
    "SiteKind",
    "SiteRegistered",
    "StaffJoined",
    "StaffLeft",
    "SurveyKind",
    "SurveyResponse",
    "SurveySummary",
    "TalentEngaged",
    "TalentKind",
    "TechServiceDelivered",
    "Text",
    "TripEvaluation",
    "VideoPublished",
    "WorkerDispatched",
    "Yuan",
    "payload_adapter",
]

PAYLOAD_MODELS: tuple[type[PayloadModel], ...] = (
    SiteRegistered, ContractSigned, ActorRoleGranted, AssessorKeyRegistered,
    InstitutionEntered, InstitutionLeft, RevenueReported, SurveyResponse, SurveySummary, MediaReport, InfoPublished,
    VideoPublished, DeliverableSubmitted, ActivityHeld,
    JobFairHeld, LivestreamRun, GigWorkerRegistered, GigJobPosted, GigDealCompleted, JobRecommended,
    FollowUpCall, WorkerDispatched, InternPlaced, InternshipEnded, EmployeeInsured, InsuranceEnded,
    BaseAgreementSigned, TripEvaluation,
    ServiceTicket, TalentEngaged, OrganizationEngaged, TechServiceDelivered, InnovationRecorded,
    AwardReceived, StaffJoined, StaffLeft, MetricRecorded,
    ComplaintFiled, ComplaintClosed, DisputeFiled, DisputeResolved, SiteIncident, CreditRated,
    AssessorJudgement, AssessorRating, InspectionFinding, PeriodClosed, LateEventAccepted, ScoreSignedOff,
    EvidenceAttached, Correction, Retraction, LedgerMigrated,
)  # fmt: skip

CATALOG: dict[str, type[PayloadModel]] = {m.model_fields["type"].default: m for m in PAYLOAD_MODELS}

Payload = Annotated[
    SiteRegistered
    | ContractSigned
    | ActorRoleGranted
    | AssessorKeyRegistered
    | InstitutionEntered
    | InstitutionLeft
    | RevenueReported
    | SurveyResponse
    | SurveySummary
    | MediaReport
    | InfoPublished
    | VideoPublished
    | DeliverableSubmitted
    | ActivityHeld
    | JobFairHeld
    | LivestreamRun
    | GigWorkerRegistered
    | GigJobPosted
    | GigDealCompleted
    | JobRecommended
    | FollowUpCall
    | WorkerDispatched
    | InternPlaced
    | InternshipEnded
    | EmployeeInsured
    | InsuranceEnded
    | BaseAgreementSigned
    | TripEvaluation
    | ServiceTicket
    | TalentEngaged
    | OrganizationEngaged
    | TechServiceDelivered
    | InnovationRecorded
    | AwardReceived
    | StaffJoined
    | StaffLeft
    | MetricRecorded
    | ComplaintFiled
    | ComplaintClosed
    | DisputeFiled
    | DisputeResolved
    | SiteIncident
    | CreditRated
    | AssessorJudgement
    | AssessorRating
    | InspectionFinding
    | PeriodClosed
    | LateEventAccepted
    | ScoreSignedOff
    | EvidenceAttached
    | Correction
    | Retraction
    | LedgerMigrated,
    Field(discriminator="type"),
]


@lru_cache(maxsize=1)
def payload_adapter() -> TypeAdapter[Any]:
    """The discriminated union over every payload model, built on first use: validation goes through the
    type's own model, and the union is needed only to word an error (and by tests)."""
    return TypeAdapter(Payload)


def __getattr__(name: str) -> Any:
    """`PAYLOAD_ADAPTER`, the union's adapter, as before, built only when someone asks for it."""
    if name == "PAYLOAD_ADAPTER":
        return payload_adapter()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Events about the ledger itself: they never count toward an indicator directly. The write path reads both sets
# from the compiled catalog (ledger/catalog_index.py), which ledger/events/compile.py writes from these.
META_TYPES = frozenset({"correction", "retraction", "evidence_attached", "late_event_accepted"})
ASSESSOR_ONLY_TYPES = frozenset(name for name, m in CATALOG.items() if m.assessor_only)
