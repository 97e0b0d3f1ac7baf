"""The checks of policy interpretations and public consultations (pure).

Records come in as plain dataclasses; a calendar object (gongkai.calendar's WorkCalendar, or any
object with `workdays_between` and `workdays_in`) is passed in, as is `today`. Every problem is a
`Problem` with the unit that must fix it, the rule, words for a person and the evidence.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from gongkai.policies.elements import ElementHit, detect_elements, missing_elements
from gongkai.policies.overlap import copied_share
from gongkai.policies.rules import RuleSet

NORMATIVE = "行政规范性文件"
MAJOR_DECISION = "重大行政决策"


class Calendar(Protocol):
    def workdays_between(self, start: date, end: date) -> int: ...

    def workdays_in(self, start: date, end: date) -> int: ...


@dataclass(frozen=True)
class Document:
    id: int
    kind: str
    title: str
    number: str  # normalised 文号, or ""
    unit_id: int  # issuing unit
    drafting_unit_id: int | None
    published_on: date | None
    url: str = ""
    text: str = ""
    links: frozenset[str] | None = None  # URLs the document page links to; None: not crawled

    @property
    def responsible_unit_id(self) -> int:
        """谁起草、谁解读: the drafting unit, or the issuing unit when none is recorded."""
        return self.drafting_unit_id or self.unit_id


@dataclass(frozen=True)
class Interpretation:
    id: int
    document_id: int
    unit_id: int
    title: str
    published_on: date | None
    url: str = ""
    text: str = ""
    links: frozenset[str] | None = None
    forms: tuple[str, ...] = ()
    # the office's reading of the nine elements (element → present; empty: not reviewed); it
    # wins over the detection
    elements_reviewed: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True)
class Problem:
    unit_id: int
    rule: str  # e.g. "late"; the Finding kind is policies.<rule>.<record id>
    record_id: int
    message: str
    how_to_fix: str
    evidence: dict = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return f"policies.{self.rule}.{self.record_id}"


@dataclass
class DocumentCheck:
    document: Document
    interpretation: Interpretation | None = None
    working_days_after: int | None = None
    days_late: int = 0
    elements: dict[str, ElementHit | None] = field(default_factory=dict)
    elements_missing: list[str] = field(default_factory=list)
    # too few elements found to pass, too many to report unseen: the office reviews (待核定)
    elements_pending: bool = False
    linked_both_ways: bool | None = None
    copied_share: float | None = None
    problems: list[Problem] = field(default_factory=list)


REVIEWED = "office"  # ElementHit.how of an element the office marked present


def reviewed_elements(
    found: dict[str, ElementHit | None], interp: Interpretation
) -> dict[str, ElementHit | None]:
    """The detection with the office's review applied: a person's reading wins."""
    result = dict(found)
    for element, present in interp.elements_reviewed:
        if element not in result:
            continue
        if not present:
            result[element] = None
        elif result[element] is None:
            result[element] = ElementHit(element, REVIEWED, "政务公开办核定具备")
    return result


def _label(doc: Document) -> str:
    return f"《{doc.title}》" + (f"（{doc.number}）" if doc.number else "")


def check_document(
    doc: Document,
    interpretations: list[Interpretation],
    rules: RuleSet,
    calendar: Calendar,
) -> DocumentCheck:
    """All checks of one document and its interpretations (the earliest one is judged)."""
    result = DocumentCheck(doc)
    unit = doc.responsible_unit_id
    evidence = {"document_id": doc.id, "number": doc.number, "title": doc.title}
    if not interpretations:
        if doc.kind in rules.needs_interpretation:
            result.problems.append(
                Problem(
                    unit,
                    "missing",
                    doc.id,
                    f"{_label(doc)}未发布政策解读",
                    "按“一文一解读”要求，由起草单位编写解读材料，与文件同步审签、同步发布",
                    evidence,
                )
            )
        return result
    interp = min(interpretations, key=lambda i: (i.published_on or date.max, i.id))
    result.interpretation = interp
    evidence = evidence | {"interpretation_id": interp.id, "interpretation": interp.title}
    if doc.published_on and interp.published_on:
        after = (
            calendar.workdays_between(doc.published_on, interp.published_on)
            if interp.published_on > doc.published_on
            else 0
        )
        result.working_days_after = after
        if after > rules.max_working_days_after:
            result.days_late = after
            result.problems.append(
                Problem(
                    unit,
                    "late",
                    doc.id,
                    f"{_label(doc)}的解读在文件发布后第 {after} 个工作日才发布"
                    f"（文件 {doc.published_on.isoformat()}，解读 {interp.published_on.isoformat()}；"
                    f"应不超过 {rules.max_working_days_after} 个工作日）",
                    "解读材料与政策文件同步组织、同步审签、同步发布",
                    evidence | {"working_days_after": after},
                )
            )
    if interp.unit_id != unit:
        result.problems.append(
            Problem(
                unit,
                "not_drafter",
                doc.id,
                f"{_label(doc)}的解读不是由起草单位发布（谁起草、谁解读）",
                "由起草单位主要负责人牵头编写并发布解读",
                evidence | {"interpretation_unit_id": interp.unit_id},
            )
        )
    result.elements = reviewed_elements(detect_elements(interp.text, rules), interp)
    result.elements_missing = missing_elements(result.elements)
    present = len(result.elements) - len(result.elements_missing)
    reviewed = bool(interp.elements_reviewed)
    flag_below = rules.elements_min_present
    if not reviewed:
        flag_below = min(flag_below, rules.elements_unreviewed_flag_below)
        result.elements_pending = bool(
            interp.text and flag_below <= present < rules.elements_min_present
        )
    if interp.text and present < flag_below:
        result.problems.append(
            Problem(
                unit,
                "elements",
                doc.id,
                f"{_label(doc)}的解读要素不全（具备 {present} 项，缺少："
                f"{'、'.join(result.elements_missing)}）",
                "解读应着重说明背景依据、目标任务、主要内容、涉及范围、执行标准以及注意事项、"
                "关键词诠释、惠民利民举措、新旧政策差异等",
                evidence | {"missing": result.elements_missing},
            )
        )
    if doc.links is not None and interp.links is not None and doc.url and interp.url:
        forward, back = interp.url in doc.links, doc.url in interp.links
        result.linked_both_ways = forward and back
        if not result.linked_both_ways:
            missing = "、".join(
                text
                for ok, text in ((forward, "文件页未链接解读"), (back, "解读页未链接文件"))
                if not ok
            )
            result.problems.append(
                Problem(
                    unit,
                    "one_way_link",
                    doc.id,
                    f"{_label(doc)}与解读未双关联：{missing}",
                    "在政策文件页面和解读页面互相设置链接（双关联）",
                    evidence | {"document_links_interpretation": forward, "back": back},
                )
            )
    if interp.text and doc.text:
        share = copied_share(interp.text, doc.text, rules.copy_shingle_size)
        result.copied_share = round(share, 3)
        if share >= rules.copy_overlap_threshold:
            result.problems.append(
                Problem(
                    unit,
                    "copy",
                    doc.id,
                    f"{_label(doc)}的解读内容与政策文件内容差别不大（{share:.0%} 的文字取自文件）",
                    "解读应说明背景、要点和变化，用通俗语言解释，不照搬文件原文",
                    evidence | {"copied_share": round(share, 3)},
                )
            )
    return result


def check_documents(
    documents: Iterable[Document],
    interpretations: Iterable[Interpretation],
    rules: RuleSet,
    calendar: Calendar,
) -> list[DocumentCheck]:
    by_document: dict[int, list[Interpretation]] = {}
    for interp in interpretations:
        by_document.setdefault(interp.document_id, []).append(interp)
    return [check_document(d, by_document.get(d.id, []), rules, calendar) for d in documents]


def single_form_units(
    interpretations: Iterable[Interpretation], minimum: int = 2
) -> dict[int, int]:
    """Units whose interpretations (at least `minimum` of them) are all plain text: unit → count."""
    counts: dict[int, int] = {}
    richer: set[int] = set()
    for interp in interpretations:
        counts[interp.unit_id] = counts.get(interp.unit_id, 0) + 1
        if set(interp.forms) - {"文字"}:
            richer.add(interp.unit_id)
    return {u: n for u, n in counts.items() if n >= minimum and u not in richer}


# 决策预公开 ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    id: int
    unit_id: int
    title: str
    kind: str  # 重大行政决策 or 行政规范性文件
    listed: bool  # in the year's 重大行政决策事项目录
    decided_on: date | None = None


@dataclass(frozen=True)
class Consultation:
    id: int
    decision_id: int | None
    unit_id: int
    title: str
    opened_on: date
    closes_on: date
    shortened_reason: str = ""
    comments_adopted: int | None = None  # None: not known
    feedback_on: date | None = None  # 意见采纳情况 published


def window_days(item: Consultation) -> int:
    """Calendar days of a comment window, both ends counted (3月1日至3月30日 is 30 days)."""
    return (item.closes_on - item.opened_on).days + 1


def check_decisions(
    decisions: Iterable[Decision],
    consultations: Iterable[Consultation],
    rules: RuleSet,
    calendar: Calendar,
    today: date,
) -> list[Problem]:
    consultations = list(consultations)
    by_decision: dict[int, list[Consultation]] = {}
    for item in consultations:
        if item.decision_id is not None:
            by_decision.setdefault(item.decision_id, []).append(item)
    kinds = {}
    problems = []
    for decision in decisions:
        kinds[decision.id] = decision.kind
        if decision.listed and not by_decision.get(decision.id):
            problems.append(
                Problem(
                    decision.unit_id,
                    "decision.no_consultation",
                    decision.id,
                    f"重大行政决策事项“{decision.title}”未公开征求意见",
                    "重大行政决策草案应向社会公开征求意见，期限一般不少于30日",
                    {"decision_id": decision.id, "title": decision.title},
                )
            )
    for item in consultations:
        kind = kinds.get(item.decision_id, MAJOR_DECISION) if item.decision_id else MAJOR_DECISION
        evidence = {
            "consultation_id": item.id,
            "title": item.title,
            "opened_on": item.opened_on.isoformat(),
            "closes_on": item.closes_on.isoformat(),
        }
        days = window_days(item)
        if kind == NORMATIVE:
            working = calendar.workdays_in(item.opened_on, item.closes_on)
            if working < rules.normative_min_working_days and not item.shortened_reason:
                problems.append(
                    Problem(
                        item.unit_id,
                        "decision.short_window",
                        item.id,
                        f"“{item.title}”征求意见仅 {working} 个工作日"
                        f"（应不少于 {rules.normative_min_working_days} 个工作日）",
                        "行政规范性文件征求意见一般不少于7个工作日；缩短的应说明理由",
                        evidence | {"working_days": working},
                    )
                )
        elif days < rules.decision_min_days and not item.shortened_reason:
            problems.append(
                Problem(
                    item.unit_id,
                    "decision.short_window",
                    item.id,
                    f"“{item.title}”征求意见期 {days} 日，少于 {rules.decision_min_days} 日且未说明理由",
                    "重大行政决策征求意见期限一般不少于30日；因情况紧急等原因需要缩短的，应在征求意见时予以说明",
                    evidence | {"days": days},
                )
            )
        closed = item.closes_on < today
        if closed and item.feedback_on is None and item.comments_adopted != 0:
            problems.append(
                Problem(
                    item.unit_id,
                    "decision.no_feedback",
                    item.id,
                    f"“{item.title}”征求意见结束后未公开意见采纳情况",
                    "征求意见结束后公开意见收集和采纳情况，说明未采纳的理由",
                    evidence,
                )
            )
    return problems
