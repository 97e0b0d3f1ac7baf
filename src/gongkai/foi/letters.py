"""Letters to applicants (pure): composed from editable templates, and checked for their elements."""

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from string import Formatter
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

from gongkai.adapters.definitions import Strict, Text, load_yaml, read_text, validate
from gongkai.calendar.core import chinese_date
from gongkai.errors import UserError

TEMPLATES = Path(__file__).resolve().parent / "bundled" / "letters.yaml"
# Since 2024-01-01 (the revised 行政复议法) a county department's act is reviewed by the county government.
NEW_REVIEW_LAW = date(2024, 1, 1)


@dataclass(frozen=True)
class LetterData:
    issuer: str  # the issuing body, e.g. 新乡县自然资源局
    number: str  # 文号
    applicant: str
    received: date
    request: str
    dated: date
    review_body: str  # e.g. 新乡县人民政府
    court: str  # e.g. 新乡县人民法院
    delivery: str = "邮寄（EMS）"
    reason: str = ""
    correction_date: date | None = None
    days: int = 0
    due: date | None = None
    you: str = "您"


@dataclass
class Letter:
    title: str
    number: str
    salutation: str
    paragraphs: list[str] = field(default_factory=list)
    issuer: str = ""
    dated: str = ""
    seal: str = "（印章）"

    def text(self) -> str:
        return "\n".join(
            [
                self.title,
                self.number,
                self.salutation,
                *self.paragraphs,
                self.issuer,
                self.seal,
                self.dated,
            ]
        )


REQUIRED_KEYS = ("common", "reply", "correction", "extension", "consultation")
# What a template may name in {braces}: the fields `_fill` provides.
PLACEHOLDERS = frozenset(
    (
        "received", "request", "you", "reason", "correction_date", "days", "due", "delivery",
        "review_body", "court",
    )
)  # fmt: skip


class LetterTemplateError(UserError):
    """Letter templates that cannot be used; the message names the source and the key path."""


def _placeholders_known(text: str) -> str:
    try:
        names = {name for _, name, _, _ in Formatter().parse(text) if name is not None}
    except ValueError:
        raise ValueError("花括号不成对（文字中的花括号请写成 {{ 或 }}）") from None
    unknown = sorted(n for n in names if n not in PLACEHOLDERS)
    if unknown:
        raise ValueError(
            f"含有未知的占位符 {'、'.join('{' + n + '}' for n in unknown)}，"
            f"可用：{'、'.join(sorted(PLACEHOLDERS))}"
        )
    return text


_Template = Annotated[Text, StringConstraints(max_length=5000), AfterValidator(_placeholders_known)]


class _Common(Strict):
    remedy: _Template
    delivery: _Template
    facts: _Template


class _Reply(Strict):
    title: _Template
    outcomes: dict[str, _Template]


class _Letter(Strict):
    title: _Template
    body: _Template


class _Templates(Strict):
    common: _Common
    reply: _Reply
    correction: _Letter
    extension: _Letter
    consultation: _Letter


def parse_templates(text: str, source: str = "模板") -> dict:
    """Templates from YAML, checked for every kind and every outcome (LetterTemplateError)."""
    from gongkai.foi.annual import OUTCOMES

    data = load_yaml(text, source, error=LetterTemplateError)
    if not isinstance(data, dict):
        raise LetterTemplateError(f"{source}: 应为映射")
    missing = [k for k in REQUIRED_KEYS if k not in data]
    reply = data.get("reply")
    outcomes = reply.get("outcomes") if isinstance(reply, dict) else None
    missing += [
        f"reply.outcomes.{k}"
        for k in OUTCOMES
        if not isinstance(outcomes, dict) or k not in outcomes
    ]
    if missing:
        raise LetterTemplateError(f"{source}: 缺少 {', '.join(missing)}")
    unknown = sorted(str(k) for k in outcomes if k not in OUTCOMES)
    if unknown:
        raise LetterTemplateError(f"{source}: reply.outcomes.{unknown[0]} 是未知的办理结果")
    validate(_Templates, data, source, LetterTemplateError)
    return data


def load_templates(path: Path = TEMPLATES) -> dict:
    return parse_templates(read_text(path, error=LetterTemplateError), str(path))


def _fill(template: str, data: LetterData) -> str:
    return template.format(
        received=chinese_date(data.received),
        request=data.request,
        you=data.you,
        reason=data.reason or "",
        correction_date=chinese_date(data.correction_date) if data.correction_date else "",
        days=data.days,
        due=chinese_date(data.due) if data.due else "",
        delivery=data.delivery,
        review_body=data.review_body,
        court=data.court,
    )


def compose(
    kind: str, data: LetterData, outcome: str | None = None, templates: dict | None = None
) -> Letter:
    """kind: reply (needs an outcome), correction, extension, consultation."""
    templates = templates or load_templates()
    common, spec = templates["common"], templates[kind]
    if kind == "reply":
        if outcome not in spec["outcomes"]:
            raise ValueError(f"没有办理结果「{outcome}」的答复模板")
        body = [_fill(common["facts"], data), _fill(spec["outcomes"][outcome], data)]
    else:
        body = ([_fill(common["facts"], data)] if kind != "consultation" else []) + [
            _fill(spec["body"], data)
        ]
    body.append(_fill(common["delivery"], data))
    if kind in ("reply", "correction", "extension"):
        body.append(_fill(common["remedy"], data))
    return Letter(
        title=f"{data.issuer}\n{spec['title']}",
        number=data.number,
        salutation=f"{data.applicant}：",
        paragraphs=body,
        issuer=data.issuer,
        dated=chinese_date(data.dated),
    )


@dataclass(frozen=True)
class MissingElement:
    element: str
    message: str


_DATE = r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
ELEMENTS = (
    ("标题", r"政府信息公开.{0,10}(答复书|告知书|意见书)", "缺少标题（……政府信息公开申请答复书）"),
    (
        "文号",
        r"〔\s*\d{4}\s*〕\s*\S{0,6}?\d+\s*号|\[\s*\d{4}\s*\]\s*\d+\s*号",
        "缺少文号（如 新自然资依公〔2025〕3号）",
    ),
    ("称呼", r"(^|\n)\s*[^\n：:]{1,30}[：:]\s*(\n|$)", "缺少对申请人的称呼（如 周某某：）"),
    ("收到日期", rf"于\s*{_DATE}\s*(收到|受理)", "缺少收到申请的日期（本机关于……收到）"),
    ("申请内容", r"申请(获取|公开)[^。]{2,}", "缺少申请的具体内容"),
    (
        "法律依据",
        r"《中华人民共和国政府信息公开条例》\s*第[一二三四五六七八九十百零]+条|《政府信息公开信息处理费管理办法》",
        "缺少法律依据（条例的具体条款）",
    ),
    (
        "处理决定",
        r"(予以公开|提供给|不予公开|不存在|不予提供|无法提供|不予处理|不予重复处理|不作为政府信息公开申请处理|不再处理|补正|延长|依照有关规定办理|可通过.{1,30}获取)",
        "缺少处理决定",
    ),
    ("送达方式", r"(送达|邮寄|EMS|电子邮件|当面领取)", "缺少送达方式"),
    (
        "行政复议",
        r"(六十日|60\s*日)[^。]{0,40}申请行政复议",
        "救济途径缺少行政复议及其期限（六十日）",
    ),
    (
        "行政诉讼",
        r"(六个月|6\s*个月)[^。]{0,40}(提起)?行政诉讼",
        "救济途径缺少行政诉讼及其期限（六个月）",
    ),
    (
        "答复机关",
        r"(人民政府|局|委员会|办公室|中心|委|办)\s*(\n|（印章）|\(印章\))",
        "缺少答复机关署名",
    ),
    ("答复日期", rf"{_DATE}\s*$", "缺少答复日期（在文末）"),
    ("印章", r"(印章|盖章|公章)", "缺少印章（或印章位置）"),
)


def check_letter(text: str, *, letter_date: date | None = None) -> list[MissingElement]:
    """The elements a reply letter must have; also flags the pre-2024 remedy (上一级主管部门)."""
    text = text.strip()
    # A PDF's text layer breaks lines where the page does, also inside 《…》 and dates: a prose
    # element is present if it is found in the text or in the text with its line breaks removed.
    joined = re.sub(r"[ \t]*\n[ \t]*", "", text)
    missing = [
        MissingElement(name, message)
        for name, pattern, message in ELEMENTS
        if not re.search(pattern, text) and not re.search(pattern, joined)
    ]
    outdated = re.search(r"上一级(行政)?(主管)?(部门|机关)[^。]{0,20}申请行政复议", text)
    if outdated and (letter_date is None or letter_date >= NEW_REVIEW_LAW):
        missing.append(
            MissingElement(
                "复议机关",
                "救济途径已过时：自2024年1月1日起，县级人民政府工作部门的复议机关为本级人民政府，不再是“上一级主管部门”",
            )
        )
    return missing
