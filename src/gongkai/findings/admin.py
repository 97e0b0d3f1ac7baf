from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gongkai.findings.models import Finding


@admin.register(Finding)
class FindingAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "period_start", "period_end", "kind", "message", "status"]
    list_filter = ["source", "kind", "status"]
    search_fields = ["unit__name", "message"]
