"""Scheme authoring speaks the reader's language: what `opsledger scheme check` and `scheme test` say about a
buyer's scheme file, and the errors raised while it is loaded, come from the catalogue (ledger/messages/
authoring.py), Chinese by default and English with OPSLEDGER_LANG=en.

Two halves: a scan of the modules' source that fails on an English sentence raised, appended or reported as a
problem without the catalogue (so a new inline message cannot slip in), and real mistakes in a real scheme file
checked through the real command line in both languages.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import cli_env, run_cli

from ledger.messages import text
from schemes.cases import load_cases
from schemes.filecheck import check_text, summary
from schemes.model import FILES, SchemeError

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted(
    {
        ROOT / "schemes" / "filecheck.py",
        ROOT / "schemes" / "filelines.py",
        ROOT / "schemes" / "model.py",
        ROOT / "schemes" / "bands.py",
        ROOT / "schemes" / "cases.py",
        ROOT / "projections" / "numbers.py",
        ROOT / "projections" / "workdays.py",
        ROOT / "projections" / "periods.py",
        ROOT / "schemes" / "reports" / "files.py",
        ROOT / "schemes" / "reports" / "pdf.py",
        *(ROOT / "schemes" / "money" / name for name in ("pieces.py", "math.py", "year.py")),
        *(ROOT / "schemes" / "rules").glob("*.py"),
        *(ROOT / "projections" / "indicators").glob("*.py"),
    }
)
HAN = re.compile(r"[\u4e00-\u9fff]")
# An English word: three letters or more, not an identifier (snake_case, a placeholder) or a `quoted key`.
WORD = re.compile(r"(?<![\w{.-])[A-Za-z]{3,}(?![\w}(])")
# What reports a scheme file's problem (schemes/filelines.py, filecheck.Checker.add).
REPORTERS = {"Problem", "Placed", "add"}


def _literal_text(node: ast.expr) -> list[str]:
    """The literal words of an argument: a string, the fixed parts of an f-string, either side of `+` or of a
    conditional. A call (msg(...), a join) is not looked into: its arguments are values, not sentences."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    if isinstance(node, ast.BinOp):
        return _literal_text(node.left) + _literal_text(node.right)
    if isinstance(node, ast.IfExp):
        return _literal_text(node.body) + _literal_text(node.orelse)
    return []


def english(texts: list[str]) -> str | None:
    """The English sentence among these literals, if any: Chinese text (an inline 中文 / English pair already
    carries its Chinese) and bare identifiers, keys and units are not sentences."""
    joined = "".join(texts)
    if HAN.search(joined):
        return None
    stripped = re.sub(r"`[^`]*`", "", joined)
    sentence = WORD.search(stripped) and re.search(r"[A-Za-z]{3,}\W+[A-Za-z]", stripped)
    return joined if sentence else None


def inline_messages(path: Path) -> list[str]:
    """'file:line: text' for every English literal raised, appended or reported in the module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    found: list[tuple[int, str]] = []

    def check(node: ast.AST, args: list[ast.expr]) -> None:
        for arg in args:
            said = english(_literal_text(arg))
            if said is not None:
                found.append((node.lineno, f"{shown}:{node.lineno}: {said!r}"))

    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc
            if isinstance(exc, ast.Call):
                check(node, [*exc.args, *(k.value for k in exc.keywords)])
            else:
                check(node, [exc])
        elif isinstance(node, ast.Call):
            func = node.func
            name = getattr(func, "attr", None) or getattr(func, "id", "")
            if name == "append":
                owner = func.value if isinstance(func, ast.Attribute) else None
                owner_name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
                if owner_name.endswith("_en"):  # the English half of an explanation built beside its _zh half
                    continue
                check(node, [*node.args])
            elif name in REPORTERS:
                check(node, [*node.args, *(k.value for k in node.keywords)])
    return [line for _, line in sorted(found)]


def test_the_scan_finds_an_inline_english_message(tmp_path: Path) -> None:
    # The scan must be able to fail: the forms a regression would take are caught, the catalogue's are not.
    sample = tmp_path / "sample.py"
    source = (
        "def f(x):\n"
        "    problems.append(f'item {x} has no rule')\n"
        "    self.add(at, where, 'nothing reads it')\n"
        "    raise ValueError('of must be above 0' if x else msg('rule.of'))\n"
        "    parts_en.append(f'{x}: not counted twice')\n"  # an English half beside its Chinese: allowed
        "    raise SchemeError(msg('pay.no_band', score=x))\n"
        "    out.notes.append(f'方案未规定付款 / the scheme has no pieces')\n"  # already bilingual
    )
    sample.write_text(source, encoding="utf-8")
    found = inline_messages(sample)
    assert [f.split(": ", 1)[1] for f in found] == [
        "'item  has no rule'",
        "'nothing reads it'",
        "'of must be above 0'",
    ]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_english_message_is_written_inline(path: Path) -> None:
    assert inline_messages(path) == [], "say it with msg() and an entry in ledger/messages/authoring.py"


# -- real mistakes through the real command line --------------------------------------------------------------


def chinese_env() -> dict[str, str]:
    """No OPSLEDGER_LANG and a locale that says nothing (a bare server): the default, Chinese."""
    env = cli_env(PYTHONPATH=str(ROOT))
    for name in ("OPSLEDGER_LANG", "LC_ALL", "LC_MESSAGES"):
        env.pop(name, None)
    env["LANG"] = "C.UTF-8"
    return env


def english_env() -> dict[str, str]:
    return cli_env(PYTHONPATH=str(ROOT), OPSLEDGER_LANG="en")


# (the text as written in shaxian-gig.toml, the mistake, what Chinese says, what English says)
MISTAKES = [
    ('type = "gig_deal_completed"', 'type = "gig_deal_complete"',
     "指标 deals：事件类型 'gig_deal_complete' 不在事件目录中：是否想写 'gig_deal_completed'？",
     "indicator deals: event type 'gig_deal_complete' is not in the catalog: did you mean 'gig_deal_completed'?"),
    ('max_points = "12"', "max_points = 12.5",  # a ValueError raised inside a pydantic validator (projections/numbers)
     '考核项 livestream 的字段 `max_points`：小数请写成字符串（"12.5"），不要写成浮点数',
     'item livestream, field max_points: write fractional numbers as strings ("12.5"), not floats'),
    ('shares = [{ pct = "100", scale = "grade"', 'shares = [{ pct = "90", scale = "grade"',  # a model validator
     "付款第 2 项（settlement）：各份额合计 90%，不是计分金额的 100%",
     "payout piece 2 (settlement): shares add up to 90%, not 100% of the graded amount"),
    ('rule = { kind = "tiers", input = "deals"', 'rule = { kind = "tiers", input = "deal"',  # a whole-file check
     "考核项 info.deals：规则读取的指标 'deal' 没有声明",
     "item info.deals: rule reads indicator 'deal', which is not declared"),
]  # fmt: skip


def mistaken_file(tmp_path: Path, before: str, after: str) -> Path:
    text = (FILES / "shaxian-gig.toml").read_text(encoding="utf-8")
    assert text.count(before) == 1, before
    path = tmp_path / "shaxian-gig.toml"
    path.write_text(text.replace(before, after), encoding="utf-8")
    return path


@pytest.mark.parametrize(("before", "after", "zh", "en"), MISTAKES, ids=[m[1] for m in MISTAKES])
def test_scheme_check_says_a_mistake_in_chinese_by_default_and_in_english_when_asked(
    tmp_path: Path, before: str, after: str, zh: str, en: str
) -> None:
    path = mistaken_file(tmp_path, before, after)
    chinese = run_cli("scheme", "check", path, cwd=ROOT, env=chinese_env())
    assert chinese.code == 1 and "Traceback" not in chinese.err
    lines = [line for line in chinese.out.splitlines() if line.startswith("shaxian-gig.toml:")]
    assert any(line.endswith(zh) for line in lines), chinese.out
    assert all(HAN.search(line.split(": ", 1)[1]) for line in lines), chinese.out
    english_run = run_cli("scheme", "check", path, cwd=ROOT, env=english_env())
    assert english_run.code == 1 and any(line.endswith(en) for line in english_run.out.splitlines()), (
        english_run.out
    )
    assert not HAN.search(english_run.out.replace("shaxian-gig", "")), english_run.out


def test_a_warning_is_marked_in_the_readers_language(tmp_path: Path) -> None:
    text = (FILES / "shaxian-gig.toml").read_text(encoding="utf-8")
    path = tmp_path / "shaxian-gig.toml"
    path.write_text(
        text + '\n[indicators.spare]\nkind = "count"\ntype = "livestream_run"\n', encoding="utf-8"
    )
    chinese = run_cli("scheme", "check", path, cwd=ROOT, env=chinese_env())
    assert (
        chinese.code == 0
        and "警告：指标 spare：没有任何考核项、否决项、作废规则或其他指标读取它" in chinese.out
    )
    english_run = run_cli("scheme", "check", path, cwd=ROOT, env=english_env())
    assert (
        "warning: indicator spare: nothing reads it (no item, veto, void or other indicator)"
        in english_run.out
    )


def test_loading_a_mistaken_file_is_one_line_in_the_readers_language(tmp_path: Path) -> None:
    # The load error keeps the problem unrendered (schemes/model.py load_scheme): the CLI says it in its language.
    before, after, zh, en = MISTAKES[0]
    path = mistaken_file(tmp_path, before, after)
    path.rename(tmp_path / "buyer-gig.toml")
    (tmp_path / "buyer-gig.toml").write_text(
        (tmp_path / "buyer-gig.toml")
        .read_text(encoding="utf-8")
        .replace('id = "shaxian-gig"', 'id = "buyer-gig"'),
        encoding="utf-8",
    )
    for env, said in ((chinese_env(), zh), (english_env(), en)):
        done = run_cli("--schemes-dir", tmp_path, "scheme", "show", "buyer-gig", cwd=ROOT, env=env)
        assert done.code == 1 and len(done.err.splitlines()) == 1 and said in done.err, done.err


def test_scheme_test_reports_in_the_readers_language() -> None:
    chinese = run_cli("scheme", "test", FILES / "shaxian-gig.toml", cwd=ROOT, env=chinese_env())
    assert chinese.code == 0 and re.search(r"通过 \d+ 个，失败 0 个", chinese.out), chinese.out
    assert "  通过  " in chinese.out and " cases" not in chinese.out


def test_the_closing_line_of_scheme_check_is_in_the_readers_language() -> None:
    # schemes/filecheck.summary: the English is what `scheme check` has always ended with.
    good = (FILES / "shaxian-gig.toml").read_text(encoding="utf-8")
    scheme, problems = check_text(
        good + '\n[indicators.spare]\nkind = "count"\ntype = "livestream_run"\n', "a.toml"
    )
    n = len(scheme.indicators) if scheme else 0
    assert (
        text(summary("a.toml", scheme, problems), "en")
        == f"a.toml: ok (21 items, {n} indicators, 1 warning(s))"
    )
    assert (
        text(summary("a.toml", scheme, problems), "zh")
        == f"a.toml：通过（21 个考核项，{n} 个指标，1 个警告）"
    )
    bad, problems = check_text(good.replace('max_points = "12"', "max_points = 12.5"), "a.toml")
    assert text(summary("a.toml", bad, problems), "en") == "a.toml: 1 error(s), 0 warning(s)"
    assert text(summary("a.toml", bad, problems), "zh") == "a.toml：1 个错误，0 个警告"


def test_a_mistake_in_a_cases_file_is_said_in_either_language(tmp_path: Path) -> None:
    path = tmp_path / "shaxian-gig.cases.toml"
    path.write_text('[[cases]]\nid = "x"\nvalue = { deals = "1" }\n', encoding="utf-8")
    with pytest.raises(SchemeError) as err:
        load_cases(path)
    assert text(err.value, "zh") == "shaxian-gig.cases.toml：cases.0.value：未知的键 'value'"
    assert text(err.value, "en") == "shaxian-gig.cases.toml: cases.0.value: unknown key 'value'"
