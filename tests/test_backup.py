"""Backups taken while another connection writes, their checks, and the restore."""

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from gongkai.backup import (
    BackupError,
    backup_sqlite,
    check_postgres,
    check_sqlite,
    restore_sqlite,
)


def _database(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE IF NOT EXISTS django_migrations (id INTEGER PRIMARY KEY)")
    connection.execute("CREATE TABLE IF NOT EXISTS orgs_unit (id INTEGER PRIMARY KEY)")
    connection.execute(
        "CREATE TABLE IF NOT EXISTS item (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)"
    )
    return connection


def _ids(path: Path) -> list[int]:
    connection = sqlite3.connect(path)
    try:
        return [i for (i,) in connection.execute("SELECT id FROM item ORDER BY id")]
    finally:
        connection.close()


def test_round_trip_while_another_connection_writes(tmp_path):
    live = tmp_path / "live.sqlite3"
    _database(live).close()
    stop = threading.Event()
    written: list[int] = []

    def writer():
        connection = _database(live)
        while not stop.is_set():
            cursor = connection.execute("INSERT INTO item (payload) VALUES (?)", ("x" * 500,))
            written.append(cursor.lastrowid)  # committed: autocommit mode
        connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 200:
            time.sleep(0.01)
        committed_before = len(written)
        source = sqlite3.connect(live)
        report = backup_sqlite(source, tmp_path / "backup.sqlite3")
        source.close()
        time.sleep(0.05)  # the writer goes on after the copy
    finally:
        stop.set()
        thread.join()
    copied = _ids(report.path)
    assert len(copied) >= committed_before  # nothing committed before the backup is lost
    assert copied == list(range(1, len(copied) + 1))  # one snapshot: no gap, no torn row
    assert len(written) > len(copied)  # writing really went on during and after the copy
    assert report.path.stat().st_mode & 0o777 == 0o600
    assert not Path(f"{report.path}-wal").exists()

    target = _database(tmp_path / "restored.sqlite3")
    target.execute("INSERT INTO item (payload) VALUES ('to be replaced')")
    restore_sqlite(report.path, target)
    target.close()
    assert _ids(tmp_path / "restored.sqlite3") == copied


def test_damaged_or_foreign_files_are_refused_and_nothing_is_changed(tmp_path):
    live = _database(tmp_path / "live.sqlite3")
    live.execute("BEGIN")
    live.executemany("INSERT INTO item (payload) VALUES (?)", [("y" * 200,)] * 3000)
    live.execute("COMMIT")
    backup = backup_sqlite(live, tmp_path / "good.sqlite3").path
    truncated = tmp_path / "truncated.sqlite3"
    truncated.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    text = tmp_path / "notes.sqlite3"
    text.write_text("不是数据库", encoding="utf-8")
    foreign = tmp_path / "foreign.sqlite3"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()

    target = _database(tmp_path / "target.sqlite3")
    target.execute("INSERT INTO item (payload) VALUES ('keep me')")
    for bad, words in [(truncated, "损坏"), (text, "不是 SQLite"), (foreign, "不是 Gongkai")]:
        with pytest.raises(BackupError, match=words):
            restore_sqlite(bad, target)
    assert [p for (p,) in target.execute("SELECT payload FROM item")] == ["keep me"]
    with pytest.raises(BackupError, match="已存在"):
        backup_sqlite(live, backup)  # never overwrites
    assert check_sqlite(backup).rows >= 3000


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_commands(tmp_path, settings):
    from django.db.migrations.recorder import MigrationRecorder

    from gongkai.orgs.models import Unit, UnitGroup

    # A migrated database has the migrations table (the suite builds its own without migrating).
    MigrationRecorder(connection).ensure_schema()
    settings.VAR_DIR = tmp_path / "var"
    group = UnitGroup.objects.create(code="county", name="县直单位")
    Unit.objects.create(name="统计局", kind="县直部门", group=group)
    target = tmp_path / "gongkai.sqlite3"
    call_command("backup", "-o", str(target))
    Unit.objects.create(name="审计局", kind="县直部门", group=group)
    call_command("restore", str(target))
    assert list(Unit.objects.values_list("name", flat=True)) == ["统计局"]
    safety = list((tmp_path / "var" / "backups" / "恢复前").glob("gongkai-*"))
    assert len(safety) == 1 and safety[0].stat().st_mode & 0o777 == 0o600
    if connection.vendor == "sqlite":
        assert check_sqlite(safety[0]).rows > 0
    else:
        assert check_postgres(safety[0]).tables > 10
    with pytest.raises(SystemExit) as exit_info:
        call_command("restore", str(tmp_path / "missing.sqlite3"))
    assert exit_info.value.code == 2
    assert len(list((tmp_path / "var" / "backups" / "恢复前").glob("gongkai-*"))) == 1
