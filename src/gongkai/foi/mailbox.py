"""The mayor's mailbox (县长信箱) rules (pure): reply deadlines, the 3-month veto, the bulletin sentence."""

import calendar as months
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from gongkai.calendar.core import CalendarGapError, WorkCalendar

DEFAULT_REPLY_DAYS = 15
# 国办秘函〔2019〕19号: an interactive message left unanswered for more than 3 months fails the site.
VETO_MONTHS = 3


def add_months(day: date, count: int) -> date:
    month = day.month - 1 + count
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, months.monthrange(year, month)[1]))


@dataclass(frozen=True)
class LetterState:
    due: date
    replied: bool
    overdue: bool  # replied late, or past due and unanswered
    veto: bool  # unanswered for more than three months
    days_left: int | None


def letter_state(
    *,
    received: date,
    forwarded: date | None,
    replied: date | None,
    calendar: WorkCalendar,
    today: date,
    reply_days: int = DEFAULT_REPLY_DAYS,
) -> LetterState:
    """The deadline counts from forwarding (转办) when there is one, else from receipt."""
    due = calendar.add_workdays(forwarded or received, reply_days)
    if replied is not None:
        return LetterState(due, True, replied > due, False, None)
    veto = today > add_months(received, VETO_MONTHS)
    if today > due:
        late = _workdays(calendar, due, today)
        return LetterState(due, False, True, veto, None if late is None else -late)
    return LetterState(due, False, False, veto, _workdays(calendar, today, due))


def _workdays(calendar: WorkCalendar, start: date, end: date) -> int | None:
    """None when `today` lies in a year whose schedule is not entered: the due date stands."""
    try:
        return calendar.workdays_between(start, end)
    except CalendarGapError:
        return None


def count_sentence(received: Iterable[tuple[date, date | None]], start: date, end: date) -> str:
    """ "共收到“县长信箱”39条，全部办结并答复" for the letters received in the period."""
    letters = [(r, a) for r, a in received if start <= r <= end]
    answered = sum(1 for _, a in letters if a is not None and a <= end)
    total = len(letters)
    if total == 0:
        return "未收到“县长信箱”来信"
    if answered == total:
        return f"共收到“县长信箱”{total}条，全部办结并答复"
    return f"共收到“县长信箱”{total}条，已办结并答复{answered}条，正在办理{total - answered}条"
