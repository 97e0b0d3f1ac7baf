"""Periods (pure, shared by every capability): a year, a quarter, a month or any date range, and its months."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from gongkai.errors import UserError

QUARTER_NAMES = ("一", "二", "三", "四")


@dataclass(frozen=True)
class MonthSlice:
    """One calendar month of a period, and how many of its days the period covers."""

    year: int
    month: int
    covered_days: int
    days_in_month: int

    @property
    def whole(self) -> bool:
        return self.covered_days == self.days_in_month

    @cached_property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise UserError(f"期间结束日期 {self.end} 早于开始日期 {self.start}")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31), f"{year}年度")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        if not 1 <= quarter <= 4:
            raise UserError(f"季度应为 1–4，而不是 {quarter}")
        first = 3 * quarter - 2
        last = first + 2
        end = date(year, last, calendar.monthrange(year, last)[1])
        return cls(date(year, first, 1), end, f"{year}年第{QUARTER_NAMES[quarter - 1]}季度")

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        if not 1 <= month <= 12:
            raise UserError(f"月份应为 1–12，而不是 {month}")
        end = date(year, month, calendar.monthrange(year, month)[1])
        return cls(date(year, month, 1), end, f"{year}年{month}月")

    @classmethod
    def between(cls, start: date, end: date) -> "Period":
        label = f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日"
        return cls(start, end, label)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def months(self) -> list[MonthSlice]:
        slices = []
        cursor = self.start
        while cursor <= self.end:
            days_in_month = calendar.monthrange(cursor.year, cursor.month)[1]
            month_end = date(cursor.year, cursor.month, days_in_month)
            last = min(month_end, self.end)
            slices.append(
                MonthSlice(cursor.year, cursor.month, (last - cursor).days + 1, days_in_month)
            )
            cursor = month_end + timedelta(days=1)
        return slices

    @property
    def single_year(self) -> bool:
        return self.start.year == self.end.year
