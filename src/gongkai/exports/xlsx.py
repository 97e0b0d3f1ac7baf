"""Spreadsheets that open cleanly in WPS and Excel: title row, borders, widths, frozen header,
a CJK font, and text that starts like a formula stored as text, never as a formula."""

from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from gongkai.exports.tables import DocumentTable

FONT_NAME = "宋体"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def _set(cell, value: object) -> None:
    """Whole numbers as numbers; all text as text (openpyxl would make "=…" a formula)."""
    if isinstance(value, str) and value.isdigit() and len(value) < 16:
        cell.value = int(value)
        return
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def write_tables(path: Path, tables: Sequence[DocumentTable]) -> Path:
    """One sheet per table, laid out as the bulletins' attachments."""
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(title=(table.attachment or table.title)[:31])
        columns = len(table.headers)
        for index, width in enumerate(table.widths or [14] * columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
        title = sheet.cell(row=1, column=1)
        _set(title, table.title)
        title.font = Font(name=FONT_NAME, size=16, bold=True)
        title.alignment = CENTER
        sheet.row_dimensions[1].height = 32
        for column, header in enumerate(table.headers, start=1):
            cell = sheet.cell(row=2, column=column)
            _set(cell, header)
            cell.font = Font(name=FONT_NAME, size=11, bold=True)
            cell.alignment = CENTER
            cell.border = BORDER
        body = Font(name=FONT_NAME, size=11)
        for row_index, row in enumerate(table.rows, start=3):
            lines = max((str(v).count("\n") + 1 for v in row), default=1)
            sheet.row_dimensions[row_index].height = max(18, 15 * lines)
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(row=row_index, column=column)
                _set(cell, value)
                cell.font = body
                cell.border = BORDER
                cell.alignment = LEFT if "\n" in str(value) or len(str(value)) > 12 else CENTER
        note_row = len(table.rows) + 3
        for offset, note in enumerate(table.notes):
            cell = sheet.cell(row=note_row + offset, column=1)
            _set(cell, note)
            cell.font = Font(name=FONT_NAME, size=10)
        sheet.freeze_panes = "A3"
        sheet.print_title_rows = "1:2"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def write_simple_table(
    path: Path, *, title: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Path:
    """A plain list that may be long (a rejects report): streamed, header frozen, text kept text."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    for index in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 10 if index == 1 else 40

    def text(value: object, bold: bool = False) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        cell.font = Font(name=FONT_NAME, bold=bold)
        return cell

    sheet.append([text(h, bold=True) for h in header])
    for row in rows:
        sheet.append([text(v) for v in row])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
