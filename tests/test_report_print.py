"""`opsledger report` printed and on a phone, in Debian's headless Chromium.

Printed (chromium --print-to-pdf): A4 landscape, the scorecard's header row on every page the table runs
over, rows that break across pages rather than leaving the rest of a page blank, no page (but the last)
mostly empty. At 390 px (a phone, Playwright driving the same Chromium): one card per item with its title
and points, no sideways scrolling of the page; at 1280 px the table as before. The ledger is the demo's
year (`opsledger demo --seed 1`); what is looked for is the scheme's own item titles. PNGs are written for
a person to look at (the test checks they are real images).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli as conftest_run_cli

from schemes.model import get_scheme

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or shutil.which("pdftotext") is None,
    reason="Debian's chromium and poppler-utils are needed",
)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]  # fmt: skip
LAUNCH = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
          "--no-first-run"]  # fmt: skip
run_cli = partial(conftest_run_cli, timeout=600)
SITE, PERIOD, SCHEME = "pingxiang-hr-market", "2026", "pingxiang-market"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("report-print")
    db = work / "demo.db"
    assert run_cli("--db", db, "demo", "--seed", "1", cwd=work).code == 0
    out = work / "report.html"
    made = run_cli("--db", db, "report", "--site", SITE, "--period", PERIOD, "--out", out, "--today", "2026-12-31",
                   cwd=work)  # fmt: skip
    assert made.code == 0, made.err
    return out


def titles() -> list[str]:
    return [i.title for i in get_scheme(SCHEME).items]


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [re.sub(r"\s+", "", p) for p in text.split("\f")][:-1]


def fill(pdf: Path) -> list[float]:
    """How far down each page its lowest word reaches, as a share of the page's height."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    shares = []
    for p in out.split("<page ")[1:]:
        height = float(re.search(r'height="([\d.]+)"', p).group(1))  # type: ignore[union-attr]
        shares.append(max((float(y) for y in re.findall(r'yMax="([\d.]+)"', p)), default=0.0) / height)
    return shares


def test_report_prints_on_a4_with_the_table_header_on_every_page(page: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    subprocess.run([CHROMIUM, *FLAGS, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
                   capture_output=True, timeout=300, check=True)  # fmt: skip
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    w, h = (float(x) for x in re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())  # type: ignore[union-attr]
    assert (w, h) == pytest.approx((841.9, 595.3), abs=2)  # A4 landscape, not US Letter
    pages = pdf_pages(pdf)
    assert len(pages) <= 18, len(pages)  # it was 30 US-Letter pages
    text = "".join(pages)
    assert all(re.sub(r"\s+", "", t) in text for t in titles())
    # The scorecard runs from page 1 to the page with its 小计 rows; each of those pages repeats the header.
    last = max(n for n, p in enumerate(pages) if "小计" in p)
    assert last >= 2
    for p in pages[: last + 1]:
        assert "类别考核内容具体指标佐证材料评分标准基准分评分说明依据事件" in p
    # No large blank areas: rows break across pages; only unbreakable charts leave a gap (under a third).
    shares = fill(pdf)
    assert all(s > 0.62 for s in shares[:-1]), [round(s, 2) for s in shares]
    png = tmp_path / "print"
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "2", str(pdf), str(png)], check=True)
    assert len(list(tmp_path.glob("print*.png"))) == 2


PROBE = """() => {
  const vis = e => e.offsetParent !== null && e.getBoundingClientRect().height > 0;
  return {
    width: window.innerWidth, scroll: document.scrollingElement.scrollWidth,
    table: vis(document.querySelector('table.scorecard')),
    cards: [...document.querySelectorAll('.item-card')].filter(vis).map(c => { const r = c.getBoundingClientRect();
      return {title: c.querySelector('h4').innerText, points: c.querySelector('.points').innerText,
              left: r.left, right: r.right, size: parseFloat(getComputedStyle(c.querySelector('.field')).fontSize)}; }),
  };
}"""


def measure(page: Path, width: int, shot: Path | None = None) -> dict[str, Any]:
    """The page in Chromium (Playwright) at `width` px: what the probe sees, and a full-page PNG if asked."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH)
        view = browser.new_page(viewport={"width": width, "height": 900})
        view.goto(page.as_uri())
        seen = view.evaluate(PROBE)
        if shot is not None:
            view.screenshot(path=str(shot), full_page=True)
        browser.close()
    return seen  # type: ignore[no-any-return]


def test_phone_width_shows_one_card_per_item(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "phone.png"
    seen = measure(page, 390, shot)
    assert seen["width"] == 390
    assert seen["scroll"] <= 390  # the page never scrolls sideways (a chart scrolls inside its frame)
    assert not seen["table"]
    assert [c["title"] for c in seen["cards"]] == titles()
    for card in seen["cards"]:
        assert 0 <= card["left"] and card["right"] <= 390 and card["right"] - card["left"] > 300, card
        assert re.fullmatch(r"-?[\d.]+( / [\d.]+)?", card["points"].strip()), card
        assert card["size"] >= 14
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_wide_screen_keeps_the_table(page: Path) -> None:
    seen = measure(page, 1280)
    assert seen["table"] and seen["cards"] == []
