"""Reads of the new-media app: the check of a period, the 附件3 table, charts, and who sees what."""

import functools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection
from django.db.models import Count, Max, QuerySet
from django.http import Http404

from gongkai.newmedia.models import NewMediaAccount, Post
from gongkai.newmedia.rules import (
    AccountActivity,
    AccountFacts,
    AccountResult,
    Problem,
    RuleSet,
    check_account,
    check_date_for,
    counted_weeks,
    duplicate_platforms,
    duplicate_problem,
    load_rule_set,
    week_monday,
    week_number,
)
from gongkai.orgs.models import Unit
from gongkai.orgs.selectors import can_manage_imports, sees_every_unit, units_for_user
from gongkai.periods import Period

STATUS_LABELS = {
    "active": "正常更新",
    "silent": "近期未更新",
    "zombie": "僵尸账号",
    "closed": "已注销",
}


@dataclass
class AccountCheck:
    account_id: int
    name: str
    platform: str
    unit_id: int | None
    unit: str
    supervised: bool
    registered: bool
    result: AccountResult

    @property
    def kinds(self) -> list[str]:
        return [finding_kind(p, self.account_id) for p in self.result.problems]

    def json(self) -> dict:
        return {
            "account": self.name,
            "unit": self.unit or None,
            "platform": self.platform,
            "posts": self.result.posts,
            "weeks_short": self.result.weeks_short,
            "weeks_counted": len(self.result.weeks),
            "last_post": self.result.last_post.isoformat() if self.result.last_post else None,
            "passes": self.result.passes,
            "status": self.result.status,
            "registered": self.registered,
            "supervised": self.supervised,
            "findings": [
                {"kind": kind, "message": p.message}
                for kind, p in zip(self.kinds, self.result.problems, strict=True)
            ],
        }


def finding_kind(problem: Problem, account_id: int) -> str:
    """`newmedia.<rule>.<account id>`: one Finding per account and rule."""
    return f"newmedia.{problem.rule}.{account_id}"


@dataclass
class CheckReport:
    period: Period
    rules: RuleSet
    check_date: date
    accounts: list[AccountCheck]
    duplicates: dict[tuple[int, str], list[AccountFacts]] = field(default_factory=dict)
    unit_ids: list[int] = field(default_factory=list)

    def finding_problems(self):
        """(unit_id, kind, problem) for every problem that has a unit to hold it."""
        for check in self.accounts:
            if check.unit_id is None:
                continue  # no owning unit: reported by the check, no unit to hold a Finding
            for problem in check.result.problems:
                yield check.unit_id, finding_kind(problem, check.account_id), problem
        for (unit_id, platform), accounts in self.duplicates.items():
            problem = duplicate_problem(platform, accounts)
            yield unit_id, f"newmedia.duplicate_platform.{platform}", problem

    def json(self) -> dict:
        return {
            "period": {
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
                "label": self.period.label,
            },
            "rules": {"name": self.rules.name, "version": self.rules.version},
            "check_date": self.check_date.isoformat(),
            "accounts": [a.json() for a in self.accounts],
            "duplicates": [
                {
                    "unit_id": unit_id,
                    "platform": platform,
                    "accounts": [a.name for a in accounts],
                }
                for (unit_id, platform), accounts in self.duplicates.items()
            ],
        }


def _day(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


# Weeks a summary row can flag in one 64-bit mask (a year has at most 54).
MASK_WEEKS = 62
IN_CHUNK = 500


def week_summary(start: date, end: date, required: int) -> dict[int, tuple[int, int, int]]:
    """account → (posts, mask, last week) for posts in [start, end], in one pass over the index.

    Bit k of the mask is set when week `week_number(start) + k` has at least `required` posts, so
    only one row per account leaves the database; the check needs exact counts only for the
    weeks that fall short (`week_counts`).
    """
    table = Post._meta.db_table
    first = int(week_number(start))
    sql = (
        f"SELECT account_id, SUM(n), SUM(CASE WHEN n >= {int(required)} "
        f"THEN CAST(1 AS BIGINT) << (week - {first}) ELSE 0 END), MAX(week) "
        f"FROM (SELECT account_id, week, COUNT(*) AS n FROM {table} "
        "WHERE week >= %s AND week <= %s AND published_on >= %s AND published_on <= %s "
        "GROUP BY account_id, week) AS weekly GROUP BY account_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [first, week_number(end), start.isoformat(), end.isoformat()])
        return {a: (int(posts), int(mask), week) for a, posts, mask, week in cursor.fetchall()}


def week_counts(start: date, end: date, account_ids: list[int]) -> dict[int, dict[int, int]]:
    """account → {week: posts} in [start, end] for these accounts."""
    table = Post._meta.db_table
    found: dict[int, dict[int, int]] = defaultdict(dict)
    with connection.cursor() as cursor:
        for at in range(0, len(account_ids), IN_CHUNK):
            chunk = account_ids[at : at + IN_CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT account_id, week, COUNT(*) FROM {table} WHERE account_id IN ({marks}) "
                "AND week >= %s AND week <= %s AND published_on >= %s AND published_on <= %s "
                "GROUP BY account_id, week",
                [*chunk, week_number(start), week_number(end), start.isoformat(), end.isoformat()],
            )
            for account_id, week, posts in cursor.fetchall():
                found[account_id][week] = posts
    return found


def last_days(last_weeks: dict[int, int], until: date) -> dict[int, date]:
    """account → its last post day on or before `until`, given the week it falls in (an index seek
    per account: cheaper than carrying MAX(published_on) through the weekly GROUP BY)."""
    table = Post._meta.db_table
    found = {}
    with connection.cursor() as cursor:
        for account_id, week in last_weeks.items():
            cursor.execute(
                f"SELECT MAX(published_on) FROM {table} "
                "WHERE account_id = %s AND week = %s AND published_on <= %s",
                [account_id, week, until.isoformat()],
            )
            (last,) = cursor.fetchone()
            if last is not None:
                found[account_id] = _day(last)
    return found


@functools.lru_cache(maxsize=64)
def _plan_mask(offsets: tuple[int, ...]) -> int:
    return sum(1 << offset for offset in offsets)


def _weekly_activity(
    accounts: list[dict], rules: RuleSet, period: Period, check_date: date, days_off
) -> tuple[dict[int, dict[int, int]], set[int], dict[int, int], dict[int, date]]:
    """(week counts, accounts whose counted weeks all met the rule, posts, last post day), from
    as few rows as the rules allow: exact weekly counts only for accounts with a short week."""
    start = period.start
    met: set[int] = set()
    span = week_number(check_date) - week_number(start)
    if rules.partial_weeks == "skip" and span < MASK_WEEKS:
        summary = week_summary(start, check_date, rules.posts_per_week)
        first = week_number(start)
        short_ids = []
        for account in accounts:
            _, mask, _ = summary.get(account["pk"], (0, 0, 0))
            plan = counted_weeks(
                rules=rules,
                start=start,
                end=period.end,
                check_date=check_date,
                opened_on=account["opened_on"],
                closed_on=account["closed_on"],
                days_off=days_off,
            )
            wanted = _plan_mask(tuple(w.number - first for w in plan))
            if mask & wanted == wanted:
                met.add(account["pk"])  # every counted week met the requirement
            else:
                short_ids.append(account["pk"])
        weeks = week_counts(start, check_date, short_ids)
        posts = {a: row[0] for a, row in summary.items()}
        last_weeks = {a: row[2] for a, row in summary.items()}
    else:
        weeks = week_counts(start, check_date, [a["pk"] for a in accounts])
        met = set()
        posts = {a: sum(w.values()) for a, w in weeks.items()}
        last_weeks = {a: max(w) for a, w in weeks.items() if w}
    return weeks, met, posts, last_days(last_weeks, check_date)


def check_period(
    *,
    period: Period,
    today: date,
    rules: RuleSet | None = None,
    days_off: frozenset[date] = frozenset(),
) -> CheckReport:
    """Every account's check for the period, as of `today` (a past period: its last day)."""
    rules = rules or load_rule_set()
    check_date = check_date_for(period.end, today)
    accounts = list(
        NewMediaAccount.objects.order_by("order", "id").values(
            "pk",
            "name",
            "platform",
            "unit_id",
            "unit__name",
            "supervised",
            "registered",
            "opened_on",
            "closed_on",
        )
    )
    weeks, met, posts, last = _weekly_activity(accounts, rules, period, check_date, days_off)
    without = [a["pk"] for a in accounts if a["pk"] not in last]
    earlier = dict(
        Post.objects.filter(account_id__in=without, published_on__lt=period.start)
        .values("account_id")
        .annotate(last=Max("published_on"))
        .values_list("account_id", "last")
    )
    after_close: dict[int, int] = {}
    for account in accounts:
        closed_on = account["closed_on"]
        if closed_on and closed_on < period.end:
            after_close[account["pk"]] = Post.objects.filter(
                account_id=account["pk"],
                published_on__gt=max(closed_on, period.start - timedelta(days=1)),
                published_on__lte=period.end,
            ).count()
    checks, facts_list = [], []
    for account in accounts:
        pk = account["pk"]
        if account["opened_on"] and account["opened_on"] > check_date:
            continue
        closed_before = account["closed_on"] and account["closed_on"] < period.start
        if closed_before and not after_close.get(pk):
            continue
        facts = AccountFacts(
            key=pk,
            name=account["name"],
            platform=account["platform"],
            unit_id=account["unit_id"],
            registered=account["registered"],
            opened_on=account["opened_on"],
            closed_on=account["closed_on"],
        )
        activity = AccountActivity(
            week_counts=weeks.get(pk, {}),
            posts=posts.get(pk, 0),
            last_post=last.get(pk) or earlier.get(pk),
            posts_after_close=after_close.get(pk, 0),
            all_weeks_met=pk in met,
        )
        result = check_account(
            facts,
            activity,
            rules=rules,
            start=period.start,
            end=period.end,
            today=today,
            days_off=days_off,
        )
        facts_list.append(facts)
        checks.append(
            AccountCheck(
                account_id=pk,
                name=account["name"],
                platform=account["platform"],
                unit_id=account["unit_id"],
                unit=account["unit__name"] or "",
                supervised=account["supervised"],
                registered=account["registered"],
                result=result,
            )
        )
    return CheckReport(
        period=period,
        rules=rules,
        check_date=check_date,
        accounts=checks,
        duplicates=duplicate_platforms(facts_list, rules=rules, start=period.start, end=period.end),
        unit_ids=list(Unit.objects.values_list("id", flat=True)),
    )


def supervised_table(report: CheckReport) -> dict:
    """附件3: the supervised accounts, most posts first; and what the bulletin paragraph states."""
    supervised = [c for c in report.accounts if c.supervised]
    ranked = sorted(supervised, key=lambda c: -c.result.posts)
    rows = [
        [
            str(number),
            f"{c.name}（{c.unit}）" if c.unit else c.name,
            str(c.result.posts),
            "是" if c.result.meets_weekly else "否",
        ]
        for number, c in enumerate(ranked, start=1)
    ]
    failing = [c.name for c in supervised if not c.result.passes]
    return {
        "count": len(supervised),
        "names": "、".join(c.name for c in supervised),
        "total": sum(c.result.posts for c in supervised),
        "all_meet": not failing,
        "failing": "、".join(failing),
        "table": {
            "title": f"{report.period.label}全县政务新媒体检查情况",
            "headers": [
                "序号",
                "政务新媒体",
                "发表文章数量",
                f"是否达到每周更新{_times(report.rules)}要求",
            ],
            "rows": rows,
            "widths": [8, 36, 14, 18],
        },
    }


def _times(rules: RuleSet) -> str:
    """ "两次" as the bulletin writes it, for any number a rule set may set."""
    words = {1: "一次", 2: "两次", 3: "三次", 4: "四次", 5: "五次", 7: "七次"}
    return words.get(rules.posts_per_week, f"{rules.posts_per_week}次")


def accounts_for_user(user: AbstractBaseUser | AnonymousUser) -> QuerySet[NewMediaAccount]:
    """The accounts a login may see: the office (and read-only roles) all, a unit only its own."""
    accounts = NewMediaAccount.objects.select_related("unit")
    if sees_every_unit(user):
        return accounts.all()  # including accounts with no owning unit
    return accounts.filter(unit__in=units_for_user(user))


def can_edit_accounts(user: AbstractBaseUser | AnonymousUser) -> bool:
    """The office keeps the register (as it imports data); leaders and evaluators only read."""
    return can_manage_imports(user)


def get_account_for_user(user, account_id: int) -> NewMediaAccount:
    """An account the user may see, or 404 (outsiders do not learn that it exists)."""
    account = accounts_for_user(user).filter(pk=account_id).first()
    if account is None:
        raise Http404("账号不存在或无权查看")
    return account


def weekly_series(account: NewMediaAccount, start: date, end: date) -> list[tuple[date, int]]:
    """(Monday, posts) for every week touching [start, end], empty weeks included."""
    counts = dict(
        Post.objects.filter(account=account, published_on__gte=start, published_on__lte=end)
        .values("week")
        .annotate(n=Count("id"))
        .values_list("week", "n")
    )
    return [
        (week_monday(w), counts.get(w, 0)) for w in range(week_number(start), week_number(end) + 1)
    ]


def latest_post_day() -> date | None:
    return Post.objects.order_by("-published_on").values_list("published_on", flat=True).first()


def recent_posts(account: NewMediaAccount, limit: int = 20) -> QuerySet[Post]:
    return Post.objects.filter(account=account).order_by("-published_on", "-published_time")[:limit]
