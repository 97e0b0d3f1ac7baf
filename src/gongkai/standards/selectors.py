"""Reads for statistics: the standard and the units of a group (counts come from publishing)."""

from dataclasses import asdict
from datetime import date
from decimal import Decimal

from django.db.models import Q

from gongkai.capabilities import Metric
from gongkai.orgs.models import Column, Unit
from gongkai.periods import Period
from gongkai.standards.models import UpdateStandard
from gongkai.standards.presenters import document_table, row_json
from gongkai.standards.rules import Standard, StandardError, parse_standard
from gongkai.standards.statistics import PeriodPlan, UnitInfo, header_labels


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


def statistics_metrics(stats) -> tuple[list[tuple[int, str, str]], dict[int, dict[str, Metric]]]:
    """The units of the statistics tables in order (id, name, group) and, per unit, the metrics
    a scheme reads: per category the total, the standard's requirement and months without items."""
    plan = PeriodPlan.make(stats.standard, stats.period)
    units: list[tuple[int, str, str]] = []
    metrics: dict[int, dict[str, Metric]] = {}
    for table in stats.tables:
        for row in table.rows:
            units.append((row.unit.id, row.unit.name, table.group))
            values: dict[str, Metric] = {}
            for rule in stats.standard.categories:
                category = rule.category
                total = row.counts.get(category)
                required = plan.minimums.get(category)
                applies = total is not None
                values[f"publishing.{category}.total"] = Metric(
                    Decimal(total) if applies else None, f"{row.labels[category]}{total}条"
                )
                values[f"publishing.{category}.required"] = Metric(
                    Decimal(required) if applies and required is not None else None
                )
                series = row.monthly.get(category) or ()
                empty = [m for m, n in zip(row.period_months, series, strict=False) if n == 0]
                values[f"publishing.{category}.months_not_updated"] = Metric(
                    Decimal(len(empty)) if applies else None,
                    f"{row.labels[category]}{'、'.join(str(m.month) for m in empty)}月未更新"
                    if empty
                    else "",
                )
            values["publishing.all.total"] = Metric(Decimal(row.total), f"合计{row.total}条")
            metrics[row.unit.id] = values
    return units, metrics


def statistics_json(stats) -> dict:
    """The statistics tables as a frozen run stores them (the bulletins' attachments)."""
    tables = []
    for table in stats.tables:
        prefix = stats.standard.wording.prefix(table.rows[0].unit.kind) if table.rows else ""
        headers = header_labels(stats.standard, prefix)
        document = document_table(table.rows, stats.standard, stats.period, table.group)
        tables.append(
            {
                "group": table.group,
                "labels": dict(table.rows[0].labels) if table.rows else {},
                "document": asdict(document),
                "rows": [row_json(row, stats.standard, headers) for row in table.rows],
            }
        )
    return {"standard": stats.standard.name, "title": stats.standard.title, "tables": tables}


def statistics_rows_json(stats, unit_ids: set[int] | None = None) -> list[dict]:
    """One JSON row per unit, as `gongkai stats --format json` prints them (all groups in order);
    `unit_ids` keeps only those units' rows (a unit's own view), numbered as in the full table."""
    rows = []
    for table in stats.tables:
        prefix = stats.standard.wording.prefix(table.rows[0].unit.kind) if table.rows else ""
        headers = header_labels(stats.standard, prefix)
        rows.extend(
            row_json(row, stats.standard, headers)
            for row in table.rows
            if unit_ids is None or row.unit.id in unit_ids
        )
    return rows
