"""The policy and decision commands, and the importers' guarantees."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from gongkai.policies.demo import write_sample
from gongkai.policies.models import Decision, Interpretation, PolicyDocument

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command(*map(str, args), stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


@pytest.fixture
def files(registry, tmp_path):
    return write_sample(tmp_path)


def test_policy_check_json(files):
    assert "新增 14 条" in run("policy", "import", files["documents"])
    assert "新增 7 条" in run("policy", "import", files["interpretations"])
    payload = json.loads(run("policy", "check", "--year", 2025, "--json"))
    by_number = {d["number"]: d for d in payload}
    assert set(by_number["新人社〔2025〕6号"]) >= {
        "number",
        "title",
        "unit",
        "interpretation",
        "days_late",
        "elements_missing",
        "linked_both_ways",
        "findings",
    }
    assert by_number["新人社〔2025〕6号"]["days_late"] == 5
    assert by_number["新住建〔2025〕3号"]["interpretation"] is None
    assert by_number["新医保〔2025〕1号"]["linked_both_ways"] is False
    assert by_number["新自然资〔2025〕3号"]["linked_both_ways"] is True
    assert by_number["新自然资〔2025〕3号"]["elements_missing"] == []
    assert by_number["新自然资〔2025〕3号"]["elements"]["关键词诠释"]["text"] == "关键词诠释"
    assert [f["rule"] for f in by_number["新农〔2025〕4号"]["findings"]] == ["not_drafter"]


def test_decision_import_and_check(files):
    run("decision", "import", files["catalogue"])
    assert "新增 2 条" in run("decision", "import", files["consultations"])
    payload = json.loads(
        run("decision", "check", "--year", 2025, "--today", "2025-12-31", "--json")
    )
    assert sorted(f["kind"].rsplit(".", 1)[0] for f in payload["findings"]) == [
        "policies.decision.no_consultation",
        "policies.decision.short_window",
    ]
    assert Decision.objects.count() == 3


def test_problem_rows_strict_and_rejects(registry, tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(
        "文号,标题,种类,制发单位,发布日期,状态\n"
        "新政办〔2025〕1号,好文件,行政规范性文件,卫健委,2025-01-06,有效\n"
        "新政办2025,坏文号,行政规范性文件,卫健委,2025-01-06,有效\n"
        "新政办〔2025〕3号,未登记单位,行政规范性文件,卫健局委,2025-01-06,有效\n"
        "新政办〔2025〕4号,坏状态,规章,卫健委,2025-01-06,作废\n"
        "新政办〔2025〕5号,废止无日期,规章,卫健委,2025-01-06,废止\n",
        encoding="gb18030",
    )
    out = run("policy", "import", path, "--strict", "--rejects", tmp_path / "r.csv")
    assert "未写入任何数据" in out and PolicyDocument.objects.count() == 0
    with (tmp_path / "r.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert [r[0:2] for r in rows[1:]] == [
        ["3", "文号"],
        ["4", "制发单位"],
        ["5", "状态"],
        ["6", "状态日期"],
    ]
    run("policy", "import", path)
    assert list(PolicyDocument.objects.values_list("title", flat=True)) == ["好文件"]


def test_miswritten_numbers_are_the_same_document(registry, tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(
        "文号,标题,种类,制发单位,发布日期\n"
        "新政办【2025】第7号,某办法,行政规范性文件,卫健委,2025-01-06\n",
        encoding="utf-8",
    )
    run("policy", "import", path)
    path.write_text(
        "文号,标题,种类,制发单位,发布日期\n新政办（２０２５）7号,某办法,行政规范性文件,卫健委,2025-01-06\n",
        encoding="utf-8",
    )
    assert "新增 0 条，更新 1 条" in run("policy", "import", path)  # the written form is kept
    assert list(PolicyDocument.objects.values_list("number", flat=True)) == ["新政办〔2025〕7号"]


def test_interpretation_matched_by_number_in_its_text_is_proposed(registry, tmp_path):
    register = tmp_path / "register.csv"
    register.write_text(
        "文号,标题,种类,制发单位,发布日期\n新卫〔2025〕2号,某办法,行政规范性文件,卫健委,2025-01-06\n",
        encoding="utf-8",
    )
    run("policy", "import", register)
    interpretations = tmp_path / "interp.csv"
    interpretations.write_text(
        "解读标题,解读单位,发布日期,正文\n关于某办法的解读,卫健委,2025-01-06,近日印发的新卫[2025]2号文件……\n",
        encoding="utf-8",
    )
    assert "1 篇解读按文号或标题匹配到文件，待确认" in run("policy", "import", interpretations)
    interp = Interpretation.objects.get()
    assert interp.document is None and interp.proposed_document.number == "新卫〔2025〕2号"


def test_unreadable_file_is_a_user_error(registry, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("甲,乙\n1,2\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        run("policy", "import", path)
    assert exit_info.value.code == 2


def test_missing_file_says_so(registry, tmp_path):
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("policy", "import", str(tmp_path / "none.csv"), stderr=err)
    assert err.getvalue().strip() == "错误：none.csv: 文件不存在"


def test_xlsx_register_with_a_title_row_and_date_cells(registry, tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["新乡县行政规范性文件登记簿（2025年）"])
    sheet.append(["序号", "发文字号", "文件名称", "文件类别", "制定机关", "印发日期", "公开日期"])
    sheet.append(
        [
            1,
            "新卫〔2025〕4号",
            "新乡县家庭医生签约服务办法",
            "行政规范性文件",
            "卫生健康委员会",
            datetime(2025, 3, 3),
            45720,
        ]
    )
    path = tmp_path / "register.xlsx"
    book.save(path)
    assert "新增 1 条" in run("policy", "import", path)
    doc = PolicyDocument.objects.get()
    assert (doc.number, doc.unit.name, str(doc.signed_on), str(doc.published_on)) == (
        "新卫〔2025〕4号",
        "卫健委",
        "2025-03-03",
        "2025-03-04",
    )
