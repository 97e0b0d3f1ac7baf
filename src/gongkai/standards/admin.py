from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gongkai.standards.models import UpdateStandard
from gongkai.standards.rules import StandardError, parse_standard


class UpdateStandardForm(forms.ModelForm):
    class Meta:
        model = UpdateStandard
        fields = ["name", "year", "title", "applies_to", "definition"]

    def clean_definition(self):
        text = self.cleaned_data["definition"]
        try:
            parse_standard(text, "定义")
        except StandardError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return text


@admin.register(UpdateStandard)
class UpdateStandardAdmin(SimpleHistoryAdmin):
    form = UpdateStandardForm
    list_display = ["name", "year", "title", "applies_to", "updated_at"]
