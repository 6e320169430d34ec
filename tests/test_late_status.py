"""A late event's standing is said in the reader's language on every printed scorecard, while the JSON keeps
the English status scripts match (issue 14 §5)."""

from __future__ import annotations

import pytest

from ledger.messages import use_lang
from schemes.late import late_line, status_message, status_text

PENDING_CHANGE = "recorded after the close, pending review (counted as it stood at the close)"


@pytest.mark.parametrize(
    ("status", "zh"),
    [
        ("accepted", "已认可"),
        ("counted (scheme policy)", "计入（考核办法规定迟报照计）"),
        ("late, pending review", "迟报，待审核"),
        ("correction recorded after the close: accepted", "截止后记录的更正：已认可"),
        (
            "retraction recorded after the close: applied (scheme policy)",
            "截止后记录的撤回：已生效（考核办法规定迟报照计）",
        ),
        (f"retraction {PENDING_CHANGE}", "截止后记录的撤回，待审核（按截止时的状态计分）"),
    ],
)
def test_every_status_the_service_gives_has_chinese_and_its_english_is_the_status(
    status: str, zh: str
) -> None:
    with use_lang("zh"):
        assert status_text({"status": status}) == zh
    with use_lang("en"):
        assert status_text({"status": status}) == status


def test_an_unknown_status_is_printed_as_it_is_not_dropped() -> None:
    assert status_message("something new") == "something new"


def test_a_late_line_names_seq_type_dates_and_status() -> None:
    entry = {
        "seq": 6,
        "type": "activity_held",
        "occurred_at": "2026-06-01T09:00:00+08:00",
        "recorded_at": "2027-01-02T10:00:00+08:00",
        "status": "late, pending review",
    }
    with use_lang("zh"):
        assert late_line(entry) == (
            "序号 6 activity_held，发生于 2026-06-01T09:00:00+08:00，记录于 2027-01-02T10:00:00+08:00：迟报，待审核"
        )
    with use_lang("en"):
        assert late_line(entry) == (
            "seq 6 activity_held occurred 2026-06-01T09:00:00+08:00 recorded 2027-01-02T10:00:00+08:00: "
            "late, pending review"
        )


# -- the money layer's '中文 / English' lines, said in one language on a printed scorecard --------------------


@pytest.mark.parametrize(
    ("line", "zh", "en"),
    [
        (
            "全年少付 5.00 元 / 5.00 yuan less than the full fee",
            "全年少付 5.00 元",
            "5.00 yuan less than the full fee",
        ),
        ("22 / 25", "22 / 25", "22 / 25"),  # a fraction, not two languages: printed whole
        ("甲 / 乙", "甲 / 乙", "甲 / 乙"),  # no English after the separator
        ("a / b / c 中文", "a / b / c 中文", "a / b / c 中文"),  # two separators: ambiguous, printed whole
        ("only English here", "only English here", "only English here"),
    ],
)
def test_a_two_language_line_is_split_only_when_unambiguous(line: str, zh: str, en: str) -> None:
    from schemes.display import one_language

    assert (one_language(line, "zh"), one_language(line, "en")) == (zh, en)
