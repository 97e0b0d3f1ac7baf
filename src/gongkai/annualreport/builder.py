"""Writing an annual report in the national format (pure): narrative from templates whose numbers
come from the tables, and the tables as official HTML (rowspans as published) or .docx."""

import html
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

from pydantic import ConfigDict, Field, create_model

from gongkai.adapters.definitions import read_yaml
from gongkai.adapters.definitions import validate as validate_definition
from gongkai.annualreport.checks import check
from gongkai.annualreport.parser import ParsedReport
from gongkai.errors import UserError
from gongkai.national_format import (
    APPLICANT_COLUMNS,
    REVIEW_BLOCKS,
    REVIEW_COLUMNS,
    SECTION_2_ROWS,
    SECTION_3_ROWS,
    SECTIONS,
)

TEMPLATES = Path(__file__).resolve().parent / "bundled" / "narrative.yaml"
# Group labels of 三 and the rows they span, as the official table prints them.
GROUPS_3 = {
    "public": ("三、本年度办理结果", 22),
    "deny_secret": ("（三）不予公开", 8),
    "none_not_held": ("（四）无法提供", 3),
    "reject_petition": ("（五）不予处理", 5),
    "other_no_correction": ("（六）其他处理", 3),
}
LEAF_LABELS = {row.key: row.label.split(" ")[-1] for row in SECTION_3_ROWS}


class BuildError(UserError):
    """Data that would make a report break the format's identities."""


@dataclass
class ReportData:
    unit: str
    year: int
    section2: dict[str, list[Decimal]]
    section3: dict[str, list[int]]
    section4: list[int]
    narrative: dict[str, str] = field(
        default_factory=dict
    )  # section numeral → text the office wrote


_Cell = Annotated[Decimal, Field(allow_inf_nan=False, ge=0, le=Decimal(10**12))]
_Section2Model = create_model(
    "Section2",
    __config__=ConfigDict(extra="forbid"),
    **{
        row.key: (Annotated[list[_Cell], Field(min_length=row.values, max_length=row.values)], ...)
        for row in SECTION_2_ROWS
    },
)


def parse_section2(data: Any, source: str) -> dict[str, list[Decimal]]:
    """Section 二 as the office enters it ({row: [numbers…]}), or a UserError naming the key.

    Every row present with its number of cells, no other key, finite non-negative numbers,
    whole numbers except the 万元 amount.
    """
    if isinstance(data, dict) and any(
        isinstance(v, bool) for vs in data.values() if isinstance(vs, list) for v in vs
    ):
        raise BuildError(f"{source}: 数值不能是 true/false")
    model = validate_definition(_Section2Model, data, source, BuildError)
    section2 = {row.key: list(getattr(model, row.key)) for row in SECTION_2_ROWS}
    problems = [
        f"{row.key}[{column}]（{row.label}）{_number(value)} 应为{row.kind(column)}"
        for row in SECTION_2_ROWS
        for column, value in enumerate(section2[row.key])
        if not row.accepts(column, value)
    ]
    if problems:
        raise BuildError(f"{source}: " + "；".join(problems))
    return section2


def validate(data: ReportData) -> None:
    """The identities enforced before a report is written (the checker's rules, as errors)."""
    parsed = ParsedReport(source="build", unit=data.unit, year=data.year)
    parsed.section2 = {k: [Decimal(v) for v in vals] for k, vals in data.section2.items()}
    parsed.section3 = {k: [Decimal(v) for v in vals] for k, vals in data.section3.items()}
    parsed.section4 = [Decimal(v) for v in data.section4]
    problems = [f.message for f in check(parsed) if f.severity == "error"]
    missing = [row.label for row in SECTION_2_ROWS if row.key not in data.section2]
    if missing:
        problems.append("第二部分未填写：" + "、".join(missing))
    if problems:
        raise BuildError("；".join(problems))


def _number(value) -> str:
    return f"{Decimal(value).normalize():f}" if isinstance(value, Decimal) else str(value)


def narrative(data: ReportData, templates: dict | None = None) -> dict[str, str]:
    """Section texts; numbers are the tables' own, so text and tables cannot disagree."""
    templates = templates or read_yaml(TEMPLATES)
    s2, s3 = data.section2, data.section3
    values = {
        "unit": data.unit,
        "year": data.year,
        "normative_issued": _number(s2["normative"][0]),
        "normative_repealed": _number(s2["normative"][1]),
        "normative_in_force": _number(s2["normative"][2]),
        "rules_issued": _number(s2["rules"][0]),
        "new": s3["new"][6],
        "carried_in": s3["carried_in"][6],
        "handled": s3["total"][6],
        "carried_out": s3["carried_out"][6],
        "public": s3["public"][6] + s3["partial"][6],
        "reviews": data.section4[4],
        "lawsuits": data.section4[9] + data.section4[14],
    }
    texts = {}
    for numeral, _title in SECTIONS:
        if numeral in ("二", "三", "四"):
            texts[numeral] = templates["table_intro"].get(numeral, "").format(**values)
        else:
            texts[numeral] = data.narrative.get(numeral) or templates["sections"][numeral].format(
                **values
            )
    return texts


def _cells(values) -> str:
    return "".join(f"<td>{html.escape(_number(v))}</td>" for v in values)


def render_html(data: ReportData) -> str:
    """The whole report; the tables have the official structure, ready to paste into a CMS."""
    validate(data)
    texts = narrative(data)
    e = html.escape
    out = [f"<h1>{e(data.unit)}{data.year}年政府信息公开工作年度报告</h1>"]
    for numeral, title in SECTIONS:
        out.append(f"<h2>{numeral}、{e(title)}</h2>")
        out.extend(f"<p>{e(line)}</p>" for line in texts[numeral].splitlines() if line.strip())
        if numeral == "二":
            out.append(_section2_html(data))
        elif numeral == "三":
            out.append(_section3_html(data))
        elif numeral == "四":
            out.append(_section4_html(data))
    return "\n".join(out)


def _section2_html(data: ReportData) -> str:
    s2 = data.section2
    rows = [
        '<table border="1">',
        '<tr><td colspan="4">第二十条第（一）项</td></tr>',
        "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>",
        f"<tr><td>规章</td>{_cells(s2['rules'])}</tr>",
        f"<tr><td>行政规范性文件</td>{_cells(s2['normative'])}</tr>",
        '<tr><td colspan="4">第二十条第（五）项</td></tr>',
        '<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>',
        f'<tr><td>行政许可</td><td colspan="3">{_number(s2["licensing"][0])}</td></tr>',
        '<tr><td colspan="4">第二十条第（六）项</td></tr>',
        '<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>',
        f'<tr><td>行政处罚</td><td colspan="3">{_number(s2["penalty"][0])}</td></tr>',
        f'<tr><td>行政强制</td><td colspan="3">{_number(s2["enforcement"][0])}</td></tr>',
        '<tr><td colspan="4">第二十条第（八）项</td></tr>',
        '<tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>',
        f'<tr><td>行政事业性收费</td><td colspan="3">{_number(s2["fees"][0])}</td></tr>',
        "</table>",
    ]
    return "\n".join(rows)


def _section3_html(data: ReportData) -> str:
    rows = [
        '<table border="1">',
        '<tr><td rowspan="3" colspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>'
        '<td colspan="7">申请人情况</td></tr>',
        '<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>',
        "<tr>" + "".join(f"<td>{c}</td>" for c in APPLICANT_COLUMNS[1:6]) + "</tr>",
    ]
    for row in SECTION_3_ROWS:
        values = _cells(data.section3[row.key])
        if row.key in ("new", "carried_in", "carried_out"):
            rows.append(f'<tr><td colspan="3">{row.label}</td>{values}</tr>')
        elif row.key in ("public", "partial", "total"):
            group = f'<td rowspan="22">{GROUPS_3["public"][0]}</td>' if row.key == "public" else ""
            rows.append(f'<tr>{group}<td colspan="2">{LEAF_LABELS[row.key]}</td>{values}</tr>')
        else:
            group = (
                f'<td rowspan="{GROUPS_3[row.key][1]}">{GROUPS_3[row.key][0]}</td>'
                if row.key in GROUPS_3
                else ""
            )
            rows.append(f"<tr>{group}<td>{LEAF_LABELS[row.key]}</td>{values}</tr>")
    rows.append("</table>")
    return "\n".join(rows)


def _section4_html(data: ReportData) -> str:
    head = "".join(f"<td>{c}</td>" for c in REVIEW_COLUMNS)
    return "\n".join(
        [
            '<table border="1">',
            f'<tr><td colspan="5" rowspan="2">{REVIEW_BLOCKS[0]}</td><td colspan="10">行政诉讼</td></tr>',
            '<tr><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>',
            f"<tr>{head * 3}</tr>",
            f"<tr>{_cells(data.section4)}</tr>",
            "</table>",
        ]
    )


def render_docx(data: ReportData, path: Path) -> Path:
    """The report as .docx in the official fonts; tables as the format lays them out."""
    from docx import Document
    from docx.shared import Mm

    from gongkai.exports.docx import BODY_FONT, LABEL_FONT, TITLE_FONT, _font

    validate(data)
    texts = narrative(data)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _font(
        document.add_paragraph().add_run(f"{data.unit}{data.year}年政府信息公开工作年度报告"),
        TITLE_FONT,
        22,
    )
    for numeral, title in SECTIONS:
        _font(document.add_paragraph().add_run(f"{numeral}、{title}"), LABEL_FONT, 16)
        for line in texts[numeral].splitlines():
            if line.strip():
                _font(document.add_paragraph().add_run(line), BODY_FONT, 16)
        if numeral == "二":
            s2 = data.section2
            _docx_rows(
                document,
                [
                    ["第二十条第（一）项"],
                    ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                    ["规章", *map(_number, s2["rules"])],
                    ["行政规范性文件", *map(_number, s2["normative"])],
                    ["第二十条第（五）项"],
                    ["信息内容", "本年处理决定数量"],
                    ["行政许可", _number(s2["licensing"][0])],
                    ["第二十条第（六）项"],
                    ["信息内容", "本年处理决定数量"],
                    ["行政处罚", _number(s2["penalty"][0])],
                    ["行政强制", _number(s2["enforcement"][0])],
                    ["第二十条第（八）项"],
                    ["信息内容", "本年收费金额（单位：万元）"],
                    ["行政事业性收费", _number(s2["fees"][0])],
                ],
                4,
            )
        elif numeral == "三":
            rows = [["", "", *APPLICANT_COLUMNS]]
            for row in SECTION_3_ROWS:
                group = GROUPS_3.get(row.key, ("", 0))[0]
                rows.append(
                    [
                        group,
                        LEAF_LABELS[row.key],
                        *map(str, data.section3[row.key]),
                    ]
                )
            _docx_rows(document, rows, 9)
        elif numeral == "四":
            _docx_rows(
                document,
                [
                    [f"{b}·{c}" for b in REVIEW_BLOCKS for c in REVIEW_COLUMNS],
                    list(map(str, data.section4)),
                ],
                15,
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def _docx_rows(document, rows: list[list[str]], columns: int) -> None:
    table = document.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values + [""] * (columns - len(values)), strict=True):
            cell.text = value
