"""The same `score --format json` twice prints the same bytes: the first, which folds the period and stores it,
and the next, which reads the stored entry back (issue 15's stored projection, schemes/stored.py).

A stored entry's JSON is canonical, its tables' keys sorted; a value folded just now had them in the order the
fold wrote them, so the first scorecard listed an assessor judgement's `reason` before its `actor` and the second
after it. The engine now hands both out sorted (schemes/engine.py `_keys_sorted`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import demo_ledger, run_cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_ledger(tmp_path_factory)


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(
            ("--scheme", "chifeng-park", "--period", "2026-H1"), id="a half of a quarterly scheme's sites"
        ),
        pytest.param(("--site", "chifeng-hr-park", "--period", "2026-Q2"), id="a quarter with judgements"),
        pytest.param(("--site", "dongsheng-talent-center", "--period", "2026-H2"), id="a half-yearly site"),
        pytest.param(("--scheme", "wujiang-alliance", "--period", "2026-Q2"), id="a cohort's quarter"),
    ],
)
def test_a_score_read_back_from_the_store_prints_the_bytes_the_first_fold_printed(
    demo: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(demo, db)  # the demo's own entries only: the period asked for is folded by the first score
    first = run_cli("--db", db, "score", *args, "--format", "json", cwd=tmp_path)
    again = run_cli("--db", db, "score", *args, "--format", "json", cwd=tmp_path)
    assert first.code == 0, first.err
    assert again.out == first.out
