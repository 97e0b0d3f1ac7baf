from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gongkai.newmedia.models import NewMediaAccount


@admin.register(NewMediaAccount)
class NewMediaAccountAdmin(SimpleHistoryAdmin):
    list_display = (
        "name",
        "platform",
        "unit",
        "supervised",
        "registered",
        "opened_on",
        "closed_on",
    )
    list_filter = ("platform", "supervised", "registered")
    search_fields = ("name", "handle", "unit__name")
