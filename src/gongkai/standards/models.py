"""Update standards, stored as the YAML text they were loaded from (versioned by name and year)."""

from django.db import models

from gongkai.standards.rules import Standard, parse_standard
from gongkai.versioned import VersionedDefinition


class UpdateStandard(VersionedDefinition):
    """One standard per name: loading a standard of the same name replaces it."""

    name = models.CharField("名称", max_length=64, unique=True)
    year = models.PositiveIntegerField("年度")
    title = models.CharField("标题", max_length=200)
    applies_to = models.CharField("适用期间", max_length=64)

    what = "更新标准"

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = verbose_name_plural = "更新标准"

    def __str__(self) -> str:
        return f"{self.name}（{self.title}）"

    @classmethod
    def parse(cls, text: str, source: str) -> Standard:
        return parse_standard(text, source)

    @classmethod
    def identity(cls, parsed: Standard) -> dict:
        return {"name": parsed.name}

    @classmethod
    def columns(cls, parsed: Standard) -> dict:
        return {
            "year": parsed.year,
            "title": parsed.title,
            "applies_to": ",".join(parsed.applies_to),
        }
