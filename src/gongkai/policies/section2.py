"""Section 二 of an annual report from the document register (pure): 本年制发, 本年废止 and 现行有效
(in force on 31 December) for 规章 and 行政规范性文件, each number with the documents behind it."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

DOCUMENT_ROWS = {"rules": "规章", "normative": "行政规范性文件"}
FIGURE_ROWS = {
    "licensing": "行政许可",
    "penalty": "行政处罚",
    "enforcement": "行政强制",
    "fees": "行政事业性收费",
}
ENDED = ("废止", "失效")


@dataclass(frozen=True)
class RegisterEntry:
    id: int
    kind: str
    number: str
    title: str
    issued_on: date | None  # 成文日期, else 发布日期
    status: str
    status_on: date | None  # when it was repealed or lapsed
    expires_on: date | None = None


@dataclass
class Section2Figures:
    unit_id: int
    year: int
    section2: dict[str, list[Decimal]] = field(default_factory=dict)
    # key → one list of entries per column (制发, 废止, 现行有效): what each number counts
    documents: dict[str, list[list[RegisterEntry]]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # rows with no record (never taken as 0)
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.missing


def ended_by(entry: RegisterEntry, day: date) -> bool:
    """Repealed, lapsed or expired on or before `day` (a repeal with no date counts as ended)."""
    if entry.status in ENDED and (entry.status_on is None or entry.status_on <= day):
        return True
    return entry.expires_on is not None and entry.expires_on < day


def document_columns(entries: list[RegisterEntry], year: int) -> list[list[RegisterEntry]]:
    """[issued in the year, repealed or lapsed in the year, in force on 31 December]."""
    end = date(year, 12, 31)
    issued = [e for e in entries if e.issued_on and e.issued_on.year == year]
    repealed = [
        e
        for e in entries
        if e.status in ENDED and e.status_on is not None and e.status_on.year == year
    ]
    in_force = [e for e in entries if e.issued_on and e.issued_on <= end and not ended_by(e, end)]
    return [issued, repealed, in_force]


def section2_from_records(
    unit_id: int,
    year: int,
    entries: list[RegisterEntry],
    figures: dict[str, tuple[Decimal, str]],
) -> Section2Figures:
    """`entries`: the unit's register; `figures`: row key → (value, source) for the year."""
    result = Section2Figures(unit_id, year)
    for key, kind in DOCUMENT_ROWS.items():
        columns = document_columns([e for e in entries if e.kind == kind], year)
        result.documents[key] = columns
        result.section2[key] = [Decimal(len(c)) for c in columns]
        result.sources[key] = "政策文件登记簿"
    for key, label in FIGURE_ROWS.items():
        if key in figures:
            value, source = figures[key]
            result.section2[key] = [Decimal(value)]
            result.sources[key] = source
        else:
            result.missing.append(label)
    return result


def compare_with_register(
    register: Section2Figures,
    table: dict[str, list[Decimal]],
    statements: list[tuple[str, Decimal, str]],
) -> list[str]:
    """Differences between a published report and the register.

    `table`: the report's section 二 rows; `statements`: (row key, number, quoted text) the report's
    text states as 本年制发. Messages name the documents the register holds."""
    problems = []
    columns = ("本年制发", "本年废止", "现行有效")
    for key, label in DOCUMENT_ROWS.items():
        lists = register.documents.get(key)
        if lists is None:
            continue
        for column, name in enumerate(columns):
            held = len(lists[column])
            listing = "、".join(
                f"{e.title}（{e.number}）" if e.number else e.title for e in lists[column]
            )
            stated = table.get(key)
            if stated is not None and stated[column] != held:
                problems.append(
                    f"表格称{label}{name} {stated[column]:f} 件，登记簿为 {held} 件"
                    + (f"：{listing}" if listing else "")
                )
            if column == 0:
                for statement_key, number, quote in statements:
                    if statement_key == key and number != held:
                        problems.append(
                            f"正文称{label}{name} {number:f} 件（「{quote}」），登记簿为 {held} 件"
                            + (f"：{listing}" if listing else "")
                        )
    return problems
