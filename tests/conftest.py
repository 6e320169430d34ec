"""Shared helpers for the ledger tests: real SQLite files in tmp_path, the real CLI in or out of process."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest

# Messages are Chinese by default (ledger/messages); the tests written against the English wording read English,
# in this process (library errors) and in every CLI it starts. A test of the Chinese side sets the language itself.
os.environ["OPSLEDGER_LANG"] = "en"
# What opsledger keeps by a scheme file's hash (schemes/cache.py) goes to one directory of the test session, in this
# process and in every CLI it starts, not to the user's ~/.cache.
CACHE_DIR = Path(tempfile.mkdtemp(prefix="opsledger-test-cache-"))
atexit.register(shutil.rmtree, CACHE_DIR, True)
os.environ["OPSLEDGER_CACHE"] = str(CACHE_DIR)

# The tests' own process validates schemes, so its scheme models are pydantic's whichever test runs first: the
# entry point's quick `score` (commands/entry.py) would otherwise make them the plain ones for the whole process
# (projections/modelbase.py). The CLI processes the tests start choose for themselves, as a user's do.
import projections.modelbase  # noqa: E402

projections.modelbase.use_pydantic()

SITE = "wujiang-park"
ACTOR = "tester"
BUYER = "buyer"

# -- keys: the buyer signs contracts and grants, assessors sign their acts (ledger/trust.py) ----------------
# One keys directory for the whole test session, with a deterministic key per name (the same name always gets the
# same key), handed to the CLI through OPSLEDGER_KEYS and OPSLEDGER_BUYER like a buyer's or assessor's machine.
KEYS_DIR = Path(tempfile.mkdtemp(prefix="opsledger-test-keys-"))
atexit.register(shutil.rmtree, KEYS_DIR, True)
_MADE: dict[str, None] = {}
COMMON_NAMES = (
    "buyer",
    "alice",
    "bob",
    "li",
    "wang",
    "may",
    "op",
    "tester",
    "assessor",
    "zhang",
    "chen",
    "liu",
)


def ensure_key(name: str) -> Any:
    """The test key of `name` (a KeySigner), written to KEYS_DIR as NAME.pem / NAME.pub if not there yet."""
    from cryptography.hazmat.primitives import serialization

    from ledger.keys import KeySigner, private_path, public_path

    signer = KeySigner.from_seed(f"opsledger test key {name}".encode(), name)
    _MADE.setdefault(name, None)
    pem = private_path(name, KEYS_DIR)
    if not pem.exists():
        data = signer._key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        tmp = pem.with_suffix(".tmp")
        tmp.write_bytes(data)
        os.chmod(tmp, 0o600)
        public_path(name, KEYS_DIR).write_text(signer.public_hex + "\n", encoding="ascii")
        os.replace(tmp, pem)
    return signer


def keyring_for(*names: str) -> dict[str, Any]:
    """A keyring (public hex -> signer) with the keys of these names (default: every test key made so far)."""
    return {s.public_hex: s for s in (ensure_key(n) for n in (names or _MADE))}


for _name in COMMON_NAMES:
    ensure_key(_name)


class Result(NamedTuple):
    """Exit status, stdout and stderr: compares equal to a plain (code, out, err) tuple."""

    code: int
    out: str
    err: str


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPSLEDGER_")}
    env.update({"OPSLEDGER_ACTOR": ACTOR, "OPSLEDGER_KEYS": str(KEYS_DIR), "OPSLEDGER_BUYER": BUYER,
                "OPSLEDGER_LANG": "en", "OPSLEDGER_CACHE": str(CACHE_DIR), "PYTHONIOENCODING": "utf-8",
                **extra})  # fmt: skip
    return env


def run_cli(*args: Any, cwd: Path, env: dict[str, str] | None = None, timeout: float = 300) -> Result:
    """`python -m cli ARGS` in a real subprocess (what an operator's shell does)."""
    proc = subprocess.run(
        [sys.executable, "-m", "cli", *map(str, args)],
        cwd=cwd,
        env=env or cli_env(),
        capture_output=True,
        timeout=timeout,
    )
    return Result(proc.returncode, proc.stdout.decode("utf-8-sig"), proc.stderr.decode("utf-8"))


def cli_db(db: Path, *args: Any, actor: str = ACTOR, cwd: Path | None = None, timeout: float = 600) -> Result:
    """`python -m cli --db DB ARGS` in a subprocess as `actor`, from DB's directory unless told otherwise."""
    env = cli_env(OPSLEDGER_ACTOR=actor)
    return run_cli("--db", db, *args, cwd=db.parent if cwd is None else cwd, env=env, timeout=timeout)


def cli_ok(db: Path, *args: Any, **options: Any) -> str:
    """cli_db that fails the test with stderr on a non-zero exit; returns stdout."""
    result = cli_db(db, *args, **options)
    assert result.code == 0, f"opsledger {' '.join(map(str, args))} failed: {result.err}"
    return result.out


def seq_of(db: Path, site: str, event_id: str, **options: Any) -> int:
    """The seq of the event with id `event_id` on `site`, from `opsledger events --format jsonl`."""
    for line in cli_ok(db, "events", "--site", site, "--format", "jsonl", **options).splitlines():
        rec = json.loads(line)
        if rec["id"] == event_id:
            return int(rec["seq"])
    raise AssertionError(f"event {event_id} not found")


def cli_contracted_site(
    run: Callable[..., Any], db: Path, site: str, *, name: str, kind: str, on: str, scheme: str, fee: str,
    assessor: str, start: str | None = None, grant_actor: str | None = None,
) -> None:  # fmt: skip
    """`site add` + `contract add` (from `start`, default `on`) + the assessor's `role grant` (on the
    contract start, by `grant_actor` if given), each through `run(db, ...)` (a cli_ok-like callable)."""
    start = on if start is None else start
    ensure_key(
        assessor
    )  # the assessor's key pair, made on their machine (here: the session's keys directory)
    run(db, "site", "add", site, "--name", name, "--kind", kind, "--on", on)
    run(db, "contract", "add", site, "--scheme", scheme, "--start", start, "--fee", fee)
    grant = ("role", "grant", assessor, "--role", "assessor", "--site", site, "--on", start)
    if grant_actor is None:
        run(db, *grant)
    else:
        run(db, *grant, actor=grant_actor)


def set_env(monkeypatch: pytest.MonkeyPatch, names: tuple[str, ...], env: dict[str, str]) -> None:
    """Unset the variables `names`, then set `env`: a command line read as in a shell with only these set."""
    for name in names:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)


def demo_ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger made by `opsledger demo` (every built-in scheme, a year of events), in a directory of its own."""
    cwd = tmp_path_factory.mktemp("demo")
    made = run_cli("demo", "--db", cwd / "demo.db", cwd=cwd)
    assert made.code == 0, made.err
    return cwd / "demo.db"


def invoke_cli(*args: Any, env: dict[str, str | None] | None = None) -> Result:
    """The CLI in this process, through its entry point `cli_entry.main` (a plain `log` read without click, the
    rest through `cli.main`; errors become one-line messages there)."""
    from click.testing import CliRunner

    from commands import entry as cli_entry

    runner = CliRunner()
    from ledger.messages import use_lang

    isolated_env: dict[str, str | None] = {"OPSLEDGER_ACTOR": ACTOR, "OPSLEDGER_DB": None, "OPSLEDGER_LANG": "en",
                                           "OPSLEDGER_KEYS": str(KEYS_DIR), "OPSLEDGER_BUYER": BUYER, **(env or {})}  # fmt: skip
    saved = sys.argv
    with use_lang(None), runner.isolation(env=isolated_env) as (out, err, _):  # --lang lasts one invocation
        sys.argv = ["opsledger", *map(str, args)]
        try:
            cli_entry.main()
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        finally:
            sys.argv = saved
            sys.stdout.flush()
            sys.stderr.flush()
        return Result(code, out.getvalue().decode("utf-8-sig"), err.getvalue().decode("utf-8"))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """An initialised ledger file with one registered site."""
    path = tmp_path / "ledger.db"
    assert invoke_cli("--db", path, "init").code == 0
    result = invoke_cli(
        "--db", path, "site", "add", SITE, "--name", "吴江人力资源产业园", "--on", "2026-01-01"
    )
    assert result.code == 0, result.err
    return path


@pytest.fixture
def ledger(db: Path):
    from ledger.ledger import Ledger

    opened = Ledger(db)
    yield opened
    opened.close()


@pytest.fixture
def sh(tmp_path: Path) -> Callable[..., Result]:
    """run_cli bound to tmp_path as the working directory."""

    def run(*args: Any, env: dict[str, str] | None = None) -> Result:
        return run_cli(*args, cwd=tmp_path, env=env)

    return run


@pytest.fixture
def cli_inproc() -> Callable[..., Result]:
    """invoke_cli as a fixture."""
    return invoke_cli


@pytest.fixture
def cli() -> Callable[..., Result]:
    """The CLI in this process, through its entry point (invoke_cli)."""
    return invoke_cli


# -- library-level ledgers (no CLI) ---------------------------------------------------------------------------

SX = "sx"


def add_event(
    ledger: Any, etype: str, on: str, payload: dict, actor: str = "op", site: str = SX, evidence: tuple = ()
) -> Any:
    """Append one event to an open Ledger (site "sx" by default), signed where it must be with the test keys:
    a contract names the test buyer's key unless it names one, an assessor's grant delegates the assessor's."""
    from ledger.envelope import Draft

    payload = with_test_keys(etype, payload)
    return ledger.append(
        Draft(type=etype, site=site, occurred_at=on, actor=actor, payload=payload, evidence=evidence),
        keyring_for(),
    )


def signed_drafts(drafts: Any) -> list:
    """Drafts with contracts and assessor grants completed with the test keys (append them with keyring_for())."""
    return [d.replace(payload=with_test_keys(d.type, d.payload)) for d in drafts]


def with_test_keys(etype: str, payload: dict) -> dict:
    """A contract or assessor grant payload completed with the test keys (buyer_key / public_key) if missing."""
    if etype == "contract_signed" and "buyer_key" not in payload:
        return {**payload, "buyer_key": ensure_key(BUYER).public_hex}
    if etype == "actor_role_granted" and payload.get("role") == "assessor" and "public_key" not in payload:
        return {**payload, "public_key": ensure_key(payload["actor"]).public_hex}
    return payload


def shaxian_sites(path: Path, sites: tuple[str, ...] = ("sx", "sy")) -> Any:
    """A new ledger at `path` with these sites registered under shaxian-gig from 2026-01-01 (fee 100,000)."""
    from ledger.envelope import Draft
    from ledger.ledger import Ledger

    ledger = Ledger(path, create=True)
    for site in sites:
        ledger.append(Draft(type="site_registered", site=site, occurred_at="2026-01-01", actor="b",
                            payload={"name": site}))  # fmt: skip
        ledger.append(Draft(type="contract_signed", site=site, occurred_at="2026-01-01", actor="b",
                            payload=with_test_keys("contract_signed", {"scheme": "shaxian-gig", "start": "2026-01-01",
                                                                       "fee_yuan": "100000"})), keyring_for())  # fmt: skip
    return ledger


def sx_ledger(path: Path | str, fee: str = "100000", assessor: str | None = "alice") -> Any:
    """A new Ledger at `path` with the Shaxian site "sx" registered and contracted (shaxian-gig, 2026-01-01);
    the buyer grants `assessor` the assessor role unless it is None. Callers freeze the time around it."""
    from ledger.ledger import Ledger

    ledger = Ledger(path, create=True)
    add_event(ledger, "site_registered", "2026-01-01", {"name": "沙县零工市场"})
    add_event(
        ledger,
        "contract_signed",
        "2026-01-01",
        {"scheme": "shaxian-gig", "start": "2026-01-01", "fee_yuan": fee},
    )
    if assessor is not None:
        add_event(
            ledger, "actor_role_granted", "2026-01-01", {"actor": assessor, "role": "assessor"}, actor="buyer"
        )
    return ledger


def fair(companies: Any = 40, **overrides: Any) -> dict[str, Any]:
    """A valid job_fair_held payload."""
    payload = {"title": "春风行动", "format": "offline", "kind": "themed", "companies": companies,
               "jobs": 300, "visitors": 500}  # fmt: skip
    payload.update(overrides)
    return payload


@pytest.fixture
def fair_payload() -> Callable[..., dict[str, Any]]:
    return fair


@pytest.fixture
def new_draft() -> Callable[..., Any]:
    """A Draft for SITE on 2026-03-05 by ACTOR; a job fair unless told otherwise."""
    from ledger.envelope import Draft

    def build(
        event_type: str = "job_fair_held", payload: dict[str, Any] | None = None, **envelope: Any
    ) -> Draft:
        fields = {"type": event_type, "site": SITE, "occurred_at": "2026-03-05", "actor": ACTOR,
                  "payload": fair() if payload is None else payload, **envelope}  # fmt: skip
        return Draft(**fields)

    return build


# -- PostgreSQL: a real server for the contract suite and the CLI tests -------------------------------------


@pytest.fixture(scope="session")
def pg_cluster():
    """The test PostgreSQL server: OPSLEDGER_TEST_PG if it names one, else a throwaway cluster of our own
    (stopped at the end). Where none can be had the PostgreSQL tests are skipped, except under CI (`CI` set),
    where that is a failure: CI installs PostgreSQL and must run them."""
    try:
        import pgcluster

        named = os.environ.get("OPSLEDGER_TEST_PG")
        cluster = pgcluster.from_url(named) if named else pgcluster.start()
    except (ImportError, OSError, RuntimeError) as err:
        message = f"PostgreSQL is not available for the tests: {err}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def ledger_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's new ledger goes: a SQLite file, then (the same test again) a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "l.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def pg_url(pg_cluster) -> Any:
    """A fresh, empty database on the test server (dropped afterwards); its URL, as the superuser."""
    name = pg_cluster.create_database()
    yield pg_cluster.url(name)
    pg_cluster.drop_database(name)
