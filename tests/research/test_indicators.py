"""Targets mapped to canonical indicators."""

from __future__ import annotations

import pytest

from healthplans.parsing.indicators import indicator_by_id, match_indicator, vocabulary
from healthplans.parsing.model import Target


def _target(indicator: str, value: float, unit: str, quote: str, per: str | None = None) -> Target:
    return Target(None, indicator, ">=", value, None, unit, per, 2025, None, quote)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        # the indicator as the national template words it
        (
            _target(
                "每千人口执业(助理)医师数", 2.9, "人", "每千人口执业(助理)医师数达2.9人", "每千人口"
            ),
            "physicians_per_1000",
        ),
        # the parser's indicator text is junk; the quote says 每万人口…全科医师
        (
            _target("全市", 3, "名", "到2025年全市达到每万人口3名全科医师的目标", "每万人口"),
            "gps_per_10000",
        ),
        # the longer alias wins: TCM physicians, not all physicians
        (
            _target(
                "每千人口卫生机构中医执业类(助理)医师数",
                0.4,
                "人",
                "每千人口卫生机构中医执业类(助理)医师数达到0.4人",
                "每千人口",
            ),
            "tcm_physicians_per_1000",
        ),
        # a per-population indicator needs its normalizer: 执业医师 counted in total is not it
        (_target("执业医师数", 500, "人", "全市执业医师数达到500人"), None),
        # the second figure of a listing belongs to its own item
        (
            _target(
                "20个以上省级临床重点专科、",
                55,
                "个",
                "建设20个以上省级临床重点专科、55个以上市级临床重点专科",
            ),
            "city_key_specialties",
        ),
        (
            _target(
                "省级临床重点专科数",
                20,
                "个",
                "建设20个以上省级临床重点专科、55个以上市级临床重点专科",
            ),
            "provincial_key_specialties",
        ),
        # ordered parts: 二级以上公立医院…电子病历
        (
            _target(
                "二级以上公立医院", 5, "级", "二级以上公立医院达到电子病历应用水平分级评价5级以上"
            ),
            "emr_level_secondary_public",
        ),
        (
            _target("三甲医院", 5, "级", "三甲医院达到电子病历应用水平分级评价5级以上"),
            "emr_level_tertiary",
        ),
        # the unit must fit: a count of county hospitals is not a level
        (
            _target("县级医院数", 2, "家", "力争2家县级医院达到三级甲等医院服务能力"),
            "county_hospitals_tertiary_capacity",
        ),
        (_target("县域内住院率", 85, "%", "县域内住院率达到85%以上"), "county_inpatient_rate"),
        (
            _target("养老机构护理型床位占比", 55, "%", "养老机构护理型床位占比不低于55%"),
            "nursing_beds_share",
        ),
        (_target("人均预期寿命", 79, "岁", "人均预期寿命达到79岁"), "life_expectancy"),
        (
            _target("孕产妇死亡率", 12, "1/10万", "孕产妇死亡率控制在12/10万以下"),
            "maternal_mortality",
        ),
        # a ranking goal has no indicator
        (_target("三级甲等综合医院数", 1, "家", "1家三级甲等综合医院进入全省20强"), None),
    ],
)
def test_match_indicator(target, expected):
    assert match_indicator(target) == expected


def test_vocabulary_is_well_formed():
    indicators = vocabulary()
    assert 40 <= len(indicators) <= 80
    assert len({i.id for i in indicators}) == len(indicators)
    for indicator in indicators:
        assert indicator.unit in indicator.units
        assert all(all(parts) for parts in indicator.aliases)
    assert indicator_by_id("beds_per_1000").name == "每千人口医疗卫生机构床位数"


def test_most_seed_targets_map(parsed):
    targets = [t for key in ("000", "001", "004") for t in parsed[key].targets]
    mapped = [t for t in targets if match_indicator(t)]
    assert len(mapped) / len(targets) >= 0.8


@pytest.mark.parametrize(
    ("name", "placeholder"),
    [
        ("各相关部门", True),
        ("有关单位", True),
        ("各相关责任单位", True),  # by pattern, not listed
        ("各地各有关部门", True),
        ("市卫生健康委", False),
        ("各县(市、区)人民政府", False),  # a real set of governments
        ("省医保局", False),
    ],
)
def test_placeholders_are_not_agencies(name: str, placeholder: bool) -> None:
    from healthplans.parsing.resolve import is_placeholder

    assert is_placeholder(name) is placeholder
