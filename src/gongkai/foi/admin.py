from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gongkai.foi.models import (
    Application,
    IssuedLetter,
    LetterNumber,
    LetterTemplates,
    MailboxLetter,
    ReviewCase,
)
from gongkai.versioned import definition_form


@admin.register(LetterTemplates)
class LetterTemplatesAdmin(SimpleHistoryAdmin):
    form = definition_form(LetterTemplates)


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
