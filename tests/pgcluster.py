"""A throwaway PostgreSQL server for the tests (and bench/): a real cluster, never a mock.

`OPSLEDGER_TEST_PG` may name a running server (a libpq URL of a superuser, e.g.
`postgresql://postgres@/postgres?host=/run/postgresql`); otherwise a cluster is created with Debian's binaries
(`initdb`, `pg_ctl` from `OPSLEDGER_PG_BIN`, else /usr/lib/postgresql/15/bin) in a temporary directory, listening
on a unix socket only, and removed at the end. initdb refuses to run as root, so as root the server runs as the
`postgres` system user (`runuser -u postgres --`). Every test gets a database of its own.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote, urlencode

DEFAULT_BIN = (
    "/usr/lib/postgresql/15/bin"  # Debian 12's; another installed major version is used if 15 is not
)
PORT = 5432  # only names the socket file (.s.PGSQL.5432) in a private directory: never a TCP port
# Durability off: the tests' clusters are thrown away. bench/ starts its clusters with the defaults.
FAST = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


class ClusterUnavailable(RuntimeError):
    """No server named and none can be started here (binaries missing): the message says what to install."""


class Cluster:
    """A PostgreSQL server reachable on a unix socket directory (or a URL), with a superuser to administer it."""

    def __init__(self, host: str, port: int, superuser: str, *, root: Path | None = None,
                 run_as: list[str] | None = None, bindir: Path | None = None) -> None:  # fmt: skip
        self.host = host
        self.port = port
        self.superuser = superuser
        self.root = root  # our own cluster's directory (None: a server we were given)
        self.run_as = run_as or []
        self.bindir = bindir
        self._names = itertools.count(1)

    # -- addresses ------------------------------------------------------------------------------------------

    def url(self, dbname: str, user: str | None = None) -> str:
        query = urlencode({"host": self.host, "port": str(self.port)})
        return f"postgresql://{quote(user or self.superuser, safe='')}@/{quote(dbname, safe='')}?{query}"

    def admin(self, sql: str, *params: object, dbname: str = "postgres") -> list[tuple]:
        """Run one statement as the superuser (autocommit: CREATE DATABASE cannot run in a transaction)."""
        import psycopg

        with psycopg.connect(self.url(dbname), autocommit=True) as conn:
            cur = conn.execute(sql.encode(), params or None)
            return cur.fetchall() if cur.description else []

    # -- databases and roles --------------------------------------------------------------------------------

    def create_database(self, prefix: str = "t") -> str:
        name = f"opsledger_{prefix}_{os.getpid()}_{next(self._names)}"
        self.admin(
            f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
        )
        return name

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def login_role(self, name: str, *member_of: str) -> str:
        """A login role (created once per cluster), made a member of the given roles; returns its name."""
        if not self.admin("SELECT 1 FROM pg_roles WHERE rolname = %s", name):
            self.admin(f'CREATE ROLE "{name}" LOGIN')
        for group in member_of:
            self.admin(f'GRANT "{group}" TO "{name}"')
        return name

    # -- lifecycle ------------------------------------------------------------------------------------------

    def stop(self) -> None:
        if self.root is None:
            return
        subprocess.run([*self.run_as, str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m",
                        "immediate", "stop"], capture_output=True, check=False)  # fmt: skip
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None


def from_url(url: str) -> Cluster:
    """A running server named by a libpq URL with a superuser (OPSLEDGER_TEST_PG)."""
    from psycopg.conninfo import conninfo_to_dict

    info = conninfo_to_dict(url)
    host = str(info.get("host") or "/var/run/postgresql")
    return Cluster(host, int(info.get("port") or PORT), str(info.get("user") or "postgres"))


def start(settings: tuple[str, ...] = FAST, bindir: str | None = None) -> Cluster:
    """initdb + pg_ctl start in a new temporary directory; the caller stops it (Cluster.stop)."""
    bins = Path(bindir or os.environ.get("OPSLEDGER_PG_BIN") or _installed_bin())
    if not (bins / "initdb").exists():
        raise ClusterUnavailable(
            f"no PostgreSQL binaries in {bins}: install PostgreSQL 15 (apt-get install postgresql), set "
            "OPSLEDGER_PG_BIN, or name a running server in OPSLEDGER_TEST_PG"
        )
    run_as: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="opsledger-pg-"))
    if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to the postgres system user
        run_as = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres", "postgres")
    data, sock = root / "data", root
    try:
        _run([*run_as, str(bins / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
              "--locale=C", "--no-sync"])  # fmt: skip
        options = " ".join(
            [f"-k {sock}", "-c listen_addresses=''", f"-p {PORT}", "-c max_connections=200",
             *(f"-c {s}" for s in settings)]
        )  # fmt: skip
        _run([*run_as, str(bins / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "server.log"),
              "-w", "-t", "60", "start"])  # fmt: skip
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return Cluster(str(sock), PORT, "postgres", root=root, run_as=run_as, bindir=bins)


def _installed_bin() -> str:
    if Path(DEFAULT_BIN, "initdb").exists():
        return DEFAULT_BIN
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    return str(found[-1].parent) if found else DEFAULT_BIN


def _run(argv: list[str]) -> None:
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tool = next(Path(a).name for a in argv if a.endswith(("initdb", "pg_ctl")))
        raise ClusterUnavailable(f"{tool} failed: {(done.stderr or done.stdout).strip()[-2000:]}")
