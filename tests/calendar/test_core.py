from datetime import date

import pytest

from gongkai.calendar.core import (
    HOLIDAY,
    WORKDAY,
    CalendarGapError,
    CalendarRangeError,
    SpecialDay,
    check_in_range,
    festivals_of,
    library_calendar,
    missing_festivals,
)

CAL = library_calendar()


@pytest.mark.parametrize("year", [2025, 2026])
def test_both_years_have_248_working_days(year):
    assert CAL.workdays_in(date(year, 1, 1), date(year, 12, 31)) == 248


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 1, 26),
        date(2025, 2, 8),
        date(2025, 4, 27),
        date(2025, 9, 28),
        date(2025, 10, 11),
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    ],
)
def test_make_up_days_are_working_days(day):
    assert day.weekday() >= 5 and CAL.is_workday(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 1, 1),
        date(2025, 1, 28),
        date(2025, 2, 4),
        date(2025, 4, 4),
        date(2025, 5, 5),
        date(2025, 6, 2),
        date(2025, 10, 8),
        date(2026, 1, 2),
        date(2026, 2, 23),
        date(2026, 6, 19),
        date(2026, 9, 25),
        date(2026, 10, 7),
    ],
)
def test_days_off_are_not_working_days(day):
    assert not CAL.is_workday(day)


def test_add_workdays_does_not_count_the_start_day():
    assert CAL.add_workdays(date(2025, 3, 3), 1) == date(2025, 3, 4)
    assert CAL.add_workdays(date(2025, 3, 7), 1) == date(2025, 3, 10)  # Friday → Monday


def test_workdays_between_is_half_open():
    assert CAL.workdays_between(date(2025, 3, 3), date(2025, 3, 7)) == 4
    assert CAL.workdays_between(date(2025, 3, 7), date(2025, 3, 3)) == 0


def test_a_year_without_a_schedule_is_an_error_not_a_guess():
    with pytest.raises(CalendarGapError, match="2027 年节假日安排尚未录入"):
        CAL.is_workday(date(2027, 3, 1))
    with pytest.raises(CalendarGapError, match="2027"):
        CAL.add_workdays(date(2026, 12, 20), 20)


def test_entered_year_and_overrides():
    overrides = {
        date(2027, 1, 1): SpecialDay(date(2027, 1, 1), HOLIDAY, "元旦"),
        date(2027, 1, 2): SpecialDay(date(2027, 1, 2), WORKDAY, "元旦"),  # a Saturday
        date(2026, 12, 31): SpecialDay(date(2026, 12, 31), HOLIDAY, "临时"),
    }
    cal = library_calendar(overrides, extra_years=[2027])
    assert not cal.is_workday(date(2027, 1, 1))
    assert cal.is_workday(date(2027, 1, 2))
    assert not cal.is_workday(date(2026, 12, 31))
    assert cal.add_workdays(date(2026, 12, 30), 1) == date(2027, 1, 2)


def _off(day, name):
    return SpecialDay(day, HOLIDAY, name)


@pytest.mark.parametrize(
    ("year", "days", "missing"),
    [
        # The library's own 2025 and 2026 schedules are complete by this definition.
        (2025, [s for d, s in CAL._special.items() if d.year == 2025], []),
        (2026, [s for d, s in CAL._special.items() if d.year == 2026], []),
        (
            2027,
            [_off(date(2027, 1, 1), "元旦")],
            ["春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"],
        ),
        (  # a make-up working day named 春节 is not a day off
            2027,
            [SpecialDay(date(2027, 2, 20), WORKDAY, "春节")],
            ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"],
        ),
        (  # "清明" names 清明节; "国庆节、中秋节" names both; a day of another year does not count
            2024,
            [_off(date(2024, 1, 1), "元旦"), _off(date(2023, 12, 31), "春节")]
            + [_off(date(2024, 2, d), "春节") for d in (10, 11, 12)]
            + [_off(date(2024, 4, 4), "清明"), _off(date(2024, 5, 1), "劳动节")]
            + [_off(date(2024, 6, 10), "端午节")]
            + [_off(date(2024, 10, d), "国庆节、中秋节") for d in (1, 2, 3)],
            [],
        ),
        (1990, [_off(date(1990, 1, 1), "元旦")], ["春节", "劳动节", "国庆节"]),
    ],
)
def test_missing_festivals(year, days, missing):
    found = missing_festivals(year, days)
    assert [m.split("（")[0] for m in found] == missing


def test_statutory_days_follow_the_rule_of_the_year():
    assert festivals_of(2024)["春节"] == 3 and festivals_of(2025)["春节"] == 4
    assert festivals_of(2008)["清明节"] == 1 and "清明节" not in festivals_of(2007)
    assert festivals_of(1949)["国庆节"] == 2


@pytest.mark.parametrize(
    ("day", "ok"),
    [
        (date(1949, 1, 1), True),
        (date(2100, 12, 31), True),
        (date(1948, 12, 31), False),
        (date(2101, 1, 1), False),
        (date(9999, 12, 31), False),
    ],
)
def test_dates_are_bounded(day, ok):
    if ok:
        assert check_in_range(day) == day
    else:
        with pytest.raises(CalendarRangeError, match="1949–2100"):
            check_in_range(day, "日期")


def test_a_year_outside_the_range_is_ignored_and_a_missing_year_is_never_skipped():
    cal = library_calendar(extra_years=[9999, 2028])
    assert 9999 not in cal.years and 2028 in cal.years
    with pytest.raises(CalendarGapError, match="2027"):
        cal.add_workdays(date(2026, 12, 28), 20)  # would land in 2028 over an unknown 2027
    with pytest.raises(CalendarGapError, match="2027"):
        cal.workdays_between(date(2026, 12, 1), date(2028, 1, 10))
    with pytest.raises(CalendarGapError, match="9999"):
        cal.is_workday(date(9999, 12, 31))
