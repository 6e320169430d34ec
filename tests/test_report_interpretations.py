"""The scheme's interpretations (解读) on the scorecard files: the HTML report, the PDF and the xlsx.

Each rule may carry `interpretation_zh` / `interpretation` (how the scheme reads an ambiguous clause of the
document, which the score follows); `scheme show` and `score --format json` print them, and so do the files a
buyer reads and files: in the report's language, Chinese unless English is asked for. An item without one
gets no note. The ledger: a Shaxian gig market with a contract for 2026 and nothing else (every item is on the
table, scored as the rules score no data).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import keyring_for, signed_drafts

from ledger.envelope import Draft
from ledger.ledger import Ledger
from ledger.messages import use_lang
from schemes.model import get_scheme

SITE, PERIOD, SCHEME = "sx", "2026", "shaxian-gig"
SHORT = "info.deals"  # a one-line interpretation: easy to find whole in a PDF's text
NONE = "bonus.job_info"  # an item the scheme file gives no interpretation


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("interp") / "l.db"
    ledger = Ledger(path, create=True)
    drafts = [
        Draft(type="site_registered", site=SITE, occurred_at="2026-01-01", actor="op",
              payload={"name": "沙县区零工市场", "kind": "gig_market"}),
        Draft(type="contract_signed", site=SITE, occurred_at="2026-01-01", actor="op",
              payload={"scheme": SCHEME, "start": "2026-01-01", "fee_yuan": "1000000"}),
    ]  # fmt: skip
    ledger.append_many(enumerate(signed_drafts(drafts), start=1), keys=keyring_for())
    ledger.close()
    return path


@pytest.fixture(scope="module")
def card(db: Path) -> Any:
    from schemes import service

    ledger = Ledger(db)
    try:
        return service.score_site(ledger, SITE, PERIOD)
    finally:
        ledger.close()


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def interpretations() -> list[tuple[str, str, str]]:
    """(item id, Chinese, English) of every item of the scheme with an interpretation, in the file's order."""
    return [
        (i.id, i.interpretation_zh, i.interpretation) for i in get_scheme(SCHEME).items if i.interpretation
    ]


def test_the_scheme_has_items_with_and_without_an_interpretation() -> None:
    scheme = get_scheme(SCHEME)
    assert scheme.item(SHORT).interpretation_zh and not scheme.item(NONE).interpretation
    assert len(interpretations()) >= 15


def report_html(db: Path, lang: str) -> str:
    from datetime import date

    from schemes.reports import html_page, page

    ledger = Ledger(db)
    try:
        with use_lang(lang):
            return html_page.render(page.build(ledger, SITE, PERIOD, today=date(2026, 12, 31)))
    finally:
        ledger.close()


def section(html: str) -> str:
    found = re.search(r'<section id="interpretations">(.*?)</section>', html, re.S)
    assert found, "no interpretations section"
    return found[1]


def test_the_html_report_notes_each_items_interpretation_in_chinese(db: Path) -> None:
    html = report_html(db, "zh")
    notes = section(html)
    assert "附注　解读：考核方案对文件条款的理解" in notes
    listed = re.findall(r'<li id="interp-([\w.]+)">', notes)
    assert listed == [item for item, _, _ in interpretations()]  # numbered in the table's order, none missing
    for n, (item, zh, en) in enumerate(interpretations(), start=1):
        entry = notes.split(f'<li id="interp-{item}">', 1)[1].split("</li>", 1)[0]
        assert zh.replace('"', "&quot;") in entry and en.replace('"', "&quot;") not in entry, item
        # The row links to its note; the phone's card carries the text in full.
        assert f'href="#interp-{item}">解读见附注 {n}</a>' in html, item
        card = html.split(f'id="card-{item}"', 1)[1].split("</article>", 1)[0]
        assert zh.replace('"', "&quot;") in card, item
    assert f'interp-{NONE}"' not in html


def test_the_html_report_in_english_shows_the_english_interpretation(db: Path) -> None:
    notes = section(report_html(db, "en"))
    assert notes.startswith("<h2>Notes: interpretations")
    item, zh, en = next(i for i in interpretations() if i[0] == SHORT)
    assert en in notes and zh not in notes


def test_the_pdf_carries_each_items_interpretation(card: Any, tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) not installed")
    from schemes.reports.pdf import scorecards_pdf

    pdf = tmp_path / "sx.pdf"
    with use_lang("zh"):
        pdf.write_bytes(scorecards_pdf([card], get_scheme(SCHEME), {SITE: "沙县区零工市场"}))
    text = flat(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                               check=True).stdout)  # fmt: skip
    assert "附注解读：考核方案对文件条款的理解（评分依此进行）" in text
    n = [item for item, _, _ in interpretations()].index(SHORT) + 1
    assert f"解读见附注{n}" in text
    for item, zh, _ in interpretations():
        assert flat(zh) in text, item
    # After the signature lines: the notes are an annex to the signed table.
    assert text.index("评估人（签字）") < text.index("附注解读")


def test_the_xlsx_lists_the_interpretations_on_a_sheet_of_their_own(card: Any) -> None:
    from schemes.reports.xlsx import scorecard_workbook

    for lang, column in (("zh", 1), ("en", 2)):
        with use_lang(lang):
            wb = scorecard_workbook(card, get_scheme(SCHEME)).wb
        assert wb.sheetnames == ["评分表", "依据事件", "解读"]
        rows = list(wb["解读"].iter_rows(min_row=3, values_only=True))
        titles = {i.id: i.title for i in get_scheme(SCHEME).items}
        assert rows == [(item, titles[item], texts[column - 1]) for item, *texts in interpretations()], lang
