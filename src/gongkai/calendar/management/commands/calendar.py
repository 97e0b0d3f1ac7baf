from pathlib import Path

from gongkai.calendar.core import check_in_range, chinese_date, weekday_name
from gongkai.calendar.models import DayKind
from gongkai.calendar.selectors import work_calendar
from gongkai.calendar.services import import_schedule, set_day
from gongkai.commands import GongkaiCommand, parse_day
from gongkai.errors import UserError


class Command(GongkaiCommand):
    help = (
        "工作日历：workdays --from D --to D | add DATE N | set DATE holiday|workday | import FILE"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        count = sub.add_parser("workdays", help="统计期间内的工作日")
        count.add_argument("--from", dest="date_from", required=True)
        count.add_argument("--to", dest="date_to", required=True)
        add = sub.add_parser("add", help="DATE 之后第 N 个工作日（当日不计入）")
        add.add_argument("date")
        add.add_argument("count", type=int)
        set_ = sub.add_parser("set", help="把某一天设为休息或上班")
        set_.add_argument("date")
        set_.add_argument("kind", choices=[DayKind.HOLIDAY, DayKind.WORKDAY])
        set_.add_argument("--note", default="")
        imp = sub.add_parser("import", help="录入一年的放假安排（CSV：日期,类型(休/班),说明）")
        imp.add_argument("file", type=Path)
        imp.add_argument("--source", default="", help="依据，如 国办发明电〔2026〕X号")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "set":
            record = set_day(
                day=check_in_range(parse_day(options["date"], "DATE"), "DATE"),
                kind=options["kind"],
                note=options["note"],
            )
            self.stdout.write(f"已设置 {record.day}：{record.get_kind_display()}")
            return
        if action == "import":
            result = import_schedule(path=options["file"], source=options["source"])
            years = "、".join(str(y) for y in result.years)
            self.stdout.write(f"已录入 {years} 年放假安排：{result.days} 天")
            return
        calendar = work_calendar()
        if action == "add":
            if options["count"] <= 0:
                raise UserError("N 应为正整数")
            start = check_in_range(parse_day(options["date"], "DATE"), "DATE")
            due = calendar.add_workdays(start, options["count"])
            self.stdout.write(f"{due.isoformat()}\t{chinese_date(due)}（{weekday_name(due)}）")
            return
        start, end = (
            check_in_range(parse_day(options["date_from"], "--from"), "--from"),
            check_in_range(parse_day(options["date_to"], "--to"), "--to"),
        )
        if end < start:
            raise UserError("--to 早于 --from")
        self.stdout.write(f"{start} 至 {end}：{calendar.workdays_in(start, end)} 个工作日")
        for special in calendar.special_days_between(start.fromordinal(start.toordinal() - 1), end):
            kind = "休息" if special.kind == "holiday" else "调休上班"
            self.stdout.write(
                f"  {special.day}（{weekday_name(special.day)}）{kind} {special.name}"
            )
