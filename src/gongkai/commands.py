"""Base for Gongkai's management commands: user errors print one Chinese line and exit 2."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError

from gongkai.adapters.definitions import MAX_YEAR, MIN_YEAR
from gongkai.errors import UserError

EXIT_BAD_INPUT = 2
EXIT_FAILED = 1
EXIT_INTERRUPTED = 130


def os_error_message(exc: OSError) -> tuple[str, int]:
    """A Chinese line for a file the user named that cannot be used, and the exit code."""
    name = f"「{exc.filename}」" if exc.filename else "所给路径"
    if isinstance(exc, IsADirectoryError):
        return f"{name}是一个目录，请给出文件的路径", EXIT_BAD_INPUT
    if isinstance(exc, NotADirectoryError):
        return f"{name}的上级路径不是目录", EXIT_BAD_INPUT
    if isinstance(exc, FileNotFoundError):
        return f"{name}不存在", EXIT_BAD_INPUT
    if isinstance(exc, PermissionError):
        return f"{name}没有读写权限", EXIT_BAD_INPUT
    if isinstance(exc, FileExistsError):
        return f"{name}已存在", EXIT_BAD_INPUT
    return f"读写{name}失败（{exc.strerror or '系统错误'}）", EXIT_FAILED


def parse_day(text: str, option: str):
    """A YYYY-MM-DD argument, or a UserError naming the option."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise UserError(f"{option} {text}：日期应写成 YYYY-MM-DD") from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise UserError(f"{option} {text}：日期应在 {MIN_YEAR} 年至 {MAX_YEAR} 年之间")
    return day


class GongkaiCommand(BaseCommand):
    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except UserError as exc:
            self.stderr.write(f"错误：{exc}")
            raise SystemExit(EXIT_BAD_INPUT) from None
        except OSError as exc:
            # A path given as a FILE argument: a directory, a missing folder, no permission.
            message, code = os_error_message(exc)
            self.stderr.write(f"错误：{message}")
            raise SystemExit(code) from None
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            self.stderr.write(
                "错误：数据库正被另一个写入操作占用（可能有导入正在进行），本次未写入；请稍后重试"
            )
            raise SystemExit(EXIT_FAILED) from None
        except UnicodeDecodeError:
            self.stderr.write("错误：文件不是 UTF-8 编码，请另存为 UTF-8 后重试")
            raise SystemExit(EXIT_BAD_INPUT) from None
        except CommandError as exc:
            self.stderr.write(f"错误：{exc}")
            raise SystemExit(exc.returncode) from None
        except KeyboardInterrupt:
            self.stderr.write("已中断：本次操作未写入任何数据。")
            raise SystemExit(EXIT_INTERRUPTED) from None
