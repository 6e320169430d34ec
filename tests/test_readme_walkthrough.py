"""The README's "A day with opsledger" is a script: its command blocks run literally, in order, and every
command succeeds.

They run in a temporary directory holding what a checkout holds for them (`data/`: the example photo, event file,
register and mapping the commands name), with the environment the README itself sets (its `export` line) on top of
a clean one: no OPSLEDGER_* variable from the test session, and a fresh home, so the keys the walk-through makes
land in ~/.opsledger/keys as they would for a new user. `opsledger` is the installed command. Each command is run
on its own, so a failure names the line.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## A day with opsledger", 1)[1].split("\n## ", 1)[0]
BLOCKS = re.findall(r"```sh\n(.+?)\n```", SECTION, flags=re.S)
OPSLEDGER = Path(sys.executable).parent / "opsledger"


def commands() -> list[str]:
    return [
        line.strip()
        for block in BLOCKS
        for line in block.splitlines()
        if line.strip() and not line.startswith("#")
    ]


def test_the_walkthrough_is_all_commands_and_names_its_files() -> None:
    lines = commands()
    assert len(BLOCKS) >= 3 and len(lines) >= 20
    assert all(line.startswith(("opsledger ", "export ")) for line in lines), lines
    for name in re.findall(r"(data/\S+)", " ".join(lines)):  # every file the commands name is shipped
        assert (ROOT / name).exists(), name


@pytest.fixture(scope="module")
def walked(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, list[tuple[str, subprocess.CompletedProcess[str]]]]:
    assert OPSLEDGER.exists(), f"the opsledger command is not installed beside {sys.executable}"
    work = tmp_path_factory.mktemp("checkout")
    shutil.copytree(ROOT / "data", work / "data")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPSLEDGER_")}
    env.update(HOME=str(work / "home"), PATH=f"{OPSLEDGER.parent}{os.pathsep}{env.get('PATH', '')}",
               PYTHONIOENCODING="utf-8", LANG="C.UTF-8")  # fmt: skip
    ran = []
    for line in commands():
        if line.startswith("export "):  # what the README sets stays set for the lines after it
            env.update(dict(word.split("=", 1) for word in shlex.split(line)[1:]))
            continue
        proc = subprocess.run(["bash", "-c", f"set -eo pipefail; {line}"], cwd=work, env=env, capture_output=True,
                              text=True, timeout=900)  # fmt: skip
        ran.append((line, proc))
        assert proc.returncode == 0, (
            f"README line failed ({proc.returncode}): {line}\n{proc.stderr}{proc.stdout[-2000:]}"
        )
        assert "Traceback" not in proc.stderr, f"{line}\n{proc.stderr}"
    return work, ran


def out(walked: tuple[Path, list[tuple[str, subprocess.CompletedProcess[str]]]], start: str) -> str:
    return next(proc.stdout for line, proc in walked[1] if line.startswith(start))


def test_every_command_succeeds(
    walked: tuple[Path, list[tuple[str, subprocess.CompletedProcess[str]]]],
) -> None:
    assert len(walked[1]) == len(commands()) - 1  # all but the export line ran, each with exit status 0


def test_correct_and_retract_name_the_events_just_logged(walked: tuple[Path, list]) -> None:
    assert "appended seq 3 " in out(walked, "opsledger log job_fair_held")
    assert "appended seq 5 " in out(
        walked, "opsledger log livestream_run --site px-market --on 2026-09-04 title=直播带岗 viewers=1850"
    )
    assert "(corrects seq 3)" in out(walked, "opsledger correct 3 ")
    assert "(retracts seq 5)" in out(walked, "opsledger retract 5 ")


def test_the_auditor_sees_the_demo_as_it_stood(walked: tuple[Path, list]) -> None:
    then = out(walked, "opsledger --db city.db score --site pingxiang-hr-market")
    assert then.startswith(
        "截至 2026-07-05T23:59:59.999999+08:00 的记录：之后记录的事件不计入"
    )  # a C locale: Chinese
    diff = out(walked, "opsledger --db city.db diff")
    assert (
        "从 2026-07-05" in diff and "撤回 #" in diff and "记录 activity_held" in diff
    )  # Chinese (a C locale)
    assert "34a0:8f71:9a86:37d3" in out(walked, "opsledger --db city.db verify")
