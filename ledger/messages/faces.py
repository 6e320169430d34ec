"""The faces' messages (the command line, the web app's library-level errors): (中文, English) templates by id.

Kept with the library's catalogue (not in cli.py) so one test checks every message of every layer; the web app's
page words stay in web/i18n.py.
"""

from __future__ import annotations

M: dict[str, tuple[str, str]] = {
    # -- how the command line prints a failure ----------------------------------------------------------------
    "cli.error": ("错误：{error}", "error: {error}"),
    "cli.aborted": ("已中止", "aborted"),
    "cli.usage": ("{error}（见 `{command} --help`）", "{error} (see `{command} --help`)"),
    "cli.warning": ("警告：{warning}", "warning: {warning}"),
    "cli.interrupted": (
        "已中断：没有写入一半的内容（每次写入都是一个事务）",
        "interrupted: nothing half-written (each write is one transaction)",
    ),
    "cli.disk_full": ("磁盘已满：输出未能写入", "the disk is full: the output could not be written"),
    "cli.cannot_rw": ("无法读写{where}：{reason}", "cannot read or write{where}: {reason}"),
    "cli.internal": (
        "内部错误（{what}）；这是 opsledger 的缺陷：请连同所运行的命令一起报告（设置 OPSLEDGER_DEBUG=1 可显示回溯）",
        "internal error ({what}); this is a bug in opsledger: please report it with the command (OPSLEDGER_DEBUG=1 shows the traceback)",
    ),
    # -- the command line's own refusals ---------------------------------------------------------------------
    "cli.row.refused": ("已拒绝：{where}：{message}", "refused: {where}: {message}"),
    "cli.row.warning": ("警告：{where}：{message}", "warning: {where}: {message}"),
    "cli.pg_actor": (
        "PostgreSQL 账本不能使用 --actor/OPSLEDGER_ACTOR：事件以数据库登录名（{login}）记录；要以他人身份写入，"
        "请以其数据库角色登录（并取消 OPSLEDGER_ACTOR）",
        "--actor/OPSLEDGER_ACTOR cannot be used with a PostgreSQL ledger: events are recorded as the database login "
        "({login}); log in as another role to write as someone else (and unset OPSLEDGER_ACTOR)",
    ),
    "cli.needs_map": (
        "{flag} 须与 --map 一起使用（事件文件中每条事件自带站点和编号）",
        "{flag} goes with --map (an event file names each event's site and id)",
    ),
    "cli.format_with_map": (
        "--format 用于事件文件；使用 --map 时，由台账的 .xlsx/.csv 扩展名决定格式",
        "--format is for event files; with --map the register's .xlsx/.csv extension decides",
    ),
    "cli.out_jsonl_csv": (
        "--out 只用于 --format jsonl 或 --format csv",
        "--out is for --format jsonl or --format csv",
    ),
    "cli.cannot_write": ("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
    "cli.checkpoint_signer": (
        "检查点须由采购方（--buyer NAME 或 OPSLEDGER_BUYER）或采购方授权的评估人员（--assessor NAME）签名",
        "a checkpoint is signed by the buyer (--buyer NAME or OPSLEDGER_BUYER) or by an assessor the buyer delegated "
        "(--assessor NAME)",
    ),
    "cli.migrate_from_to": (
        "请给出 --from 和 --to，例如 --from ledger.db --to postgresql://user@host/dbname",
        "give --from and --to, e.g. --from ledger.db --to postgresql://user@host/dbname",
    ),
    "cli.contract_buyer": (
        "合同须由采购方签名：请加 --buyer NAME（或设置 OPSLEDGER_BUYER）",
        "a contract is signed by the buyer: pass --buyer NAME (or set OPSLEDGER_BUYER)",
    ),
    "cli.cannot_read_scheme": (
        "无法读取考核方案文件 {path}：{reason}",
        "cannot read scheme file {path}: {reason}",
    ),
    "cli.needs_out": (
        "--format {fmt} 需要 --out FILE（例如 --out scorecard.{fmt}）",
        "--format {fmt} needs --out FILE (e.g. --out scorecard.{fmt})",
    ),
    "cli.out_files": ("--out 只用于 --format xlsx、pdf 或 csv", "--out is for --format xlsx, pdf or csv"),
    "cli.demo_pg_force": (
        "--force 不能清空 PostgreSQL 账本（其事件只能追加）：请在新的数据库中生成演示数据",
        "--force cannot empty a PostgreSQL ledger (its events are append-only): build the demo in a new database",
    ),
    "cli.signoff_invalid": (
        "序号 {seq} 的签核无效：{name}：{detail}",
        "sign-off seq {seq} is INVALID: {name}: {detail}",
    ),
    "cli.bundle_failed": (
        "材料包 {directory} 校验失败（{n} 项检查）：{name}：{detail}",
        "bundle {directory} FAILED ({n} check(s)): {name}: {detail}",
    ),
    # -- click's usage errors, as click words them in English (cli.py's _CLICK recognises them) ------------------
    "click.no_option": ("没有选项 '{option}'{hint}", "No such option '{option}'.{hint}"),
    "click.close": ("（是否想写 '{close}'？）", " Did you mean '{close}'?"),
    "click.missing_option": ("缺少选项 '{option}'", "Missing option '{option}'."),
    "click.missing_argument": ("缺少参数 '{argument}'", "Missing argument '{argument}'."),
    "click.extra": ("多余的参数（{arguments}）", "Got unexpected extra argument ({arguments})"),
    "click.no_command": ("没有命令 '{command}'{hint}", "No such command '{command}'.{hint}"),
    "click.needs_value": ("选项 '{option}' 需要一个值", "Option '{option}' requires an argument."),
    "click.not_choice": (
        "'{option}' 的值 '{value}' 无效：应为以下之一：{choices}",
        "Invalid value for '{option}': '{value}' is not one of {choices}.",
    ),
    "click.invalid": ("'{option}' 的值无效：{detail}", "Invalid value for '{option}': {detail}"),
    # -- the web app's refusals from the library side (web/services/, web/security.py) ----------------------
    "web.cannot_log": ("此处不能记录“{type}”类事件", "{type} cannot be logged here"),
    "web.form_used": (
        "此表单已经用过：请刷新页面后重新填写",
        "this form was already used; reload the page for a new one",
    ),
    "web.not_stored": ("事件未能保存：请重试", "the event was not stored; try again"),
    "web.no_event": (
        "站点 {site} 没有序号为 {seq} 的事件",
        "no event with sequence number {seq} on site {site}",
    ),
    "web.cannot_correct": (
        "序号 {seq}（{type}）不能在此处更正",
        "seq {seq} ({type}) cannot be corrected here",
    ),
    "web.cannot_retract": (
        "序号 {seq}（{type}）不能在此处撤回",
        "seq {seq} ({type}) cannot be retracted here",
    ),
    "web.no_contract": (
        "站点 {site} 尚无合同：没有可判定的项目",
        "site {site} has no contract: nothing to judge",
    ),
    "web.row": ("{where}：{message}", "{where}: {message}"),
    "web.row_site": ("{where}：站点 {site} 不是 {expected}", "{where}: site {site} is not {expected}"),
    "web.row_other_site": (
        "{where}：属于另一个站点；请在该站点导入",
        "{where}: belongs to another site; import it there",
    ),
    "web.key_locked": ("此密码无法解锁签名密钥", "the password does not unlock the signing key"),
    "web.key_not_ed25519": (
        "保存的签名密钥不是 Ed25519 密钥",
        "the stored signing key is not an Ed25519 key",
    ),
    # -- `opsledger serve` and the passwords `opsledger user ...` reads (web/serve.py) -------------------------
    "serve.password_prompt": ("密码：", "password: "),
    "serve.password_again": ("再输入一次：", "again: "),
    "serve.passwords_differ": ("两次输入的密码不一致", "the two passwords differ"),
    "serve.no_password": (
        "标准输入中没有密码（请给出一行）",
        "no password on standard input (give one line)",
    ),
    "serve.plain_http": (
        "警告：正在 {host} 上以明文 HTTP 提供服务：密码和会话 Cookie 未加密地经过网络。"
        "请在前面放置终止 TLS 的代理（并加 --behind-tls），或绑定 127.0.0.1。",
        "warning: serving on {host} over plain HTTP: passwords and session cookies cross the network "
        "unencrypted. Put a TLS-terminating proxy in front (and pass --behind-tls), or bind 127.0.0.1.",
    ),
    "serve.serving": ("opsledger 正在提供 {where}，地址 {url}", "opsledger serving {where} at {url}"),
    "serve.first_login": (
        "首次登录：用户 admin，密码 {password}（请在“修改密码”页面修改）",
        "first login: user admin, password {password} (change it under 修改密码 / Password)",
    ),
    # -- accounts of the web app (web/accounts.py; `opsledger user ...`) -----------------------------------------
    "user.bad_name": (
        "用户名 {name} 无效：请只用字母、数字和 _ . @ -（最多 80 个字符）",
        "bad user name {name}: use letters, digits and _ . @ - (at most 80)",
    ),
    "user.password_short": (
        "密码太短：至少 {n} 个字符",
        "the password is too short: at least {n} characters",
    ),
    "user.password_long": ("密码太长：最多 {n} 个字符", "the password is too long: at most {n} characters"),
    "user.bad_role": ("未知的角色 {role}：请用 {roles} 之一", "unknown role {role}: use one of {roles}"),
    "user.needs_site": (
        "{role} 需要指定站点（--site SITE，或用 '*' 表示所有站点）",
        "a {role} needs a site (--site SITE, or '*' for every site)",
    ),
    "user.unreadable": ("本账本中有一条账户记录无法读取", "an account record in this ledger is unreadable"),
    "user.needs_role": ("请为新账户指定角色（--role）", "give a role (--role) for the new account"),
    "user.exists": ("用户 {name} 已经存在", "user {name} already exists"),
    "user.none": ("没有用户 {name}", "no user {name}"),
    "user.has_key": (
        "{name} 已有一把由服务器保管的签名密钥",
        "{name} already has a signing key held by the server",
    ),
}
