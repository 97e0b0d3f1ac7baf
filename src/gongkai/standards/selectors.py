"""Reads for statistics: the standard, the units of a group, and the monthly counts."""

from datetime import date

from django.db import connection
from django.db.models import Q

from gongkai.orgs.models import Column, Unit
from gongkai.periods import Period
from gongkai.publishing.models import Publication
from gongkai.standards.models import UpdateStandard
from gongkai.standards.rules import Standard, StandardError, parse_standard
from gongkai.standards.statistics import MonthlyCounts, UnitInfo


def get_standard(name: str) -> Standard:
    record = UpdateStandard.objects.filter(name=name).first()
    if record is None:
        known = "、".join(UpdateStandard.objects.values_list("name", flat=True)) or "（无）"
        raise StandardError(f"没有名为「{name}」的更新标准；已有：{known}")
    return parse_standard(record.definition, f"更新标准 {name}")


def standard_for_period(period: Period, period_kind: str) -> Standard:
    """The standard written for this kind of period in the period's year, else the latest before."""
    candidates = UpdateStandard.objects.filter(year__lte=period.end.year).order_by("-year", "name")
    for record in candidates:
        if period_kind in record.applies_to.split(","):
            return parse_standard(record.definition, f"更新标准 {record.name}")
    raise StandardError(
        f"没有适用于{period.label}的更新标准：请用 --standard 指定，或先载入标准（gongkai standards load）"
    )


def _active(prefix: str, start: date, end: date) -> Q:
    return (
        Q(**{f"{prefix}active_from__isnull": True}) | Q(**{f"{prefix}active_from__lte": end})
    ) & (Q(**{f"{prefix}active_to__isnull": True}) | Q(**{f"{prefix}active_to__gte": start}))


def units_in_period(
    period: Period,
    categories: tuple[str, ...],
    *,
    group: str | None = None,
    unit_ids: list[int] | None = None,
) -> list[UnitInfo]:
    """Units active in the period that have a column of one of the categories in it."""
    units = Unit.objects.filter(_active("", period.start, period.end))
    if group:
        units = units.filter(Q(group__name=group) | Q(group__code=group))
    if unit_ids is not None:
        units = units.filter(pk__in=unit_ids)
    present: dict[int, set[str]] = {}
    columns = Column.objects.filter(
        _active("", period.start, period.end), category__in=categories
    ).values_list("unit_id", "category")
    for unit_id, category in columns:
        present.setdefault(unit_id, set()).add(category)
    rows = units.order_by("group__order", "order").values_list(
        "id", "name", "kind", "group__name", "order"
    )
    return [
        UnitInfo(
            id=uid,
            name=name,
            kind=kind,
            group=group_name,
            order=order,
            categories=frozenset(present[uid]),
        )
        for uid, name, kind, group_name, order in rows
        if uid in present
    ]


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


def monthly_counts(period: Period) -> MonthlyCounts:
    with connection.cursor() as cursor:
        cursor.execute(monthly_counts_sql(), [period.start.isoformat(), period.end.isoformat()])
        return {(unit_id, category, month): n for unit_id, category, month, n in cursor.fetchall()}
