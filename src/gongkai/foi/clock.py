"""The statutory reply clock for on-request disclosure (pure; 《政府信息公开条例》 2019).

- Periods count from the day after the starting event (期间开始之日不计入).
- Reply within 20 working days of receipt (第三十三条); one extension of at most 20 working days.
- A correction notice (补正, 第三十条) is due within 7 working days of receipt; the period restarts
  from the day the corrected application is received.
- Consultation of third parties (第三十二条) does not count: the day it starts is still counted
  (the office worked on the application that day); the working days after it, up to and including
  the day it ends, are not; counting resumes the day after it ends.
- A pause that begins on or after the due date does not move the due date: by the end of the due
  day every working day of the period has been counted, so there is nothing left to resume (the
  days the pause excludes all lie after the deadline). An extension decided after the due date does
  not rescue it either; one decided on the due date still counts.
- A fee notice pauses the clock until payment when the setting says so (国办函〔2020〕109号 is
  silent; offices differ).
- Events of one day are read in one canonical order, whatever order they were listed in:
  first the event that closes what was open when the day began (the end of a running pause, the
  corrected application awaited), then the procedure's own order (see `SAME_DAY_ORDER`).
- A due date that falls in a year whose holiday schedule is not published is "期限待定"
  (`ClockResult.pending_year`), for that application only; `today` in such a year only leaves the
  count of working days open, never the due date itself.

`compute_due` runs a small state machine: one handler per event kind (`HANDLERS`) updates one
`ClockState`; `explain` gives the lines a person checks.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter

from gongkai.calendar.core import (
    FIRST_DAY,
    LAST_DAY,
    CalendarGapError,
    CalendarRangeError,
    WorkCalendar,
    check_in_range,
    chinese_date,
    weekday_name,
)
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
    pending_year: int | None = None  # 期限待定: the schedule of this year is needed and unknown
    events: tuple[Event, ...] = ()  # the events in the order they were read (canonical)
    ignored: tuple[Event, ...] = ()  # the events (the same objects) that did not move the clock


def receipt_date(app: Application) -> date:
    if not FIRST_DAY <= app.received <= LAST_DAY:
        _in_range(app.received, "提交日期")
    if app.channel not in CHANNELS:
        raise ClockError(f"收件渠道「{app.channel}」无效，应为 {'、'.join(CHANNELS)} 之一")
    if app.channel in CONFIRMATION_CHANNELS:
        if app.confirmed is None:
            raise ClockError(
                f"以「{app.channel}」方式提交的申请，须有双方确认收到的日期（--confirmed）"
            )
        if app.confirmed < app.received:
            raise ClockError("确认收到日期早于提交日期")
        return _in_range(app.confirmed, "确认收到日期")
    return app.received


def _in_range(day: date, what: str) -> date:
    """A date the calendar can handle (1949–2100), or a ClockError saying which one is not."""
    try:
        return check_in_range(day, what)
    except CalendarRangeError as exc:
        raise ClockError(str(exc)) from None


RUNNING, PAUSED, AWAITING, REPLIED, WITHDRAWN = (
    "running",
    "paused",
    "awaiting_correction",
    "replied",
    "withdrawn",
)
CLOSED = {REPLIED: "答复", WITHDRAWN: "撤回"}
PAUSE_END = {"consultation_started": "consultation_ended", "fee_notice": "fee_paid"}
PAUSE_START = {end: start for start, end in PAUSE_END.items()}


@dataclass(slots=True)
class ClockState:
    """Everything the clock knows after the events read so far; handlers update it in place.

    A mutable dataclass on purpose: a frozen one rebuilt by every handler costs more than the
    whole 5 % the benchmark allows (`bench/clock.py`).
    """

    received: date
    start: date  # the day the period counts from (receipt, or corrected receipt)
    limit: int  # working days allowed (20, plus an extension)
    running_from: date | None  # start of the running stretch; None while paused or awaiting
    elapsed: int = 0  # working days used before `running_from`
    status: str = RUNNING
    paused_days: int = 0
    extended: bool = False
    replied_on: date | None = None
    pause_kind: str = ""  # the start event of the pause in force
    pause_started: date | None = None
    late_pauses: frozenset[str] = frozenset()  # pauses begun on or after the due date
    ignored: tuple[Event, ...] = ()  # the events that did not move the clock
    alerts: list[str] = field(default_factory=list)
    unknown_year: int | None = None  # a year on the way whose schedule is not published


def _workdays(state: ClockState, calendar: WorkCalendar, start: date, end: date) -> int:
    """Working days in (start, end]; 0 and the state marked pending when a year is unknown."""
    if state.unknown_year is not None:
        return 0
    try:
        return calendar.workdays_between(start, end)
    except CalendarGapError as gap:
        state.unknown_year = gap.year
        return 0


def _due_now(state: ClockState, calendar: WorkCalendar) -> date | None:
    """The due date of the running stretch (None when paused or when a year is unknown)."""
    if state.running_from is None or state.unknown_year is not None:
        return None
    try:
        return calendar.add_workdays(state.running_from, state.limit - state.elapsed)
    except CalendarGapError as gap:
        state.unknown_year = gap.year
        return None


def on_correction_requested(
    state: ClockState, event: Event, calendar: WorkCalendar, rules: ClockRules
) -> None:
    try:
        used = calendar.workdays_between(state.received, event.day)
    except CalendarGapError as gap:
        state.alerts.append(
            f"{gap.year} 年节假日安排尚未录入，补正告知是否在{rules.correction_notice_days}个工作日内待录入后核对"
        )
    else:
        if used > rules.correction_notice_days:
            state.alerts.append(
                f"补正告知晚于收到申请后{rules.correction_notice_days}个工作日（第三十条）"
            )
    state.running_from, state.status = None, AWAITING


def on_correction_received(
    state: ClockState, event: Event, calendar: WorkCalendar, rules: ClockRules
) -> None:
    if state.status != AWAITING:
        raise ClockError("收到补正前没有补正告知")
    day = event.day
    state.start = state.running_from = day
    state.elapsed, state.limit, state.status = 0, rules.reply_days, RUNNING
    state.paused_days = 0
    state.unknown_year = None  # a restart: nothing before it counts any more


def _begin_pause(
    state: ClockState, event: Event, calendar: WorkCalendar, rules: ClockRules
) -> None:
    kind = event.kind
    if state.status != RUNNING:
        raise ClockError(f"事件「{kind}」发生时期限并未在计算中")
    due_now = _due_now(state, calendar)
    if due_now is not None and event.day >= due_now:
        if event.day > due_now:
            state.alerts.append(f"{chinese_date(event.day)}已过答复期限，此后的暂停不改变期限")
        else:
            state.alerts.append(
                f"{chinese_date(event.day)}为答复期限最后一日，当日计入期限，期限已届满，此后的暂停不改变期限"
            )
        state.late_pauses |= {kind}
        state.ignored += (event,)
        return
    assert state.running_from is not None
    state.elapsed += _workdays(state, calendar, state.running_from, event.day)
    state.running_from, state.status = None, PAUSED
    state.pause_kind, state.pause_started = kind, event.day


def _end_pause(state: ClockState, event: Event, calendar: WorkCalendar, rules: ClockRules) -> None:
    opening = PAUSE_START[event.kind]
    if opening in state.late_pauses:
        state.late_pauses -= {opening}
        state.ignored += (event,)
        return
    if state.status != PAUSED or state.pause_kind != opening:
        raise ClockError(f"事件「{event.kind}」之前没有对应的开始事件")
    assert state.pause_started is not None
    state.paused_days += _workdays(state, calendar, state.pause_started, event.day)
    state.running_from, state.status = event.day, RUNNING
    state.pause_kind, state.pause_started = "", None


def on_consultation_started(
    state: ClockState, event: Event, calendar: WorkCalendar, rules: ClockRules
) -> None:
    _begin_pause(state, event, calendar, rules)


def on_consultation_ended(
    state: ClockState, event: Event, calendar: WorkCalendar, rules: ClockRules
) -> None:
    _end_pause(state, event, calendar, rules)


def on_fee_notice(
    state: ClockState, event: Event, calendar: WorkCalendar, rules: ClockRules
) -> None:
    if rules.fee_pauses_clock:
        _begin_pause(state, event, calendar, rules)


def on_fee_paid(state: ClockState, event: Event, calendar: WorkCalendar, rules: ClockRules) -> None:
    if rules.fee_pauses_clock:
        _end_pause(state, event, calendar, rules)


def on_extension(
    state: ClockState, event: Event, calendar: WorkCalendar, rules: ClockRules
) -> None:
    if state.extended:
        raise ClockError("答复期限只能延长一次（第三十三条）")
    if not 0 < event.days <= rules.extension_max_days:
        raise ClockError(f"延长期限应为 1–{rules.extension_max_days} 个工作日")
    state.extended = True
    due_now = _due_now(state, calendar)
    if due_now is not None and event.day > due_now:
        state.alerts.append("延期决定晚于原答复期限，不能补救已发生的逾期（第三十三条）")
        state.ignored += (event,)
        return
    state.limit += event.days


def on_replied(state: ClockState, event: Event, calendar: WorkCalendar, rules: ClockRules) -> None:
    state.replied_on, state.status = event.day, REPLIED


def on_delivered(
    state: ClockState, event: Event, calendar: WorkCalendar, rules: ClockRules
) -> None:
    if state.status != REPLIED:
        raise ClockError("送达应在答复之后")


def on_withdrawn(
    state: ClockState, event: Event, calendar: WorkCalendar, rules: ClockRules
) -> None:
    state.status = WITHDRAWN


Handler = Callable[[ClockState, Event, WorkCalendar, ClockRules], None]
HANDLERS: dict[str, Handler] = {
    "correction_requested": on_correction_requested,
    "correction_received": on_correction_received,
    "consultation_started": on_consultation_started,
    "consultation_ended": on_consultation_ended,
    "extension": on_extension,
    "fee_notice": on_fee_notice,
    "fee_paid": on_fee_paid,
    "replied": on_replied,
    "delivered": on_delivered,
    "withdrawn": on_withdrawn,
}

# The order of the procedure within one day: a correction is asked for before it comes back; a
# pause begins before it ends (a consultation answered the same day); an extension is decided
# before the reply it makes possible; a reply precedes its delivery; a withdrawal ends everything.
SAME_DAY_ORDER = (
    "correction_requested",
    "correction_received",
    "consultation_started",
    "fee_notice",
    "consultation_ended",
    "fee_paid",
    "extension",
    "replied",
    "delivered",
    "withdrawn",
)
_RANK = {kind: rank for rank, kind in enumerate(SAME_DAY_ORDER)}


def closing_events(state: ClockState) -> frozenset[str]:
    """The events that close what is open in `state`: they come first among a day's events."""
    closing = {PAUSE_END[kind] for kind in state.late_pauses}
    if state.status == PAUSED:
        closing.add(PAUSE_END[state.pause_kind])
    elif state.status == AWAITING:
        closing.add("correction_received")
    return frozenset(closing)


def same_day_order(events: Sequence[Event], state: ClockState) -> list[Event]:
    """One day's events in the canonical order: what closes an open pause (or the awaited
    correction) first, so a pause can end and another begin the same day; then SAME_DAY_ORDER."""
    closing = closing_events(state)
    return sorted(
        events,
        key=lambda e: (e.kind not in closing, _RANK.get(e.kind, len(_RANK))),
    )


_DAY = attrgetter("day")


def compute_due(
    app: Application,
    calendar: WorkCalendar,
    rules: ClockRules = DEFAULT_RULES,
    today: date | None = None,
) -> ClockResult:
    """Due date, status and alerts from the application's events (any order): each event, in
    the canonical order, goes to the handler of its kind, which updates the one ClockState."""
    received = receipt_date(app)
    state = ClockState(received, received, rules.reply_days, received)
    events = sorted(app.events, key=_DAY) if len(app.events) > 1 else list(app.events)
    count = len(events)
    for index, event in enumerate(events):  # (a day's events are reordered in place, ahead)
        day = event.day
        if (
            index + 1 < count
            and events[index + 1].day == day
            and not (index and events[index - 1].day == day)
        ):
            last = index + 2
            while last < count and events[last].day == day:
                last += 1
            events[index:last] = same_day_order(events[index:last], state)
            event = events[index]
        if not received <= day <= LAST_DAY:
            if day < received:
                raise ClockError(f"事件「{event.kind}」的日期 {day} 早于收到申请之日 {received}")
            _in_range(day, f"事件「{event.kind}」的日期")
        kind = event.kind
        if state.status in CLOSED and kind != "delivered":
            raise ClockError(f"已{CLOSED[state.status]}后不应再有事件「{kind}」")
        handler = HANDLERS.get(kind)
        if handler is None:
            raise ClockError(f"未知的事件类型「{kind}」，应为 {', '.join(EVENT_KINDS)} 之一")
        handler(state, event, calendar, rules)
    due = None
    if state.running_from is not None and state.unknown_year is None:
        try:
            due = calendar.add_workdays(state.running_from, state.limit - state.elapsed)
        except CalendarGapError as gap:
            state.unknown_year = gap.year
    status = state.status
    result = ClockResult(
        state.start,
        due,
        status,
        state.limit,
        state.paused_days,
        state.replied_on,
        False,
        None,
        state.alerts,
        state.unknown_year,
        tuple(events),
        state.ignored,
    )
    if state.unknown_year is not None:
        result.alerts.append(f"{state.unknown_year} 年节假日安排尚未录入，答复期限待定")
        return result
    if status == REPLIED:
        # A reply does not move the clock: `due` is the deadline as it stood when it went out.
        replied_on = state.replied_on
        result.overdue = due is not None and replied_on > due
        if result.overdue:
            result.alerts.append(
                f"逾期答复：{chinese_date(replied_on)}答复，期限为{chinese_date(due)}"
            )
    elif today is None:
        return result
    elif status == PAUSED and state.pause_kind == "consultation_started":
        _third_party_alert(result, state.pause_started, calendar, rules, today)
    elif due is not None and status == RUNNING:
        try:
            if today > due:
                result.overdue = True
                result.days_left = -calendar.workdays_between(due, today)
                result.alerts.append(f"已逾期 {-result.days_left} 个工作日")
            else:
                result.days_left = calendar.workdays_between(today, due)
                if result.days_left <= rules.due_soon_days:
                    result.alerts.append(f"距答复期限仅剩 {result.days_left} 个工作日")
        except CalendarGapError as gap:
            # The due date stands; only the count of working days up to `today` waits for the year.
            if result.overdue:
                result.alerts.append(
                    f"已逾期（{gap.year} 年节假日安排尚未录入，逾期工作日数待录入后计算）"
                )
    return result


def _third_party_alert(result, started, calendar, rules, today) -> None:
    try:
        waited = calendar.workdays_between(started, today)
    except CalendarGapError:
        return
    if waited > rules.third_party_days:
        result.alerts.append(
            f"征求意见已{waited}个工作日，超过第三方答复期限{rules.third_party_days}个工作日（第三十二条），可依法决定是否公开"
        )


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
    for event in result.events:
        if any(event is other for other in result.ignored):
            lines.append(_ignored_line(event))
        else:
            lines.append(_event_line(event, calendar, received, rules))
    if result.due is not None:
        lines.extend(_special_day_lines(calendar, result.start, result.due))
        lines.append(f"→ 答复期限：{chinese_date(result.due)}（{weekday_name(result.due)}）。")
    elif result.pending_year is not None:
        lines.append(
            f"→ 期限待定：{result.pending_year}年节假日安排尚未录入，录入国务院办公厅公布的放假安排后即可确定。"
        )
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


def _ignored_line(event: Event) -> str:
    """An event that did not move the clock: a pause begun on or after the due date (and its end),
    an extension decided after it."""
    when = f"{chinese_date(event.day)}（{weekday_name(event.day)}）"
    if event.kind in PAUSE_END:
        what = (
            "开始征求第三方或其他机关意见"
            if event.kind == "consultation_started"
            else "发出收费通知"
        )
        return (
            f"{when}{what}；此时答复期限的工作日已全部计入（期限最后一日当日计入），"
            "暂停只扣除期限内的时间，答复期限不变。"
        )
    if event.kind in PAUSE_START:
        what = "征求意见结束" if event.kind == "consultation_ended" else "申请人缴费"
        return f"{when}{what}（该次暂停开始时答复期限已届满，不影响期限）。"
    return f"{when}决定延长答复期限{event.days}个工作日，但已晚于原答复期限，不能补救已发生的逾期（第三十三条）。"


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
