"""The 2019–2020 trial format: recognised, read in every form, checked by its own rules."""

import copy

import pytest

from gongkai.adapters.documents import read_document_text
from gongkai.annualreport.aggregate import aggregate, totals_tables
from gongkai.annualreport.checks import check
from gongkai.annualreport.parser import detect_edition, parse_text
from gongkai.exports import pdf
from gongkai.national_format import CURRENT, TRIAL
from tests.annualreport import fixtures as current
from tests.annualreport.trial_fixtures import render_docx, render_html, render_text, values
from tests.conftest import GOLDEN_DIR

FORMS = ["text", "html", "docx"]


def read(form, v, tmp_path):
    if form == "text":
        path = tmp_path / "r.txt"
        path.write_text(render_text(v), encoding="gb18030")
    elif form == "html":
        path = tmp_path / "r.html"
        path.write_text(render_html(v), encoding="utf-8")
    else:
        path = tmp_path / "r.docx"
        render_docx(v, path)
    return parse_text(read_document_text(path), path.name)


def rules(findings):
    return sorted(f.rule for f in findings)


def as_text(table):
    return {k: [str(x) for x in vals] for k, vals in table.items()}


@pytest.mark.parametrize("form", FORMS)
def test_a_correct_trial_report_reads_back_exactly_with_no_findings(form, tmp_path):
    v = values()
    report = read(form, v, tmp_path)
    assert report.edition is TRIAL
    assert report.complete, report.issues
    assert (report.unit, report.year) == ("某县人民政府办公室", 2020)
    assert as_text(report.section2) == as_text(v["二"])  # the unit's own extra row is skipped
    assert {k: [int(x) for x in vals] for k, vals in report.section3.items()} == v["三"]
    assert [int(x) for x in report.section4] == v["四"]
    assert check(report) == []


def test_a_pdf_made_from_the_docx_reads_the_same(tmp_path):
    if pdf.soffice() is None:
        pytest.skip("LibreOffice is installed by `make install` (scripts/install-fonts)")
    v = values()
    render_docx(v, tmp_path / "r.docx")
    made = pdf.docx_to_pdf(tmp_path / "r.docx", tmp_path / "r.pdf")
    report = parse_text(read_document_text(made), made.name)
    assert report.edition is TRIAL and report.complete, report.issues
    assert as_text(report.section2) == as_text(v["二"])
    assert {k: [int(x) for x in vals] for k, vals in report.section3.items()} == v["三"]
    assert check(report) == []


def _set(table, key, index, value):
    table[key][index] = value


PLANTED = {
    # The trial format's single （六）其他处理 row is a leaf of （七）总计: one more there breaks it
    # in the 自然人 and 总计 columns, and the row's own sum stays right.
    "other_row": (
        lambda v: (_set(v["三"], "other", 0, 1), _set(v["三"], "other", 6, 2)),
        ["三.（七）总计", "三.（七）总计"],
    ),
    "row_sum": (lambda v: _set(v["三"], "public", 6, 5), ["三.总计列", "三.（七）总计"]),
    "balance": (
        lambda v: (_set(v["三"], "carried_out", 0, 2), _set(v["三"], "carried_out", 6, 2)),
        ["三.一+二=三+四", "三.一+二=三+四"],
    ),
    "review_block": (lambda v: v["四"].__setitem__(4, 3), ["四.总计"]),
    # More published this year than published in total.
    "published": (lambda v: _set(v["二"], "normative", 1, 13), ["二.对外公开总数量"]),
    # A negative count where only 本年增/减 may be negative; a fractional number of purchases.
    "negative": (lambda v: _set(v["二"], "penalty", 2, -1), ["non_negative_integer"]),
    "fraction": (lambda v: _set(v["二"], "procurement", 0, "15.5"), ["non_negative_integer"]),
}


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("planted", sorted(PLANTED))
def test_planted_errors_are_found_by_the_trial_rules(form, planted, tmp_path):
    v = copy.deepcopy(values())
    PLANTED[planted][0](v)
    assert rules(check(read(form, v, tmp_path))) == sorted(PLANTED[planted][1])


def test_signed_changes_and_amounts_are_not_errors():
    report = parse_text(render_text(values()))
    assert report.section2["other_services"][1] == -2 and report.section2["enforcement"][1] == 4
    assert str(report.section2["procurement"][1]) == "11.876"
    assert check(report) == []


def test_text_against_tables_uses_the_trial_columns():
    report = parse_text(render_text(values()))
    report.section2["licensing"][2] += 1  # the text says 93 decisions, the table now 94
    report.section2["licensing"][0] += 1  # 上一年项目数量 is not what the text states
    found = {f.rule: f for f in check(report)}
    assert list(found) == ["text.行政许可"]
    assert found["text.行政许可"].message == "正文称「行政许可」处理决定数量 93 件，二表格为 94 件"
    assert found["text.行政许可"].cells == ("二/行政许可",)


def test_previous_trial_year_chains_the_item_counts():
    last_year, this_year = values(), values()
    last_year["二"]["licensing"] = [3, 5, 40]  # 3 + 5 = 8: this year's 上一年项目数量
    last_year["二"]["other_services"] = [119, -2, 100]  # 119 − 2 = 117
    last_year["二"]["enforcement"] = [0, 0, 1]
    last_year["二"]["penalty"] = [85, 4, 30]  # 85 + 4 = 89, but this year says 90
    last_year["三"]["carried_out"] = [1, 0, 0, 0, 0, 0, 1]
    found = check(parse_text(render_text(this_year)), parse_text(render_text(last_year)))
    assert [(f.rule, f.severity, f.cells) for f in found] == [
        ("跨年.项目数量", "warning", ("二/行政处罚",)),
    ]


def test_a_2021_report_after_a_trial_one_compares_only_what_both_count():
    this_year = current.values()
    this_year["三"]["carried_in"] = [2, 0, 0, 0, 0, 0, 2]  # last year carried over one
    this_year["三"]["new"] = [4, 2, 0, 0, 1, 0, 7]
    report = parse_text(current.render_text(this_year))
    assert report.edition is CURRENT
    found = check(report, parse_text(render_text(values())))
    assert rules(found) == ["跨年.结转"]  # 现行有效 is not compared with 对外公开总数量


def test_the_edition_is_told_by_its_labels_then_by_the_year():
    assert detect_edition("信息内容 本年新 本年新 对外公开总数量 上一年项目数量", 2021) is TRIAL
    assert detect_edition("本年制发件数 本年废止件数 现行有效件数", 2020) is CURRENT
    assert detect_edition("", 2020) is TRIAL and detect_edition("", 2021) is CURRENT
    assert detect_edition("", None) is CURRENT
    seed = (GOLDEN_DIR / "xinxiang_2023_annual_report.txt").read_text(encoding="utf-8")
    assert parse_text(seed).edition is CURRENT


def test_a_trial_report_without_tables_is_flagged_not_read_as_zeros():
    text = render_text(values())
    start, end = text.index("二、主动公开"), text.index("四、政府信息公开行政复议")
    report = parse_text(text[:start] + "二、主动公开政府信息情况\n（见附图）\n" + text[end:])
    assert report.edition is TRIAL  # by the year in the title
    assert report.section2 == {} and report.section3 == {} and not report.complete
    assert [f.rule for f in check(report)].count("missing_section") == 1  # 三 is gone


def test_aggregate_adds_reports_of_one_edition_and_names_the_others(tmp_path):
    second = values()
    second["二"]["procurement"] = [5, "3.124"]
    reports = [
        parse_text(render_text(values()), "a.txt"),
        parse_text(render_text(second), "b.txt"),
        parse_text(current.render_text(current.values()), "c.txt"),
    ]
    totals = aggregate(reports)
    assert totals.edition is TRIAL
    assert [r.source for r in totals.included] == ["a.txt", "b.txt"]
    assert [str(x) for x in totals.section2["procurement"]] == ["20", "15.000"]
    assert [int(x) for x in totals.section2["other_services"]] == [234, -4, 330]
    assert "不能相加" in totals.reason(reports[2])
    tables = {t.attachment: t for t in totals_tables(totals, "某县")}
    assert ["政府集中采购", "采购总金额", "15"] in tables["二"].rows
    assert [r[0] for r in tables["三"].rows][20] == "（六）其他处理"
