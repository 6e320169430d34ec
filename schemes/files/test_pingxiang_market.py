"""Table-driven cases for pingxiang-market.toml: indicator values in, points per item out.

Every expected number is worked out by hand from the 附件《基础运营服务绩效考核评分表》 of the seed
(002_24ed14f25ec16d36.txt); each item's group quotes the 评分标准 clause it reads (checked against the scheme
file and the seed below). A buyer who edits a threshold in the scheme file edits its case here too:
`test_every_item_has_cases` refuses an item without cases.

Readings P1-P4 are written at the top of the scheme file:
  P1 the 评分标准 governs how points are computed (daily fairs are checked fair by fair);
  P2 a number that differs between the 考核内容 and the 评分标准 is read for the operator (gig posts: 400);
  P3 以上/不少于/不低于/及以上 include the number, 大于/超过/高于 exclude it;
  P4 "每减少1个百分点" counts whole percentage points.

The last part tests the engine pieces this scheme added: deduction groups, a judgement's maximum deduction,
and cadence indicators by quarter, over a summed field, with the total shortfall.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from ledger.envelope import Event
from ledger.payloads import validate_payload
from projections.indicators import IndicatorSpec, IndicatorValue, compute
from projections.periods import Period
from schemes.engine import score, score_item
from schemes.model import Scheme, get_scheme
from schemes.rules import Deductions, Judgement, RuleContext

SCHEME_ID = "pingxiang-market"
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "002_24ed14f25ec16d36.txt"
D = Decimal
YEAR = Period.year(2026)
SPEC = TypeAdapter(IndicatorSpec)


@pytest.fixture(scope="module")
def scheme() -> Scheme:
    return get_scheme(SCHEME_ID)


def iv(value: Any) -> IndicatorValue:
    """An indicator value backed by one event (so the rule, not the no-data path, decides)."""
    return IndicatorValue(None if value is None else D(str(value)), events=(1,))


def rate(value: Any) -> IndicatorValue:
    """A ratio as the fold derives it (None: nothing due, no data)."""
    if value is None:
        return IndicatorValue(None, events=(), detail={"numerator": None, "denominator": None})
    return IndicatorValue(D(str(value)), events=(1, 2), detail={"derived": True})


def judged(met: bool, shortfalls: int = 0, reason: str = "年终评估") -> IndicatorValue:
    return IndicatorValue(D(shortfalls), events=(1,), detail={"met": met, "reason": reason})


def fairs(held: int, sub_misses: int = 0) -> IndicatorValue:
    """A per_event indicator: `held` fairs, `sub_misses` individual figures missed across them."""
    return IndicatorValue(D(held), events=tuple(range(1, held + 1)) or (), detail={"sub_misses": sub_misses})


def cadence(short: int, missing: int | None = None) -> IndicatorValue:
    """A cadence indicator: `short` buckets below target, `missing` events missing from them in all."""
    return IndicatorValue(
        D(short), events=(1,), detail={"short": [], "missing": short if missing is None else missing}
    )


NO_JUDGEMENT = IndicatorValue(None)

# Every indicator at a value that earns its item's maximum (bonus rows included): the baseline cases edit.
FULL: dict[str, IndicatorValue] = {
    "staff_full_time": iv(7),
    "duty_unclear": iv(0),
    "j_services": judged(True),
    "visit_short_months": cadence(0),
    "report_short_quarters": cadence(0),
    "data_errors": iv(0),
    "fu_fair_company_rate": rate(95),
    "fu_fair_jobseeker_rate": rate(95),
    "fu_gig_worker_rate": rate(95),
    "fu_front_desk_rate": rate(95),
    "channels_missing": iv(0),
    "info_late_or_false": iv(0),
    "feedback_unhandled": iv(0),
    "env_dirty": iv(0),
    "facility_unrepaired": iv(0),
    "special_equipment": iv(0),
    "patrol_parking": iv(0),
    "utilities_left_on": iv(0),
    "daily_fairs": fairs(38),
    "themed_units": iv(12),
    "themed_fairs": fairs(12),
    "outbound_trips": iv(5),
    "fu_online_company_rate": rate(95),
    "fu_online_jobseeker_rate": rate(100),
    "recommendations_short": iv(0),
    "livestream_team": iv(4),
    "livestreams_done": iv(150),
    "livestream_weeks": cadence(0),
    "livestream_viewers": iv(120001),
    "short_videos": iv(181),
    "livestream_companies": iv(100),
    "follower_growth": iv(10),
    "livestream_jobs": iv(30000),
    "director_livestreams": iv(2),
    "chief_livestreams": iv(4),
    "gig_not_recommended": iv(0),
    "gig_post_months": cadence(0),
    "gig_training_months": cadence(0),
    "gig_analysis_quarters": cadence(0),
    "business_trainings": iv(2),
    "training_coverage": iv(80),
    "competition_prep": iv(1),
    "youth_trainer_class": iv(1),
    "advisor_cultivation": iv(1),
    "data_meeting_months": cadence(0),
    "report_errors": iv(0),
    "daily_big_fairs": iv(10),
    "themed_units_complete": iv(12),
    "national_honours": iv(1),
    "provincial_honours": iv(1),
    "innovations_adopted": iv(0),
    "valid_complaints": iv(0),
}

# Bonus rows at zero (a case that is about a bonus row starts from here).
NO_BONUS = {
    "daily_big_fairs": iv(0),
    "themed_units_complete": iv(0),
    "national_honours": iv(0),
    "provincial_honours": iv(0),
    "innovations_adopted": iv(0),
}

# item id -> (the 评分标准 clause quoted from the seed, [(case id, indicator values, expected points), ...])
TABLE: dict[str, tuple[str, list[tuple[str, dict[str, Any], str]]]] = {
    "ops.staff": (
        "缺1名专职人员或1项核心职责未明确，扣1分，扣完为止。",
        [
            ("7-staff-不少于7名-5", {}, "5"),
            ("8-staff-5", {"staff_full_time": iv(8)}, "5"),
            ("6-staff-minus-1-4", {"staff_full_time": iv(6)}, "4"),
            ("2-staff-minus-5-0", {"staff_full_time": iv(2)}, "0"),
            ("1-staff-minus-6-floored-0", {"staff_full_time": iv(1)}, "0"),
            ("2-duties-unclear-3", {"duty_unclear": iv(2)}, "3"),
            ("6-staff-and-1-duty-3", {"staff_full_time": iv(6), "duty_unclear": iv(1)}, "3"),
            ("5-staff-and-3-duties-floored-0", {"staff_full_time": iv(5), "duty_unclear": iv(3)}, "0"),
        ],
    ),
    "ops.services": (
        "每缺1项服务，扣1分；服务不达标（如政策宣介不到位、指导无实效），每项扣1分；最多扣3分。",
        [
            ("all-14-met-5", {}, "5"),
            ("1-short-4", {"j_services": judged(False, 1)}, "4"),
            ("2-short-3", {"j_services": judged(False, 2)}, "3"),
            ("3-short-2", {"j_services": judged(False, 3)}, "2"),
            ("4-short-capped-at-3-2", {"j_services": judged(False, 4)}, "2"),
            ("14-short-capped-2", {"j_services": judged(False, 14)}, "2"),
            ("not-met-uncounted-is-one-4", {"j_services": judged(False, 0)}, "4"),
            ("no-judgement-yet-0", {"j_services": NO_JUDGEMENT}, "0"),
        ],
    ),
    "ops.research": (
        "未按月走访，每次扣1分；无季度分析报告，扣1分；数据遗漏/错误，每处扣0.5分；扣完为止。",
        [
            ("every-month-every-quarter-5", {}, "5"),
            ("1-month-unvisited-4", {"visit_short_months": cadence(1)}, "4"),
            ("1-quarter-without-report-4", {"report_short_quarters": cadence(1)}, "4"),
            ("4-quarters-without-report-1", {"report_short_quarters": cadence(4)}, "1"),
            ("1-data-error-4.5", {"data_errors": iv(1)}, "4.5"),
            (
                "2-months-1-quarter-3-errors-0.5",
                {"visit_short_months": cadence(2), "report_short_quarters": cadence(1), "data_errors": iv(3)},
                "0.5",
            ),
            ("12-months-unvisited-floored-0", {"visit_short_months": cadence(12)}, "0"),
        ],
    ),
    "ops.follow_up": (
        "回访覆盖率90%，台账完整，分析报告按时装订，得5分；每减少1个百分点扣0.2分，最高扣3分。",
        [
            ("all-95-5", {}, "5"),
            ("90-exactly-5", {"fu_fair_company_rate": rate(90)}, "5"),
            ("89.99-less-than-a-whole-point-5", {"fu_fair_company_rate": rate("89.99")}, "5"),
            ("89.5-5", {"fu_gig_worker_rate": rate("89.5")}, "5"),
            ("89-one-point-4.8", {"fu_gig_worker_rate": rate(89)}, "4.8"),
            ("88.89-one-whole-point-4.8", {"fu_front_desk_rate": rate("88.89")}, "4.8"),
            ("85-five-points-4", {"fu_fair_jobseeker_rate": rate(85)}, "4"),
            ("75.01-14-points-2.2", {"fu_fair_jobseeker_rate": rate("75.01")}, "2.2"),
            ("75-15-points-cap-3-2", {"fu_fair_jobseeker_rate": rate(75)}, "2"),
            ("74-capped-2", {"fu_fair_jobseeker_rate": rate(74)}, "2"),
            ("0-percent-capped-2", {"fu_front_desk_rate": rate(0)}, "2"),
            ("no-follow-up-recorded-is-0-percent-2", {"fu_gig_worker_rate": rate(None)}, "2"),
            # Two scopes short: the lowest rate decides (80: -2), the 85 is not added (the sum would give 2).
            (
                "85-and-80-lowest-counts-3",
                {"fu_fair_company_rate": rate(85), "fu_gig_worker_rate": rate(80)},
                "3",
            ),
            (
                "88-and-88-once-4.6",
                {"fu_fair_company_rate": rate(88), "fu_front_desk_rate": rate(88)},
                "4.6",
            ),
        ],
    ),
    "ops.publicity": (
        "宣传渠道少1种，扣1分；信息发布不及时/虚假，每条扣0.5分；未处理反馈，每条扣0.5分，扣完为止。",
        [
            ("3-channels-nothing-found-5", {}, "5"),
            ("1-channel-missing-4", {"channels_missing": iv(1)}, "4"),
            ("3-channels-missing-2", {"channels_missing": iv(3)}, "2"),
            ("1-late-or-false-post-4.5", {"info_late_or_false": iv(1)}, "4.5"),
            ("2-feedback-unhandled-4", {"feedback_unhandled": iv(2)}, "4"),
            (
                "5.5-off-floored-0",
                {"channels_missing": iv(3), "info_late_or_false": iv(3), "feedback_unhandled": iv(2)},
                "0",
            ),
        ],
    ),
    "ops.environment": (
        "每发现一次环境脏乱，每次扣1分；设施故障5个工作日内未及时处理，每处扣1分；特种设备违规，扣3分；"
        "保安、保洁未开展日常巡查工作、停车场乱停乱放、违规充电，每发现一次扣1分。"
        "每发现一次水电未及时关闭，造成资源浪费扣0.5分；最高扣6分。",
        [
            ("nothing-found-10", {}, "10"),
            ("1-dirty-9", {"env_dirty": iv(1)}, "9"),
            ("2-faults-unrepaired-8", {"facility_unrepaired": iv(2)}, "8"),
            ("1-special-equipment-7", {"special_equipment": iv(1)}, "7"),
            ("2-special-equipment-flat-3-7", {"special_equipment": iv(2)}, "7"),
            ("1-patrol-or-parking-9", {"patrol_parking": iv(1)}, "9"),
            ("1-utilities-left-on-9.5", {"utilities_left_on": iv(1)}, "9.5"),
            ("3-utilities-8.5", {"utilities_left_on": iv(3)}, "8.5"),
            ("5-dirty-1-utilities-5.5-off-4.5", {"env_dirty": iv(5), "utilities_left_on": iv(1)}, "4.5"),
            ("3-dirty-1-special-6-off-4", {"env_dirty": iv(3), "special_equipment": iv(1)}, "4"),
            ("4-dirty-1-special-7-capped-6-4", {"env_dirty": iv(4), "special_equipment": iv(1)}, "4"),
            ("7-dirty-capped-4", {"env_dirty": iv(7)}, "4"),
        ],
    ),
    "recruit.daily_fairs": (
        "场次未完成，缺少一场扣0.5分；每场次如有未完成指标项，按每项指标扣0.5分计算；最高扣6分。",
        [
            ("38-fairs-all-met-10", {}, "10"),
            ("39-fairs-10", {"daily_fairs": fairs(39)}, "10"),
            ("37-fairs-9.5", {"daily_fairs": fairs(37)}, "9.5"),
            ("36-fairs-2-figures-missed-8", {"daily_fairs": fairs(36, 2)}, "8"),
            ("38-fairs-11-figures-missed-4.5", {"daily_fairs": fairs(38, 11)}, "4.5"),
            ("38-fairs-12-figures-6-off-4", {"daily_fairs": fairs(38, 12)}, "4"),
            ("38-fairs-13-figures-capped-4", {"daily_fairs": fairs(38, 13)}, "4"),
            ("26-fairs-6-off-4", {"daily_fairs": fairs(26)}, "4"),
            ("25-fairs-capped-4", {"daily_fairs": fairs(25)}, "4"),
            ("no-fairs-capped-4", {"daily_fairs": IndicatorValue(D(0), (), {"sub_misses": 0})}, "4"),
        ],
    ),
    "recruit.themed_fairs": (
        "场次未完成，缺少一场扣0.5分；每场次如有未完成指标项，按每项指标0.5分来扣除；最高扣6分。",
        [
            ("12-fairs-all-met-10", {}, "10"),
            ("11-fairs-9.5", {"themed_units": iv(11), "themed_fairs": fairs(11)}, "9.5"),
            # 10 events, one of them doubled: 11 fairs by multiple (-0.5); one figure missed (-0.5).
            ("10-events-1-doubled-1-missed-9", {"themed_units": iv(11), "themed_fairs": fairs(10, 1)}, "9"),
            # 6 fairs each doubled make the 12.
            ("6-doubled-fairs-are-12-10", {"themed_units": iv(12), "themed_fairs": fairs(6)}, "10"),
            ("12-fairs-12-figures-capped-4", {"themed_fairs": fairs(12, 12)}, "4"),
            ("none-held-6-off-4", {"themed_units": iv(0), "themed_fairs": fairs(0)}, "4"),
        ],
    ),
    "recruit.outbound": (
        "全部指标达标，得5分，每缺1场，扣1分；最高扣5分。",
        [
            ("5-trips-5", {}, "5"),
            ("6-trips-5", {"outbound_trips": iv(6)}, "5"),
            ("4-trips-4", {"outbound_trips": iv(4)}, "4"),
            ("1-trip-1", {"outbound_trips": iv(1)}, "1"),
            ("none-0", {"outbound_trips": iv(0)}, "0"),
        ],
    ),
    "recruit.online": (
        "对线上参会企业回访率达到90%的得2分，每少一个百分点扣0.5分，最多扣1分；与线上求职者对接服务联系率达到100%的得2分，"
        "每少一个百分点扣0.5分，最多扣1分；对求职未成功的提供3次岗位推荐的得1分，每少推荐一个扣0.5分，直至扣完。",
        [
            ("all-met-5", {}, "5"),
            ("company-90-5", {"fu_online_company_rate": rate(90)}, "5"),
            ("company-89.99-5", {"fu_online_company_rate": rate("89.99")}, "5"),
            ("company-89-4.5", {"fu_online_company_rate": rate(89)}, "4.5"),
            ("company-88-4", {"fu_online_company_rate": rate(88)}, "4"),
            ("company-87-capped-at-1-4", {"fu_online_company_rate": rate(87)}, "4"),
            ("company-none-recorded-4", {"fu_online_company_rate": rate(None)}, "4"),
            ("jobseeker-99.5-5", {"fu_online_jobseeker_rate": rate("99.5")}, "5"),
            ("jobseeker-99-4.5", {"fu_online_jobseeker_rate": rate(99)}, "4.5"),
            ("jobseeker-98-4", {"fu_online_jobseeker_rate": rate(98)}, "4"),
            ("jobseeker-90-capped-4", {"fu_online_jobseeker_rate": rate(90)}, "4"),
            ("1-recommendation-short-4.5", {"recommendations_short": iv(1)}, "4.5"),
            ("2-short-4", {"recommendations_short": iv(2)}, "4"),
            ("5-short-until-exhausted-4", {"recommendations_short": iv(5)}, "4"),
            (
                "all-three-worst-2",
                {
                    "fu_online_company_rate": rate(50),
                    "fu_online_jobseeker_rate": rate(50),
                    "recommendations_short": iv(9),
                },
                "2",
            ),
        ],
    ),
    "recruit.livestream": (
        "全部指标达标，得10分；每少1人，扣1分；每少完成一场直播任务或观看峰值未达标的扣0.5分；每少发布1条视频的扣0.1分，"
        "触达企业和抖音粉丝关注量未达标的扣2分；未按要求开展“局长/主任”“科长”直播，每场扣0.5分；最高扣6分。",
        [
            ("all-met-10", {}, "10"),
            ("team-3-9", {"livestream_team": iv(3)}, "9"),
            ("team-0-6", {"livestream_team": iv(0)}, "6"),
            ("149-done-9.5", {"livestreams_done": iv(149)}, "9.5"),
            ("148-done-9", {"livestreams_done": iv(148)}, "9"),
            ("150-but-3-missing-from-short-weeks-8.5", {"livestream_weeks": cadence(2, 3)}, "8.5"),
            # Two readings of one shortfall: the larger counts, never both.
            (
                "140-done-and-4-weekly-max-is-5-off-5",
                {"livestreams_done": iv(140), "livestream_weeks": cadence(3, 4)},
                "5",
            ),
            (
                "148-done-and-6-weekly-max-is-3-off-7",
                {"livestreams_done": iv(148), "livestream_weeks": cadence(4, 6)},
                "7",
            ),
            (
                "148-done-and-2-weekly-once-9",
                {"livestreams_done": iv(148), "livestream_weeks": cadence(1, 2)},
                "9",
            ),
            ("views-120000-not-大于-9.5", {"livestream_viewers": iv(120000)}, "9.5"),
            ("views-120001-10", {"livestream_viewers": iv(120001)}, "10"),
            ("videos-180-not-大于-9.9", {"short_videos": iv(180)}, "9.9"),
            ("videos-170-8.9", {"short_videos": iv(170)}, "8.9"),
            ("companies-99-8", {"livestream_companies": iv(99)}, "8"),
            ("growth-9.99-8", {"follower_growth": iv("9.99")}, "8"),
            ("growth-none-recorded-8", {"follower_growth": iv(None)}, "8"),
            (
                "companies-and-growth-both-missed-6",
                {"livestream_companies": iv(99), "follower_growth": iv(5)},
                "6",
            ),
            ("jobs-29999-gap-read-as-2-8", {"livestream_jobs": iv(29999)}, "8"),
            ("1-director-9.5", {"director_livestreams": iv(1)}, "9.5"),
            ("no-director-9", {"director_livestreams": iv(0)}, "9"),
            ("3-chief-9.5", {"chief_livestreams": iv(3)}, "9.5"),
            ("no-chief-8", {"chief_livestreams": iv(0)}, "8"),
            (
                "6.5-off-capped-4",
                {
                    "livestream_companies": iv(99),
                    "follower_growth": iv(5),
                    "livestream_jobs": iv(100),
                    "director_livestreams": iv(1),
                },
                "4",
            ),  # fmt: skip
        ],
    ),
    "recruit.gig": (
        "全部指标达标，得10分。发现一次登记人员未推荐岗位、跟踪就业情况扣0.1分，最高扣2分。月度发布岗位少于500个扣0.2分，"
        "最高扣2分。月度培训场次或培训人员不达标扣0.2分，最高扣2分，缺少一次零工市场供求分析报告扣0.5分。",
        [
            ("all-met-10", {}, "10"),
            ("1-not-recommended-9.9", {"gig_not_recommended": iv(1)}, "9.9"),
            ("20-not-recommended-8", {"gig_not_recommended": iv(20)}, "8"),
            ("25-not-recommended-capped-8", {"gig_not_recommended": iv(25)}, "8"),
            ("1-month-short-of-posts-9.8", {"gig_post_months": cadence(1)}, "9.8"),
            ("10-months-short-8", {"gig_post_months": cadence(10)}, "8"),
            ("12-months-short-capped-8", {"gig_post_months": cadence(12)}, "8"),
            ("3-months-short-of-training-9.4", {"gig_training_months": cadence(3)}, "9.4"),
            ("1-analysis-missing-9.5", {"gig_analysis_quarters": cadence(1)}, "9.5"),
            ("4-analyses-missing-8", {"gig_analysis_quarters": cadence(4)}, "8"),
            (
                "every-part-at-its-worst-2",
                {
                    "gig_not_recommended": iv(30),
                    "gig_post_months": cadence(12),
                    "gig_training_months": cadence(12),
                    "gig_analysis_quarters": cadence(4),
                },
                "2",
            ),  # fmt: skip
        ],
    ),
    "promo.business_training": (
        "全部指标达标，得5分；缺1期培训，扣1分；覆盖率不达标，扣0.5分；未按要求组织市赛备战省赛，扣2分。",
        [
            ("all-met-5", {}, "5"),
            ("3-sessions-5", {"business_trainings": iv(3)}, "5"),
            ("1-session-4", {"business_trainings": iv(1)}, "4"),
            ("no-session-3", {"business_trainings": iv(0)}, "3"),
            ("coverage-80-不低于-5", {"training_coverage": iv(80)}, "5"),
            ("coverage-79.99-4.5", {"training_coverage": iv("79.99")}, "4.5"),
            ("coverage-not-recorded-4.5", {"training_coverage": iv(None)}, "4.5"),
            ("no-contest-prep-3", {"competition_prep": iv(0)}, "3"),
            (
                "all-missed-0.5",
                {"business_trainings": iv(0), "training_coverage": iv(50), "competition_prep": iv(0)},
                "0.5",
            ),
        ],
    ),
    "promo.job_skills_training": (
        "未协助开展实训师资班，扣3分，未协助遴选培育职业指导师，扣2分。",
        [
            ("both-5", {}, "5"),
            ("two-classes-5", {"youth_trainer_class": iv(2)}, "5"),
            ("no-trainer-class-2", {"youth_trainer_class": iv(0)}, "2"),
            ("no-advisor-cultivation-3", {"advisor_cultivation": iv(0)}, "3"),
            ("neither-0", {"youth_trainer_class": iv(0), "advisor_cultivation": iv(0)}, "0"),
        ],
    ),
    "promo.data_meetings": (
        "未按月召开，每次扣1分，最高扣3分；报告（分析）内容缺失/错误，每处扣0.5分，最高扣2分。",
        [
            ("every-month-5", {}, "5"),
            ("1-month-missed-4", {"data_meeting_months": cadence(1)}, "4"),
            ("3-months-2", {"data_meeting_months": cadence(3)}, "2"),
            ("4-months-capped-3-2", {"data_meeting_months": cadence(4)}, "2"),
            ("1-error-4.5", {"report_errors": iv(1)}, "4.5"),
            ("4-errors-3", {"report_errors": iv(4)}, "3"),
            ("5-errors-capped-2-3", {"report_errors": iv(5)}, "3"),
            ("both-at-their-caps-0", {"data_meeting_months": cadence(12), "report_errors": iv(10)}, "0"),
        ],
    ),
    "bonus.overachievement": (
        "主题招聘活动如果单场相应数据成倍增长了，按倍数计算完成场次；日常招聘会参加企业超过50家以上规模且岗位数和接待人数高于任务数，"
        "每次可加0.5分，最高不超过5分。",
        [
            ("nothing-0", NO_BONUS, "0"),
            ("1-big-daily-fair-0.5", {**NO_BONUS, "daily_big_fairs": iv(1)}, "0.5"),
            ("9-big-4.5", {**NO_BONUS, "daily_big_fairs": iv(9)}, "4.5"),
            ("10-big-5", {**NO_BONUS, "daily_big_fairs": iv(10)}, "5"),
            ("11-big-capped-5", {**NO_BONUS, "daily_big_fairs": iv(11)}, "5"),
            ("12-themed-is-the-target-0", {**NO_BONUS, "themed_units_complete": iv(12)}, "0"),
            ("13-themed-by-multiple-0.5", {**NO_BONUS, "themed_units_complete": iv(13)}, "0.5"),
            ("16-themed-2", {**NO_BONUS, "themed_units_complete": iv(16)}, "2"),
            (
                "8-big-and-14-themed-5",
                {**NO_BONUS, "daily_big_fairs": iv(8), "themed_units_complete": iv(14)},
                "5",
            ),
            (
                "9-big-and-14-themed-capped-5",
                {**NO_BONUS, "daily_big_fairs": iv(9), "themed_units_complete": iv(14)},
                "5",
            ),
        ],
    ),
    "bonus.innovation": (
        "获国家级表彰，加3分；获省部级表彰，加2分；创新举措落地且有实效，加2分；最多加5分",
        [
            ("nothing-0", NO_BONUS, "0"),
            ("national-3", {**NO_BONUS, "national_honours": iv(1)}, "3"),
            ("provincial-2", {**NO_BONUS, "provincial_honours": iv(1)}, "2"),
            ("innovation-adopted-2", {**NO_BONUS, "innovations_adopted": iv(1)}, "2"),
            ("two-provincial-4", {**NO_BONUS, "provincial_honours": iv(2)}, "4"),
            (
                "national-and-provincial-5",
                {**NO_BONUS, "national_honours": iv(1), "provincial_honours": iv(1)},
                "5",
            ),
            ("three-provincial-6-capped-5", {**NO_BONUS, "provincial_honours": iv(3)}, "5"),
            (
                "national-provincial-innovation-7-capped-5",
                {
                    **NO_BONUS,
                    "national_honours": iv(1),
                    "provincial_honours": iv(1),
                    "innovations_adopted": iv(1),
                },
                "5",
            ),
        ],
    ),
    "penalty.complaints": (
        "每发生1起有效投诉，扣0.5分；造成不良影响的，最高扣5分",
        [
            ("none-0", {}, "0"),
            ("1-valid-minus-0.5", {"valid_complaints": iv(1)}, "-0.5"),
            ("3-valid-minus-1.5", {"valid_complaints": iv(3)}, "-1.5"),
            ("10-valid-minus-5", {"valid_complaints": iv(10)}, "-5"),
            ("11-valid-capped-minus-5", {"valid_complaints": iv(11)}, "-5"),
        ],
    ),
}

CASES = [
    pytest.param(item_id, inputs, D(expected), id=f"{item_id}:{case_id}")
    for item_id, (_, cases) in TABLE.items()
    for case_id, inputs, expected in cases
]


@pytest.mark.parametrize(("item_id", "inputs", "expected"), CASES)
def test_item_points(
    scheme: Scheme, item_id: str, inputs: dict[str, IndicatorValue], expected: Decimal
) -> None:
    result = score_item(scheme, scheme.item(item_id), {**FULL, **inputs}, "px")
    assert result.points == expected, result.explanation
    assert result.explanation_zh and result.explanation_en


def test_every_item_has_cases(scheme: Scheme) -> None:
    """A buyer who adds or renames an item in the scheme file must add its cases here."""
    assert [i.id for i in scheme.items] == list(TABLE)


@pytest.mark.parametrize("item_id", list(TABLE))
def test_cited_clause_is_the_items_criterion(scheme: Scheme, item_id: str) -> None:
    assert TABLE[item_id][0] in scheme.item(item_id).criterion


@pytest.mark.skipif(not SEED.exists(), reason="seed texts live outside the repository")
def test_every_criterion_is_quoted_from_the_seed(scheme: Scheme) -> None:
    text = SEED.read_text(encoding="utf-8")
    for item in scheme.items:
        assert item.criterion in text, item.id


def test_full_values_earn_every_items_maximum(scheme: Scheme) -> None:
    for item in scheme.items:
        assert score_item(scheme, item, FULL, "px").points == item.max_points, item.id


def test_the_table_is_35_50_15_with_bonus_10_and_penalty_10(scheme: Scheme) -> None:
    """所有服务内容均为考核内容，其中基础运营管理35分、招聘对接就业服务活动50分、宣传展示交流活动15分; 加分项（10分）; 扣分项（10分）."""
    by_block = {
        b.id: sum((i.max_points for i in scheme.items if i.block == b.id), D(0)) for b in scheme.blocks
    }
    assert by_block == {"ops": 35, "recruit": 50, "promo": 15, "bonus": 10, "penalty": 0}
    assert [len([i for i in scheme.items if i.block == b]) for b in ("ops", "recruit", "promo")] == [6, 6, 3]
    assert (scheme.block("bonus").cap, scheme.block("penalty").cap) == (D(10), D(10))
    assert scheme.max_base == D(100)
    [void] = scheme.voids  # 五、2 数据造假: the item scores zero and 5 more come off
    assert (void.input, void.penalty_each) == ("data_fraud", D(5))
    # 评分在95分以上 100%；85-94 分 95%；84分及以下 按最终分数占总分比例
    [settlement] = scheme.payout.pieces
    [share] = settlement.shares
    assert [(b.min, b.pay_pct, b.proportional) for b in share.bands] == [
        (D(95), D(100), False), (D(85), D(95), False), (None, None, True),
    ]  # fmt: skip
    assert scheme.grades == []  # the document names no grades


# -- parameters a buyer could set the other way ---------------------------------------------------------


def _with_rule(scheme: Scheme, item_id: str, **changes: Any) -> Scheme:
    items = [
        i if i.id != item_id else i.model_copy(update={"rule": i.rule.model_copy(update=changes)})
        for i in scheme.items
    ]
    return scheme.model_copy(update={"items": items})


def _term(rule: Any, index: int, **changes: Any) -> list[Any]:
    return [t if n != index else t.model_copy(update=changes) for n, t in enumerate(rule.terms)]


@pytest.mark.parametrize(
    ("avg", "expected"),
    [
        pytest.param(("35", "900", "200"), "10", id="averages-at-target-10"),
        pytest.param(("34.9", "900", "200"), "9.5", id="avg-companies-34.9-minus-0.5"),
        pytest.param(("34.9", "899.5", "199"), "8.5", id="three-averages-missed-8.5"),
    ],
)
def test_daily_fairs_average_reading(scheme: Scheme, avg: tuple[str, str, str], expected: str) -> None:
    """考核内容 "平均每场参会企业不少于35家…": the alternative the interpretation names, 0.5 per average missed.

    The same fairs under the per-fair reading lose 0.5 for every figure any fair missed.
    """
    item = scheme.item("recruit.daily_fairs")
    terms = [item.rule.terms[0]] + [
        item.rule.terms[0].model_copy(
            update={"input": name, "below": D(target), "fixed": D("0.5"), "whole": False}
        )
        for name, target in (
            ("daily_avg_companies", "35"),
            ("daily_avg_jobs", "900"),
            ("daily_avg_visitors", "200"),
        )
    ]
    alt = _with_rule(scheme, "recruit.daily_fairs", terms=terms)
    values = {
        **FULL,
        "daily_fairs": fairs(38, 5),  # five figures missed fair by fair: the per-fair reading gives 7.5
        "daily_avg_companies": iv(avg[0]),
        "daily_avg_jobs": iv(avg[1]),
        "daily_avg_visitors": iv(avg[2]),
    }
    assert score_item(alt, alt.item("recruit.daily_fairs"), values, "px").points == D(expected)
    assert score_item(scheme, item, values, "px").points == D("7.5")


def test_follow_up_each_scope_separately(scheme: Scheme) -> None:
    """Without the shared group every scope below 90% deducts: 85 (-1) and 80 (-2) make -3 -> 2, not 3."""
    rule = scheme.item("ops.follow_up").rule
    alt = _with_rule(scheme, "ops.follow_up", terms=[t.model_copy(update={"group": ""}) for t in rule.terms])
    values = {**FULL, "fu_fair_company_rate": rate(85), "fu_gig_worker_rate": rate(80)}
    assert score_item(alt, alt.item("ops.follow_up"), values, "px").points == D(2)
    assert score_item(scheme, scheme.item("ops.follow_up"), values, "px").points == D(3)


def test_special_equipment_each_violation(scheme: Scheme) -> None:
    """特种设备违规，扣3分 read per violation: two cost 6 (capped at 6) -> 4; the file's flat reading gives 7."""
    rule = scheme.item("ops.environment").rule
    alt = _with_rule(scheme, "ops.environment", terms=_term(rule, 2, fixed=None, each=D(3)))
    values = {**FULL, "special_equipment": iv(2)}
    assert score_item(alt, alt.item("ops.environment"), values, "px").points == D(4)
    assert score_item(scheme, scheme.item("ops.environment"), values, "px").points == D(7)


def test_quarterly_report_single_deduction(scheme: Scheme) -> None:
    """无季度分析报告，扣1分 read once: four quarters without a report cost 1 -> 4, not 4 -> 1."""
    rule = scheme.item("ops.research").rule
    alt = _with_rule(scheme, "ops.research", terms=_term(rule, 1, fixed=D(1)))
    values = {**FULL, "report_short_quarters": cadence(4)}
    assert score_item(alt, alt.item("ops.research"), values, "px").points == D(4)


def test_reach_and_followers_charged_once(scheme: Scheme) -> None:
    """触达企业和抖音粉丝关注量未达标的扣2分 read as one charge: both missed cost 2 -> 8, not 4 -> 6."""
    rule = scheme.item("recruit.livestream").rule
    terms = _term(_term_rules(rule, 5, group="reach"), 6, group="reach")
    alt = _with_rule(scheme, "recruit.livestream", terms=terms)
    values = {**FULL, "livestream_companies": iv(99), "follower_growth": iv(5)}
    assert score_item(alt, alt.item("recruit.livestream"), values, "px").points == D(8)


def _term_rules(rule: Any, index: int, **changes: Any) -> Any:
    return rule.model_copy(update={"terms": _term(rule, index, **changes)})


def test_livestream_term_order_is_what_the_parameter_tests_edit(scheme: Scheme) -> None:
    """The index-based edits above address these terms; a reordered file must update them."""
    names = [t.input for t in scheme.item("recruit.livestream").rule.terms]
    assert names[5:7] == ["livestream_companies", "follower_growth"]
    assert [t.input for t in scheme.item("ops.environment").rule.terms][2] == "special_equipment"
    assert [t.input for t in scheme.item("ops.research").rule.terms][1] == "report_short_quarters"


# -- indicators computed from events, at the thresholds ---------------------------------------------------


def ev(seq: int, type_: str, on: str, **payload: Any) -> Event:
    """An event as the store keeps it: the payload validated by the catalog, defaults filled in (doubled = 1)."""
    return Event(
        seq=seq, id=f"e{seq}", type=type_, version=1, site="px", occurred_at=on,
        recorded_at="2026-12-31T00:00:00.000000+08:00", actor="op", payload=validate_payload(type_, payload),
    )  # fmt: skip


def fold(scheme: Scheme, events: list[Event], *names: str) -> dict[str, IndicatorValue]:
    specs = {n: scheme.indicators[n] for n in names}
    # ratios need their parts
    for n in names:
        for part in ("numerator", "denominator"):
            ref = getattr(specs[n], part, None)
            if ref:
                specs[ref] = scheme.indicators[ref]
    return compute(specs, events, YEAR, scheme=SCHEME_ID)


def fair(seq: int, kind: str, companies: int, jobs: int, visitors: int, **extra: Any) -> Event:
    return ev(seq, "job_fair_held", f"2026-03-{seq:02d}", title=f"fair {seq}", format=extra.pop("format", "offline"),
              kind=kind, companies=companies, jobs=jobs, visitors=visitors, **extra)  # fmt: skip


def test_daily_fair_criteria_fair_by_fair(scheme: Scheme) -> None:
    """不少于35家/900个/200人次 include the number: 35/900/200 meets all; 34/899/199 misses three figures."""
    got = fold(
        scheme,
        [
            fair(1, "daily", 35, 900, 200),
            fair(2, "daily", 34, 899, 199),
            fair(3, "daily", 60, 800, 300),
            fair(4, "daily", 10, 10, 10, format="online"),  # online: not a daily offline fair
            fair(5, "themed", 10, 10, 10),
        ],
        "daily_fairs",
    )["daily_fairs"]
    assert got.value == 3
    assert (got.detail["met_all"], got.detail["sub_misses"]) == (1, 4)


@pytest.mark.parametrize(
    ("companies", "jobs", "visitors", "counts"),
    [
        pytest.param(50, 901, 201, 1, id="50-companies-超过50家以上-read-as-at-least-counts"),
        pytest.param(49, 2000, 900, 0, id="49-companies-no"),
        pytest.param(80, 900, 900, 0, id="jobs-900-not-高于-the-task-no"),
        pytest.param(80, 2000, 200, 0, id="visitors-200-not-高于-no"),
    ],
)
def test_big_daily_fair_bonus_edges(
    scheme: Scheme, companies: int, jobs: int, visitors: int, counts: int
) -> None:
    """日常招聘会参加企业超过50家以上规模且岗位数和接待人数高于任务数（900, 200）."""
    got = fold(scheme, [fair(1, "daily", companies, jobs, visitors)], "daily_big_fairs")["daily_big_fairs"]
    assert got.value == counts


def test_doubled_themed_fairs_count_by_multiple(scheme: Scheme) -> None:
    """按倍数计算完成场次: doubled = 2 counts as 2 held; only fairs meeting every figure count for the bonus."""
    events = [
        fair(1, "themed", 120, 2500, 1000, doubled=2),
        fair(2, "themed", 50, 1000, 450),
        fair(3, "themed", 49, 1000, 450),
    ]
    got = fold(scheme, events, "themed_units", "themed_units_complete", "themed_fairs")
    assert got["themed_units"].value == 4
    assert got["themed_units_complete"].value == 3
    assert got["themed_fairs"].detail["sub_misses"] == 1


def _posts(month: int, positions: int, seq0: int, on_platform: bool = True) -> list[Event]:
    return [ev(seq0, "gig_job_posted", f"2026-{month:02d}-10", employer="某厂", positions=positions,
               on_provincial_platform=on_platform)]  # fmt: skip


@pytest.mark.parametrize(
    ("positions", "at_least", "short"),
    [
        pytest.param(399, 400, True, id="399-below-400-short"),
        pytest.param(400, 400, False, id="400-meets-the-contracts-400"),
        pytest.param(499, 400, False, id="499-not-short-under-the-400-reading"),
        pytest.param(499, 500, True, id="499-short-under-the-500-reading"),
        pytest.param(500, 500, False, id="500-meets-the-500-reading"),
    ],
)
def test_gig_posts_400_or_500(scheme: Scheme, positions: int, at_least: int, short: bool) -> None:
    """CONTRADICTION 每月…不少于400个 vs 月度发布岗位少于500个扣0.2分: 400 triggers (P2); 500 is the parameter.

    Every other month has 400 openings (one post of 250 and one of 150); March has `positions`.
    """
    spec = scheme.indicators["gig_post_months"].model_copy(update={"at_least": at_least})
    events: list[Event] = []
    for month in range(1, 13):
        if month == 3:
            events += _posts(3, positions, 100)
        else:
            events += _posts(month, 250, month * 2) + _posts(month, 150, month * 2 + 1)
    if at_least == 500:  # under the 500 reading the 400-opening months are short too; give them 500
        events += [e for m in range(1, 13) if m != 3 for e in _posts(m, 100, 200 + m)]
    got = compute({"g": spec}, events, YEAR)["g"]
    assert [s["bucket"] for s in got.detail["short"]] == (["2026-03"] if short else [])
    assert got.value == (1 if short else 0)


def test_gig_posts_off_the_platforms_do_not_count(scheme: Scheme) -> None:
    """通过省、市两级就业平台发布: a post not entered on the platforms is not counted."""
    events = [e for m in range(1, 13) for e in _posts(m, 400, m, on_platform=(m != 5))]
    got = fold(scheme, events, "gig_post_months")["gig_post_months"]
    assert [s["bucket"] for s in got.detail["short"]] == ["2026-05"]


def test_gig_training_needs_two_sessions_of_fifty_each(scheme: Scheme) -> None:
    """每月开展不少于2次…每次参训人员不少于50人: Jan 2 x 50 meets; Feb 2 x 49+80 is short; Mar one of 200 is short."""

    def session(seq: int, on: str, n: int) -> Event:
        return ev(seq, "activity_held", on, kind="gig_skills_training", title="技能培训", participants=n)

    events = [session(1, "2026-01-05", 50), session(2, "2026-01-20", 50), session(3, "2026-02-05", 49),
              session(4, "2026-02-20", 80), session(5, "2026-03-05", 200)]  # fmt: skip
    got = compute({"g": scheme.indicators["gig_training_months"]}, events, Period.quarter(2026, 1))["g"]
    assert [s["bucket"] for s in got.detail["short"]] == ["2026-02", "2026-03"]


def test_follow_up_rate_to_two_decimals(scheme: Scheme) -> None:
    """8 of 9 reached = 88.89% (四舍五入 to two decimals): one whole point below 90 -> -0.2."""
    events = [ev(i, "follow_up_call", "2026-04-01", scope="front_desk", contact=f"c{i}", reached=i != 9)
              for i in range(1, 10)]  # fmt: skip
    got = fold(scheme, events, "fu_front_desk_rate")["fu_front_desk_rate"]
    assert got.value == D("88.89")


def test_follower_growth_reads_douyin_only(scheme: Scheme) -> None:
    """抖音粉丝关注量增长10%及以上: 10,000 at the end of 2025, 11,000 at the end of 2026 is exactly 10%.

    An official-account follower reading in between must not be taken for a Douyin one.
    """
    events = [
        ev(1, "metric_recorded", "2025-12-31", metric="followers", value="10000", platform="douyin"),
        ev(2, "metric_recorded", "2026-06-30", metric="followers", value="500", platform="official_account"),
        ev(3, "metric_recorded", "2026-12-31", metric="followers", value="11000", platform="douyin"),
    ]
    got = fold(scheme, events, "follower_growth")["follower_growth"]
    assert got.value == D(10)


def test_livestream_weeks_skip_the_part_weeks(scheme: Scheme) -> None:
    """每周不少于3场: 2026 has 51 full ISO weeks (5 Jan - 27 Dec); 1-4 Jan and 28-31 Dec are not checked.

    Three livestreams every Tuesday-Thursday of the full weeks, none in the part weeks: no week short.
    A livestream whose peak fell short is not a completed one: one in week 2 makes that week one short.
    """
    events: list[Event] = []
    tuesday = date(2026, 1, 6)  # week 2026-W02
    while tuesday <= date(2026, 12, 22):  # week 2026-W52
        for offset in range(3):
            seq = len(events) + 1
            on = (tuesday + timedelta(days=offset)).isoformat()
            events.append(ev(seq, "livestream_run", on, title="直播", viewers=800, peak_met=seq != 4))
        tuesday += timedelta(days=7)
    got = fold(scheme, events, "livestream_weeks", "livestreams_done")
    assert got["livestream_weeks"].detail["checked"] == 51
    assert [s["bucket"] for s in got["livestream_weeks"].detail["short"]] == ["2026-W03"]
    assert got["livestream_weeks"].detail["missing"] == 1
    assert got["livestreams_done"].value == 51 * 3 - 1


# -- whole scorecards -------------------------------------------------------------------------------------


def test_full_marks_total_110(scheme: Scheme) -> None:
    """100 from the table, +10 bonus (5 + 5, block cap 10), no penalties; the total is not capped at 100."""
    card = score(scheme, "px", "2026", FULL)
    assert card.total == D(110)
    assert card.max_total == D(100)
    assert card.grade is None


def test_data_fraud_voids_the_sub_item_and_takes_5_more(scheme: Scheme) -> None:
    """五、2 数据造假: 一经发现，该项二级指标不得分，额外扣5分. Fraud in 零工市场运营 (10): 110 - 10 - 5 = 95."""
    fraud = IndicatorValue(D(1), events=(9,), detail={"items": ["recruit.gig"]})
    card = score(scheme, "px", "2026", {**FULL, "data_fraud": fraud})
    assert card.item("recruit.gig").points == 0
    assert card.total == D(95)
    assert any("数据造假" in n for n in card.notes)


def test_bonus_block_and_complaints(scheme: Scheme) -> None:
    """Bonus rows 5 + 5 = 10 (block cap 10); 4 valid complaints -2: 108."""
    card = score(scheme, "px", "2026", {**FULL, "valid_complaints": iv(4)})
    assert {b.id: b.points for b in card.blocks} == {
        "ops": 35,
        "recruit": 50,
        "promo": 15,
        "bonus": 10,
        "penalty": -2,
    }
    assert card.total == D(108)


# -- the engine pieces this scheme added ------------------------------------------------------------------


def _ctx(max_points: str = "10", **values: Any) -> RuleContext:
    return RuleContext(
        {k: v if isinstance(v, IndicatorValue) else iv(v) for k, v in values.items()}, D(max_points)
    )


@pytest.mark.parametrize(
    ("a", "b", "c", "expected"),
    [
        pytest.param(3, 5, 1, "4", id="group-takes-the-larger-5-plus-ungrouped-1-of-10"),
        pytest.param(5, 3, 1, "4", id="order-does-not-matter"),
        pytest.param(4, 4, 0, "6", id="tie-counts-once"),
        pytest.param(0, 0, 2, "8", id="only-the-ungrouped-term"),
    ],
)
def test_deduction_group_counts_the_larger_reading_once(a: int, b: int, c: int, expected: str) -> None:
    rule = Deductions.model_validate(
        {"kind": "deductions", "terms": [
            {"input": "a", "each": "1", "group": "g"},
            {"input": "b", "each": "1", "group": "g"},
            {"input": "c", "each": "1"},
        ]}
    )  # fmt: skip
    out = rule.evaluate(_ctx(a=a, b=b, c=c))
    assert out.points == D(expected)
    if a and b and a != b:
        assert "不重复扣" in out.zh and "not counted twice" in out.en


def test_deduction_group_with_the_cap_and_sum_of_groups() -> None:
    """Two groups add up; the rule's cap applies to the sum: (max 2,3) + (max 4,1) = 7, capped at 6 -> 4."""
    rule = Deductions.model_validate(
        {"kind": "deductions", "cap": "6", "terms": [
            {"input": "a", "each": "1", "group": "x"}, {"input": "b", "each": "1", "group": "x"},
            {"input": "c", "each": "1", "group": "y"}, {"input": "d", "each": "1", "group": "y"},
        ]}
    )  # fmt: skip
    assert rule.evaluate(_ctx(a=2, b=3, c=4, d=1)).points == D(4)
    assert rule.evaluate(_ctx(a=1, b=0, c=0, d=2)).points == D(7)


@pytest.mark.parametrize(
    ("shortfalls", "met", "expected"),
    [
        pytest.param(0, True, "5", id="met-5"),
        pytest.param(2, False, "3", id="2-short-3"),
        pytest.param(3, False, "2", id="3-short-at-the-cap-2"),
        pytest.param(9, False, "2", id="9-short-capped-2"),
    ],
)
def test_judgement_max_deduction(shortfalls: int, met: bool, expected: str) -> None:
    rule = Judgement.model_validate({"kind": "judgement", "input": "j", "each": "1", "max_deduction": "3"})
    out = rule.evaluate(_ctx("5", j=judged(met, shortfalls)))
    assert out.points == D(expected)
    if shortfalls >= 3:
        assert "最多扣 3 分" in out.zh


def test_judgement_without_max_deduction_is_unchanged() -> None:
    rule = Judgement.model_validate({"kind": "judgement", "input": "j", "each": "1"})
    assert rule.evaluate(_ctx("5", j=judged(False, 9))).points == 0


def test_cadence_by_quarter() -> None:
    """Quarters without a report: Q1 and Q3 have one, Q2 and Q4 none."""
    spec = SPEC.validate_python(
        {"kind": "cadence", "type": "deliverable_submitted", "every": "quarter", "at_least": 1}
    )
    events = [ev(1, "deliverable_submitted", "2026-03-31", kind="quarterly_analysis", title="Q1"),
              ev(2, "deliverable_submitted", "2026-09-01", kind="quarterly_analysis", title="Q3")]  # fmt: skip
    got = compute({"q": spec}, events, YEAR)["q"]
    assert got.value == 2
    assert [s["bucket"] for s in got.detail["short"]] == ["2026-Q2", "2026-Q4"]
    assert got.detail["checked"] == 4 and got.detail["missing"] == 2


def test_cadence_sums_a_field_and_counts_what_is_missing() -> None:
    """`field` adds the payload field per bucket: Jan 300 + 50 = 350 is 50 short of 400, Feb 400 is not."""
    spec = SPEC.validate_python(
        {"kind": "cadence", "type": "gig_job_posted", "every": "month", "at_least": 400, "field": "positions"}
    )
    events = [ev(1, "gig_job_posted", "2026-01-03", employer="a", positions=300),
              ev(2, "gig_job_posted", "2026-01-04", employer="b", positions=50),
              ev(3, "gig_job_posted", "2026-02-04", employer="c", positions=400)]  # fmt: skip
    got = compute({"m": spec}, events, Period.span("2026-01-01", "2026-02-28"))["m"]
    assert got.value == 1
    assert got.detail["short"][0]["count"] == 350
    assert got.detail["missing"] == 50


def test_cadence_missing_adds_the_shortfall_of_every_short_week() -> None:
    """at_least 3 a week: a week with 1 is 2 short, a week with none 3 short: missing 5."""
    spec = SPEC.validate_python({"kind": "cadence", "type": "livestream_run", "every": "week", "at_least": 3})
    events = [ev(1, "livestream_run", "2026-01-06", title="t", viewers=1)]
    got = compute({"w": spec}, events, Period.span("2026-01-05", "2026-01-18"))["w"]
    assert got.value == 2 and got.detail["missing"] == 5
