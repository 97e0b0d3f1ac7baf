import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.annualreport.fixtures import SECTION2_ENTRY, render_html, render_text, values
from tests.conftest import GOLDEN_DIR

pytestmark = pytest.mark.django_db


def test_upload_many_reports_and_see_findings_with_marked_cells(client):
    client.force_login(get_user_model().objects.create_user("o"))
    broken = values()
    broken["三"]["public"][6] = 5
    files = [
        SimpleUploadedFile(
            "seed.txt", (GOLDEN_DIR / "xinxiang_2023_annual_report.txt").read_bytes()
        ),
        SimpleUploadedFile("broken.html", render_html(broken).encode()),
        SimpleUploadedFile("ok.txt", render_text(values()).encode("gbk")),
        SimpleUploadedFile("empty.txt", b""),
    ]
    html = client.post(reverse("report_check"), {"files": files}).content.decode()
    assert "正文称本年制发行政规范性文件 1 件，二表格为 2 件" in html
    assert "三「（一）予以公开」：六类申请人之和 4 ≠ 总计 5" in html
    assert html.count('class="zero"') >= 7  # the 予以公开 row is marked, and the 二 row of the seed
    assert "未发现问题" in html
    assert "empty.txt: 文件为空" in html


def test_anonymous_cannot_check(client):
    assert client.get(reverse("report_check")).status_code == 302


def test_a_trial_format_report_is_shown_with_its_own_columns(client):
    from tests.annualreport import trial_fixtures

    client.force_login(get_user_model().objects.create_user("o"))
    broken = trial_fixtures.values()
    broken["二"]["normative"][1] = 13  # more published this year than in total
    files = [SimpleUploadedFile("2020.html", trial_fixtures.render_html(broken).encode())]
    html = client.post(reverse("report_check"), {"files": files}).content.decode()
    assert "2019年试行格式" in html
    assert "采购总金额" in html and "本年增/减" in html
    assert "二「规范性文件」：本年新公开数量 13 大于对外公开总数量 12" in html
    assert html.count('class="zero"') >= 1


def test_the_checks_summary_downloads_as_the_command_writes_it(client):
    import io
    from urllib.parse import quote

    from openpyxl import load_workbook

    client.force_login(get_user_model().objects.create_user("o"))
    broken = values()
    broken["三"]["public"][6] = 5
    files = [
        SimpleUploadedFile("broken.html", render_html(broken).encode()),
        SimpleUploadedFile("ok.txt", render_text(values()).encode("gbk")),
    ]
    response = client.post(reverse("report_check"), {"files": files, "summary": "1"})
    assert response["Content-Disposition"].endswith(quote("年度报告检查汇总.xlsx"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    by_file = {row[0]: row for row in rows if row and row[0] in ("broken.html", "ok.txt")}
    assert int(by_file["broken.html"][5]) >= 1 and int(by_file["ok.txt"][5]) == 0  # errors


@pytest.fixture
def entered(registry):
    """自然资源局's 2025 section 二 entered (the rest comes from its — empty — records)."""
    from gongkai.annualreport.services import save_section2
    from gongkai.orgs.models import Account, Role, Unit

    unit = Unit.objects.get(name="自然资源局")
    save_section2(unit=unit, year=2025, section2=SECTION2_ENTRY)
    people = {}
    for name, own in (("clerk", "自然资源局"), ("other", "卫健委")):
        people[name] = get_user_model().objects.create_user(name)
        Account.objects.create(user=people[name], role=Role.UNIT, unit=Unit.objects.get(name=own))
    return unit, people


def test_a_clerk_builds_its_units_annual_report_and_it_checks_clean(client, entered):
    import io

    from docx import Document

    from gongkai.adapters.documents import text_from_html
    from gongkai.annualreport.checks import check
    from gongkai.annualreport.parser import parse_text

    unit, people = entered
    client.force_login(people["clerk"])
    url = reverse("annual_report_build")
    html = client.get(url, {"unit": unit.pk, "year": 2025, "fmt": "html"})
    assert html.status_code == 200 and "attachment" in html["Content-Disposition"]
    report = parse_text(text_from_html(html.content.decode()), "built.html")
    assert [int(v) for v in report.section2["licensing"]] == [118] and check(report) == []
    word = client.get(url, {"unit": unit.pk, "year": 2025, "fmt": "docx"})
    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "新乡县自然资源局2025年政府信息公开工作年度报告" in text
    missing = client.get(url, {"unit": unit.pk, "year": 2024, "fmt": "docx"})
    assert missing.status_code == 409 and "第二部分尚未填报" in missing.content.decode()
    client.force_login(people["other"])
    assert client.get(url, {"unit": unit.pk, "year": 2025, "fmt": "html"}).status_code == 404
