"""Every scheme's cases-as-data (ID.cases.toml beside each scheme file, in schemes/files and data/) run by pytest,
one test per case, and through `opsledger scheme test FILE` as a buyer runs them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import cli_env, run_cli

from schemes.cases import load_cases, run_case, run_file

REPO = Path(__file__).resolve().parents[1]
FILES = sorted([*(REPO / "schemes" / "files").glob("*.cases.toml"), *(REPO / "data").rglob("*.cases.toml")])


def _params() -> list[object]:
    out = []
    for path in FILES:
        _, cases = load_cases(path)
        out += [
            pytest.param(path, n, id=f"{path.name.removesuffix('.cases.toml')}::{c.id}")
            for n, c in enumerate(cases.cases)
        ]
    return out


def test_every_scheme_has_cases() -> None:
    schemes = {
        p.stem for p in (REPO / "schemes" / "files").glob("*.toml") if not p.name.endswith(".cases.toml")
    }
    assert schemes <= {p.name.removesuffix(".cases.toml") for p in FILES}


@pytest.mark.parametrize(("path", "n"), _params())
def test_case(path: Path, n: int) -> None:
    scheme, cases = load_cases(path)
    result = run_case(scheme, cases.cases[n], cases.period, cases.values)
    assert result.ok, "\n".join(map(str, result.failures))


def test_scheme_test_runs_a_file_and_fails_on_a_wrong_expectation(tmp_path: Path) -> None:
    source = REPO / "schemes" / "files" / "shaxian-gig.cases.toml"
    scheme, results = run_file(source)
    assert results and all(r.ok for r in results)
    done = run_cli("scheme", "test", REPO / "schemes" / "files" / "shaxian-gig.toml", cwd=REPO,
                   env=cli_env(PYTHONPATH=str(REPO)))  # fmt: skip
    assert done.code == 0 and f"{len(results)} passed, 0 failed" in done.out
    # A wrong expectation is a failing case, named, with what the scheme gave instead.
    text = source.read_text(encoding="utf-8").replace('scheme = "shaxian-gig"', 'scheme = "shaxian-gig"', 1)
    text += '\n[[cases]]\nid = "deliberately-wrong"\nvalues = { deals = "1500" }\nexpect = { "info.deals" = "8" }\n'
    wrong = tmp_path / "shaxian-gig.cases.toml"
    wrong.write_text(text, encoding="utf-8")
    failed = run_cli("scheme", "test", wrong, cwd=REPO, env=cli_env(PYTHONPATH=str(REPO)))
    assert failed.code == 1
    assert "FAIL  deliberately-wrong" in failed.out and "item info.deals: expected 8, got 10" in failed.out
