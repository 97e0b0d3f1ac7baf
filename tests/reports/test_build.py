"""Reports built from records read back through our own reader with no findings at all."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gongkai.adapters.documents import read_document_text
from gongkai.annualreport.builder import BuildError, ReportData, render_docx, render_html
from gongkai.annualreport.checks import check
from gongkai.annualreport.models import ManualEntry
from gongkai.annualreport.parser import parse_text
from gongkai.annualreport.services import report_data, save_section2
from gongkai.calendar.core import library_calendar
from gongkai.foi.annual import OUTCOMES
from gongkai.foi.models import ReviewCase
from gongkai.foi.services import append_event, register_application
from gongkai.orgs.models import Unit
from tests.conftest import run_gongkai

SECTION2 = {
    "rules": [0, 0, 0],
    "normative": [2, 1, 9],
    "licensing": [31],
    "penalty": [4],
    "enforcement": [0],
    "fees": ["1.25"],
}


@pytest.fixture
def records(registry):
    unit = Unit.objects.get(name="自然资源局")
    calendar = library_calendar()
    for index, outcome in enumerate(OUTCOMES):
        app = register_application(
            reference=f"R-{index}",
            unit=unit,
            received_on=date(2025, 3, 3),
            channel="当面",
            applicant_type=("自然人", "商业企业", "法律服务机构")[index % 3],
            applicant_name="周小明",
            request_text="x",
        )
        append_event(
            application=app,
            kind="replied",
            day=date(2025, 3, 20),
            outcome=outcome,
            calendar=calendar,
        )
    register_application(
        reference="R-open",
        unit=unit,
        received_on=date(2025, 12, 22),
        channel="当面",
        applicant_type="自然人",
        applicant_name="王某",
        request_text="y",
    )
    ReviewCase.objects.create(
        application=app,
        kind="review",
        filed_on=date(2025, 5, 1),
        result="maintained",
        decided_on=date(2025, 6, 1),
    )
    save_section2(unit=unit, year=2025, section2=SECTION2)
    return unit


@pytest.mark.django_db
def test_built_html_reads_back_exactly_with_no_findings(records):
    data = report_data(unit=records, year=2025)
    report = parse_text(read_document_text_from_html(render_html(data)), "built.html")
    assert report.complete, report.issues
    assert (report.unit, report.year) == ("新乡县自然资源局", 2025)
    assert {k: [int(v) for v in vals] for k, vals in report.section3.items()} == data.section3
    assert [int(v) for v in report.section4] == data.section4
    assert [str(v) for v in report.section2["fees"]] == ["1.25"]
    assert check(report) == []
    assert "收到政府信息公开申请 22 件" in report.sections["一"]


def read_document_text_from_html(markup: str) -> str:
    from gongkai.adapters.documents import text_from_html

    return text_from_html(markup)


@pytest.mark.django_db
def test_built_docx_reads_back_with_no_findings(records, tmp_path):
    path = render_docx(report_data(unit=records, year=2025), tmp_path / "r.docx")
    report = parse_text(read_document_text(path), path.name)
    assert report.complete, report.issues
    assert check(report) == []


def test_a_report_that_breaks_an_identity_is_not_written():
    data = ReportData(
        unit="某局",
        year=2025,
        section2={k: [Decimal(v) for v in vals] for k, vals in SECTION2.items()},
        section3={},
        section4=[0] * 15,
    )
    from gongkai.foi.annual import section3

    data.section3 = section3([], 2025)
    data.section3["total"][6] = 1
    with pytest.raises(BuildError, match="（一）至（六）各项之和 0 ≠ （七）总计 1"):
        render_html(data)


@pytest.mark.django_db
def test_manual_entry_is_validated_on_save(registry):
    unit = Unit.objects.get(name="卫健委")
    with pytest.raises(ValidationError, match="「规章」应有 3 个数值"):
        ManualEntry.objects.create(unit=unit, year=2025, section2={**SECTION2, "rules": [0, 0]})
    with pytest.raises(ValidationError, match="「行政许可」的 1.5 应为非负整数"):
        ManualEntry.objects.create(unit=unit, year=2025, section2={**SECTION2, "licensing": [1.5]})
    assert ManualEntry.objects.create(unit=unit, year=2025, section2=SECTION2).pk


def test_cli_build_needs_section_two_and_reads_back(tmp_path, registry):
    run = run_gongkai
    missing = run(
        "annual-report",
        "build",
        "--unit",
        "自然资源局",
        "--year",
        "2025",
        "-o",
        tmp_path / "r.html",
    )
    assert missing.returncode == 2 and "第二部分" in missing.stderr and "尚未填报" in missing.stderr
    entry = tmp_path / "s2.json"
    entry.write_text(json.dumps(SECTION2), encoding="utf-8")
    done = run(
        "annual-report",
        "build",
        "--unit",
        "自然资源局",
        "--year",
        "2025",
        "--section2",
        entry,
        "-o",
        tmp_path / "r.html",
    )
    assert done.returncode == 0, done.stderr
    checked = run("annual-report", "check", tmp_path / "r.html", "--json")
    payload = json.loads(checked.stdout)["reports"][0]
    assert payload["complete"] and payload["findings"] == []
