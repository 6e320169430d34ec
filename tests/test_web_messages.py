"""The web app's refusals and `opsledger serve`'s lines in the reader's language: Chinese unless English is asked for.

A refusal made by the library side of the app (web/services/) is rendered in the page's language, not in the
server's; a field named in a flash message is its form label, not the wire name; `opsledger serve` prints its
start-up lines in the command's language (the catalogue, ledger/messages), Chinese when nothing says otherwise.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from webkit import PASSWORDS, PX, SX, build, csrf_of

from ledger.ledger import Ledger
from web.app import create_app

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    return build(tmp_path / "ledger.db")


def client(db: Path, user: str, accept: str = "zh-CN") -> TestClient:
    c = TestClient(create_app(db), headers={"Accept-Language": accept})
    r = c.post("/login", data={"csrf": csrf_of(c.get("/login").text), "name": user, "password": PASSWORDS[user],
                               "next": "/"}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text
    return c


def alert(html: str) -> str:
    """The error page's one-line message (the library's refusal)."""
    found = re.search(r'<p class="error" role="alert">(.*?)</p>', html, re.S)
    assert found, html[-1500:]
    return found[1].strip()


def first_seq(db: Path, site: str, event_type: str) -> int:
    ledger = Ledger(db)
    try:
        return next(iter(ledger.events(site=site, types=[event_type]))).seq
    finally:
        ledger.close()


def test_a_refusal_is_chinese_by_default_and_english_on_an_english_page(fresh: Path) -> None:
    """Another site's event through one's own site: the same refusal, in the language of the page."""
    seq = first_seq(fresh, PX, "job_fair_held")
    zh = client(fresh, "opsx")
    r = zh.post(
        f"/s/{SX}/events/{seq}/retract", data={"csrf": csrf_of(zh.get("/password").text), "reason": "x"}
    )
    assert r.status_code == 400
    assert alert(r.text) == f"站点 {SX} 没有序号为 {seq} 的事件"
    assert (
        "系统提示" in r.text and "英文原文" not in r.text
    )  # the library's message is no longer English only
    en = client(fresh, "opsx", accept="en-US,en;q=0.9")
    r = en.post(f"/s/{SX}/events/{seq}/retract?lang=en",
                data={"csrf": csrf_of(en.get("/password").text), "reason": "x"})  # fmt: skip
    assert r.status_code == 400
    assert alert(r.text) == f"no event with sequence number {seq} on site {SX}"


def test_a_refusal_names_the_event_type_by_its_chinese_label(fresh: Path) -> None:
    """The site's own registration is not an operator's record: not retracted here, said with 登记站点."""
    seq = first_seq(fresh, PX, "site_registered")
    c = client(fresh, "op")
    r = c.post(
        f"/s/{PX}/events/{seq}/retract", data={"csrf": csrf_of(c.get("/password").text), "reason": "x"}
    )
    assert r.status_code == 400 and alert(r.text) == f"序号 {seq}（登记站点）不能在此处撤回"
    r = c.post(f"/s/{PX}/events/{seq}/retract?lang=en",
               data={"csrf": csrf_of(c.get("/password").text), "reason": "x"})  # fmt: skip
    assert alert(r.text) == f"seq {seq} (site_registered) cannot be retracted here"


def test_a_correction_refused_names_the_field_by_its_label(fresh: Path) -> None:
    seq = first_seq(fresh, PX, "job_fair_held")
    c = client(fresh, "op")
    csrf = csrf_of(c.get("/password").text)
    r = c.post(f"/s/{PX}/events/{seq}/correct", data={"csrf": csrf, "companies": "-1", "reason": "重新点数"})
    assert f"#{seq} “参会企业”有误：不能小于 0。" in r.text, r.text[-2000:]
    assert "companies" not in re.sub(r"<[^>]*>", "", r.text.split("<main", 1)[-1])
    r = c.post(
        f"/s/{PX}/events/{seq}/correct?lang=en", data={"csrf": csrf, "companies": "-1", "reason": "recount"}
    )
    assert re.search(rf"#{seq} [A-Za-z][^<:]*: Must be at least 0\.", r.text), r.text[-2000:]


@pytest.fixture
def chinese_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing says which language (no OPSLEDGER_LANG, a bare C locale): the app's users read Chinese."""
    monkeypatch.delenv("OPSLEDGER_LANG", raising=False)
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def run_serve(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[str, str]:
    """`opsledger serve` up to the point where uvicorn would take over (it is not started)."""
    import uvicorn

    from web.serve import serve

    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    serve(db, "0.0.0.0", 8765, behind_tls=False, mappings_dir=None)
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_serve_start_up_lines_are_chinese_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], chinese_default: None
) -> None:
    db = tmp_path / "empty.db"
    Ledger(db, create=True).close()
    out, err = run_serve(db, monkeypatch, capsys)
    assert err.startswith("警告：正在 0.0.0.0 上以明文 HTTP 提供服务") and "--behind-tls" in err
    assert f"opsledger 正在提供 {db}，地址 http://localhost:8765/" in out
    assert re.search(r"首次登录：用户 admin，密码 \S+（请在“修改密码”页面修改）", out), out
    assert "serving" not in out and "first login" not in out


def test_serve_start_up_lines_in_english_with_opsledger_lang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OPSLEDGER_LANG", "en")
    db = tmp_path / "empty.db"
    Ledger(db, create=True).close()
    out, err = run_serve(db, monkeypatch, capsys)
    assert err.startswith("warning: serving on 0.0.0.0 over plain HTTP")
    assert f"opsledger serving {db} at http://localhost:8765/" in out and "first login: user admin" in out
    assert not HAN.search(err)


def test_a_password_missing_on_standard_input_is_refused_in_chinese(chinese_default: None) -> None:
    import io

    from web.accounts import AccountError
    from web.serve import read_password

    with pytest.raises(AccountError) as refused:
        read_password(stdin=io.StringIO(""))
    assert str(refused.value) == "标准输入中没有密码（请给出一行）"


@pytest.mark.parametrize(("accept", "summary", "side"), [("zh-CN", "解读", "interpretation_zh"),
                                                        ("en-US,en;q=0.9", "interpretation", "interpretation")])  # fmt: skip
def test_the_dashboard_shows_each_items_interpretation_in_the_pages_language(
    fresh: Path, accept: str, summary: str, side: str
) -> None:
    """The scorecard on the dashboard: each item's 说明 cell opens the scheme's reading of its clause."""
    import html as markup

    from schemes.model import get_scheme

    scheme = get_scheme("pingxiang-market")
    page = client(fresh, "viewer", accept=accept).get(f"/s/{PX}/dashboard?period=2026").text
    shown = re.findall(
        r'<details class="interp"><summary>([^<]*)</summary><div>([^<]*)</div></details>', page
    )
    assert shown and {s for s, _ in shown} == {summary}
    texts = {markup.unescape(t) for _, t in shown}
    assert texts == {getattr(i, side) for i in scheme.items if i.interpretation}
