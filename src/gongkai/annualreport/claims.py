"""What a report's narrative claims, checked against its own tables, and the narrative's own
structure (pure).

A small grammar of the claims reports make, each tied to the cells it may refer to. Where reports
are known to count differently, every reading is accepted: "收到申请N件" may count the new
applications or the new plus those carried over. Each finding quotes its sentence.
Structural defects: parts announced and fewer listed, enumerations (一是、二是…) that repeat or
skip, dates missing 年 or 月 or out of range. Shares ("予以公开4件，占50%") and 办结率 are
recomputed with the document's own precision against each denominator reports use.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

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
_WORTH = re.compile(r"\d\s*(?:件|个|份|起|%|％)|未收到|没有收到|未受理|没有受理")
_NONE_RECEIVED = re.compile(
    r"(?:未|没有)(?:收到|受理)[^。；，,]{0,12}?(?:政府信息公开|依申请公开)申请"
)
_ALREADY = re.compile(
    r"收到(?:政府信息公开申请|依申请公开(?:申请)?)\s*\d+\s*件"
)  # checks.NARRATIVE's


def figure(section3: dict, reading: str) -> Decimal | None:
    """The 总计 column of a reading: row keys joined by "+" and "-" ("new+carried_in-carried_out")."""
    terms = re.findall(r"([+-]?)([a-z_]+)", reading)
    if not all(key in section3 for _, key in terms):
        return None
    return sum(
        (-section3[key][6] if sign == "-" else section3[key][6] for sign, key in terms), Decimal(0)
    )


# Shares: "予以公开4件，占50%"; the denominator is one of these (reports differ), the percentage
# is compared with the document's own precision (rounded half up, or cut off).
_SHARE = re.compile(r"(\d+)\s*件[^。；;\d%％]{0,10}?占[^。；;\d%％]{0,10}?(\d+(?:\.\d+)?)\s*[%％]")
SHARE_BASES = ("total", "new", "new+carried_in")
_SHARE_CONTEXT = re.compile(r"申请|予以公开|部分公开|不予公开|无法提供|不予处理|其他处理")
# 办结率: handled over received, in the readings reports use.
_RATE = re.compile(r"办结率[^。；;\d%％]{0,4}?(\d+(?:\.\d+)?)\s*[%％]")
RATE_READINGS = (
    ("total", "new"),
    ("total", "new+carried_in"),
    ("new+carried_in-carried_out", "new+carried_in"),
)


def _places(stated: str) -> Decimal:
    """The precision a percentage is printed with: "12.5" → 0.1."""
    return Decimal(1).scaleb(-len(stated.partition(".")[2]))


def _percent_as_stated(part: Decimal, whole: Decimal, stated: str) -> bool:
    """Whether part/whole, as a percentage rounded the document's way (half up, or cut off) to
    the stated number's decimals, is the stated figure."""
    if whole == 0:
        return False
    exact = part * 100 / whole
    return any(
        exact.quantize(_places(stated), rounding=rounding) == Decimal(stated)
        for rounding in (ROUND_HALF_UP, ROUND_DOWN)
    )


def _percent_text(part: Decimal, whole: Decimal, stated: str) -> str:
    if whole == 0:
        return "无法计算（分母为 0）"
    return f"{(part * 100 / whole).quantize(_places(stated), rounding=ROUND_HALF_UP)}%"


def share_claims(sentence: str, section3: dict) -> list[Claim]:
    """ "N件，占P%" and "办结率P%" against the tables; every known reading is accepted."""
    found = []
    if _SHARE_CONTEXT.search(sentence):
        for match in _SHARE.finditer(sentence):
            part, stated = Decimal(match.group(1)), match.group(2)
            bases = [(b, figure(section3, b)) for b in SHARE_BASES]
            bases = [(b, v) for b, v in bases if v is not None]
            if not bases or any(_percent_as_stated(part, v, stated) for _, v in bases):
                continue
            shown = "，".join(
                f"占{_READING[b]} {v} 件为 {_percent_text(part, v, stated)}" for b, v in bases
            )
            found.append(
                Claim("text.占比", f"正文称 {part} 件占 {stated}%，按表格{shown}", sentence)
            )
    for match in _RATE.finditer(sentence):
        stated = match.group(1)
        readings = [(figure(section3, a), figure(section3, b)) for a, b in RATE_READINGS]
        readings = [(a, b) for a, b in readings if a is not None and b is not None]
        if not readings or any(_percent_as_stated(a, b, stated) for a, b in readings):
            continue
        shown = "、".join(sorted({_percent_text(a, b, stated) for a, b in readings}))
        found.append(Claim("text.办结率", f"正文称办结率 {stated}%，按表格为 {shown}", sentence))
    return found


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
        found += share_claims(sentence.strip(), section3)
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
    "new+carried_in-carried_out": "本年新收与上年结转之和减结转下年度",
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
