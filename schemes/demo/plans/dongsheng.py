"""东胜区人才服务中心 (dongsheng-talent, seed 001): publicity, policy services, institutions, exchanges and the
talent work of the additional block, judged by the assessor at the half-year and at the year's end.

Borderline on purpose: some 给分要点 judged not met; a training's attendance keyed as 16 instead of 160 and
corrected; the first half-year closed by the assessor on 8 July, after which a June briefing the operator forgot
is logged (the late event: listed on the scorecard, not counted until an assessor accepts it).
"""

from __future__ import annotations

from typing import Any

from schemes.demo.plan import ASSESSOR, Fix, Later, Once, Plan, Stream, judged
from schemes.demo.sites import DONGSHENG
from schemes.demo.values import Cycle, Fmt, Int, Money
from schemes.demo.when import Spread


def activities(kind: str, n: int, title: str, participants: tuple[int, int] | None = None) -> Stream:
    """n activities of a kind through the year, numbered (第N期), with attendance where it is counted."""
    fields: dict[str, Any] = {"kind": kind, "title": Fmt(title + "（第{n}期）")}
    fields["participants"] = Int(*participants) if participants else 0
    return Stream("activity_held", Spread(n), fields)


def engaged(event_type: str, kind: str, n: int, name: str) -> Stream:
    """n talents or organisations of a kind engaged through the year, numbered."""
    return Stream(event_type, Spread(n), {"kind": kind, "name": Fmt(name + "{n:03d}")})


def deliverable(on: tuple[int, int], kind: str, title: str) -> Once:
    return Once("deliverable_submitted", on, {"kind": kind, "title": title})


def organization(on: tuple[int, int], kind: str, name: str) -> Once:
    return Once("organization_engaged", on, {"kind": kind, "name": name})


# The additional block's talent work: (talent_engaged kind, how many in the year, name).
TALENTS = (("provincial_reserve", 11, "省部级以上高端人才"), ("city_team_reserve", 4, "市级创新创业团队"),
           ("top_talent", 1, "顶尖人才"), ("f_class", 3, "市级F类人才"), ("city_team_landed", 1, "落地创新创业团队"),
           ("master_or_senior", 86, "硕士及副高人才"), ("regional_grassland", 3, "草原英才"),
           ("regional_grassland_team", 1, "草原英才团队"), ("city_grassland", 5, "市级草原英才"),
           ("city_grassland_team", 2, "市级草原英才团队"), ("expert_library", 72, "专家库专家"),
           ("investor", 46, "投资人"), ("service_commissioner", 6, "人才服务专员"))  # fmt: skip

# The qualitative 给分要点, judged at the half-year evaluation and again at the year's end: (item, met, reason).
POINTS = (("b.account/promotion", True, "公众号持续推送"), ("b.miniprogram/maintain", True, "小程序运行正常"),
          ("b.miniprogram/optimise", True, "完成3项功能优化"), ("b.warm/work_points", True, "落实年度人才工作要点"),
          ("b.warm/warm_measures", False, "暖心举措落实不全"), ("b.expansion/expand", True, "新增人才公寓服务"),
          ("b.expansion/effect", True, "拓展服务成效明显"), ("b.survey/fields", True, "覆盖8个领域"),
          ("b.survey/levels", False, "未覆盖基层人才"), ("a.station/mechanism", True, "建立联络机制"),
          ("a.station/contact", True, "每月对接"), ("a.partner_system/maintain", True, "系统正常"),
          ("a.partner_system/update", True, "资源信息按月更新"), ("a.custom_service/launch", True, "推出定制服务"),
          ("a.custom_service/deliver", False, "尚未形成服务案例"), ("a.commissioners/one_on_one", True, "专员一对一服务"))  # fmt: skip

PLAN = Plan(DONGSHENG.id, (
    # 基础: publicity and policy services.
    activities("policy_briefing", 6, "人才政策进企业宣讲"),
    activities("ad_display", 13, "电子屏人才政策宣传"),
    activities("innovation_showcase", 11, "创新创业典型案例展示"),
    deliverable((1, 12), "official_account", "东胜人才服务中心公众号"),
    deliverable((4, 22), "policy_compilation", "东胜区人才政策汇编"),
    deliverable((5, 30), "service_guide", "人才服务指南"),
    engaged("talent_engaged", "policy_expert", 3, "政策业务能手"),
    activities("policy_training", 4, "人才政策申报培训", (90, 160)),
    Stream("service_ticket", Spread(143), {"kind": Cycle("consult", "dedicated", "full_agency"),
           "client": Fmt("企业人才项目{n:03d}")}),  # fmt: skip
    # Institutions, exchanges and research.
    engaged("organization_engaged", "third_party_introduced", 5, "第三方人才服务机构"),
    engaged("organization_engaged", "third_party_reserved", 8, "储备人才服务机构"),
    deliverable((9, 28), "institution_quality_review", "第三方机构服务质量考核"),
    deliverable((10, 15), "institution_roster_update", "服务机构名录动态更新"),
    activities("training_exchange", 12, "人才学习交流沙龙", (55, 90)),
    activities("research_trip", 2, "区委人才办集中考察调研"),
    deliverable((6, 30), "research_material", "鄂尔多斯人才工作考察报告"),
    deliverable((11, 20), "research_material", "科创飞地调研材料"),
    Once("activity_held", (11, 10), {"kind": "satisfaction_survey", "title": "年度人才满意度调研"}),
    activities("institution_exchange", 4, "与专业人才机构交流合作"),
    # 附加: 成果转化, 科创交流, 招才引智.
    organization((8, 18), "city_research_platform", "煤基新材料市级科研创新平台"),
    Stream("tech_service_delivered", Spread(9), {"title": Fmt("技术服务合同{n}"),
           "amount_yuan": Money(300000, 800000)}),  # fmt: skip
    activities("tech_matchmaking", 8, "科技成果推介会"),
    organization((3, 20), "talent_station", "东胜区驻北京人才工作站"),
    organization((10, 9), "innovation_center", "东胜本土创新中心"),
    engaged("organization_engaged", "specialized_enterprise", 1, "专精特新企业"),
    engaged("organization_engaged", "high_tech_enterprise", 2, "落地高新技术企业"),
    engaged("talent_engaged", "high_end_scitech", 3, "高端科创人才"),
    deliverable((2, 27), "talent_demand_catalog", "东胜区人才需求目录"),
    activities("talent_drive", 2, "暖城引才专场"),
    activities("high_end_talent_visit", 4, "赴长三角探访高端人才团队"),
    *(engaged("talent_engaged", kind, n, name) for kind, n, name in TALENTS),
    activities("city_partner_district", 1, "区级寻找城市合伙人大会"),
    activities("city_partner_regular", 6, "常态化寻找城市合伙人路演"),
    engaged("organization_engaged", "reserve_project", 52, "储备项目"),
    activities("expert_evaluation", 2, "专家入库项目评估"),
    engaged("organization_engaged", "quality_project_opinion", 27, "优质项目评估意见"),
    organization((9, 9), "fund_pool", "人才科创投资资金池"),
    deliverable((7, 1), "talent_code_scenario", "人才码·公交出行"),
    deliverable((9, 1), "talent_code_scenario", "人才码·文旅景区"),
    deliverable((11, 3), "talent_code_scenario", "人才码·人才安居"),
    # The correction: a training's attendance keyed as 16 instead of 160, corrected six days later.
    Once("activity_held", (6, 12), {"kind": "policy_training", "title": "人才政策申报培训（加开）", "participants": 16},
         later=Later(fix=Fix({"participants": 160}, 6, "签到人数录入少一位：实为160人"))),
    *judged((6, 26), *POINTS),
    *judged((12, 22), *POINTS),
    # The late event: the assessor closes the first half-year on 8 July; on 20 July the operator logs a briefing
    # held on 29 June. Recorded after the close, it is listed on the H1 scorecard as late, pending review.
    Once("period_closed", (7, 8), {"period": Fmt("{year}-H1"), "reason": "半年评估完成"}, by=ASSESSOR),
    Once("activity_held", (6, 29), {"kind": "policy_briefing", "title": "六月人才政策宣讲（补录）"}, logged=(7, 20)),
))  # fmt: skip
