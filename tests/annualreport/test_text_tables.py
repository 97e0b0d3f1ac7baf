"""Reports copied from portals as text: pipe tables, one cell per line, space-separated cells, and
cells run together (split by 六类之和 = 总计 when only one split holds; ambiguity reported)."""

import pytest

from gongkai.annualreport.checks import check
from gongkai.annualreport.parser import parse_text
from gongkai.annualreport.splitting import splits_in_blocks, splits_with_total
from tests.annualreport.fixtures import render_text, values


def pipe(text: str) -> str:
    out = []
    for line in text.splitlines():
        if "\t" in line:
            cells = line.split("\t")
            out.append("| " + " | ".join(cells) + " |")
            if cells[0] in ("信息内容", "申请人情况"):
                out.append("|" + "---|" * len(cells))
        else:
            out.append(line)
    return "\n".join(out)


def one_cell_per_line(text: str) -> str:
    return "\n".join(cell for line in text.splitlines() for cell in line.split("\t"))


def spaces(text: str) -> str:
    return "\n".join("   ".join(line.split("\t")) for line in text.splitlines())


def run_together(text: str, keys=None) -> str:
    """Section 三 rows with their seven cells printed as one string of digits."""
    out = []
    for line in text.splitlines():
        cells = line.split("\t")
        numeric = len(cells) == 9 and all(c.isdigit() for c in cells[2:])
        if numeric and (keys is None or any(k in cells[1] for k in keys)):
            line = "\t".join([*cells[:2], "".join(cells[2:])])
        out.append(line)
    return "\n".join(out)


def table3(report):
    return {k: [int(x) for x in vals] for k, vals in report.section3.items()}


@pytest.mark.parametrize("form", [pipe, one_cell_per_line, spaces])
def test_text_forms_read_cell_exactly_with_no_findings(form):
    v = values()
    report = parse_text(form(render_text(v)), form.__name__)
    assert report.complete, report.issues
    assert table3(report) == v["三"]
    assert [int(x) for x in report.section4] == v["四"]
    assert check(report) == []


@pytest.mark.parametrize("form", [pipe, one_cell_per_line, spaces])
def test_text_forms_keep_a_planted_error(form):
    v = values()
    v["三"]["public"][6] = 5
    report = parse_text(form(render_text(v)), form.__name__)
    assert sorted(f.rule for f in check(report)) == ["三.总计列", "三.（七）总计"]


def test_run_together_rows_split_uniquely_are_read_and_marked_inferred():
    v = values()
    report = parse_text(run_together(render_text(v)), "run-together")
    assert report.complete and table3(report) == v["三"]
    findings = check(report)
    assert {f.severity for f in findings} == {"warning"}
    assert len(findings) == len(report.inferred) == 25
    assert all(f.rule == "inferred_split" for f in findings)


def test_the_issue_example_splits_one_way():
    assert splits_with_total("713000074", 7) == [[71, 3, 0, 0, 0, 0, 74]]


def test_an_ambiguous_run_is_reported_with_its_candidates_and_not_read():
    v = values()
    v["三"]["new"] = [10, 1, 0, 0, 0, 0, 11]  # 101000011: also 1|0|10|0|0|0|11
    v["三"]["public"] = [8, 1, 0, 0, 0, 0, 9]
    v["三"]["total"] = [10, 2, 0, 0, 1, 0, 13]
    v["三"]["carried_out"] = [1, 0, 0, 0, 0, 0, 1]
    v["三"]["new"][6] = 11
    report = parse_text(run_together(render_text(v), keys=("本年新收",)), "ambiguous")
    ambiguous = [f for f in check(report) if f.rule == "ambiguous_split"]
    assert len(ambiguous) == 1 and ambiguous[0].severity == "error"
    assert "1、0、10、0、0、0、11" in ambiguous[0].message
    assert "10、1、0、0、0、0、11" in ambiguous[0].message
    assert "new" not in report.section3  # never guessed


def test_section_4_run_together_splits_by_its_three_blocks():
    v = values()  # 四: 1 0 0 1 2 | 0 0 0 1 1 | 0 0 0 0 0
    text = render_text(v).replace("\t".join(map(str, v["四"])), "".join(map(str, v["四"])))
    report = parse_text(text, "run-together 四")
    assert [int(x) for x in report.section4] == v["四"] and "四" in report.inferred
    findings = check(report)
    assert [(f.rule, f.severity) for f in findings] == [("inferred_split", "warning")]


def test_section_4_ambiguous_run_is_reported_and_not_read():
    v = values()
    v["四"] = [10, 1, 0, 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]  # 1010011…: also 1|0|10|0|11
    digits = "".join(map(str, v["四"]))
    assert len(splits_in_blocks(digits, 3, 5)) > 1
    text = render_text(v).replace("\t".join(map(str, v["四"])), digits)
    report = parse_text(text, "ambiguous 四")
    assert report.section4 is None
    assert [f.rule for f in check(report) if f.rule.endswith("split")] == ["ambiguous_split"]


def test_section_2_run_together_is_reported_not_split():
    v = values()  # 二 normative: 3 1 12 — no identity to split "3112" by
    text = render_text(v).replace("\t3\t1\t12", "\t3112")
    report = parse_text(text, "run-together 二")
    assert "normative" not in report.section2
    message = next(i.message for i in report.issues if "3112" in i.message)
    assert "数字连在一起" in message and "未读取" in message
