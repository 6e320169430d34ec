"""`opsledger report`: one self-contained HTML page, checked as text and rendered in headless Chromium.

The ledger: a Shaxian gig market (seed 003_239ac606f421815b.txt) for 2026 built with the library, with one
evidence file attached. Targets are worked out by hand from the 评分表 clauses quoted beside each check.
The browser test uses Debian's `chromium` (.ci/run installs it with fonts-noto-cjk) through a subprocess:
`--dump-dom` after an injected script has measured every chart, and `--screenshot` for a PNG.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from functools import partial
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import keyring_for, signed_drafts
from conftest import run_cli as conftest_run_cli

SITE = "sx"
OP = "op-chen"
ASSESSOR = "assessor-lin"
ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


# `python -m cli ARGS` in a subprocess, as an operator's shell runs it: .code, .out, .err.
run_cli = partial(conftest_run_cli, timeout=600)


# The fixture's 2026 total, by hand from the 评分表: 场地内无打架斗殴… 全年0案件得5分 (5) + 严禁变相收取职业介绍费用,
# none (3) + 个人信息收集 1200条, "2000条以下得3分" (3) + 信息真实性, 全年无虚假信息得5分 (5) + 直播, 11 held and August
# empty, "每少一场扣1分" once (11) + 纠纷 17件, "15-20件纠纷得4分" (4) = 31; every judged item without a judgement
# scores 0 and 消毒消防 is judged not met (0). Below 70: 较差.
TOTAL = "31"


def _draft(type_: str, on: str, actor: str = OP, site: str = SITE, **payload: Any) -> Any:
    from ledger.envelope import Draft

    return Draft(type=type_, site=site, occurred_at=on, actor=actor, payload=payload)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Shaxian 2026: 1200 registrations (Jan..Jun), livestreams in every month but August, 17 disputes."""
    from ledger import evidence
    from ledger.ledger import Ledger

    path = tmp_path_factory.mktemp("report") / "report.db"
    ledger = Ledger(path, create=True)
    drafts = [
        _draft("site_registered", "2026-01-01", name="沙县区零工市场", kind="gig_market"),
        _draft("contract_signed", "2026-01-01", scheme="shaxian-gig", start="2026-01-01", fee_yuan="1000000"),
    ]
    drafts.append(
        drafts[0].replace(type="actor_role_granted", payload={"actor": ASSESSOR, "role": "assessor"})
    )
    for i in range(1200):  # 200 a month, January to June
        drafts.append(
            _draft("gig_worker_registered", f"2026-{1 + i // 200:02d}-{1 + i % 28:02d}", worker=f"w{i:04d}")
        )
    for month in (1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12):
        drafts.append(_draft("livestream_run", f"2026-{month:02d}-10", title="直播带岗", viewers=300))
    for i in range(17):
        drafts.append(_draft("dispute_filed", f"2026-{1 + i % 12:02d}-20", case=f"JF-{i:03d}"))
    drafts.append(_draft("assessor_judgement", "2026-12-20", actor=ASSESSOR, scheme="shaxian-gig",
                         item="site.fire_safety", met=False, shortfalls=1, reason="灭火器过期"))  # fmt: skip
    ledger.append_many(enumerate(signed_drafts(drafts), start=1), keys=keyring_for())
    photo = path.parent / "直播截图-3月.png"
    photo.write_bytes(b"\x89PNG screenshot of the March livestream")
    march = next(
        e for e in ledger.events(site=SITE, types=["livestream_run"]) if e.occurred_on == "2026-03-10"
    )
    evidence.attach(ledger, march.seq, photo, OP, "直播截图")
    ledger.close()
    return path


@pytest.fixture(scope="module")
def page(db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("page") / "report.html"
    result = run_cli("--db", db, "report", "--site", SITE, "--period", "2026", "--out", out, "--today", "2026-11-22",
                     cwd=db.parent)  # fmt: skip
    assert result.code == 0, result.err
    assert result.out.startswith(f"wrote {out}: sx 2026 total ")
    return out


class Dom(HTMLParser):
    """Just enough of the page: text, elements by id, svg charts and their marks, table cells with rowspans."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(path: Path) -> Dom:
    dom = Dom()
    dom.feed(path.read_text(encoding="utf-8"))
    return dom


def test_page_is_self_contained(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in text
    for fetch in ("<script", "<link", " src=", "url(", "@import", "<img", "<iframe"):
        assert fetch not in text, fetch
    # The only http(s) text is the SVG namespace name, which is never fetched.
    assert set(re.findall(r"https?://[^\"' <]+", text)) == {"http://www.w3.org/2000/svg"}
    assert "font-family: 'Noto Sans CJK SC'" in text and "sans-serif" in text


def test_page_content(page: Path) -> None:
    dom = parse(page)
    text = "".join(dom.text)
    assert "沙县区零工市场运营绩效考核评分表" in text and "沙县区零工市场（sx）" in text and "2026" in text
    assert re.search(rf"总分 total\s*{TOTAL}\s*/\s*100", text) and "较差" in text
    for title in ("个人信息收集情况", "日常直播开展情况", "纠纷处理", "消毒设施、消防安全"):
        assert title in text
    assert {"scorecard", "indicators", "cadence", "gaps", "evidence"} <= dom.ids
    # The scorecard's 场地运营管理 cell spans its nine rows, as the document merges it.
    assert ("td", {"class": "cat", "rowspan": "9"}) in dom.tags
    # Key indicators: a chart each for the counts items read with a target.
    charts = {i.removeprefix("chart-") for i in dom.ids if i.startswith("chart-")}
    assert {"workers_registered", "livestreams", "disputes", "livestream_empty_months"} <= charts
    # "个人信息收集情况（…2000条以下得3分，2000-2500条得4分，2500条以上得5分）": 1200 records earn 3; the next
    # band is 2000-2500 (4 points) -> target 2000, pro-rated 2000/12 a month.
    assert "本期 1200条 · 目标 2000条 · 下一档 2000-2500条：4 分（info.workers）" in text
    # "全年15件以下纠纷得5分，15-20件纠纷得4分": 17 disputes hold the 15-20 band -> keep within 20.
    assert "本期 17件 · 目标 20件 · 保持 15-20件：4 分（disputes）" in text
    # "每月开展各类直播活动1场以上": one month (August) had none.
    assert "每月次数，每月至少 1 · 不足的月：1 个（livestream）" in text
    # The gaps list (schemes/gaps.py) and the evidence checklist (the March screenshot covers 直播截图).
    assert "消毒设施、消防安全" in text and "直播截图-3月.png" in text
    assert "✓ 已附" in text and "✗ 缺" in text


def test_monthly_bars_are_cumulative_and_future_months_empty(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    figure = text[text.index('id="chart-workers_registered"') :]
    figure = figure[: figure.index("</figure>")]
    tips = re.findall(r"<title>(\d+月)：本月 (\d+)条，累计 (\d+)条，累计目标 ([\d.]+)条</title>", figure)
    # 200 a month January to June, none after; target 2000 x k / 12 (equal monthly shares).
    assert [(m, int(a), int(c)) for m, a, c, _ in tips][:7] == [
        ("1月", 200, 200), ("2月", 200, 400), ("3月", 200, 600), ("4月", 200, 800), ("5月", 200, 1000),
        ("6月", 200, 1200), ("7月", 0, 1200)]  # fmt: skip
    # Pro-rated targets of 10 or more read as whole records (四舍五入): 166.67 -> 167, 333.33 -> 333.
    assert [t for *_, t in tips][:3] == ["167", "333", "500"]
    assert len(tips) == 11  # December is after --today 2026-11-22: drawn empty, not counted
    assert "12月：尚未到来" in figure


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_report_renders_in_headless_chromium(page: Path, tmp_path: Path) -> None:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]  # fmt: skip
    probe = tmp_path / "probe.html"
    measure = """
<script>
const out = {text: document.body.innerText, svgs: []};
for (const svg of document.querySelectorAll('svg.chart')) {
  const r = svg.getBoundingClientRect();
  const marks = [...svg.querySelectorAll('.mark')].map(m => { const b = m.getBoundingClientRect(); return [b.width, b.height]; });
  out.svgs.push({id: svg.closest('figure').id, w: r.width, h: r.height, marks: marks});
}
// Tofu check: a CJK character drawn in the page's font stack must differ from an unassigned code point's box.
const c = document.createElement('canvas'); c.width = 64; c.height = 64; const g = c.getContext('2d');
const font = getComputedStyle(document.body).fontFamily;
function ink(ch) { g.clearRect(0, 0, 64, 64); g.font = '40px ' + font; g.fillText(ch, 4, 48); return Array.from(g.getImageData(0, 0, 64, 64).data).join(','); }
out.font = font; out.glyph = ink('评') !== ink('\\u{10FFFD}') && ink('评') !== ink('分');
const pre = document.createElement('pre'); pre.id = 'measure'; pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>"""
    probe.write_text(
        page.read_text(encoding="utf-8").replace("</body>", measure + "</body>"), encoding="utf-8"
    )
    dumped = subprocess.run(
        [CHROMIUM, *flags, "--dump-dom", probe.as_uri()], capture_output=True, timeout=180
    )
    assert dumped.returncode == 0, dumped.stderr.decode(errors="replace")[-2000:]
    dom = dumped.stdout.decode("utf-8")
    found = re.search(r'<pre id="measure">(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    import html

    seen = json.loads(html.unescape(found.group(1)))
    text = seen["text"]
    for words in ("沙县区零工市场运营绩效考核评分表", "沙县区零工市场（sx）", "考核期 period 2026", "个人信息收集情况",
                  "日常直播开展情况", "佐证材料清单"):  # fmt: skip
        assert words in text, words
    total = re.search(r"总分 total\s*([\d.]+)\s*/\s*100", text)
    assert total and total.group(1) == TOTAL, text[:500]
    # Every chart drew: a laid-out svg with marks (bars, target lines) of non-zero size.
    assert len(seen["svgs"]) >= 5
    for svg in seen["svgs"]:
        assert svg["w"] > 100 and svg["h"] > 30, svg["id"]
        drawn = [m for m in svg["marks"] if m[0] > 0 and m[1] > 0]
        assert drawn, f"{svg['id']} drew nothing"
    assert seen["font"].startswith('"Noto Sans CJK SC"') and seen["glyph"], (
        "Chinese renders as missing-glyph boxes"
    )
    png = tmp_path / "report.png"
    shot = subprocess.run([CHROMIUM, *flags, "--window-size=1400,2400", f"--screenshot={png}", page.as_uri()],
                          capture_output=True, timeout=180)  # fmt: skip
    assert (
        shot.returncode == 0 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    )


def test_gaps_fall_back_to_the_engine_without_schemes_gaps(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before schemes/gaps.py existed the page listed ItemScore.gaps; that path still works."""
    import schemes
    from ledger.ledger import Ledger
    from schemes.reports import html_page, page

    monkeypatch.setitem(sys.modules, "schemes.gaps", None)  # `from schemes import gaps` -> ImportError ...
    monkeypatch.delattr(schemes, "gaps", raising=False)  # ... even after another test imported it
    ledger = Ledger(db)
    built = page.build(ledger, SITE, "2026", today=date(2026, 12, 31))
    ledger.close()
    assert built.gaps is None and built.item_gaps
    html_text = html_page.render(built)
    # 消毒设施、消防安全 (3分) judged not met, all-or-nothing: the engine says what it takes.
    assert "消毒设施、消防安全" in html_text and "需整改达标" in html_text


def test_report_mistakes_are_one_line_errors(cli: Any, db: Path, tmp_path: Path) -> None:
    result = cli("--db", db, "report", "--site", "sxx", "--period", "2026", "--out", tmp_path / "r.html")
    assert result.code == 1 and result.err == "error: unknown site 'sxx': did you mean 'sx'?\n"
    result = cli("--db", db, "report", "--site", SITE, "--period", "2026",
                        "--out", tmp_path / "missing" / "r.html")  # fmt: skip
    assert result.code == 1 and result.err.startswith("error: cannot write") and result.err.count("\n") == 1


def test_other_schemes_render(db: Path, tmp_path: Path) -> None:
    """A quarter of Chifeng (services checks, monthly cadence) and a Dongsheng year with no events at all."""
    from ledger.ledger import Ledger
    from schemes.reports import html_page, page

    path = tmp_path / "others.db"
    ledger = Ledger(path, create=True)
    ledger.append_many(enumerate(signed_drafts([
        _draft("site_registered", "2026-01-01", site="cf", name="赤峰人力资源服务产业园", kind="park"),
        _draft("contract_signed", "2026-01-01", site="cf", scheme="chifeng-park", start="2026-01-01", fee_yuan="2000000"),
        _draft("site_registered", "2026-01-01", site="ds", name="东胜区人才服务中心", kind="talent_center"),
        _draft("contract_signed", "2026-01-01", site="ds", scheme="dongsheng-talent", start="2026-01-01", fee_yuan="800000"),
        _draft("activity_held", "2026-03-05", site="ds", kind="policy_briefing", title="人才政策宣讲", participants=80),
    ]), start=1), keys=keyring_for())  # fmt: skip
    cf = page.build(ledger, "cf", "2026-Q1", today=date(2026, 2, 10))
    ds = page.build(ledger, "ds", "2026", today=date(2026, 12, 31))
    ledger.close()
    assert [m for m in cf.charts[0].svg.split("<title>") if "尚未到来" in m]  # March after 10 February
    assert any(c.name == "monthly_report_gaps" for c in cf.cadence)
    briefings = next(c for c in ds.charts if c.name == "briefings")
    # "举办各类人才政策宣讲活动4次以上" (2分, per_unit): the cap is reached at 4 -> target 4.
    assert "本期 1次 · 目标 4次" in briefings.subtitle
    for built in (cf, ds):
        assert "<svg" in html_page.render(built)


# -- targets from rules, by hand -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scheme", "item", "indicator", "value", "expected"),
    [
        # "2000条以下得3分，2000-2500条得4分，2500条以上得5分": at 1200 the next band starts at 2000 ...
        ("shaxian-gig", "info.workers", "workers_registered", "1200", ("2000", False)),
        # ... at 2500 the top band is reached: its minimum.
        ("shaxian-gig", "info.workers", "workers_registered", "2600", ("2500", False)),
        # "1000条以下不得分": exactly 1000 earns 0; the next band is '2000条以下' (min 1000, open) -> 1001.
        ("shaxian-gig", "info.job_posts", "job_posts", "1000", ("1001", False)),
        # "全年0案件得5分，1-5件得4分": 0 cases keep the best band (≤0); 3 cases hold 1-5 -> keep ≤5.
        ("shaxian-gig", "site.incidents", "incidents", "0", ("0", True)),
        ("shaxian-gig", "site.incidents", "incidents", "3", ("5", True)),
        # "每协助企业解决短期用工一次加0.5分，最高不超过2分": 4 reach the cap.
        ("shaxian-gig", "bonus.short_term", "short_term_staffing", "1", ("4", False)),
        # "开展一次以上加2分": a flag at 1.
        ("shaxian-gig", "bonus.interprovincial", "interprovincial", "0", ("1", False)),
        # "全年总计需达到12场。每少一场扣1分": deductions below 12.
        ("shaxian-gig", "livestream", "livestreams", "5", ("12", False)),
    ],
)
def test_targets_from_rules(
    scheme: str, item: str, indicator: str, value: str, expected: tuple[str, bool]
) -> None:
    from schemes.model import get_scheme
    from schemes.reports.targets import targets_for

    spec = get_scheme(scheme).item(item)
    found = targets_for(spec, indicator, Decimal(value))
    assert [(str(t.value), t.ceiling) for t in found] == [expected]


def test_services_and_sum_targets_chifeng() -> None:
    from schemes.model import get_scheme
    from schemes.reports.targets import targets_for

    scheme = get_scheme("chifeng-park")
    # 规范园区管理（共3项服务）: each service's check minimum is a target of its indicator.
    found = targets_for(scheme.item("q1.park_management"), "receptions", Decimal(0))
    assert found and all(not t.ceiling and t.value >= 1 for t in found)
    assert (
        targets_for(scheme.item("penalty.complaints"), "valid_complaints", Decimal(0)) == []
    )  # penalties: none


@pytest.mark.parametrize(
    ("value", "top", "step"),
    [
        ("0", "1", "1"),
        ("2", "2", "1"),
        ("13", "15", "5"),
        ("2160", "3000", "1000"),
        ("16200", "20000", "5000"),
    ],
)
def test_axis_scale(value: str, top: str, step: str) -> None:
    from schemes.reports.svg import nice_scale

    assert nice_scale(Decimal(value)) == (Decimal(top), Decimal(step))
