"""Chinese (and English) labels and units for the catalog's payload fields and closed sets.

The catalog (ledger/events/) names fields and values in stable English wire words; the people who record
events read Chinese. This table is the one place that says what each field and each allowed value is called
on a form (`opsledger serve`) and in what unit it is counted, so no page has to guess or keep its own copy.
tests/test_labels.py checks that every field of every event type and every allowed value has a label here.

Labels follow the seed documents' own words where they have them (招聘会, 参会企业, 直播带岗, 佐证材料).
"""

from __future__ import annotations

import types
import typing
from typing import Any

# Which fields are closed sets, and their values, come from the compiled catalog (read without pydantic).
from ledger.catalog_index import allowed_values as allowed_values
from ledger.catalog_index import choice_key as choice_key

# field name -> (中文, English, unit 中文, unit English); "" where a field has no unit.
FIELDS: dict[str, tuple[str, str, str, str]] = {
    "name": ("名称/姓名", "name", "", ""),
    "kind": ("类型", "kind", "", ""),
    "scheme": ("考核方案", "scheme", "", ""),
    "start": ("开始日期", "start date", "", ""),
    "end": ("结束日期", "end date", "", ""),
    "fee_yuan": ("合同金额", "contract fee", "元", "yuan"),
    "network_fee_yuan": ("网络建设费", "network build fee", "元", "yuan"),
    "actor": ("人员账号", "actor", "", ""),
    "role": ("角色", "role", "", ""),
    "public_key": ("公钥", "public key", "", ""),
    "buyer_key": ("采购方公钥", "buyer's public key", "", ""),
    "from_schema": ("原账本版本", "from schema", "", ""),
    "to_schema": ("新账本版本", "to schema", "", ""),
    "old_head_seq": ("原链末序号", "old head seq", "", ""),
    "old_head_hash": ("原链末哈希", "old head hash", "", ""),
    "signed_heads": ("已签署的链末", "signed heads", "", ""),
    "old_events": ("原链中本站事件数", "events in the old chain", "条", "events"),
    "old_first_seq": ("原链首个序号", "first old seq", "", ""),
    "old_last_seq": ("原链末个序号", "last old seq", "", ""),
    "old_site_head_hash": ("本站原链末哈希", "site's last old hash", "", ""),
    "signoffs": ("原签署记录", "old sign-offs", "", ""),
    "institution": ("机构名称", "institution", "", ""),
    "registered_locally": ("在本地注册", "registered locally", "", ""),
    "reason": ("原因/说明", "reason", "", ""),
    "month": ("所属月份", "month", "", ""),
    "amount_yuan": ("金额", "amount", "元", "yuan"),
    "survey": ("调查类型", "survey", "", ""),
    "respondent": ("答卷人", "respondent", "", ""),
    "score": ("评分", "score", "分", "points"),
    "satisfied": ("是否满意", "satisfied", "", ""),
    "level": ("级别", "level", "", ""),
    "outlet": ("媒体名称", "outlet", "", ""),
    "title": ("标题/名称", "title", "", ""),
    "url": ("链接", "link", "", ""),
    "channel": ("渠道", "channel", "", ""),
    "width": ("宽度", "width", "像素", "pixels"),
    "height": ("高度", "height", "像素", "pixels"),
    "minutes": ("时长", "length", "分钟", "minutes"),
    "platform": ("平台", "platform", "", ""),
    "participants": ("参加人数", "participants", "人", "people"),
    "scale": ("规模", "scale", "", ""),
    "format": ("形式", "format", "", ""),
    "partner": ("合作方", "partner", "", ""),
    "companies": ("参会企业", "companies", "家", "companies"),
    "jobs": ("提供岗位", "jobs offered", "个", "jobs"),
    "visitors": ("入场求职人数", "visitors", "人次", "people"),
    "wujiang_companies": ("随行吴江企业", "Wujiang companies brought along", "家", "companies"),
    "doubled": ("按几场计（规模翻番）", "counts as (figures doubled)", "场", "fairs"),
    "host": ("主播", "host", "", ""),
    "viewers": ("观看人数", "viewers", "人次", "people"),
    "jobs_posted": ("发布岗位", "jobs posted", "个", "jobs"),
    "companies_reached": ("覆盖企业", "companies reached", "家", "companies"),
    "peak_met": ("观看峰值达标", "peak audience met", "", ""),
    "worker": ("零工/劳动者编号", "worker ref", "", ""),
    "employer": ("用工单位", "employer", "", ""),
    "positions": ("岗位数", "openings", "个", "openings"),
    "on_provincial_platform": ("已录入市级及省级就业信息平台", "on the provincial job platform", "", ""),
    "person": ("人员编号", "person ref", "", ""),
    "count": ("数量", "count", "个/次", "count"),
    "scope": ("回访对象", "who was followed up", "", ""),
    "contact": ("联系对象编号", "contact ref", "", ""),
    "reached": ("已回访到", "reached", "", ""),
    "base": ("劳务基地", "labour base", "", ""),
    "rating": ("用工单位评价星级", "employer's star rating", "星", "stars"),
    "student": ("学生编号", "student ref", "", ""),
    "school": ("学校", "school", "", ""),
    "on_official_list": ("在区人资中心核准名单内", "on the official list", "", ""),
    "trip": ("赴外招聘事件编号", "outbound trip event id", "", ""),
    "company": ("企业", "company", "", ""),
    "overall": ("总体评价", "overall rating", "", ""),
    "client": ("服务对象", "client", "", ""),
    "issuer": ("颁发单位", "issuer", "", ""),
    "full_time": ("专职", "full time", "", ""),
    "metric": ("指标", "metric", "", ""),
    "value": ("读数", "reading", "", ""),
    "complainant": ("投诉人", "complainant", "", ""),
    "subject": ("投诉事项", "subject", "", ""),
    "valid": ("有效投诉（采购方认定）", "valid (buyer's finding)", "", ""),
    "adverse_impact": ("造成不良影响", "adverse impact", "", ""),
    "case": ("案件编号", "case ref", "", ""),
    "parties": ("当事人", "parties", "", ""),
    "outcome": ("结果", "outcome", "", ""),
    "parties_satisfied": ("当事人满意", "parties satisfied", "", ""),
    "description": ("情况说明", "description", "", ""),
    "grade": ("等级", "grade", "", ""),
    "item": ("考核项目", "scheme item", "", ""),
    "met": ("是否达到要求", "met", "", ""),
    "shortfalls": ("未足额提供的服务项数", "services short", "项", "services"),
    "points": ("给予/扣减分值", "points awarded or deducted", "分", "points"),
    "period": ("考核期", "period", "", ""),
    "target": ("所指事件", "target event", "", ""),
    "file_name": ("文件名", "file name", "", ""),
    "sha256": ("文件指纹 (sha256)", "sha256", "", ""),
    "requirement": ("对应佐证材料", "evidence requirement", "", ""),
    "changes": ("更正内容", "changes", "", ""),
    "total": ("总分", "total", "分", "points"),
    "head_hash": ("账本末端哈希", "ledger head hash", "", ""),
    "head_seq": ("账本末端序号", "ledger head seq", "", ""),
    "scheme_hash": ("方案文件哈希", "scheme file hash", "", ""),
    "as_of": ("截至", "as of", "", ""),
    "signature": ("签名", "signature", "", ""),
    "respondents": ("答卷人数", "respondents", "人", "people"),
    "mean_score": ("平均分（0-100）", "mean score (0-100)", "分", "points"),
    "source": ("调查机构", "surveyed by", "", ""),
    "resolution": ("办结情况", "resolution", "", ""),
    "ratings": ("各方面评分", "ratings by aspect", "", ""),
}

# (event type, field) -> a label where the shared one would mislead on that form.
OVERRIDES: dict[tuple[str, str], tuple[str, str, str, str]] = {
    ("job_fair_held", "title"): ("招聘会名称", "fair title", "", ""),
    ("job_fair_held", "kind"): ("招聘会类型", "fair kind", "", ""),
    ("livestream_run", "title"): ("直播主题", "livestream title", "", ""),
    ("livestream_run", "platform"): ("直播平台", "platform", "", ""),
    ("activity_held", "title"): ("活动名称", "activity title", "", ""),
    ("activity_held", "kind"): ("活动类型", "activity kind", "", ""),
    ("deliverable_submitted", "kind"): ("成果类型", "deliverable kind", "", ""),
    ("video_published", "platform"): ("发布平台", "platform", "", ""),
    ("talent_engaged", "name"): ("人才/团队名称", "talent or team", "", ""),
    ("organization_engaged", "name"): ("机构/平台名称", "organisation", "", ""),
    ("staff_joined", "name"): ("姓名", "name", "", ""),
    ("staff_left", "name"): ("姓名", "name", "", ""),
    ("staff_joined", "role"): ("岗位", "position", "", ""),
    ("site_registered", "name"): ("站点名称", "site name", "", ""),
    ("inspection_finding", "count"): ("发现次数", "times found", "次", "times"),
    ("job_recommended", "count"): ("推荐岗位数", "jobs recommended", "个", "jobs"),
    ("survey_response", "score"): ("满意度得分（0-100）", "score (0-100)", "分", "points"),
    ("survey_summary", "satisfied"): ("满意人数", "satisfied", "人", "people"),
    ("complaint_filed", "case"): ("投诉编号", "complaint number", "", ""),
    ("complaint_closed", "case"): ("投诉编号", "complaint number", "", ""),
    ("credit_rated", "scheme"): ("信用评价体系", "credit scheme", "", ""),
    ("media_report", "title"): ("报道标题", "headline", "", ""),
}

# Allowed values: keyed by the enum's class name, or "type.field" for a Literal on one event type.
CHOICES: dict[str, dict[str, tuple[str, str]]] = {
    "Format": {"online": ("线上", "online"), "offline": ("线下", "offline")},
    "FairKind": {
        "daily": ("日常专场招聘会", "daily fair"), "themed": ("主题/专项招聘会", "themed fair"),
        "campus": ("校园招聘会/带企进校", "campus fair"), "outbound": ("赴外招聘", "outbound recruiting"),
        "industry": ("重点产业招聘（10210）", "key-industry fair"), "matchmaking": ("对接会/双选会", "matchmaking fair"),
    },
    "Level": {"national": ("国家级", "national"), "provincial": ("省级", "provincial"), "city": ("市级", "city")},
    "Host": {
        "staff": ("工作人员", "staff"), "director": ("局长/主任直播带岗", "director"),
        "section_chief": ("科长直播带岗", "section chief"), "enterprise_hr": ("企业HR探岗直播", "company HR"),
    },
    "ActivityKind": {
        "policy_briefing": ("人才政策宣讲", "policy briefing"), "ad_display": ("电子屏/展板/灯箱宣传", "displays"),
        "innovation_showcase": ("创新创业典型案例/成果展示", "innovation showcase"),
        "policy_training": ("政策培训", "policy training"), "training_exchange": ("培训、学习交流活动", "training exchange"),
        "research_trip": ("集中考察调研", "research trip"), "satisfaction_survey": ("人才满意度调研", "satisfaction survey"),
        "institution_exchange": ("与专业人才机构交流合作", "exchange with institutions"),
        "academic_seminar": ("学术研讨和业务交流", "academic seminar"),
        "supply_demand_matchmaking": ("人才人力资源供需对接交流", "supply-demand matchmaking"),
        "salon": ("人力资源沙龙、座谈", "salon"), "forum": ("大型人力资源服务业行业论坛", "industry forum"),
        "outreach_visit": ("“走出去”组团座谈", "outreach visit"), "talent_recruitment": ("引才、招考活动", "talent recruitment"),
        "school_enterprise": ("校企对接活动", "school-enterprise matchmaking"),
        "employment_service": ("招聘活动、就业培训、政策指引和信息咨询", "employment service"),
        "safety_training": ("安全、防疫知识培训宣传", "safety training"),
        "tech_matchmaking": ("科技成果推介会/企业需求对接会", "tech matchmaking"),
        "city_partner_district": ("区级“寻找城市合伙人”", "city partner (district)"),
        "city_partner_regular": ("常态化“寻找城市合伙人”", "city partner (regular)"),
        "expert_evaluation": ("聘请专家对入库项目评估", "expert evaluation"),
        "high_end_talent_visit": ("赴先进地区探访高端人才及团队", "high-end talent visit"),
        "talent_drive": ("协助开展引才活动", "talent drive"), "enterprise_job_info": ("协助发布企业招工信息", "company job info"),
        "short_term_staffing": ("协调企业解决短期用工", "short-term staffing"),
        "interprovincial_service": ("省际用工服务", "inter-provincial service"),
        "gig_skills_training": ("灵活就业技能培训", "gig skills training"),
        "business_training": ("“点亮万家”业务培训", "business training"),
        "youth_trainer_class": ("“青年求职能力实训”师资班", "youth trainer class"),
        "career_advisor_cultivation": ("遴选培育职业指导师", "career advisor cultivation"),
        "competition_prep": ("市级业务竞赛备战省赛", "competition preparation"),
        "data_meeting": ("月度数据汇报会", "monthly data meeting"), "company_visit": ("走访园区企业", "company visit"),
        "reception": ("交流考察、参观接待", "reception"),
    },
    "DeliverableKind": {
        "annual_plan": ("年度工作计划", "annual plan"), "work_summary": ("工作总结", "work summary"),
        "monthly_report": ("月度工作报告", "monthly report"), "research_report": ("调研报告", "research report"),
        "management_ledger": ("入驻项目管理台账", "project management register"),
        "performance_report": ("入驻项目绩效评估考核报告", "project performance report"),
        "reception_ledger": ("参访接待事务台账", "reception register"),
        "emergency_plan": ("安全管理、疫情防控应急预案", "emergency plan"),
        "facilities_ledger": ("公共设施管理台账", "facilities register"),
        "rules_implementation": ("落实园区管理制度汇编", "park rules implemented"),
        "quarterly_analysis": ("季度分析报告", "quarterly analysis"),
        "gig_supply_demand_analysis": ("零工市场供求分析", "gig supply-demand analysis"),
        "follow_up_report": ("回访分析报告", "follow-up report"), "monthly_data_report": ("月度分析报告", "monthly data report"),
        "policy_compilation": ("政策汇编", "policy compilation"), "service_guide": ("服务指南", "service guide"),
        "institution_quality_review": ("第三方机构服务质量考核", "institution quality review"),
        "institution_roster_update": ("动态更新服务机构", "institution roster update"),
        "talent_demand_catalog": ("人才需求目录", "talent demand catalogue"),
        "research_material": ("优质考察调研材料", "research material"),
        "outbound_plan": ("赴外招聘年度计划/备案", "outbound recruiting plan"),
        "platform_built": ("平台搭建完成", "platform built"), "platform_handover": ("源代码及数据库移交", "platform handover"),
        "official_account": ("公众号建立", "official account set up"), "trainer_roster": ("师资队伍名单", "trainer roster"),
        "promo_plan": ("宣传片设计方案", "promo film plan"),
        "talent_code_scenario": ("“人才码”拓展的服务场景", "talent-code service scenario"),
    },
    "Platform": {
        "talent_governance": ("人才治理平台", "talent governance platform"),
        "employment_cloud": ("就业云平台", "employment cloud"), "hr_sharing": ("人力资源共享服务平台", "HR sharing platform"),
        "exam": ("事业单位招考平台", "exam platform"), "employment_collab": ("就业协作平台", "employment collaboration"),
        "broker_training": ("劳务经纪人培养体系", "broker training"), "gig_system": ("零工市场信息系统", "gig market system"),
        "mini_program": ("小程序", "mini program"), "official_account": ("公众号", "official account"),
        "talent_code": ("人才码", "talent code"), "partner_system": ("寻找合伙人系统", "partner system"),
        "douyin": ("抖音", "Douyin"),
    },
    "Metric": {
        "followers": ("关注人数", "followers"), "platform_visits": ("月总体访问量", "platform visits"),
        "platform_jobs_posted": ("月发布岗位数量", "jobs posted on the platform"),
        "resumes_pushed": ("月推送简历数量", "résumés pushed"), "policy_pushes": ("政策有效推送数量", "policy pushes"),
        "enterprises_digitized": ("企业招聘用工数字化赋能", "companies digitised"),
        "efficiency_gain_pct": ("提升企业人力资源效率（%）", "HR efficiency gain (%)"),
        "subsidized_enterprises": ("享受政策补贴和服务企业数量", "subsidised companies"),
        "exam_notifications": ("考试消息通知", "exam notifications"), "exam_registrations": ("考生报名数量", "exam registrations"),
        "exam_hires": ("年招考人数", "exam hires"), "new_media_reach": ("新媒体传播覆盖", "new-media reach"),
        "campus_fairs_with_companies": ("带企进校校招聘会", "campus fairs with companies"),
        "employment_flow": ("帮助实现就业和流动人数", "people helped into work"),
        "college_guidance": ("大学生就业辅导人数", "graduates coached"),
        "industry_leaders_trained": ("行业领军人才培养", "industry leaders trained"),
        "ability_trainees": ("职业综合能力提升培养", "ability trainees"), "talent_records": ("人才数据库记录数", "talent records"),
        "local_companies_linked": ("本地企业链接", "local companies linked"), "labour_agencies": ("培育劳务机构", "labour agencies"),
        "brokers_trained": ("培训、孵化劳务经纪人", "brokers trained"), "jobs_delivered": ("效果交付岗位", "jobs delivered"),
        "vocational_trainees": ("产业人才职教实训", "vocational trainees"),
        "platform_rating": ("用工速递平台综合评分（0-5）", "platform rating (0-5)"),
        "business_training_coverage_pct": ("业务培训覆盖率（%）", "business training coverage (%)"),
        "intentions_reached": ("达成就业意向人数", "job intentions reached"),
    },
    "SurveyKind": {
        "resident_satisfaction": ("入驻机构满意度", "resident satisfaction"),
        "gig_satisfaction": ("零工和用工主体满意程度", "gig satisfaction"),
        "talent_satisfaction": ("人才满意度", "talent satisfaction"),
    },
    "ContactScope": {
        "fair_company": ("线下参会企业", "fair company"), "fair_jobseeker": ("入场求职人员", "fair job seeker"),
        "gig_worker": ("零工市场求职个人", "gig worker"), "front_desk": ("前台登记企业和求职人员", "front desk"),
        "online_company": ("线上参会企业", "online company"), "online_jobseeker": ("线上报名求职者", "online job seeker"),
    },
    "DispatchChannel": {
        "labour_base": ("劳务基地输送", "labour base"), "express_hiring": ("用工速递系统", "express hiring"),
        "gig_market": ("零工市场", "gig market"), "other": ("其他", "other"),
    },
    "InsuranceKind": {"social": ("社会保险", "social insurance"), "commercial_accident": ("人身意外伤害等商业保险", "accident insurance")},
    "InternKind": {"trainee": ("就业见习", "traineeship"), "intern": ("岗位实习", "internship")},
    "DisputeKind": {"individual": ("个人", "individual"), "collective": ("集体", "collective")},
    "DisputeOutcome": {"won": ("胜诉", "won"), "lost": ("败诉", "lost"), "mediated": ("调解", "mediated"), "withdrawn": ("撤诉", "withdrawn")},
    "IncidentKind": {
        "safety_accident": ("安全管理责任事故", "safety accident"), "fight": ("打架斗殴", "fight"),
        "extortion": ("敲诈勒索", "extortion"), "forced_trade": ("强迫交易", "forced trade"),
        "false_recruitment": ("虚假招聘", "false recruitment"), "child_labour": ("雇佣童工", "child labour"),
        "illegal_fee": ("变相收取职业介绍费", "illegal fee"),
        "major_social_incident": ("群体性、突发性重大社会影响事件", "major social incident"),
        "licence_revoked": ("许可证被注销/撤销/吊销", "licence revoked"), "other": ("其他不良影响和事故", "other"),
    },
    "FindingKind": {
        "staff_missing": ("人员缺岗", "staff missing"), "duty_unclear": ("核心职责未明确", "duties unclear"),
        "service_missing": ("服务未提供", "service missing"), "service_substandard": ("服务不达标", "service substandard"),
        "visit_missed": ("未按要求走访", "visit missed"), "data_error": ("数据遗漏/错误", "data error"),
        "channel_missing": ("信息渠道缺失", "channel missing"), "info_late_or_false": ("信息发布不及时或不实", "information late or false"),
        "feedback_unhandled": ("反馈未处理", "feedback unhandled"), "env_dirty": ("环境卫生不达标", "environment dirty"),
        "facility_unrepaired": ("设施未及时维修", "facility unrepaired"),
        "special_equipment_violation": ("特种设备违规", "special equipment violation"),
        "patrol_or_parking": ("巡查或停车管理不到位", "patrol or parking"),
        "utilities_left_on": ("水电未关", "utilities left on"), "false_information": ("虚假信息", "false information"),
        "worker_not_recommended": ("未向零工推荐岗位", "worker not recommended"), "report_error": ("报表差错", "report error"),
        "recommendation_short": ("少推荐岗位", "recommendations short"), "data_fraud": ("数据造假", "data fraud"),
    },
    "TalentKind": {
        "national_honour": ("国家级荣誉称号高端人才", "national honour"), "provincial_honour": ("省级荣誉称号高端人才", "provincial honour"),
        "provincial_reserve": ("对接储备省部级以上高端人才", "provincial reserve"),
        "city_team_reserve": ("对接储备市级及以上创新创业团队", "city team reserve"),
        "top_talent": ("对接招引顶尖人才", "top talent"), "f_class": ("市级F类及以上高层次人才", "F-class talent"),
        "city_team_landed": ("落地市级及以上创新创业团队", "city team landed"),
        "master_or_senior": ("硕士/副高以上/紧缺专业人才", "master's or senior"),
        "regional_grassland": ("自治区“草原英才”“英才兴蒙”标准人才", "regional grassland talent"),
        "regional_grassland_team": ("自治区“草原英才”团队", "regional grassland team"),
        "city_grassland": ("市级“草原英才”标准人才", "city grassland talent"),
        "city_grassland_team": ("市级“草原英才”团队", "city grassland team"),
        "expert_library": ("东胜区专家库专家", "expert library"), "policy_expert": ("精通各类政策的业务能手", "policy expert"),
        "high_end_scitech": ("高端科创人才", "high-end sci-tech talent"), "investor": ("投资人和项目持有人", "investor"),
        "service_commissioner": ("人才服务专员", "service commissioner"),
    },
    "OrgKind": {
        "third_party_introduced": ("引进第三方专业服务机构", "third party introduced"),
        "third_party_reserved": ("储备机构", "third party reserved"),
        "city_research_platform": ("市级科研创新平台", "city research platform"),
        "regional_research_platform": ("自治区级及以上科研创新平台", "regional research platform"),
        "talent_station": ("人才工作站点", "talent station"), "innovation_center": ("本土创新中心和产业加速器", "innovation centre"),
        "specialized_enterprise": ("专精特新企业", "specialised enterprise"), "high_tech_enterprise": ("高新技术企业", "high-tech enterprise"),
        "innovation_platform": ("科技创新平台", "innovation platform"), "reserve_project": ("储备项目", "reserve project"),
        "quality_project_opinion": ("优质项目评估意见", "quality project opinion"), "talent_fund": ("人才创投基金", "talent fund"),
        "fund_pool": ("资金池", "fund pool"), "cooperation_company": ("深度合作企业", "cooperation company"),
    },
    "ServiceKind": {"consult": ("咨询帮办", "consulting"), "dedicated": ("专人盯办", "dedicated"), "full_agency": ("全程代办", "full agency")},
    "InnovationKind": {"patent": ("专利", "patent"), "academic_exchange": ("学术交流", "academic exchange"), "tech_result": ("技术成果", "technical result")},
    "Role": {"operator": ("运营方", "operator"), "assessor": ("评估人员", "assessor")},
    "Rating": {"good": ("好", "good"), "average": ("一般", "average"), "poor": ("差", "poor")},
    "CreditScheme": {"labour_dispatch": ("劳动保障信用等级（劳务派遣单位）", "labour dispatch credit"), "hr_service": ("人力资源服务机构信用等级", "HR service credit")},
    "CreditGrade": {g: (f"{g}级", g) for g in "ABCD"},
    "SiteKind": {
        "park": ("产业园", "park"), "talent_center": ("人才服务中心", "talent centre"),
        "employment_market": ("人力资源市场", "employment market"), "gig_market": ("零工市场", "gig market"),
        "alliance_unit": ("联盟单位", "alliance unit"),
    },
    "video_published.kind": {"park_image": ("园区形象片", "park image film"), "enterprise_image": ("企业形象片", "company image film"), "short_video": ("短视频", "short video")},
    "activity_held.scale": {"small": ("小型", "small"), "medium": ("中型", "medium"), "large": ("大型", "large")},
    "job_recommended.channel": {"gig": ("零工市场", "gig market"), "online_fair": ("线上招聘会", "online fair"), "front_desk": ("前台", "front desk")},
    "base_agreement_signed.kind": {"labour": ("劳务基地", "labour base"), "gov_school": ("政校合作基地", "government-school base")},
    "innovation_recorded.level": {"national": ("国家级", "national"), "provincial": ("省级", "provincial")},
    "award_received.kind": {"honour": ("荣誉表彰", "honour"), "innovation_adopted": ("创新做法被采纳", "innovation adopted")},
    "staff_joined.role": {
        "operations": ("运营", "operations"), "livestream": ("直播团队", "livestream"), "front_desk": ("前台", "front desk"),
        "management": ("管理", "management"), "other": ("其他", "other"),
    },
}  # fmt: skip

BOOL_CHOICES: dict[str, tuple[str, str]] = {"true": ("是", "yes"), "false": ("否", "no")}


def field_label(event_type: str, field: str) -> tuple[str, str, str, str]:
    """(中文, English, unit 中文, unit English) for a payload field of an event type."""
    found = OVERRIDES.get((event_type, field)) or FIELDS.get(field)
    return found or (field, field, "", "")


def _inner(annotation: Any) -> Any:
    """The annotation without Optional/Annotated wrappers."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            rest = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(rest) != 1:
                return annotation
            annotation = rest[0]
        else:
            return annotation


def choices(event_type: str, field: str) -> list[tuple[str, str, str]] | None:
    """[(value, 中文, English)] for a closed field, or None if the field is free."""
    values = allowed_values(event_type, field)
    if values is None:
        return None
    key = choice_key(event_type, field)
    table = CHOICES.get(key or "", {})
    return [(v, *table.get(v, (v, v))) for v in values]
