"""The office's registry pages: units, their aliases and their columns (栏目), edited one at a time.

Writes go through orgs.services (save_unit, save_column: the office's alone, history says who).
Loading a registry YAML again (`gongkai registry load`) updates what its file names.
"""

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.errors import UserError
from gongkai.orgs.models import Column, ColumnCategory, Unit, UnitGroup, UnitKind
from gongkai.orgs.services import UnitFields, save_column, save_unit
from gongkai.web.permissions import require_office

T = TypeVar("T")
DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class UnitForm(forms.Form):
    name = forms.CharField(label="简称（统计表、通报中使用）", max_length=64)
    full_name = forms.CharField(label="全称", max_length=128, required=False)
    kind = forms.ChoiceField(label="类型", choices=UnitKind.choices)
    group = forms.ModelChoiceField(label="分组", queryset=UnitGroup.objects.all())
    order = forms.IntegerField(label="登记顺序", min_value=0, initial=0)
    active_from = forms.DateField(label="启用日期", required=False, widget=DATE_INPUT)
    active_to = forms.DateField(label="停用日期", required=False, widget=DATE_INPUT)
    aliases = forms.CharField(
        label="别名（导入文件中的其他写法，每行一个）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def fields_for_save(self) -> UnitFields:
        data = self.cleaned_data
        return UnitFields(
            name=data["name"],
            full_name=data["full_name"],
            kind=data["kind"],
            group_id=data["group"].pk,
            order=data["order"],
            active_from=data["active_from"],
            active_to=data["active_to"],
            aliases=tuple(line for line in data["aliases"].splitlines() if line.strip()),
        )


class ColumnForm(forms.Form):
    name = forms.CharField(label="栏目名称", max_length=128)
    category = forms.ChoiceField(label="类别", choices=ColumnCategory.choices)
    active_from = forms.DateField(label="启用日期", required=False, widget=DATE_INPUT)
    active_to = forms.DateField(label="停用日期", required=False, widget=DATE_INPUT)


def _saved(form: forms.Form, save: Callable[[], T]) -> T | None:
    """What `save` returns for a valid form; None when the form or the service refuses (the
    service's Chinese reason becomes the form's error)."""
    if not form.is_valid():
        return None
    try:
        return save()
    except UserError as exc:
        form.add_error(None, str(exc))
        return None


@login_required
def unit_admin_list(request: HttpRequest) -> HttpResponse:
    require_office(request.user)
    form = UnitForm(request.POST or None)
    if request.method == "POST":
        unit = _saved(form, lambda: save_unit(fields=form.fields_for_save(), actor=request.user))
        if unit is not None:
            messages.success(request, f"已新增单位「{unit.name}」，请为它添加栏目")
            return redirect("unit_admin_edit", unit_id=unit.pk)
    units = Unit.objects.select_related("group").annotate(
        column_count=Count("columns", distinct=True), alias_count=Count("aliases", distinct=True)
    )
    return render(request, "web/unit_admin_list.html", {"form": form, "units": units})


@login_required
def unit_admin_edit(request: HttpRequest, unit_id: int) -> HttpResponse:
    require_office(request.user)
    unit = get_object_or_404(Unit, pk=unit_id)
    form = _unit_form(unit, request.POST or None)
    if request.method == "POST" and _saved(
        form, lambda: save_unit(fields=form.fields_for_save(), unit=unit, actor=request.user)
    ):
        messages.success(request, f"已保存单位「{form.cleaned_data['name']}」")
        return redirect("unit_admin_edit", unit_id=unit.pk)
    return _edit_page(request, unit, form)


@login_required
@require_POST
def column_save(request: HttpRequest, unit_id: int, column_id: int | None = None) -> HttpResponse:
    """Add a column (no id) or change one of this unit's columns."""
    require_office(request.user)
    unit = get_object_or_404(Unit, pk=unit_id)
    column = get_object_or_404(Column, pk=column_id, unit=unit) if column_id else None
    form = ColumnForm(request.POST, prefix=_prefix(column))

    def save() -> Column:
        return save_column(unit=unit, column=column, actor=request.user, **form.cleaned_data)

    if _saved(form, save):
        verb = "已保存" if column else "已添加"
        messages.success(request, f"{verb}栏目「{form.cleaned_data['name']}」")
        return redirect("unit_admin_edit", unit_id=unit.pk)
    return _edit_page(request, unit, _unit_form(unit), failed=form)


def _prefix(column: Column | None) -> str:
    return f"c{column.pk}" if column else "new"


def _edit_page(request, unit: Unit, form: UnitForm, failed: ColumnForm | None = None):
    """The unit's form and one form per column; a column form that failed keeps what was typed."""

    def column_form(column: Column | None) -> ColumnForm:
        if failed is not None and failed.prefix == _prefix(column):
            return failed
        if column is None:
            return ColumnForm(prefix="new")
        initial = {
            "name": column.name,
            "category": column.category,
            "active_from": column.active_from,
            "active_to": column.active_to,
        }
        return ColumnForm(initial=initial, prefix=_prefix(column))

    context = {
        "unit": unit,
        "form": form,
        "columns": [(column, column_form(column)) for column in unit.columns.order_by("id")],
        "new_column": column_form(None),
    }
    return render(request, "web/unit_admin_edit.html", context)


def _unit_form(unit: Unit, data=None) -> UnitForm:
    initial = {
        "name": unit.name,
        "full_name": unit.full_name,
        "kind": unit.kind,
        "group": unit.group_id,
        "order": unit.order,
        "active_from": unit.active_from,
        "active_to": unit.active_to,
        "aliases": "\n".join(unit.aliases.order_by("alias").values_list("alias", flat=True)),
    }
    return UnitForm(data, initial=initial)
