import json
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, TypeAdapter, ValidationError

from gongkai.adapters.definitions import Day, Strict, Text, chinese_errors, read_json
from gongkai.calendar.core import CalendarGapError
from gongkai.calendar.selectors import work_calendar
from gongkai.commands import GongkaiCommand, parse_day
from gongkai.errors import UserError
from gongkai.foi.annual import APPLICANT_TYPES, OUTCOMES
from gongkai.foi.clock import (
    CHANNELS,
    EVENT_KINDS,
    Application,
    ClockRules,
    Event,
    compute_due,
    explain,
)
from gongkai.foi.importer import import_applications
from gongkai.foi.selectors import annual_tables
from gongkai.foi.services import (
    clock_rules,
    overdue_applications,
    record_overdue_findings,
)
from gongkai.orgs.selectors import unit_name_index

ROW_LABELS = {
    "new": "本年新收",
    "carried_in": "上年结转",
    **OUTCOMES,
    "total": "总计",
    "carried_out": "结转下年度",
}


class _EventModel(Strict):
    type: Literal[EVENT_KINDS]
    date: Day
    days: Annotated[int, Field(ge=0, le=366)] = 0
    note: Annotated[Text, StringConstraints(max_length=500)] = ""


_Events = TypeAdapter(list[_EventModel])


def read_events(path: Path) -> tuple[Event, ...]:
    """A JSON list of {"type", "date"[, "days", "note"]}, as documented in the README."""
    data = read_json(path, error=UserError)
    if not isinstance(data, list):
        raise UserError(f"{path}: 应为事件列表")
    try:
        events = _Events.validate_python(data)
    except ValidationError as exc:
        raise UserError(chinese_errors(exc, str(path))) from None
    return tuple(Event(e.type, e.date, e.days, e.note) for e in events)


class Command(GongkaiCommand):
    help = "依申请公开：due | import FILE | annual-table --unit U --year Y | overdue"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        due = sub.add_parser("due", help="答复期限及其计算过程")
        due.add_argument("--received", required=True, help="提交（或收到）日期")
        due.add_argument("--channel", default="当面", choices=list(CHANNELS))
        due.add_argument("--confirmed", help="平信、网络、传真：双方确认收到的日期")
        due.add_argument("--events", type=Path, help="事件 JSON 文件")
        due.add_argument("--today", help="计算剩余工作日的基准日（默认今天）")
        due.add_argument(
            "--fee-does-not-pause",
            action="store_true",
            help="收费通知不暂停期限（默认按 GONGKAI_FOI_FEE_PAUSES_CLOCK）",
        )
        due.add_argument("--json", action="store_true")
        imp = sub.add_parser("import", help="从表格导入申请（CSV/XLSX）")
        imp.add_argument("file", type=Path)
        imp.add_argument("--strict", action="store_true", help="有问题行则全部不写入")
        table = sub.add_parser("annual-table", help="年度报告第三、四部分")
        table.add_argument("--unit", required=True)
        table.add_argument("--year", type=int, required=True)
        table.add_argument("--json", action="store_true")
        overdue = sub.add_parser("overdue", help="逾期答复清单，并记为问题（Findings）")
        overdue.add_argument("--today")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "import":
            self._import(options)
        elif action == "annual-table":
            self._annual_table(options)
        elif action == "overdue":
            self._overdue(options)
        else:
            self._due(options)

    def _import(self, options) -> None:
        result = import_applications(
            path=options["file"], calendar=work_calendar(), strict=options["strict"]
        )
        self.stdout.write(
            f"{options['file'].name}：新增 {result.created} 件，已存在跳过 {result.duplicates} 件，问题行 {len(result.problems)} 行"
            + ("；严格模式：未写入任何数据" if not result.written else "")
        )
        for problem in result.problems[:20]:
            value = f"「{problem.value}」" if problem.value else ""
            self.stderr.write(f"  第 {problem.row} 行 {problem.field}{value}：{problem.reason}")
        if not result.written:
            raise SystemExit(2)

    def _annual_table(self, options) -> None:
        unit_id = unit_name_index().find(options["unit"])
        if unit_id is None:
            raise UserError(f"单位「{options['unit']}」未登记")
        table3, table4 = annual_tables(unit_id=unit_id, year=options["year"])
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "unit": options["unit"],
                        "year": options["year"],
                        "section3": {"columns": [*APPLICANT_TYPES, "总计"], "rows": table3},
                        "section4": table4,
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        self.stdout.write(f"{options['unit']} {options['year']}年 收到和处理政府信息公开申请情况")
        self.stdout.write("\t".join(["项目", *APPLICANT_TYPES, "总计"]))
        for key, values in table3.items():
            self.stdout.write("\t".join([ROW_LABELS.get(key, key), *map(str, values)]))
        self.stdout.write("行政复议、行政诉讼：" + " ".join(map(str, table4)))

    def _overdue(self, options) -> None:
        from django.utils import timezone

        today = parse_day(options["today"], "--today") if options["today"] else timezone.localdate()
        calendar = work_calendar()
        items = overdue_applications(calendar=calendar, today=today)
        recorded = record_overdue_findings(calendar=calendar, today=today)
        for item in items:
            replied = f"{item.result.replied_on} 答复" if item.result.replied_on else "未答复"
            self.stdout.write(
                f"{item.application.reference}\t{item.application.unit.name}\t期限 {item.result.due}\t{replied}"
            )
        self.stdout.write(f"逾期 {len(items)} 件，已记为问题 {recorded} 条")

    def _due(self, options) -> None:
        from django.utils import timezone

        app = Application(
            received=parse_day(options["received"], "--received"),
            channel=options["channel"],
            confirmed=parse_day(options["confirmed"], "--confirmed")
            if options["confirmed"]
            else None,
            events=read_events(options["events"]) if options["events"] else (),
        )
        today = parse_day(options["today"], "--today") if options["today"] else timezone.localdate()
        rules = clock_rules()
        if options["fee_does_not_pause"]:
            rules = ClockRules(fee_pauses_clock=False)
        calendar = work_calendar()
        result = compute_due(app, calendar, rules, today)
        if result.pending_year is not None:  # a calculator gives a date or says why it cannot
            raise CalendarGapError(result.pending_year)
        lines = explain(app, calendar, rules, today)
        if options["json"]:
            payload = {
                "due_date": result.due.isoformat() if result.due else None,
                "status": result.status,
                "start_date": result.start.isoformat(),
                "limit_working_days": result.limit_days,
                "paused_working_days": result.paused_days,
                "working_days_left": result.days_left,
                "overdue": result.overdue,
                "replied_on": result.replied_on.isoformat() if result.replied_on else None,
                "alerts": result.alerts,
                "explanation": lines,
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write("\n".join(lines))
