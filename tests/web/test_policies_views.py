"""The policy register pages with three personas: the office, the unit itself, another unit."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.orgs.models import Account, Role, Unit
from gongkai.policies.demo import load_demo
from gongkai.policies.models import Interpretation, PolicyDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(registry, tmp_path):
    load_demo(directory=tmp_path, today=date(2025, 12, 31))
    users = get_user_model().objects
    office, own, other = users.create_user("o"), users.create_user("a"), users.create_user("b")
    Account.objects.create(user=office, role=Role.OFFICE)
    Account.objects.create(user=own, role=Role.UNIT, unit=Unit.objects.get(name="教体局"))
    Account.objects.create(user=other, role=Role.UNIT, unit=Unit.objects.get(name="卫健委"))
    return {"office": office, "own": own, "other": other}


def page(client, user, name, *args, **params):
    client.force_login(user)
    return client.get(reverse(name, args=args), params)


def test_register_is_scoped_to_the_unit(client, people):
    everything = page(client, people["office"], "policy_list", year=2025).content.decode()
    assert "新乡县学前教育资助办法" in everything and "新乡县就业见习管理办法" in everything
    assert "未发布解读" in everything
    own = page(client, people["own"], "policy_list", year=2025).content.decode()
    assert "新乡县学前教育资助办法" in own and "新乡县就业见习管理办法" not in own
    assert "3/9" in own
    other = page(client, people["other"], "policy_list", year=2025).content.decode()
    assert "没有可查看的政策文件" in other


def test_detail_marks_elements_and_escapes_text(client, people):
    doc = PolicyDocument.objects.get(title="新乡县学前教育资助办法")
    interp = Interpretation.objects.get(document=doc)
    interp.text = "<script>alert(1)</script>\n" + interp.text
    interp.save()
    html = page(client, people["own"], "policy_detail", doc.pk).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert '<mark class="element" title="背景依据">起草背景<sup>背景依据</sup></mark>' in html
    assert "解读要素不全（具备 3 项" in html
    assert page(client, people["other"], "policy_detail", doc.pk).status_code == 404
    assert page(client, people["office"], "policy_detail", doc.pk).status_code == 200


def test_manual_entry_in_admin_normalises_the_number(client, people):
    admin = get_user_model().objects.create_superuser("root", "", "x")
    client.force_login(admin)
    unit = Unit.objects.get(name="卫健委")
    response = client.post(
        reverse("admin:policies_policydocument_add"),
        {
            "kind": "行政规范性文件",
            "title": "新乡县手工登记办法",
            "number_as_written": "新卫【2025】第9号",
            "unit": unit.pk,
            "published_on": "2025-05-06",
            "status": "有效",
            "source": "manual",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    doc = PolicyDocument.objects.get(title="新乡县手工登记办法")
    assert (doc.number, doc.key) == ("新卫〔2025〕9号", "新卫〔2025〕9号")
    assert doc.history.count() == 1
    for name in ("policydocument", "interpretation", "decision", "consultation", "activityfigure"):
        assert client.get(reverse(f"admin:policies_{name}_changelist")).status_code == 200


def test_office_confirms_a_proposed_match(client, people):
    doc = PolicyDocument.objects.get(title="新乡县学前教育资助办法")
    interp = Interpretation.objects.create(
        key="k",
        unit=Unit.objects.get(name="教体局"),
        title="再谈学前资助",
        published_on=date(2025, 9, 1),
        proposed_document=doc,
    )
    url = reverse("policy_confirm", args=[interp.pk])
    assert (
        "再谈学前资助" in page(client, people["office"], "policy_list", year=2025).content.decode()
    )
    assert (
        "再谈学前资助" not in page(client, people["own"], "policy_list", year=2025).content.decode()
    )
    client.force_login(people["own"])
    assert client.post(url, {"decision": "confirm"}).status_code == 403
    client.force_login(people["office"])
    assert client.post(url, {"decision": "confirm"}).status_code == 302
    interp.refresh_from_db()
    assert interp.document == doc and interp.proposed_document is None
    assert client.post(url, {"decision": "confirm"}).status_code == 404  # nothing left to confirm


def _elements_finding(doc):
    from gongkai.findings.models import Finding

    return Finding.objects.filter(kind=f"policies.elements.{doc.pk}").first()


def test_office_reviews_the_elements_and_the_finding_follows(client, people):
    from gongkai.calendar.selectors import work_calendar
    from gongkai.policies.rules import ELEMENTS
    from gongkai.policies.services import record_interpretation_findings

    doc = PolicyDocument.objects.get(title="新乡县学前教育资助办法")
    interp = Interpretation.objects.get(document=doc)
    record_interpretation_findings(year=2025, calendar=work_calendar())
    assert _elements_finding(doc) is not None  # three of nine detected
    url = reverse("policy_elements", args=[interp.pk])
    six = list(ELEMENTS[:6])
    # a unit's clerk may read the page but not review, and nothing is changed by a GET
    client.force_login(people["own"])
    assert (
        'name="present"' not in client.get(reverse("policy_detail", args=[doc.pk])).content.decode()
    )
    assert client.post(url, {"present": six}).status_code == 403
    client.force_login(people["office"])
    assert client.get(url).status_code == 405
    interp.refresh_from_db()
    assert interp.elements_reviewed == {}
    response = client.post(url, {"present": six})
    assert response.status_code == 302
    interp.refresh_from_db()
    assert interp.elements_reviewed == {e: e in six for e in ELEMENTS}  # all nine, as read
    assert interp.history.first().history_user == people["office"]
    assert _elements_finding(doc) is None  # six present: no longer 要素不全
    html = client.get(reverse("policy_detail", args=[doc.pk])).content.decode()
    assert "政务公开办已逐项核定" in html and "政务公开办核定具备" in html
    # back to the detection: the Finding returns
    client.post(url, {"reset": "1"})
    interp.refresh_from_db()
    assert interp.elements_reviewed == {} and _elements_finding(doc) is not None
    # an unknown element is refused with a message, not a traceback
    refused = client.post(url, {"present": ["不存在的要素"]}, follow=True).content.decode()
    assert "未知的解读要素：不存在的要素" in refused


def test_four_elements_found_wait_for_the_office(client, people):
    doc = PolicyDocument.objects.get(title="新乡县学前教育资助办法")
    interp = Interpretation.objects.get(document=doc)
    interp.text += "\n四、注意事项\n申请材料须在每年3月底前报送。"
    interp.save()
    listing = page(client, people["office"], "policy_list", year=2025).content.decode()
    assert "4/9" in listing and "待核定" in listing
    detail = page(client, people["office"], "policy_detail", doc.pk).content.decode()
    assert "解读要素待核定：自动识别到 4 项，少于 6 项" in detail
    assert "的解读要素不全（具备" not in detail  # no problem reported until the office has read it
