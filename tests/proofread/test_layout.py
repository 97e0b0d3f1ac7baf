import pytest

from gongkai.proofread.checkers.layout import check_layout

CAUGHT = [
    ("我们,他们都来了。", "half_width", ",", "，"),
    ("会议结束。。然后", "doubled", "。。", "。"),
    ("县政府 办公室", "space", " ", ""),
    ("依据（条例第十条规定", "unbalanced", "（", "补上“）”"),
    ("依据条例第十条）规定", "unbalanced", "）", "补上“（”或删去"),
    ("学习《政府信息公开条例", "unbalanced", "《", "补上“》”"),
    ("依据(条例第十条规定", "unbalanced", "(", "补上“)”"),
    ("他说：“好。", "unbalanced", "“", "补上“””"),
    ("2023年13月", "date", "2023年13月", ""),
    ("2023年2月30日", "date", "2023年2月30日", ""),
    ("20233月", "date", "20233月", "2023年3月"),
    ("2023年5日", "date", "2023年5日", ""),
    ("一是加强领导；二是压实责任；三是完善制度；三是强化督查。", "enumeration", "三是", "四是"),
    ("（一）总体情况。（三）存在问题。", "enumeration", "（三）", "（二）"),
    ("依据新政办[2023]6号文件", "doc_number", "[2023]", "〔2023〕"),
    ("依据新政办（2023）6号文件", "doc_number", "（2023）", "〔2023〕"),
    (
        "2023年政务公开工作总结\n2022年以来，我局2022年全年公开信息120条。",
        "title_year",
        "2023",
        "2022",
    ),
]


@pytest.mark.parametrize(("text", "rule", "found", "suggestion"), CAUGHT)
def test_caught(text, rule, found, suggestion):
    hits = [h for h in check_layout(text) if h.rule == rule]
    assert [(text[h.start : h.end], h.suggestion) for h in hits] == [(found, suggestion)]


NOT_FLAGGED = [
    "会议于2023年12月31日召开，时间为10:30。",
    "2024 年 3 月 4 日",  # spaces from a PDF text layer between figures and 年/月
    "依据新政办〔2023〕6号文件。",
    "一、总体情况\n（一）甲。（二）乙。\n二、存在问题\n（一）丙。（二）丁。",
    "一是加强领导；二是压实责任。另一是非问题。",
    "他说：“好。”（见附件）《通知》【重要】",
    "“第一段引文\n“第二段引文。”",
    "真的吗？！太好了……",
    "2023年政务公开工作总结\n2023年，我局公开信息120条，比2022年增加10条。",
    "　　正文首行缩进两个全角空格。",
    "序号\t单位\n三、\t甲\n三、\t乙",  # a table's row labels
]


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_not_flagged(text):
    assert check_layout(text) == []


def test_pervasive_style_problem_is_reported_once():
    text = "，".join(["甲 乙"] * 6)
    (hit,) = check_layout(text)
    assert hit.rule == "space" and "共 6 处" in hit.reason and hit.start == 1
