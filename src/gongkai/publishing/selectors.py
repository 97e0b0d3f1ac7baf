"""Reads of published items for the other capabilities (they never query the publishing tables
themselves): monthly counts, period totals, titles."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Count, Max, Min, QuerySet

from gongkai.periods import Period
from gongkai.publishing.counts import month_end, month_start
from gongkai.publishing.models import MonthlyCount, Publication


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


def _month_expression(column: str = "published_on") -> str:
    """SQL for a date column's "YYYY-MM"."""
    if connection.vendor == "sqlite":
        return f"substr({column}, 1, 7)"
    return f"to_char({column}, 'YYYY-MM')"


def monthly_counts_sql() -> str:
    """The one GROUP BY the statistics need (also the floor the benchmark measures)."""
    table = Publication._meta.db_table
    month = _month_expression()
    return (
        f"SELECT unit_id, category, {month} AS month, COUNT(*) FROM {table} "
        "WHERE published_on BETWEEN %s AND %s GROUP BY unit_id, category, month"
    )


# At most this many unit ids in one IN (…) (SQLite's default limit on parameters is 32,766).
UNITS_PER_QUERY = 10_000


def monthly_counts(
    period: Period, unit_ids: list[int] | None = None
) -> dict[tuple[int, str, str], int]:
    """(unit id, category, "YYYY-MM") → number of items published in the period (all units, or
    these)."""
    return _grouped(period, ("unit_id", "category", "month"), unit_ids)


def period_totals(period: Period, unit_ids: list[int] | None = None) -> dict[tuple[int, str], int]:
    """(unit id, category) → number of items published in the period."""
    return _grouped(period, ("unit_id", "category"), unit_ids)


def monthly_totals(period: Period, unit_ids: list[int] | None = None) -> dict[tuple[str, str], int]:
    """(category, "YYYY-MM") → number of items the units (all, or these) published."""
    return _grouped(period, ("category", "month"), unit_ids)


def _grouped(period: Period, keys: tuple[str, ...], unit_ids: list[int] | None) -> dict:
    """Item counts of the period grouped by `keys` (among unit_id, category, month).

    Whole months are summed from the stored counts (publishing.counts keeps them with every
    write: a province's year is ~100 k of them instead of 10 M items); the days of a month the
    period covers only in part are counted from the items.
    """
    if unit_ids is not None and not unit_ids:
        return {}
    sources = []
    whole = [m for m in period.months() if m.whole]
    if whole:
        first = date(whole[0].year, whole[0].month, 1)
        last = date(whole[-1].year, whole[-1].month, 1)
        # A stored count is already one (unit, category, month): no grouping when all three are asked.
        stored = "items" if set(keys) == {"unit_id", "category", "month"} else "SUM(items)"
        sources.append((MonthlyCount._meta.db_table, "month", stored, first, last))
    for part in _partial_months(period):
        table = Publication._meta.db_table
        sources.append((table, "published_on", "COUNT(*)", part.start, part.end))
    chunks = [None] if unit_ids is None else _chunks(unit_ids, UNITS_PER_QUERY)
    counts: dict = {}
    with connection.cursor() as cursor:
        for table, day, count, first, last in sources:
            selected = ", ".join(_month_expression(day) if k == "month" else k for k in keys)
            for chunk in chunks:
                sql = (
                    f"SELECT {selected}, {count} FROM {table} WHERE {day} BETWEEN %s AND %s"
                    + (f" AND unit_id IN ({', '.join(['%s'] * len(chunk))})" if chunk else "")
                    + (
                        ""
                        if count == "items"
                        else f" GROUP BY {', '.join(str(i + 1) for i in range(len(keys)))}"
                    )
                )
                cursor.execute(sql, [first.isoformat(), last.isoformat(), *(chunk or ())])
                for *key, n in cursor.fetchall():
                    counts[tuple(key)] = counts.get(tuple(key), 0) + n
    return counts


def _partial_months(period: Period) -> list[Period]:
    """The period's days in months it covers only in part (at most the first and the last)."""
    months = period.months()
    first, last = months[0], months[-1]
    parts = []
    if not first.whole:
        parts.append(Period(period.start, min(period.end, month_end(period.start)), ""))
    if not last.whole and len(months) > 1:
        parts.append(Period(month_start(period.end), period.end, ""))
    return parts


def _chunks(ids: list[int], size: int) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def activity(*, period: Period) -> dict:
    """The counts a quarterly bulletin states: items published in the period, per category."""
    by_category = dict(
        Publication.objects.filter(published_on__gte=period.start, published_on__lte=period.end)
        .values_list("category")
        .annotate(n=Count("id"))
        .values_list("category", "n")
    )
    return {"total": sum(by_category.values()), "by_category": by_category}


def latest_publication_day() -> date | None:
    return Publication.objects.aggregate(last=Max("published_on"))["last"]


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


def search_publications(
    *, start: date, end: date, unit_ids: list[int] | None = None, category: str = "", text: str = ""
) -> QuerySet[Publication]:
    """Items published between two days (the date-first index narrows them first), newest first;
    of these units (None: all), of a category, with a title containing `text`."""
    rows = Publication.objects.filter(published_on__gte=start, published_on__lte=end)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    if category:
        rows = rows.filter(category=category)
    if text:
        rows = rows.filter(title__icontains=text)
    return rows.select_related("unit", "column").order_by("-published_on", "-id")
