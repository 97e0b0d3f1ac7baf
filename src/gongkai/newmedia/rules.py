"""Checks of government new-media accounts (pure; no Django): weekly updates, stale and zombie
accounts, 备案, naming, one account per unit and platform, closed accounts still posting.

Weeks are calendar weeks, Monday to Sunday, numbered `(date.toordinal() - 1) // 7` (day 1 of the
proleptic calendar is a Monday), so the database can group posts by a stored week number.
A week counts for the "N posts a week" rule only where it lies in the period, on or after the day
the account opened, on or before the day it closed, and on or before the check date. By default
(`partial_weeks: skip`) a week that the period or the account's life covers only in part is not
counted at all: a week split across two quarters is judged in neither, and the week an account
opened in is not held against it. `partial_weeks: prorate` counts such weeks with the requirement
scaled to the days covered (rounded up). Holiday weeks count like any other unless
`holiday_week_min_days_off` is set. The account fails the rule when more than `max_short_weeks`
weeks fall short (0: any short week fails).

The check date is `min(today, period end)`: a past quarter is judged as on its last day.
"No post in the `stale_days` days before the check date" fails when the last post is more than
`stale_days` days before it (a post exactly 14 days before still counts). An account is a zombie
when its last post (or, with no post at all, its opening day) lies more than `zombie_months`
calendar months before the check date (exactly 3 months is not yet "more than").
"""

import calendar
import functools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

from gongkai.errors import UserError

BUNDLED = Path(__file__).resolve().parent / "bundled"
PLATFORMS = ("微信公众号", "微博", "抖音", "今日头条", "快手", "视频号", "其他")
PARTIAL_WEEK_MODES = ("skip", "prorate")


class RuleSetError(UserError):
    """A rule-set file that cannot be used; names the file and the key."""


def week_number(day: date) -> int:
    """The Monday-to-Sunday week a day falls in, as a number that grows by one a week."""
    return (day.toordinal() - 1) // 7


def week_monday(number: int) -> date:
    return date.fromordinal(number * 7 + 1)


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day where it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class RuleSet:
    name: str
    version: str
    title: str = ""
    posts_per_week: int = 2
    partial_weeks: str = "skip"
    max_short_weeks: int = 0
    holiday_week_min_days_off: int | None = None
    stale_days: int = 14
    zombie_months: int = 3
    regions: tuple[str, ...] = ()
    name_patterns: tuple[str, ...] = ("{region}",)
    one_account_per_platform: bool = True

    @property
    def source(self) -> str:
        """The Findings' source: the rule set and its version."""
        return f"newmedia:{self.name}@{self.version}"

    def name_regexes(self) -> tuple[re.Pattern, ...]:
        return _name_regexes(self.name_patterns, self.regions)


@functools.lru_cache(maxsize=32)
def _name_regexes(patterns: tuple[str, ...], regions: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    return tuple(
        re.compile(pattern.replace("{region}", re.escape(region)))
        for pattern in patterns
        for region in regions or ("",)
    )


def rule_set_from(data: object, source: str) -> RuleSet:
    if not isinstance(data, dict):
        raise RuleSetError(f"{source}: 应为键值映射")
    for key in ("name", "version"):
        if not data.get(key):
            raise RuleSetError(f"{source}: 缺少 {key}")
    known = set(RuleSet.__dataclass_fields__)
    unknown = sorted(set(data) - known)
    if unknown:
        raise RuleSetError(f"{source}: 未知的设置 {'、'.join(unknown)}")
    values = dict(data)
    values["name"], values["version"] = str(data["name"]), str(data["version"])
    for key in ("regions", "name_patterns"):
        if key in values:
            values[key] = tuple(str(v) for v in values[key] or ())
    for key in ("posts_per_week", "max_short_weeks", "stale_days", "zombie_months"):
        if key in values and (not isinstance(values[key], int) or values[key] < 0):
            raise RuleSetError(f"{source}: {key} 应为非负整数")
    if values.get("partial_weeks", "skip") not in PARTIAL_WEEK_MODES:
        raise RuleSetError(f"{source}: partial_weeks 应为 {' 或 '.join(PARTIAL_WEEK_MODES)}")
    for pattern in values.get("name_patterns", ()):
        try:
            re.compile(pattern.replace("{region}", ""))
        except re.error as exc:
            raise RuleSetError(
                f"{source}: 名称规则「{pattern}」不是有效的正则表达式（{exc}）"
            ) from None
    return RuleSet(**values)


def load_rule_set(path: Path | None = None) -> RuleSet:
    path = path or BUNDLED / "rules-2024.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleSetError(f"{path.name}: 无法读取（{exc}）") from None
    return rule_set_from(data, path.name)


@dataclass(frozen=True)
class AccountFacts:
    """What the registry says of one account."""

    key: int
    name: str
    platform: str
    unit_id: int | None
    registered: bool = True  # 备案
    opened_on: date | None = None
    closed_on: date | None = None


@dataclass(frozen=True)
class AccountActivity:
    """What its posts say: posts per week number in the period, and dates that matter."""

    week_counts: Mapping[int, int] = field(default_factory=dict)
    posts: int = 0  # in the period
    last_post: date | None = None  # on or before the check date
    posts_after_close: int = 0  # in the period, after the closing day
    # True when the caller already knows every counted week met the requirement (a database
    # summary said so): the weeks are then not compared one by one.
    all_weeks_met: bool = False


@dataclass(frozen=True)
class Week:
    number: int
    start: date  # Monday, or where the counted part begins
    end: date
    required: int
    posts: int = 0

    @property
    def short(self) -> bool:
        return self.posts < self.required


@dataclass(frozen=True)
class Problem:
    rule: str  # weekly_updates, stale, zombie, not_registered, naming, no_unit, closed_posting…
    message: str
    how_to_fix: str
    evidence: dict = field(default_factory=dict)


@dataclass(frozen=True)
class AccountResult:
    account: AccountFacts
    check_date: date
    posts: int
    weeks: tuple[Week, ...]  # the weeks counted (requirements; posts in `short_weeks`)
    short_weeks: tuple[Week, ...]  # the weeks that fell short, with their posts
    last_post: date | None
    problems: tuple[Problem, ...]

    @property
    def weeks_short(self) -> int:
        return len(self.short_weeks)

    @property
    def meets_weekly(self) -> bool:
        return not any(p.rule == "weekly_updates" for p in self.problems)

    @property
    def passes(self) -> bool:
        """Meets the update rules (N a week, and a post in the last two weeks)."""
        return not any(p.rule in ("weekly_updates", "stale", "zombie") for p in self.problems)

    @property
    def status(self) -> str:
        """active / silent / zombie / closed: the accounts page's status at a glance."""
        rules = {p.rule for p in self.problems}
        if self.account.closed_on and self.account.closed_on <= self.check_date:
            return "closed"
        if "zombie" in rules:
            return "zombie"
        if "stale" in rules:
            return "silent"
        return "active"


def counted_weeks(
    *,
    rules: RuleSet,
    start: date,
    end: date,
    check_date: date,
    opened_on: date | None = None,
    closed_on: date | None = None,
    days_off: frozenset[date] = frozenset(),
) -> list[Week]:
    """The weeks of the period the weekly rule applies to, with each week's requirement."""
    return list(
        _counted_weeks(rules, start, end, check_date, opened_on, closed_on, frozenset(days_off))
    )


@functools.lru_cache(maxsize=256)
def _counted_weeks(
    rules: RuleSet,
    start: date,
    end: date,
    check_date: date,
    opened_on: date | None,
    closed_on: date | None,
    days_off: frozenset[date],
) -> tuple[Week, ...]:
    # Accounts of a county share a few opening dates: their week plans are computed once.
    first = max(start, opened_on) if opened_on else start
    last = min(end, check_date, closed_on) if closed_on else min(end, check_date)
    weeks: list[Week] = []
    if first > last:
        return ()
    number = week_number(first)
    while (monday := week_monday(number)) <= last:
        sunday = monday + timedelta(days=6)
        part_start, part_end = max(monday, first), min(sunday, last)
        covered = (part_end - part_start).days + 1
        number += 1
        if covered < 7 and rules.partial_weeks == "skip":
            continue
        off = sum(1 for d in days_off if part_start <= d <= part_end)
        if rules.holiday_week_min_days_off is not None and off >= rules.holiday_week_min_days_off:
            continue
        required = math.ceil(rules.posts_per_week * covered / 7)
        weeks.append(Week(number - 1, part_start, part_end, required))
    return tuple(weeks)


def check_date_for(end: date, today: date) -> date:
    return min(today, end)


def check_account(
    account: AccountFacts,
    activity: AccountActivity,
    *,
    rules: RuleSet,
    start: date,
    end: date,
    today: date,
    days_off: frozenset[date] = frozenset(),
) -> AccountResult:
    """All account-level rules for one account over the period [start, end]."""
    check_date = check_date_for(end, today)
    weeks = _counted_weeks(
        rules, start, end, check_date, account.opened_on, account.closed_on, days_off
    )
    counts = activity.week_counts
    short = (
        []
        if activity.all_weeks_met
        else [
            Week(w.number, w.start, w.end, w.required, counts.get(w.number, 0))
            for w in weeks
            if counts.get(w.number, 0) < w.required
        ]
    )
    problems: list[Problem] = []
    name = account.name
    live = account.closed_on is None or account.closed_on > check_date
    opened = account.opened_on is None or account.opened_on <= check_date
    if len(short) > rules.max_short_weeks:
        listed = "、".join(f"{w.start:%m-%d}至{w.end:%m-%d}（{w.posts}条）" for w in short[:5])
        more = f"等{len(short)}周" if len(short) > 5 else f"共{len(short)}周"
        problems.append(
            Problem(
                "weekly_updates",
                f"政务新媒体「{name}」未达到每周更新{rules.posts_per_week}次要求：{listed}{more}",
                f"政务新媒体每周更新不少于{rules.posts_per_week}次",
                {
                    "account": name,
                    "weeks_short": len(short),
                    "weeks_counted": len(weeks),
                    "short_weeks": [w.start.isoformat() for w in short],
                },
            )
        )
    if live and opened:
        last = activity.last_post
        since = last or account.opened_on
        zombie = since is None or since < months_before(check_date, rules.zombie_months)
        stale_from = check_date - timedelta(days=rules.stale_days)
        last_text = f"最后更新于{last.isoformat()}" if last else "从未更新"
        if zombie:
            problems.append(
                Problem(
                    "zombie",
                    f"政务新媒体「{name}」超过{rules.zombie_months}个月未更新（{last_text}），属“僵尸”账号",
                    "恢复更新或按程序注销账号",
                    {"account": name, "last_post": last.isoformat() if last else None},
                )
            )
        elif last is None or last < stale_from:
            problems.append(
                Problem(
                    "stale",
                    f"政务新媒体「{name}」检查日{check_date.isoformat()}前{rules.stale_days}天内无更新（{last_text}）",
                    "及时更新政务新媒体内容",
                    {"account": name, "last_post": last.isoformat() if last else None},
                )
            )
    if not account.registered:
        problems.append(
            Problem(
                "not_registered",
                f"政务新媒体「{name}」（{account.platform}）未备案",
                "按规定办理政务新媒体备案",
                {"account": name},
            )
        )
    if not any(regex.search(name) for regex in rules.name_regexes()):
        problems.append(
            Problem(
                "naming",
                f"政务新媒体「{name}」名称不规范（未体现地区和单位）",
                "规范账号名称，体现所属地区和单位",
                {"account": name, "patterns": list(rules.name_patterns)},
            )
        )
    if account.unit_id is None:
        problems.append(
            Problem(
                "no_unit",
                f"政务新媒体「{name}」没有登记主办单位",
                "明确账号主办单位",
                {"account": name},
            )
        )
    if activity.posts_after_close:
        problems.append(
            Problem(
                "closed_posting",
                f"政务新媒体「{name}」已于{account.closed_on}注销，仍发布{activity.posts_after_close}条信息",
                "已注销账号停止发布或重新办理开通",
                {"account": name, "posts_after_close": activity.posts_after_close},
            )
        )
    return AccountResult(
        account=account,
        check_date=check_date,
        posts=activity.posts,
        weeks=weeks,
        short_weeks=tuple(short),
        last_post=activity.last_post,
        problems=tuple(problems),
    )


def duplicate_platforms(
    accounts: Iterable[AccountFacts], *, rules: RuleSet, start: date, end: date
) -> dict[tuple[int, str], list[AccountFacts]]:
    """(unit, platform) → its accounts, where a unit has more than one live in the period."""
    if not rules.one_account_per_platform:
        return {}
    by_pair: dict[tuple[int, str], list[AccountFacts]] = defaultdict(list)
    for account in accounts:
        if account.unit_id is None or account.platform == "其他":
            continue
        if account.closed_on and account.closed_on < start:
            continue
        if account.opened_on and account.opened_on > end:
            continue
        by_pair[(account.unit_id, account.platform)].append(account)
    return {pair: found for pair, found in by_pair.items() if len(found) > 1}


def duplicate_problem(platform: str, accounts: list[AccountFacts]) -> Problem:
    names = "、".join(f"「{a.name}」" for a in accounts)
    return Problem(
        "duplicate_platform",
        f"同一单位在{platform}开设{len(accounts)}个账号：{names}",
        "同一单位在同一平台原则上只开设一个账号，整合或注销多余账号",
        {"platform": platform, "accounts": [a.name for a in accounts]},
    )
