"""Reads of published items: one unit's items of a period, asked day by day."""

from datetime import date

import pytest

from gongkai.orgs.models import Unit
from gongkai.publishing.selectors import unit_items
from gongkai.publishing.services import import_publications

pytestmark = pytest.mark.django_db

ROWS = [
    ("卫健委", "部门动态", "年初一条", "2023-01-01"),
    ("卫健委", "部门动态", "三月一条", "2023-03-15"),
    ("卫健委", "部门信息公开", "年末一条", "2023-12-31"),
    ("卫健委", "部门动态", "下一年一条", "2024-01-01"),
    ("人社局", "部门动态", "别的单位", "2023-03-15"),
]


@pytest.fixture
def items(registry, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(
        "单位,栏目,标题,发布日期\n" + "".join(",".join(row) + "\n" for row in ROWS),
        encoding="utf-8",
    )
    import_publications(path=path)
    return Unit.objects.get(name="卫健委").pk


def _titles(queryset) -> set[str]:
    return set(queryset.values_list("title", flat=True))


def test_a_units_year_includes_both_ends_and_nothing_else(items):
    year = unit_items(items, date(2023, 1, 1), date(2023, 12, 31))
    assert _titles(year) == {"年初一条", "三月一条", "年末一条"}
    assert _titles(unit_items(items, date(2023, 3, 1), date(2023, 3, 31))) == {"三月一条"}
    assert not unit_items(items, date(2023, 4, 1), date(2023, 4, 30)).exists()


def test_a_longer_span_gives_the_same_as_a_range(items):
    """Over 400 days the query is a plain range: the same answer."""
    span = unit_items(items, date(2022, 6, 1), date(2024, 1, 1))
    assert _titles(span) == {"年初一条", "三月一条", "年末一条", "下一年一条"}
