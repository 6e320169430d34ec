"""The event catalog: one strict pydantic model per kind of fact the five seed schemes count.

Every payload model is frozen, forbids unknown fields and carries a `type` literal; they are joined in one
discriminated union (`Payload`). Type names are stable wire names, independent of the class names.
Counts of people are 人, companies 家, money is yuan as Decimal (never float).
"""

from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from ledger.messages import msg

# -- units ---------------------------------------------------------------------------------------------

People = Annotated[int, Field(ge=0, json_schema_extra={"unit": "people (人/人次)"})]
Companies = Annotated[int, Field(ge=0, json_schema_extra={"unit": "companies (家)"})]
Count = Annotated[int, Field(ge=0, json_schema_extra={"unit": "count (个/次/条)"})]
Yuan = Annotated[Decimal, Field(ge=0, json_schema_extra={"unit": "yuan (元)"})]
Text = Annotated[str, Field(min_length=1, max_length=500)]
Ref = Annotated[
    str,
    Field(
        min_length=1,
        max_length=120,
        description="the operator's own reference, e.g. an ID-card hash or roster number",
    ),
]


# -- closed sets -----------------------------------------------------------------------------------------


class Format(StrEnum):
    online = "online"
    offline = "offline"


class FairKind(StrEnum):
    daily = "daily"  # 日常专场招聘会 (Pingxiang: every Thursday)
    themed = "themed"  # 主题/专项招聘会
    campus = "campus"  # 校园招聘会 / 带企进校
    outbound = "outbound"  # 赴外招聘 (Wujiang, Pingxiang)
    industry = "industry"  # "10210" 重点产业招聘
    matchmaking = "matchmaking"  # 对接会 / 双选会


class Level(StrEnum):
    national = "national"
    provincial = "provincial"
    city = "city"


class Host(StrEnum):
    staff = "staff"
    director = "director"  # 局长/主任直播带岗
    section_chief = "section_chief"  # 科长直播带岗
    enterprise_hr = "enterprise_hr"  # 企业HR进园区探岗直播


class ActivityKind(StrEnum):
    """Activities the documents count by kind (a closed list: add a kind here, never free text)."""

    policy_briefing = "policy_briefing"  # 人才政策宣讲 (Dongsheng)
    ad_display = "ad_display"  # 电子屏/展板/灯箱宣传政策
    innovation_showcase = "innovation_showcase"  # 创新创业典型案例展示、成果展示
    policy_training = "policy_training"  # 政策培训
    training_exchange = "training_exchange"  # 培训、学习交流活动 (Dongsheng 合作交流)
    research_trip = "research_trip"  # 集中考察调研
    satisfaction_survey = "satisfaction_survey"  # 人才满意度调研
    institution_exchange = "institution_exchange"  # 与专业人才机构交流合作
    academic_seminar = "academic_seminar"  # 学术研讨和业务交流 (Chifeng Q2)
    supply_demand_matchmaking = "supply_demand_matchmaking"  # 人才人力资源供需对接交流 (Chifeng Q2)
    salon = "salon"  # 人力资源沙龙、座谈 (with scale)
    forum = "forum"  # 大型人力资源服务业行业论坛
    outreach_visit = "outreach_visit"  # "走出去"组团座谈
    talent_recruitment = "talent_recruitment"  # 引才、招考活动
    school_enterprise = "school_enterprise"  # 校企对接活动
    employment_service = "employment_service"  # 招聘活动、就业培训、政策指引和信息咨询
    safety_training = "safety_training"  # 安全、防疫知识培训宣传
    tech_matchmaking = "tech_matchmaking"  # 科技成果推介会、企业需求对接会、成果评价
    city_partner_district = "city_partner_district"  # 区级"寻找城市合伙人"
    city_partner_regular = "city_partner_regular"  # 常态化"寻找城市合伙人"
    expert_evaluation = "expert_evaluation"  # 聘请专家对入库项目评估
    high_end_talent_visit = "high_end_talent_visit"  # 赴先进地区探访高端人才及团队
    talent_drive = "talent_drive"  # 协助开展引才活动
    enterprise_job_info = "enterprise_job_info"  # 协助发布企业招工信息 (Shaxian bonus)
    short_term_staffing = "short_term_staffing"  # 协调企业解决短期用工 (Shaxian bonus)
    interprovincial_service = "interprovincial_service"  # 省际用工服务 (Shaxian bonus)
    gig_skills_training = "gig_skills_training"  # 灵活就业技能培训 (Pingxiang, monthly)
    business_training = "business_training"  # "点亮万家"业务培训
    youth_trainer_class = "youth_trainer_class"  # "青年求职能力实训"师资班
    career_advisor_cultivation = "career_advisor_cultivation"  # 遴选培育职业指导师
    competition_prep = "competition_prep"  # 市级业务竞赛备战省赛
    data_meeting = "data_meeting"  # 月度数据汇报会
    company_visit = "company_visit"  # 每月走访园区企业
    reception = "reception"  # 交流考察、参观接待


class DeliverableKind(StrEnum):
    """Documents and systems handed to the buyer."""

    annual_plan = "annual_plan"
    work_summary = "work_summary"
    monthly_report = "monthly_report"
    research_report = "research_report"
    management_ledger = "management_ledger"  # 入驻项目管理台账
    performance_report = "performance_report"  # 入驻项目绩效评估考核报告
    reception_ledger = "reception_ledger"  # 参访接待事务台账
    emergency_plan = "emergency_plan"  # 安全管理、疫情防控应急预案
    facilities_ledger = "facilities_ledger"  # 公共设施管理台账
    rules_implementation = "rules_implementation"  # 落实园区管理制度汇编
    quarterly_analysis = "quarterly_analysis"  # 季度分析报告
    gig_supply_demand_analysis = "gig_supply_demand_analysis"  # 零工市场供求分析
    follow_up_report = "follow_up_report"  # 回访分析报告
    monthly_data_report = "monthly_data_report"  # 月度分析报告
    policy_compilation = "policy_compilation"  # 政策汇编
    service_guide = "service_guide"  # 服务指南
    institution_quality_review = "institution_quality_review"  # 第三方机构服务质量考核
    institution_roster_update = "institution_roster_update"  # 动态更新服务机构
    talent_demand_catalog = "talent_demand_catalog"  # 人才需求目录
    research_material = "research_material"  # 优质考察调研材料
    outbound_plan = "outbound_plan"  # 赴外招聘年度计划/备案
    platform_built = "platform_built"  # 平台搭建完成 (with `platform`)
    platform_handover = "platform_handover"  # 源代码及数据库移交
    official_account = "official_account"  # 公众号建立
    trainer_roster = "trainer_roster"  # 师资队伍名单
    promo_plan = "promo_plan"  # 宣传片设计方案
    talent_code_scenario = "talent_code_scenario"  # "人才码"拓展的服务场景 (交通、文旅、安居; Dongsheng)


class Platform(StrEnum):
    talent_governance = "talent_governance"  # 人才治理平台
    employment_cloud = "employment_cloud"  # 就业云平台
    hr_sharing = "hr_sharing"  # 人力资源共享服务平台
    exam = "exam"  # 事业单位招考平台
    employment_collab = "employment_collab"  # 就业协作平台
    broker_training = "broker_training"  # 劳务经纪人培养体系
    gig_system = "gig_system"  # 零工市场信息系统
    mini_program = "mini_program"
    official_account = "official_account"
    talent_code = "talent_code"  # 人才码
    partner_system = "partner_system"  # 寻找合伙人系统
    douyin = "douyin"  # 抖音账号 (Pingxiang: 抖音粉丝关注量增长10%, read from metric_recorded followers)


class Metric(StrEnum):
    """Periodic readings of a number kept outside the ledger (a platform's counter, a follower count)."""

    followers = "followers"  # 公众号/抖音关注人数 (state: the last reading counts)
    platform_visits = "platform_visits"  # 月总体访问量
    platform_jobs_posted = "platform_jobs_posted"  # 月发布岗位数量 / 月度岗位招聘数量
    resumes_pushed = "resumes_pushed"  # 月推送简历数量
    policy_pushes = "policy_pushes"  # 政策有效推送数量
    enterprises_digitized = "enterprises_digitized"  # 企业招聘用工数字化赋能
    efficiency_gain_pct = "efficiency_gain_pct"  # 有效提升企业人力资源效率 %
    subsidized_enterprises = "subsidized_enterprises"  # 享受政策补贴和服务企业数量
    exam_notifications = "exam_notifications"  # 考试消息通知
    exam_registrations = "exam_registrations"  # 考生报名数量
    exam_hires = "exam_hires"  # 年招考人数
    new_media_reach = "new_media_reach"  # 新媒体传播覆盖
    campus_fairs_with_companies = "campus_fairs_with_companies"  # 带企进校校招聘会
    employment_flow = "employment_flow"  # 帮助实现就业和流动人数
    college_guidance = "college_guidance"  # 大学生就业辅导人数
    industry_leaders_trained = "industry_leaders_trained"  # 行业领军人才培养
    ability_trainees = "ability_trainees"  # 职业综合能力提升培养
    talent_records = "talent_records"  # 人才数据库记录数
    local_companies_linked = "local_companies_linked"  # 本地企业链接
    labour_agencies = "labour_agencies"  # 培育劳务机构
    brokers_trained = "brokers_trained"  # 培训、孵化劳务经纪人
    jobs_delivered = "jobs_delivered"  # 效果交付岗位
    vocational_trainees = "vocational_trainees"  # 产业人才职教实训
    platform_rating = "platform_rating"  # 用工速递平台综合评分 (0-5)
    business_training_coverage_pct = "business_training_coverage_pct"  # 业务培训覆盖率 %
    intentions_reached = "intentions_reached"  # 达成就业意向人数


class SurveyKind(StrEnum):
    resident_satisfaction = "resident_satisfaction"  # 入驻机构满意度 (Chifeng, 0-100 score)
    gig_satisfaction = "gig_satisfaction"  # 零工和用工主体满意程度 (Shaxian, % satisfied)
    talent_satisfaction = "talent_satisfaction"  # 人才满意度调研 (Dongsheng)


class ContactScope(StrEnum):
    fair_company = "fair_company"  # 线下参会企业
    fair_jobseeker = "fair_jobseeker"  # 入场求职人员
    gig_worker = "gig_worker"  # 零工市场求职个人
    front_desk = "front_desk"  # 前台登记企业和求职人员
    online_company = "online_company"  # 线上参会企业
    online_jobseeker = "online_jobseeker"  # 线上报名求职者


class DispatchChannel(StrEnum):
    labour_base = "labour_base"  # 劳务基地输送
    express_hiring = "express_hiring"  # 用工速递系统
    gig_market = "gig_market"
    other = "other"


class InsuranceKind(StrEnum):
    social = "social"  # 社会保险 (参保)
    commercial_accident = "commercial_accident"  # 人身意外伤害等商业保险


class InternKind(StrEnum):
    trainee = "trainee"  # 就业见习
    intern = "intern"  # 岗位实习


class DisputeKind(StrEnum):
    individual = "individual"
    collective = "collective"


class DisputeOutcome(StrEnum):
    won = "won"
    lost = "lost"
    mediated = "mediated"
    withdrawn = "withdrawn"


class IncidentKind(StrEnum):
    safety_accident = "safety_accident"  # 安全管理责任事故
    fight = "fight"  # 打架斗殴
    extortion = "extortion"  # 敲诈勒索
    forced_trade = "forced_trade"  # 强迫交易
    false_recruitment = "false_recruitment"  # 虚假招聘
    child_labour = "child_labour"  # 雇佣童工
    illegal_fee = "illegal_fee"  # 变相收取职业介绍费
    major_social_incident = "major_social_incident"  # 群体性、突发性重大社会影响事件
    licence_revoked = "licence_revoked"  # 注销/撤销/吊销许可证
    other = "other"  # 其他不良影响和事故


class FindingKind(StrEnum):
    """What an assessor's inspection found (每发现一次 ... 扣分)."""

    staff_missing = "staff_missing"
    duty_unclear = "duty_unclear"
    service_missing = "service_missing"
    service_substandard = "service_substandard"
    visit_missed = "visit_missed"
    data_error = "data_error"
    channel_missing = "channel_missing"
    info_late_or_false = "info_late_or_false"
    feedback_unhandled = "feedback_unhandled"
    env_dirty = "env_dirty"
    facility_unrepaired = "facility_unrepaired"
    special_equipment_violation = "special_equipment_violation"
    patrol_or_parking = "patrol_or_parking"
    utilities_left_on = "utilities_left_on"
    false_information = "false_information"  # 虚假信息 (Shaxian)
    worker_not_recommended = "worker_not_recommended"
    report_error = "report_error"
    recommendation_short = "recommendation_short"  # 线上求职未成功者少推荐的岗位 (Pingxiang: -0.5 each)
    data_fraud = "data_fraud"  # 数据造假 (Pingxiang: the sub-item scores zero and 5 more are lost)


class TalentKind(StrEnum):
    national_honour = "national_honour"  # 国家级荣誉称号高端人才
    provincial_honour = "provincial_honour"  # 省级荣誉称号高端人才
    provincial_reserve = "provincial_reserve"  # 对接储备省部级以上高端人才
    city_team_reserve = "city_team_reserve"  # 对接储备市级及以上创新创业团队
    top_talent = "top_talent"  # 对接招引顶尖人才
    f_class = "f_class"  # 招引落地市级F类及以上高层次人才
    city_team_landed = "city_team_landed"  # 招引落地市级及以上创新创业团队
    master_or_senior = "master_or_senior"  # 硕士/副高以上/紧缺专业人才
    regional_grassland = "regional_grassland"  # 自治区"草原英才""英才兴蒙"标准人才
    regional_grassland_team = "regional_grassland_team"
    city_grassland = "city_grassland"  # 市级"草原英才"标准人才
    city_grassland_team = "city_grassland_team"
    expert_library = "expert_library"  # 东胜区专家库专家
    policy_expert = "policy_expert"  # 精通各类政策的业务能手
    high_end_scitech = "high_end_scitech"  # 高端科创人才
    investor = "investor"  # 投资人和项目持有人
    service_commissioner = "service_commissioner"  # 人才服务专员


class OrgKind(StrEnum):
    third_party_introduced = "third_party_introduced"  # 引进第三方专业服务机构
    third_party_reserved = "third_party_reserved"  # 储备机构
    city_research_platform = "city_research_platform"  # 市级科研创新平台
    regional_research_platform = "regional_research_platform"  # 自治区级及以上科研创新平台
    talent_station = "talent_station"  # 人才工作站点
    innovation_center = "innovation_center"  # 本土创新中心和产业加速器
    specialized_enterprise = "specialized_enterprise"  # 专精特新企业
    high_tech_enterprise = "high_tech_enterprise"  # 高新技术企业
    innovation_platform = "innovation_platform"  # 各类科技创新平台
    reserve_project = "reserve_project"  # 储备项目
    quality_project_opinion = "quality_project_opinion"  # 优质项目评估意见
    talent_fund = "talent_fund"  # 人才创投基金
    fund_pool = "fund_pool"  # 资金池
    cooperation_company = "cooperation_company"  # 深度合作企业 (Pingxiang livestream)


class ServiceKind(StrEnum):
    consult = "consult"  # 咨询帮办
    dedicated = "dedicated"  # 专人盯办
    full_agency = "full_agency"  # 全程代办


class InnovationKind(StrEnum):
    patent = "patent"
    academic_exchange = "academic_exchange"
    tech_result = "tech_result"


class Role(StrEnum):
    operator = "operator"
    assessor = "assessor"


class Rating(StrEnum):
    good = "good"
    average = "average"
    poor = "poor"  # 总评为差


class CreditScheme(StrEnum):
    labour_dispatch = "labour_dispatch"  # 劳动保障信用等级 (劳务派遣单位)
    hr_service = "hr_service"  # 人力资源服务机构信用等级


class CreditGrade(StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"


class SiteKind(StrEnum):
    park = "park"
    talent_center = "talent_center"
    employment_market = "employment_market"
    gig_market = "gig_market"
    alliance_unit = "alliance_unit"


# -- payload base -----------------------------------------------------------------------------------------


class PayloadModel(BaseModel):
    """Base of every payload: strict, frozen, unknown fields rejected."""

    # defer_build: a model's validator is built the first time it validates. A command loads the whole catalog
    # but validates one or two types (`log`) or none (`score` reads field names to check the scheme file), and
    # building all 53 validators up front was a third of the catalog's import time (issue 15).
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=True, defer_build=True)
    version: ClassVar[int] = 1
    label_zh: ClassVar[str] = ""
    assessor_only: ClassVar[bool] = False


# -- registry and contract ----------------------------------------------------------------------------


class SiteRegistered(PayloadModel):
    """A site (park, market, centre or alliance unit) joins the ledger."""

    type: Literal["site_registered"] = "site_registered"
    label_zh: ClassVar[str] = "登记站点"
    name: Text
    kind: SiteKind | None = None


class ContractSigned(PayloadModel):
    """The buyer's contract: which scheme scores the site, from when, and for what fee."""

    type: Literal["contract_signed"] = "contract_signed"
    label_zh: ClassVar[str] = "签订合同"
    scheme: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    start: date
    end: date | None = None
    fee_yuan: Yuan
    network_fee_yuan: Yuan = Decimal(0)  # Shaxian pays "中标价扣除网络建设费"
    # The buyer's Ed25519 public key: the site's root of trust (ledger/trust.py). The event is signed by it.
    buyer_key: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None


class ActorRoleGranted(PayloadModel):
    """An actor becomes an operator or an assessor for the envelope's site."""

    type: Literal["actor_role_granted"] = "actor_role_granted"
    label_zh: ClassVar[str] = "授予角色"
    actor: Annotated[str, Field(min_length=1, max_length=80)]
    role: Role
    # An assessor's delegated Ed25519 public key: the buyer signs the grant, the assessor signs acts with it.
    public_key: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None


class AssessorKeyRegistered(PayloadModel):
    """Schema 1 only (keys registered first come): read in migrated ledgers, no longer accepted (ledger/trust.py)."""

    type: Literal["assessor_key_registered"] = "assessor_key_registered"
    label_zh: ClassVar[str] = "登记评估公钥"
    actor: Annotated[str, Field(min_length=1, max_length=80)]
    public_key: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


# -- parks and institutions ---------------------------------------------------------------------------


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


# -- recruitment ----------------------------------------------------------------------------------------


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


# -- service work ---------------------------------------------------------------------------------------


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


# -- trouble --------------------------------------------------------------------------------------------


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


# -- assessor-only --------------------------------------------------------------------------------------


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


# -- ledger maintenance --------------------------------------------------------------------------------


Hash64 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class LegacySignoff(BaseModel):
    """A sign-off recorded under schema 1, as the migration found it: its old chain hash, who signed with which
    key, the head it signed and its signature (which still verifies over the carried-over payload)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    seq: Annotated[int, Field(ge=1)]
    hash: Hash64  # the sign-off event's own hash in the old chain
    actor: Annotated[str, Field(min_length=1, max_length=80)]
    public_key: Hash64 | None = None  # the key the actor had registered on the site before it (None: none)
    head_seq: Annotated[int, Field(ge=0)]
    head_hash: Hash64
    signature: Annotated[str, Field(pattern=r"^[0-9a-f]{128}$")]


class LedgerMigrated(PayloadModel):
    """A site's chain was moved to a new ledger schema: the events before it were recorded under the old rules.

    Written by `opsledger migrate` as the last event of each site's new chain, it ties the new chain to the old one
    (the old chain's head and the hashes old sign-offs signed) so audits of old sign-offs still hold. It is the
    buyer's act: signed by the key it names (`buyer_key`), which becomes the site's root of trust (ledger/trust.py)."""

    type: Literal["ledger_migrated"] = "ledger_migrated"
    label_zh: ClassVar[str] = "账本升级"
    from_schema: Annotated[int, Field(ge=1)]
    to_schema: Annotated[int, Field(ge=2)]
    old_head_seq: Annotated[int, Field(ge=0)]  # the old (global) chain's head, verified before the migration
    old_head_hash: Hash64
    # seq -> schema-1 hash, for every head an old sign-off of this site signed
    signed_heads: dict[str, Hash64] = {}
    # the buyer who signed the migration: the site's root of trust from here on
    buyer_key: Hash64 | None = None
    # This site's events in the old chain: how many, their (global, unchanged) seq range, the last one's old hash.
    old_events: Annotated[int, Field(ge=0)] = 0
    old_first_seq: Annotated[int, Field(ge=0)] = 0
    old_last_seq: Annotated[int, Field(ge=0)] = 0
    old_site_head_hash: Hash64 | None = None
    signoffs: list[LegacySignoff] = []


class EvidenceAttached(PayloadModel):
    """Evidence (佐证材料) attached to an earlier event after the fact."""

    type: Literal["evidence_attached"] = "evidence_attached"
    label_zh: ClassVar[str] = "补充佐证材料"
    target: Annotated[str, Field(min_length=1)]
    file_name: Text
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    # Which of the scheme item's 佐证材料 this file is (e.g. "现场照片"); "" = not said. Lets
    # `opsledger evidence` tell what the document asks for from what is attached.
    requirement: Annotated[str, Field(max_length=200)] = ""


class Correction(PayloadModel):
    """Supersedes fields of an earlier event's payload; the original stays in the log."""

    type: Literal["correction"] = "correction"
    label_zh: ClassVar[str] = "更正"
    target: Annotated[str, Field(min_length=1)]
    changes: dict[str, Any]
    reason: Text


class Retraction(PayloadModel):
    """Voids an earlier event; the original stays in the log."""

    type: Literal["retraction"] = "retraction"
    label_zh: ClassVar[str] = "撤回"
    target: Annotated[str, Field(min_length=1)]
    reason: Text


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


# Events about the ledger itself: they never count toward an indicator directly.
META_TYPES = frozenset({"correction", "retraction", "evidence_attached", "late_event_accepted"})
ASSESSOR_ONLY_TYPES = frozenset(name for name, m in CATALOG.items() if m.assessor_only)
