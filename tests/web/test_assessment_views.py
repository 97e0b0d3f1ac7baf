"""Assessment pages with three personas: the office, a unit's own staff, another unit's staff."""

import pytest
from django.urls import reverse

from gongkai.assessment.models import Appeal, AssessmentRun, ManualScore
from gongkai.assessment.services import load_bundled_schemes
from gongkai.findings.models import Finding, FindingStatus
from tests.web.test_views import login, make_user, people  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(people, client):  # noqa: F811
    load_bundled_schemes()
    response = login(client, people["office"]).post(reverse("run_list"), {"year": 2023})
    assert response.status_code == 302
    client.logout()
    return AssessmentRun.objects.get()


def test_office_creates_a_run_and_sees_every_unit(client, people, run):  # noqa: F811
    page = login(client, people["office"]).get(reverse("run_detail", args=[run.pk]))
    html = page.content.decode()
    assert "卫健委" in html and "人社局" in html and "通报预览" in html
    assert run.created_by == people["office"]


def test_unit_staff_cannot_create_runs(client, people, run):  # noqa: F811
    response = login(client, people["own"]).post(reverse("run_list"), {"year": 2023})
    assert response.status_code == 403
    assert AssessmentRun.objects.count() == 1


def test_unit_staff_see_only_their_own_result(client, people, run):  # noqa: F811
    own = run.results.get(unit_name="卫健委")
    other = run.results.get(unit_name="人社局")
    login(client, people["own"])
    html = client.get(reverse("run_detail", args=[run.pk])).content.decode()
    assert "卫健委" in html and "人社局" not in html and "通报预览" not in html
    assert client.get(reverse("result_detail", args=[run.pk, own.pk])).status_code == 200
    assert client.get(reverse("result_detail", args=[run.pk, other.pk])).status_code == 404
    assert client.get(reverse("bulletin", args=[run.pk])).status_code == 403


def test_result_page_links_points_lost_to_findings_and_takes_an_appeal(client, people, run):  # noqa: F811
    own = run.results.get(unit_name="卫健委")
    login(client, people["own"])
    html = client.get(reverse("result_detail", args=[run.pk, own.pk])).content.decode()
    assert "1.2 动态信息更新量" in html and "部门动态更新量不达标" in html and "待整改" in html
    response = client.post(
        reverse("result_detail", args=[run.pk, own.pk]), {"code": "1.2", "text": "3月有2条未统计"}
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.result == own and appeal.created_by == people["own"]


def test_bulletin_preview_and_compare(client, people, run):  # noqa: F811
    login(client, people["office"])
    html = client.get(reverse("bulletin", args=[run.pk])).content.decode()
    assert "2023年度政务公开工作考核情况通报" in html and "二、存在问题" in html
    assert "附件1" in html
    second = client.post(reverse("run_list"), {"year": 2023})
    assert second.status_code == 302
    newer = AssessmentRun.objects.order_by("-id").first()
    compared = client.get(
        reverse("run_compare", args=[newer.pk]), {"with": run.pk}
    ).content.decode()
    assert "完全相同" in compared


def test_manual_scores_office_edits_unit_cannot(client, people, run):  # noqa: F811
    unit = run.results.get(unit_name="卫健委").unit
    data = {
        "year": 2023,
        "unit": unit.pk,
        "code": "1.4",
        "value": "4",
        "evidence": "错字1处",
        "reviewer": "王五",
    }
    assert login(client, people["own"]).post(reverse("manual_scores"), data).status_code == 403
    client.logout()
    response = login(client, people["office"]).post(reverse("manual_scores"), data)
    assert response.status_code == 302
    assert ManualScore.objects.get().value == 4
    bad = client.post(
        reverse("manual_scores"), {**data, "value": "9"}, follow=True
    ).content.decode()
    assert "得分应在 0 到 5 之间" in bad
    page = client.get(reverse("manual_scores"), {"year": 2023}).content.decode()
    assert "修改记录" in page and "错字1处" in page


def test_ledger_status_updates_are_office_only_and_audited(client, people, run):  # noqa: F811
    finding = Finding.objects.filter(unit__name="卫健委").first()
    finding.message = "<script>alert(1)</script>"
    finding.save()
    login(client, people["other"])
    html = client.get(reverse("ledger")).content.decode()
    assert "<script>alert(1)</script>" not in html and "卫健委" not in html.split("<tbody>")[1]
    client.logout()
    login(client, people["own"])
    html = client.get(reverse("ledger")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    url = reverse("ledger_update", args=[finding.pk])
    assert (
        client.post(url, {"status": "rectified", "rectified_on": "2024-04-01"}).status_code == 403
    )
    client.logout()
    login(client, people["office"])
    client.post(url, {"status": "rectified"})
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN  # a rectified date is required
    client.post(url, {"status": "rectified", "rectified_on": "2024-04-01", "status_note": "已补发"})
    finding.refresh_from_db()
    assert finding.status == FindingStatus.RECTIFIED and str(finding.rectified_on) == "2024-04-01"
    assert finding.history.first().history_change_reason.startswith("整改状态由 office")
