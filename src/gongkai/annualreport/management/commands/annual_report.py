import json
from pathlib import Path

from gongkai.adapters.documents import read_document_text as read_report_text
from gongkai.annualreport.aggregate import aggregate, summary_table, totals_tables
from gongkai.annualreport.checks import check
from gongkai.annualreport.parser import parse_text
from gongkai.commands import GongkaiCommand
from gongkai.errors import UserError
from gongkai.exports import xlsx
from gongkai.national_format import APPLICANT_COLUMNS

REPORT_SUFFIXES = {".txt", ".html", ".htm", ".docx", ".pdf"}


def read_url_list(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UserError(f"{path}: 无法读取网址清单（{exc.strerror}）") from exc
    urls = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    for number, url in enumerate(urls, start=1):
        if not url.startswith(("http://", "https://")):
            raise UserError(f"{path} 第 {number} 个网址「{url}」应以 http:// 或 https:// 开头")
    return urls


def fetch_report_text(url: str, timeout: float = 20.0) -> str:
    """The page (HTML, or a PDF/.docx it links to directly) as the reader's text."""
    import tempfile
    import urllib.error
    import urllib.request

    suffix = Path(url.split("?", 1)[0]).suffix.lower()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (http/https only)
            body = response.read()
            kind = response.headers.get_content_type()
    except (urllib.error.URLError, TimeoutError, ValueError) as exc:
        raise UserError(f"{url}: 无法下载（{getattr(exc, 'reason', exc)}）") from exc
    if kind == "application/pdf":
        suffix = ".pdf"
    elif suffix not in (".pdf", ".docx", ".txt"):
        suffix = ".html"
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / f"report{suffix}"
        path.write_bytes(body)
        return read_report_text(path)


def _number(value) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def report_json(report, findings) -> dict:
    return {
        "source": report.source,
        "unit": report.unit,
        "year": report.year,
        "complete": report.complete,
        "edition": report.edition.key,
        "sections": sorted(report.sections, key="一二三四五六".index),
        "tables": {
            "二": {
                row.key: [_number(v) for v in report.section2[row.key]]
                for row in report.edition.section2
                if row.key in report.section2
            },
            "三": {
                "columns": list(APPLICANT_COLUMNS),
                "rows": {
                    row.key: [_number(v) for v in report.section3[row.key]]
                    for row in report.edition.section3
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
    help = "年度报告：check FILE... [--previous FILE] [--json] [--summary X.xlsx] | aggregate FILE... -o X.xlsx"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check_ = sub.add_parser(
            "check", help="读取并检查年度报告（.txt、.html、.docx、.pdf；可给文件夹）"
        )
        check_.add_argument("files", type=Path, nargs="*", help="报告文件或文件夹")
        check_.add_argument("--urls", type=Path, help="网址清单（每行一个网址），逐个下载后检查")
        check_.add_argument("--previous", type=Path, help="上一年度的报告，用于跨年核对")
        check_.add_argument("--json", action="store_true")
        check_.add_argument("--summary", type=Path, help="把检查结果汇总写入 .xlsx")
        agg = sub.add_parser("aggregate", help="把多份报告的表格相加（县级汇总）")
        agg.add_argument("files", type=Path, nargs="+")
        agg.add_argument("-o", "--output", type=Path, required=True, help="输出 .xlsx")
        agg.add_argument("--title", default="汇总")
        build = sub.add_parser("build", help="由本系统的记录生成年度报告（.docx 或 .html）")
        build.add_argument("--unit", required=True)
        build.add_argument("--year", type=int, required=True)
        build.add_argument("--section2", type=Path, help="第二部分填报（JSON），保存后用于生成")
        build.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args, **options):
        if options["action"] == "aggregate":
            self._aggregate(options)
            return
        if options["action"] == "build":
            self._build(options)
            return
        previous = None
        if options["previous"]:
            previous = parse_text(read_report_text(options["previous"]), options["previous"].name)
        results = []
        for name, text in self._inputs(options):
            report = parse_text(text, name)
            results.append((report, check(report, previous)))
        if options["summary"]:
            xlsx.write_tables(options["summary"], [summary_table(results)])
        if options["json"]:
            payload = {"reports": [report_json(r, f) for r, f in results]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for report, findings in results:
            title = f"{report.unit or '（未识别单位）'} {report.year or ''}年度报告".strip()
            state = ("表格完整" if report.complete else "表格不完整") + f"，{report.edition.title}"
            self.stdout.write(f"{report.source}：{title}，{state}，发现 {len(findings)} 个问题")
            for finding in findings:
                where = f"（{'；'.join(finding.cells)}）" if finding.cells else ""
                quoted = f"「{finding.text}」" if finding.text else ""
                level = "警告" if finding.severity == "warning" else "错误"
                self.stdout.write(f"  [{level}] {finding.rule}：{finding.message}{quoted}{where}")

    def _inputs(self, options):
        """(name, text) of every report given: files, the report files in folders, and URLs."""
        paths = []
        for path in options["files"]:
            if path.is_dir():
                found = sorted(p for p in path.iterdir() if p.suffix.lower() in REPORT_SUFFIXES)
                if not found:
                    kinds = "、".join(sorted(REPORT_SUFFIXES))
                    raise UserError(f"{path}：目录中没有可读取的年度报告（{kinds}）")
                paths += found
            else:
                paths.append(path)
        urls = read_url_list(options["urls"]) if options["urls"] else []
        if not paths and not urls:
            raise UserError("请给出报告文件、文件夹或 --urls 网址清单")
        for path in paths:
            yield path.name, read_report_text(path)
        for url in urls:
            yield url, fetch_report_text(url)

    def _aggregate(self, options) -> None:
        reports = [parse_text(read_report_text(path), path.name) for path in options["files"]]
        totals = aggregate(reports)
        xlsx.write_tables(options["output"], totals_tables(totals, options["title"]))
        self.stdout.write(
            f"已汇总 {len(totals.included)} 份报告，写入 {options['output']}"
            + (
                f"；{len(totals.excluded)} 份表格不完整或格式不同，未纳入（见“报告清单”）"
                if totals.excluded
                else ""
            )
        )

    def _build(self, options) -> None:
        from gongkai.annualreport.services import build_annual_report

        path = build_annual_report(
            unit_name=options["unit"],
            year=options["year"],
            section2_file=options["section2"],
            output=options["output"],
        )
        self.stdout.write(f"已写入 {path}")
