"""The office's own wording of bulletins and reminder letters (YAML; the newest wins)."""

from django.db import models
from simple_history.models import HistoricalRecords


class BulletinTemplates(models.Model):
    definition = models.TextField("模板（YAML）")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = verbose_name_plural = "通报模板"

    def __str__(self) -> str:
        return f"通报模板（{self.updated_at:%Y-%m-%d %H:%M}）"
