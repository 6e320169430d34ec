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
}
