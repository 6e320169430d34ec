"""A `score` with the scheme models as plain classes (projections/modelbase.py, issue 15) prints what the same
`score` with pydantic's models prints, for every built-in scheme, and loads neither pydantic nor click.

Each case runs the real CLI twice in fresh processes on the demo ledger: as a user runs it (the quick `score`,
plain models, the scheme read back as kept when it was last checked), and with OPSLEDGER_QUICK_SCORE=0 (click and
pydantic, as every `score` ran before). Standard output, standard error and the exit status must be the same.
Every seed's hand-computed cases (schemes/files/ID.cases.toml) are scored both ways too, item by item.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import cli_env, demo_ledger, run_cli

from commands import entry as cli_entry
from projections import modelbase

# The CLI's entry as the console script runs it; when it is done, which of pydantic and click it loaded.
PROBE = """
import json, os, sys
if os.environ.get("PROBE_NO_POSIX_OWNERS"):
    del os.getuid  # as on Windows
from commands import entry as cli_entry
try:
    cli_entry.main()
finally:
    with open(os.environ["PROBE_OUT"], "w") as out:
        loaded = {name: name in sys.modules for name in ("pydantic", "click", "schemes.filecheck")}
        json.dump({**loaded, "again": os.environ.get("OPSLEDGER_QUICK_SCORE") == "0"}, out)
"""


class Run:
    def __init__(self, code: int, out: str, err: str, loaded: dict[str, bool]) -> None:
        self.code, self.out, self.err, self.loaded = code, out, err, loaded


def run(db: Path | str, args: tuple[str, ...], quick: bool, where: Path | None = None, **env: str) -> Run:
    """The CLI in a fresh process on `db` (a file, or a PostgreSQL URL run from `where`)."""
    where = where or Path(db).parent
    probe_out = where / "probe.json"
    extra = {"PROBE_OUT": str(probe_out), **env, **({} if quick else {cli_entry.QUICK_SCORE: "0"})}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, "--db", str(db), *args], cwd=where, env=cli_env(**extra),
        capture_output=True, timeout=300,
    )  # fmt: skip
    loaded = json.loads(probe_out.read_text())
    return Run(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"), loaded)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_ledger(tmp_path_factory)


CASES = [
    pytest.param(("score", "--site", "chifeng-hr-park", "--period", "2026-Q3"), id="chifeng quarter"),
    pytest.param(("score", "--site", "chifeng-hr-park", "--period", "2026"), id="chifeng year of quarters"),
    pytest.param(("score", "--site", "dongsheng-talent-center", "--period", "2026-H1"), id="dongsheng half"),
    pytest.param(
        ("score", "--site", "dongsheng-talent-center", "--period", "2026", "--format", "json"),
        id="dongsheng json",
    ),  # fmt: skip
    pytest.param(("score", "--site", "pingxiang-hr-market", "--period", "2026"), id="pingxiang year"),
    pytest.param(
        ("score", "--site", "pingxiang-hr-market", "--period", "2026-Q2", "--as-of", "2026-07-05"),
        id="pingxiang as of",
    ),  # fmt: skip
    pytest.param(
        ("--lang", "zh", "score", "--site", "shaxian-gig-market", "--period", "2026"), id="shaxian zh"
    ),
    pytest.param(
        ("score", "--site", "shaxian-gig-market", "--period", "2026", "--assessed-on", "2027-01-10"),
        id="shaxian assessed on",
    ),  # fmt: skip
    pytest.param(("score", "--scheme", "wujiang-alliance", "--period", "2026"), id="wujiang cohort"),
    pytest.param(
        ("score", "--scheme", "wujiang-alliance", "--period", "2026", "--format", "json"),
        id="wujiang cohort json",
    ),  # fmt: skip
    pytest.param(("score", "--site", "wujiang-u12", "--period", "2026"), id="wujiang unit"),
    pytest.param(("score", "--site", "nosuch", "--period", "2026"), id="an unknown site"),
    pytest.param(("score", "--site", "chifeng-hr-park", "--period", "2026-Q5"), id="a bad period"),
    pytest.param(
        ("score", "--site", "chifeng-hr-park", "--period", "2026", "--as-of", "2020-01-01"),
        id="as of before the site",
    ),  # fmt: skip
    pytest.param(
        ("score", "--site", "chifeng-hr-park", "--period", "2026", "--scheme", "shaxian-gig"),
        id="another scheme than the contract's",
    ),  # fmt: skip
    pytest.param(
        ("score", "--site", "chifeng-hr-park", "--period", "2026", "--assessed-on", "soon"), id="a bad date"
    ),  # fmt: skip
]


@pytest.mark.parametrize("args", CASES)
def test_a_score_with_plain_models_prints_what_it_prints_with_pydantic(
    demo: Path, args: tuple[str, ...]
) -> None:
    with_pydantic = run(demo, args, quick=False)
    plain = run(demo, args, quick=True)
    assert (plain.code, plain.out, plain.err) == (with_pydantic.code, with_pydantic.out, with_pydantic.err)
    assert "Traceback" not in plain.err
    # The demo checked and kept every scheme: the quick score read it back, with neither pydantic nor click.
    assert plain.loaded == {"pydantic": False, "click": False, "schemes.filecheck": False, "again": False}


def test_a_score_on_postgresql_is_read_the_same_way_as_on_sqlite(
    demo: Path, pg_url: str, tmp_path: Path
) -> None:
    """A city's ledger on PostgreSQL: `score` reads as no one (no login is checked, unlike `log`), so it takes the
    quick path there too and prints what click and pydantic print, and what the same ledger scores on SQLite."""
    moved = run_cli("migrate", "--from", demo, "--to", pg_url, cwd=tmp_path)
    assert moved.code == 0, moved.err
    for args in (
        ("score", "--site", "chifeng-hr-park", "--period", "2026-Q3"),
        ("score", "--scheme", "wujiang-alliance", "--period", "2026", "--format", "json"),
        ("score", "--site", "nosuch", "--period", "2026"),
    ):
        with_pydantic = run(pg_url, args, quick=False, where=tmp_path)
        plain = run(pg_url, args, quick=True, where=tmp_path)
        on_sqlite = run(demo, args, quick=True)
        assert (plain.code, plain.out, plain.err) == (
            with_pydantic.code,
            with_pydantic.out,
            with_pydantic.err,
        )
        assert (plain.code, plain.out) == (on_sqlite.code, on_sqlite.out), args
        assert plain.loaded == {"pydantic": False, "click": False, "schemes.filecheck": False, "again": False}


def test_a_score_whose_scheme_is_not_kept_is_run_again_with_pydantic_and_keeps_it(
    demo: Path, tmp_path: Path
) -> None:
    """An edited scheme or an upgrade leaves no checked copy: the plain process cannot check the file, so the
    command runs again from the start with pydantic, prints what it always printed, and keeps the checked scheme
    for the next one."""
    args = ("score", "--site", "pingxiang-hr-market", "--period", "2026-Q3")
    cache = tmp_path / "cache"
    cache.mkdir()  # a cache directory with nothing kept for this scheme yet
    first = run(demo, args, quick=True, OPSLEDGER_CACHE=str(cache))
    assert first.code == 0, first.err
    assert first.loaded["again"] and first.loaded["pydantic"] and first.loaded["schemes.filecheck"]
    assert list(cache.glob("scheme-pingxiang-market-*.bin"))
    second = run(demo, args, quick=True, OPSLEDGER_CACHE=str(cache))
    assert not second.loaded["pydantic"]
    assert (first.code, first.out, first.err) == (second.code, second.out, second.err)
    assert first.out == run(demo, args, quick=False).out


# Every built-in scheme's hand-computed cases (schemes/files/ID.cases.toml, each citing its clause), scored with the
# scheme read back as kept, in a fresh process whose scheme models are plain or pydantic's (argv[1]). A case's
# own file is read by pydantic either way (schemes/cases.py imports it directly); only the scheme models differ.
CASES_PROBE = """
import json, sys, tomllib
from pathlib import Path
from projections import modelbase
assert (modelbase.use_plain() if sys.argv[1] == "plain" else modelbase.use_pydantic())
from schemes.cases import CasesFile, run_case
from schemes.locate import FILES_DIR
from schemes.model import get_scheme
out = {}
for path in sorted(Path(FILES_DIR).glob("*.cases.toml")):
    cases = CasesFile.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    scheme = get_scheme(cases.scheme or path.name.removesuffix(".cases.toml"))
    for case in cases.cases:
        result = run_case(scheme, case, cases.period, cases.values)
        card = result.card
        out[f"{scheme.id}/{case.id}"] = {
            "failures": [str(f) for f in result.failures],
            "points": None if card is None else {i.id: str(i.points) for i in card.items},
            "total": None if card is None else str(card.total),
            "grade": None if card is None else card.grade,
            "explained": None if card is None else [i.explanation_en for i in card.items],
        }
print(json.dumps({"plain": modelbase.plain(), "pydantic": "pydantic" in sys.modules, "cases": out}))
"""


def cases_run(mode: str, cwd: Path) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-c", CASES_PROBE, mode], cwd=cwd, env=cli_env(), capture_output=True,
                          timeout=600)  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def test_every_seeds_hand_computed_cases_score_alike_with_plain_models(tmp_path: Path) -> None:
    with_pydantic = cases_run("pydantic", tmp_path)  # checks and keeps each scheme, as a first `score` does
    plain = cases_run("plain", tmp_path)
    assert plain["plain"] and not with_pydantic["plain"]
    assert len(plain["cases"]) >= 100  # the five seeds' cases
    assert plain["cases"] == with_pydantic["cases"]
    failing = {case: r["failures"] for case, r in plain["cases"].items() if r["failures"]}
    assert failing == {}


# -- the plain base itself (in this process the models are pydantic's, so the plain base is used directly) -----


class Spec(modelbase._PlainModel):
    kind: str
    cap: int = 0


def plain(**fields: Any) -> Spec:
    """A plain model as a plain process gets one: unpickled from pydantic's state."""
    spec = Spec.__new__(Spec)
    spec.__setstate__({"__dict__": fields, "__pydantic_extra__": None, "__pydantic_fields_set__": set(fields),
                       "__pydantic_private__": None})  # fmt: skip
    return spec


def test_a_plain_model_compares_hashes_copies_and_pickles_by_its_fields() -> None:
    a, b = plain(kind="count", cap=3), plain(kind="count", cap=3)
    assert a == b and hash(a) == hash(b) and a != plain(kind="count", cap=4)
    assert a.model_copy(update={"cap": 4}) == plain(kind="count", cap=4) and a.cap == 3
    assert pickle.loads(pickle.dumps(a)) == a
    assert repr(a) == "Spec(kind='count', cap=3)"


def test_a_plain_model_is_frozen_and_is_never_made_unchecked() -> None:
    spec = plain(kind="count", cap=3)
    with pytest.raises(TypeError, match="frozen"):
        spec.cap = 4
    with pytest.raises(modelbase.NeedsValidation):
        Spec(kind="count")  # from arguments: only pydantic may check them


def test_a_process_whose_models_are_pydantic_cannot_switch_to_plain() -> None:
    assert modelbase.use_pydantic() and not modelbase.use_plain() and not modelbase.plain()


def test_with_nothing_kept_a_score_goes_straight_to_pydantic(demo: Path) -> None:
    """OPSLEDGER_CACHE=off keeps no checked scheme: a plain process could only ever run the command again, so the
    entry point does not start one."""
    args = ("score", "--site", "chifeng-hr-park", "--period", "2026-Q3")
    off = run(demo, args, quick=True, OPSLEDGER_CACHE="off")
    assert (
        off.code == 0 and off.loaded["click"] and off.loaded["schemes.filecheck"] and not off.loaded["again"]
    )
    assert off.out == run(demo, args, quick=True).out


def test_the_first_score_after_installing_goes_straight_to_pydantic(demo: Path, tmp_path: Path) -> None:
    """No cache directory yet: nothing is kept, so the command is not started plain only to run again."""
    args = ("score", "--site", "chifeng-hr-park", "--period", "2026-Q3")
    first = run(demo, args, quick=True, OPSLEDGER_CACHE=str(tmp_path / "new"))
    assert first.code == 0 and first.loaded["pydantic"] and not first.loaded["again"]
    second = run(demo, args, quick=True, OPSLEDGER_CACHE=str(tmp_path / "new"))
    assert not second.loaded["pydantic"] and second.out == first.out


def test_where_a_kept_scheme_is_never_read_a_score_goes_straight_to_pydantic(demo: Path) -> None:
    """Without POSIX file owners (Windows) the kept pickle is never read (schemes/cache.py `_own`): a plain process
    could only run the command again."""
    args = ("score", "--site", "chifeng-hr-park", "--period", "2026-Q3")
    found = run(demo, args, quick=True, PROBE_NO_POSIX_OWNERS="1")
    assert found.code == 0 and found.loaded["pydantic"] and not found.loaded["again"]
    assert found.out == run(demo, args, quick=True).out
