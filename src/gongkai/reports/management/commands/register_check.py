"""A published annual report's section 二 and text checked against the policy register."""

import json
import re
from decimal import Decimal
from pathlib import Path

from gongkai.adapters.documents import read_document_text
from gongkai.annualreport.checks import NARRATIVE
from gongkai.annualreport.parser import parse_text
from gongkai.commands import GongkaiCommand
from gongkai.errors import UserError
from gongkai.orgs.selectors import unit_name_index
from gongkai.policies.selectors import register_differences, register_row_keys


def statements(report) -> list[tuple[str, Decimal, str]]:
    """(row key, number, quoted text) for what the report's text says was issued this year."""
    narrative = "".join(report.sections.get(n, "") for n in ("一", "五", "六"))
    found = []
    for _rule, pattern, section, key, _column, _what in NARRATIVE:
        if section == "二" and key in register_row_keys():
            found.extend(
                (key, Decimal(m.group(1)), m.group(0)) for m in re.finditer(pattern, narrative)
            )
    return found


class Command(GongkaiCommand):
    help = "已发布年度报告的第二部分与政策文件登记簿核对：register_check FILE --unit U --year Y [--json]"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--unit", required=True)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        unit_id = unit_name_index().find(options["unit"])
        if unit_id is None:
            raise UserError(f"单位「{options['unit']}」未登记")
        path: Path = options["file"]
        report = parse_text(read_document_text(path), path.name)
        if report.edition.key != "2021":
            raise UserError(
                f"{path.name}: 只能核对 2021 年格式的报告（本报告为{report.edition.title}）"
            )
        problems = register_differences(
            unit_id=unit_id,
            year=options["year"],
            table=report.section2,
            statements=statements(report),
        )
        if options["json"]:
            self.stdout.write(json.dumps({"problems": problems}, ensure_ascii=False, indent=2))
            return
        for problem in problems:
            self.stdout.write(problem)
        self.stdout.write(f"{path.name}：与登记簿核对，发现 {len(problems)} 处不一致")
