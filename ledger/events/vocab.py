"""Units and closed sets of the catalog: the words a payload field may take.

Units carry their Chinese measure word in the JSON schema (`unit`), which `opsledger catalog` and the scheme file
check read; a closed set is a StrEnum whose values are the stable English wire words (ledger/labels.py gives
the Chinese).
"""

from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field

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
