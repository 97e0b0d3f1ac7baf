"""Reports in the 2019–2020 trial format, written the ways portals published them: section 二 with
its 第二十条 blocks, headers broken inside a cell ("本年新 / 制作数量"), notes in the row labels,
a row of the unit's own ("其他主动公开文件") that the format does not have, signed changes ("+4",
"-2"), and section 三 with a single （六）其他处理 row."""

from docx import Document

from gongkai.national_format import APPLICANT_COLUMNS, TRIAL
from tests.annualreport.fixtures import (
    section3_html_head,
    section4_docx,
    section4_html,
    section4_text,
    use_report_fonts,
)

NARRATIVE = (
    "一、总体情况\n（一）主动公开\n本年度共出台规范性文件 {normative} 件，办理行政许可 {licensing} 件。\n"
    "（二）依申请公开\n本年度收到政府信息公开申请 {new} 件。\n"
)
HEADERS = {  # the block each section 二 row opens, with its column headers as printed
    "rules": ("第二十条第（一）项", ("本年新\n制作数量", "本年新\n公开数量", "对外公开总数量")),
    "licensing": ("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量")),
    "penalty": ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量")),
    "fees": ("第二十条第（八）项", ("上一年项目数量", "本年增/减")),
    "procurement": ("第二十条第（九）项", ("采购项目数量", "采购总金额")),
}
NOTES = {  # explanations some reports print inside the label
    "rules": "（设区的市、自治州人民政府应提供相关数据）",
    "normative": "（行政机关制定发布的决定、公告、通告、意见、通知等）",
}
GROUPS = {
    "public": "三、本年度办理结果",
    "deny_secret": "（三）不予公开",
    "none_not_held": "（四）无法提供",
    "reject_petition": "（五）不予处理",
}
SPANS = {"public": 20, "deny_secret": 8, "none_not_held": 3, "reject_petition": 5}


def values():
    section3 = {row.key: [0] * 7 for row in TRIAL.section3}
    section3["new"] = [5, 2, 0, 0, 1, 0, 8]
    section3["carried_in"] = [1, 0, 0, 0, 0, 0, 1]
    section3["public"] = [3, 1, 0, 0, 0, 0, 4]
    section3["partial"] = [1, 0, 0, 0, 0, 0, 1]
    section3["none_not_held"] = [1, 1, 0, 0, 0, 0, 2]
    section3["other"] = [0, 0, 0, 0, 1, 0, 1]
    section3["total"] = [5, 2, 0, 0, 1, 0, 8]
    section3["carried_out"] = [1, 0, 0, 0, 0, 0, 1]
    return {
        "二": {
            "rules": [0, 0, 0],
            "normative": [3, 3, 12],
            "licensing": [8, 5, 93],
            "other_services": [117, -2, 165],
            "penalty": [90, 0, 22],
            "enforcement": [0, 4, 4],
            "fees": [2, 0],
            "procurement": [15, "11.876"],
        },
        "三": section3,
        "四": [1, 0, 0, 1, 2, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0],
        "title": "某县人民政府办公室2020年政府信息公开工作年度报告",
    }


def _cell(key: str, column: int, value) -> str:
    """Changes are printed with their sign, as the form asks ("+4", "-2")."""
    signed = column in TRIAL.row(key).signed
    return f"+{value}" if signed and isinstance(value, int) and value > 0 else str(value)


def _cells(v, key: str) -> list[str]:
    return [_cell(key, i, x) for i, x in enumerate(v["二"][key])]


def _label(row) -> str:
    return row.label.split(" ")[-1].removesuffix("（万元）") + NOTES.get(row.key, "")


def _narrative(v) -> str:
    return NARRATIVE.format(
        normative=v["二"]["normative"][0], licensing=v["二"]["licensing"][2], new=v["三"]["new"][6]
    )


def render_text(v) -> str:
    lines = [v["title"], _narrative(v), "二、主动公开政府信息情况"]
    for row in TRIAL.section2:
        if row.key in HEADERS:
            block, columns = HEADERS[row.key]
            lines.append(f"{block}\n信息内容\t" + "\t".join(columns))
        lines.append(_label(row) + "\t" + "\t".join(_cells(v, row.key)))
        if row.key == "normative":
            lines.append("其他主动公开文件（本单位自行增加的统计）\t186\t86\t255")
    lines.append("三、收到和处理政府信息公开申请情况")
    lines.append("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    lines.append("申请人情况\t" + "\t".join(APPLICANT_COLUMNS))
    for row in TRIAL.section3:
        prefix = GROUPS.get(row.key, "")
        lines.append(f"{prefix}\t{_label(row)}\t" + "\t".join(map(str, v["三"][row.key])))
    lines.append(section4_text(v))
    return "\n".join(lines)


def render_html(v) -> str:
    out = [f"<html><head><title>{v['title']}</title></head><body><h1>{v['title']}</h1>"]
    out += [f"<p>{line}</p>" for line in _narrative(v).splitlines()]
    out.append("<p>二、主动公开政府信息情况</p><table>")
    for row in TRIAL.section2:
        if row.key in HEADERS:
            block, columns = HEADERS[row.key]
            heads = "".join(f"<td>{c.replace(chr(10), '<br>')}</td>" for c in columns)
            out.append(f'<tr><td colspan="4">{block}</td></tr><tr><td>信息内容</td>{heads}</tr>')
        cells = "".join(f"<td>{x}</td>" for x in _cells(v, row.key))
        out.append(f"<tr><td>{_label(row)}</td>{cells}</tr>")
    out.append("</table><p>三、收到和处理政府信息公开申请情况</p><table>")
    out.append(section3_html_head(2))
    for row in TRIAL.section3:
        group = f'<td rowspan="{SPANS[row.key]}">{GROUPS[row.key]}</td>' if row.key in SPANS else ""
        cells = "".join(f"<td>{x}</td>" for x in v["三"][row.key])
        out.append(f"<tr>{group}<td>{_label(row)}</td>{cells}</tr>")
    out += section4_html(v)
    return "\n".join(out)


def render_docx(v, path) -> None:
    document = Document()
    use_report_fonts(document)
    document.add_paragraph(v["title"])
    for line in _narrative(v).splitlines():
        document.add_paragraph(line)
    document.add_paragraph("二、主动公开政府信息情况")
    table = document.add_table(rows=0, cols=4)
    for row in TRIAL.section2:
        if row.key in HEADERS:
            block, columns = HEADERS[row.key]
            table.add_row().cells[0].text = block
            head = table.add_row().cells
            for index, text in enumerate(("信息内容", *columns)):
                head[index].text = text
        cells = table.add_row().cells
        cells[0].text = _label(row)
        for index, text in enumerate(_cells(v, row.key), start=1):
            cells[index].text = text
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    table = document.add_table(rows=1, cols=9)
    for index, name in enumerate(APPLICANT_COLUMNS, start=2):
        table.rows[0].cells[index].text = name
    for row in TRIAL.section3:
        cells = table.add_row().cells
        cells[0].text = GROUPS.get(row.key, "")
        cells[1].text = _label(row)
        for index, value in enumerate(v["三"][row.key], start=2):
            cells[index].text = str(value)
    section4_docx(document, v)
    document.save(path)
