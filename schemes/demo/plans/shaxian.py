"""沙县区零工市场 (shaxian-gig, seed 003): registrations, job posts and deals every working day, one livestream
a month, followers, a satisfaction survey, disputes, the assessor's spot checks and judgements.

Borderline on purpose: no livestream in August (the typhoon month) and two in March; the last two months'
livestreams without screenshots; a deal keyed twice and retracted; a fight on site.
"""

from __future__ import annotations

from schemes.demo.plan import (
    Attach,
    Later,
    Once,
    Plan,
    Stream,
    Then,
    Tweak,
    Void,
    complaint,
    finding,
    judge,
    judged,
)
from schemes.demo.sites import SHAXIAN
from schemes.demo.values import Chance, Fmt, Growing, Int, Money, Only, Parent, Pick
from schemes.demo.when import MonthDay, MonthEnd, On, Spread, Within

# Busier before the Spring Festival and after it (返乡/返岗): the months' weights.
SEASON = (14, 6, 12, 9, 8, 8, 7, 7, 9, 8, 8, 10)
WORKERS = 2612
EMPLOYERS = Pick("沙县小吃集团", "金沙园物流", "虬城建筑劳务", "夏茂农业合作社", "富口竹木加工", "青州造纸",
                 "沙县宾馆", "城南家政", "三明高速服务区", "沙溪港码头")  # fmt: skip

PLAN = Plan(SHAXIAN.id, (
    Once("staff_joined", (1, 2), {"name": "林晓燕", "role": "management"}),
    *(Once("staff_joined", (1, 2), {"name": name, "role": "front_desk"}) for name in ("陈志强", "黄丽萍", "郑建华")),
    Once("staff_left", (9, 12), {"name": "陈志强"}),
    Once("staff_joined", (10, 10), {"name": "吴海峰", "role": "front_desk"}),
    Stream("gig_worker_registered", Spread(WORKERS, SEASON), {"worker": Fmt("SX-W{n:05d}")}),
    Stream("gig_job_posted", Spread(1842, SEASON), {"employer": EMPLOYERS, "positions": Int(1, 6)}),
    Stream("gig_deal_completed", Spread(1163, SEASON), {"worker": Fmt("SX-W{0:05d}", Int(1, WORKERS)),
           "employer": EMPLOYERS, "amount_yuan": Money(150, 2400, 10)}),  # fmt: skip
    # The retraction: a deal keyed twice by the front desk, the copy retracted three days later.
    Once("gig_deal_completed", (4, 16), {"worker": "SX-W00042", "employer": "沙县小吃集团", "amount_yuan": "320"},
         later=Later(void=Void(3, "同一笔交易重复录入"))),  # fmt: skip
    # One livestream a month on the 10th, a second in March, none in August; screenshots up to October. The
    # half-year's livestream register is handed in five days after June's.
    Stream("livestream_run", MonthDay(10, months=(1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12), extra={3: (18,)}),
           {"title": Fmt("沙县零工直播带岗（{year}年{month}月第{n}场）"), "viewers": Int(800, 4200),
            "jobs_posted": Int(30, 120), "companies_reached": Int(5, 20)},
           evidence=Only(Fmt("{date}直播截图.png"), months=range(1, 11)),
           tweaks=(Tweak(7, later=Later(attach=Attach(5, Fmt("{year}上半年直播记录台账.xlsx"), "livestream"))),)),
    Stream("metric_recorded", MonthEnd(), {"metric": "followers", "value": Growing(820, Int(150, 260)),
           "platform": "official_account"}),  # fmt: skip
    # Satisfaction survey in November: 180 answers, about 92% satisfied.
    Stream("survey_response", Within(180, (11, 2), (11, 27)), {"survey": "gig_satisfaction",
           "respondent": Fmt("SX-S{n:04d}"), "satisfied": Chance(0.92)}),  # fmt: skip
    # Disputes through the year, each mediated within two weeks; one fight on site.
    Stream("dispute_filed", Spread(9), {"case": Fmt("SX-D{n:03d}"), "parties": "零工与雇主工资纠纷"},
           then=(Then("dispute_resolved", {"case": Parent("case"), "outcome": "mediated",
                                           "parties_satisfied": True}, after=Int(2, 12)),)),  # fmt: skip
    Once("site_incident", (6, 23), {"kind": "fight", "description": "两名零工争抢派单发生推搡，保安制止"}),
    # Bonus work: job notices for companies, short-term staffing, one inter-provincial service.
    Stream("activity_held", Spread(12), {"kind": "enterprise_job_info", "title": "协助发布企业招工信息"}),
    Stream("activity_held", On(((2, 26), (7, 14), (11, 5))), {"kind": "short_term_staffing",
           "title": "协调企业解决短期用工"}),  # fmt: skip
    Once("activity_held", (5, 20), {"kind": "interprovincial_service", "title": "闽赣省际劳务协作对接"}),
    complaint((9, 3), "零工 SX-W01288", "雇主拖欠工资", valid=False),
    # The assessor: a spot check of the job posts, then the year's judgements.
    finding((5, 12), "false_information", "抽查岗位信息2条已过期未下架", count=2),
    judge((12, 18), "network.functions", True, "8项功能齐全"),
    judge((12, 18), "network.maintenance", False, "缺网络安全维护记录", shortfalls=1),
    *judged((12, 18), ("site.rules", True, "制度及投诉电话上墙"), ("site.layout", True, "分区清晰整洁"),
            ("site.infrastructure", True, "设备网络正常"), ("site.fire_safety", True, "消防设施齐全"),
            ("site.licence", True, "营业执照及服务能力齐全")),
))  # fmt: skip
