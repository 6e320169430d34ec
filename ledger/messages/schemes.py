"""The scheme layer's messages and explanations: (中文, English) templates by id (see ledger/messages/__init__.py)."""

from __future__ import annotations

M: dict[str, tuple[str, str]] = {
    # -- plausibility (schemes/plausibility.py) ---------------------------------------------------------------
    "plaus.src.indicator": ("指标 {ind}", "indicator {ind}"),
    "plaus.src.each": ("指标 {ind}，每条事件", "indicator {ind}, each event"),
    "plaus.src.every": ("指标 {ind}，每{every}", "indicator {ind}, every {every}"),
    "plaus.src.item": ("考核项 {item}，指标 {ind}", "item {item}, indicator {ind}"),
    "plaus.future": (
        "发生日期 {on} 在未来（今天是 {today}）：请改正日期；如果日期无误，请加 --allow-future",
        "occurred_at {on} is in the future (today is {today}): fix the date, or pass --allow-future if it is right",
    ),
    "plaus.before_contract": (
        "发生日期 {on} 早于站点 {site} 的第一份合同（自 {first} 起）：任何考核期都不会计入它",
        "occurred_at {on} is before {site}'s first contract (from {first}): no assessment period counts it",
    ),
    "plaus.magnitude": (
        "{field} 为 {value}，超过考核方案 {scheme} 为它设定的最大数值（{target}，{source}）的 {factor} 倍：请改正；"
        "如果数值无误，请加 --confirm",
        "{field}={value} is more than {factor}× the largest figure {scheme} sets for it ({target}, {source}): fix it, "
        "or pass --confirm if it is right",
    ),
    "plaus.more": ("等另外 {n} 行", " and {n} more"),
    "plaus.rows": (
        "{n} 行因数值不合常理被拒绝（{first}{more}）；没有导入任何内容：请改正；如果数值无误，请加 {flags}",
        "{n} row(s) refused as implausible ({first}{more}); nothing was imported: fix them, or pass {flags} if they "
        "are right",
    ),
    # -- periods (projections/periods.py) ---------------------------------------------------------------------
    "period.bad": (
        "考核期 {text} 无效：请写成 2026-03（月）、2026-Q3（季度）、2026-H1（半年）或 2026（年）",
        "bad period {text}: use 2026-03 (month), 2026-Q3 (quarter), 2026-H1 (half-year) or 2026 (year)",
    ),
    "period.bad_relative": (
        "合同期 {text} 无效：请写成 Y1-Q2（合同第1年的第2季度）或 C+6m（服务的前6个月）",
        "bad contract period {text}: use Y1-Q2 (quarter of contract year 1) or C+6m (first 6 months of service)",
    ),
    "period.backwards": (
        "考核期 {label} 无效：结束日 {end} 早于开始日 {start}",
        "bad period {label}: ends {end} before it starts {start}",
    ),
    "period.bad_month": ("月份 {month} 无效：请用 1..12", "bad month {month}: use 1..12"),
    "period.bad_quarter": ("季度 {quarter} 无效：请用 1..4", "bad quarter {quarter}: use 1..4"),
    "period.bad_half": ("半年 {half} 无效：请用 1 或 2", "bad half-year {half}: use 1 or 2"),
    "period.bad_date": ("日期 {day} 无效：请写成 YYYY-MM-DD", "bad date {day}: use YYYY-MM-DD"),
    "period.bad_length": ("合同期长度 {n} 无效：至少 1 个月", "bad contract length {n}: use 1 month or more"),
    "period.bad_year": ("年份 {year} 无效：请用 1..9999", "bad year {year}: use 1..9999"),
    # -- attach --for (schemes/evidence_match.py) ---------------------------------------------------------------
    "for.about": ("事件 #{seq}（{type}，考核方案 {scheme}）", "event #{seq} ({type}, under {scheme})"),
    "for.nothing": (
        "{about}所支撑的考核项都不要求佐证材料，--for 没有可匹配的内容：请去掉 --for 再附加",
        "{about} backs no item that asks for evidence, so --for has nothing to match: attach it without --for",
    ),
    "for.empty": (
        "--for 为空：请给出以下某一项的序号或部分文字：{asks}",
        "--for is empty: give the number or part of the text of one of: {asks}",
    ),
    "for.number": (
        "--for {query}：{about}共有 {n} 项佐证材料可选：{asks}",
        "--for {query}: {about} has {n} 佐证材料 to choose from: {asks}",
    ),
    "for.several": (
        "--for {query} 与{about}所支撑的佐证材料中的 {n} 项都匹配（{choices}）：请给出序号或更多文字",
        "--for {query} matches {n} of the 佐证材料 {about} backs ({choices}): give its number or more of its text",
    ),
    "for.none": (
        "--for {query} 与{about}所支撑的佐证材料都不匹配：{asks}；请给出其中一项的序号或部分文字",
        "--for {query} matches none of the 佐证材料 {about} backs: {asks}; give the number or part of the text of "
        "one of them",
    ),
    "for.no_contract": (
        "--for 指的是站点考核方案中的一项佐证材料，而站点 {site} 没有合同：请先添加合同，或去掉 --for 再附加",
        "--for names one of the 佐证材料 of the site's scheme, and site {site} has no contract: add one, or attach "
        "without --for",
    ),
    # -- write use-cases (schemes/actions.py) -------------------------------------------------------------------
    "grant.needs_key": (
        "授权评估人员须同时委托其公钥：请加 --key {grantee}.pub（由评估人员在自己的电脑上用 "
        "`opsledger keys new --actor {grantee}` 生成）",
        "an assessor's grant delegates their public key: pass --key {grantee}.pub (made by "
        "`opsledger keys new --actor {grantee}` on the assessor's own machine)",
    ),
    "act.no_contract": (
        "{type}：站点 {site} 在 {day} 没有生效的合同：评估人员的操作要按生效合同的考核方案检查",
        "{type}: site {site} has no contract in force on {day}: an assessor's act is checked against the scheme of "
        "the contract in force",
    ),
    # -- scoring a site (schemes/service.py) ------------------------------------------------------------------
    "contract.none": (
        "站点 '{site}' 没有合同：请运行 `opsledger contract add {site} --scheme ID --start DATE --fee YUAN`，或加 --scheme",
        "site '{site}' has no contract: run `opsledger contract add {site} --scheme ID --start DATE --fee YUAN` or "
        "pass --scheme",
    ),
    "contract.later": (
        "截至 {as_of}，站点 {site} 还没有记录合同：其合同（序号 {seq}，{scheme}，自 {start} 起）记录于 {at}；"
        "请选一个更晚的 --as-of",
        "site {site} had no contract recorded at {as_of}: its contract (seq {seq}, {scheme} from {start}) was "
        "recorded {at}; pick a later --as-of",
    ),
    "contract.site_later": (
        "截至 {as_of}，站点 {site} 还没有登记（登记于 {at}）：请选一个更晚的 --as-of",
        "site {site} was not registered yet at {as_of} (registered {at}): pick a later --as-of",
    ),
    "contract.relative": ("{period} 从合同开始日起算：{why}", "{period} counts from a contract start: {why}"),
    "cohort.not_in": (
        "站点 {site} 不在 {scheme} 在 {period} 的参评单位中",
        "site {site} is not in the {scheme} cohort for {period}",
    ),
    "cohort.empty": (
        "没有站点有覆盖 {period} 的 {scheme} 合同",
        "no site has a {scheme} contract covering {period}",
    ),
    "period.longer": (
        "{scheme} 按{every}考核，不按{kind}：请分别计分 {named}（考核方案文件没有说明如何相加；设 "
        'longer_periods = "sum" 则相加）',
        "{scheme} assesses each {every}, not a {kind}: score {named} (the scheme file does not say how they add up; "
        'longer_periods = "sum" would add them)',
    ),
    # -- scheme files (schemes/model.py) ------------------------------------------------------------------------
    "scheme.unknown": (
        "未知的考核方案 {scheme}{hint}（已知的考核方案：{known}）",
        "unknown scheme {scheme}{hint} (known schemes are {known})",
    ),
    "scheme.did_you_mean": ("：是否想写 {close}？", ": did you mean {close}?"),
    "scheme.untranslated": (
        '解读须有中文：请加上 interpretation_zh = "..."，用中文说明同样的内容',
        'an interpretation needs its Chinese text: add interpretation_zh = "..." saying the same in Chinese',
    ),
    "scheme.no_item": ("考核方案 {scheme} 没有考核项 {item}", "scheme {scheme} has no item {item}"),
    "scheme.no_dir": (
        "考核方案目录 {path} 不存在（--schemes-dir 或 {env}）",
        "schemes directory {path} does not exist (--schemes-dir or {env})",
    ),
    "scheme.id_name": ("{name}：id {id} 必须与文件名一致", "{name}: id {id} must match the file name"),
    # -- assessors' acts checked against the scheme (schemes/checks.py) ---------------------------------------
    "act.other_scheme": (
        "考核方案 {given} 不是该站点在该日期生效的考核方案（{scheme}）",
        "scheme {given} is not the scheme in force for this site and date ({scheme})",
    ),
    "act.item": ("{scheme} 考核项 {item}：{error}", "{scheme} item {item}: {error}"),
    "act.no_judgement": (
        "{scheme} 不读取考核项 {item} 的判断{hint}",
        "{scheme} reads no judgement on item {item}{hint}",
    ),
    "act.no_rating": (
        "{scheme} 不读取考核项 {item} 的评分{hint}",
        "{scheme} reads no rating on item {item}{hint}",
    ),
    "act.no_item": ("{scheme} 没有考核项 {item}{hint}", "{scheme} has no item {item}{hint}"),
    "act.all_or_nothing": (
        "全得或不得（未足额完成不得分）：请写 met = true 或 false，不要给分数",
        "all-or-nothing (未足额完成不得分): give met = true or false, not points",
    ),
    "act.service": (
        "按达标或未达标检查的服务：请写 met = true 或 false，不要给分数",
        "a service checked as met or not met: give met = true or false, not points",
    ),
    "act.met_only": ("它只接受达标或未达标，不接受分数", "it takes met or not met, not points"),
    "act.no_bound": ("无上限", "no upper bound"),
    "act.points_range": ("分数 {points} 超出 0..{top}", "points {points} is outside 0..{top}"),
    "act.no_shortfalls": (
        "不足项数不计分（该项只有达标或未达标）：请去掉 shortfalls",
        "shortfalls do not count (the item is met or not met): leave shortfalls out",
    ),
    "act.met_short": (
        "达标却有 {n} 项不足：请写 met = false，或去掉不足项数",
        "met with {n} shortfalls: give met = false, or no shortfalls",
    ),
    "act.no_aspect": ("没有评分维度 {aspect}{hint}", "no aspect {aspect}{hint}"),
    "act.scale": (
        "{aspect} = {value} 超出评分范围 {low}..{high}",
        "{aspect} = {value} is outside the scale {low}..{high}",
    ),
    "act.rate_all": ("每个维度都要评分；缺少 {missing}", "rate every aspect; missing {missing}"),
    "act.no_finding": (
        "{scheme} 不读取类别为 {kind} 的检查发现{hint}",
        "{scheme} reads no inspection finding of kind {kind}{hint}",
    ),
    "act.finding_item": (
        "{scheme}：{kind} 发现需要写明 item=<所涉考核项>",
        "{scheme}: a {kind} finding needs item=<the item it concerns>",
    ),
    "act.finding_no_item": (
        "{scheme} 不读取 {kind} 发现的考核项：请去掉 item（否则会被忽略）",
        "{scheme} does not read the item of a {kind} finding: leave item out (it would be ignored)",
    ),
    "act.finding_other": (
        "{scheme} 只读取考核项 {only} 的 {kind} 发现，而不是 {item}",
        "{scheme} reads {kind} findings only for item {only}, not {item}",
    ),
    # -- the assessor's closing, accepting, signing off; diff; export (schemes/audit/) ---------------------------
    "close.bad_period": (
        "考核期 {period} 无效：close 只接受日历期间（2026-03、2026-Q2、2026-H1、2026）",
        "bad period {period}: close takes a calendar period (2026-03, 2026-Q2, 2026-H1, 2026)",
    ),
    "close.already": (
        "{site} {period} 已经关闭（序号 {seq}，记录于 {at}）",
        "{site} {period} is already closed (seq {seq}, recorded {at})",
    ),
    "close.not_ended": (
        "{period} 还没有结束（最后一天 {end}）：请在那之后关闭，或加 --early",
        "{period} has not ended yet (last day {end}): close it after that, or pass --early",
    ),
    "accept.meta": (
        "序号 {seq} 是 {type}：请接受它所指向的事件",
        "seq {seq} is a {type}: accept the event it points at instead",
    ),
    "accept.retracted": (
        "序号 {seq} 已被撤回：没有可接受的内容",
        "seq {seq} was retracted: there is nothing to accept",
    ),
    "accept.not_late": (
        "序号 {seq} 不是迟报事件：在它（或其更正）之前没有记录包含 {on} 的考核期的关闭",
        "seq {seq} is not late: no close of a period containing {on} was recorded before it (or its corrections)",
    ),
    "accept.already": (
        "序号 {seq} 已经被接受过（序号 {done}）",
        "seq {seq} was already accepted (seq {done})",
    ),
    "signoff.no_key": (
        "采购方没有在站点 {site} 向 {actor} 委托任何密钥：采购方需运行 `opsledger role grant {actor} --role assessor "
        "--site {site} --key {actor}.pub --buyer NAME`",
        "the buyer has delegated no key to {actor} on site {site}: the buyer runs `opsledger role grant {actor} "
        "--role assessor --site {site} --key {actor}.pub --buyer NAME`",
    ),
    "signoff.key_elsewhere": (
        "{actor} 在站点 {site} 受委托的密钥是 {fp}（序号 {seq}），不在密钥目录中：请在保管该密钥的电脑上签核"
        "（--keys-dir / OPSLEDGER_KEYS）",
        "{actor}'s delegated key on site {site} is {fp} (seq {seq}), and it is not in the keys directory: sign on the "
        "machine that holds it (--keys-dir / OPSLEDGER_KEYS)",
    ),
    "diff.dates": (
        "--from 和 --to 都需要日期或日期时间（YYYY-MM-DD 或 YYYY-MM-DDTHH:MM）",
        "--from and --to each need a date or date/time (YYYY-MM-DD or YYYY-MM-DDTHH:MM)",
    ),
    "diff.order": ("--from {start} 必须早于 --to {end}", "--from {start} must be before --to {end}"),
    "diff.site_later": (
        "截至 {at}，站点 {site} 还没有登记：请选一个更晚的 --from",
        "site {site} was not registered yet at {at}: pick a later --from",
    ),
    "bundle.out_used": (
        "{out} 已存在且不是空目录：请换一个新的 --out",
        "{out} exists and is not an empty directory: choose a new --out",
    ),
    "bundle.cannot_write": (
        "无法在 {out} 中写入材料包：{reason}",
        "cannot write the bundle in {out}: {reason}",
    ),
    "bundle.not_bundle": (
        "{root} 不是 opsledger 材料包（bundle.json：{error}）",
        "{root} is not an opsledger bundle (bundle.json: {error})",
    ),
    "bundle.not_bundle_at": (
        "{root} 不是 opsledger 材料包（bundle.json：{where}：{error}）",
        "{root} is not an opsledger bundle (bundle.json: {where}: {error})",
    ),
    "bundle.events_unreadable": (
        "events.jsonl：无法读取（{error}）",
        "events.jsonl: cannot read it ({error})",
    ),
    "bundle.not_event": (
        "events.jsonl 第 {line} 行：不是事件记录（{where}：{error}）",
        "events.jsonl line {line}: not an event record ({where}: {error})",
    ),
    "signoff.none_for_period": (
        "站点 {site} 在 {label} 期间没有签字确认：请评估人员先运行 "
        "`opsledger signoff --site {site} --period {label} --actor NAME`",
        "no sign-off for site {site} period {label}: an assessor runs "
        "`opsledger signoff --site {site} --period {label} --actor NAME` first",
    ),
    "deep.failed": ("深度校验（verify --deep）：{problem}{more}", "verify --deep: {problem}{more}"),
    "deep.more": ("（另有 {n} 个问题：{rest}）", " (and {n} more: {rest})"),
    "deep.sep": ("{a}；{b}", "{a}; {b}"),
    "deep.where": ("seq {seq}（站点 {site} #{site_seq}）", "seq {seq} (site {site} #{site_seq})"),
    "deep.at": ("{where}：{error}", "{where}: {error}"),
    "deep.bad_occurred": (
        "{where}：occurred_at {value} 不是账本的格式",
        "{where}: occurred_at {value} is not in the ledger's form",
    ),
    "deep.payload_changed": (
        "{where}：其内容与事件目录规范化后的结果不同（绕过追加程序写入）",
        "{where}: its payload is not what the catalog makes of it (written behind the appender's back)",
    ),
    "deep.cache_name": ("缓存条目 {scheme} {site} {label}", "cache entry {scheme} {site} {label}"),
    "deep.cache_not_in_chain": (
        "{name}：其检查点 #{seq} {hash}… 不在该站点的链中：本账本的任何折算都不会写出它",
        "{name}: its checkpoint #{seq} {hash}… is not in the chain of the site: no fold of this ledger wrote it",
    ),
    "deep.cache_edited": ("{name}：{wrong}：缓存被改动过", "{name}: {wrong}: the cache was edited"),
    "deep.cache_differs": (
        "{name}（在 #{seq} 折算）：{differs}：缓存被改动过",
        "{name} (folded at #{seq}): {differs}: the cache was edited",
    ),
    "deep.part_differs": (
        "其部分 {part}（稳定就业名单的一个分桶）缺失，或不是写入条目时的内容",
        "its part {part} (a bucket of a stable count's people) is missing or not the text the entry was written with",
    ),
    "deep.chunk_differs": (
        "{name} 的事件清单中一段已封存的内容（{chunk}）缺失，或不是写入条目时的内容",
        "a sealed chunk ({chunk}) of the events list of {name} is missing or not the text the entry was written with",
    ),
    "deep.list_chunk_differs": (
        "稳定就业名单 {name} 中一段已封存的内容（{chunk}）缺失，或不是写入条目时的内容",
        "a sealed chunk ({chunk}) of the stable count's list {name} is missing or not the text the entry was written "
        "with",
    ),
    "deep.key_not_projection": ("其键不是投影键", "its key is not a projection key"),
    "deep.key_dates": ("其键中的日期不是日期", "its key's dates are not dates"),
    "deep.key_period": (
        "其键写的是 {label}，从 {start} 到 {end}，但那不是该期间",
        "its key names {label} from {start} to {end}, which is not that period",
    ),
    "deep.not_projection": ("其数据不是投影", "its data is not a projection"),
    "deep.indicator_differs": (
        "指标 {name} 在缓存中为 {mine}，重新折算为 {theirs}",
        "indicator {name} is {mine} in the cache, {theirs} refolded",
    ),
}
