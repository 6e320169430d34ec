"""The audit side's messages (schemes/audit/): the rows `verify-bundle` and `audit` print, the lines of
`verify --deep`, what a bundle proves. (中文, English) templates by id (see ledger/messages/__init__.py).

Ids, seq numbers, hashes, fingerprints and commands are values, kept as they are in both languages.
"""

from __future__ import annotations

M: dict[str, tuple[str, str]] = {
    # -- one checked part: a row of `verify-bundle` and `audit` -----------------------------------------------
    "audit.row": ("  {mark} {name}：{detail}", "  {mark} {name}: {detail}"),
    "audit.row_signoff": ("  {mark} {name} {detail}", "  {mark} {name} {detail}"),
    "audit.ok": ("通过", "ok  "),
    "audit.fail": ("失败", "FAIL"),
    "audit.sep": ("{a}；{b}", "{a}; {b}"),
    "audit.none": ("无", "none"),
    "audit.error": ("{error}", "{error}"),  # an error kept as it is: rendered in the reader's language
    # the parts of a sign-off `audit` checks (Check.name is the key; these are what is printed)
    "audit.part.chain": ("哈希链", "chain"),
    "audit.part.signature": ("签名", "signature"),
    "audit.part.head": ("链头", "head"),
    "audit.part.scheme": ("方案文件", "scheme"),
    "audit.part.score": ("得分", "score"),
    # -- the hash chains ----------------------------------------------------------------------------------------
    "audit.chain_ok": (
        "哈希链校验通过：{count} 条事件，链头 seq {seq}（{hash}…）",
        "hash chain verifies: {count} events, head seq {seq} ({hash}…)",
    ),
    "audit.chains_ok": ("哈希链校验通过：{parts}", "hash chain verifies: {parts}"),
    "audit.chain_part": ("{site} #1..#{n}（链头 {hash}…）", "{site} #1..#{n} (head {hash}…)"),
    "audit.no_events": ("没有事件", "no events"),
    "audit.chains_differ": (
        "含有 {held} 的链，而 bundle.json 列出的是 {listed}",
        "holds the chains of {held}, bundle.json lists {listed}",
    ),
    "audit.chain_end": (
        "{site} 的链止于 #{n}（{hash}…），bundle.json 写的是 #{stated}（{stated_hash}…）",
        "the chain of {site} ends at #{n} ({hash}…), bundle.json says #{stated} ({stated_hash}…)",
    ),
    "audit.not_valid_event": ("seq {seq}：不是有效的事件：{error}", "seq {seq}: not a valid event: {error}"),
    "audit.not_canonical": (
        "seq {seq}：内容不是事件目录规定的规范形式",
        "seq {seq}: its payload is not in the catalog's canonical form",
    ),
    "audit.cannot_load": ("无法载入：{error}", "cannot be loaded: {error}"),
    # -- the files a bundle lists ---------------------------------------------------------------------------------
    "audit.file_missing": ("bundle.json 列出了它，但文件不存在", "listed in bundle.json but missing"),
    "audit.file_differs": (
        "sha256 {got}… 与 bundle.json 中的 {listed}… 不同",
        "sha256 {got}… differs from bundle.json's {listed}…",
    ),
    "audit.unreadable": ("无法读取（{error}）", "unreadable ({error})"),
    # -- sign-offs ----------------------------------------------------------------------------------------------
    "audit.name.signoff": ("签字确认 seq {seq}", "sign-off seq {seq}"),
    "audit.name.signature": ("签字确认 seq {seq} 的签名", "signature of sign-off seq {seq}"),
    "audit.name.head": ("seq {seq} 所签的链头", "signed head of seq {seq}"),
    "audit.name.score": ("seq {seq} 所签的得分", "signed score of seq {seq}"),
    "audit.name.key": ("seq {seq} 的密钥", "key of seq {seq}"),
    "audit.name.trusted": ("受信任的签字确认", "trusted sign-off"),
    "audit.name.signoffs": ("签字确认", "signoffs"),
    "audit.name.evidence": ("证据", "evidence"),
    "audit.cannot_check": ("无法核对：{kind}：{error}", "cannot be checked: {kind}: {error}"),
    "audit.no_key": (
        "{actor} 在 seq {seq} 之前没有在站点 {site} 登记密钥",
        "{actor} had no key registered on site {site} before seq {seq}",
    ),
    "audit.sig_ok": (
        "Ed25519 签名用 {actor} 的密钥 {fp}（登记于 seq {seq}）验证通过",
        "Ed25519 signature verifies with {actor}'s key {fp} (registered at seq {seq})",
    ),
    "audit.sig_bad": (
        "签名用 {actor} 的密钥 {fp}（登记于 seq {seq}）验证不通过：是用别的密钥签的，或签名的字段被改过",
        "signature does not verify with {actor}'s key {fp} (registered at seq {seq}): signed with another key, or "
        "the signed fields were altered",
    ),
    "audit.head_v1": (
        "在第 1 版结构下对旧链 seq {seq} 的哈希（{hash}…）签名，与迁移时校验并记录的一致（ledger_migrated seq {mseq}，"
        "由采购方密钥 {fp} 签名）{where}",
        "signed under schema 1 over the old chain's hash at seq {seq} ({hash}…), as the migration verified and "
        "recorded it (ledger_migrated seq {mseq}, signed by the buyer's key {fp}){where}",
    ),
    "audit.head_v1_elsewhere": (
        "；seq {seq} 是旧链中另一站点的事件",
        "; seq {seq} is another site's event of the old chain",
    ),
    "audit.head_missing": (
        "所签的链头 seq {seq} 不在账本中",
        "the signed head seq {seq} is not in the ledger",
    ),
    "audit.head_differs": (
        "账本在 seq {seq} 的哈希是 {got}…，而签字确认签的是 {signed}…",
        "ledger hash at seq {seq} is {got}…, the sign-off signed {signed}…",
    ),
    "audit.head_time": (
        "as_of {as_of} 不是 seq {seq} 的记录时间（{recorded}）",
        "as_of {as_of} is not when seq {seq} was recorded ({recorded})",
    ),
    "audit.head_ok": (
        "账本在 seq {seq} 的哈希与所签的链头一致（{hash}…），记录于 {as_of}",
        "ledger hash at seq {seq} matches the signed head ({hash}…), recorded {as_of}",
    ),
    "audit.scheme_ok": ("方案文件 {name} 的 sha256 {sha}… 一致", "scheme file {name} sha256 {sha}… matches"),
    "audit.scheme_changed": (
        "方案文件 {name} 的 sha256 是 {sha}…，签字确认签的是 {signed}…：方案在签字确认之后被改过",
        "scheme file {name} has sha256 {sha}…, the sign-off signed {signed}…: the scheme was changed after the "
        "sign-off",
    ),
    "audit.score_ok": (
        "按事件 1..{seq} 重新计算：总分 {total}{grade}，与所签一致",
        "recomputed from events 1..{seq}: total {total}{grade} = signed",
    ),
    "audit.score_bad": (
        "按事件 1..{seq} 重新计算：总分 {total} {grade}，但签字确认写的是 {signed} {signed_grade}",
        "recomputed from events 1..{seq}: total {total} {grade}, but the sign-off says {signed} {signed_grade}",
    ),
    "audit.key_trusted": (
        "{actor} 的密钥 {fp} 是受信任的密钥，或由受信任的密钥委托",
        "{actor}'s key {fp} is one of the trusted keys or delegated by one",
    ),
    "audit.key_untrusted": (
        "{actor} 的密钥 {fp} 既不是受信任的密钥，也不是由受信任的密钥委托的",
        "{actor}'s key {fp} is NOT one of the trusted keys or delegated by one",
    ),
    "audit.no_trusted_signoff": (
        "材料包中 {site} {label} 的有效签字确认都不是由受信任的密钥（或其委托的密钥）签的：包中没有任何内容得到担保"
        "（材料包是在签字确认之前截取的？）",
        "no valid sign-off of {site} {label} in the bundle is signed by a trusted key or one it delegated: nothing in "
        "it is vouched for (a bundle cut before the sign-off?)",
    ),
    "audit.no_signoff": (
        "材料包中没有 {site} {label} 的签字确认：只核对了链和得分",
        "no sign-off of {site} {label} in the bundle: only the chain and the score are checked",
    ),
    # signoffs.json
    "audit.not_signoff_list": (
        "不是签字确认的列表（{where}：{error}）",
        "not a list of sign-offs ({where}: {error})",
    ),
    "audit.signoff_unlisted": (
        "seq {seq} 的签字确认在链中，但没有列出",
        "the sign-off at seq {seq} is in the chain but not listed",
    ),
    "audit.signoff_entry_differs": (
        "seq {seq} 的条目与链中的 score_signed_off 事件不同（{fields}）",
        "entry for seq {seq} differs from the chain's score_signed_off event ({fields})",
    ),
    "audit.listed_key_differs": (
        "为 seq {seq} 列出的密钥不是 {actor} 在链中登记的密钥（seq {key_seq}）",
        "the key listed for seq {seq} is not the key {actor} registered in the chain (seq {key_seq})",
    ),
    "audit.pub_differs": (
        "与 {actor} 在 seq {seq} 登记的密钥不同",
        "differs from the key {actor} registered at seq {seq}",
    ),
    "audit.signoff_extra": (
        "列出了 seq {seq} 的签字确认，但链中没有",
        "lists a sign-off at seq {seq} that is not in the chain",
    ),
    "audit.signoffs_ok": (
        "{n} 次签字确认，与链中的事件一致",
        "{n} sign-off(s), identical to the chain's events",
    ),
    # scorecard.json
    "audit.not_scorecard": ("不是评分表（应为一个 JSON 对象）", "not a scorecard (a JSON object)"),
    "audit.cannot_recompute": (
        "无法根据材料包重新计算得分：{error}",
        "the score cannot be recomputed from the bundle: {error}",
    ),
    "audit.score_identical": (
        "按材料包中的事件（1..{seq}）重新计算：总分 {total} {grade}，完全一致",
        "recomputed from the bundle's events (1..{seq}): total {total} {grade}, identical",
    ),
    "audit.score_differs": (
        "与按事件重新计算的得分不符（{what}）",
        "does not match the score recomputed from the events ({what})",
    ),
    "audit.total_differs": ("总分 {stated}，重新计算为 {fresh}", "total {stated} vs recomputed {fresh}"),
    "audit.items_differ": ("评分项 {items}", "items {items}"),
    "audit.other_fields": ("其他字段不同", "other fields differ"),
    # evidence/
    "audit.unreferenced": ("链中没有任何事件引用它", "not referenced by any event in the chain"),
    "audit.altered": (
        "内容与其 sha256 不符（文件被改过）",
        "its content does not match its sha256 (the file was altered)",
    ),
    "audit.included_missing": ("标为已包含，但文件不存在", "listed as included but missing"),
    "audit.evidence_ok": (
        "{good} 个文件与事件引用的 sha256 一致{note}",
        "{good} file(s) match the sha256 their events reference{note}",
    ),
    "audit.evidence_note": (
        "；另有 {n} 个被引用的文件在导出时不在账本的存储中",
        "; {n} referenced file(s) were not in the ledger's store at export",
    ),
    # -- `verify-bundle`'s report ------------------------------------------------------------------------------
    "bundle.events_line": ("events.jsonl 第 {line} 行", "events.jsonl line {line}"),
    "bundle.report": (
        "材料包 {path}：{site} {period}（{scheme}）",
        "bundle {path}: {site} {period} ({scheme})",
    ),
    "bundle.confirm_key": (
        "  签字确认 seq {seq}（{actor}）：密钥 {fp}——请通过其他渠道与 {actor} 核对（或加 --trust-key）",
        "  sign-off seq {seq} by {actor}: key {fp} — confirm it with {actor} out of band (or pass --trust-key)",
    ),
    "bundle.after_signoff": (
        "  签字确认 seq {signoff} 之后，seq {seq} {label}：{total}",
        "  after sign-off seq {signoff}, seq {seq} {label}: {total}",
    ),
    "bundle.proves": ("核验通过的材料包能证明：", "A verified bundle proves:"),
    "bundle.cannot_prove": ("它不能证明：", "It cannot prove:"),
    "bundle.item": ("  - {text}", "  - {text}"),
    "bundle.proves.1": (
        "从站点登记到每次签字确认所签链头的每一条事件，都与评估人员签名时账本中的完全一样：没有被改动、增加、删除或"
        "调换顺序（哈希链止于所签的链头哈希）。",
        "Every event from the site's registration up to each sign-off's head is exactly as it was in the ledger when "
        "the assessor signed: none altered, added, removed or reordered (the hash chain ends at the signed head hash).",
    ),
    "bundle.proves.2": (
        "每次签字确认都是用评估人员在链中登记的公钥所对应的私钥签的，所签的正是它写明的站点、考核期、方案、总分、"
        "等级、账本链头和方案文件哈希。",
        "Each sign-off was made with the private key whose public key the assessor registered in the chain, over "
        "exactly the site, period, scheme, total, grade, ledger head and scheme-file hash it states.",
    ),
    "bundle.proves.3": (
        "材料包中的方案文件就是评估人员签名时的那一份（其 sha256 在签名之中）。",
        "The scheme file in the bundle is the one the assessor signed (its sha256 is in the signature).",
    ),
    "bundle.proves.4": (
        "所签的总分由这些事件按该方案文件得出：它只根据材料包重新计算。",
        "The signed total follows from those events under that scheme file: it is recomputed from the bundle alone.",
    ),
    "bundle.proves.5": (
        "包中的每个证据文件都是事件所引用的文件（按 sha256）。",
        "Each evidence file included is the file the events reference (by sha256).",
    ),
    "bundle.cannot.1": (
        "最后一次签字确认的链头之后的事件只核对了内部一致性：没有任何签名覆盖它们，导出材料包的人可能截掉了末尾的事件。"
        "请把材料包的链头哈希与原账本上 `opsledger verify` 的结果比对。",
        "Events after the last sign-off's head are checked only for internal consistency: nothing signed covers them, "
        "so whoever exported the bundle could have cut events off its end. Compare the bundle's head hash with "
        "`opsledger verify` on the original ledger.",
    ),
    "bundle.cannot.2": (
        "密钥是谁的：人员名称没有经过认证，密钥在首次登记时即被信任。完全伪造的材料包（带有自己的密钥登记）也是自洽的；"
        "请通过其他渠道与评估人员核对密钥指纹，或用 --trust-key 传入。",
        "Whose key it is: actor names are not authenticated and a key is trusted on first registration. A bundle forged "
        "entirely (with its own key registration) is self-consistent; confirm the key fingerprint with the assessor "
        "out of band, or pass it with --trust-key.",
    ),
    "bundle.cannot.3": (
        "事件是否属实，recorded_at 时间是否真实：时间来自写入者的时钟（没有可信时间戳）；哈希链证明的是顺序和完整性，"
        "不是真实性。",
        "That the events are true, or that recorded_at times are real: times come from the writer's clock (no "
        "trusted timestamping); the chain proves order and integrity, not truth.",
    ),
    "bundle.cannot.4": (
        "其他版本的 opsledger 会得出同样的分数：评分引擎的代码不在签名之内。",
        "That another version of opsledger scores the same way: the engine's code is not part of the signature.",
    ),
    "bundle.cannot.5": (
        "导出时账本存储中没有的证据（标为未包含）。",
        "Evidence the ledger's store did not hold at export (listed as not included).",
    ),
    "bundle.readme": (
        "# opsledger 审核材料包：{site}，{period}（{scheme}）\n\n"
        "在任何装有 opsledger 的机器上都可以核验（不需要原数据库）：\n\n"
        "    opsledger verify-bundle 本目录 [--trust-key 指纹或十六进制公钥]\n\n"
        "## 核验通过的材料包能证明什么\n\n{proves}\n\n"
        "## 它不能证明什么\n\n{cannot}\n",
        "# opsledger audit bundle: {site}, {period} ({scheme})\n\n"
        "Check it on any machine with opsledger installed (the original database is not needed):\n\n"
        "    opsledger verify-bundle THIS_DIRECTORY [--trust-key FINGERPRINT_OR_HEX]\n\n"
        "## What a verified bundle proves\n\n{proves}\n\n"
        "## What it cannot prove\n\n{cannot}\n",
    ),
    # -- `verify --deep` ------------------------------------------------------------------------------------------
    "deep.ok": (
        "深度校验：{n} 条事件内容有效且在账本界限之内；{entries} 个缓存的投影条目重新计算后完全一致{skipped}",
        "deep: {n} payloads valid and within the ledger's bounds; {entries} cached projection entries refolded, "
        "identical{skipped}",
    ),
    "deep.ok_one": (
        "深度校验：{n} 条事件内容有效且在账本界限之内；{entries} 个缓存的投影条目重新计算后完全一致{skipped}",
        "deep: {n} payloads valid and within the ledger's bounds; {entries} cached projection entry refolded, "
        "identical{skipped}",
    ),
    "deep.skipped": (
        "（另有 {skipped} 个条目是按方案文件的其他版本计算的，从未被使用，已跳过）",
        " ({skipped} folded under another version of a scheme file, never served, skipped)",
    ),
    "deep.pages_ok": (
        "深度校验：数据库文件的页和索引完好",
        "deep: the database file's pages and indexes check out",
    ),
    "deep.absent": ("（无）", "absent"),
    "deep.none": ("无", "none"),
    # -- `audit`'s report --------------------------------------------------------------------------------------
    "audit.signoff_head": (
        "签字确认 seq {seq}，{actor}（{recorded}）：{scheme} {site} {period} 总分 {total}{grade}，链头 seq {head}",
        "sign-off seq {seq} by {actor} ({recorded}): {scheme} {site} {period} total {total}{grade}, head seq {head}",
    ),
    "audit.confirm_key": (
        "  密钥 {fp}（{public}）——请通过其他渠道与 {actor} 核对",
        "  key {fp} ({public}) — confirm it with {actor} out of band",
    ),
    "audit.other_key": (
        "  注：seq {seq} 为 {actor} 登记了另一把密钥 {fp}；已忽略",
        "  note: another key {fp} was registered for {actor} at seq {seq}; ignored",
    ),
    "audit.withdrawn": (
        "  注：这次签字确认已在 seq {seq} 撤回",
        "  note: this sign-off was withdrawn (retracted) at seq {seq}",
    ),
    "audit.since": (
        "  签字确认之后：该范围内又记录了 {n} 条事件",
        "  since the sign-off: {n} event(s) recorded for the scope",
    ),
    "audit.unchanged": (
        "  都没有改变评分：现为 {total}{grade}，与所签一致",
        "  none changes the scorecard: now {total}{grade}, as signed",
    ),
    "audit.changed": (
        "  其中 {n} 条改变了评分（按顺序逐条应用）：",
        "  {n} change the scorecard (each applied in order):",
    ),
    "audit.now": (
        "  现在：总分 {total}{grade}（签字时 {signed}{signed_grade}）",
        "  now: total {total}{grade} (signed {signed}{signed_grade})",
    ),
    "audit.valid": ("  结论：有效", "  verdict: VALID"),
    "audit.invalid": ("  结论：无效：{parts}", "  verdict: INVALID: {parts}"),
    # -- what an event did to the scorecard (schemes/audit/changes.py): `audit`, `diff`, `verify-bundle` -------
    "chg.correction": ("更正 {ref}（{changes}）：{reason}", "correction of {ref} ({changes}): {reason}"),
    "chg.retraction": ("撤回 {ref}：{reason}", "retraction of {ref}: {reason}"),
    "chg.late_accepted": ("接受迟报事件 {ref}：{reason}", "late event {ref} accepted: {reason}"),
    "chg.evidence": ("为 {ref} 附加证据：{file}", "evidence attached to {ref}: {file}"),
    "chg.closed": ("考核期 {period} 已关闭", "period {period} closed"),
    "chg.signoff": (
        "签字确认 {period}（{scheme}）：总分 {total}",
        "sign-off of {period} ({scheme}): total {total}",
    ),
    "chg.judgement": (
        "评估人员对 {item} 的判定（met={met}，shortfalls={shortfalls}）",
        "assessor judgement on {item} (met={met}, shortfalls={shortfalls})",
    ),
    "chg.recorded": ("记录 {type}（发生于 {occurred}）", "recorded {type} (occurred {occurred})"),
    "chg.points": ("{before} → {after} 分", "{before} → {after} points"),
    "chg.item": ("{id}：{points}{moved}", "{id}: {points}{moved}"),
    "chg.moved": ("（{moved}）", " ({moved})"),
    "chg.total": ("总分 {before} → {after}{grade}", "total {before} → {after}{grade}"),
    "chg.grade": ("（{before} → {after}）", " ({before} → {after})"),
    "chg.step": ("  序号 {seq} [{recorded}] {actor}：{label}", "  seq {seq} [{recorded}] {actor}: {label}"),
    "chg.no_change": ("      评分没有变化", "      no change to the scorecard"),
    "chg.late": ("      迟报：{late}", "      late: {late}"),
    "chg.late_gone": ("不再列出", "no longer listed"),
    # `diff`
    "diff.head": (
        "{site} {period}（{scheme}）：从 {t1} 到 {t2}",
        "{site} {period} ({scheme}) from {t1} to {t2}",
    ),
    "diff.at": ("  {t} 时：总分 {total}{grade}", "  at {t}: total {total}{grade}"),
    "diff.none": ("  期间记录的事件都不涉及这个考核期", "  no event recorded in between touches this period"),
    "diff.outside": (
        "  （期间另记录了 {n} 条事件，日期在考核期之后，不会影响它）",
        "  ({n} other event(s) recorded in between are dated after the period and cannot touch it)",
    ),
    # `evidence`
    "ev.head": (
        "{site} {period}（{scheme}）：各评分项的证据",
        "{site} {period} ({scheme}): evidence per item",
    ),
    "ev.item": (
        "{id}  {title}（{points}/{max}；事件 {events}）",
        "{id}  {title}  ({points}/{max}; events {events})",
    ),
    "ev.none": ("无", "none"),
    "ev.asks": ("  要求：{asks}", "  asks for: {asks}"),
    "ev.asks_nothing": ("（文件未列出佐证材料）", "(the document names no evidence)"),
    "ev.attached": (
        "  已附：#{seq} {file} sha256 {sha}… [{state}{via}]{label}",
        "  attached: #{seq} {file} sha256 {sha}… [{state}{via}]{label}",
    ),
    "ev.via": ("，由 #{seq} 附加", ", attached by #{seq}"),
    "ev.for": ("（用于 {requirement}）", " (for {requirement})"),
    "ev.covers": (" → {covered}", " → {covered}"),
    "ev.state.stored": ("已存", "stored"),
    "ev.state.missing": ("缺失", "missing"),
    "ev.state.corrupt": ("已损坏", "corrupt"),
    "ev.attached_nothing": ("  已附：无", "  attached: nothing"),
    "ev.missing": ("  缺少：{missing}", "  missing: {missing}"),
    "ev.missing_unbacked": ("{missing}（这一项还没有事件支撑）", "{missing} (no events back this item yet)"),
    "ev.nothing_asked": ("未要求", "nothing asked"),
    "ev.nothing": ("无", "nothing"),
    "ev.bare": ("  完全没有证据的事件：{seqs}", "  events with no evidence at all: {seqs}"),
    # `export`
    "export.wrote": ("已写入 {out}：{site} {period}（{scheme}）", "wrote {out}: {site} {period} ({scheme})"),
    "export.events": (
        "  events.jsonl   {n} 条事件（seq {first}..{last}），站点链头 {hash}",
        "  events.jsonl   {n} events (seq {first}..{last}), the site's head {hash}",
    ),
    "export.total": ("  scorecard.json 总分 {total}", "  scorecard.json total {total}"),
    "export.signoffs": ("  signoffs.json  {n} 次签字确认", "  signoffs.json  {n} sign-off(s)"),
    "export.evidence": ("  evidence/      {n} 个文件{missing}", "  evidence/      {n} file(s){missing}"),
    "export.evidence_missing": (
        "；另有 {n} 个被引用的文件不在存储中，已列在 bundle.json 里",
        "; {n} referenced file(s) not in the store, listed in bundle.json",
    ),
    "export.check": (
        "在任何机器上都可以这样核验：opsledger verify-bundle {out}",
        "check it anywhere with: opsledger verify-bundle {out}",
    ),
}
