"""`gongkai backup [-o FILE]`: a consistent copy of the whole database while the site runs."""

from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from gongkai.backup import backup_postgres, backup_sqlite, default_path
from gongkai.commands import GongkaiCommand


class Command(GongkaiCommand):
    help = "备份整个数据库（SQLite 在线备份；PostgreSQL 调用 pg_dump），备份文件权限 0600"

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", help="备份文件（默认 var/backups/gongkai-时间.sqlite3）"
        )

    def handle(self, *args, **options):
        engine = "sqlite" if connection.vendor == "sqlite" else "postgresql"
        now = timezone.localtime()
        target = (
            Path(options["output"])
            if options["output"]
            else default_path(Path(settings.VAR_DIR) / "backups", engine, now)
        )
        if engine == "sqlite":
            connection.ensure_connection()
            report = backup_sqlite(connection.connection, target)
            self.stdout.write(
                f"已备份到 {report.path}：{report.tables} 张表，{report.rows} 行，完整性检查通过"
            )
        else:
            report = backup_postgres(connection.settings_dict, target)
            self.stdout.write(
                f"已备份到 {report.path}：{report.tables} 张表的数据，pg_restore 可读"
            )
