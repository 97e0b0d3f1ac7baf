"""Writes to the calendar: single days and a whole year's State Council schedule."""

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

from gongkai.calendar.models import CalendarOverride, CalendarYear, DayKind
from gongkai.errors import UserError

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


def set_day(*, day: date, kind: str, note: str = "") -> CalendarOverride:
    record, _ = CalendarOverride.objects.update_or_create(
        day=day, defaults={"kind": kind, "note": note}
    )
    return record


@transaction.atomic
def import_schedule(*, path: Path, source: str = "") -> ScheduleImport:
    """A year's schedule as CSV (日期,类型,说明; 类型 = 休/班). Every listed year becomes complete."""
    rows = _read_rows(path)
    years = sorted({day.year for day, _, _ in rows})
    for day, kind, note in rows:
        set_day(day=day, kind=kind, note=note)
    for year in years:
        CalendarYear.objects.update_or_create(year=year, defaults={"source": source or path.name})
    return ScheduleImport(years=years, days=len(rows))


def _read_rows(path: Path) -> list[tuple[date, str, str]]:
    if path.is_dir():
        raise CalendarFileError(f"{path}: 是一个目录，请给出放假安排 CSV 文件的路径")
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise CalendarFileError(f"{path}: 无法读取（{exc.strerror}）") from exc
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            decoded = text.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise CalendarFileError(f"{path}: 无法识别文件编码（支持 UTF-8、GBK/GB18030）")
    rows = []
    for number, cells in enumerate(csv.reader(decoded.splitlines()), start=1):
        if not cells or not "".join(cells).strip():
            continue
        if number == 1 and cells[0].strip() in {"日期", "date"}:
            continue
        try:
            day = date.fromisoformat(cells[0].strip())
        except ValueError:
            raise CalendarFileError(
                f"{path}: 第 {number} 行 日期「{cells[0]}」应写成 YYYY-MM-DD"
            ) from None
        kind = KIND_WORDS.get(cells[1].strip() if len(cells) > 1 else "")
        if kind is None:
            value = cells[1] if len(cells) > 1 else ""
            raise CalendarFileError(f"{path}: 第 {number} 行 类型「{value}」应为 休 或 班")
        rows.append((day, kind, cells[2].strip() if len(cells) > 2 else ""))
    if not rows:
        raise CalendarFileError(f"{path}: 没有日期行")
    return rows
