import json
from pathlib import Path

from gongkai.calendar.selectors import work_calendar
from gongkai.commands import GongkaiCommand, UserInputError, parse_day
from gongkai.foi.clock import CHANNELS, Application, ClockRules, Event, compute_due, explain


def read_events(path: Path) -> tuple[Event, ...]:
    """A JSON list of {"type", "date"[, "days", "note"]}, as documented in the README."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserInputError(f"{path}: 无法读取（{exc.strerror}）") from exc
    except ValueError as exc:
        raise UserInputError(f"{path}: 不是有效的 JSON（{exc}）") from exc
    if not isinstance(data, list):
        raise UserInputError(f"{path}: 应为事件列表")
    events = []
    for index, item in enumerate(data):
        where = f"{path}: 第 {index + 1} 个事件"
        if not isinstance(item, dict) or "type" not in item or "date" not in item:
            raise UserInputError(f"{where}：需要 type 和 date")
        try:
            days = int(item.get("days", 0))
        except (TypeError, ValueError):
            raise UserInputError(f"{where}：days 应为整数") from None
        events.append(
            Event(
                str(item["type"]),
                parse_day(str(item["date"]), where),
                days,
                str(item.get("note", "")),
            )
        )
    return tuple(events)


class Command(GongkaiCommand):
    help = "依申请公开：gongkai foi due --received D [--channel C] [--confirmed D] [--events F] [--json]"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        due = sub.add_parser("due", help="答复期限及其计算过程")
        due.add_argument("--received", required=True, help="提交（或收到）日期")
        due.add_argument("--channel", default="当面", choices=list(CHANNELS))
        due.add_argument("--confirmed", help="平信、网络、传真：双方确认收到的日期")
        due.add_argument("--events", type=Path, help="事件 JSON 文件")
        due.add_argument("--today", help="计算剩余工作日的基准日（默认今天）")
        due.add_argument("--fee-does-not-pause", action="store_true", help="收费通知不暂停期限")
        due.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
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
        rules = ClockRules(fee_pauses_clock=not options["fee_does_not_pause"])
        calendar = work_calendar()
        result = compute_due(app, calendar, rules, today)
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
