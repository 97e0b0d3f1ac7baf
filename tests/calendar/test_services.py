from datetime import date

import pytest

from gongkai.calendar.core import CalendarRangeError
from gongkai.calendar.models import CalendarOverride, CalendarYear
from gongkai.calendar.selectors import work_calendar
from gongkai.calendar.services import CalendarFileError, import_schedule, set_day
from tests.calendar.schedules import DAYS_2027, HOLIDAYS_2027, SCHEDULE_2027, schedule_csv

pytestmark = pytest.mark.django_db


def test_importing_a_year_makes_it_usable(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text(SCHEDULE_2027, encoding="gbk")
    result = import_schedule(path=path, source="国办发明电〔2026〕X号")
    assert (result.years, result.days) == ([2027], DAYS_2027) and DAYS_2027 == 31
    assert CalendarYear.objects.get(year=2027).source == "国办发明电〔2026〕X号"
    calendar = work_calendar()
    assert not calendar.is_workday(date(2027, 1, 1))
    assert calendar.is_workday(date(2027, 2, 20))  # a make-up Saturday
    assert calendar.is_workday(date(2027, 3, 1))  # an ordinary Monday
    assert import_schedule(path=path).days == DAYS_2027  # importing again changes nothing
    assert CalendarOverride.objects.filter(day__year=2027).count() == DAYS_2027


def test_a_single_day_override_wins_over_the_library():
    set_day(day=date(2025, 12, 31), kind="holiday", note="临时调整")
    assert not work_calendar().is_workday(date(2025, 12, 31))


def test_a_schedule_kept_in_a_spreadsheet_imports_the_same(tmp_path):
    """WPS/Excel keeps 日期 as date cells: the .xlsx gives what the CSV gives."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for line in SCHEDULE_2027.splitlines():
        cells = line.split(",")
        if cells[0][:1].isdigit():
            cells[0] = date.fromisoformat(cells[0])
        sheet.append(cells)
    path = tmp_path / "2027.xlsx"
    book.save(path)
    assert import_schedule(path=path).days == DAYS_2027
    assert not work_calendar().is_workday(date(2027, 1, 1))
    assert work_calendar().is_workday(date(2027, 2, 20))


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
    path.write_text(SCHEDULE_2027, encoding="utf-8")
    import_schedule(path=path)
    assert schedule_reminder(date(2026, 11, 22)) is None


def test_a_partial_year_is_refused_and_nothing_is_written(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text("日期,类型,说明\n2027-01-01,休,元旦\n", encoding="utf-8")
    with pytest.raises(CalendarFileError) as caught:
        import_schedule(path=path)
    message = str(caught.value)
    assert "2027 年缺少 春节（应至少放假 4 天，已录入 0 天）" in message
    for name in ("清明节", "劳动节", "端午节", "中秋节", "国庆节"):
        assert name in message
    assert "元旦（" not in message  # what is there is not reported missing
    assert not CalendarYear.objects.exists() and not CalendarOverride.objects.exists()
    assert 2027 not in work_calendar().years


@pytest.mark.parametrize(
    ("holidays", "missing"),
    [
        ([h for h in HOLIDAYS_2027 if h[0] != "中秋节"], "中秋节（应至少放假 1 天，已录入 0 天）"),
        (  # 春节 with 3 days is the rule before 2025: not enough for 2027
            [
                ("春节", date(2027, 2, 6), date(2027, 2, 8)) if h[0] == "春节" else h
                for h in HOLIDAYS_2027
            ],
            "春节（应至少放假 4 天，已录入 3 天）",
        ),
    ],
)
def test_a_year_missing_one_festival_is_refused(tmp_path, holidays, missing):
    path = tmp_path / "2027.csv"
    path.write_text(schedule_csv(holidays), encoding="utf-8")
    with pytest.raises(CalendarFileError, match=missing):
        import_schedule(path=path)
    assert not CalendarOverride.objects.exists()


def test_a_combined_festival_counts_for_both(tmp_path):
    holidays = [h for h in HOLIDAYS_2027 if h[0] not in ("中秋节", "国庆节")]
    holidays.append(("国庆节、中秋节", date(2027, 10, 1), date(2027, 10, 8)))
    path = tmp_path / "2027.csv"
    path.write_text(schedule_csv(holidays), encoding="utf-8")
    assert import_schedule(path=path).years == [2027]
    assert 2027 in work_calendar().years


def test_9999_is_refused_everywhere_it_enters(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(SCHEDULE_2027 + "9999-12-31,休,元旦\n", encoding="utf-8")
    with pytest.raises(
        CalendarFileError, match="第 33 行 日期「9999-12-31」超出可处理的范围（1949–2100 年）"
    ):
        import_schedule(path=path)
    with pytest.raises(CalendarRangeError, match="1949–2100"):
        set_day(day=date(9999, 12, 31), kind="holiday")
    with pytest.raises(CalendarRangeError):
        set_day(day=date(1948, 12, 31), kind="holiday")
    assert not CalendarOverride.objects.exists()


def test_rows_stored_before_the_checks_cannot_poison_the_calendar():
    # What an older version let in: 9999-12-31 as a year, a one-row 2027 marked as published.
    CalendarOverride.objects.create(day=date(9999, 12, 31), kind="holiday", note="元旦")
    CalendarOverride.objects.create(day=date(2027, 1, 1), kind="holiday", note="元旦")
    CalendarYear.objects.create(year=9999)
    CalendarYear.objects.create(year=2027)
    calendar = work_calendar()
    assert 9999 not in calendar.years and 2027 not in calendar.years
    assert calendar.add_workdays(date(2025, 9, 26), 20) == date(2025, 10, 30)


def test_only_the_office_changes_the_calendar_even_past_the_pages(tmp_path, registry):
    """The services check the acting web user themselves (a view that forgot its choke point
    cannot let a unit clerk or a leader change the calendar)."""
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied

    from gongkai.orgs.models import Account, Role, Unit

    def login(name, role, unit=None):
        user = get_user_model().objects.create_user(name, password="Lanyu-Qiao-2025")
        Account.objects.create(user=user, role=role, unit=unit and Unit.objects.get(name=unit))
        return user

    path = tmp_path / "2027.csv"
    path.write_text(SCHEDULE_2027, encoding="gbk")
    for outsider in (login("wjw", Role.UNIT, "卫健委"), login("leader", Role.LEADER)):
        with pytest.raises(PermissionDenied):
            set_day(day=date(2025, 12, 31), kind="holiday", actor=outsider)
        with pytest.raises(PermissionDenied):
            import_schedule(path=path, actor=outsider)
    assert not CalendarOverride.objects.exists() and not CalendarYear.objects.filter(year=2027)
    office = login("office", Role.OFFICE)
    set_day(day=date(2025, 12, 31), kind="holiday", actor=office)
    assert import_schedule(path=path, actor=office).days == DAYS_2027
