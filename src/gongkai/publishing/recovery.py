"""Nothing left behind by an import that died: its batch, its scratch files, abandoned uploads.

A running batch records the process (pid) and host that run it. A batch whose process is gone
was killed before its transaction committed (the database rolled it back), so it is marked failed
with that truth; scratch files carry their process id in their names and are removed with it.
Called before every import, when the import pages open, and when the web server (wsgi.py, also
what runserver loads) and the task worker start.
"""

import os
import shutil
import socket
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from gongkai.env import env_int
from gongkai.errors import UserError
from gongkai.publishing.models import ImportBatch, ImportStatus

SCRATCH_PREFIX = "import-"


class ImportBusyError(UserError):
    """Another import is writing: the database takes one writer at a time."""


def host_name() -> str:
    return socket.gethostname()[:255]


def scratch_dir() -> Path:
    """Where an import keeps its temporary files: var/tmp, never the system's /tmp."""
    path = Path(settings.VAR_DIR) / "tmp"
    path.mkdir(parents=True, exist_ok=True)
    return path


def scratch_prefix(pid: int | None = None) -> str:
    """File names start with the owner's pid, so a dead owner's files can be found."""
    return f"{SCRATCH_PREFIX}{pid or os.getpid()}-"


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _stale(batch: ImportBatch, host: str) -> bool:
    if batch.host and batch.host != host:
        return False  # another machine's process: it cannot be checked from here
    return batch.pid is None or not process_alive(batch.pid)


def recover_stale_imports() -> list[int]:
    """Mark batches whose process is gone as failed, remove dead processes' scratch files,
    expire abandoned uploads. Returns the ids of the batches marked failed."""
    host = host_name()
    failed = []
    for batch in ImportBatch.objects.filter(status=ImportStatus.RUNNING):
        if _stale(batch, host) and batch.pid != os.getpid():
            updated = ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.RUNNING).update(
                status=ImportStatus.FAILED,
                message=(
                    f"导入进程（{batch.pid or '未知'}）已中止，事务未提交，未写入任何数据；"
                    "请重新导入"
                ),
                finished_at=timezone.now(),
            )
            if updated:
                failed.append(batch.pk)
    _remove_dead_scratch()
    expire_uploads()
    return failed


def _remove_dead_scratch() -> None:
    for path in scratch_dir().glob(SCRATCH_PREFIX + "*"):
        owner = path.name[len(SCRATCH_PREFIX) :].split("-", 1)[0]
        if owner.isdigit() and not process_alive(int(owner)):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def expire_uploads(now=None) -> int:
    """Uploads checked but never imported are deleted after GONGKAI_UPLOAD_EXPIRE_HOURS."""
    hours = env_int("GONGKAI_UPLOAD_EXPIRE_HOURS", 24)
    cutoff = (now or timezone.now()) - timedelta(hours=hours)
    expired = 0
    for batch in ImportBatch.objects.filter(status=ImportStatus.PREVIEWED, created_at__lt=cutoff):
        if batch.stored_path:
            folder = Path(batch.stored_path).parent
            uploads = Path(settings.IMPORT_DIR) / "uploads"
            if folder.parent == uploads:
                shutil.rmtree(folder, ignore_errors=True)
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportStatus.FAILED,
            stored_path="",
            message=f"上传后 {hours} 小时内未确认导入，文件已删除",
            finished_at=timezone.now(),
        )
        expired += 1
    return expired


def refuse_if_busy() -> None:
    """A clear Chinese refusal when a live import is writing, instead of 'database is locked'."""
    host = host_name()
    for batch in ImportBatch.objects.filter(status=ImportStatus.RUNNING):
        if batch.pid != os.getpid() and not _stale(batch, host):
            raise ImportBusyError(
                f"另一个导入正在进行（批次 #{batch.pk}「{batch.file_name}」，进程 {batch.pid}），"
                "请等它完成后再导入"
            )
