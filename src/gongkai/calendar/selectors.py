from gongkai.calendar.core import SpecialDay, WorkCalendar, library_calendar
from gongkai.calendar.models import CalendarOverride, CalendarYear


def work_calendar() -> WorkCalendar:
    """The library's schedule with the office's overrides and entered years."""
    overrides = {
        day: SpecialDay(day, kind, note)
        for day, kind, note in CalendarOverride.objects.values_list("day", "kind", "note")
    }
    years = CalendarYear.objects.values_list("year", flat=True)
    return library_calendar(overrides, extra_years=years)


def schedule_reminder(today) -> str | None:
    """From November on, remind the office to enter next year's schedule until it is there."""
    if today.month < 11:
        return None
    next_year = today.year + 1
    if next_year in work_calendar().years:
        return None
    return (
        f"{next_year} 年节假日安排尚未录入：国务院办公厅通常在 11 月公布，请录入后再计算 {next_year} 年的答复期限"
        "（gongkai calendar import，或在网页“节假日安排”页上传、逐日设置）。"
    )
