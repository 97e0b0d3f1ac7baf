"""What an office enters by hand for its annual report: section 二 (and its own narrative)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from gongkai.national_format import SECTION_2_ROWS
from gongkai.orgs.models import Unit


def validate_section2(value: object) -> None:
    """Every row of 二 present, with the right number of non-negative whole numbers (万元 may be decimal)."""
    if not isinstance(value, dict):
        raise ValidationError("第二部分应为 {行: [数值…]}")
    problems = []
    for row in SECTION_2_ROWS:
        cells = value.get(row.key)
        if not isinstance(cells, list) or len(cells) != row.values:
            problems.append(f"「{row.label}」应有 {row.values} 个数值")
            continue
        for column, cell in enumerate(cells):
            try:
                number = Decimal(str(cell))
            except InvalidOperation:
                problems.append(f"「{row.label}」的「{cell}」不是数字")
                continue
            if not row.accepts(column, number):
                problems.append(f"「{row.label}」的 {cell} 应为{row.kind(column)}")
    if problems:
        raise ValidationError("；".join(problems))


class ManualEntry(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE)
    year = models.PositiveIntegerField("年度")
    section2 = models.JSONField("第二部分", validators=[validate_section2])
    narrative = models.JSONField("自写正文（按部分）", default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="manual_entry_per_unit_year")
        ]
        verbose_name = verbose_name_plural = "年度报告手工填报"

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"

    def save(self, *args, **kwargs):
        self.full_clean()  # the format's rules hold for every save, from the admin or a command
        super().save(*args, **kwargs)
