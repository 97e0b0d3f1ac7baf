"""The registry every other app points at: units, their groups and aliases, columns, accounts."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class UnitKind(models.TextChoices):
    TOWNSHIP = "乡镇/街道", "乡镇/街道"
    COUNTY_DEPARTMENT = "县直部门", "县直部门"
    DISTRICT = "县区", "县区"
    CITY_DEPARTMENT = "市直部门", "市直部门"
    OTHER = "其他", "其他"


class ColumnCategory(models.TextChoices):
    NEWS = "news", "动态/要闻"
    DISCLOSURE = "disclosure", "信息公开"
    KEY_AREA = "key_area", "重点领域"
    OTHER = "other", "其他"


class Region(models.Model):
    """The county or city whose registry this is (one row); its name prefixes unit names."""

    name = models.CharField("地区名称", max_length=64, unique=True)
    office_name = models.CharField("政务公开办所在机关", max_length=128, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "地区"

    def __str__(self) -> str:
        return self.name


class UnitGroup(models.Model):
    """Units ranked and tabulated together (乡镇 vs 县直单位)."""

    code = models.CharField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=64, unique=True)
    order = models.PositiveIntegerField("顺序", default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = verbose_name_plural = "单位分组"

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    name = models.CharField(
        "简称", max_length=64, unique=True, help_text="统计表、通报中使用的名称"
    )
    full_name = models.CharField("全称", max_length=128, blank=True)
    kind = models.CharField("类型", max_length=16, choices=UnitKind.choices)
    group = models.ForeignKey(UnitGroup, on_delete=models.PROTECT, related_name="units")
    order = models.PositiveIntegerField("登记顺序", default=0, help_text="并列时按此顺序排列")
    active_from = models.DateField("启用日期", null=True, blank=True)
    active_to = models.DateField("停用日期", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group__order", "order", "id"]
        verbose_name = verbose_name_plural = "单位"

    def __str__(self) -> str:
        return self.name


class UnitAlias(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField("别名", max_length=128, unique=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "单位别名"

    def __str__(self) -> str:
        return self.alias


class Column(models.Model):
    """A portal column (栏目) owned by a unit, with the category the standards count it under."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="columns")
    name = models.CharField("栏目名称", max_length=128)
    category = models.CharField("类别", max_length=16, choices=ColumnCategory.choices)
    active_from = models.DateField("启用日期", null=True, blank=True)
    active_to = models.DateField("停用日期", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="column_unique_per_unit")
        ]
        verbose_name = verbose_name_plural = "栏目"

    def __str__(self) -> str:
        return f"{self.unit.name} · {self.name}"


class Role(models.TextChoices):
    OFFICE = "office", "政务公开办（全部单位）"
    LEADER = "leader", "领导（只读，全部单位）"
    EVALUATOR = "evaluator", "第三方评估（只读，全部单位）"
    UNIT = "unit", "单位工作人员（仅本单位）"


class Account(models.Model):
    """Which units a login may see: the office sees all, a unit account only its own unit."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gongkai_account"
    )
    role = models.CharField("角色", max_length=16, choices=Role.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "账号权限"

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
