"""Nothing left behind: stale batches, scratch files, abandoned uploads, a second writer, the
rejects report written before the commit, a junk .xlsx in the background import."""

import io
import os
import subprocess
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.publishing.models import ImportBatch, ImportStatus, Publication
from gongkai.publishing.recovery import (
    ImportBusyError,
    expire_uploads,
    host_name,
    recover_stale_imports,
    scratch_dir,
)
from gongkai.publishing.services import import_publications
from gongkai.publishing.tasks import run_import
from tests.publishing.test_import import GOOD, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(registry):
    return None


def dead_pid() -> int:
    done = subprocess.Popen(["true"])
    done.wait()
    return done.pid


def running(pid: int) -> ImportBatch:
    return ImportBatch.objects.create(
        file_name="a.csv", status=ImportStatus.RUNNING, pid=pid, host=host_name()
    )


def test_a_batch_whose_process_is_gone_is_marked_failed_and_its_files_removed(county, tmp_path):
    pid = dead_pid()
    stale = running(pid)
    elsewhere = ImportBatch.objects.create(
        file_name="b.csv", status=ImportStatus.RUNNING, pid=pid, host="another-host"
    )
    dead_file = scratch_dir() / f"import-{pid}-rejects-x.csv"
    dead_file.write_text("x", encoding="utf-8")
    live_file = scratch_dir() / f"import-{os.getpid()}-rejects-y.csv"
    live_file.write_text("y", encoding="utf-8")
    try:
        assert recover_stale_imports() == [stale.pk]
        stale.refresh_from_db()
        assert stale.status == ImportStatus.FAILED and "未写入任何数据" in stale.message
        elsewhere.refresh_from_db()
        assert elsewhere.status == ImportStatus.RUNNING  # cannot be checked from this host
        assert not dead_file.exists() and live_file.exists()
    finally:
        live_file.unlink(missing_ok=True)


def test_the_next_import_recovers_first(county, tmp_path):
    stale = running(dead_pid())
    import_publications(path=write_csv(tmp_path / "a.csv", GOOD))
    stale.refresh_from_db()
    assert stale.status == ImportStatus.FAILED
    assert not ImportBatch.objects.filter(status=ImportStatus.RUNNING).exists()


def test_a_second_writer_is_refused_in_chinese(county, tmp_path):
    running(os.getppid())  # a live process that is not this one
    with pytest.raises(ImportBusyError, match="另一个导入正在进行"):
        import_publications(path=write_csv(tmp_path / "a.csv", GOOD))
    assert not Publication.objects.exists()


def test_abandoned_uploads_expire(county, tmp_path, settings):
    settings.IMPORT_DIR = tmp_path / "imports"
    folder = settings.IMPORT_DIR / "uploads" / "abc"
    folder.mkdir(parents=True)
    (folder / "a.csv").write_text("x", encoding="utf-8")
    old = ImportBatch.objects.create(
        file_name="a.csv", stored_path=str(folder / "a.csv"), status=ImportStatus.PREVIEWED
    )
    ImportBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))
    fresh = ImportBatch.objects.create(file_name="b.csv", status=ImportStatus.PREVIEWED)
    assert expire_uploads() == 1
    old.refresh_from_db()
    assert old.status == ImportStatus.FAILED and not folder.exists()
    fresh.refresh_from_db()
    assert fresh.status == ImportStatus.PREVIEWED


def test_rejects_that_cannot_be_written_leave_nothing_committed(county, tmp_path):
    rows = [*GOOD, ["没有的单位", "部门动态", "标题", "2023-01-05", ""]]
    path = write_csv(tmp_path / "a.csv", rows)
    (tmp_path / "out").mkdir()
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "import_data", "publications", str(path), "--rejects", str(tmp_path / "out"),
            stdout=io.StringIO(), stderr=err,
        )  # fmt: skip
    assert exit_.value.code == 2 and "目录" in err.getvalue()
    assert not Publication.objects.exists()  # the batch's "nothing written" is the truth
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.FAILED and "未写入任何数据" in batch.message


def test_a_junk_xlsx_in_the_background_fails_visibly(county, tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04" + os.urandom(2000))
    batch = ImportBatch.objects.create(
        file_name="junk.xlsx", stored_path=str(junk), status=ImportStatus.QUEUED
    )
    run_import(batch.pk)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED and "xlsx" in batch.message
    assert not Publication.objects.exists()


def test_zip_bomb_is_refused_before_opening(county, tmp_path):
    import zipfile

    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    assert bomb.stat().st_size < 200 * 1024
    with pytest.raises(Exception, match="疑似压缩炸弹"):
        import_publications(path=bomb)
    assert not ImportBatch.objects.filter(status=ImportStatus.RUNNING).exists()


def test_the_web_server_and_the_task_worker_recover_as_they_start(county):
    """Not only at the next import: starting the server (its WSGI module, also what runserver
    loads) or a task worker marks a dead process's batch failed."""
    import importlib

    from huey.contrib.djhuey import HUEY

    from gongkai.publishing import tasks

    first = running(dead_pid())
    importlib.reload(importlib.import_module("gongkai.wsgi"))
    first.refresh_from_db()
    assert first.status == ImportStatus.FAILED and "已中止" in first.message
    second = running(dead_pid())
    assert HUEY._startup["recover_when_the_worker_starts"] is tasks.recover_when_the_worker_starts
    tasks.recover_when_the_worker_starts()
    second.refresh_from_db()
    assert second.status == ImportStatus.FAILED
    other = subprocess.Popen(["sleep", "30"])  # another live importer: left alone
    try:
        alive = running(other.pid)
        importlib.reload(importlib.import_module("gongkai.wsgi"))
        alive.refresh_from_db()
        assert alive.status == ImportStatus.RUNNING
    finally:
        other.kill()
        other.wait()
