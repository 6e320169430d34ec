"""Start-up: `opsledger log` and `opsledger score` load only what they use (issue 15).

A whole `opsledger log` is mostly Python importing modules, so the commands an operator runs many times a day
must not pull in scoring, signing, spreadsheets, PDF, templates or the web stack, and `log` not even the scheme
model (its plausibility bounds are kept by the scheme file's hash, schemes/cache.py). These tests pin which
modules a real CLI process has loaded once it is done (no timing here: bench/startup.py measures the time).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import cli_db, cli_env, cli_ok

from schemes import actions, checks

# Run the real CLI entry point in a fresh interpreter, then print as the last line the modules it loaded and the
# opsledger pydantic models whose validator it built (the models are defer_build: built on first validation).
PROBE = """
import json, sys
from commands import entry as cli_entry
try:
    cli_entry.main()  # the console script's entry: it reads sys.argv[1:], the arguments after -c
except SystemExit as stop:
    if stop.code not in (0, None):
        raise
built = []
if "pydantic" in sys.modules:
    todo = list(sys.modules["pydantic"].BaseModel.__subclasses__())
    while todo:
        model = todo.pop()
        todo.extend(model.__subclasses__())
        if model.__module__.split(".")[0] in ("ledger", "projections", "schemes") and model.__pydantic_complete__:
            built.append(model.__module__ + "." + model.__qualname__)
dataclasses = sorted(
    f"{name}.{value.__qualname__}" for name, module in list(sys.modules.items())
    if name.split(".")[0] in ("cli", "commands", "ledger", "projections", "schemes")
    for value in list(vars(module).values())
    if isinstance(value, type) and "__dataclass_fields__" in vars(value) and value.__module__ == name
)  # fmt: skip
print(json.dumps({"modules": sorted(sys.modules), "built": sorted(set(built)), "dataclasses": dataclasses}))
"""

HEAVY = ("openpyxl", "weasyprint", "jinja2", "rich", "starlette", "uvicorn", "sqlite_utils", "argon2", "web")


def probe(db: Path, *args: str, **env: str) -> dict[str, list[str]]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, "--db", str(db), *args], cwd=db.parent, env=cli_env(**env),
        capture_output=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout.decode().strip().splitlines()[-1])  # type: ignore[no-any-return]


def interpreter_modules() -> set[str]:
    """What this python has loaded before running any code of ours (`site`, and whatever its .pth files load)."""
    code = "import json, sys; print(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run(
        [sys.executable, "-c", code], env=cli_env(), capture_output=True, timeout=60, check=True
    )
    return set(json.loads(proc.stdout)) - {"json", "json.decoder", "json.scanner", "json.encoder", "_json"}


def loaded_by(db: Path, *args: str, **env: str) -> set[str]:
    return set(probe(db, *args, **env)["modules"])


def families(modules: set[str], roots: tuple[str, ...]) -> set[str]:
    """The loaded modules that are one of `roots` or inside one."""
    return {m for m in modules if any(m == r or m.startswith(r + ".") for r in roots)}


def click_half(modules: set[str]) -> set[str]:
    """The loaded modules of the command line's click half: click, cli.py and every module of commands/ but the
    entry point (commands/entry.py, which reads the quick commands) and the package itself."""
    return families(modules, ("click", "cli", "commands")) - {"commands", "commands.entry"}


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("startup") / "s.db"
    cli_ok(db, "init")
    cli_ok(db, "site", "add", "px", "--name", "萍乡市人力资源市场", "--kind", "employment_market", "--on", "2026-01-01")  # fmt: skip
    cli_ok(db, "contract", "add", "px", "--scheme", "pingxiang-market", "--start", "2026-01-01", "--fee", "3000000")  # fmt: skip
    return db


# What deriving a scheme's plausibility bounds loads (schemes/plausibility.py `field_targets`): the scheme model,
# its rules and indicator kinds, the TOML parser and the file check. A `log` reads the bounds kept by the scheme
# file's hash (schemes/cache.py) instead, and loads none of them.
SCHEME_LAYER = ("schemes.model", "schemes.rules", "schemes.money", "schemes.filecheck", "schemes.evidence_match",
                "projections.indicators", "projections.facts", "tomllib")  # fmt: skip
FAIR = ("log", "job_fair_held", "--site", "px", "title=周四专场", "format=offline", "kind=daily", "companies=36",
        "jobs=950", "visitors=210")  # fmt: skip


def test_operator_log_loads_no_scheme_model_no_engine_no_signing_and_no_heavy_library(
    market: Path, tmp_path: Path
) -> None:
    cache = str(tmp_path / "cache")
    first = loaded_by(market, *FAIR, "--on", "2026-03-05", OPSLEDGER_CACHE=cache)
    # No bounds kept yet for this scheme file: the first `log` derives them from the scheme, and keeps them.
    assert "schemes.model" in first and list((tmp_path / "cache").glob("bounds-pingxiang-market-*.json"))
    modules = loaded_by(market, *FAIR, "--on", "2026-03-06", OPSLEDGER_CACHE=cache)
    # The payload is validated against the compiled catalog (ledger/quick.py over ledger/shapes.py), and the
    # envelope a plain class: no pydantic, no catalog models (issue 15: start-up).
    assert {"ledger.payloads", "ledger.quick", "ledger.shapes"} <= modules
    assert not families(modules, ("pydantic", "pydantic_core", "ledger.events", "ledger.draft_model"))
    assert "schemes.plausibility" in modules  # the gate ran, on the bounds kept
    # What only other commands or a mistake need loads when they do: the chain walk (verify), the evidence store
    # (a file to keep), the import pipeline, the CSV reader, suggestions for a misspelt name.
    assert not families(modules, ("ledger.chain", "ledger.evidence", "ledger.import_pipeline", "csv", "difflib",
                                  "pickle", "tempfile", "shutil"))  # fmt: skip
    assert not families(modules, SCHEME_LAYER)
    assert not families(modules, ("schemes.engine", "schemes.service", "schemes.reports", *HEAVY))
    assert not families(modules, ("cryptography",))  # an operator's event is not signed
    # A plain `log` is read without click (commands/entry.py): neither click nor the click half of the CLI loads.
    assert not click_half(modules)


def test_operator_log_defines_no_dataclass_and_loads_no_message_area(market: Path, tmp_path: Path) -> None:
    """Defining a dataclass compiles its generated methods, about half a millisecond each on Python 3.11, and
    importing `dataclasses` brings `inspect` (with `ast`, `dis`, `tokenize`): the write path's records are
    ledger/record.py's and the stored event is written by hand (ledger/envelope.py). Nor does a `log` load
    OpenSSL for its few hashes (ledger/digests.py), `uuid` for its event's id, or pathlib (the ledger's file and
    the scheme's are named as text). A `log` that succeeds renders no
    message, so it loads none of the catalogue's area tables; gettext is never asked for click's English words
    (`locale`)."""
    cache = str(tmp_path / "cache")
    loaded_by(market, *FAIR, "--on", "2026-03-08", OPSLEDGER_CACHE=cache)  # derives and keeps the bounds
    found = probe(market, *FAIR, "--on", "2026-03-09", OPSLEDGER_CACHE=cache)
    assert found["dataclasses"] == []
    modules = set(found["modules"])
    # What this python loads before any code of ours (an editable install's finder loads pathlib) is not ours.
    ours = modules - interpreter_modules()
    assert not {"dataclasses", "inspect", "hashlib", "_hashlib", "uuid", "platform", "pathlib"} & ours
    assert "ledger.messages" in modules and not families(modules, ("ledger.messages",)) - {"ledger.messages"}
    assert "locale" not in modules


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        (("companies=36.0",), None),  # a lax form the quick check leaves to the model, which takes it
        (("companies=-1",), "greater than or equal to 0"),  # refused: the model words it, as ever
        (("companyz=36",), "companyz"),
    ],
)
def test_a_payload_the_quick_check_cannot_vouch_for_is_decided_and_worded_by_the_catalog_model(
    market: Path, fields: tuple[str, ...], said: str | None
) -> None:
    given = {f.split("=")[0] for f in fields}
    base = tuple(f for f in FAIR if f.split("=")[0] not in {*given, "companies"})
    result = cli_db(market, *base, *fields, "--on", "2026-03-07")
    if said is None:
        assert result.code == 0, result.err
        seq = int(result.out.split()[2])
        stored = json.loads(cli_ok(market, "events", "--format", "jsonl").splitlines()[seq - 1])
        assert stored["payload"]["companies"] == 36
    else:
        assert result.code == 1 and said in result.err and "Traceback" not in result.err


def test_score_loads_no_spreadsheet_pdf_template_or_web_library(market: Path, tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    first = loaded_by(market, "score", "--site", "px", "--period", "2026-Q1", OPSLEDGER_CACHE=cache)
    assert "schemes.filecheck" in first  # no checked scheme kept yet: the file is read, checked and kept
    seen = probe(market, "score", "--site", "px", "--period", "2026-Q1", OPSLEDGER_CACHE=cache)
    modules = set(seen["modules"])
    assert "schemes.engine" in modules
    # The checked scheme is read back by the file's hash (schemes/cache.py): no TOML parser, no file check, and
    # no model's validator built (about 60 ms of a `score` when it was read back through them).
    assert not families(modules, ("tomllib", "schemes.filecheck"))
    assert seen["built"] == []
    # Scoring only reads: the write path (payload checks, aliases, the compiled catalog's quick check) stays out.
    assert not families(modules, ("ledger.appender", "ledger.payloads", "ledger.aliases", "ledger.quick"))
    assert not families(modules, HEAVY)
    assert not families(modules, ("cryptography",))  # scoring reads events, it checks no signature
    # A `score` to the terminal is read without click, and its checked scheme is read back into the plain models
    # (commands/entry.py, projections/modelbase.py): neither click nor pydantic loads (issue 15: within 150 ms).
    assert not click_half(modules) | families(modules, ("pydantic", "pydantic_core"))
    # Nor `dataclasses` (with `inspect`): the fold's periods, values and contexts are records (ledger/record.py).
    assert seen["dataclasses"] == []
    assert not {"dataclasses", "inspect"} & (modules - interpreter_modules())


def test_the_scheme_checked_types_the_log_command_names_are_the_checkers_own() -> None:
    assert actions.CHECKED_TYPES == checks.CHECKED
