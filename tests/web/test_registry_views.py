"""The office keeps units, aliases and columns in its own pages: checked, recorded, used at once."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.orgs.models import Account, Column, Role, Unit, UnitAlias, UnitGroup
from gongkai.publishing.services import import_publications

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(registry, client):
    user = get_user_model().objects.create_user("office", password="Lanyu-Qiao-2025")
    Account.objects.create(user=user, role=Role.OFFICE)
    client.force_login(user)
    return user


def _unit_data(**changes) -> dict:
    data = {
        "name": "数据局",
        "full_name": "新乡县政务服务和大数据管理局",
        "kind": Unit.objects.first().kind,
        "group": UnitGroup.objects.get(name="部门").pk,
        "order": "99",
        "active_from": "2024-03-01",
        "active_to": "",
        "aliases": "县数据局\n政数局\n",
    }
    return data | changes


def test_a_new_unit_with_a_column_is_used_by_the_next_import(client, office, tmp_path):
    response = client.post(reverse("unit_admin_list"), _unit_data())
    unit = Unit.objects.get(name="数据局")
    assert response.status_code == 302 and response.url == reverse(
        "unit_admin_edit", args=[unit.pk]
    )
    assert set(unit.aliases.values_list("alias", flat=True)) == {"县数据局", "政数局"}
    client.post(
        reverse("column_add", args=[unit.pk]),
        {"new-name": "部门动态", "new-category": "news", "new-active_from": ""},
    )
    assert unit.columns.get().category == "news"
    path = tmp_path / "a.csv"
    path.write_text("单位,栏目,标题,发布日期\n政数局,部门动态,数据共享工作推进会,2024-03-05\n")
    result = import_publications(path=path)
    assert result.imported == 1 and result.rejected == 0
    page = client.get(reverse("unit_admin_list")).content.decode()
    assert "数据局" in page and "新乡县政务服务和大数据管理局" in page
    # The history says who, as for every change
    assert unit.history.first().history_user == office


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "卫健委"}, "简称「卫健委」已是另一个单位的名称或别名"),
        ({"aliases": "卫生健康委员会"}, "别名「卫生健康委员会」已属于「卫健委」"),
        ({"aliases": "人社局"}, "别名「人社局」是另一个单位的简称"),
        ({"active_to": "2024-01-01"}, "停用日期不能早于启用日期"),
        ({"active_from": "1900-01-01"}, "启用日期应在 1949 年至 2100 年之间"),
        ({"name": "数据\x00局"}, "空字符"),
    ],
)
def test_refusals_name_the_problem_and_change_nothing(client, office, changes, message):
    before = (Unit.objects.count(), UnitAlias.objects.count())
    response = client.post(reverse("unit_admin_list"), _unit_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Unit.objects.count(), UnitAlias.objects.count()) == before


def test_editing_a_unit_and_its_columns(client, office):
    unit = Unit.objects.get(name="卫健委")
    page = client.get(reverse("unit_admin_edit", args=[unit.pk])).content.decode()
    assert "卫生健康委员会" in page  # its aliases, one per line
    data = _unit_data(name="卫健委", aliases="卫生健康委员会\n县卫健委")
    response = client.post(reverse("unit_admin_edit", args=[unit.pk]), data)
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.full_name == "新乡县政务服务和大数据管理局" and unit.order == 99
    assert set(unit.aliases.values_list("alias", flat=True)) == {"卫生健康委员会", "县卫健委"}
    column = unit.columns.order_by("id").first()
    taken = unit.columns.exclude(pk=column.pk).first().name
    prefix = f"c{column.pk}"
    refused = client.post(
        reverse("column_save", args=[unit.pk, column.pk]),
        {f"{prefix}-name": taken, f"{prefix}-category": "news"},
    )
    assert refused.status_code == 200 and f"已有栏目「{taken}」" in refused.content.decode()
    client.post(
        reverse("column_save", args=[unit.pk, column.pk]),
        {f"{prefix}-name": "工作动态", f"{prefix}-category": "news", f"{prefix}-active_to": ""},
    )
    assert Column.objects.get(pk=column.pk).name == "工作动态"
    other = Unit.objects.get(name="人社局").columns.first()
    wrong_unit = client.post(
        reverse("column_save", args=[unit.pk, other.pk]),
        {f"c{other.pk}-name": "x", f"c{other.pk}-category": "news"},
    )
    assert wrong_unit.status_code == 404  # a column is changed only under its own unit
