"""The command line's `--help`: every command's, option's and argument's text, (中文, English), by where it appears.

A key is the command as typed, then the parameter: `opsledger log` (the command), `opsledger log --site` (an
option, by its long name), `opsledger log event_type` (an argument, by its name in cli.py). `* --actor` is the text
of an option every command that takes it shares (a command's own entry wins). The `help.*` entries are click's own
words around them (Usage, Options...). cli.py (its help section) looks these up when it formats a help page, in the language of that
moment, so the command modules hold no help text; tests/test_cli_help.py checks every command, option and argument has both.
Texts are plain (no {placeholders}); a paragraph starting with a line of its own holding \\b is printed unwrapped.
"""

from __future__ import annotations

M: dict[str, tuple[str, str]] = {
    # -- click's words around the texts ------------------------------------------------------------------------
    "help.usage": ("用法：", "Usage: "),
    "help.options": ("选项：", "Options:"),
    "help.arguments": ("参数：", "Positional arguments:"),
    "help.commands": ("命令：", "Commands:"),
    "help.default": ("默认：{default}", "default: {default}"),
    "help.required": ("必填", "required"),
    # -- shared options -------------------------------------------------------------------------------------
    "* --help": ("显示本帮助并退出。", "Show this message and exit."),
    "* --actor": (
        "写入者（未给出时用 OPSLEDGER_ACTOR，再没有则用操作系统用户名）。",
        "Who writes this (else OPSLEDGER_ACTOR, else the OS user).",
    ),
    "* --keys-dir": (
        "密钥文件所在目录（默认 OPSLEDGER_KEYS，再没有则为 ~/.opsledger/keys）。",
        "Key files (default OPSLEDGER_KEYS, else ~/.opsledger/keys).",
    ),
    "* --buyer": (
        "用其密钥（密钥目录中的 NAME.pem）签名的采购方（未给出时用 OPSLEDGER_BUYER）。",
        "The buyer whose key (NAME.pem in the keys directory) signs this (else OPSLEDGER_BUYER).",
    ),
    "* --allow-future": ("允许存入日期晚于今天的事件。", "Store events dated after today."),
    "* --confirm": (
        "允许存入远超站点考核方案所衡量范围的数字（目标值的 100 倍以上）。",
        "Store figures far beyond anything the site's scheme measures (100x its targets).",
    ),
    "* --site": ("站点。", "The site."),
    "* --period": ("考核期。", "The period."),
    "* --scheme": (
        "按此考核方案评分，而不是合同约定的方案。",
        "Score under this scheme instead of the contract's.",
    ),
    "* --as-of": (
        "只计入此时刻之前记录的事件。",
        "Only events recorded by this instant count.",
    ),
    "* --format": ("输出格式：table 供阅读，json 供脚本使用。", "table to read, json for scripts."),
    "* seq": (
        "事件的序号（`opsledger events` 第一列）。",
        "An event's sequence number (the first column of `opsledger events`).",
    ),
    # -- opsledger ------------------------------------------------------------------------------------------
    "opsledger": (
        "opsledger：只追加、防篡改的运营账本，按采购方的考核方案评分。",
        "opsledger: an append-only, tamper-evident ledger of operations, scored under the buyer's scheme.",
    ),
    "opsledger --db": (
        "账本：一个 SQLite 文件，或 postgresql://user@host/dbname。也可用 OPSLEDGER_DB 设置。",
        "The ledger: a SQLite file, or postgresql://user@host/dbname. Also OPSLEDGER_DB.",
    ),
    "opsledger --schemes-dir": (
        "采购方自己的考核方案文件目录，与内置方案并列（同一编号以采购方的为准）。也可用 OPSLEDGER_SCHEMES 设置。",
        "A buyer's own scheme files, beside the built-in ones (theirs win on the same id). Also OPSLEDGER_SCHEMES.",
    ),
    "opsledger --lang": (
        "提示语言：中文（zh）或英文（en）。未给出时看 OPSLEDGER_LANG，再看系统区域设置"
        "（LC_ALL/LC_MESSAGES/LANG 以 en 开头为英文），否则为中文。",
        "Messages in Chinese (zh) or English (en). Else OPSLEDGER_LANG, else the locale (LC_ALL/LC_MESSAGES/LANG "
        "starting with en: English), else Chinese.",
    ),
    "opsledger --version": ("显示版本号并退出。", "Show the version and exit."),
    "opsledger init": (
        "创建一个空账本：SQLite 文件（WAL 模式，只追加触发器）；或在 PostgreSQL 上创建 opsledger 模式、其触发器，"
        "并向角色 opsledger_user 和 opsledger_app 授权（须以所有者身份运行）。",
        "Create an empty ledger: a SQLite file (WAL mode, append-only triggers), or on PostgreSQL the opsledger "
        "schema, its triggers and the grants to the roles opsledger_user and opsledger_app (run as the owner).",
    ),
    # -- sites and roles ------------------------------------------------------------------------------------
    "opsledger site": (
        "登记事件所涉及的站点（产业园、市场、中心、联盟单位）。",
        "Register the sites (parks, markets, centres, alliance units) events are about.",
    ),
    "opsledger site add": (
        "登记站点 SITE（一个简短编号，如 wujiang-park）；登记本身也是一条事件。",
        "Register SITE (a short id such as wujiang-park): itself an event.",
    ),
    "opsledger site add site_id": ("站点编号，如 wujiang-park。", "The site's id, e.g. wujiang-park."),
    "opsledger site add --name": (
        "显示名称，如 吴江人力资源产业园。",
        "Display name, e.g. 吴江人力资源产业园.",
    ),
    "opsledger site add --kind": ("站点类别。", "What kind of site it is."),
    "opsledger site add --on": ("纳入账本的日期（默认今天）。", "Date it joined the ledger (default today)."),
    "opsledger sites": (
        "已登记的站点，及各自的事件数和日期范围。",
        "The registered sites with their event counts and date ranges.",
    ),
    "opsledger role": (
        "为写入者授予角色（仅限评估人员的事件须由评估人员写入）。",
        "Grant actors roles (assessor-only events need an assessor).",
    ),
    "opsledger role grant": (
        "采购方授予 ACTOR 某站点的运营人员或评估人员角色（用 --buyer 的密钥签名）；授予评估人员时即授权其公钥，"
        "此后其判定、关闭考核期和签核都用该公钥对应的密钥签名。",
        "The buyer makes ACTOR an operator or an assessor of a site (signed with --buyer's key); an assessor's "
        "grant delegates their public key, which then signs their judgements, closes and sign-offs.",
    ),
    "opsledger role grant grantee": ("被授予角色的人（其名称）。", "Who gets the role (their name)."),
    "opsledger role grant --role": ("要授予的角色。", "The role to grant."),
    "opsledger role grant --site": ("角色所适用的站点。", "The site the role applies to."),
    "opsledger role grant --key": (
        "评估人员的公钥：一个 .pub 文件或 64 位十六进制字符（默认为密钥目录中的 ACTOR.pub）。",
        "An assessor's public key: a .pub file or 64 hex characters (default ACTOR.pub in the keys dir).",
    ),
    "opsledger role grant --on": ("授予日期（默认今天）。", "Date of the grant (default today)."),
    # -- writing --------------------------------------------------------------------------------------------
    "opsledger log": (
        "追加一条 TYPE 类事件；内容字段写成 字段=值（`opsledger catalog` 列出所有字段）。",
        "Append one event of TYPE; payload fields as FIELD=VALUE (`opsledger catalog` lists them).",
    ),
    "opsledger log event_type": (
        "事件类型：编号或中文名称，如 job_fair_held 或 举办招聘会。",
        "The event type: its id or Chinese name, e.g. job_fair_held or 举办招聘会.",
    ),
    "opsledger log fields": (
        "内容字段，如 企业数=36 或 companies=36（字段和取值的中文名与编号通用）。",
        "Payload fields, e.g. companies=36 or 企业数=36 (fields and values by id or Chinese name).",
    ),
    "opsledger log --site": ("事件所涉及的已登记站点。", "The registered site the event is about."),
    "opsledger log --on": ("发生时间：YYYY-MM-DD[THH:MM]。", "When it happened: YYYY-MM-DD[THH:MM]."),
    "opsledger log --key": (
        "幂等键：同一个键写入两次只存一条事件。",
        "Idempotency key: the same key twice stores one event.",
    ),
    "opsledger log --covers": (
        "事件所报告的时期，当它不是发生当天时（2026-03、2026-Q1、2026-H1、2026）。",
        "The period it reports on, when not the day it happened (2026-03, 2026-Q1, 2026-H1, 2026).",
    ),
    "opsledger log --evidence": (
        "引用的佐证文件（可重复）。",
        "A supporting file to reference (repeatable).",
    ),
    "opsledger correct": (
        "更正事件 SEQ 的字段（occurred_at=日期 可改其发生日期）；原事件仍保留在日志中。",
        "Supersede fields of event SEQ (occurred_at=DATE moves it); the original stays in the log.",
    ),
    "opsledger correct seq": ("要更正的事件的序号。", "The sequence number of the event to correct."),
    "opsledger correct changes": (
        "新的字段值，如 企业数=40（只写要改的字段）。",
        "The new field values, e.g. companies=40 (only the fields that change).",
    ),
    "opsledger correct --reason": ("原事件错在哪里。", "Why the original was wrong."),
    "opsledger retract": (
        "撤回事件 SEQ，使其作废；原事件仍保留在日志中。",
        "Void event SEQ; the original stays in the log.",
    ),
    "opsledger retract seq": ("要撤回的事件的序号。", "The sequence number of the event to void."),
    "opsledger retract --reason": ("事件为何作废。", "Why the event is void."),
    "opsledger import": (
        "追加 JSONL 或 CSV 文件中的全部事件（或用 --map 读取台账），要么全部写入，要么一条不写；已存的事件跳过。",
        "Append every event in a JSONL or CSV file (or a register with --map), all or nothing; events already "
        "stored are skipped.",
    ),
    "opsledger import file": (
        "事件文件（.jsonl 或 .csv），或配合 --map 的台账（.xlsx 或 .csv）。",
        "An event file (.jsonl or .csv), or with --map a register (.xlsx or .csv).",
    ),
    "opsledger import --format": (
        "文件格式（默认按扩展名判断）。",
        "File format (default: from the extension).",
    ),
    "opsledger import --map": (
        "FILE 是一份台账（.xlsx 或 .csv），按此映射文件读取（见 data/mappings/）。",
        "FILE is a register (台账, .xlsx or .csv) read through this mapping (see data/mappings/).",
    ),
    "opsledger import --site": (
        "配合 --map：每一行所涉及的站点（除非某一列另有说明）。",
        "With --map: the site every row is about (unless a column says).",
    ),
    "opsledger import --dry-run": (
        "配合 --map：显示导入将做什么，不写入任何内容。",
        "With --map: print what the import would do; write nothing.",
    ),
    "opsledger import --retract-missing": (
        "配合 --map：撤回台账中已不存在的行所对应的事件（否则只报告）。",
        "With --map: retract the events of rows no longer in the register (else only reported).",
    ),
    # -- reading --------------------------------------------------------------------------------------------
    "opsledger events": (
        "原始日志（含更正和撤回），可筛选。",
        "The raw log (corrections and retractions included), filtered.",
    ),
    "opsledger events --site": ("只看此站点。", "Only this site."),
    "opsledger events --type": ("只看此类型（可重复）。", "Only this type (repeatable)."),
    "opsledger events --from": ("发生于此日或之后（YYYY-MM-DD）。", "Occurred on or after (YYYY-MM-DD)."),
    "opsledger events --to": ("发生于此日或之前（YYYY-MM-DD）。", "Occurred on or before (YYYY-MM-DD)."),
    "opsledger events --as-of": ("截至此时刻所记录的样子。", "As recorded by this instant."),
    "opsledger events --format": (
        "jsonl 和 csv 可用 `opsledger import` 重新导入。",
        "jsonl and csv re-import with `opsledger import`.",
    ),
    "opsledger events --out": (
        "把 jsonl 或 csv 写到此文件，而不是标准输出。",
        "Write the jsonl or csv here instead of stdout.",
    ),
    "opsledger verify": (
        "重新计算每个站点的哈希链并重新核验每个签名；有问题时指出第一条有问题的事件并以状态 1 退出。"
        "每个站点一行，写明其链所依据的采购方密钥：请通过其他渠道与采购方核对，或用 --trust-key 让程序核对。"
        "--against FILE 证明账本仍保存着采购方检查点所签的内容（被改写或截断的尾部会被发现）。",
        "Recompute every site's hash chain and re-check every signature; exit 1 naming the first bad event. "
        "Each site's line names the buyer key its chain is rooted in: compare it with the buyer out of band, or "
        "pass --trust-key to have it checked. --against FILE proves the ledger still holds what the buyer's "
        "checkpoints signed (a rewritten or truncated tail is caught).",
    ),
    "opsledger verify --as-of": ("核验截至此时刻所记录的链。", "Verify the chain as recorded by then."),
    "opsledger verify --trust-key": (
        "采购方密钥的指纹（或公钥）：每个站点的链都须以它为根，且所核验的链头须由它（或它授权的密钥）签名（可重复）。",
        "The buyer's key fingerprint (or public key) every site must be rooted in, and whose key (or a key it "
        "delegated) must have signed the head being checked (repeatable).",
    ),
    "opsledger verify --against": (
        "采购方保存的检查点（`opsledger checkpoint`）：账本须仍然原样保存每个已签名的前缀（可重复）。",
        "Checkpoints the buyer kept (`opsledger checkpoint`): the ledger must still hold exactly each signed "
        "prefix (repeatable).",
    ),
    "opsledger verify --deep": (
        "另外从头重算每条已存的投影并与缓存比较，按事件目录和账本的界限重新校验每条内容，并逐页检查数据库文件。",
        "Also refold every stored projection entry and compare it with the cache, re-validate every payload "
        "against the catalog and the ledger's bounds, and check the database file page by page.",
    ),
    "opsledger checkpoint": (
        "输出 SITE 链的已签名检查点（链长、链头哈希和时间），用采购方的密钥（--buyer NAME）或评估人员获授权的密钥"
        "（--assessor NAME）签名。采购方把它保存在运营方接触不到的地方：之后 `opsledger verify --against FILE` "
        "可证明账本仍原样保存着这一前缀。",
        "Print a signed checkpoint of SITE's chain (its length, head hash and the time), signed with the buyer's "
        "key (--buyer NAME) or an assessor's delegated key (--assessor NAME). The buyer keeps it where the "
        "operator cannot reach it: `opsledger verify --against FILE` later proves the ledger still holds exactly "
        "that prefix.",
    ),
    "opsledger checkpoint --site": ("要做检查点的站点。", "The site whose chain to checkpoint."),
    "opsledger checkpoint --out": (
        "把检查点追加到 FILE（否则直接输出）。",
        "Append the checkpoint to FILE (else print it).",
    ),
    "opsledger checkpoint --assessor": (
        "用此评估人员获授权的密钥签名，而不是采购方的密钥。",
        "Sign with this assessor's delegated key instead of the buyer's.",
    ),
    "opsledger migrate": (
        "把 schema 1 账本（一条全局链）升级为按站点分链，或在两种存储之间复制账本。\n\n"
        "\b\n"
        "migrate --db old.db --buyer NAME             就地升级 old.db（旧文件保留为 old.db.schema1）\n"
        "migrate --db old.db --to new.db --buyer NAME  把升级后的账本写到新文件或 postgresql:// 地址\n"
        "migrate --from a.db --to postgresql://...     原样复制 schema 2 账本（SQLite <-> PostgreSQL）\n\n"
        "先核验旧链（不通过则什么都不写），各站点的事件按原顺序重新接到本站点自己的链上，所有记录的值都保留，"
        "新链核验通过后新文件才替换旧文件。schema 1 没有采购方密钥，所以升级是采购方的行为：--buyer 的密钥签署"
        "每个站点的 ledger_migrated 事件，并成为该站点的信任根；schema 1 下记录的行为仍无签名（verify 会列出），"
        "评估人员当时自行登记的密钥继续有效，直到采购方授权另一把。已是 schema 2 的账本保持不变。",
        "Upgrade a schema-1 ledger (one global chain) to per-site chains, or copy a ledger between backends.\n\n"
        "\b\n"
        "migrate --db old.db --buyer NAME             upgrade old.db in place (the old file kept as old.db.schema1)\n"
        "migrate --db old.db --to new.db --buyer NAME  write the upgraded ledger to a new file or postgresql:// URL\n"
        "migrate --from a.db --to postgresql://...     copy a schema-2 ledger exactly (SQLite <-> PostgreSQL)\n\n"
        "The old chain is verified first (nothing is written if it fails), each site's events are re-chained in "
        "order onto the site's own chain, every recorded value kept, and the new chains are verified before the new "
        "file replaces the old one. Schema 1 had no buyer keys, so the upgrade is the buyer's act: --buyer's key "
        "signs each site's ledger_migrated event and becomes the site's root of trust; acts recorded under schema 1 "
        "stay unsigned (verify lists them) and keys assessors registered themselves then keep signing until the "
        "buyer delegates another. A ledger already at schema 2 is left as it is.",
    ),
    "opsledger migrate --db": (
        "要升级的 schema 1（第一版）账本文件（否则用全局的 --db / OPSLEDGER_DB）。",
        "A schema-1 (wave one) ledger file to upgrade (else the global --db / OPSLEDGER_DB).",
    ),
    "opsledger migrate --from": (
        "要复制到 --to 的账本：SQLite 文件或 postgresql://...",
        "The ledger to copy into --to: a SQLite file or postgresql://...",
    ),
    "opsledger migrate --to": (
        "要写入的新的空账本（与 --db 一起用：不就地升级，而是写到这里）。",
        "A new, empty ledger to write into (with --db: instead of upgrading in place).",
    ),
    "opsledger migrate --checkpoints": (
        "采购方对每个升级后站点新链头的检查点存放位置（默认为新文件名加 -checkpoints.txt，服务器账本为 "
        "migrated-checkpoints.txt）。",
        "Where the buyer's checkpoints of every upgraded site's new head go (default: the new file's name with "
        "-checkpoints.txt, or migrated-checkpoints.txt for a server ledger).",
    ),
    # -- the catalog, contracts, schemes and scores ---------------------------------------------------------
    "opsledger catalog": ("事件类型及其字段。", "The event types and their fields."),
    "opsledger catalog --format": (
        "json：每种类型内容的 JSON Schema。",
        "json: each type's payload JSON Schema.",
    ),
    "opsledger contract": (
        "合同：站点按哪个考核方案评分、从何时开始、服务费多少。",
        "Contracts: which scheme scores a site, from when, for what fee.",
    ),
    "opsledger contract add": (
        "追加一份由采购方签名的合同（--buyer NAME：其密钥即该站点的信任根）：站点自 START 起按 SCHEME 评分，"
        "服务费为 FEE。",
        "Append a contract signed by the buyer (--buyer NAME: its key is the site's root of trust): the site is "
        "scored under SCHEME from START for FEE.",
    ),
    "opsledger contract add site_id": ("签约的站点。", "The site the contract is for."),
    "opsledger contract add --scheme": (
        "考核方案编号（见 `opsledger schemes`）。",
        "Scheme id (see `opsledger schemes`).",
    ),
    "opsledger contract add --start": ("合同开始日期（YYYY-MM-DD）。", "Contract start date (YYYY-MM-DD)."),
    "opsledger contract add --fee": (
        "合同金额，单位元（中标价/合同金额）。",
        "Contract fee in yuan (中标价/合同金额).",
    ),
    "opsledger contract add --end": ("合同结束日期（如已知）。", "Contract end date, if known."),
    "opsledger contract add --network-fee": (
        "不参与考核计酬的网络建设费（沙县）。",
        "Network construction fee excluded from graded pay (Shaxian).",
    ),
    "opsledger schemes": (
        "列出考核方案文件：编号、考核周期、考核项数、标题，以及采购方自带文件的位置。",
        "List the scheme files: id, period, items, title, and where a buyer's file comes from.",
    ),
    "opsledger scheme": ("查看、检查和测试一个考核方案。", "Inspect, check and test one scheme."),
    "opsledger scheme check": (
        "一次列出考核方案文件的所有问题（文件、考核项、行号）；有错误时以状态 1 退出。",
        "Print every problem of a scheme file at once (file, item, line); exit 1 if any is an error.",
    ),
    "opsledger scheme check path": ("考核方案文件（.toml）。", "The scheme file (.toml)."),
    "opsledger scheme test": (
        "运行考核方案的测试用例（FILE：方案文件，旁边有 ID.cases.toml；或用例文件本身）。",
        "Run a scheme's cases (FILE: the scheme file, with ID.cases.toml beside it, or the cases file).",
    ),
    "opsledger scheme test path": (
        "考核方案文件或其用例文件。",
        "The scheme file or its cases file.",
    ),
    "opsledger scheme show": (
        "以便于阅读的形式输出考核方案：每个考核项、其规则、佐证材料和解释。",
        "Print a scheme readably: every item, its rule, evidence and interpretation.",
    ),
    "opsledger scheme show scheme_id": (
        "考核方案编号（见 `opsledger schemes`）。",
        "The scheme's id (see `opsledger schemes`).",
    ),
    "opsledger score": (
        "为站点某一考核期评分并说明理由：每个考核项的得分、依据的事件、总分、等次和金额。",
        "Score a site for a period and say why: points per item, the events behind them, total, grade, money.",
    ),
    "opsledger score --site": (
        "要评分的站点（联盟类方案不写则对全部单位排名）。",
        "The site to score (omit for a cohort scheme to rank every unit).",
    ),
    "opsledger score --period": (
        "2026-03、2026-Q3、2026-H1、2026，或从合同开始算的 Y1-Q2 / C+6m。",
        "2026-03, 2026-Q3, 2026-H1, 2026, or Y1-Q2 / C+6m from the contract start.",
    ),
    "opsledger score --assessed-on": (
        "计算时长所用的考核日期（默认考核期末）。",
        "Assessment date for durations (default: period end).",
    ),
    "opsledger score --format": (
        "xlsx：文件所附评分表的工作簿，A4 横向（需要 --out）；pdf：A4 评分表，可直接签字盖章（需要 --out）；"
        "csv：每个考核项一行，UTF-8 带 BOM。",
        "xlsx: the document's 评分表 as a workbook, A4 landscape (needs --out); pdf: the 评分表 on A4, ready to "
        "sign and stamp (needs --out); csv: one row per item, UTF-8 with BOM.",
    ),
    "opsledger score --out": (
        "把 xlsx、pdf 或 csv 写到此文件（csv 默认写到标准输出）。",
        "Write the xlsx, pdf or csv here (csv: default stdout).",
    ),
    "opsledger report": (
        "一个 HTML 页面：评分表、每个关键指标逐月对照目标、频次、差距和佐证材料。",
        "One HTML page: the scorecard, each key indicator against its target month by month, cadence, gaps, "
        "evidence.",
    ),
    "opsledger report --period": (
        "2026、2026-Q3、2026-03、2026-H1 或 Y1-Q2。",
        "2026, 2026-Q3, 2026-03, 2026-H1 or Y1-Q2.",
    ),
    "opsledger report --out": (
        "要写入的 HTML 文件（自包含：离线也能打开）。",
        "The HTML file to write (self-contained: opens offline).",
    ),
    "opsledger report --today": (
        "以此日期为今天（默认上海时区的今天）：之后的月份画作尚未到来。",
        "Take this as today (default: today in Asia/Shanghai): later months are drawn as not yet happened.",
    ),
    "opsledger payout": (
        "一个合同年度的金额：每次考核、每笔付款、已付总额、扣减及原因。",
        "A contract year in money: each assessment, each payment, the total paid, the deductions and why.",
    ),
    "opsledger payout --site": ("要汇总其合同年度的站点。", "The site whose contract year to summarise."),
    "opsledger payout --year": (
        "2026（始于 2026 年的合同年度）或 Y1。",
        "2026 (contract year beginning in 2026) or Y1.",
    ),
    "opsledger payout --on": ("截至此日应付的款项（默认今天）。", "What is due by then (default: today)."),
    "opsledger replay": (
        "从零重建每条已存的投影（或按某一时刻重算并输出总分）。",
        "Rebuild every stored projection from zero (or fold as of an instant and print the totals).",
    ),
    "opsledger replay --as-of": (
        "按此时刻所记录的日志重算（只输出，不存储）。",
        "Fold the log as recorded by this instant (prints, stores nothing).",
    ),
    # -- the demo and the gaps ------------------------------------------------------------------------------
    "opsledger demo": (
        "生成一个贴近实际的演示账本，并输出每个站点的评分表和吴江联盟排名。\n\n"
        "五个考核方案各一个站点（吴江为 12 家单位的联盟），一整年的日常运营、更正、一次撤回、一条迟报事件、投诉、"
        "评估人员判定和带服务费的合同。逐日写入：每天的事件在下一个工作日上午记录（迟报的更晚），因此 --as-of、"
        "diff 和 audit 能显示这一年的历史。结果确定：同一个 --seed 生成同样的账本（事件、编号、顺序、记录时间、"
        "哈希）。账本非空时拒绝，除非加 --force。",
        "Build a realistic demo ledger and print every site's scorecard and the Wujiang ranking.\n\n"
        "One site under each of the five schemes (a cohort of 12 Wujiang units), a whole year of daily operations, "
        "corrections, a retraction, a late event, complaints, assessors' judgements and contracts with fees. "
        "Written day by day: each day's events are recorded the next working morning (late ones later), so "
        "--as-of, diff and audit show the year's history. Deterministic: the same --seed gives the same ledger "
        "(events, ids, order, recorded times, hashes). Refuses a non-empty ledger unless --force.",
    ),
    "opsledger demo --db": (
        "要生成的账本文件（默认为全局的 --db、OPSLEDGER_DB，再没有则为 ./opsledger.db）。",
        "Ledger file to build (default: the global --db, OPSLEDGER_DB, else ./opsledger.db).",
    ),
    "opsledger demo --seed": (
        "随机种子：同一种子，同样的事件。",
        "Random seed: the same seed, the same events.",
    ),
    "opsledger demo --year": ("演示运营的年份。", "The calendar year the demo operates."),
    "opsledger demo --force": (
        "先删除 PATH 处已有的账本（只限 opsledger 账本）。",
        "Delete an existing ledger at PATH first (only an opsledger ledger).",
    ),
    "opsledger demo --checkpoints": (
        "采购方对每个站点的检查点存放位置（默认为 PATH 加 -checkpoints.txt，服务器账本为 demo-checkpoints.txt）。",
        "Where the buyer's checkpoints of every site go (default: PATH with -checkpoints.txt, or "
        "demo-checkpoints.txt for a server ledger).",
    ),
    "opsledger gaps": (
        "每个未得满分的考核项还差什么、差多少、何时之前；缺少的佐证材料；按当前进度的预计总分。",
        "What would raise each item not at full marks, by how much and by when; missing evidence; a projection.",
    ),
    "opsledger gaps --period": (
        "2026、2026-Q3、2026-03、2026-H1 或 Y1-Q2。",
        "2026, 2026-Q3, 2026-03, 2026-H1 or Y1-Q2.",
    ),
    "opsledger gaps --today": (
        "以此日期为今天（默认上海时区的今天）：尚在进行的考核期给出预计。",
        "Take this as today (default: today in Asia/Shanghai): a period still running gets a projection.",
    ),
    # -- auditors -------------------------------------------------------------------------------------------
    "opsledger keys": (
        "采购方和评估人员的 Ed25519 签名密钥。",
        "Buyers' and assessors' Ed25519 signing keys.",
    ),
    "opsledger keys new": (
        "在密钥目录中为 ACTOR 创建 Ed25519 密钥对（采购方或评估人员的）。私钥不离开该目录；把 .pub 文件"
        "（或指纹）交给需要信任它的人：评估人员的交给采购方，由采购方用 `role grant --role assessor --key` 授权；"
        "采购方的交给审计人员（`verify --trust-key`）。",
        "Create ACTOR's Ed25519 key pair in the keys directory (a buyer's or an assessor's). The private key never "
        "leaves it; hand the .pub file (or the fingerprint) to whoever must trust it: an assessor's to the buyer, "
        "who delegates it with `role grant --role assessor --key`, a buyer's to the auditors (`verify --trust-key`).",
    ),
    "opsledger keys new --actor": (
        "密钥归谁（未给出时用 OPSLEDGER_ACTOR，再没有则用操作系统用户名）。",
        "Whose key it is (else OPSLEDGER_ACTOR, else the OS user).",
    ),
    "opsledger keys show": (
        "输出 ACTOR 的公钥和指纹（通过其他渠道交给审计人员的内容）。",
        "Print ACTOR's public key and fingerprint (what to give an auditor out of band).",
    ),
    "opsledger keys show --actor": (
        "密钥归谁（未给出时用 OPSLEDGER_ACTOR，再没有则用操作系统用户名）。",
        "Whose key it is (else OPSLEDGER_ACTOR, else the OS user).",
    ),
    "opsledger close": (
        "关闭（SITE，PERIOD）：此后记录的、发生在其中的事件为迟报事件（仅限评估人员，须签名）。",
        "Close (SITE, PERIOD): events inside it recorded from now on are late (assessors only, signed).",
    ),
    "opsledger close --period": (
        "一个日历时期：2026-03、2026-Q2、2026-H1、2026。",
        "A calendar period: 2026-03, 2026-Q2, 2026-H1, 2026.",
    ),
    "opsledger close --reason": ("原因（可不填）。", "Why (optional)."),
    "opsledger close --early": ("关闭一个尚未结束的考核期。", "Close a period that has not ended yet."),
    "opsledger accept": (
        "接受迟报事件 SEQ（及其迟报的更正）：此后它计入评分（仅限评估人员，须签名）。",
        "Accept the late event SEQ (and its late corrections): it counts from now on (assessors only, signed).",
    ),
    "opsledger accept seq": ("迟报事件的序号。", "The sequence number of the late event."),
    "opsledger accept --reason": ("为何接受该迟报事件。", "Why the late event is accepted."),
    "opsledger signoff": (
        "立即为（SITE，PERIOD）评分，用 ACTOR 的密钥签名，并追加签核（仅限评估人员）。",
        "Score (SITE, PERIOD) now, sign it with ACTOR's key and append the sign-off (assessors only).",
    ),
    "opsledger signoff --period": ("要签核的考核期。", "The period to sign off."),
    "opsledger audit": (
        "重新核验（SITE，PERIOD）的每次签核，并显示之后的事件改变了什么；有一次无效即以状态 1 退出。",
        "Re-verify every sign-off of (SITE, PERIOD) and show what later events changed; exit 1 if one is invalid.",
    ),
    "opsledger audit --period": ("已签核的考核期。", "The period signed off."),
    "opsledger audit --scheme": ("考核方案，如果不是合同约定的那个。", "The scheme, if not the contract's."),
    "opsledger diff": (
        "两个时刻之间记录、更正或撤回了什么，以及每一项如何改变了评分。",
        "What was recorded, corrected or retracted between two instants, and how each changed the scorecard.",
    ),
    "opsledger diff --from": ("较早的时刻。", "The earlier instant."),
    "opsledger diff --to": ("较晚的时刻。", "The later instant."),
    "opsledger attach": (
        "把 FILE 作为佐证材料附加到事件 SEQ（由账本的存储按内容哈希保存）。",
        "Attach FILE as evidence to event SEQ (kept by the ledger's store under its content hash).",
    ),
    "opsledger attach seq": ("佐证所支撑的事件的序号。", "The sequence number of the event it backs."),
    "opsledger attach file": (
        "佐证文件（照片、签到表、扫描件……）。",
        "The evidence file (a photo, a sign-in sheet, a scan...).",
    ),
    "opsledger attach --for": (
        "它是哪一项佐证材料：其编号或部分文字，如 现场照片（一项都不符或符合两项时拒绝，并列出清单）。",
        "Which 佐证材料 it is: its number or part of its text, e.g. 现场照片 (refused, with the list, if none or "
        "two match).",
    ),
    "opsledger evidence": (
        "按考核项：文件要求的佐证材料、已附的、缺少的。",
        "Per scheme item: the evidence the document asks for, what is attached, what is missing.",
    ),
    "opsledger export": (
        "写出一个自包含的审计材料包：事件、考核方案、评分表、签核、密钥、佐证材料。",
        "Write a self-contained audit bundle: events, scheme, scorecard, sign-offs, keys, evidence.",
    ),
    "opsledger export --out": ("存放材料包的新（或空）目录。", "A new (or empty) directory for the bundle."),
    "opsledger verify-bundle": (
        "不用原数据库核验材料包；不通过时指出出问题的部分并以状态 1 退出。",
        "Check a bundle without the original database; exit 1 naming the part that fails.",
    ),
    "opsledger verify-bundle directory": (
        "材料包目录（`opsledger export` 写出的）。",
        "The bundle's directory (as `opsledger export` wrote it).",
    ),
    "opsledger verify-bundle --trust-key": (
        "通过其他渠道确认过的评估人员密钥（十六进制或指纹，可重复）。",
        "An assessor key (hex or fingerprint) confirmed out of band (repeatable).",
    ),
    # -- the web app and its accounts -----------------------------------------------------------------------
    "opsledger serve": (
        "基于本账本提供网页应用（输出网址；若还没有账户，输出首个管理员的登录信息）。",
        "Serve the web app over this ledger (prints the URL, and a first admin login if there is no account).",
    ),
    "opsledger serve --host": (
        "绑定的地址（0.0.0.0：所有网卡）。",
        "Address to bind (0.0.0.0: every interface).",
    ),
    "opsledger serve --port": ("监听的端口。", "Port to listen on."),
    "opsledger serve --behind-tls": (
        "前面有 TLS 代理：使用安全 Cookie，不再提示明文 HTTP。",
        "A TLS proxy is in front: secure cookies, no plain-HTTP warning.",
    ),
    "opsledger serve --mappings": (
        "“台账导入”页面提供的映射文件目录。",
        "Register mappings offered on the Registers page.",
    ),
    "opsledger serve --workers": (
        "工作进程数（会话保存在账本的存储中，各进程共享）。",
        "Worker processes (sessions are kept in the ledger's store, so they share them).",
    ),
    "opsledger user": (
        "网页应用的账户（保存在账本的存储中）。",
        "Web app accounts (kept in the ledger's store).",
    ),
    "opsledger user add": (
        "创建账户；密码通过提示输入（或从标准输入读一行）。",
        "Create an account; the password is prompted (or read as one line from standard input).",
    ),
    "opsledger user add name": ("登录名。", "The login name."),
    "opsledger user add --role": ("账户的角色。", "The account's role."),
    "opsledger user add --site": (
        "角色所适用的站点（可重复；'*' 表示所有站点）。",
        "Site the role applies to (repeatable; '*' every site).",
    ),
    "opsledger user passwd": (
        "为账户设置新密码（提示输入，或从标准输入读一行）。",
        "Set a new password for an account (prompted, or one line on standard input).",
    ),
    "opsledger user passwd name": ("登录名。", "The login name."),
    "opsledger user list": ("账户及其角色。", "The accounts and their roles."),
}
