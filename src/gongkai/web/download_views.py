"""Downloads of everything the command line writes: statistics tables, bulletins (.docx/PDF),
reminder letters (.zip), the rectification ledger. Quick files are built in a temporary folder and
sent; the long ones (the bulletin as PDF, all letters) are built in the task queue (web/jobs.py) and
kept for their owner for a week."""

import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from gongkai.assessment.models import AssessmentRun
from gongkai.assessment.selectors import provisional_note
from gongkai.errors import UserError
from gongkai.exports import docx as docx_writer
from gongkai.exports import xlsx as xlsx_writer
from gongkai.orgs.models import UnitGroup
from gongkai.reports.bulletin_services import (
    prints_ranking,
    write_bulletin,
    write_ledger,
    write_letter,
)
from gongkai.standards.presenters import document_table
from gongkai.web.forms import PeriodForm
from gongkai.web.jobs import job_file, start_job
from gongkai.web.listing import page_of
from gongkai.web.models import DocumentJob, JobStatus
from gongkai.web.permissions import (
    get_job_for_user,
    get_result_for_user,
    get_run_for_user,
    require_office,
    sees_whole_run,
)
from gongkai.web.views import statistics_for_user

CONTENT_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
    ".html": "text/html; charset=utf-8",
}


# A job still queued after this long: the task worker is probably not running.
STALLED_SECONDS = 60


def attachment(content: bytes, file_name: str) -> HttpResponse:
    """The bytes as a download named file_name (UTF-8 name, RFC 5987)."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[Path(file_name).suffix])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file_name)}"
    return response


def _built(file_name: str, build: Callable[[Path], Path]) -> HttpResponse:
    with tempfile.TemporaryDirectory(prefix="gongkai-download-") as folder:
        path = build(Path(folder) / file_name)
        return attachment(path.read_bytes(), path.name)


@login_required
@require_GET
def statistics_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The dashboard's tables as the bulletin attachments (.xlsx or .docx), the user's units only."""
    if fmt not in ("xlsx", "docx"):
        raise Http404
    groups = list(UnitGroup.objects.values_list("name", flat=True))
    form = PeriodForm(request.GET, groups=groups)
    if not form.is_valid():
        return HttpResponse("期间填写有误：" + form.errors.as_text(), status=400)
    try:
        result, period = statistics_for_user(request.user, form)
    except UserError as exc:
        return HttpResponse(str(exc), status=400)
    tables = [
        document_table(t.rows, result.standard, period, t.group, attachment=f"附件{i}")
        for i, t in enumerate(result.tables, start=1)
    ]
    writer = xlsx_writer if fmt == "xlsx" else docx_writer
    return _built(f"{period.label}统计表.{fmt}", lambda path: writer.write_tables(path, tables))


def _run_for(request: HttpRequest, run_id: int) -> AssessmentRun:
    """Bulletins, letters and the ledger cover every unit: those who see the whole run."""
    run = get_run_for_user(request.user, run_id)
    if run.source != "computed":
        raise Http404
    if not sees_whole_run(request.user, run):
        raise PermissionDenied
    return run


def _dated(request: HttpRequest) -> date:
    text = request.GET.get("date") or request.POST.get("date")
    try:
        return date.fromisoformat(text) if text else timezone.localdate()
    except ValueError:
        raise BadRequest("日期应写成 YYYY-MM-DD") from None


def _provisional_refusal(run: AssessmentRun, kind: str, asked: str | None) -> HttpResponse | None:
    note = provisional_note(run) if prints_ranking(kind) else ""
    if note and asked != "1":
        return HttpResponse(
            f"{note}请先录齐人工评分；确需印发暂定排名时，在通报预览页选择“下载暂定版”。",
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    return None


def _bulletin_kind(run: AssessmentRun) -> str:
    return "quarterly" if run.quarter else "annual"


@login_required
@require_GET
def bulletin_download(request: HttpRequest, run_id: int, fmt: str) -> HttpResponse:
    """The run's bulletin in 公文 layout (.docx); the PDF is built in the background
    (`bulletin_pdf_job`)."""
    if fmt != "docx":
        raise Http404
    run = _run_for(request, run_id)
    kind = _bulletin_kind(run)
    refusal = _provisional_refusal(run, kind, request.GET.get("provisional"))
    if refusal:
        return refusal
    dated = _dated(request)
    name = f"{run.period_label}政务公开工作通报"
    return _built(
        f"{name}.docx", lambda path: write_bulletin(run, kind=kind, dated=dated, path=path)
    )


@login_required
@require_POST
def bulletin_pdf_job(request: HttpRequest, run_id: int) -> HttpResponse:
    """Render the bulletin to PDF in the task queue (LibreOffice takes seconds); to its job page."""
    run = _run_for(request, run_id)
    kind = _bulletin_kind(run)
    refusal = _provisional_refusal(run, kind, request.POST.get("provisional"))
    if refusal:
        return refusal
    job = start_job(
        owner=request.user,
        kind="bulletin_pdf",
        run=run,
        title=f"{run.period_label}政务公开工作通报",
        params={"kind": kind, "dated": _dated(request).isoformat()},
    )
    return redirect("job_detail", job_id=job.pk)


@login_required
@require_GET
def ledger_download(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run_for(request, run_id)
    return _built(f"{run.period_label}整改台账.xlsx", lambda path: write_ledger(run, path))


@login_required
@require_POST
def letters_download(request: HttpRequest, run_id: int) -> HttpResponse:
    """All reminder letters and the ledger in one .zip, built in the task queue; issuing them sets
    the rectification deadlines of the open Findings, hence POST and the office only."""
    require_office(request.user)
    run = _run_for(request, run_id)
    job = start_job(
        owner=request.user,
        kind="letters",
        run=run,
        title=f"{run.period_label}工作提醒函",
        params={"dated": _dated(request).isoformat()},
    )
    return redirect("job_detail", job_id=job.pk)


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    """The files this login asked for in the last days."""
    jobs = DocumentJob.objects.filter(owner=request.user)
    return render(request, "web/job_list.html", {"page": page_of(request, jobs)})


@login_required
@require_GET
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    """Progress while the file is built (the page reloads itself), then the download."""
    job = get_job_for_user(request.user, job_id)
    waiting = timezone.now() - job.created_at
    stalled = job.status == JobStatus.QUEUED and waiting.total_seconds() > STALLED_SECONDS
    return render(request, "web/job_detail.html", {"job": job, "stalled": stalled})


@login_required
@require_GET
def job_download(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_job_for_user(request.user, job_id)
    handle = job_file(job)
    if handle is None:
        raise Http404("文件尚未生成或已过期")
    return FileResponse(handle, as_attachment=True, filename=job.file_name)


@login_required
@require_POST
def letter_download(request: HttpRequest, run_id: int, result_id: int) -> HttpResponse:
    """One unit's reminder letter (.docx); issuing it sets its Findings' deadlines: the office's."""
    require_office(request.user)
    run = _run_for(request, run_id)
    result = get_result_for_user(request.user, run, result_id)
    dated = _dated(request)
    name = f"工作提醒函-{result.unit_name}.docx"
    with tempfile.TemporaryDirectory(prefix="gongkai-letter-") as folder:
        path = write_letter(run, unit=result.unit_name, dated=dated, path=Path(folder) / name)
        if path is None:
            return HttpResponse(
                f"{result.unit_name}在本批次没有待整改的问题，无需提醒函",
                status=409,
                content_type="text/plain; charset=utf-8",
            )
        return attachment(path.read_bytes(), name)
