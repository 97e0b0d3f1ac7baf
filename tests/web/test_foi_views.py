from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.calendar.core import library_calendar
from gongkai.foi.models import Application, ApplicationEvent
from gongkai.foi.services import append_event, register_application
from gongkai.orgs.models import Account, Role, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(registry):
    users = get_user_model().objects
    office, own, other = users.create_user("o"), users.create_user("a"), users.create_user("b")
    Account.objects.create(user=office, role=Role.OFFICE)
    Account.objects.create(user=own, role=Role.UNIT, unit=Unit.objects.get(name="自然资源局"))
    Account.objects.create(user=other, role=Role.UNIT, unit=Unit.objects.get(name="卫健委"))
    app = register_application(
        reference="2025-001",
        unit=Unit.objects.get(name="自然资源局"),
        received_on=date(2025, 9, 26),
        channel="当面",
        applicant_type="自然人",
        applicant_name="周小明",
        request_text="<b>征地</b>信息",
    )
    return {"office": office, "own": own, "other": other, "app": app}


def page(client, user, name, *args, **params):
    client.force_login(user)
    return client.get(reverse(name, args=args), params)


def test_deadlines_list_is_scoped(client, people):
    assert "2025-001" in page(client, people["office"], "foi_list").content.decode()
    assert "2025-001" in page(client, people["own"], "foi_list").content.decode()
    assert "2025-001" not in page(client, people["other"], "foi_list").content.decode()


def test_timeline_shows_the_due_date_and_its_arithmetic(client, people):
    html = page(client, people["own"], "foi_detail", people["app"].pk).content.decode()
    assert "答复期限：2025年10月30日" in html
    assert "不计入的法定节假日：10月1日至10月8日（国庆节、中秋节）" in html
    assert "&lt;b&gt;征地&lt;/b&gt;" in html  # escaped
    assert page(client, people["other"], "foi_detail", people["app"].pk).status_code == 404


def test_append_and_void_events(client, people):
    client.force_login(people["own"])
    url = reverse("foi_detail", args=[people["app"].pk])
    response = client.post(
        url, {"kind": "extension", "day": "2025-10-20", "days": "20", "note": "主任批准"}
    )
    assert response.status_code == 302
    assert "答复期限：2025年11月27日" in client.get(url).content.decode()
    bad = client.post(url, {"kind": "correction_received", "day": "2025-10-21"})
    assert "收到补正前没有补正告知" in bad.content.decode()
    event = ApplicationEvent.objects.get()
    client.post(reverse("foi_event_void", args=[people["app"].pk, event.pk]), {"reason": "录错了"})
    html = client.get(url).content.decode()
    assert "答复期限：2025年10月30日" in html and "已作废：录错了" in html


def test_register_asks_for_confirmation_date_on_internet_channel(client, people):
    client.force_login(people["own"])
    form = {
        "reference": "2025-009",
        "unit": Unit.objects.get(name="自然资源局").pk,
        "received_on": "2025-10-09",
        "channel": "网络",
        "applicant_type": "自然人",
        "applicant_name": "王某",
        "contact": "139",
        "request_text": "某文件",
        "access_form": "电子邮件",
    }
    response = client.post(reverse("foi_new"), form)
    assert "须有双方确认收到的日期" in response.content.decode()
    response = client.post(reverse("foi_new"), {**form, "confirmed_on": "2025-10-10"})
    assert response.status_code == 302
    assert Application.objects.get(reference="2025-009").request_text.endswith("获取方式：电子邮件")


def test_unit_staff_cannot_register_for_another_unit(client, people):
    client.force_login(people["other"])
    form = {
        "reference": "2025-010",
        "unit": Unit.objects.get(name="自然资源局").pk,
        "received_on": "2025-10-09",
        "channel": "当面",
        "applicant_type": "自然人",
        "applicant_name": "王某",
        "contact": "139",
        "request_text": "x",
    }
    response = client.post(reverse("foi_new"), form)
    assert (
        response.status_code == 200
        and not Application.objects.filter(reference="2025-010").exists()
    )


def test_overdue_is_marked_in_the_list(client, people, monkeypatch):
    from gongkai.web import foi_views

    monkeypatch.setattr(foi_views, "_today", lambda: date(2025, 11, 3))
    html = page(client, people["office"], "foi_list").content.decode()
    assert "（逾期）" in html and "已逾期 2 个工作日" in html
    append_event(
        application=people["app"],
        kind="replied",
        day=date(2025, 10, 28),
        outcome="public",
        calendar=library_calendar(),
    )
    assert "（逾期）" not in page(client, people["office"], "foi_list").content.decode()


def test_mailbox_page_is_scoped_and_marks_the_veto(client, people, monkeypatch):
    from gongkai.foi.models import MailboxLetter
    from gongkai.web import foi_views

    MailboxLetter.objects.create(
        reference="M-1",
        received_on=date(2025, 6, 1),
        writer_name="王某",
        subject="<i>低保</i>",
        unit=Unit.objects.get(name="自然资源局"),
        forwarded_on=date(2025, 6, 3),
    )
    monkeypatch.setattr(foi_views, "_today", lambda: date(2025, 9, 10))
    html = page(client, people["own"], "mailbox_list").content.decode()
    assert "M-1" in html and "超过3个月未答复" in html and "&lt;i&gt;低保&lt;/i&gt;" in html
    assert "M-1" not in page(client, people["other"], "mailbox_list").content.decode()


def test_reply_letter_download_internal_and_public(client, people):
    import io

    from docx import Document

    from gongkai.foi.models import IssuedLetter

    client.force_login(people["own"])
    url = reverse("foi_letter", args=[people["app"].pk])
    assert client.get(url).status_code == 302  # no reply yet: back to the page with a message
    assert client.post(url).status_code == 302 and not IssuedLetter.objects.exists()
    append_event(
        application=people["app"],
        kind="replied",
        day=date(2025, 10, 20),
        outcome="public",
        calendar=library_calendar(),
    )
    client.get(url)  # a GET never issues a number
    assert not IssuedLetter.objects.exists()
    assert client.post(url).status_code == 302  # issuing is a POST
    internal = Document(io.BytesIO(b"".join(client.get(url).streaming_content)))
    public = Document(io.BytesIO(b"".join(client.get(url, {"public": "1"}).streaming_content)))
    internal_text = "\n".join(p.text for p in internal.paragraphs)
    public_text = "\n".join(p.text for p in public.paragraphs)
    assert "周小明：" in internal_text and "周某某：" in public_text and "周小明" not in public_text
    number = IssuedLetter.objects.get(application=people["app"]).number
    assert (
        number == "自然资源局依公〔2025〕1号" and number in internal_text and number in public_text
    )
    assert page(client, people["other"], "foi_letter", people["app"].pk).status_code == 404


def test_office_edits_letter_templates_with_validation(registry):
    from gongkai.foi.letters import TEMPLATES
    from gongkai.foi.models import LetterTemplates
    from gongkai.foi.services import letter_templates
    from gongkai.versioned import definition_form

    LetterTemplatesForm = definition_form(LetterTemplates)  # noqa: N806 (a class)

    text = TEMPLATES.read_text(encoding="utf-8").replace(
        "现将该政府信息提供给", "兹将该政府信息提供给"
    )
    form = LetterTemplatesForm(data={"definition": text})
    assert form.is_valid(), form.errors
    form.save()
    assert letter_templates()["reply"]["outcomes"]["public"].startswith(
        "经审查，{you}申请获取的政府信息属于公开范围。根据"
    )
    assert "兹将该政府信息提供给" in letter_templates()["reply"]["outcomes"]["public"]
    broken = LetterTemplatesForm(data={"definition": "common: {}\nreply: {outcomes: {}}\n"})
    assert not broken.is_valid() and "reply.outcomes.public" in str(broken.errors)
