"""Personal data in public documents (pure): applicants become 周某某, ID numbers keep their ends."""

import re

_ID = re.compile(r"(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?![\dXx])")


def mask_name(name: str) -> str:
    """周小明 → 周某某; a company or organisation name is kept (it is not personal data)."""
    name = name.strip()
    if (
        not name
        or len(name) > 4
        or any(word in name for word in ("公司", "中心", "协会", "事务所", "研究"))
    ):
        return name
    return name[0] + "某某"


def mask_id_number(text: str) -> str:
    """410721199001011234 → 410721********1234, wherever it appears in the text."""
    return _ID.sub(lambda m: m.group(1) + "*" * 8 + m.group(2), text)
