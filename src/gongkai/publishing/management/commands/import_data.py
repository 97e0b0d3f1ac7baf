from pathlib import Path

from gongkai.commands import GongkaiCommand
from gongkai.publishing.services import import_publications


class Command(GongkaiCommand):
    help = "导入数据：gongkai import publications FILE [--sheet S] [--strict] [--dry-run] [--rejects PATH]"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="kind", required=True)
        publications = sub.add_parser("publications", help="导入网站信息（CSV 或 XLSX）")
        publications.add_argument("file", type=Path)
        publications.add_argument("--sheet", help="XLSX 工作表名称（默认第一个）")
        publications.add_argument("--strict", action="store_true", help="有任何问题行则不写入")
        publications.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        publications.add_argument("--rejects", type=Path, help="问题行报告路径（.csv 或 .xlsx）")

    def handle(self, *args, **options):
        result = import_publications(
            path=options["file"],
            sheet=options["sheet"],
            strict=options["strict"],
            dry_run=options["dry_run"],
            rejects_path=options["rejects"],
        )
        self.stdout.write(result.summary())
        for problem in result.problems[:10]:
            value = f"「{problem.value}」" if problem.value else ""
            self.stderr.write(
                f"  第 {problem.row} 行 {problem.field_label}{value}：{problem.reason}"
            )
        if result.rejected > 10:
            self.stderr.write(f"  ……共 {result.rejected} 行有问题")
        if result.rejects_path:
            self.stdout.write(f"问题行报告：{result.rejects_path}")
        if result.strict and result.rejected:
            raise SystemExit(2)
