"""The statutory reply clock for on-request disclosure (pure; 《政府信息公开条例》 2019).

- Periods count from the day after the starting event (期间开始之日不计入).
- Reply within 20 working days of receipt (第三十三条); one extension of at most 20 working days.
- A correction notice (补正, 第三十条) is due within 7 working days of receipt; the period restarts
  from the day the corrected application is received.
- Consultation of third parties (第三十二条) does not count: the day it starts is still counted
  (the office worked on the application that day); the working days after it, up to and including
  the day it ends, are not; counting resumes the day after it ends.
- A pause or an extension that begins after the due date has passed does not move the due date.
- A fee notice pauses the clock until payment when the setting says so (国办函〔2020〕109号 is
  silent; offices differ).

`compute_due` is the fast path (due date and status); `explain` gives the lines a person checks.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from gongkai.calendar.core import WorkCalendar, chinese_date, weekday_name
from gongkai.errors import UserError

CHANNELS = {
    "当面": "当面提交的，以提交之日为收到之日",
    "邮寄签收": "以邮寄方式提交的，以签收之日为收到之日",
    "平信": "以平常信函等无需签收的方式提交的，以双方确认之日为收到之日",
    "网络": "通过互联网渠道提交的，以双方确认之日为收到之日",
    "传真": "通过传真提交的，以双方确认之日为收到之日",
    "其他": "以实际收到之日为收到之日",
}
CONFIRMATION_CHANNELS = {"平信", "网络", "传真"}

EVENT_KINDS = (
    "correction_requested",
    "correction_received",
    "consultation_started",
    "consultation_ended",
    "extension",
    "fee_notice",
    "fee_paid",
    "replied",
    "withdrawn",
)


class ClockError(UserError):
    """Events that cannot be read as a history (out of order, missing a start, …)."""


@dataclass(frozen=True)
class ClockRules:
    reply_days: int = 20
    extension_max_days: int = 20
    third_party_days: int = 15
    correction_notice_days: int = 7
    due_soon_days: int = 3
    fee_pauses_clock: bool = True


DEFAULT_RULES = ClockRules()


@dataclass(frozen=True)
class Event:
    kind: str
    day: date
    days: int = 0  # extension length
    note: str = ""


@dataclass(frozen=True)
class Application:
    received: date
    channel: str = "当面"
    confirmed: date | None = None
    events: tuple[Event, ...] = ()


@dataclass
class ClockResult:
    start: date  # the day the period counts from (receipt, or corrected receipt)
    due: date | None  # None while paused (it depends on when the pause ends)
    status: str  # running | paused | awaiting_correction | replied | withdrawn
    limit_days: int
    paused_days: int = 0
    replied_on: date | None = None
    overdue: bool = False
    days_left: int | None = None
    alerts: list[str] = field(default_factory=list)


def receipt_date(app: Application) -> date:
    if app.channel not in CHANNELS:
        raise ClockError(f"收件渠道「{app.channel}」无效，应为 {'、'.join(CHANNELS)} 之一")
    if app.channel in CONFIRMATION_CHANNELS:
        if app.confirmed is None:
            raise ClockError(
                f"以「{app.channel}」方式提交的申请，须有双方确认收到的日期（--confirmed）"
            )
        if app.confirmed < app.received:
            raise ClockError("确认收到日期早于提交日期")
        return app.confirmed
    return app.received


def compute_due(
    app: Application,
    calendar: WorkCalendar,
    rules: ClockRules = DEFAULT_RULES,
    today: date | None = None,
) -> ClockResult:
    """Due date, status and alerts from the application's events (sorted by date)."""
    received = receipt_date(app)
    start = received
    limit = rules.reply_days
    elapsed = 0  # working days used before the current running stretch began
    running_from: date | None = start  # None while paused or awaiting correction
    paused_days = 0
    extended = False
    status = "running"
    replied_on = None
    alerts: list[str] = []
    pause_kind = ""
    late_pauses: set[str] = set()
    for event in sorted(app.events, key=lambda e: e.day):
        if event.day < received:
            raise ClockError(f"事件「{event.kind}」的日期 {event.day} 早于收到申请之日 {received}")
        kind = event.kind
        if status in ("replied", "withdrawn") and kind != "delivered":
            raise ClockError(
                f"已{('答复' if status == 'replied' else '撤回')}后不应再有事件「{kind}」"
            )
        if kind == "correction_requested":
            if calendar.workdays_between(received, event.day) > rules.correction_notice_days:
                alerts.append(
                    f"补正告知晚于收到申请后{rules.correction_notice_days}个工作日（第三十条）"
                )
            running_from, status = None, "awaiting_correction"
        elif kind == "correction_received":
            if status != "awaiting_correction":
                raise ClockError("收到补正前没有补正告知")
            start, elapsed, limit, running_from, status = (
                event.day,
                0,
                rules.reply_days,
                event.day,
                "running",
            )
            paused_days = 0
        elif kind in ("consultation_started", "fee_notice"):
            if kind == "fee_notice" and not rules.fee_pauses_clock:
                continue
            if status != "running":
                raise ClockError(f"事件「{kind}」发生时期限并未在计算中")
            assert running_from is not None
            due_now = _due_from(calendar, running_from, limit - elapsed)
            if event.day > due_now:
                alerts.append(f"{chinese_date(event.day)}已过答复期限，此后的暂停不改变期限")
                late_pauses.add(kind)
                continue
            elapsed += calendar.workdays_between(running_from, event.day)
            running_from, status, pause_kind = None, "paused", kind
        elif kind in ("consultation_ended", "fee_paid"):
            if kind == "fee_paid" and not rules.fee_pauses_clock:
                continue
            opening = "consultation_started" if kind == "consultation_ended" else "fee_notice"
            if opening in late_pauses:
                late_pauses.discard(opening)
                continue
            expected = "consultation_started" if kind == "consultation_ended" else "fee_notice"
            if status != "paused" or pause_kind != expected:
                raise ClockError(f"事件「{kind}」之前没有对应的开始事件")
            paused_days += calendar.workdays_between(
                last_pause_start(app, expected, event.day), event.day
            )
            running_from, status = event.day, "running"
        elif kind == "extension":
            if extended:
                raise ClockError("答复期限只能延长一次（第三十三条）")
            if not 0 < event.days <= rules.extension_max_days:
                raise ClockError(f"延长期限应为 1–{rules.extension_max_days} 个工作日")
            extended = True
            if running_from is not None and event.day > _due_from(
                calendar, running_from, limit - elapsed
            ):
                alerts.append("延期决定晚于原答复期限，不能补救已发生的逾期（第三十三条）")
                continue
            limit += event.days
        elif kind == "replied":
            replied_on, status = event.day, "replied"
        elif kind == "delivered":
            if status != "replied":
                raise ClockError("送达应在答复之后")
        elif kind == "withdrawn":
            status = "withdrawn"
        else:
            raise ClockError(f"未知的事件类型「{kind}」，应为 {', '.join(EVENT_KINDS)} 之一")
    due = _due_from(calendar, running_from, limit - elapsed) if running_from is not None else None
    result = ClockResult(
        start=start,
        due=due,
        status=status,
        limit_days=limit,
        paused_days=paused_days,
        replied_on=replied_on,
        alerts=alerts,
    )
    if status == "replied" and replied_on is not None:
        # A reply does not move the clock: `due` is the deadline as it stood when it went out.
        result.overdue = due is not None and replied_on > due
        if result.overdue:
            result.alerts.append(
                f"逾期答复：{chinese_date(replied_on)}答复，期限为{chinese_date(result.due)}"
            )
    elif status == "paused" and pause_kind == "consultation_started" and today is not None:
        started = last_pause_start(app, "consultation_started", today)
        waited = calendar.workdays_between(started, today)
        if waited > rules.third_party_days:
            result.alerts.append(
                f"征求意见已{waited}个工作日，超过第三方答复期限{rules.third_party_days}个工作日（第三十二条），可依法决定是否公开"
            )
    elif due is not None and today is not None and status == "running":
        if today > due:
            result.overdue = True
            result.days_left = -calendar.workdays_between(due, today)
            result.alerts.append(f"已逾期 {-result.days_left} 个工作日")
        else:
            result.days_left = calendar.workdays_between(today, due)
            if result.days_left <= rules.due_soon_days:
                result.alerts.append(f"距答复期限仅剩 {result.days_left} 个工作日")
    return result


def _due_from(calendar: WorkCalendar, running_from: date, days_left: int) -> date:
    """The due date of a running stretch; with no days left (a pause began on the due day), the
    first working day on or after the day it resumed from."""
    if days_left > 0:
        return calendar.add_workdays(running_from, days_left)
    return calendar.next_workday_on_or_after(running_from)


def last_pause_start(app: Application, kind: str, before: date) -> date:
    starts = [e.day for e in app.events if e.kind == kind and e.day <= before]
    return max(starts)


def explain(
    app: Application,
    calendar: WorkCalendar,
    rules: ClockRules = DEFAULT_RULES,
    today: date | None = None,
) -> list[str]:
    """The arithmetic in Chinese, a line per step, so anyone can check it with a calendar."""
    result = compute_due(app, calendar, rules, today)
    received = receipt_date(app)
    lines = [
        f"{chinese_date(app.received)}（{weekday_name(app.received)}）以「{app.channel}」方式提交申请；"
        f"{CHANNELS[app.channel]}（第三十一条）。"
    ]
    if received != app.received:
        lines.append(f"双方确认收到之日：{chinese_date(received)}（{weekday_name(received)}）。")
    lines.append(
        f"答复期限：{rules.reply_days}个工作日（第三十三条），期间开始之日不计入，"
        f"自{chinese_date(received)}的次日起算。"
    )
    for event in sorted(app.events, key=lambda e: e.day):
        lines.append(_event_line(event, calendar, received, rules))
    if result.due is not None:
        lines.extend(_special_day_lines(calendar, result.start, result.due))
        lines.append(f"→ 答复期限：{chinese_date(result.due)}（{weekday_name(result.due)}）。")
    elif result.status == "paused":
        lines.append("→ 期限暂停中，恢复计算后方可确定答复期限。")
    elif result.status == "awaiting_correction":
        lines.append("→ 等待申请人补正；收到补正后重新计算答复期限。")
    elif result.status == "withdrawn":
        lines.append("→ 申请人已撤回申请，不再计算期限。")
    if result.replied_on is not None:
        verdict = "逾期" if result.overdue else "在期限内"
        lines.append(f"{chinese_date(result.replied_on)}答复，{verdict}。")
    elif today is not None and result.days_left is not None:
        if result.overdue:
            lines.append(f"截至{chinese_date(today)}，已逾期{-result.days_left}个工作日。")
        else:
            lines.append(f"截至{chinese_date(today)}，剩余{result.days_left}个工作日。")
    lines.extend(f"提醒：{alert}" for alert in result.alerts)
    return lines


def _event_line(event: Event, calendar: WorkCalendar, received: date, rules: ClockRules) -> str:
    when = f"{chinese_date(event.day)}（{weekday_name(event.day)}）"
    if event.kind == "correction_requested":
        used = calendar.workdays_between(received, event.day)
        return f"{when}发出补正告知（收到后第{used}个工作日；应在{rules.correction_notice_days}个工作日内），期限中止。"
    if event.kind == "correction_received":
        return f"{when}收到补正后的申请，答复期限自次日起重新计算（第三十条）。"
    if event.kind == "consultation_started":
        return f"{when}开始征求第三方或其他机关意见，征求意见期间不计入答复期限（第三十二条）。"
    if event.kind == "consultation_ended":
        return f"{when}征求意见结束，自次日起恢复计算。"
    if event.kind == "fee_notice":
        paused = "期限暂停" if rules.fee_pauses_clock else "按本单位设置不暂停期限"
        return f"{when}发出收费通知，{paused}。"
    if event.kind == "fee_paid":
        return f"{when}申请人缴费，自次日起恢复计算。"
    if event.kind == "extension":
        approver = f"（批准人：{event.note}）" if event.note else ""
        return f"{when}经批准延长答复期限{event.days}个工作日{approver}（第三十三条）。"
    if event.kind == "replied":
        return f"{when}作出答复。"
    if event.kind == "delivered":
        return f"{when}送达（{event.note}）。" if event.note else f"{when}送达。"
    return f"{when}申请人撤回申请。"


def _special_day_lines(calendar: WorkCalendar, start: date, due: date) -> list[str]:
    specials = calendar.special_days_between(start, due)
    lines = []
    off = [s for s in specials if s.kind == "holiday"]
    on = [s for s in specials if s.kind == "workday"]
    if off:
        lines.append("不计入的法定节假日：" + _ranges(off) + "。")
    if on:
        days = "、".join(
            f"{s.day.month}月{s.day.day}日（{weekday_name(s.day)}，{s.name}调休上班）" for s in on
        )
        lines.append("计入的调休上班日：" + days + "。")
    return lines


def _ranges(days: Sequence) -> str:
    groups: list[list] = []
    for special in days:
        if groups and (special.day - groups[-1][-1].day).days == 1:
            groups[-1].append(special)
        else:
            groups.append([special])
    parts = []
    for group in groups:
        first, last = group[0].day, group[-1].day
        names = "、".join(dict.fromkeys(s.name for s in group if s.name))
        span = (
            f"{first.month}月{first.day}日"
            if first == last
            else f"{first.month}月{first.day}日至{last.month}月{last.day}日"
        )
        parts.append(f"{span}（{names}）" if names else span)
    return "、".join(parts)
