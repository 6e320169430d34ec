"""What `opsledger payout` prints around a contract year's figures: (中文, English) templates by id.

The money layer's own labels and notes ("半年 H1", a deduction's reason) are data that carry both languages
(they also appear in JSON); this area holds the frame the printer puts around them, and how a late event stands on a scorecard.
"""

from __future__ import annotations

M: dict[str, tuple[str, str]] = {
    "payout.header": (
        "站点 {site} · 考核办法 {scheme} · {year} 年（合同第 {contract_year} 年：{start} 至 {end}）",
        "site {site} · scheme {scheme} · year {year} (contract year {contract_year}: {start} .. {end})",
    ),
    "payout.fee": ("合同金额 {fee} 元", "fee {fee} 元"),
    "payout.network_fee": (" · 网络建设费 {fee} 元", " · network fee {fee} 元"),
    "payout.assessments": ("考核", "assessments"),
    "payout.not_assessed": ("尚未考核（{end} 结束）", "not yet assessed (ends {end})"),
    "payout.total": ("总分 {total}", "total {total}"),
    "payout.grade": (" · 等次 {grade}", " · grade {grade}"),
    "payout.rank": (" · 排名 {rank}/{size}", " · rank {rank}/{size}"),
    "payout.payments": ("付款", "payments"),
    "payout.total_paid": ("付款合计：{yuan} 元", "total paid: {yuan} 元"),
    "payout.so_far": ("（目前所知：部分金额尚未确定）", " (so far: some amounts are not known yet)"),
    "payout.due_by": ("其中截至 {today} 已到期：{yuan} 元", "of which due by {today}: {yuan} 元"),
    "payout.deductions": ("扣减", "deductions"),
    "payout.none": ("（无）", "(none)"),
    "payout.total_deducted": ("扣减合计：{yuan} 元", "total deducted: {yuan} 元"),
    "payout.notes": ("说明", "notes"),
    "payout.rounding": ("金额按元保留两位小数、四舍五入", "amounts in yuan, rounded to 0.01 half up"),
    # a payment's status: the ids stay in JSON (scripts read them); the text names them in the reader's language
    "payout.status.due": ("已到期", "due"),
    "payout.status.scheduled": ("未到期", "scheduled"),
    "payout.status.after the assessment": ("考核后支付", "after the assessment"),
    "payout.status.pending assessment": ("待考核", "pending assessment"),
    "payout.status.set by budget": ("按预算确定", "set by budget"),
    # a late event's standing on a scorecard (schemes/late.py); the English is the status the JSON keeps
    "late.accepted": ("已认可", "accepted"),
    "late.counted": ("计入（考核办法规定迟报照计）", "counted (scheme policy)"),
    "late.pending": ("迟报，待审核", "late, pending review"),
    "late.change_accepted": ("截止后记录的{kind}：已认可", "{kind} recorded after the close: accepted"),
    "late.change_applied": (
        "截止后记录的{kind}：已生效（考核办法规定迟报照计）",
        "{kind} recorded after the close: applied (scheme policy)",
    ),
    "late.change_pending": (
        "截止后记录的{kind}，待审核（按截止时的状态计分）",
        "{kind} recorded after the close, pending review (counted as it stood at the close)",
    ),
    "late.line": (
        "序号 {seq} {type}，发生于 {occurred}，记录于 {recorded}：{status}",
        "seq {seq} {type} occurred {occurred} recorded {recorded}: {status}",
    ),
}
