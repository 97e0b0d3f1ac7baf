"""基层政务公开标准目录 check and the bulletin sentence (pure)."""

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from gongkai.errors import UserError
from gongkai.sitecheck.grassroots import (
    AreaColumn,
    area_issues,
    load_catalogue,
    names_owner,
    sentence,
)

CATALOGUE = load_catalogue()
TODAY = date(2024, 6, 30)
OWNER = "公开事项：…… 公开主体：新乡县财政局"


def column(area, latest, items=5, text=OWNER, unit=7):
    return AreaColumn(area, unit, f"http://x.gov.cn/jcgk/{area}/", latest, items, text)


def rules(issues):
    return sorted((i.rule, i.evidence["area"]) for i in issues)


def test_bundled_catalogue_has_the_26_areas_of_the_2019_guidance():
    assert len(CATALOGUE.areas) == 26
    assert CATALOGUE.areas[0] == "重大建设项目" and CATALOGUE.areas[-1] == "保障性住房"
    assert CATALOGUE.stale_months == 3


def test_a_site_without_catalogue_columns_is_not_judged():
    assert area_issues(CATALOGUE, [], TODAY, owner_unit_id=1) == []


def test_each_area_state_gives_its_rule():
    cats = replace(CATALOGUE, areas=("财政预决算", "安全生产", "就业", "救灾", "义务教育", "扶贫"))
    issues = area_issues(
        cats,
        [
            column("财政预决算", date(2024, 6, 12)),  # fine
            column("安全生产", date(2024, 6, 3), text="公开事项：安全生产"),  # no 公开主体
            column("就业", None, items=0),  # blank
            column("救灾", date(2022, 10, 18)),  # 2023—2024
            column("义务教育", date(2024, 1, 22)),  # only until January
        ],
        TODAY,
        owner_unit_id=99,
    )
    assert rules(issues) == [
        ("grassroots.blank", "就业"),
        ("grassroots.missing", "扶贫"),
        ("grassroots.no_owner", "安全生产"),
        ("grassroots.not_updated", "救灾"),
        ("grassroots.stale", "义务教育"),
    ]
    missing = next(i for i in issues if i.rule == "grassroots.missing")
    assert missing.unit_id == 99 and missing.message == "基层政务公开“扶贫”领域未设置栏目"
    old = next(i for i in issues if i.rule == "grassroots.not_updated")
    assert old.message == "基层政务公开“救灾”栏目2023—2024年仍未更新（最近一次更新为 2022-10-18）"
    assert old.unit_id == 7 and old.url.endswith("/救灾/")


@pytest.mark.parametrize(
    ("latest", "expected"),
    [
        (date(2024, 3, 30), None),  # exactly 3 months before 30 June: still updated
        (date(2024, 3, 29), ("grassroots.stale", "仅更新至2024年3月")),
        (date(2023, 12, 31), ("grassroots.not_updated", "2024年仍未更新")),
        (date(2021, 5, 1), ("grassroots.not_updated", "2022—2024年仍未更新")),
    ],
)
def test_stale_boundaries_and_wording(latest, expected):
    issues = area_issues(
        replace(CATALOGUE, areas=("就业",)), [column("就业", latest)], TODAY, owner_unit_id=1
    )
    if expected is None:
        assert issues == []
    else:
        (issue,) = issues
        assert (issue.rule, expected[1] in issue.message) == (expected[0], True)


def test_january_does_not_accuse_an_area_updated_in_december():
    issues = area_issues(
        replace(CATALOGUE, areas=("就业",)),
        [column("就业", date(2023, 12, 20))],
        date(2024, 1, 5),
        owner_unit_id=1,
    )
    assert issues == []


def test_owner_is_read_in_either_colon_and_unfetched_pages_are_not_accused():
    assert names_owner(CATALOGUE, "公开主体:县民政局")
    assert names_owner(CATALOGUE, "公开主体 ： 县民政局")
    assert not names_owner(CATALOGUE, "公开主体：")
    issues = area_issues(
        replace(CATALOGUE, areas=("就业",)),
        [column("就业", date(2024, 6, 1), text="")],
        TODAY,
        owner_unit_id=1,
    )
    assert issues == []


def test_sentence_in_the_seed_words():
    cats = replace(CATALOGUE, areas=tuple(f"领域{i}" for i in range(12)))
    states = [
        column("公共资源交易", date(2022, 5, 1)),
        column("税收管理", date(2022, 8, 1)),
        column("财政预决算", date(2023, 7, 1)),
        column("户籍管理", date(2024, 1, 10)),
        column("社会保险", date(2024, 1, 20)),
        column("生态环境", date(2024, 1, 25)),
        column("救灾", date(2024, 1, 30)),
        column("自然资源", date(2024, 6, 1), text="无主体"),
    ]
    issues = area_issues(cats, states, TODAY, owner_unit_id=1)
    text = sentence(i for i in issues if i.rule != "grassroots.missing")
    assert text == (
        "基层政务公开中的公共资源交易、税收管理栏目2023—2024年仍未更新；财政预决算栏目2024年仍未更新；"
        "户籍管理、社会保险、生态环境、救灾等栏目仅更新至2024年1月；"
        "自然资源栏目中基层政务公开标准目录仍未明确公开主体名称"
    )
    assert sentence([]) == ""


def test_catalogue_errors_are_chinese(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    for text, words in (
        ("areas: 1", "areas 应为领域名称列表"),
        ("areas: [就业]\nstale_months: 0", "stale_months"),
        ("areas: [就业]\nstale_months: 3\nowner_pattern: '('", "不是有效的正则表达式"),
        ("areas: [就业]\nstale_months: 3\nowner_pattern: x", "缺少 missing"),
        ("- [", "无法读取"),
    ):
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(UserError, match=words):
            load_catalogue(bad)
