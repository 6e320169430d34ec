"""Scheme files are checked when loaded (schemes/filecheck.py): every deliberate mistake below, each of which a
buyer could make while writing a contract, is refused with the file, the item or indicator and the line --
none loads silently and changes a score. `opsledger scheme check FILE` prints every problem at once.

Each case edits one line of the real shaxian-gig (or pingxiang-market, dongsheng-talent, chifeng-park) file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import cli_env, run_cli

from schemes.filecheck import check_text, errors
from schemes.model import FILES, SchemeError, get_scheme, load_scheme

REPO = Path(__file__).resolve().parents[1]

# (scheme, the text as written, the mistake, what the check says)
MISTAKES = [
    pytest.param("shaxian-gig", 'type = "gig_deal_completed"', 'type = "gig_deal_complete"',
                 "indicator deals: event type 'gig_deal_complete' is not in the catalog: did you mean 'gig_deal_completed'?",
                 id="misspelt-event-type"),
    pytest.param("shaxian-gig", 'where = { metric = "followers" }', 'where = { metrc = "followers" }',
                 "indicator followers: metric_recorded has no field 'metrc': did you mean 'metric'?", id="misspelt-where-field"),
    pytest.param("shaxian-gig", 'where = { kind = "illegal_fee" }', 'where = { kind = "illegal_fees" }',
                 "indicator illegal_fees: site_incident.kind is never 'illegal_fees': did you mean 'illegal_fee'?",
                 id="wrong-enum-value"),
    pytest.param("shaxian-gig", 'enter = { type = "staff_joined", where = { full_time = true } }',
                 'enter = { type = "staff_joined", where = { full_time = "yes" } }',
                 "indicator staff_full_time: staff_joined.full_time is never 'yes'", id="string-for-a-bool"),
    pytest.param("shaxian-gig", 'finding = "false_information"', 'finding = "false_info"',
                 "indicator false_info: inspection_finding.kind is never 'false_info': did you mean 'false_information'?",
                 id="misspelt-finding-kind"),
    pytest.param("shaxian-gig", 'where = { metric = "followers" }\nfield = "value"',
                 'where = { metric = "followers" }\nfield = "valeu"',
                 "indicator followers: metric_recorded has no field 'valeu': did you mean 'value'?", id="misspelt-field"),
    pytest.param("shaxian-gig", 'item = "site.layout"', 'item = "site.layot"',
                 "indicator j_layout: item 'site.layot' is not an item (or item/part) of this scheme: did you mean 'site.layout'?",
                 id="judgement-on-a-misspelt-item"),
    pytest.param("shaxian-gig", 'rule = { kind = "tiers", input = "deals"', 'rule = { kind = "tiers", input = "deal"',
                 "item info.deals: rule reads indicator 'deal', which is not declared", id="rule-reads-an-undeclared-indicator"),
    pytest.param("shaxian-gig", '{ min = "2000", max = "2500", max_open = true, points = "4"',
                 '{ min = "2000", max = "2400", max_open = true, points = "4"',
                 "item info.workers: tiers on workers_registered: no band covers [2400, 2500)", id="gap-in-a-band-table"),
    pytest.param("shaxian-gig", '{ min = "2000", max = "2500", max_open = true, points = "4"',
                 '{ min = "2000", max = "2600", max_open = true, points = "4"',
                 "item info.workers: tiers on workers_registered: bands ≥2500 and ≥2000 <2600 overlap ([2500, 2600))",
                 id="overlapping-bands"),
    pytest.param("shaxian-gig", 'min = "0"\nlabel = "较差"', 'min = "10"\nlabel = "较差"',
                 "grades: totals from 0 to below 10 get no grade", id="grades-leave-low-totals-ungraded"),
    pytest.param("shaxian-gig", 'max_points = "12"', 'max_points = "14"',
                 "block operations: its items' max_points add up to 102, but its cap is 100", id="items-exceed-the-block-cap"),
    pytest.param("shaxian-gig", 'max_points = "12"', "max_points = 12.5",
                 "item livestream, field max_points: write fractional numbers as strings", id="float-number"),
    pytest.param("shaxian-gig", 'max_points = "12"', 'max_point = "12"', "item livestream, field max_point: unknown key",
                 id="misspelt-key"),
    pytest.param("shaxian-gig", 'rule = { kind = "tiers", input = "deals"', 'rule = { kind = "tier", input = "deals"',
                 "item info.deals, field rule: kind 'tier' is not known", id="unknown-rule-kind"),
    pytest.param("pingxiang-market", 'detail = "missing", each = "0.5"', 'detail = "mising", each = "0.5"',
                 "detail 'mising' of indicator 'livestream_weeks' does not exist", id="misspelt-detail-key"),
    pytest.param("dongsheng-talent", 'scored_by = "base"', 'scored_by = "basic"',
                 "payout: a share is scored by block 'basic'", id="payout-share-of-an-unknown-block"),
    pytest.param("chifeng-park", 'fee_deduction_pct = "20"', 'fee_deduction_pct = "25"',
                 "consequences: below 20 deducts 25% here but the [payout] deduction piece says otherwise",
                 id="money-stated-twice-in-disagreement"),
    pytest.param("shaxian-gig", 'kind = "installments"', 'kind = "instalments"',
                 "kind 'instalments' is not known", id="unknown-payout-piece"),
    pytest.param("shaxian-gig", 'id = "shaxian-gig"', 'id = "shaxian-gig', "not valid TOML", id="toml-syntax"),
]  # fmt: skip


def mutate(scheme_id: str, before: str, after: str) -> tuple[str, int]:
    text = (FILES / f"{scheme_id}.toml").read_text(encoding="utf-8")
    assert text.count(before) == 1, f"{before!r} must appear once in {scheme_id}.toml"
    first = text[: text.index(before)].count("\n") + 1
    changed = next(
        n for n, (a, b) in enumerate(zip(before.split("\n"), after.split("\n"), strict=False)) if a != b
    )
    return text.replace(before, after), first + changed


@pytest.mark.parametrize(("scheme_id", "before", "after", "said"), MISTAKES)
def test_a_mistake_is_refused_with_file_item_and_line(
    scheme_id: str, before: str, after: str, said: str
) -> None:
    text, line = mutate(scheme_id, before, after)
    _, problems = check_text(text, f"{scheme_id}.toml")
    bad = errors(problems)
    assert any(said in str(p) for p in bad), [str(p) for p in bad]
    hit = next(p for p in bad if said in str(p))
    assert str(hit).startswith(f"{scheme_id}.toml:")
    if "overlap" not in said and "grades" not in said and "block" not in said:
        assert hit.line == line, (str(hit), line)


@pytest.mark.parametrize(("scheme_id", "before", "after", "said"), MISTAKES[:5])
def test_loading_a_mistaken_file_is_a_one_line_error(
    tmp_path: Path, scheme_id: str, before: str, after: str, said: str
) -> None:
    text, line = mutate(scheme_id, before, after)
    path = tmp_path / f"{scheme_id}.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemeError) as err:
        load_scheme(path)
    assert str(err.value).startswith(f"{scheme_id}.toml:{line}: ") and said in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("scheme_id", ["chifeng-park", "dongsheng-talent", "pingxiang-market", "shaxian-gig",
                                       "wujiang-alliance"])  # fmt: skip
def test_the_seed_files_have_no_errors(scheme_id: str) -> None:
    _, problems = check_text((FILES / f"{scheme_id}.toml").read_text(encoding="utf-8"), f"{scheme_id}.toml")
    assert errors(problems) == []


def test_an_indicator_nothing_reads_is_a_warning_not_an_error() -> None:
    text = (FILES / "shaxian-gig.toml").read_text(encoding="utf-8")
    text += '\n[indicators.spare]\nkind = "count"\ntype = "livestream_run"\n'
    _, problems = check_text(text, "shaxian-gig.toml")
    [warning] = [p for p in problems if p.severity == "warning"]
    assert "indicator spare: nothing reads it" in str(warning) and errors(problems) == []


def run(*args: object, env: dict[str, str] | None = None):
    return run_cli(*args, cwd=REPO, env=env or cli_env(PYTHONPATH=str(REPO)))


def test_scheme_check_prints_every_problem_at_once(tmp_path: Path) -> None:
    text = (FILES / "shaxian-gig.toml").read_text(encoding="utf-8")
    for _, before, after, _ in [m.values for m in MISTAKES[:3]]:
        text = text.replace(before, after)
    path = tmp_path / "shaxian-gig.toml"
    path.write_text(text, encoding="utf-8")
    done = run("scheme", "check", path)
    assert done.code == 1 and "Traceback" not in done.err
    assert len([line for line in done.out.splitlines() if line.startswith("shaxian-gig.toml:")]) == 3
    assert "3 error(s)" in done.err


def test_scheme_check_of_a_good_file_says_ok() -> None:
    done = run("scheme", "check", FILES / "shaxian-gig.toml")
    assert done.code == 0 and "shaxian-gig.toml: ok (21 items" in done.out


def test_a_buyers_directory_loads_beside_the_built_in_schemes(tmp_path: Path) -> None:
    # --schemes-dir (or OPSLEDGER_SCHEMES): a new contract is one file, listed and usable beside the five
    text = (
        (FILES / "shaxian-gig.toml")
        .read_text(encoding="utf-8")
        .replace('id = "shaxian-gig"', 'id = "buyer-gig"')
    )
    (tmp_path / "buyer-gig.toml").write_text(text, encoding="utf-8")
    listed = run("--schemes-dir", tmp_path, "schemes")
    assert listed.code == 0 and "buyer-gig" in listed.out and "shaxian-gig" in listed.out
    env = cli_env(PYTHONPATH=str(REPO), OPSLEDGER_SCHEMES=str(tmp_path))
    shown = run("scheme", "show", "buyer-gig", env=env)
    assert shown.code == 0, shown.err
    assert get_scheme("buyer-gig", tmp_path).id == "buyer-gig"


def test_an_unknown_schemes_directory_is_a_one_line_error(tmp_path: Path) -> None:
    done = run("--schemes-dir", tmp_path / "nowhere", "schemes")
    assert (
        done.code == 1 and done.err.startswith("error: schemes directory") and len(done.err.splitlines()) == 1
    )
