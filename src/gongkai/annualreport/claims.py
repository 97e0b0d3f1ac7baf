"""What a report's narrative claims, checked against its own tables, and the narrative's own
structure (pure).

A small grammar of the claims reports make, each tied to the cells it may refer to. Where reports
are known to count differently, every reading is accepted: "收到申请N件" may count the new
applications or the new plus those carried over. Each finding quotes its sentence.
Structural defects: parts announced and fewer listed, enumerations (一是、二是…) that repeat or
skip, dates missing 年 or 月 or out of range.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

NUMERALS = "一二三四五六七八九十"
_CN = {c: i for i, c in enumerate(NUMERALS, 1)}


@dataclass(frozen=True)
class Claim:
    rule: str
    message: str
    text: str
    severity: str = "error"


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。；;！？])|\n", text) if s.strip()]


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text in ("零", "〇"):
        return 0
    if len(text) == 1 and text in _CN:
        return _CN[text]
    return None


# (rule, pattern, readings): readings name the figures a stated count may equal.
APPLICATION_CLAIMS = (
    (
        "text.收到申请",
        r"(?:共|全年|本年度?)?(?:新收|受理|收到|接收)(?:到)?[^。；，,\d]{0,14}?申请[^。；，,\d]{0,4}?(\d+)\s*(?:件|个|份)",
        ("new", "new+carried_in"),
    ),
    (
        "text.办结",
        r"办结[^。；，,\d]{0,10}?(\d+)\s*(?:件|个)",
        ("total",),
    ),
    (
        "text.结转下年",
        r"结转(?:至|到)?下一?年度?[^。；，,\d]{0,10}?(\d+)\s*(?:件|个)",
        ("carried_out",),
    ),
    (
        "text.上年结转",
        r"上年(?:度)?结转[^。；，,\d收]{0,6}?(\d+)\s*(?:件|个)",
        ("carried_in",),
    ),
)
REVIEW_CLAIMS = (
    ("text.行政复议", r"行政复议[^。；，,\d]{0,6}?(\d+)\s*(?:起|件)", (4,)),
    ("text.行政诉讼", r"行政诉讼[^。；，,\d]{0,6}?(\d+)\s*(?:起|件)", (9, 14)),
)
DOCUMENT_CLAIMS = (
    ("text.废止规范性文件", r"废止[^。；，,\d]{0,10}?规范性文件\s*(\d+)\s*件", 1),
    ("text.现行有效", r"现行有效[^。；，,\d]{0,12}?规范性文件\s*(\d+)\s*件", 2),
)
# A sentence can hold a claim only with a count in it or a statement that nothing was received.
_WORTH = re.compile(r"\d\s*(?:件|个|份|起)|未收到|没有收到|未受理|没有受理")
_NONE_RECEIVED = re.compile(
    r"(?:未|没有)(?:收到|受理)[^。；，,]{0,12}?(?:政府信息公开|依申请公开)申请"
)
_ALREADY = re.compile(
    r"收到(?:政府信息公开申请|依申请公开(?:申请)?)\s*\d+\s*件"
)  # checks.NARRATIVE's


def figure(section3: dict, reading: str) -> Decimal | None:
    keys = reading.split("+")
    if not all(k in section3 for k in keys):
        return None
    return sum((section3[k][6] for k in keys), Decimal(0))


def table_claims(narrative: str, section2: dict, section3: dict, section4) -> list[Claim]:
    found = []
    for sentence in _sentences(narrative):
        if not _WORTH.search(sentence):
            continue
        for rule, pattern, readings in APPLICATION_CLAIMS:
            for match in re.finditer(pattern, sentence):
                if rule == "text.收到申请" and _ALREADY.search(match.group(0)):
                    continue  # compared by the older exact rule
                stated = Decimal(match.group(1))
                values = [figure(section3, r) for r in readings]
                if any(v is None for v in values) or stated in values:
                    continue
                shown = "，".join(
                    f"{_READING[r]} {v}" for r, v in zip(readings, values, strict=True)
                )
                found.append(Claim(rule, f"正文称 {stated} 件，表格中{shown}", sentence.strip()))
        if section4 is not None:
            for rule, pattern, cells in REVIEW_CLAIMS:
                for match in re.finditer(pattern, sentence):
                    stated = Decimal(match.group(1))
                    cell = sum((section4[c] for c in cells), Decimal(0))
                    if stated != cell:
                        found.append(
                            Claim(
                                rule, f"正文称 {stated} 起，第四部分总计为 {cell}", sentence.strip()
                            )
                        )
        if "normative" in section2:
            for rule, pattern, column in DOCUMENT_CLAIMS:
                for match in re.finditer(pattern, sentence):
                    stated, cell = Decimal(match.group(1)), section2["normative"][column]
                    if stated != cell:
                        found.append(
                            Claim(
                                rule, f"正文称 {stated} 件，第二部分为 {cell} 件", sentence.strip()
                            )
                        )
        if _NONE_RECEIVED.search(sentence) and "new" in section3 and section3["new"][6] > 0:
            found.append(
                Claim(
                    "text.未收到申请",
                    f"正文称未收到申请，第三部分本年新收为 {section3['new'][6]} 件",
                    sentence.strip(),
                )
            )
    return found


_READING = {
    "new": "本年新收",
    "new+carried_in": "本年新收与上年结转之和",
    "total": "办理结果总计",
    "carried_out": "结转下年度",
    "carried_in": "上年结转",
}

_ENUM = re.compile(rf"([{NUMERALS}])是")
_ANNOUNCED = re.compile(
    rf"(?:以下|如下|主要有|包括)?([{NUMERALS}]|\d+)(?:个方面|项工作|项措施|部分)"
)


def structure(narrative: str) -> list[Claim]:
    found = []
    for paragraph in narrative.split("\n"):
        steps = [_CN[m.group(1)] for m in _ENUM.finditer(paragraph)]
        if steps and steps[0] == 1:
            for before, after in zip(steps, steps[1:], strict=False):
                if after != before + 1:
                    kind = "重复" if after <= before else "跳过"
                    found.append(
                        Claim(
                            "text.序号",
                            f"列举序号{kind}：「{NUMERALS[before - 1]}是」之后是「{NUMERALS[after - 1]}是」",
                            paragraph.strip()[:80],
                        )
                    )
                    break
        announced = _ANNOUNCED.search(paragraph)
        if announced and steps and steps[0] == 1:
            count = _number(announced.group(1))
            if count is not None and max(steps) < count:
                found.append(
                    Claim(
                        "text.部分数",
                        f"称{announced.group(0)}，只列出 {max(steps)} 个",
                        paragraph.strip()[:80],
                    )
                )
    return found + _dates(narrative)


_BAD_DATES = (
    (re.compile(r"(?<!\d)(\d{4})(\d{1,2})月(\d{1,2})日"), "缺少“年”"),
    (re.compile(r"(?<!\d)(\d{4})年(\d{1,2})日"), "缺少“月”"),
)
_DATE = re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?")


def _dates(text: str) -> list[Claim]:
    found = []
    for sentence in _sentences(text):
        quoted = sentence.strip()
        for pattern, what in _BAD_DATES:
            for match in pattern.finditer(sentence):
                found.append(Claim("text.日期", f"日期「{match.group(0)}」{what}", quoted))
        for match in _DATE.finditer(sentence):
            month, day = int(match.group(2)), int(match.group(3) or 1)
            if not 1 <= month <= 12 or not 1 <= day <= 31:
                found.append(Claim("text.日期", f"日期「{match.group(0)}」不存在", quoted))
    return found
