"""Sections 三 and 四 of the annual report, computed from a unit's applications (pure).

The outcome of an application is one leaf of the national format (国办公开办函〔2021〕30号), and
its applicant type one of the six columns, so the table is a count and its identities hold by
construction: new + carried over from last year = handled this year + carried into next year.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from gongkai.errors import UserError
from gongkai.national_format import APPLICANT_TYPES, OUTCOME_LABELS, SECTION_3_KEYS

# The 21 outcome leaves of 三（一）–（六) (key → label) and the 25 rows of the table, in the
# format's order: the national format's own vocabulary (as are APPLICANT_TYPES).
OUTCOMES = OUTCOME_LABELS
TABLE_ROWS = SECTION_3_KEYS

REVIEW_KINDS = ("review", "litigation_direct", "litigation_after_review")
REVIEW_RESULTS = (
    "maintained",
    "corrected",
    "other",
)  # 结果维持、结果纠正、其他结果; None = 尚未审结


class AnnualTableError(UserError):
    """A record that cannot be counted (unknown outcome or applicant type, closed without outcome)."""


@dataclass(frozen=True)
class ApplicationRecord:
    reference: str
    applicant_type: str
    received: date
    closed_on: date | None = None  # replied, withdrawn, or otherwise ended
    outcome: str | None = None


@dataclass(frozen=True)
class ReviewRecord:
    kind: str  # review | litigation_direct | litigation_after_review
    filed_on: date
    result: str | None = None
    decided_on: date | None = None


def section3(records: Iterable[ApplicationRecord], year: int) -> dict[str, list[int]]:
    """25 rows × 7 columns (six applicant types and 总计)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    table = {row: [0] * 7 for row in TABLE_ROWS}

    def add(row: str, column: int) -> None:
        table[row][column] += 1
        table[row][6] += 1

    for record in records:
        if record.applicant_type not in APPLICANT_TYPES:
            raise AnnualTableError(
                f"{record.reference}：申请人类型「{record.applicant_type}」应为 {'、'.join(APPLICANT_TYPES)} 之一"
            )
        if record.closed_on is not None and record.outcome not in OUTCOMES:
            raise AnnualTableError(
                f"{record.reference}：已办结的申请须有年报规定的办理结果，而不是「{record.outcome}」"
            )
        column = APPLICANT_TYPES.index(record.applicant_type)
        if record.received > end or (record.closed_on is not None and record.closed_on < start):
            continue  # not this year's business
        add("new" if record.received >= start else "carried_in", column)
        if record.closed_on is not None and record.closed_on <= end:
            add(record.outcome, column)
            add("total", column)
        else:
            add("carried_out", column)
    return table


def section4(records: Iterable[ReviewRecord], year: int) -> list[int]:
    """15 cells: for 复议, 直接起诉, 复议后起诉 — 维持, 纠正, 其他, 尚未审结, 总计.

    A case counts in the year it is decided, by its result; a case filed by the end of the year
    and not decided by then counts as 尚未审结.
    """
    start, end = date(year, 1, 1), date(year, 12, 31)
    cells = [0] * 15
    for record in records:
        if record.kind not in REVIEW_KINDS:
            raise AnnualTableError(
                f"复议诉讼类型「{record.kind}」应为 {', '.join(REVIEW_KINDS)} 之一"
            )
        base = REVIEW_KINDS.index(record.kind) * 5
        decided = record.decided_on is not None and record.decided_on <= end
        if decided and record.decided_on >= start:
            if record.result not in REVIEW_RESULTS:
                raise AnnualTableError(
                    f"已审结的复议诉讼须有结果（维持、纠正、其他），而不是「{record.result}」"
                )
            column = REVIEW_RESULTS.index(record.result)
        elif not decided and record.filed_on <= end:
            column = 3
        else:
            continue
        cells[base + column] += 1
        cells[base + 4] += 1
    return cells
