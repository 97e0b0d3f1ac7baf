"""Assessment schemes as data (pure): an indicator tree, vetoes, bonus items, groups and grades.

A scheme is YAML, versioned by name and year. Each leaf indicator is either automatic (a rule over a
metric or over Findings of some kinds) or manual (a score entered with evidence and a reviewer).
"""

import fnmatch
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, Field, StringConstraints

from gongkai.adapters.definitions import Strict, Text, load_yaml, validate
from gongkai.assessment.ranking import COMPETITION, SEQUENTIAL, GradeBand
from gongkai.errors import UserError

RULE_KINDS = ("deduct", "linear", "thresholds", "manual")
# How a manual indicator nobody has scored yet counts: left out with the maximum rescaled
# (the default), as full marks, or as zero. Any of them makes a run provisional.
PENDING_EXCLUDED, PENDING_FULL, PENDING_ZERO = "excluded", "full", "zero"
PENDING_CHOICES = (PENDING_EXCLUDED, PENDING_FULL, PENDING_ZERO)
MISSING_MANUAL = (PENDING_FULL, PENDING_ZERO, PENDING_EXCLUDED)
PENDING_LABELS = {
    PENDING_EXCLUDED: "不计入（满分按其余指标折算）",
    PENDING_FULL: "暂按满分计",
    PENDING_ZERO: "暂按0分计",
}


class SchemeError(UserError):
    """A scheme file that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class Threshold:
    minimum: Decimal
    points: Decimal


@dataclass(frozen=True)
class Rule:
    kind: str  # one of RULE_KINDS
    metric: str = ""
    findings: tuple[str, ...] = ()  # Finding kind patterns, e.g. "foi.overdue.*"
    per: Decimal = Decimal(0)  # points deducted per unit of the metric or per Finding
    target: Decimal | None = None  # linear: the value that earns full points
    target_metric: str = ""  # linear: or a metric that holds the target (e.g. the standard)
    thresholds: tuple[Threshold, ...] = ()
    missing: str = ""  # manual: what an indicator nobody scored counts as ("" = the scheme's)
    # A metric saying the unit was watched in the period (e.g. its site was crawled); a unit
    # without it is scored by hand, as a manual indicator, instead of being given full points.
    observed: str = ""

    def matches(self, kind: str) -> bool:
        return any(fnmatch.fnmatchcase(kind, pattern) for pattern in self.findings)


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    points: Decimal
    rule: Rule | None = None  # None for a parent
    children: tuple["Indicator", ...] = ()
    how_to_fix: str = ""

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def leaves(self) -> list["Indicator"]:
        if self.is_leaf:
            return [self]
        return [leaf for child in self.children for leaf in child.leaves()]


@dataclass(frozen=True)
class Veto:
    code: str
    name: str
    findings: tuple[str, ...] = ()  # empty: entered by hand

    def matches(self, kind: str) -> bool:
        return any(fnmatch.fnmatchcase(kind, pattern) for pattern in self.findings)


@dataclass(frozen=True)
class BonusItem:
    code: str
    name: str
    points: Decimal  # per occurrence entered by hand


@dataclass(frozen=True)
class Scheme:
    name: str
    year: int
    title: str
    period: str  # year | quarter
    standard: str  # the update standard behind the publishing metrics ("" = the period's own)
    indicators: tuple[Indicator, ...]
    groups: tuple[str, ...] = ()
    ranking: str = SEQUENTIAL
    grades: tuple[GradeBand, ...] = ()
    veto_grade: str = "不合格"
    vetoes: tuple[Veto, ...] = ()
    bonus_items: tuple[BonusItem, ...] = ()
    bonus_cap: Decimal = Decimal(0)
    bands: tuple[Decimal, ...] = (Decimal(90), Decimal(80), Decimal(60))
    group_titles: Mapping[str, str] = field(default_factory=dict)
    pending: str = PENDING_EXCLUDED  # how unscored manual indicators count (PENDING_CHOICES)

    def pending_rule(self, indicator: "Indicator") -> str:
        rule = indicator.rule
        return (rule.missing if rule and rule.missing else "") or self.pending

    @property
    def max_points(self) -> Decimal:
        return sum((i.points for i in self.indicators), Decimal(0))

    def leaves(self) -> list[Indicator]:
        return [leaf for indicator in self.indicators for leaf in indicator.leaves()]

    def leaf(self, code: str) -> Indicator | None:
        return next((i for i in self.leaves() if i.code == code), None)

    def manual_codes(self) -> set[str]:
        """Codes a person may enter a value for: manual indicators, manual vetoes, bonus items."""
        return (
            {
                i.code
                for i in self.leaves()
                if i.rule and (i.rule.kind == "manual" or i.rule.observed)
            }
            | {v.code for v in self.vetoes if not v.findings}
            | {b.code for b in self.bonus_items}
        )

    def metrics(self) -> set[str]:
        names = set()
        for leaf in self.leaves():
            if leaf.rule and leaf.rule.metric:
                names.add(leaf.rule.metric)
            if leaf.rule and leaf.rule.target_metric:
                names.add(leaf.rule.target_metric)
            if leaf.rule and leaf.rule.observed:
                names.add(leaf.rule.observed)
        return names


def _not_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError("不能为负数")
    return value


_Points = Annotated[
    Decimal, Field(allow_inf_nan=False, le=Decimal(100_000)), AfterValidator(_not_negative)
]
_Code = Annotated[Text, StringConstraints(min_length=1, max_length=16)]
_Name = Annotated[Text, StringConstraints(min_length=1, max_length=200)]
_Words = Annotated[Text, StringConstraints(max_length=2000)]
_Patterns = _Words | list[_Words]


class _ThresholdModel(Strict):
    min: _Points
    points: _Points


class _RuleModel(Strict):
    kind: Literal[RULE_KINDS]
    metric: _Words | None = None
    findings: _Patterns | None = None
    per: _Points | None = None
    target: _Points | None = None
    target_metric: _Words | None = None
    thresholds: list[_ThresholdModel] | None = None
    missing: Literal[MISSING_MANUAL] | None = None
    observed: _Words | None = None


class _IndicatorModel(Strict):
    code: _Code
    name: _Name
    points: _Points
    rule: _RuleModel | None = None
    children: Optional[list["_IndicatorModel"]] = None  # noqa: UP045 (a forward reference)
    how_to_fix: _Words | None = None


class _VetoModel(Strict):
    code: _Code
    name: _Name
    findings: _Patterns | None = None


class _BonusItemModel(Strict):
    code: _Code
    name: _Name
    points: _Points


class _BonusModel(Strict):
    cap: _Points | None = None
    items: list[_BonusItemModel] | None = None


class _GradeModel(Strict):
    name: Annotated[Text, StringConstraints(min_length=1, max_length=16)]
    min: _Points


class _SchemeModel(Strict):
    """The shape of a scheme file; `parse_scheme` then checks sums, codes and rule parameters."""

    name: Annotated[Text, StringConstraints(min_length=1, max_length=64)]
    year: Annotated[int, Field(ge=1949, le=2100)]
    title: _Name
    period: Literal["year", "quarter"] | None = None
    standard: Annotated[Text, StringConstraints(max_length=64)] | None = None
    groups: list[Annotated[Text, StringConstraints(min_length=1, max_length=32)]] | None = None
    group_titles: dict[_Words, _Words] | None = None
    ranking: Literal[SEQUENTIAL, COMPETITION] | None = None
    grades: list[_GradeModel] | None = None
    veto_grade: Annotated[Text, StringConstraints(min_length=1, max_length=16)] | None = None
    bands: list[_Points] | None = None
    indicators: list[_IndicatorModel]
    vetoes: list[_VetoModel] | None = None
    bonus: _BonusModel | None = None
    pending: Literal[PENDING_CHOICES] | None = None


def parse_scheme(text: str, source: str = "方案") -> Scheme:
    data = load_yaml(text, source, error=SchemeError)
    if not isinstance(data, dict):
        raise SchemeError(f"{source}: 应为键值结构")
    if not isinstance(data.get("indicators"), list) or not data["indicators"]:
        raise SchemeError(f"{source}: indicators 应为非空列表")
    validate(_SchemeModel, data, source, SchemeError)
    where = _Where(source)
    indicators = tuple(
        _indicator(raw, where.at(f"indicators[{i}]"))
        for i, raw in enumerate(where.required_list(data, "indicators"))
    )
    codes = [leaf.code for ind in indicators for leaf in ind.leaves()]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise SchemeError(f"{source}: 指标编号重复：{'、'.join(duplicates)}")
    grades = tuple(
        GradeBand(str(g["name"]), where.decimal(g, "min"))
        for g in sorted(data.get("grades") or [], key=lambda g: -Decimal(str(g.get("min", 0))))
    )
    ranking = str(data.get("ranking", SEQUENTIAL))
    if ranking not in (SEQUENTIAL, COMPETITION):
        raise SchemeError(f"{source}: ranking 应为 {SEQUENTIAL} 或 {COMPETITION}")
    period = str(data.get("period", "year"))
    if period not in ("year", "quarter"):
        raise SchemeError(f"{source}: period 应为 year 或 quarter")
    bonus = data.get("bonus") or {}
    scheme = Scheme(
        name=where.required_str(data, "name"),
        year=where.integer(data, "year"),
        title=where.required_str(data, "title"),
        period=period,
        standard=str(data.get("standard") or ""),
        indicators=indicators,
        groups=tuple(str(g) for g in data.get("groups") or ()),
        ranking=ranking,
        grades=grades,
        veto_grade=str(data.get("veto_grade", "不合格")),
        vetoes=tuple(
            Veto(str(v["code"]), str(v["name"]), _patterns(v.get("findings")))
            for v in data.get("vetoes") or ()
        ),
        bonus_items=tuple(
            BonusItem(str(b["code"]), str(b["name"]), where.decimal(b, "points"))
            for b in bonus.get("items") or ()
        ),
        bonus_cap=Decimal(str(bonus.get("cap", 0))),
        bands=tuple(Decimal(str(b)) for b in data.get("bands") or (90, 80, 60)),
        group_titles={str(k): str(v) for k, v in (data.get("group_titles") or {}).items()},
        pending=str(data.get("pending") or PENDING_EXCLUDED),
    )
    return scheme


def _patterns(raw: object) -> tuple[str, ...]:
    if not raw:
        return ()
    return tuple(str(p) for p in raw) if isinstance(raw, list) else (str(raw),)


class _Where:
    """Field access that names the file and the field in every error."""

    def __init__(self, source: str, path: str = ""):
        self.source, self.path = source, path

    def at(self, path: str) -> "_Where":
        return _Where(self.source, f"{self.path}.{path}" if self.path else path)

    def _name(self, key: str) -> str:
        return f"{self.source}: {self.path + '.' if self.path else ''}{key}"

    def required_str(self, data: Mapping, key: str) -> str:
        value = data.get(key)
        if value in (None, ""):
            raise SchemeError(f"{self._name(key)} 不能为空")
        return str(value)

    def required_list(self, data: Mapping, key: str) -> Sequence:
        value = data.get(key)
        if not isinstance(value, list) or not value:
            raise SchemeError(f"{self._name(key)} 应为非空列表")
        return value

    def decimal(self, data: Mapping, key: str) -> Decimal:
        try:
            value = Decimal(str(data[key]))
        except (KeyError, InvalidOperation):
            raise SchemeError(f"{self._name(key)} 应为数字") from None
        if value < 0:
            raise SchemeError(f"{self._name(key)} 不能为负数")
        return value

    def integer(self, data: Mapping, key: str) -> int:
        try:
            return int(data[key])
        except (KeyError, TypeError, ValueError):
            raise SchemeError(f"{self._name(key)} 应为整数") from None


def _indicator(raw: object, where: _Where) -> Indicator:
    if not isinstance(raw, dict):
        raise SchemeError(f"{where.source}: {where.path} 应为键值结构")
    code, name = where.required_str(raw, "code"), where.required_str(raw, "name")
    points = where.decimal(raw, "points")
    children = tuple(
        _indicator(child, where.at(f"children[{i}]"))
        for i, child in enumerate(raw.get("children") or ())
    )
    how_to_fix = str(raw.get("how_to_fix") or "")
    if children:
        total = sum((c.points for c in children), Decimal(0))
        if total != points:
            raise SchemeError(
                f"{where.source}: 指标 {code}「{name}」分值 {points} 与下级合计 {total} 不符"
            )
        return Indicator(code, name, points, None, children, how_to_fix)
    return Indicator(code, name, points, _rule(raw.get("rule"), where.at("rule")), (), how_to_fix)


def _rule(raw: object, where: _Where) -> Rule:
    if not isinstance(raw, dict):
        raise SchemeError(f"{where.source}: {where.path} 应为键值结构（末级指标须有评分规则）")
    kind = str(raw.get("kind", ""))
    if kind not in RULE_KINDS:
        raise SchemeError(f"{where.source}: {where.path}.kind 应为 {'、'.join(RULE_KINDS)} 之一")
    rule = Rule(
        kind=kind,
        metric=str(raw.get("metric") or ""),
        findings=_patterns(raw.get("findings")),
        per=where.decimal(raw, "per") if "per" in raw else Decimal(0),
        target=where.decimal(raw, "target") if "target" in raw else None,
        target_metric=str(raw.get("target_metric") or ""),
        thresholds=tuple(
            Threshold(where.decimal(t, "min"), where.decimal(t, "points"))
            for t in sorted(raw.get("thresholds") or (), key=lambda t: -Decimal(str(t["min"])))
        ),
        missing=str(raw.get("missing") or ""),
        observed=str(raw.get("observed") or ""),
    )
    if kind == "deduct" and (bool(rule.metric) == bool(rule.findings) or not rule.per):
        raise SchemeError(
            f"{where.source}: {where.path} 扣分规则需要 per 及 metric 或 findings 之一"
        )
    if kind == "linear" and (not rule.metric or (rule.target is None and not rule.target_metric)):
        raise SchemeError(
            f"{where.source}: {where.path} 线性规则需要 metric 及 target/target_metric"
        )
    if kind == "thresholds" and (not rule.metric or not rule.thresholds):
        raise SchemeError(f"{where.source}: {where.path} 分档规则需要 metric 及 thresholds")
    return rule
