"""Writes to the registry."""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from gongkai.orgs.models import Column, Region, Unit, UnitAlias, UnitGroup
from gongkai.orgs.registry import RegistrySpec, read_registry


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
    for order, item in enumerate(spec.units):
        unit = _upsert(
            Unit,
            {"name": item.name},
            {
                "full_name": item.full_name,
                "kind": item.kind,
                "group": groups[item.group],
                "order": order,
                "active_from": item.active_from,
                "active_to": item.active_to,
            },
            "名录导入",
            existing=known_units.get(item.name),
        )
        known_units[item.name] = unit
        for alias in (item.full_name, *item.aliases):
            if alias and alias != item.name:
                before = known_aliases.get(alias)
                reason = "名录导入"
                if before is not None and before.unit_id != unit.pk:
                    reason = f"名录导入：别名「{alias}」由 {before.unit.name} 改属 {unit.name}"
                    moved.append(f"{alias}：{before.unit.name} → {unit.name}")
                known_aliases[alias] = _upsert(
                    UnitAlias, {"alias": alias}, {"unit": unit}, reason, existing=before
                )
                alias_count += 1
        for column in item.columns:
            _upsert(
                Column,
                {"unit": unit, "name": column.name},
                {
                    "category": column.category,
                    "active_from": column.active_from,
                    "active_to": column.active_to,
                },
                "名录导入",
                existing=known_columns.get((unit.pk, column.name)),
            )
            column_count += 1
    return RegistryLoadResult(
        region=spec.region,
        groups=len(spec.groups),
        units=len(spec.units),
        columns=column_count,
        aliases=alias_count,
        moved_aliases=tuple(moved),
    )
