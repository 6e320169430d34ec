"""`opsledger demo`: a realistic year of operations for one site under each scheme, on a fresh ledger.

One site per scheme (a Wujiang cohort of twelve units), a whole calendar year of daily work with the rhythm the
seed documents describe: Pingxiang's Thursday daily fairs, three livestreams a week and the seasonal campaigns
(春风行动 Jan-Mar, 百日千万 Jun-Aug, 金秋 Oct); Shaxian's monthly livestreams and the gig registrations, posts and
deals; Chifeng's items quarter by quarter; Dongsheng's talent work; Wujiang's bases, outbound trips, arrivals and
insurance. Borderline figures on purpose (a week with only two livestreams, a daily fair with 34 companies),
a correction, a retraction, a late event (an assessor closes a period, then an event inside it is recorded),
complaints, assessors' judgements and contracts with fees.

Deterministic: everything is drawn from `random.Random(seed)` in a fixed order and every event id is a uuid5 of
the seed and a counter, so the same seed gives the same events in the same order (their content, ids and
order). `recorded_at` and therefore the hashes differ from run to run: they are when the demo ran.

Each scheme has its own generator function (`chifeng`, `dongsheng`, `pingxiang`, `shaxian`, `wujiang`); `build`
writes them through `Ledger.append_many` in one transaction, then records the late event in a second one.
"""

from __future__ import annotations

import hashlib
import random
import tempfile
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from ledger.envelope import Draft, EvidenceRef
from ledger.errors import LedgerError
from ledger.keys import KeySigner
from ledger.ledger import Ledger
from ledger.roles import Roles
from ledger.trust import keyring
from projections.numbers import fmt
from schemes.engine import Scorecard
from schemes.model import get_scheme
from schemes.reports import display

NAMESPACE = uuid.UUID("5f6c7a52-3b1e-4f0e-9a57-0b1d2c3e4f50")  # the demo's uuid5 namespace (any fixed uuid)
BUYER = (
    "buyer-office"  # the buyer: signs every contract and delegates the assessor's key (its key is the root)
)
ASSESSOR = "assessor-li"  # the buyer's assessor: judgements, inspection findings, period closes, all signed


def demo_keys(seed: int) -> tuple[KeySigner, KeySigner]:
    """The buyer's and the assessor's keys, derived from the seed: the same seed gives the same signatures.
    (Demo keys only: real keys are random, made by `opsledger keys new` on their holder's machine.)"""
    return (
        KeySigner.from_seed(f"opsledger demo buyer {seed}".encode(), BUYER),
        KeySigner.from_seed(f"opsledger demo assessor {seed}".encode(), ASSESSOR),
    )


WUJIANG_UNITS = 12

# 春节 (Spring Festival): the week the markets close. Other years: mid-February.
SPRING_FESTIVAL = {2024: date(2024, 2, 10), 2025: date(2025, 1, 29), 2026: date(2026, 2, 17),
                   2027: date(2027, 2, 6), 2028: date(2028, 1, 26)}  # fmt: skip


@dataclass(frozen=True)
class DemoSite:
    id: str
    name: str
    kind: str
    scheme: str
    fee_yuan: str
    operator: str
    network_fee_yuan: str = "0"


CHIFENG = DemoSite(
    "chifeng-hr-park", "赤峰人力资源服务产业园", "park", "chifeng-park", "3600000", "op-chifeng"
)
DONGSHENG = DemoSite("dongsheng-talent-center", "东胜区人才服务中心", "talent_center", "dongsheng-talent",
                     "2400000", "op-dongsheng")  # fmt: skip
PINGXIANG = DemoSite("pingxiang-hr-market", "萍乡市湘赣边人力资源市场", "employment_market", "pingxiang-market",
                     "4800000", "op-pingxiang")  # fmt: skip
SHAXIAN = DemoSite("shaxian-gig-market", "沙县区零工市场", "gig_market", "shaxian-gig", "1200000", "op-shaxian",
                   "200000")  # fmt: skip
# Where each Wujiang alliance unit recruits from (its labour bases are there).
REGIONS = ("贵州铜仁", "云南昭通", "四川广安", "河南周口", "安徽阜阳", "甘肃定西", "江西赣州", "湖南怀化",
           "广西河池", "山西吕梁", "陕西安康", "重庆万州")  # fmt: skip


def wujiang_units() -> list[DemoSite]:
    return [
        DemoSite(
            f"wujiang-u{i:02d}",
            f"乐业吴江联盟运营单位（{REGIONS[i - 1]}）",
            "alliance_unit",
            "wujiang-alliance",
            "300000",
            f"op-wj{i:02d}",
        )  # fmt: skip
        for i in range(1, WUJIANG_UNITS + 1)
    ]


def demo_sites() -> list[DemoSite]:
    """In registration order. The assessor is granted site by site in this order (see `Log.register`)."""
    return [DONGSHENG, SHAXIAN, PINGXIANG, CHIFENG, *wujiang_units()]


# -- the log being built --------------------------------------------------------------------------------


@dataclass
class Log:
    """Drafts in the order they will be written, each with a deterministic id; the one random source."""

    seed: int
    year: int
    rng: random.Random = field(init=False)
    rows: list[tuple[str, int, Draft]] = field(default_factory=list)  # (day it was logged, counter, draft)
    late: list[Draft] = field(default_factory=list)  # recorded after everything else (second transaction)
    roles: Roles = field(default_factory=Roles)
    assessed: set[str] = field(default_factory=set)  # sites where the assessor was granted
    refused: dict[str, str] = field(default_factory=dict)  # site -> why the ledger refuses the grant
    files: dict[str, bytes] = field(
        default_factory=dict
    )  # sha256 -> content of the evidence files referenced
    counter: int = 0
    pools: dict[tuple[date, date, bool], list[date]] = field(default_factory=dict)  # spread()'s day pools

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    # -- dates ---------------------------------------------------------------------------------------

    def day(self, month: int, day: int) -> date:
        return date(self.year, month, day)

    def days(self, start: date, end: date) -> list[date]:
        return [start + timedelta(n) for n in range((end - start).days + 1)]

    def month_days(self, month: int) -> list[date]:
        first = self.day(month, 1)
        last = (self.day(month + 1, 1) if month < 12 else date(self.year + 1, 1, 1)) - timedelta(1)
        return self.days(first, last)

    def workdays(self, month: int) -> list[date]:
        return [d for d in self.month_days(month) if d.weekday() < 5 and not self.holiday(d)]

    def holiday(self, d: date) -> bool:
        """New Year's Day, the Spring Festival week (the markets close) and the National Day week."""
        spring = SPRING_FESTIVAL.get(self.year, date(self.year, 2, 12))
        return (d == date(self.year, 1, 1) or spring - timedelta(2) <= d <= spring + timedelta(5)
                or date(self.year, 10, 1) <= d <= date(self.year, 10, 7))  # fmt: skip

    def spread(self, n: int, start: date, end: date, weekdays_only: bool = True) -> list[date]:
        """n random days between start and end (repeats allowed), in date order."""
        key = (start, end, weekdays_only)
        if key not in self.pools:
            self.pools[key] = [
                d
                for d in self.days(start, end)
                if not weekdays_only or (d.weekday() < 5 and not self.holiday(d))
            ]
        pool = self.pools[key]
        return sorted(self.rng.choice(pool) for _ in range(n))

    def year_spread(self, n: int, weights: Iterable[int] | None = None) -> list[date]:
        """n random workdays through the year, months weighted (default: equal)."""
        w = list(weights) if weights is not None else [1] * 12
        months = self.rng.choices(range(1, 13), weights=w, k=n)
        return sorted(self.rng.choice(self.workdays(m)) for m in months)

    # -- events --------------------------------------------------------------------------------------

    def new_id(self) -> str:
        self.counter += 1
        return str(uuid.uuid5(NAMESPACE, f"{self.seed}:{self.year}:{self.counter}"))

    def draft(self, event_type: str, site: str, on: date | str, payload: dict[str, Any], actor: str,
              evidence: Iterable[str] = ()) -> Draft:  # fmt: skip
        return Draft(type=event_type, site=site, occurred_at=str(on), actor=actor, payload=payload,
                     evidence=tuple(self.evidence(name) for name in evidence), id=self.new_id())  # fmt: skip

    def add(self, event_type: str, site: DemoSite | str, on: date | str, actor: str | None = None,
            logged: date | str | None = None, evidence: Iterable[str] = (), **payload: Any) -> str:  # fmt: skip
        """Append a draft; `logged` is the day it was written down (default: the day it happened)."""
        sid = site if isinstance(site, str) else site.id
        who = actor or (site.operator if isinstance(site, DemoSite) else BUYER)
        draft = self.draft(event_type, sid, on, payload, who, evidence)
        self.rows.append((str(logged or on)[:10], self.counter, draft))
        assert draft.id is not None
        return draft.id

    def evidence(self, file_name: str) -> EvidenceRef:
        """A reference to a small generated file (its bytes are kept so `build` can store them)."""
        content = f"opsledger demo evidence\n{file_name}\n".encode()
        sha = hashlib.sha256(content).hexdigest()
        self.files[sha] = content
        return EvidenceRef(file_name=file_name, sha256=sha)

    def attach(
        self, site: DemoSite, target: str, target_on: date, on: date, file_name: str, item: str
    ) -> str:
        """An evidence_attached event on `on`: a file handed in after the fact for the first 佐证材料 the scheme
        item asks for (dated like its target, as `opsledger attach` does)."""
        from schemes.model import get_scheme

        requirement = get_scheme(site.scheme).item(item).evidence[0]
        ref = self.evidence(file_name)
        return self.add("evidence_attached", site, target_on, logged=on, target=target, file_name=file_name,
                        sha256=ref.sha256, requirement=requirement)  # fmt: skip

    # -- registration and the assessor ---------------------------------------------------------------

    def register(self, site: DemoSite) -> None:
        """Site, contract (with its fee) and the assessor's role, all dated in the last days of the year before."""
        on = date(self.year - 1, 12, 20)
        self.add("site_registered", site.id, on, actor=BUYER, name=site.name, kind=site.kind)
        buyer, assessor = demo_keys(self.seed)
        self.add("contract_signed", site.id, on, actor=BUYER, scheme=site.scheme, start=f"{self.year}-01-01",
                 end=f"{self.year}-12-31", fee_yuan=site.fee_yuan, network_fee_yuan=site.network_fee_yuan,
                 buyer_key=buyer.public_hex)  # fmt: skip
        self.roles.grant(ASSESSOR, "assessor", site.id)
        self.assessed.add(site.id)
        grant = self.draft("actor_role_granted", site.id, on,
                           {"actor": ASSESSOR, "role": "assessor", "public_key": assessor.public_hex}, BUYER)  # fmt: skip
        self.rows.append((str(on), self.counter, grant))

    def judge(self, site: DemoSite, item: str, on: date, met: bool, reason: str, shortfalls: int = 0) -> None:
        """An assessor's judgement on a qualitative item (skipped where the assessor could not be granted)."""
        if site.id in self.assessed:
            self.add("assessor_judgement", site, on, actor=ASSESSOR, scheme=site.scheme, item=item, met=met,
                     shortfalls=shortfalls, reason=reason)  # fmt: skip

    def finding(
        self, site: DemoSite, kind: str, on: date, reason: str, count: int = 1, item: str = ""
    ) -> None:
        if site.id in self.assessed:
            self.add(
                "inspection_finding",
                site,
                on,
                actor=ASSESSOR,
                kind=kind,
                count=count,
                item=item,
                reason=reason,
            )

    def drafts(self) -> list[Draft]:
        """Every draft of the first transaction, in the order it was written down (day logged, then creation)."""
        return [draft for _, _, draft in sorted(self.rows, key=lambda r: (r[0], r[1]))]


def _money(low: int, high: int, rng: random.Random, step: int = 1000) -> str:
    return str(rng.randrange(low // step, high // step + 1) * step)


# -- Shaxian: the gig market --------------------------------------------------------------------------


def shaxian(log: Log, s: DemoSite = SHAXIAN) -> None:
    """A year of the gig market: registrations, posts and deals every workday, one livestream a month."""
    rng, y = log.rng, log.year
    for i, name in enumerate(("林晓燕", "陈志强", "黄丽萍", "郑建华")):
        log.add("staff_joined", s, log.day(1, 2), name=name, role="front_desk" if i else "management")
    log.add("staff_left", s, log.day(9, 12), name="陈志强")
    log.add("staff_joined", s, log.day(10, 10), name="吴海峰", role="front_desk")
    # Registrations, job posts and deals: busier after the Spring Festival and before it (返乡/返岗).
    season = [14, 6, 12, 9, 8, 8, 7, 7, 9, 8, 8, 10]
    workers = [f"SX-W{n:05d}" for n in range(1, 2613)]
    for ref, on in zip(workers, log.year_spread(len(workers), season), strict=True):
        log.add("gig_worker_registered", s, on, worker=ref)
    employers = ("沙县小吃集团", "金沙园物流", "虬城建筑劳务", "夏茂农业合作社", "富口竹木加工", "青州造纸",
                 "沙县宾馆", "城南家政", "三明高速服务区", "沙溪港码头")  # fmt: skip
    for on in log.year_spread(1842, season):
        log.add("gig_job_posted", s, on, employer=rng.choice(employers), positions=rng.randint(1, 6))
    deal_ids = []
    for on in log.year_spread(1163, season):
        deal_ids.append(log.add("gig_deal_completed", s, on, worker=rng.choice(workers), employer=rng.choice(employers),
                                amount_yuan=_money(150, 2400, rng, 10)))  # fmt: skip
    # A deal keyed twice by the front desk, retracted a few days later (the retraction).
    dup_day = log.day(4, 16)
    dup = log.add(
        "gig_deal_completed", s, dup_day, worker="SX-W00042", employer="沙县小吃集团", amount_yuan="320"
    )
    log.add("retraction", s, dup_day, logged=dup_day + timedelta(3), target=dup, reason="同一笔交易重复录入")
    # Livestreams: one a month, but two in March and none in August (the 台风 month): 12 held, one empty month.
    for month in range(1, 13):
        if month == 8:
            continue
        count = 2 if month == 3 else 1
        for k in range(count):
            on = log.day(month, 10 + 8 * k)
            proof = [f"{y}-{month:02d}直播截图{k + 1}.png"] if month not in (11, 12) else []
            live = log.add("livestream_run", s, on, evidence=proof, title=f"沙县零工直播带岗第{month}月{'场' if not k else '加场'}",
                           viewers=rng.randint(800, 4200), jobs_posted=rng.randint(30, 120), companies_reached=rng.randint(5, 20))  # fmt: skip
            if month == 6:  # the half-year's livestream register, handed in with June's livestream
                log.attach(s, live, on, on + timedelta(5), f"{y}上半年直播记录台账.xlsx", "livestream")
    # Followers: a reading at each month's end.
    followers = 820
    for month in range(1, 13):
        followers += rng.randint(150, 260)
        log.add("metric_recorded", s, log.month_days(month)[-1], metric="followers", value=followers,
                platform="official_account")  # fmt: skip
    # Satisfaction survey in November: 180 answers, about 92% satisfied.
    for n, on in enumerate(log.spread(180, log.day(11, 2), log.day(11, 27)), start=1):
        log.add("survey_response", s, on, survey="gig_satisfaction", respondent=f"SX-S{n:04d}",
                satisfied=rng.random() < 0.92)  # fmt: skip
    # Trouble: disputes through the year (each closed), one fight on site.
    for n, on in enumerate(log.year_spread(9), start=1):
        log.add("dispute_filed", s, on, case=f"SX-D{n:03d}", parties="零工与雇主工资纠纷")
        log.add("dispute_resolved", s, on + timedelta(rng.randint(2, 12)), case=f"SX-D{n:03d}", outcome="mediated",
                parties_satisfied=True)  # fmt: skip
    log.add(
        "site_incident", s, log.day(6, 23), kind="fight", description="两名零工争抢派单发生推搡，保安制止"
    )
    # Bonus work: job notices for companies, short-term staffing, one inter-provincial service.
    for on in log.year_spread(12):
        log.add("activity_held", s, on, kind="enterprise_job_info", title="协助发布企业招工信息")
    for on in (log.day(2, 26), log.day(7, 14), log.day(11, 5)):
        log.add("activity_held", s, on, kind="short_term_staffing", title="协调企业解决短期用工")
    log.add("activity_held", s, log.day(5, 20), kind="interprovincial_service", title="闽赣省际劳务协作对接")
    # Complaints: one about a late wage payment (found not valid).
    log.add(
        "complaint_filed", s, log.day(9, 3), complainant="零工 SX-W01288", subject="雇主拖欠工资", valid=False
    )
    # The assessor: false-information spot checks, then the year's judgements.
    log.finding(s, "false_information", log.day(5, 12), "抽查岗位信息2条已过期未下架", count=2)
    judged = log.day(12, 18)
    log.judge(s, "network.functions", judged, True, "8项功能齐全")
    log.judge(s, "network.maintenance", judged, False, "缺网络安全维护记录", shortfalls=1)
    for item, reason in (("site.rules", "制度及投诉电话上墙"), ("site.layout", "分区清晰整洁"),
                         ("site.infrastructure", "设备网络正常"), ("site.fire_safety", "消防设施齐全"),
                         ("site.licence", "营业执照及服务能力齐全")):  # fmt: skip
        log.judge(s, item, judged, True, reason)


# -- Dongsheng: the talent service centre -------------------------------------------------------------


def dongsheng(log: Log, s: DemoSite = DONGSHENG) -> None:
    """The talent centre's year: publicity, policy services, institutions, exchanges and talent work."""
    rng = log.rng

    def activities(kind: str, n: int, title: str, low: int = 0, high: int = 0) -> None:
        for i, on in enumerate(log.year_spread(n), start=1):
            log.add("activity_held", s, on, kind=kind, title=f"{title}（第{i}期）",
                    participants=rng.randint(low, high) if high else 0)  # fmt: skip

    def engaged(event_type: str, kind: str, n: int, name: str) -> None:
        for i, on in enumerate(log.year_spread(n), start=1):
            log.add(event_type, s, on, kind=kind, name=f"{name}{i:03d}")

    activities("policy_briefing", 6, "人才政策进企业宣讲")
    activities("ad_display", 13, "电子屏人才政策宣传")
    activities("innovation_showcase", 11, "创新创业典型案例展示")
    log.add(
        "deliverable_submitted", s, log.day(1, 12), kind="official_account", title="东胜人才服务中心公众号"
    )
    log.add("deliverable_submitted", s, log.day(4, 22), kind="policy_compilation", title="东胜区人才政策汇编")
    log.add("deliverable_submitted", s, log.day(5, 30), kind="service_guide", title="人才服务指南")
    engaged("talent_engaged", "policy_expert", 3, "政策业务能手")
    activities("policy_training", 4, "人才政策申报培训", 90, 160)
    kinds = ("consult", "dedicated", "full_agency")
    for i, on in enumerate(log.year_spread(143), start=1):
        log.add("service_ticket", s, on, kind=kinds[i % 3], client=f"企业人才项目{i:03d}")
    engaged("organization_engaged", "third_party_introduced", 5, "第三方人才服务机构")
    engaged("organization_engaged", "third_party_reserved", 8, "储备人才服务机构")
    log.add(
        "deliverable_submitted",
        s,
        log.day(9, 28),
        kind="institution_quality_review",
        title="第三方机构服务质量考核",
    )
    log.add(
        "deliverable_submitted",
        s,
        log.day(10, 15),
        kind="institution_roster_update",
        title="服务机构名录动态更新",
    )
    activities("training_exchange", 12, "人才学习交流沙龙", 55, 90)
    activities("research_trip", 2, "区委人才办集中考察调研")
    log.add(
        "deliverable_submitted", s, log.day(6, 30), kind="research_material", title="鄂尔多斯人才工作考察报告"
    )
    log.add("deliverable_submitted", s, log.day(11, 20), kind="research_material", title="科创飞地调研材料")
    log.add("activity_held", s, log.day(11, 10), kind="satisfaction_survey", title="年度人才满意度调研")
    activities("institution_exchange", 4, "与专业人才机构交流合作")
    # 附加: 成果转化, 科创交流, 招才引智
    log.add(
        "organization_engaged",
        s,
        log.day(8, 18),
        kind="city_research_platform",
        name="煤基新材料市级科研创新平台",
    )
    for i, on in enumerate(log.year_spread(9), start=1):
        log.add(
            "tech_service_delivered", s, on, title=f"技术服务合同{i}", amount_yuan=_money(300000, 800000, rng)
        )
    activities("tech_matchmaking", 8, "科技成果推介会")
    log.add("organization_engaged", s, log.day(3, 20), kind="talent_station", name="东胜区驻北京人才工作站")
    log.add("organization_engaged", s, log.day(10, 9), kind="innovation_center", name="东胜本土创新中心")
    engaged("organization_engaged", "specialized_enterprise", 1, "专精特新企业")
    engaged("organization_engaged", "high_tech_enterprise", 2, "落地高新技术企业")
    engaged("talent_engaged", "high_end_scitech", 3, "高端科创人才")
    log.add(
        "deliverable_submitted", s, log.day(2, 27), kind="talent_demand_catalog", title="东胜区人才需求目录"
    )
    activities("talent_drive", 2, "暖城引才专场")
    activities("high_end_talent_visit", 4, "赴长三角探访高端人才团队")
    for kind, n, name in (("provincial_reserve", 11, "省部级以上高端人才"), ("city_team_reserve", 4, "市级创新创业团队"),
                          ("top_talent", 1, "顶尖人才"), ("f_class", 3, "市级F类人才"),
                          ("city_team_landed", 1, "落地创新创业团队"), ("master_or_senior", 86, "硕士及副高人才"),
                          ("regional_grassland", 3, "草原英才"), ("regional_grassland_team", 1, "草原英才团队"),
                          ("city_grassland", 5, "市级草原英才"), ("city_grassland_team", 2, "市级草原英才团队"),
                          ("expert_library", 72, "专家库专家"), ("investor", 46, "投资人"),
                          ("service_commissioner", 6, "人才服务专员")):  # fmt: skip
        engaged("talent_engaged", kind, n, name)
    activities("city_partner_district", 1, "区级寻找城市合伙人大会")
    activities("city_partner_regular", 6, "常态化寻找城市合伙人路演")
    engaged("organization_engaged", "reserve_project", 52, "储备项目")
    activities("expert_evaluation", 2, "专家入库项目评估")
    engaged("organization_engaged", "quality_project_opinion", 27, "优质项目评估意见")
    log.add("organization_engaged", s, log.day(9, 9), kind="fund_pool", name="人才科创投资资金池")
    log.add("deliverable_submitted", s, log.day(7, 1), kind="talent_code_scenario", title="人才码·公交出行")
    log.add("deliverable_submitted", s, log.day(9, 1), kind="talent_code_scenario", title="人才码·文旅景区")
    log.add("deliverable_submitted", s, log.day(11, 3), kind="talent_code_scenario", title="人才码·人才安居")
    # A correction: a training's attendance keyed as 16 instead of 160.
    wrong_day = log.day(6, 12)
    wrong = log.add("activity_held", s, wrong_day, kind="policy_training", title="人才政策申报培训（加开）",
                    participants=16)  # fmt: skip
    log.add("correction", s, wrong_day, logged=wrong_day + timedelta(6), target=wrong,
            changes={"participants": 160}, reason="签到人数录入少一位：实为160人")  # fmt: skip
    # The assessor judges the qualitative 给分要点 at the half-year evaluation and again at the year's end.
    points = [("b.account/promotion", True, "公众号持续推送"), ("b.miniprogram/maintain", True, "小程序运行正常"),
              ("b.miniprogram/optimise", True, "完成3项功能优化"), ("b.warm/work_points", True, "落实年度人才工作要点"),
              ("b.warm/warm_measures", False, "暖心举措落实不全"), ("b.expansion/expand", True, "新增人才公寓服务"),
              ("b.expansion/effect", True, "拓展服务成效明显"), ("b.survey/fields", True, "覆盖8个领域"),
              ("b.survey/levels", False, "未覆盖基层人才"), ("a.station/mechanism", True, "建立联络机制"),
              ("a.station/contact", True, "每月对接"), ("a.partner_system/maintain", True, "系统正常"),
              ("a.partner_system/update", True, "资源信息按月更新"), ("a.custom_service/launch", True, "推出定制服务"),
              ("a.custom_service/deliver", False, "尚未形成服务案例"), ("a.commissioners/one_on_one", True, "专员一对一服务")]  # fmt: skip
    for on in (log.day(6, 26), log.day(12, 22)):
        for item, met, reason in points:
            log.judge(s, item, on, met, reason)
    # The late event: the assessor closes the first half-year, and afterwards the operator logs a briefing held
    # in June (see `late_event`): it is listed on the scorecard as late, pending review.
    if s.id in log.assessed:
        log.add(
            "period_closed", s, log.day(7, 8), actor=ASSESSOR, period=f"{log.year}-H1", reason="半年评估完成"
        )


def dongsheng_late(log: Log, s: DemoSite = DONGSHENG) -> None:
    """Recorded after the close of H1 (the second transaction): a June briefing the operator forgot to log."""
    if s.id in log.assessed:
        log.late.append(log.draft("activity_held", s.id, log.day(6, 29),
                                  {"kind": "policy_briefing", "title": "六月人才政策宣讲（补录）"}, s.operator))  # fmt: skip


# -- Pingxiang: the border HR market ------------------------------------------------------------------


def pingxiang(log: Log, s: DemoSite = PINGXIANG) -> None:
    """The market's year: Thursday daily fairs, campaigns, livestreams three times a week, gig market, follow-ups."""
    rng, y = log.rng, log.year
    staff = [("刘芳", "front_desk"), ("彭志刚", "operations"), ("李娟", "operations"), ("张伟", "management"),
             ("钟晓", "livestream"), ("黄欣", "livestream"), ("谢天", "livestream"), ("罗佳", "livestream")]  # fmt: skip
    for name, role in staff:
        log.add("staff_joined", s, log.day(1, 2), name=name, role=role)
    log.add("staff_left", s, log.day(7, 3), name="谢天")
    log.add("staff_joined", s, log.day(7, 20), name="曾宇", role="livestream")
    # Daily fairs every Thursday (not in the Spring Festival or National Day weeks); one with only 34 companies.
    thursdays = [
        d for d in log.days(log.day(1, 1), log.day(12, 31)) if d.weekday() == 3 and not log.holiday(d)
    ]
    thin = thursdays[len(thursdays) // 3]
    typo_fair = thursdays[len(thursdays) // 2]
    for n, on in enumerate(thursdays, start=1):
        companies = 34 if on == thin else rng.randint(36, 50)
        fair = log.add("job_fair_held", s, on, evidence=[f"{on}日常招聘会签到表.jpg"] if n % 4 else [],
                       title=f"周四日常专场招聘会（第{n}场）", format="offline", kind="daily", companies=companies,
                       jobs=9600 if on == typo_fair else rng.randint(920, 1900), visitors=rng.randint(210, 480))  # fmt: skip
        if on == typo_fair:  # the correction: jobs keyed with an extra zero
            log.add("correction", s, on, logged=on + timedelta(4), target=fair, changes={"jobs": 960},
                    reason="岗位数多录一个0，以岗位清单为准")  # fmt: skip
        if n == 1:  # the fair's full file (sign-in sheet, job list, photos), handed in the week after
            log.attach(s, fair, on, on + timedelta(7), f"{on}日常招聘会资料.zip", "recruit.daily_fairs")
    # Campaign (themed) fairs: 春风行动 Jan-Mar, 百日千万 Jun-Aug, 金秋 Oct, and two others: 12 in all.
    themed = [(2, 26, "春风行动大型招聘会"), (3, 5, "春风行动·农民工专场"), (3, 19, "就业援助月专场"),
              (3, 28, "春风行动·返岗复工专场"), (5, 16, "高校毕业生专场"), (6, 13, "百日千万·智能制造专场"),
              (7, 11, "百日千万·区域专场"), (7, 25, "百日千万·退役军人专场"), (8, 15, "百日千万·青年专场"),
              (10, 17, "金秋招聘月·重点产业专场"), (10, 24, "金秋招聘月·规上企业专场"), (12, 5, "岁末就业援助专场")]  # fmt: skip
    for month, day, title in themed:
        big = title == "春风行动大型招聘会"
        log.add("job_fair_held", s, log.day(month, day), title=title, format="offline", kind="themed",
                companies=210 if big else rng.randint(55, 120), jobs=6400 if big else rng.randint(1100, 3000),
                visitors=430 if title == "高校毕业生专场" else rng.randint(480, 2600), doubled=2 if big else 1)  # fmt: skip
    for month, day, place in (
        (3, 12, "长沙"),
        (5, 8, "株洲"),
        (6, 18, "宜春"),
        (9, 10, "吉安"),
        (11, 6, "醴陵"),
    ):
        log.add("job_fair_held", s, log.day(month, day), title=f"赴{place}外出招聘", format="offline", kind="outbound",
                companies=rng.randint(20, 40), jobs=rng.randint(500, 1200), visitors=rng.randint(150, 600))  # fmt: skip
    # Livestreams: Monday, Wednesday, Friday; one week with only two (the Wednesday skipped for a power cut).
    weeks_short = log.day(4, 15)
    n = 0
    for on in log.days(log.day(1, 1), log.day(12, 31)):
        if on.weekday() not in (0, 2, 4) or on == weeks_short:  # online: holidays too
            continue
        n += 1
        host = "staff"
        if n in (40, 120):
            host = "director"
        elif n in (20, 60, 95, 140):
            host = "section_chief"
        log.add("livestream_run", s, on, title=f"萍乡直播带岗第{n}场", host=host, viewers=rng.randint(600, 1500),
                jobs_posted=rng.randint(150, 320), companies_reached=rng.randint(2, 6))  # fmt: skip
    for on in log.year_spread(186):
        log.add("video_published", s, on, kind="short_video", title="岗位推介短视频", platform="douyin")
    fans = 52000
    log.add("metric_recorded", s, date(y - 1, 12, 31), metric="followers", value=fans, platform="douyin")
    for month in range(1, 13):
        fans += rng.randint(420, 700)
        log.add(
            "metric_recorded", s, log.month_days(month)[-1], metric="followers", value=fans, platform="douyin"
        )
    # Gig market: 500+ openings a month on the provincial platform, enough under either reading of 400/500
    # (February, the holiday month, falls short),
    # two trainings a month with 50+ people, a supply-demand analysis each quarter.
    for month in range(1, 13):
        target = 330 if month == 2 else rng.randint(505, 560)
        posted = 0
        while posted < target:
            k = rng.randint(8, 30)
            posted += k
            log.add("gig_job_posted", s, rng.choice(log.workdays(month)), employer=f"零工用工主体{rng.randint(1, 60):02d}",
                    positions=k)  # fmt: skip
        for k in range(2):
            log.add("activity_held", s, log.workdays(month)[5 + 8 * k], kind="gig_skills_training",
                    title="灵活就业技能培训", participants=rng.randint(52, 90))  # fmt: skip
        log.add("activity_held", s, log.workdays(month)[3], kind="company_visit", title="园区企业用工走访")
        log.add(
            "activity_held", s, log.workdays(month)[-2], kind="data_meeting", title=f"{month}月数据汇报会"
        )
        if month % 3 == 0:
            last = log.workdays(month)[-1]
            log.add(
                "deliverable_submitted",
                s,
                last,
                kind="gig_supply_demand_analysis",
                title=f"Q{month // 3}零工供求分析",
            )
            log.add(
                "deliverable_submitted",
                s,
                last,
                kind="quarterly_analysis",
                title=f"Q{month // 3}企业用工分析报告",
            )
    # Follow-ups (回访): the fair jobseekers' rate ends at about 88%, short of 90.
    rates = {"fair_company": 0.95, "fair_jobseeker": 0.875, "gig_worker": 0.93, "front_desk": 0.94,
             "online_company": 0.96, "online_jobseeker": 1.0}  # fmt: skip
    sizes = {"fair_company": 220, "fair_jobseeker": 260, "gig_worker": 150, "front_desk": 110,
             "online_company": 120, "online_jobseeker": 90}  # fmt: skip
    for scope, size in sizes.items():
        reached = round(size * rates[scope])
        flags = [True] * reached + [False] * (size - reached)
        rng.shuffle(flags)
        for k, (on, ok) in enumerate(zip(log.year_spread(size), flags, strict=True), start=1):
            log.add("follow_up_call", s, on, scope=scope, contact=f"PX-{scope}-{k:04d}", reached=ok)
    # Training, contests, awards.
    log.add(
        "activity_held",
        s,
        log.day(4, 9),
        kind="business_training",
        title="点亮万家业务培训（一期）",
        participants=86,
    )
    log.add(
        "activity_held",
        s,
        log.day(9, 17),
        kind="business_training",
        title="点亮万家业务培训（二期）",
        participants=92,
    )
    log.add("metric_recorded", s, log.day(9, 30), metric="business_training_coverage_pct", value="84.5")
    log.add("activity_held", s, log.day(8, 20), kind="competition_prep", title="市赛备战省赛集训")
    log.add("activity_held", s, log.day(5, 21), kind="youth_trainer_class", title="青年求职能力实训师资班")
    log.add(
        "activity_held", s, log.day(10, 28), kind="career_advisor_cultivation", title="职业指导师遴选培育"
    )
    log.add("award_received", s, log.day(11, 18), level="provincial", title="江西省公共就业服务示范窗口",
            issuer="江西省人力资源和社会保障厅")  # fmt: skip
    # Complaints: two valid, one not.
    log.add(
        "complaint_filed",
        s,
        log.day(3, 30),
        complainant="求职者",
        subject="招聘企业现场承诺与实际薪资不符",
        valid=True,
    )
    log.add("complaint_filed", s, log.day(8, 4), complainant="参会企业", subject="展位安排不合理", valid=True)
    log.add("complaint_filed", s, log.day(10, 21), complainant="求职者", subject="排队时间长", valid=False)
    # The assessor's inspections (日常督导) and judgement.
    log.finding(s, "data_error", log.day(6, 5), "5月就业报表漏报1项")
    log.finding(s, "info_late_or_false", log.day(7, 22), "公众号岗位信息发布滞后")
    log.finding(s, "env_dirty", log.day(8, 12), "二楼洽谈区卫生脏乱")
    log.finding(s, "worker_not_recommended", log.day(9, 8), "2名登记零工未推荐岗位", count=2)
    log.finding(s, "report_error", log.day(10, 30), "9月分析报告数据口径错误")
    log.finding(s, "recommendation_short", log.day(11, 12), "1名线上求职未成功者少推荐1个岗位")
    log.judge(s, "ops.services", log.day(12, 20), False, "就业援助服务台账不全", shortfalls=1)


# -- Chifeng: the HR service industrial park ------------------------------------------------------------


def chifeng(log: Log, s: DemoSite = CHIFENG) -> None:
    """The park's year: institutions and revenue, then each quarter's own table (the items differ by quarter)."""
    rng, y = log.rng, log.year
    institutions = [f"赤峰人力资源服务机构{n:02d}" for n in range(1, 35)]
    joined = (
        [log.day(1, 5)] * 20
        + log.spread(6, log.day(1, 10), log.day(3, 25))
        + log.spread(8, log.day(4, 1), log.day(9, 30))
    )
    for name, on in zip(institutions, sorted(joined), strict=True):
        log.add("institution_entered", s, on, institution=name, registered_locally=rng.random() < 0.7)
    log.add("institution_left", s, log.day(5, 18), institution=institutions[3], reason="业务调整迁出")
    for month in range(1, 13):
        end = log.month_days(month)[-1]
        for name in institutions[: 20 + min(14, 2 * month)]:
            if name == institutions[3] and month > 5:
                continue
            log.add("revenue_reported", s, end, institution=name, month=f"{y}-{month:02d}",
                    amount_yuan=_money(350000, 900000, rng))  # fmt: skip
        log.add(
            "deliverable_submitted",
            s,
            log.workdays(month)[-1],
            kind="monthly_report",
            title=f"{month}月运营情况汇报",
        )
        for k in range(4):
            log.add(
                "info_published",
                s,
                log.workdays(month)[2 + 4 * k],
                channel="official_account",
                title="园区动态",
            )
        # 就业云 and 人力资源共享平台 readings each month.
        log.add("metric_recorded", s, end, metric="platform_jobs_posted", platform="employment_cloud",
                value=rng.randint(520, 900))  # fmt: skip
        log.add(
            "metric_recorded",
            s,
            end,
            metric="platform_visits",
            platform="hr_sharing",
            value=rng.randint(21000, 36000),
        )
        log.add("metric_recorded", s, end, metric="platform_jobs_posted", platform="hr_sharing",
                value=rng.randint(1050, 1600))  # fmt: skip
        log.add("metric_recorded", s, end, metric="resumes_pushed", value=rng.randint(10200, 14000))
        # Fairs: weekly on Tuesdays, twice a week in the 百日千万 months; campus fairs in spring and autumn.
        for on in log.workdays(month):
            if on.weekday() == 1 or (month in (6, 7, 8) and on.weekday() == 3):
                log.add("job_fair_held", s, on, title="园区周二招聘会", format="offline", kind="daily",
                        companies=rng.randint(8, 25), jobs=rng.randint(120, 480), visitors=rng.randint(250, 900))  # fmt: skip
        if month in (3, 4, 5, 6, 9, 10, 11):  # 20 campus fairs by the end of September: exactly the target
            for on in log.workdays(month)[2::5][:4]:
                log.add("job_fair_held", s, on, title="带企进校园招聘会", format="offline", kind="campus",
                        companies=rng.randint(15, 40), jobs=rng.randint(300, 900), visitors=rng.randint(400, 1500))  # fmt: skip
        for on in log.workdays(month)[1::6][:3]:
            log.add("livestream_run", s, on, title="园区直播带岗", viewers=rng.randint(180, 1200),
                    jobs_posted=rng.randint(40, 150))  # fmt: skip
        log.add("metric_recorded", s, end, metric="employment_flow", value=rng.randint(13500, 16000))
        log.add("metric_recorded", s, end, metric="college_guidance", value=rng.randint(520, 700))
        log.add("metric_recorded", s, end, metric="industry_leaders_trained", value=rng.randint(14, 20))
        log.add("metric_recorded", s, end, metric="ability_trainees", value=rng.randint(120, 150))
        for on in log.workdays(month)[6::9][:2]:
            log.add(
                "activity_held",
                s,
                on,
                kind="talent_recruitment",
                title="引才招考活动",
                participants=rng.randint(300, 700),
            )
    # Q1: the park set up.
    log.add("deliverable_submitted", s, log.day(1, 15), kind="annual_plan", title=f"{y}年产业园运营年度计划")
    log.add("deliverable_submitted", s, log.day(2, 10), kind="management_ledger", title="入驻项目管理台账")
    log.add(
        "deliverable_submitted",
        s,
        log.day(3, 20),
        kind="performance_report",
        title="入驻项目绩效评估考核报告",
    )
    for on in (log.day(1, 22), log.day(2, 28), log.day(3, 17)):
        log.add("activity_held", s, on, kind="reception", title="交流考察参观接待")
    log.add("deliverable_submitted", s, log.day(3, 27), kind="work_summary", title="一季度工作总结报告")
    log.add(
        "deliverable_submitted", s, log.day(3, 24), kind="research_report", title="赤峰人力资源服务业调研报告"
    )
    log.add("deliverable_submitted", s, log.day(2, 16), kind="trainer_roster", title="就业服务师资队伍名单")
    log.add("activity_held", s, log.day(3, 11), kind="employment_service", title="就业政策指引和信息咨询")
    log.add("media_report", s, log.day(3, 9), level="national", outlet="中国组织人事报", title="赤峰人力资源产业园建设纪实",
            evidence=["中国组织人事报报道截图.png"])  # fmt: skip
    log.add(
        "media_report",
        s,
        log.day(2, 24),
        level="provincial",
        outlet="内蒙古日报",
        title="赤峰打造人力资源服务高地",
    )
    log.add("video_published", s, log.day(3, 26), kind="park_image", title="产业园形象宣传片", width=1920, height=1080,
            minutes="6.5", platform="官网")  # fmt: skip
    log.judge(s, "q1.info_platform", log.day(3, 30), True, "公众号具备信息发布及供需对接功能")
    # Q2: exchanges, salons, safety, films, media.
    log.add("activity_held", s, log.day(5, 14), kind="academic_seminar", title="人力资源服务业学术研讨会")
    log.add("activity_held", s, log.day(6, 11), kind="supply_demand_matchmaking", title="人才供需对接交流会")
    for on in (log.day(4, 16), log.day(6, 4)):
        log.add(
            "activity_held", s, on, kind="salon", scale="medium", title="中型人力资源沙龙", participants=80
        )
    for on in log.spread(4, log.day(4, 1), log.day(6, 25)):
        log.add("activity_held", s, on, kind="salon", scale="small", title="小型HR座谈", participants=25)
    log.add(
        "deliverable_submitted", s, log.day(4, 8), kind="emergency_plan", title="安全管理及疫情防控应急预案"
    )
    log.add("activity_held", s, log.day(5, 27), kind="safety_training", title="消防安全知识培训")
    log.add("deliverable_submitted", s, log.day(6, 17), kind="facilities_ledger", title="公共设施管理台账")
    log.add(
        "deliverable_submitted", s, log.day(6, 19), kind="rules_implementation", title="园区管理制度落实汇编"
    )
    for k, on in enumerate((log.day(4, 28), log.day(5, 26), log.day(6, 23)), start=1):
        log.add("video_published", s, on, kind="enterprise_image", title=f"入驻企业形象宣传片{k}", width=1920, height=1080,
                minutes="3.5", platform="视频号")  # fmt: skip
    for on in (log.day(4, 20), log.day(6, 8)):
        log.add("media_report", s, on, level="national", outlet="人民网", title="赤峰产业园人才服务新模式")
    log.add(
        "media_report",
        s,
        log.day(5, 6),
        level="provincial",
        outlet="内蒙古新闻网",
        title="产业园入驻机构突破30家",
    )
    log.add(
        "complaint_filed", s, log.day(5, 22), complainant="入驻机构", subject="物业报修响应慢", valid=True
    )
    log.add("complaint_filed", s, log.day(6, 2), complainant="入驻机构", subject="停车位不足", valid=False)
    log.judge(s, "q2.seminars", log.day(6, 26), True, "研讨会层次高、有成果")
    log.judge(s, "q2.matchmaking", log.day(6, 26), True, "对接成效良好")
    # Q3: events, the five employment services, four platforms.
    log.add(
        "activity_held", s, log.day(9, 16), kind="forum", title="赤峰人力资源服务业发展论坛", participants=620
    )
    log.add("activity_held", s, log.day(8, 6), kind="outreach_visit", title="赴呼和浩特“走出去”组团座谈")
    for on in log.spread(3, log.day(7, 1), log.day(9, 25)):
        log.add(
            "activity_held", s, on, kind="salon", scale="medium", title="中型人力资源沙龙", participants=75
        )
    for on in log.spread(5, log.day(7, 1), log.day(9, 25)):
        log.add("activity_held", s, on, kind="salon", scale="small", title="小型HR座谈", participants=22)
    for on in log.spread(5, log.day(7, 1), log.day(9, 25)):
        log.add("activity_held", s, on, kind="school_enterprise", title="校企对接活动")
    # Q3 has 7 talent events, one short of 8; one of them was keyed wrongly (participants 30, not 300).
    wrong = log.add(
        "activity_held",
        s,
        log.day(7, 9),
        kind="talent_recruitment",
        title="事业单位引才专场",
        participants=30,
    )
    log.add("correction", s, log.day(7, 9), logged=log.day(7, 13), target=wrong, changes={"participants": 300},
            reason="参与人数少录一个0")  # fmt: skip
    for kind, platform, on in (("talent_governance", "talent_governance", log.day(7, 20)),
                               ("employment_cloud", "employment_cloud", log.day(7, 22)),
                               ("hr_sharing", "hr_sharing", log.day(8, 3)), ("exam", "exam", log.day(8, 12)),
                               ("employment_collab", "employment_collab", log.day(10, 20)),
                               ("broker_training", "broker_training", log.day(11, 2))):  # fmt: skip
        log.add(
            "deliverable_submitted",
            s,
            on,
            kind="platform_built",
            platform=platform,
            title=f"{kind}平台搭建完成",
        )
    end_q3 = log.day(9, 30)
    for metric, value in (("new_media_reach", 236000), ("enterprises_digitized", 1130), ("efficiency_gain_pct", "22.5"),
                          ("policy_pushes", 12800), ("subsidized_enterprises", 1040), ("exam_notifications", 2300),
                          ("exam_registrations", 4650), ("exam_hires", 1830)):  # fmt: skip
        log.add("metric_recorded", s, end_q3, metric=metric, value=value)
    log.judge(s, "q3.employment.mechanism", log.day(9, 25), True, "人才管理机制健全")
    log.judge(s, "q3.platform.talent_governance", log.day(9, 25), True, "形成有效数据分析")
    # Q4: satisfaction survey, the collaboration platform's figures, a city award.
    for n, on in enumerate(log.spread(31, log.day(12, 1), log.day(12, 18)), start=1):
        log.add("survey_response", s, on, survey="resident_satisfaction", respondent=f"入驻机构{n:02d}",
                score=rng.randint(86, 99))  # fmt: skip
    for metric, value in (("local_companies_linked", 64), ("labour_agencies", 12), ("brokers_trained", 318),
                          ("jobs_delivered", 5600), ("vocational_trainees", 236)):  # fmt: skip
        log.add("metric_recorded", s, log.day(12, 15), metric=metric, value=value)
    log.add(
        "award_received",
        s,
        log.day(11, 26),
        level="city",
        title="赤峰市人力资源服务先进单位",
        issuer="赤峰市人社局",
    )


# -- Wujiang: the alliance cohort ---------------------------------------------------------------------


def wujiang(log: Log, units: list[DemoSite]) -> None:
    """Twelve alliance units of different strength: bases, outbound trips, arrivals, insurance, express hiring."""
    rng = log.rng
    sizes = [136, 122, 108, 97, 90, 84, 73, 66, 58, 51, 43, 31]
    rng.shuffle(sizes)
    employers = ("吴江经济开发区电子厂", "盛泽纺织集团", "汾湖精密制造", "同里文旅", "震泽丝绸", "松陵物流园",
                 "七都光缆", "桃源机械", "黎里新材料", "平望港物流")  # fmt: skip
    for u, (site, size) in enumerate(zip(units, sizes, strict=True)):
        region = REGIONS[u]
        bases = [f"{region}劳务基地{k}" for k in range(1, 3 + u % 3)] + [f"{region}职业技术学院"]
        for k, partner in enumerate(bases):
            log.add("base_agreement_signed", site, log.day(1 + k, 8 + u), kind="gov_school" if "学院" in partner else "labour",
                    partner=partner)  # fmt: skip
        trips = 1 + (size > 60) + (size > 95)
        for k in range(trips):
            on = log.day(2 + 3 * k, 20 - u % 5)
            online = k == 1 and u % 4 == 0
            trip = log.add("job_fair_held", site, on, title=f"赴{region}招聘（第{k + 1}次）",
                           format="online" if online else "offline", kind="outbound",
                           companies=rng.randint(6, 14), jobs=rng.randint(200, 600), visitors=rng.randint(150, 500),
                           wujiang_companies=4 if (u == 7 and k == 0) else rng.randint(5, 12))  # fmt: skip
            for c in range(rng.randint(5, 8)):
                log.add("trip_evaluation", site, on + timedelta(3), trip=trip, company=employers[c],
                        overall="poor" if (u in (2, 9) and c == 0) else rng.choice(("good", "good", "average")))  # fmt: skip
        # Arrivals: most after the Spring Festival (Feb-May), some in the autumn; a fifth are trainees or interns.
        students = size // 5
        for k in range(size):
            early = rng.random() < 0.78
            on = (
                log.spread(1, log.day(2, 24), log.day(5, 29))[0]
                if early
                else log.spread(1, log.day(7, 1), log.day(10, 30))[0]
            )
            employer = rng.choice(employers)
            if k < students:
                ref = f"WJ{u + 1:02d}-S{k + 1:03d}"
                kind = "trainee" if k % 2 else "intern"
                log.add(
                    "intern_placed", site, on, student=ref, kind=kind, school=bases[-1], employer=employer
                )
                if rng.random() < 0.12:
                    log.add("internship_ended", site, on + timedelta(rng.randint(30, 150)), student=ref)
                continue
            ref = f"WJ{u + 1:02d}-P{k + 1:04d}"
            log.add("worker_dispatched", site, on, worker=ref, employer=employer, channel="labour_base",
                    base=rng.choice(bases[:-1]))  # fmt: skip
            log.add(
                "employee_insured", site, on + timedelta(rng.randint(0, 6)), person=ref, employer=employer
            )
            if rng.random() < 0.35 + 0.04 * (u % 8):
                log.add("employee_insured", site, on + timedelta(2), person=ref, employer=employer,
                        kind="commercial_accident")  # fmt: skip
            if rng.random() < 0.10 + 0.02 * (u % 5):
                log.add("insurance_ended", site, on + timedelta(rng.randint(25, 170)), person=ref)
        for k in range(2 + (u * 5) % 8):
            log.add("worker_dispatched", site, log.spread(1, log.day(3, 1), log.day(11, 30))[0], worker=f"WJ{u + 1:02d}-X{k + 1:03d}",
                    employer=rng.choice(employers), channel="express_hiring", rating=rng.choice((3, 4, 4, 5, 5)))  # fmt: skip
        log.add(
            "metric_recorded",
            site,
            log.day(12, 20),
            metric="platform_rating",
            value=str(Decimal(rng.randint(36, 49)) / 10),
        )
    # Trouble in two units: a lost individual dispute, and complaints piling up to five.
    log.add(
        "dispute_filed",
        units[4],
        log.day(5, 11),
        case="WJ05-A01",
        kind="individual",
        parties="务工人员与用工单位",
    )
    log.add("dispute_resolved", units[4], log.day(8, 19), case="WJ05-A01", kind="individual", outcome="lost")
    for k, on in enumerate(log.spread(5, log.day(3, 1), log.day(11, 30)), start=1):
        log.add("complaint_filed", units[10], on, complainant=f"务工人员{k}", subject="食宿安排不到位")
    log.add("credit_rated", units[11], log.day(9, 15), scheme="hr_service", grade="C")
    for u, site in enumerate(units):
        judged = log.day(12, 21)
        log.judge(site, "annual.ledger", judged, u != 6, "台账资料齐全" if u != 6 else "缺事后影像资料")
        log.judge(site, "org.management", judged, True, "专人对接、食宿妥善")
        log.judge(
            site, "org.reporting", judged, u != 3, "每月送工信息按时报送" if u != 3 else "3个月未报送送工信息"
        )


# -- building and summarising -----------------------------------------------------------------------------


@dataclass
class DemoResult:
    path: Path
    seed: int
    year: int
    events: int
    sites: list[DemoSite]
    refused: dict[str, str]
    late: int


def check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise LedgerError(f"--year {year}: use a year between 2000 and 2100")


def prepare(path: Path, force: bool = False) -> None:
    """Make way for the demo at `path`: nothing there or an empty ledger is fine; a ledger holding events is
    refused unless `force`, which deletes it (its file and SQLite's -wal/-shm beside it, nothing else);
    anything that is not an opsledger ledger is never touched."""
    if not path.exists():
        return
    if not path.is_file():
        raise LedgerError(f"{path} is not a file: pass --db with a path for the demo ledger")
    try:
        existing = Ledger(path)
    except LedgerError:
        raise LedgerError(
            f"{path} exists and is not an opsledger ledger: refusing to touch it; pass --db NEW.db"
        ) from None
    try:
        events = existing.head()[0]
    finally:
        existing.close()
    if not events:
        return
    if not force:
        raise LedgerError(
            f"{path} already holds a ledger with {events} events: pass --force to delete it and build the demo "
            "there, or --db NEW.db"
        )
    for victim in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        victim.unlink(missing_ok=True)


def generate(seed: int, year: int) -> Log:
    """Every event of the demo, in order (pure: no ledger)."""
    log = Log(seed, year)
    units = wujiang_units()
    for site in demo_sites():
        log.register(site)
    dongsheng(log)
    shaxian(log)
    pingxiang(log)
    chifeng(log)
    wujiang(log, units)
    dongsheng_late(log)
    return log


def build(
    ledger: Ledger, seed: int = 1, year: int = 2026, progress: Callable[[int, int], None] | None = None
) -> DemoResult:
    """Write the demo into an EMPTY ledger: one transaction for the year, a second for the late event."""
    check_year(year)
    if ledger.head()[0]:
        raise LedgerError(f"{ledger.path} already holds events: the demo needs an empty ledger")
    log = generate(seed, year)
    drafts = log.drafts()
    total = len(drafts) + len(log.late)
    tick = (lambda n: progress(n, total)) if progress else None
    keys = keyring(demo_keys(seed))
    ledger.append_many(enumerate(drafts, start=1), progress=tick, keys=keys)
    _store_files(ledger, log.files)  # once the events referencing them stand
    if log.late:
        ledger.append_many(enumerate(log.late, start=len(drafts) + 1), keys=keys)
    if progress:
        progress(total, total)
    return DemoResult(
        ledger.path or Path(ledger.url), seed, year, total, demo_sites(), dict(log.refused), len(log.late)
    )


def _store_files(ledger: Ledger, files: dict[str, bytes]) -> None:
    """Put the referenced evidence files in the ledger's evidence store, so `opsledger evidence` finds them."""
    with tempfile.TemporaryDirectory() as tmp:
        for sha, content in sorted(files.items()):
            if ledger.store.blob_status(sha) == "stored":
                continue
            source = Path(tmp) / sha
            source.write_bytes(content)
            ledger.store.blob_put(source)


@dataclass(frozen=True)
class Line:
    """One summary line: a site's scorecard for one period."""

    site: str
    scheme: str
    period: str
    card: Scorecard


def summaries(ledger: Ledger, year: int) -> tuple[list[Line], list[Scorecard]]:
    """Each site's scorecard(s) as `opsledger score` computes them, and the Wujiang cohort in rank order."""
    from schemes import service

    lines: list[Line] = []
    for site in (CHIFENG, DONGSHENG, PINGXIANG, SHAXIAN):
        periods = [f"{year}-Q{q}" for q in range(1, 5)] if site is CHIFENG else [str(year)]
        for period in periods:
            lines.append(Line(site.id, site.scheme, period, service.score_site(ledger, site.id, period)))
    cohort = service.score_cohort(ledger, "wujiang-alliance", str(year))
    return lines, cohort


def _yuan(text: Any) -> str:
    return f"{Decimal(str(text)):,.2f}"


def money_line(card: Scorecard) -> str:
    """The one money figure that matters for the scorecard, from its payout kind's fields (`score` prints all)."""
    m = card.money
    if m.get("deduction_yuan") is not None and not m.get("projection"):
        if Decimal(m["deduction_yuan"]):
            return f"below the threshold: {fmt(Decimal(m['deduction_pct']))}% of the year's fee deducted = {_yuan(m['deduction_yuan'])}"
        return f"no deduction (year's fee {_yuan(m['fee_yuan'])})"
    if m.get("entitlement_yuan") is not None:
        worth = f"worth {_yuan(m['entitlement_yuan'])} of {_yuan(m['fee_yuan'])}"
        if m.get("payment_yuan") is not None:
            due = f" from {m['due']}" if m.get("due") else ""
            return f"{worth}; pays {_yuan(m['payment_yuan'])} now{due}"
        return worth
    lines = [str(x) for x in m.get("lines", ())]
    return lines[1] if len(lines) > 1 else (lines[0] if lines else "-")


def summary_text(result: DemoResult, lines: list[Line], cohort: list[Scorecard]) -> str:
    out = [
        f"demo ledger {result.path}: {result.events} events, seed {result.seed}, year {result.year}",
        "  (the same seed gives the same events; recorded_at times and hashes are this run's own)",
        "",
        f"{'site':<24} {'scheme':<17} {'period':<8} {'total':>16}  {'grade':<10} money",
    ]
    for line in lines:
        card = line.card
        total = display.total_text(card, get_scheme(card.scheme).display_places)  # '25/25 + 2', not '27/25'
        grade = f"{card.grade or '-'}" + (f" ({card.grade_en})" if card.grade_en else "")
        out.append(
            f"{line.site:<24} {line.scheme:<17} {line.period:<8} {total:>16}  {grade:<10} {money_line(card)}"
        )
        for late in card.late:
            out.append(
                f"{'':24} late: seq {late['seq']} {late['type']} occurred {late['occurred_at']}: {late['status']}"
            )
    out += ["", f"乐业吴江 cohort (wujiang-alliance {result.year}), {len(cohort)} units in rank order:"]
    out.append(f"  {'rank':<5} {'unit':<14} {'total':>7}  grade  conditions")
    places = get_scheme(cohort[0].scheme).display_places if cohort else None
    for card in cohort:
        met = sorted({str(cid) for c in card.consequences for cid in c.get("conditions", ())})
        shown = display.number(card.total, places)
        out.append(
            f"  {card.rank!s:<5} {card.site:<14} {shown:>7}  {card.grade or '-':<5}  {', '.join(met) or '-'}"
        )
    if result.refused:
        out += ["", f"note: the ledger refused the assessor's role on {len(result.refused)} site(s), so their judged "
                    "items have no judgement (scored as their scheme says):"]  # fmt: skip
        first = next(iter(result.refused.values()))
        out.append(f"  {', '.join(result.refused)}: {first}")
    db = result.path
    out += [
        "",
        "next:",
        f"  opsledger --db {db} score --site {SHAXIAN.id} --period {result.year}",
        f"  opsledger --db {db} gaps --site {PINGXIANG.id} --period {result.year}",
        f"  opsledger --db {db} score --scheme wujiang-alliance --period {result.year}",
        f"  opsledger --db {db} events --site {CHIFENG.id} --type correction",
    ]
    return "\n".join(out)
