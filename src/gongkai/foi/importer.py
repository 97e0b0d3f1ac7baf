"""Applications from a spreadsheet (CSV/XLSX), as offices keep them today: one transaction."""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction

from gongkai.adapters.dates import parse_date
from gongkai.adapters.ledgers import column_limits, read_ledger, text_problems
from gongkai.calendar.core import WorkCalendar
from gongkai.foi import clock
from gongkai.foi.annual import APPLICANT_TYPES, OUTCOMES
from gongkai.foi.models import Application
from gongkai.foi.services import append_event, register_application
from gongkai.orgs.selectors import unit_name_index

COLUMNS = {
    "reference": ("受理编号", "编号", "申请编号"),
    "unit": ("承办单位", "单位", "办理单位"),
    "received_on": ("提交日期", "收到日期", "申请日期", "登记日期"),
    "channel": ("收件渠道", "渠道", "提交方式"),
    "confirmed_on": ("确认日期", "确认收到日期"),
    "applicant_type": ("申请人类型", "申请人类别"),
    "applicant_name": ("申请人", "申请人姓名", "申请人名称"),
    "applicant_id_number": ("证件号码", "身份证号"),
    "contact": ("联系方式", "联系电话"),
    "request_text": ("申请内容", "申请事项"),
    "replied_on": ("答复日期",),
    "outcome": ("办理结果", "答复结果"),
}
REQUIRED = ("reference", "unit", "received_on", "applicant_type", "applicant_name", "request_text")
# Outcome labels as written in ledgers: the full label, or its part after "：".
OUTCOME_WORDS = {label: key for key, label in OUTCOMES.items()} | {
    label.split("：")[-1]: key for key, label in OUTCOMES.items() if "：" in label
}


@dataclass
class ImportProblem:
    row: int
    field: str
    value: str
    reason: str


@dataclass
class ApplicationImport:
    created: int = 0
    duplicates: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    written: bool = False


class _Rollback(Exception):
    pass


def import_applications(
    *, path: Path, calendar: WorkCalendar, strict: bool = False
) -> ApplicationImport:
    result = ApplicationImport()
    names = unit_name_index()
    try:
        with transaction.atomic():
            for number, row in read_ledger(path, COLUMNS, REQUIRED):
                _import_row(number, row, names, calendar, result)
            result.written = not (strict and result.problems)
            if not result.written:
                raise _Rollback
    except _Rollback:
        result.created = 0
    return result


def _import_row(number, row, names, calendar, result: ApplicationImport) -> None:
    def cell(name: str) -> object:
        return row.get(name)

    def text(name: str) -> str:
        value = cell(name)
        return "" if value is None else str(value).strip()

    problems: list[ImportProblem] = []

    def problem(name: str, reason: str) -> None:
        problems.append(ImportProblem(number, COLUMNS[name][0], text(name), reason))

    def day(name: str, required: bool) -> date | None:
        if not text(name):
            if required:
                problem(name, "日期为空")
            return None
        try:
            return parse_date(cell(name))
        except ValueError as exc:
            problem(name, str(exc))
            return None

    texts = {name: text(name) for name in COLUMNS}
    bad_text = text_problems(texts, column_limits(Application, COLUMNS))
    if bad_text:
        result.problems.extend(
            ImportProblem(number, COLUMNS[name][0], shown, reason)
            for name, shown, reason in bad_text
        )
        return
    reference = text("reference")
    if Application.objects.filter(reference=reference).exists():
        result.duplicates += 1
        return
    unit_id = names.find(text("unit")) if text("unit") else None
    if unit_id is None:
        close = "、".join(names.suggest(text("unit")))
        problem("unit", "单位未登记" + (f"；最接近的已登记名称：{close}" if close else ""))
    for name in ("reference", "applicant_name", "request_text"):
        if not text(name):
            problem(name, "不能为空")
    if text("applicant_type") not in APPLICANT_TYPES:
        problem("applicant_type", f"应为 {'、'.join(APPLICANT_TYPES)} 之一")
    channel = text("channel") or "当面"
    if channel not in clock.CHANNELS:
        problem("channel", f"应为 {'、'.join(clock.CHANNELS)} 之一")
    received_on, confirmed_on = day("received_on", True), day("confirmed_on", False)
    replied_on = day("replied_on", False)
    outcome = OUTCOME_WORDS.get(text("outcome")) if text("outcome") else None
    if replied_on and outcome is None:
        problem(
            "outcome",
            "已答复的申请须填写年报规定的办理结果，如 予以公开、部分公开、本机关不掌握相关政府信息",
        )
    if problems:
        result.problems.extend(problems)
        return
    try:
        with transaction.atomic():
            application = register_application(
                reference=reference,
                unit_id=unit_id,
                received_on=received_on,
                channel=channel,
                confirmed_on=confirmed_on,
                applicant_type=text("applicant_type"),
                applicant_name=text("applicant_name"),
                applicant_id_number=text("applicant_id_number"),
                contact=text("contact"),
                request_text=text("request_text"),
            )
            if replied_on:
                append_event(
                    application=application,
                    kind="replied",
                    day=replied_on,
                    outcome=outcome,
                    calendar=calendar,
                )
    except clock.ClockError as exc:
        result.problems.append(ImportProblem(number, "收件渠道/日期", channel, str(exc)))
        return
    result.created += 1
