"""Update standards, stored as the YAML text they were loaded from (versioned by name and year)."""

from django.db import models
from simple_history.models import HistoricalRecords


class UpdateStandard(models.Model):
    name = models.CharField("名称", max_length=64, unique=True)
    year = models.PositiveIntegerField("年度")
    title = models.CharField("标题", max_length=200)
    applies_to = models.CharField("适用期间", max_length=64)
    definition = models.TextField("定义（YAML）")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = verbose_name_plural = "更新标准"

    def __str__(self) -> str:
        return f"{self.name}（{self.title}）"
