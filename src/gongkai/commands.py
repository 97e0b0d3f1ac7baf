"""Base for Gongkai's management commands: user errors print one Chinese line and exit 2."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from gongkai.adapters.readers import ImportFileError
from gongkai.assessment.scheme import SchemeError
from gongkai.calendar.core import CalendarGapError
from gongkai.calendar.services import CalendarFileError
from gongkai.env import ConfigError
from gongkai.foi.clock import ClockError
from gongkai.orgs.registry import RegistryError
from gongkai.reports.bulletins import BulletinTemplateError
from gongkai.standards.rules import StandardError


class UserInputError(ValueError):
    """Bad input from the person running the command (arguments, files)."""


USER_ERRORS = (
    UserInputError,
    ImportFileError,
    RegistryError,
    StandardError,
    ConfigError,
    CalendarGapError,
    CalendarFileError,
    ClockError,
    SchemeError,
    BulletinTemplateError,
)
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


def parse_day(text: str, option: str):
    """A YYYY-MM-DD argument, or a UserInputError naming the option."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserInputError(f"{option} {text}：日期应写成 YYYY-MM-DD") from None


class GongkaiCommand(BaseCommand):
    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except USER_ERRORS as exc:
            self.stderr.write(f"错误：{exc}")
            raise SystemExit(EXIT_BAD_INPUT) from None
        except CommandError as exc:
            self.stderr.write(f"错误：{exc}")
            raise SystemExit(exc.returncode) from None
        except KeyboardInterrupt:
            self.stderr.write("已中断：本次操作未写入任何数据。")
            raise SystemExit(EXIT_INTERRUPTED) from None
