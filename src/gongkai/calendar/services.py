"""Writes to the calendar: single days and a whole year's State Council schedule."""

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.db import transaction

from gongkai.adapters.readers import ImportFileError, open_table
from gongkai.calendar.core import (
    FIRST_YEAR,
    LAST_YEAR,
    CalendarRangeError,
    SpecialDay,
    check_in_range,
    festivals_of,
    missing_festivals,
)
from gongkai.calendar.models import CalendarOverride, CalendarYear, DayKind
from gongkai.errors import UserError
from gongkai.orgs.selectors import check_office

KIND_WORDS = {
    "休": DayKind.HOLIDAY,
    "holiday": DayKind.HOLIDAY,
    "放假": DayKind.HOLIDAY,
    "班": DayKind.WORKDAY,
    "workday": DayKind.WORKDAY,
    "上班": DayKind.WORKDAY,
}


class CalendarFileError(UserError):
    """A schedule file that cannot be read; the message names the file, row and field."""


@dataclass(frozen=True)
class ScheduleImport:
    years: list[int]
    days: int


def set_day(*, day: date, kind: str, note: str = "", actor=None) -> CalendarOverride:
    """One day's kind; the office's alone (`actor`: the web user, None for the CLI)."""
    check_office(actor)
    check_in_range(day)
    record, _ = CalendarOverride.objects.update_or_create(
        day=day, defaults={"kind": kind, "note": note}
    )
    return record


@transaction.atomic
def import_schedule(*, path: Path, source: str = "", actor=None) -> ScheduleImport:
    """A year's schedule as CSV or .xlsx (日期,类型,说明; 类型 = 休/班).

    Every year of the file must then be complete (all the festivals of the State Council's
    notice, `missing_festivals`); otherwise nothing is written and the message says what is
    missing. A year counts as entered only this way.
    """
    check_office(actor)
    rows = _read_rows(path)
    years = sorted({day.year for day, _, _ in rows})
    for day, kind, note in rows:
        set_day(day=day, kind=kind, note=note)
    problems = []
    for year in years:
        entered = [
            SpecialDay(day, kind, note)
            for day, kind, note in CalendarOverride.objects.filter(day__year=year).values_list(
                "day", "kind", "note"
            )
        ]
        missing = missing_festivals(year, entered)
        if missing:
            problems.append(f"{year} 年缺少 {'、'.join(missing)}")
    if problems:
        names = "、".join(festivals_of(years[-1]))
        raise CalendarFileError(
            f"{path}: 放假安排不完整，未录入：{'；'.join(problems)}。国务院办公厅每年的放假通知都包含"
            f"{names}：请逐日列出每个节日放假的每一天（含其中的周末），"
            "并在“说明”列写明节日名称；单日调整请用 calendar set"
        )
    for year in years:
        CalendarYear.objects.update_or_create(year=year, defaults={"source": source or path.name})
    return ScheduleImport(years=years, days=len(rows))


def _read_rows(path: Path) -> list[tuple[date, str, str]]:
    """The schedule's rows from a CSV (UTF-8 or GB18030) or .xlsx, read by the shared reader."""
    try:
        reader = open_table(path, display_name=str(path))
    except ImportFileError as exc:
        raise CalendarFileError(str(exc)) from None
    rows = []
    try:
        for number, cells in reader.rows():
            texts = [_cell_text(cell) for cell in cells]
            if not "".join(texts).strip():
                continue
            if not rows and texts[0].strip() in {"日期", "date"}:
                continue
            rows.append(_schedule_row(path, number, texts))
    except ImportFileError as exc:
        raise CalendarFileError(str(exc)) from None
    finally:
        reader.close()
    if not rows:
        raise CalendarFileError(f"{path}: 没有日期行")
    return rows


def _cell_text(cell: object) -> str:
    """A cell as text; a date cell of a spreadsheet as YYYY-MM-DD."""
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return "" if cell is None else str(cell)


def _schedule_row(path: Path, number: int, cells: list[str]) -> tuple[date, str, str]:
    try:
        day = date.fromisoformat(cells[0].strip())
    except ValueError:
        raise CalendarFileError(
            f"{path}: 第 {number} 行 日期「{cells[0]}」应写成 YYYY-MM-DD"
        ) from None
    try:
        check_in_range(day)
    except CalendarRangeError:
        raise CalendarFileError(
            f"{path}: 第 {number} 行 日期「{cells[0].strip()}」超出可处理的范围"
            f"（{FIRST_YEAR}–{LAST_YEAR} 年）"
        ) from None
    kind = KIND_WORDS.get(cells[1].strip() if len(cells) > 1 else "")
    if kind is None:
        value = cells[1] if len(cells) > 1 else ""
        raise CalendarFileError(f"{path}: 第 {number} 行 类型「{value}」应为 休 或 班")
    return day, kind, cells[2].strip() if len(cells) > 2 else ""
