"""Every route of the web app through the ASGI test client: access rules, CSRF, validation, idempotency.

A real ledger file (tests/webkit.py), the real app, real accounts with argon2 hashes; no mocks.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.routing import Route
from starlette.testclient import TestClient
from webkit import FAIRS, PASSWORDS, PX, SX, build, csrf_of

from ledger.ledger import Ledger
from web.app import ROUTES, create_app
from web.services import today

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One ledger for the read-only tests of this module."""
    return build(tmp_path_factory.mktemp("web") / "ledger.db")


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    return build(tmp_path / "ledger.db")


def client(db: Path, user: str | None = None, lang: str = "zh") -> TestClient:
    c = TestClient(create_app(db), headers={"Accept-Language": "zh-CN" if lang == "zh" else "en"})
    if user is not None:
        r = c.post("/login", data={"csrf": csrf_of(c.get("/login").text), "name": user,
                                   "password": PASSWORDS[user], "next": "/"}, follow_redirects=False)  # fmt: skip
        assert r.status_code == 303, r.text
    return c


def token(c: TestClient, path: str = "/password") -> str:
    return csrf_of(c.get(path).text)


def count(db: Path, **filters: object) -> int:
    ledger = Ledger(db)
    try:
        return sum(1 for _ in ledger.events(**filters))  # type: ignore[arg-type]
    finally:
        ledger.close()


def fair_form(csrf: str, key: str = "k1", **over: str) -> dict[str, str]:
    form = {"csrf": csrf, "_type": "job_fair_held", "_key": key, "_on": "2026-11-26", "title": "周四专场",
            "format": "offline", "kind": "daily", "companies": "41", "jobs": "960", "visitors": "240"}  # fmt: skip
    form.update(over)
    return form


# -- login, sessions, language ---------------------------------------------------------------------------


def test_pages_need_a_login_and_redirect_to_it(shared: Path) -> None:
    c = client(shared)
    r = c.get(f"/s/{PX}/dashboard", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")


def test_login_with_a_wrong_password_is_refused_in_chinese(shared: Path) -> None:
    c = client(shared)
    r = c.post("/login", data={"csrf": token(c, "/login"), "name": "op", "password": "wrong-pass"})
    assert r.status_code == 401 and "用户名或密码不正确" in r.text


def test_login_attempts_are_rate_limited(shared: Path) -> None:
    c = client(shared)
    csrf = token(c, "/login")
    codes = [c.post("/login", data={"csrf": csrf, "name": "viewer", "password": f"bad-{n}"}).status_code
             for n in range(6)]  # fmt: skip
    assert codes[:5] == [401] * 5 and codes[5] == 429
    # even the right password waits out the window: a guesser cannot tell
    r = c.post("/login", data={"csrf": csrf, "name": "viewer", "password": PASSWORDS["viewer"]})
    assert r.status_code == 429 and "秒后再试" in r.text


def test_login_form_without_csrf_is_refused(shared: Path) -> None:
    c = client(shared)
    c.get("/login")
    r = c.post("/login", data={"name": "op", "password": PASSWORDS["op"]})
    assert r.status_code == 403


def test_login_never_redirects_off_site(shared: Path) -> None:
    c = client(shared)
    r = c.post("/login", data={"csrf": token(c, "/login"), "name": "admin", "password": PASSWORDS["admin"],
                               "next": "//evil.example/x"}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_logout_ends_the_session(shared: Path) -> None:
    c = client(shared, "viewer")
    assert c.get("/overview").status_code == 200
    c.post("/logout", data={"csrf": token(c, "/overview")})
    assert c.get("/overview", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(("query", "accept", "word"), [
    ("", "zh-CN,zh;q=0.9", "总览"), ("?lang=en", "zh-CN", "Overview"), ("", "en-US,en;q=0.9", "Overview"),
    ("", "", "总览"), ("?lang=zh", "en-US", "总览"),
])  # fmt: skip
def test_language_follows_query_then_browser_chinese_by_default(
    shared: Path, query: str, accept: str, word: str
) -> None:
    c = client(shared, "viewer")
    r = c.get(f"/overview{query}", headers={"Accept-Language": accept})
    assert word in r.text


# -- access rules ------------------------------------------------------------------------------------------

GET_PAGES = {
    "log": "/s/{site}/log",
    "form": "/s/{site}/log/form?type=job_fair_held",
    "dashboard": "/s/{site}/dashboard",
    "registers": "/s/{site}/registers",
    "assess": "/s/{site}/assess",
    "diff": "/s/{site}/audit/diff?period=2026&from={t1}&to=2099-01-01T00:00",
}
# who reaches what (site px): operator of px, operator of sx, assessor, viewer, admin
ACCESS = {
    "log": {"op": 200, "opsx": 403, "li": 403, "viewer": 403, "admin": 200},
    "form": {"op": 200, "opsx": 403, "li": 403, "viewer": 403, "admin": 200},
    "dashboard": {"op": 200, "opsx": 403, "li": 200, "viewer": 200, "admin": 200},
    "registers": {"op": 200, "opsx": 403, "li": 403, "viewer": 403, "admin": 200},
    "assess": {"op": 403, "opsx": 403, "li": 200, "viewer": 403, "admin": 403},
    "diff": {"op": 403, "opsx": 403, "li": 200, "viewer": 200, "admin": 200},
}


@pytest.mark.parametrize("user", ["op", "opsx", "li", "viewer", "admin"])
@pytest.mark.parametrize("name", sorted(GET_PAGES))
def test_per_site_roles_on_every_page(shared: Path, user: str, name: str) -> None:
    c = client(shared, user)
    t1 = Ledger(shared).get(6).recorded_at[:26]  # sites, contracts and roles recorded by then
    r = c.get(GET_PAGES[name].format(site=PX, t1=t1.replace("+", "%2B")))
    assert r.status_code == ACCESS[name][user], (user, name, r.text[:300])


def test_an_unknown_site_is_as_closed_as_another_operators(shared: Path) -> None:
    c = client(shared, "op")
    assert c.get("/s/no-such-site/log").status_code == 403
    assert c.get(f"/s/{SX}/dashboard").status_code == 403


ASSESSOR_POSTS = {
    "judgement": {"item": "ops.services", "met": "true", "shortfalls": "0", "reason": "查看了服务台账"},
    "finding": {"kind": "data_error", "count": "1", "reason": "台账有误"},
    "close": {"period": "2026", "early": "1"},
    "accept/5": {"reason": "ok"},
    "key": {"password": PASSWORDS["op"]},
    "signoff": {"period": "2026", "password": PASSWORDS["op"]},
}


@pytest.mark.parametrize("action", sorted(ASSESSOR_POSTS))
def test_operator_crafting_a_post_to_an_assessor_route_gets_403_and_nothing_is_stored(
    fresh: Path, action: str
) -> None:
    c = client(fresh, "op")
    before = count(fresh)
    r = c.post(f"/s/{PX}/assess/{action}", data={"csrf": token(c), **ASSESSOR_POSTS[action]})
    assert r.status_code == 403
    assert count(fresh) == before


def test_operator_cannot_log_to_another_site_even_by_crafting_the_form(fresh: Path) -> None:
    c = client(fresh, "op")
    r = c.post(f"/s/{SX}/log", data=fair_form(token(c)))
    assert r.status_code == 403 and count(fresh, site=SX) == 3  # registered, contract, assessor


def test_operator_cannot_correct_another_sites_event_through_its_own_site(fresh: Path) -> None:
    c = client(fresh, "opsx")
    r = c.post(f"/s/{SX}/events/10/retract", data={"csrf": token(c), "reason": "x"})  # seq 10 is a px fair
    assert r.status_code == 400 and count(fresh, types=["retraction"]) == 0


# -- CSRF on every form ------------------------------------------------------------------------------------


def _post_routes() -> list[str]:
    out = []
    for route in ROUTES:
        if isinstance(route, Route) and "POST" in (route.methods or ()):
            out.append(route.path.replace("{site}", PX).replace("{seq}", "7"))
    return out


@pytest.mark.parametrize("path", _post_routes())
@pytest.mark.parametrize("sent", ["none", "wrong"])
def test_every_post_route_refuses_a_missing_or_wrong_csrf_token(fresh: Path, path: str, sent: str) -> None:
    c = client(fresh, "admin")
    before = count(fresh)
    data = {} if sent == "none" else {"csrf": "forged-token"}
    r = c.post(path, data=data)
    assert r.status_code == 403 and "表单已过期" in r.text
    assert count(fresh) == before


def test_csrf_header_works_for_htmx_requests(fresh: Path) -> None:
    c = client(fresh, "op")
    form = fair_form("", key="hx1")
    del form["csrf"]
    r = c.post(f"/s/{PX}/log", data=form, headers={"X-CSRF-Token": token(c)}, follow_redirects=False)
    assert r.status_code == 303


# -- the log page ------------------------------------------------------------------------------------------


def test_log_form_is_generated_in_chinese_with_units_and_enum_labels(shared: Path) -> None:
    c = client(shared, "op")
    html = c.get(f"/s/{PX}/log?type=job_fair_held").text
    for text in ("招聘会名称", "参会企业", "（家）", "入场求职人数", "（人次）", ">线下<", ">日常专场招聘会<",
                 'capture="environment"', "日常招聘会资料（签到表、岗位清单、现场照片）"):  # fmt: skip
        assert text in html, text
    assert 'type="date"' in html


def test_logging_a_fair_stores_it_with_the_logged_in_user_as_actor(fresh: Path) -> None:
    c = client(fresh, "op")
    form = fair_form(token(c), actor="someone-else")  # a crafted actor field is not a payload field
    r = c.post(f"/s/{PX}/log", data=form, follow_redirects=False)
    assert r.status_code == 303
    events = list(Ledger(fresh).events(site=PX, types=["job_fair_held"]))
    assert len(events) == FAIRS + 1 and events[-1].actor == "op" and events[-1].payload["companies"] == 41


def test_a_double_tap_stores_one_event(fresh: Path) -> None:
    c = client(fresh, "op")
    csrf = token(c)
    first = c.post(f"/s/{PX}/log", data=fair_form(csrf, key="same"))
    second = c.post(f"/s/{PX}/log", data=fair_form(csrf, key="same"))
    assert first.status_code == second.status_code == 200
    assert "未重复记录" in second.text
    assert count(fresh, types=["job_fair_held"]) == FAIRS + 1


@pytest.mark.parametrize(("field", "value", "message"), [
    ("companies", "-1", "不能小于 0"), ("companies", "abc", "请填写整数"), ("title", "", "必填"),
    ("format", "线下", "请从列表中选择"), ("_on", "2026-13-01", "日期格式应为"), ("_on", "2099-01-01", "日期不能晚于今天"),
])  # fmt: skip
def test_validation_errors_are_inline_in_chinese_and_nothing_is_stored(fresh: Path, field: str, value: str,
                                                                       message: str) -> None:  # fmt: skip
    c = client(fresh, "op")
    r = c.post(f"/s/{PX}/log", data=fair_form(token(c), **{field: value}))
    assert r.status_code == 422
    assert re.search(rf'class="fielderror"[^>]*>{re.escape(message)}', r.text), r.text[-2000:]
    assert count(fresh, types=["job_fair_held"]) == FAIRS


def test_validation_errors_in_english_with_lang_en(fresh: Path) -> None:
    c = client(fresh, "op", lang="en")
    r = c.post(f"/s/{PX}/log?lang=en", data=fair_form(token(c), companies="-1"))
    assert r.status_code == 422 and "Must be at least 0." in r.text


def test_evidence_upload_is_stored_and_tagged_with_its_requirement(fresh: Path) -> None:
    c = client(fresh, "op")
    form = fair_form(token(c), key="ev1", _requirement="日常招聘会资料（签到表、岗位清单、现场照片）")
    r = c.post(f"/s/{PX}/log", data=form, files={"_files": ("现场.jpg", b"\xff\xd8jpeg bytes", "image/jpeg")})
    assert r.status_code == 200
    attached = list(Ledger(fresh).events(site=PX, types=["evidence_attached"]))
    assert len(attached) == 1 and attached[0].payload["requirement"].startswith("日常招聘会资料")
    assert (fresh.parent / "ledger.evidence" / attached[0].payload["sha256"][:2]).is_dir()


def test_correct_and_retract_need_a_reason(fresh: Path) -> None:
    c = client(fresh, "op")
    csrf = token(c)
    c.post(f"/s/{PX}/log", data=fair_form(csrf, key="c1"))
    seq = Ledger(fresh).head()[0]
    r = c.post(f"/s/{PX}/events/{seq}/retract", data={"csrf": csrf, "reason": " "})
    assert "请填写原因" in r.text and count(fresh, types=["retraction"]) == 0
    r = c.post(f"/s/{PX}/events/{seq}/correct", data={"csrf": csrf, "companies": "45", "reason": ""})
    assert "请填写原因" in r.text and count(fresh, types=["correction"]) == 0
    r = c.post(f"/s/{PX}/events/{seq}/correct", data={"csrf": csrf, "companies": "45", "reason": "重新点数"})
    fix = list(Ledger(fresh).events(types=["correction"]))
    assert len(fix) == 1 and fix[0].payload["changes"] == {"companies": 45} and fix[0].actor == "op"
    r = c.post(f"/s/{PX}/events/{seq}/retract", data={"csrf": csrf, "reason": "重复录入"})
    assert "已撤回" in r.text and count(fresh, types=["retraction"]) == 1


# -- pages that read -----------------------------------------------------------------------------------------


def test_dashboard_shows_scorecard_gaps_charts_and_any_as_of(shared: Path) -> None:
    c = client(shared, "viewer")
    html = c.get(f"/s/{PX}/dashboard?period=2026").text
    for text in (
        "评分表",
        "具体指标",
        "评分标准",
        "日常招聘指标完成",
        'id="chart-daily_fairs"',
        "差距",
        "缺少的佐证材料",
    ):
        assert text in html, text
    past = c.get(f"/s/{PX}/dashboard?period=2026&as_of={today().isoformat()}")  # (all was recorded today)
    assert past.status_code == 200 and "差距和佐证清单只针对当前" in past.text
    assert c.get(f"/s/{PX}/dashboard?as_of=not-a-date").status_code == 400


def test_overview_lists_every_visible_site_with_total_and_money(shared: Path) -> None:
    html = client(shared, "viewer").get("/overview").text
    assert 'id="site-px-market"' in html and 'id="site-sx-gig"' in html and "服务费" in html
    only_px = client(shared, "op").get("/overview").text
    assert 'id="site-px-market"' in only_px and 'id="site-sx-gig"' not in only_px


def test_audit_verifies_the_chain_and_downloads_a_bundle(shared: Path) -> None:
    c = client(shared, "li")
    assert "哈希链完整" in c.get("/audit?verify=1").text
    r = c.get(f"/s/{PX}/audit/bundle?period=2026")
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip" and r.content[:2] == b"PK"


def test_admin_adds_an_account(fresh: Path) -> None:
    c = client(fresh, "admin")
    r = c.post("/admin/users", data={"csrf": token(c), "name": "zhang", "password": "zhang-pass-1",
                                     "role": "operator", "site": PX})  # fmt: skip
    assert "已新增账号 zhang" in r.text
    assert client(fresh).post("/login", data={}).status_code == 403  # (no token) — and zhang can log in:
    c2 = TestClient(create_app(fresh))
    r = c2.post("/login", data={"csrf": token(c2, "/login"), "name": "zhang", "password": "zhang-pass-1"},
                follow_redirects=False)  # fmt: skip
    assert r.status_code == 303


def test_an_evidence_tag_the_scheme_does_not_ask_for_is_refused(fresh: Path) -> None:
    c = client(fresh, "op")
    form = fair_form(token(c), key="ev2", _requirement="随便写的材料")
    r = c.post(f"/s/{PX}/log", data=form, files={"_files": ("x.jpg", b"\xff\xd8", "image/jpeg")})
    assert r.status_code == 400 and "不在本考核方案的要求之列" in r.text
    assert count(fresh, types=["job_fair_held"]) == FAIRS and count(fresh, types=["evidence_attached"]) == 0


@pytest.mark.parametrize(
    ("value", "scheme", "estimate", "shown"),
    [
        ("74.8936", "wujiang-alliance", False, "74.89"),  # display_places = 2, half up, as `opsledger score`
        ("1.1064", "wujiang-alliance", True, "1.11"),  # an estimate of a scheme with places: those places
        ("74.8936", "pingxiang-market", False, "74.8936"),  # no display places: the exact points
        ("96.615", "pingxiang-market", True, "96.6"),  # ... but a projection to one place, as `gaps` prints
        ("-0", "pingxiang-market", False, "0"),
    ],
)
def test_pages_show_points_to_the_schemes_display_places(
    value: str, scheme: str, estimate: bool, shown: str
) -> None:
    from decimal import Decimal

    from web.core import _pts

    assert _pts(Decimal(value), scheme, estimate=estimate) == shown
