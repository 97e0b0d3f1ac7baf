from datetime import date, datetime

import pytest

from gongkai.publishing.parsing import (
    HeaderError,
    content_key,
    date_from_link,
    find_header,
    map_header,
    parse_date,
)


@pytest.mark.parametrize(
    "raw",
    [
        "2023-01-05",
        "2023/1/5",
        "2023年1月5日",
        "2023-01-05 08:30:00",
        "2023/01/05 8:30",
        "2023.1.5",
        "２０２３－０１－０５",
        "20230105",
        44931,
        44931.5,
        "44931",
        datetime(2023, 1, 5, 8, 30),
        date(2023, 1, 5),
    ],
)
def test_dates_in_every_common_form(raw):
    assert parse_date(raw) == date(2023, 1, 5)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("2023-02-30", "不是有效的日期"),
        ("2023年13月1日", "不是有效的日期"),
        ("上周五", "无法识别"),
        ("1850-01-01", "超出合理范围"),
        ("5/1/2023", "无法识别"),
    ],
)
def test_bad_dates_say_why(raw, reason):
    with pytest.raises(ValueError, match=reason):
        parse_date(raw)


def test_leap_day():
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    with pytest.raises(ValueError):
        parse_date("2023-02-29")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://www.xxx.gov.cn/xwzx/202301/t20230105_12345.html", date(2023, 1, 5)),
        ("https://a.gov.cn/zwgk/t20231231_9.htm", date(2023, 12, 31)),
        ("https://a.gov.cn/zwgk/t20231231_9.shtml?from=home", date(2023, 12, 31)),
        ("https://a.gov.cn/zwgk/t20231332_9.htm", None),
        ("https://a.gov.cn/art/2023/1/5/art_1_2.html", None),
    ],
)
def test_date_from_cms_links(url, expected):
    assert date_from_link(url) == expected


def test_header_variants_are_recognised():
    mapping = map_header(["序号", "发布机构", "所属栏目", "信息标题", "发布时间", "URL"])
    assert mapping == {"unit": 1, "column": 2, "title": 3, "published_on": 4, "url": 5}


def test_header_found_under_a_title_row():
    rows = [["某县信息发布统计"], [], ["单位", "栏目", "标题", "日期"], ["a", "b", "c", "d"]]
    index, mapping = find_header(rows)
    assert index == 2
    assert mapping["published_on"] == 3


def test_missing_required_column_is_named():
    with pytest.raises(HeaderError, match="缺少必需的列：栏目"):
        find_header([["单位", "标题", "日期"]])


def test_no_header_at_all():
    with pytest.raises(HeaderError, match="未找到表头"):
        find_header([["1", "2", "3"], ["a", "b", "c"]])


def test_content_key_distinguishes_unit_title_and_date():
    base = content_key(1, "标题", "2023-01-05")
    assert base == content_key(1, "标题", "2023-01-05")
    assert (
        len(
            {
                base,
                content_key(2, "标题", "2023-01-05"),
                content_key(1, "标题2", "2023-01-05"),
                content_key(1, "标题", "2023-01-06"),
            }
        )
        == 4
    )
    assert -(2**63) <= base < 2**63
