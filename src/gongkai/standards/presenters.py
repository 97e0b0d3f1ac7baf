"""Statistics as the outside world reads them: JSON rows, CSV, a text table, document tables."""

import csv
import io
import unicodedata

from gongkai.exports.safe import csv_safe
from gongkai.exports.tables import DocumentTable
from gongkai.periods import Period
from gongkai.standards.rules import Standard
from gongkai.standards.statistics import UnitStatistics, display_cells, header_labels

COLUMN_WIDTHS = {
    "seq": 6,
    "unit": 16,
    "news": 10,
    "disclosure": 10,
    "key_area": 12,
    "other": 10,
    "months_not_updated": 22,
    "total": 8,
    "problems": 34,
}


def _prefix(rows: list[UnitStatistics], standard: Standard, group: str) -> str:
    if rows:
        return standard.wording.prefix(rows[0].unit.kind)
    return "乡镇" if group == "乡镇" else standard.wording.default_prefix


def row_json(row: UnitStatistics, standard: Standard, headers: list[tuple[str, str]]) -> dict:
    cells = display_cells(row, standard)
    return {
        "seq": row.seq,
        "unit": row.unit.name,
        "unit_id": row.unit.id,
        "group": row.unit.group,
        "kind": row.unit.kind,
        "counts": row.counts,
        "total": row.total,
        "monthly": {
            category: dict(zip((m.key for m in row.period_months), series, strict=True))
            for category, series in row.monthly.items()
        },
        "months_not_updated": [m.key for m in row.months_not_updated],
        "months_not_updated_text": row.months_not_updated_text,
        "problems": [
            {"code": p.code, "category": p.category, "text": p.text, "how_to_fix": p.how_to_fix}
            for p in row.problems
        ],
        "problems_text": cells.get("problems", ""),
        "display": {label: cells[key] for key, label in headers},
    }


def table_title(standard: Standard, period: Period, group: str) -> str:
    group_title = standard.wording.group_titles.get(group, group)
    return standard.wording.title.format(period=period.label, group=group_title)


def document_table(
    rows: list[UnitStatistics], standard: Standard, period: Period, group: str, attachment: str = ""
) -> DocumentTable:
    headers = header_labels(standard, _prefix(rows, standard, group))
    return DocumentTable(
        title=table_title(standard, period, group),
        headers=[label for _, label in headers],
        rows=[[display_cells(row, standard)[key] for key, _ in headers] for row in rows],
        notes=list(standard.notes.get(group, ())),
        widths=[COLUMN_WIDTHS.get(key, 12) for key, _ in headers],
        attachment=attachment,
    )


def csv_text(tables: list[DocumentTable]) -> str:
    """All tables in one CSV (a title line before each), safe to open in Excel/WPS."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        writer.writerow([csv_safe(table.title)])
        writer.writerow(table.headers)
        for row in table.rows:
            writer.writerow([csv_safe(v) for v in row])
    return buffer.getvalue()


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def text_table(tables: list[DocumentTable]) -> str:
    """A terminal table; multi-line cells become extra lines."""
    out: list[str] = []
    for table in tables:
        out.append(table.title)
        grid = [table.headers, *table.rows]
        split = [[cell.split("\n") for cell in row] for row in grid]
        widths = [
            max(_width(line) for row in split for line in row[i]) for i in range(len(table.headers))
        ]
        for row in split:
            height = max(len(lines) for lines in row)
            for line_no in range(height):
                parts = [
                    _pad(lines[line_no] if line_no < len(lines) else "", widths[i])
                    for i, lines in enumerate(row)
                ]
                out.append("  ".join(parts).rstrip())
        out.extend(table.notes)
        out.append("")
    return "\n".join(out)
