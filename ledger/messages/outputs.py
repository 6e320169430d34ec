"""What `opsledger demo` prints, and the words the scorecard files add: (中文, English) templates by id.

Kept apart from the command line's own messages (faces.py) because the demo's summary and the reports are
written by the scheme layer (schemes/demo, schemes/reports), not by cli.py.
"""

from __future__ import annotations

M: dict[str, tuple[str, str]] = {
    # -- `opsledger demo`: refusals (schemes/demo/build.py) ----------------------------------------------------
    "demo.bad_year": (
        "--year {year}：请用 2000 到 2100 之间的年份",
        "--year {year}: use a year between 2000 and 2100",
    ),
    "demo.not_a_file": (
        "{path} 不是文件：请用 --db 给出演示账本的文件路径",
        "{path} is not a file: pass --db with a path for the demo ledger",
    ),
    "demo.not_a_ledger": (
        "{path} 已存在，但不是 opsledger 账本：不会改动它；请用 --db NEW.db 另选文件",
        "{path} exists and is not an opsledger ledger: refusing to touch it; pass --db NEW.db",
    ),
    "demo.has_events": (
        "{path} 已是一个有 {events} 条事件的账本：加 --force 删除它并在此生成演示账本，或用 --db NEW.db 另选文件",
        "{path} already holds a ledger with {events} events: pass --force to delete it and build the demo there, "
        "or --db NEW.db",
    ),
    "demo.not_empty": (
        "{where} 已有事件：演示账本需要一个空账本",
        "{where} already holds events: the demo needs an empty ledger",
    ),
    # -- `opsledger demo`: what it prints (schemes/demo/summary.py) ---------------------------------------------
    "demo.building": ("正在生成演示账本", "building the demo"),
    "demo.head": (
        "演示账本 {path}：{events} 条事件，随机种子 {seed}，{year} 年",
        "demo ledger {path}: {events} events, seed {seed}, year {year}",
    ),
    "demo.recorded": (
        "  逐日记录，从 {first} 到 {last}：每天的事件在下一个工作日上午记录（迟报的更晚）；\n"
        "  同一种子生成同一账本，哈希值也相同",
        "  recorded day by day from {first} to {last}, each day's events the next working morning (late ones\n"
        "  later); the same seed gives the same ledger, hashes included",
    ),
    "demo.unfinished": (
        "注意：{year} 年尚未过完，今天（{today}）之后的事件和记录是虚构的；要一个已经过去的年份，用 --year {past}",
        "note: {year} is not over: its events and records after today ({today}) are made up; for a year that is "
        "past, use --year {past}",
    ),
    "demo.col.site": ("站点", "site"),
    "demo.col.scheme": ("方案", "scheme"),
    "demo.col.period": ("考核期", "period"),
    "demo.col.total": ("总分", "total"),
    "demo.col.grade": ("等次", "grade"),
    "demo.col.money": ("金额", "money"),
    "demo.col.rank": ("排名", "rank"),
    "demo.col.unit": ("单位", "unit"),
    "demo.col.conditions": ("触发条件", "conditions"),
    "demo.late": (
        "迟报：序号 {seq} {type}，发生于 {on}：{status}",
        "late: seq {seq} {type} occurred {on}: {status}",
    ),
    "demo.cohort": (
        "乐业吴江联盟（wujiang-alliance {year}）{n} 家单位，按排名：",
        "乐业吴江 cohort (wujiang-alliance {year}), {n} units in rank order:",
    ),
    "demo.next": ("接下来可以查看：", "next:"),
    "demo.checkpoints": (
        "采购方签名的各站点检查点：{where}（`opsledger verify --against {where}`）",
        "the buyer's signed checkpoints of every site: {where} (`opsledger verify --against {where}`)",
    ),
    "demo.money.deducted": (
        "低于门槛：扣减全年服务费的 {pct}% = {yuan}",
        "below the threshold: {pct}% of the year's fee deducted = {yuan}",
    ),
    "demo.money.no_deduction": ("不扣减（全年服务费 {fee}）", "no deduction (year's fee {fee})"),
    "demo.money.worth": ("应得 {yuan}（全年服务费 {fee}）", "worth {yuan} of {fee}"),
    "demo.money.pays": ("{worth}；本次支付 {yuan}{due}", "{worth}; pays {yuan} now{due}"),
    "demo.money.due": ("（{due} 起）", " from {due}"),
    # -- the scheme's interpretations on the scorecard files (schemes/reports) ----------------------------------
    "report.interpretation": ("解读", "interpretation"),
    "report.interpretations": (
        "附注　解读：考核方案对文件条款的理解（评分依此进行）",
        "Notes: interpretations, how the scheme reads the document's clauses (the scores follow them)",
    ),
    "report.interpretation_ref": ("解读见附注 {n}", "interpretation: note {n}"),
    # -- `opsledger score` as text (schemes/reports/text.py) ----------------------------------------------------
    "text.card_head": (
        "考核办法 {scheme} · 站点 {site} · 考核期 {period}",
        "scheme {scheme} · site {site} · period {period}",
    ),
    "text.card_rank": (" · 第 {rank} 名（共 {size} 家）", " · rank {rank} of {size}"),
    "text.col.item": ("考核项", "item"),
    "text.col.points": ("得分", "points"),
    "text.col.explanation": ("说明", "explanation"),
    "text.short": ("未达标：{shown}", "short: {shown}"),
    "text.events": ("依据事件：{shown}（{n} 条）", "events: {shown} ({n})"),
    "text.capped": ("（原始 {raw}，上限 {cap}）", " (raw {raw}, cap {cap})"),
    "text.total": ("总分", "total"),
    "text.grade": ("等次", "grade"),
    "text.consequence": ("后果", "consequence"),
    "text.money": ("金额", "money"),
    "text.late": ("迟报事件（考核期关账后记录）", "late events (recorded after the period was closed)"),
    "text.cohort_head": (
        "考核办法 {scheme} · 考核期 {period} · 共 {n} 家单位",
        "scheme {scheme} · period {period} · {n} units",
    ),
    "text.col.rank": ("名次", "rank"),
    "text.col.unit": ("单位", "unit"),
    "text.col.grade": ("等次", "grade"),
    "text.col.conditions": ("触发条件", "conditions"),
    "text.disqualified": ("（取消资格）", " (disqualified)"),
    "text.items_per_unit": ("各单位得分明细（按名次）", "items per unit (rank order)"),
    "text.unit_line": (
        "第 {rank} 名 {site} · 总分 {total} · 等次 {grade}",
        "#{rank} {site} · total {total} · grade {grade}",
    ),
    # -- `opsledger gaps` (schemes/gaps.py) ---------------------------------------------------------------------
    "gaps.head": (
        "差距 · 站点 {site} · 考核办法 {scheme} · 考核期 {period}（{start} 至 {end}）· 截止 {end}",
        "gaps · site {site} · scheme {scheme} · period {period} ({start}..{end}) · deadline {end}",
    ),
    "gaps.total": (
        "总分 {total} / {max}{grade} · 今天 {today}",
        "total {total} / {max}{grade} · today {today}",
    ),
    "gaps.grade": (" · 等次 {grade}", " · grade {grade}"),
    "gaps.projected_grade": ("，等次 {grade}", ", grade {grade}"),
    "gaps.note": ("说明：{note}", "note: {note}"),
    "gaps.not_started": (
        "考核期 {start} 开始：尚无可预测的内容",
        "the period starts {start}: nothing to project yet",
    ),
    "gaps.ended": (
        "考核期已于 {end} 结束：各项截止日期已过",
        "the period ended {end}: deadlines have passed",
    ),
    "gaps.late_pending": (
        "迟报事件须经评估人员接受（`opsledger accept SEQ`）后才计入：序号 {seqs}",
        "late events not counted until an assessor accepts them (`opsledger accept SEQ`): seq {seqs}",
    ),
    "gaps.projection": (
        "按当前进度预测：第 {day} 天（共 {days} 天），预计总分 {total}{grade}（目前 {now}）",
        "PROJECTION at current pace: day {day} of {days}, projected total {total}{grade} (now {now})",
    ),
    "gaps.projected_item": ("考核项 {item}：{now} -> {then}", "item {item}: {now} -> {then}"),
    "gaps.items": ("未得满分的项目（按可得分从多到少）", "items not at full marks, most points first"),
    "gaps.bonus": ("尚可得分的加分项", "bonus still open"),
    "gaps.deductions": ("已扣分", "deductions taken"),
    "gaps.together": (
        "以下各项须全部完成，才能得到这 {points} 分：",
        "all of these are needed for the {points}:",
    ),
    "gaps.alternatives": ("以下任一途径即可（不累加）：", "any of these (they overlap, not added up):"),
    "gaps.evidence_missing": ("缺佐证材料：{files}", "evidence not attached: {files}"),
    "gaps.evidence_only": (
        "满分但缺佐证材料（分数有风险）",
        "full marks, but evidence not attached (points at stake)",
    ),
    "gaps.all_full": ("各项均已得满分", "every item is at full marks"),
    # -- `opsledger scheme show` (schemes/reports/text.py, schemes/explain.py); TOML keys stay verbatim -----------
    "show.head": (
        "依据文件 {seed} · 考核周期 {every} · 方案文件 {path}",
        "seed {seed} · assessed every {every} · file {path}",
    ),
    "show.note": ("注：{note}", "note: {note}"),
    "show.cap": ("（上限 {cap}）", " (cap {cap})"),
    "show.quarters": ("（适用季度 {quarters}）", " quarters {quarters}"),
    "show.points": ("{points} 分", "{points} 分"),
    "show.criterion": ("评分标准：{text}", "评分标准: {text}"),
    "show.source": ("条款出处：{source}", "source: {source}"),
    "show.rule": ("规则：{kind}：{params}", "rule: {kind}: {params}"),
    "show.evidence": ("佐证材料：{files}", "佐证材料: {files}"),
    "show.grades": ("等次：{grades}", "grades: {grades}"),
    "show.below": ("低于 {below}：{text}", "below {below}: {text}"),
    "show.quotas": (
        "按名次和名额定等次：{quotas}；其余 {rest}；不合格 {unqualified}（名额边界并列时：{ties}）",
        "grades by quota in rank order: {quotas}; the rest {rest}; unqualified {unqualified} (ties at a quota edge: {ties})",
    ),
    "show.total_below": ("总分 < {below}", "total < {below}"),
    "show.unqualified": ("不合格", "unqualified"),
    "show.disqualified": ("取消资格", "disqualified"),
    "show.condition": (
        "条件 {id}（{source}）：{when} → {makes}：{text}",
        "condition {id} ({source}): {when} → {makes}: {text}",
    ),
    "show.longer_sum": (
        "长于一个{every}考核期的期间：按其中各{every}考核期之和计，各期各用一张评分表（longer_periods = sum）",
        "a period longer than a {every}: the sum of its {every}s, each on its own table (longer_periods = sum)",
    ),
    "show.veto_grade": ("，等次 {grade}", ", grade {grade}"),
    "show.veto_lowest": ("，最低等次", ", the lowest grade"),
    "show.veto": (
        "一票否决 {id}（{source}）：{input} ≥ {at_least} → 总分 0{grade}：{text}",
        "veto {id} ({source}): {input} ≥ {at_least} → total 0{grade}: {text}",
    ),
    "show.void": (
        "作废（{source}）：{input} 所列考核项计 0 分，每项另扣 {penalty} 分：{text}",
        "void ({source}): items named by {input} score 0, -{penalty} each: {text}",
    ),
    "show.payout": ("付款：", "payout:"),
    "show.share": ("份额 {share}：{params}", "share {share}: {params}"),
    "show.other_years": ("其他合同年度：{text}", "other contract years: {text}"),
    "show.holidays": (
        "{year} 年节假日：放假 {off} 天，周末调休上班 {worked} 天",
        "holidays {year}: {off} days off, {worked} weekend days worked",
    ),
}
