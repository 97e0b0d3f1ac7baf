"""Update standards (pure): what a unit must publish, read from versioned YAML data."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from math import ceil
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from gongkai.adapters.definitions import Strict, Text, load_yaml, validate
from gongkai.errors import UserError
from gongkai.periods import MonthSlice, Period

PERIOD_KINDS = ("year", "quarter", "month", "range")
CATEGORY_KEYS = ("news", "disclosure", "key_area", "other")
TABLE_COLUMNS = (
    "seq",
    "unit",
    "news",
    "disclosure",
    "key_area",
    "other",
    "months_not_updated",
    "total",
    "problems",
)


class StandardError(UserError):
    """An update standard file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class CategoryRule:
    category: str
    label: str
    per_year: int | None = None
    per_quarter: int | None = None
    per_month: int | None = None
    per_week: int | None = None
    slow_month_below: int | None = None
    zero_months_reported_from: int | None = None
    shows_months_not_updated: bool = False
    note: str = ""

    def minimum_for(self, period: Period) -> int | None:
        """The least a unit must publish in the period, from the coarsest rule the standard sets.

        A year rule applies to a quarter as a quarter of it, and so on; a period that is not
        made of whole months is prorated by days. Fractions round up: a minimum is met in full.
        """
        months = sum(
            (Fraction(m.covered_days, m.days_in_month) for m in period.months()), Fraction(0)
        )
        for per, months_per_unit in (
            (self.per_year, 12),
            (self.per_quarter, 3),
            (self.per_month, 1),
        ):
            if per is not None:
                return ceil(per * months / months_per_unit)
        if self.per_week is not None:
            return ceil(Fraction(self.per_week * period.days, 7))
        return None

    def slow_threshold(self, month: MonthSlice) -> int | None:
        """Below this many items a month counts as 更新迟缓 (prorated for a partly covered month)."""
        if self.slow_month_below is None:
            return None
        return ceil(Fraction(self.slow_month_below * month.covered_days, month.days_in_month))


@dataclass(frozen=True)
class Wording:
    prefix_by_kind: Mapping[str, str] = field(default_factory=lambda: {"乡镇/街道": "乡镇"})
    default_prefix: str = "部门"
    below_total: str = "{label}更新量不达标"
    zero_months: str = "{label}累计{count}个月未更新"
    slow_months: str = "部分月份更新迟缓"
    months_not_updated: str = "{months}月份未更新"
    months_not_updated_multi_year: str = "{months}未更新"
    below_total_fix: str = "{period}{label}应不少于{required}条，实际{actual}条，尚差{gap}条"
    zero_months_fix: str = "{label}应每月更新，{months}无更新"
    slow_months_fix: str = "每月更新量应达到标准：{details}"
    none: str = "——"
    absent: str = "_"
    numbered: str = "{number}、{text}"
    headers: Mapping[str, str] = field(
        default_factory=lambda: {
            "seq": "序号",
            "unit": "单位名称",
            "months_not_updated": "更新情况",
            "total": "合计",
            "problems": "总体情况",
        }
    )
    group_titles: Mapping[str, str] = field(default_factory=dict)
    title: str = "{period}{group}网站信息公开工作统计表"

    def prefix(self, kind: str) -> str:
        return self.prefix_by_kind.get(kind, self.default_prefix)


@dataclass(frozen=True)
class Standard:
    name: str
    year: int
    title: str
    categories: tuple[CategoryRule, ...]
    columns: tuple[str, ...]
    wording: Wording
    notes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    category_labels_by_prefix: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # Which kinds of period the standard is written for: year, quarter, month, range.
    applies_to: tuple[str, ...] = PERIOD_KINDS

    def rule(self, category: str) -> CategoryRule | None:
        return next((r for r in self.categories if r.category == category), None)

    def label(self, category: str, prefix: str) -> str:
        """The column label for a unit kind's prefix, e.g. 部门动态 / 乡镇动态."""
        special = self.category_labels_by_prefix.get(prefix, {}).get(category)
        if special:
            return special
        rule = self.rule(category)
        return (rule.label if rule else category).format(prefix=prefix)


_Count = Annotated[int, Field(ge=0, le=100_000, strict=True)]
_Line = Annotated[Text, StringConstraints(max_length=2000)]


class _CategoryModel(Strict):
    label: _Line | None = None
    per_year: _Count | None = None
    per_quarter: _Count | None = None
    per_month: _Count | None = None
    per_week: _Count | None = None
    slow_month_below: _Count | None = None
    zero_months_reported_from: _Count | None = None
    shows_months_not_updated: bool = False
    note: _Line | None = None


class _WordingModel(Strict):
    prefix_by_kind: dict[_Line, _Line] | None = None
    default_prefix: _Line | None = None
    below_total: _Line | None = None
    zero_months: _Line | None = None
    slow_months: _Line | None = None
    months_not_updated: _Line | None = None
    months_not_updated_multi_year: _Line | None = None
    below_total_fix: _Line | None = None
    zero_months_fix: _Line | None = None
    slow_months_fix: _Line | None = None
    none: _Line | None = None
    absent: _Line | None = None
    numbered: _Line | None = None
    headers: dict[Literal[TABLE_COLUMNS], _Line] | None = None
    group_titles: dict[_Line, _Line] | None = None
    title: _Line | None = None


class _StandardModel(Strict):
    """The shape of an update-standard file; `parse_standard` builds the rules from it."""

    name: Annotated[Text, StringConstraints(min_length=1, max_length=64)]
    year: Annotated[int, Field(ge=1949, le=2100)]
    title: Annotated[Text, StringConstraints(max_length=200)] | None = None
    applies_to: Literal[PERIOD_KINDS] | list[Literal[PERIOD_KINDS]] | None = None
    columns: list[Literal[TABLE_COLUMNS]]
    categories: dict[Literal[CATEGORY_KEYS], _CategoryModel | None] | None
    wording: _WordingModel | None = None
    notes: dict[_Line, list[_Line] | None] | None = None
    category_labels_by_prefix: dict[_Line, dict[Literal[CATEGORY_KEYS], _Line]] | None = None


def _int_or_none(data: Mapping, key: str, where: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise StandardError(f"{where}.{key}: 应为非负整数，而不是 {value!r}")
    return value


def parse_standard(text: str, source: str) -> Standard:
    data = load_yaml(text, source, error=StandardError)
    if not isinstance(data, dict):
        raise StandardError(f"{source}: 应为映射")
    for key in ("name", "year", "categories", "columns"):
        if key not in data:
            raise StandardError(f"{source}: 缺少 {key}")
    validate(_StandardModel, data, source, StandardError)
    categories = []
    for key, raw in (data["categories"] or {}).items():
        where = f"{source}: categories.{key}"
        if key not in CATEGORY_KEYS:
            raise StandardError(f"{where}: 类别应为 {', '.join(CATEGORY_KEYS)} 之一")
        raw = raw or {}
        categories.append(
            CategoryRule(
                category=key,
                label=str(raw.get("label", "{prefix}" + key)),
                per_year=_int_or_none(raw, "per_year", where),
                per_quarter=_int_or_none(raw, "per_quarter", where),
                per_month=_int_or_none(raw, "per_month", where),
                per_week=_int_or_none(raw, "per_week", where),
                slow_month_below=_int_or_none(raw, "slow_month_below", where),
                zero_months_reported_from=_int_or_none(raw, "zero_months_reported_from", where),
                shows_months_not_updated=bool(raw.get("shows_months_not_updated", False)),
                note=str(raw.get("note", "")),
            )
        )
    columns = tuple(data["columns"])
    for column in columns:
        if column not in TABLE_COLUMNS:
            raise StandardError(
                f"{source}: columns 中的「{column}」无效，应为 {', '.join(TABLE_COLUMNS)} 之一"
            )
    wording_data = data.get("wording") or {}
    defaults = Wording()
    known = set(Wording.__dataclass_fields__)
    unknown = set(wording_data) - known
    if unknown:
        raise StandardError(f"{source}: wording 中有未知的键：{', '.join(sorted(unknown))}")
    wording = Wording(
        **{
            **{k: getattr(defaults, k) for k in known},
            **wording_data,
            "headers": {**defaults.headers, **(wording_data.get("headers") or {})},
        }
    )
    notes = {str(k): tuple(v or ()) for k, v in (data.get("notes") or {}).items()}
    try:
        year = int(data["year"])
    except (TypeError, ValueError) as exc:
        raise StandardError(f"{source}: year 应为年份") from exc
    return Standard(
        name=str(data["name"]),
        year=year,
        title=str(data.get("title", data["name"])),
        categories=tuple(categories),
        columns=columns,
        wording=wording,
        notes=notes,
        category_labels_by_prefix=data.get("category_labels_by_prefix") or {},
        applies_to=_applies_to(data.get("applies_to"), source),
    )


def _applies_to(raw: object, source: str) -> tuple[str, ...]:
    if raw is None:
        return PERIOD_KINDS
    kinds = tuple(raw) if isinstance(raw, list) else (raw,)
    for kind in kinds:
        if kind not in PERIOD_KINDS:
            raise StandardError(f"{source}: applies_to 应为 {', '.join(PERIOD_KINDS)} 中的值")
    return kinds
