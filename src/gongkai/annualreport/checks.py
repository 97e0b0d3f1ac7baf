"""Checks of a parsed annual report (pure): the format's identities, and the text against the tables."""

import re
from dataclasses import dataclass
from decimal import Decimal

from gongkai.annualreport import claims
from gongkai.annualreport.parser import ParsedReport
from gongkai.national_format import (
    APPLICANT_COLUMNS,
    CURRENT,
    REVIEW_BLOCKS,
    REVIEW_COLUMNS,
    TRIAL,
    Edition,
)


@dataclass(frozen=True)
class ReportFinding:
    rule: str
    message: str
    cells: tuple[str, ...] = ()
    text: str = ""
    severity: str = "error"  # error | warning


def _cell(key: str, column: int, edition: Edition) -> str:
    return f"三/{edition.labels[key]}/{APPLICANT_COLUMNS[column]}"


def check(report: ParsedReport, previous: ParsedReport | None = None) -> list[ReportFinding]:
    findings = [
        ReportFinding(i.rule, i.message, i.cells, severity=i.severity) for i in report.issues
    ]
    findings += _non_negative(report)
    findings += _section2(report)
    findings += _section3(report.section3, report.edition)
    findings += _section4(report.section4)
    findings += _text_against_tables(report)
    findings += _claims(report)
    if previous is not None:
        findings += _across_years(report, previous)
    return findings


def _non_negative(report: ParsedReport) -> list[ReportFinding]:
    found = []
    edition = report.edition
    for section, rows in (("二", report.section2), ("三", report.section3)):
        for key, values in rows.items():
            spec = edition.row(key)
            for column, value in enumerate(values):
                if not spec.accepts(column, value):
                    found.append(
                        ReportFinding(
                            "non_negative_integer",
                            f"{section}「{spec.label}」的数值 {value} 应为{spec.kind(column)}",
                            (f"{section}/{spec.label}",),
                        )
                    )
    return found


def _section2(report: ParsedReport) -> list[ReportFinding]:
    """Trial format: what was published this year cannot exceed what is published in total."""
    if report.edition is not TRIAL:
        return []
    found = []
    for key in ("rules", "normative"):
        if key in report.section2:
            _made, published, in_total = report.section2[key]
            if published > in_total:
                label = TRIAL.labels[key]
                found.append(
                    ReportFinding(
                        "二.对外公开总数量",
                        f"二「{label}」：本年新公开数量 {published} 大于对外公开总数量 {in_total}",
                        (f"二/{label}",),
                    )
                )
    return found


def _section3(rows: dict[str, list[Decimal]], edition: Edition) -> list[ReportFinding]:
    found = []
    labels = edition.labels
    for key, values in rows.items():
        if sum(values[:6]) != values[6]:
            found.append(
                ReportFinding(
                    "三.总计列",
                    f"三「{labels[key]}」：六类申请人之和 {sum(values[:6])} ≠ 总计 {values[6]}",
                    tuple(_cell(key, c, edition) for c in range(7)),
                )
            )
    for column in range(7):
        if all(k in rows for k in ("new", "carried_in", "total", "carried_out")):
            left = rows["new"][column] + rows["carried_in"][column]
            right = rows["total"][column] + rows["carried_out"][column]
            if left != right:
                found.append(
                    ReportFinding(
                        "三.一+二=三+四",
                        f"三「{APPLICANT_COLUMNS[column]}」列：本年新收 + 上年结转 = {left}，办理结果总计 + 结转下年度 = {right}",
                        tuple(
                            _cell(k, column, edition)
                            for k in ("new", "carried_in", "total", "carried_out")
                        ),
                    )
                )
        if all(k in rows for k in (*edition.result_leaves, "total")):
            leaves = sum(rows[k][column] for k in edition.result_leaves)
            if leaves != rows["total"][column]:
                found.append(
                    ReportFinding(
                        "三.（七）总计",
                        f"三「{APPLICANT_COLUMNS[column]}」列：（一）至（六）各项之和 {leaves} ≠ （七）总计 {rows['total'][column]}",
                        (_cell("total", column, edition),),
                    )
                )
    return found


def _section4(values: list[Decimal] | None) -> list[ReportFinding]:
    if values is None:
        return []
    found = []
    for block, name in enumerate(REVIEW_BLOCKS):
        cells = values[block * 5 : block * 5 + 5]
        if sum(cells[:4]) != cells[4]:
            found.append(
                ReportFinding(
                    "四.总计",
                    f"四「{name}」：维持、纠正、其他、尚未审结之和 {sum(cells[:4])} ≠ 总计 {cells[4]}",
                    tuple(f"四/{name}/{c}" for c in REVIEW_COLUMNS),
                )
            )
        for value in cells:
            if value < 0 or value != value.to_integral_value():
                found.append(
                    ReportFinding(
                        "non_negative_integer",
                        f"四「{name}」的数值 {value} 应为非负整数",
                        (f"四/{name}",),
                    )
                )
    return found


# Narrative statements and the cell each must equal: (rule, pattern, section, key, column, what);
# a section 二 figure is in the column the edition says (None here).
NARRATIVE = (
    (
        "text.规范性文件",
        r"(?:出台|制发|印发)(?:行政)?规范性文件\s*(\d+)\s*件",
        "二",
        "normative",
        None,
        "本年制发行政规范性文件",
    ),
    ("text.规章", r"(?:出台|制发|制定)规章\s*(\d+)\s*件", "二", "rules", None, "本年制发规章"),
    (
        "text.新收申请",
        r"收到(?:政府信息公开申请|依申请公开(?:申请)?)\s*(\d+)\s*件",
        "三",
        "new",
        6,
        "本年新收申请",
    ),
    (
        "text.行政许可",
        r"行政许可(?:决定)?\s*(\d+)\s*件",
        "二",
        "licensing",
        None,
        "行政许可处理决定",
    ),
    (
        "text.行政处罚",
        r"行政处罚(?:决定)?\s*(\d+)\s*件",
        "二",
        "penalty",
        None,
        "行政处罚处理决定",
    ),
)


def _text_against_tables(report: ParsedReport) -> list[ReportFinding]:
    narrative = "".join(
        text for numeral, text in report.sections.items() if numeral in ("一", "五", "六")
    )
    found = []
    edition = report.edition
    for rule, pattern, section, key, column, what in NARRATIVE:
        table = report.section2 if section == "二" else report.section3
        if key not in table:
            continue
        if column is None:
            column = edition.narrative_columns[key]
            if edition is not CURRENT:
                what = f"「{edition.labels[key]}」{edition.row(key).columns[column]}"
        cell = table[key][column]
        for match in re.finditer(pattern, narrative):
            stated = Decimal(match.group(1))
            if stated != cell:
                found.append(
                    ReportFinding(
                        rule,
                        f"正文称{what} {stated} 件，{section}表格为 {cell} 件",
                        (f"{section}/{edition.labels[key]}",),
                        text=match.group(0),
                    )
                )
    if report.section4 is not None and re.search(r"无[^。；]{0,20}行政复议", narrative):
        reviews = report.section4[4] + report.section4[9] + report.section4[14]
        if reviews:
            found.append(
                ReportFinding(
                    "text.复议诉讼",
                    f"正文称无行政复议、行政诉讼，第四部分总计为 {reviews}",
                    ("四",),
                )
            )
    return found


def _claims(report: ParsedReport) -> list[ReportFinding]:
    """The narrative's other claims and its structure (see claims.py)."""
    narrative = "\n".join(
        report.sections.get(numeral, "").split("\n", 1)[-1] for numeral in ("一", "五", "六")
    )
    section2 = report.section2 if report.edition is CURRENT else {}  # 废止/现行有效 columns
    found = claims.table_claims(narrative, section2, report.section3, report.section4)
    found += claims.structure(narrative)
    return [ReportFinding(c.rule, c.message, text=c.text, severity=c.severity) for c in found]


def _across_years(report: ParsedReport, previous: ParsedReport) -> list[ReportFinding]:
    found = []
    carried_in, carried_out = (
        report.section3.get("carried_in"),
        previous.section3.get("carried_out"),
    )
    if carried_in is not None and carried_out is not None and carried_in != carried_out:
        found.append(
            ReportFinding(
                "跨年.结转",
                f"本年「上年结转」{_list(carried_in)} ≠ 上年「结转下年度」{_list(carried_out)}",
                ("三/上年结转",),
            )
        )
    if report.edition is TRIAL and previous.edition is TRIAL:
        return found + _item_chain(report, previous)
    if report.edition is not CURRENT or previous.edition is not CURRENT:
        return found  # 对外公开总数量 (trial) and 现行有效件数 (2021) do not count the same thing
    for key in ("rules", "normative"):
        if key in report.section2 and key in previous.section2:
            issued, repealed, in_force = report.section2[key]
            expected = previous.section2[key][2] + issued - repealed
            if in_force != expected:
                found.append(
                    ReportFinding(
                        "跨年.现行有效",
                        f"「{CURRENT.labels[key]}」现行有效 {in_force}，上年现行有效 + 本年制发 − 本年废止 = {expected}",
                        (f"二/{CURRENT.labels[key]}",),
                        severity="warning",
                    )
                )
    return found


def _item_chain(report: ParsedReport, previous: ParsedReport) -> list[ReportFinding]:
    """Trial format: this year's 上一年项目数量 = last year's 上一年项目数量 + 本年增/减 (a warning)."""
    found = []
    for spec in TRIAL.section2:
        if spec.signed and spec.key in report.section2 and spec.key in previous.section2:
            last_count, change = previous.section2[spec.key][:2]
            stated = report.section2[spec.key][0]
            if stated != last_count + change:
                found.append(
                    ReportFinding(
                        "跨年.项目数量",
                        f"「{spec.label}」上一年项目数量 {stated}，上年报告的上一年项目数量 + 本年增/减 = {last_count + change}",
                        (f"二/{spec.label}",),
                        severity="warning",
                    )
                )
    return found


def _list(values) -> str:
    return "、".join(str(v) for v in values)
