"""Bulletins checked against themselves: the seeds' own two errors found and nothing else, the same
in every form, and planted defects of each kind caught once."""

import json
from pathlib import Path

import pytest

from gongkai.adapters.documents import read_document_text
from gongkai.reports.bulletin_check import check_bulletin

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def seed(prefix: str) -> str:
    return next(GOLDEN.glob(f"bulletin_{prefix}_*.txt")).read_text(encoding="utf-8")


def rules(text: str) -> list[str]:
    return sorted(f.rule for f in check_bulletin(text))


def test_the_2023_bulletin_is_consistent():
    assert check_bulletin(seed("000")) == []


def test_the_q2_zero_list_omits_one_unit():
    (finding,) = check_bulletin(seed("001"))
    assert finding.rule == "通报.为零名单"
    assert "机关事务中心" in finding.message and "统计局、退役军人事务局" in finding.text


def test_kaifeng_states_25_units_where_its_table_has_23():
    (finding,) = check_bulletin(seed("002"))
    assert finding.rule == "通报.分数段"
    assert "文中为 25 家，附件得分表中为 23 家（共 48 家）" in finding.message


def as_html(text: str) -> str:
    out = ["<html><body>"]
    for line in text.splitlines():
        cells = line.split("\t")
        out.append(
            "<table><tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr></table>"
            if len(cells) > 1
            else f"<p>{line}</p>"
        )
    return "\n".join(out)


def as_docx(text: str, path: Path) -> Path:
    from docx import Document

    document = Document()
    for line in text.splitlines():
        cells = line.split("\t")
        if len(cells) > 1:
            table = document.add_table(rows=1, cols=len(cells))
            for cell, value in zip(table.rows[0].cells, cells, strict=True):
                cell.text = value
        else:
            document.add_paragraph(line)
    document.save(path)
    return path


@pytest.mark.slow
@pytest.mark.parametrize("prefix", ["000", "001", "002"])
def test_every_form_gives_the_same_findings(prefix, tmp_path):
    from tests.pdf import write_text_pdf

    text = seed(prefix)
    expected = rules(text)
    html = tmp_path / "b.html"
    html.write_text(as_html(text), encoding="utf-8")
    docx = as_docx(text, tmp_path / "b.docx")
    pdf = write_text_pdf(tmp_path / "b.pdf", text)
    for path in (html, docx, pdf):
        assert rules(read_document_text(path)) == expected, path.name


BASE = """一、总体情况
全县共公开信息100条，其中政务要闻栏目60条，信息公开栏目40条。
收到10个单位答复书9份，回复率为90%。
考核结果优秀的2个，分别为甲镇、乙镇。受监管的新媒体3家，分别为：甲号、乙号、丙号。
通过考评，90分以上的单位2家，占比50%；80—90分的单位1家，占比25%；60—80分的单位1家，占比25%。
丁镇在部门信息公开栏目上传信息数量为零。
附件
排名\t单位\t得分\t部门信息公开
1\t甲镇\t96\t3
2\t乙镇\t95\t2
3\t丙镇\t85\t1
4\t丁镇\t70\t0
"""

PLANTED = [
    ("总数与其中", "其中政务要闻栏目60条", "其中政务要闻栏目61条", "通报.总数与其中"),
    ("比率", "回复率为90%", "回复率为80%", "通报.比率"),
    ("数量与名单", "新媒体3家", "新媒体4家", "通报.数量与名单"),
    ("分数段", "90分以上的单位2家，占比50%", "90分以上的单位3家，占比75%", "通报.分数段"),
    ("分数段占比", "80—90分的单位1家，占比25%", "80—90分的单位1家，占比20%", "通报.比率"),
    ("为零名单", "丁镇在部门", "丙镇、丁镇在部门", "通报.为零名单"),
    ("优秀名单", "分别为甲镇、乙镇。受", "分别为甲镇、丙镇。受", "通报.优秀名单"),
    ("排名", "2\t乙镇\t95", "2\t乙镇\t97", "通报.排名"),
]


def test_the_planted_base_is_consistent():
    assert check_bulletin(BASE) == []


@pytest.mark.parametrize(("name", "old", "new", "rule"), PLANTED, ids=[p[0] for p in PLANTED])
def test_each_planted_defect_is_caught_once(name, old, new, rule):
    assert old in BASE
    assert [f.rule for f in check_bulletin(BASE.replace(old, new))].count(rule) == 1


def test_cli_check(tmp_path):
    from django.core.management import call_command

    out = tmp_path / "out.json"
    with out.open("w", encoding="utf-8") as stream:
        call_command(
            "bulletin",
            "check",
            *sorted(GOLDEN.glob("bulletin_00[012]_*.txt")),
            "--json",
            stdout=stream,
        )
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert [len(item["findings"]) for item in payload] == [0, 1, 1]
