"""Publication statistics (pure): counts per unit, months without updates, shortfalls, table rows.

Input is the monthly counts a single GROUP BY yields; output is one row per unit, ordered and
worded as the 统计表 of the bulletins, plus the problems each row lists (which become Findings).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from gongkai.periods import MonthSlice, Period
from gongkai.standards.rules import Standard

# (unit_id, category, "YYYY-MM") → number of items
MonthlyCounts = Mapping[tuple[int, str, str], int]


@dataclass(frozen=True)
class UnitInfo:
    id: int
    name: str
    kind: str
    group: str
    order: int
    # Categories for which the unit has a column in the period; others show as absent ("_").
    categories: frozenset[str]


@dataclass(frozen=True)
class Problem:
    code: str  # below_total | zero_months | slow_months
    category: str | None
    text: str
    how_to_fix: str
    evidence: Mapping[str, object]


@dataclass
class UnitStatistics:
    unit: UnitInfo
    counts: dict[str, int | None]
    monthly: dict[str, tuple[int, ...]]
    months_not_updated: tuple[MonthSlice, ...]
    months_not_updated_text: str
    problems: tuple[Problem, ...]
    total: int
    period_months: tuple[MonthSlice, ...] = ()
    seq: int = 0
    labels: dict[str, str] = field(default_factory=dict)


def month_list_text(months: Sequence[MonthSlice], standard: Standard) -> str:
    """ "5、10、12月份未更新" (or "2023年12月、2024年1月未更新" across years); "——" when none."""
    wording = standard.wording
    if not months:
        return wording.none
    if len({m.year for m in months}) == 1:
        return wording.months_not_updated.format(months="、".join(str(m.month) for m in months))
    text = "、".join(f"{m.year}年{m.month}月" for m in months)
    return wording.months_not_updated_multi_year.format(months=text)


def _month_names(months: Iterable[MonthSlice]) -> str:
    return "、".join(f"{m.year}年{m.month}月" for m in months)


@dataclass(frozen=True)
class PeriodPlan:
    """What the standard asks of every unit in the period, computed once per table."""

    months: tuple[MonthSlice, ...]
    keys: tuple[str, ...]
    minimums: Mapping[str, int | None]
    thresholds: Mapping[str, tuple[int | None, ...]]

    @classmethod
    def make(cls, standard: Standard, period: Period) -> "PeriodPlan":
        months = tuple(period.months())
        return cls(
            months=months,
            keys=tuple(m.key for m in months),
            minimums={r.category: r.minimum_for(period) for r in standard.categories},
            thresholds={
                r.category: tuple(r.slow_threshold(m) for m in months) for r in standard.categories
            },
        )


def unit_statistics(
    unit: UnitInfo,
    standard: Standard,
    period: Period,
    counts: MonthlyCounts,
    plan: PeriodPlan | None = None,
) -> UnitStatistics:
    """One unit's row: totals, months without updates and the problems, in the table's order."""
    plan = plan or PeriodPlan.make(standard, period)
    wording = standard.wording
    prefix = wording.prefix(unit.kind)
    months = plan.months
    monthly: dict[str, tuple[int, ...]] = {}
    totals: dict[str, int | None] = {}
    labels: dict[str, str] = {}
    for rule in standard.categories:
        labels[rule.category] = standard.label(rule.category, prefix)
        if rule.category not in unit.categories:
            totals[rule.category] = None
            continue
        series = tuple(counts.get((unit.id, rule.category, key), 0) for key in plan.keys)
        monthly[rule.category] = series
        totals[rule.category] = sum(series)

    below, zero, slow_details = [], [], []
    not_updated: tuple[MonthSlice, ...] = ()
    for rule in standard.categories:
        series = monthly.get(rule.category)
        if series is None:
            continue
        label = labels[rule.category]
        actual = totals[rule.category] or 0
        required = plan.minimums[rule.category]
        if required is not None and actual < required:
            below.append(
                Problem(
                    code="below_total",
                    category=rule.category,
                    text=wording.below_total.format(label=label),
                    how_to_fix=wording.below_total_fix.format(
                        period=period.label,
                        label=label,
                        required=required,
                        actual=actual,
                        gap=required - actual,
                    ),
                    evidence={"actual": actual, "required": required},
                )
            )
        empty = tuple(m for m, n in zip(months, series, strict=True) if n == 0)
        if rule.shows_months_not_updated and not not_updated:
            not_updated = empty
        if (
            rule.zero_months_reported_from is not None
            and len(empty) >= rule.zero_months_reported_from
        ):
            zero.append(
                Problem(
                    code="zero_months",
                    category=rule.category,
                    text=wording.zero_months.format(label=label, count=len(empty)),
                    how_to_fix=wording.zero_months_fix.format(
                        label=label, months=_month_names(empty)
                    ),
                    evidence={"months": [m.key for m in empty]},
                )
            )
        for month, n, threshold in zip(months, series, plan.thresholds[rule.category], strict=True):
            if threshold is not None and n < threshold:
                slow_details.append((label, month, n, threshold))

    problems = below + zero
    if slow_details:
        details = "；".join(
            f"{label}{m.year}年{m.month}月{n}条（应不少于{t}条）" for label, m, n, t in slow_details
        )
        problems.append(
            Problem(
                code="slow_months",
                category=None,
                text=wording.slow_months,
                how_to_fix=wording.slow_months_fix.format(details=details),
                evidence={
                    "months": [
                        {"label": label, "month": m.key, "count": n, "threshold": t}
                        for label, m, n, t in slow_details
                    ]
                },
            )
        )
    return UnitStatistics(
        unit=unit,
        counts=totals,
        monthly=monthly,
        months_not_updated=not_updated,
        months_not_updated_text=month_list_text(not_updated, standard),
        problems=tuple(problems),
        total=sum(n for n in totals.values() if n is not None),
        period_months=months,
        labels=labels,
    )


def unit_total(unit: UnitInfo, standard: Standard, totals: Mapping[tuple[int, str], int]) -> int:
    """合计 from (unit id, category) → items: the categories the unit has a column for."""
    return sum(
        totals.get((unit.id, rule.category), 0)
        for rule in standard.categories
        if rule.category in unit.categories
    )


def table_order_key(unit: UnitInfo, total: int) -> tuple[int, int, int]:
    """The bulletins' order of a group's rows: 合计 descending, then registry order."""
    return (-total, unit.order, unit.id)


def table_order(
    units: Iterable[UnitInfo], standard: Standard, totals: Mapping[tuple[int, str], int]
) -> list[UnitInfo]:
    """A group's units in table order, from their period totals alone (no monthly counts): a
    page of a province's table is numbered without computing every row."""
    return sorted(units, key=lambda unit: table_order_key(unit, unit_total(unit, standard, totals)))


def statistics_table(
    units: Iterable[UnitInfo], standard: Standard, period: Period, counts: MonthlyCounts
) -> list[UnitStatistics]:
    """Rows for a group of units, ordered as the bulletins order them: by 合计 descending, then
    by registry order; numbered 1, 2, 3… (ties do not share a number)."""
    plan = PeriodPlan.make(standard, period)
    rows = [unit_statistics(unit, standard, period, counts, plan) for unit in units]
    rows.sort(key=lambda row: table_order_key(row.unit, row.total))
    for seq, row in enumerate(rows, start=1):
        row.seq = seq
    return rows


def problems_text(row: UnitStatistics, standard: Standard) -> str:
    wording = standard.wording
    if not row.problems:
        return wording.none
    return "\n".join(
        wording.numbered.format(number=i, text=p.text) for i, p in enumerate(row.problems, start=1)
    )


def header_labels(standard: Standard, prefix: str) -> list[tuple[str, str]]:
    """(column key, header text) for the standard's table columns."""
    headers = []
    for column in standard.columns:
        if column in standard.wording.headers:
            headers.append((column, standard.wording.headers[column]))
        else:
            headers.append((column, standard.label(column, prefix)))
    return headers


def display_cells(row: UnitStatistics, standard: Standard) -> dict[str, str]:
    """The row as the table prints it, keyed by column key."""
    cells: dict[str, str] = {}
    for column in standard.columns:
        if column == "seq":
            cells[column] = str(row.seq)
        elif column == "unit":
            cells[column] = row.unit.name
        elif column == "months_not_updated":
            cells[column] = row.months_not_updated_text
        elif column == "total":
            cells[column] = str(row.total)
        elif column == "problems":
            cells[column] = problems_text(row, standard)
        else:
            count = row.counts.get(column)
            cells[column] = standard.wording.absent if count is None else str(count)
    return cells
