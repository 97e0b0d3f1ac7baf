"""Long downloads built in the task queue: a bulletin rendered to PDF (LibreOffice takes seconds)
and all reminder letters of a run (one .docx a unit). The page that asks for one gets a job page
with its progress; the worker builds the file under var/jobs/<id>/ (JOBS_DIR) and the page then offers it.

Each kind is a builder `(job, folder, progress) → file`; `progress(share, stage)` is written to
the job's row, which the job page reads (the builder runs outside any transaction).
"""

import io
import logging
import shutil
import zipfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from gongkai.assessment.models import AssessmentRun
from gongkai.exports.pdf import PdfError, docx_to_pdf
from gongkai.reports.bulletin_services import write_bulletin, write_letters
from gongkai.web.models import DocumentJob, JobStatus

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
# Finished jobs and their files are removed after this many days.
KEEP_DAYS = 7


def jobs_dir() -> Path:
    return Path(settings.JOBS_DIR)


def _bulletin_pdf(job: DocumentJob, folder: Path, progress: Progress) -> Path:
    run = AssessmentRun.objects.get(pk=job.run_id)
    progress(0.1, "生成通报 .docx")
    docx = write_bulletin(
        run,
        kind=job.params["kind"],
        dated=date.fromisoformat(job.params["dated"]),
        path=folder / f"{job.title}.docx",
    )
    progress(0.4, "转换为 PDF（LibreOffice）")
    pdf = docx_to_pdf(docx, docx.with_suffix(".pdf"))
    docx.unlink()
    return pdf


def _letters(job: DocumentJob, folder: Path, progress: Progress) -> Path:
    run = AssessmentRun.objects.get(pk=job.run_id)
    letters = folder / "letters"
    letters.mkdir()
    paths = write_letters(
        run,
        dated=date.fromisoformat(job.params["dated"]),
        directory=letters,
        progress=lambda done, total: progress(0.9 * done / total, f"已生成 {done}/{total} 份"),
    )
    progress(0.9, "打包 .zip")
    target = folder / f"{job.title}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in paths:
            archive.write(path, path.name)
    shutil.rmtree(letters)
    return target


BUILDERS: dict[str, Callable[[DocumentJob, Path, Progress], Path]] = {
    "bulletin_pdf": _bulletin_pdf,
    "letters": _letters,
}


def start_job(*, owner, kind: str, run: AssessmentRun, title: str, params: dict) -> DocumentJob:
    """Record the job and queue it (the caller checked that the owner may have this file)."""
    if kind not in BUILDERS:
        raise ValueError(f"unknown job kind {kind}")
    remove_expired_jobs()
    job = DocumentJob.objects.create(
        owner=owner, kind=kind, run_id=run.pk, title=title, params=params
    )
    from gongkai.web.tasks import build_document_task  # the task module imports this one

    build_document_task(job.pk)
    return job


def build_document(job_id: int) -> None:
    """Run a queued job (in the worker); a job already taken is left alone."""
    taken = DocumentJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, stage="开始"
    )
    if not taken:
        return
    job = DocumentJob.objects.get(pk=job_id)
    folder = jobs_dir() / str(job.pk)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)

    def progress(share: float, stage: str) -> None:
        DocumentJob.objects.filter(pk=job_id).update(progress=min(share, 1.0), stage=stage[:100])

    try:
        path = BUILDERS[job.kind](job, folder, progress)
    except PdfError as exc:
        _fail(job, folder, f"PDF 生成失败：{exc}")
    except Exception:
        log.exception("document job %s failed", job_id)
        _fail(job, folder, "生成失败（内部错误），已记入日志；请联系系统管理员")
        raise
    else:
        DocumentJob.objects.filter(pk=job_id).update(
            status=JobStatus.DONE,
            progress=1.0,
            stage="已完成",
            file_name=path.name,
            stored_path=str(path),
            finished_at=timezone.now(),
        )


def _fail(job: DocumentJob, folder: Path, message: str) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    DocumentJob.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, stage="失败", message=message, finished_at=timezone.now()
    )


def job_file(job: DocumentJob) -> io.BufferedReader | None:
    """The finished file, or None (not done, or removed)."""
    if job.status != JobStatus.DONE or not job.stored_path:
        return None
    path = Path(job.stored_path)
    if jobs_dir().resolve() not in path.resolve().parents or not path.is_file():
        return None
    return path.open("rb")


def remove_expired_jobs() -> int:
    """Jobs finished more than KEEP_DAYS ago, with their files."""
    cutoff = timezone.now() - timedelta(days=KEEP_DAYS)
    expired = list(DocumentJob.objects.filter(finished_at__lt=cutoff).values_list("pk", flat=True))
    for pk in expired:
        shutil.rmtree(jobs_dir() / str(pk), ignore_errors=True)
    DocumentJob.objects.filter(pk__in=expired).delete()
    return len(expired)
