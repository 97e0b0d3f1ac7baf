"""期限待定: an application whose due date falls in a year with no entered schedule (2027 here: the
library ends with 2026) marks only itself; the clock, Findings, the assessment run and the pages of
every other application go on."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.calendar.core import library_calendar
from gongkai.findings.models import Finding
from gongkai.foi.models import MailboxLetter
from gongkai.foi.services import (
    append_event,
    clock_for,
    overdue_applications,
    record_mailbox_findings,
    record_overdue_findings,
    register_application,
)
from gongkai.orgs.models import Account, Role, Unit

pytestmark = pytest.mark.django_db

CAL = library_calendar()
IN_2027 = date(2027, 1, 4)


def application(reference, received, unit="自然资源局"):
    return register_application(
        reference=reference,
        unit=Unit.objects.get(name=unit),
        received_on=received,
        channel="当面",
        applicant_type="自然人",
        applicant_name="周小明",
        request_text="征地信息",
    )


@pytest.fixture
def two(registry):
    late = application("2025-001", date(2025, 9, 26))  # due 2025-10-30, never answered
    pending = application("2026-099", date(2026, 12, 10))  # due in 2027: not published
    return late, pending


def test_only_the_pending_application_is_pending(two):
    late, pending = two
    assert clock_for(late, CAL, IN_2027).due == date(2025, 10, 30)
    result = clock_for(pending, CAL, IN_2027)
    assert result.due is None and result.pending_year == 2027 and not result.overdue
    found = overdue_applications(calendar=CAL, today=IN_2027)
    assert [item.application.reference for item in found] == ["2025-001"]
    assert record_overdue_findings(calendar=CAL, today=IN_2027) == 1
    assert list(Finding.objects.values_list("kind", flat=True)) == ["foi.overdue.2025-001"]


def test_a_reply_can_be_recorded_while_the_due_date_is_pending(two):
    _, pending = two
    append_event(
        application=pending, kind="replied", day=date(2027, 1, 6), outcome="public", calendar=CAL
    )
    result = clock_for(pending, CAL, IN_2027)
    assert result.status == "replied" and result.pending_year == 2027


def test_mailbox_letters_pending_and_known(registry):
    unit = Unit.objects.get(name="自然资源局")
    MailboxLetter.objects.create(reference="X-1", unit=unit, received_on=date(2026, 12, 20))
    MailboxLetter.objects.create(reference="X-2", unit=unit, received_on=date(2026, 11, 2))
    # 15 working days from 11/2 → 11/23; with today in 2027 it is overdue, X-1 is pending.
    assert record_mailbox_findings(calendar=CAL, today=IN_2027) == 1
    assert list(Finding.objects.values_list("kind", flat=True)) == ["mailbox.overdue.X-2"]


def test_assessment_run_for_2025_is_not_blocked(two):
    from gongkai.assessment.services import load_bundled_schemes, run_assessment

    load_bundled_schemes()
    run = run_assessment(scheme_name="xinxiang-county", year=2025, today=IN_2027)
    assert run.year == 2025 and run.results.exists()
    assert Finding.objects.filter(kind="foi.overdue.2025-001").exists()


def test_pages_show_the_pending_application_and_the_others(client, two):
    late, pending = two
    office = get_user_model().objects.create_user("o")
    Account.objects.create(user=office, role=Role.OFFICE)
    client.force_login(office)
    listing = client.get(reverse("foi_list"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "期限待定" in html and "2025-10-30" in html
    detail = client.get(reverse("foi_detail", args=[pending.pk]))
    assert detail.status_code == 200
    assert "期限待定（2027年节假日安排尚未录入）" in detail.content.decode()
    assert client.get(reverse("foi_detail", args=[late.pk])).status_code == 200


def test_making_a_run_from_the_page_is_not_blocked(client, two):
    from gongkai.assessment.services import load_bundled_schemes

    load_bundled_schemes()
    office = get_user_model().objects.create_user("o")
    Account.objects.create(user=office, role=Role.OFFICE)
    client.force_login(office)
    response = client.post(reverse("run_list"), {"year": "2025", "quarter": ""})
    assert response.status_code == 302  # the run was made
