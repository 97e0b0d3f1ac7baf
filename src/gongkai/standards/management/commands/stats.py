import json
import sys
from datetime import date
from pathlib import Path

from gongkai.commands import GongkaiCommand
from gongkai.errors import UserError
from gongkai.exports import docx as docx_writer
from gongkai.exports import xlsx as xlsx_writer
from gongkai.periods import Period
from gongkai.standards.presenters import csv_text, document_table, text_table
from gongkai.standards.selectors import statistics_rows_json
from gongkai.standards.services import compute_statistics

FORMATS = ("table", "json", "csv", "xlsx", "docx")


def period_from_options(options) -> tuple[Period, str]:
    year, quarter, month = options["year"], options["quarter"], options["month"]
    start, end = options["date_from"], options["date_to"]
    chosen = [
        name
        for name, value in (("--quarter", quarter), ("--month", month), ("--from", start))
        if value
    ]
    if len(chosen) > 1:
        raise UserError(f"{' 与 '.join(chosen)} 只能选一个")
    try:
        if start or end:
            if not (start and end):
                raise UserError("--from 与 --to 需同时给出")
            return Period.between(_date(start, "--from"), _date(end, "--to")), "range"
        if year is None:
            raise UserError("需要 --year（或 --from/--to）")
        if quarter:
            return Period.quarter(year, quarter), "quarter"
        if month:
            return Period.month(year, month), "month"
        return Period.year(year), "year"
    except ValueError as exc:
        raise UserError(str(exc)) from exc


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{option} {text}：日期应写成 YYYY-MM-DD") from None


class Command(GongkaiCommand):
    help = "网站信息公开统计表：gongkai stats --year Y [--quarter Q | --month M | --from D --to D]"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int)
        parser.add_argument("--quarter", type=int, choices=[1, 2, 3, 4])
        parser.add_argument("--month", type=int)
        parser.add_argument("--from", dest="date_from")
        parser.add_argument("--to", dest="date_to")
        parser.add_argument("--standard", help="更新标准名称（默认按年度与期间类型选择）")
        parser.add_argument("--group", help="单位分组，如 乡镇、部门（默认全部）")
        parser.add_argument("--format", choices=FORMATS, default="table")
        parser.add_argument("-o", "--output", type=Path, help="输出文件（xlsx/docx 必需）")
        parser.add_argument("--no-findings", action="store_true", help="不记录问题（Findings）")

    def handle(self, *args, **options):
        period, kind = period_from_options(options)
        result = compute_statistics(
            period=period,
            period_kind=kind,
            standard_name=options["standard"],
            group=options["group"],
            record_findings=not options["no_findings"],
        )
        fmt, output = options["format"], options["output"]
        if fmt in {"xlsx", "docx"} and output is None:
            raise UserError(f"--format {fmt} 需要 -o 指定输出文件")
        tables = [
            document_table(t.rows, result.standard, period, t.group, attachment=f"附件{i}")
            for i, t in enumerate(result.tables, start=1)
        ]
        if fmt == "json":
            rows = statistics_rows_json(result)
            self._emit(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", output)
        elif fmt == "csv":
            self._emit(csv_text(tables), output, encoding="utf-8-sig")
        elif fmt == "table":
            self._emit(text_table(tables), output)
        elif fmt == "xlsx":
            xlsx_writer.write_tables(output, tables)
            self.stdout.write(f"已写入 {output}")
        else:
            docx_writer.write_tables(output, tables)
            self.stdout.write(f"已写入 {output}")

    def _emit(self, text: str, output: Path | None, encoding: str = "utf-8") -> None:
        if output is None:
            sys.stdout.write(text)
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding=encoding)
        self.stdout.write(f"已写入 {output}")
