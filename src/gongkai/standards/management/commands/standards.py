from pathlib import Path

from gongkai.commands import GongkaiCommand
from gongkai.standards.models import UpdateStandard
from gongkai.standards.services import load_bundled_standards, load_standard


class Command(GongkaiCommand):
    help = "更新标准：gongkai standards load [FILE]（不带文件则载入内置标准）| list"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load")
        load.add_argument("file", type=Path, nargs="?")
        sub.add_parser("list")

    def handle(self, *args, **options):
        if options["action"] == "load":
            records = (
                [load_standard(path=options["file"])]
                if options["file"]
                else load_bundled_standards()
            )
            for record in records:
                self.stdout.write(f"已载入更新标准 {record.name}（{record.title}）")
            return
        for record in UpdateStandard.objects.all():
            self.stdout.write(f"{record.name}\t{record.year}\t{record.applies_to}\t{record.title}")
