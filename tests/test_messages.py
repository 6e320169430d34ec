"""The message catalogue (ledger/messages): every message in both languages with the same placeholders, every id
the code names present, and the language chosen as the README says."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from ledger.errors import LedgerError
from ledger.messages import AREAS, CATALOGUE, Both, env_lang, msg, pair, render, text, use_lang

ROOT = Path(__file__).resolve().parent.parent
CODE = [
    p for d in ("commands", "ledger", "projections", "schemes", "web") for p in (ROOT / d).rglob("*.py")
] + [ROOT / "cli.py"]
HAN = re.compile(r"[\u4e00-\u9fff]")
# pydantic's own English sentence is the English side ({detail}); the Chinese side says it from the error's
# context. The unknown-field refusal lists the type's fields (id and label) in Chinese only: the English wording
# is the one scripts have matched since the first release.
OWN_PLACEHOLDERS = {key for key in CATALOGUE if key.startswith("pyd.")} | {"field.unknown"}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_message_has_both_languages_with_the_same_placeholders(key: str) -> None:
    zh, en = CATALOGUE[key]
    assert zh.strip() and en.strip(), key
    words = re.sub(
        r"\{[^}]*\}|`[^`]*`|--[a-z-]+|[A-Z_]{3,}", "", zh
    )  # placeholders, commands, options, names
    assert HAN.search(zh) or not re.search("[A-Za-z]{3}", words), (
        f"{key}: the Chinese side is not Chinese: {zh!r}"
    )
    if key not in OWN_PLACEHOLDERS:
        # {s} is English's plural ending ('1 event' / '2 events'); Chinese has none.
        assert placeholders(zh) == placeholders(en) - {"s"}, key


def test_no_message_id_is_defined_twice() -> None:
    seen: dict[str, int] = {}
    for area in AREAS:
        for key in area:
            seen[key] = seen.get(key, 0) + 1
    assert [k for k, n in seen.items() if n > 1] == []


def test_every_message_id_the_code_names_is_in_the_catalogue() -> None:
    named = set()
    for path in CODE:
        named |= set(re.findall(r"""\bmsg\(\s*f?["']([a-z_.{}]+)["']""", path.read_text(encoding="utf-8")))
    literal = {n for n in named if "{" not in n}
    assert literal, "the scan found no msg() calls"
    assert sorted(literal - set(CATALOGUE)) == [], "named in the code but not in the catalogue"
    for pattern in (
        named - literal
    ):  # msg(f"cli.row.{level}"): every id of that shape must exist in both levels
        prefix = pattern.split("{")[0]
        assert any(key.startswith(prefix) for key in CATALOGUE), pattern


def test_a_message_renders_in_the_language_of_whoever_prints_it() -> None:
    err = LedgerError(msg("site.unknown", site="x", hint=msg("site.register_hint")))
    with use_lang("zh"):
        assert str(err) == "未知站点 'x'：请先用 `opsledger site add` 登记"
    with use_lang("en"):
        assert str(err) == "unknown site 'x': register it with `opsledger site add`"
    assert text(err, "zh").startswith("未知站点") and render(Both("中", "en"), "en") == "en"
    assert pair("who.buyer") == ("采购方", "buyer")


@pytest.mark.parametrize(("environ", "expected"), [
    ({}, "zh"),                                                   # nothing set: the users read Chinese
    ({"LANG": "C.UTF-8"}, "zh"),                                  # a bare server says nothing about its readers
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),    # POSIX order: LC_ALL, LC_MESSAGES, LANG
    ({"LC_MESSAGES": "zh_TW", "LANG": "en_US"}, "zh"),
    ({"OPSLEDGER_LANG": "en", "LC_ALL": "zh_CN.UTF-8"}, "en"),   # the variable beats the locale
    ({"OPSLEDGER_LANG": "zh", "LANG": "en_US.UTF-8"}, "zh"),
    ({"OPSLEDGER_LANG": "fr", "LANG": "en_US.UTF-8"}, "en"),     # a language we do not have: the locale decides
])  # fmt: skip
def test_the_language_is_the_variable_then_the_locale_then_chinese(
    environ: dict[str, str], expected: str
) -> None:
    assert env_lang(environ) == expected
