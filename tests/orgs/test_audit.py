"""Who changed what: registry reloads, alias moves, commands acting as a user, the audit page."""

import getpass

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from gongkai.orgs.models import Account, Column, Region, Role, Unit, UnitAlias, UnitGroup
from gongkai.orgs.services import load_registry
from gongkai.sample.generator import SAMPLE_DIR

pytestmark = pytest.mark.django_db
REGISTRY = SAMPLE_DIR / "registry.yaml"
HISTORIES = (Region, UnitGroup, Unit, UnitAlias, Column)


def _history_rows() -> dict[str, int]:
    return {m.__name__: m.history.count() for m in HISTORIES}


def test_loading_a_registry_records_every_kind_and_reloading_adds_nothing():
    load_registry(path=REGISTRY)
    first = _history_rows()
    assert all(first[m.__name__] == m.objects.count() > 0 for m in HISTORIES), first
    load_registry(path=REGISTRY)
    assert _history_rows() == first


def test_an_alias_moved_by_a_reload_is_said_and_kept_in_history(tmp_path):
    load_registry(path=REGISTRY)
    text = REGISTRY.read_text(encoding="utf-8")
    moved = text.replace("aliases: [新乡经济开发区, 经开区]", "aliases: [新乡经济开发区]").replace(
        "full_name: 新乡县小冀镇人民政府}", "full_name: 新乡县小冀镇人民政府, aliases: [经开区]}"
    )
    assert moved != text
    path = tmp_path / "registry.yaml"
    path.write_text(moved, encoding="utf-8")
    result = load_registry(path=path)
    assert result.moved_aliases == ("经开区：开发区 → 小冀镇",)
    alias = UnitAlias.objects.get(alias="经开区")
    latest = alias.history.first()
    assert latest.unit.name == "小冀镇" and "由 开发区 改属 小冀镇" in latest.history_change_reason
    assert alias.history.count() == 2


def test_a_command_records_the_operating_system_user_or_the_actor(capsys):
    call_command("registry", "load", str(REGISTRY))
    users = {h.history_user.get_username() for h in Unit.history.all()}
    assert users == {f"cli-{getpass.getuser()}"}
    cli_user = get_user_model().objects.get(username=f"cli-{getpass.getuser()}")
    assert not cli_user.is_active and not cli_user.has_usable_password()

    get_user_model().objects.create_user("wangfang")
    Unit.objects.filter(name="小冀镇").delete()
    call_command("registry", "load", str(REGISTRY), actor="wangfang")
    assert Unit.history.filter(history_user__username="wangfang").count() == 1
    with pytest.raises(SystemExit) as exit_info:
        call_command("registry", "load", str(REGISTRY), actor="nobody")
    assert exit_info.value.code == 2 and "nobody" in capsys.readouterr().err


def test_the_office_reads_who_changed_what_and_others_may_not(client):
    load_registry(path=REGISTRY)
    users = get_user_model().objects
    office, clerk = users.create_user("office"), users.create_user("clerk")
    Account.objects.create(user=office, role=Role.OFFICE)
    Account.objects.create(user=clerk, role=Role.UNIT, unit=Unit.objects.get(name="发改委"))
    client.force_login(office)
    client.post(
        reverse("account_edit", args=[clerk.pk]),
        {"role": Role.UNIT, "unit": Unit.objects.get(name="教体局").pk, "active": "on"},
    )
    html = client.get(reverse("audit_log")).content.decode()
    assert "账号权限" in html and "office" in html and "修改" in html
    client.force_login(clerk)
    assert client.get(reverse("audit_log")).status_code == 403
