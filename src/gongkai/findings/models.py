"""Findings (问题): what every check produces and what scores and documents consume."""

from django.db import models
from simple_history.models import HistoricalRecords

from gongkai.orgs.models import Unit


class FindingStatus(models.TextChoices):
    OPEN = "open", "待整改"
    RECTIFYING = "rectifying", "整改中"
    RECTIFIED = "rectified", "已整改"
    DISMISSED = "dismissed", "不予认定"


class Finding(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="findings")
    period_start = models.DateField("期间起")
    period_end = models.DateField("期间止")
    source = models.CharField("来源", max_length=64, help_text="产生此问题的检查及其规则版本")
    kind = models.CharField("类型", max_length=64)
    message = models.TextField("问题")
    how_to_fix = models.TextField("整改要求", blank=True)
    evidence = models.JSONField("依据", default=dict)
    status = models.CharField(
        "整改状态", max_length=16, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    deadline = models.DateField("整改期限", null=True, blank=True)
    rectified_on = models.DateField("整改完成日期", null=True, blank=True)
    status_note = models.TextField("整改说明", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["period_start", "unit", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "unit", "period_start", "period_end", "kind"],
                name="finding_unique_per_check",
            )
        ]
        indexes = [models.Index(fields=["unit", "period_start"])]
        verbose_name = verbose_name_plural = "问题"

    def __str__(self) -> str:
        return f"{self.unit.name}：{self.message}"
