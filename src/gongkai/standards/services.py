"""Statistics runs: compute the tables for a period and store their shortfalls as Findings."""

from dataclasses import dataclass
from pathlib import Path

from django.core.paginator import Page, Paginator
from django.db import transaction

from gongkai.adapters.definitions import read_text
from gongkai.findings.services import FindingDraft, replace_findings
from gongkai.periods import Period
from gongkai.publishing import selectors as publishing_selectors
from gongkai.standards import selectors
from gongkai.standards.models import UpdateStandard
from gongkai.standards.rules import Standard, StandardError
from gongkai.standards.statistics import (
    PeriodPlan,
    UnitInfo,
    UnitStatistics,
    statistics_table,
    table_order,
    unit_statistics,
)

BUNDLED_DIR = Path(__file__).resolve().parent / "bundled"


@dataclass
class GroupTable:
    group: str
    rows: list[UnitStatistics]


@dataclass
class StatisticsResult:
    standard: Standard
    period: Period
    tables: list[GroupTable]


@transaction.atomic
def load_standard(*, path: Path) -> UpdateStandard:
    text = read_text(path, what="更新标准 YAML 文件", error=StandardError)
    return UpdateStandard.store(text, source=str(path))


def load_bundled_standards() -> list[UpdateStandard]:
    return [load_standard(path=path) for path in sorted(BUNDLED_DIR.glob("*.yaml"))]


def compute_statistics(
    *,
    period: Period,
    period_kind: str,
    standard_name: str | None = None,
    group: str | None = None,
    unit_ids: list[int] | None = None,
    record_findings: bool = True,
) -> StatisticsResult:
    """The statistics tables of a period, one per unit group, and their Findings."""
    standard = (
        selectors.get_standard(standard_name)
        if standard_name
        else selectors.standard_for_period(period, period_kind)
    )
    categories = tuple(rule.category for rule in standard.categories)
    units = selectors.units_in_period(period, categories, group=group, unit_ids=unit_ids)
    if group and not units:
        raise StandardError(f"分组「{group}」在{period.label}没有登记单位")
    counts = publishing_selectors.monthly_counts(period)
    tables = [
        GroupTable(group=name, rows=statistics_table(members, standard, period, counts))
        for name, members in _groups(units)
    ]
    if record_findings:
        _record_findings(standard, period, [row for t in tables for row in t.rows])
    return StatisticsResult(standard=standard, period=period, tables=tables)


@dataclass
class StatisticsPage:
    """One page of the statistics tables: the page's rows, numbered as in the whole table."""

    standard: Standard
    period: Period
    tables: list[GroupTable]
    page: Page  # of all the tables' rows, in order
    # category → items per month of the period, over every row of the tables (the county trend)
    monthly_totals: dict[str, tuple[int, ...]]


def statistics_page(
    *,
    period: Period,
    period_kind: str,
    group: str | None = None,
    unit_ids: list[int] | None = None,
    shown: set[int] | None = None,
    page: int | str | None = 1,
    per_page: int = 100,
) -> StatisticsPage:
    """A page of the statistics tables without computing every row: the units are put in table
    order from their period totals, and only the page's rows are computed from monthly counts (a
    province's 5,000 units: the dashboard in 0.24 s, bench/pages.py). `unit_ids` limits the tables
    to those units; `shown` keeps only those rows but numbers them as in the whole table."""
    standard = selectors.standard_for_period(period, period_kind)
    categories = tuple(rule.category for rule in standard.categories)
    units = selectors.units_in_period(period, categories, group=group, unit_ids=unit_ids)
    if group and not units:
        raise StandardError(f"分组「{group}」在{period.label}没有登记单位")
    # Every unit's totals when every unit may be shown (no IN list of thousands of ids).
    totals = publishing_selectors.period_totals(period, unit_ids)
    ordered: list[tuple[str, int, UnitInfo]] = []
    for group_name, members in _groups(units):
        ranked = table_order(members, standard, totals)
        ordered.extend((group_name, seq, unit) for seq, unit in enumerate(ranked, start=1))
    if shown is not None:
        ordered = [entry for entry in ordered if entry[2].id in shown]
    current = Paginator(ordered, per_page).get_page(page)
    window = list(current.object_list)
    counts = publishing_selectors.monthly_counts(period, [unit.id for _, _, unit in window])
    plan = PeriodPlan.make(standard, period)
    tables: list[GroupTable] = []
    for group_name, seq, unit in window:
        if not tables or tables[-1].group != group_name:
            tables.append(GroupTable(group=group_name, rows=[]))
        row = unit_statistics(unit, standard, period, counts, plan)
        row.seq = seq
        tables[-1].rows.append(row)
    return StatisticsPage(
        standard=standard,
        period=period,
        tables=tables,
        page=current,
        monthly_totals=_monthly_totals(
            period, plan, categories, units, totals, every_unit=unit_ids is None
        ),
    )


def _groups(units: list[UnitInfo]) -> list[tuple[str, list[UnitInfo]]]:
    """The units by group, groups in the order their first unit comes."""
    groups: dict[str, list[UnitInfo]] = {}
    for unit in units:
        groups.setdefault(unit.group, []).append(unit)
    return list(groups.items())


def _monthly_totals(
    period, plan, categories, units, totals, *, every_unit: bool
) -> dict[str, tuple[int, ...]]:
    """Items per category and month over the tables' rows, less those of a category a unit has no
    column for (its row shows "_" and does not count them). `totals` covers every unit when
    `every_unit`: then all items are summed and the few units left out of the tables subtracted
    (no IN list of thousands of ids); otherwise the tables' units are summed by id."""
    in_tables = {unit.id: unit for unit in units}
    outside = {u for (u, _c), n in totals.items() if n and u not in in_tables}
    by_ids = not every_unit or len(outside) > len(in_tables)
    by_month = publishing_selectors.monthly_totals(period, list(in_tables) if by_ids else None)
    left_out = {
        (unit_id, category)
        for (unit_id, category), n in totals.items()
        if n
        and (category not in in_tables[unit_id].categories if unit_id in in_tables else not by_ids)
    }
    if left_out:
        extra = publishing_selectors.monthly_counts(period, sorted({u for u, _ in left_out}))
        for (unit_id, category, month), n in extra.items():
            if (unit_id, category) in left_out:
                by_month[(category, month)] -= n
    return {c: tuple(by_month.get((c, key), 0) for key in plan.keys) for c in categories}


def _record_findings(standard: Standard, period: Period, rows: list[UnitStatistics]) -> None:
    drafts = [
        FindingDraft(
            unit_id=row.unit.id,
            kind=f"publishing.{problem.code}"
            + (f".{problem.category}" if problem.category else ""),
            message=f"{period.label}{problem.text}",
            how_to_fix=problem.how_to_fix,
            evidence={"standard": standard.name, **problem.evidence},
        )
        for row in rows
        for problem in row.problems
    ]
    replace_findings(
        source=f"standards:{standard.name}",
        period_start=period.start,
        period_end=period.end,
        unit_ids=[row.unit.id for row in rows],
        drafts=drafts,
    )
