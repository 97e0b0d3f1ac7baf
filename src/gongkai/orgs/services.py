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


@transaction.atomic
def load_registry(*, path: Path) -> RegistryLoadResult:
    """Load (or update) a whole registry from a file; loading the same file twice changes nothing."""
    return apply_registry(spec=read_registry(path))


@transaction.atomic
def apply_registry(*, spec: RegistrySpec) -> RegistryLoadResult:
    Region.objects.update_or_create(name=spec.region, defaults={"office_name": spec.office_name})
    groups = {}
    for order, group in enumerate(spec.groups):
        groups[group.name], _ = UnitGroup.objects.update_or_create(
            code=group.code, defaults={"name": group.name, "order": order}
        )
    column_count = alias_count = 0
    for order, item in enumerate(spec.units):
        unit, _ = Unit.objects.update_or_create(
            name=item.name,
            defaults={
                "full_name": item.full_name,
                "kind": item.kind,
                "group": groups[item.group],
                "order": order,
                "active_from": item.active_from,
                "active_to": item.active_to,
            },
        )
        for alias in (item.full_name, *item.aliases):
            if alias and alias != item.name:
                UnitAlias.objects.update_or_create(alias=alias, defaults={"unit": unit})
                alias_count += 1
        for column in item.columns:
            Column.objects.update_or_create(
                unit=unit,
                name=column.name,
                defaults={
                    "category": column.category,
                    "active_from": column.active_from,
                    "active_to": column.active_to,
                },
            )
            column_count += 1
    return RegistryLoadResult(
        region=spec.region,
        groups=len(spec.groups),
        units=len(spec.units),
        columns=column_count,
        aliases=alias_count,
    )
