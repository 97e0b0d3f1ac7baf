"""The office's tasks in Gongkai's own pages: appeals, templates, the holiday schedule, accounts."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.assessment.models import Appeal
from gongkai.calendar.models import CalendarOverride, CalendarYear
from gongkai.foi.letters import TEMPLATES as LETTERS
from gongkai.foi.models import LetterTemplates
from gongkai.foi.services import letter_templates
from gongkai.orgs.models import Account, Role, Unit
from gongkai.reports.bulletins import TEMPLATES as BULLETINS
from gongkai.reports.models import BulletinTemplates

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(registry, client):
    user = get_user_model().objects.create_user("office")
    Account.objects.create(user=user, role=Role.OFFICE)
    client.force_login(user)
    return user


def test_letter_templates_are_validated_saved_with_history(client, office):
    url = reverse("template_edit", args=["letters"])
    assert "reply:" in client.get(url).content.decode()  # the bundled text to start from
    broken = client.post(url, {"definition": "common: {}\nreply: {outcomes: {}}\n"})
    assert "reply.outcomes.public" in broken.content.decode()
    assert not LetterTemplates.objects.exists()
    text = LETTERS.read_text(encoding="utf-8").replace(
        "现将该政府信息提供给", "兹将该政府信息提供给"
    )
    preview = client.post(url, {"definition": text, "preview": "1"})
    assert "校验通过" in preview.content.decode() and not LetterTemplates.objects.exists()
    assert client.post(url, {"definition": text}).status_code == 302
    assert "兹将该政府信息提供给" in letter_templates()["reply"]["outcomes"]["public"]
    history = LetterTemplates.history.get()
    assert history.history_user == office
    assert "office" in client.get(url).content.decode()  # who, in the page's change list


def test_bulletin_templates_refuse_what_cannot_render(client, office):
    url = reverse("template_edit", args=["bulletins"])
    refused = client.post(url, {"definition": "common: {}\n"})
    assert "缺少" in refused.content.decode() and not BulletinTemplates.objects.exists()
    preview = client.post(
        url, {"definition": BULLETINS.read_text(encoding="utf-8"), "preview": "1"}
    )
    assert "尚无考核批次" in preview.content.decode()


def test_next_years_schedule_is_uploaded_in_the_page(client, office):
    url = reverse("calendar_page")
    csv = "日期,类型,说明\n2027-01-01,休,元旦\n2027-02-06,班,春节调休\n".encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("2027.csv", csv, content_type="text/csv")
    response = client.post(url, {"file": upload, "source": "国办发明电〔2026〕1号"})
    assert response.status_code in (200, 302)
    if response.status_code == 200:  # a stricter import (complete years only) says why
        assert "2027" in response.content.decode() and not CalendarYear.objects.exists()
    else:
        assert CalendarOverride.objects.get(day=date(2027, 2, 6)).kind == "workday"
    bad = SimpleUploadedFile("bad.csv", "2027-13-01,休\n".encode(), content_type="text/csv")
    html = client.post(url, {"file": bad, "source": "x"}).content.decode()
    assert "YYYY-MM-DD" in html and "/tmp" not in html  # the file's name, not a server path
    client.post(url, {"day": "2027-10-08", "kind": "holiday", "note": "国庆节"})
    assert CalendarOverride.objects.get(day=date(2027, 10, 8)).note == "国庆节"


def test_accounts_are_created_with_the_password_rules(client, office):
    url = reverse("account_list")
    unit = Unit.objects.get(name="卫健委")
    weak = client.post(
        url, {"username": "lisi", "role": "unit", "unit": unit.pk, "password": "lisi2025"}
    )
    assert "太短" in weak.content.decode()
    no_unit = client.post(url, {"username": "lisi", "role": "unit", "password": "Hetang-Yuese-77"})
    assert "须选择所属单位" in no_unit.content.decode()
    done = client.post(
        url,
        {
            "username": "lisi",
            "role": "unit",
            "unit": unit.pk,
            "password": "Hetang-Yuese-77",
            "active": "on",
        },
    )
    assert done.status_code == 302
    lisi = get_user_model().objects.get(username="lisi")
    assert lisi.check_password("Hetang-Yuese-77") and lisi.gongkai_account.unit == unit
    client.post(reverse("account_edit", args=[lisi.pk]), {"role": "leader"})  # and deactivated
    lisi.refresh_from_db()
    assert lisi.gongkai_account.role == "leader" and lisi.gongkai_account.unit is None
    assert not lisi.is_active


def test_the_office_answers_appeals(client, office):
    from gongkai.assessment.models import AssessmentRun, RunResult

    run = AssessmentRun.objects.create(
        scheme="s",
        title="t",
        year=2024,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        source="computed",
        digest="d",
    )
    result = RunResult.objects.create(run=run, unit_name="卫健委", group="g", rank=1, score=90)
    appeal = Appeal.objects.create(result=result, code="A1", text="已按时更新")
    assert "已按时更新" in client.get(reverse("appeal_list")).content.decode()
    url = reverse("appeal_answer", args=[appeal.pk])
    client.post(url, {"status": "accepted", "answer": ""})
    appeal.refresh_from_db()
    assert appeal.status == "open"  # an answer is required
    client.post(url, {"status": "rejected", "answer": "栏目 3 月无更新"})
    appeal.refresh_from_db()
    assert (appeal.status, appeal.answer) == ("rejected", "栏目 3 月无更新")
    assert appeal.history.first().history_user == office
