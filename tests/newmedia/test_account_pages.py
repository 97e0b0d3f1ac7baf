"""The office registers and corrects accounts in Gongkai's own pages, with history of who did it."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.newmedia.models import NewMediaAccount
from gongkai.orgs.models import Account, Role, Unit

pytestmark = pytest.mark.django_db


def person(name: str, role: str, unit: str | None = None):
    user = get_user_model().objects.create_user(name)
    Account.objects.create(user=user, role=role, unit=Unit.objects.get(name=unit) if unit else None)
    return user


def test_office_registers_then_records_the_filing(client, registry):
    office = person("office", Role.OFFICE)
    client.force_login(office)
    unit = Unit.objects.get(name="卫健委")
    created = client.post(
        reverse("newmedia_new"),
        {
            "name": "健康新乡县",
            "platform": "微信公众号",
            "unit": unit.pk,
            "opened_on": "2024-01-02",
        },
    )
    account = NewMediaAccount.objects.get(name="健康新乡县")
    assert created.status_code == 302 and account.unit == unit and not account.registered
    client.post(
        reverse("newmedia_edit", args=[account.pk]),
        {
            "name": "健康新乡县",
            "platform": "微信公众号",
            "unit": unit.pk,
            "opened_on": "2024-01-02",
            "registered": "on",
            "registered_on": "2024-03-01",
        },
    )
    account.refresh_from_db()
    assert account.registered and str(account.registered_on) == "2024-03-01"
    latest = account.history.first()
    assert latest.history_user == office and "office" in latest.history_change_reason


def test_closing_before_opening_is_refused_in_chinese(client, registry):
    client.force_login(person("office", Role.OFFICE))
    page = client.post(
        reverse("newmedia_new"),
        {
            "name": "某账号",
            "platform": "微博",
            "opened_on": "2024-05-01",
            "closed_on": "2024-04-01",
        },
    )
    assert "注销日期 2024-04-01 早于开通日期" in page.content.decode()
    assert not NewMediaAccount.objects.exists()


def test_clerks_and_leaders_cannot_edit(client, registry):
    account = NewMediaAccount.objects.create(name="x", platform="微博")
    for user in (person("wjw", Role.UNIT, "卫健委"), person("leader", Role.LEADER)):
        client.force_login(user)
        url = reverse("newmedia_edit", args=[account.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"name": "y", "platform": "微博"}).status_code == 403
    account.refresh_from_db()
    assert account.name == "x"
