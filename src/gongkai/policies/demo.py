"""The sample county's policy register for 2025, with the cases the checks must find planted:

- 《住宅专项维修资金管理办法》 has no interpretation;
- 《就业见习管理办法》 is interpreted on the 5th working day after it, across 清明;
- 《高标准农田建设管护办法》 is interpreted by 融媒体中心, not by 农业农村局 that drafted it;
- 《临时救助实施细则》's interpretation copies the document;
- 《学前教育资助办法》's interpretation has three of the nine elements;
- 《门诊慢特病管理办法》 links to its interpretation, which does not link back;
- “城区停车收费调整” was consulted for 20 days without a reason; “县城公交线网优化” never.

自然资源局's register and figures make its 2025 annual report's section 二 (issued 2, repealed 1,
in force 6; 许可 118, 处罚 23, 强制 2, 收费 0).
"""

import csv
from datetime import date
from pathlib import Path

SITE = "http://www.xinxiang.gov.cn/zwgk"

GOOD_INTERPRETATION = """一、出台背景
为贯彻落实《不动产登记暂行条例》，进一步优化不动产登记服务，县自然资源局起草了本办法。
二、目标任务
力争到2025年底，一般登记业务1个工作日内办结。
三、主要内容
办法共分为五章二十六条，包括总则、办理流程、信息共享、监督管理和附则。
四、适用范围
本办法适用于本县行政区域内的不动产登记及相关服务。
五、收费标准
住宅类不动产登记费每件80元，小微企业免收登记费。
六、注意事项
申请人须如实提交材料，提供虚假材料的依法承担责任。
七、关键词诠释
“带押过户”是指存在抵押的不动产在不解除抵押的情况下办理转移登记。
八、惠民举措
推行“交房即交证”，群众可在不动产登记大厅一次办结。
九、新旧政策差异
与原办法相比，新增了“带押过户”和线上办理的规定。"""

GOOD_INTERPRETATION_2 = """一、制定依据
根据《中华人民共和国土地管理法》和《河南省耕地保护条例》制定本办法。
二、工作目标
确保全县耕地保有量不低于38万亩，永久基本农田不减少。
三、主要内容
办法主要包括耕地保护责任、占补平衡、监督检查三方面内容。
四、适用范围
本办法适用于全县各乡镇、开发区和有关部门。
五、补偿标准
对履行耕地保护责任的农村集体经济组织，按照每亩每年30元给予补偿。
六、温馨提示
耕地保护补偿资金不得挪作他用。
七、惠民举措
补偿资金直接发放到村集体账户，减轻群众负担。"""

MEDICAL_INTERPRETATION = """一、背景依据
根据《河南省医疗保障局关于健全门诊共济保障机制的实施意见》，县医保局起草了本办法。
二、目标任务
到2025年底实现门诊慢特病病种目录与省级统一。
三、主要内容
办法明确了病种范围、认定程序、待遇标准和就医管理。
四、涉及范围
参加我县城乡居民基本医疗保险的人员。
五、执行标准
高血压、糖尿病门诊费用报销比例为60%。
六、注意事项
认定结果有效期为两年，到期需重新认定。
七、惠民利民举措
群众在乡镇卫生院即可办理认定，一次办结。"""

JOB_INTERPRETATION = MEDICAL_INTERPRETATION.replace("门诊慢特病", "就业见习").replace(
    "县医保局", "县人社局"
)

THREE_ELEMENTS = """一、起草背景
为贯彻落实《河南省学前教育资助管理办法》，县教体局起草了本办法。
二、主要内容
办法共分为五章，明确了资助对象、程序和资金管理。
三、适用范围
本办法适用于本县经审批设立的公办、民办幼儿园。"""

RELIEF_TEXT = """第一条 为规范临时救助工作，切实保障困难群众基本生活，根据《社会救助暂行办法》，结合本县实际，制定本细则。
第二条 临时救助对象为因火灾、交通事故等意外事件，家庭成员突发重大疾病等原因，导致基本生活暂时出现严重困难的家庭或个人。
第三条 临时救助标准根据救助对象困难类型、困难程度确定，一般不超过本县城市低保标准的6倍。
第四条 申请临时救助，应当向乡镇人民政府提出，乡镇人民政府应当在10个工作日内审核确认。"""

RELIEF_COPY = "《新乡县临时救助实施细则》解读\n" + RELIEF_TEXT.replace("第一条 ", "一、").replace(
    "第二条 ", "二、"
).replace("第三条 ", "三、").replace("第四条 ", "四、")

# (文号, 标题, 种类, 制发单位, 起草单位, 成文, 发布, 状态, 状态日期, 链接, 页面链接, 正文)
DOCUMENTS = [
    (
        "新自然资〔2021〕4号",
        "新乡县地质灾害防治管理办法",
        "行政规范性文件",
        "自然资源局",
        "自然资源局",
        "2021-03-10",
        "2021-03-12",
        "有效",
        "",
        "",
        "",
        "",
    ),
    (
        "新自然资〔2022〕7号",
        "新乡县矿产资源开发管理办法",
        "行政规范性文件",
        "自然资源局",
        "自然资源局",
        "2022-05-16",
        "2022-05-18",
        "有效",
        "",
        "",
        "",
        "",
    ),
    (
        "新自然资〔2023〕2号",
        "新乡县土地储备管理办法",
        "行政规范性文件",
        "自然资源局",
        "自然资源局",
        "2023-02-20",
        "2023-02-22",
        "有效",
        "",
        "",
        "",
        "",
    ),
    (
        "新自然资〔2023〕9号",
        "新乡县不动产登记工作规程",
        "行政规范性文件",
        "自然资源局",
        "自然资源局",
        "2023-08-01",
        "2023-08-03",
        "有效",
        "",
        "",
        "",
        "",
    ),
    (
        "新自然资〔2024〕5号",
        "新乡县农村宅基地审批管理办法",
        "行政规范性文件",
        "自然资源局",
        "自然资源局",
        "2024-06-03",
        "2024-06-05",
        "有效",
        "",
        "",
        "",
        "",
    ),
    (
        "新自然资〔2025〕3号",
        "新乡县不动产登记便民服务办法",
        "行政规范性文件",
        "自然资源局",
        "自然资源局",
        "2025-03-10",
        "2025-03-12",
        "有效",
        "",
        f"{SITE}/zrzy/2025/doc-3.html",
        f"{SITE}/zrzy/2025/jd-3.html",
        "",
    ),
    (
        "新自然资〔2025〕8号",
        "新乡县耕地保护补偿办法",
        "行政规范性文件",
        "自然资源局",
        "自然资源局",
        "2025-07-14",
        "2025-07-16",
        "有效",
        "",
        f"{SITE}/zrzy/2025/doc-8.html",
        f"{SITE}/zrzy/2025/jd-8.html",
        "",
    ),
    (
        "新住建〔2025〕3号",
        "新乡县住宅专项维修资金管理办法",
        "行政规范性文件",
        "住建局",
        "住建局",
        "2025-05-19",
        "2025-05-20",
        "有效",
        "",
        "",
        "",
        "",
    ),
    (
        "新人社〔2025〕6号",
        "新乡县就业见习管理办法",
        "行政规范性文件",
        "人社局",
        "人社局",
        "2025-04-01",
        "2025-04-03",
        "有效",
        "",
        "",
        "",
        "",
    ),
    (
        "新农〔2025〕4号",
        "新乡县高标准农田建设管护办法",
        "行政规范性文件",
        "农业农村局",
        "农业农村局",
        "2025-06-09",
        "2025-06-10",
        "有效",
        "",
        "",
        "",
        "",
    ),
    (
        "新民〔2025〕2号",
        "新乡县临时救助实施细则",
        "行政规范性文件",
        "民政局",
        "民政局",
        "2025-03-03",
        "2025-03-05",
        "有效",
        "",
        "",
        "",
        RELIEF_TEXT,
    ),
    (
        "新教体〔2025〕5号",
        "新乡县学前教育资助办法",
        "行政规范性文件",
        "教体局",
        "教体局",
        "2025-08-25",
        "2025-08-27",
        "有效",
        "",
        "",
        "",
        "",
    ),
    (
        "新医保〔2025〕1号",
        "新乡县门诊慢特病管理办法",
        "行政规范性文件",
        "医保局",
        "医保局",
        "2025-02-17",
        "2025-02-19",
        "有效",
        "",
        f"{SITE}/yb/2025/doc-1.html",
        f"{SITE}/yb/2025/jd-1.html",
        "",
    ),
]
# The 2021 地质灾害 办法 is repealed in 2025 by a notice of its own.
REPEALS = [
    (
        "新自然资〔2025〕11号",
        "关于废止《新乡县地质灾害防治管理办法》的通知",
        "其他政策性文件",
        "自然资源局",
        "自然资源局",
        "2025-09-22",
        "2025-09-23",
        "有效",
        "",
        "",
        "",
        "",
    ),
]
REPEALED = ("新自然资〔2021〕4号", "废止", "2025-09-23", "新自然资〔2025〕11号")

# (标题, 解读单位, 发布日期, 对应文号, 链接, 页面链接, 形式, 正文)
INTERPRETATIONS = [
    (
        "《新乡县不动产登记便民服务办法》政策解读",
        "自然资源局",
        "2025-03-12",
        "新自然资〔2025〕3号",
        f"{SITE}/zrzy/2025/jd-3.html",
        f"{SITE}/zrzy/2025/doc-3.html",
        "文字、图解",
        GOOD_INTERPRETATION,
    ),
    (
        "一图读懂《新乡县耕地保护补偿办法》",
        "自然资源局",
        "2025-07-16",
        "新自然资〔2025〕8号",
        f"{SITE}/zrzy/2025/jd-8.html",
        f"{SITE}/zrzy/2025/doc-8.html",
        "",
        GOOD_INTERPRETATION_2,
    ),
    (
        "《新乡县就业见习管理办法》政策解读",
        "人社局",
        "2025-04-11",
        "新人社〔2025〕6号",
        "",
        "",
        "",
        JOB_INTERPRETATION,
    ),
    (
        "《新乡县高标准农田建设管护办法》解读",
        "融媒体中心",
        "2025-06-10",
        "新农〔2025〕4号",
        "",
        "",
        "",
        GOOD_INTERPRETATION_2,
    ),
    (
        "《新乡县临时救助实施细则》解读",
        "民政局",
        "2025-03-05",
        "新民〔2025〕2号",
        "",
        "",
        "",
        RELIEF_COPY,
    ),
    (
        "《新乡县学前教育资助办法》政策解读",
        "教体局",
        "2025-08-27",
        "新教体〔2025〕5号",
        "",
        "",
        "",
        THREE_ELEMENTS,
    ),
    (
        "《新乡县门诊慢特病管理办法》政策解读",
        "医保局",
        "2025-02-19",
        "新医保〔2025〕1号",
        f"{SITE}/yb/2025/jd-1.html",
        f"{SITE}/index.html",
        "",
        MEDICAL_INTERPRETATION,
    ),
]

# (年度, 承办单位, 决策事项, 类别, 列入目录, 决策日期)
CATALOGUE = [
    (2025, "城管局", "城区停车收费调整", "重大行政决策", "是", "2025-07-01"),
    (2025, "交通局", "县城公交线网优化", "重大行政决策", "是", "2025-09-15"),
    (
        2025,
        "自然资源局",
        "新乡县国土空间总体规划（2021—2035年）实施方案",
        "重大行政决策",
        "是",
        "2025-06-20",
    ),
]
# (征求意见稿, 征求意见单位, 决策事项, 开始, 截止, 缩短理由, 采纳意见数, 反馈日期, 链接)
CONSULTATIONS = [
    (
        "新乡县城区停车收费调整方案（征求意见稿）",
        "城管局",
        "城区停车收费调整",
        "2025-05-06",
        "2025-05-25",
        "",
        "3",
        "2025-06-10",
        "",
    ),
    (
        "新乡县国土空间总体规划实施方案（征求意见稿）",
        "自然资源局",
        "新乡县国土空间总体规划（2021—2035年）实施方案",
        "2025-04-01",
        "2025-04-30",
        "",
        "5",
        "2025-05-15",
        "",
    ),
]
# (单位, 年度, 类别, 数量)
FIGURES = [
    ("自然资源局", 2025, "行政许可", "118"),
    ("自然资源局", 2025, "行政处罚", "23"),
    ("自然资源局", 2025, "行政强制", "2"),
    ("自然资源局", 2025, "行政事业性收费", "0"),
]

DOCUMENT_HEADER = [
    "文号",
    "标题",
    "种类",
    "制发单位",
    "起草单位",
    "成文日期",
    "发布日期",
    "状态",
    "状态日期",
    "链接",
    "页面链接",
    "正文",
    "修改或废止文件文号",
]


def _write(path: Path, header: list[str], rows) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_sample(directory: Path) -> dict[str, Path]:
    """The sample files, as offices keep them (CSV, UTF-8 with BOM)."""
    repealed_number, status, on, by = REPEALED
    documents = [
        (*row[:7], status, on, *row[9:], by) if row[0] == repealed_number else (*row, "")
        for row in DOCUMENTS
    ]
    return {
        "documents": _write(
            directory / "新乡县-规范性文件登记簿-2025.csv",
            DOCUMENT_HEADER,
            [(*row, "") for row in REPEALS] + documents,
        ),
        "interpretations": _write(
            directory / "新乡县-政策解读-2025.csv",
            ["解读标题", "解读单位", "发布日期", "对应文号", "链接", "页面链接", "形式", "正文"],
            INTERPRETATIONS,
        ),
        "catalogue": _write(
            directory / "新乡县-重大行政决策事项目录-2025.csv",
            ["年度", "承办单位", "决策事项", "类别", "列入目录", "决策日期"],
            CATALOGUE,
        ),
        "consultations": _write(
            directory / "新乡县-决策预公开-2025.csv",
            [
                "征求意见稿",
                "征求意见单位",
                "决策事项",
                "开始日期",
                "截止日期",
                "缩短理由",
                "采纳意见数",
                "反馈日期",
                "链接",
            ],
            CONSULTATIONS,
        ),
        "figures": _write(
            directory / "新乡县-许可处罚强制收费-2025.csv",
            ["单位", "年度", "类别", "数量"],
            FIGURES,
        ),
    }


def load_demo(*, directory: Path, today: date) -> list[str]:
    """Write and import the sample files, then record the 2025 Findings; lines to print."""
    from gongkai.calendar.selectors import work_calendar
    from gongkai.policies.importer import (
        import_decisions,
        import_documents,
        import_figures,
        import_interpretations,
    )
    from gongkai.policies.services import (
        record_decision_findings,
        record_interpretation_findings,
    )

    files = write_sample(directory)
    lines = [
        import_documents(path=files["documents"]).summary(),
        import_interpretations(path=files["interpretations"]).summary(),
        import_decisions(path=files["catalogue"]).summary(),
        import_decisions(path=files["consultations"]).summary(),
        import_figures(path=files["figures"]).summary(),
    ]
    calendar = work_calendar()
    found = record_interpretation_findings(year=2025, calendar=calendar)
    found += record_decision_findings(year=2025, calendar=calendar, today=today)
    lines.append(f"政策解读与决策预公开：2025 年发现 {found} 个问题，已记为问题（Findings）")
    return lines
