"""Backups of the whole database, taken while the site runs, and their restore.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies a consistent snapshot page by
page while other connections keep writing (a plain `cp` of a WAL database can lose committed
rows). PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore --clean`.
Every backup file is created 0600 and checked before it is reported as written; a restore checks
the file first and refuses anything that is not a sound Gongkai database.
"""

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from gongkai.errors import UserError

SQLITE_MAGIC = b"SQLite format 3\x00"
# One step: the copy reads one snapshot (WAL lets writers go on meanwhile). Copying in several
# steps would restart whenever another connection writes in between, forever under steady writes.
PAGES_PER_STEP = -1


class BackupError(UserError):
    """A backup or restore that cannot be done; the message says why, in Chinese."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    tables: int
    rows: int  # rows of Gongkai's own tables, for the operator to compare


def default_path(directory: Path, engine: str, now: datetime) -> Path:
    suffix = "sqlite3" if engine == "sqlite" else "dump"
    return directory / f"gongkai-{now:%Y%m%d-%H%M%S}.{suffix}"


def _private(path: Path) -> None:
    """An empty file only the owner can read, created before any data goes into it."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.exists():
        raise BackupError(f"{path.name}：文件已存在，不会覆盖（请换一个文件名）")
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _read_only(path: Path) -> str:
    return path.resolve().as_uri() + "?mode=ro"


def check_sqlite(path: Path) -> BackupReport:
    """The file is an intact SQLite database holding Gongkai's tables, or BackupError."""
    try:
        with path.open("rb") as handle:
            magic = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise BackupError(f"{path.name}：无法读取（{exc.strerror}）") from None
    if magic != SQLITE_MAGIC:
        raise BackupError(f"{path.name}：不是 SQLite 数据库文件")
    connection = sqlite3.connect(_read_only(path), uri=True)
    try:
        result = connection.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            problems = "；".join(str(r[0]) for r in result[:3])
            raise BackupError(f"{path.name}：完整性检查未通过（{problems}）")
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        if "django_migrations" not in tables or "orgs_unit" not in tables:
            raise BackupError(f"{path.name}：不是 Gongkai 的数据库（缺少系统表）")
        rows = sum(
            connection.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in tables
        )
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path.name}：数据库文件已损坏（{exc}）") from None
    finally:
        connection.close()
    return BackupReport(path=path, tables=len(tables), rows=rows)


def backup_sqlite(source: sqlite3.Connection, target: Path) -> BackupReport:
    """Copy the open database `source` into the new file `target` (0600), then check it."""
    _private(target)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination, pages=PAGES_PER_STEP)
        # A self-contained file: no -wal beside it when it is copied elsewhere.
        destination.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as exc:
        destination.close()
        target.unlink(missing_ok=True)
        raise BackupError(f"备份失败：{exc}") from None
    destination.close()
    return check_sqlite(target)


def restore_sqlite(source: Path, target: sqlite3.Connection) -> BackupReport:
    """Replace the database behind `target` with the checked backup `source`, in one step:
    the online backup API holds the write lock while it copies, so readers see the old or the
    new database, never a mixture."""
    report = check_sqlite(source)
    backup = sqlite3.connect(_read_only(source), uri=True)
    try:
        backup.backup(target)
    except sqlite3.Error as exc:
        raise BackupError(f"恢复失败，数据库未改变：{exc}") from None
    finally:
        backup.close()
    return report


def _pg_env(settings: dict) -> tuple[list[str], dict]:
    args = ["--dbname", settings["NAME"]]
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", settings["USER"]]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict, what: str) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"找不到 {command[0]}：请安装 PostgreSQL 客户端（postgresql-client）")
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
        raise BackupError(f"{what}失败（{command[0]} 退出码 {done.returncode}）：{detail}")


def backup_postgres(settings: dict, target: Path) -> BackupReport:
    _private(target)
    args, env = _pg_env(settings)
    try:
        _run(["pg_dump", "--format=custom", "--file", str(target), *args], env, "备份")
        report = check_postgres(target)
    except BackupError:
        target.unlink(missing_ok=True)
        raise
    return report


def check_postgres(path: Path) -> BackupReport:
    """`pg_restore --list` reads the whole table of contents: a truncated dump fails here."""
    if not path.is_file():
        raise BackupError(f"{path.name}：文件不存在")
    if shutil.which("pg_restore") is None:
        raise BackupError("找不到 pg_restore：请安装 PostgreSQL 客户端（postgresql-client）")
    listing = subprocess.run(["pg_restore", "--list", str(path)], capture_output=True, text=True)
    if listing.returncode != 0:
        raise BackupError(f"{path.name}：不是完整的 pg_dump 备份文件")
    tables = [line for line in listing.stdout.splitlines() if " TABLE DATA " in line]
    if not any("django_migrations" in line for line in tables):
        raise BackupError(f"{path.name}：不是 Gongkai 的数据库备份")
    return BackupReport(path=path, tables=len(tables), rows=0)


def restore_postgres(source: Path, settings: dict) -> BackupReport:
    report = check_postgres(source)
    args, env = _pg_env(settings)
    _run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", *args]
        + [str(source)],
        env,
        "恢复",
    )
    return report
