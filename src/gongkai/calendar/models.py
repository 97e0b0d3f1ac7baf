"""The office's own calendar entries, on top of the holiday library."""

from django.db import models
from simple_history.models import HistoricalRecords


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "休息（法定节假日）"
    WORKDAY = "workday", "上班（调休）"


class CalendarOverride(models.Model):
    day = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=8, choices=DayKind.choices)
    note = models.CharField("说明", max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["day"]
        verbose_name = verbose_name_plural = "日历调整"

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()}"


class CalendarYear(models.Model):
    """A year whose whole schedule the office has entered (beyond the library's years)."""

    year = models.PositiveIntegerField("年度", unique=True)
    source = models.CharField("依据", max_length=200, blank=True)
    entered_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year"]
        verbose_name = verbose_name_plural = "已录入放假安排的年度"

    def __str__(self) -> str:
        return str(self.year)
