from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gongkai.proofread.models import AllowedPhrase, LeaderPost, LexiconEntry


@admin.register(LexiconEntry)
class LexiconEntryAdmin(SimpleHistoryAdmin):
    list_display = ("term", "category", "replacement", "outdated_from", "source", "active")
    list_filter = ("category", "active")
    search_fields = ("term", "variants", "source")


@admin.register(LeaderPost)
class LeaderPostAdmin(SimpleHistoryAdmin):
    list_display = ("name", "title", "organisation", "start", "end", "order")
    search_fields = ("name", "title")


@admin.register(AllowedPhrase)
class AllowedPhraseAdmin(SimpleHistoryAdmin):
    list_display = ("phrase", "unit", "reason", "created_by", "created_at")
    search_fields = ("phrase",)
