"""The web app end to end in a real browser: Debian's chromium driven by Playwright for Python.

An operator on a 390 px phone logs a job fair with a photo and sees the score and the gap move; an assessor
judges an item, closes the period and signs; an operator's direct POST to an assessor route is refused.
Screenshots land in tests/screenshots/ (git-ignored) and each page is checked for CJK glyphs (not tofu).

Expected figures come from the Pingxiang 评分表 二、1 (日常招聘指标完成, 10 points): "场次未完成，缺少一场扣0.5分
... 最高扣6分", 38 fairs asked. The ledger holds 30 full fairs: 8 short x 0.5 = 4 deducted, 6 points. One
more full fair: 7 short = 3.5 deducted, 6.5 points, so the total rises by exactly 0.5 and the gap falls
from 4 to 3.5 points.
"""

from __future__ import annotations

import re
import shutil
import socket
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from webkit import PASSWORDS, PX, build

from ledger.ledger import Ledger

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]  # fmt: skip
SHOTS = Path(__file__).parent / "screenshots"

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]
playwright = pytest.importorskip("playwright.sync_api")


def png(width: int = 64, height: int = 48) -> bytes:
    """A small real PNG (what a phone camera hands the page, only smaller)."""
    rows = (
        b"\x00" + b"".join(bytes((x * 4 % 256, y * 5 % 256, 120)) for x in range(width))
        for y in range(height)
    )
    raw = b"".join(rows)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The real app under uvicorn on a free loopback port, in a thread, stopped after the test."""
    import uvicorn

    from web.app import create_app

    db = build(tmp_path / "ledger.db")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", db
    srv.should_exit = True
    thread.join(timeout=30)


@pytest.fixture
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def phone(browser: object) -> object:
    return browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN", device_scale_factor=1)  # type: ignore[attr-defined]


def login(page: object, base: str, user: str) -> None:
    page.goto(f"{base}/login")  # type: ignore[attr-defined]
    page.fill("input[name=name]", user)  # type: ignore[attr-defined]
    page.fill("input[name=password]", PASSWORDS[user])  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]


def shot(page: object, name: str) -> Path:
    """A screenshot, after checking that Chinese is drawn with real glyphs in the page's font."""
    ok = page.evaluate("""() => {
        const c = document.createElement('canvas'); c.width = 64; c.height = 64; const g = c.getContext('2d');
        const font = getComputedStyle(document.body).fontFamily;
        const ink = ch => { g.clearRect(0, 0, 64, 64); g.font = '40px ' + font; g.fillText(ch, 4, 48);
                            return Array.from(g.getImageData(0, 0, 64, 64).data).join(','); };
        return ink('评') !== ink('\\u{10FFFD}') && ink('评') !== ink('分') && ink('评') !== ink('');
    }""")  # type: ignore[attr-defined]
    assert ok, f"{name}: Chinese renders as missing-glyph boxes"
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))  # type: ignore[attr-defined]  (the viewport: what the person sees)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 5_000
    return path


def total(page: object) -> Decimal:
    text = page.inner_text("#total")  # type: ignore[attr-defined]
    return Decimal(re.match(r"\s*([\d.]+)", text).group(1))  # type: ignore[union-attr]


def daily_gap(page: object) -> Decimal:
    """Points still open on 日常招聘指标完成 in the gaps list."""
    item = page.locator("#gaps li", has_text="日常招聘指标完成").first  # type: ignore[attr-defined]
    return Decimal(item.locator(".gain").inner_text().lstrip("+"))


def test_operator_logs_a_fair_with_a_photo_on_a_phone_and_the_score_moves(server: tuple[str, Path], browser: object,
                                                                          tmp_path: Path) -> None:  # fmt: skip
    base, db = server
    page = phone(browser)
    login(page, base, "op")
    page.goto(f"{base}/s/{PX}/dashboard?period=2026")  # type: ignore[attr-defined]
    before, gap_before = total(page), daily_gap(page)
    assert gap_before == Decimal("4")  # 8 fairs short x 0.5 (二、1)
    shot(page, "operator-dashboard-before")

    page.goto(f"{base}/s/{PX}/log")  # type: ignore[attr-defined]
    page.select_option("select[name=type]", label="举办招聘会")  # type: ignore[attr-defined]
    page.wait_for_selector("input[name=companies]")  # type: ignore[attr-defined]  (htmx swapped the form in)
    page.fill("input[name=title]", "周四专场招聘会")  # type: ignore[attr-defined]
    page.select_option("select[name=format]", label="线下")  # type: ignore[attr-defined]
    page.select_option("select[name=kind]", label="日常专场招聘会")  # type: ignore[attr-defined]
    page.fill("input[name=companies]", "42")  # type: ignore[attr-defined]
    page.fill("input[name=jobs]", "980")  # type: ignore[attr-defined]
    page.fill("input[name=visitors]", "260")  # type: ignore[attr-defined]
    photo = tmp_path / "现场照片.png"
    photo.write_bytes(png())
    page.set_input_files("input[name=_files]", str(photo))  # type: ignore[attr-defined]
    page.select_option("select[name=_requirement]", index=1)  # type: ignore[attr-defined]
    shot(page, "operator-log-form-390")
    page.click("form.logform button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector(".flash")  # type: ignore[attr-defined]
    assert "已记录" in page.inner_text(".flash")  # type: ignore[attr-defined]
    assert "周四专场招聘会" in page.inner_text("#today")  # type: ignore[attr-defined]
    shot(page, "operator-log-saved-390")

    page.goto(f"{base}/s/{PX}/dashboard?period=2026")  # type: ignore[attr-defined]
    assert total(page) == before + Decimal("0.5")
    assert daily_gap(page) == Decimal("3.5")
    shot(page, "operator-dashboard-after")
    ledger = Ledger(db)
    fairs = list(ledger.events(site=PX, types=["job_fair_held"]))
    files = list(ledger.events(site=PX, types=["evidence_attached"]))
    assert fairs[-1].actor == "op" and len(files) == 1 and files[0].payload["file_name"] == "现场照片.png"


def test_assessor_judges_closes_and_signs(server: tuple[str, Path], browser: object) -> None:
    base, db = server
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")  # type: ignore[attr-defined]
    login(page, base, "li")
    page.goto(f"{base}/s/{PX}/assess?period=2026")  # type: ignore[attr-defined]
    form = page.locator("form.judge").first  # type: ignore[attr-defined]
    form.locator("select[name=met]").select_option("true")
    form.locator("input[name=reason]").fill("现场核查14项基础服务均已提供")
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".flash")  # type: ignore[attr-defined]
    assert "已保存判定" in page.inner_text(".flash")  # type: ignore[attr-defined]

    close = page.locator("#close form")  # type: ignore[attr-defined]
    close.locator("input[name=early]").check()
    close.locator("button[type=submit]").click()
    page.wait_for_selector(".flash")  # type: ignore[attr-defined]
    assert "已关闭考核期" in page.inner_text(".flash")  # type: ignore[attr-defined]

    # li's key is held by the server (encrypted with her password) and was delegated by the buyer: the judgement
    # and the close above were signed with it (unlocked at login); the sign-off asks for the password again.
    sign = page.locator("#signoff form")  # type: ignore[attr-defined]
    sign.locator("input[name=password]").fill(PASSWORDS["li"])
    sign.locator("button[type=submit]").click()
    page.wait_for_selector(".flash")  # type: ignore[attr-defined]
    assert "已签署" in page.inner_text(".flash")  # type: ignore[attr-defined]
    shot(page, "assessor-signed")

    from schemes import audit

    ledger = Ledger(db)
    results = audit.audit(ledger, PX, "2026")
    assert len(results) == 1 and results[0].ok and results[0].event.actor == "li"
    acts = {e.type: e.actor for e in ledger.events(site=PX, types=["assessor_judgement", "period_closed"])}
    assert acts == {"assessor_judgement": "li", "period_closed": "li"}


def test_operators_direct_post_to_an_assessor_route_is_refused(
    server: tuple[str, Path], browser: object
) -> None:
    base, db = server
    page = phone(browser)
    login(page, base, "op")
    page.goto(f"{base}/s/{PX}/log")  # type: ignore[attr-defined]
    csrf = page.input_value("input[name=csrf] >> nth=0")  # type: ignore[attr-defined]
    before = Ledger(db).head()[0]
    response = page.request.post(f"{base}/s/{PX}/assess/close",  # type: ignore[attr-defined]
                                 form={"csrf": csrf, "period": "2026", "early": "1"})  # fmt: skip
    assert response.status == 403
    assert Ledger(db).head()[0] == before
    page.goto(f"{base}/s/{PX}/assess")  # type: ignore[attr-defined]
    assert "您没有访问此页面的权限" in page.inner_text("main")  # type: ignore[attr-defined]
    shot(page, "operator-refused-390")
