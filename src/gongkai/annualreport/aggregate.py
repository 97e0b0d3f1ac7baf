"""Batch work over many reports (pure): a summary row per report, and county totals."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.annualreport.checks import ReportFinding
from gongkai.annualreport.format import (
    APPLICANT_COLUMNS,
    REVIEW_BLOCKS,
    REVIEW_COLUMNS,
    SECTION_2_COLUMNS,
    SECTION_2_ROWS,
    SECTION_3_ROWS,
)
from gongkai.annualreport.parser import ParsedReport
from gongkai.exports.tables import DocumentTable


@dataclass
class Totals:
    section2: dict[str, list[Decimal]] = field(default_factory=dict)
    section3: dict[str, list[Decimal]] = field(default_factory=dict)
    section4: list[Decimal] = field(default_factory=lambda: [Decimal(0)] * 15)
    included: list[ParsedReport] = field(default_factory=list)
    excluded: list[ParsedReport] = field(default_factory=list)


def _add(target: dict[str, list[Decimal]], source: dict[str, list[Decimal]]) -> None:
    for key, values in source.items():
        current = target.setdefault(key, [Decimal(0)] * len(values))
        target[key] = [a + b for a, b in zip(current, values, strict=True)]


def aggregate(reports: Sequence[ParsedReport]) -> Totals:
    """Sum the tables of complete reports; an incomplete one is listed, never counted as zeros."""
    totals = Totals()
    for report in reports:
        if not report.complete:
            totals.excluded.append(report)
            continue
        totals.included.append(report)
        _add(totals.section2, report.section2)
        _add(totals.section3, report.section3)
        totals.section4 = [a + b for a, b in zip(totals.section4, report.section4, strict=True)]
    return totals


def _text(value: Decimal) -> str:
    return f"{value.normalize():f}"


def totals_tables(totals: Totals, title: str) -> list[DocumentTable]:
    section3 = DocumentTable(
        title=f"{title}：收到和处理政府信息公开申请情况（{len(totals.included)}份报告合计）",
        headers=["项目", *APPLICANT_COLUMNS],
        rows=[
            [row.label, *map(_text, totals.section3[row.key])]
            for row in SECTION_3_ROWS
            if row.key in totals.section3
        ],
        widths=[40, 8, 10, 10, 12, 12, 8, 8],
        attachment="三",
    )
    section2_rows = []
    for row in SECTION_2_ROWS:
        if row.key in totals.section2:
            values = list(map(_text, totals.section2[row.key]))
            section2_rows.append([row.label, *(values + [""] * (3 - len(values)))])
    section2 = DocumentTable(
        title=f"{title}：主动公开政府信息情况",
        headers=["信息内容", *SECTION_2_COLUMNS["rules"]],
        rows=section2_rows,
        notes=[
            "行政许可、行政处罚、行政强制为本年处理决定数量；行政事业性收费为本年收费金额（万元）"
        ],
        widths=[24, 14, 14, 14],
        attachment="二",
    )
    section4 = DocumentTable(
        title=f"{title}：政府信息公开行政复议、行政诉讼情况",
        headers=["类别", *REVIEW_COLUMNS],
        rows=[
            [name, *map(_text, totals.section4[i * 5 : i * 5 + 5])]
            for i, name in enumerate(REVIEW_BLOCKS)
        ],
        widths=[28, 10, 10, 10, 10, 10],
        attachment="四",
    )
    sources = DocumentTable(
        title="纳入与未纳入汇总的报告",
        headers=["文件", "单位", "年度", "是否纳入", "说明"],
        rows=[[r.source, r.unit or "", str(r.year or ""), "纳入", ""] for r in totals.included]
        + [
            [
                r.source,
                r.unit or "",
                str(r.year or ""),
                "未纳入",
                "；".join(i.message for i in r.issues)[:300],
            ]
            for r in totals.excluded
        ],
        widths=[30, 24, 8, 10, 60],
        attachment="报告清单",
    )
    return [section3, section2, section4, sources]


def summary_table(results: Sequence[tuple[ParsedReport, list[ReportFinding]]]) -> DocumentTable:
    """One row per report: unit, year, parse status, findings."""
    rows = []
    for report, findings in results:
        errors = sum(1 for f in findings if f.severity == "error")
        rows.append(
            [
                report.source,
                report.unit or "",
                str(report.year or ""),
                "完整" if report.complete else "不完整",
                str(errors),
                str(len(findings) - errors),
                "\n".join(f"{f.rule}：{f.message}" for f in findings),
            ]
        )
    return DocumentTable(
        title="政府信息公开工作年度报告检查汇总",
        headers=["文件", "单位", "年度", "表格读取", "错误", "警告", "问题"],
        rows=rows,
        widths=[30, 24, 8, 10, 8, 8, 80],
    )
