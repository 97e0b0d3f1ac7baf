"""Benchmark: page times at province scale (5,000 units, 10 million publications in SQLite).

Each page is requested as the office (Django's test client, the whole view and template) and
printed next to its raw query: the one SQL statement any implementation must at least run to show
that page's numbers (the floor). Medians of `--repeat` requests after one warm-up.

    .venv/bin/python bench/pages.py [--units 5000] [--rows 10000000] [--repeat 3]

The database is built by the import of bench/stats.py's CSV (generated once into bench/data/).
"""

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import stats  # noqa: E402  (bench/stats.py: the data and the database set-up)

TARGET_MS = 300


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--keep", action="store_true", help="keep the database and use it again next time"
    )
    return parser.parse_args()


def median_ms(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    result = fn()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, result


def build(args: argparse.Namespace) -> Path:
    kept = stats.DATA / f"pages-{args.units}u-{args.rows}r.sqlite3"
    if args.keep and kept.exists():
        stats.setup_django(kept)
        print(f"built: the kept database {kept.name}")
        return kept
    db_path = stats.fresh_database(kept.name if args.keep else "pages.sqlite3")
    from django.core.management import call_command

    from gongkai.periods import Period
    from gongkai.publishing.services import import_publications
    from gongkai.standards.services import compute_statistics, load_bundled_standards

    units = stats.unit_names(args.units)
    csv_path = stats.DATA / f"publications-{args.units}u-{args.rows}r.csv"
    if not csv_path.exists():
        stats.write_csv(csv_path, units, args.rows, 2023)
    call_command("migrate", verbosity=0)
    stats.load_registry(units)
    load_bundled_standards()
    started = time.perf_counter()
    import_publications(path=csv_path)
    print(f"built: {args.rows:,} rows imported in {time.perf_counter() - started:.0f} s")
    # Findings of the year (none: every unit of this data meets the standard), then ten a unit
    # of the kind the monthly checks write, so the ledger has a province's rows.
    compute_statistics(period=Period.year(2023), period_kind="year", record_findings=True)
    add_findings()
    return db_path


def add_findings(per_unit: int = 10) -> None:
    from datetime import date

    from gongkai.findings.models import Finding
    from gongkai.orgs.models import Unit

    Finding.objects.bulk_create(
        Finding(
            unit_id=unit_id,
            period_start=date(2023, month, 1),
            period_end=date(2023, month, 28),
            source="bench",
            kind=f"standards.news.monthly.{month}",
            message=f"2023年{month}月动态类信息少于更新标准",
            how_to_fix="按月更新",
        )
        for unit_id in Unit.objects.values_list("id", flat=True)
        for month in range(1, per_unit + 1)
    )


def main() -> None:
    args = parse_args()
    db_path = build(args)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from gongkai.findings.models import Finding
    from gongkai.orgs.models import Account, Role, Unit
    from gongkai.publishing.models import MonthlyCount, Publication
    from gongkai.publishing.selectors import monthly_counts_sql

    user, _ = get_user_model().objects.get_or_create(username="bench-office")
    Account.objects.get_or_create(user=user, defaults={"role": Role.OFFICE})
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    unit = Unit.objects.order_by("id")[len(stats.unit_names(args.units)) // 2]
    table = Publication._meta.db_table

    def raw(sql: str, params: list) -> Callable[[], object]:
        def run() -> object:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()

        return run

    year = ["2023-01-01", "2023-12-31"]
    # The least a page of the year's tables must read: every unit's period totals (to number
    # the rows), from the stored monthly counts.
    totals = raw(
        f"SELECT unit_id, category, SUM(items) FROM {MonthlyCount._meta.db_table} "
        "WHERE month BETWEEN %s AND %s GROUP BY unit_id, category",
        ["2023-01-01", "2023-12-01"],
    )
    pages = [
        ("dashboard, year 2023", "/", totals),
        (
            "unit page, year",
            f"/units/{unit.pk}/?year=2023",
            raw(
                f"SELECT published_on, category FROM {table} "
                "WHERE unit_id = %s AND published_on BETWEEN %s AND %s",
                [unit.pk, *year],
            ),
        ),
        (
            "unit page, one month",
            f"/units/{unit.pk}/?year=2023&month=3",
            raw(
                f"SELECT id, title, published_on FROM {table} WHERE unit_id = %s "
                "AND published_on BETWEEN %s AND %s ORDER BY published_on",
                [unit.pk, "2023-03-01", "2023-03-31"],
            ),
        ),
        (
            "ledger, first page",
            "/ledger/",
            raw(
                f"SELECT * FROM {Finding._meta.db_table} ORDER BY unit_id, period_start LIMIT 50",
                [],
            ),
        ),
        ("API statistics, year", "/api/statistics/?year=2023", totals),
        (
            "publications, a month",
            "/publications/?date_from=2023-12-01&date_to=2023-12-31",
            raw(
                f"SELECT id FROM {table} WHERE published_on BETWEEN %s AND %s "
                "ORDER BY published_on DESC, id DESC LIMIT 50",
                ["2023-12-01", "2023-12-31"],
            ),
        ),
    ]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {connection.Database.sqlite_version}; {Finding.objects.count():,} findings"
    )
    print(
        f"{'page':24} {'page ms':>9} {'raw query ms':>13} {'HTML KB':>8}  target ≤ {TARGET_MS} ms"
    )
    for name, url, query in pages:
        page_ms, response = median_ms(lambda url=url: client.get(url), args.repeat)
        assert response.status_code == 200, (url, response.status_code)
        query_ms, _ = median_ms(query, args.repeat)
        size = len(response.content) / 1024
        verdict = "met" if page_ms <= TARGET_MS else "not met"
        print(f"{name:24} {page_ms:9.0f} {query_ms:13.0f} {size:8.0f}  {verdict}")
    grouped_ms, _ = median_ms(raw(monthly_counts_sql(), year), args.repeat)
    print(f"(the year's GROUP BY over the items, which the pages ran before: {grouped_ms:.0f} ms)")
    if not args.keep:
        stats.remove_database(db_path)


if __name__ == "__main__":
    sys.exit(main())
