"""Long downloads in the task queue: the job page, its progress, the file, and who may see it."""

import io
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from gongkai.exports.pdf import PdfError
from gongkai.findings.models import Finding
from gongkai.orgs.models import Account, Role
from gongkai.web import jobs
from gongkai.web.models import DocumentJob, JobStatus

# The jobs' flow and permissions do not depend on the database (the PostgreSQL pass skips them).
pytestmark = [pytest.mark.django_db, pytest.mark.one_database]


@pytest.fixture
def setup(quarter_run):
    return quarter_run


@pytest.fixture
def worker():
    """Tasks run as they are queued, as a running worker would run them."""
    HUEY.immediate = True
    yield
    HUEY.immediate = False


def letters(client, user, run):
    client.force_login(user)
    return client.post(f"/assessment/{run.pk}/letters.zip", {"date": "2024-07-10"})


def test_all_letters_are_built_in_the_background_then_downloaded(client, setup, worker):
    run, users = setup
    response = letters(client, users["office"], run)
    job = DocumentJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert (job.status, job.progress, job.owner) == (JobStatus.DONE, 1.0, users["office"])
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f"/jobs/{job.pk}/file/" in page and 'http-equiv="refresh"' not in page
    download = client.get(f"/jobs/{job.pk}/file/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    assert any(n.startswith("工作提醒函-") for n in names)
    assert any(n.endswith("整改台账.xlsx") for n in names)
    assert Finding.objects.filter(deadline__gt=date(2024, 7, 10)).exists()  # issued: deadlines set
    assert "2024年第二季度工作提醒函" in client.get("/jobs/").content.decode()
    assert not (Path(job.stored_path).parent / "letters").exists()  # the loose files went


def test_letters_are_the_offices_and_jobs_their_owners(client, setup, worker):
    run, users = setup
    client.force_login(users["office"])
    assert client.get(f"/assessment/{run.pk}/letters.zip").status_code == 405  # POST only
    assert letters(client, users["leader"], run).status_code == 403
    assert not DocumentJob.objects.exists()
    letters(client, users["office"], run)
    job = DocumentJob.objects.get()
    client.force_login(users["leader"])
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/file/").status_code == 404
    assert "共 0 条" in client.get("/jobs/").content.decode()
    # The owner's role changed since: the letters are no longer theirs to take.
    Account.objects.filter(user=users["office"]).update(role=Role.LEADER)
    client.force_login(users["office"])
    assert client.get(f"/jobs/{job.pk}/file/").status_code == 403


def test_a_queued_job_shows_its_progress_and_a_stalled_queue(client, setup):
    run, users = setup
    letters(client, users["office"], run)  # no worker: it waits in the queue
    job = DocumentJob.objects.get()
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "排队中" in page and 'http-equiv="refresh"' in page and "（0%）" in page
    assert "后台任务进程可能未运行" not in page
    assert client.get(f"/jobs/{job.pk}/file/").status_code == 404
    DocumentJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    assert "后台任务进程可能未运行" in client.get(f"/jobs/{job.pk}/").content.decode()
    jobs.build_document(job.pk)  # the worker comes back
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.file_name.endswith(".zip")
    jobs.build_document(job.pk)  # taken once only
    assert DocumentJob.objects.get().stored_path == job.stored_path


def test_a_pdf_that_cannot_be_rendered_says_why_and_leaves_nothing(
    client, setup, worker, monkeypatch
):
    run, users = setup

    def no_office(source, target):
        raise PdfError("未找到 LibreOffice（soffice）")

    monkeypatch.setattr(jobs, "docx_to_pdf", no_office)
    client.force_login(users["leader"])  # who sees the whole run may have its bulletin
    response = client.post(f"/assessment/{run.pk}/bulletin-pdf/", {"date": "2024-07-10"})
    job = DocumentJob.objects.get()
    assert response.status_code == 302 and job.status == JobStatus.FAILED
    assert "PDF 生成失败：未找到 LibreOffice" in client.get(f"/jobs/{job.pk}/").content.decode()
    assert not (jobs.jobs_dir() / str(job.pk)).exists()
    client.force_login(users["wjw"])
    assert client.post(f"/assessment/{run.pk}/bulletin-pdf/").status_code == 403


def test_jobs_older_than_a_week_are_removed_with_their_files(client, setup, worker):
    run, users = setup
    old = DocumentJob.objects.create(
        owner=users["office"], kind="letters", run_id=run.pk, title="旧", status=JobStatus.DONE
    )
    (jobs.jobs_dir() / str(old.pk)).mkdir(parents=True)
    (jobs.jobs_dir() / str(old.pk) / "旧.zip").write_bytes(b"PK")
    DocumentJob.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - timedelta(days=jobs.KEEP_DAYS + 1)
    )
    kept = DocumentJob.objects.create(
        owner=users["office"], kind="letters", run_id=run.pk, title="新", status=JobStatus.DONE
    )
    DocumentJob.objects.filter(pk=kept.pk).update(
        finished_at=timezone.now() - timedelta(days=jobs.KEEP_DAYS - 1)
    )
    letters(client, users["office"], run)  # a new job clears out the expired ones
    assert not DocumentJob.objects.filter(pk=old.pk).exists()
    assert not (jobs.jobs_dir() / str(old.pk)).exists()
    assert DocumentJob.objects.filter(pk=kept.pk).exists()


@pytest.mark.slow
@pytest.mark.one_database
def test_bulletin_pdf_through_libreoffice(client, setup, worker):
    run, users = setup
    client.force_login(users["office"])
    client.post(f"/assessment/{run.pk}/bulletin-pdf/", {"date": "2024-07-10"})
    job = DocumentJob.objects.get()
    assert job.status == JobStatus.DONE, job.message
    content = b"".join(client.get(f"/jobs/{job.pk}/file/").streaming_content)
    assert content.startswith(b"%PDF") and job.file_name.endswith("政务公开工作通报.pdf")
