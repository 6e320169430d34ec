"""萍乡市湘赣边人力资源市场 (pingxiang-market, seed 002): Thursday daily fairs, the campaigns' themed fairs
(春风行动 Jan-Mar, 百日千万 Jun-Aug, 金秋 Oct), outbound recruiting, livestreams three times a week, short
videos, the gig market's monthly posts and trainings, follow-ups, training and awards, complaints, the assessor's
inspections.

Borderline on purpose: a daily fair with 34 companies (criterion 35); a week with two livestreams (a power cut);
February's gig posts short of either reading of 400/500; the fair jobseekers' follow-up rate at 87.5% (90
asked). History for an auditor (`score --as-of`, `diff`): a fair's jobs keyed with an extra zero and corrected
four days later; June's second gig training logged only on 9 July; in the half-year review (14 July) a June
fair's visitors recounted from the sign-in sheet (190, not the figure logged) and the assessor withdraws a June
finding.
"""

from __future__ import annotations

from schemes.demo.plan import (
    Attach,
    Fix,
    LastYear,
    Later,
    Once,
    Plan,
    Stream,
    Tweak,
    Void,
    complaint,
    finding,
    judge,
)
from schemes.demo.sites import PINGXIANG
from schemes.demo.values import ByN, Fmt, Growing, Int, Only, Share
from schemes.demo.when import Fill, MonthEnd, Spread, Weekly, Workday

STAFF = (("刘芳", "front_desk"), ("彭志刚", "operations"), ("李娟", "operations"), ("张伟", "management"),
         ("钟晓", "livestream"), ("黄欣", "livestream"), ("谢天", "livestream"), ("罗佳", "livestream"))  # fmt: skip

# Themed fairs: (month, day, title); the 春风行动 fair is big and its figures doubled (a bonus counts it twice).
THEMED = ((2, 26, "春风行动大型招聘会"), (3, 5, "春风行动·农民工专场"), (3, 19, "就业援助月专场"),
          (3, 28, "春风行动·返岗复工专场"), (5, 16, "高校毕业生专场"), (6, 13, "百日千万·智能制造专场"),
          (7, 11, "百日千万·区域专场"), (7, 25, "百日千万·退役军人专场"), (8, 15, "百日千万·青年专场"),
          (10, 17, "金秋招聘月·重点产业专场"), (10, 24, "金秋招聘月·规上企业专场"), (12, 5, "岁末就业援助专场"))  # fmt: skip
OUTBOUND = ((3, 12, "长沙"), (5, 8, "株洲"), (6, 18, "宜春"), (9, 10, "吉安"), (11, 6, "醴陵"))

# Follow-ups (回访) due in the year per scope: (how many, share reached). Fair jobseekers end short of 90%.
FOLLOW_UPS = {"fair_company": (220, 0.95), "fair_jobseeker": (260, 0.875), "gig_worker": (150, 0.93),
              "front_desk": (110, 0.94), "online_company": (120, 0.96), "online_jobseeker": (90, 1.0)}  # fmt: skip


def themed(month: int, day: int, title: str) -> Once:
    big = title == "春风行动大型招聘会"
    return Once("job_fair_held", (month, day), {"title": title, "format": "offline", "kind": "themed",
                "companies": 210 if big else Int(55, 120), "jobs": 6400 if big else Int(1100, 3000),
                "visitors": 430 if title == "高校毕业生专场" else Int(480, 2600), "doubled": 2 if big else 1})  # fmt: skip


PLAN = Plan(PINGXIANG.id, (
    *(Once("staff_joined", (1, 2), {"name": name, "role": role}) for name, role in STAFF),
    Once("staff_left", (7, 3), {"name": "谢天"}),
    Once("staff_joined", (7, 20), {"name": "曾宇", "role": "livestream"}),
    # Daily fairs every Thursday but in the holiday weeks; the sign-in sheet photographed except every fourth.
    Stream("job_fair_held", Weekly((3,)),
           {"title": Fmt("周四日常专场招聘会（第{n}场）"), "format": "offline", "kind": "daily",
            "companies": Int(36, 50), "jobs": Int(920, 1900), "visitors": Int(210, 480)},
           evidence=Only(Fmt("{date}日常招聘会签到表.jpg"), skip_every=4),
           tweaks=(
               # The first fair's full file (sign-in sheet, job list, photos), handed in the week after.
               Tweak(1, later=Later(attach=Attach(7, Fmt("{date}日常招聘会资料.zip"), "recruit.daily_fairs"))),
               Tweak(17, set={"companies": 34}),  # one short of the criterion
               Tweak(22, later=Later(fix=Fix({"visitors": 190}, (7, 14), "半年复核：入场人数以签到表为准，实为190人"))),
               Tweak(25, set={"jobs": 9600}, later=Later(fix=Fix({"jobs": 960}, 4, "岗位数多录一个0，以岗位清单为准"))),
           )),
    *(themed(*row) for row in THEMED),
    *(Once("job_fair_held", (month, day), {"title": f"赴{place}外出招聘", "format": "offline", "kind": "outbound",
           "companies": Int(20, 40), "jobs": Int(500, 1200), "visitors": Int(150, 600)})
      for month, day, place in OUTBOUND),
    # Livestreams Monday, Wednesday and Friday, holidays too (online); a Wednesday in April lost to a power cut.
    Stream("livestream_run", Weekly((0, 2, 4), holidays=True, skip=((4, 15),)),
           {"title": Fmt("萍乡直播带岗第{n}场"), "viewers": Int(600, 1500), "jobs_posted": Int(150, 320),
            "companies_reached": Int(2, 6),
            "host": ByN({40: "director", 120: "director", 20: "section_chief", 60: "section_chief",
                         95: "section_chief", 140: "section_chief"}, "staff")}),
    Stream("video_published", Spread(186), {"kind": "short_video", "title": "岗位推介短视频", "platform": "douyin"}),
    Once("metric_recorded", LastYear(12, 31), {"metric": "followers", "value": 52000, "platform": "douyin"}),
    Stream("metric_recorded", MonthEnd(), {"metric": "followers", "value": Growing(52000, Int(420, 700)),
           "platform": "douyin"}),  # fmt: skip
    # Gig market: 500+ openings a month on the provincial platform, enough under either reading of 400/500
    # (February, the holiday month, falls short); two trainings a month with 50+ people; a company visit and a
    # data meeting a month; a supply-demand analysis and a company report each quarter.
    Stream("gig_job_posted", Fill("positions", Int(505, 560), Int(8, 30), {2: 330}),
           {"employer": Fmt("零工用工主体{0:02d}", Int(1, 60))}),
    Stream("activity_held", Workday((5, 13)), {"kind": "gig_skills_training", "title": "灵活就业技能培训",
           "participants": Int(52, 90)}, tweaks=(Tweak(12, logged=(7, 9)),)),  # fmt: skip
    Stream("activity_held", Workday((3,)), {"kind": "company_visit", "title": "园区企业用工走访"}),
    Stream("activity_held", Workday((-2,)), {"kind": "data_meeting", "title": Fmt("{month}月数据汇报会")}),
    Stream("deliverable_submitted", Workday((-1,), months=(3, 6, 9, 12)),
           {"kind": "gig_supply_demand_analysis", "title": Fmt("Q{quarter}零工供求分析")}),
    Stream("deliverable_submitted", Workday((-1,), months=(3, 6, 9, 12)),
           {"kind": "quarterly_analysis", "title": Fmt("Q{quarter}企业用工分析报告")}),
    *(Stream("follow_up_call", Spread(size), {"scope": scope, "contact": Fmt(f"PX-{scope}-{{n:04d}}"),
             "reached": Share(rate)}) for scope, (size, rate) in FOLLOW_UPS.items()),
    # Training, contests, awards.
    Once("activity_held", (4, 9), {"kind": "business_training", "title": "点亮万家业务培训（一期）", "participants": 86}),
    Once("activity_held", (9, 17), {"kind": "business_training", "title": "点亮万家业务培训（二期）", "participants": 92}),
    Once("metric_recorded", (9, 30), {"metric": "business_training_coverage_pct", "value": "84.5"}),
    Once("activity_held", (8, 20), {"kind": "competition_prep", "title": "市赛备战省赛集训"}),
    Once("activity_held", (5, 21), {"kind": "youth_trainer_class", "title": "青年求职能力实训师资班"}),
    Once("activity_held", (10, 28), {"kind": "career_advisor_cultivation", "title": "职业指导师遴选培育"}),
    Once("award_received", (11, 18), {"level": "provincial", "title": "江西省公共就业服务示范窗口",
         "issuer": "江西省人力资源和社会保障厅"}),  # fmt: skip
    # Complaints: two valid, one not.
    complaint((3, 30), "求职者", "招聘企业现场承诺与实际薪资不符", valid=True),
    complaint((8, 4), "参会企业", "展位安排不合理", valid=True),
    complaint((10, 21), "求职者", "排队时间长", valid=False),
    # The assessor's inspections (日常督导) and judgement.
    # Withdrawn in the half-year review: the May report had been filed on time, through another channel.
    finding((6, 5), "data_error", "5月就业报表漏报1项",
            later=Later(void=Void((7, 14), "半年复核：5月报表已通过省平台按时报送，撤销该项"))),
    finding((7, 22), "info_late_or_false", "公众号岗位信息发布滞后"),
    finding((8, 12), "env_dirty", "二楼洽谈区卫生脏乱"),
    finding((9, 8), "worker_not_recommended", "2名登记零工未推荐岗位", count=2),
    finding((10, 30), "report_error", "9月分析报告数据口径错误"),
    finding((11, 12), "recommendation_short", "1名线上求职未成功者少推荐1个岗位"),
    judge((12, 20), "ops.services", False, "就业援助服务台账不全", shortfalls=1),
))  # fmt: skip
