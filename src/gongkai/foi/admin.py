from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gongkai.foi.letters import TEMPLATES, parse_templates
from gongkai.foi.models import (
    Application,
    IssuedLetter,
    LetterNumber,
    LetterTemplates,
    MailboxLetter,
    ReviewCase,
)


class LetterTemplatesForm(forms.ModelForm):
    class Meta:
        model = LetterTemplates
        fields = ["definition"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("definition", TEMPLATES.read_text(encoding="utf-8"))

    def clean_definition(self):
        text = self.cleaned_data["definition"]
        try:
            parse_templates(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return text


@admin.register(LetterTemplates)
class LetterTemplatesAdmin(SimpleHistoryAdmin):
    form = LetterTemplatesForm


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "unit", "received_on", "channel", "applicant_type"]
    list_filter = ["unit", "channel", "applicant_type"]
    search_fields = ["reference", "request_text"]
    # Events are appended and voided on the application's page, never edited here.


@admin.register(MailboxLetter)
class MailboxLetterAdmin(SimpleHistoryAdmin):
    list_display = [
        "reference",
        "received_on",
        "subject",
        "unit",
        "forwarded_on",
        "replied_on",
        "published_on",
    ]
    list_filter = ["unit"]
    search_fields = ["reference", "subject"]


admin.site.register(ReviewCase, SimpleHistoryAdmin)
admin.site.register(LetterNumber)
admin.site.register(IssuedLetter)
