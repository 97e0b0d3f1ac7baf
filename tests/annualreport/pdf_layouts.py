"""Annual reports as Word, WPS and LibreOffice lay out their tables, written as .docx and printed to
PDF by LibreOffice: narrow label columns whose labels wrap over several lines, numbers centred
vertically beside them (Word), one merged group column with the long official labels (WPS), and
the form's three label columns (LibreOffice). `python -m tests.annualreport.pdf_layouts` rewrites
the committed PDFs in tests/annualreport/pdf/."""

from pathlib import Path

from docx import Document
from docx.enum.table import WD_ALIGN_VERTICAL
from docx.shared import Cm, Pt

from gongkai.national_format import APPLICANT_COLUMNS, SECTION_2_ROWS, SECTION_3_ROWS
from tests.annualreport.fixtures import (
    NARRATIVE,
    SUBGROUPS,
    render_docx,
    section4_docx,
    use_report_fonts,
    values,
)

HERE = Path(__file__).resolve().parent / "pdf"
LAYOUTS = ("word", "wps", "libreoffice")
# The long labels the official form prints (WPS copies keep them whole).
LONG = {
    "other_no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_no_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "reject_confirm": "5.要求行政机关确认或重新出具已获取信息",
}


def _short(row) -> str:
    return row.label.split(" ")[-1]


def _widths(table, widths) -> None:
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _centre(table) -> None:
    for row in table.rows:
        for cell in row.cells:
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER


def _head(document, v) -> None:
    use_report_fonts(document)
    document.styles["Normal"].font.size = Pt(10.5)
    document.add_paragraph(v["title"])
    for line in NARRATIVE.format(
        normative=v["二"]["normative"][0], new=v["三"]["new"][6]
    ).splitlines():
        document.add_paragraph(line)
    document.add_paragraph("二、主动公开政府信息情况")
    table = document.add_table(rows=0, cols=4)
    table.style = "Table Grid"
    for row in SECTION_2_ROWS:
        cells = table.add_row().cells
        cells[0].text = "行政事业性收费" if row.key == "fees" else row.label
        for index, value in enumerate(v["二"][row.key], start=1):
            cells[index].text = str(value)
    document.add_paragraph("三、收到和处理政府信息公开申请情况")


def render_word(v, path: Path) -> None:
    """Three very narrow label columns, every cell centred vertically."""
    document = Document()
    _head(document, v)
    table = document.add_table(rows=1 + len(SECTION_3_ROWS), cols=10)
    table.style = "Table Grid"
    _widths(table, [Cm(1.0), Cm(1.5), Cm(2.3)] + [Cm(1.3)] * 7)
    for index, name in enumerate(APPLICANT_COLUMNS, start=3):
        table.rows[0].cells[index].text = name
    keys = [row.key for row in SECTION_3_ROWS]
    for number, row in enumerate(SECTION_3_ROWS, start=1):
        cells = table.rows[number].cells
        for index, value in enumerate(v["三"][row.key], start=3):
            cells[index].text = str(value)
        if row.key in ("new", "carried_in", "carried_out"):
            cells[0].merge(cells[2]).text = row.label
        elif row.key in ("public", "partial", "total"):
            cells[1].merge(cells[2]).text = _short(row)
        else:
            cells[2].text = _short(row)
        if row.key in SUBGROUPS:
            name, span = SUBGROUPS[row.key]
            cells[1].merge(table.rows[number + span - 1].cells[1]).text = name
    first, last = keys.index("public") + 1, keys.index("total") + 1
    table.rows[first].cells[0].merge(table.rows[last].cells[0]).text = "三、本年度办理结果"
    _centre(table)
    section4_docx(document, v)
    document.save(path)


def render_wps(v, path: Path) -> None:
    """Two label columns: the group merged down the left, the long official leaf labels beside it."""
    document = Document()
    _head(document, v)
    table = document.add_table(rows=1 + len(SECTION_3_ROWS), cols=9)
    table.style = "Table Grid"
    _widths(table, [Cm(1.8), Cm(3.2)] + [Cm(1.4)] * 7)
    table.rows[0].cells[0].merge(table.rows[0].cells[1]).text = "申请人情况"
    for index, name in enumerate(APPLICANT_COLUMNS, start=2):
        table.rows[0].cells[index].text = name
    for number, row in enumerate(SECTION_3_ROWS, start=1):
        cells = table.rows[number].cells
        for index, value in enumerate(v["三"][row.key], start=2):
            cells[index].text = str(value)
        if row.key in ("new", "carried_in", "carried_out", "total"):
            cells[0].merge(cells[1]).text = row.label if row.key != "total" else "（七）总计"
        else:
            cells[1].text = LONG.get(row.key, _short(row))
        if row.key in SUBGROUPS:
            name, span = SUBGROUPS[row.key]
            cells[0].merge(table.rows[number + span - 1].cells[0]).text = name
        elif row.key in ("public", "partial"):
            cells[0].text = _short(row)
    _centre(table)
    section4_docx(document, v)
    document.save(path)


RENDER = {"word": render_word, "wps": render_wps, "libreoffice": render_docx}


def make_pdf(layout: str, v, directory: Path) -> Path:
    from gongkai.exports import pdf

    source = directory / f"{layout}.docx"
    RENDER[layout](v, source)
    return pdf.docx_to_pdf(source, directory / f"{layout}.pdf")


def planted():
    """The consistent values with 结转下年度 of 自然人 one too high (一+二=三+四 broken twice)."""
    v = values()
    v["三"]["carried_out"][0], v["三"]["carried_out"][6] = 2, 2
    return v


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        for name in LAYOUTS:
            made = make_pdf(name, values(), Path(scratch))
            made.replace(HERE / made.name)
        made = make_pdf("wps", planted(), Path(scratch))
        made.replace(HERE / "wps-planted.pdf")
