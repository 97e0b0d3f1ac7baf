"""Working days (pure): the State Council's holiday schedule plus the office's own overrides.

A date in a year whose schedule nobody has entered is an error, never a weekday guess: a due
date computed from a guess is a due date nobody can defend. A year counts as entered only when
its schedule is complete (`missing_festivals`), and only years 1949–2100 are accepted at all.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.errors import UserError

HOLIDAY, WORKDAY = "holiday", "workday"
WEEKDAY_NAMES = "一二三四五六日"


class CalendarGapError(UserError):
    """The schedule of a year is not known."""

    def __init__(self, year: int) -> None:
        super().__init__(
            f"{year} 年节假日安排尚未录入：请先录入国务院办公厅公布的放假安排（gongkai calendar import）"
        )
        self.year = year


class CalendarRangeError(UserError):
    """A date outside the years the calendar handles."""


FIRST_YEAR, LAST_YEAR = 1949, 2100
FIRST_DAY, LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)


def check_in_range(day: date, what: str = "日期") -> date:
    """`day` itself, or a CalendarRangeError naming `what` (1949-01-01 … 2100-12-31)."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise CalendarRangeError(
            f"{what} {day.isoformat()} 超出可处理的范围（{FIRST_YEAR}–{LAST_YEAR} 年）"
        )
    return day


# What "a complete schedule" means: the festivals the State Council's yearly notice always lists,
# each with at least its statutory days off (《全国年节及纪念日放假办法》; the notice's ranges
# include the weekend days inside them, so a festival's entered days off are never fewer).
# Keyed by the first year a version applies: 1949 (政务院), 2000 (国务院令第270号),
# 2008 (国务院令第513号), 2025 (国务院令第795号).
NOTICE_FESTIVALS: dict[int, dict[str, int]] = {
    1949: {"元旦": 1, "春节": 3, "劳动节": 1, "国庆节": 2},
    2000: {"元旦": 1, "春节": 3, "劳动节": 3, "国庆节": 3},
    2008: {"元旦": 1, "春节": 3, "清明节": 1, "劳动节": 1, "端午节": 1, "中秋节": 1, "国庆节": 3},
    2025: {"元旦": 1, "春节": 4, "清明节": 1, "劳动节": 2, "端午节": 1, "中秋节": 1, "国庆节": 3},
}


def festivals_of(year: int) -> dict[str, int]:
    """The festivals (name → statutory days off) a complete schedule of `year` has."""
    return NOTICE_FESTIVALS[max(y for y in NOTICE_FESTIVALS if y <= year)]


def missing_festivals(year: int, days: Iterable["SpecialDay"]) -> list[str]:
    """What a year's entered days lack to be a complete schedule, in words ([] = complete).

    A day off counts for every festival its note names ("国庆节、中秋节" counts for both; "清明"
    for 清明节).
    """
    counts = dict.fromkeys(festivals_of(year), 0)
    for special in days:
        if special.kind != HOLIDAY or special.day.year != year:
            continue
        for name in counts:
            if name.removesuffix("节") in special.name:
                counts[name] += 1
    missing = []
    for name, needed in festivals_of(year).items():
        if counts[name] < needed:
            missing.append(f"{name}（应至少放假 {needed} 天，已录入 {counts[name]} 天）")
    return missing


@dataclass(frozen=True)
class SpecialDay:
    day: date
    kind: str  # holiday on a weekday, or workday on a weekend (调休上班)
    name: str = ""


def weekday_name(day: date) -> str:
    return f"星期{WEEKDAY_NAMES[day.weekday()]}"


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class WorkCalendar:
    """Working-day arithmetic over the years whose schedule is known.

    `special_days` are the days that differ from the Monday–Friday rule (statutory days off on
    weekdays, make-up working days on weekends); `years` are the years whose schedule is complete.
    Overrides win over the library.
    """

    def __init__(
        self,
        special_days: Mapping[date, SpecialDay],
        years: Iterable[int],
        overrides: Mapping[date, SpecialDay] | None = None,
    ) -> None:
        self.years = frozenset(y for y in years if FIRST_YEAR <= y <= LAST_YEAR)
        self._special = dict(special_days)
        self._special.update(overrides or {})
        if not self.years:
            raise ValueError("日历中没有任何年度的放假安排")
        # Years missing between the first and the last known one (a stretch must not skip them).
        self._gaps = len(self.years) != max(self.years) - min(self.years) + 1
        self._workdays = [
            d.toordinal()
            for year in sorted(self.years)
            for d in _days(date(year, 1, 1), date(year, 12, 31))
            if self._is_workday_known(d)
        ]

    def _is_workday_known(self, day: date) -> bool:
        if day.year not in self.years:
            return False
        special = self._special.get(day)
        if special is not None:
            return special.kind == WORKDAY
        return day.weekday() < 5

    def _check(self, day: date) -> None:
        if day.year not in self.years:
            raise CalendarGapError(day.year)

    def is_workday(self, day: date) -> bool:
        self._check(day)
        return self._is_workday_known(day)

    def add_workdays(self, start: date, count: int) -> date:
        """The `count`-th working day after `start` (the start day itself is not counted)."""
        if start.year not in self.years:  # (inlined checks: the reply clock's hot path)
            raise CalendarGapError(start.year)
        if count <= 0:
            raise ValueError("工作日数应为正数")
        workdays = self._workdays
        index = bisect_right(workdays, start.toordinal()) + count - 1
        if index >= len(workdays):
            raise CalendarGapError(max(self.years) + 1)
        found = date.fromordinal(workdays[index])
        if self._gaps and found.year != start.year:
            self._check_years_between(start, found)
        return found

    def _check_years_between(self, start: date, end: date) -> None:
        """A stretch over a year whose schedule is missing is an error (never skipped over)."""
        for year in range(start.year + 1, end.year + 1):
            if year not in self.years:
                raise CalendarGapError(year)

    def workdays_between(self, start: date, end: date) -> int:
        """Working days in (start, end]: what has elapsed after `start` by the end of `end`."""
        years = self.years
        if start.year not in years:
            raise CalendarGapError(start.year)
        if end.year not in years:
            raise CalendarGapError(end.year)
        if end <= start:
            return 0
        if self._gaps and end.year - start.year > 1:
            self._check_years_between(start, end)
        workdays = self._workdays
        return bisect_right(workdays, end.toordinal()) - bisect_right(workdays, start.toordinal())

    def workdays_in(self, start: date, end: date) -> int:
        """Working days in [start, end], both ends included."""
        return self.workdays_between(start - timedelta(days=1), end) if start <= end else 0

    def next_workday_on_or_after(self, day: date) -> date:
        self._check(day)
        index = bisect_left(self._workdays, day.toordinal())
        if index >= len(self._workdays):
            raise CalendarGapError(day.year + 1)
        found = date.fromordinal(self._workdays[index])
        if self._gaps and found.year != day.year:
            self._check_years_between(day, found)
        return found

    def special_days_between(self, start: date, end: date) -> list[SpecialDay]:
        """Days in (start, end] that break the weekday rule, for an explanation a person can check."""
        found = []
        for day in _days(start + timedelta(days=1), end):
            special = self._special.get(day)
            # Every day off of a holiday (weekends inside it too, so ranges read whole), and the
            # make-up working days that fall on weekends.
            if special is not None and (special.kind == HOLIDAY or day.weekday() >= 5):
                found.append(special)
        return found


def _days(first: date, last: date):
    for ordinal in range(first.toordinal(), last.toordinal() + 1):
        yield date.fromordinal(ordinal)


def library_calendar(
    overrides: Mapping[date, SpecialDay] | None = None, extra_years: Iterable[int] = ()
) -> WorkCalendar:
    """The chinesecalendar library's schedule (2004 to its last year) with overrides on top.

    `extra_years` are later years whose schedule the office has entered as overrides.
    """
    from chinese_calendar import constants

    names = {
        "New Year's Day": "元旦",
        "Spring Festival": "春节",
        "Tomb-sweeping Day": "清明节",
        "Labour Day": "劳动节",
        "Dragon Boat Festival": "端午节",
        "National Day": "国庆节",
        "Mid-autumn Festival": "中秋节",
        "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
    }
    special: dict[date, SpecialDay] = {}
    for day, holiday in constants.holidays.items():
        special[day] = SpecialDay(day, HOLIDAY, names.get(holiday, holiday))
    for day, holiday in constants.workdays.items():
        special[day] = SpecialDay(day, WORKDAY, names.get(holiday, holiday))
    years = set(range(2004, max(d.year for d in constants.holidays) + 1)) | set(extra_years)
    return WorkCalendar(special, years, overrides)
