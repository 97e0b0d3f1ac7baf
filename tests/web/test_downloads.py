"""Every output the command line writes can be downloaded from the pages, by those allowed to."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(quarter_run):
    return quarter_run


def get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def workbook_rows(response) -> list[tuple]:
    book = load_workbook(io.BytesIO(response.content))
    return [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]


def test_statistics_xlsx_and_docx_follow_the_dashboard_period(client, setup):
    _, users = setup
    response = get(
        client, users["office"], "/downloads/statistics.xlsx", year=2024, kind="quarter", quarter=2
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    cells = [c for row in workbook_rows(response) for c in row if c is not None]
    assert "卫健委" in cells and "人社局" in cells and any("第二季度" in str(c) for c in cells)
    word = get(
        client, users["office"], "/downloads/statistics.docx", year=2024, kind="quarter", quarter=2
    )
    text = "\n".join(c.text for t in Document(io.BytesIO(word.content)).tables for c in t._cells)
    assert "卫健委" in text


def test_a_unit_downloads_only_its_own_row(client, setup):
    _, users = setup
    response = get(
        client, users["wjw"], "/downloads/statistics.xlsx", year=2024, kind="quarter", quarter=2
    )
    cells = [c for row in workbook_rows(response) for c in row if c is not None]
    assert "卫健委" in cells and "人社局" not in cells


def test_bulletin_docx_is_the_runs_bulletin(client, setup):
    run, users = setup
    response = get(
        client, users["leader"], f"/assessment/{run.pk}/bulletin.docx", date="2024-07-10"
    )
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "2024年第二季度县政府政务公开工作通报" in text and "2024年7月10日" in text


def test_ledger_xlsx_lists_the_runs_findings(client, setup):
    run, users = setup
    rows = workbook_rows(get(client, users["office"], f"/assessment/{run.pk}/ledger.xlsx"))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "序号")
    assert len(rows) - header - 1 == len(run.inputs["findings"]) > 0


def test_unit_staff_cannot_download_county_documents(client, setup):
    run, users = setup
    for url in (f"/assessment/{run.pk}/bulletin.docx", f"/assessment/{run.pk}/ledger.xlsx"):
        assert get(client, users["wjw"], url).status_code == 403
    assert get(client, users["office"], f"/assessment/{run.pk}/bulletin.odt").status_code == 404
    # The PDF is built in the background (tests/web/test_jobs.py), not sent by a GET.
    assert get(client, users["office"], f"/assessment/{run.pk}/bulletin.pdf").status_code == 404


def test_one_units_letter_sets_only_its_own_deadlines(client, setup):
    from gongkai.findings.models import Finding

    run, users = setup
    open_ids = {f["id"] for f in run.inputs["findings"]}
    results = {r.unit_name: r for r in run.results.all()}
    unit_of = dict(Finding.objects.filter(pk__in=open_ids).values_list("pk", "unit__name"))
    named = next(name for name in results if name in set(unit_of.values()))
    client.force_login(users["office"])
    url = f"/assessment/{run.pk}/results/{results[named].pk}/letter.docx"
    response = client.post(url, {"date": "2024-07-10"})
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert named in text
    dated = dict(Finding.objects.filter(pk__in=open_ids).values_list("pk", "deadline"))
    assert {pk for pk, day in dated.items() if day} == {
        pk for pk, name in unit_of.items() if name == named
    }
    client.force_login(users["leader"])
    assert client.post(url, {"date": "2024-07-10"}).status_code == 403
