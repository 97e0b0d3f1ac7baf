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
