"""The national annual-report format of 2021 (国办公开办函〔2021〕30号) as data (pure).

Rows are found by their labels, in the order the format prints them; each pattern is matched
against the label text with white space removed and full-width characters folded.
"""

from dataclasses import dataclass

SECTIONS = (
    ("一", "总体情况"),
    ("二", "主动公开政府信息情况"),
    ("三", "收到和处理政府信息公开申请情况"),
    ("四", "政府信息公开行政复议、行政诉讼情况"),
    ("五", "存在的主要问题及改进情况"),
    ("六", "其他需要报告的事项"),
)


@dataclass(frozen=True)
class RowSpec:
    key: str
    label: str  # as printed in the format
    pattern: str  # regular expression over the normalized label text
    values: int = 1
    decimal: bool = False
    variants: tuple[str, ...] = ()  # deviating labels seen in published reports


# Section 二: (key, label, pattern, number of values)
SECTION_2_ROWS = (
    RowSpec("rules", "规章", r"规章$", 3),
    RowSpec("normative", "行政规范性文件", r"规范性文件$", 3),
    RowSpec("licensing", "行政许可", r"行政许可$", 1),
    RowSpec("penalty", "行政处罚", r"行政处罚$", 1),
    RowSpec("enforcement", "行政强制", r"行政强制$", 1),
    RowSpec("fees", "行政事业性收费（万元）", r"行政事业性收费$", 1, decimal=True),
)
SECTION_2_COLUMNS = {"rules": ("本年制发件数", "本年废止件数", "现行有效件数")}

APPLICANT_COLUMNS = (
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
)

# Section 三: 25 rows × 7 columns.
SECTION_3_ROWS = (
    RowSpec("new", "一、本年新收政府信息公开申请数量", r"本年新收", 7),
    RowSpec(
        "carried_in", "二、上年结转政府信息公开申请数量", r"上年结转", 7, variants=(r"上年转结",)
    ),
    RowSpec("public", "（一）予以公开", r"予以公开$", 7),
    RowSpec("partial", "（二）部分公开", r"部分公开", 7),
    RowSpec("deny_secret", "（三）不予公开 1.属于国家秘密", r"国家秘密$", 7),
    RowSpec("deny_law", "2.其他法律行政法规禁止公开", r"其他法律行政法规禁止公开$", 7),
    RowSpec("deny_safety", "3.危及“三安全一稳定”", r"危及", 7),
    RowSpec("deny_third_party", "4.保护第三方合法权益", r"保护第三方合法权益$", 7),
    RowSpec("deny_internal", "5.属于三类内部事务信息", r"内部事务信息$", 7),
    RowSpec("deny_process", "6.属于四类过程性信息", r"过程性信息$", 7),
    RowSpec("deny_enforcement", "7.属于行政执法案卷", r"行政执法案卷$", 7),
    RowSpec("deny_query", "8.属于行政查询事项", r"行政查询事项$", 7),
    RowSpec(
        "none_not_held", "（四）无法提供 1.本机关不掌握相关政府信息", r"不掌握相关政府信息$", 7
    ),
    RowSpec("none_new_work", "2.没有现成信息需要另行制作", r"另行制作$", 7),
    RowSpec("none_unclear", "3.补正后申请内容仍不明确", r"仍不明确$", 7),
    RowSpec("reject_petition", "（五）不予处理 1.信访举报投诉类申请", r"信访举报投诉类申请$", 7),
    RowSpec("reject_repeat", "2.重复申请", r"重复申请$", 7),
    RowSpec("reject_publication", "3.要求提供公开出版物", r"公开出版物$", 7),
    RowSpec("reject_mass", "4.无正当理由大量反复申请", r"大量反复申请$", 7),
    RowSpec("reject_confirm", "5.要求行政机关确认或重新出具已获取信息", r"已获取信息$", 7),
    RowSpec(
        "other_no_correction", "（六）其他处理 1.申请人无正当理由逾期不补正…", r"逾期不补正", 7
    ),
    RowSpec("other_no_fee", "2.申请人逾期未按收费通知要求缴纳费用…", r"收费通知", 7),
    RowSpec("other_other", "3.其他", r"(^|\d\.?)其他$", 7),
    RowSpec("total", "（七）总计", r"总计$", 7),
    RowSpec("carried_out", "四、结转下年度继续办理", r"结转下年度", 7),
)
RESULT_LEAVES = tuple(
    row.key for row in SECTION_3_ROWS[2:23]
)  # the 21 leaf rows of 三（一）–（六）

REVIEW_BLOCKS = ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")
REVIEW_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
