from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gongkai.standards.models import UpdateStandard
from gongkai.versioned import definition_form


@admin.register(UpdateStandard)
class UpdateStandardAdmin(SimpleHistoryAdmin):
    form = definition_form(UpdateStandard)  # name, year, title and periods read from the YAML
    list_display = ["name", "year", "title", "applies_to", "updated_at"]
