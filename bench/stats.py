"""Benchmark: a province-sized year in SQLite (5,000 units, 10 million publications).

Prints the CSV import rate and the time of a full-year `stats` run next to the floor: the one raw
SQL GROUP BY that any implementation must at least run on the same table.

    .venv/bin/python bench/stats.py [--units 5000] [--rows 10000000] [--keep]
    scripts/with-postgres .venv/bin/python bench/stats.py      # the same on PostgreSQL

Data and the database go to bench/data/ (git-ignored); the CSV is reused between runs. With a
PostgreSQL DATABASE_URL the run uses a fresh database `gongkai_bench` on that server instead.
The peak RSS printed is the whole benchmark process's (Django, the registry and the import) and,
separately, the import's helper reader process.
"""

import argparse
import csv
import os
import platform
import random
import resource
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of stats and of the floor")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args()


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def fresh_postgres(url: str) -> str:
    """A new, empty database `gongkai_bench` on the server of `url`; returns its URL."""
    import psycopg

    server = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS gongkai_bench")
        admin.execute("CREATE DATABASE gongkai_bench")
    return f"{server}/gongkai_bench"


def setup_django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = postgres_url() or f"sqlite:///{db_path}"
    os.environ["GONGKAI_HOME"] = str(DATA)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()


def remove_database(db_path: Path) -> None:
    """A SQLite file and its write-ahead log, gone."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)


def fresh_database(name: str) -> Path:
    """An empty SQLite file under bench/data/, with Django set up to use it."""
    DATA.mkdir(parents=True, exist_ok=True)
    db_path = DATA / name
    if postgres_url():
        os.environ["DATABASE_URL"] = fresh_postgres(postgres_url())
    remove_database(db_path)
    setup_django(db_path)
    return db_path


def unit_names(count: int) -> list[tuple[str, str]]:
    """(name, group): a tenth are towns, the rest departments."""
    towns = count // 10
    return [(f"第{i:04d}镇", "乡镇") for i in range(towns)] + [
        (f"第{i:04d}局", "部门") for i in range(count - towns)
    ]


def write_csv(path: Path, units: list[tuple[str, str]], rows: int, year: int) -> None:
    rng = random.Random(7)
    columns = {"乡镇": ("乡镇动态", "乡镇信息公开"), "部门": ("部门动态", "部门信息公开")}
    days = [date(year, 1, 1) + timedelta(days=d) for d in range(365)]
    day_text = [d.isoformat() for d in days]
    day_link = [d.strftime("%Y%m%d") for d in days]
    topics = ("安全生产", "乡村振兴", "防汛备汛", "营商环境", "食品安全", "就业帮扶", "政务公开")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["单位", "栏目", "标题", "发布日期", "链接"])
        for i in range(rows):
            name, group = units[i % len(units)]
            day = rng.randrange(365)
            column = columns[group][0 if rng.random() < 0.7 else 1]
            writer.writerow(
                [
                    name,
                    column,
                    f"{name}开展{topics[i % 7]}工作第{i}期",
                    day_text[day],
                    f"http://www.example.gov.cn/xxgk/{day_link[day][:6]}/t{day_link[day]}_{i}.html",
                ]
            )


def load_registry(units: list[tuple[str, str]]) -> float:
    from gongkai.orgs.registry import ColumnSpec, GroupSpec, RegistrySpec, UnitSpec
    from gongkai.orgs.services import apply_registry

    spec = RegistrySpec(region="基准省", office_name="基准省政务公开办")
    spec.groups = [GroupSpec("township", "乡镇"), GroupSpec("department", "部门")]
    for name, group in units:
        prefix = "乡镇" if group == "乡镇" else "部门"
        spec.units.append(
            UnitSpec(
                name=name,
                kind="乡镇/街道" if group == "乡镇" else "县直部门",
                group=group,
                columns=(
                    ColumnSpec(f"{prefix}动态", "news"),
                    ColumnSpec(f"{prefix}信息公开", "disclosure"),
                ),
            )
        )
    started = time.perf_counter()
    apply_registry(spec=spec)
    return time.perf_counter() - started


def peak_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    args = parse_args()
    db_path = fresh_database("bench.sqlite3")
    from django.core.management import call_command
    from django.db import connection

    from gongkai.periods import Period
    from gongkai.publishing.selectors import monthly_counts_sql
    from gongkai.publishing.services import import_publications
    from gongkai.standards.services import compute_statistics, load_bundled_standards

    units = unit_names(args.units)
    csv_path = DATA / f"publications-{args.units}u-{args.rows}r.csv"
    if not csv_path.exists():
        started = time.perf_counter()
        write_csv(csv_path, units, args.rows, 2023)
        print(
            f"generated {csv_path.name} ({csv_path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.1f} s"
        )
    call_command("migrate", verbosity=0)
    registry_seconds = load_registry(units)
    load_bundled_standards()

    rss_before = peak_rss_mb(resource.RUSAGE_SELF)
    started = time.perf_counter()
    result = import_publications(path=csv_path)
    import_seconds = time.perf_counter() - started
    rss_after = peak_rss_mb(resource.RUSAGE_SELF)
    helper_rss = peak_rss_mb(resource.RUSAGE_CHILDREN)
    assert result.imported == args.rows, result.summary()

    period = Period.year(2023)

    def floor() -> None:
        with connection.cursor() as cursor:
            cursor.execute(monthly_counts_sql(), [period.start.isoformat(), period.end.isoformat()])
            cursor.fetchall()

    def stats() -> None:
        compute_statistics(period=period, period_kind="year", record_findings=False)

    floor()  # warm the page cache once, for both
    floor_times = timed(floor, args.repeat)
    stats_times = timed(stats, args.repeat)
    started = time.perf_counter()
    compute_statistics(period=period, period_kind="year", record_findings=True)
    with_findings = time.perf_counter() - started
    reimport_started = time.perf_counter()
    again = import_publications(path=csv_path, dry_run=False)
    reimport_seconds = time.perf_counter() - reimport_started
    reimport_rss = peak_rss_mb(resource.RUSAGE_SELF)

    floor_median, stats_median = statistics.median(floor_times), statistics.median(stats_times)
    if connection.vendor == "sqlite":
        engine = f"SQLite {connection.Database.sqlite_version}"
    else:
        engine = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {engine}"
    )
    print(f"registry: {args.units} units in {registry_seconds:.1f} s")
    print(
        f"import: {args.rows:,} rows in {import_seconds:.1f} s = {args.rows / import_seconds:,.0f} rows/s"
    )
    print(
        f"import peak RSS: {rss_after:.0f} MB (before the import {rss_before:.0f} MB; helper reader {helper_rss:.0f} MB) — target ≤ 300 MB"
    )
    print(
        f"re-import (all duplicates): {again.duplicates:,} skipped in {reimport_seconds:.1f} s = {args.rows / reimport_seconds:,.0f} rows/s, peak RSS {reimport_rss:.0f} MB"
    )
    print(
        f"floor (raw GROUP BY): median {floor_median:.2f} s of {[round(t, 2) for t in floor_times]}"
    )
    print(
        f"stats --year (no findings): median {stats_median:.2f} s of {[round(t, 2) for t in stats_times]}"
    )
    print(f"stats / floor: {stats_median / floor_median:.2f}x (target ≤ 1.5x)")
    print(f"stats --year with findings stored: {with_findings:.2f} s")
    if connection.vendor == "sqlite":
        print(f"database size: {db_path.stat().st_size / 1e9:.2f} GB")
    if not args.keep:
        remove_database(db_path)


if __name__ == "__main__":
    sys.exit(main())
