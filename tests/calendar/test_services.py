from datetime import date

import pytest

from gongkai.calendar.models import CalendarYear
from gongkai.calendar.selectors import work_calendar
from gongkai.calendar.services import CalendarFileError, import_schedule, set_day

pytestmark = pytest.mark.django_db

SCHEDULE_2027 = "日期,类型,说明\n2027-01-01,休,元旦\n2027-02-06,休,春节\n2027-02-08,休,春节\n2027-01-30,班,春节调休\n"


def test_importing_a_year_makes_it_usable(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text(SCHEDULE_2027, encoding="gbk")
    result = import_schedule(path=path, source="国办发明电〔2026〕X号")
    assert (result.years, result.days) == ([2027], 4)
    assert CalendarYear.objects.get(year=2027).source == "国办发明电〔2026〕X号"
    calendar = work_calendar()
    assert not calendar.is_workday(date(2027, 1, 1))
    assert calendar.is_workday(date(2027, 1, 30))  # a make-up Saturday
    assert calendar.is_workday(date(2027, 3, 1))  # an ordinary Monday
    assert import_schedule(path=path).days == 4  # importing again changes nothing


def test_a_single_day_override_wins_over_the_library():
    set_day(day=date(2025, 12, 31), kind="holiday", note="临时调整")
    assert not work_calendar().is_workday(date(2025, 12, 31))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2027-13-01,休\n", "第 1 行 日期「2027-13-01」"),
        ("日期,类型\n2027-01-01,放\n", "第 2 行 类型「放」应为 休 或 班"),
        ("日期,类型\n", "没有日期行"),
    ],
)
def test_bad_schedule_files(tmp_path, text, message):
    path = tmp_path / "s.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CalendarFileError, match=message):
        import_schedule(path=path)
    assert not CalendarYear.objects.exists()


def test_november_reminder_until_next_year_is_entered(tmp_path):
    from gongkai.calendar.selectors import schedule_reminder

    assert schedule_reminder(date(2026, 10, 31)) is None
    assert schedule_reminder(date(2026, 11, 1)).startswith("2027 年节假日安排尚未录入")
    assert schedule_reminder(date(2025, 11, 20)) is None  # 2026 is in the library
    path = tmp_path / "2027.csv"
    path.write_text("日期,类型\n2027-01-01,休\n", encoding="utf-8")
    import_schedule(path=path)
    assert schedule_reminder(date(2026, 11, 22)) is None
