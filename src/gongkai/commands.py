"""Base for Gongkai's management commands: user errors print one Chinese line and exit 2;
every change a command makes is recorded in the history under its actor."""

import getpass
import os
from datetime import date
from types import SimpleNamespace

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


CLI_USER_PREFIX = "cli-"


def command_actor(name: str | None):
    """Who a command acts as: `--actor NAME` (or GONGKAI_ACTOR), an existing login; otherwise
    the operating-system user, as an inactive login `cli-<name>` that cannot sign in."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    if name:
        user = users.filter(username=name).first()
        if user is None:
            raise UserError(f"--actor {name}：没有这个登录名")
        return user
    try:
        os_user = getpass.getuser()
    except (KeyError, OSError):
        os_user = str(os.getuid())
    user, created = users.get_or_create(
        username=f"{CLI_USER_PREFIX}{os_user}"[:150], defaults={"is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


class GongkaiCommand(BaseCommand):
    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "--actor",
            default=os.environ.get("GONGKAI_ACTOR", ""),
            help="以哪个登录名记入修改记录（默认：操作系统用户，记为 cli-用户名）",
        )
        return parser

    def execute(self, *args, **options):
        from django.utils.functional import SimpleLazyObject
        from simple_history.models import HistoricalRecords

        context = HistoricalRecords.context
        had_request = hasattr(context, "request")
        try:
            if not had_request:
                # simple_history takes the user of the current request; a command has none, so
                # it gets one whose user is resolved at the first recorded change.
                name = options.get("actor") or os.environ.get("GONGKAI_ACTOR", "")
                if name:
                    actor = command_actor(name)  # an unknown name fails before any work
                    context.request = SimpleNamespace(user=actor)
                else:
                    context.request = SimpleNamespace(
                        user=SimpleLazyObject(lambda: command_actor(None))
                    )
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
        finally:
            if not had_request and hasattr(context, "request"):
                del context.request
