"""Batch work over many reports (pure): a summary row per report, and county totals."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.annualreport.checks import ReportFinding
from gongkai.annualreport.parser import ParsedReport
from gongkai.exports.tables import DocumentTable
from gongkai.national_format import (
    APPLICANT_COLUMNS,
    CURRENT,
    REVIEW_BLOCKS,
    REVIEW_COLUMNS,
    SECTION_2_COLUMNS,
    Edition,
)


@dataclass
class Totals:
    section2: dict[str, list[Decimal]] = field(default_factory=dict)
    section3: dict[str, list[Decimal]] = field(default_factory=dict)
    section4: list[Decimal] = field(default_factory=lambda: [Decimal(0)] * 15)
    included: list[ParsedReport] = field(default_factory=list)
    excluded: list[ParsedReport] = field(default_factory=list)
    edition: Edition = CURRENT

    def reason(self, report: ParsedReport) -> str:
        """Why a report was left out of the totals."""
        if report.complete and report.edition is not self.edition:
            return f"格式为{report.edition.title}，与汇总所用的{self.edition.title}不同，不能相加"
        return "；".join(i.message for i in report.issues)[:300]


def _add(target: dict[str, list[Decimal]], source: dict[str, list[Decimal]]) -> None:
    for key, values in source.items():
        current = target.setdefault(key, [Decimal(0)] * len(values))
        target[key] = [a + b for a, b in zip(current, values, strict=True)]


def aggregate(reports: Sequence[ParsedReport]) -> Totals:
    """Sum the tables of complete reports; an incomplete one is listed, never counted as zeros.

    Only reports of one edition add up (the trial format's rows and columns differ): the edition of
    the most complete reports, the current one on a tie; the others are listed with the reason.
    """
    complete = [r for r in reports if r.complete]
    editions = [r.edition for r in complete] or [CURRENT]
    totals = Totals(edition=max(dict.fromkeys([CURRENT, *editions]), key=editions.count))
    for report in reports:
        if not report.complete or report.edition is not totals.edition:
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
            for row in totals.edition.section3
            if row.key in totals.section3
        ],
        widths=[40, 8, 10, 10, 12, 12, 8, 8],
        attachment="三",
    )
    section2 = _section2_table(totals, title)
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
                totals.reason(r),
            ]
            for r in totals.excluded
        ],
        widths=[30, 24, 8, 10, 60],
        attachment="报告清单",
    )
    return [section3, section2, section4, sources]


def _section2_table(totals: Totals, title: str) -> DocumentTable:
    """The current format's 二 as printed; the trial format's one line per row and column."""
    if totals.edition is CURRENT:
        rows = []
        for row in CURRENT.section2:
            if row.key in totals.section2:
                values = list(map(_text, totals.section2[row.key]))
                rows.append([row.label, *(values + [""] * (3 - len(values)))])
        return DocumentTable(
            title=f"{title}：主动公开政府信息情况",
            headers=["信息内容", *SECTION_2_COLUMNS["rules"]],
            rows=rows,
            notes=[
                "行政许可、行政处罚、行政强制为本年处理决定数量；行政事业性收费为本年收费金额（万元）"
            ],
            widths=[24, 14, 14, 14],
            attachment="二",
        )
    return DocumentTable(
        title=f"{title}：主动公开政府信息情况（{totals.edition.title}）",
        headers=["信息内容", "项目", "合计"],
        rows=[
            [row.label, column, _text(value)]
            for row in totals.edition.section2
            if row.key in totals.section2
            for column, value in zip(row.columns, totals.section2[row.key], strict=True)
        ],
        widths=[24, 18, 14],
        attachment="二",
    )


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
                report.edition.title,
                str(errors),
                str(len(findings) - errors),
                "\n".join(f"{f.rule}：{f.message}" for f in findings),
            ]
        )
    return DocumentTable(
        title="政府信息公开工作年度报告检查汇总",
        headers=["文件", "单位", "年度", "表格读取", "格式", "错误", "警告", "问题"],
        rows=rows,
        widths=[30, 24, 8, 10, 24, 8, 8, 80],
    )
