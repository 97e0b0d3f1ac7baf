"""Background imports: large uploads run in the task queue with progress the UI can show."""

import json
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from huey.contrib.djhuey import HUEY, db_task

from gongkai.errors import UserError
from gongkai.publishing.models import ImportBatch, ImportStatus
from gongkai.publishing.services import import_publications, recover_after_a_crash


@HUEY.on_startup()
def recover_when_the_worker_starts() -> None:
    """A worker killed mid-import left its batch "running": marked failed as the next one starts."""
    recover_after_a_crash()


def progress_path(batch_id: int) -> Path:
    return Path(settings.IMPORT_DIR) / str(batch_id) / "progress.json"


def write_progress(batch_id: int, share: float, rows: int) -> None:
    """Kept outside the database: the import's own transaction would hide it from readers."""
    path = progress_path(batch_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"share": round(share, 4), "rows": rows}), encoding="utf-8")
    temporary.replace(path)


def read_progress(batch_id: int) -> dict:
    try:
        return json.loads(progress_path(batch_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"share": 0.0, "rows": 0}


def run_import(batch_id: int) -> None:
    batch = ImportBatch.objects.get(pk=batch_id)
    rejects = Path(settings.IMPORT_DIR) / str(batch_id) / "问题行.xlsx"
    try:
        import_publications(
            path=Path(batch.stored_path),
            display_name=batch.file_name,
            strict=batch.strict,
            sheet=batch.sheet or None,
            rejects_path=rejects,
            batch=batch,
            actor=batch.actor,  # checked again in the worker, not only by the upload page
            progress=lambda share, rows: write_progress(batch_id, share, rows),
        )
    except UserError as exc:
        _fail(batch_id, str(exc))
    except Exception as exc:
        # A file no reader understood (a junk .xlsx can raise anything inside openpyxl): the
        # batch must show that it failed, never stay at 排队中 0 %.
        _fail(batch_id, f"{batch.file_name}: 文件无法读取（{type(exc).__name__}），未写入任何数据")
        raise


def _fail(batch_id: int, message: str) -> None:
    ImportBatch.objects.filter(pk=batch_id).exclude(status=ImportStatus.DONE).update(
        status=ImportStatus.FAILED, message=message, finished_at=timezone.now()
    )


@db_task()
def run_import_task(batch_id: int) -> None:
    run_import(batch_id)
