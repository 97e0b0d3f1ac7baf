"""Manual entry and correction of the register (changes kept in history)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gongkai.policies.models import (
    ActivityFigure,
    Consultation,
    Decision,
    Interpretation,
    PolicyDocument,
)
from gongkai.policies.numbers import normalise_number


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(SimpleHistoryAdmin):
    list_display = ("number", "title", "kind", "unit", "drafting_unit", "published_on", "status")
    list_filter = ("kind", "status", "unit")
    search_fields = ("number", "number_as_written", "title")
    exclude = ("number", "key")
    raw_id_fields = ("changed_by",)

    def save_model(self, request, obj, form, change):
        # The normal form of what was typed, and the key an import of the same document uses.
        from gongkai.policies.importer import document_key

        obj.number = normalise_number(obj.number_as_written) if obj.number_as_written else ""
        if not obj.key:
            obj.key = document_key(
                obj.number, obj.unit_id, obj.title, obj.published_on or obj.signed_on
            )
        super().save_model(request, obj, form, change)


@admin.register(Interpretation)
class InterpretationAdmin(SimpleHistoryAdmin):
    list_display = ("title", "unit", "published_on", "document", "proposed_document")
    list_filter = ("unit",)
    search_fields = ("title",)
    exclude = ("key",)
    raw_id_fields = ("document", "proposed_document")

    def save_model(self, request, obj, form, change):
        if "forms" in form.changed_data:
            obj.forms_edited = True
        if not obj.key:
            obj.key = obj.url or f"{obj.unit_id}|{obj.title}|{obj.published_on}"
        super().save_model(request, obj, form, change)


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ("year", "title", "unit", "kind", "listed", "decided_on")
    list_filter = ("year", "kind", "listed")


@admin.register(Consultation)
class ConsultationAdmin(SimpleHistoryAdmin):
    list_display = ("title", "unit", "opened_on", "closes_on", "feedback_on")
    raw_id_fields = ("decision",)


@admin.register(ActivityFigure)
class ActivityFigureAdmin(SimpleHistoryAdmin):
    list_display = ("unit", "year", "kind", "value", "source")
    list_filter = ("year", "kind")
