"""Accounts and the pages around them: the CLI's `user` commands, password changes, the registers page,
the bind warning. Real ledger files and the real app, as in test_web_routes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from webkit import PASSWORDS, PX, build, csrf_of

from ledger.ledger import Ledger
from web.accounts import AccountError, Accounts
from web.app import create_app
from web.serve import first_admin, host_warning

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    return build(tmp_path / "ledger.db")


def login(db: Path, user: str, password: str | None = None, app: object = None) -> TestClient:
    c = TestClient(app or create_app(db, mappings_dir=ROOT / "data" / "mappings"))  # type: ignore[arg-type]
    r = c.post("/login", data={"csrf": csrf_of(c.get("/login").text), "name": user,
                               "password": password or PASSWORDS[user]}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    return c


def user_cli(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cli", "--db", str(db), "user", *args], input=stdin, text=True,
                          capture_output=True, cwd=ROOT, timeout=120)  # fmt: skip


def test_user_add_reads_the_password_from_stdin_and_stores_only_a_hash(fresh: Path) -> None:
    done = user_cli(fresh, "add", "zhang", "--role", "operator", "--site", PX, stdin="zhang-secret-1\n")
    assert done.returncode == 0, done.stderr
    assert "added user zhang: operator@px-market" in done.stdout
    ledger = Ledger(fresh)
    account = Accounts(lambda: ledger.store).get("zhang")
    assert account is not None and account.password_hash.startswith("$argon2id$")
    assert "zhang-secret-1" not in fresh.read_bytes().decode("latin-1")
    assert login(fresh, "zhang", "zhang-secret-1").get(f"/s/{PX}/log").status_code == 200


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (("add", "op", "--role", "operator", "--site", PX), "another-pass-1\n", "already exists"),
    (("add", "new", "--role", "operator", "--site", PX), "short\n", "too short"),
    (("add", "new", "--role", "operator", "--site", "nowhere"), "long-enough-1\n", "unknown site"),
    (("add", "bad name", "--role", "viewer", "--site", "*"), "long-enough-1\n", "bad user name"),
    (("add", "new", "--role", "operator"), "long-enough-1\n", "needs a site"),
    (("add", "new", "--role", "operator", "--site", PX), "", "no password on standard input"),
])  # fmt: skip
def test_user_add_mistakes_are_one_line_and_store_nothing(fresh: Path, args: tuple[str, ...], stdin: str,
                                                          message: str) -> None:  # fmt: skip
    before = {a.name for a in Accounts(lambda: Ledger(fresh).store).all()}
    done = user_cli(fresh, *args, stdin=stdin)
    assert done.returncode != 0 and message in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert {a.name for a in Accounts(lambda: Ledger(fresh).store).all()} == before


def test_assessor_account_without_the_ledger_role_is_told_how_to_get_it(fresh: Path) -> None:
    done = user_cli(fresh, "add", "wang", "--role", "assessor", "--site", PX, stdin="wang-secret-1\n")
    assert done.returncode == 0
    # The grant is the buyer's act, signed with the buyer's key (ledger/trust.py): the hint says so.
    assert "the buyer grants it" in done.stderr
    assert "opsledger role grant wang --role assessor --site px-market --buyer BUYER" in done.stderr


def test_password_change_ends_other_sessions_and_keeps_the_signing_key_usable(fresh: Path) -> None:
    app = create_app(fresh)  # one server, two devices
    phone, desk = login(fresh, "li", app=app), login(fresh, "li", app=app)
    r = phone.post(f"/s/{PX}/assess/key", data={"csrf": csrf_of(phone.get("/password").text),
                                                "password": PASSWORDS["li"]})  # fmt: skip
    assert "签名密钥指纹" in r.text
    r = phone.post("/password", data={"csrf": csrf_of(phone.get("/password").text), "old": PASSWORDS["li"],
                                      "new": "li-new-pass-9", "again": "li-new-pass-9"})  # fmt: skip
    assert "密码已修改" in r.text
    assert desk.get("/overview", follow_redirects=False).status_code == 303  # the other session is gone
    r = phone.post(f"/s/{PX}/assess/signoff", data={"csrf": csrf_of(phone.get("/password").text), "period": "2026",
                                                    "password": "li-new-pass-9"})  # fmt: skip
    assert "已签署" in r.text  # the key was re-encrypted with the new password
    with pytest.raises(AccountError):
        Accounts(lambda: Ledger(fresh).store).add("li", "whatever-1", [("viewer", "*")])


def test_password_change_refuses_a_wrong_current_password(fresh: Path) -> None:
    c = login(fresh, "op")
    r = c.post("/password", data={"csrf": csrf_of(c.get("/password").text), "old": "nope-nope",
                                  "new": "op-new-pass-1", "again": "op-new-pass-1"})  # fmt: skip
    assert r.status_code == 422 and "当前密码不正确" in r.text
    login(fresh, "op")  # the old password still works


def test_signing_needs_the_users_own_password(fresh: Path) -> None:
    c = login(fresh, "li")
    csrf = csrf_of(c.get("/password").text)
    c.post(f"/s/{PX}/assess/key", data={"csrf": csrf, "password": PASSWORDS["li"]})
    r = c.post(f"/s/{PX}/assess/signoff", data={"csrf": csrf, "period": "2026", "password": PASSWORDS["op"]})
    assert "当前密码不正确" in r.text
    assert not list(Ledger(fresh).events(types=["score_signed_off"]))


def test_register_preview_then_commit_in_one_transaction(fresh: Path) -> None:
    c = login(fresh, "op")
    csrf = csrf_of(c.get(f"/s/{PX}/registers").text)
    xlsx = (ROOT / "data" / "examples" / "job-fair-register.xlsx").read_bytes()
    r = c.post(f"/s/{PX}/registers/preview", data={"csrf": csrf, "mapping": "job-fair-register"},
               files={"register": ("招聘会台账.xlsx", xlsx)})  # fmt: skip
    assert r.status_code == 200
    new = int(r.text.split('id="count-new">')[1].split("<")[0])
    assert new > 0 and 'id="count-err">0<' in r.text
    before = sum(1 for _ in Ledger(fresh).events(site=PX))
    token = r.text.split('name="token" value="')[1].split('"')[0]
    r = c.post(f"/s/{PX}/registers/commit", data={"csrf": csrf, "token": token})
    assert f"已导入 {new} 条事件" in r.text
    assert sum(1 for _ in Ledger(fresh).events(site=PX)) == before + new
    again = c.post(f"/s/{PX}/registers/preview", data={"csrf": csrf, "mapping": "job-fair-register"},
                   files={"register": ("招聘会台账.xlsx", xlsx)})  # fmt: skip
    assert 'id="count-new">0<' in again.text and f'id="count-dup">{new}<' in again.text
    # a token is good once, and only in the session that previewed
    r = c.post(f"/s/{PX}/registers/commit", data={"csrf": csrf, "token": token})
    assert "预览已过期" in r.text


def test_register_errors_name_sheet_row_and_column(fresh: Path, tmp_path: Path) -> None:
    c = login(fresh, "op")
    csrf = csrf_of(c.get(f"/s/{PX}/registers").text)
    bad = "日期,业务类型,零工姓名,用工单位,岗位数,省级平台发布,成交金额（元）\n2026-03-05,岗位发布,,某公司,很多,是,\n"
    mapping = (ROOT / "data" / "mappings" / "gig-market-register.toml").read_bytes()  # uploaded, not chosen
    r = c.post(f"/s/{PX}/registers/preview", data={"csrf": csrf},
               files={"register": ("bad.csv", bad.encode()), "mapping_file": ("map.toml", mapping)})  # fmt: skip
    # the page is Chinese, and so is the library's message on it (web/core.py renders it in the page's language)
    assert 'id="count-err">1<' in r.text and "第 2 行 E 列（岗位数）" in r.text, r.text[-800:]
    assert "有错误时不能导入" in r.text and "registers/commit" not in r.text


@pytest.mark.parametrize(("host", "tls", "warned"), [
    ("127.0.0.1", False, False), ("localhost", False, False), ("0.0.0.0", False, True), ("0.0.0.0", True, False),
    ("192.0.2.7", False, True),
])  # fmt: skip
def test_binding_beyond_loopback_without_tls_warns(host: str, tls: bool, warned: bool) -> None:
    assert (host_warning(host, tls) is not None) == warned


def test_first_serve_creates_one_admin_and_only_once(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    Ledger(db, create=True).close()
    made = first_admin(db)
    assert made is not None and made[0].is_admin and len(made[1]) >= 12
    assert first_admin(db) is None
    assert login(db, "admin", made[1]).get("/admin/users").status_code == 200


def test_sessions_survive_a_restart_and_are_shared_between_workers(fresh: Path) -> None:
    """Two app instances over one ledger stand for two worker processes, or the app before and after a restart."""
    first = login(fresh, "op")
    second = TestClient(create_app(fresh), cookies=dict(first.cookies))
    assert second.get(f"/s/{PX}/log").status_code == 200
    second.post("/logout", data={"csrf": csrf_of(second.get("/password").text)})
    assert first.get(f"/s/{PX}/log", follow_redirects=False).status_code == 303  # logged out everywhere


def test_sessions_are_stored_under_the_tokens_hash(fresh: Path) -> None:
    c = login(fresh, "op")
    token = c.cookies["opsledger_session"]
    stored = Ledger(fresh).store.record_list("web.sessions")
    assert stored and token not in stored and token not in "".join(stored.values())
