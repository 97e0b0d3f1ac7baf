"""Format and layout: punctuation, brackets, spaces, dates, enumerations, 文号, title year."""

import calendar
import re

from gongkai.proofread.checkers.hits import LOW, MEDIUM, Hit

CJK = "\u4e00-\u9fff"
# Each pattern starts with what it consumes (lookbehinds come after): Python's re then skips
# ahead with a character-set scan, several times faster on long texts.
_HALF_PUNCT = re.compile(rf"[,;:?!](?<=[{CJK}].)(?=[{CJK}“])")
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_DOUBLED = re.compile(r"[，。、；：]{2,}|[，、；：][。！？]|([！？])\1\1")
_SPACE = re.compile(rf"[ \u3000](?<=[{CJK}，。、；：].)[ \u3000]*(?=[{CJK}])")
_BRACKETS = re.compile(r"[（）()《》“”【】〔〕]")
_PAIRS = {"）": "（", ")": "(", "》": "《", "”": "“", "】": "【", "〕": "〔"}
_OPENERS = set(_PAIRS.values())
_CLOSERS = {o: c for c, o in _PAIRS.items()}
_DATE = re.compile(
    r"((?:19|20)\d{2})(?<![\d.]....)\s*(年)?\s*(\d{1,2})\s*(月)?\s*(?:(\d{1,2})\s*(日|号))?"
)
_DOC_NUMBER = re.compile(
    rf"[发函办字令电文](?<=[{CJK}].)\s*([\[［【(（〈<〔])\s*((?:19|20)\d{{2}})\s*([\]］】)）〉>〕])\s*(\d{{1,4}})\s*号"
)
_YEAR = re.compile(r"((?:19|20)\d{2})(?<!\d....)\s*年")
NUMERALS = "一二三四五六七八九十"
PERVASIVE = 3  # more occurrences than this of one style rule are reported once
_CN_NUMBER = f"[{NUMERALS}]{{1,3}}"
_SHI_ITEM = re.compile(rf"({_CN_NUMBER})是(?=[，：:{CJK}])")  # after a break: checked in code
_ITEM_BEFORE = "。；：！？\n \t\u3000"
_PAREN_ITEM = re.compile(rf"（(?<![^。；：\n\s]（)({_CN_NUMBER})）")
_HEADING = re.compile(rf"^[ \u3000]*({_CN_NUMBER})、", re.MULTILINE)


def chinese_number(word: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23 (1–99)."""
    values = [NUMERALS.index(c) + 1 for c in word]
    if len(values) == 1:
        return values[0]
    if len(values) == 2 and values[0] == 10:
        return 10 + values[1]
    if len(values) == 2 and values[1] == 10:
        return values[0] * 10
    if len(values) == 3 and values[1] == 10 and values[0] < 10 and values[2] < 10:
        return values[0] * 10 + values[2]
    return None


def check_layout(text: str) -> list[Hit]:
    """All format checks; the first line of a text with several lines is taken as its title."""
    hits: list[Hit] = []
    style: list[Hit] = []
    for m in _HALF_PUNCT.finditer(text):
        ch = m.group()
        style.append(
            Hit(
                m.start(),
                m.end(),
                ch,
                "format",
                LOW,
                _FULL[ch],
                "中文句中使用了半角标点",
                "half_width",
            )
        )
    for m in _DOUBLED.finditer(text):
        hits.append(
            Hit(
                m.start(),
                m.end(),
                m.group(),
                "format",
                LOW,
                m.group()[-1],
                "标点重复或连用",
                "doubled",
            )
        )
    for m in _SPACE.finditer(text):
        if text.rfind("\n", 0, m.start()) >= m.start() - 1:
            continue
        style.append(
            Hit(m.start(), m.end(), m.group(), "format", LOW, "", "中文字符之间有多余空格", "space")
        )
    hits += _collapse(style)
    hits += _brackets(text)
    hits += _dates(text)
    hits += _enumerations(text)
    for m in _DOC_NUMBER.finditer(text):
        if m.group(1) == "〔" and m.group(3) == "〕":
            continue
        right = f"〔{m.group(2)}〕"
        hits.append(
            Hit(
                m.start(1),
                m.end(3),
                text[m.start(1) : m.end(3)],
                "format",
                MEDIUM,
                right,
                "发文字号的年份应使用六角括号〔〕（GB/T 9704）",
                "doc_number",
            )
        )
    hits += _title_year(text)
    return hits


def _collapse(style: list[Hit]) -> list[Hit]:
    """Spaces or half-width marks throughout a text are one problem (a conversion, a habit), not N."""
    out: list[Hit] = []
    for rule in ("half_width", "space"):
        found = [h for h in style if h.rule == rule]
        if len(found) > PERVASIVE:
            first = found[0]
            out.append(
                Hit(
                    first.start,
                    first.end,
                    first.text,
                    "format",
                    LOW,
                    first.suggestion,
                    f"{first.reason}（全文共 {len(found)} 处，此处为第一处）",
                    rule,
                )
            )
        else:
            out += found
    return out


def _brackets(text: str) -> list[Hit]:
    hits: list[Hit] = []
    stack: list[tuple[str, int]] = []
    for m in _BRACKETS.finditer(text):
        ch, pos = m.group(), m.start()
        if ch in _OPENERS:
            if ch == "“" and stack and stack[-1][0] == "“" and "\n" in text[stack[-1][1] : pos]:
                stack.pop()  # a quotation running over paragraphs reopens each one with “
            stack.append((ch, pos))
            continue
        opener = _PAIRS[ch]
        if stack and stack[-1][0] == opener:
            stack.pop()
            continue
        if any(o == opener for o, _ in stack):
            while stack[-1][0] != opener:
                o, p = stack.pop()
                hits.append(_unbalanced(p, o))
            stack.pop()
            continue
        hits.append(
            Hit(
                pos,
                pos + 1,
                ch,
                "format",
                MEDIUM,
                f"补上“{opener}”或删去",
                f"“{ch}”前没有对应的“{opener}”",
                "unbalanced",
            )
        )
    hits += [_unbalanced(p, o) for o, p in stack]
    return hits


def _unbalanced(pos: int, opener: str) -> Hit:
    closer = _CLOSERS[opener]
    return Hit(
        pos,
        pos + 1,
        opener,
        "format",
        MEDIUM,
        f"补上“{closer}”",
        f"“{opener}”没有对应的“{closer}”",
        "unbalanced",
    )


def _dates(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for m in _DATE.finditer(text):
        year, nian, month, yue, day, ri = m.groups()
        if not nian and not yue:
            continue  # a plain number
        span = (m.start(), m.end())
        value = m.group()
        if nian and not yue and day is None:
            if text[m.end() : m.end() + 1] in ("日", "号"):
                end = m.end() + 1
                hits.append(
                    Hit(
                        m.start(),
                        end,
                        text[m.start() : end],
                        "format",
                        MEDIUM,
                        "",
                        "日期缺少“月”",
                        "date",
                    )
                )
            continue  # otherwise "2023年12" is followed by something else: not a date claim
        if not nian and yue:
            hits.append(
                Hit(
                    *span,
                    value,
                    "format",
                    MEDIUM,
                    f"{year}年{int(month)}月",
                    "日期缺少“年”",
                    "date",
                )
            )
            continue
        if nian and not yue and day:
            hits.append(Hit(*span, value, "format", MEDIUM, "", "日期缺少“月”", "date"))
            continue
        if not 1 <= int(month) <= 12:
            hits.append(
                Hit(*span, value, "format", MEDIUM, "", f"月份“{int(month)}”不存在", "date")
            )
            continue
        if day is not None and ri == "日":
            last = calendar.monthrange(int(year), int(month))[1]
            if not 1 <= int(day) <= last:
                hits.append(
                    Hit(
                        *span,
                        value,
                        "format",
                        MEDIUM,
                        "",
                        f"{year}年{int(month)}月没有{int(day)}日",
                        "date",
                    )
                )
    return hits


def _enumerations(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for pattern, label, resets in (
        (_SHI_ITEM, "{}是", None),
        (_PAREN_ITEM, "（{}）", _HEADING),
        (_HEADING, "{}、", None),
    ):
        reset_at = sorted(m.start() for m in resets.finditer(text)) if resets else []
        previous = 0
        last_pos = -1
        for m in pattern.finditer(text):
            if pattern is _SHI_ITEM and m.start() > 0 and text[m.start() - 1] not in _ITEM_BEFORE:
                continue
            value = chinese_number(m.group(1))
            line_end = text.find("\n", m.start())
            line = text[
                text.rfind("\n", 0, m.start()) + 1 : line_end if line_end >= 0 else len(text)
            ]
            if value is None or "\t" in line:
                continue  # a table row's label is not part of the text's enumeration
            if any(last_pos < r < m.start() for r in reset_at):
                previous = 0
            last_pos = m.start()
            if value == 1 or value == previous + 1:
                previous = value
                continue
            expected = NUMERALS[previous] if previous < 10 else str(previous + 1)
            reason = (
                "序号重复"
                if value == previous
                else f"序号不连续（上一项是“{label.format(NUMERALS[previous - 1]) if 0 < previous <= 10 else previous}”）"
            )
            hits.append(
                Hit(
                    m.start(1) - (1 if label.startswith("（") else 0),
                    m.end(),
                    m.group().strip(),
                    "format",
                    MEDIUM,
                    label.format(expected),
                    reason,
                    "enumeration",
                )
            )
            previous = value
    return hits


def _title_year(text: str) -> list[Hit]:
    stripped = text.lstrip()
    offset = len(text) - len(stripped)
    cut = stripped.find("\n")
    if cut < 0 or cut > 60:
        return []
    title, body = stripped[:cut], stripped[cut:]
    title_years = {m.group(1) for m in _YEAR.finditer(title)}
    if len(title_years) != 1:
        return []
    (year,) = title_years
    body_years = [m.group(1) for m in _YEAR.finditer(body)]
    if not body_years or year in body_years:
        return []
    m = _YEAR.search(title)
    common = max(sorted(set(body_years)), key=body_years.count)
    return [
        Hit(
            offset + m.start(1),
            offset + m.end(1),
            year,
            "format",
            MEDIUM,
            common,
            f"标题年份为{year}年，正文只出现{common}年等其他年份（标题与正文年份不一致）",
            "title_year",
        )
    ]
