"""docs/scheme-reference.md documents every indicator kind, rule kind and payout piece, each parameter named in its
section with an example: adding a kind without documenting it fails here."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from projections.indicators import KINDS as INDICATORS
from schemes.money.pieces import BudgetShare, Deduction, Installments, Interim, Settlement
from schemes.rules import KINDS as RULES

DOC = (Path(__file__).resolve().parents[1] / "docs" / "scheme-reference.md").read_text(encoding="utf-8")
COMMON = {
    "label_zh",
    "label_en",
    "unit_zh",
    "unit_en",
    "window",
    "round_places",
    "kind",
    "note",
    "interpretation",
    "interpretation_zh",
}
PIECES = (Installments, Interim, Deduction, Settlement, BudgetShare)


def sections(title: str) -> dict[str, str]:
    """`### \\`kind\\`` sections under a `## title` heading."""
    part = DOC.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]
    return {m.group(1): body for m, body in zip(re.finditer(r"^### `([a-z_]+)`$", part, re.M),
                                                 re.split(r"^### `[a-z_]+`$", part, flags=re.M)[1:], strict=True)}  # fmt: skip


def kind(model: type) -> str:
    return model.model_fields["kind"].annotation.__args__[0]


CASES = [("Indicator kinds", m) for m in INDICATORS] + [("Rule kinds", m) for m in RULES]
CASES += [("Payout pieces", m) for m in PIECES]


@pytest.mark.parametrize(("title", "model"), CASES, ids=[f"{t}:{kind(m)}" for t, m in CASES])
def test_every_kind_is_documented_with_its_parameters_and_an_example(title: str, model: type) -> None:
    found = sections(title)
    assert kind(model) in found, f"docs/scheme-reference.md has no section for {kind(model)} under '{title}'"
    body = found[kind(model)]
    for name in model.model_fields:
        if name not in COMMON:
            assert f"`{name}`" in body, f"{kind(model)}: parameter {name} is not documented"
    example = re.search(r"```toml\n(.*?)```", body, re.S)
    assert example, f"{kind(model)}: no example"
    tomllib.loads(example.group(1))  # the example is valid TOML


def test_no_section_documents_a_kind_that_does_not_exist() -> None:
    known = {kind(m) for m in INDICATORS} | {kind(m) for m in RULES} | {kind(m) for m in PIECES}
    documented = set(re.findall(r"^### `([a-z_]+)`$", DOC, re.M))
    assert documented <= known
