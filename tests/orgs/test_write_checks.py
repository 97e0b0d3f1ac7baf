"""Services refuse a web user who may not write, even if a view forgot its choke point."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from gongkai.calendar.core import library_calendar
from gongkai.foi.models import Application
from gongkai.foi.services import append_event, register_application
from gongkai.orgs.models import Account, Role, Unit
from gongkai.orgs.selectors import can_write_unit, units_writable_by

pytestmark = pytest.mark.django_db


@pytest.fixture
def logins(registry):
    users = get_user_model().objects
    made = {}
    for name, role, unit in [
        ("office", Role.OFFICE, None),
        ("clerk", Role.UNIT, "卫健委"),
        ("leader", Role.LEADER, None),
        ("evaluator", Role.EVALUATOR, None),
    ]:
        made[name] = users.create_user(name)
        Account.objects.create(
            user=made[name], role=role, unit=Unit.objects.get(name=unit) if unit else None
        )
    made["nobody"] = users.create_user("nobody")  # a login without an account
    return made


def test_who_may_write_which_unit(logins):
    own, other = Unit.objects.get(name="卫健委"), Unit.objects.get(name="人社局")
    table = {
        name: (can_write_unit(u, own.pk), can_write_unit(u, other.pk)) for name, u in logins.items()
    }
    assert table == {
        "office": (True, True),
        "clerk": (True, False),
        "leader": (False, False),
        "evaluator": (False, False),
        "nobody": (False, False),
    }
    assert units_writable_by(logins["office"]).count() == Unit.objects.count()


def _register(actor):
    return register_application(
        actor=actor,
        reference="2025-100",
        unit=Unit.objects.get(name="卫健委"),
        received_on=date(2025, 9, 26),
        channel="当面",
        applicant_type="自然人",
        applicant_name="李某",
        request_text="某信息",
    )


@pytest.mark.parametrize("name", ["leader", "evaluator", "nobody"])
def test_read_only_logins_cannot_register_or_append(logins, name):
    with pytest.raises(PermissionDenied):
        _register(logins[name])
    assert not Application.objects.exists()
    application = _register(None)  # the CLI and internal jobs pass no web user
    with pytest.raises(PermissionDenied):
        append_event(
            application=application,
            kind="delivered",
            day=date(2025, 10, 9),
            calendar=library_calendar(),
            actor=logins[name],
        )
    assert not application.events.exists()


def test_a_clerk_writes_only_their_own_unit(logins):
    clerk = get_user_model().objects.create_user("rsj")
    Account.objects.create(user=clerk, role=Role.UNIT, unit=Unit.objects.get(name="人社局"))
    with pytest.raises(PermissionDenied):
        _register(clerk)
    assert _register(logins["clerk"]).claimed_by == logins["clerk"]
