"""Reading and checking annual reports: the seed, and fixtures in every form with planted errors."""

import copy
import json
import subprocess
import sys

import pytest

from gongkai.adapters.documents import read_document_text as read_report_text
from gongkai.adapters.readers import ImportFileError
from gongkai.annualreport.checks import check
from gongkai.annualreport.parser import parse_text
from gongkai.national_format import SECTION_3_ROWS
from tests.annualreport.fixtures import render_docx, render_html, render_text, values
from tests.conftest import GOLDEN_DIR

SEED = GOLDEN_DIR / "xinxiang_2023_annual_report.txt"


def rules(findings):
    return sorted(f.rule for f in findings)


def test_seed_parses_completely():
    report = parse_text(SEED.read_text(encoding="utf-8"), SEED.name)
    assert (report.unit, report.year, report.complete) == ("新乡县人民政府办公室", 2023, True)
    assert {k: [int(x) for x in v] for k, v in report.section2.items()} == {
        "rules": [0, 0, 0],
        "normative": [2, 0, 2],
        "licensing": [0],
        "penalty": [0],
        "enforcement": [0],
        "fees": [0],
    }
    expected3 = {row.key: [0] * 7 for row in SECTION_3_ROWS}
    expected3.update(
        {
            "new": [2, 0, 0, 0, 0, 0, 2],
            "public": [2, 0, 0, 0, 0, 0, 2],
            "total": [2, 0, 0, 0, 0, 0, 2],
        }
    )
    assert {k: [int(x) for x in v] for k, v in report.section3.items()} == expected3
    assert report.section4 == [0] * 15


def test_seed_findings_are_the_text_table_mismatch_on_normative_documents():
    findings = check(parse_text(SEED.read_text(encoding="utf-8"), SEED.name))
    assert [(f.rule, f.message, f.text) for f in findings] == [
        (
            "text.规范性文件",
            "正文称本年制发行政规范性文件 1 件，二表格为 2 件",
            "出台行政规范性文件 1 件",
        ),
    ]


def read(form, v, tmp_path, **kw):
    if form == "text":
        path = tmp_path / "r.txt"
        path.write_text(render_text(v, **kw), encoding="gb18030")
    elif form == "html":
        path = tmp_path / "r.html"
        path.write_text(render_html(v, **kw), encoding="utf-8")
    else:
        path = tmp_path / "r.docx"
        render_docx(v, path, **kw)
    return parse_text(read_report_text(path), path.name)


FORMS = ["text", "html", "docx"]


@pytest.mark.parametrize("form", FORMS)
def test_a_correct_report_reads_back_exactly_with_no_findings(form, tmp_path):
    v = values()
    report = read(form, v, tmp_path)
    assert report.complete, report.issues
    assert (report.unit, report.year) == ("某县人民政府办公室", 2024)
    assert {k: [str(x) for x in vals] for k, vals in report.section2.items()} == {
        k: [str(x) for x in vals] for k, vals in v["二"].items()
    }
    assert {k: [int(x) for x in vals] for k, vals in report.section3.items()} == v["三"]
    assert [int(x) for x in report.section4] == v["四"]
    assert check(report) == []


PLANTED = {
    # 予以公开's 总计 cell 4 → 5: its row no longer adds up, nor does the 总计 column's （七）.
    "row_sum": (lambda v: v["三"]["public"].__setitem__(6, 5), ["三.总计列", "三.（七）总计"]),
    # One more carried over in 自然人 (and 总计): 一 + 二 ≠ 三 + 四 in both columns.
    "balance": (
        lambda v: (
            v["三"]["carried_out"].__setitem__(0, 2) or v["三"]["carried_out"].__setitem__(6, 2)
        ),
        ["三.一+二=三+四", "三.一+二=三+四"],
    ),
    "review_block": (lambda v: v["四"].__setitem__(4, 3), ["四.总计"]),
}


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("planted", ["row_sum", "balance", "review_block"])
def test_planted_arithmetic_errors_are_found(form, planted, tmp_path):
    v = copy.deepcopy(values())
    PLANTED[planted][0](v)
    assert rules(check(read(form, v, tmp_path))) == sorted(PLANTED[planted][1])


@pytest.mark.parametrize("form", FORMS)
def test_a_total_row_of_zeros_above_nonzero_rows(form, tmp_path):
    v = values()
    v["三"]["total"] = [0] * 7
    found = rules(check(read(form, v, tmp_path)))
    assert found.count("三.（七）总计") == 4  # 自然人, 商业企业, 法律服务机构 and 总计 columns
    assert "三.一+二=三+四" in found


@pytest.mark.parametrize("form", FORMS)
def test_text_against_tables(form, tmp_path):
    v = values()
    text_v = copy.deepcopy(v)
    report = read(form, text_v, tmp_path)
    report.section2["normative"][0] = (
        report.section2["normative"][0] + 1
    )  # the table says 4, the text 3
    report.section3["new"][6] = report.section3["new"][6] + 1
    found = {f.rule: f for f in check(report)}
    assert found["text.规范性文件"].text == "出台行政规范性文件 3 件"
    assert found["text.新收申请"].message == "正文称本年新收申请 8 件，三表格为 9 件"


@pytest.mark.parametrize("form", FORMS)
def test_deviating_label_is_reported_and_still_read(form, tmp_path):
    report = read(
        form, values(), tmp_path, labels={"carried_in": "二、上年转结政府信息公开申请数量"}
    )
    assert "carried_in" in report.section3
    assert any(i.rule == "label" and "上年转结" in i.message for i in report.issues)


def test_full_width_digits_dashes_and_cells_split_over_lines():
    text = render_text(values())
    text = text.replace(
        "\t0\t0\t0\t0\t0\t0\t0", "\t—\t-\t/\t0\t０\t0\t0"
    )  # blanks written as dashes
    text = text.replace(
        "本年新收政府信息公开申请数量\t5\t2", "本年新收政府信息公开申请数量\n５\n２"
    )
    report = parse_text(text, "x.txt")
    assert report.complete and check(report) == []
    assert report.blanks > 0


def test_missing_sections_and_tables_as_images_are_flagged_not_read_as_zeros():
    text = render_text(values())
    start, end = text.index("三、收到和处理"), text.index("四、政府信息公开行政复议")
    image_only = text[:start] + "三、收到和处理政府信息公开申请情况\n（表格见下图）\n" + text[end:]
    report = parse_text(image_only, "x.txt")
    assert report.section3 == {} and not report.complete
    assert any(f.rule == "unreadable" and "第三部分" in f.message for f in check(report))
    no_four = (
        text[: text.index("四、政府信息公开行政复议")] + text[text.index("五、存在的主要问题") :]
    )
    report = parse_text(no_four, "x.txt")
    assert report.section4 is None
    assert any(f.rule == "missing_section" and "第四部分" in f.message for f in check(report))


def test_previous_year():
    this_year, last_year = values(), values()
    last_year["三"]["carried_out"] = [2, 0, 0, 0, 0, 0, 2]
    last_year["二"]["normative"] = [1, 0, 9]
    found = {
        f.rule: f
        for f in check(parse_text(render_text(this_year)), parse_text(render_text(last_year)))
    }
    assert "跨年.结转" in found
    assert found["跨年.现行有效"].severity == "warning"  # 9 + 3 − 1 = 11, the report says 12


def test_unreadable_files(tmp_path):
    with pytest.raises(ImportFileError, match="文件不存在"):
        read_report_text(tmp_path / "none.txt")
    broken = tmp_path / "b.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ImportFileError, match="不是有效的 .docx"):
        read_report_text(broken)


def test_cli_json(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "gongkai", "annual-report", "check", str(SEED), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)["reports"][0]
    assert payload["complete"] and payload["tables"]["二"]["normative"] == [2, 0, 2]
    assert payload["tables"]["三"]["rows"]["total"] == [2, 0, 0, 0, 0, 0, 2]
    assert [f["rule"] for f in payload["findings"]] == ["text.规范性文件"]


def test_aggregate_sums_complete_reports_and_lists_the_rest(tmp_path):
    from openpyxl import load_workbook

    from gongkai.annualreport.aggregate import aggregate, summary_table, totals_tables
    from gongkai.exports.xlsx import write_tables

    first, second = values(), values()
    second["三"]["new"] = [6, 2, 0, 0, 1, 0, 9]
    second["三"]["public"] = [4, 1, 0, 0, 0, 0, 5]
    second["三"]["total"] = [6, 2, 0, 0, 1, 0, 9]
    broken = render_text(values())
    broken = (
        broken[: broken.index("三、收到和处理")]
        + "三、收到和处理政府信息公开申请情况\n（见图片）\n"
        + broken[broken.index("四、政府信息公开行政复议") :]
    )
    reports = [
        parse_text(render_text(first), "a.txt"),
        parse_text(render_text(second), "b.txt"),
        parse_text(broken, "c.txt"),
    ]
    totals = aggregate(reports)
    assert [r.source for r in totals.included] == ["a.txt", "b.txt"] and [
        r.source for r in totals.excluded
    ] == ["c.txt"]
    assert [int(x) for x in totals.section3["new"]] == [11, 4, 0, 0, 2, 0, 17]
    assert [str(x) for x in totals.section2["fees"]] == ["0.70"]
    assert [int(x) for x in totals.section4] == [2, 0, 0, 2, 4, 0, 0, 0, 2, 2, 0, 0, 0, 0, 0]
    summed = as_county_report(totals)
    assert check(summed) == []  # the county table keeps every identity
    path = write_tables(tmp_path / "county.xlsx", totals_tables(totals, "某县"))
    book = load_workbook(path)
    assert book.sheetnames == ["三", "二", "四", "报告清单"]
    assert [c.value for c in book["三"][3]][:8] == [
        "一、本年新收政府信息公开申请数量",
        11,
        4,
        0,
        0,
        2,
        0,
        17,
    ]
    assert book["报告清单"]["D5"].value == "未纳入"
    results = [(r, check(r)) for r in reports]
    summary = write_tables(tmp_path / "summary.xlsx", [summary_table(results)])
    rows = list(load_workbook(summary).active.iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[3]) for r in rows] == [
        ("a.txt", "完整"),
        ("b.txt", "完整"),
        ("c.txt", "不完整"),
    ]


def as_county_report(totals):
    from gongkai.annualreport.parser import ParsedReport

    report = ParsedReport(source="county")
    report.section2, report.section3, report.section4 = (
        totals.section2,
        totals.section3,
        totals.section4,
    )
    return report


def test_cli_aggregate_and_summary(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.html"
    first.write_text(render_text(values()), encoding="utf-8")
    second.write_text(render_html(values()), encoding="utf-8")
    run = [sys.executable, "-m", "gongkai", "annual-report"]
    done = subprocess.run(
        [*run, "aggregate", str(first), str(second), str(SEED), "-o", str(tmp_path / "c.xlsx")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "已汇总 3 份报告" in done.stdout
    done = subprocess.run(
        [*run, "check", str(first), str(SEED), "--summary", str(tmp_path / "s.xlsx")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and (tmp_path / "s.xlsx").exists()
    missing = subprocess.run(
        [*run, "check", str(tmp_path / "nope.txt")], capture_output=True, text=True, timeout=120
    )
    assert (
        missing.returncode == 2
        and "nope.txt: 文件不存在" in missing.stderr
        and "Traceback" not in missing.stderr
    )


def test_pdf_made_from_the_report_reads_the_same(tmp_path):
    from tests.pdf import write_text_pdf

    v = values()
    v["三"]["public"][6] = 5  # a planted error must survive the PDF too
    path = write_text_pdf(tmp_path / "r.pdf", render_text(v))
    report = parse_text(read_report_text(path), path.name)
    assert report.complete, report.issues
    assert {k: [int(x) for x in vals] for k, vals in report.section3.items()} == v["三"]
    assert rules(check(report)) == sorted(["三.总计列", "三.（七）总计"])
    seed_pdf = write_text_pdf(tmp_path / "seed.pdf", SEED.read_text(encoding="utf-8"))
    seed = parse_text(read_report_text(seed_pdf), seed_pdf.name)
    assert seed.complete and [f.rule for f in check(seed)] == ["text.规范性文件"]


def test_pdf_converted_from_the_docx_reads_the_same(tmp_path):
    """Word/WPS-made PDFs wrap labels inside narrow cells; the planted error must still be found."""
    from gongkai.exports import pdf

    if pdf.soffice() is None:
        pytest.skip("LibreOffice is installed by `make install` (scripts/install-fonts)")
    v = values()
    v["三"]["carried_out"][0], v["三"]["carried_out"][6] = 2, 2
    render_docx(v, tmp_path / "r.docx")
    made = pdf.docx_to_pdf(tmp_path / "r.docx", tmp_path / "r.pdf")
    report = parse_text(read_report_text(made), made.name)
    assert report.complete, report.issues
    assert {k: [int(x) for x in vals] for k, vals in report.section3.items()} == v["三"]
    assert rules(check(report)) == ["三.一+二=三+四", "三.一+二=三+四"]


def test_a_scanned_pdf_without_text_is_refused(tmp_path):
    from tests.pdf import write_text_pdf

    path = write_text_pdf(tmp_path / "scan.pdf", "")
    with pytest.raises(ImportFileError, match="没有文字层"):
        read_report_text(path)
