"""The stored monthly counts: every write of items leaves them equal to a count of the items."""

import csv
import importlib
from collections import Counter
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection

from gongkai.orgs.models import Column, Unit
from gongkai.periods import Period
from gongkai.publishing.models import MonthlyCount, Publication
from gongkai.publishing.selectors import monthly_counts
from gongkai.publishing.services import import_publications, record_crawled_publications

pytestmark = pytest.mark.django_db

HEADER = ["单位", "栏目", "标题", "发布日期", "链接"]


def write_csv(path: Path, rows) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def items(unit: str, column: str, days: list[str], tag: str = "") -> list[list[str]]:
    return [[unit, column, f"{unit}{column}{tag}第{i}条", day, ""] for i, day in enumerate(days)]


def stored() -> dict[tuple[str, str, str], int]:
    return {
        (row.unit.name, row.category, f"{row.month:%Y-%m}"): row.items
        for row in MonthlyCount.objects.select_related("unit")
    }


def counted_from_items() -> dict[tuple[str, str, str], int]:
    return dict(
        Counter(
            (unit, category, f"{day:%Y-%m}")
            for unit, category, day in Publication.objects.values_list(
                "unit__name", "category", "published_on"
            )
        )
    )


JAN_MAR = ["2023-01-05", "2023-01-20", "2023-03-31"]


def test_an_import_stores_the_months_it_wrote(registry, tmp_path):
    rows = items("卫健委", "部门动态", JAN_MAR) + items("卫健委", "部门信息公开", ["2023-03-01"])
    import_publications(path=write_csv(tmp_path / "a.csv", rows))
    assert stored() == {
        ("卫健委", "news", "2023-01"): 2,
        ("卫健委", "news", "2023-03"): 1,
        ("卫健委", "disclosure", "2023-03"): 1,
    }


def test_duplicates_and_a_later_import_keep_every_month_exact(registry, tmp_path):
    first = items("卫健委", "部门动态", JAN_MAR)
    import_publications(path=write_csv(tmp_path / "a.csv", first))
    later = (
        first
        + items("人社局", "部门动态", ["2023-02-10"])
        + items("卫健委", "部门动态", ["2023-03-15"], tag="补")
    )
    result = import_publications(path=write_csv(tmp_path / "b.csv", later))
    assert (result.imported, result.duplicates) == (2, 3)
    assert stored() == counted_from_items()
    assert stored()[("卫健委", "news", "2023-03")] == 2
    assert stored()[("卫健委", "news", "2023-01")] == 2  # a month the import did not touch


def test_the_bulk_path_counts_after_its_indexes_are_rebuilt(registry, tmp_path, settings):
    settings.IMPORT_BULK_BYTES = 1  # every file counts as large
    days = [f"2023-{m:02d}-{d:02d}" for m in (1, 2, 6) for d in (1, 15, 28)]
    rows = items("卫健委", "部门动态", days) + items("卫健委", "部门动态", days[:2])  # 2 duplicates
    result = import_publications(path=write_csv(tmp_path / "big.csv", rows))
    assert result.duplicates == 2
    assert (
        stored()
        == counted_from_items()
        == {
            ("卫健委", "news", "2023-01"): 3,
            ("卫健委", "news", "2023-02"): 3,
            ("卫健委", "news", "2023-06"): 3,
        }
    )


def test_an_import_that_writes_nothing_leaves_the_counts_alone(registry, tmp_path):
    import_publications(path=write_csv(tmp_path / "a.csv", items("卫健委", "部门动态", JAN_MAR)))
    before = stored()
    bad = items("卫健委", "部门动态", ["2023-01-09"], tag="新") + [
        ["无此单位", "x", "t", "2023-01-10", ""]
    ]
    strict = import_publications(path=write_csv(tmp_path / "b.csv", bad), strict=True)
    dry = import_publications(path=write_csv(tmp_path / "c.csv", bad[:1]), dry_run=True)
    assert not strict.written and not dry.written
    assert stored() == before


def test_crawled_items_are_counted(registry):
    unit = Unit.objects.get(name="卫健委")
    column = Column.objects.get(unit=unit, name="部门动态")
    record_crawled_publications(
        items=[
            (
                unit.pk,
                column.pk,
                "门户发现的一条",
                "2023-05-06",
                "http://wjw.example.gov.cn/1.html",
            ),
            (
                unit.pk,
                column.pk,
                "门户发现的两条",
                "2023-05-07",
                "http://wjw.example.gov.cn/2.html",
            ),
        ]
    )
    assert stored() == {("卫健委", "news", "2023-05"): 2}


def test_a_period_with_part_months_counts_only_its_days(registry, tmp_path):
    days = ["2023-01-14", "2023-01-15", "2023-02-01", "2023-02-28", "2023-03-10", "2023-03-11"]
    import_publications(path=write_csv(tmp_path / "a.csv", items("卫健委", "部门动态", days)))
    unit = Unit.objects.get(name="卫健委").pk
    counts = monthly_counts(Period.between(date(2023, 1, 15), date(2023, 3, 10)))
    assert counts == {
        (unit, "news", "2023-01"): 1,
        (unit, "news", "2023-02"): 2,
        (unit, "news", "2023-03"): 1,
    }
    inside_one_month = monthly_counts(Period.between(date(2023, 2, 2), date(2023, 2, 28)))
    assert inside_one_month == {(unit, "news", "2023-02"): 1}


def test_the_migration_counts_the_items_already_stored(registry, tmp_path):
    rows = items("卫健委", "部门动态", JAN_MAR) + items("人社局", "部门信息公开", ["2024-12-31"])
    import_publications(path=write_csv(tmp_path / "a.csv", rows))
    expected = stored()
    MonthlyCount.objects.all().delete()
    migration = importlib.import_module("gongkai.publishing.migrations.0006_monthly_counts")
    migration.count_stored_items(django_apps, SimpleNamespace(connection=connection))
    assert stored() == expected == counted_from_items()
