"""Rejoining table cells that wrapped inside narrow columns of a PDF's layout text."""

from gongkai.adapters.layout import rejoin_wrapped_cells

# Layout text as pdftotext prints a table converted from a .docx by LibreOffice (shortened).
WRAPPED = """\
       一、本    5        2     0
       年新收
       政府信
       息公开
       申请数
       量

三、本    （一）    3        1     0
年度办    予以公
理结果    开

（四）   1.本机   1   1   0
无法提   关不掌
供     握相关
      政府信
      息
"""


def test_fragments_join_the_label_they_stand_under():
    assert [part.strip() for part in rejoin_wrapped_cells(WRAPPED).split("\n\n")] == [
        "一、本年新收政府信息公开申请数量\t5\t2\t0",
        "三、本年度办理结果\t（一）予以公开\t3\t1\t0",
        "（四）无法提供\t1.本机关不掌握相关政府信息\t1\t1\t0",
    ]


def test_a_row_split_by_a_page_break_stays_one_row():
    text = "      2.其他   0   0\n      法律行\n\f      政法规\n      禁止公\n      开\n"
    assert rejoin_wrapped_cells(text).split("\n")[0] == "2.其他法律行政法规禁止公开\t0\t0"


def test_a_short_label_ends_its_cell_so_a_heading_after_a_page_break_stays_apart():
    text = (
        "其他对外管理服务   117   -2\n事项\n\n"
        "行政强制       0           +4      4\n\f第二十条第（八）\n项\n"
    )
    assert rejoin_wrapped_cells(text).split("\n") == [
        "其他对外管理服务事项\t117\t-2",
        "",
        "行政强制\t0\t+4\t4",
        "第二十条第（八）",
        "项",
        "",
    ]


def test_header_cells_join_by_column_and_single_lines_are_kept():
    text = (
        "信息内容       本年新         本年新     对外公开总数量\n"
        "           制作数量        公开数量\n\n"
        "第二十条第（一）\n项\n"
    )
    assert rejoin_wrapped_cells(text).split("\n")[:4] == [
        "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量",
        "",
        "第二十条第（一）",
        "项",
    ]


def test_prose_is_left_as_it_is():
    justified = (
        "2023 年度, 共出台行政规范性文件       1   件,   已配备政策解读,\n"
        "严格按照相关规定公开发布。\n\n"
        "(三)   政府信息管理:\n"
        "坚持“先审查、后公开”和“一事一审”的原则,   确保涉密信息不公开,\n"
        "公开信息不涉密。\n"
    )
    assert rejoin_wrapped_cells(justified) == justified
