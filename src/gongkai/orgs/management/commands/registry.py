from pathlib import Path

from gongkai.commands import GongkaiCommand
from gongkai.orgs.services import load_registry


class Command(GongkaiCommand):
    help = "单位登记：gongkai registry load FILE（YAML）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="载入或更新一个登记文件")
        load.add_argument("file", type=Path)

    def handle(self, *args, **options):
        result = load_registry(path=options["file"])
        self.stdout.write(
            f"已载入 {result.region}：{result.groups} 个分组，{result.units} 个单位，"
            f"{result.columns} 个栏目，{result.aliases} 个别名"
        )
        for moved in result.moved_aliases:
            self.stdout.write(f"注意：别名改属其他单位（已记入修改记录）：{moved}")
