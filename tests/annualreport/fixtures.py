"""Reports written the ways portals publish them, from known values: text, HTML with rowspans, .docx."""

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm

from gongkai.national_format import APPLICANT_COLUMNS, SECTION_2_ROWS, SECTION_3_ROWS

NARRATIVE = (
    "一、总体情况\n（一）主动公开\n本年度共出台行政规范性文件 {normative} 件。\n"
    "（二）依申请公开\n本年度收到政府信息公开申请 {new} 件。\n"
)
TAIL = "五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n"
GROUPS = {  # rows that sit under a merged group label in the published tables
    "public": "三、本年度办理结果",
    "deny_secret": "（三）不予公开",
    "none_not_held": "（四）无法提供",
    "reject_petition": "（五）不予处理",
    "other_no_correction": "（六）其他处理",
}


# A unit's section 二 as entered by hand (`gongkai annual-report build --section2`, the web's tests).
SECTION2_ENTRY = {
    "rules": [0, 0, 0],
    "normative": [1, 0, 5],
    "licensing": [118],
    "penalty": [23],
    "enforcement": [2],
    "fees": ["0"],
}


def values():
    section2 = {
        "rules": [0, 0, 1],
        "normative": [3, 1, 12],
        "licensing": [56],
        "penalty": [7],
        "enforcement": [1],
        "fees": ["0.35"],
    }
    section3 = {row.key: [0] * 7 for row in SECTION_3_ROWS}
    section3["new"] = [5, 2, 0, 0, 1, 0, 8]
    section3["carried_in"] = [1, 0, 0, 0, 0, 0, 1]
    section3["public"] = [3, 1, 0, 0, 0, 0, 4]
    section3["partial"] = [1, 0, 0, 0, 1, 0, 2]
    section3["none_not_held"] = [1, 1, 0, 0, 0, 0, 2]
    section3["total"] = [5, 2, 0, 0, 1, 0, 8]
    section3["carried_out"] = [1, 0, 0, 0, 0, 0, 1]
    section4 = [1, 0, 0, 1, 2, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
    return {
        "二": section2,
        "三": section3,
        "四": section4,
        "title": "某县人民政府办公室2024年政府信息公开工作年度报告",
    }


def _label(row) -> str:
    return row.label.split(" ")[-1]


def render_text(v, *, labels=None) -> str:
    labels = labels or {}
    lines = [
        v["title"],
        NARRATIVE.format(normative=v["二"]["normative"][0], new=v["三"]["new"][6]),
        "二、主动公开政府信息情况",
    ]
    lines.append("第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数")
    for row in SECTION_2_ROWS:
        if row.key == "licensing":
            lines.append("第二十条第（五）项\n信息内容\t本年处理决定数量")
        if row.key == "fees":
            lines.append("第二十条第（八）项\n信息内容\t本年收费金额（单位：万元）")
        name = "行政事业性收费" if row.key == "fees" else row.label
        lines.append(name + "\t" + "\t".join(map(str, v["二"][row.key])))
    lines.append("三、收到和处理政府信息公开申请情况")
    lines.append("申请人情况\t" + "\t".join(APPLICANT_COLUMNS))
    for row in SECTION_3_ROWS:
        label = labels.get(row.key, _label(row))
        prefix = GROUPS.get(row.key, "")
        lines.append(f"{prefix}\t{label}\t" + "\t".join(map(str, v["三"][row.key])))
    lines.append(section4_text(v))
    return "\n".join(lines)


def section4_text(v) -> str:
    """Section 四 and the two closing sections, the same in both formats."""
    return (
        "四、政府信息公开行政复议、行政诉讼情况\n"
        "行政复议\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
        + "\t".join(map(str, v["四"]))
        + "\n"
        + TAIL
    )


def section3_html_head(label_columns: int) -> str:
    """The applicant header of section 三 with its rowspans, above the given number of label columns."""
    return (
        f'<tr><td rowspan="3" colspan="{label_columns}">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>'
        '<td colspan="7">申请人情况</td></tr><tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td>'
        '<td rowspan="2">总计</td></tr><tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>'
    )


def section4_html(v) -> list[str]:
    return [
        "</table><p>四、政府信息公开行政复议、行政诉讼情况</p><table>",
        '<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>',
        "<tr>" + "".join(f"<td>{x}</td>" for x in v["四"]) + "</tr></table>",
        *(f"<p>{line}</p>" for line in TAIL.splitlines()),
        "</body></html>",
    ]


def section4_docx(document, v) -> None:
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    table = document.add_table(rows=1, cols=15)
    for index, value in enumerate(v["四"]):
        table.rows[0].cells[index].text = str(value)
    for line in TAIL.splitlines():
        document.add_paragraph(line)


def render_html(v, *, labels=None) -> str:
    labels = labels or {}
    out = [
        f"<html><head><title>{v['title']}</title><style>td{{}}</style></head><body>",
        f"<h1>{v['title']}</h1>",
    ]
    out += [
        f"<p>{line}</p>"
        for line in NARRATIVE.format(
            normative=v["二"]["normative"][0], new=v["三"]["new"][6]
        ).splitlines()
    ]
    out.append("<p>二、主动公开政府信息情况</p><table>")
    out.append(
        '<tr><td colspan="4">第二十条第（一）项</td></tr><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>'
    )
    for row in SECTION_2_ROWS:
        name = "行政事业性收费" if row.key == "fees" else row.label
        cells = "".join(f"<td>{x}</td>" for x in v["二"][row.key])
        out.append(f"<tr><td>{name}</td>{cells}</tr>")
    out.append("</table><p>三、收到和处理政府信息公开申请情况</p><table>")
    out.append(section3_html_head(3))
    spans = {
        "public": 22,
        "deny_secret": 8,
        "none_not_held": 3,
        "reject_petition": 5,
        "other_no_correction": 3,
    }
    for row in SECTION_3_ROWS:
        label = labels.get(row.key, _label(row))
        group = f'<td rowspan="{spans[row.key]}">{GROUPS[row.key]}</td>' if row.key in spans else ""
        cells = "".join(f"<td>{x}</td>" for x in v["三"][row.key])
        out.append(f"<tr>{group}<td>{label}</td>{cells}</tr>")
    out += section4_html(v)
    return "\n".join(out)


def use_report_fonts(document) -> None:
    """The fonts of a 公文 (which the PDF renderer has), so that a PDF made from it is faithful."""
    normal = document.styles["Normal"]
    normal.font.name = "仿宋_GB2312"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")


def render_docx(v, path, *, labels=None) -> None:
    labels = labels or {}
    document = Document()
    use_report_fonts(document)
    document.add_paragraph(v["title"])
    for line in NARRATIVE.format(
        normative=v["二"]["normative"][0], new=v["三"]["new"][6]
    ).splitlines():
        document.add_paragraph(line)
    document.add_paragraph("二、主动公开政府信息情况")
    table = document.add_table(rows=0, cols=4)
    for row in SECTION_2_ROWS:
        cells = table.add_row().cells
        cells[0].text = "行政事业性收费" if row.key == "fees" else row.label
        for index, value in enumerate(v["二"][row.key], start=1):
            cells[index].text = str(value)
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    _section3_table(document, v, labels)
    section4_docx(document, v)
    document.save(path)


# Section 三 as the official form lays it out: three label columns, the result group (A), its
# sub-groups (B) and the leaf rows (C), merged over the rows they head.
SUBGROUPS = {
    "deny_secret": ("（三）不予公开", 8),
    "none_not_held": ("（四）无法提供", 3),
    "reject_petition": ("（五）不予处理", 5),
    "other_no_correction": ("（六）其他处理", 3),
}


def _section3_table(document, v, labels) -> None:
    table = document.add_table(rows=1 + len(SECTION_3_ROWS), cols=10)
    widths = [Cm(1.6), Cm(2.2), Cm(4.6)] + [Cm(1.1)] * 7  # as the form: wide labels, narrow numbers
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    for index, name in enumerate(APPLICANT_COLUMNS, start=3):
        table.rows[0].cells[index].text = name
    keys = [row.key for row in SECTION_3_ROWS]
    for number, row in enumerate(SECTION_3_ROWS, start=1):
        cells = table.rows[number].cells
        for index, value in enumerate(v["三"][row.key], start=3):
            cells[index].text = str(value)
        label = labels.get(row.key, _label(row))
        if row.key in ("new", "carried_in", "carried_out"):
            cells[0].merge(cells[2]).text = label
        elif row.key in ("public", "partial", "total"):
            cells[1].merge(cells[2]).text = label
        else:
            cells[2].text = label
        if row.key in SUBGROUPS:
            name, span = SUBGROUPS[row.key]
            cells[1].merge(table.rows[number + span - 1].cells[1]).text = name
    first, last = keys.index("public") + 1, keys.index("total") + 1
    table.rows[first].cells[0].merge(table.rows[last].cells[0]).text = "三、本年度办理结果"
