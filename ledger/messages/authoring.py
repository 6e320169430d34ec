"""Scheme authoring's messages: what `opsledger scheme check` and `scheme test` say about a buyer's scheme file
and its cases, the errors its pieces, bands, periods and holiday tables raise while it is loaded, in (中文, English)
templates by id (see ledger/messages/__init__.py).

The readers write TOML: identifiers, keys and field ids stay verbatim (in backticks on the Chinese side, where
they sit inside a Chinese sentence).
"""

from __future__ import annotations

M: dict[str, tuple[str, str]] = {
    # -- a problem's line (schemes/filelines.py) --------------------------------------------------------------
    "sf.problem": ("{place}: {kind}{where}{message}", "{place}: {kind}{where}{message}"),
    "sf.problem.warning": ("警告：", "warning: "),
    "sf.problem.where": ("{where}：", "{where}: "),
    "sf.placed": ("{where}：{error}", "{where}: {error}"),
    "sf.then": ("{a}；{b}", "{a}; {b}"),
    "sf.none": ("无", "none"),
    # -- where in the file ------------------------------------------------------------------------------------
    "sf.at.item": ("考核项 {item}", "item {item}"),
    "sf.at.item_field": ("考核项 {item} 的字段 `{field}`", "item {item}, field {field}"),
    "sf.at.indicator": ("指标 {indicator}", "indicator {indicator}"),
    "sf.at.indicator_field": ("指标 {indicator} 的字段 `{field}`", "indicator {indicator}, field {field}"),
    "sf.at.piece": ("付款第 {n} 项（{kind}）", "payout piece {n} ({kind})"),
    "sf.at.piece_field": (
        "付款第 {n} 项（{kind}）的字段 `{field}`",
        "payout piece {n} ({kind}), field {field}",
    ),
    "sf.at.field": ("字段 `{field}`", "field {field}"),
    "sf.at.key": ("`{key}`", "{key}"),
    "sf.at.grades": ("等次表 `grades`", "grades"),
    "sf.at.grade": ("等次 {grade}", "grade {grade}"),
    "sf.at.veto": ("否决项 {veto}", "veto {veto}"),
    "sf.at.void": ("作废规则 `voids`", "void"),
    "sf.at.block": ("板块 {block}", "block {block}"),
    "sf.at.cohort_condition": ("评级条件 {id}", "cohort condition {id}"),
    "sf.at.top": ("文件顶层", "top level"),
    # -- reading the file -------------------------------------------------------------------------------------
    "sf.not_toml": ("不是有效的 TOML：{error}", "not valid TOML: {error}"),
    "sf.first_problem": ("{problem}{more}", "{problem}{more}"),
    "sf.more": (
        "（另有 {n} 个问题：请运行 `opsledger scheme check {path}` 查看）",
        " (and {n} more: run `opsledger scheme check {path}`)",
    ),
    # -- pydantic's words, as a scheme author needs them (schemes/model.py message) ---------------------------
    "sf.unknown_key": ("未知的键 {key}", "unknown key {key}"),
    "sf.needs": ("缺少 `{key}`", "needs {key}"),
    "sf.unknown_kind": (
        "无法识别的 kind {tag}：请用以下之一：{expected}",
        "kind {tag} is not known: use one of {expected}",
    ),
    # -- the event catalog (schemes/filecheck.py) -------------------------------------------------------------
    "sf.role": ("（{role}）", " ({role})"),
    "sf.no_type": (
        "事件类型 {type}{role} 不在事件目录中{hint}",
        "event type {type}{role} is not in the catalog{hint}",
    ),
    "sf.no_field": ("{type} 没有字段 {field}{role}{hint}", "{type} has no field {field}{role}{hint}"),
    "sf.never": ("{field} 不会取值 {value}{hint}", "{field} is never {value}{hint}"),
    "sf.not_item": ("本方案没有考核项 {item}{hint}", "item {item} is not an item of this scheme{hint}"),
    "sf.not_item_part": (
        "本方案没有考核项（或考核项/部分）{item}{hint}",
        "item {item} is not an item (or item/part) of this scheme{hint}",
    ),
    "sf.no_survey": ("事件目录中没有问卷 {survey}{hint}", "survey {survey} is not in the catalog{hint}"),
    "sf.undeclared_ref": ("引用了未声明的指标 {ref}", "refers to undeclared indicator {ref}"),
    "sf.no_detail": (
        "指标 {indicator} 没有明细 {key}（它有：{known}）{hint}",
        "detail {key} of indicator {indicator} does not exist (it has: {known}){hint}",
    ),
    "sf.judgement_input": (
        "`judgement` 规则读取的 {input} 是 {kind} 指标，不是 judgement 指标",
        "a judgement rule reads {input}, a {kind} indicator",
    ),
    "sf.judged_check": (
        "检查项 {check} 标为评估判定（`judged`），但它不是 judgement 指标",
        "check {check} is judged but is not a judgement indicator",
    ),
    # -- band tables (schemes/bands.py, the tiers of an item) ---------------------------------------------------
    "sf.band.overlap": ("档 {a} 与 {b} 重叠（{where}）", "bands {a} and {b} overlap ({where})"),
    "sf.band.hole": ("没有任何一档覆盖 {where}", "no band covers {where}"),
    "sf.tiers": ("`tiers`（{input}）：{hole}", "tiers on {input}: {hole}"),
    "sf.tiers_outer": (
        "`tiers`（{input}）：{hole}；请补上一档，或写 `otherwise`（这部分的得分）",
        "tiers on {input}: {hole}; add a band, or write `otherwise` (the points there)",
    ),
    # -- grades, blocks, money stated twice ---------------------------------------------------------------------
    "sf.grades_same": ("有两个等次的起始分相同", "two grades start at the same score"),
    "sf.grades_gap": (
        "总分从 {floor} 到 {min} 以下没有等次：最低等次须从 {floor} 或更低开始",
        "totals from {floor} to below {min} get no grade: the lowest grade must start at {floor} or less",
    ),
    "sf.grade_above": (
        "起始分 {min} 高于总分可能的最高值（{top}）",
        "starts at {min}, above the most a total can be ({top})",
    ),
    "sf.pay_pct": ("`pay_pct` 须在 0..100 之间", "pay_pct must be 0..100"),
    "sf.no_grade": ("没有等次 {grade}{hint}", "grade {grade} is not a grade{hint}"),
    "sf.block_sum": (
        "其考核项的 `max_points` 合计 {total}{when}，但板块上限 `cap` 为 {cap}",
        "its items' max_points add up to {total}{when}, but its cap is {cap}",
    ),
    "sf.block_when": ("（第 {q} 期）", " in period {q}"),
    "sf.cap_bites": (
        "基础板块最多可得 {base} 分，高于 `max_total` {max}：总分会被封顶",
        "the base blocks give up to {base}, above max_total {max}: the cap bites",
    ),
    "sf.deduct_differs": (
        "这里写低于 {below} 扣 {pct}%，但 [payout] 的 deduction 条款写的不同",
        "below {below} deducts {pct}% here but the [payout] deduction piece says otherwise",
    ),
    "sf.deduct_unpaid": (
        "这里写低于 {below} 扣 {pct}%，但 [payout] 中没有 deduction 条款执行它",
        "below {below} says {pct}% is deducted, but no [payout] deduction piece takes it",
    ),
    "sf.summary.bad": (
        "{name}：{errors} 个错误，{warnings} 个警告",
        "{name}: {errors} error(s), {warnings} warning(s)",
    ),
    "sf.summary.ok": (
        "{name}：通过（{items} 个考核项，{indicators} 个指标{warned}）",
        "{name}: ok ({items} items, {indicators} indicators{warned})",
    ),
    "sf.summary.warned": ("，{n} 个警告", ", {n} warning(s)"),
    "sf.unused": (
        "没有任何考核项、否决项、作废规则或其他指标读取它",
        "nothing reads it (no item, veto, void or other indicator)",
    ),
    # -- checks across the file (schemes/model.py Scheme) -------------------------------------------------------
    "sf.dup_item": ("考核项 id 重复", "duplicate id"),
    "sf.no_block": ("板块 {block} 没有在 [[blocks]] 中声明", "block {block} is not declared in [[blocks]]"),
    "sf.rule_reads": ("规则读取的指标 {name} 没有声明", "rule reads indicator {name}, which is not declared"),
    "sf.refers_undeclared": (
        "{kind} 引用了未声明的指标 {ref}",
        "{kind} refers to undeclared indicator {ref}",
    ),
    "sf.cycle": ("指标 {names} 相互引用，形成循环", "indicators {names} refer to each other in a cycle"),
    "sf.indicator_undeclared": ("指标 {name} 没有声明", "indicator {name} is not declared"),
    "sf.void_findings": (
        "指标 {name} 必须是 findings 指标（由其中的问题指明哪些考核项作废）",
        "indicator {name} must be a findings indicator (its findings name the items)",
    ),
    "sf.one_test": (
        "条件 {id}：`input` 和 `total_below` 须给出其中一个，且只能给一个",
        "condition {id}: give exactly one of `input` or `total_below`",
    ),
    "sf.share_block": (
        '有一份额按板块 {block} 计分，但 [[blocks]] 中没有它（请用 "total" 或以下之一：{blocks}）',
        'a share is scored by block {block}, which is not in [[blocks]] (use "total" or one of {blocks})',
    ),
    "sf.grade_share": ("按等次支付的份额需要 [[grades]]", "a share paid by grade needs [[grades]]"),
    "sf.grade_share_pct": (
        "按等次支付的份额要求每个等次都有 `pay_pct`（{missing} 没有）",
        "a share paid by grade needs pay_pct on every grade ({missing} has none)",
    ),
    "sf.settlement_yearly": (
        "结算按全年得分付款，但本方案每{every}考核一次：只有每年考核一次的方案才能按年度考核结果付款",
        "the settlement reads the year's score, but the scheme is assessed every {every}: pay by the year's "
        "assessment only in a scheme assessed every year",
    ),
    "sf.every.month": ("月", "month"),
    "sf.every.quarter": ("季度", "quarter"),
    "sf.every.half": ("半年", "half"),
    "sf.every.year": ("年", "year"),
    # -- [payout] pieces (schemes/money/pieces.py) --------------------------------------------------------------
    "pay.band_one_way": (
        "每一档要么给 `pay_pct`，要么写 `proportional = true`，二者只能取其一",
        "a band pays either `pay_pct` or `proportional = true`, exactly one of them",
    ),
    "pay.share_pct": (
        "份额 `pct` 为 {pct}：须大于 0 且不超过 100",
        "share pct {pct}: use more than 0 and at most 100",
    ),
    "pay.bands_scale": (
        '`bands` 与 scale = "bands" 须同时出现',
        '`bands` go with scale = "bands", and a bands scale needs them',
    ),
    "pay.points": ("`points` 须大于 0", "points must be above 0"),
    "pay.band_over": (
        "档 {band} 支付 {pay}%，超过该份额的 {pct}%",
        "band {band} pays {pay}%, more than the share's {pct}%",
    ),
    "pay.top_band": (
        "最高档支付 {top}%，而份额为 {pct}%：任何得分都拿不到整份",
        "the top band pays {top}%, but the share is {pct}%: no score earns the whole share",
    ),
    "pay.score_bands": ("得分档：{holes}", "score bands: {holes}"),
    "pay.undefined": (
        "写了 `undefined` 得分区间，就要用 `gap_reading` 说明如何理解",
        "`undefined` score ranges need a `gap_reading` saying how they are read",
    ),
    "pay.installment_pct": (
        "分期 `pct` 为 {pct}：须大于 0 且不超过 100",
        "installment pct {pct}: use more than 0 and at most 100",
    ),
    "pay.schedule_empty": ("`schedule`：请至少给出一期", "schedule: give at least one step"),
    "pay.schedule_order": (
        "`schedule`：各期须按顺序排列，每个 `at` 只出现一次",
        "schedule: steps must be in order, each `at` once",
    ),
    "pay.schedule_quarters": (
        "`schedule`：季度为合同年度的 1..4",
        "schedule: quarters are 1..4 of the contract year",
    ),
    "pay.schedule_months": (
        "`schedule`：月份为合同年度的 0..12",
        "schedule: months are 0..12 of the contract year",
    ),
    "pay.schedule_over": (
        "`schedule`：各期合计超过服务费的 100%",
        "schedule: the installments add up to more than 100% of the fee",
    ),
    "pay.shares_empty": ("`shares`：请至少给出一份", "shares: give at least one"),
    "pay.shares_sum": (
        "各份额合计 {total}%，不是计分金额的 100%",
        "shares add up to {total}%, not 100% of the graded amount",
    ),
    "pay.one_piece": ("{kind} 条款最多只能有一个", "at most one {kind} piece"),
    "pay.settlement_and_budget": (
        "settlement 与 budget_share 不能同时决定当年的金额",
        "a settlement and a budget_share cannot both decide the year's money",
    ),
    "pay.interim_needs": (
        "interim 条款按 settlement 的份额付款：请加上 settlement 条款",
        "an interim piece pays by the settlement's shares: add a settlement piece",
    ),
    "pay.due_after": (
        "settlement 的 `due_after_months`（{due}）须晚于最后一期分期付款（第 {month} 个月）",
        "the settlement's due_after_months ({due}) must come after the last installment (month {month})",
    ),
    "pay.prepaid": (
        "分期付款合计为服务费的 {pct}%，超过 100%",
        "installments add up to {pct}% of the fee, more than 100%",
    ),
    # -- the year's money (schemes/money/math.py, year.py) ------------------------------------------------------
    "pay.no_block": (
        "{scheme}：评分表中没有 [payout] 所指的板块 {block}",
        "{scheme}: the scorecard has no block {block} named in [payout]",
    ),
    "pay.no_band": ("没有哪一档包含得分 {score}", "no score band holds {score}"),
    "pay.grade_no_pct": ("{scheme}：等次 {grade} 没有 `pay_pct`", "{scheme}: grade {grade} has no pay_pct"),
    "pay.bad_year": (
        "年份 {text} 无效：请写公历年份（如 2026：在该年开始的合同年度）或合同年度（如 Y1）",
        "bad year {text}: use a calendar year (2026: the contract year that begins in it) or a contract year (Y1)",
    ),
    "pay.no_contract": (
        "站点 {site} 没有合同：请运行 `opsledger contract add {name} --scheme ID --start DATE --fee YUAN`",
        "site {site} has no contract: run `opsledger contract add {name} --scheme ID --start DATE --fee YUAN`",
    ),
    "pay.no_year": (
        "站点 {site} 没有在 {n} 年开始的合同年度（合同开始于 {starts}）",
        "site {site} has no contract year beginning in {n} (contracts start {starts})",
    ),
    "pay.relative_quarters": (
        "合同季度从最新的合同起算；{site} 于 {start} 开始的合同不是最新的合同",
        "contract-relative quarters count from the latest contract; {site}'s contract of {start} is not it",
    ),
    "pay.relative_year": (
        "{start} 开始的合同的第 {year} 年：合同不从 1 月 1 日开始时，其月、半年和年只在最新合同的第 1 年有考核期写法"
        "（C+6m、C+12m）",
        "contract year {year} of the contract starting {start}: months, half-years and years of a contract that "
        "does not start on 1 January have a period form only in the latest contract's year 1 (C+6m, C+12m)",
    ),
    "pay.monthly_jan": (
        "按月考核需要合同从 1 月 1 日开始（本合同开始于 {start}）",
        "monthly assessments need a contract that starts on 1 January (this one starts {start})",
    ),
    # -- cases (schemes/cases.py, `opsledger scheme test`) ------------------------------------------------------
    "case.unknown_keys": ("用例数值中有未知的键：{keys}", "unknown keys in a case value: {keys}"),
    "case.event_needs": (
        "第 {n} 条事件：请给出 type 和 on（日期）",
        "event {n}: give type and on (the date)",
    ),
    "case.event_bad": ("第 {n} 条事件：{error}", "event {n}: {error}"),
    "case.no_indicator": ("{scheme} 中没有指标 {name}", "no indicator {name} in {scheme}"),
    "case.not_scored": (
        "考核项 {item}：{period} 没有评分（没有这个考核项，或它不在该考核期）",
        "item {item}: not scored in {period} (no such item, or not in this period)",
    ),
    "case.item": (
        "考核项 {item}：应为 {want}，实为 {got}（{why}）",
        "item {item}: expected {want}, got {got} ({why})",
    ),
    "case.total": ("总分：应为 {want}，实为 {got}", "total: expected {want}, got {got}"),
    "case.grade": ("等次：应为 {want}，实为 {got}", "grade: expected {want}, got {got}"),
    "case.indicator": (
        "指标 {name}：应为 {want}，实为 {got}",
        "indicator {name}: expected {want}, got {got}",
    ),
    "case.cannot_read": ("无法读取用例文件 {path}：{reason}", "cannot read cases file {path}: {reason}"),
    "case.invalid": ("{name}：{where}：{error}", "{name}: {where}: {error}"),
    "case.ids_unique": ("{name}：用例 id 不能重复", "{name}: case ids must be unique"),
    "case.report.head": ("{scheme}：{n} 个用例", "{scheme}: {n} cases"),
    "case.report.ok": ("  通过  {id}", "  ok    {id}"),
    "case.report.fail": ("  失败  {id}", "  FAIL  {id}"),
    "case.report.tail": ("通过 {passed} 个，失败 {failed} 个", "{passed} passed, {failed} failed"),
    # -- numbers, periods, working days, indicators, rules (projections/, schemes/rules/) -----------------------
    "num.type": (
        "应为写成字符串或整数的数字，{value} 不是",
        "expected a number written as a string or integer, got {value}",
    ),
    "num.float": (
        '小数请写成字符串（"{value}"），不要写成浮点数',
        'write fractional numbers as strings ("{value}"), not floats',
    ),
    "num.bad": ("不是数字：{value}", "not a number: {value}"),
    "period.bad_kind": (
        "考核期类型 {kind} 无效：请用 month、quarter、half 或 year",
        "bad period kind {kind}: use month, quarter, half or year",
    ),
    "period.no_step": (
        "考核期 {label} 是{kind}：上一期/下一期只适用于月、季度、半年和年",
        "period {label} is a {kind}: previous/next work only for months, quarters, half-years and years",
    ),
    "period.bad_contract_quarter": (
        "合同季度 Y{year}-Q{quarter} 无效：请用合同第 1 年或以后各年的第 1..4 季度",
        "bad contract quarter Y{year}-Q{quarter}: use quarter 1..4 of contract year 1 or later",
    ),
    "cal.unknown_year": (
        "{year} 年的工作日未知：chinese_calendar 包只覆盖 {first}-{last} 年；"
        "请在考核方案文件旁加上 holidays-{year}.toml（holidays = [...], workdays = [...]）",
        "working days in {year} are not known: the chinese_calendar package covers {first}-{last}; "
        "add holidays-{year}.toml (holidays = [...], workdays = [...]) beside the scheme files",
    ),
    "cal.bad_date": (
        "holidays-{year}：日期无效（{error}）：请写成 YYYY-MM-DD",
        "holidays-{year}: bad date ({error}): use YYYY-MM-DD",
    ),
    "cal.stray": ("holidays-{year}：{day} 不在 {year} 年内", "holidays-{year}: {day} is not in {year}"),
    "cal.both": (
        "holidays-{year}：{day} 同时列为节假日和工作日",
        "holidays-{year}: {day} is listed as both a holiday and a workday",
    ),
    "ind.aspects_empty": (
        "`aspects`：请至少给出一个评价方面及其权重",
        "aspects: name at least one aspect with its weight",
    ),
    "ind.aspects_weight": ("`aspects`：权重须大于 0", "aspects: weights must be above 0"),
    "ind.scale": ("`scale_max` 须大于 `scale_min`", "scale_max must be above scale_min"),
    "rule.of": ("`of` 须大于 0", "of must be above 0"),
    "rule.no_band": ("不在任何一档", "no band"),
    # -- scorecard files (schemes/reports/files.py, pdf.py) -----------------------------------------------------
    "report.format": ("未知的文件格式 {fmt}：请用 {formats}", "unknown file format {fmt}: use {formats}"),
    "report.no_pdf": (
        "输出 PDF 需要 WeasyPrint 及其 Pango 库（{error}）",
        "PDF output needs WeasyPrint and its Pango library ({error})",
    ),
}
