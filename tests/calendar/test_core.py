from datetime import date

import pytest

from gongkai.calendar.core import HOLIDAY, WORKDAY, CalendarGapError, SpecialDay, library_calendar

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
