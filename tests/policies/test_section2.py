"""Section 二 of an annual report from the register: numbers with the documents behind them."""

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from gongkai.adapters.documents import text_from_html
from gongkai.annualreport.checks import check
from gongkai.annualreport.parser import parse_text
from gongkai.annualreport.services import report_data, save_section2
from gongkai.errors import UserError
from gongkai.orgs.models import Unit
from gongkai.policies.demo import load_demo
from gongkai.policies.models import ActivityFigure
from gongkai.policies.section2 import RegisterEntry, compare_with_register, document_columns
from gongkai.policies.selectors import section2_figures
from tests.annualreport.fixtures import SECTION2_ENTRY

SEED_003 = Path("/work/shared/seeds/003_e8660239deac921c.txt")


def entry(id, issued, status="有效", status_on=None, expires_on=None):
    return RegisterEntry(
        id,
        "行政规范性文件",
        f"新政〔{issued.year}〕{id}号",
        f"文件{id}",
        issued,
        status,
        status_on,
        expires_on,
    )


@pytest.mark.parametrize(
    "entries, counts",
    [
        ([entry(1, date(2025, 3, 1))], [1, 0, 1]),
        ([entry(1, date(2024, 3, 1))], [0, 0, 1]),
        ([entry(1, date(2026, 1, 2))], [0, 0, 0]),  # issued after 31 December
        ([entry(1, date(2023, 3, 1), "废止", date(2025, 6, 1))], [0, 1, 0]),
        ([entry(1, date(2023, 3, 1), "废止", date(2026, 2, 1))], [0, 0, 1]),  # in force on 12/31
        ([entry(1, date(2023, 3, 1), "失效", date(2025, 12, 31))], [0, 1, 0]),
        ([entry(1, date(2023, 3, 1), "修改", date(2025, 6, 1))], [0, 0, 1]),  # amended: in force
        ([entry(1, date(2023, 3, 1), expires_on=date(2025, 12, 30))], [0, 0, 0]),
        ([entry(1, date(2023, 3, 1), expires_on=date(2025, 12, 31))], [0, 0, 1]),
        ([entry(1, date(2025, 2, 1), "废止", date(2025, 11, 1))], [1, 1, 0]),
    ],
)
def test_issued_repealed_in_force(entries, counts):
    assert [len(c) for c in document_columns(entries, 2025)] == counts


@pytest.mark.django_db
def test_sample_natural_resources_2025_report_built_from_records(registry, tmp_path):
    load_demo(directory=tmp_path, today=date(2025, 12, 31))
    unit = Unit.objects.get(name="自然资源局")
    figures = section2_figures(unit.pk, 2025)
    assert figures.complete
    assert {k: [int(v) for v in vals] for k, vals in figures.section2.items()} == {
        "rules": [0, 0, 0],
        "normative": [2, 1, 6],
        "licensing": [118],
        "penalty": [23],
        "enforcement": [2],
        "fees": [0],
    }
    issued, repealed, in_force = figures.documents["normative"]
    assert [e.number for e in issued] == ["新自然资〔2025〕3号", "新自然资〔2025〕8号"]
    assert [e.number for e in repealed] == ["新自然资〔2021〕4号"]
    assert "新自然资〔2021〕4号" not in [e.number for e in in_force] and len(in_force) == 6
    assert figures.sources["licensing"] == "新乡县-许可处罚强制收费-2025.csv"
    # No hand-entered section 二: the build takes it from the records, and its text agrees.
    data = report_data(unit=unit, year=2025)
    from gongkai.annualreport.builder import render_html

    report = parse_text(text_from_html(render_html(data)), "built.html")
    assert [int(v) for v in report.section2["normative"]] == [2, 1, 6]
    assert "共制发行政规范性文件 2 件,废止 1 件,现行有效 6 件" in report.sections["一"]
    assert check(report) == []


@pytest.mark.django_db
def test_manual_override_needs_a_reason_when_records_exist(registry, tmp_path):
    load_demo(directory=tmp_path, today=date(2025, 12, 31))
    unit = Unit.objects.get(name="自然资源局")
    typed = SECTION2_ENTRY
    with pytest.raises(UserError, match="须说明理由"):
        save_section2(unit=unit, year=2025, section2=typed)
    save_section2(unit=unit, year=2025, section2={**typed, "reason": "登记簿未含县政府代拟文件"})
    data = report_data(unit=unit, year=2025)
    assert [int(v) for v in data.section2["normative"]] == [1, 0, 5]
    assert "reason" not in data.section2


def _seed_statements(report):
    from gongkai.reports.management.commands.register_check import statements

    return statements(report)


@pytest.mark.django_db
def test_seed_003_text_against_a_register_that_says_two(registry, tmp_path):
    """The seed report says "共出台行政规范性文件 1 件" beside a table of 2: with a register of 2,
    the table agrees and the text is wrong, and the message names the documents."""
    office = Unit.objects.get(full_name="新乡县人民政府办公室")  # alias 县政府办 in the register
    register = tmp_path / "register.csv"
    register.write_text(
        "文号,标题,种类,制发单位,起草单位,成文日期,发布日期\n"
        "新政办(2023)3号,新乡县政府信息公开申请办理规定,行政规范性文件,县政府办,县政府办,2023-03-01,2023-03-03\n"
        "新政办【2023】11号,新乡县政策文件解读办法,行政规范性文件,县政府办,县政府办,2023-09-01,2023-09-04\n",
        encoding="utf-8",
    )
    from gongkai.policies.importer import import_documents

    assert import_documents(path=register).created == 2
    report = parse_text(SEED_003.read_text(encoding="utf-8"), SEED_003.name)
    problems = compare_with_register(
        section2_figures(office.pk, 2023),
        {k: v for k, v in report.section2.items() if k in ("rules", "normative")},
        _seed_statements(report),
    )
    assert problems == [
        "正文称行政规范性文件本年制发 1 件（「出台行政规范性文件 1 件」），登记簿为 2 件："
        "新乡县政府信息公开申请办理规定（新政办〔2023〕3号）、新乡县政策文件解读办法（新政办〔2023〕11号）"
    ]
    out = io.StringIO()
    call_command(
        "register_check", str(SEED_003), "--unit", "县政府办", "--year", "2023", stdout=out
    )
    assert out.getvalue().splitlines() == [
        *problems,
        f"{SEED_003.name}：与登记簿核对，发现 1 处不一致",
    ]
    # A report built from the same register cannot repeat the error: text and table both say 2.
    for kind in ("licensing", "penalty", "enforcement", "fees"):
        ActivityFigure.objects.create(unit=office, year=2023, kind=kind, value=0)
    from gongkai.annualreport.builder import render_html

    built = parse_text(text_from_html(render_html(report_data(unit=office, year=2023))), "b.html")
    assert [int(v) for v in built.section2["normative"]] == [2, 0, 2]
    assert _seed_statements(built) == [("normative", Decimal(2), "制发行政规范性文件 2 件")]
    assert check(built) == []


@pytest.mark.django_db
def test_figures_keep_their_precision(registry):
    unit = Unit.objects.get(name="卫健委")
    for kind, value in (
        ("licensing", "100"),
        ("penalty", "0"),
        ("enforcement", "3"),
        ("fees", "1.25"),
    ):
        ActivityFigure.objects.create(unit=unit, year=2025, kind=kind, value=Decimal(value))
    figures = section2_figures(unit.pk, 2025)
    assert [str(figures.section2[k][0]) for k in ("licensing", "penalty", "fees")] == [
        "100",
        "0",
        "1.25",
    ]
