"""On-request applications: the facts at receipt, and everything after as an append-only event log.

Status and outcome are not stored: they are read from the events (see services.clock_for), so they
can never disagree with the history. Events are appended or voided with a reason, never edited.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from gongkai.foi import letters
from gongkai.foi.annual import APPLICANT_TYPES, OUTCOMES
from gongkai.foi.clock import CHANNELS, EVENT_KINDS
from gongkai.orgs.models import Unit
from gongkai.versioned import VersionedDefinition

EVENT_LABELS = {
    "correction_requested": "发出补正告知",
    "correction_received": "收到补正",
    "consultation_started": "开始征求意见",
    "consultation_ended": "征求意见结束",
    "extension": "延长答复期限",
    "fee_notice": "发出收费通知",
    "fee_paid": "申请人缴费",
    "replied": "答复",
    "delivered": "送达",
    "withdrawn": "申请人撤回",
}


class Application(models.Model):
    reference = models.CharField("受理编号", max_length=64, unique=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, verbose_name="承办单位")
    received_on = models.DateField("提交日期")
    channel = models.CharField("收件渠道", max_length=8, choices=[(c, c) for c in CHANNELS])
    confirmed_on = models.DateField("确认收到日期", null=True, blank=True)
    applicant_type = models.CharField(
        "申请人类型", max_length=8, choices=[(t, t) for t in APPLICANT_TYPES]
    )
    applicant_name = models.CharField("申请人", max_length=100)
    applicant_id_number = models.CharField("证件号码", max_length=32, blank=True)
    contact = models.CharField("联系方式", max_length=200, blank=True)
    request_text = models.TextField("申请内容")
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name="经办人",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "reference"]
        verbose_name = verbose_name_plural = "依申请公开"

    def __str__(self) -> str:
        return self.reference


class ApplicationEvent(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(
        "事件", max_length=32, choices=[(k, EVENT_LABELS[k]) for k in EVENT_KINDS]
    )
    day = models.DateField("日期")
    days = models.PositiveIntegerField("延长工作日", default=0)
    outcome = models.CharField(
        "办理结果", max_length=32, blank=True, choices=list(OUTCOMES.items())
    )
    note = models.CharField("说明", max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    void_reason = models.CharField("作废原因", max_length=500, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="作废人",
    )

    class Meta:
        ordering = ["day", "id"]
        verbose_name = verbose_name_plural = "办理事件"

    def __str__(self) -> str:
        return f"{self.application} {self.get_kind_display()} {self.day}"

    def save(self, *args, **kwargs):
        # Append-only: a stored event may only be voided.
        fields = set(kwargs.get("update_fields") or ())
        if self.pk is not None and (
            not fields or fields - {"voided_at", "void_reason", "voided_by"}
        ):
            raise ValueError("办理事件只能追加或作废，不能修改")
        super().save(*args, **kwargs)


class ReviewCase(models.Model):
    """An administrative review or lawsuit about an application (annual report section 四)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(
        "类型",
        max_length=32,
        choices=[
            ("review", "行政复议"),
            ("litigation_direct", "行政诉讼（未经复议）"),
            ("litigation_after_review", "行政诉讼（复议后）"),
        ],
    )
    filed_on = models.DateField("提起日期")
    result = models.CharField(
        "结果",
        max_length=16,
        blank=True,
        choices=[
            ("maintained", "维持"),
            ("corrected", "纠正"),
            ("other", "其他"),
        ],
    )
    decided_on = models.DateField("审结日期", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "复议诉讼"

    def __str__(self) -> str:
        return f"{self.application} {self.get_kind_display()}"


class LetterNumber(models.Model):
    """The last 文号 used by a unit in a year: numbers are issued one by one, never twice."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)
    prefix = models.CharField("文号前缀", max_length=32, blank=True, help_text="如 新自然资依公")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="letter_number_per_unit_year")
        ]
        verbose_name = verbose_name_plural = "答复书文号"

    def __str__(self) -> str:
        return f"{self.unit} {self.year}: {self.last}"


class MailboxLetter(models.Model):
    """A letter to the county head's mailbox, forwarded to a unit (转办) and answered."""

    reference = models.CharField("编号", max_length=64, unique=True)
    received_on = models.DateField("来信日期")
    writer_name = models.CharField("来信人", max_length=100)
    contact = models.CharField("联系方式", max_length=200, blank=True)
    subject = models.CharField("标题", max_length=300)
    content = models.TextField("内容", blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, verbose_name="承办单位"
    )
    forwarded_on = models.DateField("转办日期", null=True, blank=True)
    reply_days = models.PositiveIntegerField("办理时限（工作日）", default=15)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    reply_text = models.TextField("答复内容", blank=True)
    published_on = models.DateField("答复公开日期", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "reference"]
        verbose_name = verbose_name_plural = "县长信箱"

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"


class LetterTemplates(VersionedDefinition):
    """The office's own wording of the letters (YAML, as in foi/bundled/letters.yaml); the newest wins."""

    definition = models.TextField("模板（YAML）")

    what = "答复文书模板"
    bundled = letters.TEMPLATES

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = verbose_name_plural = "答复文书模板"

    def __str__(self) -> str:
        return f"答复文书模板（{self.updated_at:%Y-%m-%d %H:%M}）"

    @classmethod
    def parse(cls, text: str, source: str) -> dict:
        return letters.parse_templates(text, source)


class IssuedLetter(models.Model):
    """A reply letter issued for an application: its 文号 is taken once and reused for every copy."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="letter")
    number = models.CharField("文号", max_length=64)
    issued_on = models.DateField("答复日期")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "已出具答复书"

    def __str__(self) -> str:
        return self.number


class LetterCheck(models.Model):
    """A unit's reply letter checked for its elements (`gongkai letter check FILE --unit U
    --record`): what was missing, if anything. Feeds indicator 4.3 through Findings."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="letter_checks")
    dated = models.DateField("答复日期")  # the letter's date (the check's day when unknown)
    file_name = models.CharField("文件", max_length=255)
    missing = models.JSONField("缺少的要素", default=list)  # [{"element", "message"}]
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    checked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dated", "id"]
        verbose_name = verbose_name_plural = "答复书检查"

    def __str__(self) -> str:
        return f"{self.unit} {self.file_name}"
