"""Schemes as data: the bundled county scheme, and errors that name the file and the field."""

from decimal import Decimal

import pytest

from gongkai.assessment.scheme import SchemeError, parse_scheme
from gongkai.assessment.services import BUNDLED_DIR

BUNDLED = BUNDLED_DIR / "xinxiang-county-2023.yaml"


def test_bundled_scheme_is_a_100_point_tree_with_the_bulletins_headings():
    scheme = parse_scheme(BUNDLED.read_text(encoding="utf-8"), BUNDLED.name)
    assert scheme.max_points == Decimal(100)
    assert [i.name for i in scheme.indicators] == [
        "网站日常更新",
        "主动公开",
        "政策解读",
        "政民互动和依申请公开",
        "政务新媒体",
    ]
    for indicator in scheme.indicators:
        assert sum(c.points for c in indicator.children) == indicator.points
    assert scheme.groups == ("乡镇", "部门")
    assert scheme.grades[0].name == "优秀" and scheme.grades[0].minimum == Decimal(95)
    automatic = {
        leaf.code: leaf.rule.kind for leaf in scheme.leaves() if leaf.rule.kind != "manual"
    }
    assert automatic == {
        "1.1": "deduct",
        "1.2": "linear",
        "1.3": "linear",
        "1.4": "deduct",
        "2.1": "deduct",
        "2.2": "deduct",
        "2.3": "deduct",
        "3.1": "deduct",
        "3.2": "deduct",
        "4.1": "deduct",
        "4.2": "deduct",
        "4.3": "deduct",
        "5.1": "deduct",
        "5.2": "deduct",
    }
    assert scheme.vetoes[0].matches("mailbox.veto.X-1")
    # 2.1 and 2.3 come from the site monitor where it watched the unit, 1.4 from proofreading
    # where some of the unit's texts were proofread, 4.3 from checked reply letters; by hand
    # elsewhere.
    assert {leaf.code: leaf.rule.observed for leaf in scheme.leaves() if leaf.rule.observed} == {
        "1.4": "proofread.checked",
        "2.1": "sitecheck.observed",
        "2.3": "sitecheck.observed",
        "4.3": "foi.letters_checked",
    }
    assert {"1.4", "2.1", "2.3", "4.3", "V2", "B1", "B2"} <= scheme.manual_codes()
    assert "V1" not in scheme.manual_codes()  # decided by Findings, not by a person
    assert scheme.bonus_cap == Decimal(3)
    assert "publishing.news.required" in scheme.metrics()


BASE = """
name: t
year: 2024
title: 测试方案
indicators:
  - code: "1"
    name: 更新
    points: 10
    children:
      - {code: "1.1", name: 动态, points: 6, rule: {kind: deduct, metric: m, per: 1}}
      - {code: "1.2", name: 公开, points: 4, rule: {kind: manual}}
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("points: 6", "points: 7"), "指标 1「更新」分值 10 与下级合计 11 不符"),
        (("kind: manual", "kind: guess"), "indicators[0].children[1].rule.kind 应为"),
        (("rule: {kind: manual}", "x: 1"), "indicators[0].children[1].x 是未知的键"),
        (("metric: m, per: 1", "per: 1"), "扣分规则需要 per 及 metric 或 findings 之一"),
        (('code: "1.2"', 'code: "1.1"'), "指标编号重复：1.1"),
        (("title: 测试方案", "title: ''"), "s.yaml: title 不能为空"),
        (("year: 2024", "year: 今年"), "year 应为整数"),
        (("points: 4", "points: -4"), "points 不能为负数"),
        (
            ("kind: manual", "kind: manual, missing: maybe"),
            "missing 应为 full、zero、excluded 之一",
        ),
    ],
)
def test_bad_schemes_name_the_file_and_field(change, message):
    text = BASE.replace(*change)
    with pytest.raises(SchemeError) as error:
        parse_scheme(text, "s.yaml")
    assert message in str(error.value)
    assert str(error.value).startswith("s.yaml")


def test_not_yaml():
    with pytest.raises(SchemeError, match="不是有效的 YAML"):
        parse_scheme("a: [", "x.yaml")
