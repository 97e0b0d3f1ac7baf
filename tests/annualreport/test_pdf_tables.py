"""PDFs as Word, WPS and LibreOffice lay out the national tables (labels wrapped in narrow cells,
numbers centred beside them, a row cut by a page break): every row read cell-exactly."""

from pathlib import Path

import pytest

from gongkai.adapters.documents import read_document_text
from gongkai.annualreport.checks import check
from gongkai.annualreport.parser import parse_text
from tests.annualreport.fixtures import values
from tests.annualreport.pdf_layouts import LAYOUTS, planted

PDFS = Path(__file__).resolve().parent / "pdf"


def as_ints(report):
    return (
        {k: [int(x) for x in vals] for k, vals in report.section3.items()},
        {k: [str(x) for x in vals] for k, vals in report.section2.items()},
        [int(x) for x in report.section4],
    )


def expected(v):
    return v["三"], {k: [str(x) for x in vals] for k, vals in v["二"].items()}, v["四"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_row_of_every_layout_is_read_exactly(layout):
    path = PDFS / f"{layout}.pdf"
    report = parse_text(read_document_text(path), path.name)
    assert report.complete, report.issues
    assert as_ints(report) == expected(values())
    assert (report.unit, report.year) == ("某县人民政府办公室", 2024)
    assert check(report) == []


def test_a_planted_error_in_a_wrapped_layout_is_found_once_per_cell():
    path = PDFS / "wps-planted.pdf"
    report = parse_text(read_document_text(path), path.name)
    assert as_ints(report) == expected(planted())
    assert sorted(f.rule for f in check(report)) == ["三.一+二=三+四", "三.一+二=三+四"]


def test_the_row_cut_by_the_page_break_is_one_row():
    text = read_document_text(PDFS / "word.pdf")
    row = next(line for line in text.splitlines() if "本机关不掌握相关政府信息" in line)
    assert row.split("\t")[-7:] == ["1", "1", "0", "0", "0", "0", "2"]
