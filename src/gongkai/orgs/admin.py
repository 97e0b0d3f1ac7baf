from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gongkai.orgs.models import Account, Column, Region, Unit, UnitAlias, UnitGroup


class AliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 0


class ColumnInline(admin.TabularInline):
    model = Column
    extra = 0


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "full_name", "kind", "group", "order", "active_from", "active_to"]
    list_filter = ["group", "kind"]
    search_fields = ["name", "full_name", "aliases__alias"]
    inlines = [AliasInline, ColumnInline]


@admin.register(Column)
class ColumnAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit", "category", "active_from", "active_to"]
    list_filter = ["category"]


@admin.register(Account)
class AccountAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "unit"]


admin.site.register(Region)
admin.site.register(UnitGroup)
admin.site.site_header = "Gongkai 政务公开监测考核平台 · 管理"
