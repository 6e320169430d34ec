"""Every word the web app shows, in Chinese and English: one table, checked for completeness by a test.

Chinese first: a page is Chinese unless `?lang=en` (remembered in a cookie) or the browser's Accept-Language
puts English before Chinese. Templates call `t("key")`; a key missing from the table is a KeyError in the
tests (tests/test_web_i18n.py scans every template and module for the keys they use).
Library messages (the one-line LedgerErrors, ledger/messages) are rendered in the page's language (web/core.py
sets it for each request) and shown under a translated heading.
"""

from __future__ import annotations

from typing import Any

LANGS = ("zh", "en")

M: dict[str, tuple[str, str]] = {
    # -- frame ------------------------------------------------------------------------------------------------
    "app": ("运营台账", "opsledger"),
    "nav.log": ("记录", "Log"),
    "nav.dashboard": ("看板", "Dashboard"),
    "nav.registers": ("台账导入", "Registers"),
    "nav.assess": ("评估", "Assess"),
    "nav.overview": ("总览", "Overview"),
    "nav.audit": ("审计", "Audit"),
    "nav.users": ("账号", "Users"),
    "nav.password": ("修改密码", "Password"),
    "nav.logout": ("退出", "Log out"),
    "lang.switch": ("English", "中文"),
    "site": ("站点", "Site"),
    "choose_site": ("选择站点", "Choose a site"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "none": ("无", "none"),
    "save": ("保存", "Save"),
    "submit": ("提交", "Submit"),
    "optional": ("选填", "optional"),
    "required": ("必填", "required"),
    "seq": ("序号", "seq"),
    "period": ("考核期", "period"),
    "as_of": ("截至（日期）", "as of (date)"),
    "show": ("查看", "Show"),
    "scheme": ("考核方案", "scheme"),
    "total": ("总分", "total"),
    "grade": ("等次", "grade"),
    "rank": ("排名", "rank"),
    "money": ("服务费", "money"),
    "trend": ("趋势", "trend"),
    "reason": ("原因", "reason"),
    "actor": ("记录人", "recorded by"),
    "occurred_on": ("发生日期", "date"),
    "recorded_at": ("记录时间", "recorded at"),
    "error.heading": ("未能完成", "Not done"),
    "error.library": ("系统提示", "Message"),
    "error.forbidden": ("您没有访问此页面的权限。", "You are not allowed to see this page."),
    "error.not_found": ("页面不存在。", "Page not found."),
    "error.csrf": (
        "表单已过期或来源不明，请刷新页面后重试。",
        "The form expired or did not come from this site: reload the page and try again.",
    ),
    "error.bad_request": ("请求无效。", "Bad request."),
    "error.too_large": ("上传的文件太大（上限 {n} MB）。", "The upload is too large (at most {n} MB)."),
    "error.internal": (
        "服务器内部错误，已记录，请稍后重试或联系管理员。",
        "Internal error (logged): try again later or tell the administrator.",
    ),
    "done": ("已完成", "Done"),
    "field_error": ("“{field}”有误：{message}", "{field}: {message}"),
    # -- login ------------------------------------------------------------------------------------------------
    "login.title": ("登录", "Log in"),
    "login.name": ("用户名", "User name"),
    "login.password": ("密码", "Password"),
    "login.submit": ("登录", "Log in"),
    "login.failed": ("用户名或密码不正确。", "Wrong user name or password."),
    "login.limited": ("尝试次数过多，请 {n} 秒后再试。", "Too many attempts: try again in {n} seconds."),
    "logout.done": ("已退出。", "Logged out."),
    "password.title": ("修改密码", "Change password"),
    "password.old": ("当前密码", "Current password"),
    "password.new": ("新密码（至少 8 位）", "New password (8 characters or more)"),
    "password.repeat": ("再次输入新密码", "New password again"),
    "password.mismatch": ("两次输入的新密码不一致。", "The two new passwords differ."),
    "password.wrong": ("当前密码不正确。", "The current password is wrong."),
    "password.short": ("新密码太短：至少 8 位。", "The new password is too short: at least 8 characters."),
    "password.changed": (
        "密码已修改，其他设备上的登录已退出。",
        "Password changed; your other sessions were logged out.",
    ),
    # -- log --------------------------------------------------------------------------------------------------
    "log.title": ("记录工作", "Log what happened"),
    "log.type": ("事件类型", "What happened"),
    "log.choose_type": ("请选择事件类型", "Choose what happened"),
    "log.on": ("发生日期", "Date"),
    "log.evidence": ("佐证材料（拍照或上传 PDF）", "Evidence (photo or PDF)"),
    "log.evidence_for": ("对应的佐证材料", "Which evidence it is"),
    "log.evidence_unspecified": ("（未指定）", "(not said)"),
    "log.submit": ("保存记录", "Save"),
    "log.saved": ("已记录：序号 {n}。", "Saved: seq {n}."),
    "log.duplicate": (
        "此表单已提交过（序号 {n}），未重复记录。",
        "This form was already saved (seq {n}); nothing was added.",
    ),
    "log.fix": ("请更正标出的内容。", "Please fix the fields marked below."),
    "log.today": ("今天的记录", "Today's records"),
    "log.today_none": ("今天还没有记录。", "Nothing recorded today yet."),
    "log.no_contract": (
        "本站点尚无合同，无法列出佐证材料要求。",
        "This site has no contract: no evidence list to pick from.",
    ),
    "log.correct": ("更正", "Correct"),
    "log.retract": ("撤回", "Retract"),
    "log.retracted": ("已撤回", "retracted"),
    "log.corrected": ("已更正", "corrected"),
    "log.reason_required": ("请填写原因。", "A reason is required."),
    "log.correct_saved": ("已更正：序号 {n}。", "Corrected: seq {n}."),
    "log.retract_saved": ("已撤回：序号 {n}。", "Retracted: seq {n}."),
    "log.nothing_changed": ("没有修改任何内容。", "Nothing was changed."),
    "log.attach": ("补充佐证材料", "Attach evidence"),
    "log.attached": ("已补充佐证材料：序号 {n}。", "Evidence attached: seq {n}."),
    "log.files": ("文件", "files"),
    "log.bad_type": ("请选择有效的事件类型。", "Choose a valid type of event."),
    "log.bad_requirement": (
        "所选佐证材料不在本考核方案的要求之列。",
        "That evidence is not one the scheme asks for.",
    ),
    "log.bad_date": ("日期格式应为 年-月-日。", "Use a date like 2026-03-05."),
    "log.future_date": ("日期不能晚于今天。", "The date cannot be after today."),
    # -- dashboard --------------------------------------------------------------------------------------------
    "dash.title": ("站点看板", "Site dashboard"),
    "dash.scorecard": ("评分表", "Scorecard"),
    "dash.charts": ("关键指标（逐月累计）", "Key indicators, month by month"),
    "dash.cadence": ("频次", "Cadence"),
    "dash.gaps": (
        "差距：还缺什么、何时之前、值多少分",
        "Gaps: what is missing, by when, worth how many points",
    ),
    "dash.gaps_as_of": (
        "差距和佐证清单只针对当前（未指定截至日期时）显示。",
        "Gaps and the evidence checklist are shown for now only (without an as-of date).",
    ),
    "dash.evidence": ("缺少的佐证材料", "Missing evidence"),
    "dash.evidence_none": (
        "文件要求的佐证材料均已附上。",
        "Every piece of evidence the document asks for is attached.",
    ),
    "dash.late": ("待评估人员接受的迟报事件", "Late events waiting for an assessor"),
    "dash.late_none": ("没有迟报事件。", "No late events."),
    "dash.full_marks": ("各项均已得满分。", "Every item is at full marks."),
    "dash.deadline": ("截止 {n}", "by {n}"),
    "dash.projection": ("按当前进度预测", "Projection at the current pace"),
    "dash.projected_total": ("预计总分", "projected total"),
    "dash.no_contract": ("本站点尚无合同，无法评分。", "This site has no contract: nothing to score."),
    "dash.points_open": ("可得分", "points open"),
    "dash.items": ("项目", "item"),
    "dash.bonus": ("加分项", "bonus"),
    "dash.deductions": ("已扣分", "deductions"),
    # -- registers --------------------------------------------------------------------------------------------
    "reg.title": ("导入台账（xlsx / CSV）", "Import a register (xlsx / CSV)"),
    "reg.file": ("台账文件", "Register file"),
    "reg.mapping": ("对照表（映射）", "Mapping"),
    "reg.mapping_upload": ("或上传对照表文件（.toml）", "or upload a mapping file (.toml)"),
    "reg.preview": ("预览", "Preview"),
    "reg.commit": ("确认导入", "Import"),
    "reg.rows": ("读取行数", "rows read"),
    "reg.new": ("新增", "new"),
    "reg.duplicates": ("已存在（跳过）", "already stored (skipped)"),
    "reg.corrections": ("更正", "corrections"),
    "reg.errors": ("错误", "errors"),
    "reg.errors_block": (
        "有错误时不能导入：请修改台账后重新预览。",
        "Nothing can be imported while there are errors: fix the register and preview again.",
    ),
    "reg.committed": ("已导入 {n} 条事件。", "Imported {n} events."),
    "reg.need_mapping": ("请选择或上传对照表。", "Choose or upload a mapping."),
    "reg.need_file": ("请选择台账文件。", "Choose a register file."),
    "reg.expired": ("预览已过期，请重新上传。", "The preview expired: upload the register again."),
    "reg.row": ("行", "row"),
    "reg.type": ("类型", "type"),
    # -- assessor ---------------------------------------------------------------------------------------------
    "ass.title": ("评估", "Assessment"),
    "ass.judgements": ("定性项目判定", "Judgements on qualitative items"),
    "ass.judge": ("保存判定", "Save judgement"),
    "ass.met": ("达到要求", "met"),
    "ass.shortfalls": ("未足额提供的服务项数", "services short"),
    "ass.points": (
        "给予/扣减分值（文件由评估人员酌定时）",
        "points (where the document leaves them to the assessor)",
    ),
    "ass.current": ("当前得分", "current points"),
    "ass.judged": ("已保存判定：序号 {n}。", "Judgement saved: seq {n}."),
    "ass.no_items": (
        "本方案没有需要评估人员判定的项目。",
        "This scheme has no items for an assessor to judge.",
    ),
    "ass.findings": ("检查发现", "Inspection findings"),
    "ass.finding_saved": ("已记录检查发现：序号 {n}。", "Finding saved: seq {n}."),
    "ass.close": ("关闭考核期", "Close the period"),
    "ass.close_early": ("考核期尚未结束也关闭", "close although the period has not ended"),
    "ass.closed": ("已关闭考核期：序号 {n}。", "Period closed: seq {n}."),
    "ass.closes": ("已关闭的考核期", "Closed periods"),
    "ass.late": ("迟报事件", "Late events"),
    "ass.accept": ("接受", "Accept"),
    "ass.accepted": ("已接受迟报事件：序号 {n}。", "Late event accepted: seq {n}."),
    "ass.signoff": ("签署评分", "Sign off the score"),
    "ass.signoff_help": (
        "签署时用您的登录密码解锁服务器保存的签名私钥；私钥以您的密码加密保存，服务器不保存您的密码。",
        "Signing unlocks your private key, which the server keeps encrypted with your login password; the server never stores the password.",
    ),
    "ass.signoff_password": ("登录密码（用于解锁签名私钥）", "Your password (unlocks the signing key)"),
    "ass.signed": ("已签署：总分 {n}（序号 {seq}）。", "Signed: total {n} (seq {seq})."),
    "ass.signoffs": ("已有签署", "Sign-offs"),
    "ass.key_none": (
        "您还没有签名密钥。创建后，请将公钥指纹交给采购方，由采购方授权（签署授权后，您的评估操作才被账本接受）。",
        "You have no signing key yet. Create one, then hand its fingerprint to the buyer, who delegates it (the ledger accepts your acts once the buyer has signed that grant).",
    ),
    "ass.key_create": ("创建签名密钥", "Create my signing key"),
    "ass.key_created": (
        "签名密钥指纹 {n}，已为本次登录解锁。若尚未授权，请采购方执行：opsledger role grant 您的账号 --role assessor --site 站点 --key 公钥 --buyer 采购方。",
        "Signing key fingerprint {n}, unlocked for this session. If the buyer has not delegated it yet: opsledger role grant YOUR-NAME --role assessor --site SITE --key PUBLIC-KEY --buyer BUYER.",
    ),
    "ass.key_registered": ("签名密钥指纹", "Signing key fingerprint"),
    "ass.key_register_here": ("为本次登录解锁我的签名密钥", "Unlock my signing key for this session"),
    "ass.not_ledger_assessor": (
        "账本尚未授予您本站点的评估人员角色：请采购方用其密钥授权（opsledger role grant … --buyer）。",
        "The ledger does not list you as an assessor for this site yet: the buyer grants it with its key (opsledger role grant … --buyer).",
    ),
    # -- overview ---------------------------------------------------------------------------------------------
    "ov.title": ("采购方总览", "Buyer overview"),
    "ov.latest": ("最近考核期", "latest period"),
    "ov.cohort": ("吴江联盟排名", "Wujiang cohort ranking"),
    "ov.quotas": ("等次名额", "grade quotas"),
    "ov.no_contract": ("无合同", "no contract"),
    "ov.units": ("参评单位 {n} 家", "{n} units assessed"),
    # -- audit ------------------------------------------------------------------------------------------------
    "aud.title": ("审计", "Audit"),
    "aud.verify": ("校验哈希链", "Verify the hash chain"),
    "aud.verified": ("哈希链完整：共 {n} 条事件。", "The chain is intact: {n} events."),
    "aud.broken": ("哈希链已被破坏", "The chain is BROKEN"),
    "aud.head": ("末端", "head"),
    "aud.diff": ("两个时点之间的差异", "What changed between two instants"),
    "aud.from": ("从", "from"),
    "aud.to": ("到", "to"),
    "aud.before": ("之前", "before"),
    "aud.after": ("之后", "after"),
    "aud.no_changes": (
        "这段时间没有影响本考核期的记录。",
        "Nothing recorded in this window touches the period.",
    ),
    "aud.bundle": ("下载审计包", "Download an audit bundle"),
    "aud.bundle_help": (
        "审计包可在没有原始账本的情况下用 opsledger verify-bundle 校验。",
        "A bundle verifies without the original ledger: opsledger verify-bundle.",
    ),
    # -- users ------------------------------------------------------------------------------------------------
    "users.title": ("账号管理", "Accounts"),
    "users.add": ("新增账号", "Add an account"),
    "users.role": ("角色", "role"),
    "users.roles": ("角色与站点", "roles and sites"),
    "users.all_sites": ("全部站点", "every site"),
    "users.added": ("已新增账号 {n}。", "Account {n} added."),
    "role.admin": ("管理员", "admin"),
    "role.operator": ("运营方", "operator"),
    "role.assessor": ("评估人员", "assessor"),
    "role.viewer": ("查看者", "viewer"),
    # -- validation (pydantic error types) -------------------------------------------------------------------
    "err.missing": ("必填。", "Required."),
    "err.invalid": ("内容无效。", "Not valid."),
    "err.int_parsing": ("请填写整数。", "Enter a whole number."),
    "err.int_from_float": ("请填写整数。", "Enter a whole number."),
    "err.decimal_parsing": ("请填写数字。", "Enter a number."),
    "err.decimal_max_digits": ("数字位数太多。", "Too many digits."),
    "err.decimal_max_places": ("小数位数太多。", "Too many decimal places."),
    "err.greater_than_equal": ("不能小于 {n}。", "Must be at least {n}."),
    "err.greater_than": ("必须大于 {n}。", "Must be more than {n}."),
    "err.less_than_equal": ("不能大于 {n}。", "Must be at most {n}."),
    "err.less_than": ("必须小于 {n}。", "Must be less than {n}."),
    "err.string_too_short": ("请填写内容。", "Cannot be empty."),
    "err.string_too_long": ("太长：最多 {n} 个字。", "Too long: at most {n} characters."),
    "err.string_pattern_mismatch": ("格式不正确。", "Wrong format."),
    "err.enum": ("请从列表中选择。", "Choose one from the list."),
    "err.literal_error": ("请从列表中选择。", "Choose one from the list."),
    "err.bool_parsing": ("请选择“是”或“否”。", "Choose yes or no."),
    "err.date_from_datetime_parsing": ("日期无效，格式为 年-月-日。", "Not a valid date (YYYY-MM-DD)."),
    "err.date_parsing": ("日期无效，格式为 年-月-日。", "Not a valid date (YYYY-MM-DD)."),
    "err.extra_forbidden": ("此类事件没有这个字段。", "This event has no such field."),
    "err.value_error": ("内容无效。", "Not valid."),
    "err.number_too_large": ("数字太大。", "The number is too large."),
}


def t(lang: str, key: str, **values: Any) -> str:
    """The text for `key` in `lang` ('zh' or 'en'), with {n}-style values filled in. KeyError if unknown."""
    zh, en = M[key]
    text = en if lang == "en" else zh
    return text.format(**values) if values else text


def pick(query_lang: str | None, cookie_lang: str | None, accept: str | None) -> str:
    """?lang= wins, then the remembered choice, then the first of zh/en in Accept-Language; else Chinese."""
    for choice in (query_lang, cookie_lang):
        if choice in LANGS:
            return choice  # type: ignore[return-value]
    for part in (accept or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return "zh"
        if tag.startswith("en"):
            return "en"
    return "zh"
