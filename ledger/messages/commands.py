"""What the command line prints when a command succeeds (its report lines and table headings), and its own refusals
that are not the library's: (中文, English) templates by id.

Lines scripts parse stay out of here and are the same in both languages: `appended seq N hash H` (every write's
receipt, with `(corrects seq N)` or `(retracts seq N)` when it amends an event), JSON, JSONL and CSV. A Chinese line that reports an event keeps `seq N hash H` (or `seq N`) as it is, so
one pattern finds the event in either language.
"""

from __future__ import annotations

M: dict[str, tuple[str, str]] = {
    # -- init, sites, roles ------------------------------------------------------------------------------------
    "cmd.init.exists": (
        "账本 {ledger} 已经存在（{n} 条事件），未做任何改动",
        "ledger {ledger} already exists ({n} events); nothing changed",
    ),
    "cmd.init.created": ("已创建账本 {ledger}", "created ledger {ledger}"),
    "cmd.site.added": (
        "已登记站点 {site}（{name}）：seq {seq} hash {hash}",
        "registered site {site} ({name}): seq {seq} hash {hash}",
    ),
    "cmd.role.granted": ("（{actor} 成为 {site} 的 {role}）", " ({actor} is {role} for {site})"),
    "cmd.contract.signed": ("（由 {buyer} 的密钥 {key}… 签名）", " (signed by {buyer}'s key {key}…)"),
    "cmd.sites.none": (
        "还没有登记任何站点：用 `opsledger site add SITE --name NAME` 登记一个",
        "no sites registered: add one with `opsledger site add SITE --name NAME`",
    ),
    "cmd.sites.site": ("站点", "site"),
    "cmd.sites.events": ("事件数", "events"),
    "cmd.sites.first": ("最早", "first"),
    "cmd.sites.last": ("最晚", "last"),
    "cmd.sites.name": ("名称", "name"),
    # -- import -----------------------------------------------------------------------------------------------
    "cmd.import.progress": ("正在导入", "importing"),
    "cmd.import.events": (
        "已导入 {added} 条事件（跳过 {duplicates} 条重复）；链头 seq {seq} hash {hash}",
        "imported {added} events ({duplicates} duplicates skipped); head seq {seq} hash {hash}",
    ),
    "cmd.import.register": (
        "已导入 {added} 条事件；链头 seq {seq} hash {hash}",
        "imported {added} events; head seq {seq} hash {hash}",
    ),
    "cmd.import.read": ("读取：{tables}", "read: {tables}"),
    "cmd.import.plan": (
        "新增 {new} 条，更正 {corrected} 条，未变 {unchanged} 条，缺少 {missing} 条",
        "{new} new, {corrected} corrected, {unchanged} unchanged, {missing} missing",
    ),
    "cmd.import.missing": (
        "  {table} 中已没有：seq {seq} {on} {type} {title}",
        "  missing from {table}: seq {seq} {on} {type} {title}",
    ),
    "cmd.import.kept": (
        "  （已保留：加 --retract-missing 可撤回它们）",
        "  (kept: pass --retract-missing to retract them)",
    ),
    "cmd.import.no_identity": (
        "  （{tables}：映射文件中没有标识列，所以改过的行会作为新行导入，删掉的行也不会被发现）",
        "  ({tables}: no identity in the mapping, so a changed row imports as new and a removed one goes unnoticed)",
    ),
    "cmd.import.dry_run": ("试运行：未写入任何内容", "dry run: nothing written"),
    # -- events ---------------------------------------------------------------------------------------------
    "cmd.events.seq": ("序号", "seq"),
    "cmd.events.occurred": ("发生时间", "occurred"),
    "cmd.events.site": ("站点", "site"),
    "cmd.events.type": ("类型", "type"),
    "cmd.events.actor": ("记录人", "actor"),
    "cmd.events.status": ("状态", "status"),
    "cmd.events.payload": ("内容", "payload"),
    "cmd.events.retracted": ("已撤回 #{seq}", "retracted #{seq}"),
    "cmd.events.corrected": ("已更正 #{seqs}", "corrected #{seqs}"),
    "cmd.events.none": ("（没有符合条件的事件）", "(no events match)"),
    # -- verify, checkpoint, migrate --------------------------------------------------------------------------
    "cmd.verify.trusted": (
        "每个站点的链都以受信任的密钥（{keys}）为根，且链头由它签名",
        "every site's chain is rooted in a trusted key ({keys}) and its head is signed by it",
    ),
    "cmd.checkpoint.appended": (
        "已把检查点 {site} #{size} {hash}（{time}，由 {name} 签名）追加到 {out}",
        "appended checkpoint {site} #{size} {hash} ({time}) signed by {name} to {out}",
    ),
    "cmd.migrate.copying": ("正在复制", "copying"),
    "cmd.migrate.migrating": ("正在迁移", "migrating"),
    "cmd.migrate.at_schema_2": (
        "{ledger} 已是 schema 2（按站点分链）：无需迁移",
        "{ledger} is already at schema 2 (per-site chains): nothing to migrate",
    ),
    "cmd.migrate.checkpoints": (
        "采购方对每个站点新链头签名的检查点：{where}（请保存在运营方接触不到的地方；"
        "`opsledger verify --trust-key FP --against {where}`）",
        "the buyer's signed checkpoints of every site's new head: {where} (keep it where the operator cannot reach "
        "it; `opsledger verify --trust-key FP --against {where}`)",
    ),
    "cmd.migrate.db_or_from": (
        "请给出 --db FILE（升级 schema 1 文件）或 --from URL --to URL（复制），不要两者都给",
        "give --db FILE (upgrade a schema-1 file) or --from URL --to URL (copy), not both",
    ),
    "cmd.migrate.needs_to": (
        "请给出 --to：要复制进去的新的空账本，例如 --to postgresql://user@host/dbname",
        "give --to: the new, empty ledger to copy into, e.g. --to postgresql://user@host/dbname",
    ),
    "cmd.migrate.same": ("--from 和 --to 指的是同一个账本", "--from and --to name the same ledger"),
    "cmd.migrate.what": (
        "请给出 --db FILE 以升级 schema 1 账本，或给出 --from URL --to URL 以在两种存储之间复制账本",
        "give --db FILE to upgrade a schema-1 ledger, or --from URL --to URL to copy a ledger between backends",
    ),
    "cmd.migrate.buyer": (
        "升级 schema 1 账本是采购方的行为：请加 --buyer NAME（或设置 OPSLEDGER_BUYER）；其密钥签署每个站点的 "
        "ledger_migrated 事件，并成为该站点的信任根",
        "upgrading a schema-1 ledger is the buyer's act: pass --buyer NAME (or set OPSLEDGER_BUYER); its key "
        "signs each site's ledger_migrated event and becomes the site's root of trust",
    ),
    # -- the catalog: each type's fields in a few words -------------------------------------------------------
    "cmd.catalog.assessor_only": ("  [仅限评估人员]", "  [assessor only]"),
    "cmd.catalog.one_of": ("以下之一 {values}", "one of {values}"),
    "cmd.catalog.or_empty": ("（可为空）", " (or empty)"),
    "cmd.catalog.unit": ("，{unit}", ", {unit}"),
    "cmd.catalog.required": ("；必填", "; required"),
    "cmd.catalog.default": ("；默认 {value}", "; default {value}"),
    "cmd.catalog.none": ("无", "none"),
    "cmd.catalog.decimal": ("小数", "decimal"),
    "cmd.catalog.or": (" 或 ", " or "),
    "cmd.catalog.always": ("固定为 {value}", "always {value}"),
    "cmd.catalog.date": ("日期（YYYY-MM-DD）", "date (YYYY-MM-DD)"),
    "cmd.catalog.type.integer": ("整数", "integer"),
    "cmd.catalog.type.string": ("文本", "text"),
    "cmd.catalog.type.boolean": ("是/否（true/false）", "true/false"),
    "cmd.catalog.type.number": ("数字", "number"),
    "cmd.catalog.type.object": ("JSON 对象", "JSON object"),
    "cmd.catalog.type.array": ("JSON 列表", "JSON list"),
    "cmd.catalog.type.any": ("任意值", "any"),
    "cmd.catalog.matching": ("，须匹配 {pattern}", " matching {pattern}"),
    "cmd.catalog.chars": ("（{low}-{high} 个字符）", " ({low}-{high} chars)"),
    # -- schemes and scores ---------------------------------------------------------------------------------
    "cmd.schemes.line": ("周期 {every} {items} 项", "every {every} {items} items"),
    "cmd.score.site_or_scheme": (
        "请给出 --site，或用 --scheme 为整个联盟评分",
        "give --site, or --scheme for a whole cohort",
    ),
    "cmd.score.as_of": (
        "截至 {when} 的记录：之后记录的事件不计入\n",
        "as recorded by {when}: events recorded later are not counted\n",
    ),
    "cmd.score.wrote_cohort": ("已把 {n} 份评分表写到 {path}", "wrote {n} scorecards to {path}"),
    "cmd.score.wrote": (
        "已把评分表 {site} {period} 写到 {path}",
        "wrote scorecard {site} {period} to {path}",
    ),
    "cmd.report.wrote": (
        "已写出 {path}：{site} {period} 总分 {total}，{charts} 张指标图，{cadence} 张频次图",
        "wrote {path}: {site} {period} total {total}, {charts} indicator charts, {cadence} cadence charts",
    ),
    "cmd.replay.card": (
        "{site} {scheme} {period} 总分 {total}{grade}{late}",
        "{site} {scheme} {period} total {total}{grade}{late}",
    ),
    "cmd.replay.late": ("（{n} 条迟报）", " ({n} late)"),
    "cmd.replay.progress": ("正在重建", "replaying"),
    "cmd.replay.read_only": (
        "已从零重算 {n} 条投影，直到 seq {seq}（{digest}）；此处账本只读，所以存储的缓存保持原样",
        "folded {n} projection entries from zero up to seq {seq} ({digest}); the ledger is read-only here, so the "
        "stored cache was left as it was",
    ),
    "cmd.replay.done": (
        "已从零重建 {n} 条投影，直到 seq {seq}（{digest}）",
        "replayed {n} projection entries from zero up to seq {seq} ({digest})",
    ),
    # -- the demo -------------------------------------------------------------------------------------------
    "cmd.demo.progress": ("正在生成演示数据", "building the demo"),
    "cmd.demo.checkpoints": (
        "\n采购方对每个站点签名的检查点：{where}（`opsledger verify --against {where}`）",
        "\nthe buyer's signed checkpoints of every site: {where} (`opsledger verify --against {where}`)",
    ),
    "cmd.demo.cannot_write": ("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
    # -- keys, close, accept, signoff, attach, bundles ------------------------------------------------------
    "cmd.keys.created": (
        "已创建 {private}（私钥，权限 600）和 {public}",
        "created {private} (private, mode 600) and {public}",
    ),
    "cmd.keys.public": ("公钥 {key} 指纹 {fingerprint}", "public key {key} fingerprint {fingerprint}"),
    "cmd.keys.show": ("{name} {key} 指纹 {fingerprint}", "{name} {key} fingerprint {fingerprint}"),
    "cmd.close.done": (
        "已关闭 {site} {period}：seq {seq}，记录于 {recorded}",
        "closed {site} {period}: seq {seq} recorded {recorded}",
    ),
    "cmd.accept.done": (
        "已接受迟报的 seq {late}：seq {seq} hash {hash}",
        "accepted late seq {late}: seq {seq} hash {hash}",
    ),
    "cmd.signoff.signed": (
        "已签核 {site} {period}（{scheme}）：总分 {total}{grade}",
        "signed {site} {period} ({scheme}): total {total}{grade}",
    ),
    "cmd.signoff.head": (
        "  基于账本链头 seq {seq} {hash}（截至 {as_of}）",
        "  over ledger head seq {seq} {hash} (as of {as_of})",
    ),
    "cmd.signoff.scheme": ("  考核方案文件 sha256 {hash}", "  scheme file sha256 {hash}"),
    "cmd.signoff.late": (
        "注意：评分表上列有 {n} 条迟报事件（见 `opsledger score`）",
        "note: {n} late event(s) listed on the scorecard (see `opsledger score`)",
    ),
    "cmd.attach.done": (
        "已把 {file} sha256 {sha256} 附加到 seq {target}：seq {seq} hash {hash}{requirement}",
        "attached {file} sha256 {sha256} to seq {target}: seq {seq} hash {hash}{requirement}",
    ),
    "cmd.attach.for": ("（作为 {requirement}）", " (for {requirement})"),
    "cmd.bundle.ok": ("通过：材料包 {directory} 校验无误", "ok: bundle {directory} verifies"),
    # -- web accounts ---------------------------------------------------------------------------------------
    "cmd.user.added": ("已添加用户 {name}：{roles}", "added user {name}: {roles}"),
    "cmd.user.not_assessor": (
        "注意：账本尚未把 {name} 列为 {site} 的评估人员：需由采购方授予（用采购方的密钥签名）："
        "`opsledger role grant {name} --role assessor --site {site} --buyer 采购方名称`",
        "note: the ledger does not list {name} as an assessor for {site} yet: the buyer grants it (signed with "
        "the buyer's key): `opsledger role grant {name} --role assessor --site {site} --buyer BUYER`",
    ),
    "cmd.user.key_held": (
        "{name} 有一把由服务器保管、用旧密码加密的签名密钥：请在网页上修改密码（修改密码），以便重新加密",
        "{name} has a signing key held by the server, encrypted with the old password: change the password on the "
        "web page (修改密码), which re-encrypts it",
    ),
    "cmd.user.passwd": ("{name} 的密码已修改", "password of {name} changed"),
    "cmd.user.key_held_mark": ("（持有签名密钥）", " (signing key held)"),
    # -- small words ----------------------------------------------------------------------------------------
    "cmd.not_seq": (
        "{value} 不是序号（1..{max}）",
        "{value} is not a sequence number (1..{max})",
    ),
    "cmd.characters": ("{n:,} 个字符", "{n:,} characters"),
}
