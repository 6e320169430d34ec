"""`opsledger demo` in Chinese, the language it speaks when nothing says otherwise (no OPSLEDGER_LANG, a bare C
locale): the summary's words, headings and money lines, and its refusals, from the message catalogue; the
columns line up by display width (a Chinese character takes two columns in a terminal).
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import pytest
from conftest import cli_env
from conftest import run_cli as conftest_run_cli

from schemes.reports.textwidth import width

run_cli = partial(conftest_run_cli, timeout=600)


def chinese_env() -> dict[str, str]:
    env = cli_env(LANG="C.UTF-8")
    for name in ("OPSLEDGER_LANG", "LC_ALL", "LC_MESSAGES"):
        env.pop(name, None)
    return env


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    cwd = tmp_path_factory.mktemp("demo-zh")
    result = run_cli("demo", cwd=cwd, env=chinese_env())
    assert result.code == 0, result.err
    return cwd / "opsledger.db", result.out


def summary(out: str) -> list[str]:
    """The summary the demo prints, up to the commands it suggests (the checkpoints line is cli.py's)."""
    return out.split("接下来可以查看：")[0].splitlines()


def test_the_summary_is_chinese_by_default(run: tuple[Path, str]) -> None:
    out = run[1]
    lines = out.splitlines()
    assert lines[0] == "演示账本 opsledger.db：11683 条事件，随机种子 1，2026 年"
    assert lines[1].startswith("  逐日记录，从 2025-12-22 到 2027-01-04：每天的事件在下一个工作日上午记录")
    assert re.fullmatch(r"站点\s+方案\s+考核期\s+总分\s+等次\s+金额", lines[4]), lines[4]
    assert "不扣减（全年服务费 3,600,000.00）" in out
    assert "应得 1,980,288.00（全年服务费 2,400,000.00）" in out
    assert "；本次支付 360,000.00（2027-01-01 起）" in out
    assert re.search(r"迟报：序号 \d+ 举办活动，发生于 2026-06-29：", out)
    assert "乐业吴江联盟（wujiang-alliance 2026）12 家单位，按排名：" in out
    assert re.search(r"^\s+排名\s+单位\s+总分\s+等次\s+触发条件$", out, re.M)
    assert "接下来可以查看：\n  opsledger --db " in out
    # No English sentence of the summary is left (site ids, scheme ids and commands are names, not words).
    for english in ("events, seed", "recorded day by day", "no deduction", "worth ", "pays ", "late: seq",
                    "units in rank order", "next:", "(excellent)"):  # fmt: skip
        assert english not in out, english


def test_the_columns_line_up_by_display_width(run: tuple[Path, str]) -> None:
    """The money column starts where its heading 金额 does, on every site's row, Chinese grade or not."""
    lines = summary(run[1])
    head = lines[4]
    at = width(head[: head.index("金额")])
    rows = [line for line in lines[5:] if re.match(r"\S+\s+(chifeng|dongsheng|pingxiang|shaxian)-", line)]
    assert len(rows) == 7
    for row in rows:
        money = re.search(r"不扣减|应得|低于门槛", row)
        assert money and width(row[: money.start()]) == at, row
    assert any(re.search(r"\s优秀\s{5,}应得", row) for row in rows)  # Shaxian's grade, padded to its column


def test_a_refusal_is_chinese_by_default(run: tuple[Path, str], tmp_path: Path) -> None:
    db, _ = run
    refused = run_cli("demo", "--db", db, cwd=tmp_path, env=chinese_env())
    assert refused.code == 1
    assert refused.err == (f"错误：{db} 已是一个有 11683 条事件的账本：加 --force 删除它并在此生成演示账本，"
                           "或用 --db NEW.db 另选文件\n")  # fmt: skip
    typo = run_cli("demo", "--db", tmp_path / "new.db", "--year", "1999", cwd=tmp_path, env=chinese_env())
    assert typo.code == 1 and typo.err == "错误：--year 1999：请用 2000 到 2100 之间的年份\n"
    english = run_cli(
        "demo", "--db", tmp_path / "new.db", "--year", "1999", cwd=tmp_path
    )  # OPSLEDGER_LANG=en
    assert english.err == "error: --year 1999: use a year between 2000 and 2100\n"
