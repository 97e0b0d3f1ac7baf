"""The new-media rules over hand-built calendars (no database)."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from gongkai.newmedia.rules import (
    AccountActivity,
    AccountFacts,
    RuleSetError,
    check_account,
    counted_weeks,
    duplicate_platforms,
    load_rule_set,
    months_before,
    rule_set_from,
    week_monday,
    week_number,
)

RULES = load_rule_set()
Q2_2024 = (date(2024, 4, 1), date(2024, 6, 30))  # Monday to Sunday: 13 whole weeks
Q3_2023 = (date(2023, 7, 1), date(2023, 9, 30))  # Saturday to Saturday: split weeks at both ends
ACCOUNT = AccountFacts(key=1, name="新乡县环境", platform="微信公众号", unit_id=7)


def activity(days: list[date]) -> AccountActivity:
    counts: dict[int, int] = {}
    for day in days:
        counts[week_number(day)] = counts.get(week_number(day), 0) + 1
    return AccountActivity(week_counts=counts, posts=len(days), last_post=max(days, default=None))


def twice_weekly(start: date, end: date) -> list[date]:
    """A Monday and a Thursday of every week touching the range (inside it)."""
    days = []
    monday = week_monday(week_number(start))
    while monday <= end:
        days += [d for d in (monday, monday + timedelta(days=3)) if start <= d <= end]
        monday += timedelta(days=7)
    return days


def test_bundled_defaults_are_the_seeds_numbers():
    assert (RULES.posts_per_week, RULES.stale_days, RULES.zombie_months) == (2, 14, 3)
    assert (RULES.partial_weeks, RULES.max_short_weeks) == ("skip", 0)
    assert RULES.source == "newmedia:xinxiang-newmedia@2024"


def test_week_numbers_run_monday_to_sunday():
    assert week_monday(week_number(date(2024, 6, 30))) == date(2024, 6, 24)
    assert week_number(date(2024, 6, 30)) + 1 == week_number(date(2024, 7, 1))
    assert week_number(date(2024, 7, 1)) == week_number(date(2024, 7, 7))


@pytest.mark.parametrize(
    ("period", "opened", "mode", "expected_weeks", "first", "last"),
    [
        # Q2 2024 is exactly 13 calendar weeks.
        (Q2_2024, None, "skip", 13, date(2024, 4, 1), date(2024, 6, 30)),
        # Q3 2023 starts on a Saturday and ends on one: the split weeks are not counted…
        (Q3_2023, None, "skip", 12, date(2023, 7, 3), date(2023, 9, 24)),
        # …or counted with a scaled requirement.
        (Q3_2023, None, "prorate", 14, date(2023, 7, 1), date(2023, 9, 30)),
        # Opened on Wednesday 15 May: weeks before it, and its opening week, are not counted.
        (Q2_2024, date(2024, 5, 15), "skip", 6, date(2024, 5, 20), date(2024, 6, 30)),
        (Q2_2024, date(2024, 5, 15), "prorate", 7, date(2024, 5, 15), date(2024, 6, 30)),
        # Opened on a Monday: that week counts.
        (Q2_2024, date(2024, 5, 20), "skip", 6, date(2024, 5, 20), date(2024, 6, 30)),
    ],
)
def test_counted_weeks(period, opened, mode, expected_weeks, first, last):
    rules = replace(RULES, partial_weeks=mode)
    weeks = counted_weeks(
        rules=rules, start=period[0], end=period[1], check_date=period[1], opened_on=opened
    )
    assert len(weeks) == expected_weeks
    assert (weeks[0].start, weeks[-1].end) == (first, last)


def test_prorated_edge_weeks_require_a_share_rounded_up():
    rules = replace(RULES, partial_weeks="prorate")
    weeks = counted_weeks(rules=rules, start=Q3_2023[0], end=Q3_2023[1], check_date=Q3_2023[1])
    # 1–2 July: 2 days → ⌈2·2/7⌉ = 1; 25–30 September: 6 days → ⌈12/7⌉ = 2; whole weeks 2.
    assert [weeks[0].required, weeks[-1].required] == [1, 2]
    assert {w.required for w in weeks[1:-1]} == {2}


@pytest.mark.parametrize(
    ("posts_in_one_week", "max_short", "passes"),
    [(2, 0, True), (1, 0, False), (0, 0, False), (1, 1, True), (3, 0, True)],
)
def test_exactly_two_posts_in_a_week(posts_in_one_week, max_short, passes):
    # Every week twice, except the week of 13 May, which gets `posts_in_one_week`.
    days = [d for d in twice_weekly(*Q2_2024) if week_number(d) != week_number(date(2024, 5, 13))]
    days += [date(2024, 5, 13) + timedelta(days=i) for i in range(posts_in_one_week)]
    result = check_account(
        ACCOUNT,
        activity(days),
        rules=replace(RULES, max_short_weeks=max_short),
        start=Q2_2024[0],
        end=Q2_2024[1],
        today=date(2024, 7, 10),
    )
    assert result.meets_weekly is passes
    assert result.weeks_short == (0 if posts_in_one_week >= 2 else 1)
    assert result.posts == len(days)


def test_two_short_weeks_fail_when_one_is_allowed():
    days = [d for d in twice_weekly(*Q2_2024) if d.month != 6 or d.day > 14]
    result = check_account(
        ACCOUNT,
        activity(days),
        rules=replace(RULES, max_short_weeks=1),
        start=Q2_2024[0],
        end=Q2_2024[1],
        today=date(2024, 7, 10),
    )
    assert result.weeks_short == 2 and not result.meets_weekly
    weekly = next(p for p in result.problems if p.rule == "weekly_updates")
    assert weekly.evidence["short_weeks"] == ["2024-06-03", "2024-06-10"]


def test_a_week_split_across_quarters_is_judged_in_neither():
    # Nothing posted from Monday 25 September to Sunday 1 October 2023: the week straddles Q3/Q4.
    q3 = twice_weekly(*Q3_2023)
    q4 = (date(2023, 10, 1), date(2023, 12, 31))
    gap = (date(2023, 9, 25), date(2023, 10, 1))
    days = [d for d in q3 + twice_weekly(*q4) if not gap[0] <= d <= gap[1]]
    days.append(date(2023, 9, 24))  # keeps the last two weeks fresh for the 2-week rule
    for start, end in (Q3_2023, q4):
        inside = [d for d in days if start <= d <= end]
        result = check_account(
            ACCOUNT, activity(inside), rules=RULES, start=start, end=end, today=date(2024, 1, 5)
        )
        assert result.meets_weekly, (start, result.problems)
    prorated = check_account(
        ACCOUNT,
        activity([d for d in days if Q3_2023[0] <= d <= Q3_2023[1]]),
        rules=replace(RULES, partial_weeks="prorate"),
        start=Q3_2023[0],
        end=Q3_2023[1],
        today=date(2024, 1, 5),
    )
    # Prorated, both edge pieces fall short: 1–2 July (0 of 1) and 25–30 September (0 of 2).
    assert [w.start for w in prorated.short_weeks] == [date(2023, 7, 1), date(2023, 9, 25)]


def test_an_account_opened_mid_quarter_is_judged_from_its_first_whole_week():
    opened = replace(ACCOUNT, opened_on=date(2024, 5, 15))
    days = twice_weekly(date(2024, 5, 20), Q2_2024[1])
    result = check_account(
        opened,
        activity(days),
        rules=RULES,
        start=Q2_2024[0],
        end=Q2_2024[1],
        today=date(2024, 7, 1),
    )
    assert result.meets_weekly and len(result.weeks) == 6 and result.passes


def test_a_holiday_week_counts_unless_the_rule_set_exempts_it():
    # 劳动节 2024: 1–5 May off (Wednesday to Sunday); nothing posted that week.
    days_off = frozenset(date(2024, 5, d) for d in range(1, 6))
    days = [d for d in twice_weekly(*Q2_2024) if week_number(d) != week_number(date(2024, 5, 1))]
    common = {"start": Q2_2024[0], "end": Q2_2024[1], "today": date(2024, 7, 1)}
    strict = check_account(ACCOUNT, activity(days), rules=RULES, days_off=days_off, **common)
    assert strict.weeks_short == 1 and not strict.meets_weekly
    lenient = replace(RULES, holiday_week_min_days_off=5)
    exempt = check_account(ACCOUNT, activity(days), rules=lenient, days_off=days_off, **common)
    assert exempt.meets_weekly and len(exempt.weeks) == 12


@pytest.mark.parametrize(
    ("last_post", "rule"),
    [
        (date(2024, 6, 30), None),
        (date(2024, 6, 16), None),  # exactly 14 days before the check date: still in the window
        (date(2024, 6, 15), "stale"),  # 15 days before
        (date(2024, 3, 30), "stale"),  # exactly 3 months before: not yet a zombie
        (date(2024, 3, 29), "zombie"),  # more than 3 months
        (None, "zombie"),
    ],
)
def test_two_week_and_three_month_boundaries(last_post, rule):
    facts = replace(ACCOUNT, opened_on=date(2020, 1, 1))
    act = AccountActivity(last_post=last_post)
    result = check_account(
        facts,
        act,
        rules=replace(RULES, posts_per_week=0),
        start=Q2_2024[0],
        end=Q2_2024[1],
        today=date(2024, 8, 1),  # a past quarter is judged on its last day, 30 June
    )
    rules = {p.rule for p in result.problems}
    assert rules == ({rule} if rule else set())
    assert result.status == {None: "active", "stale": "silent", "zombie": "zombie"}[rule]


def test_months_before_clamps_to_the_end_of_shorter_months():
    assert months_before(date(2024, 5, 31), 3) == date(2024, 2, 29)
    assert months_before(date(2024, 1, 15), 3) == date(2023, 10, 15)


def test_registry_rules():
    bad = AccountFacts(
        key=2,
        name="小冀微生活",
        platform="抖音",
        unit_id=None,
        registered=False,
        closed_on=date(2024, 5, 31),
    )
    act = AccountActivity(last_post=date(2024, 5, 30), posts_after_close=4)
    result = check_account(
        bad,
        act,
        rules=replace(RULES, posts_per_week=0),
        start=Q2_2024[0],
        end=Q2_2024[1],
        today=date(2024, 7, 1),
    )
    rules = [p.rule for p in result.problems]
    assert rules == ["not_registered", "naming", "no_unit", "closed_posting"]
    assert result.status == "closed"
    assert "仍发布4条信息" in result.problems[-1].message


@pytest.mark.parametrize(
    ("name", "ok"),
    [("新乡县人民政府", True), ("平安新乡县", True), ("法治新乡县", True), ("小冀微生活", False)],
)
def test_naming_pattern_is_data(name, ok):
    result = check_account(
        replace(ACCOUNT, name=name),
        AccountActivity(last_post=date(2024, 6, 30)),
        rules=replace(RULES, posts_per_week=0),
        start=Q2_2024[0],
        end=Q2_2024[1],
        today=date(2024, 6, 30),
    )
    assert ("naming" not in {p.rule for p in result.problems}) is ok
    stricter = replace(RULES, posts_per_week=0, name_patterns=("^{region}.+局$",))
    assert any(
        p.rule == "naming"
        for p in check_account(
            replace(ACCOUNT, name="平安新乡县"),
            AccountActivity(last_post=date(2024, 6, 30)),
            rules=stricter,
            start=Q2_2024[0],
            end=Q2_2024[1],
            today=date(2024, 6, 30),
        ).problems
    )


def test_one_account_per_unit_and_platform():
    accounts = [
        AccountFacts(1, "新乡县甲", "微信公众号", 5),
        AccountFacts(2, "新乡县乙", "微信公众号", 5),
        AccountFacts(3, "新乡县丙", "微博", 5),
        AccountFacts(4, "新乡县丁", "微信公众号", 6),
        AccountFacts(5, "新乡县戊", "微信公众号", 6, closed_on=date(2024, 3, 1)),
    ]
    found = duplicate_platforms(accounts, rules=RULES, start=Q2_2024[0], end=Q2_2024[1])
    assert {pair: [a.key for a in acc] for pair, acc in found.items()} == {
        (5, "微信公众号"): [1, 2]
    }
    assert not duplicate_platforms(
        accounts,
        rules=replace(RULES, one_account_per_platform=False),
        start=Q2_2024[0],
        end=Q2_2024[1],
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"version": "1"}, "缺少 name"),
        ({"name": "x", "version": "1", "posts_per_weak": 2}, "未知的设置 posts_per_weak"),
        ({"name": "x", "version": "1", "partial_weeks": "half"}, "partial_weeks"),
        ({"name": "x", "version": "1", "stale_days": -1}, "stale_days 应为非负整数"),
        ({"name": "x", "version": "1", "name_patterns": ["("]}, "不是有效的正则表达式"),
    ],
)
def test_bad_rule_sets_are_refused(data, message):
    with pytest.raises(RuleSetError, match=message):
        rule_set_from(data, "rules.yaml")
