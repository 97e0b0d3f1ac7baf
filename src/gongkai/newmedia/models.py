"""政务新媒体: accounts (with their history) and their posts."""

from django.db import models
from simple_history.models import HistoricalRecords

from gongkai.orgs.models import Unit


class Platform(models.TextChoices):
    WECHAT = "微信公众号", "微信公众号"
    WEIBO = "微博", "微博"
    DOUYIN = "抖音", "抖音"
    TOUTIAO = "今日头条", "今日头条"
    KUAISHOU = "快手", "快手"
    CHANNELS = "视频号", "视频号"
    OTHER = "其他", "其他"


class NewMediaAccount(models.Model):
    name = models.CharField("账号名称", max_length=100)
    platform = models.CharField("平台", max_length=16, choices=Platform.choices)
    handle = models.CharField("账号ID或网址", max_length=500, blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="newmedia_accounts",
        verbose_name="主办单位",
    )
    supervised = models.BooleanField("受省级平台监管", default=False)
    registered = models.BooleanField("已备案", default=False)
    registered_on = models.DateField("备案日期", null=True, blank=True)
    opened_on = models.DateField("开通日期", null=True, blank=True)
    closed_on = models.DateField("注销日期", null=True, blank=True)
    operator = models.CharField("运维联系人", max_length=100, blank=True)
    operator_phone = models.CharField("联系电话", max_length=32, blank=True)
    feed_url = models.CharField("订阅源（RSS/Atom/JSON）", max_length=500, blank=True)
    order = models.PositiveIntegerField("排序", default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "name"], name="newmedia_account_unique")
        ]
        verbose_name = verbose_name_plural = "政务新媒体账号"

    def __str__(self) -> str:
        return f"{self.name}（{self.platform}）"


class Post(models.Model):
    account = models.ForeignKey(NewMediaAccount, on_delete=models.CASCADE, db_index=False)
    title = models.CharField("标题", max_length=500)
    published_on = models.DateField("发布日期")
    published_time = models.TimeField("发布时间", null=True, blank=True)
    # Monday-to-Sunday week number (rules.week_number): lets the database count posts per week
    # with a plain GROUP BY on every backend.
    week = models.IntegerField()
    url = models.CharField("链接", max_length=1000, blank=True)
    reads = models.PositiveIntegerField("阅读数", null=True, blank=True)
    # 64-bit digests of account+link and of account+title+time: compact keys for duplicates.
    url_key = models.BigIntegerField(null=True)
    content_key = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["url_key"],
                condition=models.Q(url_key__isnull=False),
                name="newmedia_post_unique_url",
            ),
            models.UniqueConstraint(
                fields=["content_key"],
                condition=models.Q(content_key__isnull=False),
                name="newmedia_post_unique_content",
            ),
        ]
        indexes = [
            # One index serves the weekly check (GROUP BY account, week in index order, covering),
            # an account's chart (account, week range) and its last post.
            models.Index(fields=["account", "week", "published_on"], name="newmedia_post_weeks"),
        ]
        verbose_name = verbose_name_plural = "政务新媒体文章"

    def __str__(self) -> str:
        return self.title
