"""`opsledger demo`: a fresh install's first command, through the real CLI in subprocesses.

Checks: it runs with no arguments on the embedded default (./opsledger.db); the same seed gives the same ledger
(content, ids, order, recorded times and hashes); each day's events are recorded the next working morning and
the late ones later, so an auditor's `score --as-of` and `diff` show the year's history; every scheme has its
site and Wujiang has at least 12 units; a correction, a retraction, a late event, complaints and judgements are
in the log; the printed totals, money figures and cohort ranking are what `opsledger score` says; a non-empty
ledger is refused unless --force, and something that is not a ledger is never touched; progress bars only on a
terminal.
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from conftest import cli_env
from conftest import run_cli as conftest_run_cli

from projections.numbers import fmt, round_half_up
from schemes import demo

ROOT = Path(__file__).resolve().parents[1]


# `python -m cli ARGS` in a subprocess (stdout and stderr are pipes, not a terminal): .code, .out, .err.
run_cli = partial(conftest_run_cli, timeout=600)


SCHEMES = {"chifeng-park", "dongsheng-talent", "pingxiang-market", "shaxian-gig", "wujiang-alliance"}


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """`opsledger demo` with no arguments at all, in an empty directory (the README's first command)."""
    cwd = tmp_path_factory.mktemp("fresh")
    result = run_cli("demo", cwd=cwd)
    assert result.code == 0, result.err
    return cwd / "opsledger.db", result.out, result.err


@pytest.fixture(scope="module")
def second(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same seed (the default, 1), written with --db into another file."""
    cwd = tmp_path_factory.mktemp("again")
    result = run_cli("demo", "--db", cwd / "again.db", "--seed", "1", cwd=cwd)
    assert result.code == 0, result.err
    return cwd / "again.db"


def events_jsonl(db: Path, *args: str) -> list[dict[str, Any]]:
    result = run_cli("--db", db, "events", "--format", "jsonl", *args, cwd=db.parent)
    assert result.code == 0, result.err
    return [json.loads(line) for line in result.out.splitlines()]


def score_json(db: Path, *args: str) -> Any:
    result = run_cli("--db", db, "score", *args, "--format", "json", cwd=db.parent)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_same_seed_same_ledger(first: tuple[Path, str, str], second: Path) -> None:
    a, b = events_jsonl(first[0]), events_jsonl(second)
    assert len(a) == len(b) > 10_000
    assert a == b  # ids, seqs, recorded times and hashes too: the same ledger, whenever it is built
    head = [
        line
        for line in run_cli("--db", first[0], "verify", cwd=first[0].parent).out.splitlines()
        if "#" in line
    ]
    assert head == [
        line for line in run_cli("--db", second, "verify", cwd=second.parent).out.splitlines() if "#" in line
    ]


# The demo's own working calendar (schemes/demo/calendar.py says the same in code): weekends, New Year's Day, the
# Spring Festival week (春节 2026: 17 February, so the 15th to the 22nd) and the National Day week are off.
OFF = {date(2026, 1, 1), *(date(2026, 2, d) for d in range(15, 23)), *(date(2026, 10, d) for d in range(1, 8)),
       date(2027, 1, 1)}  # fmt: skip


def off(day: date) -> bool:
    return day.weekday() >= 5 or day in OFF


def first_working_day_after(day: date) -> date:
    day += timedelta(1)
    while off(day):
        day += timedelta(1)
    return day


def test_recorded_the_next_working_morning_late_ones_later(first: tuple[Path, str, str]) -> None:
    events = events_jsonl(first[0])
    assert [e["recorded_at"] for e in events] == sorted(e["recorded_at"] for e in events)  # built forwards
    late = []
    for e in events:
        happened, recorded = (
            date.fromisoformat(e["occurred_at"][:10]),
            datetime.fromisoformat(e["recorded_at"]),
        )
        assert time(8, 30) <= recorded.time() < time(9, 20), e["seq"]  # in the morning, at the office
        assert not off(recorded.date()), e["seq"]
        if recorded.date() != first_working_day_after(happened):
            late.append(e)
    # Everything else was written down the day it happened; these were written down later (schemes/demo/plans):
    assert sorted(
        (e["type"], e["site"], e["occurred_at"]) for e in late if e["type"] in ("activity_held",)
    ) == [
        ("activity_held", "dongsheng-talent-center", "2026-06-29"),  # the briefing logged on 20 July
        (
            "activity_held",
            "pingxiang-hr-market",
            "2026-06-18",
        ),  # June's second gig training, logged on 9 July
    ]
    assert Counter(e["type"] for e in late) == {"activity_held": 2, "correction": 4, "retraction": 2,
                                                "evidence_attached": 2}  # fmt: skip
    close = next(e for e in events if e["type"] == "period_closed")
    briefing = next(
        e for e in late if e["site"] == "dongsheng-talent-center" and e["type"] == "activity_held"
    )
    assert (
        briefing["recorded_at"] > close["recorded_at"]
        and briefing["occurred_at"] < close["payload"]["period"] + "-07"
    )


def test_a_years_history_is_recorded_before_the_next_february(first: tuple[Path, str, str]) -> None:
    # schemes/demo/summary.py `past_year` relies on it: the year's last days and late reports are recorded in
    # the next January, so on 1 February the year before is wholly in the past.
    head = re.search(r"year (\d{4})$|，(\d{4}) 年$", first[1].splitlines()[0])
    assert head, first[1].splitlines()[0]
    year = int(head.group(1) or head.group(2))
    last = max(datetime.fromisoformat(e["recorded_at"]) for e in events_jsonl(first[0]))
    assert last.date() < date(year + 1, 2, 1)


@pytest.mark.parametrize(
    ("today", "past"),
    [
        (date(2026, 12, 2), 2025),
        (date(2027, 1, 31), 2025),  # 2026's history is still being recorded in January 2027
        (date(2027, 2, 1), 2026),
        (date(2026, 1, 1), 2024),
    ],
)
def test_the_past_year_offered_is_recorded_wholly_before_today(today: date, past: int) -> None:
    from schemes.demo.summary import past_year

    assert past_year(today) == past


def test_a_year_not_over_is_said_to_be_made_up_after_today(first: tuple[Path, str, str]) -> None:
    from schemes.demo.build import DemoResult
    from schemes.demo.summary import summary_text

    recorded = (datetime(2025, 12, 22, 9, 0), datetime(2027, 1, 4, 9, 15))
    result = DemoResult(Path("d.db"), 1, 2026, 10, [], *recorded)
    running = summary_text(result, [], [], date(2026, 12, 2))
    assert "note: 2026 is not over: its events and records after today (2026-12-02) are made up" in running
    assert "use --year 2025" in running
    assert "not over" not in summary_text(result, [], [], date(2027, 1, 4))  # the last morning is today
    assert "not over" not in summary_text(result, [], [])  # no clock given: nothing to compare


def test_an_auditor_sees_the_year_as_it_stood(first: tuple[Path, str, str]) -> None:
    """Pingxiang's Q2 as the assessor saw it on 5 July, and what the half-year review recorded by 1 October."""
    db, site = first[0], demo.PINGXIANG.id
    then = score_json(db, "--site", site, "--period", "2026-Q2", "--as-of", "2026-07-05")
    later = score_json(db, "--site", site, "--period", "2026-Q2", "--as-of", "2026-10-01")
    points = lambda card: {i["id"]: Decimal(i["points"]) for i in card["items"]}  # noqa: E731
    moved = {k: v - points(then)[k] for k, v in points(later).items() if v != points(then)[k]}
    # 评分表 二、6 零工市场运营: "月度培训场次或培训人员不达标扣0.2分": June had one gig training recorded by
    # 5 July, its second was logged on 9 July. 一、3 数据调研与汇总: "数据遗漏/错误，每处扣0.5分": the June
    # data-error finding, withdrawn by the assessor on 14 July.
    assert moved == {"recruit.gig": Decimal("0.2"), "ops.research": Decimal("0.5")}
    assert Decimal(later["total"]) - Decimal(then["total"]) == Decimal("0.7")
    result = run_cli("--db", db, "diff", "--site", site, "--period", "2026-Q2", "--from", "2026-07-05", "--to",
                     "2026-10-01", "--format", "json", cwd=db.parent)  # fmt: skip
    assert result.code == 0, result.err
    diff = json.loads(result.out)
    assert (diff["before"]["total"], diff["after"]["total"]) == (then["total"], later["total"])
    assert (
        len(diff["events"]) >= 3
    )  # the late training, the recount, the withdrawn finding (and the jobs typo)


def test_another_seed_other_events() -> None:
    one, two = demo.generate(1, 2026).drafts(), demo.generate(2, 2026).drafts()
    assert [d.payload for d in one] != [d.payload for d in two]
    assert {d.id for d in one}.isdisjoint({d.id for d in two})


def test_every_scheme_site_and_a_cohort_of_twelve(first: tuple[Path, str, str]) -> None:
    contracts = events_jsonl(first[0], "--type", "contract_signed")
    schemes = [c["payload"]["scheme"] for c in contracts]
    assert set(schemes) == SCHEMES
    assert schemes.count("wujiang-alliance") >= 12
    assert all(c["payload"]["fee_yuan"] not in ("0", "0.00") for c in contracts)


def test_corrections_retraction_late_event_complaints_judgements(first: tuple[Path, str, str]) -> None:
    db = first[0]
    by_type: dict[str, int] = {}
    for event in events_jsonl(db):
        by_type[event["type"]] = by_type.get(event["type"], 0) + 1
    assert by_type["correction"] >= 1 and by_type["retraction"] >= 1
    assert by_type["complaint_filed"] >= 3
    assert by_type["assessor_judgement"] >= 1 and by_type["period_closed"] == 1
    # The late event: H1 closed by the assessor, then a June briefing recorded: listed, not counted.
    card = score_json(db, "--site", demo.DONGSHENG.id, "--period", "2026-H1")
    assert [(e["type"], e["occurred_at"], e["status"]) for e in card["late"]] == [
        ("activity_held", "2026-06-29", "late, pending review")
    ]
    seq = card["late"][0]["seq"]
    gaps = run_cli("--db", db, "gaps", "--site", demo.DONGSHENG.id, "--period", "2026-H1", "--today", "2027-01-10",
                   cwd=db.parent)  # fmt: skip
    assert gaps.code == 0, gaps.err
    assert (
        f"late events not counted until an assessor accepts them (`opsledger accept SEQ`): seq {seq}"
        in gaps.out
    )


# A summary row: site, scheme, period, the total as '22/25' or with its parts '25/25 + 2 − 1', the rest.
ROW = re.compile(r"(\S+)\s+(\S+)\s+(\S+)\s+(-?[\d.]+/[\d.]+(?: [+−] [\d.]+)*)\s{2}(.*)")


def summary_rows(out: str) -> list[list[str]]:
    rows = []
    for line in out.splitlines():
        found = ROW.fullmatch(line)
        if found and found[2] in SCHEMES:
            rows.append(list(found.groups()))
    return rows


def shown_total(text: str) -> tuple[Decimal, str]:
    """'25/25 + 2 − 1' -> (26, '25'): the parts added up, and the maximum."""
    first, *signed = text.split(" ")
    points, top = first.split("/")
    total = Decimal(points)
    for sign, value in zip(signed[::2], signed[1::2], strict=True):
        total += Decimal(value) if sign == "+" else -Decimal(value)
    return total, top


def test_printed_totals_and_money_are_the_scores(first: tuple[Path, str, str]) -> None:
    db, out, _ = first
    rows = summary_rows(out)
    # Chifeng's four quarters, then Dongsheng, Pingxiang and Shaxian for the year.
    assert [(r[0], r[2]) for r in rows] == [("chifeng-hr-park", f"2026-Q{q}") for q in range(1, 5)] + [
        ("dongsheng-talent-center", "2026"),
        ("pingxiang-hr-market", "2026"),
        ("shaxian-gig-market", "2026"),
    ]
    for site, _, period, total, *rest in rows:
        card = score_json(db, "--site", site, "--period", period)
        assert shown_total(total) == (Decimal(card["total"]), card["max_total"]), (site, period)
        if Decimal(card["total"]) > Decimal(card["max_total"]):  # a bonus beyond the maximum: '25/25 + 2'
            assert " + " in total, (site, period, total)
        text = run_cli("--db", db, "score", "--site", site, "--period", period, cwd=db.parent).out
        for figure in re.findall(r"\d{1,3}(?:,\d{3})*\.\d{2}", " ".join(rest)):
            assert figure in text, (site, period, figure)


def test_printed_ranking_is_the_cohort_score(first: tuple[Path, str, str]) -> None:
    db, out, _ = first
    ranking = out.split("units in rank order:", 1)[1].split("\n\n", 1)[0].splitlines()[2:]
    printed = [line.split()[:4] for line in ranking]
    cards = score_json(db, "--scheme", "wujiang-alliance", "--period", "2026")
    assert len(cards) >= 12
    # Totals shown to the scheme's display_places = 2 (四舍五入); the JSON keeps the exact value.
    shown = [fmt(round_half_up(Decimal(c["total"]), 2)) for c in cards]
    assert printed == [[str(c["rank"]), c["site"], t, c["grade"]] for c, t in zip(cards, shown, strict=True)]
    assert any(len(c["total"].partition(".")[2]) > 2 for c in cards)  # the demo has a total to round


def test_no_progress_output_off_a_terminal(first: tuple[Path, str, str]) -> None:
    assert first[2] == ""


def test_refuses_a_ledger_with_events_unless_forced(tmp_path: Path) -> None:
    db = tmp_path / "mine.db"
    assert run_cli("--db", db, "init", cwd=tmp_path).code == 0
    assert run_cli("--db", db, "site", "add", "my-site", "--name", "我的站点", cwd=tmp_path).code == 0
    refused = run_cli("demo", "--db", db, cwd=tmp_path)
    assert refused.code == 1
    assert refused.err == f"error: {db} already holds a ledger with 1 events: pass --force to delete it and build " \
                          "the demo there, or --db NEW.db\n"  # fmt: skip
    assert run_cli("--db", db, "sites", cwd=tmp_path).out.count("my-site") == 1  # untouched
    typo = run_cli("demo", "--db", db, "--force", "--year", "1999", cwd=tmp_path)  # checked before deleting
    assert typo.code == 1 and typo.err == "error: --year 1999: use a year between 2000 and 2100\n"
    assert run_cli("--db", db, "sites", cwd=tmp_path).out.count("my-site") == 1
    forced = run_cli("demo", "--db", db, "--force", "--seed", "3", "--year", "2025", cwd=tmp_path)
    assert forced.code == 0, forced.err
    assert "my-site" not in run_cli("--db", db, "sites", cwd=tmp_path).out
    assert "2025-Q4" in forced.out


def test_never_touches_what_is_not_a_ledger(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_bytes(b"my notes, not a database")
    result = run_cli("demo", "--db", notes, "--force", cwd=tmp_path)
    assert result.code == 1 and "is not an opsledger ledger: refusing to touch it" in result.err
    assert notes.read_bytes() == b"my notes, not a database"


def test_an_empty_ledger_is_used_as_it_is(tmp_path: Path) -> None:
    from ledger.ledger import Ledger

    db = tmp_path / "empty.db"
    Ledger(db, create=True).close()
    demo.prepare(db)  # no events: nothing to refuse, nothing deleted
    assert db.exists()


def run_in_terminal(*args: str, cwd: Path) -> tuple[int, str]:
    """The CLI with stdout and stderr on a pseudo-terminal (what an operator's terminal is)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "cli", *args], cwd=ROOT, stdout=slave, stderr=slave,
                            env=cli_env(COLUMNS="100"))  # fmt: skip
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed: the process ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return proc.wait(timeout=300), b"".join(chunks).decode("utf-8", "replace")


def test_progress_bars_on_a_terminal(first: tuple[Path, str, str], tmp_path: Path) -> None:
    db = tmp_path / "copy.db"  # a copy: this test appends an event
    db.write_bytes(first[0].read_bytes())
    code, screen = run_in_terminal("--db", str(db), "replay", cwd=tmp_path)
    assert code == 0 and "replaying" in screen and "replayed" in screen
    lines = tmp_path / "more.jsonl"
    lines.write_text(
        json.dumps({"type": "activity_held", "site": demo.SHAXIAN.id, "occurred_at": "2026-11-30",
                    "payload": {"kind": "enterprise_job_info", "title": "岁末招工信息"}}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    code, screen = run_in_terminal("--db", str(db), "import", str(lines), cwd=tmp_path)
    assert code == 0 and "importing" in screen and "imported 1 events" in screen


def test_import_off_a_terminal_never_loads_rich(first: tuple[Path, str, str], tmp_path: Path) -> None:
    lines = tmp_path / "none.jsonl"
    lines.write_text("", encoding="utf-8")
    code = (
        "import sys, cli\n"
        f"sys.argv = ['opsledger', '--db', {str(first[0])!r}, 'import', {str(lines)!r}]\n"
        "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('rich loaded: %s' % ('rich' in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=cli_env(), capture_output=True, text=True
    )
    assert "imported 0 events" in proc.stdout
    assert proc.stderr == "rich loaded: False"
