"""Writes of the new-media app: the account register, post imports, feeds, and the check's Findings."""

import csv
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from gongkai.adapters.dates import parse_date
from gongkai.adapters.readers import HEADER_SEARCH_ROWS, ImportFileError, open_table
from gongkai.adapters.sql import insert_ignoring_duplicates
from gongkai.errors import UserError
from gongkai.exports.safe import csv_safe
from gongkai.findings.services import FindingDraft, replace_findings
from gongkai.newmedia import selectors
from gongkai.newmedia.feeds import FeedItem
from gongkai.newmedia.models import NewMediaAccount, Post
from gongkai.newmedia.parsing import (
    ACCOUNT_HEADERS,
    ACCOUNT_LABELS,
    POST_HEADERS,
    POST_LABELS,
    PostRow,
    PostValidator,
    RowProblem,
    find_header,
    platform_of,
    post_row,
    yes_no,
)
from gongkai.newmedia.rules import RuleSet, load_rule_set
from gongkai.orgs.selectors import check_office, unit_name_index
from gongkai.periods import Period

CHUNK = 20_000
KEPT_PROBLEMS = 200
REJECT_HEADER = ("行号", "字段", "值", "原因")
POST_COLUMNS = (
    "account_id",
    "title",
    "published_on",
    "published_time",
    "week",
    "url",
    "reads",
    "url_key",
    "content_key",
)


# ---- accounts ---------------------------------------------------------------------------------


@dataclass
class AccountLoadResult:
    file_name: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        return (
            f"{self.file_name}：新增账号 {self.created} 个，更新 {self.updated} 个，"
            f"未变 {self.unchanged} 个。"
        )


def _head(reader) -> tuple[list[tuple[int, list[object]]], Iterator]:
    rows = reader.rows()
    head = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    if not head:
        raise ImportFileError(f"{reader.name}: 文件为空")
    return head, rows


@transaction.atomic
def load_accounts(*, path: Path, display_name: str | None = None) -> AccountLoadResult:
    """Create or update accounts (keyed by platform and name) from a register; all or nothing.

    Every bad row is named in one UserError; an account's history records each change.
    """
    reader = open_table(path, display_name=display_name)
    try:
        head, rest = _head(reader)
        try:
            index, header = find_header(
                [c for _, c in head], ACCOUNT_HEADERS, ("name", "platform"), ACCOUNT_LABELS
            )
        except ValueError as exc:
            raise ImportFileError(f"{reader.name}: {exc}") from None
        names = unit_name_index()
        result = AccountLoadResult(file_name=reader.name)
        errors: list[str] = []
        seen: set[tuple[str, str]] = set()
        existing = {(a.platform, a.name): a for a in NewMediaAccount.objects.all()}
        order = len(existing)
        for number, cells in itertools.chain(head[index + 1 :], rest):

            def cell(field: str, cells=cells) -> str:
                at = header.get(field)
                value = cells[at] if at is not None and at < len(cells) else None
                if hasattr(value, "date"):
                    value = value.date()
                return "" if value is None else str(value).strip()

            if not any(str(c or "").strip() for c in cells):
                continue
            values, problems = _account_values(cell, names)
            for field_name, reason in problems:
                errors.append(
                    f"第 {number} 行「{ACCOUNT_LABELS.get(field_name, field_name)}」：{reason}"
                )
            if problems:
                continue
            key = (values["platform"], values["name"])
            if key in seen:
                errors.append(f"第 {number} 行：账号「{key[1]}」（{key[0]}）重复出现")
                continue
            seen.add(key)
            account = existing.get(key)
            if account is None:
                order += 1
                NewMediaAccount.objects.create(**values, order=order)
                result.created += 1
            elif any(getattr(account, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(account, k, v)
                account.save()
                result.updated += 1
            else:
                result.unchanged += 1
        if errors:
            shown = "；".join(errors[:20]) + ("……" if len(errors) > 20 else "")
            raise UserError(f"{reader.name}: {len(errors)} 处错误，未载入任何账号：{shown}")
        return result
    finally:
        reader.close()


def _account_values(cell, names) -> tuple[dict, list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    name = cell("name")
    if not name:
        problems.append(("name", "账号名称为空"))
    elif len(name) > 100:
        problems.append(("name", "账号名称超过 100 字"))
    platform_text = cell("platform")
    platform = platform_of(platform_text)
    if platform is None:
        problems.append(("platform", f"「{platform_text}」不是可识别的平台"))
    unit_text = cell("unit")
    unit_id = names.find(unit_text) if unit_text else None
    if unit_text and unit_id is None:
        hint = "、".join(names.suggest(unit_text))
        problems.append(
            ("unit", f"单位「{unit_text}」未登记" + (f"（是否为：{hint}）" if hint else ""))
        )
    flags = {}
    for field_name in ("supervised", "registered"):
        text = cell(field_name)
        flag = yes_no(text)
        if flag is None:
            problems.append((field_name, f"「{text}」应为 是 或 否"))
        flags[field_name] = bool(flag)
    dates = {}
    for field_name in ("registered_on", "opened_on", "closed_on"):
        text = cell(field_name)
        dates[field_name] = None
        if text:
            try:
                dates[field_name] = parse_date(text[:10] if len(text) > 10 else text)
            except ValueError as exc:
                problems.append((field_name, f"「{text}」{exc}"))
    if dates["registered_on"] and not cell("registered"):
        flags["registered"] = True
    if dates["opened_on"] and dates["closed_on"] and dates["closed_on"] < dates["opened_on"]:
        problems.append(("closed_on", "注销日期早于开通日期"))
    values = {
        "name": name,
        "platform": platform,
        "handle": cell("handle")[:500],
        "unit_id": unit_id,
        "operator": cell("operator")[:100],
        "operator_phone": cell("operator_phone")[:32],
        "feed_url": cell("feed_url")[:500],
        **flags,
        **dates,
    }
    return values, problems


# ---- posts ------------------------------------------------------------------------------------


@dataclass
class PostImportResult:
    file_name: str
    rows_read: int = 0
    imported: int = 0
    duplicates: int = 0
    rejected: int = 0
    strict: bool = False
    written: bool = False
    problems: list[RowProblem] = field(default_factory=list)
    rejects_path: Path | None = None

    def summary(self) -> str:
        text = (
            f"{self.file_name}：读取 {self.rows_read} 行，新增 {self.imported} 条，"
            f"重复跳过 {self.duplicates} 条，问题行 {self.rejected} 行。"
        )
        if self.strict and self.rejected:
            text += "严格模式：存在问题行，未写入任何数据。"
        if self.rejects_path:
            text += f"问题行报告：{self.rejects_path}"
        return text


class _Rollback(Exception):
    pass


def insert_posts(cursor, rows: list[PostRow]) -> int:
    """Insert rows, many to a statement, skipping duplicates; returns how many were new."""
    return insert_ignoring_duplicates(cursor, Post._meta.db_table, POST_COLUMNS, rows)


def _account_finder():
    by_name: dict[str, list[tuple[int, str]]] = {}
    for pk, name, platform, handle in NewMediaAccount.objects.values_list(
        "pk", "name", "platform", "handle"
    ):
        by_name.setdefault(name, []).append((pk, platform))
        if handle:
            by_name.setdefault(handle, []).append((pk, platform))

    def find(text: str, platform: str | None) -> int | None:
        found = by_name.get(text, [])
        if platform:
            found = [f for f in found if f[1] == platform]
        return found[0][0] if len(found) == 1 else None

    return find


def _default_rejects_path(file_name: str) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.IMPORT_DIR) / "rejects" / f"{Path(file_name).stem}-问题行-{stamp}.csv"


def _write_rejects(problems: list[RowProblem], target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    rows = [
        [p.row, POST_LABELS.get(p.field, p.field), csv_safe(p.value), p.reason] for p in problems
    ]
    if target.suffix.lower() == ".xlsx":
        from gongkai.exports.xlsx import write_simple_table

        write_simple_table(target, title="导入问题行", header=REJECT_HEADER, rows=rows)
        return
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REJECT_HEADER)
        writer.writerows(rows)


def import_posts(
    *,
    path: Path,
    display_name: str | None = None,
    strict: bool = False,
    sheet: str | None = None,
    rejects_path: Path | None = None,
) -> PostImportResult:
    """Import a post export (CSV/XLSX) in one transaction; bad rows go to a rejects report.

    With `strict`, nothing is written if any row is bad. Duplicates (same account and link, or
    same account, title and time) are skipped and counted, so re-importing changes nothing.
    """
    reader = open_table(path, display_name=display_name, sheet=sheet)
    result = PostImportResult(file_name=reader.name, strict=strict)
    problems: list[RowProblem] = []
    try:
        try:
            with transaction.atomic():
                _import_rows(reader, result, problems)
                result.written = not (strict and result.rejected)
                if not result.written:
                    raise _Rollback
        except _Rollback:
            result.imported = 0
    finally:
        reader.close()
    result.problems = problems[:KEPT_PROBLEMS]
    if problems:
        target = rejects_path or _default_rejects_path(reader.name)
        _write_rejects(problems, target)
        result.rejects_path = target
    return result


def _import_rows(reader, result: PostImportResult, problems: list[RowProblem]) -> None:
    head, rest = _head(reader)
    try:
        index, header = find_header(
            [c for _, c in head], POST_HEADERS, ("account", "title", "published"), POST_LABELS
        )
    except ValueError as exc:
        raise ImportFileError(f"{reader.name}: {exc}") from None
    validator = PostValidator(header, _account_finder())
    chunk: list[PostRow] = []
    with connection.cursor() as cursor:
        for number, cells in itertools.chain(head[index + 1 :], rest):
            checked = validator.validate(number, cells)
            if isinstance(checked, list):
                if checked:
                    result.rows_read += 1
                    result.rejected += 1
                    problems.extend(checked)
                continue
            result.rows_read += 1
            chunk.append(checked)
            if len(chunk) >= CHUNK:
                _flush(cursor, chunk, result)
        _flush(cursor, chunk, result)


def _flush(cursor, chunk: list[PostRow], result) -> None:
    if chunk:
        inserted = insert_posts(cursor, chunk)
        result.imported += inserted
        result.duplicates += len(chunk) - inserted
        chunk.clear()


@transaction.atomic
def import_feed_items(*, account: NewMediaAccount, items: Iterable[FeedItem]) -> tuple[int, int]:
    """Posts from a machine-readable feed of one account: (new, duplicates)."""
    rows = [
        post_row(
            account.pk,
            item.title[:500],
            item.published.date(),
            item.published.time().replace(microsecond=0).isoformat(),
            item.url[:1000],
            None,
        )
        for item in items
        if item.title
    ]
    with connection.cursor() as cursor:
        inserted = insert_posts(cursor, rows)
    return inserted, len(rows) - inserted


# ---- Findings ---------------------------------------------------------------------------------


def record_findings(
    *, period: Period, today: date, rules: RuleSet | None = None
) -> selectors.CheckReport:
    """Run the check for the period and store its Findings (idempotent; status kept)."""
    rules = rules or load_rule_set()
    report = selectors.check_period(period=period, today=today, rules=rules)
    drafts = [
        FindingDraft(
            unit_id=unit_id,
            kind=kind,
            message=problem.message,
            how_to_fix=problem.how_to_fix,
            evidence=problem.evidence,
        )
        for unit_id, kind, problem in report.finding_problems()
    ]
    replace_findings(
        source=rules.source,
        period_start=period.start,
        period_end=period.end,
        unit_ids=report.unit_ids,
        drafts=drafts,
    )
    return report


ACCOUNT_FIELDS = (
    "name",
    "platform",
    "handle",
    "unit",
    "supervised",
    "registered",
    "registered_on",
    "opened_on",
    "closed_on",
    "operator",
    "operator_phone",
    "feed_url",
)


@transaction.atomic
def save_account(*, account: NewMediaAccount, actor=None, **fields) -> NewMediaAccount:
    """Create or change an account from the office's form; its history records who and why."""
    check_office(actor)
    unknown = set(fields) - set(ACCOUNT_FIELDS)
    if unknown:
        raise UserError(f"账号没有这些项目：{'、'.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(account, name, value)
    if account.closed_on and account.opened_on and account.closed_on < account.opened_on:
        raise UserError(f"「{account.name}」：注销日期 {account.closed_on} 早于开通日期")
    account._change_reason = f"由 {actor} 在账号页面修改" if actor else "修改"
    account.save()
    return account
