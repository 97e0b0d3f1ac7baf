"""The narrative's claims against the tables, and its structure: each planted defect caught once,
the consistent report and its known alternative readings silent."""

import pytest

from gongkai.annualreport.checks import check
from gongkai.annualreport.parser import normalize, parse_text
from tests.annualreport.fixtures import render_text, values

# The fixture's figures: 新收 8, 上年结转 1, 总计 8, 结转下年度 1, 予以公开 4, 部分公开 1; 复议 2,
# 诉讼 1; 规范性文件 3/1/12.
CONSISTENT = (
    "本年度共受理政府信息公开申请8件，办结8件，结转下年度继续办理1件。",
    "全年新收和上年结转的申请共收到申请9件。",  # new + carried over: the other reading
    "发生政府信息公开行政复议2起，行政诉讼1起。",
    "废止行政规范性文件1件，现行有效的行政规范性文件12件。",
    "下一步，一是加强培训，二是完善制度，三是强化监督。",
    "本报告统计期限为2024年1月1日至2024年12月31日。",
    "重点做好以下三个方面工作：一是公开，二是解读，三是回应。",
    "其中予以公开4件，占50%；部分公开1件，占办结总数的12.5%。",  # of 总计 8
    "予以公开4件，占全部申请的44.4%。",  # of 新收 + 上年结转 9, rounded half up
    "予以公开4件，占比44.44%，办结率88.8%。",  # cut off: 8 of 9 is 88.88…%
    "办结率100%。",  # 总计 8 of 新收 8
    "主动公开信息1234条，政务公开满意度达98%。",  # not a share of applications
    "不予公开0件，占0%。",  # a true zero share
)
PLANTED = [
    ("受理", "本年度受理政府信息公开申请7件。", "text.收到申请"),
    ("办结", "全年办结申请6件。", "text.办结"),
    ("结转", "结转下年度继续办理3件。", "text.结转下年"),
    ("复议", "发生行政复议3起。", "text.行政复议"),
    ("诉讼", "发生行政诉讼0起。", "text.行政诉讼"),
    ("废止", "废止行政规范性文件2件。", "text.废止规范性文件"),
    ("现行有效", "现行有效行政规范性文件11件。", "text.现行有效"),
    ("未收到", "本年度未收到政府信息公开申请。", "text.未收到申请"),
    ("序号重复", "一是加强培训，二是完善制度，二是强化监督。", "text.序号"),
    ("序号跳过", "一是加强培训，三是强化监督。", "text.序号"),
    ("部分数", "重点做好以下三个方面工作：一是公开，二是解读。", "text.部分数"),
    ("占比", "其中予以公开4件，占40%。", "text.占比"),
    ("占比精度", "其中予以公开4件，占50.5%。", "text.占比"),
    ("办结率", "办结率95%。", "text.办结率"),
    ("缺年", "于20243月5日召开会议。", "text.日期"),
    ("缺月", "于2024年5日召开会议。", "text.日期"),
    ("不存在的月", "于2024年13月5日召开会议。", "text.日期"),
]


def report_with(*sentences: str):
    text = render_text(values())
    marker = "（二）依申请公开\n"
    text = text.replace(marker, marker + "\n".join(sentences) + "\n")
    return parse_text(text, "claims")


def test_consistent_claims_and_alternative_readings_give_no_finding():
    assert check(report_with(*CONSISTENT)) == []


@pytest.mark.parametrize(("name", "sentence", "rule"), PLANTED, ids=[p[0] for p in PLANTED])
def test_each_planted_narrative_defect_is_caught_once_and_names_its_sentence(name, sentence, rule):
    findings = check(report_with(*CONSISTENT[:1], sentence))
    assert [f.rule for f in findings] == [rule], findings
    assert normalize(sentence).strip("。") in findings[0].text
