"""Policy documents (with status history), their interpretations, 决策预公开 records, and the
yearly 许可/处罚/强制/收费 figures units keep for section 二 of their annual reports."""

from django.db import models
from simple_history.models import HistoricalRecords

from gongkai.orgs.models import Unit

KINDS = ("规章", "行政规范性文件", "其他政策性文件")
STATUSES = ("有效", "修改", "废止", "失效")
DECISION_KINDS = ("重大行政决策", "行政规范性文件")


class PolicyDocument(models.Model):
    key = models.CharField(
        "登记键", max_length=200, unique=True, help_text="规范化文号；无文号时为 单位|标题|发布日期"
    )
    kind = models.CharField("种类", max_length=16, choices=[(k, k) for k in KINDS])
    title = models.CharField("标题", max_length=300)
    number = models.CharField("文号（规范化）", max_length=64, blank=True, db_index=True)
    number_as_written = models.CharField("文号（原文）", max_length=64, blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="制发单位"
    )
    drafting_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="起草单位",
    )
    signed_on = models.DateField("成文日期", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    expires_on = models.DateField("有效期至", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=4, choices=[(s, s) for s in STATUSES], default="有效"
    )
    status_on = models.DateField("状态变更日期", null=True, blank=True)
    changed_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="修改或废止它的文件",
    )
    url = models.CharField("链接", max_length=1000, blank=True)
    text = models.TextField("正文", blank=True)
    links = models.JSONField("页面链接（抓取）", null=True, blank=True)
    source = models.CharField("来源", max_length=32, default="import")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "id"]
        verbose_name = verbose_name_plural = "政策文件"

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）" if self.number else self.title


class Interpretation(models.Model):
    key = models.CharField(
        "登记键", max_length=500, unique=True, help_text="链接，或 单位|标题|日期"
    )
    document = models.ForeignKey(
        PolicyDocument,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interpretations",
        verbose_name="对应文件",
    )
    proposed_document = models.ForeignKey(
        PolicyDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="按文号/标题匹配的文件（待确认）",
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, verbose_name="解读单位")
    title = models.CharField("标题", max_length=300)
    published_on = models.DateField("发布日期", null=True, blank=True)
    url = models.CharField("链接", max_length=1000, blank=True)
    text = models.TextField("正文", blank=True)
    links = models.JSONField("页面链接（抓取）", null=True, blank=True)
    forms = models.JSONField("形式", default=list, blank=True)
    forms_edited = models.BooleanField("形式经人工修改", default=False)
    elements_reviewed = models.JSONField(
        "要素核定", default=dict, blank=True, help_text="政务公开办逐项核定：要素 → 是否具备"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "id"]
        verbose_name = verbose_name_plural = "政策解读"

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    year = models.PositiveIntegerField("目录年度")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, verbose_name="承办单位")
    title = models.CharField("决策事项", max_length=300)
    kind = models.CharField(
        "类别", max_length=16, choices=[(k, k) for k in DECISION_KINDS], default="重大行政决策"
    )
    listed = models.BooleanField("列入重大行政决策事项目录", default=True)
    decided_on = models.DateField("决策日期", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "unit", "title"], name="decision_once")
        ]
        ordering = ["year", "id"]
        verbose_name = verbose_name_plural = "重大行政决策事项"

    def __str__(self) -> str:
        return self.title


class Consultation(models.Model):
    decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name="决策事项",
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, verbose_name="征求意见单位")
    title = models.CharField("征求意见稿", max_length=300)
    opened_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期")
    shortened_reason = models.CharField("缩短期限的理由", max_length=300, blank=True)
    comments_adopted = models.PositiveIntegerField("采纳意见数", null=True, blank=True)
    feedback_on = models.DateField("意见采纳情况公开日期", null=True, blank=True)
    url = models.CharField("链接", max_length=1000, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "title", "opened_on"], name="consultation_once")
        ]
        ordering = ["opened_on", "id"]
        verbose_name = verbose_name_plural = "决策预公开（征求意见）"

    def __str__(self) -> str:
        return self.title


class ActivityFigure(models.Model):
    """One number of section 二 (第二十条第（五）（六）（八）项) a unit reports for a year."""

    KINDS = (
        ("licensing", "行政许可"),
        ("penalty", "行政处罚"),
        ("enforcement", "行政强制"),
        ("fees", "行政事业性收费"),
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, verbose_name="单位")
    year = models.PositiveIntegerField("年度")
    kind = models.CharField("类别", max_length=16, choices=KINDS)
    value = models.DecimalField("数量（收费为万元）", max_digits=14, decimal_places=4)
    source = models.CharField("来源文件", max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "kind"], name="activity_figure_once")
        ]
        verbose_name = verbose_name_plural = "许可、处罚、强制、收费年度数据"

    def __str__(self) -> str:
        return f"{self.unit} {self.year} {self.get_kind_display()}"
