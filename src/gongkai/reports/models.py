"""The office's own wording of bulletins and reminder letters (YAML; the newest wins)."""

from django.db import models

from gongkai.reports import bulletins
from gongkai.versioned import VersionedDefinition


class BulletinTemplates(VersionedDefinition):
    definition = models.TextField("模板（YAML）")

    what = "通报模板"
    bundled = bulletins.TEMPLATES

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = verbose_name_plural = "通报模板"

    def __str__(self) -> str:
        return f"通报模板（{self.updated_at:%Y-%m-%d %H:%M}）"

    @classmethod
    def parse(cls, text: str, source: str) -> dict:
        return bulletins.load_templates(text, source)
