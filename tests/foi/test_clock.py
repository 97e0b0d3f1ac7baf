"""The reply clock over the real 2025 and 2026 schedules; expectations counted by hand on a calendar."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.calendar.core import HOLIDAY, SpecialDay, library_calendar
from gongkai.foi.clock import (
    DEFAULT_RULES,
    Application,
    ClockError,
    ClockRules,
    Event,
    compute_due,
    explain,
)

CAL = library_calendar()
D = date


def due(received, *events, channel="当面", confirmed=None, rules=DEFAULT_RULES, today=None):
    app = Application(received, channel, confirmed, tuple(events))
    return compute_due(app, CAL, rules, today)


@pytest.mark.parametrize(
    ("received", "expected", "why"),
    [
        (D(2025, 9, 26), D(2025, 10, 30), "国庆: 9/28 Sun and 10/11 Sat count, 10/1–10/8 do not"),
        (
            D(2025, 1, 24),
            D(2025, 2, 27),
            "春节 2025: 1/26 Sun counts, 1/28–2/4 off, 2/8 Sat counts",
        ),
        (
            D(2026, 2, 10),
            D(2026, 3, 16),
            "春节 2026: 2/14 Sat counts, 2/15–2/23 off, 2/28 Sat counts",
        ),
        (
            D(2026, 9, 18),
            D(2026, 10, 22),
            "2026: 9/20 Sun counts, 9/25 and 10/1–10/7 off, 10/10 Sat counts",
        ),
        (D(2025, 3, 3), D(2025, 3, 31), "no holiday: four weeks"),
    ],
)
def test_reply_due_dates(received, expected, why):
    assert due(received).due == expected, why


def test_correction_restarts_the_period_from_the_corrected_application():
    result = due(
        D(2025, 3, 3),
        Event("correction_requested", D(2025, 3, 5)),
        Event("correction_received", D(2025, 3, 20)),
    )
    assert result.start == D(2025, 3, 20)
    assert result.due == D(2025, 4, 18)  # 4/4 清明 skipped
    assert result.alerts == []


def test_awaiting_correction_has_no_due_date():
    result = due(D(2025, 3, 3), Event("correction_requested", D(2025, 3, 5)))
    assert result.status == "awaiting_correction" and result.due is None


def test_late_correction_notice_is_flagged():
    result = due(D(2025, 3, 3), Event("correction_requested", D(2025, 3, 13)))  # 8th working day
    assert any("补正告知晚于" in a for a in result.alerts)


def test_consultation_pauses_the_clock():
    result = due(
        D(2025, 6, 3),
        Event("consultation_started", D(2025, 6, 10)),
        Event("consultation_ended", D(2025, 6, 24)),
    )
    # 5 working days used (6/4–6/10), 15 left after 6/24.
    assert result.due == D(2025, 7, 15)
    assert result.paused_days == 10


def test_open_consultation_leaves_the_clock_paused():
    result = due(D(2025, 6, 3), Event("consultation_started", D(2025, 6, 10)))
    assert result.status == "paused" and result.due is None


def test_extension_adds_working_days_once():
    result = due(D(2025, 9, 26), Event("extension", D(2025, 10, 20), days=20, note="办公室主任"))
    assert result.due == D(2025, 11, 27) and result.limit_days == 40
    with pytest.raises(ClockError, match="只能延长一次"):
        due(
            D(2025, 9, 26),
            Event("extension", D(2025, 10, 20), days=10),
            Event("extension", D(2025, 10, 21), days=5),
        )
    with pytest.raises(ClockError, match="1–20"):
        due(D(2025, 9, 26), Event("extension", D(2025, 10, 20), days=25))


def test_extension_after_the_due_date_does_not_rescue_it():
    result = due(D(2025, 9, 26), Event("extension", D(2025, 11, 3), days=20))
    assert result.due == D(2025, 10, 30)
    assert any("延期决定晚于原答复期限" in a for a in result.alerts)


def test_combination_correction_consultation_extension():
    result = due(
        D(2025, 3, 3),
        Event("correction_requested", D(2025, 3, 5)),
        Event("correction_received", D(2025, 3, 20)),
        Event("consultation_started", D(2025, 3, 27)),  # 5 used: 3/21, 3/24–3/27
        Event("consultation_ended", D(2025, 4, 10)),  # resumes 4/11 with 15 left
        Event("extension", D(2025, 4, 25), days=10),  # 25 left after 4/10
    )
    # After 4/10: 4/11 (1), 4/14–18 (6), 4/21–25 (11), Sunday 4/27 is a make-up working day (12),
    # 4/28–30 (15), 5/1–5/5 off, 5/6–9 (19), 5/12–16 (24), 5/19 (25).
    assert result.due == D(2025, 5, 19)
    assert result.paused_days == 9  # 3/28, 3/31–4/3, 4/7–4/10 (4/4 清明 is off)


def test_pause_starting_on_the_due_day_does_not_move_it():
    # Received Monday 3/3: the 20th working day is Monday 3/31. A consultation sent on 3/31 counts
    # that day (the office worked on it); the 20 days are then all used, so the days the pause
    # excludes (4/1 onwards) all lie after the deadline: the due date stays 3/31, whenever the
    # consultation ends (it used to be the consultation's last day, against "恢复计算自次日起").
    for ended in (D(2025, 4, 8), D(2025, 4, 5)):
        result = due(
            D(2025, 3, 3),
            Event("consultation_started", D(2025, 3, 31)),
            Event("consultation_ended", ended),
        )
        assert result.due == D(2025, 3, 31) and result.status == "running"
        assert result.paused_days == 0
        assert any("为答复期限最后一日，当日计入期限" in a for a in result.alerts)
    # One day earlier the pause does move it: 19 used by 3/28, 1 left after 4/8 → 4/9.
    earlier = due(
        D(2025, 3, 3),
        Event("consultation_started", D(2025, 3, 28)),
        Event("consultation_ended", D(2025, 4, 8)),
    )
    assert earlier.due == D(2025, 4, 9)


def test_explanation_agrees_with_a_pause_on_the_due_day():
    app = Application(
        D(2025, 3, 3),
        events=(
            Event("consultation_started", D(2025, 3, 31)),
            Event("consultation_ended", D(2025, 4, 8)),
        ),
    )
    text = "\n".join(explain(app, CAL))
    assert "自次日起恢复计算" not in text  # it resumes nothing: no day of the period was left
    assert "答复期限不变" in text and "不影响期限" in text
    assert "→ 答复期限：2025年3月31日（星期一）。" in text


def test_pause_starting_after_the_due_date_does_not_move_it():
    # Due 2025-10-30 (received 9/26); a consultation or a fee notice begun on 10/31 or later
    # leaves the due date, the status and the overdue count as they were.
    plain = due(D(2025, 9, 26), today=D(2025, 11, 20))
    for start, end in (("consultation_started", "consultation_ended"), ("fee_notice", "fee_paid")):
        for begun in (D(2025, 10, 31), D(2025, 11, 3)):
            late = due(
                D(2025, 9, 26),
                Event(start, begun),
                Event(end, D(2025, 11, 14)),
                today=D(2025, 11, 20),
            )
            assert late.due == D(2025, 10, 30) == plain.due
            assert late.status == "running" and late.overdue and late.days_left == plain.days_left
            assert any(f"{begun.month}月{begun.day}日已过答复期限" in a for a in late.alerts)
            open_pause = due(D(2025, 9, 26), Event(start, begun), today=D(2025, 11, 20))
            assert open_pause.due == D(2025, 10, 30) and open_pause.overdue
    # The day before the due date still pauses.
    in_time = due(
        D(2025, 9, 26),
        Event("consultation_started", D(2025, 10, 29)),
        Event("consultation_ended", D(2025, 11, 14)),
    )
    assert in_time.due == D(2025, 11, 17)  # 19 used by 10/29, 1 left after Friday 11/14


@pytest.mark.parametrize(
    "events",
    [
        # corrected on the spot: asked for and received the same day
        (Event("correction_requested", D(2025, 3, 5)), Event("correction_received", D(2025, 3, 5))),
        # a consultation answered the day it was sent, then the reply the same day
        (
            Event("consultation_started", D(2025, 3, 10)),
            Event("consultation_ended", D(2025, 3, 10)),
            Event("replied", D(2025, 3, 10)),
        ),
        # one consultation ends and another begins the same day
        (
            Event("consultation_started", D(2025, 3, 10)),
            Event("consultation_ended", D(2025, 3, 17)),
            Event("consultation_started", D(2025, 3, 17)),
            Event("consultation_ended", D(2025, 3, 24)),
        ),
        # an extension and the reply it allows, then the delivery
        (
            Event("extension", D(2025, 3, 28), days=5),
            Event("replied", D(2025, 3, 28)),
            Event("delivered", D(2025, 3, 28)),
        ),
        # the fee paid and the reply
        (
            Event("fee_notice", D(2025, 3, 7)),
            Event("fee_paid", D(2025, 3, 14)),
            Event("replied", D(2025, 3, 14)),
        ),
    ],
)
def test_same_day_events_in_any_listed_order(events):
    from itertools import permutations

    results = {
        (r.due, r.status, r.paused_days, r.limit_days, r.start, tuple(r.alerts))
        for r in (due(D(2025, 3, 3), *order) for order in permutations(events))
    }
    assert len(results) == 1


def test_same_day_canonical_order_values():
    corrected = due(
        D(2025, 3, 3),
        Event("correction_received", D(2025, 3, 5)),
        Event("correction_requested", D(2025, 3, 5)),
    )
    assert corrected.start == D(2025, 3, 5) and corrected.due == D(2025, 4, 2)
    chained = due(
        D(2025, 3, 3),
        Event("consultation_started", D(2025, 3, 17)),
        Event("consultation_ended", D(2025, 3, 24)),
        Event("consultation_ended", D(2025, 3, 17)),
        Event("consultation_started", D(2025, 3, 10)),
    )
    # 5 used by 3/10 (3/4–3/10), paused 3/11–3/24 (10 days), 15 left from 3/25 → 4/15 (4/4 off)
    assert chained.paused_days == 10 and chained.due == D(2025, 4, 15)
    assert [e.kind for e in chained.events] == [
        "consultation_started",
        "consultation_ended",
        "consultation_started",
        "consultation_ended",
    ]


def test_fee_notice_pause_is_a_setting():
    events = (Event("fee_notice", D(2025, 9, 29)), Event("fee_paid", D(2025, 10, 13)))
    paused = due(D(2025, 9, 26), *events)
    not_paused = due(D(2025, 9, 26), *events, rules=ClockRules(fee_pauses_clock=False))
    assert not_paused.due == D(2025, 10, 30)
    assert paused.due > not_paused.due


@pytest.mark.parametrize("channel", ["平信", "网络", "传真"])
def test_channels_that_need_a_confirmation_date(channel):
    with pytest.raises(ClockError, match="确认收到的日期"):
        due(D(2025, 9, 26), channel=channel)
    # Counted from the confirmation date: 9/30 (1), 10/1–10/8 off, 10/9–10/11 (4, 10/11 a make-up
    # Saturday), 10/13–10/31 (19), 11/3 (20).
    assert due(D(2025, 9, 26), channel=channel, confirmed=D(2025, 9, 29)).due == D(2025, 11, 3)


def test_overdue_and_due_soon():
    assert due(D(2025, 9, 26), today=D(2025, 10, 27)).days_left == 3
    late = due(D(2025, 9, 26), today=D(2025, 11, 3))
    assert late.overdue and late.days_left == -2
    replied_late = due(D(2025, 9, 26), Event("replied", D(2025, 10, 31)))
    assert replied_late.overdue and replied_late.status == "replied"
    assert not due(D(2025, 9, 26), Event("replied", D(2025, 10, 30))).overdue


def test_events_out_of_order_or_impossible():
    with pytest.raises(ClockError, match="早于收到申请之日"):
        due(D(2025, 9, 26), Event("replied", D(2025, 9, 1)))
    with pytest.raises(ClockError, match="没有补正告知"):
        due(D(2025, 9, 26), Event("correction_received", D(2025, 10, 9)))
    with pytest.raises(ClockError, match="没有对应的开始事件"):
        due(D(2025, 9, 26), Event("consultation_ended", D(2025, 10, 9)))
    with pytest.raises(ClockError, match="未知的事件类型"):
        due(D(2025, 9, 26), Event("lost", D(2025, 10, 9)))


def test_explanation_can_be_checked_line_by_line():
    app = Application(
        D(2025, 9, 26), "当面", None, (Event("extension", D(2025, 10, 20), 20, "张某"),)
    )
    lines = explain(app, CAL, today=D(2025, 10, 27))
    text = "\n".join(lines)
    assert lines[0].startswith("2025年9月26日（星期五）以「当面」方式提交申请")
    assert "期间开始之日不计入" in text
    assert "不计入的法定节假日：10月1日至10月8日（国庆节、中秋节）" in text
    assert (
        "9月28日（星期日，国庆节调休上班）" in text and "10月11日（星期六，国庆节调休上班）" in text
    )
    assert "延长答复期限20个工作日（批准人：张某）" in text
    assert "→ 答复期限：2025年11月27日（星期四）。" in text


days_2025 = st.dates(min_value=D(2025, 1, 2), max_value=D(2026, 6, 30))


@settings(max_examples=300, deadline=None)
@given(days_2025, st.integers(0, 30), st.integers(0, 40), st.integers(0, 20))
def test_properties(received, start_offset, length, extension):
    plain = due(received)
    assert CAL.is_workday(plain.due)  # a due date is a working day
    assert plain.due > received
    started = received + timedelta(days=start_offset)
    if started <= plain.due:
        paused = due(
            received,
            Event("consultation_started", started),
            Event("consultation_ended", started + timedelta(days=length)),
        )
        assert paused.due >= plain.due  # pausing never shortens
        assert CAL.is_workday(paused.due)
    corrected = due(
        received, Event("correction_requested", received), Event("correction_received", started)
    )
    assert corrected.start >= received  # a restart never precedes receipt
    if extension:
        extended = due(received, Event("extension", received, days=extension))
        assert extended.due > plain.due


def test_delivery_after_reply_and_third_party_deadline_alert():
    replied = due(
        D(2025, 9, 26),
        Event("replied", D(2025, 10, 20)),
        Event("delivered", D(2025, 10, 22), note="EMS 1234"),
    )
    assert replied.status == "replied" and not replied.overdue
    with pytest.raises(ClockError, match="送达应在答复之后"):
        due(D(2025, 9, 26), Event("delivered", D(2025, 10, 22)))
    waiting = due(D(2025, 3, 3), Event("consultation_started", D(2025, 3, 5)), today=D(2025, 3, 27))
    assert any(
        "超过第三方答复期限15个工作日" in a for a in waiting.alerts
    )  # 16 working days waited
    assert not due(
        D(2025, 3, 3), Event("consultation_started", D(2025, 3, 5)), today=D(2025, 3, 26)
    ).alerts


def test_due_dates_of_a_published_year_whatever_today_is():
    # 2026 is published, 2027 is not (the library ends with 2026). Received Monday 2026-11-02:
    # 11/3–6 (4), 11/9–13 (9), 11/16–20 (14), 11/23–27 (19), 11/30 (20).
    for today in (D(2026, 11, 20), D(2027, 1, 4), D(2027, 6, 30)):
        assert due(D(2026, 11, 2), today=today).due == D(2026, 11, 30)
    late = due(D(2026, 11, 2), today=D(2027, 1, 4))
    assert late.overdue and late.pending_year is None
    assert late.days_left is None  # the working days of 2027 are not known yet
    assert any("已逾期（2027 年节假日安排尚未录入" in a for a in late.alerts)
    replied = due(D(2026, 11, 2), Event("replied", D(2027, 1, 5)), today=D(2027, 1, 6))
    assert replied.due == D(2026, 11, 30) and replied.overdue
    # 12/2–4 (3), 12/7–11 (8), 12/14–18 (13), 12/21–25 (18), 12/28 (19), 12/29 (20)
    december = due(D(2026, 12, 1), today=D(2027, 2, 1))
    assert december.due == D(2026, 12, 29) and december.overdue
    lines = explain(Application(D(2026, 11, 2)), CAL, today=D(2027, 1, 4))
    assert "→ 答复期限：2026年11月30日（星期一）。" in lines


def test_a_due_date_in_an_unpublished_year_is_pending_for_that_application_only():
    result = due(D(2026, 12, 10), today=D(2026, 12, 20))
    assert result.due is None and result.pending_year == 2027 and result.status == "running"
    assert not result.overdue and result.days_left is None
    assert "2027 年节假日安排尚未录入，答复期限待定" in result.alerts
    text = "\n".join(explain(Application(D(2026, 12, 10)), CAL, today=D(2026, 12, 20)))
    assert "→ 期限待定：2027年节假日安排尚未录入" in text
    # A reply recorded in the unpublished year is accepted; whether it was late is pending.
    replied = due(D(2026, 12, 10), Event("replied", D(2027, 1, 8)))
    assert replied.status == "replied" and replied.pending_year == 2027 and not replied.overdue
    # A pause taken within the unpublished year: still pending, the history still checked.
    paused = due(
        D(2026, 12, 10),
        Event("consultation_started", D(2027, 1, 5)),
        Event("consultation_ended", D(2027, 1, 20)),
    )
    assert paused.pending_year == 2027 and paused.due is None
    with pytest.raises(ClockError, match="没有对应的开始事件"):
        due(D(2026, 12, 10), Event("consultation_ended", D(2027, 1, 20)))
    # Once the year is published the same history has a due date (2027 entered here with only
    # 元旦 off): 12/11 (1), 12/14–18 (6), 12/21–25 (11), 12/28–31 (15), 1/1 off, 1/4–1/8 (20).
    new_year = {D(2027, 1, 1): SpecialDay(D(2027, 1, 1), HOLIDAY, "元旦")}
    entered = library_calendar(new_year, extra_years=[2027])
    assert compute_due(Application(D(2026, 12, 10)), entered).due == D(2027, 1, 8)


def test_dates_outside_1949_2100_are_refused():
    # ClockError (a UserError), so importers report the row and go on
    with pytest.raises(ClockError, match="提交日期 9999-12-31 超出可处理的范围"):
        due(D(9999, 12, 31))
    with pytest.raises(ClockError, match="确认收到日期 2101-01-02"):
        due(D(2025, 9, 26), channel="网络", confirmed=D(2101, 1, 2))
    with pytest.raises(ClockError, match="事件「replied」的日期 9999-12-31"):
        due(D(2025, 9, 26), Event("replied", D(9999, 12, 31)))
