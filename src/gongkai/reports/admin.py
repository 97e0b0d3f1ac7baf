from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gongkai.reports.bulletins import TEMPLATES, BulletinTemplateError, load_templates
from gongkai.reports.models import BulletinTemplates


class BulletinTemplatesForm(forms.ModelForm):
    class Meta:
        model = BulletinTemplates
        fields = ["definition"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("definition", TEMPLATES.read_text(encoding="utf-8"))

    def clean_definition(self):
        text = self.cleaned_data["definition"]
        try:
            load_templates(text)
        except BulletinTemplateError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return text


@admin.register(BulletinTemplates)
class BulletinTemplatesAdmin(SimpleHistoryAdmin):
    form = BulletinTemplatesForm
