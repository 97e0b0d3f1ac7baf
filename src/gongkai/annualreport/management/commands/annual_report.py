import json
from pathlib import Path

from gongkai.annualreport.checks import check
from gongkai.annualreport.extract import read_report_text
from gongkai.annualreport.format import APPLICANT_COLUMNS, SECTION_2_ROWS, SECTION_3_ROWS
from gongkai.annualreport.parser import parse_text
from gongkai.commands import GongkaiCommand


def _number(value) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def report_json(report, findings) -> dict:
    return {
        "source": report.source,
        "unit": report.unit,
        "year": report.year,
        "complete": report.complete,
        "sections": sorted(report.sections, key="一二三四五六".index),
        "tables": {
            "二": {
                row.key: [_number(v) for v in report.section2[row.key]]
                for row in SECTION_2_ROWS
                if row.key in report.section2
            },
            "三": {
                "columns": list(APPLICANT_COLUMNS),
                "rows": {
                    row.key: [_number(v) for v in report.section3[row.key]]
                    for row in SECTION_3_ROWS
                    if row.key in report.section3
                },
            },
            "四": [_number(v) for v in report.section4] if report.section4 is not None else None,
        },
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity,
                "message": f.message,
                "cells": list(f.cells),
                "text": f.text,
            }
            for f in findings
        ],
    }


class Command(GongkaiCommand):
    help = "年度报告：gongkai annual-report check FILE... [--previous FILE] [--json]"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check_ = sub.add_parser("check", help="读取并检查年度报告（.txt、.html、.docx）")
        check_.add_argument("files", type=Path, nargs="+")
        check_.add_argument("--previous", type=Path, help="上一年度的报告，用于跨年核对")
        check_.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        previous = None
        if options["previous"]:
            previous = parse_text(read_report_text(options["previous"]), options["previous"].name)
        results = []
        for path in options["files"]:
            report = parse_text(read_report_text(path), path.name)
            results.append((report, check(report, previous)))
        if options["json"]:
            payload = {"reports": [report_json(r, f) for r, f in results]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for report, findings in results:
            title = f"{report.unit or '（未识别单位）'} {report.year or ''}年度报告".strip()
            state = "表格完整" if report.complete else "表格不完整"
            self.stdout.write(f"{report.source}：{title}，{state}，发现 {len(findings)} 个问题")
            for finding in findings:
                where = f"（{'；'.join(finding.cells)}）" if finding.cells else ""
                quoted = f"「{finding.text}」" if finding.text else ""
                level = "警告" if finding.severity == "warning" else "错误"
                self.stdout.write(f"  [{level}] {finding.rule}：{finding.message}{quoted}{where}")
