"""Proofreading records: word lists (editable with history), check runs, hits for review, allowlist."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from gongkai.orgs.models import Unit
from gongkai.proofread.checkers.lexicon import LEXICON_CATEGORIES


class LexiconEntry(models.Model):
    term = models.CharField("词条", max_length=200)
    category = models.CharField("类别", max_length=16, choices=[(c, c) for c in LEXICON_CATEGORIES])
    variants = models.JSONField("常见误写", default=list, blank=True)
    replacement = models.CharField("建议写法", max_length=200, blank=True)
    outdated_from = models.DateField("过时起始日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)
    source = models.CharField("出处", max_length=300, blank=True)
    active = models.BooleanField("启用", default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["category", "term"]
        constraints = [
            models.UniqueConstraint(fields=["category", "term"], name="proofread_lexicon_unique")
        ]
        verbose_name = verbose_name_plural = "审校词条"

    def __str__(self) -> str:
        return f"{self.category}：{self.term}"


class LeaderPost(models.Model):
    """One person holding one title over a period (the roster; 排序 = protocol order)."""

    name = models.CharField("姓名", max_length=32)
    title = models.CharField("职务", max_length=64)
    organisation = models.CharField("单位", max_length=128, blank=True)
    start = models.DateField("任职起")
    end = models.DateField("任职止", null=True, blank=True)
    order = models.PositiveIntegerField("排序", default=99)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "start", "name"]
        verbose_name = verbose_name_plural = "领导名单"

    def __str__(self) -> str:
        return f"{self.title}{self.name}"


class CheckRun(models.Model):
    """One check: which texts with which word-list versions (so the result can be reproduced)."""

    source = models.CharField("来源", max_length=32)  # text, file, publications, web
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    today = models.DateField("审校基准日")
    versions = models.JSONField("词库版本", default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "审校批次"

    def __str__(self) -> str:
        return f"审校批次 {self.pk}（{self.source}）"


class CheckedText(models.Model):
    run = models.ForeignKey(CheckRun, on_delete=models.CASCADE, related_name="texts")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True)
    label = models.CharField("名称", max_length=500)  # file name, publication title…
    reference = models.CharField("出处", max_length=200, blank=True)  # e.g. publication:123
    dated = models.DateField("日期")  # publication date, or the day it was checked
    text = models.TextField("文本")

    class Meta:
        verbose_name = verbose_name_plural = "审校文本"

    def __str__(self) -> str:
        return self.label


class HitStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    CONFIRMED = "confirmed", "已确认"
    DISMISSED = "dismissed", "已排除"


class Hit(models.Model):
    """A candidate problem waiting for the office's decision."""

    checked = models.ForeignKey(CheckedText, on_delete=models.CASCADE, related_name="hits")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField("内容", max_length=200)  # masked for personal data
    category = models.CharField("类别", max_length=16)
    rule = models.CharField("规则", max_length=32)
    severity = models.CharField("严重程度", max_length=8)
    suggestion = models.CharField("建议", max_length=300, blank=True)
    reason = models.TextField("原因")
    status = models.CharField(
        "审核状态", max_length=16, choices=HitStatus.choices, default=HitStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField("审核说明", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["checked_id", "start"]
        indexes = [models.Index(fields=["status", "unit"])]
        verbose_name = verbose_name_plural = "审校问题"

    def __str__(self) -> str:
        return f"“{self.text}”：{self.reason}"


class AllowedPhrase(models.Model):
    """A phrase dismissed for good: for one unit, or everywhere (unit empty)."""

    phrase = models.CharField("词语", max_length=200)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True)
    reason = models.TextField("理由")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["phrase", "unit"], name="proofread_allowed_unique")
        ]
        verbose_name = verbose_name_plural = "审校白名单"

    def __str__(self) -> str:
        return self.phrase
