from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.findings.models import Finding
from gongkai.orgs.models import Account, Role, Unit
from gongkai.proofread import services
from gongkai.proofread.models import Hit, HitStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(registry):
    users = get_user_model().objects
    office, own, other = users.create_user("o"), users.create_user("a"), users.create_user("b")
    Account.objects.create(user=office, role=Role.OFFICE)
    Account.objects.create(user=own, role=Role.UNIT, unit=Unit.objects.get(name="朗公庙镇"))
    Account.objects.create(user=other, role=Role.UNIT, unit=Unit.objects.get(name="卫健委"))
    services.record_check(
        texts=[
            services.TextToCheck(
                "整治行动",
                "近日，孙家集街道组织开展整治。",
                Unit.objects.get(name="朗公庙镇").pk,
                date(2023, 6, 1),
            )
        ],
        today=date(2024, 7, 1),
        source="test",
        ctx=services.build_context(today=date(2024, 7, 1), typos=False),
    )
    return {"office": office, "own": own, "other": other, "hit": Hit.objects.get()}


def test_page_highlights_hits_in_place_and_escapes_the_text(client, people):
    client.force_login(people["own"])
    text = "<script>alert(1)</script>河南省广州市"
    body = client.post(reverse("proofread"), {"text": text}).content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;河南省<mark" in body
    assert ">广州市</mark>" in body


def test_upload_a_document(client, people):
    client.force_login(people["office"])
    upload = SimpleUploadedFile("a.txt", "严格落实三审三较制度".encode("gb18030"))
    body = client.post(reverse("proofread"), {"file": upload}).content.decode()
    assert ">三审三较</mark>" in body and "a.txt：发现 1 处疑似问题" in body


def test_upload_a_picture_with_a_watermark(client, people):
    from gongkai.adapters import ocr
    from tests.proofread.test_ocr import picture

    if not ocr.available():
        pytest.skip("the OCR extra is not installed")
    client.force_login(people["office"])
    upload = SimpleUploadedFile("现场.png", picture(["防汛演练现场", "微信公众号：新乡发布"]))
    body = client.post(reverse("proofread"), {"file": upload}).content.decode()
    assert "图片带有其他平台的水印“微信公众号：新乡发布”" in body
    assert "防汛演练现场" in body  # the text read off the picture is shown


def test_queue_is_scoped_to_the_unit(client, people):
    for who, sees in (("office", True), ("own", True), ("other", False)):
        client.force_login(people[who])
        body = client.get(reverse("proofread_queue")).content.decode()
        assert ("孙家集街道" in body) is sees, who


def test_only_the_office_decides(client, people):
    hit = people["hit"]
    url = reverse("proofread_decide", args=[hit.pk])
    client.force_login(people["other"])
    assert client.post(url, {"action": "confirm"}).status_code == 404
    client.force_login(people["own"])
    assert client.post(url, {"action": "confirm"}).status_code == 403
    client.force_login(people["office"])
    assert client.post(url, {"action": "confirm", "note": "属实"}).status_code == 302
    hit.refresh_from_db()
    assert hit.status == HitStatus.CONFIRMED
    assert Finding.objects.get(source="proofread").kind == f"proofread.place.{hit.pk}"


def test_dismiss_needs_a_reason(client, people):
    client.force_login(people["office"])
    url = reverse("proofread_decide", args=[people["hit"].pk])
    client.post(url, {"action": "dismiss", "note": ""})
    assert Hit.objects.get().status == HitStatus.PENDING
    client.post(url, {"action": "dismiss", "note": "引用外地经验", "allowlist": "unit"})
    assert Hit.objects.get().status == HitStatus.DISMISSED


def test_the_office_keeps_the_lexicon_on_its_page_and_the_check_uses_it(client, people):
    from gongkai.proofread.checkers.defaults import bundled_lexicon
    from gongkai.proofread.models import LexiconEntry

    text = "全面推进政务公示标准化规范化。"
    client.force_login(people["office"])
    assert (
        ">政务公示</mark>" not in client.post(reverse("proofread"), {"text": text}).content.decode()
    )
    added = client.post(
        reverse("proofread_lexicon"),
        {
            "term": "政务公开",
            "category": "规范表述",
            "variants": "政务公示\n政务工开",
            "active": "on",
        },
    )
    assert added.status_code == 302
    assert LexiconEntry.objects.count() == len(bundled_lexicon().entries) + 1  # extended, kept
    body = client.post(reverse("proofread"), {"text": text}).content.decode()
    assert ">政务公示</mark>" in body and "政务公开" in body
    again = client.post(reverse("proofread_lexicon"), {"term": "政务公开", "category": "规范表述"})
    assert "「规范表述」中已有词条「政务公开」" in again.content.decode()
    outdated = client.post(reverse("proofread_lexicon"), {"term": "旧提法", "category": "过时表述"})
    assert "过时表述须写明 outdated_from 日期" in outdated.content.decode()
    entry = LexiconEntry.objects.get(term="政务公开")
    edit = reverse("proofread_lexicon_edit", args=[entry.pk])
    client.post(edit, {"term": "政务公开", "category": "规范表述", "variants": "政务公示"})
    entry.refresh_from_db()
    assert entry.variants == ["政务公示"] and not entry.active  # unticked: switched off
    page = client.get(edit).content.decode()
    assert page.count("网页编辑") == 2 and ">o<" in page  # who, twice
    client.force_login(people["own"])  # a clerk reads, and may not write
    assert "添加词条" not in client.get(reverse("proofread_lexicon")).content.decode()
    assert client.post(edit, {"term": "x", "category": "规范表述"}).status_code == 403
