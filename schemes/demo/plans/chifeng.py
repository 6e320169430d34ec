"""赤峰人力资源服务产业园 (chifeng-park, seed 000): institutions entering the park and their monthly revenue,
the monthly reports, publicity and platform readings, weekly fairs, campus fairs and livestreams, and each
quarter's own items (the seed scores different items each quarter).

Borderline on purpose: an institution leaves in May; exactly 20 campus fairs by the end of September (the
target); Q3 has 7 talent events, one short of 8, and one of them keyed with 30 participants instead of 300
(corrected); a valid complaint in Q2.
"""

from __future__ import annotations

from typing import Any

from schemes.demo.plan import Fix, Later, Once, Plan, Stream, complaint, judge
from schemes.demo.sites import CHIFENG
from schemes.demo.values import Chance, Fmt, Int, Money
from schemes.demo.when import Members, MonthEnd, On, Several, Weekly, Within, Workday


def deliverable(on: tuple[int, int], kind: str, title: str) -> Once:
    return Once("deliverable_submitted", on, {"kind": kind, "title": title})


def activity(on: tuple[int, int], kind: str, title: str, **more: Any) -> Once:
    return Once("activity_held", on, {"kind": kind, "title": title, **more})


def reading(metric: str, value: Any, **more: Any) -> Stream:
    """A reading at each month's end."""
    return Stream("metric_recorded", MonthEnd(), {"metric": metric, "value": value, **more})


def salons(n: int, start: tuple[int, int], end: tuple[int, int], scale: str, participants: int) -> Stream:
    title = "中型人力资源沙龙" if scale == "medium" else "小型HR座谈"
    return Stream("activity_held", Within(n, start, end), {"kind": "salon", "scale": scale, "title": title,
                  "participants": participants})  # fmt: skip


FAIR = {"format": "offline", "companies": Int(8, 25), "jobs": Int(120, 480), "visitors": Int(250, 900)}
CAMPUS = {"title": "带企进校园招聘会", "format": "offline", "kind": "campus", "companies": Int(15, 40),
          "jobs": Int(300, 900), "visitors": Int(400, 1500)}  # fmt: skip

# Q3 and Q4 figures from the platforms' own counters: (metric, value).
Q3_READINGS = (("new_media_reach", 236000), ("enterprises_digitized", 1130), ("efficiency_gain_pct", "22.5"),
               ("policy_pushes", 12800), ("subsidized_enterprises", 1040), ("exam_notifications", 2300),
               ("exam_registrations", 4650), ("exam_hires", 1830))  # fmt: skip
Q4_READINGS = (("local_companies_linked", 64), ("labour_agencies", 12), ("brokers_trained", 318),
               ("jobs_delivered", 5600), ("vocational_trainees", 236))  # fmt: skip
# The platforms built in the year: (platform, the day it was handed over).
PLATFORMS = (("talent_governance", (7, 20)), ("employment_cloud", (7, 22)), ("hr_sharing", (8, 3)),
             ("exam", (8, 12)), ("employment_collab", (10, 20)), ("broker_training", (11, 2)))  # fmt: skip

PLAN = Plan(CHIFENG.id, (
    # 34 institutions: 20 enter in the first week, 6 more by the end of March, 8 by the end of September.
    Stream("institution_entered", Several((On(((1, 5),), times=20), Within(6, (1, 10), (3, 25)),
                                           Within(8, (4, 1), (9, 30)))),
           {"institution": Fmt("赤峰人力资源服务机构{n:02d}"), "registered_locally": Chance(0.7)}),
    Once("institution_left", (5, 18), {"institution": "赤峰人力资源服务机构04", "reason": "业务调整迁出"}),
    # Each institution in the park reports its month's revenue at the month's end.
    Stream("revenue_reported", MonthEnd(per=Members("institution_entered", "institution_left", "institution")),
           {"month": Fmt("{year}-{month:02d}"), "amount_yuan": Money(350000, 900000)}),
    Stream("deliverable_submitted", Workday((-1,)), {"kind": "monthly_report", "title": Fmt("{month}月运营情况汇报")}),
    Stream("info_published", Workday((2, 6, 10, 14)), {"channel": "official_account", "title": "园区动态"}),
    # 就业云 and the HR sharing platform's counters, and the park's monthly figures.
    reading("platform_jobs_posted", Int(520, 900), platform="employment_cloud"),
    reading("platform_visits", Int(21000, 36000), platform="hr_sharing"),
    reading("platform_jobs_posted", Int(1050, 1600), platform="hr_sharing"),
    reading("resumes_pushed", Int(10200, 14000)),
    reading("employment_flow", Int(13500, 16000)),
    reading("college_guidance", Int(520, 700)),
    reading("industry_leaders_trained", Int(14, 20)),
    reading("ability_trainees", Int(135, 150)),  # 405+ a quarter: 400 asked
    # Fairs on Tuesdays, and Thursdays too in the 百日千万 months; campus fairs in spring and autumn (20 by the
    # end of September: exactly the target); three livestreams and two talent events a month.
    Stream("job_fair_held", Several((Weekly((1,)), Weekly((3,), months=(6, 7, 8)))),
           {"title": "园区周二招聘会", "kind": "daily", **FAIR}),
    Stream("job_fair_held", Workday((2, 7, 12, 17), months=(3, 4, 5, 6, 9, 10, 11)), CAMPUS),
    Stream("livestream_run", Workday((1, 7, 13)), {"title": "园区直播带岗", "viewers": Int(180, 1200),
           "jobs_posted": Int(40, 150)}),  # fmt: skip
    Stream("activity_held", Workday((6, 15)), {"kind": "talent_recruitment", "title": "引才招考活动",
           "participants": Int(300, 700)}),  # fmt: skip
    # Q1: the park set up.
    deliverable((1, 15), "annual_plan", Fmt("{year}年产业园运营年度计划")),
    deliverable((2, 10), "management_ledger", "入驻项目管理台账"),
    deliverable((3, 20), "performance_report", "入驻项目绩效评估考核报告"),
    Stream("activity_held", On(((1, 22), (2, 28), (3, 17))), {"kind": "reception", "title": "交流考察参观接待"}),
    deliverable((3, 27), "work_summary", "一季度工作总结报告"),
    deliverable((3, 24), "research_report", "赤峰人力资源服务业调研报告"),
    deliverable((2, 16), "trainer_roster", "就业服务师资队伍名单"),
    activity((3, 11), "employment_service", "就业政策指引和信息咨询"),
    Once("media_report", (3, 9), {"level": "national", "outlet": "中国组织人事报", "title": "赤峰人力资源产业园建设纪实"},
         evidence=("中国组织人事报报道截图.png",)),
    Once("media_report", (2, 24), {"level": "provincial", "outlet": "内蒙古日报", "title": "赤峰打造人力资源服务高地"}),
    Once("video_published", (3, 26), {"kind": "park_image", "title": "产业园形象宣传片", "width": 1920, "height": 1080,
         "minutes": "6.5", "platform": "官网"}),  # fmt: skip
    judge((3, 30), "q1.info_platform", True, "公众号具备信息发布及供需对接功能"),
    # Q2: exchanges, salons, safety, films, media.
    activity((5, 14), "academic_seminar", "人力资源服务业学术研讨会"),
    activity((6, 11), "supply_demand_matchmaking", "人才供需对接交流会"),
    Stream("activity_held", On(((4, 16), (6, 4))), {"kind": "salon", "scale": "medium", "title": "中型人力资源沙龙",
           "participants": 80}),  # fmt: skip
    salons(4, (4, 1), (6, 25), "small", 25),
    deliverable((4, 8), "emergency_plan", "安全管理及疫情防控应急预案"),
    activity((5, 27), "safety_training", "消防安全知识培训"),
    deliverable((6, 17), "facilities_ledger", "公共设施管理台账"),
    deliverable((6, 19), "rules_implementation", "园区管理制度落实汇编"),
    Stream("video_published", On(((4, 28), (5, 26), (6, 23))), {"kind": "enterprise_image",
           "title": Fmt("入驻企业形象宣传片{n}"), "width": 1920, "height": 1080, "minutes": "3.5", "platform": "视频号"}),
    Stream("media_report", On(((4, 20), (6, 8))), {"level": "national", "outlet": "人民网",
           "title": "赤峰产业园人才服务新模式"}),  # fmt: skip
    Once("media_report", (5, 6), {"level": "provincial", "outlet": "内蒙古新闻网", "title": "产业园入驻机构突破30家"}),
    complaint((5, 22), "入驻机构", "物业报修响应慢", valid=True),
    complaint((6, 2), "入驻机构", "停车位不足", valid=False),
    judge((6, 26), "q2.seminars", True, "研讨会层次高、有成果"),
    judge((6, 26), "q2.matchmaking", True, "对接成效良好"),
    # Q3: events, the five employment services, four platforms.
    activity((9, 16), "forum", "赤峰人力资源服务业发展论坛", participants=620),
    activity((8, 6), "outreach_visit", "赴呼和浩特“走出去”组团座谈"),
    salons(3, (7, 1), (9, 25), "medium", 75),
    salons(5, (7, 1), (9, 25), "small", 22),
    Stream("activity_held", Within(5, (7, 1), (9, 25)), {"kind": "school_enterprise", "title": "校企对接活动"}),
    # The correction: a talent event keyed with 30 participants, not 300 (Q3 has 7 such events, 8 asked).
    Once("activity_held", (7, 9), {"kind": "talent_recruitment", "title": "事业单位引才专场", "participants": 30},
         later=Later(fix=Fix({"participants": 300}, 4, "参与人数少录一个0"))),
    *(Once("deliverable_submitted", on, {"kind": "platform_built", "platform": platform,
           "title": f"{platform}平台搭建完成"}) for platform, on in PLATFORMS),  # fmt: skip
    *(Once("metric_recorded", (9, 30), {"metric": metric, "value": value}) for metric, value in Q3_READINGS),
    judge((9, 25), "q3.employment.mechanism", True, "人才管理机制健全"),
    judge((9, 25), "q3.platform.talent_governance", True, "形成有效数据分析"),
    # Q4: satisfaction survey, the collaboration platform's figures, a city award.
    Stream("survey_response", Within(31, (12, 1), (12, 18)), {"survey": "resident_satisfaction",
           "respondent": Fmt("入驻机构{n:02d}"), "score": Int(86, 99)}),  # fmt: skip
    *(Once("metric_recorded", (12, 15), {"metric": metric, "value": value}) for metric, value in Q4_READINGS),
    Once("award_received", (11, 26), {"level": "city", "title": "赤峰市人力资源服务先进单位", "issuer": "赤峰市人社局"}),
))  # fmt: skip
