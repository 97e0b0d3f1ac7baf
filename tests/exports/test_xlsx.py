from openpyxl import load_workbook

from gongkai.exports.tables import DocumentTable
from gongkai.exports.xlsx import write_simple_table, write_tables

TABLE = DocumentTable(
    title="2023年度县直单位网站信息公开工作统计表",
    headers=["序号", "单位名称", "部门动态", "总体情况"],
    rows=[
        ["1", "卫健委", "112", "——"],
        [
            "2",
            '=HYPERLINK("http://evil","x")',
            "+1",
            "1、部门动态更新量不达标\n2、部分月份更新迟缓",
        ],
        ["3", "@SUM(A1)", "-3", "\t=1"],
    ],
    notes=["注：部门动态更新标准不少于2条/周，全年不少于96条"],
    widths=[6, 16, 10, 34],
    attachment="附件4",
)


def test_layout_title_header_freeze_font_borders(tmp_path):
    path = write_tables(tmp_path / "t.xlsx", [TABLE])
    sheet = load_workbook(path)["附件4"]
    assert sheet["A1"].value == TABLE.title
    assert "A1:D1" in {str(r) for r in sheet.merged_cells.ranges}
    assert [c.value for c in sheet[2]] == TABLE.headers
    assert sheet.freeze_panes == "A3"
    assert sheet["B3"].font.name == "宋体"
    assert sheet["B3"].border.left.style == "thin"
    assert sheet["C3"].value == 112  # counts are numbers, so Excel can sum them
    assert sheet.column_dimensions["D"].width == 34
    assert sheet.cell(row=6, column=1).value == TABLE.notes[0]


def test_nothing_is_written_as_a_formula(tmp_path):
    path = write_tables(tmp_path / "t.xlsx", [TABLE])
    sheet = load_workbook(path)["附件4"]
    for cell in ("B4", "C4", "B5", "C5", "D5"):
        assert sheet[cell].data_type == "s", cell
    assert sheet["B4"].value.startswith("=HYPERLINK")  # kept as the text it was
    raw = load_workbook(path, data_only=False)["附件4"]
    assert raw["B4"].data_type != "f"


def test_simple_table_streams_and_keeps_text(tmp_path):
    rows = ([i, "单位", f"=cmd|{i}", "原因"] for i in range(1000))
    path = write_simple_table(
        tmp_path / "r.xlsx", title="导入问题行", header=["行号", "字段", "值", "原因"], rows=rows
    )
    sheet = load_workbook(path).active
    assert sheet.max_row == 1001
    assert sheet["C2"].data_type == "s" and sheet["C2"].value == "=cmd|0"
    assert sheet["A2"].value == 0
