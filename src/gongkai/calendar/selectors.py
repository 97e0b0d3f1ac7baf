from gongkai.calendar.core import (
    FIRST_YEAR,
    LAST_YEAR,
    SpecialDay,
    WorkCalendar,
    library_calendar,
    missing_festivals,
)
from gongkai.calendar.models import CalendarOverride, CalendarYear


def work_calendar() -> WorkCalendar:
    """The library's schedule with the office's overrides and entered years.

    An entered year counts only while its schedule is complete and within 1949–2100, so a row
    stored before these checks existed cannot stand for a published year (or break the calendar).
    """
    overrides = {
        day: SpecialDay(day, kind, note)
        for day, kind, note in CalendarOverride.objects.values_list("day", "kind", "note")
        if FIRST_YEAR <= day.year <= LAST_YEAR
    }
    return library_calendar(overrides, extra_years=entered_years(overrides))


def entered_years(overrides: dict | None = None) -> list[int]:
    """The years the office has entered completely (beyond the library's own)."""
    if overrides is None:
        overrides = {
            day: SpecialDay(day, kind, note)
            for day, kind, note in CalendarOverride.objects.values_list("day", "kind", "note")
        }
    return [
        year
        for year in CalendarYear.objects.values_list("year", flat=True)
        if FIRST_YEAR <= year <= LAST_YEAR and not missing_festivals(year, overrides.values())
    ]


def schedule_reminder(today) -> str | None:
    """From November on, remind the office to enter next year's schedule until it is there."""
    if today.month < 11:
        return None
    next_year = today.year + 1
    if next_year in work_calendar().years:
        return None
    return (
        f"{next_year} 年节假日安排尚未录入：国务院办公厅通常在 11 月公布，请录入后再计算 {next_year} 年的答复期限"
        "（在“节假日安排”页粘贴国务院通知中的日期、上传 CSV 或逐日设置）。"
    )
