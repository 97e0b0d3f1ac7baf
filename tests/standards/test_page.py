"""statistics_page beyond the sample county: a category a unit has no column for."""

import csv
from datetime import date

import pytest

from gongkai.orgs.models import Column, Unit
from gongkai.periods import Period
from gongkai.publishing.services import import_publications
from gongkai.standards.services import compute_statistics, statistics_page

pytestmark = pytest.mark.django_db


def test_items_of_a_column_closed_before_the_period_count_nowhere(registry, tmp_path):
    path = tmp_path / "a.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["单位", "栏目", "标题", "发布日期", "链接"])
        writer.writerows(
            [["卫健委", "部门动态", f"动态{i}", f"2023-03-0{i}", ""] for i in range(1, 4)]
            + [["人社局", "部门动态", "人社局动态", "2023-03-05", ""]]
        )
    import_publications(path=path)
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
