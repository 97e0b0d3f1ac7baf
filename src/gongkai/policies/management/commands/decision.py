import json
from pathlib import Path

from django.utils import timezone

from gongkai.calendar.selectors import work_calendar
from gongkai.commands import GongkaiCommand, parse_day
from gongkai.orgs.models import Unit
from gongkai.policies.checks import check_decisions
from gongkai.policies.importer import import_decisions
from gongkai.policies.management.commands.policy import report_import
from gongkai.policies.selectors import decisions_of_year, rule_set
from gongkai.policies.services import record_decision_findings


class Command(GongkaiCommand):
    help = (
        "决策预公开：import FILE [--strict] [--rejects X.csv] | check --year Y [--today D] [--json]"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="导入重大行政决策事项目录或征求意见表（按表头识别）")
        imp.add_argument("file", type=Path)
        imp.add_argument("--strict", action="store_true")
        imp.add_argument("--rejects", type=Path)
        check = sub.add_parser("check", help="检查某年度的决策预公开")
        check.add_argument("--year", type=int, required=True)
        check.add_argument("--today")
        check.add_argument("--json", action="store_true")
        check.add_argument("--no-findings", action="store_true")

    def handle(self, *args, **options):
        if options["action"] == "import":
            result = import_decisions(path=options["file"], strict=options["strict"])
            report_import(self, result, options["rejects"])
            return
        year = options["year"]
        today = parse_day(options["today"], "--today") if options["today"] else timezone.localdate()
        calendar = work_calendar()
        decisions, consultations = decisions_of_year(year)
        problems = check_decisions(decisions, consultations, rule_set(year), calendar, today)
        if not options["no_findings"]:
            record_decision_findings(year=year, calendar=calendar, today=today)
        names = dict(Unit.objects.values_list("id", "name"))
        if options["json"]:
            payload = {
                "decisions": len(decisions),
                "consultations": len(consultations),
                "findings": [
                    {"kind": p.kind, "unit": names.get(p.unit_id, ""), "message": p.message}
                    for p in problems
                ],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        for p in problems:
            self.stdout.write(f"{names.get(p.unit_id, '')}\t{p.message}")
        self.stdout.write(
            f"{year} 年重大行政决策事项 {len(decisions)} 项，征求意见 {len(consultations)} 次，"
            f"发现问题 {len(problems)} 个"
        )
