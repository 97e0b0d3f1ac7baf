"""Lists one page at a time, with filters; the ledger edited one Finding at a time."""

from datetime import date

import pytest
from django.urls import reverse

from gongkai.findings.models import Finding, FindingStatus
from gongkai.orgs.models import Unit
from tests.web.test_views import login, people  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def findings(people):  # noqa: F811
    wjw, rsj = Unit.objects.get(name="卫健委"), Unit.objects.get(name="人社局")
    rows = [
        Finding(
            unit=wjw if n % 2 else rsj,
            period_start=date(2024, 1, 1),
            period_end=date(2024, 3, 31),
            source="test",
            kind=f"test.{n}",
            message=f"第{n}号问题" + ("（未更新）" if n % 10 == 0 else ""),
        )
        for n in range(1, 121)
    ]
    Finding.objects.bulk_create(rows)
    return people


def body_rows(html: str) -> int:
    """Rows of the list (the last table: a chart's data table may come first)."""
    return html.split("<tbody>")[-1].split("</tbody>")[0].count("<tr>")


def test_ledger_pages_of_fifty_keep_the_filters(client, findings):
    login(client, findings["office"])
    first = client.get(reverse("ledger")).content.decode()
    assert body_rows(first) == 50 and "第 1 / 3 页，共 120 条" in first
    last = client.get(reverse("ledger"), {"page": 3}).content.decode()
    assert body_rows(last) == 20
    unit = Unit.objects.get(name="卫健委").pk
    filtered = client.get(reverse("ledger"), {"unit": unit}).content.decode()
    assert "共 60 条" in filtered and f"?unit={unit}&page=2" in filtered
    searched = client.get(reverse("ledger"), {"q": "未更新"}).content.decode()
    assert "共 12 条" in searched
    # The filters offer every unit (the chosen one selected) and the years that have Findings.
    assert f'<option value="{unit}" selected>卫健委</option>' in filtered
    assert filtered.count("<option value=") >= Unit.objects.count()
    Finding.objects.filter(kind="test.1").update(period_start=date(2022, 1, 1))
    years = client.get(reverse("ledger")).content.decode().split('name="year"')[1]
    assert years.index("2024") < years.index("2023") < years.index("2022")


def test_a_unit_clerk_pages_through_its_own_findings_only(client, findings):
    login(client, findings["own"])
    html = client.get(reverse("ledger"), {"page": 2}).content.decode()
    assert "共 60 条" in html and "人社局" not in html.split("<tbody>")[1]


def test_one_finding_page_reads_without_changing_and_saves_on_post(client, findings):
    finding = Finding.objects.filter(unit__name="卫健委").first()
    url = reverse("ledger_update", args=[finding.pk])
    login(client, findings["own"])
    page = client.get(url).content.decode()
    assert finding.message in page and 'name="status"' not in page
    assert (
        client.post(url, {"status": "rectified", "rectified_on": "2024-04-01"}).status_code == 403
    )
    login(client, findings["other"])
    assert client.get(url).status_code == 404
    login(client, findings["office"])
    before = finding.history.count()
    assert client.get(url).status_code == 200 and finding.history.count() == before
    done = client.post(
        url,
        {"status": "rectified", "rectified_on": "2024-04-01", "next": "https://evil.example/"},
    )
    finding.refresh_from_db()
    assert finding.status == FindingStatus.RECTIFIED
    assert done["Location"] == reverse("ledger")
    back = client.post(url, {"status": "open", "next": "/ledger/?page=2"})
    assert back["Location"] == "/ledger/?page=2"


def test_applications_pages_and_filters(client, people):  # noqa: F811
    from gongkai.foi.services import register_application

    for n in range(1, 56):
        register_application(
            reference=f"2025-{n:03d}",
            unit=Unit.objects.get(name="卫健委" if n <= 40 else "人社局"),
            received_on=date(2025, 9, 1),
            channel="当面",
            applicant_type="自然人",
            applicant_name="周小明",
            request_text="征地补偿" if n == 7 else "公开信息",
        )
    login(client, people["office"])
    first = client.get(reverse("foi_list")).content.decode()
    assert body_rows(first) == 50 and "共 55 条" in first
    assert "各月收到的申请与逾期答复" in first  # 55 received in 2025年9月, all overdue by now
    assert '"data": [55]' in first
    unit = Unit.objects.get(name="人社局").pk
    assert "共 15 条" in client.get(reverse("foi_list"), {"unit": unit}).content.decode()
    found = client.get(reverse("foi_list"), {"q": "征地"}).content.decode()
    assert "共 1 条" in found and "2025-007" in found
    overdue = client.get(reverse("foi_list"), {"status": "overdue"}).content.decode()
    assert "共 55 条" in overdue  # received 2025-09-01, never answered: all past their due date
    login(client, people["own"])
    assert "共 40 条" in client.get(reverse("foi_list")).content.decode()


def _items(tmp_path, rows) -> None:
    from gongkai.publishing.services import import_publications

    path = tmp_path / "items.csv"
    lines = ["单位,栏目,标题,发布日期,链接"] + [",".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_publications(path=path, rejects_path=tmp_path / "r.csv")


def test_publications_are_searched_by_period_unit_category_and_title(client, people, tmp_path):  # noqa: F811
    _items(
        tmp_path,
        [
            ["卫健委", "部门动态", f"卫健委第{n}次义诊", f"2024-06-{n % 28 + 1:02d}", ""]
            for n in range(60)
        ]
        + [
            ["人社局", "部门动态", "人社局招聘会", "2024-06-03", "javascript:alert(1)"],
            [
                "人社局",
                "部门信息公开",
                "人社局公示",
                "2024-06-04",
                "http://rsj.example.gov.cn/1.html",
            ],
        ],
    )
    login(client, people["office"])
    url = reverse("publication_list")
    first = client.get(url).content.decode()  # opens on the latest month with items
    assert "共 61 条" in first and body_rows(first) == 50  # the javascript: link was rejected
    assert (
        'value="2024-06-01"' in first and "卫健委召开" not in first
    )  # March's items are not in it
    june = {"date_from": "2024-06-01", "date_to": "2024-06-30"}
    rsj = Unit.objects.get(name="人社局").pk
    found = client.get(url, june | {"unit": rsj}).content.decode()
    assert "共 1 条" in found and "javascript:" not in found
    assert 'href="http://rsj.example.gov.cn/1.html" rel="noopener noreferrer"' in found
    assert "共 1 条" in client.get(url, june | {"category": "disclosure"}).content.decode()
    assert "共 1 条" in client.get(url, june | {"q": "第7次"}).content.decode()
    too_long = client.get(url, {"date_from": "2023-01-01", "date_to": "2024-06-30"})
    assert "一次最多检索一年的信息" in too_long.content.decode()
    login(client, people["own"])  # 卫健委's clerk: its own unit's items only
    own = client.get(url, june).content.decode()
    assert "共 60 条" in own and "人社局招聘会" not in own
    assert "共 0 条" in client.get(url, june | {"unit": rsj}).content.decode()  # not its unit


def test_runs_are_listed_a_page_at_a_time_and_by_year(client, people):  # noqa: F811
    from gongkai.assessment.models import AssessmentRun

    for n in range(55):
        year = 2023 + n % 2
        AssessmentRun.objects.create(
            scheme="s", title="办法", year=year, period_start=date(year, 1, 1),
            period_end=date(year, 12, 31), source="computed", digest=f"d{n}",
        )  # fmt: skip
    login(client, people["office"])
    first = client.get(reverse("run_list")).content.decode()
    assert "共 55 条" in first and "第 1 / 2 页" in first
    assert "共 27 条" in client.get(reverse("run_list"), {"in_year": 2024}).content.decode()
