"""The event catalog: `opsledger catalog` in text and JSON, and every type round-tripping through the log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import cli_env, keyring_for, with_test_keys

import cli
from ledger.envelope import Draft
from ledger.errors import LedgerError
from ledger.events import ASSESSOR_ONLY_TYPES, CATALOG, META_TYPES, Role, SiteKind
from ledger.ledger import Ledger
from ledger.payloads import validate_payload

SITE = "wujiang-park"
RATED = "gig-station"  # a site under the sixth scheme, the one that reads assessors' ratings
SCHEMES = Path(__file__).resolve().parents[1] / "data" / "schemes"
ASSESSOR = "assessor-wang"
HEX64 = "ab" * 32

# One minimal valid payload per type. Meta types get their target filled in (the job fair's id).
EXAMPLES: dict[str, dict] = {
    "site_registered": {"name": "吴江人力资源产业园", "kind": "park"},
    "actor_role_granted": {"actor": ASSESSOR, "role": "assessor"},
    "contract_signed": {"scheme": "shaxian-gig", "start": "2026-01-01", "end": "2026-12-31", "fee_yuan": "1200000.00"},
    "assessor_key_registered": {"actor": ASSESSOR, "public_key": HEX64},
    "ledger_migrated": {"from_schema": 1, "to_schema": 2, "old_head_seq": 9, "old_head_hash": HEX64},
    "institution_entered": {"institution": "某人力资源公司", "registered_locally": "true"},
    "institution_left": {"institution": "某人力资源公司", "reason": "期满"},
    "revenue_reported": {"institution": "某人力资源公司", "month": "2026-02", "amount_yuan": "350000.50"},
    "survey_response": {"survey": "resident_satisfaction", "respondent": "R-001", "score": "92.5"},
    "survey_summary": {"survey": "gig_satisfaction", "respondents": 120, "satisfied": 102, "source": "第三方调查"},
    "media_report": {"level": "provincial", "outlet": "新华日报", "title": "园区报道"},
    "info_published": {"channel": "official_account", "title": "政策推送"},
    "video_published": {"kind": "short_video", "title": "园区短视频", "width": 1920, "height": 1080, "minutes": "3.5"},
    "deliverable_submitted": {"kind": "annual_plan", "title": "2026年度工作计划"},
    "activity_held": {"kind": "policy_briefing", "title": "人才政策宣讲", "participants": 80},
    "job_fair_held": {"title": "春风行动", "format": "offline", "kind": "themed", "companies": 40, "jobs": 300,
                      "visitors": 500},
    "livestream_run": {"title": "直播带岗", "viewers": 1200, "host": "director"},
    "gig_worker_registered": {"worker": "W-001"},
    "gig_job_posted": {"employer": "某工厂", "positions": 3},
    "gig_deal_completed": {"worker": "W-001", "employer": "某工厂", "amount_yuan": "200"},
    "job_recommended": {"person": "P-001", "channel": "gig", "count": 2},
    "follow_up_call": {"scope": "fair_company", "contact": "C-001", "reached": True},
    "worker_dispatched": {"worker": "W-002", "employer": "某电子厂", "channel": "labour_base", "base": "贵州"},
    "intern_placed": {"student": "S-001", "kind": "intern", "school": "某职业学院", "employer": "某电子厂"},
    "internship_ended": {"student": "S-001"},
    "employee_insured": {"person": "P-002", "employer": "某电子厂"},
    "insurance_ended": {"person": "P-002"},
    "base_agreement_signed": {"kind": "labour", "partner": "某县人社局"},
    "trip_evaluation": {"trip": "outbound-fair-1", "company": "某企业", "overall": "good"},
    "service_ticket": {"kind": "consult", "client": "某企业"},
    "talent_engaged": {"kind": "master_or_senior", "name": "张三"},
    "organization_engaged": {"kind": "talent_station", "name": "某人才工作站"},
    "tech_service_delivered": {"title": "技术服务", "amount_yuan": "50000"},
    "innovation_recorded": {"kind": "patent", "level": "national", "title": "某专利"},
    "award_received": {"level": "city", "title": "先进集体"},
    "staff_joined": {"name": "李四", "role": "livestream"},
    "staff_left": {"name": "李四"},
    "metric_recorded": {"metric": "followers", "value": "12000", "platform": "official_account"},
    "complaint_filed": {"complainant": "求职者甲", "subject": "服务态度", "valid": False},
    "complaint_closed": {"case": "TS-2026-001", "resolution": "已回复并道歉"},
    "dispute_filed": {"case": "D-001", "kind": "collective", "parties": "甲 v 乙"},
    "dispute_resolved": {"case": "D-001", "outcome": "mediated", "parties_satisfied": True},
    "site_incident": {"kind": "safety_accident", "description": "轻微事故"},
    "credit_rated": {"scheme": "hr_service", "grade": "A"},
    "assessor_judgement": {"scheme": "shaxian-gig", "item": "site.rules", "met": True, "reason": "材料齐全"},
    # Ratings are read by the sixth scheme (data/schemes/gig-station-annual.toml): logged on a site under it.
    "assessor_rating": {"scheme": "gig-station-annual", "item": "service.rating", "reason": "现场评分",
                        "ratings": {"attitude": 4, "efficiency": 5, "environment": 3, "accuracy": 4}},
    "inspection_finding": {"kind": "false_information", "reason": "岗位信息过期"},
    "period_closed": {"period": "2026-Q1"},
    "score_signed_off": {"scheme": "wujiang-park", "period": "2026-Q1", "total": "92.5", "head_hash": HEX64,
                         "head_seq": 3, "scheme_hash": HEX64, "as_of": "2026-04-01", "signature": HEX64 * 2},
    "late_event_accepted": {"reason": "材料补交"},
    "evidence_attached": {"file_name": "签到表.jpg", "sha256": HEX64},
    "correction": {"changes": {"companies": 41}, "reason": "miscounted"},
    "retraction": {"reason": "entered twice"},
}  # fmt: skip


def test_the_examples_cover_the_whole_catalog():
    """A new event type must get an example here, so the round-trip test below covers it."""
    assert set(EXAMPLES) == set(CATALOG)


@pytest.mark.parametrize("event_type", sorted(set(EXAMPLES) - META_TYPES))
def test_each_example_is_valid(event_type):
    validate_payload(event_type, EXAMPLES[event_type])


def test_the_five_named_types_exist():
    for name in (
        "job_fair_held",
        "livestream_run",
        "worker_dispatched",
        "complaint_filed",
        "employee_insured",
    ):
        assert name in CATALOG


@pytest.mark.parametrize("event_type", sorted(CATALOG))
def test_every_type_has_a_label_a_docstring_and_rejects_unknown_fields(event_type):
    model = CATALOG[event_type]
    assert model.label_zh and model.__doc__
    with pytest.raises(LedgerError, match=r": colour: unknown field \(not in this event type"):
        target = {"target": "some-event-id"} if event_type in META_TYPES else {}
        validate_payload(event_type, {**EXAMPLES[event_type], **target, "colour": "red"})


def test_cli_closed_sets_match_the_catalog():
    """The command line (cli.py) repeats a few closed sets so it need not import the catalog at startup."""
    assert cli.SITE_KINDS == tuple(k.value for k in SiteKind)
    assert cli.ROLES == tuple(r.value for r in Role)
    assert set(cli.META) == META_TYPES


def test_catalog_json_maps_every_type_to_its_json_schema(cli_inproc):
    result = cli_inproc("catalog", "--format", "json")
    assert result.code == 0
    schemas = json.loads(result.out)
    assert isinstance(schemas, dict)
    assert {
        "job_fair_held",
        "livestream_run",
        "worker_dispatched",
        "complaint_filed",
        "employee_insured",
    } <= set(schemas)
    assert set(schemas) == set(CATALOG)
    for name, schema in schemas.items():
        assert schema["type"] == "object" and schema["additionalProperties"] is False
        assert schema["properties"]["type"]["const"] == name
        assert schema == json.loads(json.dumps(CATALOG[name].model_json_schema(), default=str))
    fair = schemas["job_fair_held"]
    assert set(fair["required"]) == {"title", "format", "kind", "companies", "jobs", "visitors"}
    assert fair["properties"]["companies"]["unit"] == "companies (家)"
    assert fair["$defs"]["Format"]["enum"] == ["online", "offline"]


def test_catalog_text_is_readable(cli_inproc):
    result = cli_inproc("catalog")
    assert result.code == 0
    lines = result.out.splitlines()
    start = lines.index("job_fair_held  举办招聘会")
    block = lines[start : lines.index("", start)]
    assert block[1] == "  A job fair (招聘会/双选会/对接会) with companies, jobs offered and visitors."
    fields = {line.split()[0]: " ".join(line.split()[2:]) for line in block[2:]}
    labels = {line.split()[0]: line.split()[1] for line in block[2:]}
    assert (
        labels["format"] == "形式" and labels["companies"] == "参会企业"
    )  # both names are accepted (test_cli_chinese)
    assert fields["format"] == "one of online=线上|offline=线下; required"
    assert fields["companies"] == "integer ≥0, companies (家); required"
    assert fields["wujiang_companies"] == "integer ≥0 (or empty), companies (家); default none"
    assert fields["doubled"] == "integer ≥1; default 1"
    assert "inspection_finding  检查发现  [assessor only]" in lines
    assert "    amount_yuan  金额      decimal ≥0, yuan (元); required" in lines


# Types an ordinary append refuses: schema 1's self-registered keys (ledger/trust.py) and the migration's own
# marker (written by `opsledger migrate` only). A log of every other type round-trips.
NOT_APPENDED = {"assessor_key_registered", "ledger_migrated"}


def build_log(path) -> None:
    """One event of every appendable type, written through the library in an order the rules allow."""
    ledger = Ledger(path, create=True)

    def append(event_type, payload, actor="operator-li", site=SITE, **envelope):
        return ledger.append(Draft(type=event_type, site=site, occurred_at="2026-03-05", actor=actor,
                                   payload=with_test_keys(event_type, payload), **envelope), keyring_for())  # fmt: skip

    for site, scheme in ((SITE, "shaxian-gig"), (RATED, "gig-station-annual")):
        append("site_registered", EXAMPLES["site_registered"], site=site)
        contract = {**EXAMPLES["contract_signed"], "scheme": scheme}
        append("contract_signed", contract, actor="buyer", site=site)  # the buyer's key becomes the root
        append("actor_role_granted", EXAMPLES["actor_role_granted"], actor="buyer", site=site)  # delegates
    targets = {}
    for name, payload in EXAMPLES.items():
        if name in {"site_registered", "contract_signed", "actor_role_granted"} | META_TYPES | NOT_APPENDED:
            continue
        actor = ASSESSOR if name in ASSESSOR_ONLY_TYPES else "operator-li"  # assessor acts are the assessor's
        site = RATED if name == "assessor_rating" else SITE
        targets[name] = append(name, payload, actor=actor, site=site, idempotency_key=f"key-{name}")
    fair_id, stream_id = targets["job_fair_held"].id, targets["livestream_run"].id
    append("evidence_attached", {**EXAMPLES["evidence_attached"], "target": fair_id},
           evidence=[{"file_name": "签到表.jpg", "sha256": HEX64}])  # fmt: skip
    append("late_event_accepted", {**EXAMPLES["late_event_accepted"], "target": fair_id}, actor=ASSESSOR)
    append("correction", {**EXAMPLES["correction"], "target": fair_id})
    append("retraction", {**EXAMPLES["retraction"], "target": stream_id})
    ledger.close()


ENVELOPE = ("id", "type", "site", "occurred_at", "actor", "payload", "evidence", "idempotency_key")


def test_every_type_round_trips_through_export_and_import(tmp_path, sh):
    source, copy = tmp_path / "source.db", tmp_path / "copy.db"
    build_log(source)
    exported = sh("--db", source, "events", "--format", "jsonl")
    assert exported.code == 0, exported.err
    records = [json.loads(line) for line in exported.out.splitlines()]
    assert {r["type"] for r in records} == set(CATALOG) - NOT_APPENDED

    path = tmp_path / "all.jsonl"
    path.write_text(exported.out, encoding="utf-8")
    assert sh("--db", copy, "init").code == 0
    imported = sh("--db", copy, "import", path, env=cli_env(OPSLEDGER_SCHEMES=str(SCHEMES)))
    assert imported.code == 0, imported.err
    assert imported.out.startswith(
        f"imported {len(records)} events (0 duplicates skipped); head seq {len(records)} "
    )
    assert sh("--db", copy, "verify").out.startswith(f"ok: {len(records)} events, ")

    copied = [json.loads(line) for line in sh("--db", copy, "events", "--format", "jsonl").out.splitlines()]
    assert [{k: r[k] for k in ENVELOPE} for r in copied] == [{k: r[k] for k in ENVELOPE} for r in records]
    by_type = {r["type"]: r["payload"] for r in copied}
    assert by_type["revenue_reported"]["amount_yuan"] == "350000.50"  # Decimal kept exactly, as text
    assert by_type["institution_entered"]["registered_locally"] is True  # "true" coerced on the way in
    assert by_type["contract_signed"]["start"] == "2026-01-01"


def test_every_type_round_trips_through_csv_too(tmp_path, sh):
    source, copy = tmp_path / "source.db", tmp_path / "copy.db"
    build_log(source)
    exported = sh("--db", source, "events", "--format", "csv")
    path = tmp_path / "all.csv"
    path.write_text(exported.out, encoding="utf-8-sig", newline="")
    assert sh("--db", copy, "init").code == 0
    assert sh("--db", copy, "import", path, env=cli_env(OPSLEDGER_SCHEMES=str(SCHEMES))).code == 0
    original = sh("--db", source, "events", "--format", "jsonl").out.splitlines()
    copied = sh("--db", copy, "events", "--format", "jsonl").out.splitlines()
    assert [{k: json.loads(r)[k] for k in ENVELOPE} for r in copied] == [
        {k: json.loads(r)[k] for k in ENVELOPE} for r in original
    ]
