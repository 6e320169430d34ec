"""A realistic, deterministic JSONL event log for the benchmark (bench/run.py).

Many sites under the five schemes in schemes/files/*.toml, each registered and contracted first, then
16 months of daily work (2025-07-01 .. 2026-10-31) in chronological order: job fairs, livestreams, gig
registrations, postings and deals, follow-up calls, dispatches, placements and insurance, talent and
organisation work, service tickets, metric readings, deliverables, complaints, a few corrections and
retractions, and, on the one site that has an assessor (the ledger only lets an assessor grant roles once
one exists, so one site gets one), assessors' judgements, inspection findings and quarterly closes with
some late events after them. Every payload is valid for ledger/events/.

Deterministic: the same (events, sites, seed) gives the same file byte for byte.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

START = date(2025, 7, 1)
END = date(2026, 10, 31)
SETUP_DAY = "2025-06-25"
ASSESSOR = "assessor-bench"
BUYER = "buyer-bench"
# The buyer's and the assessor's public keys (ledger/trust.py): the buyer signs each site's contract and the
# assessor's grant, which delegates the assessor's key. `use_keys` fills them from a keys directory; the import
# then runs with `--buyer buyer-bench --keys-dir DIR` and the appender signs those acts.
PUBLIC: dict[str, str] = {}


def use_keys(directory: str | Path) -> dict[str, str]:
    """The bench's two key pairs in `directory` (created once): actor -> public key hex."""
    from ledger.keys import new_key, public_path

    for actor in (BUYER, ASSESSOR):
        pub = public_path(actor, directory)
        if not pub.exists():
            new_key(actor, directory)
        PUBLIC[actor] = pub.read_text(encoding="ascii").strip()
    return dict(PUBLIC)


# scheme id -> (site kind, share of the sites, relative events per site)
SCHEMES: dict[str, tuple[str, float, float]] = {
    "chifeng-park": ("park", 0.08, 0.5),
    "dongsheng-talent": ("talent_center", 0.08, 0.5),
    "pingxiang-market": ("employment_market", 0.24, 1.2),
    "shaxian-gig": ("gig_market", 0.36, 1.5),
    "wujiang-alliance": ("alliance_unit", 0.24, 1.0),
}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
COMPANIES = ("沙县小吃集团", "福建三钢", "萍乡安源管业", "吴江盛虹纺织", "赤峰远联钢铁", "东胜煤电", "恒力化纤",
             "亨通光电", "鑫海物流", "宏达建筑")  # fmt: skip
SCHOOLS = ("铜仁职业技术学院", "昭通学院", "广安职业技术学院", "周口师范学院")


@dataclass(frozen=True)
class Site:
    id: str
    scheme: str
    kind: str
    weight: float


def sites_for(n: int) -> list[Site]:
    """n sites split across the five schemes by share (at least one each)."""
    out: list[Site] = []
    counts = {s: max(1, round(n * share)) for s, (_, share, _) in SCHEMES.items()}
    counts["shaxian-gig"] += n - sum(counts.values())
    for scheme, (kind, _, weight) in SCHEMES.items():
        prefix = scheme.split("-")[0]
        out += [Site(f"{prefix}-{i:03d}", scheme, kind, weight) for i in range(1, counts[scheme] + 1)]
    return out


class Gen:
    """Draws payloads; remembers recent ids per site so corrections, retractions and trip evaluations point
    at real events."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.n = 0
        self.prefix = "b"
        self.recent: dict[tuple[str, str], list[str]] = {}
        self.workers: dict[str, list[str]] = {}
        self.insured: dict[str, list[str]] = {}
        self.interns: dict[str, list[str]] = {}
        self.trips: dict[str, list[str]] = {}
        self.cases: dict[str, list[str]] = {}

    def next_id(self) -> str:
        self.n += 1
        return f"{self.prefix}{self.n:09d}"

    def person(self, site: str) -> str:
        return f"{site}-p{self.rng.randrange(1, 50000):05d}"

    def name(self) -> str:
        r = self.rng
        return r.choice(SURNAMES) + r.choice("明华建国海燕丽军伟芳") + r.choice(("", "东", "雪", "辉"))

    def remember(self, store: dict[str, list[str]], site: str, value: str) -> None:
        items = store.setdefault(site, [])
        items.append(value)
        if len(items) > 200:
            del items[:100]


def _fair(g: Gen, site: Site, day: date) -> dict[str, Any]:
    r = g.rng
    kind = r.choice(["daily", "daily", "daily", "themed", "campus", "industry", "matchmaking"])
    if site.scheme == "wujiang-alliance":
        kind = "outbound"
    payload = {"title": f"{day:%m月%d日}{'专场招聘会' if kind == 'daily' else '主题招聘会'}",
               "format": r.choice(["offline", "offline", "online"]), "kind": kind,
               "companies": r.randrange(10, 120), "jobs": r.randrange(100, 3000), "visitors": r.randrange(50, 4000)}  # fmt: skip
    if kind == "outbound":
        payload["wujiang_companies"] = r.randrange(3, 30)
    return payload


def _activity(g: Gen, site: Site, day: date) -> dict[str, Any]:
    r = g.rng
    kinds = {
        "chifeng-park": ["salon", "forum", "academic_seminar", "supply_demand_matchmaking", "policy_training",
                         "reception", "company_visit"],
        "dongsheng-talent": ["policy_briefing", "ad_display", "training_exchange", "institution_exchange",
                             "talent_recruitment", "school_enterprise", "city_partner_regular", "expert_evaluation"],
        "pingxiang-market": ["gig_skills_training", "business_training", "data_meeting", "company_visit",
                             "youth_trainer_class"],
        "shaxian-gig": ["enterprise_job_info", "short_term_staffing", "interprovincial_service", "employment_service"],
        "wujiang-alliance": ["employment_service", "talent_drive"],
    }[site.scheme]  # fmt: skip
    return {"kind": r.choice(kinds), "title": f"{day:%Y年%m月}活动第{r.randrange(1, 9)}场",
            "participants": r.randrange(5, 400), "scale": r.choice(["small", "medium", "large"])}  # fmt: skip


def _metric(g: Gen, site: Site, day: date) -> dict[str, Any]:
    r = g.rng
    metric = {
        "chifeng-park": ["employment_flow", "college_guidance", "platform_visits", "platform_jobs_posted",
                         "resumes_pushed", "policy_pushes", "enterprises_digitized"],
        "dongsheng-talent": ["talent_records"],
        "pingxiang-market": ["followers", "platform_rating"],
        "shaxian-gig": ["followers", "jobs_delivered"],
        "wujiang-alliance": ["employment_flow"],
    }[site.scheme]  # fmt: skip
    name = r.choice(metric)
    value = str(round(r.uniform(1, 5), 1)) if name == "platform_rating" else str(r.randrange(10, 20000))
    out: dict[str, Any] = {"metric": name, "value": value}
    if name == "followers":
        out["platform"] = "douyin"
    return out


def _deliverable(g: Gen, site: Site, day: date) -> dict[str, Any]:
    kinds = ["monthly_report", "quarterly_analysis", "work_summary", "research_report", "management_ledger",
             "gig_supply_demand_analysis", "follow_up_report", "monthly_data_report", "talent_demand_catalog"]  # fmt: skip
    return {"kind": g.rng.choice(kinds), "title": f"{day:%Y年%m月}工作材料"}


def _livestream(g: Gen, site: Site, day: date) -> dict[str, Any]:
    r = g.rng
    return {"title": f"{day:%m月%d日}直播带岗", "host": r.choice(["staff", "staff", "director", "enterprise_hr"]),
            "viewers": r.randrange(200, 30000), "jobs_posted": r.randrange(5, 300), "companies_reached": r.randrange(1, 30),
            "peak_met": r.random() > 0.1}  # fmt: skip


def _gig_worker(g: Gen, site: Site, day: date) -> dict[str, Any]:
    worker = g.person(site.id)
    g.remember(g.workers, site.id, worker)
    return {"worker": worker}


def _gig_post(g: Gen, site: Site, day: date) -> dict[str, Any]:
    return {"employer": g.rng.choice(COMPANIES), "positions": g.rng.randrange(1, 20)}


def _gig_deal(g: Gen, site: Site, day: date) -> dict[str, Any]:
    workers = g.workers.get(site.id) or [g.person(site.id)]
    return {"worker": g.rng.choice(workers), "employer": g.rng.choice(COMPANIES),
            "amount_yuan": f"{g.rng.randrange(80, 2000)}.{g.rng.randrange(0, 100):02d}"}  # fmt: skip


def _recommended(g: Gen, site: Site, day: date) -> dict[str, Any]:
    return {"person": g.person(site.id), "channel": g.rng.choice(["gig", "online_fair", "front_desk"]),
            "count": g.rng.randrange(1, 6)}  # fmt: skip


def _follow_up(g: Gen, site: Site, day: date) -> dict[str, Any]:
    scopes = [
        "fair_company",
        "fair_jobseeker",
        "gig_worker",
        "front_desk",
        "online_company",
        "online_jobseeker",
    ]
    return {"scope": g.rng.choice(scopes), "contact": g.person(site.id), "reached": g.rng.random() > 0.05}


def _dispatched(g: Gen, site: Site, day: date) -> dict[str, Any]:
    worker = g.person(site.id)
    g.remember(g.workers, site.id, worker)
    return {"worker": worker, "employer": g.rng.choice(COMPANIES),
            "channel": g.rng.choice(["labour_base", "labour_base", "express_hiring"]), "base": f"{site.id}-基地"}  # fmt: skip


def _insured(g: Gen, site: Site, day: date) -> dict[str, Any]:
    workers = g.workers.get(site.id) or [g.person(site.id)]
    person = g.rng.choice(workers)
    g.remember(g.insured, site.id, person)
    return {"person": person, "employer": g.rng.choice(COMPANIES)}


def _insurance_ended(g: Gen, site: Site, day: date) -> dict[str, Any]:
    people = g.insured.get(site.id) or [g.person(site.id)]
    return {"person": g.rng.choice(people)}


def _intern(g: Gen, site: Site, day: date) -> dict[str, Any]:
    student = g.person(site.id)
    g.remember(g.interns, site.id, student)
    return {"student": student, "kind": g.rng.choice(["trainee", "intern"]), "school": g.rng.choice(SCHOOLS),
            "employer": g.rng.choice(COMPANIES)}  # fmt: skip


def _intern_ended(g: Gen, site: Site, day: date) -> dict[str, Any]:
    return {"student": g.rng.choice(g.interns.get(site.id) or [g.person(site.id)])}


def _ticket(g: Gen, site: Site, day: date) -> dict[str, Any]:
    return {"kind": g.rng.choice(["consult", "consult", "dedicated", "full_agency"]), "client": g.name()}


def _talent(g: Gen, site: Site, day: date) -> dict[str, Any]:
    kinds = ["master_or_senior", "city_grassland", "expert_library", "policy_expert", "investor",
             "service_commissioner", "provincial_reserve", "f_class"]  # fmt: skip
    return {"kind": g.rng.choice(kinds), "name": g.name()}


def _org(g: Gen, site: Site, day: date) -> dict[str, Any]:
    kinds = ["third_party_introduced", "third_party_reserved", "talent_station", "reserve_project",
             "specialized_enterprise", "high_tech_enterprise"]  # fmt: skip
    return {"kind": g.rng.choice(kinds), "name": g.rng.choice(COMPANIES) + "分公司"}


def _tech(g: Gen, site: Site, day: date) -> dict[str, Any]:
    return {"title": "技术服务合同", "amount_yuan": str(g.rng.randrange(10000, 900000))}


def _complaint(g: Gen, site: Site, day: date) -> dict[str, Any]:
    return {"complainant": g.name(), "subject": "服务态度", "valid": g.rng.random() < 0.3}


def _survey(g: Gen, site: Site, day: date) -> dict[str, Any]:
    if site.scheme == "chifeng-park":
        return {
            "survey": "resident_satisfaction",
            "respondent": g.person(site.id),
            "score": str(g.rng.randrange(70, 101)),
        }
    return {"survey": "gig_satisfaction", "respondent": g.person(site.id), "satisfied": g.rng.random() > 0.08}


def _institution(g: Gen, site: Site, day: date) -> dict[str, Any]:
    return {
        "institution": g.rng.choice(COMPANIES) + "人力资源公司",
        "registered_locally": g.rng.random() < 0.6,
    }


def _revenue(g: Gen, site: Site, day: date) -> dict[str, Any]:
    prev = (day.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    return {"institution": g.rng.choice(COMPANIES) + "人力资源公司", "month": prev,
            "amount_yuan": str(g.rng.randrange(100000, 9000000))}  # fmt: skip


def _info(g: Gen, site: Site, day: date) -> dict[str, Any]:
    return {
        "channel": g.rng.choice(["official_account", "mini_program", "employment_cloud"]),
        "title": "岗位信息汇总",
    }


def _media(g: Gen, site: Site, day: date) -> dict[str, Any]:
    return {
        "level": g.rng.choice(["national", "provincial", "city"]),
        "outlet": "人民网",
        "title": "园区动态",
    }


def _video(g: Gen, site: Site, day: date) -> dict[str, Any]:
    return {"kind": "short_video", "title": "招聘短视频", "minutes": "2.5", "platform": "douyin"}


def _staff(g: Gen, site: Site, day: date) -> dict[str, Any]:
    return {"name": g.name(), "role": g.rng.choice(["operations", "livestream", "front_desk"])}


def _dispute(g: Gen, site: Site, day: date) -> dict[str, Any]:
    case = f"{site.id}-case{g.rng.randrange(1, 99999):05d}"
    g.remember(g.cases, site.id, case)
    return {"case": case}


def _dispute_resolved(g: Gen, site: Site, day: date) -> dict[str, Any]:
    return {"case": g.rng.choice(g.cases.get(site.id) or [f"{site.id}-case00000"]),
            "outcome": g.rng.choice(["won", "mediated", "mediated", "withdrawn", "lost"])}  # fmt: skip


def _base(g: Gen, site: Site, day: date) -> dict[str, Any]:
    return {"kind": g.rng.choice(["labour", "gov_school"]), "partner": g.rng.choice(SCHOOLS)}


def _credit(g: Gen, site: Site, day: date) -> dict[str, Any]:
    return {"scheme": "hr_service", "grade": g.rng.choice(["A", "A", "B"])}


Maker = Callable[[Gen, Site, date], dict[str, Any]]

# scheme -> [(event type, weight, payload maker)]: the mix a site of that scheme logs day to day.
MIX: dict[str, list[tuple[str, float, Maker]]] = {
    "chifeng-park": [
        ("activity_held", 20, _activity), ("metric_recorded", 15, _metric), ("deliverable_submitted", 8, _deliverable),
        ("job_fair_held", 8, _fair), ("institution_entered", 3, _institution), ("revenue_reported", 15, _revenue),
        ("info_published", 12, _info), ("media_report", 2, _media), ("video_published", 2, _video),
        ("talent_engaged", 5, _talent), ("survey_response", 6, _survey), ("livestream_run", 3, _livestream),
        ("complaint_filed", 1, _complaint),
    ],
    "dongsheng-talent": [
        ("service_ticket", 40, _ticket), ("activity_held", 20, _activity), ("talent_engaged", 15, _talent),
        ("organization_engaged", 8, _org), ("deliverable_submitted", 4, _deliverable),
        ("tech_service_delivered", 4, _tech), ("metric_recorded", 2, _metric),
    ],
    "pingxiang-market": [
        ("follow_up_call", 40, _follow_up), ("job_recommended", 20, _recommended), ("job_fair_held", 6, _fair),
        ("livestream_run", 6, _livestream), ("activity_held", 5, _activity), ("gig_job_posted", 15, _gig_post),
        ("metric_recorded", 2, _metric), ("deliverable_submitted", 2, _deliverable), ("video_published", 1, _video),
        ("complaint_filed", 0.5, _complaint), ("staff_joined", 0.3, _staff),
    ],
    "shaxian-gig": [
        ("gig_worker_registered", 30, _gig_worker), ("gig_job_posted", 25, _gig_post), ("gig_deal_completed", 30, _gig_deal),
        ("survey_response", 5, _survey), ("livestream_run", 1, _livestream), ("activity_held", 3, _activity),
        ("dispute_filed", 0.3, _dispute), ("metric_recorded", 1, _metric), ("staff_joined", 0.2, _staff),
        ("complaint_filed", 0.3, _complaint),
    ],
    "wujiang-alliance": [
        ("worker_dispatched", 30, _dispatched), ("employee_insured", 25, _insured), ("insurance_ended", 5, _insurance_ended),
        ("intern_placed", 8, _intern), ("internship_ended", 4, _intern_ended), ("job_fair_held", 2, _fair),
        ("base_agreement_signed", 0.5, _base), ("dispute_filed", 0.3, _dispute), ("dispute_resolved", 0.3, _dispute_resolved),
        ("complaint_filed", 0.3, _complaint), ("credit_rated", 0.1, _credit), ("metric_recorded", 1, _metric),
    ],
}  # fmt: skip

# Fields a correction may change, per type (validated against the target's model by the ledger).
CORRECTABLE = {"job_fair_held": "visitors", "activity_held": "participants", "gig_job_posted": "positions",
               "livestream_run": "viewers"}  # fmt: skip


def _rec(g: Gen, etype: str, site: str, day: str, actor: str, payload: dict[str, Any]) -> dict[str, Any]:
    event_id = g.next_id()
    if etype in CORRECTABLE:
        g.remember(g.recent, (site, etype), event_id)  # type: ignore[arg-type]
    return {
        "id": event_id,
        "type": etype,
        "site": site,
        "occurred_at": day,
        "actor": actor,
        "payload": payload,
    }


def _key(actor: str) -> str:
    if actor not in PUBLIC:
        raise SystemExit(
            "bench/gen.py: call gen.use_keys(DIR) first (the contracts and grant name public keys)"
        )
    return PUBLIC[actor]


def setup_records(g: Gen, sites: list[Site]) -> list[dict[str, Any]]:
    out = []
    for s in sites:
        out.append(
            _rec(g, "site_registered", s.id, SETUP_DAY, BUYER, {"name": f"{s.id} 运营点", "kind": s.kind})
        )
        out.append(_rec(g, "contract_signed", s.id, SETUP_DAY, BUYER,
                        {"scheme": s.scheme, "start": START.isoformat(), "fee_yuan": "1200000",
                         **({"network_fee_yuan": "200000"} if s.scheme == "shaxian-gig" else {}),
                         "buyer_key": _key(BUYER)}))  # fmt: skip
    # The first grant may come from anyone; after it only an assessor for a site can grant roles there, so
    # only the first site (a Chifeng park) gets an assessor: its judgements, findings and closes are logged.
    out.append(
        _rec(
            g,
            "actor_role_granted",
            sites[0].id,
            SETUP_DAY,
            BUYER,
            {"actor": ASSESSOR, "role": "assessor", "public_key": _key(ASSESSOR)},
        )
    )
    return out


def records(total: int, n_sites: int = 100, seed: int = 7, start: date = START, end: date = END,
            id_prefix: str = "b", with_setup: bool = True, only: str | None = None) -> Iterator[dict[str, Any]]:  # fmt: skip
    """`total` event records (setup included), chronological from `start` to `end` (`only`: one site's)."""
    g = Gen(seed)
    sites = sites_for(n_sites)
    setup = setup_records(g, sites) if with_setup else []
    if only is not None:
        sites = [s for s in sites if s.id == only]
    g.prefix = id_prefix  # ids of an appended batch must not collide with the base log's
    yield from setup
    weights = [s.weight for s in sites]
    mixes = {
        scheme: ([t for t, _, _ in m], [w for _, w, _ in m], {t: f for t, _, f in m})
        for scheme, m in MIX.items()
    }
    days = (end - start).days + 1
    n = total - len(setup)
    assessed = sites[0]
    closed_until: date | None = None
    picks = g.rng.choices(range(len(sites)), weights=weights, k=n)
    for i in range(n):
        day = start + timedelta(days=i * days // n)
        text = day.isoformat()
        site = sites[picks[i]]
        r = g.rng.random()
        if site is assessed and r < 0.01:  # the assessor's work on its site
            yield _assessor_record(g, site, day)
            continue
        if r < 0.0012 and g.recent:  # a correction of an earlier fact of this site
            etype = g.rng.choice(list(CORRECTABLE))
            ids = g.recent.get((site.id, etype))  # type: ignore[call-overload]
            if ids:
                yield _rec(g, "correction", site.id, text, f"op-{site.id}",
                           {"target": g.rng.choice(ids), "changes": {CORRECTABLE[etype]: g.rng.randrange(1, 500)},
                            "reason": "录入有误，按签到表更正"})  # fmt: skip
                continue
        if r > 0.9995:  # a retraction (an event logged twice by mistake)
            ids = g.recent.get((site.id, "activity_held"))  # type: ignore[call-overload]
            if ids:
                target = ids.pop()
                yield _rec(
                    g, "retraction", site.id, text, f"op-{site.id}", {"target": target, "reason": "重复录入"}
                )
                continue
        names, ws, makers = mixes[site.scheme]
        etype = g.rng.choices(names, weights=ws)[0]
        if etype == "job_fair_held" and site.scheme == "wujiang-alliance":
            rec = _rec(g, etype, site.id, text, f"op-{site.id}", makers[etype](g, site, day))
            g.remember(g.trips, site.id, rec["id"])
            yield rec
            continue
        if site.scheme == "wujiang-alliance" and g.trips.get(site.id) and g.rng.random() < 0.01:
            yield _rec(g, "trip_evaluation", site.id, text, f"op-{site.id}",
                       {"trip": g.rng.choice(g.trips[site.id]), "company": g.rng.choice(COMPANIES),
                        "overall": g.rng.choice(["good", "good", "average"])})  # fmt: skip
            continue
        # A quarterly close on the assessed site ten days after each quarter, then the odd late fact inside it.
        if site is assessed and day.day >= 10 and day.month in (1, 4, 7, 10):
            q_end = day.replace(day=1) - timedelta(days=1)
            if closed_until != q_end:
                closed_until = q_end
                q = (q_end.month - 1) // 3 + 1
                yield _rec(
                    g,
                    "period_closed",
                    site.id,
                    text,
                    ASSESSOR,
                    {"period": f"{q_end.year}-Q{q}", "reason": "季度考核"},
                )
                continue
            if g.rng.random() < 0.02:
                late_day = (q_end - timedelta(days=g.rng.randrange(0, 60))).isoformat()
                yield _rec(g, "activity_held", site.id, late_day, f"op-{site.id}", _activity(g, site, day))
                continue
        yield _rec(g, etype, site.id, text, f"op-{site.id}", makers[etype](g, site, day))


def _assessor_record(g: Gen, site: Site, day: date) -> dict[str, Any]:
    """An assessor's judgement on one of the Chifeng items judged by an assessor (schemes/files/chifeng-park.toml's
    judgement indicators; the scheme reads no inspection findings, so none are logged: they would be refused)."""
    text = day.isoformat()
    g.rng.random()  # kept: the draw that used to pick a finding, so the rest of the log stays as it was
    items = ["q1.info_platform", "q2.seminars", "q2.matchmaking", "q3.employment.mechanism",
             "q3.platform.talent_governance"]  # fmt: skip
    return _rec(g, "assessor_judgement", site.id, text, ASSESSOR,
                {"scheme": site.scheme, "item": g.rng.choice(items), "met": g.rng.random() > 0.2,
                 "reason": "现场检查"})  # fmt: skip


def write(path: str | Path, total: int, n_sites: int = 100, seed: int = 7, **kw: Any) -> int:
    """Write the log as JSONL; returns the number of records."""
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for rec in records(total, n_sites, seed, **kw):
            out.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
            count += 1
    return count


def appended(total: int, n_sites: int = 100, seed: int = 8, spread: bool = True,
             id_prefix: str = "n") -> list[dict[str, Any]]:  # fmt: skip
    """`total` new events after the base log (2026-11-01 ..): spread over every site, or at one site."""
    only = None if spread else sites_for(n_sites)[-1].id  # one busy gig market logging a day's batch
    recs = records(total + total // 10, n_sites, seed, start=date(2026, 11, 1), end=date(2026, 11, 20),
                   id_prefix=id_prefix, with_setup=False, only=only)  # fmt: skip
    # Corrections and retractions here point at this batch's own earlier events (valid). The assessor's events
    # stay out of an appended batch.
    keep = [r for r in recs if r["type"] not in ("period_closed", "assessor_judgement", "inspection_finding")]
    return keep[:total]
