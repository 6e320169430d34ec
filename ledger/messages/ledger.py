"""The ledger layer's messages: (中文, English) templates by id (see ledger/messages/__init__.py).

The English side is the wording the tests and scripts have always matched; the Chinese side says the same for
the people who use opsledger. Placeholders are str.format fields; literal braces are doubled.
"""

from __future__ import annotations

M: dict[str, tuple[str, str]] = {
    # -- where an error happened --------------------------------------------------------------------------
    "at.line": ("第 {line} 行：{error}", "line {line}: {error}"),
    "at.line_only": ("第 {line} 行", "line {line}"),
    "at.field": ("{field}：{error}", "{field}: {error}"),
    "at.type": ("{type}：{error}", "{type}: {error}"),
    # -- dates ----------------------------------------------------------------------------------------------
    "date.bad_instant": (
        "日期/时间 {text} 无效：请写成 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM[:SS]",
        "bad date/time {text}: use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]",
    ),
    "date.bad_occurred": (
        "日期 {value} 无效：请写成 YYYY-MM-DD（或 YYYY-MM-DDTHH:MM）",
        "bad date {value}: use YYYY-MM-DD (or YYYY-MM-DDTHH:MM)",
    ),
    "date.bad_instant_why": ("日期/时间 {text} 无效：{error}", "bad date/time {text}: {error}"),
    "date.bad_why": ("日期 {value} 无效：{error}", "bad date {value}: {error}"),
    "date.bad_option": (
        "{option}：日期 {text} 无效：请写成 YYYY-MM-DD",
        "{option}: bad date {text}: use YYYY-MM-DD",
    ),
    "date.not_text": (
        "occurred_at：应为日期文本（如 2026-03-05），而不是 {value}",
        "occurred_at: must be a date text like 2026-03-05, not {value}",
    ),
    # -- event types, fields, values -------------------------------------------------------------------------
    "type.unknown": ("未知的事件类型 {name}：{hint}", "unknown event type {name}: {hint}"),
    "type.did_you_mean": (
        "是否想写 {close}？（`opsledger catalog` 列出所有类型）",
        "did you mean {close}? (`opsledger catalog` lists the types)",
    ),
    "type.list_hint": ("运行 `opsledger catalog` 查看所有类型", "run `opsledger catalog` to list the types"),
    "field.unknown": (
        "未知字段：此类事件的字段为 {fields}（字段名或中文名均可；见 `opsledger catalog`）",
        "unknown field (not in this event type; see `opsledger catalog`)",
    ),
    "field.missing": ("缺少（必填）", "missing (required)"),
    "key.unknown": ("未知的键", "unknown key"),
    "alias.ambiguous": (
        "“{word}”有歧义，可指{what}：{candidates}；请写明其中一个",
        "{word!r} is ambiguous: it may be {what} {candidates}; write one of them",
    ),
    "alias.what.type": ("以下事件类型", "any of the event types"),
    "alias.what.field": ("{type} 的以下字段", "any of {type}'s fields"),
    "alias.what.value": ("{field} 的以下取值", "any of {field}'s values"),
    "alias.field_twice": (
        "字段 {field} 给了两次（{first!r} 和 {second!r}）",
        "field {field} given twice ({first!r} and {second!r})",
    ),
    # pydantic's error types: the English side is pydantic's own sentence ({detail}); the Chinese side says it
    # from the error's context. tests/test_messages.py allows exactly these to differ in placeholders.
    "pyd.missing": ("缺少（必填）", "{detail}"),
    "pyd.int_parsing": ("应为整数，{input!r} 不是", "{detail}"),
    "pyd.int_from_float": ("应为整数，{input!r} 有小数部分", "{detail}"),
    "pyd.int_type": ("应为整数", "{detail}"),
    "pyd.float_parsing": ("应为数字，{input!r} 不是", "{detail}"),
    "pyd.decimal_parsing": ("应为数字，{input!r} 不是", "{detail}"),
    "pyd.decimal_type": ("应为数字", "{detail}"),
    "pyd.decimal_max_digits": ("数字位数太多（最多 {max_digits} 位）", "{detail}"),
    "pyd.decimal_max_places": ("小数位数太多（最多 {decimal_places} 位）", "{detail}"),
    "pyd.greater_than_equal": ("不能小于 {ge}", "{detail}"),
    "pyd.greater_than": ("必须大于 {gt}", "{detail}"),
    "pyd.less_than_equal": ("不能大于 {le}", "{detail}"),
    "pyd.less_than": ("必须小于 {lt}", "{detail}"),
    "pyd.string_too_short": ("不能为空（至少 {min_length} 个字符）", "{detail}"),
    "pyd.string_too_long": ("太长：最多 {max_length} 个字符", "{detail}"),
    "pyd.string_pattern_mismatch": ("格式不正确（应符合 {pattern}）", "{detail}"),
    "pyd.string_type": ("应为文本", "{detail}"),
    "pyd.enum": ("应为以下之一：{expected}", "{detail}"),
    "pyd.literal_error": ("应为以下之一：{expected}", "{detail}"),
    "pyd.bool_parsing": ("应为 是/否（true/false），{input!r} 不是", "{detail}"),
    "pyd.bool_type": ("应为 是/否（true/false）", "{detail}"),
    "pyd.date_parsing": ("日期无效（应为 YYYY-MM-DD）", "{detail}"),
    "pyd.date_from_datetime_parsing": ("日期无效（应为 YYYY-MM-DD）", "{detail}"),
    "pyd.date_from_datetime_inexact": ("应为日期，不带时间", "{detail}"),
    "pyd.date_type": ("应为日期（YYYY-MM-DD）", "{detail}"),
    "pyd.datetime_parsing": ("日期时间无效（应为 YYYY-MM-DDTHH:MM）", "{detail}"),
    "pyd.dict_type": ("应为 JSON 对象", "{detail}"),
    "pyd.list_type": ("应为 JSON 列表", "{detail}"),
    "pyd.value_error": ("{error}", "{detail}"),
    "pyd.other": ("内容无效（{detail}）", "{detail}"),
    "pyd.expected_or": ("{a} 或 {b}", "{a} or {b}"),
    # -- key=value arguments and files ------------------------------------------------------------------------
    "arg.bad": (
        "参数 {arg} 有误：字段请写成 字段=值（如 companies=40 或 参会企业=40）",
        "bad argument {arg}: give payload fields as field=value (e.g. companies=40)",
    ),
    "arg.twice": ("字段 {key} 给了两次", "field {key} given twice"),
    "arg.bad_json": (
        "{key}：值不是有效的 JSON（第 {col} 列：{error}）",
        "{key}: value is not valid JSON ({error} at column {col})",
    ),
    "file.cannot_read": ("无法读取 {path!r}：{reason}", "cannot read {path!r}: {reason}"),
    "file.missing": ("文件 {path!r} 不存在", "no such file {path!r}"),
    "file.not_file": ("{path!r} 不是文件", "{path!r} is not a file"),
    "import.no_format": (
        "无法从文件名判断 {path!r} 的格式：请加 --format jsonl 或 --format csv",
        "cannot tell the format of {path!r} from its name: pass --format jsonl or --format csv",
    ),
    "import.bad_format": (
        "未知的导入格式 {fmt!r}：请用 jsonl 或 csv",
        "unknown import format {fmt!r}: use jsonl or csv",
    ),
    "import.not_utf8": (
        "第 {line} 行：不是有效的 UTF-8 文本（请把文件另存为 UTF-8）",
        "line {line}: not valid UTF-8 text (save the file as UTF-8)",
    ),
    "import.bad_json": (
        "第 {line} 行：不是有效的 JSON（第 {col} 列：{error}）",
        "line {line}: not valid JSON ({error} at column {col})",
    ),
    "import.not_object": (
        "第 {line} 行：应为一个 JSON 对象（一条事件），而这里是 {got}",
        "line {line}: expected a JSON object (one event), got {got}",
    ),
    "import.unknown_key": (
        "第 {line} 行：未知的键 {key}（事件的键为 {keys}；字段写在 payload 里）",
        "line {line}: unknown key {key} (an event has {keys}; fields go in payload)",
    ),
    "import.reader_lost": (
        "读取 {path!r} 的进程意外退出（第 {line} 行之后）：数据库未作任何改动，请重新导入",
        "the process reading {path!r} stopped unexpectedly (after line {line}): nothing was written; import again",
    ),
    "import.line_too_long": (
        "第 {line} 行：太长（超过 {max} 个字符）",
        "line {line}: too long (more than {max} characters)",
    ),
    "import.payload_object": (
        'payload：请写成 JSON 对象，如 {{"companies": 40}}',
        'payload: give a JSON object like {{"companies": 40}}',
    ),
    "import.bad_csv": ("第 {line} 行：不是有效的 CSV（{error}）", "line {line}: not valid CSV ({error})"),
    "import.too_many_cells": (
        "第 {line} 行：有 {cells} 个单元格，但表头只有 {columns} 列",
        "line {line}: {cells} cells but the header names {columns} columns",
    ),
    "import.column_unnamed": (
        "第 1 行：有一列没有列名：第一行必须给每一列命名",
        "line 1: a column has no name: the first row must name every column",
    ),
    "import.column_twice": ("第 1 行：列 {name} 出现了两次", "line 1: column {name} appears twice"),
    "import.on_and_occurred": (
        "第 1 行：occurred_at 列和 on 列只能有其一",
        "line 1: give either an occurred_at or an on column, not both",
    ),
    "import.not_envelope": (
        "第 1 行：列 {name} 不是事件信封列：有 payload 列时，字段应写在其 JSON 里",
        "line 1: column {name} is not an envelope column: with a payload column, payload fields go inside its JSON",
    ),
    "import.payload_json": (
        "payload：不是有效的 JSON（第 {col} 列：{error}）",
        "payload: not valid JSON ({error} at column {col})",
    ),
    "import.evidence_list": (
        '佐证 evidence：请写成 JSON 列表，如 [{{"file_name": ..., "sha256": ...}}]',
        'evidence: give a JSON list like [{{"file_name": ..., "sha256": ...}}]',
    ),
    "evidence.cannot_read": (
        "无法读取佐证文件 {path!r}：{reason}",
        "cannot read evidence file {path!r}: {reason}",
    ),
    "evidence.not_kept": (
        "事件已追加，但其文件未能保存：{error}",
        "the event was appended, but its file was not kept: {error}",
    ),
    "blob.bad_sha": (
        "sha256 {sha!r} 无效：应为 64 个小写十六进制字符",
        "bad sha256 {sha!r}: 64 lowercase hex characters expected",
    ),
    "blob.cannot_store": (
        "无法把 {path!r} 存入 {root}：{reason}",
        "cannot store {path!r} in {root}: {reason}",
    ),
    "blob.cannot_copy": ("无法复制佐证文件 {sha}…：{reason}", "cannot copy evidence {sha}…: {reason}"),
    # -- sites, targets, duplicates ---------------------------------------------------------------------------
    "site.unknown": ("未知站点 {site!r}：{hint}", "unknown site {site!r}: {hint}"),
    "site.unknown_bare": ("未知站点 {site!r}", "unknown site {site!r}"),
    "site.did_you_mean": ("是否想写 {close!r}？", "did you mean {close!r}?"),
    "site.register_hint": ("请先用 `opsledger site add` 登记", "register it with `opsledger site add`"),
    "site.list_hint": ("`opsledger sites` 列出已登记的站点", "`opsledger sites` lists the registered sites"),
    "site.already": ("站点 {site!r} 已经登记过", "site {site!r} is already registered"),
    "seq.unknown": (
        "没有序号为 {seq} 的事件（本账本的序号为 1..{last}）",
        "no event with sequence number {seq} (the ledger holds 1..{last})",
    ),
    "target.other_site": (
        "{type}：目标事件 {target} 属于站点 {site!r}",
        "{type}: target event {target} belongs to site {site!r}",
    ),
    "target.missing": (
        "{type}：目标事件 {target} 不在本账本中",
        "{type}: target event {target} is not in this ledger",
    ),
    "target.meta": ("{type}：不能指向 {target_type} 事件", "{type}: cannot point at a {target_type} event"),
    "correction.empty": (
        "更正：请至少给出一个 字段=值",
        "correction: give at least one field=value to change",
    ),
    "correction.empty_bare": ("请至少给出一个要更正的 字段=值", "give at least one field=value to change"),
    "correction.type": (
        "更正：事件类型不能更正：请撤回该事件，再记录正确的事件",
        "correction: the type of an event cannot be corrected: retract it and log the right one",
    ),
    "correction.buyer_key": (
        "更正：采购方公钥只能由其签署的新合同移交，不能更正",
        "correction: the buyer's key is handed over by a new contract it signs, not corrected",
    ),
    "dup.what.key": ("幂等键 {value!r}", "idempotency key {value!r}"),
    "dup.what.id": ("事件编号 {value}", "event id {value}"),
    "dup.where.seq": ("序号 {seq}", "seq {seq}"),
    "dup.where.batch": ("本批较早的一行", "an earlier line of this batch"),
    "dup.conflict": (
        "冲突：{what} 已存为 {where}，但内容不同（{type}，{on}）；请换一个新键，或更正 {where}",
        "conflict: {what} is already stored as {where} with different content ({type} on {on}); use a new key, or correct {where}",
    ),
    "dup.duplicate": (
        "重复：{what} 已存为 {where}；未追加任何内容",
        "duplicate: {what} is already stored as {where}; nothing appended",
    ),
    "history.backwards": (
        "recorded_at {at} 早于站点 {site} 最后一条事件的记录时间 {last}：历史只能向前构建",
        "recorded_at {at} is before site {site}'s last event, recorded {last}: a history is built forwards",
    ),
    # -- trust: who signs what ---------------------------------------------------------------------------------
    "who.buyer": ("采购方", "buyer"),
    "who.assessor": ("评估人员", "assessor"),
    "sign.not_at_hand.buyer": (
        "{type} 必须由采购方的密钥 {fp} 签名，而手头没有该密钥（密钥目录中 --buyer NAME 的密钥文件）",
        "{type} must be signed by the buyer's key {fp}, and that key is not at hand (--buyer NAME's key file in the keys directory)",
    ),
    "sign.not_at_hand.assessor": (
        "{type} 必须由评估人员的密钥 {fp} 签名，而手头没有该密钥（密钥目录中记录人本人的密钥文件）",
        "{type} must be signed by the assessor's key {fp}, and that key is not at hand (the actor's key file in the keys directory)",
    ),
    "trust.first_contract": (
        "contract_signed：站点的第一份合同须写明采购方公钥（buyer_key）并由该密钥签名：请加 --buyer NAME"
        "（用 `opsledger keys new --actor NAME` 生成的密钥）",
        "contract_signed: the first contract of a site names the buyer's public key (buyer_key) and is signed by it: "
        "pass --buyer NAME (a key made with `opsledger keys new --actor NAME`)",
    ),
    "trust.no_contract": (
        "{type}：该站点还没有合同，因此没有可用于签名的采购方密钥：采购方须先签署合同（`opsledger contract add ... --buyer NAME`）",
        "{type}: the site has no contract yet, so no buyer key to sign it: the buyer signs the contract first "
        "(`opsledger contract add ... --buyer NAME`)",
    ),
    "trust.no_delegated": (
        "{type} 是评估人员的操作，而采购方没有在本站点向 {actor!r} 授权任何密钥：采购方需运行 "
        "`opsledger role grant {actor} --role assessor --site SITE --key {actor}.pub --buyer NAME`",
        "{type} is an assessor's act and the buyer has delegated no key to {actor!r} on this site: the buyer runs "
        "`opsledger role grant {actor} --role assessor --site SITE --key {actor}.pub --buyer NAME`",
    ),
    "trust.key_registered": (
        "assessor_key_registered：评估密钥不再按先到先得登记：由采购方用 "
        "`opsledger role grant ACTOR --role assessor --site SITE --key ACTOR.pub --buyer NAME` 授权评估人员的密钥",
        "assessor_key_registered: keys are no longer registered first come: the buyer delegates an assessor's key with "
        "`opsledger role grant ACTOR --role assessor --site SITE --key ACTOR.pub --buyer NAME`",
    ),
    "trust.bad_signature": ("{type}：签名验证不通过", "{type}: its signature does not verify"),
    "trust.unsigned": (
        "{type} 必须由{who}的密钥（{fp}）签名，但没有签名",
        "{type} must be signed by the {who}'s key ({fp}), and is not",
    ),
    "trust.wrong_signer": (
        "{type} 由 {got} 签名，但在本站点只有{who}的密钥 {fp} 可以签署",
        "{type} is signed by {got}, but only the {who}'s key {fp} may sign it on this site",
    ),
    "trust.bad_signature_with": (
        "{type}：签名无法用 {fp} 验证",
        "{type}: its signature does not verify with {fp}",
    ),
    "trust.at": (
        "序号 {seq}（站点 {site} 第 {site_seq} 条）：{error}",
        "seq {seq} (site {site} #{site_seq}): {error}",
    ),
    "role.assessor_only": (
        "{doing} 仅限评估人员，而 {actor!r} 不是站点 {site!r} 的评估人员：采购方需先运行 "
        "`opsledger role grant {actor} --role assessor --site {site} --key {actor}.pub --buyer NAME`",
        "{doing} is assessor-only and {actor!r} is not an assessor for site {site!r}: the buyer runs "
        "`opsledger role grant {actor} --role assessor --site {site} --key {actor}.pub --buyer NAME` first",
    ),
    "role.doing": ("对 {guarded} 事件的 {type}", "{type} of {guarded} events"),
    # -- the hash chains ---------------------------------------------------------------------------------------
    "chain.where": ("站点 {site} 第 {n} 条", "site {site} #{n}"),
    "chain.wrong_site": (
        "序号 {seq}（{where}）：属于站点 {site!r}，而不是 {expected!r}",
        "seq {seq} ({where}): belongs to site {site!r}, not {expected!r}",
    ),
    "chain.missing": (
        "哈希链在序号 {seq}（{where}）处断开：其前缺少第 {expected} 条",
        "chain broken at seq {seq} ({where}): #{expected} is missing before it",
    ),
    "chain.first": (
        "序号 {seq}（{where}）：站点的链须以其 site_registered 事件开始，而不是 {type}",
        "seq {seq} ({where}): a site's chain starts with its site_registered event, not {type}",
    ),
    "chain.prev": (
        "哈希链在序号 {seq}（{where}）处断开：prev_hash 与第 {prev} 条不符",
        "chain broken at seq {seq} ({where}): prev_hash does not match #{prev}",
    ),
    "chain.hash": (
        "哈希链在序号 {seq}（{where}）处断开：内容与其哈希不符",
        "chain broken at seq {seq} ({where}): its content does not match its hash",
    ),
    "chain.reordered": (
        "序号 {seq}（{where}）：不在第 {prev} 条（序号 {last}）之后：行被重新排序过",
        "seq {seq} ({where}): not after #{prev}'s seq {last}: rows were reordered",
    ),
    "chain.untrusted": (
        "站点 {site}：其链的根为 {got}，不是受信任的密钥",
        "site {site}: its chain is rooted in {got}, which is not a trusted key",
    ),
    "chain.no_root": ("没有采购方密钥（没有已签署的合同）", "no buyer key (no signed contract)"),
    "chain.count": (
        "账本共有 {total} 条事件，但各站点的链只计得 {count} 条",
        "the ledger holds {total} events but its chains account for {count}",
    ),
    # what `opsledger verify` prints
    "verify.ok": (
        "完好：{count} 条事件，末端序号 {seq}，末端哈希 {hash}；{n} 条站点链：",
        "ok: {count} events, head seq {seq}, head hash {hash}; {n} site chain{s}:",
    ),
    "verify.site": ("  {site}：第 {n} 条 {hash}", "  {site}: #{n} {hash}"),
    "verify.root": ("；采购方密钥 {fp}", "; buyer key {fp}"),
    "verify.no_root": ("；尚无采购方密钥（没有已签署的合同）", "; no buyer key yet (no signed contract)"),
    "verify.signed": ("；已验证 {n} 项签名操作", "; {n} signed act{s} verified"),
    "verify.legacy": (
        "    注：{n} 项在账本版本 1 下记录的操作没有签名（迁移之前；序号 {first}...）",
        "    note: {n} act(s) recorded under schema 1 carry no signature (before the migration; seq {first}...)",
    ),
    # -- key files (ledger/keys.py) ------------------------------------------------------------------------
    "key.bad_name": (
        "人员账号 {actor} 不能用作密钥文件名：请只用字母、数字和 _ . @ -（如 zhang.wei）",
        "actor {actor} cannot name a key file: use letters, digits and _ . @ - (e.g. zhang.wei)",
    ),
    "key.exists": (
        "{path} 已经存在：{actor} 已经有密钥（签名密钥永远不会被覆盖；请换一个 --keys-dir，或先把旧密钥移走）",
        "{path} already exists: {actor} already has a key (a signing key is never overwritten; use another "
        "--keys-dir or move the old key away first)",
    ),
    "key.cannot_write": (
        "无法在 {folder} 中写入密钥文件：{reason}",
        "cannot write key files in {folder}: {reason}",
    ),
    "key.missing": (
        "{path} 没有 {actor} 的签名密钥：请运行 `opsledger keys new --actor {actor} --site SITE`"
        "（或加 --keys-dir / 设置 OPSLEDGER_KEYS）",
        "no signing key for {actor} at {path}: run `opsledger keys new --actor {actor} --site SITE` (or pass "
        "--keys-dir / set OPSLEDGER_KEYS)",
    ),
    "key.too_open": (
        "{path} 可被他人读取（权限 {mode}）：请运行 `chmod 600 {path}`",
        "{path} is readable by others (mode {mode}): run `chmod 600 {path}`",
    ),
    "key.cannot_read": ("无法读取 {path}：{reason}", "cannot read {path}: {reason}"),
    "key.unusable": ("{path} 不是可用的私钥（{error}）", "{path} is not a usable private key ({error})"),
    "key.not_ed25519": ("{path} 不是 Ed25519 私钥", "{path} is not an Ed25519 private key"),
    # -- registers (ledger/registers/) -------------------------------------------------------------------------
    "reg.where": ("{file} 第 {row} 行", "{file} row {row}"),
    "reg.where.sheet": ("{file} 工作表 {sheet} 第 {row} 行", "{file} sheet {sheet} row {row}"),
    "reg.where.column": ("{where} {column} 列（{header}）", "{where} column {column} ({header})"),
    "reg.at": ("{where}：{error}", "{where}: {error}"),
    "reg.site_hint": (
        "请先用 `opsledger site add` 登记（`opsledger sites` 列出已登记的站点）",
        "register it with `opsledger site add` (`opsledger sites` lists them)",
    ),
    "reg.csv_one_table": (
        "{name} 是 CSV 文件（只有一张表），但映射文件有 {n} 张表",
        "{name} is a CSV file (one table) but the mapping has {n} tables",
    ),
    "reg.not_xlsx": (
        "无法读取 {name}：台账须为 .xlsx 或 .csv 文件（.xls 请另存为 .xlsx）",
        "cannot read {name}: registers are .xlsx or .csv files (save .xls as .xlsx)",
    ),
    "reg.no_sheets": (
        "{name}：映射文件中的工作表（{wanted}）按名称或表头都不在这份台账中（工作表：{sheets}）",
        "{name}: none of the mapping's sheets ({wanted}) is in this register, by name or by headers (sheets: "
        "{sheets})",
    ),
    "reg.no_sheet": (
        "{name}：没有名为 {sheet} 的工作表（工作表：{sheets}），而映射文件规定它必须有",
        "{name}: no sheet named {sheet} (sheets: {sheets}), and the mapping says it is required",
    ),
    "reg.header_close": ("（是否想写 {close}？）", " (did you mean {close}?)"),
    "reg.headers": ("（表头：{headers}）", " (headers: {headers})"),
    "reg.no_column": ("{where}：没有表头为 {name} 的列{hint}", "{where}: no column headed {name}{hint}"),
    "reg.not_one_of": ("{text} 不是以下之一：{words}", "{text} is not one of {words}"),
    "reg.type_empty": ("为空：这一行是哪类记录？", "empty: which kind of record is this row?"),
    "reg.no_field": (
        "{field}：{type} 没有这个字段（{label} 行请留空此格）",
        "{field}: {type} has no such field (leave the cell empty on {label} rows)",
    ),
    "reg.no_site": (
        "没有站点：请加 --site SITE，或在映射文件中设置 site，或把某一列映射为 site",
        "no site: pass --site SITE, set site in the mapping, or map a column to site",
    ),
    "reg.date_empty": (
        "occurred_at：为空（每一行都需要发生日期）",
        "occurred_at: empty (every row needs the date it happened)",
    ),
    "reg.missing_cell": ("缺少（必填）：单元格为空", "missing (required): the cell is empty"),
    "reg.missing_column": ("缺少（必填）：没有列映射到它", "missing (required): no column maps to it"),
    "reg.constant": ("{error}（映射文件中的常量）", "{error} (constant in the mapping)"),
    "reg.identity_empty": (
        "为空，但 {header} 用于识别这一行（映射文件中 identity = {identity}）：请填写",
        "empty, but {header} identifies the row (identity = {identity} in the mapping): fill it in",
    ),
    "reg.no_year": (
        "日期 {text} 没有年份：请在映射文件中给这张表设置 year = 2026",
        "date {text} has no year: set year = 2026 on this table in the mapping",
    ),
    "reg.not_date": (
        "不是日期：{text}（请写成 2026-03-05、2026/3/5、2026年3月5日，或使用日期单元格）",
        "not a date: {text} (write 2026-03-05, 2026/3/5, 2026年3月5日 or a date cell)",
    ),
    "reg.same_identity": (
        "{where}：{headers} 与 {other} 相同：两行不能是同一条记录（请使它们不同，或在映射文件的 identity 中加上编号列）",
        "{where}: same {headers} as {other}: two rows cannot be one record (make them differ, or add a 编号 column "
        "to the mapping's identity)",
    ),
    "reg.type_changed": (
        "{where}：这一行原来生成的是 {was} 事件（序号 {seq}），现在却是 {now}：更正不能改变事件类型；请撤回序号 {seq}"
        "（`opsledger retract {seq} --reason ...`）后重新导入",
        "{where}: this row made a {was} event (seq {seq}) and now reads {now}: a correction cannot change an "
        "event's type; retract seq {seq} (`opsledger retract {seq} --reason ...`) and import again",
    ),
    "reg.what.id": ("编号", "id"),
    "reg.what.key": ("幂等键", "key"),
    "reg.same_key": (
        "{where}：{what}与 {other} 相同：两行不能是同一条记录",
        "{where}: same {what} as {other}: two rows cannot be one record",
    ),
    # -- bounds (ledger/limits.py) ----------------------------------------------------------------------------
    "lim.at": ("{where}：", "{where}: "),
    "lim.too_long": (
        "{at}太长（{n} 个字符；最多 {most} 个）",
        "{at}too long ({n} characters; at most {most})",
    ),
    "lim.line_long": (
        "{at}太长（{n} 个字符；每行最多 {most} 个）",
        "{at}too long ({n} characters; at most {most} per line)",
    ),
    "lim.surrogate": ("孤立的代理字符", "a lone surrogate"),
    "lim.control": ("控制字符", "a control character"),
    "lim.bad_char": (
        "{at}{value} 含有{what}（U+{code}）：请删除",
        "{at}{value} contains {what} (U+{code}); remove it",
    ),
    "lim.not_finite": ("{at}{value} 不是有限的数", "{at}{value} is not a finite number"),
    "lim.too_large": (
        "{at}{value} 太大（小数点前最多 {digits} 位）",
        "{at}{value} is too large (at most {digits} digits before the point)",
    ),
    "lim.places": ("{at}{value} 的小数超过 {places} 位", "{at}{value} has more than {places} decimal places"),
    "lim.range": ("{at}{value} 超出范围（{low}..{high}）", "{at}{value} is out of range ({low}..{high})"),
    "lim.dates": (
        "{at}{day} 超出账本的日期范围（{range}）",
        "{at}{day} is outside the ledger's dates ({range})",
    ),
    "lim.bad_json": (
        "{at}不是有效的 JSON（第 {col} 列：{error}）",
        "{at}not valid JSON ({error} at column {col})",
    ),
    "lim.json_deep": (
        "{at}JSON 嵌套太深（最多 {most} 层）",
        "{at}JSON nested too deeply (at most {most} levels)",
    ),
    "lim.json_unusable": ("{at}无法使用的 JSON（{error}）", "{at}not usable JSON ({error})"),
    "lim.deep": ("{at}嵌套太深（最多 {most} 层）", "{at}nested too deeply (at most {most} levels)"),
    "lim.entries": ("{at}条目太多（{n} 个；最多 {most} 个）", "{at}too many entries ({n}; at most {most})"),
    "lim.key_type": ("{at}键必须是文本，而不是 {kind}", "{at}keys must be text, not {kind}"),
    # -- the SQLite file (ledger/backends/sqlite.py) -----------------------------------------------------------
    "db.none": (
        "{path} 处没有账本：请运行 `opsledger init`（或加 --db PATH）",
        "no ledger at {path}: run `opsledger init` (or pass --db PATH)",
    ),
    "db.read_only_create": (
        "{path} 是只读的：不能在那里创建账本",
        "{path} is read-only: cannot create a ledger there",
    ),
    "db.foreign": (
        "{path} 是其他应用程序的数据库：拒绝改动它",
        "{path} is another application's database: refusing to touch it",
    ),
    "db.not_ledger": (
        "{path} 不是 opsledger 账本：请运行 `opsledger init` 创建",
        "{path} is not an opsledger ledger: run `opsledger init` to create one",
    ),
    "db.read_only": (
        "{path} 在这里是只读的：不能追加任何内容",
        "{path} is read-only here: nothing can be appended",
    ),
    # -- copying a ledger (ledger/migrate.py) and upgrading schema 1 (ledger/upgrade.py) -------------------------
    "migrate.same": ("--from 和 --to 指的是同一个账本", "--from and --to name the same ledger"),
    "migrate.source_fails": (
        "源账本 {url} 校验不通过，未复制任何内容：{error}",
        "the source {url} fails verification, nothing was copied: {error}",
    ),
    "migrate.target_not_empty": (
        "目标账本 {url} 不是空的（止于 seq {seq}）：请迁移到一个新的空账本",
        "the target {url} is not empty (it ends at seq {seq}): migrate into a new, empty ledger",
    ),
    "migrate.copy_fails": ("{url} 处的副本校验不通过：{error}", "the copy at {url} does not verify: {error}"),
    "migrate.copy_heads": (
        "{url} 处的副本与源账本的链头不一致",
        "the copy at {url} does not end at the source's heads",
    ),
    "migrate.source_changed": (
        "源账本 {url} 在复制过程中发生了变化（读到 {done} 个事件，校验过 {count} 个）：请停止向它写入后重新迁移；"
        "未写入任何内容",
        "the source {url} changed while it was copied ({done} events read, {count} verified): stop its writers "
        "and migrate again; nothing was written",
    ),
    "migrate.blob_changed": (
        "证据 {sha}… 在复制过程中发生了变化",
        "evidence {sha}… changed while it was copied",
    ),
    "migrate.copied": (
        "已从 {source} 复制 {count} 条事件（{sites} 条站点链）、{blobs} 个证据文件和 {records} 条记录到 {target}",
        "copied {count} events ({sites} site chains), {blobs} evidence files and {records} records from {source} "
        "to {target}",
    ),
    "migrate.source_ok": (
        "源账本：完好：{count} 条事件，末端序号 {seq}，末端哈希 {hash}",
        "source: ok: {count} events, head seq {seq}, head hash {hash}",
    ),
    "migrate.target_ok": (
        "目标账本：完好：{count} 条事件，末端序号 {seq}，末端哈希 {hash}",
        "target: ok: {count} events, head seq {seq}, head hash {hash}",
    ),
    "migrate.heads": ("各站点链头（源账本 = 目标账本）：", "site chain heads (source = target):"),
    "migrate.blobs_missing": (
        "注：有 {n} 个被引用的证据文件在源账本的存储中也没有（第一个：{first}…）",
        "note: {n} referenced evidence file(s) were not in the source's store either (first: {first}…)",
    ),
    "upgrade.v1_ok": (
        "第 1 版结构的链校验通过：{count} 条事件，末端序号 {seq}，末端哈希 {hash}",
        "schema-1 chain verified: {count} events, head seq {seq}, head hash {hash}",
    ),
    "upgrade.rechained": (
        "已重新串成 {n} 条站点链，每条都以一条由 {buyer} 的密钥 {fp} 签名的 ledger_migrated 事件结尾（此后它就是各站点的"
        "信任根）：",
        "re-chained onto {n} site chain{s}, each ending with a ledger_migrated event signed by {buyer}'s key {fp} "
        "(from now on each site's root of trust):",
    ),
    "upgrade.nothing_rechained": ("没有需要重新串链的事件", "no events to re-chain"),
    "upgrade.site": (
        "  {site}：旧 seq {first}..{last}（{n} 条事件）-> #{site_seq} {hash}",
        "  {site}: old seqs {first}..{last} ({n} events) -> #{site_seq} {hash}",
    ),
    "upgrade.site_signoffs": (
        "；记录了 {n} 次第 1 版结构下的签字确认",
        "; {n} schema-1 sign-off{s} recorded",
    ),
    "upgrade.v2_ok": (
        "新链校验通过：{count} 条事件，末端序号 {seq}，末端哈希 {hash}",
        "new chains verified: {count} events, head seq {seq}, head hash {hash}",
    ),
    "upgrade.legacy": (
        "注：{n} 项在第 1 版结构下记录的操作没有签名（第 1 版没有签名）；verify 会列出它们，但不会拒绝",
        "note: {n} act(s) recorded under schema 1 carry no signature (schema 1 had none); verify lists them, it "
        "does not refuse them",
    ),
    "upgrade.legacy_key": (
        "注：{who} 在第 1 版结构下自己登记的密钥 {fp}，在采购方委托其他密钥之前，仍代表 {who} 在 {site} 签名"
        "（`opsledger role grant {who} --role assessor --site {site} --key {who}.pub`）",
        "note: {who}'s key {fp}, registered by {who} under schema 1, still signs for {who} on {site} until the buyer "
        "delegates another (`opsledger role grant {who} --role assessor --site {site} --key {who}.pub`)",
    ),
    "upgrade.blobs": ("已复制 {n} 个证据文件{missing}", "copied {n} evidence file(s){missing}"),
    "upgrade.blobs_missing": (
        "；另有 {n} 个被引用的文件不在旧账本旁边",
        "; {n} referenced file(s) were not beside the old ledger",
    ),
    "upgrade.in_place": (
        "已原地升级 {target}；第 1 版结构的文件保留为 {backup}",
        "upgraded {target} in place; the schema-1 file is kept as {backup}",
    ),
    "upgrade.wrote": ("已写入 {target}；{source} 没有改动", "wrote {target}; {source} is unchanged"),
    "upgrade.no_ledger": ("{path} 处没有账本", "no ledger at {path}"),
    "upgrade.current": (
        "{src} 已经是第 2 版结构（按站点分链）：无需迁移",
        "{src} is already at schema 2 (per-site chains): nothing to migrate",
    ),
    "upgrade.not_ledger": (
        "{src} 不是 opsledger 账本（没有第 1 版结构的事件表）：无可迁移",
        "{src} is not an opsledger ledger (no schema-1 events table): nothing to migrate",
    ),
    "upgrade.backup_exists": (
        "{backup} 已经存在：请先把它移走（否则会被旧账本替换）",
        "{backup} already exists: move it away first (it would be replaced by the old ledger)",
    ),
    "upgrade.to_is_source": (
        "--to 指的就是要迁移的账本：若要原地升级，请不要写 --to",
        "--to names the ledger being migrated: leave --to out to upgrade it in place",
    ),
    "upgrade.v1_fails": (
        "{src}：第 1 版结构的链校验不通过，未迁移任何内容：{error}",
        "{src}: the schema-1 chain does not verify, nothing was migrated: {error}",
    ),
    "upgrade.final_exists": (
        "{final} 已经存在：请迁移到一个新文件",
        "{final} already exists: migrate into a new file",
    ),
    "upgrade.new_ledger": ("新账本 {where}", "the new ledger {where}"),
    "upgrade.wal_left": (
        "{tmp}：其预写日志没有合并进来；未做替换",
        "{tmp}: its write-ahead log was not folded in; nothing was swapped",
    ),
    "upgrade.changed": (
        "{path} 在迁移过程中发生了变化：请停止向它写入后重新迁移",
        "{path} changed while it was migrated: stop its writers and migrate again",
    ),
    "upgrade.target_not_empty": (
        "目标账本 {url} 不是空的（止于 seq {seq}）：请迁移到一个空账本",
        "the target {url} is not empty (it ends at seq {seq}): migrate into an empty one",
    ),
    "upgrade.unreadable": (
        "seq {seq}：{error}：当前版本的 opsledger 无法读取它；未迁移任何内容",
        "seq {seq}: {error}: this opsledger cannot read it; nothing was migrated",
    ),
    "upgrade.reads_differently": (
        "seq {seq}（{type}）：当前版本的 opsledger 把 {name} 读作 {read}，而记录的是 {value}：未迁移任何内容",
        "seq {seq} ({type}): this opsledger reads {name} as {read}, recorded as {value}: nothing was migrated",
    ),
    "upgrade.unregistered": (
        "seq {seq}：站点 {site} 在登记之前就有事件；未迁移任何内容",
        "seq {seq}: site {site} has events before it was registered; nothing was migrated",
    ),
    "upgrade.check_fails": (
        "{what} 校验不通过，未做替换：{error}",
        "{what} does not verify, nothing was swapped in: {error}",
    ),
    "upgrade.check_heads": (
        "{what} 与迁移的链头不一致；未做替换",
        "{what} does not end at the migration's heads; nothing was swapped in",
    ),
    "upgrade.checkpoints_unwritten": (
        "账本已升级，但无法写入 {path}（{reason}）：请用 `opsledger checkpoint --site SITE --buyer NAME` 生成检查点",
        "the ledger is upgraded, but {path} could not be written ({reason}): make the checkpoints with "
        "`opsledger checkpoint --site SITE --buyer NAME`",
    ),
    # -- register mappings (ledger/registers/mapping.py) and sheets (sheets.py) ----------------------------------
    "map.table": ("表 {name}", "table {name}"),
    "map.did_you_mean": ("（是否想写 {close}？）", " (did you mean {close}?)"),
    "map.scope_twice": (
        "有两张带 identity 的表都是 {scope}：请给每张表各自的工作表名",
        "two tables with an identity are both {scope}: give each its own sheet name",
    ),
    "map.type_xor": (
        "{where}：`type` 和 `type_column` 必须且只能给一个",
        "{where}: give exactly one of `type` or `type_column`",
    ),
    "map.types_needed": (
        "{where}：`type_column` 需要一个 [types] 表（单元格文字 -> 事件类型）",
        "{where}: `type_column` needs a [types] table (cell text -> event type)",
    ),
    "map.unknown_type": ("{where}：未知的事件类型 {type}{hint}", "{where}: unknown event type {type}{hint}"),
    "map.not_operation": (
        "{where}：{type} 不是台账记录的业务操作（请用它自己的命令）",
        "{where}: {type} is not an operation a register records (use its own command)",
    ),
    "map.same_target": (
        "{where}：列 {other} 和 {header} 都映射到了 {target}",
        "{where}: columns {other} and {header} both map to {target}",
    ),
    "map.no_field": (
        "{where}：列 {header} 映射到 {target}，但 {types} 没有这个字段{hint}",
        "{where}: column {header} maps to {target}, which {types} has no field of{hint}",
    ),
    "map.no_date": (
        "{where}：没有列映射到 occurred_at（每一行发生的日期）",
        "{where}: no column maps to occurred_at (the date each row happened)",
    ),
    "map.type_column_mapped": (
        "{where}：{column} 是类型列，不要再把它映射到字段",
        "{where}: {column} is the type column; do not map it to a field too",
    ),
    "map.constants_type": (
        "{where}：type_constants 中写了 {type}，但这张表并不产生这类事件",
        "{where}: type_constants names {type}, which this table does not make",
    ),
    "map.constant_not_common": (
        "{where}：常量 {field} 不是这里每种类型（{types}）都有的字段：请把它放到 type_constants 下",
        "{where}: constant {field} is not a field of every type here ({types}): put it under type_constants",
    ),
    "map.constants_field": (
        "{where}：type_constants.{type}：{type} 没有字段 {field}",
        "{where}: type_constants.{type}: {type} has no field {field}",
    ),
    "map.values_unmapped": (
        "{where}：values.{field}：没有列映射到 {quoted}",
        "{where}: values.{field}: no column maps to {quoted}",
    ),
    "map.identity_twice": ("{where}：identity 把同一列写了两次", "{where}: identity names a column twice"),
    "map.identity_column": (
        "{where}：identity 列 {header} 映射到 {target}：站点本来就是每个身份标识的一部分，id 和幂等键本身就是身份标识",
        "{where}: identity column {header} maps to {target}: the site is part of every identity already, and ids "
        "and keys are identities of their own",
    ),
    "map.identity_and_id": (
        "{where}：identity 和映射到 id/idempotency_key 的列只能给一个，不能都给",
        "{where}: give either an identity or a column mapped to id/idempotency_key, not both",
    ),
    "map.cannot_read": ("无法读取映射文件 {path}：{reason}", "cannot read mapping {path}: {reason}"),
    "map.not_toml": ("{name}：不是有效的 TOML：{error}", "{name}: not valid TOML: {error}"),
    "map.unknown_key": ("未知的键", "unknown key"),
    "map.invalid_at": ("{name}：{loc}：{error}", "{name}: {loc}: {error}"),
    "map.invalid": ("{name}：{error}", "{name}: {error}"),
    "sheet.not_xlsx": (
        "无法把 {name} 作为 xlsx 工作簿读取：{error}",
        "cannot read {name} as an xlsx workbook: {error}",
    ),
    "sheet.cannot_read": ("无法读取 {path}：{reason}", "cannot read {path}: {reason}"),
    "sheet.bad_encoding": ("映射文件中的编码 {encoding} 未知", "unknown encoding {encoding} in the mapping"),
    "sheet.bad_text": (
        "{name} 第 {row} 行附近：不是有效的 {encoding} 文本（在中文 Windows 上用 Excel 保存的 CSV 通常是 GBK 编码："
        '请在映射文件中设置 encoding = "gb18030"）',
        "{name} near row {row}: not valid {encoding} text (a CSV saved by Excel on Chinese Windows is usually GBK: "
        'set encoding = "gb18030" in the mapping)',
    ),
    "sheet.bad_csv": (
        "{name} 第 {row} 行：不是有效的 CSV（{error}）",
        "{name} row {row}: not valid CSV ({error})",
    ),
    "sheet.ambiguous": (
        "{name}：没有名为 {table} 的工作表，而工作表 {found} 都有它的表头：请把其中确实是 {table} 的那张改名",
        "{name}: no sheet named {table}, and sheets {found} all have its headers: rename the one that is {table}",
    ),
    "sheet.two_tables": (
        "{name}：工作表 {sheet} 同时有 {table} 和 {rival} 的表头：请把它改名为它实际对应的那张表",
        "{name}: sheet {sheet} has the headers of both {table} and {rival}: rename it to the one it is",
    ),
    # -- the buyer's checkpoints (ledger/checkpoint.py) -------------
    "ckpt.where": ("检查点", "checkpoint"),
    "ckpt.where_nth": ("{where}（第 {n} 个）", "{where} (checkpoint {n})"),
    "ckpt.bad_key_name": (
        "密钥名 {name} 不能用于签署签名文本：不能含空格或 '+'，长度 1-80 个字符",
        "key name {name} cannot sign a note: no spaces or '+', 1-80 characters",
    ),
    "ckpt.not_utf8": (
        "{where}：不是 UTF-8 文本（检查点是 `opsledger checkpoint` 打印出的文本）",
        "{where}: not UTF-8 text (a checkpoint is the text `opsledger checkpoint` prints)",
    ),
    "ckpt.none_in_file": ("{where}：里面没有检查点", "{where}: holds no checkpoint"),
    "ckpt.too_big": (
        "{where}：超过 {max} 字节：不是检查点",
        "{where}: larger than {max} bytes: not a checkpoint",
    ),
    "ckpt.control_char": (
        "{where}：含有控制字符（U+{code}）：不是检查点",
        "{where}: contains a control character (U+{code}): not a checkpoint",
    ),
    "ckpt.no_blank": (
        "{where}：签名行之前没有空行：不是已签名的检查点",
        "{where}: no blank line before its signature lines: not a signed checkpoint",
    ),
    "ckpt.line_count": (
        "{where}：有 {n} 行正文；检查点应有 4 行（来源、长度、哈希、时间）",
        "{where}: {n} text lines; a checkpoint has 4 (origin, size, hash, time)",
    ),
    "ckpt.bad_origin": (
        "{where}：来源 {origin} 不是 {prefix}SITE 的形式",
        "{where}: origin {origin} is not {prefix}SITE",
    ),
    "ckpt.bad_size": (
        "{where}：长度 {size} 不是链长度（1、2……不带前导零）",
        "{where}: size {size} is not a chain length (1, 2, ... no leading zeros)",
    ),
    "ckpt.bad_hash": (
        "{where}：哈希行 {root} 不是 32 字节哈希的 base64 编码",
        "{where}: hash line {root} is not the base64 of a 32-byte hash",
    ),
    "ckpt.bad_time_line": (
        "{where}：第四行必须是 'time INSTANT'，而不是 {stamp}",
        "{where}: the fourth line must be 'time INSTANT', not {stamp}",
    ),
    "ckpt.at": ("{where}：{error}", "{where}: {error}"),
    "ckpt.time_form": (
        "{where}：时间 {stamp} 不是账本的时刻格式",
        "{where}: time {stamp} is not in the ledger's instant form",
    ),
    "ckpt.no_signature": (
        "{where}：空行之后没有签名行（'{dash} NAME SIGNATURE'）",
        "{where}: no signature line ('{dash} NAME SIGNATURE') after the blank line",
    ),
    "ckpt.too_many_signatures": ("{where}：签名超过 {max} 个", "{where}: more than {max} signatures"),
    "ckpt.bad_signature_line": (
        "{where}：签名行 {line} 不是 '{dash} NAME SIGNATURE' 的形式",
        "{where}: signature line {line} is not '{dash} NAME SIGNATURE'",
    ),
    "ckpt.bad_signature": (
        "{where}：{name} 的签名不是 base64 编码的 Ed25519 签名",
        "{where}: the signature of {name} is not a base64 Ed25519 signature",
    ),
    "ckpt.untrusted_checkpoint": (
        "站点 {site}：检查点 #{size} 由 {fp} 签名，所用的采购方密钥不是受信任的密钥",
        "site {site}: the checkpoint #{size} is signed by {fp} under a buyer key that is not a trusted key",
    ),
    "ckpt.untrusted_head": (
        "站点 {site}：其链头 #{seq} 没有任何受信任的密钥签名（只有检查点或紧随其后的签字确认才能为链头作证）："
        "请用 --against FILE 传入采购方最新的检查点，或请采购方生成一个（`opsledger checkpoint --site {site} "
        "--buyer NAME`）",
        "site {site}: its head #{seq} is signed by no trusted key (only a checkpoint or a sign-off right after it can "
        "vouch for a head): pass the buyer's latest checkpoint with --against FILE, or have the buyer make one "
        "(`opsledger checkpoint --site {site} --buyer NAME`)",
    ),
    "ckpt.empty": ("站点 {site} 没有事件：无可设检查点", "site {site} has no events: nothing to checkpoint"),
    "ckpt.label": ("检查点 {site} #{size}（{time}）", "checkpoint {site} #{size} of {time}"),
    "ckpt.none": ("（无）", "(none)"),
    "ckpt.no_site": (
        "{label}：账本中已经没有（或从来没有）站点 {site}",
        "{label}: the ledger has no site {site} any more (or never had)",
    ),
    "ckpt.altered": (
        "检查点 {site} #{size}：{name} 的签名（{fp}）验证不通过：检查点在签名后被改动过",
        "checkpoint of {site} #{size}: the signature of {name} ({fp}) does not verify: the checkpoint was altered "
        "after it was signed",
    ),
    "ckpt.unknown_key": (
        "{label}：由 {names} 签名，而这把密钥不是本站点的链在 #{size} 时所知的密钥（既不是其采购方密钥 {fp}，也不是采购方"
        "委托的密钥）：它什么也证明不了",
        "{label}: signed by {names}, with no key this site's chain knows at #{size} (neither its buyer key {fp} nor a "
        "key the buyer delegated): it proves nothing",
    ),
    "ckpt.truncated": (
        "{label}：{site} 的链现在止于 #{end}：检查点签过的事件 #{first}..#{size} 被删除了（日志被截断）",
        "{label}: the chain of {site} now ends at #{end}: events #{first}..#{size}, which the checkpoint signed, were "
        "removed (the log was truncated)",
    ),
    "ckpt.rewritten": (
        "{label}：链的 #{size} 是 {got}…，检查点签的是 {signed}…：日志在 #{size} 或之前被改写过",
        "{label}: the chain's #{size} is {got}…, the checkpoint signed {signed}…: the log was rewritten at or before "
        "#{size}",
    ),
    "ckpt.not_authorised": (
        "{name} 的密钥 {fp} 既不是 {site} 的采购方密钥，也不是采购方在那里委托的密钥：它签的检查点什么也证明不了"
        "（请用 --buyer NAME 签名，或以受委托的评估人员签名）",
        "{name}'s key {fp} is neither the buyer key of {site} nor a key the buyer delegated there: a checkpoint it "
        "signs would prove nothing (sign with --buyer NAME, or as a delegated assessor)",
    ),
    "ckpt.cannot_read": (
        "无法读取检查点文件 {path}：{reason}",
        "cannot read checkpoint file {path}: {reason}",
    ),
    "ckpt.too_large": ("{path} 太大，不可能是检查点文件", "{path} is too large to be a file of checkpoints"),
    # -- the stores (ledger/store.py, ledger/backends/) -----------------------------------------------------------
    "store.moved_on": (
        "站点 {site} 已有新的写入：预期链头 #{expected}，实际为 #{found}（请重试）",
        "site {site} moved on: expected head {expected}, found {found} (retry)",
    ),
    "store.not_continuing": (
        "站点 {site}：事件 #{n} 接不上链的 #{head}（请重试）",
        "site {site}: event #{n} does not continue the chain at #{head} (retry)",
    ),
    "store.copy_order": (
        "seq {seq} 不在 seq {last} 之后：请按 seq 顺序复制事件",
        "seq {seq} does not come after seq {last}: copy events in seq order",
    ),
    "db.conflict": (
        "{path}：另一个写入者抢先延长了链（请重试）：{detail}",
        "{path}: another writer extended the chain first (retry): {detail}",
    ),
    "db.conflict_plain": (
        "{path}：另一个写入者抢先延长了链（请重试）",
        "{path}: another writer extended the chain first (retry)",
    ),
    "db.conflict_maybe": (
        "{path}：新事件接不上链（数据库的原话：{detail}）；可能是另一个写入者抢先延长了链（请重试）",
        "{path}: {detail}; another writer may have extended the chain first (retry)",
    ),
    "db.refused": ("{path}：数据库拒绝了写入：{detail}", "{path}: refused by the database: {detail}"),
    # PostgreSQL's own guards (pg_schema's triggers) say why in English: kept as the value, said in Chinese first
    "db.refused_login": (
        "{path}：数据库拒绝了写入：事件的 actor 必须是写入它的数据库登录角色（数据库的原话：{detail}）",
        "{path}: refused by the database: {detail}",
    ),
    "db.refused_day": (
        "{path}：数据库拒绝了写入：occurred_on 必须是 occurred_at 的日期（数据库的原话：{detail}）",
        "{path}: refused by the database: {detail}",
    ),
    "db.refused_id": (
        "{path}：数据库拒绝了写入：已存有相同 id 的事件",
        "{path}: refused by the database: an event with that id is already stored",
    ),
    "db.refused_key": (
        "{path}：数据库拒绝了写入：该幂等键已存在",
        "{path}: refused by the database: that idempotency key is already stored",
    ),
    "db.busy": (
        "{path}：账本正忙（另一个写入者占用太久）；请重试",
        "{path}: the ledger is busy (another writer held it too long); try again",
    ),
    "db.busy_v1": (
        "{path}：账本正忙（另一个进程占用着它）；请重试",
        "{path}: the ledger is busy (another process holds it); try again",
    ),
    "db.busy_server": (
        "{path}：账本正忙（{detail}）；未写入任何内容：请重试",
        "{path}: the ledger is busy ({detail}); nothing was written: try again",
    ),
    "db.read_only_open": (
        "{path}：账本在这里是只读的：要修改请打开一个可写的副本",
        "{path}: the ledger is read-only here: open a writable copy to change it",
    ),
    "db.disk_full": (
        "{path}：磁盘已满，未写入任何内容；请腾出空间后重试",
        "{path}: the disk is full: nothing was written; free some space and retry",
    ),
    "db.no_update": (
        "{path}：事件只能追加，不能修改：请追加一条更正（correction）",
        "{path}: events are append-only: append a correction instead",
    ),
    "db.no_delete": (
        "{path}：事件只能追加，不能删除：请追加一条撤回（retraction）",
        "{path}: events are append-only: append a retraction instead",
    ),
    "db.error": ("{path}：数据库错误：{detail}", "{path}: database error: {detail}"),
    "db.not_opsledger_db": (
        "{path}：不是 opsledger 数据库（{detail}）",
        "{path}: not an opsledger database ({detail})",
    ),
    "db.damaged": (
        "{path}：数据库文件已损坏（{detail}）：未做任何改动；请从备份恢复（`opsledger verify --deep` 会逐页检查）",
        "{path}: the database file is damaged ({detail}): nothing was changed; restore it from a backup "
        "(`opsledger verify --deep` checks every page)",
    ),
    "db.no_format": (
        "{path} 有 events 表，但不是 opsledger 账本：拒绝使用它",
        "{path} has an events table but is not an opsledger ledger: refusing to use it",
    ),
    "db.schema_one": (
        "{path} 是第 1 版结构的账本（一条全局链）：请运行 `opsledger migrate --db {path}` 改为按站点分链（迁移前会先校验）",
        "{path} is a schema-1 ledger (one global chain): run `opsledger migrate --db {path}` to move it to per-site "
        "chains (it is verified first)",
    ),
    "db.schema_other": (
        "{path} 的账本结构版本是 {version}；当前的 opsledger 只能读取版本 {expected}",
        "{path} has schema {version}; this opsledger reads schema {expected}",
    ),
    "db.trigger_missing": (
        "触发器 {name} 不见了：events 表不再是只能追加的",
        "trigger {name} is missing: the events table is no longer append-only",
    ),
    "db.seq_gap": (
        "事件的 seq 编号最大到 {high}，而事件共 {count} 条{kept}，应为 1..{n}：有行被绕过账本重新编号或删除了",
        "the events' seq numbers run up to {high} for {count} events{kept}, not 1..{n}: a row was renumbered or "
        "removed behind the ledger's back",
    ),
    "db.seq_skipped": (
        "（其中 {skipped} 个编号在从 PostgreSQL 复制时跳过）",
        " ({skipped} skipped in a copy from PostgreSQL)",
    ),
    "db.page_damaged": (
        "数据库文件已损坏：SQLite 逐页检查报告 {detail}",
        "the database file is damaged: {detail}",
    ),
    "db.row_edited": (
        "站点 {site} #{n}（seq {seq}）：存储的 occurred_on {stored} 与参与哈希的 occurred_at {hashed} 不符：该行被绕过账本改动过",
        "site {site} #{n} (seq {seq}): its stored occurred_on {stored} does not match its hashed occurred_at "
        "{hashed}: the row was edited behind the ledger's back",
    ),
    "db.evidence_unreadable": ("无法读取证据 {sha}…：{reason}", "cannot read evidence {sha}…: {reason}"),
    "mem.order": (
        "seq {seq} 不在 {last} 之后：事件须按 seq 顺序给出",
        "seq {seq} is not after {last}: events must come in seq order",
    ),
    "mem.read_only": (
        "这个内存中的账本是只读的（回放或材料包）：不能追加任何内容",
        "this in-memory ledger is read-only (a replay or a bundle): nothing can be appended",
    ),
    "mem.id_stored": (
        "存储拒绝了写入：站点 {site} 已存有事件 id {id}",
        "refused by the store: event id {id} is already stored for site {site}",
    ),
    "mem.key_stored": (
        "存储拒绝了写入：幂等键 {key} 已存在",
        "refused by the store: idempotency key {key} is already stored",
    ),
    # -- PostgreSQL (ledger/backends/postgres.py, pg_errors.py) ---------------------------------------------------
    "pg.closed": ("{url}：这个账本已经关闭", "{url}: this ledger has been closed"),
    "pg.init_owner": (
        "{url}：`opsledger init` 必须以数据库所有者的身份运行（{detail}）",
        "{url}: `opsledger init` must run as the database's owner ({detail})",
    ),
    "pg.roles_missing": (
        "{url}：角色 {user_role} 和 {app_role} 不存在，而 {user} 无权创建：请以超级用户身份运行 "
        "`CREATE ROLE {user_role} NOLOGIN; CREATE ROLE {app_role} NOLOGIN IN ROLE {user_role};`，然后重新 init",
        "{url}: the roles {user_role} and {app_role} do not exist and {user} may not create them: as a superuser run "
        "`CREATE ROLE {user_role} NOLOGIN; CREATE ROLE {app_role} NOLOGIN IN ROLE {user_role};`, then init again",
    ),
    "pg.no_ledger": (
        "{url} 中没有 opsledger 账本：请（以数据库所有者身份）运行 `opsledger init`",
        "{url} holds no opsledger ledger: run `opsledger init` (as the database owner)",
    ),
    "pg.schema": (
        "{url} 的账本结构版本是 {found}；当前的 opsledger 只能读取版本 {expected}",
        "{url} has ledger schema {found}; this opsledger reads schema {expected}",
    ),
    "pg.schema_none": ("（无）", "none"),
    "pg.trigger_missing": (
        "触发器 {name} 不见了：events 表不再受它保护",
        "trigger {name} is missing: the events table is no longer guarded by it",
    ),
    "pg.trigger_disabled": (
        "触发器 {name} 被禁用了：events 表不再受它保护",
        "trigger {name} is disabled: the events table is no longer guarded by it",
    ),
    "pg.wide_grant": (
        "角色 {role} 可以对 events 执行 {privilege}：请撤销",
        "role {role} may {privilege} events: revoke it",
    ),
    "pg.read_only": (
        "{url}：登录角色 {login} 不能在这里追加（只读：不是 {role} 的成员，或这是备用服务器）",
        "{url}: login role {login} may not append here (read-only: not a member of {role}, or a standby server)",
    ),
    "pg.permission": (
        "{url}：权限不足（{detail}）：登录角色需要是 {user_role} 的成员（替他人写入和写缓存还需 {app_role}）；请联系数据库所有者",
        "{url}: permission denied ({detail}): the login role needs membership in {user_role} (writing for others and "
        "the cache: {app_role}); ask the database owner",
    ),
    "pg.standby": (
        "{url}：这台服务器是只读的（备用服务器？）：请写入主服务器",
        "{url}: this server is read-only (a standby?): write to the primary",
    ),
    "pg.resources": (
        "{url}：{what}（{detail}）：未写入任何内容；解决后请重试",
        "{url}: {what} ({detail}): nothing was written; retry when it is fixed",
    ),
    "pg.disk_full": ("磁盘已满", "the disk is full"),
    "pg.out_of_resources": ("服务器资源不足", "the server is out of resources"),
    "pg.no_database": (
        "{url}：数据库 {name} 不存在：请先创建（`createdb {bare}`），再运行 `opsledger init`",
        "{url}: database {name} does not exist: create it (`createdb {bare}`), then `opsledger init`",
    ),
    "pg.no_role": (
        "{url}：登录角色 {name} 不存在：请管理员创建",
        "{url}: login role {name} does not exist: ask the administrator to create it",
    ),
    "pg.bad_password": (
        "{url}：密码认证失败：请检查用户名和密码（URL、PGPASSWORD 或 ~/.pgpass）",
        "{url}: password authentication failed: check the user and password (URL, PGPASSWORD or ~/.pgpass)",
    ),
    "pg.needs_password": (
        "{url}：服务器要求密码：请写在 PGPASSWORD 或 ~/.pgpass 中（或写进 URL）",
        "{url}: the server asks for a password: put it in PGPASSWORD or ~/.pgpass (or the URL)",
    ),
    "pg.hba": (
        "{url}：服务器拒绝这次登录（{detail}）：请查看 pg_hba.conf",
        "{url}: the server refuses this login ({detail}): see pg_hba.conf",
    ),
    "pg.no_server": (
        "{url}：那里没有在监听的 PostgreSQL 服务器：请启动它，或改正 URL 中的主机/端口",
        "{url}: no PostgreSQL server is listening there: start it, or fix the host/port in the URL",
    ),
    "pg.unknown_host": (
        "{url}：未知主机：请改正 URL 中的主机",
        "{url}: unknown host: fix the host in the URL",
    ),
    "pg.timeout": (
        "{url}：服务器没有及时应答：请检查它是否在运行、网络是否可达",
        "{url}: the server did not answer in time: check that it is running and reachable",
    ),
    "pg.bad_url": (
        "{url}：数据库 URL 有误（{detail}）：请写成 postgresql://user@host/dbname",
        "{url}: bad database URL ({detail}): use postgresql://user@host/dbname",
    ),
    "pg.cannot_connect": (
        "{url}：无法连接 PostgreSQL：{detail}",
        "{url}: cannot connect to PostgreSQL: {detail}",
    ),
    # -- schema-1 chains (ledger/legacy.py), appends, payload rules, public keys -----------------------------------
    "v1.missing": (
        "哈希链在 seq {seq} 处断开：缺少该事件（下一条存储的是 {next}）",
        "chain broken at seq {seq}: event missing (next stored is {next})",
    ),
    "v1.prev": (
        "哈希链在 seq {seq} 处断开：prev_hash 与事件 {prev} 不符",
        "chain broken at seq {seq}: prev_hash does not match event {prev}",
    ),
    "v1.hash": (
        "哈希链在 seq {seq} 处断开：内容与其哈希不符",
        "chain broken at seq {seq}: its content does not match its hash",
    ),
    "append.migrated_only": (
        "ledger_migrated 只能由 `opsledger migrate` 写入，不能追加",
        "ledger_migrated is written by `opsledger migrate` only, never appended",
    ),
    "ev.survey_answer": (
        "请给出 score=0..100 或 satisfied=true/false",
        "give score=0..100 or satisfied=true/false",
    ),
    "ev.summary_figures": (
        "请给出 satisfied=N（答卷人中满意的人数）和/或 mean_score=0..100",
        "give satisfied=N (of the respondents) and/or mean_score=0..100",
    ),
    "ev.summary_exceeds": (
        "satisfied（{satisfied}）不能超过 respondents（{respondents}）",
        "satisfied ({satisfied}) cannot exceed respondents ({respondents})",
    ),
    "ev.ratings_empty": ("ratings：至少要给一个方面打分", "ratings: rate at least one aspect"),
    "key.pub_unreadable": ("无法读取公钥 {path!r}：{reason}", "cannot read public key {path!r}: {reason}"),
    "key.pub_bad": (
        "{path} 里不是公钥（应为 64 个十六进制字符，即 `opsledger keys new` 写出的内容）",
        "{path} does not hold a public key (64 hex characters, as `opsledger keys new` writes)",
    ),
    "key.pub_none": (
        "没有公钥 {value!r}：请给出 64 个十六进制字符或一个 .pub 文件（`opsledger keys new --actor NAME` 会生成）",
        "no public key {value!r}: give 64 hex characters or a .pub file (`opsledger keys new --actor NAME` makes one)",
    ),
    "lim.quoted_long": ("{shown}…（共 {n} 个字符）", "{shown}… ({n} characters)"),
    "lim.seq": ("{what} {value} 超出范围（1..{most}）", "{what} {value} is out of range (1..{most})"),
    "lim.what_seq": ("序号", "sequence number"),
    "lim.constant": ("{name} 不是本账本接受的数", "{name} is not a number this ledger accepts"),
    "reg.missing_from": ("seq {seq}（{table} 中已没有）", "seq {seq} (missing from {table})"),
    "reg.table_absent": ("{table}：不在这份台账中", "{table}: not in this register"),
    "reg.sheet_as": ("{sheet}（作为 {table}）", "{sheet} (as {table})"),
    "reg.table_line": ("{name} {records}{extra}", "{name} {records}{extra}"),
    "reg.skipped": ("（跳过：{skipped}）", " (skipped: {skipped})"),
    "reg.file_sheet": ("{file} 工作表 {sheet}", "{file} sheet {sheet}"),
    "reg.empty": ("{where}：是空的", "{where}: empty"),
    "ckpt.size_of": ("{where}：长度", "{where}: size"),
    "ckpt.trusted_checkpoint": (
        "  {site}：#{size} 由受信任的密钥签名（{time} 的检查点）",
        "  {site}: #{size} is signed by a trusted key (checkpoint of {time})",
    ),
    "ckpt.trusted_signoff": (
        "  {site}：#{seq} 是一次签字确认，签名密钥 {fp} 是受信任的采购方密钥委托的",
        "  {site}: #{seq} is a sign-off signed by {fp}, a key the trusted buyer key delegated",
    ),
    "ckpt.proof": (
        "  检查点 {site} #{size} {hash}…（{time}）：由{role}密钥 {fp} 签名；账本完整保留了这段前缀{after}",
        "  checkpoint {site} #{size} {hash}… of {time}: signed by the {role} key {fp}; the ledger holds exactly "
        "that prefix{after}",
    ),
    "ckpt.since": ("；此后又有 {n} 条事件，尚无人签名", "; {n} event{s} since, signed by nobody yet"),
    "ckpt.role_buyer": ("采购方", "buyer"),
    "ckpt.role_assessor": ("评估人员 {name} 的", "assessor {name}"),
}
