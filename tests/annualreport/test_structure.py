"""Tolerant structure: headings with one wrong or extra character, unit and year from the title or
the portal's ArticleTitle, page chrome never taken for the unit."""

import pytest

from gongkai.adapters.documents import text_from_html
from gongkai.annualreport.checks import check
from gongkai.annualreport.parser import edit_distance, find_title, parse_text
from tests.annualreport.fixtures import render_html, render_text, values


@pytest.mark.parametrize(
    ("printed", "numeral"),
    [
        ("二、主动公幵政府信息情况", "二"),  # one wrong character
        ("三、收到和处处理政府信息公开申请情况", "三"),  # one extra character
        ("四、政府信息公开行政复议、行政讼情况", "四"),  # one missing character (key intact)
        ("四、政府信息公开行政夏议、行政诉讼情况", "四"),  # wrong character in the key
    ],
)
def test_a_heading_typo_is_read_as_its_section_and_warned(printed, numeral):
    v = values()
    text = render_text(v)
    official = next(line for line in text.splitlines() if line.startswith(f"{numeral}、"))
    report = parse_text(text.replace(official, printed), "typo")
    assert report.complete, report.issues
    findings = check(report)
    assert official != printed
    assert [(f.rule, f.severity) for f in findings] == [("heading_typo", "warning")]


def test_two_wrong_characters_are_not_a_heading():
    text = render_text(values()).replace("二、主动公开政府信息情况", "二、主动公幵政府信忌情况")
    assert "二" not in parse_text(text, "x").sections


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "登录 注册 首页 > 政府信息公开 > 某县财政局2024年政府信息公开工作年度报告",
            ("某县财政局", 2024),
        ),
        ("某县财政局2024年政府信息公开工作年度报告", ("某县财政局", 2024)),
        ("2023年度某镇人民政府政府信息公开工作年度报告", ("某镇人民政府", 2023)),
        ("当前位置：首页 | 2024年政府信息公开工作年度报告", (None, 2024)),
    ],
)
def test_title_lines(line, expected):
    assert find_title(f"无障碍 关怀版\n{line}\n一、总体情况") == expected


def test_article_title_is_the_title_and_chrome_is_not_the_unit():
    v = values()
    page = render_html(v).replace(
        "<h1>" + v["title"] + "</h1>",
        "<div>登录 注册</div><div>首页 > 信息公开 > 年度报告</div>",
    )
    page = page.replace(
        "<head>",
        '<head><meta name="ArticleTitle" content="某县交通运输局2024年政府信息公开工作年度报告">',
    )
    report = parse_text(text_from_html(page), "page.html")
    assert (report.unit, report.year) == ("某县交通运输局", 2024)
    assert check(report) == []


def test_edit_distance():
    assert edit_distance("总体情况", "总体情况") == 0
    assert edit_distance("总休情况", "总体情况") == 1
    assert edit_distance("总体情况况", "总体情况") == 1
    assert edit_distance("总休情兄", "总体情况") == 2
