import re
from datetime import date

import pytest

from gongkai.adapters.documents import read_document_text
from gongkai.exports.docx import write_letter
from gongkai.foi.annual import OUTCOMES
from gongkai.foi.letters import ELEMENTS, LetterData, check_letter, compose

DATA = LetterData(
    issuer="新乡县自然资源局",
    number="新自然资依公〔2025〕3号",
    applicant="周某某",
    received=date(2025, 9, 26),
    request="长修高速征地相关信息",
    dated=date(2025, 10, 20),
    review_body="新乡县人民政府",
    court="新乡县人民法院",
    reason="涉及第三方个人信息",
    correction_date=date(2025, 9, 30),
)


@pytest.mark.parametrize("outcome", list(OUTCOMES))
def test_every_reply_template_has_every_element(outcome):
    letter = compose("reply", DATA, outcome)
    assert check_letter(letter.text(), letter_date=DATA.dated) == []
    assert "{" not in letter.text()  # every placeholder filled
    assert "新乡县人民政府申请行政复议" in letter.text()


@pytest.mark.parametrize("kind", ["correction", "extension"])
def test_notices_have_every_element(kind):
    data = LetterData(**{**DATA.__dict__, "days": 20, "due": date(2025, 11, 27)})
    letter = compose(kind, data)
    assert check_letter(letter.text()) == []
    if kind == "extension":
        assert "答复期限延长20个工作日，至2025年11月27日前作出答复" in letter.text()


def test_consultation_letter_gives_fifteen_working_days():
    letter = compose("consultation", LetterData(**{**DATA.__dict__, "applicant": "某某有限公司"}))
    assert "十五个工作日内提出意见" in letter.text() and letter.salutation == "某某有限公司："


@pytest.mark.parametrize(("name", "pattern", "message"), ELEMENTS, ids=[e[0] for e in ELEMENTS])
def test_each_missing_element_is_found(name, pattern, message):
    text = compose("reply", DATA, "public").text()
    crafted = re.sub(pattern, lambda m: "\n" if m.group(0).endswith("\n") else "", text)
    missing = {m.element for m in check_letter(crafted)}
    assert name in missing
    assert message in {m.message for m in check_letter(crafted)}


def test_outdated_remedy_is_flagged_for_letters_since_2024():
    text = (
        compose("reply", DATA, "public")
        .text()
        .replace("向新乡县人民政府申请行政复议", "向上一级主管部门申请行政复议")
    )
    assert [m.element for m in check_letter(text, letter_date=date(2025, 3, 1))] == ["复议机关"]
    assert check_letter(text, letter_date=date(2023, 6, 1)) == []


def test_docx_letter_reads_back_complete(tmp_path):
    letter = compose("reply", DATA, "partial")
    path = write_letter(
        tmp_path / "答复书.docx",
        title=letter.title,
        number=letter.number,
        salutation=letter.salutation,
        paragraphs=letter.paragraphs,
        issuer=letter.issuer,
        seal=letter.seal,
        dated=letter.dated,
    )
    assert check_letter(read_document_text(path)) == []


def test_pdf_letter_text_layer_is_checked(tmp_path):
    from tests.pdf import write_text_pdf

    letter = compose("reply", DATA, "public")
    complete = write_text_pdf(tmp_path / "ok.pdf", letter.text())
    assert check_letter(read_document_text(complete)) == []
    without_number = write_text_pdf(
        tmp_path / "no-number.pdf", letter.text().replace(DATA.number, "")
    )
    assert [m.element for m in check_letter(read_document_text(without_number))] == ["文号"]


@pytest.mark.slow
def test_our_own_libreoffice_pdf_reads_back_complete(tmp_path):
    """LibreOffice breaks lines inside 《中华人民共和国政府信息公开条例》: still the legal basis."""
    from gongkai.exports import pdf

    if pdf.soffice() is None:
        pytest.skip("LibreOffice is installed by `make install`")
    letter = compose("reply", DATA, "partial")
    path = write_letter(
        tmp_path / "答复书.docx",
        title=letter.title,
        number=letter.number,
        salutation=letter.salutation,
        paragraphs=letter.paragraphs,
        issuer=letter.issuer,
        seal=letter.seal,
        dated=letter.dated,
    )
    text = read_document_text(pdf.docx_to_pdf(path, tmp_path / "答复书.pdf"))
    assert check_letter(text) == []


def test_line_breaks_inside_the_legal_basis_and_dates_do_not_hide_them():
    text = compose("reply", DATA, "partial").text()
    broken = text.replace("政府信息公开条例》", "政府信息公开\n条例》").replace("年9月", "年\n9月")
    assert broken != text and check_letter(broken) == []
    without = text.replace("《中华人民共和国政府信息公开条例》", "有关规定")
    assert [m.element for m in check_letter(without.replace("年9月", "年\n9月"))] == ["法律依据"]
