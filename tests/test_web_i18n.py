"""Every word the web app shows exists in Chinese and English, and every label the catalog needs exists.

Keys are found by scanning the templates (`t('key')`) and the web modules (`t("key")`, `c.t("key")`,
BadRequest("key")); a key used but missing from the table, or with an empty side, fails here rather than as
a KeyError on someone's phone.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ledger.events import CATALOG
from ledger.labels import CHOICES, FIELDS, OVERRIDES, allowed_values, choice_key, field_label
from web import i18n
from web.forms import form_fields

WEB = Path(i18n.__file__).parent
KEY = re.compile(r"""(?:\bt|c\.t|BadRequest|_t)\(\s*['"]([a-z_]+\.[a-z_.]+|[a-z_]+)['"]""")


def used_keys() -> set[str]:
    found: set[str] = set()
    for path in [*WEB.glob("templates/*.html"), *WEB.glob("*.py"), *WEB.glob("pages/*.py")]:
        found |= set(KEY.findall(path.read_text(encoding="utf-8")))
    dynamic = {f"role.{r}" for r in ("admin", "operator", "assessor", "viewer")}  # t('role.' + r)
    return (found | dynamic) - {"key"}


def test_every_key_used_by_a_page_is_in_the_table() -> None:
    assert len(used_keys()) > 100  # the scan finds the pages' words (a broken pattern would pass vacuously)
    missing = sorted(k for k in used_keys() if k not in i18n.M)
    assert not missing, f"keys used but not translated: {missing}"


@pytest.mark.parametrize("key", sorted(i18n.M))
def test_every_message_has_chinese_and_english(key: str) -> None:
    zh, en = i18n.M[key]
    assert zh.strip() and en.strip()
    assert re.search(r"[\u4e00-\u9fff]", zh) or key in ("lang.switch",), (
        f"{key}: the Chinese side has no Chinese"
    )
    assert set(re.findall(r"\{(\w+)\}", zh)) == set(re.findall(r"\{(\w+)\}", en)), (
        f"{key}: placeholders differ"
    )


def test_every_pydantic_error_a_form_can_raise_has_a_message() -> None:
    for kind in ("missing", "int_parsing", "decimal_parsing", "greater_than_equal", "less_than_equal",
                 "string_too_short", "string_too_long", "string_pattern_mismatch", "enum", "literal_error",
                 "bool_parsing", "date_from_datetime_parsing", "extra_forbidden"):  # fmt: skip
        assert f"err.{kind}" in i18n.M


@pytest.mark.parametrize("event_type", sorted(CATALOG))
def test_every_field_of_every_event_type_has_chinese_and_english_labels(event_type: str) -> None:
    for name in CATALOG[event_type].model_fields:
        if name == "type":
            continue
        zh, en, unit_zh, unit_en = field_label(event_type, name)
        assert name in FIELDS or (event_type, name) in OVERRIDES, f"{event_type}.{name}: no label"
        assert re.search(r"[\u4e00-\u9fff]", zh), f"{event_type}.{name}: no Chinese label"
        assert en and bool(unit_zh) == bool(unit_en), f"{event_type}.{name}: unit in one language only"


@pytest.mark.parametrize("event_type", sorted(CATALOG))
def test_every_allowed_value_has_a_chinese_label(event_type: str) -> None:
    for name in CATALOG[event_type].model_fields:
        values = allowed_values(event_type, name) if name != "type" else None
        if not values:
            continue
        key = choice_key(event_type, name)
        assert key in CHOICES, f"{event_type}.{name}: no choice table {key}"
        missing = [v for v in values if v not in CHOICES[key]]
        assert not missing, f"{event_type}.{name}: values without labels {missing}"
        for v in values:
            assert re.search(r"[\u4e00-\u9fff]", CHOICES[key][v][0]), f"{key}.{v}: no Chinese"


def test_choice_tables_name_no_value_the_catalog_does_not_accept() -> None:
    """A label for a value the catalog refuses would offer the operator a choice that is never stored."""
    accepted: dict[str, set[str]] = {}
    for event_type, model in CATALOG.items():
        for name in model.model_fields:
            key = choice_key(event_type, name) if name != "type" else None
            if key:
                accepted.setdefault(key, set()).update(allowed_values(event_type, name) or ())
    for key, table in CHOICES.items():
        assert key in accepted, f"choice table {key} is not used by any field"
        assert set(table) <= accepted[key], f"{key}: {sorted(set(table) - accepted[key])}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_generated_form_shows_no_english_wire_word_in_chinese(lang: str) -> None:
    fields = form_fields("job_fair_held", lang)
    labels = [f.label for f in fields] + [label for f in fields for _, label in f.options]
    if lang == "zh":
        assert all(re.search(r"[\u4e00-\u9fff]", text) for text in labels), labels
        assert "offline" not in labels and "线下" in labels
    else:
        assert "offline" in labels


@pytest.mark.parametrize(("query", "cookie", "accept", "expected"), [
    (None, None, None, "zh"), ("en", None, "zh-CN", "en"), (None, "en", "zh", "en"), (None, None, "en-GB,en", "en"),
    (None, None, "fr-FR,zh-TW;q=0.5,en;q=0.3", "zh"), ("xx", None, "en", "en"), (None, None, "de", "zh"),
])  # fmt: skip
def test_language_choice(query: str | None, cookie: str | None, accept: str | None, expected: str) -> None:
    assert i18n.pick(query, cookie, accept) == expected
