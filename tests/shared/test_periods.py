from datetime import date

import pytest

from gongkai.periods import Period


def test_year_has_twelve_whole_months():
    months = Period.year(2023).months()
    assert [m.month for m in months] == list(range(1, 13))
    assert all(m.whole for m in months)
    assert Period.year(2023).label == "2023年度"


def test_leap_february_is_29_days():
    feb = Period.month(2024, 2).months()[0]
    assert (feb.covered_days, feb.days_in_month) == (29, 29)
    assert Period.month(2023, 2).months()[0].days_in_month == 28


@pytest.mark.parametrize(
    ("quarter", "start", "end", "label"),
    [
        (1, date(2024, 1, 1), date(2024, 3, 31), "2024年第一季度"),
        (2, date(2024, 4, 1), date(2024, 6, 30), "2024年第二季度"),
        (4, date(2024, 10, 1), date(2024, 12, 31), "2024年第四季度"),
    ],
)
def test_quarters(quarter, start, end, label):
    period = Period.quarter(2024, quarter)
    assert (period.start, period.end, period.label) == (start, end, label)


def test_range_that_is_not_a_calendar_quarter_has_partial_months():
    months = Period.between(date(2024, 2, 15), date(2024, 5, 14)).months()
    assert [(m.month, m.covered_days, m.days_in_month) for m in months] == [
        (2, 15, 29),
        (3, 31, 31),
        (4, 30, 30),
        (5, 14, 31),
    ]


def test_range_across_new_year():
    months = Period.between(date(2023, 12, 1), date(2024, 1, 31)).months()
    assert [m.key for m in months] == ["2023-12", "2024-01"]


@pytest.mark.parametrize("bad", [lambda: Period.quarter(2024, 5), lambda: Period.month(2024, 13)])
def test_bad_periods_are_refused(bad):
    with pytest.raises(ValueError):
        bad()


def test_end_before_start_is_refused():
    with pytest.raises(ValueError, match="早于"):
        Period.between(date(2024, 3, 1), date(2024, 2, 1))
