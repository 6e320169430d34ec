"""An assessor's judgement, rating or finding is checked against the scheme in force before it is logged
(schemes/checks.py): one the scheme would never count is refused with "did you mean", never stored and ignored."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest

from projections.indicators import IndicatorValue
from schemes.checks import check_assessor_payload, judged_keys
from schemes.engine import score_item
from schemes.model import SchemeError, get_scheme

SHAXIAN = get_scheme("shaxian-gig")


def judgement(**fields: Any) -> dict[str, Any]:
    return {"scheme": "shaxian-gig", "item": "site.fire_safety", "met": True, "reason": "现场检查", **fields}


@pytest.mark.parametrize(
    ("scheme_id", "payload", "said"),
    [
        ("shaxian-gig", judgement(item="site.fire_safty"), "did you mean 'site.fire_safety'?"),
        ("shaxian-gig", judgement(scheme="shaxian"), "is not the scheme in force"),
        ("shaxian-gig", judgement(points="3.5", met=False), "points 3.5 is outside 0..3"),
        ("shaxian-gig", judgement(met=False, shortfalls=2), "shortfalls do not count"),
        ("shaxian-gig", judgement(item="network.functions", met=True, shortfalls=2), "give met = false"),
        ("wujiang-alliance", {"scheme": "wujiang-alliance", "item": "org.management", "met": False, "points": "6",
                              "reason": "部分完成"}, "all-or-nothing (未足额完成不得分)"),
        ("chifeng-park", {"scheme": "chifeng-park", "item": "q1.info_platform", "met": True, "points": "1",
                          "reason": "部分"}, "met or not met"),
    ],
    ids=["misspelt-item", "another-scheme", "points-above-the-max", "shortfalls-ignored", "met-with-shortfalls",
         "points-on-an-all-or-nothing-item", "points-on-a-service-check"],
)  # fmt: skip
def test_a_judgement_the_scheme_would_not_count_is_refused(
    scheme_id: str, payload: dict[str, Any], said: str
) -> None:
    with pytest.raises(SchemeError, match=said.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        check_assessor_payload(get_scheme(scheme_id), "assessor_judgement", payload)


@pytest.mark.parametrize("points", ["0", "2", "3"])
def test_shaxian_fire_safety_takes_the_assessors_points_and_they_count(points: str) -> None:
    # 场地是否有消毒设施，是否符合国家安全消防条件，配备消防设施 (3): the row sets no all-or-nothing, so the assessor's
    # points in [0, 3] are accepted -- and count (they used to be silently ignored).
    check_assessor_payload(SHAXIAN, "assessor_judgement", judgement(met=False, points=points))
    judged = IndicatorValue(D(0), (1,), {"met": False, "reason": "消防设施部分缺失", "points": points})
    item = score_item(SHAXIAN, SHAXIAN.item("site.fire_safety"), {"j_fire": judged}, "sx")
    assert item.points == D(points) and "评估人员给分" in item.explanation_zh


def test_the_judged_keys_include_parts_and_assessor_point_lines() -> None:
    keys = judged_keys(get_scheme("dongsheng-talent"))
    assert keys["b.account/promotion"].points and keys["b.account/promotion"].most == D(
        1
    )  # a 1-point 给分要点
    chifeng = judged_keys(get_scheme("chifeng-park"))
    assert chifeng["bonus.other"].points and chifeng["bonus.other"].most == D(30)  # 视情况给予一定加分
    assert chifeng["penalty.other"].points and chifeng["penalty.other"].most is None  # 减分 不封顶


@pytest.mark.parametrize(
    ("payload", "said"),
    [
        ({"kind": "false_info", "reason": "x"}, "did you mean 'false_information'?"),
        ({"kind": "false_information", "item": "info.deals", "reason": "x"}, "leave item out"),
    ],
    ids=["unknown-kind", "item-the-scheme-ignores"],
)
def test_a_finding_the_scheme_would_not_count_is_refused(payload: dict[str, Any], said: str) -> None:
    with pytest.raises(SchemeError, match=said.replace("(", r"\(").replace(")", r"\)")):
        check_assessor_payload(SHAXIAN, "inspection_finding", payload)


def test_a_data_fraud_finding_needs_the_item_it_voids() -> None:
    pingxiang = get_scheme("pingxiang-market")
    with pytest.raises(SchemeError, match="needs item="):
        check_assessor_payload(
            pingxiang, "inspection_finding", {"kind": "data_fraud", "reason": "伪造签到表"}
        )
    with pytest.raises(SchemeError, match="did you mean 'recruit.outbound'"):
        check_assessor_payload(
            pingxiang, "inspection_finding", {"kind": "data_fraud", "item": "recruit.outbond", "reason": "x"}
        )
    check_assessor_payload(
        pingxiang, "inspection_finding", {"kind": "data_fraud", "item": "recruit.outbound", "reason": "x"}
    )


def test_a_good_judgement_passes() -> None:
    check_assessor_payload(SHAXIAN, "assessor_judgement", judgement())
    check_assessor_payload(
        SHAXIAN, "assessor_judgement", judgement(item="network.functions", met=False, shortfalls=2)
    )
