"""Table-driven cases for dongsheng-talent.toml: indicator values in, points per item out.

Every expected number is worked out by hand from the 给分要点 column of the seed's two tables
(001_fe0225262a130531.txt, 附件：人才服务中心运营考核指标). Each item's entry quotes its 给分要点 (`CLAUSE`);
a test checks the quote is the item's criterion in the scheme file and appears in the seed. Cases sit at and
on either side of every threshold and cap. A buyer who edits a rule edits its cases here:
`test_every_item_has_cases` refuses an item without cases.

Decisions pinned here (written out at the top of the scheme file):
  D1 以上 includes the number (民法典 第1259条): 500万元 exactly earns the turnover points.
  D2 per-unit points for whole units only ("每5单0.4分": 4 orders earn 0).
  D3 a 给分要点 without (满分) is capped by its row's 分值; the 飞地 row's parts are per unit up to 14.
  D5 one assessor judgement per qualitative 给分要点; met earns its points, not met or no judgement earns 0.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ledger.envelope import Event
from ledger.payloads import validate_payload
from projections.indicators import IndicatorValue, JudgementSpec, compute
from projections.periods import Period
from schemes.engine import score, score_item
from schemes.model import Scheme, get_scheme
from schemes.rules import Flag, Judgement, PerUnit, RuleContext, Sum

SCHEME_ID = "dongsheng-talent"
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "001_fe0225262a130531.txt"
D = Decimal


@pytest.fixture(scope="module")
def scheme() -> Scheme:
    return get_scheme(SCHEME_ID)


def iv(value: Any) -> IndicatorValue:
    """A count or sum backed by one event (so the rule, not the no-data path, decides)."""
    return IndicatorValue(D(str(value)), events=(1,))


def judged(met: bool, shortfalls: int = 0, reason: str = "年度考核组核查") -> IndicatorValue:
    """The latest assessor_judgement on a 给分要点, as the judgement indicator folds it."""
    return IndicatorValue(D(shortfalls), events=(2,), detail={"met": met, "reason": reason})


MET, NOT_MET, NO_JUDGEMENT = judged(True), judged(False, reason="未见材料"), IndicatorValue(None)


def empty(scheme: Scheme) -> dict[str, IndicatorValue]:
    """What the fold gives for a site with no events: counts are 0, judgements are absent."""
    return {
        name: NO_JUDGEMENT if isinstance(spec, JudgementSpec) else IndicatorValue(D(0))
        for name, spec in scheme.indicators.items()
    }


def values(scheme: Scheme, given: dict[str, Any]) -> dict[str, IndicatorValue]:
    out = empty(scheme)
    for name, value in given.items():
        assert name in scheme.indicators, f"case names an undeclared indicator {name!r}"
        out[name] = value if isinstance(value, IndicatorValue) else iv(value)
    return out


# Every indicator exactly at its annual target (年度任务指标), with every qualitative 给分要点 judged met.
TARGETS: dict[str, Any] = {
    "briefings": 4, "ad_displays": 12, "showcases": 12, "account_built": 1, "j_account_promotion": MET,
    "j_miniprogram_maintain": MET, "j_miniprogram_optimise": MET, "policy_compilations": 1, "service_guides": 1,
    "policy_experts": 3, "policy_trainings": 4, "policy_trainees": 500, "service_tickets": 150,
    "institutions_introduced": 5, "institutions_reserved": 8, "quality_reviews": 1, "roster_updates": 1,
    "j_warm_work_points": MET, "j_warm_measures": MET, "j_expansion_expand": MET, "j_expansion_effect": MET,
    "exchanges": 12, "exchange_attendance": 800, "research_trips": 2, "research_materials": 2,
    "satisfaction_surveys": 1, "j_survey_fields": MET, "j_survey_levels": MET, "institution_exchanges": 5,
    "city_platforms": 2, "regional_platforms": 0, "tech_services": 10, "tech_turnover": 5000000, "tech_events": 8,
    "stations": 1, "j_station_mechanism": MET, "j_station_contact": MET,
    # 飞地: one of each named achievement is 8 of the row's 14 (D3); the full 14 needs more than one:
    # 2 (centre) + 2 x 2 (专精特新) + 2 x 2 (高新) + 2 x 1 (科创人才) + 2 x 1 (平台) = 14
    "innovation_centers": 1, "specialized_enterprises": 2, "high_tech_enterprises": 2, "scitech_talent": 2,
    "innovation_platforms": 2,
    "demand_catalogs": 1, "talent_drives": 1, "talent_visits": 4,
    "provincial_reserve": 10, "city_team_reserve": 5, "top_talent": 1, "f_class": 4, "city_team_landed": 1,
    "master_or_senior": 100, "regional_grassland": 3, "regional_grassland_team": 1, "city_grassland": 6,
    "city_grassland_team": 2, "expert_library": 70, "partner_district": 1, "partner_regular": 6, "investors": 50,
    "reserve_projects": 50, "expert_evaluations": 2, "quality_opinions": 30, "j_partner_system_maintain": MET,
    "j_partner_system_update": MET, "talent_funds": 1, "fund_pools": 1, "j_custom_launch": MET,
    "j_custom_deliver": MET, "talent_code_scenarios": 4, "commissioners": 1, "j_one_on_one": MET,
}  # fmt: skip

# 分值 column of the seed, row by row: 17 rows summing to 100, then 16 rows summing to 100.
MAXIMA = {
    "b.briefings": 2, "b.displays": 3, "b.showcases": 4, "b.account": 2, "b.miniprogram": 5,
    "b.compilations": 4, "b.experts": 3, "b.training": 3, "b.tickets": 12, "b.institutions": 7,
    "b.institution_review": 3, "b.warm": 12, "b.expansion": 14, "b.exchanges": 10, "b.research": 2,
    "b.survey": 4, "b.partners": 10,
    "a.platforms": 4, "a.tech_services": 4, "a.tech_events": 4, "a.station": 4, "a.enclave": 14,
    "a.recruit_drive": 2, "a.visits": 2, "a.high_level": 20, "a.grassland": 16, "a.city_partner": 12,
    "a.expert_review": 4, "a.partner_system": 2, "a.fund": 4, "a.custom_service": 2, "a.talent_code": 4,
    "a.commissioners": 2,
}  # fmt: skip

Case = tuple[str, dict[str, Any], str]

# item id -> (the 给分要点 quoted from the seed, [(case id, indicator values, expected points), ...])
TABLE: dict[str, tuple[str, list[Case]]] = {
    # -- 一、基础分值指标 ------------------------------------------------------------------------------------
    "b.briefings": (
        "举办各类人才政策宣讲活动，为企业、人才宣传各级人才政策 1 次 0.5 分。",
        [
            ("0 sessions: 0", {"briefings": 0}, "0"),
            ("1 x 0.5", {"briefings": 1}, "0.5"),
            ("3 x 0.5 = 1.5", {"briefings": 3}, "1.5"),
            ("4 (target) x 0.5 = 2", {"briefings": 4}, "2"),
            ("5 x 0.5 = 2.5 capped at 分值 2", {"briefings": 5}, "2"),
        ],
    ),
    "b.displays": (
        "利用电子屏、展板、灯箱、柱体广告等载体宣传政策 2 次 0.5 分。",
        [
            ("1 display is no whole pair: 0", {"ad_displays": 1}, "0"),
            ("2 = one pair: 0.5", {"ad_displays": 2}, "0.5"),
            ("11 = 5 pairs: 2.5", {"ad_displays": 11}, "2.5"),
            ("12 (target) = 6 pairs: 3", {"ad_displays": 12}, "3"),
            ("14 = 7 pairs = 3.5 capped at 3", {"ad_displays": 14}, "3"),
        ],
    ),
    "b.showcases": (
        "开展创新创业典型案例展示、人才事迹宣传、创业实践（竞赛）活动、成果展示等活动 3 次 1 分。",
        [
            ("2: no whole three", {"showcases": 2}, "0"),
            ("3: 1", {"showcases": 3}, "1"),
            ("11 = 3 threes: 3", {"showcases": 11}, "3"),
            ("12 (target): 4", {"showcases": 12}, "4"),
            ("15 = 5 threes capped at 4", {"showcases": 15}, "4"),
        ],
    ),
    "b.account": (
        "建立人才服务中心公众号 1 分，持续推动人才服务信息宣传 1 分。",
        [
            ("no account, no judgement", {}, "0"),
            ("account exists: 1", {"account_built": 1}, "1"),
            ("promotion judged met only: 1", {"j_account_promotion": MET}, "1"),
            ("account + promotion met: 2", {"account_built": 1, "j_account_promotion": MET}, "2"),
            ("account + promotion not met: 1", {"account_built": 1, "j_account_promotion": NOT_MET}, "1"),
        ],
    ),
    "b.miniprogram": (
        "运营维护“人才东胜”小程序、“东胜区人才信息服务管理系统”中人才服务中心板块 2 分。持续优化人才服务中心板块相关服务功能 3 分。",
        [
            ("no judgements: 0", {}, "0"),
            ("运营维护 met: 2", {"j_miniprogram_maintain": MET}, "2"),
            ("持续优化 met alone: 3", {"j_miniprogram_optimise": MET}, "3"),
            ("both met: 2 + 3", {"j_miniprogram_maintain": MET, "j_miniprogram_optimise": MET}, "5"),
            (
                "maintain met, optimise not",
                {"j_miniprogram_maintain": MET, "j_miniprogram_optimise": NOT_MET},
                "2",
            ),
        ],
    ),
    "b.compilations": (
        "梳理形成各级政策汇编 1 册 2 分（满分 2 分）。梳理形成各级政策服务指南 1 册 2 分（满分 2 分）。",
        [
            ("neither: 0", {}, "0"),
            ("compilation only: 2", {"policy_compilations": 1}, "2"),
            ("guide only: 2", {"service_guides": 1}, "2"),
            ("two compilations, (满分 2 分): 2", {"policy_compilations": 2}, "2"),
            ("one each: 4", {"policy_compilations": 1, "service_guides": 1}, "4"),
            ("two each: capped 2 + 2", {"policy_compilations": 2, "service_guides": 2}, "4"),
        ],
    ),
    "b.experts": (
        "培养精通各类政策的业务能手 1 人 1 分。",
        [
            ("2: 2", {"policy_experts": 2}, "2"),
            ("3 (target): 3", {"policy_experts": 3}, "3"),
            ("4: capped at 分值 3", {"policy_experts": 4}, "3"),
        ],
    ),
    "b.training": (
        "开展政策培训 1 期 0.25 分（满分 1 分），培训覆盖人才每 100 人 0.4 分（满分 2 分）。",
        [
            ("3 trainings: 0.75", {"policy_trainings": 3}, "0.75"),
            ("4 trainings: 1", {"policy_trainings": 4}, "1"),
            ("5 trainings: capped 1", {"policy_trainings": 5}, "1"),
            ("99 people: no whole hundred", {"policy_trainees": 99}, "0"),
            ("100 people: 0.4", {"policy_trainees": 100}, "0.4"),
            ("499 people: 4 hundreds = 1.6", {"policy_trainees": 499}, "1.6"),
            ("500 people: 2", {"policy_trainees": 500}, "2"),
            ("501 people: capped 2", {"policy_trainees": 501}, "2"),
            ("4 trainings, 500 people: 1 + 2", {"policy_trainings": 4, "policy_trainees": 500}, "3"),
            ("3 trainings, 490 people: 0.75 + 1.6", {"policy_trainings": 3, "policy_trainees": 490}, "2.35"),
        ],
    ),
    "b.tickets": (
        "提供咨询帮办、专人盯办、全程代办服务工单每 5 单 0.4 分。",
        [
            ("4 orders: no whole 5", {"service_tickets": 4}, "0"),
            ("5 orders: 0.4", {"service_tickets": 5}, "0.4"),
            ("9 orders: still one 5", {"service_tickets": 9}, "0.4"),
            ("10 orders: 0.8", {"service_tickets": 10}, "0.8"),
            ("149 orders: 29 x 0.4 = 11.6", {"service_tickets": 149}, "11.6"),
            ("150 (target): 30 x 0.4 = 12 exactly", {"service_tickets": 150}, "12"),
            ("151: capped at 分值 12", {"service_tickets": 151}, "12"),
            ("300: capped 12", {"service_tickets": 300}, "12"),
        ],
    ),
    "b.institutions": (
        "引进第三方专业服务机构 1 家 1 分(满分 5 分)。储备机构 1 家 0.25 分 (满分 2 分)。",
        [
            ("4 introduced: 4", {"institutions_introduced": 4}, "4"),
            ("5 introduced: 5", {"institutions_introduced": 5}, "5"),
            ("6 introduced: (满分 5 分)", {"institutions_introduced": 6}, "5"),
            ("7 reserved: 1.75", {"institutions_reserved": 7}, "1.75"),
            ("8 reserved: 2", {"institutions_reserved": 8}, "2"),
            ("9 reserved: (满分 2 分)", {"institutions_reserved": 9}, "2"),
            ("5 + 8: 7", {"institutions_introduced": 5, "institutions_reserved": 8}, "7"),
            ("6 + 7: 5 + 1.75", {"institutions_introduced": 6, "institutions_reserved": 7}, "6.75"),
        ],
    ),
    "b.institution_review": (
        "对引进第三方服务机构实施服务质量考核 1 分。根据考核结果进行动态更新服务机构 2 分。",
        [
            ("neither: 0", {}, "0"),
            ("review only: 1", {"quality_reviews": 1}, "1"),
            ("update only: 2 (independent parts)", {"roster_updates": 1}, "2"),
            ("both: 3", {"quality_reviews": 1, "roster_updates": 1}, "3"),
            ("several of each: still 3", {"quality_reviews": 2, "roster_updates": 4}, "3"),
        ],
    ),
    "b.warm": (
        "落实每年人才工作要点服务举措 6 分，协助落实“暖心”服务举措及相关服务项目 6 分。",
        [
            ("no judgements: 0", {}, "0"),
            ("工作要点 met: 6", {"j_warm_work_points": MET}, "6"),
            ("暖心 met: 6", {"j_warm_measures": MET}, "6"),
            ("both: 12", {"j_warm_work_points": MET, "j_warm_measures": MET}, "12"),
            ("one not met: 6", {"j_warm_work_points": NOT_MET, "j_warm_measures": MET}, "6"),
        ],
    ),
    "b.expansion": (
        "主动拓展其他人才服务项目 8 分，拓展服务项目具有明显成效，形成经验做法 6 分。",
        [
            ("no judgements: 0", {}, "0"),
            ("拓展 met: 8", {"j_expansion_expand": MET}, "8"),
            ("成效 met alone: 6", {"j_expansion_effect": MET}, "6"),
            ("both: 14", {"j_expansion_expand": MET, "j_expansion_effect": MET}, "14"),
            ("拓展 met, 成效 not: 8", {"j_expansion_expand": MET, "j_expansion_effect": NOT_MET}, "8"),
        ],
    ),
    "b.exchanges": (
        "开展各类培训、学习交流活动每 2 次 1 分 (满分 6 分)。覆盖各类人才每 100 人 0.5 分 (满分 4 分)。",
        [
            ("1 event: no whole pair", {"exchanges": 1}, "0"),
            ("11 events: 5 pairs", {"exchanges": 11}, "5"),
            ("12 events: 6", {"exchanges": 12}, "6"),
            ("14 events: (满分 6 分)", {"exchanges": 14}, "6"),
            ("99 people: 0", {"exchange_attendance": 99}, "0"),
            ("799 people: 7 hundreds = 3.5", {"exchange_attendance": 799}, "3.5"),
            ("800 people: 4", {"exchange_attendance": 800}, "4"),
            ("900 people: (满分 4 分)", {"exchange_attendance": 900}, "4"),
            ("12 events, 800 people: 10", {"exchanges": 12, "exchange_attendance": 800}, "10"),
        ],
    ),
    "b.research": (
        "协助区委人才办开展集中考察调研活动 1 次 0.5 分 (满分 1 分)。形成优质考察调研材料 1 篇 0.5 分 (满分 1 分)。",
        [
            ("1 tour: 0.5", {"research_trips": 1}, "0.5"),
            ("2 tours: 1", {"research_trips": 2}, "1"),
            ("3 tours: (满分 1 分)", {"research_trips": 3}, "1"),
            ("1 report: 0.5", {"research_materials": 1}, "0.5"),
            ("3 reports: (满分 1 分)", {"research_materials": 3}, "1"),
            ("2 tours, 1 report: 1.5", {"research_trips": 2, "research_materials": 1}, "1.5"),
            ("2 + 2: 2", {"research_trips": 2, "research_materials": 2}, "2"),
        ],
    ),
    "b.survey": (
        "开展人才满意度调研 2 分，调研覆盖全区各领域人才 1 分，调研覆盖全区各层次人才 1 分。",
        [
            ("no survey, no judgement: 0", {}, "0"),
            ("1 survey ('1次以上' includes 1): 2", {"satisfaction_surveys": 1}, "2"),
            ("2 surveys: still 2", {"satisfaction_surveys": 2}, "2"),
            ("survey + 各领域 met: 3", {"satisfaction_surveys": 1, "j_survey_fields": MET}, "3"),
            (
                "survey + both coverages: 4",
                {"satisfaction_surveys": 1, "j_survey_fields": MET, "j_survey_levels": MET},
                "4",
            ),
            ("survey + 各层次 not met: 2", {"satisfaction_surveys": 1, "j_survey_levels": NOT_MET}, "2"),
        ],
    ),
    "b.partners": (
        "与相关专业人才机构开展交流合作活动 1 次 2 分。",
        [
            ("1: 2", {"institution_exchanges": 1}, "2"),
            ("4: 8", {"institution_exchanges": 4}, "8"),
            ("5 (target): 10", {"institution_exchanges": 5}, "10"),
            ("6: 12 capped at 分值 10", {"institution_exchanges": 6}, "10"),
        ],
    ),
    # -- 二、附加分值指标 ------------------------------------------------------------------------------------
    "a.platforms": (
        "协助推动建成 1 个市级科研创新平台 2 分。建成 1 个自治区级及以上科研创新平台 4 分。",
        [
            ("none: 0", {}, "0"),
            ("1 city-level: 2", {"city_platforms": 1}, "2"),
            ("2 city-level (target): 4", {"city_platforms": 2}, "4"),
            ("3 city-level: capped 4", {"city_platforms": 3}, "4"),
            ("1 region-level (the 'or' target): 4", {"regional_platforms": 1}, "4"),
            ("1 city + 1 region: 6 capped at 4", {"city_platforms": 1, "regional_platforms": 1}, "4"),
        ],
    ),
    "a.tech_services": (
        "开展 1 项技术服务 0.2 分（满分 2 分）。完成交易额 500 万元以上 2 分。",
        [
            ("9 services: 1.8", {"tech_services": 9}, "1.8"),
            ("10 services: 2", {"tech_services": 10}, "2"),
            ("11 services: (满分 2 分)", {"tech_services": 11}, "2"),
            ("4,999,999.99 yuan: below 500万", {"tech_turnover": "4999999.99"}, "0"),
            ("5,000,000 yuan exactly: 以上 includes it (D1)", {"tech_turnover": "5000000"}, "2"),
            ("5,000,000.01 yuan: 2", {"tech_turnover": "5000000.01"}, "2"),
            (
                "turnover points do not wait for 10 services",
                {"tech_services": 3, "tech_turnover": "6000000"},
                "2.6",
            ),
            ("10 services, 500万: 4", {"tech_services": 10, "tech_turnover": "5000000"}, "4"),
        ],
    ),
    "a.tech_events": (
        "举办 1 次活动 0.5 分。",
        [
            ("7: 3.5", {"tech_events": 7}, "3.5"),
            ("8 (target): 4", {"tech_events": 8}, "4"),
            ("9: capped at 分值 4", {"tech_events": 9}, "4"),
        ],
    ),
    "a.station": (
        "新设立人才工作站点 1 个 2 分。建立联络机制 1 分，持续联系 1 分。",
        [
            ("none: 0", {}, "0"),
            ("1 station: 2", {"stations": 1}, "2"),
            ("2 stations: the station part stays at 2", {"stations": 2}, "2"),
            ("station + mechanism: 3", {"stations": 1, "j_station_mechanism": MET}, "3"),
            (
                "station + mechanism + contact: 4",
                {"stations": 1, "j_station_mechanism": MET, "j_station_contact": MET},
                "4",
            ),
            (
                "contact not met: 3",
                {"stations": 1, "j_station_mechanism": MET, "j_station_contact": NOT_MET},
                "3",
            ),
        ],
    ),
    "a.enclave": (
        "协同各类平台，助推建成本土创新中心和产业加速器 2 分。新增专精特新企业 1 家 2 分。新增落地我区高新技术企业 1 家 2 分。引进培养相关高端科创人才 1 名 1 分，新增各类科技创新平台 1 家 1 分。",
        [
            ("none: 0", {}, "0"),
            ("innovation centre: 2", {"innovation_centers": 1}, "2"),
            ("2 innovation centres: the part names no unit, still 2", {"innovation_centers": 2}, "2"),
            (
                "one of each: 2+2+2+1+1 = 8 of 14 (GAP, D3)",
                {
                    "innovation_centers": 1,
                    "specialized_enterprises": 1,
                    "high_tech_enterprises": 1,
                    "scitech_talent": 1,
                    "innovation_platforms": 1,
                },
                "8",
            ),
            ("3 专精特新 per unit: 6", {"specialized_enterprises": 3}, "6"),
            (
                "centre + 3 专精特新 + 2 高新 + 1 talent = 13",
                {
                    "innovation_centers": 1,
                    "specialized_enterprises": 3,
                    "high_tech_enterprises": 2,
                    "scitech_talent": 1,
                },
                "13",
            ),
            (
                "… + 1 platform = 14",
                {
                    "innovation_centers": 1,
                    "specialized_enterprises": 3,
                    "high_tech_enterprises": 2,
                    "scitech_talent": 1,
                    "innovation_platforms": 1,
                },
                "14",
            ),
            (
                "… + 2 platforms = 15 capped at 分值 14",
                {
                    "innovation_centers": 1,
                    "specialized_enterprises": 3,
                    "high_tech_enterprises": 2,
                    "scitech_talent": 1,
                    "innovation_platforms": 2,
                },
                "14",
            ),
            ("8 高新 alone: 16 capped 14", {"high_tech_enterprises": 8}, "14"),
        ],
    ),
    "a.recruit_drive": (
        "协助制定人才需求目录 1 分，协助开展引才活动 1 分。",
        [
            ("neither: 0", {}, "0"),
            ("catalogue: 1", {"demand_catalogs": 1}, "1"),
            ("drive: 1", {"talent_drives": 1}, "1"),
            ("both: 2", {"demand_catalogs": 1, "talent_drives": 1}, "2"),
            ("several of each: 2", {"demand_catalogs": 2, "talent_drives": 5}, "2"),
        ],
    ),
    "a.visits": (
        "探访高端人才及团队 1 次 0.5 分。",
        [
            ("3: 1.5", {"talent_visits": 3}, "1.5"),
            ("4 (target): 2", {"talent_visits": 4}, "2"),
            ("5: capped at 分值 2", {"talent_visits": 5}, "2"),
        ],
    ),
    "a.high_level": (
        "对接储备省部级以上高端人才 1 名 0.2 分（满分 2 分）。对接储备市级及以上创新创业团队 1 支 0.2 分（满分 1 分）。对接招引顶尖人才 1 名 3 分（满分 3 分）。招引落地市级 F 类及以上高层次人才 1 名 1 分（满分 4 分）。招引落地市级及以上创新创业团队 1 个 2 分（满分 2 分）。新增硕士研究生以上、副高职称以上高层次人才和紧缺专业人才 1 名 0.08 分（满分 8 分）。",
        [
            ("9 provincial: 1.8", {"provincial_reserve": 9}, "1.8"),
            ("10 provincial: 2", {"provincial_reserve": 10}, "2"),
            ("11 provincial: (满分 2 分)", {"provincial_reserve": 11}, "2"),
            ("4 teams in reserve: 0.8", {"city_team_reserve": 4}, "0.8"),
            ("5 teams in reserve: 1", {"city_team_reserve": 5}, "1"),
            ("6 teams in reserve: (满分 1 分)", {"city_team_reserve": 6}, "1"),
            ("1 top talent: 3", {"top_talent": 1}, "3"),
            ("2 top talents: (满分 3 分)", {"top_talent": 2}, "3"),
            ("3 F-class: 3", {"f_class": 3}, "3"),
            ("4 F-class: 4", {"f_class": 4}, "4"),
            ("5 F-class: (满分 4 分)", {"f_class": 5}, "4"),
            ("1 team landed: 2", {"city_team_landed": 1}, "2"),
            ("2 teams landed: (满分 2 分)", {"city_team_landed": 2}, "2"),
            ("99 master/senior: 7.92", {"master_or_senior": 99}, "7.92"),
            ("100 master/senior: 8", {"master_or_senior": 100}, "8"),
            ("101 master/senior: (满分 8 分)", {"master_or_senior": 101}, "8"),
            (
                "every target: 2+1+3+4+2+8 = 20",
                {
                    "provincial_reserve": 10,
                    "city_team_reserve": 5,
                    "top_talent": 1,
                    "f_class": 4,
                    "city_team_landed": 1,
                    "master_or_senior": 100,
                },
                "20",
            ),
        ],
    ),
    "a.grassland": (
        "引进、培养高于或相当于自治区“草原英才”“英才兴蒙”工程认定标准人才 1 人 1 分（满分 3 分），团队 1 支 2 分（满分 2 分）。引进、培养高于或相当于市级“草原英才”市级高层次人才认定标准人才 1 人 0.5 分（满分 3 分）、团队 1 支 0.5 分（满分 1 分）。引进维护东胜区专家库专家人才 1 名 0.1 分（满分 7 分）。",
        [
            ("2 regional: 2", {"regional_grassland": 2}, "2"),
            ("3 regional: 3", {"regional_grassland": 3}, "3"),
            ("4 regional: (满分 3 分)", {"regional_grassland": 4}, "3"),
            ("1 regional team: 2", {"regional_grassland_team": 1}, "2"),
            ("2 regional teams: (满分 2 分)", {"regional_grassland_team": 2}, "2"),
            ("5 city: 2.5", {"city_grassland": 5}, "2.5"),
            ("6 city: 3", {"city_grassland": 6}, "3"),
            ("7 city: (满分 3 分)", {"city_grassland": 7}, "3"),
            ("1 city team: 0.5", {"city_grassland_team": 1}, "0.5"),
            ("2 city teams: 1", {"city_grassland_team": 2}, "1"),
            ("3 city teams: (满分 1 分)", {"city_grassland_team": 3}, "1"),
            ("69 experts: 6.9", {"expert_library": 69}, "6.9"),
            ("70 experts: 7", {"expert_library": 70}, "7"),
            ("71 experts: (满分 7 分)", {"expert_library": 71}, "7"),
            (
                "every target: 3+2+3+1+7 = 16",
                {
                    "regional_grassland": 3,
                    "regional_grassland_team": 1,
                    "city_grassland": 6,
                    "city_grassland_team": 2,
                    "expert_library": 70,
                },
                "16",
            ),
        ],
    ),
    "a.city_partner": (
        "协助举办区级层面“寻找城市合伙人”活动 1 次 2 分（满分 2 分）。常态化开展“寻找城市合伙人” 1 次 1 分（满分 6 分）。对接投资人和项目持有人 1 人 0.04 分（满分 2 分），储备项目 1 个 0.04 分（满分 2 分）。",
        [
            ("1 district event: 2", {"partner_district": 1}, "2"),
            ("2 district events: (满分 2 分)", {"partner_district": 2}, "2"),
            ("5 regular: 5", {"partner_regular": 5}, "5"),
            ("6 regular: 6", {"partner_regular": 6}, "6"),
            ("7 regular: (满分 6 分)", {"partner_regular": 7}, "6"),
            ("49 investors: 1.96", {"investors": 49}, "1.96"),
            ("50 investors: 2", {"investors": 50}, "2"),
            ("51 investors: (满分 2 分)", {"investors": 51}, "2"),
            ("49 projects: 1.96", {"reserve_projects": 49}, "1.96"),
            ("50 projects: 2", {"reserve_projects": 50}, "2"),
            ("51 projects: (满分 2 分)", {"reserve_projects": 51}, "2"),
            (
                "every target: 2+6+2+2 = 12",
                {"partner_district": 1, "partner_regular": 6, "investors": 50, "reserve_projects": 50},
                "12",
            ),
        ],
    ),
    "a.expert_review": (
        "聘请专家对入库项目评估 1 次 0.5 分(满分 1 分)，优质项目出具评估意见 1 个 0.1 分(满分 3 分)。",
        [
            ("1 evaluation: 0.5", {"expert_evaluations": 1}, "0.5"),
            ("2 evaluations: 1", {"expert_evaluations": 2}, "1"),
            ("3 evaluations: (满分 1 分)", {"expert_evaluations": 3}, "1"),
            ("29 opinions: 2.9", {"quality_opinions": 29}, "2.9"),
            ("30 opinions: 3", {"quality_opinions": 30}, "3"),
            ("31 opinions: (满分 3 分)", {"quality_opinions": 31}, "3"),
            ("2 + 30: 4", {"expert_evaluations": 2, "quality_opinions": 30}, "4"),
        ],
    ),
    "a.partner_system": (
        "运营维护“寻找合伙人”相关系统功能 1 分，更新系统资源信息，促进人才、项目、资金等要素资源碰撞整合 1 分。",
        [
            ("no judgements: 0", {}, "0"),
            ("运营维护 met: 1", {"j_partner_system_maintain": MET}, "1"),
            ("更新 met: 1", {"j_partner_system_update": MET}, "1"),
            ("both: 2", {"j_partner_system_maintain": MET, "j_partner_system_update": MET}, "2"),
            (
                "both not met: 0",
                {"j_partner_system_maintain": NOT_MET, "j_partner_system_update": NOT_MET},
                "0",
            ),
        ],
    ),
    "a.fund": (
        "推动成立人才创投基金 2 分。推动建立资金池 2 分。",
        [
            ("neither: 0", {}, "0"),
            ("fund: 2", {"talent_funds": 1}, "2"),
            ("pool: 2", {"fund_pools": 1}, "2"),
            (
                "both (the task's 'or' does not cap the 给分要点): 4",
                {"talent_funds": 1, "fund_pools": 1},
                "4",
            ),
            ("two funds: still 2", {"talent_funds": 2}, "2"),
        ],
    ),
    "a.custom_service": (
        "推出高端人才“定制化”服务项目 1 分，落实“定制化”服务项目 1 分。",
        [
            ("no judgements: 0", {}, "0"),
            ("推出 met: 1", {"j_custom_launch": MET}, "1"),
            ("落实 met: 1", {"j_custom_deliver": MET}, "1"),
            ("both: 2", {"j_custom_launch": MET, "j_custom_deliver": MET}, "2"),
            ("推出 met, 落实 not: 1", {"j_custom_launch": MET, "j_custom_deliver": NOT_MET}, "1"),
        ],
    ),
    "a.talent_code": (
        "拓展使用“人才码” 1 个服务场景 1 分(满分 4 分)。",
        [
            ("3 scenarios: 3", {"talent_code_scenarios": 3}, "3"),
            ("4 scenarios: 4", {"talent_code_scenarios": 4}, "4"),
            ("5 scenarios: (满分 4 分)", {"talent_code_scenarios": 5}, "4"),
        ],
    ),
    "a.commissioners": (
        "为全区重点企业项目配备专属“管家式”人才服务专员 1 分，提供“一对一”服务 1 分。",
        [
            ("none: 0", {}, "0"),
            ("1 commissioner: 1", {"commissioners": 1}, "1"),
            ("3 commissioners, one-to-one not met: 1", {"commissioners": 3, "j_one_on_one": NOT_MET}, "1"),
            ("one-to-one met alone: 1", {"j_one_on_one": MET}, "1"),
            ("commissioner + one-to-one: 2", {"commissioners": 1, "j_one_on_one": MET}, "2"),
        ],
    ),
}

CASES = [
    pytest.param(item_id, given, expected, id=f"{item_id}: {name}")
    for item_id, (_clause, cases) in TABLE.items()
    for name, given, expected in cases
]


# -- the table itself ---------------------------------------------------------------------------------------


def test_every_item_has_cases(scheme: Scheme) -> None:
    assert [i.id for i in scheme.items] == list(TABLE), "TABLE must list every item, in the scheme's order"


@pytest.mark.parametrize("item_id", list(TABLE))
def test_clause_is_the_items_criterion_and_in_the_seed(scheme: Scheme, item_id: str) -> None:
    clause = TABLE[item_id][0]
    assert scheme.item(item_id).criterion == clause
    if SEED.exists():
        squash = re.compile(r"\s+")
        assert squash.sub("", clause) in squash.sub("", SEED.read_text(encoding="utf-8"))


def test_maxima_are_the_seeds_分值_column(scheme: Scheme) -> None:
    assert {i.id: i.max_points for i in scheme.items} == {k: D(v) for k, v in MAXIMA.items()}
    for block in ("base", "additional"):
        assert sum(i.max_points for i in scheme.items if i.block == block) == D(100)  # 总计 100 each
    assert [(b.id, b.title, b.kind, b.cap) for b in scheme.blocks] == [
        ("base", "基础分值指标", "base", D(100)),
        ("additional", "附加分值指标", "base", D(100)),
    ]
    assert scheme.max_total == D(200)
    assert scheme.assessed_every == "year"


def test_payout_table_is_the_agreed_split(scheme: Scheme) -> None:
    # 说明 under each table: base 40% in bands (60分及以下 10%, 60~80（含）20%, 80~90（含）30%, 90~100（含）40%);
    # additional 实际得分*100%*60%*总体运营费; 第七条(一) half-year pays at most 50%.
    interim, settlement = scheme.payout.pieces
    assert (interim.kind, interim.after_months, interim.cap_pct) == ("interim", 6, D(50))
    base, additional = settlement.shares
    assert (base.scored_by, base.pct, [(b.max, b.pay_pct) for b in base.bands]) == (
        "base", D(40), [(D(60), D(10)), (D(80), D(20)), (D(90), D(30)), (None, D(40))],
    )  # fmt: skip
    assert (additional.scored_by, additional.pct, additional.scale) == ("additional", D(60), "proportional")


# -- points per item ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("item_id", "given", "expected"), CASES)
def test_item_points(scheme: Scheme, item_id: str, given: dict[str, Any], expected: str) -> None:
    result = score_item(scheme, scheme.item(item_id), values(scheme, given), "dongsheng-tsc")
    assert isinstance(result.points, Decimal)
    assert result.points == D(expected), result.explanation
    assert D(0) <= result.points <= result.max_points


def test_decimal_exactness(scheme: Scheme) -> None:
    """150 orders x 0.4 / 5 is 12, and 99 x 0.08 is 7.92, with no binary-float residue."""
    tickets = score_item(
        scheme, scheme.item("b.tickets"), values(scheme, {"service_tickets": 150}), "s"
    ).points
    assert tickets == D("12") and str(tickets.normalize()) == "12"
    high = score_item(
        scheme, scheme.item("a.high_level"), values(scheme, {"master_or_senior": 99}), "s"
    ).points
    assert str(high) == "7.92"
    partners = values(scheme, {"investors": 49, "reserve_projects": 49, "partner_regular": 5})
    assert str(score_item(scheme, scheme.item("a.city_partner"), partners, "s").points) == "8.92"


# -- whole scorecards from indicator values -----------------------------------------------------------------


def test_every_target_met_scores_100_and_100(scheme: Scheme) -> None:
    card = score(scheme, "dongsheng-tsc", "2026", values(scheme, TARGETS))
    assert {i.id: i.points for i in card.items} == {k: D(v) for k, v in MAXIMA.items()}
    blocks = {b.id: (b.raw, b.points) for b in card.blocks}
    assert blocks == {"base": (D(100), D(100)), "additional": (D(100), D(100))}
    assert card.total == D(200) and card.max_total == D(200)


def test_nothing_recorded_scores_zero_and_says_so(scheme: Scheme) -> None:
    card = score(scheme, "dongsheng-tsc", "2026", empty(scheme))
    assert card.total == D(0)
    tickets = card.item("b.tickets")
    assert tickets.explanation_zh.startswith("无相关记录"), tickets.explanation_zh
    warm = card.item("b.warm")
    assert "尚无评估判定" in warm.explanation_zh and "no assessor judgement" in warm.explanation_en


def test_half_of_every_target_scores_what_the_annual_table_gives(scheme: Scheme) -> None:
    """D4: a half-year is scored against the annual table as-is. Half of each count target, no judgements:
    b.tickets 75 orders = 15 x 0.4 = 6 (of 12); b.briefings 2 x 0.5 = 1; a.high_level 50 master/senior x 0.08 = 4."""
    half = {k: D(v) / 2 for k, v in TARGETS.items() if not isinstance(v, IndicatorValue)}
    card = score(scheme, "dongsheng-tsc", "2026-H1", values(scheme, {k: str(v) for k, v in half.items()}))
    assert card.item("b.tickets").points == D(6)
    assert card.item("b.briefings").points == D(1)
    assert card.item("b.experts").points == D("1")  # 1.5 experts cannot happen; 1 whole expert counts
    assert card.item("b.displays").points == D("1.5")  # 6 displays = 3 pairs


# -- judgements ---------------------------------------------------------------------------------------------


def test_a_judgement_with_shortfalls_is_not_met(scheme: Scheme) -> None:
    """D5: a 给分要点 is awarded whole; a judgement recording shortfalls earns nothing for its part."""
    given = {"j_warm_work_points": judged(True, shortfalls=1), "j_warm_measures": MET}
    assert score_item(scheme, scheme.item("b.warm"), values(scheme, given), "s").points == D(6)


def test_judged_part_names_its_给分要点(scheme: Scheme) -> None:
    result = score_item(
        scheme, scheme.item("b.expansion"),
        values(scheme, {"j_expansion_expand": MET, "j_expansion_effect": NOT_MET}), "s",
    )  # fmt: skip
    assert "主动拓展其他人才服务项目：评估判定达标" in result.explanation_zh
    assert "形成经验做法：评估判定未达标（未见材料）" in result.explanation_zh


def test_judgement_keys_match_the_items(scheme: Scheme) -> None:
    """Every judgement indicator reads `<item id>/<part>` of an item whose rule uses it."""
    for name, spec in scheme.indicators.items():
        if isinstance(spec, JudgementSpec):
            item_id, _, part = spec.item.partition("/")
            assert part, spec.item
            assert name in scheme.item(item_id).rule.inputs(), (name, spec.item)


# -- the rule shape added for this scheme: a judged 给分要点 inside a `sum` ---------------------------------


def test_judgement_part_in_sum_is_worth_its_own_points() -> None:
    rule = Sum(kind="sum", terms=[
        Flag(kind="flag", input="built", min=D(1), points=D(1)),
        Judgement(kind="judgement", input="j", points=D(3)),
    ])  # fmt: skip
    labels = {"j": ("持续优化", "kept improving", "", "")}
    met = RuleContext({"built": iv(1), "j": MET}, D(5), labels)
    assert rule.evaluate(met).points == D(4)  # 1 + 3, not 1 + 5 (the item's max)
    unjudged = RuleContext({"built": iv(1), "j": NO_JUDGEMENT}, D(5), labels)
    out = rule.evaluate(unjudged)
    assert out.points == D(1) and "持续优化：尚无评估判定" in out.zh
    # Without `points`, a judgement is worth the item's max, as before.
    whole = Judgement(kind="judgement", input="j")
    assert whole.evaluate(RuleContext({"j": MET}, D(5), labels)).points == D(5)
    assert PerUnit(kind="per_unit", input="built", points=D(2)).evaluate(
        RuleContext({"built": iv(9)}, D(5))
    ).points == D(5)


# -- indicators: what events count (pure fold) -------------------------------------------------------------


def _event(seq: int, event_type: str, on: str, **payload: Any) -> Event:
    return Event(seq, f"e{seq}", event_type, 1, "dongsheng-tsc", on, f"{on}T12:00:00.000000+08:00", "op",
                 validate_payload(event_type, payload))  # fmt: skip


def test_all_three_kinds_of_order_count_and_only_inside_the_period(scheme: Scheme) -> None:
    events = [
        _event(1, "service_ticket", "2026-02-01", kind="consult", client="甲公司"),
        _event(2, "service_ticket", "2026-05-01", kind="dedicated", client="乙公司"),
        _event(3, "service_ticket", "2026-08-01", kind="full_agency", client="丙公司"),
        _event(4, "service_ticket", "2025-12-31", kind="consult", client="丁公司"),
    ]
    year = compute(scheme.indicators, events, Period.parse("2026"), scheme=SCHEME_ID)
    assert year["service_tickets"].value == D(3) and year["service_tickets"].events == (1, 2, 3)
    half = compute(scheme.indicators, events, Period.parse("2026-H1"), scheme=SCHEME_ID)
    assert half["service_tickets"].value == D(2)


def test_official_account_counts_once_built_even_in_a_later_period(scheme: Scheme) -> None:
    events = [
        _event(1, "deliverable_submitted", "2025-11-20", kind="official_account", title="东胜人才服务中心")
    ]
    assert compute(scheme.indicators, events, Period.parse("2026"), scheme=SCHEME_ID)[
        "account_built"
    ].value == D(1)
    assert compute(scheme.indicators, events, Period.parse("2025-H1"), scheme=SCHEME_ID)[
        "account_built"
    ].value == D(0)


def test_turnover_and_attendance_are_sums(scheme: Scheme) -> None:
    events = [
        _event(1, "tech_service_delivered", "2026-03-01", title="成果转让", amount_yuan="3000000.50"),
        _event(2, "tech_service_delivered", "2026-09-01", title="技术咨询", amount_yuan="1999999.50"),
        _event(3, "activity_held", "2026-04-01", kind="policy_training", title="政策培训", participants=260),
        _event(4, "activity_held", "2026-10-01", kind="policy_training", title="政策培训", participants=240),
    ]
    got = compute(scheme.indicators, events, Period.parse("2026"), scheme=SCHEME_ID)
    assert got["tech_turnover"].value == D("5000000.00")  # exactly 500万: earns the 2 points (D1)
    assert got["policy_trainees"].value == D(500) and got["policy_trainings"].value == D(2)


def test_latest_judgement_in_the_period_counts(scheme: Scheme) -> None:
    def judgement(seq: int, on: str, met: bool) -> Event:
        return _event(seq, "assessor_judgement", on, scheme=SCHEME_ID, item="b.expansion/effect", met=met,
                      reason="考核组核查")  # fmt: skip

    events = [judgement(1, "2026-06-28", True), judgement(2, "2026-12-20", False)]
    h1 = compute(scheme.indicators, events, Period.parse("2026-H1"), scheme=SCHEME_ID)["j_expansion_effect"]
    year = compute(scheme.indicators, events, Period.parse("2026"), scheme=SCHEME_ID)["j_expansion_effect"]
    assert h1.detail["met"] is True and year.detail["met"] is False
