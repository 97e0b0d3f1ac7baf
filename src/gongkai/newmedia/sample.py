"""The sample county's new-media accounts and their generated posts (`make demo`, golden tests)."""

import csv
from datetime import date, datetime, time, timedelta
from pathlib import Path

import yaml

from gongkai.newmedia.rules import week_monday, week_number
from gongkai.newmedia.services import import_posts, load_accounts

# The sample county's data files (data, not code: the sample package sits above this app).
SAMPLE_DIR = Path(__file__).resolve().parents[1] / "sample" / "xinxiang"
ACCOUNTS_FILE = SAMPLE_DIR / "newmedia-accounts.csv"
POSTS_SPEC = SAMPLE_DIR / "newmedia-posts.yaml"
TOPICS = ("工作动态", "政策解读", "通知公告", "便民服务", "新闻资讯", "图片新闻", "工作简报")


def _spread(start: date, end: date, *, total: int | None, per_week: int | None) -> list[date]:
    """Post days: `total` spread over the weeks (earlier weeks take the remainder) or `per_week`."""
    weeks = []
    number = week_number(start)
    while (monday := week_monday(number)) <= end:
        days = [monday + timedelta(days=i) for i in range(7)]
        weeks.append([d for d in days if start <= d <= end])
        number += 1
    if total is None:
        counts = [per_week or 0] * len(weeks)
    else:
        base, extra = divmod(total, len(weeks))
        counts = [base + (1 if i < extra else 0) for i in range(len(weeks))]
    found = []
    for days, count in zip(weeks, counts, strict=True):
        # Spread the week's posts over its days: Monday, Thursday, Tuesday, Friday, …
        order = sorted(days, key=lambda d: ((d.weekday() * 3) % 7, d))
        found += [order[i % len(order)] for i in range(count)]
    return sorted(found)


def sample_posts() -> list[tuple[str, str, datetime, str]]:
    """(account, title, published, url) for every generated post."""
    spec = yaml.safe_load(POSTS_SPEC.read_text(encoding="utf-8"))
    rows = []
    for number, (account, runs) in enumerate(spec["accounts"].items(), start=1):
        days: list[date] = []
        for run in runs:
            days += _spread(
                run["from"], run["to"], total=run.get("total"), per_week=run.get("per_week")
            )
        per_day: dict[date, int] = {}
        for day in days:
            n = per_day[day] = per_day.get(day, 0) + 1
            topic = TOPICS[(day.toordinal() + n) % len(TOPICS)]
            published = datetime.combine(day, time(8, 30)) + timedelta(minutes=37 * (n - 1))
            rows.append(
                (
                    account,
                    f"{account}{topic}（{day.month}月{day.day}日第{n}期）",
                    published,
                    f"https://newmedia.example.cn/{number}/{day:%Y%m%d}{n:03d}.html",
                )
            )
    return rows


def write_posts(path: Path) -> Path:
    """The generated posts as a platform export would list them (CSV, UTF-8 with BOM)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["账号", "标题", "发布时间", "链接"])
        for account, title, published, url in sample_posts():
            writer.writerow([account, title, published.strftime("%Y-%m-%d %H:%M"), url])
    return path


def load_demo(*, out: Path) -> str:
    """Accounts and posts of the sample county, loaded as an office would: register, then export."""
    accounts = load_accounts(path=ACCOUNTS_FILE)
    posts = write_posts(out / "政务新媒体文章.csv")
    result = import_posts(path=posts, rejects_path=out / "政务新媒体文章-问题行.csv")
    return f"政务新媒体：{accounts.summary()}{result.summary()}"
