"""Personal data in published text: ID numbers, mobile numbers, bank cards, home addresses.

Every hit is high severity and its `text` is masked: the evidence never repeats the number.
"""

import re
from datetime import date

from gongkai.proofread.checkers.hits import HIGH, Hit

# Patterns start with a digit (fast scanning); the character before a match is checked in code.
_ID = re.compile(r"(\d{17}[\dXx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?:\+?86[- ]?)?(1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?![\d.])")
_CARD = re.compile(r"((?:\d{4}[ -]?){3}\d{4}(?:\d{1,3})?)(?![\d.])")
_ALNUM_OR_DOT = set("0123456789.ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _starts_clean(text: str, m: re.Match, extra: str = "") -> bool:
    return m.start() == 0 or text[m.start() - 1] not in (extra or _ALNUM_OR_DOT)


_CARD_WORDS = re.compile(r"银行卡|卡号|账号|帐号|账户|帐户|开户")
_ADDRESS = re.compile(
    r"(?:家庭住址|现住址|户籍地址|住址|住所地|家住|现住)[：:\s]*"
    r"([\u4e00-\u9fff0-9A-Za-z\-－#（）()]{4,40}?(?:号|室|户|组|栋|幢|楼))"
)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
_PROVINCES |= {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82}


def id_checksum_ok(number: str) -> bool:
    """ISO 7064 MOD 11-2 check digit of an 18-character resident ID number."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def looks_like_id(number: str) -> bool:
    """Structure of an ID number: a province code and a real birth date (checksum not included)."""
    if len(number) != 18 or not number[:17].isdigit() or int(number[:2]) not in _PROVINCES:
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return 1900 <= born.year <= 2100


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d)
        if i % 2:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def mask_number(number: str, keep_head: int, keep_tail: int) -> str:
    digits = number.replace(" ", "").replace("-", "")
    return digits[:keep_head] + "*" * (len(digits) - keep_head - keep_tail) + digits[-keep_tail:]


_NUMBER_RUN = re.compile(r"\d[\d \-]{9,}[\dXx]")
_ADDRESS_HINT = re.compile(r"[住址]")


def check_personal(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for m in _NUMBER_RUN.finditer(text):
        # the number patterns run only where there is a long run of digits (fast on prose)
        lo = max(0, m.start() - 4)
        hits += _numbers(text, lo, min(len(text), m.end() + 1), hits)
    if _ADDRESS_HINT.search(text):
        hits += _addresses(text)
    return hits


def _numbers(text: str, lo: int, hi: int, earlier: list[Hit]) -> list[Hit]:
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = [(h.start, h.end) for h in earlier]
    for m in _ID.finditer(text, lo, hi):
        number = m.group(1)
        if _starts_clean(text, m) and looks_like_id(number) and id_checksum_ok(number):
            hits.append(
                Hit(
                    m.start(1),
                    m.end(1),
                    mask_number(number, 6, 4),
                    "personal",
                    HIGH,
                    "公开前删除或隐去中间 8 位（如 410721********1234）",
                    "正文含有居民身份证号码（校验位正确），属于个人信息",
                    "id_number",
                )
            )
            taken.append(m.span(1))
    for m in _MOBILE.finditer(text, lo, hi):
        if not _starts_clean(text, m, "0123456789.") or any(s <= m.start(1) < e for s, e in taken):
            continue
        hits.append(
            Hit(
                m.start(1),
                m.end(1),
                mask_number(m.group(1), 3, 4),
                "personal",
                HIGH,
                "公开前删除或隐去中间 4 位（如 138****5678）",
                "正文含有手机号码，属于个人信息",
                "mobile",
            )
        )
        taken.append(m.span(1))
    for m in _CARD.finditer(text, lo, hi):
        digits = m.group(1).replace(" ", "").replace("-", "")
        clean = _starts_clean(text, m, "0123456789.")
        if not clean or any(s <= m.start(1) < e for s, e in taken) or looks_like_id(digits):
            continue
        near = text[max(0, m.start() - 12) : m.start()]
        if not luhn_ok(digits) or not (_CARD_WORDS.search(near) or digits[:2] == "62"):
            continue
        hits.append(
            Hit(
                m.start(1),
                m.end(1),
                mask_number(digits, 4, 4),
                "personal",
                HIGH,
                "公开前删除或只保留后 4 位",
                "正文含有银行卡号（Luhn 校验正确），属于个人信息",
                "bank_card",
            )
        )
    return hits


def _addresses(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for m in _ADDRESS.finditer(text):
        address = m.group(1)
        hits.append(
            Hit(
                m.start(1),
                m.end(1),
                address[:4] + "*" * (len(address) - 4),
                "personal",
                HIGH,
                "公开前删除详细住址或只保留到乡镇",
                "正文含有个人的详细住址",
                "address",
            )
        )
    return hits
