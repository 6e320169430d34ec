"""One whole dongsheng-talent year, from a realistic event log, through the real CLI in subprocesses.

The operator's year is a generated JSONL file (`opsledger import`); the assessor's judgements on the qualitative
给分要点 are logged one by one (`opsledger log assessor_judgement`). Then `opsledger score --period 2026` (the
年度考核) and `--period 2026-H1` (the 半年评估, same rules and annual caps over the first half's events, decision
D4 of the scheme file). Every item's points and both block totals are worked out by hand below, citing the
给分要点 of the seed (001_fe0225262a130531.txt, 附件：人才服务中心运营考核指标).

How events are spread: `spread(n)` puts the i-th of n events (i = 0..n-1) in month 1 + 12i//n, so the first
ceil(n/2) fall in January-June (i < n/2) and the rest in July-December.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from conftest import cli_contracted_site, cli_db, cli_ok

SITE = "dongsheng-tsc"
SCHEME = "dongsheng-talent"
OPERATOR = "tsc-operator"
ASSESSOR = "assessor-wang"
ROOT = Path(__file__).resolve().parents[1]
D = Decimal


# `python -m cli --db DB ARGS` in a subprocess from the repository root: run -> .code/.out/.err, ok -> stdout.
run = partial(cli_db, actor=OPERATOR, cwd=ROOT, timeout=300)
ok = partial(cli_ok, actor=OPERATOR, cwd=ROOT, timeout=300)


# -- the operator's year --------------------------------------------------------------------------------


def spread(n: int) -> list[str]:
    """n dates through 2026: the i-th in month 1 + 12i//n (ceil(n/2) of them in H1)."""
    return [f"2026-{1 + 12 * i // n:02d}-{1 + (7 * i) % 27:02d}" for i in range(n)]


def year_log() -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []

    def add(event_type: str, on: str, event_id: str | None = None, **payload: Any) -> None:
        record = {"type": event_type, "site": SITE, "occurred_at": on, "payload": payload}
        record["id"] = event_id or f"ds-{len(events) + 1:04d}"
        events.append(record)

    def activities(kind: str, n: int, title: str, participants: int = 0) -> None:
        for i, on in enumerate(spread(n)):
            add("activity_held", on, kind=kind, title=f"{title}第{i + 1}次", participants=participants)

    def talents(kind: str, n: int, name: str) -> None:
        for i, on in enumerate(spread(n)):
            add("talent_engaged", on, kind=kind, name=f"{name}{i + 1:03d}")

    def orgs(kind: str, n: int, name: str) -> None:
        for i, on in enumerate(spread(n)):
            add("organization_engaged", on, kind=kind, name=f"{name}{i + 1:03d}")

    # (一) 宣传
    add("activity_held", "2025-12-20", kind="policy_briefing", title="上年度宣讲（不计入2026）")
    activities("policy_briefing", 5, "人才政策宣讲")
    activities("ad_display", 11, "电子屏政策宣传")
    activities("innovation_showcase", 12, "创新创业典型案例展示")
    add("deliverable_submitted", "2026-01-15", kind="official_account", title="东胜区人才服务中心公众号")
    # (二) 政策咨询与申报
    add("deliverable_submitted", "2026-04-20", kind="policy_compilation", title="东胜区各级人才政策汇编")
    talents("policy_expert", 4, "业务能手")
    for on, people in (("2026-03-15", 180), ("2026-06-20", 160), ("2026-10-15", 150)):
        add("activity_held", on, kind="policy_training", title="人才政策专题培训", participants=people)
    kinds = ("consult", "dedicated", "full_agency")
    for i, on in enumerate(spread(149)):
        add("service_ticket", on, kind=kinds[i % 3], client=f"落地项目{i + 1:03d}")
    add("service_ticket", "2026-05-10", "tk-dup", kind="consult", client="落地项目001")
    add("retraction", "2026-05-10", target="tk-dup", reason="重复录入")
    add("service_ticket", "2027-01-05", kind="consult", client="次年工单（不计入2026）")
    # (三) 第三方中介服务
    orgs("third_party_introduced", 6, "第三方服务机构")
    orgs("third_party_reserved", 7, "储备机构")
    add("deliverable_submitted", "2026-09-30", kind="institution_quality_review", title="机构服务质量考核")
    # (四) 合作交流
    activities("training_exchange", 13, "人才沙龙", participants=65)
    add("activity_held", "2026-05-12", kind="research_trip", title="赴深圳考察调研")
    add("activity_held", "2026-09-08", kind="research_trip", title="赴杭州考察调研")
    add("deliverable_submitted", "2026-09-25", kind="research_material", title="深圳人才工作考察报告")
    add("activity_held", "2026-11-10", kind="satisfaction_survey", title="2026年度人才满意度调研")
    activities("institution_exchange", 4, "与智联招聘交流合作")
    # 附加: 成果转化
    add("organization_engaged", "2026-08-18", kind="city_research_platform", name="煤化工科研创新平台")
    amounts = "800000 450000 600000 350000 300000 700000 500000 400000 600000 300000".split()  # 500万 in all
    for i, (on, amount) in enumerate(zip(spread(10), amounts, strict=True)):
        add("tech_service_delivered", on, title=f"技术服务合同{i + 1}", amount_yuan=amount)
    activities("tech_matchmaking", 7, "科技成果推介会")
    # 附加: 科创交流
    add("organization_engaged", "2026-03-20", kind="talent_station", name="东胜区驻北京人才工作站")
    add("organization_engaged", "2026-10-01", kind="innovation_center", name="东胜本土创新中心")
    orgs("specialized_enterprise", 2, "专精特新企业")
    add("organization_engaged", "2026-11-11", kind="high_tech_enterprise", name="落地高新技术企业")
    talents("high_end_scitech", 3, "高端科创人才")
    orgs("innovation_platform", 2, "科技创新平台")
    # 附加: 招才引智
    add("deliverable_submitted", "2026-02-28", kind="talent_demand_catalog", title="2026年东胜区人才需求目录")
    activities("talent_drive", 2, "暖城做东引才入胜专场")
    activities("high_end_talent_visit", 3, "赴上海探访高端人才")
    talents("provincial_reserve", 12, "省部级高端人才")
    talents("city_team_reserve", 3, "储备创新创业团队")
    talents("f_class", 5, "F类人才")
    add("talent_engaged", "2026-07-07", kind="city_team_landed", name="落地创新创业团队")
    talents("master_or_senior", 103, "硕士/副高人才")
    talents("regional_grassland", 2, "自治区草原英才")
    talents("city_grassland", 6, "市级草原英才")
    add("talent_engaged", "2026-09-09", kind="city_grassland_team", name="市级草原英才团队")
    talents("expert_library", 65, "专家库专家")
    # 附加: 招商引智
    add("activity_held", "2026-05-18", kind="city_partner_district", title="区级寻找城市合伙人大会")
    activities("city_partner_regular", 6, "寻找城市合伙人路演")
    talents("investor", 48, "投资人")
    orgs("reserve_project", 52, "储备项目")
    add("activity_held", "2026-04-15", kind="expert_evaluation", title="上半年入库项目专家评估")
    add("activity_held", "2026-11-15", kind="expert_evaluation", title="下半年入库项目专家评估")
    orgs("quality_project_opinion", 25, "优质项目评估意见")
    add("organization_engaged", "2026-12-01", kind="talent_fund", name="东胜区人才创投基金")
    # 附加: 获得感、礼遇感
    add("deliverable_submitted", "2026-06-01", kind="talent_code_scenario", title="人才码·公交出行")
    add("deliverable_submitted", "2026-10-20", kind="talent_code_scenario", title="人才码·文旅景区")
    talents("service_commissioner", 3, "管家式服务专员")
    return events


# The assessor's judgements: (date, `<item>/<part>`, met, reason).
JUDGEMENTS = [
    ("2026-06-28", "b.warm/work_points", True, "半年评估：工作要点服务举措已落实"),
    ("2026-06-28", "b.expansion/effect", True, "半年评估：拓展项目初见成效"),
    ("2026-12-20", "b.account/promotion", True, "公众号全年持续推送"),
    ("2026-12-20", "b.miniprogram/maintain", True, "小程序板块运行正常"),
    ("2026-12-20", "b.miniprogram/optimise", False, "全年未见功能优化记录"),
    ("2026-12-20", "b.warm/work_points", True, "年度核查：工作要点服务举措已落实"),
    ("2026-12-20", "b.warm/warm_measures", True, "暖心举措落实到位"),
    ("2026-12-20", "b.expansion/expand", True, "新增人才公寓代办服务"),
    ("2026-12-20", "b.expansion/effect", False, "年度核查：未形成经验做法材料"),
    ("2026-12-20", "b.survey/fields", True, "覆盖各领域"),
    ("2026-12-20", "a.station/mechanism", True, "联络机制文件齐全"),
    ("2026-12-20", "a.partner_system/maintain", True, "系统运维记录齐全"),
    ("2026-12-20", "a.partner_system/update", True, "资源信息按月更新"),
    ("2026-12-20", "a.custom_service/launch", True, "已推出定制化服务"),
    ("2026-12-20", "a.custom_service/deliver", False, "尚未落实"),
    ("2026-12-20", "a.commissioners/one_on_one", True, "一对一服务记录齐全"),
]


@pytest.fixture(scope="module")
def ledger_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("dongsheng")
    db = tmp / "ledger.db"
    ok(db, "init")
    cli_contracted_site(ok, db, SITE, name="东胜区人才服务中心", kind="talent_center", on="2025-12-01",
                        start="2026-01-01", scheme=SCHEME, fee="2000000", assessor=ASSESSOR, grant_actor=ASSESSOR)  # fmt: skip
    log = tmp / "dongsheng-2026.jsonl"
    log.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in year_log()) + "\n", encoding="utf-8")
    assert "imported" in ok(db, "import", str(log), "--allow-future")
    for on, item, met, reason in JUDGEMENTS:
        ok(db, "log", "assessor_judgement", "--site", SITE, "--on", on, f"scheme={SCHEME}", f"item={item}",
           f"met={'true' if met else 'false'}", f"reason={reason}", "--allow-future", actor=ASSESSOR)  # fmt: skip
    return db


def card(db: Path, period: str) -> dict[str, Any]:
    return json.loads(ok(db, "score", "--site", SITE, "--period", period, "--format", "json"))


# -- 年度考核 2026: every item by hand ------------------------------------------------------------------------

YEAR = {
    # 一、基础分值指标
    "b.briefings": "2",  # 5 宣讲 (the 2025-12-20 one is outside the year) x 0.5 = 2.5, 分值 2 caps: 2
    "b.displays": "2.5",  # "2 次 0.5 分": 11 displays = 5 whole pairs x 0.5
    "b.showcases": "4",  # "3 次 1 分": 12 = 4 threes
    "b.account": "2",  # 公众号 built 2026-01-15: 1 + 持续推动 judged met: 1
    "b.miniprogram": "2",  # 运营维护 met: 2 + 持续优化 judged not met: 0
    "b.compilations": "2",  # 政策汇编 1 册: 2 + 服务指南 none: 0
    "b.experts": "3",  # "1 人 1 分": 4 能手, 分值 3 caps
    "b.training": "2.35",  # 3 期 x 0.25 = 0.75 + (180+160+150 = 490 人 = 4 hundreds) x 0.4 = 1.6
    "b.tickets": "11.6",  # "每 5 单 0.4 分": 149 (the duplicate retracted, the 2027 one outside) = 29 x 0.4
    "b.institutions": "6.75",  # 引进 6 x 1 (满分 5) = 5 + 储备 7 x 0.25 = 1.75
    "b.institution_review": "1",  # 质量考核 1 分; 动态更新 none: 0
    "b.warm": "12",  # 工作要点 met (re-judged in December): 6 + 暖心 met: 6
    "b.expansion": "8",  # 拓展 met: 8; 成效 met in June but re-judged not met in December: 0
    "b.exchanges": "10",  # 13 events = 6 pairs x 1 = 6 (满分 6) + 13 x 65 = 845 人次 = 8 hundreds x 0.5 = 4
    "b.research": "1.5",  # 2 考察调研 x 0.5 = 1 (满分 1) + 1 篇材料 x 0.5 = 0.5
    "b.survey": "3",  # 满意度调研 held: 2 + 各领域 met: 1 + 各层次 not judged: 0
    "b.partners": "8",  # "1 次 2 分": 4 exchanges
    # 二、附加分值指标
    "a.platforms": "2",  # 1 市级科研创新平台 x 2
    "a.tech_services": "4",  # 10 services x 0.2 = 2 (满分 2) + 交易额 exactly 5,000,000 ("500 万元以上", D1): 2
    "a.tech_events": "3.5",  # 7 x 0.5
    "a.station": "3",  # 站点 1 x 2 + 联络机制 met: 1 + 持续联系 not judged: 0
    "a.enclave": "13",  # 创新中心 2 + 专精特新 2 x 2 = 4 + 高新 1 x 2 = 2 + 科创人才 3 x 1 = 3 + 平台 2 x 1 = 2
    "a.recruit_drive": "2",  # 需求目录 1 + 引才活动 1
    "a.visits": "1.5",  # 3 探访 x 0.5
    "a.high_level": "16.6",  # 省部级 12 x 0.2 (满分 2) = 2 + 团队储备 3 x 0.2 = 0.6 + 顶尖 0 + F类 5 (满分 4) = 4
    #                          + 落地团队 1 x 2 = 2 + 硕士副高 103 x 0.08 (满分 8) = 8
    "a.grassland": "12",  # 自治区 2 x 1 = 2 + 团队 0 + 市级 6 x 0.5 = 3 + 市级团队 1 x 0.5 = 0.5 + 专家库 65 x 0.1 = 6.5
    "a.city_partner": "11.92",  # 区级 1 x 2 = 2 + 常态化 6 x 1 = 6 + 投资人 48 x 0.04 = 1.92 + 储备项目 52 x 0.04 (满分 2) = 2
    "a.expert_review": "3.5",  # 专家评估 2 x 0.5 = 1 + 评估意见 25 x 0.1 = 2.5
    "a.partner_system": "2",  # 运营维护 met 1 + 更新 met 1
    "a.fund": "2",  # 人才创投基金 2 + 资金池 none 0
    "a.custom_service": "1",  # 推出 met 1 + 落实 not met 0
    "a.talent_code": "2",  # 2 场景 x 1
    "a.commissioners": "2",  # 3 专员 (配备: 1) + 一对一 met: 1
}
YEAR_BASE = "81.7"  # 2+2.5+4+2+2+2+3+2.35+11.6+6.75+1+12+8+10+1.5+3+8
YEAR_ADDITIONAL = "82.02"  # 2+4+3.5+3+13+2+1.5+16.6+12+11.92+3.5+2+2+1+2+2


def test_hand_totals_add_up() -> None:
    """The block totals above are the sums of the items (guards the hand arithmetic itself)."""
    base = sum((D(v) for k, v in YEAR.items() if k.startswith("b.")), D(0))
    additional = sum((D(v) for k, v in YEAR.items() if k.startswith("a.")), D(0))
    assert (base, additional) == (D(YEAR_BASE), D(YEAR_ADDITIONAL))
    h1_base = sum((D(v) for k, v in HALF.items() if k.startswith("b.")), D(0))
    h1_additional = sum((D(v) for k, v in HALF.items() if k.startswith("a.")), D(0))
    assert (h1_base, h1_additional) == (D(HALF_BASE), D(HALF_ADDITIONAL))


def test_annual_assessment_every_item(ledger_db: Path) -> None:
    got = card(ledger_db, "2026")
    assert (got["scheme"], got["site"], got["period"]) == (SCHEME, SITE, "2026")
    assert {i["id"]: D(i["points"]) for i in got["items"]} == {k: D(v) for k, v in YEAR.items()}
    blocks = {b["id"]: D(b["points"]) for b in got["blocks"]}
    assert blocks == {"base": D(YEAR_BASE), "additional": D(YEAR_ADDITIONAL)}
    assert D(got["total"]) == D("163.72") and D(got["max_total"]) == D(200)


def test_annual_items_cite_their_events_and_inputs(ledger_db: Path) -> None:
    items = {i["id"]: i for i in card(ledger_db, "2026")["items"]}
    tickets = items["b.tickets"]
    assert tickets["inputs"] == {"service_tickets": "149"}
    # the retracted duplicate and the 2027 order are not behind the score
    assert len(tickets["events"]) == 149
    assert items["a.tech_services"]["inputs"]["tech_turnover"] == "5000000"
    assert items["b.briefings"]["inputs"] == {"briefings": "5"}
    effect = items["b.expansion"]["explanation_zh"]
    assert "形成经验做法：评估判定未达标（年度核查：未形成经验做法材料）" in effect
    survey = items["b.survey"]["explanation_zh"]
    assert "调研覆盖全区各层次人才：尚无评估判定" in survey


def test_annual_table_reads_as_a_scorecard(ledger_db: Path) -> None:
    text = ok(ledger_db, "score", "--site", SITE, "--period", "2026")
    for expected in ("[基础分值指标]", "[附加分值指标]", "b.tickets", "11.6/12", "163.72 / 200"):
        assert expected in text, expected


# -- 半年评估 2026-H1: the same rules over January-June (D4) --------------------------------------------------

HALF = {
    "b.briefings": "1.5",  # ceil(5/2) = 3 宣讲 x 0.5
    "b.displays": "1.5",  # 6 displays = 3 pairs x 0.5
    "b.showcases": "2",  # 6 = 2 threes
    "b.account": "1",  # 公众号 built in January: 1; 持续推动 judged only in December: 0
    "b.miniprogram": "0",  # no judgement in H1
    "b.compilations": "2",  # 政策汇编 2026-04-20
    "b.experts": "2",  # 2 能手 x 1
    "b.training": "1.7",  # 2 期 x 0.25 = 0.5 + 340 人 = 3 hundreds x 0.4 = 1.2
    "b.tickets": "6",  # 75 orders = 15 x 0.4, against the annual cap 12 (D4: caps not halved)
    "b.institutions": "4",  # 引进 3 x 1 + 储备 4 x 0.25
    "b.institution_review": "0",  # 质量考核 only in September
    "b.warm": "6",  # 工作要点 judged met on 2026-06-28: 6; 暖心 not yet judged: 0
    "b.expansion": "6",  # 成效 judged met on 2026-06-28 (the December revision is outside H1): 6
    "b.exchanges": "5",  # 7 events = 3 pairs = 3 + 7 x 65 = 455 人次 = 4 hundreds x 0.5 = 2
    "b.research": "0.5",  # 1 考察调研 (May) x 0.5; 材料 in September
    "b.survey": "0",  # survey in November
    "b.partners": "4",  # 2 exchanges x 2
    "a.platforms": "0",  # platform in August
    "a.tech_services": "1",  # 5 services x 0.2; 交易额 2,500,000 < 500万: 0
    "a.tech_events": "2",  # 4 x 0.5
    "a.station": "2",  # 站点 (March) 2; liaison judged only in December
    "a.enclave": "5",  # 专精特新 1 x 2 + 科创人才 2 x 1 + 平台 1 x 1; centre and 高新 in H2
    "a.recruit_drive": "2",  # 需求目录 (February) 1 + 引才活动 1 (of 2) 1
    "a.visits": "1",  # 2 x 0.5
    "a.high_level": "8.76",  # 省部级 6 x 0.2 = 1.2 + 团队 2 x 0.2 = 0.4 + F类 3 x 1 = 3 + 硕士副高 52 x 0.08 = 4.16
    "a.grassland": "5.8",  # 自治区 1 x 1 + 市级 3 x 0.5 = 1.5 + 专家库 33 x 0.1 = 3.3
    "a.city_partner": "7",  # 区级 (May) 2 + 常态化 3 + 投资人 24 x 0.04 = 0.96 + 储备项目 26 x 0.04 = 1.04
    "a.expert_review": "1.8",  # 评估 1 (April) x 0.5 + 意见 13 x 0.1 = 1.3
    "a.partner_system": "0",
    "a.fund": "0",  # fund in December
    "a.custom_service": "0",
    "a.talent_code": "1",  # 公交出行 (June)
    "a.commissioners": "1",  # 2 专员 in H1 (配备: 1); 一对一 judged only in December
}
HALF_BASE = "43.2"
HALF_ADDITIONAL = "38.36"


def test_half_year_evaluation_every_item(ledger_db: Path) -> None:
    got = card(ledger_db, "2026-H1")
    assert got["period"] == "2026-H1"
    assert {i["id"]: D(i["points"]) for i in got["items"]} == {k: D(v) for k, v in HALF.items()}
    blocks = {b["id"]: D(b["points"]) for b in got["blocks"]}
    assert blocks == {"base": D(HALF_BASE), "additional": D(HALF_ADDITIONAL)}
    assert D(got["total"]) == D("81.56")


def test_only_an_assessor_can_judge(ledger_db: Path) -> None:
    proc = run(ledger_db, "log", "assessor_judgement", "--site", SITE, "--on", "2026-12-21", f"scheme={SCHEME}",
               "item=b.miniprogram/optimise", "met=true", "reason=自评", "--allow-future", actor=OPERATOR)  # fmt: skip
    assert proc.code == 1
    assert proc.err.startswith("error:") and "assessor-only" in proc.err
    assert "Traceback" not in proc.err
