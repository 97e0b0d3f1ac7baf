"""Writes to the registry."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from gongkai.adapters.definitions import MAX_YEAR, MIN_YEAR
from gongkai.errors import UserError, clean_text
from gongkai.orgs.models import Column, Region, Unit, UnitAlias, UnitGroup
from gongkai.orgs.registry import RegistrySpec, read_registry
from gongkai.orgs.selectors import check_office


@dataclass(frozen=True)
class RegistryLoadResult:
    region: str
    groups: int
    units: int
    columns: int
    aliases: int
    moved_aliases: tuple[str, ...] = ()  # "别名：原单位 → 新单位", said aloud, kept in history


_MISSING = object()


def _upsert(model, lookup: dict, values: dict, reason: str = "", existing=_MISSING):
    """Create, or change only what differs: an unchanged record is not saved, so reloading the
    same registry adds no history rows (`update_or_create` saves, and records, every time).
    `existing`: the record already read for `lookup` (None: there is none), saving a query."""
    record = model.objects.filter(**lookup).first() if existing is _MISSING else existing
    if record is None:
        record = model(**lookup, **values)
    elif all(getattr(record, name) == value for name, value in values.items()):
        return record
    else:
        for name, value in values.items():
            setattr(record, name, value)
    if reason:
        record._change_reason = reason
    record.save()
    return record


def _create_with_history(model, records: list) -> list:
    """New records in a few statements, each with its history row ("名录导入"): a county's
    registry is ~300 records, a province's ~15,000 (two statements a record otherwise)."""
    if not records:
        return []
    return bulk_create_with_history(records, model, default_change_reason="名录导入")


@transaction.atomic
def load_registry(*, path: Path) -> RegistryLoadResult:
    """Load (or update) a whole registry from a file; loading the same file twice changes nothing."""
    return apply_registry(spec=read_registry(path))


@transaction.atomic
def apply_registry(*, spec: RegistrySpec) -> RegistryLoadResult:
    _upsert(Region, {"name": spec.region}, {"office_name": spec.office_name}, "名录导入")
    # Everything the registry may touch, read once: a county's registry is a few hundred rows.
    known_groups = {g.code: g for g in UnitGroup.objects.all()}
    known_units = {u.name: u for u in Unit.objects.all()}
    known_aliases = {a.alias: a for a in UnitAlias.objects.select_related("unit")}
    known_columns = {(c.unit_id, c.name): c for c in Column.objects.all()}
    groups = {}
    for order, group in enumerate(spec.groups):
        groups[group.name] = _upsert(
            UnitGroup,
            {"code": group.code},
            {"name": group.name, "order": order},
            "名录导入",
            existing=known_groups.get(group.code),
        )
    column_count = alias_count = 0
    moved = []
    new_units = []
    for order, item in enumerate(spec.units):
        values = {
            "full_name": item.full_name,
            "kind": item.kind,
            "group": groups[item.group],
            "order": order,
            "active_from": item.active_from,
            "active_to": item.active_to,
        }
        existing = known_units.get(item.name)
        if existing is None:
            new_units.append(Unit(name=item.name, **values))
        else:
            _upsert(Unit, {"name": item.name}, values, "名录导入", existing=existing)
    known_units.update((unit.name, unit) for unit in _create_with_history(Unit, new_units))
    new_aliases: dict[str, UnitAlias] = {}
    new_columns: dict[tuple[int, str], Column] = {}
    for item in spec.units:
        unit = known_units[item.name]
        for alias in (item.full_name, *item.aliases):
            if alias and alias != item.name:
                before = known_aliases.get(alias)
                alias_count += 1
                if before is None:
                    new_aliases[alias] = UnitAlias(alias=alias, unit=unit)
                    continue
                reason = "名录导入"
                if before.unit_id != unit.pk:
                    reason = f"名录导入：别名「{alias}」由 {before.unit.name} 改属 {unit.name}"
                    moved.append(f"{alias}：{before.unit.name} → {unit.name}")
                _upsert(UnitAlias, {"alias": alias}, {"unit": unit}, reason, existing=before)
        for column in item.columns:
            values = {
                "category": column.category,
                "active_from": column.active_from,
                "active_to": column.active_to,
            }
            column_count += 1
            existing = known_columns.get((unit.pk, column.name))
            if existing is None:  # a later line for the same column wins, as it always did
                new_columns[(unit.pk, column.name)] = Column(unit=unit, name=column.name, **values)
            else:
                _upsert(Column, {"unit": unit, "name": column.name}, values, "名录导入", existing)
    _create_with_history(UnitAlias, list(new_aliases.values()))
    _create_with_history(Column, list(new_columns.values()))
    return RegistryLoadResult(
        region=spec.region,
        groups=len(spec.groups),
        units=len(spec.units),
        columns=column_count,
        aliases=alias_count,
        moved_aliases=tuple(moved),
    )


# Single edits from the office's pages ---------------------------------------------------------


class RegistryEditError(UserError):
    """A unit or column edit that cannot be kept; the message names the field."""


@dataclass(frozen=True)
class UnitFields:
    name: str
    full_name: str
    kind: str
    group_id: int
    order: int
    active_from: date | None
    active_to: date | None
    aliases: tuple[str, ...] = ()


@transaction.atomic
def save_unit(*, fields: UnitFields, unit: Unit | None = None, actor=None) -> Unit:
    """Create or change one unit and its aliases (the office's alone). The history records who;
    a later registry load from YAML updates what its file names."""
    check_office(actor)
    name = clean_text(fields.name, label="简称", max_length=64, error=RegistryEditError)
    if not name:
        raise RegistryEditError("简称不能为空")
    _check_period(fields.active_from, fields.active_to)
    others = Unit.objects.exclude(pk=unit.pk if unit else None)
    if (
        others.filter(name=name).exists()
        or UnitAlias.objects.filter(alias=name).exclude(unit=unit).exists()
    ):
        raise RegistryEditError(f"简称「{name}」已是另一个单位的名称或别名")
    aliases = _clean_aliases(fields.aliases, name, unit)
    record = unit or Unit()
    record.name = name
    record.full_name = clean_text(
        fields.full_name, label="全称", max_length=128, error=RegistryEditError
    )
    record.kind = fields.kind
    record.group_id = fields.group_id
    record.order = fields.order
    record.active_from, record.active_to = fields.active_from, fields.active_to
    record._change_reason = "网页编辑"
    record.save()
    for alias in UnitAlias.objects.filter(unit=record).exclude(alias__in=aliases):
        alias._change_reason = "网页编辑"
        alias.delete()
    for alias in aliases:
        UnitAlias.objects.get_or_create(unit=record, alias=alias)
    return record


def _clean_aliases(aliases: tuple[str, ...], name: str, unit: Unit | None) -> list[str]:
    cleaned = []
    for alias in aliases:
        text = clean_text(alias, label="别名", max_length=128, error=RegistryEditError)
        if not text or text == name or text in cleaned:
            continue
        taken = UnitAlias.objects.filter(alias=text).exclude(unit=unit).select_related("unit")
        owner = taken.first()
        if owner is not None:
            raise RegistryEditError(f"别名「{text}」已属于「{owner.unit.name}」")
        if Unit.objects.filter(name=text).exclude(pk=unit.pk if unit else None).exists():
            raise RegistryEditError(f"别名「{text}」是另一个单位的简称")
        cleaned.append(text)
    return cleaned


@transaction.atomic
def save_column(
    *,
    unit: Unit,
    name: str,
    category: str,
    active_from: date | None = None,
    active_to: date | None = None,
    column: Column | None = None,
    actor=None,
) -> Column:
    """Create or change one column (栏目) of a unit (the office's alone)."""
    check_office(actor)
    text = clean_text(name, label="栏目名称", max_length=128, error=RegistryEditError)
    if not text:
        raise RegistryEditError("栏目名称不能为空")
    _check_period(active_from, active_to)
    same = Column.objects.filter(unit=unit, name=text).exclude(pk=column.pk if column else None)
    if same.exists():
        raise RegistryEditError(f"「{unit.name}」已有栏目「{text}」")
    record = column or Column(unit=unit)
    record.name, record.category = text, category
    record.active_from, record.active_to = active_from, active_to
    record._change_reason = "网页编辑"
    record.save()
    return record


def _check_period(start: date | None, end: date | None) -> None:
    for day, label in ((start, "启用日期"), (end, "停用日期")):
        if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
            raise RegistryEditError(f"{label}应在 {MIN_YEAR} 年至 {MAX_YEAR} 年之间")
    if start and end and end < start:
        raise RegistryEditError("停用日期不能早于启用日期")
