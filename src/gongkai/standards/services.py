"""Statistics runs: compute the tables for a period and store their shortfalls as Findings."""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from gongkai.adapters.definitions import read_text
from gongkai.findings.services import FindingDraft, replace_findings
from gongkai.periods import Period
from gongkai.publishing import selectors as publishing_selectors
from gongkai.standards import selectors
from gongkai.standards.models import UpdateStandard
from gongkai.standards.rules import Standard, StandardError
from gongkai.standards.statistics import UnitStatistics, statistics_table

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
    tables: list[GroupTable] = []
    for unit in units:
        if not tables or tables[-1].group != unit.group:
            tables.append(GroupTable(group=unit.group, rows=[]))
    for table in tables:
        members = [u for u in units if u.group == table.group]
        table.rows = statistics_table(members, standard, period, counts)
    if record_findings:
        _record_findings(standard, period, [row for t in tables for row in t.rows])
    return StatisticsResult(standard=standard, period=period, tables=tables)


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
