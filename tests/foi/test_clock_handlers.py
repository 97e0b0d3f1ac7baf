"""One table per event handler of the reply clock: the state before, the event, the state after.

Dates are in March 2025 (Monday 3/3 received; 3/31 is the 20th working day; 4/4 清明 is off).
"""

from dataclasses import replace
from datetime import date

import pytest

from gongkai.calendar.core import library_calendar
from gongkai.foi.clock import (
    DEFAULT_RULES,
    HANDLERS,
    SAME_DAY_ORDER,
    ClockError,
    ClockRules,
    ClockState,
    Event,
    same_day_order,
)

CAL = library_calendar()
D = date
R = D(2025, 3, 3)
IGNORED = "the event itself, set aside"


def state(**changes) -> ClockState:
    return replace(ClockState(R, R, 20, R), **changes)


def after(before: ClockState, event: Event, rules: ClockRules = DEFAULT_RULES) -> ClockState:
    current = replace(before, alerts=list(before.alerts))
    HANDLERS[event.kind](current, event, CAL, rules)
    return current


def check(before, event, expected, rules=DEFAULT_RULES):
    if isinstance(expected, str):
        with pytest.raises(ClockError, match=expected):
            after(before, event, rules)
        return
    got = after(before, event, rules)
    expected = dict(expected)
    if expected.get("ignored") == IGNORED:
        expected["ignored"] = (event,)
    alerts = expected.pop("alerts", [])
    assert got == replace(before, **expected, alerts=got.alerts)
    assert len(got.alerts) == len(alerts)
    for fragment, alert in zip(alerts, got.alerts, strict=True):
        assert fragment in alert


def test_every_event_kind_has_exactly_one_handler_and_a_same_day_rank():
    assert set(HANDLERS) == set(SAME_DAY_ORDER)


@pytest.mark.parametrize(
    ("before", "day", "expected"),
    [
        (state(), D(2025, 3, 12), {"running_from": None, "status": "awaiting_correction"}),
        (  # the 8th working day: too late (第三十条)
            state(),
            D(2025, 3, 13),
            {"running_from": None, "status": "awaiting_correction", "alerts": ["补正告知晚于"]},
        ),
        (  # a notice in a year with no schedule: cannot be checked, said so
            state(received=D(2026, 12, 24)),
            D(2027, 1, 4),
            {"running_from": None, "status": "awaiting_correction", "alerts": ["2027 年节假日"]},
        ),
    ],
)
def test_correction_requested(before, day, expected):
    check(before, Event("correction_requested", day), expected)


@pytest.mark.parametrize(
    ("before", "day", "expected"),
    [
        (
            state(status="awaiting_correction", running_from=None, elapsed=3, paused_days=2),
            D(2025, 3, 20),
            {
                "start": D(2025, 3, 20),
                "running_from": D(2025, 3, 20),
                "status": "running",
                "elapsed": 0,
                "paused_days": 0,
            },
        ),
        (  # an extension granted before the restart is forgotten; so is an unknown year
            state(status="awaiting_correction", running_from=None, limit=30, unknown_year=2027),
            D(2025, 3, 20),
            {
                "start": D(2025, 3, 20),
                "running_from": D(2025, 3, 20),
                "status": "running",
                "limit": 20,
                "unknown_year": None,
            },
        ),
        (state(), D(2025, 3, 20), "没有补正告知"),
        (state(status="paused", running_from=None), D(2025, 3, 20), "没有补正告知"),
    ],
)
def test_correction_received(before, day, expected):
    check(before, Event("correction_received", day), expected)


@pytest.mark.parametrize("kind", ["consultation_started", "fee_notice"])
@pytest.mark.parametrize(
    ("before", "day", "expected"),
    [
        (  # 5 working days used (3/4–3/10), the clock stops
            state(),
            D(2025, 3, 10),
            {
                "elapsed": 5,
                "running_from": None,
                "status": "paused",
                "pause_started": D(2025, 3, 10),
            },
        ),
        (  # the day before the due date: 19 used
            state(),
            D(2025, 3, 28),
            {
                "elapsed": 19,
                "running_from": None,
                "status": "paused",
                "pause_started": D(2025, 3, 28),
            },
        ),
        (  # on the due date: every day counted, the pause is set aside
            state(),
            D(2025, 3, 31),
            {"ignored": IGNORED, "alerts": ["为答复期限最后一日"]},
        ),
        (  # after the due date: set aside too (the late-pause rule)
            state(),
            D(2025, 4, 1),
            {"ignored": IGNORED, "alerts": ["已过答复期限"]},
        ),
        (state(status="paused", running_from=None), D(2025, 3, 10), "并未在计算中"),
        (state(status="awaiting_correction", running_from=None), D(2025, 3, 10), "并未在计算中"),
        (  # a due date in an unpublished year: the pause is taken, the state stays pending
            state(received=D(2026, 12, 21), start=D(2026, 12, 21), running_from=D(2026, 12, 21)),
            D(2026, 12, 23),
            {
                "running_from": None,
                "status": "paused",
                "unknown_year": 2027,
                "pause_started": D(2026, 12, 23),
            },
        ),
    ],
)
def test_pause_begins(kind, before, day, expected):
    expected = expected if isinstance(expected, str) else dict(expected)
    if "pause_started" in expected:
        expected["pause_kind"] = kind
    if "ignored" in expected:
        expected["late_pauses"] = frozenset({kind})
    check(before, Event(kind, day), expected)


@pytest.mark.parametrize(
    ("opening", "kind"),
    [("consultation_started", "consultation_ended"), ("fee_notice", "fee_paid")],
)
@pytest.mark.parametrize(
    ("before", "day", "expected"),
    [
        (  # paused from 3/10 to 3/24: 10 working days not counted, resumes after 3/24
            dict(status="paused", running_from=None, elapsed=5, pause_started=D(2025, 3, 10)),
            D(2025, 3, 24),
            {
                "status": "running",
                "running_from": D(2025, 3, 24),
                "paused_days": 10,
                "pause_kind": "",
                "pause_started": None,
            },
        ),
        (  # the end of a pause that was set aside: set aside too
            dict(late=True),
            D(2025, 4, 8),
            {"late_pauses": frozenset(), "ignored": IGNORED},
        ),
        (dict(), D(2025, 3, 24), "没有对应的开始事件"),
    ],
)
def test_pause_ends(opening, kind, before, day, expected):
    fields = dict(before)
    if fields.pop("late", False):
        fields["late_pauses"] = frozenset({opening})
    if fields.get("status") == "paused":
        fields["pause_kind"] = opening
    check(state(**fields), Event(kind, day), expected)


def test_pause_ends_only_its_own_kind():
    paused = state(
        status="paused", running_from=None, pause_kind="fee_notice", pause_started=D(2025, 3, 10)
    )
    check(paused, Event("consultation_ended", D(2025, 3, 24)), "没有对应的开始事件")


@pytest.mark.parametrize("kind", ["fee_notice", "fee_paid"])
def test_fee_events_do_nothing_when_the_setting_says_so(kind):
    check(state(), Event(kind, D(2025, 3, 10)), {}, rules=ClockRules(fee_pauses_clock=False))


@pytest.mark.parametrize(
    ("before", "event", "expected"),
    [
        (state(), Event("extension", D(2025, 3, 20), days=20), {"limit": 40, "extended": True}),
        (state(), Event("extension", D(2025, 3, 31), days=5), {"limit": 25, "extended": True}),
        (  # while paused there is no due date to be late for
            state(status="paused", running_from=None, elapsed=5),
            Event("extension", D(2025, 4, 20), days=5),
            {"limit": 25, "extended": True},
        ),
        (
            state(),
            Event("extension", D(2025, 4, 1), days=5),
            {"extended": True, "ignored": IGNORED, "alerts": ["延期决定晚于原答复期限"]},
        ),
        (state(extended=True), Event("extension", D(2025, 3, 20), days=5), "只能延长一次"),
        (state(), Event("extension", D(2025, 3, 20), days=0), "1–20"),
        (state(), Event("extension", D(2025, 3, 20), days=21), "1–20"),
    ],
)
def test_extension(before, event, expected):
    check(before, event, expected)


@pytest.mark.parametrize(
    ("kind", "before", "expected"),
    [
        ("replied", state(), {"status": "replied", "replied_on": D(2025, 3, 20)}),
        (
            "replied",
            state(status="paused", running_from=None),
            {"status": "replied", "replied_on": D(2025, 3, 20)},
        ),
        ("delivered", state(status="replied", replied_on=D(2025, 3, 19)), {}),
        ("delivered", state(), "送达应在答复之后"),
        ("withdrawn", state(), {"status": "withdrawn"}),
        (
            "withdrawn",
            state(status="awaiting_correction", running_from=None),
            {"status": "withdrawn"},
        ),
    ],
)
def test_closing_events(kind, before, expected):
    check(before, Event(kind, D(2025, 3, 20)), expected)


@pytest.mark.parametrize(
    ("before", "kinds", "expected"),
    [
        (
            state(),
            ["replied", "consultation_ended", "consultation_started"],
            ["consultation_started", "consultation_ended", "replied"],
        ),
        (
            state(status="paused", running_from=None, pause_kind="consultation_started"),
            ["consultation_started", "consultation_ended"],
            ["consultation_ended", "consultation_started"],
        ),
        (
            state(late_pauses=frozenset({"fee_notice"})),
            ["fee_notice", "fee_paid"],
            ["fee_paid", "fee_notice"],
        ),
        (
            state(status="awaiting_correction", running_from=None),
            ["correction_requested", "correction_received"],
            ["correction_received", "correction_requested"],
        ),
        (
            state(),
            ["withdrawn", "delivered", "replied", "extension"],
            ["extension", "replied", "delivered", "withdrawn"],
        ),
    ],
)
def test_same_day_order(before, kinds, expected):
    events = [Event(kind, D(2025, 3, 20)) for kind in kinds]
    assert [e.kind for e in same_day_order(events, before)] == expected
