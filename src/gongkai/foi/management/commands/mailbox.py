from pathlib import Path

from django.utils import timezone

from gongkai.calendar.core import CalendarGapError
from gongkai.calendar.selectors import work_calendar
from gongkai.commands import GongkaiCommand, parse_day
from gongkai.foi.mailbox import count_sentence
from gongkai.foi.mailbox_import import import_mailbox
from gongkai.foi.models import MailboxLetter
from gongkai.foi.services import mailbox_state, record_mailbox_findings
from gongkai.periods import Period


class Command(GongkaiCommand):
    help = "县长信箱：import FILE | summary --year Y [--quarter Q] | overdue [--today D]"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import")
        imp.add_argument("file", type=Path)
        imp.add_argument("--reply-days", type=int, default=15, help="办理时限（工作日），默认 15")
        summary = sub.add_parser("summary")
        summary.add_argument("--year", type=int, required=True)
        summary.add_argument("--quarter", type=int, choices=[1, 2, 3, 4])
        overdue = sub.add_parser("overdue")
        overdue.add_argument("--today")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "import":
            result = import_mailbox(path=options["file"], reply_days=options["reply_days"])
            self.stdout.write(
                f"新增 {result.created} 条，已存在 {result.duplicates} 条，问题行 {len(result.problems)} 行"
            )
            for row, field, value, reason in result.problems[:20]:
                self.stderr.write(f"  第 {row} 行 {field}「{value}」：{reason}")
            return
        if action == "summary":
            period = (
                Period.quarter(options["year"], options["quarter"])
                if options["quarter"]
                else Period.year(options["year"])
            )
            pairs = MailboxLetter.objects.values_list("received_on", "replied_on")
            self.stdout.write(
                f"{period.label}，{count_sentence(pairs, period.start, period.end)}。"
            )
            return
        today = parse_day(options["today"], "--today") if options["today"] else timezone.localdate()
        calendar = work_calendar()
        late = 0
        for letter in MailboxLetter.objects.select_related("unit").filter(unit__isnull=False):
            try:
                state = mailbox_state(letter, calendar, today)
            except CalendarGapError as exc:
                self.stdout.write(f"{letter.reference}\t{letter.unit.name}\t期限待定：{exc}")
                continue
            if state.overdue or state.veto:
                late += 1
                mark = "（超过3个月未答复，单项否决）" if state.veto else ""
                self.stdout.write(
                    f"{letter.reference}\t{letter.unit.name}\t期限 {state.due}\t{letter.replied_on or '未答复'}{mark}"
                )
        recorded = record_mailbox_findings(calendar=calendar, today=today)
        self.stdout.write(f"逾期 {late} 条，已记为问题 {recorded} 条")
