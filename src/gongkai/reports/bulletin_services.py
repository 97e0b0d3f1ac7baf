"""Bulletins, reminder letters and the rectification ledger written from a frozen run."""

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from django.db import transaction

from gongkai.assessment.models import AssessmentRun
from gongkai.assessment.scheme import parse_scheme
from gongkai.assessment.selectors import DEFAULT_BANDS, latest_run, run_results
from gongkai.assessment.services import run_assessment
from gongkai.exports import gongwen
from gongkai.exports.tables import DocumentTable
from gongkai.exports.xlsx import write_tables
from gongkai.findings.models import Finding, FindingStatus
from gongkai.orgs.selectors import check_office
from gongkai.reports.bulletins import (
    Bulletin,
    BulletinTemplateError,
    Reminder,
    RunData,
    compose,
    load_templates,
    reminders,
)
from gongkai.reports.models import BulletinTemplates

DEFAULT_SCHEME = "xinxiang-county"
RECTIFY_DAYS = 30


def templates() -> dict:
    """The office's edited templates if any, else the bundled ones."""
    record = BulletinTemplates.objects.order_by("-updated_at").first()
    return load_templates(record.definition if record else None)


@transaction.atomic
def save_templates(*, definition: str, actor=None) -> BulletinTemplates:
    check_office(actor)
    return BulletinTemplates.store(definition)  # refuses what cannot be rendered


def run_data(run: AssessmentRun) -> RunData:
    scheme = parse_scheme(run.definition) if run.definition else None
    return RunData(
        year=run.year,
        quarter=run.quarter,
        period_label=run.period_label,
        inputs=run.inputs,
        results=run_results(run),
        group_titles=dict(scheme.group_titles) if scheme else {},
        bands=scheme.bands if scheme else DEFAULT_BANDS,
    )


def run_for_period(*, year: int, quarter: int | None, today: date) -> AssessmentRun:
    """The latest computed run of the period, or a new one (a bulletin always has a frozen run)."""
    run = latest_run(year=year, quarter=quarter)
    if run is not None and run.source == "computed":
        return run
    return run_assessment(scheme_name=DEFAULT_SCHEME, year=year, quarter=quarter, today=today)


def bulletin_for(run: AssessmentRun, *, kind: str, dated: date) -> Bulletin:
    if run.source != "computed":
        raise BulletinTemplateError(
            f"考核批次 #{run.pk} 是导入的得分表，没有生成通报所需的统计和问题数据"
        )
    return compose(run_data(run), kind, dated=dated, templates=templates())


def prints_ranking(kind: str) -> bool:
    """Whether the office's template for this kind of bulletin prints scores, grades or ranks."""
    section = templates().get(kind) or {}
    if any(a.get("kind") == "ranking" for a in section.get("attachments") or ()):
        return True
    return any(word in str(section) for word in ("excellent_sentence", "band_sentence"))


def write_bulletin(run: AssessmentRun, *, kind: str, dated: date, path: Path) -> Path:
    bulletin = bulletin_for(run, kind=kind, dated=dated)
    return gongwen.write_bulletin(path, bulletin)


def open_finding_ids(run: AssessmentRun) -> set[int]:
    ids = [f["id"] for f in run.inputs.get("findings", [])]
    return set(
        Finding.objects.filter(
            pk__in=ids, status__in=(FindingStatus.OPEN, FindingStatus.RECTIFYING)
        ).values_list("pk", flat=True)
    )


def reminder_letters(run: AssessmentRun, *, dated: date) -> list[Reminder]:
    return reminders(
        run_data(run),
        dated=dated,
        deadline=dated + timedelta(days=RECTIFY_DAYS),
        templates=templates(),
        open_ids=open_finding_ids(run),
    )


@transaction.atomic
def set_deadlines(run: AssessmentRun, *, deadline: date) -> int:
    """Open Findings of the run without a deadline get the reminder letters' deadline."""
    return Finding.objects.filter(pk__in=open_finding_ids(run), deadline__isnull=True).update(
        deadline=deadline
    )


def write_letters(
    run: AssessmentRun,
    *,
    dated: date,
    directory: Path,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """A 工作提醒函 per unit with open Findings, and the 整改台账 of the run, into a folder;
    `progress(done, total)` after each file."""
    letters = reminder_letters(run, dated=dated)
    set_deadlines(run, deadline=dated + timedelta(days=RECTIFY_DAYS))
    paths = []
    for letter in letters:
        paths.append(gongwen.write_reminder(directory / f"工作提醒函-{letter.unit}.docx", letter))
        if progress:
            progress(len(paths), len(letters) + 1)
    paths.append(write_ledger(run, directory / f"{run.period_label}整改台账.xlsx"))
    return paths


@transaction.atomic
def write_letter(run: AssessmentRun, *, unit: str, dated: date, path: Path) -> Path | None:
    """One unit's 工作提醒函 (None when it has no open Findings in the run); issuing it gives
    those Findings the letter's deadline, as issuing all of them does."""
    letter = next((r for r in reminder_letters(run, dated=dated) if r.unit == unit), None)
    if letter is None:
        return None
    Finding.objects.filter(pk__in=letter.finding_ids, deadline__isnull=True).update(
        deadline=dated + timedelta(days=RECTIFY_DAYS)
    )
    return gongwen.write_reminder(path, letter)


LEDGER_HEADERS = ["序号", "单位", "问题", "依据", "整改要求", "整改期限", "整改状态", "完成日期"]


def ledger_table(run: AssessmentRun) -> DocumentTable:
    ids = [f["id"] for f in run.inputs.get("findings", [])]
    findings = Finding.objects.filter(pk__in=ids).select_related("unit")
    order = {u["id"]: n for n, u in enumerate(run.inputs.get("units", []))}
    rows = []
    for finding in sorted(findings, key=lambda f: (order.get(f.unit_id, 10**6), f.kind)):
        rows.append(
            [
                str(len(rows) + 1),
                finding.unit.name,
                finding.message,
                _evidence_text(finding.evidence),
                finding.how_to_fix,
                finding.deadline.isoformat() if finding.deadline else "",
                finding.get_status_display(),
                finding.rectified_on.isoformat() if finding.rectified_on else "",
            ]
        )
    return DocumentTable(
        title=f"{run.period_label}政务公开问题整改台账",
        headers=LEDGER_HEADERS,
        rows=rows,
        widths=[6, 14, 40, 30, 36, 12, 10, 12],
    )


def _evidence_text(evidence) -> str:
    if not isinstance(evidence, dict):
        return str(evidence or "")
    parts = []
    for key, value in evidence.items():
        if isinstance(value, list):
            value = "、".join(v if isinstance(v, str) else str(v.get("month", v)) for v in value)
        parts.append(f"{key}: {value}")
    return "；".join(parts)


def write_ledger(run: AssessmentRun, path: Path) -> Path:
    return write_tables(path, [ledger_table(run)])
