"""`gongkai restore FILE`: check a backup, then replace the database with it."""

from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from gongkai.backup import (
    backup_postgres,
    backup_sqlite,
    check_postgres,
    check_sqlite,
    default_path,
    restore_postgres,
    restore_sqlite,
)
from gongkai.commands import GongkaiCommand


class Command(GongkaiCommand):
    help = "从备份文件恢复整个数据库：先检查备份完整性，并先把当前数据库另存一份"

    def add_arguments(self, parser):
        parser.add_argument("file", help="gongkai backup 生成的备份文件")
        parser.add_argument("--no-safety-copy", action="store_true", help="恢复前不另存当前数据库")

    def handle(self, *args, **options):
        source = Path(options["file"])
        engine = "sqlite" if connection.vendor == "sqlite" else "postgresql"
        (check_sqlite if engine == "sqlite" else check_postgres)(source)  # before anything else
        if not options["no_safety_copy"]:
            safety = default_path(
                Path(settings.VAR_DIR) / "backups" / "恢复前", engine, timezone.localtime()
            )
            if engine == "sqlite":
                connection.ensure_connection()
                backup_sqlite(connection.connection, safety)
            else:
                backup_postgres(connection.settings_dict, safety)
            self.stdout.write(f"当前数据库已另存为 {safety}")
        if engine == "sqlite":
            connection.ensure_connection()
            report = restore_sqlite(source, connection.connection)
            self.stdout.write(
                f"已从 {source.name} 恢复：{report.tables} 张表，{report.rows} 行（完整性检查通过）"
            )
        else:
            restore_postgres(source, connection.settings_dict)
            self.stdout.write(f"已从 {source.name} 恢复")
        self.stdout.write("请重启网页和后台任务进程。")
