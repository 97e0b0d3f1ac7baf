"""Mailbox letters from the platform's export (CSV/XLSX), one transaction."""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from gongkai.adapters.dates import parse_date
from gongkai.adapters.ledgers import column_limits, read_ledger, text_problems
from gongkai.foi.mailbox import DEFAULT_REPLY_DAYS
from gongkai.foi.models import MailboxLetter
from gongkai.orgs.selectors import unit_name_index

COLUMNS = {
    "reference": ("编号", "信件编号", "来信编号"),
    "received_on": ("来信日期", "收信日期", "提交日期"),
    "writer_name": ("来信人", "姓名"),
    "contact": ("联系方式", "联系电话"),
    "subject": ("标题", "信件标题", "来信标题"),
    "content": ("内容", "来信内容"),
    "unit": ("承办单位", "转办单位", "办理单位"),
    "forwarded_on": ("转办日期",),
    "replied_on": ("答复日期", "回复日期"),
    "reply_text": ("答复内容", "回复内容"),
    "published_on": ("公开日期", "答复公开日期"),
}
REQUIRED = ("reference", "received_on", "writer_name", "subject")
DATE_FIELDS = ("received_on", "forwarded_on", "replied_on", "published_on")


@dataclass
class MailboxImport:
    created: int = 0
    duplicates: int = 0
    problems: list[tuple[int, str, str, str]] = field(default_factory=list)


@transaction.atomic
def import_mailbox(*, path: Path, reply_days: int = DEFAULT_REPLY_DAYS) -> MailboxImport:
    result = MailboxImport()
    names = unit_name_index()
    for number, row in read_ledger(path, COLUMNS, REQUIRED):
        text = {k: "" if v is None else str(v).strip() for k, v in row.items()}
        bad_text = text_problems(text, column_limits(MailboxLetter, text))
        if bad_text:
            result.problems.extend((number, COLUMNS[k][0], v, why) for k, v, why in bad_text)
            continue
        if MailboxLetter.objects.filter(reference=text["reference"]).exists():
            result.duplicates += 1
            continue
        values: dict = {"reply_days": reply_days}
        problems = []
        for name in DATE_FIELDS:
            if not text.get(name):
                values[name] = None
                if name == "received_on":
                    problems.append((number, "来信日期", "", "日期为空"))
                continue
            try:
                values[name] = parse_date(row[name])
            except ValueError as exc:
                problems.append((number, COLUMNS[name][0], text[name], str(exc)))
        unit_id = None
        if text.get("unit"):
            unit_id = names.find(text["unit"])
            if unit_id is None:
                problems.append((number, "承办单位", text["unit"], "单位未登记"))
        if problems:
            result.problems.extend(problems)
            continue
        MailboxLetter.objects.create(
            reference=text["reference"],
            writer_name=text["writer_name"],
            contact=text.get("contact", ""),
            subject=text["subject"],
            content=text.get("content", ""),
            unit_id=unit_id,
            reply_text=text.get("reply_text", ""),
            **values,
        )
        result.created += 1
    return result
