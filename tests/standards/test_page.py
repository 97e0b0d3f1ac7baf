"""statistics_page beyond the sample county: a category a unit has no column for."""

import csv
from datetime import date

import pytest

from gongkai.orgs.models import Column, Unit
from gongkai.periods import Period
from gongkai.publishing.services import import_publications
from gongkai.standards.services import compute_statistics, statistics_page

pytestmark = pytest.mark.django_db


def import_items(tmp_path, rows) -> None:
    path = tmp_path / "items.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["单位", "栏目", "标题", "发布日期", "链接"])
        writer.writerows(rows)
    import_publications(path=path)


def test_items_of_a_column_closed_before_the_period_count_nowhere(registry, tmp_path):
    import_items(
        tmp_path,
        [["卫健委", "部门动态", f"动态{i}", f"2023-03-0{i}", ""] for i in range(1, 4)]
        + [["人社局", "部门动态", "人社局动态", "2023-03-05", ""]],
    )
    wjw = Unit.objects.get(name="卫健委")
    Column.objects.filter(unit=wjw, category="news").update(active_to=date(2022, 12, 31))
    period = Period.year(2023)
    page = statistics_page(period=period, period_kind="year")
    full = compute_statistics(period=period, period_kind="year", record_findings=False)
    row = next(r for t in full.tables for r in t.rows if r.unit.id == wjw.pk)
    assert row.counts["news"] is None  # printed "_"
    assert page.monthly_totals["news"][2] == 1  # 人社局's item only
    assert page.monthly_totals["news"] == tuple(
        sum(col)
        for col in zip(
            *(r.monthly["news"] for t in full.tables for r in t.rows if "news" in r.monthly),
            strict=True,
        )
    )


def _rows_sum(result, category: str) -> tuple[int, ...]:
    series = [r.monthly[category] for t in result.tables for r in t.rows if category in r.monthly]
    return tuple(sum(col) for col in zip(*series, strict=True)) if series else (0,) * 12


def test_the_trend_counts_only_the_rows_of_the_tables_shown(registry, tmp_path):
    """A unit closed before the period, a group asked for, one unit's own view: each trend is the
    sum of exactly the rows its tables show."""
    import_items(
        tmp_path,
        [["卫健委", "部门动态", f"卫健委{i}", f"2023-04-0{i}", ""] for i in range(1, 4)]
        + [["人社局", "部门动态", "人社局一条", "2023-04-05", ""]]
        + [["小冀镇", "乡镇动态", f"小冀镇{i}", f"2023-05-0{i}", ""] for i in range(1, 3)],
    )
    Unit.objects.filter(name="人社局").update(active_to=date(2022, 12, 31))  # not in 2023's tables
    period = Period.year(2023)
    for kwargs in (
        {},
        {"group": "乡镇"},
        {"unit_ids": [Unit.objects.get(name="卫健委").pk]},
    ):
        page = statistics_page(period=period, period_kind="year", per_page=500, **kwargs)
        assert page.monthly_totals["news"] == _rows_sum(page, "news"), kwargs
    everything = statistics_page(period=period, period_kind="year", per_page=500)
    assert everything.monthly_totals["news"][3:5] == (3, 2)  # April without 人社局's item
