"""What `opsledger catalog` says about each event type and unit: (中文, English) templates by id.

`event.about.<type>` describes an event type in one sentence. The English side is the summary of the payload
model's docstring in ledger/events/ (its first paragraph) and must stay equal to it: tests/test_catalog_chinese.py
compares them, so a new event type, or a reworded docstring, fails until its Chinese is written here too.
`event.unit.<name>` is a field's unit; the English side is the `unit` the JSON schema carries (scripts read that).
"""

from __future__ import annotations

M: dict[str, tuple[str, str]] = {
    "event.about.site_registered": (
        "站点（产业园、市场、中心或联盟单位）加入账本。",
        "A site (park, market, centre or alliance unit) joins the ledger.",
    ),
    "event.about.contract_signed": (
        "采购方的合同：用哪个考核办法给站点打分、从何时开始、合同金额多少。",
        "The buyer's contract: which scheme scores the site, from when, and for what fee.",
    ),
    "event.about.actor_role_granted": (
        "某人成为本站点的运营方或评估人员。",
        "An actor becomes an operator or an assessor for the envelope's site.",
    ),
    "event.about.assessor_key_registered": (
        "仅限第 1 版账本（先登记先生效的公钥）：升级后的账本中仍可读取，但不再接受新记录。",
        "Schema 1 only (keys registered first come): read in migrated ledgers, no longer accepted (ledger/trust.py).",
    ),
    "event.about.institution_entered": (
        "入驻机构签订协议、入驻园区。",
        "A resident institution (入驻机构) moves into the park, with its agreement.",
    ),
    "event.about.institution_left": ("入驻机构迁出园区。", "A resident institution leaves the park."),
    "event.about.revenue_reported": (
        "一家入驻机构一个月的营业收入（元）。",
        "One resident institution's revenue for one month (营业收入, yuan).",
    ),
    "event.about.survey_response": (
        "一位受访者的满意度答卷：0-100 分、是否满意，或两者都有。",
        "One respondent's satisfaction answer: a 0-100 score, a satisfied yes/no, or both.",
    ),
    "event.about.survey_summary": (
        "运营方没有逐份答卷时（如第三方调查报告）的调查汇总：答卷人数、满意人数、平均分。"
        "计分时与逐份答卷同等计入。",
        "A survey's aggregate where the operator has no individual answers (a third party's report): how many "
        "answered, how many were satisfied, the mean score. Counts wherever the answers it summarises would.",
    ),
    "event.about.media_report": (
        "国家级、省级官方报刊或网站的宣传报道。",
        "Publicity in official media (国家级/省级官方报刊、网站).",
    ),
    "event.about.info_published": (
        "在公众号、小程序或园区系统上发布的一条信息。",
        "A post on the official account, mini-program or park system (信息发布).",
    ),
    "event.about.video_published": (
        "一部宣传片或短视频，及其规格。",
        "A promotional film or short video, with its specification.",
    ),
    "event.about.deliverable_submitted": (
        "提交的文件或系统（计划、报告、台账、平台）。",
        "A document or system handed over (plan, report, ledger, platform).",
    ),
    "event.about.activity_held": (
        "一场活动（类型从固定清单中选），及其规模和参加人数。",
        "An activity of a kind from a closed list, with its scale and attendance.",
    ),
    "event.about.job_fair_held": (
        "一场招聘会（招聘会/双选会/对接会），及参会企业、提供岗位和入场求职人数。",
        "A job fair (招聘会/双选会/对接会) with companies, jobs offered and visitors.",
    ),
    "event.about.livestream_run": (
        "一场直播带岗，及观看人数、发布岗位和主播。",
        "A recruiting livestream (直播带岗), with viewers, jobs posted and host.",
    ),
    "event.about.gig_worker_registered": (
        "收集一位零工的个人信息。",
        "A gig worker's personal information collected (个人信息收集).",
    ),
    "event.about.gig_job_posted": (
        "发布一条零工岗位信息；`positions` 为招聘人数。",
        "A gig job posted (岗位信息发布); `positions` counts openings.",
    ),
    "event.about.gig_deal_completed": (
        "完成一笔零工交易（计入交易笔数）。",
        "A gig transaction completed (交易笔数).",
    ),
    "event.about.job_recommended": (
        "为一位求职者推荐岗位。",
        "Jobs recommended to one job seeker (推荐岗位).",
    ),
    "event.about.follow_up_call": (
        "一次应做的回访：`reached` 表示是否已回访。",
        "One follow-up (回访) that was due: `reached` says whether it was done.",
    ),
    "event.about.worker_dispatched": (
        "向用工单位输送一名劳动力（进吴 / 用工速递 / 零工派遣）。",
        "A worker sent to an employer (进吴 / 用工速递 / 零工派遣).",
    ),
    "event.about.intern_placed": (
        "通过政校合作基地安排一名就业见习或岗位实习人员。",
        "A trainee (就业见习) or intern (岗位实习) placed through a government-school base.",
    ),
    "event.about.internship_ended": ("就业见习或岗位实习结束。", "A traineeship or internship ended."),
    "event.about.employee_insured": (
        "一人参保：社会保险或商业意外险。",
        "A person insured (参保): social insurance, or commercial accident insurance.",
    ),
    "event.about.insurance_ended": (
        "断保：此人的连续参保期到此结束。",
        "Insurance stopped (断保): ends the person's continuous insured period.",
    ),
    "event.about.base_agreement_signed": (
        "签订劳务基地或政校合作基地协议。",
        "A labour base (劳务基地) or government-school base (政校合作基地) agreement.",
    ),
    "event.about.trip_evaluation": (
        "一家企业对赴外招聘的评价（赴外招聘企业评价表）。",
        "A company's evaluation of an outbound trip (赴外招聘企业评价表).",
    ),
    "event.about.service_ticket": (
        "一张服务工单（咨询帮办/专人盯办/全程代办）。",
        "A service ticket (咨询帮办/专人盯办/全程代办工单).",
    ),
    "event.about.talent_engaged": (
        "引进、储备、培养或对接的人才或团队，按类型记录。",
        "A talent or team recruited, reserved, trained or engaged, by kind.",
    ),
    "event.about.organization_engaged": (
        "引进、储备、设立或落地的机构，按类型记录。",
        "An organisation introduced, reserved, founded or landed, by kind.",
    ),
    "event.about.tech_service_delivered": (
        "一项技术服务及其带来的交易额。",
        "A technology service (技术服务) and the turnover it brought (交易额).",
    ),
    "event.about.innovation_recorded": (
        "与项目相关的专利、学术交流或技术成果。",
        "A patent, academic exchange or technical result related to the project.",
    ),
    "event.about.award_received": (
        "获得政府部门的奖励荣誉或表彰。",
        "An award or commendation from a government department (奖励荣誉/表彰).",
    ),
    "event.about.staff_joined": (
        "一名工作人员到岗（专职人员 / 直播团队）。",
        "A staff member starts (专职人员 / 直播团队).",
    ),
    "event.about.staff_left": ("一名工作人员离岗。", "A staff member leaves."),
    "event.about.metric_recorded": (
        "记录在别处的计数的一次读数（平台访问量、粉丝数等）。",
        "A reading of a counter kept elsewhere (platform visits, followers...).",
    ),
    "event.about.complaint_filed": (
        "一起投诉；`valid` 为采购方认定的是否有效投诉，待认定时为空。",
        "A complaint (投诉); `valid` is the buyer's finding (有效投诉), None while pending.",
    ),
    "event.about.complaint_closed": (
        "投诉已处理并办结；`case` 为对应 complaint_filed 的编号。",
        "A complaint is dealt with and closed (办结); `case` is the number its complaint_filed carries.",
    ),
    "event.about.dispute_filed": (
        "一起劳动或服务纠纷（纠纷/劳动争议）立案。",
        "A labour or service dispute (纠纷/劳动争议) is opened.",
    ),
    "event.about.dispute_resolved": (
        "纠纷结案：胜诉、败诉、调解或撤回。",
        "A dispute ends: won, lost (败诉), mediated or withdrawn.",
    ),
    "event.about.site_incident": (
        "发生在运营方或由运营方造成的事故/事件（事故、斗殴、违规收费、执照被吊销等）。",
        "An incident at or caused by the operator (accident, fight, illegal fee, licence revoked...).",
    ),
    "event.about.credit_rated": (
        "运营方在考核期内获得的信用等级评价。",
        "A credit rating given to the operator in the period (信用等级评价).",
    ),
    "event.about.assessor_judgement": (
        "评估人员对考核办法中定性项目的判定：是否达标，以及有几项服务未达标。",
        "An assessor's judgement on a qualitative scheme item: met or not, and how many services fell short.",
    ),
    "event.about.assessor_rating": (
        "评估人员按考核办法的分制（如 1-5 分）为某项目的各方面打分，由考核办法加权计算。",
        "An assessor rates a scheme item's named aspects on the scheme's scale (e.g. 1-5); the scheme weights them.",
    ),
    "event.about.inspection_finding": (
        "评估人员检查中发现的问题（每发现一次……扣分）。",
        "Something an assessor found on inspection (每发现一次...扣分).",
    ),
    "event.about.period_closed": (
        "评估人员关闭某站点的一个考核期：此后记入该期的事件标为迟报。",
        "An assessor closes a (site, period): later events inside it are flagged late.",
    ),
    "event.about.late_event_accepted": (
        "评估人员接受一条在考核期关闭后才记录的事件。",
        "An assessor accepts an event recorded after its period closed.",
    ),
    "event.about.score_signed_off": (
        "评估人员对分数的签名确认：篡改可被发现，且无法伪造。",
        "An assessor's signed statement of a score: tamper-evident and unforgeable.",
    ),
    "event.about.evidence_attached": (
        "事后为之前的事件补充佐证材料。",
        "Evidence (佐证材料) attached to an earlier event after the fact.",
    ),
    "event.about.correction": (
        "更正之前某事件的部分字段；原记录仍保留在日志中。",
        "Supersedes fields of an earlier event's payload; the original stays in the log.",
    ),
    "event.about.retraction": (
        "撤销之前的某个事件；原记录仍保留在日志中。",
        "Voids an earlier event; the original stays in the log.",
    ),
    "event.about.ledger_migrated": (
        "站点的账本链已升级到新版账本格式：此前的事件按旧规则记录。",
        "A site's chain was moved to a new ledger schema: the events before it were recorded under the old rules.",
    ),
    # units: the English side is the schema's `unit` as scripts read it (ledger/events/)
    "event.unit.yuan": ("元", "yuan (元)"),
    "event.unit.people": ("人/人次", "people (人/人次)"),
    "event.unit.persons": ("人", "people (人)"),
    "event.unit.companies": ("家", "companies (家)"),
    "event.unit.count": ("个/次/条", "count (个/次/条)"),
}
