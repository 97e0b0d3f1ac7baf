"""Assessment records: schemes (versioned YAML), manual scores, exemptions and frozen runs."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from gongkai.assessment import scheme as rules
from gongkai.orgs.models import Unit
from gongkai.versioned import VersionedDefinition


class Scheme(VersionedDefinition):
    """A scheme version: the YAML as loaded (bundled or the office's own), one per name and year."""

    name = models.CharField("方案", max_length=64)
    year = models.PositiveIntegerField("年度")
    title = models.CharField("标题", max_length=200)

    what = "考核方案"

    class Meta:
        ordering = ["name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["name", "year"], name="scheme_unique_version")
        ]
        verbose_name = verbose_name_plural = "考核方案"

    def __str__(self) -> str:
        return f"{self.title}（{self.year}）"

    @classmethod
    def parse(cls, text: str, source: str) -> rules.Scheme:
        return rules.parse_scheme(text, source)

    @classmethod
    def identity(cls, parsed: rules.Scheme) -> dict:
        return {"name": parsed.name, "year": parsed.year}

    @classmethod
    def columns(cls, parsed: rules.Scheme) -> dict:
        return {"title": parsed.title}


class UnitIndicatorEntry(models.Model):
    """Something a person records for one unit and one indicator of a scheme's period."""

    scheme = models.CharField("方案", max_length=64)
    year = models.PositiveIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度", default=0, help_text="0 表示全年")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="%(class)ss")
    code = models.CharField("指标编号", max_length=16)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["unit", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "year", "quarter", "unit", "code"],
                name="%(class)s_unique",
            )
        ]


class ManualScore(UnitIndicatorEntry):
    """A value entered by a person: a manual indicator's points, a veto (1 = applies) or a bonus count."""

    value = models.DecimalField("得分/次数", max_digits=7, decimal_places=2)
    evidence = models.TextField("依据")
    reviewer = models.CharField("评分人", max_length=64)
    history = HistoricalRecords()

    class Meta(UnitIndicatorEntry.Meta):
        verbose_name = verbose_name_plural = "人工评分"

    def __str__(self) -> str:
        return f"{self.unit} {self.code}：{self.value}"


class Exemption(UnitIndicatorEntry):
    """A unit excused from an indicator (full points), with the reason and who approved it."""

    reason = models.TextField("理由")
    approved_by = models.CharField("批准人", max_length=64)
    history = HistoricalRecords()

    class Meta(UnitIndicatorEntry.Meta):
        verbose_name = verbose_name_plural = "免于考核"

    def __str__(self) -> str:
        return f"{self.unit} {self.code} 免于考核"


class RunSource(models.TextChoices):
    COMPUTED = "computed", "系统计算"
    IMPORTED = "imported", "导入得分表"


class AssessmentRun(models.Model):
    """A frozen assessment: the scheme text, every input it used and every result, never edited."""

    scheme = models.CharField("方案", max_length=64)
    scheme_year = models.PositiveIntegerField("方案版本年度", null=True, blank=True)
    title = models.CharField("标题", max_length=200)
    year = models.PositiveIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度", null=True, blank=True)
    period_start = models.DateField("期间起")
    period_end = models.DateField("期间止")
    source = models.CharField("来源", max_length=16, choices=RunSource.choices)
    definition = models.TextField("方案定义（冻结）", blank=True)
    inputs = models.JSONField("输入（冻结）", default=dict)
    digest = models.CharField("输入摘要", max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "考核批次"

    def __str__(self) -> str:
        return f"#{self.pk} {self.period_label}{self.title}"

    @property
    def period_label(self) -> str:
        return (
            f"{self.year}年第{'一二三四'[self.quarter - 1]}季度"
            if self.quarter
            else f"{self.year}年度"
        )


class RunResult(models.Model):
    run = models.ForeignKey(AssessmentRun, on_delete=models.CASCADE, related_name="results")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT)
    unit_name = models.CharField("单位", max_length=100)
    group = models.CharField("分组", max_length=32)
    order = models.PositiveIntegerField(default=0)
    rank = models.PositiveIntegerField("名次")
    score = models.DecimalField("得分", max_digits=7, decimal_places=2)
    grade = models.CharField("等次", max_length=16, blank=True)
    vetoed = models.BooleanField("单项否决", default=False)
    detail = models.JSONField("得分明细", default=dict)

    class Meta:
        ordering = ["run", "order"]
        verbose_name = verbose_name_plural = "考核结果"

    def __str__(self) -> str:
        return f"{self.unit_name} {self.score}"


class Appeal(models.Model):
    """A unit contesting a point lost; the office answers it."""

    class Status(models.TextChoices):
        OPEN = "open", "待处理"
        ACCEPTED = "accepted", "已采纳"
        REJECTED = "rejected", "不予采纳"

    result = models.ForeignKey(RunResult, on_delete=models.CASCADE, related_name="appeals")
    code = models.CharField("指标编号", max_length=16)
    text = models.TextField("申诉理由")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField("答复", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "考核申诉"

    def __str__(self) -> str:
        return f"{self.result.unit_name} {self.code} 申诉"
