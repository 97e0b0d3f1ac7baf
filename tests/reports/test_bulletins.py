"""The 2023 annual and 2024 Q2 quarterly bulletins of the demo data, opened and checked."""

import re
import subprocess
from datetime import date

import pytest
from docx import Document
from docx.shared import Mm
from openpyxl import load_workbook

from gongkai.assessment.services import load_bundled_schemes, run_assessment
from gongkai.calendar.selectors import work_calendar
from gongkai.exports.pdf import check_fonts, docx_to_pdf, soffice
from gongkai.findings.models import Finding
from gongkai.foi.mailbox_import import import_mailbox
from gongkai.reports.bulletin_services import bulletin_for, write_bulletin, write_letters
from gongkai.reports.bulletins import BulletinTemplateError, compose, load_templates
from gongkai.sample.applications import write_mailbox
from tests.conftest import GOLDEN_DIR

pytestmark = pytest.mark.django_db
SCHEME = "xinxiang-county"


@pytest.fixture(scope="module")
def made(sample_county_snapshot, tmp_path_factory):
    out = tmp_path_factory.mktemp("bulletins")

    def compute():
        load_bundled_schemes()
        calendar = work_calendar()
        import_mailbox(path=write_mailbox(out / "mailbox.csv", calendar))
        annual = run_assessment(scheme_name=SCHEME, year=2023, today=date(2026, 11, 22))
        quarterly = run_assessment(
            scheme_name=SCHEME, year=2024, quarter=2, today=date(2026, 11, 22)
        )
        a = bulletin_for(annual, kind="annual", dated=date(2024, 3, 4))
        q = bulletin_for(quarterly, kind="quarterly", dated=date(2024, 7, 10))
        write_bulletin(annual, kind="annual", dated=date(2024, 3, 4), path=out / "annual.docx")
        write_bulletin(quarterly, kind="quarterly", dated=date(2024, 7, 10), path=out / "q.docx")
        letters = write_letters(annual, dated=date(2024, 3, 4), directory=out / "letters")
        units_with_findings = sorted({f["unit_id"] for f in annual.inputs["findings"]})
        deadlines = set(
            Finding.objects.filter(pk__in=[f["id"] for f in annual.inputs["findings"]]).values_list(
                "deadline", flat=True
            )
        )
        return {
            "annual": a,
            "quarterly": q,
            "annual_inputs": annual.inputs,
            "letters": letters,
            "units_with_findings": len(units_with_findings),
            "findings": len(annual.inputs["findings"]),
            "deadlines": deadlines,
        }

    result = sample_county_snapshot(compute)
    result["out"] = out
    return result


def body_texts(document):
    return [p.text for p in document.paragraphs]


def fonts_of(document) -> set[str]:
    from docx.oxml.ns import qn

    names = set()
    for run in document.element.body.iter(qn("w:rFonts")):
        names.add(run.get(qn("w:eastAsia")))
    return names


def test_annual_bulletin_has_the_structure_of_the_2023_bulletin(made):
    document = Document(made["out"] / "annual.docx")
    texts = body_texts(document)
    for heading in ("一、总体情况", "二、存在问题", "三、下一步工作要求"):
        assert heading in texts
    assert texts[0] == "政务公开工作通报"
    assert "2023年度政务公开工作考核情况通报" in texts
    assert "8个开发区和乡镇考核结果优秀的2个，分别是翟坡镇、开发区。" in texts
    joined = "\n".join(texts)
    assert "公路事业发展中心累计超9个月未及时更新部门动态" in joined
    assert (
        "司法局、供销社、科工局、退役军人事务局、统计局、信访局、应急管理局、机关事务中心、税务局、公路事业发展中心部门信息公开更新量不达标"
        in joined
    )
    assert "附件：1. 2023年度各乡镇政务公开工作考核结果" in texts
    assert "抄送：县四大班子领导，新乡经济开发区管委会，中国农科院新乡试验基地管委会。" in texts
    assert any(t.endswith("2024年3月4日印发") for t in texts)


def test_annual_attachments_are_the_run_tables(made):
    document = Document(made["out"] / "annual.docx")
    tables = document.tables
    assert len(tables) == 4
    ranking = [[c.text for c in row.cells] for row in tables[0].rows]
    assert ranking[0] == ["排名", "乡镇", "分数"]
    assert ranking[1][:2] == ["1", "翟坡镇"] and len(ranking) == 9
    departments = [[c.text for c in row.cells] for row in tables[1].rows]
    assert departments[0] == ["排名", "县直部门", "分数"] and len(departments) == 36
    stats = made["annual_inputs"]["statistics"]["tables"]
    for table, frozen in zip(tables[2:], stats, strict=True):
        cells = [[c.text for c in row.cells] for row in table.rows]
        assert cells[0] == frozen["document"]["headers"]
        assert cells[1:] == frozen["document"]["rows"]
    texts = body_texts(document)
    for label in ("附件1", "附件2", "附件3", "附件4"):
        assert label in texts


def test_page_setup_fonts_and_page_numbers(made):
    document = Document(made["out"] / "annual.docx")
    for section in document.sections:
        assert abs(section.page_width - Mm(210)) < Mm(0.1)
        assert abs(section.page_height - Mm(297)) < Mm(0.1)
        assert abs(section.top_margin - Mm(37)) < Mm(0.1)
        assert abs(section.bottom_margin - Mm(35)) < Mm(0.1)
        assert abs(section.left_margin - Mm(28)) < Mm(0.1)
        assert abs(section.right_margin - Mm(26)) < Mm(0.1)
    assert {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"} <= fonts_of(document)
    first = document.sections[0]
    assert "PAGE" in first.footer._element.xml and "PAGE" in first.even_page_footer._element.xml
    footer_text = "".join(
        t.text or "" for t in first.footer._element.iter() if t.tag.endswith("}t")
    )
    assert footer_text.startswith("- ") and footer_text.endswith(" -")
    grid = first._sectPr.xml
    assert 'w:linePitch="580"' in grid  # 225 mm / 22 lines = 28.99 pt
    # 2号 title, 3号 body
    title = next(p for p in document.paragraphs if p.text == "2023年度政务公开工作考核情况通报")
    assert title.runs[0].font.size.pt == 22
    heading = next(p for p in document.paragraphs if p.text == "一、总体情况")
    assert heading.runs[0].font.name == "黑体" and heading.runs[0].font.size.pt == 16


def test_quarterly_bulletin_has_the_structure_of_the_2024_q2_bulletin(made):
    bulletin = made["quarterly"]
    document = Document(made["out"] / "q.docx")
    texts = body_texts(document)
    for heading in ("一、总体情况", "二、存在问题", "三、下步要求"):
        assert heading in texts
    assert "2024年第二季度县政府政务公开工作通报" in texts
    joined = "\n".join(texts)
    assert "共收到“县长信箱”39条，全部办结并答复" in joined
    assert (
        "机关事务中心、统计局、退役军人事务局、信访局、公安局在部门信息公开栏目上传信息数量为零"
        in joined
    )
    assert "七里营镇、大召营镇在乡镇信息公开栏目上传信息数量未达标更新要求" in joined
    assert len(document.tables) == 2
    assert [t.attachment for t in bulletin.tables] == ["附件1", "附件2"]
    # The new-media section has no data capability yet: it is left to the office, and said so.
    assert any("政务新媒体" in p for p in bulletin.placeholders())


def test_publication_counts_match_the_attachment_sums(made):
    """The paragraph's 政务要闻/信息公开 counts are the golden 附件1/附件2 column sums (the sample
    county publishes exactly the seed's tables), and the total adds up."""
    text = "\n".join(b.text for b in made["quarterly"].blocks)
    total, news, disclosure, others = map(
        int,
        re.search(
            r"共公开信息(\d+)条，其中政务要闻栏目(\d+)条，信息公开栏目(\d+)条，其他栏目(\d+)条",
            text,
        ).groups(),
    )
    golden = [
        line.split("\t")
        for line in (GOLDEN_DIR / "xinxiang_2024_q2.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]

    def column_sum(index: int) -> int:
        return sum(int(row[index]) for row in golden if row[index].strip().isdigit())

    assert (news, disclosure) == (column_sum(3), column_sum(4))
    assert others >= column_sum(5)  # 重点领域 is one of the other columns
    assert total == news + disclosure + others


def test_reminder_letters_and_ledger(made):
    letters = made["letters"]
    docx_letters = [p for p in letters if p.suffix == ".docx"]
    assert len(docx_letters) == made["units_with_findings"]
    road = Document(next(p for p in docx_letters if "公路事业发展中心" in p.name))
    text = "\n".join(body_texts(road))
    assert "公路事业发展中心：" in text and "请于2024年4月3日前完成整改" in text
    assert "\n1. 2023年度部门" in text and "2023年度部门动态更新量不达标（整改要求：" in text
    ledger = next(p for p in letters if p.suffix == ".xlsx")
    sheet = load_workbook(ledger).active
    rows = list(sheet.iter_rows(values_only=True))
    header_index = next(i for i, r in enumerate(rows) if r and r[0] == "序号")
    assert rows[header_index] == (
        "序号",
        "单位",
        "问题",
        "依据",
        "整改要求",
        "整改期限",
        "整改状态",
        "完成日期",
    )
    body = rows[header_index + 1 :]
    assert len(body) == made["findings"]
    assert {r[6] for r in body} == {"待整改"} and {r[5] for r in body} == {"2024-04-03"}
    assert made["deadlines"] == {date(2024, 4, 3)}


def test_template_errors_name_the_place(made):
    templates = load_templates()
    templates["annual"]["title"] = "{% if year %}没有结束"
    with pytest.raises(BulletinTemplateError, match="通报模板 annual.title"):
        compose(_run_data_stub(), "annual", dated=date(2024, 3, 4), templates=templates)
    with pytest.raises(BulletinTemplateError, match="缺少「reminder」部分"):
        load_templates("common: {}\nproblems: {}\nannual: {}\nquarterly: {}\n")


def _run_data_stub():
    from gongkai.reports.bulletins import RunData

    inputs = {"units": [], "metrics": {}, "findings": [], "statistics": {"tables": []}}
    return RunData(2023, None, "2023年度", inputs, [], {}, ())


@pytest.mark.slow
@pytest.mark.one_database
def test_pdf_through_libreoffice_uses_the_mapped_fonts(made, tmp_path):
    assert soffice(), "LibreOffice is installed by `make install` (scripts/install-fonts)"
    pdf = docx_to_pdf(made["out"] / "annual.docx", tmp_path / "annual.pdf")
    fonts = check_fonts(pdf)
    assert any(f.startswith("FandolFang") for f in fonts)  # 仿宋_GB2312
    assert any(f.startswith("NotoSerifCJK") for f in fonts)  # 方正小标宋简体
    assert any(f.startswith("NotoSansCJK") for f in fonts)  # 黑体
    assert any(f.startswith("FandolKai") for f in fonts)  # 楷体_GB2312
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    assert "2023年度政务公开工作考核情况通报" in text.replace(" ", "")
    import re

    assert re.search(r"^\s*-\s*1\s*-\s*$", text, re.M), "page number in the - 1 - style"


@pytest.mark.slow
@pytest.mark.one_database
def test_a_missing_font_is_an_error_not_a_fallback(made, tmp_path, monkeypatch):
    from gongkai.exports import pdf as pdf_module

    monkeypatch.setattr(pdf_module, "ALIASES", {})
    monkeypatch.setattr(pdf_module, "FONT_DIR", tmp_path / "none")
    with pytest.raises(pdf_module.PdfError, match="使用了替代字体"):
        docx_to_pdf(made["out"] / "q.docx", tmp_path / "q.pdf")


def test_admin_refuses_a_template_that_cannot_render(admin_client):
    from django.urls import reverse

    from gongkai.reports.models import BulletinTemplates

    url = reverse("admin:reports_bulletintemplates_add")
    page = admin_client.get(url)
    assert page.status_code == 200 and "common:" in page.content.decode()
    response = admin_client.post(url, {"definition": "common: {}\n"})
    assert "缺少「problems」部分" in response.content.decode()
    assert BulletinTemplates.objects.count() == 0
