from datetime import date, datetime

import pytest

from gongkai.publishing.parsing import (
    ColumnRef,
    HeaderError,
    RowValidator,
    content_key,
    date_from_link,
    digest64,
    find_header,
    insert_row,
    map_header,
    parse_date,
    title_key,
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


def test_content_key_distinguishes_unit_column_title_and_date():
    base = content_key(1, 7, "标题", "2023-01-05")
    assert base == content_key(1, 7, "标题", "2023-01-05")
    others = {
        content_key(2, 7, "标题", "2023-01-05"),
        content_key(1, 8, "标题", "2023-01-05"),
        content_key(1, 7, "标题2", "2023-01-05"),
        content_key(1, 7, "标题", "2023-01-06"),
    }
    assert len(others | {base}) == 5
    assert -(2**63) <= base < 2**63


@pytest.mark.parametrize(
    ("typed", "as_compared"),
    [
        ("关于２０２３年ＡＢＣ工作的通知", "关于2023年ABC工作的通知"),  # full-width digits, letters
        ("关于 2023 年工作的通知", "关于2023年工作的通知"),  # spaces
        ("关于\u3000工作的通知（试行）", "关于工作的通知(试行)"),  # ideographic space, brackets
        ("①号文件", "1号文件"),
    ],
)
def test_titles_are_compared_nfkc_without_spaces(typed, as_compared):
    assert title_key(typed) == as_compared
    assert content_key(1, 7, typed, "2023-01-05") == content_key(1, 7, as_compared, "2023-01-05")


def test_digest_is_xxh3_64_as_a_signed_bigint():
    # Stored keys depend on it: a different digest needs a migration that recomputes them.
    # XXH3-64 of the empty input is 0x2D06800538D394C2 (the xxHash reference test vector).
    assert digest64("") == 0x2D06800538D394C2
    assert all(-(2**63) <= digest64(text) < 2**63 for text in ("a", "标题", "http://x.gov.cn/"))
    assert len({digest64(f"http://x.gov.cn/{i}") for i in range(10_000)}) == 10_000


def _validator(header=("单位", "栏目", "标题", "发布日期", "链接")) -> RowValidator:
    units = {"卫健委": 7}
    columns = {(7, "部门动态"): ColumnRef(70, "news")}
    return RowValidator(
        map_header(header),
        find_unit=units.get,
        find_column=lambda unit_id, text: columns.get((unit_id, text)),
        suggest_units=lambda text: [],
        column_names=lambda unit_id: ["部门动态"],
    )


@pytest.mark.parametrize(
    "header",
    [("单位", "栏目", "标题", "发布日期", "链接"), ("链接", "发布日期", "标题", "栏目", "单位")],
)
def test_cached_short_path_gives_what_the_full_check_gives(header):
    """The second sighting of a unit, column and date takes the cached path: same values."""
    validator = _validator(header)
    order = [map_header(header)[f] for f in ("unit", "column", "title", "published_on", "url")]

    def row(unit, column, title, day, url):
        cells = [""] * 5
        for index, value in zip(order, (unit, column, title, day, url), strict=True):
            cells[index] = value
        return cells

    first = validator.validate(2, row("卫健委", "部门动态", "甲", "2023/1/5", ""))
    cases = [
        ("卫健委", "部门动态", " 乙 ", "2023/1/5", " https://x.gov.cn/b.html "),
        ("卫健委", "部门动态", "丙", "2023/1/5", ""),
        ("卫健委", "部门动态", "第２期 通知", "2023/1/5", ""),
    ]
    expected = [
        insert_row(7, ColumnRef(70, "news"), "乙", "2023-01-05", "https://x.gov.cn/b.html"),
        insert_row(7, ColumnRef(70, "news"), "丙", "2023-01-05", ""),
        insert_row(7, ColumnRef(70, "news"), "第２期 通知", "2023-01-05", ""),
    ]
    assert first == insert_row(7, ColumnRef(70, "news"), "甲", "2023-01-05", "")
    assert [validator.validate(3 + i, row(*case)) for i, case in enumerate(cases)] == expected
    # Problems are still found on the cached path's units, columns and dates.
    problems = validator.validate(9, row("卫健委", "部门动态", "", "2023/1/5", "ftp://x"))
    assert [(p.row, p.field) for p in problems] == [(9, "title"), (9, "url")]
    long_title = validator.validate(10, row("卫健委", "部门动态", "长" * 501, "2023/1/5", ""))
    assert [p.field for p in long_title] == ["title"]


def test_blank_and_short_rows():
    validator = _validator()
    assert validator.validate(2, ["", " ", "\t", "", ""]) == []
    assert validator.validate(3, []) == []
    validator.validate(4, ["卫健委", "部门动态", "甲", "2023-01-05", ""])
    short = validator.validate(5, ["卫健委", "部门动态", "乙", "2023-01-05"])
    assert short == insert_row(7, ColumnRef(70, "news"), "乙", "2023-01-05", "")
    problems = validator.validate(6, ["卫健委", "部门动态"])
    assert [p.field for p in problems] == ["title", "published_on"]


def test_without_a_date_column_dates_come_from_links():
    validator = _validator(("单位", "栏目", "标题", "链接"))
    for number in (2, 3):
        checked = validator.validate(
            number, ["卫健委", "部门动态", f"标题{number}", "http://x.gov.cn/t20230105_1.html"]
        )
        assert checked[4] == "2023-01-05"
    assert validator.dates_from_links == 2
