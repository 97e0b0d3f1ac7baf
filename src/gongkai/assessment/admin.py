from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gongkai.assessment.models import Appeal, AssessmentRun, Exemption, ManualScore, Scheme
from gongkai.versioned import definition_form


@admin.register(Scheme)
class SchemeAdmin(SimpleHistoryAdmin):
    form = definition_form(Scheme)
    list_display = ["name", "year", "title", "updated_at"]


@admin.register(ManualScore)
class ManualScoreAdmin(SimpleHistoryAdmin):
    list_display = ["scheme", "year", "quarter", "unit", "code", "value", "reviewer", "updated_at"]
    list_filter = ["scheme", "year", "code"]


@admin.register(Exemption)
class ExemptionAdmin(SimpleHistoryAdmin):
    list_display = ["scheme", "year", "quarter", "unit", "code", "approved_by"]


@admin.register(Appeal)
class AppealAdmin(SimpleHistoryAdmin):
    list_display = ["result", "code", "status", "created_at"]
    list_filter = ["status"]
    fields = ["result", "code", "text", "status", "answer"]
    readonly_fields = ["result", "code", "text"]


@admin.register(AssessmentRun)
class AssessmentRunAdmin(admin.ModelAdmin):
    """Frozen: viewable, never edited."""

    list_display = ["id", "title", "year", "quarter", "source", "created_at", "digest"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
