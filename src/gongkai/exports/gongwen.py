"""Documents in 公文 layout (GB/T 9704-2012) for bulletins and letters.

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; 22 lines of 28 characters; title 2号
方正小标宋简体; body 3号 仿宋_GB2312; first-level headings 黑体, second-level 楷体_GB2312; a red 版头
with a red rule; page numbers "- 6 -" in 4号 宋体, right on odd pages and left on even pages; 版记 with
抄送 and 印发 lines between rules. The document names the fonts office PCs have.
"""

from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from gongkai.calendar.core import chinese_date
from gongkai.exports.docx import BODY_FONT, LABEL_FONT, TITLE_FONT, add_table
from gongkai.exports.tables import DocumentTable

HEADING_FONT = LABEL_FONT  # 黑体
LEAD_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
SIZE_2, SIZE_3, SIZE_4 = 22, 16, 14  # 2号, 3号, 4号 in points
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
PAGE_W, PAGE_H = Mm(210), Mm(297)
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
TEXT_WIDTH = Mm(210 - 28 - 26)
# (297 − 37 − 35) mm over 22 lines and (210 − 28 − 26) mm over 28 characters.
LINE_PITCH = Pt((297 - 37 - 35) / 25.4 * 72 / LINES_PER_PAGE)
CHAR_PITCH = Pt((210 - 28 - 26) / 25.4 * 72 / CHARS_PER_LINE)
# 3号 is 16 pt; 28 of them need 448 pt, the line has 442.2: condense by 0.25 pt (in 1/20 pt).
CHAR_SPACING = -5
RED = RGBColor(0xE6, 0x00, 0x12)


def _set_fonts(run, name: str, size: float, *, bold: bool = False, color=None) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    properties = run._element.get_or_add_rPr()
    if size == SIZE_3:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(CHAR_SPACING))
        properties.append(spacing)
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def _exact_lines(paragraph, pitch=LINE_PITCH) -> None:
    paragraph_format = paragraph.paragraph_format
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = pitch
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)


def _add(container, text: str, font: str, size: float, *, align=None, indent=False, color=None):
    paragraph = container.add_paragraph()
    _exact_lines(paragraph)
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    if text:
        _set_fonts(paragraph.add_run(text), font, size, color=color)
    return paragraph


def _rule(paragraph, color: str = "E60012", size: int = 12, where: str = "bottom") -> None:
    """A horizontal line under (or over) a paragraph: the 版头 red rule and the 版记 rules."""
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{where}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), color)
    borders.append(line)
    properties.append(borders)


def _page_setup(section) -> None:
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.footer_distance = Mm(28) - Mm(7)  # the page number sits 7 mm below the text block
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    # A line grid only: a character grid is read differently by Word, WPS and LibreOffice; 28
    # characters a line come from the 3号 size with a slight condensing (CHAR_SPACING).
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH.pt * 20)))


def _page_number(footer, align) -> None:
    """ "- 6 -": a PAGE field between dashes, 4号 宋体."""
    paragraph = footer.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.left_indent = (
        Pt(SIZE_4) if align == WD_ALIGN_PARAGRAPH.LEFT else None
    )
    paragraph.paragraph_format.right_indent = (
        Pt(SIZE_4) if align == WD_ALIGN_PARAGRAPH.RIGHT else None
    )
    _set_fonts(paragraph.add_run("- "), PAGE_NUMBER_FONT, SIZE_4)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), ("end", None)):
        run = paragraph.add_run()
        _set_fonts(run, PAGE_NUMBER_FONT, SIZE_4)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
            if kind == "separate":
                number = OxmlElement("w:t")
                number.text = "1"
                run._r.append(number)
        else:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
    _set_fonts(paragraph.add_run(" -"), PAGE_NUMBER_FONT, SIZE_4)


def new_document():
    document = Document()
    _page_setup(document.sections[0])
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
    style = document.styles["Normal"]
    style.font.name = BODY_FONT
    style.font.size = Pt(SIZE_3)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), BODY_FONT)
    return document


def add_masthead(document, masthead: str, issue: str, issuer: str, date_text: str) -> None:
    """版头: the red masthead, the issue line, issuer and date, and the red rule."""
    head = _add(document, masthead, TITLE_FONT, 36, align=WD_ALIGN_PARAGRAPH.CENTER, color=RED)
    _exact_lines(head, Pt(60))
    _add(document, issue, BODY_FONT, SIZE_3, align=WD_ALIGN_PARAGRAPH.CENTER)
    line = _add(document, "", BODY_FONT, SIZE_3)
    line.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    _set_fonts(line.add_run(f"{issuer}\t{date_text}"), BODY_FONT, SIZE_3)
    _rule(line, size=18)
    _add(document, "", BODY_FONT, SIZE_3)


def add_title(document, title: str) -> None:
    _add(document, title, TITLE_FONT, SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER)
    _add(document, "", BODY_FONT, SIZE_3)


def add_heading(document, text: str) -> None:
    _add(document, text, HEADING_FONT, SIZE_3, indent=True)


def add_body(document, text: str, lead: str = "") -> None:
    paragraph = _add(document, "", BODY_FONT, SIZE_3, indent=True)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if lead:
        _set_fonts(paragraph.add_run(lead), LEAD_FONT, SIZE_3)
    if text:
        _set_fonts(paragraph.add_run(text), BODY_FONT, SIZE_3)


def add_attachment_list(document, titles: Sequence[str]) -> None:
    """附件：1. …  with later items aligned under the first title (GB/T 9704 7.3.3)."""
    if not titles:
        return
    _add(document, "", BODY_FONT, SIZE_3)
    for index, title in enumerate(titles, start=1):
        prefix = "附件：" if index == 1 else ""
        paragraph = _add(document, "", BODY_FONT, SIZE_3)
        paragraph.paragraph_format.left_indent = Pt(SIZE_3 * 5)
        paragraph.paragraph_format.first_line_indent = Pt(-SIZE_3 * 3) if prefix else None
        _set_fonts(paragraph.add_run(f"{prefix}{index}. {title}"), BODY_FONT, SIZE_3)


def add_signature(document, issuer: str, date_text: str) -> None:
    _add(document, "", BODY_FONT, SIZE_3)
    for text in (issuer, date_text):
        paragraph = _add(document, text, BODY_FONT, SIZE_3, align=WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph.paragraph_format.right_indent = Pt(SIZE_3 * 4)


def add_record(document, copy_to: str, distribute_to: str, printer: str, date_text: str) -> None:
    """版记: 抄送 and 印发 lines between rules, on the last page of the body."""
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    top = _add(document, "", BODY_FONT, SIZE_4)
    _rule(top, color="000000", size=8)
    if distribute_to:
        _add(document, f"本期发：{distribute_to}", BODY_FONT, SIZE_4)
    if copy_to:
        paragraph = _add(document, f"抄送：{copy_to}", BODY_FONT, SIZE_4)
        _rule(paragraph, color="000000", size=4)
    paragraph = _add(document, "", BODY_FONT, SIZE_4)
    paragraph.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    _set_fonts(paragraph.add_run(f"{printer}\t{date_text}印发"), BODY_FONT, SIZE_4)
    _rule(paragraph, color="000000", size=8)


def add_attachments(document, tables: Sequence[DocumentTable]) -> None:
    """Each 附件 table on a new page, in its own section so wide tables keep the margins."""
    for table in tables:
        section = document.add_section(WD_SECTION.NEW_PAGE)
        _page_setup(section)
        add_table(document, table)


def write_bulletin(path: Path, bulletin) -> Path:
    """A bulletin (reports.bulletins.Bulletin) as .docx in 公文 layout."""
    document = new_document()
    add_masthead(document, bulletin.masthead, bulletin.issue, bulletin.issuer, bulletin.date_text)
    add_title(document, bulletin.title)
    if bulletin.opening:
        add_body(document, bulletin.opening)
    for block in bulletin.blocks:
        if block.kind == "heading":
            add_heading(document, block.text)
        else:
            add_body(document, block.text, block.lead)
    add_attachment_list(document, bulletin.attachment_titles)
    add_signature(document, bulletin.issuer, bulletin.date_text)
    add_attachments(document, bulletin.tables)
    if bulletin.copy_to or bulletin.distribute_to:
        add_record(
            document, bulletin.copy_to, bulletin.distribute_to, bulletin.printer, bulletin.date_text
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def write_reminder(path: Path, reminder) -> Path:
    """A 工作提醒函 (reports.bulletins.Reminder) in 公文 layout."""
    document = new_document()
    add_title(document, reminder.title)
    _add(document, reminder.salutation, BODY_FONT, SIZE_3)
    for text in reminder.paragraphs:
        add_body(document, text)
    add_signature(document, reminder.signature, chinese_date(reminder.dated))
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path
