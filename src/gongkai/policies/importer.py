"""Spreadsheet imports (CSV/XLSX via gongkai.adapters): the 规范性文件 register, interpretations,
the 重大行政决策 catalogue and consultations, and the yearly 许可/处罚/强制/收费 figures.

Every import is one transaction; rows with problems are reported (row, column, value, reason) and
skipped, or with `strict` nothing is written; importing the same file again changes nothing.
"""

import csv
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from gongkai.adapters.dates import parse_date
from gongkai.adapters.ledgers import read_ledger
from gongkai.adapters.readers import ImportFileError
from gongkai.orgs.selectors import unit_name_index
from gongkai.policies.forms import detect_forms
from gongkai.policies.models import (
    DECISION_KINDS,
    KINDS,
    STATUSES,
    ActivityFigure,
    Consultation,
    Decision,
    Interpretation,
    PolicyDocument,
)
from gongkai.policies.numbers import normalise_number, numbers_in_text, parse_number
from gongkai.policies.rules import FORMS, bundled_rule_set

DOCUMENT_COLUMNS = {
    "number": ("文号", "发文字号", "文件编号"),
    "title": ("标题", "文件名称", "文件标题", "名称"),
    "kind": ("种类", "文件种类", "文件类别", "类别"),
    "unit": ("制发单位", "发文单位", "发文机关", "制定机关"),
    "drafting_unit": ("起草单位", "承办单位"),
    "signed_on": ("成文日期", "印发日期"),
    "published_on": ("发布日期", "公开日期"),
    "effective_on": ("施行日期", "生效日期"),
    "expires_on": ("有效期至", "失效日期"),
    "status": ("状态", "效力状态"),
    "status_on": ("状态日期", "废止日期", "修改日期"),
    "changed_by": ("修改或废止文件文号", "废止文号", "修改文号"),
    "url": ("链接", "URL", "网址"),
    "links": ("页面链接", "页面中的链接"),
    "text": ("正文", "内容"),
}
INTERPRETATION_COLUMNS = {
    "title": ("解读标题", "标题"),
    "unit": ("解读单位", "发布单位", "单位"),
    "published_on": ("发布日期", "日期"),
    "number": ("对应文号", "文件文号", "文号"),
    "document_title": ("对应文件", "文件标题"),
    "url": ("链接", "URL", "网址"),
    "links": ("页面链接", "页面中的链接"),
    "forms": ("形式", "解读形式"),
    "html": ("页面HTML", "页面源码"),
    "text": ("正文", "解读内容", "内容"),
}
CATALOGUE_COLUMNS = {
    "year": ("年度", "目录年度"),
    "unit": ("承办单位", "单位", "决策承办单位"),
    "title": ("决策事项", "事项名称"),
    "kind": ("类别", "决策类别"),
    "listed": ("列入目录", "是否列入目录"),
    "decided_on": ("决策日期", "作出决策日期"),
}
CONSULTATION_COLUMNS = {
    "title": ("征求意见稿", "征求意见事项", "标题"),
    "unit": ("征求意见单位", "单位", "承办单位"),
    "decision": ("决策事项",),
    "opened_on": ("开始日期", "征求意见开始日期"),
    "closes_on": ("截止日期", "征求意见截止日期"),
    "shortened_reason": ("缩短理由", "期限缩短理由"),
    "comments_adopted": ("采纳意见数", "采纳意见条数"),
    "feedback_on": ("反馈日期", "意见采纳情况公开日期"),
    "url": ("链接", "URL"),
}
FIGURE_COLUMNS = {
    "unit": ("单位", "单位名称"),
    "year": ("年度",),
    "kind": ("类别", "事项类别"),
    "value": ("数量", "数值", "处理决定数量", "金额（万元）", "收费金额（万元）"),
}
FIGURE_KINDS = {label: key for key, label in ActivityFigure.KINDS} | {"收费": "fees"}


@dataclass
class ImportProblem:
    row: int
    field: str
    value: str
    reason: str


@dataclass
class ImportResult:
    what: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    proposed: int = 0  # interpretations matched to a document for the office to confirm
    problems: list[ImportProblem] = field(default_factory=list)
    written: bool = False

    def summary(self) -> str:
        text = (
            f"{self.what}：新增 {self.created} 条，更新 {self.updated} 条，未变 {self.unchanged} 条，"
            f"问题行 {len(self.problems)} 行"
        )
        if self.proposed:
            text += f"；{self.proposed} 篇解读按文号或标题匹配到文件，待确认"
        if not self.written:
            text += "；--strict：有问题行，未写入任何数据"
        return text


class _Rollback(Exception):
    pass


class _Row:
    """One ledger row: typed cells, with each problem recorded against its column."""

    def __init__(self, number: int, row: dict, columns: Mapping[str, Sequence[str]], names):
        self.number, self.row, self.columns, self.names = number, row, columns, names
        self.problems: list[ImportProblem] = []

    def text(self, name: str) -> str:
        value = self.row.get(name)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None else str(value).strip()

    def problem(self, name: str, reason: str) -> None:
        self.problems.append(
            ImportProblem(self.number, self.columns[name][0], self.text(name), reason)
        )

    def required(self, name: str) -> str:
        value = self.text(name)
        if not value:
            self.problem(name, "不能为空")
        return value

    def day(self, name: str, required: bool = False) -> date | None:
        if not self.text(name):
            if required:
                self.problem(name, "日期为空")
            return None
        try:
            return parse_date(self.row.get(name))
        except ValueError as exc:
            self.problem(name, str(exc))
            return None

    def unit(self, name: str, required: bool = True) -> int | None:
        value = self.text(name)
        if not value:
            if required:
                self.problem(name, "不能为空")
            return None
        unit_id = self.names.find(value)
        if unit_id is None:
            close = "、".join(self.names.suggest(value))
            self.problem(name, "单位未登记" + (f"；最接近的已登记名称：{close}" if close else ""))
        return unit_id

    def choice(self, name: str, allowed: Sequence[str], default: str) -> str:
        value = self.text(name) or default
        if value not in allowed:
            self.problem(name, f"应为 {'、'.join(allowed)} 之一")
        return value

    def integer(self, name: str) -> int | None:
        if not self.text(name):
            return None
        try:
            value = int(Decimal(self.text(name)))
        except InvalidOperation:
            self.problem(name, "应为整数")
            return None
        if value < 0:
            self.problem(name, "不能为负数")
        return value

    def links(self, name: str) -> list[str] | None:
        value = self.text(name)
        return sorted(set(re.split(r"[\s;；,，]+", value)) - {""}) if value else None


def _run(
    what: str,
    path: Path,
    columns: Mapping[str, Sequence[str]],
    required: Sequence[str],
    handle: Callable[[_Row, ImportResult], None],
    strict: bool,
) -> ImportResult:
    result = ImportResult(what)
    names = unit_name_index()
    try:
        with transaction.atomic():
            for number, row in read_ledger(path, columns, required):
                cells = _Row(number, row, columns, names)
                handle(cells, result)
            result.written = not (strict and result.problems)
            if not result.written:
                raise _Rollback
    except _Rollback:
        result.created = result.updated = result.proposed = 0
    return result


def _save(model, lookup: dict, values: dict, result: ImportResult):
    """Create, update what changed, or leave alone: importing the same row twice changes nothing."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        row = model.objects.create(**lookup, **values)
        result.created += 1
        return row
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    if changed:
        for key, value in changed.items():
            setattr(row, key, value)
        row.save()
        result.updated += 1
    else:
        result.unchanged += 1
    return row


def document_key(number: str, unit_id: int, title: str, published_on: date | None) -> str:
    if number:
        return number
    return f"{unit_id}|{title}|{published_on.isoformat() if published_on else ''}"


def import_documents(*, path: Path, strict: bool = False) -> ImportResult:
    """The 规范性文件 register (文号, 标题, 种类, 制发单位, 起草单位, dates, 状态 …)."""

    def handle(row: _Row, result: ImportResult) -> None:
        title = row.required("title")
        kind = row.choice("kind", KINDS, "")
        unit_id = row.unit("unit")
        drafting_id = row.unit("drafting_unit", required=False)
        raw_number = row.text("number")
        number = ""
        if raw_number:
            parsed = parse_number(raw_number)
            if parsed is None:
                row.problem("number", "无法识别的文号（应如 新政办〔2023〕14号）")
            else:
                number = parsed.text
        signed_on, published_on = row.day("signed_on"), row.day("published_on")
        effective_on, expires_on = row.day("effective_on"), row.day("expires_on")
        status = row.choice("status", STATUSES, "有效")
        status_on = row.day("status_on")
        changed_by = None
        if row.text("changed_by"):
            changed_by = PolicyDocument.objects.filter(
                number=normalise_number(row.text("changed_by"))
            ).first()
            if changed_by is None:
                row.problem("changed_by", "登记簿中没有这个文号（请先登记修改或废止它的文件）")
        if status in ("修改", "废止", "失效") and status_on is None:
            status_on = changed_by.published_on if changed_by else None
            if status_on is None:
                row.problem("status_on", f"状态为{status}时须填写日期（或填写修改、废止它的文件）")
        if row.problems:
            result.problems.extend(row.problems)
            return
        values = dict(
            kind=kind,
            title=title,
            number=number,
            number_as_written=raw_number,
            unit_id=unit_id,
            drafting_unit_id=drafting_id,
            signed_on=signed_on,
            published_on=published_on,
            effective_on=effective_on,
            expires_on=expires_on,
            status=status,
            status_on=status_on,
            changed_by=changed_by,
            url=row.text("url"),
            links=row.links("links"),
            text=row.text("text"),
        )
        _save(
            PolicyDocument,
            {"key": document_key(number, unit_id, title, published_on or signed_on)},
            values,
            result,
        )

    return _run("政策文件登记簿", path, DOCUMENT_COLUMNS, ("title", "kind", "unit"), handle, strict)


def propose_document(title: str, text: str) -> PolicyDocument | None:
    """The document an interpretation names by 文号 in its text, or whose title its title contains."""
    for number in numbers_in_text(f"{title}\n{text}"):
        found = PolicyDocument.objects.filter(number=number).first()
        if found is not None:
            return found
    quoted = re.findall(r"《([^》]{4,})》", title)
    for name in quoted:
        found = PolicyDocument.objects.filter(title=name).first()
        if found is not None:
            return found
    return None


def import_interpretations(*, path: Path, strict: bool = False) -> ImportResult:
    def handle(row: _Row, result: ImportResult) -> None:
        title = row.required("title")
        unit_id = row.unit("unit")
        published_on = row.day("published_on", required=True)
        document = proposed = None
        if row.text("number"):
            document = PolicyDocument.objects.filter(
                number=normalise_number(row.text("number"))
            ).first()
            if document is None:
                row.problem("number", "登记簿中没有这个文号的文件")
        elif row.text("document_title"):
            document = PolicyDocument.objects.filter(title=row.text("document_title")).first()
            if document is None:
                row.problem("document_title", "登记簿中没有这个标题的文件")
        forms: list[str] = []
        if row.text("forms"):
            forms = [f for f in re.split(r"[、,，;；\s]+", row.text("forms")) if f]
            unknown = [f for f in forms if f not in FORMS]
            if unknown:
                row.problem("forms", f"未知的解读形式（可选：{'、'.join(FORMS)}）")
        if row.problems:
            result.problems.extend(row.problems)
            return
        text = row.text("text")
        if document is None:
            proposed = propose_document(title, text)
        if not forms:
            rules = bundled_rule_set(published_on.year)
            html = row.text("html") or "".join(f"<p>{line}</p>" for line in text.splitlines())
            forms = detect_forms(f"<h1>{title}</h1>{html}", rules)
        key = row.text("url") or f"{unit_id}|{title}|{published_on.isoformat()}"
        values = dict(
            unit_id=unit_id,
            title=title,
            published_on=published_on,
            url=row.text("url"),
            text=text,
            links=row.links("links"),
            forms=[f for f in FORMS if f in forms],
        )
        existing = Interpretation.objects.filter(key=key).first()
        if document is not None or existing is None or existing.document_id is None:
            values["document"] = document
            values["proposed_document"] = proposed
        if existing is not None and existing.forms_edited:
            values.pop("forms")
        _save(Interpretation, {"key": key}, values, result)
        result.proposed += proposed is not None and document is None

    return _run(
        "政策解读", path, INTERPRETATION_COLUMNS, ("title", "unit", "published_on"), handle, strict
    )


def import_register_or_interpretations(*, path: Path, strict: bool = False) -> ImportResult:
    """The register, or a list of interpretations (told apart by the header)."""
    try:
        return import_documents(path=path, strict=strict)
    except ImportFileError as register_error:
        if "未找到表头" not in str(register_error):
            raise
        try:
            return import_interpretations(path=path, strict=strict)
        except ImportFileError:
            raise ImportFileError(
                f"{register_error}；或（解读表）需要 解读标题、解读单位、发布日期"
            ) from None


def import_decisions(*, path: Path, strict: bool = False) -> ImportResult:
    """A 重大行政决策事项目录, or a list of consultations (told apart by the header)."""
    try:
        return _run(
            "重大行政决策事项目录",
            path,
            CATALOGUE_COLUMNS,
            ("year", "unit", "title"),
            _catalogue_row,
            strict,
        )
    except ImportFileError as catalogue_error:
        if "未找到表头" not in str(catalogue_error):
            raise
        try:
            return _run(
                "决策预公开（征求意见）",
                path,
                CONSULTATION_COLUMNS,
                ("title", "unit", "opened_on", "closes_on"),
                _consultation_row,
                strict,
            )
        except ImportFileError:
            raise ImportFileError(
                f"{catalogue_error}；或（征求意见表）需要 征求意见稿、征求意见单位、开始日期、截止日期"
            ) from None


def _catalogue_row(row: _Row, result: ImportResult) -> None:
    year = row.integer("year")
    unit_id = row.unit("unit")
    title = row.required("title")
    kind = row.choice("kind", DECISION_KINDS, "重大行政决策")
    listed_text = row.text("listed") or "是"
    if listed_text not in ("是", "否"):
        row.problem("listed", "应为 是 或 否")
    decided_on = row.day("decided_on")
    if year is not None and not 2000 <= year <= 2100:
        row.problem("year", "年度不合理")
    if row.problems:
        result.problems.extend(row.problems)
        return
    _save(
        Decision,
        {"year": year, "unit_id": unit_id, "title": title},
        {"kind": kind, "listed": listed_text == "是", "decided_on": decided_on},
        result,
    )


def _consultation_row(row: _Row, result: ImportResult) -> None:
    title = row.required("title")
    unit_id = row.unit("unit")
    opened_on, closes_on = row.day("opened_on", True), row.day("closes_on", True)
    if opened_on and closes_on and closes_on < opened_on:
        row.problem("closes_on", "截止日期早于开始日期")
    decision = None
    if row.text("decision"):
        decision = (
            Decision.objects.filter(title=row.text("decision"), unit_id=unit_id)
            .order_by("-year")
            .first()
        )
        if decision is None:
            row.problem("decision", "重大行政决策事项目录中没有这个事项（请先导入目录）")
    comments = row.integer("comments_adopted")
    feedback_on = row.day("feedback_on")
    if row.problems:
        result.problems.extend(row.problems)
        return
    _save(
        Consultation,
        {"unit_id": unit_id, "title": title, "opened_on": opened_on},
        {
            "decision": decision,
            "closes_on": closes_on,
            "shortened_reason": row.text("shortened_reason"),
            "comments_adopted": comments,
            "feedback_on": feedback_on,
            "url": row.text("url"),
        },
        result,
    )


def import_figures(*, path: Path, strict: bool = False) -> ImportResult:
    """Yearly 行政许可/行政处罚/行政强制 decisions and 行政事业性收费 (万元) per unit."""

    def handle(row: _Row, result: ImportResult) -> None:
        unit_id = row.unit("unit")
        year = row.integer("year")
        kind = FIGURE_KINDS.get(row.text("kind"))
        if kind is None:
            row.problem(
                "kind", f"应为 {'、'.join(label for _, label in ActivityFigure.KINDS)} 之一"
            )
        value = None
        try:
            value = Decimal(row.text("value").replace(",", ""))
        except InvalidOperation:
            row.problem("value", "不是数字")
        if value is not None:
            if value < 0:
                row.problem("value", "不能为负数")
            elif kind != "fees" and value != value.to_integral_value():
                row.problem("value", "处理决定数量应为整数（只有收费金额可有小数）")
        if row.problems:
            result.problems.extend(row.problems)
            return
        _save(
            ActivityFigure,
            {"unit_id": unit_id, "year": year, "kind": kind},
            {"value": value, "source": path.name},
            result,
        )

    return _run(
        "许可、处罚、强制、收费年度数据",
        path,
        FIGURE_COLUMNS,
        ("unit", "year", "kind", "value"),
        handle,
        strict,
    )


def write_rejects(result: ImportResult, path: Path) -> Path:
    """The problem rows as a CSV a person can open in WPS/Excel (UTF-8 with BOM)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["行号", "字段", "值", "原因"])
        for p in result.problems:
            writer.writerow([p.row, p.field, _safe(p.value), p.reason])
    return path


def _safe(value: str) -> str:
    from gongkai.exports.safe import csv_safe

    return str(csv_safe(value))
