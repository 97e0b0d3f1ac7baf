"""The statistics core on hand-built cases, independent of the seeds."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from gongkai.periods import Period
from gongkai.standards.rules import CategoryRule, Standard, Wording
from gongkai.standards.statistics import (
    UnitInfo,
    display_cells,
    problems_text,
    statistics_table,
    table_order,
    unit_statistics,
)

STANDARD = Standard(
    name="test",
    year=2023,
    title="test",
    categories=(
        CategoryRule(
            "news",
            "{prefix}动态",
            per_year=96,
            slow_month_below=8,
            zero_months_reported_from=2,
            shows_months_not_updated=True,
        ),
        CategoryRule("disclosure", "{prefix}信息公开", per_year=12, slow_month_below=1),
    ),
    columns=("seq", "unit", "news", "months_not_updated", "disclosure", "total", "problems"),
    wording=Wording(),
)


def unit(uid=1, name="某局", kind="县直部门", order=0, categories=("news", "disclosure")):
    return UnitInfo(uid, name, kind, "部门", order, frozenset(categories))


def counts_for(uid, year, news_by_month, disclosure_by_month):
    counts = {}
    for month, n in enumerate(news_by_month, start=1):
        counts[(uid, "news", f"{year}-{month:02d}")] = n
    for month, n in enumerate(disclosure_by_month, start=1):
        counts[(uid, "disclosure", f"{year}-{month:02d}")] = n
    return counts


def codes(row):
    return [(p.code, p.category) for p in row.problems]


def test_a_unit_meeting_every_standard_has_no_problems():
    row = unit_statistics(
        unit(), STANDARD, Period.year(2023), counts_for(1, 2023, [8] * 12, [1] * 12)
    )
    assert row.problems == ()
    assert display_cells(row, STANDARD)["months_not_updated"] == "——"
    assert problems_text(row, STANDARD) == "——"


def test_yearly_total_met_but_one_month_under_the_monthly_line():
    news = [10] * 11 + [5]  # 115 ≥ 96, December 5 < 8
    row = unit_statistics(unit(), STANDARD, Period.year(2023), counts_for(1, 2023, news, [1] * 12))
    assert codes(row) == [("slow_months", None)]
    assert "2023年12月5条（应不少于8条）" in row.problems[0].how_to_fix


def test_exactly_twelve_disclosure_items_meets_the_yearly_standard():
    row = unit_statistics(
        unit(), STANDARD, Period.year(2023), counts_for(1, 2023, [8] * 12, [1] * 12)
    )
    assert row.counts["disclosure"] == 12
    assert ("below_total", "disclosure") not in codes(row)


def test_eleven_disclosure_items_is_below_standard():
    disclosure = [1] * 11 + [0]
    row = unit_statistics(
        unit(), STANDARD, Period.year(2023), counts_for(1, 2023, [8] * 12, disclosure)
    )
    assert codes(row) == [("below_total", "disclosure"), ("slow_months", None)]
    assert row.problems[0].text == "部门信息公开更新量不达标"
    assert row.problems[0].evidence == {"actual": 11, "required": 12}


def test_one_empty_month_is_shown_but_not_counted_as_cumulative():
    news = [9] * 12
    news[4] = 0
    row = unit_statistics(unit(), STANDARD, Period.year(2023), counts_for(1, 2023, news, [1] * 12))
    assert row.months_not_updated_text == "5月份未更新"
    assert ("zero_months", "news") not in codes(row)
    assert ("slow_months", None) in codes(row)


def test_two_empty_months_are_reported_as_cumulative_with_township_wording():
    news = [10] * 12
    news[5] = news[6] = 0
    township = unit(kind="乡镇/街道")
    row = unit_statistics(
        township, STANDARD, Period.year(2023), counts_for(1, 2023, news, [1] * 12)
    )
    assert row.months_not_updated_text == "6、7月份未更新"
    assert problems_text(row, STANDARD) == "1、乡镇动态累计2个月未更新\n2、部分月份更新迟缓"


def test_problem_order_is_totals_then_cumulative_then_slow():
    news = [3] * 12
    news[0] = news[1] = 0
    row = unit_statistics(unit(), STANDARD, Period.year(2023), counts_for(1, 2023, news, [0] * 12))
    assert problems_text(row, STANDARD).split("\n") == [
        "1、部门动态更新量不达标",
        "2、部门信息公开更新量不达标",
        "3、部门动态累计2个月未更新",
        "4、部分月份更新迟缓",
    ]


def test_missing_column_is_absent_not_zero():
    row = unit_statistics(
        unit(categories=("news",)), STANDARD, Period.year(2023), counts_for(1, 2023, [8] * 12, [])
    )
    assert display_cells(row, STANDARD)["disclosure"] == "_"
    assert row.total == 96
    assert row.problems == ()


def test_leap_year_february_is_counted():
    counts = {(1, "news", "2024-02"): 8}
    row = unit_statistics(unit(), STANDARD, Period.month(2024, 2), counts)
    assert row.counts["news"] == 8
    assert ("below_total", "news") not in codes(row)


def test_period_that_is_not_a_calendar_quarter():
    period = Period.between(date(2023, 2, 15), date(2023, 5, 14))
    counts = {(1, "news", m): 8 for m in ("2023-02", "2023-03", "2023-04", "2023-05")}
    counts.update({(1, "disclosure", m): 1 for m in ("2023-02", "2023-03", "2023-04", "2023-05")})
    # 96 a year over 14/28 + 1 + 1 + 14/31 months = 2.95 months → 24 required.
    assert STANDARD.rule("news").minimum_for(period) == 24
    row = unit_statistics(unit(), STANDARD, period, counts)
    assert row.counts["news"] == 32
    # Partial months need only their share: 8 items in half of February are enough.
    assert row.problems == ()
    counts[(1, "news", "2023-03")] = 0  # 24 left: exactly the minimum
    row = unit_statistics(unit(), STANDARD, period, counts)
    assert codes(row) == [("slow_months", None)]
    assert row.months_not_updated_text == "3月份未更新"
    counts[(1, "news", "2023-04")] = 7  # 23: one short
    row = unit_statistics(unit(), STANDARD, period, counts)
    assert codes(row) == [("below_total", "news"), ("slow_months", None)]


def test_months_across_a_year_boundary_name_the_year():
    period = Period.between(date(2023, 12, 1), date(2024, 1, 31))
    row = unit_statistics(unit(), STANDARD, period, {})
    assert row.months_not_updated_text == "2023年12月、2024年1月未更新"


def test_ordering_by_total_then_registry_order():
    units = [unit(1, "甲", order=2), unit(2, "乙", order=1), unit(3, "丙", order=0)]
    counts = {}
    counts.update(counts_for(1, 2023, [9] * 12, [1] * 12))
    counts.update(counts_for(2, 2023, [8] * 12, [1] * 12))
    counts.update(counts_for(3, 2023, [8] * 12, [1] * 12))
    rows = statistics_table(units, STANDARD, Period.year(2023), counts)
    assert [(r.seq, r.unit.name) for r in rows] == [(1, "甲"), (2, "丙"), (3, "乙")]


@given(
    st.lists(st.integers(0, 20), min_size=12, max_size=12),
    st.lists(st.integers(0, 5), min_size=12, max_size=12),
)
def test_properties_of_any_year(news, disclosure):
    row = unit_statistics(
        unit(), STANDARD, Period.year(2023), counts_for(1, 2023, news, disclosure)
    )
    assert row.total == sum(news) + sum(disclosure)
    assert len(row.months_not_updated) == news.count(0)
    has = set(codes(row))
    assert (("below_total", "news") in has) == (sum(news) < 96)
    assert (("below_total", "disclosure") in has) == (sum(disclosure) < 12)
    assert (("zero_months", "news") in has) == (news.count(0) >= 2)
    assert (("slow_months", None) in has) == (min(news) < 8 or min(disclosure) < 1)


@given(
    st.lists(
        st.tuples(
            st.integers(0, 3),  # registry order (ties broken by id)
            st.lists(st.integers(0, 3), min_size=12, max_size=12),
            st.lists(st.integers(0, 2), min_size=12, max_size=12),
            st.sampled_from([("news", "disclosure"), ("news",), ("disclosure",)]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_the_order_from_totals_alone_is_the_tables_order(spec):
    """A dashboard page is numbered from period totals; it must be the full table's numbering.
    Items of a category a unit has no column for do not count towards its 合计."""
    units, counts, totals = [], {}, {}
    for uid, (order, news, disclosure, categories) in enumerate(spec, start=1):
        units.append(unit(uid, f"单位{uid}", order=order, categories=categories))
        counts.update(counts_for(uid, 2023, news, disclosure))
        totals[(uid, "news")], totals[(uid, "disclosure")] = sum(news), sum(disclosure)
    rows = statistics_table(units, STANDARD, Period.year(2023), counts)
    assert table_order(units, STANDARD, totals) == [row.unit for row in rows]
