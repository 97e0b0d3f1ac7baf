"""Reads of published items for the other capabilities (they never query the publishing tables
themselves): monthly counts, period totals, titles."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Count, Max, Min, QuerySet

from gongkai.periods import Period
from gongkai.publishing.models import Publication


def unit_items(unit_id: int, start: date, end: date) -> QuerySet[Publication]:
    """One unit's items between two days (at most a year of days).

    Asked day by day (`published_on IN (…)`): the one date-first index then finds each day's
    entries of the unit directly instead of reading the whole period's index for one unit (10 M
    rows, one unit's year: 677 ms as a range, a few ms day by day) — no second index to build on
    every import.
    """
    days = [date.fromordinal(n) for n in range(start.toordinal(), end.toordinal() + 1)]
    if len(days) > 400:
        return Publication.objects.filter(
            unit_id=unit_id, published_on__gte=start, published_on__lte=end
        )
    return Publication.objects.filter(unit_id=unit_id, published_on__in=days)


def _month_expression() -> str:
    if connection.vendor == "sqlite":
        return "substr(published_on, 1, 7)"
    return "to_char(published_on, 'YYYY-MM')"


def monthly_counts_sql() -> str:
    """The one GROUP BY the statistics need (also the floor the benchmark measures)."""
    table = Publication._meta.db_table
    month = _month_expression()
    return (
        f"SELECT unit_id, category, {month} AS month, COUNT(*) FROM {table} "
        "WHERE published_on BETWEEN %s AND %s GROUP BY unit_id, category, month"
    )


def monthly_counts(period: Period) -> dict[tuple[int, str, str], int]:
    """(unit id, category, "YYYY-MM") → number of items published in the period."""
    with connection.cursor() as cursor:
        cursor.execute(monthly_counts_sql(), [period.start.isoformat(), period.end.isoformat()])
        return {(unit_id, category, month): n for unit_id, category, month, n in cursor.fetchall()}


def activity(*, period: Period) -> dict:
    """The counts a quarterly bulletin states: items published in the period, per category."""
    by_category = dict(
        Publication.objects.filter(published_on__gte=period.start, published_on__lte=period.end)
        .values_list("category")
        .annotate(n=Count("id"))
        .values_list("category", "n")
    )
    return {"total": sum(by_category.values()), "by_category": by_category}


def latest_period_with_data() -> tuple[int, int | None] | None:
    """(year, quarter) of the newest items, or (year, None) when that year's items span all four
    quarters: a dashboard opened on a year with one quarter of data would call every unit
    "9个月未更新"."""
    latest = Publication.objects.aggregate(last=Max("published_on"))["last"]
    if latest is None:
        return None
    first = Publication.objects.filter(published_on__year=latest.year).aggregate(
        first=Min("published_on")
    )["first"]
    if first.month <= 3 and latest.month >= 10:
        return latest.year, None
    return latest.year, (latest.month - 1) // 3 + 1


@dataclass(frozen=True)
class PublicationTitle:
    id: int
    unit_id: int
    title: str
    published_on: date


def publication_titles(
    *, start: date, end: date, unit_id: int | None = None
) -> Iterator[PublicationTitle]:
    """Titles published between start and end (inclusive), in date order."""
    rows = Publication.objects.filter(published_on__range=(start, end))
    if unit_id is not None:
        rows = rows.filter(unit_id=unit_id)
    for pk, unit, title, day in (
        rows.order_by("published_on", "id")
        .values_list("id", "unit_id", "title", "published_on")
        .iterator(chunk_size=2000)
    ):
        yield PublicationTitle(pk, unit, title, day)
