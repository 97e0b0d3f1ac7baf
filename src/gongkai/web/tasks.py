"""The task-queue side of web/jobs.py: documents built in the background."""

from huey.contrib.djhuey import db_task

from gongkai.web.jobs import build_document


@db_task()
def build_document_task(job_id: int) -> None:
    build_document(job_id)
