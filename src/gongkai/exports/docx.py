"""Word tables in the layout of the bulletins' 附件: 附件 label, title, bordered table, notes.

The document names the fonts office PCs have (黑体 for the 附件 label, 方正小标宋简体 for titles,
仿宋_GB2312 for text), set for East Asian text so Word and WPS use them.
"""

from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gongkai.exports.tables import DocumentTable

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
LABEL_FONT = "黑体"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run_properties = run._element.get_or_add_rPr()
    fonts = run_properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = run_properties.makeelement(qn("w:rFonts"), {})
        run_properties.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _paragraph(container, text: str, font: str, size: float, *, bold=False, align=None):
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    for index, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        _font(run, font, size, bold)
        if index < text.count("\n"):
            run.add_break()
    return paragraph


def _set_cell(cell, text: str, size: float, bold: bool = False) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    multiline = "\n" in text
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if multiline else WD_ALIGN_PARAGRAPH.CENTER
    lines = text.split("\n")
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        _font(run, BODY_FONT, size, bold)
        if index < len(lines) - 1:
            run.add_break()


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = properties.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    properties.append(header)


def add_table(document, table: DocumentTable, *, font_size: float = 12) -> None:
    if table.attachment:
        _paragraph(document, table.attachment, LABEL_FONT, 16)
    _paragraph(document, table.title, TITLE_FONT, 18, align=WD_ALIGN_PARAGRAPH.CENTER)
    grid = document.add_table(rows=1, cols=len(table.headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
        _set_cell(cell, header, font_size, bold=True)
    _repeat_header(grid.rows[0])
    for values in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            _set_cell(cell, value, font_size)
    if table.widths:
        section = document.sections[-1]
        usable = section.page_width - section.left_margin - section.right_margin
        scale = usable / sum(table.widths)
        for row in grid.rows:
            for cell, width in zip(row.cells, table.widths, strict=True):
                cell.width = int(width * scale)
    for note in table.notes:
        _paragraph(document, note, BODY_FONT, 12)


def write_tables(path: Path, tables: Sequence[DocumentTable], *, landscape: bool = False) -> Path:
    """Each table on its own page, A4, margins of the 公文 standard."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    for index, table in enumerate(tables):
        if index:
            document.add_page_break()
        add_table(document, table)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def write_letter(
    path: Path,
    *,
    title: str,
    number: str,
    salutation: str,
    paragraphs: Sequence[str],
    issuer: str,
    seal: str,
    dated: str,
) -> Path:
    """A letter in 公文 layout: title 2号 小标宋, body 3号 仿宋 with a two-character indent."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _paragraph(document, title, TITLE_FONT, 22, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, number, BODY_FONT, 16, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, salutation, BODY_FONT, 16)
    for text in paragraphs:
        paragraph = _paragraph(document, text, BODY_FONT, 16)
        paragraph.paragraph_format.first_line_indent = Pt(32)
    for line in (issuer, seal, dated):
        _paragraph(document, line, BODY_FONT, 16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path
