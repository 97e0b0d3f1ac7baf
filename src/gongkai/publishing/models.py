"""Publications (信息): what each unit published, from CMS exports or entered by hand."""

from django.conf import settings
from django.db import models

from gongkai.orgs.models import Column, ColumnCategory, Unit


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", "已预检"
    QUEUED = "queued", "排队中"
    RUNNING = "running", "导入中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败（未写入）"


class ImportBatch(models.Model):
    """One import of one file: who, what, and what happened (the audit trail of bulk changes)."""

    file_name = models.CharField("文件名", max_length=255)
    stored_path = models.CharField(max_length=500, blank=True)
    sheet = models.CharField("工作表", max_length=128, blank=True)
    strict = models.BooleanField("严格模式", default=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    status = models.CharField(max_length=16, choices=ImportStatus.choices)
    rows_read = models.PositiveIntegerField("读取行数", default=0)
    rows_imported = models.PositiveIntegerField("导入条数", default=0)
    rows_duplicate = models.PositiveIntegerField("重复跳过", default=0)
    rows_rejected = models.PositiveIntegerField("问题行", default=0)
    dates_from_links = models.PositiveIntegerField("从链接推断日期", default=0)
    rejects_path = models.CharField(max_length=500, blank=True)
    message = models.TextField("说明", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The process running the import, so a batch left "running" by a killed one is recognised.
    pid = models.PositiveIntegerField("进程号", null=True, blank=True)
    host = models.CharField("主机", max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "导入批次"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class Publication(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, db_index=False)
    column = models.ForeignKey(Column, on_delete=models.PROTECT, db_index=False)
    # Copied from the column so statistics group one table without a join.
    category = models.CharField(max_length=16, choices=ColumnCategory.choices)
    title = models.CharField("标题", max_length=500)
    published_on = models.DateField("发布日期")
    url = models.CharField("链接", max_length=1000, blank=True)
    batch = models.ForeignKey(ImportBatch, on_delete=models.SET_NULL, null=True, db_index=False)
    # 64-bit digests of the link and of unit+title+date: compact unique keys for duplicate checks.
    url_key = models.BigIntegerField(null=True)
    content_key = models.BigIntegerField()

    class Meta:
        # Conditional, so that SQLite gets named unique indexes (not inline table constraints) that a
        # bulk load can drop and rebuild by sorting; the condition holds for every row that has a key.
        constraints = [
            models.UniqueConstraint(
                fields=["url_key"],
                condition=models.Q(url_key__isnull=False),
                name="publication_unique_url",
            ),
            models.UniqueConstraint(
                fields=["content_key"],
                condition=models.Q(content_key__isnull=False),
                name="publication_unique_content",
            ),
        ]
        indexes = [
            # Covers the statistics GROUP BY (date range → unit, category, month) and a unit's
            # items of a month (date range, then unit).
            models.Index(fields=["published_on", "unit", "category"], name="publication_stats"),
        ]
        verbose_name = verbose_name_plural = "信息"

    def __str__(self) -> str:
        return self.title


class MonthlyCount(models.Model):
    """Items per calendar month, unit and category, kept by every write of publications
    (publishing.counts): a year's statistics read ~100 k of these instead of grouping 10 M items."""

    month = models.DateField("月份")  # its first day
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, db_index=False)
    category = models.CharField(max_length=16, choices=ColumnCategory.choices)
    items = models.PositiveIntegerField("条数")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "unit", "category"], name="monthly_count_unique"
            )
        ]
        verbose_name = verbose_name_plural = "月度条数"

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.category} {self.items}"
