"""Views with three personas: the office, a unit's own staff, another unit's staff."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.orgs.models import Account, Role, Unit
from gongkai.publishing.models import ImportBatch, ImportStatus, Publication
from gongkai.publishing.services import import_publications

pytestmark = pytest.mark.django_db

CSV = (
    "单位,栏目,标题,发布日期,链接\n"
    "卫健委,部门动态,卫健委开展义诊活动,2023-03-01,\n"
    "卫健委,部门动态,<script>alert(1)</script>,2023-03-02,\n"
    "人社局,部门动态,人社局召开就业工作会,2023-03-03,\n"
    "不存在局,部门动态,标题,2023-03-04,\n"
)


def make_user(username: str, role: str, unit: str | None = None):
    user = get_user_model().objects.create_user(username, password="Lanyu-Qiao-2025")
    Account.objects.create(user=user, role=role, unit=Unit.objects.get(name=unit) if unit else None)
    return user


@pytest.fixture
def people(registry, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(CSV, encoding="utf-8")
    import_publications(path=path, rejects_path=tmp_path / "r.csv")
    return {
        "office": make_user("office", Role.OFFICE),
        "own": make_user("wjw", Role.UNIT, "卫健委"),
        "other": make_user("rsj", Role.UNIT, "人社局"),
    }


def login(client, user):
    client.force_login(user)
    return client


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_login_page_is_chinese(client, db):
    assert "登录" in client.get(reverse("login")).content.decode()


def test_office_dashboard_shows_every_unit_with_heatmap(client, people):
    page = login(client, people["office"]).get(reverse("dashboard"), {"year": 2023, "kind": "year"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "2023年度县直单位网站信息公开工作统计表" in html
    assert "卫健委" in html and "人社局" in html and "翟坡镇" in html
    assert 'class="zero"' in html  # months without updates are marked


def test_unit_staff_see_only_their_own_unit(client, people):
    html = (
        login(client, people["own"])
        .get(reverse("dashboard"), {"year": 2023, "kind": "year"})
        .content.decode()
    )
    assert "卫健委" in html
    assert "人社局" not in html and "翟坡镇" not in html


def test_unit_page_choke_point(client, people):
    wjw = Unit.objects.get(name="卫健委")
    url = reverse("unit_detail", args=[wjw.pk])
    assert login(client, people["own"]).get(url).status_code == 200
    assert login(client, people["office"]).get(url).status_code == 200
    assert login(client, people["other"]).get(url).status_code == 404


def test_titles_are_escaped(client, people):
    wjw = Unit.objects.get(name="卫健委")
    html = (
        login(client, people["own"])
        .get(reverse("unit_detail", args=[wjw.pk]), {"year": 2023, "month": 3})
        .content.decode()
    )
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("name", ["import_list", "import_upload"])
def test_unit_staff_cannot_import(client, people, name):
    assert login(client, people["own"]).get(reverse(name)).status_code == 403


def test_upload_preview_confirm_and_download_rejects(client, people, settings, tmp_path):
    settings.IMPORT_DIR = tmp_path / "imports"
    client = login(client, people["office"])
    csv_text = CSV.replace("2023-03", "2023-04")
    upload = SimpleUploadedFile("新文件.csv", csv_text.encode("gbk"), content_type="text/csv")
    response = client.post(reverse("import_upload"), {"file": upload})
    batch = ImportBatch.objects.get(file_name="新文件.csv")
    assert response.status_code == 302
    before = Publication.objects.count()
    preview = client.get(reverse("import_detail", args=[batch.pk])).content.decode()
    assert "预检" in preview and "不存在局" in preview and "单位未登记" in preview
    assert Publication.objects.count() == before  # a preview writes nothing
    response = client.post(reverse("import_confirm", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert (
        batch.status == ImportStatus.DONE and batch.rows_imported == 3 and batch.rows_rejected == 1
    )
    assert Publication.objects.count() == before + 3
    # Confirming twice does not import twice.
    client.post(reverse("import_confirm", args=[batch.pk]))
    assert Publication.objects.count() == before + 3
    download = client.get(reverse("import_rejects", args=[batch.pk]))
    assert download.status_code == 200
    report = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert [c.value for c in report[2]] == [5, "单位", "不存在局", report[2][3].value]
    assert report[2][3].value.startswith("单位未登记")


def test_large_upload_runs_as_a_background_task(client, people, settings, tmp_path):
    from huey.contrib.djhuey import HUEY

    settings.IMPORT_DIR = tmp_path / "imports"
    settings.IMPORT_BACKGROUND_BYTES = 10  # every file counts as large
    HUEY.immediate = True
    try:
        client = login(client, people["office"])
        upload = SimpleUploadedFile(
            "大文件.csv", CSV.replace("2023-03", "2023-05").encode(), content_type="text/csv"
        )
        client.post(reverse("import_upload"), {"file": upload})
        batch = ImportBatch.objects.get(file_name="大文件.csv")
        client.post(reverse("import_confirm", args=[batch.pk]))
    finally:
        HUEY.immediate = False
    batch.refresh_from_db()
    assert batch.status == ImportStatus.DONE and batch.rows_imported == 3
    assert (tmp_path / "imports" / str(batch.pk) / "progress.json").exists()


def test_csrf_is_enforced_on_confirm(people):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(people["office"])
    batch = ImportBatch.objects.create(
        file_name="x.csv", status=ImportStatus.PREVIEWED, stored_path="/nonexistent"
    )
    assert client.post(reverse("import_confirm", args=[batch.pk])).status_code == 403


def test_dashboard_reminds_to_enter_next_years_schedule(client, people, monkeypatch):
    from datetime import date

    from gongkai.web import views

    monkeypatch.setattr(views.timezone, "localdate", lambda: date(2026, 11, 22))
    html = login(client, people["office"]).get(reverse("dashboard")).content.decode()
    assert "2027 年节假日安排尚未录入" in html and reverse("calendar_page") in html
    clerk = login(client, people["own"]).get(reverse("dashboard")).content.decode()
    assert "节假日安排尚未录入" not in clerk  # the office's task, nobody else's


def test_dashboard_opens_on_the_latest_period_with_data(client, people, tmp_path):
    """Only 2024 Q2 items exist besides March 2023: the default is that quarter, not 2024年度."""
    path = tmp_path / "q2.csv"
    path.write_text(
        "单位,栏目,标题,发布日期,链接\n卫健委,部门动态,二季度义诊,2024-05-20,\n", encoding="utf-8"
    )
    import_publications(path=path, rejects_path=tmp_path / "r2.csv")
    client.force_login(people["office"])
    text = client.get(reverse("dashboard")).content.decode()
    assert "2024年第二季度" in text and "2024年度" not in text


def test_dashboard_pages_a_province_sized_table(client, people, monkeypatch):
    """Rows a page at a time, numbered as in the whole table, with the pager keeping the period."""
    from gongkai.periods import Period
    from gongkai.standards.services import compute_statistics
    from gongkai.web import views

    monkeypatch.setattr(views, "UNITS_PER_PAGE", 5)
    full = compute_statistics(period=Period.year(2023), period_kind="year", record_findings=False)
    rows = [(row.seq, row.unit.name) for table in full.tables for row in table.rows]
    office = login(client, people["office"])
    query = {"year": 2023, "kind": "year"}
    first = office.get(reverse("dashboard"), query).content.decode()
    assert f"共 {len(rows)} 个单位" in first
    second = office.get(reverse("dashboard"), {**query, "page": 2}).content.decode()
    assert "第 2 /" in second and "?year=2023&amp;kind=year&page=3" in second
    shown = re.findall(r"<tr><td>(\d+)</td><td><a [^>]*>([^<]+)</a>", second)
    assert [(int(seq), name) for seq, name in shown] == rows[5:10]
    own = login(client, people["own"]).get(reverse("dashboard"), query).content.decode()
    assert "个单位" not in own  # one row: no pager
