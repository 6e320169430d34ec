"""Every interpretation a scheme file writes is in Chinese as well as English (issue 14 §5): the operators and
assessors who read the scorecard read Chinese, and `scheme check` refuses a file that forgets one."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from schemes.filecheck import check_text

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(p for d in (ROOT / "schemes" / "files", ROOT / "data" / "schemes") for p in d.glob("*.toml")
               if not p.name.endswith(".cases.toml"))  # fmt: skip
HAN = re.compile(r"[\u4e00-\u9fff]")
FIGURE = re.compile(r"\d+(?:\.\d+)?")


def interpretations(data: Any, path: str = "") -> list[tuple[str, str, str]]:
    """(where, English, Chinese) for every table of a scheme file that has an interpretation."""
    found = []
    if isinstance(data, dict):
        if "interpretation" in data:
            found.append((path, data["interpretation"], data.get("interpretation_zh", "")))
        for key, value in data.items():
            found += interpretations(value, f"{path}.{key}")
    elif isinstance(data, list):
        for n, value in enumerate(data):
            found += interpretations(value, f"{path}[{n}]")
    return found


def test_the_scheme_files_are_all_found() -> None:
    assert len(FILES) >= 6
    assert sum(len(interpretations(tomllib.loads(p.read_text(encoding="utf-8")))) for p in FILES) >= 140


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_interpretation_has_its_chinese_text_with_the_same_figures(path: Path) -> None:
    for where, english, chinese in interpretations(tomllib.loads(path.read_text(encoding="utf-8"))):
        assert english.strip() and chinese.strip(), (
            f"{path.name}{where}: interpretation without interpretation_zh"
        )
        assert HAN.search(chinese) and chinese != english, (
            f"{path.name}{where}: interpretation_zh is not Chinese"
        )
        # The Chinese says the same: every figure of two or more characters in the English is in it too (a single
        # digit may be a word there: 'floored at 0' is 扣完为止, 'Q4' is 第四季度).
        figures = {f for f in FIGURE.findall(english.replace(",", "")) if len(f) > 1}
        missing = figures - set(FIGURE.findall(chinese.replace(",", "")))
        assert not missing, f"{path.name}{where}: the Chinese lacks {sorted(missing)}"


def test_scheme_check_refuses_an_interpretation_without_its_chinese_text() -> None:
    text = (ROOT / "data" / "schemes" / "gig-station-annual.toml").read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("interpretation_zh"))
    lines = text.splitlines()
    del lines[line - 1]
    scheme, problems = check_text("\n".join(lines), "gig-station-annual.toml")
    [problem] = [p for p in problems if "interpretation_zh" in str(p.message)]
    assert problem.severity == "error" and problem.line == line - 1  # the English interpretation's own line
    _, clean = check_text(text, "gig-station-annual.toml")
    assert not [p for p in clean if p.severity == "error"]
