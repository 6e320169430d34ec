"""乐业吴江就业协作联盟 (wujiang-alliance, seed 004): twelve operating units scored against each other. Each
signs labour bases and a school, runs recruiting trips to its region (evaluated by the Wujiang companies that
came along), sends workers who are insured on arrival (some with commercial accident insurance, some leaving
within six months), places trainees and interns, and hires through 用工速递.

The units differ by the table below (arrivals, trips, how many stay insured, trouble), so the ranking has a top
and a bottom and the grade quotas bite: a lost individual dispute, five complaints at one unit, an HR credit
grade of C at another (a disqualifying condition), a trip with only four Wujiang companies, poorly rated trips,
a unit whose ledger lacks the after-the-fact photos, a unit that did not report its placements for 3 months.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemes.demo.plan import Once, Plan, Row, Stream, Then, complaint, judge
from schemes.demo.sites import REGIONS, WUJIANG_UNITS
from schemes.demo.values import ByK, ByN, Cycle, Fmt, Int, Nth, Parent, ParentId, Pick, Tenths
from schemes.demo.when import Blend, On, Within

EMPLOYERS = ("吴江经济开发区电子厂", "盛泽纺织集团", "汾湖精密制造", "同里文旅", "震泽丝绸", "松陵物流园",
             "七都光缆", "桃源机械", "黎里新材料", "平望港物流")  # fmt: skip
# Arrivals: most after the Spring Festival (late February to May), the rest in the summer and autumn.
ARRIVALS = ((0.78, (2, 24), (5, 29)), (0.22, (7, 1), (10, 30)))


@dataclass(frozen=True)
class Unit:
    """One alliance unit's year."""

    arrivals: int  # 进吴人数, a fifth of them students (trainees and interns)
    labour_bases: int  # plus one government-school base (the region's vocational college)
    trips: tuple[tuple[int, int], ...]  # the recruiting trips to its region
    commercial: float  # share of workers also given commercial accident insurance
    leaving: float  # share of workers whose insurance ends (they leave) within six months
    express_hires: int  # 用工速递 hires
    online_trip: int = 0  # which trip was held online (0: none)
    poor_trip: bool = False  # the first company rates the trips poor
    few_companies: bool = False  # the first trip brings only 4 Wujiang companies
    ledger_ok: bool = True  # 台账资料 complete (judged at the year's end)
    reporting_ok: bool = True  # 每月送工信息 reported on time
    trouble: tuple[Row, ...] = ()


UNITS = (
    Unit(97, 2, ((2, 20), (5, 20), (8, 20)), 0.35, 0.10, 2, online_trip=2),
    Unit(122, 3, ((2, 19), (5, 19), (8, 19)), 0.39, 0.12, 7),
    Unit(58, 4, ((2, 18),), 0.43, 0.14, 4, poor_trip=True),
    Unit(108, 2, ((2, 17), (5, 17), (8, 17)), 0.47, 0.16, 9, reporting_ok=False),
    Unit(66, 3, ((2, 16), (5, 16)), 0.51, 0.18, 6, online_trip=2, trouble=(
        Once("dispute_filed", (5, 11), {"case": "WJ05-A01", "kind": "individual", "parties": "务工人员与用工单位"}),
        Once("dispute_resolved", (8, 19), {"case": "WJ05-A01", "kind": "individual", "outcome": "lost"}),
    )),
    Unit(73, 4, ((2, 20), (5, 20)), 0.55, 0.10, 3),
    Unit(84, 2, ((2, 19), (5, 19)), 0.59, 0.12, 8, ledger_ok=False),
    Unit(136, 3, ((2, 18), (5, 18), (8, 18)), 0.63, 0.14, 5, few_companies=True),
    Unit(51, 4, ((2, 17),), 0.35, 0.16, 2),
    Unit(90, 2, ((2, 16), (5, 16)), 0.39, 0.18, 7, poor_trip=True),
    Unit(43, 3, ((2, 20),), 0.43, 0.10, 4, trouble=tuple(
        complaint(on, f"务工人员{k}", "食宿安排不到位") for k, on in
        enumerate(((3, 12), (4, 20), (6, 3), (9, 15), (11, 18)), start=1)
    )),
    Unit(31, 4, ((2, 19),), 0.47, 0.12, 3, trouble=(
        Once("credit_rated", (9, 15), {"scheme": "hr_service", "grade": "C"}),
    )),
)  # fmt: skip


def unit_plan(number: int, unit: Unit) -> Plan:
    """The rows of unit `number` (1-based) from its line in the table."""
    region, code = REGIONS[number - 1], f"WJ{number:02d}"
    bases = [f"{region}劳务基地{k}" for k in range(1, unit.labour_bases + 1)]
    school = f"{region}职业技术学院"
    rating = Pick("good", "good", "average")
    students = unit.arrivals // 5
    rows: list[Row] = [
        Once("base_agreement_signed", (k + 1, 7 + number), {"kind": "gov_school" if name == school else "labour",
             "partner": name}) for k, name in enumerate([*bases, school])
    ]  # fmt: skip
    rows += [
        Stream("job_fair_held", On(unit.trips),
               {"title": Fmt(f"赴{region}招聘（第{{n}}次）"), "format": ByN({unit.online_trip: "online"}, "offline"),
                "kind": "outbound", "companies": Int(6, 14), "jobs": Int(200, 600), "visitors": Int(150, 500),
                "wujiang_companies": ByN({1: 4} if unit.few_companies else {}, Int(5, 12))},
               then=(Then("trip_evaluation", {"trip": ParentId(), "company": Nth(*EMPLOYERS),
                          "overall": ByK({1: "poor"} if unit.poor_trip else {}, rating)}, after=3, times=Int(5, 8)),)),
        Stream("intern_placed", Blend(students, ARRIVALS),
               {"student": Fmt(f"{code}-S{{n:03d}}"), "kind": Cycle("trainee", "intern"), "school": school,
                "employer": Pick(*EMPLOYERS)},
               then=(Then("internship_ended", {"student": Parent("student")}, after=Int(30, 150), chance=0.12),)),
        Stream("worker_dispatched", Blend(unit.arrivals - students, ARRIVALS),
               {"worker": Fmt(f"{code}-P{{n:04d}}"), "employer": Pick(*EMPLOYERS), "channel": "labour_base",
                "base": Pick(*bases)},
               then=(Then("employee_insured", {"person": Parent("worker"), "employer": Parent("employer")},
                          after=Int(0, 6)),
                     Then("employee_insured", {"person": Parent("worker"), "employer": Parent("employer"),
                          "kind": "commercial_accident"}, after=2, chance=unit.commercial),
                     Then("insurance_ended", {"person": Parent("worker")}, after=Int(25, 170), chance=unit.leaving))),
        Stream("worker_dispatched", Within(unit.express_hires, (3, 1), (11, 30)),
               {"worker": Fmt(f"{code}-X{{n:03d}}"), "employer": Pick(*EMPLOYERS), "channel": "express_hiring",
                "rating": Pick(3, 4, 4, 5, 5)}),
        Once("metric_recorded", (12, 20), {"metric": "platform_rating", "value": Tenths(36, 49)}),
        *unit.trouble,
        judge((12, 21), "annual.ledger", unit.ledger_ok, "台账资料齐全" if unit.ledger_ok else "缺事后影像资料"),
        judge((12, 21), "org.management", True, "专人对接、食宿妥善"),
        judge((12, 21), "org.reporting", unit.reporting_ok,
              "每月送工信息按时报送" if unit.reporting_ok else "3个月未报送送工信息"),
    ]  # fmt: skip
    return Plan(WUJIANG_UNITS[number - 1].id, tuple(rows))


def plans() -> list[Plan]:
    return [unit_plan(n, unit) for n, unit in enumerate(UNITS, start=1)]
