from docx import Document
from docx.oxml.ns import qn

from gongkai.exports.docx import write_tables
from gongkai.exports.tables import DocumentTable

TABLE = DocumentTable(
    title="2023年度各乡镇网站信息公开工作统计表",
    headers=["序号", "单位名称", "乡镇动态", "总体情况"],
    rows=[
        ["1", "翟坡镇", "120", "——"],
        ["2", "小冀镇", "113", "1、乡镇信息公开更新量不达标\n2、部分月份更新迟缓"],
    ],
    notes=["注：乡镇动态更新标准不少于2条/周，全年不少于96条"],
    widths=[6, 16, 10, 34],
    attachment="附件3",
)


def test_table_layout_and_official_fonts(tmp_path):
    document = Document(write_tables(tmp_path / "t.docx", [TABLE, TABLE], landscape=True))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "附件3" and texts[1] == TABLE.title
    assert len(document.tables) == 2
    grid = document.tables[0]
    assert [c.text for c in grid.rows[0].cells] == TABLE.headers
    assert grid.rows[2].cells[3].text == "1、乡镇信息公开更新量不达标\n2、部分月份更新迟缓"
    fonts = {
        r._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))
        for p in document.paragraphs
        for r in p.runs
        if r.text  # the page-break run has no text and no font
    }
    assert {"黑体", "方正小标宋简体", "仿宋_GB2312"} <= fonts
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    assert grid.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # header repeats on each page


def test_portrait_a4(tmp_path):
    section = Document(write_tables(tmp_path / "t.docx", [TABLE])).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
