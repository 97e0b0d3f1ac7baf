"""Benchmark: 3,000 new-media accounts × one year of posts (≥ 3 million) in SQLite.

Prints the posts/s of `gongkai newmedia import` (the real importer, one transaction) and the time
of a full-year check (every account's weekly counts, last post, Findings not written) next to the
floor: one raw SQL GROUP BY over the same table and date range that any check must at least run.

    .venv/bin/python bench/newmedia.py [--accounts 3000] [--posts 3100000] [--repeat 3] [--keep]

Data and the database go to bench/data/ (git-ignored); the CSV is reused between runs.
"""

import argparse
import csv
import os
import platform
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
YEAR = 2024


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=3000)
    parser.add_argument("--posts", type=int, default=3_200_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the check and of the floor")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args()


def setup_django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["GONGKAI_HOME"] = str(DATA)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    sys.path.insert(0, str(HERE.parent / "src"))
    import django

    django.setup()


PLATFORMS = ("微信公众号", "微博", "抖音")


def account_names(count: int) -> list[tuple[str, str, str]]:
    """(account, platform, unit): three accounts (three platforms) per unit."""
    return [
        (f"基准县第{i // 3:04d}局{PLATFORMS[i % 3]}", PLATFORMS[i % 3], f"第{i // 3:04d}局")
        for i in range(count)
    ]


def write_accounts(path: Path, accounts) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["账号名称", "平台", "主办单位", "是否受监管", "是否备案", "开通日期"])
        for i, (name, platform_name, unit) in enumerate(accounts):
            writer.writerow(
                [name, platform_name, unit, "是", "是" if i % 50 else "否", "2020-01-01"]
            )


def write_posts(path: Path, accounts, total: int) -> None:
    """Posts spread over the year; one account in 20 posts rarely (its weeks fall short)."""
    rng = random.Random(11)
    days = [(date(YEAR, 1, 1) + timedelta(days=d)).isoformat() for d in range(366)]
    per_account = total // len(accounts)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["账号", "平台", "标题", "发布时间", "链接"])
        for index, (name, platform_name, _) in enumerate(accounts):
            posts = per_account // 10 if index % 20 == 0 else per_account
            writer.writerows(
                [
                    name,
                    platform_name,
                    f"{name}工作动态第{n}期",
                    f"{days[rng.randrange(366)]} {rng.randrange(7, 22):02d}:{rng.randrange(60):02d}",
                    f"https://newmedia.example.cn/{index}/{n}.html",
                ]
                for n in range(posts)
            )


def load_registry(accounts) -> None:
    from gongkai.orgs.registry import GroupSpec, RegistrySpec, UnitSpec
    from gongkai.orgs.services import apply_registry

    spec = RegistrySpec(region="基准县", office_name="基准县政务公开办")
    spec.groups = [GroupSpec("department", "部门")]
    for unit in dict.fromkeys(u for _, _, u in accounts):
        spec.units.append(UnitSpec(name=unit, kind="县直部门", group="部门", columns=()))
    apply_registry(spec=spec)


def timed(fn, repeat: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds of each run (the machine is shared: CPU time shows the work)."""
    wall, cpu = [], []
    for _ in range(repeat):
        started, used = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    return wall, cpu


def main() -> None:
    args = parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    db_path = DATA / "newmedia.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    setup_django(db_path)
    from django.core.management import call_command
    from django.db import connection

    from gongkai.newmedia.models import Post
    from gongkai.newmedia.selectors import check_period
    from gongkai.newmedia.services import import_posts, load_accounts
    from gongkai.periods import Period

    call_command("migrate", verbosity=0)
    accounts = account_names(args.accounts)
    load_registry(accounts)
    accounts_csv = DATA / f"newmedia-accounts-{args.accounts}.csv"
    posts_csv = DATA / f"newmedia-posts-{args.accounts}-{args.posts}.csv"
    write_accounts(accounts_csv, accounts)
    if not posts_csv.exists():
        started = time.perf_counter()
        write_posts(posts_csv, accounts, args.posts)
        print(f"wrote {posts_csv.name} in {time.perf_counter() - started:.1f} s")
    load_accounts(path=accounts_csv)

    started, cpu = time.perf_counter(), time.process_time()
    result = import_posts(path=posts_csv, rejects_path=DATA / "newmedia-rejects.csv")
    import_seconds = time.perf_counter() - started
    import_cpu = time.process_time() - cpu
    stored = Post.objects.count()

    period = Period.year(YEAR)
    today = date(YEAR, 12, 31)
    checks: list = []
    check_times, check_cpu = timed(
        lambda: checks.append(check_period(period=period, today=today)), args.repeat
    )
    report = checks[-1]

    def floor() -> None:
        """Posts per account and week: the counts any weekly check must at least compute."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT account_id, week, COUNT(*) FROM newmedia_post "
                "WHERE published_on >= %s AND published_on <= %s GROUP BY account_id, week",
                [period.start.isoformat(), period.end.isoformat()],
            )
            cursor.fetchall()

    def per_account() -> None:
        """For reference: posts per account only (no weeks)."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT account_id, COUNT(*) FROM newmedia_post "
                "WHERE published_on >= %s AND published_on <= %s GROUP BY account_id",
                [period.start.isoformat(), period.end.isoformat()],
            )
            cursor.fetchall()

    floor_times, floor_cpu = timed(floor, args.repeat)
    account_times, account_cpu = timed(per_account, args.repeat)
    failing = sum(1 for c in report.accounts if not c.result.passes)
    check_median, floor_median = statistics.median(check_times), statistics.median(floor_times)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {connection.Database.sqlite_version}"
    )
    print(
        f"import: {result.rows_read:,} rows, {result.imported:,} new, {result.duplicates:,} duplicates, "
        f"{result.rejected:,} rejected in {import_seconds:.1f} s = {result.rows_read / import_seconds:,.0f} posts/s "
        f"(CPU {import_cpu:.1f} s = {result.rows_read / import_cpu:,.0f} posts/s of CPU time)"
    )
    print(
        f"stored: {stored:,} posts of {len(report.accounts):,} accounts ({failing:,} fail the check)"
    )
    print(
        "full-year check: "
        + ", ".join(f"{t:.2f}" for t in check_times)
        + f" s (median {check_median:.2f} s)"
    )
    print(
        "per-account GROUP BY (reference, no weeks): "
        + ", ".join(f"{t:.2f}" for t in account_times)
        + " s; CPU "
        + ", ".join(f"{t:.2f}" for t in account_cpu)
    )
    print(
        "floor GROUP BY account, week: "
        + ", ".join(f"{t:.2f}" for t in floor_times)
        + f" s (median {floor_median:.2f} s)"
    )
    print(
        f"CPU seconds: check {', '.join(f'{t:.2f}' for t in check_cpu)}; "
        f"floor {', '.join(f'{t:.2f}' for t in floor_cpu)}"
    )
    print(f"check / floor = {check_median / floor_median:.2f} (target ≤ 1.5)")
    print(
        f"check / floor, CPU time = {statistics.median(check_cpu) / statistics.median(floor_cpu):.2f}"
    )
    if not args.keep:
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
