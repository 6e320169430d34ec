"""Printed scorecards: `score --format xlsx` as LibreOffice prints it, and `score --format pdf`.

Both are read back the way a person would meet them on paper: converted or rendered to PDF and checked with
poppler (pdfinfo for the page size and count, pdftotext for the words and where they sit, pdftoppm for a
PNG). The ledger is the demo's year (`opsledger demo --seed 1`): realistic volume, Pingxiang's 依据事件
running to hundreds of events. What is checked is the seeds' own item texts (title, 考核内容, 评分标准,
佐证材料 from each scheme file) on the page, that no two words are drawn over each other (a row too short
for its wrapped text spills onto the next), a readable type size, A4 landscape, and a sane page count.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli as conftest_run_cli
from openpyxl import load_workbook

from projections.numbers import fmt, round_half_up
from schemes.model import get_scheme

SOFFICE = shutil.which("soffice")
POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo") and shutil.which("pdftoppm")
pytestmark = pytest.mark.skipif(
    not POPPLER, reason="poppler-utils (pdftotext, pdfinfo, pdftoppm) not installed"
)
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")

run_cli = partial(conftest_run_cli, timeout=600)
A4_LANDSCAPE = (841.9, 595.3)  # points
CASES = [  # (site, period, scheme): each seed's table at its largest
    ("pingxiang-hr-market", "2026", "pingxiang-market"),
    ("chifeng-hr-park", "2026-Q3", "chifeng-park"),
    ("dongsheng-talent-center", "2026", "dongsheng-talent"),
    ("shaxian-gig-market", "2026", "shaxian-gig"),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("print")
    db = work / "demo.db"
    result = run_cli("--db", db, "demo", "--seed", "1", cwd=work)
    assert result.code == 0, result.err
    return db


def score(db: Path, *args: Any) -> Any:
    result = run_cli("--db", db, "score", *args, cwd=db.parent)
    assert result.code == 0, result.err
    return result.out


def soffice_pdf(xlsx: Path) -> Path:
    """LibreOffice's print of the workbook (every sheet), with a private profile so runs never collide."""
    profile = xlsx.parent / f"lo-profile-{xlsx.stem}"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(xlsx.parent), str(xlsx)], capture_output=True, timeout=300, check=True)  # fmt: skip
    pdf = xlsx.with_suffix(".pdf")
    assert pdf.exists()
    return pdf


def pdf_pages(pdf: Path) -> tuple[int, tuple[float, float]]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    w, h = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups()  # type: ignore[union-attr]
    return pages, (float(w), float(h))


def page_texts(pdf: Path) -> list[str]:
    """Each page's text in drawing order (a cell's lines stay together), all whitespace removed."""
    raw = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [re.sub(r"\s+", "", page) for page in raw.split("\f")]


def words(pdf: Path) -> list[tuple[int, float, float, float, float, str]]:
    """(page, xMin, yMin, xMax, yMax, text) for every word poppler finds."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    page, found = 0, []
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line
        )
        if m:
            found.append((page, *map(float, m.groups()[:4]), m.group(5)))
    return found


def overlapping(found: list[tuple[int, float, float, float, float, str]]) -> list[tuple[int, str, str]]:
    """Pairs of words drawn over each other (more than 1 pt across and 2 pt down): text spilling out of a
    row too short for it lands on the next row's words."""
    out = []
    pages: dict[int, list[Any]] = {}
    for w in found:
        pages.setdefault(w[0], []).append(w)
    for page, ws in pages.items():
        ws.sort(key=lambda w: w[2])
        for i, a in enumerate(ws):
            for b in ws[i + 1 :]:
                if b[2] >= a[4] - 2:
                    break
                if min(a[3], b[3]) - max(a[1], b[1]) > 1 and min(a[4], b[4]) - max(a[2], b[2]) > 2:
                    out.append((page, a[5], b[5]))
    return out


def item_texts(scheme_id: str, card: dict[str, Any]) -> dict[str, list[str]]:
    """Per item of the scorecard: the seed's texts the table prints (title, 考核内容, 评分标准, 佐证材料)."""
    scheme = get_scheme(scheme_id)
    out = {}
    for entry in card["items"]:
        item = scheme.item(entry["id"])
        out[item.id] = [t for t in (item.title, item.content, item.criterion, *item.evidence) if t]
    return out


def missing_texts(text: str, texts: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(i, t[:20]) for i, ts in texts.items() for t in ts if re.sub(r"\s+", "", t) not in text]


def test_overlap_check_can_fail(demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The overlap check finds text drawn over text when row heights are too small (half a line per line)."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) not installed")
    from ledger.ledger import Ledger
    from schemes import service
    from schemes.reports import xlsx, xlsx_layout

    monkeypatch.setattr(xlsx_layout, "LINE_PT", 6.0)
    ledger = Ledger(demo)
    card = service.score_site(ledger, "shaxian-gig-market", "2026")
    ledger.close()
    bad = tmp_path / "short-rows.xlsx"
    bad.write_bytes(xlsx.workbook_bytes(xlsx.scorecard_workbook(card, get_scheme(card.scheme))))
    assert len(overlapping(words(soffice_pdf(bad)))) > 20


@needs_soffice
@pytest.mark.parametrize(("site", "period", "scheme_id"), CASES)
def test_xlsx_prints_readably_in_libreoffice(demo: Path, tmp_path: Path, site: str, period: str,
                                             scheme_id: str) -> None:  # fmt: skip
    card = json.loads(score(demo, "--site", site, "--period", period, "--format", "json"))
    xlsx = tmp_path / f"{site}.xlsx"
    score(demo, "--site", site, "--period", period, "--format", "xlsx", "--out", xlsx)
    pdf = soffice_pdf(xlsx)
    pages, size = pdf_pages(pdf)
    assert size == pytest.approx(A4_LANDSCAPE, abs=1)
    found = words(pdf)
    texts = page_texts(pdf)
    # The 依据事件 sheet prints after the 评分表, from a page of its own.
    table_pages = next(n for n, t in enumerate(texts) if "依据事件（全部序号）" in t)
    assert 1 <= table_pages <= len(card["items"]) // 2 + 2, (table_pages, len(card["items"]))
    text = "".join(texts[:table_pages])
    for header in (
        "类别",
        "考核内容",
        "具体指标",
        "佐证材料",
        "评分标准",
        "基准分",
        "评分",
        "说明",
        "依据事件",
    ):
        assert header in text
    assert not missing_texts(text, item_texts(scheme_id, card))
    assert "总分" in text and "核验verification" in text and "评估人（签字）" in text
    # Readable: the body is 10 pt type at 100 % (fit-to-width shrank it to a strip a few points high).
    heights = sorted(
        w[4] - w[2] for w in found if w[0] <= table_pages and re.search(r"[\u4e00-\u9fff]", w[5])
    )
    assert heights[len(heights) // 2] >= 11
    assert overlapping([w for w in found if w[0] <= table_pages]) == []


def test_events_condensed_in_the_table_in_full_on_their_sheet(demo: Path, tmp_path: Path) -> None:
    """Pingxiang's busiest item: runs and a count in the cell, every sequence number on the 依据事件 sheet."""
    card = json.loads(score(demo, "--site", "pingxiang-hr-market", "--period", "2026", "--format", "json"))
    xlsx = tmp_path / "px.xlsx"
    score(demo, "--site", "pingxiang-hr-market", "--period", "2026", "--format", "xlsx", "--out", xlsx)
    wb = load_workbook(xlsx)
    busiest = max(card["items"], key=lambda i: len(i["events"]))
    assert len(busiest["events"]) > 300
    table = wb["评分表"]
    row = next(r for r in table.iter_rows(min_row=4) if r[2].value == busiest["title"])
    cell = row[8].value
    assert len(cell) < 80 and cell.endswith(f"（共 {len(busiest['events'])} 个，见全表）"), cell
    listed: list[int] = []
    for r in wb["依据事件"].iter_rows(min_row=3, values_only=True):
        if r[0] in (busiest["id"], f"{busiest['id']}（续）"):
            for run in str(r[3]).rstrip(",").split(", "):
                a, _, b = run.partition("-")
                listed.extend(range(int(a), int(b or a) + 1))
    assert listed == sorted(busiest["events"])


@pytest.mark.parametrize(("site", "period", "scheme_id"), CASES[:2])
def test_pdf_scorecard_is_a4_with_the_table_total_and_verification(demo: Path, tmp_path: Path, site: str,
                                                                   period: str, scheme_id: str) -> None:  # fmt: skip
    card = json.loads(score(demo, "--site", site, "--period", period, "--format", "json"))
    pdf = tmp_path / f"{site}.pdf"
    out = score(demo, "--site", site, "--period", period, "--format", "pdf", "--out", pdf)
    assert out.strip() == f"wrote scorecard {site} {period} to {pdf}"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    pages, size = pdf_pages(pdf)
    assert size == pytest.approx(A4_LANDSCAPE, abs=1)
    assert 1 <= pages <= len(card["items"]) // 3 + 2, pages
    text = "".join(page_texts(pdf))
    assert not missing_texts(text, item_texts(scheme_id, card))
    assert f"总分{fmt(Decimal(card['total']))}" in text
    assert f"第1页，共{pages}页" in text and f"第{pages}页，共{pages}页" in text
    # The verification line: the site's chain head as `opsledger verify` prints it, the scheme file's hash
    # as `opsledger scheme show` prints it.
    verify = run_cli("--db", demo, "verify", cwd=demo.parent).out
    head = re.search(rf"{site}: #(\d+) ([0-9a-f]{{64}})", verify)
    assert head and f"账本链头chainhead#{head[1]}{head[2]}" in text
    sha = re.search(r"sha256 ([0-9a-f]{64})", run_cli("scheme", "show", scheme_id, cwd=demo.parent).out)
    assert sha and f"sha256{sha[1]}" in text
    assert "评估人（签字）" in text and "（盖章）" in text
    assert overlapping(words(pdf)) == []
    png = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(png)], check=True)
    shot = next(tmp_path.glob("page*.png"))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 30_000


def test_cohort_pdf_ranks_with_totals_to_two_places(demo: Path, tmp_path: Path) -> None:
    """Wujiang declares display_places = 2: 110.8168 prints as 110.82; the JSON keeps every place."""
    cards = json.loads(score(demo, "--scheme", "wujiang-alliance", "--period", "2026", "--format", "json"))
    pdf = tmp_path / "wujiang.pdf"
    score(demo, "--scheme", "wujiang-alliance", "--period", "2026", "--format", "pdf", "--out", pdf)
    ranking = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                             text=True, check=True).stdout  # fmt: skip
    long = [c for c in cards if len(c["total"].partition(".")[2]) > 2]
    assert long, "the demo cohort has a total with more than two places"
    for c in cards:
        shown = fmt(round_half_up(Decimal(c["total"]), 2))
        assert re.search(
            rf"\b{c['rank']}\s+{c['site']}\s+\S+\s+{re.escape(shown)}\s+{c['grade']}\b", ranking
        ), c
    for c in long:
        assert c["total"] not in ranking
    pages, _ = pdf_pages(pdf)
    text = "".join(page_texts(pdf))
    assert text.count("评估人（签字）") == len(cards)  # one stamped scorecard per unit
    assert pages >= len(cards) + 1


@needs_soffice
def test_cohort_workbook_ranks_then_one_stamped_sheet_per_unit(demo: Path, tmp_path: Path) -> None:
    """Wujiang: the 排名 sheet (totals kept exact in the cells, shown to the scheme's 2 places), then each
    unit's 评分表 in rank order with its own site's verification line and a 总分 formula."""
    cards = json.loads(score(demo, "--scheme", "wujiang-alliance", "--period", "2026", "--format", "json"))
    xlsx = tmp_path / "wujiang.xlsx"
    score(demo, "--scheme", "wujiang-alliance", "--period", "2026", "--format", "xlsx", "--out", xlsx)
    wb = load_workbook(xlsx)
    # ... then the scheme's interpretations (解读), once: the units share its items.
    assert wb.sheetnames == ["排名", *(f"{c['rank']} {c['site']}" for c in cards), "解读"]
    ranking = wb["排名"]
    rows = list(ranking.iter_rows(min_row=4, values_only=True))
    assert [(r[0], r[1], Decimal(str(r[3]))) for r in rows] == [
        (c["rank"], c["site"], Decimal(c["total"])) for c in cards
    ]
    assert ranking.cell(row=4, column=4).number_format == "0.00"
    for c in cards:
        sheet = wb[f"{c['rank']} {c['site']}"]
        texts = [v for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)]
        assert any(t.startswith(f"核验 verification：站点 {c['site']} 账本链头") for t in texts), c["site"]
        assert any(t.startswith("=MAX(SUM(") for t in texts)  # 总分, floored at 0: '分数减完为止'
    first = page_texts(soffice_pdf(xlsx))[0]
    for c in cards:
        assert f"{c['rank']}{c['site']}" in first and fmt(round_half_up(Decimal(c["total"]), 2)) in first


def test_pdf_needs_out(cli: Any, demo: Path) -> None:
    result = cli("--db", demo, "score", "--site", "shaxian-gig-market", "--period", "2026", "--format", "pdf")
    assert (
        result.code == 1 and result.err == "error: --format pdf needs --out FILE (e.g. --out scorecard.pdf)\n"
    )


def test_stamp_as_of_names_the_head_recorded_by_then(tmp_path: Path) -> None:
    """Scored --as-of an instant, the verification line carries the site's chain head as it stood then:
    the last event recorded by that instant, not a later one."""
    from freezegun import freeze_time

    from ledger.envelope import Draft
    from ledger.ledger import Ledger
    from schemes.reports.stamp import stamp_for

    ledger = Ledger(tmp_path / "l.db", create=True)
    drafts = [("site_registered", {"name": "沙县区零工市场", "kind": "gig_market"}),
              ("livestream_run", {"title": "直播带岗", "viewers": 300}),
              ("livestream_run", {"title": "直播带岗", "viewers": 420})]  # fmt: skip
    events = []
    for n, (kind, payload) in enumerate(drafts):
        with freeze_time(f"2026-0{n + 1}-10T10:00:00+08:00"):
            events.append(
                ledger.append(
                    Draft(type=kind, site="sx", occurred_at="2026-01-01", actor="op", payload=payload)
                )
            )
    scheme = get_scheme("shaxian-gig")
    then = stamp_for(ledger, "sx", scheme, "2026-02-20")  # after the first livestream, before the second
    now = stamp_for(ledger, "sx", scheme)
    ledger.close()
    assert (then.site_seq, then.head_hash) == (2, events[1].hash)
    assert (now.site_seq, now.head_hash) == (3, events[2].hash)
    assert "计分时点 as of 2026-02-20" in then.line() and then.scheme_sha256 == scheme.sha256
