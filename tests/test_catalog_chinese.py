"""`opsledger catalog` in Chinese: every event type's sentence and every unit come from the message catalogue
(ledger/messages/catalog.py), whose English side must equal the payload model's docstring summary."""

from __future__ import annotations

import inspect
import re

import pytest
from conftest import cli_env, run_cli

from ledger.events import CATALOG
from ledger.messages import CATALOGUE

HAN = re.compile(r"[\u4e00-\u9fff]")


def summary(doc: str | None) -> str:
    """A docstring's first paragraph on one line: what the English catalog prints for the type."""
    return " ".join(inspect.cleandoc(doc or "").split("\n\n")[0].split())


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_every_event_type_has_a_chinese_sentence_whose_english_is_its_docstring(name: str) -> None:
    key = f"event.about.{name}"
    assert key in CATALOGUE, f"{name}: write its Chinese description in ledger/messages/catalog.py"
    zh, en = CATALOGUE[key]
    assert en == summary(CATALOG[name].__doc__), (
        f"{key}: the English side must be the model's docstring summary"
    )
    assert HAN.search(zh), key


def test_no_description_is_left_for_a_type_the_catalog_no_longer_has() -> None:
    described = {k.removeprefix("event.about.") for k in CATALOGUE if k.startswith("event.about.")}
    assert sorted(described - set(CATALOG)) == []


def test_the_catalog_prints_chinese_descriptions_and_units(tmp_path) -> None:
    result = run_cli("catalog", cwd=tmp_path, env=cli_env(OPSLEDGER_LANG="zh"))
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    start = lines.index("site_registered  登记站点")
    assert lines[start + 1] == "  站点（产业园、市场、中心或联盟单位）加入账本。"
    for name, model in CATALOG.items():
        assert f"  {CATALOGUE[f'event.about.{name}'][0]}" in lines, name
        english = summary(model.__doc__)
        assert not [line for line in lines if english in line], f"{name}: English description printed"
    contract = lines[lines.index("contract_signed  签订合同") :]
    fee = next(line for line in contract if line.startswith("    fee_yuan "))
    assert fee.endswith("小数 ≥0，元；必填"), fee
    assert "yuan" not in result.out.replace("_yuan", "") and "(元)" not in result.out


def test_english_is_unchanged_for_a_one_line_docstring(tmp_path) -> None:
    result = run_cli("catalog", cwd=tmp_path, env=cli_env(OPSLEDGER_LANG="en"))
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    start = lines.index("site_registered  登记站点")
    assert lines[start + 1] == "  A site (park, market, centre or alliance unit) joins the ledger."
    assert "    amount_yuan  金额      decimal ≥0, yuan (元); required" in lines
