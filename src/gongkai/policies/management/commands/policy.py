import json
from pathlib import Path

from gongkai.calendar.selectors import work_calendar
from gongkai.commands import GongkaiCommand
from gongkai.orgs.models import Unit
from gongkai.policies.importer import (
    import_figures,
    import_register_or_interpretations,
    write_rejects,
)
from gongkai.policies.presenters import document_json, document_line
from gongkai.policies.selectors import checks_of_year
from gongkai.policies.services import import_crawled, record_interpretation_findings


def report_import(command, result, rejects: Path | None) -> None:
    command.stdout.write(result.summary())
    for p in result.problems[:20]:
        command.stderr.write(f"  第 {p.row} 行 {p.field}「{p.value}」：{p.reason}")
    if len(result.problems) > 20:
        command.stderr.write(f"  ……另有 {len(result.problems) - 20} 行，见问题行报告")
    if rejects is not None and result.problems:
        command.stdout.write(f"问题行报告：{write_rejects(result, rejects)}")


class Command(GongkaiCommand):
    help = (
        "政策文件与解读：import FILE [--strict] [--rejects X.csv] | import-figures FILE | "
        "check --year Y [--json] [--no-findings]"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name, text in (
            ("import", "导入规范性文件登记簿或政策解读表（按表头识别）"),
            ("import-figures", "导入行政许可、处罚、强制、收费年度数据"),
        ):
            imp = sub.add_parser(name, help=text)
            imp.add_argument("file", type=Path)
            imp.add_argument("--strict", action="store_true", help="有问题行时不写入任何数据")
            imp.add_argument("--rejects", type=Path, help="问题行报告（.csv）")
        crawl = sub.add_parser("import-crawl", help="把网站监测抓取到的政策文件与解读登记入册")
        crawl.add_argument("--year", type=int, help="只登记该年度发布的（默认全部）")
        check = sub.add_parser("check", help="检查某年度发布的政策文件及其解读")
        check.add_argument("--year", type=int, required=True)
        check.add_argument("--json", action="store_true")
        check.add_argument("--no-findings", action="store_true", help="只检查，不记为问题")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "import":
            result = import_register_or_interpretations(
                path=options["file"], strict=options["strict"]
            )
            report_import(self, result, options["rejects"])
            return
        if action == "import-figures":
            result = import_figures(path=options["file"], strict=options["strict"])
            report_import(self, result, options["rejects"])
            return
        if action == "import-crawl":
            self.stdout.write(import_crawled(year=options["year"]).summary())
            return
        calendar = work_calendar()
        year = options["year"]
        results = checks_of_year(year, calendar)
        if not options["no_findings"]:
            record_interpretation_findings(year=year, calendar=calendar)
        if options["json"]:
            names = dict(Unit.objects.values_list("id", "name"))
            payload = [document_json(row, result, names) for row, result in results]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for row, result in results:
            self.stdout.write(document_line(row, result))
        problems = sum(len(r.problems) for _, r in results)
        self.stdout.write(f"{year} 年政策文件 {len(results)} 件，发现问题 {problems} 个")
