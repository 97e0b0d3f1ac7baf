from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gongkai.standards.models import UpdateStandard
from gongkai.standards.rules import StandardError, parse_standard


class UpdateStandardForm(forms.ModelForm):
    """Office staff edit the YAML; name, year, title and periods are read from it."""

    class Meta:
        model = UpdateStandard
        fields = ["definition"]

    def clean_definition(self):
        text = self.cleaned_data["definition"]
        try:
            self.parsed = parse_standard(text, "定义")
        except StandardError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return text

    def save(self, commit=True):
        record = super().save(commit=False)
        record.name = self.parsed.name
        record.year = self.parsed.year
        record.title = self.parsed.title
        record.applies_to = ",".join(self.parsed.applies_to)
        if commit:
            record.save()
        return record


@admin.register(UpdateStandard)
class UpdateStandardAdmin(SimpleHistoryAdmin):
    form = UpdateStandardForm
    list_display = ["name", "year", "title", "applies_to", "updated_at"]
