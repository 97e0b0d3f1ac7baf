"""Base for Gongkai's management commands: user errors print one Chinese line and exit 2."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from gongkai.errors import UserError

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


def parse_day(text: str, option: str):
    """A YYYY-MM-DD argument, or a UserError naming the option."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{option} {text}：日期应写成 YYYY-MM-DD") from None


class GongkaiCommand(BaseCommand):
    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except UserError as exc:
            self.stderr.write(f"错误：{exc}")
            raise SystemExit(EXIT_BAD_INPUT) from None
        except CommandError as exc:
            self.stderr.write(f"错误：{exc}")
            raise SystemExit(exc.returncode) from None
        except KeyboardInterrupt:
            self.stderr.write("已中断：本次操作未写入任何数据。")
            raise SystemExit(EXIT_INTERRUPTED) from None
