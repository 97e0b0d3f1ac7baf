from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gongkai.annualreport.models import ManualEntry

admin.site.register(ManualEntry, SimpleHistoryAdmin)
