"""Reading a registry file (YAML): a whole county's units, groups, aliases and columns.

Pure parsing and validation; `services.load_registry` writes the result.
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import StringConstraints

from gongkai.adapters.definitions import Day, Strict, Text, load_yaml, read_text, validate
from gongkai.errors import UserError

KINDS = ("乡镇/街道", "县直部门", "县区", "市直部门", "其他")
CATEGORIES = ("news", "disclosure", "key_area", "other")


class RegistryError(UserError):
    """A registry file that cannot be loaded; the message names the file and the entry."""


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    category: str
    active_from: date | None = None
    active_to: date | None = None


@dataclass(frozen=True)
class UnitSpec:
    name: str
    kind: str
    group: str
    full_name: str = ""
    aliases: tuple[str, ...] = ()
    columns: tuple[ColumnSpec, ...] = ()
    active_from: date | None = None
    active_to: date | None = None


@dataclass(frozen=True)
class GroupSpec:
    code: str
    name: str


@dataclass
class RegistrySpec:
    region: str
    office_name: str
    groups: list[GroupSpec] = field(default_factory=list)
    units: list[UnitSpec] = field(default_factory=list)


def _date(value: object, where: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise RegistryError(f"{where}: 日期「{value}」应写成 YYYY-MM-DD") from exc


# The longest names the database stores (orgs.models).
MAX_UNIT_NAME, MAX_FULL_NAME, MAX_COLUMN_NAME = 64, 128, 128


def _text(limit: int):
    return Annotated[Text, StringConstraints(strip_whitespace=True, min_length=1, max_length=limit)]


class _Column(Strict):
    name: _text(MAX_COLUMN_NAME)
    category: Literal[CATEGORIES]
    active_from: Day | None = None
    active_to: Day | None = None


class _Period(Strict):
    active_from: Day | None = None
    active_to: Day | None = None


class _Group(Strict):
    code: _text(32)
    name: _text(MAX_UNIT_NAME)
    default_columns: list[_Column] | None = None


class _Unit(Strict):
    name: _text(MAX_UNIT_NAME)
    kind: Literal[KINDS]
    group: _text(MAX_UNIT_NAME)
    full_name: Annotated[Text, StringConstraints(max_length=MAX_FULL_NAME)] | None = None
    aliases: list[_text(MAX_FULL_NAME)] | None = None
    columns: list[_Column] | None = None
    column_overrides: dict[_text(MAX_COLUMN_NAME), _Period | None] | None = None
    active_from: Day | None = None
    active_to: Day | None = None


class _Registry(Strict):
    """The shape of a registry file; `parse_registry` then checks what refers to what."""

    region: _text(64)
    office_name: Annotated[Text, StringConstraints(max_length=128)] | None = None
    groups: list[_Group] | None
    units: list[_Unit] | None


def _check_length(value: str, limit: int, where: str) -> str:
    if len(value) > limit:
        raise RegistryError(f"{where}: 「{value[:20]}…」超过 {limit} 个字")
    return value


def _columns(raw: object, where: str) -> tuple[ColumnSpec, ...]:
    if not isinstance(raw, list):
        raise RegistryError(f"{where}: columns 应为列表")
    columns = []
    for index, item in enumerate(raw):
        here = f"{where}[{index}]"
        if not isinstance(item, dict) or not item.get("name"):
            raise RegistryError(f"{here}: 栏目需要 name")
        category = item.get("category")
        if category not in CATEGORIES:
            raise RegistryError(
                f"{here}: 类别「{category}」无效，应为 {', '.join(CATEGORIES)} 之一"
            )
        columns.append(
            ColumnSpec(
                name=_check_length(str(item["name"]), MAX_COLUMN_NAME, here),
                category=category,
                active_from=_date(item.get("active_from"), f"{here}.active_from"),
                active_to=_date(item.get("active_to"), f"{here}.active_to"),
            )
        )
    return tuple(columns)


def parse_registry(text: str, source: str) -> RegistrySpec:
    """Parse and validate a registry; every error names `source` and the offending entry."""
    data = load_yaml(text, source, error=RegistryError)
    if not isinstance(data, dict):
        raise RegistryError(f"{source}: 应为包含 region、groups、units 的映射")
    for key in ("region", "groups", "units"):
        if key not in data:
            raise RegistryError(f"{source}: 缺少 {key}")
    validate(_Registry, data, source, RegistryError)
    spec = RegistrySpec(region=str(data["region"]), office_name=str(data.get("office_name", "")))
    group_defaults: dict[str, tuple[ColumnSpec, ...]] = {}
    for index, item in enumerate(data["groups"] or []):
        where = f"{source}: groups[{index}]"
        if not isinstance(item, dict) or not item.get("code") or not item.get("name"):
            raise RegistryError(f"{where}: 分组需要 code 和 name")
        spec.groups.append(GroupSpec(code=str(item["code"]), name=str(item["name"])))
        group_defaults[str(item["name"])] = _columns(
            item.get("default_columns", []), f"{where}.default_columns"
        )
    seen: set[str] = set()
    for index, item in enumerate(data["units"] or []):
        where = f"{source}: units[{index}]"
        if not isinstance(item, dict) or not item.get("name"):
            raise RegistryError(f"{where}: 单位需要 name")
        name = _check_length(str(item["name"]), MAX_UNIT_NAME, where)
        where = f"{where}（{name}）"
        for label in (str(item.get("full_name") or ""), *map(str, item.get("aliases") or [])):
            _check_length(label, MAX_FULL_NAME, where)
        if item.get("kind") not in KINDS:
            raise RegistryError(
                f"{where}: 类型「{item.get('kind')}」无效，应为 {'、'.join(KINDS)} 之一"
            )
        if item.get("group") not in group_defaults:
            raise RegistryError(f"{where}: 分组「{item.get('group')}」未在 groups 中定义")
        for label in (name, str(item.get("full_name") or ""), *map(str, item.get("aliases") or [])):
            if label and label in seen:
                raise RegistryError(f"{where}: 名称或别名「{label}」重复")
            seen.add(label)
        columns = group_defaults[item["group"]] + _columns(
            item.get("columns", []), f"{where}.columns"
        )
        overrides = item.get("column_overrides") or {}
        columns = tuple(_override(column, overrides.get(column.name), where) for column in columns)
        spec.units.append(
            UnitSpec(
                name=name,
                kind=item["kind"],
                group=item["group"],
                full_name=str(item.get("full_name") or ""),
                aliases=tuple(str(alias) for alias in item.get("aliases") or []),
                columns=columns,
                active_from=_date(item.get("active_from"), f"{where}.active_from"),
                active_to=_date(item.get("active_to"), f"{where}.active_to"),
            )
        )
    return spec


def _override(column: ColumnSpec, override: object, where: str) -> ColumnSpec:
    """A unit may change the active period of a column it inherits from its group."""
    if not override:
        return column
    if not isinstance(override, dict):
        raise RegistryError(f"{where}.column_overrides.{column.name}: 应为映射")
    return ColumnSpec(
        name=column.name,
        category=column.category,
        active_from=_date(override.get("active_from"), where) or column.active_from,
        active_to=_date(override.get("active_to"), where) or column.active_to,
    )


def read_registry(path: Path) -> RegistrySpec:
    return parse_registry(read_text(path, what="名册 YAML 文件", error=RegistryError), str(path))
