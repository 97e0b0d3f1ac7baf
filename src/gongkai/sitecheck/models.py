"""Sites, columns and pages the monitor watches; each page row carries its own next check time."""

from django.db import models

from gongkai.orgs.models import Column, ColumnCategory, Unit


class Site(models.Model):
    root_url = models.CharField("网站首页", max_length=500, unique=True)
    name = models.CharField("名称", max_length=128, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True)
    allowed_hosts = models.JSONField("可抓取的主机", default=list)
    obey_robots = models.BooleanField("遵守 robots.txt", default=True)
    allow_private = models.BooleanField("允许内网/本机地址", default=False)
    max_concurrency = models.PositiveSmallIntegerField("每主机并发数", default=2)
    requests_per_second = models.FloatField("每主机每秒请求数", default=2.0)
    recheck_hours = models.PositiveIntegerField("复查间隔（小时）", default=24)
    # Articles and attachments rarely change once published: they are rechecked less often than
    # the homepage and list pages (where new items and removed links show), never more often.
    article_recheck_days = models.PositiveIntegerField("文章和附件复查间隔（天）", default=7)
    item_selector = models.CharField("列表项 CSS 选择器", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "网站"

    def __str__(self) -> str:
        return self.name or self.root_url


class SiteColumn(models.Model):
    """A 栏目 of a site: declared in YAML or discovered; discovered ones wait to be mapped."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="columns")
    url = models.CharField("栏目地址", max_length=1000)
    name = models.CharField("栏目名称", max_length=128)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True)
    category = models.CharField(max_length=16, choices=ColumnCategory.choices, blank=True)
    update_rule = models.CharField("更新要求", max_length=16, default="none")
    catalogue_area = models.CharField("基层政务公开领域", max_length=64, blank=True)
    # The registry's column its articles are counted under (publications); None: not mapped.
    org_column = models.ForeignKey(Column, on_delete=models.SET_NULL, null=True, blank=True)
    discovered = models.BooleanField("自动发现", default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "url"], name="sitecolumn_unique")]
        verbose_name = verbose_name_plural = "网站栏目"

    def __str__(self) -> str:
        return self.name


class PageKind(models.TextChoices):
    HOME = "home", "首页"
    LIST = "list", "列表页"
    ARTICLE = "article", "文章页"
    ATTACHMENT = "attachment", "附件"
    OTHER = "other", "其他"


class Snapshot(models.Model):
    """zlib-compressed HTML kept as evidence; one row per distinct content."""

    content_hash = models.CharField(max_length=64, unique=True)
    data = models.BinaryField()
    size = models.PositiveIntegerField()
    truncated = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.content_hash[:12]


class Page(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="pages")
    url = models.CharField(max_length=1000)  # normalised (adapters.urls)
    kind = models.CharField(max_length=16, choices=PageKind.choices, default=PageKind.OTHER)
    column = models.ForeignKey(SiteColumn, on_delete=models.SET_NULL, null=True, blank=True)
    found_on = models.CharField(max_length=1000, blank=True)
    outcome = models.CharField(max_length=32, blank=True)  # '200', '304', '404', 'timeout'…
    http_status = models.PositiveSmallIntegerField(null=True)
    redirect_to = models.CharField(max_length=1000, blank=True)
    consecutive_failures = models.PositiveSmallIntegerField(default=0)
    first_failed = models.DateTimeField(null=True)
    title = models.CharField(max_length=500, blank=True)
    published = models.DateField(null=True)
    source_text = models.CharField(max_length=200, blank=True)
    column_name = models.CharField(max_length=128, blank=True)
    body_text = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64, blank=True)
    content_since = models.DateTimeField(null=True)  # when the current content was first seen
    etag = models.CharField(max_length=200, blank=True)
    last_modified = models.CharField(max_length=64, blank=True)
    snapshot = models.ForeignKey(Snapshot, on_delete=models.SET_NULL, null=True, blank=True)
    fetches = models.PositiveIntegerField(default=0)
    extractions = models.PositiveIntegerField(default=0)
    first_seen = models.DateTimeField(auto_now_add=True)
    last_checked = models.DateTimeField(null=True)
    next_check_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "url"], name="page_unique_url")]
        indexes = [models.Index(fields=["next_check_at"], name="page_due")]

    def __str__(self) -> str:
        return self.url


class Link(models.Model):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="links")
    url = models.CharField(max_length=1000)
    internal = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "url"], name="link_unique")]

    def __str__(self) -> str:
        return self.url


class Probe(models.Model):
    """One availability probe of a homepage, or one request for a made-up path (soft 404)."""

    AVAILABILITY, NOT_FOUND, TRANSPORT = "availability", "not_found", "transport"
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="probes")
    kind = models.CharField(max_length=16, default=AVAILABILITY)
    url = models.CharField(max_length=1000, blank=True)
    refresh_to = models.CharField(max_length=1000, blank=True)
    at = models.DateTimeField()
    ok = models.BooleanField()
    seconds = models.FloatField(null=True)
    outcome = models.CharField(max_length=32, blank=True)
    # transport: the host's IPv6 addresses (AAAA); `ok` says whether one of them answered.
    addresses = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.site_id} {self.at:%Y-%m-%d %H:%M} {self.outcome}"


class HealthRecord(models.Model):
    """A site's health issues as judged on one day, kept for the trend and for "since when".

    `issues`: one {"rule", "unit", "url", "severity"} per issue; written when a sweep of the site
    ends (crawl command, crawl task, demo) and by `gongkai site check`."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="health_records")
    day = models.DateField()
    issues = models.JSONField(default=list)
    pages = models.PositiveIntegerField(default=0)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "day"], name="health_unique_day")]
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.site_id} {self.day} {len(self.issues)}"
