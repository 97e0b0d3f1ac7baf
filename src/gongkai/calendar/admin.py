from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gongkai.calendar.models import CalendarOverride, CalendarYear


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(SimpleHistoryAdmin):
    list_display = ["day", "kind", "note"]
    list_filter = ["kind"]
    date_hierarchy = "day"


@admin.register(CalendarYear)
class CalendarYearAdmin(SimpleHistoryAdmin):
    list_display = ["year", "source", "entered_at"]
