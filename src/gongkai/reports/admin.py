from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gongkai.reports.models import BulletinTemplates
from gongkai.versioned import definition_form


@admin.register(BulletinTemplates)
class BulletinTemplatesAdmin(SimpleHistoryAdmin):
    form = definition_form(BulletinTemplates)
