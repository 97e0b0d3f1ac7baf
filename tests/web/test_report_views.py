import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.annualreport.fixtures import render_html, render_text, values
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
