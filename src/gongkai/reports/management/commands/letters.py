from pathlib import Path

from django.utils import timezone

from gongkai.assessment.selectors import get_run
from gongkai.commands import GongkaiCommand, parse_day
from gongkai.reports.bulletin_services import write_letters


class Command(GongkaiCommand):
    help = "工作提醒函与整改台账：gongkai letters --run ID -o DIR [--date YYYY-MM-DD]"

    def add_arguments(self, parser):
        parser.add_argument("--run", type=int, required=True)
        parser.add_argument("-o", "--output", type=Path, required=True, help="输出文件夹")
        parser.add_argument("--date", help="发函日期，默认今天")

    def handle(self, *args, **options):
        run = get_run(options["run"])
        dated = parse_day(options["date"], "--date") if options["date"] else timezone.localdate()
        paths = write_letters(run, dated=dated, directory=options["output"])
        letters = len(paths) - 1
        self.stdout.write(
            f"考核批次 #{run.pk}：工作提醒函 {letters} 份，整改台账 1 份，写入 {options['output']}"
        )
