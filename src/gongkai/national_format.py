"""The national annual-report formats as data (pure; a foundation module, because on-request
disclosure records their outcomes in its vocabulary and the annual report counts them): the 2021 format (国办公开办函〔2021〕30号,
reports from 2021 on) and the 2019–2020 trial format, which historic reports use.

Rows are found by their labels, in the order the format prints them; each pattern is matched
against the label text with white space removed and full-width characters folded (and, failing
that, with a trailing parenthetical note removed: trial reports often explain a row in its label).
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

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
    decimals: tuple[int, ...] = ()  # columns that may hold fractions (amounts in 万元)
    variants: tuple[str, ...] = ()  # deviating labels seen in published reports
    columns: tuple[str, ...] = ()  # column headers of section 二 rows
    signed: tuple[int, ...] = ()  # columns that may be negative (the trial format's 本年增/减)

    def accepts(self, column: int, value: Decimal) -> bool:
        """Whole and non-negative, unless this column is signed or holds amounts."""
        if column in self.signed:
            return value == value.to_integral_value()
        return value >= 0 and (column in self.decimals or value == value.to_integral_value())

    def kind(self, column: int) -> str:
        if column in self.signed:
            return "整数"
        return "非负数" if column in self.decimals else "非负整数"


# Section 二: (key, label, pattern, number of values)
DOCUMENT_COLUMNS = ("本年制发件数", "本年废止件数", "现行有效件数")
SECTION_2_ROWS = (
    RowSpec("rules", "规章", r"规章$", 3, columns=DOCUMENT_COLUMNS),
    RowSpec("normative", "行政规范性文件", r"规范性文件$", 3, columns=DOCUMENT_COLUMNS),
    RowSpec("licensing", "行政许可", r"行政许可$", 1, columns=("本年处理决定数量",)),
    RowSpec("penalty", "行政处罚", r"行政处罚$", 1, columns=("本年处理决定数量",)),
    RowSpec("enforcement", "行政强制", r"行政强制$", 1, columns=("本年处理决定数量",)),
    RowSpec(
        "fees",
        "行政事业性收费（万元）",
        r"行政事业性收费$",
        1,
        decimals=(0,),
        columns=("本年收费金额（单位：万元）",),
    ),
)
SECTION_2_COLUMNS = {"rules": DOCUMENT_COLUMNS}

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
SECTION_3_KEYS = tuple(row.key for row in SECTION_3_ROWS)
APPLICANT_TYPES = APPLICANT_COLUMNS[:6]
# The outcome of an application is one leaf: its name in forms, letters and imports ("group：leaf").
_GROUPS = {"deny": "不予公开", "none": "无法提供", "reject": "不予处理", "other": "其他处理"}
OUTCOME_LABELS = {
    row.key: (
        f"{_GROUPS[row.key.split('_')[0]]}：{row.label.split('.')[-1].rstrip('…')}"
        if row.key.split("_")[0] in _GROUPS
        else row.label.split("）")[-1]
    )
    for row in SECTION_3_ROWS[2:23]
}

REVIEW_BLOCKS = ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")
REVIEW_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: there are two
class Edition:
    """One edition of the format: its section 二 and 三 rows and where its narrative figures sit."""

    key: str
    title: str
    section2: tuple[RowSpec, ...]
    section3: tuple[RowSpec, ...]
    result_leaves: tuple[str, ...]  # the leaf rows of 三（一）–（六）, which add up to （七）总计
    narrative_columns: dict[str, int]  # section 二 row → column of this year's figure
    marks: tuple[str, ...]  # labels only this edition prints, to recognise it

    @cached_property
    def rows(self) -> dict[str, RowSpec]:
        return {row.key: row for row in (*self.section2, *self.section3)}

    @cached_property
    def labels(self) -> dict[str, str]:
        return {key: row.label for key, row in self.rows.items()}

    def row(self, key: str) -> RowSpec:
        return self.rows[key]


CURRENT = Edition(
    key="2021",
    title="2021年版格式（国办公开办函〔2021〕30号）",
    section2=SECTION_2_ROWS,
    section3=SECTION_3_ROWS,
    result_leaves=RESULT_LEAVES,
    narrative_columns={"rules": 0, "normative": 0, "licensing": 0, "penalty": 0},
    marks=("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "逾期不补正"),
)

# The trial format used for the 2019 and 2020 reports, as printed in reports of those years (e.g.
# 雄县 2019, 重庆市长寿区云台镇 2020, 乌海市工业和信息化局 2020, 通榆县团结乡 2020): section 二 counts
# made/published/in total documents and items with last year's number and this year's change;
# section 三's （六）其他处理 is one row; 四 is the same.
MADE_COLUMNS = ("本年新制作数量", "本年新公开数量", "对外公开总数量")
ITEM_COLUMNS = ("上一年项目数量", "本年增/减", "处理决定数量")
TRIAL_SECTION_2_ROWS = (
    RowSpec("rules", "规章", r"规章$", 3, columns=MADE_COLUMNS),
    RowSpec("normative", "规范性文件", r"规范性文件$", 3, columns=MADE_COLUMNS),
    RowSpec("licensing", "行政许可", r"行政许可$", 3, columns=ITEM_COLUMNS, signed=(1,)),
    RowSpec(
        "other_services",
        "其他对外管理服务事项",
        r"其他对外管理服务事项$",
        3,
        columns=ITEM_COLUMNS,
        signed=(1,),
    ),
    RowSpec("penalty", "行政处罚", r"行政处罚$", 3, columns=ITEM_COLUMNS, signed=(1,)),
    RowSpec("enforcement", "行政强制", r"行政强制$", 3, columns=ITEM_COLUMNS, signed=(1,)),
    RowSpec("fees", "行政事业性收费", r"行政事业性收费$", 2, columns=ITEM_COLUMNS[:2], signed=(1,)),
    RowSpec(
        "procurement",
        "政府集中采购",
        r"政府集中采购$",
        2,
        columns=("采购项目数量", "采购总金额"),
        decimals=(1,),
    ),
)
TRIAL_SECTION_3_ROWS = (
    *SECTION_3_ROWS[:20],
    RowSpec("other", "（六）其他处理", r"其他处理$", 7),
    *SECTION_3_ROWS[23:],
)
TRIAL = Edition(
    key="2019",
    title="2019年试行格式（2019、2020年度报告）",
    section2=TRIAL_SECTION_2_ROWS,
    section3=TRIAL_SECTION_3_ROWS,
    result_leaves=tuple(row.key for row in TRIAL_SECTION_3_ROWS[2:21]),
    narrative_columns={"rules": 0, "normative": 0, "licensing": 2, "penalty": 2},
    marks=("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "采购项目数量"),
)
EDITIONS = {edition.key: edition for edition in (CURRENT, TRIAL)}
